//! The JSON API: health, search and stored documents.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use council_index::{Facets, SearchHit, SearchResults};
use council_model::Document;
use serde::Serialize;
use serde_json::{json, Value};

use crate::params::{RawSearch, SearchParams};
use crate::{ApiError, AppState};

/// The longest document id worth looking up; longer ids cannot exist.
pub(crate) const MAX_ID_BYTES: usize = 512;

/// `GET /healthz`.
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let index = state.index.clone();
    let (documents, sections) =
        tokio::task::spawn_blocking(move || (index.num_documents(), index.num_sections())).await?;
    Ok(Json(json!({
        "status": "ok",
        "documents": documents,
        "sections": sections,
    })))
}

/// Reads the search parameters of a request; a malformed query string is our 400.
pub(crate) fn read_params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> (RawSearch, Result<SearchParams, ApiError>) {
    match query {
        Ok(Query(pairs)) => {
            let raw = RawSearch::from_pairs(&pairs);
            let params = raw.validate();
            (raw, params)
        }
        Err(rejection) => (
            RawSearch::default(),
            Err(ApiError::InvalidParameter(format!(
                "the query string cannot be read: {}",
                rejection.body_text()
            ))),
        ),
    }
}

/// Runs a validated search on the blocking pool.
pub(crate) async fn run_search(
    state: &AppState,
    params: &SearchParams,
) -> Result<SearchResults, ApiError> {
    let index = state.index.clone();
    let request = params.to_request();
    Ok(tokio::task::spawn_blocking(move || index.search(&request)).await??)
}

/// Looks a stored document up on the blocking pool; `None` if absent.
pub(crate) async fn load_document(
    state: &AppState,
    id: String,
) -> Result<Option<Document>, ApiError> {
    if id.is_empty() || id.len() > MAX_ID_BYTES {
        return Ok(None);
    }
    let index = state.index.clone();
    Ok(tokio::task::spawn_blocking(move || index.document(&id)).await??)
}

/// `GET /api/search`.
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let (_, params) = read_params(query);
    let params = params?;
    params.require_query_or_filter()?;
    let results = run_search(&state, &params).await?;
    Ok(Json(SearchResponse {
        query: params.q,
        total: results.total,
        limit: params.limit,
        offset: params.offset,
        hits: results.hits,
        facets: results.facets,
    }))
}

/// The JSON body of `GET /api/search`.
#[derive(Serialize)]
pub(crate) struct SearchResponse {
    query: String,
    total: usize,
    limit: usize,
    offset: usize,
    hits: Vec<SearchHit>,
    facets: Facets,
}

/// `GET /api/documents/{id}`.
pub(crate) async fn document(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Document>, ApiError> {
    let Ok(Path(id)) = id else {
        return Err(ApiError::NotFound("no document with this id".to_string()));
    };
    match load_document(&state, id).await? {
        Some(document) => Ok(Json(document)),
        None => Err(ApiError::NotFound("no document with this id".to_string())),
    }
}
