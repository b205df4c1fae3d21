//! Evaluations for people: the status table, a goal's explanation tree, and
//! the reason that decided a status.

use crate::diag::{Lang, Msg};
use crate::eval::Need;
use crate::eval::{Evaluation, GoalResult, Leaf, Status, Truth};
use crate::value::{format_date, format_score};

use super::words::Voice;

/// A goal's explanation tree for people: every condition with the facts it
/// read, the value, the threshold, the margin and why it is pending or failed.
/// A labelled fact (`faktum x "…"`) shows its words beside its name.
pub fn render_explanation(goal: &GoalResult, voice: Voice<'_>) -> String {
    let lang = voice.lang;
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
    if let Some(a) = goal.awaiting {
        out.push_str(&format!("  {}\n", awaiting(a, goal.target_year, lang)));
    }
    let leaf = |l: &Leaf, indent: &str| {
        let mut s = format!("{indent}{} → {}\n", l.rule, l.truth.word(lang));
        for (name, value) in l.facts_text(lang) {
            let value = value.unwrap_or_else(|| t("(mangler)", "(missing)"));
            match voice.labelled(&name) {
                Some(words) => s.push_str(&format!("{indent}  {name} = {value}  ({words})\n")),
                None => s.push_str(&format!("{indent}  {name} = {value}\n")),
            }
        }
        if let Some(v) = l.value_text(lang) {
            s.push_str(&format!("{indent}  {}: {v}", t("værdi", "value")));
            if let Some(threshold) = l.threshold_text(lang) {
                s.push_str(&format!(", {}: {threshold}", t("grænse", "threshold")));
            }
            if let Some(m) = l.margin_text(lang) {
                s.push_str(&format!(", margin {m}"));
            }
            s.push('\n');
        }
        if let Some(n) = l.note_text(lang) {
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
        out.push_str(&render_needs(goal, voice, "    "));
    }
    out
}

/// What a goal needs to be met, one line per fact, each after `indent`; when
/// there is nothing, that no one fact can make it met on its own. A
/// labelled fact (`faktum x "…"`) has its words beside its name.
pub fn render_needs(goal: &GoalResult, voice: Voice<'_>, indent: &str) -> String {
    let lang = voice.lang;
    let needs = &goal.needed;
    if needs.is_empty() {
        let none = Msg::new(
            "intet enkelt faktum kan alene gøre målet opfyldt",
            "no single fact can make the goal met on its own",
        );
        return format!("{indent}{}\n", none.get(lang));
    }
    // The name people type (`sæt x = …`), with the plan's words for it beside it.
    let called = |n: &Need| match voice.labelled(&n.fact) {
        Some(words) => format!("{} ({words})", n.fact),
        None => n.fact.clone(),
    };
    let mut out: String = needs.iter().map(|n| format!("{indent}{}\n", n.text_as(&called(n), lang))).collect();
    // With more than one fact: how they go together (og, eller, mindst n af).
    if needs.iter().filter(|n| !n.windows.is_empty()).count() > 1 {
        let each = |n: &Need| n.windows.first().map(|w| format!("{} {}", n.fact, w.text(lang)));
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
    render_table(eval, lang, None)
}

/// [`render_text`] for a terminal `width` columns wide (the REPL): titles cut
/// with `…` to fit, and a reason that does not fit beside its row wrapped
/// under it, indented. Never wider than `width` where words allow.
pub fn render_text_fitted(eval: &Evaluation, lang: Lang, width: usize) -> String {
    // A terminal wide enough for the whole table gets the table `maal eval` prints.
    let full = render_table(eval, lang, None);
    if full.lines().all(|line| line.chars().count() <= width) {
        return full;
    }
    render_table(eval, lang, Some(width))
}

/// `text` cut to `width` characters, the last one `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` in lines of at most `width` characters, broken between words
/// (a word longer than a line is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&cut(word, width));
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn render_table(eval: &Evaluation, lang: Lang, width: Option<usize>) -> String {
    let mut out = String::new();
    let (goal_h, status_h, score_h, reason_h) = match lang {
        Lang::Da => ("Mål", "Status", "Score", "Begrundelse"),
        Lang::En => ("Goal", "Status", "Score", "Reason"),
    };
    out.push_str(&format!("{}  ({})\n\n", eval.plan, format_date(eval.as_of, lang)));
    // The title and status columns: as wide as ever when the terminal allows
    // (or there is none), else narrower, the reason going under the row.
    let status_words: Vec<String> = eval
        .goals
        .iter()
        .map(|g| {
            let mut status = g.status.word(lang).to_string();
            if g.overridden.is_some() {
                status.push_str(match lang {
                    Lang::Da => " (tilsidesat)",
                    Lang::En => " (overridden)",
                });
            }
            status
        })
        .collect();
    let (title_w, status_w) = match width {
        None => (48, 28),
        Some(w) => {
            let status_w = status_words.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(status_h.len());
            // id, title, status, score and their gaps; the title takes what is left, 12 to 48.
            let fixed = 7 + 1 + status_w + 1 + 7;
            (w.saturating_sub(fixed).clamp(12, 48), status_w)
        }
    };
    let row_w = 7 + title_w + 1 + status_w + 1 + 7;
    let header = format!("{goal_h:<6} {:<title_w$} {status_h:<status_w$} {score_h:>7}  {reason_h}", "");
    match width {
        // The reasons go under their rows: the header names them there too.
        Some(w) if header.chars().count() > w => {
            out.push_str(&format!("{goal_h:<6} {:<title_w$} {status_h:<status_w$} {score_h:>7}\n", ""));
            out.push_str(&format!("{:<6} {reason_h}\n", ""));
        }
        _ => {
            out.push_str(&header);
            out.push('\n');
        }
    }
    // Scores shown so that the column adds up to the total shown.
    let scores: Vec<_> = eval.goals.iter().map(|g| g.score).collect();
    let shown = eval.shown_scores();
    for (i, g) in eval.goals.iter().enumerate() {
        let title = g.title.clone().unwrap_or_default();
        let title: String = match width {
            None => title.chars().take(48).collect(),
            Some(_) => cut(&title, title_w),
        };
        let row = format!(
            "{:<6} {:<title_w$} {:<status_w$} {:>7}",
            g.id,
            title,
            status_words[i],
            format_score(shown[i], lang),
        );
        let reason = one_line_reason(g, lang);
        match width {
            Some(w) if row_w + 2 + reason.chars().count() > w => {
                out.push_str(row.trim_end());
                out.push('\n');
                for line in wrap(&reason, w.saturating_sub(7).max(20)) {
                    out.push_str(&format!("{:<6} {line}\n", ""));
                }
            }
            _ => out.push_str(&format!("{row}  {reason}\n")),
        }
    }
    if crate::value::parts_adjusted(&scores, &shown, 2) {
        out.push_str(&format!("{:<6} {}\n", "", rounding_note(lang)));
    }
    // Goals for a later year (`målår`) are shown but not counted.
    let counted = || eval.goals.iter().filter(|g| g.target_year.is_none());
    let met = counted().filter(|g| g.status == Status::Met).count();
    let live = counted().filter(|g| g.status != Status::Dropped).count();
    let errors = in_error(eval.goals.iter().filter(|g| g.status == Status::Error).map(|g| g.id.as_str()), lang);
    out.push_str(&match lang {
        Lang::Da => format!(
            "\nSamlet målopfyldelse: {} pct. ({met} af {live} mål opfyldt{errors}); højst opnåelig: {} pct.\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
        Lang::En => format!(
            "\nTotal fulfilment: {} % ({met} of {live} goals met{errors}); maximum reachable: {} %\n",
            format_score(eval.total.score, lang),
            format_score(eval.total.max_reachable, lang)
        ),
    });
    match width {
        // Whatever else is wider than the terminal (the total, a note) wraps between words.
        Some(w) => out
            .lines()
            .flat_map(|line| if line.chars().count() > w { wrap(line, w) } else { vec![line.to_string()] })
            .map(|line| line + "\n")
            .collect(),
        None => out,
    }
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
    if let Some(a) = g.awaiting {
        return awaiting(a, g.target_year, lang);
    }
    let pick = deciding_leaf(g);
    match pick {
        Some(l) => {
            let mut s = l.rule.clone();
            if let Some(v) = l.value_text(lang) {
                s.push_str(&format!(": {v}"));
            }
            if let Some(m) = l.margin_text(lang) {
                s.push_str(&format!(", margin {m}"));
            }
            if let Some(n) = l.note_text(lang) {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
        None => String::new(),
    }
}

/// Why a goal measured over the whole period is pending, and what the
/// figures so far give: `opgøres ultimo; afventer indberetning pr. 31.
/// december 2026 (tallene til nu: opfyldt)`.
fn awaiting(a: crate::eval::Awaiting, target_year: Option<i32>, lang: Lang) -> String {
    let (d, now) = (format_date(a.end, lang), a.now.word(lang));
    let msg = match target_year {
        Some(y) => Msg::new(
            format!("målår {y}, uden for årets målopfyldelse; afventer indberetning pr. {d} (tallene til nu: {now})"),
            format!("target year {y}, out of this year's score; awaits a report as of {d} (the figures so far: {now})"),
        ),
        None => Msg::new(
            format!("opgøres ultimo; afventer indberetning pr. {d} (tallene til nu: {now})"),
            format!("measured at the period's end; awaits a report as of {d} (the figures so far: {now})"),
        ),
    };
    msg.get(lang).to_string()
}
