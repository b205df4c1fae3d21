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
    assert!(out.contains("fejl[E0202]: ukendt faktum `realisert`") && out.contains("mente du `realiseret`?"), "{out}");
    assert!(out.contains("fejl[E0203]"), "{out}");
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
    assert!(out.contains("fejl[E0202]: ukendt faktum `realisert`"), "{out}");
    assert!(out.contains("fejl[E0211]: enhederne passer ikke sammen"), "{out}");
    assert!(out.contains("fejl[E0001]: syntaksfejl"), "{out}");
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

#[test]
fn margins_are_solved_exactly_and_find_far_narrow_windows() {
    let dir = tempfile::tempdir().unwrap();
    // A realised result of 7,9 × 10²⁷ kr.: goal 7 is met again only in a window
    // around 42,9 mio. kr., which the old search stepped over.
    let far = dir.path().join("far.toml");
    std::fs::write(
        &far,
        "grundbudget = \"41 mio\"\nbudget_uo2 = \"42,5 mio\"\nrealiseret = \"7900000000000000000000000000 kr.\"\n",
    )
    .unwrap();
    let out = session(CPR.0, far.to_str().unwrap(), CPR.2, "margin 7\n");
    let line = "realiseret kan falde 7.899.999.999.999.999.999.956,499999 mio. kr. (til 43,500001 mio. kr.); \
                ved 43,5 mio. kr. bliver målet opfyldt";
    assert!(out.contains(line), "{out}");
    // The relative deviations of the 2024 plan: the window for budget_uo2 far
    // below its value, and the first whole krone of the realised result.
    let out = session(DIGST.0, "examples/facts/digst-2024-q2.toml", "2024-12-31", "margin 3.1\n");
    assert!(out.contains("budget_uo2 kan falde 245,68421 mio. kr. (til 284,31579 mio. kr.)"), "{out}");
    assert!(out.contains("realiseret kan stige 216,679999 mio. kr. (til 486,779999 mio. kr.); ved 486,78 mio. kr. bliver målet opfyldt"), "{out}");
    // (The property test below reads these lines back.)
    assert_eq!(margin_lines(&out).len(), 3, "{out}");
}

/// For each "X kan stige/falde … (til LAST); ved FIRST bliver målet NEW" line
/// of `margin`: the fact, LAST and FIRST as values.
fn margin_lines(out: &str) -> Vec<(String, bool, rust_decimal::Decimal, rust_decimal::Decimal)> {
    out.lines()
        .filter_map(|line| {
            let line = line.trim();
            let (name, rest) = line.split_once(" kan ")?;
            let up = rest.starts_with("stige");
            let last = rest.split_once("(til ")?.1.split_once(");")?.0;
            let first = rest.split_once("; ved ")?.1.split_once(" bliver")?.0;
            let value = |t: &str| maal::value::parse_quantity(t).ok().map(|(v, _)| v);
            Some((name.to_string(), up, value(last)?, value(first)?))
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// The reported breakpoint flips the goal, and the last value before it
    /// (one krone away) does not: absolute deviations (CPR goal 7) and
    /// relative ones (the 2024 plan's goal 3.1), up and down, every fact.
    #[test]
    fn the_reported_breakpoint_flips_and_the_value_before_does_not(
        budget in 300u32..700, uo2 in 300u32..700, realised in 1u32..900, per_cpr in proptest::bool::ANY,
    ) {
        let (plan, goal, per) = if per_cpr {
            (common::plan(CPR.0), "7", "2026-06-30")
        } else {
            (common::plan(DIGST.0), "3.1", "2024-12-31")
        };
        let scale = if per_cpr { "t. kr." } else { "mio" };
        let facts = format!(
            "grundbudget = \"{budget} {scale}\"\nbudget_uo2 = \"{uo2} {scale}\"\nrealiseret = \"{realised} {scale}\"\n"
        );
        let status = |toml: &str| common::status(&plan, toml, per, goal);
        let before = status(&facts);
        let mut session = maal::repl::Session::new(&plan, common::facts(&facts), common::date(per), maal::diag::Lang::Da);
        let out = session.execute(&format!("margin {goal}"));
        let unit = rust_decimal::Decimal::from(if per_cpr { 1_000 } else { 1_000_000 });
        let now = |name: &str| rust_decimal::Decimal::from(match name {
            "grundbudget" => budget,
            "budget_uo2" => uo2,
            _ => realised,
        }) * unit;
        for (name, up, last, first) in margin_lines(&out) {
            let with = |v: rust_decimal::Decimal| {
                facts.lines().map(|l| if l.starts_with(&format!("{name} =")) { format!("{name} = \"{v} kr.\"") } else { l.to_string() })
                    .collect::<Vec<_>>().join("\n")
            };
            proptest::prop_assert_eq!(status(&with(last)), before, "{} at {}: {}", name, last, out);
            proptest::prop_assert_ne!(status(&with(first)), before, "{} at {}: {}", name, first, out);
            proptest::prop_assert_eq!((first - last).abs(), rust_decimal::Decimal::ONE, "{}", out);
            // The nearest change: when one krone past the value already changes, that is it.
            let next = if up { now(&name) + rust_decimal::Decimal::ONE } else { now(&name) - rust_decimal::Decimal::ONE };
            if status(&with(next)) != before {
                proptest::prop_assert_eq!(first, next, "{}", out);
            }
        }
    }
}

#[test]
fn needed_names_every_window_and_what_is_not_reported() {
    let out = cpr("realiseret = 43,1 mio\nmangler 7\nmangler 1\n");
    let line = "realiseret (realiseret resultat): mellem 43,2 mio. kr. og 45,2 mio. kr. (100.000 kr. mere, delmål b), \
                eller mellem 38,9 mio. kr. og 42,9 mio. kr. (200.000 kr. mindre, delmål a); nu 43,1 mio. kr.";
    assert!(out.contains(line), "{out}");
    assert!(
        out.contains(
            "budget_uo2 (budgetteret resultat i udgiftsopfølgning 2): mellem 42,1 mio. kr. og 44,1 mio. kr. (100.000 kr. mindre, delmål b); nu 44,2 mio. kr."
        ),
        "{out}"
    );
    assert!(out.contains("mål 1: opfyldt; intet mangler"), "{out}");
    let half = session(CPR.0, "examples/facts/cpr-2026-halvår.toml", "2026-06-30", "mangler 2\nmangler 1\nneeded 77\n");
    assert!(
        half.contains(
            "stikprøvekontroller (stikprøvekontroller af myndigheders kontrol med CPR): mindst 10 (6 mere); nu 4"
        ),
        "{half}"
    );
    assert!(half.contains("siem_løsning_udviklet (løsning for logoplysninger til SIEM-systemer udviklet): ikke indberettet; frist 31. december 2026"), "{half}");
    assert!(half.contains("ukendt mål `77`"), "{half}");
    // Each window's ends are met, and the values just outside are not.
    let plan = common::plan(CPR.0);
    let year_end =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let with = |v: &str| year_end.replace("realiseret = \"42,9 mio. kr.\"", &format!("realiseret = \"{v}\""));
    for (v, met) in [
        ("43,2 mio", true),
        ("45,2 mio", true),
        ("38,9 mio", true),
        ("42,9 mio", true),
        ("45200001 kr", false),
        ("38899999 kr", false),
    ] {
        assert_eq!(common::status(&plan, &with(v), CPR.2, "7") == maal::Status::Met, met, "{v}");
    }
}

#[test]
fn dates_have_margins_in_days_and_windows() {
    let out = cpr("margin 4\nsiem_løsning_udviklet = 2027-01-10\nmangler 1\n");
    assert!(out.contains("compliance_initiativer_afleveret kan rykkes 27 dage tidligere (til 1. august 2026); ved 31. juli 2026 bliver målet ikke opfyldt"), "{out}");
    assert!(out.contains("compliance_initiativer_afleveret kan rykkes 3 dage senere (til 31. august 2026); ved 1. september 2026 bliver målet ikke opfyldt"), "{out}");
    assert!(
        out.contains("siem_løsning_udviklet (løsning for logoplysninger til SIEM-systemer udviklet): senest 31. december 2026 (10 dage tidligere); nu 10. januar 2027"),
        "{out}"
    );
    // The days named are where the status changes.
    let plan = common::plan(CPR.0);
    let year_end =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let line = year_end.lines().find(|l| l.starts_with("compliance_initiativer_afleveret =")).unwrap().to_string();
    for (day, met) in [("2026-08-01", true), ("2026-07-31", false), ("2026-08-31", true), ("2026-09-01", false)] {
        let facts = year_end.replace(&line, &format!("compliance_initiativer_afleveret = {day}"));
        assert_eq!(common::status(&plan, &facts, CPR.2, "4") == maal::Status::Met, met, "{day}");
    }
}
