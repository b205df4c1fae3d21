//! `import maal`: the library's front door for Python (pyo3).
//!
//! Plans compile once and evaluate many times; facts come as dicts (values as
//! in fact files, `decimal.Decimal`, `datetime.date`, bools, year-indexed
//! dicts) or from files; money and percentages go in and come out as
//! `decimal.Decimal`, never float. Errors are `maal.RulesError` and
//! `maal.FactsError` carrying every located diagnostic. A panic in Rust
//! reaches Python as an exception (pyo3's `PanicException`), never an abort.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

create_exception!(maal, MaalError, PyException, "Base class of maal's errors; `diagnostics` holds them all.");
create_exception!(maal, RulesError, MaalError, "The rules have errors (syntax, names, kinds, units, limits).");
create_exception!(maal, FactsError, MaalError, "The facts have errors (format, unknown names, wrong kinds).");

/// `da` or `en`.
fn lang_of(lang: &str) -> PyResult<maal::Lang> {
    match lang {
        "da" => Ok(maal::Lang::Da),
        "en" => Ok(maal::Lang::En),
        other => Err(PyValueError::new_err(format!("lang must be \"da\" or \"en\", not {other:?}"))),
    }
}

/// A maal error as a Python exception with its diagnostics (dicts: code,
/// severity, message, label, location with line and column, notes, hint,
/// rendered text).
fn raise(py: Python<'_>, error: &maal::Error, lang: maal::Lang) -> PyErr {
    let rendered = error.render(lang);
    let err = match error.kind {
        maal::ErrorKind::Facts => FactsError::new_err(rendered.trim_end().to_string()),
        _ => RulesError::new_err(rendered.trim_end().to_string()),
    };
    let diagnostics = (|| -> PyResult<Bound<'_, PyList>> {
        let list = PyList::empty(py);
        let json = py.import("json")?;
        for (one, d) in maal::render::to_json(&error.source, &error.diagnostics, lang).iter().zip(&error.diagnostics) {
            let text = serde_json::to_string(one).map_err(|e| PyValueError::new_err(e.to_string()))?;
            let dict = json.call_method1("loads", (text,))?;
            let alone = maal::render::render_to_string(&error.source, std::slice::from_ref(d), lang);
            dict.set_item("rendered", alone)?;
            // The place at the top level too (None when there is no place to point at).
            let place = one.location.map(|l| (l.line, l.column));
            dict.set_item("line", place.map(|p| p.0))?;
            dict.set_item("column", place.map(|p| p.1))?;
            list.append(dict)?;
        }
        Ok(list)
    })();
    if let Ok(list) = diagnostics {
        let _ = err.value(py).setattr("diagnostics", list);
    }
    err
}

/// The Python types fact values are told apart by, looked up once per call.
struct Types<'py> {
    decimal: Bound<'py, PyAny>,
    date: Bound<'py, PyAny>,
    datetime: Bound<'py, PyAny>,
    format: Bound<'py, PyAny>,
    float: Bound<'py, PyAny>,
}

impl<'py> Types<'py> {
    fn new(py: Python<'py>) -> PyResult<Types<'py>> {
        let datetime = py.import("datetime")?;
        Ok(Types {
            decimal: py.import("decimal")?.getattr("Decimal")?,
            date: datetime.getattr("date")?,
            datetime: datetime.getattr("datetime")?,
            format: py.import("builtins")?.getattr("format")?,
            float: py.import("builtins")?.getattr("float")?,
        })
    }
}

/// A Python value as JSON for the fact-file reader: numbers as text that
/// reads one way only (a Decimal `1.000` as `"1,0000"`), dates as ISO text.
fn to_json(types: &Types<'_>, value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    use serde_json::Value as J;
    let kind = value.get_type().name()?.to_string();
    Ok(if value.is_none() || matches!(kind.as_str(), "NAType" | "NaTType") {
        // None, pandas' NA and NaT: not reported.
        J::Null
    } else if value.is_instance_of::<PyBool>() || kind == "bool_" || kind == "bool" && value.hasattr("dtype")? {
        // numpy's bool_ is not a Python bool.
        J::Bool(value.is_truthy()?)
    } else if value.is_instance_of::<PyInt>() {
        J::String(value.str()?.to_string())
    } else if value.is_instance_of::<PyString>() {
        J::String(value.extract()?)
    } else if value.is_instance_of::<PyFloat>() && value.extract::<f64>()?.is_nan() {
        // pandas' missing value: not reported.
        J::Null
    } else if value.is_instance_of::<PyFloat>() || value.is_instance(&types.decimal)? || is_numpy_float(value)? {
        // A float by its shortest decimal text, as fact files read TOML floats
        // (numpy's floats through a Python float: `repr(np.float64(1.5))` is not a number).
        let exact = if value.is_instance(&types.decimal)? {
            value.clone()
        } else {
            let float = types.float.call1((value,))?;
            if float.extract::<f64>()?.is_nan() {
                return Ok(J::Null);
            }
            types.decimal.call1((float.repr()?,))?
        };
        if !exact.call_method0("is_finite")?.is_truthy()? {
            // Infinity reaches the reader as text it refuses, naming the fact.
            return Ok(J::String(exact.str()?.to_string()));
        }
        let text: String = types.format.call1((exact, "f"))?.extract()?;
        J::String(unambiguous(&text))
    } else if value.is_instance(&types.datetime)? {
        J::String(value.call_method0("date")?.call_method0("isoformat")?.extract()?)
    } else if value.is_instance(&types.date)? {
        J::String(value.call_method0("isoformat")?.extract()?)
    } else if let Ok(dict) = value.downcast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            map.insert(k.str()?.to_string(), to_json(types, &v)?);
        }
        J::Object(map)
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        J::Array(value.try_iter()?.map(|v| to_json(types, &v?)).collect::<PyResult<_>>()?)
    } else if value.hasattr("__index__")? {
        // numpy's integers and other integral types.
        J::String(value.call_method0("__index__")?.str()?.to_string())
    } else {
        let kind = value.get_type().name()?.to_string();
        return Err(PyTypeError::new_err(format!(
            "a fact is a str, int, Decimal, float, bool, date, None or a dict of years, not {kind}"
        )));
    })
}

/// numpy's float types (`float32`, `float64`, …), which have `__float__` and a dtype.
fn is_numpy_float(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.hasattr("dtype")? && value.hasattr("__float__")? && !value.hasattr("__index__")?)
}

/// A decimal's text (`format(d, "f")`) as fact files read it one way only:
/// a decimal comma, and never exactly three decimals (which read as
/// thousands too): `1.000` becomes `1,0000`, the same value.
fn unambiguous(text: &str) -> String {
    match text.split_once('.') {
        Some((whole, fraction)) if fraction.len() == 3 => format!("{whole},{fraction}0"),
        Some((whole, fraction)) => format!("{whole},{fraction}"),
        None => text.to_string(),
    }
}

/// A date from a `datetime.date`, a `datetime.datetime` or ISO text.
fn date_of(value: &Bound<'_, PyAny>) -> PyResult<chrono::NaiveDate> {
    let py = value.py();
    let datetime = py.import("datetime")?;
    let text: String = if value.is_instance(&datetime.getattr("datetime")?)? {
        value.call_method0("date")?.call_method0("isoformat")?.extract()?
    } else if value.is_instance(&datetime.getattr("date")?)? {
        value.call_method0("isoformat")?.extract()?
    } else {
        value.extract().map_err(|_| PyTypeError::new_err("a date is a datetime.date or text YYYY-MM-DD"))?
    };
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| PyValueError::new_err(format!("{text:?} is not a date YYYY-MM-DD")))
}

fn py_date(py: Python<'_>, date: chrono::NaiveDate) -> PyResult<PyObject> {
    let cls = py.import("datetime")?.getattr("date")?;
    Ok(cls.call_method1("fromisoformat", (date.to_string(),))?.unbind())
}

fn py_decimal(py: Python<'_>, value: rust_decimal::Decimal) -> PyResult<PyObject> {
    Ok(py.import("decimal")?.getattr("Decimal")?.call1((value.to_string(),))?.unbind())
}

/// Reported facts: values, drops and overrides, and the as-of date.
#[pyclass(module = "maal", frozen)]
#[derive(Clone)]
pub struct Facts {
    inner: maal::Facts,
}

#[pymethods]
impl Facts {
    /// Loads a fact file: TOML, JSON, CSV or Excel by its extension.
    #[staticmethod]
    #[pyo3(signature = (path, lang = "da"))]
    fn load(py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<Facts> {
        let lang = lang_of(lang)?;
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| FactsError::new_err(format!("cannot read {name}: {e}")))?;
        maal::Facts::read(&name, &bytes).map(|inner| Facts { inner }).map_err(|e| raise(py, &e, lang))
    }

    /// Facts from a dict laid out like a fact file.
    #[staticmethod]
    #[pyo3(signature = (facts, lang = "da"))]
    fn from_dict(py: Python<'_>, facts: &Bound<'_, PyAny>, lang: &str) -> PyResult<Facts> {
        facts_of(py, facts, lang_of(lang)?)
    }

    /// The report's own date (`opgjort`), if it has one.
    #[getter]
    fn as_of(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        self.inner.as_of.map(|d| py_date(py, d)).transpose()
    }

    /// The values reported, by name: a `Decimal` (amounts in kroner, percentages
    /// as fractions: 92 pct. is `Decimal("0.92")`), a `datetime.date` or a bool; a
    /// fact reported per year as `{year: value}`.
    fn values(&self, py: Python<'_>) -> PyResult<PyObject> {
        let out = PyDict::new(py);
        let mut entries: Vec<_> = self.inner.values.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for ((name, year), (reported, _)) in entries {
            let value = match reported {
                maal::Reported::Number(v, _) => py_decimal(py, *v)?,
                maal::Reported::Date(d) => py_date(py, *d)?,
                maal::Reported::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any().unbind(),
                // A kind of value this package does not know yet reads as None.
                _ => py.None(),
            };
            match year {
                None => out.set_item(name, value)?,
                Some(y) => {
                    let years = match out.get_item(name)? {
                        Some(existing) => existing.downcast_into::<PyDict>()?,
                        None => {
                            let d = PyDict::new(py);
                            out.set_item(name, &d)?;
                            d
                        }
                    };
                    years.set_item(y, value)?;
                }
            }
        }
        Ok(out.into_any().unbind())
    }

    /// A copy with some facts replaced or added, written as in a dict
    /// (`facts.with_(realiseret="43,1 mio")`, a `Decimal`, a date, a bool, `{year: value}`);
    /// `None` leaves a fact out (not reported). The copy keeps the date and the agreements.
    #[pyo3(signature = (lang = "da", **changes))]
    fn with_(&self, py: Python<'_>, lang: &str, changes: Option<&Bound<'_, PyDict>>) -> PyResult<Facts> {
        let lang = lang_of(lang)?;
        let mut inner = self.inner.clone();
        let Some(changes) = changes else { return Ok(Facts { inner }) };
        let json = serde_json::to_string_pretty(&to_json(&Types::new(py)?, changes)?)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let read = maal::Facts::from_json_named("<with_>", &json).map_err(|e| raise(py, &e, lang))?;
        for name in changes.keys() {
            let name = name.str()?.to_string();
            inner.values.retain(|(n, _), _| *n != name);
        }
        for ((name, year), (value, _)) in read.values {
            inner.set(&name, year, value);
        }
        Ok(Facts { inner })
    }

    /// The names of the facts reported.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.inner.values.keys().map(|(n, _)| n.clone()).collect();
        names.dedup();
        names
    }

    fn __repr__(&self) -> String {
        format!("<maal.Facts: {} values>", self.inner.values.len())
    }
}

/// Facts as given: read already, or a dict as the JSON a fact file would hold.
enum Given {
    Read(maal::Facts),
    Json(String),
}

impl Given {
    /// From a `maal.Facts` or a dict (with the GIL).
    fn of(types: &Types<'_>, facts: &Bound<'_, PyAny>) -> PyResult<Given> {
        if let Ok(f) = facts.downcast::<Facts>() {
            return Ok(Given::Read(f.get().inner.clone()));
        }
        if !facts.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err("facts are a dict or a maal.Facts"));
        }
        let json =
            serde_json::to_string_pretty(&to_json(types, facts)?).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Given::Json(json))
    }

    /// The facts read (without the GIL): the one fact-file reader, for JSON.
    fn read(self) -> Result<maal::Facts, maal::Error> {
        match self {
            Given::Read(facts) => Ok(facts),
            // Named for what it is: the dict's entries, shown as JSON, one per line.
            Given::Json(json) => maal::Facts::from_json_named("<dict>", &json),
        }
    }
}

/// Facts from a `maal.Facts` or a dict.
fn facts_of(py: Python<'_>, facts: &Bound<'_, PyAny>, lang: maal::Lang) -> PyResult<Facts> {
    let given = Given::of(&Types::new(py)?, facts)?;
    given.read().map(|inner| Facts { inner }).map_err(|e| raise(py, &e, lang))
}

/// A checked and compiled plan: compile once, evaluate many times.
#[pyclass(module = "maal", frozen)]
pub struct Plan {
    inner: maal::Plan,
}

#[pymethods]
impl Plan {
    /// Parses, checks and compiles rule text; `RulesError` with every diagnostic on failure.
    #[staticmethod]
    #[pyo3(signature = (source, name = "plan.maal", lang = "da"))]
    fn compile(py: Python<'_>, source: &str, name: &str, lang: &str) -> PyResult<Plan> {
        let lang = lang_of(lang)?;
        maal::Plan::compile(name, source).map(|inner| Plan { inner }).map_err(|e| raise(py, &e, lang))
    }

    /// Reads, checks and compiles a rule file.
    #[staticmethod]
    #[pyo3(signature = (path, lang = "da"))]
    fn from_file(py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<Plan> {
        let lang = lang_of(lang)?;
        maal::Plan::from_file(&path, &Default::default()).map(|inner| Plan { inner }).map_err(|e| raise(py, &e, lang))
    }

    /// The plan's title.
    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_string()
    }

    /// The goals' numbers, in plan order.
    fn goal_ids(&self) -> Vec<String> {
        self.inner.goal_ids().into_iter().map(str::to_string).collect()
    }

    /// The warnings the checker found (dicts, as `RulesError.diagnostics`).
    fn warnings(&self, py: Python<'_>) -> PyResult<PyObject> {
        let list = PyList::empty(py);
        let json = py.import("json")?;
        for d in maal::render::to_json(self.inner.source(), self.inner.warnings(), maal::Lang::Da) {
            let text = serde_json::to_string(&d).map_err(|e| PyValueError::new_err(e.to_string()))?;
            list.append(json.call_method1("loads", (text,))?)?;
        }
        Ok(list.into_any().unbind())
    }

    /// Every fact the plan reads: dicts of name, kind (`money`, `percent`,
    /// `number`, `date`, `bool`), years, goals and description.
    fn required_facts(&self, py: Python<'_>) -> PyResult<PyObject> {
        let text =
            serde_json::to_string(&self.inner.required_facts()).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
    }

    /// Evaluates facts (a dict or `maal.Facts`) as of a date (default: the
    /// facts' `opgjort`); `FactsError` when they do not fit the plan.
    #[pyo3(signature = (facts, as_of = None, lang = "da"))]
    fn evaluate(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<Evaluation> {
        let lang = lang_of(lang)?;
        let given = Given::of(&Types::new(py)?, facts)?;
        let facts = match given {
            Given::Read(inner) => Facts { inner },
            Given::Json(json) => match maal::Facts::from_json_named("<dict>", &json) {
                Ok(inner) => Facts { inner },
                // Every problem at once: a value that does not read must not hide a name the plan does not use.
                Err(mut e) => {
                    if let Some(partial) = maal::Facts::from_json_partial("<dict>", &json) {
                        e.diagnostics.extend(partial.unused(self.inner.checked()));
                    }
                    return Err(raise(py, &e, lang));
                }
            },
        };
        let date = as_of_for(as_of, &facts)?;
        let inner = py.allow_threads(|| self.inner.evaluate_in(&facts.inner, date, lang));
        let labels = Labels::new(self.inner.checked().labels.clone());
        inner.map(|inner| Evaluation { inner, lang, labels }).map_err(|e| raise(py, &e, lang))
    }

    /// Evaluates many fact sets as of one date, on every core, without the
    /// GIL; the results in the same order. The first fact set that does not
    /// fit the plan raises `FactsError` (its index in the message).
    #[pyo3(signature = (facts, as_of = None, lang = "da"))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<Vec<Evaluation>> {
        let lang = lang_of(lang)?;
        let date = as_of.filter(|d| !d.is_none()).map(date_of).transpose()?;
        let types = Types::new(py)?;
        let sets = facts.try_iter()?.map(|item| Given::of(&types, &item?)).collect::<PyResult<Vec<_>>>()?;
        let count = sets.len();
        let plan = &self.inner;
        // Reading the facts and evaluating them both happen on every core, without the GIL.
        let results: Vec<Result<maal::Evaluation, Option<maal::Error>>> = py.allow_threads(move || {
            let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(count.max(1));
            let chunk = count.div_ceil(threads).max(1);
            let mut parts: Vec<Vec<Given>> = Vec::new();
            let mut sets = sets.into_iter().peekable();
            while sets.peek().is_some() {
                parts.push(sets.by_ref().take(chunk).collect());
            }
            std::thread::scope(|scope| {
                let workers: Vec<_> = parts
                    .into_iter()
                    .map(|part| {
                        scope.spawn(move || {
                            part.into_iter()
                                .map(|given| {
                                    let facts = given.read().map_err(Some)?;
                                    let date = date.or(facts.as_of).ok_or(None)?;
                                    plan.evaluate_in(&facts, date, lang).map_err(Some)
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
            })
        });
        if results.len() != count {
            return Err(PyValueError::new_err("an evaluation thread stopped"));
        }
        let labels = Labels::new(self.inner.checked().labels.clone());
        results
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.map(|inner| Evaluation { inner, lang, labels: labels.clone() }).map_err(|e| match e {
                    None => {
                        PyValueError::new_err(format!("fact set {i}: give as_of, or an `opgjort` date in the facts"))
                    }
                    Some(e) => {
                        let err = raise(py, &e, lang);
                        let out = FactsError::new_err(format!("fact set {i}: {}", err.value(py)));
                        if let Ok(d) = err.value(py).getattr("diagnostics") {
                            let _ = out.value(py).setattr("diagnostics", d);
                        }
                        out
                    }
                })
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        format!("<maal.Plan {:?}: {} goals>", self.inner.title(), self.inner.goal_ids().len())
    }
}

/// The date to evaluate as of: given, else the facts' own `opgjort`.
fn as_of_for(given: Option<&Bound<'_, PyAny>>, facts: &Facts) -> PyResult<chrono::NaiveDate> {
    match given.filter(|g| !g.is_none()) {
        Some(date) => date_of(date),
        None => facts.inner.as_of.ok_or_else(|| PyValueError::new_err("give as_of, or an `opgjort` date in the facts")),
    }
}

/// One goal's outcome.
#[pyclass(module = "maal", frozen)]
pub struct Goal {
    inner: maal::GoalResult,
    lang: maal::Lang,
    /// The plan's words for its facts (`faktum x "…"`).
    labels: Labels,
}

/// A plan's fact labels, shared by its evaluations and their goals.
type Labels = std::sync::Arc<std::collections::BTreeMap<String, String>>;

#[pymethods]
impl Goal {
    /// `7`, `3.1`
    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }
    /// The title.
    #[getter]
    fn title(&self) -> Option<String> {
        self.inner.title.clone()
    }
    /// The section.
    #[getter]
    fn section(&self) -> Option<String> {
        self.inner.section.clone()
    }
    /// `met`, `partly_met`, `not_met`, `pending`, `dropped` or `error`.
    #[getter]
    fn status(&self) -> String {
        status_word(self.inner.status)
    }
    /// Points earned toward the total (Decimal).
    #[getter]
    fn score(&self, py: Python<'_>) -> PyResult<PyObject> {
        py_decimal(py, self.inner.score)
    }
    /// The goal's weight in the total, in pct. points (Decimal).
    #[getter]
    fn weight(&self, py: Python<'_>) -> PyResult<PyObject> {
        py_decimal(py, self.inner.weight)
    }
    /// The reason of an override, when the department overrode the rules.
    #[getter]
    fn override_reason(&self) -> Option<String> {
        self.inner.overridden.as_ref().map(|o| o.reason.clone())
    }
    /// The reason of a drop, when the goal was dropped.
    #[getter]
    fn dropped_reason(&self) -> Option<String> {
        self.inner.dropped_reason.clone()
    }
    /// What the goal needs to be met, one sentence per fact (empty for a
    /// goal that is met, dropped or overridden, or that no one fact can make met).
    #[getter]
    fn needed(&self) -> Vec<String> {
        self.inner.needed.iter().map(|n| n.text(self.lang)).collect()
    }
    /// The explanation tree in words (as `maal eval --explain`).
    fn explain(&self) -> String {
        maal::render::render_explanation(&self.inner, maal::render::words::Voice::new(self.lang, &self.labels))
    }
    fn __repr__(&self) -> String {
        format!("<maal.Goal {}: {}>", self.inner.id, status_word(self.inner.status))
    }
}

fn status_word(status: maal::Status) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// An evaluation: statuses, scores and the total, with explanations.
#[pyclass(module = "maal", frozen)]
pub struct Evaluation {
    inner: maal::Evaluation,
    lang: maal::Lang,
    labels: Labels,
}

#[pymethods]
impl Evaluation {
    /// The plan's title.
    #[getter]
    fn plan(&self) -> String {
        self.inner.plan.clone()
    }
    /// The as-of date.
    #[getter]
    fn as_of(&self, py: Python<'_>) -> PyResult<PyObject> {
        py_date(py, self.inner.as_of)
    }
    /// Samlet målopfyldelse in pct. (Decimal, exact).
    #[getter]
    fn total(&self, py: Python<'_>) -> PyResult<PyObject> {
        py_decimal(py, self.inner.total.score)
    }
    /// The most the total can still reach if every pending goal is met (Decimal).
    #[getter]
    fn max_reachable(&self, py: Python<'_>) -> PyResult<PyObject> {
        py_decimal(py, self.inner.total.max_reachable)
    }
    /// The total and each goal's score as a report shows them: two decimals,
    /// the scores rounded so that they add up to the shown total (largest
    /// remainder), as `maal eval` prints them. `(total, {goal: score})`.
    fn shown_scores(&self, py: Python<'_>) -> PyResult<(PyObject, PyObject)> {
        let shown = self.inner.shown_scores();
        let dict = PyDict::new(py);
        for (g, s) in self.inner.goals.iter().zip(shown) {
            dict.set_item(&g.id, py_decimal(py, s)?)?;
        }
        let total =
            self.inner.total.score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        Ok((py_decimal(py, total)?, dict.into_any().unbind()))
    }
    /// The goals in plan order.
    #[getter]
    fn goals(&self) -> Vec<Goal> {
        self.inner
            .goals
            .iter()
            .map(|g| Goal { inner: g.clone(), lang: self.lang, labels: self.labels.clone() })
            .collect()
    }
    /// Each goal's status by its number.
    #[getter]
    fn statuses(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dict = PyDict::new(py);
        for g in &self.inner.goals {
            dict.set_item(&g.id, status_word(g.status))?;
        }
        Ok(dict.into_any().unbind())
    }
    /// Rules that could not be evaluated (division by zero, overflow …), as messages.
    #[getter]
    fn errors(&self) -> Vec<String> {
        self.inner.errors.iter().map(|d| format!("{}: {}", d.code, d.title.get(self.lang))).collect()
    }
    /// The evaluation as the JSON schema of `maal eval --format json` (dicts,
    /// lists, and Decimals as strings, exactly as the JSON has them).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        let text = serde_json::to_string(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
    }
    /// The evaluation as JSON text (`maal eval --format json`).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }
    /// The status table in words (as `maal eval`).
    fn table(&self) -> String {
        maal::render::render_text(&self.inner, self.lang)
    }
    fn __repr__(&self) -> String {
        format!("<maal.Evaluation {:?} as of {}: {} pct.>", self.inner.plan, self.inner.as_of, self.inner.total.score)
    }
}

#[pymodule]
fn _maal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Plan>()?;
    m.add_class::<Facts>()?;
    m.add_class::<Evaluation>()?;
    m.add_class::<Goal>()?;
    m.add("MaalError", py.get_type::<MaalError>())?;
    m.add("RulesError", py.get_type::<RulesError>())?;
    m.add("FactsError", py.get_type::<FactsError>())?;
    Ok(())
}
