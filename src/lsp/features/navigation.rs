//! Go to definition, find references, rename.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::*;

use super::{at, t};
use crate::lsp::text::{name_at, names, same, Lines, Name};
use crate::lsp::{Failed, Server};

/// Go to definition: a sub-goal's `delmål` line; a fact's first use.
pub(crate) fn definition(server: &Server, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
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
pub(crate) fn references(server: &Server, p: ReferenceParams) -> Option<Vec<Location>> {
    let (doc, offset) = at(server, &p.text_document_position)?;
    let file = doc.analysis.file.as_ref()?;
    let (name, _) = name_at(file, offset)?;
    let lines = Lines::new(&doc.text);
    Some(same(file, &name).into_iter().map(|s| Location { uri: doc.uri.clone(), range: lines.range(s) }).collect())
}

/// Renames a fact or a sub-goal everywhere it is used.
pub(crate) fn rename(server: &Server, p: RenameParams) -> Result<Option<WorkspaceEdit>, Failed> {
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
