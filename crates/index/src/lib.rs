//! The tantivy index of council sections.
//!
//! One place owns the mapping from a parsed [`Document`] to index records and the building
//! of queries (the quickwit doc-mapper idea):
//!
//! - [`SectionIndex`] opens or creates an index folder, answers [`SearchRequest`]s with
//!   [`SearchResults`] (ranked [`SearchHit`]s with snippets and citations, and [`Facets`]),
//!   and returns stored [`Document`]s by id.
//! - [`SectionWriter`] adds documents (one record per section, carrying the document's
//!   council, meeting bodies and dates, kind, title, source, page, number, heading path and
//!   entity values, plus one record holding the whole parsed document) and commits.
//!
//! Every query a person can type parses: quotes, colons, apostrophes, parentheses and a
//! lone `-` never give a syntax error, and a quoted phrase is a phrase.
//!
//! Modules: [`schema`] (the fields and the Document → records mapping), [`files`] (the file
//! records incremental ingestion asks), [`analyzer`] (the
//! text fields' analyzer), [`query`] (query building), [`facets`] (the facet collector),
//! [`snippet`] (snippets and citations) and [`merge`] (the writer's bounded merge policy).

#![warn(missing_docs)]

pub mod analyzer;
pub mod canonical;
pub mod catalog;
pub mod columns;
pub mod dedup;
pub mod facets;
pub mod files;
pub mod filter_sets;
mod group;
pub mod items;
mod matter_search;
pub mod matters;
pub mod meetings;
mod memo;
pub mod merge;
pub mod names;
pub mod paper_stats;
pub mod phases;
pub mod query;
pub mod questions;
mod rank;
pub mod record;
pub mod references;
mod required;
pub mod resolve;
pub mod schema;
mod search;
pub mod similar;
pub mod snippet;
pub mod stats;
pub mod synonyms;
pub mod tree;
pub mod tuning;
pub mod when;
pub mod within;

use std::collections::HashMap;
use std::path::Path;

use council_model::{Document, DocumentKind, Meeting};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::schema::{Fields, RECORD_DOCUMENT, RECORD_SECTION};
pub use crate::search::FacetMode;
pub use crate::tuning::Tuning;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The request itself is unacceptable (bad filter value, bad date); maps to HTTP 400.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// No index exists at the given folder.
    #[error("no index at {0}")]
    Missing(String),
    /// Tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The folder could not be read or written.
    #[error("index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A stored document could not be decoded.
    #[error("stored document is corrupt: {0}")]
    Corrupt(String),
    /// The index was written by another version of council (its schema differs).
    #[error("the index was written by another version of council ({0}): remove the index folder and ingest again")]
    Incompatible(String),
}

/// A search as a person or a client asks it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The words typed.
    pub query: String,
    /// How many hits at most (the caller validates the range).
    pub limit: usize,
    /// How many hits to skip.
    pub offset: usize,
    /// Only papers of one of these councils (as in [`Facets::council`]; forgiving, see
    /// [`resolve`]). Within a filter the values are alternatives (OR); across filters every
    /// filter must hold (AND). A single string is read as one value.
    #[serde(default, deserialize_with = "resolve::one_or_many")]
    pub council: Vec<String>,
    /// Only papers for meetings of one of these bodies.
    #[serde(default, deserialize_with = "resolve::one_or_many")]
    pub body: Vec<String>,
    /// Only papers of one of these kinds.
    #[serde(default, deserialize_with = "resolve::one_or_many")]
    pub kind: Vec<DocumentKind>,
    /// Only papers with a meeting in one of these years (`YYYY`).
    #[serde(default, deserialize_with = "resolve::one_or_many")]
    pub year: Vec<String>,
    /// Only papers with a meeting on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only papers with a meeting on or before this date (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Only papers naming one of these people (as in [`Facets::person`]; any form of the
    /// name, see [`resolve`]).
    #[serde(default, deserialize_with = "resolve::one_or_many")]
    pub person: Vec<String>,
    /// The order of hits: relevance (default), newest or oldest first meeting date.
    #[serde(default)]
    pub sort: SortOrder,
    /// Fill [`SearchHit::explanation`] with why each hit ranks where it does.
    #[serde(default)]
    pub explain: bool,
    /// Which facets to count (all unless the caller shows none).
    #[serde(default)]
    pub facets: FacetMode,
}

/// One matching section, with what a citation needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchHit {
    /// The section's id (`{document_id}.{ordinal}`, ordinal 0-based in reading order).
    pub section_id: String,
    /// The id of the document the section belongs to.
    pub document_id: String,
    /// The source file, relative to the ingested folder.
    pub source: String,
    /// The document's title.
    pub title: Option<String>,
    /// The document's kind.
    pub kind: DocumentKind,
    /// The publishing council.
    pub council: Option<String>,
    /// The section's meeting (else the document's first); its `item` is the section's
    /// agenda item where the meeting gives none.
    pub meeting: Option<Meeting>,
    /// The minute number of the item of business the section belongs to (minutes), where
    /// the paper gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<String>,
    /// The meeting whose papers the section's document was published with, where that is
    /// another than the meeting it records (minutes filed with the next meeting's papers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_for: Option<Meeting>,
    /// The section number.
    pub number: Option<String>,
    /// The section heading.
    pub heading: Option<String>,
    /// The heading path.
    pub path: Vec<String>,
    /// The page the section starts on.
    pub page: Option<u32>,
    /// The full section text.
    pub text: String,
    /// For text read by OCR from a scan, the mean confidence (0–100) of the section's page:
    /// pages and citations say "text from a scan".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<u8>,
    /// What the record says in this section, where the parse read it: the vote (for /
    /// against / abstain), mover, seconder and outcome of the decision it holds, the asker
    /// and respondent of the question it holds, the chair it names ([`record`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<record::SectionRecord>,
    /// An HTML-escaped fragment of the text with matched terms in `<mark>`.
    pub snippet: String,
    /// The relevance score.
    pub score: f32,
    /// The citation line: council · body · date · para · page.
    pub citation: String,
    /// The 0-based index of the section in the document's `sections`.
    #[serde(default)]
    pub section_ordinal: usize,
    /// Other matching sections of the same document, best first ("more from this document").
    #[serde(default)]
    pub more: Vec<MoreHit>,
    /// The other places the same paragraph is stored (an agenda pack and its original
    /// file, minutes and the same minutes a month later): shown once, here (see [`dedup`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<dedup::AlsoIn>,
    /// Why the hit ranks where it does (tantivy's explanation as pretty JSON), when the
    /// request asked for it ([`SearchRequest::explain`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// Computes the within-paper keys of some sections ([`within::keys`]).
type KeysFn<'a> = dyn Fn(&[DocAddress]) -> Result<within::Keys, IndexError> + 'a;

/// Another matching section of a hit's document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MoreHit {
    /// The section's id.
    pub section_id: String,
    /// The 0-based index of the section in the document's `sections`.
    pub section_ordinal: usize,
    /// The section number.
    pub number: Option<String>,
    /// The section heading.
    pub heading: Option<String>,
    /// The page the section starts on.
    pub page: Option<u32>,
    /// The relevance score.
    pub score: f32,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest first meeting date first (documents without a date last).
    Newest,
    /// Earliest first meeting date first (documents without a date last).
    Oldest,
}

/// How many other sections a hit lists under "more from this document".
pub const MORE_PER_HIT: usize = 3;

/// Decompressed doc-store blocks each segment's reader keeps (tantivy's default is 100).
/// A page of ten hits reads about 70 stored records (each hit, its other places and its
/// "more" sections), each in a block of 16 KB to decompress unless cached: at a million
/// sections the pages of a few dozen searches already need over 100 blocks a segment.
/// At most 16 MB a segment.
pub const DOC_STORE_CACHE_BLOCKS: usize = 1000;

/// One facet value and how many matching sections carry it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// The number of matching sections.
    pub count: u64,
}

/// Counts of the matching sections by council, body, kind and year.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Facets {
    /// By publishing council.
    pub council: Vec<FacetCount>,
    /// By meeting body.
    pub body: Vec<FacetCount>,
    /// By document kind.
    pub kind: Vec<FacetCount>,
    /// By meeting year.
    pub year: Vec<FacetCount>,
    /// By person named in the section's document.
    #[serde(default)]
    pub person: Vec<FacetCount>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many sections (paragraphs and headed blocks) match in all, over every paper (an
    /// estimate unless [`SearchResults::total_exact`]).
    pub total: usize,
    /// The hits from `offset`, best first: one per document (its best section), with the
    /// document's other matching sections in [`SearchHit::more`].
    pub hits: Vec<SearchHit>,
    /// Distinct documents (papers) among the matching sections examined, a paper whose
    /// best paragraph is shown under another hit's `also_in` not counted (at least
    /// `offset + limit` when there are that many).
    #[serde(default)]
    pub documents: usize,
    /// Facet counts over the candidate sections of the search (the best few hundred
    /// matches; all matches when [`SearchResults::facets_exact`]).
    pub facets: Facets,
    /// Whether [`SearchResults::total`] is an exact count (else an estimate: every match is
    /// counted up to [`phases::EXACT_COUNT`], the rest extrapolated).
    #[serde(default)]
    pub total_exact: bool,
    /// Whether the facets count every matching section (else the candidates only).
    #[serde(default)]
    pub facets_exact: bool,
    /// How many sections the facets count: the candidates (the best matches, "counts
    /// among the best N"), or every match when [`SearchResults::facets_exact`]; 0 when no
    /// facets were asked for.
    #[serde(default)]
    pub facets_over: usize,
    /// Filter values that match nothing in the index, each with the nearest value there is
    /// (the search then has no results).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<resolve::FilterNotice>,
}

/// An index folder that can be searched without write access: every operation is the
/// [`MmapDirectory`]'s, except that a lock file that cannot be created because the folder
/// is read-only (permission denied, read-only file system) is done without. Writing still
/// fails there, so a writer, whose lock this would be, cannot run beside such a reader.
#[derive(Debug, Clone)]
struct ReadOnlyTolerant(MmapDirectory);

impl tantivy::Directory for ReadOnlyTolerant {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), tantivy::directory::error::DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, tantivy::directory::error::OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(
        &self,
        path: &Path,
    ) -> Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(
        &self,
        path: &Path,
    ) -> Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn watch(
        &self,
        watch_callback: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        self.0.watch(watch_callback)
    }

    fn acquire_lock(
        &self,
        lock: &tantivy::directory::Lock,
    ) -> Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError> {
        use tantivy::directory::error::LockError;
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(io))
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                Ok(tantivy::directory::DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }
}

/// tantivy's minimum writer memory budget per indexing thread (15 MB).
const MEMORY_BUDGET_NUM_BYTES_MIN: usize = 15_000_000;

/// An open index folder.
pub struct SectionIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    tuning: Tuning,
    /// The people of the index ([`names`]), built once per commit (searcher generation).
    names: std::sync::Mutex<Option<(u64, std::sync::Arc<names::NameTable>)>>,
    /// The fast columns searches read, opened once per segment ([`columns`]).
    columns: columns::ColumnCache,
    /// The exact facets of filter-only searches, per commit and filters.
    facet_cache: search::FacetCache,
    /// The sections each filter passes, per commit and filters.
    filter_cache: search::FilterCache,
    /// The words of snippets, analysed by the text analyzer (its clones sharing their
    /// stems), each once for every search.
    snippet_words: std::sync::Arc<snippet::WordCache>,
}

impl SectionIndex {
    /// Opens the index in `dir`, creating it (and the folder) if absent.
    pub fn open_or_create(dir: &Path) -> Result<SectionIndex, IndexError> {
        if dir.join("meta.json").is_file() {
            // An index of another version fails here with a message saying so.
            return SectionIndex::open(dir);
        }
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir).map_err(|e| {
            IndexError::Io(std::io::Error::other(format!("{}: {e}", dir.display())))
        })?;
        let index = Index::open_or_create(directory, schema::build_schema())?;
        SectionIndex::from_index(index)
    }

    /// Opens an existing index; [`IndexError::Missing`] if there is none.
    ///
    /// Searching needs only read access: the folder may be read-only (a copy on a read-only
    /// mount, say). tantivy's readers take a lock file while they open segments, so that a
    /// writer's garbage collection does not remove them meanwhile; where the lock file
    /// cannot be created because nothing may be written there, no writer can run either,
    /// and the readers go without it ([`ReadOnlyTolerant`]).
    pub fn open(dir: &Path) -> Result<SectionIndex, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.display().to_string()));
        }
        let directory = MmapDirectory::open(dir).map_err(|e| {
            IndexError::Io(std::io::Error::other(format!("{}: {e}", dir.display())))
        })?;
        let index = Index::open(ReadOnlyTolerant(directory))?;
        SectionIndex::from_index(index)
    }

    fn from_index(index: Index) -> Result<SectionIndex, IndexError> {
        // Folded, split and stemmed as `analyzer` says; each analyzer remembers its stems.
        index.tokenizers().register(
            schema::TEXT_ANALYZER,
            memo::memoized(analyzer::council_text()),
        );
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(SectionIndex {
            index,
            reader,
            fields,
            tuning: Tuning::default(),
            names: std::sync::Mutex::new(None),
            columns: columns::ColumnCache::default(),
            facet_cache: search::FacetCache::default(),
            filter_cache: search::FilterCache::default(),
            snippet_words: std::sync::Arc::new(snippet::WordCache::new(
                analyzer::council_text_shared(),
            )),
        })
    }

    /// The index with these ranking numbers (the defaults unless set; see [`tuning`]).
    pub fn with_tuning(mut self, tuning: Tuning) -> SectionIndex {
        self.tuning = tuning;
        self
    }

    /// The ranking numbers in use.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// A writer with the given memory budget (bytes; 50 MB is a good default).
    ///
    /// The budget is raised to tantivy's minimum (15 MB) if lower; it is shared by up to
    /// as many indexing threads as there are cores, each getting at least the minimum.
    pub fn writer(&self, heap_bytes: usize) -> Result<SectionWriter, IndexError> {
        let heap = heap_bytes.max(MEMORY_BUDGET_NUM_BYTES_MIN);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (heap / MEMORY_BUDGET_NUM_BYTES_MIN).clamp(1, cores.clamp(1, 8));
        // tantivy caps each thread's arena just under 4 GB.
        let heap = heap.min(threads * 3_000_000_000);
        let writer = self.index.writer_with_num_threads(threads, heap)?;
        // Merges map their inputs: bounding them bounds the ingest's memory (see `merge`).
        writer.set_merge_policy(Box::new(merge::BoundedMergePolicy::default()));
        // The writer's own view of the committed index, reloaded at each of its commits.
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let owners = canonical::Owners::load(&reader.searcher());
        Ok(SectionWriter {
            writer,
            fields: self.fields,
            reader,
            owners,
            pending: Vec::new(),
            pending_sections: 0,
        })
    }

    /// Makes the latest commit visible to searches.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        Ok(())
    }

    /// The number of documents (papers) in the index.
    pub fn num_documents(&self) -> u64 {
        self.count_records(RECORD_DOCUMENT)
    }

    /// The number of sections in the index.
    pub fn num_sections(&self) -> u64 {
        self.count_records(RECORD_SECTION)
    }

    fn count_records(&self, record: &str) -> u64 {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.record, record),
            IndexRecordOption::Basic,
        );
        match self.reader.searcher().search(&query, &Count) {
            Ok(n) => n as u64,
            Err(e) => {
                tracing::warn!("counting {record} records failed: {e}");
                0
            }
        }
    }

    /// How the paragraphs of the index are held: distinct paragraphs among the sections,
    /// and their canonical copies ([`canonical`]; a scan of three number columns).
    pub fn paragraphs(&self) -> canonical::ParagraphCount {
        canonical::count(&self.reader.searcher())
    }

    /// The people of the index as of `searcher`'s commit ([`names::NameTable`]), built on
    /// the first need after each commit.
    fn name_table(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<names::NameTable>, IndexError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.names.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, table)) = cached.as_ref() {
            if *g == generation {
                return Ok(table.clone());
            }
        }
        let started = std::time::Instant::now();
        let table = std::sync::Arc::new(names::NameTable::of_index(searcher)?);
        tracing::debug!("name table built in {:?}", started.elapsed());
        *cached = Some((generation, table.clone()));
        Ok(table)
    }

    /// The forms of a person's name the index holds (`Peter Oakford`: `Mr Oakford`,
    /// `P J Oakford`, `Peter Oakford`), or none when `name` names no one the index knows.
    pub fn person_forms(&self, name: &str) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        Ok(self
            .name_table(&searcher)?
            .forms_for(name)
            .unwrap_or_default())
    }

    /// The document ids of ranked sections, read from the fast `document_id` column.
    fn document_ids(
        &self,
        searcher: &tantivy::Searcher,
        top: &[(f32, DocAddress)],
    ) -> Result<Vec<String>, IndexError> {
        let mut ids = vec![String::new(); top.len()];
        let mut by_segment: HashMap<u32, Vec<(u64, usize)>> = HashMap::new();
        let mut columns: HashMap<u32, Option<tantivy::columnar::StrColumn>> = HashMap::new();
        for (i, &(_, address)) in top.iter().enumerate() {
            let segment = address.segment_ord;
            let column = match columns.entry(segment) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(segment)
                        .fast_fields()
                        .str("document_id")?,
                ),
            };
            let ord = column
                .as_ref()
                .and_then(|c| c.term_ords(address.doc_id).next());
            match ord {
                Some(ord) => by_segment.entry(segment).or_default().push((ord, i)),
                None => {
                    // No fast value (should not happen): read the stored record.
                    let record: TantivyDocument = searcher.doc(address)?;
                    ids[i] = self.fields.hit_from_record(&record).document_id;
                }
            }
        }
        for (segment, mut wanted) in by_segment {
            wanted.sort_unstable();
            let ords: Vec<u64> = wanted.iter().map(|&(ord, _)| ord).collect();
            let mut next = wanted.iter();
            let Some(column) = &columns[&segment] else {
                continue;
            };
            column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&(_, i)) = next.next() {
                    ids[i] = String::from_utf8_lossy(bytes).into_owned();
                }
            })?;
        }
        Ok(ids)
    }

    /// tantivy's explanation of a hit's query score, wrapped with the ranking factors.
    fn explain(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        ranking: rank::Ranking,
        address: DocAddress,
    ) -> Result<String, IndexError> {
        // With the search's own statistics (paper-level frequencies for the shared fields),
        // so the explained score is the one ranked.
        let stats = phases::SearchStats::new(searcher);
        let segment = searcher.segment_reader(address.segment_ord);
        let inner = query
            .weight(stats.scoring())?
            .explain(segment, address.doc_id)?;
        let f = ranking.for_segment(segment).factors(address.doc_id);
        let mut outer = tantivy::query::Explanation::new_with_string(
            format!(
                "final score = query score × section length factor {:.3} × intent factor {:.3} \
                 × record factor {:.3} × date factor {:.3}",
                f.length, f.intent, f.record, f.date
            ),
            inner.value() * f.product(),
        );
        outer.add_detail(inner);
        Ok(outer.to_pretty_json())
    }

    /// Sections of *other* documents similar to the section `section_id`, grouped one per
    /// document like [`SectionIndex::search`] (best section first, up to [`MORE_PER_HIT`]
    /// more), with snippets and citations; at most `limit` hits. `None` if there is no
    /// such section.
    ///
    /// The section's heading and text are analysed; its most distinctive terms (frequent
    /// in the section, rare in the index: tf·idf, see [`similar::MAX_TERMS`]) become a
    /// weighted query over the text, heading and title of other documents' sections.
    pub fn similar(
        &self,
        section_id: &str,
        limit: usize,
    ) -> Result<Option<Vec<SearchHit>>, IndexError> {
        let searcher = self.reader.searcher();
        let lookup = BooleanQuery::new(vec![
            (Occur::Must, self.exact(self.fields.record, RECORD_SECTION)),
            (Occur::Must, self.exact(self.fields.section_id, section_id)),
        ]);
        let found = searcher.search(&lookup, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, address)) = found.first() else {
            return Ok(None);
        };
        let record: TantivyDocument = searcher.doc(address)?;
        let source = self.fields.hit_from_record(&record);
        if limit == 0 {
            return Ok(Some(Vec::new()));
        }
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let text = format!(
            "{}\n{}",
            source.heading.as_deref().unwrap_or_default(),
            source.text
        );
        let Some(like) = similar::query(&searcher, &self.fields, &mut analyzer, &text)? else {
            return Ok(Some(Vec::new()));
        };
        // Phase one prunes (the source's own paper left out inside the pass), phase two
        // ranks the candidates with the disjunction-max query and the ranking's factors.
        let fetch = (limit * 10 + 50).min(20_000);
        let stats = phases::SearchStats::new(&searcher);
        let found =
            phases::candidates_outside(&stats, &*like.candidates, &source.document_id, fetch)?;
        let ranking = rank::Ranking::new(None, SortOrder::Relevance, &self.tuning);
        let top: Vec<(f32, DocAddress)> =
            phases::rerank(&stats, Some(&like.tree), &ranking, &found.addresses)?
                .into_iter()
                .map(|(key, a)| (key.score, a))
                .collect();
        let weights = snippet::query_weights(&*like.tree.to_query(), self.fields.text, |t| {
            searcher.doc_freq(t)
        })?;
        let generator =
            snippet::Snippets::new(weights, self.snippet_words.clone(), snippet::SNIPPET_CHARS);
        let (hits, _) = self.group_hits(
            &searcher,
            group::RankedSections {
                top,
                places: &|address| found.places_of(&stats, &self.fields, address),
                keys: &|_: &[DocAddress]| Ok(within::Keys::default()),
                meeting: record::Asked::default(),
            },
            0,
            limit,
            snippet::Highlight {
                generator: Some(&generator),
                quoted: &[],
            },
            None,
        )?;
        Ok(Some(hits))
    }

    /// The plain reference search: BM25 over the section text field only (the query's
    /// analysed words as `Should` terms, block-max WAND), no field weights, synonyms, intent, proximity,
    /// grouping or snippets. Returns `(score, section_id)` of the best `limit` sections; used
    /// by the query benchmark as the baseline.
    pub fn plain_search(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<(f32, String)>, IndexError> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stream = analyzer.token_stream(query);
        while stream.advance() {
            let term = Term::from_field_text(self.fields.text, &stream.token().text);
            terms.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        // Only section records have text: no "sections only" clause, so the query stays a
        // pure union of terms, which tantivy's top-K answers with block-max WAND (the fair
        // baseline for the pruned two-phase search).
        let query = BooleanQuery::new(terms);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record: TantivyDocument = searcher.doc(address)?;
            out.push((score, self.fields.hit_from_record(&record).section_id));
        }
        Ok(out)
    }

    /// A zero-scored exact-term query.
    fn exact(&self, field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
        let q = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        Box::new(tantivy::query::ConstScoreQuery::new(Box::new(q), 0.0))
    }

    /// The stored parsed document with this id.
    pub fn document(&self, id: &str) -> Result<Option<Document>, IndexError> {
        stored_document(&self.reader.searcher(), &self.fields, id)
    }
}

/// The stored JSON of the document `id`, as `searcher` sees the index.
fn stored_document(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    id: &str,
) -> Result<Option<Document>, IndexError> {
    let term = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let query = BooleanQuery::new(vec![
        (Occur::Must, term(fields.record, RECORD_DOCUMENT)),
        (Occur::Must, term(fields.document_id, id)),
    ]);
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match top.first() {
        None => Ok(None),
        Some(&(_, address)) => {
            let record: TantivyDocument = searcher.doc(address)?;
            fields.document_from_record(&record).map(Some)
        }
    }
}

/// Adds documents to a [`SectionIndex`]; nothing is visible until [`SectionWriter::commit`].
/// It keeps one canonical copy per paragraph ([`canonical`]) within each commit;
/// [`SectionWriter::settle`] restores that after deletions and across commits.
pub struct SectionWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    /// The committed index as of this writer's last commit.
    reader: tantivy::IndexReader,
    /// Which document holds each paragraph's canonical copy.
    owners: canonical::Owners,
    /// Documents added since the last commit, written at the commit in the order of their
    /// keys ([`SectionWriter::add_document`]).
    pending: Vec<Document>,
    /// The sections among them.
    pending_sections: usize,
}

/// The sections [`SectionWriter::add_document`] holds before it writes what it holds
/// without waiting for the commit (bounds the writer's memory when a caller adds many
/// documents between commits; the order of the keys then holds within each part, and
/// [`SectionWriter::settle`] puts the rest right).
const PENDING_SECTIONS: usize = 20_000;

/// The segments an ingest of up to a million sections leaves ([`SectionWriter::finish`]
/// compacts into segments of up to [`COMPACT_RECORDS`] records), for checks.
pub const MAX_SEGMENTS: usize = 8;

/// The records per segment a compaction at the end of an ingest aims at (a merge maps
/// its inputs: 250,000 records took a million-section index to 5 segments in 15 s at
/// 203 MB peak).
pub const COMPACT_RECORDS: u32 = 250_000;

impl SectionWriter {
    /// Adds a document: its sections and the document record. A document with the same id
    /// already in the index is replaced.
    ///
    /// The document is held until the next [`SectionWriter::commit`] and written then, with
    /// the others held, in the order of their keys ([`schema::document_key`]): the document
    /// with the smallest key of a paragraph then claims its canonical copy first, so no
    /// other document of the commit has to give it up (and be added again by
    /// [`SectionWriter::settle`]), whatever the order the documents came in.
    pub fn add_document(&mut self, document: &Document) -> Result<(), IndexError> {
        self.add_owned(document.clone())
    }

    /// [`SectionWriter::add_document`] without a copy.
    pub fn add_owned(&mut self, document: Document) -> Result<(), IndexError> {
        self.pending_sections += document.sections.len();
        self.pending.push(document);
        if self.pending_sections > PENDING_SECTIONS {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes the documents held, in the order of their keys.
    fn write_pending(&mut self) -> Result<(), IndexError> {
        let mut pending = std::mem::take(&mut self.pending);
        self.pending_sections = 0;
        // Stable: of two documents with one id, the later still replaces the earlier.
        pending.sort_by_cached_key(|d| schema::document_key(&d.id));
        for document in &pending {
            self.write(document)?;
        }
        Ok(())
    }

    /// Writes a document's records now.
    fn write(&mut self, document: &Document) -> Result<(), IndexError> {
        let owner = schema::document_key(&document.id);
        let records = self
            .fields
            .records(document, &mut self.owners.claimer(owner))?;
        self.writer
            .delete_term(Term::from_field_text(self.fields.document_id, &document.id));
        for record in records {
            self.writer.add_document(record)?;
        }
        Ok(())
    }

    /// Removes every record of the documents from this source file.
    pub fn delete_source(&mut self, source: &str) -> Result<(), IndexError> {
        // Documents held for the commit go too, as if written already.
        if self.pending.iter().any(|d| d.source == source) {
            self.pending.retain(|d| d.source != source);
            self.pending_sections = self.pending.iter().map(|d| d.sections.len()).sum();
        }
        // Its paragraphs' canonical copies go with it: a later document may take them.
        self.owners
            .release_source(&self.reader.searcher(), &self.fields, source)?;
        self.writer
            .delete_term(Term::from_field_text(self.fields.source, source));
        Ok(())
    }

    /// Commits what was added; returns once it is durable.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.write_pending()?;
        self.writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Commits, then gives every paragraph of the index exactly one canonical copy
    /// ([`canonical`]): the sections that must gain (their paragraph's canonical copy was
    /// deleted, or is held by a document with a larger key) or lose one are written again
    /// from their document's stored JSON, and that is committed. Returns the number of
    /// documents whose sections were written again.
    pub fn settle(&mut self) -> Result<usize, IndexError> {
        self.commit()?;
        let searcher = self.reader.searcher();
        let (owners, changes) = canonical::survey(&searcher);
        self.owners = owners;
        // Each document is put right as it is read back, not gathered first: a
        // million-section ingest puts some 1,500 papers right.
        let mut settled = 0;
        for change in changes {
            let record: TantivyDocument = searcher.doc(change.address)?;
            let id = self.fields.hit_from_record(&record).document_id;
            if let Some(document) = stored_document(&searcher, &self.fields, &id)? {
                self.rewrite(&document, &change.paragraphs)?;
                settled += 1;
            }
        }
        if settled > 0 {
            self.commit()?;
        }
        Ok(settled)
    }

    /// Writes again the sections of `document` whose paragraph is one of `paragraphs`
    /// (sorted keys), each its paragraph's canonical copy when the document owns the
    /// paragraph and it is the document's first section of it (as
    /// [`canonical::Owners::claimer`] marks them).
    fn rewrite(&mut self, document: &Document, paragraphs: &[u64]) -> Result<(), IndexError> {
        let key = schema::document_key(&document.id);
        let mut first: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
        let sections: Vec<(usize, bool)> = document
            .sections
            .iter()
            .enumerate()
            .filter_map(|(ordinal, section)| {
                let paragraph = schema::section_key(section);
                paragraphs.binary_search(&paragraph).ok()?;
                let canonical =
                    first.insert(paragraph) && self.owners.owner(paragraph) == Some(key);
                Some((ordinal, canonical))
            })
            .collect();
        for &(ordinal, _) in &sections {
            self.writer.delete_term(Term::from_field_text(
                self.fields.section_id,
                &schema::section_id(&document.id, ordinal),
            ));
        }
        for record in self.fields.section_records(document, &sections) {
            self.writer.add_document(record)?;
        }
        Ok(())
    }

    /// Ends the writing: waits for the merges under way, then compacts the index
    /// ([`SectionWriter::compact`] to [`COMPACT_RECORDS`]: segments that fit together are
    /// merged, smallest first), so that a served index is always few-segment (a search
    /// pays per segment). Returns the number of segments left.
    ///
    /// No [`SectionIndex`] of this folder should be open meanwhile: its searchers would
    /// keep the merged segments mapped (in the process's resident memory) and their files
    /// on disk.
    pub fn finish(mut self) -> Result<usize, IndexError> {
        if !self.pending.is_empty() {
            self.commit()?;
        }
        let index = self.writer.index().clone();
        drop(self.reader);
        self.writer.wait_merging_threads()?;
        let segments = index.searchable_segment_metas()?.len();
        // Always, not only past a count of segments: a small segment that a settle or a
        // small ingest adds costs every search a segment more where it fits beside another.
        if segments <= 1 {
            return Ok(segments);
        }
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, MEMORY_BUDGET_NUM_BYTES_MIN)?;
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let left = compact(&mut writer, COMPACT_RECORDS)?;
        writer.wait_merging_threads()?;
        Ok(left)
    }

    /// Merges the committed segments into as few as fit `max_records` records each (the
    /// smallest first, one merge at a time, so the memory a merge maps stays that of one
    /// group), and waits for the merges. A search pays per segment (a term look-up per
    /// query term, a block-max WAND start, BM25 statistics), so an index ingested under
    /// the bounded merge policy ([`merge`]) answers faster compacted. Returns the number
    /// of segments after.
    pub fn compact(&mut self, max_records: u32) -> Result<usize, IndexError> {
        compact(&mut self.writer, max_records)
    }
}

/// [`SectionWriter::compact`] with this writer.
fn compact(
    writer: &mut IndexWriter<TantivyDocument>,
    max_records: u32,
) -> Result<usize, IndexError> {
    // Passes until nothing fits together: one pass packs the segments, smallest first,
    // into groups, and the last group of a pass (a remainder) may fit beside another.
    loop {
        // Segment ids and sizes only: a segment meta alive anywhere keeps its files from
        // the garbage collection below.
        let mut sizes: Vec<(u32, tantivy::index::SegmentId)> = writer
            .index()
            .searchable_segment_metas()?
            .iter()
            .map(|m| (m.max_doc(), m.id()))
            .collect();
        sizes.sort_by_key(|&(size, _)| size);
        let mut groups: Vec<Vec<tantivy::index::SegmentId>> = Vec::new();
        let mut records = 0u32;
        for &(size, id) in &sizes {
            match groups.last_mut() {
                Some(group) if records.saturating_add(size) <= max_records => {
                    group.push(id);
                    records += size;
                }
                _ => {
                    groups.push(vec![id]);
                    records = size;
                }
            }
        }
        let merges: Vec<_> = groups.into_iter().filter(|g| g.len() >= 2).collect();
        if merges.is_empty() {
            break;
        }
        for group in &merges {
            writer.merge(group).wait()?;
        }
    }
    // The merged segments' files are deleted now, not at the next commit.
    writer.garbage_collect_files().wait()?;
    Ok(writer.index().searchable_segment_metas()?.len())
}
