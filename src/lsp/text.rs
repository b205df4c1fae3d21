//! Documents as the editor sees them: positions in UTF-16 code units (the
//! protocol's default), edits applied as they come, and what a plan's syntax
//! tree says about each name in it.

use lsp_types::{Position, Range};

use crate::source::Span;
use crate::syntax::ast::{self, Stmt};

/// Line starts of a text, for converting between byte offsets and positions.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = self.text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
        Position { line: line as u32, character: character as u32 }
    }

    /// The range of `span`.
    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start), end: self.position(span.end) }
    }

    /// The byte offset of `position`; `None` when it lies outside the text
    /// (a line past the end, or a character past the line's end).
    pub fn offset(&self, position: Position) -> Option<usize> {
        let start = *self.starts.get(position.line as usize)?;
        let end = self.starts.get(position.line as usize + 1).map_or(self.text.len(), |e| e - 1);
        let line = self.text.get(start..end)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return (units == position.character).then_some(start + i);
            }
            units += c.len_utf16() as u32;
        }
        (units == position.character).then_some(start + line.len())
    }

    /// The range of the whole text.
    pub fn whole(&self) -> Range {
        Range { start: Position { line: 0, character: 0 }, end: self.position(self.text.len()) }
    }
}

/// Applies one change (`range: None` replaces the whole text). Returns false,
/// changing nothing, when the range lies outside the text.
pub fn apply(text: &mut String, range: Option<Range>, new: &str) -> bool {
    let Some(range) = range else {
        *text = new.to_string();
        return true;
    };
    let lines = Lines::new(text);
    match (lines.offset(range.start), lines.offset(range.end)) {
        (Some(start), Some(end)) if start <= end => {
            text.replace_range(start..end, new);
            true
        }
        _ => false,
    }
}

/// The identifier (letters, digits, `_`) around byte `offset`, with its span.
pub fn word_at(text: &str, offset: usize) -> Option<(&str, Span)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let offset = offset.min(text.len());
    let before = text.get(..offset)?;
    let start = before.char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset + after.char_indices().find(|(_, c)| !is_word(*c)).map_or(after.len(), |(i, _)| i);
    let word = text.get(start..end)?.trim_end_matches('.');
    (!word.is_empty()).then(|| (word, Span::new(start, start + word.len())))
}

/// What a name in the plan is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    /// A fact (the span covers the name, not its `[year]`).
    Fact(String),
    /// Sub-goal `name` of goal `goal`, defined (`delmål a`) or referred to (`mål: any(a, b)`).
    Subgoal {
        /// The goal's id.
        goal: String,
        /// The sub-goal's name.
        name: String,
        /// Whether this is its `delmål` line.
        definition: bool,
    },
}

/// Every name in a plan with its span, in source order.
pub fn names(file: &ast::File) -> Vec<(Name, Span)> {
    let mut out = Vec::new();
    for goal in &file.goals {
        let sub = |name: &str, definition: bool| Name::Subgoal {
            goal: goal.id.value.clone(),
            name: name.to_string(),
            definition,
        };
        for stmt in &goal.stmts {
            match stmt {
                Stmt::Subgoal { name, expr, .. } => {
                    out.push((sub(&name.value, true), name.span));
                    out.extend(expr.names().into_iter().map(|(n, _, span)| (Name::Fact(n.to_string()), span)));
                }
                Stmt::Condition(expr) => {
                    out.extend(expr.names().into_iter().map(|(n, _, span)| (Name::Fact(n.to_string()), span)));
                }
                Stmt::Combine(expr) => out.extend(expr.names().into_iter().map(|(n, _, span)| (sub(n, false), span))),
                Stmt::Required { sub: Some(s), .. } => out.push((sub(&s.value, false), s.span)),
                _ => {}
            }
        }
    }
    // `faktum x "…"` names the fact too: rename and references reach it.
    out.extend(file.labels.iter().map(|l| (Name::Fact(l.name.value.clone()), l.name.span)));
    out.sort_by_key(|(_, s)| s.start);
    // `h falder mindst 25 pct. fra 2012` reads `h` twice from one written name.
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

/// The name at byte `offset`, if any.
pub fn name_at(file: &ast::File, offset: usize) -> Option<(Name, Span)> {
    names(file).into_iter().find(|(_, s)| s.start <= offset && offset <= s.end)
}

/// Every span of the same name: a fact everywhere, a sub-goal within its goal.
pub fn same(file: &ast::File, name: &Name) -> Vec<Span> {
    let key = |n: &Name| match n {
        Name::Fact(f) => (None, f.clone()),
        Name::Subgoal { goal, name, .. } => (Some(goal.clone()), name.clone()),
    };
    names(file).into_iter().filter(|(n, _)| key(n) == key(name)).map(|(_, s)| s).collect()
}

/// The goal whose text holds `offset` (or the last one starting before it).
pub fn goal_at(file: &ast::File, offset: usize) -> Option<&ast::Goal> {
    file.goals.iter().rev().find(|g| g.span.start <= offset)
}

/// Reads a `file://` URI as a path (percent-decoded).
pub fn path_of(uri: &str) -> Option<std::path::PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(std::path::PathBuf::from(String::from_utf8(out).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "mål 1: x >= 1;\n  b😀c\n";
        let lines = Lines::new(text);
        let c = text.find('c').unwrap();
        assert_eq!(lines.position(c), Position { line: 1, character: 5 });
        assert_eq!(lines.offset(Position { line: 1, character: 5 }), Some(c));
        assert_eq!(lines.offset(Position { line: 1, character: 4 }), None, "inside the emoji");
        assert_eq!(lines.offset(Position { line: 9, character: 0 }), None);
        assert_eq!(lines.offset(Position { line: 0, character: 99 }), None);
        let mut edited = text.to_string();
        let far = Range { start: Position { line: 7, character: 0 }, end: Position { line: 8, character: 0 } };
        assert!(!apply(&mut edited, Some(far), "x"));
        assert_eq!(edited, text);
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(path_of("file:///tmp/m%C3%A5l/a%20b.maal"), Some("/tmp/mål/a b.maal".into()));
        assert_eq!(path_of("untitled:1"), None);
    }
}
