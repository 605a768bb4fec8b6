//! The error type of the server and its JSON form.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use council_index::IndexError;
use serde_json::json;

/// An error a request can end in; each maps to a status and a JSON body
/// `{"error":{"code":..., "message":...}}`.
///
/// Internal errors are logged with `tracing` and shown to clients only as a generic
/// message.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is missing or unacceptable: 400, code `invalid_parameter`.
    #[error("{0}")]
    InvalidParameter(String),
    /// The query is too long (bytes or words): 400, code `query_too_long`.
    #[error("{0}")]
    QueryTooLong(String),
    /// The query nests parentheses too deeply: 400, code `query_too_complex`.
    #[error("{0}")]
    QueryTooComplex(String),
    /// The thing asked for does not exist: 404, code `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// The method is not allowed on this route: 405, code `method_not_allowed`.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request body is larger than the server accepts: 413, code `payload_too_large`.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Too many searches are running; try again shortly: 503, code `overloaded`.
    #[error("{0}")]
    Overloaded(String),
    /// The request took longer than the server allows: 503, code `timeout`.
    #[error("{0}")]
    Timeout(String),
    /// The index could not be read for this request (a damaged or incomplete segment, a
    /// panic inside tantivy): 500, code `index_unavailable`. The detail is logged; the
    /// client is told what is wrong and what fixes it. Other requests are still served.
    #[error("index unavailable: {0}")]
    IndexUnavailable(String),
    /// Something went wrong on our side: 500, code `internal`. The text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter(_)
            | ApiError::QueryTooLong(_)
            | ApiError::QueryTooComplex(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Overloaded(_) | ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::IndexUnavailable(_) | ApiError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The machine-readable code: `invalid_parameter`, `query_too_long`,
    /// `query_too_complex`, `not_found`, `method_not_allowed`, `payload_too_large`,
    /// `overloaded`, `timeout`, `index_unavailable` or `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidParameter(_) => "invalid_parameter",
            ApiError::QueryTooLong(_) => "query_too_long",
            ApiError::QueryTooComplex(_) => "query_too_complex",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::Overloaded(_) => "overloaded",
            ApiError::Timeout(_) => "timeout",
            ApiError::IndexUnavailable(_) => "index_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The message safe to show a client (internal details are withheld).
    pub fn public_message(&self) -> String {
        match self {
            ApiError::InvalidParameter(m)
            | ApiError::QueryTooLong(m)
            | ApiError::QueryTooComplex(m)
            | ApiError::NotFound(m)
            | ApiError::MethodNotAllowed(m)
            | ApiError::PayloadTooLarge(m)
            | ApiError::Overloaded(m)
            | ApiError::Timeout(m) => m.clone(),
            ApiError::IndexUnavailable(_) => "The search index could not be read for this \
                request: it is damaged or incomplete. The operator should rebuild it with \
                `council ingest`; other requests are still served."
                .to_string(),
            ApiError::Internal(_) => {
                "Something went wrong on our side; please try again later.".to_string()
            }
        }
    }

    /// Logs internal errors (the only ones worth an operator's attention) and, at a lower
    /// level, load shedding.
    pub(crate) fn log(&self) {
        match self {
            ApiError::Internal(detail) => tracing::error!(error = %detail, "internal error"),
            ApiError::IndexUnavailable(detail) => {
                tracing::error!(error = %detail, "the index cannot be read: rebuild it")
            }
            ApiError::Overloaded(_) | ApiError::Timeout(_) => {
                tracing::warn!(code = self.code(), "request shed")
            }
            _ => {}
        }
    }
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> ApiError {
        match err {
            IndexError::InvalidRequest(m) => ApiError::InvalidParameter(m),
            other => ApiError::IndexUnavailable(other.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(err: tokio::task::JoinError) -> ApiError {
        // The work on the blocking pool is index work: a panic there is tantivy's.
        ApiError::IndexUnavailable(format!("index task failed: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let body = json!({
            "error": {
                "code": self.code(),
                "message": self.public_message(),
            }
        });
        let mut response = (self.status(), Json(body)).into_response();
        if matches!(self, ApiError::Overloaded(_) | ApiError::Timeout(_)) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}
