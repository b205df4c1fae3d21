//! Reported facts: loading TOML and JSON fact files, with Danish value forms.
//!
//! A facts file maps fact names to values (`realiseret = "42,9 mio"`), a fact
//! indexed by year to a table of years (`frafald = { 2023 = 41, 2024 = 35 }`),
//! and holds the year's agreements: `[[udgået]]` (dropped goals or sub-goals)
//! and `[[tilsidesættelse]]` (the department's discretionary overrides).
//! This module knows nothing of rules except, in [`Facts::validate`], the
//! fact kinds a checked plan expects.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::{Checked, FactKind};
use crate::diag::{did_you_mean, Diagnostic, Lang, Msg};
use crate::source::{Source, Span};
use crate::value::{parse_quantity, Dim, NumberError, Value};

/// Validated fact values by name and optional year.
pub type FactValues = BTreeMap<(String, Option<i32>), Value>;

/// A value as reported, before the plan says what kind it should be.
#[derive(Clone, Debug, PartialEq)]
pub enum Reported {
    /// A number, with the dimension its unit gave (`None`: no unit written).
    Number(Decimal, Option<Dim>),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
}

/// A goal or sub-goal dropped by agreement.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Drop {
    /// The goal, e.g. `"7"`.
    pub goal: String,
    /// The sub-goal, when only it is dropped.
    pub subgoal: Option<String>,
    /// Why.
    pub reason: String,
    /// Where in the facts file.
    #[serde(skip)]
    pub span: Span,
}

/// A discretionary assessment that replaces a goal's outcome.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Override {
    /// The goal.
    pub goal: String,
    /// The recorded status: `opfyldt` or `ikke opfyldt`.
    pub met: bool,
    /// The mandatory reason.
    pub reason: String,
    /// Where in the facts file.
    #[serde(skip)]
    pub span: Span,
}

/// One set of reported facts.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Values by name and optional year.
    pub values: HashMap<(String, Option<i32>), (Reported, Span)>,
    /// Drops by agreement.
    pub drops: Vec<Drop>,
    /// Overrides.
    pub overrides: Vec<Override>,
    /// The text the facts were loaded from, when they came from a file, so
    /// diagnostics about them can point into it.
    pub source: Option<Source>,
    /// The date the report is made as of, when the file says (`opgjort = 2026-06-30`).
    pub as_of: Option<NaiveDate>,
}

const DROP_KEYS: [&str; 2] = ["udgået", "dropped"];
const OVERRIDE_KEYS: [&str; 2] = ["tilsidesættelse", "override"];
const AS_OF_KEYS: [&str; 2] = ["opgjort", "as_of"];

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
    /// Sets a fact (for embedding and the REPL).
    pub fn set(&mut self, name: &str, year: Option<i32>, value: Reported) {
        self.values.insert((name.to_string(), year), (value, Span::default()));
    }

    /// Sets a fact from its written form, as in a fact file: `"42,9 mio"`,
    /// `"92 pct."`, `"2026-06-30"`, `"ja"`, `"10"`. A name written
    /// `frafald[2024]` sets the value for that year.
    pub fn insert_text(&mut self, name: &str, text: &str) -> Result<&mut Facts, crate::Error> {
        let (base, year) = match name.strip_suffix(']').and_then(|n| n.split_once('[')) {
            Some((base, year)) => (base, year.trim().parse::<i32>().ok()),
            None => (name, None),
        };
        let value = parse_reported(base, text).map_err(|d| crate::Error {
            kind: crate::ErrorKind::Facts,
            source: Source::new(format!("<{name}>"), text),
            diagnostics: vec![d],
        })?;
        self.set(base, year, value);
        Ok(self)
    }

    /// Reads facts from JSON text (the layout of a `.json` fact file).
    pub fn from_json(text: &str) -> Result<Facts, crate::Error> {
        Facts::load_as(Source::new("fakta.json", crate::source::normalise(text)))
    }

    /// Reads facts from TOML text (the layout of a `.toml` fact file).
    pub fn from_toml(text: &str) -> Result<Facts, crate::Error> {
        Facts::load_as(Source::new("fakta.toml", crate::source::normalise(text)))
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
            let (source, entries) = crate::sheet::xlsx_entries(name, bytes)?;
            return Facts::from_entries(&source, entries).map_err(|d| (source, d));
        }
        let source = crate::decode_source(name, bytes).map_err(|(partial, d)| (partial, vec![d]))?;
        Facts::load(&source).map_err(|d| (source, d))
    }

    /// Loads a fact file's text; the format follows the extension (`.csv`,
    /// `.json`, else TOML). Spreadsheets go through [`Facts::load_bytes`].
    pub fn load(source: &Source) -> Result<Facts, Vec<Diagnostic>> {
        if source.name.to_lowercase().ends_with(".csv") {
            let entries = crate::sheet::csv_entries(source)?;
            return Facts::from_entries(source, entries);
        }
        let raw = if source.name.ends_with(".json") { parse_json(source)? } else { parse_toml(source)? };
        let Raw::Table(entries) = raw else {
            return Err(vec![file_error(
                source,
                None,
                "filen skal være en tabel af fakta",
                "the file must be a table of facts",
            )]);
        };
        let keys = KeySpans::new(&source.text);
        let entries = entries
            .into_iter()
            .map(|(key, value)| {
                let span = keys.span(&key);
                Entry { key, value, span, place: None }
            })
            .collect();
        Facts::from_entries(source, entries)
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

    /// Checks the facts against what a plan expects: known names (with
    /// suggestions), matching kinds and units, known goals in agreements.
    /// Returns the facts converted to values.
    pub fn validate(&self, plan: &Checked) -> Result<FactValues, Vec<Diagnostic>> {
        let mut out = BTreeMap::new();
        let mut errors = Vec::new();
        let mut keys: Vec<_> = self.values.iter().collect();
        keys.sort_by_key(|((n, y), (_, s))| (s.start, n.clone(), *y));
        for ((name, year), (reported, span)) in keys {
            // A fact set in code has an empty span: there is no place to point at.
            let span = &(span.start < span.end).then_some(*span);
            let Some(info) = plan.facts.get(name) else {
                errors.push(
                    Diagnostic::error(
                        "E0202",
                        Msg::new(format!("ukendt faktum `{name}`"), format!("unknown fact `{name}`")),
                        *span,
                        Msg::new("planen bruger ikke dette faktum", "the plan does not use this fact"),
                    )
                    .maybe_hint(did_you_mean(name, plan.facts.keys().map(String::as_str))),
                );
                continue;
            };
            if info.years.is_empty() != year.is_none() {
                let (da, en) = match year {
                    Some(_) => ("reglerne bruger ikke dette faktum pr. år", "the rules do not index this fact by year"),
                    None => ("reglerne bruger dette faktum pr. år", "the rules index this fact by year"),
                };
                let years = info.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ");
                let mut d = Diagnostic::error(
                    "E0203",
                    Msg::new(format!("`{name}` skal angives pr. år"), format!("`{name}` must be given per year")),
                    *span,
                    Msg::new(da, en),
                );
                if let (None, Some(first)) = (year, info.years.first()) {
                    d = d.hint(Msg::new(
                        format!("skriv fx `{name} = {{ {first} = … }}` (år i reglerne: {years})"),
                        format!("write e.g. `{name} = {{ {first} = … }}` (years in the rules: {years})"),
                    ));
                } else {
                    d.title =
                        Msg::new(format!("`{name}` angives uden år"), format!("`{name}` is given without a year"));
                }
                errors.push(d);
                continue;
            }
            match to_value(reported, info.kind) {
                Some(v) => {
                    out.insert((name.clone(), *year), v);
                }
                None => errors.push(
                    Diagnostic::error(
                        "E0203",
                        Msg::new(
                            format!("forkert slags værdi for `{name}`"),
                            format!("wrong kind of value for `{name}`"),
                        ),
                        *span,
                        Msg::new(
                            format!("planen forventer {}", info.kind.describe().da),
                            format!("the plan expects {}", info.kind.describe().en),
                        ),
                    )
                    .note(Msg::new(format!("fik {}", describe(reported).da), format!("got {}", describe(reported).en))),
                ),
            }
        }
        let goal_ids: Vec<&str> = plan.file.goals.iter().map(|g| g.id.value.as_str()).collect();
        let agreements = self
            .drops
            .iter()
            .map(|d| (&d.goal, d.subgoal.as_ref(), d.span))
            .chain(self.overrides.iter().map(|o| (&o.goal, None, o.span)));
        for (goal, subgoal, span) in agreements {
            let Some(g) = plan.file.goals.iter().find(|g| &g.id.value == goal) else {
                errors.push(
                    Diagnostic::error(
                        "E0207",
                        Msg::new(format!("ukendt mål `{goal}`"), format!("unknown goal `{goal}`")),
                        Some(span),
                        Msg::new("planen har ikke dette mål", "the plan has no such goal"),
                    )
                    .note(list_goals(&goal_ids))
                    .maybe_hint(same_goal_written_otherwise(goal, &goal_ids)),
                );
                continue;
            };
            if let Some(sub) = subgoal {
                let has = g
                    .stmts
                    .iter()
                    .any(|s| matches!(s, crate::syntax::ast::Stmt::Subgoal { name, .. } if &name.value == sub));
                if !has {
                    errors.push(Diagnostic::error(
                        "E0207",
                        Msg::new(format!("ukendt delmål `{goal}{sub}`"), format!("unknown sub-goal `{goal}{sub}`")),
                        Some(span),
                        Msg::new("målet har ikke dette delmål", "the goal has no such sub-goal"),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// Adds one top-level entry (a value, a table of years, or agreements) to `facts`.
fn add_entry(facts: &mut Facts, key: String, value: Raw, span: Span, errors: &mut Vec<Diagnostic>) {
    if AS_OF_KEYS.contains(&key.as_str()) {
        match reported(&key, value, span) {
            Ok(Reported::Date(d)) => facts.as_of = Some(d),
            Ok(_) => errors.push(value_error(span, &key, "forventede en dato", "expected a date")),
            Err(d) => errors.push(d),
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
                "E0204",
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

/// Writes facts as TOML that [`Facts::load`] reads back.
pub fn to_toml(facts: &Facts) -> String {
    use std::fmt::Write;
    let mut keys: Vec<_> = facts.values.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("# Skrevet af maal.\n");
    if let Some(d) = facts.as_of {
        let _ = writeln!(out, "opgjort = {d}");
    }
    for ((name, year), (value, _)) in keys {
        let text = match value {
            Reported::Number(v, None) => v.to_string(),
            Reported::Number(v, Some(dim)) => {
                let written = dim.measure().written;
                if written.suffix.is_empty() {
                    v.to_string()
                } else if written.per.get() == Decimal::ONE {
                    format!("\"{v} {}\"", written.suffix)
                } else {
                    let shown = crate::value::scale_down(*v, written.per.get()).unwrap_or(*v).normalize();
                    format!("\"{shown} {}\"", written.suffix)
                }
            }
            Reported::Date(d) => d.to_string(),
            Reported::Bool(b) => b.to_string(),
        };
        let _ = match year {
            Some(y) => writeln!(out, "\"{name}\".{y} = {text}"),
            None => writeln!(out, "\"{name}\" = {text}"),
        };
    }
    for d in &facts.drops {
        let _ = writeln!(out, "\n[[udgået]]\nmål = {:?}", d.goal);
        if let Some(s) = &d.subgoal {
            let _ = writeln!(out, "delmål = {s:?}");
        }
        let _ = writeln!(out, "begrundelse = {:?}", d.reason);
    }
    for o in &facts.overrides {
        let status = if o.met { "opfyldt" } else { "ikke opfyldt" };
        let _ = writeln!(
            out,
            "\n[[tilsidesættelse]]\nmål = {:?}\nstatus = {status:?}\nbegrundelse = {:?}",
            o.goal, o.reason
        );
    }
    out
}

/// The facts a plan needs, one line each: name, kind, years, goals.
pub fn required_text(plan: &Checked, lang: Lang) -> String {
    let mut out = String::new();
    for (name, info) in crate::check::in_danish_order(&plan.facts) {
        let years = if info.years.is_empty() {
            String::new()
        } else {
            format!("[{}]", info.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "))
        };
        let goals = Msg::new("mål", "goals");
        out.push_str(&format!(
            "{:<40} {:<44} {} {}\n",
            format!("{name}{years}"),
            info.kind.describe().get(lang),
            goals.get(lang),
            info.goals.join(", ")
        ));
    }
    out
}

/// A fill-in TOML template with every fact a plan needs, empty (an empty
/// value counts as not reported, so the template loads as it is).
pub fn template_toml(plan: &Checked, lang: Lang) -> String {
    let mut out = Msg::new(
        "# Faktaskabelon: udfyld værdierne; tomme værdier tæller som ikke indberettet.\n",
        "# Facts template: fill in the values; empty values count as not reported.\n",
    )
    .get(lang)
    .to_string();
    for (name, info) in crate::check::in_danish_order(&plan.facts) {
        let example = match info.kind {
            FactKind::Number(Some(dim)) => dim.measure().example,
            FactKind::Number(None) => Dim::Plain.measure().example,
            FactKind::Date => "2026-06-30",
            FactKind::Bool => "true",
            FactKind::Unknown => "\"\"",
        };
        let goals = format!("{} {}", Msg::new("mål", "goals").get(lang), info.goals.join(", "));
        out.push_str(&format!(
            "\n# {}; {goals}; {} {example}\n",
            info.kind.describe().get(lang),
            Msg::new("fx", "e.g.").get(lang)
        ));
        if info.years.is_empty() {
            out.push_str(&format!("{name} = \"\"\n"));
        } else {
            let years: Vec<String> = info.years.iter().map(|y| format!("{y} = \"\"")).collect();
            out.push_str(&format!("{name} = {{ {} }}\n", years.join(", ")));
        }
    }
    out
}

/// Converts a reported value to the kind the plan expects, if it fits.
/// A number without a unit is read in the plan's unit: kroner for money,
/// percent for percentages (`92` is 92 pct.).
pub fn to_value(reported: &Reported, kind: FactKind) -> Option<Value> {
    match (reported, kind) {
        (Reported::Bool(b), FactKind::Bool | FactKind::Unknown) => Some(Value::Bool { value: *b }),
        (Reported::Date(d), FactKind::Date | FactKind::Unknown) => Some(Value::Date { value: *d }),
        (Reported::Number(v, Some(d)), FactKind::Number(None) | FactKind::Unknown) => {
            Some(Value::Number { value: *v, dim: *d })
        }
        (Reported::Number(v, None), FactKind::Number(None) | FactKind::Unknown) => {
            Some(Value::Number { value: *v, dim: Dim::Plain })
        }
        (Reported::Number(v, Some(d)), FactKind::Number(Some(want))) if *d == want => {
            Some(Value::Number { value: *v, dim: *d })
        }
        (Reported::Number(v, None), FactKind::Number(Some(dim))) => {
            let bare = dim.measure().bare.get();
            let value = if bare == Decimal::ONE { Some(*v) } else { v.checked_mul(bare) };
            value.map(|value| Value::Number { value, dim })
        }
        _ => None,
    }
}

fn describe(reported: &Reported) -> Msg {
    match reported {
        Reported::Number(_, Some(d)) => d.describe(),
        Reported::Number(_, None) => Msg::new("et tal", "a number"),
        Reported::Date(_) => Msg::new("en dato", "a date"),
        Reported::Bool(_) => Msg::new("ja/nej", "yes/no"),
    }
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
            "E0208",
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
                "E0209",
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
            match t.to_lowercase().as_str() {
                "ja" | "sand" | "true" => return Ok(Reported::Bool(true)),
                "nej" | "falsk" | "false" => return Ok(Reported::Bool(false)),
                _ => {}
            }
            if t.len() >= 8
                && t.as_bytes().get(4) == Some(&b'-')
                && t.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            {
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
            d = d.hint(crate::syntax::ambiguity_hint());
        } else if e == NumberError::Malformed {
            d = d.note(Msg::new(
                "gyldige former: `42,9 mio`, `42,9 mio. kr.`, `92 pct.`, `91,5 %`, `10`, `2026-06-30`, `true`",
                "valid forms: `42,9 mio`, `42,9 mio. kr.`, `92 pct.`, `91,5 %`, `10`, `2026-06-30`, `true`",
            ));
        }
        d
    })
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn bad_date(span: Span, key: &str, text: &str) -> Diagnostic {
    value_error(span, key, &format!("`{text}` er ikke en gyldig dato"), &format!("`{text}` is not a valid date"))
}

fn value_error(span: Span, key: &str, da: &str, en: &str) -> Diagnostic {
    Diagnostic::error(
        "E0204",
        Msg::new(format!("ugyldig værdi for `{key}`"), format!("invalid value for `{key}`")),
        Some(span),
        Msg::new(da, en),
    )
}

fn file_error(source: &Source, offset: Option<usize>, da: &str, en: &str) -> Diagnostic {
    let at = offset.unwrap_or(0).min(source.text.len());
    Diagnostic::error(
        "E0201",
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
            // Every quoted word in the line.
            let mut from = 0;
            while let Some(open) = line[from..].find('"').map(|i| from + i) {
                let Some(close) = line[open + 1..].find('"').map(|i| open + 1 + i) else { break };
                first.entry(&line[open + 1..close]).or_insert(Span::new(offset + open, offset + close + 1));
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

/// The plan's goal numbers, for an error that names an unknown one.
pub(crate) fn list_goals(goal_ids: &[&str]) -> Msg {
    const SHOWN: usize = 20;
    let shown = goal_ids.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    let (more_da, more_en) = match goal_ids.len() {
        n if n > SHOWN => (format!(", … ({n} i alt)"), format!(", … ({n} in all)")),
        _ => (String::new(), String::new()),
    };
    Msg::new(format!("planens mål: {shown}{more_da}"), format!("the plan's goals: {shown}{more_en}"))
}

/// A goal of the plan that `goal` names in another spelling (`7.`, `07`,
/// `mål 7`, `3,1`): goal numbers close in spelling are not close in meaning,
/// so nothing else is suggested.
pub(crate) fn same_goal_written_otherwise(goal: &str, goal_ids: &[&str]) -> Option<Msg> {
    let bare = goal.trim();
    let bare = bare.strip_prefix("mål").or_else(|| bare.strip_prefix("goal")).unwrap_or(bare);
    let canonical: Vec<String> = bare
        .trim()
        .trim_end_matches('.')
        .replace(',', ".")
        .split('.')
        .map(|part| match part.trim_start_matches('0') {
            "" if !part.is_empty() => "0".to_string(),
            rest => rest.to_string(),
        })
        .collect();
    let canonical = canonical.join(".");
    goal_ids.iter().find(|id| **id == canonical && **id != goal).map(|id| crate::diag::meant(id))
}
