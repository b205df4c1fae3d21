//! The lexical pre-scan: size and nesting limits checked before pest runs, and
//! where the comments are.

use super::{empty_file, Limits, MAX_NESTING};
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::{Span, Spanned};

/// The lexical pre-scan behind [`check_limits`]. It also returns where the
/// comments are: in text that parses, every `#` or `//` outside a string
/// starts a comment that runs to the line break, as in the grammar's
/// `WHITESPACE` (the grammar has no other use for either); the grammar itself
/// keeps no trace of them.
pub(super) fn scan(text: &str, limits: &Limits) -> Result<Vec<Spanned<String>>, Diagnostic> {
    if text.len() > limits.max_source_bytes {
        return Err(Diagnostic::error(
            codes::TOO_LARGE,
            Msg::new("kildeteksten er for stor", "source too large"),
            Some(Span::new(0, 0)),
            Msg::new(
                format!("filen fylder {} byte; grænsen er {}", text.len(), limits.max_source_bytes),
                format!("the file is {} bytes; the limit is {}", text.len(), limits.max_source_bytes),
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(empty_file());
    }
    // Bytes, not chars: every character that matters here is ASCII, and in
    // UTF-8 no byte of a longer character is. Other bytes are passed over.
    const SPECIAL: [bool; 256] = {
        let bytes = b"\"#/([)]|;:";
        let mut table = [false; 256];
        let mut k = 0;
        while k < bytes.len() {
            table[bytes[k] as usize] = true;
            k += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut depth = Depth::new(limits);
    let mut comments: Vec<Spanned<String>> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        i += 1;
        if !SPECIAL[b as usize] {
            continue;
        }
        match b {
            b'"' => {
                // Skip a string literal.
                while let Some(&s) = bytes.get(i) {
                    i += 1;
                    match s {
                        b'\\' => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
            }
            b'#' | b'/' if b == b'#' || bytes.get(i) == Some(&b'/') => {
                // To the line break (`\n`, `\r\n` or `\r`, as pest's NEWLINE).
                let end =
                    bytes[start..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(text.len(), |n| start + n);
                i = end;
                comments.push(Spanned::new(text[start..end].to_string(), Span::new(start, end)));
            }
            _ => depth.special(text, start, &comments)?,
        }
    }
    Ok(comments)
}

/// The nesting the pre-scan counts, one bracket, `|` or `;` at a time: what
/// [`scan`] does at each of them, and what the fast path (`fast.rs`) does at
/// each it reads, so that both refuse the same text as too deeply nested.
pub(super) struct Depth {
    depth: usize,
    max: usize,
}

impl Depth {
    pub(super) fn new(limits: &Limits) -> Depth {
        Depth { depth: 0, max: limits.max_depth.min(MAX_NESTING) }
    }

    /// The byte at `at` (outside strings and comments), with the comments
    /// before it. Only `([)]|;:` count; the others pass.
    pub(super) fn special(&mut self, text: &str, at: usize, comments: &[Spanned<String>]) -> Result<(), Diagnostic> {
        let bytes = text.as_bytes();
        match bytes[at] {
            b'(' | b'[' => self.depth += 1,
            b')' | b']' => self.depth = self.depth.saturating_sub(1),
            b'|' => {
                if abs_opens(text, at, comments) {
                    self.depth += 1;
                } else {
                    self.depth = self.depth.saturating_sub(1);
                }
            }
            b';' => self.depth = 0,
            // `hvert år 2022..2024: body` opens a level that lasts to the end of the
            // statement (the body reaches as far as it can): as deep as a bracket.
            b':' if opens_year_span(&bytes[..at]) => self.depth += 1,
            _ => {}
        }
        if self.depth > self.max {
            let max_depth = self.max;
            return Err(Diagnostic::error(
                codes::TOO_DEEP,
                Msg::new("for dyb indlejring", "nesting too deep"),
                Some(Span::new(at, at + 1)),
                Msg::new(
                    format!("mere end {max_depth} niveauer af parenteser, |…| eller `hvert år …:`"),
                    format!("more than {max_depth} levels of brackets, |…| or `hvert år …:`"),
                ),
            )
            .hint(Msg::new(
                "del udtrykket op i delmål eller fjern overflødige parenteser",
                "split the expression into sub-goals or remove redundant brackets",
            )));
        }
        Ok(())
    }
}

/// Whether the text before a `:` ends with the years of `hvert år 2022..2024`
/// or `… fra 2022 til 2024` (blanks allowed before the colon).
fn opens_year_span(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let Some(year_start) = trimmed.len().checked_sub(4) else { return false };
    let (rest, year) = trimmed.split_at(year_start);
    if !year.iter().all(u8::is_ascii_digit) {
        return false;
    }
    rest.ends_with(b"..") || rest.trim_ascii_end().ends_with(b" til") || rest.trim_ascii_end().ends_with(b" to")
}

/// Words an operand follows: a `|` after them opens.
const OPERAND_WORDS: [&str; 8] = ["og", "and", "eller", "or", "ikke", "not", "in", "mellem"];

/// Whether the `|` at `at` opens an absolute value, from the token before it
/// (comments passed over): it closes one only after the end of an operand — a
/// name that is not one of [`OPERAND_WORDS`], a digit, a unit's `.` or `%`, `)`
/// or `]`. When unsure it opens: a level counted too many only refuses text at
/// the limit, a level too few would let nesting past the limit reach the parser
/// (`a og |a og |… x| og y| og y|` once overflowed its stack).
fn abs_opens(text: &str, at: usize, comments: &[Spanned<String>]) -> bool {
    let mut before = text.get(..at).unwrap_or_default().trim_end_matches(char::is_whitespace);
    // Comments before `at` that `before` ends in, latest first.
    for c in comments.iter().rev().skip_while(|c| c.span.start >= at) {
        if c.span.start < before.len() && before.len() <= c.span.end {
            before = text.get(..c.span.start).unwrap_or_default().trim_end_matches(char::is_whitespace);
        } else {
            break;
        }
    }
    let Some(&last) = before.as_bytes().last() else { return true };
    match last {
        b'0'..=b'9' | b')' | b']' | b'%' => false,
        b'.' => before.ends_with(".."),
        b'|' => true,
        c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
            let word_start = before
                .char_indices()
                .rev()
                .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                .map_or(0, |(n, ch)| n + ch.len_utf8());
            OPERAND_WORDS.contains(&&before[word_start..])
        }
        _ => true,
    }
}
