//! The `council` command line: `ingest`, `parse`, `search`, `serve`.
//!
//! [`run`] parses the arguments and dispatches; [`ingest`] is the batch ingestion that
//! `ingest` and `serve` (on an empty index) share. Errors become `anyhow` errors here, at the
//! binary's edge, and nowhere else.

pub mod ingest;
pub mod report;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use council_index::{SearchRequest, SectionIndex};
use council_model::{Document, DocumentKind};
use council_pipeline::extract::fallback;
use council_pipeline::{parse_file, ParseOptions, PdfExtractor, PdftotextFallback};

/// Ingest UK local-government papers and search them by paragraph.
#[derive(Debug, Parser)]
#[command(name = "council", version, about)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// Readable text.
    Text,
    /// JSON (the contract of `../shared/eval/FORMAT.md`).
    Json,
}

/// Whether scans are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OcrMode {
    /// Where Tesseract and poppler (pdftoppm, pdfinfo) are installed.
    Auto,
    /// Never.
    Off,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse files in FOLDER and index their sections.
    ///
    /// Files already indexed with the same content are skipped; changed files are replaced;
    /// commits happen in batches, so an interrupted run is finished by running it again.
    /// Exits 1 when any file failed (panic, crash, memory, timeout, malformed, io); skipped
    /// formats, scans needing OCR, unreadable text layers, empty and encrypted files are
    /// reported but are not failures.
    Ingest {
        /// The folder of papers.
        #[arg(default_value = "corpus")]
        folder: PathBuf,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Files parsed at once (default: one more than the cores, since a file's thread
        /// waits while its PDF worker process extracts the text).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Write a JSON report of every file to this path.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Per-file time limit for PDF extraction (seconds).
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Remove documents whose source file is no longer in FOLDER.
        #[arg(long)]
        prune: bool,
        /// Stop at the first failed file (what was written is committed).
        #[arg(long)]
        fail_fast: bool,
        /// Parse every file again, even those indexed with the same content.
        #[arg(long)]
        force: bool,
        /// Commit after this many files.
        #[arg(long, default_value_t = ingest::DEFAULT_COMMIT_FILES)]
        commit_every: usize,
        /// Commit at least this often (seconds).
        #[arg(long, default_value_t = ingest::DEFAULT_COMMIT_INTERVAL.as_secs())]
        commit_secs: u64,
        /// Read PDFs with pdf-extract only: never try poppler's `pdftotext` where it fails
        /// or reads badly (by default it is tried when found on PATH, or where
        /// COUNCIL_PDFTOTEXT says; COUNCIL_PDFTOTEXT=off is the same as this flag).
        #[arg(long)]
        no_fallback: bool,
        /// Read scans (PDFs with no text layer, or an unreadable one) by OCR: `auto` uses
        /// Tesseract and poppler's pdftoppm where installed, `off` never does.
        #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
        ocr: OcrMode,
        /// The most pages of one scan read by OCR (the first ones).
        #[arg(long, default_value_t = council_pipeline::extract::ocr::DEFAULT_MAX_PAGES)]
        ocr_max_pages: u32,
        /// Tesseract's languages for OCR (`eng`, `eng+cym`, `eng+gle`).
        #[arg(long, default_value = council_pipeline::extract::ocr::DEFAULT_LANGUAGES)]
        ocr_lang: String,
    },
    /// Print the documents found in FILE.
    Parse {
        /// The file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Read a PDF with pdf-extract only (see `ingest --no-fallback`).
        #[arg(long)]
        no_fallback: bool,
        /// Read a scan by OCR (see `ingest --ocr`).
        #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
        ocr: OcrMode,
    },
    /// Search the index.
    Search {
        /// The words to search for.
        query: String,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// How many hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only this council.
        #[arg(long)]
        council: Option<String>,
        /// Only meetings of this body.
        #[arg(long)]
        body: Option<String>,
        /// Only this kind of paper (committee_report, minutes, ...).
        #[arg(long)]
        kind: Option<String>,
        /// Meetings on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Meetings on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Only papers naming this person.
        #[arg(long)]
        person: Option<String>,
        /// Order of the hits.
        #[arg(long, value_enum, default_value_t = Sort::Relevance)]
        sort: Sort,
        /// Skip this many papers (paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Show why each hit ranks where it does (the scoring explanation).
        #[arg(long)]
        explain: bool,
    },
    /// Sections of other papers like this one: what was asked or decided before on this.
    Similar {
        /// The section id (as printed by `search`, e.g. `5468ef9e855b3a57-0.3`).
        section_id: String,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// How many papers.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Serve the search page and JSON API.
    Serve {
        /// The index folder (built from --corpus first if missing, empty or of another version).
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// The folder to build the index from when it is missing or empty.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Internal: extract one PDF's pages as JSON (the isolated worker), or with `--serve`
    /// serve a stream of PDFs on stdin (the pooled worker).
    #[command(name = "__extract-pdf", hide = true)]
    ExtractPdf {
        /// The PDF (`-` for stdin).
        #[arg(required_unless_present = "serve", conflicts_with = "serve")]
        file: Option<PathBuf>,
        /// Answer requests on stdin until it ends (see `extract::pdf::serve_worker`).
        #[arg(long)]
        serve: bool,
    },
    /// OCR pages FIRST..=LAST of a PDF as the ingest would read a scan, one JSON line a
    /// page (`page`, `text`, `confidence`): for measuring OCR (`scripts/ocr-accuracy.py`).
    #[command(name = "__ocr", hide = true)]
    Ocr {
        /// The PDF.
        file: PathBuf,
        /// The first page (1-based).
        #[arg(long, default_value_t = 1)]
        first: u32,
        /// The last page.
        #[arg(long, default_value_t = 1)]
        last: u32,
    },
}

/// Caps glibc's malloc arenas at two. By default glibc gives threads up to eight arenas
/// per core, and an ingest starts new tantivy indexing threads at every commit: memory
/// freed in one arena is not reused by the next, so the peak RSS of an ingest grew with the
/// folder (305 MB for ten copies of the shared corpus, against 158 MB with two arenas, at
/// the same speed).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any other thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Runs the command line; returns the process exit code.
pub fn run() -> anyhow::Result<i32> {
    limit_malloc_arenas();
    let cli = Cli::parse();
    // Logs go to stderr: `info` for the server (requests with their ids), `warn` otherwise;
    // RUST_LOG overrides.
    let default_level = if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    };
    // A PDF worker logs errors only, whatever RUST_LOG says: pdf-extract warns about every
    // unknown glyph, and the parent reads a worker's stderr only to describe a crash.
    let filter = if matches!(cli.command, Command::ExtractPdf { .. }) {
        tracing_subscriber::EnvFilter::new("error")
    } else {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level))
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    match cli.command {
        Command::ExtractPdf { serve: true, .. } => {
            Ok(council_pipeline::extract::pdf::serve_worker())
        }
        Command::ExtractPdf { file, .. } => Ok(council_pipeline::extract::pdf::run_worker(
            &file.unwrap_or_else(|| PathBuf::from("-")),
        )),
        Command::Ocr { file, first, last } => {
            let Some(reader) = council_pipeline::OcrReader::detect(std::env::var_os("PATH")) else {
                bail!("OCR is not installed: tesseract, pdftoppm and pdfinfo are needed");
            };
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let text = reader
                .read_range(&bytes, first, last)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut out = std::io::stdout().lock();
            for page in &text.pages {
                let line = serde_json::json!({
                    "page": page.number, "text": page.text, "confidence": page.confidence,
                });
                writeln!(out, "{line}")?;
            }
            Ok(0)
        }
        Command::Ingest {
            folder,
            index,
            threads,
            report,
            timeout,
            prune,
            fail_fast,
            force,
            commit_every,
            commit_secs,
            no_fallback,
            ocr,
            ocr_max_pages,
            ocr_lang,
        } => {
            if !folder.is_dir() {
                bail!("{} is not a folder", folder.display());
            }
            let mut options =
                ingest::IngestOptions::with_worker(folder, index, std::env::current_exe()?);
            options.threads = threads;
            options.progress = true;
            let timeout = std::time::Duration::from_secs(timeout.max(1));
            options.set_timeout(timeout);
            options.pdf_fallback = pdf_fallback(no_fallback, timeout);
            options.ocr = ocr_setting(ocr);
            if let ingest::OcrSetting::On(reader) = &mut options.ocr {
                reader.max_pages = ocr_max_pages.max(1);
                reader.languages = ocr_lang;
            }
            options.prune = prune;
            options.fail_fast = fail_fast;
            options.force = force;
            options.commit_files = commit_every.max(1);
            options.commit_interval = std::time::Duration::from_secs(commit_secs);
            // Failures are printed as they happen; the report streams to disk.
            let summary = match &report {
                Some(path) => {
                    let mut sink = report::JsonReport::create(path)
                        .with_context(|| format!("writing {}", path.display()))?;
                    let summary = match ingest::ingest(&options, &mut sink) {
                        Ok(summary) => summary,
                        Err(e) => {
                            sink.abandon();
                            return Err(anyhow::Error::new(e).context("ingest failed"));
                        }
                    };
                    sink.finish(&summary)
                        .with_context(|| format!("writing {}", path.display()))?;
                    summary
                }
                None => ingest::ingest(&options, &mut ingest::NoReport).context("ingest failed")?,
            };
            println!("{}", summary.line());
            println!("outcomes: {}", summary.outcome_line());
            if let Some(line) = summary.ocr_line() {
                println!("{line}");
            }
            let scans = ["needs_ocr", "unreadable_text"]
                .iter()
                .filter_map(|k| summary.outcomes.get(*k))
                .sum::<usize>();
            if let (true, Some(hint)) = (scans > 0, options.ocr.hint()) {
                println!(
                    "{scans} files need OCR (needs_ocr, unreadable_text in the report); {hint}"
                );
            }
            if summary.sources_pruned > 0 {
                println!(
                    "pruned {} sources no longer in the folder",
                    summary.sources_pruned
                );
            }
            if summary.stopped {
                println!("stopped at the first failure (--fail-fast)");
            }
            Ok(if summary.failed > 0 { 1 } else { 0 })
        }
        Command::Parse {
            file,
            format,
            no_fallback,
            ocr,
        } => {
            let source = file.to_string_lossy().to_string();
            let options = ParseOptions {
                pdf: PdfExtractor::InProcess,
                pdf_fallback: pdf_fallback(no_fallback, ingest::DEFAULT_TIMEOUT),
                ocr: ocr_setting(ocr).reader().cloned(),
            };
            let parsed = parse_file(&file, &source, &options)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut out = std::io::stdout().lock();
            for d in &parsed.documents {
                match format {
                    OutputFormat::Json => writeln!(out, "{}", serde_json::to_string(d)?)?,
                    OutputFormat::Text => write_outline(&mut out, d)?,
                }
            }
            Ok(0)
        }
        Command::Similar {
            section_id,
            index,
            format,
            limit,
        } => {
            let idx = SectionIndex::open(&index).with_context(|| {
                format!(
                    "run `council ingest` first: no index at {}",
                    index.display()
                )
            })?;
            let Some(hits) = idx.similar(&section_id, limit.clamp(1, 100))? else {
                bail!("no section {section_id:?} in the index");
            };
            let mut out = std::io::stdout().lock();
            match format {
                OutputFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "section_id": section_id, "hits": hits })
                )?,
                OutputFormat::Text => {
                    for (i, h) in hits.iter().enumerate() {
                        writeln!(
                            out,
                            "{}. {}  [{:.2}]",
                            i + 1,
                            h.title.as_deref().unwrap_or(&h.source),
                            h.score
                        )?;
                        writeln!(out, "   {}", h.citation)?;
                        writeln!(out, "   {}", plain_snippet(&h.snippet))?;
                        writeln!(out, "   {}  ({})\n", h.source, h.section_id)?;
                    }
                }
            }
            Ok(0)
        }
        Command::Search {
            query,
            index,
            format,
            limit,
            council,
            body,
            kind,
            from,
            to,
            person,
            sort,
            offset,
            explain,
        } => {
            let kind = match kind {
                Some(k) => Some(DocumentKind::parse(&k).with_context(|| {
                    format!(
                        "unknown kind {k:?}; one of {}",
                        DocumentKind::ALL.map(|k| k.as_str()).join(", ")
                    )
                })?),
                None => None,
            };
            let idx = SectionIndex::open(&index).with_context(|| {
                format!(
                    "run `council ingest` first: no index at {}",
                    index.display()
                )
            })?;
            let request = SearchRequest {
                query,
                limit: limit.clamp(1, 1000),
                offset,
                council,
                body,
                kind,
                from,
                to,
                person,
                sort: sort.into(),
                explain,
            };
            let results = idx.search(&request)?;
            let mut out = std::io::stdout().lock();
            match format {
                OutputFormat::Json => writeln!(out, "{}", serde_json::to_string(&results)?)?,
                OutputFormat::Text => {
                    writeln!(out, "{} matching sections", results.total)?;
                    for (i, h) in results.hits.iter().enumerate() {
                        writeln!(
                            out,
                            "\n{}. {}  [{:.2}]",
                            i + 1,
                            h.title.as_deref().unwrap_or(&h.source),
                            h.score
                        )?;
                        writeln!(out, "   {}", h.citation)?;
                        writeln!(out, "   {}", plain_snippet(&h.snippet))?;
                        writeln!(out, "   {}  ({})", h.source, h.section_id)?;
                        if !h.more.is_empty() {
                            let more: Vec<String> = h
                                .more
                                .iter()
                                .map(|m| {
                                    m.number
                                        .as_deref()
                                        .map(|n| format!("para {n}"))
                                        .or(m.heading.clone())
                                        .unwrap_or_else(|| {
                                            format!("section {}", m.section_ordinal + 1)
                                        })
                                })
                                .collect();
                            writeln!(out, "   more from this paper: {}", more.join(", "))?;
                        }
                        if let Some(e) = &h.explanation {
                            writeln!(out, "   why: {e}")?;
                        }
                    }
                }
            }
            Ok(0)
        }
        Command::Serve {
            index,
            corpus,
            addr,
        } => {
            ensure_index(&index, &corpus)?;
            let idx = SectionIndex::open(&index)?;
            eprintln!(
                "serving {} documents ({} sections) at http://{addr}/",
                idx.num_documents(),
                idx.num_sections()
            );
            let state = council_server::AppState::new(idx).with_corpus(corpus.clone());
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(council_server::serve(state, addr))?;
            Ok(0)
        }
    }
}

/// Orders for `search --sort`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    Relevance,
    /// Latest meeting first.
    Newest,
    /// Earliest meeting first.
    Oldest,
}

impl From<Sort> for council_index::SortOrder {
    fn from(s: Sort) -> Self {
        match s {
            Sort::Relevance => council_index::SortOrder::Relevance,
            Sort::Newest => council_index::SortOrder::Newest,
            Sort::Oldest => council_index::SortOrder::Oldest,
        }
    }
}

/// The fallback PDF extractor for a command: none with `--no-fallback`, else the one found
/// on this machine (see [`PdftotextFallback::detect`]), each file under the PDF timeout
/// but at most [`fallback::DEFAULT_TIMEOUT`] (pdftotext is fast; one that runs longer is
/// stuck, and a file pdf-extract read well should not wait for it).
fn pdf_fallback(no_fallback: bool, pdf_timeout: std::time::Duration) -> Option<PdftotextFallback> {
    if no_fallback {
        return None;
    }
    PdftotextFallback::detect(pdf_timeout.min(fallback::DEFAULT_TIMEOUT))
}

/// OCR for a command: off with `--ocr off`, else the reader found on `PATH` (see
/// [`council_pipeline::OcrReader::detect`]), or missing.
fn ocr_setting(mode: OcrMode) -> ingest::OcrSetting {
    match mode {
        OcrMode::Off => ingest::OcrSetting::Off,
        OcrMode::Auto => match council_pipeline::OcrReader::detect(std::env::var_os("PATH")) {
            Some(reader) => ingest::OcrSetting::On(reader),
            None => ingest::OcrSetting::Missing,
        },
    }
}

/// Builds the index from `corpus` when it is missing or empty.
fn ensure_index(index: &Path, corpus: &Path) -> anyhow::Result<()> {
    let empty = match SectionIndex::open(index) {
        Ok(idx) => idx.num_sections() == 0,
        Err(council_index::IndexError::Incompatible(why)) => {
            // The index `serve` builds is derived from the corpus: an index of another
            // version of council is rebuilt rather than refused.
            eprintln!(
                "index at {} was written by another version of council ({why}): rebuilding it",
                index.display()
            );
            std::fs::remove_dir_all(index)
                .with_context(|| format!("removing {}", index.display()))?;
            true
        }
        Err(_) => true,
    };
    if empty {
        eprintln!(
            "index at {} is missing or empty: building it from {}",
            index.display(),
            corpus.display()
        );
        let mut options = ingest::IngestOptions::with_worker(
            corpus.to_path_buf(),
            index.to_path_buf(),
            std::env::current_exe()?,
        );
        options.progress = true;
        options.pdf_fallback = pdf_fallback(false, ingest::DEFAULT_TIMEOUT);
        options.ocr = ocr_setting(OcrMode::Auto);
        let summary = ingest::ingest(&options, &mut ingest::NoReport)?;
        eprintln!("{}", summary.line());
    }
    Ok(())
}

/// The snippet without its `<mark>` tags, entities unescaped, for a terminal.
fn plain_snippet(html: &str) -> String {
    html.replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace('\n', " ")
}

fn write_outline(out: &mut impl Write, d: &Document) -> std::io::Result<()> {
    writeln!(
        out,
        "{} — {}",
        d.kind.label(),
        d.title.as_deref().unwrap_or("(untitled)")
    )?;
    if let Some(c) = &d.council {
        writeln!(out, "Council: {c}")?;
    }
    for m in &d.meetings {
        writeln!(
            out,
            "Meeting: {} · {}{}",
            m.body.as_deref().unwrap_or("?"),
            m.date.as_deref().unwrap_or("?"),
            m.item
                .as_deref()
                .map(|i| format!(" · item {i}"))
                .unwrap_or_default()
        )?;
    }
    writeln!(out, "\nSections ({}):", d.sections.len())?;
    for s in &d.sections {
        let indent = "  ".repeat(s.path.len().min(6));
        let label = [s.number.as_deref(), s.heading.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let preview: String = s.text.chars().take(90).collect();
        let page = s.page.map(|p| format!(" (p.{p})")).unwrap_or_default();
        writeln!(
            out,
            "{indent}- {}{page}: {}",
            if label.is_empty() { "¶".into() } else { label },
            preview.replace('\n', " ")
        )?;
    }
    if !d.decisions.is_empty() {
        writeln!(out, "\nDecisions:")?;
        for x in &d.decisions {
            writeln!(
                out,
                "  {:?} {}: {}",
                x.kind,
                x.label.as_deref().unwrap_or("-"),
                x.text.chars().take(100).collect::<String>()
            )?;
            if x.proposer.is_some() || x.seconder.is_some() {
                writeln!(
                    out,
                    "    proposed {} · seconded {}",
                    x.proposer.as_deref().unwrap_or("?"),
                    x.seconder.as_deref().unwrap_or("?")
                )?;
            }
        }
    }
    if !d.questions.is_empty() {
        writeln!(out, "\nQuestions:")?;
        for q in &d.questions {
            writeln!(
                out,
                "  {} {} → {}: {}",
                q.number.as_deref().unwrap_or("-"),
                q.asker.as_deref().unwrap_or("?"),
                q.respondent.as_deref().unwrap_or("?"),
                q.question.chars().take(80).collect::<String>()
            )?;
        }
    }
    writeln!(out, "\nEntities:")?;
    for e in &d.entities {
        writeln!(
            out,
            "  {}: {}{}",
            e.kind.as_str(),
            e.value,
            e.role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        )?;
    }
    writeln!(out)
}
