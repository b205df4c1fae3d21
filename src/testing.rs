//! Scenario tests written by rule authors next to their rules (`maal test`).
//!
//! A test file `NAME.test.toml` sits beside `NAME.maal` (or names its plan
//! with `plan = "…"`, relative to itself) and holds scenarios:
//!
//! ```toml
//! [[scenarie]]
//! navn = "Årsafslutning: 6 af 7"
//! per = 2027-01-15
//! fakta_fil = "../examples/facts/cpr-2026-år.toml"   # optional base facts
//! total = "85,71"                                    # optional, two decimals
//! [scenarie.fakta]                                   # facts, as in a facts file
//! realiseret = "42,9 mio"
//! [scenarie.forventet]                               # goal or goal+sub-goal → status
//! "7" = "opfyldt"
//! "7b" = "ikke opfyldt"
//! ```

use std::path::{Path, PathBuf};

use crate::diag::{Lang, Msg};
use crate::eval::{Evaluation, GoalResult, Status};
use crate::facts::Facts;
use crate::render::render_explanation;
use crate::source::Source;
use crate::value::{format_score, parse_number};

/// The outcome of one scenario.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CaseResult {
    /// The test file.
    pub file: String,
    /// The scenario's name.
    pub name: String,
    /// What went wrong; empty when it passed.
    pub failures: Vec<String>,
    /// Explanations of the goals that failed their expectation.
    pub explanations: Vec<String>,
}

impl CaseResult {
    /// Whether the scenario passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Finds `*.test.toml` files under the given paths (files are taken as they are).
pub fn find_test_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            out.extend(crate::source::files_ending_with(path, ".test.toml"));
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Runs every scenario in one test file. A file that can't be used gives one
/// failed case saying why.
pub fn run_file(path: &Path, lang: Lang) -> Vec<CaseResult> {
    let file = path.display().to_string();
    let fail = |why: String| {
        vec![CaseResult { file: file.clone(), name: String::new(), failures: vec![why], explanations: vec![] }]
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return fail(format!("{file}: {e}")),
    };
    let table: toml::Table = match toml::from_str(&crate::facts::quote_unicode_keys(&text)) {
        Ok(t) => t,
        Err(e) => return fail(format!("{file}: {}", e.message())),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let plan_path = match table.get("plan").and_then(|p| p.as_str()) {
        Some(p) => dir.join(p),
        None => PathBuf::from(file.trim_end_matches(".test.toml").to_string() + ".maal"),
    };
    let source = match crate::read_rules(&plan_path) {
        Ok(source) => source,
        Err(e) => return fail(e.render(lang)),
    };
    let checked = match crate::check_source(&source) {
        Ok(c) => c,
        Err(d) => return fail(crate::render::render_to_string(&source, &d, lang)),
    };
    let program = crate::eval::compile::compile(&checked, &source);
    let cases =
        table.get("scenarie").or_else(|| table.get("case")).and_then(|c| c.as_array()).cloned().unwrap_or_default();
    let mut results = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let name = case.get("navn").or_else(|| case.get("name")).and_then(|n| n.as_str()).map(str::to_string);
        let name = name.unwrap_or_else(|| format!("#{}", index + 1));
        let mut result = CaseResult { file: file.clone(), name, failures: Vec::new(), explanations: Vec::new() };
        match run_case(case, dir, &checked, &program, lang) {
            Ok((eval, failures)) => {
                for (goal, failure) in failures {
                    result.failures.push(failure);
                    if let Some(g) = goal.and_then(|id| eval.goals.iter().find(|g| g.id == id)) {
                        result
                            .explanations
                            .push(render_explanation(g, crate::render::words::Voice::new(lang, &checked.labels)));
                    }
                }
            }
            Err(why) => result.failures.push(why),
        }
        results.push(result);
    }
    if results.is_empty() {
        return fail(format!("{file}: ingen scenarier (`[[scenarie]]`) / no scenarios"));
    }
    results
}

type Failures = Vec<(Option<String>, String)>;

fn run_case(
    case: &toml::Value,
    dir: &Path,
    checked: &crate::check::Checked,
    program: &crate::eval::compile::Program,
    lang: Lang,
) -> Result<(Evaluation, Failures), String> {
    let per = case.get("per").ok_or("mangler `per` / missing `per`")?;
    let per = match per {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let per =
        crate::value::parse_date(&per).ok_or_else(|| format!("per `{per}`: not a date (YYYY-MM-DD or DD-MM-YYYY)"))?;
    let mut facts = Facts::default();
    if let Some(base) = case.get("fakta_fil").or_else(|| case.get("facts_file")).and_then(|f| f.as_str()) {
        let text = std::fs::read_to_string(dir.join(base)).map_err(|e| format!("{base}: {e}"))?;
        facts = Facts::load(&Source::new(base, text.as_str())).map_err(|d| render(&d, &text, lang))?;
    }
    if let Some(inline) = case.get("fakta").or_else(|| case.get("facts")) {
        let text = toml::to_string(inline).map_err(|e| e.to_string())?;
        let overlay = Facts::load(&Source::new("fakta", text.as_str())).map_err(|d| render(&d, &text, lang))?;
        facts.values.extend(overlay.values);
        facts.drops.extend(overlay.drops);
        facts.overrides.extend(overlay.overrides);
    }
    let values = facts.validate(checked).map_err(|d| render(&d, "", lang))?;
    let eval = crate::eval::evaluate(program, &facts, &values, per, lang);
    let mut failures = Vec::new();
    if let Some(expected) = case.get("forventet").or_else(|| case.get("expect")).and_then(|e| e.as_table()) {
        for (key, want) in expected {
            let want = want.as_str().unwrap_or("");
            let split = key.find(|c: char| c.is_alphabetic()).unwrap_or(key.len());
            let (goal_id, sub) = key.split_at(split);
            let Some(goal) = eval.goals.iter().find(|g| g.id == goal_id) else {
                failures.push((None, format!("mål `{goal_id}` findes ikke / no goal `{goal_id}`")));
                continue;
            };
            let actual = if sub.is_empty() { Some(goal.status) } else { subgoal_status(goal, sub) };
            match actual {
                Some(status) if matches_word(status, want) => {}
                Some(status) => failures.push((
                    Some(goal.id.clone()),
                    format!(
                        "{key}: {} `{want}`, {} `{}`",
                        word(lang, "forventede", "expected"),
                        word(lang, "fik", "got"),
                        status.word(lang)
                    ),
                )),
                None => failures.push((None, format!("{key}: delmål findes ikke / no such sub-goal"))),
            }
        }
    }
    if let Some(total) = case.get("total") {
        let text = match total {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let want = parse_number(&text).map_err(|_| format!("total: `{text}` er ikke et tal / not a number"))?;
        let got = eval.total.score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if got != want.round_dp(2) {
            failures.push((
                None,
                format!(
                    "total: {} {}, {} {}",
                    word(lang, "forventede", "expected"),
                    format_score(want, lang),
                    word(lang, "fik", "got"),
                    format_score(eval.total.score, lang)
                ),
            ));
        }
    }
    Ok((eval, failures))
}

fn subgoal_status(goal: &GoalResult, sub: &str) -> Option<Status> {
    goal.subgoals.iter().find(|s| s.id == sub).map(|s| s.status)
}

fn matches_word(status: Status, word: &str) -> bool {
    status.word(Lang::Da) == word || status.word(Lang::En) == word
}

fn word(lang: Lang, da: &str, en: &str) -> String {
    crate::diag::Msg::new(da, en).get(lang).to_string()
}

fn render(diags: &[crate::diag::Diagnostic], text: &str, lang: Lang) -> String {
    crate::render::render_to_string(&Source::new("fakta", text), diags, lang)
}

/// The results as text for people: each failure with its reasons and
/// explanations (each pass too when `verbose`), then the count.
pub fn render_text(results: &[CaseResult], verbose: bool, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let failed = results.iter().filter(|r| !r.passed()).count();
    let fail = Msg::new("FEJL", "FAIL");
    for r in results {
        if r.passed() {
            if verbose {
                let _ = writeln!(out, "ok    {} :: {}", r.file, r.name);
            }
            continue;
        }
        let _ = writeln!(out, "{}  {} :: {}", fail.get(lang), r.file, r.name);
        for f in &r.failures {
            let _ = writeln!(out, "      {f}");
        }
        for line in r.explanations.iter().flat_map(|e| e.lines()) {
            let _ = writeln!(out, "      {line}");
        }
    }
    let passed = results.len() - failed;
    let count = Msg::new(format!("{passed} bestået, {failed} fejlet"), format!("{passed} passed, {failed} failed"));
    let _ = writeln!(out, "{}", count.get(lang));
    out
}

/// JUnit XML for CI systems.
pub fn junit(results: &[CaseResult]) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let failed = results.iter().filter(|r| !r.passed()).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{}\" failures=\"{failed}\">\n  <testsuite name=\"maal\" tests=\"{}\" failures=\"{failed}\">\n",
        results.len(),
        results.len()
    );
    for r in results {
        out.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\"", escape(&r.file), escape(&r.name)));
        if r.passed() {
            out.push_str("/>\n");
        } else {
            let message = escape(&r.failures.join("; "));
            let body = escape(&r.explanations.join("\n"));
            out.push_str(&format!(">\n      <failure message=\"{message}\">{body}</failure>\n    </testcase>\n"));
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
