//! The pooled PDF workers of the real binary (`council __extract-pdf --serve`): the protocol,
//! the memory cap, agreement with in-process extraction, and death with a killed batch.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use council_pipeline::extract::pdf::{
    extract_pages, PdfError, PdfExtractor, WorkerPool, MEMORY_EXCEEDED,
};

use crate::harness;

/// The bundled PDFs.
fn bundled_pdfs() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(harness::corpus().join("pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(!pdfs.is_empty());
    pdfs
}

/// A serving worker of the real binary.
fn serving_worker() -> Child {
    Command::new(env!("CARGO_BIN_EXE_council"))
        .args(["__extract-pdf", "--serve"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start worker")
}

#[test]
fn pooled_workers_read_what_in_process_extraction_reads() {
    let pool = std::sync::Arc::new(WorkerPool::new(
        PathBuf::from(env!("CARGO_BIN_EXE_council")),
        vec!["__extract-pdf".into(), "--serve".into()],
    ));
    let extractor = PdfExtractor::Subprocess {
        pool: pool.clone(),
        timeout: Duration::from_secs(60),
    };
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = bundled_pdfs()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    inputs.push((
        PathBuf::from("garbage.pdf"),
        b"%PDF-1.4 not really".to_vec(),
    ));
    for _ in 0..2 {
        for (path, bytes) in &inputs {
            assert_eq!(
                extractor.extract(path, bytes),
                extract_pages(bytes),
                "{}",
                path.display()
            );
        }
    }
    assert_eq!(pool.spawned(), 1, "one worker serves every file");
}

#[test]
fn a_serving_worker_answers_each_request_on_a_line_and_ends_with_its_input() {
    let pdf = std::fs::read(&bundled_pdfs()[0]).unwrap();
    let mut worker = serving_worker();
    let mut stdin = worker.stdin.take().unwrap();
    let mut out = BufReader::new(worker.stdout.take().unwrap());
    let mut replies = Vec::new();
    for bytes in [&pdf[..], b"garbage", &pdf[..]] {
        writeln!(stdin, "{}", bytes.len()).unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let reply: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
        replies.push(reply);
    }
    assert!(replies[0]["Pages"].is_array(), "{}", replies[0]);
    assert!(
        replies[1]["Failed"]["Malformed"].is_string(),
        "{}",
        replies[1]
    );
    assert_eq!(replies[0], replies[2]);
    drop(stdin);
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing after the replies");
    assert!(worker.wait().unwrap().success());
}

#[test]
fn a_worker_past_its_memory_cap_is_a_memory_crash() {
    let dir = tempfile::tempdir().unwrap();
    // A request too big for the 3 GB address-space cap: the worker cannot allocate it.
    let bomb = dir.path().join("bomb");
    std::fs::write(&bomb, "8000000000\n").unwrap();
    // The pool's child takes the request, then becomes a real worker reading the bomb.
    let script = r#"read n; head -c "$n" >/dev/null; exec "$0" __extract-pdf --serve < "$1""#;
    let extractor = PdfExtractor::subprocess(
        PathBuf::from("sh"),
        vec![
            "-c".into(),
            script.into(),
            env!("CARGO_BIN_EXE_council").into(),
            bomb.to_str().unwrap().into(),
        ],
        Duration::from_secs(60),
    );
    let err = extractor
        .extract(&PathBuf::from("x.pdf"), b"%PDF-1.4")
        .unwrap_err();
    assert!(matches!(err, PdfError::Memory(_)), "{err:?}");
    assert!(err.to_string().contains(MEMORY_EXCEEDED), "{err}");
}

/// The processes whose parent is `pid`, and whether each is still running (not a zombie).
fn children(pid: u32) -> Vec<(u32, bool)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid ...`; comm may hold spaces, so split after the last ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(pid) {
            found.push((child, fields[0] != "Z"));
        }
    }
    found
}

/// Whether process `pid` is still running (not gone, not a zombie).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, r)| !r.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

#[cfg(target_os = "linux")]
#[test]
fn workers_die_with_a_killed_batch() {
    let Some(corpus) = harness::shared_corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut batch = Command::new(env!("CARGO_BIN_EXE_council"))
        .args([
            "ingest",
            corpus.to_str().unwrap(),
            "--threads",
            "2",
            "--index",
        ])
        .arg(dir.path().join("index"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start council ingest");
    let started = Instant::now();
    let workers = loop {
        let workers: Vec<u32> = children(batch.id())
            .into_iter()
            .filter(|&(_, alive)| alive)
            .map(|(pid, _)| pid)
            .collect();
        if !workers.is_empty() || started.elapsed() > Duration::from_secs(20) {
            break workers;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!workers.is_empty(), "no PDF worker seen");
    batch.kill().unwrap(); // SIGKILL
    batch.wait().unwrap();
    let killed = Instant::now();
    while workers.iter().any(|&p| running(p)) && killed.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<u32> = workers.into_iter().filter(|&p| running(p)).collect();
    assert!(left.is_empty(), "workers outlived their batch: {left:?}");
}

#[test]
fn ingest_tries_pdftotext_where_pdf_extract_fails_unless_told_not_to() {
    let geotopo = harness::root()
        .join("../shared/hostile/py-pdf-samples/009-pdflatex-geotopo_GeoTopo-komprimiert.pdf");
    if !geotopo.is_file() {
        eprintln!("skipped: ../shared/hostile is absent (this test reads a hostile PDF)");
        return;
    }
    let installed = council_pipeline::PdftotextFallback::detect(Duration::from_secs(10)).is_some();
    if !installed {
        eprintln!("pdftotext is not installed: only the run without a fallback is checked");
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&geotopo, folder.join("geotopo.pdf")).unwrap();
    std::fs::copy(&bundled_pdfs()[0], folder.join("paper.pdf")).unwrap();
    let ingest = |name: &str, extra: &[&str]| {
        let report = dir.path().join(format!("{name}.json"));
        let index = dir.path().join(name);
        let mut args = vec![
            "ingest",
            folder.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = harness::council(&args);
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        let file = |path: &str| {
            report["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == path)
                .cloned()
                .unwrap()
        };
        (out.status.code(), file("geotopo.pdf"), file("paper.pdf"))
    };
    let (code, geotopo, paper) = ingest("alone", &["--no-fallback"]);
    assert_eq!(code, Some(1), "a panic is a failure");
    assert_eq!(geotopo["outcome"], "panic", "{geotopo}");
    assert_eq!(paper["extractor"], "pdf-extract", "{paper}");
    if installed {
        let (code, geotopo, paper) = ingest("both", &[]);
        assert_eq!(code, Some(0));
        assert_eq!(geotopo["outcome"], "ok", "{geotopo}");
        assert_eq!(geotopo["extractor"], "pdftotext", "{geotopo}");
        assert!(
            geotopo["note"].as_str().unwrap().contains("panicked"),
            "{geotopo}"
        );
        assert_eq!(paper["extractor"], "pdf-extract", "{paper}");
        assert!(paper.get("note").is_none(), "{paper}");
    }
}
