//! `målår`: a target for a later year inside this year's plan, shown and
//! tracked, out of this year's score.

mod common;

use maal::{Lang, Status};
use rust_decimal::Decimal;

const PLAN: &str = "plan \"Resultatplan 2019\" { institution \"Ankestyrelsen\" periode 2019 }\n\
mål 1 \"Sagsbehandlingstid 2019\":\n  frist ultimo 2019;\n  sagsbehandlingstid <= 17 uger;\n\
mål 2 \"Sagsbehandlingstid 2022\":\n  målår 2022;\n  sagsbehandlingstid <= 12 uger;\n\
mål 3 \"Stikprøver\":\n  frist ultimo 2019;\n  stikprøver >= 10;\n";

#[test]
fn a_later_years_target_is_out_of_the_score_and_waits_for_its_year() {
    let plan = common::plan(PLAN);
    let evaluation = common::evaluate(&plan, "sagsbehandlingstid = \"11 uger\"\nstikprøver = 8", "2020-01-15");
    let statuses: Vec<Status> = evaluation.goals.iter().map(|g| g.status).collect();
    assert_eq!(statuses, [Status::Met, Status::Pending, Status::NotMet]);
    // Two goals count: one of two met is 50 pct.; the 2022 target weighs nothing.
    assert_eq!(evaluation.total.score, Decimal::from(50));
    assert_eq!(evaluation.total.max_reachable, Decimal::from(50));
    assert_eq!(evaluation.goals[1].weight, Decimal::ZERO);
    assert_eq!(evaluation.goals[1].target_year, Some(2022));
    let awaiting = evaluation.goals[1].awaiting.expect("it waits for 2022");
    assert_eq!((awaiting.end, awaiting.now), (common::date("2022-12-31"), Status::Met));
    // A report covering 2022 decides it, still out of 2019's score.
    let later = common::evaluate(
        &plan,
        "opgjort = 2022-12-31\nsagsbehandlingstid = \"13 uger\"\nstikprøver = 10",
        "2023-01-15",
    );
    assert_eq!(later.goals[1].status, Status::NotMet);
    assert_eq!(later.total.score, Decimal::from(100));
    // Met, it adds nothing either (the unit-weight and the weighted scoring alike).
    let met =
        common::evaluate(&plan, "opgjort = 2022-12-31\nsagsbehandlingstid = \"11 uger\"\nstikprøver = 8", "2023-01-15");
    assert_eq!(met.goals[1].status, Status::Met);
    assert_eq!(met.total.score, Decimal::from(50));
    let weighted = PLAN
        .replace("periode 2019 }", "periode 2019 scoring vægtet }")
        .replace(
            "  frist ultimo 2019;\n  sagsbehandlingstid",
            "  frist ultimo 2019;\n  vægt 60 pct.;\n  sagsbehandlingstid",
        )
        .replace("  frist ultimo 2019;\n  stikprøver", "  frist ultimo 2019;\n  vægt 40 pct.;\n  stikprøver");
    // Under `scoring vægtet` the later year's goal needs no weight (and gets none).
    assert_eq!(common::check(&weighted).unwrap(), Vec::<String>::new());
    let weighted = common::plan(&weighted);
    let e = common::evaluate(
        &weighted,
        "opgjort = 2022-12-31\nsagsbehandlingstid = \"11 uger\"\nstikprøver = 8",
        "2023-01-15",
    );
    assert_eq!(e.goals[1].status, Status::Met);
    assert_eq!(e.total.score, Decimal::from(60));
}

#[test]
fn every_output_says_it_is_for_a_later_year() {
    let plan = common::plan(PLAN);
    let evaluation = common::evaluate(&plan, "sagsbehandlingstid = \"11 uger\"\nstikprøver = 8", "2020-01-15");
    let table = maal::render::render_text(&evaluation, Lang::Da);
    assert!(table.contains("målår 2022, uden for årets målopfyldelse; afventer indberetning pr. 31. december 2022 (tallene til nu: opfyldt)"), "{table}");
    assert!(table.contains("(1 af 2 mål opfyldt)"), "{table}");
    let json = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(json["goals"][1]["target_year"], 2022);
    assert!(json["goals"][0].get("target_year").is_none());
    let facts = "sagsbehandlingstid = \"11 uger\"\nstikprøver = 8\n";
    let (code, out, err) = common::report(PLAN, facts, "2020-01-15", &["--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the goal is for 2022 and out of this year's score; it waits for a report as of 31 December 2022; the figures so far meet the requirement."), "{out}");
    assert!(out.contains("(1 of 2 goals met)"), "{out}");
}

#[test]
fn it_checks_formats_and_warns_where_it_changes_nothing() {
    // Time-bound by its year: no W0101, no W0107.
    assert_eq!(common::check(PLAN).unwrap(), Vec::<String>::new());
    let inside = "plan \"p\" { periode 2019 }\nmål 1: målår 2019; frist ultimo 2019; x <= 12;\n";
    assert_eq!(common::check(inside).unwrap(), ["W0110"]);
    let (code, out, _) = common::maal(&["fmt", "-"], Some(&PLAN.replace("målår 2022", "target-year 2022")));
    assert_eq!(code, 0);
    assert!(out.contains("  målår 2022;\n"), "{out}");
}
