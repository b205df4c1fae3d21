//! What the language server answers: diagnostics, hover, definitions and
//! references, rename, completion, formatting, symbols, folding, code
//! actions, and — with a facts file — inlay hints with each goal's status and
//! a code lens with its explanation.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::*;

use super::text::{goal_at, name_at, names, same, word_at, Lines, Name};
use super::{Document, Failed, Server};
use crate::diag::{Lang, Msg, Severity};
use crate::syntax::ast::{self, ExprKind, Stmt};
use crate::value::format_date;

fn t(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

/// The diagnostics of a document: errors, or a checked plan's warnings.
pub(super) fn diagnostics(server: &Server, doc: &Document) -> Vec<Diagnostic> {
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let docs = server.root.as_ref().map(|r| r.join("docs/diagnostics.md")).filter(|p| p.exists());
    doc.analysis
        .diagnostics
        .iter()
        .map(|d| {
            let mut message = d.title.get(lang).to_string();
            let label = d.label.get(lang);
            if !label.is_empty() {
                message.push_str(&format!(": {label}"));
            }
            for note in &d.notes {
                message.push_str(&format!("\n{}", note.get(lang)));
            }
            if let Some(hint) = &d.hint {
                message.push_str(&format!("\n{}: {}", t(lang, "hjælp", "help"), hint.get(lang)));
            }
            let range = d.span.map(|s| lines.range(s)).unwrap_or_default();
            let related = d
                .related
                .iter()
                .map(|(span, msg)| DiagnosticRelatedInformation {
                    location: Location { uri: doc.uri.clone(), range: lines.range(*span) },
                    message: msg.get(lang).to_string(),
                })
                .collect::<Vec<_>>();
            let href =
                docs.as_ref().and_then(|p| format!("file://{}#{}", p.display(), d.code.to_lowercase()).parse().ok());
            Diagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(d.code.to_string())),
                code_description: href.map(|href| CodeDescription { href }),
                source: Some("maal".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: None,
            }
        })
        .collect()
}

/// The document and the byte offset of a position in it.
fn at<'s>(server: &'s Server, p: &TextDocumentPositionParams) -> Option<(&'s Document, usize)> {
    let doc = server.doc(&p.text_document.uri)?;
    let offset = Lines::new(&doc.text).offset(p.position)?;
    Some((doc, offset))
}

/// Markdown for a hover.
fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}

/// Words the language knows, with what they mean (Danish, English).
const KEYWORDS: &[(&str, &str, &str)] = &[
    ("mål", "Et mål: `mål 7 \"titel\": …;`", "A goal: `mål 7 \"title\": …;`"),
    ("delmål", "Et delmål: `delmål a \"titel\": betingelse;`", "A sub-goal: `delmål a \"title\": condition;`"),
    ("sektion", "En overskrift over de følgende mål", "A heading over the goals that follow"),
    (
        "frist",
        "Målets frist (standard: planperiodens slutning)",
        "The goal's deadline (default: the end of the plan period)",
    ),
    ("opgave", "Opgavetypen: drift, projekt eller policy", "The task type: drift, projekt or policy"),
    (
        "måltype",
        "Måltypen: effekt, output, aktivitet eller kvalitet",
        "The goal type: effekt, output, aktivitet or kvalitet",
    ),
    ("vægt", "Målets vægt med `scoring vægtet`", "The goal's weight with `scoring vægtet`"),
    ("beskrivelse", "En beskrivelse af målet", "A description of the goal"),
    (
        "resultatkrav",
        "Det krævede resultat med egne ord, til årsrapporten",
        "The result required in the author's words, for the annual report",
    ),
    ("tillad", "Slå en advarsel fra for målet (eller planen)", "Silence a warning for the goal (or the plan)"),
    ("og", "Begge skal holde", "Both must hold"),
    ("eller", "Mindst én skal holde", "At least one must hold"),
    ("ikke", "Må ikke holde", "Must not hold"),
    ("any", "`any(a, b)`: mindst ét af delmålene", "`any(a, b)`: at least one of the parts"),
    ("nogen", "`nogen(a, b)`: mindst ét af delmålene", "`nogen(a, b)`: at least one of the parts"),
    ("all", "`all(a, b)`: alle delmålene", "`all(a, b)`: every part"),
    ("alle", "`alle(a, b)`: alle delmålene", "`alle(a, b)`: every part"),
    ("atleast", "`atleast(2, a, b, c)`: mindst n af delene", "`atleast(2, a, b, c)`: at least n of the parts"),
    ("mindst", "`mindst(2, a, b, c)`: mindst n af delene", "`mindst(2, a, b, c)`: at least n of the parts"),
    ("periode", "Planens periode: `periode 2026`", "The plan's period: `periode 2026`"),
    ("afrapportering", "Hvor ofte institutionen indberetter", "How often the institution reports"),
    (
        "scoring",
        "Hvordan målene lægges sammen: binær, vægtet eller delvis",
        "How goals add up: binær, vægtet or delvis",
    ),
    ("ministerium", "Ministeriet", "The ministry"),
    ("institution", "Institutionen", "The institution"),
    ("in", "`x in 1..2`: mellem 1 og 2, begge med", "`x in 1..2`: between 1 and 2, both included"),
    ("mellem", "`x mellem 1..2`: mellem 1 og 2, begge med", "`x mellem 1..2`: between 1 and 2, both included"),
];

/// Time words: hovering one inside a deadline shows the exact date.
const TIME_WORDS: &[&str] =
    &["senest", "inden", "før", "i", "by", "within", "ultimo", "udgangen", "af", "frist", "deadline"];

/// Hover: a fact's kind, unit and goals; a sub-goal's title and condition; a
/// keyword or time word with the exact date it resolves to; a unit's dimension.
pub(super) fn hover(server: &Server, p: HoverParams) -> Option<Hover> {
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
                if let Some(info) = info {
                    text.push_str(&format!(" — {}", info.kind.describe().get(lang)));
                    if let crate::check::FactKind::Number(Some(dim)) = info.kind {
                        text.push_str(&format!(" ({})", dim.measure().symbol));
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
                    Stmt::Subgoal { name: n, title, expr } if n.value == name => Some((title.as_ref(), expr)),
                    _ => None,
                })?;
                let title = title.map(|t| format!(" \"{}\"", t.value)).unwrap_or_default();
                let condition = doc.text.get(expr.span.start..expr.span.end).unwrap_or_default();
                let words = crate::render::words::condition(expr, false, lang);
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
    if TIME_WORDS.contains(&lower.as_str()) {
        if let Some(text) = file.and_then(|f| deadline_at(f, offset, lang)) {
            return Some(markdown(text, range));
        }
    }
    if let Some((_, da, en)) = KEYWORDS.iter().find(|(k, _, _)| *k == lower) {
        return Some(markdown(format!("**{word}** — {}", Msg::new(*da, *en).get(lang)), range));
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
    crate::deep(|| match &expr.kind {
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
        ExprKind::Or(parts) | ExprKind::And(parts) | ExprKind::Call(_, parts) => {
            parts.iter().find_map(|p| deadline_in(p, offset, lang))
        }
        ExprKind::Not(a) => deadline_in(a, offset, lang),
        _ => None,
    })
}

/// Go to definition: a sub-goal's `delmål` line; a fact's first use.
pub(super) fn definition(server: &Server, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (doc, offset) = at(server, &p.text_document_position_params)?;
    let file = doc.analysis.file.as_ref()?;
    let (name, _) = name_at(file, offset)?;
    let lines = Lines::new(&doc.text);
    let target = match &name {
        Name::Subgoal { goal, name: sub, .. } => names(file)
            .into_iter()
            .find(|(n, _)| matches!(n, Name::Subgoal { goal: g, name: s, definition: true } if g == goal && s == sub))
            .map(|(_, s)| s)?,
        Name::Fact(_) => *same(file, &name).first()?,
    };
    Some(GotoDefinitionResponse::Scalar(Location { uri: doc.uri.clone(), range: lines.range(target) }))
}

/// Every use of a fact across the plan, or of a sub-goal in its goal.
pub(super) fn references(server: &Server, p: ReferenceParams) -> Option<Vec<Location>> {
    let (doc, offset) = at(server, &p.text_document_position)?;
    let file = doc.analysis.file.as_ref()?;
    let (name, _) = name_at(file, offset)?;
    let lines = Lines::new(&doc.text);
    Some(same(file, &name).into_iter().map(|s| Location { uri: doc.uri.clone(), range: lines.range(s) }).collect())
}

/// Renames a fact or a sub-goal everywhere it is used.
pub(super) fn rename(server: &Server, p: RenameParams) -> Result<Option<WorkspaceEdit>, Failed> {
    let Some((doc, offset)) = at(server, &p.text_document_position) else { return Ok(None) };
    let Some(file) = doc.analysis.file.as_ref() else { return Ok(None) };
    let Some((name, _)) = name_at(file, offset) else { return Ok(None) };
    let valid = p.new_name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && p.new_name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !valid {
        let why = t(
            server.lang,
            &format!("`{}` er ikke et navn (bogstaver, cifre og _)", p.new_name),
            &format!("`{}` is not a name (letters, digits and _)", p.new_name),
        );
        return Err((ErrorCode::InvalidParams, why));
    }
    let lines = Lines::new(&doc.text);
    let edits = same(file, &name).into_iter().map(|s| TextEdit { range: lines.range(s), new_text: p.new_name.clone() });
    Ok(Some(WorkspaceEdit { changes: Some(HashMap::from([(doc.uri.clone(), edits.collect())])), ..Default::default() }))
}

const HEADER_FIELDS: &[&str] = &["ministerium", "institution", "periode", "afrapportering", "scoring", "tillad"];
const STATEMENTS: &[&str] =
    &["mål", "delmål", "sektion", "frist", "opgave", "måltype", "vægt", "beskrivelse", "resultatkrav", "tillad"];
const OPERATORS: &[&str] = &["og", "eller", "ikke", "senest", "inden", "før", "i", "in", "any", "all", "atleast"];
const MONTHS: &[&str] = &crate::value::MONTHS_DA;
const PERIODS: &[&str] =
    &["ultimo", "udgangen af", "Q1", "Q2", "Q3", "Q4", "1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal"];

/// Completion by what comes before the cursor: header fields inside
/// `plan { }`, sub-goals in a `mål:` line, units after a number, months and
/// quarters after a time word, else keywords and the plan's facts.
pub(super) fn completion(server: &Server, p: CompletionParams) -> Option<CompletionResponse> {
    let (doc, offset) = at(server, &p.text_document_position)?;
    let item = |label: &str, kind: CompletionItemKind| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        ..CompletionItem::default()
    };
    let line_start = doc.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &doc.text[line_start..offset];
    // The word being typed, and the one before it.
    let before: Vec<&str> = line.split_whitespace().collect();
    let typing = !line.ends_with(char::is_whitespace);
    let previous = if typing { before.iter().rev().nth(1) } else { before.last() }.copied().unwrap_or("");
    let file = doc.analysis.file.as_ref();
    let in_header = doc.text.find("plan").is_some_and(|p| p <= offset)
        && file.map_or_else(|| !doc.text[..offset].contains('}'), |f| offset <= f.header.span.end);
    let items: Vec<CompletionItem> = if in_header {
        HEADER_FIELDS.iter().map(|f| item(f, CompletionItemKind::FIELD)).collect()
    } else if line.trim_start().starts_with("mål:") || line.trim_start().starts_with("goal:") {
        let goal = file.and_then(|f| goal_at(f, offset));
        let subs = goal.map(|g| {
            g.stmts
                .iter()
                .filter_map(|s| match s {
                    Stmt::Subgoal { name, .. } => Some(name.value.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        });
        // While the text does not parse: the `delmål` lines since the goal's header.
        let subs = subs.filter(|s| !s.is_empty()).unwrap_or_else(|| subgoals_written(&doc.text[..offset]));
        let mut list: Vec<CompletionItem> = subs.iter().map(|s| item(s, CompletionItemKind::REFERENCE)).collect();
        list.extend(["any", "all", "atleast"].iter().map(|k| item(k, CompletionItemKind::KEYWORD)));
        list
    } else if previous.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        crate::measure::MEASURES
            .iter()
            .flat_map(|m| m.units.iter().filter_map(|u| u.words.first()))
            .map(|u| item(u, CompletionItemKind::UNIT))
            .collect()
    } else if ["senest", "inden", "før", "i", "frist", "by", "within", "af"].contains(&previous) {
        MONTHS.iter().chain(PERIODS).map(|m| item(m, CompletionItemKind::CONSTANT)).collect()
    } else {
        let mut list: Vec<CompletionItem> =
            STATEMENTS.iter().chain(OPERATORS).map(|k| item(k, CompletionItemKind::KEYWORD)).collect();
        let facts: Vec<String> = match (&doc.analysis.checked, file) {
            (Some(c), _) => c.facts.keys().cloned().collect(),
            (None, Some(f)) => {
                let mut all: Vec<String> = names(f)
                    .into_iter()
                    .filter_map(|(n, _)| if let Name::Fact(f) = n { Some(f) } else { None })
                    .collect();
                all.sort();
                all.dedup();
                all
            }
            (None, None) => names_written(&doc.text),
        };
        list.extend(facts.iter().map(|f| item(f, CompletionItemKind::VARIABLE)));
        list
    };
    Some(CompletionResponse::Array(items))
}

/// While the text does not parse: the names in its conditions as written
/// (outside strings and comments; not keywords, time words or units).
fn names_written(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().skip_while(|l| !l.trim_start().starts_with("mål")) {
        let code = line.split('#').next().unwrap_or_default();
        let mut quoted = false;
        let mut word = String::new();
        for c in code.chars().chain(std::iter::once(' ')) {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted && (c.is_alphanumeric() || c == '_') {
                word.push(c);
                continue;
            }
            let known = STATEMENTS.iter().chain(OPERATORS).chain(MONTHS).chain(TIME_WORDS).any(|k| *k == word)
                || KEYWORDS.iter().any(|(k, _, _)| *k == word)
                || crate::measure::unit_of(&word).is_some();
            if word.chars().count() > 1 && word.starts_with(char::is_alphabetic) && !known && !out.contains(&word) {
                out.push(word.clone());
            }
            word.clear();
        }
    }
    out.sort();
    out
}

/// The names of the `delmål` lines in the goal `before` ends in, as written.
fn subgoals_written(before: &str) -> Vec<String> {
    let goal = before.rfind("\nmål ").map_or(0, |i| i + 1);
    before[goal..]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("delmål "))
        .filter_map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// `maal fmt` as one edit of the whole document; none when it does not parse
/// (the diagnostics say why) or is formatted already.
pub(super) fn formatting(server: &Server, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let formatted = crate::syntax::format::format(file, &doc.text);
    if formatted == doc.text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit { range: Lines::new(&doc.text).whole(), new_text: formatted }])
}

/// Sections, their goals, and each goal's sub-goals.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
pub(super) fn symbols(server: &Server, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let lines = Lines::new(&doc.text);
    let symbol = |name: String, detail: Option<String>, kind, range: Range, selection: Range, children| {
        DocumentSymbol { name, detail, kind, tags: None, deprecated: None, range, selection_range: selection, children }
    };
    let mut out: Vec<DocumentSymbol> = Vec::new();
    let mut section: Option<(String, Vec<DocumentSymbol>, usize, usize)> = None;
    let flush = |section: &mut Option<(String, Vec<DocumentSymbol>, usize, usize)>, out: &mut Vec<DocumentSymbol>| {
        if let Some((name, goals, start, end)) = section.take() {
            let range = lines.range(crate::source::Span::new(start, end));
            out.push(symbol(name, None, SymbolKind::NAMESPACE, range, range, Some(goals)));
        }
    };
    for goal in &file.goals {
        let subs: Vec<DocumentSymbol> = goal
            .stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::Subgoal { name, title, expr } => {
                    let range = lines.range(crate::source::Span::new(name.span.start, expr.span.end));
                    let detail = title.as_ref().map(|t| t.value.clone());
                    Some(symbol(name.value.clone(), detail, SymbolKind::FIELD, range, lines.range(name.span), None))
                }
                _ => None,
            })
            .collect();
        let title = goal.title.as_ref().map(|t| t.value.clone());
        let name = format!("{} {}", t(server.lang, "mål", "goal"), goal.id.value);
        let g = symbol(name, title, SymbolKind::CLASS, lines.range(goal.span), lines.range(goal.id.span), Some(subs));
        match (&goal.section, &mut section) {
            (Some(s), Some((current, goals, _, end))) if s == current => {
                goals.push(g);
                *end = goal.span.end;
            }
            (Some(s), _) => {
                flush(&mut section, &mut out);
                section = Some((s.clone(), vec![g], goal.section_start.unwrap_or(goal.span.start), goal.span.end));
            }
            (None, _) => {
                flush(&mut section, &mut out);
                out.push(g);
            }
        }
    }
    flush(&mut section, &mut out);
    Some(DocumentSymbolResponse::Nested(out))
}

/// The header and each goal fold.
pub(super) fn folding(server: &Server, p: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let lines = Lines::new(&doc.text);
    let fold = |span: crate::source::Span| {
        let range = lines.range(span);
        (range.end.line > range.start.line).then_some(FoldingRange {
            start_line: range.start.line,
            start_character: None,
            end_line: range.end.line,
            end_character: None,
            kind: Some(FoldingRangeKind::Region),
            collapsed_text: None,
        })
    };
    Some(std::iter::once(file.header.span).chain(file.goals.iter().map(|g| g.span)).filter_map(fold).collect())
}

/// Quick fixes: apply a "mente du `x`?" hint; add `tillad W0101;` to the goal of a warning.
pub(super) fn code_actions(server: &Server, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let doc = server.doc(&p.text_document.uri)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let (start, end) = (lines.offset(p.range.start)?, lines.offset(p.range.end)?);
    let mut out = Vec::new();
    let edit = |range: Range, new_text: String| WorkspaceEdit {
        changes: Some(HashMap::from([(doc.uri.clone(), vec![TextEdit { range, new_text }])])),
        ..WorkspaceEdit::default()
    };
    let published = diagnostics(server, doc);
    for (d, lsp) in doc.analysis.diagnostics.iter().zip(published) {
        let Some(span) = d.span.filter(|s| s.start <= end && start <= s.end) else { continue };
        let lsp = Some(lsp);
        // "mente du `realiseret`?": replace the name at the span.
        if let Some(meant) = d
            .hint
            .as_ref()
            .and_then(|h| h.da.split('`').nth(1))
            .filter(|_| d.hint.as_ref().is_some_and(|h| h.da.starts_with("mente du")))
        {
            let written = doc.text.get(span.start..span.end).unwrap_or_default();
            let name_len =
                written.chars().take_while(|c| c.is_alphanumeric() || *c == '_').map(char::len_utf8).sum::<usize>();
            let target = crate::source::Span::new(span.start, span.start + name_len.max(1).min(span.end - span.start));
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: t(lang, &format!("Ret til `{meant}`"), &format!("Change to `{meant}`")),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: lsp.clone().map(|d| vec![d]),
                edit: Some(edit(lines.range(target), meant.to_string())),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        // A warning: silence it for its goal.
        if d.severity == Severity::Warning {
            let Some(goal) = doc.analysis.file.as_ref().and_then(|f| goal_at(f, span.start)) else { continue };
            let header_end = doc.text[goal.span.start..].find('\n').map(|i| goal.span.start + i + 1);
            let Some(at) = header_end else { continue };
            let position = lines.position(at);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: t(
                    lang,
                    &format!("Tillad {} i mål {}", d.code, goal.id.value),
                    &format!("Allow {} in goal {}", d.code, goal.id.value),
                ),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: lsp.map(|d| vec![d]),
                edit: Some(edit(Range { start: position, end: position }, format!("  tillad {};\n", d.code))),
                ..CodeAction::default()
            }));
        }
    }
    Some(out)
}

/// The facts to evaluate a document with: the `facts` setting, else the
/// latest `*.toml` beside the plan that has an `opgjort`.
fn facts_for(server: &Server, doc: &Document) -> Option<(crate::Facts, chrono::NaiveDate)> {
    let read = |path: &std::path::Path| -> Option<(crate::Facts, chrono::NaiveDate)> {
        let bytes = crate::source::read_file(path).ok()?;
        let facts = crate::Facts::read(&path.display().to_string(), &bytes).ok()?;
        let date = facts.as_of?;
        Some((facts, date))
    };
    if let Some(path) = &server.facts {
        return read(path);
    }
    let plan = super::text::path_of(doc.uri.as_str())?;
    let dir = plan.parent()?;
    let mut best: Option<(crate::Facts, chrono::NaiveDate)> = None;
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        if path.to_string_lossy().ends_with(".test.toml") {
            continue;
        }
        if let Some((facts, date)) = read(path) {
            if best.as_ref().is_none_or(|(_, d)| date > *d) {
                best = Some((facts, date));
            }
        }
    }
    best
}

/// The document evaluated with its facts, goal by goal: (goal, the line its header ends on).
fn evaluated(server: &Server, doc: &Document) -> Option<(crate::Evaluation, chrono::NaiveDate)> {
    doc.analysis.checked.as_ref()?;
    let (facts, date) = facts_for(server, doc)?;
    let plan = crate::Plan::compile("plan.maal", &doc.text).ok()?;
    let evaluation = plan.evaluate_in(&facts, date, server.lang).ok()?;
    Some((evaluation, date))
}

/// Where a goal's header line ends (`mål 7 "…":`).
fn header_end(doc: &Document, goal: &ast::Goal) -> usize {
    let rest = &doc.text[goal.span.start..goal.span.end.min(doc.text.len())];
    let colon = rest.find(":\n").or_else(|| rest.find(':')).map_or(rest.len(), |i| i + 1);
    goal.span.start + colon
}

/// After each goal's header: its status and the reason, as of the facts' date.
pub(super) fn inlay_hints(server: &Server, p: InlayHintParams) -> Option<Vec<InlayHint>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let (evaluation, date) = evaluated(server, doc)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let mut out = Vec::new();
    for (goal, result) in file.goals.iter().zip(&evaluation.goals) {
        let margin = crate::render::deciding_leaf(result).and_then(|l| l.margin.clone());
        let mut label = result.status.word(lang).to_string();
        if let Some(m) = margin {
            label.push_str(&format!(" · margin {m}"));
        }
        out.push(InlayHint {
            position: lines.position(header_end(doc, goal)),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!("{} {}", t(lang, "pr.", "as of"), format_date(date, lang)))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    Some(out)
}

/// "Evaluér" over each goal: its status; the command shows its explanation.
pub(super) fn code_lenses(server: &Server, p: CodeLensParams) -> Option<Vec<CodeLens>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let (evaluation, date) = evaluated(server, doc)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    Some(
        file.goals
            .iter()
            .zip(&evaluation.goals)
            .map(|(goal, result)| CodeLens {
                range: lines.range(goal.id.span),
                command: Some(Command {
                    title: format!(
                        "{}: {} ({} {})",
                        t(lang, "Evaluér", "Evaluate"),
                        result.status.word(lang),
                        t(lang, "pr.", "as of"),
                        format_date(date, lang)
                    ),
                    command: "maal.showExplanation".into(),
                    arguments: Some(vec![serde_json::Value::String(crate::render::render_explanation(result, lang))]),
                }),
                data: None,
            })
            .collect(),
    )
}
