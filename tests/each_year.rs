//! The same condition over years: `hvert år 2022..2024: …` (all of them) and
//! `mindst n af årene …` ("as a rule"), each fact without a year read per year.

mod common;

use maal::Status;

const PLAN: &str = "plan \"Resultatplan 2022\" { institution \"Styrelsen\" periode 2022 }\n\
mål 1 \"Ventetid\":\n  målår 2024;\n  hvert år 2022..2024: ventetid <= 12 uger;\n\
mål 2 \"Tilfredshed som hovedregel\":\n  målår 2024;\n  mindst 2 af årene fra 2022 til 2024: tilfredshed >= 80 pct. og svar >= 100;\n\
mål 3 \"Sagsbehandling\":\n  frist ultimo 2022;\n  (every year 2021..2022: sager >= 10) og rapport_afleveret;\n";

const FACTS: &str = "ventetid = { 2022 = \"11 uger\", 2023 = \"13 uger\" }\n\
tilfredshed = { 2022 = \"81 pct.\", 2023 = \"79 pct.\" }\nsvar = { 2022 = 120, 2023 = 150 }\n\
sager = { 2021 = 12, 2022 = 10 }\nrapport_afleveret = true\n";

#[test]
fn the_checker_reads_one_fact_per_year() {
    let plan = common::plan(PLAN);
    let facts = plan.required_facts();
    let years = |name: &str| facts.iter().find(|f| f.name == name).unwrap().years.clone();
    assert_eq!(years("ventetid"), [2022, 2023, 2024]);
    assert_eq!(years("sager"), [2021, 2022]);
    // A condition with no fact to move, a span backwards, more than 50 years.
    for bad in ["hvert år 2022..2024: x[2022] >= 1", "hvert år 2024..2022: x >= 1", "hvert år 1950..2010: x >= 1"] {
        let text = format!("plan \"p\" {{ periode 2022 }}\nmål 1: frist ultimo 2022; {bad};\n");
        assert!(common::check(&text).is_err(), "{bad}");
    }
}

#[test]
fn every_year_must_hold_and_at_least_n_counts_the_years() {
    let plan = common::plan(PLAN);
    // 2023: 13 weeks > 12, so every year cannot hold any more; 2 of 3 is still open.
    let after_2023 = common::evaluate(&plan, FACTS, "2024-01-15");
    let status = |id: &str| after_2023.goals.iter().find(|g| g.id == id).unwrap().status;
    assert_eq!(status("1"), Status::Pending, "a målår goal waits for its year");
    assert_eq!(status("2"), Status::Pending);
    assert_eq!(status("3"), Status::Met);
    // After 2024 is in: ventetid failed in 2023 (not met); tilfredshed met in 2022 and 2024.
    let all = format!(
        "{}\nopgjort = 2024-12-31\n",
        FACTS
            .replace("2023 = \"13 uger\"", "2023 = \"13 uger\", 2024 = \"10 uger\"")
            .replace("2023 = \"79 pct.\"", "2023 = \"79 pct.\", 2024 = \"85 pct.\"")
            .replace("2023 = 150", "2023 = 150, 2024 = 130")
    );
    let end = common::evaluate(&plan, &all, "2025-01-15");
    let status = |id: &str| end.goals.iter().find(|g| g.id == id).unwrap().status;
    assert_eq!(status("1"), Status::NotMet);
    assert_eq!(status("2"), Status::Met);
    // Goal 3 before its deadline, with 2022 short: every year cannot hold.
    let short = FACTS.replace("2022 = 10 }", "2022 = 9 }");
    assert_eq!(common::status(&plan, &short, "2023-01-15", "3"), Status::NotMet);
}

#[test]
fn the_report_says_every_year_and_names_each_years_figure() {
    let (code, out, err) = common::report(PLAN, FACTS, "2024-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| ventetid højst 12 uger hvert år fra 2022 til 2024 |"), "{out}");
    assert!(out.contains("i mindst 2 af årene 2022 til 2024"), "{out}");
    assert!(out.contains("mindst 10 sager hvert år fra 2021 til 2022 og rapport afleveret"), "{out}");
    // Each year's figure under its own year.
    assert!(out.contains("Ventetid 2022 blev 11 uger") && out.contains("ventetid 2023 blev 13 uger"), "{out}");
    let (_, en, _) = common::report(PLAN, FACTS, "2024-01-15", &["--lang", "en"]);
    assert!(
        en.contains("every year from 2022 to 2024") && en.contains("in at least 2 of the years 2022 to 2024"),
        "{en}"
    );
}

#[test]
fn the_formatter_writes_the_form_back_and_brackets_it_where_something_follows() {
    let (code, out, err) =
        common::maal(&["fmt", "-"], Some(&PLAN.replace("hvert år 2022..2024:", "hvert  år 2022..2024 :")));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  hvert år 2022..2024: ventetid <= 12 uger;\n"), "{out}");
    assert!(out.contains("  mindst 2 af årene fra 2022 til 2024: tilfredshed >= 80 pct. og svar >= 100;\n"), "{out}");
    assert!(out.contains("  (every year 2021..2022: sager >= 10) og rapport_afleveret;\n"), "{out}");
    // What it writes reads back the same.
    let again = maal::Plan::compile("f.maal", &out).unwrap();
    assert_eq!(again.required_facts().len(), common::plan(PLAN).required_facts().len());
}

#[test]
fn nested_year_spans_cannot_multiply_a_small_file_into_a_huge_tree() {
    // Each level writes out the one inside it 50 times: 50^12 terms, refused at once.
    let mut body = "x >= 1".to_string();
    for i in 0..12 {
        body = format!("hvert år 2000..2049: (({body}) og y{i} >= 1)");
    }
    let text = format!("plan \"p\" {{ periode 2022 }}\nmål 1: frist ultimo 2022; {body};\n");
    let err = maal::Plan::compile("nest.maal", &text).unwrap_err().to_string();
    assert!(err.contains("for mange år skrevet ud"), "{err}");
    // A chain of spans on one line nests the same way (each reaches to the end).
    let chain = (0..400).map(|i| format!("hvert år 2000..2049: z{i} >= 1")).collect::<Vec<_>>().join(" og ");
    let text = format!("plan \"p\" {{ periode 2022 }}\nmål 1: frist ultimo 2022; {chain};\n");
    assert!(maal::Plan::compile("chain.maal", &text).is_err());
}
