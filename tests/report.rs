//! The annual-report table through the real binary: Markdown snapshots of
//! both seed plans' year-end reports, CSV for Danish Excel, HTML, JSON.

mod common;
use common::maal;

const CPR: [&str; 8] = [
    "report",
    "rules/cpr-2026.maal",
    "--facts",
    "examples/facts/cpr-2026-halvår.toml@2026-06-30",
    "--facts",
    "examples/facts/cpr-2026-år.toml",
    "--per",
    "2027-01-15",
];
const DIGST: [&str; 8] = [
    "report",
    "rules/digst-2024.maal",
    "--facts",
    "examples/facts/digst-2024-q2.toml@2024-07-14",
    "--facts",
    "examples/facts/digst-2024-år.toml",
    "--per",
    "2025-01-15",
];

fn report(args: &[&str], format: &str) -> String {
    let (code, out, err) = maal(&[args, &["--format", format]].concat(), None);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn markdown_year_end_reports() {
    let cpr = report(&CPR, "md");
    assert!(cpr.contains("**Samlet målopfyldelse: 85,71 pct. (6 af 7 mål opfyldt)**"), "{cpr}");
    insta::assert_snapshot!("cpr_2026_year_end_md", cpr);
    let digst = report(&DIGST, "md");
    assert_eq!(
        digst.lines().filter(|l| l.starts_with("| 1.") || l.starts_with("| 2.") || l.starts_with("| 3.")).count(),
        12
    );
    insta::assert_snapshot!("digst_2024_year_end_md", digst);
}

#[test]
fn csv_and_html_snapshots_of_both_seed_plans() {
    // A page a phone shows at its width, not a shrunken desktop page.
    assert!(report(&CPR, "html").contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    insta::assert_snapshot!("cpr_2026_year_end_csv", report(&CPR, "csv"));
    insta::assert_snapshot!("digst_2024_year_end_csv", report(&DIGST, "csv"));
    insta::assert_snapshot!("cpr_2026_year_end_html", report(&CPR, "html"));
    insta::assert_snapshot!("digst_2024_year_end_html", report(&DIGST, "html"));
    // And in English.
    insta::assert_snapshot!("cpr_2026_year_end_md_en", report(&[&CPR[..], &["--lang", "en"]].concat(), "md"));
}

#[test]
fn csv_for_danish_excel() {
    let csv = report(&CPR, "csv");
    // A byte-order mark first: Danish Excel then reads UTF-8 ("Mål", not "MÃ¥l").
    let csv = csv.strip_prefix('\u{FEFF}').expect("a byte-order mark");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Mål;Titel;Krævet resultat;Vægt;Opnået resultat;Vurdering;Analyse (udkast)");
    assert_eq!(lines.len(), 1 + 7 + 1);
    // Decimal comma in weights; fields holding `;` are quoted.
    assert!(lines[1].contains(";14,29;"), "{}", lines[1]);
    assert!(
        lines[2].contains(
            ";mindst 10 stikprøvekontroller af myndigheders kontrol med CPR (frist 31. december 2026);14,29;\"Stikprøvekontroller af myndigheders kontrol med CPR blev 10 (krav: mindst 10); målet er opfyldt.\";opfyldt;"
        ),
        "{}",
        lines[2]
    );
    assert!(lines[8].starts_with("Samlet målopfyldelse: 85,71 pct."));
    // Read back as Danish Excel reads it: `;` between fields, quotes around a field with one.
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').flexible(true).from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(records[..7].iter().all(|r| r.len() == 7));
    let six = &records[5];
    assert_eq!(&six[0], "6");
    assert!(
        six[6].starts_with("Krævet resultat: a) Samtlige 29 tekniske minimumskrav implementeret: præcis 29"),
        "{six:?}"
    );
    assert!(six[6].contains("skulle tekniske minimumskrav implementeret have været præcis 29 (2 mere)"), "{six:?}");
    assert!(
        records[..7].iter().filter(|r| &r[0] != "6").all(|r| r[6].is_empty()),
        "only the unmet goal has an analysis"
    );
}

#[test]
fn html_is_self_contained_with_every_goal_and_the_chart() {
    let html = report(&DIGST, "html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://")
            || html.matches("http://").all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert!(!html.contains("<script src") && !html.contains("<link"), "no network");
    assert_eq!(html.matches("<tr class=\"goal ").count(), 12);
    assert_eq!(html.matches("<details>").count(), 12, "each goal's explanation on click");
    assert_eq!(html.matches("<circle").count(), 2, "one point per report");
    assert!(html.contains("id=\"total\""));
}

#[test]
fn json_and_atomic_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.json");
    let (code, out, err) = maal(&[&CPR[..], &["--format", "json", "-o", path.to_str().unwrap()]].concat(), None);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["met"], 6);
    assert_eq!(json["counted"], 7);
    assert_eq!(json["unmet"][0], "6 Efterlevelse af tekniske minimumskrav");
    assert!(json["rows"][5]["analysis"].as_str().unwrap().starts_with("Krævet resultat: "));
    assert_eq!(json["rows"][1]["rules"], "frist 31. december 2026; stikprøvekontroller >= 10");
    assert!(json["rows"][0]["analysis"].is_null());
    assert_eq!(json["history"].as_array().unwrap().len(), 2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    // Who, what and when, for the printed page and the Word document.
    assert_eq!(json["ministry"], "Digitaliseringsministeriet");
    assert_eq!(json["period"], "2026");
    assert_eq!(json["rows"][0]["section"], "Udvikling og perspektiv");
}

/// The Word document is a file (a zip package); its content is read back with
/// python-docx in CI (tests/docx_readback.py), as a ministry's scripts would.
#[test]
fn word_document_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("årsrapport.docx");
    let (code, out, err) = maal(&[&CPR[..], &["--format", "docx", "-o", path.to_str().unwrap()]].concat(), None);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 5_000, "{} bytes", bytes.len());
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("word/document.xml") && names.contains("word/footer1.xml"), "a Word package with a footer");
}

#[test]
fn report_dates_come_from_the_files_or_the_command_line() {
    // The example files say when they are made as of (`opgjort = …`).
    let args = ["report", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-halvår.toml"];
    let (code, out, err) =
        maal(&[&args[..], &["--facts", "examples/facts/cpr-2026-år.toml", "--format", "json"]].concat(), None);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["history"][0][0], "2026-06-30");
    assert_eq!(json["as_of"], "2027-01-15");
    // An earlier report with no date anywhere is an error that says how to give one.
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("q1.toml");
    std::fs::write(&undated, "stikprøvekontroller = 2\n").unwrap();
    let (code, _, err) = maal(
        &[
            "report",
            "rules/cpr-2026.maal",
            "--facts",
            undated.to_str().unwrap(),
            "--facts",
            "examples/facts/cpr-2026-år.toml",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("opgjort = ÅÅÅÅ-MM-DD") && err.contains("@ÅÅÅÅ-MM-DD"), "{err}");
}

/// The plans of other institutions in examples/planer/, as a department
/// meets them: each checks without a warning, is formatted, and reports on
/// its mid-year and year-end facts in the words the department would print.
#[test]
fn the_other_institutions_example_plans_report_mid_year_and_at_year_end() {
    let plans = ["ankestyrelsen-2019", "trafikstyrelsen-2023", "statsforvaltningen-2015"];
    let mut reports = Vec::new();
    for plan in plans {
        let file = format!("examples/planer/{plan}.maal");
        let (code, _, err) = maal(&["check", &file], None);
        assert_eq!((code, err.as_str()), (0, ""), "{plan}: no error, no warning");
        let (code, _, err) = maal(&["fmt", "--check", &file], None);
        assert_eq!(code, 0, "{plan} is formatted: {err}");
        let half = format!("examples/planer/{plan}-halvår.toml");
        let year = format!("examples/planer/{plan}-år.toml");
        let (code, mid, err) = maal(&["report", &file, "--facts", &half], None);
        assert_eq!(code, 0, "{plan}: {err}");
        let (code, end, err) = maal(&["report", &file, "--facts", &half, "--facts", &year], None);
        assert_eq!(code, 0, "{plan}: {err}");
        reports.push((mid, end));
    }
    let (mid, end) = &reports[1];
    assert!(mid.contains("målet afventer"), "mid-year, milestones still open:\n{mid}");
    assert!(end.contains("målet er delvist opfyldt (10 af 15 point)"), "{end}");
    assert!(
        end.contains("Samlet målopfyldelse: 66,67 pct.") && end.contains("Udbetaling efter resultattabellen: 50 pct."),
        "{end}"
    );
    let (mid, end) = &reports[2];
    assert!(mid.contains("0 af 6 mål opfyldt") && mid.contains("målet opgøres ultimo og afventer"), "{mid}");
    assert!(!mid.contains("ikke opfyldt |"), "nothing measured at the end is decided mid-year:\n{mid}");
    assert!(
        end.contains(
            "Verserende sager ved årets udgang blev 8.610 (krav: falder mindst 15 pct. fra 2014, dvs. højst 8.840)"
        ),
        "{end}"
    );
    assert!(end.contains("**Samlet målopfyldelse: 90,00 pct. (5 af 6 mål opfyldt)**"), "{end}");
    let (_, end) = &reports[0];
    assert!(end.contains("Gennemsnitlig sagsbehandlingstid for kommunale sager blev 17,4 uger"), "{end}");
}

/// Every sentence of every example plan's report, mid-year and at year end, in
/// both languages, reads without a doubled word: no "højst højst", and no clause
/// that says its bound twice ("mindst ét initiativ: mindst 1").
#[test]
fn no_report_sentence_says_a_word_twice() {
    let mut runs: Vec<Vec<String>> = vec![CPR.iter().map(ToString::to_string).collect()];
    runs.push(DIGST.iter().map(ToString::to_string).collect());
    runs.push(CPR[..4].iter().map(ToString::to_string).chain(["--per".into(), "2026-07-15".into()]).collect());
    for plan in ["ankestyrelsen-2019", "trafikstyrelsen-2023", "statsforvaltningen-2015"] {
        for facts in [vec!["halvår"], vec!["halvår", "år"]] {
            let mut args = vec!["report".to_string(), format!("examples/planer/{plan}.maal")];
            for f in facts {
                args.extend(["--facts".to_string(), format!("examples/planer/{plan}-{f}.toml")]);
            }
            runs.push(args);
        }
    }
    let bounds = ["mindst", "højst", "under", "over", "mellem", "least", "most", "between"];
    let mut checked = 0;
    for run in &runs {
        for lang in ["da", "en"] {
            let args: Vec<&str> = run.iter().map(String::as_str).chain(["--lang", lang]).collect();
            let out = report(&args, "md");
            for clause in out.split(['|', ';', '(', ')', '\n']) {
                let words: Vec<String> = clause
                    .split(|c: char| !c.is_alphanumeric() && c != ',' && c != '.')
                    .map(|w| w.trim_matches(['.', ',']).to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect();
                for pair in words.windows(2) {
                    let numbers = pair[0].chars().all(|c| c.is_ascii_digit());
                    assert!(pair[0] != pair[1] || numbers, "{:?} twice in {clause:?} ({args:?})", pair[0]);
                }
                // "a mindst 80 pct. og b mindst 73 pct." says two bounds, each once.
                for part in words.split(|w| ["og", "eller", "and", "or"].contains(&w.as_str())) {
                    for bound in bounds {
                        let times = part.iter().filter(|w| *w == bound).count();
                        assert!(times <= 1, "{bound:?} {times} times in {clause:?} ({args:?})");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked} clauses");
}
