//! The fast path: a hand-written recursive-descent reader of the grammar in
//! `grammar/maal.pest`, for text that parses cleanly.
//!
//! pest stays the language's definition and its only source of diagnostics.
//! This reader follows the grammar rule by rule (the same ordered choices, the
//! same implicit white space, the same spans, the same tree as `build.rs`) but
//! gives up — returns `None` — at anything it is not sure of: a parse error, a
//! value the builder would report (a date not in the calendar, a number too
//! large, a chain past the limit), or a rarely used form (`hvert år`, `mindst 2
//! af årene`). The caller then parses the same text with pest, so a
//! wrong rule is reported exactly as before. The invariant, checked by
//! `tests/fast_parser.rs` over every plan in the repository and thousands of
//! mutations of them (and by the `parse` fuzz target): whenever this returns a
//! tree, pest and the builder return the same tree.
//!
//! Why it exists: pest spent about 340 instructions a byte on the CPR plan
//! (callgrind, `BENCHMARKS.md`), most of them in its generic machinery
//! (`match_range`, `rule`, `atomic`, the pair queue); this reader does the same
//! work in a fraction of that.

use std::cell::RefCell;

use rust_decimal::Decimal;

mod literals;

use super::scan::Depth;
use super::{ast, Limits, MAX_EXPR_DEPTH};
use crate::source::{Span, Spanned};
use crate::value::{Dim, TimeSpan, MONTHS_DA};

/// The reader gave up: pest parses the text instead.
struct Bail;

type R<T> = Result<T, Bail>;

/// Reads a whole rule file, or `None` when pest should. It stands in for the
/// pre-scan too (`scan.rs`): it gives up on text over the size limit, counts
/// nesting with the pre-scan's own [`Depth`] at each bracket, `|`, `;` and `:`
/// it reads (so its recursion is bounded as pest's is), and records the
/// comments.
pub(super) fn parse(text: &str, limits: &Limits) -> Option<ast::File> {
    if text.len() > limits.max_source_bytes {
        return None;
    }
    let mut p = Reader {
        s: text,
        b: text.as_bytes(),
        limits,
        chain_limit: limits.max_chain.min(MAX_EXPR_DEPTH),
        comments: RefCell::new(Vec::new()),
        depth: RefCell::new(Depth::new(limits)),
    };
    let (header, goals, labels) = p.file().ok()?;
    Some(ast::File { header, goals, comments: p.comments.into_inner(), labels })
}

/// Words that are never names (`keyword` in the grammar).
const KEYWORDS: [&str; 17] = [
    "og", "or", "and", "eller", "i", "ikke", "inden", "in", "not", "senest", "sand", "mellem", "mål", "true", "falsk",
    "false", "delmål",
];

struct Reader<'t> {
    s: &'t str,
    b: &'t [u8],
    limits: &'t Limits,
    chain_limit: usize,
    /// The comments passed over so far, in order (white space is skipped more
    /// than once where the grammar looks ahead; each comment is kept once).
    comments: RefCell<Vec<Spanned<String>>>,
    depth: RefCell<Depth>,
}

fn bail<T>() -> R<T> {
    Err(Bail)
}

impl<'t> Reader<'t> {
    // ------------------------------------------------------------ lexical

    /// pest's implicit white space: blanks and comments.
    fn skip(&self, mut i: usize) -> usize {
        let b = self.b;
        loop {
            match b.get(i) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                Some(0xEF) if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => i += 3,
                Some(b'#') => i = self.comment_end(i, i + 1),
                Some(b'/') if b.get(i + 1) == Some(&b'/') => i = self.comment_end(i, i + 2),
                _ => return i,
            }
        }
    }

    /// Passes over the comment that starts at `start`, its marker ending at `i`.
    fn comment_end(&self, start: usize, i: usize) -> usize {
        let end = memchr::memchr2(b'\n', b'\r', &self.b[i..]).map_or(self.b.len(), |n| i + n);
        let mut comments = self.comments.borrow_mut();
        if comments.last().is_none_or(|c| c.span.start < start) {
            comments.push(Spanned::new(self.s[start..end].to_string(), Span::new(start, end)));
        }
        end
    }

    /// A bracket, `|`, `;` or `:` read at `at`: the pre-scan's nesting count.
    fn special(&self, at: usize) -> R<()> {
        self.depth.borrow_mut().special(self.s, at, &self.comments.borrow()).map_err(|_| Bail)
    }

    /// `blank*` (inside atomic rules: no comments).
    fn blanks(&self, mut i: usize) -> usize {
        loop {
            match self.b.get(i) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                Some(0xEF) if self.b.get(i + 1) == Some(&0xBB) && self.b.get(i + 2) == Some(&0xBF) => i += 3,
                _ => return i,
            }
        }
    }

    /// `blank+`.
    fn blanks1(&self, i: usize) -> Option<usize> {
        let j = self.blanks(i);
        (j > i).then_some(j)
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i..).and_then(|r| r.chars().next())
    }

    fn is_ident_char(&self, i: usize) -> bool {
        match self.b.get(i) {
            Some(c) if c.is_ascii() => c.is_ascii_alphanumeric() || *c == b'_',
            Some(_) => self.char_at(i).is_some_and(pest::unicode::XID_CONTINUE),
            None => false,
        }
    }

    fn is_ident_start(&self, i: usize) -> bool {
        match self.b.get(i) {
            Some(c) if c.is_ascii() => c.is_ascii_alphabetic() || *c == b'_',
            Some(_) => self.char_at(i).is_some_and(pest::unicode::XID_START),
            None => false,
        }
    }

    /// The end of the run of identifier characters from `i`.
    fn ident_chars_end(&self, mut i: usize) -> usize {
        while i < self.b.len() {
            let c = self.b[i];
            if c.is_ascii() {
                if !(c.is_ascii_alphanumeric() || c == b'_') {
                    break;
                }
                i += 1;
            } else {
                match self.char_at(i) {
                    Some(ch) if pest::unicode::XID_CONTINUE(ch) => i += ch.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    /// The word starting at `i` (a run of identifier characters, possibly empty).
    fn word(&self, i: usize) -> &'t str {
        &self.s[i..self.ident_chars_end(i)]
    }

    fn starts(&self, i: usize, lit: &str) -> bool {
        self.b.get(i..).is_some_and(|r| r.starts_with(lit.as_bytes()))
    }

    /// An ordered choice of literals (the first that matches is taken, as in
    /// pest) followed by `!ident_char`: which one, and where it ends.
    fn kw(&self, i: usize, alts: &[&str]) -> Option<(usize, usize)> {
        // Most tries fail on the first byte: no slice comparison for those.
        let first = *self.b.get(i)?;
        let (n, alt) = alts.iter().enumerate().find(|(_, a)| a.as_bytes()[0] == first && self.starts(i, a))?;
        let end = i + alt.len();
        (!self.is_ident_char(end)).then_some((n, end))
    }

    fn byte(&self, i: usize, c: u8) -> bool {
        self.b.get(i) == Some(&c)
    }

    /// `ident`: a name that is not a keyword.
    fn ident(&self, i: usize) -> Option<usize> {
        if !self.is_ident_start(i) {
            return None;
        }
        let end = self.ident_chars_end(i);
        (!KEYWORDS.contains(&&self.s[i..end])).then_some(end)
    }

    fn ident_at(&self, i: usize) -> R<(Spanned<String>, usize)> {
        let end = self.ident(i).ok_or(Bail)?;
        Ok((Spanned::new(self.s[i..end].to_string(), Span::new(i, end)), end))
    }

    /// `string`: its end.
    fn string_end(&self, i: usize) -> Option<usize> {
        if !self.byte(i, b'"') {
            return None;
        }
        let mut j = i + 1;
        loop {
            // A run of plain characters at once (no line break in it), then the
            // quote, an escape (`\\` and any one character) or the end.
            let n = memchr::memchr3(b'"', b'\\', b'\n', &self.b[j..])?;
            if memchr::memchr(b'\r', &self.b[j..j + n]).is_some() {
                return None;
            }
            j += n;
            match self.b[j] {
                b'"' => return Some(j + 1),
                b'\\' => j += 1 + self.char_at(j + 1)?.len_utf8(),
                _ => return None,
            }
        }
    }

    /// A string literal's value and span.
    fn string_at(&self, i: usize) -> R<(Spanned<String>, usize)> {
        let end = self.string_end(i).ok_or(Bail)?;
        let raw = &self.s[i + 1..end - 1];
        let value = super::build::unescape(raw);
        Ok((Spanned::new(value, Span::new(i, end)), end))
    }

    fn digits_end(&self, mut i: usize) -> usize {
        while self.b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    /// `year`: four digits not followed by a fifth.
    fn year_end(&self, i: usize) -> Option<usize> {
        let ok = (i..i + 4).all(|k| self.b.get(k).is_some_and(u8::is_ascii_digit))
            && !self.b.get(i + 4).is_some_and(u8::is_ascii_digit);
        ok.then_some(i + 4)
    }

    /// A year the builder accepts (1900–2200), or give up.
    fn year_value(&self, i: usize, end: usize) -> R<i32> {
        let y: i32 = self.s[i..end].parse().map_err(|_| Bail)?;
        if (1900..=2200).contains(&y) {
            Ok(y)
        } else {
            bail()
        }
    }

    // ------------------------------------------------------------ file

    fn file(&mut self) -> R<(ast::Header, Vec<ast::Goal>, Vec<ast::FactLabel>)> {
        let i = self.skip(0);
        let (header, mut i) = self.plan(i)?;
        let mut goals: Vec<ast::Goal> = Vec::new();
        let mut labels = Vec::new();
        let mut section: Option<String> = None;
        let mut section_start = None;
        loop {
            i = self.skip(i);
            if i == self.b.len() {
                break;
            }
            if let Some((_, k)) = self.kw(i, &["section", "sektion"]) {
                let (name, end) = self.string_at(self.skip(k))?;
                section_start = Some(i);
                section = Some(name.value);
                i = end;
            } else if let Some((_, k)) = self.kw(i, &["faktum", "fact"]) {
                let (name, k) = self.ident_at(self.skip(k))?;
                let k = self.skip(k);
                let running_kw = |at: usize| self.kw(at, &["løbende", "running"]);
                let (label, running, end) = if self.byte(k, b'"') {
                    let (label, after) = self.string_at(k)?;
                    let r = self.skip(after);
                    match running_kw(r) {
                        Some((_, e)) => (Some(label), Some(Span::new(r, e)), e),
                        None => (Some(label), None, r),
                    }
                } else {
                    let (_, e) = running_kw(k).ok_or(Bail)?;
                    (None, Some(Span::new(k, e)), e)
                };
                labels.push(ast::FactLabel { name, label, running, span: Span::new(i, end) });
                i = end;
            } else if let Some((_, k)) = self.kw(i, &["mål", "goal"]) {
                if goals.len() == self.limits.max_goals {
                    return bail();
                }
                let (mut goal, end) = self.goal(i, k, section.clone())?;
                goal.section_start = section_start;
                goals.push(goal);
                i = end;
            } else {
                return bail();
            }
        }
        Ok((header, goals, labels))
    }

    fn plan(&mut self, start: usize) -> R<(ast::Header, usize)> {
        if !self.starts(start, "plan") {
            return bail();
        }
        let (title, i) = self.string_at(self.skip(start + 4))?;
        let mut i = self.skip(i);
        if !self.byte(i, b'{') {
            return bail();
        }
        i += 1;
        let mut header = ast::Header::new(title, Span::default());
        loop {
            i = self.skip(i);
            if self.byte(i, b'}') {
                header.span = Span::new(start, i + 1);
                return Ok((header, i + 1));
            }
            let field = i;
            let (duplicate, end) = if let Some((_, k)) = self.kw(i, &["ministerium", "ministry"]) {
                let (v, end) = self.string_at(self.skip(k))?;
                (set_once(&mut header.ministry, Spanned::new(v.value, Span::new(field, end))), end)
            } else if let Some((_, k)) = self.kw(i, &["institution"]) {
                let (v, end) = self.string_at(self.skip(k))?;
                (set_once(&mut header.institution, Spanned::new(v.value, Span::new(field, end))), end)
            } else if let Some((_, k)) = self.kw(i, &["periode", "period"]) {
                let (period, end) = self.period(self.skip(k))?;
                (set_once(&mut header.period, Spanned::new(period, Span::new(field, end))), end)
            } else if let Some((_, k)) = self.kw(i, &["afrapportering", "reporting"]) {
                let (reporting, end) = self.reporting(self.skip(k))?;
                (set_once(&mut header.reporting, Spanned::new(reporting, Span::new(field, end))), end)
            } else if let Some((_, k)) = self.kw(i, &["scoring", "opgørelse"]) {
                const KINDS: [&str; 6] = ["binær", "binary", "vægtet", "weighted", "delvis", "partial"];
                let (n, end) = self.kw(self.skip(k), &KINDS).ok_or(Bail)?;
                let scoring = [ast::Scoring::Binary, ast::Scoring::Weighted, ast::Scoring::Partial][n / 2];
                (set_once(&mut header.scoring, Spanned::new(scoring, Span::new(field, end))), end)
            } else if let Some((_, k)) = self.kw(i, &["tillad", "allow"]) {
                let (code, end) = self.ident_at(self.skip(k))?;
                header.allow.push(code);
                (false, end)
            } else if let Some((_, k)) = self.kw(i, &["udbetaling", "payout"]) {
                let (bands, end) = self.payout(k)?;
                (set_once(&mut header.payout, Spanned::new(bands, Span::new(field, end))), end)
            } else {
                return bail();
            };
            if duplicate {
                header.duplicates.push(Span::new(field, end));
            }
            i = end;
        }
    }

    /// `date_range | year` after `periode`.
    fn period(&self, i: usize) -> R<(TimeSpan, usize)> {
        if let Some(a_end) = self.iso_end(i) {
            let j = self.skip(a_end);
            if !self.starts(j, "..") {
                return bail();
            }
            let b = self.skip(j + 2);
            let b_end = self.iso_end(b).ok_or(Bail)?;
            let (start, end) = (self.iso_value(i, a_end)?, self.iso_value(b, b_end)?);
            if start > end {
                return bail();
            }
            return Ok((TimeSpan { start, end }, b_end));
        }
        let end = self.year_end(i).ok_or(Bail)?;
        Ok((TimeSpan::year(self.year_value(i, end)?).ok_or(Bail)?, end))
    }

    /// `cadence ~ report_within?`; the field ends after the white space that
    /// follows when nothing optional comes (pest's span).
    fn reporting(&self, i: usize) -> R<(ast::Reporting, usize)> {
        const CADENCES: [&str; 9] = [
            "kvartalsvis",
            "quarterly",
            "halvårligt",
            "halvårlig",
            "half-yearly",
            "årlig",
            "yearly",
            "månedlig",
            "monthly",
        ];
        let (n, end) = self.kw(i, &CADENCES).ok_or(Bail)?;
        let cadence = match n {
            0 | 1 => ast::Cadence::Quarterly,
            5 | 6 => ast::Cadence::Yearly,
            7 | 8 => ast::Cadence::Monthly,
            _ => ast::Cadence::HalfYearly,
        };
        let j = self.skip(end);
        let Some((_, k)) = self.kw(j, &["senest", "within"]) else {
            return Ok((ast::Reporting { cadence, within_days: None, working_days: false }, j));
        };
        let n_start = self.skip(k);
        let n_end = self.digits_end(n_start);
        if n_end == n_start {
            return bail();
        }
        let within_days = self.s[n_start..n_end].parse().ok();
        let d = self.skip(n_end);
        let (working_days, d_end) = if let Some(e) = self.working_days(d) {
            (true, e)
        } else {
            let (_, e) = self.kw(d, &["kalenderdage", "dage", "days"]).ok_or(Bail)?;
            (false, e)
        };
        let a = self.skip(d_end);
        let end = self.kw(a, &["efter", "after"]).map_or(a, |(_, e)| e);
        Ok((ast::Reporting { cadence, within_days, working_days }, end))
    }

    /// `kw_working_days`.
    fn working_days(&self, i: usize) -> Option<usize> {
        let end = if self.starts(i, "arbejdsdage") {
            i + "arbejdsdage".len()
        } else if self.starts(i, "working") {
            let j = self.blanks1(i + "working".len())?;
            self.starts(j, "days").then_some(j + 4)?
        } else {
            return None;
        };
        (!self.is_ident_char(end)).then_some(end)
    }

    // ------------------------------------------------------------ goals

    fn goal(&mut self, start: usize, after_kw: usize, section: Option<String>) -> R<(ast::Goal, usize)> {
        let id_start = self.skip(after_kw);
        let mut id_end = self.digits_end(id_start);
        if id_end == id_start {
            return bail();
        }
        while self.byte(id_end, b'.') && self.b.get(id_end + 1).is_some_and(u8::is_ascii_digit) {
            id_end = self.digits_end(id_end + 1);
        }
        let id = Spanned::new(self.s[id_start..id_end].to_string(), Span::new(id_start, id_end));
        let mut i = self.skip(id_end);
        let mut title = None;
        if self.byte(i, b'"') {
            let (t, end) = self.string_at(i)?;
            title = Some(t);
            i = self.skip(end);
        }
        if !self.byte(i, b':') {
            return bail();
        }
        self.special(i)?;
        let mut end = self.skip(i + 1);
        let mut stmts = Vec::new();
        let mut i = end;
        loop {
            i = self.skip(i);
            if self.goal_end(i) {
                break;
            }
            let after = self.stmt(i, &mut stmts)?;
            let j = self.skip(after);
            if self.byte(j, b';') {
                self.special(j)?;
                end = j + 1;
            } else if self.goal_end(j) {
                end = j;
            } else {
                return bail();
            }
            i = end;
        }
        Ok((ast::Goal { id, title, section, section_start: None, stmts, span: Span::new(start, end) }, end))
    }

    /// `goal_end`: the next goal, section or fact label, or the end of the text.
    fn goal_end(&self, i: usize) -> bool {
        if i == self.b.len() {
            return true;
        }
        if let Some((_, k)) = self.kw(i, &["mål", "goal"]) {
            return self.b.get(self.skip(k)).is_some_and(u8::is_ascii_digit);
        }
        if self.kw(i, &["section", "sektion"]).is_some() {
            return true;
        }
        if let Some((_, k)) = self.kw(i, &["faktum", "fact"]) {
            let Some(n) = self.ident(self.skip(k)) else { return false };
            let j = self.skip(n);
            return self.string_end(j).is_some() || self.kw(j, &["løbende", "running"]).is_some();
        }
        false
    }

    /// One statement of a goal (without its `;`): where it ends.
    fn stmt(&mut self, i: usize, stmts: &mut Vec<ast::Stmt>) -> R<usize> {
        if let Some((_, k)) = self.kw(i, &["delmål", "subgoal"]) {
            let (name, j) = self.ident_at(self.skip(k))?;
            let mut j = self.skip(j);
            let mut title = None;
            if self.byte(j, b'"') {
                let (t, e) = self.string_at(j)?;
                title = Some(t);
                j = self.skip(e);
            }
            let mut weight = None;
            if let Some((_, k)) = self.kw(j, &["vægt", "weight"]) {
                let (w, e) = self.weight(j, k)?;
                weight = Some(w);
                j = self.skip(e);
            }
            if !self.byte(j, b':') {
                return bail();
            }
            self.special(j)?;
            let (expr, end) = self.expr(self.skip(j + 1))?;
            self.check_depth(&expr)?;
            stmts.push(ast::Stmt::Subgoal { name, title, weight, expr });
            return Ok(end);
        }
        // `kw_goal_colon`: `mål:` with the colon right after the word.
        if let Some(k) = self.lit(i, "mål").or_else(|| self.lit(i, "goal")).filter(|&k| self.byte(k, b':')) {
            self.special(k)?;
            let (expr, end) = self.expr(self.skip(k + 1))?;
            self.check_depth(&expr)?;
            stmts.push(ast::Stmt::Combine(expr));
            return Ok(end);
        }
        let w = self.word(i);
        let meta = matches!(
            w,
            "opgave"
                | "task"
                | "måltype"
                | "kind"
                | "frist"
                | "deadline"
                | "vægt"
                | "weight"
                | "beskrivelse"
                | "note"
                | "resultatkrav"
                | "requirement"
                | "tillad"
                | "allow"
                | "opgøres"
                | "measured"
                | "helår"
                | "målår"
        ) || self.starts(i, "full-year")
            || self.starts(i, "target-year");
        if meta {
            return self.meta(i, stmts);
        }
        let (expr, end) = self.expr(i)?;
        self.check_depth(&expr)?;
        stmts.push(ast::Stmt::Condition(expr));
        Ok(end)
    }

    /// A goal's `meta`: in the grammar's order of alternatives.
    fn meta(&mut self, i: usize, stmts: &mut Vec<ast::Stmt>) -> R<usize> {
        if let Some((_, k)) = self.kw(i, &["opgave", "task"]) {
            let (v, end) = self.ident_at(self.skip(k))?;
            stmts.push(ast::Stmt::Task(v));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["måltype", "kind"]) {
            let (v, end) = self.ident_at(self.skip(k))?;
            stmts.push(ast::Stmt::Kind(v));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["frist", "deadline"]) {
            let t = self.skip(k);
            let (time, end) = self.time(t)?.ok_or(Bail)?;
            stmts.push(ast::Stmt::Deadline(Spanned::new(time, Span::new(t, end))));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["vægt", "weight"]) {
            let (w, end) = self.weight(i, k)?;
            stmts.push(ast::Stmt::Weight(w));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["beskrivelse", "note"]) {
            let (v, end) = self.string_at(self.skip(k))?;
            stmts.push(ast::Stmt::Note(v));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["resultatkrav", "requirement"]) {
            let j = self.skip(k);
            let (sub, j) = match self.ident(j) {
                Some(_) => {
                    let (s, e) = self.ident_at(j)?;
                    (Some(s), self.skip(e))
                }
                None => (None, j),
            };
            let (text, end) = self.string_at(j)?;
            stmts.push(ast::Stmt::Required { sub, text });
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["tillad", "allow"]) {
            let (v, end) = self.ident_at(self.skip(k))?;
            stmts.push(ast::Stmt::Allow(v));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["opgøres", "measured"]) {
            let (_, end) = self.kw(self.skip(k), &["ultimo", "at-end"]).ok_or(Bail)?;
            stmts.push(ast::Stmt::YearEnd(Span::new(i, end)));
            return Ok(end);
        }
        if let Some((_, end)) = self.kw(i, &["helår", "full-year"]) {
            stmts.push(ast::Stmt::YearEnd(Span::new(i, end)));
            return Ok(end);
        }
        if let Some((_, k)) = self.kw(i, &["målår", "target-year"]) {
            let y = self.skip(k);
            let end = self.year_end(y).ok_or(Bail)?;
            let year: i32 = self.s[y..end].parse().map_err(|_| Bail)?;
            stmts.push(ast::Stmt::TargetYear(Spanned::new(year, Span::new(y, end))));
            return Ok(end);
        }
        bail()
    }

    /// `meta_weight` from its keyword at `i` (ending at `k`): the weight spans
    /// the whole field.
    fn weight(&self, i: usize, k: usize) -> R<(Spanned<Decimal>, usize)> {
        let n = self.skip(k);
        let n_end = self.number_end(n).ok_or(Bail)?;
        let u = self.skip(n_end);
        let end = ["point", "pct.", "pct", "%"].iter().find(|w| self.starts(u, w)).map(|w| u + w.len()).ok_or(Bail)?;
        let value = self.number_value(n, n_end, false)?;
        Ok((Spanned::new(value, Span::new(i, end)), end))
    }

    fn check_depth(&self, expr: &ast::Expr) -> R<()> {
        if super::build::expr_depth(expr) > self.limits.max_expr_depth.min(MAX_EXPR_DEPTH) {
            return bail();
        }
        Ok(())
    }

    // ------------------------------------------------------------ expressions

    /// `expr`: an or-chain; the expression and where its last token ends.
    fn expr(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        crate::deep(|| self.logic(i, true))
    }

    /// `a eller b …` (`or`) over and-chains, `a og b …` over not-expressions.
    fn logic(&mut self, i: usize, or: bool) -> R<(ast::Expr, usize)> {
        let part = |p: &mut Self, at: usize| if or { p.logic(at, false) } else { p.not_expr(at) };
        let joiner: &[&str] = if or { &["eller", "or"] } else { &["og", "and"] };
        let (first, mut end) = part(self, i)?;
        let Some((_, k)) = self.kw(self.skip(end), joiner) else { return Ok((first, end)) };
        let mut parts = vec![first];
        let mut k = k;
        loop {
            // Past the limit pest reports the chain: no need to build the rest.
            if parts.len() >= self.chain_limit {
                return bail();
            }
            let (e, e_end) = part(self, self.skip(k))?;
            parts.push(e);
            end = e_end;
            match self.kw(self.skip(end), joiner) {
                Some((_, next)) => k = next,
                None => break,
            }
        }
        let span = parts[0].span.to(parts[parts.len() - 1].span);
        let kind = if or { ast::ExprKind::Or(parts) } else { ast::ExprKind::And(parts) };
        Ok((ast::Expr { kind, span }, end))
    }

    fn not_expr(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        let mut nots = 0;
        let mut j = i;
        while let Some((_, k)) = self.kw(j, &["ikke", "not"]) {
            nots += 1;
            j = self.skip(k);
        }
        let (e, end) = self.cmp_expr(j)?;
        Ok((self.prefixed(e, nots, i, ast::ExprKind::Not)?, end))
    }

    /// `e` under `count` prefix operators (`ikke`, `-`) from `start`: each node
    /// spans them all, as the builder's.
    fn prefixed(
        &self,
        mut e: ast::Expr,
        count: usize,
        start: usize,
        kind: fn(Box<ast::Expr>) -> ast::ExprKind,
    ) -> R<ast::Expr> {
        if count > self.chain_limit {
            return bail();
        }
        let span = Span::new(start, e.span.end);
        for _ in 0..count {
            e = ast::Expr { kind: kind(Box::new(e)), span };
        }
        Ok(e)
    }

    fn cmp_expr(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        let (lhs, end) = self.sum(i)?;
        let j = self.skip(end);
        // compare
        let op = match (self.b.get(j), self.b.get(j + 1)) {
            (Some(b'<'), Some(b'=')) => Some((ast::CmpOp::Le, 2)),
            (Some(b'<'), _) => Some((ast::CmpOp::Lt, 1)),
            (Some(b'>'), Some(b'=')) => Some((ast::CmpOp::Ge, 2)),
            (Some(b'>'), _) => Some((ast::CmpOp::Gt, 1)),
            (Some(b'!'), Some(b'=')) => Some((ast::CmpOp::Ne, 2)),
            (Some(b'='), _) => Some((ast::CmpOp::Eq, 1)),
            _ => None,
        };
        if let Some((op, len)) = op {
            let (rhs, end) = self.sum(self.skip(j + len))?;
            let span = lhs.span.to(rhs.span);
            return Ok((ast::Expr { kind: ast::ExprKind::Compare(op, Box::new(lhs), Box::new(rhs)), span }, end));
        }
        // range
        if let Some((_, k)) = self.kw(j, &["in", "mellem"]) {
            let (lo, lo_end) = self.sum(self.skip(k))?;
            let d = self.skip(lo_end);
            if !self.starts(d, "..") {
                return bail();
            }
            let (hi, end) = self.sum(self.skip(d + 2))?;
            let span = lhs.span.to(hi.span);
            return Ok((
                ast::Expr { kind: ast::ExprKind::Range(Box::new(lhs), Box::new(lo), Box::new(hi)), span },
                end,
            ));
        }
        // deadline
        const DEADLINE_WORDS: [&str; 6] = ["senest", "inden", "i", "før", "by", "within"];
        if let Some((_, k)) = self.kw(j, &DEADLINE_WORDS) {
            let word = &self.s[j..k];
            let t = self.skip(k);
            let at_end = ["udgangen", "ultimo", "end"].iter().any(|w| self.starts(t, w));
            let op = crate::measure::deadline_op_at(word, at_end).ok_or(Bail)?;
            let (time, end) = self.time(t)?.ok_or(Bail)?;
            let span = lhs.span.to(Span::new(j, end));
            let kind = ast::ExprKind::Deadline(op, Box::new(lhs), Spanned::new(time, Span::new(t, end)));
            return Ok((ast::Expr { kind, span }, end));
        }
        if let Some((n, k)) = self.kw(j, &["falder", "falls", "stiger", "rises"]) {
            return self.change(lhs, j, n < 2, k);
        }
        Ok((lhs, end))
    }

    /// `h falder mindst 25 pct. fra 2012 [til 2020]`, written out as
    /// `sugar::change` does (see there); `tail` is where the verb starts.
    fn change(&mut self, lhs: ast::Expr, tail: usize, falls: bool, after_dir: usize) -> R<(ast::Expr, usize)> {
        let size_at = self.skip(after_dir);
        let mut k = size_at;
        if let Some(e) = self.lit(size_at, "med").or_else(|| self.lit(size_at, "by")) {
            if let Some(b) = self.blanks1(e) {
                k = b;
            }
        }
        let (at_least, size_end) = if let Some(e) = self.lit(k, "mindst") {
            (true, e)
        } else if let Some(e) = self.lit(k, "højst") {
            (false, e)
        } else {
            let b = self.blanks1(self.lit(k, "at").ok_or(Bail)?).ok_or(Bail)?;
            match self.lit(b, "least") {
                Some(e) => (true, e),
                None => (false, self.lit(b, "most").ok_or(Bail)?),
            }
        };
        if self.is_ident_char(size_end) {
            return bail();
        }
        let q = self.skip(size_end);
        let (amount, _, amount_end) = self.quantity_pair(q)?;
        let amount_span = Span::new(q, amount_end);
        let relative = {
            let text = self.s[q..amount_end].to_lowercase();
            !(text.contains("point") || text.ends_with("pp"))
        };
        let (_, f) = self.kw(self.skip(amount_end), &["fra", "from"]).ok_or(Bail)?;
        let b = self.skip(f);
        let b_end = self.year_end(b).ok_or(Bail)?;
        let base_year = self.year_value(b, b_end)?;
        let after = self.skip(b_end);
        let (to_year, end) = match self.kw(after, &["til", "to"]) {
            Some((_, t)) => {
                let y = self.skip(t);
                let y_end = self.year_end(y).ok_or(Bail)?;
                (Some(self.year_value(y, y_end)?), y_end)
            }
            None => (None, after),
        };
        let whole = lhs.span.to(Span::new(tail, end));
        let (ast::ExprKind::Name(name, year), ast::ExprKind::Number(size, dim)) = (&lhs.kind, &amount.kind) else {
            return bail();
        };
        let year = match (year, to_year) {
            (Some(y), None) => Some(*y),
            (None, to) => to,
            (Some(_), Some(_)) => return bail(),
        };
        let left = ast::Expr { kind: ast::ExprKind::Name(name.clone(), year), span: lhs.span };
        let baseline = ast::Expr { kind: ast::ExprKind::Name(name.clone(), Some(base_year)), span: lhs.span };
        let (op, arith, by) = if relative && *dim == Dim::Percent {
            let factor = if falls { Decimal::ONE.checked_sub(*size) } else { Decimal::ONE.checked_add(*size) };
            (ast::ArithOp::Mul, Dim::Percent, factor.ok_or(Bail)?)
        } else {
            (if falls { ast::ArithOp::Sub } else { ast::ArithOp::Add }, *dim, *size)
        };
        let factor = ast::Expr { kind: ast::ExprKind::Number(by, arith), span: amount_span };
        let tail_span = Span::new(size_at, whole.end);
        let rhs = ast::Expr { kind: ast::ExprKind::Arith(op, Box::new(baseline), Box::new(factor)), span: tail_span };
        let cmp = if falls == at_least { ast::CmpOp::Le } else { ast::CmpOp::Ge };
        Ok((ast::Expr { kind: ast::ExprKind::Compare(cmp, Box::new(left), Box::new(rhs)), span: whole }, end))
    }

    /// `sum` and `product`: left-associative chains.
    fn sum(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        self.arith(i, true)
    }

    fn arith(&mut self, i: usize, sum: bool) -> R<(ast::Expr, usize)> {
        let operand = |p: &mut Self, at: usize| if sum { p.arith(at, false) } else { p.unary(at) };
        let (mut acc, mut end) = operand(self, i)?;
        let mut count = 0;
        loop {
            let j = self.skip(end);
            let op = match (self.b.get(j), sum) {
                (Some(b'+'), true) => ast::ArithOp::Add,
                (Some(b'-'), true) => ast::ArithOp::Sub,
                (Some(b'*'), false) => ast::ArithOp::Mul,
                (Some(b'/'), false) => ast::ArithOp::Div,
                _ => break,
            };
            count += 1;
            if count > self.chain_limit {
                return bail();
            }
            let (rhs, e) = operand(self, self.skip(j + 1))?;
            end = e;
            let span = acc.span.to(rhs.span);
            acc = ast::Expr { kind: ast::ExprKind::Arith(op, Box::new(acc), Box::new(rhs)), span };
        }
        Ok((acc, end))
    }

    fn unary(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        let mut negs = 0;
        let mut j = i;
        while self.byte(j, b'-') {
            negs += 1;
            j = self.skip(j + 1);
        }
        let (e, end) = self.atom(j)?;
        Ok((self.prefixed(e, negs, i, ast::ExprKind::Neg)?, end))
    }

    /// `atom`: abs | paren | yearly | call | literal_time | quantity | boolean | fact.
    fn atom(&mut self, i: usize) -> R<(ast::Expr, usize)> {
        let Some(&c) = self.b.get(i) else { return bail() };
        match c {
            b'|' => {
                self.special(i)?;
                let (inner, e) = self.expr(self.skip(i + 1))?;
                let j = self.skip(e);
                if !self.byte(j, b'|') {
                    return bail();
                }
                self.special(j)?;
                let span = Span::new(i, j + 1);
                Ok((ast::Expr { kind: ast::ExprKind::Abs(Box::new(inner)), span }, j + 1))
            }
            b'(' => {
                self.special(i)?;
                let (mut inner, e) = self.expr(self.skip(i + 1))?;
                let j = self.skip(e);
                if !self.byte(j, b')') {
                    return bail();
                }
                self.special(j)?;
                inner.span = Span::new(i, j + 1);
                Ok((inner, j + 1))
            }
            b'0'..=b'9' => {
                if let Some((time, end)) = self.literal_time(i)? {
                    return Ok((ast::Expr { kind: ast::ExprKind::Time(time), span: Span::new(i, end) }, end));
                }
                self.quantity(i)
            }
            _ => {
                let word = self.word(i);
                // `hvert år …`, `mindst 2 af årene …`, `at least …`: pest's (sugar.rs).
                if matches!(word, "hvert" | "every" | "mindst" | "at") {
                    return bail();
                }
                if matches!(word, "any" | "alle" | "all" | "atleast" | "nogen") {
                    let open = self.blanks(i + word.len());
                    if self.byte(open, b'(') {
                        return self.call(i, word, open);
                    }
                }
                if c == b'q' || c == b'Q' || MONTHS_DA.contains(&word) || self.edge_word(i).is_some() {
                    return match self.literal_time(i)? {
                        Some((time, end)) => {
                            Ok((ast::Expr { kind: ast::ExprKind::Time(time), span: Span::new(i, end) }, end))
                        }
                        None => bail(),
                    };
                }
                if matches!(word, "sand" | "true" | "falsk" | "false" | "før") {
                    let value = matches!(word, "sand" | "true");
                    let end = i + word.len();
                    return Ok((ast::Expr { kind: ast::ExprKind::Bool(value), span: Span::new(i, end) }, end));
                }
                self.fact(i, i + word.len())
            }
        }
    }

    fn call(&mut self, i: usize, word: &str, open: usize) -> R<(ast::Expr, usize)> {
        let func = match word {
            "any" | "nogen" => ast::Combinator::Any,
            "all" | "alle" => ast::Combinator::All,
            _ => ast::Combinator::AtLeast,
        };
        let name = Spanned::new(func, Span::new(i, i + word.len()));
        let mut args = Vec::new();
        self.special(open)?;
        let mut j = self.skip(open + 1);
        if !self.byte(j, b')') {
            loop {
                let (arg, e) = self.expr(j)?;
                args.push(arg);
                let k = self.skip(e);
                if self.byte(k, b',') {
                    j = self.skip(k + 1);
                } else {
                    j = k;
                    break;
                }
            }
            if !self.byte(j, b')') {
                return bail();
            }
        }
        self.special(j)?;
        if args.len() > self.chain_limit {
            return bail();
        }
        let span = Span::new(i, j + 1);
        Ok((ast::Expr { kind: ast::ExprKind::Call(name, args), span }, j + 1))
    }

    /// `fact`: a name (the word from `i` to `end`) with an optional `[year]`.
    fn fact(&self, i: usize, end: usize) -> R<(ast::Expr, usize)> {
        if !self.is_ident_start(i) || KEYWORDS.contains(&&self.s[i..end]) {
            return bail();
        }
        let name = self.s[i..end].to_string();
        let j = self.skip(end);
        if !self.byte(j, b'[') {
            return Ok((ast::Expr { kind: ast::ExprKind::Name(name, None), span: Span::new(i, end) }, end));
        }
        self.special(j)?;
        let y = self.skip(j + 1);
        let y_end = self.digits_end(y);
        let close = self.skip(y_end);
        if y_end == y || !self.byte(close, b']') {
            return bail();
        }
        self.special(close)?;
        let year = self.s[y..y_end].parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)).ok_or(Bail)?;
        let end = close + 1;
        Ok((ast::Expr { kind: ast::ExprKind::Name(name, Some(year)), span: Span::new(i, end) }, end))
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> bool {
    if slot.is_some() {
        return true;
    }
    *slot = Some(value);
    false
}
