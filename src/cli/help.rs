//! The command line's own words, in Danish by default and in English with
//! `--lang en` or an English locale (`LANG=en_…`): every command, option and
//! value description, clap's headings, and an example in each command's help.
//!
//! The English words are the doc comments on `Cli` (clap's derive); the
//! Danish ones are [`DANISH`], keyed by command and argument. A test checks
//! that every command and argument has its Danish words.

use std::ffi::OsString;

use crate::diag::Lang;
use clap::{Arg, Command};

/// The language the help is in: `--lang en`/`--lang=en` on the command line,
/// else `--lang da`, else an English `LC_ALL`/`LANG` (`en_DK.UTF-8`), else Danish.
pub fn lang_of(args: &[OsString]) -> Lang {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let given = args
        .windows(2)
        .find_map(|w| (w[0] == "--lang").then_some(w[1]))
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--lang=")));
    match given {
        Some("en") => Lang::En,
        Some(_) => Lang::Da,
        None => {
            let locale = std::env::var("LC_ALL").ok().filter(|v| !v.is_empty()).or_else(|| std::env::var("LANG").ok());
            if locale.is_some_and(|l| l.starts_with("en")) {
                Lang::En
            } else {
                Lang::Da
            }
        }
    }
}

/// Danish words by key: `""` the program, `"eval"` a command, `"eval.facts"`
/// an argument, `"eval!"` the command's example.
pub const DANISH: &[(&str, &str)] = &[
    ("", "Regler for mål- og resultatplaner: kontrollér, evaluér og rapportér"),
    ("lang", "Sprog i meddelelser: da (standard) eller en"),
    ("check", "Kontrollér regelfiler og vis fejl og advarsler (`-` læser standard-input; en mappe: dens `.maal`-filer)"),
    ("check.files", "Regelfiler eller mapper"),
    ("check!", "maal check rules/"),
    ("eval", "Evaluér en plan mod indberettede fakta pr. en dato"),
    ("eval.plan", "Regelfilen"),
    ("eval.facts", "Faktafilen (TOML, JSON, CSV eller Excel efter filendelsen)"),
    ("eval.per", "Opgørelsesdatoen (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ); standard er faktafilens `opgjort`, ellers i dag"),
    ("eval.format", "Udskriftsformat"),
    ("eval.fail_under", "Afslut med 1, når den samlede målopfyldelse er under dette tal"),
    ("eval.explain", "Vis hele forklaringen for hvert mål (JSON har den altid)"),
    ("eval.timings", "Vis på stderr, hvor lang tid hvert trin tog (læsning, parse, kontrol, oversættelse, fakta, evaluering, udskrift)"),
    ("eval!", "maal eval rules/cpr-2026.maal --facts examples/facts/cpr-2026-år.toml --per 2027-01-15"),
    ("report", "Årsrapportens skema: mål, krævet resultat, vægt, opnået resultat, vurdering og samlet målopfyldelse"),
    ("report.plan", "Regelfilen"),
    ("report.facts", "Faktafiler, ældste først, hver `FIL` eller `FIL@ÅÅÅÅ-MM-DD` (indberetningens dato; den sidste får --per). Flere giver kurven over året"),
    ("report.per", "Opgørelsesdatoen for den sidste indberetning (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ); standard er i dag"),
    ("report.format", "Udskriftsformat"),
    ("report.output", "Skriv til denne fil (atomisk) i stedet for standard-output"),
    ("report!", "maal report rules/cpr-2026.maal --facts examples/facts/cpr-2026-halvår.toml --facts examples/facts/cpr-2026-år.toml --format html -o rapport.html"),
    ("portefølje", "Departementets overblik: alle institutioners planer og indberetninger i en porteføljemappe (én mappe pr. institution), de mål der kræver opmærksomhed, og dem der er i risiko"),
    ("portefølje.dir", "Porteføljemappen: én mappe pr. institution med dens plan (`*.maal`) og indberetninger (faktafiler dateret med `opgjort`)"),
    ("portefølje.per", "Udelad indberetninger opgjort efter denne dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ); standard er i dag"),
    ("portefølje.format", "Udskriftsformat"),
    ("portefølje.output", "Skriv til denne fil (atomisk) i stedet for standard-output"),
    ("portefølje!", "maal portefølje examples/portefølje/ --per 2026-11-30 --format html -o portefølje.html"),
    ("test", "Kør scenarietest (`*.test.toml`-filer eller mapper med dem)"),
    ("test.paths", "Testfiler eller mapper"),
    ("test.verbose", "Vis hvert tilfælde"),
    ("test.format", "Udskrift: tekst eller JUnit-XML til CI-systemer"),
    ("test!", "maal test rules/tests/"),
    ("fmt", "Formatér regelfiler i den faste opstilling (på stedet, atomisk)"),
    ("fmt.files", "Regelfiler (`-` formaterer standard-input til standard-output)"),
    ("fmt.check", "Ændr intet; afslut med 1, hvis en fil ikke er formateret"),
    ("fmt.diff", "Ændr intet; vis ændringerne som en samlet diff"),
    ("fmt!", "maal fmt --check rules/cpr-2026.maal"),
    ("facts", "Vis de fakta, en plan skal have: slags, enhed og de mål, der bruger dem"),
    ("facts.plan", "Regelfilen"),
    ("facts.format", "Udskrift: tekst, json eller en skabelon at udfylde: toml eller xlsx (et Excel-ark)"),
    ("facts.output", "Skriv til denne fil (atomisk) i stedet for standard-output"),
    ("facts!", "maal facts rules/cpr-2026.maal --format xlsx -o fakta.xlsx"),
    ("serve", "Stil evalueringen til rådighed over HTTP (JSON; OpenAPI på /openapi.json)"),
    ("serve.addr", "Adressen, der lyttes på (port 0: en ledig port; adressen skrives ud)"),
    ("serve.rules", "En mappe med `.maal`-filer, tilgængelige under filnavnet; indlæses igen ved SIGHUP eller POST /v1/reload"),
    ("serve.max_body", "Den største forespørgsel, der tages imod, i byte"),
    ("serve.eval_timeout_ms", "Den længste tid, én evaluering må tage, i millisekunder"),
    ("serve.token_file", "En fil med det token, genindlæsning og skrivning kræver (`Authorization: Bearer …`); ellers miljøvariablen MAAL_TOKEN. Uden token er de slået fra"),
    ("serve.allowed_host", "Et værtsnavn, forespørgsler må angive i Host-headeren, ud over localhost, 127.0.0.1 og [::1] på en lokal adresse (kan gentages; bag en reverse proxy)"),
    ("serve!", "maal serve --rules rules/ --addr 127.0.0.1:8080"),
    ("repl", "Undersøg hvad-nu-hvis-scenarier interaktivt (læser kommandoer fra standard-input, når den er omdirigeret)"),
    ("repl.plan", "Regelfilen"),
    ("repl.facts", "Faktafilen at begynde med (TOML, JSON, CSV eller Excel)"),
    ("repl.per", "Opgørelsesdatoen (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ); standard er i dag"),
    ("repl!", "maal repl rules/cpr-2026.maal --facts examples/facts/cpr-2026-halvår.toml"),
    ("værksted", "Værkstedet i en browser: skriv regler og se fejlene, mens du skriver, indberet fakta i en formular, se status, margener og hvad-nu-hvis, hent fakta og årsrapport"),
    ("værksted.rules", "En mappe med `.maal`-filer, der kan åbnes"),
    ("værksted.facts", "En faktafil at starte med (TOML, JSON, CSV eller Excel)"),
    ("værksted.addr", "Adressen, der lyttes på (port 0: en ledig port; sidens adresse skrives ud)"),
    ("værksted.skriv", "Lad siden skrive regelfiler i --rules (med token)"),
    ("værksted.max_body", "Den største forespørgsel, der tages imod, i byte"),
    ("værksted.eval_timeout_ms", "Den længste tid, én evaluering må tage, i millisekunder"),
    ("værksted.token_file", "En fil med det token, skrivning og genindlæsning kræver; ellers MAAL_TOKEN"),
    ("værksted.allowed_host", "Et værtsnavn, forespørgsler må angive i Host-headeren, ud over localhost, 127.0.0.1 og [::1] på en lokal adresse (kan gentages)"),
    ("værksted!", "maal værksted --rules rules/ --facts examples/facts/cpr-2026-år.toml"),
    ("lsp", "Sprogserveren til editorer (Language Server Protocol over standard-input og -output)"),
    ("lsp!", "maal lsp"),
    ("completions", "Skriv skalfuldførelser for maal (bash, zsh, fish, powershell) til standard-output"),
    ("completions.shell", "Skallen"),
    ("completions!", "source <(maal completions bash)"),
    ("man", "Skriv maals man-side (roff) til standard-output"),
    ("man!", "maal man > maal.1 && man ./maal.1"),
];

/// English examples, by command (the English descriptions are the doc comments).
const ENGLISH_EXAMPLES: &[(&str, &str)] = &[
    ("check", "maal check rules/"),
    ("eval", "maal eval rules/cpr-2026.maal --facts examples/facts/cpr-2026-år.toml --per 2027-01-15"),
    ("report", "maal report rules/cpr-2026.maal --facts examples/facts/cpr-2026-halvår.toml --facts examples/facts/cpr-2026-år.toml --format html -o report.html"),
    ("portefølje", "maal portfolio examples/portefølje/ --per 2026-11-30 --format html -o portfolio.html"),
    ("test", "maal test rules/tests/"),
    ("fmt", "maal fmt --check rules/cpr-2026.maal"),
    ("facts", "maal facts rules/cpr-2026.maal --format xlsx -o facts.xlsx"),
    ("serve", "maal serve --rules rules/ --addr 127.0.0.1:8080"),
    ("repl", "maal repl rules/cpr-2026.maal --facts examples/facts/cpr-2026-halvår.toml"),
    ("completions", "source <(maal completions bash)"),
    ("man", "maal man > maal.1 && man ./maal.1"),
    ("lsp", "maal lsp"),
    ("værksted", "maal workbench --rules rules/ --facts examples/facts/cpr-2026-år.toml"),
];

/// Danish placeholders for values, by argument.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("lang", "SPROG"),
    ("files", "FIL"),
    ("plan", "PLAN"),
    ("facts", "FAKTA"),
    ("per", "DATO"),
    ("format", "FORMAT"),
    ("fail_under", "PCT"),
    ("output", "FIL"),
    ("paths", "STI"),
    ("addr", "ADRESSE"),
    ("rules", "MAPPE"),
    ("max_body", "BYTE"),
    ("eval_timeout_ms", "MS"),
    ("shell", "SKAL"),
    ("token_file", "FIL"),
    ("allowed_host", "VÆRT"),
];

/// clap's words in a usage error, in Danish: the phrases clap writes around
/// what went wrong (the parts that quote the command line stay as given).
pub fn danish_error(text: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("error: the following required arguments were not provided:", "fejl: disse skal angives:"),
        ("error: unrecognized subcommand", "fejl: ukendt kommando"),
        ("error: unexpected argument", "fejl: uventet argument"),
        ("error: invalid value", "fejl: ugyldig værdi"),
        ("error: a value is required for", "fejl: der mangler en værdi til"),
        ("error: the argument", "fejl: argumentet"),
        ("cannot be used multiple times", "kan kun angives én gang"),
        ("cannot be used with", "kan ikke bruges sammen med"),
        ("error:", "fejl:"),
        ("' found", "'"),
        ("tip: some similar subcommands exist:", "tip: mente du en af disse:"),
        ("tip: a similar subcommand exists:", "tip: mente du:"),
        ("tip: a similar argument exists:", "tip: mente du:"),
        ("tip: some similar arguments exist:", "tip: mente du en af disse:"),
        ("tip: to pass", "tip: for at give"),
        ("as a value, use", "som en værdi, skriv"),
        ("[possible values:", "[mulige værdier:"),
        ("but none was supplied", "men ingen blev givet"),
        ("Usage:", "Brug:"),
        ("For more information, try '--help'.", "Se mere med '--help'."),
        ("[OPTIONS]", "[TILVALG]"),
    ];
    let mut out = text.to_string();
    for (english, danish) in PHRASES {
        out = out.replace(english, danish);
    }
    out
}

/// clap's usage line in Danish words.
pub fn danish_usage(help: &str) -> String {
    help.replace("[OPTIONS]", "[TILVALG]")
}

fn danish(key: &str) -> Option<&'static str> {
    DANISH.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The command line definition in `lang`.
pub fn command(cmd: Command, lang: Lang) -> Command {
    let cmd = match lang {
        Lang::Da => localise(cmd, "", lang).subcommand_help_heading("Kommandoer").subcommand_value_name("KOMMANDO"),
        _ => cmd,
    };
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    names.into_iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(&name, |sub| {
            let sub = if lang == Lang::Da { localise(sub, &name, lang) } else { sub };
            let example = match lang {
                Lang::Da => danish(&format!("{name}!")).map(|e| format!("Eksempel:\n  {e}")),
                _ => ENGLISH_EXAMPLES.iter().find(|(k, _)| *k == name).map(|(_, e)| format!("Example:\n  {e}")),
            };
            match example {
                Some(e) => sub.after_help(e),
                None => sub,
            }
        })
    })
}

/// One command's (or the program's, `key` empty) words in Danish, and clap's own.
fn localise(cmd: Command, key: &str, lang: Lang) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template("{about}\n\nBrug: {usage}\n\n{all-args}{after-help}");
    if let Some(about) = danish(key) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let arg_key = if key.is_empty() { id.clone() } else { format!("{key}.{id}") };
        let words = danish(&arg_key).or_else(|| danish(&id));
        cmd = cmd.mut_arg(&id, |arg| danish_arg(arg, words));
    }
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(clap::ArgAction::Help)
        .help(match lang {
            Lang::Da => "Vis denne hjælp",
            _ => "Print help",
        })
        .help_heading("Tilvalg");
    cmd = cmd.arg(help);
    if key.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("Vis versionen")
                .help_heading("Tilvalg"),
        );
    }
    cmd
}

/// An argument in Danish: its description, default and possible values in
/// Danish words, under a Danish heading.
fn danish_arg(arg: Arg, words: Option<&'static str>) -> Arg {
    let mut text = words.map(str::to_string).unwrap_or_default();
    if !arg.get_action().takes_values() {
        return arg.help(text).long_help(None).help_heading("Tilvalg");
    }
    let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        text.push_str(&format!(" [mulige værdier: {}]", values.join(", ")));
    }
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        text.push_str(&format!(" [standard: {}]", defaults.join(", ")));
    }
    let heading = if arg.is_positional() { "Argumenter" } else { "Tilvalg" };
    let name = VALUE_NAMES.iter().find(|(id, _)| *id == arg.get_id().as_str()).map(|(_, n)| *n);
    let arg = arg.help(text).long_help(None).help_heading(heading).hide_possible_values(true).hide_default_value(true);
    match name {
        Some(name) => arg.value_name(name),
        None => arg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument of `cmd`, as `DANISH` keys.
    fn keys(cmd: &Command) -> Vec<String> {
        let mut out = vec![String::new()];
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            out.push(name.to_string());
            out.push(format!("{name}!"));
            for arg in sub.get_arguments().filter(|a| !a.is_global_set() && a.get_id() != "help") {
                out.push(format!("{name}.{}", arg.get_id()));
            }
        }
        out
    }

    #[test]
    fn every_command_and_argument_has_danish_words_and_the_definitions_are_valid() {
        let english = super::super::definition(Lang::En);
        for key in keys(&english) {
            assert!(danish(&key).is_some(), "no Danish words for `{key}`");
        }
        for (key, _) in DANISH {
            assert!(
                keys(&english).contains(&key.to_string()) || *key == "lang",
                "`{key}` is not a command or argument"
            );
        }
        english.debug_assert();
        super::super::definition(Lang::Da).debug_assert();
    }

    #[test]
    fn the_language_follows_the_flag_then_the_locale() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["maal", "--lang", "en", "eval"])), Lang::En);
        assert_eq!(lang_of(&args(&["maal", "eval", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["maal", "--lang", "da"])), Lang::Da);
    }
}
