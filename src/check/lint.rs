//! Lints: warnings about rules that check but are probably not what was meant,
//! after the guidance's SMART criteria (specific, measurable, time-bound).
//! Each has a code; `tillad CODE;` in a goal, or `tillad CODE` in the plan
//! header, silences it.
//!
//! Each lint is one function, registered with its code and meaning in
//! [`LINTS`]: a goal lint looks at one goal at a time (with what the plan's
//! earlier goals left in [`Seen`]), a plan lint at the whole plan. `lint` runs
//! them in the table's order and drops what `tillad` silences.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::check::Checked;
use crate::diag::codes;
use crate::diag::{Diagnostic, Lang, Msg, Severity};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, CmpOp, ExprKind, Scoring, Stmt};
use crate::value::{format_date, TimeSpan};

/// One lint: its code, its meaning in a line (for docs and `tillad`), and what runs it.
#[cfg_attr(not(feature = "internals"), allow(dead_code))] // `code` and `what` are read by tests/lints.rs
pub struct Lint {
    /// The warning's code (`W0101`).
    pub code: &'static str,
    /// What it warns about.
    pub what: &'static str,
    run: Run,
}

enum Run {
    /// Looks at one goal.
    Goal(fn(&Goal<'_>, &mut Seen, &mut Vec<Diagnostic>)),
    /// Looks at the whole plan.
    Plan(fn(&Checked, &mut Vec<Diagnostic>)),
}

/// Every lint, in the order its warnings are given for a goal.
pub const LINTS: &[Lint] = &[
    Lint {
        code: codes::AMBIGUOUS_INDEN,
        what: "`inden` before a period, read as before its first day",
        run: Run::Goal(ambiguous_inden),
    },
    Lint { code: codes::NO_DEADLINE, what: "a goal with no deadline (not time-bound)", run: Run::Goal(no_deadline) },
    Lint { code: codes::NO_FACTS, what: "a goal whose outcome depends on no fact", run: Run::Goal(no_facts) },
    Lint { code: codes::CONTRADICTORY, what: "contradictory thresholds on one fact", run: Run::Goal(contradictory) },
    Lint { code: codes::MIXED_UNITS, what: "one fact compared with different units", run: Run::Goal(mixed_units) },
    Lint {
        code: codes::DEADLINE_OUTSIDE_PERIOD,
        what: "a deadline outside the plan period",
        run: Run::Goal(deadline_outside_period),
    },
    Lint {
        code: codes::UNUSED_SUBGOAL, what: "a sub-goal the `mål:` line never uses", run: Run::Goal(unused_subgoal)
    },
    Lint {
        code: codes::YEAR_MEASURE,
        what: "a limit on a yearly measure (an average, a share) in a goal not `opgøres ultimo`",
        run: Run::Goal(year_measure),
    },
    Lint {
        code: codes::TARGET_YEAR_INSIDE,
        what: "a `målår` not after the plan period (no effect)",
        run: Run::Goal(target_year_inside),
    },
    Lint { code: codes::WEIGHTS_SUM, what: "weights that do not sum to 100", run: Run::Plan(weights_sum) },
    Lint { code: codes::UNUSED_LABEL, what: "a label for a fact no rule reads", run: Run::Plan(unused_label) },
];

/// `faktum x "…"` where no rule reads `x`: most often a misspelt name, so
/// the reports would print the name after all.
fn unused_label(checked: &Checked, out: &mut Vec<Diagnostic>) {
    if checked.file.header.allow.iter().any(|a| a.value == codes::UNUSED_LABEL) {
        return;
    }
    for l in &checked.file.labels {
        let name = l.name.value.as_str();
        if checked.facts.contains_key(name) {
            continue;
        }
        let w = warning(
            codes::UNUSED_LABEL,
            Msg::new(format!("ingen regel læser faktum `{name}`"), format!("no rule reads fact `{name}`")),
            l.name.span,
            Msg::new("betegnelsen bruges ikke", "the label is not used"),
        );
        let hint = crate::diag::did_you_mean(name, checked.facts.keys().map(String::as_str)).unwrap_or_else(|| {
            Msg::new("skriv faktummets navn, som reglerne skriver det", "write the fact's name as the rules write it")
        });
        out.push(w.hint(hint));
    }
}

/// The goal's `målår`, when written.
fn target_year<'a>(g: &Goal<'a>) -> Option<&'a Spanned<i32>> {
    g.goal.stmts.iter().find_map(|s| match s {
        Stmt::TargetYear(y) => Some(y),
        _ => None,
    })
}

/// W0110: a `målår` inside the plan's period (or without one) changes nothing.
fn target_year_inside(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    let Some(y) = target_year(g) else { return };
    let last = g.period.map(|p| chrono::Datelike::year(&p.end));
    if last.is_some_and(|last| y.value > last) {
        return;
    }
    let label = match last {
        Some(last) => Msg::new(format!("planperioden slutter i {last}"), format!("the plan period ends in {last}")),
        None => Msg::new("planen har ingen periode", "the plan has no period"),
    };
    found.push(
        warning(
            codes::TARGET_YEAR_INSIDE,
            Msg::new(
                format!("målår {} ligger ikke efter planperioden og har ingen virkning", y.value),
                format!("target year {} is not after the plan period and has no effect", y.value),
            ),
            y.span,
            label,
        )
        .hint(Msg::new(
            "målår er til mål for et senere år end planens; et mål for planens eget år tæller med som alle andre",
            "a target year is for goals of a later year than the plan's; a goal for the plan's own year counts like any other",
        )),
    );
}

/// Words in a fact's name that say it is measured over the whole period.
const YEARLY_WORDS: [&str; 6] = ["gennemsnit", "andel", "årlig", "aarlig", "helår", "pr_år"];

/// One goal as the goal lints see it.
struct Goal<'a> {
    goal: &'a ast::Goal,
    /// Its sub-goals' and own conditions.
    conditions: Vec<&'a ast::Expr>,
    /// Its `frist` line.
    frist: Option<&'a Spanned<TimeSpan>>,
    /// The deadline conditions written in it, found once for every lint that asks.
    deadlines: Vec<(&'a ast::Expr, &'a Spanned<TimeSpan>)>,
    /// The plan's period.
    period: Option<TimeSpan>,
    /// The plan's text (units as written).
    text: &'a str,
}

/// What the goals before this one left: the unit each fact was first compared in.
#[derive(Default)]
struct Seen {
    /// Each fact's first compared unit: its scale (`mio.` is 1 000 000) and where.
    units: BTreeMap<String, (rust_decimal::Decimal, Span)>,
}

fn warning(code: &'static str, title: Msg, span: Span, label: Msg) -> Diagnostic {
    let mut d = Diagnostic::error(code, title, Some(span), label);
    d.severity = Severity::Warning;
    d.hint(Msg::new(
        format!("skriv `tillad {code};` i målet, hvis det er meningen"),
        format!("write `tillad {code};` in the goal if this is intended"),
    ))
}

/// The warnings for a checked plan; `text` is its source (to read units as written).
pub fn lint(checked: &Checked, text: &str) -> Vec<Diagnostic> {
    let file = &checked.file;
    let header = &file.header;
    let plan_allow: Vec<&str> = header.allow.iter().map(|a| a.value.as_str()).collect();
    let period = header.period.as_ref().map(|p| p.value);
    let mut out = Vec::new();
    let mut seen = Seen::default();
    for goal in &file.goals {
        let mut allow = plan_allow.clone();
        allow.extend(goal.stmts.iter().filter_map(|s| match s {
            Stmt::Allow(a) => Some(a.value.as_str()),
            _ => None,
        }));
        let conditions: Vec<&ast::Expr> = goal
            .stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::Subgoal { expr, .. } | Stmt::Condition(expr) => Some(expr),
                _ => None,
            })
            .collect();
        let frist = goal.stmts.iter().find_map(|s| match s {
            Stmt::Deadline(d) => Some(d),
            _ => None,
        });
        let deadlines = deadlines(&conditions);
        let seen_goal = Goal { goal, conditions, frist, deadlines, period, text };
        let mut found = Vec::new();
        for lint in LINTS {
            if let Run::Goal(run) = lint.run {
                run(&seen_goal, &mut seen, &mut found);
            }
        }
        out.extend(found.into_iter().filter(|d| !allow.contains(&d.code)));
    }
    for lint in LINTS {
        if let Run::Plan(run) = lint.run {
            run(checked, &mut out);
        }
    }
    out
}

/// The deadlines written in a goal's conditions.
fn deadlines<'a>(conditions: &[&'a ast::Expr]) -> Vec<(&'a ast::Expr, &'a Spanned<TimeSpan>)> {
    let mut out = Vec::new();
    for e in conditions {
        e.walk(&mut |x| {
            if let ExprKind::Deadline(_, _, t) = &x.kind {
                out.push((x, t));
            }
        });
    }
    out
}

/// W0108: `inden juni 2026` reads as "before June" to some and "by the end of June" to others.
fn ambiguous_inden(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    for &(x, t) in &g.deadlines {
        let ExprKind::Deadline(op, v, _) = &x.kind else { continue };
        let word = g.text.get(v.span.end..t.span.start).map(str::trim).unwrap_or_default();
        if *op != ast::DeadlineOp::Before || word != "inden" {
            continue;
        }
        let when = g.text.get(t.span.start..t.span.end).unwrap_or_default();
        let (first, last) = (format_date(t.value.start, Lang::Da), format_date(t.value.end, Lang::Da));
        let (first_en, last_en) = (format_date(t.value.start, Lang::En), format_date(t.value.end, Lang::En));
        found.push(
            warning(
                codes::AMBIGUOUS_INDEN,
                Msg::new(format!("`inden {when}` læses på to måder"), format!("`inden {when}` reads two ways")),
                x.span,
                Msg::new(format!("maal læser det som før {first}"), format!("maal reads it as before {first_en}")),
            )
            .note(Msg::new(
                format!("skriv `før {when}` for før {first}, eller `senest {when}` for til og med {last}"),
                format!(
                    "write `før {when}` for before {first_en}, or `senest {when}` for up to and including {last_en}"
                ),
            )),
        );
    }
}

/// W0101: a goal with neither a `frist` line nor a deadline condition.
fn no_deadline(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    // A target for a later year is due at that year's end; a goal measured at
    // the period's end (`opgøres ultimo`) is due then.
    let at_end = g.goal.stmts.iter().any(|s| matches!(s, ast::Stmt::YearEnd(_)));
    if g.frist.is_some() || !g.deadlines.is_empty() || target_year(g).is_some() || at_end {
        return;
    }
    let id = &g.goal.id;
    found.push(
        warning(
            codes::NO_DEADLINE,
            Msg::new(format!("mål {} har ingen frist", id.value), format!("goal {} has no deadline", id.value)),
            id.span,
            Msg::new("hvornår skal målet være nået?", "by when must the goal be reached?"),
        )
        .note(Msg::new(
            "gode mål er tidsbestemte (SMART); uden frist gælder planperiodens slutning",
            "good goals are time-bound (SMART); without one the end of the plan period applies",
        )),
    );
}

/// W0102: conditions that read no fact.
fn no_facts(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    let reads_a_fact =
        |e: &&ast::Expr| e.find_map(&mut |x| matches!(x.kind, ExprKind::Name(..)).then_some(())).is_some();
    if g.conditions.iter().any(reads_a_fact) {
        return;
    }
    let id = &g.goal.id;
    found.push(warning(
        codes::NO_FACTS,
        Msg::new(
            format!("mål {} afhænger ikke af nogen fakta", id.value),
            format!("goal {} depends on no fact", id.value),
        ),
        id.span,
        Msg::new("udfaldet er givet på forhånd", "the outcome is fixed in advance"),
    ));
}

/// W0103: `x > 5 og x < 3`.
fn contradictory(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    for e in &g.conditions {
        e.walk(&mut |x| {
            if let ExprKind::And(parts) = &x.kind {
                found.extend(contradiction(parts, x.span));
            }
        });
    }
}

/// W0109: a limit on a fact whose name says it is measured over the whole
/// period (an average, a share), in a goal that is not `opgøres ultimo`: a
/// half-year figure under a cap would count as met.
fn year_measure(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    let year_end = g.goal.stmts.iter().any(|s| matches!(s, Stmt::YearEnd(_)));
    if year_end || g.period.is_none() {
        return;
    }
    let mut first = None;
    for e in &g.conditions {
        e.walk(&mut |x| {
            let ExprKind::Compare(op, a, _) = &x.kind else { return };
            if first.is_some() || !matches!(op, CmpOp::Le | CmpOp::Lt | CmpOp::Ge | CmpOp::Gt) {
                return;
            }
            let ExprKind::Name(name, _) = &a.kind else { return };
            // Names are most often lower case already: no copy for those.
            let lower = if name.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(name.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(name.as_str())
            };
            if YEARLY_WORDS.iter().any(|w| lower.contains(w)) {
                first = Some((name.clone(), a.span));
            }
        });
    }
    let Some((name, span)) = first else { return };
    found.push(
        warning(
            codes::YEAR_MEASURE,
            Msg::new(
                format!("`{name}` lyder som et mål for hele perioden, men målet opgøres ikke ultimo"),
                format!("`{name}` sounds like a measure of the whole period, but the goal is not `opgøres ultimo`"),
            ),
            span,
            Msg::new("et tal fra midt i perioden afgør målet", "a figure from mid-period decides the goal"),
        )
        .note(Msg::new(
            "et gennemsnit eller en andel kan ligge under grænsen ved halvåret og over den ved årets udgang",
            "an average or a share can be under the limit at mid-year and over it at the year's end",
        ))
        .hint(Msg::new(
            "skriv `opgøres ultimo;` i målet, så det afventer en indberetning for hele perioden",
            "write `opgøres ultimo;` in the goal, so it waits for a report covering the whole period",
        )),
    );
}

/// W0106: one fact compared in `mio. kr.` here and `kr.` there (across the plan).
fn mixed_units(g: &Goal<'_>, seen: &mut Seen, found: &mut Vec<Diagnostic>) {
    for e in &g.conditions {
        e.walk(&mut |x| {
            let ExprKind::Compare(_, a, b) = &x.kind else { return };
            let (ExprKind::Name(name, _), ExprKind::Number(..)) = (&a.kind, &b.kind) else { return };
            let written = g.text.get(b.span.start..b.span.end).unwrap_or("");
            let unit = written.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',').trim();
            let Some((_, key)) = crate::measure::unit_of(unit).filter(|_| !unit.is_empty()) else { return };
            match seen.units.get(name) {
                Some((k, first)) if *k != key => found.push(
                    warning(
                        codes::MIXED_UNITS,
                        Msg::new(
                            format!("`{name}` sammenlignes i forskellige enheder"),
                            format!("`{name}` compared in different units"),
                        ),
                        b.span,
                        Msg::new(format!("her i `{unit}`"), format!("here in `{unit}`")),
                    )
                    .related(*first, Msg::new("her i en anden enhed", "here in another unit")),
                ),
                Some(_) => {}
                None => {
                    seen.units.insert(name.clone(), (key, b.span));
                }
            }
        });
    }
}

/// W0107: a `frist` or a deadline condition outside the plan's period.
fn deadline_outside_period(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    let Some(p) = g.period else { return };
    // A target for a later year (`målår`) is due after the period.
    if target_year(g).is_some_and(|y| y.value > chrono::Datelike::year(&p.end)) {
        return;
    }
    let all = g.frist.map(|f| (f.value, f.span)).into_iter().chain(g.deadlines.iter().map(|(_, d)| (d.value, d.span)));
    for (t, span) in all {
        if t.end > p.end || t.end < p.start {
            found.push(warning(
                codes::DEADLINE_OUTSIDE_PERIOD,
                Msg::new("fristen ligger uden for planperioden", "deadline outside the plan period"),
                span,
                Msg::new(
                    format!("planperioden er {}", p.describe(Lang::Da)),
                    format!("the plan period is {}", p.describe(Lang::En)),
                ),
            ));
        }
    }
}

/// W0104: a sub-goal the `mål:` line never names.
fn unused_subgoal(g: &Goal<'_>, _: &mut Seen, found: &mut Vec<Diagnostic>) {
    let Some(combine) = g.goal.stmts.iter().find_map(|s| match s {
        Stmt::Combine(e) => Some(e),
        _ => None,
    }) else {
        return;
    };
    let used: Vec<&str> = combine.names().into_iter().map(|(n, _, _)| n).collect();
    for s in &g.goal.stmts {
        if let Stmt::Subgoal { name, .. } = s {
            if !used.contains(&name.value.as_str()) {
                found.push(warning(
                    codes::UNUSED_SUBGOAL,
                    Msg::new(
                        format!("delmål {} bruges ikke", name.value),
                        format!("sub-goal {} is never used", name.value),
                    ),
                    name.span,
                    Msg::new("`mål:`-linjen nævner det ikke", "the `mål:` line does not mention it"),
                ));
            }
        }
    }
}

/// W0105: under `scoring vægtet`, weights that do not add up to 100 (silenced in the header).
fn weights_sum(checked: &Checked, out: &mut Vec<Diagnostic>) {
    let header = &checked.file.header;
    if header.allow.iter().any(|a| a.value == codes::WEIGHTS_SUM) {
        return;
    }
    let weights: Vec<Decimal> = checked
        .file
        .goals
        .iter()
        // A target for a later year (`målår`) is out of this year's score.
        .filter(|g| !g.stmts.iter().any(|s| matches!(s, Stmt::TargetYear(_))))
        .filter_map(|g| {
            g.stmts.iter().find_map(|s| match s {
                Stmt::Weight(w) => Some(w.value),
                _ => None,
            })
        })
        .collect();
    let weighted = header.scoring.as_ref().is_some_and(|s| s.value == Scoring::Weighted);
    let sum: Decimal = weights.iter().fold(Decimal::ZERO, |a, w| a.saturating_add(*w));
    if weighted && !weights.is_empty() && sum != Decimal::ONE_HUNDRED {
        let span = header.scoring.as_ref().map_or(header.span, |s| s.span);
        out.push(
            warning(
                codes::WEIGHTS_SUM,
                Msg::new("vægtene summerer ikke til 100", "the weights do not sum to 100"),
                span,
                Msg::new(format!("summen er {sum}"), format!("the sum is {sum}")),
            )
            .note(Msg::new("vægtene skaleres, så de tilsammen giver 100", "the weights are scaled to add up to 100"))
            .hint(Msg::new(
                "skriv `tillad W0105` i planhovedet, hvis det er meningen",
                "write `tillad W0105` in the plan header if this is intended",
            )),
        );
    }
}

/// `x > 5 og x < 3`: bounds on one fact that no value meets.
fn contradiction(parts: &[ast::Expr], span: Span) -> Option<Diagnostic> {
    // (lower, strict), (upper, strict) per fact.
    type Bound = Option<(Decimal, bool)>;
    let mut bounds: BTreeMap<String, (Bound, Bound)> = BTreeMap::new();
    for p in parts {
        let ExprKind::Compare(op, a, b) = &p.kind else { continue };
        let (ExprKind::Name(n, y), ExprKind::Number(v, _)) = (&a.kind, &b.kind) else { continue };
        let key = format!("{n}{}", y.map(|y| format!("[{y}]")).unwrap_or_default());
        let entry = bounds.entry(key).or_insert((None, None));
        let tighter_lo = |old: Bound, new: (Decimal, bool)| match old {
            Some(o) if o.0 > new.0 || (o.0 == new.0 && o.1) => Some(o),
            _ => Some(new),
        };
        let tighter_hi = |old: Bound, new: (Decimal, bool)| match old {
            Some(o) if o.0 < new.0 || (o.0 == new.0 && o.1) => Some(o),
            _ => Some(new),
        };
        match op {
            CmpOp::Gt => entry.0 = tighter_lo(entry.0, (*v, true)),
            CmpOp::Ge => entry.0 = tighter_lo(entry.0, (*v, false)),
            CmpOp::Lt => entry.1 = tighter_hi(entry.1, (*v, true)),
            CmpOp::Le => entry.1 = tighter_hi(entry.1, (*v, false)),
            CmpOp::Eq => {
                entry.0 = tighter_lo(entry.0, (*v, false));
                entry.1 = tighter_hi(entry.1, (*v, false));
            }
            CmpOp::Ne => {}
        }
    }
    for (name, (lo, hi)) in bounds {
        if let (Some((l, ls)), Some((h, hs))) = (lo, hi) {
            if l > h || (l == h && (ls || hs)) {
                return Some(warning(
                    codes::CONTRADICTORY,
                    Msg::new("grænserne modsiger hinanden", "contradictory thresholds"),
                    span,
                    Msg::new(
                        format!("ingen værdi af `{name}` opfylder dette"),
                        format!("no value of `{name}` meets this"),
                    ),
                ));
            }
        }
    }
    None
}
