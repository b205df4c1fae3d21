//! What a goal needs to be met, and how far its facts can move: the probing
//! behind the REPL's `margin` and `mangler`, the `needed` of each goal in an
//! evaluation (`maal eval --explain`, its JSON, the service, the annual
//! report).
//!
//! The breakpoints come from [`super::margin`], solved exactly; a trace-free
//! evaluator ([`Prober`]) with one fact free to change tries each of them on
//! the fact's grid (whole kroner, hundredths of a percent, whole counts, days)
//! and the value just past it. Where a condition is not piecewise linear in the
//! fact, a search (exponential steps, then bisection) is the fallback.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::compile::Program;
use super::compile::{Cond, CondKind};
use super::engine::{self, Bound, Found, Outcome, Recorder, Why};
use super::result::{Need, Shape, Window};
use super::{Evaluation, Status, Truth};
use crate::check::{Checked, FactKind};
use crate::facts::{FactValues, Facts, Reported};
use crate::source::Span;
use crate::value::{Dim, Value};

/// Fills `needed` for every goal of `evaluation` that is neither met nor
/// dropped nor overridden. `values` are `facts` validated against `checked`.
pub fn fill(evaluation: &mut Evaluation, program: &Program, checked: &Checked, facts: &Facts, values: &FactValues) {
    let probing = Probing::new(program, checked, facts, values, evaluation.as_of);
    for (g, goal) in evaluation.goals.iter_mut().enumerate() {
        let open = !matches!(goal.status, Status::Met | Status::Dropped) && goal.overridden.is_none();
        if open {
            goal.needed = probing.needs(g);
        }
    }
}

/// Facts bound to a program as of a date, ready to be probed one fact at a time.
pub struct Probing<'a> {
    program: &'a Program,
    checked: &'a Checked,
    facts: &'a Facts,
    /// The facts each goal reads, by goal id: one pass over the plan's facts,
    /// not one per goal (a plan may have 100 000 goals).
    by_goal: std::collections::HashMap<&'a str, Vec<&'a str>>,
    bound: Bound,
    as_of: NaiveDate,
}

impl<'a> Probing<'a> {
    /// `values` are `facts` validated against `checked`.
    pub fn new(
        program: &'a Program,
        checked: &'a Checked,
        facts: &'a Facts,
        values: &FactValues,
        as_of: NaiveDate,
    ) -> Probing<'a> {
        let bound = engine::bind(program, facts, values);
        let mut by_goal: std::collections::HashMap<&'a str, Vec<&'a str>> = std::collections::HashMap::new();
        for (name, info) in &checked.facts {
            for goal in &info.goals {
                by_goal.entry(goal.as_str()).or_default().push(name.as_str());
            }
        }
        Probing { program, checked, facts, by_goal, bound, as_of }
    }

    /// A trace-free evaluator with the fact `name` (`name[year]`) free to
    /// change, written in `unit`; `None` when the plan has no such fact.
    pub fn prober(&self, name: &str, year: Option<i32>, unit: Option<Dim>) -> Option<Prober<'a>> {
        let kind = self.checked.facts.get(name).map(|i| i.kind)?;
        Some(Prober {
            program: self.program,
            bound: self.bound.clone(),
            slot: engine::slot_of(self.program, name, year),
            kind,
            unit,
            as_of: self.as_of,
            out: Outcome::default(),
            scratch: Vec::new(),
        })
    }

    /// The names of the facts goal `id` reads.
    fn goal_fact_names(&self, id: &str) -> impl Iterator<Item = &'a str> + '_ {
        self.by_goal.get(id).into_iter().flatten().copied()
    }

    /// The reported values of fact `name` (without a year, and each year the
    /// rules read), looked up rather than found by a scan of every fact.
    fn reported(
        &self,
        name: &str,
    ) -> impl Iterator<Item = (&'a (String, Option<i32>), &'a (Reported, crate::source::Span))> + '_ {
        let facts: &'a Facts = self.facts;
        let years = self.checked.facts.get(name).map(|i| i.years.as_slice()).unwrap_or(&[]);
        let name = name.to_string();
        std::iter::once(None)
            .chain(years.iter().copied().map(Some))
            .filter_map(move |year| facts.values.get_key_value(&(name.clone(), year)))
    }

    /// The facts goal `id` reads, as they are reported: `Err(name)` for one
    /// not reported; for a number, its label (`frafald[2024]`), key, value,
    /// unit as written and dimension. Other kinds are left out.
    pub fn goal_facts(&self, id: &str) -> Vec<Result<NumberFact, String>> {
        let mut out = Vec::new();
        for (name, info) in self.goal_fact_names(id).filter_map(|n| self.checked.facts.get_key_value(n)) {
            let keys: Vec<(String, Option<i32>)> = self.reported(name).map(|(k, _)| k.clone()).collect();
            if keys.is_empty() {
                out.push(Err(name.clone()));
            }
            for key in keys {
                let Some((Reported::Number(value, unit), _)) = self.facts.values.get(&key) else { continue };
                let dim = unit.or(match info.kind {
                    FactKind::Number(d) => d,
                    _ => None,
                });
                let label = label(&key);
                out.push(Ok(NumberFact { label, key, value: *value, unit: *unit, dim }));
            }
        }
        out
    }

    /// The date facts goal `id` reads, as reported: label, key, day.
    pub fn goal_dates(&self, id: &str) -> Vec<(String, (String, Option<i32>), NaiveDate)> {
        let mut out = Vec::new();
        for name in self.goal_fact_names(id) {
            for (key, (reported, _)) in self.reported(name) {
                if let Reported::Date(day) = reported {
                    out.push((label(key), key.clone(), *day));
                }
            }
        }
        out
    }

    /// From the date `day` of a fact (`later` or earlier), the first day at
    /// which goal `goal`'s status is `wanted`: (the day before it, it, the status).
    pub fn seek_day(
        &self,
        key: &(String, Option<i32>),
        goal: usize,
        day: NaiveDate,
        later: bool,
        wanted: &dyn Fn(Status) -> bool,
    ) -> Option<(NaiveDate, NaiveDate, Status)> {
        let mut prober = self.prober(&key.0, key.1, None)?;
        let mut days = super::margin::date_breakpoints(self.program, goal, prober.slot?, self.as_of);
        days.retain(|d| if later { *d > day } else { *d < day });
        if !later {
            days.reverse();
        }
        let mut last = day;
        for candidate in days {
            match prober.status_on(candidate, goal) {
                Some(s) if wanted(s) => {
                    let before = if later { candidate.pred_opt() } else { candidate.succ_opt() };
                    return Some((before.unwrap_or(last), candidate, s));
                }
                _ => last = candidate,
            }
        }
        None
    }

    /// A trace-free evaluator for `fact`, and the exact breakpoints of goal
    /// `goal` in it when every condition on it is piecewise linear.
    pub fn probe_fact(&self, fact: &NumberFact, goal: usize) -> Option<(Prober<'a>, Option<Vec<Decimal>>)> {
        let prober = self.prober(&fact.key.0, fact.key.1, fact.unit)?;
        let points = prober
            .slot
            .map(|slot| super::margin::breakpoints(self.program, goal, slot, &prober.bound))
            .filter(|b| b.exact)
            .map(|b| b.points);
        Some((prober, points))
    }

    /// What goal `goal` (by index) needs to be met: for each reported fact
    /// it reads, the windows of values or days (the others as they are) in
    /// which it is met, nearest first; each fact it reads that is not
    /// reported, with its deadline. A fact that cannot make the goal met on its
    /// own (another is missing too) gets the windows in which each sub-goal
    /// reading it holds. Empty when no one fact can do anything.
    pub fn needs(&self, goal: usize) -> Vec<Need> {
        let Some(compiled) = self.program.goals.get(goal) else { return Vec::new() };
        let id = compiled.id.as_str();
        let deadline = compiled.deadline.or(self.program.period.map(|p| p.end));
        let due = self.due(goal);
        let met = |s: Status| s == Status::Met;
        let mut out = Vec::new();
        let leaves = self.leaves(goal);
        // Facts of years before the plan's period are history: never proposed.
        let first_year = self.program.period.map(|p| p.start.year());
        let history = |year: Option<i32>| matches!((year, first_year), (Some(y), Some(f)) if y < f);
        for fact in self.goal_facts(id) {
            let fact = match fact {
                Ok(fact) if history(fact.key.1) => continue,
                Ok(fact) => fact,
                Err(name) => {
                    // The first date a condition on it falls due: a sub-goal
                    // or a `senest` may come before the goal's deadline.
                    let first = due.iter().filter(|(l, _)| fact_of(l) == name).map(|(_, d)| *d).min();
                    let deadline = first.or(deadline);
                    let (alone, subgoal) = (false, None);
                    out.push(Need { fact: name, now: None, deadline, windows: Vec::new(), alone, subgoal });
                    continue;
                }
            };
            let Some((mut prober, Some(points))) = self.probe_fact(&fact, goal) else { continue };
            // The windows in which the goal is met; failing those (another
            // fact must change too), each in which a sub-goal reading it
            // holds; failing those, in which the conditions that need it hold.
            let whole = |p: &mut Prober<'_>, x| p.status(x, goal).map(|s| s == Status::Met);
            let mut windows = self.number_windows(&fact, &mut prober, &points, &whole, goal, None);
            let mut alone = (!windows.is_empty(), None);
            if windows.is_empty() {
                for (i, sub) in compiled.subgoals.iter().enumerate() {
                    let part = |p: &mut Prober<'_>, x| p.subgoal(x, goal, i).map(|t| t == Truth::True);
                    if reads(&sub.cond, &fact.key, self.program) {
                        let found = self.number_windows(&fact, &mut prober, &points, &part, goal, Some(&sub.name));
                        if !found.is_empty() {
                            alone.1 = Some(sub.name.clone());
                        }
                        windows.extend(found);
                    }
                }
            }
            let needed = leaves.necessary(compiled, &fact.key, self.program);
            if windows.is_empty() && !needed.is_empty() {
                let spans: Vec<Span> = needed.iter().map(|(span, _)| *span).collect();
                let sub = leaves.subgoal_of(compiled, &spans);
                let hold = |p: &mut Prober<'_>, x| p.leaves(x, goal, &needed);
                // Windows of the conditions alone: the sub-goal needs more.
                windows = self.number_windows(&fact, &mut prober, &points, &hold, goal, None);
                alone.1 = sub;
            }
            let now = Value::Number { value: fact.value, dim: fact.dim.unwrap_or(Dim::Plain) };
            out.extend(self.need(fact.label, windows, now, deadline, alone));
        }
        // Yes/no facts: the other answer, where it meets the goal, or where
        // the goal cannot be met without it.
        for (key, value) in self.goal_bools(id) {
            if history(key.1) {
                continue;
            }
            let Some(mut prober) = self.prober(&key.0, key.1, None) else { continue };
            let flipped = !value;
            let alone = prober.status_bool(flipped, goal) == Some(Status::Met);
            let needed = leaves.necessary(compiled, &key, self.program);
            let sub =
                if alone { None } else { leaves.subgoal_of(compiled, &needed.iter().map(|n| n.0).collect::<Vec<_>>()) };
            if !alone && needed.is_empty() {
                continue;
            }
            let shape = Shape::Answer { to: flipped, subgoal: sub.clone() };
            let bound = Some(flipped.to_string());
            let window = Window { from: bound.clone(), to: bound, shape };
            out.extend(self.need(label(&key), vec![(0, window)], Value::Bool { value }, deadline, (alone, sub)));
        }
        for (label, key, day) in self.goal_dates(id) {
            if history(key.1) {
                continue;
            }
            let mut windows = Vec::new();
            for later in [true, false] {
                let Some((_, first, _)) = self.seek_day(&key, goal, day, later, &met) else { continue };
                let end = self.seek_day(&key, goal, first, later, &|s| s != Status::Met).map(|f| f.0);
                let (low, high) = if later { (Some(first), end) } else { (end, Some(first)) };
                if low.is_none() && high.is_none() {
                    continue;
                }
                let iso = |x: NaiveDate| x.to_string();
                let days = (first - day).num_days().abs();
                let shape = Shape::Days { low, high, later, days };
                let window = Window { from: low.map(iso), to: high.map(iso), shape };
                windows.push((days, window));
            }
            let alone = !windows.is_empty();
            out.extend(self.need(label, windows, Value::Date { value: day }, deadline, (alone, None)));
        }
        out
    }

    /// The yes/no facts goal `id` reads, as reported.
    fn goal_bools(&self, id: &str) -> Vec<((String, Option<i32>), bool)> {
        let mut out = Vec::new();
        for name in self.goal_fact_names(id) {
            for (key, (reported, _)) in self.reported(name) {
                if let Reported::Bool(b) = reported {
                    out.push((key.clone(), *b));
                }
            }
        }
        out
    }

    /// Every leaf condition of goal `goal`, with its truth as the facts are.
    fn leaves(&self, goal: usize) -> Leaves {
        let mut leaves = Leaves::default();
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut Vec::new(), &mut leaves);
        leaves
    }

    /// The nearest window on each side of `fact`'s value in which `holds`
    /// (goal `goal` met, or its sub-goal `sub`): (the change to reach it, the
    /// window). A window of a goal whose `mål:` line does not need every
    /// sub-goal names the sub-goals that hold in it.
    fn number_windows(
        &self,
        fact: &NumberFact,
        prober: &mut Prober<'_>,
        points: &[Decimal],
        holds: &dyn Fn(&mut Prober<'_>, Decimal) -> Option<bool>,
        goal: usize,
        sub: Option<&str>,
    ) -> Vec<(Decimal, Window)> {
        let (value, measure) = (fact.value, fact.dim.unwrap_or(Dim::Plain));
        if holds(prober, value) == Some(true) {
            return Vec::new();
        }
        let mut windows = Vec::new();
        for up in [true, false] {
            let Some((_, first, _)) = seek(prober, holds, value, measure, up, points, &|h| h) else { continue };
            let end = seek(prober, holds, first, measure, up, points, &|h| !h).map(|f| f.0);
            let (low, high) = if up { (Some(first), end) } else { (end, Some(first)) };
            if low.is_none() && high.is_none() {
                continue;
            }
            // Only at the ends of Decimal's range is the difference not a Decimal.
            let Some(change) = first.checked_sub(value).map(|c| c.abs()) else { continue };
            let holding = if sub.is_some() { Vec::new() } else { self.parts_holding(prober, goal, first) };
            let subgoal = sub.map(str::to_string);
            let shape = Shape::Amount { low, high, dim: measure, change, up, subgoal, holding };
            let (from, to) = (low.and_then(|v| prober.base(v)), high.and_then(|v| prober.base(v)));
            windows.push((change, Window { from, to, shape }));
        }
        windows
    }

    /// With the fact at `x`: the sub-goals of goal `goal` that hold, when its
    /// `mål:` line is met without all of them; else none.
    fn parts_holding(&self, prober: &mut Prober<'_>, goal: usize, x: Decimal) -> Vec<String> {
        let Some(compiled) = self.program.goals.get(goal).filter(|g| g.combine.is_some()) else { return Vec::new() };
        let holding: Vec<String> = (0..compiled.subgoals.len())
            .filter(|i| prober.subgoal(x, goal, *i) == Some(Truth::True))
            .map(|i| compiled.subgoals[i].name.clone())
            .collect();
        if holding.len() == compiled.subgoals.len() {
            return Vec::new();
        }
        holding
    }

    /// Each fact goal `goal` reads that is not reported, with the date by
    /// which the condition reading it falls due (a label per condition).
    fn due(&self, goal: usize) -> Vec<(String, NaiveDate)> {
        let mut due = Due { program: self.program, found: Vec::new() };
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut Vec::new(), &mut due);
        due.found
    }

    /// One fact's need: its windows, nearest first (by their key), and the
    /// fact as it is now; `None` without windows.
    /// While the deadline has not passed, it is said too.
    fn need<K: Ord>(
        &self,
        fact: String,
        mut windows: Vec<(K, Window)>,
        now: Value,
        deadline: Option<NaiveDate>,
        (alone, subgoal): (bool, Option<String>),
    ) -> Option<Need> {
        if windows.is_empty() {
            return None;
        }
        windows.sort_by(|a, b| a.0.cmp(&b.0));
        let windows: Vec<Window> = windows.into_iter().map(|(_, w)| w).collect();
        let deadline = deadline.filter(|d| self.as_of <= *d);
        Some(Need { fact, now: Some(now), deadline, windows, alone, subgoal })
    }
}

/// Records, for each condition that waits for a fact not reported, the
/// fact and the date it falls due.
struct Due<'p> {
    program: &'p Program,
    found: Vec<(String, NaiveDate)>,
}

impl Recorder for Due<'_> {
    const EVERY_PART: bool = true;

    fn leaf(&mut self, cond: &Cond, slots: &[Option<Value>], found: Found) {
        if let Why::Missing(day) = found.why {
            let unread = cond.leaf_slots().into_iter().filter(|s| slots.get(*s).copied().flatten().is_none());
            self.found.extend(unread.filter_map(|s| self.program.slots.get(s)).map(|key| (label(key), day)));
        }
    }
}

/// Every leaf condition of a goal with its truth (by span), and the
/// sub-goals dropped by agreement.
#[derive(Default)]
struct Leaves {
    truths: Vec<(Span, Truth)>,
    dropped: Vec<usize>,
}

impl Recorder for Leaves {
    const EVERY_PART: bool = true;

    fn leaf(&mut self, cond: &Cond, _slots: &[Option<Value>], found: Found) {
        self.truths.push((cond.span, found.truth));
    }

    fn subgoal(&mut self, _goal: usize, sub: usize, _truth: Truth, dropped: bool) {
        if dropped {
            self.dropped.push(sub);
        }
    }
}

impl Leaves {
    fn truth(&self, span: Span) -> Option<Truth> {
        self.truths.iter().find(|(s, _)| *s == span).map(|(_, t)| *t)
    }

    /// The leaves of `goal` that make changing the fact `key` necessary: each
    /// reads no other fact and has the wrong truth (with the truth it needs),
    /// in a place where the goal cannot be met without it whatever the
    /// other facts do. Empty when the fact is not necessary.
    fn necessary(
        &self,
        goal: &super::compile::Goal,
        key: &(String, Option<i32>),
        program: &Program,
    ) -> Vec<(Span, bool)> {
        let mut out = Vec::new();
        let necessary = match &goal.combine {
            None => {
                let subs = goal.subgoals.iter().enumerate().filter(|(i, _)| !self.dropped.contains(i));
                let mut any = false;
                for cond in subs.map(|(_, s)| &s.cond).chain(&goal.conditions) {
                    any |= self.cond(cond, key, true, program, &mut out);
                }
                any
            }
            Some(comb) => self.comb(comb, goal, key, true, program, &mut out),
        };
        if necessary {
            out
        } else {
            Vec::new()
        }
    }

    /// Whether `cond` can only get the truth `want` by changing `key`; the
    /// deciding leaves go to `out`.
    fn cond(
        &self,
        cond: &Cond,
        key: &(String, Option<i32>),
        want: bool,
        program: &Program,
        out: &mut Vec<(Span, bool)>,
    ) -> bool {
        crate::deep(|| match &cond.kind {
            CondKind::All(parts) | CondKind::Any(parts) => {
                let every = matches!(cond.kind, CondKind::All(_)) != want;
                self.parts(
                    parts.iter().map(|p| |out: &mut Vec<_>| self.cond(p, key, want, program, out)),
                    every,
                    parts.len(),
                    out,
                )
            }
            CondKind::AtLeast(n, parts) if want => {
                let mut found = Vec::new();
                let k = parts.iter().filter(|p| self.cond(p, key, true, program, &mut found)).count();
                let necessary = k > parts.len().saturating_sub(*n);
                if necessary {
                    out.extend(found);
                }
                necessary
            }
            CondKind::AtLeast(..) | CondKind::Const(_) => false,
            CondKind::Not(inner) => self.cond(inner, key, !want, program, out),
            _ => {
                let read = cond.leaf_slots();
                let only = !read.is_empty() && read.iter().all(|s| program.slots.get(*s) == Some(key));
                let wrong = self.truth(cond.span).is_some_and(|t| (t == Truth::True) != want);
                if only && wrong {
                    out.push((cond.span, want));
                }
                only && wrong
            }
        })
    }

    /// `every`: all parts must be necessary (an `any` that must become true),
    /// else one is enough (an `all`).
    fn parts<F: Fn(&mut Vec<(Span, bool)>) -> bool>(
        &self,
        parts: impl Iterator<Item = F>,
        every: bool,
        count: usize,
        out: &mut Vec<(Span, bool)>,
    ) -> bool {
        let mut found = Vec::new();
        let mut necessary = 0;
        for part in parts {
            if part(&mut found) {
                necessary += 1;
            }
        }
        let result = if every { count > 0 && necessary == count } else { necessary > 0 };
        if result {
            out.extend(found);
        }
        result
    }

    fn comb(
        &self,
        comb: &super::compile::Comb,
        goal: &super::compile::Goal,
        key: &(String, Option<i32>),
        want: bool,
        program: &Program,
        out: &mut Vec<(Span, bool)>,
    ) -> bool {
        use super::compile::Comb;
        crate::deep(|| match comb {
            Comb::Sub(i) if self.dropped.contains(i) => false,
            Comb::Sub(i) => goal.subgoals.get(*i).is_some_and(|s| self.cond(&s.cond, key, want, program, out)),
            Comb::Const(_) => false,
            Comb::Not(inner) => self.comb(inner, goal, key, !want, program, out),
            Comb::All(parts) | Comb::Any(parts) => {
                let every = matches!(comb, Comb::All(_)) != want;
                self.parts(
                    parts.iter().map(|p| |out: &mut Vec<_>| self.comb(p, goal, key, want, program, out)),
                    every,
                    parts.len(),
                    out,
                )
            }
            Comb::AtLeast(n, parts) if want => {
                let mut found = Vec::new();
                let k = parts.iter().filter(|p| self.comb(p, goal, key, true, program, &mut found)).count();
                let necessary = k > parts.len().saturating_sub(*n);
                if necessary {
                    out.extend(found);
                }
                necessary
            }
            Comb::AtLeast(..) => false,
        })
    }

    /// The sub-goal holding all of `spans`, if one does.
    fn subgoal_of(&self, goal: &super::compile::Goal, spans: &[Span]) -> Option<String> {
        let inside = |outer: Span, s: &Span| outer.start <= s.start && s.end <= outer.end;
        goal.subgoals
            .iter()
            .find(|sub| !spans.is_empty() && spans.iter().all(|s| inside(sub.cond.span, s)))
            .map(|sub| sub.name.clone())
    }
}

/// Records whether each of some leaves has the truth it needs.
struct Holding<'s> {
    spans: &'s [(Span, bool)],
    ok: bool,
}

impl Recorder for Holding<'_> {
    const EVERY_PART: bool = true;

    fn leaf(&mut self, cond: &Cond, _slots: &[Option<Value>], found: Found) {
        if let Some((_, want)) = self.spans.iter().find(|(s, _)| *s == cond.span) {
            self.ok &= (found.truth == Truth::True) == *want;
        }
    }
}

/// Records the truth of one sub-goal.
struct Parts {
    sub: usize,
    truth: Option<Truth>,
}

impl Recorder for Parts {
    fn subgoal(&mut self, _goal: usize, sub: usize, truth: Truth, _dropped: bool) {
        if sub == self.sub {
            self.truth = Some(truth);
        }
    }
}

/// Whether `cond` reads the fact `key`.
fn reads(cond: &Cond, key: &(String, Option<i32>), program: &Program) -> bool {
    crate::deep(|| match &cond.kind {
        CondKind::All(parts) | CondKind::Any(parts) | CondKind::AtLeast(_, parts) => {
            parts.iter().any(|p| reads(p, key, program))
        }
        CondKind::Not(inner) => reads(inner, key, program),
        _ => cond.leaf_slots().iter().any(|s| program.slots.get(*s) == Some(key)),
    })
}

/// The fact's name in a label: `frafald` in `frafald[2024]`.
fn fact_of(label: &str) -> &str {
    label.split('[').next().unwrap_or(label)
}

/// `realiseret`, `frafald[2024]`.
fn label(key: &(String, Option<i32>)) -> String {
    match key.1 {
        Some(y) => format!("{}[{y}]", key.0),
        None => key.0.clone(),
    }
}

/// A number fact a goal reads, as reported.
pub struct NumberFact {
    /// `realiseret`, `frafald[2024]`.
    pub label: String,
    pub key: (String, Option<i32>),
    pub value: Decimal,
    /// The unit as written (`None`: a bare number).
    pub unit: Option<Dim>,
    /// Its dimension, from the unit or the rules.
    pub dim: Option<Dim>,
}

/// A trace-free evaluator with one fact free to change.
pub struct Prober<'a> {
    program: &'a Program,
    bound: Bound,
    /// The fact's slot (`None` when the rules do not read it: it changes nothing).
    slot: Option<usize>,
    kind: FactKind,
    unit: Option<Dim>,
    as_of: NaiveDate,
    out: Outcome,
    scratch: Vec<Option<Truth>>,
}

impl Prober<'_> {
    /// A value of the fact as it is written: unchanged, except a number
    /// written without a unit for a percentage (`92` is 92 pct., 0,92).
    fn reported(&self, value: Decimal) -> Option<Decimal> {
        match (self.unit, self.kind) {
            (None, FactKind::Number(Some(dim))) => {
                let bare = dim.measure().bare;
                if bare.is_one() {
                    Some(value)
                } else {
                    value.checked_div(bare.get())
                }
            }
            _ => Some(value),
        }
    }

    /// `x` as written in the fact's base unit (kroner, a fraction for a
    /// percentage), as a string.
    fn base(&self, x: Decimal) -> Option<String> {
        match crate::facts::to_value(&Reported::Number(x, self.unit), self.kind)? {
            Value::Number { value, .. } => Some(value.normalize().to_string()),
            _ => None,
        }
    }

    /// Sets the fact to `x` (as written); false when `x` is not a value it takes.
    fn set(&mut self, x: Decimal) -> bool {
        let Some(value) = crate::facts::to_value(&Reported::Number(x, self.unit), self.kind) else { return false };
        if let Some(slot) = self.slot {
            self.bound.set(slot, Some(value));
        }
        true
    }

    /// The whole plan's outcome with the fact at `x`; `None` when `x` is not
    /// a value the fact takes.
    pub fn probe(&mut self, x: Decimal) -> Option<&Outcome> {
        if !self.set(x) {
            return None;
        }
        engine::evaluate_into(self.program, &self.bound, self.as_of, &mut self.out);
        Some(&self.out)
    }

    /// Goal `goal`'s status with the fact at `x` (only that goal is evaluated).
    pub fn status(&mut self, x: Decimal, goal: usize) -> Option<Status> {
        if !self.set(x) {
            return None;
        }
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut self.scratch, &mut engine::Quiet)
    }

    /// The truth of sub-goal `sub` of goal `goal` with the fact at `x`.
    pub fn subgoal(&mut self, x: Decimal, goal: usize, sub: usize) -> Option<Truth> {
        if !self.set(x) {
            return None;
        }
        let mut parts = Parts { sub, truth: None };
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut self.scratch, &mut parts)?;
        parts.truth
    }

    /// Whether every one of the leaves `spans` has the truth it needs with the fact at `x`.
    fn leaves(&mut self, x: Decimal, goal: usize, spans: &[(Span, bool)]) -> Option<bool> {
        if !self.set(x) {
            return None;
        }
        let mut holding = Holding { spans, ok: true };
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut self.scratch, &mut holding)?;
        Some(holding.ok)
    }

    /// Goal `goal`'s status with the yes/no fact at `value`.
    fn status_bool(&mut self, value: bool, goal: usize) -> Option<Status> {
        self.bound.set(self.slot?, Some(Value::Bool { value }));
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut self.scratch, &mut engine::Quiet)
    }

    /// Goal `goal`'s status with the date fact at `day`.
    fn status_on(&mut self, day: NaiveDate, goal: usize) -> Option<Status> {
        self.bound.set(self.slot?, Some(Value::Date { value: day }));
        engine::status_of(self.program, &self.bound, self.as_of, goal, &mut self.scratch, &mut engine::Quiet)
    }
}

/// Searches outward from `value` for the first value at which the goal's
/// status changes: exponential steps, then bisection to the fact's
/// resolution. Returns (last value with the old status, first with the new, the new status).
/// Only the fallback for conditions that are not piecewise linear in the fact
/// (`eval::margin`): its exponential probes can step over a window of the
/// other status that is narrow compared with the distance to it.
pub fn search(
    prober: &mut Prober<'_>,
    goal: usize,
    status: Status,
    value: Decimal,
    dim: Dim,
    up: bool,
) -> Option<(Decimal, Decimal, Status)> {
    let resolution = dim.resolution(value);
    let mut probe = |x: Decimal| prober.status(x, goal);
    let sign = if up { Decimal::ONE } else { Decimal::NEGATIVE_ONE };
    let mut same = value;
    let mut step = resolution;
    let mut flipped = None;
    for _ in 0..40 {
        let x = value.checked_add(sign.checked_mul(step)?)?;
        match probe(x) {
            Some(s) if s != status => {
                flipped = Some(x);
                break;
            }
            _ => same = x,
        }
        step = step.checked_mul(Decimal::TEN)?;
    }
    let mut other = flipped?;
    while other.checked_sub(same)?.abs() > resolution {
        let half = same.checked_add(other).or_else(|| (same / Decimal::TWO).checked_add(other / Decimal::TWO))?;
        let mid = half.checked_div(Decimal::TWO)?.checked_div(resolution)?.round().checked_mul(resolution)?;
        if mid == same || mid == other {
            break;
        }
        match probe(mid) {
            Some(s) if s != status => other = mid,
            _ => same = mid,
        }
    }
    let new = probe(other)?;
    Some((same, other, new))
}

/// The first value from `value` outward (`up` or down) at which what `probe`
/// finds (a goal's status, a sub-goal's truth) is `wanted`, from the exact
/// breakpoints `points`: (the last value before it, it, what was found).
pub fn seek<T: Copy>(
    prober: &mut Prober<'_>,
    probe: &dyn Fn(&mut Prober<'_>, Decimal) -> Option<T>,
    value: Decimal,
    dim: Dim,
    up: bool,
    points: &[Decimal],
    wanted: &dyn Fn(T) -> bool,
) -> Option<(Decimal, Decimal, T)> {
    let resolution = dim.resolution(value);
    let step = |x: Decimal| if up { x.checked_add(resolution) } else { x.checked_sub(resolution) };
    let back = |x: Decimal| if up { x.checked_sub(resolution) } else { x.checked_add(resolution) };
    // Each breakpoint on the fact's grid (whole kroner, hundredths of a
    // percent …) on both sides: a quotient's breakpoint is exact only to
    // Decimal's 28 digits, and the answer is a value one can report.
    let grid = |p: Decimal| -> Option<[Decimal; 2]> {
        let steps = p.checked_div(resolution)?;
        Some([steps.floor().checked_mul(resolution)?, steps.ceil().checked_mul(resolution)?])
    };
    let mut ahead: Vec<Decimal> = points
        .iter()
        .filter_map(|p| prober.reported(*p))
        .filter_map(grid)
        .flatten()
        // A breakpoint at the value itself counts: the status may change just past it.
        .filter(|p| if up { *p >= value } else { *p <= value })
        .collect();
    ahead.sort();
    ahead.dedup();
    if !up {
        ahead.reverse();
    }
    let mut last = value;
    for point in ahead {
        match probe(prober, point) {
            _ if point == value => {}
            Some(s) if wanted(s) => {
                let before = back(point).filter(|b| if up { *b >= last } else { *b <= last }).unwrap_or(last);
                return Some((before, point, s));
            }
            _ => last = point,
        }
        let beyond = step(point)?;
        match probe(prober, beyond) {
            Some(s) if wanted(s) => return Some((point, beyond, s)),
            _ => {}
        }
    }
    None
}
