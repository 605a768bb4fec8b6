//! Extraction and structure: a council paper on disk becomes [`Document`]s.
//!
//! The flow, one module a step:
//! 1. [`format`] detects the format from the bytes (PDF, HTML, Markdown, text).
//! 2. [`extract`] has one extractor per format ([`extract::pdf`] isolated in a worker
//!    process, with poppler's `pdftotext` as an optional fallback, [`extract::fallback`];
//!    [`extract::html`] with a real HTML parser, [`extract::text`]); [`decode`] decodes
//!    text (UTF-8, UTF-16 with BOM, Windows-1252).
//! 3. [`clean`] removes running headers, page numbers and blank-page notices from PDF
//!    pages and judges whether a text layer is readable.
//! 4. [`blocks`] joins lines into paragraphs.
//! 5. [`structure`] reads the cover (kind, title, meetings, report facts: key decision,
//!    forward plan, wards, author), splits sections ([`structure::SectionSplitter`]), lists
//!    the items of minutes and agendas, and finds decisions (English and Welsh) and questions.
//! 6. [`entities`] finds people with roles, bodies, organisations, councils, dates, emails
//!    and phones, and the council a paper names as its own.
//! 7. [`provenance`] adds what is declared (folder metadata, `--council`) and the meeting a
//!    paper was published for (file names, the meeting folder's lead paper).
//!
//! [`lines`] shows the lines the structure reader sees, with their layout (`parse --lines`).
//!
//! [`names`] holds what [`structure`] and [`entities`] both need (council names, title case).
//!
//! [`parse_file`] runs the whole flow for one file and returns one `Result`: a bad file is
//! an [`ParseError`] value, never a panic or an abort of the caller.

pub mod blocks;
pub mod clean;
pub mod dates;
pub mod decode;
pub mod entities;
pub mod extract;
pub mod format;
pub mod line_model;
pub mod lines;
pub mod movers;
pub mod names;
pub mod organisations;
pub mod pack;
pub mod people;
pub mod provenance;
pub mod structure;
pub mod typeset;

use std::path::Path;

/// Why an XML file is not read: it is not a record of a shape the pipeline knows.
pub(crate) const XML_SHAPE: &str = "XML data of a shape not read";

use council_model::Document;
pub use extract::fallback::PdftotextFallback;
pub use extract::ocr::OcrReader;
pub use extract::pdf::{PdfError, PdfExtractor};
pub use format::Format;

/// Why a file yields no documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Io(String),
    /// A format the pipeline does not read (the file is skipped, not failed).
    #[error("skipped: {0}")]
    Unsupported(String),
    /// The PDF could not be read.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The PDF has pages but no text: a scan.
    #[error("no text layer (needs OCR)")]
    NeedsOcr,
    /// The text layer is not words (broken font encoding).
    #[error("unreadable text layer")]
    UnreadableText,
    /// The file holds no text at all.
    #[error("no text")]
    Empty,
    /// The file is over one of the [`Limits`] (bytes, sections): refused, not read whole.
    #[error("too large: {0}")]
    TooLarge(String),
    /// The parser panicked on this file outside a PDF worker (caught; the run goes on).
    #[error("parser panicked: {0}")]
    Panic(String),
}

impl ParseError {
    /// Whether the file was skipped (a format not read) rather than failed.
    pub fn is_skip(&self) -> bool {
        matches!(self, ParseError::Unsupported(_))
    }

    /// A short stable code for reports ("skipped", "panic", "timeout", ...).
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Io(_) => "io",
            ParseError::Unsupported(_) => "skipped",
            ParseError::Pdf(PdfError::Malformed(_)) => "malformed",
            ParseError::Pdf(PdfError::Encrypted) => "encrypted",
            ParseError::Pdf(PdfError::Panic(_)) | ParseError::Panic(_) => "panic",
            ParseError::Pdf(PdfError::Crash(_)) => "crash",
            ParseError::Pdf(PdfError::Memory(_)) => "memory",
            ParseError::Pdf(PdfError::Timeout(_) | PdfError::CpuLimit(_)) => "timeout",
            ParseError::NeedsOcr => "needs_ocr",
            ParseError::UnreadableText => "unreadable_text",
            ParseError::Empty => "empty",
            ParseError::TooLarge(_) => "too_large",
        }
    }
}

/// What a file yielded.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The format detected.
    pub format: Format,
    /// The number of pages (1 for unpaged formats).
    pub pages: u32,
    /// The documents found, in file order.
    pub documents: Vec<Document>,
    /// For a PDF, the extractor whose text was read: `"pdf-extract"` or `"pdftotext"` (see
    /// [`extract::fallback`]); `None` for other formats.
    pub extractor: Option<&'static str>,
    /// What the fallback PDF extractor changed, when it did: the primary's failure it
    /// rescued the file from, the words it added, or the words it repaired; or what OCR
    /// read (pages, confidence, pages left unread).
    pub fallback_note: Option<String>,
    /// For a scan read by OCR: how many pages, and how well.
    pub ocr: Option<OcrSummary>,
}

/// What OCR read of a file (see [`extract::ocr`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrSummary {
    /// Pages read by OCR.
    pub pages: u32,
    /// Pages of the file (more than `pages` when the file is over the reader's page cap).
    pub total_pages: u32,
    /// The mean confidence of the words read (0–100).
    pub confidence: Option<f32>,
}

/// Options for parsing.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// How PDFs are read.
    pub pdf: PdfExtractor,
    /// A second PDF extractor, tried where `pdf` fails or reads badly (see
    /// [`extract::fallback::choose`]); `None` for none. The command line finds one with
    /// [`PdftotextFallback::detect`]; the default is none, so that a parse does not depend
    /// on what is installed.
    pub pdf_fallback: Option<PdftotextFallback>,
    /// OCR for scans (PDFs that need OCR or whose text layer is unreadable), see
    /// [`extract::ocr`]; `None` for none (the default, like `pdf_fallback`).
    pub ocr: Option<OcrReader>,
    /// The per-file guard every parser runs under.
    pub limits: Limits,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            pdf: PdfExtractor::InProcess,
            pdf_fallback: None,
            ocr: None,
            limits: Limits::default(),
        }
    }
}

/// The guard around every parser: a file over a byte limit is refused before it is read
/// (a [`ParseError::TooLarge`]), never read whole into memory; a document with more
/// sections than [`Limits::max_sections`] is refused after parsing; heading paths are cut
/// to [`Limits::max_path_depth`] headings of at most [`Limits::max_heading_chars`] each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read at all (bytes); a PDF's bytes go to a worker process whole.
    pub max_file_bytes: u64,
    /// The largest text, Markdown, HTML or JSON file read (bytes): these are parsed in this
    /// process, and their text, lines, blocks and sections are all held at once.
    pub max_text_bytes: u64,
    /// The most sections one document may have.
    pub max_sections: usize,
    /// The most headings in a section's heading path (the outermost are kept).
    pub max_path_depth: usize,
    /// The longest heading kept in a heading path, in characters.
    pub max_heading_chars: usize,
}

/// 1 MiB.
const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * MIB,
            max_text_bytes: 32 * MIB,
            max_sections: 50_000,
            max_path_depth: 12,
            max_heading_chars: 300,
        }
    }
}

impl Limits {
    /// The byte limit for a file of this format.
    pub fn max_bytes(&self, format: Format) -> u64 {
        match format {
            Format::Pdf => self.max_file_bytes,
            Format::Html | Format::Markdown | Format::Text | Format::Json | Format::Xml => {
                self.max_text_bytes.min(self.max_file_bytes)
            }
        }
    }

    /// Checks a built document against the section limit and cuts its heading paths.
    fn apply(&self, documents: &mut [Document]) -> Result<(), ParseError> {
        for doc in documents.iter_mut() {
            if doc.sections.len() > self.max_sections {
                return Err(ParseError::TooLarge(format!(
                    "{} sections in one paper, over the limit of {}",
                    doc.sections.len(),
                    self.max_sections
                )));
            }
            for section in doc.sections.iter_mut() {
                section.path.truncate(self.max_path_depth);
                for heading in section.path.iter_mut() {
                    if let Some((cut, _)) = heading.char_indices().nth(self.max_heading_chars) {
                        heading.truncate(cut);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The bytes read to tell a file's format (see [`format::detect`]).
const HEAD_BYTES: u64 = 4096;

/// Reads the file at `path` under `limits`: its size is checked before reading, its format
/// told from its head, and at most the format's byte limit is read (a file that grows while
/// it is read is refused too). A format not read gives [`ParseError::Unsupported`] without
/// reading more than the head.
pub(crate) fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>, ParseError> {
    use std::io::Read;
    let io = |e: std::io::Error| ParseError::Io(e.to_string());
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let too_large = |limit: u64, what: &str, flag: &str| {
        ParseError::TooLarge(format!(
            "{size} bytes, over the {limit}-byte limit for {what} ({flag})"
        ))
    };
    if size > limits.max_file_bytes {
        return Err(too_large(
            limits.max_file_bytes,
            "a file",
            "--max-file-size",
        ));
    }
    let mut reader = file.take(HEAD_BYTES);
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(io)?;
    let format = format::detect(&bytes, path).map_err(|u| ParseError::Unsupported(u.0))?;
    let limit = limits.max_bytes(format);
    let (what, flag) = if format == Format::Pdf {
        ("a PDF", "--max-file-size")
    } else {
        ("text, HTML and JSON", "--max-text-size")
    };
    if size > limit {
        return Err(too_large(limit, what, flag));
    }
    let mut file = reader.into_inner();
    bytes.reserve(size.saturating_sub(bytes.len() as u64) as usize);
    (&mut file)
        .take(limit + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit, what, flag));
    }
    Ok(bytes)
}

/// The hex content hash used for ids and deduplication.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..16].to_string()
}

/// The [`content_hash`] of the file at `path` and its length in bytes, read in blocks (a
/// large file is never held in memory whole).
pub fn content_hash_of_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut hasher = blake3::Hasher::new();
    let file = std::fs::File::open(path)?;
    hasher.update_reader(file)?;
    let size = hasher.count();
    Ok((hasher.finalize().to_hex()[..16].to_string(), size))
}

/// Reads and parses the file at `path`; `source` is the name recorded in the documents
/// (the path relative to the ingested folder).
pub fn parse_file(
    path: &Path,
    source: &str,
    options: &ParseOptions,
) -> Result<ParsedFile, ParseError> {
    let bytes = read_limited(path, &options.limits)?;
    parse_bytes(path, &bytes, source, options)
}

/// Parses a file's bytes (`path` is used for its extension and, for PDFs, by a worker),
/// under [`ParseOptions::limits`].
pub fn parse_bytes(
    path: &Path,
    bytes: &[u8],
    source: &str,
    options: &ParseOptions,
) -> Result<ParsedFile, ParseError> {
    let limits = &options.limits;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ParseError::TooLarge(format!(
            "{} bytes, over the {}-byte limit for a file (--max-file-size)",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    let mut parsed = parse_unguarded(path, bytes, source, options)?;
    limits.apply(&mut parsed.documents)?;
    Ok(parsed)
}

/// [`parse_bytes`] without the section and path limits.
fn parse_unguarded(
    path: &Path,
    bytes: &[u8],
    source: &str,
    options: &ParseOptions,
) -> Result<ParsedFile, ParseError> {
    let format = format::detect(bytes, path).map_err(|u| ParseError::Unsupported(u.0))?;
    if format == Format::Json {
        let text = decode::decode_text(bytes);
        let mut doc = extract::json::written_question(&text)
            .ok_or_else(|| ParseError::Unsupported("JSON data of a shape not read".into()))?;
        let full_text = doc
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let title = doc.title.clone();
        entities::annotate(
            &mut doc,
            &format!("{}\n{full_text}", title.unwrap_or_default()),
        );
        for d in extract::json::record_dates(&text) {
            if !doc
                .entities
                .iter()
                .any(|e| e.kind == council_model::EntityKind::Date && e.value == d)
            {
                doc.entities.push(council_model::Entity {
                    kind: council_model::EntityKind::Date,
                    text: d.clone(),
                    value: d,
                    role: None,
                });
            }
        }
        // A Parliament record is published by Parliament, not by a council it mentions.
        doc.council = None;
        let mut documents = vec![doc];
        identify(&mut documents, source, &content_hash(bytes));
        return Ok(ParsedFile {
            format,
            pages: 1,
            documents,
            extractor: None,
            fallback_note: None,
            ocr: None,
        });
    }
    let hash = content_hash(bytes);
    if format == Format::Pdf {
        let primary = options.pdf.extract(path, bytes);
        let chosen = extract::fallback::choose(
            bytes,
            primary,
            options.pdf_fallback.as_ref(),
            documents_from_pdf_pages,
        );
        let chosen = match (chosen, &options.ocr) {
            (Err(e @ (ParseError::NeedsOcr | ParseError::UnreadableText)), Some(ocr)) => {
                return read_scan(ocr, bytes, e, source, &hash);
            }
            (chosen, _) => chosen?,
        };
        let mut documents = chosen.documents;
        identify(&mut documents, source, &hash);
        return Ok(ParsedFile {
            format,
            pages: chosen.pages,
            documents,
            extractor: Some(chosen.extractor),
            fallback_note: chosen.note,
            ocr: None,
        });
    }
    let mut record = None;
    let mut text = match format {
        Format::Html => extract::html::extract(&decode::decode_text(bytes)),
        Format::Xml => {
            let r = extract::xml::meeting(&decode::decode_text(bytes))
                .ok_or_else(|| ParseError::Unsupported(XML_SHAPE.into()))?;
            let text = extract::html::extract(&r.html());
            record = Some(r);
            text
        }
        Format::Markdown => extract::text::extract(&decode::decode_text(bytes), true),
        Format::Text => extract::text::extract(&decode::decode_text(bytes), true),
        Format::Json | Format::Pdf => unreachable!("JSON and PDF are read above"),
    };
    for p in text.pages.iter_mut() {
        for l in p.lines.iter_mut() {
            l.text = clean::normalise_line(&l.text);
        }
    }
    let mut doc = document_from_text(&text)?;
    if let Some(r) = &record {
        r.apply(&mut doc);
    }
    doc.pages = None;
    for s in doc.sections.iter_mut() {
        s.page = None;
    }
    let mut documents = vec![doc];
    identify(&mut documents, source, &hash);
    Ok(ParsedFile {
        format,
        pages: text.pages.len() as u32,
        documents,
        extractor: None,
        fallback_note: None,
        ocr: None,
    })
}

/// Reads a scan (a PDF whose text layer gave `error`: none, or an unreadable one) by OCR.
/// Its pages' text is read like any PDF's; each document records its pages' confidences.
/// When OCR reads no document either, `error` stands.
fn read_scan(
    ocr: &OcrReader,
    bytes: &[u8],
    error: ParseError,
    source: &str,
    hash: &str,
) -> Result<ParsedFile, ParseError> {
    let worth = match error {
        ParseError::UnreadableText => extract::ocr::Worth::ImagesOrGlyphs,
        _ => extract::ocr::Worth::ImagesOrGarbledGlyphs,
    };
    let text = match ocr.read(bytes, worth) {
        Ok(text) => text,
        Err(e) => {
            tracing::debug!(error = %e, "OCR failed");
            return Err(error);
        }
    };
    let texts: Vec<String> = text.pages.iter().map(|p| p.text.clone()).collect();
    let mut documents = match documents_from_pdf_pages(&texts) {
        Ok(documents) => documents,
        Err(ocr_error) => {
            tracing::debug!(error = %ocr_error, "OCR read no document");
            return Err(error);
        }
    };
    for doc in &mut documents {
        let (first, last) = doc.pages.unwrap_or((1, text.pages.len() as u32));
        doc.ocr = text
            .pages
            .iter()
            .filter(|p| (first..=last).contains(&p.number))
            .map(|p| council_model::ScannedPage {
                page: p.number,
                confidence: p.confidence.map(|c| c.round().clamp(0.0, 100.0) as u8),
            })
            .collect();
    }
    identify(&mut documents, source, hash);
    let read = text.pages.len() as u32;
    let confidence = text.mean_confidence();
    let mut note = format!(
        "{error}: text of {read} page{} read by OCR (mean confidence {:.0} %)",
        if read == 1 { "" } else { "s" },
        confidence.unwrap_or(0.0)
    );
    if read < text.total_pages {
        note.push_str(&format!(
            " of its {} (pages with nothing to read are skipped, and at most {} read)",
            text.total_pages, ocr.max_pages
        ));
    }
    if !text.failed.is_empty() {
        let pages: Vec<String> = text.failed.iter().map(|(n, _)| n.to_string()).collect();
        note.push_str(&format!("; pages not read: {}", pages.join(", ")));
    }
    Ok(ParsedFile {
        format: Format::Pdf,
        pages: read,
        documents,
        extractor: Some(extract::ocr::TESSERACT),
        fallback_note: Some(note),
        ocr: Some(OcrSummary {
            pages: read,
            total_pages: text.total_pages,
            confidence,
        }),
    })
}

/// Gives a file's documents their ids (`{content hash}-{n}`, in file order), source path
/// and content hash.
fn identify(documents: &mut [Document], source: &str, hash: &str) {
    for (n, doc) in documents.iter_mut().enumerate() {
        doc.id = format!("{hash}-{n}");
        doc.source = source.to_string();
        doc.content_hash = hash.to_string();
    }
}

/// Reads a PDF's page texts as documents (without ids and source). An agenda pack holds
/// many papers: it is split where the pack does (blank-page notices, "Agenda Item N"
/// headers), and each paper read on its own.
fn documents_from_pdf_pages(texts: &[String]) -> Result<Vec<Document>, ParseError> {
    let pages: Vec<extract::Page> = texts
        .iter()
        .enumerate()
        .map(|(i, p)| extract::Page {
            number: i as u32 + 1,
            lines: p.lines().map(extract::Line::from_marked).collect(),
        })
        .collect();
    let mut built: Vec<(std::ops::Range<usize>, Document)> = Vec::new();
    let mut last_error = ParseError::Empty;
    for range in pack::segments(&pages) {
        match document_from_pages(pages[range.clone()].to_vec()) {
            Ok(doc) => built.push((range, doc)),
            Err(e) => last_error = e,
        }
    }
    let mut documents: Vec<Document> =
        pack::merge_continuations(built, |r| document_from_pages(pages[r].to_vec()).ok())
            .into_iter()
            .map(|(_, doc)| doc)
            .collect();
    if documents.is_empty() {
        return Err(last_error);
    }
    // The council a pack's first paper names publishes the pack: its papers that name none
    // of their own (printed minutes lose the council's name with their running footer) are
    // the same council's.
    if let Some(council) = documents[0].council.clone() {
        for doc in documents.iter_mut().skip(1) {
            doc.council.get_or_insert_with(|| council.clone());
        }
    }
    Ok(documents)
}

/// Cleans PDF pages and reads them as one document.
fn document_from_pages(mut pages: Vec<extract::Page>) -> Result<Document, ParseError> {
    clean::clean_pages(&mut pages);
    match clean::judge_text_layer(&pages) {
        clean::TextLayer::Readable => {}
        clean::TextLayer::Absent => return Err(ParseError::NeedsOcr),
        clean::TextLayer::Garbage => return Err(ParseError::UnreadableText),
    }
    document_from_text(&extract::ExtractedText { pages, paged: true })
}

/// Reads cleaned text as one document (without id and source).
fn document_from_text(text: &extract::ExtractedText) -> Result<Document, ParseError> {
    if text.char_count() == 0 {
        return Err(ParseError::Empty);
    }
    let blocks = blocks::blocks(text);
    if blocks.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut doc = structure::build(&blocks);
    let full_text: String = blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    entities::annotate(&mut doc, &full_text);
    // A heading that is only the name of a person the paper names is none.
    let people: Vec<String> = doc.people().map(|p| p.value.clone()).collect();
    let people: Vec<&str> = people.iter().map(String::as_str).collect();
    structure::unhead_people(&mut doc.sections, &people);
    Ok(doc)
}
