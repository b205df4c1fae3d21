//! What a goal needs (`GoalResult::needed`), checked against the evaluator:
//! for random facts, in both seed plans and in generated plans, each window
//! a need reports holds at both its ends, and the nearest value outside each
//! end (1 kr., 0,01 pct., 1) does not. A window "for delmål X" is checked on
//! that sub-goal; a goal's window on the goal.

mod common;

use maal::facts::Reported;
use maal::value::Dim;
use maal::{Facts, Plan, Status};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The example reports the seed plans are tried with: (plan, facts, as of).
const SEEDS: [(&str, &str, &str); 4] = [
    ("rules/cpr-2026.maal", "examples/facts/cpr-2026-år.toml", "2027-01-15"),
    ("rules/cpr-2026.maal", "examples/facts/cpr-2026-halvår.toml", "2026-06-30"),
    ("rules/digst-2024.maal", "examples/facts/digst-2024-år.toml", "2025-01-15"),
    ("rules/digst-2024.maal", "examples/facts/digst-2024-q2.toml", "2024-06-30"),
];

/// `frafald[2024]` → (`frafald`, Some(2024)).
fn key(label: &str) -> (String, Option<i32>) {
    match label.split_once('[') {
        Some((name, rest)) => (name.to_string(), rest.trim_end_matches(']').parse().ok()),
        None => (label.to_string(), None),
    }
}

/// The goal's status, or the sub-goal's when `sub` is given, met or not.
fn holds(plan: &Plan, facts: &Facts, as_of: chrono::NaiveDate, goal: &str, sub: Option<&str>) -> bool {
    let evaluation = plan.evaluate(facts, as_of).unwrap_or_else(|e| panic!("{}", e.render(maal::Lang::Da)));
    let g = evaluation.goals.iter().find(|g| g.id == goal).unwrap();
    match sub {
        None => g.status == Status::Met,
        Some(s) => g.subgoals.iter().find(|x| x.id == s).unwrap().status == Status::Met,
    }
}

/// Every window of every need in the evaluation of `facts`: met at its ends,
/// not met just outside them.
fn windows_hold(plan: &Plan, facts: &Facts, as_of: chrono::NaiveDate) -> Result<usize, TestCaseError> {
    let evaluation = plan.evaluate(facts, as_of).unwrap_or_else(|e| panic!("{}", e.render(maal::Lang::Da)));
    let mut checked = 0;
    for goal in &evaluation.goals {
        // A need that is necessary but not enough, outside any sub-goal's
        // windows, holds only its own conditions: checked in tests/truth.rs.
        for need in goal.needed.iter().filter(|n| n.now.is_some()) {
            let fact = key(&need.fact);
            let Some((Reported::Number(now, unit), _)) = facts.values.get(&fact) else { continue };
            // A bare number: a count or kroner as it stands (a bare percentage is left out).
            let kind = plan.required_facts().into_iter().find(|f| f.name == fact.0).map(|f| f.kind);
            let dim = match (unit, kind.as_deref()) {
                (Some(dim), _) => *dim,
                (None, Some("number")) => Dim::Plain,
                (None, Some("money")) => Dim::Money,
                _ => continue,
            };
            let resolution = dim.resolution(*now);
            for window in &need.windows {
                let sub = match &window.shape {
                    maal::eval::Shape::Amount { subgoal, .. } => subgoal.as_deref(),
                    _ => None,
                };
                if !need.alone && sub.is_none() {
                    continue;
                }
                let at = |v: Decimal| {
                    let mut changed = facts.clone();
                    changed.set(&fact.0, fact.1, Reported::Number(v, Some(dim)));
                    holds(plan, &changed, as_of, &goal.id, sub)
                };
                let ends = [(window.from.as_deref(), -resolution), (window.to.as_deref(), resolution)];
                for (end, outward) in ends {
                    let Some(end) = end else { continue };
                    let end: Decimal = end.parse().unwrap();
                    let context = format!("goal {} {}: {} at {end}", goal.id, need.fact, window.text(maal::Lang::Da));
                    prop_assert!(at(end), "{} does not hold", context);
                    prop_assert!(!at(end + outward), "{} holds one step outside", context);
                    checked += 1;
                }
            }
        }
    }
    Ok(checked)
}

/// `facts` with each number fact scaled by one of `factors` (in pct.),
/// rounded to whole kroner, hundredths of a percent and whole counts.
fn scaled(facts: &Facts, factors: &[u32]) -> Facts {
    let mut out = facts.clone();
    let numbers: Vec<_> = facts
        .values
        .iter()
        .filter_map(|(k, (v, _))| match v {
            Reported::Number(x, unit) => Some((k.clone(), *x, *unit)),
            _ => None,
        })
        .collect();
    for (i, (k, x, unit)) in numbers.into_iter().enumerate() {
        let factor = Decimal::from(factors[i % factors.len()]) / Decimal::ONE_HUNDRED;
        let places = if unit == Some(Dim::Percent) { 4 } else { 0 };
        out.set(&k.0, k.1, Reported::Number((x * factor).round_dp(places), unit));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Both seed plans, each example report with its numbers moved.
    #[test]
    fn seed_plan_windows_hold_at_their_ends(seed in 0usize..4, factors in proptest::collection::vec(50u32..150, 8)) {
        let (plan, facts, per) = SEEDS[seed];
        let plan = common::plan(plan);
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(facts)).unwrap();
        let facts = scaled(&common::facts(&text), &factors);
        windows_hold(&plan, &facts, common::date(per))?;
    }

    /// Generated plans: every linear kind of condition the plans use, alone
    /// and combined, with random thresholds and facts.
    #[test]
    fn generated_plan_windows_hold_at_their_ends(
        kinds in proptest::collection::vec(0usize..8, 1..4),
        limit in 1u32..40,
        x in 0u32..1000, y in 0u32..1000, n in 0u32..60, m in 0u32..60, p in 0u32..10000,
    ) {
        let conditions = [
            format!("|x - y| <= {limit} mio"),
            format!("|x - y| / |x| <= {limit} pct."),
            format!("n >= {limit}"),
            format!("n in {limit}..{}", limit + 5),
            format!("p >= {limit} pct."),
            format!("2 * n + m >= {limit}"),
            format!("x - y >= {limit} mio eller n <= {limit}"),
            format!("x + y <= {} mio", limit * 10),
        ];
        let mut text = String::from("plan \"Genereret\" { periode 2026 }\n");
        for (i, kind) in kinds.iter().enumerate() {
            text.push_str(&format!("mål {}: frist ultimo 2026; {};\n", i + 1, conditions[*kind]));
        }
        // One goal of sub-goals combined by `any`, one fact in both.
        text.push_str(&format!(
            "mål 9: frist ultimo 2026;\n  delmål a: |x - y| <= {limit} mio;\n  delmål b: n >= {limit};\n  delmål c: y >= {} mio;\n  mål: atleast(2, a, b, c);\n",
            limit * 20
        ));
        let plan = common::plan(&text);
        let values = [
            ("x", Reported::Number(Decimal::from(x) * Decimal::from(100_000), Some(Dim::Money))),
            ("y", Reported::Number(Decimal::from(y) * Decimal::from(100_000), Some(Dim::Money))),
            ("n", Reported::Number(Decimal::from(n), Some(Dim::Plain))),
            ("m", Reported::Number(Decimal::from(m), Some(Dim::Plain))),
            ("p", Reported::Number(Decimal::new(i64::from(p), 4), Some(Dim::Percent))),
        ];
        let mut facts = Facts::default();
        let required: Vec<String> = plan.required_facts().into_iter().map(|f| f.name).collect();
        for (name, value) in values {
            if required.iter().any(|r| r == name) {
                facts.set(name, None, value);
            }
        }
        windows_hold(&plan, &facts, common::date("2027-01-15"))?;
    }
}

#[test]
fn windows_name_the_sub_goals_that_hold_in_them() {
    let plan = common::plan("rules/cpr-2026.maal");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let mut facts = common::facts(&text);
    facts.set("realiseret", None, Reported::Number(Decimal::from(43_100_000), Some(Dim::Money)));
    let evaluation = plan.evaluate(&facts, common::date("2027-01-15")).unwrap();
    let seven = evaluation.goals.iter().find(|g| g.id == "7").unwrap();
    let realised = seven.needed.iter().find(|n| n.fact == "realiseret").unwrap();
    let texts: Vec<String> = realised.windows.iter().map(|w| w.text(maal::Lang::Da)).collect();
    assert_eq!(
        texts,
        [
            "mellem 43,2 mio. kr. og 45,2 mio. kr. (100.000 kr. mere, delmål b)",
            "mellem 38,9 mio. kr. og 42,9 mio. kr. (200.000 kr. mindre, delmål a)"
        ]
    );
    assert!(windows_hold(&plan, &facts, common::date("2027-01-15")).unwrap() >= 4);
}

#[test]
fn a_fact_that_cannot_do_it_alone_gets_its_sub_goal_windows() {
    // Mid-year, goal 6 waits for its documentation (b); the count (a) still
    // has a window: the sub-goal's.
    let plan = common::plan("rules/cpr-2026.maal");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-halvår.toml")).unwrap();
    let facts = common::facts(&text);
    let evaluation = plan.evaluate(&facts, common::date("2026-06-30")).unwrap();
    let six = evaluation.goals.iter().find(|g| g.id == "6").unwrap();
    let texts: Vec<String> = six.needed.iter().map(|n| n.text(maal::Lang::Da)).collect();
    assert_eq!(
        texts,
        [
            "minimumskrav_dokumenteret: ikke indberettet; frist 31. december 2026",
            "minimumskrav_implementeret: præcis 29 (7 mere) for delmål a; nu 22; frist 31. december 2026"
        ]
    );
    // Goal 2's count (one end) and goal 6's (both ends).
    assert_eq!(windows_hold(&plan, &facts, common::date("2026-06-30")).unwrap(), 3);
}

/// Every place that says what a goal needs says the same: for each goal of
/// an evaluation, the JSON's `needed`, `maal eval --explain` (the explanation
/// tree), the REPL's `mangler` and the report's draft analysis name the same
/// facts with the same windows, joined the same way.
fn outputs_agree(plan: &Plan, facts: &Facts, as_of: chrono::NaiveDate) -> Result<usize, TestCaseError> {
    let lang = maal::Lang::Da;
    let evaluation = plan.evaluate_in(facts, as_of, lang).unwrap_or_else(|e| panic!("{}", e.render(lang)));
    let json = serde_json::to_value(&evaluation).unwrap();
    let mut session = maal::repl::Session::new(plan, facts.clone(), as_of, lang);
    let mut checked = 0;
    for (g, goal) in evaluation.goals.iter().enumerate() {
        // JSON: the same needs.
        let listed: Vec<&str> =
            json["goals"][g]["needed"].as_array().unwrap().iter().map(|n| n["fact"].as_str().unwrap()).collect();
        let facts_needed: Vec<&str> = goal.needed.iter().map(|n| n.fact.as_str()).collect();
        prop_assert_eq!(&listed, &facts_needed, "goal {}", goal.id);
        if goal.needed.is_empty() {
            continue;
        }
        // --explain and the REPL: every need's line, and one joined phrase.
        let voice = maal::render::words::Voice::new(lang, &plan.checked().labels);
        let explain = maal::render::render_explanation(goal, voice);
        let mangler = session.execute(&format!("mangler {}", goal.id));
        for need in &goal.needed {
            // A labelled fact (`faktum x "…"`) has its words beside its name.
            let (name, year) = match need.fact.split_once('[') {
                Some((n, y)) => (n, y.trim_end_matches(']').parse().ok()),
                None => (need.fact.as_str(), None),
            };
            let text = match voice.label(name) {
                Some(_) => need.text_as(&format!("{} ({})", need.fact, voice.fact(name, year)), lang),
                None => need.text(lang),
            };
            prop_assert!(explain.contains(&text), "goal {}: --explain lacks {}\n{}", goal.id, text, explain);
            prop_assert!(mangler.contains(&text), "goal {}: mangler lacks {}\n{}", goal.id, text, mangler);
            checked += 1;
        }
        let together =
            |text: &str| text.lines().find(|l| l.trim_start().starts_with("samlet:")).map(str::trim).map(String::from);
        prop_assert_eq!(together(&explain), together(&mangler), "goal {}", goal.id);
        // The report: the analysis of a goal not met says what each fact with a window had to be.
        let ast_goal = plan.checked().file.goals.iter().find(|a| a.id.value == goal.id).unwrap();
        let required = maal::render::words::required(ast_goal, maal::render::words::Voice::plain(lang));
        let order: Vec<usize> = (0..goal.subgoals.len()).collect();
        let achieved =
            maal::render::words::achieved(Some(ast_goal), goal, &order, maal::render::words::Voice::plain(lang));
        if let Some(analysis) =
            maal::render::words::analysis(&required, &achieved, goal, maal::render::words::Voice::plain(lang))
        {
            for need in goal.needed.iter().filter(|n| !n.windows.is_empty()) {
                let text = need.windows[0].text(lang);
                prop_assert!(analysis.contains(&text), "goal {}: the analysis lacks {}\n{}", goal.id, text, analysis);
            }
        }
    }
    Ok(checked)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Both seed plans with their numbers moved, yes/no facts flipped.
    #[test]
    fn seed_plans_say_the_same_needs_everywhere(seed in 0usize..4, factors in proptest::collection::vec(50u32..150, 8), flip in any::<u8>()) {
        let (plan, facts, per) = SEEDS[seed];
        let plan = common::plan(plan);
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(facts)).unwrap();
        let mut facts = scaled(&common::facts(&text), &factors);
        let bools: Vec<_> = facts.values.iter().filter_map(|(k, (v, _))| match v {
            Reported::Bool(b) => Some((k.clone(), *b)),
            _ => None,
        }).collect();
        for (i, (k, b)) in bools.into_iter().enumerate() {
            if flip & (1 << (i % 8)) != 0 {
                facts.set(&k.0, k.1, Reported::Bool(!b));
            }
        }
        outputs_agree(&plan, &facts, common::date(per))?;
    }

    /// Generated plans: all, any and at-least goals over counts, money and yes/no facts.
    #[test]
    fn generated_plans_say_the_same_needs_everywhere(
        combine in 0usize..3, n in 0u32..30, m in 0u32..30, x in 0u32..100, ok in any::<bool>(), limit in 1u32..25,
    ) {
        let line = ["", "  mål: any(a, b, c);\n", "  mål: atleast(2, a, b, c);\n"][combine];
        let text = format!(
            "plan \"G\" {{ periode 2026 }}\nmål 1: frist ultimo 2026;\n  delmål a: n >= {limit} og ok;\n  delmål b: m >= {limit};\n  delmål c: |x - y| <= {limit} mio;\n{line}"
        );
        let plan = common::plan(&text);
        let mut facts = Facts::default();
        facts.set("n", None, Reported::Number(Decimal::from(n), Some(Dim::Plain)));
        facts.set("m", None, Reported::Number(Decimal::from(m), Some(Dim::Plain)));
        facts.set("x", None, Reported::Number(Decimal::from(x) * Decimal::from(1_000_000), Some(Dim::Money)));
        facts.set("y", None, Reported::Number(Decimal::from(50_000_000), Some(Dim::Money)));
        facts.set("ok", None, Reported::Bool(ok));
        outputs_agree(&plan, &facts, common::date("2027-01-15"))?;
    }
}
