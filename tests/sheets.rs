//! Facts from spreadsheets: CSV as Danish Excel writes it, and .xlsx with
//! Excel dates and numbers; errors name the sheet, row and column.

use maal::{Facts, Plan};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn root(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn plan(name: &str) -> Plan {
    Plan::from_file(&root(&format!("rules/{name}")), &Default::default()).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn evaluation_json(plan: &Plan, facts: &Facts) -> serde_json::Value {
    serde_json::to_value(plan.evaluate(facts, date(2027, 1, 15)).unwrap()).unwrap()
}

#[test]
fn csv_with_semicolons_and_decimal_commas_reads_like_toml() {
    let cpr = plan("cpr-2026.maal");
    let csv = std::fs::read(root("examples/facts/cpr-2026-år.csv")).unwrap();
    let from_csv = Facts::load_bytes("cpr-2026-år.csv", &csv).unwrap();
    let toml = std::fs::read(root("examples/facts/cpr-2026-år.toml")).unwrap();
    let from_toml = Facts::load_bytes("cpr-2026-år.toml", &toml).unwrap();
    assert_eq!(evaluation_json(&cpr, &from_csv), evaluation_json(&cpr, &from_toml));
}

/// A workbook like an institution's: a title above the table, Excel dates and
/// numbers, a year-indexed fact, a source column and a note column.
fn workbook(bad_value_row: Option<u32>) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Fakta").unwrap();
    sheet.write_string(0, 0, "Indberetning 2024").unwrap();
    for (c, h) in ["navn", "værdi", "enhed", "år", "kilde", "note"].iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let mut row = 3u32;
    let mut put = |name: &str, value: &dyn Fn(&mut rust_xlsxwriter::Worksheet, u32), unit: &str, year: Option<i32>| {
        sheet.write_string(row, 0, name).unwrap();
        value(sheet, row);
        sheet.write_string(row, 2, unit).unwrap();
        if let Some(y) = year {
            sheet.write_number(row, 3, y).unwrap();
        }
        sheet.write_string(row, 4, "Økonomisystemet").unwrap();
        row += 1;
    };
    let day = |y: u16, m: u8, d: u8| ExcelDateTime::from_ymd(y, m, d).unwrap();
    put(
        "nemkonto_kontrakt_tildelt",
        &|s, r| {
            s.write_datetime_with_format(r, 1, day(2024, 10, 1), &date_format).unwrap();
        },
        "",
        None,
    );
    put(
        "mitid_tiltag",
        &|s, r| {
            s.write_number(r, 1, 4).unwrap();
        },
        "",
        None,
    );
    put(
        "tilfredshed_borgerdk",
        &|s, r| {
            s.write_number(r, 1, 91.5).unwrap();
        },
        "pct.",
        None,
    );
    put(
        "smv_frafald",
        &|s, r| {
            s.write_number(r, 1, 41).unwrap();
        },
        "",
        Some(2023),
    );
    put(
        "smv_frafald",
        &|s, r| {
            s.write_number(r, 1, 33).unwrap();
        },
        "",
        Some(2024),
    );
    put(
        "grundbudget",
        &|s, r| {
            s.write_number(r, 1, 512.4).unwrap();
        },
        "mio. kr.",
        None,
    );
    if let Some(bad) = bad_value_row {
        sheet.write_string(bad, 0, "realiseret").unwrap();
        sheet.write_string(bad, 1, "halvtreds").unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_excel_dates_numbers_and_years() {
    let digst = plan("digst-2024.maal");
    let facts = Facts::load_bytes("indberetning.xlsx", &workbook(None)).unwrap();
    let same = Facts::from_toml(
        "nemkonto_kontrakt_tildelt = 2024-10-01\nmitid_tiltag = 4\ntilfredshed_borgerdk = \"91,5 pct.\"\nsmv_frafald = { 2023 = 41, 2024 = 33 }\ngrundbudget = \"512,4 mio. kr.\"\n",
    )
    .unwrap();
    assert_eq!(evaluation_json(&digst, &facts), evaluation_json(&digst, &same));
    // 91.5 is exactly 91,5 pct., not a binary fraction near it.
    assert_eq!(
        facts.values[&("tilfredshed_borgerdk".to_string(), None)].0,
        same.values[&("tilfredshed_borgerdk".to_string(), None)].0
    );
}

#[test]
fn xlsx_errors_name_sheet_row_and_column() {
    let Err(err) = Facts::load_bytes("indberetning.xlsx", &workbook(Some(11))) else {
        panic!("a word for a number must not load")
    };
    let (source, diagnostics) = err;
    let rendered = maal::render::render_to_string(&source, &diagnostics, maal::diag::Lang::Da);
    assert!(rendered.contains("ark Fakta, række 12, kolonne B"), "{rendered}");
    assert!(rendered.contains("indberetning.xlsx:12:1"), "the line is the sheet's row: {rendered}");
    assert!(rendered.contains("`halvtreds` er ikke en gyldig værdi"), "{rendered}");
}

#[test]
fn not_a_workbook_is_a_clear_error() {
    let Err((_, diagnostics)) = Facts::load_bytes("fakta.xlsx", b"PK\x03\x04 not really a zip") else {
        panic!("garbage must not load")
    };
    assert_eq!(diagnostics[0].code, "E0201");
}

#[test]
fn the_xlsx_template_lists_every_fact_and_loads_as_nothing_reported() {
    use calamine::Reader;
    let digst = plan("digst-2024.maal");
    let bytes = maal::facts::sheet::template_xlsx(digst.checked(), maal::diag::Lang::Da).unwrap();
    let facts = Facts::load_bytes("skabelon.xlsx", &bytes).unwrap();
    assert!(facts.values.is_empty(), "an unfilled template reports nothing");
    // A row per fact, and per year of a year-indexed one, in Danish order.
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range("Fakta").unwrap();
    let names: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    let expected = digst.required_facts().iter().map(|f| f.years.len().max(1)).sum::<usize>();
    assert_eq!(names.len(), expected);
    assert_eq!(names.iter().filter(|n| *n == "smv_frafald").count(), 2);
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| maal::value::danish_cmp(a, b));
    assert_eq!(names, sorted);
    // The CLI writes the same workbook, atomically, with -o.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skabelon.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["facts", "rules/digst-2024.maal", "--template", "xlsx", "-o", path.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The same cells (the files differ in their creation time, to the second).
    let cells = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Fakta").unwrap();
        range.rows().map(|r| r.iter().map(std::string::ToString::to_string).collect()).collect()
    };
    assert_eq!(cells(std::fs::read(&path).unwrap()), cells(bytes));
}

#[test]
fn danish_alphabetical_order() {
    let mut words = vec!["åben", "ærlig", "øje", "zebra", "Aalborg", "abe"];
    words.sort_by(|a, b| maal::value::danish_cmp(a, b));
    assert_eq!(words, ["abe", "zebra", "ærlig", "øje", "åben", "Aalborg"], "aa sorts as å");
}
