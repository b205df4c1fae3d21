//! The formatter: idempotent, keeps comments, and never changes what a plan means.

use chrono::NaiveDate;
use maal::diag::Lang;
use maal::facts::Facts;
use maal::source::Source;
use proptest::prelude::*;

fn fmt(text: &str) -> String {
    let file = maal::syntax::parse(text).unwrap_or_else(|d| panic!("{text}\n{:?}", d[0].label));
    maal::syntax::format::format(&file, text)
}

/// Statuses and total of a plan against facts, as of a date.
fn outcome(text: &str, facts: &str, per: &str) -> (Vec<String>, String) {
    let plan = maal::Plan::compile("p.maal", text).unwrap_or_else(|e| panic!("{text}\n{}", e.render(Lang::En)));
    let mut facts = Facts::from_toml(facts).unwrap();
    facts.values.retain(|(name, _), _| plan.checked().facts.contains_key(name));
    let e = plan.evaluate(&facts, NaiveDate::parse_from_str(per, "%Y-%m-%d").unwrap()).unwrap();
    (e.goals.iter().map(|g| format!("{}:{:?}", g.id, g.status)).collect(), e.total.score.to_string())
}

#[test]
fn seed_plans_are_formatted() {
    for path in ["rules/cpr-2026.maal", "rules/digst-2024.maal"] {
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
        assert_eq!(fmt(&text), text, "{path} is not in the canonical layout");
    }
}

#[test]
fn layout_is_canonical_and_comments_stay() {
    let messy = "# top\nplan \"x\"{periode 2026   scoring binær}\nsektion \"S\"\n# before goal\nmål 1 \"a\":frist ultimo 2026;delmål a:  x>=1 and (y<2 or z<=3) ; # trailing\ndelmål b: |p-q|<=2,0 mio; mål:any(a,b)";
    let expected = "# top\nplan \"x\" {\n  periode 2026\n  scoring binær\n}\n\nsektion \"S\"\n\n# before goal\nmål 1 \"a\":\n  frist ultimo 2026;\n  delmål a: x >= 1 og (y < 2 eller z <= 3);  # trailing\n  delmål b: |p - q| <= 2,0 mio;\n  mål: any(a, b);\n";
    assert_eq!(fmt(messy), expected);
    assert_eq!(fmt(expected), expected);
}

#[test]
fn brackets_only_where_needed() {
    let text = "plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; a - (b - c) >= (d + e) * 2 og ikke (f > 1 eller g < 2) og -(h + k) < 0;\n";
    let out = fmt(text);
    assert!(out.contains("a - (b - c) >= (d + e) * 2 og ikke (f > 1 eller g < 2) og -(h + k) < 0;"), "{out}");
}

fn comparison() -> impl Strategy<Value = String> {
    let money = prop_oneof![Just("m0"), Just("m1"), Just("m2")];
    let count = prop_oneof![Just("c0"), Just("c1")];
    let op = prop_oneof![Just("<"), Just("<="), Just(">"), Just(">="), Just("="), Just("!=")];
    prop_oneof![
        (money.clone(), op.clone(), 0..50u32, prop_oneof![Just("mio"), Just("mio. kr."), Just("t. kr.")])
            .prop_map(|(m, o, n, u)| format!("{m} {o} {},{} {u}", n / 10, n % 10)),
        (money.clone(), money, 0..30u32).prop_map(|(a, b, n)| format!("|{a} - {b}| <= {n} mio")),
        (count.clone(), op, 0..20u32).prop_map(|(c, o, n)| format!("{c} {o} {n}")),
        (count, 0..5u32, 0..5u32).prop_map(|(c, a, b)| format!("{c} in {a}..{}", a + b)),
        prop_oneof![Just("d0 senest juni 2026"), Just("d0 i Q3 2026"), Just("d0 inden udgangen af 2026")]
            .prop_map(String::from),
        Just("b0".to_string()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    comparison().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) og ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} eller {b}")),
            inner.prop_map(|a| format!("ikke ({a})")),
        ]
    })
}

fn goal(id: usize) -> impl Strategy<Value = String> {
    let comment = prop_oneof![Just(""), Just("  # note"), Just("\n# own line\n")];
    prop_oneof![
        (condition(), comment.clone())
            .prop_map(move |(c, k)| format!("mål {id} \"G{id}\": frist ultimo 2026;\n {c};{k}\n")),
        (proptest::collection::vec(condition(), 1..4), comment, 0..3usize).prop_map(move |(subs, k, comb)| {
            let names: Vec<String> = (0..subs.len()).map(|i| ((b'a' + i as u8) as char).to_string()).collect();
            let mut s = format!("mål {id}:{k}\n  frist ultimo 2026;\n");
            for (n, c) in names.iter().zip(&subs) {
                s.push_str(&format!("  delmål {n}: {c};\n"));
            }
            match comb {
                0 => s.push_str(&format!("  mål: any({});\n", names.join(", "))),
                1 => s.push_str(&format!("  mål: atleast(1, {});\n", names.join(", "))),
                _ => {}
            }
            s
        }),
    ]
}

fn plan() -> impl Strategy<Value = String> {
    (1..5usize).prop_flat_map(|n| {
        (0..n)
            .map(goal)
            .collect::<Vec<_>>()
            .prop_map(|goals| format!("# plan\nplan \"P\" {{ periode 2026 }}\n{}", goals.concat()))
    })
}

fn facts() -> impl Strategy<Value = String> {
    (0..60u32, 0..60u32, 0..60u32, 0..20u32, 0..20u32, 1..12u32, any::<bool>()).prop_map(|(m0, m1, m2, c0, c1, month, b)| {
        format!(
            "m0 = \"{},{} mio\"\nm1 = \"{},{} mio\"\nm2 = \"{} t. kr.\"\nc0 = {c0}\nc1 = {c1}\nd0 = 2026-{month:02}-15\nb0 = {b}\n",
            m0 / 10, m0 % 10, m1 / 10, m1 % 10, m2 * 100
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fmt_is_idempotent_and_keeps_meaning(plan in plan(), facts in facts(), late in any::<bool>()) {
        let once = fmt(&plan);
        prop_assert_eq!(&fmt(&once), &once);
        let comments = |t: &str| maal::syntax::parse(t).unwrap().comments.len();
        prop_assert_eq!(comments(&plan), comments(&once));
        let per = if late { "2027-01-15" } else { "2026-07-01" };
        prop_assert_eq!(outcome(&plan, &facts, per), outcome(&once, &facts, per));
    }
}

/// Found by the `format_roundtrip` fuzz target: a header field written twice
/// is an error, and formatting used to drop the repeat and so hide it.
#[test]
fn repeated_header_fields_survive_formatting() {
    let text = "plan \"Test\" { periode 2026 periode 2027 }\nmål 1: a >= 1;\n";
    let out = fmt(text);
    assert_eq!(out, "plan \"Test\" {\n  periode 2026\n  periode 2027\n}\n\nmål 1:\n  a >= 1;\n");
    assert_eq!(fmt(&out), out);
    let fails = |t: &str| maal::check_source(&Source::new("p.maal", t)).is_err();
    assert!(fails(text) && fails(&out));
}

/// Found by the `format_roundtrip` fuzz target: a comment at the end of the
/// header moved before the first field and then gained a blank line on the
/// next run, so formatting was not idempotent.
#[test]
fn header_comments_format_the_same_wherever_they_were() {
    for text in [
        "plan \"x\" {\n  periode 2026\n  // slut\n}\nmål 1: a >= 1;\n",
        "plan \"x\" {\n  // start\n\n  periode 2026\n}\nmål 1: a >= 1;\n",
    ] {
        let once = fmt(text);
        assert_eq!(fmt(&once), once, "{text}");
        assert!(once.starts_with("plan \"x\" {\n  // "), "{once}");
        assert!(!once.contains("\n\n  periode"), "{once}");
    }
}

/// Found by the `format_roundtrip` fuzz target: 66 negations in a row were
/// printed as `-(-(…))`, 66 levels of brackets, past the nesting limit, so
/// the formatted plan no longer parsed.
#[test]
fn negation_chains_format_without_brackets() {
    let text = format!("plan \"x\" {{ periode 2026 }}\nmål 1: |b - {}a| <= 1 mio;\n", "-".repeat(66));
    let out = fmt(&text);
    assert!(out.contains(&format!("|b - {}a| <= 1 mio;", "-".repeat(66))), "{out}");
    assert_eq!(fmt(&out), out);
}

/// Found by the `format_roundtrip` fuzz target: a line break escaped in a
/// title (`\` before it) was printed bare, and a bare line break cannot stand
/// in a string, so the formatted plan no longer parsed.
#[test]
fn escaped_line_breaks_in_strings_stay_escaped() {
    let text = "plan \"a\\\r\\\nb \\\\ \\\"c\\\"\" { periode 2026 }\nmål 1: a >= 1;\n";
    let out = fmt(text);
    assert!(out.starts_with("plan \"a\\\r\\\nb \\\\ \\\"c\\\"\" {"), "{out:?}");
    assert_eq!(fmt(&out), out);
}
