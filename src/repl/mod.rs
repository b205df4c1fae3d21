//! The what-if session behind `maal repl`: facts to change, scenarios to keep,
//! margins to find. [`Session::execute`] takes one line and returns the text to
//! show, so the terminal loop (in `main.rs`) and the tests share everything.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::{Checked, FactKind};
use crate::diag::{did_you_mean, Diagnostic, Lang, Msg};
use crate::eval::compile::Program;
use crate::eval::{evaluate, Evaluation, Status};
use crate::facts::{parse_reported, to_toml, Facts, Reported};
use crate::render::render_text;
use crate::render::render_to_string;
use crate::source::Source;
use crate::value::{format_date, format_quantity, format_score, Dim};

mod margins;

/// The commands, for help and Tab completion.
pub const COMMANDS: [&str; 18] = [
    "udtryk",
    "vis",
    "hvorfor",
    "sæt",
    "fjern",
    "per",
    "gem",
    "skift",
    "sammenlign",
    "scenarier",
    "fortryd",
    "nulstil",
    "skriv",
    "margin",
    "mangler",
    "fej",
    "hjælp",
    "afslut",
];

/// A what-if session over one plan.
pub struct Session {
    checked: Checked,
    program: Program,
    lang: Lang,
    as_of: NaiveDate,
    facts: Facts,
    loaded: Facts,
    undo: Vec<(Facts, NaiveDate)>,
    scenarios: BTreeMap<String, Facts>,
    colour: bool,
    /// The terminal's width in columns, when there is one: the status table fits it.
    width: Option<usize>,
}

/// Whether a line ends the session (`afslut`, `quit`, `exit`).
pub fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "afslut" | "quit" | "exit")
}

/// Whether input is still open: more `(` or `[` than closing ones (outside
/// strings), so the next line continues it.
pub fn is_incomplete(input: &str) -> bool {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut escaped = false;
    for c in input.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '(' | '[' if !in_string => depth += 1,
            ')' | ']' if !in_string => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

impl Session {
    /// A session over a compiled plan with the loaded facts, as of a date.
    pub fn new(plan: &crate::Plan, facts: Facts, as_of: NaiveDate, lang: Lang) -> Session {
        Session {
            checked: plan.checked().clone(),
            program: plan.program().clone(),
            lang,
            as_of,
            loaded: facts.clone(),
            facts,
            undo: Vec::new(),
            scenarios: BTreeMap::new(),
            colour: false,
            width: None,
        }
    }

    /// Fact names and goal ids, for completion.
    pub fn names(&self) -> Vec<String> {
        self.fact_names().into_iter().chain(self.goal_ids()).collect()
    }

    /// The plan's fact names, in the checker's order.
    pub fn fact_names(&self) -> Vec<String> {
        self.checked.facts.keys().cloned().collect()
    }

    /// The plan's goal ids and sub-goal ids (`7`, `7a`), in plan order.
    pub fn goal_ids(&self) -> Vec<String> {
        self.program.goals.iter().map(|g| g.id.clone()).collect()
    }

    /// Fits the status table to a terminal `width` columns wide (`None`: the full table).
    pub fn set_width(&mut self, width: Option<usize>) {
        self.width = width;
    }

    /// Diagnostics in the session's answers carry terminal colours (for an
    /// interactive terminal without `NO_COLOR`); off by default.
    pub fn set_colour(&mut self, colour: bool) {
        self.colour = colour;
    }

    fn t(&self, da: &str, en: &str) -> String {
        Msg::new(da, en).get(self.lang).to_string()
    }

    fn run(&self, facts: &Facts, as_of: NaiveDate) -> Result<Evaluation, String> {
        let values = facts.validate(&self.checked).map_err(|d| self.render(&d, ""))?;
        Ok(evaluate(&self.program, facts, &values, as_of, self.lang))
    }

    fn render(&self, diags: &[Diagnostic], line: &str) -> String {
        let source = Source::new("<repl>", line);
        if self.colour {
            crate::render::render_to_ansi_string(&source, diags, self.lang)
        } else {
            render_to_string(&source, diags, self.lang)
        }
    }

    /// Runs a script, as `maal repl` does when its input is not a terminal:
    /// the status, then each command (one line, or several until the
    /// brackets close) until `slut` or the end, each answer written to `out`
    /// as soon as it is known.
    pub fn run_script(&mut self, input: impl std::io::BufRead, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(self.status().as_bytes())?;
        let mut pending = String::new();
        for line in input.lines() {
            let Ok(line) = line else { break };
            if is_quit(&line) {
                break;
            }
            pending.push_str(&line);
            if is_incomplete(&pending) {
                pending.push('\n');
                continue;
            }
            out.write_all(self.execute(&std::mem::take(&mut pending)).as_bytes())?;
            out.flush()?;
        }
        if !pending.is_empty() {
            out.write_all(self.execute(&pending).as_bytes())?;
        }
        Ok(())
    }

    /// The current status table.
    pub fn status(&self) -> String {
        match self.run(&self.facts, self.as_of) {
            Ok(e) => self.table(&e),
            Err(e) => e,
        }
    }

    /// Executes one line and returns what to show.
    pub fn execute(&mut self, line: &str) -> String {
        let line = line.trim();
        let (command, rest) = line.split_once(char::is_whitespace).map_or((line, ""), |(c, r)| (c, r.trim()));
        match command {
            "" => String::new(),
            "vis" | "status" | "show" => self.status(),
            "hvorfor" | "why" | "margin" | "mangler" | "needed" if rest.trim().is_empty() => self.which_goal(command),
            "hvorfor" | "why" => self.why(rest),
            "sæt" | "set" => self.set(rest, line),
            "fjern" | "unset" => self.unset(rest, line),
            "per" | "asof" => self.per(rest),
            "gem" | "save" => self.save(rest),
            "skift" | "switch" => self.switch(rest),
            "sammenlign" | "compare" => self.compare(rest),
            "scenarier" | "scenarios" => {
                if self.scenarios.is_empty() {
                    self.t("ingen gemte scenarier\n", "no saved scenarios\n")
                } else {
                    self.scenarios.keys().map(|k| format!("{k}\n")).collect()
                }
            }
            "fortryd" | "undo" => match self.undo.pop() {
                Some((facts, as_of)) => self.change(facts, as_of),
                None => self.t("intet at fortryde\n", "nothing to undo\n"),
            },
            "nulstil" | "reset" => {
                let loaded = self.loaded.clone();
                self.push_and_change(loaded, self.as_of)
            }
            "skriv" | "write" => self.write(rest),
            "margin" => self.margin(rest),
            "mangler" | "needed" => self.needed(rest),
            "fej" | "sweep" => self.sweep(rest),
            "hjælp" | "help" => self.help(rest),
            "udtryk" | "eval" | "?" => self.expression(rest),
            _ if line.contains('=') => self.set(line, line),
            _ => {
                if let Some(meant) = self.typed_on_us_layout(command) {
                    let mut out =
                        self.t(&format!("ukendt kommando `{command}`"), &format!("unknown command `{command}`"));
                    out.push_str(&format!("; {}\n", crate::diag::meant(&meant).get(self.lang)));
                    return out;
                }
                let hint = did_you_mean(command, COMMANDS.iter().copied());
                let mut out = self.t(&format!("ukendt kommando `{command}`"), &format!("unknown command `{command}`"));
                if let Some(h) = hint {
                    out.push_str(&format!("; {}", h.get(self.lang)));
                }
                out.push_str(&self.t(" (skriv `hjælp`)\n", " (type `help`)\n"));
                out
            }
        }
    }

    fn help(&self, topic: &str) -> String {
        let lines: [(&str, &str, &str); 17] = [
            (
                "udtryk UDTRYK",
                "beregner et udtryk, fx `udtryk |grundbudget - realiseret|`",
                "evaluates an expression, e.g. `eval |grundbudget - realiseret|`",
            ),
            ("vis", "viser status for alle mål", "shows the status of every goal"),
            (
                "hvorfor MÅL",
                "forklarer et måls status: fakta, værdier, grænser, margener",
                "explains a goal: facts, values, thresholds, margins",
            ),
            (
                "NAVN = VÆRDI",
                "sætter et faktum, fx `realiseret = 43,1 mio` eller `frafald[2024] = 30`",
                "sets a fact, e.g. `realiseret = 43,1 mio`",
            ),
            ("fjern NAVN", "fjerner et faktum", "removes a fact"),
            ("per DATO", "skifter opgørelsesdato, fx `per 2026-06-30`", "changes the as-of date"),
            ("gem NAVN", "gemmer de nuværende fakta som et scenarie", "saves the current facts as a scenario"),
            ("skift NAVN", "skifter til et gemt scenarie", "switches to a saved scenario"),
            (
                "sammenlign A B",
                "sammenligner to scenarier (`nu` er de nuværende fakta)",
                "compares two scenarios (`nu` is the current facts)",
            ),
            ("scenarier", "lister gemte scenarier", "lists saved scenarios"),
            ("fortryd", "fortryder seneste ændring", "undoes the last change"),
            ("nulstil", "vender tilbage til de indlæste fakta", "returns to the loaded facts"),
            ("skriv FIL", "skriver de nuværende fakta til en TOML-fil", "writes the current facts to a TOML file"),
            (
                "margin MÅL",
                "hvor langt hvert faktum kan flytte sig, før målet skifter status",
                "how far each fact can move before the goal flips",
            ),
            (
                "mangler MÅL",
                "hvad der skal til, for at målet bliver opfyldt: værdierne for hvert faktum, og hvad der ikke er indberettet",
                "what it takes for the goal to be met: the values for each fact, and what is not reported",
            ),
            (
                "fej NAVN FRA TIL TRIN",
                "samlet score for hvert trin, fx `fej realiseret 40 mio 46 mio 1 mio`",
                "the total at each step of a fact",
            ),
            ("afslut", "afslutter (også Ctrl-D)", "quits (also Ctrl-D)"),
        ];
        let mut out = String::new();
        for (cmd, da, en) in lines {
            if topic.is_empty() || cmd.starts_with(topic) {
                out.push_str(&format!("  {cmd:<24} {}\n", self.t(da, en)));
            }
        }
        if out.is_empty() {
            out = self.t("ingen hjælp til det emne\n", "no help on that topic\n");
        }
        out
    }

    fn goal_result<'e>(&self, eval: &'e Evaluation, id: &str) -> Result<&'e crate::eval::GoalResult, String> {
        eval.goals.iter().find(|g| g.id == id).ok_or_else(|| {
            let mut out = self.t(&format!("ukendt mål `{id}`"), &format!("unknown goal `{id}`"));
            let ids: Vec<&str> = eval.goals.iter().map(|g| g.id.as_str()).collect();
            match crate::facts::same_goal_written_otherwise(id, &ids) {
                Some(h) => out.push_str(&format!("; {}", h.get(self.lang))),
                None => out.push_str(&format!("; {}", crate::facts::list_goals(&ids).get(self.lang))),
            }
            out.push('\n');
            out
        })
    }

    /// A fact name typed with a US keyboard layout where the Danish letters are
    /// (`stikpr;vekontroller`: `;` is `ø`, `'` is `æ`, `[` is `å`), if that is one
    /// of the plan's facts.
    fn typed_on_us_layout(&self, typed: &str) -> Option<String> {
        if !typed.contains([';', '\'', '[']) {
            return None;
        }
        let danish: String = typed
            .chars()
            .map(|c| match c {
                ';' => 'ø',
                '\'' => 'æ',
                '[' => 'å',
                other => other,
            })
            .collect();
        self.checked.facts.contains_key(&danish).then_some(danish)
    }

    /// A goal command typed without its goal: what to type.
    fn which_goal(&self, command: &str) -> String {
        let ids: Vec<&str> = self.program.goals.iter().map(|g| g.id.as_str()).collect();
        let example = ids.last().copied().unwrap_or("1");
        self.t(
            &format!(
                "skriv målets nummer efter `{command}`, fx `{command} {example}`; planens mål: {}\n",
                ids.join(", ")
            ),
            &format!(
                "write the goal's number after `{command}`, e.g. `{command} {example}`; the plan's goals: {}\n",
                ids.join(", ")
            ),
        )
    }

    /// The status table, fitted to the terminal when there is one.
    fn table(&self, eval: &Evaluation) -> String {
        match self.width {
            Some(w) => crate::render::render_text_fitted(eval, self.lang, w),
            None => render_text(eval, self.lang),
        }
    }

    /// The names of the saved scenarios (for completion).
    pub fn scenario_names(&self) -> Vec<String> {
        self.scenarios.keys().cloned().collect()
    }

    fn why(&self, id: &str) -> String {
        self.on_goal(id, |goal| {
            crate::render::render_explanation(goal, crate::render::words::Voice::new(self.lang, &self.checked.labels))
        })
    }

    /// `f` of goal `id` as the current facts give it, or why there is none
    /// (facts that do not validate, an unknown goal).
    fn on_goal(&self, id: &str, f: impl FnOnce(&crate::eval::GoalResult) -> String) -> String {
        match self.run(&self.facts, self.as_of) {
            Ok(eval) => match self.goal_result(&eval, id) {
                Ok(goal) => f(goal),
                Err(e) => e,
            },
            Err(e) => e,
        }
    }

    /// Replaces facts and date (keeping the old ones for undo) and shows what flipped.
    fn push_and_change(&mut self, facts: Facts, as_of: NaiveDate) -> String {
        self.undo.push((self.facts.clone(), self.as_of));
        self.change(facts, as_of)
    }

    fn change(&mut self, facts: Facts, as_of: NaiveDate) -> String {
        let before = self.run(&self.facts, self.as_of).ok();
        self.facts = facts;
        self.as_of = as_of;
        let after = match self.run(&self.facts, self.as_of) {
            Ok(e) => e,
            Err(e) => return e,
        };
        match before {
            Some(b) => self.diff(&b, &after),
            None => self.table(&after),
        }
    }

    /// The goals and sub-goals whose status differs, and the totals.
    fn diff(&self, a: &Evaluation, b: &Evaluation) -> String {
        let mut out = String::new();
        for (ga, gb) in a.goals.iter().zip(&b.goals) {
            if ga.status != gb.status {
                out.push_str(&format!(
                    "  {} {}: {} → {}\n",
                    self.t("mål", "goal"),
                    ga.id,
                    ga.status.word(self.lang),
                    gb.status.word(self.lang)
                ));
            }
            for (sa, sb) in ga.subgoals.iter().zip(&gb.subgoals) {
                if sa.status != sb.status {
                    out.push_str(&format!(
                        "  {} {}{}: {} → {}\n",
                        self.t("delmål", "sub-goal"),
                        ga.id,
                        sa.id,
                        sa.status.word(self.lang),
                        sb.status.word(self.lang)
                    ));
                }
            }
        }
        if out.is_empty() {
            out.push_str(&self.t("  ingen mål skiftede status\n", "  no goal changed status\n"));
        }
        out.push_str(&format!(
            "  {}: {} → {} pct.\n",
            self.t("samlet", "total"),
            format_score(a.total.score, self.lang),
            format_score(b.total.score, self.lang)
        ));
        out
    }

    fn set(&mut self, assignment: &str, line: &str) -> String {
        let Some((lhs, value)) = assignment.split_once('=') else {
            return self.t("skriv `NAVN = VÆRDI`\n", "write `NAME = VALUE`\n");
        };
        let Some((name, year)) = parse_target(lhs.trim()) else {
            let mut out = self
                .t(&format!("`{}` er ikke et faktanavn", lhs.trim()), &format!("`{}` is not a fact name", lhs.trim()));
            if let Some(meant) = self.typed_on_us_layout(lhs.trim()) {
                out.push_str(&format!("; {}", crate::diag::meant(&meant).get(self.lang)));
            }
            out.push('\n');
            return out;
        };
        let name: String = unicode_normalization::UnicodeNormalization::nfc(name.as_str()).collect();
        let reported = match parse_reported(&name, value) {
            Ok(r) => r,
            Err(d) => return self.render(&[d], line),
        };
        let mut facts = self.facts.clone();
        facts.set(&name, year, reported);
        if let Err(d) = facts.validate(&self.checked) {
            return self.render(&d, line);
        }
        self.push_and_change(facts, self.as_of)
    }

    fn unset(&mut self, target: &str, line: &str) -> String {
        let Some((name, year)) = parse_target(target) else {
            return self.t("skriv `fjern NAVN`\n", "write `unset NAME`\n");
        };
        let mut facts = self.facts.clone();
        if facts.values.remove(&(name.clone(), year)).is_none() {
            let _ = line;
            return self.t(&format!("`{target}` er ikke sat\n"), &format!("`{target}` is not set\n"));
        }
        self.push_and_change(facts, self.as_of)
    }

    fn per(&mut self, date: &str) -> String {
        match crate::value::parse_date(date).ok_or(()) {
            Ok(d) => {
                let facts = self.facts.clone();
                let mut out = self.t(
                    &format!("opgørelsesdato: {}\n", format_date(d, self.lang)),
                    &format!("as of: {}\n", format_date(d, self.lang)),
                );
                out.push_str(&self.push_and_change(facts, d));
                out
            }
            Err(()) => self.t(
                &format!("`{date}` er ikke en dato; skriv fx {}\n", crate::value::DATE_FORMS.0),
                &format!("`{date}` is not a date; write, for example, {}\n", crate::value::DATE_FORMS.1),
            ),
        }
    }

    fn save(&mut self, name: &str) -> String {
        if name.is_empty() {
            return self.t("skriv `gem NAVN`\n", "write `save NAME`\n");
        }
        self.scenarios.insert(name.to_string(), self.facts.clone());
        self.t(&format!("gemt som `{name}`\n"), &format!("saved as `{name}`\n"))
    }

    fn scenario(&self, name: &str) -> Result<Facts, String> {
        if matches!(name, "nu" | "now") {
            return Ok(self.facts.clone());
        }
        self.scenarios.get(name).cloned().ok_or_else(|| {
            let mut out = self.t(&format!("intet scenarie `{name}`"), &format!("no scenario `{name}`"));
            if let Some(h) = did_you_mean(name, self.scenarios.keys().map(String::as_str)) {
                out.push_str(&format!("; {}", h.get(self.lang)));
            }
            out.push('\n');
            out
        })
    }

    fn switch(&mut self, name: &str) -> String {
        match self.scenario(name) {
            Ok(f) => self.push_and_change(f, self.as_of),
            Err(e) => e,
        }
    }

    fn compare(&self, names: &str) -> String {
        let parts: Vec<&str> = names.split_whitespace().collect();
        let [a, b] = parts[..] else {
            return self.t("skriv `sammenlign A B`\n", "write `compare A B`\n");
        };
        let (fa, fb) = match (self.scenario(a), self.scenario(b)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) | (_, Err(e)) => return e,
        };
        let (ea, eb) = match (self.run(&fa, self.as_of), self.run(&fb, self.as_of)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) | (_, Err(e)) => return e,
        };
        let mut out = format!("{:<8} {:<20} {:<20}\n", self.t("mål", "goal"), a, b);
        for (ga, gb) in ea.goals.iter().zip(&eb.goals) {
            let mark = if ga.status == gb.status { "" } else { " *" };
            out.push_str(&format!(
                "{:<8} {:<20} {:<20}{mark}\n",
                ga.id,
                ga.status.word(self.lang),
                gb.status.word(self.lang)
            ));
        }
        out.push_str(&format!(
            "{:<8} {:<20} {:<20}\n",
            self.t("samlet", "total"),
            format_score(ea.total.score, self.lang),
            format_score(eb.total.score, self.lang)
        ));
        out
    }

    fn write(&self, path: &str) -> String {
        if path.is_empty() {
            return self.t("skriv `skriv FIL`\n", "write `write FILE`\n");
        }
        // Written to a temporary file and renamed: an interruption never leaves half a file.
        let result = crate::source::write_atomic(std::path::Path::new(path), to_toml(&self.facts).as_bytes());
        match result {
            Ok(()) => self.t(&format!("skrev {path}\n"), &format!("wrote {path}\n")),
            Err(e) => self.t(&format!("kunne ikke skrive {path}: {e}\n"), &format!("could not write {path}: {e}\n")),
        }
    }

    fn expression(&self, text: &str) -> String {
        let expr = match crate::syntax::parse_expr(text) {
            Ok(e) => e,
            Err(d) => return self.render(&d, text),
        };
        let values = match self.facts.validate(&self.checked) {
            Ok(v) => v,
            Err(d) => return self.render(&d, text),
        };
        let known: Vec<&str> = self.checked.facts.keys().map(String::as_str).collect();
        match crate::eval::evaluate_expr(text, &expr, &self.program, &known, &values, self.as_of) {
            Ok(out) => crate::render::explain::expr_text(&out, self.lang),
            Err(d) => self.render(&d, text),
        }
    }

    fn quantity(&self, value: Decimal, dim: Option<Dim>) -> String {
        format_quantity(value, dim.unwrap_or(Dim::Plain), self.lang)
    }

    fn sweep(&self, args: &str) -> String {
        let usage = self.t(
            "skriv `fej NAVN FRA TIL TRIN`, fx `fej realiseret 40 mio 46 mio 1 mio`\n",
            "write `sweep NAME FROM TO STEP`\n",
        );
        let Some((name, rest)) = args.split_once(char::is_whitespace) else { return usage };
        let Some((target_name, year)) = parse_target(name) else { return usage };
        // Values may contain spaces (`40 mio`): split before each number after the first.
        let mut parts: Vec<String> = Vec::new();
        for word in rest.split_whitespace() {
            if word.starts_with(|c: char| c.is_ascii_digit() || c == '-') || parts.is_empty() {
                parts.push(word.to_string());
            } else if let Some(last) = parts.last_mut() {
                last.push(' ');
                last.push_str(word);
            }
        }
        let [from, to, step] = &parts[..] else { return usage };
        let read = |t: &str| match parse_reported(&target_name, t) {
            Ok(Reported::Number(v, u)) => Some((v, u)),
            _ => None,
        };
        let (Some((from, unit)), Some((to, _)), Some((step, _))) = (read(from), read(to), read(step)) else {
            return usage;
        };
        let steps = to.checked_sub(from).and_then(|span| span.checked_div(step));
        if step <= Decimal::ZERO || from > to || steps.is_none_or(|n| n > Decimal::from(1000)) {
            return self.t(
                "trinnet skal være positivt og give højst 1000 trin\n",
                "the step must be positive and give at most 1000 steps\n",
            );
        }
        let dim = unit.or(match self.checked.facts.get(&target_name).map(|i| i.kind) {
            Some(FactKind::Number(d)) => d,
            _ => None,
        });
        // The first value through the full path, so a fact the plan does not
        // take, or facts that do not validate, are told as everywhere else.
        let mut facts = self.facts.clone();
        facts.set(&target_name, year, Reported::Number(from, unit));
        if let Err(e) = self.run(&facts, self.as_of) {
            return e;
        }
        let Some(mut prober) = self.prober(&target_name, year, unit) else { return usage };
        let mut out = String::new();
        let mut x = from;
        while x <= to {
            match prober.probe(x) {
                Some(o) => {
                    let met = o.statuses.iter().filter(|s| **s == Status::Met).count();
                    out.push_str(&format!(
                        "  {:>18}  {:>7} pct.  ({met} {})\n",
                        self.quantity(x, dim),
                        format_score(o.total, self.lang),
                        self.t("opfyldt", "met")
                    ));
                }
                None => return usage,
            }
            match x.checked_add(step) {
                Some(next) => x = next,
                None => break,
            }
        }
        out
    }
}

/// `name` or `name[2024]`.
fn parse_target(text: &str) -> Option<(String, Option<i32>)> {
    let text = text.trim();
    let (name, year) = match text.split_once('[') {
        Some((n, rest)) => (n.trim(), Some(rest.strip_suffix(']')?.trim().parse().ok()?)),
        None => (text, None),
    };
    let valid = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    valid.then(|| (name.to_string(), year))
}
