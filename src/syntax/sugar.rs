//! Forms the builder writes out into others, so that no later stage needs a
//! new expression form: `h falder mindst 25 pct. fra 2012` is the comparison
//! it means, `hvert år 2022..2024: body` is `all` over the years. Each keeps
//! the spans of its words, which the formatter and `render::words` read back.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast;
use super::build::{bad, inner, span_of, Builder};
use super::generated::Rule;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::measure::ArithOp;
use crate::source::{Span, Spanned};
use crate::value::Dim;

/// At most this many expression nodes are written out by `hvert år` in one file.
const MAX_EXPANDED: usize = 200_000;

impl Builder<'_> {
    /// `hvert år 2022..2024: x >= 10` as `all(x[2022] >= 10, x[2023] >= 10,
    /// x[2024] >= 10)`; `mindst 2 af årene …` as `atleast(2, …)`. The call's
    /// name spans the words before the years (the formatter writes the form
    /// back from them); each copy keeps the body's spans.
    pub(super) fn yearly(&mut self, pair: Pair<'_, Rule>) -> ast::Expr {
        const MAX_YEARS: i32 = 50;
        let span = span_of(&pair);
        let mut head = None;
        let mut count = None;
        let mut years = Vec::new();
        let mut body = None;
        for part in inner(pair) {
            match part.as_rule() {
                Rule::kw_every_year => head = Some(span_of(&part)),
                Rule::yearly_count => {
                    head = Some(span_of(&part));
                    count = inner(part)
                        .find(|p| p.as_rule() == Rule::integer)
                        .map(|n| (n.as_str().to_string(), span_of(&n)));
                }
                Rule::year => years.push(part),
                Rule::yearly_body => body = inner(part).next().map(|e| self.build_expr(e)),
                _ => {}
            }
        }
        let (Some(head), Some(body), [first, last]) = (head, body, &years[..]) else { return bad(span) };
        let (Some(from), Some(to)) = (self.year(first), self.year(last)) else { return bad(span) };
        let years_span = span_of(first).to(span_of(last));
        if to < from || to - from >= MAX_YEARS {
            self.errors.push(Diagnostic::error(
                codes::INVALID_DATE,
                Msg::new("ugyldigt årsinterval", "invalid span of years"),
                Some(years_span),
                Msg::new(
                    format!("skriv det første år først, højst {MAX_YEARS} år"),
                    format!("write the first year first, at most {MAX_YEARS} years"),
                ),
            ));
            return bad(span);
        }
        if !body.names().iter().any(|(_, year, _)| year.is_none()) {
            self.errors.push(Diagnostic::error(
                codes::SYNTAX,
                Msg::new("intet faktum skifter år", "no fact changes year"),
                Some(body.span),
                Msg::new(
                    "betingelsen læses for hvert år: skriv et faktum uden årstal, fx `ventetid <= 12 uger`",
                    "the condition is read for each year: write a fact without a year, e.g. `ventetid <= 12 uger`",
                ),
            ));
            return bad(span);
        }
        let mut nodes = 0usize;
        body.walk(&mut |_| nodes += 1);
        let years_count = usize::try_from(to - from + 1).unwrap_or(usize::MAX);
        self.expanded = self.expanded.saturating_add(nodes.saturating_mul(years_count));
        if self.expanded > MAX_EXPANDED {
            self.errors.push(Diagnostic::error(
                codes::TOO_DEEP,
                Msg::new("for mange år skrevet ud", "too many years written out"),
                Some(span),
                Msg::new(
                    format!("`hvert år` skriver betingelsen ud for hvert år; grænsen er {MAX_EXPANDED} led i alt"),
                    format!(
                        "`hvert år` writes the condition out for each year; the limit is {MAX_EXPANDED} terms in all"
                    ),
                ),
            ));
            return bad(span);
        }
        let mut args = Vec::new();
        let func = match count {
            Some((n, n_span)) => {
                let Ok(n) = n.parse::<u32>() else { return bad(span) };
                args.push(ast::Expr { kind: ast::ExprKind::Number(Decimal::from(n), Dim::Plain), span: n_span });
                ast::Combinator::AtLeast
            }
            None => ast::Combinator::All,
        };
        args.extend((from..=to).map(|y| body.in_year(y)));
        ast::Expr { kind: ast::ExprKind::Call(Spanned::new(func, head), args), span }
    }

    /// `h falder mindst 25 pct. fra 2012 [til 2020]`, built as the comparison it
    /// means: `h <= h[2012] * 75 pct.` (relative, for pct.) or `h <= h[2012] -
    /// 25` (absolute, any other unit, pct.-point included). The comparison's
    /// right side spans the words after the verb, so the formatter and the
    /// report can tell the form from `<=` (see `render::words`).
    pub(super) fn change(&mut self, lhs: ast::Expr, tail: Pair<'_, Rule>) -> ast::Expr {
        let whole = lhs.span.to(span_of(&tail));
        let mut t = inner(tail);
        let (Some(dir), Some(size), Some(amount), Some(_), Some(base)) =
            (t.next(), t.next(), t.next(), t.next(), t.next())
        else {
            return bad(whole);
        };
        let to = t.nth(1);
        let falls = matches!(dir.as_str(), "falder" | "falls");
        let at_least = {
            let word = size.as_str().split_whitespace().last().unwrap_or("");
            matches!(word, "mindst" | "least")
        };
        let tail_span = Span::new(span_of(&size).start, whole.end);
        let amount_span = span_of(&amount);
        let relative = {
            let text = amount.as_str().to_lowercase();
            !(text.contains("point") || text.ends_with("pp"))
        };
        let amount = self.build_expr(amount);
        let (Some(base_year), to_year) = (self.year(&base), to.as_ref().map(|y| self.year(y))) else {
            return bad(whole);
        };
        let (ast::ExprKind::Name(name, year), ast::ExprKind::Number(size, dim)) = (&lhs.kind, &amount.kind) else {
            if !matches!(amount.kind, ast::ExprKind::Number(..)) {
                return bad(whole);
            }
            self.errors.push(Diagnostic::error(
                codes::SYNTAX,
                Msg::new("en ændring måles på et faktum", "a change is measured on a fact"),
                Some(lhs.span),
                Msg::new(
                    format!("skriv et faktum her, fx `sagsbehandlingstid falder mindst 25 pct. fra {base_year}`"),
                    format!("write a fact here, e.g. `case_time falls at least 25 pct. from {base_year}`"),
                ),
            ));
            return bad(whole);
        };
        let year = match (year, to_year) {
            (Some(y), None) => Some(*y),
            (None, Some(to)) => to,
            (None, None) => None,
            (Some(_), Some(_)) => {
                self.errors.push(Diagnostic::error(
                    codes::SYNTAX,
                    Msg::new("årstallet står to gange", "the year is written twice"),
                    to.as_ref().map(span_of),
                    Msg::new(
                        "skriv enten `faktum[år]` eller `til år`, ikke begge",
                        "write either `fact[year]` or `to year`, not both",
                    ),
                ));
                return bad(whole);
            }
        };
        let left = ast::Expr { kind: ast::ExprKind::Name(name.clone(), year), span: lhs.span };
        // The baseline is the same fact: it shares the written name's span (one name
        // for the language server, which drops the repeat).
        let baseline = ast::Expr { kind: ast::ExprKind::Name(name.clone(), Some(base_year)), span: lhs.span };
        let (op, arith, by) = if relative && *dim == Dim::Percent {
            let factor = if falls { Decimal::ONE.checked_sub(*size) } else { Decimal::ONE.checked_add(*size) };
            let Some(factor) = factor else { return bad(whole) };
            (ArithOp::Mul, Dim::Percent, factor)
        } else {
            (if falls { ArithOp::Sub } else { ArithOp::Add }, *dim, *size)
        };
        let factor = ast::Expr { kind: ast::ExprKind::Number(by, arith), span: amount_span };
        let rhs = ast::Expr { kind: ast::ExprKind::Arith(op, Box::new(baseline), Box::new(factor)), span: tail_span };
        // Falls at least / rises at most: at most the bound; the others at least.
        let cmp = if falls == at_least { ast::CmpOp::Le } else { ast::CmpOp::Ge };
        ast::Expr { kind: ast::ExprKind::Compare(cmp, Box::new(left), Box::new(rhs)), span: whole }
    }
}
