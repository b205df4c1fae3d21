//! The service against what an attacker on the same machine sends, as raw
//! bytes to the real binary on a loopback port: a foreign Host header (DNS
//! rebinding) is refused before any plan, fact or path is read; responses
//! say `nosniff` and send no referrer.

#[path = "common/server.rs"]
#[allow(dead_code)]
mod server;

use std::io::{Read, Write};
use std::net::TcpStream;

use server::Server;

/// One raw HTTP/1.1 request; the whole response as text.
fn raw(base: &str, request: &str) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

fn get(base: &str, path: &str, host: &str) -> String {
    raw(base, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

#[test]
fn a_foreign_host_gets_nothing_from_a_loopback_server() {
    let server = Server::start(&["--rules", "rules"]);
    let port = server.base.rsplit(':').next().unwrap().to_string();
    for path in ["/v1/plans", "/v1/plans/cpr-2026/source", "/healthz", "/"] {
        let response = get(&server.base, path, "evil.example");
        assert!(response.starts_with("HTTP/1.1 421"), "{path}: {response}");
        assert!(!response.contains("cpr-2026.maal") && !response.contains("CPR-administrationen"), "{response}");
        let response = get(&server.base, path, &format!("evil.example:{port}"));
        assert!(response.starts_with("HTTP/1.1 421"), "{path}: {response}");
    }
    // No Host at all (HTTP/1.0) is refused too.
    let response = raw(&server.base, "GET /v1/plans HTTP/1.0\r\n\r\n");
    assert!(response.starts_with("HTTP/1.0 421") || response.starts_with("HTTP/1.1 421"), "{response}");
    for host in
        [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "LOCALHOST".to_string(), format!("[::1]:{port}")]
    {
        let response = get(&server.base, "/v1/plans", &host);
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
        let lower = response.to_lowercase();
        assert!(lower.contains("x-content-type-options: nosniff"), "{response}");
        assert!(lower.contains("referrer-policy: no-referrer"), "{response}");
    }
}

#[test]
fn allowed_host_admits_a_reverse_proxys_name() {
    let server = Server::start(&["--rules", "rules", "--allowed-host", "maal.example.dk"]);
    assert!(get(&server.base, "/healthz", "maal.example.dk").starts_with("HTTP/1.1 200"));
    assert!(get(&server.base, "/healthz", "localhost").starts_with("HTTP/1.1 200"));
    assert!(get(&server.base, "/healthz", "evil.example").starts_with("HTTP/1.1 421"));
    let workbench = Server::start_command("værksted", &["--rules", "rules"]);
    assert!(get(&workbench.base, "/", "evil.example").starts_with("HTTP/1.1 421"));
    assert!(get(&workbench.base, "/", "127.0.0.1").starts_with("HTTP/1.1 200"));
}

/// `maal fmt` writes through a fresh temp file: a file or symlink planted
/// where the old, predictable temp name was is neither followed nor
/// overwritten, the plan keeps its permissions, and no temp file is left.
#[cfg(unix)]
#[test]
fn fmt_writes_atomically_without_following_a_planted_link_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "do not touch\n").unwrap();
    let plan = dir.path().join("p.maal");
    std::fs::write(&plan, "plan \"p\" {  periode 2026 }\nmål 1:   x >= 1;\n").unwrap();
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Every name the old writer could have used for this file.
    for pid in 0..200u32 {
        let _ = std::os::unix::fs::symlink(&victim, dir.path().join(format!(".p.maal.maal-tmp-{pid}")));
    }
    let status =
        std::process::Command::new(env!("CARGO_BIN_EXE_maal")).args(["fmt", plan.to_str().unwrap()]).status().unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "do not touch\n");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("mål 1:\n  x >= 1;"), "{text}");
    let mode = std::fs::metadata(&plan).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| std::path::Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The rules folder: a symlink out of it, a link loop and a FIFO named
/// `*.maal` neither stall the start nor get served.
#[cfg(unix)]
#[test]
fn the_rules_folder_walk_skips_links_and_fifos() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/cpr-2026.maal"), dir.path().join("cpr.maal")).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/digst-2024.maal"), outside.path().join("ude.maal"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("ud")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop1")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop2")).unwrap();
    let fifo = dir.path().join("blok.maal");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let server = Server::start(&["--rules", dir.path().to_str().unwrap()]);
    let plans = get(&server.base, "/v1/plans", "127.0.0.1");
    assert!(plans.starts_with("HTTP/1.1 200"), "{plans}");
    assert!(plans.contains("\"cpr\""), "{plans}");
    assert!(!plans.contains("ude") && !plans.contains("blok"), "{plans}");
}

/// `/dev/zero` and a FIFO as rules or facts: a clear error and exit 2 at
/// once, not a read that fills memory or never ends.
#[cfg(unix)]
#[test]
fn endless_and_blocking_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fakta.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let cases: [&[&str]; 4] = [
        &["check", "/dev/zero"],
        &["eval", "rules/cpr-2026.maal", "--facts", "/dev/zero"],
        &["eval", "rules/cpr-2026.maal", "--facts", fifo.to_str().unwrap()],
        &["check", fifo.to_str().unwrap()],
    ];
    for args in cases {
        let started = std::time::Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("ikke en almindelig fil"), "{args:?}: {err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{args:?}");
    }
}

/// A token file with a trailing newline works; one with several lines is refused at start.
#[test]
fn token_files_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two");
    std::fs::write(&two, "hemmelig\nanden\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maal"))
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file", two.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("flere linjer"));
}

/// A client sending its request a byte a second is cut off once the head
/// has not arrived within the header time (10 s), not kept forever.
#[test]
fn a_byte_a_second_client_is_cut_off() {
    let server = Server::start(&["--rules", "rules"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(&address).unwrap();
    let request = b"GET /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for byte in request {
        if stream.write_all(&[*byte]).is_err() {
            cut_off = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
        if started.elapsed() > std::time::Duration::from_secs(25) {
            break;
        }
    }
    if !cut_off {
        // The server may have closed without the write failing yet: it reads nothing more.
        stream.set_read_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        cut_off = read.is_ok() || rest.starts_with(b"HTTP/1.1 408");
    }
    assert!(cut_off, "the slow client was kept for {:?}", started.elapsed());
    assert!(started.elapsed() < std::time::Duration::from_secs(25));
    // The service answers others all along.
    assert!(get(&server.base, "/healthz", "127.0.0.1").starts_with("HTTP/1.1 200"));
}

/// Past 512 open connections the next one gets a 503 at once; when they
/// close, the service answers again.
#[test]
fn connections_past_the_cap_get_a_503() {
    let server = Server::start(&["--rules", "rules"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let idle: Vec<TcpStream> = (0..512).map(|_| TcpStream::connect(&address).unwrap()).collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut extra = TcpStream::connect(&address).unwrap();
    extra.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let mut answer = String::new();
    let _ = extra.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("too_many_connections"), "{answer}");
    drop(idle);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(get(&server.base, "/healthz", "127.0.0.1").starts_with("HTTP/1.1 200"));
}

/// A body past the limit on `/v1/facts/read` is the documented JSON error,
/// and a look-alike plan name (fullwidth `ＣＰＲ`) is refused for writing.
#[test]
fn rejections_are_json_and_look_alike_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/cpr-2026.maal"), dir.path().join("cpr-2026.maal"))
        .unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "hemmelig\n").unwrap();
    let server = Server::start_command(
        "værksted",
        &[
            "--rules",
            dir.path().to_str().unwrap(),
            "--skriv",
            "--token-file",
            token.to_str().unwrap(),
            "--max-body",
            "100000",
        ],
    );
    let body = "x".repeat(200_000);
    let response = raw(
        &server.base,
        &format!(
            "POST /v1/facts/read?name=f.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.to_lowercase().contains("content-type: application/json"), "{response}");
    assert!(response.contains("\"code\":\"too_large\""), "{response}");
    let source = r#"{"source": "plan \"x\" { periode 2026 }\nmål 1: a >= 1;\n"}"#;
    let put = |name: &str| {
        raw(
            &server.base,
            &format!(
                "PUT /v1/plans/{name}/source HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer hemmelig\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{source}",
                source.len()
            ),
        )
    };
    let response = put("%EF%BC%A3%EF%BC%B0%EF%BC%B2-2026");
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(!dir.path().join("ＣＰＲ-2026.maal").exists());
    assert!(put("ny-plan").starts_with("HTTP/1.1 200"));
    assert!(dir.path().join("ny-plan.maal").exists());
}
