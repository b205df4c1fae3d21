//! Name resolution and kind/unit checking over the syntax tree.
//!
//! The checker infers each fact's kind (number with a dimension, date, yes/no)
//! from how the rules use it, with a small union-find: `a - b` says `a` and `b`
//! have one kind, `|a - b| <= 1 mio` says that kind is money. It keeps going
//! after an error and reports every problem it finds in one run.

pub mod lint;
mod wording;

use std::collections::{BTreeMap, HashMap};
use wording::Problem;

use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, ArithOp, Combinator, ExprKind, Stmt};
use crate::value::{Dim, TimeSpan};
use rust_decimal::Decimal;

/// The kind of value a fact holds, as far as the rules tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "dim", rename_all = "lowercase")]
pub enum FactKind {
    /// Used, but nothing says what it holds.
    Unknown,
    /// A number; the dimension when the rules fix it.
    Number(Option<Dim>),
    /// A calendar date (a delivery date).
    Date,
    /// Yes or no (a documented condition).
    Bool,
}

impl FactKind {
    /// The kind for people.
    pub fn describe(self) -> Msg {
        match self {
            FactKind::Unknown => Msg::new("ukendt", "unknown"),
            FactKind::Number(Some(d)) => d.describe(),
            FactKind::Number(None) => Msg::new("et tal (enheden følger indberetningen)", "a number (unit as reported)"),
            FactKind::Date => Msg::new("en dato", "a date"),
            FactKind::Bool => Msg::new("ja/nej", "yes/no"),
        }
    }
}

/// What the checker learned about one fact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FactInfo {
    /// The fact's kind.
    pub kind: FactKind,
    /// The years it is indexed by (`frafald[2024]`), if any.
    pub years: Vec<i32>,
    /// Whether a fact read by year is also read without one (`h falder mindst
    /// 25 pct. fra 2012` reads `h` and `h[2012]`): this period's figure beside
    /// the years'. False for a fact with no years.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub plain: bool,
    /// The goals that read it.
    pub goals: Vec<String>,
    /// Where it is first used.
    #[serde(skip)]
    pub first_use: Span,
}

/// Facts in Danish alphabetical order (æ, ø, å after z), for lists people read.
pub fn in_danish_order(facts: &BTreeMap<String, FactInfo>) -> Vec<(&String, &FactInfo)> {
    let mut list: Vec<_> = facts.iter().collect();
    list.sort_by(|a, b| crate::value::danish_cmp(a.0, b.0));
    list
}

/// A plan that passed the checker.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The syntax tree.
    pub file: ast::File,
    /// Every fact the plan reads, by name.
    pub facts: BTreeMap<String, FactInfo>,
    /// The words reports use for a fact (`faktum x "…"`), by name.
    pub labels: BTreeMap<String, String>,
    /// The facts declared running totals (`faktum x … løbende`).
    pub running: std::collections::BTreeSet<String>,
    /// Warnings (the plan is still usable).
    pub warnings: Vec<Diagnostic>,
}

impl Checked {
    /// The goals' numbers (`7`, `3.1`), in the plan's order.
    pub fn goal_ids(&self) -> impl Iterator<Item = &str> {
        self.file.goals.iter().map(|g| g.id.value.as_str())
    }

    /// Whether goal `goal` has a sub-goal `sub`; `None` when there is no such goal.
    pub fn has_subgoal(&self, goal: &str, sub: &str) -> Option<bool> {
        let g = self.file.goals.iter().find(|g| g.id.value == goal)?;
        Some(g.stmts.iter().any(|s| matches!(s, ast::Stmt::Subgoal { name, .. } if name.value == sub)))
    }
}

/// Checks a parsed plan: all errors at once, or the checked plan.
pub fn check(file: ast::File) -> Result<Checked, Vec<Diagnostic>> {
    let mut checker = Checker::default();
    checker.check_file(&file);
    // Sorted by name while the entries are small, so that collecting into the
    // `BTreeMap` finds one sorted run and builds it in bulk.
    let mut fact_nodes: Vec<(String, usize)> = std::mem::take(&mut checker.fact_nodes).into_iter().collect();
    fact_nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let facts = fact_nodes
        .into_iter()
        .map(|(name, node)| {
            let kind = checker.nodes[checker.find(node)].kind;
            let info = &mut checker.nodes[node];
            let mut years = std::mem::take(&mut info.years);
            years.sort_unstable();
            years.dedup();
            (
                name,
                FactInfo {
                    kind,
                    plain: info.plain && !years.is_empty(),
                    years,
                    goals: std::mem::take(&mut info.goals),
                    first_use: info.first_use,
                },
            )
        })
        .collect();
    if checker.errors.is_empty() {
        let labels = file.labels_by_name();
        let running = file.running();
        Ok(Checked { file, facts, labels, running, warnings: checker.warnings })
    } else {
        Err(checker.errors)
    }
}

/// A type during inference.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ty {
    Bool,
    /// A date literal: a span of days.
    Time,
    Num(D),
    /// A fact whose kind is not yet known (a union-find node).
    Var(usize),
    /// An earlier error: accept anything to avoid cascades.
    Error,
}

/// A dimension during inference.
#[derive(Clone, Copy, Debug, PartialEq)]
enum D {
    Known(Dim),
    Of(usize),
    /// Depends on the reported values (checked when evaluating): one of the
    /// dimensions in the mask (bit `Dim as u8`).
    Wild(u8),
}

impl D {
    /// Any dimension.
    const ANY: D = D::Wild(u8::MAX);

    fn bit(d: Dim) -> u8 {
        1 << (d as u8)
    }

    fn has(mask: u8, d: Dim) -> bool {
        mask & D::bit(d) != 0
    }
}

#[derive(Clone, Debug)]
struct Node {
    parent: usize,
    kind: FactKind,
    years: Vec<i32>,
    plain: bool,
    goals: Vec<String>,
    first_use: Span,
}

#[derive(Default)]
struct Checker {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    nodes: Vec<Node>,
    fact_nodes: HashMap<String, usize>,
    current_goal: String,
}

const TASKS: [&str; 3] = ["drift", "projekt", "policy"];
const KINDS: [&str; 8] =
    ["effekt", "effektmål", "output", "outputmål", "aktivitet", "aktivitetsmål", "kvalitet", "kvalitetsmål"];

impl Checker {
    /// Records an error; its words are `wording.rs`'s.
    fn report(&mut self, problem: Problem<'_>) {
        self.errors.push(problem.diagnostic());
    }

    fn check_file(&mut self, file: &ast::File) {
        let header = &file.header;
        for span in &header.duplicates {
            self.report(Problem::DuplicateField { span: *span });
        }
        if header.period.is_none() {
            self.report(Problem::NoPeriod { header: header.span });
        }
        if let Some(payout) = &header.payout {
            self.check_payout(&payout.value);
        }
        let mut labelled: HashMap<&str, Span> = HashMap::new();
        for l in &file.labels {
            if let Some(first) = labelled.insert(&l.name.value, l.name.span) {
                self.report(Problem::DuplicateLabel { name: &l.name.value, span: l.name.span, first });
            }
        }
        let scoring = header.scoring.as_ref().map(|s| s.value).unwrap_or_default();
        // Under `scoring delvis`, weights are all or nothing: a goal's `vægt`,
        // or its milestones' points.
        let weighed = |g: &ast::Goal| {
            g.stmts.iter().any(|s| matches!(s, Stmt::Weight(_) | Stmt::Subgoal { weight: Some(_), .. }))
        };
        let partial_weights = scoring == ast::Scoring::Partial && file.goals.iter().any(weighed);
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for goal in &file.goals {
            if let Some(first) = seen.insert(&goal.id.value, goal.id.span) {
                self.report(Problem::DuplicateGoal { id: &goal.id.value, span: goal.id.span, first });
            }
            self.check_goal(goal, scoring, partial_weights, header.period.as_ref().map(|p| p.value));
        }
    }

    /// Every row a percentage from 0 to 100 on both sides, each total once, and
    /// a higher total never paying less.
    fn check_payout(&mut self, bands: &[ast::PayoutBand]) {
        let in_range = |(v, dim): (Decimal, Dim)| dim == Dim::Percent && (Decimal::ZERO..=Decimal::ONE).contains(&v);
        for band in bands {
            for side in [&band.from, &band.share] {
                if !in_range(side.value) {
                    self.report(Problem::Payout {
                        span: side.span,
                        what: Msg::new(
                            "skal være en procentsats fra 0 til 100 pct.",
                            "must be a percentage from 0 to 100 pct.",
                        ),
                    });
                }
            }
        }
        // In order of the total (a sort, not a comparison of every pair: a table
        // may be long), each neighbour against the one before it.
        let mut sorted: Vec<&ast::PayoutBand> = bands.iter().collect();
        sorted.sort_by(|a, b| a.from.value.0.cmp(&b.from.value.0).then(a.from.span.start.cmp(&b.from.span.start)));
        for pair in sorted.windows(2) {
            let (lower, higher) = (pair[0], pair[1]);
            if lower.from.value.0 == higher.from.value.0 {
                self.report(Problem::Payout {
                    span: higher.from.span,
                    what: Msg::new("denne målopfyldelse står to gange", "this total is written twice"),
                });
            } else if higher.share.value.0 < lower.share.value.0 {
                self.report(Problem::Payout {
                    span: lower.share.span,
                    what: Msg::new(
                        "en højere målopfyldelse må ikke give en mindre udbetaling",
                        "a higher total must not pay less",
                    ),
                });
            }
        }
    }

    /// `partial_weights`: the plan scores partly (`scoring delvis`) with weights.
    fn check_goal(&mut self, goal: &ast::Goal, scoring: ast::Scoring, partial_weights: bool, period: Option<TimeSpan>) {
        self.current_goal.clone_from(&goal.id.value);
        let mut subgoals: Vec<&Spanned<String>> = Vec::new();
        let mut combines = Vec::new();
        let mut conditions = 0;
        let mut weight = None;
        let mut deadline = None;
        let mut required = Vec::new();
        let mut milestones: Vec<Option<Span>> = Vec::new();
        for stmt in &goal.stmts {
            match stmt {
                Stmt::Subgoal { name, expr, weight, .. } => {
                    milestones.push(weight.as_ref().map(|w| w.span));
                    if subgoals.iter().any(|s| s.value == name.value) {
                        self.report(Problem::DuplicateSubgoal { name: &name.value, span: name.span });
                    }
                    subgoals.push(name);
                    self.expect_bool(expr);
                }
                Stmt::Combine(expr) => combines.push(expr),
                Stmt::Condition(expr) => {
                    conditions += 1;
                    self.expect_bool(expr);
                }
                Stmt::Task(t) => self.check_word(t, &TASKS, codes::UNKNOWN_TYPE, ("opgavetype", "task type")),
                Stmt::Kind(k) => self.check_word(k, &KINDS, codes::UNKNOWN_TYPE, ("måltype", "goal type")),
                Stmt::Weight(w) => weight = Some(w.span),
                Stmt::Deadline(d) => deadline = Some(d),
                Stmt::Required { sub, text } => required.push((sub.as_ref(), text.span)),
                Stmt::Note(_) | Stmt::Allow(_) | Stmt::YearEnd(_) | Stmt::TargetYear(_) => {}
            }
        }
        self.check_required(&required, &subgoals);
        if let (Some(d), Some(p)) = (deadline, period) {
            if d.value.end < p.start {
                self.report(Problem::DeadlineBeforePeriod { span: d.span });
            }
        }
        // A target for a later year (`målår`) is out of this year's score: it needs no weight.
        let later_year = goal.stmts.iter().any(
            |s| matches!(s, Stmt::TargetYear(y) if period.is_some_and(|p| y.value > chrono::Datelike::year(&p.end))),
        );
        let has_milestones = milestones.iter().any(Option::is_some);
        match (scoring, weight) {
            (ast::Scoring::Weighted, None) if later_year => {}
            (ast::Scoring::Weighted, None) => {
                self.report(Problem::MissingWeight { goal: &goal.id.value, span: goal.id.span, partial: false });
            }
            (ast::Scoring::Partial, None) if partial_weights && !has_milestones && !later_year => {
                self.report(Problem::MissingWeight { goal: &goal.id.value, span: goal.id.span, partial: true });
            }
            (ast::Scoring::Binary, Some(span)) => self.report(Problem::UnusedWeight { span }),
            _ => {}
        }
        // A milestone's points: only where sub-goals score partly, and for every sub-goal or none.
        if let Some(span) = milestones.iter().flatten().next().filter(|_| scoring != ast::Scoring::Partial) {
            self.report(Problem::MilestoneWeight { span: *span, missing: None });
        } else if has_milestones {
            for (name, at) in subgoals.iter().zip(&milestones) {
                if at.is_none() {
                    self.report(Problem::MilestoneWeight { span: name.span, missing: Some(&name.value) });
                }
            }
        }
        if combines.len() > 1 {
            self.report(Problem::TwoCombines { span: combines[1].span });
        }
        if let Some(combine) = combines.first() {
            if subgoals.is_empty() {
                self.report(Problem::CombineWithoutSubgoals { span: combine.span });
            } else {
                if conditions > 0 {
                    self.report(Problem::LooseConditions { span: combine.span });
                }
                let names: Vec<&str> = subgoals.iter().map(|s| s.value.as_str()).collect();
                // A name that is no sub-goal is most likely one the line leaves out:
                // `any(a, c)` beside a and b means b, not a again.
                let used: Vec<&str> = combine.names().into_iter().map(|(n, _, _)| n).collect();
                let unused: Vec<&str> = names.iter().copied().filter(|n| !used.contains(n)).collect();
                let likely = if unused.is_empty() { &names } else { &unused };
                self.check_combine(combine, &names, likely);
            }
        }
        if subgoals.is_empty() && conditions == 0 && combines.is_empty() {
            self.report(Problem::NoConditions { goal: &goal.id.value, span: goal.id.span });
        }
    }

    /// `what` names the word's kind (Danish, English); it becomes text only in an error.
    fn check_word(&mut self, word: &Spanned<String>, allowed: &[&str], code: &'static str, what: (&str, &str)) {
        if !allowed.contains(&word.value.as_str()) {
            self.report(Problem::UnknownWord { code, what, word: &word.value, span: word.span, allowed });
        }
    }

    /// `resultatkrav` lines: each names a sub-goal of the goal (or none: the
    /// goal itself), at most once.
    fn check_required(&mut self, required: &[(Option<&Spanned<String>>, Span)], subgoals: &[&Spanned<String>]) {
        let names: Vec<&str> = subgoals.iter().map(|s| s.value.as_str()).collect();
        for sub in required.iter().filter_map(|(sub, _)| *sub) {
            if !names.contains(&sub.value.as_str()) {
                self.report(Problem::UnknownRequiredSubgoal { name: &sub.value, span: sub.span, names: &names });
            }
        }
        for (i, (sub, span)) in required.iter().enumerate() {
            let same = |other: &(Option<&Spanned<String>>, Span)| other.0.map(|s| &s.value) == sub.map(|s| &s.value);
            if required[..i].iter().any(same) {
                self.report(Problem::TwoRequirements { sub: sub.map(|s| s.value.as_str()), span: *span });
            }
        }
    }

    /// The `mål:` line: bare names are sub-goals.
    fn check_combine(&mut self, expr: &ast::Expr, subgoals: &[&str], likely: &[&str]) {
        crate::deep(|| match &expr.kind {
            ExprKind::Name(name, _) => {
                if !subgoals.contains(&name.as_str()) {
                    self.report(Problem::UnknownSubgoal { name, span: expr.span, subgoals, likely });
                }
            }
            ExprKind::Or(parts) | ExprKind::And(parts) => {
                parts.iter().for_each(|p| self.check_combine(p, subgoals, likely));
            }
            ExprKind::Not(e) => self.check_combine(e, subgoals, likely),
            ExprKind::Call(func, args) => {
                let rest = self.check_call_count(func, args, expr.span);
                rest.iter().for_each(|p| self.check_combine(p, subgoals, likely));
            }
            ExprKind::Bool(_) => {}
            _ => self.report(Problem::MeasureInCombine { span: expr.span }),
        });
    }

    /// Checks `atleast(n, …)`'s count and returns the arguments after it.
    fn check_call_count<'e>(
        &mut self,
        func: &Spanned<Combinator>,
        args: &'e [ast::Expr],
        span: Span,
    ) -> &'e [ast::Expr] {
        if func.value != Combinator::AtLeast {
            if args.is_empty() {
                self.report(Problem::EmptyCombination { span });
            }
            return args;
        }
        let Some((count, rest)) = args.split_first() else {
            self.report(Problem::AtLeastWithoutCount { span });
            return &[];
        };
        let n = match count.kind {
            ExprKind::Number(n, Dim::Plain) if n.fract().is_zero() && n >= rust_decimal::Decimal::ONE => Some(n),
            _ => None,
        };
        match n {
            None => self.report(Problem::AtLeastBadCount { span: count.span }),
            Some(n) if n > rust_decimal::Decimal::from(rest.len()) => {
                self.report(Problem::AtLeastTooMany { n, parts: rest.len(), span: count.span });
            }
            _ => {}
        }
        rest
    }

    fn expect_bool(&mut self, expr: &ast::Expr) {
        let ty = self.infer(expr);
        self.unify(ty, Ty::Bool, expr.span, codes::NOT_A_CONDITION);
    }

    fn infer(&mut self, expr: &ast::Expr) -> Ty {
        crate::deep(|| {
            match &expr.kind {
                ExprKind::Or(parts) | ExprKind::And(parts) => {
                    for p in parts {
                        self.expect_bool(p);
                    }
                    Ty::Bool
                }
                ExprKind::Not(e) => {
                    self.expect_bool(e);
                    Ty::Bool
                }
                ExprKind::Call(func, args) => {
                    let rest = self.check_call_count(func, args, expr.span);
                    for p in rest {
                        self.expect_bool(p);
                    }
                    Ty::Bool
                }
                ExprKind::Compare(op, a, b) => {
                    let (ta, tb) = (self.infer(a), self.infer(b));
                    if (matches!(ta, Ty::Bool) || matches!(tb, Ty::Bool))
                        && !matches!(op, ast::CmpOp::Eq | ast::CmpOp::Ne)
                    {
                        self.report(Problem::BoolOrdering { op: op.symbol(), span: expr.span });
                        return Ty::Bool;
                    }
                    self.unify_compare(ta, tb, a.span, b.span, expr.span);
                    // Two facts ordered against each other (`frafald[2024] < frafald[2023]`):
                    // with nothing else known, they are numbers.
                    if let (Ty::Var(x), Ty::Var(_), false) = (ta, tb, matches!(op, ast::CmpOp::Eq | ast::CmpOp::Ne)) {
                        let root = self.find(x);
                        if self.nodes[root].kind == FactKind::Unknown {
                            self.nodes[root].kind = FactKind::Number(None);
                        }
                    }
                    Ty::Bool
                }
                ExprKind::Range(v, lo, hi) => {
                    let (tv, tlo, thi) = (self.infer(v), self.infer(lo), self.infer(hi));
                    self.unify_compare(tv, tlo, v.span, lo.span, expr.span);
                    self.unify_compare(tv, thi, v.span, hi.span, expr.span);
                    if let (ExprKind::Number(l, _), ExprKind::Number(h, _)) = (&lo.kind, &hi.kind) {
                        if l > h {
                            self.report(Problem::EmptyRange { span: lo.span.to(hi.span) });
                        }
                    }
                    Ty::Bool
                }
                ExprKind::Deadline(_, v, _) => {
                    let tv = self.infer(v);
                    match tv {
                        Ty::Error => {}
                        Ty::Var(n) => self.set_kind(n, FactKind::Date, v.span),
                        other => {
                            let this = self.describe(other);
                            self.report(Problem::DeadlineNotDate { this, span: v.span });
                        }
                    }
                    Ty::Bool
                }
                ExprKind::Arith(op, a, b) => {
                    let (ta, tb) = (self.infer(a), self.infer(b));
                    // Whether each side is measured (reads a fact) or a constant.
                    let (ma, mb) = (!a.names().is_empty(), !b.names().is_empty());
                    let (Some(da), Some(db)) = (self.expect_num(ta, a.span), self.expect_num(tb, b.span)) else {
                        return Ty::Error;
                    };
                    match op {
                        ArithOp::Add | ArithOp::Sub => {
                            if self.unify_dim(da, db).is_err() {
                                self.unit_mismatch(da, db, a.span, b.span, expr.span, codes::ARITH_UNITS);
                                return Ty::Error;
                            }
                            Ty::Num(self.meet(da, db))
                        }
                        ArithOp::Mul | ArithOp::Div => match (self.dim(da), self.dim(db)) {
                            (D::Known(x), D::Known(y)) => match Dim::combine_measured(*op, (x, ma), (y, mb)) {
                                Some(d) => Ty::Num(D::Known(d)),
                                None if *op == ArithOp::Mul && x == y => {
                                    let m = x.measure();
                                    self.report(Problem::SquaredUnit {
                                        symbol: m.symbol,
                                        plural: m.plural,
                                        span: expr.span,
                                    });
                                    Ty::Error
                                }
                                None => {
                                    self.unit_mismatch(da, db, a.span, b.span, expr.span, codes::ARITH_UNITS);
                                    Ty::Error
                                }
                            },
                            // A plain constant keeps the other side's dimension.
                            (D::Known(Dim::Plain), d) if !ma && Dim::plain_keeps(*op, true) => Ty::Num(d),
                            (d, D::Known(Dim::Plain)) if !mb && Dim::plain_keeps(*op, false) => Ty::Num(d),
                            // A side whose unit follows the report: the units it
                            // could be reported in that combine decide.
                            (x, y) => self.combine_open(*op, (x, ma), (y, mb), (a.span, b.span, expr.span)),
                        },
                    }
                }
                ExprKind::Neg(e) | ExprKind::Abs(e) => {
                    let t = self.infer(e);
                    match self.expect_num(t, e.span) {
                        Some(d) => Ty::Num(d),
                        None => Ty::Error,
                    }
                }
                ExprKind::Number(_, dim) => Ty::Num(D::Known(*dim)),
                ExprKind::Time(_) => Ty::Time,
                ExprKind::Bool(_) => Ty::Bool,
                ExprKind::Name(name, year) => Ty::Var(self.fact(name, *year, expr.span)),
            }
        })
    }

    fn fact(&mut self, name: &str, year: Option<i32>, span: Span) -> usize {
        let id = match self.fact_nodes.get(name) {
            Some(id) => *id,
            None => {
                let id = self.nodes.len();
                self.nodes.push(Node {
                    parent: id,
                    kind: FactKind::Unknown,
                    years: Vec::new(),
                    plain: false,
                    goals: Vec::new(),
                    first_use: span,
                });
                self.fact_nodes.insert(name.to_string(), id);
                id
            }
        };
        let node = &mut self.nodes[id];
        match year {
            Some(y) => node.years.push(y),
            None => node.plain = true,
        }
        // Goals are checked once each, in plan order, so a goal that already reads
        // this fact is the list's last: one comparison, not a search of every goal
        // before it (which made a 10 000-goal plan's check quadratic: a quarter of
        // its instructions were this search).
        if node.goals.last() != Some(&self.current_goal) {
            node.goals.push(self.current_goal.clone());
        }
        id
    }

    fn find(&self, mut n: usize) -> usize {
        while self.nodes[n].parent != n {
            n = self.nodes[n].parent;
        }
        n
    }

    fn name_of(&self, n: usize) -> String {
        let root = self.find(n);
        self.fact_nodes
            .iter()
            .filter(|(_, id)| self.find(**id) == root)
            .map(|(k, _)| k.clone())
            .min()
            .unwrap_or_default()
    }

    /// Fixes the kind of fact `n`, reporting a conflict with what is known.
    fn set_kind(&mut self, n: usize, kind: FactKind, span: Span) {
        let root = self.find(n);
        let old = self.nodes[root].kind;
        let merged = match (old, kind) {
            (FactKind::Unknown, k) | (k, FactKind::Unknown) => Some(k),
            (FactKind::Number(None), FactKind::Number(d)) | (FactKind::Number(d), FactKind::Number(None)) => {
                Some(FactKind::Number(d))
            }
            (a, b) if a == b => Some(a),
            _ => None,
        };
        match merged {
            Some(k) => self.nodes[root].kind = k,
            None => {
                let name = self.name_of(n);
                let first = self.nodes[root].first_use;
                self.report(Problem::TwoKinds {
                    name: &name,
                    span,
                    here: kind.describe(),
                    first,
                    elsewhere: old.describe(),
                });
            }
        }
    }

    fn union(&mut self, a: usize, b: usize, span: Span) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let kind = self.nodes[rb].kind;
        self.nodes[rb].parent = ra;
        self.set_kind(ra, kind, span);
    }

    fn expect_num(&mut self, ty: Ty, span: Span) -> Option<D> {
        match ty {
            Ty::Num(d) => Some(d),
            Ty::Error => Some(D::ANY),
            Ty::Var(n) => {
                let root = self.find(n);
                match self.nodes[root].kind {
                    FactKind::Unknown => {
                        self.nodes[root].kind = FactKind::Number(None);
                        Some(D::Of(root))
                    }
                    FactKind::Number(_) => Some(D::Of(root)),
                    _ => {
                        self.set_kind(n, FactKind::Number(None), span);
                        None
                    }
                }
            }
            other => {
                let this = self.describe(other);
                self.report(Problem::NotANumber { this, span });
                None
            }
        }
    }

    /// The current dimension behind `d`.
    fn dim(&self, d: D) -> D {
        match d {
            D::Of(n) => match self.nodes[self.find(n)].kind {
                FactKind::Number(Some(dim)) => D::Known(dim),
                _ => D::Of(self.find(n)),
            },
            other => other,
        }
    }

    /// What two unified dimensions have in common: the narrower.
    fn meet(&self, a: D, b: D) -> D {
        match (self.dim(a), self.dim(b)) {
            (D::Wild(m), D::Wild(n)) => {
                let mut dims = Dim::all().filter(|d| D::has(m & n, *d));
                match (dims.next(), dims.next()) {
                    (Some(d), None) => D::Known(d),
                    _ => D::Wild(m & n),
                }
            }
            (D::Wild(_), other) => other,
            (known, _) => known,
        }
    }

    fn unify_dim(&mut self, a: D, b: D) -> Result<(), ()> {
        match (self.dim(a), self.dim(b)) {
            (D::Wild(m), D::Wild(n)) => (m & n != 0).then_some(()).ok_or(()),
            (D::Wild(m), D::Known(d)) | (D::Known(d), D::Wild(m)) => D::has(m, d).then_some(()).ok_or(()),
            (D::Wild(m), D::Of(n)) | (D::Of(n), D::Wild(m)) => {
                // Only one dimension possible: the fact has it.
                let mut dims = Dim::all().filter(|d| D::has(m, *d));
                if let (Some(d), None) = (dims.next(), dims.next()) {
                    let root = self.find(n);
                    self.nodes[root].kind = FactKind::Number(Some(d));
                }
                Ok(())
            }
            (D::Known(x), D::Known(y)) => {
                if x == y {
                    Ok(())
                } else {
                    Err(())
                }
            }
            (D::Of(n), D::Known(d)) | (D::Known(d), D::Of(n)) => {
                let root = self.find(n);
                self.nodes[root].kind = FactKind::Number(Some(d));
                Ok(())
            }
            (D::Of(x), D::Of(y)) => {
                let (rx, ry) = (self.find(x), self.find(y));
                if rx != ry {
                    self.nodes[ry].parent = rx;
                }
                Ok(())
            }
        }
    }

    fn describe(&self, ty: Ty) -> Msg {
        match ty {
            Ty::Bool => Msg::new("ja/nej", "yes/no"),
            Ty::Time => Msg::new("en dato eller periode", "a date or period"),
            Ty::Num(d) => match self.dim(d) {
                D::Known(dim) => dim.describe(),
                _ => Msg::new("et tal", "a number"),
            },
            Ty::Var(n) => self.nodes[self.find(n)].kind.describe(),
            Ty::Error => Msg::new("ukendt", "unknown"),
        }
    }

    /// `a op b` where a side is a fact whose unit follows the report (and
    /// the other may be known): every unit each could be reported in is tried
    /// with [`Dim::combine_measured`]. When only one unit of a fact works, the
    /// fact gets it; when every working choice gives one dimension, that is the
    /// result; when none works, the units do not match; otherwise it is known
    /// only at run time.
    fn combine_open(&mut self, op: ArithOp, (a, ma): (D, bool), (b, mb): (D, bool), spans: (Span, Span, Span)) -> Ty {
        let choices = |d: D| -> Vec<Dim> {
            match d {
                D::Known(x) => vec![x],
                D::Wild(m) => Dim::all().filter(|x| D::has(m, *x)).collect(),
                D::Of(_) => Dim::all().collect(),
            }
        };
        let same = matches!((a, b), (D::Of(x), D::Of(y)) if x == y);
        let mut works: Vec<(Dim, Dim, Dim)> = Vec::new();
        for x in choices(a) {
            for y in choices(b) {
                if same && x != y {
                    continue;
                }
                if let Some(r) = Dim::combine_measured(op, (x, ma), (y, mb)) {
                    works.push((x, y, r));
                }
            }
        }
        let Some(&(x, y, r)) = works.first() else {
            self.unit_mismatch(a, b, spans.0, spans.1, spans.2, codes::ARITH_UNITS);
            return Ty::Error;
        };
        for (d, only, span) in
            [(a, works.iter().all(|w| w.0 == x), spans.0), (b, works.iter().all(|w| w.1 == y), spans.1)]
        {
            if let (D::Of(n), true) = (d, only) {
                self.set_kind(n, FactKind::Number(Some(if d == a { x } else { y })), span);
            }
        }
        if works.iter().all(|w| w.2 == r) {
            Ty::Num(D::Known(r))
        } else {
            Ty::Num(D::Wild(works.iter().fold(0, |m, w| m | D::bit(w.2))))
        }
    }

    fn unit_mismatch(&mut self, da: D, db: D, a: Span, b: Span, whole: Span, code: &'static str) {
        let (x, y) = (self.describe(Ty::Num(da)), self.describe(Ty::Num(db)));
        let hint = match (self.dim(da), self.dim(db)) {
            (D::Known(x), D::Known(y)) => x.mismatch_hint(y),
            _ => None,
        };
        self.report(Problem::UnitMismatch { code, whole, a: (a, x), b: (b, y), hint });
    }

    fn unify_compare(&mut self, ta: Ty, tb: Ty, a: Span, b: Span, whole: Span) {
        match (ta, tb) {
            (Ty::Error, _) | (_, Ty::Error) => {}
            (Ty::Var(x), Ty::Var(y)) => self.union(x, y, whole),
            (Ty::Var(x), other) | (other, Ty::Var(x)) => match other {
                Ty::Num(d) => {
                    if let Some(dx) = self.expect_num(Ty::Var(x), whole) {
                        if self.unify_dim(dx, d).is_err() {
                            self.unit_mismatch(dx, d, a, b, whole, codes::UNIT_MISMATCH);
                        }
                    }
                }
                Ty::Time => self.set_kind(x, FactKind::Date, whole),
                Ty::Bool => self.set_kind(x, FactKind::Bool, whole),
                _ => {}
            },
            (Ty::Num(x), Ty::Num(y)) => {
                if self.unify_dim(x, y).is_err() {
                    self.unit_mismatch(x, y, a, b, whole, codes::UNIT_MISMATCH);
                }
            }
            (Ty::Time, Ty::Time) | (Ty::Bool, Ty::Bool) => {}
            (x, y) => {
                let (dx, dy) = (self.describe(x), self.describe(y));
                self.report(Problem::KindMismatch { x: dx, y: dy, span: whole });
            }
        }
    }

    fn unify(&mut self, ty: Ty, want: Ty, span: Span, code: &'static str) {
        match (ty, want) {
            (Ty::Error, _) => {}
            (Ty::Var(n), Ty::Bool) => self.set_kind(n, FactKind::Bool, span),
            (a, b) if a == b => {}
            (other, _) => {
                let d = self.describe(other);
                self.report(Problem::NotACondition { code, this: d, span });
            }
        }
    }
}
