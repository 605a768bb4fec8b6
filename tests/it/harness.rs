//! Shared set-up: the bundled corpus ingested once into a temporary index, and helpers to
//! run the `council` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// `../shared/corpus`, when it is there.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/corpus is absent (this test reads the shared corpus beside the repo)");
        None
    }
}

/// Runs the `council` binary with `args`.
pub fn council(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_council"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run council")
}

/// Runs `council` and returns stdout, failing the test on a non-zero exit.
pub fn council_ok(args: &[&str]) -> String {
    let out = council(args);
    assert!(
        out.status.success(),
        "council {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The bundled corpus ingested (by the real binary) into a temporary index, once per run.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let index = dir.path().join("index");
            let out = council_ok(&[
                "ingest",
                corpus().to_str().unwrap(),
                "--index",
                index.to_str().unwrap(),
            ]);
            assert!(out.contains("0 failed"), "{out}");
            dir
        })
        .path()
}

/// The index folder inside [`corpus_index`].
pub fn corpus_index_dir() -> PathBuf {
    corpus_index().join("index")
}

/// Runs a JSON search on the corpus index.
pub fn search_json(query: &str, limit: usize) -> serde_json::Value {
    let index = corpus_index_dir();
    let out = council_ok(&[
        "search",
        query,
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        &limit.to_string(),
    ]);
    serde_json::from_str(&out).expect("search JSON")
}
