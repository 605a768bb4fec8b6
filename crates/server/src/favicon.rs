//! The site icon (`/favicon.svg`, also answered at `/favicon.ico`, which browsers ask for
//! on their own): a small SVG, so no page load ends in a 404.

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
