//! A what-if sweep: how the realised result moves goal 7 and the plan's
//! total, from 40 to 46 mio. kr. in steps of 250.000 kr.
//!
//! Run: `cargo run --example whatif`

use maal::Lang;
use maal::{Facts, Plan};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_file(std::path::Path::new("rules/cpr-2026.maal"), &Default::default())?;
    let base = Facts::from_toml(&std::fs::read_to_string("examples/facts/cpr-2026-år.toml")?)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).ok_or("date")?;
    println!("{:>16}  {:<14} {:>8}", "realiseret", "mål 7", "samlet");
    let mut previous = None;
    let mut amount = Decimal::from(40_000_000);
    while amount <= Decimal::from(46_000_000) {
        let mut facts = base.clone();
        facts.insert_text("realiseret", &format!("{amount} kr."))?;
        let result = plan.evaluate(&facts, as_of)?;
        let goal7 = result.goals.iter().find(|g| g.id == "7").ok_or("goal 7")?;
        let flip = if previous.is_some_and(|p| p != goal7.status) { "  ← skifter" } else { "" };
        println!(
            "{:>16}  {:<14} {:>8}{flip}",
            maal::render::format_quantity(amount, maal::measure::Dim::Money, Lang::Da),
            goal7.status.word(Lang::Da),
            maal::render::format_score(result.total.score, Lang::Da)
        );
        previous = Some(goal7.status);
        amount += Decimal::from(250_000);
    }
    Ok(())
}
