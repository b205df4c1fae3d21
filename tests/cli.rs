//! The real binary: exit codes, stdin, language.

mod common;
#[path = "common/server.rs"]
mod server;
use common::maal;

#[test]
fn seed_rules_are_clean() {
    let (code, _, err) = maal(&["check", "rules/cpr-2026.maal", "rules/digst-2024.maal"], None);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn errors_exit_one_in_danish_by_default() {
    let (code, _, err) = maal(&["check", "tests/check_errors/unknown_subgoal.maal"], None);
    assert_eq!(code, 1);
    assert!(err.contains("fejl[E0101]: ukendt delmål `c`"), "{err}");
    assert!(err.contains("mente du `b`?"), "{err}");
}

#[test]
fn english_with_lang_en() {
    let (code, _, err) = maal(&["--lang", "en", "check", "tests/check_errors/unknown_subgoal.maal"], None);
    assert_eq!(code, 1);
    assert!(err.contains("unknown sub-goal `c`"), "{err}");
}

#[test]
fn stdin_with_dash() {
    let (code, _, err) = maal(&["check", "-"], Some("plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; a >= 1;"));
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = maal(&["check", "-"], Some("plan \"x\" { periode 2026 }\nmål 1: a >= ;"));
    assert_eq!(code, 1);
    assert!(err.contains("<stdin>:2:"), "{err}");
}

#[test]
fn usage_and_io_errors_exit_two() {
    assert_eq!(maal(&["check", "does/not/exist.maal"], None).0, 2);
    assert_eq!(maal(&["frobnicate"], None).0, 2);
    assert_eq!(maal(&["check"], None).0, 2);
}

#[test]
fn eval_text_json_and_fail_under() {
    let args = ["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15"];
    let (code, out, err) = maal(&args, None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Samlet målopfyldelse: 85,71 pct. (6 af 7 mål opfyldt)"), "{out}");
    let (code, out, _) = maal(&[&args[..], &["--format", "json"]].concat(), None);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["schema_version"], 4);
    assert_eq!(json["goals"].as_array().unwrap().len(), 7);
    assert_eq!(json["total"]["counts"]["opfyldt"], 6);
    assert_eq!(maal(&[&args[..], &["--fail-under", "90"]].concat(), None).0, 1);
    assert_eq!(maal(&[&args[..], &["--fail-under", "85"]].concat(), None).0, 0);
}

#[test]
fn eval_bad_facts_exit_one_with_location() {
    let (code, _, err) = maal(
        &["eval", "rules/cpr-2026.maal", "--facts", "-", "--per", "2026-06-30"],
        Some("realiseret = 2026-01-01\n"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("E0203") && err.contains("<stdin>:1:1"), "{err}");
    // A name the plan does not use is a located warning with the closest name; the rest is evaluated.
    let (code, out, err) =
        maal(&["eval", "rules/cpr-2026.maal", "--facts", "-", "--per", "2026-06-30"], Some("realisert = \"1 mio\"\n"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("advarsel[W0201]: faktum `realisert` bruges ikke af planen") && err.contains("<stdin>:1:1"),
        "{err}"
    );
    assert!(err.contains("mente du `realiseret`?"), "{err}");
    assert!(out.contains("Samlet målopfyldelse"), "{out}");
    assert_eq!(maal(&["eval", "rules/cpr-2026.maal", "--facts", "nope.toml"], None).0, 2);
}

/// Runs `maal eval` on a seed plan with TOML facts on stdin and returns the JSON result.
fn eval_json(plan: &str, facts: &str, per: &str) -> serde_json::Value {
    let (code, out, err) = maal(&["eval", plan, "--facts", "-", "--per", per, "--format", "json"], Some(facts));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn goal_status<'a>(json: &'a serde_json::Value, id: &str) -> &'a str {
    json["goals"].as_array().unwrap().iter().find(|g| g["id"] == id).unwrap()["status"].as_str().unwrap()
}

fn total_2dp(json: &serde_json::Value) -> String {
    let score: rust_decimal::Decimal = json["total"]["score"].as_str().unwrap().parse().unwrap();
    format!("{:.2}", score.round_dp(2))
}

#[test]
fn binary_scenarios_on_the_seed_plans() {
    let year_end =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    // Any-of budget goal with exactly 2,0 mio. kr. deviation (40,9 vs 42,9): met. Goal 6 (27 of 29) fails: 6/7.
    let json = eval_json("rules/cpr-2026.maal", &year_end, "2027-01-15");
    assert_eq!(goal_status(&json, "7"), "met");
    assert_eq!(goal_status(&json, "6"), "not_met");
    assert_eq!(total_2dp(&json), "85.71");
    assert_eq!(json["total"]["max_reachable"], json["total"]["score"]);

    // Dropped goal 6: 6 of 6 = 100.
    let dropped = format!("{year_end}\n[[udgået]]\nmål = \"6\"\nbegrundelse = \"Aftalt\"\n");
    let json = eval_json("rules/cpr-2026.maal", &dropped, "2027-01-15");
    assert_eq!(goal_status(&json, "6"), "dropped");
    assert_eq!(total_2dp(&json), "100.00");

    // Override of goal 6: met, the rule's own status kept.
    let overridden =
        format!("{year_end}\n[[tilsidesættelse]]\nmål = \"6\"\nstatus = \"opfyldt\"\nbegrundelse = \"Departementschefens vurdering\"\n");
    let json = eval_json("rules/cpr-2026.maal", &overridden, "2027-01-15");
    let g6 = json["goals"].as_array().unwrap().iter().find(|g| g["id"] == "6").unwrap();
    assert_eq!((g6["status"].as_str(), g6["overridden"]["rule_status"].as_str()), (Some("met"), Some("not_met")));

    // Deadline not passed (mid-year, nothing reported): goal 1 pending; 0 met, 100 reachable.
    let json = eval_json("rules/cpr-2026.maal", "", "2026-06-30");
    assert_eq!(goal_status(&json, "1"), "pending");
    assert_eq!((total_2dp(&json).as_str(), json["total"]["max_reachable"].as_str()), ("0.00", Some("100")));
    // Deadline passed: not met.
    assert_eq!(goal_status(&eval_json("rules/cpr-2026.maal", "", "2027-01-15"), "1"), "not_met");

    // Relative deviation, 5 pct. (Digitaliseringsstyrelsen 3.1): 105 against 100 is exactly 5 pct.
    let rel = |r: &str| format!("grundbudget = \"100 mio\"\nbudget_uo2 = \"200 mio\"\nrealiseret = \"{r}\"\n");
    assert_eq!(goal_status(&eval_json("rules/digst-2024.maal", &rel("105 mio"), "2025-01-14"), "3.1"), "met");
    assert_eq!(goal_status(&eval_json("rules/digst-2024.maal", &rel("105,1 mio"), "2025-01-14"), "3.1"), "not_met");

    // Digitaliseringsstyrelsen year-end example: 11 of 12 (Borger.dk at 91,5 pct. misses 92) = 91.67.
    let digst =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/digst-2024-år.toml")).unwrap();
    let json = eval_json("rules/digst-2024.maal", &digst, "2025-01-14");
    assert_eq!(goal_status(&json, "1.2"), "not_met");
    assert_eq!(total_2dp(&json), "91.67");
}

#[test]
fn facts_lists_what_a_plan_needs() {
    let (code, out, _) = maal(&["facts", "rules/digst-2024.maal"], None);
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.starts_with("smv_frafald[2023, 2024]")
            && l.ends_with("mål 1.4  «frafald efter tilsagn i SMV:Digital»")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("tilfredshed_borgerdk") && l.contains("en procentsats (pct.)")), "{out}");
    let (_, json, _) = maal(&["facts", "rules/cpr-2026.maal", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["realiseret"]["kind"]["kind"], "number");
    assert_eq!(json["realiseret"]["kind"]["dim"], "money");
    assert_eq!(json["siem_løsning_udviklet"]["goals"][0], "1");
    // The fill-in template loads as it is: nothing reported, everything pending early in the year
    // (by 30 June the Q1 deadline of goal 1.3 has passed).
    let (_, template, _) = maal(&["facts", "rules/digst-2024.maal", "--format", "toml"], None);
    assert!(template.contains("smv_frafald = { 2023 = \"\", 2024 = \"\" }"), "{template}");
    let (code, out, err) =
        maal(&["eval", "rules/digst-2024.maal", "--facts", "-", "--per", "2024-06-30"], Some(&template));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(0 af 12 mål opfyldt); højst opnåelig: 91,67 pct."), "{out}");
    let (_, out, _) = maal(&["eval", "rules/digst-2024.maal", "--facts", "-", "--per", "2024-03-01"], Some(&template));
    assert!(out.contains("(0 af 12 mål opfyldt); højst opnåelig: 100,00 pct."), "{out}");
}

#[test]
fn eval_explain_shows_every_goal_tree() {
    let args = [
        "eval",
        "rules/cpr-2026.maal",
        "--facts",
        "examples/facts/cpr-2026-år.toml",
        "--per",
        "2027-01-15",
        "--explain",
    ];
    let (code, out, _) = maal(&args, None);
    assert_eq!(code, 0);
    assert_eq!(out.matches("\nmål ").count(), 7, "{out}");
    assert!(
        out.contains("    |grundbudget - realiseret| <= 2,0 mio. kr. → sand\n      grundbudget = 40,9 mio. kr."),
        "{out}"
    );
}

#[test]
fn rule_tests_pass_and_report() {
    let (code, out, _) = maal(&["test", "rules/", "-v"], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().filter(|l| l.starts_with("ok ")).count() >= 12, "{out}");
    assert!(out.trim_end().ends_with("15 bestået, 0 fejlet"), "{out}");
    let (_, out, _) = maal(&["--lang", "en", "test", "rules/"], None);
    assert!(out.trim_end().ends_with("15 passed, 0 failed"), "{out}");
}

#[test]
fn rule_test_failures_show_expected_actual_and_explanation() {
    let (code, out, _) = maal(&["test", "tests/authoring/failing.test.toml"], None);
    assert_eq!(code, 1);
    assert!(out.contains("FEJL  tests/authoring/failing.test.toml :: wrong expectation"), "{out}");
    assert!(out.contains("2: forventede `opfyldt`, fik `ikke opfyldt`"), "{out}");
    assert!(out.contains("total: forventede 100,00, fik 0,00"), "{out}");
    assert!(out.contains("stikprøvekontroller >= 10 → falsk") && out.contains("stikprøvekontroller = 9"), "{out}");
    assert!(out.trim_end().ends_with("1 bestået, 1 fejlet"), "{out}");
    let (code, xml, _) = maal(&["test", "tests/authoring/failing.test.toml", "--format", "junit"], None);
    assert_eq!(code, 1);
    assert!(xml.contains("<testsuites tests=\"2\" failures=\"1\">"), "{xml}");
    assert!(xml.contains("<testcase classname=\"tests/authoring/failing.test.toml\" name=\"passes\"/>"), "{xml}");
    assert!(xml.contains("<failure message=\"2: forventede `opfyldt`, fik `ikke opfyldt`; total"), "{xml}");
    assert_eq!(maal(&["test", "no/such/dir"], None).0, 2);
}

#[test]
fn fmt_check_diff_and_write() {
    let dir = std::env::temp_dir().join(format!("maal-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.maal");
    let path_str = path.to_str().unwrap();
    std::fs::write(&path, "plan \"x\"{periode 2026}\nmål 1:frist ultimo 2026;a>=1 # why\n").unwrap();
    let (code, out, _) = maal(&["fmt", "--check", path_str], None);
    assert_eq!((code, out.trim()), (1, path_str));
    let (code, out, _) = maal(&["fmt", "--diff", path_str], None);
    assert_eq!(code, 1);
    assert!(out.contains("-mål 1:frist ultimo 2026;a>=1 # why") && out.contains("+  a >= 1;  # why"), "{out}");
    assert_eq!(maal(&["fmt", path_str], None).0, 0);
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(formatted, "plan \"x\" {\n  periode 2026\n}\n\nmål 1:\n  frist ultimo 2026;\n  a >= 1;  # why\n");
    assert_eq!(maal(&["fmt", "--check", path_str], None).0, 0);
    assert_eq!(maal(&["fmt", "--check", "rules/cpr-2026.maal", "rules/digst-2024.maal"], None).0, 0);
    let (code, _, err) = maal(&["fmt", "tests/check_errors/syntax_missing_semicolon.maal"], None);
    assert_eq!(code, 1);
    assert!(err.contains("E0001"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn eval_timings_name_every_stage_on_stderr() {
    let args = ["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15"];
    let (code, out, err) = maal(&[&args[..], &["--timings"]].concat(), None);
    assert_eq!(code, 0);
    assert!(out.contains("Samlet målopfyldelse: 85,71 pct."), "{out}");
    let line = err.lines().find(|l| l.starts_with("tider (ms):")).expect(&err);
    for stage in ["læsning", "parse", "kontrol", "oversættelse", "fakta", "evaluering", "udskrift", "i alt"] {
        assert!(line.contains(stage), "{stage} missing: {line}");
    }
    let (_, _, err) = maal(&[&["--lang", "en"], &args[..], &["--timings", "--format", "json"]].concat(), None);
    assert!(err.contains("timings (ms): read ") && err.contains("; total "), "{err}");
}

/// Every command and the service read rule files the same way: a plan saved
/// with a decomposed `å` (as some editors on macOS write it) is NFC text to
/// `check`, `eval`, `test` and `serve` alike, and its fact `måling` matches the
/// facts and scenarios that spell it composed.
#[test]
fn one_load_path_for_rule_files() {
    let dir = tempfile::tempdir().unwrap();
    let decomposed = "ma\u{030A}ling";
    let plan = format!("plan \"NFD\" {{ periode 2026 }}\nmål 1 \"Måling\": frist ultimo 2026; {decomposed} >= 2;\n");
    std::fs::write(dir.path().join("nfd.maal"), plan).unwrap();
    std::fs::write(dir.path().join("fakta.toml"), "måling = 3\n").unwrap();
    std::fs::write(
        dir.path().join("nfd.test.toml"),
        "plan = \"nfd.maal\"\n[[scenarie]]\nper = 2027-01-01\n[scenarie.fakta]\nmåling = 3\n[scenarie.forventet]\n\"1\" = \"opfyldt\"\n",
    )
    .unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, _, err) = maal(&["check", &path("nfd.maal")], None);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, out, err) =
        maal(&["eval", &path("nfd.maal"), "--facts", &path("fakta.toml"), "--per", "2027-01-01"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 af 1 mål opfyldt"), "{out}");
    let (code, out, err) = maal(&["test", &path("nfd.test.toml")], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 bestået, 0 fejlet"), "{out}");
    let (code, out, _) = maal(&["facts", &path("nfd.maal")], None);
    assert_eq!(code, 0);
    assert!(out.contains("måling") && !out.contains(decomposed), "{out}");
    // The service's catalogue reads through the same path.
    let server = server::Server::start(&["--rules", dir.path().to_str().unwrap()]);
    let (status, facts) = server::get(&server::agent(), &format!("{}/v1/plans/nfd/facts", server.base));
    assert_eq!(status, 200);
    assert_eq!(facts["facts"][0]["name"], "måling");
}

#[test]
fn every_failure_maps_to_one_exit_code() {
    // Usage and I/O: exit 2 with one "fejl:" line, whichever command meets it.
    let dir = tempfile::tempdir().unwrap();
    let unwritable = dir.path().join("ingen-mappe").join("x.md");
    let unwritable = unwritable.to_str().unwrap();
    for args in [
        &["facts", "rules/cpr-2026.maal", "--format", "toml", "-o", unwritable][..],
        &["report", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "-o", unwritable],
        &["eval", "rules/cpr-2026.maal", "--facts", "ingen.toml"],
        &["fmt", "ingen.maal"],
    ] {
        let (code, _, err) = maal(args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("fejl: kan ikke "), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    // Located problems in the input: exit 1 with the diagnostic.
    let (code, _, err) =
        maal(&["report", "rules/cpr-2026.maal", "--facts", "tests/bad_facts/date_for_money.toml"], None);
    assert_eq!(code, 1);
    assert!(err.contains("fejl[E0203]"), "{err}");
    // A name the plan does not use: a warning, and the report still comes.
    let (code, out, err) =
        maal(&["report", "rules/cpr-2026.maal", "--facts", "tests/bad_facts/unknown_fact.toml"], None);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("advarsel[W0201]"), "{err}");
    assert!(out.contains("Samlet målopfyldelse"), "{out}");
    // A result that needs attention, already shown: exit 1 and nothing on stderr.
    let args = ["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--fail-under", "100"];
    let (code, out, err) = maal(&args, None);
    assert_eq!((code, err.as_str()), (1, ""));
    assert!(out.contains("Samlet målopfyldelse"));
}

/// Dates as Danish Excel, CSV and people write them: in facts (TOML strings, CSV cells),
/// `--per`, and the REPL's `per`; a wrong one is refused in Danish words with the forms.
#[test]
fn dates_as_danes_write_them() {
    let iso = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/facts/cpr-2026-år.toml"),
    )
    .unwrap();
    let danish = iso
        .replace("opgjort = 2027-01-15", "opgjort = \"15-01-2027\"")
        .replace("= 2026-11-15", "= \"15.11.2026\"")
        .replace("= 2026-12-10", "= \"10-12-2026\"")
        .replace("= 2026-08-28", "= \"28/08/2026\"");
    assert_ne!(iso, danish);
    let run = |facts: &str, per: &[&str]| {
        let mut args = vec!["eval", "rules/cpr-2026.maal", "--facts", "-", "--format", "json"];
        args.extend_from_slice(per);
        maal(&args, Some(facts))
    };
    let (code, expected, err) = run(&iso, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(&danish, &[]), (0, expected.clone(), String::new()), "the same result from Danish dates");
    assert_eq!(run(&iso, &["--per", "15-01-2027"]).1, expected, "--per day first");
    assert_eq!(run(&iso, &["--per", "15.01.2027"]).1, expected, "--per with dots");
    let (code, _, err) = run(&iso, &["--per", "15/13/2027"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("fejl: ugyldig værdi '15/13/2027'") && err.contains("skriv fx `2027-01-15`"), "{err}");
    assert!(err.contains("Se mere med '--help'.") && !err.contains("For more information"), "{err}");
    // A date fact written as a date that does not exist is a date error at its line.
    let (code, _, err) = run(&iso.replace("= 2026-12-10", "= \"31-02-2026\""), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("`31-02-2026` er ikke en gyldig dato"), "{err}");
    // The REPL.
    let out = common::session(
        "rules/cpr-2026.maal",
        "examples/facts/cpr-2026-år.toml",
        "2026-06-30",
        "per 31-12-2026\nper 31-13-2026\n",
    );
    assert!(out.contains("opgørelsesdato: 31. december 2026"), "{out}");
    assert!(out.contains("`31-13-2026` er ikke en dato; skriv fx"), "{out}");
}

/// clap's usage errors in Danish words by default, English with `--lang en`.
#[test]
fn usage_errors_speak_the_command_lines_language() {
    let (code, _, err) = maal(&["evl"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("fejl: ukendt kommando 'evl'") && err.contains("Brug: maal"), "{err}");
    let (code, _, err) = maal(&["eval"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("fejl: disse skal angives:"), "{err}");
    let (code, _, err) = maal(&["--lang", "en", "evl"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unrecognized subcommand 'evl'"), "{err}");
}

/// The TOML template has an `opgjort` line: left empty it is not given; filled in
/// (as Danes write dates) it is the date `maal eval` evaluates as of.
#[test]
fn the_template_asks_for_the_as_of_date() {
    let (code, template, err) = maal(&["facts", "rules/cpr-2026.maal", "--format", "toml"], None);
    assert_eq!(code, 0, "{err}");
    assert!(template.contains("\nopgjort = \"\"\n"), "{template}");
    let (code, out, err) =
        maal(&["eval", "rules/cpr-2026.maal", "--facts", "-", "--per", "2026-06-30"], Some(&template));
    assert_eq!(code, 0, "the untouched template loads: {err}");
    assert!(out.contains("(30. juni 2026)"), "{out}");
    let filled = template.replace("opgjort = \"\"", "opgjort = \"30-09-2026\"");
    let (code, out, err) = maal(&["eval", "rules/cpr-2026.maal", "--facts", "-"], Some(&filled));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(30. september 2026)"), "{out}");
}

/// Every problem in a facts file at once: a value that does not read does not
/// hide a name the plan does not use.
#[test]
fn a_bad_value_does_not_hide_an_unknown_name() {
    let (code, _, err) = maal(
        &["eval", "rules/cpr-2026.maal", "--facts", "-"],
        Some("realiseret = \"halvtreds\"\nrealisert = \"1 mio\"\n"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("fejl[E0204]: ugyldig værdi for `realiseret`"), "{err}");
    assert!(err.contains("advarsel[W0201]: faktum `realisert` bruges ikke af planen"), "{err}");
    assert!(err.contains("mente du `realiseret`?"), "{err}");
}
