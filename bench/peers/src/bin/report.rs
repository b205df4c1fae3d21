//! Writes `BENCHMARKS.md` at the repository root from criterion's estimates
//! of the last `cargo bench` run here: ratios of maal against each peer and
//! against the hand-written baseline, all measured in that one run.
//!
//! Run: `cargo bench && cargo run --release --bin report` (in `bench/peers`).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Median time in nanoseconds per benchmark, by (group, function).
type Times = BTreeMap<(String, String), f64>;

fn read_times(dir: &Path, times: &mut Times) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            read_times(&path, times);
            continue;
        }
        if path.file_name().is_some_and(|n| n == "benchmark.json") && path.parent().is_some_and(|p| p.ends_with("new"))
        {
            let json = |p: &Path| -> Option<serde_json::Value> {
                serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
            };
            let (Some(bench), Some(estimates)) = (json(&path), json(&path.with_file_name("estimates.json"))) else {
                continue;
            };
            let (Some(group), Some(function), Some(median)) = (
                bench["group_id"].as_str(),
                bench["function_id"].as_str(),
                estimates["median"]["point_estimate"].as_f64(),
            ) else {
                continue;
            };
            times.insert((group.to_string(), function.to_string()), median);
        }
    }
}

fn human(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

/// A ratio for a table cell: two decimals below 1 (maal slower), one above.
fn ratio_cell(ratio: f64) -> String {
    if ratio < 1.0 {
        format!("{ratio:.2}×")
    } else {
        format!("{ratio:.1}×")
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores; {rustc}")
}

fn main() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut times = Times::new();
    read_times(&here.join("target/criterion"), &mut times);
    if times.is_empty() {
        eprintln!("no criterion results under {}: run `cargo bench` first", here.join("target/criterion").display());
        std::process::exit(1);
    }
    let t = |g: &str, f: &str| times.get(&(g.to_string(), f.to_string())).copied();
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "maal against the rules engines people would otherwise pick — [zen-expression](https://crates.io/crates/zen-expression) (GoRules, Decimal), [cel](https://crates.io/crates/cel) (cel-rust) and [evalexpr](https://crates.io/crates/evalexpr) — and a hand-written Rust baseline over `rust_decimal::Decimal`, all measured in one run. Ratios are medians divided by medians; above 1 means maal is faster.\n"
    );
    let _ = writeln!(md, "- Command: `cd bench/peers && cargo bench && cargo run --release --bin report`");
    let _ = writeln!(md, "- Machine: {}", machine());
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let _ = writeln!(md, "- Code: maal at commit `{commit}` (the report is written from the last `cargo bench` run)");
    let _ = writeln!(
        md,
        "- The same goals in every engine: `bench/peers/benches/engines.rs`; `cargo test` there asserts every engine gives the same answer on every case (and on flipped facts) before anything is timed.\n"
    );

    // Targets.
    let _ = writeln!(md, "## Targets (hot evaluation of the 10-comparison goal, `any10_last`)\n");
    let _ = writeln!(md, "| target | measured | met |\n|---|---|---|");
    let maal10 = t("hot_any10_last", "maal");
    let mut target = |name: &str, value: Option<f64>, unit: &str, ok: &dyn Fn(f64) -> bool| {
        let (text, met) = match value {
            Some(v) => (format!("{v:.1}{unit}"), if ok(v) { "yes" } else { "**no**" }),
            None => ("not measured".into(), "**no**"),
        };
        let _ = writeln!(md, "| {name} | {text} | {met} |");
    };
    let ratio = |peer: &str| Some(t("hot_any10_last", peer)? / maal10?);
    target("≥ 4× faster than zen-expression", ratio("zen"), "×", &|v| v >= 4.0);
    target("≥ 10× faster than cel", ratio("cel"), "×", &|v| v >= 10.0);
    target("≥ 10× faster than evalexpr", ratio("evalexpr"), "×", &|v| v >= 10.0);
    target(
        "within 3× of the hand-written Decimal baseline (maal ÷ baseline)",
        maal10.zip(t("hot_any10_last", "baseline")).map(|(m, b)| m / b),
        "×",
        &|v| v <= 3.0,
    );
    let big = here.join("target/criterion/scale_compile_10000_goals");
    let big_bytes = std::fs::read_to_string(big.join("maal/new/benchmark.json"))
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v["throughput"]["Bytes"].as_f64());
    let compile_mbs = t("scale_compile_10000_goals", "maal").zip(big_bytes).map(|(ns, bytes)| bytes / (ns / 1e9) / 1e6);
    target("compile ≥ 10 MB/s of rule source (10 000 goals)", compile_mbs, " MB/s", &|v| v >= 10.0);
    let _ = writeln!(md, "\nNo allocation per evaluation in the hot path: asserted by `tests/alloc.rs` (a counting global allocator over 1 000 evaluations of each seed plan and the 10-comparison goal).\n");

    // Hot evaluation.
    let cases = [
        ("design_card", "`|budget_uo2 - realiseret| <= 1.0 mio`"),
        ("any10_first", "any of 10 comparisons, first holds (early exit)"),
        ("any10_last", "any of 10 comparisons, last holds (no early exit)"),
        ("all10", "all of 10 comparisons hold (no early exit)"),
        ("relative_pct", "`|budget - realiseret| / |budget| <= 5 pct.`"),
        ("deadline", "delivery date `senest ultimo Q2 2024`"),
        ("cpr_plan", "the whole CPR plan (7 goals) + total score"),
    ];
    let _ = writeln!(md, "## Hot evaluation (compiled once, facts in place)\n");
    let _ = writeln!(md, "`maal` is the trace-free path (`Plan::outcome_into`: statuses, scores, exact total); `maal explained` is `maal eval`'s evaluator, which also builds every explanation (facts read, values, margins) as text.\n");
    let _ = writeln!(
        md,
        "| case | maal | maal explained | zen | cel | evalexpr | baseline | zen ÷ maal | cel ÷ maal | evalexpr ÷ maal | maal ÷ baseline |\n|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for (case, about) in cases {
        let g = format!("hot_{case}");
        let cell = |f: &str| t(&g, f).map(human).unwrap_or_else(|| "–".into());
        let r = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| ratio_cell(a / b)).unwrap_or_else(|| "–".into());
        let m = t(&g, "maal");
        let _ = writeln!(
            md,
            "| {about} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell("maal"),
            cell("maal_explained"),
            cell("zen"),
            cell("cel"),
            cell("evalexpr"),
            cell("baseline"),
            r(t(&g, "zen"), m),
            r(t(&g, "cel"), m),
            r(t(&g, "evalexpr"), m),
            r(m, t(&g, "baseline")),
        );
    }

    // Other phases.
    let phase = |md: &mut String, title: &str, groups: &[(&str, &str)], note: &str| {
        let _ = writeln!(md, "\n## {title}\n\n{note}\n");
        let _ = writeln!(md, "| case | maal | zen | cel | evalexpr | zen ÷ maal | cel ÷ maal | evalexpr ÷ maal |\n|---|---|---|---|---|---|---|---|");
        for (group, about) in groups {
            let cell = |f: &str| t(group, f).map(human).unwrap_or_else(|| "–".into());
            let m = t(group, "maal");
            let r = |f: &str| t(group, f).zip(m).map(|(a, b)| ratio_cell(a / b)).unwrap_or_else(|| "–".into());
            let _ = writeln!(
                md,
                "| {about} | {} | {} | {} | {} | {} | {} | {} |",
                cell("maal"),
                cell("zen"),
                cell("cel"),
                cell("evalexpr"),
                r("zen"),
                r("cel"),
                r("evalexpr")
            );
        }
    };
    phase(
        &mut md,
        "Compile from source",
        &[("compile_design_card", "design card line"), ("compile_any10_last", "10 comparisons"), ("compile_cpr_plan", "CPR plan (7 goals)")],
        "maal parses, checks (names, kinds, units; lints) and compiles a whole plan with its metadata; the peers parse one expression per goal.",
    );
    phase(
        &mut md,
        "Facts from JSON",
        &[("facts_cpr_plan", "CPR year-end facts (13)")],
        "maal reads Danish value forms (`\"42,9 mio. kr.\"`) and validates every fact against the plan (names, kinds, units) before binding; the peers convert plain JSON into their context.",
    );
    phase(
        &mut md,
        "One shot (parse + facts + evaluate)",
        &[("oneshot_design_card", "design card line"), ("oneshot_cpr_plan", "CPR plan (7 goals)")],
        "Everything from text each time, as a CLI call or an uncached service would.",
    );

    // Scale.
    let _ = writeln!(md, "\n## Scale\n");
    if let Some(ns) = t("scale_compile_10000_goals", "maal") {
        let _ = writeln!(
            md,
            "- Compile a generated plan of 10 000 goals ({:.2} MB): {:.1} ms, {:.1} MB/s.",
            big_bytes.unwrap_or(0.0) / 1e6,
            ns / 1e6,
            compile_mbs.unwrap_or(0.0)
        );
    }
    for ((group, function), ns) in &times {
        if group == "scale_1000_plans" {
            let _ = writeln!(
                md,
                "- Evaluate 1 000 institutions' plans (CPR shape, 7 goals each), `{function}`: {:.2} ms, {:.0} plans/s.",
                ns / 1e6,
                1000.0 / (ns / 1e9)
            );
        }
    }
    let _ = writeln!(
        md,
        "\n## Notes\n\n- Translations use each engine's natural types: zen computes in Decimal; cel and evalexpr have no decimal type, so money is an `f64` there. `tests/agree.rs::exactness_at_the_limit_separates_decimal_from_float` shows the cost: `|8,3 mio - 6,3 mio| <= 2,0 mio` is met in maal, zen and the baseline and not met in cel and evalexpr.\n- maal does more per evaluation than the peers: it decides pending vs failed against each goal's deadline and the as-of date, applies drops and overrides, and computes the exact total; the peers' glue only counts true expressions and divides.\n- maal compares decimals of equal scale by mantissa (`value::cmp_decimal`), which is why it can beat a baseline that calls `Decimal::cmp`.\n- The peers are dev-dependencies of the unpublished `bench/peers` crate; the shipped `maal` binary never links them (evalexpr 11 is MIT; later versions are AGPL).\n- Every engine is built as maal ships: fat LTO and one codegen unit (`[profile.release]` in `bench/peers/Cargo.toml` and in maal's own manifest).\n- The 10 000-goal compile is `Plan::compile` from text to a plan ready to evaluate (parse, check, lints, compile) and dropping it again; `maal eval --timings` shows the stages for any plan.\n- Medians from criterion with 20 samples of 2 s per benchmark on a small, shared machine: expect ±10 % between runs; ratios within one run are what to compare."
    );
    let out = here.join("../../BENCHMARKS.md");
    // Sections written by hand (before-and-after measurements of one change,
    // Python) follow the generated part and are kept as they are.
    if let Ok(old) = std::fs::read_to_string(&out) {
        if let Some(at) = old.find("\n## Before and after") {
            md.push_str(&old[at..]);
        }
    }
    match std::fs::write(&out, md) {
        Ok(()) => println!("wrote {}", out.display()),
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            std::process::exit(1);
        }
    }
}
