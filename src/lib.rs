//! maal: a rules engine for Danish state goal-and-result plans
//! (mål- og resultatplaner).
//!
//! Source text goes through [`syntax`] (pest grammar → spanned AST) and
//! [`check`] (names, kinds, units; all errors at once), then [`compile`]
//! (evaluation tree with fact slots) and [`eval`] (as of a date, against
//! [`facts`]). Diagnostics are data ([`diag`]) until [`report`] renders them.
//!
//! ```
//! use maal::source::Source;
//! let text = r#"
//! plan "Resultatplan 2026" { institution "CPR-administrationen" periode 2026 }
//! mål 7 "Retvisende budgettering":
//!   delmål a: |grundbudget - realiseret| <= 2,0 mio;
//!   delmål b: |budget_uo2 - realiseret| <= 1.0 mio; mål: any(a, b)
//! "#;
//! let checked = maal::check_source(&Source::new("plan.maal", text)).unwrap();
//! assert_eq!(checked.file.goals.len(), 1);
//! assert_eq!(
//!     checked.facts["realiseret"].kind,
//!     maal::check::FactKind::Number(Some(maal::value::Dim::Money))
//! );
//!
//! // Compile once, evaluate against reported facts as of a date.
//! let program = maal::compile::compile(&checked, &Source::new("plan.maal", text));
//! let facts_source = Source::new("f.toml", "grundbudget = \"8,3 mio\"\nrealiseret = \"6,3 mio\"");
//! let facts = maal::facts::Facts::load(&facts_source).unwrap();
//! let values = facts.validate(&checked).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
//! let result = maal::eval::evaluate(&program, &facts, &values, as_of, maal::diag::Lang::Da);
//! // |8,3 - 6,3| is exactly 2,0 mio. kr.: met, and the plan's total is 100.
//! assert_eq!(result.goals[0].status, maal::eval::Status::Met);
//! assert_eq!(result.total.score, rust_decimal::Decimal::ONE_HUNDRED);
//! ```
#![warn(missing_docs)]
// Diagnostics are large but only travel on the cold error path.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod compile;
pub mod diag;
pub mod eval;
pub mod facts;
pub mod format;
pub mod lint;
pub mod repl;
pub mod report;
pub mod source;
pub mod syntax;
pub mod testing;
pub mod value;

use diag::{Diagnostic, Msg};
use source::{Source, Span};

/// Parses and checks one rule source.
pub fn check_source(source: &Source) -> Result<check::Checked, Vec<Diagnostic>> {
    let file = syntax::parse(&source.text)?;
    // The checker recurses over the tree; nesting is bounded by the parser's
    // limits, and a generous stack keeps debug builds clear of overflow.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(scope, move || {
                let mut checked = check::check(file)?;
                let warnings = lint::lint(&checked, &source.text);
                checked.warnings.extend(warnings);
                Ok(checked)
            })
            .ok()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_else(|| {
                let what = Msg::new("kontrollen stoppede uventet", "the checker stopped unexpectedly");
                Err(vec![Diagnostic::error("E0009", Msg::new("intern fejl", "internal error"), None, what)])
            })
    })
}

/// Decodes a file's bytes into a [`Source`], or a located diagnostic for
/// bytes that are not UTF-8 (with the text up to there, for rendering).
pub fn decode_source(name: &str, bytes: &[u8]) -> Result<Source, (Source, Diagnostic)> {
    match source::decode(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(offset) => {
            let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
            let diag = Diagnostic::error(
                "E0007",
                Msg::new("filen er ikke UTF-8", "the file is not UTF-8"),
                Some(Span::new(valid.len(), valid.len())),
                Msg::new(format!("ugyldig byte ved position {offset}"), format!("invalid byte at offset {offset}")),
            )
            .hint(Msg::new("gem filen som UTF-8", "save the file as UTF-8"));
            Err((Source::new(name, valid), diag))
        }
    }
}
