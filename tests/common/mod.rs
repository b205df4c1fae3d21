//! Shared helpers for the integration tests: the real `maal` binary
//! (`maal`), and one-line ways through the library's front door (`plan`,
//! `evaluate`, `status`, `check`, `session`). Each test crate uses some of them.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `maal ARGS` in the crate root with `stdin` piped in; returns exit code, stdout, stderr.
pub fn maal(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may refuse its arguments and exit before it reads its input: a
    // broken pipe here is that, not a failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// `maal report PLAN --facts FACTS --per PER --format md` (plus `extra`) on
/// rule text and fact text written to a temporary folder, as a person runs it.
pub fn report(plan: &str, facts: &str, per: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (p, f) = (dir.path().join("plan.maal"), dir.path().join("fakta.toml"));
    std::fs::write(&p, plan).unwrap();
    std::fs::write(&f, facts).unwrap();
    let mut args = vec!["report", p.to_str().unwrap(), "--facts", f.to_str().unwrap(), "--per", per, "--format", "md"];
    args.extend_from_slice(extra);
    maal(&args, None)
}

/// A plan: a file under the crate root (`rules/cpr-2026.maal`) or rule text.
pub fn plan(path_or_text: &str) -> maal::Plan {
    let result = if std::path::Path::new(path_or_text).extension().is_some_and(|e| e == "maal")
        && !path_or_text.contains('\n')
    {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path_or_text);
        maal::Plan::from_file(&path, &Default::default())
    } else {
        maal::Plan::compile("test.maal", path_or_text)
    };
    result.unwrap_or_else(|e| panic!("{path_or_text}:\n{e}"))
}

/// A date written `YYYY-MM-DD`.
pub fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Facts from TOML text.
pub fn facts(toml: &str) -> maal::Facts {
    maal::Facts::from_toml(toml).unwrap_or_else(|e| panic!("{e}"))
}

/// Evaluates TOML facts against a plan as of `per` (`YYYY-MM-DD`).
pub fn evaluate(plan: &maal::Plan, toml: &str, per: &str) -> maal::Evaluation {
    plan.evaluate(&facts(toml), date(per)).unwrap_or_else(|e| panic!("{e}"))
}

/// The status of one goal.
pub fn status(plan: &maal::Plan, toml: &str, per: &str, goal: &str) -> maal::Status {
    let evaluation = evaluate(plan, toml, per);
    evaluation.goals.iter().find(|g| g.id == goal).unwrap_or_else(|| panic!("no goal {goal}")).status
}

/// What the checker says about rule text: the warnings' codes when it
/// compiles, else the errors' codes.
pub fn check(text: &str) -> Result<Vec<String>, Vec<String>> {
    let codes = |d: &[maal::Diagnostic]| d.iter().map(|d| d.code.to_string()).collect();
    match maal::Plan::compile("test.maal", text) {
        Ok(plan) => Ok(codes(plan.warnings())),
        Err(e) => Err(codes(&e.diagnostics)),
    }
}

/// A REPL session in-process (`Session::run_script`, as `maal repl` runs a
/// script): a plan file with a facts file as of `per`, and the script.
pub fn session(plan_path: &str, facts_path: &str, per: &str, script: &str) -> String {
    let plan = plan(plan_path);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(facts_path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{facts_path}: {e}"));
    let facts = maal::Facts::read(facts_path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut session = maal::repl::Session::new(&plan, facts, date(per), maal::diag::Lang::Da);
    let mut out = Vec::new();
    session.run_script(script.as_bytes(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
