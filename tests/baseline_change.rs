//! A change against a baseline year (`falder mindst 25 pct. fra 2012`):
//! relative with pct., absolute with every other unit; the baseline's figure
//! under `[historik]` in the fact file.

mod common;

use maal::Status;

const PLAN: &str = "plan \"Resultatplan 2020\" { institution \"Ankestyrelsen\" periode 2020 }\n\
mål 1 \"Kortere sagsbehandlingstid\":\n  opgøres ultimo;\n  sagsbehandlingstid falder mindst 25 pct. fra 2012;\n\
mål 2 \"Færre klager\":\n  klager falder med mindst 100 fra 2019 til 2020;\n\
mål 3 \"Genoptagne sager\":\n  genoptagne stiger højst 2 pct.-point fra 2019;\n\
mål 4 \"Flere afgørelser\":\n  afgørelser[2020] stiger mindst 10 pct. fra 2019;\n";

const YEAR_END: &str = "sagsbehandlingstid = \"14,5 uger\"\nklager = { 2019 = 1000, 2020 = 900 }\n\
genoptagne = \"7,5 pct.\"\nafgørelser = { 2019 = 2000, 2020 = 2199 }\n\
[historik]\nsagsbehandlingstid = { 2012 = \"20 uger\" }\ngenoptagne = { 2019 = \"5 pct.\" }\n";

#[test]
fn the_checker_reads_a_change_as_the_comparison_it_means() {
    // Goal 1 is due at the period's end (`opgøres ultimo`); the rest have no deadline.
    assert_eq!(common::check(PLAN), Ok(vec!["W0101".to_string(); 3]), "only: no deadline");
    // The fact is read this period and in the baseline year.
    let plan = common::plan(PLAN);
    let facts = plan.required_facts();
    let time = facts.iter().find(|f| f.name == "sagsbehandlingstid").unwrap();
    assert_eq!(time.years, [2012]);
    // Only a fact changes; the year is written once.
    assert_eq!(
        common::check("plan \"p\" { periode 2020 }\nmål 1: (a + b) falder mindst 5 pct. fra 2012;\n"),
        Err(vec!["E0001".into()])
    );
    assert_eq!(
        common::check("plan \"p\" { periode 2020 }\nmål 1: a[2020] falder mindst 5 pct. fra 2012 til 2020;\n"),
        Err(vec!["E0001".into()])
    );
    // A duration falls by a duration or a share, not by money.
    assert!(common::check(
        "plan \"p\" { periode 2020 }\nmål 1: t <= 17 uger og t falder mindst 2 mio. kr. fra 2012;\n"
    )
    .is_err());
}

#[test]
fn relative_and_absolute_changes_are_decided_on_the_year_end_report() {
    let plan = common::plan(PLAN);
    let at_end = format!("opgjort = 2020-12-31\n{YEAR_END}");
    let evaluation = common::evaluate(&plan, &at_end, "2021-01-15");
    let statuses: Vec<Status> = evaluation.goals.iter().map(|g| g.status).collect();
    // 14,5 <= 15 uger; 900 <= 900; 7,5 pct. > 5 + 2 pct.-point; 2199 < 2200.
    assert_eq!(statuses, [Status::Met, Status::Met, Status::NotMet, Status::NotMet]);
    // Mid-year, the year-end measure waits; the rest is not yet decided either.
    let mid = common::evaluate(&plan, &format!("opgjort = 2020-06-30\n{YEAR_END}"), "2020-07-15");
    assert_eq!(mid.goals[0].status, Status::Pending);
    assert!(mid.goals[0].awaiting.is_some());
    // Without the baseline's figure nothing is decided before the deadline.
    let no_baseline = "sagsbehandlingstid = \"14 uger\"";
    assert_eq!(common::status(&plan, no_baseline, "2020-07-15", "1"), Status::Pending);
}

#[test]
fn the_report_says_the_change_in_the_plans_words() {
    let (code, out, err) = common::report(PLAN, &format!("opgjort = 2020-12-31\n{YEAR_END}"), "2021-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| sagsbehandlingstid falder mindst 25 pct. fra 2012 "), "{out}");
    assert!(
        out.contains("Sagsbehandlingstid blev 14,5 uger (krav: falder mindst 25 pct. fra 2012, dvs. højst 15 uger)"),
        "{out}"
    );
    assert!(out.contains("klager falder mindst 100 fra 2019 til 2020"), "{out}");
    assert!(out.contains("genoptagne stiger højst 2 pct.-point fra 2019"), "{out}");
    assert!(out.contains("afgørelser stiger mindst 10 pct. fra 2019 til 2020"), "{out}");
    let (_, en, _) =
        common::report(PLAN, &format!("opgjort = 2020-12-31\n{YEAR_END}"), "2021-01-15", &["--lang", "en"]);
    assert!(en.contains("sagsbehandlingstid falls at least 25 % from 2012"), "{en}");
    assert!(en.contains("genoptagne rises at most 2 percentage points from 2019"), "{en}");
    assert!(en.contains("Sagsbehandlingstid was 14.5 weeks"), "English unit words: {en}");
}

#[test]
fn the_template_puts_the_baseline_under_historik_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.maal");
    std::fs::write(&path, PLAN).unwrap();
    let (code, template, err) = common::maal(&["facts", path.to_str().unwrap(), "--format", "toml"], None);
    assert_eq!(code, 0, "{err}");
    let history = template.split("[historik]").nth(1).unwrap_or_else(|| panic!("{template}"));
    assert!(history.contains("sagsbehandlingstid = { 2012 = \"\" }"), "{template}");
    assert!(history.contains("genoptagne = { 2019 = \"\" }"), "{template}");
    assert!(template.split("[historik]").next().unwrap().contains("sagsbehandlingstid = \"\""), "{template}");
    maal::Facts::from_toml(&template).unwrap();
    // A plain value under [historik] is refused with the form it takes.
    let err = maal::Facts::from_toml("[historik]\nsagsbehandlingstid = \"20 uger\"\n").unwrap_err().to_string();
    assert!(err.contains("under [historik] har hvert faktum årstal"), "{err}");
}

#[test]
fn the_formatter_keeps_the_words() {
    let (code, out, err) = common::maal(&["fmt", "-"], Some(PLAN.replace("falder mindst", "falder   mindst").as_str()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  sagsbehandlingstid falder mindst 25 pct. fra 2012;\n"), "{out}");
    assert!(out.contains("  klager falder med mindst 100 fra 2019 til 2020;\n"), "{out}");
    assert!(out.contains("  afgørelser[2020] stiger mindst 10 pct. fra 2019;\n"), "{out}");
}
