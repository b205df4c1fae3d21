//! Where a goal can change status as one fact moves, the others fixed: the
//! breakpoints of its conditions, solved exactly in Decimal.
//!
//! A comparison whose sides are piecewise linear in the fact (sums,
//! differences, `|…|`, products and quotients with a side that does not read
//! it) changes truth only where its sides meet, at a kink of a `|…|`, or
//! where a divisor is 0; within each piece both sides are `a·x + b`, so the
//! meeting point is `x = (b₂ − b₁) / (a₁ − a₂)`. A relative deviation
//! `|b − r| / |b| <= p` is solved in `r` as a line, and in `b` piecewise, as
//! `|b − r| − p·|b|` on each side of `b = 0`. Between two breakpoints the
//! goal's status cannot change, so the caller evaluates the goal (trace-free)
//! only at the breakpoints and just beside them. A condition that is not
//! piecewise linear in the fact (`x * x`, `1 / x` against a non-constant)
//! makes the answer inexact, and the caller falls back to a search.

use rust_decimal::Decimal;

use super::compile::{Cond, CondKind, Program, Val, ValKind};
use super::Bound;
use crate::syntax::ast::ArithOp;
use crate::value::Value;

/// The values of a fact at which a goal's status may change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakpoints {
    /// Candidate values (in the fact's value: kroner, a fraction for
    /// percentages), ascending, without repeats.
    pub points: Vec<Decimal>,
    /// Whether every condition reading the fact was solved exactly; when not,
    /// `points` may miss a change.
    pub exact: bool,
}

/// The breakpoints of goal `goal` in the fact read from `slot`, the other
/// facts as `bound` holds them.
pub fn breakpoints(program: &Program, goal: usize, slot: usize, bound: &Bound) -> Breakpoints {
    let mut solver = Solver { slot, bound, points: Vec::new(), exact: true };
    if let Some(goal) = program.goals.get(goal) {
        for sub in &goal.subgoals {
            solver.cond(&sub.cond);
        }
        for cond in &goal.conditions {
            solver.cond(cond);
        }
    }
    let mut points = solver.points;
    points.sort();
    points.dedup();
    Breakpoints { points, exact: solver.exact }
}

/// `a·x + b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Line {
    a: Decimal,
    b: Decimal,
}

impl Line {
    fn at(self, x: Decimal) -> Option<Decimal> {
        self.a.checked_mul(x)?.checked_add(self.b)
    }

    fn minus(self, other: Line) -> Option<Line> {
        Some(Line { a: self.a.checked_sub(other.a)?, b: self.b.checked_sub(other.b)? })
    }

    fn scaled(self, k: Decimal) -> Option<Line> {
        Some(Line { a: self.a.checked_mul(k)?, b: self.b.checked_mul(k)? })
    }

    /// Where the line is 0, when it crosses it.
    fn root(self) -> Option<Decimal> {
        if self.a.is_zero() {
            return None;
        }
        (-self.b).checked_div(self.a)
    }
}

struct Solver<'a> {
    slot: usize,
    bound: &'a Bound,
    points: Vec<Decimal>,
    exact: bool,
}

impl Solver<'_> {
    fn cond(&mut self, cond: &Cond) {
        crate::deep(|| match &cond.kind {
            CondKind::All(parts) | CondKind::Any(parts) | CondKind::AtLeast(_, parts) => {
                parts.iter().for_each(|p| self.cond(p));
            }
            CondKind::Not(c) => self.cond(c),
            CondKind::Compare(_, a, b) => self.meet(a, b),
            CondKind::Range(v, lo, hi) => {
                self.meet(v, lo);
                self.meet(v, hi);
            }
            CondKind::Deadline(_, v, _) | CondKind::Truthy(v) => {
                if self.reads(v) {
                    self.exact = false;
                }
            }
            CondKind::Const(_) => {}
        });
    }

    /// Whether `val` reads the fact.
    fn reads(&self, val: &Val) -> bool {
        match &val.kind {
            ValKind::Slot(i) => *i == self.slot,
            ValKind::Const(_) => false,
            ValKind::Neg(e) | ValKind::Abs(e) => self.reads(e),
            ValKind::Arith(_, a, b) => self.reads(a) || self.reads(b),
        }
    }

    /// The breakpoints of `a` against `b`: where they meet, piece by piece.
    fn meet(&mut self, a: &Val, b: &Val) {
        if !self.reads(a) && !self.reads(b) {
            return;
        }
        let mut kinks = Vec::new();
        if !(self.kinks(a, &mut kinks) && self.kinks(b, &mut kinks)) {
            self.exact = false;
            return;
        }
        kinks.sort();
        kinks.dedup();
        self.points.extend(kinks.iter().copied());
        for (lo, hi, inside) in pieces(&kinks) {
            let Some(inside) = inside else {
                self.exact = false;
                continue;
            };
            let difference = match (self.line(a, inside), self.line(b, inside)) {
                (Some(x), Some(y)) => x.minus(y),
                // A quotient whose divisor reads the fact, against a side that
                // does not: n / d ≥ k ⇔ n − k·d ≥ 0 (the sign of d fixed in the piece).
                _ => self.ratio(a, b, inside).or_else(|| self.ratio(b, a, inside)),
            };
            match difference {
                Some(line) => {
                    if let Some(root) =
                        line.root().filter(|r| lo.is_none_or(|lo| *r >= lo) && hi.is_none_or(|hi| *r <= hi))
                    {
                        self.points.push(root);
                    }
                }
                None => self.exact = false,
            }
        }
    }

    /// `n / d − k` as `n − k·d` near `x`, for `ratio` = n / d with d reading
    /// the fact and `other` = k not reading it.
    fn ratio(&self, ratio: &Val, other: &Val, x: Decimal) -> Option<Line> {
        let ValKind::Arith(ArithOp::Div, n, d) = &ratio.kind else { return None };
        let k = self.line(other, x).filter(|k| k.a.is_zero())?;
        self.line(n, x)?.minus(self.line(d, x)?.scaled(k.b)?)
    }

    /// Where the pieces of `val` change (kinks of `|…|`, zeros of divisors),
    /// into `out`; false when `val` is not piecewise linear in the fact.
    fn kinks(&self, val: &Val, out: &mut Vec<Decimal>) -> bool {
        crate::deep(|| match &val.kind {
            ValKind::Const(_) | ValKind::Slot(_) => true,
            ValKind::Neg(e) => self.kinks(e, out),
            ValKind::Abs(e) => self.zeros(e, out),
            ValKind::Arith(ArithOp::Div, n, d) => self.kinks(n, out) && self.zeros(d, out),
            ValKind::Arith(_, a, b) => self.kinks(a, out) && self.kinks(b, out),
        })
    }

    /// The kinks of `val` and where it is 0, into `out`.
    fn zeros(&self, val: &Val, out: &mut Vec<Decimal>) -> bool {
        if !self.reads(val) {
            return true;
        }
        let mut inner = Vec::new();
        if !self.kinks(val, &mut inner) {
            return false;
        }
        inner.sort();
        inner.dedup();
        for (lo, hi, inside) in pieces(&inner) {
            let Some(line) = inside.and_then(|x| self.line(val, x)) else { return false };
            if let Some(root) = line.root().filter(|r| lo.is_none_or(|lo| *r >= lo) && hi.is_none_or(|hi| *r <= hi)) {
                out.push(root);
            }
        }
        out.extend(inner);
        true
    }

    /// `val` as a line in the fact near `x` (no kink between), or `None` when
    /// it is not linear there (or a fact it needs is missing).
    fn line(&self, val: &Val, x: Decimal) -> Option<Line> {
        crate::deep(|| match &val.kind {
            ValKind::Const(Value::Number { value, .. }) => Some(Line { a: Decimal::ZERO, b: *value }),
            ValKind::Const(_) => None,
            ValKind::Slot(i) if *i == self.slot => Some(Line { a: Decimal::ONE, b: Decimal::ZERO }),
            ValKind::Slot(i) => match self.bound.get(*i) {
                Some(Value::Number { value, .. }) => Some(Line { a: Decimal::ZERO, b: value }),
                _ => None,
            },
            ValKind::Neg(e) => self.line(e, x)?.scaled(Decimal::NEGATIVE_ONE),
            ValKind::Abs(e) => {
                let line = self.line(e, x)?;
                if line.at(x)?.is_sign_negative() {
                    line.scaled(Decimal::NEGATIVE_ONE)
                } else {
                    Some(line)
                }
            }
            ValKind::Arith(op, a, b) => {
                let (p, q) = (self.line(a, x)?, self.line(b, x)?);
                match op {
                    ArithOp::Add => Some(Line { a: p.a.checked_add(q.a)?, b: p.b.checked_add(q.b)? }),
                    ArithOp::Sub => p.minus(q),
                    ArithOp::Mul if p.a.is_zero() => q.scaled(p.b),
                    ArithOp::Mul if q.a.is_zero() => p.scaled(q.b),
                    ArithOp::Div if q.a.is_zero() && !q.b.is_zero() => {
                        Some(Line { a: p.a.checked_div(q.b)?, b: p.b.checked_div(q.b)? })
                    }
                    ArithOp::Mul | ArithOp::Div => None,
                }
            }
        })
    }
}

/// The pieces between sorted `kinks`: (from, to, a value inside), unbounded
/// at the ends; the value inside is `None` only when it overflows.
fn pieces(kinks: &[Decimal]) -> Vec<(Option<Decimal>, Option<Decimal>, Option<Decimal>)> {
    let (Some(first), Some(last)) = (kinks.first(), kinks.last()) else {
        return vec![(None, None, Some(Decimal::ZERO))];
    };
    let mut out = vec![(None, Some(*first), first.checked_sub(Decimal::ONE))];
    for pair in kinks.windows(2) {
        let mid = pair[0].checked_add(pair[1]).and_then(|s| s.checked_div(Decimal::TWO));
        let mid = mid.or_else(|| (pair[0] / Decimal::TWO).checked_add(pair[1] / Decimal::TWO));
        out.push((Some(pair[0]), Some(pair[1]), mid));
    }
    out.push((Some(*last), None, last.checked_add(Decimal::ONE)));
    out
}

/// The days at which goal `goal` may change status as the date fact in
/// `slot` moves: the first and last day of each period it is held against
/// (and the days beside them), the as-of date and the goal's deadline (a
/// delivery after the as-of date has not happened yet), ascending.
pub fn date_breakpoints(
    program: &Program,
    goal: usize,
    slot: usize,
    as_of: chrono::NaiveDate,
) -> Vec<chrono::NaiveDate> {
    fn walk(cond: &Cond, slot: usize, out: &mut Vec<chrono::NaiveDate>) {
        crate::deep(|| match &cond.kind {
            CondKind::All(parts) | CondKind::Any(parts) | CondKind::AtLeast(_, parts) => {
                parts.iter().for_each(|p| walk(p, slot, out));
            }
            CondKind::Not(c) => walk(c, slot, out),
            CondKind::Deadline(_, Val { kind: ValKind::Slot(i), .. }, time) if *i == slot => {
                out.extend(
                    [time.start.pred_opt(), Some(time.start), Some(time.end), time.end.succ_opt()]
                        .into_iter()
                        .flatten(),
                );
            }
            CondKind::Compare(_, a, b) => {
                for side in [a, b] {
                    if let ValKind::Const(Value::Date { value }) = side.kind {
                        out.extend([value.pred_opt(), Some(value), value.succ_opt()].into_iter().flatten());
                    }
                }
            }
            _ => {}
        });
    }
    let mut out = vec![as_of];
    out.extend(as_of.succ_opt());
    if let Some(goal) = program.goals.get(goal) {
        out.extend(goal.deadline);
        for cond in goal.subgoals.iter().map(|s| &s.cond).chain(&goal.conditions) {
            walk(cond, slot, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The breakpoints of the plan's only goal in `fact`, with `facts` (TOML) bound.
    fn breaks(rules: &str, facts: &str, fact: &str) -> Breakpoints {
        let plan = crate::Plan::compile("t.maal", &format!("plan \"t\" {{ periode 2026 }}\nmål 1: {rules};")).unwrap();
        let bound = plan.bind(&crate::Facts::from_toml(facts).unwrap()).unwrap();
        let slot = plan.slot(fact, None).unwrap();
        breakpoints(plan.program(), 0, slot, &bound)
    }

    #[test]
    fn an_absolute_deviation_is_an_interval_around_the_budget() {
        let b = breaks("|b - r| <= 2 mio", "b = \"41 mio\"\nr = \"42,9 mio\"", "r");
        assert!(b.exact);
        assert_eq!(b.points, [d("39000000"), d("41000000"), d("43000000")]);
    }

    #[test]
    fn a_relative_deviation_is_solved_in_the_result_and_piecewise_in_the_budget() {
        let facts = "b = \"512,4 mio\"\nr = \"540 mio\"";
        let in_r = breaks("|b - r| / |b| <= 5 pct", facts, "r");
        assert!(in_r.exact);
        assert!(
            in_r.points.contains(&d("486780000"))
                || in_r.points.iter().any(|p| (*p - d("486780000")).abs() < d("0.000001"))
        );
        let in_b = breaks("|b - r| / |b| <= 5 pct", facts, "b");
        assert!(in_b.exact);
        // |b − 540| = 0,05·|b|: b = 540/1,05 and b = 540/0,95 (and the kinks 0 and 540).
        let near = |x: Decimal| in_b.points.iter().any(|p| (*p - x).abs() < d("0.001"));
        assert!(near(d("514285714.2857")) && near(d("568421052.6316")) && near(Decimal::ZERO), "{in_b:?}");
    }

    #[test]
    fn a_product_of_the_fact_with_itself_is_not_solved() {
        assert!(!breaks("x * x >= 4", "x = 1", "x").exact);
        assert!(breaks("2 * x + 1 >= 4 og x in 0..10", "x = 1", "x").exact);
    }
}
