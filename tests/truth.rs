//! What maal says a goal needs is true of the rule: every fact whose change
//! is necessary is named (yes/no facts too), facts of closed years are never
//! proposed, and the words join the needs as the goal combines them ("og"
//! for all, "eller" for any). Met the way people meet it: `maal eval
//! --explain`, its JSON, `maal report`, and the REPL's `mangler` through the binary.

mod common;

use std::path::PathBuf;

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("maal-truth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The CPR year-end report with goal 5's yes/no fact `nej` and no AI ideas:
/// both of goal 5's sub-goals fail, one on a yes/no fact.
fn cpr_goal_5_failing() -> PathBuf {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let text = text
        .replace("bidrag_ffl27_dokumenteret = true", "bidrag_ffl27_dokumenteret = false")
        .replace("ai_ideer_bidraget = 3", "ai_ideer_bidraget = 0");
    temp("cpr-5.toml", &text)
}

#[test]
fn a_goal_that_needs_all_its_sub_goals_says_og_and_names_the_yes_no_fact() {
    let facts = cpr_goal_5_failing();
    let facts = facts.to_str().unwrap();
    // The report's draft analysis.
    let (code, report, err) = common::maal(
        &["report", "rules/cpr-2026.maal", "--facts", facts, "--per", "2027-01-15", "--format", "md"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let five = report.lines().find(|l| l.starts_with("**5 ")).unwrap();
    assert!(
        five.contains(
            "For at nå målet skulle ideer til det fælles idékatalog om AI og digitale værktøjer have været \
             mindst 1 (1 mere) for delmål b og bidrag til Statsligt Arbejdsprogram dokumenteret ved FFL27 have \
             været ja for delmål a."
        ),
        "{five}"
    );
    assert!(!five.contains(" eller "), "{five}");
    // --explain lists both, and says how they go together.
    let (_, explain, _) =
        common::maal(&["eval", "rules/cpr-2026.maal", "--facts", facts, "--per", "2027-01-15", "--explain"], None);
    assert!(explain.contains("bidrag_ffl27_dokumenteret (bidrag til Statsligt Arbejdsprogram dokumenteret ved FFL27): ja for delmål a; nu nej"), "{explain}");
    assert!(
        explain.contains("samlet: ai_ideer_bidraget mindst 1 (1 mere) for delmål b og bidrag_ffl27_dokumenteret ja"),
        "{explain}"
    );
    // The JSON: the yes/no fact with its window, neither enough alone.
    let (_, json, _) = common::maal(
        &["eval", "rules/cpr-2026.maal", "--facts", facts, "--per", "2027-01-15", "--format", "json"],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let goal = json["goals"].as_array().unwrap().iter().find(|g| g["id"] == "5").unwrap();
    assert_eq!(goal["combination"], "all");
    let needed = goal["needed"].as_array().unwrap();
    let flag = needed.iter().find(|n| n["fact"] == "bidrag_ffl27_dokumenteret").expect("the yes/no fact is needed");
    assert_eq!(flag["windows"][0]["from"], "true");
    assert_eq!(flag["alone"], false);
    assert_eq!(flag["subgoal"], "a");
    // The REPL on piped input, as `maal repl` runs it.
    let (_, repl, _) =
        common::maal(&["repl", "rules/cpr-2026.maal", "--facts", facts, "--per", "2027-01-15"], Some("mangler 5\n"));
    assert!(repl.contains("bidrag_ffl27_dokumenteret (bidrag til Statsligt Arbejdsprogram dokumenteret ved FFL27): ja for delmål a; nu nej"), "{repl}");
    assert!(repl.contains("ai_ideer_bidraget (ideer til det fælles idékatalog om AI og digitale værktøjer): mindst 1 (1 mere) for delmål b"), "{repl}");
}

#[test]
fn a_goal_met_by_any_sub_goal_says_eller() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let text = text.replace("realiseret = \"42,9 mio. kr.\"", "realiseret = \"48 mio. kr.\"");
    let facts = temp("cpr-7.toml", &text);
    let (_, report, _) = common::maal(
        &["report", "rules/cpr-2026.maal", "--facts", facts.to_str().unwrap(), "--per", "2027-01-15", "--format", "md"],
        None,
    );
    let seven = report.lines().find(|l| l.starts_with("**7 ")).unwrap();
    assert!(seven.contains("For at nå målet skulle "), "{seven}");
    assert!(seven.contains(" eller "), "{seven}");
}

#[test]
fn at_least_n_counts_the_sub_goals_that_hold() {
    let plan = common::plan(
        "plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026;\n  delmål a: x >= 10;\n  delmål b: y >= 10;\n  delmål c: z >= 10;\n  delmål d: w >= 10;\n  mål: atleast(3, a, b, c, d);\n",
    );
    let facts = common::facts("x = 1\ny = 1\nz = 1\nw = 20");
    let evaluation = plan.evaluate_in(&facts, common::date("2027-01-15"), maal::Lang::Da).unwrap();
    let goal = &evaluation.goals[0];
    let phrase = maal::render::words::needs_phrase(goal, &|n| Some(n.fact.clone()), maal::Lang::Da);
    assert_eq!(phrase, "mindst 2 af: x; y; z");
}

#[test]
fn facts_of_closed_years_are_not_proposed() {
    let rules = temp(
        "tilsyn.maal",
        "plan \"Tilsyn 2024\" { periode 2024 }\nmål 1 \"Flere fysiske tilsyn\": frist ultimo 2024;\n  fysiske_tilsyn[2024] > fysiske_tilsyn[2022];\n",
    );
    let facts = temp("tilsyn.toml", "fysiske_tilsyn = { 2022 = 51, 2024 = 40 }\n");
    let (code, out, err) = common::maal(
        &["eval", rules.to_str().unwrap(), "--facts", facts.to_str().unwrap(), "--per", "2025-01-15", "--explain"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("fysiske_tilsyn[2024]: mindst 52 (12 mere); nu 40"), "{out}");
    assert!(!out.contains("    fysiske_tilsyn[2022]: "), "a closed year is history, not a proposal:\n{out}");
}

#[test]
fn a_fact_necessary_with_another_in_its_sub_goal_is_named() {
    // Both facts of sub-goal a fail: neither alone meets it, both are needed.
    let plan = common::plan(
        "plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026;\n  delmål a: x >= 10 og y >= 5;\n  delmål b: ok;\n",
    );
    let facts = common::facts("x = 1\ny = 1\nok = true");
    let evaluation = plan.evaluate_in(&facts, common::date("2027-01-15"), maal::Lang::Da).unwrap();
    let names: Vec<&str> = evaluation.goals[0].needed.iter().map(|n| n.fact.as_str()).collect();
    assert_eq!(names, ["x", "y"]);
    let texts: Vec<String> = evaluation.goals[0].needed.iter().map(|n| n.windows[0].text(maal::Lang::Da)).collect();
    assert_eq!(texts, ["mindst 10 (9 mere)", "mindst 5 (4 mere)"]);
    let phrase = maal::render::words::needs_phrase(&evaluation.goals[0], &|n| Some(n.fact.clone()), maal::Lang::Da);
    assert_eq!(phrase, "x og y");
}

/// Adding the shown scores gives the shown total: the text table, and the
/// weights of the report in Markdown and CSV (read with `;`), with a note
/// where parts were rounded to make it so.
#[test]
fn shown_parts_add_up_to_the_shown_total() {
    let parse = |s: &str| s.trim().replace('.', "").replace(',', ".").parse::<rust_decimal::Decimal>().unwrap();
    let (_, out, _) = common::maal(
        &["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15"],
        None,
    );
    let scores: rust_decimal::Decimal = out
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|l| {
            // The score: the first word of the form 14,29.
            let score = l.split_whitespace().find(|w| {
                w.split_once(',').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && a.chars().all(|c| c.is_ascii_digit())
                        && b.len() == 2
                        && b.chars().all(|c| c.is_ascii_digit())
                })
            });
            parse(score.unwrap_or_else(|| panic!("no score in {l}")))
        })
        .sum();
    let total = out.lines().find_map(|l| l.strip_prefix("Samlet målopfyldelse: ")).unwrap();
    assert_eq!(scores, parse(total.split(" pct.").next().unwrap()), "{out}");
    assert!(out.contains("(delene er afrundet til to decimaler, så de summerer til totalen)"), "{out}");
    for plan in ["cpr-2026", "digst-2024"] {
        let facts =
            if plan == "cpr-2026" { "examples/facts/cpr-2026-år.toml" } else { "examples/facts/digst-2024-år.toml" };
        let (_, csv, _) =
            common::maal(&["report", &format!("rules/{plan}.maal"), "--facts", facts, "--format", "csv"], None);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').flexible(true).from_reader(csv.as_bytes());
        // The goal rows; the total line after them has two fields.
        let weights: rust_decimal::Decimal =
            reader.records().map(|r| r.unwrap()).filter(|r| r.len() == 7).map(|r| parse(&r[3])).sum();
        assert_eq!(weights, rust_decimal::Decimal::ONE_HUNDRED, "{plan}: {csv}");
    }
}

proptest::proptest! {
    /// The rounded parts add up to the rounded sum, and each is within one
    /// hundredth of its exact value.
    #[test]
    fn rounded_parts_add_up(parts in proptest::collection::vec(0u64..10_000_000, 1..40)) {
        use rust_decimal::Decimal;
        let parts: Vec<Decimal> = parts.into_iter().map(|p| Decimal::new(p as i64, 5)).collect();
        let shown = maal::value::rounded_parts(&parts, 2);
        let sum: Decimal = parts.iter().sum();
        let round = sum.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        proptest::prop_assert_eq!(shown.iter().sum::<Decimal>(), round);
        for (p, s) in parts.iter().zip(&shown) {
            proptest::prop_assert!((*p - *s).abs() < Decimal::new(1, 2));
        }
    }
}

/// "inden juni 2024" is before June, as ordinary Danish reads it (and
/// `maal check` warns that the form reads two ways); "før juni" says it
/// plainly; "inden udgangen af Q2 2024" is by 30 June, as the seeds use it.
#[test]
fn inden_a_month_is_before_it_and_inden_the_end_is_by_it() {
    let rules = temp(
        "inden.maal",
        "plan \"Frister\" { periode 2024 }\nmål 1 \"A\": adgang inden juni 2024;\nmål 2 \"B\": adgang før juni 2024;\n\
         mål 3 \"C\": adgang inden udgangen af Q2 2024;\nmål 4 \"D\": adgang senest juni 2024;\n",
    );
    let rules = rules.to_str().unwrap();
    for (day, expected) in
        [("2024-06-15", ["ikke opfyldt", "ikke opfyldt", "opfyldt", "opfyldt"]), ("2024-05-31", ["opfyldt"; 4])]
    {
        let facts = temp("inden.toml", &format!("adgang = {day}\n"));
        let (_, out, err) =
            common::maal(&["eval", rules, "--facts", facts.to_str().unwrap(), "--per", "2025-01-15"], None);
        for (goal, status) in ["A", "B", "C", "D"].iter().zip(expected) {
            let row = out.lines().find(|l| l.split_whitespace().nth(1) == Some(goal)).unwrap();
            assert_eq!(
                row.split_whitespace().nth(2).unwrap(),
                status.split(' ').next().unwrap(),
                "{day} {goal}: {row}"
            );
            assert_eq!(row.contains("ikke opfyldt"), status == "ikke opfyldt", "{day} {goal}: {row}");
        }
        assert!(err.is_empty(), "{err}");
        // Only the form that reads two ways is warned about.
        let (_, _, err) = common::maal(&["check", rules], None);
        assert_eq!(err.matches("advarsel[W0108]").count(), 1, "{err}");
        assert!(
            err.contains(
                "skriv `før juni 2024` for før 1. juni 2024, eller `senest juni 2024` for til og med 30. juni 2024"
            ),
            "{err}"
        );
    }
    // The report says what it means.
    let facts = temp("inden.toml", "adgang = 2024-06-15\n");
    let (_, md, _) = common::maal(
        &["report", rules, "--facts", facts.to_str().unwrap(), "--per", "2025-01-15", "--format", "md"],
        None,
    );
    assert!(md.contains("adgang før 1. juni 2024"), "{md}");
    assert!(md.contains("adgang senest 30. juni 2024"), "{md}");
    // `maal fmt` keeps the words as written.
    let (_, diff, _) = common::maal(&["fmt", "--diff", rules], None);
    assert!(diff.contains("+  adgang inden juni 2024;") && diff.contains("+  adgang før juni 2024;"), "{diff}");
    assert!(diff.contains("+  adgang inden udgangen af Q2 2024;"), "{diff}");
}
