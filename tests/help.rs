//! `maal --help` in Danish by default and in English on request, with an
//! example in each command's help; shell completions that a shell loads; the
//! manual page.

mod common;
use common::maal;

fn help(args: &[&str], env_lang: Option<&str>) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_maal"));
    cmd.args(args).env_remove("LC_ALL").env_remove("COLUMNS").env("LANG", env_lang.unwrap_or("da_DK.UTF-8"));
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_is_danish_by_default_and_english_on_request() {
    insta::assert_snapshot!("help_da", help(&["--help"], None));
    insta::assert_snapshot!("eval_help_da", help(&["eval", "--help"], None));
    insta::assert_snapshot!("help_en", help(&["--lang", "en", "--help"], None));
    insta::assert_snapshot!("eval_help_en", help(&["eval", "--help", "--lang", "en"], None));
    // An English locale gives English help without the flag.
    assert_eq!(help(&["eval", "--help"], Some("en_GB.UTF-8")), help(&["eval", "--help", "--lang", "en"], None));
}

#[test]
fn every_command_shows_a_complete_example_that_runs() {
    let (_, root, _) = maal(&["--help"], None);
    let commands = root.lines().skip_while(|l| !l.starts_with("Kommandoer:")).skip(1).take_while(|l| !l.is_empty());
    // A command's line starts two spaces in; a wrapped description further.
    for line in commands.filter(|l| !l.starts_with("   ")) {
        let Some(command) = line.split_whitespace().next() else { break };
        let text = help(&[command, "--help"], None);
        assert!(
            text.contains("Eksempel:\n  maal ") || text.contains("Eksempel:\n  source <(maal"),
            "{command}: {text}"
        );
    }
    // The example in `maal eval --help` is a command line that works on the bundled example.
    let text = help(&["eval", "--help"], None);
    let example = text.lines().skip_while(|l| *l != "Eksempel:").nth(1).unwrap().trim();
    let args: Vec<&str> = example.split_whitespace().skip(1).collect();
    let (code, out, err) = maal(&args, None);
    assert_eq!(code, 0, "{example}: {err}");
    assert!(out.contains("Samlet målopfyldelse: 85,71 pct."), "{out}");
}

#[test]
fn bash_loads_the_completions() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("maal.bash");
    let (code, completions, _) = maal(&["completions", "bash"], None);
    assert_eq!(code, 0);
    std::fs::write(&script, completions).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p maal", script.display()))
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && shown.contains("-F _maal") && shown.ends_with("maal\n"), "{shown}");
    for shell in ["zsh", "fish", "powershell"] {
        let (code, text, err) = maal(&["completions", shell], None);
        assert!(code == 0 && text.contains("eval"), "{shell}: {err}");
    }
}

#[test]
fn the_manual_page_names_every_command() {
    let (code, page, _) = maal(&["man"], None);
    assert_eq!(code, 0);
    assert!(page.starts_with(".ie") && page.contains(".TH maal 1"), "{page}");
    for command in ["check", "eval", "report", "test", "fmt", "facts", "repl", "completions"] {
        assert!(page.contains(&format!("\\fBmaal {command}\\fR")), "{command}");
    }
    // No pointers to pages that are not installed; Danish section names.
    assert!(!page.contains("(1)\n") && !page.contains("maal\\-eval"), "{page}");
    for section in [".SH NAVN", ".SH BESKRIVELSE", ".SH TILVALG", ".SH KOMMANDOER"] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.contains("maal KOMMANDO \\-\\-help"), "where the options are");
    let (_, english, _) = maal(&["--lang", "en", "man"], None);
    assert!(
        english.contains(".SH NAME") && english.contains(".SH COMMANDS") && english.contains("\\fBmaal eval\\fR"),
        "{english}"
    );
}

#[test]
fn help_as_a_command_is_help() {
    let (code, out, _) = maal(&["help"], None);
    assert_eq!(code, 0);
    assert!(out.contains("Kommandoer:"), "{out}");
    let (code, out, _) = maal(&["help", "eval"], None);
    assert_eq!(code, 0);
    assert!(out.contains("Brug: maal eval"), "{out}");
}
