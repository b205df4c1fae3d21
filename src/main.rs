//! The `maal` command line. Only this file chooses exit codes.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use maal::diag::Lang;

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
    /// Check rule files and print diagnostics (`-` reads stdin).
    Check {
        /// Rule files.
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
        /// The as-of date (YYYY-MM-DD); default today.
        #[arg(long)]
        per: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Exit 1 when the total score is below this.
        #[arg(long)]
        fail_under: Option<rust_decimal::Decimal>,
    },
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
        Command::Eval { plan, facts, per, format, fail_under } => {
            run_eval(&plan, &facts, per, format, fail_under, lang)
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

fn run_check(files: &[String], lang: Lang) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let mut failed = false;
    for path in files {
        let name = if path == "-" { "<stdin>" } else { path.as_str() };
        let bytes = match read(path, lang) {
            Ok(b) => b,
            Err(code) => return code,
        };
        let source = match maal::decode_source(name, &bytes) {
            Ok(s) => s,
            Err((partial, diag)) => {
                maal::report::render(&mut stderr, &partial, &[diag], lang);
                failed = true;
                continue;
            }
        };
        match maal::check_source(&source) {
            Ok(checked) => maal::report::render(&mut stderr, &source, &checked.warnings, lang),
            Err(diags) => {
                maal::report::render(&mut stderr, &source, &diags, lang);
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

/// Reads and decodes a file, rendering any decoding error.
fn load_source(path: &str, lang: Lang, stderr: &mut StandardStream) -> Result<maal::source::Source, ExitCode> {
    let name = if path == "-" { "<stdin>" } else { path };
    let bytes = read(path, lang)?;
    maal::decode_source(name, &bytes).map_err(|(partial, diag)| {
        maal::report::render(stderr, &partial, &[diag], lang);
        ExitCode::from(1)
    })
}

fn run_eval(
    plan_path: &str,
    facts_path: &str,
    per: Option<chrono::NaiveDate>,
    format: Format,
    fail_under: Option<rust_decimal::Decimal>,
    lang: Lang,
) -> ExitCode {
    let mut stderr = StandardStream::stderr(color_choice());
    let plan_source = match load_source(plan_path, lang, &mut stderr) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let checked = match maal::check_source(&plan_source) {
        Ok(c) => c,
        Err(diags) => {
            maal::report::render(&mut stderr, &plan_source, &diags, lang);
            return ExitCode::from(1);
        }
    };
    let facts_source = match load_source(facts_path, lang, &mut stderr) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let facts = match maal::facts::Facts::load(&facts_source) {
        Ok(f) => f,
        Err(diags) => {
            maal::report::render(&mut stderr, &facts_source, &diags, lang);
            return ExitCode::from(1);
        }
    };
    let values = match facts.validate(&checked) {
        Ok(v) => v,
        Err(diags) => {
            maal::report::render(&mut stderr, &facts_source, &diags, lang);
            return ExitCode::from(1);
        }
    };
    let as_of = per.unwrap_or_else(|| chrono::Local::now().date_naive());
    let program = maal::compile::compile(&checked, &plan_source);
    let evaluation = maal::eval::evaluate(&program, &facts, &values, as_of, lang);
    match format {
        Format::Text => print!("{}", maal::eval::render_text(&evaluation, lang)),
        Format::Json => match serde_json::to_string_pretty(&evaluation) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    }
    if !evaluation.errors.is_empty() {
        maal::report::render(&mut stderr, &plan_source, &evaluation.errors, lang);
        return ExitCode::from(1);
    }
    if fail_under.is_some_and(|limit| evaluation.total.score < limit) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
