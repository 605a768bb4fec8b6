//! Taking results away: CSV/JSON export (read back by Python's `csv` module), Atom feeds
//! (read by Python's `feedparser`) and `council alerts` over an ingest that adds a paper.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use council_index::SectionIndex;
use tower::ServiceExt;

/// A committee report whose paragraphs hold commas, quotes and line breaks. Paragraph 1.2
/// is the same in every paper: the search shows it once (the others under `also_in`), the
/// feeds and alerts still list every paper.
fn report(title: &str, date: &str, paragraph: &str) -> String {
    format!(
        "{title}\n\nTo: Environment Committee\n\nMeeting Date: {date}\n\nFrom: Director of Place\n\n\
         Key decision: No\n\n1. Background\n\n1.1 {paragraph}\n\n\
         1.2 The committee asked officers to report back on the scheme.\n"
    )
}

/// Paragraph 1.1 as written (a bulleted list keeps its line breaks).
const TRICKY: &str = "The reservoir, said the Chair, is \"not fit for purpose\"; costs rose:\n- from £1,200 to £3,400, \"net\"\n- and the report's appendix, \"B\", lists them.";

fn write_corpus(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("reservoir-2024.txt"),
        report("Reservoir repairs", "12 March 2024", TRICKY),
    )
    .unwrap();
    std::fs::write(
        dir.join("parks-2023.txt"),
        report(
            "Parks and open spaces",
            "5 June 2023",
            "Parks funding for the reservoir walk and the play areas.",
        ),
    )
    .unwrap();
}

fn ingest(corpus: &Path, index: &Path) {
    let out = council_ok(&[
        "ingest",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.contains("0 failed"), "{out}");
}

/// Runs a Python snippet with `input` on stdin; `None` (with a message) when python3 or a
/// module it needs is missing.
fn python(script: &str, input: &str, module: &str) -> Option<String> {
    let check = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output();
    match check {
        Ok(out) if out.status.success() => {}
        _ => {
            eprintln!("skipped the Python check: python3 with `{module}` is not installed (pip install {module})");
            return None;
        }
    }
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

const CSV_TO_JSON: &str =
    "import csv, json, sys\nprint(json.dumps(list(csv.DictReader(sys.stdin))))";

async fn get(index: &Path, uri: &str) -> (StatusCode, String, String) {
    let index = SectionIndex::open(index).unwrap();
    let app = council_server::app(council_server::AppState::new(index));
    let resp = app
        .oneshot(
            Request::builder()
                .uri(uri)
                .header("host", "council.test")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        content_type,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn export_csv_reads_back_with_pythons_csv_module_and_matches_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    write_corpus(&corpus);
    ingest(&corpus, &index);

    // The CLI: every paper, with the citation fields.
    let csv = council_ok(&[
        "search",
        "reservoir",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let (status, content_type, http_csv) = get(&index, "/api/export.csv?q=reservoir").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let (status, _, json) = get(&index, "/api/export.json?q=reservoir").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "both papers: {json}");
    let tricky = hits
        .iter()
        .find(|h| h["text"].as_str().unwrap().contains("not fit for purpose"))
        .expect("the tricky paragraph is a hit");
    assert_eq!(tricky["text"].as_str().unwrap(), TRICKY);
    assert_eq!(tricky["paper"], "Reservoir repairs");
    assert_eq!(tricky["body"], "Environment Committee");
    assert_eq!(tricky["meeting_date"], "2024-03-12");
    assert_eq!(tricky["paragraph"], "1.1");
    assert_eq!(
        tricky["original_url"],
        "http://council.test/files/reservoir-2024.txt"
    );
    assert!(tricky["paper_url"]
        .as_str()
        .unwrap()
        .starts_with("http://council.test/documents/"));

    for (label, csv) in [("cli", &csv), ("http", &http_csv)] {
        let Some(rows) = python(CSV_TO_JSON, csv, "csv") else {
            return;
        };
        let rows: Vec<serde_json::Value> = serde_json::from_str(&rows).unwrap();
        assert_eq!(rows.len(), 2, "{label}: {csv}");
        let row = rows
            .iter()
            .find(|r| r["paper"] == "Reservoir repairs")
            .unwrap();
        assert_eq!(row["text"].as_str().unwrap(), TRICKY, "{label}");
        assert_eq!(row["paragraph"], "1.1", "{label}");
        assert_eq!(row["meeting_date"], "2024-03-12", "{label}");
        assert_eq!(row["body"], "Environment Committee", "{label}");
        assert_eq!(row["citation"], tricky["citation"], "{label}");
        for field in ["council", "page", "original_url", "paper_url", "rank"] {
            assert!(row.get(field).is_some(), "{label}: {field} column");
        }
    }
    let (_, _, page) = get(&index, "/?q=reservoir").await;
    assert!(
        page.contains("href=\"/api/export.csv?q=reservoir\""),
        "{page}"
    );
    assert!(
        page.contains("rel=\"alternate\" type=\"application/atom+xml\""),
        "the page links its feed"
    );
    // What Lighthouse asks of every page: an icon that is there, a description, headings
    // in order (the hits' h3 titles sit under an h2).
    assert!(page.contains("<meta name=\"description\""), "{page}");
    assert!(
        page.contains("<h2 class=\"visually-hidden\">Results</h2>"),
        "{page}"
    );
    for icon in ["/favicon.ico", "/favicon.svg"] {
        let (status, content_type, body) = get(&index, icon).await;
        assert_eq!(status, StatusCode::OK, "{icon}");
        assert_eq!(content_type, "image/svg+xml");
        assert!(body.starts_with("<svg"), "{body}");
    }
}

const FEED_IDS: &str = "import feedparser, json, sys\nf = feedparser.parse(sys.stdin.read())\nassert not f.bozo, f.bozo_exception\nprint(json.dumps({'title': f.feed.title, 'titles': [e.title for e in f.entries], 'ids': [e.id for e in f.entries], 'summaries': [e.summary for e in f.entries], 'links': [e.link for e in f.entries]}))";

fn alerts(saved: &Path, index: &Path) -> serde_json::Value {
    let out = council_ok(&[
        "alerts",
        "--saved",
        saved.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    serde_json::from_str(&out).unwrap()
}

fn new_papers(alerts: &serde_json::Value, name: &str) -> Vec<String> {
    alerts["searches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["paper"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_ingested_paper_appears_once_in_the_feed_and_in_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    write_corpus(&corpus);
    ingest(&corpus, &index);
    let saved = dir.path().join("saved.toml");
    std::fs::write(
        &saved,
        "[[search]]\nname = \"reservoir\"\nq = \"reservoir\"\n\n[[search]]\nname = \"environment\"\nbody = \"Environment Committee\"\nfrom = \"2024-01-01\"\n",
    )
    .unwrap();

    let first = alerts(&saved, &index);
    let mut found = new_papers(&first, "reservoir");
    found.sort();
    assert_eq!(found, ["Parks and open spaces", "Reservoir repairs"]);
    assert_eq!(new_papers(&first, "environment"), ["Reservoir repairs"]);
    assert!(index.join("alerts-state.json").is_file());
    let again = alerts(&saved, &index);
    assert!(new_papers(&again, "reservoir").is_empty(), "{again}");

    let (status, content_type, before) = get(&index, "/feeds/search?q=reservoir").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/atom+xml"));

    // A new paper matching the search: in the alerts once, in the feed once and first.
    std::fs::write(
        corpus.join("reservoir-2025.txt"),
        report(
            "Reservoir safety inspection",
            "20 January 2025",
            "The reservoir inspection found the spillway sound.",
        ),
    )
    .unwrap();
    ingest(&corpus, &index);
    let after_ingest = alerts(&saved, &index);
    assert_eq!(
        new_papers(&after_ingest, "reservoir"),
        ["Reservoir safety inspection"]
    );
    assert_eq!(
        new_papers(&after_ingest, "environment"),
        ["Reservoir safety inspection"]
    );
    let once_more = alerts(&saved, &index);
    assert!(new_papers(&once_more, "reservoir").is_empty());
    assert!(new_papers(&once_more, "environment").is_empty());

    // Atom output of alerts is a feed too.
    std::fs::write(
        corpus.join("reservoir-2026.txt"),
        report(
            "Reservoir fees",
            "2 February 2026",
            "Fees for reservoir fishing permits.",
        ),
    )
    .unwrap();
    ingest(&corpus, &index);
    let atom = council_ok(&[
        "alerts",
        "--saved",
        saved.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "atom",
    ]);

    let (_, _, after) = get(&index, "/feeds/search?q=reservoir").await;
    let (_, _, body_feed) = get(&index, "/feeds/bodies/Environment%20Committee").await;
    let Some(before) = python(FEED_IDS, &before, "feedparser") else {
        return;
    };
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(&python(FEED_IDS, &after, "feedparser").unwrap()).unwrap();
    assert_eq!(before["ids"].as_array().unwrap().len(), 2);
    let ids: Vec<&str> = after["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "{after}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "each paper once: {ids:?}");
    // Newest meeting first; the summary is the cited paragraph.
    assert_eq!(
        after["titles"],
        serde_json::json!([
            "Reservoir fees",
            "Reservoir safety inspection",
            "Reservoir repairs",
            "Parks and open spaces"
        ])
    );
    for summary in after["summaries"].as_array().unwrap() {
        assert!(
            summary
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("reservoir"),
            "{summary}"
        );
    }
    assert!(after["links"][0]
        .as_str()
        .unwrap()
        .starts_with("http://council.test/documents/"));
    let body_feed: serde_json::Value =
        serde_json::from_str(&python(FEED_IDS, &body_feed, "feedparser").unwrap()).unwrap();
    assert_eq!(body_feed["ids"].as_array().unwrap().len(), 4);
    let atom: serde_json::Value =
        serde_json::from_str(&python(FEED_IDS, &atom, "feedparser").unwrap()).unwrap();
    assert_eq!(atom["ids"].as_array().unwrap().len(), 1, "{atom}");
}
