//! Pest's parse errors as located diagnostics with human words for the rules.

use super::generated::Rule;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::Span;

/// Converts a pest error into a located diagnostic with human words.
pub(super) fn pest_error(text: &str, error: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let span = match error.location {
        InputLocation::Pos(p) => Span::new(p, p),
        InputLocation::Span((s, e)) => Span::new(s, e),
    };
    // What is wrong at the place itself comes first: then what pest expected there.
    if let Some((c, what)) = invisible_char(text, span.start) {
        let code = format!("U+{:04X}", u32::from(c));
        return Diagnostic::error(
            codes::SYNTAX,
            Msg::new(format!("usynligt tegn {code} i reglen"), format!("invisible character {code} in the rule")),
            Some(Span::new(span.start, span.start + c.len_utf8())),
            Msg::new(format!("her står {code} ({})", what.0), format!("{code} ({}) is here", what.1)),
        )
        .hint(Msg::new(
            "slet tegnet; mellem ord og tal bruges almindelige mellemrum",
            "delete it; words and numbers are separated by ordinary spaces",
        ));
    }
    if let Some(line_end) = unterminated_string(text, span.start) {
        return Diagnostic::error(
            codes::SYNTAX,
            Msg::new("teksten er ikke afsluttet", "unterminated string"),
            Some(Span::new(line_end, line_end)),
            Msg::new("her mangler et afsluttende `\"`", "a closing `\"` is missing here"),
        )
        .related(Span::new(span.start, span.start + 1), Msg::new("teksten begynder her", "the string starts here"))
        .note(Msg::new(
            "en tekst i anførselstegn slutter med `\"` før linjeskiftet (`\\` lige før skiftet fortsætter den); skriv `\\\"` for et anførselstegn inde i teksten",
            "a quoted string ends with `\"` before the line break (a `\\` just before the break continues it); write `\\\"` for a quote inside it",
        ));
    }
    let (expected_da, expected_en) = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut da: Vec<&str> = Vec::new();
            let mut en: Vec<&str> = Vec::new();
            for rule in positives {
                if let Some((d, e)) = rule_words(*rule) {
                    if !da.contains(&d) {
                        da.push(d);
                        en.push(e);
                    }
                }
            }
            (da, en)
        }
        ErrorVariant::CustomError { .. } => (Vec::new(), Vec::new()),
    };
    let (label_da, label_en) = if expected_da.is_empty() {
        ("uventet tegn her".to_string(), "unexpected text here".to_string())
    } else {
        (format!("forventede {}", list_or(&expected_da, "eller")), format!("expected {}", list_or(&expected_en, "or")))
    };
    let mut diag = Diagnostic::error(
        codes::SYNTAX,
        Msg::new("syntaksfejl", "syntax error"),
        Some(span),
        Msg::new(label_da, label_en),
    );
    if let Some(field) = unknown_plan_field(text, span.start, &expected_da) {
        diag.title = Msg::new(format!("ukendt planfelt `{field}`"), format!("unknown plan field `{field}`"));
        diag.span = Some(Span::new(span.start, span.start + field.len()));
        diag = diag
            .note(Msg::new(
                format!("planhovedet kan have: {}", PLAN_FIELDS.join(", ")),
                format!("a plan header may have: {}", PLAN_FIELDS_EN.join(", ")),
            ))
            .maybe_hint(crate::diag::did_you_mean(field, PLAN_FIELDS.iter().chain(&PLAN_FIELDS_EN).copied()));
        return diag;
    }
    if let Some(better) = goal_number(text, span.start)
        .or_else(|| subgoal_name(text, span.start))
        .or_else(|| misspelled_keyword(text, span.start))
        .or_else(|| unknown_unit(text, span.start, &expected_da))
    {
        return better;
    }
    if expected_da.contains(&"`;`") {
        let end = text_end_before(text, span.start);
        diag.span = Some(Span::new(end, end));
        diag.label = Msg::new("her mangler måske `;`", "a `;` may be missing here");
        diag = diag.note(Msg::new(
            format!("forventede {}", list_or(&expected_da, "eller")),
            format!("expected {}", list_or(&expected_en, "or")),
        ));
        diag =
            diag.note(Msg::new("hver sætning i et mål slutter med `;`", "every statement inside a goal ends with `;`"));
    }
    diag
}

/// The character at `offset` when it is one a reader cannot see (a control
/// character, or white space other than the grammar's), with what it is.
fn invisible_char(text: &str, offset: usize) -> Option<(char, (&'static str, &'static str))> {
    let c = text.get(offset..)?.chars().next()?;
    match c {
        ' ' | '\t' | '\n' | '\r' | '\u{FEFF}' => None,
        '\u{200B}'..='\u{200D}' | '\u{2060}' => Some((c, ("et tegn uden bredde", "a zero-width character"))),
        _ if c.is_control() => Some((c, ("et styretegn", "a control character"))),
        _ if c.is_whitespace() => Some((c, ("et særligt mellemrum", "a special space"))),
        _ => None,
    }
}

/// Where the line ends, when a string opens at `offset` and does not close on
/// its line (the grammar's strings end at a line break).
fn unterminated_string(text: &str, offset: usize) -> Option<usize> {
    let rest = text.get(offset..)?.strip_prefix('"')?;
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            // An escape takes the next character, a line break too.
            '\\' => {
                chars.next();
            }
            '\n' | '\r' => return Some(offset + 1 + i),
            _ => {}
        }
    }
    Some(text.len())
}

/// The word (letters, digits, `_`, `.`) starting at `offset`.
fn word_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or_default();
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
    rest[..end].trim_end_matches('.')
}

/// `mål 2a`: a goal number runs into letters.
fn goal_number(text: &str, offset: usize) -> Option<Diagnostic> {
    let before = text.get(..offset)?;
    let number_start = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.').len();
    let keyword = before[..number_start].trim_end();
    let digits = &before[number_start..];
    if digits.is_empty() || !(keyword.ends_with("mål") || keyword.ends_with("goal")) || number_start == keyword.len() {
        return None;
    }
    let written = format!("{digits}{}", word_at(text, offset));
    text.get(offset..)?.starts_with(char::is_alphanumeric).then(|| {
        Diagnostic::error(
            codes::SYNTAX,
            Msg::new(format!("ugyldigt målnummer `{written}`"), format!("invalid goal number `{written}`")),
            Some(Span::new(number_start, offset + written.len() - digits.len())),
            Msg::new("et målnummer er tal med punktum imellem", "a goal number is digits, with dots between"),
        )
        .note(Msg::new("fx `mål 2`, `mål 3.1`", "for example `mål 2`, `mål 3.1`"))
        .hint(Msg::new(
            "dele af et mål skrives som delmål: `mål 2 \"…\": delmål a: …;`",
            "parts of a goal are sub-goals: `mål 2 \"…\": delmål a: …;`",
        ))
    })
}

/// `delmål 1`: a sub-goal name that starts with a digit.
fn subgoal_name(text: &str, offset: usize) -> Option<Diagnostic> {
    let before = text.get(..offset)?.trim_end();
    if !(before.ends_with("delmål") || before.ends_with("subgoal"))
        || !text.get(offset..)?.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let written = word_at(text, offset);
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Msg::new(format!("ugyldigt delmålsnavn `{written}`"), format!("invalid sub-goal name `{written}`")),
            Some(Span::new(offset, offset + written.len())),
            Msg::new("et delmålsnavn begynder med et bogstav", "a sub-goal name starts with a letter"),
        )
        .note(Msg::new(
            "fx `delmål a`, `delmål b2`, `delmål budget`",
            "for example `delmål a`, `delmål b2`, `delmål budget`",
        )),
    )
}

/// `frsit ultimo 2026;`: the first word of a statement is close to a keyword and
/// more follows it, as after a keyword.
fn misspelled_keyword(text: &str, offset: usize) -> Option<Diagnostic> {
    let line_start = text.get(..offset)?.rfind(['\n', ';', ':']).map_or(0, |i| i + 1);
    let lead = &text[line_start..offset];
    let word_start = line_start + (lead.len() - lead.trim_start().len());
    let word = word_at(text, word_start);
    // The parser stopped right after the word: it read it as a name and found more.
    let after = text.get(word_start + word.len()..offset)?;
    if word.is_empty() || !after.trim().is_empty() || super::keywords::find(word).is_some() {
        return None;
    }
    let candidates = super::keywords::at(super::keywords::Place::Statement)
        .chain(super::keywords::ALIASES.iter().map(|(alias, _)| *alias));
    let meant = crate::diag::suggest(word, candidates)?;
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Msg::new(format!("ukendt ord `{word}`"), format!("unknown word `{word}`")),
            Some(Span::new(word_start, word_start + word.len())),
            Msg::new("her forventes et nøgleord eller en betingelse", "a keyword or a condition is expected here"),
        )
        .hint(crate::diag::meant(meant)),
    )
}

/// `17 uger`, `17 kt.`: a word after a number where a unit could stand.
fn unknown_unit(text: &str, offset: usize, expected: &[&str]) -> Option<Diagnostic> {
    if !expected.iter().any(|e| e.starts_with("en enhed")) || !text.get(offset..)?.starts_with(char::is_alphabetic) {
        return None;
    }
    let word = word_at(text, offset);
    let written = if text.get(offset + word.len()..).is_some_and(|r| r.starts_with('.')) {
        format!("{word}.")
    } else {
        word.to_string()
    };
    // A unit ends the number's side: what follows ends the statement or the condition.
    let rest = text.get(offset + written.len()..)?.trim_start();
    let ends = rest.is_empty()
        || rest.starts_with([';', ')', '\n', '#'])
        || rest.starts_with("og ")
        || rest.starts_with("eller ");
    if !ends {
        return None;
    }
    let units: Vec<&str> =
        crate::measure::MEASURES.iter().flat_map(|m| m.units.iter().filter_map(|u| u.words.first().copied())).collect();
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Msg::new(format!("ukendt enhed `{written}`"), format!("unknown unit `{written}`")),
            Some(Span::new(offset, offset + written.len())),
            Msg::new("maal kender ikke denne enhed", "maal does not know this unit"),
        )
        .note(Msg::new(format!("enhederne er: {}", units.join(", ")), format!("the units are: {}", units.join(", "))))
        .maybe_hint(crate::diag::did_you_mean(&written, units.iter().copied())),
    )
}

/// The plan header's field words, Danish and English.
const PLAN_FIELDS: [&str; 6] = ["ministerium", "institution", "periode", "afrapportering", "scoring", "tillad"];
const PLAN_FIELDS_EN: [&str; 6] = ["ministry", "institution", "period", "reporting", "scoring", "allow"];

/// The word at `offset` when a plan field was expected there and a word
/// that is none of them was found.
fn unknown_plan_field<'t>(text: &'t str, offset: usize, expected: &[&str]) -> Option<&'t str> {
    if !expected.iter().any(|e| e.starts_with("et planfelt")) {
        return None;
    }
    let rest = text.get(offset..)?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
    let word = &rest[..end];
    (!word.is_empty() && word.chars().next().is_some_and(char::is_alphabetic)).then_some(word)
}

/// The offset just after the last non-blank character before `offset`:
/// where a missing `;` belongs.
fn text_end_before(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(offset, |before| before.trim_end().len())
}

fn list_or(items: &[&str], or: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {or} {last}", rest.join(", ")),
    }
}

/// Human words for the grammar rules pest reports as expected.
fn rule_words(rule: Rule) -> Option<(&'static str, &'static str)> {
    Some(match rule {
        Rule::plan => ("en plan (`plan \"…\" { … }`)", "a plan (`plan \"…\" { … }`)"),
        Rule::string => ("en tekst i anførselstegn", "a quoted string"),
        Rule::goal | Rule::kw_goal => ("et mål (`mål 1 \"…\": …`)", "a goal (`mål 1 \"…\": …`)"),
        Rule::section | Rule::kw_section => ("en sektion", "a section"),
        Rule::kw_running => ("`løbende`", "`running`"),
        Rule::goal_id => ("et målnummer som `7` eller `3.1`", "a goal number such as `7` or `3.1`"),
        Rule::subgoal | Rule::kw_subgoal => ("et delmål", "a sub-goal"),
        Rule::combine => ("`mål:`", "`mål:`"),
        Rule::expr | Rule::bound | Rule::unary => ("et udtryk", "an expression"),
        Rule::fact | Rule::ident => ("et navn", "a name"),
        Rule::quantity | Rule::number | Rule::integer => ("et tal", "a number"),
        Rule::cmp_op | Rule::compare => ("en sammenligning (`<=`, `>=`, `=` …)", "a comparison (`<=`, `>=`, `=` …)"),
        Rule::add_op | Rule::mul_op => ("en regneoperator", "an arithmetic operator"),
        Rule::unit => ("en enhed (`mio. kr.`, `pct.` …)", "a unit (`mio. kr.`, `pct.` …)"),
        Rule::time
        | Rule::literal_time
        | Rule::iso_date
        | Rule::day_month_time
        | Rule::month_time
        | Rule::quarter_time
        | Rule::edge_time => ("en dato eller periode", "a date or period"),
        Rule::year => ("et årstal", "a year"),
        Rule::date_range => ("et datointerval", "a date range"),
        Rule::cadence => ("en kadence (`kvartalsvis`, `halvårlig` …)", "a cadence (`kvartalsvis`, `halvårlig` …)"),
        Rule::scoring_kind => ("`binær`, `vægtet` eller `delvis`", "`binær`, `vægtet` or `delvis`"),
        Rule::weight_unit => ("`point` eller `pct`", "`point` or `pct`"),
        Rule::EOI => ("slutningen af filen", "end of input"),
        Rule::kw_or | Rule::kw_and => ("`og`/`eller`", "`and`/`or`"),
        Rule::deadline_op => ("`senest`/`i`", "`senest`/`i`"),
        Rule::kw_in | Rule::range => ("et interval (`in 1..2`)", "a range (`in 1..2`)"),
        Rule::plan_field
        | Rule::kw_ministry
        | Rule::kw_institution
        | Rule::kw_period
        | Rule::kw_reporting
        | Rule::kw_scoring
        | Rule::field_ministry
        | Rule::field_institution
        | Rule::field_period
        | Rule::field_reporting
        | Rule::field_scoring
        | Rule::field_allow => (
            "et planfelt (`ministerium`, `institution`, `periode` …)",
            "a plan field (`ministerium`, `institution`, `periode` …)",
        ),
        Rule::meta_task
        | Rule::meta_kind
        | Rule::meta_deadline
        | Rule::meta_weight
        | Rule::meta_note
        | Rule::meta_required
        | Rule::meta_allow
        | Rule::meta_year_end
        | Rule::meta_target_year => return None,
        Rule::goal_end | Rule::semi => ("`;`", "`;`"),
        Rule::close_paren => ("`)`", "`)`"),
        Rule::close_brace => ("`}`", "`}`"),
        Rule::close_bracket => ("`]`", "`]`"),
        _ => return None,
    })
}
