//! Trace-free evaluation: statuses, scores and the total, and nothing else.
//!
//! [`crate::eval::evaluate`] explains every condition (facts read, values,
//! margins, notes) and so builds strings. Services that evaluate thousands of
//! fact sets, and what-if sweeps, need only the outcome. Here facts are bound
//! once to the program's slots ([`Bound`]), drops and overrides are resolved
//! to goal indices, and [`evaluate_into`] fills a caller-owned [`Outcome`]:
//! after the first call it allocates nothing.
//!
//! The rules are those of `eval`, to the status: Kleene logic, pending before
//! a deadline, drops, overrides, partial scoring, and a goal whose rules
//! raise a runtime error has the status [`Status::Error`]. Parts of an
//! `all`/`any` are skipped once the outcome is decided, but only when the
//! skipped parts cannot raise an error (`compile::Cond::fallible`), so
//! skipping never changes a status. `tests/fast.rs` checks the two
//! evaluators agree on the seed plans under generated facts.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::compile::{self, Comb, Cond, CondKind, Program, Val, ValKind};
use crate::eval::{Status, Truth};
use crate::facts::{FactValues, Facts};
use crate::syntax::ast::{ArithOp, CmpOp, DeadlineOp, Scoring};
use crate::value::{cmp_decimal, TimeSpan, Value};

/// Facts bound to a program's slots, with the agreements resolved.
#[derive(Clone, Debug, Default)]
pub struct Bound {
    slots: Vec<Option<Value>>,
    goal_dropped: Vec<bool>,
    /// Per sub-goal, flattened in goal order.
    sub_dropped: Vec<bool>,
    overrides: Vec<Option<bool>>,
    /// The scoring that depends only on the agreements, worked out once:
    /// which goals leave the denominator, each goal's share, the denominator.
    scoring: PreScoring,
}

/// Precomputed scoring for one pattern of dropped goals.
#[derive(Clone, Debug, Default)]
struct PreScoring {
    dropped: Vec<bool>,
    shares: Vec<Decimal>,
    live: Decimal,
    /// `totals[k]` = 100·k / live, when every live goal weighs 1 (binary and partial scoring
    /// with default weights), so the total of k met goals needs no division.
    totals: Vec<Decimal>,
}

impl Bound {
    /// Sets (or, with `None`, clears) the value in `slot` (see [`slot_of`]).
    /// Returns false when the program has no such slot.
    pub fn set(&mut self, slot: usize, value: Option<Value>) -> bool {
        match self.slots.get_mut(slot) {
            Some(s) => {
                *s = value;
                true
            }
            None => false,
        }
    }

    /// The value in `slot`.
    pub fn get(&self, slot: usize) -> Option<Value> {
        self.slots.get(slot).copied().flatten()
    }
}

/// The slot a fact (`name`, or `name[year]`) is read from, if the program reads it.
pub fn slot_of(program: &Program, name: &str, year: Option<i32>) -> Option<usize> {
    program.slots.iter().position(|(n, y)| n == name && *y == year)
}

/// Binds validated fact values and the facts' drops and overrides to `program`.
pub fn bind(program: &Program, facts: &Facts, values: &FactValues) -> Bound {
    let mut bound = Bound::default();
    bind_into(program, facts, values, &mut bound);
    bound
}

/// [`bind`] into an existing `Bound`, reusing its memory.
pub fn bind_into(program: &Program, facts: &Facts, values: &FactValues, bound: &mut Bound) {
    bound.slots.clear();
    bound.slots.extend(program.slots.iter().map(|key| values.get(key).copied()));
    bound.goal_dropped.clear();
    bound.sub_dropped.clear();
    bound.overrides.clear();
    for goal in &program.goals {
        bound.goal_dropped.push(facts.drops.iter().any(|d| d.goal == goal.id && d.subgoal.is_none()));
        for sub in &goal.subgoals {
            let dropped = facts.drops.iter().any(|d| d.goal == goal.id && d.subgoal.as_deref() == Some(&sub.name));
            bound.sub_dropped.push(dropped);
        }
        bound.overrides.push(facts.overrides.iter().find(|o| o.goal == goal.id).map(|o| o.met));
    }
    // A goal leaves the denominator when dropped, or when every part of it is:
    // both follow from the agreements alone, so the shares can be worked out now.
    let mut dropped = Vec::with_capacity(program.goals.len());
    let mut sub_offset = 0;
    let mut scratch = Vec::new();
    for (g, goal) in program.goals.iter().enumerate() {
        scratch.clear();
        scratch.extend(goal.subgoals.iter().enumerate().map(|(i, _)| {
            (!bound.sub_dropped.get(sub_offset + i).copied().unwrap_or(false)).then_some(Truth::Unknown)
        }));
        let empty = match &goal.combine {
            Some(comb) => combine(comb, &scratch).is_none(),
            None => scratch.iter().all(Option::is_none) && goal.conditions.is_empty(),
        };
        dropped.push(bound.goal_dropped.get(g).copied().unwrap_or(false) || empty);
        sub_offset += goal.subgoals.len();
    }
    bound.scoring = scoring_for(program, dropped);
}

fn scoring_for(program: &Program, dropped: Vec<bool>) -> PreScoring {
    let live = program
        .goals
        .iter()
        .zip(&dropped)
        .filter(|(_, d)| !**d)
        .fold(Decimal::ZERO, |acc, (g, _)| acc.saturating_add(g.weight));
    let shares = program
        .goals
        .iter()
        .zip(&dropped)
        .map(|(g, d)| {
            if *d || live.is_zero() {
                Decimal::ZERO
            } else {
                Decimal::ONE_HUNDRED.checked_mul(g.weight).and_then(|x| x.checked_div(live)).unwrap_or_default()
            }
        })
        .collect();
    let unit = program.goals.iter().zip(&dropped).all(|(g, d)| *d || g.weight == Decimal::ONE);
    let live_count = dropped.iter().filter(|d| !**d).count();
    let totals = if unit && !live.is_zero() {
        (0..=live_count).map(|k| percent_of(Decimal::from(k), live)).collect()
    } else {
        Vec::new()
    };
    PreScoring { dropped, shares, live, totals }
}

/// 100·x / live, exactly as `eval::evaluate` computes the total.
fn percent_of(x: Decimal, live: Decimal) -> Decimal {
    if live.is_zero() {
        Decimal::ZERO
    } else {
        Decimal::ONE_HUNDRED.checked_mul(x).and_then(|y| y.checked_div(live)).unwrap_or_default()
    }
}

/// What an evaluation decided: a status and points per goal, and the total.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Per goal in plan order, after drops and overrides.
    pub statuses: Vec<Status>,
    /// Points earned per goal toward the total (0 for dropped goals).
    pub scores: Vec<Decimal>,
    /// Samlet målopfyldelse in pct., exact.
    pub total: Decimal,
    /// The most the total can still reach if every pending goal is met.
    pub max_reachable: Decimal,
    /// Sub-goal truths of the goal being evaluated (scratch, reused).
    scratch: Vec<Option<Truth>>,
    /// Fulfilment per goal (scratch, reused).
    fulfilment: Vec<Decimal>,
    /// Whether any goal is partly fulfilled (a fraction, not 0 or 1).
    fractions: bool,
}

/// Evaluates `program` with `bound` facts as of `as_of` into `out`.
/// Allocates only while `out`'s vectors grow to the plan's size.
pub fn evaluate_into(program: &Program, bound: &Bound, as_of: NaiveDate, out: &mut Outcome) {
    program.on_enough_stack(|| evaluate_on_this_stack(program, bound, as_of, out))
}

fn evaluate_on_this_stack(program: &Program, bound: &Bound, as_of: NaiveDate, out: &mut Outcome) {
    let period = program.period.unwrap_or(TimeSpan::day(as_of));
    out.statuses.clear();
    out.scores.clear();
    out.fulfilment.clear();
    out.fractions = false;
    let mut sub_offset = 0;
    for (g, goal) in program.goals.iter().enumerate() {
        let mut ctx = Ctx { slots: &bound.slots, as_of, deadline: goal.deadline.unwrap_or(period.end) };
        out.scratch.clear();
        for (i, sub) in goal.subgoals.iter().enumerate() {
            let truth = ctx.cond(&sub.cond);
            let dropped = bound.sub_dropped.get(sub_offset + i).copied().unwrap_or(false);
            out.scratch.push(if dropped { None } else { Some(truth) });
        }
        let mut conditions = Truth::True;
        for cond in &goal.conditions {
            conditions = conditions.and(ctx.cond(cond));
        }
        let truth = match &goal.combine {
            Some(comb) => combine(comb, &out.scratch),
            None if out.scratch.iter().all(Option::is_none) && goal.conditions.is_empty() => None,
            None => Some(out.scratch.iter().flatten().fold(conditions, |a, b| a.and(*b))),
        };
        let dropped = bound.goal_dropped.get(g).copied().unwrap_or(false);
        let mut status = match (dropped, truth) {
            (true, _) | (false, None) => Status::Dropped,
            (false, Some(t)) => status_of(t),
        };
        let mut fulfilment = if status == Status::Met { Decimal::ONE } else { Decimal::ZERO };
        if program.scoring == Scoring::Partial && status != Status::Met && !goal.subgoals.is_empty() {
            // The scratch holds `None` for dropped sub-goals, the truth for the rest.
            let live = out.scratch.iter().flatten().count();
            let met = out.scratch.iter().filter(|t| **t == Some(Truth::True)).count();
            if met > 0 && live > 0 {
                fulfilment = Decimal::from(met) / Decimal::from(live);
                out.fractions = true;
                if status == Status::NotMet {
                    status = Status::PartlyMet;
                }
            }
        }
        if let Some(met) = bound.overrides.get(g).copied().flatten() {
            if status != Status::Dropped {
                status = if met { Status::Met } else { Status::NotMet };
                fulfilment = if met { Decimal::ONE } else { Decimal::ZERO };
            }
        }
        out.statuses.push(status);
        out.fulfilment.push(fulfilment);
        sub_offset += goal.subgoals.len();
    }
    score(program, bound, out);
}

/// Shares, points and the total, as `eval::evaluate` computes them.
fn score(program: &Program, bound: &Bound, out: &mut Outcome) {
    let pre = &bound.scoring;
    let same_pattern = pre.dropped.len() == out.statuses.len()
        && pre.dropped.iter().zip(&out.statuses).all(|(d, s)| *d == (*s == Status::Dropped));
    if !same_pattern {
        // Not reached from `bind`; kept so a hand-built `Bound` still scores right.
        let dropped = out.statuses.iter().map(|s| *s == Status::Dropped).collect();
        let scoring = scoring_for(program, dropped);
        return score_with(program, &scoring, out);
    }
    score_with(program, pre, out)
}

fn score_with(program: &Program, pre: &PreScoring, out: &mut Outcome) {
    if !out.fractions && !pre.totals.is_empty() {
        // Unit weights, whole goals: count, and look the totals up.
        let (mut met, mut pending) = (0, 0);
        for (status, share) in out.statuses.iter().zip(&pre.shares) {
            match status {
                Status::Met => {
                    met += 1;
                    out.scores.push(*share);
                }
                Status::Pending => {
                    pending += 1;
                    out.scores.push(Decimal::ZERO);
                }
                _ => out.scores.push(Decimal::ZERO),
            }
        }
        out.total = pre.totals.get(met).copied().unwrap_or_default();
        out.max_reachable = pre.totals.get(met + pending).copied().unwrap_or_default();
        return;
    }
    let live = pre.live;
    let mut earned = Decimal::ZERO;
    let mut possible = Decimal::ZERO;
    for (((goal, status), f), share) in program.goals.iter().zip(&out.statuses).zip(&out.fulfilment).zip(&pre.shares) {
        if *status == Status::Dropped || live.is_zero() {
            out.scores.push(Decimal::ZERO);
            continue;
        }
        let w = goal.weight;
        let (points, got) = if f.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else if *f == Decimal::ONE {
            (*share, w)
        } else {
            (share.checked_mul(*f).unwrap_or_default(), w.checked_mul(*f).unwrap_or_default())
        };
        out.scores.push(points);
        earned = earned.saturating_add(got);
        possible = possible.saturating_add(if *status == Status::Pending { w } else { got });
    }
    let total = |x: Decimal| {
        // With unit weights a whole number of goals indexes the precomputed totals.
        if x.is_integer() {
            if let Some(t) = rust_decimal::prelude::ToPrimitive::to_usize(&x).and_then(|k| pre.totals.get(k)) {
                return *t;
            }
        }
        percent_of(x, live)
    };
    out.total = total(earned);
    out.max_reachable = total(possible);
}

fn status_of(truth: Truth) -> Status {
    match truth {
        Truth::True => Status::Met,
        Truth::False => Status::NotMet,
        Truth::Unknown => Status::Pending,
        Truth::Error => Status::Error,
    }
}

/// The `mål:` line over sub-goal truths (`None`: dropped), as in `eval`.
fn combine(comb: &Comb, subs: &[Option<Truth>]) -> Option<Truth> {
    // Folds the parts that are not dropped; `None` when all of them are.
    fn fold(parts: &[Comb], subs: &[Option<Truth>], start: Truth, f: fn(Truth, Truth) -> Truth) -> Option<Truth> {
        let mut acc = None;
        for p in parts {
            if let Some(t) = combine(p, subs) {
                acc = Some(f(acc.unwrap_or(start), t));
            }
        }
        acc
    }
    match comb {
        Comb::Sub(i) => subs.get(*i).copied().flatten(),
        Comb::Const(b) => Some(if *b { Truth::True } else { Truth::False }),
        Comb::Not(c) => combine(c, subs).map(Truth::negate),
        Comb::All(parts) => fold(parts, subs, Truth::True, Truth::and),
        Comb::Any(parts) => fold(parts, subs, Truth::False, Truth::or),
        Comb::AtLeast(n, parts) => {
            let (mut yes, mut maybe, mut errors, mut live) = (0usize, 0usize, 0usize, 0usize);
            for p in parts {
                match combine(p, subs) {
                    Some(Truth::True) => yes += 1,
                    Some(Truth::Unknown) => maybe += 1,
                    Some(Truth::Error) => errors += 1,
                    Some(Truth::False) => {}
                    None => continue,
                }
                live += 1;
            }
            (live > 0).then(|| Truth::at_least_of((*n).min(live), yes, maybe, errors))
        }
    }
}

struct Ctx<'a> {
    slots: &'a [Option<Value>],
    as_of: NaiveDate,
    deadline: NaiveDate,
}

impl Ctx<'_> {
    fn cond(&mut self, cond: &Cond) -> Truth {
        match &cond.kind {
            CondKind::All(parts) => {
                let mut acc = Truth::True;
                for p in parts {
                    acc = acc.and(self.cond(p));
                    // False decides an `all` whatever the rest are, errors included.
                    if acc == Truth::False {
                        break;
                    }
                }
                acc
            }
            CondKind::Any(parts) => {
                let mut acc = Truth::False;
                for p in parts {
                    acc = acc.or(self.cond(p));
                    if acc == Truth::True {
                        break;
                    }
                }
                acc
            }
            CondKind::AtLeast(n, parts) => {
                let (mut yes, mut maybe, mut errors) = (0, 0, 0);
                for p in parts {
                    match self.cond(p) {
                        Truth::True => yes += 1,
                        Truth::Unknown => maybe += 1,
                        Truth::Error => errors += 1,
                        Truth::False => {}
                    }
                }
                Truth::at_least_of(*n, yes, maybe, errors)
            }
            CondKind::Not(c) => self.cond(c).negate(),
            CondKind::Const(b) => truth(*b),
            CondKind::Deadline(op, value, time) => {
                let end = time.end;
                match self.value(value) {
                    Ok(Some(Value::Date { value: date })) if date <= self.as_of => truth(match op {
                        DeadlineOp::By => date <= end,
                        DeadlineOp::Within => time.contains(date),
                    }),
                    Ok(Some(Value::Date { .. })) | Ok(_) => self.missing(end),
                    Err(()) => Truth::Error,
                }
            }
            // The commonest leaf, a fact against a constant number, without the general walk.
            CondKind::Compare(op, Val { kind: ValKind::Slot(i), .. }, Val { kind: ValKind::Const(c), .. })
                if matches!(self.slots.get(*i), Some(None) | Some(Some(Value::Number { .. })))
                    && matches!(c, Value::Number { .. }) =>
            {
                match (self.slots.get(*i).copied().flatten(), c) {
                    (Some(Value::Number { value, dim }), Value::Number { value: limit, dim: limit_dim })
                        if dim == *limit_dim =>
                    {
                        self.not_yet(op.holds(cmp_decimal(&value, limit)))
                    }
                    (None, _) => self.missing(self.deadline),
                    (Some(x), y) => match self.compare(*op, &x, y) {
                        Some(ok) => self.not_yet(ok),
                        None => Truth::Error,
                    },
                }
            }
            CondKind::Compare(op, a, b) => match (self.value(a), self.value(b)) {
                (Err(()), _) | (_, Err(())) => Truth::Error,
                (Ok(None), _) | (_, Ok(None)) => self.missing(self.deadline),
                (Ok(Some(x)), Ok(Some(y))) => match self.compare(*op, &x, &y) {
                    Some(ok) => self.not_yet(ok),
                    None => Truth::Error,
                },
            },
            CondKind::Range(v, lo, hi) => match (self.value(v), self.value(lo), self.value(hi)) {
                (Ok(Some(x)), Ok(Some(l)), Ok(Some(h))) => {
                    let a = self.compare(CmpOp::Ge, &x, &l);
                    let b = self.compare(CmpOp::Le, &x, &h);
                    match (a, b) {
                        (Some(a), Some(b)) => self.not_yet(a && b),
                        _ => Truth::Error,
                    }
                }
                (Err(()), _, _) | (_, Err(()), _) | (_, _, Err(())) => Truth::Error,
                (Ok(None), _, _) => self.missing(self.deadline),
                _ => Truth::Unknown,
            },
            CondKind::Truthy(v) => match self.value(v) {
                Ok(Some(Value::Bool { value })) => self.not_yet(value),
                Ok(None) => self.missing(self.deadline),
                Err(()) => Truth::Error,
                Ok(Some(_)) => Truth::Unknown,
            },
        }
    }

    /// Not reported: pending until `deadline`, failed after it.
    fn missing(&self, deadline: NaiveDate) -> Truth {
        if self.as_of <= deadline {
            Truth::Unknown
        } else {
            Truth::False
        }
    }

    /// A measure not (yet) reached before the goal's deadline is pending.
    fn not_yet(&self, ok: bool) -> Truth {
        if !ok && self.as_of <= self.deadline {
            Truth::Unknown
        } else {
            truth(ok)
        }
    }

    fn compare(&mut self, op: CmpOp, x: &Value, y: &Value) -> Option<bool> {
        let ordering = match (x, y) {
            (Value::Number { value: a, dim: da }, Value::Number { value: b, dim: db }) if da == db => cmp_decimal(a, b),
            (Value::Date { value: a }, Value::Date { value: b }) => a.cmp(b),
            (Value::Bool { value: a }, Value::Bool { value: b }) => a.cmp(b),
            _ => return None,
        };
        Some(op.holds(ordering))
    }

    fn value(&mut self, val: &Val) -> Result<Option<Value>, ()> {
        Ok(Some(match &val.kind {
            ValKind::Const(v) => *v,
            ValKind::Slot(i) => return Ok(self.slots.get(*i).copied().flatten()),
            ValKind::Neg(e) | ValKind::Abs(e) => {
                let Some(Value::Number { value, dim }) = self.value(e)? else { return Ok(None) };
                let value = if matches!(val.kind, ValKind::Neg(_)) { -value } else { value.abs() };
                Value::Number { value, dim }
            }
            ValKind::Arith(op, a, b) => {
                let (x, y) = (self.value(a)?, self.value(b)?);
                let (Some(Value::Number { value: x, dim: dx }), Some(Value::Number { value: y, dim: dy })) = (x, y)
                else {
                    return Ok(None);
                };
                let result = match op {
                    ArithOp::Add => x.checked_add(y),
                    ArithOp::Sub => x.checked_sub(y),
                    ArithOp::Mul => x.checked_mul(y),
                    ArithOp::Div => x.checked_div(y),
                };
                match (compile::arith_dim(*op, dx, dy), result) {
                    (Some(dim), Some(value)) => Value::Number { value, dim },
                    _ => return Err(()),
                }
            }
        }))
    }
}

fn truth(b: bool) -> Truth {
    if b {
        Truth::True
    } else {
        Truth::False
    }
}
