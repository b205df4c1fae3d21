//! Hover: facts, sub-goals, keywords (from `syntax::keywords`), deadlines with their dates, units.

use lsp_types::*;

use super::{at, markdown, t};
use crate::diag::{Lang, Msg};
use crate::lsp::text::{goal_at, name_at, word_at, Lines, Name};
use crate::lsp::Server;
use crate::syntax::ast::{self, ExprKind, Stmt};
use crate::syntax::keywords::{self, Place};
use crate::value::format_date;

/// Hover: a fact's kind, unit and goals; a sub-goal's title and condition; a
/// keyword or time word with the exact date it resolves to; a unit's dimension.
pub(crate) fn hover(server: &Server, p: HoverParams) -> Option<Hover> {
    let lang = server.lang;
    let (doc, offset) = at(server, &p.text_document_position_params)?;
    let lines = Lines::new(&doc.text);
    let file = doc.analysis.file.as_ref();
    if let Some((name, span)) = file.and_then(|f| name_at(f, offset)) {
        let range = Some(lines.range(span));
        return match name {
            Name::Fact(fact) => {
                let checked = doc.analysis.checked.as_ref();
                let info = checked.and_then(|c| c.facts.get(&fact));
                let mut text = format!("**{fact}**");
                if let Some(l) = file.and_then(|f| f.labels.iter().find(|l| l.name.value == fact)) {
                    if let Some(label) = &l.label {
                        text.push_str(&format!(" «{}»", label.value));
                    }
                    if l.running.is_some() {
                        text.push_str(&t(lang, " (løbende total)", " (running total)"));
                    }
                }
                if let Some(info) = info {
                    let described = info.kind.describe();
                    text.push_str(&format!(" — {}", described.get(lang)));
                    // The unit, where the words do not already name it (`et beløb (kr.)`)
                    // and there is one (a plain number has none).
                    if let crate::check::FactKind::Number(Some(dim)) = info.kind {
                        let symbol = dim.measure().symbol;
                        if !symbol.is_empty() && !described.get(lang).contains(symbol) {
                            text.push_str(&format!(" ({symbol})"));
                        }
                    }
                    if !info.years.is_empty() {
                        let years: Vec<String> = info.years.iter().map(std::string::ToString::to_string).collect();
                        text.push_str(&format!("\n\n{} {}", t(lang, "År:", "Years:"), years.join(", ")));
                    }
                    text.push_str(&format!(
                        "\n\n{} {}",
                        t(lang, "Bruges i mål", "Used by goals"),
                        info.goals.join(", ")
                    ));
                }
                Some(markdown(text, range))
            }
            Name::Subgoal { goal, name, .. } => {
                let g = file?.goals.iter().find(|g| g.id.value == goal)?;
                let (title, expr) = g.stmts.iter().find_map(|s| match s {
                    Stmt::Subgoal { name: n, title, expr, .. } if n.value == name => Some((title.as_ref(), expr)),
                    _ => None,
                })?;
                let title = title.map(|t| format!(" \"{}\"", t.value)).unwrap_or_default();
                let condition = doc.text.get(expr.span.start..expr.span.end).unwrap_or_default();
                let labels = file?.labels_by_name();
                let words =
                    crate::render::words::condition(expr, false, crate::render::words::Voice::new(lang, &labels));
                Some(markdown(
                    format!(
                        "**{} {name}**{title}\n\n```maal\n{condition}\n```\n\n{words}",
                        t(lang, "delmål", "sub-goal")
                    ),
                    range,
                ))
            }
        };
    }
    let (word, span) = word_at(&doc.text, offset)?;
    let range = Some(lines.range(span));
    let lower = word.to_lowercase();
    let keyword = keywords::find(&lower);
    // A time word, or a month or quarter of a deadline (`i august 2026`): the dates it means.
    let month = crate::value::MONTHS_DA.contains(&lower.as_str()) || lower.starts_with('q') && lower.len() == 2;
    if keyword.is_some_and(|k| k.places.contains(&Place::Time)) || month {
        if let Some(text) = file.and_then(|f| deadline_at(f, offset, lang)) {
            return Some(markdown(text, range));
        }
    }
    if let Some((da, en)) = keyword.and_then(|k| k.meaning) {
        let mut text = format!("**{word}** — {}", Msg::new(da, en).get(lang));
        // On a goal's header: why no status shows after it, when none does.
        if keyword.is_some_and(|k| k.word == "mål") && super::evaluation::facts_for(server, doc).is_none() {
            text.push_str(&t(
                lang,
                "\n\nIngen status efter målene: ingen faktafil med `opgjort` fundet (indstillingen `facts`, en `*.toml` ved siden af planen, eller `examples/facts/PLAN-*.toml`).",
                "\n\nNo status after the goals: no facts file with `opgjort` found (the `facts` setting, a `*.toml` beside the plan, or `examples/facts/PLAN-*.toml`).",
            ));
        }
        return Some(markdown(text, range));
    }
    if let Some((dim, scale)) = crate::measure::unit_of(&lower) {
        let measure = dim.measure();
        return Some(markdown(
            format!(
                "**{word}** — {}; 1 {word} = {} {}",
                Msg::new(measure.name.0, measure.name.1).get(lang),
                scale.normalize(),
                measure.symbol
            ),
            range,
        ));
    }
    None
}

/// The deadline (a `frist` line or a deadline condition) at `offset`, in words with its dates.
fn deadline_at(file: &ast::File, offset: usize, lang: Lang) -> Option<String> {
    let goal = goal_at(file, offset)?;
    let inside = |s: crate::source::Span| s.start <= offset && offset <= s.end;
    for stmt in &goal.stmts {
        match stmt {
            Stmt::Deadline(d) if offset <= d.span.end && offset + 40 >= d.span.start => {
                return Some(format!(
                    "**{}**: {} ({})",
                    t(lang, "frist", "deadline"),
                    format_date(d.value.end, lang),
                    t(lang, "målet afventer til og med denne dag", "the goal is pending up to and including this day")
                ));
            }
            Stmt::Subgoal { expr, .. } | Stmt::Condition(expr) if inside(expr.span) => {
                if let Some(text) = deadline_in(expr, offset, lang) {
                    return Some(text);
                }
            }
            _ => {}
        }
    }
    None
}

fn deadline_in(expr: &ast::Expr, offset: usize, lang: Lang) -> Option<String> {
    expr.find_map(&mut |expr| match &expr.kind {
        ExprKind::Deadline(op, _, span) if expr.span.start <= offset && offset <= expr.span.end => {
            let (start, end) = (format_date(span.value.start, lang), format_date(span.value.end, lang));
            Some(match op {
                ast::DeadlineOp::By => t(
                    lang,
                    &format!("**senest** {end}: datoen skal ligge på eller før {end}"),
                    &format!("**by** {end}: the date must be on or before {end}"),
                ),
                ast::DeadlineOp::Before => t(
                    lang,
                    &format!("**før** {start}: datoen skal ligge før {start} (senest dagen før)"),
                    &format!("**before** {start}: the date must be before {start} (the day before at the latest)"),
                ),
                ast::DeadlineOp::Within => t(
                    lang,
                    &format!("**i** {}: datoen skal ligge fra {start} til og med {end}", span.value.describe(lang)),
                    &format!("**within** {}: the date must be from {start} to {end}", span.value.describe(lang)),
                ),
            })
        }
        _ => None,
    })
}
