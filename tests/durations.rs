//! Lengths of time (`uger`, `dage`): a dimension of calendar days, a week
//! exactly 7, as real plans state case-processing and response times; and
//! working days and months, measures of their own (no fixed number of days).

mod common;

use maal::{Lang, Status};

const PLAN: &str = "plan \"Resultatplan 2019\" { institution \"Ankestyrelsen\" periode 2019 }\n\
mål 1 \"Sagsbehandlingstid i kommunale sager\":\n  sagsbehandlingstid <= 17 uger;\n\
mål 2 \"Svartid\":\n  svartid < 10 dage;\n";

#[test]
fn weeks_and_days_are_one_measure_converted_exactly() {
    let plan = common::plan(PLAN);
    let per = "2020-01-15";
    // 17 weeks is exactly 119 days: at the limit in either unit.
    assert_eq!(common::status(&plan, "sagsbehandlingstid = \"119 dage\"\nsvartid = \"9 dage\"", per, "1"), Status::Met);
    assert_eq!(common::status(&plan, "sagsbehandlingstid = \"17 uger\"\nsvartid = \"9 dage\"", per, "1"), Status::Met);
    assert_eq!(
        common::status(&plan, "sagsbehandlingstid = \"120 dage\"\nsvartid = \"9 dage\"", per, "1"),
        Status::NotMet
    );
    assert_eq!(
        common::status(&plan, "sagsbehandlingstid = \"17,6 uger\"\nsvartid = \"9 dage\"", per, "1"),
        Status::NotMet
    );
    // Under 10 days: 1 week is 7 days; 2 weeks are 14.
    assert_eq!(common::status(&plan, "sagsbehandlingstid = \"1 uge\"\nsvartid = \"1 uge\"", per, "2"), Status::Met);
    assert_eq!(common::status(&plan, "sagsbehandlingstid = \"1 uge\"\nsvartid = \"2 uger\"", per, "2"), Status::NotMet);
}

#[test]
fn a_duration_is_shown_in_weeks_when_that_is_exact_else_in_days() {
    let plan = common::plan(PLAN);
    let evaluation = common::evaluate(&plan, "sagsbehandlingstid = \"17,6 uger\"\nsvartid = \"10 dage\"", "2020-01-15");
    let one = &evaluation.goals[0].explanation[0];
    assert_eq!(one.value_text(Lang::Da).as_deref(), Some("17,6 uger"));
    assert_eq!(one.threshold_text(Lang::Da).as_deref(), Some("<= 17 uger"));
    // 0,6 weeks over: 4,2 days, said in days (0,6 uger would read as a fraction of a week).
    assert_eq!(one.margin_text(Lang::Da).as_deref(), Some("-4,2 dage"));
    let two = &evaluation.goals[1].explanation[0];
    assert_eq!(two.value_text(Lang::Da).as_deref(), Some("10 dage"));
    // English output says its units in English.
    assert_eq!(two.value_text(Lang::En).as_deref(), Some("10 days"));
    assert_eq!(one.value_text(Lang::En).as_deref(), Some("17.6 weeks"));
    assert_eq!(one.margin_text(Lang::En).as_deref(), Some("-4.2 days"));
    let need = evaluation.goals[0].needed.first().expect("goal 1 needs a shorter time");
    assert_eq!(need.text(Lang::Da), "sagsbehandlingstid: højst 17 uger (4,2 dage mindre); nu 17,6 uger");
}

#[test]
fn the_report_says_the_duration_as_written() {
    let (code, out, err) =
        common::report(PLAN, "sagsbehandlingstid = \"17,6 uger\"\nsvartid = \"2 uger\"\n", "2020-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sagsbehandlingstid blev 17,6 uger (krav: højst 17 uger)"), "{out}");
    assert!(out.contains("Svartid blev 2 uger (krav: under 10 dage)"), "{out}");
    assert!(out.contains("skulle sagsbehandlingstid have været højst 17 uger (4,2 dage mindre)"), "{out}");
    let (_, english, _) = common::report(
        PLAN,
        "sagsbehandlingstid = \"17,6 uger\"\nsvartid = \"2 uger\"\n",
        "2020-01-15",
        &["--lang", "en"],
    );
    assert!(english.contains("Sagsbehandlingstid was 17.6 weeks (required: at most 17 weeks)"), "{english}");
    assert!(!english.contains("uger") && !english.contains("dage"), "no Danish unit words:\n{english}");
}

#[test]
fn a_duration_meets_only_durations() {
    let errors = common::check("plan \"p\" { periode 2026 }\nmål 1: t <= 17 uger og t >= 2 mio;\n").unwrap_err();
    assert!(errors.iter().any(|e| e.contains("E0102")), "{errors:?}");
    // Its kind is named in what the plan needs.
    let plan = common::plan(PLAN);
    let kinds: Vec<String> = plan.required_facts().into_iter().map(|f| f.kind).collect();
    assert_eq!(kinds, ["duration", "duration"]);
    // `maal fmt` keeps the unit as written.
    let (code, out, _) = common::maal(&["fmt", "-"], Some(PLAN));
    assert_eq!(code, 0);
    assert!(out.contains("<= 17 uger;") && out.contains("< 10 dage;"), "{out}");
}

#[test]
fn one_week_and_one_day_are_singular() {
    let plan = common::plan(PLAN);
    let evaluation = common::evaluate(&plan, "sagsbehandlingstid = \"1 uge\"\nsvartid = \"9 dage\"", "2020-01-15");
    assert_eq!(evaluation.goals[0].explanation[0].value_text(Lang::Da).as_deref(), Some("1 uge"));
    // 9 days against under 10: one day to spare.
    assert_eq!(evaluation.goals[1].explanation[0].margin_text(Lang::Da).as_deref(), Some("1 dag"));
    // A deadline met with a day to spare says so too.
    let plan = common::plan("plan \"p\" { periode 2026 }\nmål 1: leveret senest 2026-06-30;\n");
    let evaluation = common::evaluate(&plan, "leveret = 2026-06-29", "2026-12-31");
    assert_eq!(evaluation.goals[0].explanation[0].margin_text(Lang::Da).as_deref(), Some("1 dag"));
    assert_eq!(evaluation.goals[0].explanation[0].margin_text(Lang::En).as_deref(), Some("1 day"));
}

#[test]
fn working_days_and_months_are_measures_of_their_own() {
    let plan = common::plan(
        "plan \"Resultatplan 2019\" { institution \"Ankestyrelsen\" periode 2019 }\n\
         mål 1 \"Aktindsigt\": frist ultimo 2019; aktindsigt <= 20 arbejdsdage;\n\
         mål 2 \"Arbejdsskadesager\": frist ultimo 2019; arbejdsskade <= 6 måneder;\n",
    );
    let facts = "aktindsigt = \"18 arbejdsdage\"\narbejdsskade = \"7,1 måneder\"";
    let evaluation = common::evaluate(&plan, facts, "2020-01-15");
    assert_eq!(evaluation.goals[0].status, Status::Met);
    assert_eq!(evaluation.goals[1].status, Status::NotMet);
    let one = &evaluation.goals[0].explanation[0];
    assert_eq!(one.value_text(Lang::Da).as_deref(), Some("18 arbejdsdage"));
    assert_eq!(one.margin_text(Lang::Da).as_deref(), Some("2 arbejdsdage"));
    let two = &evaluation.goals[1].explanation[0];
    assert_eq!(two.margin_text(Lang::Da).as_deref(), Some("-1,1 måneder"));
    // English words in rules and facts: `working days`, `months`; singular `1 arbejdsdag`.
    let plan_en =
        common::plan("plan \"p\" { periode 2019 }\nmål 1: frist ultimo 2019; a <= 2 working days og m >= 1 month;\n");
    let e = common::evaluate(&plan_en, "a = \"1 arbejdsdag\"\nm = \"1 måned\"", "2020-01-15");
    assert_eq!(e.goals[0].status, Status::Met);
    assert_eq!(e.goals[0].explanation[0].value_text(Lang::Da).as_deref(), Some("1 arbejdsdag"));
    // Calendar days, working days and months never meet: in rules and in facts.
    let err =
        common::check("plan \"p\" { periode 2019 }\nmål 1: frist ultimo 2019; t <= 20 arbejdsdage og t <= 3 uger;\n");
    assert_eq!(err, Err(vec!["E0102".to_string()]));
    let plan = common::plan("plan \"p\" { periode 2019 }\nmål 1: frist ultimo 2019; t <= 20 arbejdsdage;\n");
    let wrong = plan.evaluate(&common::facts("t = \"3 uger\""), common::date("2020-01-15"));
    assert!(wrong.is_err());
}
