//! `maal fmt`: one canonical layout for rule files.
//!
//! The layout is rebuilt from the syntax tree: one field or statement per line,
//! two-space indents, a blank line between goals, canonical spacing and
//! keywords (`og`, `eller`, `ikke`), brackets only where precedence needs them.
//! Literals (numbers with units, dates, names) keep the spelling they were
//! written with, so `2,0 mio. kr.` stays `2,0 mio. kr.`. Every comment is kept:
//! a comment on the line of a statement stays at its end; any other comment is
//! placed on its own line before the next item.

use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, ArithOp, Cadence, Combinator, ExprKind, Scoring, Stmt};

/// Formats a parsed file; `text` is the source it was parsed from.
pub fn format(file: &ast::File, text: &str) -> String {
    let mut f = Formatter { text, comments: &file.comments, next: 0, out: String::new() };
    f.header(&file.header);
    let mut section: Option<&str> = None;
    let mut labels = file.labels.iter().peekable();
    for goal in &file.goals {
        // Fact labels stay where they were written, as a block of lines.
        if labels.peek().is_some_and(|l| l.span.start < goal.span.start) {
            f.out.push('\n');
            while let Some(l) = labels.next_if(|l| l.span.start < goal.span.start) {
                f.label(l);
            }
        }
        if goal.section.as_deref() != section {
            if let Some(s) = &goal.section {
                f.out.push('\n');
                f.leading(goal.section_start.unwrap_or(goal.span.start), "");
                f.out.push_str(&format!("sektion {}\n", quote(s)));
            }
            section = goal.section.as_deref();
        }
        f.goal(goal);
    }
    if labels.peek().is_some() {
        f.out.push('\n');
        labels.for_each(|l| f.label(l));
    }
    f.leading(usize::MAX, "");
    f.out
}

struct Formatter<'a> {
    text: &'a str,
    comments: &'a [Spanned<String>],
    next: usize,
    out: String,
}

impl Formatter<'_> {
    /// Emits the comments that start before `offset` on their own lines.
    fn leading(&mut self, offset: usize, indent: &str) {
        self.comments_before(offset, indent, true);
    }

    /// Prints the comments before `offset`; with `blank_lines`, a blank line
    /// after a comment block stays. Header comments are all moved before the
    /// first field, so there the source's blank lines say nothing and are dropped
    /// (keeping them made formatting depend on where in the header they were).
    fn comments_before(&mut self, offset: usize, indent: &str, blank_lines: bool) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= offset {
                break;
            }
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            self.out.push_str(indent);
            self.out.push_str(c.value.trim_end());
            self.out.push('\n');
            self.next += 1;
            // Keep one blank line between a comment block and what follows it.
            let until = offset.min(self.text.len());
            let next_start = self.comments.get(self.next).map_or(until, |n| n.span.start).min(until);
            if blank_lines && self.text.get(c.span.end..next_start).is_some_and(|gap| gap.matches('\n').count() >= 2) {
                self.out.push('\n');
            }
        }
    }

    /// Ends a line, keeping a comment that followed `end` on the same source line.
    fn end_line(&mut self, end: usize) {
        if let Some(c) = self.comments.get(self.next) {
            let between = self.text.get(end..c.span.start).unwrap_or("\n");
            let only_punctuation = between.chars().all(|ch| matches!(ch, ' ' | '\t' | ';' | ':' | '}'));
            if c.span.start >= end && only_punctuation {
                self.out.push_str("  ");
                self.out.push_str(c.value.trim_end());
                self.next += 1;
            }
        }
        self.out.push('\n');
    }

    /// The code under `span`, whitespace normalised. A span may end with
    /// comments pest skipped after the last token; they are cut off here
    /// (no literal or name contains `#` or `//`).
    fn slice(&self, span: Span) -> String {
        let end = self.code_end(span.start, span.end);
        self.text.get(span.start..end).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Where the code in `start..end` really ends, before trailing comments and blanks.
    fn code_end(&self, start: usize, end: usize) -> usize {
        let code = self.text.get(start..end).unwrap_or("");
        let cut = [code.find('#'), code.find("//")].into_iter().flatten().min().unwrap_or(code.len());
        start + code[..cut].trim_end().len()
    }

    fn header(&mut self, h: &ast::Header) {
        self.leading(h.span.start, "");
        self.out.push_str(&format!("plan {} {{\n", quote(&h.title.value)));
        // Comments inside the header block go before its first field.
        self.comments_before(h.span.end.saturating_sub(1), "  ", false);
        if let Some(m) = &h.ministry {
            self.out.push_str(&format!("  ministerium {}\n", quote(&m.value)));
        }
        if let Some(i) = &h.institution {
            self.out.push_str(&format!("  institution {}\n", quote(&i.value)));
        }
        if let Some(p) = &h.period {
            let text = self.slice(p.span);
            self.out.push_str(&format!("  {}\n", text.replace(" .. ", "..")));
        }
        if let Some(r) = &h.reporting {
            let cadence = match r.value.cadence {
                Cadence::Monthly => "månedlig",
                Cadence::Quarterly => "kvartalsvis",
                Cadence::HalfYearly => "halvårlig",
                Cadence::Yearly => "årlig",
            };
            let days = if r.value.working_days { "arbejdsdage" } else { "kalenderdage" };
            let within = r.value.within_days.map(|d| format!(" senest {d} {days} efter")).unwrap_or_default();
            self.out.push_str(&format!("  afrapportering {cadence}{within}\n"));
        }
        if let Some(s) = &h.scoring {
            let word = match s.value {
                Scoring::Binary => "binær",
                Scoring::Weighted => "vægtet",
                Scoring::Partial => "delvis",
            };
            self.out.push_str(&format!("  scoring {word}\n"));
        }
        if let Some(p) = &h.payout {
            let bands: Vec<String> = p
                .value
                .iter()
                .map(|b| format!("{}: {}", self.slice(b.from.span).trim(), self.slice(b.share.span).trim()))
                .collect();
            self.out.push_str(&format!("  udbetaling {{ {} }}\n", bands.join("; ")));
        }
        for a in &h.allow {
            self.out.push_str(&format!("  tillad {}\n", a.value));
        }
        // A field written twice is an error the checker reports; keep the repeats
        // as written, so formatting never turns a broken plan into a working one.
        for span in &h.duplicates {
            let text = self.slice(*span).trim().to_string();
            self.out.push_str(&format!("  {text}\n"));
        }
        self.out.push('}');
        self.end_line(h.span.end);
    }

    /// `faktum navn "…"` on a line of its own.
    fn label(&mut self, l: &ast::FactLabel) {
        self.leading(l.span.start, "");
        self.out.push_str(&format!("faktum {}", l.name.value));
        if let Some(label) = &l.label {
            self.out.push_str(&format!(" {}", quote(&label.value)));
        }
        if l.running.is_some() {
            self.out.push_str(" løbende");
        }
        self.end_line(l.span.end);
    }

    /// `vægt 20 point` (or `weight 20 point`) as `vægt 20 point`.
    fn weight(&self, span: Span) -> String {
        let text = self.slice(span);
        let rest = text.split_once(char::is_whitespace).map_or("", |(_, r)| r);
        format!("vægt {rest}")
    }

    fn goal(&mut self, g: &ast::Goal) {
        self.out.push('\n');
        self.leading(g.span.start, "");
        self.out.push_str(&format!("mål {}", g.id.value));
        if let Some(t) = &g.title {
            self.out.push_str(&format!(" {}", quote(&t.value)));
        }
        self.out.push(':');
        let header_end = g.title.as_ref().map_or(g.id.span.end, |t| t.span.end) + 1;
        self.end_line(header_end);
        for stmt in &g.stmts {
            let (start, end) = stmt_span(stmt);
            let end = self.code_end(start, end);
            self.leading(start, "  ");
            let line = match stmt {
                Stmt::Subgoal { name, title, weight, expr } => {
                    let title = title.as_ref().map(|t| format!(" {}", quote(&t.value))).unwrap_or_default();
                    let title = match weight {
                        Some(w) => format!("{title} {}", self.weight(w.span)),
                        None => title,
                    };
                    let line = format!("delmål {}{title}: {}", name.value, self.expr(expr));
                    if line.chars().count() > 100 {
                        format!("delmål {}{title}:\n    {}", name.value, self.long_expr(expr))
                    } else {
                        line
                    }
                }
                Stmt::Combine(e) => format!("mål: {}", self.expr(e)),
                Stmt::Condition(e) => self.expr(e),
                Stmt::Task(t) => format!("opgave {}", t.value),
                Stmt::Kind(k) => format!("måltype {}", k.value),
                Stmt::Deadline(d) => format!("frist {}", self.slice(d.span)),
                Stmt::Weight(w) => self.weight(w.span),
                Stmt::Note(n) => format!("beskrivelse {}", quote(&n.value)),
                Stmt::Required { sub: Some(s), text } => format!("resultatkrav {} {}", s.value, quote(&text.value)),
                Stmt::Required { sub: None, text } => format!("resultatkrav {}", quote(&text.value)),
                Stmt::Allow(a) => format!("tillad {}", a.value),
                // One Danish spelling each: `helår` stays, `opgøres ultimo` (and the English) is that.
                Stmt::YearEnd(span) if matches!(self.slice(*span).chars().next(), Some('h' | 'f')) => "helår".into(),
                Stmt::YearEnd(_) => "opgøres ultimo".into(),
                Stmt::TargetYear(y) => format!("målår {}", y.value),
            };
            self.out.push_str(&format!("  {line};"));
            self.end_line(end);
        }
    }

    /// A top-level `og`/`eller` chain too long for one line: one part per line.
    fn long_expr(&self, e: &ast::Expr) -> String {
        let flat = self.expr(e);
        if flat.chars().count() <= 96 {
            return flat;
        }
        match &e.kind {
            ExprKind::And(parts) => parts.iter().map(|p| self.expr_at(p, 3)).collect::<Vec<_>>().join("\n    og "),
            ExprKind::Or(parts) => parts.iter().map(|p| self.expr_at(p, 2)).collect::<Vec<_>>().join("\n    eller "),
            _ => flat,
        }
    }

    /// The verb and the rest of a change against a baseline year (`falder`,
    /// `mindst 25 pct. fra 2012`), which the builder made a comparison whose
    /// right side spans the words after the verb.
    fn change_words(&self, a: &ast::Expr, b: &ast::Expr) -> Option<(String, String)> {
        let between = self.text.get(a.span.end..b.span.start)?;
        let verb = between.trim();
        if verb.is_empty() || !verb.chars().all(char::is_alphabetic) {
            return None;
        }
        let rest = self.text.get(b.span.start..b.span.end)?.split_whitespace().collect::<Vec<_>>().join(" ");
        Some((verb.to_string(), rest))
    }

    fn expr(&self, e: &ast::Expr) -> String {
        self.expr_at(e, 0)
    }

    /// Prints `e`, bracketed when its precedence is below `min`.
    fn expr_at(&self, e: &ast::Expr, min: u8) -> String {
        crate::deep(|| {
            // `hvert år …: body` reaches to the end: bracketed wherever something follows.
            let yearly = matches!(&e.kind, ExprKind::Call(f, _) if self.slice(f.span).contains(char::is_whitespace));
            let prec = if yearly { 0 } else { precedence(e) };
            let text = match &e.kind {
                ExprKind::Or(parts) => parts.iter().map(|p| self.expr_at(p, 2)).collect::<Vec<_>>().join(" eller "),
                ExprKind::And(parts) => parts.iter().map(|p| self.expr_at(p, 3)).collect::<Vec<_>>().join(" og "),
                ExprKind::Not(x) => format!("ikke {}", self.expr_at(x, 4)),
                ExprKind::Compare(op, a, b) => match self.change_words(a, b) {
                    // `h falder mindst 25 pct. fra 2012`: kept in its words, spaces tidied.
                    Some((verb, rest)) => format!("{} {verb} {rest}", self.slice(a.span)),
                    None => format!("{} {} {}", self.expr_at(a, 5), op.symbol(), self.expr_at(b, 5)),
                },
                ExprKind::Range(v, lo, hi) => {
                    format!("{} in {}..{}", self.expr_at(v, 5), self.expr_at(lo, 5), self.expr_at(hi, 5))
                }
                ExprKind::Deadline(op, v, t) => {
                    let written = self.text.get(v.span.end.min(t.span.start)..t.span.start).unwrap_or("");
                    let word = crate::measure::deadline_word(*op, written.trim());
                    format!("{} {word} {}", self.expr_at(v, 5), self.slice(t.span))
                }
                ExprKind::Arith(op, a, b) => {
                    let (level, right) = match op {
                        ArithOp::Add | ArithOp::Sub => (5, 6),
                        ArithOp::Mul | ArithOp::Div => (6, 7),
                    };
                    format!("{} {} {}", self.expr_at(a, level), op.symbol(), self.expr_at(b, right))
                }
                // A negation of a negation needs no brackets (`--x`): each would count as a level of nesting.
                ExprKind::Neg(x) => format!("-{}", self.expr_at(x, 7)),
                ExprKind::Abs(x) => format!("|{}|", self.expr(x)),
                // `hvert år 2022..2024: x >= 10`: the words up to the body, then the body once.
                ExprKind::Call(func, args) if self.slice(func.span).contains(char::is_whitespace) => {
                    let body = args.iter().find(|a| a.span.start > func.span.end).or(args.last());
                    let head = body.and_then(|b| self.text.get(func.span.start..b.span.start)).unwrap_or("");
                    let head = head.split_whitespace().collect::<Vec<_>>().join(" ").replace(" :", ":");
                    format!("{head} {}", body.map(|b| self.expr(b)).unwrap_or_default())
                }
                ExprKind::Call(func, args) => {
                    let name = self.slice(func.span);
                    let name = if name.is_empty() {
                        match func.value {
                            Combinator::Any => "any".to_string(),
                            Combinator::All => "all".to_string(),
                            Combinator::AtLeast => "atleast".to_string(),
                        }
                    } else {
                        name
                    };
                    let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                    format!("{name}({})", args.join(", "))
                }
                ExprKind::Number(..) | ExprKind::Time(_) | ExprKind::Name(..) => self.slice(e.span),
                ExprKind::Bool(b) => if *b { "sand" } else { "falsk" }.to_string(),
            };
            if prec < min {
                format!("({text})")
            } else {
                text
            }
        })
    }
}

/// 1 or, 2 and, 3 not, 4 comparison, 5 sum, 6 product, 7 unary, 8 atom.
fn precedence(e: &ast::Expr) -> u8 {
    match e.kind {
        ExprKind::Or(_) => 1,
        ExprKind::And(_) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Compare(..) | ExprKind::Range(..) | ExprKind::Deadline(..) => 4,
        ExprKind::Arith(ArithOp::Add | ArithOp::Sub, ..) => 5,
        ExprKind::Arith(ArithOp::Mul | ArithOp::Div, ..) => 6,
        ExprKind::Neg(_) => 7,
        _ => 8,
    }
}

fn stmt_span(stmt: &Stmt) -> (usize, usize) {
    match stmt {
        Stmt::Subgoal { name, expr, .. } => (name.span.start, expr.span.end),
        Stmt::Combine(e) | Stmt::Condition(e) => (e.span.start, e.span.end),
        Stmt::Task(s) | Stmt::Kind(s) | Stmt::Allow(s) | Stmt::Note(s) => (s.span.start, s.span.end),
        Stmt::Required { sub, text } => (sub.as_ref().unwrap_or(text).span.start, text.span.end),
        Stmt::Deadline(d) => (d.span.start, d.span.end),
        Stmt::Weight(w) => (w.span.start, w.span.end),
        Stmt::YearEnd(span) => (span.start, span.end),
        Stmt::TargetYear(y) => (y.span.start, y.span.end),
    }
}

fn quote(s: &str) -> String {
    // A line break can only stand in a string escaped (`\` before it), as it was written.
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"").replace('\r', "\\\r").replace('\n', "\\\n");
    format!("\"{escaped}\"")
}

/// A unified diff between the original and the formatted text.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().header(name, &format!("{name} (formateret)")).to_string()
}
