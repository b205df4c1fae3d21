//! `faktum x "…"`: the plan's own words for a fact, as people meet them —
//! the checker's warnings, the formatter, the annual report before and after
//! the period's end (Danish and English), `maal eval --explain`, the facts
//! template and the front door's list of required facts.

mod common;

const PLAN: &str = r#"plan "Resultatplan 2019" { institution "Ankestyrelsen" periode 2019 afrapportering halvårlig }
faktum sbt_kommunale "gennemsnitlig sagsbehandlingstid for kommunale sager"
# Navne og forkortelser beholder deres store bogstaver.
faktum sbt_udk "gennemsnitlig sagsbehandlingstid for sager fra Udbetaling Danmark"
mål 1 "Kommunale sager":
  frist ultimo 2019;
  opgøres ultimo;
  sbt_kommunale <= 17 uger;
mål 2 "Sager fra Udbetaling Danmark i 2022":
  målår 2022;
  opgøres ultimo;
  sbt_udk[2022] <= 10 uger;
faktum mitid_andel "andel sager oprettet med MitID"
mål 3 "Digitale sager":
  frist ultimo 2019;
  opgøres ultimo;
  mitid_andel >= 80 pct.;
"#;

#[test]
fn the_checker_warns_of_a_label_no_rule_reads_and_refuses_two_for_one_fact() {
    let typo = "plan \"x\" { periode 2026 }\nfaktum sagsbehandlingstd \"sagsbehandlingstid\"\nmål 1: frist ultimo 2026; opgøres ultimo; sagsbehandlingstid <= 17 uger;\n";
    assert_eq!(common::check(typo).unwrap(), ["W0111"]);
    let (code, _, err) = common::maal(&["check", "-"], Some(typo));
    assert_eq!(code, 0, "a warning does not fail the check: {err}");
    assert!(err.contains("ingen regel læser faktum `sagsbehandlingstd`"), "{err}");
    assert!(err.contains("mente du `sagsbehandlingstid`?"), "{err}");
    assert!(err.contains(":2:8"), "located on the name: {err}");

    let twice = "plan \"x\" { periode 2026 }\nfaktum sbt \"a\"\nfaktum sbt \"b\"\nmål 1: frist ultimo 2026; opgøres ultimo; sbt <= 17 uger;\n";
    assert_eq!(common::check(twice).unwrap_err(), ["E0122"]);
    let (code, _, err) = common::maal(&["check", "-"], Some(twice));
    assert_eq!(code, 1);
    assert!(err.contains("faktum `sbt` har to betegnelser") && err.contains(":3:8"), "{err}");
    assert!(err.contains("første betegnelse"), "points at the first: {err}");

    // A label is no statement inside a goal: a goal ends before it, with or without `;`.
    let after = "plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; x >= 1\nfaktum x \"antal\"\nmål 2: frist ultimo 2026; y >= 1;\n";
    assert_eq!(common::check(after).unwrap(), Vec::<String>::new());
}

#[test]
fn the_formatter_keeps_labels_where_they_were_written() {
    let (code, once, err) = common::maal(&["fmt", "-"], Some(PLAN));
    assert_eq!(code, 0, "{err}");
    assert!(
        once.contains("\nfaktum sbt_kommunale \"gennemsnitlig sagsbehandlingstid for kommunale sager\"\n"),
        "{once}"
    );
    let (before_goal_3, _) = once.split_once("mål 3").unwrap();
    assert!(before_goal_3.contains("faktum mitid_andel"), "the label stays between goals 2 and 3:\n{once}");
    assert!(once.contains("# Navne og forkortelser beholder deres store bogstaver.\nfaktum sbt_udk"), "{once}");
    let (_, twice, _) = common::maal(&["fmt", "-"], Some(&once));
    assert_eq!(once, twice, "formatting is idempotent");
    // English keyword in, Danish out.
    let (_, english, _) = common::maal(
        &["fmt", "-"],
        Some("plan \"x\" { periode 2026 }\nfact x \"antal\"\ngoal 1: deadline 2026-12-31; x >= 1;\n"),
    );
    assert!(english.contains("faktum x \"antal\""), "{english}");
}

#[test]
fn the_annual_report_says_the_labels_before_and_after_the_period_end() {
    // Mid-year: pending, what is still needed said in the plan's words.
    let mid = "opgjort = 2019-06-30\nsbt_kommunale = \"16,4 uger\"\nmitid_andel = \"78 pct.\"\n";
    let (code, out, err) = common::report(PLAN, mid, "2019-06-30", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("gennemsnitlig sagsbehandlingstid for kommunale sager højst 17 uger (frist 31. december 2019)"),
        "{out}"
    );
    assert!(out.contains("Mangler: andel sager oprettet med MitID mindst 80 pct."), "{out}");
    assert!(
        !out.contains("sbt_") && !out.contains("sbt kommunale") && !out.contains("mitid andel"),
        "no names:\n{out}"
    );
    // The year-end report decides; the later year's target reads "i 2022".
    let end = "opgjort = 2019-12-31\nsbt_kommunale = \"17,4 uger\"\nmitid_andel = \"81 pct.\"\n";
    let (_, out, _) = common::report(PLAN, end, "2019-12-31", &[]);
    assert!(
        out.contains("Gennemsnitlig sagsbehandlingstid for kommunale sager blev 17,4 uger (krav: højst 17 uger); målet er ikke opfyldt."),
        "{out}"
    );
    assert!(
        out.contains(
            "For at nå målet skulle gennemsnitlig sagsbehandlingstid for kommunale sager have været højst 17 uger"
        ),
        "{out}"
    );
    assert!(
        out.contains("gennemsnitlig sagsbehandlingstid for sager fra Udbetaling Danmark i 2022 højst 10 uger"),
        "{out}"
    );
    assert!(out.contains("Andel sager oprettet med MitID blev 81 pct."), "the acronym keeps its case:\n{out}");
    let (_, english, _) = common::report(PLAN, end, "2019-12-31", &["--lang", "en"]);
    assert!(english.contains("Udbetaling Danmark in 2022"), "{english}");
}

#[test]
fn explain_shows_the_label_beside_the_name_and_needs_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (p, f) = (dir.path().join("plan.maal"), dir.path().join("fakta.toml"));
    std::fs::write(&p, PLAN).unwrap();
    std::fs::write(&f, "sbt_kommunale = \"18 uger\"\nmitid_andel = \"81 pct.\"\n").unwrap();
    let (code, out, err) = common::maal(
        &["eval", p.to_str().unwrap(), "--facts", f.to_str().unwrap(), "--per", "2019-06-30", "--explain"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sbt_kommunale = 18 uger  (gennemsnitlig sagsbehandlingstid for kommunale sager)"), "{out}");
    assert!(
        out.contains(
            "sbt_kommunale (gennemsnitlig sagsbehandlingstid for kommunale sager): højst 17 uger (1 uge mindre)"
        ),
        "{out}"
    );
}

#[test]
fn the_facts_template_and_the_required_facts_carry_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plan.maal");
    std::fs::write(&p, PLAN).unwrap();
    let (code, toml, err) = common::maal(&["facts", p.to_str().unwrap(), "--format", "toml"], None);
    assert_eq!(code, 0, "{err}");
    assert!(toml.contains("# gennemsnitlig sagsbehandlingstid for kommunale sager: en varighed"), "{toml}");
    let plan = common::plan(PLAN);
    let facts = plan.required_facts();
    let udk = facts.iter().find(|f| f.name == "sbt_udk").unwrap();
    assert_eq!(udk.label.as_deref(), Some("gennemsnitlig sagsbehandlingstid for sager fra Udbetaling Danmark"));
    let json = serde_json::to_value(udk).unwrap();
    assert_eq!(json["label"], "gennemsnitlig sagsbehandlingstid for sager fra Udbetaling Danmark");
}

/// `løbende` (English `running`) declares a running total, with or without words.
#[test]
fn a_running_total_is_declared_on_the_faktum_line() {
    let text = "plan \"x\" { periode 2026 }\nfact tilsyn running\nfaktum realiseret \"realiseret resultat\" løbende\n\
        mål 1: frist ultimo 2026; tilsyn >= 100 og realiseret <= 2 mio;\n";
    assert_eq!(common::check(text).unwrap(), Vec::<String>::new());
    let plan = common::plan(text);
    let running: Vec<&String> = plan.checked().running.iter().collect();
    assert_eq!(running, ["realiseret", "tilsyn"]);
    assert_eq!(plan.checked().labels.get("tilsyn"), None, "no words given");
    let (code, out, err) = common::maal(&["fmt", "-"], Some(text));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("faktum tilsyn løbende\nfaktum realiseret \"realiseret resultat\" løbende\n"), "{out}");
    // `faktum` with a name and nothing after it: a located error saying what is expected.
    let (code, _, err) = common::maal(&["check", "-"], Some("plan \"x\" { periode 2026 }\nfaktum tilsyn\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("forventede `løbende` eller en tekst i anførselstegn"), "{err}");
}
