//! Every client error as a 4xx with a JSON body `{"error": …}`: `ApiError`, and `ApiJson`,
//! the JSON extractor whose rejections become `ApiError`s.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::diag::ErrorKind;
use crate::diag::{Lang, Msg};
use crate::render::{to_json, JsonDiagnostic};

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
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status: status.as_u16(), code: code.to_string(), message: message.into(), diagnostics: Vec::new() }
    }

    pub(crate) fn from_maal(e: &crate::Error, lang: Lang) -> ApiError {
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
pub(crate) struct ApiJson<T>(pub(crate) T);

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
