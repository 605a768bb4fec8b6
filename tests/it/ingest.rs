//! Batch ingestion with the real binary: incremental re-runs, `kill -9` at random moments
//! (the re-run must give exactly the index a clean run gives), pruning, and inputs that are
//! not PDFs at all (each reported, none fatal).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use council_index::SectionIndex;
use serde_json::Value;

use crate::harness::*;

/// (source, document id, section records) for every document record of an index.
type State = BTreeSet<(String, String, usize)>;

fn ingest(folder: &Path, index: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_council"));
    cmd.arg("ingest")
        .arg(folder)
        .arg("--index")
        .arg(index)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(folder: &Path, index: &Path, extra: &[&str]) -> Output {
    ingest(folder, index, extra).output().expect("run council")
}

fn report(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("report written")).expect("report JSON")
}

fn outcome_of<'a>(report: &'a Value, path: &str) -> &'a str {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} is not in the report"))["outcome"]
        .as_str()
        .unwrap()
}

/// The index's documents; also checks that every document record has exactly its
/// sections' records and that no document id is indexed twice.
fn state(index: &Path) -> State {
    let idx = SectionIndex::open(index).expect("index opens");
    let catalog = idx.catalog().expect("catalog");
    let mut ids = BTreeSet::new();
    for d in &catalog.documents {
        assert!(
            ids.insert(d.document_id.clone()),
            "{} indexed twice",
            d.document_id
        );
        assert_eq!(
            d.sections, d.section_records,
            "section records of {}",
            d.document_id
        );
    }
    catalog
        .documents
        .into_iter()
        .map(|d| (d.source, d.document_id, d.section_records))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The bundled corpus, a duplicate of one of its files, and (when `../shared` is there) a
/// fixed sample of the shared corpus's PDFs and text files.
fn sample_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("papers");
    copy_dir(&corpus(), &folder);
    std::fs::copy(
        corpus().join("001_694909fa4ef9fd9f.txt"),
        folder.join("zz-copy-of-001.txt"),
    )
    .unwrap();
    if let Some(shared) = shared_corpus() {
        let mut files: Vec<PathBuf> = walkdir(&shared)
            .into_iter()
            .filter(|p| {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                matches!(ext, "pdf" | "md" | "html")
                    && std::fs::metadata(p).is_ok_and(|m| m.len() < 400_000)
            })
            .collect();
        files.sort();
        let out = folder.join("shared");
        std::fs::create_dir_all(&out).unwrap();
        for (n, f) in files.iter().step_by(12).take(24).enumerate() {
            let name = format!("{n:02}-{}", f.file_name().unwrap().to_string_lossy());
            std::fs::copy(f, out.join(name)).unwrap();
        }
    }
    folder
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            out.extend(walkdir(&e.path()));
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
    out
}

/// A small deterministic pseudo-random sequence (no `rand` dependency); the seed is printed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn kill_nine_at_random_moments_then_rerun_gives_the_clean_index() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_folder(dir.path());
    let clean_index = dir.path().join("clean");
    let t0 = Instant::now();
    let clean = run(&folder, &clean_index, &["--threads", "2"]);
    let clean_ms = t0.elapsed().as_millis() as u64;
    assert!(
        clean.status.code().is_some(),
        "clean run died: {}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let expected = state(&clean_index);
    assert!(expected.len() >= 6, "{expected:?}");

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill test: seed {seed}, clean run {clean_ms} ms");
    let mut rng = Lcg(seed);
    let index = dir.path().join("killed");
    let budget = Instant::now();
    let mut kills = 0;
    for _ in 0..8 {
        if budget.elapsed() > Duration::from_secs(30) {
            break;
        }
        let mut child = ingest(
            &folder,
            &index,
            &[
                "--threads",
                "2",
                "--commit-every",
                "2",
                "--commit-secs",
                "1",
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn council");
        let wait = rng.below(clean_ms + 50);
        std::thread::sleep(Duration::from_millis(wait));
        if child.try_wait().unwrap().is_none() {
            child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
    }
    eprintln!("kill test: {kills} runs killed");
    let last = run(&folder, &index, &["--threads", "2"]);
    assert_eq!(
        last.status.code(),
        clean.status.code(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert!(
        !index.join(".tantivy-writer.lock").exists()
            || SectionIndex::open(&index)
                .unwrap()
                .writer(15_000_000)
                .is_ok(),
        "the writer lock does not outlive its process"
    );
    assert_eq!(
        state(&index),
        expected,
        "seed {seed}: the re-run after kills differs from a clean run"
    );

    // Nothing left to do: a further run parses nothing.
    let report_path = dir.path().join("again.json");
    let again = run(
        &folder,
        &index,
        &["--report", report_path.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), clean.status.code());
    let r = report(&report_path);
    assert_eq!(r["documents"], 0, "nothing re-indexed: {}", r["outcomes"]);
    assert_eq!(state(&index), expected);
}

#[test]
fn reruns_skip_unchanged_files_replace_changed_ones_and_prune_removed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    copy_dir(&corpus(), &folder);
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let rp = report_path.to_str().unwrap();

    let first = run(&folder, &index, &["--report", rp]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let r = report(&report_path);
    assert_eq!(r["unchanged"], 0);
    let before = state(&index);

    // Same folder again: everything unchanged, nothing parsed, same index.
    let second = run(&folder, &index, &["--report", rp]);
    assert!(second.status.success());
    let r = report(&report_path);
    assert_eq!(r["documents"], 0);
    assert_eq!(r["unchanged"].as_u64().unwrap() as usize, before.len());
    assert_eq!(outcome_of(&r, "001_694909fa4ef9fd9f.txt"), "unchanged");
    assert_eq!(state(&index), before);

    // Change one file, remove one, copy one under a second name.
    let changed = folder.join("002_4f139c1f0f6ceeb1.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n\n9. Additional paragraph\n\n9.1 Members noted the revised figures.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::remove_file(folder.join("003_d3a36d0da2e490db.txt")).unwrap();
    std::fs::copy(
        folder.join("001_694909fa4ef9fd9f.txt"),
        folder.join("001_again.txt"),
    )
    .unwrap();

    // Without --prune the removed file's documents stay.
    let third = run(&folder, &index, &["--report", rp]);
    assert!(third.status.success());
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "002_4f139c1f0f6ceeb1.txt"), "ok");
    assert_eq!(outcome_of(&r, "001_694909fa4ef9fd9f.txt"), "unchanged");
    assert_eq!(
        outcome_of(&r, "001_again.txt"),
        "duplicate",
        "001_694... sorts before 001_again"
    );
    let sources = |s: &State| s.iter().map(|d| d.0.clone()).collect::<BTreeSet<_>>();
    assert!(sources(&state(&index)).contains("003_d3a36d0da2e490db.txt"));

    // With --prune it goes; the result is what a clean run on the folder gives.
    let fourth = run(&folder, &index, &["--prune", "--report", rp]);
    assert!(fourth.status.success());
    let r = report(&report_path);
    assert_eq!(r["pruned"], serde_json::json!(["003_d3a36d0da2e490db.txt"]));
    let clean_index = dir.path().join("clean");
    assert!(run(&folder, &clean_index, &[]).status.success());
    assert_eq!(state(&index), state(&clean_index));
    assert!(!sources(&state(&index)).contains("003_d3a36d0da2e490db.txt"));
}

/// The reason the report gives for `path`.
fn reason_of(report: &Value, path: &str) -> String {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .and_then(|f| f["reason"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn files_that_yield_no_documents_are_not_read_again_until_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(&folder).unwrap();
    // A PDF without a cross-reference table: malformed, whatever the run.
    let broken = folder.join("broken.pdf");
    std::fs::write(
        &broken,
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .unwrap();
    std::fs::copy(
        corpus().join("001_694909fa4ef9fd9f.txt"),
        folder.join("a.txt"),
    )
    .unwrap();
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let rp = report_path.to_str().unwrap();
    let remembered = "unchanged since an earlier run";

    let first = run(&folder, &index, &["--report", rp]);
    assert_eq!(
        first.status.code(),
        Some(1),
        "a malformed file is a failure"
    );
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "broken.pdf"), "malformed");
    assert!(!reason_of(&r, "broken.pdf").contains(remembered));

    // Unchanged: the same outcome (and exit code), from the record, not from a parse.
    let second = run(&folder, &index, &["--report", rp]);
    assert_eq!(second.status.code(), Some(1));
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "broken.pdf"), "malformed");
    assert!(reason_of(&r, "broken.pdf").contains(remembered), "{r}");
    assert_eq!(outcome_of(&r, "a.txt"), "unchanged");

    // --force reads it again; so does a change to the file.
    run(&folder, &index, &["--force", "--report", rp]);
    assert!(!reason_of(&report(&report_path), "broken.pdf").contains(remembered));
    let mut bytes = std::fs::read(&broken).unwrap();
    bytes.extend_from_slice(b"% edited\n");
    std::fs::write(&broken, bytes).unwrap();
    run(&folder, &index, &["--report", rp]);
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "broken.pdf"), "malformed");
    assert!(!reason_of(&r, "broken.pdf").contains(remembered));

    // Fixed (now readable text): indexed, and no longer remembered as unindexable.
    std::fs::copy(corpus().join("002_4f139c1f0f6ceeb1.txt"), &broken).unwrap();
    let fixed = run(&folder, &index, &["--report", rp]);
    assert!(fixed.status.success());
    assert_eq!(outcome_of(&report(&report_path), "broken.pdf"), "ok");
    let again = run(&folder, &index, &["--report", rp]);
    assert!(again.status.success());
    assert_eq!(outcome_of(&report(&report_path), "broken.pdf"), "unchanged");
}

#[test]
fn duplicate_content_is_indexed_once_under_its_first_path() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(&folder).unwrap();
    let paper = corpus().join("001_694909fa4ef9fd9f.txt");
    std::fs::copy(&paper, folder.join("b.txt")).unwrap();
    std::fs::copy(&paper, folder.join("a.txt")).unwrap();
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let out = run(
        &folder,
        &index,
        &["--report", report_path.to_str().unwrap()],
    );
    assert!(out.status.success());
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "a.txt"), "ok");
    assert_eq!(outcome_of(&r, "b.txt"), "duplicate");
    let s = state(&index);
    assert!(s.iter().all(|d| d.0 == "a.txt"), "{s:?}");
}

#[test]
fn a_copy_is_a_duplicate_of_the_first_path_present_whenever_it_was_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(folder.join("x")).unwrap();
    let paper = corpus().join("001_694909fa4ef9fd9f.txt");
    let other = corpus().join("002_4f139c1f0f6ceeb1.txt");
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let rp = report_path.to_str().unwrap();
    // One commit a file: the first copy is found in the index, not only in this run's
    // memory.
    let args = ["--report", rp, "--commit-every", "1", "--threads", "2"];
    let sources = |index: &Path| {
        state(index)
            .into_iter()
            .map(|d| d.0)
            .collect::<BTreeSet<_>>()
    };

    std::fs::copy(&paper, folder.join("c.txt")).unwrap();
    std::fs::copy(&other, folder.join("b.txt")).unwrap();
    assert!(run(&folder, &index, &args).status.success());
    assert_eq!(outcome_of(&report(&report_path), "c.txt"), "ok");

    // A copy added before it in walk order takes over; one after it is a duplicate.
    std::fs::copy(&paper, folder.join("a.txt")).unwrap();
    std::fs::copy(&paper, folder.join("x/copy.txt")).unwrap();
    std::fs::copy(&paper, folder.join("d.txt")).unwrap();
    assert!(run(&folder, &index, &args).status.success());
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "a.txt"), "ok");
    assert_eq!(outcome_of(&r, "b.txt"), "unchanged");
    for copy in ["c.txt", "d.txt", "x/copy.txt"] {
        assert_eq!(outcome_of(&r, copy), "duplicate", "{copy}");
        assert!(reason_of(&r, copy).contains("a.txt"), "{copy}");
    }
    assert_eq!(
        sources(&index),
        BTreeSet::from(["a.txt".into(), "b.txt".into()])
    );

    // The first path gone (no --prune): its record is stale, and the next copy present is
    // indexed, once.
    std::fs::remove_file(folder.join("a.txt")).unwrap();
    assert!(run(&folder, &index, &args).status.success());
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "c.txt"), "ok");
    assert_eq!(outcome_of(&r, "d.txt"), "duplicate");
    assert_eq!(outcome_of(&r, "x/copy.txt"), "duplicate");
    assert!(run(&folder, &index, &["--prune"]).status.success());
    assert_eq!(
        sources(&index),
        BTreeSet::from(["b.txt".into(), "c.txt".into()])
    );
    let clean = dir.path().join("clean");
    assert!(run(&folder, &clean, &[]).status.success());
    assert_eq!(state(&index), state(&clean));
}

#[test]
fn the_report_lists_every_file_once_in_walk_order() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_folder(dir.path());
    std::fs::create_dir_all(folder.join("a")).unwrap();
    std::fs::write(folder.join("a/z.txt"), b"1. Note\n\n1.1 A short paper.\n").unwrap();
    std::fs::write(folder.join("a.txt"), b"").unwrap();
    let report_path = dir.path().join("report.json");
    let out = run(
        &folder,
        &dir.path().join("index"),
        &["--report", report_path.to_str().unwrap(), "--threads", "3"],
    );
    assert!(out.status.code().is_some());
    let r = report(&report_path);
    let paths: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let walked: Vec<String> = walkdir(&folder)
        .iter()
        .map(|p| council_ingest::relative(&folder, p))
        .collect();
    let mut expected = walked.clone();
    expected.sort_by(|a, b| council_ingest::walk_order(a, b));
    assert_eq!(paths, expected);
    assert!(
        paths.iter().position(|p| *p == "a/z.txt") < paths.iter().position(|p| *p == "a.txt"),
        "folder by folder"
    );
    assert_eq!(r["files_seen"].as_u64(), Some(paths.len() as u64));
    let counted: u64 = r["outcomes"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(counted, paths.len() as u64);
}

#[test]
fn odd_inputs_are_each_reported_and_none_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("odd");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(folder.join(name), bytes).unwrap();
    w("empty.pdf", b"");
    w("empty.txt", b"");
    w(
        "text-named.pdf",
        b"1. Introduction\n\n1.1 The committee met and noted the report.\n",
    );
    let pdf = std::fs::read(corpus().join("pdf/001_694909fa4ef9fd9f.pdf")).unwrap();
    w("pdf-named.txt", &pdf);
    w("truncated.pdf", &pdf[..pdf.len() / 3]);
    w(
        "latin1.txt",
        b"1. Caf\xe9 licences\n\n1.1 The \xa3200 fee was agreed.\n",
    );
    w(
        "nul.txt",
        b"1. Heading\0\0\n\n1.1 Text with NUL\0 bytes inside.\n",
    );
    w(
        "binary.bin",
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0],
    );
    // 4 MB here (the debug-build pipeline reads about 1 MB/s of one endless line); the
    // 50 MB line is `fifty_megabyte_single_line` below (ignored by default).
    let mut line = b"The committee noted the report. ".repeat(4 * 1024 * 1024 / 32);
    line.push(b'\n');
    w("one-line.txt", &line);
    drop(line);
    w(
        "good.txt",
        b"1. Purpose\n\n1.1 To approve the budget for parks.\n",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", folder.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", folder.join("dangling.txt")).unwrap();
        let _ = Command::new("mkfifo").arg(folder.join("fifo.txt")).status();
        w("locked.txt", b"1. Secret\n\n1.1 Nobody may read this.\n");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            folder.join("locked.txt"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let t0 = Instant::now();
    let out = run(
        &folder,
        &index,
        &["--report", report_path.to_str().unwrap(), "--timeout", "20"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "ingest died: {stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");
    eprintln!(
        "odd inputs: {:.1} s\n{}",
        t0.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&out.stdout)
    );
    let r = report(&report_path);
    for f in r["files"].as_array().unwrap() {
        eprintln!("  {} {} {}", f["path"], f["outcome"], f["reason"]);
        if f["outcome"] != "ok" {
            assert!(f["reason"].as_str().is_some_and(|s| !s.is_empty()), "{f}");
        }
    }
    assert_eq!(outcome_of(&r, "good.txt"), "ok");
    assert_eq!(outcome_of(&r, "text-named.pdf"), "ok");
    assert_eq!(outcome_of(&r, "pdf-named.txt"), "ok");
    assert_eq!(outcome_of(&r, "latin1.txt"), "ok");
    let nul = outcome_of(&r, "nul.txt"); // NUL bytes make the sniffer call it binary
    assert!(nul == "ok" || nul == "skipped", "{nul}");
    assert_eq!(outcome_of(&r, "one-line.txt"), "ok");
    for empty in ["empty.txt", "empty.pdf"] {
        let o = outcome_of(&r, empty); // zero-byte files are not duplicates of each other
        assert!(o == "skipped" || o == "empty", "{empty}: {o}");
    }
    assert_eq!(outcome_of(&r, "binary.bin"), "skipped");
    assert_eq!(outcome_of(&r, "truncated.pdf"), "malformed");
    #[cfg(unix)]
    {
        assert_eq!(outcome_of(&r, "sub/loop"), "skipped");
        assert_eq!(outcome_of(&r, "dangling.txt"), "skipped");
        if folder.join("fifo.txt").exists() {
            assert_eq!(outcome_of(&r, "fifo.txt"), "skipped");
        }
        let root = std::fs::read(folder.join("locked.txt")).is_ok();
        if root {
            eprintln!("skipped: chmod 000 does not stop root from reading locked.txt");
        } else {
            assert_eq!(outcome_of(&r, "locked.txt"), "io");
        }
    }
    // The truncated PDF is a failure, so the exit code says so; the index is still usable.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(state(&index).iter().any(|d| d.0 == "good.txt"));
}

#[test]
fn fail_fast_stops_at_the_first_failure_with_the_index_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    copy_dir(&corpus(), &folder);
    // A truncated PDF, padded to be the largest file so that it is parsed first (largest
    // files go first): one thread, so every other file is still to come when it fails.
    let pdf = std::fs::read(corpus().join("pdf/001_694909fa4ef9fd9f.pdf")).unwrap();
    let mut broken = pdf[..pdf.len() / 3].to_vec();
    broken.extend(std::iter::repeat_n(b' ', 1024 * 1024));
    std::fs::write(folder.join("000-broken.pdf"), &broken).unwrap();
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let out = run(
        &folder,
        &index,
        &[
            "--fail-fast",
            "--threads",
            "1",
            "--report",
            report_path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let r = report(&report_path);
    assert_eq!(outcome_of(&r, "000-broken.pdf"), "malformed");
    assert_eq!(r["stopped"], true);
    assert!(
        r["outcomes"]["cancelled"].as_u64().unwrap_or(0) >= 1,
        "{}",
        r["outcomes"]
    );
    // Consistent: a normal re-run completes the index as a clean run would.
    let _ = state(&index);
    let rerun = run(&folder, &index, &[]);
    assert_eq!(rerun.status.code(), Some(1));
    let clean = dir.path().join("clean");
    run(&folder, &clean, &[]);
    assert_eq!(state(&index), state(&clean));
}

#[test]
fn fifty_megabyte_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("big");
    std::fs::create_dir_all(&folder).unwrap();
    let mut line = b"The committee noted the report. ".repeat(50 * 1024 * 1024 / 32);
    line.push(b'\n');
    std::fs::write(folder.join("one-line.txt"), &line).unwrap();
    drop(line);
    let report_path = dir.path().join("report.json");
    // Over the default 32 MB for text: refused, unread.
    let out = run(
        &folder,
        &dir.path().join("index"),
        &["--report", report_path.to_str().unwrap()],
    );
    assert!(out.status.success());
    assert_eq!(
        outcome_of(&report(&report_path), "one-line.txt"),
        "too_large"
    );
    // Allowed, it is read (one paragraph of 50 MB costs no more than its size).
    let out = run(
        &folder,
        &dir.path().join("index"),
        &[
            "--report",
            report_path.to_str().unwrap(),
            "--max-text-size",
            "64",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(outcome_of(&report(&report_path), "one-line.txt"), "ok");
}

/// Text papers that share one paragraph (a standing item) beside their own.
fn papers_sharing_a_paragraph(folder: &Path, n: usize) {
    std::fs::create_dir_all(folder).unwrap();
    for i in 0..n {
        let text = format!(
            "Minutes of the Highways Committee, meeting {i}\n\n\
             1. Apologies\n\n\
             1.1 Potholes on the high street were repaired within the month.\n\n\
             2. Item {i}\n\n\
             2.1 Members discussed the resurfacing of road number {i} and its drainage.\n"
        );
        std::fs::write(folder.join(format!("{i:02}-minutes.txt")), text).unwrap();
    }
}

fn search_ids(index: &Path, query: &str) -> Vec<String> {
    search_hits(index, query)
        .into_iter()
        .map(|h| h.section_id)
        .collect()
}

fn search_texts(index: &Path, query: &str) -> Vec<String> {
    search_hits(index, query)
        .into_iter()
        .map(|h| h.text)
        .collect()
}

fn search_hits(index: &Path, query: &str) -> Vec<council_index::SearchHit> {
    let idx = SectionIndex::open(index).expect("index opens");
    let found = idx
        .search(&council_index::SearchRequest {
            query: query.into(),
            limit: 50,
            ..council_index::SearchRequest::default()
        })
        .expect("search");
    found.hits
}

#[test]
fn an_ingest_of_many_commits_ends_compacted_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    papers_sharing_a_paragraph(&folder, 24);
    let report_path = dir.path().join("report.json");
    let rp = report_path.to_str().unwrap();
    let (many, once) = (dir.path().join("many"), dir.path().join("once"));
    let out = run(&folder, &many, &["--report", rp, "--commit-every", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&report_path);
    assert!(r["commits"].as_u64().unwrap() >= 24);
    let segments = r["segments"].as_u64().unwrap() as usize;
    assert!(
        (1..=council_index::MAX_SEGMENTS).contains(&segments),
        "{segments} segments"
    );
    let out = run(&folder, &once, &["--report", rp]);
    assert!(out.status.success());
    // The same paragraphs found, the same one first (the papers tie otherwise, and ties go
    // by the place in the index, which the segments change; which copy of a paragraph is
    // its canonical one, and so shown, follows the order the files were written in).
    for query in ["resurfacing road 7 drainage", "potholes high street"] {
        let (mut a, mut b) = (search_texts(&many, query), search_texts(&once, query));
        assert_eq!(a.first(), b.first(), "{query}");
        a.sort();
        b.sort();
        assert_eq!(a, b, "{query}");
    }
}

#[test]
fn removing_the_file_of_a_canonical_copy_hands_it_to_another_on_re_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    papers_sharing_a_paragraph(&folder, 3);
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let rp = report_path.to_str().unwrap();
    assert!(run(&folder, &index, &["--report", rp]).status.success());
    let before = search_ids(&index, "potholes high street");
    assert_eq!(before.len(), 1, "one paragraph, one hit: {before:?}");
    let idx = SectionIndex::open(&index).unwrap();
    let owner = idx.search(&council_index::SearchRequest {
        query: "potholes high street".into(),
        limit: 1,
        ..council_index::SearchRequest::default()
    });
    let source = owner.unwrap().hits[0].source.clone();
    drop(idx);
    std::fs::remove_file(folder.join(&source)).unwrap();
    let out = run(&folder, &index, &["--report", rp, "--prune"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&report_path);
    assert_eq!(r["sources_pruned"], 1);
    assert_eq!(r["resettled"], 1, "one paper took the canonical copy");
    let idx = SectionIndex::open(&index).unwrap();
    let count = idx.paragraphs();
    assert_eq!((count.without_canonical, count.twice), (0, 0), "{count:?}");
    let after = idx
        .search(&council_index::SearchRequest {
            query: "potholes high street".into(),
            limit: 10,
            ..council_index::SearchRequest::default()
        })
        .unwrap();
    assert_eq!(after.hits.len(), 1);
    assert_ne!(after.hits[0].source, source);
    assert_eq!(after.total, 2);
}
