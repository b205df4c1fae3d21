//! Any facts against the seed plans, at a date the input chooses: loading,
//! validating and evaluating never panic, and both evaluators agree.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn plans() -> &'static [maal::Plan] {
    static PLANS: OnceLock<Vec<maal::Plan>> = OnceLock::new();
    PLANS.get_or_init(|| {
        [include_str!("../../rules/cpr-2026.maal"), include_str!("../../rules/digst-2024.maal")]
            .iter()
            .map(|text| maal::Plan::compile("seed.maal", text).expect("the seed plans compile"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&day, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let facts =
        if text.trim_start().starts_with('{') { maal::Facts::from_json(text) } else { maal::Facts::from_toml(text) };
    let Ok(facts) = facts else { return };
    let date =
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date") + chrono::Duration::days(i64::from(day) * 5);
    for plan in plans() {
        let Ok(full) = plan.evaluate(&facts, date) else { continue };
        let bound = plan.bind(&facts).expect("the same facts fit");
        let mut out = maal::Outcome::default();
        plan.outcome_into(&bound, date, &mut out);
        let statuses: Vec<_> = full.goals.iter().map(|g| g.status).collect();
        assert_eq!(out.statuses, statuses);
        assert_eq!(out.total, full.total.score);
    }
});
