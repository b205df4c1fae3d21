//! Evaluation scenarios on the seed plans, with expected statuses and totals
//! worked out by hand. Every test goes through `eval` (or `eval_err`), over
//! the library's front door (`Plan`, `Facts`) by way of `tests/common`.

mod common;

use chrono::NaiveDate;
use maal::diag::Lang;
use maal::eval::{Evaluation, Status, Truth};
use maal::facts::Facts;
use maal::source::Source;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn plan(path: &str) -> (Source, maal::check::Checked) {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let source = Source::new(path, std::fs::read_to_string(full).unwrap());
    let checked = maal::check_source(&source).unwrap();
    (source, checked)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Evaluates a plan file against TOML facts as of a date.
fn eval(plan_path: &str, facts: &str, per: &str) -> Evaluation {
    common::evaluate(&common::plan(plan_path), facts, per)
}

/// The codes of the errors a facts file gets against a plan.
fn eval_err(plan_path: &str, name: &str, facts: &str) -> Vec<String> {
    let (_, checked) = plan(plan_path);
    let facts_source = Source::new(name, facts);
    let rendered = |d: Vec<maal::diag::Diagnostic>| {
        d.iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d.code,
                    maal::render::render_to_string(&facts_source, std::slice::from_ref(d), Lang::Da)
                )
            })
            .collect()
    };
    match Facts::load(&facts_source) {
        Err(d) => rendered(d),
        Ok(f) => match f.validate(&checked) {
            Err(d) => rendered(d),
            Ok(_) => Vec::new(),
        },
    }
}

fn status(e: &Evaluation, goal: &str) -> Status {
    e.goals.iter().find(|g| g.id == goal).unwrap().status
}

fn total(e: &Evaluation) -> String {
    format!("{:.2}", e.total.score.round_dp(2))
}

fn cpr_year_end() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap()
}

#[test]
fn cpr_year_end_six_of_seven() {
    let e = eval("rules/cpr-2026.maal", &cpr_year_end(), "2027-01-15");
    // Goal 6 has 27 of 29 requirements: not met. 6 × 100/7 = 85.714…
    assert_eq!(status(&e, "6"), Status::NotMet);
    assert_eq!(total(&e), "85.71");
    assert_eq!(e.total.score, Decimal::from(600) / Decimal::from(7));
}

#[test]
fn budget_goal_with_exactly_two_million_deviation_is_met() {
    // |40,9 - 42,9| = 2,0 mio. kr. exactly: sub-goal a holds at its limit (Decimal, not floats);
    // |44,2 - 42,9| = 1,3 > 1,0: sub-goal b fails; any(a, b) is met.
    let e = eval("rules/cpr-2026.maal", &cpr_year_end(), "2027-01-15");
    let g7 = e.goals.iter().find(|g| g.id == "7").unwrap();
    assert_eq!(g7.status, Status::Met);
    assert_eq!(g7.subgoals[0].status, Status::Met);
    assert_eq!(g7.subgoals[1].status, Status::NotMet);
    assert_eq!(g7.subgoals[0].explanation[0].margin_text(maal::Lang::Da).as_deref(), Some("0 kr."));
    // 8,3 - 6,3 = 2,0 exactly too.
    let e = eval(
        "rules/cpr-2026.maal",
        "grundbudget = \"8,3 mio\"\nrealiseret = \"6,3 mio\"\nbudget_uo2 = \"0 kr\"",
        "2027-01-15",
    );
    assert_eq!(status(&e, "7"), Status::Met);
    let e = eval(
        "rules/cpr-2026.maal",
        "grundbudget = \"8,3 mio\"\nrealiseret = \"6,29 mio\"\nbudget_uo2 = \"0 kr\"",
        "2027-01-15",
    );
    assert_eq!(status(&e, "7"), Status::NotMet);
}

#[test]
fn relative_deviation_five_percent() {
    let facts = |real: &str| format!("grundbudget = \"100 mio\"\nbudget_uo2 = \"200 mio\"\nrealiseret = \"{real}\"");
    // |100 - 105| / 100 = 5 pct.: met at the limit.
    assert_eq!(status(&eval("rules/digst-2024.maal", &facts("105 mio"), "2025-01-14"), "3.1"), Status::Met);
    // 105,1: a gives 5,1 pct., b gives |200 - 105,1| / 200 = 47,45 pct.: not met after the year.
    assert_eq!(status(&eval("rules/digst-2024.maal", &facts("105,1 mio"), "2025-01-14"), "3.1"), Status::NotMet);
    // …but pending during the year.
    assert_eq!(status(&eval("rules/digst-2024.maal", &facts("105,1 mio"), "2024-06-30"), "3.1"), Status::Pending);
}

#[test]
fn deadline_passed_or_not() {
    // Goal 1: nothing reported. Before the deadline pending, after it not met.
    assert_eq!(status(&eval("rules/cpr-2026.maal", "", "2026-06-30"), "1"), Status::Pending);
    assert_eq!(status(&eval("rules/cpr-2026.maal", "", "2027-01-01"), "1"), Status::NotMet);
    // Delivered late is not met even before the year ends.
    let late = "nis2_vejledning = 2024-07-03\niso_modenhed = 4";
    assert_eq!(status(&eval("rules/digst-2024.maal", late, "2024-09-30"), "2.3"), Status::NotMet);
    let on_time = "nis2_vejledning = 2024-06-28\niso_modenhed = 4";
    assert_eq!(status(&eval("rules/digst-2024.maal", on_time, "2024-09-30"), "2.3"), Status::Met);
    // A delivery date after the as-of date has not happened yet.
    assert_eq!(status(&eval("rules/digst-2024.maal", on_time, "2024-06-01"), "2.3"), Status::Pending);
    // `i august 2026`: delivered in July is outside the month.
    let july = "compliance_initiativer = 1\ncompliance_initiativer_afleveret = 2026-07-30";
    assert_eq!(status(&eval("rules/cpr-2026.maal", july, "2026-09-01"), "4"), Status::NotMet);
}

#[test]
fn count_below_target_is_pending_during_the_year() {
    let e = eval("rules/cpr-2026.maal", "stikprøvekontroller = 4", "2026-06-30");
    assert_eq!(status(&e, "2"), Status::Pending);
    let e = eval("rules/cpr-2026.maal", "stikprøvekontroller = 4", "2027-01-15");
    assert_eq!(status(&e, "2"), Status::NotMet);
}

#[test]
fn dropped_goal_leaves_the_denominator() {
    let facts = format!("{}\n[[udgået]]\nmål = \"6\"\nbegrundelse = \"Aftalt 2026-09-01\"\n", cpr_year_end());
    let e = eval("rules/cpr-2026.maal", &facts, "2027-01-15");
    assert_eq!(status(&e, "6"), Status::Dropped);
    // 6 of 6 remaining goals met: 100.
    assert_eq!(total(&e), "100.00");
    assert_eq!(e.goals[0].weight, Decimal::from(100) / Decimal::from(6));
}

#[test]
fn override_is_recorded_and_shown() {
    let facts = format!(
        "{}\n[[tilsidesættelse]]\nmål = \"6\"\nstatus = \"opfyldt\"\nbegrundelse = \"De to sidste krav er udskudt af ministeriet\"\n",
        cpr_year_end()
    );
    let e = eval("rules/cpr-2026.maal", &facts, "2027-01-15");
    let g6 = e.goals.iter().find(|g| g.id == "6").unwrap();
    assert_eq!(g6.status, Status::Met);
    assert_eq!(g6.overridden.as_ref().map(|o| o.rule_status), Some(Status::NotMet));
    assert_eq!(total(&e), "100.00");
    let text = maal::render::render_text(&e, Lang::Da);
    assert!(text.contains("opfyldt (tilsidesat)"), "{text}");
}

#[test]
fn year_indexed_facts() {
    let e = eval(
        "rules/digst-2024.maal",
        "nyteknologi_initiativer = 1\nsmv_frafald = { 2023 = 41, 2024 = 33 }",
        "2025-01-14",
    );
    assert_eq!(status(&e, "1.4"), Status::Met);
    let e = eval(
        "rules/digst-2024.maal",
        "nyteknologi_initiativer = 1\nsmv_frafald = { 2023 = 41, 2024 = 41 }",
        "2025-01-14",
    );
    assert_eq!(status(&e, "1.4"), Status::NotMet);
}

#[test]
fn division_by_zero_is_a_located_error() {
    let e = eval(
        "rules/digst-2024.maal",
        "grundbudget = \"0 kr\"\nbudget_uo2 = \"0 kr\"\nrealiseret = \"1 mio\"",
        "2025-01-14",
    );
    assert_eq!(status(&e, "3.1"), Status::Error);
    assert_eq!(e.errors[0].code, "E0205");
}

#[test]
fn bad_facts_are_located_errors() {
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "realisert = \"42,9 mio\"");
    assert!(
        errs[0].starts_with("E0202") && errs[0].contains("mente du `realiseret`?") && errs[0].contains("f.toml:1:1"),
        "{errs:?}"
    );
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "stikprøvekontroller = 1\nrealiseret = 2026-01-01");
    assert!(errs[0].starts_with("E0203") && errs[0].contains("f.toml:2:1"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "realiseret = \"42.900 mio\"");
    assert!(errs[0].starts_with("E0204") && errs[0].contains("to måder"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "realiseret = \"92 pct.\"");
    assert!(errs[0].starts_with("E0203"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "[[udgået]]\nmål = \"8\"\nbegrundelse = \"x\"");
    assert!(errs[0].starts_with("E0207"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "[[tilsidesættelse]]\nmål = \"6\"\nstatus = \"opfyldt\"");
    assert!(errs[0].starts_with("E0208"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.json", "{\"realiseret\": \"42,9 mio\", \"stikprøvekontroler\": 3}");
    assert!(errs[0].starts_with("E0202") && errs[0].contains("f.json:1:"), "{errs:?}");
    let errs = eval_err("rules/digst-2024.maal", "f.toml", "smv_frafald = 17");
    assert!(errs[0].starts_with("E0203") && errs[0].contains("smv_frafald = { 2023 = … }"), "{errs:?}");
    let errs = eval_err("rules/digst-2024.maal", "f.toml", "iso_modenhed = { 2024 = 4 }");
    assert!(errs[0].starts_with("E0203"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.toml", "realiseret = \"2026-æ\"");
    assert!(errs[0].starts_with("E0204"), "{errs:?}");
    let errs = eval_err("rules/cpr-2026.maal", "f.json", "{\"realiseret\": ");
    assert!(errs[0].starts_with("E0201"), "{errs:?}");
}

#[test]
fn json_facts_work_like_toml() {
    let facts = Facts::from_json(
        r#"{"stikprøvekontroller": 10, "realiseret": "42,9 mio", "grundbudget": 41000000.5, "budget_uo2": "43 mio"}"#,
    )
    .unwrap();
    let e = common::plan("rules/cpr-2026.maal").evaluate_in(&facts, date("2027-01-15"), Lang::En).unwrap();
    assert_eq!(status(&e, "2"), Status::Met);
    assert_eq!(status(&e, "7"), Status::Met);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["schema_version"], 4);
    assert_eq!(json["goals"][1]["status"], "met");
    assert!(json["total"]["score"].is_string());
}

/// An amount as people write it, with its value in kroner: `12,34 mio`,
/// `12 mio. kr.`, `1234567 kr.`.
fn amount() -> impl Strategy<Value = (String, Decimal)> {
    prop_oneof![
        (0..100u32, 0..100u32)
            .prop_map(|(w, f)| (format!("{w},{f:02} mio"), Decimal::from(w * 1_000_000 + f * 10_000))),
        (0..100u32).prop_map(|w| (format!("{w} mio. kr."), Decimal::from(w) * Decimal::from(1_000_000))),
        (0..100_000_000u32).prop_map(|k| (format!("{k} kr."), Decimal::from(k))),
    ]
}

/// Every diagnostic has a code and, when the text has anything to point at, a span.
fn located(diagnostics: &[maal::Diagnostic], text: &str) -> Result<(), TestCaseError> {
    for d in diagnostics {
        prop_assert!(!d.code.is_empty(), "a diagnostic without a code: {d:?}");
        prop_assert!(d.span.is_some() || text.trim().is_empty(), "{} has no span in {text:?}", d.code);
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_fact_files_never_panic(text in "\\PC{0,120}", json in any::<bool>()) {
        let (_, checked) = plan("rules/cpr-2026.maal");
        let source = Source::new(if json { "f.json" } else { "f.toml" }, text.clone());
        match Facts::load(&source) {
            Ok(facts) => {
                if let Err(diagnostics) = facts.validate(&checked) {
                    located(&diagnostics, &text)?;
                }
            }
            Err(diagnostics) => located(&diagnostics, &text)?,
        }
    }

    /// Goal 7 of the CPR plan against every way of writing its three amounts,
    /// in TOML and JSON: the file loads, validates and evaluates, and the status
    /// is what the rule says in exact arithmetic.
    #[test]
    fn written_amounts_evaluate_as_the_rule_says(
        (g, gv) in amount(), (u, uv) in amount(), (r, rv) in amount(), json in any::<bool>()
    ) {
        let text = if json {
            format!(r#"{{"grundbudget": "{g}", "budget_uo2": "{u}", "realiseret": "{r}"}}"#)
        } else {
            format!("grundbudget = \"{g}\"\nbudget_uo2 = \"{u}\"\nrealiseret = \"{r}\"\n")
        };
        let facts = if json { Facts::from_json(&text) } else { Facts::from_toml(&text) };
        let facts = facts.map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let e = common::plan("rules/cpr-2026.maal").evaluate(&facts, date("2027-01-15"))
            .map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let met = (gv - rv).abs() <= Decimal::from(2_000_000) || (uv - rv).abs() <= Decimal::from(1_000_000);
        prop_assert_eq!(status(&e, "7"), if met { Status::Met } else { Status::NotMet }, "{}", text);
        prop_assert!(e.total.score <= Decimal::ONE_HUNDRED);
    }

    #[test]
    fn arbitrary_values_never_panic(value in "\\PC{0,40}", per in 2025..2028i32) {
        let facts = format!("realiseret = {value:?}\ngrundbudget = \"1 mio\"\nstikprøvekontroller = {value:?}");
        match Facts::from_toml(&facts) {
            Ok(f) => match common::plan("rules/cpr-2026.maal").evaluate(&f, date(&format!("{per}-06-30"))) {
                Ok(e) => prop_assert!(e.total.score <= Decimal::ONE_HUNDRED),
                Err(e) => located(&e.diagnostics, &facts)?,
            },
            Err(e) => located(&e.diagnostics, &facts)?,
        }
    }
}

const TRUTHS: [Truth; 4] = [Truth::True, Truth::False, Truth::Unknown, Truth::Error];

#[test]
fn kleene_tables() {
    assert_eq!(Truth::True.or(Truth::Unknown), Truth::True);
    assert_eq!(Truth::False.and(Truth::Unknown), Truth::False);
    assert_eq!(Truth::True.and(Truth::Unknown), Truth::Unknown);
    assert_eq!(Truth::at_least(2, &[Truth::True, Truth::Unknown, Truth::False]), Truth::Unknown);
    assert_eq!(Truth::at_least(2, &[Truth::True, Truth::False, Truth::False]), Truth::False);
    // An error will not resolve: it decides unless a part decides alone.
    assert_eq!(Truth::Error.or(Truth::True), Truth::True);
    assert_eq!(Truth::Error.and(Truth::False), Truth::False);
    assert_eq!(Truth::Error.or(Truth::False), Truth::Error);
    assert_eq!(Truth::Error.and(Truth::True), Truth::Error);
    assert_eq!(Truth::Error.or(Truth::Unknown), Truth::Error);
    assert_eq!(Truth::Error.and(Truth::Unknown), Truth::Error);
    assert_eq!(Truth::Error.negate(), Truth::Error);
    assert_eq!(Truth::at_least(2, &[Truth::True, Truth::Error, Truth::True]), Truth::True);
    assert_eq!(Truth::at_least(2, &[Truth::True, Truth::Error, Truth::False]), Truth::Error);
    assert_eq!(Truth::at_least(3, &[Truth::True, Truth::Error, Truth::False]), Truth::False);
}

proptest! {
    #[test]
    fn kleene_laws(a in 0..4usize, b in 0..4usize, c in 0..4usize) {
        let (a, b, c) = (TRUTHS[a], TRUTHS[b], TRUTHS[c]);
        prop_assert_eq!(a.and(b), b.and(a));
        prop_assert_eq!(a.or(b), b.or(a));
        prop_assert_eq!(a.and(b).negate(), a.negate().or(b.negate()));
        prop_assert_eq!(a.and(b.and(c)), a.and(b).and(c));
        prop_assert_eq!(a.or(b.or(c)), a.or(b).or(c));
        // Distributivity holds for the three Kleene values only: an error
        // wins over unknown in both `og` and `eller`, so `ukendt og (fejl
        // eller sand)` is unknown while `(ukendt og fejl) eller (ukendt og
        // sand)` is an error.
        if ![a, b, c].contains(&Truth::Error) {
            prop_assert_eq!(a.and(b.or(c)), a.and(b).or(a.and(c)));
        }
        prop_assert_eq!(a.negate().negate(), a);
        prop_assert_eq!(Truth::at_least(1, &[a, b]), a.or(b));
        prop_assert_eq!(Truth::at_least(2, &[a, b]), a.and(b));
    }

    #[test]
    fn total_between_0_and_100_and_drops_leave_others_alone(
        counts in proptest::collection::vec(proptest::option::of(0..20u32), 7),
        dropped in 0..7usize,
        per in prop_oneof![Just("2026-06-30"), Just("2027-01-15")],
    ) {
        let mut facts = String::new();
        let names = ["stikprøvekontroller", "compliance_initiativer", "ai_ideer_bidraget", "minimumskrav_implementeret"];
        for (name, c) in names.iter().zip(&counts) {
            if let Some(c) = c {
                facts.push_str(&format!("{name} = {c}\n"));
            }
        }
        let base = eval("rules/cpr-2026.maal", &facts, per);
        prop_assert!(base.total.score >= Decimal::ZERO && base.total.score <= Decimal::ONE_HUNDRED);
        prop_assert!(base.total.max_reachable >= base.total.score && base.total.max_reachable <= Decimal::ONE_HUNDRED);
        let goal = &base.goals[dropped].id;
        let with_drop = eval("rules/cpr-2026.maal", &format!("{facts}[[udgået]]\nmål = \"{goal}\"\nbegrundelse = \"aftalt\"\n"), per);
        for (a, b) in base.goals.iter().zip(&with_drop.goals) {
            if &a.id != goal {
                prop_assert_eq!(a.status, b.status);
            }
        }
        prop_assert!(with_drop.total.score <= Decimal::ONE_HUNDRED);
    }
}
