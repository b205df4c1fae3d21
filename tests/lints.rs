//! Snapshot tests of every lint, one small source file each under
//! `tests/lint_warnings/`, through the same `check` helper.

mod common;

use maal::diag::{Lang, Severity};
use maal::source::Source;

/// Checks one file: the plan must be usable; returns its rendered warnings.
fn check(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!("lint_warnings/{}", path.file_name().unwrap().to_string_lossy());
    let source = Source::new(name, text);
    let checked = maal::check_source(&source)
        .unwrap_or_else(|d| panic!("{}", maal::render::render_to_string(&source, &d, Lang::En)));
    assert!(checked.warnings.iter().all(|w| w.severity == Severity::Warning));
    maal::render::render_to_string(&source, &checked.warnings, Lang::Da)
}

#[test]
fn every_lint_is_snapshotted() {
    insta::glob!("lint_warnings/*.maal", |path| {
        let rendered = check(path);
        if path.ends_with("allowed.maal") {
            assert_eq!(rendered, "", "allowed warnings must be silent");
        } else {
            assert!(rendered.contains("advarsel[W01"), "{} gave no warning", path.display());
            insta::assert_snapshot!(rendered);
        }
    });
}

#[test]
fn every_lint_code_is_covered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_warnings");
    let all: String = std::fs::read_dir(dir).unwrap().map(|e| check(&e.unwrap().path())).collect();
    for code in maal::check::lint::LINTS.iter().map(|l| l.code) {
        assert!(all.contains(&format!("advarsel[{code}]")), "{code} has no test");
    }
}

#[test]
fn warnings_do_not_fail_check() {
    let (code, _, err) = common::maal(&["check", "tests/lint_warnings/contradiction.maal"], None);
    assert_eq!(code, 0);
    assert!(err.contains("advarsel[W0103]: grænserne modsiger hinanden"));
}
