//! The CLI end to end: parse, ingest, search.

use crate::harness::*;

#[test]
fn parse_prints_the_contract_for_a_report() {
    let out = council_ok(&[
        "parse",
        "corpus/001_694909fa4ef9fd9f.txt",
        "--format",
        "json",
    ]);
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["kind"], "committee_report");
    assert_eq!(d["title"], "Strengthening Services Board");
    assert_eq!(
        d["meetings"][0]["body"],
        "Children and Young People Committee"
    );
    assert_eq!(d["meetings"][0]["date"], "2023-03-08");
    let numbers: Vec<&str> = d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["number"].as_str())
        .collect();
    assert!(
        numbers.contains(&"2.1.2") && numbers.contains(&"4.8.7"),
        "{numbers:?}"
    );
    let s = d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == "2.1.2")
        .unwrap();
    assert_eq!(s["path"][0], "2 Main Issues");
    assert_eq!(d["decisions"][0]["label"], "a");
}

#[test]
fn parse_reads_pdf_with_pages() {
    let out = council_ok(&[
        "parse",
        "corpus/pdf/001_694909fa4ef9fd9f.pdf",
        "--format",
        "json",
    ]);
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(d["kind"], "committee_report");
    let sections = d["sections"].as_array().unwrap();
    let s = sections
        .iter()
        .find(|s| s["number"] == "2.1.2")
        .expect("para 2.1.2 found in the PDF");
    assert!(s["page"].as_u64().unwrap() >= 2, "{s}");
    assert!(s["text"]
        .as_str()
        .unwrap()
        .contains("Strengthening Services Board"));
    // Running headers and "Page N" footers are not part of the text.
    for s in sections {
        assert!(
            !s["text"].as_str().unwrap().contains("Page 3"),
            "{}",
            s["text"]
        );
    }
}

#[test]
fn parse_text_outline_and_errors() {
    let out = council_ok(&["parse", "corpus/002_4f139c1f0f6ceeb1.txt"]);
    assert!(out.contains("Issue history"), "{out}");
    assert!(out.contains("Phillip Howells"), "{out}");
    let missing = council(&["parse", "corpus/no-such-file.txt"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

#[test]
fn improvement_board_chair_decisions_finds_the_chair_and_resolution_paragraphs() {
    let hits = search_json("improvement board chair decisions", 10);
    let hits = hits["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    let top3: Vec<&str> = hits
        .iter()
        .take(3)
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    let about_chair = |t: &str| {
        let t = t.to_lowercase();
        (t.contains("chair") || t.contains("chairperson")) && t.contains("improvement board")
    };
    assert!(top3.iter().any(|t| about_chair(t)), "top 3: {top3:#?}");
    // Every hit carries its citation fields.
    for h in hits {
        assert!(h["source"].is_string() && h["citation"].is_string() && h["snippet"].is_string());
    }
    // Unrelated paragraphs (environmental implications) rank below.
    let pos =
        |pred: &dyn Fn(&str) -> bool| hits.iter().position(|h| pred(h["text"].as_str().unwrap()));
    let chair = pos(&|t| about_chair(t)).unwrap();
    if let Some(unrelated) = pos(&|t| t.contains("carbon") || t.contains("climate")) {
        assert!(chair < unrelated);
    }
}

#[test]
fn search_never_errors_on_typed_input() {
    for q in [
        "\"unbalanced",
        "(improvement",
        "-",
        "chair's: board",
        "a:b",
        "*",
        "~",
        "))((",
        "AND OR NOT",
        "",
    ] {
        let v = search_json(q, 5);
        assert!(v["hits"].is_array(), "{q}: {v}");
    }
    let phrase = search_json("\"independent chair\"", 10);
    for h in phrase["hits"].as_array().unwrap() {
        // Phrases match stemmed words in order: "independently chaired" matches too.
        let words = |s: &str| {
            s.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let in_order = |s: &str| {
            words(s)
                .windows(2)
                .any(|w| w[0].starts_with("independ") && w[1].starts_with("chair"))
        };
        let t = h["text"].as_str().unwrap();
        assert!(
            in_order(t) || in_order(h["title"].as_str().unwrap_or("")),
            "{t}"
        );
    }
}

#[test]
fn search_filters_and_text_citations() {
    let index = corpus_index_dir();
    let idx = index.to_str().unwrap();
    let out = council_ok(&[
        "search",
        "improvement",
        "--index",
        idx,
        "--kind",
        "issue_history",
    ]);
    assert!(
        out.contains("Children and Young People Scrutiny Committee") || out.contains("Cabinet"),
        "{out}"
    );
    let v = search_json("board", 50);
    assert!(v["hits"].as_array().unwrap().len() > 1);
    let out = council_ok(&[
        "search",
        "board",
        "--index",
        idx,
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for h in v["hits"].as_array().unwrap() {
        assert!(
            h["meeting"]["date"].as_str().unwrap().starts_with("2023"),
            "{h}"
        );
    }
    // A filter repeated: either value; different filters: both.
    let kinds = |args: &[&str]| -> Vec<String> {
        let mut all = vec![
            "search", "board", "--index", idx, "--format", "json", "--limit", "100",
        ];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&council_ok(&all)).unwrap();
        let mut kinds: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap().to_string())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    let reports = kinds(&["--kind", "committee_report"]);
    let both = kinds(&["--kind", "issue_history", "--kind", "committee_report"]);
    assert_eq!(reports, ["committee_report"]);
    assert_eq!(both, ["committee_report", "issue_history"]);
    let bad = council(&["search", "board", "--index", idx, "--kind", "nonsense"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown kind"));
}
