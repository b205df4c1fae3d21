//! The map can't drift: every `crate::` path in the library's sources is read,
//! and an arrow from a module to one later in the stage order written in
//! ARCHITECTURE.md ("Stage order: a → b → …") fails this test.
//!
//! A module is a top-level item of `src/` (a file or a folder). Code in
//! `#[cfg(test)]` modules and `tests.rs` files may reach any stage (a unit test
//! of the checker parses text first). The crate root's `deep` (the stack guard)
//! is below every stage; the root's other items are the front door (`plan`).

use std::collections::BTreeSet;
use std::path::Path;

/// The stage order from ARCHITECTURE.md, earliest first.
fn stage_order() -> Vec<String> {
    let map = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    let line = map
        .lines()
        .find_map(|l| l.trim().strip_prefix("Stage order:"))
        .expect("ARCHITECTURE.md has a line `Stage order: a → b → …`");
    line.split('→').map(|s| s.trim().trim_matches('`').trim_end_matches('.').to_string()).collect()
}

/// Every module (the first path segment) a text names through `crate::`,
/// including `use crate::{a::x, b}` groups.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = text[at..].find("crate::") {
        let start = at + i;
        at = start + "crate::".len();
        // `$crate::` and identifiers ending in `crate` are not the crate root.
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b'$')
        {
            continue;
        }
        if text[at..].starts_with('{') {
            // A group: its top-level entries.
            let mut depth = 0;
            let mut entry = String::new();
            for c in text[at + 1..].chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(head(&entry));
                        entry.clear();
                    }
                    _ if depth == 0 => entry.push(c),
                    _ => {}
                }
            }
            found.insert(head(&entry));
        } else {
            found.insert(head(&text[at..]));
        }
    }
    found.remove("");
    found
}

fn head(path: &str) -> String {
    path.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// The text of a source file without its `#[cfg(test)]` module (by
/// convention the last item of a file).
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Items of the crate root and the stage they belong to.
fn root_item_stage(name: &str, modules: &BTreeSet<String>) -> Option<String> {
    if modules.contains(name) {
        return Some(name.to_string());
    }
    match name {
        "deep" => None,
        // Re-exports at the root name the module they come from.
        "Diagnostic" | "Lang" | "Msg" | "Severity" => Some("diag".into()),
        "Error" | "ErrorKind" | "decode_source" => Some("diag".into()),
        "Source" | "Span" => Some("source".into()),
        "Value" | "TimeSpan" => Some("value".into()),
        "Limits" | "CmpOp" => Some("syntax".into()),
        "Facts" | "Reported" => Some("facts".into()),
        "Awaiting" | "Bound" | "Combination" | "Evaluation" | "ExprResult" | "FactWarning" | "GoalResult" | "Leaf"
        | "Margin" | "Need" | "Note" | "Outcome" | "OverrideInfo" | "Shape" | "Status" | "SubgoalResult"
        | "Threshold" | "Total" | "Truth" | "Window" => Some("eval".into()),
        _ => Some("plan".into()),
    }
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn arrows_follow_the_stage_order() {
    let order = stage_order();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let modules: BTreeSet<String> = order.iter().cloned().collect();
    let rank = |m: &str| order.iter().position(|s| s == m);
    let mut against = Vec::new();
    let mut unplaced = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let mut parts = relative.iter().map(|p| p.to_string_lossy().into_owned());
        let first = parts.next().unwrap();
        let module = first.trim_end_matches(".rs").to_string();
        // `main.rs` is the binary (one call into `cli`, the last stage); the root is the front door's own file.
        if module == "main" || module == "lib" || relative.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(from) = rank(&module) else {
            unplaced.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for name in named_modules(without_tests(&text)) {
            let Some(stage) = root_item_stage(&name, &modules) else { continue };
            match rank(&stage) {
                Some(to) if to > from => against.push(format!("{} → crate::{name} ({stage})", relative.display())),
                Some(_) => {}
                None => {
                    unplaced.insert(stage);
                }
            }
        }
    }
    assert!(unplaced.is_empty(), "modules missing from ARCHITECTURE.md's stage order: {unplaced:?}");
    assert!(against.is_empty(), "arrows against the stage order {order:?}:\n{}", against.join("\n"));
}

/// Every `Order in `x/`: a → b` line of ARCHITECTURE.md: the order of the files inside a stage's folder.
fn folder_orders() -> Vec<(String, Vec<String>)> {
    let map = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    map.lines()
        .filter_map(|l| l.trim().strip_prefix("Order in `"))
        .filter_map(|l| l.split_once("/`:"))
        .map(|(folder, order)| {
            (folder.to_string(), order.split('→').map(|s| s.trim().trim_end_matches('.').to_string()).collect())
        })
        .collect()
}

/// The names a file reaches in its own folder: `super::x`, `crate::folder::x`, `use super::{x, y}`.
fn named_siblings(text: &str, folder: &str) -> BTreeSet<String> {
    let as_root = without_tests(text).replace(&format!("crate::{folder}::"), "crate::").replace("super::", "crate::");
    named_modules(&as_root)
}

#[test]
fn files_inside_a_stage_follow_their_order() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let orders = folder_orders();
    assert!(!orders.is_empty(), "ARCHITECTURE.md has `Order in `eval/`: …` lines");
    let mut against = Vec::new();
    for (folder, order) in &orders {
        let rank = |m: &str| order.iter().position(|s| s == m);
        for entry in std::fs::read_dir(src.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if stem == "mod" || stem == "tests" {
                continue;
            }
            let from = rank(&stem)
                .unwrap_or_else(|| panic!("{folder}/{stem}.rs is missing from ARCHITECTURE.md's order of {folder}/"));
            let text = std::fs::read_to_string(&path).unwrap();
            for name in named_siblings(&text, folder) {
                if let Some(to) = rank(&name).filter(|to| *to > from) {
                    against.push(format!("{folder}/{stem}.rs → {name} ({to} > {from})"));
                }
            }
        }
    }
    assert!(against.is_empty(), "arrows against a folder's order:\n{}", against.join("\n"));
}

#[test]
fn the_scanner_reads_groups_and_paths() {
    let found = named_modules(
        "use crate::{diag::{Msg, Lang}, value::Dim};\nlet x = crate::render::to_json(a);\n$crate::x; notcrate::y",
    );
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["diag", "render", "value"]);
}

/// The evaluator produces data, never sentences (ARCHITECTURE.md,
/// "Invariants"): no file of `src/eval/` formats a value for people, picks a
/// word by language, or derives a wire format. Only the runtime errors'
/// diagnostics (`explain.rs`'s `runtime_diagnostic`) carry words, in both
/// languages at once, as the checker's do, and `FactWarning` carries a
/// facts diagnostic in one language.
#[test]
fn the_evaluator_writes_no_words() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/eval");
    let mut files = Vec::new();
    sources(&eval, &mut files);
    let forbidden = [
        "format_quantity",
        "format_date",
        "format_difference",
        "format_score",
        ".get(self.lang)",
        ".word(",
        "derive(Serialize",
        "serde::Serialize",
        "utoipa",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let text = without_tests(&text);
        // The runtime errors' diagnostics: every word in both languages.
        let text = match text.find("fn runtime_diagnostic(") {
            Some(start) => {
                let end = text[start..].find("\n}\n").map_or(text.len(), |e| start + e);
                format!("{}{}", &text[..start], &text[end..])
            }
            None => text.to_string(),
        };
        // `Truth` and `Status` (mod.rs) keep `Serialize`: their serde names are the wire names.
        let derives_allowed = file.ends_with("mod.rs");
        for word in forbidden {
            if derives_allowed && word.contains("Serialize") {
                continue;
            }
            assert!(
                !text.contains(word),
                "{} uses `{word}`: the evaluator produces data; words go in render/",
                file.display()
            );
        }
        let describes = text.matches(".describe(").count();
        assert_eq!(describes, 0, "{} describes a value for people", file.display());
    }
}
