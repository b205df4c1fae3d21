//! The department's overview: every institution's plan in one portfolio.
//!
//! A portfolio is a directory with one folder per institution, each holding
//! its plan (one `*.maal`) and its reports through the year (fact files in
//! any supported format, each dated by its `opgjort`). [`load`] evaluates
//! every report dated on or before `per` and summarises each institution
//! (its latest total, goals by status, the most it can still reach, the
//! change since its previous report), and lists every goal across the
//! ministry that needs attention: not met, in error, overridden, or at risk.
//!
//! **At risk** (i risiko): a goal whose deadline has not passed, when
//! 1. it is pending and its deadline falls within the next reporting period
//!    (the plan's own `afrapportering`, quarterly without one): the next
//!    report may be the last chance, and it does not hold on the facts so far;
//! 2. or, going by the facts' pace between its two latest reports (each
//!    running total the goal reads — a fact the plan declares `løbende`, as
//!    money spent or inspections done so far — moved on in a straight line to
//!    the goal's deadline, the other facts as they are), it would not be met
//!    at its deadline: a margin shrinking towards the limit, or a gap closing
//!    too slowly. Nothing else is projected: a count already delivered, a
//!    share or a date does not go on at a pace.
//!
//! A folder with bad input (a plan with errors, a report that cannot be read
//! or has no date, a report dated after `per`) is reported for that
//! institution with its located diagnostics; the rest is still evaluated.

pub mod format;

use std::path::Path;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::{Diagnostic, Lang, Msg};
use crate::eval::needs::Probing;
use crate::eval::{Evaluation, GoalResult, Need, Status};
use crate::facts::{Facts, Reported};
use crate::render::annual;
use crate::render::JsonDiagnostic;
use crate::source::Source;
use crate::syntax::ast::Cadence;
use crate::value::{format_date, Dim};
use crate::{Error, Plan};

/// The whole portfolio as of a date.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Portfolio {
    /// Reports dated after this are left out.
    pub per: NaiveDate,
    /// One per folder, in the folders' order.
    pub institutions: Vec<Institution>,
    /// Every goal across the ministry that needs attention.
    #[serde(serialize_with = "format::attention_json")]
    #[cfg_attr(feature = "serve", schema(value_type = Vec<format::Attention>))]
    pub attention: Vec<Attention>,
    /// The ministry's average total at each report date: `[date, pct.]`,
    /// over the plans of `ministry_year` (plans of other years are not averaged in).
    #[cfg_attr(feature = "serve", schema(value_type = Vec<Vec<String>>))]
    pub ministry: Vec<(NaiveDate, String)>,
    /// The newest plan year in the portfolio, which `ministry` averages.
    pub ministry_year: Option<i32>,
}

/// One institution's folder.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Institution {
    /// The folder's name.
    pub folder: String,
    /// The institution (the plan's `institution`, else its title, else the folder).
    pub name: String,
    /// The plan's title.
    pub plan: Option<String>,
    /// The year the plan's period ends in (institutions are listed newest plan year first).
    pub year: Option<i32>,
    /// Each report evaluated, oldest first.
    pub reports: Vec<Point>,
    /// The latest report's summary.
    pub latest: Option<Summary>,
    /// Bad input in the folder, with its diagnostics.
    pub problems: Vec<Problem>,
    /// As of `per`, the report that should be in and is not (the latest
    /// reporting period whose report is due), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<Overdue>,
    /// The latest report as the annual-report table (the drill-down).
    #[serde(skip)]
    pub report: Option<annual::Report>,
}

/// A report that should be in and is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Overdue {
    /// The end of the reporting period it covers (its `opgjort`).
    pub period_end: NaiveDate,
    /// The day it was due: the plan's `senest N kalenderdage/arbejdsdage efter`
    /// (30 calendar days without one).
    pub due: NaiveDate,
    /// Whether it is the report for the whole plan period (the year-end report).
    pub year_end: bool,
}

/// One report's total.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Point {
    /// Its `opgjort`.
    pub as_of: NaiveDate,
    /// The file.
    pub file: String,
    /// Samlet målopfyldelse in pct., exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String))]
    pub total: Decimal,
}

/// The latest report of an institution.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Summary {
    /// Its `opgjort`.
    pub as_of: NaiveDate,
    /// Samlet målopfyldelse in pct., exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String))]
    pub total: Decimal,
    /// The most the total can still reach.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "serve", schema(value_type = String))]
    pub max_reachable: Decimal,
    /// Goals met.
    pub met: usize,
    /// Goals not met (or partly met).
    pub not_met: usize,
    /// Goals pending.
    pub pending: usize,
    /// Goals dropped.
    pub dropped: usize,
    /// Goals whose status an override decided.
    pub overridden: usize,
    /// Goals in error.
    pub error: usize,
    /// The total's change since the previous report, in pct. points.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "serve", schema(value_type = Option<String>))]
    pub change: Option<Decimal>,
}

/// Bad input in an institution's folder.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Problem {
    /// The file (or the folder).
    pub file: String,
    /// The diagnostics as text, as `maal check` shows them.
    pub message: String,
    /// The diagnostics with lines and columns.
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// A goal that needs attention: data; `format::why` says why in words, and
/// `format::Attention` is its JSON.
#[derive(Clone, Debug)]
pub struct Attention {
    /// The institution's folder.
    pub folder: String,
    /// The institution.
    pub institution: String,
    /// `7`, `3.1`
    pub goal: String,
    /// The goal's title.
    pub title: String,
    /// Why it needs attention.
    pub kind: Concern,
    /// What makes it so, each as data.
    pub reasons: Vec<Reason>,
    /// The language the portfolio was evaluated in (the annual report's
    /// words in `Reason::Achieved` are in it).
    pub lang: Lang,
    /// The plan's words for its facts (`faktum x "…"`), shared by the institution's attentions.
    pub labels: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

/// One reason a goal needs attention.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Reason {
    /// The department's override decided its status.
    Overridden {
        /// What the rules gave.
        rules: Status,
        /// What the department decided.
        decided: Status,
        /// The reason recorded.
        reason: String,
    },
    /// Not met or in error: the annual report's result achieved for it.
    Achieved(String),
    /// Pending, and the first date it falls due lies inside the next
    /// reporting period: the next report may be the last chance.
    DueSoon {
        /// The first date it falls due.
        due: NaiveDate,
        /// For a goal measured at the period's end (`opgøres ultimo`): the
        /// figures so far do not meet it (a goal whose figures do is not at risk).
        awaiting: bool,
        /// What it needs (`eval::needs`).
        needs: Vec<Need>,
    },
    /// At the pace of a number fact between the two latest reports, the goal
    /// is not met at its deadline.
    Pace {
        /// Whether the goal is met now (it will stop being), or pending (it will not be reached).
        met_now: bool,
        /// The fact: `frafald[2024]`.
        fact: String,
        /// The previous report's date.
        since: NaiveDate,
        /// The fact in the previous report, in base units.
        then: Decimal,
        /// The fact now.
        now: Decimal,
        /// The fact at the deadline at this pace.
        projected: Decimal,
        /// The fact's measure.
        dim: Dim,
        /// The goal's deadline.
        deadline: NaiveDate,
    },
}

/// Why a goal needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Concern {
    /// Not met (or partly met).
    NotMet,
    /// A rule could not be computed.
    Error,
    /// The department's override decided its status.
    Overridden,
    /// At risk: see the module's rules.
    AtRisk,
}

/// Evaluates the portfolio in `dir` as of `per`. Only a directory that
/// cannot be read is an error; bad input inside it is each institution's
/// [`Problem`].
pub fn load(dir: &Path, per: NaiveDate, lang: Lang) -> Result<Portfolio, Error> {
    let name = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| Error {
        kind: crate::ErrorKind::Io,
        source: Source::new(name.clone(), ""),
        diagnostics: vec![crate::diag::io_error(&name, &e)],
    })?;
    let mut folders: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut institutions = Vec::new();
    let mut attention = Vec::new();
    for folder in folders {
        let (institution, concerns) = institution(&folder, per, lang);
        attention.extend(concerns);
        institutions.push(institution);
    }
    // Plans of different years apart: the newest year first, folders in order within a year.
    institutions.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.folder.cmp(&b.folder)));
    let ministry_year = institutions.iter().filter_map(|i| i.year).max();
    let current: Vec<&Institution> = institutions.iter().filter(|i| i.year == ministry_year).collect();
    let ministry = ministry(&current);
    let place: std::collections::HashMap<&str, usize> =
        institutions.iter().enumerate().map(|(n, i)| (i.folder.as_str(), n)).collect();
    attention.sort_by_key(|a| place.get(a.folder.as_str()).copied());
    Ok(Portfolio { per, institutions, attention, ministry, ministry_year })
}

/// A problem from a maal error: its diagnostics as text and as data.
fn problem(file: &str, error: &Error, lang: Lang) -> Problem {
    Problem {
        file: file.to_string(),
        message: error.render(lang),
        diagnostics: crate::render::to_json(&error.source, &error.diagnostics, lang),
    }
}

/// A problem without a place in a file.
fn note(file: &str, message: Msg, lang: Lang) -> Problem {
    let diagnostic = Diagnostic::error(crate::diag::codes::BAD_VALUE, message, None, Msg::new("", ""));
    let error = Error { kind: crate::ErrorKind::Facts, source: Source::new(file, ""), diagnostics: vec![diagnostic] };
    problem(file, &error, lang)
}

/// A report read and evaluated.
struct Evaluated {
    file: String,
    facts: Facts,
    evaluation: Evaluation,
}

/// One folder: its summary and the goals in it that need attention.
fn institution(folder: &Path, per: NaiveDate, lang: Lang) -> (Institution, Vec<Attention>) {
    let folder_name = folder.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Institution {
        folder: folder_name.clone(),
        name: folder_name.clone(),
        plan: None,
        year: None,
        reports: Vec::new(),
        latest: None,
        problems: Vec::new(),
        overdue: None,
        report: None,
    };
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    let shown = |p: &Path| format!("{folder_name}/{}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let plans: Vec<&std::path::PathBuf> = files.iter().filter(|p| p.extension().is_some_and(|e| e == "maal")).collect();
    let plan = match plans.as_slice() {
        [one] => match Plan::from_file(one, &Default::default()) {
            Ok(plan) => plan,
            Err(e) => {
                out.problems.push(problem(&shown(one), &e, lang));
                return (out, Vec::new());
            }
        },
        [] => {
            let msg = Msg::new("mappen har ingen plan (*.maal)", "the folder has no plan (*.maal)");
            out.problems.push(note(&folder_name, msg, lang));
            return (out, Vec::new());
        }
        _ => {
            let msg = Msg::new(
                "mappen har mere end én plan (*.maal); en institution har én plan",
                "the folder has more than one plan (*.maal); an institution has one plan",
            );
            out.problems.push(note(&folder_name, msg, lang));
            return (out, Vec::new());
        }
    };
    out.plan = Some(plan.title().to_string());
    out.year = plan.checked().file.header.period.as_ref().map(|p| chrono::Datelike::year(&p.value.end));
    out.name = plan.institution().unwrap_or(plan.title()).to_string();
    let is_report = |p: &Path| {
        let name = p.to_string_lossy();
        ["toml", "json", "csv", "xlsx"].iter().any(|e| p.extension().is_some_and(|x| x == *e))
            && !name.ends_with(".test.toml")
    };
    let mut evaluated = Vec::new();
    for path in files.iter().filter(|p| is_report(p)) {
        let file = shown(path);
        let bytes = match crate::source::read_file(path) {
            Ok(b) => b,
            Err(e) => {
                let error = Error {
                    kind: crate::ErrorKind::Io,
                    source: Source::new(file.clone(), ""),
                    diagnostics: vec![crate::diag::io_error(&file, &e)],
                };
                out.problems.push(problem(&file, &error, lang));
                continue;
            }
        };
        let read = Facts::read(&file, &bytes).and_then(|facts| {
            let date = facts.report_date(&file, None, None)?;
            Ok((facts, date))
        });
        let (facts, date) = match read {
            Ok(x) => x,
            Err(e) => {
                out.problems.push(problem(&file, &e, lang));
                continue;
            }
        };
        if date > per {
            let (d, p) = (format_date(date, Lang::Da), format_date(per, Lang::Da));
            let (d_en, p_en) = (format_date(date, Lang::En), format_date(per, Lang::En));
            let msg = Msg::new(
                format!("indberetningen er opgjort {d}, efter {p}, og er ikke taget med"),
                format!("the report is as of {d_en}, after {p_en}, and is left out"),
            );
            out.problems.push(note(&file, msg, lang));
            continue;
        }
        match plan.evaluate_in(&facts, date, lang) {
            Ok(evaluation) => evaluated.push(Evaluated { file, facts, evaluation }),
            Err(e) => out.problems.push(problem(&file, &e, lang)),
        }
    }
    evaluated.sort_by_key(|e| e.evaluation.as_of);
    out.reports = evaluated
        .iter()
        .map(|e| Point { as_of: e.evaluation.as_of, file: e.file.clone(), total: e.evaluation.total.score })
        .collect();
    out.overdue = overdue(&plan, &out.reports, per);
    let Some((latest, earlier)) = evaluated.split_last() else { return (out, Vec::new()) };
    let previous = earlier.last();
    let goals = &latest.evaluation.goals;
    let count = |f: &dyn Fn(&GoalResult) -> bool| goals.iter().filter(|g| f(g)).count();
    out.latest = Some(Summary {
        as_of: latest.evaluation.as_of,
        total: latest.evaluation.total.score,
        max_reachable: latest.evaluation.total.max_reachable,
        met: count(&|g| g.status == Status::Met),
        not_met: count(&|g| matches!(g.status, Status::NotMet | Status::PartlyMet)),
        pending: count(&|g| g.status == Status::Pending),
        dropped: count(&|g| g.status == Status::Dropped),
        overridden: count(&|g| g.overridden.is_some()),
        error: count(&|g| g.status == Status::Error),
        change: previous.and_then(|p| latest.evaluation.total.score.checked_sub(p.evaluation.total.score)),
    });
    let history: Vec<Evaluation> = earlier.iter().map(|e| e.evaluation.clone()).collect();
    let report = annual::build(&plan, &latest.evaluation, &history, lang);
    let mut concerns = Vec::new();
    let labels = std::sync::Arc::new(plan.checked().labels.clone());
    for (goal, row) in goals.iter().zip(&report.rows) {
        let concern = |kind: Concern, reasons: Vec<Reason>| Attention {
            folder: out.folder.clone(),
            institution: out.name.clone(),
            goal: goal.id.clone(),
            title: goal.title.clone().unwrap_or_default(),
            kind,
            reasons,
            lang,
            labels: labels.clone(),
        };
        if let Some(o) = &goal.overridden {
            let reason = Reason::Overridden { rules: o.rule_status, decided: goal.status, reason: o.reason.clone() };
            concerns.push(concern(Concern::Overridden, vec![reason]));
            continue;
        }
        match goal.status {
            Status::NotMet | Status::PartlyMet => {
                concerns.push(concern(Concern::NotMet, vec![Reason::Achieved(row.achieved.clone())]));
            }
            Status::Error => concerns.push(concern(Concern::Error, vec![Reason::Achieved(row.achieved.clone())])),
            Status::Met | Status::Pending => {
                let reasons = at_risk(&plan, latest, previous, goal);
                if !reasons.is_empty() {
                    concerns.push(concern(Concern::AtRisk, reasons));
                }
            }
            Status::Dropped => {}
        }
    }
    out.report = Some(report);
    (out, concerns)
}

/// As of `per`, the latest reporting period of the plan whose report is due
/// and not in (no report made as of its end or later). The periods run from
/// the plan period's start by the plan's `afrapportering` (quarterly without
/// one); the last ends with the plan period (the year-end report).
fn overdue(plan: &Plan, reports: &[Point], per: NaiveDate) -> Option<Overdue> {
    let header = &plan.checked().file.header;
    let period = header.period.as_ref()?.value;
    let mut reporting = header.reporting.as_ref().map(|r| r.value.clone()).unwrap_or(crate::syntax::ast::Reporting {
        cadence: Cadence::Quarterly,
        within_days: None,
        working_days: false,
    });
    reporting.within_days.get_or_insert(30);
    let step = months(Some(reporting.cadence));
    let mut latest_due = None;
    for k in 1..=1200u32 {
        let end = period.start.checked_add_months(Months::new(step.checked_mul(k)?))?.pred_opt()?.min(period.end);
        let due = reporting.due(end)?;
        if due > per {
            break;
        }
        latest_due = Some(Overdue { period_end: end, due, year_end: end == period.end });
        if end == period.end {
            break;
        }
    }
    let latest_due = latest_due?;
    let covered = reports.iter().any(|r| r.as_of >= latest_due.period_end);
    (!covered).then_some(latest_due)
}

/// Months in a reporting period.
fn months(cadence: Option<Cadence>) -> u32 {
    match cadence {
        Some(Cadence::Monthly) => 1,
        Some(Cadence::HalfYearly) => 6,
        Some(Cadence::Yearly) => 12,
        Some(Cadence::Quarterly) | None => 3,
    }
}

/// The last day of the reporting period after the report as of `as_of`.
pub fn next_period_end(as_of: NaiveDate, cadence: Option<Cadence>) -> Option<NaiveDate> {
    as_of.succ_opt()?.checked_add_months(Months::new(months(cadence)))?.pred_opt()
}

/// Why goal `goal` of the latest report is at risk (empty: it is not). See
/// the module's rules.
fn at_risk(plan: &Plan, latest: &Evaluated, previous: Option<&Evaluated>, goal: &GoalResult) -> Vec<Reason> {
    let program = plan.program();
    let Some(g) = program.goals.iter().position(|x| x.id == goal.id) else { return Vec::new() };
    let as_of = latest.evaluation.as_of;
    let Some(deadline) = program.goals[g].deadline.or(program.period.map(|p| p.end)) else { return Vec::new() };
    if deadline < as_of {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    let cadence = plan.checked().file.header.reporting.as_ref().map(|r| r.value.cadence);
    // Rule 1: pending, and the first date it falls due is before the next report's period ends.
    // A goal measured at the period's end whose figures so far meet it is not at risk by this rule.
    let on_course = goal.awaiting.is_some_and(|a| a.now == Status::Met);
    if goal.status == Status::Pending && !on_course {
        let due = goal.needed.iter().filter_map(|n| n.deadline).filter(|d| *d >= as_of).min().unwrap_or(deadline);
        if next_period_end(as_of, cadence).is_some_and(|end| due <= end) {
            reasons.push(Reason::DueSoon { due, awaiting: goal.awaiting.is_some(), needs: goal.needed.clone() });
        }
    }
    // Rule 2: at the pace since the previous report, not met at the deadline.
    let Some(previous) = previous else { return reasons };
    let days = (as_of - previous.evaluation.as_of).num_days();
    let ahead = (deadline - as_of).num_days();
    // No time left to project, or no earlier report to take a pace from.
    if days <= 0 || ahead <= 0 {
        return reasons;
    }
    let Ok(values) = latest.facts.values_for(plan.checked(), &latest.file) else { return reasons };
    let probing = Probing::new(program, plan.checked(), &latest.facts, &values, as_of);
    let running = &plan.checked().running;
    for fact in probing.goal_facts(&goal.id).into_iter().flatten().filter(|f| running.contains(&f.key.0)) {
        let Some((Reported::Number(before, unit_before), _)) = previous.facts.values.get(&fact.key) else { continue };
        let dim = fact.dim.unwrap_or(Dim::Plain);
        let base = |v: Decimal, unit: Option<Dim>| -> Option<Decimal> {
            match crate::facts::to_value(&Reported::Number(v, unit), plan.checked().facts.get(&fact.key.0)?.kind)? {
                crate::value::Value::Number { value, .. } => Some(value),
                _ => None,
            }
        };
        let (Some(now), Some(then)) = (base(fact.value, fact.unit), base(*before, *unit_before)) else { continue };
        let pace = now.checked_sub(then).and_then(|d| d.checked_div(Decimal::from(days)));
        let Some(projected) = pace.and_then(|p| p.checked_mul(Decimal::from(ahead))).and_then(|m| now.checked_add(m))
        else {
            continue;
        };
        let resolution = dim.resolution(now);
        let projected = projected
            .checked_div(resolution)
            .map(|s| s.round())
            .and_then(|s| s.checked_mul(resolution))
            .unwrap_or(projected);
        let Some(mut prober) = probing.prober(&fact.key.0, fact.key.1, Some(dim)) else { continue };
        let Some(status) = prober.status(projected, g) else { continue };
        if status == Status::Met {
            continue;
        }
        let moves = goal.needed.iter().any(|n| n.fact == fact.label && n.windows.iter().any(|w| !w.names_subgoal()));
        let since = previous.evaluation.as_of;
        let pace =
            |met_now| Reason::Pace { met_now, fact: fact.label.clone(), since, then, now, projected, dim, deadline };
        match goal.status {
            Status::Met if now != then => reasons.push(pace(true)),
            Status::Pending if moves => reasons.push(pace(false)),
            _ => {}
        }
    }
    reasons
}

/// The ministry's average total at each report date: each institution's
/// latest total on or before the date, averaged over those that have one.
fn ministry(institutions: &[&Institution]) -> Vec<(NaiveDate, String)> {
    let mut dates: Vec<NaiveDate> = institutions.iter().flat_map(|i| i.reports.iter().map(|p| p.as_of)).collect();
    dates.sort();
    dates.dedup();
    dates
        .into_iter()
        .filter_map(|date| {
            let totals: Vec<Decimal> = institutions
                .iter()
                .filter_map(|i| i.reports.iter().rev().find(|p| p.as_of <= date).map(|p| p.total))
                .collect();
            let sum = totals.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))?;
            let mean = sum.checked_div(Decimal::from(totals.len()))?;
            Some((date, mean.round_dp(2).to_string()))
        })
        .collect()
}

impl Portfolio {
    /// Whether any institution's folder had bad input.
    pub fn has_problems(&self) -> bool {
        self.institutions.iter().any(|i| !i.problems.is_empty())
    }
}
