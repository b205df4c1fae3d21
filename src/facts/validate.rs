//! Facts checked against a plan: known names, kinds and units, known goals in agreements.

use std::collections::BTreeMap;

use super::{FactValues, Facts, Reported};
use crate::check::{Checked, FactKind};
use crate::diag::codes;
use crate::diag::{did_you_mean, Diagnostic, Msg};
use crate::value::{Dim, Value};
/// Facts in the order they stand in their file (then by name and year), compared
/// without copying a name.
#[allow(clippy::type_complexity)]
fn by_place(
    a: &(&(String, Option<i32>), &(Reported, crate::source::Span)),
    b: &(&(String, Option<i32>), &(Reported, crate::source::Span)),
) -> std::cmp::Ordering {
    let ((an, ay), (_, asp)) = a;
    let ((bn, by), (_, bsp)) = b;
    (asp.start, an, ay).cmp(&(bsp.start, bn, by))
}

impl Facts {
    /// The facts the plan does not use, as warnings (W0201) with the closest
    /// name it does use, each located in the facts file: a report may carry
    /// more than one plan reads, and a misspelt name must be seen, not
    /// dropped silently nor stop the evaluation.
    pub fn unused(&self, plan: &Checked) -> Vec<Diagnostic> {
        let mut keys: Vec<_> = self.values.iter().filter(|((n, _), _)| !plan.facts.contains_key(n)).collect();
        keys.sort_by(by_place);
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for ((name, _), (_, span)) in keys {
            // One warning a name, at its first place (a name given per year has several).
            if !seen.insert(name) {
                continue;
            }
            let mut d = Diagnostic::error(
                codes::UNUSED_FACT,
                Msg::new(
                    format!("faktum `{name}` bruges ikke af planen"),
                    format!("fact `{name}` is not used by the plan"),
                ),
                (span.start < span.end).then_some(*span),
                Msg::new("springes over", "skipped"),
            )
            .maybe_hint(did_you_mean(name, plan.facts.keys().map(String::as_str)));
            d.severity = crate::diag::Severity::Warning;
            out.push(d);
        }
        out
    }

    /// What is worth a warning in these facts for `plan`: the names it does
    /// not use ([`Facts::unused`], W0201), and a percentage given as a bare
    /// number between 0 and 1 (W0202): `0,92` is read as 0,92 pct., which
    /// is rarely what a report of 92 pct. meant (a spreadsheet cell of 92%
    /// formatted as a number shows 0,92).
    pub fn warnings(&self, plan: &Checked) -> Vec<Diagnostic> {
        let mut out = self.unused(plan);
        let mut keys: Vec<_> = self.values.iter().collect();
        keys.sort_by(by_place);
        for ((name, year), (reported, span)) in keys {
            let Some(info) = plan.facts.get(name) else { continue };
            let (Reported::Number(v, None), crate::check::FactKind::Number(Some(Dim::Percent))) = (reported, info.kind)
            else {
                continue;
            };
            if v.is_zero() || v.is_sign_negative() || *v >= rust_decimal::Decimal::ONE {
                continue;
            }
            let label = match year {
                Some(y) => format!("{name}[{y}]"),
                None => name.clone(),
            };
            let hundred = (*v * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            let shown = crate::value::format_decimal(v.normalize(), crate::diag::Lang::Da);
            let meant = crate::value::format_decimal(hundred, crate::diag::Lang::Da);
            let mut d = Diagnostic::error(
                codes::FRACTION_PERCENT,
                Msg::new(
                    format!("`{label}` = {shown} læses som {shown} pct."),
                    format!("`{label}` = {shown} is read as {shown} pct."),
                ),
                (span.start < span.end).then_some(*span),
                Msg::new("et tal uden enhed er procent", "a number without a unit is a percentage"),
            )
            .hint(Msg::new(
                format!("mente du {meant} pct.? skriv `{meant} pct.` (i et regneark: {meant} eller {meant} %)"),
                format!("did you mean {meant} pct.? write `{meant} pct.` (in a spreadsheet: {meant} or {meant} %)"),
            ));
            d.severity = crate::diag::Severity::Warning;
            out.push(d);
        }
        out
    }

    /// These facts without the ones the plan does not use ([`Facts::unused`]);
    /// borrowed as they are when the plan uses every name.
    pub fn without_unused(&self, plan: &Checked) -> std::borrow::Cow<'_, Facts> {
        if self.values.keys().all(|(n, _)| plan.facts.contains_key(n)) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut facts = self.clone();
        facts.values.retain(|(n, _), _| plan.facts.contains_key(n));
        std::borrow::Cow::Owned(facts)
    }

    /// Checks the facts against what a plan expects: known names (with
    /// suggestions), matching kinds and units, known goals in agreements.
    /// Returns the facts converted to values.
    pub fn validate(&self, plan: &Checked) -> Result<FactValues, Vec<Diagnostic>> {
        let mut out = BTreeMap::new();
        let mut errors = Vec::new();
        let mut keys: Vec<_> = self.values.iter().collect();
        keys.sort_by(by_place);
        for ((name, year), (reported, span)) in keys {
            // A fact set in code has an empty span: there is no place to point at.
            let span = &(span.start < span.end).then_some(*span);
            let Some(info) = plan.facts.get(name) else {
                errors.push(
                    Diagnostic::error(
                        codes::UNKNOWN_FACT,
                        Msg::new(format!("ukendt faktum `{name}`"), format!("unknown fact `{name}`")),
                        *span,
                        Msg::new("planen bruger ikke dette faktum", "the plan does not use this fact"),
                    )
                    .maybe_hint(did_you_mean(name, plan.facts.keys().map(String::as_str))),
                );
                continue;
            };
            let plain_read = info.years.is_empty() || info.plain;
            if (info.years.is_empty() && year.is_some()) || (year.is_none() && !plain_read) {
                let (da, en) = match year {
                    Some(_) => ("reglerne bruger ikke dette faktum pr. år", "the rules do not index this fact by year"),
                    None => ("reglerne bruger dette faktum pr. år", "the rules index this fact by year"),
                };
                let years = info.years.iter().map(std::string::ToString::to_string).collect::<Vec<_>>().join(", ");
                let mut d = Diagnostic::error(
                    codes::WRONG_KIND,
                    Msg::new(format!("`{name}` skal angives pr. år"), format!("`{name}` must be given per year")),
                    *span,
                    Msg::new(da, en),
                );
                if let (None, Some(first)) = (year, info.years.first()) {
                    d = d.hint(Msg::new(
                        format!("skriv fx `{name} = {{ {first} = … }}` (år i reglerne: {years})"),
                        format!("write e.g. `{name} = {{ {first} = … }}` (years in the rules: {years})"),
                    ));
                } else {
                    d.title =
                        Msg::new(format!("`{name}` angives uden år"), format!("`{name}` is given without a year"));
                }
                errors.push(d);
                continue;
            }
            match to_value(reported, info.kind) {
                Some(v) => {
                    out.insert((name.clone(), *year), v);
                }
                None => errors.push(
                    Diagnostic::error(
                        codes::WRONG_KIND,
                        Msg::new(
                            format!("forkert slags værdi for `{name}`"),
                            format!("wrong kind of value for `{name}`"),
                        ),
                        *span,
                        Msg::new(
                            format!("planen forventer {}", info.kind.describe().da),
                            format!("the plan expects {}", info.kind.describe().en),
                        ),
                    )
                    .note(Msg::new(format!("fik {}", describe(reported).da), format!("got {}", describe(reported).en))),
                ),
            }
        }
        let goal_ids: Vec<&str> = plan.goal_ids().collect();
        let agreements = self
            .drops
            .iter()
            .map(|d| (&d.goal, d.subgoal.as_ref(), d.span))
            .chain(self.overrides.iter().map(|o| (&o.goal, None, o.span)));
        for (goal, subgoal, span) in agreements {
            let has = match subgoal {
                Some(sub) => plan.has_subgoal(goal, sub),
                None => goal_ids.contains(&goal.as_str()).then_some(true),
            };
            let Some(has) = has else {
                errors.push(
                    Diagnostic::error(
                        codes::UNKNOWN_GOAL,
                        Msg::new(format!("ukendt mål `{goal}`"), format!("unknown goal `{goal}`")),
                        Some(span),
                        Msg::new("planen har ikke dette mål", "the plan has no such goal"),
                    )
                    .note(list_goals(&goal_ids))
                    .maybe_hint(same_goal_written_otherwise(goal, &goal_ids)),
                );
                continue;
            };
            if let (Some(sub), false) = (subgoal, has) {
                errors.push(Diagnostic::error(
                    codes::UNKNOWN_GOAL,
                    Msg::new(format!("ukendt delmål `{goal}{sub}`"), format!("unknown sub-goal `{goal}{sub}`")),
                    Some(span),
                    Msg::new("målet har ikke dette delmål", "the goal has no such sub-goal"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// Converts a reported value to the kind the plan expects, if it fits.
/// A number without a unit is read in the plan's unit: kroner for money,
/// percent for percentages (`92` is 92 pct.).
pub fn to_value(reported: &Reported, kind: FactKind) -> Option<Value> {
    match (reported, kind) {
        (Reported::Bool(b), FactKind::Bool | FactKind::Unknown) => Some(Value::Bool { value: *b }),
        (Reported::Date(d), FactKind::Date | FactKind::Unknown) => Some(Value::Date { value: *d }),
        (Reported::Number(v, Some(d)), FactKind::Number(None) | FactKind::Unknown) => {
            Some(Value::Number { value: *v, dim: *d })
        }
        (Reported::Number(v, None), FactKind::Number(None) | FactKind::Unknown) => {
            Some(Value::Number { value: *v, dim: Dim::Plain })
        }
        (Reported::Number(v, Some(d)), FactKind::Number(Some(want))) if *d == want => {
            Some(Value::Number { value: *v, dim: *d })
        }
        (Reported::Number(v, None), FactKind::Number(Some(dim))) => {
            let bare = dim.measure().bare;
            let value = if bare.is_one() { Some(*v) } else { v.checked_mul(bare.get()) };
            value.map(|value| Value::Number { value, dim })
        }
        _ => None,
    }
}

fn describe(reported: &Reported) -> Msg {
    match reported {
        Reported::Number(_, Some(d)) => d.describe(),
        Reported::Number(_, None) => Msg::new("et tal", "a number"),
        Reported::Date(_) => Msg::new("en dato", "a date"),
        Reported::Bool(_) => Msg::new("ja/nej", "yes/no"),
    }
}

/// The plan's goal numbers, for an error that names an unknown one.
pub(crate) fn list_goals(goal_ids: &[&str]) -> Msg {
    const SHOWN: usize = 20;
    let shown = goal_ids.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    let (more_da, more_en) = match goal_ids.len() {
        n if n > SHOWN => (format!(", … ({n} i alt)"), format!(", … ({n} in all)")),
        _ => (String::new(), String::new()),
    };
    Msg::new(format!("planens mål: {shown}{more_da}"), format!("the plan's goals: {shown}{more_en}"))
}

/// A goal of the plan that `goal` names in another spelling (`7.`, `07`,
/// `mål 7`, `3,1`): goal numbers close in spelling are not close in meaning,
/// so nothing else is suggested.
pub(crate) fn same_goal_written_otherwise(goal: &str, goal_ids: &[&str]) -> Option<Msg> {
    let bare = goal.trim();
    let bare = bare.strip_prefix("mål").or_else(|| bare.strip_prefix("goal")).unwrap_or(bare);
    let canonical: Vec<String> = bare
        .trim()
        .trim_end_matches('.')
        .replace(',', ".")
        .split('.')
        .map(|part| match part.trim_start_matches('0') {
            "" if !part.is_empty() => "0".to_string(),
            rest => rest.to_string(),
        })
        .collect();
    let canonical = canonical.join(".");
    goal_ids.iter().find(|id| **id == canonical && **id != goal).map(|id| crate::diag::meant(id))
}
