//! Rendering: the only module that uses codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::diag::{Diagnostic, Lang, Severity};
use crate::source::Source;

/// Writes diagnostics about `source` to `out`, in `lang`.
pub fn render(out: &mut dyn WriteColor, source: &Source, diagnostics: &[Diagnostic], lang: Lang) {
    let file = SimpleFile::new(source.name.as_str(), source.text.as_str());
    let config = term::Config::default();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity).with_code(d.code).with_message(d.title.get(lang));
        if let Some(span) = d.span {
            let start = span.start.min(source.text.len());
            let end = span.end.clamp(start, source.text.len());
            let mut labels = vec![Label::primary((), start..end).with_message(d.label.get(lang))];
            for (span, label) in &d.related {
                let s = span.start.min(source.text.len());
                let e = span.end.clamp(s, source.text.len());
                labels.push(Label::secondary((), s..e).with_message(label.get(lang)));
            }
            cs = cs.with_labels(labels);
        } else {
            cs = cs.with_notes(vec![d.label.get(lang).to_string()]);
        }
        let mut notes: Vec<String> = d.notes.iter().map(|n| n.get(lang).to_string()).collect();
        if let Some(hint) = &d.hint {
            let word = match lang {
                Lang::Da => "hjælp",
                Lang::En => "help",
            };
            notes.push(format!("{word}: {}", hint.get(lang)));
        }
        cs.notes.extend(notes);
        // Rendering into a buffer or stderr only fails on I/O errors, which
        // leave nothing better to do than go on.
        let _ = term::emit(out, &config, &file, &cs);
    }
}

/// Diagnostics as plain text without colour (tests, snapshots, the REPL).
pub fn render_to_string(source: &Source, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut buffer = term::termcolor::Buffer::no_color();
    render(&mut buffer, source, diagnostics, lang);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
