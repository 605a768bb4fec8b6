//! Matter pages: `/matters/{id}` (HTML), `/api/matters/{id}` (JSON) and
//! `/feeds/matters/{id}` (Atom): the papers citing one reference as a timeline, oldest
//! first, each step cited to its paragraph with the reason it belongs
//! ([`council_index::matters`]). Paper pages link to their matters ([`links_of`]).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use council_index::matters::{Matter, MatterLink, RefKind, Reference};
use council_model::Document;
use maud::{html, Markup};

use crate::export::base_url;
use crate::feeds::{self, FeedEntry, FeedMeta};
use crate::pages::{error_page, not_found_page, page_with_feed};
use crate::params::percent_encode;
use crate::{ApiError, AppState};

/// The longest matter id worth looking up.
const MAX_MATTER_ID_BYTES: usize = 64;

/// `/matters/{id}`.
pub(crate) fn matter_href(id: &str) -> String {
    format!("/matters/{}", percent_encode(id))
}

/// `/feeds/matters/{id}`.
pub(crate) fn matter_feed_href(id: &str) -> String {
    format!("/feeds/matters/{}", percent_encode(id))
}

fn section_href(step_document: &str, section_id: Option<&str>) -> String {
    let mut href = format!("/documents/{}", percent_encode(step_document));
    if let Some(ordinal) = section_id.and_then(|s| s.rsplit('.').next()) {
        href.push_str(&format!("#s{}", percent_encode(ordinal)));
    }
    href
}

/// Loads a matter on the blocking pool; `None` when there is no such matter.
async fn load_matter(
    state: &AppState,
    id: Result<Path<String>, PathRejection>,
) -> Result<Option<Matter>, ApiError> {
    let Ok(Path(id)) = id else {
        return Ok(None);
    };
    if id.len() > MAX_MATTER_ID_BYTES || Reference::from_matter_id(&id).is_none() {
        return Ok(None);
    }
    state.blocking(move |index| Ok(index.matter(&id)?)).await
}

fn no_matter() -> ApiError {
    ApiError::NotFound("no matter with this id".to_string())
}

/// `GET /api/matters/{id}`.
pub(crate) async fn matter_json(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Matter>, ApiError> {
    load_matter(&state, id)
        .await?
        .map(Json)
        .ok_or_else(no_matter)
}

/// `GET /feeds/matters/{id}`: the matter's papers, newest first.
pub(crate) async fn matter_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let matter = load_matter(&state, id).await?.ok_or_else(no_matter)?;
    let base = base_url(&headers);
    let sources: Vec<String> = matter.steps.iter().map(|s| s.source.clone()).collect();
    let indexed = state
        .blocking(move |index| {
            sources
                .iter()
                .map(|s| Ok(index.indexed_at(s)?))
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    let mut entries: Vec<FeedEntry> = matter
        .steps
        .iter()
        .zip(indexed)
        .map(|(step, indexed_at)| FeedEntry {
            document_id: step.document_id.clone(),
            title: step.title.clone(),
            url: format!(
                "{base}{}",
                section_href(&step.document_id, step.section_id.as_deref())
            ),
            summary: step.excerpt.clone(),
            citation: step.citation.clone(),
            date: step.date.clone(),
            indexed_at,
            council: step.council.clone(),
        })
        .collect();
    feeds::newest_first(&mut entries);
    entries.truncate(feeds::FEED_LIMIT);
    let meta = FeedMeta {
        title: format!("{}: {}", matter.label, matter.title),
        self_path: matter_feed_href(&matter.id),
        page_path: matter_href(&matter.id),
    };
    Ok(feeds::atom_response(feeds::atom(&meta, &entries, &base)))
}

/// `GET /matters/{id}`: the timeline page.
pub(crate) async fn matter_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    match load_matter(&state, id).await {
        Ok(Some(matter)) => {
            let title = matter.label.clone();
            page_with_feed(
                StatusCode::OK,
                &title,
                &matter_feed_href(&matter.id),
                matter_view(&matter),
            )
        }
        Ok(None) => not_found_page("There is no matter with this reference."),
        Err(err) => error_page(&err),
    }
}

fn matter_view(matter: &Matter) -> Markup {
    html! {
        article.doc {
            p { a href="/" { "← Search" } }
            h1 { (matter.label) }
            p.meta { (matter.title) }
            p {
                @if matter.reference.kind == RefKind::Meeting {
                    (matter.steps.len()) " papers of this meeting or naming its minutes"
                } @else if matter.reference.kind == RefKind::Item {
                    (matter.steps.len()) " papers of this meeting that give this item and its title"
                } @else if matter.reference.kind == RefKind::Question {
                    (matter.steps.len()) " written questions: this one and those citing its answer"
                } @else {
                    (matter.steps.len()) " papers cite " code { (matter.reference.reference) }
                }
                ", oldest first. Each is linked by what it says, shown beside it. "
                a href=(matter_feed_href(&matter.id)) type="application/atom+xml" { "Atom feed of this matter" }
                " · "
                a href=(format!("/api/matters/{}", percent_encode(&matter.id))) { "JSON" }
            }
            ol.results.timeline {
                @for step in &matter.steps {
                    li.hit {
                        h2 { a href=(section_href(&step.document_id, step.section_id.as_deref())) { (step.title) } }
                        p.meta {
                            (step.kind.label())
                            @if let Some(body) = &step.body { " · " (body) }
                            " · " (step.date.as_deref().unwrap_or("date not given"))
                        }
                        p.reason { "Why: " (step.reason_text) }
                        @if !step.excerpt.is_empty() { p.snippet { (step.excerpt) } }
                        @if !step.citation.is_empty() { p.citation { span.cite-text { (step.citation) } } }
                    }
                }
            }
        }
    }
}

/// The matters a paper belongs to (errors are logged and give none: the paper page is
/// still worth showing).
pub(crate) async fn links_of(state: &AppState, document: &Document) -> Vec<MatterLink> {
    let document = document.clone();
    match state
        .blocking(move |index| Ok(index.matters_of(&document)?))
        .await
    {
        Ok(links) => links,
        Err(err) => {
            err.log();
            Vec::new()
        }
    }
}

/// The links to a paper's matters, with why it belongs.
pub(crate) fn links_view(links: &[MatterLink]) -> Markup {
    html! {
        ul {
            @for link in links {
                li {
                    a href=(matter_href(&link.id)) {
                        (link.label)
                        " (" (link.papers) " papers)"
                    }
                    " — " (link.reason_text)
                }
            }
        }
    }
}
