//! Any bytes: parse, check, compile; a plan that compiles also evaluates
//! (with no facts, before and after its period) without panicking, and both
//! evaluators agree on every status.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = maal::Plan::from_bytes("fuzz.maal", data, &Default::default()) else { return };
    let facts = maal::Facts::default();
    let bound = plan.bind(&facts).expect("no facts always fit");
    let mut out = maal::Outcome::default();
    for as_of in [(2020, 1, 1), (2026, 6, 30), (2040, 1, 1)] {
        let date = chrono::NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).expect("a date");
        let full = plan.evaluate(&facts, date).expect("no facts always fit");
        plan.outcome_into(&bound, date, &mut out);
        let statuses: Vec<_> = full.goals.iter().map(|g| g.status).collect();
        assert_eq!(out.statuses, statuses);
        assert_eq!(out.total, full.total.score);
    }
});
