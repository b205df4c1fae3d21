//! Margins and what a goal needs: how far a fact can move before a goal
//! changes status (`margin`), and the values or days in which a goal is met
//! (`mangler`). The breakpoints come from `eval::margin`, solved exactly; a
//! trace-free evaluator (`Prober`) with one fact free to change tries them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{FactKind, Reported, Session};
use crate::eval::compile::Program;
use crate::eval::{Bound, Outcome, Status};
use crate::value::{format_date, Dim};

impl Session {
    /// A trace-free evaluator of the session's facts with one number fact
    /// free to change: what margins and sweeps probe, without revalidating
    /// or explaining anything per probe. `None` when the facts do not
    /// validate (the caller shows why through [`Session::run`]).
    pub(super) fn prober(&self, name: &str, year: Option<i32>, unit: Option<Dim>) -> Option<Prober<'_>> {
        let values = self.facts.validate(&self.checked).ok()?;
        let bound = crate::eval::bind(&self.program, &self.facts, &values);
        let kind = self.checked.facts.get(name).map(|i| i.kind)?;
        Some(Prober {
            program: &self.program,
            bound,
            slot: crate::eval::slot_of(&self.program, name, year),
            kind,
            unit,
            as_of: self.as_of,
            out: Outcome::default(),
        })
    }

    /// The facts goal `id` reads, as they are reported: `Err(name)` for one
    /// not reported; for a number, its label (`frafald[2024]`), key, value,
    /// unit as written and dimension. Other kinds are left out.
    fn goal_facts(&self, id: &str) -> Vec<Result<NumberFact, String>> {
        let mut out = Vec::new();
        for (name, info) in self.checked.facts.iter().filter(|(_, i)| i.goals.iter().any(|g| g == id)) {
            let keys: Vec<(String, Option<i32>)> =
                self.facts.values.keys().filter(|(n, _)| n == name).cloned().collect();
            if keys.is_empty() {
                out.push(Err(name.clone()));
            }
            for key in keys {
                let Some((Reported::Number(value, unit), _)) = self.facts.values.get(&key) else { continue };
                let dim = unit.or(match info.kind {
                    FactKind::Number(d) => d,
                    _ => None,
                });
                let label = match key.1 {
                    Some(y) => format!("{name}[{y}]"),
                    None => name.clone(),
                };
                out.push(Ok(NumberFact { label, key, value: *value, unit: *unit, dim }));
            }
        }
        out
    }

    /// The date facts goal `id` reads, as reported: label, key, day.
    fn goal_dates(&self, id: &str) -> Vec<(String, (String, Option<i32>), NaiveDate)> {
        let names = self.checked.facts.iter().filter(|(_, i)| i.goals.iter().any(|g| g == id)).map(|(n, _)| n);
        let mut out = Vec::new();
        for name in names {
            for (key, (reported, _)) in self.facts.values.iter().filter(|((n, _), _)| n == name) {
                if let Reported::Date(day) = reported {
                    let label = key.1.map(|y| format!("{name}[{y}]")).unwrap_or_else(|| name.clone());
                    out.push((label, key.clone(), *day));
                }
            }
        }
        out
    }

    /// From the date `day` of a fact (`later` or earlier), the first day at
    /// which goal `goal`'s status is `wanted`: (the day before it, it, the status).
    fn seek_day(
        &self,
        key: &(String, Option<i32>),
        goal: usize,
        day: NaiveDate,
        later: bool,
        wanted: &dyn Fn(Status) -> bool,
    ) -> Option<(NaiveDate, NaiveDate, Status)> {
        let mut prober = self.prober(&key.0, key.1, None)?;
        let mut days = crate::eval::margin::date_breakpoints(&self.program, goal, prober.slot?, self.as_of);
        days.retain(|d| if later { *d > day } else { *d < day });
        if !later {
            days.reverse();
        }
        let mut last = day;
        for candidate in days {
            match prober.probe_date(candidate).and_then(|o| o.statuses.get(goal).copied()) {
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
    fn probe_fact(&self, fact: &NumberFact, goal: usize) -> Option<(Prober<'_>, Option<Vec<Decimal>>)> {
        let prober = self.prober(&fact.key.0, fact.key.1, fact.unit)?;
        let points = prober
            .slot
            .map(|slot| crate::eval::margin::breakpoints(&self.program, goal, slot, &prober.bound))
            .filter(|b| b.exact)
            .map(|b| b.points);
        Some((prober, points))
    }

    /// For each reported number fact the goal reads: how far it can move up
    /// and down before the goal's status changes.
    pub(super) fn margin(&self, id: &str) -> String {
        self.on_goal(id, |goal| self.margin_of(id, goal.status))
    }

    fn margin_of(&self, id: &str, status: Status) -> String {
        let mut out = format!("{} {}: {}\n", self.t("mål", "goal"), id, status.word(self.lang));
        let goal = self.program.goals.iter().position(|g| g.id == id).unwrap_or(usize::MAX);
        for fact in self.goal_facts(id) {
            let fact = match fact {
                Ok(fact) => fact,
                Err(name) => {
                    out.push_str(&format!("  {name}: {}\n", self.t("ikke indberettet", "not reported")));
                    continue;
                }
            };
            let Some((mut prober, points)) = self.probe_fact(&fact, goal) else { continue };
            let (label, value, dim) = (&fact.label, fact.value, fact.dim);
            let measure = dim.unwrap_or(Dim::Plain);
            for up in [false, true] {
                // Exact breakpoints where every condition on the fact is
                // piecewise linear in it; else the search.
                let found = match &points {
                    Some(points) => seek(&mut prober, goal, value, measure, up, points, &|s| s != status),
                    None => breakpoint(&mut prober, goal, status, value, measure, up),
                };
                let dir = if up { self.t("stige", "rise") } else { self.t("falde", "fall") };
                match found {
                    Some((last, first, new)) => {
                        let distance = (last - value).abs();
                        out.push_str(&format!(
                            "  {label} {} {dir} {} (til {}); ved {} bliver målet {}\n",
                            self.t("kan", "may"),
                            self.quantity(distance, dim),
                            self.quantity(last, dim),
                            self.quantity(first, dim),
                            new.word(self.lang)
                        ));
                    }
                    None => out.push_str(&format!(
                        "  {label}: {}\n",
                        self.t(
                            &format!("kan {dir} uden at målet skifter status"),
                            &format!("may {dir} without the goal changing status")
                        )
                    )),
                }
            }
        }
        for (label, key, day) in self.goal_dates(id) {
            for later in [false, true] {
                let dir = if later { self.t("senere", "later") } else { self.t("tidligere", "earlier") };
                match self.seek_day(&key, goal, day, later, &|s| s != status) {
                    Some((last, first, new)) => {
                        let days = (last - day).num_days().abs();
                        out.push_str(&format!(
                            "  {label} {} {days} {} {dir} ({} {}); {} {} {} {}\n",
                            self.t("kan rykkes", "may move"),
                            self.t("dage", "days"),
                            self.t("til", "to"),
                            format_date(last, self.lang),
                            self.t("ved", "at"),
                            format_date(first, self.lang),
                            self.t("bliver målet", "the goal becomes"),
                            new.word(self.lang)
                        ));
                    }
                    None => out.push_str(&format!(
                        "  {label}: {}\n",
                        self.t(
                            &format!("kan rykkes {dir} uden at målet skifter status"),
                            &format!("may move {dir} without the goal changing status")
                        )
                    )),
                }
            }
        }
        out
    }

    /// What it takes for goal `id` to be met: for each reported number fact
    /// it reads, the windows of values (the others as they are) in which it
    /// is met, nearest first; each fact it reads that is not reported, with
    /// the deadline.
    ///
    /// FIXME: a goal pending on a fact that is not reported shows no window
    /// for its other facts (no one fact makes it met alone); the windows in
    /// which each sub-goal is met would say more.
    pub(super) fn needed(&self, id: &str) -> String {
        self.on_goal(id, |goal| self.needed_of(id, goal.status))
    }

    fn needed_of(&self, id: &str, status: Status) -> String {
        let mut out = format!("{} {}: {}", self.t("mål", "goal"), id, status.word(self.lang));
        if matches!(status, Status::Met | Status::Dropped) {
            out.push_str(&self.t("; intet mangler\n", "; nothing is needed\n"));
            return out;
        }
        out.push('\n');
        let goal = self.program.goals.iter().position(|g| g.id == id).unwrap_or(usize::MAX);
        let deadline = self.program.goals.get(goal).and_then(|g| g.deadline).or(self.program.period.map(|p| p.end));
        let mut any = false;
        for fact in self.goal_facts(id) {
            let fact = match fact {
                Ok(fact) => fact,
                Err(name) => {
                    let when = deadline.map(|d| format_date(d, self.lang)).unwrap_or_default();
                    let missing =
                        self.t(&format!("ikke indberettet; frist {when}"), &format!("not reported; deadline {when}"));
                    out.push_str(&format!("  {name}: {missing}\n"));
                    any = true;
                    continue;
                }
            };
            let Some((mut prober, Some(points))) = self.probe_fact(&fact, goal) else { continue };
            let (value, measure) = (fact.value, fact.dim.unwrap_or(Dim::Plain));
            let q = |v: Decimal| self.quantity(v, fact.dim);
            let met = |s: Status| s == Status::Met;
            // On each side, the nearest window in which the goal is met.
            let mut windows = Vec::new();
            for up in [true, false] {
                let Some((_, first, _)) = seek(&mut prober, goal, value, measure, up, &points, &met) else { continue };
                let end = seek(&mut prober, goal, first, measure, up, &points, &|s| s != Status::Met).map(|f| f.0);
                let (low, high) = if up { (Some(first), end) } else { (end, Some(first)) };
                let Some(window) = self.window(low.map(q), high.map(q), &AMOUNTS) else { continue };
                let change = (first - value).abs();
                let how = match up {
                    true => self.t(&format!("{} mere", q(change)), &format!("{} more", q(change))),
                    false => self.t(&format!("{} mindre", q(change)), &format!("{} less", q(change))),
                };
                windows.push((change, format!("{window} ({how})")));
            }
            if let Some(line) = self.needs_line(&fact.label, windows, q(value)) {
                out.push_str(&line);
                any = true;
            }
        }
        for (label, key, day) in self.goal_dates(id) {
            let met = |s: Status| s == Status::Met;
            let mut windows = Vec::new();
            for later in [true, false] {
                let Some((_, first, _)) = self.seek_day(&key, goal, day, later, &met) else { continue };
                let end = self.seek_day(&key, goal, first, later, &|s| s != Status::Met).map(|f| f.0);
                let d = |x: NaiveDate| format_date(x, self.lang);
                let (low, high) = if later { (Some(first), end) } else { (end, Some(first)) };
                let Some(window) = self.window(low.map(d), high.map(d), &DAYS) else { continue };
                windows.push(((first - day).num_days().abs(), window));
            }
            if let Some(line) = self.needs_line(&label, windows, format_date(day, self.lang)) {
                out.push_str(&line);
                any = true;
            }
        }
        if !any {
            out.push_str(&self.t(
                "  intet enkelt faktum kan alene gøre målet opfyldt\n",
                "  no single fact can make the goal met on its own\n",
            ));
        }
        out
    }

    /// A window's words from its ends, written: `mellem A og B`, `præcis A`,
    /// or open at one end (`mindst A`, `højst B`); `None` with neither end.
    fn window(&self, low: Option<String>, high: Option<String>, words: &Ends) -> Option<String> {
        let say = |(da, en): (&str, &str), x: &str| self.t(&format!("{da} {x}"), &format!("{en} {x}"));
        Some(match (low, high) {
            (Some(l), Some(h)) if l == h => say(words.exactly, &l),
            (Some(l), Some(h)) => self.t(&format!("mellem {l} og {h}"), &format!("between {l} and {h}")),
            (Some(l), None) => say(words.from, &l),
            (None, Some(h)) => say(words.to, &h),
            (None, None) => return None,
        })
    }

    /// One line of `mangler`: the windows, nearest first (by their key), and
    /// the fact as it is now; `None` without windows.
    fn needs_line<K: Ord>(&self, label: &str, mut windows: Vec<(K, String)>, now: String) -> Option<String> {
        if windows.is_empty() {
            return None;
        }
        windows.sort_by(|a, b| a.0.cmp(&b.0));
        let text: Vec<String> = windows.into_iter().map(|(_, w)| w).collect();
        let (or, nu) = (self.t(", eller ", ", or "), self.t("nu", "now"));
        Some(format!("  {label}: {}; {nu} {now}\n", text.join(&or)))
    }
}

/// The words for a window with one value, or open at one end (Danish, English).
struct Ends {
    exactly: (&'static str, &'static str),
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
}

/// Windows of amounts, counts and percentages.
const AMOUNTS: Ends = Ends { exactly: ("præcis", "exactly"), from: ("mindst", "at least"), to: ("højst", "at most") };

/// Windows of days.
const DAYS: Ends = Ends { exactly: ("den", "on"), from: ("tidligst", "on or after"), to: ("senest", "on or before") };

/// A number fact a goal reads, as reported.
struct NumberFact {
    /// `realiseret`, `frafald[2024]`.
    label: String,
    key: (String, Option<i32>),
    value: Decimal,
    /// The unit as written (`None`: a bare number).
    unit: Option<Dim>,
    /// Its dimension, from the unit or the rules.
    dim: Option<Dim>,
}

/// A trace-free evaluator with one number fact free to change.
pub(super) struct Prober<'a> {
    program: &'a Program,
    bound: Bound,
    /// The fact's slot (`None` when the rules do not read it: it changes nothing).
    slot: Option<usize>,
    kind: FactKind,
    unit: Option<Dim>,
    as_of: NaiveDate,
    out: Outcome,
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

    /// The outcome with the fact at `x`; `None` when `x` is not a value the fact takes.
    /// The outcome with the date fact at `day`.
    fn probe_date(&mut self, day: NaiveDate) -> Option<&Outcome> {
        let slot = self.slot?;
        self.bound.set(slot, Some(crate::value::Value::Date { value: day }));
        crate::eval::evaluate_into(self.program, &self.bound, self.as_of, &mut self.out);
        Some(&self.out)
    }

    pub(super) fn probe(&mut self, x: Decimal) -> Option<&Outcome> {
        let value = crate::facts::to_value(&Reported::Number(x, self.unit), self.kind)?;
        if let Some(slot) = self.slot {
            self.bound.set(slot, Some(value));
        }
        crate::eval::evaluate_into(self.program, &self.bound, self.as_of, &mut self.out);
        Some(&self.out)
    }
}

/// Searches outward from `value` for the first value at which the goal's
/// status changes: exponential steps, then bisection to the fact's
/// resolution. Returns (last value with the old status, first with the new, the new status).
/// Only the fallback for conditions that are not piecewise linear in the fact
/// (`eval::margin`): its exponential probes can step over a window of the
/// other status that is narrow compared with the distance to it.
fn breakpoint(
    prober: &mut Prober<'_>,
    goal: usize,
    status: Status,
    value: Decimal,
    dim: Dim,
    up: bool,
) -> Option<(Decimal, Decimal, Status)> {
    let resolution = dim.resolution(value);
    let mut probe = |x: Decimal| -> Option<Status> { prober.probe(x)?.statuses.get(goal).copied() };
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

/// The first value from `value` outward (`up` or down) whose goal status is
/// `wanted`, from the exact breakpoints `points`: (the last value before it,
/// it, its status).
fn seek(
    prober: &mut Prober<'_>,
    goal: usize,
    value: Decimal,
    dim: Dim,
    up: bool,
    points: &[Decimal],
    wanted: &dyn Fn(Status) -> bool,
) -> Option<(Decimal, Decimal, Status)> {
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
    let mut probe = |x: Decimal| -> Option<Status> { prober.probe(x)?.statuses.get(goal).copied() };
    let mut last = value;
    for point in ahead {
        match probe(point) {
            _ if point == value => {}
            Some(s) if wanted(s) => {
                let before = back(point).filter(|b| if up { *b >= last } else { *b <= last }).unwrap_or(last);
                return Some((before, point, s));
            }
            _ => last = point,
        }
        let beyond = step(point)?;
        match probe(beyond) {
            Some(s) if wanted(s) => return Some((point, beyond, s)),
            _ => {}
        }
    }
    None
}
