//! The measure table (`maal::measure`) drives every place a dimension or a
//! deadline word is met: each row parses in rules and in fact files, formats,
//! combines as the checker says, and appears in the fact templates.

mod common;

use maal::measure::{deadline_op, deadline_word, Dim, DEADLINE_WORDS, MEASURES};
use maal::syntax::ast::ArithOp;
use maal::syntax::ast::DeadlineOp;
use maal::value::{format_quantity, parse_quantity};
use maal::{Facts, Plan};
use rust_decimal::Decimal;

/// A plan with one goal comparing `f` with `5 WORD` (or a bare 5).
fn plan_with(unit: &str) -> String {
    format!("plan \"x\" {{ periode 2026 }}\nmål 1 \"t\": f >= 5 {unit}; frist 2026-12-31;\n")
}

#[test]
fn rows_are_in_the_order_of_the_variants() {
    for (i, dim) in Dim::all().enumerate() {
        assert_eq!(MEASURES[i].dim, dim);
        assert_eq!(dim.measure().dim, dim);
    }
    assert_eq!(Dim::all().count(), MEASURES.len());
}

#[test]
fn every_unit_word_parses_in_rules_and_in_fact_files_and_formats() {
    for m in MEASURES {
        for size in m.units {
            let five = Decimal::from(5) * size.scale.get();
            // Rules write the first word of each size.
            let text = plan_with(size.words[0]);
            let plan = Plan::compile("x.maal", &text).unwrap_or_else(|e| panic!("{}: {e}", size.words[0]));
            let required = plan.required_facts();
            assert_eq!(required[0].kind, m.key, "{}", size.words[0]);
            // Fact files take every word.
            for word in size.words {
                assert_eq!(parse_quantity(&format!("5 {word}")), Ok((five, Some(m.dim))), "{word}");
                let mut facts = Facts::default();
                facts.insert_text("f", &format!("5 {word}")).unwrap();
                let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
                let e = plan.evaluate(&facts, as_of).unwrap();
                assert_eq!(e.goals[0].status, maal::Status::Met, "5 {word} >= 5 {}", size.words[0]);
            }
            // And shows it with one of the row's unit words.
            let shown = format_quantity(five, m.dim, maal::diag::Lang::Da);
            assert!(m.shown.iter().any(|s| shown.ends_with(s.suffix)), "{shown}");
        }
        if m.units.is_empty() {
            let plan = Plan::compile("x.maal", &plan_with("")).unwrap();
            assert_eq!(plan.required_facts()[0].kind, m.key);
            assert_eq!(format_quantity(Decimal::from(5), m.dim, maal::diag::Lang::Da), "5");
        }
    }
}

#[test]
fn every_row_appears_in_the_fact_templates() {
    for m in MEASURES {
        let unit = m.units.first().map_or("", |u| u.words[0]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.maal");
        std::fs::write(&path, plan_with(unit)).unwrap();
        let path = path.to_str().unwrap();
        let (code, toml, err) = common::maal(&["facts", path, "--format", "toml"], None);
        assert_eq!(code, 0, "{err}");
        assert!(toml.contains(m.example), "{} in {toml}", m.example);
        assert!(toml.contains(m.name.0), "{} in {toml}", m.name.0);
        let (code, json, _) = common::maal(&["facts", path, "--format", "json"], None);
        assert_eq!(code, 0);
        assert!(json.contains(&format!("\"{}\"", m.key)), "{json}");
        // The example in the template is a value the fact takes.
        let filled = toml.replace("f = \"\"", &format!("f = {}", m.example));
        let facts = dir.path().join("f.toml");
        std::fs::write(&facts, filled).unwrap();
        let (code, _, err) =
            common::maal(&["eval", path, "--facts", facts.to_str().unwrap(), "--per", "2026-06-30"], None);
        assert!(code == 0 || code == 1, "{err}");
        assert!(!err.contains("E0203"), "{}: {err}", m.example);
    }
}

#[test]
fn the_checker_accepts_exactly_the_combinations_the_table_allows() {
    let word = |dim: Dim| dim.measure().units.first().map_or("", |u| u.words[0]);
    for op in [ArithOp::Add, ArithOp::Sub, ArithOp::Mul, ArithOp::Div] {
        for a in Dim::all() {
            for b in Dim::all() {
                let expr = format!("a {} b", op.symbol());
                // Two facts: both sides measured.
                let Some(result) = Dim::combine_measured(op, (a, true), (b, true)) else {
                    let text = format!(
                        "plan \"x\" {{ periode 2026 }}\nmål 1: a = 1 {} og b = 1 {} og {expr} > 0;\n",
                        word(a),
                        word(b)
                    );
                    let err = Plan::compile("x.maal", &text).unwrap_err().to_string();
                    assert!(err.contains("E0104"), "{expr} over {a:?}, {b:?}: {err}");
                    continue;
                };
                let text = format!(
                    "plan \"x\" {{ periode 2026 }}\nmål 1: a = 1 {} og b = 1 {} og {expr} >= 0 {};\n",
                    word(a),
                    word(b),
                    word(result)
                );
                Plan::compile("x.maal", &text).unwrap_or_else(|e| panic!("{expr} over {a:?}, {b:?}: {e}"));
            }
        }
    }
}

#[test]
fn every_deadline_word_parses_and_formats() {
    for w in DEADLINE_WORDS {
        assert_eq!(deadline_op(w.word), Some(w.op));
        let text = format!("plan \"x\" {{ periode 2026 }}\nmål 1 \"t\": levering {} 2. kvartal 2026;\n", w.word);
        let plan = Plan::compile("x.maal", &text).unwrap_or_else(|e| panic!("{}: {e}", w.word));
        let file = maal::syntax::parse(&text).unwrap();
        let formatted = maal::syntax::format::format(&file, &text);
        let kept = deadline_word(w.op, w.word);
        assert!(formatted.contains(&format!("levering {kept} 2. kvartal 2026")), "{formatted}");
        assert_eq!(w.danish, kept == w.word, "{}", w.word);
        // Inside the quarter: met by `senest` and `i`, not by `før` (before it begins);
        // the day before it: met by `senest` and `før`, not by `i`.
        for (day, met) in [("2026-05-01", w.op != DeadlineOp::Before), ("2026-03-31", w.op != DeadlineOp::Within)] {
            let mut facts = Facts::default();
            facts.insert_text("levering", day).unwrap();
            let e = plan.evaluate(&facts, chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()).unwrap();
            let expected = if met { maal::Status::Met } else { maal::Status::NotMet };
            assert_eq!(e.goals[0].status, expected, "{} {day}", w.word);
        }
        // The end of a period: `inden`/`før` it is by that day, as `senest`.
        if w.by_at_end {
            let text =
                format!("plan \"x\" {{ periode 2026 }}\nmål 1 \"t\": levering {} udgangen af Q2 2026;\n", w.word);
            let plan = Plan::compile("x.maal", &text).unwrap();
            let mut facts = Facts::default();
            facts.insert_text("levering", "2026-06-30").unwrap();
            let e = plan.evaluate(&facts, chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()).unwrap();
            assert_eq!(e.goals[0].status, maal::Status::Met, "{} udgangen af", w.word);
        }
    }
}
