//! The interactive REPL on a terminal: line editing, history kept in a file
//! between sessions, Tab completion, multi-line input while a bracket is open.
//! Piped (scripted) sessions do not come here; see `run_repl` in `main.rs`.

use super::failure::{Failure, Outcome};
use std::path::{Path, PathBuf};

use crate::diag::{Lang, Msg};
use crate::repl::Session;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;

/// Runs the session until Ctrl-D or `afslut`; always exit code 0, since a
/// mistake typed in the session is answered in the session.
pub fn run(mut session: Session, lang: Lang) -> Outcome {
    let colour = std::env::var_os("NO_COLOR").is_none();
    session.set_colour(colour);
    let config = rustyline::Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .history_ignore_dups(true)
        .and_then(|c| c.max_history_size(1000))
        .map(rustyline::config::Builder::build)
        .unwrap_or_default();
    let mut editor = match rustyline::Editor::<Helper, FileHistory>::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            return Err(Failure::usage(
                format!("terminalen kan ikke bruges: {e}"),
                format!("the terminal cannot be used: {e}"),
            ))
        }
    };
    editor.set_helper(Some(Helper { facts: session.fact_names(), goals: session.goal_ids(), scenarios: Vec::new() }));
    let mut history = HistoryFile::open(&mut editor, lang);
    session.set_width(editor.dimensions().map(|(columns, _)| columns));
    print!("{}", session.status());
    println!(
        "{}",
        Msg::new("Skriv `hjælp` for kommandoer, Ctrl-D for at afslutte.", "Type `help` for commands, Ctrl-D to quit.")
            .get(lang)
    );
    let prompt = if colour { "\x1b[1mmaal>\x1b[0m " } else { "maal> " };
    // While a bracket is open the entry goes on, under a prompt that says so.
    let more = if colour { "\x1b[1m  …>\x1b[0m " } else { "  …> " };
    let mut entry = String::new();
    loop {
        match editor.readline(if entry.is_empty() { prompt } else { more }) {
            Ok(line) => {
                if entry.is_empty() && crate::repl::is_quit(&line) {
                    break;
                }
                if !entry.is_empty() {
                    entry.push('\n');
                }
                entry.push_str(&line);
                if crate::repl::is_incomplete(&entry) {
                    continue;
                }
                let line = std::mem::take(&mut entry);
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    history.append(&mut editor);
                }
                session.set_width(editor.dimensions().map(|(columns, _)| columns));
                print!("{}", session.execute(&line));
                // Scenarios saved by this line are offered after `skift` and `sammenlign`.
                if let Some(helper) = editor.helper_mut() {
                    helper.scenarios = session.scenario_names();
                }
            }
            // Ctrl-C clears the line (and the open entry) being typed; the session goes on.
            Err(ReadlineError::Interrupted) => entry.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("{}: {e}", Msg::new("terminalen kan ikke læses", "the terminal cannot be read").get(lang));
                break;
            }
        }
    }
    Ok(())
}

/// Where the history lives between sessions, and whether it may be written.
/// Every failure is one warning line on stderr; the session goes on without.
struct HistoryFile {
    path: Option<PathBuf>,
    lang: Lang,
}

impl HistoryFile {
    /// `$XDG_STATE_HOME/maal/historik` (or the platform's equivalent); the
    /// directory is created when missing. A file that cannot be read is set
    /// aside as `historik.ulæselig` and a new history started.
    fn open(editor: &mut rustyline::Editor<Helper, FileHistory>, lang: Lang) -> HistoryFile {
        let mut file = HistoryFile { path: None, lang };
        let Some(dir) = dirs::state_dir().or_else(dirs::data_local_dir).map(|d| d.join("maal")) else {
            file.warn(Msg::new(
                "historikken gemmes ikke: ingen mappe til programdata (HOME er ikke sat)",
                "history is not kept: no directory for program data (HOME is not set)",
            ));
            return file;
        };
        if let Err(e) = std::fs::create_dir_all(&dir) {
            file.warn(file.failed("oprettes", "created", &dir, &e.to_string()));
            return file;
        }
        let path = dir.join("historik");
        match editor.load_history(&path) {
            Ok(()) => file.path = Some(path),
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => file.path = Some(path),
            Err(e) => {
                // Entries read before the bad spot stay in memory for this session.
                let aside = dir.join("historik.ulæselig");
                if std::fs::rename(&path, &aside).is_ok() {
                    file.warn(Msg::new(
                        format!(
                            "historikken i {} kunne ikke læses ({e}); flyttet til {}, ny historik begyndt",
                            path.display(),
                            aside.display()
                        ),
                        format!(
                            "the history in {} could not be read ({e}); moved to {}, a new history begun",
                            path.display(),
                            aside.display()
                        ),
                    ));
                    let _ = editor.clear_history();
                    file.path = Some(path);
                } else {
                    file.warn(file.failed("læses", "read", &path, &e.to_string()));
                }
            }
        }
        file
    }

    /// Appends the newest entry to the file; on the first failure, warns once
    /// and keeps the rest of the session's history in memory only.
    fn append(&mut self, editor: &mut rustyline::Editor<Helper, FileHistory>) {
        let Some(path) = &self.path else { return };
        if let Err(e) = editor.append_history(path) {
            let message = self.failed("skrives", "written", path, &e.to_string());
            self.path = None;
            self.warn(message);
        }
    }

    fn failed(&self, da: &str, en: &str, path: &Path, error: &str) -> Msg {
        Msg::new(
            format!("historikken i {} kan ikke {da} ({error}); den gemmes ikke i denne session", path.display()),
            format!("the history in {} cannot be {en} ({error}); it is not kept this session", path.display()),
        )
    }

    fn warn(&self, message: Msg) {
        let word = Msg::new("advarsel", "warning");
        eprintln!("{}: {}", word.get(self.lang), message.get(self.lang));
    }
}

/// Tab completion of commands, fact names, goal numbers, scenarios and paths.
struct Helper {
    facts: Vec<String>,
    goals: Vec<String>,
    /// The session's saved scenarios, as of the last line.
    scenarios: Vec<String>,
}

impl rustyline::completion::Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = line.get(..pos).unwrap_or(line);
        // `skriv FIL`: a path, completed as a shell would.
        if matches!(before.split_whitespace().next(), Some("skriv" | "write")) && before.contains(char::is_whitespace) {
            let (start, pairs) = rustyline::completion::FilenameCompleter::new().complete(line, pos, ctx)?;
            return Ok((start, pairs.into_iter().map(|p| p.replacement).collect()));
        }
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || "=(|[,+-*/<>!".contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = before.get(start..).unwrap_or("");
        let command =
            before.split_whitespace().next().filter(|_| before.get(..start).is_some_and(|s| !s.trim().is_empty()));
        let facts = self.facts.iter().map(String::as_str);
        let words: Vec<&str> = match command {
            // The first word: a command, or a fact to set (`realiseret = …`).
            None => crate::repl::COMMANDS.iter().copied().chain(facts).collect(),
            Some("hvorfor" | "why" | "margin" | "mangler" | "needed") => {
                self.goals.iter().map(String::as_str).collect()
            }
            Some("skift" | "switch") => self.scenarios.iter().map(String::as_str).collect(),
            Some("sammenlign" | "compare") => self.scenarios.iter().map(String::as_str).chain(["nu", "now"]).collect(),
            Some(_) => facts.collect(),
        };
        let mut candidates: Vec<String> =
            words.into_iter().filter(|c| c.starts_with(word)).map(str::to_string).collect();
        candidates.sort();
        candidates.dedup();
        Ok((start, candidates))
    }
}

impl rustyline::hint::Hinter for Helper {
    type Hint = String;
}

impl rustyline::highlight::Highlighter for Helper {}

/// An entry recalled from the history whole (several lines) is edited as one;
/// a line typed with a bracket open goes on under the `…>` prompt (the loop in `run`).
impl rustyline::validate::Validator for Helper {}

impl rustyline::Helper for Helper {}
