//! Scanned papers through OCR (Tesseract), end to end with the real binary: the Horsley
//! parish scans of `../shared/corpus` are indexed as `ok (ocr)` and found by their chair,
//! a minute number and a phrase; OCR is incremental and optional. Skipped where Tesseract
//! (or poppler's pdftoppm/pdfinfo) is not installed, or the shared corpus is absent.

use std::path::Path;

use crate::harness::*;

/// Whether OCR can run here; says why not when it cannot.
fn ocr_installed() -> bool {
    let found = council_pipeline::OcrReader::detect(std::env::var_os("PATH")).is_some();
    if !found {
        eprintln!("skipped: tesseract, pdftoppm or pdfinfo is not installed (apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils)");
    }
    found
}

/// `council ingest FOLDER --index INDEX --report REPORT ARGS..`: stdout and the report.
fn ingest(folder: &Path, index: &Path, args: &[&str]) -> (String, serde_json::Value) {
    let report = index.with_extension("json");
    let mut all = vec![
        "ingest",
        folder.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = council_ok(&all);
    let report = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (out, report)
}

/// The JSON hits of `query` in `index`.
fn search(index: &Path, query: &str) -> Vec<serde_json::Value> {
    let out = council_ok(&[
        "search",
        query,
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        "5",
    ]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    value["hits"].as_array().cloned().unwrap_or_default()
}

#[test]
fn horsley_scans_are_read_by_ocr_and_found() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    if !ocr_installed() {
        return;
    }
    let folder = shared.join("raw/horsley-parish");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let (out, report) = ingest(&folder, &index, &[]);
    assert!(out.contains("ok (ocr) 5"), "{out}");
    assert!(out.contains("OCR: "), "{out}");
    let files = report["files"].as_array().unwrap();
    let scans: Vec<&serde_json::Value> = files
        .iter()
        .filter(|f| f["extractor"] == "tesseract")
        .collect();
    assert_eq!(scans.len(), 5, "{report}");
    for f in &scans {
        assert_eq!(f["outcome"], "ok", "{f}");
        assert!(f["documents"].as_u64().unwrap() >= 1, "{f}");
        let confidence = f["ocr"]["confidence"].as_f64().unwrap();
        assert!(confidence > 80.0, "{f}");
    }
    // Born-digital papers never pay for OCR.
    for f in files.iter().filter(|f| f["extractor"] != "tesseract") {
        assert!(f.get("ocr").is_none(), "{f}");
    }

    // The chair, a minute number and a phrase find the scanned minutes, cited as a scan.
    for query in [
        "Hackett chairman",
        "14/037",
        "\"neighbourhood forum should not embrace the scheme\"",
        "Nupend Farm Development",
    ] {
        let hits = search(&index, query);
        let hit = hits
            .iter()
            .find(|h| {
                scans
                    .iter()
                    .any(|f| f["path"].as_str() == h["source"].as_str())
            })
            .unwrap_or_else(|| panic!("{query}: no scanned paper in {hits:?}"));
        assert!(
            hit["citation"]
                .as_str()
                .unwrap()
                .contains("text from a scan (OCR confidence"),
            "{hit}"
        );
    }
    // The minute number's paper comes first.
    let minutes = search(&index, "14/037");
    assert!(
        scans.iter().any(|f| f["path"] == minutes[0]["source"]),
        "{minutes:?}"
    );

    // A re-run never OCRs an unchanged file again.
    let (again, report) = ingest(&folder, &index, &[]);
    assert!(!again.contains("OCR: "), "{again}");
    assert!(
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["outcome"] == "unchanged"),
        "{report}"
    );
}

#[test]
fn a_scan_read_without_ocr_is_read_once_ocr_is_on() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    if !ocr_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        shared.join("raw/horsley-parish/Group1/pdf/395.16.pdf"),
        folder.join("scan.pdf"),
    )
    .unwrap();
    let index = dir.path().join("index");
    let (out, report) = ingest(&folder, &index, &["--ocr", "off"]);
    let file = &report["files"][0];
    assert_eq!(file["outcome"], "needs_ocr", "{report}");
    assert!(
        file["reason"].as_str().unwrap().contains("--ocr auto"),
        "{file}"
    );
    assert!(out.contains("1 files need OCR"), "{out}");
    // Unchanged, but OCR is now at hand: read again, by OCR.
    let (out, report) = ingest(&folder, &index, &[]);
    assert!(out.contains("ok (ocr) 1"), "{out}");
    assert_eq!(report["files"][0]["extractor"], "tesseract", "{report}");
    let (_, report) = ingest(&folder, &index, &[]);
    assert_eq!(report["files"][0]["outcome"], "unchanged", "{report}");
}

#[test]
fn words_pdftotext_already_reads_are_not_read_again_by_ocr() {
    // A qpdf test file of eight pages each drawing `Page N - green` and no image: too
    // little text for a text layer, and nothing OCR could read better. It stays needs_ocr,
    // no page is rendered, and the reason says OCR had it.
    let file = root().join("../shared/hostile/qpdf/qpdf_qtest_qpdf_fxo-green.pdf");
    if !file.is_file() {
        eprintln!("skipped: ../shared/hostile is absent (this test reads a hostile PDF)");
        return;
    }
    if !ocr_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&file, folder.join("green.pdf")).unwrap();
    let (_, report) = ingest(&folder, &dir.path().join("index"), &[]);
    let file = &report["files"][0];
    assert_eq!(file["outcome"], "needs_ocr", "{report}");
    assert!(file.get("ocr").is_none(), "{file}");
    assert!(
        file["reason"]
            .as_str()
            .unwrap()
            .contains("OCR read nothing indexable"),
        "{file}"
    );
}
