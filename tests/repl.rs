//! Scripted REPL sessions, in-process through `Session::run_script` (what
//! `maal repl` runs when its input is piped; one test pipes into the real
//! binary, and `tests/terminal.rs` drives it on a terminal).

mod common;
use common::{maal, session};

const CPR: (&str, &str, &str) = ("rules/cpr-2026.maal", "examples/facts/cpr-2026-år.toml", "2027-01-15");
const DIGST: (&str, &str, &str) = ("rules/digst-2024.maal", "examples/facts/digst-2024-år.toml", "2025-01-14");

fn cpr(script: &str) -> String {
    session(CPR.0, CPR.1, CPR.2, script)
}

#[test]
fn shows_status_and_why() {
    let out = cpr("hvorfor 7\n");
    assert!(out.contains("Samlet målopfyldelse: 85,71 pct."), "{out}");
    assert!(out.contains("mål 7 Retvisende budgettering: opfyldt"), "{out}");
    assert!(out.contains("værdi: 2 mio. kr., grænse: <= 2 mio. kr., margin 0 kr."), "{out}");
    let out = cpr("hvorfor 77\n");
    assert!(out.contains("ukendt mål `77`; planens mål: 1, 2, 3, 4, 5, 6, 7"), "{out}");
}

#[test]
fn set_shows_flips_and_totals_and_undo_restores() {
    let out = cpr("realiseret = 43,1 mio\nfortryd\n");
    assert!(
        out.contains(
            "mål 7: opfyldt → ikke opfyldt\n  delmål 7a: opfyldt → ikke opfyldt\n  samlet: 85,71 → 71,43 pct."
        ),
        "{out}"
    );
    assert!(out.contains("mål 7: ikke opfyldt → opfyldt"), "{out}");
    let out = cpr("sæt stikprøvekontroller = 9\nfjern stikprøvekontroller\nnulstil\n");
    assert!(out.contains("samlet: 85,71 → 71,43 pct.\n  ingen mål skiftede status\n  samlet: 71,43 → 71,43 pct.\n  mål 2: ikke opfyldt → opfyldt"), "{out}");
}

#[test]
fn bad_input_is_located_and_the_session_goes_on() {
    let out = cpr("realisert = 3\nrealiseret = 2026-01-01\nfoo\nrealiseret = 43,1 mio\n");
    assert!(out.contains("error[E0202]: ukendt faktum `realisert`") && out.contains("mente du `realiseret`?"), "{out}");
    assert!(out.contains("error[E0203]"), "{out}");
    assert!(out.contains("ukendt kommando `foo`"), "{out}");
    // The earlier mistakes changed nothing: the next change starts from 85,71.
    assert!(out.contains("samlet: 85,71 → 71,43 pct."), "{out}");
}

#[test]
fn an_unknown_goal_lists_the_goals_or_names_the_one_meant() {
    let out = cpr("hvorfor 8\nhvorfor 7.\n");
    assert!(out.contains("ukendt mål `8`; planens mål: 1, 2, 3, 4, 5, 6, 7\n"), "{out}");
    assert!(out.contains("ukendt mål `7.`; mente du `7`?\n"), "{out}");
}

#[test]
fn as_of_date_changes_statuses() {
    let out = cpr("per 2026-06-30\nper 2026-13-01\n");
    assert!(out.contains("opgørelsesdato: 30. juni 2026") && out.contains("mål 1: opfyldt → afventer"), "{out}");
    assert!(out.contains("`2026-13-01` er ikke en dato"), "{out}");
}

#[test]
fn scenarios_save_switch_compare_and_write() {
    let path = std::env::temp_dir().join(format!("maal-repl-{}.toml", std::process::id()));
    let script = format!(
        "gem basis\nstikprøvekontroller = 9\ngem pessimistisk\nscenarier\nsammenlign basis pessimistisk\nskift basis\nskift pessimistisk\nskriv {}\n",
        path.display()
    );
    let out = cpr(&script);
    assert!(out.contains("gemt som `basis`") && out.contains("basis\npessimistisk\n"), "{out}");
    assert!(out.contains("2        opfyldt              ikke opfyldt         *"), "{out}");
    assert!(out.contains("samlet   85,71                71,43"), "{out}");
    assert!(out.contains("mål 2: ikke opfyldt → opfyldt") && out.contains("mål 2: opfyldt → ikke opfyldt"), "{out}");
    // The written scenario evaluates like the session.
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("\"stikprøvekontroller\" = 9"), "{written}");
    let (_, out, _) = maal(&["eval", CPR.0, "--facts", path.to_str().unwrap(), "--per", CPR.2], None);
    assert!(out.contains("Samlet målopfyldelse: 71,43 pct."));
    let _ = std::fs::remove_file(path);
}

#[test]
fn sweep_shows_total_per_step() {
    let out = cpr("fej realiseret 42 mio 44 mio 1 mio\n");
    assert!(out.contains("42 mio. kr.    85,71 pct.  (6 opfyldt)"), "{out}");
    assert!(out.contains("43 mio. kr.    71,43 pct.  (5 opfyldt)"), "{out}");
    assert!(out.contains("44 mio. kr.    85,71 pct.  (6 opfyldt)"), "{out}");
}

#[test]
fn help_lists_every_command() {
    let out = cpr("hjælp\n");
    for command in [
        "vis",
        "hvorfor",
        "fjern",
        "per",
        "gem",
        "skift",
        "sammenlign",
        "scenarier",
        "fortryd",
        "nulstil",
        "skriv",
        "margin",
        "fej",
        "afslut",
    ] {
        assert!(out.contains(&format!("  {command}")), "{command} missing from help:\n{out}");
    }
}

/// The margin line for `fact` going `dir` ("stige"/"falde"): (last value
/// keeping the status, first value flipping it), as fact-file text in kr.
fn breakpoint(out: &str, fact: &str, dir: &str) -> (String, String) {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{fact} kan {dir}")))
        .unwrap_or_else(|| panic!("{out}"));
    let to = line.split("(til ").nth(1).unwrap().split(')').next().unwrap();
    let at = line.split("; ved ").nth(1).unwrap().split(" bliver").next().unwrap();
    let kr = |s: &str| {
        let mio: rust_decimal::Decimal =
            s.trim_end_matches(" mio. kr.").replace('.', "").replace(',', ".").parse().unwrap();
        format!("{} kr", mio * rust_decimal::Decimal::from(1_000_000))
    };
    (kr(to), kr(at))
}

#[test]
fn margin_breakpoints_flip_the_goal_cpr() {
    let out = cpr("margin 7\n");
    assert!(
        out.contains(
            "realiseret kan stige 0 kr. (til 42,9 mio. kr.); ved 42,900001 mio. kr. bliver målet ikke opfyldt"
        ),
        "{out}"
    );
    assert!(out.contains("realiseret kan falde 4 mio. kr. (til 38,9 mio. kr.)"), "{out}");
    for dir in ["stige", "falde"] {
        let (keep, flip) = breakpoint(&out, "realiseret", dir);
        let applied = cpr(&format!("realiseret = {flip}\n"));
        assert!(applied.contains("mål 7: opfyldt → ikke opfyldt"), "{flip}: {applied}");
        let short = cpr(&format!("realiseret = {keep}\n"));
        assert!(!short.contains("mål 7: opfyldt"), "{keep}: {short}");
    }
}

#[test]
fn margin_breakpoints_flip_the_goal_digst() {
    let out = session(DIGST.0, DIGST.1, DIGST.2, "margin 3.1\n");
    // b: |530 - r| / 530 <= 5 pct. holds up to 556,5 mio. exactly.
    assert!(out.contains("realiseret kan stige 16,5 mio. kr. (til 556,5 mio. kr.)"), "{out}");
    let (keep, flip) = breakpoint(&out, "realiseret", "stige");
    let applied = session(DIGST.0, DIGST.1, DIGST.2, &format!("realiseret = {flip}\n"));
    assert!(applied.contains("mål 3.1: opfyldt → ikke opfyldt"), "{applied}");
    let short = session(DIGST.0, DIGST.1, DIGST.2, &format!("realiseret = {keep}\n"));
    assert!(short.contains("ingen mål skiftede status"), "{short}");
}

#[test]
fn ad_hoc_expressions() {
    let out = cpr("udtryk |grundbudget - realiseret|\nudtryk |grundbudget - realiseret| <= 1 mio\nudtryk realisert + 1\nudtryk realiseret + 5 pct\nudtryk (1 +\n");
    assert!(out.contains("\n2 mio. kr.\n"), "{out}");
    assert!(out.contains("falsk\n  |grundbudget - realiseret| <= 1 mio: 2 mio. kr., margin -1 mio. kr."), "{out}");
    assert!(out.contains("error[E0202]: ukendt faktum `realisert`"), "{out}");
    assert!(out.contains("error[E0211]: enhederne passer ikke sammen"), "{out}");
    assert!(out.contains("error[E0001]: syntaksfejl"), "{out}");
}

#[test]
fn english_session() {
    let args = ["--lang", "en", "repl", CPR.0, "--facts", CPR.1, "--per", CPR.2];
    let (_, out, _) = maal(&args, Some("realiseret = 43,1 mio\nhelp margin\n"));
    assert!(out.contains("goal 7: met → not met") && out.contains("total: 85.71 → 71.43 pct."), "{out}");
    assert!(out.contains("how far each fact can move"), "{out}");
}

#[test]
fn open_brackets_continue_on_the_next_line() {
    let out = cpr("udtryk (grundbudget\n - realiseret)\n");
    assert!(out.contains("\n-2 mio. kr.\n"), "{out}");
}

#[test]
fn show_and_quit() {
    let out = cpr("realiseret = 43,1 mio\nvis\nafslut\nrealiseret = 42,9 mio\n");
    // The table at the start and after `vis`, with the changed total; nothing after `afslut`.
    assert_eq!(out.matches("Samlet målopfyldelse:").count(), 2, "{out}");
    assert!(out.contains("Samlet målopfyldelse: 71,43 pct. (5 af 7 mål opfyldt)"), "{out}");
    assert!(!out.contains("samlet: 71,43 → 85,71"), "{out}");
}

#[test]
fn huge_values_do_not_break_margins_or_sweeps() {
    let out = cpr("realiseret = 7922816251426433759354395033 kr\nmargin 7\nfej realiseret -7922816251426433759354395033 kr 7922816251426433759354395033 kr 1 kr\nvis\n");
    assert!(out.contains("mål 7"), "{out}");
    assert!(out.contains("trinnet skal være positivt og give højst 1000 trin"), "{out}");
    assert!(out.contains("Samlet målopfyldelse"), "{out}");
}
