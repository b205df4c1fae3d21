//! Hostile input ends in a located error, never a panic or a stack overflow.

use maal::source::Source;
use proptest::prelude::*;

fn codes(text: &str) -> Vec<&'static str> {
    match maal::check_source(&Source::new("t.maal", text)) {
        Ok(_) => Vec::new(),
        Err(diags) => diags.iter().map(|d| d.code).collect(),
    }
}

const HEADER: &str = "plan \"x\" { periode 2026 }\n";

#[test]
fn ten_thousand_parentheses() {
    let text = format!("{HEADER}mål 1: {}a{} >= 1;", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(codes(&text), vec!["E0002"]);
}

#[test]
fn ten_thousand_pipes_and_nots() {
    let text = format!("{HEADER}mål 1: {}a{} >= 1;", "|".repeat(5_000), "|".repeat(5_000));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: {}a;", "ikke ".repeat(10_000));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: {}a >= 1;", "- ".repeat(10_000));
    assert_eq!(codes(&text), vec!["E0002"]);
}

/// A `|` after `og`, `eller`, `ikke` … opens: nesting built that way is counted
/// (it once reached the parser uncounted and overflowed its stack).
#[test]
fn pipes_after_words_are_counted_as_nesting() {
    let text = format!("{HEADER}mål 1: {}x{};", "a og |".repeat(20_000), "| og y".repeat(20_000));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: {}x{};", "ikke # c\n|".repeat(20_000), "| og y".repeat(20_000));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: z in 1..{}x{};", "|1..".repeat(20_000), "|".repeat(20_000));
    assert!(codes(&text).contains(&"E0002"));
    // Within the limit, the same shapes parse.
    let text = format!("{HEADER}mål 1: {}x{};", "a eller |".repeat(30), "| og y".repeat(30));
    assert!(maal::syntax::parse(&text).is_ok());
}

#[test]
fn long_flat_chains_are_limited() {
    let text = format!("{HEADER}mål 1: {} >= 1;", vec!["a"; 5_000].join(" + "));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: {} >= 1;", vec!["a"; 250].join(" + "));
    assert_eq!(codes(&text), vec!["E0002"]);
    let text = format!("{HEADER}mål 1: {} >= 1;", vec!["a"; 120].join(" + "));
    assert_eq!(codes(&text), Vec::<&str>::new());
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(codes(""), vec!["E0004"]);
    assert_eq!(codes("  \n\t\n"), vec!["E0004"]);
}

#[test]
fn one_megabyte_line() {
    let text = format!("{HEADER}mål 1: {} >= 1;", "x".repeat(1 << 20));
    assert_eq!(codes(&text), Vec::<&str>::new());
    let text = format!("{HEADER}{}", "§".repeat(1 << 20));
    assert_eq!(codes(&text), vec!["E0001"]);
}

#[test]
fn random_bytes_file() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    match maal::decode_source("r.bin", &bytes) {
        Err((_, d)) => assert_eq!(d.code, "E0007"),
        Ok(s) => assert!(maal::check_source(&s).is_err()),
    }
}

#[test]
fn design_card_line_parses_and_means_any() {
    let text = format!("{HEADER}mål 7:\n  delmål a: |grundbudget - realiseret| <= 2.0 mio;\n  delmål b: |budget_uo2 - realiseret| <= 1.0 mio; mål: any(a, b)");
    let checked = maal::check_source(&Source::new("t.maal", text)).unwrap();
    let goal = &checked.file.goals[0];
    let combine = goal.stmts.iter().find_map(|s| match s {
        maal::syntax::ast::Stmt::Combine(e) => Some(e),
        _ => None,
    });
    assert!(matches!(combine.map(|e| &e.kind), Some(maal::syntax::ast::ExprKind::Call(c, args))
        if c.value == maal::syntax::ast::Combinator::Any && args.len() == 2));
}

/// Checks `text` and asserts what every failure must be: diagnostics each
/// with a code and a span inside the text.
fn check_located(source: &Source) -> Result<(), TestCaseError> {
    if let Err(diagnostics) = maal::check_source(source) {
        prop_assert!(!diagnostics.is_empty());
        for d in &diagnostics {
            prop_assert!(!d.code.is_empty(), "a diagnostic without a code: {d:?}");
            let span =
                d.span.ok_or_else(|| TestCaseError::fail(format!("{} has no span in {:?}", d.code, source.text)))?;
            prop_assert!(span.start <= span.end && span.end <= source.text.len(), "{} points outside the text", d.code);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check_located(&Source::new("t.maal", format!("{HEADER}{text}")))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        match maal::decode_source("b", &bytes) {
            Ok(source) => check_located(&source)?,
            Err((partial, d)) => prop_assert!(d.span.is_some_and(|s| s.end <= partial.text.len())),
        }
    }

    #[test]
    fn goal_shaped_noise_never_panics(body in "[a-zæøå0-9|()<>=+*/ ,.;:-]{0,120}") {
        check_located(&Source::new("t.maal", format!("{HEADER}mål 1: {body}")))?;
    }
}

#[test]
fn deep_and_long_rules_evaluate_without_overflow() {
    use maal::facts::Facts;
    let chain = vec!["a"; 120].join(" + ");
    let nested = format!("{}a{}", "(".repeat(60), ")".repeat(60));
    let text = format!(
        "{HEADER}mål 1: frist ultimo 2026; {chain} >= 1;\nmål 2: frist ultimo 2026; {nested} * {nested} >= 4;\n"
    );
    let plan = maal::Plan::compile("t.maal", &text).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let e = plan.evaluate(&Facts::from_toml("a = 2").unwrap(), as_of).unwrap();
    // 120 × 2 >= 1 and 2 × 2 >= 4: both met.
    assert!(e.errors.is_empty(), "{:?}", e.errors);
    assert!(e.goals.iter().all(|g| g.status == maal::eval::Status::Met));
}

/// Every limit an embedder can set gives a clear, coded error when crossed.
#[test]
fn every_limit_is_configurable_with_a_clear_error() {
    use maal::syntax::Limits;
    let plan = format!("{HEADER}mål 1: ((a)) >= 12345;\nmål 2: b;\nmål 3: c;\n");
    assert!(maal::Plan::compile("t.maal", &plan).is_ok());
    let cases = [
        (Limits { max_source_bytes: 40, ..Limits::default() }, "E0003", "source"),
        (Limits { max_depth: 1, ..Limits::default() }, "E0002", "nesting"),
        (Limits { max_goals: 2, ..Limits::default() }, "E0003", "goals"),
        (Limits { max_number_len: 4, ..Limits::default() }, "E0006", "number"),
    ];
    for (limits, code, what) in cases {
        let err = maal::Plan::compile_with("t.maal", &plan, &limits).unwrap_err();
        assert_eq!(err.diagnostics[0].code, code, "{what}: {}", err.render(maal::diag::Lang::En));
        assert!(err.diagnostics[0].span.is_some(), "{what}: the error has a place");
    }
}

/// Walkers move to a fresh stack segment when the caller's runs low, even on
/// a small thread and with the nesting limits relaxed far past the defaults.
#[test]
fn deep_nesting_compiles_and_formats_on_a_small_stack() {
    use maal::syntax::Limits;
    let limits = Limits { max_depth: 3000, max_expr_depth: 10_000, max_chain: 10_000, ..Limits::default() };
    let nested = format!("{}a{}", "(".repeat(2500), ")".repeat(2500));
    let negated = format!("{}b", "ikke ".repeat(1000));
    let absolute = format!("{}a{}", "|".repeat(1000), "|".repeat(1000));
    let combined = format!("{}any(x, y)", "ikke ".repeat(1000));
    let text = format!(
        "{HEADER}mål 1: frist ultimo 2026; {nested} >= 1;\nmål 2: frist ultimo 2026; {negated};\nmål 3: {absolute} >= 1;\n\
         mål 4: frist ultimo 2026; delmål x: b; delmål y: b; mål: {combined};\n"
    );
    let worker = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || {
        let plan = maal::Plan::compile_with("t.maal", &text, &limits).map_err(|e| e.render(maal::diag::Lang::En))?;
        let file = maal::syntax::parse_with(&text, &limits).map_err(|_| "parse failed".to_string())?;
        let formatted = maal::syntax::format::format(&file, &text);
        // Evaluation, explaining and fast, moves to a larger stack for trees this deep.
        let facts = maal::Facts::from_json(r#"{"a": 3, "b": true}"#).map_err(|e| e.to_string())?;
        let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let result = plan.evaluate(&facts, as_of).map_err(|e| e.to_string())?;
        let statuses: Vec<_> = result.goals.iter().map(|g| g.status).collect();
        let mut outcome = Default::default();
        plan.outcome_into(&plan.bind(&facts).map_err(|e| e.to_string())?, as_of, &mut outcome);
        assert_eq!(outcome.statuses, statuses);
        // The annual report puts every goal's condition and `mål:` line into words.
        let report = maal::render::annual::build(&plan, &result, &[], maal::diag::Lang::Da);
        let words = maal::render::annual::markdown(&report, maal::diag::Lang::Da);
        assert!(words.contains("ikke ikke"), "{}", &words[..words.len().min(400)]);
        Ok::<_, String>((statuses, formatted.len()))
    });
    let (statuses, formatted) = worker.unwrap().join().expect("no stack overflow").unwrap();
    use maal::eval::Status::Met;
    // `ikke` a thousand times (an even number) over a true fact is true.
    assert_eq!(statuses, [Met, Met, Met, Met]);
    assert!(formatted > 10_000);
}

/// Relaxed limits never let an expression tree grow past `MAX_EXPR_DEPTH`,
/// which every later stage (and dropping the tree) relies on.
#[test]
fn expression_depth_past_the_ceiling_is_an_error() {
    use maal::syntax::{Limits, MAX_EXPR_DEPTH};
    let limits =
        Limits { max_depth: usize::MAX, max_expr_depth: usize::MAX, max_chain: usize::MAX, ..Limits::default() };
    for expr in [
        format!("{}b", "ikke ".repeat(MAX_EXPR_DEPTH + 1)),
        format!("{}a >= 1", "-".repeat(MAX_EXPR_DEPTH + 1)),
        format!("{}a >= 1", "a + ".repeat(MAX_EXPR_DEPTH + 1)),
        format!("{}a{} >= 1", "|".repeat(MAX_EXPR_DEPTH + 1), "|".repeat(MAX_EXPR_DEPTH + 1)),
    ] {
        let text = format!("{HEADER}mål 1: {expr};\n");
        let err = maal::Plan::compile_with("t.maal", &text, &limits).unwrap_err();
        assert_eq!(err.diagnostics[0].code, "E0002", "{}", &expr[..20]);
    }
}

/// Relaxed limits never let pest recurse past the stack it is given: nesting is
/// capped at `MAX_NESTING` whatever `max_depth` says, with the usual error.
#[test]
fn nesting_past_the_ceiling_is_an_error_not_an_overflow() {
    use maal::syntax::{Limits, MAX_NESTING};
    let limits =
        Limits { max_depth: usize::MAX, max_expr_depth: usize::MAX, max_chain: usize::MAX, ..Limits::default() };
    let deep = MAX_NESTING + 1;
    let text = format!("{HEADER}mål 1: {}a{} >= 1;\n", "(".repeat(deep), ")".repeat(deep));
    let err = maal::Plan::compile_with("t.maal", &text, &limits).unwrap_err();
    assert_eq!(err.diagnostics[0].code, "E0002");
    assert!(err.render(maal::diag::Lang::En).contains(&format!("more than {MAX_NESTING} levels")));
}

/// `hvert år …:` opens a level like a bracket (its body reaches to the end):
/// a long chain of them is refused by the nesting limit before pest recurses,
/// and under relaxed limits by the written-out-terms budget, never an overflow.
#[test]
fn chained_year_spans_are_nesting_not_an_overflow() {
    use maal::syntax::{Limits, MAX_NESTING};
    let chain = |n: usize| (0..n).map(|i| format!("hvert år 2000..2001: z{i} >= 1")).collect::<Vec<_>>().join(" og ");
    let text = format!("{HEADER}mål 1: {};\n", chain(30_000));
    assert!(text.len() > 1_000_000);
    let err = maal::Plan::compile("t.maal", &text).unwrap_err();
    assert_eq!(err.diagnostics[0].code, "E0002");
    assert!(err.render(maal::diag::Lang::Da).contains("`hvert år …:`"), "{}", err.render(maal::diag::Lang::Da));
    let relaxed = Limits { max_depth: 3000, max_expr_depth: 10_000, max_chain: 10_000, ..Limits::default() };
    let err = maal::Plan::compile_with("t.maal", &format!("{HEADER}mål 1: {};\n", chain(2_000)), &relaxed).unwrap_err();
    assert_eq!(err.diagnostics[0].code, "E0002");
    let limits =
        Limits { max_depth: usize::MAX, max_expr_depth: usize::MAX, max_chain: usize::MAX, ..Limits::default() };
    let err = maal::Plan::compile_with("t.maal", &format!("{HEADER}mål 1: {};\n", chain(MAX_NESTING + 1)), &limits)
        .unwrap_err();
    assert_eq!(err.diagnostics[0].code, "E0002");
}
