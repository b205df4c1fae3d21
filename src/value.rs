//! Values, dimensions, times and the Danish ways of writing them.
//!
//! Money is held in kroner and percentages as fractions (5 pct. is `0.05`), both
//! as [`Decimal`]: never a binary float. This module parses the number and unit
//! forms that rules and fact files share, and formats values for people.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Lang;
use crate::measure::ArithOp;
pub use crate::measure::Dim;

/// Why arithmetic on two numbers has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// The units do not combine under the operation.
    Units(Dim, Dim),
    /// Division by zero.
    DivisionByZero,
    /// The result does not fit in a `Decimal`.
    Overflow,
}

/// `x op y` on two numbers, checked: the one place arithmetic on values is
/// done (the evaluator, and the compiler's folding of constants). Values that
/// are not numbers do not combine.
pub fn arith(op: ArithOp, x: Value, y: Value) -> Result<Value, ArithError> {
    let (Value::Number { value: x, dim: dx }, Value::Number { value: y, dim: dy }) = (x, y) else {
        return Err(ArithError::Units(Dim::Plain, Dim::Plain));
    };
    arith_numbers(op, (x, dx, false), (y, dy, false)).map(|(value, dim)| Value::Number { value, dim })
}

/// [`arith`] on two numbers with their dimensions and whether each is
/// measured (reads a fact) rather than constant (inlined into the evaluator;
/// see [`Dim::combine_measured`]).
#[inline(always)]
pub fn arith_numbers(
    op: ArithOp,
    (x, dx, mx): (Decimal, Dim, bool),
    (y, dy, my): (Decimal, Dim, bool),
) -> Result<(Decimal, Dim), ArithError> {
    let dim = Dim::combine_measured(op, (dx, mx), (dy, my)).ok_or(ArithError::Units(dx, dy))?;
    let value = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div if y.is_zero() => return Err(ArithError::DivisionByZero),
        ArithOp::Div => x.checked_div(y),
    };
    value.map(|value| (value, dim)).ok_or(ArithError::Overflow)
}

/// Danish alphabetical order: æ, ø, å after z (and `aa` as å), case after
/// letter, so fact lists read as a Danish reader expects.
pub fn danish_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(s: &str) -> Vec<(u32, bool)> {
        let lower = s.to_lowercase().replace("aa", "å");
        lower
            .chars()
            .zip(s.chars().chain(std::iter::repeat(' ')))
            .map(|(c, original)| {
                let rank = match c {
                    'æ' | 'ä' => u32::from('z') + 1,
                    'ø' | 'ö' => u32::from('z') + 2,
                    'å' => u32::from('z') + 3,
                    c => u32::from(c),
                };
                (rank, original.is_uppercase())
            })
            .collect()
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Orders two decimals by value. Equal scales (a count against a count, kroner
/// against kroner as usually written) compare their mantissas directly, which
/// is several times cheaper than `Decimal::cmp`'s general rescaling path.
#[inline(always)]
pub fn cmp_decimal(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(b)
    }
}

/// A span of whole days, both ends included: a day, a month, a quarter or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TimeSpan {
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

impl TimeSpan {
    /// A single day.
    pub fn day(date: NaiveDate) -> TimeSpan {
        TimeSpan { start: date, end: date }
    }

    /// A calendar year.
    pub fn year(year: i32) -> Option<TimeSpan> {
        Some(TimeSpan { start: NaiveDate::from_ymd_opt(year, 1, 1)?, end: NaiveDate::from_ymd_opt(year, 12, 31)? })
    }

    /// A month (1–12) of a year.
    pub fn month(year: i32, month: u32) -> Option<TimeSpan> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(TimeSpan { start, end: next.pred_opt()? })
    }

    /// A quarter (1–4) of a year.
    pub fn quarter(year: i32, quarter: u32) -> Option<TimeSpan> {
        let first = TimeSpan::month(year, quarter * 3 - 2)?;
        let last = TimeSpan::month(year, quarter * 3)?;
        Some(TimeSpan { start: first.start, end: last.end })
    }

    /// Whether `date` lies inside the span.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The span written the Danish way: `30. juni 2024`, `juni 2024`, `2. kvartal 2024`, `2024`.
    pub fn describe(&self, lang: Lang) -> String {
        if self.start == self.end {
            return format_date(self.start, lang);
        }
        let (y, m) = (self.start.year(), self.start.month());
        if TimeSpan::month(y, m) == Some(*self) {
            return match lang {
                Lang::Da => format!("{} {y}", MONTHS_DA[(m - 1) as usize]),
                Lang::En => format!("{} {y}", MONTHS_EN[(m - 1) as usize]),
            };
        }
        if m % 3 == 1 && TimeSpan::quarter(y, m.div_ceil(3)) == Some(*self) {
            return match lang {
                Lang::Da => format!("{}. kvartal {y}", m.div_ceil(3)),
                Lang::En => format!("Q{} {y}", m.div_ceil(3)),
            };
        }
        if TimeSpan::year(y) == Some(*self) {
            return y.to_string();
        }
        format!("{} – {}", format_date(self.start, lang), format_date(self.end, lang))
    }
}

/// Danish month names, January first.
pub const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date for people: `30. juni 2024` or `30 June 2024`.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    let m = date.month0() as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", date.day(), MONTHS_DA[m], date.year()),
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[m], date.year()),
    }
}

/// A runtime value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Value {
    /// A number with a dimension.
    Number {
        /// The amount in base units.
        #[serde(with = "rust_decimal::serde::str")]
        value: Decimal,
        /// Its dimension.
        dim: Dim,
    },
    /// A calendar date.
    Date {
        /// The date.
        value: NaiveDate,
    },
    /// Yes or no.
    Bool {
        /// The truth value.
        value: bool,
    },
}

impl Value {
    /// The value for people, with its unit.
    pub fn describe(&self, lang: Lang) -> String {
        match *self {
            Value::Number { value, dim } => format_quantity(value, dim, lang),
            Value::Date { value } => format_date(value, lang),
            Value::Bool { value } => match (value, lang) {
                (true, Lang::Da) => "ja".into(),
                (false, Lang::Da) => "nej".into(),
                (true, Lang::En) => "yes".into(),
                (false, Lang::En) => "no".into(),
            },
        }
    }
}

/// A difference of two values for people: as [`format_quantity`], in the
/// measure's unit of differences (`0,5 pct.-point`).
pub fn format_difference(value: Decimal, dim: Dim, lang: Lang) -> String {
    let text = format_quantity(value, dim, lang);
    let measure = dim.measure();
    let (suffix, word) = match (lang, measure.difference, measure.shown.last()) {
        (_, None, _) | (_, _, None) => return text,
        (Lang::Da, Some(word), Some(shown)) => (shown.suffix, word),
        // English output says its units in English: `0.5 percentage points`.
        (Lang::En, Some(word), Some(shown)) => {
            (unit_in_english(shown.suffix), if word == "pct.-point" { "percentage points" } else { word })
        }
    };
    match text.strip_suffix(suffix) {
        Some(number) if !suffix.is_empty() => format!("{number}{word}"),
        _ => text,
    }
}

/// A number with its unit for people: `1,8 mio. kr.`, `92 pct.`, `10`.
pub fn format_quantity(value: Decimal, dim: Dim, lang: Lang) -> String {
    let measure = dim.measure();
    let abs = value.abs();
    // A size divided by a factor that is not a decimal fraction (7 days a
    // week) is shown that way only when the result is exact to two decimals.
    let divided = |s: &crate::measure::Shown| match s.per {
        None => Some(value),
        Some(per) => value.checked_div(per.get()).filter(|q| q.round_dp(2) == *q),
    };
    let shown = measure
        .shown
        .iter()
        .find(|s| (s.from.is_zero() || abs >= s.from.get()) && divided(s).is_some())
        .or(measure.shown.last());
    let Some(shown) = shown else {
        return format_decimal(value, lang);
    };
    let value = divided(shown).unwrap_or(value);
    let unit = |word: &'static str| match lang {
        Lang::Da => word,
        Lang::En => unit_in_english(word),
    };
    match shown_value(value, shown.times) {
        Some(v) if v.abs() == Decimal::ONE => {
            with_unit(format_decimal(v, lang), unit(shown.suffix_one.unwrap_or(shown.suffix)))
        }
        Some(v) => with_unit(format_decimal(v, lang), unit(shown.suffix)),
        None => with_unit(format_decimal(value, lang), unit(measure.unscaled)),
    }
}

/// A unit word as English output says it (`uger` → `weeks`, `mio. kr.` →
/// `million DKK`); a word without a translation as it is.
pub fn unit_in_english(word: &'static str) -> &'static str {
    match word {
        "kr." => "DKK",
        "mio. kr." => "million DKK",
        "mia. kr." => "billion DKK",
        "pct." => "%",
        "uger" => "weeks",
        "uge" => "week",
        "dage" => "days",
        "dag" => "day",
        "arbejdsdage" => "working days",
        "arbejdsdag" => "working day",
        "måneder" => "months",
        "måned" => "month",
        other => other,
    }
}

/// `value` in shown units: `value × times` (exactly `value` when `times` is 1).
pub fn shown_value(value: Decimal, times: crate::measure::Fixed) -> Option<Decimal> {
    if times.is_one() {
        Some(value)
    } else {
        value.checked_mul(times.get())
    }
}

/// `number unit`, or the number alone when there is no unit word.
fn with_unit(number: String, unit: &str) -> String {
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// A decimal the Danish way (`1.234,5`) or the English way (`1,234.5`),
/// without trailing zeros and rounded to at most 6 decimals.
pub fn format_decimal(value: Decimal, lang: Lang) -> String {
    let value = value.round_dp(6).normalize();
    let text = value.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A decimal with exactly two decimals, Danish or English: scores.
pub fn format_score(value: Decimal, lang: Lang) -> String {
    let rounded = value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{rounded:.2}");
    match lang {
        Lang::Da => text.replace('.', ","),
        Lang::En => text,
    }
}

/// `parts` rounded to `dp` decimals so that the shown parts add up to their
/// rounded sum (largest remainder: each part is cut to `dp` decimals, and
/// the units still missing go to the parts that lost the most, the first on
/// a tie). A reader adding the column gets the printed total. Falls back to
/// rounding each part where the sum is not a Decimal or a part is negative.
pub fn rounded_parts(parts: &[Decimal], dp: u32) -> Vec<Decimal> {
    let round = |d: Decimal| d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let plain = || parts.iter().map(|p| round(*p)).collect();
    let Some(sum) = parts.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b)) else { return plain() };
    if parts.iter().any(rust_decimal::Decimal::is_sign_negative) {
        return plain();
    }
    let cut: Vec<Decimal> =
        parts.iter().map(|p| p.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToZero)).collect();
    let Some(cut_sum) = cut.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b)) else { return plain() };
    let unit = Decimal::new(1, dp);
    let Some(missing) = round(sum).checked_sub(cut_sum).and_then(|m| m.checked_div(unit)) else { return plain() };
    let Ok(missing) = usize::try_from(missing.trunc().mantissa()) else { return plain() };
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| (parts[*b] - cut[*b]).cmp(&(parts[*a] - cut[*a])).then(a.cmp(b)));
    let mut out = cut;
    for i in order.into_iter().take(missing) {
        out[i] += unit;
    }
    out
}

/// Whether [`rounded_parts`] shows some part otherwise than plain rounding would.
pub fn parts_adjusted(parts: &[Decimal], shown: &[Decimal], dp: u32) -> bool {
    let round = |d: Decimal| d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    parts.iter().zip(shown).any(|(p, s)| round(*p) != *s)
}

/// Why a number could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    Malformed,
    /// Could be read two ways (`1.234`: one thousand two hundred and thirty-four, or 1.234?).
    Ambiguous,
    /// More digits than a Decimal holds (28 significant digits, about 7.9e28).
    TooLarge,
}

/// Reads a number written the Danish or the English way.
///
/// Accepted: `42`, `-3`, `2.0`, `2,0`, `1.234,5` (Danish thousands and decimal
/// comma), `1 234,5`, `1.234.567`. Rejected as ambiguous: a single `.` or `,`
/// followed by exactly three digits when the other mark is absent
/// (`1.234`, `1,234`): write `1234` or `1,2340` instead.
pub fn parse_number(text: &str) -> Result<Decimal, NumberError> {
    let t: String = text.trim().chars().filter(|c| *c != ' ' && *c != '\u{a0}' && *c != '_').collect();
    let (negative, digits) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::Malformed);
    }
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || !digits.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::Malformed);
    }
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let plain: String = match (dots, commas) {
        (0, 0) => digits.to_string(),
        (_, 0) if dots > 1 => thousands(digits, '.')?,
        (0, _) if commas > 1 => thousands(digits, ',')?,
        (1, 0) | (0, 1) => {
            let mark = if dots == 1 { '.' } else { ',' };
            let (int, frac) = digits.split_once(mark).ok_or(NumberError::Malformed)?;
            if frac.len() == 3 && int.len() <= 3 && int != "0" {
                return Err(NumberError::Ambiguous);
            }
            format!("{int}.{frac}")
        }
        (_, 1) => {
            // Danish: dots group thousands, the comma is the decimal mark.
            let (int, frac) = digits.split_once(',').ok_or(NumberError::Malformed)?;
            format!("{}.{frac}", thousands(int, '.')?)
        }
        (1, _) => {
            let (int, frac) = digits.split_once('.').ok_or(NumberError::Malformed)?;
            format!("{}.{frac}", thousands(int, ',')?)
        }
        _ => return Err(NumberError::Malformed),
    };
    let significant = plain.trim_start_matches(['0', '.']).chars().filter(char::is_ascii_digit).count();
    if significant > 28 {
        return Err(NumberError::TooLarge);
    }
    let value: Decimal = plain.parse().map_err(|_| NumberError::TooLarge)?;
    Ok(if negative { -value } else { value })
}

/// Removes thousands separators after checking every group has three digits.
fn thousands(text: &str, mark: char) -> Result<String, NumberError> {
    let mut groups = text.split(mark);
    let first = groups.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 {
        return Err(NumberError::Malformed);
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return Err(NumberError::Malformed);
        }
        out.push_str(g);
    }
    Ok(out)
}

/// A quantity parsed from text such as `"42,9 mio. kr."`, `"92 pct."`, `"10"`.
/// `dim` is `None` when no unit was written.
pub fn parse_quantity(text: &str) -> Result<(Decimal, Option<Dim>), NumberError> {
    let t = text.trim();
    let split = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '−' | ' ' | '\u{a0}' | '_')))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(split);
    let unit = unit.trim();
    if unit.is_empty() {
        return Ok((parse_number(number)?, None));
    }
    let (dim, scale) = crate::measure::unit_of(unit).ok_or(NumberError::Malformed)?;
    let value = if scale > Decimal::ONE { parse_scaled_number(number)? } else { parse_number(number)? };
    let scaled = value.checked_mul(scale).ok_or(NumberError::TooLarge)?;
    Ok((scaled, Some(dim)))
}

/// A number before a scale word (`mio.`, `mia.`, `t.`): as [`parse_number`],
/// but a lone comma is the decimal comma even before three digits —
/// `15,742 mia. kr.` is 15 742 mio. kr. as Danish documents write it, never
/// 15 742 mia. A lone dot before three digits stays ambiguous.
pub fn parse_scaled_number(text: &str) -> Result<Decimal, NumberError> {
    match parse_number(text) {
        Err(NumberError::Ambiguous) if !text.contains('.') && text.matches(',').count() == 1 => {
            parse_number(&text.replace(',', "."))
                .or_else(|_| text.trim().replace(',', ".").parse::<Decimal>().map_err(|_| NumberError::Malformed))
        }
        other => other,
    }
}

/// How to write a number that can't be misread: shared by rules and facts.
pub fn ambiguity_hint() -> crate::diag::Msg {
    crate::diag::Msg::new(
        "skriv tusinder uden skilletegn (`1000`) og decimaler med et andet antal cifre end tre (`1,0` eller `1,0000`)",
        "write thousands without a separator (`1000`) and decimals with other than three digits (`1,0` or `1,0000`)",
    )
}

/// A date as people write it: ISO `2026-12-31` (a time after it is ignored:
/// `2026-12-31T00:00`), or day first as Danish Excel and CSV files write it:
/// `31-12-2026`, `31.12.2026`, `31/12/2026`, with one or two digits for day and
/// month and four for the year.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(iso) = text.get(..10).filter(|t| t.as_bytes().get(4) == Some(&b'-')) {
        if text.len() == 10 || text[10..].starts_with(['T', ' ']) {
            return NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok();
        }
    }
    let sep = text.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = text.split(sep).collect();
    match parts[..] {
        [y, m, d] if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2) && sep == '-' => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        [d, m, y] if digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// Whether `text` has the shape of a date (digits and one kind of separator,
/// a four-digit year first or last), so that one that does not exist
/// (`31-02-2026`) is reported as a bad date, not as a bad number.
pub fn looks_like_date(text: &str) -> bool {
    let text = text.trim();
    let Some(sep) = text.chars().find(|c| matches!(c, '-' | '.' | '/')) else { return false };
    let parts: Vec<&str> = text.get(..10.min(text.len())).unwrap_or(text).split(sep).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 3
        && parts.iter().all(|p| digits(p))
        && (parts[0].len() == 4 && sep == '-' || parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2)
}

/// The forms [`parse_date`] reads, for messages (Danish, English).
pub const DATE_FORMS: (&str, &str) =
    ("`2027-01-15`, `15-01-2027` eller `15.01.2027`", "`2027-01-15`, `15-01-2027` or `15.01.2027`");

#[cfg(test)]
mod tests {

    #[test]
    fn a_comma_before_a_scale_word_is_the_decimal_comma() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(parse_quantity("15,742 mia. kr."), Ok((dec("15742000000"), Some(Dim::Money))));
        assert_eq!(parse_quantity("1,250 mio"), Ok((dec("1250000"), Some(Dim::Money))));
        assert_eq!(parse_quantity("2,125 t. kr."), Ok((dec("2125"), Some(Dim::Money))));
        // Without a scale word, or with a dot, three digits after the mark stay ambiguous.
        assert_eq!(parse_quantity("15,742 kr."), Err(NumberError::Ambiguous));
        assert_eq!(parse_quantity("15.742 mio"), Err(NumberError::Ambiguous));
        assert_eq!(parse_quantity("15,742"), Err(NumberError::Ambiguous));
        // Thousands dots and a decimal comma read as before.
        assert_eq!(parse_quantity("1.234,567 mio"), Ok((dec("1234567000"), Some(Dim::Money))));
    }

    #[test]
    fn dates_as_danish_documents_write_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for text in ["2026-12-31", "31-12-2026", "31.12.2026", "31/12/2026", " 31-12-2026 ", "2026-12-31T00:00:00"] {
            assert_eq!(parse_date(text), d(2026, 12, 31), "{text}");
            assert!(looks_like_date(text), "{text}");
        }
        assert_eq!(parse_date("1.2.2027"), d(2027, 2, 1));
        // Shaped like a date but not one: a date error, not a number error.
        for text in ["31-02-2026", "2026-13-01", "32.01.2026"] {
            assert_eq!(parse_date(text), None, "{text}");
            assert!(looks_like_date(text), "{text}");
        }
        // Numbers are not dates.
        for text in ["1.000.000", "12,5", "42,9 mio", "2026", "12-2026", "1-2-3"] {
            assert_eq!(parse_date(text), None, "{text}");
            assert!(!looks_like_date(text), "{text}");
        }
    }
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_in_danish_and_english() {
        assert_eq!(parse_number("2,0"), Ok(d("2.0")));
        assert_eq!(parse_number("42.9"), Ok(d("42.9")));
        assert_eq!(parse_number("1.234,5"), Ok(d("1234.5")));
        assert_eq!(parse_number("1.234.567"), Ok(d("1234567")));
        assert_eq!(parse_number("-0,3"), Ok(d("-0.3")));
        assert_eq!(parse_number("0,125"), Ok(d("0.125")));
        assert_eq!(parse_number("1.234"), Err(NumberError::Ambiguous));
        assert_eq!(parse_number("1,2,3"), Err(NumberError::Malformed));
        assert_eq!(parse_number("abc"), Err(NumberError::Malformed));
        assert_eq!(parse_number("99999999999999999999999999999999"), Err(NumberError::TooLarge));
    }

    #[test]
    fn quantities_with_units() {
        assert_eq!(parse_quantity("42,9 mio. kr."), Ok((d("42900000"), Some(Dim::Money))));
        assert_eq!(parse_quantity("2,0 mio"), Ok((d("2000000"), Some(Dim::Money))));
        assert_eq!(parse_quantity("91,5 %"), Ok((d("0.915"), Some(Dim::Percent))));
        assert_eq!(parse_quantity("92 pct."), Ok((d("0.92"), Some(Dim::Percent))));
        assert_eq!(parse_quantity("10"), Ok((d("10"), None)));
        assert_eq!(parse_quantity("10 æbler"), Err(NumberError::Malformed));
    }

    #[test]
    fn formats_the_danish_way() {
        assert_eq!(format_quantity(d("1800000"), Dim::Money, Lang::Da), "1,8 mio. kr.");
        assert_eq!(format_quantity(d("0.92"), Dim::Percent, Lang::Da), "92 pct.");
        assert_eq!(format_decimal(d("1234.5"), Lang::Da), "1.234,5");
        assert_eq!(format_decimal(d("-1234.5"), Lang::En), "-1,234.5");
        assert_eq!(format_score(d("85.714285"), Lang::Da), "85,71");
        assert_eq!(TimeSpan::quarter(2024, 2).unwrap().describe(Lang::Da), "2. kvartal 2024");
        assert_eq!(TimeSpan::month(2024, 2).unwrap().end, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    }
}
