//! The benchmark cases, each written for maal, zen-expression (GoRules),
//! cel (cel-rust) and evalexpr, plus a hand-written Rust baseline over Decimal.
//! Shared by `benches/peers.rs` and `tests/agree.rs` (which asserts every
//! engine gives the same answers before anything is timed).
//!
//! Translations use each engine's natural types: zen numbers are Decimal;
//! cel and evalexpr have no decimal type, so money is a float there (kroner),
//! counts are integers, and dates are ISO strings compared as text (zen: `d()`).

#![allow(dead_code)]

use chrono::NaiveDate;
use maal::{Bound, Outcome};
use maal::{Plan, Status};
use rust_decimal::Decimal;

/// A reported value.
#[derive(Clone, Copy, Debug)]
pub enum Fact {
    /// Kroner, exact.
    Money(Decimal),
    /// A count or level.
    Count(i64),
    /// A delivery date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
}

/// One benchmark case: the same goals in every engine's language.
#[derive(Clone)]
pub struct Case {
    /// Short name, used in benchmark ids.
    pub name: &'static str,
    /// What it measures.
    pub about: &'static str,
    /// The maal plan.
    pub maal: String,
    /// One expression per goal, per peer.
    pub zen: Vec<String>,
    pub cel: Vec<String>,
    pub evalexpr: Vec<String>,
    /// The facts.
    pub facts: Vec<(String, Fact)>,
    /// The as-of date for maal.
    pub as_of: NaiveDate,
    /// The hand-written baseline: goals met, over the facts in order.
    pub baseline: fn(&[Fact]) -> usize,
    /// The expected number of goals met.
    pub expected_met: usize,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn mio(tenths: i64) -> Decimal {
    Decimal::new(tenths, 1) * Decimal::from(1_000_000)
}

fn num(f: &Fact) -> Decimal {
    match f {
        Fact::Money(v) => *v,
        Fact::Count(n) => Decimal::from(*n),
        _ => Decimal::ZERO,
    }
}

fn date(f: &Fact) -> NaiveDate {
    match f {
        Fact::Date(d) => *d,
        _ => NaiveDate::MIN,
    }
}

fn yes(f: &Fact) -> bool {
    matches!(f, Fact::Bool(true))
}

const HEADER: &str = "plan \"Benchmark\" { institution \"X\" periode 2026 }\n";

/// `any` or `all` over ten counts `x1..x10 >= 10`.
fn ten(name: &'static str, about: &'static str, all: bool, values: [i64; 10], expected_met: usize) -> Case {
    let names: Vec<String> = (1..=10).map(|i| format!("x{i}")).collect();
    let parts: Vec<String> = names.iter().map(|n| format!("{n} >= 10")).collect();
    let (maal_comb, op) = if all { ("all", " && ") } else { ("any", " || ") };
    let (zen_op, evalexpr_op) = if all { (" and ", " && ") } else { (" or ", " || ") };
    Case {
        name,
        about,
        maal: format!("{HEADER}mål 1: {maal_comb}({});\n", parts.join(", ")),
        zen: vec![parts.join(zen_op)],
        cel: vec![parts.join(op)],
        evalexpr: vec![parts.join(evalexpr_op)],
        facts: names.into_iter().zip(values).map(|(n, v)| (n, Fact::Count(v))).collect(),
        as_of: d(2027, 1, 15),
        baseline: if all {
            |f| {
                let ten = Decimal::TEN;
                usize::from(f.iter().all(|x| num(x) >= ten))
            }
        } else {
            |f| {
                let ten = Decimal::TEN;
                usize::from(f.iter().any(|x| num(x) >= ten))
            }
        },
        expected_met,
    }
}

/// Every case, in report order.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "design_card",
            about: "`|budget_uo2 - realiseret| <= 1.0 mio` (the design card's line)",
            maal: format!("{HEADER}mål 7: |budget_uo2 - realiseret| <= 1.0 mio;\n"),
            zen: vec!["abs(budget_uo2 - realiseret) <= 1000000".into()],
            cel: vec!["(budget_uo2 - realiseret <= 1000000.0) && (realiseret - budget_uo2 <= 1000000.0)".into()],
            evalexpr: vec!["math::abs(budget_uo2 - realiseret) <= 1000000.0".into()],
            facts: vec![("budget_uo2".into(), Fact::Money(mio(442))), ("realiseret".into(), Fact::Money(mio(435)))],
            as_of: d(2027, 1, 15),
            baseline: |f| usize::from((num(&f[0]) - num(&f[1])).abs() <= Decimal::from(1_000_000)),
            expected_met: 1,
        },
        ten("any10_first", "any of 10 comparisons, the first holds (early exit)", false, [12, 5, 5, 5, 5, 5, 5, 5, 5, 5], 1),
        ten("any10_last", "any of 10 comparisons, only the last holds (no early exit)", false, [5, 5, 5, 5, 5, 5, 5, 5, 5, 12], 1),
        ten("all10", "all of 10 comparisons, all hold (no early exit)", true, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 1),
        Case {
            name: "relative_pct",
            about: "relative deviation `|budget - realiseret| / |budget| <= 5 pct.` (001 goal 3.1)",
            maal: format!("{HEADER}mål 3.1: |budget - realiseret| / |budget| <= 5 pct;\n"),
            zen: vec!["abs(budget - realiseret) / abs(budget) <= 0.05".into()],
            cel: vec!["(budget - realiseret) / budget <= 0.05 && (realiseret - budget) / budget <= 0.05".into()],
            evalexpr: vec!["math::abs(budget - realiseret) / math::abs(budget) <= 0.05".into()],
            facts: vec![("budget".into(), Fact::Money(mio(1000))), ("realiseret".into(), Fact::Money(mio(965)))],
            as_of: d(2027, 1, 15),
            baseline: |f| {
                let (b, r) = (num(&f[0]), num(&f[1]));
                usize::from((b - r).abs().checked_div(b.abs()).is_some_and(|x| x <= Decimal::new(5, 2)))
            },
            expected_met: 1,
        },
        Case {
            name: "deadline",
            about: "a delivery date against a deadline (`senest ultimo Q2 2024`, 001 goal 2.1a)",
            maal: "plan \"Benchmark\" { institution \"X\" periode 2024 }\nmål 2.1: adgang_etableret senest ultimo Q2 2024;\n"
                .into(),
            zen: vec!["d(adgang_etableret) <= d('2024-06-30')".into()],
            cel: vec!["adgang_etableret <= '2024-06-30'".into()],
            evalexpr: vec!["adgang_etableret <= \"2024-06-30\"".into()],
            facts: vec![("adgang_etableret".into(), Fact::Date(d(2024, 5, 15)))],
            as_of: d(2024, 7, 15),
            baseline: |f| usize::from(date(&f[0]) <= d(2024, 6, 30)),
            expected_met: 1,
        },
        cpr_plan(),
    ]
}

/// The CPR seed plan (000), 7 goals, against its year-end report.
fn cpr_plan() -> Case {
    let maal = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/cpr-2026.maal"))
        .expect("the CPR seed plan");
    let facts: Vec<(String, Fact)> = vec![
        ("siem_løsning_udviklet".into(), Fact::Date(d(2026, 11, 15))),
        ("stikprøvekontroller".into(), Fact::Count(10)),
        ("nær_realtid_etableret".into(), Fact::Date(d(2026, 12, 10))),
        ("compliance_initiativer".into(), Fact::Count(2)),
        ("compliance_initiativer_afleveret".into(), Fact::Date(d(2026, 8, 28))),
        ("bidrag_ffl27_dokumenteret".into(), Fact::Bool(true)),
        ("bidrag_ultimo_dokumenteret".into(), Fact::Date(d(2026, 12, 18))),
        ("ai_ideer_bidraget".into(), Fact::Count(3)),
        ("minimumskrav_implementeret".into(), Fact::Count(27)),
        ("minimumskrav_dokumenteret".into(), Fact::Date(d(2026, 12, 20))),
        ("grundbudget".into(), Fact::Money(mio(409))),
        ("budget_uo2".into(), Fact::Money(mio(442))),
        ("realiseret".into(), Fact::Money(mio(429))),
    ];
    let zen = [
        "d(siem_løsning_udviklet) <= d('2026-12-31')",
        "stikprøvekontroller >= 10",
        "d(nær_realtid_etableret) <= d('2026-12-31')",
        "compliance_initiativer >= 1 and compliance_initiativer <= 2 and d(compliance_initiativer_afleveret) >= d('2026-08-01') and d(compliance_initiativer_afleveret) <= d('2026-08-31')",
        "bidrag_ffl27_dokumenteret and d(bidrag_ultimo_dokumenteret) <= d('2026-12-31') and ai_ideer_bidraget >= 1",
        "minimumskrav_implementeret == 29 and d(minimumskrav_dokumenteret) <= d('2026-12-31')",
        "abs(grundbudget - realiseret) <= 2000000 or abs(budget_uo2 - realiseret) <= 1000000",
    ];
    let cel = [
        "siem_løsning_udviklet <= '2026-12-31'",
        "stikprøvekontroller >= 10",
        "nær_realtid_etableret <= '2026-12-31'",
        "compliance_initiativer >= 1 && compliance_initiativer <= 2 && compliance_initiativer_afleveret >= '2026-08-01' && compliance_initiativer_afleveret <= '2026-08-31'",
        "bidrag_ffl27_dokumenteret && bidrag_ultimo_dokumenteret <= '2026-12-31' && ai_ideer_bidraget >= 1",
        "minimumskrav_implementeret == 29 && minimumskrav_dokumenteret <= '2026-12-31'",
        "(grundbudget - realiseret <= 2000000.0 && realiseret - grundbudget <= 2000000.0) || (budget_uo2 - realiseret <= 1000000.0 && realiseret - budget_uo2 <= 1000000.0)",
    ];
    let evalexpr = [
        "siem_løsning_udviklet <= \"2026-12-31\"",
        "stikprøvekontroller >= 10",
        "nær_realtid_etableret <= \"2026-12-31\"",
        "compliance_initiativer >= 1 && compliance_initiativer <= 2 && compliance_initiativer_afleveret >= \"2026-08-01\" && compliance_initiativer_afleveret <= \"2026-08-31\"",
        "bidrag_ffl27_dokumenteret && bidrag_ultimo_dokumenteret <= \"2026-12-31\" && ai_ideer_bidraget >= 1",
        "minimumskrav_implementeret == 29 && minimumskrav_dokumenteret <= \"2026-12-31\"",
        "math::abs(grundbudget - realiseret) <= 2000000.0 || math::abs(budget_uo2 - realiseret) <= 1000000.0",
    ];
    Case {
        name: "cpr_plan",
        about: "the whole CPR plan (000): 7 goals, dates, counts, ranges, any(a, b) over money",
        maal,
        zen: zen.iter().map(|s| peer_name(s)).collect(),
        cel: cel.iter().map(|s| peer_name(s)).collect(),
        evalexpr: evalexpr.iter().map(|s| peer_name(s)).collect(),
        facts,
        as_of: d(2027, 1, 15),
        baseline: |f| {
            let end = d(2026, 12, 31);
            let million = Decimal::from(1_000_000);
            let goals = [
                date(&f[0]) <= end,
                num(&f[1]) >= Decimal::TEN,
                date(&f[2]) <= end,
                num(&f[3]) >= Decimal::ONE
                    && num(&f[3]) <= Decimal::TWO
                    && date(&f[4]) >= d(2026, 8, 1)
                    && date(&f[4]) <= d(2026, 8, 31),
                yes(&f[5]) && date(&f[6]) <= end && num(&f[7]) >= Decimal::ONE,
                num(&f[8]) == Decimal::from(29) && date(&f[9]) <= end,
                (num(&f[10]) - num(&f[12])).abs() <= Decimal::TWO * million
                    || (num(&f[11]) - num(&f[12])).abs() <= million,
            ];
            goals.iter().filter(|g| **g).count()
        },
        expected_met: 6,
    }
}

/// Names (and expressions) for the peers, whose identifiers are ASCII: æ → ae, ø → oe, å → aa.
pub fn peer_name(text: &str) -> String {
    text.replace('æ', "ae").replace('ø', "oe").replace('å', "aa")
}

/// The facts as a `.json` fact file for maal.
pub fn maal_json(facts: &[(String, Fact)]) -> String {
    let mut object = serde_json::Map::new();
    for (name, fact) in facts {
        let value = match fact {
            Fact::Money(v) => serde_json::Value::String(format!("{v} kr.")),
            Fact::Count(n) => serde_json::Value::from(*n),
            Fact::Date(d) => serde_json::Value::String(d.to_string()),
            Fact::Bool(b) => serde_json::Value::Bool(*b),
        };
        object.insert(name.clone(), value);
    }
    serde_json::Value::Object(object).to_string()
}

/// The facts as plain JSON, as a service would send them to a peer engine
/// (money in kroner as a number, dates as ISO text).
pub fn peer_json(facts: &[(String, Fact)]) -> String {
    let mut object = serde_json::Map::new();
    for (name, fact) in facts {
        let value = match fact {
            Fact::Money(v) => serde_json::from_str(&v.to_string()).expect("a JSON number"),
            Fact::Count(n) => serde_json::Value::from(*n),
            Fact::Date(d) => serde_json::Value::String(d.to_string()),
            Fact::Bool(b) => serde_json::Value::Bool(*b),
        };
        object.insert(peer_name(name), value);
    }
    serde_json::Value::Object(object).to_string()
}

/// maal, compiled, with facts bound.
pub struct MaalRun {
    pub plan: Plan,
    pub bound: Bound,
    pub out: Outcome,
    pub as_of: NaiveDate,
}

impl MaalRun {
    pub fn new(case: &Case) -> MaalRun {
        let plan = Plan::compile("case.maal", &case.maal).expect("the maal rules compile");
        let facts = maal::Facts::from_json(&maal_json(&case.facts)).expect("the facts load");
        let bound = plan.bind(&facts).expect("the facts fit");
        MaalRun { plan, bound, out: Outcome::default(), as_of: case.as_of }
    }

    /// Goals met (and the exact total, computed inside).
    pub fn run(&mut self) -> usize {
        self.plan.outcome_into(&self.bound, self.as_of, &mut self.out);
        self.out.statuses.iter().filter(|s| **s == Status::Met).count()
    }
}

/// The total score for `met` of `n` goals, as every peer's glue computes it.
pub fn score(met: usize, n: usize) -> Decimal {
    if met == n {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE_HUNDRED * Decimal::from(met) / Decimal::from(n)
    }
}

/// zen-expression: compiled expressions, a VM and a scope, reused.
pub struct ZenRun {
    pub exprs: Vec<zen_expression::Expression<zen_expression::expression::Standard>>,
    pub vm: zen_expression::vm::VM,
    pub scope: zen_expression::Scope,
}

/// Facts for zen from plain JSON.
pub fn zen_context(json: &str) -> zen_expression::Variable {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    zen_expression::Variable::from(value)
}

impl ZenRun {
    pub fn new(case: &Case) -> ZenRun {
        let exprs = case.zen.iter().map(|e| zen_expression::compile_expression(e).expect("zen compiles")).collect();
        let scope = zen_expression::Scope::new(zen_context(&peer_json(&case.facts)));
        ZenRun { exprs, vm: zen_expression::vm::VM::new(), scope }
    }

    pub fn run(&mut self) -> usize {
        let mut met = 0;
        for e in &self.exprs {
            if matches!(e.evaluate_with_scope(&self.scope, &mut self.vm), Ok(zen_expression::Variable::Bool(true))) {
                met += 1;
            }
        }
        met
    }
}

/// cel: compiled programs and a context, reused.
pub struct CelRun {
    pub programs: Vec<cel::Program>,
    pub context: cel::Context<'static, 'static>,
}

/// Facts for cel from plain JSON: numbers with a fraction or money are doubles, others ints.
pub fn cel_context(json: &str, facts: &[(String, Fact)]) -> cel::Context<'static, 'static> {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let mut context = cel::Context::default();
    let serde_json::Value::Object(object) = value else { return context };
    for (name, v) in object {
        let money = facts.iter().any(|(n, f)| peer_name(n) == name && matches!(f, Fact::Money(_)));
        let value: cel::Value = match v {
            serde_json::Value::Number(n) if money || n.as_i64().is_none() => {
                cel::Value::Float(n.to_string().parse().expect("a number"))
            }
            serde_json::Value::Number(n) => cel::Value::Int(n.as_i64().unwrap_or_default()),
            serde_json::Value::String(s) => cel::Value::String(std::sync::Arc::new(s)),
            serde_json::Value::Bool(b) => cel::Value::Bool(b),
            _ => cel::Value::Null,
        };
        context.add_variable_from_value(name, value);
    }
    context
}

impl CelRun {
    pub fn new(case: &Case) -> CelRun {
        let programs = case.cel.iter().map(|e| cel::Program::compile(e).expect("cel compiles")).collect();
        CelRun { programs, context: cel_context(&peer_json(&case.facts), &case.facts) }
    }

    pub fn run(&mut self) -> usize {
        self.programs.iter().filter(|p| matches!(p.execute(&self.context), Ok(cel::Value::Bool(true)))).count()
    }
}

/// evalexpr: operator trees and a context, reused.
pub struct EvalexprRun {
    pub trees: Vec<evalexpr::Node>,
    pub context: evalexpr::HashMapContext,
}

/// Facts for evalexpr from plain JSON: money as floats, counts as ints.
pub fn evalexpr_context(json: &str, facts: &[(String, Fact)]) -> evalexpr::HashMapContext {
    use evalexpr::ContextWithMutableVariables;
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let mut context = evalexpr::HashMapContext::new();
    let serde_json::Value::Object(object) = value else { return context };
    for (name, v) in object {
        let money = facts.iter().any(|(n, f)| peer_name(n) == name && matches!(f, Fact::Money(_)));
        let value = match v {
            serde_json::Value::Number(n) if money || n.as_i64().is_none() => {
                evalexpr::Value::Float(n.to_string().parse().expect("a number"))
            }
            serde_json::Value::Number(n) => evalexpr::Value::Int(n.as_i64().unwrap_or_default()),
            serde_json::Value::String(s) => evalexpr::Value::String(s),
            serde_json::Value::Bool(b) => evalexpr::Value::Boolean(b),
            _ => evalexpr::Value::Empty,
        };
        context.set_value(name, value).expect("a value");
    }
    context
}

impl EvalexprRun {
    pub fn new(case: &Case) -> EvalexprRun {
        let trees =
            case.evalexpr.iter().map(|e| evalexpr::build_operator_tree(e).expect("evalexpr compiles")).collect();
        EvalexprRun { trees, context: evalexpr_context(&peer_json(&case.facts), &case.facts) }
    }

    pub fn run(&mut self) -> usize {
        self.trees.iter().filter(|t| t.eval_boolean_with_context(&self.context) == Ok(true)).count()
    }
}

/// The hand-written baseline: the facts in order, and the case's function.
pub struct BaselineRun {
    pub facts: Vec<Fact>,
    pub f: fn(&[Fact]) -> usize,
}

impl BaselineRun {
    pub fn new(case: &Case) -> BaselineRun {
        BaselineRun { facts: case.facts.iter().map(|(_, f)| *f).collect(), f: case.baseline }
    }

    pub fn run(&mut self) -> usize {
        (self.f)(&self.facts)
    }
}

/// A generated plan of 10 000 goals in the shapes of the seed plans.
pub fn big_plan(goals: usize) -> String {
    let mut text = String::from(
        "plan \"Stor plan\" {\n  institution \"Generet\"\n  periode 2026\n  afrapportering kvartalsvis\n}\n",
    );
    for i in 1..=goals {
        let body = match i % 5 {
            0 => format!(
                "  delmål a \"Grundbudget\": |grundbudget_{i} - realiseret_{i}| <= 2,0 mio. kr.;\n  delmål b: |budget_uo2_{i} - realiseret_{i}| <= 1,0 mio. kr.;\n  mål: any(a, b);\n"
            ),
            1 => format!("  frist ultimo 2026;\n  stikprøvekontroller_{i} >= 10;\n"),
            2 => format!("  leverance_{i} senest ultimo Q2 2026;\n"),
            3 => format!("  |budget_{i} - forbrug_{i}| / |budget_{i}| <= 5 pct.;\n"),
            _ => format!("  tilfredshed_{i} >= 92 pct. og initiativer_{i} in 1..2;\n"),
        };
        text.push_str(&format!("\nmål {i} \"Mål nummer {i}\":\n  opgave drift;\n  måltype kvalitet;\n{body}"));
    }
    text
}
