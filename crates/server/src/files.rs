//! `GET /files/{*path}`: the original files of indexed papers, served from the ingested
//! folder only.

use std::path::{Component, Path, PathBuf};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use council_model::Outcome;

use crate::{pages, AppState};

/// The longest file path worth looking at.
const MAX_PATH_BYTES: usize = 4096;

/// Serves `path` (relative to the corpus folder) if it is the source of a paper the index
/// holds (its file record says it was indexed) and names a regular file whose canonical
/// path lies inside the canonical corpus folder; 404 otherwise (nothing that was not
/// indexed, such as `.env` or `.git/config`; no `..`, no absolute paths, no symlinks out of
/// the folder; nothing when no folder is configured).
pub(crate) async fn file(
    State(state): State<AppState>,
    path: Result<UrlPath<String>, PathRejection>,
    request: Request,
) -> Response {
    let not_found = || pages::not_found_page("There is no file at this address.");
    let (Some(corpus), Ok(UrlPath(path))) = (state.corpus.clone(), path) else {
        return not_found();
    };
    let Some(relative) = safe_relative(&path) else {
        return not_found();
    };
    let Some(source) = source_of(&relative) else {
        return not_found();
    };
    let indexed = state
        .blocking(move |index| {
            Ok(index
                .file_record(&source)?
                .is_some_and(|record| record.recorded_outcome() == Some(Outcome::Ok)))
        })
        .await;
    match indexed {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(err) => return pages::error_page(&err),
    }
    let candidate = corpus.join(relative);
    let resolved = match tokio::fs::canonicalize(&candidate).await {
        Ok(resolved) => resolved,
        Err(_) => return not_found(),
    };
    let is_file = tokio::fs::metadata(&resolved)
        .await
        .is_ok_and(|m| m.is_file());
    if !resolved.starts_with(corpus.as_path()) || !is_file {
        return not_found();
    }
    match ServeFile::new(&resolved).oneshot(request).await {
        Ok(response) if response.status().is_success() || response.status().is_redirection() => {
            let mut response = response.map(axum::body::Body::new);
            let headers = response.headers_mut();
            // The files are other people's documents: never let one run script on our origin.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
                ),
            );
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            if let Some(name) = resolved.file_name().and_then(|n| n.to_str()) {
                let name: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_graphic() && c != '"' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
                    headers.insert(header::CONTENT_DISPOSITION, value);
                }
            }
            response
        }
        Ok(response) if response.status() == StatusCode::RANGE_NOT_SATISFIABLE => {
            response.map(axum::body::Body::new)
        }
        _ => not_found(),
    }
}

/// The path as relative normal components, or `None` if it is empty, absolute, or has
/// `..`, `.`, a drive prefix, a NUL or a backslash.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.is_empty() || path.len() > MAX_PATH_BYTES || path.contains(['\0', '\\']) {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// The source (as the ingest records it: `/`-separated) of a safe relative path; `None`
/// if a part is not UTF-8.
fn source_of(relative: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    parts.map(|p| p.join("/"))
}

/// The `/files/...` URL of a source path (relative to the corpus folder), each segment
/// percent-encoded; `None` when the name on disk was not UTF-8 (the source holds a
/// replacement character, so no URL names the file).
pub(crate) fn file_href(source: &str) -> Option<String> {
    if source.contains(char::REPLACEMENT_CHARACTER) {
        return None;
    }
    let encoded: Vec<String> = source
        .split('/')
        .map(crate::params::percent_encode)
        .collect();
    Some(format!("/files/{}", encoded.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert_eq!(safe_relative("a/b.pdf"), Some(PathBuf::from("a/b.pdf")));
        assert_eq!(safe_relative("a//b.pdf"), Some(PathBuf::from("a/b.pdf")));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\..\\b",
            "a\0b",
            ".",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad:?}");
        }
        assert_eq!(
            file_href("a b/c#d.pdf").as_deref(),
            Some("/files/a%20b/c%23d.pdf")
        );
        assert_eq!(file_href("caf\u{FFFD}.pdf"), None);
    }
}
