//! A bounded load test of `maal serve` on loopback: 200 concurrent clients
//! for 10 seconds, each evaluating the CPR plan's year-end report over a
//! kept-alive connection. Fails on any error; reports requests/s and latency.
//!
//! Run: `cargo bench --bench load` (`MAAL_LOAD_CLIENTS`, `MAAL_LOAD_SECS` change the shape).
//! Clients and server share this machine's cores, so the figures are a floor.

#[path = "../tests/common/server.rs"]
mod server;

use std::time::{Duration, Instant};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let clients = env_or("MAAL_LOAD_CLIENTS", 200) as usize;
    let seconds = env_or("MAAL_LOAD_SECS", 10);
    let server = server::Server::start(&["--rules", "rules"]);
    let url = format!("{}/v1/evaluate", server.base);
    let facts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/facts/cpr-2026-år.toml"))
        .expect("the example facts");
    let body = serde_json::json!({"plan": "cpr-2026", "facts": facts, "as_of": "2027-01-15"}).to_string();

    // One request checked in full before the clock starts.
    let (status, first) = server::post(&server::agent(), &url, "application/json", &body);
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["total"]["score"], "85.71428571428571428571428571");

    let start = Instant::now();
    let stop = start + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (url, body) = (url.clone(), body.clone());
            std::thread::spawn(move || {
                let agent = server::agent();
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                while Instant::now() < stop {
                    let sent = Instant::now();
                    match agent.post(&url).header("content-type", "application/json").send(&body) {
                        Ok(mut response) if response.status() == 200 => {
                            // Read the whole body, as a real client would.
                            if let Err(e) = response.body_mut().read_to_vec() {
                                errors.push(format!("body: {e}"));
                            }
                        }
                        Ok(response) => errors.push(format!("status {}", response.status())),
                        Err(e) => errors.push(e.to_string()),
                    }
                    latencies.push(sent.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.join().expect("a client thread");
        latencies.extend(l);
        errors.extend(e);
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    let pick = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map(|d| format!("{:.2} ms", d.as_secs_f64() * 1e3)).unwrap_or_default();
    println!(
        "load: {clients} clients, {:.1} s, {} requests, {:.0} requests/s, p50 {}, p99 {}, max {}, errors {}",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(pick(0.50)),
        ms(pick(0.99)),
        ms(latencies.last()),
        errors.len()
    );
    if !errors.is_empty() {
        eprintln!("first errors: {:?}", &errors[..errors.len().min(5)]);
        std::process::exit(1);
    }
}
