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
