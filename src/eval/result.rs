//! The result types of an evaluation: what the CLI, the service, Python and
//! the reports show (`Evaluation`, one `GoalResult` per goal, the `Leaf`s
//! each condition found, the `Need`s of a goal not met). Data only: the
//! explaining evaluator (`explain.rs`) and the probing (`needs.rs`) fill them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use super::engine::Threshold;
use super::{Status, Truth};
use crate::diag::{Diagnostic, Lang, Msg};
use crate::measure::Dim;
use crate::source::Span;
use crate::value::Value;

/// One measured condition and what it found: data only; `render` gives it
/// its words (`render::explain`), and its JSON (`render::json`).
#[derive(Clone, Debug)]
pub struct Leaf {
    /// The condition as written (white space collapsed).
    pub rule: String,
    /// Where it is written.
    pub span: Span,
    /// Its truth as of the evaluation date.
    pub truth: Truth,
    /// Facts read (`name` or `name[year]`), with their values (`None`: not reported).
    pub facts: Vec<(String, Option<Value>)>,
    /// The computed value of the measured side.
    pub value: Option<Value>,
    /// What it was measured against.
    pub threshold: Threshold,
    /// The distance to the threshold (positive: room to spare).
    pub margin: Option<Margin>,
    /// Why pending or failed, when that needs saying.
    pub note: Option<Note>,
}

/// The distance from a leaf's value to its threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Margin {
    /// An amount in the measure's base unit (positive: room to spare).
    Amount(Decimal, Dim),
    /// Days from the delivery to the end of the deadline.
    Days(i64),
}

/// Why a leaf has the truth it has, when the values alone do not say.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// A fact is not reported; it is due by this date.
    Awaiting(NaiveDate),
    /// A fact was not reported by this deadline.
    NotReported(NaiveDate),
    /// The measure is not reached yet; the deadline is this date.
    NotReached(NaiveDate),
    /// The delivery date reported lies after the as-of date.
    AfterAsOf,
    /// A runtime error: its title and label.
    Failed(Msg, Msg),
}

/// A sub-goal's outcome.
#[derive(Clone, Debug)]
pub struct SubgoalResult {
    /// `a`, `b`, …
    pub id: String,
    /// The title.
    pub title: Option<String>,
    /// Status.
    pub status: Status,
    /// The conditions measured.
    pub explanation: Vec<Leaf>,
}

/// A goal's outcome.
#[derive(Clone, Debug)]
pub struct GoalResult {
    /// `7`, `3.1`
    pub id: String,
    /// The title.
    pub title: Option<String>,
    /// The section.
    pub section: Option<String>,
    /// Status (after any override).
    pub status: Status,
    /// The status the rules gave, when an override replaced it.
    pub overridden: Option<OverrideInfo>,
    /// Why dropped, when dropped.
    pub dropped_reason: Option<String>,
    /// Weight in the total, in pct. points (100/N by default).
    pub weight: Decimal,
    /// Points earned toward the total.
    pub score: Decimal,
    /// Sub-goals.
    pub subgoals: Vec<SubgoalResult>,
    /// Conditions measured directly by the goal.
    pub explanation: Vec<Leaf>,
    /// How the goal combines its sub-goals (its `mål:` line; every one
    /// without it): what decides whether the needs below are joined by
    /// "og", "eller" or "mindst n af".
    pub combination: Combination,
    /// For a goal measured over the whole period (`opgøres ultimo`) that the
    /// facts do not cover yet: the period's end it waits for, and what the
    /// figures so far give.
    pub awaiting: Option<Awaiting>,
    /// `målår 2022`: a target for a later year than the plan's period,
    /// shown and tracked but out of this year's score.
    pub target_year: Option<i32>,
    /// What the goal needs to be met, for a goal that is neither met, dropped
    /// nor overridden (see `eval::needs`); empty when no one fact can make it
    /// met on its own, or when not worked out ([`evaluate`] alone leaves it empty).
    pub needed: Vec<Need>,
}

/// A goal measured over the whole period, waiting for a report that covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Awaiting {
    /// The period's end.
    pub end: NaiveDate,
    /// The status the figures so far would give (not final).
    pub now: Status,
}

/// How a goal combines its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Combination {
    /// Every part (the default, `all(…)`, `a og b`).
    All,
    /// Any one part (`any(…)`, `a eller b`).
    Any,
    /// At least this many parts (`atleast(n, …)`).
    AtLeast(usize),
    /// Another expression over the sub-goals (`not`, nested).
    Other,
}

impl Combination {
    /// The combination of a compiled goal.
    pub fn of(goal: &super::compile::Goal) -> Combination {
        use super::compile::Comb;
        match &goal.combine {
            None | Some(Comb::All(_)) => Combination::All,
            Some(Comb::Any(_)) => Combination::Any,
            Some(Comb::AtLeast(n, _)) => Combination::AtLeast(*n),
            Some(_) => Combination::Other,
        }
    }
}

/// A discretionary override, as shown in reports.
#[derive(Clone, Debug)]
pub struct OverrideInfo {
    /// The status the rules gave.
    pub rule_status: Status,
    /// The reason recorded.
    pub reason: String,
}

/// The plan's total.
#[derive(Clone, Debug)]
pub struct Total {
    /// Samlet målopfyldelse in pct., exact.
    pub score: Decimal,
    /// The most the total can still reach if every pending goal is met.
    pub max_reachable: Decimal,
}

/// A whole evaluation.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The JSON schema version of this structure.
    pub schema_version: u32,
    /// The plan title.
    pub plan: String,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Goals in plan order.
    pub goals: Vec<GoalResult>,
    /// The total.
    pub total: Total,
    /// Rules that could not be evaluated (division by zero, overflow, …).
    pub errors: Vec<Diagnostic>,
    /// What was skipped in the facts, located in the facts file: a name the
    /// plan does not use, with the closest it does (W0201).
    pub warnings: Vec<FactWarning>,
    /// The language its words are in (`render` says it in this language).
    pub lang: Lang,
}

impl Evaluation {
    /// Each goal's score rounded to two decimals so that the shown parts add
    /// up to the shown total (largest remainder), as every report prints them.
    pub fn shown_scores(&self) -> Vec<Decimal> {
        let scores: Vec<Decimal> = self.goals.iter().map(|g| g.score).collect();
        crate::value::rounded_parts(&scores, 2)
    }
}

/// A warning about the facts an evaluation was given.
#[derive(Clone, Debug)]
pub struct FactWarning {
    /// `W0201`
    pub code: String,
    /// `faktum \`stikprøvekontroler\` bruges ikke af planen`
    pub message: String,
    /// `mente du \`stikprøvekontroller\`?`
    pub hint: Option<String>,
    /// The facts file, and the line and column (from 1) in it, when known.
    pub file: Option<String>,
    /// The line (from 1), when known.
    pub line: Option<usize>,
    /// The column (from 1, in characters), when known.
    pub column: Option<usize>,
}

impl FactWarning {
    /// `diagnostics`, located in `source` (the facts file) when they have a place.
    pub fn all(diagnostics: &[Diagnostic], source: Option<&crate::source::Source>, lang: Lang) -> Vec<FactWarning> {
        // One index of the lines for them all: a file may have 100 000 of them.
        let index = source.map(|s| crate::source::LineIndex::new(&s.text));
        diagnostics
            .iter()
            .map(|d| {
                let at = d.span.zip(index.as_ref()).map(|(span, i)| i.line_col(span.start));
                FactWarning::at(d, source, at, lang)
            })
            .collect()
    }

    fn at(
        diagnostic: &Diagnostic,
        source: Option<&crate::source::Source>,
        at: Option<(usize, usize)>,
        lang: Lang,
    ) -> FactWarning {
        FactWarning {
            code: diagnostic.code.to_string(),
            message: diagnostic.title.get(lang).to_string(),
            hint: diagnostic.hint.as_ref().map(|h| h.get(lang).to_string()),
            file: source.map(|s| s.name.clone()),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    }
}

/// One fact a goal that is not met needs: a window of values (or days) in
/// which the goal is met with the other facts as they are, or a report that
/// has not come in. Data only: `render::explain::need_text` says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    /// The fact: `realiseret`, `frafald[2024]`.
    pub fact: String,
    /// Its value as reported; `None` when it is not reported.
    pub now: Option<Value>,
    /// The date it is due by, while it is still to come (the goal's deadline,
    /// else the plan period's end; for a fact not reported, the first
    /// condition on it that falls due).
    pub deadline: Option<NaiveDate>,
    /// The windows in which the goal is met, nearest first.
    pub windows: Vec<Window>,
    /// Whether a window meets the goal with only this fact changed; when
    /// not, the change is necessary but other facts must change too, and the
    /// windows are those in which [`Need::subgoal`] (or the goal's own
    /// condition on the fact) holds.
    pub alone: bool,
    /// The sub-goal the windows make hold, when the fact cannot meet the
    /// goal alone and sits in one.
    pub subgoal: Option<String>,
}

/// A window of values or days in which a goal is met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The lowest value (a Decimal in the fact's base unit, as a string),
    /// the first day (`YYYY-MM-DD`), or for a yes/no fact `true`/`false`;
    /// `null`: no lower end.
    pub from: Option<String>,
    /// The highest value or the last day; `null`: no upper end.
    pub to: Option<String>,
    /// What the window is, for its words.
    pub shape: Shape,
}

impl Window {
    /// Whether the window is said for a sub-goal, or names the sub-goals
    /// that hold in it (it does not meet the goal by the fact alone).
    pub fn names_subgoal(&self) -> bool {
        match &self.shape {
            Shape::Answer { subgoal, .. } => subgoal.is_some(),
            Shape::Days { .. } => false,
            Shape::Amount { subgoal, holding, .. } => subgoal.is_some() || !holding.is_empty(),
        }
    }
}

/// What a [`Window`] holds, as data for its words.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// A yes/no fact with the other answer (`to`), for the sub-goal named.
    Answer {
        /// The answer that meets it.
        to: bool,
        /// The sub-goal it makes hold, when the fact cannot meet the goal alone.
        subgoal: Option<String>,
    },
    /// Days: from `low` to `high` (either open), `days` later or earlier.
    Days {
        /// The first day (`None`: open).
        low: Option<NaiveDate>,
        /// The last day (`None`: open).
        high: Option<NaiveDate>,
        /// Whether the window lies after the reported day.
        later: bool,
        /// How many days from the reported day to the window's nearest end.
        days: i64,
    },
    /// Amounts from `low` to `high` (either open) in `dim`, `change` more or
    /// less than now; for the sub-goal named, or with the sub-goals that hold
    /// in it when the goal's `mål:` line is met without all of them.
    Amount {
        /// The lowest value, in base units.
        low: Option<Decimal>,
        /// The highest value, in base units.
        high: Option<Decimal>,
        /// The measure.
        dim: Dim,
        /// How far the nearest end is from the value now.
        change: Decimal,
        /// Whether the window lies above the value now.
        up: bool,
        /// The sub-goal the window makes hold.
        subgoal: Option<String>,
        /// The sub-goals that hold in it (empty: not worth saying).
        holding: Vec<String>,
    },
}
