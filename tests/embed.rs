//! The library's front door, as an embedding service uses it.

use std::sync::Arc;

use maal::{ErrorKind, Facts, Plan, Status};

fn cpr() -> Plan {
    Plan::from_file(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/cpr-2026.maal")),
        &Default::default(),
    )
    .unwrap()
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn facts_from_toml_json_and_code_evaluate_alike() {
    let plan = cpr();
    let toml =
        Facts::from_toml("realiseret = \"42,9 mio\"\ngrundbudget = \"40,9 mio\"\nstikprøvekontroller = 10").unwrap();
    let json = Facts::from_json(r#"{"realiseret": "42,9 mio", "grundbudget": "40,9 mio", "stikprøvekontroller": 10}"#)
        .unwrap();
    let mut code = Facts::default();
    code.insert_text("realiseret", "42,9 mio").unwrap();
    code.insert_text("grundbudget", "40.900.000 kr.").unwrap();
    code.insert_text("stikprøvekontroller", "10").unwrap();
    let as_of = date(2026, 6, 30);
    let results: Vec<_> = [toml, json, code].iter().map(|f| plan.evaluate(f, as_of).unwrap()).collect();
    for r in &results {
        let statuses: Vec<Status> = r.goals.iter().map(|g| g.status).collect();
        assert_eq!(statuses[1], Status::Met);
        assert_eq!(statuses[6], Status::Met);
        assert_eq!(statuses.iter().filter(|s| **s == Status::Pending).count(), 5);
        assert_eq!(serde_json::to_value(r).unwrap(), serde_json::to_value(&results[0]).unwrap());
    }
}

#[test]
fn one_plan_many_threads_same_answers() {
    let plan = Arc::new(cpr());
    let year_end =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let expected = plan.evaluate(&Facts::from_toml(&year_end).unwrap(), date(2027, 1, 15)).unwrap();
    let expected = serde_json::to_string(&expected).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let (plan, year_end, expected) = (Arc::clone(&plan), &year_end, &expected);
            scope.spawn(move || {
                for _ in 0..25 {
                    let facts = Facts::from_toml(year_end).unwrap();
                    let got = plan.evaluate(&facts, date(2027, 1, 15)).unwrap();
                    assert_eq!(&serde_json::to_string(&got).unwrap(), expected);
                }
            });
        }
    });
}

#[test]
fn errors_say_which_input_is_wrong_and_where() {
    let err = Plan::compile("p.maal", "plan \"x\" { periode 2026 }\nmål 1: a <= 1 mio og a > 2 pct;\n").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Rules);
    assert!(err.to_string().contains("p.maal:2:"), "{err}");

    let err = Facts::from_json("{\"a\": ").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Facts);
    assert!(err.render(maal::diag::Lang::En).contains("invalid JSON"), "{}", err.render(maal::diag::Lang::En));

    let err = Facts::default().insert_text("realiseret", "42,9 mia. mio").map(|_| ()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Facts);

    let plan = cpr();
    let facts = Facts::from_toml("realiseret = 2026-01-01").unwrap();
    let err = plan.evaluate(&facts, date(2027, 1, 15)).unwrap_err();
    assert_eq!((err.kind, err.diagnostics[0].code), (ErrorKind::Facts, "E0203"));
    assert!(err.to_string().contains("fakta.toml:1:1"), "{err}");

    let err = Plan::from_file(std::path::Path::new("no/such/plan.maal"), &Default::default()).unwrap_err();
    assert_eq!((err.kind, err.diagnostics[0].code), (ErrorKind::Io, "E0008"));
}

#[test]
fn year_indexed_facts_in_code() {
    let plan = Plan::compile("x.maal", "plan \"x\" { periode 2024 }\nmål 1.4: frafald[2024] < frafald[2023];").unwrap();
    let mut facts = Facts::default();
    facts.insert_text("frafald[2023]", "41").unwrap().insert_text("frafald[2024]", "35").unwrap();
    let result = plan.evaluate(&facts, date(2025, 1, 15)).unwrap();
    assert_eq!(result.goals[0].status, Status::Met);
}

#[test]
fn limits_are_the_embedders_to_set() {
    let limits = maal::syntax::Limits { max_goals: 2, ..Default::default() };
    let text = "plan \"x\" { periode 2026 }\nmål 1: a;\nmål 2: b;\nmål 3: c;";
    assert!(Plan::compile("x.maal", text).is_ok());
    let err = Plan::compile_with("x.maal", text, &limits).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Rules);
}

#[test]
fn written_facts_read_back_with_their_date_and_agreements() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap();
    let text = format!("{text}\n[[udgået]]\nmål = \"4\"\nbegrundelse = \"aftalt\"\n");
    let facts = Facts::from_toml(&text).unwrap();
    let again = Facts::from_toml(&maal::facts::to_toml(&facts)).unwrap();
    assert_eq!(again.as_of, Some(date(2027, 1, 15)));
    assert_eq!(again.values.len(), facts.values.len());
    assert_eq!(again.drops.len(), 1);
    let plan = cpr();
    let json = |f: &Facts| serde_json::to_value(plan.evaluate(f, date(2027, 1, 15)).unwrap()).unwrap();
    assert_eq!(json(&again), json(&facts));
}

#[test]
fn a_fact_file_is_read_by_its_extension_in_any_case() {
    let json = r#"{"grundbudget": "8,3 mio", "realiseret": "6,3 mio"}"#;
    for name in ["fakta.json", "FAKTA.JSON", "Fakta.Json"] {
        let facts = Facts::load(&maal::source::Source::new(name, json));
        assert!(facts.is_ok(), "{name} is JSON: {:?}", facts.err());
    }
    // The same text under a TOML name is TOML, and not valid as such.
    assert!(Facts::load(&maal::source::Source::new("fakta.toml", json)).is_err());
}

#[test]
fn the_readme_example_is_the_one_that_runs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let block =
        readme.split("```rust\n").nth(1).and_then(|b| b.split("```").next()).expect("a rust block in README.md");
    let example = std::fs::read_to_string(root.join("examples/readme.rs")).unwrap();
    let body = example.split("// README begin\n").nth(1).and_then(|b| b.split("    // README end").next()).unwrap();
    // Compared word by word: rustfmt closes up the README's aligned comments.
    let words = |text: &str| {
        text.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(words(block), words(body), "README.md's Rust example and examples/readme.rs differ");
}
