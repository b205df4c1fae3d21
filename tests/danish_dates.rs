//! Dates as Danish plans and letters write them: `30. juni 2024` in a rule,
//! `30-06-2024` and `30.06.2024` in facts and `--per`.

mod common;

use maal::Status;

const PLAN: &str = "plan \"Resultatplan 2024\" { institution \"Styrelsen\" periode 2024 }\n\
mål 1 \"Høringssvar\":\n  høringssvar_afgivet senest 30. september 2024;\n\
mål 2 \"Vejledning\":\n  frist 1. december 2024;\n  vejledninger >= 4;\n";

#[test]
fn a_day_and_month_in_words_is_that_day() {
    let plan = common::plan(PLAN);
    let on_time = "høringssvar_afgivet = 2024-09-30\nvejledninger = 3";
    assert_eq!(common::status(&plan, on_time, "2024-10-01", "1"), Status::Met);
    let late = "høringssvar_afgivet = 2024-10-01\nvejledninger = 3";
    assert_eq!(common::status(&plan, late, "2024-10-02", "1"), Status::NotMet);
    // Not delivered: pending up to the day, missed after it.
    assert_eq!(common::status(&plan, "vejledninger = 3", "2024-09-30", "1"), Status::Pending);
    assert_eq!(common::status(&plan, "vejledninger = 3", "2024-10-01", "1"), Status::NotMet);
    // `frist 1. december 2024` is the goal's deadline.
    assert_eq!(common::status(&plan, "vejledninger = 3", "2024-11-30", "2"), Status::Pending);
    // Figures as of the deadline day are the figures at the deadline: decided.
    assert_eq!(common::status(&plan, "vejledninger = 3", "2024-12-01", "2"), Status::NotMet);
    assert_eq!(common::status(&plan, "vejledninger = 4", "2024-12-01", "2"), Status::Met);
}

#[test]
fn the_report_writes_the_date_in_words() {
    let (code, out, err) = common::report(PLAN, "høringssvar_afgivet = \"01-10-2024\"\n", "31.12.2024", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("30. september 2024"), "{out}");
    assert!(out.contains("1. oktober 2024"), "{out}");
}

#[test]
fn a_day_that_is_not_in_the_calendar_is_a_located_error() {
    let (code, _, err) =
        common::maal(&["check", "-"], Some("plan \"p\" { periode 2024 }\nmål 1: x senest 31. juni 2024;\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0005") && err.contains("31. juni 2024 findes ikke i kalenderen"), "{err}");
    assert!(err.contains(":2:17"), "{err}");
}

#[test]
fn the_formatter_keeps_the_date_as_written() {
    let (code, out, err) =
        common::maal(&["fmt", "-"], Some("plan \"p\" { periode 2024 }\nmål 1: x   senest  30. juni 2024;\n"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("x senest 30. juni 2024;"), "{out}");
}

/// `leveret i 2024` under `frist 30. juni 2024`: the goal's deadline binds
/// the delivery — pending until 30 June, not met after it when nothing came
/// (it stayed pending until the year's end), and a delivery after it is late.
#[test]
fn a_delivery_in_a_period_is_due_by_the_goals_earlier_frist() {
    let plan = common::plan(
        "plan \"p\" { periode 2024 }\nmål 1 \"Analyse\": frist 30. juni 2024; analyse_leveret i 2024;\nmål 2: analyse2_leveret i 2024;\n",
    );
    assert_eq!(common::status(&plan, "analyse2_leveret = 2024-01-02", "2024-06-30", "1"), Status::Pending);
    assert_eq!(common::status(&plan, "analyse2_leveret = 2024-01-02", "2024-08-01", "1"), Status::NotMet);
    assert_eq!(common::status(&plan, "analyse_leveret = 2024-06-28", "2024-08-01", "1"), Status::Met);
    assert_eq!(common::status(&plan, "analyse_leveret = 2024-07-15", "2024-08-01", "1"), Status::NotMet, "late");
    // Without a `frist`, the period written is the deadline.
    assert_eq!(common::status(&plan, "analyse_leveret = 2024-01-02", "2024-08-01", "2"), Status::Pending);
    let dir = tempfile::tempdir().unwrap();
    let (p, f) = (dir.path().join("plan.maal"), dir.path().join("fakta.toml"));
    std::fs::write(
        &p,
        "plan \"p\" { periode 2024 }\nmål 1 \"Analyse\": frist 30. juni 2024; analyse_leveret i 2024;\n",
    )
    .unwrap();
    std::fs::write(&f, "").unwrap();
    let (_, out, _) =
        common::maal(&["eval", p.to_str().unwrap(), "--facts", f.to_str().unwrap(), "--per", "2024-05-01"], None);
    assert!(out.contains("frist 30. juni 2024") && !out.contains("31. december 2024"), "{out}");
}
