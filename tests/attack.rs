//! The service under a flood of large work: 100 concurrent reports of a
//! 680 KB inline plan, each past the time limit. Its own test binary, so it
//! runs alone (cargo runs test binaries one after another) and its load does
//! not slow the other large-input tests; a release build (`.ci/run`).

#[path = "common/server.rs"]
mod server;

use serde_json::json;

/// The whole test needs a release build (a 680 KB plan compiles in well under a second).
const FULL: bool = !cfg!(debug_assertions);
const HEADER: &str = "plan \"Stor\" { periode 2026 }\n";

/// Peak resident memory (VmHWM) and CPU ticks (user + system) of a process.
fn process_use(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<u64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().filter_map(|f| f.parse().ok()).collect())
        .unwrap_or_default();
    let ticks = fields.get(10).copied().unwrap_or(0) + fields.get(11).copied().unwrap_or(0);
    (peak, ticks)
}

/// 100 concurrent reports of a 680 KB inline plan, each past the time
/// limit: every one is answered, the work that could not start in time is
/// never started (at most one piece per worker runs on), the peak memory
/// stays far below the 4,6 GB the unbounded service reached, and the CPU is
/// idle again soon after the last answer.
#[cfg(target_os = "linux")]
#[test]
fn concurrent_large_reports_past_the_time_limit_stop_costing() {
    if !FULL {
        return;
    }
    let server = server::Server::start(&["--max-body", "4194304"]);
    let goals: String = (1..8000)
        .map(|i| format!("mål {i} \"Mål {i}\": frist ultimo 2026; x{i} >= {i} og |a{i} - b{i}| <= 2 mio. kr.;\n"))
        .collect();
    let source = format!("{HEADER}{goals}");
    assert!(source.len() > 500_000);
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..100)
            .map(|i| {
                let (base, source) = (&server.base, &source);
                scope.spawn(move || {
                    let body = json!({ "source": format!("{source}# {i}\n"), "facts": {}, "as_of": "2027-01-15" });
                    let (status, _) = server::post(
                        &server::agent(),
                        &format!("{base}/v1/report"),
                        "application/json",
                        &body.to_string(),
                    );
                    status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|s| *s == 200 || *s == 503), "{answers:?}");
    // Idle again: less than 0,2 s of CPU in a second, within 30 s.
    let mut idle = false;
    for _ in 0..30 {
        let (_, before) = process_use(server.pid());
        std::thread::sleep(std::time::Duration::from_secs(1));
        let (_, after) = process_use(server.pid());
        if after - before < 20 {
            idle = true;
            break;
        }
    }
    let (peak_kb, _) = process_use(server.pid());
    assert!(idle, "the service kept working after every request was answered");
    assert!(peak_kb < 1_500_000, "peak memory {peak_kb} kB");
}
