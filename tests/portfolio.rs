//! `maal portefølje`: the example portfolio in every format (snapshots, the
//! CSV read back with `;`, the workbook read back with calamine), each
//! at-risk rule, and bad input in one folder next to good ones.

mod common;

use std::path::Path;

use calamine::Reader;
use common::maal;

const EXAMPLE: &str = "examples/portefølje";
const PER: &str = "2026-11-30";

fn run(args: &[&str]) -> (i32, String, String) {
    maal(&[&["portefølje"], args].concat(), None)
}

#[test]
fn the_example_portfolio_in_every_text_format() {
    for (format, name) in [("text", "text"), ("md", "md"), ("csv", "csv"), ("json", "json"), ("html", "html")] {
        let (code, out, err) = run(&[EXAMPLE, "--per", PER, "--format", format]);
        assert_eq!(code, 0, "{format}: {err}");
        if format == "html" {
            // Each chart said in words that tell it apart: its institution, dates and values;
            // the ministry's chart with its axis marked and each value written.
            let labels: Vec<&str> = out.split("aria-label=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
            let sparks: Vec<&&str> =
                labels.iter().filter(|l| l.contains(": samlet målopfyldelse gennem året: ")).collect();
            assert_eq!(sparks.len(), 8, "{labels:?}");
            assert!(sparks.iter().all(|l| sparks.iter().filter(|m| m == &l).count() == 1), "{sparks:?}");
            let ministry =
                out.split("id=\"ministry-chart\"").nth(1).unwrap_or_default().split("</svg>").next().unwrap();
            assert!(ministry.contains(">100 pct.</text>") && ministry.contains(">0 pct.</text>"), "{ministry}");
            assert!(ministry.contains(">34,64</text>"), "the values are written: {ministry}");
        }
        insta::assert_snapshot!(format!("example_{name}"), out);
    }
    let (code, out, _) = run(&[EXAMPLE, "--per", PER, "--lang", "en", "--format", "md"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("example_md_en", out);
}

#[test]
fn the_example_portfolio_summarises_every_institution() {
    let (_, out, _) = run(&[EXAMPLE, "--per", PER, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let institutions = json["institutions"].as_array().unwrap();
    assert_eq!(institutions.len(), 8);
    let by = |folder: &str| institutions.iter().find(|i| i["folder"] == folder).unwrap().clone();
    // Plans of different years apart: the newest year first, and the
    // ministry's average over that year's plans only.
    let years: Vec<i64> = institutions.iter().map(|i| i["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2026, 2026, 2026, 2026, 2024, 2023, 2019, 2015]);
    assert_eq!(json["ministry_year"], 2026);
    assert!(json["ministry"].as_array().unwrap().iter().all(|p| p[0].as_str().unwrap().starts_with("2026")));
    // The other institutions' plans: milestones with points, a later year's target, weights.
    assert_eq!(by("trafikstyrelsen")["latest"]["not_met"], 1, "10 of 15 points: partly met");
    assert_eq!(by("ankestyrelsen")["latest"]["pending"], 2, "the 2022 targets");
    assert_eq!(by("statsforvaltningen")["latest"]["total"], "90");
    // Weights, a drop and an override, each counted.
    assert_eq!(by("statens-administration")["latest"]["total"], "60");
    assert_eq!(by("datatilsynet")["latest"]["dropped"], 1);
    assert_eq!(by("arbejdstilsynet")["latest"]["overridden"], 1);
    assert_eq!(by("arbejdstilsynet")["latest"]["change"], "25");
    assert!(by("datatilsynet")["latest"]["change"].is_null(), "one report: no change");
    // Every goal not met, overridden or at risk is listed, with why.
    let attention = json["attention"].as_array().unwrap();
    let find =
        |folder: &str, goal: &str| attention.iter().find(|a| a["folder"] == folder && a["goal"] == goal).cloned();
    assert_eq!(find("digst", "1.2").unwrap()["kind"], "not_met");
    assert_eq!(find("arbejdstilsynet", "3").unwrap()["kind"], "overridden");
    assert_eq!(find("statens-administration", "4").unwrap()["kind"], "at_risk");
    assert!(find("statens-administration", "1").is_none(), "met and steady");
    // The ministry's chart: the average total at each report date.
    assert!(!json["ministry"].as_array().unwrap().is_empty());
}

#[test]
fn csv_reads_back_with_semicolons() {
    let (_, out, _) = run(&[EXAMPLE, "--per", PER, "--format", "csv"]);
    // A byte-order mark first: Danish Excel then reads UTF-8.
    let out = out.strip_prefix('\u{FEFF}').expect("a byte-order mark");
    let (summary, attention) = out.split_once("\r\n\r\n").unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(summary.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 8);
    assert!(rows.iter().all(|r| r.len() == 11));
    assert_eq!(&rows[0][0], "Arbejdstilsynet");
    assert_eq!(&rows[0][1], "2026");
    assert_eq!(&rows[0][3], "50,00");
    assert_eq!((&rows[7][0], &rows[7][1]), ("Statsforvaltningen", "2015"));
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(attention.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().any(|r| &r[3] == "i risiko" && r[4].contains("falder inden næste indberetning")));
}

#[test]
fn the_workbook_has_a_summary_and_a_sheet_per_institution() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portefølje.xlsx");
    let (code, out, err) = run(&[EXAMPLE, "--per", PER, "--format", "xlsx", "-o", path.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = book.sheet_names().clone();
    // Sheets named after the institutions, newest plan year first.
    assert_eq!(
        names,
        [
            "Oversigt",
            "Opmærksomhed",
            "Arbejdstilsynet",
            "CPR-administrationen",
            "Datatilsynet",
            "Statens Administration",
            "Digitaliseringsstyrelsen",
            "Trafikstyrelsen",
            "Ankestyrelsen",
            "Statsforvaltningen"
        ]
    );
    let summary = book.worksheet_range("Oversigt").unwrap();
    // A title, the date it is as of, a blank row, then the header.
    assert_eq!(summary.get_value((0, 0)).unwrap().to_string(), "Porteføljen");
    assert_eq!(summary.get_value((1, 0)).unwrap().to_string(), "pr. 30. november 2026");
    assert_eq!(summary.get_value((3, 0)).unwrap().to_string(), "Institution");
    assert_eq!(summary.get_value((4, 0)).unwrap().to_string(), "Arbejdstilsynet");
    // The plan year and the totals are numbers, the date a date, so the department can sort and chart them.
    assert_eq!(summary.get_value((4, 1)), Some(&calamine::Data::Float(2026.0)));
    assert!(matches!(summary.get_value((4, 2)), Some(calamine::Data::DateTime(_))), "{:?}", summary.get_value((4, 2)));
    assert_eq!(summary.get_value((4, 3)), Some(&calamine::Data::Float(50.0)));
    let cpr = book.worksheet_range("CPR-administrationen").unwrap();
    assert!(cpr.get_value((0, 0)).unwrap().to_string().starts_with("Resultatplan 2026 for CPR"));
    assert_eq!(cpr.height(), 4 + 7, "title, date and total, a blank row, the header and 7 goals");
}

/// Excel's sheet names hold at most 31 characters and must differ: two
/// institutions with one long name get two names that fit.
#[test]
fn sheet_names_fit_excel_and_differ() {
    let plan = |name: &str| {
        format!("plan \"p\" {{ institution \"{name}\" periode 2026 }}\nmål 1: frist ultimo 2026; tilsyn >= 1;\n")
    };
    let long = "Styrelsen for Dataforsyning og Infrastruktur: Kort/Geodata";
    let dir = portfolio(&[("a", "plan.maal", &plan(long)), ("b", "plan.maal", &plan(long))]);
    let path = dir.path().join("p.xlsx");
    let (code, _, err) =
        run(&[dir.path().to_str().unwrap(), "--per", PER, "--format", "xlsx", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = book.sheet_names().clone();
    assert_eq!(names[2], "Styrelsen for Dataforsyning og");
    assert_eq!(names[3], "Styrelsen for Dataforsyning (2)");
    assert!(names.iter().all(|n| n.chars().count() <= 31 && !n.contains('/') && !n.contains(':')), "{names:?}");
}

/// A report dated before Excel's calendar (1900) does not cost the workbook:
/// its date is written as text.
#[test]
fn a_date_excel_cannot_hold_is_written_as_text() {
    let plan = "plan \"p\" { institution \"Gammel\" periode 2026 }\nmål 1: frist ultimo 2026; x >= 1;\n";
    let dir = portfolio(&[("a", "plan.maal", plan), ("a", "r.toml", "opgjort = 1800-01-01\nx = 2\n")]);
    let path = dir.path().join("p.xlsx");
    let (code, _, err) =
        run(&[dir.path().to_str().unwrap(), "--per", PER, "--format", "xlsx", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let summary = book.worksheet_range("Oversigt").unwrap();
    assert_eq!(summary.get_value((4, 2)).unwrap().to_string(), "1. januar 1800");
}

/// A portfolio in a temporary directory: (folder, file, text) triples.
fn portfolio(files: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (folder, file, text) in files {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join(file), text).unwrap();
    }
    dir
}

fn json_of(dir: &Path, per: &str) -> (i32, serde_json::Value) {
    let (code, out, err) = run(&[dir.to_str().unwrap(), "--per", per, "--format", "json"]);
    (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}")))
}

const PLAN: &str = r#"plan "Resultatplan 2026 for Prøveinstitutionen" {
  institution "Prøveinstitutionen"
  periode 2026
  afrapportering kvartalsvis senest 14 kalenderdage efter
}
faktum tilsyn løbende
faktum realiseret løbende
mål 1 "Tilsyn": frist ultimo 2026; tilsyn >= 100;
mål 2 "Budget": frist ultimo 2026; |budget - realiseret| <= 2 mio;
mål 3 "Rapport": rapport_afleveret senest ultimo 2026;
"#;

fn concern(json: &serde_json::Value, goal: &str) -> Option<(String, String)> {
    json["attention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["goal"] == goal)
        .map(|a| (a["kind"].as_str().unwrap().to_string(), a["why"].as_str().unwrap().to_string()))
}

#[test]
fn at_risk_when_the_deadline_is_near_and_the_goal_does_not_hold() {
    let q2 = "opgjort = 2026-06-30\ntilsyn = 40\nbudget = \"50 mio\"\nrealiseret = \"50,5 mio\"\n";
    let q3 = "opgjort = 2026-09-30\ntilsyn = 90\nbudget = \"50 mio\"\nrealiseret = \"50,5 mio\"\n";
    let dir = portfolio(&[("p", "plan.maal", PLAN), ("p", "q2.toml", q2), ("p", "q3.toml", q3)]);
    // After Q2 the year end is two reports away: pending, not at risk.
    let (_, json) = json_of(dir.path(), "2026-07-15");
    assert_eq!(concern(&json, "3"), None, "{json}");
    // After Q3 the next report is the last chance: at risk, saying why.
    let (code, json) = json_of(dir.path(), "2026-10-15");
    assert_eq!(code, 0);
    let (kind, why) = concern(&json, "3").unwrap();
    assert_eq!(kind, "at_risk");
    assert!(
        why.starts_with("fristen 31. december 2026 falder inden næste indberetning, og målet er endnu ikke nået (rapport afleveret ikke indberettet)"),
        "{why}"
    );
    // A goal pending on its count: what is missing, in words.
    let (_, why) = concern(&json, "1").unwrap();
    assert!(why.contains("tilsyn mindst 100 (10 mere), nu 90"), "{why}");
}

#[test]
fn at_risk_when_the_margin_shrinks_at_a_pace_that_breaks_it_by_the_deadline() {
    // Met so far, but the deviation grows 0,8 mio. a quarter: 2,1 mio. by the year end.
    let q2 = "opgjort = 2026-06-30\ntilsyn = 100\nbudget = \"50 mio\"\nrealiseret = \"50,5 mio\"\nrapport_afleveret = 2026-06-01\n";
    let q3 = "opgjort = 2026-09-30\ntilsyn = 100\nbudget = \"50 mio\"\nrealiseret = \"51,3 mio\"\nrapport_afleveret = 2026-06-01\n";
    let dir = portfolio(&[("p", "plan.maal", PLAN), ("p", "q2.toml", q2), ("p", "q3.toml", q3)]);
    let (_, json) = json_of(dir.path(), PER);
    let (kind, why) = concern(&json, "2").unwrap();
    assert_eq!(kind, "at_risk");
    assert_eq!(
        why,
        "ved samme tempo som siden 30. juni 2026 (50,5 mio. kr. → 51,3 mio. kr.) bliver realiseret 52,1 mio. kr. \
         den 31. december 2026, og så er målet ikke opfyldt"
    );
    // Steady facts are not at risk.
    assert_eq!(concern(&json, "1"), None);
    // A slower drift that stays inside the limit is not either.
    let q3 = q3.replace("51,3 mio", "50,8 mio");
    let dir = portfolio(&[("p", "plan.maal", PLAN), ("p", "q2.toml", q2), ("p", "q3.toml", &q3)]);
    let (_, json) = json_of(dir.path(), PER);
    assert_eq!(concern(&json, "2"), None, "{json}");
}

#[test]
fn at_risk_when_a_gap_closes_too_slowly() {
    let plan = PLAN.replace("afrapportering kvartalsvis", "afrapportering månedlig");
    let q1 = "opgjort = 2026-03-31\ntilsyn = 10\nbudget = \"50 mio\"\nrealiseret = \"50 mio\"\nrapport_afleveret = 2026-03-01\n";
    let q2 = "opgjort = 2026-06-30\ntilsyn = 30\nbudget = \"50 mio\"\nrealiseret = \"50 mio\"\nrapport_afleveret = 2026-03-01\n";
    let dir = portfolio(&[("p", "plan.maal", &plan), ("p", "q1.toml", q1), ("p", "q2.toml", q2)]);
    let (_, json) = json_of(dir.path(), "2026-07-10");
    let (kind, why) = concern(&json, "1").unwrap();
    assert_eq!(kind, "at_risk");
    assert!(
        why.starts_with("ved samme tempo som siden 31. marts 2026 (10 → 30) er tilsyn 70 den 31. december 2026, og målet bliver ikke nået"),
        "{why}"
    );
    // Faster progress reaches it: not at risk.
    let dir =
        portfolio(&[("p", "plan.maal", &plan), ("p", "q1.toml", q1), ("p", "q2.toml", &q2.replace("= 30", "= 50"))]);
    let (_, json) = json_of(dir.path(), "2026-07-10");
    assert_eq!(concern(&json, "1"), None, "{json}");
    // Only a running total (`faktum tilsyn løbende`) goes on at a pace: a count
    // the plan does not declare so is not projected.
    let plain = plan.replace("faktum tilsyn løbende\n", "");
    let dir = portfolio(&[("p", "plan.maal", &plain), ("p", "q1.toml", q1), ("p", "q2.toml", q2)]);
    let (_, json) = json_of(dir.path(), "2026-07-10");
    assert_eq!(concern(&json, "1"), None, "{json}");
}

#[test]
fn bad_input_in_one_folder_is_reported_and_the_rest_evaluated() {
    let good = "opgjort = 2026-06-30\ntilsyn = 40\nbudget = \"50 mio\"\nrealiseret = \"50,5 mio\"\n";
    let dir = portfolio(&[
        ("a-god", "plan.maal", PLAN),
        ("a-god", "q2.toml", good),
        ("b-plan-med-fejl", "plan.maal", "plan \"x\" { periode 2026 }\nmål 1: tilsyn >= ;\n"),
        ("c-ulæselig", "plan.maal", PLAN),
        ("c-ulæselig", "q2.toml", "opgjort = 2026-06-30\ntilsyn = [\n"),
        ("c-ulæselig", "q1.toml", good.replace("2026-06-30", "2026-03-31").as_str()),
        ("d-fremtid", "plan.maal", PLAN),
        ("d-fremtid", "q4.toml", good.replace("2026-06-30", "2027-01-15").as_str()),
        ("e-tom", "noter.txt", "ingen plan her"),
    ]);
    let (code, json) = json_of(dir.path(), PER);
    assert_eq!(code, 1, "bad input is a non-zero exit");
    let institutions = json["institutions"].as_array().unwrap();
    assert_eq!(institutions.len(), 5);
    let problems = |folder: &str| -> Vec<serde_json::Value> {
        institutions.iter().find(|i| i["folder"] == folder).unwrap()["problems"].as_array().unwrap().clone()
    };
    assert!(problems("a-god").is_empty());
    assert_eq!(institutions[0]["latest"]["met"], 1);
    // The plan's error, located.
    let plan = &problems("b-plan-med-fejl")[0];
    assert_eq!(plan["file"], "b-plan-med-fejl/plan.maal");
    assert_eq!(plan["diagnostics"][0]["code"], "E0001");
    assert_eq!(plan["diagnostics"][0]["location"]["line"], 2);
    // The unreadable report, located; its other report still counts.
    let unreadable = &problems("c-ulæselig")[0];
    assert_eq!(unreadable["file"], "c-ulæselig/q2.toml");
    assert_eq!(unreadable["diagnostics"][0]["location"]["line"], 3, "{unreadable}");
    let of = |folder: &str| institutions.iter().find(|i| i["folder"] == folder).unwrap().clone();
    assert_eq!(of("c-ulæselig")["latest"]["as_of"], "2026-03-31");
    // A report dated after --per is left out, and said so.
    let future = &problems("d-fremtid")[0];
    assert!(
        future["message"].as_str().unwrap().contains("opgjort 15. januar 2027, efter 30. november 2026"),
        "{future}"
    );
    assert!(of("d-fremtid")["latest"].is_null());
    assert!(problems("e-tom")[0]["message"].as_str().unwrap().contains("mappen har ingen plan"));
    // The text shows each problem under its institution, with the place.
    let (code, out, _) = run(&[dir.path().to_str().unwrap(), "--per", PER]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Fejl i input fra c-ulæselig:") || out.contains("Fejl i input fra Prøveinstitutionen:"),
        "{out}"
    );
    assert!(out.contains("c-ulæselig/q2.toml:3:1"), "{out}");
}

#[test]
fn not_a_directory_is_a_usage_error() {
    let (code, _, err) = run(&["examples/portefølje/cpr/cpr-2026.maal"]);
    assert_eq!(code, 2);
    assert!(err.contains("er ikke en mappe"), "{err}");
}

#[test]
fn the_example_plans_are_the_seed_plans() {
    // The example portfolio carries copies; they must not drift from rules/.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs = vec![
        ("cpr/cpr-2026.maal".to_string(), "rules/cpr-2026.maal".to_string()),
        ("digst/digst-2024.maal".to_string(), "rules/digst-2024.maal".to_string()),
    ];
    // And the plans of other institutions, with their reports, from examples/planer/.
    for (folder, plan) in [
        ("ankestyrelsen", "ankestyrelsen-2019"),
        ("trafikstyrelsen", "trafikstyrelsen-2023"),
        ("statsforvaltningen", "statsforvaltningen-2015"),
    ] {
        for file in [format!("{plan}.maal"), format!("{plan}-halvår.toml"), format!("{plan}-år.toml")] {
            pairs.push((format!("{folder}/{file}"), format!("examples/planer/{file}")));
        }
    }
    for (copy, seed) in pairs {
        let copy = std::fs::read_to_string(root.join(EXAMPLE).join(&copy)).unwrap();
        assert_eq!(copy, std::fs::read_to_string(root.join(&seed)).unwrap(), "{seed}");
    }
}

/// A report that should be in and is not is flagged per institution: the
/// year-end report after the period, and a quarter's report counted in
/// working days (weekends, holidays and the state's days off left out).
#[test]
fn a_report_due_and_not_in_is_flagged_per_institution() {
    let (code, out, err) = common::maal(&["portefølje", "examples/portefølje", "--per", "2027-02-15"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Manglende indberetninger:"), "{out}");
    assert!(
        out.contains(
            "- Arbejdstilsynet: årsrapporten pr. 31. december 2026 mangler (skulle være inde senest 14. januar 2027)"
        ),
        "{out}"
    );
    assert!(!out.contains("- Digitaliseringsstyrelsen:"), "its year-end report is in: {out}");
    let (_, now, _) = common::maal(&["portefølje", "examples/portefølje", "--per", "2026-11-30"], None);
    assert!(!now.contains("Manglende indberetninger"), "every due report is in: {now}");

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("styrelsen");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("plan.maal"),
        "plan \"P\" { institution \"Styrelsen\" periode 2026 afrapportering kvartalsvis senest 10 arbejdsdage efter }\n\
         mål 1: frist ultimo 2026; a >= 1;\n",
    )
    .unwrap();
    std::fs::write(folder.join("q1.toml"), "opgjort = 2026-03-31\na = 0\n").unwrap();
    let root = dir.path().to_str().unwrap();
    // Q2 ends Tuesday 30 June 2026; 10 working days later is Tuesday 14 July.
    let (_, before, _) = common::maal(&["portefølje", root, "--per", "2026-07-13"], None);
    assert!(!before.contains("mangler"), "{before}");
    let (_, after, _) = common::maal(&["portefølje", root, "--per", "2026-07-14", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&after).unwrap();
    let overdue = &json["institutions"][0]["overdue"];
    assert_eq!(overdue["period_end"], "2026-06-30", "{after}");
    assert_eq!(overdue["due"], "2026-07-14", "{after}");
    assert_eq!(overdue["year_end"], false, "{after}");
    let (_, md, _) = common::maal(&["portefølje", root, "--per", "2026-07-14", "--format", "md"], None);
    assert!(
        md.contains("- Styrelsen: indberetningen pr. 30. juni 2026 mangler (skulle være inde senest 14. juli 2026)"),
        "{md}"
    );
    let (_, html, _) = common::maal(&["portefølje", root, "--per", "2026-07-14", "--format", "html"], None);
    assert!(
        html.contains("<ul id=\"overdue\"><li><strong>Styrelsen</strong>: indberetningen pr. 30. juni 2026 mangler"),
        "{html}"
    );
}
