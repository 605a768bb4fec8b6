//! The whole shared corpus: every file yields documents or is reported with a reason, and
//! no panic escapes.

use crate::harness::*;

#[test]
fn every_shared_file_yields_documents_or_a_reason() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let report = dir.path().join("report.json");
    let out = council(&[
        "ingest",
        shared.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ingest failed: {stderr}");
    assert!(!stderr.contains("panicked at"), "a panic escaped: {stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    let on_disk = walk(&shared);
    assert_eq!(files.len(), on_disk, "every file is in the report");
    let mut ok = 0;
    for f in files {
        match f["outcome"].as_str().unwrap() {
            "ok" => {
                ok += 1;
                assert!(f["documents"].as_u64().unwrap() >= 1, "{f}");
            }
            _ => assert!(f["reason"].as_str().is_some_and(|r| !r.is_empty()), "{f}"),
        }
    }
    assert!(
        ok * 10 >= files.len() * 8,
        "at least 80% of files parse: {ok} of {}",
        files.len()
    );
    // Exactly one canonical copy of every paragraph, however the files came in; the
    // papers of one commit are written in the order of their keys, so only paragraphs
    // shared across commits are put right at the end.
    let idx = council_index::SectionIndex::open(&index).unwrap();
    let count = idx.paragraphs();
    assert_eq!((count.without_canonical, count.twice), (0, 0), "{count:?}");
    let resettled = report["resettled"].as_u64().unwrap();
    assert!(
        resettled * 4 < report["documents"].as_u64().unwrap(),
        "{resettled} papers put right"
    );
}

fn walk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            n += walk(&e.path());
        } else if ft.is_file() {
            n += 1;
        }
    }
    n
}
