//! What an evaluation found, in words: each leaf's value, threshold, margin
//! and note, each need and its windows, the REPL's ad-hoc expression, and the
//! status and truth words. The evaluator produces these as data
//! (`eval::result`); this is the one place they are said.

use super::words::t;
use crate::diag::Lang;
use crate::eval::{ExprResult, Leaf, Margin, Need, Note, Shape, Status, Threshold, Truth, Window};
use crate::value::{format_date, format_difference, format_quantity, Value};

impl Truth {
    /// The truth in words: sand/falsk/ukendt.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Truth::True, Lang::Da) => "sand",
            (Truth::False, Lang::Da) => "falsk",
            (Truth::Unknown, Lang::Da) => "ukendt",
            (Truth::Error, Lang::Da) => "fejl",
            (Truth::True, Lang::En) => "true",
            (Truth::False, Lang::En) => "false",
            (Truth::Unknown, Lang::En) => "unknown",
            (Truth::Error, Lang::En) => "error",
        }
    }
}

impl Status {
    /// The status word.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Met, Lang::Da) => "opfyldt",
            (Status::PartlyMet, Lang::Da) => "delvist opfyldt",
            (Status::NotMet, Lang::Da) => "ikke opfyldt",
            (Status::Pending, Lang::Da) => "afventer",
            (Status::Dropped, Lang::Da) => "udgået",
            (Status::Error, Lang::Da) => "fejl",
            (Status::Met, Lang::En) => "met",
            (Status::PartlyMet, Lang::En) => "partly met",
            (Status::NotMet, Lang::En) => "not met",
            (Status::Pending, Lang::En) => "pending",
            (Status::Dropped, Lang::En) => "dropped",
            (Status::Error, Lang::En) => "error",
        }
    }
}

impl Leaf {
    /// The measured side for people: `1,9 mio. kr.`.
    pub fn value_text(&self, lang: Lang) -> Option<String> {
        self.value.map(|v| v.describe(lang))
    }

    /// The measured side as a report prints it: a percentage to one decimal
    /// (`1,9 pct.`, not `1,886792 pct.`), an amount of a million kroner or more
    /// to 0,1 mio. kr. — unless the rounded figure would read as on the other
    /// side of the threshold than the exact one (`2,04 mio. kr.` against `<= 2
    /// mio. kr.` is not "2,0"): then with as many more decimals as tell them apart.
    pub fn rounded_text(&self, lang: Lang) -> Option<String> {
        let Some(Value::Number { value, dim }) = self.value else { return self.value_text(lang) };
        // The step to round to, as a power of ten of the base unit.
        let step: i32 = match dim {
            crate::value::Dim::Percent => -3,
            crate::value::Dim::Money if value.abs() >= rust_decimal::Decimal::from(1_000_000) => 5,
            _ => return self.value_text(lang),
        };
        let round = |exp: i32| -> Option<rust_decimal::Decimal> {
            if exp >= 0 {
                let unit = rust_decimal::Decimal::from(10i64.checked_pow(u32::try_from(exp).ok()?)?);
                value.checked_div(unit)?.round().checked_mul(unit)
            } else {
                Some(value.round_dp(u32::try_from(-exp).ok()?))
            }
        };
        let same_side = |v: rust_decimal::Decimal| match self.threshold {
            Threshold::Compare(op, Value::Number { value: y, .. }) => op.holds(v.cmp(&y)) == op.holds(value.cmp(&y)),
            Threshold::Range(Value::Number { value: lo, .. }, Value::Number { value: hi, .. }) => {
                (lo <= v && v <= hi) == (lo <= value && value <= hi)
            }
            _ => true,
        };
        (0..=6)
            .filter_map(|extra| round(step - extra))
            .find(|v| same_side(*v))
            .map(|v| format_quantity(v, dim, lang))
            .or_else(|| self.value_text(lang))
    }

    /// What it was measured against: `<= 2,0 mio. kr.`, `1..2`, `31. december 2026`.
    pub fn threshold_text(&self, lang: Lang) -> Option<String> {
        match self.threshold {
            Threshold::None => None,
            Threshold::Compare(op, y) => Some(format!("{} {}", op.symbol(), y.describe(lang))),
            Threshold::Range(lo, hi) => Some(format!("{}..{}", lo.describe(lang), hi.describe(lang))),
            Threshold::Time(time) => Some(time.describe(lang)),
        }
    }

    /// The room to the threshold: `100.000 kr.`, `46 dage`.
    pub fn margin_text(&self, lang: Lang) -> Option<String> {
        self.margin.map(|m| match m {
            Margin::Amount(amount, dim) => format_quantity(amount, dim, lang),
            Margin::Days(days) if days.abs() == 1 => t(lang, &format!("{days} dag"), &format!("{days} day")),
            Margin::Days(days) => t(lang, &format!("{days} dage"), &format!("{days} days")),
        })
    }

    /// Why pending or failed: `afventer indberetning; frist 31. december 2026`.
    pub fn note_text(&self, lang: Lang) -> Option<String> {
        let when = |d| format_date(d, lang);
        self.note.as_ref().map(|note| match note {
            Note::Awaiting(d) => t(
                lang,
                &format!("afventer indberetning; frist {}", when(*d)),
                &format!("awaiting report; deadline {}", when(*d)),
            ),
            Note::NotReported(d) => t(
                lang,
                &format!("ikke indberettet inden fristen {}", when(*d)),
                &format!("not reported by the deadline {}", when(*d)),
            ),
            Note::NotReached(d) => t(
                lang,
                &format!("endnu ikke nået; frist {}", when(*d)),
                &format!("not reached yet; deadline {}", when(*d)),
            ),
            Note::AfterAsOf => {
                t(lang, "leveringsdatoen ligger efter opgørelsesdatoen", "the delivery date is after the as-of date")
            }
            Note::Failed(title, label) => format!("{}: {}", title.get(lang), label.get(lang)),
        })
    }

    /// Each fact read with its value for people (`None`: not reported).
    pub fn facts_text(&self, lang: Lang) -> Vec<(String, Option<String>)> {
        self.facts.iter().map(|(name, value)| (name.clone(), value.map(|v| v.describe(lang)))).collect()
    }
}

/// The words for a window with one value, or open at one end (Danish, English).
struct Ends {
    exactly: (&'static str, &'static str),
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
}

/// Windows of amounts, counts and percentages.
const AMOUNTS: Ends = Ends { exactly: ("præcis", "exactly"), from: ("mindst", "at least"), to: ("højst", "at most") };

/// Windows of days.
const DAYS: Ends = Ends { exactly: ("den", "on"), from: ("tidligst", "on or after"), to: ("senest", "on or before") };

/// A window's words from its ends, written: `mellem A og B`, `præcis A`, or
/// open at one end (`mindst A`, `højst B`).
fn ends(low: Option<String>, high: Option<String>, words: &Ends, lang: Lang) -> String {
    let say = |(da, en): (&str, &str), x: &str| t(lang, &format!("{da} {x}"), &format!("{en} {x}"));
    match (low, high) {
        (Some(l), Some(h)) if l == h => say(words.exactly, &l),
        (Some(l), Some(h)) => t(lang, &format!("mellem {l} og {h}"), &format!("between {l} and {h}")),
        (Some(l), None) => say(words.from, &l),
        (None, Some(h)) => say(words.to, &h),
        (None, None) => String::new(),
    }
}

impl Window {
    /// The window in words: `mellem 43,2 og 45,2 mio. kr. (1,2 mio. kr. mere)`.
    pub fn text(&self, lang: Lang) -> String {
        let for_subgoal = |words: String, sub: &Option<String>| match sub {
            Some(s) => t(lang, &format!("{words} for delmål {s}"), &format!("{words} for sub-goal {s}")),
            None => words,
        };
        match &self.shape {
            Shape::Answer { to, subgoal } => for_subgoal(Value::Bool { value: *to }.describe(lang), subgoal),
            Shape::Days { low, high, later, days } => {
                let d = |x| format_date(x, lang);
                let words = ends(low.map(d), high.map(d), &DAYS, lang);
                let how = match (later, days) {
                    (true, 1) => t(lang, "1 dag senere", "1 day later"),
                    (false, 1) => t(lang, "1 dag tidligere", "1 day earlier"),
                    (true, n) => t(lang, &format!("{n} dage senere"), &format!("{n} days later")),
                    (false, n) => t(lang, &format!("{n} dage tidligere"), &format!("{n} days earlier")),
                };
                format!("{words} ({how})")
            }
            Shape::Amount { low, high, dim, change, up, subgoal, holding } => {
                let q = |v| format_quantity(v, *dim, lang);
                let words = ends(low.map(q), high.map(q), &AMOUNTS, lang);
                let change = format_difference(*change, *dim, lang);
                let how = if *up {
                    t(lang, &format!("{change} mere"), &format!("{change} more"))
                } else {
                    t(lang, &format!("{change} mindre"), &format!("{change} less"))
                };
                if subgoal.is_some() {
                    return for_subgoal(format!("{words} ({how})"), subgoal);
                }
                let parts = match holding.split_last() {
                    None => String::new(),
                    Some((last, rest)) => {
                        let list = if rest.is_empty() {
                            last.clone()
                        } else {
                            format!("{} {} {last}", rest.join(", "), t(lang, "og", "and"))
                        };
                        t(lang, &format!(", delmål {list}"), &format!(", sub-goal {list}"))
                    }
                };
                format!("{words} ({how}{parts})")
            }
        }
    }
}

impl Need {
    /// All of it in words: `realiseret: mellem 43.200.000 kr. og 45.200.000
    /// kr. (1.200.000 kr. mere); nu 42.000.000 kr.`
    pub fn text(&self, lang: Lang) -> String {
        self.text_as(&self.fact, lang)
    }

    /// [`Need::text`] with the fact called `fact` (its label, say).
    pub fn text_as(&self, fact: &str, lang: Lang) -> String {
        let Some(now) = self.now else {
            let when = self.deadline.map(|d| format_date(d, lang)).unwrap_or_default();
            return format!(
                "{fact}: {}",
                t(lang, &format!("ikke indberettet; frist {when}"), &format!("not reported; deadline {when}"))
            );
        };
        let texts: Vec<String> = self.windows.iter().map(|w| w.text(lang)).collect();
        let (or, nu) = (t(lang, ", eller ", ", or "), t(lang, "nu", "now"));
        let mut text = format!("{fact}: {}; {nu} {}", texts.join(&or), now.describe(lang));
        if let Some(d) = self.deadline {
            let d = format_date(d, lang);
            text.push_str(&t(lang, &format!("; frist {d}"), &format!("; deadline {d}")));
        }
        text
    }

    /// Its value as reported, in words; `None` when it is not reported.
    pub fn now_text(&self, lang: Lang) -> Option<String> {
        self.now.map(|v| v.describe(lang))
    }
}

/// What the REPL's `udtryk` found, in words: a value, or a truth with the
/// value and margin or note of each condition measured.
pub fn expr_text(result: &ExprResult, lang: Lang) -> String {
    match result {
        ExprResult::Value(Some(v)) => format!("{}\n", v.describe(lang)),
        ExprResult::Value(None) => t(lang, "ukendt (et faktum mangler)\n", "unknown (a fact is missing)\n"),
        ExprResult::Condition(truth, leaves) => {
            let mut out = format!("{}\n", truth.word(lang));
            for leaf in leaves {
                if let Some(v) = leaf.value_text(lang) {
                    out.push_str(&format!("  {}: {v}", leaf.rule));
                    if let Some(m) = leaf.margin_text(lang) {
                        out.push_str(&format!(", margin {m}"));
                    }
                    out.push('\n');
                }
                if let Some(n) = leaf.note_text(lang) {
                    out.push_str(&format!("  {n}\n"));
                }
            }
            out
        }
        ExprResult::Nothing => String::new(),
    }
}
