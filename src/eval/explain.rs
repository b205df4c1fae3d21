//! The explaining instance of the evaluator: every leaf condition in words
//! (facts read, value, threshold, margin, why pending or failed) and runtime
//! errors as diagnostics, into the result types of `result.rs`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::engine::{self, Eval, Found, Outcome, Recorder, RuntimeError, Threshold, Why};
use super::result::{Combination, Evaluation, GoalResult, Leaf, OverrideInfo, SubgoalResult, Total};
use super::{Status, Truth};
use crate::diag::codes;
use crate::diag::{Diagnostic, Lang, Msg};
use crate::eval::compile::{self, Cond, CondKind, Program, Val, ValKind};
use crate::facts::{FactValues, Facts};
use crate::syntax::ast::CmpOp;
use crate::value::{format_date, format_quantity, ArithError, Value};

/// Evaluates a compiled plan against validated fact values as of `as_of`,
/// explaining every condition. Fact values must be validated against the
/// plan ([`Facts::validate`]); drops and overrides come from `facts`.
pub fn evaluate(program: &Program, facts: &Facts, values: &FactValues, as_of: NaiveDate, lang: Lang) -> Evaluation {
    let bound = engine::bind(program, facts, values);
    let mut explainer = Explainer::new(program, lang);
    let mut out = Outcome::default();
    engine::run(program, &bound, as_of, &mut out, &mut explainer);
    let mut goals = Vec::with_capacity(program.goals.len());
    for (g, (goal, (rule_status, subgoals, direct))) in program.goals.iter().zip(explainer.goals).enumerate() {
        let status = out.statuses.get(g).copied().unwrap_or(rule_status);
        let overridden = facts
            .overrides
            .iter()
            .find(|o| o.goal == goal.id)
            .filter(|_| status != Status::Dropped)
            .map(|o| OverrideInfo { rule_status, reason: o.reason.clone() });
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
            needed: Vec::new(),
        });
    }
    let mut counts = BTreeMap::new();
    for g in &goals {
        *counts.entry(g.status.word(Lang::Da).to_string()).or_insert(0) += 1;
    }
    Evaluation {
        schema_version: 4,
        plan: program.title.clone(),
        as_of,
        goals,
        total: Total { score: out.total, max_reachable: out.max_reachable, counts },
        errors: explainer.errors,
        warnings: Vec::new(),
    }
}

/// The recorder that explains: leaves in words, grouped by sub-goal and
/// goal, and runtime errors as diagnostics.
struct Explainer<'a> {
    program: &'a Program,
    lang: Lang,
    /// Leaves of the part being evaluated.
    leaves: Vec<Leaf>,
    /// Sub-goals and direct leaves of the goal being evaluated.
    subgoals: Vec<SubgoalResult>,
    direct: Vec<Leaf>,
    /// Per goal evaluated: the rules' status, sub-goals, direct leaves.
    goals: Vec<(Status, Vec<SubgoalResult>, Vec<Leaf>)>,
    errors: Vec<Diagnostic>,
}

impl<'a> Explainer<'a> {
    fn new(program: &'a Program, lang: Lang) -> Explainer<'a> {
        Explainer {
            program,
            lang,
            leaves: Vec::new(),
            subgoals: Vec::new(),
            direct: Vec::new(),
            goals: Vec::with_capacity(program.goals.len()),
            errors: Vec::new(),
        }
    }

    fn msg(&self, da: &str, en: &str) -> String {
        msg(self.lang, da, en)
    }
}

impl Recorder for Explainer<'_> {
    const EVERY_PART: bool = true;

    fn leaf(&mut self, cond: &Cond, slots: &[Option<Value>], found: Found) {
        let lang = self.lang;
        let mut leaf = Leaf {
            rule: self.program.source.slice(cond.span).split_whitespace().collect::<Vec<_>>().join(" "),
            span: cond.span,
            truth: found.truth,
            facts: Vec::new(),
            value: found.value.map(|v| v.describe(lang)),
            threshold: None,
            margin: None,
            note: None,
        };
        collect_facts_cond(cond, self.program, slots, lang, &mut leaf.facts);
        match found.threshold {
            Threshold::None => {}
            Threshold::Compare(op, y) => {
                leaf.threshold = Some(format!("{} {}", op.symbol(), y.describe(lang)));
                if let (Some(Value::Number { value: x, dim }), Value::Number { value: y, .. }) = (found.value, y) {
                    let margin = match op {
                        CmpOp::Le | CmpOp::Lt => y.checked_sub(x),
                        CmpOp::Ge | CmpOp::Gt => x.checked_sub(y),
                        _ => None,
                    };
                    leaf.margin = margin.map(|m| format_quantity(m, dim, lang));
                }
            }
            Threshold::Range(lo, hi) => leaf.threshold = Some(format!("{}..{}", lo.describe(lang), hi.describe(lang))),
            Threshold::Time(time) => {
                leaf.threshold = Some(time.describe(lang));
                if let (Some(Value::Date { value: date }), Why::Decided) = (found.value, found.why) {
                    let days = (time.end - date).num_days();
                    leaf.margin = Some(self.msg(&format!("{days} dage"), &format!("{days} days")));
                }
            }
        }
        leaf.note = match found.why {
            Why::Decided => None,
            Why::Missing(deadline) => {
                let when = format_date(deadline, lang);
                Some(if found.truth == Truth::Unknown {
                    self.msg(
                        &format!("afventer indberetning; frist {when}"),
                        &format!("awaiting report; deadline {when}"),
                    )
                } else {
                    self.msg(
                        &format!("ikke indberettet inden fristen {when}"),
                        &format!("not reported by the deadline {when}"),
                    )
                })
            }
            Why::NotYet(deadline) => {
                let when = format_date(deadline, lang);
                Some(self.msg(&format!("endnu ikke nået; frist {when}"), &format!("not reached yet; deadline {when}")))
            }
            Why::AfterAsOf => Some(
                self.msg("leveringsdatoen ligger efter opgørelsesdatoen", "the delivery date is after the as-of date"),
            ),
            // A condition whose evaluation raised the runtime error last
            // recorded has that error's message as its note.
            Why::Failed => self.errors.last().map(|d| format!("{}: {}", d.title.get(lang), d.label.get(lang))),
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
        self.goals.push((rule_status, std::mem::take(&mut self.subgoals), std::mem::take(&mut self.direct)));
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

fn msg(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

/// Each fact a measured condition reads, as `name` or `name[year]`, with its
/// value for people (none when not reported).
fn collect_facts_cond(
    cond: &Cond,
    program: &Program,
    slots: &[Option<Value>],
    lang: Lang,
    out: &mut Vec<(String, Option<String>)>,
) {
    for slot in cond.leaf_slots() {
        let Some((name, year)) = program.slots.get(slot) else { continue };
        let label = match year {
            Some(y) => format!("{name}[{y}]"),
            None => name.clone(),
        };
        if !out.iter().any(|(l, _)| *l == label) {
            out.push((label, slots.get(slot).copied().flatten().map(|v| v.describe(lang))));
        }
    }
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
    let slot_values: Vec<Option<Value>> = slots.iter().map(|key| values.get(key).copied()).collect();
    // A program whose slot table includes any new names and whose source is
    // the expression, so explanations quote it.
    let mut with_slots = program.clone();
    with_slots.slots = slots;
    with_slots.source = crate::source::Source::new("<repl>", text);
    let deadline = program.period.map_or(as_of, |p| p.end);
    let mut explainer = Explainer::new(&with_slots, lang);
    let mut eval = Eval { slots: &slot_values, as_of, deadline, rec: &mut explainer };
    let out = compile::on_stack_for(crate::syntax::expr_depth(expr), || match &cond.kind {
        CondKind::Truthy(val) if !matches!(val.kind, ValKind::Slot(_)) || is_number(&slot_values, val) => {
            match eval.value(val) {
                Ok(Some(v)) => format!("{}\n", v.describe(lang)),
                Ok(None) => msg(lang, "ukendt (et faktum mangler)\n", "unknown (a fact is missing)\n"),
                Err(()) => String::new(),
            }
        }
        _ => {
            let truth = eval.cond(&cond);
            let mut out = format!("{}\n", truth.word(lang));
            for leaf in &eval.rec.leaves {
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
