//! The explaining instance of the evaluator: every leaf condition as data
//! (facts read, value, threshold, margin, why pending or failed) and runtime
//! errors as diagnostics, into the result types of `result.rs`; `render`
//! gives them their words.

use chrono::NaiveDate;

use super::engine::{self, Eval, Found, Outcome, Recorder, RuntimeError, Threshold, Why};
use super::result::{
    Awaiting, Combination, Evaluation, GoalResult, Leaf, Margin, Note, OverrideInfo, SubgoalResult, Total,
};
use super::{Status, Truth};
use crate::diag::codes;
use crate::diag::{Diagnostic, Lang, Msg};
use crate::eval::compile::{self, Cond, CondKind, Program, Val, ValKind};
use crate::facts::{FactValues, Facts};
use crate::syntax::ast::CmpOp;
use crate::value::{ArithError, Value};

/// Evaluates a compiled plan against validated fact values as of `as_of`,
/// explaining every condition. Fact values must be validated against the
/// plan ([`Facts::validate`]); drops and overrides come from `facts`.
pub fn evaluate(program: &Program, facts: &Facts, values: &FactValues, as_of: NaiveDate, lang: Lang) -> Evaluation {
    let bound = engine::bind(program, facts, values);
    let mut explainer = Explainer::new(program);
    let mut out = Outcome::default();
    engine::run(program, &bound, as_of, &mut out, &mut explainer);
    let mut goals = Vec::with_capacity(program.goals.len());
    for (g, (goal, (rule_status, subgoals, direct, now))) in program.goals.iter().zip(explainer.goals).enumerate() {
        let status = out.statuses.get(g).copied().unwrap_or(rule_status);
        let overridden = facts
            .overrides
            .iter()
            .find(|o| o.goal == goal.id)
            .filter(|_| status != Status::Dropped)
            .map(|o| OverrideInfo { rule_status, reason: o.reason.clone() });
        let end = program.period.and_then(|p| goal.decided_at(p.end));
        let awaiting = end.zip(now).map(|(end, now)| Awaiting { end, now });
        let dropped_reason =
            facts.drops.iter().find(|d| d.goal == goal.id && d.subgoal.is_none()).map(|d| d.reason.clone());
        goals.push(GoalResult {
            id: goal.id.clone(),
            title: goal.title.clone(),
            section: goal.section.clone(),
            status,
            overridden,
            dropped_reason,
            weight: bound.share(g),
            score: out.scores.get(g).copied().unwrap_or_default(),
            subgoals,
            explanation: direct,
            combination: Combination::of(goal),
            awaiting,
            target_year: goal.target_year,
            needed: Vec::new(),
        });
    }
    Evaluation {
        schema_version: 4,
        plan: program.title.clone(),
        as_of,
        goals,
        total: Total { score: out.total, max_reachable: out.max_reachable },
        lang,
        errors: explainer.errors,
        warnings: Vec::new(),
    }
}

/// One goal as the explainer found it: the rules' status, its sub-goals, its
/// own conditions, and what the figures so far give while it waits for the
/// period's end.
type Explained = (Status, Vec<SubgoalResult>, Vec<Leaf>, Option<Status>);

/// The recorder that explains: leaves in words, grouped by sub-goal and
/// goal, and runtime errors as diagnostics.
struct Explainer<'a> {
    program: &'a Program,
    /// Leaves of the part being evaluated.
    leaves: Vec<Leaf>,
    /// Sub-goals and direct leaves of the goal being evaluated.
    subgoals: Vec<SubgoalResult>,
    direct: Vec<Leaf>,
    /// Per goal evaluated: the rules' status, sub-goals, direct leaves.
    goals: Vec<Explained>,
    /// What the figures so far give the goal being evaluated, while it waits for the period's end.
    awaiting: Option<Status>,
    errors: Vec<Diagnostic>,
}

impl<'a> Explainer<'a> {
    fn new(program: &'a Program) -> Explainer<'a> {
        Explainer {
            program,
            leaves: Vec::new(),
            subgoals: Vec::new(),
            direct: Vec::new(),
            goals: Vec::with_capacity(program.goals.len()),
            awaiting: None,
            errors: Vec::new(),
        }
    }
}

impl Recorder for Explainer<'_> {
    const EVERY_PART: bool = true;

    fn leaf(&mut self, cond: &Cond, slots: &[Option<Value>], found: Found) {
        let mut leaf = Leaf {
            rule: self.program.source.slice(cond.span).split_whitespace().collect::<Vec<_>>().join(" "),
            span: cond.span,
            truth: found.truth,
            facts: Vec::new(),
            value: found.value,
            threshold: found.threshold,
            margin: None,
            note: None,
        };
        collect_facts_cond(cond, self.program, slots, &mut leaf.facts);
        match found.threshold {
            Threshold::Compare(op, y) => {
                if let (Some(Value::Number { value: x, dim }), Value::Number { value: y, .. }) = (found.value, y) {
                    let margin = match op {
                        CmpOp::Le | CmpOp::Lt => y.checked_sub(x),
                        CmpOp::Ge | CmpOp::Gt => x.checked_sub(y),
                        _ => None,
                    };
                    leaf.margin = margin.map(|m| Margin::Amount(m, dim));
                }
            }
            Threshold::Time(time) => {
                if let (Some(Value::Date { value: date }), Why::Decided) = (found.value, found.why) {
                    leaf.margin = Some(Margin::Days((time.end - date).num_days()));
                }
            }
            Threshold::None | Threshold::Range(..) => {}
        }
        leaf.note = match found.why {
            Why::Decided => None,
            Why::Missing(deadline) if found.truth == Truth::Unknown => Some(Note::Awaiting(deadline)),
            Why::Missing(deadline) => Some(Note::NotReported(deadline)),
            Why::NotYet(deadline) => Some(Note::NotReached(deadline)),
            Why::AfterAsOf => Some(Note::AfterAsOf),
            // A condition whose evaluation raised the runtime error last
            // recorded has that error's message as its note.
            Why::Failed => self.errors.last().map(|d| Note::Failed(d.title.clone(), d.label.clone())),
        };
        self.leaves.push(leaf);
    }

    fn error(&mut self, error: RuntimeError) {
        self.errors.push(runtime_diagnostic(error));
    }

    fn subgoal(&mut self, goal: usize, sub: usize, truth: Truth, dropped: bool) {
        let Some(s) = self.program.goals.get(goal).and_then(|g| g.subgoals.get(sub)) else { return };
        self.subgoals.push(SubgoalResult {
            id: s.name.clone(),
            title: s.title.clone(),
            status: if dropped { Status::Dropped } else { Status::of(truth) },
            explanation: std::mem::take(&mut self.leaves),
        });
    }

    fn condition(&mut self, _goal: usize) {
        self.direct.append(&mut self.leaves);
    }

    fn goal(&mut self, _goal: usize, rule_status: Status, _status: Status) {
        self.goals.push((
            rule_status,
            std::mem::take(&mut self.subgoals),
            std::mem::take(&mut self.direct),
            self.awaiting.take(),
        ));
    }

    fn awaiting(&mut self, _goal: usize, now: Status) {
        self.awaiting = Some(now);
    }
}

/// A runtime error as a diagnostic at its span.
fn runtime_diagnostic(error: RuntimeError) -> Diagnostic {
    match error {
        RuntimeError::Incomparable(span, x, y) => Diagnostic::error(
            codes::INCOMPARABLE,
            Msg::new("værdierne kan ikke sammenlignes", "the values cannot be compared"),
            Some(span),
            Msg::new(
                format!("{} mod {}", x.describe(Lang::Da), y.describe(Lang::Da)),
                format!("{} against {}", x.describe(Lang::En), y.describe(Lang::En)),
            ),
        ),
        RuntimeError::Arith(ArithError::Units(dx, dy), span, _) => Diagnostic::error(
            codes::RUNTIME_UNITS,
            Msg::new("enhederne passer ikke sammen", "units do not match"),
            Some(span),
            Msg::new(
                format!("{} og {}", dx.describe().da, dy.describe().da),
                format!("{} and {}", dx.describe().en, dy.describe().en),
            ),
        ),
        RuntimeError::Arith(ArithError::DivisionByZero, _, divisor) => Diagnostic::error(
            codes::DIVISION_BY_ZERO,
            Msg::new("division med nul", "division by zero"),
            Some(divisor),
            Msg::new("denne værdi er 0", "this value is 0"),
        )
        .note(Msg::new(
            "en relativ afvigelse kan ikke beregnes mod et budget på 0",
            "a relative deviation cannot be computed against a budget of 0",
        )),
        RuntimeError::Arith(ArithError::Overflow, span, _) => Diagnostic::error(
            codes::OVERFLOW,
            Msg::new("talværdien løb over", "arithmetic overflow"),
            Some(span),
            Msg::new("resultatet er større end 28 cifre", "the result exceeds 28 digits"),
        ),
    }
}

/// Each fact a measured condition reads, as `name` or `name[year]`, with its
/// value for people (none when not reported).
fn collect_facts_cond(cond: &Cond, program: &Program, slots: &[Option<Value>], out: &mut Vec<(String, Option<Value>)>) {
    for slot in cond.leaf_slots() {
        let Some((name, year)) = program.slots.get(slot) else { continue };
        let label = match year {
            Some(y) => format!("{name}[{y}]"),
            None => name.clone(),
        };
        if !out.iter().any(|(l, _)| *l == label) {
            out.push((label, slots.get(slot).copied().flatten()));
        }
    }
}

/// What an ad-hoc expression gave (`evaluate_expr`); `render` says it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ExprResult {
    /// A value: its amount, or `None` when a fact it reads is missing.
    Value(Option<Value>),
    /// A condition: its truth and the leaves it measured.
    Condition(Truth, Vec<Leaf>),
    /// Nothing to show (the value could not be computed; see the errors).
    Nothing,
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
) -> Result<ExprResult, Vec<Diagnostic>> {
    let mut unknown = Vec::new();
    find_unknown(expr, known, &mut unknown);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut slots = program.slots.clone();
    let cond = compile::compile_expr(expr, &mut slots);
    let slot_values: Vec<Option<Value>> = slots.iter().map(|key| values.get(key).copied()).collect();
    // A program whose slot table includes any new names and whose source is
    // the expression, so explanations quote it.
    let mut with_slots = program.clone();
    with_slots.slots = slots;
    with_slots.source = crate::source::Source::new("<repl>", text);
    let deadline = program.period.map_or(as_of, |p| p.end);
    let mut explainer = Explainer::new(&with_slots);
    let mut eval = Eval { slots: &slot_values, as_of, deadline, rec: &mut explainer };
    let out = compile::on_stack_for(crate::syntax::expr_depth(expr), || match &cond.kind {
        CondKind::Truthy(val) if !matches!(val.kind, ValKind::Slot(_)) || is_number(&slot_values, val) => {
            match eval.value(val) {
                Ok(v) => ExprResult::Value(v),
                Err(()) => ExprResult::Nothing,
            }
        }
        _ => {
            let truth = eval.cond(&cond);
            ExprResult::Condition(truth, std::mem::take(&mut eval.rec.leaves))
        }
    });
    if explainer.errors.is_empty() {
        Ok(out)
    } else {
        Err(explainer.errors)
    }
}

fn is_number(slots: &[Option<Value>], val: &Val) -> bool {
    match val.kind {
        ValKind::Slot(i) => matches!(slots.get(i), Some(Some(Value::Number { .. }))),
        _ => true,
    }
}

fn find_unknown(expr: &crate::syntax::ast::Expr, known: &[&str], out: &mut Vec<Diagnostic>) {
    expr.walk(&mut |e| {
        let crate::syntax::ast::ExprKind::Name(n, _) = &e.kind else { return };
        if !known.contains(&n.as_str()) {
            out.push(
                Diagnostic::error(
                    codes::UNKNOWN_FACT,
                    Msg::new(format!("ukendt faktum `{n}`"), format!("unknown fact `{n}`")),
                    Some(e.span),
                    Msg::new("planen bruger ikke dette faktum", "the plan does not use this fact"),
                )
                .maybe_hint(crate::diag::did_you_mean(n, known.iter().copied())),
            );
        }
    });
}
