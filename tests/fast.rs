//! The trace-free evaluator agrees with the explaining one, status for status,
//! on the seed plans and on rules that raise runtime errors, under generated facts.

use maal::eval::{Bound, Outcome};
use maal::{Facts, Plan};
use proptest::prelude::*;

fn plan(name: &str) -> Plan {
    let path = format!("{}/rules/{name}", env!("CARGO_MANIFEST_DIR"));
    Plan::from_file(std::path::Path::new(&path), &Default::default()).unwrap()
}

/// A written value for a fact of `kind`, from a seed.
fn value_for(kind: &str, seed: u32) -> String {
    match kind {
        "money" => format!("{},{} mio", 38 + seed % 9, seed % 10),
        "percent" => format!("{} pct.", 60 + seed % 40),
        "date" => format!("2024-{:02}-{:02}", 1 + seed % 12, 1 + seed % 28)
            .replace("2024", ["2023", "2024", "2026", "2027"][(seed % 4) as usize]),
        "bool" => ["ja", "nej"][(seed % 2) as usize].to_string(),
        _ => (seed % 35).to_string(),
    }
}

/// Facts for `plan`: each required fact (each year) reported or not, by the seeds.
fn facts_for(plan: &Plan, seeds: &[u32], drop_goal: Option<usize>, override_goal: Option<usize>) -> Facts {
    let mut text = String::new();
    let mut i = 0;
    for fact in plan.required_facts() {
        let years: Vec<Option<i32>> =
            if fact.years.is_empty() { vec![None] } else { fact.years.iter().map(|y| Some(*y)).collect() };
        for year in years {
            let seed = seeds[i % seeds.len()];
            i += 1;
            if seed.is_multiple_of(5) {
                continue; // not reported
            }
            let value = value_for(&fact.kind, seed / 5);
            let quoted = if fact.kind == "date" { value } else { format!("\"{value}\"") };
            match year {
                Some(y) => text.push_str(&format!("\"{}\".{y} = {quoted}\n", fact.name)),
                None => text.push_str(&format!("\"{}\" = {quoted}\n", fact.name)),
            }
        }
    }
    let ids = plan.goal_ids();
    if let Some(g) = drop_goal {
        text.push_str(&format!("\n[[udgået]]\nmål = \"{}\"\nbegrundelse = \"aftalt\"\n", ids[g % ids.len()]));
    }
    if let Some(g) = override_goal {
        text.push_str(&format!(
            "\n[[tilsidesættelse]]\nmål = \"{}\"\nstatus = \"opfyldt\"\nbegrundelse = \"skøn\"\n",
            ids[g % ids.len()]
        ));
    }
    Facts::from_toml(&text).unwrap()
}

fn agree(plan: &Plan, facts: &Facts, as_of: chrono::NaiveDate) -> Result<(), TestCaseError> {
    let full = plan.evaluate(facts, as_of).unwrap();
    let bound: Bound = plan.bind(facts).unwrap();
    let mut out = Outcome::default();
    plan.outcome_into(&bound, as_of, &mut out);
    let statuses: Vec<_> = full.goals.iter().map(|g| g.status).collect();
    prop_assert_eq!(&out.statuses, &statuses);
    let scores: Vec<_> = full.goals.iter().map(|g| g.score).collect();
    prop_assert_eq!(&out.scores, &scores);
    prop_assert_eq!(out.total, full.total.score);
    prop_assert_eq!(out.max_reachable, full.total.max_reachable);
    // Reusing the outcome gives the same answer.
    let first = out.clone();
    plan.outcome_into(&bound, as_of, &mut out);
    prop_assert_eq!(first, out);
    Ok(())
}

fn date(days: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(days)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn agrees_on_the_cpr_plan(seeds in prop::collection::vec(any::<u32>(), 1..40), day in 0..1400i64,
                              drop in prop::option::of(0..7usize), over in prop::option::of(0..7usize)) {
        let plan = plan("cpr-2026.maal");
        agree(&plan, &facts_for(&plan, &seeds, drop, over), date(day))?;
    }

    #[test]
    fn agrees_on_the_digst_plan(seeds in prop::collection::vec(any::<u32>(), 1..60), day in 0..1100i64,
                                drop in prop::option::of(0..12usize), over in prop::option::of(0..12usize)) {
        let plan = plan("digst-2024.maal");
        agree(&plan, &facts_for(&plan, &seeds, drop, over), date(day))?;
    }

    #[test]
    fn agrees_with_weights(seeds in prop::collection::vec(any::<u32>(), 1..10), day in 600..1200i64, drop in prop::option::of(0..3usize)) {
        let plan = Plan::compile("w.maal", r#"plan "w" { periode 2026 scoring vægtet }
mål 1: vægt 50 point; a >= 10;
mål 2: vægt 30 point; delmål a: b >= 5; delmål b: c <= 3; mål: any(a, b);
mål 3: vægt 20 point; leveret senest ultimo juni 2026;"#).unwrap();
        agree(&plan, &facts_for(&plan, &seeds, drop, None), date(day))?;
    }

    #[test]
    fn agrees_when_rules_raise_errors(a in -3..4i64, b in -3..4i64, c in any::<bool>(), day in 700..1200i64) {
        // Division by zero inside any/all, weights, partial scoring, at-least.
        let plan = Plan::compile("x.maal", r#"plan "x" { periode 2026 scoring delvis }
mål 1: any(x >= 1, a / b >= 1 pct, ok);
mål 2: all(x >= 1, ok) eller a / b < 0 pct;
mål 3: delmål a: x >= 2; delmål b: ok; delmål c: a / b > 0 pct; mål: atleast(2, a, b, c);
mål 4: delmål a: x >= 0; delmål b: ok; mål: a og b;
mål 5: |a - b| <= 1 og x in 0..3;"#).unwrap();
        let mut facts = Facts::default();
        facts.insert_text("a", &a.to_string()).unwrap();
        facts.insert_text("b", &b.to_string()).unwrap();
        facts.insert_text("x", &(a + b).to_string()).unwrap();
        facts.insert_text("ok", if c { "ja" } else { "nej" }).unwrap();
        agree(&plan, &facts, date(day))?;
    }
}

#[test]
fn what_if_by_slot_without_revalidation() {
    let plan = plan("cpr-2026.maal");
    let year_end =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let mut bound = plan.bind(&Facts::from_toml(&year_end).unwrap()).unwrap();
    let slot = plan.slot("realiseret", None).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let mut out = Outcome::default();
    plan.outcome_into(&bound, as_of, &mut out);
    assert_eq!(out.statuses[6], maal::Status::Met);
    let money = |mio: i64| maal::value::Value::Number {
        value: rust_decimal::Decimal::new(mio, 1) * rust_decimal::Decimal::from(1_000_000),
        dim: maal::value::Dim::Money,
    };
    assert!(bound.set(slot, Some(money(431))));
    plan.outcome_into(&bound, as_of, &mut out);
    assert_eq!(out.statuses[6], maal::Status::NotMet);
    assert!(!bound.set(999, None));
}
