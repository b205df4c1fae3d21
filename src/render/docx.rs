//! The annual report as a Word document (`maal report --format docx`, feature
//! `docx`): ministries finish the årsrapport in Word, so everything is editable
//! Word content: headings in Word's own heading styles (the navigation pane and
//! a table of contents find them), one table per section of the plan with no
//! row split across pages (docx-rs 0.4 cannot mark a header row to repeat), the total,
//! the payout, and each analysis as its own paragraph. A4, page numbers in the
//! footer. Written with docx-rs; nothing here knows the file format.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts, Shading, ShdType,
    Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use super::annual::{self, Report};
use crate::diag::Lang;
use crate::eval::Status;
use crate::value::format_score;

/// A4 in twentieths of a point, and 2 cm margins.
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN: i32 = 1_134;
/// The table's columns in twentieths of a point, summing to the text width.
const COLUMNS: [usize; 6] = [620, 1_700, 2_300, 700, 2_900, 1_418];

/// The report as the bytes of a .docx file.
///
/// # Errors
/// When the document cannot be packed (it is built in memory, so only on a
/// failure inside the zip writer), with its words.
pub fn docx(report: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let w = annual::words(lang);
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN))
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri"))
        .default_size(20)
        .add_style(heading("Heading1", "heading 1", 1, 32))
        .add_style(heading("Heading2", "heading 2", 2, 26))
        .add_style(heading("Heading3", "heading 3", 3, 22))
        .footer(footer(lang));
    if let Some(ministry) = &report.ministry {
        doc = doc.add_paragraph(plain().add_run(Run::new().add_text(ministry.as_str()).size(22)));
    }
    doc = doc
        .add_paragraph(Paragraph::new().style("Heading1").add_run(Run::new().add_text(report.plan.as_str())))
        .add_paragraph(plain().add_run(Run::new().add_text(annual::about(report, lang))));
    let (sections, adjusted) = annual::sections(report);
    for (section, rows) in &sections {
        if let Some(name) = section {
            doc = doc
                .add_paragraph(Paragraph::new().style("Heading2").keep_next(true).add_run(Run::new().add_text(*name)));
        }
        let rows = rows
            .iter()
            .map(|(row, weight)| {
                let status = match row.status {
                    Status::Met => "D4EDDA",
                    Status::PartlyMet => "FFF3CD",
                    Status::NotMet | Status::Error => "F8D7DA",
                    Status::Pending => "E2E3E5",
                    Status::Dropped => "FFFFFF",
                };
                TableRow::new(vec![
                    cell(&row.id, 0),
                    cell(&row.title, 1),
                    cell(&row.required, 2),
                    cell(&format_score(*weight, lang), 3),
                    cell(&row.achieved, 4),
                    cell(&row.assessment, 5)
                        .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(status)),
                ])
                .cant_split()
            })
            .collect();
        doc = table(doc, rows, lang);
    }
    if adjusted {
        doc = doc.add_paragraph(
            plain().add_run(Run::new().add_text(super::evaluation::rounding_note(lang)).italic().size(18)),
        );
    }
    doc = doc.add_paragraph(plain().add_run(Run::new().add_text(annual::total_line(report, lang)).bold().size(24)));
    let analyses: Vec<_> = report.rows.iter().filter_map(|r| Some((r, r.analysis.as_deref()?))).collect();
    if !analyses.is_empty() {
        doc = doc
            .add_paragraph(Paragraph::new().style("Heading2").keep_next(true).add_run(Run::new().add_text(w.analysis)));
        for (row, text) in analyses {
            doc = doc
                .add_paragraph(
                    Paragraph::new()
                        .style("Heading3")
                        .keep_next(true)
                        .add_run(Run::new().add_text(format!("{} {}", row.id, row.title))),
                )
                .add_paragraph(plain().add_run(Run::new().add_text(text.replace('\n', " "))));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// A paragraph in Word's body style ("Normal", the one Word's own documents start in).
fn plain() -> Paragraph {
    Paragraph::new().style("Normal")
}

/// A heading style under Word's own name, so Word treats it as a heading.
fn heading(id: &str, name: &str, level: usize, size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .outline_lvl(level - 1)
        .size(size)
        .bold()
        .color("1F3864")
}

/// "Side 2 af 5" at the foot of every page, as fields Word updates.
fn footer(lang: Lang) -> Footer {
    let (page, of) = if lang == Lang::Da { ("Side ", " af ") } else { ("Page ", " of ") };
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(page).size(17))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(of).size(17))
            .add_num_pages(NumPages::new()),
    )
}

/// A table cell of one column; a line break in the text starts a new line in Word.
fn cell(text: &str, column: usize) -> TableCell {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    // The weight, a number, stands to the right as in the page's table.
    let align = if column == 3 { AlignmentType::Right } else { AlignmentType::Left };
    TableCell::new().width(COLUMNS[column], WidthType::Dxa).add_paragraph(Paragraph::new().align(align).add_run(run))
}

/// One section's rows as a table under a header row.
fn table(doc: Docx, rows: Vec<TableRow>, lang: Lang) -> Docx {
    let w = annual::words(lang);
    let names =
        [w.goal, if lang == Lang::Da { "Titel" } else { "Title" }, w.required, w.weight, w.achieved, w.assessment];
    let head = TableRow::new(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                TableCell::new()
                    .width(COLUMNS[i], WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill("F2F2F2"))
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(*name).bold()))
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![head];
    all.extend(rows);
    doc.add_table(Table::new(all).set_grid(COLUMNS.to_vec()).width(COLUMNS.iter().sum(), WidthType::Dxa))
}
