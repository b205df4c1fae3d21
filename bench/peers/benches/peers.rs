//! maal against zen-expression, cel and evalexpr, and a hand-written Decimal
//! baseline, all in one run. Phases: compile, hot evaluation, facts from
//! JSON, one-shot; and scale: a 10 000-goal plan, 1 000 institutions.
//!
//! Run: `cargo bench` here, then `cargo run --release --bin report` writes
//! `BENCHMARKS.md` at the repository root from criterion's estimates.

#[path = "engines.rs"]
mod engines;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engines::*;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

/// Hot evaluation: everything compiled and facts in place; only evaluation is timed.
fn hot(c: &mut Criterion) {
    for case in cases() {
        let mut group = c.benchmark_group(format!("hot_{}", case.name));
        let mut maal = MaalRun::new(&case);
        group.bench_function("maal", |b| b.iter(|| black_box(maal.run())));
        // The explaining evaluator (what `maal eval` prints), for contrast.
        let facts = maal::Facts::from_json(&maal_json(&case.facts)).expect("facts");
        let values = facts.validate(maal.plan.checked()).expect("facts fit");
        group.bench_function("maal_explained", |b| {
            b.iter(|| {
                let e = maal::eval::evaluate(maal.plan.program(), &facts, &values, case.as_of, maal::Lang::Da);
                black_box(e.total.score)
            })
        });
        let mut zen = ZenRun::new(&case);
        group.bench_function("zen", |b| b.iter(|| black_box(score(zen.run(), case.zen.len()))));
        let mut cel = CelRun::new(&case);
        group.bench_function("cel", |b| b.iter(|| black_box(score(cel.run(), case.cel.len()))));
        let mut evalexpr = EvalexprRun::new(&case);
        group.bench_function("evalexpr", |b| b.iter(|| black_box(score(evalexpr.run(), case.evalexpr.len()))));
        let mut baseline = BaselineRun::new(&case);
        group.bench_function("baseline", |b| b.iter(|| black_box(score(baseline.run(), case.zen.len()))));
        group.finish();
    }
}

/// Compile from source.
fn compile(c: &mut Criterion) {
    for case in cases().into_iter().filter(|c| ["design_card", "any10_last", "cpr_plan"].contains(&c.name)) {
        let mut group = c.benchmark_group(format!("compile_{}", case.name));
        group.bench_function("maal", |b| {
            b.iter(|| black_box(maal::Plan::compile("case.maal", black_box(&case.maal)).map(|p| p.goal_ids().len())))
        });
        group.bench_function("zen", |b| {
            b.iter(|| case.zen.iter().filter(|e| zen_expression::compile_expression(black_box(e)).is_ok()).count())
        });
        group.bench_function("cel", |b| {
            b.iter(|| case.cel.iter().filter(|e| cel::Program::compile(black_box(e)).is_ok()).count())
        });
        group.bench_function("evalexpr", |b| {
            b.iter(|| case.evalexpr.iter().filter(|e| evalexpr::build_operator_tree(black_box(e)).is_ok()).count())
        });
        group.finish();
    }
}

/// Building facts from JSON, ready to evaluate (maal also validates them against the plan).
fn facts_from_json(c: &mut Criterion) {
    let case = cases().into_iter().find(|c| c.name == "cpr_plan").expect("the CPR case");
    let mut group = c.benchmark_group("facts_cpr_plan");
    let maal = MaalRun::new(&case);
    let (maal_text, peer_text) = (maal_json(&case.facts), peer_json(&case.facts));
    group.bench_function("maal", |b| {
        b.iter(|| {
            let facts = maal::Facts::from_json(black_box(&maal_text)).expect("facts");
            black_box(maal.plan.bind(&facts).is_ok())
        })
    });
    group.bench_function("zen", |b| b.iter(|| black_box(zen_context(black_box(&peer_text)))));
    group.bench_function("cel", |b| b.iter(|| black_box(cel_context(black_box(&peer_text), &case.facts))));
    group.bench_function("evalexpr", |b| b.iter(|| black_box(evalexpr_context(black_box(&peer_text), &case.facts))));
    group.finish();
}

/// One shot: parse the rules, read the facts from JSON, evaluate once.
fn oneshot(c: &mut Criterion) {
    for case in cases().into_iter().filter(|c| ["design_card", "cpr_plan"].contains(&c.name)) {
        let mut group = c.benchmark_group(format!("oneshot_{}", case.name));
        let (maal_text, peer_text) = (maal_json(&case.facts), peer_json(&case.facts));
        group.bench_function("maal", |b| {
            b.iter(|| {
                let plan = maal::Plan::compile("case.maal", &case.maal).expect("compiles");
                let facts = maal::Facts::from_json(&maal_text).expect("facts");
                let bound = plan.bind(&facts).expect("fit");
                let mut out = maal::Outcome::default();
                plan.outcome_into(&bound, case.as_of, &mut out);
                black_box(out.total)
            })
        });
        group.bench_function("zen", |b| {
            b.iter(|| {
                let context = zen_context(&peer_text);
                let met = case
                    .zen
                    .iter()
                    .filter(|e| {
                        matches!(
                            zen_expression::evaluate_expression(e, context.clone()),
                            Ok(zen_expression::Variable::Bool(true))
                        )
                    })
                    .count();
                black_box(score(met, case.zen.len()))
            })
        });
        group.bench_function("cel", |b| {
            b.iter(|| {
                let context = cel_context(&peer_text, &case.facts);
                let met = case
                    .cel
                    .iter()
                    .filter(|e| {
                        cel::Program::compile(e)
                            .is_ok_and(|p| matches!(p.execute(&context), Ok(cel::Value::Bool(true))))
                    })
                    .count();
                black_box(score(met, case.cel.len()))
            })
        });
        group.bench_function("evalexpr", |b| {
            b.iter(|| {
                let context = evalexpr_context(&peer_text, &case.facts);
                let met = case
                    .evalexpr
                    .iter()
                    .filter(|e| evalexpr::eval_boolean_with_context(e, &context) == Ok(true))
                    .count();
                black_box(score(met, case.evalexpr.len()))
            })
        });
        group.finish();
    }
}

/// Scale: compile 10 000 goals; evaluate 1 000 institutions' plans on one core and on all.
fn scale(c: &mut Criterion) {
    let text = big_plan(10_000);
    let mut group = c.benchmark_group("scale_compile_10000_goals");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("maal", |b| {
        b.iter(|| black_box(maal::Plan::compile("big.maal", &text).map(|p| p.goal_ids().len())))
    });
    group.finish();

    let case = cases().into_iter().find(|c| c.name == "cpr_plan").expect("the CPR case");
    let mut runs: Vec<MaalRun> = (0..1000)
        .map(|i| {
            let mut case_i =
                Case { maal: case.maal.replace("CPR-administrationen", &format!("Styrelse {i}")), ..case.clone() };
            if let Some((_, Fact::Money(v))) = case_i.facts.iter_mut().find(|(n, _)| n == "realiseret") {
                *v += rust_decimal::Decimal::from(i * 5_000);
            }
            MaalRun::new(&case_i)
        })
        .collect();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut group = c.benchmark_group("scale_1000_plans");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("maal_one_core", |b| b.iter(|| runs.iter_mut().map(|r| r.run()).sum::<usize>()));
    group.bench_function(format!("maal_{threads}_cores"), |b| {
        b.iter(|| {
            let chunk = runs.len().div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = runs
                    .chunks_mut(chunk)
                    .map(|part| s.spawn(move || part.iter_mut().map(|r| r.run()).sum::<usize>()))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or_default()).sum::<usize>()
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = hot, compile, facts_from_json, oneshot, scale
}
criterion_main!(benches);
