//! Shared fixtures of the server tests: three hand-made papers in a temporary index, and
//! request helpers.
#![allow(dead_code)]

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

pub const BOARD_ID: &str = "aaaa1111.0";
pub const PARKING_ID: &str = "bbbb2222.0";
pub const QUESTIONS_ID: &str = "cccc3333.0";

pub fn section(
    number: &str,
    heading: Option<&str>,
    path: &[&str],
    text: &str,
    page: u32,
) -> Section {
    Section {
        number: Some(number.to_string()),
        heading: heading.map(str::to_string),
        path: path.iter().map(|s| s.to_string()).collect(),
        kind: None,
        text: text.to_string(),
        page: Some(page),
        meeting: None,
    }
}

pub fn person(name: &str, role: Option<&str>) -> Entity {
    Entity {
        kind: EntityKind::Person,
        text: name.to_string(),
        value: name.to_string(),
        role: role.map(str::to_string),
    }
}

pub fn documents() -> Vec<Document> {
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
        ..Document::default()
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
        ..Document::default()
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
        ..Document::default()
    };
    vec![board, parking, questions]
}

/// A temporary index holding [`documents`].
pub fn test_index() -> (TempDir, SectionIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    for document in documents() {
        writer.add_document(&document).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index.reload().unwrap();
    (dir, index)
}

/// The app over [`test_index`].
pub fn test_app() -> (TempDir, Router) {
    let (dir, index) = test_index();
    (dir, app(AppState::new(index)))
}

/// Sends a request through the app; returns status, content type and body.
pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String, String) {
    let response = app.clone().oneshot(request).await.unwrap();
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
        String::from_utf8_lossy(&body).into_owned(),
    )
}

pub async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, content_type, body) = get(app, uri).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: expected JSON, got {content_type:?}: {body}"
    );
    (status, serde_json::from_str(&body).unwrap())
}

/// GET through the app; returns status, content type and body.
pub async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Sends a request through the app and parses its JSON body.
pub async fn send_json(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let (status, content_type, body) = send(app, request).await;
    assert!(
        content_type.starts_with("application/json"),
        "expected JSON, got {content_type:?}: {body}"
    );
    (status, serde_json::from_str(&body).unwrap())
}

/// A server on an ephemeral port, stopped when dropped.
pub struct Server {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts the real server (hyper loop, limits and all) on 127.0.0.1 with an ephemeral port.
pub fn start(state: AppState) -> Server {
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            council_server::serve_listener(state, listener, async {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
        });
    });
    Server {
        addr: addr_rx.recv().unwrap(),
        stop: Some(stop_tx),
        thread: Some(thread),
    }
}
