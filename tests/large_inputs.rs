//! Inputs up to every size limit, generated here (not committed), through
//! every way in: the CLI, the library on a 2 MiB thread, and the service.
//! Each ends in a located error or a correct result; nothing aborts or hangs.
//!
//! `cargo test` (a debug build) runs the 1 MB chains through the CLI and the
//! library; CI runs the whole set with `cargo test --release --test
//! large_inputs`, where a 16 MB source parses in about a second instead of
//! half a minute.

mod common;
#[path = "common/server.rs"]
mod server;

use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// The whole set, or (in a debug build) the part that is quick there.
const FULL: bool = !cfg!(debug_assertions);
const MB: usize = 1_000_000;
/// Just under the 16 MiB source limit.
const MB16: usize = 16 * 1024 * 1024 - 4096;
const HEADER: &str = "plan \"Stor\" { periode 2026 }\n";

/// What an input must end in.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Errors, the first with this code, at this line and column.
    Error(&'static str, usize, usize),
    /// A clean check (warnings allowed).
    Clean,
}

struct Case {
    name: String,
    source: String,
    expect: Expect,
}

/// `mål 1: <terms joined by op> …`, filling about `size` bytes.
fn chain(op: &str, size: usize) -> Case {
    let unit = format!("x {op} ");
    let terms = size / unit.len();
    let body = format!("{}x", unit.repeat(terms));
    let condition = if matches!(op, "og" | "eller") { body } else { format!("{body} >= 1") };
    Case {
        name: format!("chain `{op}` of {terms} terms"),
        source: format!("{HEADER}mål 1 \"Kæde\": {condition};\n"),
        expect: Expect::Error("E0002", 2, 15),
    }
}

fn prefix(word: &str, size: usize, then: &str) -> Case {
    Case {
        name: format!("prefix `{word}` × {}", size / word.len()),
        source: format!("{HEADER}mål 1 \"Præfiks\": {}{then};\n", word.repeat(size / word.len())),
        expect: Expect::Error("E0002", 2, 18),
    }
}

fn nested(open: &str, close: &str, size: usize) -> Case {
    let depth = size / 2;
    Case {
        name: format!("nesting `{open}…{close}` {depth} deep"),
        source: format!("{HEADER}mål 1 \"Dyb\": {}x{} >= 1;\n", open.repeat(depth), close.repeat(depth)),
        // The 65th opening is where the nesting limit (64) is passed.
        expect: Expect::Error("E0002", 2, 14 + 64),
    }
}

fn cases(size: usize) -> Vec<Case> {
    let mut cases: Vec<Case> = ["+", "-", "*", "/", "og", "eller"].iter().map(|op| chain(op, size)).collect();
    cases.push(prefix("ikke ", size, "x"));
    cases.push(prefix("-", size, "x >= 1"));
    cases.push(nested("(", ")", size));
    cases.push(nested("|", "|", size));
    cases
}

fn one_mb_words() -> Vec<Case> {
    vec![
        Case {
            name: "1 MB title".into(),
            source: format!("{HEADER}mål 1 \"{}\": frist ultimo 2026; x >= 1;\n", "T".repeat(MB)),
            expect: Expect::Clean,
        },
        Case {
            name: "1 MB identifier".into(),
            source: format!("{HEADER}mål 1 \"Navn\": frist ultimo 2026; {} >= 1;\n", "n".repeat(MB)),
            expect: Expect::Clean,
        },
        Case {
            name: "1 MB number".into(),
            source: format!("{HEADER}mål 1 \"Tal\": frist ultimo 2026; x >= {};\n", "9".repeat(MB)),
            expect: Expect::Error("E0006", 2, 38),
        },
    ]
}

fn many_goals(goals: usize) -> Case {
    let mut source = String::from(HEADER);
    for i in 1..=goals {
        source.push_str(&format!("mål {i} \"Mål {i}\": frist ultimo 2026; x{} >= {i};\n", i % 100));
    }
    // Past the limit, the first goal too many is pointed at (after the header line).
    let expect = if goals <= 100_000 { Expect::Clean } else { Expect::Error("E0003", goals + 1, 1) };
    Case { name: format!("{goals} goals"), source, expect }
}

/// `maal check FILE` on the release or debug binary this test was built with.
fn cli_check(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stor.maal");
    std::fs::write(&path, &case.source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["check", path.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let head: String = stderr.chars().take(300).collect();
    // A long line is shown as a window around the place, not whole.
    let widest = stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 500, "{}: a line of {widest} characters in the diagnostics", case.name);
    match case.expect {
        Expect::Error(code, line, column) => {
            assert_eq!(out.status.code(), Some(1), "{}: {head}", case.name);
            assert!(stderr.starts_with(&format!("fejl[{code}]")), "{}: {head}", case.name);
            assert!(stderr.contains(&format!("stor.maal:{line}:{column}")), "{}: {head}", case.name);
        }
        Expect::Clean => assert_eq!(out.status.code(), Some(0), "{}: {head}", case.name),
    }
}

/// The library on a thread with 2 MiB of stack (tokio's and the test
/// harness's size): compile, and where that succeeds, evaluate.
fn library(case: &Case) {
    let source = case.source.clone();
    let expect = case.expect;
    let name = case.name.clone();
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || match (maal::Plan::compile("stor.maal", &source), expect) {
            (Err(e), Expect::Error(code, line, column)) => {
                let first = &e.diagnostics[0];
                assert_eq!(first.code, code, "{name}");
                let span = first.span.expect("a place");
                let (l, c) = e.source.line_col(span.start);
                assert_eq!((l, c), (line, column), "{name}");
            }
            (Ok(plan), Expect::Clean) => {
                let facts = maal::Facts::from_json(r#"{"x": 5}"#).unwrap_or_default();
                let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
                // Facts that do not fit (a 1 MB identifier is not `x`) are a located error too.
                match plan.evaluate(&facts, as_of) {
                    Ok(result) => assert!(result.total.score >= rust_decimal::Decimal::ZERO),
                    Err(e) => assert!(!e.diagnostics.is_empty(), "{name}"),
                }
            }
            (other, _) => panic!("{name}: {:?}", other.map(|_| "compiled").map_err(|e| e.diagnostics[0].code)),
        })
        .unwrap();
    worker.join().expect("no stack overflow, no panic");
}

/// `POST /v1/check` and `/v1/evaluate` with the source inline.
fn service(server: &server::Server, case: &Case) {
    // As long as the server's own time limit (`server_for_large_bodies`).
    let agent = server::agent_waiting(120);
    let url = format!("{}/v1/check", server.base);
    let body = json!({"source": case.source, "name": "stor.maal"}).to_string();
    let (status, answer) = server::post(&agent, &url, "application/json", &body);
    assert_eq!(status, 200, "{}", case.name);
    match case.expect {
        Expect::Error(code, line, column) => {
            assert_eq!(answer["ok"], false, "{}", case.name);
            let first = &answer["diagnostics"][0];
            let place = (first["location"]["line"].as_u64(), first["location"]["column"].as_u64());
            assert_eq!(first["code"].as_str(), Some(code), "{}", case.name);
            assert_eq!(place, (Some(line as u64), Some(column as u64)), "{}", case.name);
        }
        Expect::Clean => assert_eq!(answer["ok"], true, "{}", case.name),
    }
    let url = format!("{}/v1/evaluate", server.base);
    let body = json!({"source": case.source, "facts": {"x": 5}, "as_of": "2027-01-15"}).to_string();
    let (status, answer) = server::post(&agent, &url, "application/json", &body);
    match case.expect {
        Expect::Error(code, ..) => {
            assert_eq!(status, 422, "{}", case.name);
            assert_eq!(answer["error"]["diagnostics"][0]["code"], code, "{}", case.name);
        }
        Expect::Clean => assert!(status == 200 || status == 422, "{}: {status} {answer}", case.name),
    }
}

fn server_for_large_bodies() -> server::Server {
    server::Server::start(&["--rules", "rules", "--max-body", "20000000", "--eval-timeout-ms", "120000"])
}

#[test]
fn one_megabyte_chains_end_in_a_located_error() {
    let all = cases(MB);
    let chosen: Vec<&Case> = if FULL { all.iter().collect() } else { all.iter().take(1).collect() };
    for case in &chosen {
        cli_check(case);
        library(case);
    }
    if FULL {
        let server = server_for_large_bodies();
        for case in &chosen {
            service(&server, case);
        }
        let (status, _) = server::get(&server::agent(), &format!("{}/healthz", server.base));
        assert_eq!(status, 200, "the service keeps answering");
    }
}

#[test]
fn sixteen_megabyte_sources_and_past_the_limit() {
    if !FULL {
        return;
    }
    let server = server_for_large_bodies();
    for case in cases(MB16) {
        assert!(case.source.len() <= 16 * 1024 * 1024, "{}", case.name);
        cli_check(&case);
        library(&case);
        service(&server, &case);
    }
    // One byte past the limit: E0003 at the start.
    let mut past = chain("+", MB16);
    past.source.push_str(&" ".repeat(16 * 1024 * 1024 + 1 - past.source.len()));
    past.expect = Expect::Error("E0003", 1, 1);
    cli_check(&past);
    library(&past);
    // The service's own body limit answers first with its default size: a
    // 413 in JSON, or (when it closes the connection before the client has
    // finished sending 16 MB) a closed connection; either way it goes on.
    let small = server::Server::start(&[]);
    let body = json!({"source": past.source}).to_string();
    let request = server::agent()
        .post(&format!("{}/v1/check", small.base))
        .header("content-type", "application/json")
        .send(body.as_str());
    if let Ok(mut response) = request {
        let answer: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!((response.status().as_u16(), answer["error"]["code"].as_str()), (413, Some("payload_too_large")));
    }
    let (status, _) = server::get(&server::agent(), &format!("{}/healthz", small.base));
    assert_eq!(status, 200, "the service keeps answering");
}

#[test]
fn one_megabyte_titles_identifiers_and_numbers() {
    let server = FULL.then(server_for_large_bodies);
    for case in one_mb_words() {
        cli_check(&case);
        library(&case);
        if let Some(server) = &server {
            service(server, &case);
        }
    }
}

#[test]
fn a_hundred_thousand_goals() {
    if !FULL {
        return;
    }
    let case = many_goals(100_000);
    assert!(case.source.len() < 16 * 1024 * 1024);
    cli_check(&case);
    library(&case);
    let server = server_for_large_bodies();
    service(&server, &case);
    let past = many_goals(100_001);
    cli_check(&past);
}

/// `maal eval` on a seed plan with a generated fact file; returns (exit code, stderr).
fn eval_facts(name: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let (code, _, err) =
        common::maal(&["eval", "rules/cpr-2026.maal", "--facts", path.to_str().unwrap(), "--per", "2026-06-30"], None);
    (code, err)
}

/// A fact file through the library on a 2 MiB thread: the first
/// diagnostic's code and line, whether loading or validating finds it, and
/// how many there are; a name the plan does not use is a warning of the
/// evaluation instead.
fn library_facts(name: &str, text: &str) -> (String, usize, usize) {
    let (name, text) = (name.to_string(), text.to_string());
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let plan = maal::Plan::from_file("rules/cpr-2026.maal".as_ref(), &Default::default()).unwrap();
            let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
            let (source, diagnostics) = match maal::Facts::load_bytes(&name, text.as_bytes()) {
                Err((source, diagnostics)) => (source, diagnostics),
                Ok(facts) => match plan.evaluate(&facts, as_of) {
                    Err(e) => (e.source, e.diagnostics),
                    Ok(evaluation) => {
                        let first = &evaluation.warnings[0];
                        return (first.code.clone(), first.line.expect("a place"), evaluation.warnings.len());
                    }
                },
            };
            let first = &diagnostics[0];
            let line = source.line_col(first.span.expect("a place").start).0;
            (first.code.to_string(), line, diagnostics.len())
        })
        .unwrap()
        .join()
        .expect("no stack overflow, no panic")
}

#[test]
fn large_fact_files_end_in_located_errors() {
    // A 1 MB value (an error), and a 1 MB key and 100 000 facts the plan does
    // not use (warnings: the rest is evaluated).
    let many: String = (0..100_000).map(|i| format!("fakta_{i} = {i}\n")).collect();
    let cases = [
        ("værdi.toml", format!("realiseret = \"{} mio\"\n", "4".repeat(MB)), "E0204", 1),
        ("nøgle.toml", format!("\"{}\" = 1\n", "k".repeat(MB)), "W0201", 1),
        ("mange.toml", many, "W0201", 100_000),
    ];
    let server = FULL.then(server_for_large_bodies);
    for (name, text, code, count) in &cases {
        let warning = code.starts_with('W');
        let (kind, exit_code) = if warning { ("advarsel", 0) } else { ("fejl", 1) };
        let (exit, err) = eval_facts(name, text);
        assert_eq!(exit, exit_code, "{name}");
        assert!(err.starts_with(&format!("{kind}[{code}]")) && err.contains(&format!("{name}:1:1")), "{name}");
        assert_eq!(err.matches(&format!("{kind}[{code}]")).count(), *count, "{name}: every one named");
        assert!(err.len() < 2000 * count, "{name}: a 1 MB name or value is shortened in the output");
        assert_eq!(library_facts(name, text), (code.to_string(), 1, *count), "{name}");
        if let Some(server) = &server {
            let body = json!({"plan": "cpr-2026", "facts": text, "facts_format": "toml", "as_of": "2026-06-30"});
            let url = format!("{}/v1/evaluate", server.base);
            let (status, answer) = server::post(&server::agent(), &url, "application/json", &body.to_string());
            let listed = if warning { &answer["warnings"] } else { &answer["error"]["diagnostics"] };
            assert_eq!(status, if warning { 200 } else { 422 }, "{name}");
            let listed = listed.as_array().expect("diagnostics");
            assert_eq!((listed.len(), listed[0]["code"].as_str()), (*count, Some(*code)), "{name}");
            let line = if warning { &listed[0]["line"] } else { &listed[0]["location"]["line"] };
            assert_eq!(*line, 1, "{name}");
        }
    }
    if let Some(server) = &server {
        // The many facts as a JSON object too.
        let facts: serde_json::Map<String, Value> = (0..100_000).map(|i| (format!("fakta_{i}"), json!(i))).collect();
        let body = json!({"plan": "cpr-2026", "facts": facts, "as_of": "2026-06-30"}).to_string();
        let url = format!("{}/v1/evaluate", server.base);
        let (status, answer) = server::post(&server::agent(), &url, "application/json", &body);
        assert_eq!(status, 200);
        assert_eq!(answer["warnings"].as_array().map(Vec::len), Some(100_000));
        let (status, _) = server::get(&server::agent(), &format!("{}/healthz", server.base));
        assert_eq!(status, 200, "the service keeps answering");
    }
}

/// A long line is shown as a window around the place, cut with `…`, while
/// the location printed is the real line and column.
#[test]
fn a_long_line_is_shown_around_the_place() {
    let terms = "x + ".repeat(100);
    let source = format!("{HEADER}mål 1 \"Lang\": frist ultimo 2026; {terms}x >= >= 1;\n");
    let column = "mål 1 \"Lang\": frist ultimo 2026; ".chars().count() + terms.len() + "x >= ".len() + 1;
    let err = maal::Plan::compile("lang.maal", &source).unwrap_err();
    let shown = err.render(maal::diag::Lang::Da);
    assert!(shown.contains(&format!("┌─ lang.maal:2:{column}\n")), "{shown}");
    let line = shown.lines().find(|l| l.starts_with("2 │ ")).unwrap();
    assert!(line.starts_with("2 │ …") && line.ends_with("x >= >= 1;"), "{line}");
    let carets = shown.lines().find(|l| l.contains('^')).unwrap();
    // The caret stands under the second `>=`.
    let at = |s: &str, i: usize| s[..i].chars().count();
    assert_eq!(at(carets, carets.find('^').unwrap()), at(line, line.rfind(">= 1").unwrap()), "{shown}");
}
