//! Why a command did not succeed, and the one place that becomes an exit
//! code: 0 success, 1 something in the input or the result needs attention,
//! 2 the command could not run (usage, files, I/O).

use std::process::ExitCode;

use crate::diag::{Lang, Msg};

/// A command's failure.
pub enum Failure {
    /// Located diagnostics in the text they point into (rules, facts, or a
    /// rule that could not be evaluated): rendered, exit 1.
    Diagnostics(crate::Error),
    /// A result that needs attention and has been shown already (a failed
    /// scenario, a total under `--fail-under`, unformatted files): exit 1.
    Unmet,
    /// The command could not run (a file that cannot be read or written, a
    /// bad argument): the message, exit 2.
    Usage(Msg),
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;

impl From<crate::Error> for Failure {
    fn from(error: crate::Error) -> Failure {
        match error.kind {
            // A file that cannot be read is a usage error, as any other.
            crate::ErrorKind::Io => match error.diagnostics.first() {
                Some(d) => {
                    Failure::usage(format!("{}: {}", d.title.da, d.label.da), format!("{}: {}", d.title.en, d.label.en))
                }
                None => Failure::usage("kan ikke læse en fil", "cannot read a file"),
            },
            _ => Failure::Diagnostics(error),
        }
    }
}

impl Failure {
    /// A usage failure from its Danish and English wording.
    pub fn usage(da: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure::Usage(Msg::new(da, en))
    }

    /// `path` could not be read: `why`.
    pub fn unreadable(path: &str, why: &dyn std::fmt::Display) -> Failure {
        Failure::usage(format!("kan ikke læse {path}: {why}"), format!("cannot read {path}: {why}"))
    }

    /// `path` could not be written: `why`.
    pub fn unwritable(path: &std::path::Path, why: &dyn std::fmt::Display) -> Failure {
        let path = path.display();
        Failure::usage(format!("kan ikke skrive {path}: {why}"), format!("cannot write {path}: {why}"))
    }

    /// Shows the failure on standard error.
    pub fn show(&self, lang: Lang) {
        match self {
            Failure::Diagnostics(error) => show(&error.source, &error.diagnostics, lang),
            Failure::Unmet => {}
            Failure::Usage(msg) => eprintln!("{}: {}", Msg::new("fejl", "error").get(lang), msg.get(lang)),
        }
    }

    /// Shows the failure on standard error and gives its exit code.
    pub fn exit(self, lang: Lang) -> ExitCode {
        self.show(lang);
        match self {
            Failure::Diagnostics(_) | Failure::Unmet => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
        }
    }
}

/// The exit code of a command's outcome.
pub fn exit_code(outcome: Outcome, lang: Lang) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(lang),
    }
}

/// Renders diagnostics (errors or warnings) on standard error, in colour on a
/// terminal unless `NO_COLOR` is set.
pub fn show(source: &crate::source::Source, diagnostics: &[crate::diag::Diagnostic], lang: Lang) {
    use std::io::IsTerminal;
    use std::io::Write;
    let colour = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal() && colour_terminal();
    let bytes = crate::render::render_for_terminal(source, diagnostics, lang, colour);
    // Writing to stderr only fails when it is gone, which leaves nothing better to do.
    let _ = std::io::stderr().lock().write_all(&bytes);
}

/// What termcolor's `ColorChoice::Auto` decides beyond "a terminal": `TERM`
/// set and not `dumb` (on Windows every console does colour).
fn colour_terminal() -> bool {
    cfg!(windows) || std::env::var_os("TERM").is_some_and(|t| t != "dumb")
}
