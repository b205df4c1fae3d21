//! maal: a rules engine for Danish state goal-and-result plans
//! (mål- og resultatplaner).
//!
//! Compile a plan once with [`Plan::compile`] (every diagnostic on failure),
//! then evaluate it against reported [`Facts`] as of a date, as often as you
//! like and from as many threads as you like (`Plan: Send + Sync`):
//!
//! ```
//! use maal::{Facts, Plan, Status};
//! use rust_decimal::Decimal;
//!
//! let plan = Plan::compile("cpr.maal", r#"
//! plan "Resultatplan 2026" { institution "CPR-administrationen" periode 2026 }
//! mål 7 "Retvisende budgettering":
//!   delmål a: |grundbudget - realiseret| <= 2,0 mio;
//!   delmål b: |budget_uo2 - realiseret| <= 1.0 mio; mål: any(a, b)
//! "#)?;
//! let needed: Vec<String> = plan.required_facts().into_iter().map(|f| f.name).collect();
//! assert_eq!(needed, ["budget_uo2", "grundbudget", "realiseret"]);
//!
//! // Facts from JSON (or TOML, or in code with `insert_text`).
//! let facts = Facts::from_json(r#"{"grundbudget": "8,3 mio", "realiseret": "6,3 mio"}"#)?;
//! let result = plan.evaluate(&facts, chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap())?;
//! // |8,3 - 6,3| is exactly 2,0 mio. kr. (in binary floating point it is not): delmål a holds, so mål 7 is met.
//! assert_eq!(result.goals[0].status, Status::Met);
//! assert_eq!(result.total.score, Decimal::ONE_HUNDRED);
//! // The result serialises to the schema `maal eval --format json` prints.
//! assert!(serde_json::to_string(&result)?.contains(r#""status":"met""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The front door is what this page lists at the top level: [`Plan`],
//! [`Facts`] (and [`Reported`] values), the results ([`Evaluation`],
//! [`GoalResult`], [`Status`], [`Truth`], and what each goal found and
//! needs: [`Leaf`], [`Need`], [`Window`], …; [`Bound`] and [`Outcome`] for
//! trace-free what-if sweeps), [`Diagnostic`], [`Lang`], [`Error`],
//! [`Source`] and [`Limits`], plus [`render`] (diagnostics and evaluations
//! for people; `render::json` is the JSON), [`measure`] (the measure
//! table), [`repl`] (the what-if session, [`repl::Session`]) and [`serve`]
//! (the HTTP service, feature `serve`).
//!
//! Underneath, the stages each live in their folder: `syntax` (pest grammar
//! → spanned AST, and the formatter), `check` (names, kinds, units, all
//! errors at once; lints), `eval` (the compiled tree, the one evaluator and
//! its explaining recorder), `facts` (fact files in, validated values out).
//! They are private to the crate; the feature `internals` (which maal's own
//! tests, fuzz targets and peer benchmarks turn on) makes them public, with
//! no promise of stability. The `maal` binary is one call into the hidden
//! `cli` module, the one module that prints.
#![warn(missing_docs)]
// The library never prints: what it cannot return goes through `log` (the binary writes it).
#![deny(clippy::print_stdout, clippy::print_stderr)]
// Diagnostics are large but only travel on the cold error path.
#![allow(clippy::result_large_err)]

#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod check;
#[cfg(not(feature = "internals"))]
pub(crate) mod check;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod diag;
#[cfg(not(feature = "internals"))]
pub(crate) mod diag;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod eval;
#[cfg(not(feature = "internals"))]
pub(crate) mod eval;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod facts;
#[cfg(not(feature = "internals"))]
pub(crate) mod facts;
// The command line (the `maal` binary is one call into it). The one module that
// prints: it is the program's edge, as `src/main.rs` was.
pub mod calendar;
#[doc(hidden)]
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cli;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod measure;
mod plan;
pub mod portfolio;
pub mod render;
pub mod repl;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod source;
#[cfg(not(feature = "internals"))]
pub(crate) mod source;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod syntax;
#[cfg(not(feature = "internals"))]
pub(crate) mod syntax;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod testing;
#[cfg(not(feature = "internals"))]
pub(crate) mod testing;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod value;
#[cfg(not(feature = "internals"))]
pub(crate) mod value;

pub use diag::{decode_source, Diagnostic, Error, ErrorKind, Lang, Msg, Severity};
pub use eval::{
    Awaiting, Bound, Combination, Evaluation, ExprResult, FactWarning, GoalResult, Leaf, Margin, Need, Note, Outcome,
    OverrideInfo, Shape, Status, SubgoalResult, Threshold, Total, Truth, Window,
};
pub use facts::{Facts, Reported};
pub use plan::{Payout, Plan, RequiredFact};
pub use source::{Source, Span};
pub use syntax::ast::CmpOp;
pub use syntax::Limits;
pub use value::{TimeSpan, Value};

/// Runs `f`, first moving to a fresh stack segment if less than 128 KiB of
/// the current one is left. Every recursive walk over a syntax tree goes
/// through this, so no input nesting can overflow the caller's stack, on any
/// thread, in any build (the same technique as rustc's `ensure_sufficient_stack`).
///
/// Asking for the stack's end costs a call per node, so only every
/// `DEEP_STRIDE`th level of nesting asks: the levels in between take far less
/// than the 128 KiB margin (a walker's frame is well under a kilobyte).
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    const DEEP_STRIDE: u32 = 8;
    thread_local!(static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    /// Restores the depth on the way out, also if `f` unwinds.
    struct Level(u32);
    impl Drop for Level {
        fn drop(&mut self) {
            DEPTH.with(|d| d.set(self.0));
        }
    }
    let level = Level(DEPTH.with(|d| d.replace(d.get().wrapping_add(1))));
    if level.0.is_multiple_of(DEEP_STRIDE) {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, f)
    } else {
        f()
    }
}

/// Parses and checks one rule source with the default limits.
pub fn check_source(source: &Source) -> Result<check::Checked, Vec<Diagnostic>> {
    check_source_with(source, &syntax::Limits::default())
}

/// Parses and checks one rule source within `limits`.
pub fn check_source_with(source: &Source, limits: &syntax::Limits) -> Result<check::Checked, Vec<Diagnostic>> {
    check_parsed(syntax::parse_with(&source.text, limits)?, source)
}

/// Checks and lints a parsed rule source (`file` must be `source` parsed).
pub fn check_parsed(file: syntax::ast::File, source: &Source) -> Result<check::Checked, Vec<Diagnostic>> {
    // The checker and the linter recurse through `deep`, so the caller's stack suffices.
    let mut checked = check::check(file)?;
    let warnings = check::lint::lint(&checked, &source.text);
    checked.warnings.extend(warnings);
    Ok(checked)
}

/// Reads a rule file the one way every command, the scenario tests and the
/// service read one: its bytes, as UTF-8 with a byte-order mark dropped and the
/// text normalised to NFC ([`decode_source`]). A file that cannot be read is
/// an [`ErrorKind::Io`] error, bytes that are not UTF-8 an
/// [`ErrorKind::Rules`] error pointing at the first bad byte.
pub fn read_rules(path: &std::path::Path) -> Result<Source, Error> {
    let name = path.display().to_string();
    let bytes = source::read_file(path).map_err(|e| Error {
        kind: ErrorKind::Io,
        source: Source::new(name.clone(), ""),
        diagnostics: vec![diag::io_error(&name, &e)],
    })?;
    decode_rules(&name, &bytes)
}

/// Rule text from bytes already read (stdin, a request): [`decode_source`]
/// with a failure as an [`ErrorKind::Rules`] error.
pub fn decode_rules(name: &str, bytes: &[u8]) -> Result<Source, Error> {
    decode_source(name, bytes).map_err(|(partial, diagnostic)| Error {
        kind: ErrorKind::Rules,
        source: partial,
        diagnostics: vec![diagnostic],
    })
}
