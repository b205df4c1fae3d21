//! The spanned syntax tree of a plan, as written (names not yet resolved).

use rust_decimal::Decimal;

use crate::source::{Span, Spanned};
use crate::value::{Dim, TimeSpan};

/// A whole rule file: `plan "…" { … }` followed by sections and goals.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// The plan header.
    pub header: Header,
    /// Goals in source order, each knowing its section.
    pub goals: Vec<Goal>,
    /// Every comment, in source order, for the formatter.
    pub comments: Vec<Spanned<String>>,
    /// `faktum navn "…" [løbende]`: the words reports use for a fact, and
    /// whether it is a running total, in source order.
    pub labels: Vec<FactLabel>,
}

impl File {
    /// The labels by fact name (the first where one is given twice, an error).
    pub fn labels_by_name(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for l in &self.labels {
            if let Some(label) = &l.label {
                out.entry(l.name.value.clone()).or_insert_with(|| label.value.clone());
            }
        }
        out
    }

    /// The facts declared running totals (`faktum x … løbende`).
    pub fn running(&self) -> std::collections::BTreeSet<String> {
        self.labels.iter().filter(|l| l.running.is_some()).map(|l| l.name.value.clone()).collect()
    }
}

/// `faktum sbt_kommunale_sager "gennemsnitlig sagsbehandlingstid for kommunale sager"`,
/// `faktum realiseret "realiseret resultat" løbende`, `faktum tilsyn løbende`
#[derive(Clone, Debug, PartialEq)]
pub struct FactLabel {
    /// The fact's name as the rules write it.
    pub name: Spanned<String>,
    /// The words for it, when given.
    pub label: Option<Spanned<String>>,
    /// `løbende`: a running total through the period.
    pub running: Option<Span>,
    /// The whole declaration.
    pub span: Span,
}

/// `plan "title" { ministerium "…" institution "…" periode 2026 afrapportering halvårlig scoring binær }`
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The plan's title.
    pub title: Spanned<String>,
    /// `ministerium "…"`
    pub ministry: Option<Spanned<String>>,
    /// `institution "…"`
    pub institution: Option<Spanned<String>>,
    /// `periode 2026` or `periode 2026-01-01..2026-12-31`
    pub period: Option<Spanned<TimeSpan>>,
    /// `afrapportering kvartalsvis senest 14 kalenderdage efter`
    pub reporting: Option<Spanned<Reporting>>,
    /// `scoring binær|vægtet|delvis`
    pub scoring: Option<Spanned<Scoring>>,
    /// `udbetaling { 90 pct.: 100 pct.; … }`: the result-to-payout table.
    pub payout: Option<Spanned<Vec<PayoutBand>>>,
    /// `tillad W0101`: warnings silenced for the whole plan.
    pub allow: Vec<Spanned<String>>,
    /// Fields written more than once (their spans), reported by the checker.
    pub duplicates: Vec<Span>,
    /// The whole header.
    pub span: Span,
}

/// One row of the payout table: from this total (a fraction, 0,9 for 90 pct.)
/// this share of the bonus (a fraction) is paid.
impl Header {
    /// A header with its title and nothing else said yet.
    pub fn new(title: Spanned<String>, span: Span) -> Header {
        Header {
            title,
            ministry: None,
            institution: None,
            period: None,
            reporting: None,
            scoring: None,
            payout: None,
            allow: Vec::new(),
            duplicates: Vec::new(),
            span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PayoutBand {
    /// The total the band starts at, as written (a number and its unit).
    pub from: Spanned<(Decimal, Dim)>,
    /// The share paid, as written.
    pub share: Spanned<(Decimal, Dim)>,
}

/// How often the institution reports, and how soon after each period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reporting {
    /// `kvartalsvis`, `halvårlig`, …
    pub cadence: Cadence,
    /// `senest 14 kalenderdage efter`
    pub within_days: Option<u32>,
    /// `senest 10 arbejdsdage efter`: `within_days` counts working days.
    pub working_days: bool,
}

impl Reporting {
    /// The day the report for a period ending `period_end` is due: the
    /// given number of calendar or working days after it (the day itself
    /// without a limit). `None` past the calendar's end.
    pub fn due(&self, period_end: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        let n = self.within_days.unwrap_or(0);
        if self.working_days {
            crate::calendar::working_days_after(period_end, n)
        } else {
            period_end.checked_add_days(chrono::Days::new(u64::from(n)))
        }
    }
}

/// A reporting cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// `månedlig`
    Monthly,
    /// `kvartalsvis`
    Quarterly,
    /// `halvårlig`
    HalfYearly,
    /// `årlig`
    Yearly,
}

/// How goals add up to the plan's total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scoring {
    /// `binær`: each goal 0 or 100 pct., equal weights 100/N (the default).
    #[default]
    Binary,
    /// `vægtet`: each goal 0 or 100 pct., weights from `vægt` lines.
    Weighted,
    /// `delvis`: a goal with sub-goals scores the share of its sub-goals met.
    Partial,
}

/// `mål 7 "title": statements…`
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// `7`, `3.1`
    pub id: Spanned<String>,
    /// The title, when written.
    pub title: Option<Spanned<String>>,
    /// The section it follows (`sektion "Sikker drift"`), if any.
    pub section: Option<String>,
    /// Where that section line starts (for the formatter's comments).
    pub section_start: Option<usize>,
    /// The statements, in order.
    pub stmts: Vec<Stmt>,
    /// The whole goal.
    pub span: Span,
}

/// One statement inside a goal, ended by `;`.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `delmål a "title": expr`
    Subgoal {
        /// `a`
        name: Spanned<String>,
        /// The title, when written.
        title: Option<Spanned<String>>,
        /// `vægt 5 point` (a milestone's points, under `scoring delvis`).
        weight: Option<Spanned<Decimal>>,
        /// The condition.
        expr: Expr,
    },
    /// `mål: any(a, b)`: how the sub-goals combine.
    Combine(Expr),
    /// A bare condition: `stikprøvekontroller >= 10`.
    Condition(Expr),
    /// `opgave drift|projekt|policy`
    Task(Spanned<String>),
    /// `måltype effekt|output|aktivitet|kvalitet`
    Kind(Spanned<String>),
    /// `frist udgangen af Q2 2024`
    Deadline(Spanned<TimeSpan>),
    /// `opgøres ultimo` or `helår`: measured over the whole period, so it
    /// waits for a report that covers the period's end.
    YearEnd(Span),
    /// `målår 2022`: a target for a later year than the plan's period:
    /// shown and tracked, out of this year's score.
    TargetYear(Spanned<i32>),
    /// `vægt 20 pct` or `vægt 2 point`
    Weight(Spanned<Decimal>),
    /// `beskrivelse "…"`
    Note(Spanned<String>),
    /// `resultatkrav "…"` or `resultatkrav b "…"`: the result required in the
    /// author's words (for the goal, or for sub-goal `b`), which the annual
    /// report uses instead of the words it would build from the condition.
    Required {
        /// The sub-goal it words (`None`: the goal).
        sub: Option<Spanned<String>>,
        /// The words.
        text: Spanned<String>,
    },
    /// `tillad W0101`: silence a warning for this goal.
    Allow(Spanned<String>),
}

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

impl Expr {
    /// The expressions directly under this one, in source order. Every walk
    /// over a tree goes through this (and [`Expr::walk`] or [`Expr::find_map`]),
    /// so a new expression form is one arm here, not one in every walker.
    pub fn children(&self) -> impl Iterator<Item = &Expr> {
        let (list, fixed): (&[Expr], [Option<&Expr>; 3]) = match &self.kind {
            ExprKind::Or(parts) | ExprKind::And(parts) | ExprKind::Call(_, parts) => (parts, [None; 3]),
            ExprKind::Not(a) | ExprKind::Neg(a) | ExprKind::Abs(a) | ExprKind::Deadline(_, a, _) => {
                (&[], [Some(a), None, None])
            }
            ExprKind::Compare(_, a, b) | ExprKind::Arith(_, a, b) => (&[], [Some(a), Some(b), None]),
            ExprKind::Range(a, b, c) => (&[], [Some(a), Some(b), Some(c)]),
            ExprKind::Name(..) | ExprKind::Number(..) | ExprKind::Time(_) | ExprKind::Bool(_) => (&[], [None; 3]),
        };
        list.iter().chain(fixed.into_iter().flatten())
    }

    /// Calls `f` on this expression and every one under it, parents first, in
    /// source order. Through the recursion guard (`crate::deep`): safe at any depth.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        crate::deep(|| {
            f(self);
            for child in self.children() {
                child.walk(f);
            }
        });
    }

    /// The first `Some` that `f` gives, parents first, in source order; through
    /// the recursion guard.
    pub fn find_map<'e, T>(&'e self, f: &mut dyn FnMut(&'e Expr) -> Option<T>) -> Option<T> {
        crate::deep(|| f(self).or_else(|| self.children().find_map(|child| child.find_map(f))))
    }

    /// A copy with every fact written without a year read in `year`
    /// (`hvert år 2022..2024: x >= 10` is `x[2022] >= 10` and so on).
    pub fn in_year(&self, year: i32) -> Expr {
        self.map_years(&|y| y.or(Some(year)))
    }

    /// A copy with each fact's year (or none) replaced by `f`'s.
    pub fn map_years(&self, f: &dyn Fn(Option<i32>) -> Option<i32>) -> Expr {
        crate::deep(|| {
            let each = |e: &Expr| Box::new(e.map_years(f));
            let all = |parts: &[Expr]| parts.iter().map(|p| p.map_years(f)).collect();
            let kind = match &self.kind {
                ExprKind::Or(parts) => ExprKind::Or(all(parts)),
                ExprKind::And(parts) => ExprKind::And(all(parts)),
                ExprKind::Call(func, parts) => ExprKind::Call(func.clone(), all(parts)),
                ExprKind::Not(a) => ExprKind::Not(each(a)),
                ExprKind::Neg(a) => ExprKind::Neg(each(a)),
                ExprKind::Abs(a) => ExprKind::Abs(each(a)),
                ExprKind::Deadline(op, a, t) => ExprKind::Deadline(*op, each(a), t.clone()),
                ExprKind::Compare(op, a, b) => ExprKind::Compare(*op, each(a), each(b)),
                ExprKind::Arith(op, a, b) => ExprKind::Arith(*op, each(a), each(b)),
                ExprKind::Range(a, b, c) => ExprKind::Range(each(a), each(b), each(c)),
                ExprKind::Name(n, y) => ExprKind::Name(n.clone(), f(*y)),
                other => other.clone(),
            };
            Expr { kind, span: self.span }
        })
    }

    /// The depth of the tree (a leaf is 1).
    pub fn depth(&self) -> usize {
        crate::deep(|| 1 + self.children().map(Expr::depth).max().unwrap_or(0))
    }

    /// Every name in the expression, in source order: (name, year, span of the
    /// name itself, without its `[year]`). In a condition these are facts; in a
    /// `mål:` line, sub-goals.
    pub fn names(&self) -> Vec<(&str, Option<i32>, Span)> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let ExprKind::Name(n, y) = &e.kind {
                out.push((n.as_str(), *y, Span::new(e.span.start, e.span.start + n.len())));
            }
        });
        out
    }
}

/// The expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `a eller b` / `a or b`
    Or(Vec<Expr>),
    /// `a og b` / `a and b`
    And(Vec<Expr>),
    /// `ikke a` / `not a`
    Not(Box<Expr>),
    /// `a <= b`, `a = b`, …
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `x in 1..2` / `x mellem 1..2`, both ends included
    Range(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `leveret senest juni 2024`, `leveret i august 2026`
    Deadline(DeadlineOp, Box<Expr>, Spanned<TimeSpan>),
    /// `a + b`, `a - b`, `a * b`, `a / b`
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `-a`
    Neg(Box<Expr>),
    /// `|a|`
    Abs(Box<Expr>),
    /// `any(a, b)`, `all(a, b)`, `atleast(2, a, b, c)`
    Call(Spanned<Combinator>, Vec<Expr>),
    /// `2,0 mio`, `92 pct.`, `10`
    Number(Decimal, Dim),
    /// `2024-06-30`, `juni 2024`, `Q2 2024`, `udgangen af Q2 2024`
    Time(TimeSpan),
    /// `sand` / `true`, `falsk` / `false`
    Bool(bool),
    /// `realiseret`, `frafald[2024]`
    Name(String, Option<i32>),
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=`
    Ne,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
        }
    }

    /// Whether `a op b` holds, given how `a` orders against `b`.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering;
        match self {
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
        }
    }
}

pub use crate::measure::{ArithOp, DeadlineOp};

/// How several conditions combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combinator {
    /// `any(…)` / `nogen(…)`: at least one.
    Any,
    /// `all(…)` / `alle(…)`: every one.
    All,
    /// `atleast(n, …)` / `mindst(n, …)`: at least n.
    AtLeast,
}
