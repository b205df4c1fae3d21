//! Diagnostics as data: a stable code, a severity, bilingual words and spans.
//!
//! Nothing here renders; `report` turns diagnostics into text with
//! codespan-reporting. Every message is written in Danish (the default) and
//! English, chosen at render time with [`Lang`].

pub mod codes;
mod error;

pub use error::{Error, ErrorKind};

use crate::source::Span;
use serde::Serialize;

/// The language user-facing words are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Lang {
    /// Danish, the default: department staff read it.
    #[default]
    Da,
    /// English.
    En,
}

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Msg {
    /// Danish wording.
    pub da: String,
    /// English wording.
    pub en: String,
}

impl Msg {
    /// A message from its Danish and English wording.
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg { da: da.into(), en: en.into() }
    }

    /// The wording in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The input can't be used.
    Error,
    /// The input can be used but is probably not what was meant.
    Warning,
}

/// A located problem with the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable code such as `E0102`; see `docs/diagnostics.md`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// A short title.
    pub title: Msg,
    /// Where the problem is, when it has a place.
    pub span: Option<Span>,
    /// The label shown under the span.
    pub label: Msg,
    /// Plain explanations.
    pub notes: Vec<Msg>,
    /// An actionable suggestion.
    pub hint: Option<Msg>,
    /// Other places that explain the problem (shown with secondary labels).
    pub related: Vec<(Span, Msg)>,
}

impl Diagnostic {
    /// An error with a code, a title and a span with its label.
    pub fn error(code: &'static str, title: Msg, span: Option<Span>, label: Msg) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            title,
            span,
            label,
            notes: Vec::new(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// Adds a plain explanation.
    pub fn note(mut self, note: Msg) -> Diagnostic {
        self.notes.push(note);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: Msg) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    /// Points at another place that explains the problem.
    pub fn related(mut self, span: Span, label: Msg) -> Diagnostic {
        self.related.push((span, label));
        self
    }

    /// Sets the hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<Msg>) -> Diagnostic {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

/// The closest candidate to `name` by edit distance, when it is close enough
/// to be a likely typo. Used for "did you mean …?" hints.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        // Lengths further apart than the limit cannot be close (and a long
        // name is not compared character by character with every candidate).
        .filter(|c| *c != name && c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// A file that could not be read, as a diagnostic without a place.
pub fn io_error(name: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::UNREADABLE,
        Msg::new(format!("kan ikke læse {name}"), format!("cannot read {name}")),
        None,
        Msg::new(error.to_string(), error.to_string()),
    )
}

/// Decodes a file's bytes into a [`Source`](crate::source::Source), or a located diagnostic for
/// bytes that are not UTF-8 (with the text up to there, for rendering).
pub fn decode_source(name: &str, bytes: &[u8]) -> Result<crate::source::Source, (crate::source::Source, Diagnostic)> {
    match crate::source::decode(bytes) {
        Ok(text) => Ok(crate::source::Source::new(name, text)),
        Err(offset) => {
            let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
            let diag = Diagnostic::error(
                codes::NOT_UTF8,
                Msg::new("filen er ikke UTF-8", "the file is not UTF-8"),
                Some(Span::new(valid.len(), valid.len())),
                Msg::new(format!("ugyldig byte ved position {offset}"), format!("invalid byte at offset {offset}")),
            )
            .hint(Msg::new("gem filen som UTF-8", "save the file as UTF-8"));
            Err((crate::source::Source::new(name, valid), diag))
        }
    }
}

/// "Did you mean `x`?" in both languages, when there is a close candidate.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Msg> {
    suggest(name, candidates).map(meant)
}

/// "did you mean `x`?"
pub fn meant(x: &str) -> Msg {
    Msg::new(format!("mente du `{x}`?"), format!("did you mean `{x}`?"))
}

/// Levenshtein distance over characters.
/// Edits between two names: insertions, deletions, substitutions and a swap of
/// two neighbouring letters (`frsit` → `frist`) each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["realiseret", "grundbudget", "budget_uo2"];
        assert_eq!(suggest("realisert", names), Some("realiseret"));
        assert_eq!(suggest("budget_uo3", names), Some("budget_uo2"));
        assert_eq!(suggest("xyz", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(suggest("frsit", ["frist", "opgave"]), Some("frist"), "a swapped pair is one edit");
    }
}
