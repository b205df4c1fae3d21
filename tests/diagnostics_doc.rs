//! `docs/diagnostics.md` against the program: every code the program can
//! give has its entry, and every entry's example gives its code: rules alone
//! are checked, rules with a fact file are evaluated, and shell examples are
//! run in bash with the built `maal` first on `PATH`.

use maal::diag::codes;

/// One `## CODE: …` section: its code and its fenced blocks (language, text).
struct Entry {
    code: String,
    blocks: Vec<(String, String)>,
}

fn entries() -> Vec<Entry> {
    let doc = include_str!("../docs/diagnostics.md");
    let mut out: Vec<Entry> = Vec::new();
    let mut fence: Option<(String, String)> = None;
    for line in doc.lines() {
        if let Some((lang, mut text)) = fence.take() {
            if line == "```" {
                if let Some(entry) = out.last_mut() {
                    entry.blocks.push((lang, text));
                }
            } else {
                text.push_str(line);
                text.push('\n');
                fence = Some((lang, text));
            }
        } else if let Some(lang) = line.strip_prefix("```") {
            fence = Some((lang.to_string(), String::new()));
        } else if let Some(head) = line.strip_prefix("## ") {
            let code = head.split(':').next().unwrap_or_default().to_string();
            out.push(Entry { code, blocks: Vec::new() });
        }
    }
    out
}

/// The codes an entry's example gives.
fn codes_of(entry: &Entry) -> Vec<String> {
    let block = |lang: &str| entry.blocks.iter().find(|(l, _)| l == lang).map(|(_, t)| t.as_str());
    if let Some(script) = block("sh") {
        return shell(script);
    }
    let rules = block("maal").unwrap_or_else(|| panic!("{}: no example", entry.code));
    let codes = |d: &[maal::Diagnostic]| d.iter().map(|d| d.code.to_string()).collect::<Vec<_>>();
    let plan = match maal::Plan::compile("eksempel.maal", rules) {
        Ok(plan) => plan,
        Err(e) => return codes(&e.diagnostics),
    };
    let Some(facts) = block("toml") else { return codes(plan.warnings()) };
    let facts = match maal::Facts::from_toml(facts) {
        Ok(facts) => facts,
        Err(e) => return codes(&e.diagnostics),
    };
    let as_of = facts.as_of.unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap());
    match plan.evaluate(&facts, as_of) {
        Ok(evaluation) => codes(&evaluation.errors),
        Err(e) => codes(&e.diagnostics),
    }
}

/// Runs a shell example in a fresh directory; the codes in what it printed.
fn shell(script: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_maal")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir.path())
        .env("PATH", path)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    text.split('[').skip(1).filter_map(|s| s.get(..5)).map(str::to_string).collect()
}

#[test]
fn every_code_has_an_entry_and_every_entry_a_known_code() {
    let documented: Vec<String> = entries().into_iter().map(|e| e.code).collect();
    for code in codes::ALL {
        assert!(documented.iter().any(|d| d == code), "{code} has no entry in docs/diagnostics.md");
    }
    for code in &documented {
        // E0009 is reserved: documented, never given.
        assert!(codes::ALL.contains(&code.as_str()) || code == "E0009", "{code} is documented but unknown");
    }
}

#[test]
fn every_example_gives_its_code() {
    let wrong: Vec<String> = entries()
        .iter()
        .filter(|e| e.code != "E0009")
        .filter_map(|e| {
            let given = codes_of(e);
            (!given.contains(&e.code)).then(|| format!("the example of {} gives {given:?}", e.code))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
