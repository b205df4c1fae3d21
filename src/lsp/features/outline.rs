//! Document symbols and folding ranges.

use lsp_types::*;

use super::t;
use crate::lsp::text::Lines;
use crate::lsp::Server;
use crate::syntax::ast::Stmt;

/// Sections, their goals, and each goal's sub-goals.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
pub(crate) fn symbols(server: &Server, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
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
                Stmt::Subgoal { name, title, expr, .. } => {
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
pub(crate) fn folding(server: &Server, p: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
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
