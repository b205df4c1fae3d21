//! Goals in plain words, for the annual report: the result required, built
//! from titles and conditions (or the author's own `resultatkrav`), the
//! result achieved as sentences, and a draft analysis of a goal not met.
//!
//! Fact names appear only where no title describes them, and then as words
//! (`mitid_tiltag` → "mitid tiltag", `frafald[2024]` → "frafald 2024").

use crate::diag::{Lang, Msg};
use crate::eval::Need;
use crate::eval::{Combination, GoalResult, Leaf, Status, Truth};
use crate::syntax::ast::{self, ArithOp, CmpOp, Combinator, DeadlineOp, ExprKind, Stmt};
use crate::value::{format_date, format_quantity, Dim};
use std::collections::BTreeMap;

/// Words in Danish or English.
pub(crate) fn t(lang: Lang, da: &str, en: &str) -> String {
    Msg::new(da, en).get(lang).to_string()
}

/// A fact's name as words: `mitid_tiltag` → `mitid tiltag`, `frafald[2024]` → `frafald 2024`.
pub fn fact_words(name: &str, year: Option<i32>) -> String {
    let words = name.replace('_', " ");
    match year {
        Some(y) => format!("{words} {y}"),
        None => words,
    }
}

/// How the reports say things: in which language, and with the plan's own
/// words for its facts (`faktum x "…"`, see [`crate::check::Checked::labels`]).
#[derive(Clone, Copy, Debug)]
pub struct Voice<'a> {
    /// Danish or English.
    pub lang: Lang,
    labels: &'a BTreeMap<String, String>,
}

static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

impl<'a> Voice<'a> {
    /// In `lang`, with the plan's labels.
    pub fn new(lang: Lang, labels: &'a BTreeMap<String, String>) -> Voice<'a> {
        Voice { lang, labels }
    }

    /// In `lang`, every fact by its name in words.
    pub fn plain(lang: Lang) -> Voice<'static> {
        Voice { lang, labels: &NO_LABELS }
    }

    /// The plan's words for fact `name`, when it gives some.
    pub fn label(&self, name: &str) -> Option<&'a str> {
        self.labels.get(name).map(String::as_str)
    }

    /// A fact written as a result key (`realiseret`, `frafald[2024]`) in words: [`Voice::fact`].
    pub fn fact_key(&self, key: &str) -> String {
        let (name, year) = split_label(key);
        self.fact(name, year)
    }

    /// The plan's words for a fact written as a result key, only when the plan labels it.
    pub fn labelled(&self, key: &str) -> Option<String> {
        let (name, year) = split_label(key);
        self.label(name).map(|_| self.fact(name, year))
    }

    /// A fact in words: its label ("gennemsnitlig sagsbehandlingstid for
    /// kommunale sager i 2022"), else its name as words ([`fact_words`]).
    pub fn fact(&self, name: &str, year: Option<i32>) -> String {
        match (self.labels.get(name), year) {
            (Some(label), Some(y)) => t(self.lang, &format!("{label} i {y}"), &format!("{label} in {y}")),
            (Some(label), None) => label.clone(),
            (None, _) => fact_words(name, year),
        }
    }
}

/// The first letter upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The result required by `goal`, in words: the author's `resultatkrav` when
/// there is one; else each sub-goal (`a) title: mindst 3`) or condition in
/// words, how the sub-goals combine, and the goal's deadline.
pub fn required(goal: &ast::Goal, v: Voice<'_>) -> String {
    let lang = v.lang;
    let own = |sub: Option<&str>| {
        goal.stmts.iter().find_map(|s| match s {
            Stmt::Required { sub: s, text } if s.as_ref().map(|s| s.value.as_str()) == sub => Some(text.value.clone()),
            _ => None,
        })
    };
    if let Some(text) = own(None) {
        return text;
    }
    let mut parts = Vec::new();
    let mut combine = None;
    let mut deadline = None;
    for stmt in &goal.stmts {
        match stmt {
            Stmt::Subgoal { name, title, expr, weight } => {
                let words =
                    own(Some(&name.value)).unwrap_or_else(|| titled(title.as_ref().map(|t| t.value.as_str()), expr, v));
                match weight {
                    Some(w) => parts.push(format!("{}) {words} ({})", name.value, points(w.value, lang))),
                    None => parts.push(format!("{}) {words}", name.value)),
                }
            }
            Stmt::Condition(expr) => parts.push(condition(expr, false, v)),
            Stmt::Combine(expr) => combine = Some(combination(expr, lang)),
            Stmt::Deadline(d) => deadline = Some(d.value.end),
            _ => {}
        }
    }
    let mut out = parts.join("; ");
    if let Some(c) = combine {
        out = format!("{}: {out}", capitalise(&c));
    }
    if let Some(d) = deadline {
        out.push_str(&t(
            lang,
            &format!(" (frist {})", format_date(d, lang)),
            &format!(" (deadline {})", format_date(d, lang)),
        ));
    }
    out
}

/// A sub-goal in words: its title describes the fact when its condition
/// reads only one, so the condition is said without the fact's name.
fn titled(title: Option<&str>, expr: &ast::Expr, v: Voice<'_>) -> String {
    let Some(title) = title else { return condition(expr, false, v) };
    let described = facts_in(expr).len() == 1;
    let words = condition(expr, described, v);
    let said = match &expr.kind {
        // "Initiativerne afleveret i august 2026" already says when.
        ExprKind::Deadline(_, _, span) => described && title.contains(&span.value.end.format("%Y").to_string()),
        _ => false,
    };
    if words.is_empty() || said || (described && title_states(title, &words)) {
        title.to_string()
    } else if matches!(expr.kind, ExprKind::Deadline(..)) && described {
        format!("{title} {words}")
    } else {
        format!("{title}: {words}")
    }
}

/// Whether a sub-goal's title already says its condition, as in "mindst ét
/// forudsætningsskabende initiativ" for `initiativer >= 1` ("mindst 1"): the
/// condition's first word and every number in it are in the title (a number
/// as digits or, up to twelve, as a word). Then the report says the title once,
/// not "…: mindst 1" after it; a title whose number differs keeps the rule's.
fn title_states(title: &str, words: &str) -> bool {
    const NUMBERS: [&[&str]; 13] = [
        &["nul", "zero"],
        &["en", "et", "én", "ét", "one"],
        &["to", "two"],
        &["tre", "three"],
        &["fire", "four"],
        &["fem", "five"],
        &["seks", "six"],
        &["syv", "seven"],
        &["otte", "eight"],
        &["ni", "nine"],
        &["ti", "ten"],
        &["elleve", "eleven"],
        &["tolv", "twelve"],
    ];
    let title = title.to_lowercase();
    let in_title: Vec<&str> = title.split(|c: char| !c.is_alphanumeric() && c != ',').collect();
    let mut said = words.split(' ');
    let Some(first) = said.next() else { return false };
    if first.is_empty() || first.starts_with(|c: char| c.is_ascii_digit()) || !in_title.contains(&first) {
        return false;
    }
    said.filter(|w| w.starts_with(|c: char| c.is_ascii_digit())).all(|number| {
        in_title.contains(&number)
            || number
                .parse::<usize>()
                .ok()
                .and_then(|n| NUMBERS.get(n))
                .is_some_and(|names| names.iter().any(|n| in_title.contains(n)))
    })
}

/// The facts an expression reads (name, year), each once.
fn facts_in(expr: &ast::Expr) -> Vec<(String, Option<i32>)> {
    let mut out: Vec<(String, Option<i32>)> = Vec::new();
    for (name, year, _) in expr.names() {
        if !out.iter().any(|(n, y)| n == name && *y == year) {
            out.push((name.to_string(), year));
        }
    }
    out
}

/// What is measured, in words: a fact, a deviation, a sum.
pub fn subject(expr: &ast::Expr, v: Voice<'_>) -> String {
    let lang = v.lang;
    crate::deep(|| match &expr.kind {
        ExprKind::Name(n, y) => v.fact(n, *y),
        ExprKind::Abs(inner) => match &inner.kind {
            ExprKind::Arith(ArithOp::Sub, a, b) => deviation(a, b, v),
            _ => t(lang, "den numeriske værdi af ", "the absolute value of ") + &subject(inner, v),
        },
        ExprKind::Arith(ArithOp::Div, top, base) => {
            // |x - y| / |x|: a relative deviation.
            if let ExprKind::Abs(d) = &top.kind {
                if let ExprKind::Arith(ArithOp::Sub, x, y) = &d.kind {
                    let relative = t(lang, "i forhold til", "relative to");
                    return format!("{} {relative} {}", deviation(x, y, v), subject(b_of(base), v));
                }
            }
            format!("{} {} {}", subject(top, v), t(lang, "divideret med", "divided by"), subject(base, v))
        }
        ExprKind::Arith(op, a, b) => {
            let word = match op {
                ArithOp::Add => t(lang, "plus", "plus"),
                ArithOp::Sub => t(lang, "minus", "minus"),
                ArithOp::Mul => t(lang, "gange", "times"),
                ArithOp::Div => t(lang, "divideret med", "divided by"),
            };
            format!("{} {word} {}", subject(a, v), subject(b, v))
        }
        ExprKind::Neg(a) => format!("{} {}", t(lang, "minus", "minus"), subject(a, v)),
        _ => constant(expr, lang).unwrap_or_else(|| condition(expr, false, v)),
    })
}

/// `|a|` → `a`; anything else as it is.
fn b_of(expr: &ast::Expr) -> &ast::Expr {
    match &expr.kind {
        ExprKind::Abs(inner) => inner,
        _ => expr,
    }
}

/// "afvigelsen mellem a og b"
fn deviation(a: &ast::Expr, b: &ast::Expr, v: Voice<'_>) -> String {
    let lang = v.lang;
    let (a, b) = (subject(a, v), subject(b, v));
    t(lang, &format!("afvigelsen mellem {a} og {b}"), &format!("the deviation between {a} and {b}"))
}

/// A constant in words (`2 mio. kr.`, `92 pct.`, `31. december 2024`, `ja`).
fn constant(expr: &ast::Expr, lang: Lang) -> Option<String> {
    match &expr.kind {
        ExprKind::Number(v, dim) => Some(format_quantity(*v, *dim, lang)),
        ExprKind::Time(span) => Some(span.describe(lang)),
        ExprKind::Bool(b) => Some(if *b { t(lang, "ja", "yes") } else { t(lang, "nej", "no") }),
        ExprKind::Neg(inner) => match &inner.kind {
            ExprKind::Number(v, dim) => Some(format_quantity(-*v, *dim, lang)),
            _ => None,
        },
        _ => None,
    }
}

/// A comparison of a fact with its own value in a baseline year, in words:
/// `h <= h[2012] * 75 pct.` → "falder mindst 25 pct. fra 2012", `h[2020] >=
/// h[2019] + 10` → "stiger mindst 10 fra 2019 til 2020" (as `h falder mindst …`
/// is written, and built, see `syntax::build`). `None` for other comparisons.
fn change(op: CmpOp, a: &ast::Expr, b: &ast::Expr, lang: Lang) -> Option<String> {
    let (ExprKind::Name(name, year), ExprKind::Arith(arith, base, by)) = (&a.kind, &b.kind) else { return None };
    let (ExprKind::Name(base_name, Some(from)), ExprKind::Number(size, dim)) = (&base.kind, &by.kind) else {
        return None;
    };
    if base_name != name || !matches!(op, CmpOp::Le | CmpOp::Ge) {
        return None;
    }
    let (falls, amount) = match arith {
        ArithOp::Mul if *dim == Dim::Percent && *size < rust_decimal::Decimal::ONE => {
            (true, format_quantity(rust_decimal::Decimal::ONE - size, Dim::Percent, lang))
        }
        ArithOp::Mul if *dim == Dim::Percent && *size > rust_decimal::Decimal::ONE => {
            (false, format_quantity(size - rust_decimal::Decimal::ONE, Dim::Percent, lang))
        }
        ArithOp::Sub | ArithOp::Add => {
            let shown = format_quantity(*size, *dim, lang);
            // An absolute change of a percentage is in points.
            let shown = match (*dim == Dim::Percent, lang) {
                (true, Lang::Da) => shown.replace("pct.", "pct.-point"),
                (true, Lang::En) => shown.replace('%', "percentage points"),
                (false, _) => shown,
            };
            (*arith == ArithOp::Sub, shown)
        }
        _ => return None,
    };
    let at_least = (op == CmpOp::Le) == falls;
    let verb = match (falls, at_least) {
        (true, true) => t(lang, "falder mindst", "falls at least"),
        (true, false) => t(lang, "falder højst", "falls at most"),
        (false, true) => t(lang, "stiger mindst", "rises at least"),
        (false, false) => t(lang, "stiger højst", "rises at most"),
    };
    let to = year.map(|y| format!(" {} {y}", t(lang, "til", "to"))).unwrap_or_default();
    Some(format!("{verb} {amount} {} {from}{to}", t(lang, "fra", "from")))
}

/// A fact without its year (`h[2020]` → `h`): the change's words name the year.
fn without_year(e: &ast::Expr) -> ast::Expr {
    match &e.kind {
        ExprKind::Name(n, _) => ast::Expr { kind: ExprKind::Name(n.clone(), None), span: e.span },
        _ => e.clone(),
    }
}

/// `>=` → "mindst": against a constant (`fixed`) or against another measure.
fn op_words(op: CmpOp, fixed: bool, lang: Lang) -> String {
    let (da, en) = match (op, fixed) {
        (CmpOp::Ge, _) => ("mindst", "at least"),
        (CmpOp::Le, _) => ("højst", "at most"),
        (CmpOp::Gt, true) => ("over", "above"),
        (CmpOp::Lt, true) => ("under", "below"),
        (CmpOp::Gt, false) => ("større end", "greater than"),
        (CmpOp::Lt, false) => ("mindre end", "less than"),
        (CmpOp::Eq, true) => ("præcis", "exactly"),
        (CmpOp::Eq, false) => ("lig med", "equal to"),
        (CmpOp::Ne, _) => ("forskellig fra", "other than"),
    };
    t(lang, da, en)
}

/// A condition in words. With `described`, a title already says which fact
/// is measured, so its name is left out (`mindst 92 pct.`).
pub fn condition(expr: &ast::Expr, described: bool, v: Voice<'_>) -> String {
    crate::deep(|| condition_words(expr, described, v))
}

fn condition_words(expr: &ast::Expr, described: bool, v: Voice<'_>) -> String {
    let lang = v.lang;
    let who =
        |e: &ast::Expr| if described && matches!(e.kind, ExprKind::Name(..)) { None } else { Some(subject(e, v)) };
    if let ExprKind::Compare(op, a, b) = &expr.kind {
        if let Some(words) = change(*op, a, b, lang) {
            return match who(a) {
                Some(_) => format!("{} {words}", subject(&without_year(a), v)),
                None => words,
            };
        }
    }
    if let ExprKind::Call(func, args) = &expr.kind {
        if let Some((from, to, body)) = yearly(args) {
            return yearly_words(func.value, args, from, to, &condition(&body, described, v), lang);
        }
    }
    match &expr.kind {
        ExprKind::Compare(op, a, b) => {
            // `x = sand`, `x = falsk`: the fact itself, or not.
            if let (ExprKind::Bool(value), CmpOp::Eq | CmpOp::Ne) = (&b.kind, op) {
                let yes = *value == (*op == CmpOp::Eq);
                return truthy(who(a), yes, lang);
            }
            match constant(b, lang) {
                Some(limit) => {
                    // "mindst 3 tiltag": a count reads best before the thing counted.
                    let count =
                        matches!(b.kind, ExprKind::Number(_, Dim::Plain)) && matches!(op, CmpOp::Ge | CmpOp::Gt);
                    match who(a) {
                        Some(s) if count && matches!(a.kind, ExprKind::Name(..)) => {
                            format!("{} {limit} {s}", op_words(*op, true, lang))
                        }
                        Some(s) => format!("{s} {} {limit}", op_words(*op, true, lang)),
                        None => format!("{} {limit}", op_words(*op, true, lang)),
                    }
                }
                None => {
                    let s = subject(a, v);
                    format!("{s} {} {}", op_words(*op, false, lang), subject(b, v))
                }
            }
        }
        ExprKind::Range(measured, lo, hi) => {
            let (low, high) = (subject(lo, v), subject(hi, v));
            let between = t(lang, &format!("mellem {low} og {high}"), &format!("between {low} and {high}"));
            match who(measured) {
                // "mellem 1 og 2 initiativer": counts before the thing counted.
                Some(s)
                    if matches!(measured.kind, ExprKind::Name(..))
                        && matches!(lo.kind, ExprKind::Number(_, Dim::Plain)) =>
                {
                    format!("{between} {s}")
                }
                Some(s) => format!("{s} {between}"),
                None => between,
            }
        }
        ExprKind::Deadline(op, v, span) => {
            let when = match op {
                DeadlineOp::By => t(lang, "senest ", "by ") + &format_date(span.value.end, lang),
                DeadlineOp::Before => t(lang, "før ", "before ") + &format_date(span.value.start, lang),
                DeadlineOp::Within if span.value.start == span.value.end => {
                    t(lang, "den ", "on ") + &format_date(span.value.end, lang)
                }
                DeadlineOp::Within => t(lang, "i ", "in ") + &span.value.describe(lang),
            };
            match who(v) {
                Some(s) => format!("{s} {when}"),
                None => when,
            }
        }
        ExprKind::Name(..) => truthy(who(expr), true, lang),
        ExprKind::Not(inner) => match &inner.kind {
            ExprKind::Name(..) => truthy(who(inner), false, lang),
            _ => t(lang, "ikke: ", "not: ") + &condition(inner, described, v),
        },
        ExprKind::And(parts) => join(parts.iter().map(|p| condition(p, described, v)), "og", "and", lang),
        ExprKind::Or(parts) => join(parts.iter().map(|p| condition(p, described, v)), "eller", "or", lang),
        ExprKind::Call(func, args) => {
            let (n, rest) = at_least(func.value, args);
            let words: Vec<String> = rest.iter().map(|p| condition(p, described, v)).collect();
            combinator_words(func.value, n, words, lang)
        }
        ExprKind::Bool(true) => t(lang, "altid opfyldt", "always met"),
        ExprKind::Bool(false) => t(lang, "aldrig opfyldt", "never met"),
        _ => subject(expr, v),
    }
}

/// "… hvert år fra 2022 til 2024", "… i mindst 2 af årene 2022 til 2024".
fn yearly_words(func: Combinator, args: &[ast::Expr], from: i32, to: i32, words: &str, lang: Lang) -> String {
    match (func, at_least(func, args).0) {
        (Combinator::AtLeast, Some(n)) => t(
            lang,
            &format!("{words} i mindst {n} af årene {from} til {to}"),
            &format!("{words} in at least {n} of the years {from} to {to}"),
        ),
        (Combinator::Any, _) => t(
            lang,
            &format!("{words} i mindst ét af årene {from} til {to}"),
            &format!("{words} in at least one of the years {from} to {to}"),
        ),
        _ => t(
            lang,
            &format!("{words} hvert år fra {from} til {to}"),
            &format!("{words} every year from {from} to {to}"),
        ),
    }
}

/// The same condition for consecutive years (`hvert år 2022..2024: x >= 10`,
/// as `syntax::build` writes it out, or written out by hand): the first and
/// last year and the condition without them.
fn yearly(args: &[ast::Expr]) -> Option<(i32, i32, ast::Expr)> {
    let rest = match args.first().map(|a| &a.kind) {
        Some(ExprKind::Number(..)) => &args[1..],
        _ => args,
    };
    let first = rest.first().filter(|_| rest.len() >= 2)?;
    first.names().iter().filter_map(|(_, y, _)| *y).find_map(|from| {
        let body = first.map_years(&|y| if y == Some(from) { None } else { y });
        let to = from.checked_add(i32::try_from(rest.len() - 1).ok()?)?;
        let same = rest.iter().zip(from..=to).all(|(e, y)| *e == body.in_year(y));
        same.then_some((from, to, body))
    })
}

/// A yes/no fact: "kontrolmiljø dokumenteret", "ikke …"; with a title, nothing
/// (the title says it).
fn truthy(who: Option<String>, yes: bool, lang: Lang) -> String {
    match (who, yes) {
        (Some(s), true) => s,
        (Some(s), false) => t(lang, "ikke ", "not ") + &s,
        (None, true) => String::new(),
        (None, false) => t(lang, "ikke opfyldt", "not the case"),
    }
}

/// `a, b og c`.
fn join(parts: impl Iterator<Item = String>, da: &str, en: &str, lang: Lang) -> String {
    let parts: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), t(lang, da, en)),
    }
}

/// For `atleast(n, …)`: n and the parts; otherwise none and all the arguments.
fn at_least(func: Combinator, args: &[ast::Expr]) -> (Option<String>, &[ast::Expr]) {
    match (func, args.split_first()) {
        (Combinator::AtLeast, Some((n, rest))) => match &n.kind {
            ExprKind::Number(v, _) => (Some(v.normalize().to_string()), rest),
            _ => (None, rest),
        },
        _ => (None, args),
    }
}

/// `any`/`all`/`atleast` over parts already in words.
fn combinator_words(func: Combinator, n: Option<String>, parts: Vec<String>, lang: Lang) -> String {
    let list = join(parts.into_iter(), "og", "and", lang);
    match func {
        Combinator::Any => t(lang, &format!("mindst én af {list}"), &format!("at least one of {list}")),
        Combinator::All => t(lang, &format!("alle af: {list}"), &format!("all of: {list}")),
        Combinator::AtLeast => {
            let n = n.unwrap_or_default();
            t(lang, &format!("mindst {n} af {list}"), &format!("at least {n} of {list}"))
        }
    }
}

/// A `mål:` line in words: "mindst ét af delmålene a og b", "både delmål a og b".
fn combination(expr: &ast::Expr, lang: Lang) -> String {
    // Every level through the recursion guard: a `mål:` line may nest as deep as the limits allow.
    fn words(e: &ast::Expr, lang: Lang) -> String {
        crate::deep(|| unguarded(e, lang))
    }
    fn unguarded(e: &ast::Expr, lang: Lang) -> String {
        match &e.kind {
            ExprKind::Name(n, _) => n.clone(),
            ExprKind::Call(func, args) => {
                let (n, rest) = at_least(func.value, args);
                let parts: Vec<String> = rest.iter().map(|p| words(p, lang)).collect();
                let count = parts.len();
                let list = join(parts.into_iter(), "og", "and", lang);
                match (func.value, count) {
                    (Combinator::Any, _) => {
                        t(lang, &format!("mindst ét af delmålene {list}"), &format!("at least one of sub-goals {list}"))
                    }
                    (Combinator::All, 2) => t(lang, &format!("både delmål {list}"), &format!("both sub-goals {list}")),
                    (Combinator::All, _) => {
                        t(lang, &format!("alle delmålene {list}"), &format!("all of sub-goals {list}"))
                    }
                    (Combinator::AtLeast, _) => {
                        let n = n.unwrap_or_default();
                        t(
                            lang,
                            &format!("mindst {n} af delmålene {list}"),
                            &format!("at least {n} of sub-goals {list}"),
                        )
                    }
                }
            }
            ExprKind::And(parts) => join(parts.iter().map(|p| words(p, lang)), "og", "and", lang),
            ExprKind::Or(parts) => {
                let list = join(parts.iter().map(|p| words(p, lang)), "eller", "or", lang);
                t(lang, &format!("enten {list}"), &format!("either {list}"))
            }
            ExprKind::Not(inner) => t(lang, "ikke ", "not ") + &words(inner, lang),
            ExprKind::Bool(b) => {
                if *b {
                    t(lang, "sand", "true")
                } else {
                    t(lang, "falsk", "false")
                }
            }
            _ => String::new(),
        }
    }
    words(expr, lang)
}

/// The condition written at `span` in `goal`, with whether a title
/// describes its one fact (a sub-goal's title).
///
/// `hvert år 2022..2024: x <= 12` holds a copy per year at one place: the one
/// reading the leaf's facts (`x[2023]`) is chosen.
fn condition_at<'g>(goal: &'g ast::Goal, leaf: &Leaf) -> Option<(&'g ast::Expr, bool)> {
    let span = leaf.span;
    let reads_leaf = |x: &ast::Expr| {
        let mut read = facts_in(x);
        let mut facts: Vec<(String, Option<i32>)> = leaf
            .facts
            .iter()
            .map(|(label, _)| {
                let (name, year) = split_label(label);
                (name.to_string(), year)
            })
            .collect();
        read.sort();
        facts.sort();
        read == facts
    };
    let find = |e: &'g ast::Expr| {
        e.find_map(&mut |x| (x.span == span && reads_leaf(x)).then_some(x))
            .or_else(|| e.find_map(&mut |x| (x.span == span).then_some(x)))
    };
    goal.stmts.iter().find_map(|s| match s {
        Stmt::Subgoal { title, expr, .. } => find(expr).map(|e| (e, title.is_some() && facts_in(expr).len() == 1)),
        Stmt::Condition(expr) => find(expr).map(|e| (e, false)),
        _ => None,
    })
}

/// What one condition found, in words: "tilfredshed borgerdk blev 91,5 pct.
/// (krav: mindst 92 pct.)", "nemkonto kontrakt tildelt den 1. oktober 2024
/// (krav: senest 31. december 2024)", "ikke indberettet".
fn found(goal: &ast::Goal, leaf: &Leaf, needed: &[Need], v: Voice<'_>) -> String {
    let lang = v.lang;
    let Some((expr, described)) = condition_at(goal, leaf) else {
        return leaf.value_text(lang).or_else(|| leaf.note_text(lang)).unwrap_or_default();
    };
    let (measured, deadline) = match &expr.kind {
        ExprKind::Compare(_, a, _) | ExprKind::Range(a, _, _) => (Some(a.as_ref()), false),
        ExprKind::Deadline(_, a, _) => (Some(a.as_ref()), true),
        ExprKind::Name(..) | ExprKind::Not(_) => (Some(expr), false),
        _ => (None, false),
    };
    let who = measured.filter(|m| !(described && matches!(m.kind, ExprKind::Name(..)))).map(|m| subject(m, v));
    let missing = leaf.facts.iter().any(|(_, v)| v.is_none());
    let requirement = condition(expr, described || missing, v);
    let value = match (leaf.rounded_text(lang), missing) {
        (_, true) => {
            let names: Vec<String> =
                leaf.facts.iter().filter(|(_, v)| v.is_none()).map(|(n, _)| v.fact_key(n)).collect();
            let names = join(names.into_iter(), "og", "and", lang);
            let due = leaf.facts.iter().filter(|(_, v)| v.is_none()).find_map(|(label, _)| {
                needed.iter().find(|n| n.fact == split_label(label).0 && n.now.is_none()).and_then(|n| n.deadline)
            });
            // After the deadline the leaf is false; the date is in its note.
            let late = leaf.truth == Truth::False;
            let when = match (due, late) {
                (Some(d), true) => {
                    let d = format_date(d, lang);
                    t(lang, &format!(" inden fristen {d}"), &format!(" by the deadline {d}"))
                }
                (Some(d), false) => {
                    let d = format_date(d, lang);
                    t(lang, &format!(" (frist {d})"), &format!(" (deadline {d})"))
                }
                (None, true) => t(lang, " inden fristen", " by the deadline"),
                (None, false) => String::new(),
            };
            let what = t(lang, "ikke indberettet", "not reported");
            return if described {
                format!("{what}{when}")
            } else {
                t(lang, &format!("{names} er {what}{when}"), &format!("{names} {what}{when}"))
            };
        }
        (Some(v), false) if deadline => match &who {
            Some(s) => t(lang, &format!("{s} den {v}"), &format!("{s} on {v}")),
            None => t(lang, &format!("den {v}"), &format!("on {v}")),
        },
        (Some(v), false) if matches!(expr.kind, ExprKind::Name(..) | ExprKind::Not(_)) => match &who {
            Some(s) => format!("{s}: {v}"),
            None => v,
        },
        (Some(v), false) => match &who {
            Some(s) => t(lang, &format!("{s} blev {v}"), &format!("{s} was {v}")),
            None => v,
        },
        (None, false) if leaf.truth == Truth::Error => {
            let why = leaf.note_text(lang).unwrap_or_default();
            return t(lang, &format!("kunne ikke beregnes ({why})"), &format!("could not be computed ({why})"));
        }
        (None, false) => return leaf.note_text(lang).unwrap_or_default(),
    };
    if requirement.is_empty() || matches!(expr.kind, ExprKind::Name(..) | ExprKind::Not(_)) {
        return value;
    }
    // The requirement without the subject just said.
    let need = limit(expr, leaf, v).unwrap_or(requirement);
    if need.is_empty() {
        value
    } else {
        t(lang, &format!("{value} (krav: {need})"), &format!("{value} (required: {need})"))
    }
}

/// What a condition requires of its measured side, without naming it:
/// "højst 5 pct.", "mellem 1 og 3", "senest 30. juni 2024", "mindre end smv
/// frafald 2023 (36)" (another measure, with the value it had).
fn limit(expr: &ast::Expr, leaf: &Leaf, v: Voice<'_>) -> Option<String> {
    let lang = v.lang;
    if let ExprKind::Compare(op, a, b) = &expr.kind {
        if let Some(words) = change(*op, a, b, lang) {
            let bound = leaf.threshold_text(lang);
            let bound = bound.as_deref().and_then(|t| t.split_once(' ')).map(|(_, v)| v.to_string());
            return Some(match bound {
                Some(v) => format!("{words}, {} {} {v}", t(lang, "dvs.", "that is"), op_words(*op, true, lang)),
                None => words,
            });
        }
    }
    match &expr.kind {
        ExprKind::Compare(op, _, b) => Some(match constant(b, lang) {
            Some(c) => format!("{} {c}", op_words(*op, true, lang)),
            None => {
                let other = leaf.threshold_text(lang);
                let other = other.as_deref().and_then(|t| t.split_once(' ')).map(|(_, v)| format!(" ({v})"));
                format!("{} {}{}", op_words(*op, false, lang), subject(b, v), other.unwrap_or_default())
            }
        }),
        ExprKind::Range(_, lo, hi) => {
            let (low, high) = (subject(lo, v), subject(hi, v));
            Some(t(lang, &format!("mellem {low} og {high}"), &format!("between {low} and {high}")))
        }
        ExprKind::Deadline(..) => Some(condition(expr, true, v)),
        _ => None,
    }
}

/// A reported fact's need in words: "stikprøvekontroller mindst 10 (6
/// mere)"; `None` for a fact not reported (said where its condition is).
pub(crate) fn need_words(need: &Need, v: Voice<'_>) -> Option<String> {
    let lang = v.lang;
    need.now.as_ref()?;
    let windows: Vec<String> = need.windows.iter().map(|w| w.text(lang)).collect();
    Some(format!("{} {}", v.fact_key(&need.fact), join(windows.into_iter(), "eller", "or", lang)))
}

/// Any need in words: a reported fact's windows and its value now
/// ("tilsyn gennemført mindst 40 (22 mere), nu 18"), or "… ikke indberettet".
pub(crate) fn need_sentence(need: &Need, v: Voice<'_>) -> String {
    let lang = v.lang;
    match (need_words(need, v), need.now_text(lang)) {
        (Some(words), Some(now)) => t(lang, &format!("{words}, nu {now}"), &format!("{words}, now {now}")),
        _ => {
            let fact = v.fact_key(&need.fact);
            t(lang, &format!("{fact} ikke indberettet"), &format!("{fact} not reported"))
        }
    }
}

/// What a goal needs, as one phrase: each need in words (`each`; `None`
/// leaves it out), joined as the goal combines them. A fact that meets the
/// goal on its own is an alternative ("eller"); the facts that must change
/// together are grouped by sub-goal ("og" within one), and the groups joined
/// as the goal's `mål:` line says: every one "og", any one "eller", at
/// least n "mindst n af" (counting the sub-goals that hold already).
pub fn needs_phrase(goal: &GoalResult, each: &dyn Fn(&Need) -> Option<String>, lang: Lang) -> String {
    let alternatives: Vec<String> = goal.needed.iter().filter(|n| n.alone).filter_map(each).collect();
    let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    for need in goal.needed.iter().filter(|n| !n.alone) {
        let Some(words) = each(need) else { continue };
        let sub = need.subgoal.as_deref();
        match groups.iter_mut().find(|(s, _)| *s == sub) {
            Some((_, list)) => list.push(words),
            None => groups.push((sub, vec![words])),
        }
    }
    let groups: Vec<String> = groups.into_iter().map(|(_, list)| join(list.into_iter(), "og", "and", lang)).collect();
    let holding = goal.subgoals.iter().filter(|s| s.status == Status::Met).count();
    let together = match goal.combination {
        _ if groups.len() < 2 => groups.into_iter().next().unwrap_or_default(),
        Combination::Any => join(groups.into_iter(), "eller", "or", lang),
        Combination::AtLeast(n) => match n.saturating_sub(holding) {
            k if k >= groups.len() => join(groups.into_iter(), "og", "and", lang),
            1 => join(groups.into_iter(), "eller", "or", lang),
            k => t(
                lang,
                &format!("mindst {k} af: {}", groups.join("; ")),
                &format!("at least {k} of: {}", groups.join("; ")),
            ),
        },
        Combination::All | Combination::Other => join(groups.into_iter(), "og", "and", lang),
    };
    join(alternatives.into_iter().chain([together]), "eller", "or", lang)
}

/// `frafald[2024]` → (`frafald`, 2024).
pub(crate) fn split_label(label: &str) -> (&str, Option<i32>) {
    match label.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
        None => (label, None),
    }
}

/// "opfyldt" → "målet er opfyldt"
fn verdict(status: Status, lang: Lang) -> String {
    match status {
        Status::Pending => t(lang, "målet afventer", "the goal is pending"),
        Status::Error => t(lang, "målet kunne ikke vurderes (fejl)", "the goal could not be assessed (error)"),
        s => t(lang, &format!("målet er {}", s.word(lang)), &format!("the goal is {}", s.word(lang))),
    }
}

/// The result achieved by `goal`, in sentences: each condition's value
/// against its requirement (sub-goals by letter, the one that decided first
/// when they disagree), then the verdict, and an override or drop with its
/// reason.
pub fn achieved(ast_goal: Option<&ast::Goal>, goal: &GoalResult, order: &[usize], v: Voice<'_>) -> String {
    let lang = v.lang;
    if let Some(reason) = &goal.dropped_reason {
        return t(lang, &format!("Målet er udgået: {reason}."), &format!("The goal was dropped: {reason}."));
    }
    let said = |l: &Leaf| match ast_goal {
        Some(g) => found(g, l, &goal.needed, v),
        None => l.value_text(lang).or_else(|| l.note_text(lang)).unwrap_or_default(),
    };
    let mut parts: Vec<String> = goal.explanation.iter().map(said).collect();
    for sub in order.iter().filter_map(|i| goal.subgoals.get(*i)) {
        if sub.status == Status::Dropped {
            parts.push(format!("{}) {}", sub.id, sub.status.word(lang)));
            continue;
        }
        let found: Vec<String> = sub.explanation.iter().map(said).filter(|s| !s.is_empty()).collect();
        parts.push(format!("{}) {}, {}", sub.id, join(found.into_iter(), "og", "and", lang), sub.status.word(lang)));
    }
    // Sentences start with a capital; a sub-goal's letter stays as it is.
    let mut out = parts.join("; ");
    if !goal.explanation.is_empty() {
        out = capitalise(&out);
    }
    let verdict = match &goal.overridden {
        Some(o) => t(
            lang,
            &format!(
                "efter reglerne {}, men departementet har vurderet det {}: {}",
                verdict(o.rule_status, lang),
                goal.status.word(lang),
                o.reason
            ),
            &format!(
                "by the rules {}, but the department assessed it {}: {}",
                verdict(o.rule_status, lang),
                goal.status.word(lang),
                o.reason
            ),
        ),
        None => match goal.awaiting {
            Some(a) => {
                let d = format_date(a.end, lang);
                let so_far = match a.now {
                    Status::Met => {
                        t(lang, "; tallene til nu opfylder kravet", "; the figures so far meet the requirement")
                    }
                    Status::NotMet | Status::PartlyMet => t(
                        lang,
                        "; tallene til nu opfylder ikke kravet",
                        "; the figures so far do not meet the requirement",
                    ),
                    _ => String::new(),
                };
                match goal.target_year {
                    Some(y) => t(
                        lang,
                        &format!("målet gælder {y} og tæller ikke i årets målopfyldelse; det afventer en indberetning pr. {d}{so_far}"),
                        &format!("the goal is for {y} and out of this year's score; it waits for a report as of {d}{so_far}"),
                    ),
                    None => t(
                        lang,
                        &format!("målet opgøres ultimo og afventer en indberetning pr. {d}{so_far}"),
                        &format!("the goal is measured at the period's end and waits for a report as of {d}{so_far}"),
                    ),
                }
            }
            None => verdict(goal.status, lang),
        },
    };
    // Milestones with points: how many of them were earned.
    let verdict = match ast_goal.and_then(|g| earned(g, goal)) {
        Some((got, of)) if goal.overridden.is_none() && goal.status != Status::Pending => {
            let (got, of) = (format_quantity(got, Dim::Plain, lang), points(of, lang));
            t(lang, &format!("{verdict} ({got} af {of})"), &format!("{verdict} ({got} of {of})"))
        }
        _ => verdict,
    };
    if out.is_empty() {
        out = capitalise(&verdict);
    } else {
        out.push_str(&format!("; {verdict}"));
    }
    out.push('.');
    // While it is pending: what it still needs.
    let needs = needs_phrase(goal, &|n| need_words(n, v), lang);
    if goal.status == Status::Pending && !needs.is_empty() {
        out.push_str(&t(lang, " Mangler: ", " Needed: "));
        out.push_str(&needs);
        out.push('.');
    }
    out
}

/// "5 point", "1 point", "2,5 point" (English "points").
fn points(value: rust_decimal::Decimal, lang: Lang) -> String {
    let n = format_quantity(value, Dim::Plain, lang);
    let one = value == rust_decimal::Decimal::ONE;
    t(lang, &format!("{n} point"), &format!("{n} {}", if one { "point" } else { "points" }))
}

/// For a goal whose sub-goals carry points (milestones): the points of the
/// sub-goals met and of those not dropped.
fn earned(ast_goal: &ast::Goal, goal: &GoalResult) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    let weights: Vec<(&str, rust_decimal::Decimal)> = ast_goal
        .stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Subgoal { name, weight: Some(w), .. } => Some((name.value.as_str(), w.value)),
            _ => None,
        })
        .collect();
    if weights.is_empty() {
        return None;
    }
    let (mut got, mut of) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
    for sub in goal.subgoals.iter().filter(|s| s.status != Status::Dropped) {
        let w = weights.iter().find(|(n, _)| *n == sub.id).map_or(rust_decimal::Decimal::ZERO, |(_, w)| *w);
        of = of.saturating_add(w);
        if sub.status == Status::Met {
            got = got.saturating_add(w);
        }
    }
    Some((got, of))
}

/// A draft of the analysis the Finance Ministry's guidance asks for, for a
/// goal not met (or met only by the department's assessment): what was
/// required, what was achieved, by how much it was missed, and the override
/// with its reason. `None` for a goal that needs none.
pub fn analysis(required: &str, achieved: &str, goal: &GoalResult, v: Voice<'_>) -> Option<String> {
    let lang = v.lang;
    let unmet = matches!(goal.status, Status::NotMet | Status::PartlyMet | Status::Error);
    let overridden = goal.overridden.as_ref().is_some_and(|o| o.rule_status != goal.status);
    if !unmet && !overridden {
        return None;
    }
    let mut out = t(
        lang,
        &format!("Krævet resultat: {}. Opnået resultat: {achieved}", trim_stop(required)),
        &format!("Result required: {}. Result achieved: {achieved}", trim_stop(required)),
    );
    let missed = |n: &Need| {
        let w = n.windows.first()?;
        let fact = v.fact_key(&n.fact);
        let w = w.text(lang);
        Some(t(lang, &format!("{fact} have været {w}"), &format!("{fact} would have had to be {w}")))
    };
    let list = needs_phrase(goal, &missed, lang);
    if !list.is_empty() {
        out.push_str(&t(lang, &format!(" For at nå målet skulle {list}."), &format!(" To meet the goal, {list}.")));
    }
    if unmet
        && goal
            .explanation
            .iter()
            .chain(goal.subgoals.iter().flat_map(|s| &s.explanation))
            .any(|l| l.truth == Truth::Error)
    {
        out.push_str(&t(
            lang,
            " En regel kunne ikke beregnes; se fejlen under tabellen.",
            " A rule could not be computed; see the error below the table.",
        ));
    }
    out.push_str(&t(
        lang,
        " [Institutionens forklaring på afvigelsen og hvad der gøres for at nå målet.]",
        " [The institution's explanation of the deviation and what is being done to meet the goal.]",
    ));
    Some(out)
}

/// Without a final full stop.
fn trim_stop(text: &str) -> &str {
    text.trim_end().trim_end_matches('.')
}
