//! Export of search results: every hit of a query up to the result window as CSV or JSON,
//! one row per paper (its best section), with the fields a citation needs.
//!
//! `GET /api/export.csv?…` and `GET /api/export.json?…` take the search parameters of
//! `/api/search` (`limit` and `offset` are ignored: the export always starts at the first hit
//! and runs to the end of the result window, [`MAX_WINDOW`] papers). The CLI's
//! `council search --format csv` writes the same rows with [`write_csv`].

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use council_index::{SearchHit, SearchResults};
use serde::Serialize;

use crate::api::{read_params, run_search};
use crate::files::file_href;
use maud::{html, Markup};

use crate::params::{percent_encode, SearchParams, MAX_WINDOW};
use crate::{ApiError, AppState};

/// One exported hit: a paper's best matching section with its citation fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    /// The hit's place in the results, from 1.
    pub rank: usize,
    /// The publishing council.
    pub council: Option<String>,
    /// The committee or board of the paper's meeting.
    pub body: Option<String>,
    /// The meeting date, `YYYY-MM-DD`.
    pub meeting_date: Option<String>,
    /// The minute number of the section's item of business, where the paper gives one.
    pub minute: Option<String>,
    /// The agenda item number, where the paper gives one.
    pub item: Option<String>,
    /// The paper's title (its file name when it has none).
    pub paper: String,
    /// The kind of paper (`committee_report`, `minutes`, ...).
    pub kind: String,
    /// The paragraph number, where the paper numbers it.
    pub paragraph: Option<String>,
    /// The section heading.
    pub heading: Option<String>,
    /// The page the section starts on.
    pub page: Option<u32>,
    /// The citation line: council, body, date, minute, item, para, page.
    pub citation: String,
    /// The section's full text.
    pub text: String,
    /// The paragraph on this server's paper page.
    pub paper_url: String,
    /// The original file, as served by this server (none when its name on disk was not
    /// UTF-8).
    pub original_url: Option<String>,
    /// The paper's id.
    pub document_id: String,
    /// The section's id.
    pub section_id: String,
    /// The source file, relative to the ingested folder.
    pub source: String,
}

impl ExportRow {
    /// The row of `hit`, ranked `rank`, with URLs under `base` (`http://host`, or `""` for
    /// paths relative to the server).
    pub fn new(rank: usize, hit: &SearchHit, base: &str) -> ExportRow {
        let ordinal = hit.section_id.rsplit('.').next().unwrap_or(&hit.section_id);
        ExportRow {
            rank,
            council: hit.council.clone(),
            body: hit.meeting.as_ref().and_then(|m| m.body.clone()),
            meeting_date: hit.meeting.as_ref().and_then(|m| m.date.clone()),
            minute: hit.minute.clone(),
            item: hit.meeting.as_ref().and_then(|m| m.item.clone()),
            paper: hit
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| hit.source.clone()),
            kind: hit.kind.as_str().to_string(),
            paragraph: hit.number.clone(),
            heading: hit.heading.clone(),
            page: hit.page,
            citation: hit.citation.clone(),
            text: hit.text.clone(),
            paper_url: format!(
                "{base}/documents/{}#s{}",
                percent_encode(&hit.document_id),
                percent_encode(ordinal)
            ),
            original_url: file_href(&hit.source).map(|href| format!("{base}{href}")),
            document_id: hit.document_id.clone(),
            section_id: hit.section_id.clone(),
            source: hit.source.clone(),
        }
    }
}

/// The rows of `hits`, ranked from 1.
pub fn rows(hits: &[SearchHit], base: &str) -> Vec<ExportRow> {
    hits.iter()
        .enumerate()
        .map(|(i, hit)| ExportRow::new(i + 1, hit, base))
        .collect()
}

/// Writes `rows` as RFC 4180 CSV with a header line (fields with commas, quotes or line
/// breaks are quoted, quotes doubled).
pub fn write_csv<W: std::io::Write>(out: W, rows: &[ExportRow]) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        writer.serialize(row)?;
    }
    if rows.is_empty() {
        // `serialize` writes the header with the first row; an empty export still has one.
        writer.write_record(HEADER)?;
    }
    writer.flush()?;
    Ok(())
}

/// The CSV header: the names of [`ExportRow`]'s fields, in order.
pub const HEADER: [&str; 18] = [
    "rank",
    "council",
    "body",
    "meeting_date",
    "minute",
    "item",
    "paper",
    "kind",
    "paragraph",
    "heading",
    "page",
    "citation",
    "text",
    "paper_url",
    "original_url",
    "document_id",
    "section_id",
    "source",
];

/// The results' take-away links: CSV, JSON and the Atom feed of this search.
pub(crate) fn downloads(params: &SearchParams) -> Markup {
    let query = SearchParams {
        limit: crate::params::DEFAULT_LIMIT,
        offset: 0,
        explain: false,
        ..params.clone()
    }
    .to_query_string();
    html! {
        p.downloads {
            "Take the results away: "
            a href=(format!("/api/export.csv?{query}")) download { "CSV" }
            " · "
            a href=(format!("/api/export.json?{query}")) download { "JSON" }
            " · "
            a href=(crate::feeds::search_feed_href(params)) type="application/atom+xml" { "Atom feed" }
            " (every paper up to " (MAX_WINDOW) ")"
        }
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// `http://host` from the request's `Host` header, or `""` (relative URLs) without one.
pub(crate) fn base_url(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .map_or_else(String::new, |h| format!("http://{h}"))
}

async fn export(
    state: AppState,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    format: Format,
) -> Result<Response, ApiError> {
    let (raw, params) = read_params(query);
    raw.require_values()?;
    let mut params = params?;
    params.offset = 0;
    params.limit = MAX_WINDOW;
    params.explain = false;
    // Without a query and without a filter there is nothing to export.
    let results = if params.is_empty() {
        SearchResults::default()
    } else {
        run_search(&state, &params).await?
    };
    let rows = rows(&results.hits, &base_url(&headers));
    let (content_type, name, body) = match format {
        Format::Csv => {
            let mut body = Vec::new();
            write_csv(&mut body, &rows)
                .map_err(|e| ApiError::Internal(format!("cannot write CSV: {e}")))?;
            ("text/csv; charset=utf-8", "council-search.csv", body)
        }
        Format::Json => {
            let body = serde_json::to_vec(&serde_json::json!({
                "query": params.q,
                "total_sections": results.total,
                "papers": rows.len(),
                "hits": rows,
            }))
            .map_err(|e| ApiError::Internal(format!("cannot write JSON: {e}")))?;
            ("application/json", "council-search.json", body)
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/export.csv`.
pub(crate) async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    export(state, headers, query, Format::Csv).await
}

/// `GET /api/export.json`.
pub(crate) async fn export_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    export(state, headers, query, Format::Json).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_row_fields_in_order() {
        let row = ExportRow {
            rank: 1,
            council: None,
            body: None,
            meeting_date: None,
            minute: None,
            item: None,
            paper: String::new(),
            kind: String::new(),
            paragraph: None,
            heading: None,
            page: None,
            citation: String::new(),
            text: String::new(),
            paper_url: String::new(),
            original_url: None,
            document_id: String::new(),
            section_id: String::new(),
            source: String::new(),
        };
        let mut with_row = Vec::new();
        write_csv(&mut with_row, &[row]).unwrap();
        let mut empty = Vec::new();
        write_csv(&mut empty, &[]).unwrap();
        let first_line = String::from_utf8(with_row).unwrap();
        let first_line = first_line.lines().next().unwrap().to_string();
        assert_eq!(String::from_utf8(empty).unwrap().trim_end(), first_line);
        assert_eq!(first_line, HEADER.join(","));
    }
}
