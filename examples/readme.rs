//! The README's embedding example, exactly as the README writes it (between the
//! markers; `tests/embed.rs` keeps the two equal), so it is known to compile and run.
//! `cargo run --example readme`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // README begin
    let plan = maal::Plan::from_file("rules/cpr-2026.maal".as_ref(), &Default::default())?;
    let facts = maal::Facts::from_json(r#"{"realiseret": "42,9 mio", "grundbudget": "40,9 mio"}"#)?;
    let result = plan.evaluate(&facts, chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())?;
    println!("{} pct.", result.total.score); // Decimal, exact
    println!("{}", serde_json::to_string(&result)?); // the schema of `maal eval --format json`
    let needed = plan.required_facts(); // what the institution must report

    // README end
    assert!(needed.iter().any(|f| f.name == "realiseret"));
    Ok(())
}
