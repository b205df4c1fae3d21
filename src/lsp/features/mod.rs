//! What the language server answers, one file per request (or family of
//! requests): diagnostics, hover, definitions and references, rename,
//! completion, formatting, symbols, folding, code actions, and — with a facts
//! file — inlay hints with each goal's status and a code lens with its explanation.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Range, TextDocumentPositionParams};

use super::text::Lines;
use super::{Document, Server};
use crate::diag::{Lang, Msg};

mod actions;
mod completion;
mod diagnostics;
mod evaluation;
mod formatting;
mod hover;
mod navigation;
mod outline;

pub(super) use actions::code_actions;
pub(super) use completion::completion;
pub(super) use diagnostics::diagnostics;
pub(super) use evaluation::{code_lenses, inlay_hints};
pub(super) use formatting::formatting;
pub(super) use hover::hover;
pub(super) use navigation::{definition, references, rename};
pub(super) use outline::{folding, symbols};

pub(super) fn t(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

/// The document and the byte offset of a position in it.
pub(super) fn at<'s>(server: &'s Server, p: &TextDocumentPositionParams) -> Option<(&'s Document, usize)> {
    let doc = server.doc(&p.text_document.uri)?;
    let offset = Lines::new(&doc.text).offset(p.position)?;
    Some((doc, offset))
}

/// Markdown for a hover.
pub(super) fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}
