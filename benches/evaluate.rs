//! Evaluation cost, against a hand-written Rust baseline measured in the same run.
//! Run: `cargo bench --bench evaluate`. Compare the medians as ratios.

use chrono::NaiveDate;
use maal::diag::Lang;
use maal::facts::Facts;
use maal::source::Source;
use rust_decimal::Decimal;

fn main() {
    divan::main();
}

const PLAN: &str = include_str!("../rules/cpr-2026.maal");
const FACTS: &str = include_str!("../examples/facts/cpr-2026-år.toml");

fn setup() -> (maal::eval::compile::Program, Facts, maal::facts::FactValues) {
    let source = Source::new("cpr-2026.maal", PLAN);
    let checked = maal::check_source(&source).expect("the seed plan checks");
    let facts = Facts::load(&Source::new("f.toml", FACTS)).expect("the example facts load");
    let values = facts.validate(&checked).expect("the example facts fit");
    (maal::eval::compile::compile(&checked, &source), facts, values)
}

/// The whole CPR plan (7 goals, explanations included), compiled once.
#[divan::bench]
fn maal_whole_plan(bencher: divan::Bencher) {
    let (program, facts, values) = setup();
    let as_of = NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date");
    bencher.bench_local(|| maal::eval::evaluate(&program, &facts, &values, as_of, Lang::Da).total.score);
}

/// Goal 7 alone (the same work as the baseline, plus explanations and scoring).
#[divan::bench]
fn maal_goal7_only(bencher: divan::Bencher) {
    let text = "plan \"x\" { periode 2026 }\nmål 7: frist ultimo 2026;\n  delmål a: |grundbudget - realiseret| <= 2,0 mio;\n  delmål b: |budget_uo2 - realiseret| <= 1,0 mio;\n  mål: any(a, b);\n";
    let source = Source::new("goal7.maal", text);
    let checked = maal::check_source(&source).expect("goal 7 checks");
    let facts = Facts::load(&Source::new(
        "f.toml",
        "grundbudget = \"40,9 mio\"\nbudget_uo2 = \"44,2 mio\"\nrealiseret = \"42,9 mio\"",
    ))
    .expect("facts load");
    let values = facts.validate(&checked).expect("facts fit");
    let program = maal::eval::compile::compile(&checked, &source);
    let as_of = NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date");
    bencher.bench_local(|| maal::eval::evaluate(&program, &facts, &values, as_of, Lang::Da).total.score);
}

/// Parse, check and compile the CPR plan from source.
#[divan::bench]
fn maal_compile_plan() -> usize {
    let source = Source::new("cpr-2026.maal", divan::black_box(PLAN));
    let checked = maal::check_source(&source).expect("the seed plan checks");
    maal::eval::compile::compile(&checked, &source).goals.len()
}

/// Baseline: goal 7 (any of two absolute deviations) written by hand over Decimal.
#[divan::bench]
fn baseline_goal7_by_hand(bencher: divan::Bencher) {
    let million = Decimal::from(1_000_000);
    let (grund, uo2, real) =
        (Decimal::new(409, 1) * million, Decimal::new(442, 1) * million, Decimal::new(429, 1) * million);
    bencher.bench_local(|| {
        let (g, u, r) = divan::black_box((grund, uo2, real));
        (g - r).abs() <= Decimal::TWO * million || (u - r).abs() <= million
    });
}
