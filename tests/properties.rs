//! Properties over generated inputs: determinism, exact arithmetic that never
//! panics at Decimal's limits, and as-of monotonicity of dated deliveries.

use maal::value::{Dim, Value};
use maal::{Facts, Plan, Status};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date(days: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(days)
}

fn seed(name: &str) -> Plan {
    let path = format!("{}/rules/{name}", env!("CARGO_MANIFEST_DIR"));
    Plan::from_file(std::path::Path::new(&path), &Default::default()).unwrap()
}

/// Decimals at and around the edges: the largest and smallest, 28 digits,
/// tiny fractions, zero, and ordinary amounts.
fn extreme_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(-1, 28)),
        Just(Decimal::new(1, 10)),
        Just(Decimal::from_i128_with_scale(9_999_999_999_999_999_999_999_999_999, 0)),
        Just(Decimal::from_i128_with_scale(9_999_999_999_999_999_999_999_999_999, 28)),
        (any::<i64>(), 0..29u32).prop_map(|(m, s)| Decimal::new(m, s)),
        (any::<i32>()).prop_map(Decimal::from),
    ]
}

const ARITHMETIC: &str = r#"plan "x" { periode 2026 }
mål 1: a * b <= c;
mål 2: a / b >= c * 1 pct.;
mål 3: a + b - c > 0;
mål 4: |a - b| / |c| <= 5 pct.;
mål 5: a * b * c * a * b * c >= 1;
mål 6: a / (b - b) > 0 pct.;
"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arithmetic at Decimal's limits never panics: overflow and division by
    /// zero make the goal `fejl` (with a located error), never a wrong status.
    #[test]
    fn decimal_arithmetic_never_panics(a in extreme_decimal(), b in extreme_decimal(), c in extreme_decimal(), day in 0..1500i64) {
        let plan = Plan::compile("x.maal", ARITHMETIC).unwrap();
        let mut facts = Facts::default();
        for (name, v) in [("a", a), ("b", b), ("c", c)] {
            facts.set(name, None, maal::facts::Reported::Number(v, None));
        }
        let full = plan.evaluate(&facts, date(day)).unwrap();
        let mut out = maal::eval::Outcome::default();
        plan.outcome_into(&plan.bind(&facts).unwrap(), date(day), &mut out);
        let statuses: Vec<Status> = full.goals.iter().map(|g| g.status).collect();
        prop_assert_eq!(&out.statuses, &statuses);
        // Division by a zero difference is always an error, reported at its place.
        prop_assert_eq!(statuses[5], Status::Error);
        prop_assert!(full.errors.iter().any(|d| d.code == "E0205" && d.span.is_some()));
        // An error leaves the total honest: the goal earns nothing.
        prop_assert!(full.total.score <= Decimal::ONE_HUNDRED);
        // Where the exact result exists, the status agrees with it (the period ends at day 1095; on that day it is decided).
        if let Some(product) = a.checked_mul(b) {
            let expected = if product <= c { Status::Met } else if date(day) < date(1095) { Status::Pending } else { Status::NotMet };
            prop_assert_eq!(statuses[0], expected);
        } else {
            prop_assert_eq!(statuses[0], Status::Error);
        }
    }

    /// The same plan, facts and date give the same result, byte for byte.
    #[test]
    fn evaluation_is_deterministic(seeds in prop::collection::vec(0..40u32, 13), day in 0..1500i64) {
        let plan = seed("cpr-2026.maal");
        let mut facts = Facts::default();
        for (fact, s) in plan.required_facts().iter().zip(&seeds) {
            let text = match fact.kind.as_str() {
                "money" => format!("{},{} mio", 38 + s % 8, s % 10),
                "date" => format!("2026-{:02}-{:02}", 1 + s % 12, 1 + s % 28),
                "bool" => if s % 2 == 0 { "ja".into() } else { "nej".into() },
                _ => s.to_string(),
            };
            facts.insert_text(&fact.name, &text).unwrap();
        }
        let first = serde_json::to_string(&plan.evaluate(&facts, date(day)).unwrap()).unwrap();
        for _ in 0..3 {
            let again = serde_json::to_string(&plan.evaluate(&facts.clone(), date(day)).unwrap()).unwrap();
            prop_assert_eq!(&again, &first);
        }
    }

    /// A goal met by a dated delivery stays met at every later as-of date, and
    /// one not met after its deadline never becomes met by waiting.
    #[test]
    fn as_of_monotonicity(delivered in 900..1200i64, first in 800..1400i64, later in 0..400i64) {
        let plan = seed("cpr-2026.maal");
        let mut facts = Facts::default();
        for name in ["siem_løsning_udviklet", "nær_realtid_etableret", "minimumskrav_dokumenteret", "bidrag_ultimo_dokumenteret"] {
            facts.insert_text(name, &date(delivered).to_string()).unwrap();
        }
        let bound = plan.bind(&facts).unwrap();
        let (mut early, mut late) = (maal::eval::Outcome::default(), maal::eval::Outcome::default());
        plan.outcome_into(&bound, date(first), &mut early);
        plan.outcome_into(&bound, date(first + later), &mut late);
        for (a, b) in early.statuses.iter().zip(&late.statuses) {
            if *a == Status::Met {
                prop_assert_eq!(*b, Status::Met);
            }
            if *a == Status::NotMet {
                prop_assert_ne!(*b, Status::Met);
            }
        }
        prop_assert!(late.total >= early.total || early.statuses.contains(&Status::Pending));
    }
}

#[test]
fn a_value_set_by_slot_is_the_value_evaluated() {
    let plan = Plan::compile("x.maal", "plan \"x\" { periode 2026 }\nmål 1: a <= 0,0000000001 kr;").unwrap();
    let mut bound = plan.bind(&Facts::default()).unwrap();
    let slot = plan.slot("a", None).unwrap();
    let mut out = maal::eval::Outcome::default();
    bound.set(slot, Some(Value::Number { value: Decimal::new(1, 10), dim: Dim::Money }));
    plan.outcome_into(&bound, date(1200), &mut out);
    assert_eq!(out.statuses, [Status::Met]);
    bound.set(slot, Some(Value::Number { value: Decimal::new(2, 10), dim: Dim::Money }));
    plan.outcome_into(&bound, date(1200), &mut out);
    assert_eq!(out.statuses, [Status::NotMet]);
}
