//! Snapshot tests of rendered diagnostics, one small source file per error
//! kind under `tests/check_errors/`. Every test goes through `check`.

use maal::diag::Lang;
use maal::source::Source;

/// Checks one file and renders what it reports, as a user sees it.
fn check(path: &std::path::Path, lang: Lang) -> String {
    let bytes = std::fs::read(path).unwrap();
    let name = format!("check_errors/{}", path.file_name().unwrap().to_string_lossy());
    match maal::decode_source(&name, &bytes) {
        Err((partial, diag)) => maal::report::render_to_string(&partial, &[diag], lang),
        Ok(source) => match maal::check_source(&source) {
            Ok(_) => "(no errors)".to_string(),
            Err(diags) => maal::report::render_to_string(&source, &diags, lang),
        },
    }
}

#[test]
fn every_error_file_is_reported_and_snapshotted() {
    insta::glob!("check_errors/*.maal", |path| {
        let rendered = check(path, Lang::Da);
        assert!(rendered.contains("error["), "{} reported no error", path.display());
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn at_least_fifteen_distinct_codes() {
    let mut codes = std::collections::BTreeSet::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_errors");
    for entry in std::fs::read_dir(dir).unwrap() {
        let rendered = check(&entry.unwrap().path(), Lang::En);
        for part in rendered.split("error[").skip(1) {
            codes.insert(part[..5].to_string());
        }
    }
    assert!(codes.len() >= 15, "only {} distinct codes: {codes:?}", codes.len());
}

#[test]
fn english_on_request() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_errors/unknown_subgoal.maal");
    insta::assert_snapshot!(check(&path, Lang::En));
}

#[test]
fn seed_plans_check_clean() {
    for (file, goals) in [("rules/cpr-2026.maal", 7), ("rules/digst-2024.maal", 12)] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let source = Source::new(file, std::fs::read_to_string(path).unwrap());
        let checked = maal::check_source(&source)
            .unwrap_or_else(|d| panic!("{}", maal::report::render_to_string(&source, &d, Lang::En)));
        assert_eq!(checked.file.goals.len(), goals, "{file}");
    }
}
