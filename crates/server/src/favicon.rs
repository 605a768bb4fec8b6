//! The files browsers and crawlers ask for on their own: the site icon (`/favicon.svg`, also
//! answered at `/favicon.ico`), a small SVG, and `/robots.txt`, so no page load or crawl
//! ends in a 404.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A document with a folded corner, in the site's blue.
const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#0b3d63" d="M6 2h14l8 8v20H6z"/><path fill="#fff" d="M20 2v8h8zM10 15h12v2H10zm0 5h12v2H10zm0 5h8v2h-8z"/></svg>"##;

/// `GET /favicon.svg` and `GET /favicon.ico`.
pub(crate) async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

/// What crawlers may read: the pages, not the JSON API or the feeds.
const ROBOTS: &str = "User-agent: *\nDisallow: /api/\nDisallow: /feeds/\n";

/// `GET /robots.txt`.
pub(crate) async fn robots() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ROBOTS,
    )
        .into_response()
}
