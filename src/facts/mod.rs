//! Reported facts: loading TOML and JSON fact files, with Danish value forms.
//!
//! A facts file maps fact names to values (`realiseret = "42,9 mio"`), a fact
//! indexed by year to a table of years (`frafald = { 2023 = 41, 2024 = 35 }`),
//! and holds the year's agreements: `[[udgået]]` (dropped goals or sub-goals)
//! and `[[tilsidesættelse]]` (the department's discretionary overrides).
//! This module knows nothing of rules except, in [`Facts::validate`], the
//! fact kinds a checked plan expects.

mod read;
pub mod sheet;
mod validate;
mod write;

pub use read::parse_reported;
pub(crate) use read::{quote_unicode_keys, Entry, Raw};
pub use validate::to_value;
pub(crate) use validate::{list_goals, same_goal_written_otherwise};
#[cfg(feature = "serve")]
pub use write::to_json;
pub use write::{required_text, template_toml, to_toml};

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::source::{Source, Span};
use crate::value::{Dim, Value};

/// Validated fact values by name and optional year.
pub type FactValues = BTreeMap<(String, Option<i32>), Value>;

/// A value as reported, before the plan says what kind it should be.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
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
/// The table of earlier years' figures (a baseline year), `[historik]`.
const HISTORY_KEYS: [&str; 2] = ["historik", "history"];

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
}
