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

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::diag::ErrorKind;
use crate::diag::Lang;
use crate::facts::Facts;
use crate::plan::Plan;

mod api;
mod conn;
mod errors;
mod state;
mod workbench;

pub use api::*;
pub use errors::*;
pub use state::*;

pub use workbench::{FormatRequest, MarginResponse, PlanSource, ReadFacts, Start, WorkRequest, WriteSource};

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
        .route("/v1/facts/xlsx", post(workbench::facts_xlsx))
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
        workbench::facts_xlsx,
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

#[cfg(test)]
mod tests {
    use crate::eval::{Status, Truth};
    use crate::source::Span;

    /// Every status and truth: the matches are exhaustive, so a new variant
    /// does not compile until it is listed here (and its schema below checked).
    fn every() -> (Vec<Status>, Vec<Truth>) {
        let statuses =
            [Status::Met, Status::PartlyMet, Status::NotMet, Status::Pending, Status::Dropped, Status::Error];
        for s in statuses {
            match s {
                Status::Met
                | Status::PartlyMet
                | Status::NotMet
                | Status::Pending
                | Status::Dropped
                | Status::Error => {}
            }
        }
        let truths = [Truth::True, Truth::False, Truth::Unknown, Truth::Error];
        for t in truths {
            match t {
                Truth::True | Truth::False | Truth::Unknown | Truth::Error => {}
            }
        }
        (statuses.to_vec(), truths.to_vec())
    }

    fn schema(name: &str) -> serde_json::Value {
        let document = serde_json::to_value(super::openapi_document()).unwrap();
        document["components"]["schemas"][name].clone()
    }

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    /// The schemas written beside the JSON (`render::json::schema`,
    /// `api::schema`) say what serde writes of the core types.
    #[test]
    fn the_written_schemas_match_what_serde_writes() {
        let (statuses, truths) = every();
        let status_words: Vec<serde_json::Value> = statuses.iter().map(|s| serde_json::to_value(s).unwrap()).collect();
        assert_eq!(schema("Status")["enum"].as_array().unwrap(), &status_words);
        let truth_words: Vec<serde_json::Value> = truths.iter().map(|t| serde_json::to_value(t).unwrap()).collect();
        assert_eq!(schema("Truth")["enum"].as_array().unwrap(), &truth_words);
        let span = serde_json::to_value(Span::new(1, 2)).unwrap();
        assert_eq!(keys(&schema("Span")["properties"]), keys(&span));
        let plan = crate::Plan::compile("p.maal", "plan \"p\" { periode 2026 }\nmål 1: x >= 1;\n").unwrap();
        let fact = serde_json::to_value(&plan.required_facts()[0]).unwrap();
        assert_eq!(keys(&schema("RequiredFact")["properties"]), keys(&fact));
    }
}
