//! The interactive REPL as a person meets it: the real binary on a
//! pseudo-terminal, driven by keys (Tab, arrows, Ctrl-C, Ctrl-D), with the
//! history kept in a file between sessions. The README's session is replayed
//! here, so the README cannot drift from what a person sees.
#![cfg(all(unix, feature = "terminal"))]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect};

/// The prompt as typed in the README; on the terminal it may carry colour
/// codes between `maal>` and the space, so the terminal waits for `maal>`.
const PROMPT: &str = "maal> ";
const CPR: [&str; 6] =
    ["rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15", "--lang=da"];

/// One `maal repl` on a pseudo-terminal, with its own state directory.
struct Terminal {
    session: expectrl::session::OsSession,
}

impl Terminal {
    /// Starts `maal repl ARGS` with `XDG_STATE_HOME` (and `HOME`) at `state`,
    /// `NO_COLOR` unless `colour`, and waits for the first prompt; returns the
    /// terminal and what was printed before the prompt.
    fn start(args: &[&str], state: &Path, colour: bool, env: &[(&str, &str)]) -> (Terminal, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_maal"));
        command.arg("repl").args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
        command.env("XDG_STATE_HOME", state.join("state")).env("HOME", state).env("TERM", "xterm");
        if colour {
            command.env_remove("NO_COLOR");
        } else {
            command.env("NO_COLOR", "1");
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let mut session = expectrl::Session::spawn(command).expect("spawn maal on a pseudo-terminal");
        session.get_process_mut().set_window_size(200, 50).expect("window size");
        session.set_expect_timeout(Some(Duration::from_secs(60)));
        let mut terminal = Terminal { session };
        let before = terminal.until_prompt();
        (terminal, before)
    }

    /// Everything printed up to the next prompt, without terminal control
    /// sequences and carriage returns.
    fn until_prompt(&mut self) -> String {
        let found = self.session.expect("maal>").expect("the prompt");
        plain(found.before())
    }

    /// Waits until `text` has been shown (a completion, say).
    fn shown(&mut self, text: &str) -> String {
        plain(self.session.expect(text).expect(text).as_bytes())
    }

    /// Types keys (no Enter).
    fn keys(&mut self, keys: &str) {
        self.session.send(keys).expect("send keys");
    }

    /// Types a line and Enter; returns what the REPL answered, without the
    /// echo of the typed line.
    fn line(&mut self, text: &str) -> String {
        self.keys(text);
        self.enter()
    }

    /// Presses Enter; returns the answer: what is printed after the line is
    /// accepted, up to the next prompt. rustyline turns bracketed paste off
    /// (`ESC [ ? 2004 l`) when it hands the line over, which tells an accepted
    /// line from the redraws while typing (after Tab, or an open bracket).
    fn enter(&mut self) -> String {
        self.keys("\r");
        self.session.expect("\x1b[?2004l").expect("the line is accepted");
        let answer = self.until_prompt();
        answer.strip_prefix('\n').unwrap_or(&answer).to_string()
    }

    /// Presses Ctrl-D at an empty prompt and returns the exit code.
    fn ctrl_d(self) -> i32 {
        self.leave("\x04")
    }

    /// Types keys that end the session and returns the exit code.
    fn leave(mut self, keys: &str) -> i32 {
        self.keys(keys);
        self.session.expect(Eof).expect("the session ends");
        match self.session.get_process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("maal did not exit normally: {other:?}"),
        }
    }
}

/// Terminal output as a person reads it: ANSI control sequences removed
/// (CSI `ESC [ … letter`), `\r\n` as `\n`, lone `\r` dropped.
fn plain(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.next_if_eq(&'[').is_some() {
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() || c == '~' {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn state_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

#[test]
fn the_readme_session_is_what_a_person_sees() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    // The command line the README gives, and the table it says comes first.
    let command = readme.lines().find(|l| l.starts_with("`cargo run -- repl ")).expect("the README's repl command");
    let args: Vec<&str> = command.trim_matches('`').split_whitespace().skip(4).collect();
    let table = readme
        .split("The first prints:\n\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's first table");
    let session = readme
        .split("shows the table above, then")
        .nth(1)
        .and_then(|rest| rest.split("```\n").nth(1))
        .expect("the README's REPL session");
    let dir = state_dir();
    let (mut terminal, start) = Terminal::start(&args, dir.path(), false, &[]);
    let table_body = table.split_once('\n').map(|(_, body)| body).unwrap();
    assert!(start.contains(table_body), "the REPL starts with the README's table:\n{start}");
    // Each `maal> ` line is typed; what follows it up to the next one is the answer.
    let mut blocks = session.split(PROMPT).skip(1);
    let mut typed = 0;
    for block in blocks.by_ref() {
        let (input, expected) = block.split_once('\n').unwrap_or((block, ""));
        let answer = terminal.line(input);
        assert_eq!(answer, expected, "the README's answer to `{input}`");
        typed += 1;
    }
    assert!(typed >= 6, "the README's session has its commands ({typed})");
    assert_eq!(terminal.ctrl_d(), 0);
}

#[test]
fn keys_completion_multi_line_ctrl_c_and_history_across_sessions() {
    let dir = state_dir();
    let (mut terminal, start) = Terminal::start(&CPR, dir.path(), false, &[]);
    assert!(start.contains("Samlet målopfyldelse: 85,71 pct."), "{start}");
    assert!(start.contains("Skriv `hjælp` for kommandoer, Ctrl-D for at afslutte."), "{start}");

    // A fact change shows what flipped.
    let answer = terminal.line("realiseret = 43,1 mio");
    assert_eq!(
        answer,
        "  mål 7: opfyldt → ikke opfyldt\n  delmål 7a: opfyldt → ikke opfyldt\n  samlet: 85,71 → 71,43 pct.\n"
    );
    let answer = terminal.line("hvorfor 7");
    assert!(answer.starts_with("mål 7 Retvisende budgettering: ikke opfyldt\n"), "{answer}");
    let answer = terminal.line("margin 7");
    assert!(answer.contains("realiseret kan stige 99.999 kr."), "{answer}");

    // Tab completes a fact name through its `ø`, then the line goes on.
    terminal.keys("stikpr\t");
    terminal.shown("stikprøvekontroller");
    let answer = terminal.line(" = 9");
    assert!(answer.contains("mål 2: opfyldt → ikke opfyldt"), "{answer:?}");

    // A bracket left open continues on the next line, under a prompt that says so.
    terminal.keys("udtryk (grundbudget +\r");
    terminal.shown("…> ");
    let answer = terminal.line("realiseret)");
    assert_eq!(answer, "84 mio. kr.\n");

    // Ctrl-C clears the line being typed; nothing is set and the session goes on.
    terminal.keys("realiseret = 1 mio");
    terminal.keys("\x03");
    let _ = terminal.until_prompt();
    let answer = terminal.line("udtryk realiseret");
    assert_eq!(answer, "43,1 mio. kr.\n", "Ctrl-C dropped the half-typed change");
    assert_eq!(terminal.ctrl_d(), 0, "Ctrl-D leaves with exit code 0");

    // The history file is in the state directory, and a second session
    // recalls the first session's last line with the up arrow.
    let history = std::fs::read_to_string(dir.path().join("state/maal/historik")).expect("history file");
    assert!(history.contains("realiseret = 43,1 mio"), "{history}");
    let (mut second, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    second.keys("\x1b[A");
    let answer = second.enter();
    assert_eq!(answer, "42,9 mio. kr.\n", "up arrow recalled `udtryk realiseret` (on the loaded facts)");
    // Back through the history, one line at a time, to the first change; in
    // the two-line entry the up arrow first moves to its first line.
    for (keys, earlier) in [
        ("\x1b[A", "udtryk realiseret"),
        ("\x1b[A", "udtryk (grundbudget +"),
        ("\x1b[A\x1b[A", "stikprøvekontroller = 9"),
        ("\x1b[A", "margin 7"),
        ("\x1b[A", "hvorfor 7"),
    ] {
        second.keys(keys);
        second.shown(earlier);
    }
    second.keys("\x1b[A");
    second.shown("realiseret = 43,1 mio");
    let answer = second.enter();
    assert!(answer.contains("mål 7: opfyldt → ikke opfyldt"), "six up: `realiseret = 43,1 mio`: {answer}");
    assert_eq!(second.leave("afslut\r"), 0, "`afslut` leaves with exit code 0");
}

#[test]
fn tab_lists_goal_numbers_after_hvorfor() {
    let dir = state_dir();
    let digst = ["rules/digst-2024.maal", "--facts", "examples/facts/digst-2024-år.toml", "--per", "2025-01-14"];
    let (mut terminal, _) = Terminal::start(&digst, dir.path(), false, &[]);
    // The first Tab completes what all candidates share, the second lists them.
    terminal.keys("hvorfor 2\t\t");
    let listed = plain(terminal.session.expect("2.4").unwrap().as_bytes());
    assert!(listed.contains("2.1") && listed.contains("2.2") && listed.contains("2.3"), "{listed:?}");
    assert!(!listed.contains("iso_modenhed"), "only goals after `hvorfor`: {listed:?}");
    let _ = terminal.until_prompt();
    let answer = terminal.line("3");
    assert!(answer.starts_with("mål 2.3 Bedre sikkerhed: "), "{answer}");
    assert_eq!(terminal.ctrl_d(), 0);
}

#[test]
fn colour_only_without_no_color() {
    let dir = state_dir();
    let (mut plain_terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    plain_terminal.keys("realisert = 3\r");
    let raw = plain_terminal.session.expect(PROMPT).unwrap().before().to_vec();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    assert!(
        raw.contains("ukendt faktum `realisert`") && !raw.contains("\x1b[0m") && !raw.contains("\x1b[1m"),
        "{raw:?}"
    );
    assert_eq!(plain_terminal.ctrl_d(), 0);

    let (mut coloured, _) = Terminal::start(&CPR, dir.path(), true, &[]);
    coloured.keys("realisert = 3\r");
    let raw = coloured.session.expect("maal>").unwrap().before().to_vec();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    assert!(raw.contains("\x1b[0m") && plain(raw.as_bytes()).contains("ukendt faktum `realisert`"), "{raw:?}");
    coloured.keys("\x04");
    coloured.session.expect(Eof).unwrap();
}

#[test]
fn a_broken_history_is_one_warning_and_the_session_goes_on() {
    // Garbage in the file: set aside, one warning, a new history.
    let dir = state_dir();
    let history = dir.path().join("state/maal");
    std::fs::create_dir_all(&history).unwrap();
    std::fs::write(history.join("historik"), b"#V2\nvis\n\xff\xfe garbage \x00\n").unwrap();
    let (mut terminal, start) = Terminal::start(&CPR, dir.path(), false, &[]);
    assert_eq!(start.matches("advarsel:").count(), 1, "{start}");
    assert!(start.contains("kunne ikke læses") && start.contains("historik.ulæselig"), "{start}");
    assert!(terminal.line("vis").contains("Samlet målopfyldelse"));
    assert_eq!(terminal.ctrl_d(), 0);
    assert!(history.join("historik.ulæselig").exists());
    assert_eq!(std::fs::read_to_string(history.join("historik")).unwrap(), "#V2\nvis\n");

    // A directory that cannot be created (a file is in the way): one warning.
    let dir = state_dir();
    std::fs::write(dir.path().join("state"), "not a directory").unwrap();
    let (mut terminal, start) = Terminal::start(&CPR, dir.path(), false, &[]);
    assert_eq!(start.matches("advarsel:").count(), 1, "{start}");
    assert!(terminal.line("udtryk realiseret").contains("mio. kr."));
    assert_eq!(terminal.ctrl_d(), 0);

    // A history that cannot be written (it leads into a missing directory;
    // the tests may run as root, to whom permissions are no obstacle): one
    // warning at the first line, none after it.
    let dir = state_dir();
    std::fs::create_dir_all(dir.path().join("state/maal")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing/historik"), dir.path().join("state/maal/historik")).unwrap();
    let (mut terminal, start) = Terminal::start(&CPR, dir.path(), false, &[]);
    assert!(!start.contains("advarsel"), "{start}");
    let first = terminal.line("vis");
    let second = terminal.line("vis");
    assert_eq!(first.matches("advarsel:").count(), 1, "{first}");
    assert!(first.contains("kan ikke skrives") && !second.contains("advarsel"), "{second}");
    assert_eq!(terminal.ctrl_d(), 0);

    // No HOME: the state directory comes from XDG_STATE_HOME alone.
    let dir = state_dir();
    let mut command = Command::new(env!("CARGO_BIN_EXE_maal"));
    command.arg("repl").args(CPR).current_dir(env!("CARGO_MANIFEST_DIR"));
    command.env_remove("HOME").env("XDG_STATE_HOME", dir.path()).env("NO_COLOR", "1");
    let mut session = expectrl::Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    let start = plain(session.expect(PROMPT).unwrap().before());
    assert!(!start.contains("panicked"), "{start}");
    session.send("vis\r").unwrap();
    let shown = plain(session.expect(PROMPT).unwrap().before());
    assert!(shown.contains("Samlet målopfyldelse"), "{shown}");
    session.send("\x04").unwrap();
    session.expect(Eof).unwrap();
    assert!(dir.path().join("maal/historik").exists(), "history kept without HOME");
}

#[test]
fn tab_completes_saved_scenarios_and_goal_commands_say_what_to_type() {
    let dir = state_dir();
    let (mut terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    let _ = terminal.line("gem optimistisk");
    let _ = terminal.line("realiseret = 43,1 mio");
    let _ = terminal.line("gem pessimistisk");
    // After `skift`, Tab completes a scenario saved in this session.
    terminal.keys("skift opt\t");
    let answer = terminal.enter();
    assert!(!answer.contains("intet scenarie"), "switched to optimistisk: {answer}");
    // After `sammenlign`, Tab offers the scenarios and `nu`.
    terminal.keys("sammenlign pes\t nu");
    let answer = terminal.enter();
    assert!(answer.contains("pessimistisk") && !answer.contains("intet scenarie"), "{answer}");
    // A goal command without its goal says what to type.
    let answer = terminal.line("hvorfor");
    assert!(answer.contains("skriv målets nummer efter `hvorfor`, fx `hvorfor 7`"), "{answer}");
    // A fact name typed on a US keyboard layout (`;` where `ø` is).
    let answer = terminal.line("stikpr;vekontroller = 5");
    assert!(answer.contains("mente du `stikprøvekontroller`?"), "{answer}");
    assert_eq!(terminal.ctrl_d(), 0);
}

/// The status table fits the terminal: at 80 and 120 columns no line is wider
/// (titles cut with `…`, a long reason wrapped under its row), and no word is
/// broken in the middle; on a wide terminal it is the full table.
#[test]
fn the_status_table_fits_the_terminal() {
    for columns in [80u16, 120] {
        let dir = state_dir();
        let (mut terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
        terminal.session.get_process_mut().set_window_size(columns, 50).expect("window size");
        let table = terminal.line("vis");
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines.iter().any(|l| l.contains("Samlet målopfyldelse")), "{table}");
        for line in &lines {
            assert!(
                line.chars().count() <= usize::from(columns),
                "{columns} columns: {line:?} is {} wide",
                line.chars().count()
            );
        }
        assert!(table.contains('…'), "a title is cut with …: {table}");
        // Every goal's row and its reason, whole words (the budget rule's reason is long).
        assert!(table.contains("|grundbudget - realiseret| <= 2,0 mio. kr.:"), "{table}");
        assert!(table.contains("opfyldt") && table.contains("14,29"), "{table}");
        assert_eq!(terminal.ctrl_d(), 0);
    }
    let dir = state_dir();
    let (mut terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    let table = terminal.line("vis");
    assert!(
        table.contains("Stikprøvekontrol af myndigheders kontrol med CPR opfyldt"),
        "200 columns: the full table: {table}"
    );
    assert_eq!(terminal.ctrl_d(), 0);
}

#[test]
fn tab_completes_a_path_after_skriv() {
    let dir = state_dir();
    let (mut terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    // The crate root holds `examples/`: the path completes as a shell's would.
    terminal.keys("skriv exampl\t");
    terminal.session.expect("examples/").expect("the path is completed");
    // Ctrl-U clears the line; the session goes on.
    terminal.keys("\x15");
    let answer = terminal.line("hvorfor 7");
    assert!(answer.starts_with("mål 7 Retvisende budgettering"), "{answer}");
    assert_eq!(terminal.ctrl_d(), 0);
}

#[test]
fn ctrl_c_under_the_continuation_prompt_drops_the_open_entry() {
    let dir = state_dir();
    let (mut terminal, _) = Terminal::start(&CPR, dir.path(), false, &[]);
    terminal.keys("udtryk (grundbudget +\r");
    terminal.shown("…> ");
    terminal.keys("\x03");
    let _ = terminal.until_prompt();
    // The next line starts afresh under `maal>`, not inside the dropped bracket.
    let answer = terminal.line("udtryk realiseret");
    assert_eq!(answer, "42,9 mio. kr.\n");
    assert_eq!(terminal.ctrl_d(), 0);
}
