//! The `maal` command line. Only this file chooses exit codes.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use maal::diag::Lang;

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
        /// The facts file (TOML, or JSON by extension).
        #[arg(long)]
        facts: String,
        /// The as-of date (YYYY-MM-DD); default the facts file's `opgjort`, else today.
        #[arg(long)]
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
        /// The as-of date of the last report (YYYY-MM-DD); default today.
        #[arg(long)]
        per: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
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
    },
    /// Explore what-if scenarios interactively (reads commands from stdin when piped).
    Repl {
        /// The rule file.
        plan: String,
        /// The facts file to start from.
        #[arg(long)]
        facts: Option<String>,
        /// The as-of date (YYYY-MM-DD); default today.
        #[arg(long)]
        per: Option<chrono::NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Csv,
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let lang = match cli.lang {
        LangArg::Da => Lang::Da,
        LangArg::En => Lang::En,
    };
    match cli.command {
        Command::Check { files } => run_check(&files, lang),
        Command::Eval { plan, facts, per, format, fail_under, explain, timings } => {
            run_eval(&plan, &facts, per, format, EvalOptions { fail_under, explain, timings }, lang)
        }
        Command::Facts { plan, format, output } => run_facts(&plan, format, output.as_deref(), lang),
        Command::Report { plan, facts, per, format, output } => {
            run_report(&plan, &facts, per, format, output.as_deref(), lang)
        }
        Command::Fmt { files, check, diff } => run_fmt(&files, check, diff, lang),
        Command::Test { paths, verbose, format } => run_test(&paths, verbose, format, lang),
        Command::Repl { plan, facts, per } => run_repl(&plan, facts.as_deref(), per, lang),
        #[cfg(feature = "serve")]
        Command::Serve { addr, rules, max_body, eval_timeout_ms } => {
            run_serve(addr, rules, max_body, eval_timeout_ms, lang)
        }
    }
}

fn color_choice() -> ColorChoice {
    use std::io::IsTerminal;
    if std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal() {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}

/// Reads a file (or stdin for `-`); an I/O error is a usage error.
fn read(path: &str, lang: Lang) -> Result<Vec<u8>, ExitCode> {
    let result = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| {
        match lang {
            Lang::Da => eprintln!("fejl: kan ikke læse {path}: {e}"),
            Lang::En => eprintln!("error: cannot read {path}: {e}"),
        }
        ExitCode::from(2)
    })
}

fn run_check(paths: &[String], lang: Lang) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let mut failed = false;
    let mut files = Vec::new();
    for path in paths {
        if std::path::Path::new(path).is_dir() {
            let found = maal::source::files_ending_with(std::path::Path::new(path), ".maal");
            files.extend(found.iter().map(|p| p.display().to_string()));
        } else {
            files.push(path.clone());
        }
    }
    for path in &files {
        let source = match read_rules(path, lang) {
            Ok(s) => s,
            Err(Unread::Io(code)) => return code,
            Err(Unread::Rules(error)) => {
                maal::render::render(&mut stderr, &error.source, &error.diagnostics, lang);
                failed = true;
                continue;
            }
        };
        match maal::check_source(&source) {
            Ok(checked) => maal::render::render(&mut stderr, &source, &checked.warnings, lang),
            Err(diags) => {
                maal::render::render(&mut stderr, &source, &diags, lang);
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why rule text could not be read.
enum Unread {
    /// The file could not be read (reported; exit code 2).
    Io(ExitCode),
    /// The bytes are not UTF-8 (to be rendered).
    Rules(maal::Error),
}

/// Reads rule text from a file (through `maal::read_rules`, the one load
/// path every command and the service share) or from stdin for `-`.
fn read_rules(path: &str, lang: Lang) -> Result<maal::source::Source, Unread> {
    let result = if path == "-" {
        let bytes = read(path, lang).map_err(Unread::Io)?;
        maal::decode_rules("<stdin>", &bytes)
    } else {
        maal::read_rules(std::path::Path::new(path))
    };
    result.map_err(|error| match error.kind {
        maal::ErrorKind::Io => {
            let why = error.diagnostics.first().map(|d| d.label.get(lang).to_string()).unwrap_or_default();
            match lang {
                Lang::Da => eprintln!("fejl: kan ikke læse {path}: {why}"),
                Lang::En => eprintln!("error: cannot read {path}: {why}"),
            }
            Unread::Io(ExitCode::from(2))
        }
        _ => Unread::Rules(error),
    })
}

/// Reads and decodes a rule file, rendering any decoding error.
fn load_source(path: &str, lang: Lang, stderr: &mut StandardStream) -> Result<maal::source::Source, ExitCode> {
    read_rules(path, lang).map_err(|unread| match unread {
        Unread::Io(code) => code,
        Unread::Rules(error) => {
            maal::render::render(stderr, &error.source, &error.diagnostics, lang);
            ExitCode::from(1)
        }
    })
}

/// Reads and checks a plan, rendering its diagnostics on failure.
fn load_plan(
    path: &str,
    lang: Lang,
    stderr: &mut StandardStream,
) -> Result<(maal::source::Source, maal::check::Checked), ExitCode> {
    let source = load_source(path, lang, stderr)?;
    match maal::check_source(&source) {
        Ok(checked) => Ok((source, checked)),
        Err(diags) => {
            maal::render::render(stderr, &source, &diags, lang);
            Err(ExitCode::from(1))
        }
    }
}

/// Reads a facts file and validates it against a plan, rendering diagnostics on failure.
fn load_facts(
    path: &str,
    checked: &maal::check::Checked,
    lang: Lang,
    stderr: &mut StandardStream,
) -> Result<(maal::facts::Facts, maal::facts::FactValues), ExitCode> {
    let name = if path == "-" { "<stdin>" } else { path };
    let bytes = read(path, lang)?;
    let loaded = maal::facts::Facts::load_bytes(name, &bytes).and_then(|facts| match facts.validate(checked) {
        Ok(values) => Ok((facts, values)),
        Err(d) => Err((source_of(&facts, name), d)),
    });
    loaded.map_err(|(source, diags)| {
        maal::render::render(stderr, &source, &diags, lang);
        ExitCode::from(1)
    })
}

/// The text a set of facts was read from (for pointing at it).
fn source_of(facts: &maal::facts::Facts, name: &str) -> maal::source::Source {
    facts.source.clone().unwrap_or_else(|| maal::source::Source::new(name, ""))
}

/// `maal eval`'s switches.
struct EvalOptions {
    fail_under: Option<rust_decimal::Decimal>,
    explain: bool,
    timings: bool,
}

/// Wall-clock time per stage, for `--timings`.
struct Stopwatch {
    last: std::time::Instant,
    stages: Vec<(&'static str, &'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn new() -> Stopwatch {
        Stopwatch { last: std::time::Instant::now(), stages: Vec::new() }
    }

    /// Records the time since the last lap as stage `da`/`en`.
    fn lap(&mut self, da: &'static str, en: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((da, en, now - self.last));
        self.last = now;
    }

    fn render(&self, lang: Lang) -> String {
        // Milliseconds with three decimals, from whole microseconds (no floats).
        let ms = |d: std::time::Duration| {
            let us = d.as_micros();
            let sep = if lang == Lang::Da { ',' } else { '.' };
            format!("{}{sep}{:03}", us / 1000, us % 1000)
        };
        let total: std::time::Duration = self.stages.iter().map(|s| s.2).sum();
        let mut out = String::from(if lang == Lang::Da { "tider (ms):" } else { "timings (ms):" });
        for (da, en, d) in &self.stages {
            out.push_str(&format!(" {} {}", if lang == Lang::Da { da } else { en }, ms(*d)));
        }
        out.push_str(&format!("; {} {}", if lang == Lang::Da { "i alt" } else { "total" }, ms(total)));
        out
    }
}

fn run_eval(
    plan_path: &str,
    facts_path: &str,
    per: Option<chrono::NaiveDate>,
    format: Format,
    options: EvalOptions,
    lang: Lang,
) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let mut watch = Stopwatch::new();
    let plan_source = match load_source(plan_path, lang, &mut stderr) {
        Ok(s) => s,
        Err(code) => return code,
    };
    watch.lap("læsning", "read");
    let parsed = maal::syntax::parse(&plan_source.text);
    watch.lap("parse", "parse");
    let checked = match parsed.and_then(|file| maal::check_parsed(file, &plan_source)) {
        Ok(c) => c,
        Err(diags) => {
            maal::render::render(&mut stderr, &plan_source, &diags, lang);
            return ExitCode::from(1);
        }
    };
    watch.lap("kontrol", "check");
    let program = maal::eval::compile::compile(&checked, &plan_source);
    watch.lap("oversættelse", "compile");
    let (facts, values) = match load_facts(facts_path, &checked, lang, &mut stderr) {
        Ok(f) => f,
        Err(code) => return code,
    };
    watch.lap("fakta", "facts");
    let as_of = per.or(facts.as_of).unwrap_or_else(|| chrono::Local::now().date_naive());
    let evaluation = maal::eval::evaluate(&program, &facts, &values, as_of, lang);
    watch.lap("evaluering", "evaluate");
    let output = match format {
        Format::Text => {
            let mut text = maal::render::render_text(&evaluation, lang);
            if options.explain {
                for goal in &evaluation.goals {
                    text.push('\n');
                    text.push_str(&maal::render::render_explanation(goal, lang));
                }
            }
            text
        }
        Format::Json => match serde_json::to_string_pretty(&evaluation) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    watch.lap("udskrift", "render");
    print!("{output}");
    if options.timings {
        eprintln!("{}", watch.render(lang));
    }
    if !evaluation.errors.is_empty() {
        maal::render::render(&mut stderr, &plan_source, &evaluation.errors, lang);
        return ExitCode::from(1);
    }
    if options.fail_under.is_some_and(|limit| evaluation.total.score < limit) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn run_report(
    plan_path: &str,
    facts_args: &[String],
    per: Option<chrono::NaiveDate>,
    format: ReportFormat,
    output: Option<&std::path::Path>,
    lang: Lang,
) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let bytes = match read(plan_path, lang) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let plan = match maal::Plan::from_bytes(plan_path, &bytes, &Default::default()) {
        Ok(p) => p,
        Err(e) => {
            maal::render::render(&mut stderr, &e.source, &e.diagnostics, lang);
            return ExitCode::from(1);
        }
    };
    let last_date = per.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut evaluations = Vec::new();
    for (i, arg) in facts_args.iter().enumerate() {
        // The date a report is made as of: `FILE@DATE`, else the file's own
        // `opgjort = …`, else (for the last one) --per or today.
        let (path, given) =
            match arg.rsplit_once('@').and_then(|(p, d)| Some((p, d.parse::<chrono::NaiveDate>().ok()?))) {
                Some((p, d)) => (p, Some(d)),
                None => (arg.as_str(), None),
            };
        let bytes = match read(path, lang) {
            Ok(b) => b,
            Err(code) => return code,
        };
        let last = i + 1 == facts_args.len();
        let evaluated = maal::facts::Facts::load_bytes(path, &bytes).and_then(|facts| {
            let date = match given.or(facts.as_of) {
                Some(d) => d,
                None if last => last_date,
                None => {
                    let d = maal::diag::Diagnostic::error(
                        maal::diag::codes::BAD_VALUE,
                        maal::diag::Msg::new("hvornår er indberetningen opgjort?", "as of when is this report?"),
                        None,
                        maal::diag::Msg::new(
                            format!("skriv `opgjort = ÅÅÅÅ-MM-DD` i {path} eller angiv {path}@ÅÅÅÅ-MM-DD"),
                            format!("write `as_of = YYYY-MM-DD` in {path} or give {path}@YYYY-MM-DD"),
                        ),
                    );
                    return Err((source_of(&facts, path), vec![d]));
                }
            };
            plan.evaluate_in(&facts, date, lang).map_err(|e| (e.source, e.diagnostics))
        });
        match evaluated {
            Ok(e) => evaluations.push(e),
            Err((source, diagnostics)) => {
                maal::render::render(&mut stderr, &source, &diagnostics, lang);
                return ExitCode::from(1);
            }
        }
    }
    let Some((last, earlier)) = evaluations.split_last() else { return ExitCode::from(2) };
    let report = maal::render::annual::build(&plan, last, earlier, lang);
    let text = match format {
        ReportFormat::Md => maal::render::annual::markdown(&report, lang),
        ReportFormat::Csv => maal::render::annual::csv(&report, lang),
        ReportFormat::Html => maal::render::annual::html(&report, lang),
        ReportFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    match output {
        None => print!("{text}"),
        Some(path) => {
            if let Err(e) = maal::source::write_atomic(path, text.as_bytes()) {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if !last.errors.is_empty() {
        maal::render::render(&mut stderr, plan.source(), &last.errors, lang);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn run_repl(plan_path: &str, facts_path: Option<&str>, per: Option<chrono::NaiveDate>, lang: Lang) -> ExitCode {
    use std::io::{BufRead, Write};
    let mut stderr = StandardStream::stderr(color_choice());
    let (plan_source, checked) = match load_plan(plan_path, lang, &mut stderr) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let facts = match facts_path {
        None => maal::facts::Facts::default(),
        Some(path) => match load_facts(path, &checked, lang, &mut stderr) {
            Ok((facts, _)) => facts,
            Err(code) => return code,
        },
    };
    let as_of = per.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut session = maal::repl::Session::new(checked, &plan_source, facts, as_of, lang);
    #[cfg(feature = "terminal")]
    {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            return terminal::run(session, lang);
        }
    }
    // Scripted use: one command per line, output only.
    print!("{}", session.status());
    let mut pending = String::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if maal::repl::is_quit(&line) {
            break;
        }
        pending.push_str(&line);
        if maal::repl::is_incomplete(&pending) {
            pending.push('\n');
            continue;
        }
        print!("{}", session.execute(&std::mem::take(&mut pending)));
        let _ = std::io::stdout().flush();
    }
    if !pending.is_empty() {
        print!("{}", session.execute(&pending));
    }
    ExitCode::SUCCESS
}

fn run_facts(plan_path: &str, format: FactsFormat, output: Option<&std::path::Path>, lang: Lang) -> ExitCode {
    use std::io::{IsTerminal, Write};
    let mut stderr = StandardStream::stderr(color_choice());
    let (_, checked) = match load_plan(plan_path, lang, &mut stderr) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = match format {
        FactsFormat::Text => maal::facts::required_text(&checked, lang).into_bytes(),
        FactsFormat::Toml => maal::facts::template_toml(&checked, lang).into_bytes(),
        FactsFormat::Json => match serde_json::to_string_pretty(&checked.facts) {
            Ok(json) => (json + "\n").into_bytes(),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        FactsFormat::Xlsx => match maal::facts::sheet::template_xlsx(&checked, lang) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    match output {
        Some(path) => {
            if let Err(e) = maal::source::write_atomic(path, &bytes) {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
        None if matches!(format, FactsFormat::Xlsx) && std::io::stdout().is_terminal() => {
            match lang {
                Lang::Da => eprintln!("fejl: et regneark skrives med -o FIL.xlsx"),
                Lang::En => eprintln!("error: write a spreadsheet with -o FILE.xlsx"),
            }
            return ExitCode::from(2);
        }
        None => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    ExitCode::SUCCESS
}

fn run_test(paths: &[std::path::PathBuf], verbose: bool, format: TestFormat, lang: Lang) -> ExitCode {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        match lang {
            Lang::Da => eprintln!("fejl: {} findes ikke", missing.display()),
            Lang::En => eprintln!("error: {} does not exist", missing.display()),
        }
        return ExitCode::from(2);
    }
    let files = maal::testing::find_test_files(paths);
    let results: Vec<_> = files.iter().flat_map(|f| maal::testing::run_file(f, lang)).collect();
    let failed = results.iter().filter(|r| !r.passed()).count();
    match format {
        TestFormat::Junit => print!("{}", maal::testing::junit(&results)),
        TestFormat::Text => {
            for r in &results {
                if r.passed() {
                    if verbose {
                        println!("ok    {} :: {}", r.file, r.name);
                    }
                    continue;
                }
                let word = match lang {
                    Lang::Da => "FEJL",
                    Lang::En => "FAIL",
                };
                println!("{word}  {} :: {}", r.file, r.name);
                for f in &r.failures {
                    println!("      {f}");
                }
                for e in &r.explanations {
                    for line in e.lines() {
                        println!("      {line}");
                    }
                }
            }
            match lang {
                Lang::Da => println!("{} bestået, {failed} fejlet", results.len() - failed),
                Lang::En => println!("{} passed, {failed} failed", results.len() - failed),
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_fmt(files: &[String], check: bool, diff: bool, lang: Lang) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let mut unformatted = false;
    let mut failed = false;
    for path in files {
        let source = match load_source(path, lang, &mut stderr) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let file = match maal::syntax::parse(&source.text) {
            Ok(f) => f,
            Err(diags) => {
                maal::render::render(&mut stderr, &source, &diags, lang);
                failed = true;
                continue;
            }
        };
        let formatted = maal::syntax::format::format(&file, &source.text);
        if path == "-" {
            print!("{formatted}");
            continue;
        }
        if formatted == source.text {
            continue;
        }
        unformatted = true;
        if diff {
            print!("{}", maal::syntax::format::diff(path, &source.text, &formatted));
        } else if check {
            println!("{path}");
        } else {
            // Atomic: a temporary file beside it, renamed over it.
            if let Err(e) = maal::source::write_atomic(std::path::Path::new(path), formatted.as_bytes()) {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if failed || ((check || diff) && unformatted) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(feature = "serve")]
fn run_serve(
    addr: std::net::SocketAddr,
    rules: Option<std::path::PathBuf>,
    max_body: usize,
    eval_timeout_ms: u64,
    lang: Lang,
) -> ExitCode {
    use std::io::Write;
    use std::sync::Arc;
    let say = |da: String, en: String| match lang {
        Lang::Da => da,
        Lang::En => en,
    };
    if let Some(dir) = rules.as_ref().filter(|d| !d.is_dir()) {
        eprintln!(
            "{}",
            say(
                format!("fejl: {} er ikke en mappe", dir.display()),
                format!("error: {} is not a directory", dir.display())
            )
        );
        return ExitCode::from(2);
    }
    let defaults = maal::serve::Config::default();
    let config = maal::serve::Config {
        rules_dir: rules,
        max_body_bytes: max_body,
        eval_timeout: std::time::Duration::from_millis(eval_timeout_ms),
        limits: maal::syntax::Limits { max_source_bytes: max_body, ..defaults.limits },
        ..defaults
    };
    let state = Arc::new(maal::serve::AppState::new(config));
    let report = state.reload();
    print_reload(&report, lang);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "{}",
                    say(format!("fejl: kan ikke lytte på {addr}: {e}"), format!("error: cannot listen on {addr}: {e}"))
                );
                return ExitCode::from(2);
            }
        };
        // SIGHUP reloads the rules directory; a broken file keeps its previous plan.
        // The handler is in place before the address is printed, so a client
        // that signals right away doesn't meet SIGHUP's default (terminate).
        let hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
        let reloader = Arc::clone(&state);
        tokio::spawn(async move {
            let Ok(mut hangups) = hangups else { return };
            while hangups.recv().await.is_some() {
                let worker = Arc::clone(&reloader);
                if let Ok(report) = tokio::task::spawn_blocking(move || worker.reload()).await {
                    print_reload(&report, lang);
                }
            }
        });
        let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| addr.to_string());
        println!("{}", say(format!("maal lytter på http://{local}"), format!("maal listening on http://{local}")));
        let _ = std::io::stdout().flush();
        let shutdown = async {
            let terminate = async {
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(mut s) => {
                        s.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = terminate => {},
            }
        };
        match maal::serve::serve(listener, state, shutdown).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        }
    })
}

#[cfg(feature = "serve")]
fn print_reload(report: &maal::serve::ReloadReport, lang: Lang) {
    let (loaded, failed, removed) = match lang {
        Lang::Da => ("indlæst", "fejlede", "fjernet"),
        Lang::En => ("loaded", "failed", "removed"),
    };
    eprintln!("{loaded}: {}", report.loaded.join(", "));
    for f in &report.failed {
        let kept = match (lang, f.kept_previous) {
            (Lang::Da, true) => " (den forrige version bruges fortsat)",
            (Lang::En, true) => " (the previous version is still served)",
            _ => "",
        };
        eprintln!("{failed}: {} ({}){kept}", f.name, f.file);
        for d in &f.diagnostics {
            let place = d.location.map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default();
            eprintln!("  {}:{place}: {}[{}]: {}", d.file, d.severity, d.code, d.message);
        }
    }
    if !report.removed.is_empty() {
        eprintln!("{removed}: {}", report.removed.join(", "));
    }
}
