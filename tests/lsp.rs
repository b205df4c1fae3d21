//! `maal lsp`: the language server driven in-process (`Connection::memory`)
//! through every feature on the seed plans and on files with errors, bad
//! input that must not end it, and once as a process over stdio.

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

struct Client {
    conn: Connection,
    next: i32,
    notifications: Vec<Notification>,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

impl Client {
    fn start(options: Value) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || maal::lsp::serve(&server));
        let mut client = Client { conn, next: 0, notifications: Vec::new(), server: Some(handle) };
        let init = json!({"processId": null, "capabilities": {}, "rootUri": uri_of(&root()), "initializationOptions": options});
        let result = client.request("initialize", init).unwrap();
        assert!(result["capabilities"]["hoverProvider"].as_bool().unwrap());
        client.notify("initialized", json!({}));
        client
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn.sender.send(Request::new(id.clone(), method.into(), params).into()).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("the server answers") {
                Message::Response(Response { id: got, response_result }) if got == id => return response_result,
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.conn.sender.send(Notification::new(method.into(), params).into()).unwrap();
    }

    /// The latest diagnostics published for `uri`, waiting for them.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Some(n) = self.notifications.iter().rev().find(|n| n.params["uri"] == uri) {
                let found = n.params["diagnostics"].as_array().unwrap().clone();
                self.notifications.clear();
                return found;
            }
            match self.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("diagnostics are published") {
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "maal", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(method, json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
            .unwrap()
    }

    fn finish(mut self) {
        assert_eq!(self.request("shutdown", Value::Null).unwrap(), Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()));
    }
}

/// (line, character) of the first `needle` in `text` (after `after`), in UTF-16 units.
fn find(text: &str, needle: &str, after: &str) -> (u32, u32) {
    let from = text.find(after).unwrap();
    let at = from + text[from..].find(needle).unwrap();
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32)
}

/// The labels of a completion answer.
fn labels(v: Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

fn seed(name: &str) -> (String, String) {
    let path = root().join("rules").join(name);
    (uri_of(&path), std::fs::read_to_string(&path).unwrap())
}

#[test]
fn diagnostics_on_open_and_change_with_codes_and_places() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("cpr-2026.maal");
    assert_eq!(c.open(&uri, &text), Vec::<Value>::new(), "the seed plan is clean");
    // A change that breaks a `mål:` line: the error, located, with its hint.
    let (line, character) = find(&text, "any(a, b)", "mål 7");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": line, "character": character + 7}, "end": {"line": line, "character": character + 8}},
            "text": "c"}]}),
    );
    let found = c.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0101");
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(found[0]["range"]["start"], json!({"line": line, "character": character + 7}));
    assert!(found[0]["message"].as_str().unwrap().contains("ukendt delmål `c`"));
    // The link to the code's entry in docs/diagnostics.md (the workspace has it).
    assert!(found[0]["codeDescription"]["href"].as_str().unwrap().ends_with("docs/diagnostics.md#e0101"));
    // Warnings too, as warnings.
    let lint = "plan \"x\" { periode 2026 }\nmål 1 \"Uden frist\": leveret senest ultimo 2026; x >= 1;\n";
    let found = c.open("file:///tmp/advarsel.maal", lint);
    assert!(found.iter().all(|d| d["severity"] == 2 && d["code"].as_str().unwrap().starts_with('W')), "{found:?}");
    c.finish();
}

#[test]
fn diagnostics_follow_the_client_language() {
    let mut c = Client::start(json!({"lang": "en"}));
    let found = c.open("file:///tmp/a.maal", "plan \"x\" { periode 2026 }\nmål 1: mål: any(a);\n");
    assert!(found[0]["message"].as_str().unwrap().contains("sub-goal"), "{found:?}");
    c.finish();
}

#[test]
fn hover_facts_subgoals_time_words_and_units() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("cpr-2026.maal");
    c.open(&uri, &text);
    let (l, ch) = find(&text, "realiseret", "mål 7");
    let hover = c.at("textDocument/hover", &uri, l, ch + 2);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**realiseret**") && value.contains("beløb") && value.contains("Bruges i mål 7"), "{value}");
    // The unit once: the words already name it.
    assert!(!value.contains("(kr.) (kr.)"), "{value}");
    let (l, ch) = find(&text, "stikprøvekontroller >=", "mål 2");
    let value = c.at("textDocument/hover", &uri, l, ch + 2)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("et tal") && !value.contains("()"), "a count has no unit to show: {value}");
    let (l, ch) = find(&text, "a, b", "mål: any");
    let value = c.at("textDocument/hover", &uri, l, ch)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("delmål a") && value.contains("Grundbudget"), "{value}");
    let (l, ch) = find(&text, "senest ultimo 2026", "mål 1 ");
    let value = c.at("textDocument/hover", &uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("31. december 2026"), "{value}");
    let (l, ch) = find(&text, "mio. kr.", "mål 7");
    let value = c.at("textDocument/hover", &uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("beløb"), "{value}");
    let (l, ch) = find(&text, "delmål", "mål 7");
    let value = c.at("textDocument/hover", &uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("Et delmål"), "{value}");
    // Nothing to say is null, not an error.
    assert_eq!(c.at("textDocument/hover", &uri, 0, 0), Value::Null);
    c.finish();
}

#[test]
fn definitions_references_and_rename() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("cpr-2026.maal");
    c.open(&uri, &text);
    let (l, ch) = find(&text, "b)", "mål: any");
    let def = c.at("textDocument/definition", &uri, l, ch);
    let (dl, dch) = find(&text, "b \"Udgiftsopfølgning 2\"", "mål 7");
    assert_eq!(def["range"]["start"], json!({"line": dl, "character": dch}));
    let (l, ch) = find(&text, "realiseret", "mål 7");
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}, "context": {"includeDeclaration": true}}),
        )
        .unwrap();
    // Its two uses and its `faktum` line.
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    let rename = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}, "newName": "realiseret_resultat"}),
        )
        .unwrap();
    let edits = rename["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|e| e["newText"] == "realiseret_resultat"));
    // Not a name: an error response saying why.
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}, "newName": "ikke et navn"}),
    );
    assert!(bad.unwrap_err().message.contains("ikke et navn"));
    c.finish();
}

#[test]
fn completion_by_context() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" {\n  \n}\nmål 1 \"Budget\":\n  delmål a: |grundbudget - realiseret| <= 2,0 \n  delmål b: leveret senest \n  mål: \n  x >= 1;\n";
    let uri = "file:///tmp/fuldf%C3%B8r.maal";
    c.open(uri, text);
    let header = labels(c.at("textDocument/completion", uri, 1, 2));
    assert!(header.contains(&"periode".to_string()) && header.contains(&"afrapportering".to_string()), "{header:?}");
    let units = labels(c.at("textDocument/completion", uri, 4, 46));
    assert!(units.contains(&"mio".to_string()) || units.iter().any(|u| u.starts_with("mio")), "{units:?}");
    let months = labels(c.at("textDocument/completion", uri, 5, 27));
    assert!(months.contains(&"juni".to_string()) && months.contains(&"ultimo".to_string()), "{months:?}");
    let subs = labels(c.at("textDocument/completion", uri, 6, 7));
    assert_eq!(&subs[..2], ["a", "b"]);
    // The combinators in both languages, from the one keyword table.
    assert!(
        ["any", "nogen", "all", "alle", "atleast", "mindst"].iter().all(|k| subs.contains(&k.to_string())),
        "{subs:?}"
    );
    let general = labels(c.at("textDocument/completion", uri, 7, 2));
    assert!(general.contains(&"delmål".to_string()) && general.contains(&"grundbudget".to_string()), "{general:?}");
    assert!(general.contains(&"mellem".to_string()) && general.contains(&"nogen".to_string()), "{general:?}");
    c.finish();
}

#[test]
fn units_fit_the_fact_and_months_hover_with_their_dates() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; budget <= 2 mio. kr.;\nmål 2: frist ultimo 2026; budget >= 1 mio. kr.;\nmål 3: frist ultimo 2026; antal >= 10 ;\nmål 4: leveret i august 2026;\n";
    let uri = "file:///tmp/enheder.maal";
    c.open(uri, text);
    let money = labels(c.at("textDocument/completion", uri, 2, 38));
    assert!(money.iter().any(|u| u.starts_with("mio")) && !money.iter().any(|u| u.starts_with("pct")), "{money:?}");
    let count = labels(c.at("textDocument/completion", uri, 3, 38));
    assert!(!count.iter().any(|u| u.starts_with("mio") || u.starts_with("kr")), "no units after a count: {count:?}");
    let (l, ch) = find(text, "august", "mål 4");
    let value = c.at("textDocument/hover", uri, l, ch + 2)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("1. august 2026") && value.contains("31. august 2026"), "{value}");
    c.finish();
}

#[test]
fn opgoeres_ultimo_is_completed_and_hovered() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 }\nmål 1: opgøres ultimo; gennemsnit_x <= 17 uger;\nmål 2:\n  \n";
    let uri = "file:///tmp/ultimo.maal";
    c.open(uri, text);
    let labels = labels(c.at("textDocument/completion", uri, 3, 2));
    assert!(labels.contains(&"opgøres".to_string()) && labels.contains(&"helår".to_string()), "{labels:?}");
    assert!(labels.contains(&"målår".to_string()), "{labels:?}");
    let (l, ch) = find(text, "opgøres", "mål 1");
    let value = c.at("textDocument/hover", uri, l, ch + 2)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("hele perioden"), "{value}");
    c.finish();
}

#[test]
fn a_fact_label_is_completed_hovered_and_renamed_with_its_fact() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 }\nfaktum sbt_uger \"gennemsnitlig sagsbehandlingstid\"\nmål 1: frist ultimo 2026; opgøres ultimo; sbt_uger <= 17 uger;\n\n";
    let uri = "file:///tmp/betegnelse.maal";
    c.open(uri, text);
    let labels = labels(c.at("textDocument/completion", uri, 3, 0));
    assert!(labels.contains(&"faktum".to_string()), "{labels:?}");
    let (l, ch) = find(text, "sbt_uger", "mål 1");
    let value = c.at("textDocument/hover", uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("**sbt_uger** «gennemsnitlig sagsbehandlingstid»"), "{value}");
    // On the `faktum` line too, and a rename from there reaches the rule.
    let (l, ch) = find(text, "sbt_uger", "faktum");
    let value = c.at("textDocument/hover", uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("varighed"), "{value}");
    let rename = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}, "newName": "sbt_kommunale"}),
        )
        .unwrap();
    assert_eq!(rename["changes"][uri].as_array().unwrap().len(), 2, "{rename}");
    let (l, ch) = find(text, "faktum", "plan");
    let value = c.at("textDocument/hover", uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("Ordene rapporterne bruger"), "{value}");
    c.finish();
}

/// A milestone's points (`delmål a "…" vægt 5 point: …`) are completed where
/// they stand, after the sub-goal's title.
#[test]
fn a_milestones_weight_is_completed_after_its_title() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 scoring delvis }\nmål 1: frist ultimo 2026; delmål a \"Milepæl 1\" \n";
    let uri = "file:///tmp/milepael.maal";
    c.open(uri, text);
    let (l, ch) = find(text, "\" \n", "Milepæl 1");
    let labels = labels(c.at("textDocument/completion", uri, l, ch + 2));
    assert!(labels.contains(&"vægt".to_string()), "{labels:?}");
    c.finish();
}

#[test]
fn a_duration_completes_weeks_and_days_and_hovers_its_unit() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; svartid <= 17 uger;\nmål 2: frist ultimo 2026; svartid >= 1 dage;\n";
    let uri = "file:///tmp/varighed.maal";
    c.open(uri, text);
    let units = labels(c.at("textDocument/completion", uri, 2, 39));
    assert!(units.contains(&"uger".to_string()) && units.contains(&"dage".to_string()), "{units:?}");
    assert!(!units.iter().any(|u| u.starts_with("mio") || u.starts_with("pct")), "{units:?}");
    let (l, ch) = find(text, "svartid", "mål 1");
    let value = c.at("textDocument/hover", uri, l, ch + 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("varighed"), "{value}");
    c.finish();
}

#[test]
fn formatting_symbols_and_folding() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("digst-2024.maal");
    c.open(&uri, &text);
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .unwrap();
    assert_eq!(edits, json!([]), "the seed plan is formatted");
    let messy = "plan \"x\" { periode 2026 }\nmål 1:   x>=1 ;\n";
    c.open("file:///tmp/rod.maal", messy);
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": "file:///tmp/rod.maal"}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .unwrap();
    let formatted = edits[0]["newText"].as_str().unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(messy.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(formatted, String::from_utf8(cli.stdout).unwrap(), "the same as `maal fmt`");
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).unwrap();
    let sections: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(sections, ["Udvikling og perspektiv", "Ordentlighed og bæredygtighed", "Sikker drift"]);
    let first = &symbols[0]["children"][0];
    assert_eq!(first["name"], "mål 1.1");
    assert_eq!(first["children"].as_array().unwrap().len(), 3, "its sub-goals");
    let folds = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}})).unwrap();
    assert_eq!(folds.as_array().unwrap().len(), 1 + 12, "the header and every goal");
    c.finish();
}

#[test]
fn code_actions_apply_hints_and_allow_warnings() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2026 }\nmål 7:\n  delmål a: x >= 1;\n  delmål b: y >= 1;\n  mål: any(a, bb);\n";
    let uri = "file:///tmp/ret.maal";
    let found = c.open(uri, text);
    let range = found[0]["range"].clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": found}}),
        )
        .unwrap();
    let fix = &actions[0];
    assert_eq!(fix["title"], "Ret til `b`");
    assert_eq!(fix["edit"]["changes"][uri][0]["newText"], "b");
    // A warning: add `tillad W0101;` to its goal.
    let lint = "plan \"x\" { periode 2026 }\nmål 1 \"Uden frist\":\n  x >= 1;\n";
    let uri = "file:///tmp/tillad.maal";
    let found = c.open(uri, lint);
    let w = found.iter().find(|d| d["code"] == "W0101").expect("W0101");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": w["range"], "context": {"diagnostics": [w]}}),
        )
        .unwrap();
    let allow = actions.as_array().unwrap().iter().find(|a| a["title"] == "Tillad W0101 i mål 1").expect("the action");
    let edit = &allow["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "  tillad W0101;\n");
    assert_eq!(edit["range"]["start"], json!({"line": 2, "character": 0}));
    c.finish();
}

#[test]
fn inlay_hints_and_code_lenses_with_a_facts_file() {
    let facts = root().join("examples/facts/cpr-2026-år.toml");
    let mut c = Client::start(json!({"facts": facts.display().to_string()}));
    let (uri, text) = seed("cpr-2026.maal");
    c.open(&uri, &text);
    let hints = c
        .request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}}}))
        .unwrap();
    let labels: Vec<&str> = hints.as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert_eq!(labels.len(), 7);
    assert_eq!(labels[5], "ikke opfyldt");
    assert!(labels[6].starts_with("opfyldt · margin"), "{labels:?}");
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    let seven = &lenses[6]["command"];
    assert_eq!(seven["title"], "Evaluér: opfyldt (pr. 15. januar 2027)");
    assert_eq!(seven["command"], "maal.showExplanation");
    assert!(seven["arguments"][0].as_str().unwrap().starts_with("mål 7 Retvisende budgettering: opfyldt"));
    // Without facts there are none (not an error).
    c.request("workspace/didChangeConfiguration", json!({})).unwrap_err();
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"maal": {"facts": ""}}}));
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": "file:///tmp/none.maal"}})).unwrap();
    assert_eq!(lenses, Value::Null);
    c.finish();
}

/// The seed plans in `rules/` have no report beside them: their reports under
/// `examples/facts/` named after the plan give the hints; a plan with none says
/// why in the hover on `mål`.
#[test]
fn reports_under_examples_facts_named_after_the_plan() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("cpr-2026.maal");
    c.open(&uri, &text);
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    // examples/facts/cpr-2026-år.toml (opgjort 15 January 2027) is the latest of the two.
    assert_eq!(lenses[5]["command"]["title"], "Evaluér: ikke opfyldt (pr. 15. januar 2027)", "{lenses}");
    let dir = tempfile::tempdir().unwrap();
    let lonely = dir.path().join("ensom.maal");
    std::fs::write(&lonely, "plan \"x\" { periode 2026 }\nmål 1: frist ultimo 2026; a >= 1;\n").unwrap();
    let uri = uri_of(&lonely);
    c.open(&uri, &std::fs::read_to_string(&lonely).unwrap());
    let value = c.at("textDocument/hover", &uri, 1, 1)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("Ingen status efter målene") && value.contains("facts"), "{value}");
    c.finish();
}

#[test]
fn bad_input_never_ends_the_server() {
    let mut c = Client::start(json!({}));
    let (uri, text) = seed("cpr-2026.maal");
    c.open(&uri, &text);
    // An unknown method, and bad parameters: error responses.
    assert_eq!(c.request("maal/ukendt", json!({})).unwrap_err().code, -32601);
    assert_eq!(c.request("textDocument/hover", json!({"nonsense": true})).unwrap_err().code, -32602);
    // A change outside the document is ignored; the document stays as it was.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 9}, "contentChanges": [{
            "range": {"start": {"line": 9999, "character": 0}, "end": {"line": 9999, "character": 5}}, "text": "x"}]}),
    );
    // A 16 MB document: a located error, quickly, and the server goes on.
    let big = format!("plan \"x\" {{ periode 2026 }}\n# {}\nmål 1: x >= 1;\n", "å".repeat(8 * 1024 * 1024));
    let found = c.open("file:///tmp/stor.maal", &big);
    assert_eq!(found[0]["code"], "E0003", "{:?}", found[0]);
    let (l, ch) = find(&text, "realiseret", "mål 7");
    let hover = c.at("textDocument/hover", &uri, l, ch);
    assert!(hover["contents"]["value"].as_str().unwrap().contains("realiseret"));
    // Positions past the end answer null.
    assert_eq!(c.at("textDocument/hover", &uri, 99_999, 3), Value::Null);
    assert_eq!(c.at("textDocument/definition", &uri, 0, 99_999), Value::Null);
    c.finish();
}

#[test]
fn requests_before_initialize_and_exit_without_shutdown_are_errors() {
    let (server, conn) = Connection::memory();
    let handle = std::thread::spawn(move || maal::lsp::serve(&server));
    conn.sender.send(Request::new(RequestId::from(1), "textDocument/hover".into(), json!({})).into()).unwrap();
    match conn.receiver.recv_timeout(Duration::from_secs(10)).unwrap() {
        Message::Response(r) => assert_eq!(r.response_result.unwrap_err().code, -32002),
        other => panic!("{other:?}"),
    }
    conn.sender
        .send(Request::new(RequestId::from(2), "initialize".into(), json!({"capabilities": {}})).into())
        .unwrap();
    conn.receiver.recv_timeout(Duration::from_secs(10)).unwrap();
    conn.sender.send(Notification::new("exit".into(), Value::Null).into()).unwrap();
    assert!(handle.join().unwrap().is_err(), "exit without shutdown");
}

/// One framed message.
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads framed messages until one with `id`; returns it.
fn read_until(out: &mut impl BufRead, id: Option<i64>, method: Option<&str>) -> Value {
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(out.read_line(&mut line).unwrap() > 0, "the server ended early");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        out.read_exact(&mut body).unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap();
        if (id.is_some() && value["id"].as_i64() == id) || (method.is_some() && value["method"].as_str() == method) {
            return value;
        }
    }
}

#[test]
fn the_binary_speaks_json_rpc_over_stdio() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    input
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"locale":"da"}}"#,
        ))
        .unwrap();
    let init = read_until(&mut output, Some(1), None);
    assert_eq!(init["result"]["serverInfo"]["name"], "maal");
    // A malformed message and a header without a length are skipped.
    input.write_all(&frame("{ikke json")).unwrap();
    input.write_all(b"X-Nonsense: 1\r\n\r\n").unwrap();
    let (uri, text) = seed("cpr-2026.maal");
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "maal", "version": 1, "text": text.replace("any(a, b)", "any(a, c)")}}});
    input.write_all(&frame(&open.to_string())).unwrap();
    let published = read_until(&mut output, None, Some("textDocument/publishDiagnostics"));
    assert_eq!(published["params"]["diagnostics"][0]["code"], "E0101");
    let (l, ch) = find(&text, "realiseret", "mål 7");
    let hover = json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}});
    input.write_all(&frame(&hover.to_string())).unwrap();
    let answer = read_until(&mut output, Some(2), None);
    assert!(answer["result"]["contents"]["value"].as_str().unwrap().contains("realiseret"));
    input.write_all(&frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)).unwrap();
    assert_eq!(read_until(&mut output, Some(3), None)["result"], Value::Null);
    input.write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)).unwrap();
    drop(input);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_latest_facts_beside_the_plan_give_the_hints_without_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (_, text) = seed("cpr-2026.maal");
    let plan = dir.path().join("cpr-2026.maal");
    std::fs::write(&plan, &text).unwrap();
    for (file, facts) in
        [("halvår.toml", "examples/facts/cpr-2026-halvår.toml"), ("år.toml", "examples/facts/cpr-2026-år.toml")]
    {
        std::fs::copy(root().join(facts), dir.path().join(file)).unwrap();
    }
    // A scenario file beside it is not a report.
    std::fs::write(dir.path().join("x.test.toml"), "opgjort = 2030-01-01\n").unwrap();
    let mut c = Client::start(json!({}));
    let uri = uri_of(&plan);
    c.open(&uri, &text);
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    // The year-end report (opgjort 15 January 2027) is the latest.
    assert_eq!(lenses[5]["command"]["title"], "Evaluér: ikke opfyldt (pr. 15. januar 2027)", "{lenses}");
    c.finish();
}

/// Hostile framing over stdio, to the real binary: a header line that is not
/// UTF-8, a 32 MB header line with no end for a long time, and a message
/// claiming 100 MiB followed at once by a real one. Each is skipped; the
/// server answers what follows, keeps its memory bounded and exits cleanly.
#[test]
fn the_binary_survives_hostile_framing() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    input.write_all(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)).unwrap();
    read_until(&mut output, Some(1), None);
    // Not UTF-8 in a header line.
    input.write_all(b"Content-Length: \xff\xfe\r\n\r\n").unwrap();
    // A header line of 32 MB before its end.
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..32 {
        input.write_all(&chunk).unwrap();
    }
    input.write_all(b"\r\n\r\n").unwrap();
    // A length past the limit, and right after it a real request.
    input.write_all(b"Content-Length: 104857600\r\n\r\n{\"jsonrpc\":\"2.0\",\r\n").unwrap();
    input.write_all(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)).unwrap();
    assert_eq!(read_until(&mut output, Some(2), None)["result"], Value::Null);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    assert!(peak < 64 * 1024, "peak memory {peak} kB after a 32 MB header line");
    input.write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)).unwrap();
    drop(input);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_change_from_a_baseline_year_is_completed_hovered_and_renamed_once() {
    let mut c = Client::start(json!({}));
    let text = "plan \"x\" { periode 2020 }\nmål 1: frist ultimo 2020; sagstid falder mindst 25 pct. fra 2012;\nmål 2: frist ultimo 2020; klager \n";
    let uri = "file:///tmp/basisaar.maal";
    c.open(uri, text);
    let labels = labels(c.at("textDocument/completion", uri, 2, 33));
    assert!(labels.contains(&"falder".to_string()) && labels.contains(&"stiger".to_string()), "{labels:?}");
    assert!(labels.contains(&"hvert år".to_string()), "{labels:?}");
    let (l, ch) = find(text, "falder", "mål 1");
    let value = c.at("textDocument/hover", uri, l, ch + 2)["contents"]["value"].as_str().unwrap().to_string();
    assert!(value.contains("basisår"), "{value}");
    // `sagstid` is read twice (this year and 2012) from one written name: one edit.
    let (l, ch) = find(text, "sagstid", "mål 1");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch + 1}, "newName": "tid"}),
        )
        .expect("rename");
    let edits = edit["changes"][uri].as_array().unwrap_or_else(|| panic!("{edit}"));
    assert_eq!(edits.len(), 1, "{edit}");
    c.finish();
}
