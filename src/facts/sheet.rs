//! Facts from spreadsheets: CSV (`;` or `,`) and Excel (`.xlsx`), and the
//! fill-in Excel template.
//!
//! The layout (docs/facts.md): a header row naming the columns `navn`
//! (`name`), `værdi` (`value`), and optionally `enhed` (`unit`), `år`
//! (`year`) and `kilde` (`source`); then one fact per row. Other columns are
//! ignored. Excel numbers are read through their shortest decimal text, like
//! TOML floats, and Excel dates become dates. Errors name the sheet, row and
//! column; for Excel the diagnostics point into a text rendering of the sheet
//! (one line a row, `;` between cells) so they can be shown like any other.

use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::facts::{Entry, Raw};
use crate::source::{Source, Span};

/// One cell: its text and where it is in the source text.
struct Cell {
    text: String,
    span: Span,
}

/// The columns a facts sheet may have, by header word.
#[derive(Default)]
struct Columns {
    name: Option<usize>,
    value: Option<usize>,
    unit: Option<usize>,
    year: Option<usize>,
}

/// A spreadsheet column letter: 0 → A, 26 → AA.
fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// "ark Fakta, række 5, kolonne B"
fn place(sheet: &str, row: usize, column: usize) -> Msg {
    let letter = column_letter(column);
    Msg::new(
        format!("ark {sheet}, række {row}, kolonne {letter}"),
        format!("sheet {sheet}, row {row}, column {letter}"),
    )
}

/// Turns rows (the first is the header) into fact entries.
/// `row_offset`: how many sheet rows lie above the first of `rows`.
fn entries(sheet: &str, rows: &[Vec<Cell>], row_offset: usize, whole: Span) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    // The header is the first row naming the `navn` and `værdi` columns; a
    // title or notes above it are skipped.
    let columns_of = |row: &[Cell]| {
        let mut columns = Columns::default();
        for (i, cell) in row.iter().enumerate() {
            match cell.text.trim().to_lowercase().as_str() {
                "navn" | "name" | "faktum" | "fact" => columns.name = columns.name.or(Some(i)),
                "værdi" | "vaerdi" | "value" => columns.value = columns.value.or(Some(i)),
                "enhed" | "unit" => columns.unit = columns.unit.or(Some(i)),
                "år" | "aar" | "year" => columns.year = columns.year.or(Some(i)),
                _ => {}
            }
        }
        columns
    };
    let found = rows.iter().enumerate().find_map(|(r, row)| {
        let columns = columns_of(row);
        Some((r, columns.name?, columns.value?, columns))
    });
    let Some((header_row, name_col, value_col, columns)) = found else {
        let span = rows.first().and_then(|row| row.first()).map_or(whole, |c| c.span);
        return Err(vec![Diagnostic::error(
            codes::MALFORMED_FACTS,
            Msg::new("arket mangler kolonnerne `navn` og `værdi`", "the sheet lacks the columns `name` and `value`"),
            Some(span),
            Msg::new("ingen række her navngiver kolonnerne", "no row here names the columns"),
        )
        .note(place(sheet, row_offset + 1, 0))
        .hint(header_hint())]);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(header_row + 1) {
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).filter(|cell| !cell.text.trim().is_empty());
        let Some(name) = get(Some(name_col)) else {
            // A row without a name is blank, or a note in the margin, unless it has a value.
            if let Some(value) = get(Some(value_col)) {
                errors.push(
                    Diagnostic::error(
                        codes::BAD_VALUE,
                        Msg::new("værdi uden navn", "a value without a name"),
                        Some(value.span),
                        Msg::new("hvilket faktum er dette?", "which fact is this?"),
                    )
                    .note(place(sheet, row_offset + r + 1, name_col)),
                );
            }
            continue;
        };
        let row_place = place(sheet, row_offset + r + 1, value_col);
        let value = match (get(Some(value_col)), get(columns.unit)) {
            // A cell formatted as a percentage (`92%`) already says its unit.
            (Some(v), Some(unit))
                if v.text.trim().ends_with('%')
                    && crate::measure::unit_of(unit.text.trim())
                        .is_some_and(|(d, _)| d == crate::value::Dim::Percent) =>
            {
                v.text.trim().to_string()
            }
            (Some(v), Some(unit)) => format!("{} {}", v.text.trim(), unit.text.trim()),
            (Some(v), None) => v.text.trim().to_string(),
            (None, _) => String::new(),
        };
        let span = get(Some(value_col)).map_or(name.span, |v| name.span.to(v.span));
        let raw = match get(columns.year) {
            Some(year) => Raw::Table(vec![(year.text.trim().to_string(), Raw::Text(value))]),
            None => Raw::Text(value),
        };
        out.push(Entry { key: name.text.trim().to_string(), value: raw, span, place: Some(row_place) });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn header_hint() -> Msg {
    Msg::new(
        "første række: `navn`, `værdi`, og gerne `enhed`, `år`, `kilde` (se `maal facts PLAN --format xlsx`)",
        "first row: `name`, `value`, and optionally `unit`, `year`, `source` (see `maal facts PLAN --format xlsx`)",
    )
}

/// Fact entries from a CSV text (`;` or `,` between fields, by the header).
pub(crate) fn csv_entries(source: &Source) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    let text = &source.text;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = reader.position().byte() as usize;
                let line = text.get(start..end.min(text.len())).unwrap_or("");
                let line_end = start + line.trim_end_matches(['\r', '\n']).len();
                // Each cell points at its text in the line when it can be found, else at the line.
                let mut from = start;
                let cells = record
                    .iter()
                    .map(|field| {
                        let found =
                            text.get(from..line_end).and_then(|rest| rest.find(field)).filter(|_| !field.is_empty());
                        let span = match found {
                            Some(at) => {
                                let span = Span::new(from + at, from + at + field.len());
                                from = span.end;
                                span
                            }
                            None => Span::new(start, line_end),
                        };
                        Cell { text: field.to_string(), span }
                    })
                    .collect();
                rows.push(cells);
            }
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                return Err(vec![Diagnostic::error(
                    codes::MALFORMED_FACTS,
                    Msg::new("fejl i CSV-filen", "error in the CSV file"),
                    Some(Span::new(at.min(text.len()), at.min(text.len()))),
                    Msg::new(format!("ugyldig CSV: {e}"), format!("invalid CSV: {e}")),
                )]);
            }
        }
    }
    entries("CSV", &rows, 0, Span::new(0, 0))
}

/// The most rows of a facts sheet (a fact a row: far more than any plan has).
pub const MAX_SHEET_ROWS: u32 = 10_000;
/// The most columns of a facts sheet.
pub const MAX_SHEET_COLUMNS: u32 = 200;
/// The most cells read from a facts sheet, empty and styled ones included.
pub const MAX_SHEET_CELLS: usize = 200_000;

/// An Excel workbook's facts sheet (`Fakta`/`Facts`, else the first) as a
/// text rendering and its fact entries; errors point into that rendering.
///
/// The sheet is read cell by cell, never as the grid its declared dimension
/// claims: a cell past [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`], or more
/// than [`MAX_SHEET_CELLS`] cells, is refused with the cell named. A number
/// with a percent format (`92%`, stored by Excel as 0.92) is read as the
/// percentage shown.
pub(crate) fn xlsx_entries(name: &str, bytes: &[u8]) -> Result<(Source, Vec<Entry>), (Source, Vec<Diagnostic>)> {
    use calamine::{DataRef, Reader, Xlsx};
    let fail = |what: Msg| {
        let diag = Diagnostic::error(
            codes::MALFORMED_FACTS,
            Msg::new("regnearket kan ikke læses", "the spreadsheet cannot be read"),
            None,
            what,
        );
        (Source::new(name, ""), vec![diag])
    };
    let plain = |what: String| fail(Msg::new(what.clone(), what));
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        fail(Msg::new(
            format!("ikke en Excel-projektmappe (.xlsx): {e}; gem arket som .xlsx eller .csv"),
            format!("not an Excel workbook (.xlsx): {e}; save the sheet as .xlsx or .csv"),
        ))
    })?;
    let names = workbook.sheet_names();
    let sheet = names
        .iter()
        .find(|n| ["fakta", "facts"].contains(&n.to_lowercase().as_str()))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| plain("ingen ark / no sheets".into()))?;
    let mut reader = workbook.worksheet_cells_reader(&sheet).map_err(|e| plain(e.to_string()))?;
    // (row, column, text), sparse: only cells with something in them.
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    let mut read = 0usize;
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| plain(e.to_string()))? {
        read += 1;
        let (row, column) = cell.get_position();
        if row >= MAX_SHEET_ROWS || column >= MAX_SHEET_COLUMNS || read > MAX_SHEET_CELLS {
            let at = format!("{}{}", column_letter(column as usize), u64::from(row) + 1);
            return Err(fail(Msg::new(
                format!(
                    "arket {sheet} er for stort: celle {at} ligger uden for {MAX_SHEET_ROWS} rækker × {MAX_SHEET_COLUMNS} kolonner (højst {MAX_SHEET_CELLS} celler)"
                ),
                format!(
                    "sheet {sheet} is too large: cell {at} lies outside {MAX_SHEET_ROWS} rows × {MAX_SHEET_COLUMNS} columns (at most {MAX_SHEET_CELLS} cells)"
                ),
            )));
        }
        let percent = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'));
        let number = |text: String| -> String {
            match (percent, text.parse::<rust_decimal::Decimal>()) {
                // Excel keeps 92% as 0.92: the percentage is what the person typed and sees.
                (true, Ok(d)) => d
                    .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
                    .map(|p| format!("{}%", p.normalize()))
                    .unwrap_or(text),
                _ => text,
            }
        };
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.replace(['\n', ';'], " "),
            DataRef::SharedString(s) => s.replace(['\n', ';'], " "),
            DataRef::Int(n) => number(n.to_string()),
            // The shortest text that reads back as the same double: what the user typed.
            DataRef::Float(x) => number(x.to_string()),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => match d.as_datetime() {
                Some(dt) if d.is_datetime() => dt.date().to_string(),
                _ => d.as_f64().to_string(),
            },
            DataRef::Error(e) => format!("#{e:?}"),
        };
        found.push((row, column, text));
    }
    found.sort_by_key(|(r, c, _)| (*r, *c));
    let first_row = found.first().map_or(0, |f| f.0);
    let last_row = found.last().map_or(0, |f| f.0);
    // One line a row from row 1, so line numbers are the sheet's row numbers.
    let mut text = String::new();
    for _ in 0..first_row {
        text.push('\n');
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut next = found.into_iter().peekable();
    for row in first_row..=last_row {
        let mut cells = Vec::new();
        while let Some((_, column, value)) = next.next_if(|(r, _, _)| *r == row) {
            while cells.len() < column as usize {
                if !cells.is_empty() {
                    text.push(';');
                }
                cells.push(Cell { text: String::new(), span: Span::new(text.len(), text.len()) });
            }
            if !cells.is_empty() {
                text.push(';');
            }
            let start = text.len();
            text.push_str(&value);
            cells.push(Cell { text: value, span: Span::new(start, text.len()) });
        }
        text.push('\n');
        rows.push(cells);
    }
    let source = Source::new(name, text);
    let result = entries(&sheet, &rows, first_row as usize, Span::new(0, 0)).map_err(|d| (source.clone(), d))?;
    Ok((source, result))
}

/// A fill-in Excel workbook: one row per fact (and year) a plan needs, with
/// the kind, the unit to use and the goals, in the layout `xlsx_entries` reads.
pub fn template_xlsx(plan: &crate::check::Checked, lang: crate::diag::Lang) -> Result<Vec<u8>, String> {
    workbook(plan, None, lang)
}

/// The same workbook with the values of `facts` (the JSON fact layout,
/// `facts::to_json`) filled in as they are written ("42,9 mio. kr."), each
/// with its own unit, so the workbook reads back to the same facts (a value
/// without a unit reads as it did: kroner, or a plain number).
#[cfg_attr(not(feature = "serve"), allow(dead_code))] // the workbench's download
pub fn filled_xlsx(
    plan: &crate::check::Checked,
    facts: &serde_json::Value,
    lang: crate::diag::Lang,
) -> Result<Vec<u8>, String> {
    workbook(plan, Some(facts), lang)
}

fn workbook(
    plan: &crate::check::Checked,
    filled: Option<&serde_json::Value>,
    lang: crate::diag::Lang,
) -> Result<Vec<u8>, String> {
    use crate::check::FactKind;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Fakta").map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let headers = match lang {
        crate::diag::Lang::Da => ["navn", "værdi", "enhed", "år", "kilde", "beskrivelse"],
        crate::diag::Lang::En => ["name", "value", "unit", "year", "source", "description"],
    };
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(|e| e.to_string())?;
    }
    let mut row = 1u32;
    // The date the figures are as of, first, as a fact file starts with it.
    if let Some(as_of) = filled.and_then(|f| f.get("opgjort")).and_then(serde_json::Value::as_str) {
        let what = Msg::new("datoen, tallene er opgjort pr.", "the date the figures are as of");
        for (c, text) in [(0, "opgjort"), (1, as_of), (5, what.get(lang))] {
            sheet.write_string(row, c, text).map_err(|e| e.to_string())?;
        }
        row += 1;
    }
    for (name, info) in crate::check::in_danish_order(&plan.facts) {
        let unit = match info.kind {
            FactKind::Number(Some(dim)) => dim.measure().sheet_unit,
            FactKind::Number(None) | FactKind::Date | FactKind::Bool | FactKind::Unknown => "",
        };
        let goals = format!("{} {}", Msg::new("mål", "goals").get(lang), info.goals.join(", "));
        let label = plan.labels.get(name).map(|l| format!("{l}: ")).unwrap_or_default();
        let description = format!("{label}{}; {goals}", info.kind.describe().get(lang));
        // This period's figure (no year) and each year the rules read.
        let years: Vec<Option<i32>> = (info.plain || info.years.is_empty())
            .then_some(None)
            .into_iter()
            .chain(info.years.iter().copied().map(Some))
            .collect();
        for year in years {
            sheet.write_string(row, 0, name.as_str()).map_err(|e| e.to_string())?;
            let value = filled.and_then(|facts| {
                let v = facts.get(name.as_str())?;
                let v = match year {
                    Some(y) => v.get(y.to_string())?,
                    None if v.is_object() => return None,
                    None => v,
                };
                Some(v.as_str().map_or_else(|| v.to_string(), str::to_string))
            });
            match value {
                // The value as written carries its unit (or reads without one as it did).
                Some(v) => sheet.write_string(row, 1, v).map(|_| ()).map_err(|e| e.to_string())?,
                None => sheet.write_string(row, 2, unit).map(|_| ()).map_err(|e| e.to_string())?,
            }
            if let Some(y) = year {
                sheet.write_number(row, 3, y).map_err(|e| e.to_string())?;
            }
            sheet.write_string(row, 5, description.as_str()).map_err(|e| e.to_string())?;
            row += 1;
        }
    }
    sheet.set_column_width(0, 36).map_err(|e| e.to_string())?;
    sheet.set_column_width(5, 60).map_err(|e| e.to_string())?;
    workbook.save_to_buffer().map_err(|e| e.to_string())
}
