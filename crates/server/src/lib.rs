//! The council HTTP server: a JSON API and server-rendered HTML pages over a
//! [`SectionIndex`] of council papers.
//!
//! [`app`] builds the whole application as an [`axum::Router`] (testable without a socket,
//! with `tower::ServiceExt::oneshot`); [`serve`] binds an address and serves it until Ctrl-C
//! (or SIGTERM on Unix).
//!
//! Routes:
//!
//! - `GET /healthz`: `{"status":"ok","documents":N,"sections":M}`.
//! - `GET /api/search?q=&limit=&offset=&council=&body=&kind=&from=&to=`: ranked sections as
//!   JSON with facets. `q` is required unless a filter is given; `limit` is 1–100 (default
//!   10); `offset + limit` is at most 10 000; `kind` is a document kind name
//!   (`committee_report`, `minutes`, ...); `from`/`to` are `YYYY-MM-DD`.
//! - `GET /api/documents/{id}`: the stored parsed document as JSON.
//! - `GET /`: the HTML search page (same parameters as `/api/search`).
//! - `GET /documents/{id}`: the HTML page of one paper with anchors `#s{ordinal}` per section.
//!
//! Errors from the JSON API are `{"error":{"code":..., "message":...}}` with the codes
//! `invalid_parameter` (400), `not_found` (404) and `internal` (500); see [`ApiError`].
//! HTML pages show errors as friendly pages with the same status codes.

mod api;
pub mod error;
mod pages;
pub mod params;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use council_index::SectionIndex;

pub use error::ApiError;

/// What every request handler shares: the open index.
#[derive(Clone)]
pub struct AppState {
    /// The section index searches and document look-ups run against.
    pub index: Arc<SectionIndex>,
}

impl AppState {
    /// Wraps an open index.
    pub fn new(index: SectionIndex) -> AppState {
        AppState {
            index: Arc::new(index),
        }
    }
}

/// Builds the whole application: JSON API, HTML pages and the 404 fallbacks.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::search_page))
        .route("/documents/{id}", get(pages::document_page))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::search))
        .route("/api/documents/{id}", get(api::document))
        .fallback(not_found)
        .with_state(state)
}

/// Unknown routes: JSON under `/api/`, HTML elsewhere.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        ApiError::NotFound(format!("no such endpoint: {path}")).into_response()
    } else {
        pages::not_found_page("There is no page at this address.")
    }
}

/// Binds `addr` and serves [`app`] until Ctrl-C (or SIGTERM on Unix), letting requests in
/// flight finish.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(address = %listener.local_addr()?, "council server listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("council server stopped");
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };

    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
