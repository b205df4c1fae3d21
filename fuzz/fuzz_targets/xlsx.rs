//! Excel workbooks built from the fuzz input, cell by cell anywhere on the
//! sheet (up to XFD1048576), as strings, numbers, percent-formatted numbers
//! and dates: read as a facts sheet, they give facts or located diagnostics,
//! never a panic, an abort or a grid as large as the sheet claims.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    // Six bytes a cell: row (3), column (2), kind (1); the next byte the value.
    for cell in data.chunks(7) {
        let [r0, r1, r2, c0, c1, kind, value] = *cell else { break };
        let row = (u32::from(r0) << 16 | u32::from(r1) << 8 | u32::from(r2)) % 1_048_576;
        let col = (u16::from(c0) << 8 | u16::from(c1)) % 16_384;
        let _ = match kind % 5 {
            0 => sheet.write_string(row, col, ["navn", "værdi", "enhed", "år", "realiseret"][usize::from(value) % 5]),
            1 => sheet.write_number(row, col, f64::from(value) / 7.0),
            2 => sheet.write_number_with_format(row, col, f64::from(value) / 100.0, &percent),
            3 => sheet.write_number_with_format(row, col, 45_000.0 + f64::from(value), &date),
            _ => sheet.write_string(row, col, ["mio. kr.", "pct.", "ja", "2026", ""][usize::from(value) % 5]),
        };
    }
    let Ok(bytes) = book.save_to_buffer() else { return };
    if let Err((source, diagnostics)) = maal::Facts::load_bytes("fuzz.xlsx", &bytes) {
        assert!(!diagnostics.is_empty());
        let _ = maal::render::render_to_string(&source, &diagnostics, maal::Lang::Da);
    }
});
