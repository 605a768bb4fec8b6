//! Batch ingestion an analyst can trust.
//!
//! [`ingest`] walks a folder and brings the index in line with it:
//!
//! 1. **Plan.** Every file below the folder is listed (symlinks followed, loops and
//!    unreadable entries reported) and hashed, in parallel. A file whose content hash is
//!    already indexed under the same source path is `unchanged` and not parsed again (see
//!    [`council_index::catalog`]); a file with the same bytes as a file earlier in path order
//!    is a `duplicate` of it (a paper is indexed once, under its first path); `--prune`
//!    removes the documents of sources that are no longer in the folder.
//! 2. **Parse.** The other files are parsed in parallel (rayon, `--threads`; largest files
//!    first, so that a batch does not end on one long file), PDFs in a pool
//!    of long-lived worker processes (`council __extract-pdf --serve`) with a timeout and a
//!    memory cap per file, so a panic, abort, hang or memory bomb costs one file. Results
//!    stream to the writer over a bounded channel: no more than a few parsed files are in
//!    memory at once.
//! 3. **Write.** One thread replaces each file's records (delete by source, then add) and
//!    commits every [`IngestOptions::commit_files`] files or
//!    [`IngestOptions::commit_interval`], whichever comes first. A file's records always
//!    land in one commit, so a `kill -9` at any moment loses at most the files since the
//!    last commit, and a re-run (which skips what was committed) ends with exactly the index
//!    a clean run gives.
//! 4. **Report.** Every file gets an [`FileOutcome`]; the [`IngestSummary`] counts them by
//!    outcome. Failures (see [`is_failure`]) make `council ingest` exit non-zero; files that
//!    are simply not indexable (skipped formats, scans that need OCR, broken text layers,
//!    empty or encrypted files) are outcomes, not failures.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use council_index::catalog::Catalog;
use council_index::{IndexError, SectionIndex};
use council_pipeline::{parse_file, ParseError, ParseOptions, ParsedFile, PdfError, PdfExtractor};
use rayon::prelude::*;
use serde::Serialize;

use crate::unindexed::UnindexedFiles;

/// The index writer's memory budget, shared by its indexing threads: the part of an ingest's
/// memory that fills up between commits (and then stays flat however large the folder).
pub const WRITER_HEAP_BYTES: usize = 50_000_000;

/// The default per-file time limit for a PDF worker.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default number of files written between commits.
pub const DEFAULT_COMMIT_FILES: usize = 200;
/// The default longest time between commits.
pub const DEFAULT_COMMIT_INTERVAL: Duration = Duration::from_secs(30);

/// The outcome codes that are failures: the file should have been readable and was not.
pub const FAILURES: [&str; 6] = ["malformed", "panic", "crash", "memory", "timeout", "io"];

/// Whether an outcome code is a failure (and so makes `council ingest` exit non-zero).
///
/// `ok`, `unchanged`, `duplicate`, `skipped` (a format not read, or not a regular file),
/// `needs_ocr`, `unreadable_text`, `empty`, `encrypted`, `vanished` (removed during the run)
/// and `cancelled` (not attempted after `--fail-fast` stopped the batch) are not.
pub fn is_failure(outcome: &str) -> bool {
    FAILURES.contains(&outcome)
}

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
            threads: 0,
            progress: false,
            prune: false,
            fail_fast: false,
            force: false,
            commit_files: DEFAULT_COMMIT_FILES,
            commit_interval: DEFAULT_COMMIT_INTERVAL,
        }
    }

    /// Sets the per-file time limit of PDF workers (no effect for in-process extraction).
    pub fn set_timeout(&mut self, limit: Duration) {
        if let PdfExtractor::Subprocess { timeout, .. } = &mut self.pdf {
            *timeout = limit;
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    /// The path relative to the folder.
    pub path: String,
    /// `ok`, `unchanged`, `duplicate`, `skipped`, or why nothing was indexed (`needs_ocr`,
    /// `encrypted`, ...) or what failed (`panic`, `crash`, `memory`, `timeout`, ...).
    pub outcome: String,
    /// Whether the outcome is a failure (see [`is_failure`]).
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
}

impl FileOutcome {
    fn new(path: String, outcome: &str, reason: Option<String>) -> FileOutcome {
        FileOutcome {
            path,
            failure: is_failure(outcome),
            outcome: outcome.to_string(),
            reason,
            documents: 0,
            sections: 0,
            pages: 0,
            seconds: 0.0,
            extractor: None,
            note: None,
        }
    }
}

/// The result of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Every file seen, in path order.
    pub files: Vec<FileOutcome>,
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
    /// Sources whose documents were removed because the file is gone (`--prune`).
    pub pruned: Vec<String>,
    /// Commits made.
    pub commits: usize,
    /// Whether `--fail-fast` stopped the batch early.
    pub stopped: bool,
    /// Documents in the index after the run.
    pub index_documents: u64,
    /// Sections in the index after the run.
    pub index_sections: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl IngestSummary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        format!(
            "ingested {} files: {} documents, {} sections, {} pages, {} unchanged, {} skipped, {} failed in {:.1} s",
            self.files.len(),
            self.documents,
            self.sections,
            self.pages,
            self.unchanged,
            self.skipped,
            self.failed,
            self.seconds
        )
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

    fn record(&mut self, outcome: FileOutcome) {
        *self.outcomes.entry(outcome.outcome.clone()).or_default() += 1;
        match outcome.outcome.as_str() {
            "ok" => {
                self.documents += outcome.documents;
                self.sections += outcome.sections;
                self.pages += u64::from(outcome.pages);
            }
            "unchanged" => self.unchanged += 1,
            _ if outcome.failure => self.failed += 1,
            _ => self.skipped += 1,
        }
        self.files.push(outcome);
    }
}

/// One entry of the folder walk.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path (below the folder; symlinks not resolved).
    pub path: PathBuf,
    /// The path relative to the folder, `/`-separated: the documents' `source`.
    pub source: String,
    /// `None` for a regular file; otherwise why it is not read.
    pub problem: Option<(&'static str, String)>,
}

/// Lists the regular files below `folder` (no hidden files; symlinks followed), sorted.
pub fn list_files(folder: &Path) -> Vec<PathBuf> {
    list_entries(folder)
        .into_iter()
        .filter(|e| e.problem.is_none())
        .map(|e| e.path)
        .collect()
}

/// Walks `folder` (no hidden files or folders; symlinks followed): every regular file, and
/// every entry that cannot be read as one (symlink loops, dangling links, unreadable
/// folders, FIFOs and devices) with the reason, sorted by source.
pub fn list_entries(folder: &Path) -> Vec<Entry> {
    let mut entries = Vec::new();
    let walk = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walk {
        match item {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if e.file_type().is_file() => entries.push(Entry {
                source: relative(folder, e.path()),
                path: e.into_path(),
                problem: None,
            }),
            Ok(e) => entries.push(Entry {
                source: relative(folder, e.path()),
                path: e.into_path(),
                problem: Some(("skipped", "not a regular file".into())),
            }),
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    continue;
                };
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
                // nothing: neither loses a paper. An unreadable folder does (`io`).
                let dangling = path.symlink_metadata().is_ok() && !path.exists();
                let code = if err.loop_ancestor().is_some() || dangling {
                    "skipped"
                } else {
                    "io"
                };
                entries.push(Entry {
                    source: relative(folder, &path),
                    path,
                    problem: Some((code, reason)),
                });
            }
        }
    }
    entries.sort_by(|a, b| a.source.cmp(&b.source));
    entries.dedup_by(|a, b| a.source == b.source);
    entries
}

/// The path of `file` relative to `folder`, with `/` separators.
pub fn relative(folder: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(folder).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What the plan says to do with one entry.
enum Plan {
    /// Parse it (its content hash and size in bytes, as planned).
    Parse { hash: String, size: u64 },
    /// Nothing to parse; record this outcome (and replace the source's records with
    /// nothing when `clear` is set).
    Done { outcome: FileOutcome, clear: bool },
}

/// What the writer receives for a parsed file.
struct Parsed {
    index: usize,
    source: String,
    /// `None` when the file was not attempted (`--fail-fast` stopped the batch).
    result: Option<Result<ParsedFile, ParseError>>,
    vanished: bool,
    bytes: u64,
    seconds: f64,
}

/// Ingests `options.folder` into `options.index`. Files that fail are reported in the
/// summary; only an index error stops the batch (after the last good commit).
pub fn ingest(options: &IngestOptions) -> Result<IngestSummary, IndexError> {
    let started = Instant::now();
    let index = SectionIndex::open_or_create(&options.index)?;
    let catalog = index.catalog()?;
    let entries = list_entries(&options.folder);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(parse_threads(options.threads))
        .build()
        .expect("thread pool");
    let mut unindexed = UnindexedFiles::load(&options.index);
    let fallback = options.pdf_fallback.is_some();
    let plans = pool.install(|| plan(&entries, &catalog, &unindexed, options.force, fallback));
    let hashes: Vec<Option<String>> = plans
        .iter()
        .map(|p| match p {
            Plan::Parse { hash, .. } => Some(hash.clone()),
            Plan::Done { .. } => None,
        })
        .collect();
    let pruned: Vec<String> = if options.prune {
        let present: BTreeSet<&str> = entries.iter().map(|e| e.source.as_str()).collect();
        catalog
            .sources()
            .into_iter()
            .filter(|s| !present.contains(s))
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    // Largest files first, handed out one at a time as threads free up (longest processing
    // time first): the batch then ends on small files, not with one core on a long agenda
    // pack while the others wait.
    let mut by_size: Vec<(u64, usize)> = plans
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Plan::Parse { size, .. } => Some((*size, i)),
            Plan::Done { .. } => None,
        })
        .collect();
    by_size.sort_by_key(|&(size, i)| (std::cmp::Reverse(size), i));
    let to_parse: Vec<usize> = by_size.into_iter().map(|(_, i)| i).collect();
    let bar = progress_bar(options.progress, entries.len() as u64);
    let parse_options = ParseOptions {
        pdf: options.pdf.clone(),
        pdf_fallback: options.pdf_fallback.clone(),
    };
    let stop = AtomicBool::new(false);
    // Bounded: parsed files wait here only while the writer is busy.
    let (tx, rx) = mpsc::sync_channel::<Parsed>(pool.current_num_threads().max(1) * 2);
    let mut outcomes: Vec<Option<FileOutcome>> = vec![None; entries.len()];
    let mut summary = IngestSummary {
        pruned,
        ..IngestSummary::default()
    };

    let written = std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            pool.install(|| {
                to_parse.iter().par_bridge().for_each_with(tx, |tx, &i| {
                    let entry = &entries[i];
                    if stop.load(Ordering::Relaxed) {
                        let _ = tx.send(Parsed {
                            index: i,
                            source: entry.source.clone(),
                            result: None,
                            vanished: false,
                            bytes: 0,
                            seconds: 0.0,
                        });
                        return;
                    }
                    let _ = tx.send(parse_one(entry, i, &parse_options));
                });
            });
        });
        let result = write(
            &index,
            options,
            &mut summary,
            &mut outcomes,
            (plans, &hashes, &mut unindexed),
            rx,
            &stop,
            &bar,
        );
        // On an index error the writer has dropped the receiver: the producer's sends fail
        // and it finishes the files in hand.
        stop.store(true, Ordering::Relaxed);
        producer.join().expect("producer thread");
        result
    });
    bar.finish_and_clear();
    written?;
    index.reload()?;
    for outcome in outcomes.into_iter().flatten() {
        summary.record(outcome);
    }
    summary.stopped = summary.outcomes.contains_key("cancelled");
    summary.index_documents = index.num_documents();
    summary.index_sections = index.num_sections();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The number of parse threads for `--threads requested` (0: the cores, plus one).
fn parse_threads(requested: usize) -> usize {
    match requested {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()) + 1,
        n => n,
    }
}

/// Hashes every file and decides what to do with it.
fn plan(
    entries: &[Entry],
    catalog: &Catalog,
    unindexed: &UnindexedFiles,
    force: bool,
    fallback: bool,
) -> Vec<Plan> {
    let hashes: Vec<Result<(String, u64), std::io::Error>> = entries
        .par_iter()
        .map(|e| match &e.problem {
            Some(_) => Ok((String::new(), 0)),
            None => {
                std::fs::read(&e.path).map(|b| (council_pipeline::content_hash(&b), b.len() as u64))
            }
        })
        .collect();
    let indexed = catalog.by_source();
    let mut first_with_hash: HashMap<&str, &str> = HashMap::new();
    entries
        .iter()
        .zip(&hashes)
        .map(|(e, hash)| {
            let source = e.source.clone();
            let was_indexed = indexed.contains_key(e.source.as_str());
            if let Some((code, reason)) = &e.problem {
                return Plan::Done {
                    outcome: FileOutcome::new(source, code, Some(reason.clone())),
                    clear: false,
                };
            }
            let (hash, size) = match hash {
                Ok((h, size)) => (h, *size),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    return Plan::Done {
                        outcome: FileOutcome::new(
                            source,
                            "vanished",
                            Some("removed during the run".into()),
                        ),
                        clear: false,
                    }
                }
                Err(err) => {
                    return Plan::Done {
                        outcome: FileOutcome::new(
                            source,
                            "io",
                            Some(format!("cannot read: {err}")),
                        ),
                        clear: false,
                    }
                }
            };
            // Zero-byte files all share one hash but are not copies of a paper.
            let first = if size == 0 {
                e.source.as_str()
            } else {
                *first_with_hash
                    .entry(hash.as_str())
                    .or_insert(e.source.as_str())
            };
            if first != e.source {
                return Plan::Done {
                    outcome: FileOutcome::new(
                        source,
                        "duplicate",
                        Some(format!(
                            "same content as {first} (indexed once, under that path)"
                        )),
                    ),
                    clear: was_indexed,
                };
            }
            let current = indexed
                .get(e.source.as_str())
                .filter(|docs| docs.iter().all(|d| &d.content_hash == hash));
            if let (false, Some(docs)) = (force, current) {
                let mut outcome = FileOutcome::new(source, "unchanged", None);
                outcome.documents = docs.len();
                outcome.sections = docs.iter().map(|d| d.sections).sum();
                return Plan::Done {
                    outcome,
                    clear: false,
                };
            }
            // Read before and not indexable then: the same outcome, without reading it again.
            let known = unindexed
                .get(&e.source, hash, fallback)
                .filter(|_| !force && !was_indexed);
            if let Some(known) = known {
                let reason = format!(
                    "{} (unchanged since an earlier run; --force reads it again)",
                    known.reason.as_deref().unwrap_or(&known.outcome)
                );
                return Plan::Done {
                    outcome: FileOutcome::new(source, &known.outcome, Some(reason)),
                    clear: false,
                };
            }
            Plan::Parse {
                hash: hash.clone(),
                size,
            }
        })
        .collect()
}

/// Parses one file, a panic caught.
fn parse_one(entry: &Entry, index: usize, options: &ParseOptions) -> Parsed {
    let t0 = Instant::now();
    let bytes = std::fs::metadata(&entry.path).map_or(0, |m| m.len());
    let result = std::panic::catch_unwind(|| parse_file(&entry.path, &entry.source, options))
        .unwrap_or_else(|panic| {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ParseError::Pdf(PdfError::Panic(format!(
                "parser panicked: {msg}"
            ))))
        });
    let vanished = matches!(result, Err(ParseError::Io(_))) && !entry.path.exists();
    Parsed {
        index,
        source: entry.source.clone(),
        result: Some(result),
        vanished,
        bytes,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

/// The outcome code of a parse error: [`ParseError::code`], with a crash at the memory cap
/// told apart (`memory`) and a CPU-limit kill counted as a `timeout`.
pub fn outcome_code(error: &ParseError) -> &'static str {
    match error {
        ParseError::Pdf(PdfError::Crash(reason))
            if reason.contains(council_pipeline::extract::pdf::MEMORY_EXCEEDED) =>
        {
            "memory"
        }
        ParseError::Pdf(PdfError::Crash(reason)) if reason.contains("SIGXCPU") => "timeout",
        other => other.code(),
    }
}

/// The writer: prunes, records planned outcomes, then writes parsed files as they come,
/// committing in batches.
#[allow(clippy::too_many_arguments)]
fn write(
    index: &SectionIndex,
    options: &IngestOptions,
    summary: &mut IngestSummary,
    outcomes: &mut [Option<FileOutcome>],
    (plans, hashes, unindexed): (Vec<Plan>, &[Option<String>], &mut UnindexedFiles),
    rx: mpsc::Receiver<Parsed>,
    stop: &AtomicBool,
    bar: &indicatif::ProgressBar,
) -> Result<(), IndexError> {
    let mut writer = index.writer(WRITER_HEAP_BYTES)?;
    let mut pending = 0usize;
    let mut last_commit = Instant::now();
    let commit_files = options.commit_files.max(1);
    let mut commits = 0usize;
    let mut bytes_parsed = 0u64;
    let mut commit = |writer: &mut council_index::SectionWriter,
                      pending: &mut usize,
                      force: bool|
     -> Result<bool, IndexError> {
        if *pending > 0
            && (force
                || *pending >= commit_files
                || last_commit.elapsed() >= options.commit_interval)
        {
            writer.commit()?;
            commits += 1;
            *pending = 0;
            last_commit = Instant::now();
            return Ok(true);
        }
        Ok(false)
    };
    let fail = |outcome: &FileOutcome| {
        if outcome.failure {
            bar.println(format!(
                "failed: {}: {}",
                outcome.path,
                outcome.reason.as_deref().unwrap_or("")
            ));
            if options.fail_fast {
                stop.store(true, Ordering::Relaxed);
            }
        }
    };
    let pruned = summary.pruned.clone();
    for source in &pruned {
        writer.delete_source(source)?;
        unindexed.forget(source);
        pending += 1;
    }
    for (i, p) in plans.into_iter().enumerate() {
        if let Plan::Done { outcome, clear } = p {
            bar.inc(1);
            if clear {
                writer.delete_source(&outcome.path)?;
                pending += 1;
            }
            fail(&outcome);
            outcomes[i] = Some(outcome);
        }
    }
    if commit(&mut writer, &mut pending, false)? {
        unindexed.save();
    }
    for parsed in rx {
        bar.inc(1);
        let Parsed {
            index: i,
            source,
            result,
            vanished,
            bytes,
            seconds,
        } = parsed;
        let outcome = match result {
            None => FileOutcome::new(
                source,
                "cancelled",
                Some("not attempted: --fail-fast stopped the batch".into()),
            ),
            Some(Ok(parsed)) => {
                writer.delete_source(&source)?;
                unindexed.forget(&source);
                let sections: usize = parsed.documents.iter().map(|d| d.sections.len()).sum();
                for d in &parsed.documents {
                    writer.add_document(d)?;
                }
                pending += 1;
                bytes_parsed += bytes;
                let mut outcome = FileOutcome::new(source, "ok", None);
                outcome.documents = parsed.documents.len();
                outcome.sections = sections;
                outcome.pages = parsed.pages;
                outcome.seconds = seconds;
                outcome.extractor = parsed.extractor;
                outcome.note = parsed.fallback_note;
                outcome
            }
            Some(Err(e)) => {
                writer.delete_source(&source)?;
                pending += 1;
                bytes_parsed += bytes;
                let code = if vanished {
                    "vanished"
                } else {
                    outcome_code(&e)
                };
                let reason = e.to_string();
                unindexed.record(
                    &source,
                    hashes[i].as_deref(),
                    code,
                    Some(&reason),
                    options.pdf_fallback.is_some(),
                );
                let mut outcome = FileOutcome::new(source, code, Some(reason));
                outcome.seconds = seconds;
                fail(&outcome);
                outcome
            }
        };
        outcomes[i] = Some(outcome);
        if commit(&mut writer, &mut pending, false)? {
            unindexed.save();
        }
    }
    commit(&mut writer, &mut pending, true)?;
    // After the last commit, or with nothing to commit (a re-run that only read files it
    // could not index), what was learnt about unindexable files is kept.
    unindexed.save();
    summary.commits = commits;
    summary.bytes = bytes_parsed;
    Ok(())
}

fn progress_bar(enabled: bool, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
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
    fn memory_and_cpu_deaths_get_their_own_outcomes() {
        let memory = ParseError::Pdf(PdfError::Crash(format!(
            "aborted (SIGABRT): {}",
            council_pipeline::extract::pdf::MEMORY_EXCEEDED
        )));
        assert_eq!(outcome_code(&memory), "memory");
        let cpu = ParseError::Pdf(PdfError::Crash("CPU time limit exceeded (SIGXCPU)".into()));
        assert_eq!(outcome_code(&cpu), "timeout");
        let abort = ParseError::Pdf(PdfError::Crash("aborted (SIGABRT)".into()));
        assert_eq!(outcome_code(&abort), "crash");
        assert!(is_failure("memory") && is_failure("malformed") && is_failure("io"));
        assert!(!is_failure("needs_ocr") && !is_failure("encrypted") && !is_failure("unchanged"));
    }

    #[test]
    fn a_file_removed_before_it_is_read_is_vanished_not_failed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.txt");
        std::fs::write(&path, "1. Text\n\n1.1 Words.\n").unwrap();
        let entries = list_entries(dir.path());
        assert_eq!(entries.len(), 1);
        std::fs::remove_file(&path).unwrap();
        // Gone between the walk and the hashing...
        let plans = plan(
            &entries,
            &Catalog::default(),
            &UnindexedFiles::default(),
            false,
            false,
        );
        assert!(matches!(&plans[0], Plan::Done { outcome, .. } if outcome.outcome == "vanished"));
        // ... or between the hashing and the parse.
        let parsed = parse_one(&entries[0], 0, &ParseOptions::default());
        assert!(parsed.vanished);
    }
}
