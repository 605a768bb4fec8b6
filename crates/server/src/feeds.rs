//! Atom feeds: one for every search URL, body page, person page and matter page, so a feed
//! reader (or `council alerts`) is told when a new paper matches.
//!
//! - `GET /feeds/search?…` (the search parameters of `/`): the newest papers matching.
//! - `GET /feeds/bodies/{name}`, `GET /feeds/people/{name}`: papers of a body's meetings, and
//!   papers naming a person.
//! - `GET /feeds/matters/{id}`: the papers of a matter ([`crate::matters`]).
//!
//! A feed has one entry per paper (id `urn:council:paper:{document id}`, so a reader sees
//! each paper once however often it polls), newest first by meeting date and then by when
//! the paper was indexed ([`SectionIndex::indexed_at`]); the entry's summary is the cited
//! paragraph and its content the citation line. At most [`FEED_LIMIT`] entries.

use std::cmp::Reverse;

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use council_index::{IndexError, SearchHit, SearchResults, SectionIndex};

use crate::api::{read_params, run_search};
use crate::export::base_url;
use crate::params::{percent_encode, SearchParams, Sort};
use crate::{ApiError, AppState};

/// The most entries in a feed.
pub const FEED_LIMIT: usize = 50;

/// One paper in a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The paper's id.
    pub document_id: String,
    /// The paper's title (its file name when it has none).
    pub title: String,
    /// The cited paragraph on the paper page (absolute when the base URL is known).
    pub url: String,
    /// The cited paragraph's text.
    pub summary: String,
    /// The citation line.
    pub citation: String,
    /// The meeting date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// When the paper was indexed (Unix seconds).
    pub indexed_at: Option<i64>,
    /// The publishing council.
    pub council: Option<String>,
}

impl FeedEntry {
    /// The entry for a hit (its best section is the cited paragraph), with URLs under `base`.
    pub fn from_hit(hit: &SearchHit, indexed_at: Option<i64>, base: &str) -> FeedEntry {
        let ordinal = hit.section_id.rsplit('.').next().unwrap_or(&hit.section_id);
        FeedEntry {
            document_id: hit.document_id.clone(),
            title: hit
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| hit.source.clone()),
            url: format!(
                "{base}/documents/{}#s{}",
                percent_encode(&hit.document_id),
                percent_encode(ordinal)
            ),
            summary: hit.text.clone(),
            citation: hit.citation.clone(),
            date: hit.meeting.as_ref().and_then(|m| m.date.clone()),
            indexed_at,
            council: hit.council.clone(),
        }
    }
}

/// Every paper of `hits`: each hit, then each other paper holding the same paragraph (the
/// search shows those once, under the hit's `also_in`; a feed and the alerts follow papers,
/// so each is an entry of its own, cited to its own copy of the paragraph).
pub fn papers_of(index: &SectionIndex, hits: &[SearchHit]) -> Result<Vec<SearchHit>, IndexError> {
    let mut out: Vec<SearchHit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let mut first = hit.clone();
        first.also_in.clear();
        out.push(first);
        for also in &hit.also_in {
            if out.iter().any(|h| h.document_id == also.document_id) {
                continue;
            }
            let Some(document) = index.document(&also.document_id)? else {
                continue;
            };
            let section = document.sections.get(also.section_ordinal);
            let mut copy = hit.clone();
            copy.also_in.clear();
            copy.more.clear();
            copy.document_id = also.document_id.clone();
            copy.section_id = also.section_id.clone();
            copy.section_ordinal = also.section_ordinal;
            copy.source = also.source.clone();
            copy.title = also.title.clone();
            copy.citation = also.citation.clone();
            copy.kind = document.kind;
            copy.council = document.council.clone();
            copy.meeting = section
                .and_then(|s| s.meeting)
                .and_then(|i| document.meetings.get(i))
                .or(document.meetings.first())
                .cloned();
            copy.page = section.and_then(|s| s.page);
            out.push(copy);
        }
    }
    Ok(out)
}

/// The entries of `hits` (one per paper, [`papers_of`]), with their indexing times looked
/// up, newest first.
pub fn entries_from_hits(
    index: &SectionIndex,
    hits: &[SearchHit],
    base: &str,
) -> Result<Vec<FeedEntry>, IndexError> {
    let hits = papers_of(index, hits)?;
    let mut entries = Vec::with_capacity(hits.len());
    for hit in &hits {
        let indexed_at = index.indexed_at(&hit.source)?;
        entries.push(FeedEntry::from_hit(hit, indexed_at, base));
    }
    newest_first(&mut entries);
    Ok(entries)
}

/// Orders entries newest first: by meeting date (undated last), then by indexing time.
pub fn newest_first(entries: &mut [FeedEntry]) {
    entries.sort_by_key(|e| {
        (
            e.date.is_none(),
            Reverse(e.date.clone()),
            Reverse(e.indexed_at),
        )
    });
}

/// What a feed is about: its title, its own address and the page it mirrors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    /// The feed title.
    pub title: String,
    /// The feed's own path and query (`/feeds/…`).
    pub self_path: String,
    /// The HTML page the feed mirrors (path and query).
    pub page_path: String,
}

fn timestamp(seconds: i64) -> FixedDateTime {
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .fixed_offset()
}

fn date_time(date: &str) -> Option<FixedDateTime> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().fixed_offset())
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel.to_string());
    link.set_mime_type(mime.map(str::to_string));
    link
}

/// The Atom 1.0 document of a feed, with links under `base` (`http://host` or `""`).
pub fn atom(meta: &FeedMeta, entries: &[FeedEntry], base: &str) -> String {
    let updated_of = |e: &FeedEntry| {
        e.indexed_at
            .map(timestamp)
            .or_else(|| e.date.as_deref().and_then(date_time))
            .unwrap_or_else(|| timestamp(0))
    };
    let mut feed = Feed::default();
    feed.set_title(meta.title.clone());
    feed.set_id(format!(
        "urn:council:feed:{}",
        percent_encode(&meta.self_path)
    ));
    feed.set_updated(
        entries
            .iter()
            .map(updated_of)
            .max()
            .unwrap_or_else(|| timestamp(0)),
    );
    feed.set_authors(vec![Person {
        name: "council".to_string(),
        ..Person::default()
    }]);
    feed.set_links(vec![
        link(
            format!("{base}{}", meta.self_path),
            "self",
            Some("application/atom+xml"),
        ),
        link(
            format!("{base}{}", meta.page_path),
            "alternate",
            Some("text/html"),
        ),
    ]);
    let entries: Vec<Entry> = entries
        .iter()
        .map(|e| {
            let mut entry = Entry::default();
            entry.set_title(e.title.clone());
            entry.set_id(format!("urn:council:paper:{}", e.document_id));
            entry.set_updated(updated_of(e));
            entry.set_published(e.date.as_deref().and_then(date_time));
            entry.set_links(vec![link(e.url.clone(), "alternate", Some("text/html"))]);
            entry.set_summary(Some(Text::plain(e.summary.clone())));
            if let Some(council) = &e.council {
                entry.set_authors(vec![Person {
                    name: council.clone(),
                    ..Person::default()
                }]);
            }
            entry
        })
        .collect();
    feed.set_entries(entries);
    feed.to_string()
}

/// An Atom response.
pub(crate) fn atom_response(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The search parameters without paging and order: what a feed of the search follows.
fn feed_params(params: &SearchParams) -> SearchParams {
    SearchParams {
        limit: crate::params::DEFAULT_LIMIT,
        offset: 0,
        sort: Sort::Relevance,
        explain: false,
        ..params.clone()
    }
}

/// `/feeds/search?…` for the search `params` (paging and order dropped).
pub(crate) fn search_feed_href(params: &SearchParams) -> String {
    format!("/feeds/search?{}", feed_params(params).to_query_string())
}

/// `/feeds/bodies/{name}`.
pub(crate) fn body_feed_href(name: &str) -> String {
    format!("/feeds/bodies/{}", percent_encode(name))
}

/// `/feeds/people/{name}`.
pub(crate) fn person_feed_href(name: &str) -> String {
    format!("/feeds/people/{}", percent_encode(name))
}

/// The newest [`FEED_LIMIT`] papers of a search, as a feed.
async fn search_feed_response(
    state: &AppState,
    headers: &HeaderMap,
    params: SearchParams,
    meta: FeedMeta,
) -> Result<Response, ApiError> {
    let params = SearchParams {
        limit: FEED_LIMIT,
        offset: 0,
        sort: Sort::Newest,
        explain: false,
        ..params
    };
    // Without a query and without a filter there is nothing to follow: an empty feed.
    let results = if params.is_empty() {
        SearchResults::default()
    } else {
        run_search(state, &params).await?
    };
    let base = base_url(headers);
    let entries = {
        let base = base.clone();
        state
            .blocking(move |index| Ok(entries_from_hits(index, &results.hits, &base)?))
            .await?
    };
    Ok(atom_response(atom(&meta, &entries, &base)))
}

/// `GET /feeds/search?…`.
pub(crate) async fn search_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (raw, params) = read_params(query);
    raw.require_values()?;
    let params = feed_params(&params?);
    let query = params.to_query_string();
    let mut title = if params.q.is_empty() {
        "Council papers".to_string()
    } else {
        format!("Council papers: “{}”", params.q)
    };
    let kinds: Vec<String> = params.kind.iter().map(|k| k.label().to_string()).collect();
    let filters: Vec<String> = [
        ("council", &params.council),
        ("body", &params.body),
        ("person", &params.person),
        ("kind", &kinds),
        ("year", &params.year),
    ]
    .into_iter()
    .filter(|(_, values)| !values.is_empty())
    .map(|(name, values)| format!("{name}: {}", values.join(" or ")))
    .chain(
        [("from", &params.from), ("to", &params.to)]
            .into_iter()
            .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}: {v}"))),
    )
    .collect();
    if !filters.is_empty() {
        title.push_str(&format!(" ({})", filters.join(", ")));
    }
    let meta = FeedMeta {
        title,
        self_path: format!("/feeds/search?{query}"),
        page_path: format!("/?{query}"),
    };
    search_feed_response(&state, &headers, params, meta).await
}

fn feed_name(name: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Ok(Path(name)) = name else {
        return Err(ApiError::NotFound("no such name".to_string()));
    };
    crate::profile::check_name(&name)
}

/// `GET /feeds/bodies/{name}`: papers of the body's meetings.
pub(crate) async fn body_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let name = feed_name(name)?;
    let meta = FeedMeta {
        title: format!("Council papers: {name}"),
        self_path: body_feed_href(&name),
        page_path: format!("/bodies/{}", percent_encode(&name)),
    };
    let params = SearchParams {
        body: vec![name],
        ..SearchParams::default()
    };
    search_feed_response(&state, &headers, params, meta).await
}

/// `GET /feeds/people/{name}`: papers naming the person.
pub(crate) async fn person_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let name = feed_name(name)?;
    let meta = FeedMeta {
        title: format!("Council papers naming {name}"),
        self_path: person_feed_href(&name),
        page_path: format!("/people/{}", percent_encode(&name)),
    };
    let params = SearchParams {
        person: vec![name],
        ..SearchParams::default()
    };
    search_feed_response(&state, &headers, params, meta).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, date: Option<&str>, indexed_at: Option<i64>) -> FeedEntry {
        FeedEntry {
            document_id: id.to_string(),
            title: format!("Paper {id} & <co>"),
            url: format!("/documents/{id}#s0"),
            summary: "Text with \"quotes\", <tags> & ampersands".to_string(),
            citation: "Kent · Cabinet · 2024-01-01".to_string(),
            date: date.map(str::to_string),
            indexed_at,
            council: Some("Kent County Council".to_string()),
        }
    }

    #[test]
    fn entries_are_newest_first_by_meeting_date_then_indexing_time() {
        let mut entries = vec![
            entry("undated", None, Some(900)),
            entry("old", Some("2020-01-01"), Some(999)),
            entry("new-early", Some("2024-05-01"), Some(100)),
            entry("new-late", Some("2024-05-01"), Some(200)),
        ];
        newest_first(&mut entries);
        let ids: Vec<&str> = entries.iter().map(|e| e.document_id.as_str()).collect();
        assert_eq!(ids, ["new-late", "new-early", "old", "undated"]);
    }

    #[test]
    fn the_feed_is_escaped_atom_with_one_entry_per_paper() {
        let meta = FeedMeta {
            title: "Council papers: “a & b”".to_string(),
            self_path: "/feeds/search?q=a%20%26%20b".to_string(),
            page_path: "/?q=a%20%26%20b".to_string(),
        };
        let xml = atom(
            &meta,
            &[entry("x", Some("2024-05-01"), Some(1_700_000_000))],
            "http://h",
        );
        let feed: Feed = xml.parse().expect("the feed reads back");
        assert_eq!(feed.entries().len(), 1);
        let e = &feed.entries()[0];
        assert_eq!(e.id(), "urn:council:paper:x");
        assert_eq!(
            e.summary().unwrap().as_str(),
            "Text with \"quotes\", <tags> & ampersands"
        );
        assert_eq!(e.links()[0].href(), "/documents/x#s0");
        assert!(
            xml.contains("href=\"http://h/feeds/search?q=a%20%26%20b\""),
            "{xml}"
        );
        assert!(xml.contains("rel=\"self\""), "{xml}");
    }
}
