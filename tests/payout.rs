//! The result-to-payout table (`udbetaling { 90 pct.: 100 pct.; … }`): the
//! share of a bonus a total pays, reported beside the total.

mod common;

const PLAN: &str = "plan \"Resultatplan 2026\" {\n  institution \"Styrelsen\"\n  periode 2026\n  scoring binær\n\
  udbetaling { fra 90 pct.: 100 pct.; 75 pct.: 75 pct.; 50 pct.: 50 pct. }\n}\n\
mål 1 \"A\": frist ultimo 2026; a >= 1;\nmål 2 \"B\": frist ultimo 2026; b >= 1;\n\
mål 3 \"C\": frist ultimo 2026; c >= 1;\nmål 4 \"D\": frist ultimo 2026; d >= 1;\n";

fn payout(facts: &str, per: &str) -> maal::Payout {
    let plan = common::plan(PLAN);
    plan.payout(&common::evaluate(&plan, facts, per)).expect("the plan has a table")
}

#[test]
fn the_highest_band_reached_pays_and_pending_goals_make_it_provisional() {
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    // 3 of 4: 75 pct. total, the 75 band.
    let p = payout("a = 1\nb = 1\nc = 1\nd = 0", "2027-01-15");
    assert_eq!((p.share, p.from, p.reachable), (d("75"), Some(d("75")), None));
    // All met: 100.
    assert_eq!(payout("a = 1\nb = 1\nc = 1\nd = 1", "2027-01-15").share, d("100"));
    // 1 of 4 after the deadline: below every band, nothing.
    let p = payout("a = 1\nb = 0\nc = 0\nd = 0", "2027-01-15");
    assert_eq!((p.share, p.from, p.reachable), (d("0"), None, None));
    // Mid-year, 2 met and 2 pending: 50 so far, 100 reachable.
    let p = payout("a = 1\nb = 1", "2026-06-30");
    assert_eq!((p.share, p.reachable), (d("50"), Some(d("100"))));
    // No table, no payout.
    let bare = common::plan("plan \"p\" { periode 2026 }\nmål 1: frist ultimo 2026; a >= 1;\n");
    assert!(bare.payout(&common::evaluate(&bare, "a = 1", "2027-01-15")).is_none());
}

#[test]
fn eval_and_the_annual_report_print_the_payout_beside_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let (p, f) = (dir.path().join("plan.maal"), dir.path().join("f.toml"));
    std::fs::write(&p, PLAN).unwrap();
    std::fs::write(&f, "a = 1\nb = 1\n").unwrap();
    let (code, out, err) =
        common::maal(&["eval", p.to_str().unwrap(), "--facts", f.to_str().unwrap(), "--per", "2026-06-30"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Udbetaling efter resultattabellen: foreløbig 50 pct. (målopfyldelse fra 50 pct.); højst 100 pct., hvis de udestående mål nås"), "{out}");
    let (code, out, err) = common::report(PLAN, "a = 1\nb = 1\nc = 1\nd = 0\n", "2027-01-15", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("**Samlet målopfyldelse: 75,00 pct. (3 af 4 mål opfyldt). Udbetaling efter resultattabellen: 75 pct. (målopfyldelse fra 75 pct.)**"), "{out}");
    let (_, en, _) = common::report(PLAN, "a = 1\nb = 1\nc = 1\nd = 0\n", "2027-01-15", &["--lang", "en"]);
    assert!(en.contains("Payout by the result table: 75 % (a total from 75 %)"), "{en}");
}

#[test]
fn a_table_that_is_not_percentages_or_pays_less_for_more_is_refused() {
    let header = |table: &str| {
        format!("plan \"p\" {{ periode 2026 udbetaling {{ {table} }} }}\nmål 1: frist ultimo 2026; a >= 1;\n")
    };
    for bad in [
        "90 pct.: 50 pct.; 75 pct.: 75 pct.",
        "120 pct.: 100 pct.",
        "90: 100 pct.",
        "90 pct.: 100 pct.; 90 pct.: 80 pct.",
    ] {
        assert_eq!(common::check(&header(bad)), Err(vec!["E0121".to_string()]), "{bad}");
    }
    assert!(common::check(&header("90 pct.: 100 pct.; 50 pct.: 50 pct.;")).is_ok());
}

#[test]
fn the_formatter_writes_the_table_on_one_line() {
    let (code, out, err) = common::maal(
        &["fmt", "-"],
        Some(&PLAN.replace("{ fra 90 pct.: 100 pct.;", "{\n    fra 90 pct. :  100 pct. ;\n")),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  udbetaling { 90 pct.: 100 pct.; 75 pct.: 75 pct.; 50 pct.: 50 pct. }\n"), "{out}");
}

/// A table a megabyte long (within the file limit) is checked by one sort,
/// not a pass per pair of rows (which took minutes at this size).
#[test]
fn a_table_a_megabyte_long_is_checked_in_one_pass() {
    let bands: Vec<String> = (0..60_000).map(|i| format!("{}.{:04} pct.: 1 pct.", i / 10_000, i % 10_000)).collect();
    let text = format!(
        "plan \"p\" {{ periode 2026 udbetaling {{ {} }} }}\nmål 1: frist ultimo 2026; a >= 1;\n",
        bands.join("; ")
    );
    assert!(text.len() > 1_000_000);
    let plan = maal::Plan::compile("p.maal", &text).unwrap_or_else(|e| panic!("{e}"));
    let p = plan.payout(&common::evaluate(&plan, "a = 1", "2027-01-15")).unwrap();
    assert_eq!(p.share, rust_decimal::Decimal::ONE);
    // One row out of order among them is found.
    let text = text.replacen("5.0000 pct.: 1 pct.", "5.0000 pct.: 0 pct.", 1);
    assert_eq!(common::check(&text), Err(vec!["E0121".to_string()]));
}
