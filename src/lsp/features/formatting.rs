//! `maal fmt` as one edit of the document.

use lsp_types::*;

use crate::lsp::text::Lines;
use crate::lsp::Server;

/// `maal fmt` as one edit of the whole document; none when it does not parse
/// (the diagnostics say why) or is formatted already.
pub(crate) fn formatting(server: &Server, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let formatted = crate::syntax::format::format(file, &doc.text);
    if formatted == doc.text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit { range: Lines::new(&doc.text).whole(), new_text: formatted }])
}
