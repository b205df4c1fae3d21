//! The evaluator: the one place where the rules of evaluation are written.
//!
//! [`run`] walks a [`Program`] with facts bound to its slots ([`Bound`]) and
//! fills an [`Outcome`]: a status and points per goal, and the total. What it
//! finds on the way it tells a [`Recorder`]. The trace-free instance
//! ([`Quiet`], the default) records nothing, stops an `all`/`any` at the part
//! that decides it, and allocates nothing once the `Outcome` has grown: the hot
//! path. The explaining instance (`explain::Explainer`) evaluates every part
//! and turns what each leaf found into words. Both are this code,
//! monomorphised; nothing about truth, deadlines, drops, overrides or scoring
//! is decided anywhere else.
//!
//! The rules: Kleene logic with a fourth value for runtime errors ([`Truth`]);
//! a missing fact is pending until its deadline and failed after it; a measure
//! not (yet) reached before the goal's deadline is pending; a dropped sub-goal
//! leaves the combination it is in, and a goal whose every part is dropped is
//! dropped; overrides replace the rules' status of a goal that is not dropped;
//! partial scoring counts met sub-goals.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Status, Truth};
use crate::eval::compile::{Comb, Cond, CondKind, Program, Val, ValKind};
use crate::facts::{FactValues, Facts};
use crate::source::Span;
use crate::syntax::ast::{CmpOp, DeadlineOp, Scoring};
use crate::value::{cmp_decimal, ArithError, TimeSpan, Value};

/// What a leaf condition found, for recorders that explain it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    /// The leaf's truth.
    pub truth: Truth,
    /// The measured side, when it was computed.
    pub value: Option<Value>,
    /// What it was measured against.
    pub threshold: Threshold,
    /// Why the truth is what it is, when that needs saying.
    pub why: Why,
}

/// What a leaf was measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Threshold {
    /// Nothing to show (a yes/no fact, or the values were not all there).
    None,
    /// `op value`
    Compare(CmpOp, Value),
    /// `lo..hi`
    Range(Value, Value),
    /// A deadline or a period.
    Time(TimeSpan),
}

/// Why a leaf has its truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Why {
    /// The values decide it.
    Decided,
    /// A fact is not reported; pending until this date, failed after it.
    Missing(NaiveDate),
    /// The measure is not reached yet, before the goal's deadline (this date).
    NotYet(NaiveDate),
    /// The delivery date reported lies after the as-of date.
    AfterAsOf,
    /// A runtime error (told to [`Recorder::error`] just before).
    Failed,
}

/// A runtime error and where it is written.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RuntimeError {
    /// Two values that cannot be compared.
    Incomparable(Span, Value, Value),
    /// Arithmetic that failed; the span of the operation, and of the divisor.
    Arith(ArithError, Span, Span),
}

/// What an evaluation tells about itself as it goes. Every method does
/// nothing by default, so the trace-free instance costs nothing.
pub(crate) trait Recorder {
    /// Evaluate every part of `all`/`any`, to explain each, rather than stop
    /// at the part that decides (the truth is the same either way).
    const EVERY_PART: bool = false;
    /// A leaf condition was evaluated, reading `slots`.
    #[inline(always)]
    fn leaf(&mut self, _cond: &Cond, _slots: &[Option<Value>], _found: Found) {}
    /// A runtime error, before the leaf it fails.
    #[inline(always)]
    fn error(&mut self, _error: RuntimeError) {}
    /// Sub-goal `sub` of goal `goal` was evaluated.
    #[inline(always)]
    fn subgoal(&mut self, _goal: usize, _sub: usize, _truth: Truth, _dropped: bool) {}
    /// One of goal `goal`'s own conditions was evaluated.
    #[inline(always)]
    fn condition(&mut self, _goal: usize) {}
    /// Goal `goal` waits for the period's end (`opgøres ultimo`); the figures
    /// so far give `now`.
    #[inline(always)]
    fn awaiting(&mut self, _goal: usize, _now: Status) {}
    /// Goal `goal` has its status; `rule_status` is the rules' before any override.
    #[inline(always)]
    fn goal(&mut self, _goal: usize, _rule_status: Status, _status: Status) {}
}

/// The trace-free recorder.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Quiet;

impl Recorder for Quiet {}

/// Facts bound to a program's slots, with the agreements resolved.
#[derive(Clone, Debug, Default)]
pub struct Bound {
    slots: Vec<Option<Value>>,
    /// Per goal, what the agreements say and its share of the total.
    goals: Vec<Agreed>,
    /// Per sub-goal, flattened in goal order: dropped by agreement.
    sub_dropped: Vec<bool>,
    /// The scoring that depends only on the agreements, worked out once.
    scoring: PreScoring,
    /// The date the facts are made as of (their `opgjort`), when they say.
    covered: Option<NaiveDate>,
}

/// One goal under the agreements.
#[derive(Clone, Copy, Debug, Default)]
struct Agreed {
    /// Dropped by agreement.
    dropped: bool,
    /// Out of the total: dropped, or every part of it is, or a target for a later year.
    left_out: bool,
    /// A target for a later year (`målår`): out of the total, though not dropped.
    later: bool,
    /// The override's status (met or not), if any.
    overridden: Option<bool>,
    /// Its share of the total in pct. points (0 when left out).
    share: Decimal,
}

/// Scoring for one pattern of goals left out, worked out once.
#[derive(Clone, Debug, Default)]
struct PreScoring {
    live: Decimal,
    /// `totals[k]` = 100·k / live, when every live goal weighs 1 (binary and
    /// partial scoring with default weights), so the total of k met goals
    /// needs no division.
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

    /// Whether the facts, evaluated as of `as_of`, cover the period up to
    /// `end`: made as of it or later (a report without `opgjort` is taken as
    /// made as of the evaluation's date). What `opgøres ultimo` waits for.
    pub(crate) fn covers(&self, as_of: NaiveDate, end: NaiveDate) -> bool {
        self.covered.map_or(as_of, |c| c.min(as_of)) >= end
    }

    /// Goal `g`'s share of the total in pct. points (0 when it is left out).
    pub(crate) fn share(&self, g: usize) -> Decimal {
        self.goals.get(g).map(|a| a.share).unwrap_or_default()
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
    bound.covered = facts.as_of;
    bound.goals.clear();
    bound.sub_dropped.clear();
    bound.goals.reserve(program.goals.len());
    bound.sub_dropped.reserve(program.goals.iter().map(|g| g.subgoals.len()).sum());
    // A goal is left out of the total when dropped, or when every part of it
    // is: both follow from the agreements alone, so the shares can be worked out now.
    let mut scratch = Vec::with_capacity(program.goals.iter().map(|g| g.subgoals.len()).max().unwrap_or(0));
    for goal in &program.goals {
        scratch.clear();
        for sub in &goal.subgoals {
            let dropped = facts.drops.iter().any(|d| d.goal == goal.id && d.subgoal.as_deref() == Some(&sub.name));
            bound.sub_dropped.push(dropped);
            scratch.push((!dropped).then_some(Truth::Unknown));
        }
        let dropped = facts.drops.iter().any(|d| d.goal == goal.id && d.subgoal.is_none());
        let conditions = (!goal.conditions.is_empty()).then_some(Truth::True);
        // The `mål:` line recurses once per level: on enough stack, as evaluation is.
        let empty = program.on_enough_stack(|| combine_goal(goal.combine.as_ref(), &scratch, conditions)).is_none();
        bound.goals.push(Agreed {
            dropped,
            // A target for a later year (`målår`) is tracked but out of this year's score.
            left_out: dropped || empty || goal.target_year.is_some(),
            later: goal.target_year.is_some(),
            overridden: facts.overrides.iter().find(|o| o.goal == goal.id).map(|o| o.met),
            share: Decimal::ZERO,
        });
    }
    bound.scoring = PreScoring::new(program, &mut bound.goals);
}

impl PreScoring {
    /// The scoring for `goals` (their `left_out` set), filling in their shares.
    fn new(program: &Program, goals: &mut [Agreed]) -> PreScoring {
        // FIXME: weights whose sum exceeds Decimal's range saturate; the checker should bound weights instead.
        let live = program
            .goals
            .iter()
            .zip(goals.iter())
            .filter(|(_, a)| !a.left_out)
            .fold(Decimal::ZERO, |acc, (g, _)| acc.saturating_add(g.weight));
        for (g, a) in program.goals.iter().zip(goals.iter_mut()) {
            a.share = if a.left_out || live.is_zero() { Decimal::ZERO } else { percent_of(g.weight, live) };
        }
        let unit = program.goals.iter().zip(goals.iter()).all(|(g, a)| a.left_out || g.weight == Decimal::ONE);
        let live_count = goals.iter().filter(|a| !a.left_out).count();
        let totals = if unit && !live.is_zero() {
            (0..=live_count).map(|k| percent_of(Decimal::from(k), live)).collect()
        } else {
            Vec::new()
        };
        PreScoring { live, totals }
    }
}

/// 100·x / live: a share, or the total computed once from the sums (so 6 of
/// 7 is exactly 600/7).
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

/// Evaluates `program` with `bound` facts as of `as_of` into `out`, trace-free.
/// Allocates only while `out`'s vectors grow to the plan's size.
pub fn evaluate_into(program: &Program, bound: &Bound, as_of: NaiveDate, out: &mut Outcome) {
    run(program, bound, as_of, out, &mut Quiet);
}

/// Evaluates `program` into `out`, telling `rec` what it finds.
pub(crate) fn run<R: Recorder>(program: &Program, bound: &Bound, as_of: NaiveDate, out: &mut Outcome, rec: &mut R) {
    program.on_enough_stack(|| run_on_this_stack(program, bound, as_of, out, rec));
}

fn run_on_this_stack<R: Recorder>(program: &Program, bound: &Bound, as_of: NaiveDate, out: &mut Outcome, rec: &mut R) {
    let period = program.period.unwrap_or(TimeSpan::day(as_of));
    out.statuses.clear();
    out.scores.clear();
    out.fulfilment.clear();
    out.fractions = false;
    // One allocation each on the first evaluation, none after.
    let goals = program.goals.len();
    out.statuses.reserve(goals);
    out.scores.reserve(goals);
    out.fulfilment.reserve(goals);
    let mut sub_offset = 0;
    for g in 0..goals {
        let decided = decide(program, bound, as_of, period, g, sub_offset, &mut out.scratch, rec);
        out.fractions |= decided.fraction;
        out.statuses.push(decided.status);
        out.fulfilment.push(decided.fulfilment);
        sub_offset += program.goals[g].subgoals.len();
    }
    score(program, bound, out);
}

/// What one goal's evaluation decided.
struct Decided {
    status: Status,
    fulfilment: Decimal,
    /// Partly fulfilled (a fraction, not 0 or 1).
    fraction: bool,
}

/// Evaluates goal `g` (its sub-goals starting at `sub_offset` in the
/// flattened list), with `scratch` for the sub-goal truths: its status after
/// drops and overrides and its fulfilment. Tells `rec` what it finds.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn decide<R: Recorder>(
    program: &Program,
    bound: &Bound,
    as_of: NaiveDate,
    period: TimeSpan,
    g: usize,
    sub_offset: usize,
    scratch: &mut Vec<Option<Truth>>,
    rec: &mut R,
) -> Decided {
    let goal = &program.goals[g];
    let mut eval = Eval { slots: &bound.slots, as_of, deadline: goal.deadline.unwrap_or(period.end), rec: &mut *rec };
    scratch.clear();
    for (i, sub) in goal.subgoals.iter().enumerate() {
        let truth = eval.cond(&sub.cond);
        let dropped = bound.sub_dropped.get(sub_offset + i).copied().unwrap_or(false);
        eval.rec.subgoal(g, i, truth, dropped);
        scratch.push(if dropped { None } else { Some(truth) });
    }
    let mut conditions = None;
    for cond in &goal.conditions {
        let truth = eval.cond(cond);
        eval.rec.condition(g);
        conditions = Some(conditions.unwrap_or(Truth::True).and(truth));
    }
    let truth = combine_goal(goal.combine.as_ref(), scratch, conditions);
    let agreed = bound.goals.get(g).copied().unwrap_or_default();
    let awaiting = goal.decided_at(period.end).is_some_and(|end| !bound.covers(as_of, end));
    let mut status = match (agreed.dropped, truth) {
        (true, _) | (false, None) => Status::Dropped,
        // Measured over the whole period (`opgøres ultimo`): a figure from
        // before its end decides nothing yet, met or not.
        (false, Some(t)) if awaiting => {
            rec.awaiting(g, Status::of(t));
            Status::Pending
        }
        (false, Some(t)) => Status::of(t),
    };
    let mut fulfilment = if status == Status::Met { Decimal::ONE } else { Decimal::ZERO };
    let mut fraction = false;
    if program.scoring == Scoring::Partial && status != Status::Met && !awaiting && !goal.subgoals.is_empty() {
        // The scratch holds `None` for dropped sub-goals, the truth for the
        // rest; each counts with its weight (1 unless a milestone's points).
        let (mut live, mut met) = (Decimal::ZERO, Decimal::ZERO);
        for (truth, sub) in scratch.iter().zip(&goal.subgoals) {
            if let Some(t) = truth {
                live = live.saturating_add(sub.weight);
                if *t == Truth::True {
                    met = met.saturating_add(sub.weight);
                }
            }
        }
        if met > Decimal::ZERO && live > Decimal::ZERO {
            fulfilment = met.checked_div(live).unwrap_or_default();
            fraction = true;
            if status == Status::NotMet {
                status = Status::PartlyMet;
            }
        }
    }
    let rule_status = status;
    if let Some(met) = agreed.overridden {
        if status != Status::Dropped {
            status = if met { Status::Met } else { Status::NotMet };
            fulfilment = if met { Decimal::ONE } else { Decimal::ZERO };
        }
    }
    rec.goal(g, rule_status, status);
    Decided { status, fulfilment, fraction }
}

/// Goal `g`'s status alone, telling `rec` what it finds (trace-free with
/// [`Quiet`]): what margins probe, one goal at a time. The same as
/// `evaluate_into`'s status for it (`None`: no such goal).
pub(crate) fn status_of<R: Recorder>(
    program: &Program,
    bound: &Bound,
    as_of: NaiveDate,
    g: usize,
    scratch: &mut Vec<Option<Truth>>,
    rec: &mut R,
) -> Option<Status> {
    let before = program.goals.get(..g).filter(|_| g < program.goals.len())?;
    let period = program.period.unwrap_or(TimeSpan::day(as_of));
    let sub_offset = before.iter().map(|g| g.subgoals.len()).sum();
    Some(program.on_enough_stack(|| decide(program, bound, as_of, period, g, sub_offset, scratch, rec).status))
}

/// Shares, points and the total: 100 × w × f / Σ w over goals not dropped.
fn score(program: &Program, bound: &Bound, out: &mut Outcome) {
    // Out of the total: dropped, or a target for a later year (`målår`).
    let same_pattern = bound.goals.len() == out.statuses.len()
        && bound.goals.iter().zip(&out.statuses).all(|(a, s)| a.left_out == (*s == Status::Dropped || a.later));
    if !same_pattern {
        let out_of_total = |g: &super::compile::Goal, s: Status| s == Status::Dropped || g.target_year.is_some();
        // Not reached from `bind`; kept so a hand-built `Bound` still scores right.
        let mut goals: Vec<Agreed> = out
            .statuses
            .iter()
            .zip(&program.goals)
            .map(|(s, g)| Agreed { left_out: out_of_total(g, *s), ..Agreed::default() })
            .collect();
        let pre = PreScoring::new(program, &mut goals);
        return score_with(program, &goals, &pre, out);
    }
    score_with(program, &bound.goals, &bound.scoring, out);
}

fn score_with(program: &Program, goals: &[Agreed], pre: &PreScoring, out: &mut Outcome) {
    if !out.fractions && !pre.totals.is_empty() {
        // Unit weights, whole goals: count, and look the totals up.
        let (mut met, mut pending) = (0, 0);
        for (status, agreed) in out.statuses.iter().zip(goals) {
            let share = &agreed.share;
            if agreed.left_out {
                out.scores.push(Decimal::ZERO);
                continue;
            }
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
    for (((goal, status), f), agreed) in program.goals.iter().zip(&out.statuses).zip(&out.fulfilment).zip(goals) {
        let share = &agreed.share;
        if *status == Status::Dropped || agreed.left_out || live.is_zero() {
            out.scores.push(Decimal::ZERO);
            continue;
        }
        let w = goal.weight;
        let (points, got) = if f.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else if *f == Decimal::ONE {
            (*share, w)
        } else {
            // A fraction such as 2/3 ends in Decimal's last digit; times a
            // weight that digit would show (30 × 2/3 = 20,000…01): 20 places
            // keep every figure people read and drop the artefact.
            let part = |x: &Decimal| x.checked_mul(*f).map(|v| v.round_dp(20)).unwrap_or_default();
            (part(share), part(&w))
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

/// A goal's truth: its `mål:` line over the sub-goal truths when it has one,
/// else every part that is not dropped and its own `conditions` (already
/// folded; `None` when it has none); `None` when nothing is left.
fn combine_goal(combine: Option<&Comb>, subs: &[Option<Truth>], conditions: Option<Truth>) -> Option<Truth> {
    match combine {
        Some(comb) => combine_subs(comb, subs),
        None => subs.iter().flatten().copied().chain(conditions).reduce(Truth::and),
    }
}

/// The `mål:` line over sub-goal truths (`None`: dropped). A dropped
/// sub-goal leaves the combination it is in; `None` when all parts are dropped.
fn combine_subs(comb: &Comb, subs: &[Option<Truth>]) -> Option<Truth> {
    // Folds the parts that are not dropped; `None` when all of them are.
    fn fold(parts: &[Comb], subs: &[Option<Truth>], f: fn(Truth, Truth) -> Truth) -> Option<Truth> {
        parts.iter().filter_map(|p| combine_subs(p, subs)).reduce(f)
    }
    match comb {
        Comb::Sub(i) => subs.get(*i).copied().flatten(),
        Comb::Const(b) => Some(Truth::from_bool(*b)),
        Comb::Not(c) => combine_subs(c, subs).map(Truth::negate),
        Comb::All(parts) => fold(parts, subs, Truth::and),
        Comb::Any(parts) => fold(parts, subs, Truth::or),
        Comb::AtLeast(n, parts) => {
            let mut count = Count::default();
            for truth in parts.iter().filter_map(|p| combine_subs(p, subs)) {
                count.add(truth);
            }
            (count.live > 0).then(|| count.at_least((*n).min(count.live)))
        }
    }
}

/// Parts of an `atleast` by truth.
#[derive(Default)]
struct Count {
    yes: usize,
    maybe: usize,
    errors: usize,
    live: usize,
}

impl Count {
    fn add(&mut self, truth: Truth) {
        match truth {
            Truth::True => self.yes += 1,
            Truth::Unknown => self.maybe += 1,
            Truth::Error => self.errors += 1,
            Truth::False => {}
        }
        self.live += 1;
    }

    fn at_least(&self, n: usize) -> Truth {
        Truth::at_least_of(n, self.yes, self.maybe, self.errors)
    }
}

/// One goal's evaluation: facts, the date, the goal's deadline, the recorder.
pub(crate) struct Eval<'a, R> {
    pub slots: &'a [Option<Value>],
    pub as_of: NaiveDate,
    /// The deadline of the goal being evaluated.
    pub deadline: NaiveDate,
    pub rec: &'a mut R,
}

impl<R: Recorder> Eval<'_, R> {
    /// A condition's truth.
    pub fn cond(&mut self, cond: &Cond) -> Truth {
        match &cond.kind {
            CondKind::All(parts) => {
                let mut acc = Truth::True;
                for p in parts {
                    acc = acc.and(self.cond(p));
                    // False decides an `all` whatever the rest are, errors included.
                    if !R::EVERY_PART && acc == Truth::False {
                        break;
                    }
                }
                acc
            }
            CondKind::Any(parts) => {
                let mut acc = Truth::False;
                for p in parts {
                    acc = acc.or(self.cond(p));
                    if !R::EVERY_PART && acc == Truth::True {
                        break;
                    }
                }
                acc
            }
            CondKind::AtLeast(n, parts) => {
                let mut count = Count::default();
                for p in parts {
                    count.add(self.cond(p));
                }
                count.at_least(*n)
            }
            CondKind::Not(c) => self.cond(c).negate(),
            CondKind::Const(b) => Truth::from_bool(*b),
            _ => {
                let found = self.leaf(cond);
                self.rec.leaf(cond, self.slots, found);
                found.truth
            }
        }
    }

    /// A measured condition: its truth and what it found. Inlined into
    /// `cond`, so the trace-free instance computes only the truth: what
    /// `Quiet` never reads is never stored.
    #[inline(always)]
    fn leaf(&mut self, cond: &Cond) -> Found {
        let mut found = Found { truth: Truth::Unknown, value: None, threshold: Threshold::None, why: Why::Decided };
        match &cond.kind {
            CondKind::Deadline(op, value, time) => {
                let end = time.end;
                found.threshold = Threshold::Time(*time);
                match self.value(value) {
                    Ok(Some(Value::Date { value: date })) if date <= self.as_of => {
                        found.value = Some(Value::Date { value: date });
                        found.truth = Truth::from_bool(match op {
                            // The compiler writes `før T` as by the day before T.
                            DeadlineOp::By | DeadlineOp::Before => date <= end,
                            DeadlineOp::Within => time.contains(date),
                        });
                    }
                    Ok(Some(Value::Date { value: date })) => {
                        found.value = Some(Value::Date { value: date });
                        found.why = Why::AfterAsOf;
                        found.truth = if self.as_of <= end { Truth::Unknown } else { Truth::False };
                    }
                    Ok(_) => self.missing(&mut found, end),
                    Err(()) => found.failed(),
                }
            }
            // The commonest leaf, a fact against a constant, compares them
            // where they lie (no copies: this is most of the hot path).
            CondKind::Compare(op, Val { kind: ValKind::Slot(i), .. }, Val { kind: ValKind::Const(y), .. }) => {
                match self.slots.get(*i) {
                    Some(Some(x)) => self.compared(&mut found, *op, x, y, cond.span),
                    _ => self.missing(&mut found, self.deadline),
                }
            }
            CondKind::Compare(op, a, b) => match (self.value(a), self.value(b)) {
                (Err(()), _) | (_, Err(())) => found.failed(),
                (Ok(None), _) | (_, Ok(None)) => self.missing(&mut found, self.deadline),
                (Ok(Some(x)), Ok(Some(y))) => self.compared(&mut found, *op, &x, &y, cond.span),
            },
            CondKind::Range(v, lo, hi) => match (self.value(v), self.value(lo), self.value(hi)) {
                (Ok(Some(x)), Ok(Some(l)), Ok(Some(h))) => {
                    let a = self.compare(CmpOp::Ge, &x, &l, lo.span);
                    let b = self.compare(CmpOp::Le, &x, &h, hi.span);
                    found.value = Some(x);
                    found.threshold = Threshold::Range(l, h);
                    match (a, b) {
                        (Some(a), Some(b)) => self.not_yet(&mut found, a && b),
                        _ => found.failed(),
                    }
                }
                (Err(()), _, _) | (_, Err(()), _) | (_, _, Err(())) => found.failed(),
                (Ok(None), _, _) => self.missing(&mut found, self.deadline),
                _ => {}
            },
            CondKind::Truthy(v) => match self.value(v) {
                Ok(Some(Value::Bool { value })) => {
                    found.value = Some(Value::Bool { value });
                    self.not_yet(&mut found, value);
                }
                Ok(None) => self.missing(&mut found, self.deadline),
                Err(()) => found.failed(),
                Ok(Some(_)) => {}
            },
            CondKind::All(_) | CondKind::Any(_) | CondKind::AtLeast(..) | CondKind::Not(_) | CondKind::Const(_) => {}
        }
        found
    }

    /// `x op y` for a comparison leaf: what it found, pending before the
    /// deadline when not reached, failed when the values cannot be compared.
    #[inline(always)]
    fn compared(&mut self, found: &mut Found, op: CmpOp, x: &Value, y: &Value, span: Span) {
        match self.compare(op, x, y, span) {
            Some(ok) => {
                found.value = Some(*x);
                found.threshold = Threshold::Compare(op, *y);
                self.not_yet(found, ok);
            }
            None => found.failed(),
        }
    }

    /// Not reported: pending until `deadline`, failed after it.
    #[inline(always)]
    fn missing(&self, found: &mut Found, deadline: NaiveDate) {
        found.why = Why::Missing(deadline);
        found.truth = if self.as_of <= deadline { Truth::Unknown } else { Truth::False };
    }

    /// A measure not (yet) reached before the goal's deadline is pending.
    #[inline(always)]
    fn not_yet(&self, found: &mut Found, ok: bool) {
        if !ok && self.as_of < self.deadline {
            found.why = Why::NotYet(self.deadline);
            found.truth = Truth::Unknown;
        } else {
            found.truth = Truth::from_bool(ok);
        }
    }

    /// Compares two values; `None` (a runtime error) when they cannot be compared.
    #[inline(always)]
    fn compare(&mut self, op: CmpOp, x: &Value, y: &Value, span: Span) -> Option<bool> {
        let ordering = match (x, y) {
            (Value::Number { value: a, dim: da }, Value::Number { value: b, dim: db }) if da == db => cmp_decimal(a, b),
            (Value::Date { value: a }, Value::Date { value: b }) => a.cmp(b),
            (Value::Bool { value: a }, Value::Bool { value: b }) => a.cmp(b),
            _ => {
                self.rec.error(RuntimeError::Incomparable(span, *x, *y));
                return None;
            }
        };
        Some(op.holds(ordering))
    }

    /// A value: `Ok(None)` when a fact it needs is missing; `Err` after a
    /// runtime error told to the recorder. Constants and facts, the usual
    /// sides of a comparison, are read inline; the rest is computed by
    /// [`Eval::computed`].
    #[inline(always)]
    pub fn value(&mut self, val: &Val) -> Result<Option<Value>, ()> {
        match &val.kind {
            ValKind::Const(v) => Ok(Some(*v)),
            ValKind::Slot(i) => Ok(self.slots.get(*i).copied().flatten()),
            _ => self.computed(val),
        }
    }

    /// A computed value (`-v`, `|v|`, `a op b`).
    fn computed(&mut self, val: &Val) -> Result<Option<Value>, ()> {
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
                // A side that is not a constant reads a fact: it is measured.
                let (mx, my) = (!matches!(a.kind, ValKind::Const(_)), !matches!(b.kind, ValKind::Const(_)));
                match crate::value::arith_numbers(*op, (x, dx, mx), (y, dy, my)) {
                    Ok((value, dim)) => Value::Number { value, dim },
                    Err(e) => {
                        self.rec.error(RuntimeError::Arith(e, val.span, b.span));
                        return Err(());
                    }
                }
            }
        }))
    }
}

impl Found {
    fn failed(&mut self) {
        self.why = Why::Failed;
        self.truth = Truth::Error;
    }
}
