//! Snapshot tests of rendered diagnostics, one small source file per error
//! kind under `tests/check_errors/`. Every test goes through `check`.

use maal::diag::Lang;
use maal::source::Source;

/// Checks one file and renders what it reports, as a user sees it.
fn check(path: &std::path::Path, lang: Lang) -> String {
    let bytes = std::fs::read(path).unwrap();
    let name = format!("check_errors/{}", path.file_name().unwrap().to_string_lossy());
    match maal::decode_source(&name, &bytes) {
        Err((partial, diag)) => maal::render::render_to_string(&partial, &[diag], lang),
        Ok(source) => match maal::check_source(&source) {
            Ok(_) => "(no errors)".to_string(),
            Err(diags) => maal::render::render_to_string(&source, &diags, lang),
        },
    }
}

// The snapshots hold today's wording: a change to a message shows here as a
// snapshot to review (`cargo insta review`).
#[test]
fn every_error_file_is_reported_and_snapshotted() {
    insta::glob!("check_errors/*.maal", |path| {
        let rendered = check(path, Lang::Da);
        assert!(rendered.contains("fejl["), "{} reported no error", path.display());
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
            .unwrap_or_else(|d| panic!("{}", maal::render::render_to_string(&source, &d, Lang::En)));
        assert_eq!(checked.file.goals.len(), goals, "{file}");
    }
}

/// Loads one facts file from `tests/bad_facts/` against a seed plan (the
/// digitalisation plan for files named `digst_…`, else the CPR plan) and
/// renders what it reports, located in the facts file.
fn load_facts(path: &std::path::Path) -> String {
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    let plan_file = if file_name.starts_with("digst_") { "rules/digst-2024.maal" } else { "rules/cpr-2026.maal" };
    let plan_text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(plan_file)).unwrap();
    let checked = maal::check_source(&Source::new(plan_file, plan_text)).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let name = format!("bad_facts/{file_name}");
    let source = match maal::decode_source(&name, &bytes) {
        Ok(s) => s,
        Err((partial, diag)) => return maal::render::render_to_string(&partial, &[diag], Lang::Da),
    };
    match maal::facts::Facts::load(&source).and_then(|facts| facts.validate(&checked)) {
        Ok(_) => "(no errors)".to_string(),
        Err(diags) => maal::render::render_to_string(&source, &diags, Lang::Da),
    }
}

#[test]
fn every_bad_facts_file_is_located_and_snapshotted() {
    insta::glob!("bad_facts/*", |path| {
        let rendered = load_facts(path);
        assert!(rendered.contains("fejl["), "{} reported no error", path.display());
        // Every error points into the facts file, at a line and column.
        assert!(rendered.contains("┌─ bad_facts/"), "{} has an error without a place:\n{rendered}", path.display());
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn the_bad_input_corpus_is_at_least_forty_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let count = |dir: &str| std::fs::read_dir(root.join(dir)).unwrap().count();
    assert!(count("check_errors") + count("bad_facts") >= 40);
}
