//! End-to-end tests of the council server over a small temporary index.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use council_index::SectionIndex;
use council_model::{
    Decision, DecisionKind, Document, DocumentKind, Entity, EntityKind, Meeting, Question, Section,
};
use council_server::{app, AppState};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

const BOARD_ID: &str = "aaaa1111.0";
const PARKING_ID: &str = "bbbb2222.0";
const QUESTIONS_ID: &str = "cccc3333.0";

fn section(number: &str, heading: Option<&str>, path: &[&str], text: &str, page: u32) -> Section {
    Section {
        number: Some(number.to_string()),
        heading: heading.map(str::to_string),
        path: path.iter().map(|s| s.to_string()).collect(),
        kind: None,
        text: text.to_string(),
        page: Some(page),
    }
}

fn person(name: &str, role: Option<&str>) -> Entity {
    Entity {
        kind: EntityKind::Person,
        text: name.to_string(),
        value: name.to_string(),
        role: role.map(str::to_string),
    }
}

fn documents() -> Vec<Document> {
    let board = Document {
        id: BOARD_ID.to_string(),
        source: "cabinet/2023-06-12-improvement-board.pdf".to_string(),
        kind: DocumentKind::CommitteeReport,
        title: Some("Appointment of an Independent Chair of the Improvement Board".to_string()),
        council: Some("Northshire County Council".to_string()),
        meetings: vec![Meeting {
            body: Some("Cabinet".to_string()),
            date: Some("2023-06-12".to_string()),
            item: Some("7".to_string()),
        }],
        sections: vec![
            section(
                "1",
                Some("Purpose of the report"),
                &["Purpose of the report"],
                "This report seeks approval to appoint an independent chair of the \
                 Children's Services Improvement Board following the Ofsted inspection.",
                1,
            ),
            section(
                "2.1",
                Some("Background"),
                &["Background"],
                "The Improvement Board will oversee delivery of the improvement plan.\n\n\
                 The independent chair will report quarterly to Cabinet.",
                2,
            ),
        ],
        entities: vec![
            person(
                "Jane Smith",
                Some("Executive Director of Children's Services"),
            ),
            person("Alan Jones", Some("Cabinet Member for Children")),
        ],
        questions: vec![],
        decisions: vec![Decision {
            kind: DecisionKind::Recommendation,
            label: Some("a".to_string()),
            text: "Cabinet approves the appointment of an independent chair.".to_string(),
            proposer: None,
            seconder: None,
            outcome: None,
            votes: None,
        }],
        pages: Some((1, 3)),
        content_hash: "aaaa1111".to_string(),
    };
    let parking = Document {
        id: PARKING_ID.to_string(),
        source: "minutes/2022-11-03-highways.html".to_string(),
        kind: DocumentKind::Minutes,
        title: Some("Minutes of the Highways and Transport Committee".to_string()),
        council: Some("Southvale Borough Council".to_string()),
        meetings: vec![Meeting {
            body: Some("Highways and Transport Committee".to_string()),
            date: Some("2022-11-03".to_string()),
            item: None,
        }],
        sections: vec![section(
            "4",
            Some("On-street parking charges"),
            &["Parking"],
            "Members reviewed the proposed increase to on-street parking charges in the \
             town centre and asked for a consultation with traders.",
            1,
        )],
        entities: vec![person("Priya Patel", Some("Chair"))],
        questions: vec![],
        decisions: vec![Decision {
            kind: DecisionKind::Resolution,
            label: Some("1".to_string()),
            text: "That a consultation on parking charges be held.".to_string(),
            proposer: Some("Cllr Patel".to_string()),
            seconder: Some("Cllr Brown".to_string()),
            outcome: Some("carried".to_string()),
            votes: None,
        }],
        pages: None,
        content_hash: "bbbb2222".to_string(),
    };
    let questions = Document {
        id: QUESTIONS_ID.to_string(),
        source: "council/2024-01-20-questions.docx".to_string(),
        kind: DocumentKind::WrittenQuestion,
        title: Some("Written questions to Council".to_string()),
        council: Some("Southvale Borough Council".to_string()),
        meetings: vec![Meeting {
            body: Some("Council".to_string()),
            date: Some("2024-01-20".to_string()),
            item: None,
        }],
        sections: vec![section(
            "1",
            Some("Question from Cllr Green"),
            &[],
            "How many potholes were repaired in the last year?",
            1,
        )],
        entities: vec![],
        questions: vec![Question {
            number: Some("1".to_string()),
            asker: Some("Cllr Green".to_string()),
            respondent: Some("Cllr White".to_string()),
            respondent_role: Some("Cabinet Member for Highways".to_string()),
            question: "How many potholes were repaired in the last year?".to_string(),
            answer: Some("4,210 potholes were repaired.".to_string()),
        }],
        decisions: vec![],
        pages: None,
        content_hash: "cccc3333".to_string(),
    };
    vec![board, parking, questions]
}

fn test_app() -> (TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    for document in documents() {
        writer.add_document(&document).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index.reload().unwrap();
    (dir, app(AppState::new(index)))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = to_bytes(response.into_body(), 10_000_000).await.unwrap();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, content_type, body) = get(app, uri).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: expected JSON, got {content_type:?}: {body}"
    );
    (status, serde_json::from_str(&body).unwrap())
}

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
    let long_q = format!("/api/search?q={}", "a".repeat(5000));
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
        "/api/search?q=chair&from=2024-01-01&to=2023-01-01",
        "/api/search?q=",
        "/api/search?q=%20%20",
        "/api/search",
        long_q.as_str(),
    ] {
        let (status, json) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {json}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{uri}: {json}");
        assert!(json["error"]["message"].as_str().unwrap().len() > 5);
    }
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
        assert!(!body.contains("<script>"));
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
        body.contains("council=Southvale%20Borough%20Council"),
        "facet link"
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
