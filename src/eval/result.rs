//! The result types of an evaluation: what the CLI, the service, Python and
//! the reports show (`Evaluation`, one `GoalResult` per goal, the `Leaf`s
//! each condition found, the `Need`s of a goal not met). Data only: the
//! explaining evaluator (`explain.rs`) and the probing (`needs.rs`) fill them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Status, Truth};
use crate::diag::{Diagnostic, Lang};
use crate::source::Span;

/// One measured condition and what it found.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Leaf {
    /// The condition as written.
    pub rule: String,
    /// Where it is written.
    pub span: Span,
    /// Its truth as of the evaluation date.
    pub truth: Truth,
    /// Facts read, with their values (`None`: not reported), as `[name, value]` pairs.
    #[cfg_attr(feature = "serve", schema(value_type = Vec<Vec<String>>))]
    pub facts: Vec<(String, Option<String>)>,
    /// The computed value of the measured side.
    pub value: Option<String>,
    /// The threshold or deadline.
    pub threshold: Option<String>,
    /// The distance to the threshold (positive: room to spare).
    pub margin: Option<String>,
    /// A plain note: why pending, why failed.
    pub note: Option<String>,
}

/// A sub-goal's outcome.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
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
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
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
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String, example = "14.285714285714285714285714286"))]
    pub weight: Decimal,
    /// Points earned toward the total.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String, example = "14.285714285714285714285714286"))]
    pub score: Decimal,
    /// Sub-goals.
    pub subgoals: Vec<SubgoalResult>,
    /// Conditions measured directly by the goal.
    pub explanation: Vec<Leaf>,
    /// How the goal combines its sub-goals (its `mål:` line; every one
    /// without it): what decides whether the needs below are joined by
    /// "og", "eller" or "mindst n af".
    pub combination: Combination,
    /// What the goal needs to be met, for a goal that is neither met, dropped
    /// nor overridden (see `eval::needs`); empty when no one fact can make it
    /// met on its own, or when not worked out ([`evaluate`] alone leaves it empty).
    pub needed: Vec<Need>,
}

/// How a goal combines its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct OverrideInfo {
    /// The status the rules gave.
    pub rule_status: Status,
    /// The reason recorded.
    pub reason: String,
}

/// The plan's total.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Total {
    /// Samlet målopfyldelse in pct., exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String, example = "14.285714285714285714285714286"))]
    pub score: Decimal,
    /// The most the total can still reach if every pending goal is met.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String, example = "14.285714285714285714285714286"))]
    pub max_reachable: Decimal,
    /// Goals per status word.
    pub counts: BTreeMap<String, usize>,
}

/// A whole evaluation.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
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
    #[serde(skip)]
    pub errors: Vec<Diagnostic>,
    /// What was skipped in the facts, located in the facts file: a name the
    /// plan does not use, with the closest it does (W0201).
    pub warnings: Vec<FactWarning>,
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
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct FactWarning {
    /// `W0201`
    pub code: String,
    /// `faktum \`stikprøvekontroler\` bruges ikke af planen`
    pub message: String,
    /// `mente du \`stikprøvekontroller\`?`
    pub hint: Option<String>,
    /// The facts file, and the line and column (from 1) in it, when known.
    pub file: Option<String>,
    pub line: Option<usize>,
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
/// has not come in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Need {
    /// The fact: `realiseret`, `frafald[2024]`.
    pub fact: String,
    /// Its value as reported, in words; `null` when it is not reported.
    pub now: Option<String>,
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
    /// All of it in words: `realiseret: mellem 43.200.000 kr. og 45.200.000
    /// kr. (1.200.000 kr. mere); nu 42.000.000 kr.`
    pub text: String,
}

/// A window of values or days in which a goal is met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Window {
    /// The lowest value (a Decimal in the fact's base unit, as a string),
    /// the first day (`YYYY-MM-DD`), or for a yes/no fact `true`/`false`;
    /// `null`: no lower end.
    pub from: Option<String>,
    /// The highest value or the last day; `null`: no upper end.
    pub to: Option<String>,
    /// The window in words: `mellem 43,2 og 45,2 mio. kr. (1,2 mio. kr. mere)`.
    pub text: String,
}
