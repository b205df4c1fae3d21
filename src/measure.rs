//! The kinds of measure a plan uses, and its deadline words: declared once.
//!
//! Every property of a dimension lives in its row of [`MEASURES`]: its name
//! for people and in JSON, the unit words that rules and fact files accept
//! and their scale, how a value is shown, how a bare number in a fact file is
//! read, the resolution a margin is searched to, and the examples the fact
//! templates show. How dimensions combine under `+ - * /` is
//! [`Dim::combine`] over the rows' `products` and `quotients`. The checker,
//! the compiler, the evaluator, fact files, templates, the REPL and the
//! service read this table; none of them matches on a dimension.
//!
//! Adding a dimension is a variant of [`Dim`], its row here, and its unit
//! words in the grammar (`unit` in `grammar/maal.pest`); adding a deadline
//! word is a row of [`DEADLINE_WORDS`] and the word in the grammar
//! (`deadline_op`). `tests/measures.rs` walks both tables through rules,
//! fact files, formatting and the templates.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Msg;

/// Deadline operators over a date and a time span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DeadlineOp {
    /// `senest T`, `by T`, and `inden`/`før` the end of a period
    /// (`inden udgangen af Q2 2024`, `før ultimo 2026`): on or before the last day of T.
    By,
    /// `før T`, `inden T` of a period (`inden juni 2024`): before its first
    /// day, as "inden juni" reads in ordinary Danish.
    Before,
    /// `i T`, `within T`: inside T.
    Within,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl ArithOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// The dimension of a number: which row of [`MEASURES`] describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Dim {
    /// A count, a level or another plain number.
    Plain,
    /// Money, held in kroner.
    Money,
    /// A percentage or ratio, held as a fraction; pct.-points share it.
    Percent,
    /// A length of time in calendar days (a week is exactly 7): case-processing
    /// times, delivery times.
    Duration,
    /// A length of time in working days (`20 arbejdsdage`): not a fixed number
    /// of calendar days, so a measure of its own.
    #[serde(rename = "working_days")]
    WorkingDays,
    /// A length of time in months (`4,1 måneder`): not a fixed number of days either.
    Months,
}

/// A decimal written as mantissa and scale, so the table can be `const`.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub i64, pub u32);

impl Fixed {
    /// The value.
    #[inline]
    pub fn get(self) -> Decimal {
        Decimal::new(self.0, self.1)
    }

    /// Whether it is 0.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether it is 1 (written `Fixed(1, 0)`).
    #[inline]
    pub fn is_one(self) -> bool {
        self.0 == 1 && self.1 == 0
    }
}

/// Unit words of one size: `mio.`, `mio. kr.` … are a million kroner.
#[derive(Clone, Copy, Debug)]
pub struct UnitWords {
    /// The words, lower case, without white space or a final `.`; the first
    /// is how rules write it.
    pub words: &'static [&'static str],
    /// How many base units (kroner; a whole for percentages) one of it is.
    pub scale: Fixed,
}

/// How values of a size are shown: from `from` base units up, multiplied by
/// `times` (a multiplication, not a division: it is on the path of every
/// explanation), followed by `suffix`.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    /// The smallest magnitude shown this way (in base units).
    pub from: Fixed,
    /// Shown units per base unit (a millionth for `mio. kr.`, 100 for `pct.`).
    pub times: Fixed,
    /// The unit word shown after the number (empty for none).
    pub suffix: &'static str,
    /// The unit word after exactly 1 (or -1), where it differs: `1 uge`, `1 dag`.
    pub suffix_one: Option<&'static str>,
    /// Base units per shown unit where that is not a decimal fraction (7 days
    /// a week): the value is divided by it, and shown this way only when the
    /// result has at most two decimals (17,6 uger, not 1,428571 uger).
    pub per: Option<Fixed>,
}

/// Everything about one dimension.
#[derive(Clone, Copy, Debug)]
pub struct Measure {
    /// The dimension.
    pub dim: Dim,
    /// Its name in JSON (`required_facts`, the service): `money`.
    pub key: &'static str,
    /// Its name for people.
    pub name: (&'static str, &'static str),
    /// Its values together, for people: `beløb`.
    pub plural: (&'static str, &'static str),
    /// Its unit in short: `kr.`.
    pub symbol: &'static str,
    /// Unit words in rules and fact files. A number without one is plain.
    pub units: &'static [UnitWords],
    /// How values are shown, largest first; the last applies to the rest.
    pub shown: &'static [Shown],
    /// What is shown after a value too large to scale.
    pub unscaled: &'static str,
    /// A bare number in a fact file for a fact of this kind is this many base
    /// units (92 for a percentage is 92 pct.).
    pub bare: Fixed,
    /// The unit a fact file written by maal uses (`fakta.toml`, `skriv`).
    pub written: Shown,
    /// Margins are searched to this resolution …
    pub resolution: Fixed,
    /// … or this one when the value has decimals.
    pub fine_resolution: Fixed,
    /// An example value in fact templates.
    pub example: &'static str,
    /// The unit column of the Excel template.
    pub sheet_unit: &'static str,
    /// The unit word of a difference of two values, where it is not the
    /// values' own (`pct.-point` between two percentages).
    pub difference: Option<&'static str>,
    /// `self × other = result`, beyond the rules for every dimension
    /// (see [`Dim::combine`]).
    pub products: &'static [(Dim, Dim)],
    /// `self ÷ other = result`, beyond the rules for every dimension.
    pub quotients: &'static [(Dim, Dim)],
    /// `self × other = result` where `self` is measured (it reads a fact:
    /// a count of things, not a constant factor); these win over `products`.
    pub measured_products: &'static [(Dim, Dim)],
    /// `self ÷ other = result` where both sides are measured (a count over a
    /// count is a share); these win over `quotients`.
    pub measured_quotients: &'static [(Dim, Dim)],
    /// A hint when a value of this dimension meets one of `other` where they
    /// must agree: (other, Danish, English).
    pub mismatch_hints: &'static [(Dim, &'static str, &'static str)],
}

/// The hint for a relative deviation written without dividing by the budget.
const RELATIVE_DEVIATION: (&str, &str) = (
    "en relativ afvigelse skrives `|budget - realiseret| / |budget| <= 5 pct.`",
    "a relative deviation is written `|budget - realiseret| / |budget| <= 5 pct.`",
);

const ONE: Fixed = Fixed(1, 0);
const HUNDREDTH: Fixed = Fixed(1, 2);

/// The dimensions, one row each.
pub const MEASURES: &[Measure] = &[
    Measure {
        dim: Dim::Plain,
        key: "number",
        name: ("et tal", "a plain number"),
        plural: ("tal", "numbers"),
        symbol: "",
        units: &[],
        shown: &[Shown { from: Fixed(0, 0), times: ONE, suffix: "", suffix_one: None, per: None }],
        unscaled: "",
        bare: ONE,
        written: Shown { from: Fixed(0, 0), times: ONE, suffix: "", suffix_one: None, per: None },
        resolution: ONE,
        fine_resolution: HUNDREDTH,
        example: "10",
        sheet_unit: "",
        difference: None,
        products: &[],
        quotients: &[],
        // A count times a share is a count (`h[2012] * 75 pct.`); a count
        // over a count is a share (`(h[2012] - h[2020]) / h[2012] >= 25 pct.`).
        measured_products: &[(Dim::Percent, Dim::Plain)],
        measured_quotients: &[(Dim::Plain, Dim::Percent)],
        mismatch_hints: &[],
    },
    Measure {
        dim: Dim::Money,
        key: "money",
        name: ("et beløb (kr.)", "an amount of money (kr.)"),
        plural: ("beløb", "amounts"),
        symbol: "kr.",
        units: &[
            UnitWords { words: &["kr", "dkk"], scale: ONE },
            UnitWords { words: &["t.kr", "tkr", "t"], scale: Fixed(1_000, 0) },
            UnitWords {
                words: &["mio.kr", "mio", "miokr", "mio.dkk", "mill.kr", "mill", "millkr"],
                scale: Fixed(1_000_000, 0),
            },
            UnitWords { words: &["mia.kr", "mia", "miakr", "mia.dkk"], scale: Fixed(1_000_000_000, 0) },
        ],
        shown: &[
            Shown { from: Fixed(1_000_000, 0), times: Fixed(1, 6), suffix: "mio. kr.", suffix_one: None, per: None },
            Shown { from: Fixed(0, 0), times: ONE, suffix: "kr.", suffix_one: None, per: None },
        ],
        unscaled: "kr.",
        bare: ONE,
        written: Shown { from: Fixed(0, 0), times: ONE, suffix: "kr.", suffix_one: None, per: None },
        resolution: ONE,
        fine_resolution: ONE,
        example: "\"42,9 mio. kr.\"",
        sheet_unit: "mio. kr.",
        difference: None,
        products: &[(Dim::Percent, Dim::Money)],
        quotients: &[(Dim::Percent, Dim::Money)],
        measured_products: &[],
        measured_quotients: &[],
        mismatch_hints: &[(Dim::Percent, RELATIVE_DEVIATION.0, RELATIVE_DEVIATION.1)],
    },
    Measure {
        dim: Dim::Percent,
        key: "percent",
        name: ("en procentsats (pct.)", "a percentage (pct.)"),
        plural: ("procentsatser", "percentages"),
        symbol: "pct.",
        units: &[UnitWords {
            words: &["pct", "%", "procent", "pct.-point", "pct-point", "pct.point", "procentpoint", "pp"],
            scale: HUNDREDTH,
        }],
        shown: &[Shown { from: Fixed(0, 0), times: Fixed(100, 0), suffix: "pct.", suffix_one: None, per: None }],
        unscaled: "(brøk)",
        bare: HUNDREDTH,
        written: Shown { from: Fixed(0, 0), times: Fixed(100, 0), suffix: "pct.", suffix_one: None, per: None },
        resolution: Fixed(1, 4),
        fine_resolution: Fixed(1, 4),
        example: "\"92 pct.\"",
        sheet_unit: "pct.",
        difference: Some("pct.-point"),
        products: &[
            (Dim::Money, Dim::Money),
            (Dim::Percent, Dim::Percent),
            (Dim::Duration, Dim::Duration),
            (Dim::WorkingDays, Dim::WorkingDays),
            (Dim::Months, Dim::Months),
        ],
        quotients: &[],
        measured_products: &[],
        measured_quotients: &[],
        mismatch_hints: &[(Dim::Money, RELATIVE_DEVIATION.0, RELATIVE_DEVIATION.1)],
    },
    Measure {
        dim: Dim::Duration,
        key: "duration",
        name: ("en varighed (dage, uger)", "a duration (days, weeks)"),
        plural: ("varigheder", "durations"),
        symbol: "dage",
        // Only the exact conversion: a week is 7 days. Working days and months
        // are not a fixed number of days: rows of their own.
        units: &[
            UnitWords { words: &["dage", "dag", "days", "day"], scale: ONE },
            UnitWords { words: &["uger", "uge", "weeks", "week"], scale: Fixed(7, 0) },
        ],
        shown: &[
            Shown { from: Fixed(7, 0), times: ONE, suffix: "uger", suffix_one: Some("uge"), per: Some(Fixed(7, 0)) },
            Shown { from: Fixed(0, 0), times: ONE, suffix: "dage", suffix_one: Some("dag"), per: None },
        ],
        unscaled: "dage",
        bare: ONE,
        written: Shown { from: Fixed(0, 0), times: ONE, suffix: "dage", suffix_one: None, per: None },
        resolution: ONE,
        fine_resolution: Fixed(1, 1),
        example: "\"17,6 uger\"",
        sheet_unit: "dage",
        difference: None,
        // A duration times or over a share stays a duration (`t[2012] * 75 pct.`).
        products: &[(Dim::Percent, Dim::Duration)],
        quotients: &[(Dim::Percent, Dim::Duration)],
        measured_products: &[],
        measured_quotients: &[],
        mismatch_hints: &[(Dim::WorkingDays, DAYS_APART.0, DAYS_APART.1), (Dim::Months, DAYS_APART.0, DAYS_APART.1)],
    },
    Measure {
        dim: Dim::WorkingDays,
        key: "working_days",
        name: ("et antal arbejdsdage", "a number of working days"),
        plural: ("arbejdsdage", "working days"),
        symbol: "arbejdsdage",
        units: &[UnitWords { words: &["arbejdsdage", "arbejdsdag", "workingdays", "workingday"], scale: ONE }],
        shown: &[Shown {
            from: Fixed(0, 0),
            times: ONE,
            suffix: "arbejdsdage",
            suffix_one: Some("arbejdsdag"),
            per: None,
        }],
        unscaled: "arbejdsdage",
        bare: ONE,
        written: Shown { from: Fixed(0, 0), times: ONE, suffix: "arbejdsdage", suffix_one: None, per: None },
        resolution: ONE,
        fine_resolution: Fixed(1, 1),
        example: "\"18 arbejdsdage\"",
        sheet_unit: "arbejdsdage",
        difference: None,
        products: &[(Dim::Percent, Dim::WorkingDays)],
        quotients: &[(Dim::Percent, Dim::WorkingDays)],
        measured_products: &[],
        measured_quotients: &[],
        mismatch_hints: &[(Dim::Duration, DAYS_APART.0, DAYS_APART.1)],
    },
    Measure {
        dim: Dim::Months,
        key: "months",
        name: ("et antal måneder", "a number of months"),
        plural: ("måneder", "months"),
        symbol: "måneder",
        units: &[UnitWords { words: &["måneder", "måned", "months", "month"], scale: ONE }],
        shown: &[Shown { from: Fixed(0, 0), times: ONE, suffix: "måneder", suffix_one: Some("måned"), per: None }],
        unscaled: "måneder",
        bare: ONE,
        written: Shown { from: Fixed(0, 0), times: ONE, suffix: "måneder", suffix_one: None, per: None },
        resolution: Fixed(1, 1),
        fine_resolution: Fixed(1, 1),
        example: "\"4,1 måneder\"",
        sheet_unit: "måneder",
        difference: None,
        products: &[(Dim::Percent, Dim::Months)],
        quotients: &[(Dim::Percent, Dim::Months)],
        measured_products: &[],
        measured_quotients: &[],
        mismatch_hints: &[(Dim::Duration, DAYS_APART.0, DAYS_APART.1)],
    },
];

/// Why calendar days, working days and months do not meet.
const DAYS_APART: (&str, &str) = (
    "kalenderdage (dage, uger), arbejdsdage og måneder kan ikke omregnes præcist til hinanden: skriv begge sider i samme enhed",
    "calendar days (days, weeks), working days and months do not convert exactly: write both sides in one unit",
);

impl Dim {
    /// Every dimension, in table order.
    pub fn all() -> impl Iterator<Item = Dim> {
        MEASURES.iter().map(|m| m.dim)
    }

    /// This dimension's row.
    pub fn measure(self) -> &'static Measure {
        // The rows are in the order of the variants (checked by a test).
        &MEASURES[self as usize]
    }

    /// The dimension's name for people.
    pub fn describe(self) -> Msg {
        let (da, en) = self.measure().name;
        Msg::new(da, en)
    }

    /// The dimension of `a op b`, or `None` when the units don't combine:
    /// sums and differences of one dimension; products and quotients with a
    /// plain number keep the other's dimension; a dimension over itself is a
    /// ratio (a percentage); the rest as the table's rows say.
    #[inline]
    pub fn combine(op: ArithOp, a: Dim, b: Dim) -> Option<Dim> {
        let row = |pairs: &[(Dim, Dim)]| pairs.iter().find(|(other, _)| *other == b).map(|(_, result)| *result);
        match op {
            ArithOp::Add | ArithOp::Sub => (a == b).then_some(a),
            _ if a == Dim::Plain && Dim::plain_keeps(op, true) => Some(b),
            _ if b == Dim::Plain && Dim::plain_keeps(op, false) => Some(a),
            ArithOp::Mul => row(a.measure().products),
            ArithOp::Div if a == b => Some(Dim::Percent),
            ArithOp::Div => row(a.measure().quotients),
        }
    }

    /// Whether a plain number on the left (`plain_on_left`) or right of `op`
    /// keeps the other side's dimension: either side of a product, the divisor
    /// of a quotient. The checker asks this where the other side's dimension is
    /// not known yet (a fact whose kind a later rule fixes).
    #[inline]
    pub fn plain_keeps(op: ArithOp, plain_on_left: bool) -> bool {
        matches!((op, plain_on_left), (ArithOp::Mul, _) | (ArithOp::Div, false))
    }

    /// The dimension of `a op b` where each side may be measured (it reads a
    /// fact) or constant: the measured rows of the table first (a count
    /// times a share stays a count, a count over a count is a share), then
    /// [`Dim::combine`]. The checker, the constant folding (both sides
    /// constant) and the evaluator all come here, so they agree.
    #[inline]
    pub fn combine_measured(op: ArithOp, (a, ma): (Dim, bool), (b, mb): (Dim, bool)) -> Option<Dim> {
        let find = |pairs: &[(Dim, Dim)], other: Dim| pairs.iter().find(|(o, _)| *o == other).map(|(_, r)| *r);
        let measured = match op {
            ArithOp::Mul => (if ma { find(a.measure().measured_products, b) } else { None }).or_else(|| {
                if mb {
                    find(b.measure().measured_products, a)
                } else {
                    None
                }
            }),
            ArithOp::Div if ma && mb => find(a.measure().measured_quotients, b),
            _ => None,
        };
        measured.or_else(|| Dim::combine(op, a, b))
    }

    /// The hint for a value of this dimension meeting one of `other` where they must agree.
    pub fn mismatch_hint(self, other: Dim) -> Option<(&'static str, &'static str)> {
        self.measure().mismatch_hints.iter().find(|(o, _, _)| *o == other).map(|(_, da, en)| (*da, *en))
    }

    /// The resolution a margin for `value` is searched to.
    pub fn resolution(self, value: Decimal) -> Decimal {
        let m = self.measure();
        if value.fract().is_zero() {
            m.resolution.get()
        } else {
            m.fine_resolution.get()
        }
    }
}

/// A unit word (as written: `mio. kr.`, `%`, `pct.-point`): its dimension and
/// how many base units one of it is.
pub fn unit_of(word: &str) -> Option<(Dim, Decimal)> {
    // The word without white space, in lower case, on the stack: a look-up
    // (once a quantity in a plan or a fact file) allocates nothing. A word
    // longer than the buffer is longer than every unit word.
    let mut buf = [0u8; UNIT_WORD_MAX];
    let mut n = 0;
    for c in word.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        if n + len > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + len]);
        n += len;
    }
    let w = std::str::from_utf8(&buf[..n]).ok()?.trim_end_matches('.');
    MEASURES.iter().find_map(|m| m.units.iter().find(|u| u.words.contains(&w)).map(|u| (m.dim, u.scale.get())))
}

/// Room for a unit word in [`unit_of`] (the longest is far shorter; a test holds it).
const UNIT_WORD_MAX: usize = 48;

/// A deadline word: `levering senest ultimo 2026`.
#[derive(Clone, Copy, Debug)]
pub struct DeadlineWord {
    /// The word.
    pub word: &'static str,
    /// What it means.
    pub op: DeadlineOp,
    /// Danish (kept by `maal fmt`; an English word becomes the operator's first Danish one).
    pub danish: bool,
    /// Before a period, but by the end day itself when the time is the end
    /// of a period (`inden udgangen af Q2 2024` is on or before 30 June, as
    /// the seeds use it; `inden juni 2024` is before 1 June).
    pub by_at_end: bool,
}

/// The deadline words.
pub const DEADLINE_WORDS: &[DeadlineWord] = &[
    DeadlineWord { word: "senest", op: DeadlineOp::By, danish: true, by_at_end: false },
    DeadlineWord { word: "før", op: DeadlineOp::Before, danish: true, by_at_end: true },
    DeadlineWord { word: "inden", op: DeadlineOp::Before, danish: true, by_at_end: true },
    DeadlineWord { word: "by", op: DeadlineOp::By, danish: false, by_at_end: false },
    DeadlineWord { word: "i", op: DeadlineOp::Within, danish: true, by_at_end: false },
    DeadlineWord { word: "within", op: DeadlineOp::Within, danish: false, by_at_end: false },
];

/// The operator of a deadline word before a period.
pub fn deadline_op(word: &str) -> Option<DeadlineOp> {
    DEADLINE_WORDS.iter().find(|w| w.word == word).map(|w| w.op)
}

/// The operator of a deadline word before a time that is (`at_end`) or is
/// not the end of a period (`udgangen af …`, `ultimo …`, `end of …`).
pub fn deadline_op_at(word: &str, at_end: bool) -> Option<DeadlineOp> {
    DEADLINE_WORDS.iter().find(|w| w.word == word).map(|w| if w.by_at_end && at_end { DeadlineOp::By } else { w.op })
}

/// The word `maal fmt` writes for `op`: the word as written when it is one
/// of `op`'s Danish words, else `op`'s first Danish word.
pub fn deadline_word(op: DeadlineOp, written: &str) -> &'static str {
    let danish = || {
        DEADLINE_WORDS
            .iter()
            .filter(move |w| (w.op == op || (w.by_at_end && op == DeadlineOp::By)) && w.danish)
            .map(|w| w.word)
    };
    danish().find(|w| *w == written).or_else(|| danish().next()).unwrap_or("senest")
}

#[cfg(test)]
mod unit_word_tests {
    use super::*;

    #[test]
    fn every_unit_word_fits_the_look_up_buffer_and_is_found() {
        for m in MEASURES {
            for u in m.units {
                for w in u.words {
                    assert!(w.len() < UNIT_WORD_MAX, "{w}");
                    assert_eq!(unit_of(w), Some((m.dim, u.scale.get())), "{w}");
                    assert_eq!(unit_of(&format!(" {}. ", w.to_uppercase())), Some((m.dim, u.scale.get())), "{w}");
                }
            }
        }
        assert_eq!(unit_of("mio. kr."), unit_of("mio.kr"));
        assert_eq!(unit_of(&"x".repeat(1000)), None);
        assert_eq!(unit_of(""), None);
    }
}
