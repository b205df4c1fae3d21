//! Code actions: quick fixes from diagnostics' hints and `tillad`.

use std::collections::HashMap;

use lsp_types::*;

use super::t;
use crate::diag::Severity;
use crate::lsp::text::{goal_at, Lines};
use crate::lsp::Server;

/// Quick fixes: apply a "mente du `x`?" hint; add `tillad W0101;` to the goal of a warning.
pub(crate) fn code_actions(server: &Server, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let doc = server.doc(&p.text_document.uri)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let (start, end) = (lines.offset(p.range.start)?, lines.offset(p.range.end)?);
    let mut out = Vec::new();
    let edit = |range: Range, new_text: String| WorkspaceEdit {
        changes: Some(HashMap::from([(doc.uri.clone(), vec![TextEdit { range, new_text }])])),
        ..WorkspaceEdit::default()
    };
    let published = super::diagnostics(server, doc);
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
