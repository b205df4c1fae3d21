//! Source lines too long to show whole (a 1 MB rule line, a 1 MB fact
//! value): a window of each around the labels that point into it, with `…`
//! where it is cut. Line numbers, and the `file:line:column` codespan prints,
//! stay those of the real file.

use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location};

use crate::source::LineIndex;

/// Lines up to this many bytes are shown whole.
pub const LONG_LINE: usize = 200;
/// Bytes shown either side of the labels in a long line.
const CONTEXT: usize = 60;
/// At most this much of a label in a long line is shown (and underlined).
const LABEL: usize = 120;
const CUT: &str = "…";

/// A file as codespan sees it: every line of the original, empty unless a
/// label points into it, and long lines cut to a window.
pub struct Excerpt<'s> {
    name: &'s str,
    lines: &'s LineIndex<'s>,
    shown: String,
    /// Where each original line starts in `shown`.
    shown_starts: Vec<usize>,
    /// Per original line with a label: the original range copied into
    /// `shown`, and where that copy starts there.
    windows: Vec<Option<(Range<usize>, usize)>>,
}

/// Whether a label over `range` lies in a line too long to show whole.
pub fn too_long(lines: &LineIndex<'_>, range: &Range<usize>) -> bool {
    let line = lines.range(lines.line_of(range.start));
    line.end - line.start > LONG_LINE || range.end - range.start > LONG_LINE
}

impl<'s> Excerpt<'s> {
    /// The excerpt of the indexed text that shows `ranges` (byte ranges on
    /// char boundaries): one pass over the lines, however many ranges.
    pub fn new(name: &'s str, lines: &'s LineIndex<'s>, ranges: &[Range<usize>]) -> Excerpt<'s> {
        let original = lines.text();
        let count = lines.count();
        // The span of labels in each line that has one.
        let mut marked: Vec<Option<Range<usize>>> = vec![None; count];
        for r in ranges {
            for line in [lines.line_of(r.start), lines.line_of(r.end)] {
                let text = lines.range(line);
                let (start, end) = (r.start.clamp(text.start, text.end), r.end.clamp(text.start, text.end));
                if let Some(entry) = marked.get_mut(line) {
                    let mark = entry.get_or_insert(start..end);
                    *mark = mark.start.min(start)..mark.end.max(end);
                }
            }
        }
        let mut shown = String::new();
        let mut shown_starts = Vec::with_capacity(count);
        let mut windows = Vec::with_capacity(count);
        for (line, mark) in marked.iter().enumerate() {
            shown_starts.push(shown.len());
            let text = lines.range(line);
            let window = mark.as_ref().map(|mark| {
                if text.end - text.start <= LONG_LINE {
                    return text.clone();
                }
                let end = mark.end.min(mark.start + LABEL);
                let from = floor(original, mark.start.saturating_sub(CONTEXT).max(text.start));
                let to = ceil(original, (end + CONTEXT).min(text.end));
                from..to
            });
            windows.push(window.map(|w| {
                if w.start > text.start {
                    shown.push_str(CUT);
                }
                let at = shown.len();
                shown.push_str(&original[w.clone()]);
                if w.end < text.end {
                    shown.push_str(CUT);
                }
                (w, at)
            }));
            shown.push('\n');
        }
        Excerpt { name, lines, shown, shown_starts, windows }
    }

    /// Where an original byte offset is shown (clamped into its line's window).
    pub fn shown_offset(&self, offset: usize) -> usize {
        let line = self.lines.line_of(offset);
        match self.windows.get(line).cloned().flatten() {
            Some((window, at)) => at + offset.clamp(window.start, window.end) - window.start,
            None => self.shown_starts.get(line).copied().unwrap_or(0),
        }
    }

    /// The original byte offset behind a shown one.
    fn original_offset(&self, shown: usize) -> usize {
        let line = self.shown_starts.partition_point(|&s| s <= shown).saturating_sub(1);
        match self.windows.get(line).cloned().flatten() {
            Some((window, at)) => window.start + shown.saturating_sub(at).min(window.end - window.start),
            None => self.lines.range(line).start,
        }
    }
}

/// The nearest char boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest char boundary at or after `at`.
fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.shown)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self.shown_starts.partition_point(|&s| s <= byte_index).saturating_sub(1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        let start = *self
            .shown_starts
            .get(line_index)
            .ok_or(Error::LineTooLarge { given: line_index, max: self.shown_starts.len().saturating_sub(1) })?;
        let end = self.shown_starts.get(line_index + 1).copied().unwrap_or(self.shown.len());
        Ok(start..end)
    }

    /// The line and column in the original file, not in the excerpt.
    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, Error> {
        let (line_number, column_number) = self.lines.line_col(self.original_offset(byte_index));
        Ok(Location { line_number, column_number })
    }
}
