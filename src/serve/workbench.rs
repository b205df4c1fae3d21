//! Værkstedet: the browser workbench (`maal værksted`, and `maal serve` at
//! `/`). One page of plain HTML, CSS and JavaScript compiled into the binary
//! (no build step, nothing fetched from elsewhere: the Content-Security-Policy
//! says so), and the endpoints it uses beyond `check` and `evaluate`: a plan's
//! source (read; written only with `--skriv` and the token), fact files read
//! into the JSON fact layout, `maal fmt`, margins and what a goal needs, and
//! the annual report. The server keeps no session: scenarios live in the page.

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::header;

use super::*;

const PAGE: &str = include_str!("workbench/index.html");
const SCRIPT: &str = include_str!("workbench/vaerksted.js");
const STYLE: &str = include_str!("workbench/vaerksted.css");

/// Nothing but this origin's own script and style; no frames, no forms elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; \
                   form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page.
pub(super) async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

pub(super) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub(super) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// What the page starts with.
#[derive(Serialize, ToSchema)]
pub struct Start {
    /// The loaded plans' names (from `--rules`).
    pub plans: Vec<String>,
    /// Facts to start from (`maal værksted --facts`), in the JSON fact layout.
    #[schema(value_type = Option<Object>)]
    pub facts: Option<serde_json::Value>,
    /// Whether rule files can be written (`--skriv`; the token is needed too).
    pub writable: bool,
}

/// What the page starts with: the plans, the facts, whether it may write.
#[utoipa::path(get, path = "/v1/workbench", responses((status = 200, body = Start)))]
pub(super) async fn start(State(state): State<Arc<AppState>>) -> Json<Start> {
    Json(Start {
        plans: state.catalogue().keys().cloned().collect(),
        facts: state.config.start_facts.clone(),
        writable: state.config.writes,
    })
}

/// A loaded plan's rule text.
#[derive(Serialize, ToSchema)]
pub struct PlanSource {
    /// The plan's name.
    pub name: String,
    /// Its rule text.
    pub source: String,
    /// Whether the service writes rule files (`--skriv`; the token is needed too).
    pub writable: bool,
}

/// The rule text of a loaded plan.
#[utoipa::path(
    get,
    path = "/v1/plans/{name}/source",
    params(("name" = String, Path, description = "The plan's name")),
    responses((status = 200, body = PlanSource), (status = 404, body = ApiErrorBody))
)]
pub(super) async fn plan_source(
    State(state): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
) -> Result<Json<PlanSource>, ApiError> {
    let catalogue = state.catalogue();
    let loaded = catalogue.get(&name).ok_or_else(|| unknown_plan(&name, &catalogue))?;
    let source = loaded.plan.source().text.clone();
    Ok(Json(PlanSource { name, source, writable: state.config.writes }))
}

/// `PUT /v1/plans/{name}/source`: new rule text for a plan file.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteSource {
    /// The rule text.
    pub source: String,
}

/// Writes a plan's rule file inside `--rules` (atomically), when the service
/// was started with `--skriv`, with the token; then reloads. Text that does not
/// check is refused with its diagnostics.
#[utoipa::path(
    put,
    path = "/v1/plans/{name}/source",
    params(("name" = String, Path, description = "The plan's name: its file is NAME.maal in --rules")),
    request_body = WriteSource,
    responses(
        (status = 200, body = Written),
        (status = 401, body = ApiErrorBody, description = "No or a wrong bearer token"),
        (status = 403, body = ApiErrorBody, description = "Writes are off (no --skriv, or no token configured)"),
        (status = 422, body = ApiErrorBody, description = "The rules have errors")
    ),
    security(("bearer" = []))
)]
pub(super) async fn write_source(
    State(state): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
    headers: axum::http::HeaderMap,
    ApiJson(request): ApiJson<WriteSource>,
) -> Result<Json<Written>, ApiError> {
    if !state.config.writes {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "writes_off", "start with --skriv to write rule files"));
    }
    authorise(&state, &headers)?;
    let Some(dir) = state.config.rules_dir.clone() else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no_rules", "the service has no rules directory (--rules)"));
    };
    // A name that reads like another (`ＣＰＲ-2026`, fullwidth) is not a new plan:
    // only names that compatibility normalisation (NFKC) leaves as they are.
    let folded: String = unicode_normalization::UnicodeNormalization::nfkc(name.as_str()).collect();
    let valid =
        !name.is_empty() && folded == *name && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "a plan name is letters, digits, - and _, in their plain form (no fullwidth or other look-alike letters)",
        ));
    }
    // The loaded plan's own file, else NAME.maal directly in --rules.
    let path = state.catalogue().get(&name).map_or_else(|| dir.join(format!("{name}.maal")), |l| l.file.clone());
    let limits = state.config.limits;
    let worker = Arc::clone(&state);
    let work = move || -> Result<Written, ApiError> {
        Plan::compile_with(&format!("{name}.maal"), &request.source, &limits)
            .map_err(|e| ApiError::from_maal(&e, Lang::Da))?;
        // The file's name, never the server's path to it.
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        crate::source::write_atomic(&path, request.source.as_bytes()).map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "io", format!("cannot write {file}: {}", e.kind()))
        })?;
        Ok(Written { file, reload: worker.reload() })
    };
    Ok(Json(blocking(&state, work).await??))
}

/// What saving a plan's source did: the file written (its name in the rules
/// directory), and the reload that followed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Written {
    /// The file written, by name (`cpr-2026.maal`).
    pub file: String,
    /// The reload after it.
    #[serde(flatten)]
    pub reload: ReloadReport,
}

/// The facts as an Excel workbook: the plan's fill-in sheet (`maal facts PLAN
/// --format xlsx`) with the given values in, each as written, so the department
/// can pass it on and read it back in (`/v1/facts/read`) to the same facts.
#[utoipa::path(
    post,
    path = "/v1/facts/xlsx",
    request_body = WorkRequest,
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
pub(super) async fn facts_xlsx(
    State(state): State<Arc<AppState>>,
    ApiJson(mut request): ApiJson<WorkRequest>,
) -> Result<Response, ApiError> {
    let lang = Lang::from(request.lang);
    let worker = Arc::clone(&state);
    let work = move || -> Result<Vec<u8>, ApiError> {
        let plan = PlanRef::of(&worker, request.plan.as_deref(), request.source.take())?.resolve(&worker, lang)?;
        let mut facts = facts_of(request.facts, None).map_err(|e| ApiError::from_maal(&e, lang))?;
        facts.as_of = request.as_of.or(facts.as_of);
        crate::facts::sheet::filled_xlsx(plan.checked(), &crate::facts::to_json(&facts), lang)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e))
    };
    let body = blocking(&state, work).await??;
    Ok(([(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")], body)
        .into_response())
}

/// A fact file read into the JSON fact layout.
#[derive(Serialize, ToSchema)]
pub struct ReadFacts {
    /// The facts as a `.json` fact file holds them (values as strings as written).
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
}

/// Reads a fact file sent as the body (TOML, JSON, CSV or Excel, by `name`'s
/// extension) into the JSON fact layout, for the page's form.
#[utoipa::path(
    post,
    path = "/v1/facts/read",
    params(("name" = String, Query, description = "The file's name; its extension says how to read it")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ReadFacts), (status = 400, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody))
)]
pub(super) async fn read_facts(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Json<ReadFacts>, ApiError> {
    let name = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .find_map(|p| p.strip_prefix("name="))
        .map(percent_decode)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "give the file's name: ?name=fakta.csv")
        })?;
    let work = move || Facts::read(&name, &body).map(|f| crate::facts::to_json(&f));
    let facts = blocking(&state, work).await?.map_err(|e| ApiError::from_maal(&e, Lang::Da))?;
    Ok(Json(ReadFacts { facts }))
}

/// `%C3%B8` → `ø`, `+` → space; undecodable input as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 3;
                }
                None => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a workbench request evaluates: a plan and facts as of a date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkRequest {
    /// A loaded plan's name. Give this or `source`.
    pub plan: Option<String>,
    /// Inline rule source. Give this or `plan`.
    pub source: Option<String>,
    /// Facts in the JSON fact layout (as `POST /v1/evaluate`).
    #[schema(value_type = Object)]
    #[serde(default)]
    pub facts: serde_json::Value,
    /// The as-of date; default today.
    pub as_of: Option<NaiveDate>,
    /// `da` (default) or `en`.
    #[serde(default)]
    pub lang: LangParam,
    /// For `/v1/margin`: the goal.
    pub goal: Option<String>,
    /// For `/v1/report`: `md` (default), `csv` or `html`.
    pub format: Option<String>,
}

/// A goal's margins and what it needs, in words.
#[derive(Serialize, ToSchema)]
pub struct MarginResponse {
    /// How far each fact can move before the goal changes status (the REPL's `margin`).
    pub margin: String,
    /// What the goal needs to be met (the REPL's `mangler`).
    pub needed: String,
}

/// How far each fact of a goal can move before it changes status, and what it needs.
#[utoipa::path(
    post,
    path = "/v1/margin",
    request_body = WorkRequest,
    responses((status = 200, body = MarginResponse), (status = 400, body = ApiErrorBody), (status = 422, body = ApiErrorBody))
)]
pub(super) async fn margin(
    State(state): State<Arc<AppState>>,
    ApiJson(mut request): ApiJson<WorkRequest>,
) -> Result<Json<MarginResponse>, ApiError> {
    let lang = Lang::from(request.lang);
    let Some(goal) = request.goal.clone().filter(|g| !g.is_empty() && !g.contains(char::is_whitespace)) else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "give the goal: `\"goal\": \"7\"`"));
    };
    let worker = Arc::clone(&state);
    let work = move || -> Result<MarginResponse, ApiError> {
        let plan = PlanRef::of(&worker, request.plan.as_deref(), request.source.take())?.resolve(&worker, lang)?;
        let facts = facts_of(request.facts, None).map_err(|e| ApiError::from_maal(&e, lang))?;
        plan.evaluate_in(&facts, request.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()), lang)
            .map_err(|e| ApiError::from_maal(&e, lang))?;
        let as_of = request.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
        let mut session = crate::repl::Session::new(&plan, facts, as_of, lang);
        let words = if lang == Lang::Da { ("margin", "mangler") } else { ("margin", "needed") };
        Ok(MarginResponse {
            margin: session.execute(&format!("{} {goal}", words.0)),
            needed: session.execute(&format!("{} {goal}", words.1)),
        })
    };
    Ok(Json(blocking(&state, work).await??))
}

/// The annual report as Markdown, CSV, HTML, JSON (the rows' sentences, as the
/// workbench shows them) or a Word document.
#[utoipa::path(
    post,
    path = "/v1/report",
    request_body = WorkRequest,
    responses(
        (status = 200, content_type = "text/plain", body = String, description = "md, csv, html or json as text; docx as the bytes of a Word document"),
        (status = 400, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
pub(super) async fn report(
    State(state): State<Arc<AppState>>,
    ApiJson(mut request): ApiJson<WorkRequest>,
) -> Result<Response, ApiError> {
    let lang = Lang::from(request.lang);
    let (content_type, format) = match request.format.as_deref().unwrap_or("md") {
        "md" => ("text/markdown; charset=utf-8", "md"),
        "csv" => ("text/csv; charset=utf-8", "csv"),
        "html" => ("text/html; charset=utf-8", "html"),
        "json" => ("application/json", "json"),
        #[cfg(feature = "docx")]
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        other => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("`format` is md, csv, html, json or docx, not `{other}`"),
            ))
        }
    };
    let worker = Arc::clone(&state);
    let work = move || -> Result<Vec<u8>, ApiError> {
        let plan = PlanRef::of(&worker, request.plan.as_deref(), request.source.take())?.resolve(&worker, lang)?;
        let facts = facts_of(request.facts, None).map_err(|e| ApiError::from_maal(&e, lang))?;
        let as_of = request.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
        let evaluation = plan.evaluate_in(&facts, as_of, lang).map_err(|e| ApiError::from_maal(&e, lang))?;
        let report = crate::render::annual::build(&plan, &evaluation, &[], lang);
        let failed = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e);
        Ok(match format {
            "csv" => crate::render::annual::csv(&report, lang).into_bytes(),
            "html" => crate::render::annual::html(&report, lang).into_bytes(),
            "json" => serde_json::to_vec(&report).map_err(|e| failed(e.to_string()))?,
            #[cfg(feature = "docx")]
            "docx" => crate::render::docx::docx(&report, lang).map_err(failed)?,
            _ => crate::render::annual::markdown(&report, lang).into_bytes(),
        })
    };
    let body = blocking(&state, work).await??;
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// `POST /v1/format`: rule text to lay out (and the answer: laid out).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormatRequest {
    /// The rule text.
    pub source: String,
}

/// Rule text in the canonical layout (`maal fmt`); text that does not parse is 422 with its diagnostics.
#[utoipa::path(
    post,
    path = "/v1/format",
    request_body = FormatRequest,
    responses((status = 200, body = FormatRequest), (status = 422, body = ApiErrorBody))
)]
pub(super) async fn format(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<FormatRequest>,
) -> Result<Json<FormatRequest>, ApiError> {
    let limits = state.config.limits;
    let work = move || -> Result<FormatRequest, ApiError> {
        let source = crate::source::Source::new("plan.maal", request.source.as_str());
        let file = crate::syntax::parse_with(&source.text, &limits)
            .map_err(|d| ApiError::from_maal(&crate::Error::new(ErrorKind::Rules, &source, d), Lang::Da))?;
        Ok(FormatRequest { source: crate::syntax::format::format(&file, &source.text) })
    };
    Ok(Json(blocking(&state, work).await??))
}
