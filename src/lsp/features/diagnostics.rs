//! The diagnostics of a document: errors, or a checked plan's warnings.

use lsp_types::*;

use super::t;
use crate::diag::Severity;
use crate::lsp::text::Lines;
use crate::lsp::{Document, Server};

/// The diagnostics of a document: errors, or a checked plan's warnings.
pub(crate) fn diagnostics(server: &Server, doc: &Document) -> Vec<Diagnostic> {
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
