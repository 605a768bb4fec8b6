//! The `council` command line: `ingest`, `parse`, `search`, `serve`.
//!
//! [`run`] parses the arguments and dispatches; [`ingest`] is the batch ingestion that
//! `ingest` and `serve` (on an empty index) share. Errors become `anyhow` errors here, at the
//! binary's edge, and nowhere else.

pub mod ingest;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use council_index::{SearchRequest, SectionIndex};
use council_model::{Document, DocumentKind};
use council_pipeline::{parse_file, ParseOptions, PdfExtractor};

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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse files in FOLDER and index their sections.
    Ingest {
        /// The folder of papers.
        #[arg(default_value = "corpus")]
        folder: PathBuf,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Write a JSON report of every file to this path.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Print the documents found in FILE.
    Parse {
        /// The file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
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
    },
    /// Serve the search page and JSON API.
    Serve {
        /// The index folder (built from --corpus first if missing or empty).
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// The folder to build the index from when it is missing or empty.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Internal: extract one PDF's pages as JSON (the isolated worker).
    #[command(name = "__extract-pdf", hide = true)]
    ExtractPdf {
        /// The PDF.
        file: PathBuf,
    },
}

/// Runs the command line; returns the process exit code.
pub fn run() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    match cli.command {
        Command::ExtractPdf { file } => Ok(council_pipeline::extract::pdf::run_worker(&file)),
        Command::Ingest {
            folder,
            index,
            threads,
            report,
        } => {
            if !folder.is_dir() {
                bail!("{} is not a folder", folder.display());
            }
            let mut options =
                ingest::IngestOptions::with_worker(folder, index, std::env::current_exe()?);
            options.threads = threads;
            options.progress = true;
            let summary = ingest::ingest(&options).context("ingest failed")?;
            for f in summary
                .files
                .iter()
                .filter(|f| f.outcome != "ok" && f.outcome != "skipped")
            {
                eprintln!("failed: {}: {}", f.path, f.reason.as_deref().unwrap_or(""));
            }
            if let Some(path) = report {
                std::fs::write(&path, serde_json::to_vec_pretty(&summary)?)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!("{}", summary.line());
            Ok(0)
        }
        Command::Parse { file, format } => {
            let source = file.to_string_lossy().to_string();
            let options = ParseOptions {
                pdf: PdfExtractor::InProcess,
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
                offset: 0,
                council,
                body,
                kind,
                from,
                to,
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
            let state = council_server::AppState::new(idx);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(council_server::serve(state, addr))?;
            Ok(0)
        }
    }
}

/// Builds the index from `corpus` when it is missing or empty.
fn ensure_index(index: &Path, corpus: &Path) -> anyhow::Result<()> {
    let empty = match SectionIndex::open(index) {
        Ok(idx) => idx.num_sections() == 0,
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
        let summary = ingest::ingest(&options)?;
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
