//! Rendering: the only module that uses codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

use std::ops::Range;

use crate::diag::{Diagnostic, Error, Lang, Severity};
use crate::source::{LineIndex, Source};

impl Error {
    /// The diagnostics rendered as plain text (no colour) in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        render_to_string(&self.source, &self.diagnostics, lang)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render(Lang::Da).trim_end())
    }
}

mod excerpt;

/// Writes diagnostics about `source` to `out`, in `lang`, in one write:
/// codespan-reporting writes in small pieces, and an unbuffered stderr turns
/// each into a system call (100 000 diagnostics took seconds).
pub fn render(out: &mut dyn WriteColor, source: &Source, diagnostics: &[Diagnostic], lang: Lang) {
    let mut buffer =
        if out.supports_color() { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    render_into(&mut buffer, source, diagnostics, lang);
    // Writing to stderr only fails when it is gone, which leaves nothing better to do.
    let _ = out.write_all(buffer.as_slice()).and_then(|()| out.flush());
}

/// Diagnostics about `source` as the bytes a terminal shows, with colour
/// codes when `colour`: the CLI writes them to stderr (the library never prints).
pub fn render_for_terminal(source: &Source, diagnostics: &[Diagnostic], lang: Lang, colour: bool) -> Vec<u8> {
    let mut buffer = if colour { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    render_into(&mut buffer, source, diagnostics, lang);
    buffer.into_inner()
}

fn render_into(out: &mut dyn WriteColor, source: &Source, diagnostics: &[Diagnostic], lang: Lang) {
    let text = source.text.as_str();
    let file = SimpleFile::new(source.name.as_str(), text);
    let config = term::Config::default();
    let clamp = |span: crate::source::Span| {
        let start = span.start.min(text.len());
        start..span.end.clamp(start, text.len())
    };
    let ranges = |d: &Diagnostic| -> Vec<Range<usize>> {
        d.span.into_iter().chain(d.related.iter().map(|(span, _)| *span)).map(clamp).collect()
    };
    // Lines too long to show whole are cut to a window around their labels,
    // in one excerpt for every diagnostic that needs one.
    let lines = (text.len() > excerpt::LONG_LINE).then(|| LineIndex::new(text));
    let cut: Vec<bool> = diagnostics
        .iter()
        .map(|d| lines.as_ref().is_some_and(|lines| ranges(d).iter().any(|r| excerpt::too_long(lines, r))))
        .collect();
    let excerpt = lines.as_ref().filter(|_| cut.contains(&true)).map(|lines| {
        let marked: Vec<Range<usize>> =
            diagnostics.iter().zip(&cut).filter(|(_, cut)| **cut).flat_map(|(d, _)| ranges(d)).collect();
        excerpt::Excerpt::new(source.name.as_str(), lines, &marked)
    });
    for (d, cut) in diagnostics.iter().zip(cut) {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let place = |range: Range<usize>| match (&excerpt, cut) {
            (Some(excerpt), true) => excerpt.shown_offset(range.start)..excerpt.shown_offset(range.end),
            _ => range,
        };
        let mut cs = CsDiagnostic::new(severity).with_code(d.code).with_message(shorten(d.title.get(lang)));
        if let Some(span) = d.span {
            let mut labels = vec![Label::primary((), place(clamp(span))).with_message(shorten(d.label.get(lang)))];
            for (span, label) in &d.related {
                labels.push(Label::secondary((), place(clamp(*span))).with_message(shorten(label.get(lang))));
            }
            cs = cs.with_labels(labels);
        } else {
            cs = cs.with_notes(vec![shorten(d.label.get(lang))]);
        }
        let mut notes: Vec<String> = d.notes.iter().map(|n| shorten(n.get(lang))).collect();
        if let Some(hint) = &d.hint {
            let word = match lang {
                Lang::Da => "hjælp",
                Lang::En => "help",
            };
            notes.push(format!("{word}: {}", shorten(hint.get(lang))));
        }
        cs.notes.extend(notes);
        let mut one =
            if out.supports_color() { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
        // Rendering into a buffer or stderr only fails on I/O errors, which
        // leave nothing better to do than go on.
        let _ = match (&excerpt, cut) {
            (Some(excerpt), true) => term::emit(&mut one, &config, excerpt, &cs),
            _ => term::emit(&mut one, &config, &file, &cs),
        };
        let _ = out.write_all(&severity_in(one.into_inner(), lang));
    }
}

/// codespan-reporting names the severity in English (`error[E0202]`); in Danish
/// the header says `fejl[E0202]` and `advarsel[W0101]`. Only the first line
/// (the header) is touched, past any colour codes before the word.
fn severity_in(mut bytes: Vec<u8>, lang: Lang) -> Vec<u8> {
    if lang != Lang::Da {
        return bytes;
    }
    // Skip ANSI escape sequences (`ESC [ … m`) at the start of the line.
    let mut at = 0;
    while bytes.get(at) == Some(&0x1b) {
        match bytes[at..].iter().position(|&b| b == b'm') {
            Some(end) => at += end + 1,
            None => return bytes,
        }
    }
    for (english, danish) in [("error", "fejl"), ("warning", "advarsel")] {
        let rest = &bytes[at..];
        if rest.starts_with(english.as_bytes()) && matches!(rest.get(english.len()), Some(b'[' | b':')) {
            bytes.splice(at..at + english.len(), danish.bytes());
            break;
        }
    }
    bytes
}

/// A message as shown: one that quotes a huge name (a 1 MB fact name, say)
/// keeps its first 160 and last 40 characters around a `…`.
fn shorten(message: &str) -> String {
    const HEAD: usize = 160;
    const TAIL: usize = 40;
    let count = message.chars().count();
    if count <= HEAD + TAIL + 1 {
        return message.to_string();
    }
    let head: String = message.chars().take(HEAD).collect();
    let tail: String = message.chars().skip(count - TAIL).collect();
    format!("{head}…{tail}")
}

/// Diagnostics as plain text without colour (tests, snapshots, the REPL).
pub fn render_to_string(source: &Source, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut buffer = term::termcolor::Buffer::no_color();
    render_into(&mut buffer, source, diagnostics, lang);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Like [`render_to_string`], with ANSI colours for a terminal.
pub fn render_to_ansi_string(source: &Source, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut buffer = term::termcolor::Buffer::ansi();
    render_into(&mut buffer, source, diagnostics, lang);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A diagnostic as JSON for services: the words in one language, the place
/// as byte offsets and as one-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct JsonDiagnostic {
    /// The source's name (a rule file, `fakta.json`, …).
    pub file: String,
    /// The stable code, e.g. `E0102` (see docs/diagnostics.md).
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// The short title.
    pub message: String,
    /// The label under the place.
    pub label: String,
    /// The place, when there is one.
    pub location: Option<JsonLocation>,
    /// Plain explanations.
    pub notes: Vec<String>,
    /// An actionable suggestion.
    pub hint: Option<String>,
}

/// Where a [`JsonDiagnostic`] points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct JsonLocation {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// One-based line of `start`.
    pub line: usize,
    /// One-based column of `start`, in characters.
    pub column: usize,
    /// One-based line of `end`.
    pub end_line: usize,
    /// One-based column of `end`, in characters.
    pub end_column: usize,
}

/// Diagnostics about `source` as JSON-ready values, in `lang`.
pub fn to_json(source: &Source, diagnostics: &[Diagnostic], lang: Lang) -> Vec<JsonDiagnostic> {
    let lines = crate::source::LineIndex::new(&source.text);
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            file: source.name.clone(),
            code: d.code.to_string(),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_string(),
            message: d.title.get(lang).to_string(),
            label: d.label.get(lang).to_string(),
            location: d.span.map(|span| {
                let (line, column) = lines.line_col(span.start);
                let (end_line, end_column) = lines.line_col(span.end);
                JsonLocation { start: span.start, end: span.end, line, column, end_line, end_column }
            }),
            notes: d.notes.iter().map(|n| n.get(lang).to_string()).collect(),
            hint: d.hint.as_ref().map(|h| h.get(lang).to_string()),
        })
        .collect()
}

pub mod annual;
#[cfg(feature = "docx")]
pub mod docx;
mod evaluation;
pub mod explain;
pub mod json;

pub mod words;

/// Numbers for people, as every report writes them.
pub use crate::value::{format_date, format_quantity, format_score};
pub use evaluation::{
    deciding_leaf, deciding_subgoal, in_error, render_explanation, render_needs, render_text, render_text_fitted,
};
