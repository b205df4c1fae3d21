//! Reading fact files: TOML, JSON and (through `sheet`) spreadsheets, into `Facts`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Drop, Facts, Override, Reported, AS_OF_KEYS, DROP_KEYS, HISTORY_KEYS, OVERRIDE_KEYS};
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::{Source, Span};
use crate::value::{parse_quantity, NumberError};

/// One top-level entry of a fact file: a name, its raw value, where it is,
/// and (for spreadsheets) the sheet, row and column in words.
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) value: Raw,
    pub(crate) span: Span,
    pub(crate) place: Option<Msg>,
}

/// A value tree common to TOML, JSON and spreadsheets.
pub(crate) enum Raw {
    Text(String),
    Number(String),
    Bool(bool),
    Date(String),
    Table(Vec<(String, Raw)>),
    List(Vec<Raw>),
}
impl Facts {
    /// Reads facts from JSON text (the layout of a `.json` fact file).
    pub fn from_json(text: &str) -> Result<Facts, crate::Error> {
        Facts::load_as(Source::new("fakta.json", crate::source::normalise(text)))
    }

    /// Reads facts from TOML text (the layout of a `.toml` fact file).
    pub fn from_toml(text: &str) -> Result<Facts, crate::Error> {
        Facts::load_as(Source::new("fakta.toml", crate::source::normalise(text)))
    }

    /// Reads facts from JSON text that came from somewhere other than a file
    /// (a Python dict, a request), named `name` in diagnostics.
    pub fn from_json_named(name: &str, text: &str) -> Result<Facts, crate::Error> {
        let source = Source::new(name, crate::source::normalise(text));
        parse_json(&source).and_then(|raw| Facts::load_parsed(&source, raw)).map_err(|diagnostics| crate::Error {
            kind: crate::ErrorKind::Facts,
            source,
            diagnostics,
        })
    }

    fn load_as(source: Source) -> Result<Facts, crate::Error> {
        Facts::load(&source).map_err(|diagnostics| crate::Error { kind: crate::ErrorKind::Facts, source, diagnostics })
    }

    /// Loads a fact file from its bytes; the format follows the extension:
    /// `.xlsx`/`.xlsm`/`.xls`/`.ods` (a spreadsheet), `.csv`, `.json`, else TOML.
    /// On failure, the diagnostics and the text they point into (for a
    /// spreadsheet, a rendering of its sheet, one line a row).
    pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Facts, (Source, Vec<Diagnostic>)> {
        let lower = name.to_lowercase();
        if [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|e| lower.ends_with(e)) {
            let (source, entries) = crate::facts::sheet::xlsx_entries(name, bytes)?;
            return Facts::from_entries(&source, entries).map_err(|d| (source, d));
        }
        let source = crate::decode_source(name, bytes).map_err(|(partial, d)| (partial, vec![d]))?;
        Facts::load(&source).map_err(|d| (source, d))
    }

    /// Reads a fact file from its bytes: [`Facts::load_bytes`] with a
    /// failure as an [`ErrorKind::Facts`](crate::ErrorKind::Facts) error.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Facts, crate::Error> {
        Facts::load_bytes(name, bytes).map_err(|(source, diagnostics)| crate::Error {
            kind: crate::ErrorKind::Facts,
            source,
            diagnostics,
        })
    }

    /// The date this report is made as of: `given` (the command line's
    /// `FILE@DATE`), else the file's own `opgjort`, else `fallback` (the
    /// last report's `--per`); a report with none of them is an error
    /// asking for one.
    pub fn report_date(
        &self,
        name: &str,
        given: Option<NaiveDate>,
        fallback: Option<NaiveDate>,
    ) -> Result<NaiveDate, crate::Error> {
        given.or(self.as_of).or(fallback).ok_or_else(|| crate::Error {
            kind: crate::ErrorKind::Facts,
            source: self.source.clone().unwrap_or_else(|| Source::new(name, "")),
            diagnostics: vec![Diagnostic::error(
                codes::BAD_VALUE,
                Msg::new("hvornår er indberetningen opgjort?", "as of when is this report?"),
                None,
                Msg::new(
                    format!("skriv `opgjort = ÅÅÅÅ-MM-DD` i {name} eller angiv {name}@ÅÅÅÅ-MM-DD"),
                    format!("write `as_of = YYYY-MM-DD` in {name} or give {name}@YYYY-MM-DD"),
                ),
            )],
        })
    }

    /// The facts' values, checked against a plan: [`Facts::validate`] with a
    /// failure as an [`ErrorKind::Facts`](crate::ErrorKind::Facts) error in
    /// the facts' text (named `name` when they were not read from one).
    pub fn values_for(&self, plan: &crate::check::Checked, name: &str) -> Result<super::FactValues, crate::Error> {
        self.validate(plan).map_err(|diagnostics| crate::Error {
            kind: crate::ErrorKind::Facts,
            source: self.source.clone().unwrap_or_else(|| Source::new(name, "")),
            diagnostics,
        })
    }

    /// Loads a fact file's text; the format follows the extension (`.csv`,
    /// `.json`, else TOML). Spreadsheets go through [`Facts::load_bytes`].
    pub fn load(source: &Source) -> Result<Facts, Vec<Diagnostic>> {
        let is =
            |ext: &str| std::path::Path::new(&source.name).extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
        if is("csv") {
            let entries = crate::facts::sheet::csv_entries(source)?;
            return Facts::from_entries(source, entries);
        }
        Facts::load_parsed(source, if is("json") { parse_json(source)? } else { parse_toml(source)? })
    }

    /// The entries of a parsed TOML or JSON fact file.
    fn load_parsed(source: &Source, raw: Raw) -> Result<Facts, Vec<Diagnostic>> {
        Facts::from_entries(source, Facts::entries_of(source, raw)?)
    }

    /// What can be read of a fact file whose values do not all read: the
    /// entries that do (none when the file does not parse at all). Errors
    /// about some values then need not hide what else is wrong, such as a
    /// name the plan does not use (`Facts::unused`).
    pub fn read_partial(name: &str, bytes: &[u8]) -> Option<Facts> {
        let is = |ext: &str| std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
        let (source, entries) = if ["xlsx", "xlsm"].iter().any(|e| is(e)) {
            crate::facts::sheet::xlsx_entries(name, bytes).ok()?
        } else {
            let source = crate::decode_source(name, bytes).ok()?;
            let entries = if is("csv") {
                crate::facts::sheet::csv_entries(&source).ok()?
            } else {
                let raw = if is("json") { parse_json(&source).ok()? } else { parse_toml(&source).ok()? };
                Facts::entries_of(&source, raw).ok()?
            };
            (source, entries)
        };
        let mut facts = Facts { source: Some(source), ..Facts::default() };
        let mut errors = Vec::new();
        for Entry { key, value, span, .. } in entries {
            add_entry(&mut facts, key, value, span, &mut errors);
        }
        Some(facts)
    }

    /// [`Facts::read_partial`] for JSON text from somewhere other than a file
    /// (a Python dict), named `name`.
    pub fn from_json_partial(name: &str, text: &str) -> Option<Facts> {
        let source = Source::new(name, crate::source::normalise(text));
        let entries = parse_json(&source).ok().and_then(|raw| Facts::entries_of(&source, raw).ok())?;
        let mut facts = Facts { source: Some(source), ..Facts::default() };
        let mut errors = Vec::new();
        for Entry { key, value, span, .. } in entries {
            add_entry(&mut facts, key, value, span, &mut errors);
        }
        Some(facts)
    }

    /// The top-level entries of a parsed TOML or JSON fact file, each with where its key is written.
    fn entries_of(source: &Source, raw: Raw) -> Result<Vec<Entry>, Vec<Diagnostic>> {
        let Raw::Table(entries) = raw else {
            return Err(vec![file_error(
                source,
                None,
                "filen skal være en tabel af fakta",
                "the file must be a table of facts",
            )]);
        };
        let keys = KeySpans::new(&source.text);
        Ok(entries
            .into_iter()
            .map(|(key, value)| {
                let span = keys.span(&key);
                Entry { key, value, span, place: None }
            })
            .collect())
    }

    /// Facts from top-level entries, whatever file they came from.
    fn from_entries(source: &Source, entries: Vec<Entry>) -> Result<Facts, Vec<Diagnostic>> {
        let mut facts = Facts { source: Some(source.clone()), ..Facts::default() };
        let mut errors = Vec::new();
        for Entry { key, value, span, place } in entries {
            let before = errors.len();
            add_entry(&mut facts, key, value, span, &mut errors);
            // A spreadsheet error also says which sheet, row and column.
            if let Some(place) = &place {
                for d in &mut errors[before..] {
                    d.notes.push(place.clone());
                }
            }
        }
        if errors.is_empty() {
            Ok(facts)
        } else {
            Err(errors)
        }
    }
}

/// Adds one top-level entry (a value, a table of years, or agreements) to `facts`.
fn add_entry(facts: &mut Facts, key: String, value: Raw, span: Span, errors: &mut Vec<Diagnostic>) {
    if AS_OF_KEYS.contains(&key.as_str()) {
        // Left empty (as the template leaves it): not given, like any empty value.
        if matches!(&value, Raw::Text(t) if t.trim().is_empty()) {
            return;
        }
        match reported(&key, value, span) {
            Ok(Reported::Date(d)) => facts.as_of = Some(d),
            Ok(_) => errors.push(value_error(span, &key, "forventede en dato", "expected a date")),
            Err(d) => errors.push(d),
        }
        return;
    }
    if HISTORY_KEYS.contains(&key.as_str()) {
        // `[historik]`: earlier years' figures, each fact a table of years, beside
        // this period's figure written plainly at the top.
        let Raw::Table(facts_by_year) = value else {
            errors.push(value_error(span, &key, "forventede en tabel af fakta", "expected a table of facts"));
            return;
        };
        for (name, years) in facts_by_year {
            if !matches!(years, Raw::Table(_)) {
                errors.push(value_error(
                    span,
                    &name,
                    &format!("under [{key}] har hvert faktum årstal: `{name} = {{ 2012 = … }}`"),
                    &format!("under [{key}] each fact has years: `{name} = {{ 2012 = … }}`"),
                ));
                continue;
            }
            add_entry(facts, name, years, span, errors);
        }
        return;
    }
    if DROP_KEYS.contains(&key.as_str()) || OVERRIDE_KEYS.contains(&key.as_str()) {
        let items = match value {
            Raw::List(items) => items,
            table @ Raw::Table(_) => vec![table],
            _ => {
                errors.push(value_error(span, &key, "forventede en liste af aftaler", "expected a list of agreements"));
                return;
            }
        };
        for item in items {
            match agreement(&key, item, span) {
                Ok(Agreement::Drop(d)) => facts.drops.push(d),
                Ok(Agreement::Override(o)) => facts.overrides.push(o),
                Err(d) => errors.push(d),
            }
        }
        return;
    }
    match value {
        // An empty value is "not reported yet" (fill-in templates, JSON null).
        Raw::Text(t) if t.trim().is_empty() => {}
        Raw::Table(years) => {
            for (year_text, v) in years {
                if matches!(&v, Raw::Text(t) if t.trim().is_empty()) {
                    continue;
                }
                let Some(year) = year_text.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)) else {
                    errors.push(value_error(
                        span,
                        &key,
                        &format!("`{year_text}` er ikke et årstal"),
                        &format!("`{year_text}` is not a year"),
                    ));
                    continue;
                };
                match reported(&key, v, span) {
                    Ok(r) => insert(facts, (key.clone(), Some(year)), r, span, errors),
                    Err(d) => errors.push(d),
                }
            }
        }
        other => match reported(&key, other, span) {
            Ok(r) => insert(facts, (key.clone(), None), r, span, errors),
            Err(d) => errors.push(d),
        },
    }
}

/// Records a value; a fact (and year) given twice is an error, never a silent overwrite.
fn insert(facts: &mut Facts, key: (String, Option<i32>), value: Reported, span: Span, errors: &mut Vec<Diagnostic>) {
    if let Some((_, first)) = facts.values.get(&key) {
        let label = match key.1 {
            Some(y) => format!("{}[{y}]", key.0),
            None => key.0.clone(),
        };
        errors.push(
            Diagnostic::error(
                codes::BAD_VALUE,
                Msg::new(format!("`{label}` er angivet to gange"), format!("`{label}` is given twice")),
                Some(span),
                Msg::new("anden gang", "the second time"),
            )
            .related(*first, Msg::new("første gang", "the first time")),
        );
        return;
    }
    facts.values.insert(key, (value, span));
}

/// Reads one value written as in a fact file, quoted or not: `43,1 mio`,
/// `"92 pct."`, `2026-06-30`, `true`, `ja`.
pub fn parse_reported(key: &str, text: &str) -> Result<Reported, Diagnostic> {
    let t = text.trim();
    let t = t.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(t);
    reported(key, Raw::Text(t.to_string()), Span::new(0, 0))
}

enum Agreement {
    Drop(Drop),
    Override(Override),
}

fn agreement(key: &str, item: Raw, span: Span) -> Result<Agreement, Diagnostic> {
    let Raw::Table(fields) = item else {
        return Err(value_error(span, key, "hver aftale er en tabel", "each agreement is a table"));
    };
    let get = |names: &[&str]| {
        fields.iter().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| match v {
            Raw::Text(s) | Raw::Number(s) => Some(s.clone()),
            _ => None,
        })
    };
    let goal = get(&["mål", "goal"]).ok_or_else(|| value_error(span, key, "mangler `mål`", "missing `goal`"))?;
    let reason = get(&["begrundelse", "reason"]).filter(|r| !r.trim().is_empty()).ok_or_else(|| {
        Diagnostic::error(
            codes::NO_REASON,
            Msg::new("begrundelse mangler", "reason missing"),
            Some(span),
            Msg::new(
                format!("aftalen om mål {goal} har ingen begrundelse"),
                format!("the agreement on goal {goal} has no reason"),
            ),
        )
        .hint(Msg::new("tilføj `begrundelse = \"…\"`", "add `reason = \"…\"`"))
    })?;
    if DROP_KEYS.contains(&key) {
        return Ok(Agreement::Drop(Drop { goal, subgoal: get(&["delmål", "subgoal"]), reason, span }));
    }
    let status = get(&["status"]).unwrap_or_default();
    let met = match status.as_str() {
        "opfyldt" | "met" => true,
        "ikke opfyldt" | "not met" => false,
        _ => {
            return Err(Diagnostic::error(
                codes::BAD_OVERRIDE_STATUS,
                Msg::new("ugyldig status", "invalid status"),
                Some(span),
                Msg::new(
                    format!("`{status}`: brug `opfyldt` eller `ikke opfyldt`"),
                    format!("`{status}`: use `met` or `not met`"),
                ),
            ))
        }
    };
    Ok(Agreement::Override(Override { goal, met, reason, span }))
}

fn reported(key: &str, raw: Raw, span: Span) -> Result<Reported, Diagnostic> {
    match raw {
        Raw::Bool(b) => Ok(Reported::Bool(b)),
        Raw::Date(d) => parse_date(&d).map(Reported::Date).ok_or_else(|| bad_date(span, key, &d)),
        Raw::Number(n) => number(key, &n, span),
        Raw::Text(t) => {
            let t = t.trim();
            let is = |words: [&str; 3]| {
                // ASCII text (nearly all) is compared without a lower-case copy.
                if t.is_ascii() {
                    words.iter().any(|w| t.eq_ignore_ascii_case(w))
                } else {
                    words.contains(&t.to_lowercase().as_str())
                }
            };
            if is(["ja", "sand", "true"]) {
                return Ok(Reported::Bool(true));
            }
            if is(["nej", "falsk", "false"]) {
                return Ok(Reported::Bool(false));
            }
            if crate::value::looks_like_date(t) {
                return parse_date(t).map(Reported::Date).ok_or_else(|| bad_date(span, key, t));
            }
            number(key, t, span)
        }
        Raw::Table(_) | Raw::List(_) => {
            Err(value_error(span, key, "forventede en enkelt værdi", "expected a single value"))
        }
    }
}

fn number(key: &str, text: &str, span: Span) -> Result<Reported, Diagnostic> {
    parse_quantity(text).map(|(v, d)| Reported::Number(v, d)).map_err(|e| {
        let (da, en) = match e {
            NumberError::Ambiguous => {
                (format!("`{text}` kan læses på to måder"), format!("`{text}` can be read two ways"))
            }
            NumberError::TooLarge => (format!("`{text}` er for stort"), format!("`{text}` is too large")),
            NumberError::Malformed => {
                (format!("`{text}` er ikke en gyldig værdi"), format!("`{text}` is not a valid value"))
            }
        };
        let mut d = value_error(span, key, &da, &en);
        if e == NumberError::Ambiguous {
            d = d.hint(crate::value::ambiguity_hint());
        } else if e == NumberError::Malformed {
            d = d.note(Msg::new(
                "gyldige former: `42,9 mio`, `42,9 mio. kr.`, `92 pct.`, `91,5 %`, `10`, `2026-06-30`, `30-06-2026`, `true`",
                "valid forms: `42,9 mio`, `42,9 mio. kr.`, `92 pct.`, `91,5 %`, `10`, `2026-06-30`, `30-06-2026`, `true`",
            ));
        }
        d
    })
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::value::parse_date(text)
}

fn bad_date(span: Span, key: &str, text: &str) -> Diagnostic {
    value_error(span, key, &format!("`{text}` er ikke en gyldig dato"), &format!("`{text}` is not a valid date"))
}

fn value_error(span: Span, key: &str, da: &str, en: &str) -> Diagnostic {
    Diagnostic::error(
        codes::BAD_VALUE,
        Msg::new(format!("ugyldig værdi for `{key}`"), format!("invalid value for `{key}`")),
        Some(span),
        Msg::new(da, en),
    )
}

/// `realiseret = 17,6` or `= 42,9 mio` or `= 31-12-2026` on line `line`: a value
/// as people write it, which TOML only takes in quotes. Said so, with the line
/// as it should be.
fn unquoted_value(source: &Source, line: usize) -> Option<Diagnostic> {
    let start = source.text.split_inclusive('\n').take(line).map(str::len).sum::<usize>();
    let text = source.text[start..].lines().next()?;
    let (key, value) = text.split_once('=')?;
    let code = value.split('#').next()?.trim();
    let offset = start + key.len() + 1 + (value.len() - value.trim_start().len());
    let as_written = !code.is_empty()
        && !code.starts_with(['"', '\'', '[', '{'])
        && (crate::value::parse_quantity(code).is_ok_and(|_| code.contains([',', ' ']) || code.chars().any(char::is_alphabetic))
            || matches!(crate::value::parse_quantity(code), Err(crate::value::NumberError::Ambiguous))
            || crate::value::looks_like_date(code) && code.as_bytes().get(4) != Some(&b'-')
            // Words (`ja`, `halvtreds`): TOML knows only `true` and `false` bare.
            || code.chars().all(|c| c.is_alphabetic() || c == ' ') && !matches!(code, "true" | "false" | "inf" | "nan"));
    if !as_written {
        return None;
    }
    let key = key.trim();
    Some(
        Diagnostic::error(
            codes::MALFORMED_FACTS,
            Msg::new(format!("`{code}` skal stå i anførselstegn"), format!("`{code}` must be in quotes")),
            Some(Span::new(offset, offset + code.len())),
            Msg::new(
                "uden anførselstegn læser TOML kun tal som 42 eller 42.5, datoer som 2026-06-30 og true/false",
                "without quotes TOML reads only numbers like 42 or 42.5, dates like 2026-06-30 and true/false",
            ),
        )
        .hint(Msg::new(format!("skriv `{key} = \"{code}\"`"), format!("write `{key} = \"{code}\"`"))),
    )
}

fn file_error(source: &Source, offset: Option<usize>, da: &str, en: &str) -> Diagnostic {
    let at = offset.unwrap_or(0).min(source.text.len());
    Diagnostic::error(
        codes::MALFORMED_FACTS,
        Msg::new("fejl i faktafilen", "malformed facts file"),
        Some(Span::new(at, at)),
        Msg::new(da, en),
    )
}

/// Where each key is written in a TOML or JSON file, found in one pass:
/// for a key, the first line that starts with it (TOML: `key =`, `key.`,
/// `[key]`, `[[key]]`) or holds it in quotes (JSON, quoted TOML keys). Good
/// enough to point a person at it, and linear in the file's size however
/// many keys it holds.
struct KeySpans<'t> {
    first: HashMap<&'t str, Span>,
}

impl<'t> KeySpans<'t> {
    fn new(text: &'t str) -> KeySpans<'t> {
        let mut first = HashMap::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let whole_line = Span::new(offset + indent, offset + line.trim_end().len());
            // A bare key before `=` or `.`, or a table header.
            let header = trimmed.trim_start_matches('[');
            let brackets = trimmed.len() - header.len();
            if brackets <= 2 {
                let end = header.find(|c: char| c == '=' || c == '.' || c == ']' || c.is_whitespace()).unwrap_or(0);
                let rest = header[end..].trim_start();
                let ends_right = if brackets == 0 { rest.starts_with(['=', '.']) } else { rest.starts_with(']') };
                if end > 0 && ends_right {
                    first.entry(&header[..end]).or_insert(whole_line);
                }
            }
            // Every quoted word in the line that stands as a key: before `:`
            // (JSON), `=` or `.` (TOML), or `]` (a TOML header).
            let mut from = 0;
            while let Some(open) = line[from..].find('"').map(|i| from + i) {
                let Some(close) = line[open + 1..].find('"').map(|i| open + 1 + i) else { break };
                if line[close + 1..].trim_start().starts_with([':', '=', '.', ']']) {
                    first.entry(&line[open + 1..close]).or_insert(Span::new(offset + open, offset + close + 1));
                }
                from = close + 1;
            }
            offset += line.len();
        }
        KeySpans { first }
    }

    fn span(&self, key: &str) -> Span {
        self.first.get(key).copied().unwrap_or_default()
    }
}

fn parse_toml(source: &Source) -> Result<Raw, Vec<Diagnostic>> {
    let text = quote_unicode_keys(&source.text);
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        // The line quoting keys leaves in place: the error's line in the source.
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count());
        if let Some(d) = line.and_then(|l| unquoted_value(source, l)) {
            return vec![d];
        }
        // The parser's message may run over several lines; a label is one line.
        let message = e.message().trim().replace('\n', "; ");
        vec![file_error(
            source,
            e.span().map(|s| s.start),
            &format!("ugyldig TOML: {message}"),
            &format!("invalid TOML: {message}"),
        )]
    })?;
    fn convert(v: toml::Value) -> Raw {
        match v {
            toml::Value::String(s) => Raw::Text(s),
            toml::Value::Integer(i) => Raw::Number(i.to_string()),
            toml::Value::Float(f) => Raw::Number(f.to_string()),
            toml::Value::Boolean(b) => Raw::Bool(b),
            toml::Value::Datetime(d) => Raw::Date(d.to_string()),
            toml::Value::Array(a) => Raw::List(a.into_iter().map(convert).collect()),
            toml::Value::Table(t) => Raw::Table(t.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        }
    }
    Ok(convert(toml::Value::Table(table)))
}

/// TOML 1.0 bare keys are ASCII only; fact names may hold æ, ø and å. Bare
/// keys with other letters at the start of a line are quoted before parsing
/// (so a TOML syntax error after such a key is reported two columns late).
pub(crate) fn quote_unicode_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let header = trimmed.trim_end();
        let brackets = if header.starts_with("[[") && header.ends_with("]]") { 2 } else { 1 };
        if header.starts_with('[') && header.ends_with(']') && header.len() > 2 * brackets {
            let name = &header[brackets..header.len() - brackets];
            let bare =
                |part: &str| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            if !name.is_ascii() && name.split('.').all(bare) {
                let (open, close) = if brackets == 2 { ("[[", "]]") } else { ("[", "]") };
                let quoted: Vec<String> =
                    name.split('.').map(|p| if p.is_ascii() { p.to_string() } else { format!("\"{p}\"") }).collect();
                out.push_str(&format!(
                    "{indent}{open}{}{close}{}",
                    quoted.join("."),
                    &line[indent.len() + header.len()..]
                ));
                continue;
            }
        }
        let key_len = trimmed.find(|c: char| c == '=' || c.is_whitespace() || c == '.').unwrap_or(0);
        let key = &trimmed[..key_len];
        let is_bare = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if is_bare && !key.is_ascii() && trimmed[key_len..].trim_start().starts_with(['=', '.']) {
            out.push_str(indent);
            out.push('"');
            out.push_str(key);
            out.push('"');
            out.push_str(&trimmed[key_len..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn parse_json(source: &Source) -> Result<Raw, Vec<Diagnostic>> {
    let value: serde_json::Value = serde_json::from_str(&source.text).map_err(|e| {
        let offset = source.text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum::<usize>()
            + e.column().saturating_sub(1);
        vec![file_error(source, Some(offset), &format!("ugyldig JSON: {e}"), &format!("invalid JSON: {e}"))]
    })?;
    fn convert(v: serde_json::Value) -> Raw {
        match v {
            serde_json::Value::String(s) => Raw::Text(s),
            serde_json::Value::Number(n) => Raw::Number(n.to_string()),
            serde_json::Value::Bool(b) => Raw::Bool(b),
            serde_json::Value::Null => Raw::Text(String::new()),
            serde_json::Value::Array(a) => Raw::List(a.into_iter().map(convert).collect()),
            serde_json::Value::Object(o) => Raw::Table(o.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        }
    }
    Ok(convert(value))
}
