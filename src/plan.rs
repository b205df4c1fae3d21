//! The embedding front door: compile a plan once, evaluate it many times.
//!
//! [`Plan`] bundles the stages (`syntax` → `check` → `compile`) behind one
//! constructor that returns every diagnostic on failure, and one
//! [`Plan::evaluate`] that validates facts and evaluates as of a date. A
//! `Plan` is immutable, `Send + Sync` and cheap to share in an `Arc`.
//!
//! ```
//! use maal::{Facts, Plan};
//! let plan = Plan::compile("mål.maal", r#"plan "P" { periode 2026 }
//! mål 1 "Budget": |budget - realiseret| <= 1,0 mio;"#).unwrap();
//! let mut facts = Facts::default();
//! facts.insert_text("budget", "42,0 mio").unwrap();
//! facts.insert_text("realiseret", "42,9 mio").unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
//! let result = plan.evaluate(&facts, as_of).unwrap();
//! assert_eq!(result.total.score, rust_decimal::Decimal::ONE_HUNDRED);
//! ```

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::{Checked, FactKind};
use crate::diag::{Diagnostic, Error, ErrorKind, Lang};
use crate::eval::compile::Program;
use crate::eval::Evaluation;
use crate::facts::Facts;
use crate::source::Source;
use crate::syntax::Limits;
use crate::value::Dim;

/// A checked and compiled plan, ready to evaluate against any number of fact sets.
#[derive(Clone, Debug)]
pub struct Plan {
    checked: Checked,
    program: Program,
}

/// What the payout table in `header` pays for an evaluation (see [`Plan::payout`]).
pub(crate) fn payout_of(header: &crate::syntax::ast::Header, evaluation: &Evaluation) -> Option<Payout> {
    let bands = &header.payout.as_ref()?.value;
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    // The highest band the total reaches (bands in pct. of 100); below every band, nothing.
    let band = |total: rust_decimal::Decimal| {
        bands
            .iter()
            .filter(|b| b.from.value.0.checked_mul(hundred).is_some_and(|from| total >= from))
            .max_by(|a, b| a.from.value.0.cmp(&b.from.value.0))
            .map(|b| (b.from.value.0.saturating_mul(hundred), b.share.value.0.saturating_mul(hundred)))
    };
    let now = band(evaluation.total.score);
    let most = band(evaluation.total.max_reachable);
    Some(Payout {
        share: now.map_or(rust_decimal::Decimal::ZERO, |(_, s)| s),
        from: now.map(|(f, _)| f),
        reachable: if most == now { None } else { Some(most.map_or(rust_decimal::Decimal::ZERO, |(_, s)| s)) },
    })
}

/// What a payout table pays for one evaluation, in pct. of the bonus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Payout {
    /// The share paid for the total as it stands.
    pub share: rust_decimal::Decimal,
    /// The total (in pct.) the band it falls in starts at; `None` below every band.
    pub from: Option<rust_decimal::Decimal>,
    /// While goals are pending: the share their best outcome would pay, where
    /// it differs (the table's answer is then provisional).
    pub reachable: Option<rust_decimal::Decimal>,
}

/// One fact a plan needs reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequiredFact {
    /// The fact's name as the rules write it.
    pub name: String,
    /// `money`, `percent`, `number`, `date`, `bool`, or `unknown` when no rule fixes it.
    pub kind: String,
    /// The years it is reported for (`frafald[2023]`), empty when not indexed by year.
    pub years: Vec<i32>,
    /// The goals that read it.
    pub goals: Vec<String>,
    /// The kind described for people, in Danish.
    pub description: String,
    /// The plan's words for it (`faktum x "…"`), when it gives some.
    pub label: Option<String>,
}

impl Plan {
    /// Parses, checks and compiles rule text named `name` (shown in
    /// diagnostics), with the default limits.
    pub fn compile(name: &str, text: &str) -> Result<Plan, Error> {
        Plan::compile_with(name, text, &Limits::default())
    }

    /// Like [`Plan::compile`], with the embedder's limits on source size,
    /// nesting, chains and goals.
    pub fn compile_with(name: &str, text: &str, limits: &Limits) -> Result<Plan, Error> {
        Plan::from_source(Source::new(name, crate::source::normalise(text)), limits)
    }

    /// Compiles raw file bytes: UTF-8 (a byte-order mark is dropped, text is
    /// normalised to NFC), or a located error.
    pub fn from_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<Plan, Error> {
        Plan::from_source(crate::decode_rules(name, bytes)?, limits)
    }

    /// Reads and compiles a rule file.
    pub fn from_file(path: &std::path::Path, limits: &Limits) -> Result<Plan, Error> {
        Plan::from_source(crate::read_rules(path)?, limits)
    }

    /// Checks and compiles rule text already decoded (stdin, a request, a file read elsewhere).
    pub fn from_source(source: Source, limits: &Limits) -> Result<Plan, Error> {
        match crate::check_source_with(&source, limits) {
            Ok(checked) => {
                let program = crate::eval::compile::compile_source(&checked, source);
                Ok(Plan { checked, program })
            }
            Err(diagnostics) => Err(Error { kind: ErrorKind::Rules, source, diagnostics }),
        }
    }

    /// The plan's title (`plan "Resultatplan 2026" { … }`).
    pub fn title(&self) -> &str {
        &self.program.title
    }

    /// The institution, when the plan names it.
    pub fn institution(&self) -> Option<&str> {
        self.checked.file.header.institution.as_ref().map(|i| i.value.as_str())
    }

    /// What the plan's payout table (`udbetaling { … }`) pays for an
    /// evaluation: for its total and, while goals are pending, for the most it
    /// can still reach. `None` without a table.
    pub fn payout(&self, evaluation: &Evaluation) -> Option<Payout> {
        payout_of(&self.checked.file.header, evaluation)
    }

    /// The rule text, as decoded and normalised.
    pub fn source(&self) -> &Source {
        &self.program.source
    }

    /// Warnings the checker found (the plan is still usable).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.checked.warnings
    }

    /// The goals' numbers, in plan order.
    pub fn goal_ids(&self) -> Vec<&str> {
        self.program.goals.iter().map(|g| g.id.as_str()).collect()
    }

    /// The checked syntax tree and fact kinds (for tools that go deeper).
    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    /// The evaluation tree.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Every fact the plan reads, sorted by name: what an institution must report.
    pub fn required_facts(&self) -> Vec<RequiredFact> {
        self.checked
            .facts
            .iter()
            .map(|(name, info)| RequiredFact {
                name: name.clone(),
                kind: match info.kind {
                    FactKind::Number(Some(dim)) => dim.measure().key,
                    FactKind::Number(None) => Dim::Plain.measure().key,
                    FactKind::Date => "date",
                    FactKind::Bool => "bool",
                    FactKind::Unknown => "unknown",
                }
                .to_string(),
                years: info.years.clone(),
                goals: info.goals.clone(),
                description: info.kind.describe().da,
                label: self.checked.labels.get(name).cloned(),
            })
            .collect()
    }

    /// Evaluates the plan against `facts` as of `as_of`, with explanations in Danish.
    ///
    /// Facts that don't fit the plan (unknown names, wrong kinds) are an
    /// [`ErrorKind::Facts`] error. A rule that can't be computed (division
    /// by zero) gives its goal the status `fejl` and a diagnostic in
    /// [`Evaluation::errors`]; the rest of the plan is still evaluated.
    pub fn evaluate(&self, facts: &Facts, as_of: NaiveDate) -> Result<Evaluation, Error> {
        self.evaluate_in(facts, as_of, Lang::Da)
    }

    /// [`Plan::evaluate`] with explanations in `lang`.
    pub fn evaluate_in(&self, facts: &Facts, as_of: NaiveDate, lang: Lang) -> Result<Evaluation, Error> {
        // Names the plan does not use are skipped with a warning, not an error.
        let unused = facts.warnings(&self.checked);
        let facts = &*facts.without_unused(&self.checked);
        let values = self.validate(facts)?;
        let mut evaluation = crate::eval::evaluate(&self.program, facts, &values, as_of, lang);
        crate::eval::needs::fill(&mut evaluation, &self.program, &self.checked, facts, &values);
        evaluation.warnings = crate::eval::FactWarning::all(&unused, facts.source.as_ref(), lang);
        Ok(evaluation)
    }

    /// The facts' values, validated against the plan.
    fn validate(&self, facts: &Facts) -> Result<crate::facts::FactValues, Error> {
        facts.values_for(&self.checked, "<fakta>")
    }

    /// Validates `facts` and binds them to the plan's slots for [`Plan::outcome_into`].
    /// As in [`Plan::evaluate`], names the plan does not use are skipped
    /// ([`Facts::warnings`] lists them).
    pub fn bind(&self, facts: &Facts) -> Result<crate::eval::Bound, Error> {
        let facts = &*facts.without_unused(&self.checked);
        let values = self.validate(facts)?;
        Ok(crate::eval::bind(&self.program, facts, &values))
    }

    /// The slot a fact is read from, to change it in a [`crate::eval::Bound`]
    /// between evaluations (what-if sweeps).
    pub fn slot(&self, name: &str, year: Option<i32>) -> Option<usize> {
        crate::eval::slot_of(&self.program, name, year)
    }

    /// Statuses, scores and the total only, without explanations: the hot
    /// path for services and sweeps. Allocates nothing once `out` has grown
    /// to the plan's size. Agrees with [`Plan::evaluate`] on every status.
    pub fn outcome_into(&self, bound: &crate::eval::Bound, as_of: NaiveDate, out: &mut crate::eval::Outcome) {
        crate::eval::evaluate_into(&self.program, bound, as_of, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Plan>();
        assert_send_sync::<Error>();
    }

    #[test]
    fn compile_errors_carry_every_diagnostic_and_render() {
        let err = Plan::compile("x.maal", "plan \"x\" { periode 2026 }\nmål 1: a <= 1 mio og a >= 2 pct;\nmål 1: b;")
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Rules);
        assert!(err.diagnostics.len() >= 2, "{:?}", err.diagnostics);
        let text = err.to_string();
        assert!(text.contains("x.maal:2:"), "{text}");
    }

    #[test]
    fn required_facts_name_kinds_and_years() {
        let plan = Plan::compile(
            "x.maal",
            "plan \"x\" { periode 2026 }\nmål 1: frafald[2024] < frafald[2023];\nmål 2: |b - r| <= 1 mio;\nmål 3: leveret senest ultimo 2026;",
        )
        .unwrap();
        let facts = plan.required_facts();
        let kinds: Vec<(&str, &str)> = facts.iter().map(|f| (f.name.as_str(), f.kind.as_str())).collect();
        assert_eq!(kinds, [("b", "money"), ("frafald", "number"), ("leveret", "date"), ("r", "money")]);
        assert_eq!(facts[1].years, [2023, 2024]);
    }
}
