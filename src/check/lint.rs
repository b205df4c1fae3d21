//! Lints: warnings about rules that check but are probably not what was meant,
//! after the guidance's SMART criteria (specific, measurable, time-bound).
//! Each has a code; `tillad CODE;` in a goal, or `tillad CODE` in the plan
//! header, silences it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::check::Checked;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg, Severity};
use crate::source::Span;
use crate::syntax::ast::{self, CmpOp, ExprKind, Scoring, Stmt};

/// Every lint's code and one-line meaning (for docs and `tillad`).
pub const LINTS: [(&str, &str); 8] = [
    (codes::NO_DEADLINE, "a goal with no deadline (not time-bound)"),
    (codes::NO_FACTS, "a goal whose outcome depends on no fact"),
    (codes::CONTRADICTORY, "contradictory thresholds on one fact"),
    (codes::UNUSED_SUBGOAL, "a sub-goal the `mål:` line never uses"),
    (codes::WEIGHTS_SUM, "weights that do not sum to 100"),
    (codes::MIXED_UNITS, "one fact compared with different units"),
    (codes::DEADLINE_OUTSIDE_PERIOD, "a deadline outside the plan period"),
    (codes::AMBIGUOUS_INDEN, "`inden` before a period, read as before its first day"),
];

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
    let mut units: BTreeMap<String, (String, Span)> = BTreeMap::new();
    let mut weights = Vec::new();
    for goal in &file.goals {
        let mut allow = plan_allow.clone();
        allow.extend(goal.stmts.iter().filter_map(|s| match s {
            Stmt::Allow(a) => Some(a.value.as_str()),
            _ => None,
        }));
        let mut found = Vec::new();
        let exprs: Vec<&ast::Expr> = goal
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
        let mut deadlines = Vec::new();
        let mut reads_fact = false;
        for e in &exprs {
            walk(e, &mut |x| match &x.kind {
                ExprKind::Deadline(op, v, t) => {
                    deadlines.push(t.clone());
                    let word = text.get(v.span.end..t.span.start).map(str::trim).unwrap_or_default();
                    if *op == ast::DeadlineOp::Before && word == "inden" {
                        let (when, first, last) = (
                            text.get(t.span.start..t.span.end).unwrap_or_default(),
                            crate::value::format_date(t.value.start, crate::diag::Lang::Da),
                            crate::value::format_date(t.value.end, crate::diag::Lang::Da),
                        );
                        let first_en = crate::value::format_date(t.value.start, crate::diag::Lang::En);
                        let last_en = crate::value::format_date(t.value.end, crate::diag::Lang::En);
                        found.push(
                            warning(
                                codes::AMBIGUOUS_INDEN,
                                Msg::new(
                                    format!("`inden {when}` læses på to måder"),
                                    format!("`inden {when}` reads two ways"),
                                ),
                                x.span,
                                Msg::new(format!("maal læser det som før {first}"), format!("maal reads it as before {first_en}")),
                            )
                            .note(Msg::new(
                                format!(
                                    "skriv `før {when}` for før {first}, eller `senest {when}` for til og med {last}"
                                ),
                                format!("write `før {when}` for before {first_en}, or `senest {when}` for up to and including {last_en}"),
                            )),
                        );
                    }
                }
                ExprKind::Name(..) => reads_fact = true,
                _ => {}
            });
        }
        if frist.is_none() && deadlines.is_empty() {
            found.push(
                warning(
                    codes::NO_DEADLINE,
                    Msg::new(
                        format!("mål {} har ingen frist", goal.id.value),
                        format!("goal {} has no deadline", goal.id.value),
                    ),
                    goal.id.span,
                    Msg::new("hvornår skal målet være nået?", "by when must the goal be reached?"),
                )
                .note(Msg::new(
                    "gode mål er tidsbestemte (SMART); uden frist gælder planperiodens slutning",
                    "good goals are time-bound (SMART); without one the end of the plan period applies",
                )),
            );
        }
        if !reads_fact {
            found.push(warning(
                codes::NO_FACTS,
                Msg::new(
                    format!("mål {} afhænger ikke af nogen fakta", goal.id.value),
                    format!("goal {} depends on no fact", goal.id.value),
                ),
                goal.id.span,
                Msg::new("udfaldet er givet på forhånd", "the outcome is fixed in advance"),
            ));
        }
        for e in &exprs {
            walk(e, &mut |x| {
                if let ExprKind::And(parts) = &x.kind {
                    if let Some(d) = contradiction(parts, x.span) {
                        found.push(d);
                    }
                }
                if let ExprKind::Compare(_, a, b) = &x.kind {
                    if let (ExprKind::Name(name, _), ExprKind::Number(..)) = (&a.kind, &b.kind) {
                        let written = text.get(b.span.start..b.span.end).unwrap_or("");
                        let unit: String = written
                            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                            .trim()
                            .to_string();
                        if let Some((_, scale)) = crate::measure::unit_of(&unit).filter(|_| !unit.is_empty()) {
                            let key = scale.to_string();
                            match units.get(name) {
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
                                    units.insert(name.clone(), (key, b.span));
                                }
                            }
                        }
                    }
                }
            });
        }
        if let Some(p) = period {
            let late = frist.map(|f| (f.value, f.span)).into_iter().chain(deadlines.iter().map(|d| (d.value, d.span)));
            for (t, span) in late {
                if t.end > p.end || t.end < p.start {
                    found.push(warning(
                        codes::DEADLINE_OUTSIDE_PERIOD,
                        Msg::new("fristen ligger uden for planperioden", "deadline outside the plan period"),
                        span,
                        Msg::new(
                            format!("planperioden er {}", p.describe(crate::diag::Lang::Da)),
                            format!("the plan period is {}", p.describe(crate::diag::Lang::En)),
                        ),
                    ));
                }
            }
        }
        let combine = goal.stmts.iter().find_map(|s| match s {
            Stmt::Combine(e) => Some(e),
            _ => None,
        });
        if let Some(c) = combine {
            let mut used = Vec::new();
            walk(c, &mut |x| {
                if let ExprKind::Name(n, _) = &x.kind {
                    used.push(n.clone());
                }
            });
            for s in &goal.stmts {
                if let Stmt::Subgoal { name, .. } = s {
                    if !used.contains(&name.value) {
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
        if let Some(w) = goal.stmts.iter().find_map(|s| match s {
            Stmt::Weight(w) => Some(w),
            _ => None,
        }) {
            weights.push((w.value, allow.contains(&codes::WEIGHTS_SUM)));
        }
        out.extend(found.into_iter().filter(|d| !allow.contains(&d.code)));
    }
    let weighted = header.scoring.as_ref().is_some_and(|s| s.value == Scoring::Weighted);
    let sum: Decimal = weights.iter().fold(Decimal::ZERO, |a, (w, _)| a.saturating_add(*w));
    if weighted && !weights.is_empty() && sum != Decimal::ONE_HUNDRED && !plan_allow.contains(&codes::WEIGHTS_SUM) {
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
    out
}

/// Calls `f` on every expression inside `e`, `e` first.
fn walk<'e>(e: &'e ast::Expr, f: &mut dyn FnMut(&'e ast::Expr)) {
    e.walk(f);
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
