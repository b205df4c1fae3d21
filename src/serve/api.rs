//! The JSON endpoints: bodies (request and response types, in the OpenAPI document) and handlers.

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::diag::Lang;
use crate::facts::Facts;
use crate::plan::{Plan, RequiredFact};
use crate::render::json::Evaluation;
use crate::render::{to_json, JsonDiagnostic};

/// The language of words in responses.
#[derive(Clone, Copy, Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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
#[non_exhaustive]
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
    #[schema(value_type = Vec<schema::RequiredFact>)]
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
    #[schema(value_type = Vec<schema::RequiredFact>)]
    pub facts: Vec<RequiredFact>,
}

/// The schema of [`RequiredFact`] (the front door's type carries no
/// derive of the service's); `tests` holds it to what serde writes.
mod schema {
    #![allow(dead_code)] // only its schema is used

    /// One fact a plan needs reported.
    #[derive(utoipa::ToSchema)]
    pub struct RequiredFact {
        /// The fact's name as the rules write it.
        pub name: String,
        /// `money`, `percent`, `number`, `date`, `bool`, or `unknown` when no rule fixes it.
        pub kind: String,
        /// The years it is reported for (`frafald[2023]`), empty when not indexed by year.
        pub years: Vec<i32>,
        /// The goals that read it.
        pub goals: Vec<String>,
        /// The kind described for people, in Danish.
        pub description: String,
        /// The plan's words for it (`faktum x "…"`), when it gives some.
        pub label: Option<String>,
    }
}

/// `GET /healthz`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the service answers.
    pub status: String,
    /// How many plans are loaded.
    pub plans: usize,
}

#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub(crate) async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health { status: "ok".into(), plans: state.catalogue().len() })
}

pub(crate) async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

/// The loaded plans.
#[utoipa::path(get, path = "/v1/plans", responses((status = 200, body = Vec<PlanInfo>)))]
pub(crate) async fn list_plans(State(state): State<Arc<AppState>>) -> Json<Vec<PlanInfo>> {
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
pub(crate) async fn plan_facts(
    State(state): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Json<PlanFacts>, ApiError> {
    let catalogue = state.catalogue();
    let loaded = catalogue.get(&name).ok_or_else(|| unknown_plan(&name, &catalogue))?;
    Ok(Json(PlanFacts { plan: name, facts: loaded.plan.required_facts() }))
}

/// Checks rule source and returns every diagnostic.
#[utoipa::path(
    post,
    path = "/v1/check",
    request_body = CheckRequest,
    responses((status = 200, body = CheckResponse), (status = 400, body = ApiErrorBody), (status = 415, body = ApiErrorBody))
)]
pub(crate) async fn check(
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
pub(crate) async fn evaluate(
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
        Ok(EvaluateResponse { evaluation: Evaluation::of(&evaluation), errors })
    };
    Ok(Json(blocking(&state, work).await??))
}

/// Facts from a request: an object in the JSON fact layout, or a fact file as a string.
pub(crate) fn facts_of(value: serde_json::Value, format: Option<FactsFormat>) -> Result<Facts, crate::Error> {
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
pub(crate) async fn blocking<T: Send + 'static>(
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
pub(crate) fn authorise(state: &AppState, headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
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
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
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
pub(crate) async fn reload(
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
pub(crate) async fn portfolio(
    State(state): State<Arc<AppState>>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<crate::portfolio::Portfolio>, ApiError> {
    let mut per = None;
    let mut lang = Lang::Da;
    for pair in query.as_deref().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let bad = |what: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", what.to_string());
        match pair.split_once('=') {
            Some(("per", v)) => {
                per = Some(
                    crate::value::parse_date(v)
                        .ok_or_else(|| bad(&format!("`per` is not a date (YYYY-MM-DD): `{v}`")))?,
                );
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

pub(crate) async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no endpoint at {}", uri.path()))
}

pub(crate) async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}", uri.path()),
    )
}
