//! The front door's one error type: which input was wrong, every diagnostic,
//! and the text they point into. Rendering it for people is `render`'s
//! (`Error::render`, `Display`), so this stage stays below it.

use serde::Serialize;

use super::Diagnostic;
use crate::source::Source;

/// What went wrong, with the diagnostics and the text they point into.
#[derive(Clone, Debug)]
pub struct Error {
    /// Which input was wrong.
    pub kind: ErrorKind,
    /// The text the diagnostics' spans point into (the rules or the facts).
    pub source: Source,
    /// Every problem found, in order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Which input an [`Error`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The rule text: syntax, names, kinds, units, limits.
    Rules,
    /// The reported facts: format, unknown names, wrong kinds.
    Facts,
    /// Evaluation: a rule could not be computed (division by zero, overflow).
    Evaluation,
    /// A file could not be read.
    Io,
}

impl Error {
    /// An error of `kind` with `diagnostics` pointing into `source`.
    pub fn new(kind: ErrorKind, source: &Source, diagnostics: Vec<Diagnostic>) -> Error {
        Error { kind, source: source.clone(), diagnostics }
    }
}

impl std::error::Error for Error {}
