//! Evaluation of a compiled plan ([`Program`](crate::eval::compile::Program))
//! against facts, as of a date.
//!
//! One evaluator (`engine`) decides every truth, status and score; it is
//! generic over what it records. [`evaluate_into`] is its trace-free
//! instance (statuses, scores and the total, no allocation per evaluation);
//! [`evaluate`] its explaining instance (every condition with the facts it
//! read, values, thresholds, margins and notes, and the runtime errors as
//! diagnostics). `render` shows evaluations to people.
//!
//! Three-valued (Kleene) logic: a missing fact is unknown; `any(true, ?)` is
//! true and `all(false, ?)` is false. Before a goal's deadline an unknown or a
//! not-yet-reached measure is pending (`afventer`); after it, a missing
//! delivery is a failure.

use serde::Serialize;

pub mod compile;
pub(crate) mod engine;
mod explain;
pub mod margin;
pub mod needs;
mod result;

pub use engine::{bind, evaluate_into, slot_of, Bound, Outcome, Threshold};
pub use explain::{evaluate, evaluate_expr, ExprResult};
pub use result::{
    Awaiting, Combination, Evaluation, FactWarning, GoalResult, Leaf, Margin, Need, Note, OverrideInfo, Shape,
    SubgoalResult, Total, Window,
};

/// Kleene truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Not known yet.
    Unknown,
    /// Cannot be known: evaluating it raised a runtime error (division by
    /// zero, overflow, values that cannot be compared). Unlike `Unknown` it
    /// will not resolve by itself, so it wins over `Unknown` in `all`/`any`;
    /// a part that decides alone still decides: `any(error, true)` is true,
    /// `all(error, false)` is false.
    Error,
}

impl Truth {
    pub(crate) fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    /// Kleene conjunction; an error wins over unknown, false over both.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Error, _) | (_, Truth::Error) => Truth::Error,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    /// Kleene disjunction.
    pub fn or(self, other: Truth) -> Truth {
        self.negate().and(other.negate()).negate()
    }

    /// Kleene negation.
    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
            Truth::Error => Truth::Error,
        }
    }

    /// At least `n` of `truths` hold.
    pub fn at_least(n: usize, truths: &[Truth]) -> Truth {
        let count = |truth: Truth| truths.iter().filter(|t| **t == truth).count();
        Truth::at_least_of(n, count(Truth::True), count(Truth::Unknown), count(Truth::Error))
    }

    /// At least `n` hold, of which `yes` are known to, `maybe` unknown and
    /// `errors` in error: true when enough hold, false when not enough could
    /// even if every unknown and error turned out true, else an error when
    /// any part is one (it will not resolve), else unknown.
    pub fn at_least_of(n: usize, yes: usize, maybe: usize, errors: usize) -> Truth {
        if yes >= n {
            Truth::True
        } else if yes + maybe + errors < n {
            Truth::False
        } else if errors > 0 {
            Truth::Error
        } else {
            Truth::Unknown
        }
    }
}

/// A goal's or sub-goal's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// `opfyldt`
    Met,
    /// `delvist opfyldt` (partial scoring only)
    PartlyMet,
    /// `ikke opfyldt`
    NotMet,
    /// `afventer`
    Pending,
    /// `udgået`: dropped by agreement, out of the denominator.
    Dropped,
    /// `fejl`: the rule could not be evaluated (see the diagnostics).
    Error,
}

impl Status {
    pub(crate) fn of(truth: Truth) -> Status {
        match truth {
            Truth::True => Status::Met,
            Truth::False => Status::NotMet,
            Truth::Unknown => Status::Pending,
            Truth::Error => Status::Error,
        }
    }
}
