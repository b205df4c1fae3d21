//! The real binary: exit codes, stdin, language.

use std::io::Write;
use std::process::{Command, Stdio};

fn maal(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = stdin.unwrap_or("").to_string();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn seed_rules_are_clean() {
    let (code, _, err) = maal(&["check", "rules/cpr-2026.maal", "rules/digst-2024.maal"], None);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn errors_exit_one_in_danish_by_default() {
    let (code, _, err) = maal(&["check", "tests/check_errors/unknown_subgoal.maal"], None);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0101]: ukendt delmål `c`"), "{err}");
    assert!(err.contains("mente du `a`?"), "{err}");
}

#[test]
fn english_with_lang_en() {
    let (code, _, err) = maal(&["--lang", "en", "check", "tests/check_errors/unknown_subgoal.maal"], None);
    assert_eq!(code, 1);
    assert!(err.contains("unknown sub-goal `c`"), "{err}");
}

#[test]
fn stdin_with_dash() {
    let (code, _, err) = maal(&["check", "-"], Some("plan \"x\" { periode 2026 }\nmål 1: a >= 1;"));
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = maal(&["check", "-"], Some("plan \"x\" { periode 2026 }\nmål 1: a >= ;"));
    assert_eq!(code, 1);
    assert!(err.contains("<stdin>:2:"), "{err}");
}

#[test]
fn usage_and_io_errors_exit_two() {
    assert_eq!(maal(&["check", "does/not/exist.maal"], None).0, 2);
    assert_eq!(maal(&["frobnicate"], None).0, 2);
    assert_eq!(maal(&["check"], None).0, 2);
}

#[test]
fn eval_text_json_and_fail_under() {
    let args = ["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15"];
    let (code, out, err) = maal(&args, None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Samlet målopfyldelse: 85,71 pct. (6 af 7 mål opfyldt)"), "{out}");
    let (code, out, _) = maal(&[&args[..], &["--format", "json"]].concat(), None);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["goals"].as_array().unwrap().len(), 7);
    assert_eq!(json["total"]["counts"]["opfyldt"], 6);
    assert_eq!(maal(&[&args[..], &["--fail-under", "90"]].concat(), None).0, 1);
    assert_eq!(maal(&[&args[..], &["--fail-under", "85"]].concat(), None).0, 0);
}

#[test]
fn eval_bad_facts_exit_one_with_location() {
    let (code, _, err) =
        maal(&["eval", "rules/cpr-2026.maal", "--facts", "-", "--per", "2026-06-30"], Some("realisert = \"1 mio\"\n"));
    assert_eq!(code, 1);
    assert!(err.contains("E0202") && err.contains("<stdin>:1:1"), "{err}");
    assert_eq!(maal(&["eval", "rules/cpr-2026.maal", "--facts", "nope.toml"], None).0, 2);
}
