//! Batch ingestion an analyst can trust, streaming: memory does not grow with the folder.
//!
//! This crate is the ingest engine that `council ingest`, `council serve` (which builds or
//! rebuilds its index from the corpus) and the benches share; the command line only turns
//! its arguments into [`IngestOptions`] and prints the [`IngestSummary`].
//!
//! [`ingest`] walks a folder and brings the index in line with it. Four stages run at once,
//! joined by bounded queues, so that no stage holds a list of the whole folder:
//!
//! 1. **Plan** (one thread). The folder is walked in order (see [`walk`]: symlinks
//!    followed, loops and unreadable entries reported), a chunk of [`PLAN_CHUNK`] entries at
//!    a time. Each chunk is hashed in parallel, then each file is decided in walk order by
//!    asking the index (its *file records*, see [`council_index::files`]): a file whose
//!    source is already indexed with the same content hash is `unchanged`; one read before
//!    and found unindexable (a scan, an encrypted PDF) gets the same outcome without being
//!    read again; a file with the same bytes as a file before it in walk order is a
//!    `duplicate` of it (a paper is indexed once, under its first path). Files decided but
//!    not yet committed are kept in a small window, so the index and the window together
//!    answer for every file before the current one.
//! 2. **Parse.** The files to read go to a pool of threads (rayon, `--threads`; largest
//!    first within each chunk, so that a batch does not end on one long file), PDFs to a
//!    pool of long-lived worker processes (`council __extract-pdf --serve`) with a timeout
//!    and a memory cap per file, so a panic, abort, hang or memory bomb costs one file.
//! 3. **Write** (this thread). Each file's records are replaced (delete by source, then its
//!    documents and its file record), with a commit every [`IngestOptions::commit_files`]
//!    files or [`IngestOptions::commit_interval`], whichever comes first. A file's records
//!    always land in one commit, so a `kill -9` at any moment loses at most the files since
//!    the last commit, and a re-run (which skips what was committed) ends with exactly the
//!    index a clean run gives. `--prune` then visits every file record and removes the
//!    sources whose file is gone.
//! 4. **Report.** Every file gets a [`FileOutcome`], handed to a [`ReportSink`] in walk order
//!    (a reorder buffer of at most [`LOOKAHEAD`] files); the [`IngestSummary`] counts them
//!    by outcome. Failures (see [`Outcome::is_failure`]) make `council ingest` exit non-zero; files
//!    that are simply not indexable (skipped formats, scans that need OCR, broken text
//!    layers, empty, encrypted or too large files) are outcomes, not failures.
//!
//! Only regular files whose real path is inside the folder are read: a symlink is followed
//! only when it leads to a place inside the folder, the index folder is never read, and
//! hidden files and folders (a name starting with `.`, so `.git`, `.svn`, `.hg`, `.env`)
//! are left out unless [`IngestOptions::include_hidden`] asks for them.

pub mod outcome;
pub mod report;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use council_index::files::FileRecord;
use council_index::{IndexError, SectionIndex, SectionWriter};
use council_pipeline::provenance::Provenance;
use council_pipeline::{parse_file, Limits, ParseError, ParseOptions, ParsedFile, PdfExtractor};
use rayon::prelude::*;
use serde::Serialize;

pub use crate::outcome::Outcome;

/// The index writer's memory budget, shared by its indexing threads: the part of an ingest's
/// memory that fills up between commits (and then stays flat however large the folder).
pub const WRITER_HEAP_BYTES: usize = 50_000_000;

/// The default per-file time limit for a PDF worker.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default number of files written between commits.
pub const DEFAULT_COMMIT_FILES: usize = 200;
/// The default longest time between commits.
pub const DEFAULT_COMMIT_INTERVAL: Duration = Duration::from_secs(30);

/// Walk entries hashed and decided together (and ordered largest first for the parse).
pub const PLAN_CHUNK: usize = 1024;
/// How far (in files, in walk order) the plan may run ahead of the report: bounds the
/// reorder buffer and the window of decided, uncommitted files.
pub const LOOKAHEAD: u64 = 4 * PLAN_CHUNK as u64;

/// What to ingest, and how.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The folder to walk.
    pub folder: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// How PDFs are read.
    pub pdf: PdfExtractor,
    /// The fallback PDF extractor (see `council_pipeline::extract::fallback`); none unless
    /// set (the command line sets the one found on `PATH`).
    pub pdf_fallback: Option<council_pipeline::PdftotextFallback>,
    /// OCR of scans (see `council_pipeline::extract::ocr`): on with a reader, or off and why.
    pub ocr: OcrSetting,
    /// Files parsed at once (0 = one more than the cores: a thread waits while its PDF
    /// worker process extracts, so one extra keeps the cores busy).
    pub threads: usize,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
    /// Remove the documents of sources no longer in the folder.
    pub prune: bool,
    /// Stop at the first failure (what was written is committed; the rest is `cancelled`).
    pub fail_fast: bool,
    /// Parse every file, even those already indexed with the same content.
    pub force: bool,
    /// Commit after this many files have been written (at least 1).
    pub commit_files: usize,
    /// Commit when this much time has passed since the last commit.
    pub commit_interval: Duration,
    /// The per-file limits every parser runs under (bytes, sections, heading paths).
    pub limits: Limits,
    /// Read hidden files and folders too (names starting with `.`: `.git`, `.env`, ...).
    pub include_hidden: bool,
    /// The council declared for every file (`--council`; see
    /// `council_pipeline::provenance`), over any folder metadata.
    pub council: Option<String>,
}

impl IngestOptions {
    /// Options that read PDFs in a pool of worker processes of `program`
    /// (`program __extract-pdf --serve`).
    pub fn with_worker(folder: PathBuf, index: PathBuf, program: PathBuf) -> IngestOptions {
        IngestOptions {
            folder,
            index,
            pdf: PdfExtractor::subprocess(
                program,
                vec!["__extract-pdf".into(), "--serve".into()],
                DEFAULT_TIMEOUT,
            ),
            pdf_fallback: None,
            ocr: OcrSetting::Off,
            threads: 0,
            progress: false,
            prune: false,
            fail_fast: false,
            force: false,
            commit_files: DEFAULT_COMMIT_FILES,
            commit_interval: DEFAULT_COMMIT_INTERVAL,
            limits: Limits::default(),
            include_hidden: false,
            council: None,
        }
    }

    /// Sets the per-file time limit of PDF workers (no effect for in-process extraction).
    pub fn set_timeout(&mut self, limit: Duration) {
        if let PdfExtractor::Subprocess { timeout, .. } = &mut self.pdf {
            *timeout = limit;
        }
    }
}

/// Whether scans are read by OCR, decided once at the command line (`--ocr auto|off`).
#[derive(Debug, Clone, Default)]
pub enum OcrSetting {
    /// Scans are read by this reader.
    On(council_pipeline::OcrReader),
    /// OCR was turned off (`--ocr off`).
    #[default]
    Off,
    /// OCR was asked for but `tesseract`, `pdftoppm` or `pdfinfo` is not installed.
    Missing,
}

impl OcrSetting {
    /// The reader, when OCR is on.
    pub fn reader(&self) -> Option<&council_pipeline::OcrReader> {
        match self {
            OcrSetting::On(reader) => Some(reader),
            OcrSetting::Off | OcrSetting::Missing => None,
        }
    }

    /// How to get a scan read, when OCR is not on.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OcrSetting::On(_) => None,
            OcrSetting::Off => Some("OCR is off: run with --ocr auto to read it"),
            OcrSetting::Missing => Some(
                "OCR is not installed: install tesseract-ocr, tesseract-ocr-eng and \
                 poppler-utils, then run again (it is read then)",
            ),
        }
    }
}

/// What OCR read of one file.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OcrOutcome {
    /// Pages read by OCR.
    pub pages: u32,
    /// The mean confidence of the words read (0–100).
    pub confidence: Option<f32>,
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    /// The path relative to the folder.
    pub path: String,
    /// `ok`, `unchanged`, `duplicate`, `skipped`, or why nothing was indexed (`needs_ocr`,
    /// `encrypted`, `too_large`, ...) or what failed (`panic`, `crash`, `memory`, ...).
    pub outcome: Outcome,
    /// Whether the outcome is a failure (see [`Outcome::is_failure`]).
    pub failure: bool,
    /// The reason, for every outcome but `ok` and `unchanged`.
    pub reason: Option<String>,
    /// Documents indexed for the file (for `unchanged`: already in the index).
    pub documents: usize,
    /// Sections indexed for the file.
    pub sections: usize,
    /// Pages read.
    pub pages: u32,
    /// Seconds spent parsing.
    pub seconds: f64,
    /// For an indexed PDF, the extractor whose text was read (`pdf-extract`, `pdftotext`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extractor: Option<&'static str>,
    /// For an indexed PDF, what the fallback extractor changed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a scan read by OCR (the outcome `ok (ocr)` in counts): pages and confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrOutcome>,
}

impl FileOutcome {
    fn new(path: String, outcome: Outcome, reason: Option<String>) -> FileOutcome {
        FileOutcome {
            path,
            failure: outcome.is_failure(),
            outcome,
            reason,
            documents: 0,
            sections: 0,
            pages: 0,
            seconds: 0.0,
            extractor: None,
            note: None,
            ocr: None,
        }
    }

    /// The outcome as counted: `ok (ocr)` for a scan read by OCR, else the outcome code.
    pub fn label(&self) -> String {
        match (&self.ocr, self.outcome) {
            (Some(_), Outcome::Ok) => "ok (ocr)".to_string(),
            (_, outcome) => outcome.as_str().to_string(),
        }
    }

    /// A file not attempted because `--fail-fast` stopped the batch.
    fn cancelled(path: String) -> FileOutcome {
        let reason = "not attempted: --fail-fast stopped the batch";
        FileOutcome::new(path, Outcome::Cancelled, Some(reason.into()))
    }
}

/// The result of a batch (the files themselves go to the [`ReportSink`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Files seen (every one was given an outcome).
    pub files_seen: usize,
    /// How many files had each outcome.
    pub outcomes: BTreeMap<String, usize>,
    /// Documents indexed (parsed and written) in this run.
    pub documents: usize,
    /// Sections indexed in this run.
    pub sections: usize,
    /// Pages read in this run.
    pub pages: u64,
    /// Bytes of the files parsed in this run.
    pub bytes: u64,
    /// Files already indexed with the same content (not parsed).
    pub unchanged: usize,
    /// Files neither indexed nor failed (skipped formats, needs OCR, duplicates, ...).
    pub skipped: usize,
    /// Files failed.
    pub failed: usize,
    /// Sources whose records were removed because the file is gone (`--prune`).
    pub sources_pruned: usize,
    /// Commits made.
    pub commits: usize,
    /// Documents some of whose sections were written again at the end of the run so that
    /// every paragraph keeps exactly one canonical copy (its copy was deleted or replaced,
    /// or a document of a later commit owns it; see [`council_index::canonical`]).
    pub resettled: usize,
    /// Segments of the index after the run (compacted: segments that fit together under
    /// [`council_index::COMPACT_RECORDS`] records are merged).
    pub segments: usize,
    /// Whether `--fail-fast` stopped the batch early.
    pub stopped: bool,
    /// Documents in the index after the run.
    pub index_documents: u64,
    /// Sections in the index after the run.
    pub index_sections: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Files read by OCR in this run.
    pub ocr_files: usize,
    /// Pages read by OCR in this run.
    pub ocr_pages: u64,
    /// Seconds spent parsing the files read by OCR (each file's wall-clock time, its
    /// pages read in parallel).
    pub ocr_seconds: f64,
}

impl IngestSummary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        format!(
            "ingested {} files: {} documents, {} sections, {} pages, {} unchanged, {} skipped, {} failed in {:.1} s",
            self.files_seen,
            self.documents,
            self.sections,
            self.pages,
            self.unchanged,
            self.skipped,
            self.failed,
            self.seconds
        )
    }

    /// The OCR line printed at the end of a run that read scans: pages, files, their parse
    /// time, and pages/s over the run's wall-clock time (all of it: in a run of scans
    /// only, that is the OCR throughput; `scripts/bench-ingest.sh` measures it so).
    pub fn ocr_line(&self) -> Option<String> {
        (self.ocr_files > 0).then(|| {
            format!(
                "OCR: {} pages of {} scanned files, {:.1} s of their parse time (files read at once overlap); {:.2} pages/s over the run",
                self.ocr_pages,
                self.ocr_files,
                self.ocr_seconds,
                self.ocr_pages as f64 / self.seconds.max(1e-9)
            )
        })
    }

    /// Counts by outcome, e.g. `ok 355, skipped 37, needs_ocr 5`, most frequent first.
    pub fn outcome_line(&self) -> String {
        let mut counts: Vec<(&String, &usize)> = self.outcomes.iter().collect();
        counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn record(&mut self, outcome: &FileOutcome) {
        self.files_seen += 1;
        *self.outcomes.entry(outcome.label()).or_insert(0) += 1;
        if let Some(ocr) = &outcome.ocr {
            self.ocr_files += 1;
            self.ocr_pages += u64::from(ocr.pages);
            self.ocr_seconds += outcome.seconds;
        }
        match outcome.outcome {
            Outcome::Ok => {
                self.documents += outcome.documents;
                self.sections += outcome.sections;
                self.pages += u64::from(outcome.pages);
            }
            Outcome::Unchanged => self.unchanged += 1,
            _ if outcome.failure => self.failed += 1,
            _ => self.skipped += 1,
        }
    }
}

/// Where an ingest's per-file results go, as they are known: the JSON report of
/// `council ingest --report` streams them to disk (see [`report`]).
pub trait ReportSink {
    /// One file's outcome; called once for every file seen, in walk order.
    fn file(&mut self, outcome: &FileOutcome);
    /// A source whose records `--prune` removed (its file is gone).
    fn pruned(&mut self, source: &str);
}

/// A sink that keeps nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoReport;

impl ReportSink for NoReport {
    fn file(&mut self, _: &FileOutcome) {}
    fn pruned(&mut self, _: &str) {}
}

/// A sink that keeps everything in memory (for tests and small folders).
#[derive(Debug, Default, Clone)]
pub struct CollectedReport {
    /// Every file, in walk order.
    pub files: Vec<FileOutcome>,
    /// The pruned sources.
    pub pruned: Vec<String>,
}

impl ReportSink for CollectedReport {
    fn file(&mut self, outcome: &FileOutcome) {
        self.files.push(outcome.clone());
    }
    fn pruned(&mut self, source: &str) {
        self.pruned.push(source.to_string());
    }
}

/// One entry of the folder walk.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path (below the folder; symlinks not resolved).
    pub path: PathBuf,
    /// The path relative to the folder, `/`-separated: the documents' `source`.
    pub source: String,
    /// `None` for a regular file; otherwise its outcome and why it is not read.
    pub problem: Option<(Outcome, String)>,
}

/// What a [`walk`] leaves out besides what is never read (anything whose real path is
/// outside the folder).
#[derive(Debug, Clone, Default)]
pub struct WalkRules {
    /// Walk hidden files and folders too (names starting with `.`).
    pub include_hidden: bool,
    /// A folder never walked (the index, when it lies inside the folder).
    pub exclude: Option<PathBuf>,
}

/// Lists the regular files below `folder` (no hidden files; symlinks followed within the
/// folder), in walk order.
pub fn list_files(folder: &Path) -> Vec<PathBuf> {
    walk(folder, &WalkRules::default())
        .filter(|e| e.problem.is_none())
        .map(|e| e.path)
        .collect()
}

/// Walks `folder` one entry at a time: every regular file whose real path is inside the
/// folder, and every entry that cannot be read as one (symlinks leading out of the folder,
/// symlink loops, dangling links, unreadable folders, FIFOs and devices) with the reason.
/// Hidden files and folders (and links to them) are left out unless `rules` includes
/// them; the excluded folder (the index) is left out silently.
///
/// The order is *walk order*: depth first, the entries of each folder sorted by name, so
/// that `a/z` comes before `a.txt` (see [`walk_order`]). It is the same on every run.
pub fn walk<'a>(folder: &'a Path, rules: &WalkRules) -> Walk<'a> {
    Walk {
        folder,
        root: std::fs::canonicalize(folder).ok(),
        exclude: rules
            .exclude
            .as_deref()
            .and_then(|p| std::fs::canonicalize(p).ok()),
        include_hidden: rules.include_hidden,
        inner: walkdir::WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter(),
        last: None,
    }
}

/// The iterator of [`walk`].
pub struct Walk<'a> {
    folder: &'a Path,
    /// The folder's real path (`None` if it cannot be resolved: then nothing is inside).
    root: Option<PathBuf>,
    exclude: Option<PathBuf>,
    include_hidden: bool,
    inner: walkdir::IntoIter,
    /// The last source yielded (an entry reported twice counts once).
    last: Option<String>,
}

impl Iterator for Walk<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            let entry = match self.inner.next()? {
                Ok(e) => match self.entry(&e) {
                    Some(entry) => entry,
                    None => continue,
                },
                Err(err) => match entry_of_error(self.folder, err) {
                    Some(entry) => entry,
                    None => continue,
                },
            };
            if self.last.as_deref() == Some(entry.source.as_str()) {
                continue;
            }
            self.last = Some(entry.source.clone());
            return Some(entry);
        }
    }
}

impl Walk<'_> {
    /// The entry for a walked item (`None`: nothing to report; a folder not to enter is
    /// skipped here).
    fn entry(&mut self, e: &walkdir::DirEntry) -> Option<Entry> {
        if e.depth() == 0 {
            return None;
        }
        let is_dir = e.file_type().is_dir();
        let problem = |outcome: Outcome, reason: &str| {
            Some(Entry {
                source: relative(self.folder, e.path()),
                path: e.path().to_path_buf(),
                problem: Some((outcome, reason.to_string())),
            })
        };
        if !self.include_hidden && is_hidden(e.file_name()) {
            if is_dir {
                self.inner.skip_current_dir();
            }
            return None;
        }
        // Only links and folders need resolving: a plain file's real path is its folder's.
        if e.path_is_symlink() || is_dir {
            let Ok(real) = std::fs::canonicalize(e.path()) else {
                if is_dir {
                    self.inner.skip_current_dir();
                }
                return problem(Outcome::Vanished, "removed during the walk");
            };
            if self.exclude.as_ref().is_some_and(|x| real.starts_with(x)) {
                if is_dir {
                    self.inner.skip_current_dir();
                }
                return None;
            }
            let inside = self.root.as_ref().and_then(|r| real.strip_prefix(r).ok());
            let Some(inside) = inside else {
                if is_dir {
                    self.inner.skip_current_dir();
                }
                return problem(
                    Outcome::Skipped,
                    "symlink to a place outside the folder (not followed)",
                );
            };
            if !self.include_hidden && inside.components().any(|c| is_hidden(c.as_os_str())) {
                if is_dir {
                    self.inner.skip_current_dir();
                }
                return problem(Outcome::Skipped, "symlink to a hidden file or folder");
            }
        }
        if is_dir {
            None
        } else if e.file_type().is_file() {
            Some(Entry {
                source: relative(self.folder, e.path()),
                path: e.path().to_path_buf(),
                problem: None,
            })
        } else {
            problem(Outcome::Skipped, "not a regular file")
        }
    }
}

/// Whether a file name is hidden (starts with `.`: dotfiles and `.git`, `.svn`, `.hg`).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Compares two sources in [`walk`] order (folder by folder, each level by name).
pub fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

fn entry_of_error(folder: &Path, err: walkdir::Error) -> Option<Entry> {
    let path = err.path().map(Path::to_path_buf)?;
    let reason = match err.loop_ancestor() {
        Some(a) => {
            let to = relative(folder, a);
            format!(
                "symlink loop (back to {})",
                if to.is_empty() {
                    "the folder itself"
                } else {
                    &to
                }
            )
        }
        None => match err.io_error() {
            Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                format!("dangling symlink or vanished entry: {io}")
            }
            Some(io) => format!("cannot read: {io}"),
            None => err.to_string(),
        },
    };
    // A loop only leads back to files walked already, and a dangling link names
    // nothing: neither loses a paper. An unreadable folder does (`io`). An entry
    // gone altogether was removed during the walk.
    let dangling = path.symlink_metadata().is_ok() && !path.exists();
    let gone = path
        .symlink_metadata()
        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    let code = if err.loop_ancestor().is_some() || dangling {
        Outcome::Skipped
    } else if gone {
        Outcome::Vanished
    } else {
        Outcome::Io
    };
    Some(Entry {
        source: relative(folder, &path),
        path,
        problem: Some((code, reason)),
    })
}

/// The path of `file` relative to `folder`, with `/` separators.
pub fn relative(folder: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(folder).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file the plan sends to be parsed.
struct ToParse {
    seq: u64,
    entry: Entry,
    hash: String,
    size: u64,
}

/// What the writer receives, for each file in walk order (`seq`), in any order.
enum Message {
    /// Files of one chunk decided without parsing (one message a chunk, not a file).
    Decided(Vec<Decided>),
    /// Parsed, or not attempted (`result` is `None`: `--fail-fast` stopped the batch).
    Parsed(Parsed),
}

/// A file decided without parsing; `clear` removes the source's records (a duplicate that
/// was indexed under its own path).
struct Decided {
    seq: u64,
    outcome: FileOutcome,
    clear: bool,
}

/// A file after its parse.
struct Parsed {
    seq: u64,
    source: String,
    hash: String,
    result: Option<Result<ParsedFile, ParseError>>,
    vanished: bool,
    bytes: u64,
    seconds: f64,
}

/// The files decided in this run whose records are not committed yet. With the index's
/// committed file records they answer, for any file, "which file before this one holds
/// these bytes?". A file leaves the window once its records are committed and visible.
#[derive(Default)]
struct Window {
    /// Source → the content hash it is being indexed with (`None`: its records are being
    /// removed).
    pending: HashMap<String, Option<String>>,
    /// Content hash → the first source of this run being indexed with it.
    first: HashMap<String, String>,
    /// How many times files have left the window (a lookup of the index taken at one epoch
    /// has seen every file that left before it).
    epoch: u64,
}

impl Window {
    fn add(&mut self, source: &str, hash: Option<&str>) {
        if let Some(hash) = hash {
            self.first
                .entry(hash.to_string())
                .or_insert_with(|| source.to_string());
        }
        self.pending
            .insert(source.to_string(), hash.map(str::to_string));
    }

    fn committed(&mut self, source: &str) {
        if let Some(Some(hash)) = self.pending.remove(source) {
            if self.first.get(&hash).is_some_and(|s| s == source) {
                self.first.remove(&hash);
            }
        }
    }
}

/// How far the report has got (files reported, in walk order); the plan waits when it is
/// [`LOOKAHEAD`] files ahead.
#[derive(Default)]
struct Lookahead {
    reported: Mutex<u64>,
    moved: Condvar,
}

impl Lookahead {
    /// Waits until the file `seq` may be planned (or the batch is aborted).
    fn wait_for(&self, seq: u64, abort: &AtomicBool) {
        let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        while seq >= *reported + LOOKAHEAD && !abort.load(Ordering::Relaxed) {
            reported = self
                .moved
                .wait_timeout(reported, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn set(&self, reported: u64) {
        *self.reported.lock().unwrap_or_else(|e| e.into_inner()) = reported;
        self.moved.notify_all();
    }
}

/// Ingests `options.folder` into `options.index`, handing every file's outcome to `report`
/// in walk order. Files that fail are reported; only an index error stops the batch (after
/// the last good commit).
pub fn ingest(
    options: &IngestOptions,
    report: &mut dyn ReportSink,
) -> Result<IngestSummary, IndexError> {
    let started = Instant::now();
    let index = SectionIndex::open_or_create(&options.index)?;
    let threads = parse_threads(options.threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    // Hashing has its own threads: the parse threads block waiting for work from the plan.
    let hash_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let bar = progress_bar(options.progress);
    let parse_options = ParseOptions {
        pdf: options.pdf.clone(),
        pdf_fallback: options.pdf_fallback.clone(),
        ocr: options.ocr.reader().cloned(),
        limits: options.limits,
    };
    let provenance = Provenance::new(Some(options.folder.clone()), options.council.clone());
    let window = Mutex::new(Window::default());
    let lookahead = Lookahead::default();
    let stop = AtomicBool::new(false);
    let abort = AtomicBool::new(false);
    let planner = Planner {
        index: &index,
        folder: &options.folder,
        window: &window,
        force: options.force,
        fallback: options.pdf_fallback.is_some(),
        ocr: options.ocr.reader().is_some(),
        rules: WalkRules {
            include_hidden: options.include_hidden,
            exclude: Some(options.index.clone()),
        },
    };
    let mut writer = Writer {
        index: &index,
        writer: index.writer(WRITER_HEAP_BYTES)?,
        options,
        window: &window,
        lookahead: &lookahead,
        stop: &stop,
        bar: &bar,
        report,
        summary: IngestSummary::default(),
        pending: 0,
        written: Vec::new(),
        last_commit: Instant::now(),
        started,
        waiting: BTreeMap::new(),
        next: 0,
    };
    // Bounded queues: a chunk of files waits to be parsed, a few parsed files (each holding
    // its whole text) or chunks of decided files wait for the writer.
    let (tx, rx) = mpsc::sync_channel::<Message>(threads * 2);
    let (work_tx, work_rx) = mpsc::sync_channel::<ToParse>(PLAN_CHUNK);
    let (stop, abort, parse_options, provenance) = (&stop, &abort, &parse_options, &provenance);
    let outcome = std::thread::scope(|scope| {
        let plan_tx = tx.clone();
        let (planner, lookahead, hash_pool, bar) = (&planner, &lookahead, &hash_pool, &bar);
        let planned = scope.spawn(move || {
            let planned = planner.run(hash_pool, plan_tx, work_tx, lookahead, stop, abort, bar);
            if planned.is_err() {
                // The parse threads cancel what is queued.
                abort.store(true, Ordering::Relaxed);
                stop.store(true, Ordering::Relaxed);
            }
            planned
        });
        let parsed = scope.spawn(move || {
            pool.install(|| {
                work_rx
                    .into_iter()
                    .par_bridge()
                    .for_each_with(tx, |tx, file| {
                        let parsed = if stop.load(Ordering::Relaxed) {
                            Parsed {
                                seq: file.seq,
                                source: file.entry.source,
                                hash: file.hash,
                                result: None,
                                vanished: false,
                                bytes: 0,
                                seconds: 0.0,
                            }
                        } else {
                            let mut parsed = parse_one(
                                &file.entry,
                                file.seq,
                                file.hash,
                                file.size,
                                parse_options,
                            );
                            if let Some(Ok(p)) = parsed.result.as_mut() {
                                provenance.apply(&file.entry.path, &mut p.documents, parse_options);
                            }
                            parsed
                        };
                        let _ = tx.send(Message::Parsed(parsed));
                    });
            });
        });
        let written = {
            // However the writer ends (an error, even a panic), the plan must not wait for
            // it: it stops, and the parse threads cancel what is queued. After a normal end
            // both have finished already.
            let _release = Release {
                abort,
                stop,
                lookahead,
            };
            writer.run(rx)
        };
        let planned = planned.join().expect("plan thread");
        parsed.join().expect("parse threads");
        written.and(planned)
    });
    bar.finish_and_clear();
    let (mut summary, section_writer) = writer.finish();
    outcome?;
    // A served index is few-segment: compacted when the merges left many. The index is
    // closed meanwhile: its searchers would keep the merged segments mapped and on disk.
    drop(index);
    tracing::debug!(
        "ingest: writer done at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    summary.segments = section_writer.finish()?;
    tracing::debug!(
        "ingest: compacted at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let index = SectionIndex::open(&options.index)?;
    summary.stopped = summary.outcomes.contains_key(Outcome::Cancelled.as_str());
    summary.index_documents = index.num_documents();
    summary.index_sections = index.num_sections();
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::debug!("ingest: counted at {:.2} s", summary.seconds);
    Ok(summary)
}

/// Stops the plan and the parse threads when dropped.
struct Release<'a> {
    abort: &'a AtomicBool,
    stop: &'a AtomicBool,
    lookahead: &'a Lookahead,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.abort.store(true, Ordering::Relaxed);
        self.stop.store(true, Ordering::Relaxed);
        self.lookahead.set(u64::MAX - LOOKAHEAD);
    }
}

/// The number of parse threads for `--threads requested` (0: the cores, plus one).
fn parse_threads(requested: usize) -> usize {
    match requested {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()) + 1,
        n => n,
    }
}

/// A file's content hash and size, and its file record in the index.
struct Read {
    hashed: std::io::Result<(String, u64)>,
    record: Result<Option<FileRecord>, IndexError>,
    /// The file records with the same content hash, counted before the file is decided:
    /// trusted only while no file has left the window since ([`Window::epoch`]).
    same_hash: Result<usize, IndexError>,
}

/// What the plan decides for one entry.
enum Decision {
    /// Nothing to parse: this outcome (and remove the source's records when `clear`).
    Done { outcome: FileOutcome, clear: bool },
    /// Parse it (its content hash and size in bytes).
    Parse { hash: String, size: u64 },
}

/// The plan: walks, hashes and decides, asking the index and the window.
struct Planner<'a> {
    index: &'a SectionIndex,
    folder: &'a Path,
    window: &'a Mutex<Window>,
    force: bool,
    fallback: bool,
    ocr: bool,
    rules: WalkRules,
}

impl Planner<'_> {
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        hash_pool: &rayon::ThreadPool,
        tx: mpsc::SyncSender<Message>,
        work: mpsc::SyncSender<ToParse>,
        lookahead: &Lookahead,
        stop: &AtomicBool,
        abort: &AtomicBool,
        bar: &indicatif::ProgressBar,
    ) -> Result<(), IndexError> {
        let mut entries = walk(self.folder, &self.rules);
        let mut seq = 0u64;
        loop {
            // Every file before this chunk is with the parse threads or the writer.
            lookahead.wait_for(seq + PLAN_CHUNK as u64 - 1, abort);
            if abort.load(Ordering::Relaxed) {
                return Ok(());
            }
            let chunk: Vec<Entry> = entries.by_ref().take(PLAN_CHUNK).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            bar.inc_length(chunk.len() as u64);
            let cancelled = stop.load(Ordering::Relaxed);
            // Each file's own record is looked up here too, in parallel: nothing in this run
            // changes it before the file is decided.
            let epoch = self.window().epoch;
            let reads: Vec<Option<Read>> = hash_pool.install(|| {
                chunk
                    .par_iter()
                    .map(|e| (e.problem.is_none() && !cancelled).then(|| self.read(e)))
                    .collect()
            });
            let mut to_parse = Vec::new();
            let mut decided = Vec::new();
            for (entry, read) in chunk.into_iter().zip(reads) {
                let decision = match read {
                    _ if cancelled || stop.load(Ordering::Relaxed) => Decision::Done {
                        outcome: FileOutcome::cancelled(entry.source.clone()),
                        clear: false,
                    },
                    read => self.decide(&entry, read, epoch)?,
                };
                match decision {
                    Decision::Done { outcome, clear } => {
                        if clear {
                            self.window().add(&entry.source, None);
                        }
                        decided.push(Decided {
                            seq,
                            outcome,
                            clear,
                        });
                    }
                    Decision::Parse { hash, size } => {
                        self.window().add(&entry.source, Some(&hash));
                        to_parse.push(ToParse {
                            seq,
                            entry,
                            hash,
                            size,
                        });
                    }
                }
                seq += 1;
            }
            // Largest files first, handed out one at a time as threads free up (longest
            // processing time first): a chunk then ends on small files, not with one core
            // on a long agenda pack while the others wait.
            to_parse.sort_by_key(|f| (std::cmp::Reverse(f.size), f.seq));
            if !decided.is_empty() && tx.send(Message::Decided(decided)).is_err() {
                return Ok(());
            }
            for file in to_parse {
                if work.send(file).is_err() {
                    return Ok(());
                }
            }
        }
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hashes `entry` and looks up its file record.
    fn read(&self, entry: &Entry) -> Read {
        let hashed = council_pipeline::content_hash_of_file(&entry.path);
        let (record, same_hash) = match &hashed {
            // Zero-byte files are never duplicates (and all share one hash).
            Ok((_, 0)) => (self.index.file_record(&entry.source), Ok(0)),
            Ok((hash, _)) => (
                self.index.file_record(&entry.source),
                self.index.count_with_hash(hash),
            ),
            Err(_) => (Ok(None), Ok(0)),
        };
        Read {
            hashed,
            record,
            same_hash,
        }
    }

    /// Decides what to do with `entry`, given what [`Planner::read`] found (`None` when it
    /// has a problem and was not read).
    /// `epoch`: the window's epoch before `read` was taken.
    fn decide(
        &self,
        entry: &Entry,
        read: Option<Read>,
        epoch: u64,
    ) -> Result<Decision, IndexError> {
        let source = entry.source.clone();
        let done = |outcome| {
            Ok(Decision::Done {
                outcome,
                clear: false,
            })
        };
        let (read, record, same_hash) = match read {
            Some(Read {
                hashed,
                record,
                same_hash,
            }) => (Some(hashed), record?, Some(same_hash?)),
            None => (None, None, None),
        };
        let (hash, size) = match (&entry.problem, read) {
            (Some((code, reason)), _) => {
                return done(FileOutcome::new(source, *code, Some(reason.clone())))
            }
            (None, Some(Ok(read))) => read,
            (None, Some(Err(err))) if err.kind() == std::io::ErrorKind::NotFound => {
                return done(FileOutcome::new(
                    source,
                    Outcome::Vanished,
                    Some("removed during the run".into()),
                ))
            }
            (None, Some(Err(err))) => {
                return done(FileOutcome::new(
                    source,
                    Outcome::Io,
                    Some(format!("cannot read: {err}")),
                ))
            }
            (None, None) => {
                return done(FileOutcome::new(
                    source,
                    Outcome::Io,
                    Some("not read".into()),
                ))
            }
        };
        // Zero-byte files all share one hash but are not copies of a paper.
        if size > 0 {
            let own = record.as_ref().is_some_and(|r| r.content_hash == hash);
            let counted = same_hash.map(|n| (n, epoch));
            if let Some(first) = self.first_with_hash(&entry.source, &hash, own, counted)? {
                return Ok(Decision::Done {
                    outcome: FileOutcome::new(
                        source,
                        Outcome::Duplicate,
                        Some(format!(
                            "same content as {first} (indexed once, under that path)"
                        )),
                    ),
                    clear: record.is_some(),
                });
            }
        }
        if let Some(record) = record.filter(|r| !self.force && r.content_hash == hash) {
            let recorded = record.recorded_outcome();
            if recorded == Some(Outcome::Ok) {
                let mut outcome = FileOutcome::new(source, Outcome::Unchanged, None);
                outcome.documents = record.documents;
                outcome.sections = record.sections;
                return done(outcome);
            }
            // Read before and not indexable then: the same outcome, without reading it
            // again (unless this run has a fallback extractor or OCR that run had not).
            let current = record.version == VERSION
                && (record.fallback || !self.fallback)
                && (record.ocr || !self.ocr);
            if let Some(recorded) = recorded.filter(|o| o.is_remembered() && current) {
                let reason = format!(
                    "{} (unchanged since an earlier run; --force reads it again)",
                    record.reason.as_deref().unwrap_or(&record.outcome)
                );
                return done(FileOutcome::new(source, recorded, Some(reason)));
            }
        }
        Ok(Decision::Parse { hash, size })
    }

    /// The first source before `source` in walk order whose content has this hash, if any:
    /// one decided in this run (the window) or one indexed before whose file is still
    /// there and is not being rewritten. `own`: the source's own file record has this hash;
    /// `counted`: the file records with this hash, counted at a window epoch.
    fn first_with_hash(
        &self,
        source: &str,
        hash: &str,
        own: bool,
        counted: Option<(usize, u64)>,
    ) -> Result<Option<String>, IndexError> {
        let mut counted = counted;
        loop {
            let epoch = {
                let window = self.window();
                if let Some(first) = window.first.get(hash) {
                    return Ok(Some(first.clone()));
                }
                window.epoch
            };
            // A source leaves the window only once its commit is visible to the index's
            // reader: a lookup taken since the window last changed sees every file before
            // this one. Most files are their content's only record, so the count settles it
            // without reading a record.
            let count = match counted.take() {
                Some((count, at)) if at == epoch => count,
                _ => self.index.count_with_hash(hash)?,
            };
            if count.saturating_sub(usize::from(own)) == 0 {
                return Ok(None);
            }
            let others = self.index.sources_with_hash(hash)?;
            let window = self.window();
            if window.epoch != epoch {
                // Files left the window meanwhile: look again.
                continue;
            }
            let mut first: Option<String> = None;
            for other in others {
                let earlier = walk_order(&other, source).is_lt()
                    && first
                        .as_deref()
                        .is_none_or(|f| walk_order(&other, f).is_lt());
                // Not being rewritten in this run, and still these bytes on disk (a record
                // of a file that could not be read this run, or has gone, is stale).
                if earlier
                    && !window.pending.contains_key(&other)
                    && council_pipeline::content_hash_of_file(&self.folder.join(&other))
                        .is_ok_and(|(h, _)| h == hash)
                {
                    first = Some(other);
                }
            }
            return Ok(first);
        }
    }
}

/// `text` with its control characters escaped (`\u{1b}` for ESC), so that a file name,
/// title or reason cannot drive the terminal it is printed on.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The version whose file records a run trusts.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Parses one file, a panic caught.
fn parse_one(entry: &Entry, seq: u64, hash: String, bytes: u64, options: &ParseOptions) -> Parsed {
    let t0 = Instant::now();
    let result = std::panic::catch_unwind(|| parse_file(&entry.path, &entry.source, options))
        .unwrap_or_else(|panic| {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ParseError::Panic(msg))
        });
    let vanished = matches!(result, Err(ParseError::Io(_))) && !entry.path.exists();
    Parsed {
        seq,
        source: entry.source.clone(),
        hash,
        result: Some(result),
        vanished,
        bytes,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

/// The writer: writes files as they come, commits in batches, reports in walk order.
struct Writer<'a> {
    index: &'a SectionIndex,
    writer: SectionWriter,
    options: &'a IngestOptions,
    window: &'a Mutex<Window>,
    lookahead: &'a Lookahead,
    stop: &'a AtomicBool,
    bar: &'a indicatif::ProgressBar,
    report: &'a mut dyn ReportSink,
    summary: IngestSummary,
    /// Files written since the last commit.
    pending: usize,
    /// Their sources (to leave the window once committed).
    written: Vec<String>,
    last_commit: Instant,
    /// When the ingest started (for the stage timings logged at debug level).
    started: Instant,
    /// Outcomes that came before those of files earlier in walk order.
    waiting: BTreeMap<u64, FileOutcome>,
    /// The next file to report, in walk order.
    next: u64,
}

impl Writer<'_> {
    fn run(&mut self, rx: mpsc::Receiver<Message>) -> Result<(), IndexError> {
        for message in rx {
            match message {
                Message::Decided(decided) => {
                    self.bar.inc(decided.len() as u64);
                    for Decided {
                        seq,
                        outcome,
                        clear,
                    } in decided
                    {
                        if clear {
                            self.writer.delete_source(&outcome.path)?;
                            self.wrote(&outcome.path);
                        }
                        self.outcome(seq, outcome);
                    }
                }
                Message::Parsed(parsed) => {
                    self.bar.inc(1);
                    let (seq, outcome) = self.write(parsed)?;
                    self.outcome(seq, outcome);
                }
            }
            self.commit(false)?;
        }
        tracing::debug!(
            "ingest: last file in at {:.2} s",
            self.started.elapsed().as_secs_f64()
        );
        if self.options.prune {
            // Prune against the index as written: a file removed during the run was already
            // handled (`vanished`).
            self.commit(true)?;
            self.prune()?;
        }
        self.commit(true)?;
        tracing::debug!(
            "ingest: pruned and committed at {:.2} s",
            self.started.elapsed().as_secs_f64()
        );
        // Deleted or replaced files may have held a paragraph's canonical copy.
        self.summary.resettled = self.writer.settle()?;
        tracing::debug!(
            "ingest: settled at {:.2} s",
            self.started.elapsed().as_secs_f64()
        );
        self.index.reload()?;
        Ok(())
    }

    /// Writes one parsed file: its documents and its file record replace the source's.
    fn write(&mut self, parsed: Parsed) -> Result<(u64, FileOutcome), IndexError> {
        let Parsed {
            seq,
            source,
            hash,
            result,
            vanished,
            bytes,
            seconds,
        } = parsed;
        let Some(result) = result else {
            return Ok((seq, FileOutcome::cancelled(source)));
        };
        self.summary.bytes += bytes;
        self.writer.delete_source(&source)?;
        self.wrote(&source);
        let mut record = FileRecord {
            source: source.clone(),
            content_hash: hash,
            outcome: String::new(),
            reason: None,
            documents: 0,
            sections: 0,
            fallback: self.options.pdf_fallback.is_some(),
            ocr: self.options.ocr.reader().is_some(),
            version: VERSION.to_string(),
        };
        let outcome = match result {
            Ok(mut parsed) => {
                let mut outcome = FileOutcome::new(source, Outcome::Ok, None);
                outcome.documents = parsed.documents.len();
                outcome.sections = parsed.documents.iter().map(|d| d.sections.len()).sum();
                for d in std::mem::take(&mut parsed.documents) {
                    self.writer.add_owned(d)?;
                }
                outcome.pages = parsed.pages;
                outcome.seconds = seconds;
                outcome.extractor = parsed.extractor;
                outcome.note = parsed.fallback_note;
                outcome.ocr = parsed.ocr.map(|o| OcrOutcome {
                    pages: o.pages,
                    confidence: o.confidence,
                });
                outcome
            }
            Err(e) => {
                let code = if vanished {
                    Outcome::Vanished
                } else {
                    crate::outcome::of_error(&e)
                };
                let mut reason = e.to_string();
                if matches!(e, ParseError::NeedsOcr | ParseError::UnreadableText) {
                    // With OCR on, the scan was offered to it: say so, or a reader takes
                    // `needs OCR` for a file OCR has not seen.
                    let hint = self.options.ocr.hint().unwrap_or(
                        "OCR read nothing indexable from it (no page with a scanned image \
                         or glyphs worth reading, or its pages could not be read)",
                    );
                    reason = format!("{reason}; {hint}");
                }
                let mut outcome = FileOutcome::new(source, code, Some(reason));
                outcome.seconds = seconds;
                outcome
            }
        };
        // A vanished file leaves nothing; any other keeps what reading it gave, so that a
        // re-run knows it (and a copy of it is a duplicate).
        if !vanished {
            record.outcome = outcome.outcome.as_str().to_string();
            record.reason = outcome.reason.clone();
            record.documents = outcome.documents;
            record.sections = outcome.sections;
            self.writer.add_file_record(&record)?;
        }
        Ok((seq, outcome))
    }

    fn wrote(&mut self, source: &str) {
        self.pending += 1;
        self.written.push(source.to_string());
    }

    /// Takes the outcome of file `seq` and reports every file now complete in walk order.
    fn outcome(&mut self, seq: u64, outcome: FileOutcome) {
        if outcome.failure {
            self.bar.suspend(|| {
                eprintln!(
                    "failed ({}): {}: {}",
                    outcome.outcome,
                    safe(&outcome.path),
                    safe(outcome.reason.as_deref().unwrap_or(""))
                )
            });
            if self.options.fail_fast {
                self.stop.store(true, Ordering::Relaxed);
            }
        }
        self.waiting.insert(seq, outcome);
        let before = self.next;
        while let Some(outcome) = self.waiting.remove(&self.next) {
            self.summary.record(&outcome);
            self.report.file(&outcome);
            self.next += 1;
        }
        if self.next != before {
            self.lookahead.set(self.next);
        }
    }

    /// Commits when enough files are written or enough time has passed (or `force`), then
    /// makes the commit visible and lets its files leave the window.
    fn commit(&mut self, force: bool) -> Result<(), IndexError> {
        let due = force
            || self.pending >= self.options.commit_files.max(1)
            || self.last_commit.elapsed() >= self.options.commit_interval;
        if self.pending == 0 || !due {
            return Ok(());
        }
        let t = Instant::now();
        self.writer.commit()?;
        self.index.reload()?;
        tracing::debug!(
            "ingest: commit of {} files took {:.2} s (at {:.2} s)",
            self.pending,
            t.elapsed().as_secs_f64(),
            self.started.elapsed().as_secs_f64()
        );
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        for source in self.written.drain(..) {
            window.committed(&source);
        }
        window.epoch += 1;
        self.summary.commits += 1;
        self.pending = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Removes the records of every source whose file is no longer in the folder.
    fn prune(&mut self) -> Result<(), IndexError> {
        let (index, options) = (self.index, self.options);
        let folder = &options.folder;
        let mut gone = Vec::new();
        index.for_each_file_record(|record| -> Result<(), IndexError> {
            if !folder.join(&record.source).is_file() {
                gone.push(record.source);
                // Removed in batches, so that the list never grows with the index.
                if gone.len() >= PLAN_CHUNK {
                    self.drop_sources(&mut gone)?;
                }
            }
            Ok(())
        })?;
        self.drop_sources(&mut gone)
    }

    fn drop_sources(&mut self, gone: &mut Vec<String>) -> Result<(), IndexError> {
        for source in gone.drain(..) {
            self.writer.delete_source(&source)?;
            self.pending += 1;
            self.summary.sources_pruned += 1;
            self.report.pruned(&source);
        }
        Ok(())
    }

    /// The summary, once every outcome that came is reported.
    fn finish(mut self) -> (IngestSummary, SectionWriter) {
        // After an index error, files later in walk order may have come before earlier
        // ones that never will: they are reported in order all the same.
        for (_, outcome) in std::mem::take(&mut self.waiting) {
            self.summary.record(&outcome);
            self.report.file(&outcome);
        }
        (self.summary, self.writer)
    }
}

fn progress_bar(enabled: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    // The length grows as the walk finds files.
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files {elapsed_precise} ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_removed_before_it_is_read_is_vanished_not_failed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("papers");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("gone.txt");
        std::fs::write(&path, "1. Text\n\n1.1 Words.\n").unwrap();
        let entries: Vec<Entry> = walk(&folder, &WalkRules::default()).collect();
        assert_eq!(entries.len(), 1);
        std::fs::remove_file(&path).unwrap();
        // Gone between the walk and the hashing...
        let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let window = Mutex::new(Window::default());
        let planner = Planner {
            index: &index,
            folder: &folder,
            window: &window,
            force: false,
            fallback: false,
            ocr: false,
            rules: WalkRules::default(),
        };
        let read = planner.read(&entries[0]);
        let decision = planner.decide(&entries[0], Some(read), 0).unwrap();
        assert!(
            matches!(&decision, Decision::Done { outcome, .. } if outcome.outcome == Outcome::Vanished)
        );
        // ... or between the hashing and the parse.
        let parsed = parse_one(&entries[0], 0, String::new(), 0, &ParseOptions::default());
        assert!(parsed.vanished);
    }

    #[test]
    fn walk_order_is_folder_by_folder_and_the_walk_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.txt",
            "a/z.txt",
            "a/b/c.txt",
            "a-b.txt",
            "B.txt",
            ".hidden/x.txt",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let sources: Vec<String> = walk(dir.path(), &WalkRules::default())
            .map(|e| e.source)
            .collect();
        assert_eq!(
            sources,
            ["B.txt", "a/b/c.txt", "a/z.txt", "a-b.txt", "a.txt"]
        );
        let mut sorted = sources.clone();
        sorted.sort_by(|a, b| walk_order(a, b));
        assert_eq!(sorted, sources);
    }

    #[test]
    fn the_window_forgets_a_file_once_committed() {
        let mut window = Window::default();
        window.add("a.pdf", Some("h"));
        window.add("b.pdf", Some("h"));
        window.add("c.pdf", None);
        assert_eq!(window.first.get("h").map(String::as_str), Some("a.pdf"));
        window.committed("b.pdf");
        assert_eq!(window.first.get("h").map(String::as_str), Some("a.pdf"));
        window.committed("a.pdf");
        window.committed("c.pdf");
        assert!(window.first.is_empty() && window.pending.is_empty());
    }
}
