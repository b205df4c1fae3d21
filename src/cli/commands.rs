//! One function per command: read through `load`, work through the library,
//! print the result, and say how it went as an [`Outcome`].

use std::path::{Path, PathBuf};

use crate::diag::{Lang, Msg};
use crate::{Error, ErrorKind};
use chrono::NaiveDate;

use super::failure::{show, Failure, Outcome};
use super::load;
use super::{FactsFormat, Format, PortfolioFormat, ReportFormat, TestFormat};

/// `maal check FILE|DIR…`: every file's errors and warnings.
pub fn check(paths: &[String], lang: Lang) -> Outcome {
    let mut files = Vec::new();
    for path in paths {
        if Path::new(path).is_dir() {
            let found = crate::source::files_ending_with(Path::new(path), ".maal");
            files.extend(found.iter().map(|p| p.display().to_string()));
        } else {
            files.push(path.clone());
        }
    }
    let mut failed = false;
    for path in &files {
        match load::checked(path) {
            Ok((source, checked)) => show(&source, &checked.warnings, lang),
            // Every file is checked; a file that cannot be read stops the run.
            Err(usage @ Failure::Usage(_)) => return Err(usage),
            Err(failure) => {
                failed = true;
                failure.show(lang);
            }
        }
    }
    if failed {
        Err(Failure::Unmet)
    } else {
        Ok(())
    }
}

/// `maal eval`'s switches.
pub struct EvalOptions {
    pub per: Option<NaiveDate>,
    pub format: Format,
    pub fail_under: Option<rust_decimal::Decimal>,
    pub explain: bool,
    pub timings: bool,
}

/// `maal eval PLAN --facts FILE`: the status table (or JSON) as of a date.
pub fn eval(plan_path: &str, facts_path: &str, options: EvalOptions, lang: Lang) -> Outcome {
    let mut watch = Stopwatch::new();
    let source = load::rules(plan_path)?;
    watch.lap("læsning", "read");
    let parsed = crate::syntax::parse(&source.text);
    watch.lap("parse", "parse");
    let checked = parsed
        .and_then(|file| crate::check_parsed(file, &source))
        .map_err(|d| Error::new(ErrorKind::Rules, &source, d))?;
    watch.lap("kontrol", "check");
    let program = crate::eval::compile::compile(&checked, &source);
    watch.lap("oversættelse", "compile");
    let (facts, values, warnings) = load::facts_for(facts_path, &checked, lang)?;
    watch.lap("fakta", "facts");
    let as_of = options.per.or(facts.as_of).unwrap_or_else(today);
    let mut evaluation = crate::eval::evaluate(&program, &facts, &values, as_of, lang);
    evaluation.warnings = warnings;
    watch.lap("evaluering", "evaluate");
    crate::eval::needs::fill(&mut evaluation, &program, &checked, &facts, &values);
    watch.lap("mangler", "needed");
    let output = match options.format {
        Format::Text => {
            let mut text = crate::render::render_text(&evaluation, lang);
            if let Some(payout) = crate::plan::payout_of(&checked.file.header, &evaluation) {
                text.push_str(&crate::render::annual::payout_line(&payout, lang));
                text.push('\n');
            }
            for goal in evaluation.goals.iter().filter(|_| options.explain) {
                text.push('\n');
                text.push_str(&crate::render::render_explanation(
                    goal,
                    crate::render::words::Voice::new(lang, &checked.labels),
                ));
            }
            text
        }
        Format::Json => load::json(&evaluation)?,
    };
    watch.lap("udskrift", "render");
    print!("{output}");
    if options.timings {
        eprintln!("{}", watch.render(lang));
    }
    if !evaluation.errors.is_empty() {
        return Err(Error::new(ErrorKind::Evaluation, &source, evaluation.errors).into());
    }
    if options.fail_under.is_some_and(|limit| evaluation.total.score < limit) {
        return Err(Failure::Unmet);
    }
    Ok(())
}

/// `maal report PLAN --facts FILE[@DATE]…`: the annual-report table.
pub fn report(
    plan_path: &str,
    facts_args: &[String],
    per: Option<NaiveDate>,
    format: ReportFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Outcome {
    let plan = crate::Plan::from_bytes(plan_path, &load::bytes(plan_path)?, &Default::default())?;
    let mut evaluations = Vec::new();
    for (i, arg) in facts_args.iter().enumerate() {
        // `FILE@DATE` dates a report; else its `opgjort`, else (the last one) --per or today.
        let (path, given) = match arg.rsplit_once('@').and_then(|(p, d)| Some((p, crate::value::parse_date(d)?))) {
            Some((p, d)) => (p, Some(d)),
            None => (arg.as_str(), None),
        };
        let facts = load::used(load::facts(path)?, plan.checked(), lang);
        let last = i + 1 == facts_args.len();
        let date = facts.report_date(load::name_of(path), given, last.then(|| per.unwrap_or_else(today)))?;
        evaluations.push(plan.evaluate_in(&facts, date, lang)?);
    }
    let Some((last, earlier)) = evaluations.split_last() else {
        return Err(Failure::usage("angiv mindst én faktafil", "give at least one facts file"));
    };
    let report = crate::render::annual::build(&plan, last, earlier, lang);
    let bytes = match format {
        ReportFormat::Md => crate::render::annual::markdown(&report, lang).into_bytes(),
        ReportFormat::Csv => crate::render::annual::csv(&report, lang).into_bytes(),
        ReportFormat::Html => crate::render::annual::html(&report, lang).into_bytes(),
        ReportFormat::Json => load::json(&report)?.into_bytes(),
        #[cfg(feature = "docx")]
        ReportFormat::Docx => {
            use std::io::IsTerminal;
            if output.is_none() && std::io::stdout().is_terminal() {
                return Err(Failure::usage(
                    "et Word-dokument skrives med -o FIL.docx",
                    "write a Word document with -o FILE.docx",
                ));
            }
            crate::render::docx::docx(&report, lang).map_err(|e| {
                Failure::usage(format!("kan ikke skrive dokumentet: {e}"), format!("cannot write the document: {e}"))
            })?
        }
    };
    load::write(output, &bytes)?;
    if !last.errors.is_empty() {
        return Err(Error::new(ErrorKind::Evaluation, plan.source(), last.errors.clone()).into());
    }
    Ok(())
}

/// `maal portefølje DIR`: every institution's latest report, the goals that
/// need attention and those at risk. Exit 1 when a folder had bad input (the
/// rest is still shown).
pub fn portfolio(
    dir: &Path,
    per: Option<NaiveDate>,
    format: PortfolioFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Outcome {
    use crate::portfolio::format as render;
    use std::io::IsTerminal;
    if !dir.is_dir() {
        let shown = dir.display();
        return Err(Failure::usage(format!("{shown} er ikke en mappe"), format!("{shown} is not a directory")));
    }
    if output.is_none() && matches!(format, PortfolioFormat::Xlsx) && std::io::stdout().is_terminal() {
        return Err(Failure::usage("et regneark skrives med -o FIL.xlsx", "write a spreadsheet with -o FILE.xlsx"));
    }
    let portfolio = crate::portfolio::load(dir, per.unwrap_or_else(today), lang)?;
    let bytes = match format {
        PortfolioFormat::Text => render::text(&portfolio, lang).into_bytes(),
        PortfolioFormat::Md => render::markdown(&portfolio, lang).into_bytes(),
        PortfolioFormat::Csv => render::csv(&portfolio, lang).into_bytes(),
        PortfolioFormat::Html => render::html(&portfolio, lang).into_bytes(),
        PortfolioFormat::Json => load::json(&portfolio)?.into_bytes(),
        PortfolioFormat::Xlsx => render::xlsx(&portfolio, lang).map_err(|e| {
            Failure::usage(format!("kan ikke skrive regnearket: {e}"), format!("cannot write the sheet: {e}"))
        })?,
    };
    load::write(output, &bytes)?;
    if portfolio.has_problems() {
        return Err(Failure::Unmet);
    }
    Ok(())
}

/// `maal repl PLAN [--facts FILE]`: the what-if session, on a terminal or scripted.
pub fn repl(plan_path: &str, facts_path: Option<&str>, per: Option<NaiveDate>, lang: Lang) -> Outcome {
    let plan = crate::Plan::from_source(load::rules(plan_path)?, &crate::syntax::Limits::default())?;
    let facts = match facts_path {
        None => crate::facts::Facts::default(),
        Some(path) => load::facts_for(path, plan.checked(), lang)?.0,
    };
    let mut session = crate::repl::Session::new(&plan, facts, per.unwrap_or_else(today), lang);
    #[cfg(feature = "terminal")]
    {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            return super::terminal::run(session, lang);
        }
    }
    // Scripted use: one command per line, output only. (Standard output
    // closing early ends the session; there is no one left to answer.)
    let _ = session.run_script(std::io::stdin().lock(), &mut std::io::stdout().lock());
    Ok(())
}

/// `maal facts PLAN`: the facts a plan needs, or a template to fill in.
pub fn facts(plan_path: &str, format: FactsFormat, output: Option<&Path>, lang: Lang) -> Outcome {
    use std::io::IsTerminal;
    let (_, checked) = load::checked(plan_path)?;
    let bytes = match format {
        FactsFormat::Text => crate::facts::required_text(&checked, lang).into_bytes(),
        FactsFormat::Toml => crate::facts::template_toml(&checked, lang).into_bytes(),
        FactsFormat::Json => load::json(&checked.facts)?.into_bytes(),
        FactsFormat::Xlsx => crate::facts::sheet::template_xlsx(&checked, lang).map_err(|e| {
            Failure::usage(format!("kan ikke skrive regnearket: {e}"), format!("cannot write the sheet: {e}"))
        })?,
    };
    if output.is_none() && matches!(format, FactsFormat::Xlsx) && std::io::stdout().is_terminal() {
        return Err(Failure::usage("et regneark skrives med -o FIL.xlsx", "write a spreadsheet with -o FILE.xlsx"));
    }
    load::write(output, &bytes)
}

/// `maal test PATH…`: the scenario files, as text or JUnit XML.
pub fn test(paths: &[PathBuf], verbose: bool, format: TestFormat, lang: Lang) -> Outcome {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        let missing = missing.display();
        return Err(Failure::usage(format!("{missing} findes ikke"), format!("{missing} does not exist")));
    }
    let files = crate::testing::find_test_files(paths);
    let results: Vec<_> = files.iter().flat_map(|f| crate::testing::run_file(f, lang)).collect();
    match format {
        TestFormat::Junit => print!("{}", crate::testing::junit(&results)),
        TestFormat::Text => print!("{}", crate::testing::render_text(&results, verbose, lang)),
    }
    if results.iter().all(crate::testing::CaseResult::passed) {
        Ok(())
    } else {
        Err(Failure::Unmet)
    }
}

/// `maal fmt FILE…`: formats in place, or checks (`--check`) or shows (`--diff`).
pub fn fmt(files: &[String], check: bool, diff: bool, lang: Lang) -> Outcome {
    let mut unformatted = false;
    let mut failed = false;
    for path in files {
        let source = load::rules(path)?;
        let file = match crate::syntax::parse(&source.text) {
            Ok(f) => f,
            Err(diagnostics) => {
                failed = true;
                show(&source, &diagnostics, lang);
                continue;
            }
        };
        let formatted = crate::syntax::format::format(&file, &source.text);
        if path == "-" {
            print!("{formatted}");
        } else if formatted != source.text {
            unformatted = true;
            if diff {
                print!("{}", crate::syntax::format::diff(path, &source.text, &formatted));
            } else if check {
                println!("{path}");
            } else {
                load::write(Some(Path::new(path)), formatted.as_bytes())?;
            }
        }
    }
    if failed || ((check || diff) && unformatted) {
        Err(Failure::Unmet)
    } else {
        Ok(())
    }
}

/// Today in the local time zone: the default as-of date.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Wall-clock time per stage, for `--timings`.
struct Stopwatch {
    last: std::time::Instant,
    stages: Vec<(Msg, std::time::Duration)>,
}

impl Stopwatch {
    fn new() -> Stopwatch {
        Stopwatch { last: std::time::Instant::now(), stages: Vec::new() }
    }

    /// Records the time since the last lap as stage `da`/`en`.
    fn lap(&mut self, da: &str, en: &str) {
        let now = std::time::Instant::now();
        self.stages.push((Msg::new(da, en), now - self.last));
        self.last = now;
    }

    fn render(&self, lang: Lang) -> String {
        // Milliseconds with three decimals, from whole microseconds (no floats).
        let ms = |d: std::time::Duration| {
            let us = d.as_micros();
            let sep = if lang == Lang::Da { ',' } else { '.' };
            format!("{}{sep}{:03}", us / 1000, us % 1000)
        };
        let total: std::time::Duration = self.stages.iter().map(|s| s.1).sum();
        let mut out = Msg::new("tider (ms):", "timings (ms):").get(lang).to_string();
        for (stage, d) in &self.stages {
            out.push_str(&format!(" {} {}", stage.get(lang), ms(*d)));
        }
        out.push_str(&format!("; {} {}", Msg::new("i alt", "total").get(lang), ms(total)));
        out
    }
}

/// `maal completions SHELL`: completions generated from the command line definition.
#[allow(clippy::unnecessary_wraps)] // every command returns an `Outcome`
pub fn completions(mut definition: clap::Command, shell: clap_complete::Shell) -> Outcome {
    clap_complete::generate(shell, &mut definition, "maal", &mut std::io::stdout());
    Ok(())
}

/// `maal man`: the manual page generated from the command line definition.
/// One page: clap_mangen names each command `maal-eval(1)`, a page of its own
/// that is not installed; the page says `maal eval` and where its options are
/// instead, with the section names in the page's language.
pub fn man(definition: clap::Command, lang: Lang) -> Outcome {
    let mut page = Vec::new();
    clap_mangen::Man::new(definition).render(&mut page).map_err(|e| {
        Failure::usage(format!("kan ikke skrive man-siden: {e}"), format!("cannot write the man page: {e}"))
    })?;
    let mut roff = String::from_utf8_lossy(&page).into_owned();
    // `maal\-eval(1)` → `maal eval`.
    let mut out = String::with_capacity(roff.len());
    while let Some(at) = roff.find("maal\\-") {
        let rest = &roff[at + "maal\\-".len()..];
        let name_end = rest.find('(').unwrap_or(0);
        let name = &rest[..name_end];
        if name_end > 0 && rest[name_end..].starts_with("(1)") && !name.contains(char::is_whitespace) {
            out.push_str(&roff[..at]);
            out.push_str(&format!("\\fBmaal {name}\\fR"));
            roff = rest[name_end + 3..].to_string();
        } else {
            out.push_str(&roff[..=at]);
            roff = roff[at + 1..].to_string();
        }
    }
    out.push_str(&roff);
    let (sections, more): (&[(&str, &str)], &str) = match lang {
        Lang::Da => (
            &[(".SH NAME", ".SH NAVN"), (".SH DESCRIPTION", ".SH BESKRIVELSE"), (".SH Kommandoer", ".SH KOMMANDOER")],
            "Hver kommandos argumenter og tilvalg, med et eksempel: \\fBmaal KOMMANDO \\-\\-help\\fR.",
        ),
        _ => (
            &[(".SH SUBCOMMANDS", ".SH COMMANDS")],
            "Each command's arguments and options, with an example: \\fBmaal COMMAND \\-\\-help\\fR.",
        ),
    };
    for (from, to) in sections {
        out = out.replace(from, to);
    }
    let version = out.rfind(".SH VERSION").unwrap_or(out.len());
    out.insert_str(version, &format!(".PP\n{more}\n"));
    load::write(None, out.as_bytes())
}
