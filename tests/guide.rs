//! The Danish guide (`docs/da/`) against the program: every rule example
//! checks, every fact example loads and evaluates (against the plan named in
//! its first line, `# plan: …`, else the rule example before it), every
//! command runs, and every output shown is what the command prints.

use std::path::Path;

/// The fenced blocks of a Markdown file: (language, text).
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut fence: Option<(String, String)> = None;
    for line in markdown.lines() {
        match fence.take() {
            Some((lang, text)) if line == "```" => out.push((lang, text)),
            Some((lang, mut text)) => {
                text.push_str(line);
                text.push('\n');
                fence = Some((lang, text));
            }
            None => {
                if let Some(lang) = line.strip_prefix("```") {
                    fence = Some((lang.to_string(), String::new()));
                }
            }
        }
    }
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a shell example in the crate root with the built `maal` first on `PATH`.
fn run(script: &str) -> (bool, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_maal")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("set -e\n{script}"))
        .current_dir(root())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Whether an output block of the guide is what the command printed: the
/// block's lines, in order and next to each other. A line `…` marks an
/// extract: the lines on either side of it are each a run of the output, in
/// order, with output left out between them. Trailing spaces do not count.
fn shown_in_order(block: &str, printed: &str) -> Result<(), String> {
    let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let mut from = 0;
    for run in block.split("\n…\n").map(|r| r.trim_matches('\n')) {
        let lines: Vec<&str> = run.lines().map(str::trim_end).collect();
        if lines.iter().all(|l| l.trim().is_empty()) || run.trim() == "…" {
            continue;
        }
        let found = (from..=printed.len().saturating_sub(lines.len()))
            .find(|&at| printed[at..].len() >= lines.len() && printed[at..at + lines.len()] == lines[..]);
        match found {
            Some(at) => from = at + lines.len(),
            None => return Err(run.to_string()),
        }
    }
    Ok(())
}

#[test]
fn output_blocks_are_compared_whole_and_in_order() {
    let printed = "a\nb\nc\nd\n";
    assert!(shown_in_order("a\nb\n", printed).is_ok());
    assert!(shown_in_order("b\nd\n", printed).is_err(), "lines not next to each other");
    assert!(shown_in_order("b\n…\nd\n", printed).is_ok(), "an extract says so");
    assert!(shown_in_order("d\n…\na\n", printed).is_err(), "out of order");
}

#[test]
fn every_example_in_the_danish_guide_runs() {
    let dir = root().join("docs/da");
    let mut pages: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    let mut counts = [0usize; 4];
    for page in pages.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let markdown = std::fs::read_to_string(page).unwrap();
        let mut plan: Option<maal::Plan> = None;
        let mut output: Option<String> = None;
        for (lang, text) in blocks(&markdown) {
            match lang.as_str() {
                "maal" => {
                    let compiled = maal::Plan::compile("eksempel.maal", &text);
                    plan = Some(
                        compiled.unwrap_or_else(|e| panic!("{name}: a rule example does not check:\n{text}\n{e}")),
                    );
                    counts[0] += 1;
                }
                "toml" => {
                    let named = text.lines().next().and_then(|l| l.strip_prefix("# plan: "));
                    let against = match named {
                        Some(path) => maal::Plan::from_file(&root().join(path.trim()), &Default::default()).unwrap(),
                        None => plan.clone().unwrap_or_else(|| panic!("{name}: facts without a plan:\n{text}")),
                    };
                    let facts = maal::Facts::from_toml(&text).unwrap_or_else(|e| panic!("{name}:\n{text}\n{e}"));
                    let as_of = facts.as_of.unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap());
                    let evaluation = against.evaluate(&facts, as_of).unwrap_or_else(|e| panic!("{name}:\n{text}\n{e}"));
                    assert!(evaluation.errors.is_empty(), "{name}:\n{text}");
                    counts[1] += 1;
                }
                "sh" => {
                    let (ok, text_out) = run(&text);
                    assert!(ok, "{name}: the command failed:\n{text}\n{text_out}");
                    output = Some(text_out);
                    counts[2] += 1;
                }
                "text" => {
                    let shown = output.take().unwrap_or_else(|| panic!("{name}: output without a command:\n{text}"));
                    if let Err(missing) = shown_in_order(&text, &shown) {
                        panic!("{name}: the guide shows\n{missing}\nbut the command printed\n{shown}");
                    }
                    counts[3] += 1;
                }
                other => panic!("{name}: a block in `{other}`: the guide's examples are maal, toml, sh or text"),
            }
        }
    }
    // The guide holds examples of every kind (and the test found them).
    assert!(counts.iter().all(|c| *c >= 3), "rules, facts, commands, outputs: {counts:?}");
}

#[test]
fn every_whole_plan_in_the_language_reference_checks() {
    let markdown = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let plans: Vec<String> = blocks(&markdown)
        .into_iter()
        .filter(|(lang, text)| lang == "maal" && text.starts_with("plan "))
        .map(|(_, t)| t)
        .collect();
    assert!(plans.len() >= 5, "the reference holds whole plans: {}", plans.len());
    for text in plans {
        maal::Plan::compile("eksempel.maal", &text).unwrap_or_else(|e| panic!("docs/language.md:\n{text}\n{e}"));
    }
}
