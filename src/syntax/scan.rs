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
    let max_depth = limits.max_depth.min(MAX_NESTING);
    let mut depth = 0usize;
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
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'|' => {
                if b"([,|+-*/<>=!:".contains(&previous_token_byte(text, start, comments.last())) {
                    depth += 1;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            b';' => depth = 0,
            // `hvert år 2022..2024: body` opens a level that lasts to the end of the
            // statement (the body reaches as far as it can): as deep as a bracket.
            b':' if opens_year_span(&bytes[..start]) => depth += 1,
            _ => {}
        }
        if depth > max_depth {
            return Err(Diagnostic::error(
                codes::TOO_DEEP,
                Msg::new("for dyb indlejring", "nesting too deep"),
                Some(Span::new(start, start + 1)),
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
    }
    Ok(comments)
}

/// What a `|` at `at` follows, for telling `|` that opens from `|` that closes:
/// the last character before it that is not white space, where a string
/// counts as its quote and a comment as its first character. Only ASCII
/// answers matter.
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

fn previous_token_byte(text: &str, at: usize, last_comment: Option<&Spanned<String>>) -> u8 {
    let before = text.get(..at).unwrap_or_default().trim_end_matches(char::is_whitespace);
    match last_comment {
        Some(c) if c.span.start < before.len() && before.len() <= c.span.end => c.value.bytes().next().unwrap_or(b'#'),
        _ => before.as_bytes().last().copied().unwrap_or(b':'),
    }
}
