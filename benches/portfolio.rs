//! A ministry's portfolio at scale: 200 institutions × 4 quarterly reports ×
//! 10 goals, read, evaluated and rendered (`maal portefølje`), against reading
//! the same files alone in the same run. Run: `cargo bench --bench portfolio`.
//! The generated portfolio stays in `target/bench-portfolio/` for measuring
//! memory with the binary (see BENCHMARKS.md).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use maal::diag::Lang;

fn main() {
    divan::main();
}

const INSTITUTIONS: usize = 200;

/// One institution's plan: ten goals of the kinds the real plans use.
fn plan(i: usize) -> String {
    format!(
        r#"plan "Resultatplan 2026 for Institution {i}" {{
  institution "Institution {i}"
  periode 2026
  afrapportering kvartalsvis senest 14 kalenderdage efter
}}
sektion "Kerneopgaver"
mål 1 "Tilsyn": frist ultimo 2026; tilsyn >= 400;
mål 2 "Sagsbehandling": frist ultimo 2026; sagsbehandlingstid <= 30;
mål 3 "Tilfredshed": frist ultimo 2026; tilfredshed >= 80 pct.;
mål 4 "Rettidighed": frist ultimo 2026; rettidige >= 95 pct.;
mål 5 "Initiativer": frist ultimo 2026; initiativer in 1..3;
mål 6 "Vejledning": vejledning_udsendt senest udgangen af Q3 2026;
mål 7 "Rapport": rapport_afleveret i 4. kvartal 2026;
sektion "Sikker drift"
mål 8 "Retvisende budgettering":
  frist ultimo 2026;
  delmål a "Grundbudget": |grundbudget - realiseret| <= 2,0 mio;
  delmål b "Udgiftsopfølgning 2": |budget_uo2 - realiseret| <= 1,0 mio;
  mål: any(a, b);
mål 9 "Relativ afvigelse": frist ultimo 2026; |budget_uo2 - realiseret| / |budget_uo2| <= 2 pct.;
mål 10 "Intern kontrol": frist ultimo 2026; kontrol_dokumenteret;
"#
    )
}

/// Report `q` (1–4) of institution `i`: the facts move through the year.
fn report(i: usize, q: usize) -> String {
    let dates = ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"];
    let k = (i % 7) as i64;
    let mut out = format!("opgjort = {}\n", dates[q - 1]);
    out.push_str(&format!("tilsyn = {}\n", 90 * q as i64 + 5 * k));
    out.push_str(&format!("sagsbehandlingstid = {}\n", 40 - 3 * q as i64 + k));
    out.push_str(&format!("tilfredshed = \"{} pct.\"\n", 76 + q as i64 + k % 3));
    out.push_str(&format!("rettidige = \"{} pct.\"\n", 94 + k % 4));
    out.push_str(&format!("initiativer = {}\n", 1 + (q as i64 + k) % 4));
    if q >= 3 {
        out.push_str(&format!("vejledning_udsendt = 2026-09-{:02}\n", 1 + k * 4));
    }
    if q == 4 {
        out.push_str("rapport_afleveret = 2026-12-10\nkontrol_dokumenteret = true\n");
    }
    out.push_str(&format!("grundbudget = \"{} mio\"\n", 300 + i));
    out.push_str(&format!("budget_uo2 = \"{} mio\"\n", 301 + i));
    out.push_str(&format!("realiseret = \"{},{} mio\"\n", 300 + i, q as i64 * (k + 1)));
    out
}

/// Writes the portfolio (once) and returns its directory.
fn portfolio() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-portfolio");
    if dir.join(format!("institution-{:03}", INSTITUTIONS - 1)).join("2026-q4.toml").exists() {
        return dir;
    }
    for i in 0..INSTITUTIONS {
        let folder = dir.join(format!("institution-{i:03}"));
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::write(folder.join("plan.maal"), plan(i)).expect("the plan");
        for q in 1..=4 {
            std::fs::write(folder.join(format!("2026-q{q}.toml")), report(i, q)).expect("a report");
        }
    }
    dir
}

fn per() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date")
}

/// Read, evaluate every report, work out attention and risk, and render the HTML page.
#[divan::bench(sample_count = 10)]
fn evaluate_and_render_html(bencher: divan::Bencher) {
    let dir = portfolio();
    bencher.bench(|| {
        let portfolio = maal::portfolio::load(&dir, per(), Lang::Da).expect("the portfolio loads");
        assert_eq!(portfolio.institutions.len(), INSTITUTIONS);
        assert!(!portfolio.has_problems());
        maal::portfolio::format::html(&portfolio, Lang::Da).len()
    });
}

/// The baseline in the same run: only reading the 1 000 files.
#[divan::bench(sample_count = 10)]
fn read_the_files_only(bencher: divan::Bencher) {
    let dir = portfolio();
    bencher.bench(|| {
        let mut bytes = 0;
        for entry in std::fs::read_dir(&dir).expect("the directory") {
            for file in std::fs::read_dir(entry.expect("a folder").path()).expect("a folder") {
                bytes += std::fs::read(file.expect("a file").path()).expect("a file").len();
            }
        }
        bytes
    });
}
