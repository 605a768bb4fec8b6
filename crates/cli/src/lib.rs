//! The `council` command line: `ingest`, `parse`, `search`, `serve`, `alerts`, `matters`.
//!
//! [`run`] parses the arguments and dispatches; the batch ingestion that `ingest` and `serve`
//! (on an empty index, or one of another version) share is the `council_ingest` crate; this
//! crate only turns arguments into its options and prints its summary. Errors become `anyhow` errors here, at the
//! binary's edge, and nowhere else.

pub mod alerts;

pub use council_ingest::safe;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use council_index::{FacetMode, SearchRequest, SectionIndex, Tuning};
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

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SearchFormat {
    /// Readable text.
    Text,
    /// The results as JSON.
    Json,
    /// One CSV row per paper with its citation fields (every paper up to the result window
    /// unless `--limit` is given).
    Csv,
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
        #[arg(long, default_value_t = council_ingest::DEFAULT_COMMIT_FILES)]
        commit_every: usize,
        /// Commit at least this often (seconds).
        #[arg(long, default_value_t = council_ingest::DEFAULT_COMMIT_INTERVAL.as_secs())]
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
        /// Refuse files larger than this many megabytes (outcome `too_large`; never read).
        #[arg(long, default_value_t = DEFAULT_MAX_FILE_MB)]
        max_file_size: u64,
        /// Refuse text, Markdown, HTML and JSON files larger than this many megabytes
        /// (outcome `too_large`): they are parsed in this process, whole.
        #[arg(long, default_value_t = DEFAULT_MAX_TEXT_MB)]
        max_text_size: u64,
        /// Refuse a paper with more sections than this (outcome `too_large`).
        #[arg(long, default_value_t = council_pipeline::Limits::default().max_sections)]
        max_sections: usize,
        /// Read hidden files and folders too (`.git`, `.env`, any name starting with `.`).
        #[arg(long)]
        include_hidden: bool,
        /// The council that published every paper in FOLDER: overrides the council the
        /// papers, their meetings and any `.council.json` folder metadata give (after
        /// changing it, ingest again with --force).
        #[arg(long)]
        council: Option<String>,
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
        /// Refuse a file larger than this many megabytes (see `ingest --max-file-size`).
        #[arg(long, default_value_t = DEFAULT_MAX_FILE_MB)]
        max_file_size: u64,
        /// Refuse a text, Markdown, HTML or JSON file larger than this many megabytes.
        #[arg(long, default_value_t = DEFAULT_MAX_TEXT_MB)]
        max_text_size: u64,
        /// Refuse a paper with more sections than this.
        #[arg(long, default_value_t = council_pipeline::Limits::default().max_sections)]
        max_sections: usize,
        /// Print each line the structure reader sees with its layout, one JSON object a
        /// line, instead of the documents (for studying layouts: scripts/line-classifier.py).
        #[arg(long, hide = true)]
        lines: bool,
    },
    /// Search the index.
    Search {
        /// The words to search for.
        query: String,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
        format: SearchFormat,
        /// How many hits (default 10; with `--format csv`, every paper up to 10,000).
        #[arg(long)]
        limit: Option<usize>,
        /// For `--format csv`: the server the paper and file URLs point at
        /// (`http://host:port`); by default they are paths on the server.
        #[arg(long, default_value = "")]
        base_url: String,
        /// Only this council; repeat for several (`--council A --council B`: either).
        /// Different filters must all hold.
        #[arg(long)]
        council: Vec<String>,
        /// Only meetings of this body; repeat for several (either).
        #[arg(long)]
        body: Vec<String>,
        /// Only this kind of paper (committee_report, minutes, ...); repeat for several.
        #[arg(long)]
        kind: Vec<String>,
        /// Only meetings in this year (YYYY); repeat for several (either).
        #[arg(long)]
        year: Vec<String>,
        /// Meetings on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Meetings on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Only papers naming this person; repeat for several (either).
        #[arg(long)]
        person: Vec<String>,
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
    /// What is new since the last run for a list of saved searches (TOML or JSON).
    ///
    /// The papers reported are remembered in the index folder (alerts-state.json), so
    /// `council ingest && council alerts --saved searches.toml` reports each new paper once.
    Alerts {
        /// The saved searches: `[[search]]` tables (TOML) or a JSON list, each with a `name`
        /// and any of q, council, body, person, kind, from, to.
        #[arg(long)]
        saved: PathBuf,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = alerts::AlertFormat::Text)]
        format: alerts::AlertFormat,
        /// Write to this file instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The server the links point at (`http://host:port`); by default paths.
        #[arg(long, default_value = "")]
        base_url: String,
    },
    /// Matters: the papers citing one reference (a decision number, planning application,
    /// appeal or candidate site), each with why it belongs. With an id (`decision-24-00109`),
    /// that matter; without, every matter of two papers or more.
    Matters {
        /// A matter id.
        id: Option<String>,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
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

/// The default `--max-file-size` (MB).
const DEFAULT_MAX_FILE_MB: u64 = 256;
/// The default `--max-text-size` (MB).
const DEFAULT_MAX_TEXT_MB: u64 = 32;

/// The per-file limits for `--max-file-size` and `--max-text-size` (megabytes) and
/// `--max-sections`.
fn limits(max_file_mb: u64, max_text_mb: u64, max_sections: usize) -> council_pipeline::Limits {
    const MB: u64 = 1024 * 1024;
    council_pipeline::Limits {
        max_file_bytes: max_file_mb.saturating_mul(MB),
        max_text_bytes: max_text_mb.saturating_mul(MB),
        max_sections,
        ..council_pipeline::Limits::default()
    }
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
    if matches!(
        cli.command,
        Command::Search { .. } | Command::Similar { .. }
    ) {
        // A panic inside tantivy (a damaged index) is caught and told in one line (see
        // `guarded`); the default hook would print it first, with a backtrace note.
        std::panic::set_hook(Box::new(|_| {}));
    }
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
                .read_range(
                    &bytes,
                    first,
                    last,
                    council_pipeline::extract::ocr::Worth::ImagesOrGlyphs,
                )
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
            max_file_size,
            max_text_size,
            max_sections,
            include_hidden,
            council,
        } => {
            if !folder.is_dir() {
                bail!("{} is not a folder", folder.display());
            }
            let mut options =
                council_ingest::IngestOptions::with_worker(folder, index, std::env::current_exe()?);
            options.threads = threads;
            options.progress = true;
            let timeout = std::time::Duration::from_secs(timeout.max(1));
            options.set_timeout(timeout);
            options.pdf_fallback = pdf_fallback(no_fallback, timeout);
            options.ocr = ocr_setting(ocr);
            if let council_ingest::OcrSetting::On(reader) = &mut options.ocr {
                reader.max_pages = ocr_max_pages.max(1);
                reader.languages = ocr_lang;
            }
            options.prune = prune;
            options.fail_fast = fail_fast;
            options.force = force;
            options.commit_files = commit_every.max(1);
            options.commit_interval = std::time::Duration::from_secs(commit_secs);
            options.limits = limits(max_file_size, max_text_size, max_sections);
            options.include_hidden = include_hidden;
            options.council = council;
            // Failures are printed as they happen; the report streams to disk.
            let summary = match &report {
                Some(path) => {
                    let mut sink = council_ingest::report::JsonReport::create(path)
                        .with_context(|| format!("writing {}", path.display()))?;
                    let summary = match council_ingest::ingest(&options, &mut sink) {
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
                None => council_ingest::ingest(&options, &mut council_ingest::NoReport)
                    .context("ingest failed")?,
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
            max_file_size,
            max_text_size,
            max_sections,
            lines,
        } => {
            let source = file.to_string_lossy().to_string();
            let options = ParseOptions {
                pdf: PdfExtractor::InProcess,
                pdf_fallback: pdf_fallback(no_fallback, council_ingest::DEFAULT_TIMEOUT),
                ocr: ocr_setting(ocr).reader().cloned(),
                limits: limits(max_file_size, max_text_size, max_sections),
            };
            if lines {
                let records = council_pipeline::lines::lines_of(&file, &options)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", safe(&source)))?;
                let mut out = std::io::stdout().lock();
                for r in &records {
                    writeln!(out, "{}", serde_json::to_string(r)?)?;
                }
                return Ok(0);
            }
            let mut parsed = parse_file(&file, &source, &options)
                .map_err(|e| anyhow::anyhow!("{}: {e}", safe(&source)))?;
            // Folder metadata and the meeting folder count as they do in an ingest.
            let file_path = std::path::absolute(&file)?;
            council_pipeline::provenance::Provenance::new(None, None).apply(
                &file_path,
                &mut parsed.documents,
                &options,
            );
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
            let idx = open_index(&index)?;
            let found = guarded(&index, || idx.similar(&section_id, limit.clamp(1, 100)))?;
            let Some(hits) = found else {
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
                            safe(h.title.as_deref().unwrap_or(&h.source)),
                            h.score
                        )?;
                        writeln!(out, "   {}", safe(&h.citation))?;
                        writeln!(out, "   {}", safe(&plain_snippet(&h.snippet)))?;
                        writeln!(out, "   {}  ({})\n", safe(&h.source), safe(&h.section_id))?;
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
            base_url,
            council,
            body,
            kind,
            year,
            from,
            to,
            person,
            sort,
            offset,
            explain,
        } => {
            let limit = match (limit, format) {
                (Some(n), SearchFormat::Csv) => n.clamp(1, alerts::WINDOW),
                (Some(n), _) => n.clamp(1, 1000),
                (None, SearchFormat::Csv) => alerts::WINDOW,
                (None, _) => 10,
            };
            let kind = kind
                .iter()
                .map(|k| {
                    DocumentKind::parse(k).with_context(|| {
                        format!(
                            "unknown kind {k:?}; one of {}",
                            DocumentKind::ALL.map(|k| k.as_str()).join(", ")
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let idx = open_index(&index)?;
            let request = SearchRequest {
                query,
                limit,
                offset,
                council,
                body,
                kind,
                year,
                from,
                to,
                person,
                sort: sort.into(),
                explain,
                // Only the JSON output shows facets: the others do not count them (nor
                // build the index's person table, which at a million sections costs more
                // than the search).
                facets: match format {
                    SearchFormat::Json => FacetMode::All,
                    SearchFormat::Text | SearchFormat::Csv => FacetMode::None,
                },
            };
            let results = guarded(&index, || idx.search(&request))?;
            let mut out = std::io::stdout().lock();
            match format {
                SearchFormat::Csv => {
                    let rows =
                        council_server::export::rows(&results.hits, base_url.trim_end_matches('/'));
                    council_server::export::write_csv(&mut out, &rows)?;
                }
                SearchFormat::Json => writeln!(out, "{}", serde_json::to_string(&results)?)?,
                SearchFormat::Text => {
                    let about = if results.total_exact { "" } else { "about " };
                    writeln!(out, "{about}{} matching sections", results.total)?;
                    for (i, h) in results.hits.iter().enumerate() {
                        writeln!(
                            out,
                            "\n{}. {}  [{:.2}]",
                            i + 1,
                            safe(h.title.as_deref().unwrap_or(&h.source)),
                            h.score
                        )?;
                        writeln!(out, "   {}", safe(&h.citation))?;
                        writeln!(out, "   {}", safe(&plain_snippet(&h.snippet)))?;
                        writeln!(out, "   {}  ({})", safe(&h.source), safe(&h.section_id))?;
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
                            writeln!(out, "   more from this paper: {}", safe(&more.join(", ")))?;
                        }
                        if let Some(e) = &h.explanation {
                            writeln!(out, "   why: {}", safe(e))?;
                        }
                    }
                }
            }
            Ok(0)
        }
        Command::Matters { id, index, format } => {
            let idx = SectionIndex::open(&index).with_context(|| {
                format!(
                    "run `council ingest` first: no index at {}",
                    index.display()
                )
            })?;
            let matters = match &id {
                Some(id) => match idx.matter(id)? {
                    Some(matter) => vec![matter],
                    None => bail!("no matter {id:?} (ids look like decision-24-00109)"),
                },
                None => idx.all_matters()?,
            };
            let mut out = std::io::stdout().lock();
            match format {
                OutputFormat::Json => {
                    for matter in &matters {
                        writeln!(out, "{}", serde_json::to_string(matter)?)?;
                    }
                }
                OutputFormat::Text => {
                    for matter in &matters {
                        writeln!(
                            out,
                            "{} ({}): {} papers — {}",
                            matter.label,
                            matter.id,
                            matter.steps.len(),
                            matter.title
                        )?;
                        for step in &matter.steps {
                            writeln!(
                                out,
                                "  {}  {} [{}]\n    {}\n    {}",
                                step.date.as_deref().unwrap_or("undated   "),
                                step.title,
                                step.kind.as_str(),
                                step.reason_text,
                                step.citation
                            )?;
                        }
                    }
                }
            }
            Ok(0)
        }
        Command::Alerts {
            saved,
            index,
            format,
            output,
            base_url,
        } => {
            let new = alerts::run(&alerts::AlertOptions {
                saved,
                index,
                format,
                output,
                base_url,
            })?;
            if format != alerts::AlertFormat::Text {
                eprintln!("{new} new papers");
            }
            Ok(0)
        }
        Command::Serve {
            index,
            corpus,
            addr,
        } => {
            ensure_index(&index, &corpus)?;
            let idx = open_index(&index)?;
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
fn ocr_setting(mode: OcrMode) -> council_ingest::OcrSetting {
    match mode {
        OcrMode::Off => council_ingest::OcrSetting::Off,
        OcrMode::Auto => match council_pipeline::OcrReader::detect(std::env::var_os("PATH")) {
            Some(reader) => council_ingest::OcrSetting::On(reader),
            None => council_ingest::OcrSetting::Missing,
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
        let mut options = council_ingest::IngestOptions::with_worker(
            corpus.to_path_buf(),
            index.to_path_buf(),
            std::env::current_exe()?,
        );
        options.progress = true;
        options.pdf_fallback = pdf_fallback(false, council_ingest::DEFAULT_TIMEOUT);
        options.ocr = ocr_setting(OcrMode::Auto);
        let summary = council_ingest::ingest(&options, &mut council_ingest::NoReport)?;
        eprintln!("{}", summary.line());
    }
    Ok(())
}

/// Opens the index at `dir` for searching (read access is enough), or one line that
/// names the cause and the fix.
fn open_index(dir: &Path) -> anyhow::Result<SectionIndex> {
    use council_index::IndexError;
    let shown = safe(&dir.display().to_string()).into_owned();
    let result = std::panic::catch_unwind(|| SectionIndex::open(dir));
    match result {
        // The ranking's tuning is read here, at the edge, once; never per search.
        Ok(Ok(index)) => Ok(index.with_tuning(Tuning::from_env())),
        Ok(Err(IndexError::Missing(_))) => {
            bail!("no index at {shown}: run `council ingest FOLDER --index {shown}` first")
        }
        Ok(Err(IndexError::Incompatible(why))) => bail!(
            "the index at {shown} was written by another version of council ({}): remove it \
             and run `council ingest` again",
            safe(&why)
        ),
        Ok(Err(err)) => Err(damaged(&shown, &err.to_string())),
        Err(panic) => Err(damaged(&shown, &panic_message(&*panic))),
    }
}

/// Runs a search-like `work` on an open index: an error or a panic inside tantivy (a
/// damaged segment) becomes one line naming the cause and the fix.
fn guarded<T>(
    dir: &Path,
    work: impl FnOnce() -> Result<T, council_index::IndexError>,
) -> anyhow::Result<T> {
    let shown = safe(&dir.display().to_string()).into_owned();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err @ council_index::IndexError::InvalidRequest(_))) => Err(err.into()),
        Ok(Err(err)) => Err(damaged(&shown, &err.to_string())),
        Err(panic) => Err(damaged(&shown, &panic_message(&*panic))),
    }
}

/// The error for an index that cannot be read.
fn damaged(shown: &str, cause: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "the index at {shown} cannot be read ({}): it is damaged or incomplete; remove it and \
         run `council ingest` again",
        safe(cause.trim())
    )
}

/// The message of a caught panic.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
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
        safe(d.title.as_deref().unwrap_or("(untitled)"))
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
            if label.is_empty() {
                "¶".into()
            } else {
                safe(&label).into_owned()
            },
            safe(&preview.replace('\n', " "))
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
