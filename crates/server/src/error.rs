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
    /// The thing asked for does not exist: 404, code `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// Something went wrong on our side: 500, code `internal`. The text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code: `invalid_parameter`, `not_found` or `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidParameter(_) => "invalid_parameter",
            ApiError::NotFound(_) => "not_found",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The message safe to show a client (internal details are withheld).
    pub fn public_message(&self) -> String {
        match self {
            ApiError::InvalidParameter(m) | ApiError::NotFound(m) => m.clone(),
            ApiError::Internal(_) => {
                "Something went wrong on our side; please try again later.".to_string()
            }
        }
    }

    /// Logs internal errors (the only ones worth an operator's attention).
    pub(crate) fn log(&self) {
        if let ApiError::Internal(detail) = self {
            tracing::error!(error = %detail, "internal error");
        }
    }
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> ApiError {
        match err {
            IndexError::InvalidRequest(m) => ApiError::InvalidParameter(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(err: tokio::task::JoinError) -> ApiError {
        ApiError::Internal(format!("index task failed: {err}"))
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
        (self.status(), Json(body)).into_response()
    }
}
