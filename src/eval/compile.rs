//! Checked syntax tree → evaluation tree.
//!
//! Facts become slots (indices into a vector filled once per evaluation), `mål:`
//! names become sub-goal indices, constant sub-expressions are folded, and every
//! node keeps its span so runtime errors and explanations point at the rule.
//! A [`Program`] owns its source text and is `Send + Sync`: compile once,
//! evaluate many times.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::Checked;
use crate::source::{Source, Span};
use crate::syntax::ast::{self, ArithOp, CmpOp, Combinator, DeadlineOp, ExprKind, Scoring, Stmt};
use crate::value::{TimeSpan, Value};

/// A compiled plan.
#[derive(Clone, Debug)]
pub struct Program {
    /// The plan title.
    pub title: String,
    /// The rule source, for explanations.
    pub source: Source,
    /// The plan period.
    pub period: Option<TimeSpan>,
    /// How goals add up.
    pub scoring: Scoring,
    /// The fact read by each slot: name and optional year.
    pub slots: Vec<(String, Option<i32>)>,
    /// Goals in plan order.
    pub goals: Vec<Goal>,
    /// The deepest expression tree in the plan (see [`Program::on_enough_stack`]).
    pub depth: usize,
}

impl Program {
    /// Runs an evaluation of this program with stack for its deepest tree:
    /// on the caller's stack as it is for plans of ordinary depth (every
    /// thread has room for those), otherwise moving to a fresh segment when
    /// the caller's has too little left. Evaluation recurses once per level
    /// and is not itself guarded, which keeps the hot path free of checks.
    pub fn on_enough_stack<R>(&self, evaluation: impl FnOnce() -> R) -> R {
        on_stack_for(self.depth, evaluation)
    }
}

/// Runs `evaluation` of trees `depth` deep with stack enough for them.
pub(crate) fn on_stack_for<R>(depth: usize, evaluation: impl FnOnce() -> R) -> R {
    /// Trees up to this deep are evaluated where the caller stands.
    const SHALLOW: usize = 16;
    /// Stack an evaluation takes per level, with room to spare (measured:
    /// about 6 KiB in debug builds with explanations, less in release).
    const STACK_PER_LEVEL: usize = 16 * 1024;
    if depth <= SHALLOW {
        return evaluation();
    }
    let need = 64 * 1024 + depth * STACK_PER_LEVEL;
    stacker::maybe_grow(need, need, evaluation)
}

/// A compiled goal.
#[derive(Clone, Debug)]
pub struct Goal {
    /// `7`, `3.1`
    pub id: String,
    /// The title.
    pub title: Option<String>,
    /// The section.
    pub section: Option<String>,
    /// `frist …`, when written.
    pub deadline: Option<NaiveDate>,
    /// `opgøres ultimo`: pending until the facts cover the period's end.
    pub year_end: bool,
    /// `målår 2022` after the plan's period: out of this year's score.
    pub target_year: Option<i32>,
    /// `vægt …`; else, with weighted sub-goals, the sum of their points; else 1.
    pub weight: Decimal,
    /// Sub-goals in order.
    pub subgoals: Vec<Subgoal>,
    /// The goal's own conditions.
    pub conditions: Vec<Cond>,
    /// The `mål:` line over sub-goal indices.
    pub combine: Option<Comb>,
}

impl Goal {
    /// The date a report must cover before the goal is decided, if it must:
    /// the period's end (`period_end`) for `opgøres ultimo`; the goal's
    /// deadline (the end of its year unless a `frist` says) for a `målår`.
    #[inline]
    pub fn decided_at(&self, period_end: NaiveDate) -> Option<NaiveDate> {
        if self.target_year.is_some() {
            self.deadline
        } else {
            self.year_end.then_some(period_end)
        }
    }
}

/// A compiled sub-goal.
#[derive(Clone, Debug)]
pub struct Subgoal {
    /// `a`, `b`, …
    pub name: String,
    /// The title.
    pub title: Option<String>,
    /// `vægt 5 point` (a milestone's points under `scoring delvis`), or 1:
    /// its share of the goal's weight is this over the sub-goals' sum.
    pub weight: Decimal,
    /// Its condition.
    pub cond: Cond,
}

/// A `mål:` combination over sub-goals.
#[derive(Clone, Debug)]
pub enum Comb {
    /// A sub-goal by index.
    Sub(usize),
    /// `sand`/`falsk`.
    Const(bool),
    /// `ikke c`
    Not(Box<Comb>),
    /// `all(…)`, `a og b`
    All(Vec<Comb>),
    /// `any(…)`, `a eller b`
    Any(Vec<Comb>),
    /// `atleast(n, …)`
    AtLeast(usize, Vec<Comb>),
}

/// A condition (yes/no/unknown).
#[derive(Clone, Debug)]
pub struct Cond {
    /// What it is.
    pub kind: CondKind,
    /// Where it is written.
    pub span: Span,
}

/// Condition forms.
#[derive(Clone, Debug)]
pub enum CondKind {
    /// All hold.
    All(Vec<Cond>),
    /// One holds.
    Any(Vec<Cond>),
    /// At least n hold.
    AtLeast(usize, Vec<Cond>),
    /// Negation.
    Not(Box<Cond>),
    /// A constant.
    Const(bool),
    /// `a <= b` …
    Compare(CmpOp, Val, Val),
    /// `v in lo..hi`
    Range(Val, Val, Val),
    /// `leveret senest T`
    Deadline(DeadlineOp, Val, TimeSpan),
    /// A yes/no value used as a condition.
    Truthy(Val),
}

/// A value expression.
#[derive(Clone, Debug)]
pub struct Val {
    /// What it is.
    pub kind: ValKind,
    /// Where it is written.
    pub span: Span,
}

/// Value forms.
#[derive(Clone, Debug)]
pub enum ValKind {
    /// A constant (folded).
    Const(Value),
    /// A fact slot.
    Slot(usize),
    /// `-v`
    Neg(Box<Val>),
    /// `|v|`
    Abs(Box<Val>),
    /// `a op b`
    Arith(ArithOp, Box<Val>, Box<Val>),
}

impl Cond {
    /// The fact slots a measured condition (a comparison, range, deadline or
    /// yes/no value) reads, each once, in the order written; none for a
    /// combination of conditions or a constant.
    pub fn leaf_slots(&self) -> Vec<usize> {
        let mut out = Vec::new();
        match &self.kind {
            CondKind::Compare(_, a, b) => [a, b].iter().for_each(|v| v.slots_into(&mut out)),
            CondKind::Range(a, b, c) => [a, b, c].iter().for_each(|v| v.slots_into(&mut out)),
            CondKind::Deadline(_, v, _) | CondKind::Truthy(v) => v.slots_into(&mut out),
            _ => {}
        }
        out
    }
}

impl Val {
    /// Adds the slots this value reads to `out`, each once.
    pub fn slots_into(&self, out: &mut Vec<usize>) {
        match &self.kind {
            ValKind::Slot(i) if !out.contains(i) => out.push(*i),
            ValKind::Slot(_) | ValKind::Const(_) => {}
            ValKind::Arith(_, a, b) => {
                a.slots_into(out);
                b.slots_into(out);
            }
            ValKind::Neg(a) | ValKind::Abs(a) => a.slots_into(out),
        }
    }
}

/// Compiles a checked plan.
pub fn compile(checked: &Checked, source: &Source) -> Program {
    compile_source(checked, source.clone())
}

/// Compiles a checked plan, keeping `source` (its text) without a copy.
pub fn compile_source(checked: &Checked, source: Source) -> Program {
    let header = &checked.file.header;
    let mut compiler = Compiler::new(checked.facts.len());
    let period = header.period.as_ref().map(|p| p.value);
    let goals = checked.file.goals.iter().map(|g| later_year(compiler.goal(g), period)).collect();
    let depth = checked
        .file
        .goals
        .iter()
        .flat_map(|g| &g.stmts)
        .filter_map(|stmt| match stmt {
            Stmt::Subgoal { expr, .. } | Stmt::Condition(expr) | Stmt::Combine(expr) => {
                Some(crate::syntax::expr_depth(expr))
            }
            _ => None,
        })
        .max()
        .unwrap_or(0);
    Program {
        depth,
        title: header.title.value.clone(),
        source,
        period: header.period.as_ref().map(|p| p.value),
        scoring: header.scoring.as_ref().map(|s| s.value).unwrap_or_default(),
        slots: compiler.slots,
        goals,
    }
}

/// A `målår` counts only after the plan's period: such a goal is out of
/// this year's score, and without a `frist` its deadline is the end of its year.
fn later_year(mut goal: Goal, period: Option<TimeSpan>) -> Goal {
    use chrono::Datelike;
    goal.target_year = goal.target_year.filter(|y| period.is_some_and(|p| *y > p.end.year()));
    if let (Some(year), None) = (goal.target_year, goal.deadline) {
        goal.deadline = NaiveDate::from_ymd_opt(year, 12, 31);
    }
    goal
}

/// Compiles one condition or value expression (the REPL's ad-hoc
/// expressions), adding any new facts to `slots`.
pub fn compile_expr(expr: &ast::Expr, slots: &mut Vec<(String, Option<i32>)>) -> Cond {
    let mut compiler = Compiler::new(slots.len());
    for (name, year) in std::mem::take(slots) {
        compiler.slot(name, year);
    }
    let cond = compiler.cond(expr);
    *slots = compiler.slots;
    cond
}

struct Compiler {
    slots: Vec<(String, Option<i32>)>,
    /// Each slot's index by fact, so a plan of many goals compiles in linear time.
    /// (By name alone for the usual unindexed fact, so a lookup copies nothing.)
    slot_index: std::collections::HashMap<String, usize>,
    /// The same for facts indexed by year (`budget[2025]`).
    slot_index_years: std::collections::HashMap<(String, i32), usize>,
    /// The `frist` of the goal being compiled, when written.
    frist: Option<NaiveDate>,
}

impl Compiler {
    /// A compiler for about `facts` facts.
    fn new(facts: usize) -> Compiler {
        Compiler {
            slots: Vec::with_capacity(facts),
            slot_index: std::collections::HashMap::with_capacity(facts),
            slot_index_years: Default::default(),
            frist: None,
        }
    }

    /// A delivery's time within the goal's `frist`: `leveret i 2024` under
    /// `frist 30. juni 2024` must be in by 30 June (pending until then, not
    /// met after it if not in, and a delivery after it is late).
    fn within_frist(&self, time: TimeSpan) -> TimeSpan {
        match self.frist {
            Some(frist) if frist < time.end => TimeSpan { start: time.start, end: frist },
            _ => time,
        }
    }

    /// The slot of fact `name` (`[year]`), made on first use.
    fn slot(&mut self, name: impl AsRef<str> + Into<String>, year: Option<i32>) -> usize {
        let known = match year {
            None => self.slot_index.get(name.as_ref()),
            Some(y) => self.slot_index_years.get(&(name.as_ref().to_string(), y)),
        };
        if let Some(slot) = known {
            return *slot;
        }
        let slot = self.slots.len();
        let name: String = name.into();
        match year {
            None => self.slot_index.insert(name.clone(), slot),
            Some(y) => self.slot_index_years.insert((name.clone(), y), slot),
        };
        self.slots.push((name, year));
        slot
    }

    fn goal(&mut self, goal: &ast::Goal) -> Goal {
        self.frist = goal.stmts.iter().find_map(|s| match s {
            Stmt::Deadline(d) => Some(d.value.end),
            _ => None,
        });
        let mut out = Goal {
            id: goal.id.value.clone(),
            title: goal.title.as_ref().map(|t| t.value.clone()),
            section: goal.section.clone(),
            deadline: None,
            year_end: false,
            target_year: None,
            weight: Decimal::ONE,
            subgoals: Vec::new(),
            conditions: Vec::new(),
            combine: None,
        };
        let mut combine = None;
        let mut weighed = false;
        let mut milestones: Option<Decimal> = None;
        for stmt in &goal.stmts {
            match stmt {
                Stmt::Subgoal { name, title, weight, expr } => {
                    let w = weight.as_ref().map_or(Decimal::ONE, |w| w.value);
                    if weight.is_some() {
                        milestones = Some(milestones.unwrap_or_default().saturating_add(w));
                    }
                    out.subgoals.push(Subgoal {
                        name: name.value.clone(),
                        title: title.as_ref().map(|t| t.value.clone()),
                        weight: w,
                        cond: self.cond(expr),
                    });
                }
                Stmt::Condition(expr) => {
                    let c = self.cond(expr);
                    out.conditions.push(c);
                }
                Stmt::Combine(expr) => combine = Some(expr),
                Stmt::Deadline(d) => out.deadline = Some(d.value.end),
                Stmt::YearEnd(_) => out.year_end = true,
                Stmt::TargetYear(y) => out.target_year = Some(y.value),
                Stmt::Weight(w) => {
                    out.weight = w.value;
                    weighed = true;
                }
                _ => {}
            }
        }
        // A goal of milestones weighs what its milestones' points add up to.
        if let (false, Some(sum)) = (weighed, milestones) {
            out.weight = sum;
        }
        let names: Vec<&str> = out.subgoals.iter().map(|s| s.name.as_str()).collect();
        out.combine = combine.map(|e| comb(e, &names));
        out
    }

    fn cond(&mut self, expr: &ast::Expr) -> Cond {
        crate::deep(|| {
            let kind = match &expr.kind {
                ExprKind::And(parts) | ExprKind::Call(crate::source::Spanned { value: Combinator::All, .. }, parts) => {
                    CondKind::All(parts.iter().map(|p| self.cond(p)).collect())
                }
                ExprKind::Or(parts) | ExprKind::Call(crate::source::Spanned { value: Combinator::Any, .. }, parts) => {
                    CondKind::Any(parts.iter().map(|p| self.cond(p)).collect())
                }
                ExprKind::Call(_, parts) => {
                    CondKind::AtLeast(count(parts.first()), parts.iter().skip(1).map(|p| self.cond(p)).collect())
                }
                ExprKind::Not(e) => CondKind::Not(Box::new(self.cond(e))),
                ExprKind::Bool(b) => CondKind::Const(*b),
                ExprKind::Compare(op, a, b) => CondKind::Compare(*op, self.val(a), self.val(b)),
                ExprKind::Range(v, lo, hi) => CondKind::Range(self.val(v), self.val(lo), self.val(hi)),
                // Before T is by the day before T begins: one rule for the
                // evaluator, the margins and the explanations.
                ExprKind::Deadline(DeadlineOp::Before, v, t) => {
                    let day = t.value.start.pred_opt().unwrap_or(t.value.start);
                    CondKind::Deadline(DeadlineOp::By, self.val(v), self.within_frist(TimeSpan::day(day)))
                }
                ExprKind::Deadline(op, v, t) => CondKind::Deadline(*op, self.val(v), self.within_frist(t.value)),
                _ => CondKind::Truthy(self.val(expr)),
            };
            Cond { kind, span: expr.span }
        })
    }

    fn val(&mut self, expr: &ast::Expr) -> Val {
        crate::deep(|| {
            let kind = match &expr.kind {
                ExprKind::Number(v, d) => ValKind::Const(Value::Number { value: *v, dim: *d }),
                ExprKind::Bool(b) => ValKind::Const(Value::Bool { value: *b }),
                ExprKind::Time(t) => ValKind::Const(Value::Date { value: t.end }),
                ExprKind::Name(n, y) => ValKind::Slot(self.slot(n.as_str(), *y)),
                ExprKind::Neg(e) => fold_unary(self.val(e), true),
                ExprKind::Abs(e) => fold_unary(self.val(e), false),
                ExprKind::Arith(op, a, b) => fold_arith(*op, self.val(a), self.val(b)),
                // The checker rejects everything else as a value; keep a harmless constant.
                _ => ValKind::Const(Value::Bool { value: false }),
            };
            Val { kind, span: expr.span }
        })
    }
}

/// The `n` of `atleast(n, …)`.
fn count(first: Option<&ast::Expr>) -> usize {
    match first.map(|e| &e.kind) {
        Some(ExprKind::Number(n, _)) => n.trunc().to_string().parse().unwrap_or(1),
        _ => 1,
    }
}

fn comb(expr: &ast::Expr, names: &[&str]) -> Comb {
    crate::deep(|| {
        let many = |parts: &[ast::Expr]| parts.iter().map(|p| comb(p, names)).collect();
        match &expr.kind {
            ExprKind::Name(n, _) => names.iter().position(|s| s == n).map_or(Comb::Const(false), Comb::Sub),
            ExprKind::Bool(b) => Comb::Const(*b),
            ExprKind::Not(e) => Comb::Not(Box::new(comb(e, names))),
            ExprKind::And(parts) | ExprKind::Call(crate::source::Spanned { value: Combinator::All, .. }, parts) => {
                Comb::All(many(parts))
            }
            ExprKind::Or(parts) | ExprKind::Call(crate::source::Spanned { value: Combinator::Any, .. }, parts) => {
                Comb::Any(many(parts))
            }
            ExprKind::Call(_, parts) => Comb::AtLeast(count(parts.first()), many(parts.get(1..).unwrap_or(&[]))),
            _ => Comb::Const(false),
        }
    })
}

fn fold_unary(v: Val, negate: bool) -> ValKind {
    if let ValKind::Const(Value::Number { value, dim }) = v.kind {
        let value = if negate { -value } else { value.abs() };
        return ValKind::Const(Value::Number { value, dim });
    }
    if negate {
        ValKind::Neg(Box::new(v))
    } else {
        ValKind::Abs(Box::new(v))
    }
}

/// Folds `const op const` when the result is well defined; anything that
/// would be a runtime error (division by zero, overflow, unit mismatch) is
/// left for the evaluator to report at its span.
fn fold_arith(op: ArithOp, a: Val, b: Val) -> ValKind {
    if let (ValKind::Const(x), ValKind::Const(y)) = (&a.kind, &b.kind) {
        if let Ok(value) = crate::value::arith(op, *x, *y) {
            return ValKind::Const(value);
        }
    }
    ValKind::Arith(op, Box::new(a), Box::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Dim;

    fn program(text: &str) -> Program {
        let source = Source::new("t.maal", text);
        compile(&crate::check_source(&source).unwrap(), &source)
    }

    #[test]
    fn facts_become_shared_slots_and_constants_fold() {
        let p = program(
            "plan \"x\" { periode 2026 }\nmål 1: |a - b| <= 1 mio + 500 t. kr. og a[2024] > a[2023] og |b - a| >= 0 kr.;",
        );
        assert_eq!(p.slots.len(), 4);
        let CondKind::All(parts) = &p.goals[0].conditions[0].kind else { panic!("not all") };
        let CondKind::Compare(_, _, rhs) = &parts[0].kind else { panic!("not compare") };
        assert!(
            matches!(rhs.kind, ValKind::Const(Value::Number { value, dim: Dim::Money }) if value == Decimal::from(1_500_000))
        );
    }

    #[test]
    fn division_by_constant_zero_is_not_folded() {
        let p = program("plan \"x\" { periode 2026 }\nmål 1: a / (1 mio - 1 mio) <= 5 pct;");
        let CondKind::Compare(_, lhs, _) = &p.goals[0].conditions[0].kind else { panic!("not compare") };
        assert!(matches!(lhs.kind, ValKind::Arith(ArithOp::Div, _, _)));
    }

    #[test]
    fn program_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Program>();
    }
}
