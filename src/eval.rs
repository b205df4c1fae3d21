//! Evaluation of a compiled plan ([`Program`]) against validated facts, as of a date.
//!
//! Three-valued (Kleene) logic: a missing fact is unknown; `any(true, ?)` is
//! true and `all(false, ?)` is false. Before a goal's deadline an unknown or a
//! not-yet-reached measure is pending (`afventer`); after it, a missing
//! delivery is a failure. Every leaf records what it read and how far it is
//! from its threshold.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::compile::{self, Comb, Cond, CondKind, Program, Val, ValKind};
use crate::diag::{Diagnostic, Lang, Msg};
use crate::facts::{FactValues, Facts};
use crate::source::Span;
use crate::syntax::ast::{ArithOp, CmpOp, DeadlineOp, Scoring};
use crate::value::{format_date, format_quantity, format_score, TimeSpan, Value};

/// Kleene truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
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
    fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    /// The truth in words: sand/falsk/ukendt.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Truth::True, Lang::Da) => "sand",
            (Truth::False, Lang::Da) => "falsk",
            (Truth::Unknown, Lang::Da) => "ukendt",
            (Truth::Error, Lang::Da) => "fejl",
            (Truth::True, Lang::En) => "true",
            (Truth::False, Lang::En) => "false",
            (Truth::Unknown, Lang::En) => "unknown",
            (Truth::Error, Lang::En) => "error",
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
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
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
    /// The status word.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Met, Lang::Da) => "opfyldt",
            (Status::PartlyMet, Lang::Da) => "delvist opfyldt",
            (Status::NotMet, Lang::Da) => "ikke opfyldt",
            (Status::Pending, Lang::Da) => "afventer",
            (Status::Dropped, Lang::Da) => "udgået",
            (Status::Error, Lang::Da) => "fejl",
            (Status::Met, Lang::En) => "met",
            (Status::PartlyMet, Lang::En) => "partly met",
            (Status::NotMet, Lang::En) => "not met",
            (Status::Pending, Lang::En) => "pending",
            (Status::Dropped, Lang::En) => "dropped",
            (Status::Error, Lang::En) => "error",
        }
    }

    fn of(truth: Truth) -> Status {
        match truth {
            Truth::True => Status::Met,
            Truth::False => Status::NotMet,
            Truth::Unknown => Status::Pending,
            Truth::Error => Status::Error,
        }
    }
}

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
}

/// Evaluates a compiled plan against validated fact values as of `as_of`.
/// Fact values must be validated against the plan ([`Facts::validate`]);
/// drops and overrides come from `facts`.
pub fn evaluate(program: &Program, facts: &Facts, values: &FactValues, as_of: NaiveDate, lang: Lang) -> Evaluation {
    program.on_enough_stack(|| evaluate_on_this_stack(program, facts, values, as_of, lang))
}

fn evaluate_on_this_stack(
    program: &Program,
    facts: &Facts,
    values: &FactValues,
    as_of: NaiveDate,
    lang: Lang,
) -> Evaluation {
    let period = program.period.unwrap_or(TimeSpan::day(as_of));
    // Facts are read into slots once; the tree reads slots by index.
    let slots: Vec<Option<Value>> = program.slots.iter().map(|key| values.get(key).copied()).collect();
    let mut ctx = Ctx { program, slots, as_of, lang, deadline: period.end, leaves: Vec::new(), errors: Vec::new() };
    let mut goals = Vec::new();
    let mut raw_weights = Vec::new();
    let mut fulfilment = Vec::new();
    for goal in &program.goals {
        let (result, f) = eval_goal(goal, facts, period, program.scoring, &mut ctx);
        goals.push(result);
        raw_weights.push(goal.weight);
        fulfilment.push(f);
    }
    // Scores: 100 × w_i × f_i / Σ w over goals not dropped.
    let live: Decimal = goals
        .iter()
        .zip(&raw_weights)
        .filter(|(g, _)| g.status != Status::Dropped)
        .fold(Decimal::ZERO, |acc, (_, w)| acc.saturating_add(*w));
    // FIXME: weights whose sum exceeds Decimal's range saturate; the checker should bound weights instead.
    let mut earned = Decimal::ZERO;
    let mut possible = Decimal::ZERO;
    for ((goal, w), f) in goals.iter_mut().zip(&raw_weights).zip(&fulfilment) {
        if goal.status == Status::Dropped || live.is_zero() {
            continue;
        }
        let share = Decimal::ONE_HUNDRED.checked_mul(*w).and_then(|x| x.checked_div(live)).unwrap_or_default();
        goal.weight = share;
        goal.score = share.checked_mul(*f).unwrap_or_default();
        let got = w.checked_mul(*f).unwrap_or_default();
        earned = earned.saturating_add(got);
        possible = possible.saturating_add(if goal.status == Status::Pending { *w } else { got });
    }
    // The total is computed once from the sums, so 6 of 7 is exactly 600/7.
    let percent_of = |x: Decimal| {
        if live.is_zero() {
            Decimal::ZERO
        } else {
            Decimal::ONE_HUNDRED.checked_mul(x).and_then(|y| y.checked_div(live)).unwrap_or_default()
        }
    };
    let (total, reachable) = (percent_of(earned), percent_of(possible));
    let mut counts = BTreeMap::new();
    for g in &goals {
        *counts.entry(g.status.word(Lang::Da).to_string()).or_insert(0) += 1;
    }
    Evaluation {
        schema_version: 2,
        plan: program.title.clone(),
        as_of,
        goals,
        total: Total { score: total, max_reachable: reachable, counts },
        errors: ctx.errors,
    }
}

struct Ctx<'a> {
    program: &'a Program,
    slots: Vec<Option<Value>>,
    as_of: NaiveDate,
    lang: Lang,
    deadline: NaiveDate,
    leaves: Vec<Leaf>,
    errors: Vec<Diagnostic>,
}

fn eval_goal(
    goal: &compile::Goal,
    facts: &Facts,
    period: TimeSpan,
    scoring: Scoring,
    ctx: &mut Ctx<'_>,
) -> (GoalResult, Decimal) {
    let id = goal.id.clone();
    ctx.deadline = goal.deadline.unwrap_or(period.end);
    let mut subgoals = Vec::new();
    let mut sub_truths: Vec<Option<Truth>> = Vec::new();
    for sub in &goal.subgoals {
        let dropped = facts.drops.iter().any(|d| d.goal == id && d.subgoal.as_deref() == Some(&sub.name));
        ctx.leaves.clear();
        let truth = eval_cond(&sub.cond, ctx);
        sub_truths.push(if dropped { None } else { Some(truth) });
        subgoals.push(SubgoalResult {
            id: sub.name.clone(),
            title: sub.title.clone(),
            status: if dropped { Status::Dropped } else { Status::of(truth) },
            explanation: std::mem::take(&mut ctx.leaves),
        });
    }
    let mut direct = Vec::new();
    let mut conditions = Vec::new();
    for cond in &goal.conditions {
        ctx.leaves.clear();
        conditions.push(eval_cond(cond, ctx));
        direct.append(&mut ctx.leaves);
    }
    let truth: Option<Truth> = match &goal.combine {
        Some(comb) => combine_truth(comb, &sub_truths),
        None => {
            let all: Vec<Truth> = sub_truths.iter().flatten().copied().chain(conditions.iter().copied()).collect();
            (!all.is_empty()).then(|| all.iter().fold(Truth::True, |a, b| a.and(*b)))
        }
    };
    let drop = facts.drops.iter().find(|d| d.goal == id && d.subgoal.is_none());
    let mut status = match (drop, truth) {
        (Some(_), _) | (None, None) => Status::Dropped,
        (None, Some(t)) => Status::of(t),
    };
    let mut fulfilment = if status == Status::Met { Decimal::ONE } else { Decimal::ZERO };
    if scoring == Scoring::Partial && status != Status::Met && !subgoals.is_empty() {
        let live: Vec<_> = subgoals.iter().filter(|s| s.status != Status::Dropped).collect();
        let met = live.iter().filter(|s| s.status == Status::Met).count();
        if met > 0 && !live.is_empty() {
            fulfilment = Decimal::from(met) / Decimal::from(live.len());
            if status == Status::NotMet {
                status = Status::PartlyMet;
            }
        }
    }
    let mut overridden = None;
    if let Some(o) = facts.overrides.iter().find(|o| o.goal == id) {
        if status != Status::Dropped {
            overridden = Some(OverrideInfo { rule_status: status, reason: o.reason.clone() });
            status = if o.met { Status::Met } else { Status::NotMet };
            fulfilment = if o.met { Decimal::ONE } else { Decimal::ZERO };
        }
    }
    let result = GoalResult {
        id,
        title: goal.title.clone(),
        section: goal.section.clone(),
        status,
        overridden,
        dropped_reason: drop.map(|d| d.reason.clone()),
        weight: Decimal::ZERO,
        score: Decimal::ZERO,
        subgoals,
        explanation: direct,
    };
    (result, fulfilment)
}

/// The `mål:` line over sub-goal truths; `None` for a dropped sub-goal, which
/// leaves the combination it is in.
fn combine_truth(comb: &Comb, subs: &[Option<Truth>]) -> Option<Truth> {
    let many = |parts: &[Comb]| -> Vec<Truth> { parts.iter().filter_map(|p| combine_truth(p, subs)).collect() };
    match comb {
        Comb::Sub(i) => subs.get(*i).copied().flatten(),
        Comb::Const(b) => Some(Truth::from_bool(*b)),
        Comb::Not(c) => combine_truth(c, subs).map(Truth::negate),
        Comb::All(parts) => {
            let ts = many(parts);
            (!ts.is_empty()).then(|| ts.iter().fold(Truth::True, |a, b| a.and(*b)))
        }
        Comb::Any(parts) => {
            let ts = many(parts);
            (!ts.is_empty()).then(|| ts.iter().fold(Truth::False, |a, b| a.or(*b)))
        }
        Comb::AtLeast(n, parts) => {
            let ts = many(parts);
            (!ts.is_empty()).then(|| Truth::at_least((*n).min(ts.len()), &ts))
        }
    }
}

/// Evaluates a condition, recording leaves.
fn eval_cond(cond: &Cond, ctx: &mut Ctx<'_>) -> Truth {
    match &cond.kind {
        CondKind::All(parts) => parts.iter().map(|p| eval_cond(p, ctx)).fold(Truth::True, Truth::and),
        CondKind::Any(parts) => parts.iter().map(|p| eval_cond(p, ctx)).fold(Truth::False, Truth::or),
        CondKind::AtLeast(n, parts) => {
            let ts: Vec<Truth> = parts.iter().map(|p| eval_cond(p, ctx)).collect();
            Truth::at_least(*n, &ts)
        }
        CondKind::Not(c) => eval_cond(c, ctx).negate(),
        CondKind::Const(b) => Truth::from_bool(*b),
        _ => eval_leaf(cond, ctx),
    }
}

fn eval_leaf(cond: &Cond, ctx: &mut Ctx<'_>) -> Truth {
    let lang = ctx.lang;
    let mut leaf = Leaf {
        rule: ctx.program.source.slice(cond.span).split_whitespace().collect::<Vec<_>>().join(" "),
        span: cond.span,
        truth: Truth::Unknown,
        facts: Vec::new(),
        value: None,
        threshold: None,
        margin: None,
        note: None,
    };
    collect_facts_cond(cond, ctx, &mut leaf.facts);
    let deadline = ctx.deadline;
    let before_deadline = ctx.as_of <= deadline;
    let as_of = ctx.as_of;
    let missing = |leaf: &mut Leaf, deadline: NaiveDate| -> Truth {
        let when = format_date(deadline, lang);
        if as_of <= deadline {
            leaf.note = Some(msg(
                lang,
                &format!("afventer indberetning; frist {when}"),
                &format!("awaiting report; deadline {when}"),
            ));
            Truth::Unknown
        } else {
            leaf.note = Some(msg(
                lang,
                &format!("ikke indberettet inden fristen {when}"),
                &format!("not reported by the deadline {when}"),
            ));
            Truth::False
        }
    };
    let truth = match &cond.kind {
        CondKind::Deadline(op, value, time) => {
            let end = time.end;
            leaf.threshold = Some(time.describe(lang));
            match eval_value(value, ctx) {
                Ok(Some(Value::Date { value: date })) if date <= ctx.as_of => {
                    leaf.value = Some(format_date(date, lang));
                    let ok = match op {
                        DeadlineOp::By => date <= end,
                        DeadlineOp::Within => time.contains(date),
                    };
                    let days = (end - date).num_days();
                    leaf.margin = Some(msg(lang, &format!("{days} dage"), &format!("{days} days")));
                    Truth::from_bool(ok)
                }
                Ok(Some(Value::Date { value: date })) => {
                    leaf.value = Some(format_date(date, lang));
                    leaf.note = Some(msg(
                        lang,
                        "leveringsdatoen ligger efter opgørelsesdatoen",
                        "the delivery date is after the as-of date",
                    ));
                    if ctx.as_of <= end {
                        Truth::Unknown
                    } else {
                        Truth::False
                    }
                }
                Ok(_) => missing(&mut leaf, end),
                Err(()) => failed(&mut leaf, ctx),
            }
        }
        CondKind::Compare(op, a, b) => match (eval_value(a, ctx), eval_value(b, ctx)) {
            (Err(()), _) | (_, Err(())) => failed(&mut leaf, ctx),
            (Ok(None), _) | (_, Ok(None)) => missing(&mut leaf, deadline),
            (Ok(Some(x)), Ok(Some(y))) => match compare(*op, &x, &y, cond.span, ctx) {
                Some(ok) => {
                    leaf.value = Some(x.describe(lang));
                    leaf.threshold = Some(format!("{} {}", op.symbol(), y.describe(lang)));
                    if let (Value::Number { value: xv, dim }, Value::Number { value: yv, .. }) = (x, y) {
                        let margin = match op {
                            CmpOp::Le | CmpOp::Lt => yv.checked_sub(xv),
                            CmpOp::Ge | CmpOp::Gt => xv.checked_sub(yv),
                            _ => None,
                        };
                        leaf.margin = margin.map(|m| format_quantity(m, dim, lang));
                    }
                    not_yet(ok, before_deadline, deadline, &mut leaf, lang)
                }
                None => failed(&mut leaf, ctx),
            },
        },
        CondKind::Range(v, lo, hi) => match (eval_value(v, ctx), eval_value(lo, ctx), eval_value(hi, ctx)) {
            (Ok(Some(x)), Ok(Some(l)), Ok(Some(h))) => {
                let a = compare(CmpOp::Ge, &x, &l, lo.span, ctx);
                let b = compare(CmpOp::Le, &x, &h, hi.span, ctx);
                leaf.value = Some(x.describe(lang));
                leaf.threshold = Some(format!("{}..{}", l.describe(lang), h.describe(lang)));
                match (a, b) {
                    (Some(a), Some(b)) => not_yet(a && b, before_deadline, deadline, &mut leaf, lang),
                    _ => failed(&mut leaf, ctx),
                }
            }
            (Err(()), _, _) | (_, Err(()), _) | (_, _, Err(())) => failed(&mut leaf, ctx),
            (Ok(None), _, _) => missing(&mut leaf, deadline),
            _ => Truth::Unknown,
        },
        CondKind::Truthy(v) => match eval_value(v, ctx) {
            Ok(Some(Value::Bool { value })) => {
                leaf.value = Some(Value::Bool { value }.describe(lang));
                not_yet(value, before_deadline, deadline, &mut leaf, lang)
            }
            Ok(None) => missing(&mut leaf, deadline),
            Err(()) => failed(&mut leaf, ctx),
            Ok(Some(_)) => Truth::Unknown,
        },
        _ => Truth::Unknown,
    };
    leaf.truth = truth;
    ctx.leaves.push(leaf);
    truth
}

/// A condition whose evaluation raised the runtime error last recorded: in
/// error, with that error's message as its note.
fn failed(leaf: &mut Leaf, ctx: &Ctx<'_>) -> Truth {
    leaf.note = ctx.errors.last().map(|d| format!("{}: {}", d.title.get(ctx.lang), d.label.get(ctx.lang)));
    Truth::Error
}

/// A measure not (yet) reached before its deadline is pending, not failed.
fn not_yet(ok: bool, before_deadline: bool, deadline: NaiveDate, leaf: &mut Leaf, lang: Lang) -> Truth {
    if !ok && before_deadline {
        let when = format_date(deadline, lang);
        leaf.note =
            Some(msg(lang, &format!("endnu ikke nået; frist {when}"), &format!("not reached yet; deadline {when}")));
        return Truth::Unknown;
    }
    Truth::from_bool(ok)
}

fn msg(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

fn collect_facts_cond(cond: &Cond, ctx: &Ctx<'_>, out: &mut Vec<(String, Option<String>)>) {
    match &cond.kind {
        CondKind::Compare(_, a, b) => {
            collect_facts(a, ctx, out);
            collect_facts(b, ctx, out);
        }
        CondKind::Range(a, b, c) => {
            collect_facts(a, ctx, out);
            collect_facts(b, ctx, out);
            collect_facts(c, ctx, out);
        }
        CondKind::Deadline(_, v, _) | CondKind::Truthy(v) => collect_facts(v, ctx, out),
        _ => {}
    }
}

fn collect_facts(val: &Val, ctx: &Ctx<'_>, out: &mut Vec<(String, Option<String>)>) {
    match &val.kind {
        ValKind::Slot(i) => {
            let Some((name, year)) = ctx.program.slots.get(*i) else { return };
            let label = match year {
                Some(y) => format!("{name}[{y}]"),
                None => name.clone(),
            };
            if !out.iter().any(|(l, _)| *l == label) {
                out.push((label, ctx.slots.get(*i).copied().flatten().map(|v| v.describe(ctx.lang))));
            }
        }
        ValKind::Arith(_, a, b) => {
            collect_facts(a, ctx, out);
            collect_facts(b, ctx, out);
        }
        ValKind::Neg(a) | ValKind::Abs(a) => collect_facts(a, ctx, out),
        ValKind::Const(_) => {}
    }
}

/// Compares two values; `None` (with a diagnostic) when they can't be compared.
fn compare(op: CmpOp, x: &Value, y: &Value, span: Span, ctx: &mut Ctx<'_>) -> Option<bool> {
    let ordering = match (x, y) {
        (Value::Number { value: a, dim: da }, Value::Number { value: b, dim: db }) if da == db => {
            crate::value::cmp_decimal(a, b)
        }
        (Value::Date { value: a }, Value::Date { value: b }) => a.cmp(b),
        (Value::Bool { value: a }, Value::Bool { value: b }) => a.cmp(b),
        _ => {
            ctx.errors.push(Diagnostic::error(
                "E0210",
                Msg::new("værdierne kan ikke sammenlignes", "the values cannot be compared"),
                Some(span),
                Msg::new(
                    format!("{} mod {}", x.describe(Lang::Da), y.describe(Lang::Da)),
                    format!("{} against {}", x.describe(Lang::En), y.describe(Lang::En)),
                ),
            ));
            return None;
        }
    };
    Some(op.holds(ordering))
}

/// A value: `Ok(None)` when a fact it needs is missing; `Err` after a
/// recorded runtime error.
fn eval_value(val: &Val, ctx: &mut Ctx<'_>) -> Result<Option<Value>, ()> {
    Ok(Some(match &val.kind {
        ValKind::Const(v) => *v,
        ValKind::Slot(i) => return Ok(ctx.slots.get(*i).copied().flatten()),
        ValKind::Neg(e) | ValKind::Abs(e) => {
            let Some(Value::Number { value, dim }) = eval_value(e, ctx)? else { return Ok(None) };
            let value = if matches!(val.kind, ValKind::Neg(_)) { -value } else { value.abs() };
            Value::Number { value, dim }
        }
        ValKind::Arith(op, a, b) => {
            let (x, y) = (eval_value(a, ctx)?, eval_value(b, ctx)?);
            let (Some(Value::Number { value: x, dim: dx }), Some(Value::Number { value: y, dim: dy })) = (x, y) else {
                return Ok(None);
            };
            let Some(dim) = compile::arith_dim(*op, dx, dy) else {
                ctx.errors.push(Diagnostic::error(
                    "E0211",
                    Msg::new("enhederne passer ikke sammen", "units do not match"),
                    Some(val.span),
                    Msg::new(
                        format!("{} og {}", dx.describe().da, dy.describe().da),
                        format!("{} and {}", dx.describe().en, dy.describe().en),
                    ),
                ));
                return Err(());
            };
            if *op == ArithOp::Div && y.is_zero() {
                ctx.errors.push(
                    Diagnostic::error(
                        "E0205",
                        Msg::new("division med nul", "division by zero"),
                        Some(b.span),
                        Msg::new("denne værdi er 0", "this value is 0"),
                    )
                    .note(Msg::new(
                        "en relativ afvigelse kan ikke beregnes mod et budget på 0",
                        "a relative deviation cannot be computed against a budget of 0",
                    )),
                );
                return Err(());
            }
            let result = match op {
                ArithOp::Add => x.checked_add(y),
                ArithOp::Sub => x.checked_sub(y),
                ArithOp::Mul => x.checked_mul(y),
                ArithOp::Div => x.checked_div(y),
            };
            let Some(value) = result else {
                ctx.errors.push(Diagnostic::error(
                    "E0206",
                    Msg::new("talværdien løb over", "arithmetic overflow"),
                    Some(val.span),
                    Msg::new("resultatet er større end 28 cifre", "the result exceeds 28 digits"),
                ));
                return Err(());
            };
            Value::Number { value, dim }
        }
    }))
}

/// Evaluates an ad-hoc expression against fact values: a condition gives its
/// truth with the explanation, a value its amount. Names the plan does not
/// use are errors with a suggestion.
pub fn evaluate_expr(
    text: &str,
    expr: &crate::syntax::ast::Expr,
    program: &Program,
    known: &[&str],
    values: &FactValues,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<String, Vec<Diagnostic>> {
    let mut unknown = Vec::new();
    find_unknown(expr, known, &mut unknown);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut slots = program.slots.clone();
    let cond = compile::compile_expr(expr, &mut slots);
    let slot_values = slots.iter().map(|key| values.get(key).copied()).collect();
    // A program whose slot table includes any new names and whose source is
    // the expression, so explanations quote it.
    let mut with_slots = program.clone();
    with_slots.slots = slots;
    with_slots.source = crate::source::Source::new("<repl>", text);
    let period_end = program.period.map(|p| p.end).unwrap_or(as_of);
    let mut ctx = Ctx {
        program: &with_slots,
        slots: slot_values,
        as_of,
        lang,
        deadline: period_end,
        leaves: Vec::new(),
        errors: Vec::new(),
    };
    let out = compile::on_stack_for(crate::syntax::expr_depth(expr), || match &cond.kind {
        CondKind::Truthy(val) if !matches!(val.kind, ValKind::Slot(_)) || is_number(&ctx, val) => {
            match eval_value(val, &mut ctx) {
                Ok(Some(v)) => format!("{}\n", v.describe(lang)),
                Ok(None) => msg(lang, "ukendt (et faktum mangler)\n", "unknown (a fact is missing)\n"),
                Err(()) => String::new(),
            }
        }
        _ => {
            let truth = eval_cond(&cond, &mut ctx);
            let mut out = format!("{}\n", truth.word(lang));
            for leaf in &ctx.leaves {
                if let Some(v) = &leaf.value {
                    out.push_str(&format!("  {}: {v}", leaf.rule));
                    if let Some(m) = &leaf.margin {
                        out.push_str(&format!(", margin {m}"));
                    }
                    out.push('\n');
                }
                if let Some(n) = &leaf.note {
                    out.push_str(&format!("  {n}\n"));
                }
            }
            out
        }
    });
    if ctx.errors.is_empty() {
        Ok(out)
    } else {
        Err(ctx.errors)
    }
}

fn is_number(ctx: &Ctx<'_>, val: &Val) -> bool {
    match val.kind {
        ValKind::Slot(i) => matches!(ctx.slots.get(i), Some(Some(Value::Number { .. }))),
        _ => true,
    }
}

fn find_unknown(expr: &crate::syntax::ast::Expr, known: &[&str], out: &mut Vec<Diagnostic>) {
    use crate::syntax::ast::ExprKind as E;
    match &expr.kind {
        E::Name(n, _) if !known.contains(&n.as_str()) => out.push(
            Diagnostic::error(
                "E0202",
                Msg::new(format!("ukendt faktum `{n}`"), format!("unknown fact `{n}`")),
                Some(expr.span),
                Msg::new("planen bruger ikke dette faktum", "the plan does not use this fact"),
            )
            .maybe_hint(crate::diag::did_you_mean(n, known.iter().copied())),
        ),
        E::Or(p) | E::And(p) | E::Call(_, p) => p.iter().for_each(|e| find_unknown(e, known, out)),
        E::Not(e) | E::Neg(e) | E::Abs(e) | E::Deadline(_, e, _) => find_unknown(e, known, out),
        E::Compare(_, a, b) | E::Arith(_, a, b) => {
            find_unknown(a, known, out);
            find_unknown(b, known, out);
        }
        E::Range(a, b, c) => {
            find_unknown(a, known, out);
            find_unknown(b, known, out);
            find_unknown(c, known, out);
        }
        _ => {}
    }
}

/// A goal's explanation tree for people: every condition with the facts it
/// read, the value, the threshold, the margin and why it is pending or failed.
pub fn render_explanation(goal: &GoalResult, lang: Lang) -> String {
    let t = |da: &str, en: &str| Msg::new(da, en).get(lang).to_string();
    let mut out = format!(
        "{} {} {}: {}\n",
        t("mål", "goal"),
        goal.id,
        goal.title.clone().unwrap_or_default(),
        goal.status.word(lang)
    );
    if let Some(o) = &goal.overridden {
        out.push_str(&format!(
            "  {}: {} ({})\n",
            t("tilsidesat; reglerne gav", "overridden; the rules gave"),
            o.rule_status.word(lang),
            o.reason
        ));
    }
    let leaf = |l: &Leaf, indent: &str| {
        let mut s = format!("{indent}{} → {}\n", l.rule, l.truth.word(lang));
        for (name, value) in &l.facts {
            s.push_str(&format!(
                "{indent}  {name} = {}\n",
                value.clone().unwrap_or_else(|| t("(mangler)", "(missing)"))
            ));
        }
        if let Some(v) = &l.value {
            s.push_str(&format!("{indent}  {}: {v}", t("værdi", "value")));
            if let Some(threshold) = &l.threshold {
                s.push_str(&format!(", {}: {threshold}", t("grænse", "threshold")));
            }
            if let Some(m) = &l.margin {
                s.push_str(&format!(", margin {m}"));
            }
            s.push('\n');
        }
        if let Some(n) = &l.note {
            s.push_str(&format!("{indent}  {n}\n"));
        }
        s
    };
    for l in &goal.explanation {
        out.push_str(&leaf(l, "  "));
    }
    for sub in &goal.subgoals {
        out.push_str(&format!("  {} {}: {}\n", t("delmål", "sub-goal"), sub.id, sub.status.word(lang)));
        for l in &sub.explanation {
            out.push_str(&leaf(l, "    "));
        }
    }
    out
}

/// The evaluation as a text table for people.
pub fn render_text(eval: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    let (goal_h, status_h, score_h, reason_h) = match lang {
        Lang::Da => ("Mål", "Status", "Score", "Begrundelse"),
        Lang::En => ("Goal", "Status", "Score", "Reason"),
    };
    out.push_str(&format!("{}  ({})\n\n", eval.plan, format_date(eval.as_of, lang)));
    out.push_str(&format!("{goal_h:<6} {:<48} {status_h:<28} {score_h:>7}  {reason_h}\n", ""));
    for g in &eval.goals {
        let title: String = g.title.clone().unwrap_or_default().chars().take(48).collect();
        let mut status = g.status.word(lang).to_string();
        if g.overridden.is_some() {
            status.push_str(match lang {
                Lang::Da => " (tilsidesat)",
                Lang::En => " (overridden)",
            });
        }
        out.push_str(&format!(
            "{:<6} {:<48} {:<28} {:>7}  {}\n",
            g.id,
            title,
            status,
            format_score(g.score, lang),
            one_line_reason(g, lang)
        ));
    }
    let met = eval.goals.iter().filter(|g| g.status == Status::Met).count();
    let live = eval.goals.iter().filter(|g| g.status != Status::Dropped).count();
    let errors = in_error(eval.goals.iter().filter(|g| g.status == Status::Error).map(|g| g.id.as_str()), lang);
    out.push_str(&match lang {
        Lang::Da => format!(
            "\nSamlet målopfyldelse: {} pct. ({met} af {live} mål opfyldt{errors}); højst opnåelig: {} pct.\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
        Lang::En => format!(
            "\nTotal fulfilment: {} pct. ({met} of {live} goals met{errors}); maximum reachable: {} pct.\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
    });
    out
}

/// For a total line: "; fejl i mål 3.1, 3.2" naming the goals in error, or
/// nothing when there are none.
pub fn in_error<'a>(ids: impl Iterator<Item = &'a str>, lang: Lang) -> String {
    let ids: Vec<&str> = ids.collect();
    match (ids.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Da) => format!("; fejl i mål {}", ids.join(", ")),
        (false, Lang::En) => format!("; error in goal {}", ids.join(", ")),
    }
}

/// The truth a condition has when it decides a goal's status on its own.
fn deciding_truth(status: Status) -> Option<Truth> {
    match status {
        Status::Met => Some(Truth::True),
        Status::NotMet | Status::PartlyMet => Some(Truth::False),
        Status::Pending => Some(Truth::Unknown),
        Status::Error => Some(Truth::Error),
        Status::Dropped => None,
    }
}

/// The sub-goal that decided a goal's status (as its index): the first
/// whose status is the goal's (for `ikke opfyldt`, a sub-goal not met; for
/// `afventer`, a pending one; for `opfyldt` under `any`, one that is met).
pub fn deciding_subgoal(goal: &GoalResult) -> Option<usize> {
    let status = match goal.status {
        Status::PartlyMet => Status::NotMet,
        status => status,
    };
    goal.subgoals.iter().position(|s| s.status == status)
}

/// The condition that decided a goal's status, for a one-line reason: a
/// condition of the deciding sub-goal (or of the goal itself) whose truth
/// matches the status, else any condition with that truth, else the first.
pub fn deciding_leaf(goal: &GoalResult) -> Option<&Leaf> {
    let want = deciding_truth(goal.status);
    let matches = |l: &&Leaf| Some(l.truth) == want;
    let all = || goal.explanation.iter().chain(goal.subgoals.iter().flat_map(|s| s.explanation.iter()));
    let decided = deciding_subgoal(goal).and_then(|i| goal.subgoals.get(i));
    goal.explanation
        .iter()
        .chain(decided.into_iter().flat_map(|s| s.explanation.iter()))
        .find(matches)
        .or_else(|| all().find(matches))
        .or_else(|| all().next())
}

fn one_line_reason(g: &GoalResult, lang: Lang) -> String {
    if let Some(o) = &g.overridden {
        return format!("{}: {}", Status::word(o.rule_status, lang), o.reason);
    }
    if let Some(r) = &g.dropped_reason {
        return r.clone();
    }
    let pick = deciding_leaf(g);
    match pick {
        Some(l) => {
            let mut s = l.rule.clone();
            if let Some(v) = &l.value {
                s.push_str(&format!(": {v}"));
            }
            if let Some(m) = &l.margin {
                s.push_str(&match lang {
                    Lang::Da => format!(", margin {m}"),
                    Lang::En => format!(", margin {m}"),
                });
            }
            if let Some(n) = &l.note {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
        None => String::new(),
    }
}
