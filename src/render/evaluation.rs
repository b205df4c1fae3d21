//! Evaluations for people: the status table, a goal's explanation tree, and
//! the reason that decided a status.

use crate::diag::{Lang, Msg};
use crate::eval::Need;
use crate::eval::{Evaluation, GoalResult, Leaf, Status, Truth};
use crate::value::{format_date, format_score};

/// A goal's explanation tree for people: every condition with the facts it
/// read, the value, the threshold, the margin and why it is pending or failed.
pub fn render_explanation(goal: &GoalResult, lang: Lang) -> String {
    let t = |da: &str, en: &str| Msg::new(da, en).get(lang).to_string();
    let title = goal.title.as_ref().map(|t| format!(" {t}")).unwrap_or_default();
    let mut out = format!("{} {}{title}: {}\n", t("mål", "goal"), goal.id, goal.status.word(lang));
    if let Some(o) = &goal.overridden {
        out.push_str(&format!(
            "  {}: {} ({})\n",
            t("tilsidesat; reglerne gav", "overridden; the rules gave"),
            o.rule_status.word(lang),
            o.reason
        ));
    }
    let leaf = |l: &Leaf, indent: &str| {
        let mut s = format!("{indent}{} → {}\n", l.rule, l.truth.word(lang));
        for (name, value) in &l.facts {
            s.push_str(&format!(
                "{indent}  {name} = {}\n",
                value.clone().unwrap_or_else(|| t("(mangler)", "(missing)"))
            ));
        }
        if let Some(v) = &l.value {
            s.push_str(&format!("{indent}  {}: {v}", t("værdi", "value")));
            if let Some(threshold) = &l.threshold {
                s.push_str(&format!(", {}: {threshold}", t("grænse", "threshold")));
            }
            if let Some(m) = &l.margin {
                s.push_str(&format!(", margin {m}"));
            }
            s.push('\n');
        }
        if let Some(n) = &l.note {
            s.push_str(&format!("{indent}  {n}\n"));
        }
        s
    };
    for l in &goal.explanation {
        out.push_str(&leaf(l, "  "));
    }
    for sub in &goal.subgoals {
        out.push_str(&format!("  {} {}: {}\n", t("delmål", "sub-goal"), sub.id, sub.status.word(lang)));
        for l in &sub.explanation {
            out.push_str(&leaf(l, "    "));
        }
    }
    if !goal.needed.is_empty() {
        out.push_str(&format!("  {}:\n", t("mangler for at blive opfyldt", "needed to be met")));
        out.push_str(&render_needs(goal, lang, "    "));
    }
    out
}

/// What a goal needs to be met, one line per fact, each after `indent`; when
/// there is nothing, that no one fact can make it met on its own.
pub fn render_needs(goal: &GoalResult, lang: Lang, indent: &str) -> String {
    let needs = &goal.needed;
    if needs.is_empty() {
        let none = Msg::new(
            "intet enkelt faktum kan alene gøre målet opfyldt",
            "no single fact can make the goal met on its own",
        );
        return format!("{indent}{}\n", none.get(lang));
    }
    let mut out: String = needs.iter().map(|n| format!("{indent}{}\n", n.text)).collect();
    // With more than one fact: how they go together (og, eller, mindst n af).
    if needs.iter().filter(|n| !n.windows.is_empty()).count() > 1 {
        let each = |n: &Need| n.windows.first().map(|w| format!("{} {}", n.fact, w.text));
        let phrase = super::words::needs_phrase(goal, &each, lang);
        if !phrase.is_empty() {
            out.push_str(&format!("{indent}{}: {phrase}\n", Msg::new("samlet", "together").get(lang)));
        }
    }
    out
}

/// Under a column whose parts were rounded to add up to the total.
pub fn rounding_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => "(delene er afrundet til to decimaler, så de summerer til totalen)",
        Lang::En => "(the parts are rounded to two decimals so that they add up to the total)",
    }
}

/// The evaluation as a text table for people.
pub fn render_text(eval: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    let (goal_h, status_h, score_h, reason_h) = match lang {
        Lang::Da => ("Mål", "Status", "Score", "Begrundelse"),
        Lang::En => ("Goal", "Status", "Score", "Reason"),
    };
    out.push_str(&format!("{}  ({})\n\n", eval.plan, format_date(eval.as_of, lang)));
    out.push_str(&format!("{goal_h:<6} {:<48} {status_h:<28} {score_h:>7}  {reason_h}\n", ""));
    // Scores shown so that the column adds up to the total shown.
    let scores: Vec<_> = eval.goals.iter().map(|g| g.score).collect();
    let shown = eval.shown_scores();
    for (i, g) in eval.goals.iter().enumerate() {
        let title: String = g.title.clone().unwrap_or_default().chars().take(48).collect();
        let mut status = g.status.word(lang).to_string();
        if g.overridden.is_some() {
            status.push_str(match lang {
                Lang::Da => " (tilsidesat)",
                Lang::En => " (overridden)",
            });
        }
        out.push_str(&format!(
            "{:<6} {:<48} {:<28} {:>7}  {}\n",
            g.id,
            title,
            status,
            format_score(shown[i], lang),
            one_line_reason(g, lang)
        ));
    }
    if crate::value::parts_adjusted(&scores, &shown, 2) {
        out.push_str(&format!("{:<6} {}\n", "", rounding_note(lang)));
    }
    let met = eval.goals.iter().filter(|g| g.status == Status::Met).count();
    let live = eval.goals.iter().filter(|g| g.status != Status::Dropped).count();
    let errors = in_error(eval.goals.iter().filter(|g| g.status == Status::Error).map(|g| g.id.as_str()), lang);
    out.push_str(&match lang {
        Lang::Da => format!(
            "\nSamlet målopfyldelse: {} pct. ({met} af {live} mål opfyldt{errors}); højst opnåelig: {} pct.\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
        Lang::En => format!(
            "\nTotal fulfilment: {} pct. ({met} of {live} goals met{errors}); maximum reachable: {} pct.\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
    });
    out
}

/// For a total line: "; fejl i mål 3.1, 3.2" naming the goals in error, or
/// nothing when there are none.
pub fn in_error<'a>(ids: impl Iterator<Item = &'a str>, lang: Lang) -> String {
    let ids: Vec<&str> = ids.collect();
    match (ids.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Da) => format!("; fejl i mål {}", ids.join(", ")),
        (false, Lang::En) => format!("; error in goal {}", ids.join(", ")),
    }
}

/// The truth a condition has when it decides a goal's status on its own.
fn deciding_truth(status: Status) -> Option<Truth> {
    match status {
        Status::Met => Some(Truth::True),
        Status::NotMet | Status::PartlyMet => Some(Truth::False),
        Status::Pending => Some(Truth::Unknown),
        Status::Error => Some(Truth::Error),
        Status::Dropped => None,
    }
}

/// The sub-goal that decided a goal's status (as its index): the first
/// whose status is the goal's (for `ikke opfyldt`, a sub-goal not met; for
/// `afventer`, a pending one; for `opfyldt` under `any`, one that is met).
pub fn deciding_subgoal(goal: &GoalResult) -> Option<usize> {
    let status = match goal.status {
        Status::PartlyMet => Status::NotMet,
        status => status,
    };
    goal.subgoals.iter().position(|s| s.status == status)
}

/// The condition that decided a goal's status, for a one-line reason: a
/// condition of the deciding sub-goal (or of the goal itself) whose truth
/// matches the status, else any condition with that truth, else the first.
pub fn deciding_leaf(goal: &GoalResult) -> Option<&Leaf> {
    let want = deciding_truth(goal.status);
    let matches = |l: &&Leaf| Some(l.truth) == want;
    let all = || goal.explanation.iter().chain(goal.subgoals.iter().flat_map(|s| s.explanation.iter()));
    let decided = deciding_subgoal(goal).and_then(|i| goal.subgoals.get(i));
    goal.explanation
        .iter()
        .chain(decided.into_iter().flat_map(|s| s.explanation.iter()))
        .find(matches)
        .or_else(|| all().find(matches))
        .or_else(|| all().next())
}

fn one_line_reason(g: &GoalResult, lang: Lang) -> String {
    if let Some(o) = &g.overridden {
        return format!("{}: {}", Status::word(o.rule_status, lang), o.reason);
    }
    if let Some(r) = &g.dropped_reason {
        return r.clone();
    }
    let pick = deciding_leaf(g);
    match pick {
        Some(l) => {
            let mut s = l.rule.clone();
            if let Some(v) = &l.value {
                s.push_str(&format!(": {v}"));
            }
            if let Some(m) = &l.margin {
                s.push_str(&match lang {
                    Lang::Da => format!(", margin {m}"),
                    Lang::En => format!(", margin {m}"),
                });
            }
            if let Some(n) = &l.note {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
        None => String::new(),
    }
}
