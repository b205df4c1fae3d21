//! Source files and byte spans.
//!
//! Every later stage points back into a [`Source`] through a [`Span`]: a pair of
//! byte offsets. Line and column numbers are computed on demand, only when a
//! diagnostic is shown.

use serde::Serialize;

/// A half-open byte range `start..end` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
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
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    // A fresh temp file with an unguessable name, created exclusively (never
    // through a planted file or symlink) and readable by the owner only.
    let mut file = tempfile::Builder::new().prefix(".maal-").suffix(".tmp").tempfile_in(dir)?;
    // The target keeps its permissions (a 0600 plan stays 0600).
    if let Ok(meta) = std::fs::metadata(path) {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    // A rename in the same folder; the temp file is removed on any error.
    file.persist(path).map_err(|e| e.error)?;
    // The rename itself reaches the disk with the folder.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The most bytes maal reads from one file (rules, facts, a token): four
/// times the default source limit, so a file just past that limit is still
/// read and refused with its own located error (E0003).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file's bytes, read only from a regular file and at most
/// [`MAX_FILE_BYTES`]: `/dev/zero`, a FIFO, a device or a folder is an error
/// at once rather than a read that never ends or fills memory.
pub fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // Asked before opening: opening a FIFO waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "ikke en almindelig fil (en mappe, FIFO eller enhed) / not a regular file (a folder, FIFO or device)",
        ));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("større end {MAX_FILE_BYTES} byte / larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(bytes)
}

/// Whether `path` itself is a regular file (not a symbolic link, FIFO or device).
#[cfg(feature = "serve")]
pub fn is_regular(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// How deep [`files_ending_with`] goes below its folder, and how many entries it looks at.
const WALK_DEPTH: usize = 16;
const WALK_ENTRIES: usize = 100_000;

/// Files under `dir` (recursively, sorted) whose names end with `suffix`.
/// The walk never follows a symbolic link into a folder (it could lead out
/// of the folder or round in a circle); a link, FIFO or device whose name
/// matches is listed, for the caller to refuse with its name ([`is_regular`]);
/// the walk stops 16 folders deep and after 100 000 entries.
pub fn files_ending_with(dir: &std::path::Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut budget = WALK_ENTRIES;
    walk(dir, suffix, 0, &mut budget, &mut out);
    out
}

fn walk(dir: &std::path::Path, suffix: &str, depth: usize, budget: &mut usize, out: &mut Vec<std::path::PathBuf>) {
    if depth > WALK_DEPTH {
        return;
    }
    let mut entries: Vec<(std::path::PathBuf, std::fs::FileType)> = Vec::new();
    if let Ok(read) = std::fs::read_dir(dir) {
        for entry in read.filter_map(Result::ok) {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            // The entry's own type: a symlink is a symlink, not what it points to.
            if let Ok(kind) = entry.file_type() {
                entries.push((entry.path(), kind));
            }
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (entry, kind) in entries {
        if kind.is_dir() {
            walk(&entry, suffix, depth + 1, budget, out);
        } else if entry.to_string_lossy().ends_with(suffix) {
            out.push(entry);
        }
    }
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
    // Characters below U+0300 (ASCII, Latin-1, æøå …) are NFC whatever stands
    // around them (quick-check "yes", combining class 0), and no byte of them
    // is 0xCC or above. Text with others (a dash, a quotation mark) is most
    // often NFC too: the quick check over just those (leaving out the others
    // can only turn a "yes" into a "maybe") avoids rebuilding it.
    // Blocks of 32 bytes are tested at once (the compiler vectorises the fold).
    let rare = text
        .as_bytes()
        .chunks(32)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(0, |a, b| a | (b & 0x80)) != 0 && block.iter().any(|&b| b >= 0xCC));
    let rare = rare.flat_map(|(n, block)| {
        let at = n * 32;
        block
            .iter()
            .enumerate()
            .filter(|(_, &b)| b >= 0xCC)
            .filter_map(move |(k, _)| text.get(at + k..).and_then(|t| t.chars().next()))
    });
    if is_nfc_quick(rare) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_below_u0300_is_already_nfc() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let all: String = (0..0x300u32).filter_map(char::from_u32).collect();
        assert!(all.bytes().all(|b| b < 0xCC));
        assert_eq!(is_nfc_quick(all.chars()), IsNormalized::Yes);
        assert!("\u{300}".bytes().any(|b| b >= 0xCC));
        assert_eq!(normalise("a\u{30A}"), "\u{E5}");
        assert_eq!(normalise("a \u{2013} a\u{30A}"), "a \u{2013} \u{E5}");
        assert_eq!(normalise("\u{2013}\u{E5}"), "\u{2013}\u{E5}");
    }

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
