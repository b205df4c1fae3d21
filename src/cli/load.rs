//! The command line's one way in: bytes from a file or standard input (`-`),
//! rules and facts through the library's load path, every failure a
//! [`Failure`] carrying the text its diagnostics point into.

use std::io::Read;

use crate::check::Checked;
use crate::facts::{FactValues, Facts};
use crate::source::Source;
use crate::{Error, ErrorKind};

use super::failure::Failure;

/// The name stdin goes by in messages.
pub const STDIN: &str = "<stdin>";

/// The name `path` goes by in messages.
pub fn name_of(path: &str) -> &str {
    if path == "-" {
        STDIN
    } else {
        path
    }
}

/// The bytes of a file, or of standard input for `-`.
pub fn bytes(path: &str) -> Result<Vec<u8>, Failure> {
    let result = if path == "-" {
        let mut bytes = Vec::new();
        let limit = crate::source::MAX_FILE_BYTES;
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes).and_then(|_| {
            if bytes.len() as u64 > limit {
                let why =
                    format!("standard-input er større end {limit} byte / standard input is larger than {limit} bytes");
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, why));
            }
            Ok(bytes)
        })
    } else {
        crate::source::read_file(std::path::Path::new(path))
    };
    result.map_err(|e| Failure::unreadable(path, &e))
}

/// Rule text from a file (through `crate::read_rules`, the load path every
/// command and the service share) or from standard input.
pub fn rules(path: &str) -> Result<Source, Failure> {
    let source = if path == "-" {
        crate::decode_rules(STDIN, &bytes(path)?)
    } else {
        crate::read_rules(std::path::Path::new(path))
    };
    source.map_err(|e| match e.kind {
        // Name the path as given on the command line.
        ErrorKind::Io => match e.diagnostics.first() {
            Some(d) => Failure::unreadable(path, &d.label.da),
            None => Failure::from(e),
        },
        _ => Failure::from(e),
    })
}

/// Rules checked: the source and what the checker learned (warnings included).
pub fn checked(path: &str) -> Result<(Source, Checked), Failure> {
    let source = rules(path)?;
    let checked = crate::check_source(&source).map_err(|d| Error::new(ErrorKind::Rules, &source, d))?;
    Ok((source, checked))
}

/// A fact file (any supported format, by its extension).
pub fn facts(path: &str) -> Result<Facts, Failure> {
    Ok(Facts::read(name_of(path), &bytes(path)?)?)
}

/// A fact file and its values checked against a plan.
/// Names the plan does not use are shown as warnings and skipped.
pub fn facts_for(
    path: &str,
    plan: &Checked,
    lang: crate::Lang,
) -> Result<(Facts, FactValues, Vec<crate::eval::FactWarning>), Failure> {
    let data = bytes(path)?;
    let facts = match Facts::read(name_of(path), &data) {
        Ok(facts) => facts,
        // Every problem at once: a value that does not read must not hide a name the plan does not use.
        Err(mut e) => {
            if let Some(partial) = Facts::read_partial(name_of(path), &data) {
                e.diagnostics.extend(partial.unused(plan));
            }
            return Err(e.into());
        }
    };
    let (facts, warnings) = used_with_warnings(facts, plan, lang);
    let values = facts.values_for(plan, name_of(path))?;
    Ok((facts, values, warnings))
}

/// `facts` without the names `plan` does not use, each shown on standard
/// error as a located warning with the closest name it does use.
pub fn used(facts: Facts, plan: &Checked, lang: crate::Lang) -> Facts {
    used_with_warnings(facts, plan, lang).0
}

/// [`used`], and the warnings as they go into a JSON result.
pub fn used_with_warnings(facts: Facts, plan: &Checked, lang: crate::Lang) -> (Facts, Vec<crate::eval::FactWarning>) {
    let unused = facts.warnings(plan);
    if unused.is_empty() {
        return (facts, Vec::new());
    }
    let source = facts.source.clone().unwrap_or_else(|| crate::source::Source::new("<fakta>", ""));
    super::failure::show(&source, &unused, lang);
    let warnings = crate::eval::FactWarning::all(&unused, Some(&source), lang);
    (facts.without_unused(plan).into_owned(), warnings)
}

/// Writes `bytes` to `output` atomically, or to standard output.
pub fn write(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    match output {
        Some(path) => crate::source::write_atomic(path, bytes).map_err(|e| Failure::unwritable(path, &e)),
        None => {
            let _ = std::io::stdout().write_all(bytes);
            Ok(())
        }
    }
}

/// `value` as pretty JSON with a final line break.
pub fn json(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|json| json + "\n")
        .map_err(|e| Failure::usage(format!("kan ikke skrive JSON: {e}"), format!("cannot write JSON: {e}")))
}
