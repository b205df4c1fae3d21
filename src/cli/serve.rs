//! `maal serve`: the HTTP service on a loopback port, with its signals
//! (SIGHUP reloads the rules, SIGTERM and Ctrl-C stop it).

use crate::diag::{Lang, Msg};

use super::failure::{Failure, Outcome};

/// How the service is started.
pub struct Options {
    pub addr: std::net::SocketAddr,
    pub rules: Option<std::path::PathBuf>,
    pub max_body: usize,
    pub eval_timeout_ms: u64,
    pub token_file: Option<std::path::PathBuf>,
    /// `--allowed-host`: host names accepted in the Host header besides the loopback ones.
    pub allowed_hosts: Vec<String>,
    /// `maal værksted`: write rule files (`--skriv`).
    pub writes: bool,
    /// `maal værksted --facts`: the facts the page starts with.
    pub facts: Option<String>,
    /// `maal værksted`: say where the page is.
    pub workbench: bool,
}

/// Starts the service and runs it until it is stopped.
pub fn run(options: Options, lang: Lang) -> Outcome {
    let Options { addr, rules, max_body, eval_timeout_ms, token_file, allowed_hosts, writes, facts, workbench } =
        options;
    use std::io::Write;
    use std::sync::Arc;
    if let Some(dir) = rules.as_ref().filter(|d| !d.is_dir()) {
        let dir = dir.display();
        return Err(Failure::usage(format!("{dir} er ikke en mappe"), format!("{dir} is not a directory")));
    }
    let token = token(token_file.as_deref())?;
    if token.is_none() {
        let why = if addr.ip().is_loopback() { "" } else { " (adressen er ikke lokal)" };
        let why_en = if addr.ip().is_loopback() { "" } else { " (the address is not loopback)" };
        let note = Msg::new(
            format!("uden token{why} er genindlæsning og skrivning over HTTP slået fra; giv --token-file FIL eller MAAL_TOKEN"),
            format!("without a token{why_en}, reload and writes over HTTP are off; give --token-file FILE or MAAL_TOKEN"),
        );
        eprintln!("{}", note.get(lang));
    }
    let start_facts = match facts {
        Some(path) => Some(crate::facts::to_json(&super::load::facts(&path)?)),
        None => None,
    };
    if writes && rules.is_none() {
        return Err(Failure::usage("--skriv kræver --rules", "--skriv needs --rules"));
    }
    let defaults = crate::serve::Config::default();
    // On a loopback address only the loopback names (no DNS rebinding); on
    // another, the names given, or any when none are.
    let mut hosts = allowed_hosts;
    if addr.ip().is_loopback() {
        hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
    }
    let config = crate::serve::Config {
        token,
        allowed_hosts: hosts,
        writes,
        start_facts,
        rules_dir: rules,
        max_body_bytes: max_body,
        eval_timeout: std::time::Duration::from_millis(eval_timeout_ms),
        limits: crate::syntax::Limits { max_source_bytes: max_body, ..defaults.limits },
        ..defaults
    };
    let state = Arc::new(crate::serve::AppState::new(config));
    let report = state.reload();
    print_reload(&report, lang);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("kan ikke starte: {e}"), format!("cannot start: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Failure::usage(format!("kan ikke lytte på {addr}: {e}"), format!("cannot listen on {addr}: {e}"))
        })?;
        // SIGHUP reloads the rules directory; a broken file keeps its previous plan.
        // The handler is in place before the address is printed, so a client
        // that signals right away doesn't meet SIGHUP's default (terminate).
        let hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
        let reloader = Arc::clone(&state);
        tokio::spawn(async move {
            let Ok(mut hangups) = hangups else { return };
            while hangups.recv().await.is_some() {
                let worker = Arc::clone(&reloader);
                if let Ok(report) = tokio::task::spawn_blocking(move || worker.reload()).await {
                    print_reload(&report, lang);
                }
            }
        });
        let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| addr.to_string());
        let listening = if workbench {
            Msg::new(format!("Værkstedet: http://{local}/"), format!("The workbench: http://{local}/"))
        } else {
            Msg::new(format!("maal lytter på http://{local}"), format!("maal listening on http://{local}"))
        };
        println!("{}", listening.get(lang));
        let _ = std::io::stdout().flush();
        let shutdown = async {
            let terminate = async {
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(mut s) => {
                        s.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                () = terminate => {},
            }
        };
        crate::serve::serve(listener, state, shutdown)
            .await
            .map_err(|e| Failure::usage(format!("tjenesten stoppede: {e}"), format!("the service stopped: {e}")))
    })
}

/// The token from `--token-file`, else `MAAL_TOKEN`; an empty or unreadable file is an error.
fn token(file: Option<&std::path::Path>) -> Result<Option<String>, Failure> {
    if let Some(path) = file {
        let shown = path.display();
        let text = crate::source::read_file(path)
            .and_then(|b| String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
            .map_err(|e| Failure::usage(format!("kan ikke læse {shown}: {e}"), format!("cannot read {shown}: {e}")))?;
        // One line; its newline is not part of the token.
        let line = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
        if line.contains('\n') {
            return Err(Failure::usage(
                format!("{shown} har flere linjer; et token er én linje"),
                format!("{shown} has several lines; a token is one line"),
            ));
        }
        let token = line.trim();
        if token.is_empty() {
            return Err(Failure::usage(format!("{shown} er tom"), format!("{shown} is empty")));
        }
        return Ok(Some(token.to_string()));
    }
    Ok(std::env::var("MAAL_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
}

fn print_reload(report: &crate::serve::ReloadReport, lang: Lang) {
    let word = |da: &str, en: &str| Msg::new(da, en).get(lang).to_string();
    eprintln!("{}: {}", word("indlæst", "loaded"), report.loaded.join(", "));
    for f in &report.failed {
        let kept = if f.kept_previous {
            word(" (den forrige version bruges fortsat)", " (the previous version is still served)")
        } else {
            String::new()
        };
        eprintln!("{}: {} ({}){kept}", word("fejlede", "failed"), f.name, f.file);
        for d in &f.diagnostics {
            let place = d.location.map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default();
            eprintln!("  {}:{place}: {}[{}]: {}", d.file, d.severity, d.code, d.message);
        }
    }
    if !report.removed.is_empty() {
        eprintln!("{}: {}", word("fjernet", "removed"), report.removed.join(", "));
    }
}
