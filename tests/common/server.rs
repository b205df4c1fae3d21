//! Starting the real `maal serve` on a free loopback port, and a small JSON client.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `maal serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    /// Starts `maal serve --addr 127.0.0.1:0 ARGS` in the crate root and waits for its address.
    pub fn start(args: &[&str]) -> Server {
        Server::start_command("serve", args)
    }

    /// Starts `maal COMMAND --addr 127.0.0.1:0 ARGS` (`serve` or `værksted`).
    pub fn start_command(command: &str, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_maal"))
            .args([command, "--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("maal serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("maal serve prints its address");
        let base = line.trim().rsplit(' ').next().expect("an address").trim_end_matches('/').to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "unexpected first line: {line}");
        Server { child, base }
    }

    /// The process id, for signals.
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns every status as a value, not an error.
pub fn agent() -> ureq::Agent {
    agent_waiting(30)
}

/// An agent that waits up to `seconds` for an answer: for 16 MB bodies, which a
/// busy two-core machine may take longer than half a minute to check.
#[allow(dead_code)]
pub fn agent_waiting(seconds: u64) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(seconds)))
        .build()
        .into()
}

/// `GET url` → (status, body as JSON, or `null` when not JSON).
#[allow(dead_code)]
pub fn get(agent: &ureq::Agent, url: &str) -> (u16, serde_json::Value) {
    let mut response = agent.get(url).call().expect("the request completes");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// `POST url` with `body` and a content type → (status, body as JSON, or `null`).
#[allow(dead_code)]
pub fn post(agent: &ureq::Agent, url: &str, content_type: &str, body: &str) -> (u16, serde_json::Value) {
    let mut response = agent.post(url).header("content-type", content_type).send(body).expect("the request completes");
    let status = response.status().as_u16();
    // Past ureq's default 10 MB: 100 000 diagnostics are about 25 MB of JSON.
    let text = response.body_mut().with_config().limit(256 * 1024 * 1024).read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}
