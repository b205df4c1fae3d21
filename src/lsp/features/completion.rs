//! Completion by what comes before the cursor (the words from `syntax::keywords`).

use lsp_types::*;

use super::at;
use crate::lsp::text::{goal_at, names, Name};
use crate::lsp::Server;
use crate::syntax::ast::Stmt;
use crate::syntax::keywords::{self, Place};

/// Completion by what comes before the cursor: header fields inside
/// `plan { }`, sub-goals in a `mål:` line, units after a number, months and
/// quarters after a time word, else keywords and the plan's facts.
pub(crate) fn completion(server: &Server, p: CompletionParams) -> Option<CompletionResponse> {
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
        keywords::at(Place::Header).map(|f| item(f, CompletionItemKind::FIELD)).collect()
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
        list.extend(keywords::at(Place::Combinator).map(|k| item(k, CompletionItemKind::KEYWORD)));
        list
    } else if previous.chars().next().is_some_and(|c| c.is_ascii_digit()) && !previous.ends_with('"') {
        // (A word ending a title, `"Milepæl 1"`, is no number.)
        // The units that fit the fact compared on this line, when the plan says its
        // kind (a count has none); every unit while it does not.
        let fact = line
            .split(['<', '>', '=', '!'])
            .next()
            .and_then(|lhs| lhs.split([':', ' ', '|', '(']).rfind(|w| !w.is_empty()));
        let kind = fact.and_then(|f| doc.analysis.checked.as_ref()?.facts.get(f.trim())).map(|info| info.kind);
        crate::measure::MEASURES
            .iter()
            .filter(|m| match kind {
                Some(crate::check::FactKind::Number(Some(dim))) => m.dim == dim,
                _ => true,
            })
            .flat_map(|m| m.units.iter().filter_map(|u| u.words.first()))
            .map(|u| item(u, CompletionItemKind::UNIT))
            .collect()
    } else if keywords::find(previous)
        .is_some_and(|k| k.places.contains(&Place::Time) && !k.places.contains(&Place::Period))
    {
        crate::value::MONTHS_DA
            .iter()
            .copied()
            .chain(keywords::at(Place::Period))
            .map(|m| item(m, CompletionItemKind::CONSTANT))
            .collect()
    } else {
        let mut list: Vec<CompletionItem> = keywords::at(Place::Statement)
            .chain(keywords::at(Place::Operator))
            .map(|k| item(k, CompletionItemKind::KEYWORD))
            .collect();
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
            let known = keywords::find(&word).is_some()
                || crate::value::MONTHS_DA.contains(&word.as_str())
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
