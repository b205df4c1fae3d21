//! Excel fact files as people and attackers make them, sent to the real
//! binary: a percentage typed as `92%` (Excel stores 0.92 with a percent
//! format) is 92 pct.; a 2-cell workbook whose cells are `A1` and
//! `XFD1048576` (a sheet "spanning" 1 048 576 × 16 384 cells) is refused with
//! the cell named, quickly and without the grid, through `maal eval` and
//! `POST /v1/facts/read`.

mod common;
#[path = "common/server.rs"]
mod server;

use std::time::{Duration, Instant};

use server::{agent, Server};

/// A facts workbook in the template's layout; `percent` formats the value cell of `tilfredshed` as `0%`.
fn workbook(rows: &[(&str, f64, &str, bool)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Fakta").unwrap();
    for (c, h) in ["navn", "værdi", "enhed"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (r, (name, value, unit, pct)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *name).unwrap();
        if *pct {
            sheet.write_number_with_format(r, 1, *value, &percent).unwrap();
        } else {
            sheet.write_number(r, 1, *value).unwrap();
        }
        sheet.write_string(r, 2, *unit).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The bomb: two cells, at the first and the last place of a sheet.
fn sparse_bomb() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "navn").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}

const PLAN: &str = "plan \"p\" { periode 2026 }\nmål 1 \"Tilfredshed\": frist ultimo 2026; tilfredshed >= 92 pct.;\n";

#[test]
fn a_percentage_typed_with_a_percent_sign_in_excel_is_that_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("p.maal");
    std::fs::write(&rules, PLAN).unwrap();
    for (unit, label) in [("pct.", "with the unit column"), ("", "without a unit")] {
        let facts = dir.path().join("fakta.xlsx");
        std::fs::write(&facts, workbook(&[("tilfredshed", 0.92, unit, true)])).unwrap();
        let (code, out, err) = common::maal(
            &["eval", rules.to_str().unwrap(), "--facts", facts.to_str().unwrap(), "--per", "2027-01-15"],
            None,
        );
        assert_eq!(code, 0, "{label}: {err}");
        assert!(out.contains("tilfredshed >= 92 pct.: 92 pct."), "{label}: {out}");
        assert!(out.contains("1 af 1 mål opfyldt"), "{label}: {out}");
    }
    // A number typed without a percent format stays what it says: 91,5 pct.
    let facts = dir.path().join("tal.xlsx");
    std::fs::write(&facts, workbook(&[("tilfredshed", 91.5, "pct.", false)])).unwrap();
    let (_, out, _) = common::maal(
        &["eval", rules.to_str().unwrap(), "--facts", facts.to_str().unwrap(), "--per", "2027-01-15"],
        None,
    );
    assert!(out.contains("tilfredshed >= 92 pct.: 91,5 pct."), "{out}");
}

#[test]
fn a_two_cell_sheet_spanning_the_whole_grid_is_refused_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("p.maal");
    std::fs::write(&rules, PLAN).unwrap();
    let facts = dir.path().join("bombe.xlsx");
    let bytes = sparse_bomb();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    std::fs::write(&facts, &bytes).unwrap();
    let started = Instant::now();
    let (code, out, err) = common::maal(
        &["eval", rules.to_str().unwrap(), "--facts", facts.to_str().unwrap(), "--per", "2027-01-15"],
        None,
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("regnearket kan ikke læses"), "{err}");
    assert!(err.contains("celle XFD1048576 ligger uden for 10000 rækker × 200 kolonner"), "{err}");
    // Not a grid of 17 billion cells: well under the time a grid would take.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn a_two_cell_sheet_spanning_the_whole_grid_is_refused_over_http() {
    let server = Server::start(&["--rules", "rules"]);
    let agent = agent();
    let url = format!("{}/v1/facts/read?name=bombe.xlsx", server.base);
    let response =
        agent.post(&url).header("Content-Type", "application/octet-stream").send(&sparse_bomb()[..]).unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value = response.into_body().read_json().unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("XFD1048576"), "{body}");
    // The server is still there.
    let health = agent.get(&format!("{}/healthz", server.base)).call().unwrap();
    assert_eq!(health.status().as_u16(), 200);
}

/// A percentage typed as a bare 0,92 (no percent format, no unit) is read
/// as 0,92 pct., and maal says so with the row and what was probably meant.
#[test]
fn a_bare_fraction_for_a_percentage_is_warned_about_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("p.maal");
    std::fs::write(&rules, PLAN).unwrap();
    let facts = dir.path().join("fakta.xlsx");
    std::fs::write(&facts, workbook(&[("tilfredshed", 0.92, "", false)])).unwrap();
    let (code, out, err) = common::maal(
        &["eval", rules.to_str().unwrap(), "--facts", facts.to_str().unwrap(), "--per", "2027-01-15"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tilfredshed >= 92 pct.: 0,92 pct."), "{out}");
    assert!(err.contains("advarsel[W0202]: `tilfredshed` = 0,92 læses som 0,92 pct."), "{err}");
    assert!(err.contains("fakta.xlsx:2:"), "the row of the sheet: {err}");
    assert!(err.contains("mente du 92 pct.?"), "{err}");
    let (_, json, _) = common::maal(
        &[
            "eval",
            rules.to_str().unwrap(),
            "--facts",
            facts.to_str().unwrap(),
            "--per",
            "2027-01-15",
            "--format",
            "json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["warnings"][0]["code"], "W0202");
    assert_eq!(json["warnings"][0]["line"], 2);
}
