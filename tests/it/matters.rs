//! Matters on the shared corpus: Kent's decision 24/00109 gathers its papers.

use crate::harness::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use council_index::matters::LinkReason;
use council_index::SectionIndex;
use council_model::DocumentKind;
use tower::ServiceExt;

/// Ingests the folder `relative` of the shared corpus into a fresh index: the index and
/// the temporary folder holding it, or `None` (skipped, with a message) where it is absent.
fn ingest_shared(relative: &str) -> Option<(tempfile::TempDir, SectionIndex)> {
    let folder = shared_corpus()?.join(relative);
    if !folder.is_dir() {
        eprintln!("skipped: {} is absent", folder.display());
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let out = council(&[
        "ingest",
        folder.to_str().unwrap(),
        "--index",
        index_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = SectionIndex::open(&index_dir).unwrap();
    Some((dir, index))
}

#[tokio::test]
async fn kents_decision_24_00109_gathers_report_record_appendices_supplement_and_minutes() {
    let Some((_dir, index)) = ingest_shared("raw/kent-cc/cabinet/2025-01-30") else {
        return;
    };
    let matter = index
        .matter("decision-24-00109")
        .unwrap()
        .expect("the matter");
    let sources: Vec<&str> = matter.steps.iter().map(|s| s.source.as_str()).collect();
    let has = |needle: &str| sources.iter().any(|s| s.contains(needle));
    // The Cabinet report, the proposed record of decision, the EqIA and DPIA appendices, the
    // supplementary papers and the minutes that record the decision.
    assert!(
        has("24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report"),
        "{sources:#?}"
    );
    assert!(has("24-00109 - Appendix A - PROD"), "{sources:#?}");
    assert!(has("Appendix B - EqIA"), "{sources:#?}");
    assert!(has("Appendix C - DPIA"), "{sources:#?}");
    assert!(has("Item 7 - Supplementary"), "{sources:#?}");
    assert!(has("Printed minutes 30th-Jan-2025"), "{sources:#?}");
    let minutes = matter
        .steps
        .iter()
        .find(|s| s.source.contains("Printed minutes") && s.kind == DocumentKind::Minutes)
        .expect("the minutes are a step");
    assert!(
        matches!(minutes.reason, LinkReason::Paragraph { .. }),
        "the minute cites the decision in a paragraph: {:?}",
        minutes.reason
    );
    // Nothing from other decisions of the same meeting.
    for other in ["24-00108", "24-00115", "24-00096"] {
        assert!(!has(other), "{other} is another matter: {sources:#?}");
    }
    // In date order (undated last), each step cited to a paragraph.
    let dates: Vec<&str> = matter
        .steps
        .iter()
        .filter_map(|s| s.date.as_deref())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    for step in &matter.steps {
        assert!(step.section_id.is_some(), "{step:?}");
        assert!(!step.reason_text.is_empty());
    }

    // The meeting of 9 January: its minutes (filed with the papers of 30 January, and
    // dated by what they state) and the agenda and minutes of 30 January that name them;
    // no appendix that does not say which meeting it is for.
    let meeting = index
        .matter("meeting-2025-01-09-cabinet")
        .unwrap()
        .expect("the meeting of 9 January");
    let of = |needle: &str| {
        meeting
            .steps
            .iter()
            .find(|s| s.source.contains(needle))
            .map(|s| (s.date.clone(), s.reason_text.clone()))
    };
    let (date, why) = of("Minutes of the meeting held on 9th January 2025").expect("its minutes");
    assert_eq!(date.as_deref(), Some("2025-01-09"));
    assert!(why.contains("9 January 2025"), "{why}");
    let (_, why) = of("Printed minutes 30th-Jan-2025").expect("the minutes confirming them");
    assert!(why.contains("names the minutes"), "{why}");
    assert!(of("Agenda frontsheet 30th-Jan-2025").is_some());
    assert!(meeting.steps.iter().all(|s| !s.source.contains("Appendix")));
    assert_eq!(meeting.label, "Meeting of Cabinet, 9 January 2025");

    // Item 7 of that meeting: its agenda lists it, the supplementary pack's covering letter
    // lists it and encloses the report under that title, the minutes record it; each link
    // quotes this paper's words and those of the paper it was joined by.
    let item = index
        .matter("item-2025-01-30-cabinet-7")
        .unwrap()
        .expect("item 7 of 30 January");
    let in_item = |needle: &str, kind: DocumentKind| {
        item.steps
            .iter()
            .find(|s| s.source.contains(needle) && s.kind == kind)
    };
    assert!(
        in_item("Agenda frontsheet 30th-Jan-2025", DocumentKind::Agenda).is_some(),
        "{:#?}",
        item.steps
    );
    assert!(in_item("Printed minutes 30th-Jan-2025", DocumentKind::Minutes).is_some());
    let report = in_item(
        "Item 7 - Supplementary - 2400109",
        DocumentKind::CommitteeReport,
    )
    .unwrap_or_else(|| panic!("the enclosed report: {:#?}", item.steps));
    assert!(
        report.reason_text.contains("Transfer the 18-25 section")
            && report
                .reason_text
                .contains("another paper of that meeting gives the item"),
        "{}",
        report.reason_text
    );
    assert!(
        item.label.starts_with("Item 7, Cabinet, 30 January 2025"),
        "{}",
        item.label
    );
    // Nothing of the meeting's other items, and no appendix whose title is not the item's.
    assert!(item.steps.iter().all(|s| !s.source.contains("24-00108")
        && !s.source.contains("EQIA")
        && !s.title.contains("EQIA")));
    assert!(
        index.matter("item-2025-01-30-cabinet-1").unwrap().is_none(),
        "apologies are no matter"
    );

    // The page, the API and the feed; the report's page links to the matter.
    let app = council_server::app(council_server::AppState::new(index));
    let get = |uri: String| {
        let app = app.clone();
        async move {
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
    };
    let (status, page) = get("/matters/decision-24-00109".to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Decision 24/00109") && page.contains("Why: "),
        "{page}"
    );
    let (status, json) = get("/api/matters/decision-24-00109".to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), matter.steps.len());
    let (status, _) = get("/feeds/matters/decision-24-00109".to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get("/matters/decision-99-99999".to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get("/api/matters/not-a-reference".to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let report = matter
        .steps
        .iter()
        .find(|s| s.source.contains("Service - Report"))
        .unwrap();
    let (status, paper) = get(format!("/documents/{}", report.document_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        paper.contains("href=\"/matters/decision-24-00109\""),
        "{paper}"
    );
    let (status, page) = get("/matters/item-2025-01-30-cabinet-7".to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Item 7, Cabinet, 30 January 2025"), "{page}");
    let enclosed = item
        .steps
        .iter()
        .find(|s| {
            s.source.contains("Item 7 - Supplementary - 2400109")
                && s.kind == DocumentKind::CommitteeReport
        })
        .unwrap();
    let (status, paper) = get(format!("/documents/{}", enclosed.document_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        paper.contains("href=\"/matters/item-2025-01-30-cabinet-7\""),
        "{paper}"
    );
}

#[test]
fn a_written_question_and_the_question_citing_its_answer_are_one_matter() {
    let Some((_dir, index)) = ingest_shared("raw/ukparl-written-questions") else {
        return;
    };
    let matter = index
        .matter("question-4169-2024-09-09")
        .unwrap()
        .expect("question 4169 and its follow-up");
    let sources: Vec<&str> = matter.steps.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources.iter().any(|s| s.ends_with("wq-4169-1727345.json")));
    let later = matter
        .steps
        .iter()
        .find(|s| s.source.ends_with("wq-5254-1728915.json"))
        .expect("5254 cites the answer");
    assert!(
        later
            .reason_text
            .contains("Answer of 9 September 2024 to Question 4169"),
        "{}",
        later.reason_text
    );
    // Every question matter of the folder is a question and a question citing its answer.
    let all = index.all_matters().unwrap();
    let questions: Vec<_> = all
        .iter()
        .filter(|m| m.reference.kind == council_index::matters::RefKind::Question)
        .collect();
    assert_eq!(
        questions.len(),
        1,
        "{:#?}",
        questions.iter().map(|m| &m.id).collect::<Vec<_>>()
    );
}
