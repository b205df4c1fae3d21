//! The fast path's literals: numbers, quantities and their unit words, the
//! payout table, and times (`literal_time`, `time` in the grammar), each read as
//! the grammar tries it; see `fast.rs`.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{bail, Bail, Reader, R};
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use crate::value::{parse_number, Dim, TimeSpan, MONTHS_DA};

impl Reader<'_> {
    /// `number`: digits with an optional decimal part.
    pub(super) fn number_end(&self, i: usize) -> Option<usize> {
        let end = self.digits_end(i);
        if end == i {
            return None;
        }
        if matches!(self.b.get(end), Some(b'.' | b',')) && self.b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            return Some(self.digits_end(end + 1));
        }
        Some(end)
    }

    pub(super) fn number_value(&self, i: usize, end: usize, scaled: bool) -> R<Decimal> {
        let text = &self.s[i..end];
        if text.len() > self.limits.max_number_len {
            return bail();
        }
        let parsed = if scaled { crate::value::parse_scaled_number(text) } else { parse_number(text) };
        parsed.map_err(|_| Bail)
    }

    /// `quantity`: a number and an optional unit.
    pub(super) fn quantity(&self, i: usize) -> R<(ast::Expr, usize)> {
        self.quantity_pair(i).map(|(e, end, _)| (e, end))
    }

    /// A quantity, where its last token ends, and where pest's pair for it
    /// ends (after the white space that follows a number without a unit).
    pub(super) fn quantity_pair(&self, i: usize) -> R<(ast::Expr, usize, usize)> {
        let n_end = self.number_end(i).ok_or(Bail)?;
        let u = self.skip(n_end);
        let Some(u_end) = self.unit(u) else {
            let value = self.number_value(i, n_end, false)?;
            let e = ast::Expr { kind: ast::ExprKind::Number(value, Dim::Plain), span: Span::new(i, n_end) };
            return Ok((e, n_end, u));
        };
        let (dim, scale) = crate::measure::unit_of(&self.s[u..u_end]).ok_or(Bail)?;
        let value = self.number_value(i, n_end, scale > Decimal::ONE)?;
        let value = value.checked_mul(scale).ok_or(Bail)?;
        Ok((ast::Expr { kind: ast::ExprKind::Number(value, dim), span: Span::new(i, u_end) }, u_end, u_end))
    }

    /// `udbetaling { 90 pct.: 100 pct.; … }` after its keyword: the bands and
    /// where the closing brace ends.
    pub(super) fn payout(&self, i: usize) -> R<(Vec<ast::PayoutBand>, usize)> {
        let mut j = self.skip(i);
        if !self.byte(j, b'{') {
            return bail();
        }
        j = self.skip(j + 1);
        let mut bands = Vec::new();
        while !self.byte(j, b'}') {
            let q = match self.kw(j, &["fra", "from"]) {
                Some((_, e)) => self.skip(e),
                None => j,
            };
            let (from, _, from_end) = self.quantity_pair(q)?;
            let colon = self.skip(from_end);
            if !self.byte(colon, b':') {
                return bail();
            }
            self.special(colon)?;
            let s = self.skip(colon + 1);
            let (share, _, share_end) = self.quantity_pair(s)?;
            let (ast::ExprKind::Number(fv, fd), ast::ExprKind::Number(sv, sd)) = (from.kind, share.kind) else {
                return bail();
            };
            bands.push(ast::PayoutBand {
                from: Spanned::new((fv, fd), Span::new(q, from_end)),
                share: Spanned::new((sv, sd), Span::new(s, share_end)),
            });
            j = self.skip(share_end);
            if self.byte(j, b';') {
                self.special(j)?;
                j = self.skip(j + 1);
            } else if !self.byte(j, b'}') {
                return bail();
            }
        }
        Ok((bands, j + 1))
    }

    /// `unit`: the first unit word that matches, as the grammar tries them.
    pub(super) fn unit(&self, i: usize) -> Option<usize> {
        let units: [fn(&Self, usize) -> Option<usize>; 10] = [
            Self::unit_mia,
            Self::unit_mio,
            Self::unit_month,
            Self::unit_tkr,
            Self::unit_kr,
            Self::unit_pctpoint,
            Self::unit_pct,
            Self::unit_week,
            Self::unit_day,
            Self::unit_workday,
        ];
        units.iter().find_map(|u| u(self, i)).filter(|end| !self.is_ident_char(*end))
    }

    /// `'.'?`
    pub(super) fn dot(&self, i: usize) -> usize {
        if self.byte(i, b'.') {
            i + 1
        } else {
            i
        }
    }

    /// `(blank* ~ "kr" ~ '.'?)?`
    pub(super) fn opt_kr(&self, i: usize) -> usize {
        let j = self.blanks(i);
        if self.starts(j, "kr") {
            self.dot(j + 2)
        } else {
            i
        }
    }

    /// An optional literal.
    pub(super) fn opt(&self, i: usize, lit: &str) -> usize {
        if self.starts(i, lit) {
            i + lit.len()
        } else {
            i
        }
    }

    pub(super) fn lit(&self, i: usize, lit: &str) -> Option<usize> {
        self.starts(i, lit).then_some(i + lit.len())
    }

    /// Each unit rule ends in `!ident_char`; a failing check fails the rule
    /// (no other branch of it is tried), which `end_ok` mirrors.
    pub(super) fn end_ok(&self, end: usize) -> Option<usize> {
        (!self.is_ident_char(end)).then_some(end)
    }

    pub(super) fn unit_mia(&self, i: usize) -> Option<usize> {
        let j = self.lit(i, "mia")?;
        self.end_ok(self.opt_kr(self.dot(j)))
    }

    pub(super) fn unit_mio(&self, i: usize) -> Option<usize> {
        let j = self.lit(i, "mio").or_else(|| self.lit(i, "mill"))?;
        self.end_ok(self.opt_kr(self.dot(j)))
    }

    pub(super) fn unit_month(&self, i: usize) -> Option<usize> {
        let j = match self.lit(i, "måned") {
            Some(j) => self.opt(j, "er"),
            None => self.opt(self.lit(i, "month")?, "s"),
        };
        self.end_ok(j)
    }

    pub(super) fn unit_tkr(&self, i: usize) -> Option<usize> {
        let j = self.lit(i, "t")?;
        let k = if self.byte(j, b'.') {
            let k = self.blanks(j + 1);
            self.dot(self.lit(k, "kr")?)
        } else {
            self.dot(self.lit(j, "kr")?)
        };
        self.end_ok(k)
    }

    pub(super) fn unit_kr(&self, i: usize) -> Option<usize> {
        self.end_ok(self.dot(self.lit(i, "kr")?))
    }

    pub(super) fn unit_pctpoint(&self, i: usize) -> Option<usize> {
        let j = self.lit(i, "p")?;
        let k = if let Some(k) = self.lit(j, "ct.").and_then(|k| self.lit(self.opt(k, "-"), "point")) {
            k
        } else if let Some(k) = self.lit(j, "ct-point") {
            k
        } else if let Some(k) = self.lit(j, "rocentpoint") {
            k
        } else {
            self.lit(j, "p")?
        };
        self.end_ok(k)
    }

    pub(super) fn unit_pct(&self, i: usize) -> Option<usize> {
        let k = if let Some(j) = self.lit(i, "p") {
            match self.lit(j, "ct") {
                Some(k) => self.dot(k),
                None => self.lit(j, "rocent")?,
            }
        } else {
            self.lit(i, "%")?
        };
        self.end_ok(k)
    }

    pub(super) fn unit_week(&self, i: usize) -> Option<usize> {
        let k = match self.lit(i, "uge") {
            Some(j) => self.opt(j, "r"),
            None => self.opt(self.lit(i, "week")?, "s"),
        };
        self.end_ok(k)
    }

    pub(super) fn unit_workday(&self, i: usize) -> Option<usize> {
        let k = match self.lit(i, "arbejdsdag") {
            Some(j) => self.opt(j, "e"),
            None => {
                let j = self.blanks1(self.lit(i, "working")?)?;
                self.opt(self.lit(j, "day")?, "s")
            }
        };
        self.end_ok(k)
    }

    pub(super) fn unit_day(&self, i: usize) -> Option<usize> {
        let k = match self.lit(i, "dag") {
            Some(j) => self.opt(j, "e"),
            None => self.opt(self.lit(i, "day")?, "s"),
        };
        self.end_ok(k)
    }

    // ------------------------------------------------------------ time

    /// `time = literal_time | year`.
    pub(super) fn time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        if let Some(t) = self.literal_time(i)? {
            return Ok(Some(t));
        }
        match self.year_end(i) {
            Some(end) => Ok(Some((TimeSpan::year(self.year_value(i, end)?).ok_or(Bail)?, end))),
            None => Ok(None),
        }
    }

    /// `literal_time`: `Ok(None)` when it does not match; a value the builder
    /// would refuse gives up.
    pub(super) fn literal_time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        let Some(&c) = self.b.get(i) else { return Ok(None) };
        if c.is_ascii_digit() {
            if let Some(end) = self.iso_end(i) {
                return Ok(Some((TimeSpan::day(self.iso_value(i, end)?), end)));
            }
            if let Some(t) = self.quarter_time(i)? {
                return Ok(Some(t));
            }
            return self.day_month_time(i);
        }
        if matches!(c, b'a' | b'd'..=b'f' | b'j' | b'm'..=b'q' | b's' | b'u' | b'Q') {
            if let Some(t) = self.month_time(i)? {
                return Ok(Some(t));
            }
            if let Some(t) = self.quarter_time(i)? {
                return Ok(Some(t));
            }
            return self.edge_time(i);
        }
        Ok(None)
    }

    pub(super) fn iso_end(&self, i: usize) -> Option<usize> {
        let d = |k: usize| self.b.get(i + k).is_some_and(u8::is_ascii_digit);
        let ok = (0..4).all(d) && self.byte(i + 4, b'-') && d(5) && d(6) && self.byte(i + 7, b'-') && d(8) && d(9);
        ok.then_some(i + 10)
    }

    pub(super) fn iso_value(&self, i: usize, end: usize) -> R<NaiveDate> {
        NaiveDate::parse_from_str(&self.s[i..end], "%Y-%m-%d")
            .ok()
            .filter(|d| (1900..=2200).contains(&d.year()))
            .ok_or(Bail)
    }

    /// `month_name`: its number (1–12) and end.
    pub(super) fn month_name(&self, i: usize) -> Option<(u32, usize)> {
        let (n, end) = self.kw(i, &MONTHS_DA)?;
        Some((n as u32 + 1, end))
    }

    pub(super) fn month_time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        let Some((month, m_end)) = self.month_name(i) else { return Ok(None) };
        let y = self.skip(m_end);
        let Some(end) = self.year_end(y) else { return Ok(None) };
        let year = self.year_value(y, end)?;
        Ok(Some((TimeSpan::month(year, month).ok_or(Bail)?, end)))
    }

    pub(super) fn quarter_time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        let quarter_digit = |k: usize| matches!(self.b.get(k), Some(b'1'..=b'4'));
        let (q_at, after) = if matches!(self.b.get(i), Some(b'Q' | b'q')) {
            let d = self.skip(i + 1);
            if !quarter_digit(d) {
                return Ok(None);
            }
            (d, d + 1)
        } else if quarter_digit(i) {
            let dot = self.skip(i + 1);
            if !self.byte(dot, b'.') {
                return Ok(None);
            }
            let w = self.skip(dot + 1);
            let Some(end) = self.lit(w, "kvartal").or_else(|| self.lit(w, "kvt.")) else { return Ok(None) };
            (i, end)
        } else {
            return Ok(None);
        };
        let y = self.skip(after);
        let Some(end) = self.year_end(y) else { return Ok(None) };
        let q = u32::from(self.b[q_at] - b'0');
        let year = self.year_value(y, end)?;
        Ok(Some((TimeSpan::quarter(year, q).ok_or(Bail)?, end)))
    }

    pub(super) fn day_month_time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        let mut d_end = i;
        while d_end < i + 2 && self.b.get(d_end).is_some_and(u8::is_ascii_digit) {
            d_end += 1;
        }
        if d_end == i {
            return Ok(None);
        }
        let dot = self.skip(d_end);
        if !self.byte(dot, b'.') {
            return Ok(None);
        }
        let Some((month, m_end)) = self.month_name(self.skip(dot + 1)) else { return Ok(None) };
        let y = self.skip(m_end);
        let Some(end) = self.year_end(y) else { return Ok(None) };
        let day: u32 = self.s[i..d_end].parse().map_err(|_| Bail)?;
        let year = self.year_value(y, end)?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(Bail)?;
        Ok(Some((TimeSpan::day(date), end)))
    }

    /// `edge_word`: which word (`udgangen af`, `ultimo`, `end of`, `primo`,
    /// `medio`) and its end.
    pub(super) fn edge_word(&self, i: usize) -> Option<(&'static str, usize)> {
        let end = if let Some(j) = self.lit(i, "udgangen") {
            let k = self.blanks1(j)?;
            (self.lit(k, "af")?, "end")
        } else if let Some(j) = self.lit(i, "ultimo") {
            (j, "ultimo")
        } else if let Some(j) = self.lit(i, "end") {
            let k = self.blanks1(j)?;
            (self.lit(k, "of")?, "end")
        } else if let Some(j) = self.lit(i, "primo") {
            (j, "primo")
        } else {
            (self.lit(i, "medio")?, "medio")
        };
        (!self.is_ident_char(end.0)).then_some((end.1, end.0))
    }

    pub(super) fn edge_time(&self, i: usize) -> R<Option<(TimeSpan, usize)>> {
        let Some((word, w_end)) = self.edge_word(i) else { return Ok(None) };
        let t = self.skip(w_end);
        let of = if let Some(end) = self.iso_end(t) {
            Some((TimeSpan::day(self.iso_value(t, end)?), end))
        } else if let Some(x) = self.day_month_time(t)? {
            Some(x)
        } else if let Some(x) = self.month_time(t)? {
            Some(x)
        } else if let Some(x) = self.quarter_time(t)? {
            Some(x)
        } else if let Some(end) = self.year_end(t) {
            Some((TimeSpan::year(self.year_value(t, end)?).ok_or(Bail)?, end))
        } else {
            None
        };
        let Some((of, end)) = of else { return Ok(None) };
        let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map(TimeSpan::day).ok_or(Bail);
        let span = match word {
            "primo" => day(of.start.year(), 1, 1)?,
            "medio" => day(of.start.year(), 6, 30)?,
            "ultimo" => day(of.end.year(), 12, 31)?,
            _ => TimeSpan::day(of.end),
        };
        Ok(Some((span, end)))
    }
}
