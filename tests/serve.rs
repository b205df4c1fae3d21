//! The HTTP service, end to end: the real binary on a loopback port, every
//! endpoint, and the bad requests a service meets.

#[path = "common/server.rs"]
mod server;

use serde_json::{json, Value};
use server::{agent, get, post, Server};

const JSON: &str = "application/json";

fn year_end_facts() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml")).unwrap()
}

#[test]
fn health_plans_and_required_facts() {
    let server = Server::start(&["--rules", "rules"]);
    let a = agent();
    let (status, body) = get(&a, &format!("{}/healthz", server.base));
    assert_eq!((status, body), (200, json!({"status": "ok", "plans": 2})));

    let (status, plans) = get(&a, &format!("{}/v1/plans", server.base));
    assert_eq!(status, 200);
    let names: Vec<&str> = plans.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cpr-2026", "digst-2024"]);
    assert_eq!(plans[0]["institution"], "CPR-administrationen");
    assert_eq!(plans[0]["goals"], json!(["1", "2", "3", "4", "5", "6", "7"]));
    assert_eq!(plans[1]["goals"].as_array().unwrap().len(), 12);

    let (status, facts) = get(&a, &format!("{}/v1/plans/cpr-2026/facts", server.base));
    assert_eq!(status, 200);
    let realiseret = facts["facts"].as_array().unwrap().iter().find(|f| f["name"] == "realiseret").unwrap();
    assert_eq!(realiseret["kind"], "money");
    assert_eq!(realiseret["goals"], json!(["7"]));

    let (status, body) = get(&a, &format!("{}/v1/plans/cpr-2025/facts", server.base));
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "unknown_plan");
    assert!(body["error"]["message"].as_str().unwrap().contains("cpr-2026"), "{body}");
}

#[test]
fn evaluate_a_loaded_plan_gives_the_cli_json() {
    let server = Server::start(&["--rules", "rules"]);
    let request = json!({"plan": "cpr-2026", "facts": year_end_facts(), "facts_format": "toml", "as_of": "2027-01-15"});
    let (status, mut body) = post(&agent(), &format!("{}/v1/evaluate", server.base), JSON, &request.to_string());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"]["score"], "85.71428571428571428571428571");
    assert_eq!(body["errors"], json!([]));
    // What the goal not met needs, exactly: two more minimum requirements.
    assert_eq!(body["goals"][5]["status"], "not_met");
    assert_eq!(body["goals"][5]["needed"][0]["fact"], "minimumskrav_implementeret");
    assert_eq!(body["goals"][5]["needed"][0]["windows"][0]["from"], "29");
    assert_eq!(body["goals"][0]["needed"], json!([]), "a goal met needs nothing");
    // The same schema as `maal eval --format json`, field for field.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["eval", "rules/cpr-2026.maal", "--facts", "examples/facts/cpr-2026-år.toml", "--per", "2027-01-15"])
        .args(["--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    body.as_object_mut().unwrap().remove("errors");
    assert_eq!(body, cli);
}

#[test]
fn evaluate_inline_source_with_facts_as_an_object() {
    let server = Server::start(&[]);
    let a = agent();
    let source = "plan \"Resultatplan 2026\" { periode 2026 }\nmål 7 \"Retvisende budgettering\":\n  delmål a: |grundbudget - realiseret| <= 2.0 mio;\n  delmål b: |budget_uo2 - realiseret| <= 1.0 mio; mål: any(a, b);\n";
    let url = format!("{}/v1/evaluate", server.base);
    let facts = json!({"grundbudget": "8,3 mio", "realiseret": "6,3 mio", "budget_uo2": "9,9 mio"});
    let request = json!({"source": source, "facts": facts, "as_of": "2027-01-15", "lang": "en"});
    // Twice: the second is served from the compiled-plan cache and must agree.
    for _ in 0..2 {
        let (status, body) = post(&a, &url, JSON, &request.to_string());
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["goals"][0]["status"], "met");
        assert_eq!(body["goals"][0]["subgoals"][0]["status"], "met");
        assert_eq!(body["goals"][0]["subgoals"][1]["status"], "not_met");
        assert_eq!(body["total"]["score"], "100");
    }
    // Before the period ends, missing facts are pending, not failed.
    let request = json!({"source": source, "facts": {}, "as_of": "2026-06-30"});
    let (status, body) = post(&a, &url, JSON, &request.to_string());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["goals"][0]["status"], "pending");
    assert_eq!(body["total"]["max_reachable"], "100");
    // Each fact not reported, with the date it is due by.
    let needed = body["goals"][0]["needed"].as_array().unwrap();
    assert_eq!(needed.len(), 3, "{body}");
    assert!(needed.iter().all(|n| n["now"].is_null() && n["deadline"] == "2026-12-31"), "{body}");
}

#[test]
fn runtime_errors_are_reported_with_their_place() {
    let server = Server::start(&[]);
    let source = "plan \"x\" { periode 2026 }\nmål 3.1: |budget - realiseret| / |budget| <= 5 pct;\n";
    let request = json!({"source": source, "facts": {"budget": "0 kr", "realiseret": "1 mio"}, "as_of": "2027-01-15"});
    let (status, body) = post(&agent(), &format!("{}/v1/evaluate", server.base), JSON, &request.to_string());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["goals"][0]["status"], "error");
    assert_eq!(body["errors"][0]["code"], "E0205");
    assert_eq!(body["errors"][0]["location"]["line"], 2);
}

#[test]
fn rules_and_facts_with_errors_are_422_with_located_diagnostics() {
    let server = Server::start(&["--rules", "rules"]);
    let a = agent();
    let url = format!("{}/v1/evaluate", server.base);
    let bad_rules = json!({"source": "plan \"x\" { periode 2026 }\nmål 1: a <= 1 mio og a >= 2 pct;", "facts": {}});
    let (status, body) = post(&a, &url, JSON, &bad_rules.to_string());
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "rules");
    let d = &body["error"]["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["location"]["line"].as_u64()), (Some("E0102"), Some(2)));

    let bad_facts = json!({"plan": "cpr-2026", "facts": {"realisert": "42,9 mio"}, "as_of": "2027-01-15"});
    // A name the plan does not use: skipped with a located warning, the rest evaluated.
    let (status, body) = post(&a, &url, JSON, &bad_facts.to_string());
    assert_eq!(status, 200, "{body}");
    let w = &body["warnings"][0];
    assert_eq!(w["code"], "W0201");
    assert_eq!(w["hint"], "mente du `realiseret`?");
    assert_eq!(w["line"], 2);

    let wrong_kind =
        json!({"plan": "cpr-2026", "facts": "realiseret = 2026-01-01\n", "as_of": "2027-01-15", "lang": "en"});
    let (status, body) = post(&a, &url, JSON, &wrong_kind.to_string());
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["message"], "the facts do not fit the plan");
    assert_eq!(body["error"]["diagnostics"][0]["code"], "E0203");
}

#[test]
fn bad_requests_are_4xx_json_never_500() {
    let server = Server::start(&["--rules", "rules", "--max-body", "4096"]);
    let a = agent();
    let url = format!("{}/v1/evaluate", server.base);
    let ok_body = json!({"plan": "cpr-2026", "facts": {}, "as_of": "2026-06-30"}).to_string();
    let cases: Vec<(&str, String, String, u16, &str)> = vec![
        ("wrong content type", "text/plain".into(), ok_body.clone(), 415, "unsupported_media_type"),
        ("malformed JSON", JSON.into(), "{\"plan\": ".into(), 400, "bad_json"),
        ("not an object", JSON.into(), "[1, 2]".into(), 422, "bad_request"),
        ("unknown field", JSON.into(), json!({"plan": "cpr-2026", "fakta": {}}).to_string(), 422, "bad_request"),
        (
            "invalid date",
            JSON.into(),
            json!({"plan": "cpr-2026", "as_of": "2026-02-30"}).to_string(),
            422,
            "bad_request",
        ),
        ("plan and source", JSON.into(), json!({"plan": "cpr-2026", "source": "x"}).to_string(), 400, "bad_request"),
        ("neither plan nor source", JSON.into(), json!({"facts": {}}).to_string(), 400, "bad_request"),
        ("unknown plan", JSON.into(), json!({"plan": "nope"}).to_string(), 404, "unknown_plan"),
        (
            "too large",
            JSON.into(),
            json!({"plan": "cpr-2026", "source": "x".repeat(5000)}).to_string(),
            413,
            "payload_too_large",
        ),
        (
            "deeply nested facts",
            JSON.into(),
            format!("{{\"plan\": \"cpr-2026\", \"facts\": {}{}}}", "[".repeat(1000), "]".repeat(1000)),
            400,
            "bad_json",
        ),
        (
            "facts of the wrong shape",
            JSON.into(),
            json!({"plan": "cpr-2026", "facts": [1, 2]}).to_string(),
            422,
            "facts",
        ),
        (
            "garbage bytes",
            JSON.into(),
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x41]).into_owned(),
            400,
            "bad_json",
        ),
    ];
    for (what, content_type, body, want_status, want_code) in cases {
        let (status, response) = post(&a, &url, &content_type, &body);
        assert_eq!(status, want_status, "{what}: {response}");
        assert_eq!(response["error"]["code"], want_code, "{what}: {response}");
        assert_eq!(response["error"]["status"], want_status, "{what}");
        assert!(!response["error"]["message"].as_str().unwrap_or("").is_empty(), "{what}: {response}");
    }
    let deep_rules = format!("plan \"x\" {{ periode 2026 }}\nmål 1: {}a{} <= 1;", "(".repeat(500), ")".repeat(500));
    let (status, response) = post(&a, &url, JSON, &json!({"source": deep_rules, "facts": {}}).to_string());
    assert_eq!(status, 422, "{response}");
    assert_eq!(response["error"]["code"], "rules");
    assert!(response["error"]["diagnostics"][0]["location"]["line"].is_u64(), "{response}");

    let (status, response) = get(&a, &format!("{}/v1/nothing", server.base));
    assert_eq!((status, response["error"]["code"].as_str()), (404, Some("not_found")));
    let (status, response) = get(&a, &url);
    assert_eq!((status, response["error"]["code"].as_str()), (405, Some("method_not_allowed")));
    // The service is still up after all of that.
    assert_eq!(get(&a, &format!("{}/healthz", server.base)).0, 200);
}

#[test]
fn evaluation_time_is_limited() {
    let server = Server::start(&["--eval-timeout-ms", "1", "--max-body", "8000000"]);
    let mut source = String::from("plan \"x\" { periode 2026 }\n");
    for i in 1..=5000 {
        source.push_str(&format!("mål {i}: |budget_{i} - realiseret| <= 1,0 mio og antal_{i} >= 2;\n"));
    }
    let (status, body) =
        post(&agent(), &format!("{}/v1/evaluate", server.base), JSON, &json!({"source": source}).to_string());
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "timeout");
}

#[test]
fn check_returns_diagnostics_with_lines_and_columns() {
    let server = Server::start(&[]);
    let a = agent();
    let url = format!("{}/v1/check", server.base);
    let plan = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/digst-2024.maal")).unwrap();
    let (status, body) = post(&a, &url, JSON, &json!({"source": plan, "name": "digst-2024.maal"}).to_string());
    assert_eq!(status, 200);
    assert_eq!(body["ok"], true);
    assert_eq!(body["facts"].as_array().unwrap().len(), 28);

    let broken = "plan \"x\" { periode 2026 }\nmål 1: a <= 1 mio og a >= 2 pct;\nmål 1: c;";
    let (status, body) = post(&a, &url, JSON, &json!({"source": broken, "lang": "en"}).to_string());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], false);
    let d = &body["diagnostics"][0];
    assert_eq!(d["file"], "plan.maal");
    assert_eq!(d["severity"], "error");
    assert!(d["code"].as_str().unwrap().starts_with('E'));
    assert_eq!(d["location"]["line"], 2, "{body}");
    assert!(d["location"]["column"].as_u64().unwrap() > 1, "{body}");
    assert!(d["message"].as_str().unwrap().is_ascii(), "English words: {body}");
    // Every error at once: the unit clash and the duplicate goal.
    assert_eq!(body["diagnostics"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body["diagnostics"][1]["location"]["line"], 3, "{body}");

    let (status, body) = post(&a, &url, JSON, "{\"name\": \"x\"}");
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("bad_request")));
}

#[test]
fn openapi_document_describes_every_endpoint() {
    let server = Server::start(&[]);
    let (status, doc) = get(&agent(), &format!("{}/openapi.json", server.base));
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/healthz",
        "/v1/plans",
        "/v1/plans/{name}/facts",
        "/v1/check",
        "/v1/evaluate",
        "/v1/reload",
        "/v1/portfolio",
        "/v1/plans/{name}/source",
        "/v1/facts/read",
        "/v1/facts/xlsx",
        "/v1/margin",
        "/v1/report",
        "/v1/format",
        "/v1/workbench",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in [
        "EvaluateRequest",
        "EvaluateResponse",
        "GoalResult",
        "Need",
        "Window",
        "Portfolio",
        "Institution",
        "Attention",
        "Status",
        "JsonDiagnostic",
        "ApiErrorBody",
    ] {
        assert!(schemas[schema].is_object(), "{schema} missing");
    }
    assert!(doc["paths"]["/v1/evaluate"]["post"]["responses"]["422"].is_object());
}

/// A copy of the seed plans in a fresh directory the test may change.
fn rules_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["cpr-2026.maal", "digst-2024.maal"] {
        std::fs::copy(format!("{}/rules/{name}", env!("CARGO_MANIFEST_DIR")), dir.path().join(name)).unwrap();
    }
    dir
}

fn titles(a: &ureq::Agent, base: &str) -> Vec<(String, String)> {
    let (_, plans) = get(a, &format!("{base}/v1/plans"));
    plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["title"].as_str().unwrap().to_string()))
        .collect()
}

/// A token file in `dir`.
fn token_file(dir: &std::path::Path) -> String {
    let path = dir.join("token");
    std::fs::write(&path, "hemmelig-proeve-token\n").unwrap();
    path.to_str().unwrap().to_string()
}

/// POST with a bearer token.
fn post_with(a: &ureq::Agent, url: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = a.post(url).header("content-type", JSON);
    if let Some(t) = token {
        request = request.header("authorization", &format!("Bearer {t}"));
    }
    let mut response = request.send("{}").expect("the request completes");
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.body_mut().read_to_string().unwrap_or_default()).unwrap_or(Value::Null))
}

#[test]
fn reload_needs_the_token() {
    let dir = rules_copy();
    let tokens = tempfile::tempdir().unwrap();
    let token = token_file(tokens.path());
    let server = Server::start(&["--rules", dir.path().to_str().unwrap(), "--token-file", &token]);
    let a = agent();
    let reload = format!("{}/v1/reload", server.base);
    let (status, body) = post_with(&a, &reload, None);
    assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthorized")), "{body}");
    let (status, _) = post_with(&a, &reload, Some("hemmelig-proeve-tokem"));
    assert_eq!(status, 401, "a wrong token, one letter off");
    let (status, _) = post_with(&a, &reload, Some("hemmelig"));
    assert_eq!(status, 401, "a prefix of the token");
    let (status, body) = post_with(&a, &reload, Some("hemmelig-proeve-token"));
    assert_eq!(status, 200, "{body}");
    // The scheme's name in any case (RFC 7235).
    let response = a
        .post(&reload)
        .header("content-type", JSON)
        .header("authorization", "bearer hemmelig-proeve-token")
        .send("{}")
        .expect("the request completes");
    assert_eq!(response.status().as_u16(), 200);
    // Without a configured token, changes are off, and the service says so at start.
    let bare = Server::start(&["--rules", dir.path().to_str().unwrap()]);
    let (status, body) = post_with(&a, &format!("{}/v1/reload", bare.base), Some("hemmelig-proeve-token"));
    assert_eq!((status, body["error"]["code"].as_str()), (403, Some("no_token")), "{body}");
    let (status, doc) = get(&a, &format!("{}/openapi.json", server.base));
    assert_eq!(status, 200);
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}

#[test]
fn without_a_token_the_service_says_changes_are_off() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file", "/nonexistent/token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable token file is a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("kan ikke læse /nonexistent/token"));
}

#[test]
fn reload_swaps_plans_and_keeps_working_ones_over_broken_files() {
    let dir = rules_copy();
    let tokens = tempfile::tempdir().unwrap();
    let token = token_file(tokens.path());
    let server = Server::start(&["--rules", dir.path().to_str().unwrap(), "--token-file", &token]);
    let a = agent();
    let reload = format!("{}/v1/reload", server.base);
    let reload_now = |a: &ureq::Agent| post_with(a, &reload, Some("hemmelig-proeve-token"));
    let cpr = dir.path().join("cpr-2026.maal");
    let text = std::fs::read_to_string(&cpr).unwrap();

    // A broken file does not replace the working plan.
    std::fs::write(&cpr, text.replace("mål 7", "mål 7 7")).unwrap();
    let (status, report) = reload_now(&a);
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["loaded"], json!(["digst-2024"]));
    assert_eq!(report["failed"][0]["name"], "cpr-2026");
    assert_eq!(report["failed"][0]["kept_previous"], true);
    assert!(report["failed"][0]["diagnostics"][0]["location"]["line"].is_u64(), "{report}");
    let request = json!({"plan": "cpr-2026", "facts": year_end_facts(), "as_of": "2027-01-15"}).to_string();
    let (status, body) = post(&a, &format!("{}/v1/evaluate", server.base), JSON, &request);
    assert_eq!((status, body["goals"].as_array().map(Vec::len)), (200, Some(7)));

    // A fixed file, a new file and a removed file, in one swap.
    std::fs::write(&cpr, text.replace("Resultatplan 2026 for", "Ny resultatplan 2026 for")).unwrap();
    std::fs::copy(&cpr, dir.path().join("cpr-kopi.maal")).unwrap();
    std::fs::remove_file(dir.path().join("digst-2024.maal")).unwrap();
    let (_, report) = reload_now(&a);
    assert_eq!(report["loaded"], json!(["cpr-2026", "cpr-kopi"]));
    assert_eq!(report["removed"], json!(["digst-2024"]));
    assert_eq!(report["failed"], json!([]));
    let names: Vec<String> = titles(&a, &server.base).into_iter().map(|(_, t)| t).collect();
    assert_eq!(names, ["Ny resultatplan 2026 for CPR-administrationen"; 2]);
}

#[test]
fn sighup_reloads_the_rules_directory() {
    let dir = rules_copy();
    let server = Server::start(&["--rules", dir.path().to_str().unwrap()]);
    let a = agent();
    let cpr = dir.path().join("cpr-2026.maal");
    let text = std::fs::read_to_string(&cpr).unwrap();
    std::fs::write(&cpr, text.replace("Resultatplan 2026 for", "Signalplan 2026 for")).unwrap();
    let killed = std::process::Command::new("kill").args(["-HUP", &server.pid().to_string()]).status().unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let titles = titles(&a, &server.base);
        if titles[0].1 == "Signalplan 2026 for CPR-administrationen" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no reload after SIGHUP: {titles:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn portfolio_of_the_rules_directory_as_the_command_line_gives_it() {
    let server = Server::start(&["--rules", "examples/portefølje"]);
    let a = agent();
    let (status, body) = get(&a, &format!("{}/v1/portfolio?per=2026-11-30", server.base));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["institutions"].as_array().unwrap().len(), 8);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["portefølje", "examples/portefølje", "--per", "2026-11-30", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(body, cli);
    let (status, english) = get(&a, &format!("{}/v1/portfolio?per=2026-11-30&lang=en", server.base));
    assert_eq!(status, 200);
    assert!(english["attention"][0]["why"].as_str().unwrap().contains("the goal is not met yet"), "{english}");
    // Bad queries are 400 with a JSON error, never a 500.
    for query in ["per=2026-13-01", "per=igår", "lang=fr", "hvad=1", "per", "per=2026-11-30&per=x"] {
        let (status, body) = get(&a, &format!("{}/v1/portfolio?{query}", server.base));
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"]["code"], "bad_request", "{query}");
    }
    // Without a rules directory there is no portfolio.
    let bare = Server::start(&[]);
    let (status, body) = get(&a, &format!("{}/v1/portfolio", bare.base));
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("no_rules")));
}

#[test]
fn portfolio_with_a_broken_institution_still_shows_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/portefølje");
    for folder in ["arbejdstilsynet", "datatilsynet"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(folder).join(path.file_name().unwrap())).unwrap();
        }
    }
    let plan = dir.path().join("datatilsynet/datatilsynet-2026.maal");
    let text = std::fs::read_to_string(&plan).unwrap().replace("tilsyn_gennemført >= 40", "tilsyn_gennemført >= ");
    std::fs::write(&plan, text).unwrap();
    let server = Server::start(&["--rules", dir.path().to_str().unwrap()]);
    let (status, body) = get(&agent(), &format!("{}/v1/portfolio?per=2026-11-30", server.base));
    assert_eq!(status, 200, "{body}");
    let broken = &body["institutions"][1];
    assert_eq!(broken["folder"], "datatilsynet");
    assert_eq!(broken["problems"][0]["diagnostics"][0]["code"], "E0001");
    assert!(broken["problems"][0]["diagnostics"][0]["location"]["line"].as_u64().unwrap() > 1);
    assert_eq!(body["institutions"][0]["latest"]["total"], "50");
}

/// GET returning the body as text, with one header.
fn get_text(a: &ureq::Agent, url: &str, header: &str) -> (u16, String, String) {
    let mut response = a.get(url).call().expect("the request completes");
    let value = response.headers().get(header).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let status = response.status().as_u16();
    (status, value, response.body_mut().read_to_string().unwrap_or_default())
}

#[test]
fn the_workbench_page_is_one_origin_with_a_strict_policy() {
    let server = Server::start_command("værksted", &["--rules", "rules", "--facts", "examples/facts/cpr-2026-år.csv"]);
    let a = agent();
    let (status, csp, page) = get_text(&a, &format!("{}/", server.base), "content-security-policy");
    assert_eq!(status, 200);
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    assert!(page.contains("<html lang=\"da\">") && page.contains("/vaerksted.js"));
    assert!(!page.contains("http://") && !page.contains("https://"), "nothing from elsewhere");
    for (path, kind) in [("/vaerksted.js", "text/javascript"), ("/vaerksted.css", "text/css")] {
        let (status, content_type, body) = get_text(&a, &format!("{}{path}", server.base), "content-type");
        assert_eq!(status, 200);
        assert!(content_type.starts_with(kind), "{content_type}");
        assert!(!body.contains("http://") && !body.contains("https://"), "{path} fetches nothing from elsewhere");
    }
    // What the page starts with: the plans and the --facts file, read.
    let (status, start) = get(&a, &format!("{}/v1/workbench", server.base));
    assert_eq!(status, 200);
    assert_eq!(start["plans"], json!(["cpr-2026", "digst-2024"]));
    assert_eq!(start["facts"]["stikprøvekontroller"], "10");
    assert_eq!(start["writable"], false);
    let (status, source) = get(&a, &format!("{}/v1/plans/cpr-2026/source", server.base));
    assert_eq!(status, 200);
    assert!(source["source"].as_str().unwrap().starts_with("# Resultatplan 2026"));
}

#[test]
fn workbench_endpoints_read_facts_format_margins_and_reports() {
    let server = Server::start_command("værksted", &["--rules", "rules"]);
    let a = agent();
    let base = &server.base;
    // A CSV fact file read into the JSON fact layout, and read back by /v1/evaluate.
    let csv = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.csv")).unwrap();
    let mut response = a.post(&format!("{base}/v1/facts/read?name=cpr-2026-%C3%A5r.csv")).send(&csv[..]).unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let read: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    let facts = read["facts"].clone();
    assert_eq!(facts["stikprøvekontroller"], "10", "{facts}");
    let mut evaluate_facts = facts.clone();
    evaluate_facts.as_object_mut().unwrap().remove("opgjort");
    let request = json!({"plan": "cpr-2026", "facts": evaluate_facts, "as_of": "2027-01-15"});
    let (status, body) = post(&a, &format!("{base}/v1/evaluate"), JSON, &request.to_string());
    assert_eq!((status, body["total"]["score"].as_str()), (200, Some("85.71428571428571428571428571")), "{body}");
    // The facts as the plan's Excel workbook with the values in, read back to the same facts and date.
    let mut changed = evaluate_facts.clone();
    changed["realiseret"] = json!("43,1 mio");
    let request = json!({"plan": "cpr-2026", "facts": changed, "as_of": "2027-01-15"});
    let mut response =
        a.post(&format!("{base}/v1/facts/xlsx")).header("content-type", JSON).send(request.to_string()).unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let sheet = response.body_mut().read_to_vec().unwrap();
    let mut response = a.post(&format!("{base}/v1/facts/read?name=fakta.xlsx")).send(&sheet[..]).unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let back: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(back["facts"]["opgjort"], "2027-01-15", "{back}");
    assert_eq!(back["facts"]["stikprøvekontroller"], "10", "{back}");
    let mut again = back["facts"].clone();
    again.as_object_mut().unwrap().remove("opgjort");
    let request = json!({"plan": "cpr-2026", "facts": again, "as_of": "2027-01-15"});
    let (status, body) = post(&a, &format!("{base}/v1/evaluate"), JSON, &request.to_string());
    assert_eq!((status, body["total"]["score"].as_str()), (200, Some("71.428571428571428571428571429")), "{body}");
    // Garbage and a missing name are 4xx with a located diagnostic.
    let mut response = a.post(&format!("{base}/v1/facts/read?name=x.toml")).send("realiseret = [").unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["error"]["diagnostics"][0]["code"], "E0201");
    let response = a.post(&format!("{base}/v1/facts/read")).send("x = 1").unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // Margins and what goal 7 needs, with realiseret at 43,1 mio.
    let mut facts_431 = evaluate_facts.clone();
    facts_431["realiseret"] = json!("43,1 mio");
    let request = json!({"plan": "cpr-2026", "facts": facts_431, "as_of": "2027-01-15", "goal": "7"});
    let (status, body) = post(&a, &format!("{base}/v1/margin"), JSON, &request.to_string());
    assert_eq!(status, 200, "{body}");
    assert!(body["needed"].as_str().unwrap().contains("mellem 43,2 mio. kr. og 45,2 mio. kr."), "{body}");
    assert!(body["margin"].as_str().unwrap().contains("realiseret kan"), "{body}");
    let (status, body) =
        post(&a, &format!("{base}/v1/margin"), JSON, &json!({"plan": "cpr-2026", "goal": "7 8"}).to_string());
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("bad_request")));
    // The annual report in each format; a bad format is 400.
    for (format, marker) in [
        ("md", "| Mål |"),
        ("csv", "Mål;Titel"),
        ("html", "<!DOCTYPE html>"),
        // The rows' sentences, which the workbench shows as each goal's reason.
        ("json", "\"achieved\":\"Løsning for logoplysninger"),
        // A Word document: a zip package.
        ("docx", "word/document.xml"),
    ] {
        let request = json!({"plan": "cpr-2026", "facts": evaluate_facts, "as_of": "2027-01-15", "format": format});
        let mut response =
            a.post(&format!("{base}/v1/report")).header("content-type", JSON).send(request.to_string()).unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let body = response.body_mut().read_to_vec().unwrap();
        assert!(String::from_utf8_lossy(&body).contains(marker), "{format}");
    }
    let (status, _) =
        post(&a, &format!("{base}/v1/report"), JSON, &json!({"plan": "cpr-2026", "format": "pdf"}).to_string());
    assert_eq!(status, 400);
    // maal fmt; text that does not parse is 422 with its place.
    let (status, body) = post(
        &a,
        &format!("{base}/v1/format"),
        JSON,
        &json!({"source": "plan \"x\" { periode 2026 }\nmål 1:   x>=1 ;\n"}).to_string(),
    );
    assert_eq!(
        (status, body["source"].as_str()),
        (200, Some("plan \"x\" {\n  periode 2026\n}\n\nmål 1:\n  x >= 1;\n")),
        "{body}"
    );
    let (status, body) = post(&a, &format!("{base}/v1/format"), JSON, &json!({"source": "mål"}).to_string());
    assert_eq!((status, body["error"]["diagnostics"][0]["code"].as_str()), (422, Some("E0001")));
}

#[test]
fn the_workbench_writes_rules_only_with_skriv_and_the_token() {
    let dir = rules_copy();
    let tokens = tempfile::tempdir().unwrap();
    let token = token_file(tokens.path());
    let rules = dir.path().to_str().unwrap();
    let a = agent();
    let put = |base: &str, name: &str, source: &str, bearer: Option<&str>| -> (u16, Value) {
        let mut request = a.put(&format!("{base}/v1/plans/{name}/source")).header("content-type", JSON);
        if let Some(t) = bearer {
            request = request.header("authorization", &format!("Bearer {t}"));
        }
        let mut response = request.send(json!({"source": source}).to_string()).unwrap();
        let status = response.status().as_u16();
        (status, serde_json::from_str(&response.body_mut().read_to_string().unwrap_or_default()).unwrap_or(Value::Null))
    };
    let original = std::fs::read_to_string(dir.path().join("cpr-2026.maal")).unwrap();
    let changed = original.replace("Resultatplan 2026 for", "Ændret resultatplan 2026 for");
    // Without --skriv: never, even with the token.
    let server = Server::start_command("værksted", &["--rules", rules, "--token-file", &token]);
    let (status, body) = put(&server.base, "cpr-2026", &changed, Some("hemmelig-proeve-token"));
    assert_eq!((status, body["error"]["code"].as_str()), (403, Some("writes_off")));
    drop(server);
    // With --skriv: the token is needed, the text must check, the name must be plain.
    let server = Server::start_command("værksted", &["--rules", rules, "--token-file", &token, "--skriv"]);
    assert_eq!(put(&server.base, "cpr-2026", &changed, None).0, 401);
    assert_eq!(put(&server.base, "cpr-2026", &changed, Some("forkert")).0, 401);
    let (status, body) = put(&server.base, "cpr-2026", "mål 7 7", Some("hemmelig-proeve-token"));
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("rules")));
    assert_eq!(put(&server.base, "..%2Fudenfor", &changed, Some("hemmelig-proeve-token")).0, 400);
    let (status, report) = put(&server.base, "cpr-2026", &changed, Some("hemmelig-proeve-token"));
    assert_eq!(status, 200, "{report}");
    // The answer names the file written (never the server's path to it) and what reloaded.
    assert_eq!((report["file"].as_str(), report["loaded"].is_array()), (Some("cpr-2026.maal"), true), "{report}");
    assert_eq!(std::fs::read_to_string(dir.path().join("cpr-2026.maal")).unwrap(), changed);
    assert!(titles(&a, &server.base).iter().any(|(_, t)| t.starts_with("Ændret")), "reloaded");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
}

#[test]
fn on_an_address_that_is_not_loopback_without_a_token_changes_are_off_and_said_so() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stderr.take().unwrap()), &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("uden token (adressen er ikke lokal) er genindlæsning og skrivning over HTTP slået fra"),
        "{line}"
    );
}
