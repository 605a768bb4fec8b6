//! The council HTTP server: a JSON API and server-rendered HTML pages over a
//! [`SectionIndex`] of council papers.
//!
//! [`app`] builds the whole application as an [`axum::Router`] (testable without a socket,
//! with `tower::ServiceExt::oneshot`); [`serve`] binds an address and serves it until Ctrl-C
//! (or SIGTERM on Unix); [`serve_listener`] does the same on a bound listener with a
//! shutdown future of the caller's choosing.
//!
//! Routes (search parameters are listed once, in [`params::SEARCH_PARAMS`]):
//!
//! - `GET /healthz`: `{"status":"ok","documents":N,"sections":M}`.
//! - `GET /metrics`: Prometheus text: requests by route and status, latency histogram,
//!   searches shed, index documents and sections.
//! - `GET /api/search?q=&limit=&offset=&council=&body=&person=&kind=&from=&to=&sort=&explain=`:
//!   hits (one per paper, with "more from this document") as JSON with facets.
//! - `GET /api/documents/{id}`: the stored parsed document as JSON.
//! - `GET /api/sections/{id}/similar?limit=`: papers similar to a section.
//! - `GET /api/bodies/{name}` and `GET /api/people/{name}` (`?limit=&offset=`): every paper,
//!   meeting, decision and role mentioning a committee or a person, newest first.
//! - `GET /api/openapi.json`: the OpenAPI 3.1 document of the API, generated from the code.
//! - `GET /api/export.csv`, `GET /api/export.json` (search parameters): every hit up to the
//!   result window with its citation fields ([`export`]).
//! - `GET /feeds/search?…`, `/feeds/bodies/{name}`, `/feeds/people/{name}`: Atom feeds of
//!   the newest papers ([`feeds`]), linked from the pages with `<link rel="alternate">`.
//! - `GET /matters/{id}`, `GET /api/matters/{id}`, `GET /feeds/matters/{id}`: a matter
//!   (the papers citing one reference, e.g. `decision-24-00109`) as a timeline, oldest first.
//! - `GET /`: the HTML search page (same parameters as `/api/search`).
//! - `GET /documents/{id}`: one paper, with anchors `#s{ordinal}` per section.
//! - `GET /sections/{id}/similar`: papers similar to a section.
//! - `GET /bodies/{name}`, `GET /people/{name}`: a committee's or a person's page.
//! - `GET /files/{*path}`: the original file, from the ingested folder only
//!   ([`AppState::with_corpus`]); 404 for anything outside it.
//!
//! Errors from the JSON API are `{"error":{"code":..., "message":...}}`; see [`ApiError`]
//! for the codes. HTML pages show errors as friendly pages with the same status codes.
//!
//! Limits, all checked before any work ([`Limits`]): query length, words and parenthesis
//! depth, `limit` and `offset`, request body size, request time, header read time, and the
//! number of index operations running at once (beyond it: 503 `overloaded`). `explain`
//! (API only, at most [`params::MAX_EXPLAINED`] hits) has its own smaller limit
//! ([`Limits::max_concurrent_explains`]), and a HEAD request is answered from its route
//! alone, without index work.
//!
//! Every response carries security headers ([`security_headers`]): a Content-Security-Policy
//! that allows only the page's own inline script and style (by hash), no framing,
//! `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.

mod api;
pub mod error;
pub mod export;
mod favicon;
pub mod feeds;
mod files;
mod matters;
pub mod metrics;
mod openapi;
mod openapi_more;
mod pages;
pub mod params;
mod profile;
mod record;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use council_index::SectionIndex;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use metrics::Metrics;

/// The limits the server enforces on every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How many index operations (searches, look-ups) run at once. Default: 2 × the number
    /// of cores, or `COUNCIL_MAX_SEARCHES` from the environment.
    pub max_concurrent_searches: usize,
    /// How many more may wait for a turn; beyond that a request gets 503 `overloaded` at
    /// once. Default: 128 × the number of cores, or `COUNCIL_MAX_QUEUED_SEARCHES`.
    pub max_queued_searches: usize,
    /// The longest a request waits for a turn before 503 `overloaded` (default 5 s).
    pub queue_timeout: Duration,
    /// The longest a request may take before it is answered 503 `timeout` (default 10 s).
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers before the connection is
    /// closed (default 10 s); only used by [`serve`] and [`serve_listener`].
    pub header_read_timeout: Duration,
    /// The largest request body accepted (default 64 KiB); larger gets 413.
    pub max_body_bytes: usize,
    /// How many `explain=true` searches run at once (default 1); beyond it: 503
    /// `overloaded` at once. Explaining a score costs many times the search.
    pub max_concurrent_explains: usize,
}

fn env_count(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_concurrent_searches: env_count("COUNCIL_MAX_SEARCHES")
                .filter(|&n| n > 0)
                .unwrap_or(2 * cores),
            max_queued_searches: env_count("COUNCIL_MAX_QUEUED_SEARCHES").unwrap_or(128 * cores),
            queue_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
            max_concurrent_explains: 1,
        }
    }
}

/// What every request handler shares: the open index, the ingested folder, limits and
/// metrics.
#[derive(Clone)]
pub struct AppState {
    /// The section index searches and document look-ups run against.
    pub index: Arc<SectionIndex>,
    /// The canonicalised folder the index was built from; `/files/` serves from it only.
    corpus: Option<Arc<PathBuf>>,
    limits: Arc<Limits>,
    /// Turns to run an index operation.
    searches: Arc<Semaphore>,
    /// Places in the building: running plus waiting.
    admission: Arc<Semaphore>,
    /// Turns to run a search with `explain=true` (taken before a search turn).
    explains: Arc<Semaphore>,
    metrics: Arc<Metrics>,
}

impl AppState {
    /// Wraps an open index, with the default [`Limits`] and no corpus folder.
    pub fn new(index: SectionIndex) -> AppState {
        AppState::with_index(Arc::new(index))
    }

    /// Wraps a shared open index, with the default [`Limits`] and no corpus folder.
    pub fn with_index(index: Arc<SectionIndex>) -> AppState {
        let limits = Limits::default();
        AppState {
            index,
            corpus: None,
            searches: Arc::new(Semaphore::new(limits.max_concurrent_searches)),
            admission: Arc::new(Semaphore::new(
                limits.max_concurrent_searches + limits.max_queued_searches,
            )),
            explains: Arc::new(Semaphore::new(limits.max_concurrent_explains.max(1))),
            limits: Arc::new(limits),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// Serves original files from `dir` (the folder that was ingested) under `/files/`.
    /// The folder is canonicalised now; if it cannot be (it does not exist), no files are
    /// served.
    pub fn with_corpus(mut self, dir: PathBuf) -> AppState {
        self.corpus = match std::fs::canonicalize(&dir) {
            Ok(dir) if dir.is_dir() => Some(Arc::new(dir)),
            _ => {
                tracing::warn!(dir = %dir.display(), "corpus folder not found; /files/ disabled");
                None
            }
        };
        self
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, mut limits: Limits) -> AppState {
        limits.max_concurrent_searches = limits.max_concurrent_searches.max(1);
        self.searches = Arc::new(Semaphore::new(limits.max_concurrent_searches));
        self.admission = Arc::new(Semaphore::new(
            limits.max_concurrent_searches + limits.max_queued_searches,
        ));
        self.explains = Arc::new(Semaphore::new(limits.max_concurrent_explains.max(1)));
        self.limits = Arc::new(limits);
        self
    }

    /// Sets how many index operations may run at once (at least 1).
    pub fn with_max_concurrent_searches(self, n: usize) -> AppState {
        let limits = Limits {
            max_concurrent_searches: n.max(1),
            ..(*self.limits).clone()
        };
        self.with_limits(limits)
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The server's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Runs `work` on the blocking pool once one of the search turns is free. When all are
    /// taken and [`Limits::max_queued_searches`] requests are already waiting, or no turn
    /// comes within [`Limits::queue_timeout`], the answer is 503 `overloaded` (with
    /// `Retry-After`). The turn is held until the work ends, even if the request has timed
    /// out meanwhile, so the number of running index operations stays bounded.
    pub(crate) async fn blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SectionIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let overloaded = || {
            self.metrics.search_shed();
            ApiError::Overloaded(
                "The server is busy with other searches; please try again in a moment.".to_string(),
            )
        };
        let Ok(admitted) = self.admission.clone().try_acquire_owned() else {
            return Err(overloaded());
        };
        let permit = match self.searches.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                match tokio::time::timeout(
                    self.limits.queue_timeout,
                    self.searches.clone().acquire_owned(),
                )
                .await
                {
                    Ok(Ok(permit)) => permit,
                    _ => return Err(overloaded()),
                }
            }
        };
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = (admitted, permit);
            work(&index)
        })
        .await?
    }

    /// A turn to run an `explain=true` search, or 503 `overloaded` at once when
    /// [`Limits::max_concurrent_explains`] are running.
    pub(crate) fn explain_turn(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.explains.clone().try_acquire_owned().map_err(|_| {
            self.metrics.search_shed();
            ApiError::Overloaded(
                "Too many explained searches at once; please try again in a moment.".to_string(),
            )
        })
    }

    /// Takes every search turn until the permit is dropped, as a load would (for tests of
    /// what runs without one).
    #[doc(hidden)]
    pub fn search_turns_for_test(&self) -> tokio::sync::OwnedSemaphorePermit {
        let n = self.limits.max_concurrent_searches as u32;
        self.searches
            .clone()
            .try_acquire_many_owned(n)
            .expect("no search running")
    }

    /// Takes every explained-search turn until the permit is dropped (for tests).
    #[doc(hidden)]
    pub fn explain_turns_for_test(&self) -> tokio::sync::OwnedSemaphorePermit {
        let n = self.limits.max_concurrent_explains.max(1) as u32;
        self.explains
            .clone()
            .try_acquire_many_owned(n)
            .expect("no explained search running")
    }

    fn searches_running(&self) -> usize {
        self.limits
            .max_concurrent_searches
            .saturating_sub(self.searches.available_permits())
    }
}

/// Builds the whole application: JSON API, HTML pages, files, metrics and the 404/405
/// fallbacks, with the request id, tracing, metrics, body-size and timeout layers.
pub fn app(state: AppState) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    let max_body = state.limits.max_body_bytes;
    Router::new()
        .route("/", get(pages::search_page))
        .route("/documents/{id}", get(pages::document_page))
        .route("/sections/{id}/similar", get(pages::similar_page))
        .route("/bodies/{name}", get(pages::body_page))
        .route("/people/{name}", get(pages::person_page))
        .route("/files/{*path}", get(files::file))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/api/search", get(api::search))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/sections/{id}/similar", get(api::similar))
        .route("/api/bodies/{name}", get(api::body))
        .route("/api/people/{name}", get(api::person))
        .route("/api/openapi.json", get(openapi::openapi))
        .route("/api/export.csv", get(export::export_csv))
        .route("/api/export.json", get(export::export_json))
        .route("/feeds/search", get(feeds::search_feed))
        .route("/feeds/bodies/{name}", get(feeds::body_feed))
        .route("/feeds/people/{name}", get(feeds::person_feed))
        .route("/feeds/matters/{id}", get(matters::matter_feed))
        .route("/favicon.svg", get(favicon::favicon))
        .route("/favicon.ico", get(favicon::favicon))
        .route("/robots.txt", get(favicon::robots))
        .route("/matters/{id}", get(matters::matter_page))
        .route("/api/matters/{id}", get(matters::matter_json))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(head_without_work))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), body_size))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(middleware::from_fn(security_headers))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(
                    x_request_id.clone(),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("");
                        tracing::info_span!(
                            "request",
                            method = %request.method(),
                            path = %request.uri().path(),
                            request_id = %id,
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(x_request_id)),
        )
        .with_state(state)
}

/// The Content-Security-Policy of every response but the original files (which get a
/// sandbox of their own): nothing but the page's own inline script and style, named by
/// their SHA-256, images from this origin, forms to this origin, no framing. Requests from a
/// page's context go to this origin only (`connect-src 'self'`: the page's script makes
/// none, but audit tools such as Lighthouse read `/robots.txt` from the page).
static CSP: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| {
    use base64::Engine;
    use sha2::Digest;
    let hash = |text: &str| {
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    };
    let policy = format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        hash(pages::SCRIPT),
        hash(pages::CSS)
    );
    HeaderValue::from_str(&policy).expect("a CSP is ASCII")
});

/// Sets the security headers on every response (keeping a stricter CSP a handler set, as
/// `/files/` does): CSP, `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
/// `Referrer-Policy: no-referrer`.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, CSP.clone());
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Answers HEAD from the route alone: 200 and the content type the GET would have, with no
/// index work (a HEAD gets no body, so a search or a look-up would be paid for nothing).
/// Original files are still served (their headers come from the file); health, metrics,
/// the OpenAPI document and the icon cost nothing anyway.
async fn head_without_work(request: Request, next: Next) -> Response {
    if request.method() != axum::http::Method::HEAD {
        return next.run(request).await;
    }
    let path = request.uri().path();
    // Unknown routes go on to their (cheap) 404.
    if request.extensions().get::<MatchedPath>().is_none()
        || path.starts_with("/files/")
        || matches!(
            path,
            "/healthz"
                | "/metrics"
                | "/api/openapi.json"
                | "/favicon.svg"
                | "/favicon.ico"
                | "/robots.txt"
        )
    {
        return next.run(request).await;
    }
    let content_type = if path.ends_with(".csv") {
        "text/csv; charset=utf-8"
    } else if path.starts_with("/feeds/") {
        "application/atom+xml; charset=utf-8"
    } else if path == "/api" || path.starts_with("/api/") {
        "application/json"
    } else {
        "text/html; charset=utf-8"
    };
    ([(header::CONTENT_TYPE, content_type)], "").into_response()
}

/// Counts every request by its route pattern and status, and times it.
async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let start = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .observe(&route, response.status().as_u16(), start.elapsed());
    response
}

/// Refuses a declared body larger than the limit before reading any of it, with JSON 413
/// (bodies without a length are cut off by `RequestBodyLimitLayer`).
async fn body_size(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let max = state.limits.max_body_bytes;
    if declared.is_some_and(|n| n > max as u64) {
        let mut response = ApiError::PayloadTooLarge(format!(
            "the request body is too large: at most {max} bytes are accepted"
        ))
        .into_response();
        // The rest of the body is not read; the connection cannot be reused.
        response.headers_mut().insert(
            header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return response;
    }
    next.run(request).await
}

/// Answers 503 `timeout` when a request takes longer than the limit.
async fn timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.limits.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(format!(
            "the request took longer than {} s; try a narrower search",
            limit.as_secs()
        ))
        .into_response(),
    }
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

/// Known routes with another method than GET/HEAD.
async fn method_not_allowed() -> Response {
    let mut response =
        ApiError::MethodNotAllowed("only GET (and HEAD) are accepted here".to_string())
            .into_response();
    response.headers_mut().insert(
        header::ALLOW,
        axum::http::HeaderValue::from_static("GET, HEAD"),
    );
    response
}

/// Binds `addr` and serves [`app`] until Ctrl-C (or SIGTERM on Unix), letting requests in
/// flight finish.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_listener(state, listener, shutdown_signal()).await
}

/// Serves [`app`] on a bound listener until `shutdown` resolves, then lets requests in
/// flight finish (for at most the request timeout).
///
/// Each connection is HTTP/1.1 with keep-alive and a header read timeout
/// ([`Limits::header_read_timeout`]), so a client that trickles or withholds its headers
/// is disconnected; accept errors (such as running out of file descriptors) are logged and
/// retried after a short pause instead of ending the server.
pub async fn serve_listener(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    tracing::info!(address = %listener.local_addr()?, "council server listening");
    let limits = state.limits.clone();
    let router = app(state);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(err) => {
                        tracing::warn!(error = %err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(router.clone());
                let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    if let Err(err) = connection.await {
                        tracing::debug!(error = %err, "connection ended with an error");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.request_timeout) => {
            tracing::warn!("connections still open at shutdown; closing them");
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    fn empty_state() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(dir.path()).unwrap();
        (dir, AppState::new(index))
    }

    async fn call(router: Router, uri: &str) -> (StatusCode, Response) {
        let response = router
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        (response.status(), response)
    }

    #[tokio::test]
    async fn searches_beyond_the_cap_are_503_overloaded() {
        let (_dir, state) = empty_state();
        let state = state.with_limits(Limits {
            max_concurrent_searches: 2,
            max_queued_searches: 1,
            queue_timeout: Duration::from_millis(100),
            ..Limits::default()
        });
        // Two running, one waiting: the next is turned away at once.
        let held = state.searches.clone().try_acquire_many_owned(2).unwrap();
        let waiting = state.admission.clone().try_acquire_many_owned(3).unwrap();
        let (status, response) = call(app(state.clone()), "/api/search?q=chair").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"]["code"], "overloaded");
        let (status, _) = call(app(state.clone()), "/?q=chair").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "the page too");
        let (status, _) = call(app(state.clone()), "/healthz").await;
        assert_eq!(status, StatusCode::OK, "health is not capped");
        let (_, response) = call(app(state.clone()), "/metrics").await;
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("council_searches_shed_total 2"), "{text}");
        assert!(text.contains("council_searches_running 2"), "{text}");
        // With a place in the queue but no turn within the queue timeout: 503 too.
        drop(waiting);
        let start = Instant::now();
        let (status, _) = call(app(state.clone()), "/api/search?q=chair").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(start.elapsed() >= Duration::from_millis(100));
        drop(held);
        let (status, _) = call(app(state), "/api/search?q=chair").await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn slow_requests_are_503_timeout() {
        let (_dir, state) = empty_state();
        let state = state.with_limits(Limits {
            request_timeout: Duration::from_millis(50),
            ..Limits::default()
        });
        let router = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/fast", get(|| async { "ok" }))
            .layer(middleware::from_fn_with_state(state, timeout));
        let start = Instant::now();
        let (status, response) = call(router.clone(), "/slow").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(start.elapsed() < Duration::from_secs(2));
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("\"timeout\""));
        let (status, _) = call(router, "/fast").await;
        assert_eq!(status, StatusCode::OK);
    }
}
