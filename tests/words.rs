//! The annual report in plain words: the result required and achieved, and
//! the draft analysis, for every kind of condition the plans use (money,
//! relative deviation, percent, count, range, level, year over year, each
//! deadline word, yes/no, any/all/at least, the author's own words), in
//! Danish and English.

mod common;

use maal::render::annual;
use maal::{Facts, Lang, Plan};

const PLAN: &str = r#"plan "Alle slags betingelser" { periode 2026 }

mål 1 "Beløb": frist ultimo 2026; |grundbudget - realiseret| <= 2,0 mio;
mål 2 "Relativ afvigelse": frist ultimo 2026; |budget_uo2 - realiseret| / |budget_uo2| <= 5 pct.;
mål 3 "Procent": frist ultimo 2026; tilfredshed >= 92 pct.;
mål 4 "Antal": frist ultimo 2026; stikprøvekontroller >= 10;
mål 5 "Interval": frist ultimo 2026; initiativer in 1..2;
mål 6 "Niveau": frist ultimo 2026; iso_modenhed = 4;
mål 7 "År over år": frist ultimo 2026; frafald[2026] < frafald[2025];
mål 8 "Senest": løsning_udviklet senest ultimo 2026;
mål 9 "Inden": vejledning_udsendt inden udgangen af Q2 2026;
mål 10 "I": notat_fremsendt i 4. kvartal 2026;
mål 11 "Dato": aftale_indgået i 2026-03-15;
mål 12 "Ja/nej": frist ultimo 2026; kontrolmiljø_dokumenteret og ikke sag_genåbnet;
mål 13 "Nogen":
  frist ultimo 2026;
  delmål a "Grundbudget": |grundbudget - realiseret| <= 2,0 mio;
  delmål b "Udgiftsopfølgning 2": |budget_uo2 - realiseret| <= 1,0 mio;
  mål: any(a, b);
mål 14 "Alle":
  frist ultimo 2026;
  delmål a "Mindst tre tiltag i MitID": mitid_tiltag >= 3;
  delmål b "Borger.dk": tilfredshed >= 92 pct.;
  mål: all(a, b);
mål 15 "Mindst":
  frist ultimo 2026;
  delmål a: stikprøvekontroller >= 10;
  delmål b: initiativer >= 1;
  delmål c "Løsningen udviklet": løsning_udviklet senest ultimo 2026;
  mål: atleast(2, a, b, c);
mål 16 "Egne ord":
  frist ultimo 2026;
  resultatkrav "Budgettet skal holde inden for 2 mio. kr.";
  |grundbudget - realiseret| <= 2,0 mio;
mål 17 "Egne ord for et delmål":
  frist ultimo 2026;
  delmål a "Tiltag": mitid_tiltag >= 3;
  delmål b "Frafald": frafald[2026] < frafald[2025];
  resultatkrav b "Færre frafald end sidste år";
mål 18 "Titlen siger kravet":
  frist ultimo 2026;
  delmål a "Mindst tre tiltag i MitID": mitid_tiltag >= 4;
  delmål b "Mindst 8 stikprøver": stikprøvekontroller >= 8;
"#;

const FACTS: &str = r#"
grundbudget = "41 mio"
realiseret = "43,5 mio"
budget_uo2 = "44 mio"
tilfredshed = "91,5 pct."
stikprøvekontroller = 8
initiativer = 3
iso_modenhed = 4
frafald = { 2025 = 41, 2026 = 33 }
løsning_udviklet = 2026-11-15
vejledning_udsendt = 2026-07-02
notat_fremsendt = 2026-12-10
kontrolmiljø_dokumenteret = true
sag_genåbnet = false
mitid_tiltag = 4
"#;

/// Each goal's row: required, achieved and the analysis, one block per goal.
fn rows(lang: Lang, facts: &str, as_of: &str) -> String {
    let plan = Plan::compile("alle.maal", PLAN).unwrap_or_else(|e| panic!("{}", e.render(Lang::Da)));
    let facts = Facts::from_toml(facts).unwrap_or_else(|e| panic!("{}", e.render(Lang::Da)));
    let evaluation = plan.evaluate_in(&facts, common::date(as_of), lang).unwrap();
    let report = annual::build(&plan, &evaluation, &[], lang);
    let mut out = String::new();
    for row in &report.rows {
        out.push_str(&format!("{} {}\n  krævet: {}\n  opnået: {}\n", row.id, row.title, row.required, row.achieved));
        if let Some(a) = &row.analysis {
            out.push_str(&format!("  analyse: {a}\n"));
        }
    }
    out
}

#[test]
fn every_kind_of_condition_in_danish_at_year_end() {
    let text = rows(Lang::Da, FACTS, "2027-01-15");
    // The rules' operators and fact names with underscores never reach the reader.
    for line in text.lines().filter(|l| l.starts_with("  krævet:")) {
        assert!(!line.contains(">=") && !line.contains("<=") && !line.contains('|'), "{line}");
        assert!(!line.contains('_'), "{line}");
    }
    // The author's words win, for the goal and for a sub-goal.
    assert!(text.contains("krævet: Budgettet skal holde inden for 2 mio. kr.\n"), "{text}");
    assert!(text.contains("b) Færre frafald end sidste år"), "{text}");
    // A title that says the rule is said once ("Mindst tre tiltag i MitID", not
    // "…: mindst 3"); one whose number is not the rule's keeps the rule's words.
    assert!(text.contains("krævet: Både delmål a og b: a) Mindst tre tiltag i MitID; b)"), "{text}");
    assert!(text.contains("krævet: a) Mindst tre tiltag i MitID: mindst 4; b) Mindst 8 stikprøver (frist"), "{text}");
    // A goal not met says by how much, from the exact margins.
    assert!(text.contains("skulle tilfredshed have været mindst 92 pct. (0,5 pct.-point mere)"), "{text}");
    insta::assert_snapshot!("every_kind_da", text);
}

#[test]
fn every_kind_of_condition_in_english() {
    let text = rows(Lang::En, FACTS, "2027-01-15");
    assert!(text.contains("Result required:") && text.contains("the goal is not met"), "{text}");
    insta::assert_snapshot!("every_kind_en", text);
}

#[test]
fn pending_goals_say_what_is_missing() {
    // Mid-year, with some facts not reported yet.
    let facts = "stikprøvekontroller = 4\ntilfredshed = \"91,5 pct.\"\n";
    let text = rows(Lang::Da, facts, "2026-03-01");
    assert!(text.contains("Mangler: stikprøvekontroller mindst 10 (6 mere)."), "{text}");
    assert!(text.contains("realiseret er ikke indberettet (frist 31. december 2026)"), "{text}");
    assert!(!text.contains("analyse:"), "no analysis before a deadline:\n{text}");
    insta::assert_snapshot!("pending_da", text);
}

#[test]
fn overrides_and_drops_with_their_reasons() {
    let facts = format!(
        "{FACTS}\n[[udgået]]\nmål = \"5\"\nbegrundelse = \"Aftalt med departementet 1. maj 2026\"\n\n\
         [[tilsidesættelse]]\nmål = \"3\"\nstatus = \"opfyldt\"\nbegrundelse = \"Undersøgelsen blev ændret midt i året\"\n"
    );
    let text = rows(Lang::Da, &facts, "2027-01-15");
    assert!(text.contains("opnået: Målet er udgået: Aftalt med departementet 1. maj 2026."), "{text}");
    assert!(
        text.contains("efter reglerne målet er ikke opfyldt, men departementet har vurderet det opfyldt: Undersøgelsen blev ændret midt i året."),
        "{text}"
    );
    // An overridden goal still gets its analysis: the rules said otherwise.
    let three = text.split("\n3 ").nth(1).unwrap_or_default();
    assert!(
        three.split("\n4 ").next().unwrap_or_default().contains("analyse: Krævet resultat: tilfredshed mindst 92 pct."),
        "{text}"
    );
}

/// A report prints a computed percentage to one decimal and an amount of
/// millions to 0,1 mio. kr., as reports write them — but never so that the
/// figure reads as on the other side of the requirement than it is.
#[test]
fn reports_round_as_people_write_unless_the_digits_matter() {
    let plan = "plan \"p\" { periode 2026 }\n\
        mål 1 \"Afvigelse\": frist ultimo 2026; |budget - realiseret| / |budget| <= 5 pct.;\n\
        mål 2 \"Tæt på\": frist ultimo 2026; afvigelse <= 5 pct.;\n\
        mål 3 \"Beløb\": frist ultimo 2026; indtægt >= 44,1 mio. kr.;\n\
        mål 4 \"Lige under\": frist ultimo 2026; omsætning >= 44,1 mio. kr.;\n";
    let facts = "budget = \"53 mio. kr.\"\nrealiseret = \"52 mio. kr.\"\nafvigelse = \"5,04 pct.\"\n\
        indtægt = \"44100001 kr.\"\nomsætning = \"44099999 kr.\"\n";
    let (code, out, err) = common::report(plan, facts, "2027-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("blev 1,9 pct. (krav: højst 5 pct.)"), "1/53 = 1,886… pct.:\n{out}");
    assert!(out.contains("Afvigelse blev 5,04 pct. (krav: højst 5 pct.)"), "5,0 would read as met:\n{out}");
    assert!(out.contains("Indtægt blev 44,1 mio. kr. (krav: mindst 44,1 mio. kr.)"), "{out}");
    assert!(out.contains("Omsætning blev 44,099999 mio. kr. (krav: mindst 44,1 mio. kr.)"), "{out}");
}
