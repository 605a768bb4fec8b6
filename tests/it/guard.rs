//! Hostile inputs that are not PDFs: files too large to read whole, symlinks out of the
//! folder, hidden files, damaged and read-only indexes, terminals and closed pipes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::harness::*;

/// Runs `council args` to its end; returns its exit code and peak resident memory (bytes),
/// read with `wait4` for this very child (other tests' children do not count).
// The child is reaped by `wait4` (which std's `Child` does not know about).
#[allow(clippy::zombie_processes)]
fn run_measured(args: &[&str]) -> (i32, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_council"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run council");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // ru_maxrss is in kilobytes on Linux.
    (code, usage.ru_maxrss as u64 * 1024)
}

/// A generated text paper of about `bytes` bytes: numbered headings, each over a few
/// paragraphs, as a long report is written.
fn write_text_paper(path: &Path, bytes: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "Planning Committee\n\nReport of the Head of Planning\n"
    )
    .unwrap();
    let mut written = 0;
    let mut n = 0;
    while written < bytes {
        n += 1;
        let heading = format!("{n}. MATTER {n} FOR THE COMMITTEE\n\n");
        let para = format!(
            "{n}.1 The committee considered the application for the site at {n} High Street \
             and the officer's recommendation to approve it subject to conditions.\n\n"
        );
        out.write_all(heading.as_bytes()).unwrap();
        out.write_all(para.as_bytes()).unwrap();
        written += heading.len() + para.len();
    }
}

/// About `bytes` of 76-character lines of letters and digits, none blank.
fn write_unbroken_text(path: &Path, bytes: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut line = Vec::with_capacity(77);
    for _ in 0..bytes / 77 {
        line.clear();
        for _ in 0..76 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            line.push(alphabet[(state >> 58) as usize]);
        }
        line.push(b'\n');
        out.write_all(&line).unwrap();
    }
}

fn report(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("report written")).expect("report JSON")
}

fn file<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} is not in the report: {report}"))
}

#[test]
fn huge_papers_get_their_outcome_and_the_run_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(folder.join("big")).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    write_text_paper(&folder.join("big/five.txt"), 5 << 20);
    write_text_paper(&folder.join("big/hundred.txt"), 100 << 20);
    // 5 MB of lines and no blank line (a data dump, base64): one paragraph as it grows, which
    // a heading test over the paragraph's whole text once made quadratic (10 minutes).
    write_unbroken_text(&folder.join("big/unbroken.txt"), 5 << 20);
    // 2 GB of HTML: a real head, then a hole (a sparse file costs no disk).
    let html = std::fs::File::create(folder.join("big/huge.html")).unwrap();
    (&html)
        .write_all(b"<!DOCTYPE html><html><head><title>Minutes</title></head><body><p>")
        .unwrap();
    html.set_len(2 << 30).unwrap();
    let index = dir.path().join("index");
    let report_path = dir.path().join("report.json");
    let started = Instant::now();
    let (code, peak) = run_measured(&[
        "ingest",
        folder.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--report",
        report_path.to_str().unwrap(),
    ]);
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "ingest: exit {code}, peak RSS {} MB, {seconds:.1} s",
        peak >> 20
    );
    assert_eq!(code, 0, "too large is an outcome, not a failure");
    assert!(peak < 500 << 20, "peak RSS {} MB", peak >> 20);
    let r = report(&report_path);
    assert_eq!(file(&r, "big/five.txt")["outcome"], "ok", "{r}");
    assert_eq!(file(&r, "big/unbroken.txt")["outcome"], "ok", "{r}");
    assert!(seconds < 300.0, "{seconds:.1} s");
    for big in ["big/hundred.txt", "big/huge.html"] {
        let f = file(&r, big);
        assert_eq!(f["outcome"], "too_large", "{f}");
        assert!(f["reason"].as_str().unwrap().contains("limit"), "{f}");
        assert_eq!(f["failure"], false);
    }
    // The real papers are searchable.
    let out = council_ok(&[
        "search",
        "Ofsted inspection",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(json["total"].as_u64().unwrap() > 0, "{json}");
    // Raising the limit is a run's choice; a PDF over --max-file-size is never read.
    let pdf = dir.path().join("pdf");
    std::fs::create_dir_all(&pdf).unwrap();
    let big_pdf = std::fs::File::create(pdf.join("big.pdf")).unwrap();
    (&big_pdf).write_all(b"%PDF-1.7\n").unwrap();
    big_pdf.set_len(3 << 20).unwrap();
    let pdf_report = dir.path().join("pdf.json");
    let (code, _) = run_measured(&[
        "ingest",
        pdf.to_str().unwrap(),
        "--index",
        dir.path().join("pdf-index").to_str().unwrap(),
        "--max-file-size",
        "2",
        "--report",
        pdf_report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let r = report(&pdf_report);
    assert_eq!(file(&r, "big.pdf")["outcome"], "too_large", "{r}");
}

#[cfg(unix)]
#[test]
fn the_ingest_reads_only_inside_the_folder_and_never_hidden_files() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::create_dir_all(folder.join(".git")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let paper = "1. Budget\n\n1.1 The council agreed the budget for parks.\n";
    std::fs::write(folder.join("paper.txt"), paper).unwrap();
    std::fs::write(folder.join(".env"), "SECRET_TOKEN=zebracorn budget\n").unwrap();
    std::fs::write(folder.join(".git/config"), "[remote] zebracorn budget\n").unwrap();
    std::fs::write(outside.join("secret.txt"), "zebracorn budget outside\n").unwrap();
    symlink(outside.join("secret.txt"), folder.join("out.txt")).unwrap();
    symlink(&outside, folder.join("outdir")).unwrap();
    symlink("..", folder.join("sub/up")).unwrap();
    symlink("../..", folder.join("sub/parent")).unwrap();
    symlink("../.env", folder.join("sub/env.txt")).unwrap();
    symlink("../paper.txt", folder.join("sub/inside.txt")).unwrap();
    // The index inside the folder it indexes.
    let index = folder.join("index");
    let report_path = dir.path().join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_council"))
        .args(["ingest", folder.to_str().unwrap(), "--index"])
        .arg(&index)
        .arg("--report")
        .arg(&report_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&report_path);
    let paths: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| !p.starts_with("index")), "{paths:?}");
    assert!(
        paths
            .iter()
            .all(|p| !p.contains(".git") && !p.contains(".env")),
        "{paths:?}"
    );
    assert_eq!(file(&r, "paper.txt")["outcome"], "ok");
    assert_eq!(file(&r, "sub/inside.txt")["outcome"], "duplicate");
    for skipped in ["out.txt", "outdir", "sub/parent", "sub/env.txt", "sub/up"] {
        assert_eq!(file(&r, skipped)["outcome"], "skipped", "{skipped}: {r}");
    }
    let search = |index: &Path, words: &str| {
        let out = council_ok(&[
            "search",
            words,
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
        ]);
        serde_json::from_str::<Value>(&out).unwrap()["total"].clone()
    };
    assert_eq!(
        search(&index, "zebracorn"),
        0,
        "nothing outside or hidden is indexed"
    );
    // Asked for, hidden files are read (still only inside the folder).
    let hidden_index = dir.path().join("hidden-index");
    let out = Command::new(env!("CARGO_BIN_EXE_council"))
        .args([
            "ingest",
            folder.to_str().unwrap(),
            "--include-hidden",
            "--index",
        ])
        .arg(&hidden_index)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        search(&hidden_index, "zebracorn").as_u64().unwrap() > 0,
        "hidden files read"
    );
    assert_eq!(
        search(&hidden_index, "outside"),
        0,
        "still nothing from outside"
    );
}

#[test]
fn a_damaged_index_is_one_line_with_the_fix_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("index");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(corpus_index_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    let damage = |ext: &str| {
        for entry in std::fs::read_dir(&copy).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                let mut bytes = std::fs::read(&path).unwrap();
                let len = bytes.len();
                for b in bytes
                    .iter_mut()
                    .take(len.saturating_sub(64))
                    .skip(16)
                    .step_by(5)
                {
                    *b ^= 0x5a;
                }
                std::fs::write(&path, bytes).unwrap();
            }
        }
    };
    damage("term");
    for (what, prepare) in [
        ("a damaged segment", None),
        ("a damaged meta.json", Some(())),
    ] {
        if prepare.is_some() {
            std::fs::write(copy.join("meta.json"), "garbage").unwrap();
        }
        let out = council(&["search", "chair", "--index", copy.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{what}: one line: {err}");
        assert!(
            err.contains("council ingest"),
            "{what}: names the fix: {err}"
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    let out = council(&["search", "chair", "--index", "/nonexistent/index"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(err.matches("no index").count(), 1, "said once: {err}");
}

#[test]
fn a_read_only_index_can_be_searched() {
    // Root ignores file modes: a read-only bind mount is the real test, where allowed.
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("ro");
    std::fs::create_dir_all(&mount).unwrap();
    let bound = Command::new("mount")
        .arg("--bind")
        .arg(corpus_index_dir())
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("mount")
            .args(["-o", "remount,ro,bind"])
            .arg(&mount)
            .status()
            .is_ok_and(|s| s.success());
    if !bound {
        eprintln!("skipped: cannot make a read-only bind mount here (needs root)");
        let _ = Command::new("umount").arg(&mount).status();
        return;
    }
    let out = council(&["search", "chair", "--index", mount.to_str().unwrap()]);
    let _ = Command::new("umount").arg(&mount).status();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("matching sections"));
}

#[test]
fn a_closed_pipe_is_a_normal_end() {
    let index = corpus_index_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_council"))
        .args(["search", "council", "--limit", "1000", "--index"])
        .arg(&index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing: close the pipe at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;owned\u{7}\u{1b}[2J.txt";
    let path = dir.path().join(name);
    std::fs::write(&path, "1. Budget\n\n1.1 The council agreed the budget.\n").unwrap();
    let out = council(&["parse", path.to_str().unwrap()]);
    assert!(out.status.success());
    let missing = dir.path().join(format!("gone-{name}"));
    let out = council(&["parse", missing.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}"), "{err:?}");
    // Searching an index whose sources have such names prints them escaped.
    let index = dir.path().join("index");
    let out = council(&[
        "ingest",
        dir.path().to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let out = council(&["search", "budget", "--index", index.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("evil"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}
