//! The HTTP app over the ingested bundled corpus, without a socket.

use crate::harness::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use council_index::SectionIndex;
use tower::ServiceExt;

async fn get(uri: &str) -> (StatusCode, String) {
    let index = SectionIndex::open(&corpus_index_dir()).unwrap();
    let app = council_server::app(council_server::AppState::new(index));
    let resp = app
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn api_search_and_document_round_trip() {
    let (status, body) = get("/api/search?q=improvement+board+chair&limit=5").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = &v["hits"][0];
    assert!(
        first["snippet"].as_str().unwrap().contains("<mark>"),
        "{first}"
    );
    let id = first["document_id"].as_str().unwrap();
    let (status, body) = get(&format!("/api/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["id"], id);
    let (status, page) = get(&format!("/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"s0\""), "section anchors");
}

#[tokio::test]
async fn page_and_errors() {
    let (status, page) = get("/?q=Ofsted+inspection").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ofsted inspection") && page.contains("<mark>"));
    for bad in [
        "/api/search?q=x&limit=0",
        "/api/search?q=x&limit=abc",
        "/api/search?q=x&kind=zzz",
        "/api/search?q=x&from=2023-13-01",
    ] {
        let (status, body) = get(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body.contains("\"code\""), "{body}");
    }
    let (status, _) = get("/api/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"documents\":7"), "{body}");
}
