//! Batch ingestion: walk a folder, parse files in parallel (rayon), write each file's
//! documents to the index from one writer thread, commit, and report every file.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use council_index::{IndexError, SectionIndex};
use council_pipeline::{parse_file, ParseError, ParseOptions, PdfExtractor};
use rayon::prelude::*;
use serde::Serialize;

/// What to ingest, and how.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The folder to walk.
    pub folder: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// How PDFs are read.
    pub pdf: PdfExtractor,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

impl IngestOptions {
    /// Options that read PDFs in worker processes of `program` (`program __extract-pdf FILE`).
    pub fn with_worker(folder: PathBuf, index: PathBuf, program: PathBuf) -> IngestOptions {
        IngestOptions {
            folder,
            index,
            pdf: PdfExtractor::Subprocess {
                program,
                args: vec!["__extract-pdf".into()],
                timeout: Duration::from_secs(60),
            },
            threads: 0,
            progress: false,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    /// The path relative to the folder.
    pub path: String,
    /// `ok`, `skipped`, or a failure code (`panic`, `timeout`, `needs_ocr`, ...).
    pub outcome: String,
    /// The reason, for skipped and failed files.
    pub reason: Option<String>,
    /// Documents found.
    pub documents: usize,
    /// Sections indexed.
    pub sections: usize,
    /// Pages read.
    pub pages: u32,
    /// Seconds spent parsing.
    pub seconds: f64,
}

/// The result of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Every file seen, in path order.
    pub files: Vec<FileOutcome>,
    /// Documents indexed.
    pub documents: usize,
    /// Sections indexed.
    pub sections: usize,
    /// Pages read.
    pub pages: u64,
    /// Files skipped (formats not read).
    pub skipped: usize,
    /// Files failed.
    pub failed: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl IngestSummary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        format!(
            "ingested {} files: {} documents, {} sections, {} pages, {} skipped, {} failed in {:.1} s",
            self.files.len(),
            self.documents,
            self.sections,
            self.pages,
            self.skipped,
            self.failed,
            self.seconds
        )
    }
}

/// Lists the files below `folder` (no hidden files, no symlink loops), sorted.
pub fn list_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The path of `file` relative to `folder`, with `/` separators.
pub fn relative(folder: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(folder).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Ingests `options.folder` into `options.index`. Files that fail are reported in the
/// summary; only an index error stops the batch.
pub fn ingest(options: &IngestOptions) -> Result<IngestSummary, IndexError> {
    let started = Instant::now();
    let index = SectionIndex::open_or_create(&options.index)?;
    let files = list_files(&options.folder);
    let bar = progress_bar(options.progress, files.len() as u64);
    let parse_options = ParseOptions {
        pdf: options.pdf.clone(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .expect("thread pool");
    let (tx, rx) = mpsc::sync_channel::<(
        usize,
        String,
        Result<council_pipeline::ParsedFile, ParseError>,
        f64,
    )>(64);
    let folder = options.folder.clone();
    let writer_result = std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            pool.install(|| {
                files
                    .par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, file)| {
                        let source = relative(&folder, file);
                        let t0 = Instant::now();
                        let result =
                            std::panic::catch_unwind(|| parse_file(file, &source, &parse_options))
                                .unwrap_or_else(|_| {
                                    Err(ParseError::Pdf(council_pipeline::PdfError::Panic(
                                        "parser panicked".into(),
                                    )))
                                });
                        let _ = tx.send((i, source, result, t0.elapsed().as_secs_f64()));
                    });
            });
        });
        let mut writer = index.writer(100_000_000)?;
        let mut outcomes: Vec<Option<FileOutcome>> = vec![None; files.len()];
        let mut summary = IngestSummary::default();
        for (i, source, result, seconds) in rx {
            bar.inc(1);
            writer.delete_source(&source)?;
            let outcome = match result {
                Ok(parsed) => {
                    let sections: usize = parsed.documents.iter().map(|d| d.sections.len()).sum();
                    for d in &parsed.documents {
                        writer.add_document(d)?;
                    }
                    summary.documents += parsed.documents.len();
                    summary.sections += sections;
                    summary.pages += parsed.pages as u64;
                    FileOutcome {
                        path: source,
                        outcome: "ok".into(),
                        reason: None,
                        documents: parsed.documents.len(),
                        sections,
                        pages: parsed.pages,
                        seconds,
                    }
                }
                Err(e) => {
                    if e.is_skip() {
                        summary.skipped += 1;
                    } else {
                        summary.failed += 1;
                        bar.println(format!("failed: {source}: {e}"));
                    }
                    FileOutcome {
                        path: source,
                        outcome: e.code().into(),
                        reason: Some(e.to_string()),
                        documents: 0,
                        sections: 0,
                        pages: 0,
                        seconds,
                    }
                }
            };
            outcomes[i] = Some(outcome);
        }
        producer.join().expect("producer thread");
        writer.commit()?;
        summary.files = outcomes.into_iter().flatten().collect();
        Ok::<_, IndexError>(summary)
    });
    bar.finish_and_clear();
    let mut summary = writer_result?;
    index.reload()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
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
