//! Milestones with points under `scoring delvis` (Trafikstyrelsen's
//! driftsdokument: a goal of 15 points, points per milestone): the checker,
//! the score before and after the deadline, and the report's words.

mod common;

use rust_decimal::Decimal;

const PLAN: &str = r#"plan "Driftsdokument 2023" { institution "Trafikstyrelsen" periode 2023 scoring delvis }
mål 1 "Screening og tilsyn":
  frist ultimo 2023;
  delmål a "Forskrifter screenet" vægt 5 point: forskrifter_screenet_andel >= 100 pct.;
  delmål b "Flere fysiske tilsyn" vægt 5 point: fysiske_tilsyn[2023] > fysiske_tilsyn[2022];
  delmål c "Tilsyn synliggjort" vægt 5 point: synlighedsindslag >= 4;
mål 2 "Sagsbehandling": frist ultimo 2023; opgøres ultimo; vægt 10 point; sagsbehandlingstid <= 8 uger;
"#;

const YEAR_END: &str = "opgjort = 2023-12-31\nforskrifter_screenet_andel = \"100 pct.\"\nfysiske_tilsyn = { 2022 = 40, 2023 = 52 }\nsagsbehandlingstid = \"7 uger\"\nsynlighedsindslag = 2\n";

fn score(e: &maal::Evaluation, goal: &str) -> Decimal {
    e.goals.iter().find(|g| g.id == goal).unwrap().score
}

#[test]
fn a_goal_scores_the_points_of_the_milestones_reached() {
    let plan = common::plan(PLAN);
    // At the year's end, a and b reached, c not: 10 of 15 points, and the
    // goal of 10 points met: 20 of 25 = 80 pct.
    let e = common::evaluate(&plan, YEAR_END, "2023-12-31");
    assert_eq!(common::status(&plan, YEAR_END, "2023-12-31", "1"), maal::Status::PartlyMet);
    assert_eq!(e.total.score, Decimal::from(80));
    assert_eq!(score(&e, "1"), Decimal::from(40), "10/15 of the goal's 15/25 share = 40 pct.");
    assert_eq!(score(&e, "2"), Decimal::from(40));
    // Mid-year: c can still be delivered; the goal is pending, and the most
    // it can reach is the whole.
    let mid =
        "opgjort = 2023-06-30\nforskrifter_screenet_andel = \"100 pct.\"\nfysiske_tilsyn = { 2022 = 40, 2023 = 52 }\n";
    let e = common::evaluate(&plan, mid, "2023-06-30");
    assert_eq!(e.goals[0].status, maal::Status::Pending);
    assert_eq!(e.total.max_reachable, Decimal::from(100));
    // Unequal points: a milestone of 10 and one of 5.
    let unequal = PLAN
        .replace("delmål a \"Forskrifter screenet\" vægt 5 point", "delmål a \"Forskrifter screenet\" vægt 10 point");
    let e = common::evaluate(&common::plan(&unequal), YEAR_END, "2023-12-31");
    assert_eq!(e.total.score, Decimal::from(2500) / Decimal::from(30), "15 of 20 plus 10, of 30");
    // A goal's own `vægt` makes the milestones' points shares of it.
    let own = PLAN.replace("  frist ultimo 2023;\n  delmål a", "  frist ultimo 2023;\n  vægt 30 point;\n  delmål a");
    let e = common::evaluate(&common::plan(&own), YEAR_END, "2023-12-31");
    assert_eq!(e.total.score, Decimal::from(75), "2/3 of 30 plus 10, of 40");
}

#[test]
fn the_report_says_each_milestones_points_and_what_was_earned() {
    let (code, out, err) = common::report(PLAN, YEAR_END, "2023-12-31", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("a) Forskrifter screenet: mindst 100 pct. (5 point)"), "{out}");
    assert!(out.contains("målet er delvist opfyldt (10 af 15 point)."), "{out}");
    assert!(out.contains("| 1 Screening og tilsyn |") && out.contains("| 60,00 |"), "the goal's share: {out}");
    let (_, english, _) = common::report(PLAN, YEAR_END, "2023-12-31", &["--lang", "en"]);
    assert!(english.contains("(10 of 15 points)"), "{english}");
}

#[test]
fn points_need_partial_scoring_and_every_milestone_of_the_goal() {
    let binary = PLAN.replace("scoring delvis", "scoring binær");
    // One error for the goal's points (at the first), one for goal 2's `vægt`.
    assert_eq!(common::check(&binary).unwrap_err(), ["E0113", "E0113"]);
    let one_missing = PLAN.replace("delmål c \"Tilsyn synliggjort\" vægt 5 point:", "delmål c \"Tilsyn synliggjort\":");
    let (code, _, err) = common::maal(&["check", "-"], Some(&one_missing));
    assert_eq!(code, 1);
    assert!(err.contains("delmål c mangler point") && err.contains(":6:"), "{err}");
    let unweighed_goal = PLAN.replace("vægt 10 point; sagsbehandlingstid", "sagsbehandlingstid");
    let (_, _, err) = common::maal(&["check", "-"], Some(&unweighed_goal));
    assert!(err.contains("mål 2 mangler en vægt") && !err.contains("binær"), "{err}");
    // English in, Danish out, and the points kept.
    let (code, out, err) = common::maal(
        &["fmt", "-"],
        Some("plan \"x\" { periode 2023 scoring delvis }\ngoal 1: deadline 2023-12-31; subgoal a \"M1\" weight 2,5 point: x >= 1; subgoal b \"M2\" weight 2,5 point: y >= 1;\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("delmål a \"M1\" vægt 2,5 point: x >= 1;"), "{out}");
}
