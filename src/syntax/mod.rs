//! Source text → spanned syntax tree ([`ast::File`]).
//!
//! The grammar lives in `grammar/maal.pest`. Before pest runs, a cheap lexical
//! scan ([`check_limits`]) rejects input that is too large or nested too deeply,
//! so the recursive-descent parser can never overflow the stack; the same scan
//! notes where the comments are (`scan.rs`). Then `build.rs` turns pest's pairs into
//! the tree: one `build_xxx(pair)` function per grammar rule that produces a node.

pub mod ast;
mod build;
mod errors;
mod fast;
pub mod format;
pub mod keywords;
mod scan;
mod sugar;

use pest::Parser as _;

use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::{Span, Spanned};

mod generated {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/maal.pest"]
    pub struct MaalParser;
}
use build::{inner, Builder};
use errors::pest_error;
use generated::{MaalParser, Rule};
use scan::scan;

pub(crate) use build::expr_depth;

/// Limits on what the front end accepts. Embedders may tighten or relax them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest source accepted, in bytes.
    pub max_source_bytes: usize,
    /// Deepest nesting of brackets and `|…|` accepted; at most [`MAX_NESTING`],
    /// whatever is set here.
    pub max_depth: usize,
    /// Longest chain of operators (`a + b + …`, `ikke ikke …`) accepted; at
    /// most [`MAX_EXPR_DEPTH`], whatever is set here.
    pub max_chain: usize,
    /// Most goals accepted in one plan.
    pub max_goals: usize,
    /// Deepest expression tree accepted (a chain `a + b + …` counts one level a term),
    /// which bounds the recursion of every later stage; at most
    /// [`MAX_EXPR_DEPTH`], whatever is set here.
    pub max_expr_depth: usize,
    /// Longest number literal accepted, in characters (Decimal holds 28
    /// significant digits whatever the limit; this bounds the work on junk).
    pub max_number_len: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_source_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_chain: 256,
            max_goals: 100_000,
            max_expr_depth: 128,
            max_number_len: 64,
        }
    }
}

/// Parses a whole rule file with the default limits.
pub fn parse(text: &str) -> Result<ast::File, Vec<Diagnostic>> {
    parse_with(text, &Limits::default())
}

/// Parses a whole rule file.
pub fn parse_with(text: &str, limits: &Limits) -> Result<ast::File, Vec<Diagnostic>> {
    // pest recurses once per level of nesting without looking at the stack;
    // `parse_on_enough_stack` gives it room for the deepest nesting the
    // pre-scan lets through, and every recursive walk of ours goes through
    // `crate::deep`.
    let work = || {
        // Clean text takes the fast path (which stands in for the pre-scan);
        // anything it is unsure of, the pre-scan and pest.
        if let Some(file) = fast::parse(text, limits) {
            return Ok(file);
        }
        let comments = scan(text, limits).map_err(|d| vec![d])?;
        parse_with_pest(text, limits, comments)
    };
    parse_on_enough_stack(limits, work)
}

/// Parses a whole rule file with pest alone (no fast path): the reference the
/// fast path is tested against.
#[doc(hidden)]
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn parse_pest_only(text: &str, limits: &Limits) -> Result<ast::File, Vec<Diagnostic>> {
    let comments = scan(text, limits).map_err(|d| vec![d])?;
    parse_on_enough_stack(limits, || parse_with_pest(text, limits, comments))
}

/// Whether the fast path reads `text` by itself (for tests).
#[doc(hidden)]
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn fast_path_reads(text: &str, limits: &Limits) -> bool {
    parse_on_enough_stack(limits, || fast::parse(text, limits).is_some())
}

fn parse_with_pest(text: &str, limits: &Limits, comments: Vec<Spanned<String>>) -> Result<ast::File, Vec<Diagnostic>> {
    {
        let mut pairs = MaalParser::parse(Rule::file, text).map_err(|e| vec![pest_error(text, e)])?;
        let file = pairs.next().ok_or_else(|| vec![empty_file()])?;
        let mut builder = Builder { errors: Vec::new(), limits, expanded: 0 };
        let ast = builder.build_file(file, comments);
        // Only when nothing else was wrong: a too-long chain is already reported.
        let clean = builder.errors.is_empty();
        for goal in ast.goals.iter().filter(|_| clean) {
            for stmt in &goal.stmts {
                if let ast::Stmt::Subgoal { expr, .. } | ast::Stmt::Combine(expr) | ast::Stmt::Condition(expr) = stmt {
                    builder.check_depth(expr);
                }
            }
        }
        if builder.errors.is_empty() {
            Ok(ast)
        } else {
            Err(builder.errors)
        }
    }
}

/// The deepest nesting of brackets and `|…|` any [`Limits`] can allow: pest's
/// stack for it stays within 1 GiB.
pub const MAX_NESTING: usize = 32 * 1024;

/// The deepest expression tree any [`Limits`] can allow (and so the longest
/// operator chain, which is a tree one level deeper a term). Every later
/// stage recurses over these trees; past this the stack a caller's thread
/// can be expected to have would not do.
pub const MAX_EXPR_DEPTH: usize = 1024;

/// Stack pest takes per level of nesting, with room to spare (measured: about
/// 26 KiB in debug builds, 6 KiB in release builds).
const PEST_STACK_PER_LEVEL: usize = 32 * 1024;

/// Runs the parser with stack for `max_depth` levels of nesting, moving to a
/// fresh segment (at least 64 MiB) when the caller's thread has less left
/// (tokio's and test threads have 2 MiB). `tests/robustness.rs` parses deep
/// nesting on a 256 KiB thread.
fn parse_on_enough_stack<R>(limits: &Limits, work: impl FnOnce() -> R) -> R {
    let need = 4 * 1024 * 1024 + limits.max_depth.min(MAX_NESTING) * PEST_STACK_PER_LEVEL;
    stacker::maybe_grow(need, need.max(64 * 1024 * 1024), work)
}

/// Parses one expression (for the REPL and for tests).
pub fn parse_expr(text: &str) -> Result<ast::Expr, Vec<Diagnostic>> {
    let limits = Limits::default();
    check_limits(text, &limits).map_err(|d| vec![d])?;
    let work = || {
        let mut pairs = MaalParser::parse(Rule::expr_only, text).map_err(|e| vec![pest_error(text, e)])?;
        let pair = pairs.next().and_then(|p| inner(p).next()).ok_or_else(|| vec![empty_file()])?;
        let mut builder = Builder { errors: Vec::new(), limits: &limits, expanded: 0 };
        let expr = builder.build_expr(pair);
        if builder.errors.is_empty() {
            builder.check_depth(&expr);
        }
        if builder.errors.is_empty() {
            Ok(expr)
        } else {
            Err(builder.errors)
        }
    };
    parse_on_enough_stack(&limits, work)
}

fn empty_file() -> Diagnostic {
    Diagnostic::error(
        codes::EMPTY_FILE,
        Msg::new("tom fil", "empty file"),
        Some(Span::new(0, 0)),
        Msg::new("her skulle en plan begynde", "a plan should start here"),
    )
    .hint(Msg::new(
        "en regelfil begynder med `plan \"Resultatplan 2026\" { … }`",
        "a rule file starts with `plan \"Resultatplan 2026\" { … }`",
    ))
}

/// Rejects input that is too large or too deeply nested, before parsing.
pub fn check_limits(text: &str, limits: &Limits) -> Result<(), Diagnostic> {
    scan(text, limits).map(|_| ())
}

#[cfg(test)]
mod tests;
