//! The `maal` command line: the arguments (clap) and the dispatch to one
//! function per command (`commands`). A command says how it went as an
//! `Outcome`; `failure` is the one place that becomes an exit code, and
//! diagnostics are printed only through `crate::render`.

use std::process::ExitCode;

use crate::diag::Lang;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod commands;
mod failure;
mod help;
mod load;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "terminal")]
mod terminal;

#[derive(Parser)]
#[command(name = "maal", version, about = "Regler for mål- og resultatplaner / rules for goal-and-result plans")]
struct Cli {
    /// Language of messages: da (default) or en.
    #[arg(long, global = true, value_enum, default_value = "da")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Da,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Check rule files and print diagnostics (`-` reads stdin; a directory: its `.maal` files).
    Check {
        /// Rule files or directories.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Evaluate a plan against reported facts as of a date.
    Eval {
        /// The rule file.
        plan: String,
        /// The facts file (TOML, JSON, CSV or Excel, by extension).
        #[arg(long)]
        facts: String,
        /// The as-of date (YYYY-MM-DD or DD-MM-YYYY); default the facts file's `opgjort`, else today.
        #[arg(long, value_parser = date_arg)]
        per: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Exit 1 when the total score is below this.
        #[arg(long)]
        fail_under: Option<rust_decimal::Decimal>,
        /// Show the full explanation tree of every goal (JSON always carries it).
        #[arg(long)]
        explain: bool,
        /// Print how long each stage took (read, parse, check, compile, facts, evaluate, render) on stderr.
        #[arg(long)]
        timings: bool,
    },
    /// The annual-report table: goals, result required, weight, result achieved, assessment, total.
    Report {
        /// The rule file.
        plan: String,
        /// Facts files, oldest first, each `FILE` or `FILE@YYYY-MM-DD` (its reporting date;
        /// the last defaults to --per). Several give the chart of the total through the year.
        #[arg(long, required = true)]
        facts: Vec<String>,
        /// The as-of date of the last report (YYYY-MM-DD or DD-MM-YYYY); default today.
        #[arg(long, value_parser = date_arg)]
        per: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// The department's overview: every institution's plan and reports in a portfolio directory
    /// (one folder per institution), the goals that need attention and those at risk.
    #[command(name = "portefølje", alias = "portfolio")]
    Portfolio {
        /// The portfolio directory: one folder per institution, each with its plan (`*.maal`)
        /// and its reports (fact files dated by `opgjort`).
        dir: std::path::PathBuf,
        /// Leave out reports dated after this (YYYY-MM-DD or DD-MM-YYYY); default today.
        #[arg(long, value_parser = date_arg)]
        per: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: PortfolioFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Run scenario tests (`*.test.toml` files, or directories holding them).
    Test {
        /// Test files or directories.
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
        /// List every case.
        #[arg(short, long)]
        verbose: bool,
        /// Output: text, or JUnit XML for CI systems.
        #[arg(long, value_enum, default_value = "text")]
        format: TestFormat,
    },
    /// Format rule files in the canonical layout (in place, atomically).
    Fmt {
        /// Rule files (`-` formats stdin to stdout).
        #[arg(required = true)]
        files: Vec<String>,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
        /// Change nothing; print what would change as a unified diff.
        #[arg(long)]
        diff: bool,
    },
    /// List the facts a plan needs: kind, unit and the goals that use them.
    Facts {
        /// The rule file.
        plan: String,
        /// Output: text, json, or a fill-in template: toml, or xlsx (an Excel sheet).
        #[arg(long, alias = "template", value_enum, default_value = "text")]
        format: FactsFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Serve the evaluator over HTTP (JSON; OpenAPI at /openapi.json).
    #[cfg(feature = "serve")]
    Serve {
        /// The address to listen on (port 0: any free port; the address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A directory of `.maal` files, served by file stem; reloaded on SIGHUP or POST /v1/reload.
        #[arg(long)]
        rules: Option<std::path::PathBuf>,
        /// The largest request body accepted, in bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body: usize,
        /// The longest one evaluation may take, in milliseconds.
        #[arg(long, default_value_t = 2000)]
        eval_timeout_ms: u64,
        /// A file holding the token that reload and writes need (`Authorization: Bearer …`);
        /// else the MAAL_TOKEN environment variable. Without one they are off.
        #[arg(long)]
        token_file: Option<std::path::PathBuf>,
        /// A host name requests may name in their Host header, besides localhost,
        /// 127.0.0.1 and [::1] on a loopback address (repeatable; behind a reverse proxy).
        #[arg(long = "allowed-host")]
        allowed_host: Vec<String>,
    },
    /// The workbench in a browser: write rules with live diagnostics, report facts in a form,
    /// see statuses, margins and what-if scenarios, download facts and the report.
    #[cfg(feature = "serve")]
    #[command(name = "værksted", alias = "workbench")]
    Workbench {
        /// A directory of `.maal` files to open.
        #[arg(long)]
        rules: Option<std::path::PathBuf>,
        /// A facts file to start from (TOML, JSON, CSV or Excel).
        #[arg(long)]
        facts: Option<String>,
        /// The address to listen on (port 0: any free port; the page's address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Let the page write rule files inside --rules (with the token).
        #[arg(long)]
        skriv: bool,
        /// The largest request body accepted, in bytes.
        #[arg(long, default_value_t = 16 * 1024 * 1024)]
        max_body: usize,
        /// The longest one evaluation may take, in milliseconds.
        #[arg(long, default_value_t = 5000)]
        eval_timeout_ms: u64,
        /// A file holding the token that writes and reload need; else MAAL_TOKEN.
        #[arg(long)]
        token_file: Option<std::path::PathBuf>,
        /// A host name requests may name in their Host header, besides localhost,
        /// 127.0.0.1 and [::1] on a loopback address (repeatable).
        #[arg(long = "allowed-host")]
        allowed_host: Vec<String>,
    },
    /// Explore what-if scenarios interactively (reads commands from stdin when piped).
    Repl {
        /// The rule file.
        plan: String,
        /// The facts file to start from (TOML, JSON, CSV or Excel).
        #[arg(long)]
        facts: Option<String>,
        /// The as-of date (YYYY-MM-DD or DD-MM-YYYY); default today.
        #[arg(long, value_parser = date_arg)]
        per: Option<chrono::NaiveDate>,
    },
    /// The language server for editors (Language Server Protocol over stdio).
    #[cfg(feature = "lsp")]
    Lsp,
    /// Print shell completions for maal (bash, zsh, fish, powershell) on standard output.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print maal's manual page (roff) on standard output.
    Man,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Csv,
    Json,
    /// A Word document (write it with -o FILE.docx).
    #[cfg(feature = "docx")]
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
enum PortfolioFormat {
    Text,
    Md,
    Csv,
    Xlsx,
    Html,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TestFormat {
    Text,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum FactsFormat {
    Text,
    Json,
    Toml,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The command line definition in `lang` (Danish by default).
fn definition(lang: Lang) -> clap::Command {
    help::command(Cli::command(), lang)
}

/// A date as people type it (`2027-01-15`, `15-01-2027`, `15.01.2027`); clap
/// shows the error in the words of the command line's language.
fn date_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::value::parse_date(text).ok_or_else(|| {
        let (da, en) = crate::value::DATE_FORMS;
        match help::lang_of(&std::env::args_os().collect::<Vec<_>>()) {
            Lang::Da => format!("`{text}` er ikke en dato; skriv fx {da}"),
            _ => format!("`{text}` is not a date; write, for example, {en}"),
        }
    })
}

/// Writes what the library logs (`log`) to stderr, one line per record, as it was said.
struct Stderr;

impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            eprintln!("{}", record.args());
        }
    }

    fn flush(&self) {}
}

/// The `maal` binary: parses the command line, runs the command, and returns its exit code.
pub fn main() -> ExitCode {
    if log::set_logger(&Stderr).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `maal help [COMMAND]` is `maal [COMMAND] --help`, in either language.
    let mut at = 1;
    while at < args.len() && args[at].to_string_lossy().starts_with('-') {
        at += if args[at] == "--lang" { 2 } else { 1 };
    }
    if args.get(at).is_some_and(|a| a == "help") {
        args.remove(at);
        args.push("--help".into());
    }
    let help_lang = help::lang_of(&args);
    let parsed = definition(help_lang).try_get_matches_from(&args).and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp && help_lang == Lang::Da => {
            print!("{}", help::danish_usage(&e.render().to_string()));
            return ExitCode::SUCCESS;
        }
        Err(e) if help_lang == Lang::Da && e.use_stderr() => {
            eprint!("{}", help::danish_error(&e.render().to_string()));
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let lang = match cli.lang {
        LangArg::Da => Lang::Da,
        LangArg::En => Lang::En,
    };
    let outcome = match cli.command {
        Command::Check { files } => commands::check(&files, lang),
        Command::Eval { plan, facts, per, format, fail_under, explain, timings } => {
            let options = commands::EvalOptions { per, format, fail_under, explain, timings };
            commands::eval(&plan, &facts, options, lang)
        }
        Command::Facts { plan, format, output } => commands::facts(&plan, format, output.as_deref(), lang),
        Command::Report { plan, facts, per, format, output } => {
            commands::report(&plan, &facts, per, format, output.as_deref(), lang)
        }
        Command::Portfolio { dir, per, format, output } => {
            commands::portfolio(&dir, per, format, output.as_deref(), lang)
        }
        Command::Fmt { files, check, diff } => commands::fmt(&files, check, diff, lang),
        Command::Test { paths, verbose, format } => commands::test(&paths, verbose, format, lang),
        Command::Repl { plan, facts, per } => commands::repl(&plan, facts.as_deref(), per, lang),
        Command::Completions { shell } => commands::completions(definition(lang), shell),
        Command::Man => commands::man(definition(lang), lang),
        #[cfg(feature = "lsp")]
        Command::Lsp => return ExitCode::from(crate::lsp::run_stdio() as u8),
        #[cfg(feature = "serve")]
        Command::Serve { addr, rules, max_body, eval_timeout_ms, token_file, allowed_host } => {
            let options = serve::Options {
                addr,
                rules,
                max_body,
                eval_timeout_ms,
                token_file,
                allowed_hosts: allowed_host,
                writes: false,
                facts: None,
                workbench: false,
            };
            serve::run(options, lang)
        }
        #[cfg(feature = "serve")]
        Command::Workbench { rules, facts, addr, skriv, max_body, eval_timeout_ms, token_file, allowed_host } => {
            let options = serve::Options {
                addr,
                rules,
                max_body,
                eval_timeout_ms,
                token_file,
                allowed_hosts: allowed_host,
                writes: skriv,
                facts,
                workbench: true,
            };
            serve::run(options, lang)
        }
    };
    failure::exit_code(outcome, lang)
}
