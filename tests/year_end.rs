//! `opgøres ultimo` / `helår`: a goal measured over the whole period waits
//! for a report that covers the period's end, met or not at mid-year.

mod common;

use maal::{Lang, Status};

const PLAN: &str =
    "plan \"Resultatplan 2026\" { institution \"Ankestyrelsen\" periode 2026 afrapportering halvårlig }\n\
mål 1 \"Gennemsnitlig sagsbehandlingstid\":\n  opgøres ultimo;\n  gennemsnitlig_sagsbehandlingstid <= 17 uger;\n\
mål 2 \"Andel omgjorte sager\":\n  helår;\n  andel_omgjort <= 10 pct.;\n\
mål 3 \"Stikprøver\":\n  stikprøver >= 10;\n";

const MID_YEAR: &str = "opgjort = 2026-06-30\ngennemsnitlig_sagsbehandlingstid = \"15 uger\"\nandel_omgjort = \"12 pct.\"\nstikprøver = 12\n";
const YEAR_END: &str = "opgjort = 2026-12-31\ngennemsnitlig_sagsbehandlingstid = \"15 uger\"\nandel_omgjort = \"12 pct.\"\nstikprøver = 12\n";

fn statuses(facts: &str, per: &str) -> Vec<Status> {
    common::evaluate(&common::plan(PLAN), facts, per).goals.iter().map(|g| g.status).collect()
}

#[test]
fn a_mid_year_figure_decides_nothing_met_or_not() {
    // Before the period's end: pending, though 15 weeks is under 17 and 12 pct. over 10.
    assert_eq!(statuses(MID_YEAR, "2026-07-10"), [Status::Pending, Status::Pending, Status::Met]);
    // The half-year report evaluated after the period still does not cover it.
    assert_eq!(statuses(MID_YEAR, "2027-01-15"), [Status::Pending, Status::Pending, Status::Met]);
    // The year-end report decides both.
    assert_eq!(statuses(YEAR_END, "2027-01-15"), [Status::Met, Status::NotMet, Status::Met]);
    // A year-end report looked at as of a date inside the period: not covered yet.
    assert_eq!(statuses(YEAR_END, "2026-11-30"), [Status::Pending, Status::Pending, Status::Met]);
    // Without `opgjort`, the facts are taken as made as of the evaluation's date.
    let undated = YEAR_END.replace("opgjort = 2026-12-31\n", "");
    assert_eq!(statuses(&undated, "2026-07-10"), [Status::Pending, Status::Pending, Status::Met]);
    assert_eq!(statuses(&undated, "2027-01-15"), [Status::Met, Status::NotMet, Status::Met]);
}

#[test]
fn the_total_counts_a_waiting_goal_as_reachable_and_earns_it_nothing() {
    let evaluation = common::evaluate(&common::plan(PLAN), MID_YEAR, "2026-07-10");
    assert_eq!(evaluation.goals[0].score, rust_decimal::Decimal::ZERO);
    assert_eq!(evaluation.total.max_reachable, rust_decimal::Decimal::ONE_HUNDRED);
    // Partial scoring gives a waiting goal no fraction either.
    let partial = PLAN.replace("afrapportering halvårlig", "afrapportering halvårlig scoring delvis").replace(
        "  helår;\n  andel_omgjort <= 10 pct.;",
        "  helår;\n  delmål a: andel_omgjort <= 10 pct.;\n  delmål b: stikprøver >= 10;",
    );
    let evaluation = common::evaluate(&common::plan(&partial), MID_YEAR, "2026-07-10");
    assert_eq!(evaluation.goals[1].status, Status::Pending);
    assert_eq!(evaluation.goals[1].score, rust_decimal::Decimal::ZERO);
}

#[test]
fn every_output_says_why_it_waits() {
    let evaluation = common::evaluate(&common::plan(PLAN), MID_YEAR, "2027-01-15");
    let end = common::date("2026-12-31");
    // 15 weeks is under 17 so far; 12 pct. is over 10 so far.
    assert_eq!(evaluation.goals[0].awaiting, Some(maal::Awaiting { end, now: Status::Met }));
    assert_eq!(evaluation.goals[1].awaiting, Some(maal::Awaiting { end, now: Status::NotMet }));
    assert_eq!(evaluation.goals[2].awaiting, None);
    let json = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(json["goals"][0]["awaits_period_end"], "2026-12-31");
    assert_eq!(json["goals"][0]["status_so_far"], "met");
    assert!(json["goals"][2].get("awaits_period_end").is_none(), "absent where it does not apply");
    assert!(json["goals"][2].get("status_so_far").is_none(), "absent where it does not apply");
    let table = maal::render::render_text(&evaluation, Lang::Da);
    assert!(
        table.contains("opgøres ultimo; afventer indberetning pr. 31. december 2026 (tallene til nu: opfyldt)"),
        "{table}"
    );
    let tree = maal::render::render_explanation(&evaluation.goals[1], maal::render::words::Voice::plain(Lang::En));
    assert!(
        tree.contains(
            "measured at the period's end; awaits a report as of 31 December 2026 (the figures so far: not met)"
        ),
        "{tree}"
    );
    let (code, out, err) = common::report(PLAN, MID_YEAR, "2027-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Gennemsnitlig sagsbehandlingstid blev 15 uger (krav: højst 17 uger); målet opgøres ultimo og afventer en indberetning pr. 31. december 2026; tallene til nu opfylder kravet."),
        "{out}"
    );
}

#[test]
fn it_is_written_back_as_written_and_warned_about_where_missing() {
    let (code, out, _) = common::maal(&["fmt", "-"], Some(&PLAN.replace("opgøres ultimo", "measured at-end")));
    assert_eq!(code, 0);
    assert!(out.contains("  opgøres ultimo;\n") && out.contains("  helår;\n"), "{out}");
    // The warning: a yearly measure's limit without it; none with it.
    let without =
        "plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026; gennemsnitlig_sagsbehandlingstid <= 17 uger;\n";
    assert_eq!(common::check(without).unwrap(), ["W0109"]);
    let with = "plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026; opgøres ultimo; gennemsnitlig_sagsbehandlingstid <= 17 uger;\n";
    assert_eq!(common::check(with).unwrap(), Vec::<String>::new());
    let allowed = "plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026; tillad W0109; andel_omgjort <= 10 pct.;\n";
    assert_eq!(common::check(allowed).unwrap(), Vec::<String>::new());
}

/// The year-end report (`opgjort` on the last day) decides a goal measured
/// at the end: a figure over the cap is not met then, not "not yet reached"
/// (the annual report made from that file said `afventer`).
#[test]
fn the_year_end_report_decides_on_the_last_day() {
    let plan = common::plan("examples/planer/ankestyrelsen-2019.maal");
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/planer/ankestyrelsen-2019-år.toml"),
    )
    .unwrap();
    let facts = maal::Facts::read("ankestyrelsen-2019-år.toml", &bytes).unwrap();
    let evaluation = plan.evaluate(&facts, common::date("2019-12-31")).unwrap();
    let status = |id: &str| evaluation.goals.iter().find(|g| g.id == id).unwrap().status;
    assert_eq!(status("1"), maal::Status::NotMet, "17,4 uger over 17 on the last day");
    assert_eq!(status("2"), maal::Status::Met);
    assert_eq!(status("4"), maal::Status::Pending, "målår 2022 waits for 2022");
    // The day before, the same figure is a figure so far.
    let before = plan.evaluate(&facts, common::date("2019-12-30")).unwrap();
    assert_eq!(before.goals[0].status, maal::Status::Pending);
}
