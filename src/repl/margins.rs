//! The REPL's `margin` (how far each fact can move before a goal changes
//! status) and `mangler` (what a goal needs to be met), in words, over the
//! probing of `eval::needs`.

use super::Session;
use crate::eval::needs::{search, seek, Prober, Probing};
use crate::eval::Status;
use crate::value::{format_date, Dim};

impl Session {
    /// The session's facts ready to probe; `None` when they do not validate
    /// (the caller shows why through [`Session::run`]).
    fn probing(&self) -> Option<Probing<'_>> {
        let values = self.facts.validate(&self.checked).ok()?;
        Some(Probing::new(&self.program, &self.checked, &self.facts, &values, self.as_of))
    }

    /// A trace-free evaluator of the session's facts with one number fact
    /// free to change: what sweeps probe.
    pub(super) fn prober(&self, name: &str, year: Option<i32>, unit: Option<Dim>) -> Option<Prober<'_>> {
        self.probing()?.prober(name, year, unit)
    }

    /// For each reported number fact the goal reads: how far it can move up
    /// and down before the goal's status changes.
    pub(super) fn margin(&self, id: &str) -> String {
        self.on_goal(id, |goal| self.margin_of(id, goal.status))
    }

    fn margin_of(&self, id: &str, status: Status) -> String {
        let mut out = format!("{} {}: {}\n", self.t("mål", "goal"), id, status.word(self.lang));
        let Some(probing) = self.probing() else { return out };
        let goal = self.program.goals.iter().position(|g| g.id == id).unwrap_or(usize::MAX);
        for fact in probing.goal_facts(id) {
            let fact = match fact {
                Ok(fact) => fact,
                Err(name) => {
                    out.push_str(&format!("  {name}: {}\n", self.t("ikke indberettet", "not reported")));
                    continue;
                }
            };
            let Some((mut prober, points)) = probing.probe_fact(&fact, goal) else { continue };
            let (label, value, dim) = (&fact.label, fact.value, fact.dim);
            let measure = dim.unwrap_or(Dim::Plain);
            for up in [false, true] {
                // Exact breakpoints where every condition on the fact is
                // piecewise linear in it; else the search.
                let found = match &points {
                    Some(points) => {
                        let probe = |p: &mut Prober<'_>, x| p.status(x, goal);
                        seek(&mut prober, &probe, value, measure, up, points, &|s| s != status)
                    }
                    None => search(&mut prober, goal, status, value, measure, up),
                };
                let dir = if up { self.t("stige", "rise") } else { self.t("falde", "fall") };
                match found {
                    Some((last, first, new)) => {
                        let distance = last.checked_sub(value).map(|d| self.quantity(d.abs(), dim));
                        out.push_str(&format!(
                            "  {label} {} {dir} {} (til {}); ved {} bliver målet {}\n",
                            self.t("kan", "may"),
                            distance.unwrap_or_else(|| "?".into()),
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
        for (label, key, day) in probing.goal_dates(id) {
            for later in [false, true] {
                let dir = if later { self.t("senere", "later") } else { self.t("tidligere", "earlier") };
                match probing.seek_day(&key, goal, day, later, &|s| s != status) {
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

    /// What it takes for goal `id` to be met (`eval::needs`), one line per fact.
    pub(super) fn needed(&self, id: &str) -> String {
        self.on_goal(id, |goal| {
            let mut out = format!("{} {}: {}", self.t("mål", "goal"), id, goal.status.word(self.lang));
            if matches!(goal.status, Status::Met | Status::Dropped) {
                out.push_str(&self.t("; intet mangler\n", "; nothing is needed\n"));
                return out;
            }
            out.push('\n');
            let index = self.program.goals.iter().position(|g| g.id == id).unwrap_or(usize::MAX);
            let mut goal = goal.clone();
            goal.needed = self.probing().map(|p| p.needs(index)).unwrap_or_default();
            out.push_str(&crate::render::render_needs(
                &goal,
                crate::render::words::Voice::new(self.lang, &self.checked.labels),
                "  ",
            ));
            out
        })
    }
}
