//! Hostile requests through `app()`: every one gets a 4xx with a JSON message (or a 200 for
//! odd but harmless queries), never a 5xx, and the app keeps answering.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;

fn enc(s: &str) -> String {
    council_server::params::percent_encode(s)
}

/// Asserts a 4xx JSON error with this code and a message.
async fn assert_rejected(app: &axum::Router, uri: &str, status: StatusCode, code: &str) {
    let (got, json) = get_json(app, uri).await;
    assert_eq!(got, status, "{}: {json}", &uri[..uri.len().min(120)]);
    assert_eq!(json["error"]["code"], code, "{json}");
    assert!(
        json["error"]["message"].as_str().unwrap().len() > 10,
        "{json}"
    );
}

#[tokio::test]
async fn oversized_and_malformed_queries_are_400() {
    let (_dir, app) = test_app();
    // Written compactly so the URI stays under the 64 KB an HTTP URI may have.
    let ten_thousand_terms = vec!["w"; 10_000].join("+");
    let hundred_terms = vec!["w"; 100].join(" ");
    let deep = format!("{}chair{}", "(".repeat(10_000), ")".repeat(10_000)); // sent unencoded
    let deep_short = format!("{}chair{}", "(".repeat(40), ")".repeat(40));
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            "/api/search?q=chair&offset=".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?q=chair&explain=yes".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            format!("/api/search?q={ten_thousand_terms}"),
            StatusCode::BAD_REQUEST,
            "query_too_long",
        ),
        (
            format!("/api/search?q={}", enc(&hundred_terms)),
            StatusCode::BAD_REQUEST,
            "query_too_long",
        ),
        (
            format!("/api/search?q={deep}"),
            StatusCode::BAD_REQUEST,
            "query_too_long",
        ),
        (
            format!("/api/search?q={}", enc(&deep_short)),
            StatusCode::BAD_REQUEST,
            "query_too_complex",
        ),
        (
            "/api/search?q=chair&offset=1000000000".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?q=chair&limit=0".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?q=chair&limit=101".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?q=chair&offset=10000&limit=10".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?q=chair&council=".to_string() + &"x".repeat(600),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/bodies/Cabinet?offset=1000000000".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/sections/x.1/similar?limit=1000000".into(),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
    ];
    for (uri, status, code) in &cases {
        assert_rejected(&app, uri, *status, code).await;
    }
    // The HTML page says the same, with the form refilled, and a 400.
    let (status, content_type, body) = get(&app, &format!("/?q={}", enc(&hundred_terms))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains("too many words"), "{body}");
    let (status, _, body) = get(&app, &format!("/?q={}", enc(&deep_short))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("parentheses"));
}

#[tokio::test]
async fn odd_but_harmless_queries_are_answered() {
    let (_dir, app) = test_app();
    for q in [
        "\"unbalanced quote",
        "chair\" board \"",
        "\"\"\"\"",
        "*ing",
        "?ouncil",
        "*",
        "chair~99999",
        "board~99999999999999999999",
        "chair^99999",
        "((((chair))))",
        ")))(((",
        "title:chair AND body:(cabinet OR council)",
        "-",
        "NOT NOT NOT",
        "[* TO *]",
        "{chair}",
        "\\",
        "chair\u{0}board",
        "\u{202e}riahc",
        "🙂🙂🙂",
    ] {
        let uri = format!("/api/search?q={}", enc(q));
        let (status, json) = get_json(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{q:?}: {json}");
        let (status, _, body) = get(&app, &format!("/?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK, "page {q:?}");
        assert!(!body.contains("<script>alert"), "{q:?}");
    }
}

#[tokio::test]
async fn big_bodies_are_413_before_reading() {
    let (_dir, app) = test_app();
    // A declared 100 MB body: refused on the header alone (the body here is tiny, and is
    // never read).
    for (method, uri) in [
        ("POST", "/api/search"),
        ("GET", "/api/search?q=chair"),
        ("POST", "/"),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_LENGTH, "104857600")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let (status, json) = send_json(&app, request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{method} {uri}");
        assert_eq!(json["error"]["code"], "payload_too_large");
    }
    // A small body on a GET route is ignored; other methods are 405 JSON.
    let request = Request::post("/api/search?q=chair")
        .body(Body::from("x".repeat(100)))
        .unwrap();
    let (status, json) = send_json(&app, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{json}");
    let request = Request::delete("/api/documents/x")
        .body(Body::empty())
        .unwrap();
    let (status, _) = send_json(&app, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // Still answering.
    let (status, _) = get_json(&app, "/api/search?q=chair").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn hostile_paths_are_404() {
    let (_dir, app) = test_app();
    let long = "x".repeat(10_000);
    for uri in [
        format!("/api/documents/{long}"),
        format!("/api/sections/{long}/similar"),
        format!("/api/bodies/{long}"),
        format!("/api/people/{long}"),
        "/api/people/%20".to_string(),
        "/documents/%FF%FE".to_string(),
        "/api/documents/%00".to_string(),
    ] {
        let (status, _, _) = get(&app, &uri).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{}: {status}",
            &uri[..60.min(uri.len())]
        );
    }
}
