//! An evaluation as JSON: the schema `maal eval --format json`, the service,
//! Python and the portfolio print (`schema_version` 4). The evaluator's
//! result types are data only; these are their wire form, with every value
//! in words in the evaluation's language, and the only types the OpenAPI
//! document describes them by (they keep the result types' names).
//!
//! `impl Serialize for eval::Evaluation` goes through them, so
//! `serde_json::to_string(&evaluation)` prints this schema.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Lang;
use crate::eval::{self, Status, Truth};
use crate::source::Span;

/// One measured condition and what it found.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Leaf {
    /// The condition as written.
    pub rule: String,
    /// Where it is written.
    #[cfg_attr(feature = "serve", schema(value_type = schema::Span))]
    pub span: Span,
    /// Its truth as of the evaluation date.
    #[cfg_attr(feature = "serve", schema(value_type = schema::Truth))]
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
    #[cfg_attr(feature = "serve", schema(value_type = schema::Status))]
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
    #[cfg_attr(feature = "serve", schema(value_type = schema::Status))]
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
    /// For a goal measured over the whole period (`opgøres ultimo`) that the
    /// facts do not cover yet: the period's end it waits for (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaits_period_end: Option<NaiveDate>,
    /// `målår 2022`: a target for a later year, out of this year's score (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// With `awaits_period_end`: the status the figures so far would give (not final).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "serve", schema(value_type = Option<schema::Status>))]
    pub status_so_far: Option<Status>,
    /// What the goal needs to be met, for a goal that is neither met, dropped
    /// nor overridden (see `eval::needs`); empty when no one fact can make it
    /// met on its own, or when not worked out ([`evaluate`] alone leaves it empty).
    pub needed: Vec<Need>,
}

/// How a goal combines its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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

/// A discretionary override, as shown in reports.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct OverrideInfo {
    /// The status the rules gave.
    #[cfg_attr(feature = "serve", schema(value_type = schema::Status))]
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
    /// What was skipped in the facts, located in the facts file: a name the
    /// plan does not use, with the closest it does (W0201).
    pub warnings: Vec<FactWarning>,
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
    #[allow(missing_docs)]
    pub line: Option<usize>,
    #[allow(missing_docs)]
    pub column: Option<usize>,
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

impl Evaluation {
    /// The wire form of `evaluation`, in its language.
    pub fn of(evaluation: &eval::Evaluation) -> Evaluation {
        let lang = evaluation.lang;
        let mut counts = BTreeMap::new();
        for g in &evaluation.goals {
            *counts.entry(g.status.word(Lang::Da).to_string()).or_insert(0) += 1;
        }
        Evaluation {
            schema_version: 4,
            plan: evaluation.plan.clone(),
            as_of: evaluation.as_of,
            goals: evaluation.goals.iter().map(|g| GoalResult::of(g, lang)).collect(),
            total: Total { score: evaluation.total.score, max_reachable: evaluation.total.max_reachable, counts },
            warnings: evaluation.warnings.iter().map(FactWarning::of).collect(),
        }
    }
}

impl GoalResult {
    /// The wire form of `goal`, in `lang`.
    pub fn of(goal: &eval::GoalResult, lang: Lang) -> GoalResult {
        let leaves = |l: &[eval::Leaf]| l.iter().map(|l| Leaf::of(l, lang)).collect();
        GoalResult {
            id: goal.id.clone(),
            title: goal.title.clone(),
            section: goal.section.clone(),
            status: goal.status,
            overridden: goal
                .overridden
                .as_ref()
                .map(|o| OverrideInfo { rule_status: o.rule_status, reason: o.reason.clone() }),
            dropped_reason: goal.dropped_reason.clone(),
            weight: goal.weight,
            score: goal.score,
            subgoals: goal
                .subgoals
                .iter()
                .map(|s| SubgoalResult {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    status: s.status,
                    explanation: leaves(&s.explanation),
                })
                .collect(),
            explanation: leaves(&goal.explanation),
            combination: match goal.combination {
                eval::Combination::All => Combination::All,
                eval::Combination::Any => Combination::Any,
                eval::Combination::AtLeast(n) => Combination::AtLeast(n),
                eval::Combination::Other => Combination::Other,
            },
            awaits_period_end: goal.awaiting.map(|a| a.end),
            status_so_far: goal.awaiting.map(|a| a.now),
            target_year: goal.target_year,
            needed: goal.needed.iter().map(|n| Need::of(n, lang)).collect(),
        }
    }
}

impl Leaf {
    /// The wire form of `leaf`, in `lang`.
    pub fn of(leaf: &eval::Leaf, lang: Lang) -> Leaf {
        Leaf {
            rule: leaf.rule.clone(),
            span: leaf.span,
            truth: leaf.truth,
            facts: leaf.facts_text(lang),
            value: leaf.value_text(lang),
            threshold: leaf.threshold_text(lang),
            margin: leaf.margin_text(lang),
            note: leaf.note_text(lang),
        }
    }
}

impl Need {
    /// The wire form of `need`, in `lang`.
    pub fn of(need: &eval::Need, lang: Lang) -> Need {
        Need {
            fact: need.fact.clone(),
            now: need.now_text(lang),
            deadline: need.deadline,
            windows: need
                .windows
                .iter()
                .map(|w| Window { from: w.from.clone(), to: w.to.clone(), text: w.text(lang) })
                .collect(),
            alone: need.alone,
            subgoal: need.subgoal.clone(),
            text: need.text(lang),
        }
    }
}

impl FactWarning {
    fn of(warning: &eval::FactWarning) -> FactWarning {
        FactWarning {
            code: warning.code.clone(),
            message: warning.message.clone(),
            hint: warning.hint.clone(),
            file: warning.file.clone(),
            line: warning.line,
            column: warning.column,
        }
    }
}

/// The OpenAPI schemas of the three core types the JSON holds as they are
/// (their serde names are the wire names): written here, beside the JSON, so
/// the core types carry no derive of the service's. A test in `serve` holds
/// each to what serde writes.
#[cfg(feature = "serve")]
pub(crate) mod schema {
    #![allow(dead_code)] // only their schemas are used

    /// Kleene truth.
    #[derive(utoipa::ToSchema)]
    #[schema(rename_all = "lowercase")]
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

    /// A goal's or sub-goal's status.
    #[derive(utoipa::ToSchema)]
    #[schema(rename_all = "snake_case")]
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

    /// A half-open byte range `start..end` into one source text.
    #[derive(utoipa::ToSchema)]
    pub struct Span {
        /// Offset of the first byte.
        pub start: usize,
        /// Offset one past the last byte.
        pub end: usize,
    }
}

impl Serialize for eval::Evaluation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Evaluation::of(self).serialize(serializer)
    }
}
