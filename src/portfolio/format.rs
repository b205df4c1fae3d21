//! The portfolio for people: a table per institution and the goals that need
//! attention, as text, Markdown, CSV for Danish Excel, an Excel workbook (a
//! summary sheet and a sheet per institution), and one self-contained HTML
//! page (a row per institution with a small chart of its total through the
//! year, the ministry's chart, each institution's annual report on click).

use rust_decimal::Decimal;

use serde::Serialize;

use super::{Concern, Institution, Portfolio, Reason};
use crate::diag::{Lang, Msg};
use crate::render::annual::{self, html_escape};
use crate::value::{format_date, format_quantity, format_score};

fn t(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

impl Concern {
    /// The word for people.
    pub fn word(self, lang: Lang) -> &'static str {
        let (da, en) = match self {
            Concern::NotMet => ("ikke opfyldt", "not met"),
            Concern::Error => ("fejl", "error"),
            Concern::Overridden => ("tilsidesat", "overridden"),
            Concern::AtRisk => ("i risiko", "at risk"),
        };
        match lang {
            Lang::Da => da,
            Lang::En => en,
        }
    }
}

/// Why a goal needs attention, in its portfolio's language: each reason, joined by "; ".
pub fn why(attention: &super::Attention) -> String {
    let voice = crate::render::words::Voice::new(attention.lang, &attention.labels);
    let reasons: Vec<String> = attention.reasons.iter().map(|r| reason(r, voice)).collect();
    reasons.join("; ")
}

/// One reason in words.
fn reason(reason: &Reason, voice: crate::render::words::Voice<'_>) -> String {
    let lang = voice.lang;
    match reason {
        Reason::Overridden { rules, decided, reason } => t(
            lang,
            &format!("reglerne: {}; departementets vurdering: {} ({reason})", rules.word(lang), decided.word(lang)),
            &format!("the rules: {}; the department's assessment: {} ({reason})", rules.word(lang), decided.word(lang)),
        ),
        Reason::Achieved(words) => words.clone(),
        Reason::DueSoon { due, awaiting, needs } => {
            let needs: Vec<String> = needs.iter().map(|n| crate::render::words::need_sentence(n, voice)).collect();
            let d = format_date(*due, lang);
            let mut why = if *awaiting {
                t(
                    lang,
                    &format!("fristen {d} falder inden næste indberetning, og tallene til nu opfylder ikke kravet"),
                    &format!("the deadline {d} falls before the next report, and the figures so far do not meet it"),
                )
            } else {
                t(
                    lang,
                    &format!("fristen {d} falder inden næste indberetning, og målet er endnu ikke nået"),
                    &format!("the deadline {d} falls before the next report, and the goal is not met yet"),
                )
            };
            if !needs.is_empty() {
                why.push_str(&format!(" ({})", needs.join("; ")));
            }
            why
        }
        Reason::Pace { met_now, fact, since, then, now, projected, dim, deadline } => {
            let q = |v: Decimal| format_quantity(v, *dim, lang);
            let (d, since) = (format_date(*deadline, lang), format_date(*since, lang));
            let (then, now, projected, fact) = (q(*then), q(*now), q(*projected), voice.fact_key(fact));
            if *met_now {
                t(
                    lang,
                    &format!("ved samme tempo som siden {since} ({then} → {now}) bliver {fact} {projected} den {d}, og så er målet ikke opfyldt"),
                    &format!("at the pace since {since} ({then} → {now}), {fact} will be {projected} on {d}, and the goal will not be met"),
                )
            } else {
                t(
                    lang,
                    &format!("ved samme tempo som siden {since} ({then} → {now}) er {fact} {projected} den {d}, og målet bliver ikke nået"),
                    &format!("at the pace since {since} ({then} → {now}), {fact} is {projected} on {d}, and the goal will not be met"),
                )
            }
        }
    }
}

/// A goal that needs attention.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Attention {
    /// The institution's folder.
    pub folder: String,
    /// The institution.
    pub institution: String,
    /// `7`, `3.1`
    pub goal: String,
    /// The goal's title.
    pub title: String,
    /// Why it needs attention.
    pub kind: Concern,
    /// In words.
    pub why: String,
}

impl Attention {
    /// The JSON of `attention`, its reasons in words.
    pub fn of(attention: &super::Attention) -> Attention {
        Attention {
            folder: attention.folder.clone(),
            institution: attention.institution.clone(),
            goal: attention.goal.clone(),
            title: attention.title.clone(),
            kind: attention.kind,
            why: why(attention),
        }
    }
}

/// `Portfolio::attention` as JSON (serde's `serialize_with`).
pub(super) fn attention_json<S: serde::Serializer>(
    attention: &[super::Attention],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(attention.iter().map(Attention::of))
}

/// The summary table's header.
fn header(lang: Lang) -> [String; 11] {
    [
        t(lang, "Institution", "Institution"),
        t(lang, "Planår", "Plan year"),
        t(lang, "Opgjort", "As of"),
        t(lang, "Samlet", "Total"),
        t(lang, "Højst opnåelig", "Max reachable"),
        t(lang, "Ændring", "Change"),
        t(lang, "Opfyldt", "Met"),
        t(lang, "Ikke opfyldt", "Not met"),
        t(lang, "Afventer", "Pending"),
        t(lang, "Udgået", "Dropped"),
        t(lang, "Tilsidesat", "Overridden"),
    ]
}

/// An institution's summary cells, in the header's order (fejl with not met).
fn cells(i: &Institution, lang: Lang) -> [String; 11] {
    let year = i.year.map(|y| y.to_string()).unwrap_or_default();
    let Some(s) = &i.latest else {
        let none = if i.problems.is_empty() {
            t(lang, "ingen indberetninger", "no reports")
        } else {
            t(lang, "fejl i input", "bad input")
        };
        return [
            i.name.clone(),
            year,
            none,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    let change = s.change.map_or_else(|| "–".into(), |c| signed(c, lang));
    let not_met = if s.error > 0 {
        format!("{} (+{} {})", s.not_met, s.error, t(lang, "fejl", "error"))
    } else {
        s.not_met.to_string()
    };
    [
        i.name.clone(),
        year,
        format_date(s.as_of, lang),
        format_score(s.total, lang),
        format_score(s.max_reachable, lang),
        change,
        s.met.to_string(),
        not_met,
        s.pending.to_string(),
        s.dropped.to_string(),
        s.overridden.to_string(),
    ]
}

/// `+14,29`, `-2,50`, `0,00`.
fn signed(value: Decimal, lang: Lang) -> String {
    let text = format_score(value, lang);
    if value > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// The portfolio as text for a terminal.
pub fn text(portfolio: &Portfolio, lang: Lang) -> String {
    let mut out =
        format!("{} {}\n\n", t(lang, "Porteføljen pr.", "The portfolio as of"), format_date(portfolio.per, lang));
    let h = header(lang);
    out.push_str(&format!(
        "{:<36} {:<7} {:<18} {:>7} {:>7} {:>7} {:>4} {:>4} {:>4} {:>4} {:>4}\n",
        h[0],
        h[1],
        h[2],
        h[3],
        t(lang, "Højst", "Max"),
        h[5],
        t(lang, "Opf.", "Met"),
        t(lang, "Ikke", "Not"),
        t(lang, "Afv.", "Pend"),
        t(lang, "Udg.", "Drop"),
        t(lang, "Tils.", "Ovr")
    ));
    for i in &portfolio.institutions {
        let c = cells(i, lang);
        let name: String = c[0].chars().take(36).collect();
        out.push_str(&format!(
            "{name:<36} {:<7} {:<18} {:>7} {:>7} {:>7} {:>4} {:>4} {:>4} {:>4} {:>4}\n",
            c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]
        ));
    }
    out.push_str(&overdue_text(portfolio, lang, std::string::ToString::to_string));
    out.push_str(&attention_text(portfolio, lang, std::string::ToString::to_string, ""));
    for i in portfolio.institutions.iter().filter(|i| !i.problems.is_empty()) {
        out.push_str(&format!("\n{} {}:\n", t(lang, "Fejl i input fra", "Bad input from"), i.name));
        for p in &i.problems {
            out.push_str(&p.message);
        }
    }
    out
}

/// "Årsrapporten pr. 31. december 2026 mangler (skulle være inde senest 30.
/// januar 2027)".
pub fn overdue_words(o: &super::Overdue, lang: Lang) -> String {
    let (end, due) = (format_date(o.period_end, lang), format_date(o.due, lang));
    match (o.year_end, lang) {
        (true, Lang::Da) => format!("årsrapporten pr. {end} mangler (skulle være inde senest {due})"),
        (false, Lang::Da) => format!("indberetningen pr. {end} mangler (skulle være inde senest {due})"),
        (true, Lang::En) => format!("the year-end report as of {end} is missing (due by {due})"),
        (false, Lang::En) => format!("the report as of {end} is missing (due by {due})"),
    }
}

/// "Manglende indberetninger": each institution whose due report is not in.
fn overdue_text(portfolio: &Portfolio, lang: Lang, cell: impl Fn(&str) -> String) -> String {
    let lines: Vec<String> = portfolio
        .institutions
        .iter()
        .filter_map(|i| i.overdue.map(|o| format!("- {}: {}\n", cell(&i.name), overdue_words(&o, lang))))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!("\n{}:\n\n{}", t(lang, "Manglende indberetninger", "Missing reports"), lines.concat())
}

/// "Kræver opmærksomhed" as a list, each cell through `cell`.
/// `strong` marks the concern (`**` in Markdown, nothing on a terminal).
fn attention_text(portfolio: &Portfolio, lang: Lang, cell: impl Fn(&str) -> String, strong: &str) -> String {
    if portfolio.attention.is_empty() {
        return format!("\n{}\n", t(lang, "Ingen mål kræver opmærksomhed.", "No goal needs attention."));
    }
    let mut out = format!("\n{}:\n\n", t(lang, "Kræver opmærksomhed", "Needs attention"));
    for a in &portfolio.attention {
        out.push_str(&format!(
            "- {} · {} {} {}: {strong}{}{strong} — {}\n",
            cell(&a.institution),
            t(lang, "mål", "goal"),
            cell(&a.goal),
            cell(&a.title),
            a.kind.word(lang),
            cell(&why(a))
        ));
    }
    out
}

/// The portfolio as Markdown.
pub fn markdown(portfolio: &Portfolio, lang: Lang) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out =
        format!("## {} {}\n\n", t(lang, "Porteføljen pr.", "The portfolio as of"), format_date(portfolio.per, lang));
    let h = header(lang);
    out.push_str(&format!("| {} |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", h.join(" | ")));
    for i in &portfolio.institutions {
        let c: Vec<String> = cells(i, lang).iter().map(|x| cell(x)).collect();
        out.push_str(&format!("| {} |\n", c.join(" | ")));
    }
    out.push_str(&overdue_text(portfolio, lang, cell));
    out.push_str(&attention_text(portfolio, lang, cell, "**"));
    for i in portfolio.institutions.iter().filter(|i| !i.problems.is_empty()) {
        out.push_str(&format!("\n### {} {}\n\n", t(lang, "Fejl i input fra", "Bad input from"), cell(&i.name)));
        for p in &i.problems {
            out.push_str(&format!("```text\n{}```\n", p.message));
        }
    }
    out
}

/// The portfolio as CSV for Danish Excel (a byte-order mark first, so Excel reads
/// it as UTF-8): the summary, an empty line, then the goals that need attention.
pub fn csv(portfolio: &Portfolio, lang: Lang) -> String {
    let field = |text: &str| {
        if text.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let line = |cells: &[String]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(";") + "\r\n";
    let mut out = String::from('\u{FEFF}');
    out.push_str(&line(&header(lang)));
    for i in &portfolio.institutions {
        out.push_str(&line(&cells(i, lang)));
    }
    out.push_str("\r\n");
    out.push_str(&line(&attention_header(lang)));
    for a in &portfolio.attention {
        out.push_str(&line(&[
            a.institution.clone(),
            a.goal.clone(),
            a.title.clone(),
            a.kind.word(lang).to_string(),
            why(a),
        ]));
    }
    out
}

/// The attention table's header.
fn attention_header(lang: Lang) -> [String; 5] {
    [
        t(lang, "Institution", "Institution"),
        t(lang, "Mål", "Goal"),
        t(lang, "Titel", "Title"),
        t(lang, "Hvorfor", "Concern"),
        t(lang, "Begrundelse", "Why"),
    ]
}

/// A bold heading row.
fn headings(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cells: &[String],
    bold: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, h) in cells.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, h, bold)?;
    }
    Ok(())
}

/// The portfolio as an Excel workbook: "Oversigt" (the summary), "Opmærksomhed"
/// (the goals that need it), and one sheet per institution (its annual report),
/// each named after the institution (at most 31 characters, unique). Every sheet
/// has a title and a "pr. <dato>" row above a frozen header row with filters;
/// dates are dates, totals and counts numbers, and the columns fit their text.
pub fn xlsx(portfolio: &Portfolio, lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let number = Format::new().set_num_format("0.00");
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let excel_date = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), d.month() as u8, d.day() as u8)
    };
    let per = format!("{} {}", t(lang, "pr.", "as of"), format_date(portfolio.per, lang));
    // A title, the date, a blank row, then the header at row 3 (frozen, with filters over `rows` rows).
    let top =
        |sheet: &mut Worksheet, name: &str, heads: &[String], rows: usize| -> Result<(), rust_xlsxwriter::XlsxError> {
            sheet.write_string_with_format(0, 0, name, &title)?;
            sheet.write_string(1, 0, &per)?;
            headings(sheet, 3, heads, &bold)?;
            sheet.set_freeze_panes(4, 0)?;
            let last = u16::try_from(heads.len().saturating_sub(1)).unwrap_or(0);
            sheet.autofilter(3, 0, 3 + u32::try_from(rows).unwrap_or(0), last)?;
            Ok(())
        };
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "Oversigt", "Summary")).map_err(e)?;
    let h = header(lang);
    top(sheet, &t(lang, "Porteføljen", "The portfolio"), &h, portfolio.institutions.len()).map_err(e)?;
    for (r, i) in portfolio.institutions.iter().enumerate() {
        let row = r as u32 + 4;
        let c = cells(i, lang);
        sheet.write_string(row, 0, &c[0]).map_err(e)?;
        if let Some(y) = i.year {
            sheet.write_number(row, 1, f64::from(y)).map_err(e)?;
        }
        if let Some(s) = &i.latest {
            // A date Excel cannot hold (before 1900) is written as the text people read.
            match excel_date(s.as_of) {
                Ok(day) => sheet.write_date_with_format(row, 2, &day, &date).map_err(e)?,
                Err(_) => sheet.write_string(row, 2, &c[2]).map_err(e)?,
            };
            // Numbers as numbers, so the department can sum and chart them.
            let f = |d: Decimal| d.round_dp(2).to_string().parse::<f64>().unwrap_or_default();
            sheet.write_number_with_format(row, 3, f(s.total), &number).map_err(e)?;
            sheet.write_number_with_format(row, 4, f(s.max_reachable), &number).map_err(e)?;
            if let Some(change) = s.change {
                sheet.write_number_with_format(row, 5, f(change), &number).map_err(e)?;
            }
            for (col, n) in [s.met, s.not_met + s.error, s.pending, s.dropped, s.overridden].into_iter().enumerate() {
                sheet.write_number(row, col as u16 + 6, n as f64).map_err(e)?;
            }
        } else {
            sheet.write_string(row, 2, &c[2]).map_err(e)?;
        }
    }
    sheet.autofit();
    sheet.set_column_width(2, 12).map_err(e)?;
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "Opmærksomhed", "Attention")).map_err(e)?;
    let heads = attention_header(lang);
    top(sheet, &t(lang, "Kræver opmærksomhed", "Needs attention"), &heads, portfolio.attention.len()).map_err(e)?;
    for (r, a) in portfolio.attention.iter().enumerate() {
        let row = r as u32 + 4;
        sheet.write_string(row, 0, &a.institution).map_err(e)?;
        sheet.write_string(row, 1, &a.goal).map_err(e)?;
        sheet.write_string_with_format(row, 2, &a.title, &wrap).map_err(e)?;
        sheet.write_string(row, 3, a.kind.word(lang)).map_err(e)?;
        sheet.write_string_with_format(row, 4, why(a), &wrap).map_err(e)?;
    }
    for (c, w) in [26.0, 6.0, 40.0, 14.0, 90.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(e)?;
    }
    let mut names: Vec<String> = Vec::new();
    for i in &portfolio.institutions {
        let sheet = book.add_worksheet();
        let name = sheet_name(&i.name, &names);
        sheet.set_name(&name).map_err(e)?;
        names.push(name);
        let Some(report) = &i.report else {
            let text = if i.problems.is_empty() {
                t(lang, "Ingen indberetninger.", "No reports.")
            } else {
                i.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n")
            };
            sheet.write_string_with_format(0, 0, &i.name, &title).map_err(e)?;
            sheet.write_string_with_format(2, 0, &text, &wrap).map_err(e)?;
            sheet.set_column_width(0, 120).map_err(e)?;
            continue;
        };
        let heads = [
            t(lang, "Mål", "Goal"),
            t(lang, "Titel", "Title"),
            t(lang, "Krævet resultat", "Result required"),
            t(lang, "Vægt", "Weight"),
            t(lang, "Opnået resultat", "Result achieved"),
            t(lang, "Vurdering", "Assessment"),
            t(lang, "Analyse (udkast)", "Analysis (draft)"),
        ];
        top(sheet, &report.plan, &heads, report.rows.len()).map_err(e)?;
        let as_of = format!("{} {}", t(lang, "Opgjort", "As of"), format_date(report.as_of, lang));
        sheet.write_string(1, 0, format!("{as_of} · {}", annual::total_line(report, lang))).map_err(e)?;
        for (c, w) in [6.0, 30.0, 50.0, 8.0, 60.0, 14.0, 60.0].iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(e)?;
        }
        // Rounded so that the column adds up to its rounded sum in Excel too.
        let weights: Vec<_> = report.rows.iter().map(|r| r.weight).collect();
        let shown = crate::value::rounded_parts(&weights, 2);
        for (r, (row, shown)) in report.rows.iter().zip(&shown).enumerate() {
            let y = r as u32 + 4;
            sheet.write_string(y, 0, &row.id).map_err(e)?;
            sheet.write_string_with_format(y, 1, &row.title, &wrap).map_err(e)?;
            sheet.write_string_with_format(y, 2, &row.required, &wrap).map_err(e)?;
            let weight = shown.to_string().parse::<f64>().unwrap_or_default();
            sheet.write_number_with_format(y, 3, weight, &number).map_err(e)?;
            sheet.write_string_with_format(y, 4, &row.achieved, &wrap).map_err(e)?;
            sheet.write_string(y, 5, &row.assessment).map_err(e)?;
            sheet.write_string_with_format(y, 6, row.analysis.as_deref().unwrap_or_default(), &wrap).map_err(e)?;
        }
    }
    book.save_to_buffer().map_err(e)
}

/// A sheet name for `name`: Excel's limits (at most 31 characters, none of
/// `[]:*?/\`, not blank) and unique among `taken` (case aside, as Excel
/// compares them): `Navn`, `Navn (2)`, …
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let clean = clean.trim();
    let clean = if clean.is_empty() { "Institution" } else { clean };
    let fit = |text: &str, room: usize| text.chars().take(room).collect::<String>().trim_end().to_string();
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let first = fit(clean, 31);
    if free(&first) {
        return first;
    }
    // Among n names taken, one of the first n + 1 numbers is free.
    (2..=taken.len() + 2)
        .map(|k| format!("{} ({k})", fit(clean, 31 - format!(" ({k})").chars().count())))
        .find(|n| free(n))
        .unwrap_or(first)
}

/// A small line chart of one institution's totals (0–100) through the year,
/// `width` × `height`; said in words with its name, dates and values (each
/// row's chart is told apart from the others by a screen reader too).
fn sparkline(points: &[(String, Decimal)], width: i64, height: i64, id: &str, name: &str, lang: Lang) -> String {
    let n = points.len() as i64;
    let pad = 6;
    let x = |i: i64| if n <= 1 { width / 2 } else { pad + i * (width - 2 * pad) / (n - 1) };
    let y = |v: Decimal| {
        let hundredths = (v * Decimal::ONE_HUNDRED).round().to_string().parse::<i64>().unwrap_or(0).clamp(0, 10_000);
        height - pad - hundredths * (height - 2 * pad) / 10_000
    };
    let line: Vec<String> = points.iter().enumerate().map(|(i, (_, v))| format!("{},{}", x(i as i64), y(*v))).collect();
    let dots: String = points
        .iter()
        .enumerate()
        .map(|(i, (d, v))| {
            format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\"><title>{}: {}</title></circle>",
                x(i as i64),
                y(*v),
                html_escape(d),
                format_score(*v, lang)
            )
        })
        .collect();
    format!(
        "<svg id=\"{id}\" class=\"spark\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><line x1=\"0\" y1=\"{base}\" x2=\"{width}\" y2=\"{base}\" stroke=\"#bbb\"/><polyline fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"{points}\"/>{dots}</svg>",
        label = html_escape(&format!(
            "{name}: {}: {}",
            t(lang, "samlet målopfyldelse gennem året", "total fulfilment through the year"),
            points.iter().map(|(d, v)| format!("{d} {}", format_score(*v, lang))).collect::<Vec<_>>().join("; ")
        )),
        base = height - pad,
        points = line.join(" "),
    )
}

/// Opens an institution's report when its name is followed (a click, Enter,
/// or a link with its `#inst-N`).
const OPEN: &str = "<script>\nfunction openReport(id) { const d = document.getElementById(id); if (d && d.tagName === 'DETAILS') { d.open = true; } }\ndocument.querySelectorAll('a[href^=\"#inst-\"]').forEach(a => a.addEventListener('click', () => openReport(a.getAttribute('href').slice(1))));\nif (location.hash) { openReport(location.hash.slice(1)); }\n</script>\n";

/// The portfolio as one self-contained HTML page (no network).
pub fn html(portfolio: &Portfolio, lang: Lang) -> String {
    let h = header(lang);
    let mut rows = String::new();
    let mut drill = String::new();
    for (n, i) in portfolio.institutions.iter().enumerate() {
        let c = cells(i, lang);
        let points: Vec<(String, Decimal)> = i.reports.iter().map(|p| (format_date(p.as_of, lang), p.total)).collect();
        let spark = sparkline(&points, 140, 40, &format!("spark-{n}"), &i.name, lang);
        let problems = if i.problems.is_empty() { "" } else { " problem" };
        rows.push_str(&format!(
            "<tr class=\"institution{problems}\" data-folder=\"{folder}\"><td><a href=\"#inst-{n}\">{name}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{spark}</td></tr>\n",
            c[1], html_escape(&c[2]), c[3], c[4], c[5], c[6], html_escape(&c[7]), c[8], c[9], c[10],
            folder = html_escape(&i.folder),
            name = html_escape(&c[0]),
        ));
        let inner = match &i.report {
            Some(report) => annual::html_body(report, lang, &format!("inst-{n}-")),
            None => String::new(),
        };
        let problems: String =
            i.problems.iter().map(|p| format!("<pre class=\"problem\">{}</pre>", html_escape(&p.message))).collect();
        drill.push_str(&format!(
            "<details id=\"inst-{n}\" class=\"drill\"><summary>{}</summary>{problems}{inner}</details>\n",
            html_escape(&i.name)
        ));
    }
    let overdue: String = portfolio
        .institutions
        .iter()
        .filter_map(|i| {
            i.overdue.map(|o| {
                format!("<li><strong>{}</strong>: {}</li>", html_escape(&i.name), html_escape(&overdue_words(&o, lang)))
            })
        })
        .collect();
    let overdue = if overdue.is_empty() {
        String::new()
    } else {
        format!(
            "<h2>{}</h2>\n<ul id=\"overdue\">{overdue}</ul>\n",
            t(lang, "Manglende indberetninger", "Missing reports")
        )
    };
    let attention: String = portfolio
        .attention
        .iter()
        .map(|a| {
            format!(
                "<tr class=\"concern {kind:?}\"><td>{}</td><td>{}</td><td>{}</td><td><span class=\"status\">{}</span></td><td>{}</td></tr>\n",
                html_escape(&a.institution),
                html_escape(&a.goal),
                html_escape(&a.title),
                a.kind.word(lang),
                html_escape(&why(a)),
                kind = a.kind,
            )
        })
        .collect();
    let body = format!(
        "<h1>{title}</h1>\n<table id=\"institutions\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{through}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n<h2>{ministry_title}</h2>\n{ministry_chart}\n{overdue}<h2>{attention_title}</h2>\n<table id=\"attention\">\n<thead><tr><th>{}</th><th>{goal}</th><th>{goal_title}</th><th>{concern}</th><th>{why}</th></tr></thead>\n<tbody>\n{attention}</tbody>\n</table>\n<h2>{reports_title}</h2>\n{drill}{OPEN}",
        h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[0],
        title = html_escape(&format!("{} {}", t(lang, "Porteføljen pr.", "The portfolio as of"), format_date(portfolio.per, lang))),
        through = t(lang, "Gennem året", "Through the year"),
        ministry_title = match portfolio.ministry_year {
            Some(y) => t(lang, &format!("Ministeriet: gennemsnitlig samlet målopfyldelse, planerne for {y}"), &format!("The ministry: average total fulfilment, the plans for {y}")),
            None => t(lang, "Ministeriet: gennemsnitlig samlet målopfyldelse", "The ministry: average total fulfilment"),
        },
        ministry_chart = annual::chart(
            &portfolio.ministry,
            lang,
            "ministry-chart",
            Some(&t(lang, "Gennemsnit af institutionernes samlede målopfyldelse (pct.)", "Average of the institutions' total fulfilment (%)")),
        ),
        attention_title = t(lang, "Kræver opmærksomhed", "Needs attention"),
        goal = t(lang, "Mål", "Goal"),
        goal_title = t(lang, "Titel", "Title"),
        concern = t(lang, "Hvorfor", "Concern"),
        why = t(lang, "Begrundelse", "Why"),
        reports_title = t(lang, "Institutionernes rapporter", "The institutions' reports"),
    );
    let page = annual::page(&t(lang, "Porteføljen", "The portfolio"), &body, lang);
    page.replace(
        "</style>",
        ".concern.AtRisk .status { background: #fff3cd; }\n.concern.NotMet .status, .concern.Error .status { background: #f8d7da; }\n.concern.Overridden .status { background: #d6e4f0; }\ntr.problem td:first-child::after { content: \" ⚠\"; }\npre.problem { white-space: pre-wrap; background: #fdf0f0; padding: .5rem; }\n.drill { margin: .5rem 0; }\n</style>",
    )
}
