//! The annual-report table (årsrapport): each goal with the result required,
//! its weight, the result achieved and the assessment, then the total and the
//! goals that need an analysis. As Markdown, CSV for Danish Excel (`;`,
//! decimal comma), JSON, and a self-contained HTML page with an inline SVG
//! chart of the total across several reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{in_error, render_explanation};
use crate::diag::Lang;
use crate::eval::{Evaluation, GoalResult, Status};
use crate::plan::Plan;
use crate::render::words::t;
use crate::syntax::ast::Stmt;
use crate::value::format_score;

/// One row of the table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// `7`, `3.1`
    pub id: String,
    /// The goal's title.
    pub title: String,
    /// The result required, in words (`render::words::required`): the
    /// author's `resultatkrav`, or built from titles and conditions.
    pub required: String,
    /// The rules as written, sub-goal by sub-goal.
    pub rules: String,
    /// Weight in pct. points.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// The result achieved, in sentences: each condition's value against its
    /// requirement, then the verdict (and an override or drop with its reason).
    pub achieved: String,
    /// The assessment word: opfyldt, delvist opfyldt, ikke opfyldt, afventer, udgået.
    pub assessment: String,
    /// The status, for styling.
    pub status: Status,
    /// The plan's section (`sektion "…"`) the goal stands in.
    pub section: Option<String>,
    /// The department's override and its reason, when there is one.
    pub overridden: Option<String>,
    /// The full explanation (facts read, values, margins), for people.
    pub explanation: String,
    /// For a goal not met (or met only by the department's assessment): a
    /// draft of its analysis paragraph.
    pub analysis: Option<String>,
}

/// The report for one as-of date.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The plan's title.
    pub plan: String,
    /// The ministry (`ministerium "…"`).
    pub ministry: Option<String>,
    /// The institution.
    pub institution: Option<String>,
    /// The plan's period in words: `2026`, or its first and last day.
    pub period: Option<String>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Goals in plan order.
    pub rows: Vec<Row>,
    /// Samlet målopfyldelse in pct., exact.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// Goals met.
    pub met: usize,
    /// Goals not dropped.
    pub counted: usize,
    /// Goals not met (after their deadline) that need an analysis.
    pub unmet: Vec<String>,
    /// Earlier reports' totals, oldest first, ending with this one: the chart.
    pub history: Vec<(NaiveDate, String)>,
    /// What the plan's payout table pays, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout: Option<crate::Payout>,
}

/// Builds the report for `evaluation` of `plan`; `history` holds earlier
/// evaluations of the same plan (oldest first) for the chart.
pub fn build(plan: &Plan, evaluation: &Evaluation, history: &[Evaluation], lang: Lang) -> Report {
    let rows: Vec<Row> = evaluation.goals.iter().map(|g| row(plan, g, lang)).collect();
    let met = evaluation.goals.iter().filter(|g| g.status == Status::Met && g.target_year.is_none()).count();
    // Goals for a later year (`målår`) are shown but not counted.
    let counted = evaluation.goals.iter().filter(|g| g.status != Status::Dropped && g.target_year.is_none()).count();
    let unmet = evaluation
        .goals
        .iter()
        .filter(|g| matches!(g.status, Status::NotMet | Status::PartlyMet | Status::Error))
        .map(|g| format!("{} {}", g.id, g.title.clone().unwrap_or_default()).trim().to_string())
        .collect();
    let history = history
        .iter()
        .chain(std::iter::once(evaluation))
        .map(|e| (e.as_of, format_score(e.total.score, Lang::En)))
        .collect();
    Report {
        plan: evaluation.plan.clone(),
        ministry: plan.checked().file.header.ministry.as_ref().map(|m| m.value.clone()),
        institution: plan.institution().map(str::to_string),
        period: plan.checked().file.header.period.as_ref().map(|p| p.value.describe(lang)),
        as_of: evaluation.as_of,
        rows,
        total: evaluation.total.score,
        met,
        counted,
        unmet,
        history,
        payout: plan.payout(evaluation),
    }
}

fn row(plan: &Plan, goal: &GoalResult, lang: Lang) -> Row {
    let source = plan.source();
    let ast_goal = plan.checked().file.goals.iter().find(|g| g.id.value == goal.id);
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The rules as written, sub-goal by sub-goal, and the combination.
    let mut rules = Vec::new();
    for stmt in ast_goal.map(|g| g.stmts.as_slice()).unwrap_or(&[]) {
        match stmt {
            Stmt::Subgoal { name, expr, .. } => {
                rules.push(format!("{}: {}", name.value, one_line(source.slice(expr.span))));
            }
            Stmt::Condition(expr) => rules.push(one_line(source.slice(expr.span))),
            Stmt::Combine(expr) => {
                rules.push(format!("{} {}", words(lang).goal_colon, one_line(source.slice(expr.span))));
            }
            Stmt::Deadline(d) => rules.push(format!("{} {}", words(lang).deadline, d.value.describe(lang))),
            _ => {}
        }
    }
    // When the sub-goals disagree, the one that decided the status comes
    // first, then the rest in plan order.
    let live = || goal.subgoals.iter().filter(|s| s.status != Status::Dropped);
    let agree = live().all(|s| live().next().is_some_and(|first| first.status == s.status));
    let decided = super::deciding_subgoal(goal).filter(|_| !agree);
    let order: Vec<usize> =
        decided.into_iter().chain((0..goal.subgoals.len()).filter(|i| Some(*i) != decided)).collect();
    let voice = super::words::Voice::new(lang, &plan.checked().labels);
    let required = ast_goal.map(|g| super::words::required(g, voice)).unwrap_or_default();
    let achieved = super::words::achieved(ast_goal, goal, &order, voice);
    let analysis = super::words::analysis(&required, &achieved, goal, voice);
    let mut assessment = goal.status.word(lang).to_string();
    if goal.overridden.is_some() {
        assessment.push_str(words(lang).overridden);
    }
    Row {
        id: goal.id.clone(),
        title: goal.title.clone().unwrap_or_default(),
        required,
        rules: rules.join("; "),
        weight: goal.weight,
        achieved,
        assessment,
        status: goal.status,
        section: goal.section.clone(),
        overridden: goal.overridden.as_ref().map(|o| format!("{}: {}", o.rule_status.word(lang), o.reason)),
        explanation: render_explanation(goal, voice),
        analysis,
    }
}

pub(crate) struct Words {
    pub(crate) goal: &'static str,
    pub(crate) required: &'static str,
    pub(crate) weight: &'static str,
    pub(crate) achieved: &'static str,
    pub(crate) assessment: &'static str,
    pub(crate) goal_colon: &'static str,
    pub(crate) deadline: &'static str,
    pub(crate) analysis_column: &'static str,
    pub(crate) overridden: &'static str,
    pub(crate) analysis: &'static str,
    pub(crate) as_of: &'static str,
}

pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Da => Words {
            goal: "Mål",
            required: "Krævet resultat",
            weight: "Vægt",
            achieved: "Opnået resultat",
            assessment: "Vurdering",
            goal_colon: "mål:",
            deadline: "frist",
            analysis_column: "Analyse (udkast)",
            overridden: " (departementets vurdering)",
            analysis: "Mål der ikke er opfyldt: analyse",
            as_of: "Opgjort",
        },
        Lang::En => Words {
            goal: "Goal",
            required: "Result required",
            weight: "Weight",
            achieved: "Result achieved",
            assessment: "Assessment",
            goal_colon: "goal:",
            deadline: "deadline",
            analysis_column: "Analysis (draft)",
            overridden: " (department's assessment)",
            analysis: "Goals not met: analysis",
            as_of: "As of",
        },
    }
}

/// "Udbetaling efter resultattabellen: 75 pct. (målopfyldelse fra 75 pct.)";
/// provisional while goals are pending ("foreløbig 50 pct.; højst 100 pct.,
/// hvis de udestående mål nås").
pub fn payout_line(payout: &crate::Payout, lang: Lang) -> String {
    let pct = |d: Decimal| format_score(d, lang).trim_end_matches("00").trim_end_matches([',', '.']).to_string();
    let share = pct(payout.share);
    let band = match payout.from {
        Some(f) => t(lang, &format!(" (målopfyldelse fra {} pct.)", pct(f)), &format!(" (a total from {} %)", pct(f))),
        None => t(lang, " (under tabellens laveste bånd)", " (below the table's lowest band)"),
    };
    match payout.reachable {
        None => t(
            lang,
            &format!("Udbetaling efter resultattabellen: {share} pct.{band}"),
            &format!("Payout by the result table: {share} %{band}"),
        ),
        Some(most) => {
            let most = pct(most);
            t(
                lang,
                &format!("Udbetaling efter resultattabellen: foreløbig {share} pct.{band}; højst {most} pct., hvis de udestående mål nås"),
                &format!("Payout by the result table: so far {share} %{band}; at most {most} % if the pending goals are met"),
            )
        }
    }
}

/// "Samlet målopfyldelse: 85,71 pct. (6 af 7 mål opfyldt)"
pub fn total_line(report: &Report, lang: Lang) -> String {
    let score = format_score(report.total, lang);
    let errors = in_error(report.rows.iter().filter(|r| r.status == Status::Error).map(|r| r.id.as_str()), lang);
    let total = match lang {
        Lang::Da => {
            format!("Samlet målopfyldelse: {score} pct. ({} af {} mål opfyldt{errors})", report.met, report.counted)
        }
        Lang::En => format!("Total fulfilment: {score} % ({} of {} goals met{errors})", report.met, report.counted),
    };
    match &report.payout {
        Some(p) => format!("{total}. {}", payout_line(p, lang)),
        None => total,
    }
}

/// The weights as shown: rounded so that the column adds up to its rounded
/// sum, and whether that shows some weight otherwise than plain rounding.
/// A section's name (none before the first) and its rows with their shown weights.
pub(crate) type Section<'a> = (Option<&'a str>, Vec<(&'a Row, Decimal)>);

/// The rows in runs of one section each (plan order; a run without a section
/// before the first), each with its weight as shown; and whether the shown
/// weights were adjusted to sum to the total. The page and the Word document
/// both lay the report out by these.
pub(crate) fn sections(report: &Report) -> (Vec<Section<'_>>, bool) {
    let (weights, adjusted) = shown_weights(report);
    let mut out: Vec<Section<'_>> = Vec::new();
    for (row, weight) in report.rows.iter().zip(weights) {
        match out.last_mut() {
            Some((section, rows)) if *section == row.section.as_deref() => rows.push((row, weight)),
            _ => out.push((row.section.as_deref(), vec![(row, weight)])),
        }
    }
    (out, adjusted)
}

pub(crate) fn shown_weights(report: &Report) -> (Vec<Decimal>, bool) {
    let weights: Vec<Decimal> = report.rows.iter().map(|r| r.weight).collect();
    let shown = crate::value::rounded_parts(&weights, 2);
    let adjusted = crate::value::parts_adjusted(&weights, &shown, 2);
    (shown, adjusted)
}

/// The report as Markdown, for pasting into the annual report.
pub fn markdown(report: &Report, lang: Lang) -> String {
    let w = words(lang);
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("## {}\n\n", cell(&report.plan));
    out.push_str(&format!("{}: {}\n\n", w.as_of, crate::value::format_date(report.as_of, lang)));
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n|---|---|---:|---|---|\n",
        w.goal, w.required, w.weight, w.achieved, w.assessment
    ));
    let (weights, adjusted) = shown_weights(report);
    for (r, weight) in report.rows.iter().zip(&weights) {
        out.push_str(&format!(
            "| {} {} | {} | {} | {} | {} |\n",
            r.id,
            cell(&r.title),
            cell(&r.required),
            format_score(*weight, lang),
            cell(&r.achieved),
            cell(&r.assessment)
        ));
    }
    if adjusted {
        out.push_str(&format!("\n{}\n", super::evaluation::rounding_note(lang)));
    }
    out.push_str(&format!("\n**{}**\n", total_line(report, lang)));
    let analyses: Vec<&Row> = report.rows.iter().filter(|r| r.analysis.is_some()).collect();
    if !analyses.is_empty() {
        out.push_str(&format!("\n### {}\n", w.analysis));
        for r in analyses {
            let text = r.analysis.as_deref().unwrap_or_default();
            out.push_str(&format!("\n**{} {}.** {}\n", r.id, r.title, text.replace('\n', " ")));
        }
    }
    out
}

/// The report as CSV for Danish Excel: a byte-order mark (without it Excel reads
/// UTF-8 as Windows-1252 and shows "MÃ¥l"), `;` between fields, decimal comma.
pub fn csv(report: &Report, lang: Lang) -> String {
    let w = words(lang);
    let field = |text: &str| {
        if text.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = String::from('\u{FEFF}');
    out.push_str(
        &([w.goal, "Titel", w.required, w.weight, w.achieved, w.assessment, w.analysis_column].join(";") + "\r\n"),
    );
    let (weights, _) = shown_weights(report);
    for (r, weight) in report.rows.iter().zip(&weights) {
        let cells = [
            field(&r.id),
            field(&r.title),
            field(&r.required),
            format_score(*weight, Lang::Da),
            field(&r.achieved),
            field(&r.assessment),
            field(r.analysis.as_deref().unwrap_or_default()),
        ];
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.push_str(&format!("{};\r\n", field(&total_line(report, lang))));
    out
}

pub(crate) fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The page's style: status colours, tables, explanations (shared with the portfolio page).
pub(crate) const STYLE: &str = "body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; }
.status { padding: .1rem .5rem; border-radius: .3rem; white-space: nowrap; }
.met .status { background: #d4edda; }
.partly .status { background: #fff3cd; }
.notmet .status { background: #f8d7da; }
.pending .status { background: #e2e3e5; }
.dropped { color: #777; }
summary { cursor: pointer; }
pre.explanation { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; }
.total { font-size: 1.3rem; font-weight: bold; margin: 1rem 0; }
.ministry { margin: 0; font-size: 1.05rem; }
header.report h1 { margin: .2rem 0; }
.about { margin-top: .2rem; }
h2.section { margin-top: 1.6rem; }
figure { margin: 1rem 0; }
table.goals { table-layout: fixed; }
table.goals th:nth-child(1) { width: 6%; }
table.goals th:nth-child(2) { width: 17%; }
table.goals th:nth-child(3) { width: 26%; }
table.goals th:nth-child(4) { width: 7%; }
table.goals th:nth-child(5) { width: 30%; }
table.goals th:nth-child(6) { width: 14%; }
table.goals td { overflow-wrap: break-word; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  th, td { padding: .25rem .35rem; }
  thead { display: table-header-group; }
  tr, figure, article, .total { break-inside: avoid; }
  h1, h2, h3, h4, h5, .about { break-after: avoid; }
  summary { list-style: none; }
  summary::-webkit-details-marker, summary::marker { display: none; content: \"\"; }
  details:not([open]) > pre.explanation { display: none; }
  .status { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  svg { max-width: 100%; height: auto; }
}
";

/// The line under the report's title: "CPR-administrationen · Periode 2026 · Opgjort: 15. januar 2027".
pub(crate) fn about(report: &Report, lang: Lang) -> String {
    let mut about = Vec::new();
    if let Some(i) = &report.institution {
        about.push(i.clone());
    }
    if let Some(p) = &report.period {
        about.push(format!("{} {p}", t(lang, "Periode", "Period")));
    }
    about.push(format!("{}: {}", words(lang).as_of, crate::value::format_date(report.as_of, lang)));
    about.join(" · ")
}

/// The printed page: A4 with room for the page number, "Side 2 af 5", at the foot.
fn print_page(lang: Lang) -> String {
    let (page, of) = if lang == Lang::Da { ("Side", "af") } else { ("Page", "of") };
    format!(
        "@page {{ size: A4; margin: 16mm 14mm 18mm; @bottom-right {{ content: \"{page} \" counter(page) \" {of} \" counter(pages); font: 8.5pt system-ui, sans-serif; color: #444; }} }}\n"
    )
}

/// A whole self-contained page around `body`.
pub(crate) fn page(title: &str, body: &str, lang: Lang) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}{print_page}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        if lang == Lang::Da { "da" } else { "en" },
        html_escape(title),
        print_page = print_page(lang),
    )
}

/// The report as one self-contained HTML page (no network): status colours,
/// the total, each goal's explanation on click, and a chart of the total
/// across the reports in `report.history`.
pub fn html(report: &Report, lang: Lang) -> String {
    page(&report.plan, &html_body(report, lang, ""), lang)
}

/// The report's part of a page; its element ids start with `prefix` (the
/// portfolio page holds one per institution), and with a prefix its title is
/// a third-level heading.
pub(crate) fn html_body(report: &Report, lang: Lang, prefix: &str) -> String {
    let w = words(lang);
    let (sections, adjusted) = sections(report);
    // One table under each section's heading (goals before the first section in
    // a table of their own, no heading).
    let mut groups: Vec<(Option<&str>, String)> = Vec::new();
    for (section, rows) in &sections {
        let mut html = String::new();
        for (r, weight) in rows {
            let class = match r.status {
                Status::Met => "met",
                Status::PartlyMet => "partly",
                Status::NotMet | Status::Error => "notmet",
                Status::Pending => "pending",
                Status::Dropped => "dropped",
            };
            html.push_str(&format!(
                "<tr class=\"goal {class}\" data-goal=\"{id}\"><td>{id}</td><td><details><summary>{title}</summary><pre class=\"explanation\">{explanation}</pre></details></td><td>{required}</td><td class=\"num\">{weight}</td><td>{achieved}</td><td><span class=\"status\">{assessment}</span></td></tr>\n",
                id = html_escape(&r.id),
                title = html_escape(&r.title),
                explanation = html_escape(&r.explanation),
                required = html_escape(&r.required),
                weight = format_score(*weight, lang),
                achieved = html_escape(&r.achieved),
                assessment = html_escape(&r.assessment),
            ));
        }
        groups.push((*section, html));
    }
    let level = |n: u8| if prefix.is_empty() { n } else { n + 2 };
    let head = format!(
        "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
        w.goal,
        t(lang, "Titel", "Title"),
        w.required,
        w.weight,
        w.achieved,
        w.assessment
    );
    let mut tables = String::new();
    for (i, (section, rows)) in groups.iter().enumerate() {
        let id = if i == 0 { format!("{prefix}goals") } else { format!("{prefix}goals-{}", i + 1) };
        match section {
            Some(name) => tables.push_str(&format!(
                "<section class=\"goals\"><h{n} class=\"section\">{}</h{n}>\n<table id=\"{id}\" class=\"goals\">\n{head}\n<tbody>\n{rows}</tbody>\n</table>\n</section>\n",
                html_escape(name),
                n = level(2),
            )),
            None => tables.push_str(&format!("<table id=\"{id}\" class=\"goals\">\n{head}\n<tbody>\n{rows}</tbody>\n</table>\n")),
        }
    }
    let analyses: String = report
        .rows
        .iter()
        .filter_map(|r| {
            let text = r.analysis.as_deref()?;
            Some(format!(
                "<article data-goal=\"{id}\"><h{n}>{id} {title}</h{n}><p>{text}</p></article>\n",
                id = html_escape(&r.id),
                title = html_escape(&r.title),
                text = html_escape(text),
                n = level(3),
            ))
        })
        .collect();
    let unmet = if analyses.is_empty() {
        String::new()
    } else {
        format!("<section id=\"{prefix}unmet\"><h{n}>{}</h{n}>\n{analyses}</section>", w.analysis, n = level(2))
    };
    // Who and when, as the printed report's first lines: the ministry above
    // the title, then the institution, the period and the date of the figures.
    let ministry = match (&report.ministry, prefix.is_empty()) {
        (Some(m), true) => format!("<p class=\"ministry\">{}</p>\n", html_escape(m)),
        _ => String::new(),
    };
    let about = html_escape(&about(report, lang));
    format!(
        r#"<header class="report">
{ministry}<h{n}>{title}</h{n}>
<p class="about">{about}</p>
</header>
{tables}{note}<p id="{prefix}total" class="total">{total}</p>
{unmet}
{chart}
"#,
        n = level(1),
        title = html_escape(&report.plan),
        note = if adjusted {
            format!("<p class=\"note\">{}</p>\n", super::evaluation::rounding_note(lang))
        } else {
            String::new()
        },
        total = html_escape(&total_line(report, lang)),
        chart = chart(&report.history, lang, &format!("{prefix}chart"), None),
    )
}

/// An inline SVG line chart of the total (0–100 pct.) per report date: the
/// axis marked at 0, 50 and 100 pct., each point's date under it and its value
/// over it, and a caption (the report's own, unless `caption` is given).
pub(crate) fn chart(history: &[(NaiveDate, String)], lang: Lang, id: &str, caption: Option<&str>) -> String {
    let (width, height, pad) = (680i64, 240i64, 70i64);
    let n = history.len() as i64;
    let x = |i: i64| if n <= 1 { width / 2 } else { pad + i * (width - 2 * pad) / (n - 1) };
    // Scores are exact decimals; the chart needs whole pixels.
    let y = |score: &str| {
        let hundredths = score
            .parse::<Decimal>()
            .ok()
            .and_then(|d| (d * Decimal::ONE_HUNDRED).round().to_string().parse::<i64>().ok())
            .unwrap_or(0)
            .clamp(0, 10_000);
        height - pad - hundredths * (height - 2 * pad) / 10_000
    };
    let points: Vec<String> =
        history.iter().enumerate().map(|(i, (_, s))| format!("{},{}", x(i as i64), y(s))).collect();
    let mut dots = String::new();
    for (i, (date, score)) in history.iter().enumerate() {
        let label = score.parse::<Decimal>().map_or_else(|_| score.clone(), |d| format_score(d, lang));
        dots.push_str(&format!(
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"4\"><title>{d}: {label}</title></circle><text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"11\">{d}</text><text x=\"{cx}\" y=\"{vy}\" text-anchor=\"middle\" font-size=\"11\">{label}</text>",
            cx = x(i as i64),
            cy = y(score),
            ty = height - pad / 3,
            vy = y(score) - 10,
            d = crate::value::format_date(*date, lang),
        ));
    }
    let caption = caption.map_or_else(
        || t(lang, "Samlet målopfyldelse gennem året (pct.)", "Total fulfilment through the year (%)"),
        str::to_string,
    );
    let (base, middle, right) = (height - pad, height / 2, width - pad);
    let unit = t(lang, "pct.", "%");
    format!(
        "<figure><figcaption>{caption}</figcaption><svg id=\"{id}\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{base}\" stroke=\"#999\"/><line x1=\"{pad}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"#999\"/><line x1=\"{pad}\" y1=\"{middle}\" x2=\"{right}\" y2=\"{middle}\" stroke=\"#e4e4e4\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{right}\" y2=\"{pad}\" stroke=\"#e4e4e4\"/><text x=\"{tick}\" y=\"{pad}\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">100 {unit}</text><text x=\"{tick}\" y=\"{middle}\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">50 {unit}</text><text x=\"{tick}\" y=\"{base}\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">0 {unit}</text><polyline fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"{points}\"/>{dots}</svg></figure>",
        label = html_escape(&series_words(&caption, history, lang)),
        tick = pad - 6,
        points = points.join(" "),
    )
}

/// A chart said in words, for those who do not see it: "Samlet målopfyldelse
/// gennem året (pct.): 30. juni 2026 50,00; 15. januar 2027 85,71".
pub(crate) fn series_words(what: &str, history: &[(NaiveDate, String)], lang: Lang) -> String {
    let points: Vec<String> = history
        .iter()
        .map(|(d, s)| {
            let value = s.parse::<Decimal>().map_or_else(|_| s.clone(), |v| format_score(v, lang));
            format!("{} {value}", crate::value::format_date(*d, lang))
        })
        .collect();
    format!("{what}: {}", points.join("; "))
}
