//! What the service holds: its `Config`, the `Catalogue` of loaded plans (swapped whole on
//! reload), the inline-source cache, and `PlanRef`, the one plan lookup of every endpoint.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::*;
use crate::diag::Lang;
use crate::plan::Plan;
use crate::render::{to_json, JsonDiagnostic};
use crate::syntax::Limits;

/// How the service is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory of `.maal` files served by name (the file stem), if any.
    pub rules_dir: Option<PathBuf>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The longest one compile-and-evaluate may take before the request gets a 503.
    pub eval_timeout: Duration,
    /// Source size, nesting depth and goal count limits for every plan.
    pub limits: Limits,
    /// How much memory the compiled plans of inline sources may take in the
    /// cache, in bytes (estimated from their sources; a plan larger than this
    /// is compiled for its request and not kept).
    pub cache_bytes: usize,
    /// How many pieces of work (compile, evaluate, read, render) may run at
    /// once; a request that cannot get one within `eval_timeout` gets a 503
    /// and its work is never started.
    pub workers: usize,
    /// The token that reload and every write need (`Authorization: Bearer …`);
    /// without one they are refused.
    pub token: Option<String>,
    /// Whether the workbench may write rule files inside `rules_dir` (`--skriv`;
    /// the token is needed too).
    pub writes: bool,
    /// Facts the workbench page starts with (`maal værksted --facts`), in the JSON fact layout.
    pub start_facts: Option<serde_json::Value>,
    /// Open connections at once; the next gets a 503 and is closed.
    pub max_connections: usize,
    /// The time a client has to send a request's head (slow clients are cut off).
    pub header_timeout: Duration,
    /// The time a connection may sit with nothing read or written (at least
    /// twice `eval_timeout`, so a long evaluation is never cut off).
    pub idle_timeout: Duration,
    /// The host names a request's `Host` header may name (port aside); empty:
    /// any. `maal serve` on a loopback address allows only `localhost`,
    /// `127.0.0.1` and `[::1]` (and `--allowed-host`), so a page on another
    /// site whose name resolves to 127.0.0.1 (DNS rebinding) gets a 421.
    pub allowed_hosts: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        let max_body_bytes = 1024 * 1024;
        Config {
            rules_dir: None,
            max_body_bytes,
            eval_timeout: Duration::from_secs(2),
            limits: Limits { max_source_bytes: max_body_bytes, ..Limits::default() },
            cache_bytes: 256 * 1024 * 1024,
            workers: std::thread::available_parallelism().map_or(2, std::num::NonZero::get).max(2),
            token: None,
            writes: false,
            start_facts: None,
            allowed_hosts: Vec::new(),
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// One loaded plan.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The compiled plan.
    pub plan: Arc<Plan>,
    /// The file it came from.
    pub file: PathBuf,
}

/// The plans loaded from the rules directory, by name; replaced whole on reload.
pub type Catalogue = BTreeMap<String, Loaded>;

/// What a reload did.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct ReloadReport {
    /// Plans now served from their current file.
    pub loaded: Vec<String>,
    /// Plans whose file failed; `kept_previous` tells whether an older version is still served.
    pub failed: Vec<FailedPlan>,
    /// Plans no longer served because their file is gone.
    pub removed: Vec<String>,
}

/// A plan file that did not compile on reload.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FailedPlan {
    /// The plan's name (file stem).
    pub name: String,
    /// The file.
    pub file: String,
    /// Whether the previously loaded version is still served.
    pub kept_previous: bool,
    /// What is wrong with the file.
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// Shared service state: configuration, loaded plans, compiled-source cache.
pub struct AppState {
    pub(crate) config: Config,
    catalogue: RwLock<Arc<Catalogue>>,
    cache: Mutex<SourceCache>,
    /// One permit per piece of work (parse, check, compile, evaluate, read,
    /// render) that may run at once: work that cannot start within the time
    /// limit is refused with a 503 and never started, so a flood of large
    /// requests costs at most this many pieces of work at a time.
    pub(crate) workers: Arc<tokio::sync::Semaphore>,
}

/// How much memory a compiled plan takes per byte of its source, at most
/// (measured: 32 MiB of generated source compiled to about 1,35 GB).
pub(crate) const COMPILED_PER_SOURCE_BYTE: usize = 48;

#[derive(Default)]
pub(crate) struct SourceCache {
    plans: HashMap<String, Arc<Plan>>,
    bytes: usize,
}

impl AppState {
    /// A service state; call [`AppState::reload`] to load the rules directory.
    pub fn new(config: Config) -> AppState {
        let workers = Arc::new(tokio::sync::Semaphore::new(config.workers.max(1)));
        AppState { config, catalogue: RwLock::new(Arc::new(Catalogue::new())), cache: Mutex::default(), workers }
    }

    /// The plans served now.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        match self.catalogue.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Re-reads the rules directory and swaps the catalogue in one step. A
    /// file that fails keeps its plan's previous version, if there was one.
    pub fn reload(&self) -> ReloadReport {
        let mut report = ReloadReport::default();
        let Some(dir) = &self.config.rules_dir else { return report };
        let old = self.catalogue();
        let mut new = Catalogue::new();
        for file in crate::source::files_ending_with(dir, ".maal") {
            let name = plan_name(&file);
            if new.contains_key(&name) {
                report.failed.push(FailedPlan {
                    name: name.clone(),
                    file: file.display().to_string(),
                    kept_previous: true,
                    diagnostics: Vec::new(),
                });
                continue;
            }
            // Inside the rules folder only regular files are served: a link
            // could lead out of it, a FIFO would block the reload.
            let loaded = if crate::source::is_regular(&file) {
                Plan::from_file(&file, &self.config.limits)
            } else {
                let shown = file.display().to_string();
                let why = std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "ikke en almindelig fil i regelmappen (et symbolsk link, en FIFO eller en enhed); den følges ikke / not a regular file in the rules folder (a symbolic link, FIFO or device); not followed",
                );
                Err(crate::Error::new(
                    crate::ErrorKind::Io,
                    &crate::source::Source::new(shown.clone(), ""),
                    vec![crate::diag::io_error(&shown, &why)],
                ))
            };
            match loaded {
                Ok(plan) => {
                    report.loaded.push(name.clone());
                    new.insert(name, Loaded { plan: Arc::new(plan), file });
                }
                Err(e) => {
                    let previous = old.get(&name).cloned();
                    report.failed.push(FailedPlan {
                        name: name.clone(),
                        file: file.display().to_string(),
                        kept_previous: previous.is_some(),
                        diagnostics: to_json(&e.source, &e.diagnostics, Lang::Da),
                    });
                    if let Some(previous) = previous {
                        new.insert(name, previous);
                    }
                }
            }
        }
        report.removed = old.keys().filter(|k| !new.contains_key(*k)).cloned().collect();
        let new = Arc::new(new);
        match self.catalogue.write() {
            Ok(mut guard) => *guard = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
        report
    }

    /// Compiles inline source, or returns the cached plan for the same text.
    pub(crate) fn compile_inline(&self, name: &str, source: &str) -> Result<Arc<Plan>, crate::Error> {
        let key = format!("{name}\u{0}{source}");
        if let Some(plan) = self.cache.lock().ok().and_then(|c| c.plans.get(&key).cloned()) {
            return Ok(plan);
        }
        let plan = Arc::new(Plan::compile_with(name, source, &self.config.limits)?);
        // Charged by what the compiled plan may hold in memory, not by its text.
        let cost = key.len().saturating_mul(COMPILED_PER_SOURCE_BYTE);
        if let Ok(mut cache) =
            self.cache.lock().map_err(|_| ()).and_then(|c| (cost <= self.config.cache_bytes).then_some(c).ok_or(()))
        {
            if cache.bytes + cost > self.config.cache_bytes {
                // Simple and bounded: start over rather than track recency.
                *cache = SourceCache::default();
            }
            cache.bytes += cost;
            cache.plans.insert(key, Arc::clone(&plan));
        }
        Ok(plan)
    }
}

/// A plan's name: its file stem (`rules/cpr-2026.maal` → `cpr-2026`).
pub(crate) fn plan_name(file: &Path) -> String {
    file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The plan a request names (`plan`) or holds (`source`): the one lookup of
/// every endpoint that takes either.
pub(crate) enum PlanRef {
    /// A loaded plan, looked up by name.
    Loaded(Arc<Plan>),
    /// Rule text sent with the request, compiled (or found in the cache) by `resolve`.
    Inline(String),
}

impl PlanRef {
    /// Exactly one of `plan` and `source`; a name must be loaded.
    pub(crate) fn of(state: &AppState, plan: Option<&str>, source: Option<String>) -> Result<PlanRef, ApiError> {
        match (plan, source) {
            (Some(name), None) => {
                let catalogue = state.catalogue();
                let loaded = catalogue.get(name).ok_or_else(|| unknown_plan(name, &catalogue))?;
                Ok(PlanRef::Loaded(Arc::clone(&loaded.plan)))
            }
            (None, Some(source)) => Ok(PlanRef::Inline(source)),
            _ => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "give exactly one of `plan` and `source`")),
        }
    }

    /// The compiled plan: work for a worker when the text is new.
    pub(crate) fn resolve(self, state: &AppState, lang: Lang) -> Result<Arc<Plan>, ApiError> {
        match self {
            PlanRef::Loaded(plan) => Ok(plan),
            PlanRef::Inline(source) => {
                state.compile_inline("plan.maal", &source).map_err(|e| ApiError::from_maal(&e, lang))
            }
        }
    }
}

pub(crate) fn unknown_plan(name: &str, catalogue: &Catalogue) -> ApiError {
    let mut message = format!("no plan named `{name}` is loaded");
    if let Some(hint) = crate::diag::did_you_mean(name, catalogue.keys().map(String::as_str)) {
        message.push_str(&format!("; {}", hint.en));
    }
    ApiError::new(StatusCode::NOT_FOUND, "unknown_plan", message)
}
