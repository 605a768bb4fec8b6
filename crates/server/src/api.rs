//! The JSON API: health, metrics, search, stored documents, similar sections, and body and
//! person profiles.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use council_index::{Facets, SearchHit, SearchResults};
use council_model::Document;
use serde::Serialize;
use serde_json::{json, Value};

use crate::params::{whole_number, RawSearch, SearchParams, MAX_EXPLAINED};
use crate::profile::{self, Profile, ProfilePaging, Subject};
use crate::{ApiError, AppState};

/// The longest document or section id worth looking up; longer ids cannot exist.
pub(crate) const MAX_ID_BYTES: usize = 512;
/// The default number of similar papers.
pub(crate) const SIMILAR_LIMIT: usize = 10;
/// The largest accepted number of similar papers.
pub(crate) const MAX_SIMILAR_LIMIT: usize = 50;

/// The decoded query-string pairs of a request, or our 400.
pub(crate) fn query_pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    query.map(|Query(pairs)| pairs).map_err(|rejection| {
        ApiError::InvalidParameter(format!(
            "the query string cannot be read: {}",
            rejection.body_text()
        ))
    })
}

/// `GET /healthz`. Not subject to the search cap, so monitoring works under load.
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

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let index = state.index.clone();
    let (documents, sections) =
        tokio::task::spawn_blocking(move || (index.num_documents(), index.num_sections())).await?;
    let body = state
        .metrics
        .render(documents, sections, state.searches_running());
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

/// Reads the search parameters of a request; a malformed query string is our 400.
pub(crate) fn read_params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> (RawSearch, Result<SearchParams, ApiError>) {
    match query_pairs(query) {
        Ok(pairs) => {
            let raw = RawSearch::from_pairs(&pairs);
            let params = raw.validate();
            (raw, params)
        }
        Err(err) => (RawSearch::default(), Err(err)),
    }
}

/// Runs a validated search on the blocking pool (one index searcher, so one commit, for
/// the whole search).
pub(crate) async fn run_search(
    state: &AppState,
    params: &SearchParams,
) -> Result<SearchResults, ApiError> {
    let request = params.to_request();
    state
        .blocking(move |index| Ok(index.search(&request)?))
        .await
}

/// Looks a stored document up on the blocking pool; `None` if absent.
pub(crate) async fn load_document(
    state: &AppState,
    id: String,
) -> Result<Option<Document>, ApiError> {
    if id.is_empty() || id.len() > MAX_ID_BYTES {
        return Ok(None);
    }
    state.blocking(move |index| Ok(index.document(&id)?)).await
}

/// Papers similar to a section; `None` if there is no such section.
pub(crate) async fn load_similar(
    state: &AppState,
    section_id: String,
    limit: usize,
) -> Result<Option<Vec<SearchHit>>, ApiError> {
    if section_id.is_empty() || section_id.len() > MAX_ID_BYTES {
        return Ok(None);
    }
    state
        .blocking(move |index| Ok(index.similar(&section_id, limit)?))
        .await
}

/// Reads `limit` for similar papers (1–50, default 10).
pub(crate) fn similar_limit(pairs: &[(String, String)]) -> Result<usize, ApiError> {
    match pairs.iter().rev().find(|(name, _)| name == "limit") {
        None => Ok(SIMILAR_LIMIT),
        Some((_, value)) => match whole_number(value.trim()) {
            Some(Some(n)) if (1..=MAX_SIMILAR_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::InvalidParameter(format!(
                "limit must be a whole number from 1 to {MAX_SIMILAR_LIMIT}"
            ))),
        },
    }
}

/// Builds a body or person profile on the blocking pool.
pub(crate) async fn load_profile(
    state: &AppState,
    subject: Subject,
    name: String,
    paging: ProfilePaging,
) -> Result<Profile, ApiError> {
    let name = profile::check_name(&name)?;
    state
        .blocking(move |index| profile::build(index, subject, &name, paging))
        .await
}

/// `GET /api/search`.
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let (raw, params) = read_params(query);
    raw.require_values()?;
    let mut params = params?;
    // Explaining a score costs many times the search: at most the first few hits, and
    // few such searches at once.
    let _explain_turn = if params.explain {
        params.limit = params.limit.min(MAX_EXPLAINED);
        Some(state.explain_turn()?)
    } else {
        None
    };
    // Without a query and without a filter there is nothing to search for.
    let results = if params.is_empty() {
        SearchResults::default()
    } else {
        run_search(&state, &params).await?
    };
    Ok(Json(SearchResponse {
        query: params.q,
        sort: params.sort.as_str(),
        total: results.total,
        total_exact: results.total_exact,
        documents: results.documents,
        limit: params.limit,
        offset: params.offset,
        hits: results.hits,
        facets: results.facets,
        facets_exact: results.facets_exact,
        facets_over: results.facets_over,
        notices: results.notices,
    }))
}

/// The JSON body of `GET /api/search`.
#[derive(Serialize)]
pub(crate) struct SearchResponse {
    query: String,
    sort: &'static str,
    /// Matching sections (paragraphs and headed blocks), over every paper: exact when
    /// `total_exact`, else an estimate ("about N").
    total: usize,
    /// Whether `total` is an exact count.
    total_exact: bool,
    /// Distinct papers among the matching sections examined (a paragraph shown under
    /// another hit's `also_in` not counted).
    documents: usize,
    limit: usize,
    offset: usize,
    hits: Vec<SearchHit>,
    /// Counts by council, body, kind, year and person over the search's candidate sections
    /// (the best few hundred matches), or over every match when `facets_exact`.
    facets: Facets,
    /// Whether the facets count every matching section.
    facets_exact: bool,
    /// How many sections the facets count (the best matches, or every match when
    /// `facets_exact`).
    facets_over: usize,
    /// Filter values that match nothing, with the nearest value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notices: Vec<council_index::resolve::FilterNotice>,
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

/// `GET /api/sections/{id}/similar?limit=`.
pub(crate) async fn similar(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let limit = similar_limit(&query_pairs(query)?)?;
    let Ok(Path(id)) = id else {
        return Err(ApiError::NotFound("no section with this id".to_string()));
    };
    match load_similar(&state, id.clone(), limit).await? {
        Some(hits) => Ok(Json(json!({
            "section_id": id,
            "limit": limit,
            "hits": hits,
        }))),
        None => Err(ApiError::NotFound("no section with this id".to_string())),
    }
}

async fn profile_json(
    state: AppState,
    subject: Subject,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Profile>, ApiError> {
    let pairs = query_pairs(query)?;
    if let Some((name, _)) = pairs.iter().find(|(name, value)| {
        matches!(name.as_str(), "limit" | "offset") && value.trim().is_empty()
    }) {
        return Err(ApiError::InvalidParameter(format!(
            "{name} is given but empty"
        )));
    }
    let paging = ProfilePaging::from_pairs(&pairs)?;
    let Ok(Path(name)) = name else {
        return Err(ApiError::NotFound("no such name".to_string()));
    };
    let profile = load_profile(&state, subject, name, paging).await?;
    // A name nothing mentions has no profile (as its page says).
    if profile.total_sections == 0 && profile.offset == 0 {
        return Err(ApiError::NotFound(format!(
            "no paper mentions this {}",
            match subject {
                Subject::Body => "committee or board",
                Subject::Person => "person",
            }
        )));
    }
    Ok(Json(profile))
}

/// `GET /api/bodies/{name}`.
pub(crate) async fn body(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Profile>, ApiError> {
    profile_json(state, Subject::Body, name, query).await
}

/// `GET /api/people/{name}`.
pub(crate) async fn person(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Profile>, ApiError> {
    profile_json(state, Subject::Person, name, query).await
}
