//! `maal lsp`: a language server for rule files, synchronous over stdio
//! (lsp-server + lsp-types, as rust-analyzer and Gleam use them).
//!
//! [`serve`] runs the protocol over any [`Connection`] (the tests use
//! `Connection::memory`); [`run_stdio`] over standard input and output with
//! maal's own framing, so a malformed or oversized message is skipped rather
//! than ending the server. Every request is answered: unknown methods with
//! `MethodNotFound`, bad parameters with `InvalidParams`. Documents are kept
//! in full and analysed on each change (parse, check, lints); the features
//! are in `features/`, one file per request.

use std::collections::HashMap;
use std::io::{BufRead, Write};

pub use lsp_server::Connection;
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    notification::{self, Notification as _},
    request::{self, Request as _},
    Uri,
};
use serde_json::Value;

use crate::check::Checked;
use crate::diag::{Diagnostic, Lang};
use crate::source::Source;
use crate::syntax::ast;

mod features;
pub mod text;

/// The largest message read from standard input; longer ones are skipped.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// One open document and what maal makes of it.
pub(crate) struct Document {
    pub uri: Uri,
    pub text: String,
    pub analysis: Analysis,
}

/// A document parsed and checked.
pub(crate) struct Analysis {
    /// The syntax tree, when the text parses.
    pub file: Option<ast::File>,
    /// The checked plan, when it checks.
    pub checked: Option<Checked>,
    /// Errors, or the warnings of a plan that checks.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    fn of(text: &str) -> Analysis {
        let source = Source::new("plan.maal", text);
        let parsed = crate::syntax::parse(&source.text);
        match parsed {
            Err(diagnostics) => Analysis { file: None, checked: None, diagnostics },
            Ok(file) => match crate::check_parsed(file.clone(), &source) {
                Ok(checked) => {
                    let diagnostics = checked.warnings.clone();
                    Analysis { file: Some(file), checked: Some(checked), diagnostics }
                }
                Err(diagnostics) => Analysis { file: Some(file), checked: None, diagnostics },
            },
        }
    }
}

/// The server's state.
pub(crate) struct Server {
    pub docs: HashMap<String, Document>,
    pub lang: Lang,
    /// A facts file for inlay hints and code lenses (the `facts` setting).
    pub facts: Option<std::path::PathBuf>,
    /// The workspace folder, for the link to `docs/diagnostics.md`.
    pub root: Option<std::path::PathBuf>,
}

/// What the server can do.
fn capabilities() -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "(".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        ..ServerCapabilities::default()
    }
}

/// Runs the server over standard input and output until `exit`; the
/// process's exit code (0 after `shutdown`, 1 otherwise).
pub fn run_stdio() -> i32 {
    // The server speaks on one end of an in-memory pair; these threads carry
    // the other end to standard input and output.
    let (connection, client) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client;
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut frames = Frames::new(stdin.lock());
        loop {
            match frames.next_message() {
                Ok(Some(Ok(message))) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || exit {
                        break;
                    }
                }
                Ok(Some(Err(why))) => log::warn!("maal lsp: {why}; skipped"),
                Ok(None) | Err(_) => break,
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for message in from_server {
            if message.write(&mut out).and_then(|()| out.flush()).is_err() {
                break;
            }
        }
    });
    let code = match serve(&connection) {
        Ok(()) => 0,
        Err(why) => {
            log::error!("maal lsp: {why}");
            1
        }
    };
    drop(connection);
    let _ = writer.join();
    drop(reader);
    code
}

/// The longest header line read; a longer one is skipped, never held.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// Framed messages from a byte stream, robust to what a broken or hostile
/// client sends: header lines are read as bytes, at most [`MAX_HEADER_LINE`]
/// of each is held (a line with no end is skipped as it streams past), a
/// header line that is not UTF-8 is skipped, and the body of a message past
/// [`MAX_MESSAGE_BYTES`] is skipped line by line only until the next
/// `Content-Length` header, so a lying length cannot swallow what follows.
pub struct Frames<R> {
    input: R,
    /// A header line found while skipping: the start of the next message.
    pending: Option<Vec<u8>>,
}

impl<R: BufRead> Frames<R> {
    /// Frames read from `input`.
    pub fn new(input: R) -> Frames<R> {
        Frames { input, pending: None }
    }

    /// One line without its end (`\r\n` or `\n`), and how many bytes it
    /// took; `None` at the end of input; the line is `None` when it was longer
    /// than [`MAX_HEADER_LINE`] (it was read past, not kept).
    fn line(&mut self) -> std::io::Result<Option<(Option<Vec<u8>>, usize)>> {
        let mut line = Vec::new();
        let (mut taken, mut too_long) = (0usize, false);
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                if taken == 0 {
                    return Ok(None);
                }
                break;
            }
            let (part, end) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long {
                line.extend_from_slice(part);
                if line.len() > MAX_HEADER_LINE {
                    too_long = true;
                    line = Vec::new();
                }
            }
            let used = end.unwrap_or(buf.len());
            self.input.consume(used);
            taken += used;
            if end.is_some() {
                break;
            }
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(((!too_long).then_some(line), taken)))
    }

    /// The value of a `Content-Length` header line, if it is one (`Some(None)`:
    /// it is one, but its value is not a length).
    #[allow(clippy::option_option)]
    fn content_length(line: &[u8]) -> Option<Option<usize>> {
        let text = std::str::from_utf8(line).ok()?;
        let (name, value) = text.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())
    }

    /// Reads one framed message: `Ok(None)` at the end of input,
    /// `Ok(Some(Err(why)))` for a message to skip (malformed header or JSON,
    /// too large), `Err` when the input fails.
    pub fn next_message(&mut self) -> std::io::Result<Option<Result<Message, String>>> {
        let mut length = None;
        let mut headers = 0;
        loop {
            let line = match self.pending.take() {
                Some(line) => line,
                None => match self.line()? {
                    None => return Ok(None),
                    Some((Some(line), _)) => line,
                    Some((None, _)) => {
                        return Ok(Some(Err(format!("a header line longer than {MAX_HEADER_LINE} bytes"))))
                    }
                },
            };
            headers += 1;
            if line.is_empty() {
                if headers == 1 {
                    continue; // a stray blank line between messages
                }
                break;
            }
            if std::str::from_utf8(&line).is_err() {
                return Ok(Some(Err("a header line that is not UTF-8".into())));
            }
            if let Some(value) = Self::content_length(&line) {
                length = value;
            }
            if headers > 32 {
                return Ok(Some(Err("too many header lines".into())));
            }
        }
        let Some(length) = length else { return Ok(Some(Err("a message without Content-Length".into()))) };
        if length > MAX_MESSAGE_BYTES {
            // Skip what may be its body, but stop at the next message's header.
            let mut skipped = 0usize;
            while skipped < length {
                match self.line()? {
                    None => break,
                    Some((line, taken)) => {
                        if let Some(line) = line.filter(|l| Self::content_length(l).is_some()) {
                            self.pending = Some(line);
                            break;
                        }
                        skipped = skipped.saturating_add(taken);
                    }
                }
            }
            return Ok(Some(Err(format!("a message of {length} bytes, more than {MAX_MESSAGE_BYTES}"))));
        }
        let mut body = vec![0; length];
        self.input.read_exact(&mut body)?;
        Ok(Some(serde_json::from_slice::<Message>(&body).map_err(|e| format!("malformed message: {e}"))))
    }
}

/// Runs the protocol on `connection`: `initialize`, then requests and
/// notifications until `exit`. `Err` when the client exits without `shutdown`
/// or the connection closes first.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let mut server = Server { docs: HashMap::new(), lang: Lang::Da, facts: None, root: None };
    // Until `initialize`, every other request is an error and notifications are dropped.
    loop {
        let Ok(message) = connection.receiver.recv() else { return Err("the connection closed".into()) };
        match message {
            Message::Request(req) if req.method == request::Initialize::METHOD => {
                server.initialize(&req.params);
                let result = lsp_types::InitializeResult {
                    capabilities: capabilities(),
                    server_info: Some(lsp_types::ServerInfo {
                        name: "maal".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    }),
                };
                send(connection, Response::new_ok(req.id, result));
                break;
            }
            Message::Request(req) => send(
                connection,
                Response::new_err(req.id, ErrorCode::ServerNotInitialized as i32, "initialize first".into()),
            ),
            Message::Notification(n) if n.method == notification::Exit::METHOD => {
                return Err("exit before initialize".into())
            }
            _ => {}
        }
    }
    let mut shut_down = false;
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                if req.method == request::Shutdown::METHOD {
                    shut_down = true;
                    send(connection, Response::new_ok(req.id, Value::Null));
                    continue;
                }
                let id = req.id.clone();
                let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.request(req)))
                    .unwrap_or_else(|_| Err((ErrorCode::InternalError, "the request failed inside maal".into())));
                send(
                    connection,
                    match response {
                        Ok(value) => Response::new_ok(id, value),
                        Err((code, message)) => Response::new_err(id, code as i32, message),
                    },
                );
            }
            Message::Notification(n) if n.method == notification::Exit::METHOD => {
                return if shut_down { Ok(()) } else { Err("exit without shutdown".into()) };
            }
            Message::Notification(n) => {
                let published = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.notification(n)));
                for params in published.unwrap_or_default() {
                    send(connection, Notification::new(notification::PublishDiagnostics::METHOD.into(), params));
                }
            }
            Message::Response(_) => {}
        }
    }
    Err("the connection closed".into())
}

fn send(connection: &Connection, message: impl Into<Message>) {
    let _ = connection.sender.send(message.into());
}

/// A request's error: its code and message.
pub(crate) type Failed = (ErrorCode, String);

impl Server {
    /// Reads the client's locale, `initializationOptions` (`lang`, `facts`) and workspace.
    fn initialize(&mut self, params: &Value) {
        let locale = params.get("locale").and_then(Value::as_str).unwrap_or_default();
        if locale.starts_with("en") {
            self.lang = Lang::En;
        }
        self.settings(params.get("initializationOptions").unwrap_or(&Value::Null));
        let root = params.get("rootUri").and_then(Value::as_str).or_else(|| {
            params.get("workspaceFolders").and_then(|f| f.get(0)).and_then(|f| f.get("uri")).and_then(Value::as_str)
        });
        self.root = root.and_then(text::path_of);
    }

    /// `{"lang": "da"|"en", "facts": "path"}`, also under a `maal` key.
    fn settings(&mut self, value: &Value) {
        let value = value.get("maal").unwrap_or(value);
        match value.get("lang").and_then(Value::as_str) {
            Some("en") => self.lang = Lang::En,
            Some("da") => self.lang = Lang::Da,
            _ => {}
        }
        if let Some(facts) = value.get("facts").and_then(Value::as_str) {
            self.facts = (!facts.is_empty()).then(|| std::path::PathBuf::from(facts));
        }
    }

    /// Handles a notification; returns the diagnostics to publish.
    fn notification(&mut self, n: Notification) -> Vec<lsp_types::PublishDiagnosticsParams> {
        use lsp_types::*;
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return Vec::new() };
                let key = p.text_document.uri.as_str().to_string();
                let analysis = Analysis::of(&p.text_document.text);
                let doc = Document { uri: p.text_document.uri, text: p.text_document.text, analysis };
                self.docs.insert(key.clone(), doc);
                self.publish(&key)
            }
            notification::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return Vec::new() };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.docs.get_mut(&key) else { return Vec::new() };
                let mut text = doc.text.clone();
                for change in &p.content_changes {
                    if !text::apply(&mut text, change.range, &change.text) {
                        // An edit outside the text: the client and server disagree; keep what we have.
                        log::warn!("maal lsp: a change outside the document was ignored");
                        return Vec::new();
                    }
                }
                doc.analysis = Analysis::of(&text);
                doc.text = text;
                self.publish(&key)
            }
            notification::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else { return Vec::new() };
                self.docs.remove(p.text_document.uri.as_str());
                vec![PublishDiagnosticsParams { uri: p.text_document.uri, diagnostics: Vec::new(), version: None }]
            }
            notification::DidChangeConfiguration::METHOD => {
                let settings = n.params.get("settings").cloned().unwrap_or(Value::Null);
                self.settings(&settings);
                self.docs.keys().cloned().collect::<Vec<_>>().iter().flat_map(|k| self.publish(k)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The diagnostics of document `key`, to publish.
    fn publish(&self, key: &str) -> Vec<lsp_types::PublishDiagnosticsParams> {
        let Some(doc) = self.docs.get(key) else { return Vec::new() };
        let diagnostics = features::diagnostics(self, doc);
        vec![lsp_types::PublishDiagnosticsParams { uri: doc.uri.clone(), diagnostics, version: None }]
    }

    /// Answers a request.
    fn request(&mut self, req: Request) -> Result<Value, Failed> {
        let Request { id: _, method, params } = req;
        fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Failed> {
            serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("bad parameters: {e}")))
        }
        #[allow(clippy::unnecessary_wraps)] // the shape every arm of the match returns
        fn json(value: impl serde::Serialize) -> Result<Value, Failed> {
            Ok(serde_json::to_value(value).unwrap_or(Value::Null))
        }
        match method.as_str() {
            request::HoverRequest::METHOD => json(features::hover(self, parse(params)?)),
            request::GotoDefinition::METHOD => json(features::definition(self, parse(params)?)),
            request::References::METHOD => json(features::references(self, parse(params)?)),
            request::Rename::METHOD => json(features::rename(self, parse(params)?)?),
            request::Completion::METHOD => json(features::completion(self, parse(params)?)),
            request::Formatting::METHOD => json(features::formatting(self, parse(params)?)),
            request::DocumentSymbolRequest::METHOD => json(features::symbols(self, parse(params)?)),
            request::FoldingRangeRequest::METHOD => json(features::folding(self, parse(params)?)),
            request::CodeActionRequest::METHOD => json(features::code_actions(self, parse(params)?)),
            request::InlayHintRequest::METHOD => json(features::inlay_hints(self, parse(params)?)),
            request::CodeLensRequest::METHOD => json(features::code_lenses(self, parse(params)?)),
            _ => Err((ErrorCode::MethodNotFound, format!("maal does not handle `{method}`"))),
        }
    }

    /// The open document `uri`, or an error naming it.
    pub(crate) fn doc(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri.as_str())
    }
}
