//! pest's pairs → the spanned syntax tree: one `build_xxx` per grammar rule that
//! produces a node, and one `xxx_chain` per precedence layer that climbs an
//! `expr`'s flat children.

use std::iter::Peekable;

use chrono::{Datelike, NaiveDate};
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::generated::Rule;
use super::{ast, Limits, MAX_EXPR_DEPTH};
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::{Span, Spanned};
use crate::value::{parse_number, Dim, NumberError, TimeSpan, MONTHS_DA};

/// Children of a pair without keyword and closing-bracket tokens.
pub(super) fn inner(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_trivia(p.as_rule()))
}

/// Children of an expression-level pair: operands and operators (`og`,
/// `ikke` …) in source order.
fn operands(pair: Pair<'_, Rule>) -> Peekable<impl Iterator<Item = Pair<'_, Rule>>> {
    pair.into_inner().peekable()
}

fn is_trivia(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::close_paren
            | Rule::close_bracket
            | Rule::close_brace
            | Rule::kw_institution
            | Rule::kw_ministry
            | Rule::kw_period
            | Rule::kw_reporting
            | Rule::kw_scoring
            | Rule::kw_within
            | Rule::kw_days
            | Rule::kw_after
            | Rule::kw_section
            | Rule::kw_fact
            | Rule::kw_goal
            | Rule::kw_subgoal
            | Rule::kw_task
            | Rule::kw_kind
            | Rule::kw_deadline
            | Rule::kw_weight
            | Rule::kw_note
            | Rule::kw_required
            | Rule::kw_allow
            | Rule::kw_measured
            | Rule::kw_at_end
            | Rule::kw_full_year
            | Rule::kw_target_year
            | Rule::kw_or
            | Rule::kw_and
            | Rule::kw_not
            | Rule::kw_in
    )
}

pub(super) fn span_of(pair: &Pair<'_, Rule>) -> Span {
    Span::from_pest(pair.as_span())
}

pub(super) struct Builder<'l> {
    pub(super) errors: Vec<Diagnostic>,
    pub(super) limits: &'l Limits,
    /// Expression nodes written out by `hvert år` so far: bounded, so that
    /// nested year spans cannot multiply a small file into a huge tree.
    pub(super) expanded: usize,
}

impl Builder<'_> {
    pub(super) fn build_file(&mut self, pair: Pair<'_, Rule>, comments: Vec<Spanned<String>>) -> ast::File {
        let mut header = None;
        let mut goals = Vec::new();
        let mut labels = Vec::new();
        let mut section: Option<String> = None;
        let mut section_start = None;
        for child in inner(pair) {
            match child.as_rule() {
                Rule::plan => header = Some(self.build_header(child)),
                Rule::section => {
                    section_start = Some(child.as_span().start());
                    section = inner(child).next().map(|s| string_value(&s));
                }
                Rule::fact_label => {
                    let span = span_of(&child);
                    let mut parts = inner(child);
                    if let Some(name) = parts.next() {
                        let (mut label, mut running) = (None, None);
                        for part in parts {
                            match part.as_rule() {
                                Rule::string => label = Some(Spanned::new(string_value(&part), span_of(&part))),
                                _ => running = Some(span_of(&part)),
                            }
                        }
                        let name = Spanned::new(name.as_str().to_string(), span_of(&name));
                        labels.push(ast::FactLabel { name, label, running, span });
                    }
                }
                Rule::goal => {
                    if goals.len() == self.limits.max_goals {
                        self.errors.push(Diagnostic::error(
                            codes::TOO_LARGE,
                            Msg::new("for mange mål", "too many goals"),
                            Some(span_of(&child)),
                            Msg::new(
                                format!("grænsen er {} mål i én plan", self.limits.max_goals),
                                format!("the limit is {} goals in one plan", self.limits.max_goals),
                            ),
                        ));
                    }
                    let mut goal = self.build_goal(child, section.clone());
                    goal.section_start = section_start;
                    goals.push(goal);
                }
                _ => {}
            }
        }
        let header =
            header.unwrap_or_else(|| ast::Header::new(Spanned::new(String::new(), Span::default()), Span::default()));
        ast::File { header, goals, comments, labels }
    }

    fn build_header(&mut self, pair: Pair<'_, Rule>) -> ast::Header {
        let span = span_of(&pair);
        let mut children = inner(pair);
        let title = children
            .next()
            .map_or_else(|| Spanned::new(String::new(), span), |s| Spanned::new(string_value(&s), span_of(&s)));
        let mut header = ast::Header::new(title, span);
        for field in children {
            let field_span = span_of(&field);
            let rule = field.as_rule();
            let value = inner(field).collect::<Vec<_>>();
            let duplicate = match rule {
                Rule::field_ministry => {
                    set_once(&mut header.ministry, value.first().map(|s| Spanned::new(string_value(s), field_span)))
                }
                Rule::field_institution => {
                    set_once(&mut header.institution, value.first().map(|s| Spanned::new(string_value(s), field_span)))
                }
                Rule::field_period => {
                    let period = value.first().and_then(|p| self.build_period(p.clone()));
                    set_once(&mut header.period, period.map(|p| Spanned::new(p, field_span)))
                }
                Rule::field_reporting => {
                    let cadence = match value.first().map(pest::iterators::Pair::as_str) {
                        Some("kvartalsvis" | "quarterly") => ast::Cadence::Quarterly,
                        Some("månedlig" | "monthly") => ast::Cadence::Monthly,
                        Some("årlig" | "yearly") => ast::Cadence::Yearly,
                        _ => ast::Cadence::HalfYearly,
                    };
                    let within = value.get(1).map(|w| inner(w.clone()).collect::<Vec<_>>()).unwrap_or_default();
                    let within_days = within.first().and_then(|n| n.as_str().parse().ok());
                    let working_days = within.iter().any(|p| p.as_rule() == Rule::kw_working_days);
                    set_once(
                        &mut header.reporting,
                        Some(Spanned::new(ast::Reporting { cadence, within_days, working_days }, field_span)),
                    )
                }
                Rule::field_scoring => {
                    let scoring = match value.first().map(pest::iterators::Pair::as_str) {
                        Some("vægtet" | "weighted") => ast::Scoring::Weighted,
                        Some("delvis" | "partial") => ast::Scoring::Partial,
                        _ => ast::Scoring::Binary,
                    };
                    set_once(&mut header.scoring, Some(Spanned::new(scoring, field_span)))
                }
                Rule::field_payout => {
                    let mut bands = Vec::new();
                    for band in value.iter().filter(|b| b.as_rule() == Rule::payout_band) {
                        let numbers: Vec<_> = inner(band.clone())
                            .filter(|p| p.as_rule() == Rule::quantity)
                            .map(|q| {
                                let span = span_of(&q);
                                match self.build_expr(q).kind {
                                    ast::ExprKind::Number(v, dim) => Some(Spanned::new((v, dim), span)),
                                    _ => None,
                                }
                            })
                            .collect();
                        if let [Some(from), Some(share)] = &numbers[..] {
                            bands.push(ast::PayoutBand { from: from.clone(), share: share.clone() });
                        }
                    }
                    set_once(&mut header.payout, Some(Spanned::new(bands, field_span)))
                }
                Rule::field_allow => {
                    if let Some(code) = value.first() {
                        header.allow.push(Spanned::new(code.as_str().to_string(), span_of(code)));
                    }
                    false
                }
                _ => false,
            };
            if duplicate {
                header.duplicates.push(field_span);
            }
        }
        header
    }

    fn build_period(&mut self, pair: Pair<'_, Rule>) -> Option<TimeSpan> {
        match pair.as_rule() {
            Rule::year => self.year(&pair).and_then(TimeSpan::year),
            Rule::date_range => {
                let dates: Vec<_> = inner(pair.clone()).filter_map(|d| self.iso_date(&d)).collect();
                match dates[..] {
                    [start, end] if start <= end => Some(TimeSpan { start, end }),
                    [_, _] => {
                        self.errors.push(Diagnostic::error(
                            codes::INVALID_DATE,
                            Msg::new("ugyldig periode", "invalid period"),
                            Some(span_of(&pair)),
                            Msg::new("perioden slutter før den begynder", "the period ends before it starts"),
                        ));
                        None
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn build_goal(&mut self, pair: Pair<'_, Rule>, section: Option<String>) -> ast::Goal {
        let span = span_of(&pair);
        let mut id = Spanned::new(String::new(), span);
        let mut title = None;
        let mut stmts = Vec::new();
        for child in inner(pair) {
            let child_span = span_of(&child);
            match child.as_rule() {
                Rule::goal_id => id = Spanned::new(child.as_str().to_string(), child_span),
                Rule::string => title = Some(Spanned::new(string_value(&child), child_span)),
                Rule::subgoal => {
                    let mut parts = inner(child);
                    let name = parts.next().map(|n| Spanned::new(n.as_str().to_string(), span_of(&n)));
                    let mut title = None;
                    let mut weight = None;
                    let mut expr = None;
                    for part in parts {
                        match part.as_rule() {
                            Rule::string => title = Some(Spanned::new(string_value(&part), span_of(&part))),
                            Rule::meta_weight => {
                                let span = span_of(&part);
                                weight =
                                    inner(part).next().and_then(|n| self.number(&n)).map(|v| Spanned::new(v, span));
                            }
                            _ => expr = Some(self.build_expr(part)),
                        }
                    }
                    if let (Some(name), Some(expr)) = (name, expr) {
                        stmts.push(ast::Stmt::Subgoal { name, title, weight, expr });
                    }
                }
                Rule::combine => {
                    if let Some(e) = inner(child).next() {
                        stmts.push(ast::Stmt::Combine(self.build_expr(e)));
                    }
                }
                Rule::expr => stmts.push(ast::Stmt::Condition(self.build_expr(child))),
                Rule::meta_year_end => stmts.push(ast::Stmt::YearEnd(child_span)),
                Rule::meta_target_year => {
                    if let Some(y) = inner(child).next() {
                        if let Ok(year) = y.as_str().parse::<i32>() {
                            stmts.push(ast::Stmt::TargetYear(Spanned::new(year, span_of(&y))));
                        }
                    }
                }
                Rule::meta_task | Rule::meta_kind | Rule::meta_allow => {
                    let rule = child.as_rule();
                    if let Some(v) = inner(child).next() {
                        let value = Spanned::new(v.as_str().to_string(), span_of(&v));
                        stmts.push(match rule {
                            Rule::meta_task => ast::Stmt::Task(value),
                            Rule::meta_kind => ast::Stmt::Kind(value),
                            _ => ast::Stmt::Allow(value),
                        });
                    }
                }
                Rule::meta_note => {
                    if let Some(v) = inner(child).next() {
                        stmts.push(ast::Stmt::Note(Spanned::new(string_value(&v), span_of(&v))));
                    }
                }
                Rule::meta_required => {
                    let (mut sub, mut text) = (None, None);
                    for part in inner(child) {
                        match part.as_rule() {
                            Rule::ident => sub = Some(Spanned::new(part.as_str().to_string(), span_of(&part))),
                            _ => text = Some(Spanned::new(string_value(&part), span_of(&part))),
                        }
                    }
                    if let Some(text) = text {
                        stmts.push(ast::Stmt::Required { sub, text });
                    }
                }
                Rule::meta_deadline => {
                    if let Some(t) = inner(child).next() {
                        let t_span = span_of(&t);
                        if let Some(time) = self.build_time(t) {
                            stmts.push(ast::Stmt::Deadline(Spanned::new(time, t_span)));
                        }
                    }
                }
                Rule::meta_weight => {
                    let parts: Vec<_> = inner(child).collect();
                    if let Some(n) = parts.first() {
                        if let Some(value) = self.number(n) {
                            stmts.push(ast::Stmt::Weight(Spanned::new(value, child_span)));
                        }
                    }
                }
                _ => {}
            }
        }
        ast::Goal { id, title, section, section_start: None, stmts, span }
    }

    /// Builds an expression from any expression-level pair.
    pub(super) fn build_expr(&mut self, pair: Pair<'_, Rule>) -> ast::Expr {
        crate::deep(|| {
            let span = span_of(&pair);
            let rule = pair.as_rule();
            match rule {
                Rule::expr => {
                    let mut children = operands(pair);
                    self.or_chain(&mut children, span)
                }
                Rule::bound => {
                    let mut children = operands(pair);
                    self.sum_chain(&mut children, span)
                }
                Rule::paren => match inner(pair).next() {
                    Some(e) => {
                        let mut e = self.build_expr(e);
                        e.span = span;
                        e
                    }
                    None => bad(span),
                },
                Rule::unary => {
                    let mut negs = 0;
                    let mut operand = None;
                    for child in inner(pair) {
                        match child.as_rule() {
                            Rule::neg => negs += 1,
                            _ => operand = Some(child),
                        }
                    }
                    let mut e = match operand {
                        Some(p) => self.build_expr(p),
                        None => return bad(span),
                    };
                    let span = Span::new(span.start, e.span.end);
                    if self.chain_fits(negs, span) {
                        for _ in 0..negs {
                            e = ast::Expr { kind: ast::ExprKind::Neg(Box::new(e)), span };
                        }
                    }
                    e
                }
                Rule::abs => match inner(pair).next() {
                    Some(e) => ast::Expr { kind: ast::ExprKind::Abs(Box::new(self.build_expr(e))), span },
                    None => bad(span),
                },
                Rule::call => {
                    let mut parts = inner(pair);
                    let Some(name) = parts.next() else { return bad(span) };
                    let func = match name.as_str() {
                        "any" | "nogen" => ast::Combinator::Any,
                        "all" | "alle" => ast::Combinator::All,
                        _ => ast::Combinator::AtLeast,
                    };
                    let args: Vec<ast::Expr> = parts.map(|p| self.build_expr(p)).collect();
                    self.chain_fits(args.len(), span);
                    ast::Expr { kind: ast::ExprKind::Call(Spanned::new(func, span_of(&name)), args), span }
                }
                Rule::yearly => self.yearly(pair),
                Rule::boolean => {
                    ast::Expr { kind: ast::ExprKind::Bool(matches!(pair.as_str(), "sand" | "true")), span }
                }
                // pest lets `name ~ index?` and `number ~ unit?` take the blanks
                // (and comments) after them when the optional part is absent;
                // these spans end at the last token instead.
                Rule::fact => {
                    let mut parts = inner(pair);
                    let Some(name) = parts.next() else { return bad(span) };
                    let mut span = span_of(&name);
                    let year = parts.next().and_then(|index| {
                        span = span.to(span_of(&index));
                        inner(index).next().and_then(|y| self.index_year(&y))
                    });
                    ast::Expr { kind: ast::ExprKind::Name(name.as_str().to_string(), year), span }
                }
                Rule::quantity => {
                    let mut parts = inner(pair);
                    let Some(number) = parts.next() else { return bad(span) };
                    let mut span = span_of(&number);
                    let unit = parts.next().and_then(|u| {
                        span = span.to(span_of(&u));
                        crate::measure::unit_of(u.as_str())
                    });
                    // Before a scale word (`mio.`, `mia.`) a comma is the decimal comma.
                    let scaled = unit.is_some_and(|(_, scale)| scale > Decimal::ONE);
                    let Some(value) = self.number_in(&number, scaled) else { return bad(span_of(&number)) };
                    match unit {
                        None => ast::Expr { kind: ast::ExprKind::Number(value, Dim::Plain), span },
                        Some((dim, scale)) => match value.checked_mul(scale) {
                            Some(v) => ast::Expr { kind: ast::ExprKind::Number(v, dim), span },
                            None => {
                                self.errors.push(too_large(span));
                                bad(span)
                            }
                        },
                    }
                }
                Rule::literal_time => match self.build_time(pair) {
                    Some(t) => ast::Expr { kind: ast::ExprKind::Time(t), span },
                    None => bad(span),
                },
                _ => bad(span),
            }
        })
    }

    // The flat children of an `expr` pair (operands and operators in source
    // order, see the grammar) are read by one method per precedence layer,
    // outermost first. Each returns the expression its layer spans; a layer
    // with one operand returns that operand's expression as it is. `outer` is
    // the enclosing pair's span, used only for input the grammar cannot produce.

    fn or_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        self.logic_chain(it, outer, Rule::kw_or, Self::and_chain, ast::ExprKind::Or)
    }

    fn and_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        self.logic_chain(it, outer, Rule::kw_and, Self::not_chain, ast::ExprKind::And)
    }

    /// `a og b og c` (or `eller`): a Vec only when a second part appears.
    fn logic_chain<'i, I: Iterator<Item = Pair<'i, Rule>>>(
        &mut self,
        it: &mut Peekable<I>,
        outer: Span,
        joiner: Rule,
        part: fn(&mut Self, &mut Peekable<I>, Span) -> ast::Expr,
        kind: fn(Vec<ast::Expr>) -> ast::ExprKind,
    ) -> ast::Expr {
        let first = part(self, it, outer);
        if it.peek().is_none_or(|p| p.as_rule() != joiner) {
            return first;
        }
        let mut parts = vec![first];
        while it.next_if(|p| p.as_rule() == joiner).is_some() {
            parts.push(part(self, it, outer));
        }
        let span = match (parts.first(), parts.last()) {
            (Some(first), Some(last)) => first.span.to(last.span),
            _ => Span::default(),
        };
        self.chain_fits(parts.len(), span);
        ast::Expr { kind: kind(parts), span }
    }

    fn not_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        let mut nots = 0;
        let mut start = None;
        while let Some(kw) = it.next_if(|p| p.as_rule() == Rule::kw_not) {
            nots += 1;
            start.get_or_insert(span_of(&kw).start);
        }
        let mut e = self.cmp_chain(it, outer);
        let Some(start) = start else { return e };
        let span = Span::new(start, e.span.end);
        if self.chain_fits(nots, span) {
            for _ in 0..nots {
                e = ast::Expr { kind: ast::ExprKind::Not(Box::new(e)), span };
            }
        }
        e
    }

    fn cmp_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        let lhs = self.sum_chain(it, outer);
        let Some(tail) =
            it.next_if(|p| matches!(p.as_rule(), Rule::compare | Rule::range | Rule::deadline | Rule::change))
        else {
            return lhs;
        };
        let mut span = lhs.span.to(span_of(&tail));
        let kind = match tail.as_rule() {
            Rule::compare => {
                let mut t = operands(tail);
                let op = match t.next().map(|o| o.as_str()) {
                    Some("<") => ast::CmpOp::Lt,
                    Some("<=") => ast::CmpOp::Le,
                    Some(">") => ast::CmpOp::Gt,
                    Some(">=") => ast::CmpOp::Ge,
                    Some("!=") => ast::CmpOp::Ne,
                    _ => ast::CmpOp::Eq,
                };
                let rhs = self.sum_chain(&mut t, span);
                span = lhs.span.to(rhs.span);
                ast::ExprKind::Compare(op, Box::new(lhs), Box::new(rhs))
            }
            Rule::change => return self.change(lhs, tail),
            Rule::range => {
                let mut t = inner(tail);
                let lo = t.next().map_or_else(|| bad(span), |r| self.build_expr(r));
                let hi = t.next().map_or_else(|| bad(span), |r| self.build_expr(r));
                span = lhs.span.to(hi.span);
                ast::ExprKind::Range(Box::new(lhs), Box::new(lo), Box::new(hi))
            }
            _ => {
                let mut t = inner(tail);
                let word = t.next().map(|o| o.as_str().to_string()).unwrap_or_default();
                let Some(time_pair) = t.next() else { return bad(span) };
                // `inden udgangen af Q2 2024`: by that day; `inden juni 2024`: before June.
                let at_end = {
                    let text = time_pair.as_str().trim_start();
                    ["udgangen", "ultimo", "end"].iter().any(|w| text.starts_with(w))
                };
                let op = crate::measure::deadline_op_at(&word, at_end).unwrap_or(ast::DeadlineOp::By);
                let time_span = span_of(&time_pair);
                let Some(time) = self.build_time(time_pair) else { return bad(span) };
                ast::ExprKind::Deadline(op, Box::new(lhs), Spanned::new(time, time_span))
            }
        };
        ast::Expr { kind, span }
    }

    fn sum_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        self.arith_chain(it, outer, Rule::add_op, Self::product_chain)
    }

    fn product_chain<'i>(&mut self, it: &mut Peekable<impl Iterator<Item = Pair<'i, Rule>>>, outer: Span) -> ast::Expr {
        self.arith_chain(it, outer, Rule::mul_op, |builder, it, outer| match it.next() {
            Some(operand) => builder.build_expr(operand),
            None => bad(outer),
        })
    }

    /// A left-associative chain `a op b op c` of one precedence level. Past
    /// the chain limit the terms are still read (to find where the chain
    /// ends) but no longer built into the tree, which is refused anyway: a
    /// tree as long as the input could not even be dropped without running
    /// out of stack.
    fn arith_chain<'i, I: Iterator<Item = Pair<'i, Rule>>>(
        &mut self,
        it: &mut Peekable<I>,
        outer: Span,
        op_rule: Rule,
        operand: impl Fn(&mut Self, &mut Peekable<I>, Span) -> ast::Expr,
    ) -> ast::Expr {
        let mut acc = operand(self, it, outer);
        let start = acc.span;
        let mut end = acc.span;
        let mut count = 0;
        let limit = self.chain_limit();
        while let Some(op) = it.next_if(|p| p.as_rule() == op_rule) {
            count += 1;
            let op = match op.as_str() {
                "+" => ast::ArithOp::Add,
                "-" => ast::ArithOp::Sub,
                "*" => ast::ArithOp::Mul,
                _ => ast::ArithOp::Div,
            };
            let rhs = operand(self, it, outer);
            end = rhs.span;
            if count <= limit {
                let span = acc.span.to(rhs.span);
                acc = ast::Expr { kind: ast::ExprKind::Arith(op, Box::new(acc), Box::new(rhs)), span };
            }
        }
        self.chain_fits(count, start.to(end));
        acc
    }

    /// Rejects an expression tree deeper than the limit (evaluation recurses over it).
    pub(super) fn check_depth(&mut self, expr: &ast::Expr) {
        let depth = expr_depth(expr);
        let limit = self.limits.max_expr_depth.min(MAX_EXPR_DEPTH);
        if depth > limit {
            self.errors.push(
                Diagnostic::error(
                    codes::TOO_DEEP,
                    Msg::new("for dybt udtryk", "expression too deep"),
                    Some(expr.span),
                    Msg::new(
                        format!("udtrykket er {depth} niveauer dybt; grænsen er {limit}"),
                        format!("the expression is {depth} levels deep; the limit is {limit}"),
                    ),
                )
                .hint(Msg::new("del udtrykket op i delmål", "split the expression into sub-goals")),
            );
        }
    }

    /// The longest chain accepted: the limit, never past [`MAX_EXPR_DEPTH`].
    fn chain_limit(&self) -> usize {
        self.limits.max_chain.min(MAX_EXPR_DEPTH)
    }

    /// Whether a chain of `count` operators is within the limit; reports it when not.
    fn chain_fits(&mut self, count: usize, span: Span) -> bool {
        let limit = self.chain_limit();
        if count > limit {
            self.errors.push(Diagnostic::error(
                codes::TOO_DEEP,
                Msg::new("for langt udtryk", "expression too long"),
                Some(span),
                Msg::new(
                    format!("{count} led i én kæde; grænsen er {limit}"),
                    format!("{count} terms in one chain; the limit is {limit}"),
                ),
            ));
        }
        count <= limit
    }

    /// A time word, a date or a year, as a span of days.
    fn build_time(&mut self, pair: Pair<'_, Rule>) -> Option<TimeSpan> {
        let span = span_of(&pair);
        match pair.as_rule() {
            Rule::time | Rule::literal_time => inner(pair).next().and_then(|p| self.build_time(p)),
            Rule::year => self.year(&pair).and_then(TimeSpan::year),
            Rule::iso_date => self.iso_date(&pair).map(TimeSpan::day),
            Rule::month_time => {
                let mut parts = inner(pair);
                let month = parts.next().and_then(|m| MONTHS_DA.iter().position(|n| *n == m.as_str()))? as u32 + 1;
                let year = parts.next().and_then(|y| self.year(&y))?;
                TimeSpan::month(year, month)
            }
            Rule::day_month_time => {
                let text = pair.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                let mut parts = inner(pair);
                let day: u32 = parts.next()?.as_str().parse().ok()?;
                let month = parts.next().and_then(|m| MONTHS_DA.iter().position(|n| *n == m.as_str()))? as u32 + 1;
                let year = parts.next().and_then(|y| self.year(&y))?;
                let date = NaiveDate::from_ymd_opt(year, month, day);
                if date.is_none() {
                    self.errors.push(Diagnostic::error(
                        codes::INVALID_DATE,
                        Msg::new("ugyldig dato", "invalid date"),
                        Some(span),
                        Msg::new(format!("{text} findes ikke i kalenderen"), format!("{text} is not in the calendar")),
                    ));
                }
                date.map(TimeSpan::day)
            }
            Rule::quarter_time => {
                let mut parts = inner(pair);
                let q: u32 = parts.next()?.as_str().parse().ok()?;
                let year = parts.next().and_then(|y| self.year(&y))?;
                TimeSpan::quarter(year, q)
            }
            Rule::edge_time => {
                let mut parts = inner(pair);
                let word = parts.next()?.as_str().to_string();
                let of = self.build_time(parts.next()?)?;
                let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map(TimeSpan::day);
                match word.split_whitespace().next().unwrap_or("") {
                    "primo" => day(of.start.year(), 1, 1),
                    "medio" => day(of.start.year(), 6, 30),
                    "ultimo" => day(of.end.year(), 12, 31),
                    _ => Some(TimeSpan::day(of.end)),
                }
            }
            _ => {
                self.errors.push(Diagnostic::error(
                    codes::INVALID_DATE,
                    Msg::new("ugyldig dato", "invalid date"),
                    Some(span),
                    Msg::new("dette er ikke en dato", "this is not a date"),
                ));
                None
            }
        }
    }

    pub(super) fn year(&mut self, pair: &Pair<'_, Rule>) -> Option<i32> {
        let year: i32 = pair.as_str().parse().ok()?;
        if !(1900..=2200).contains(&year) {
            self.errors.push(Diagnostic::error(
                codes::INVALID_DATE,
                Msg::new("ugyldigt årstal", "invalid year"),
                Some(span_of(pair)),
                Msg::new("årstal skal ligge mellem 1900 og 2200", "years must lie between 1900 and 2200"),
            ));
            return None;
        }
        Some(year)
    }

    fn index_year(&mut self, pair: &Pair<'_, Rule>) -> Option<i32> {
        let year = pair.as_str().parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        if year.is_none() {
            self.errors.push(Diagnostic::error(
                codes::INVALID_DATE,
                Msg::new("ugyldigt årstal", "invalid year"),
                Some(span_of(pair)),
                Msg::new(
                    "et faktum indekseres med et årstal mellem 1900 og 2200",
                    "a fact is indexed by a year between 1900 and 2200",
                ),
            ));
        }
        year
    }

    fn iso_date(&mut self, pair: &Pair<'_, Rule>) -> Option<NaiveDate> {
        let date =
            NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d").ok().filter(|d| (1900..=2200).contains(&d.year()));
        if date.is_none() {
            self.errors.push(Diagnostic::error(
                codes::INVALID_DATE,
                Msg::new("ugyldig dato", "invalid date"),
                Some(span_of(pair)),
                Msg::new(
                    format!("{} findes ikke i kalenderen", pair.as_str()),
                    format!("{} is not a calendar date", pair.as_str()),
                ),
            ));
        }
        date
    }

    fn number(&mut self, pair: &Pair<'_, Rule>) -> Option<Decimal> {
        self.number_in(pair, false)
    }

    /// A number; `scaled` when a scale word follows it (see `value::parse_scaled_number`).
    fn number_in(&mut self, pair: &Pair<'_, Rule>, scaled: bool) -> Option<Decimal> {
        let text = pair.as_str();
        if text.chars().count() > self.limits.max_number_len {
            let limit = self.limits.max_number_len;
            self.errors.push(too_large(span_of(pair)).note(Msg::new(
                format!("et tal må højst skrives med {limit} tegn"),
                format!("a number may be at most {limit} characters long"),
            )));
            return None;
        }
        let parsed = if scaled { crate::value::parse_scaled_number(text) } else { parse_number(text) };
        match parsed {
            Ok(v) => Some(v),
            Err(NumberError::TooLarge) => {
                self.errors.push(too_large(span_of(pair)));
                None
            }
            Err(NumberError::Ambiguous) => {
                // `1.000`: one thousand in Danish, one in English. A rule that
                // means the one and is read as the other would silently decide
                // the wrong way, so neither reading is taken.
                self.errors.push(ambiguous_number(span_of(pair), pair.as_str()));
                None
            }
            Err(NumberError::Malformed) => {
                // The grammar only lets plain `123`, `1.5` and `1,5` through.
                pair.as_str().replace(',', ".").parse().ok().or_else(|| {
                    self.errors.push(too_large(span_of(pair)));
                    None
                })
            }
        }
    }
}

/// The depth of an expression tree.
pub(crate) fn expr_depth(e: &ast::Expr) -> usize {
    e.depth()
}

fn ambiguous_number(span: Span, text: &str) -> Diagnostic {
    Diagnostic::error(
        codes::AMBIGUOUS_NUMBER,
        Msg::new(format!("`{text}` kan læses på to måder"), format!("`{text}` can be read two ways")),
        Some(span),
        Msg::new("tusinder eller decimaler?", "thousands or decimals?"),
    )
    .hint(crate::value::ambiguity_hint())
}

pub(super) fn too_large(span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::NUMBER_TOO_LARGE,
        Msg::new("tallet er for stort", "number too large"),
        Some(span),
        Msg::new("højst 28 betydende cifre (ca. 7,9 × 10²⁸)", "at most 28 significant digits (about 7.9 × 10²⁸)"),
    )
}

pub(super) fn bad(span: Span) -> ast::Expr {
    ast::Expr { kind: ast::ExprKind::Bool(false), span }
}

fn set_once<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    if slot.is_some() {
        return true;
    }
    *slot = value;
    false
}

/// The text of a string literal, with `\"` and `\\` unescaped.
fn string_value(pair: &Pair<'_, Rule>) -> String {
    let raw = pair.as_str();
    unescape(raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw))
}

/// A string literal's inside with its escapes (`\` and the character after it) undone.
pub(super) fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}
