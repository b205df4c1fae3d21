//! Evaluate many institutions' plans in parallel: each plan is compiled once
//! and shared (`Plan: Send + Sync`) across threads that evaluate fact sets.
//!
//! Run: `cargo run --release --example parallel` (the institution count is the first argument).

use std::sync::Arc;

use maal::{Facts, Plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let institutions: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let template = std::fs::read_to_string("rules/cpr-2026.maal")?;
    let year_end = std::fs::read_to_string("examples/facts/cpr-2026-år.toml")?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).ok_or("date")?;

    // One plan per institution (the same goals under different names), and
    // year-end facts that differ: the realised result drifts from 40 to 46 mio. kr.
    let compile_start = std::time::Instant::now();
    let mut work = Vec::new();
    for i in 0..institutions {
        let text = template.replace("CPR-administrationen", &format!("Styrelse {i}"));
        let plan = Arc::new(Plan::compile(&format!("styrelse-{i}.maal"), &text)?);
        let mut facts = Facts::from_toml(&year_end)?;
        facts
            .insert_text("realiseret", &format!("{} kr.", 40_000_000 + (i as u64 * 6_000_000) / institutions as u64))?;
        work.push((plan, facts));
    }
    let compiled = compile_start.elapsed();

    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let start = std::time::Instant::now();
    let chunk = work.len().div_ceil(threads).max(1);
    let totals: Vec<rust_decimal::Decimal> = std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(plan, facts)| plan.evaluate(facts, as_of).map(|e| e.total.score).unwrap_or_default())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let elapsed = start.elapsed();
    let all_seven = totals.iter().filter(|t| **t == rust_decimal::Decimal::from(100)).count();
    let six = totals.iter().filter(|t| t.round_dp(2) == rust_decimal::Decimal::new(8571, 2)).count();
    println!("{institutions} plans compiled in {compiled:?}; evaluated on {threads} threads in {elapsed:?}");
    println!("{:.0} plans/s", institutions as f64 / elapsed.as_secs_f64().max(1e-9));
    println!("{six} institutions at 85,71 pct., {all_seven} at 100 pct., {} lower", totals.len() - six - all_seven);
    Ok(())
}
