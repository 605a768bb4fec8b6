//! End-to-end tests of the council server over a small temporary index.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use council_server::AppState;
use tower::ServiceExt;

#[tokio::test]
async fn healthz_counts_the_index() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["status"], "ok");
    assert_eq!(json["documents"], 3);
    assert_eq!(json["sections"], 4);
}

#[tokio::test]
async fn search_finds_the_improvement_board_chair() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/search?q=improvement%20board%20chair").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["query"], "improvement board chair");
    assert_eq!(json["limit"], 10);
    assert_eq!(json["offset"], 0);
    assert!(json["total"].as_u64().unwrap() >= 1);
    let first = &json["hits"][0];
    assert_eq!(first["document_id"], BOARD_ID);
    assert!(first["section_id"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{BOARD_ID}.")));
    assert!(
        first["snippet"].as_str().unwrap().contains("<mark>"),
        "{first}"
    );
    assert!(json["facets"]["council"].is_array());
}

#[tokio::test]
async fn search_with_filters_and_paging() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/search?q=parking&kind=minutes&limit=1").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["hits"][0]["document_id"], PARKING_ID);
    assert_eq!(json["limit"], 1);

    let (status, json) = get_json(&app, "/api/search?q=parking&kind=committee_report").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["total"], 0);

    // A filter alone is a search.
    let (status, json) = get_json(&app, "/api/search?council=Southvale%20Borough%20Council").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["total"].as_u64().unwrap() >= 1);

    let (status, json) = get_json(
        &app,
        "/api/search?q=chair&from=2023-01-01&to=2023-12-31&unknown=1",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{json}");
}

#[tokio::test]
async fn bad_parameters_are_400_json() {
    let (_dir, app) = test_app();
    for uri in [
        "/api/search?q=chair&limit=0",
        "/api/search?q=chair&limit=abc",
        "/api/search?q=chair&limit=1000",
        "/api/search?q=chair&limit=-5",
        "/api/search?q=chair&offset=999999",
        "/api/search?q=chair&offset=-1",
        "/api/search?q=chair&offset=18446744073709551615",
        "/api/search?q=chair&kind=nonsense",
        "/api/search?q=chair&from=2023-13-45",
        "/api/search?q=chair&to=yesterday",
        "/api/search?q=chair&offset=",
        "/api/search?q=chair&limit=",
        "/api/search?q=chair&kind=",
        "/api/search?q=chair&explain=1",
    ] {
        let (status, json) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {json}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{uri}: {json}");
        assert!(json["error"]["message"].as_str().unwrap().len() > 5);
    }
}

#[tokio::test]
async fn long_queries_are_400_query_too_long() {
    let (_dir, app) = test_app();
    let long_q = format!("/api/search?q={}", "a".repeat(5000));
    let (status, json) = get_json(&app, &long_q).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert_eq!(json["error"]["code"], "query_too_long");
}

#[tokio::test]
async fn hostile_queries_never_fail() {
    let (_dir, app) = test_app();
    for q in [
        "%22unbalanced",
        "(",
        ")",
        "-",
        "a:b",
        "*",
        "%22",
        "AND",
        "OR%20NOT",
        "title:",
        "%5B1%20TO%5D",
        "chair%5E",
        "~",
        "%3C%2Fmark%3E%3Cscript%3E",
        "children%27s",
        "%F0%9F%98%80",
        "%FF%FE",
        "%00",
    ] {
        let uri = format!("/api/search?q={q}");
        let (status, json) = get_json(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {json}");
        let (status, _, body) = get(&app, &format!("/?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "/?q={q}");
        assert_eq!(
            body.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(!body.contains("</mark><script>"));
    }
}

#[tokio::test]
async fn documents_by_id() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, &format!("/api/documents/{BOARD_ID}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["id"], BOARD_ID);
    assert_eq!(json["kind"], "committee_report");
    assert_eq!(json["sections"].as_array().unwrap().len(), 2);

    for id in ["nope", "%FF", "a%2Fb", "..", &"x".repeat(2000)] {
        let (status, json) = get_json(&app, &format!("/api/documents/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}");
        assert_eq!(json["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn unknown_routes_are_404() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["code"], "not_found");

    let (status, content_type, body) = get(&app, "/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn search_page_renders_results() {
    let (_dir, app) = test_app();
    let (status, content_type, body) = get(&app, "/?q=improvement+board+chair").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains(r#"<html lang="en">"#));
    assert!(body.contains(r#"name="viewport""#));
    assert!(body.contains(r#"<label for="q">"#));
    assert!(
        body.contains(r#"value="improvement board chair""#),
        "query kept"
    );
    assert!(body.contains("<mark>"));
    assert!(body.contains(&format!("/documents/{BOARD_ID}#s")));
    assert!(body.contains("Northshire County Council"), "citation shown");
    assert!(body.contains("Committee report"));
    assert!(body.contains(" result"));

    // The citation line from the API appears on the page.
    let (_, json) = get_json(&app, "/api/search?q=improvement+board+chair").await;
    let citation = json["hits"][0]["citation"].as_str().unwrap();
    let escaped = citation
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(body.contains(&escaped), "citation {citation:?} on the page");
}

#[tokio::test]
async fn search_page_pages_and_facets() {
    let (_dir, app) = test_app();
    let (status, _, body) = get(&app, "/?q=council+OR+parking+OR+chair+OR+potholes&limit=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Next"), "{body}");
    assert!(body.contains("offset=1"));
    let (status, _, body) = get(&app, "/?q=chair&limit=1&offset=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Previous") || body.contains("first page"));
    let (status, _, body) = get(&app, "/?q=parking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(r#"name="council" value="Southvale Borough Council""#),
        "facet tick box: {body}"
    );
}

#[tokio::test]
async fn several_values_of_a_filter_are_alternatives() {
    let (_dir, app) = test_app();
    let (_, all) = get_json(&app, "/api/search?q=council&limit=100").await;
    let (_, south) = get_json(
        &app,
        "/api/search?q=council&limit=100&council=Southvale%20Borough%20Council",
    )
    .await;
    let (_, north) = get_json(
        &app,
        "/api/search?q=council&limit=100&council=Northshire%20County%20Council",
    )
    .await;
    let (status, both) = get_json(
        &app,
        "/api/search?q=council&limit=100&council=Southvale%20Borough%20Council\
         &council=Northshire%20County%20Council",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{both}");
    let total = |j: &serde_json::Value| j["total"].as_u64().unwrap();
    assert!(total(&south) > 0 && total(&north) > 0, "{south} {north}");
    assert_eq!(total(&both), total(&south) + total(&north));
    assert_eq!(total(&both), total(&all));
    // Across filters: AND.
    let (_, narrowed) = get_json(
        &app,
        "/api/search?q=council&limit=100&council=Southvale%20Borough%20Council\
         &council=Northshire%20County%20Council&kind=written_question",
    )
    .await;
    assert!(total(&narrowed) < total(&both), "{narrowed}");
    assert!(narrowed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "written_question"));
    // The page ticks both, lists both as active filters, and its feed and export
    // links keep both.
    let (status, _, body) = get(
        &app,
        "/?q=council&council=Southvale%20Borough%20Council&council=Northshire%20County%20Council",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Southvale Borough Council", "Northshire County Council"] {
        assert!(
            body.contains(&format!(r#"name="council" value="{name}" checked"#)),
            "{name} ticked: {body}"
        );
        assert!(body.contains(&format!("Council: {name}")), "{name} active");
    }
    assert!(body.contains(
        "council=Southvale%20Borough%20Council&amp;council=Northshire%20County%20Council"
    ));
    let (status, _, csv) = get(
        &app,
        "/api/export.csv?q=council&council=Southvale%20Borough%20Council\
         &council=Northshire%20County%20Council",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(csv.contains("Southvale Borough Council") && csv.contains("Northshire County Council"));
    let (status, _, feed) = get(
        &app,
        "/feeds/search?q=council&council=Southvale%20Borough%20Council\
         &council=Northshire%20County%20Council",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        feed.contains("Southvale Borough Council or Northshire County Council"),
        "{feed}"
    );
}

#[tokio::test]
async fn search_page_explains_itself_and_reports_bad_input() {
    let (_dir, app) = test_app();
    let (status, _, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("The index holds"));
    assert!(body.contains("<strong>3</strong> papers"));

    for uri in [
        "/?q=chair&limit=abc",
        "/?q=chair&kind=nonsense",
        "/?q=chair&from=2023-13-45",
    ] {
        let (status, content_type, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(content_type.starts_with("text/html"), "{uri}");
        assert!(body.contains("Please check your search"), "{uri}");
        assert!(body.contains(r#"value="chair""#), "{uri}: form refilled");
    }

    // Empty form fields are not errors.
    let (status, _, _) = get(&app, "/?q=chair&council=&body=&kind=&from=&to=").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn document_page_has_anchors() {
    let (_dir, app) = test_app();
    let (status, content_type, body) = get(&app, &format!("/documents/{BOARD_ID}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains("Appointment of an Independent Chair of the Improvement Board"));
    assert!(body.contains(r#"id="s0""#));
    assert!(body.contains(r#"id="s1""#));
    assert!(body.contains(r##"href="#s1""##));
    // The paper's citation at its head, with the copy button.
    assert!(
        body.contains("Northshire County Council, Cabinet, 12 June 2023, item 7"),
        "{body}"
    );
    assert!(body.contains("1 Purpose of the report"));
    assert!(body.contains("Jane Smith"));
    assert!(
        body.contains("Executive Director of Children&#39;s Services")
            || body.contains("Executive Director of Children's Services")
    );
    assert!(body.contains("Cabinet"));
    assert!(body.contains("Decisions"));

    let (status, _, body) = get(&app, &format!("/documents/{QUESTIONS_ID}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Questions"));
    assert!(body.contains("4,210 potholes were repaired."));
    assert!(body.contains("Cllr White"));

    let (status, _, body) = get(&app, "/documents/missing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn sort_orders_by_meeting_date() {
    let (_dir, app) = test_app();
    let q = "council+OR+parking+OR+chair+OR+potholes+OR+board";
    let (status, json) = get_json(&app, &format!("/api/search?q={q}&sort=newest")).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["sort"], "newest");
    let ids: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["document_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [QUESTIONS_ID, BOARD_ID, PARKING_ID], "{json}");
    let (_, json) = get_json(&app, &format!("/api/search?q={q}&sort=oldest")).await;
    assert_eq!(json["hits"][0]["document_id"], PARKING_ID, "{json}");
    let (status, json) = get_json(&app, "/api/search?q=chair&sort=random").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["error"]["code"], "invalid_parameter");
    // The page offers the orders and keeps the chosen one.
    let (status, _, body) = get(&app, &format!("/?q={q}&sort=newest")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(r#"<option value="newest" selected>"#),
        "{body}"
    );
    assert!(body.contains("sort=oldest"));
}

#[tokio::test]
async fn person_filter_and_facet() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/search?q=chair&person=Jane%20Smith").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["hits"][0]["document_id"], BOARD_ID, "{json}");
    let (_, json) = get_json(&app, "/api/search?q=parking&person=Jane%20Smith").await;
    assert_eq!(json["total"], 0, "{json}");
    let (_, json) = get_json(&app, "/api/search?q=chair").await;
    let people = json["facets"]["person"].as_array().unwrap();
    assert!(people.iter().any(|p| p["value"] == "Jane Smith"), "{json}");
    let (status, _, body) = get(&app, "/?q=chair").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(r#"name="person" value="Jane Smith""#),
        "person facet tick box"
    );
}

#[tokio::test]
async fn hits_link_more_sections_and_copyable_citations() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/search?q=improvement+board+chair+cabinet").await;
    assert_eq!(status, StatusCode::OK);
    let first = &json["hits"][0];
    assert_eq!(first["document_id"], BOARD_ID);
    assert_eq!(
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["document_id"] == BOARD_ID)
            .count(),
        1,
        "one hit per paper"
    );
    let more = first["more"].as_array().unwrap();
    assert_eq!(more.len(), 1, "{first}");
    let (_, _, body) = get(&app, "/?q=improvement+board+chair+cabinet").await;
    assert!(body.contains("More from this document"));
    let other = more[0]["section_ordinal"].as_u64().unwrap();
    assert!(body.contains(&format!("/documents/{BOARD_ID}#s{other}")));
    assert!(body.contains(r#"class="copy""#) && body.contains("data-cite="));
    assert!(body.contains(r#"class="cite-text""#));
    assert!(body.contains("/similar"));
}

#[tokio::test]
async fn similar_sections() {
    let (_dir, app) = test_app();
    let (status, json) =
        get_json(&app, &format!("/api/sections/{BOARD_ID}.0/similar?limit=5")).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["hits"].is_array());
    for hit in json["hits"].as_array().unwrap() {
        assert_ne!(hit["section_id"], format!("{BOARD_ID}.0"), "not itself");
    }
    let (status, json) = get_json(&app, "/api/sections/nope.3/similar").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
    assert_eq!(json["error"]["code"], "not_found");
    let (status, json) =
        get_json(&app, &format!("/api/sections/{BOARD_ID}.0/similar?limit=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    let (status, _, body) = get(&app, &format!("/sections/{BOARD_ID}.0/similar")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Papers similar to this section"));
    let (status, _, _) = get(&app, "/sections/nope.1/similar").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn body_and_person_profiles() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/bodies/Cabinet").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["subject"], "body");
    assert_eq!(json["papers"][0]["document_id"], BOARD_ID, "{json}");
    assert_eq!(json["meetings"][0]["date"], "2023-06-12");
    assert!(!json["decisions"].as_array().unwrap().is_empty());
    assert!(json["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Jane Smith"));

    let (status, json) = get_json(&app, "/api/people/Priya%20Patel").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["papers"][0]["document_id"], PARKING_ID, "{json}");
    assert_eq!(json["roles"][0]["role"], "Chair");
    assert_eq!(json["decisions"][0]["proposer"], "Cllr Patel", "{json}");

    // A name nothing mentions has no profile: 404, as its page.
    let (status, json) = get_json(&app, "/api/people/Nobody%20At%20All").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
    let (status, json) = get_json(&app, "/api/bodies/Cabinet?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");

    let (status, _, body) = get(&app, "/bodies/Cabinet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>Cabinet</h1>"), "{body}");
    assert!(body.contains("Papers, newest first"));
    assert!(body.contains("/people/Jane%20Smith"));
    let (status, _, body) = get(&app, "/people/Priya%20Patel").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Chair"));
    assert!(body.contains("/bodies/Highways%20and%20Transport%20Committee"));
    let (status, _, _) = get(&app, "/people/Nobody%20At%20All").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_lists_every_route_and_param() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["openapi"], "3.1.0");
    for path in [
        "/api/search",
        "/api/documents/{id}",
        "/api/sections/{id}/similar",
        "/api/bodies/{name}",
        "/api/people/{name}",
    ] {
        assert!(json["paths"][path]["get"].is_object(), "{path}");
    }
    let names: Vec<&str> = json["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "q", "limit", "offset", "council", "body", "person", "kind", "from", "to", "sort",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let limit = &json["paths"]["/api/search"]["get"]["parameters"][1]["schema"];
    assert_eq!(limit["maximum"], 100);
    // Repeatable filters are exploded arrays.
    let council = json["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "council")
        .unwrap();
    assert_eq!(council["schema"]["type"], "array", "{council}");
    assert_eq!(council["explode"], true);
}

#[tokio::test]
async fn robots_txt_lets_crawlers_read_pages_not_the_api() {
    let (_dir, app) = test_app();
    let (status, content_type, body) = get(&app, "/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain"));
    assert!(body.starts_with("User-agent: *\n"));
    assert!(body.contains("Disallow: /api/"));
    assert!(!body.contains("Disallow: /\n"));
}

#[tokio::test]
async fn request_ids_metrics_and_methods() {
    let (_dir, app) = test_app();
    let response = app
        .clone()
        .oneshot(
            Request::get("/api/search?q=chair")
                .header("x-request-id", "abc-123")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    let response = app
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(
        !response.headers()["x-request-id"].is_empty(),
        "one is made up"
    );

    let (status, json) = send_json(
        &app,
        Request::post("/api/search").body(Body::from("x")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json["error"]["code"], "method_not_allowed");

    get(&app, "/api/search?q=chair&limit=0").await;
    let (status, content_type, text) = get(&app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain"));
    assert!(
        text.contains(r#"council_http_requests_total{route="/api/search",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"council_http_requests_total{route="/api/search",status="400"} 1"#));
    assert!(
        text.contains(
            r#"council_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"} 3"#
        ),
        "200, 405 and 400"
    );
    assert!(text.contains("council_index_documents 3"));
    assert!(text.contains("council_index_sections 4"));
}

#[tokio::test]
async fn files_are_served_from_the_corpus_only() {
    let corpus = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(corpus.path().join("cabinet")).unwrap();
    std::fs::write(
        corpus
            .path()
            .join("cabinet/2023-06-12-improvement-board.pdf"),
        b"%PDF-1.4 test",
    )
    .unwrap();
    std::fs::write(corpus.path().join("notes.txt"), "hello").unwrap();
    std::fs::write(corpus.path().join("unindexed.txt"), "not a paper").unwrap();
    std::fs::write(corpus.path().join(".env"), "secret=1").unwrap();
    std::fs::create_dir_all(corpus.path().join(".git")).unwrap();
    std::fs::write(corpus.path().join(".git/config"), "[secret]").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            corpus.path().join("escape.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), corpus.path().join("outdir")).unwrap();
        std::os::unix::fs::symlink(
            corpus.path().join("notes.txt"),
            corpus.path().join("inside.txt"),
        )
        .unwrap();
    }
    let (_dir, index) = test_index();
    // Only the files the index says were read as papers are served (escape.txt has a
    // record too: its real path is outside the folder all the same).
    let mut writer = index.writer(20_000_000).unwrap();
    for source in [
        "cabinet/2023-06-12-improvement-board.pdf",
        "notes.txt",
        "inside.txt",
        "escape.txt",
    ] {
        writer
            .add_file_record(&council_index::files::FileRecord {
                source: source.into(),
                content_hash: "0".into(),
                outcome: "ok".into(),
                reason: None,
                documents: 1,
                sections: 1,
                fallback: false,
                ocr: false,
                version: String::new(),
            })
            .unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index.reload().unwrap();
    let app = council_server::app(AppState::new(index).with_corpus(corpus.path().to_path_buf()));
    let (status, content_type, body) =
        get(&app, "/files/cabinet/2023-06-12-improvement-board.pdf").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/pdf");
    assert_eq!(body, "%PDF-1.4 test");
    let (status, content_type, _) = get(&app, "/files/notes.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    #[cfg(unix)]
    {
        let (status, _, _) = get(&app, "/files/inside.txt").await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a symlink inside the folder is fine"
        );
    }
    for bad in [
        "/files/escape.txt",
        "/files/outdir/secret.txt",
        "/files/../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/cabinet/..%2F..%2Fsecret.txt",
        "/files/%2Fetc%2Fpasswd",
        "/files//etc/passwd",
        "/files/cabinet",
        "/files/missing.pdf",
        "/files/notes.txt%00.pdf",
        "/files/unindexed.txt",
        "/files/.env",
        "/files/.git/config",
    ] {
        let (status, _, body) = get(&app, bad).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(!body.contains("secret"), "{bad}");
    }
    // The paper page links to its original file.
    let (_, _, body) = get(&app, &format!("/documents/{BOARD_ID}")).await;
    assert!(body.contains("/files/cabinet/2023-06-12-improvement-board.pdf"));
    // Without a corpus folder nothing is served.
    let (_dir2, index) = test_index();
    let bare = council_server::app(AppState::new(index));
    let (status, _, _) = get(&bare, "/files/notes.txt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn explain_shows_why_a_hit_ranks() {
    let (_dir, app) = test_app();
    let (status, json) = get_json(&app, "/api/search?q=chair&explain=true").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["hits"][0]["explanation"].is_string(), "{json}");
    let (_, json) = get_json(&app, "/api/search?q=chair").await;
    assert!(json["hits"][0].get("explanation").is_none());
    // At most the first ten hits are explained.
    let (status, json) = get_json(&app, "/api/search?q=chair&explain=true&limit=50").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["limit"], 10, "{json}");
    // The page never pays for an explanation it does not show.
    let (status, _, body) = get(&app, "/?q=chair&explain=true").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("explanation"));
}

#[tokio::test]
async fn explained_searches_have_their_own_small_limit() {
    let (_dir, index) = test_index();
    let state = AppState::new(index);
    let app = council_server::app(state.clone());
    let held = state.explain_turns_for_test();
    let (status, json) = get_json(&app, "/api/search?q=chair&explain=true").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(json["error"]["code"], "overloaded");
    // Plain searches are not held up by it.
    let (status, _) = get_json(&app, "/api/search?q=chair").await;
    assert_eq!(status, StatusCode::OK);
    drop(held);
    let (status, _) = get_json(&app, "/api/search?q=chair&explain=true").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn head_requests_do_no_index_work() {
    let (_dir, index) = test_index();
    let state = AppState::new(index).with_max_concurrent_searches(1);
    let app = council_server::app(state.clone());
    // With every search turn taken, a GET would wait and fail; a HEAD answers at once.
    let held = state.search_turns_for_test();
    for uri in [
        "/?q=chair",
        "/api/search?q=chair&explain=true",
        "/bodies/Cabinet",
    ] {
        let request = Request::head(uri).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
    }
    drop(held);
}

#[tokio::test]
async fn every_response_has_security_headers() {
    let (_dir, app) = test_app();
    for uri in ["/", "/?q=chair", "/api/search?q=chair", "/nope", "/healthz"] {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert!(csp.contains("script-src 'sha256-"), "{uri}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn the_api_accepts_what_its_openapi_document_says() {
    let (_dir, app) = test_app();
    // No query and no filter: nothing to search, no error.
    for uri in ["/api/search", "/api/search?q=", "/api/search?q=%20%20"] {
        let (status, json) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {json}");
        assert_eq!(json["total"], 0, "{uri}: {json}");
    }
    // Near the end of the 10,000 window: fewer hits, not an error.
    let (status, json) = get_json(&app, "/api/search?q=chair&offset=9999&limit=100").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["limit"], 1, "{json}");
    // Names nothing mentions are 404, as their pages are.
    for uri in [
        "/api/bodies/No%20such%20board",
        "/api/people/Nobody%20Atall",
    ] {
        let (status, json) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {json}");
        assert_eq!(json["error"]["code"], "not_found");
    }
}
