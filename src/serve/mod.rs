//! The HTTP service behind `maal serve` (axum on tokio).
//!
//! Endpoints (all JSON; the OpenAPI document at `/openapi.json` is generated
//! from the handlers and types below):
//!
//! - `POST /v1/evaluate`: a plan (loaded by name, or inline source), facts and
//!   an as-of date → the evaluation (the schema of `maal eval --format json`).
//! - `POST /v1/check`: rule source → diagnostics with spans, line/column, code.
//! - `GET /v1/plans`, `GET /v1/plans/{name}/facts`: what is loaded, what it needs.
//! - `GET /v1/portfolio?per=DATE&lang=da`: the rules directory read as a
//!   portfolio (one folder per institution, see `maal::portfolio`).
//! - `POST /v1/reload`: re-read the rules directory (also on `SIGHUP`, wired in `main.rs`).
//! - `GET /healthz`.
//!
//! Loaded plans live in one immutable [`Catalogue`] behind an `Arc` that a
//! reload swaps whole, so a request sees either the old or the new set, never
//! a mix. A plan whose new text fails to compile keeps its previous version.
//! Inline sources are compiled once and cached by their text. Every client
//! error is a 4xx with a JSON body `{"error": {…}}`; evaluation runs on the
//! blocking pool under a time limit.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Path as UrlPath, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::diag::ErrorKind;
use crate::diag::{Lang, Msg};
use crate::eval::Evaluation;
use crate::facts::Facts;
use crate::plan::{Plan, RequiredFact};
use crate::render::{to_json, JsonDiagnostic};
use crate::syntax::Limits;

mod conn;
mod workbench;

pub use workbench::{FormatRequest, MarginResponse, PlanSource, ReadFacts, Start, WorkRequest, WriteSource};

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
    config: Config,
    catalogue: RwLock<Arc<Catalogue>>,
    cache: Mutex<SourceCache>,
    /// One permit per piece of work (parse, check, compile, evaluate, read,
    /// render) that may run at once: work that cannot start within the time
    /// limit is refused with a 503 and never started, so a flood of large
    /// requests costs at most this many pieces of work at a time.
    workers: Arc<tokio::sync::Semaphore>,
}

/// How much memory a compiled plan takes per byte of its source, at most
/// (measured: 32 MiB of generated source compiled to about 1,35 GB).
const COMPILED_PER_SOURCE_BYTE: usize = 48;

#[derive(Default)]
struct SourceCache {
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
    fn compile_inline(&self, name: &str, source: &str) -> Result<Arc<Plan>, crate::Error> {
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
fn plan_name(file: &Path) -> String {
    file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The service's routes over `state`.
pub fn app(state: Arc<AppState>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/v1/plans", get(list_plans))
        .route("/v1/plans/{name}/facts", get(plan_facts))
        .route("/v1/check", post(check))
        .route("/v1/evaluate", post(evaluate))
        .route("/v1/reload", post(reload))
        .route("/v1/portfolio", get(portfolio))
        .route("/", get(workbench::page))
        .route("/vaerksted.js", get(workbench::script))
        .route("/vaerksted.css", get(workbench::style))
        .route("/v1/plans/{name}/source", get(workbench::plan_source).put(workbench::write_source))
        .route("/v1/facts/read", post(workbench::read_facts))
        .route("/v1/margin", post(workbench::margin))
        .route("/v1/report", post(workbench::report))
        .route("/v1/format", post(workbench::format))
        .route("/v1/workbench", get(workbench::start))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Every request: the `Host` header must name an allowed host; every
/// response says not to sniff its type and not to send a referrer.
async fn guard(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let allowed = &state.config.allowed_hosts;
    if !allowed.is_empty() {
        let host = request.headers().get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(host_name(host))) {
            let message = format!("this server answers to {} only, not to Host `{host}`", allowed.join(", "));
            return ApiError::new(StatusCode::MISDIRECTED_REQUEST, "forbidden_host", message).into_response();
        }
    }
    let mut response = next.run(request).await;
    // A rejection from the framework (a body past the limit, say) is text:
    // every error this service gives is the documented JSON.
    let text = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if text && (response.status().is_client_error() || response.status().is_server_error()) {
        let status = response.status();
        let body = axum::body::to_bytes(std::mem::take(response.body_mut()), 4096).await.unwrap_or_default();
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        response = ApiError::new(status, code, String::from_utf8_lossy(&body).into_owned()).into_response();
    }
    let headers = response.headers_mut();
    headers.insert(axum::http::header::X_CONTENT_TYPE_OPTIONS, axum::http::HeaderValue::from_static("nosniff"));
    headers.insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
    response
}

/// `localhost:8080` → `localhost`, `[::1]:80` → `[::1]`.
fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(rest) => rest.find(']').map_or(host, |end| &host[..end + 2]),
        None => host.split(':').next().unwrap_or(host),
    }
}

/// Serves `app(state)` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = &state.config;
    let limits = conn::ConnLimits {
        max_connections: config.max_connections.max(1),
        header_timeout: config.header_timeout,
        idle_timeout: config.idle_timeout.max(config.eval_timeout.saturating_mul(2)),
    };
    conn::serve(listener, app(Arc::clone(&state)), limits, shutdown).await
}

/// The OpenAPI document of the service.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(title = "maal", description = "Evaluate Danish goal-and-result plans (mål- og resultatplaner)."),
    paths(
        healthz,
        list_plans,
        plan_facts,
        check,
        evaluate,
        reload,
        portfolio,
        workbench::plan_source,
        workbench::write_source,
        workbench::read_facts,
        workbench::margin,
        workbench::report,
        workbench::format,
        workbench::start
    ),
    modifiers(&BearerToken)
)]
struct ApiDoc;

/// The bearer token that reload and writes need, in the OpenAPI document.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The language of words in responses.
#[derive(Clone, Copy, Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LangParam {
    /// Danish (the default).
    #[default]
    Da,
    /// English.
    En,
}

impl From<LangParam> for Lang {
    fn from(l: LangParam) -> Lang {
        match l {
            LangParam::Da => Lang::Da,
            LangParam::En => Lang::En,
        }
    }
}

/// `POST /v1/evaluate`: what to evaluate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// The name of a loaded plan (see `GET /v1/plans`). Give this or `source`.
    pub plan: Option<String>,
    /// Inline rule source. Give this or `plan`.
    pub source: Option<String>,
    /// The reported facts: a JSON object laid out as a `.json` fact file, or a
    /// string holding a fact file in `facts_format`.
    #[schema(value_type = Object)]
    #[serde(default)]
    pub facts: serde_json::Value,
    /// How a string in `facts` is written: `json` or `toml` (default `toml`).
    pub facts_format: Option<FactsFormat>,
    /// The as-of date, `YYYY-MM-DD`; default today.
    pub as_of: Option<NaiveDate>,
    /// The language of explanations: `da` (default) or `en`.
    #[serde(default)]
    pub lang: LangParam,
}

/// The format of facts given as a string.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactsFormat {
    /// A `.json` fact file.
    Json,
    /// A `.toml` fact file.
    Toml,
}

/// `POST /v1/evaluate`: the evaluation, plus any rule that could not be computed.
#[derive(Serialize, ToSchema)]
pub struct EvaluateResponse {
    /// The evaluation, as `maal eval --format json` prints it.
    #[serde(flatten)]
    pub evaluation: Evaluation,
    /// Rules that could not be computed (their goals have status `error`).
    pub errors: Vec<JsonDiagnostic>,
}

/// `POST /v1/check`: rule source to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The rule source.
    pub source: String,
    /// The name shown in diagnostics (default `plan.maal`).
    pub name: Option<String>,
    /// The language of messages: `da` (default) or `en`.
    #[serde(default)]
    pub lang: LangParam,
}

/// `POST /v1/check`: the verdict and every diagnostic.
#[derive(Serialize, ToSchema)]
pub struct CheckResponse {
    /// True when the plan has no errors (it may have warnings).
    pub ok: bool,
    /// Errors, or warnings when `ok`.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The facts the plan needs, when `ok`.
    pub facts: Vec<RequiredFact>,
}

/// One loaded plan, as listed.
#[derive(Serialize, ToSchema)]
pub struct PlanInfo {
    /// The name to evaluate it by.
    pub name: String,
    /// The plan's title.
    pub title: String,
    /// The institution, when named.
    pub institution: Option<String>,
    /// The goal numbers.
    pub goals: Vec<String>,
    /// How many facts it needs.
    pub fact_count: usize,
    /// The file it was loaded from.
    pub file: String,
    /// How many warnings the checker gave.
    pub warnings: usize,
}

/// `GET /v1/plans/{name}/facts`.
#[derive(Serialize, ToSchema)]
pub struct PlanFacts {
    /// The plan's name.
    pub plan: String,
    /// Every fact it reads.
    pub facts: Vec<RequiredFact>,
}

/// `GET /healthz`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the service answers.
    pub status: String,
    /// How many plans are loaded.
    pub plans: usize,
}

/// Every error response: `{"error": {…}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorBody {
    /// The error.
    pub error: ApiError,
}

/// A client or service error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// A stable word: `bad_json`, `bad_request`, `unsupported_media_type`,
    /// `payload_too_large`, `unknown_plan`, `rules`, `facts`, `timeout`, `not_found`, …
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
    /// Located problems in the rules or the facts, when there are any.
    pub diagnostics: Vec<JsonDiagnostic>,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status: status.as_u16(), code: code.to_string(), message: message.into(), diagnostics: Vec::new() }
    }

    fn from_maal(e: &crate::Error, lang: Lang) -> ApiError {
        let (code, message) = match e.kind {
            ErrorKind::Rules => ("rules", Msg::new("reglerne har fejl", "the rules have errors")),
            ErrorKind::Facts => ("facts", Msg::new("fakta passer ikke til planen", "the facts do not fit the plan")),
            ErrorKind::Evaluation => ("evaluation", Msg::new("evalueringen fejlede", "evaluation failed")),
            ErrorKind::Io => ("io", Msg::new("en fil kunne ikke læses", "a file could not be read")),
        };
        let status = match e.kind {
            ErrorKind::Io => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        // A file that could not be read is named by the server's path to it:
        // said in the service's log, not to the client.
        let diagnostics = match e.kind {
            ErrorKind::Io => {
                log::warn!("maal: {}", e.render(Lang::En).trim_end());
                Vec::new()
            }
            _ => to_json(&e.source, &e.diagnostics, lang),
        };
        ApiError { diagnostics, ..ApiError::new(status, code, message.get(lang)) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ApiErrorBody { error: self })).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = rejection.status();
        let code = match &rejection {
            JsonRejection::JsonSyntaxError(_) => "bad_json",
            JsonRejection::JsonDataError(_) => "bad_request",
            JsonRejection::MissingJsonContentType(_) => "unsupported_media_type",
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            _ => "bad_request",
        };
        ApiError::new(status, code, rejection.body_text())
    }
}

/// `Json<T>` whose rejections are JSON [`ApiError`]s.
struct ApiJson<T>(T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health { status: "ok".into(), plans: state.catalogue().len() })
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

/// The loaded plans.
#[utoipa::path(get, path = "/v1/plans", responses((status = 200, body = Vec<PlanInfo>)))]
async fn list_plans(State(state): State<Arc<AppState>>) -> Json<Vec<PlanInfo>> {
    let catalogue = state.catalogue();
    Json(
        catalogue
            .iter()
            .map(|(name, loaded)| PlanInfo {
                name: name.clone(),
                title: loaded.plan.title().to_string(),
                institution: loaded.plan.institution().map(str::to_string),
                goals: loaded.plan.goal_ids().into_iter().map(str::to_string).collect(),
                fact_count: loaded.plan.checked().facts.len(),
                file: loaded.file.display().to_string(),
                warnings: loaded.plan.warnings().len(),
            })
            .collect(),
    )
}

/// The facts a loaded plan needs.
#[utoipa::path(
    get,
    path = "/v1/plans/{name}/facts",
    params(("name" = String, Path, description = "The plan's name")),
    responses((status = 200, body = PlanFacts), (status = 404, body = ApiErrorBody))
)]
async fn plan_facts(
    State(state): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Json<PlanFacts>, ApiError> {
    let catalogue = state.catalogue();
    let loaded = catalogue.get(&name).ok_or_else(|| unknown_plan(&name, &catalogue))?;
    Ok(Json(PlanFacts { plan: name, facts: loaded.plan.required_facts() }))
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

fn unknown_plan(name: &str, catalogue: &Catalogue) -> ApiError {
    let mut message = format!("no plan named `{name}` is loaded");
    if let Some(hint) = crate::diag::did_you_mean(name, catalogue.keys().map(String::as_str)) {
        message.push_str(&format!("; {}", hint.en));
    }
    ApiError::new(StatusCode::NOT_FOUND, "unknown_plan", message)
}

/// Checks rule source and returns every diagnostic.
#[utoipa::path(
    post,
    path = "/v1/check",
    request_body = CheckRequest,
    responses((status = 200, body = CheckResponse), (status = 400, body = ApiErrorBody), (status = 415, body = ApiErrorBody))
)]
async fn check(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<CheckRequest>,
) -> Result<Json<CheckResponse>, ApiError> {
    let lang = Lang::from(request.lang);
    let name = request.name.unwrap_or_else(|| "plan.maal".to_string());
    let limits = state.config.limits;
    let work = move || match Plan::compile_with(&name, &request.source, &limits) {
        Ok(plan) => CheckResponse {
            ok: true,
            diagnostics: to_json(plan.source(), plan.warnings(), lang),
            facts: plan.required_facts(),
        },
        Err(e) => CheckResponse { ok: false, diagnostics: to_json(&e.source, &e.diagnostics, lang), facts: Vec::new() },
    };
    Ok(Json(blocking(&state, work).await?))
}

/// Evaluates a plan against facts as of a date.
#[utoipa::path(
    post,
    path = "/v1/evaluate",
    request_body = EvaluateRequest,
    responses(
        (status = 200, body = EvaluateResponse),
        (status = 400, body = ApiErrorBody, description = "Malformed JSON or request"),
        (status = 404, body = ApiErrorBody, description = "Unknown plan"),
        (status = 413, body = ApiErrorBody, description = "Body too large"),
        (status = 415, body = ApiErrorBody, description = "Not application/json"),
        (status = 422, body = ApiErrorBody, description = "Rules or facts with errors"),
        (status = 503, body = ApiErrorBody, description = "Evaluation took too long")
    )
)]
async fn evaluate(
    State(state): State<Arc<AppState>>,
    ApiJson(mut request): ApiJson<EvaluateRequest>,
) -> Result<Json<EvaluateResponse>, ApiError> {
    let lang = Lang::from(request.lang);
    let as_of = request.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    // A plan by name is looked up before any work is queued (an unknown name is a 404 at once).
    let plan = PlanRef::of(&state, request.plan.as_deref(), request.source.take())?;
    let worker_state = Arc::clone(&state);
    let work = move || -> Result<EvaluateResponse, ApiError> {
        let plan = plan.resolve(&worker_state, lang)?;
        let facts = facts_of(request.facts, request.facts_format).map_err(|e| ApiError::from_maal(&e, lang))?;
        let evaluation = plan.evaluate_in(&facts, as_of, lang).map_err(|e| ApiError::from_maal(&e, lang))?;
        let errors = to_json(plan.source(), &evaluation.errors, lang);
        Ok(EvaluateResponse { evaluation, errors })
    };
    Ok(Json(blocking(&state, work).await??))
}

/// Facts from a request: an object in the JSON fact layout, or a fact file as a string.
fn facts_of(value: serde_json::Value, format: Option<FactsFormat>) -> Result<Facts, crate::Error> {
    match value {
        serde_json::Value::Null => Ok(Facts::default()),
        serde_json::Value::String(text) => match format {
            Some(FactsFormat::Json) => Facts::from_json(&text),
            _ => Facts::from_toml(&text),
        },
        // Pretty-printed, so a diagnostic's line and column point at one fact.
        other => Facts::from_json(&serde_json::to_string_pretty(&other).unwrap_or_default()),
    }
}

/// Runs `work` on the blocking pool under the evaluation time limit.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let limit = state.config.eval_timeout;
    // Waiting for a worker counts against the limit; work that cannot start
    // in time is never started.
    let deadline = tokio::time::Instant::now() + limit;
    let Ok(Ok(permit)) = tokio::time::timeout_at(deadline, Arc::clone(&state.workers).acquire_owned()).await else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!(
                "all {} workers stayed busy for the limit of {} ms; try again shortly",
                state.config.workers.max(1),
                limit.as_millis()
            ),
        ));
    };
    // The permit goes with the work: it is free again only when the work ends,
    // also when the request has stopped waiting for it.
    let work = move || {
        let value = work();
        drop(permit);
        value
    };
    match tokio::time::timeout_at(deadline, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => {
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the evaluation stopped unexpectedly"))
        }
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the work took longer than the limit of {} ms", limit.as_millis()),
        )),
    }
}

/// Whether a request may change things: the configured token as a bearer
/// token, compared in constant time. Without a configured token nothing may.
fn authorise(state: &AppState, headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "no_token",
            "changes are off: start the service with a token (--token-file FILE or MAAL_TOKEN)",
        ));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        // The scheme's name in any case (RFC 7235).
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .unwrap_or_default();
    if same_secret(given.trim().as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "this needs `Authorization: Bearer <token>`"))
    }
}

/// Byte strings compared without stopping at the first difference.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

/// Re-reads the rules directory; broken files keep their previous plan. Needs the token.
#[utoipa::path(
    post,
    path = "/v1/reload",
    responses(
        (status = 200, body = ReloadReport),
        (status = 401, body = ApiErrorBody, description = "No or a wrong bearer token"),
        (status = 403, body = ApiErrorBody, description = "The service has no token: changes are off")
    ),
    security(("bearer" = []))
)]
async fn reload(
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
) -> Result<Json<ReloadReport>, ApiError> {
    authorise(&state, &headers)?;
    let worker = Arc::clone(&state);
    // Reloading reads files and compiles; it is not bound by the evaluation limit.
    tokio::task::spawn_blocking(move || worker.reload())
        .await
        .map(Json)
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the reload stopped unexpectedly"))
}

/// The rules directory read as a portfolio: each institution's latest report,
/// the goals that need attention and those at risk, and each folder's bad
/// input with its diagnostics (the rest is still evaluated).
#[utoipa::path(
    get,
    path = "/v1/portfolio",
    params(
        ("per" = Option<String>, Query, description = "Leave out reports dated after this (YYYY-MM-DD); default today"),
        ("lang" = Option<String>, Query, description = "da (default) or en")
    ),
    responses(
        (status = 200, body = crate::portfolio::Portfolio),
        (status = 400, body = ApiErrorBody, description = "A bad query"),
        (status = 404, body = ApiErrorBody, description = "No rules directory"),
        (status = 503, body = ApiErrorBody, description = "It took too long")
    )
)]
async fn portfolio(
    State(state): State<Arc<AppState>>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<crate::portfolio::Portfolio>, ApiError> {
    let mut per = None;
    let mut lang = Lang::Da;
    for pair in query.as_deref().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let bad = |what: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", what.to_string());
        match pair.split_once('=') {
            Some(("per", v)) => {
                per =
                    Some(v.parse::<NaiveDate>().map_err(|_| bad(&format!("`per` is not a date (YYYY-MM-DD): `{v}`")))?);
            }
            Some(("lang", "da")) => lang = Lang::Da,
            Some(("lang", "en")) => lang = Lang::En,
            Some(("lang", v)) => return Err(bad(&format!("`lang` is `da` or `en`, not `{v}`"))),
            _ => return Err(bad(&format!("unknown query parameter `{pair}`; give `per` and `lang`"))),
        }
    }
    let Some(dir) = state.config.rules_dir.clone() else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no_rules", "the service has no rules directory (--rules)"));
    };
    let per = per.unwrap_or_else(|| chrono::Local::now().date_naive());
    let work = move || crate::portfolio::load(&dir, per, lang);
    let portfolio = blocking(&state, work).await?.map_err(|e| ApiError::from_maal(&e, lang))?;
    Ok(Json(portfolio))
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no endpoint at {}", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}", uri.path()),
    )
}
