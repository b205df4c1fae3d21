//! Source files and byte spans.
//!
//! Every later stage points back into a [`Source`] through a [`Span`]: a pair of
//! byte offsets. Line and column numbers are computed on demand, only when a
//! diagnostic is shown.

use serde::Serialize;

/// A half-open byte range `start..end` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Converts a pest span.
    pub fn from_pest(span: pest::Span<'_>) -> Span {
        Span::new(span.start(), span.end())
    }
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps `value` with `span`.
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// One named source text (a rule file, a facts file, a REPL line).
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in diagnostics, usually the path.
    pub name: String,
    /// The text, already decoded and normalised.
    pub text: String,
}

impl Source {
    /// A source from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source { name: name.into(), text: text.into() }
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }

    /// The text under `span`, or "" when the span is out of range.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// One-based line and column (in characters) of a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before.get(line_start..).map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// Where a text's lines start, for many line/column look-ups (one call of
/// [`line_col`] walks the text before the offset; this walks it once).
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`'s line starts.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// How many lines the text has (one more than it has `\n`s).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The byte range of a zero-based line, without its line break.
    pub fn range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        let end =
            if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start { end - 1 } else { end };
        start..end.max(start)
    }

    /// The text the index is over.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// One-based line and column (in characters) of a byte offset, as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line.max(1), col)
    }
}

/// Writes `contents` to `path` atomically: into a temporary file beside it,
/// flushed to disk, then renamed over `path`. A reader, or a run interrupted
/// half-way, sees the old file or the new one, never half of one; on failure
/// the temporary file is removed.
pub fn write_atomic(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.maal-tmp-{}", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Files under `dir` (recursively, sorted) whose names end with `suffix`.
pub fn files_ending_with(dir: &std::path::Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    entries.sort();
    let mut out = Vec::new();
    for entry in entries {
        if entry.is_dir() {
            out.extend(files_ending_with(&entry, suffix));
        } else if entry.to_string_lossy().ends_with(suffix) {
            out.push(entry);
        }
    }
    out
}

/// Decodes raw bytes as UTF-8, dropping a byte-order mark and normalising to NFC.
///
/// Invalid UTF-8 is an error carrying the offset of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, usize> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to())?;
    Ok(normalise(text))
}

/// Drops a byte-order mark and normalises to NFC, so `å` typed as `a` plus a
/// combining ring is the same name as a precomposed `å`.
pub fn normalise(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Most text is already NFC; the quick check avoids rebuilding it.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let text = "ab\næøå\n\nx\r\ny";
        let index = LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|o| text.is_char_boundary((*o).min(text.len()))) {
            assert_eq!(index.line_col(offset), line_col(text, offset), "at {offset}");
        }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("æø\nåx", 5), (2, 1));
        assert_eq!(line_col("æø\nåx", 7), (2, 2));
        assert_eq!(line_col("abc", 99), (1, 4));
    }

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_temporary() {
        let dir = std::env::temp_dir().join(format!("maal-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fakta.toml");
        write_atomic(&path, b"a = 1\n").unwrap();
        write_atomic(&path, b"a = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
        assert!(write_atomic(&dir.join("no/such/dir/x"), b"x").is_err());
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("fakta.toml")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn decode_normalises_and_strips_bom() {
        let nfd = "a\u{030A}"; // a + combining ring above
        assert_eq!(decode(format!("\u{FEFF}{nfd}").as_bytes()), Ok("å".to_string()));
        assert_eq!(decode(&[b'a', 0xff]), Err(1));
    }
}
