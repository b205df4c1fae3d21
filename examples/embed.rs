//! Embed maal: compile a plan once, build facts in code and from JSON,
//! evaluate as of a date, and read the result as Rust values or JSON.
//!
//! Run: `cargo run --example embed`

use maal::{Facts, Plan, Status};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The rules: here from the bundled CPR plan; any text works.
    let plan = Plan::from_file(std::path::Path::new("rules/cpr-2026.maal"), &Default::default())?;
    println!("{} — {} mål", plan.title(), plan.goal_ids().len());
    println!(
        "Skal indberettes: {}",
        plan.required_facts().iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
    );

    // Facts from JSON (as a reporting portal would post them)…
    let mut facts = Facts::from_json(
        r#"{ "grundbudget": "40,9 mio", "budget_uo2": "44,2 mio", "realiseret": "42,9 mio",
             "stikprøvekontroller": 10, "siem_løsning_udviklet": "2026-11-15" }"#,
    )?;
    // …and amended in code.
    facts.insert_text("minimumskrav_implementeret", "29")?;

    let half_year = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("date")?;
    let result = plan.evaluate(&facts, half_year)?;
    for goal in &result.goals {
        println!("mål {:<4} {}", goal.id, goal.status.word(maal::Lang::Da));
    }
    let met = result.goals.iter().filter(|g| g.status == Status::Met).count();
    let pct = |x| maal::render::format_score(x, maal::Lang::Da);
    println!(
        "{met} opfyldt; samlet {} pct., højst opnåelig {} pct.",
        pct(result.total.score),
        pct(result.total.max_reachable)
    );

    // The same result as `maal eval --format json` prints.
    let json = serde_json::to_string(&result)?;
    println!("JSON: {} bytes", json.len());

    // Bad facts are located errors, rendered like the compiler's.
    let mut wrong = Facts::default();
    wrong.insert_text("realisert", "42,9 mio")?;
    if let Err(e) = plan.evaluate(&wrong, half_year) {
        println!("{e}");
    }
    Ok(())
}
