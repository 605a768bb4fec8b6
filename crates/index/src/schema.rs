//! The index schema and the one place that maps a [`Document`] to index records.
//!
//! Every parsed document becomes one *document record* (its whole JSON, stored) and one
//! *section record* per section; every source file an ingest read gets one *file record*
//! (its content hash and what reading it gave, see [`crate::files`]). Section records carry the fields of their document
//! (council, meeting bodies and dates, kind, title, source, entity values) so that a search
//! over sections can filter and facet on them without joins.
//!
//! | field          | type                      | holds                                                   |
//! |----------------|---------------------------|---------------------------------------------------------|
//! | `record`       | raw, fast                 | `section`, `document` or `file`                         |
//! | `document_id`  | raw, stored, fast         | the document's id                                       |
//! | `section_id`   | raw, stored               | `{document_id}.{ordinal}`                               |
//! | `ordinal`      | u64, stored, fast         | 0-based index of the section in `document.sections`    |
//! | `source`       | raw, stored, fast         | the source file                                         |
//! | `kind`         | raw, stored, fast         | the document kind (`committee_report`, ...)             |
//! | `council`      | raw, stored, fast         | the publishing council                                  |
//! | `body`         | raw, stored, fast (multi) | every meeting body                                      |
//! | `date`         | raw, stored, fast (multi) | every meeting date (`YYYY-MM-DD`)                       |
//! | `year`         | raw, stored, fast (multi) | every meeting year (`YYYY`)                             |
//! | `meeting`      | stored only               | the section's meeting (else the first) as JSON, with    |
//! |                |                           | the item and minute number of the section's item of     |
//! |                |                           | business ([`StoredMeeting`])                            |
//! | `page`         | u64, stored               | the page the section starts on                          |
//! | `ocr`          | u64, stored               | for text read by OCR from a scan: the mean confidence   |
//! |                |                           | (0–100) of the section's page                           |
//! | `number`       | raw, stored               | the section number as printed                           |
//! | `section_kind` | raw, stored, fast         | recommendation, resolution, question, ...               |
//! | `record_facts` | raw, fast (multi)         | the facts of the record the section holds (chair, vote, |
//! |                |                           | mover, seconder, ...: [`crate::record::Fact`]); also    |
//! |                |                           | `said_vote` ... for those its own words record          |
//! | `section_record` | stored only             | their structured values as JSON (vote, mover, chair)    |
//! | `text_len`     | u64, fast                 | the number of words of the section text                 |
//! | `first_date`   | u64, fast                 | the first meeting date as `YYYYMMDD` (absent: none)     |
//! | `paragraph`    | u64, indexed, fast        | [`section_key`]: the paragraph key of the section text  |
//! |                |                           | (of its heading path and heading when it has no text)   |
//! | `canonical`    | u64, fast                 | the paragraph key again, on the one canonical copy of   |
//! |                |                           | each paragraph only ([`crate::canonical`])              |
//! | `document_key` | u64, fast                 | [`document_key`] of the document id (groups hits)       |
//! | `person`       | raw, fast (multi)         | the people named in the document                        |
//! | `file`         | analysed text             | the words of the source file name and its folder        |
//! | `title`        | analysed text, stored     | the document title                                      |
//! | `heading`      | analysed text, stored     | the section heading                                     |
//! | `path`         | analysed text, stored     | the heading path (one value per heading)                |
//! | `text`         | analysed text, stored     | the section text                                        |
//! | `entities`     | analysed text             | people, bodies, organisations and roles named; a        |
//! |                |                           | report's wards and forward-plan reference               |
//! | `bodies`       | analysed text             | the meeting bodies and the council, as words            |
//! | `doc_json`     | stored only               | the whole parsed document (document records), or the    |
//! |                |                           | file's [`crate::files::FileRecord`] (file records)       |
//! | `canon_*`      | analysed text, freqs only | `title`, `heading`, `path`, `text`, `entities`,         |
//! |                |                           | `bodies` and `file` again, on canonical copies only:    |
//! |                |                           | what phase one prunes over ([`crate::canonical`])       |
//! | `content_hash` | raw                       | the source file's content hash (file records only)      |
//! | `file_source`  | raw                       | the source file (file records only)                     |
//! | `paper_title`, `paper_entities`, `paper_bodies`, `paper_file` | analysed, frequencies only | |
//! |                |                           | the shared fields once per paper (document records):    |
//! |                |                           | their document frequencies count papers                 |
//! |                |                           | ([`crate::paper_stats`])                                |
//!
//! Text fields use the [`crate::analyzer`] (folded to lower-case ASCII, letters and digits
//! apart, English stemming), named [`TEXT_ANALYZER`], with positions, so phrase queries work.

use std::collections::BTreeSet;

use council_model::{Document, DocumentKind, EntityKind, Meeting, Section};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

use crate::record::RecordFacts;
use crate::{IndexError, SearchHit};

/// The value of the `record` field on section records.
pub const RECORD_SECTION: &str = "section";
/// The value of the `record` field on document records.
pub const RECORD_DOCUMENT: &str = "document";
/// The value of the `record` field on file records.
pub const RECORD_FILE: &str = "file";

/// The name of the analyzer used by every text field; an index remembers it, so it changes
/// whenever the analyzer's tokens change (an index analysed otherwise is refused as
/// [`IndexError::Incompatible`] and must be re-ingested).
pub const TEXT_ANALYZER: &str = "council_text_3";

/// The canonical copies' text fields ([`Fields::canon`]), in the order of
/// [`Fields::text_fields`].
const CANON_FIELDS: [&str; 7] = [
    "canon_title",
    "canon_heading",
    "canon_path",
    "canon_text",
    "canon_entities",
    "canon_bodies",
    "canon_file",
];

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `section` or `document`.
    pub record: Field,
    /// The document id.
    pub document_id: Field,
    /// `{document_id}.{ordinal}`.
    pub section_id: Field,
    /// The 0-based section ordinal.
    pub ordinal: Field,
    /// The source file.
    pub source: Field,
    /// The document kind.
    pub kind: Field,
    /// The publishing council (exact).
    pub council: Field,
    /// The meeting bodies (exact, multi-valued).
    pub body: Field,
    /// The meeting dates (exact, multi-valued).
    pub date: Field,
    /// The meeting years (exact, multi-valued).
    pub year: Field,
    /// The first meeting as JSON (stored only).
    pub meeting: Field,
    /// The page the section starts on.
    pub page: Field,
    /// The OCR confidence of the section's page, for text read from a scan.
    pub ocr: Field,
    /// The section number (exact).
    pub number: Field,
    /// The section kind (exact, fast).
    pub section_kind: Field,
    /// The facts of the record the section holds (exact, fast, multi-valued).
    pub record_facts: Field,
    /// Their structured values as JSON (stored only).
    pub section_record: Field,
    /// The number of words of the section text (fast).
    pub text_len: Field,
    /// The paragraph key again on the canonical copy of its paragraph only (fast; see
    /// [`crate::canonical`]).
    pub canonical: Field,
    /// The text fields again (`title`, `heading`, `path`, `text`, `entities`, `bodies`,
    /// `file`, in that order), indexed with frequencies on canonical copies only.
    pub canon: [Field; 7],
    /// The document's first meeting date as `YYYYMMDD` (fast; absent when unknown).
    pub first_date: Field,
    /// The people named in the document (exact, fast, multi-valued).
    pub person: Field,
    /// The key of the section's paragraph ([`crate::dedup::paragraph_key`], fast): equal
    /// for the same paragraph stored in several places.
    pub paragraph: Field,
    /// The [`document_key`] of the section's document (fast): groups hits by document
    /// without reading the `document_id` column's compressed dictionary.
    pub document_key: Field,
    /// The words of the source file name and of its folder (text, not stored).
    pub file: Field,
    /// The document title (text).
    pub title: Field,
    /// The section heading (text).
    pub heading: Field,
    /// The heading path (text, multi-valued).
    pub path: Field,
    /// The section text.
    pub text: Field,
    /// Entity values (text, not stored).
    pub entities: Field,
    /// Meeting bodies and council as words (text, not stored).
    pub bodies: Field,
    /// The whole document as JSON (stored only, document records), or a file record's JSON.
    pub doc_json: Field,
    /// The source file's content hash (exact, file records only).
    pub content_hash: Field,
    /// The source file (exact, file records only: finds a file record without a join).
    pub file_source: Field,
    /// The mirrors of title, entities, bodies and file on document records
    /// ([`crate::paper_stats`]); absent in an index written before they existed.
    pub paper: [Option<Field>; 4],
}

/// A stable 64-bit key of a document id (the first eight bytes of its BLAKE3 hash), stored
/// with each section so hits group by document through a plain number column.
pub fn document_key(id: &str) -> u64 {
    let hash = blake3::hash(id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// What makes two sections the same paragraph (the `paragraph` field): the
/// [`crate::dedup::paragraph_key`] of the text; for a section with no text (a heading
/// alone, common in minutes and reports), a key of its heading path and heading, apart
/// from any text's key, so the same heading stored in many copies of a paper is one
/// candidate too ([`crate::canonical`]). [`crate::dedup::NO_PARAGRAPH`] when there is
/// nothing to compare.
pub fn section_key(section: &Section) -> u64 {
    let key = crate::dedup::paragraph_key(&section.text);
    if key != crate::dedup::NO_PARAGRAPH {
        return key;
    }
    let mut words = String::new();
    for heading in section.path.iter().chain(&section.heading) {
        let normal = crate::dedup::normalise(heading);
        if !normal.is_empty() {
            words.push('\u{1f}');
            words.push_str(&normal);
        }
    }
    if words.is_empty() {
        return crate::dedup::NO_PARAGRAPH;
    }
    let hash = blake3::hash(format!("\u{0}heading{words}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    match u64::from_le_bytes(first) {
        crate::dedup::NO_PARAGRAPH => 1,
        key => key,
    }
}

/// The `section_id` of a document's section: `{document_id}.{ordinal}`.
pub fn section_id(document_id: &str, ordinal: usize) -> String {
    format!("{document_id}.{ordinal}")
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let exact_fast = STRING | STORED | FAST;
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text_stored = TextOptions::default()
        .set_indexing_options(text_indexing.clone())
        .set_stored();
    let text_unstored = TextOptions::default().set_indexing_options(text_indexing);
    let stored_only = TextOptions::default().set_stored();

    b.add_text_field("record", STRING | FAST);
    b.add_text_field("document_id", exact_fast.clone());
    b.add_text_field("section_id", STRING | STORED);
    b.add_u64_field("ordinal", NumericOptions::default().set_stored().set_fast());
    b.add_text_field("source", exact_fast.clone());
    b.add_text_field("kind", exact_fast.clone());
    b.add_text_field("council", exact_fast.clone());
    b.add_text_field("body", exact_fast.clone());
    b.add_text_field("date", exact_fast.clone());
    b.add_text_field("year", exact_fast);
    b.add_text_field("meeting", stored_only.clone());
    b.add_u64_field("page", NumericOptions::default().set_stored());
    b.add_u64_field("ocr", NumericOptions::default().set_stored());
    b.add_text_field("number", STRING | STORED);
    b.add_text_field("section_kind", STRING | STORED | FAST);
    b.add_text_field("record_facts", STRING | FAST);
    b.add_text_field("section_record", stored_only.clone());
    b.add_u64_field("text_len", FAST);
    b.add_u64_field("first_date", FAST);
    b.add_text_field("person", STRING | FAST);
    b.add_u64_field("paragraph", INDEXED | FAST);
    b.add_u64_field("canonical", FAST);
    b.add_u64_field("document_key", FAST);
    b.add_text_field("title", text_stored.clone());
    b.add_text_field("heading", text_stored.clone());
    b.add_text_field("path", text_stored.clone());
    b.add_text_field("text", text_stored);
    b.add_text_field("entities", text_unstored.clone());
    b.add_text_field("bodies", text_unstored.clone());
    b.add_text_field("file", text_unstored);
    let canon = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    for name in CANON_FIELDS {
        b.add_text_field(name, canon.clone());
    }
    b.add_text_field("doc_json", stored_only);
    b.add_text_field("content_hash", STRING);
    b.add_text_field("file_source", STRING);
    // Frequencies only: read for document frequencies, never scored or shown.
    let paper_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_ANALYZER)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    for (_, mirror) in crate::paper_stats::MIRRORS {
        b.add_text_field(
            mirror,
            TextOptions::default().set_indexing_options(paper_indexing.clone()),
        );
    }
    b.build()
}

/// For a section of a document read by OCR, the confidence of the page it starts on (the
/// document's mean where the page is unknown, 0 where Tesseract gave none).
fn scanned_page_confidence(document: &Document, section: &Section) -> Option<u8> {
    if !document.is_scanned() {
        return None;
    }
    let page = section
        .page
        .and_then(|n| document.ocr.iter().find(|p| p.page == n));
    Some(
        page.and_then(|p| p.confidence)
            .or_else(|| document.ocr_confidence())
            .unwrap_or(0),
    )
}

impl Fields {
    /// Looks every field up in `schema`; [`IndexError::Incompatible`] if one is missing or
    /// a text field is analysed by another analyzer than [`TEXT_ANALYZER`] (an index written
    /// by another version: its tokens are not the ones queries are now analysed into).
    pub fn from_schema(schema: &Schema) -> Result<Fields, IndexError> {
        for name in [
            "title", "heading", "path", "text", "entities", "bodies", "file",
        ]
        .into_iter()
        .chain(CANON_FIELDS)
        {
            let analyzer = schema
                .get_field(name)
                .ok()
                .map(|field| schema.get_field_entry(field).field_type())
                .and_then(|kind| match kind {
                    tantivy::schema::FieldType::Str(options) => options.get_indexing_options(),
                    _ => None,
                })
                .map(|indexing| indexing.tokenizer().to_string());
            if let Some(analyzer) = analyzer {
                if analyzer != TEXT_ANALYZER {
                    return Err(IndexError::Incompatible(format!(
                        "its field {name} is analysed by `{analyzer}`, this version analyses \
                         text with `{TEXT_ANALYZER}`"
                    )));
                }
            }
        }
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| IndexError::Incompatible(format!("its schema has no field {name}")))
        };
        Ok(Fields {
            record: f("record")?,
            document_id: f("document_id")?,
            section_id: f("section_id")?,
            ordinal: f("ordinal")?,
            source: f("source")?,
            kind: f("kind")?,
            council: f("council")?,
            body: f("body")?,
            date: f("date")?,
            year: f("year")?,
            meeting: f("meeting")?,
            page: f("page")?,
            ocr: f("ocr")?,
            number: f("number")?,
            section_kind: f("section_kind")?,
            record_facts: f("record_facts")?,
            section_record: f("section_record")?,
            text_len: f("text_len")?,
            first_date: f("first_date")?,
            person: f("person")?,
            paragraph: f("paragraph")?,
            canonical: f("canonical")?,
            canon: [
                f(CANON_FIELDS[0])?,
                f(CANON_FIELDS[1])?,
                f(CANON_FIELDS[2])?,
                f(CANON_FIELDS[3])?,
                f(CANON_FIELDS[4])?,
                f(CANON_FIELDS[5])?,
                f(CANON_FIELDS[6])?,
            ],
            document_key: f("document_key")?,
            file: f("file")?,
            title: f("title")?,
            heading: f("heading")?,
            path: f("path")?,
            text: f("text")?,
            entities: f("entities")?,
            bodies: f("bodies")?,
            doc_json: f("doc_json")?,
            content_hash: f("content_hash")?,
            file_source: f("file_source")?,
            paper: crate::paper_stats::MIRRORS.map(|(_, mirror)| schema.get_field(mirror).ok()),
        })
    }

    /// The text fields that have a canonical twin, in the order of [`Fields::canon`].
    pub fn text_fields(&self) -> [Field; 7] {
        [
            self.title,
            self.heading,
            self.path,
            self.text,
            self.entities,
            self.bodies,
            self.file,
        ]
    }

    /// The canonical twin of a text field ([`Fields::canon`]), if it has one.
    pub fn canon_of(&self, field: Field) -> Option<Field> {
        let i = self.text_fields().iter().position(|&f| f == field)?;
        Some(self.canon[i])
    }

    /// The records for one document: its sections, then the document record. A section is
    /// indexed as its paragraph's canonical copy when `canonical(paragraph key)` says so
    /// (asked once per section, in order; see [`crate::canonical`]).
    pub fn records(
        &self,
        document: &Document,
        canonical: &mut dyn FnMut(u64) -> bool,
    ) -> Result<Vec<TantivyDocument>, IndexError> {
        let json = serde_json::to_string(document)
            .map_err(|e| IndexError::Corrupt(format!("cannot serialise document: {e}")))?;
        let shared = Shared::of(document);
        let facts = RecordFacts::of(document);
        let mut records = Vec::with_capacity(document.sections.len() + 1);
        for (ordinal, section) in document.sections.iter().enumerate() {
            let key = section_key(section);
            let mut record = self.section_record(document, &shared, &facts, ordinal, section, key);
            if canonical(key) {
                self.add_canonical(&mut record, key);
            }
            records.push(record);
        }
        let mut record = TantivyDocument::default();
        record.add_text(self.record, RECORD_DOCUMENT);
        record.add_text(self.document_id, &document.id);
        record.add_text(self.source, &document.source);
        record.add_text(self.doc_json, json);
        self.add_paper_fields(&mut record, document, &shared);
        records.push(record);
        Ok(records)
    }

    /// The records of some sections of `document`, by ordinal, each marked as its
    /// paragraph's canonical copy or not as given: what [`crate::SectionWriter::settle`]
    /// writes again where a section gains or loses the canonical copy.
    pub(crate) fn section_records(
        &self,
        document: &Document,
        sections: &[(usize, bool)],
    ) -> Vec<TantivyDocument> {
        let shared = Shared::of(document);
        let facts = RecordFacts::of(document);
        sections
            .iter()
            .filter_map(|&(ordinal, canonical)| {
                let section = document.sections.get(ordinal)?;
                let key = section_key(section);
                let mut record =
                    self.section_record(document, &shared, &facts, ordinal, section, key);
                if canonical {
                    self.add_canonical(&mut record, key);
                }
                Some(record)
            })
            .collect()
    }

    /// The fields every section of `document` shares, once, in their mirrors on the document
    /// record (see [`crate::paper_stats::MIRRORS`] for their order).
    fn add_paper_fields(&self, record: &mut TantivyDocument, document: &Document, shared: &Shared) {
        let [title, entities, bodies, file] = self.paper;
        if let (Some(field), Some(value)) = (title, &document.title) {
            record.add_text(field, value);
        }
        if let Some(field) = entities {
            for value in &shared.entities {
                record.add_text(field, value);
            }
        }
        if let Some(field) = bodies {
            for value in document.council.iter().chain(&shared.bodies) {
                record.add_text(field, value);
            }
        }
        if let (Some(field), false) = (file, shared.file_words.is_empty()) {
            record.add_text(field, &shared.file_words);
        }
    }

    fn section_record(
        &self,
        document: &Document,
        shared: &Shared,
        facts: &RecordFacts,
        ordinal: usize,
        section: &Section,
        paragraph: u64,
    ) -> TantivyDocument {
        let mut r = TantivyDocument::default();
        r.add_text(self.record, RECORD_SECTION);
        r.add_text(self.document_id, &document.id);
        r.add_text(self.section_id, section_id(&document.id, ordinal));
        r.add_u64(self.ordinal, ordinal as u64);
        r.add_text(self.source, &document.source);
        r.add_text(self.kind, document.kind.as_str());
        if let Some(council) = &document.council {
            r.add_text(self.council, council);
            r.add_text(self.bodies, council);
        }
        for body in &shared.bodies {
            r.add_text(self.body, body);
            r.add_text(self.bodies, body);
        }
        for date in &shared.dates {
            r.add_text(self.date, date);
        }
        for year in &shared.years {
            r.add_text(self.year, year);
        }
        if let Some(json) = stored_meeting(document, ordinal, section) {
            r.add_text(self.meeting, json);
        }
        if let Some(page) = section.page {
            r.add_u64(self.page, u64::from(page));
        }
        if let Some(confidence) = scanned_page_confidence(document, section) {
            r.add_u64(self.ocr, u64::from(confidence));
        }
        if let Some(number) = &section.number {
            r.add_text(self.number, number);
        }
        if let Some(kind) = section.kind {
            r.add_text(self.section_kind, kind.as_str());
        }
        let (held, said, record) = facts.of_section_said(section);
        for fact in held {
            r.add_text(self.record_facts, fact.as_str());
        }
        for fact in said {
            r.add_text(self.record_facts, fact.said_str());
        }
        if !record.is_empty() {
            if let Ok(json) = serde_json::to_string(&record) {
                r.add_text(self.section_record, json);
            }
        }
        if let Some(title) = &document.title {
            r.add_text(self.title, title);
        }
        if let Some(heading) = &section.heading {
            r.add_text(self.heading, heading);
        }
        for heading in &section.path {
            r.add_text(self.path, heading);
        }
        r.add_text(self.text, &section.text);
        r.add_u64(self.paragraph, paragraph);
        r.add_u64(self.document_key, document_key(&document.id));
        r.add_u64(
            self.text_len,
            section.text.split_whitespace().count() as u64,
        );
        if let Some(date) = shared.first_date {
            r.add_u64(self.first_date, date);
        }
        for value in &shared.entities {
            r.add_text(self.entities, value);
        }
        for person in &shared.people {
            r.add_text(self.person, person);
        }
        if !shared.file_words.is_empty() {
            r.add_text(self.file, &shared.file_words);
        }
        r
    }

    /// Marks a section record as its paragraph's canonical copy: the key in `canonical`,
    /// and every text value again in its canonical twin field.
    fn add_canonical(&self, record: &mut TantivyDocument, key: u64) {
        record.add_u64(self.canonical, key);
        let mut twins: Vec<(Field, String)> = Vec::new();
        for (field, value) in record.field_values() {
            if let (Some(twin), Some(text)) = (self.canon_of(field), value.as_str()) {
                twins.push((twin, text.to_string()));
            }
        }
        for (twin, text) in twins {
            record.add_text(twin, text);
        }
    }

    /// Rebuilds a hit (without snippet, score and citation) from a stored section record.
    pub fn hit_from_record(&self, record: &TantivyDocument) -> SearchHit {
        let text = |field: Field| -> Option<String> {
            record
                .get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
        };
        let stored: Option<StoredMeeting> =
            text(self.meeting).and_then(|j| serde_json::from_str(&j).ok());
        let minute = stored.as_ref().and_then(|s| s.minute.clone());
        let filed_for = stored.as_ref().and_then(|s| s.filed_for.clone());
        let meeting = stored.map(|s| s.meeting);
        let section_ordinal = record
            .get_first(self.ordinal)
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as usize;
        SearchHit {
            section_id: text(self.section_id).unwrap_or_default(),
            document_id: text(self.document_id).unwrap_or_default(),
            source: text(self.source).unwrap_or_default(),
            title: text(self.title),
            kind: text(self.kind)
                .and_then(|k| DocumentKind::parse(&k))
                .unwrap_or_default(),
            council: text(self.council),
            meeting,
            minute,
            filed_for,
            number: text(self.number),
            heading: text(self.heading),
            path: record
                .get_all(self.path)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            page: record
                .get_first(self.page)
                .and_then(|v| v.as_u64())
                .and_then(|p| u32::try_from(p).ok()),
            text: text(self.text).unwrap_or_default(),
            ocr_confidence: record
                .get_first(self.ocr)
                .and_then(|v| v.as_u64())
                .and_then(|c| u8::try_from(c).ok()),
            record: text(self.section_record).and_then(|j| serde_json::from_str(&j).ok()),
            snippet: String::new(),
            score: 0.0,
            citation: String::new(),
            section_ordinal,
            more: Vec::new(),
            also_in: Vec::new(),
            explanation: None,
        }
    }

    /// Decodes the stored document of a document record.
    pub fn document_from_record(&self, record: &TantivyDocument) -> Result<Document, IndexError> {
        let json = record
            .get_first(self.doc_json)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt("document record without JSON".to_string()))?;
        serde_json::from_str(json).map_err(|e| IndexError::Corrupt(e.to_string()))
    }
}

/// The JSON of the `meeting` field of a document's section ([`StoredMeeting`]), if it has
/// a meeting, minute or item.
fn stored_meeting(document: &Document, ordinal: usize, section: &Section) -> Option<String> {
    // The section's own meeting where the document follows several (issue histories),
    // so its citation names the meeting that said it; else the document's first.
    let own_meeting = section
        .meeting
        .and_then(|i| document.meetings.get(i))
        .or(document.meetings.first());
    // The item of business (minutes, agendas) the section belongs to: its minute
    // number, and its agenda item where the meeting gives none.
    let agenda = document
        .items
        .iter()
        .find(|i| i.section <= ordinal && ordinal <= i.last_section);
    let stored = StoredMeeting {
        meeting: own_meeting.cloned().unwrap_or_default(),
        minute: agenda.and_then(|a| a.minute.clone()),
        filed_for: document.filed_for.clone(),
    };
    let stored = match agenda {
        Some(a) if stored.meeting.item.is_none() => StoredMeeting {
            meeting: Meeting {
                item: a.item.clone(),
                ..stored.meeting
            },
            ..stored
        },
        _ => stored,
    };
    if own_meeting.is_some() || stored.minute.is_some() || stored.meeting.item.is_some() {
        serde_json::to_string(&stored).ok()
    } else {
        None
    }
}

/// What a section record's `meeting` field holds: the section's meeting, the minute
/// number of the item of business the section belongs to (absent in indexes written before
/// it was stored: their citations have no minute), and the meeting the document was filed
/// for where it records another.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct StoredMeeting {
    /// The meeting (its `item` is the section's agenda item where the meeting has none).
    #[serde(flatten)]
    pub meeting: Meeting,
    /// The minute number of the section's item (`84`, `23/45`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<String>,
    /// The meeting whose papers the document was published with, where another than the
    /// one it records ([`Document::filed_for`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_for: Option<Meeting>,
}

/// What every section record of a document shares, computed once.
struct Shared {
    bodies: BTreeSet<String>,
    dates: BTreeSet<String>,
    years: BTreeSet<String>,
    first_date: Option<u64>,
    entities: BTreeSet<String>,
    people: BTreeSet<String>,
    file_words: String,
}

impl Shared {
    fn of(document: &Document) -> Shared {
        let bodies: BTreeSet<String> = document
            .meetings
            .iter()
            .filter_map(|m| m.body.as_deref())
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect();
        let dates: BTreeSet<String> = document
            .meetings
            .iter()
            .filter_map(|m| m.date.as_deref())
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        let years = dates
            .iter()
            .filter_map(|d| d.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect();
        let mut entities: BTreeSet<String> = document
            .entities
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntityKind::Person
                        | EntityKind::Body
                        | EntityKind::Organisation
                        | EntityKind::Role
                )
            })
            .flat_map(|e| std::iter::once(e.value.as_str()).chain(e.role.as_deref()))
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string)
            .collect();
        // A search for a ward finds the reports about it, and one for a forward-plan
        // reference the report it names; "All" wards names no place.
        if let Some(report) = &document.report {
            entities.extend(
                report
                    .wards
                    .iter()
                    .map(|w| w.trim())
                    .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("all"))
                    .map(str::to_string),
            );
            entities.extend(report.forward_plan.iter().map(|r| r.trim().to_string()));
        }
        let first_date = document
            .meetings
            .iter()
            .find_map(|m| m.date.as_deref().and_then(date_number));
        let people = document
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.value.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        Shared {
            bodies,
            dates,
            years,
            first_date,
            entities,
            people,
            file_words: file_words(&document.source),
        }
    }
}

/// A `YYYY-MM-DD` date as the number `YYYYMMDD` (`None` if it is not such a date).
pub fn date_number(date: &str) -> Option<u64> {
    let date = date.trim();
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits: String = date.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The searchable words of a source path: the file name without its extension, and the
/// name of the folder holding it (papers are usually named after their title or meeting).
/// Separators (`_`, `-`, `.`) become spaces.
pub fn file_words(source: &str) -> String {
    let mut parts = source.rsplit(['/', '\\']);
    let name = parts.next().unwrap_or_default();
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= 6 => &name[..dot],
        _ => name,
    };
    let folder = parts.next().unwrap_or_default();
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c == '_' || c == '-' || c == '.' {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let mut out = clean(stem);
    if !folder.is_empty() {
        out.push_str(" \n ");
        out.push_str(&clean(folder));
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_without_text_is_keyed_by_its_headings() {
        let at = |path: &[&str], heading: Option<&str>, text: &str| Section {
            path: path.iter().map(|p| p.to_string()).collect(),
            heading: heading.map(str::to_string),
            text: text.into(),
            ..Section::default()
        };
        let apologies = at(&["Minutes"], Some("Apologies for absence"), "");
        assert_eq!(
            section_key(&apologies),
            section_key(&at(&["MINUTES"], Some("Apologies for Absence."), " "))
        );
        assert_ne!(
            section_key(&apologies),
            section_key(&at(&["Agenda"], Some("Apologies for absence"), ""))
        );
        assert_ne!(
            section_key(&at(&[], Some("Budget"), "")),
            crate::dedup::paragraph_key("Budget"),
            "a heading is not the paragraph of the same words"
        );
        assert_eq!(
            section_key(&at(&["Minutes"], None, "The budget was agreed.")),
            crate::dedup::paragraph_key("The budget was agreed.")
        );
        assert_eq!(section_key(&at(&[], None, "")), crate::dedup::NO_PARAGRAPH);
    }

    #[test]
    fn dates_become_numbers() {
        assert_eq!(date_number("2025-03-13"), Some(20250313));
        assert_eq!(date_number("13/03/2025"), None);
        assert_eq!(date_number(""), None);
    }

    #[test]
    fn report_wards_and_forward_plan_are_entity_words() {
        let document = Document {
            report: Some(council_model::ReportFacts {
                key_decision: Some(true),
                forward_plan: Some("FP/2023/045".into()),
                wards: vec!["All".into(), "Hale Central".into()],
                author: None,
            }),
            ..Document::default()
        };
        let shared = Shared::of(&document);
        assert!(shared.entities.contains("Hale Central"));
        assert!(shared.entities.contains("FP/2023/045"));
        assert!(!shared.entities.contains("All"));
    }

    #[test]
    fn a_search_for_a_ward_finds_the_report_about_it() {
        let report = Document {
            id: "r1".into(),
            source: "cabinet/library-hours.pdf".into(),
            kind: DocumentKind::CommitteeReport,
            title: Some("Library opening hours".into()),
            sections: vec![Section {
                text: "The proposal changes the opening hours of two libraries.".into(),
                ..Section::default()
            }],
            report: Some(council_model::ReportFacts {
                wards: vec!["Hale Central".into()],
                forward_plan: Some("FP/2023/045".into()),
                ..Default::default()
            }),
            ..Document::default()
        };
        let other = Document {
            id: "r2".into(),
            source: "cabinet/roads.pdf".into(),
            kind: DocumentKind::CommitteeReport,
            sections: vec![Section {
                text: "The proposal resurfaces two roads in the centre.".into(),
                ..Section::default()
            }],
            ..Document::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let index = crate::SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        writer.add_document(&report).unwrap();
        writer.add_document(&other).unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        for query in ["Hale Central", "FP/2023/045"] {
            let results = index
                .search(&crate::SearchRequest {
                    query: query.into(),
                    limit: 10,
                    ..crate::SearchRequest::default()
                })
                .unwrap();
            let docs: Vec<&str> = results
                .hits
                .iter()
                .map(|h| h.document_id.as_str())
                .collect();
            assert_eq!(docs, ["r1"], "{query}");
        }
    }

    #[test]
    fn a_minutes_paragraph_is_cited_with_its_minute_number() {
        let minutes = Document {
            id: "m1".into(),
            source: "council/minutes.pdf".into(),
            kind: DocumentKind::Minutes,
            council: Some("Kent County Council".into()),
            meetings: vec![Meeting {
                body: Some("County Council".into()),
                date: Some("2025-02-13".into()),
                item: None,
            }],
            sections: vec![
                Section {
                    text: "Apologies were received.".into(),
                    ..Section::default()
                },
                Section {
                    heading: Some("Revenue budget".into()),
                    ..Section::default()
                },
                Section {
                    number: Some("4.2".into()),
                    text: "The budget was agreed with the reserves policy.".into(),
                    page: Some(12),
                    ..Section::default()
                },
            ],
            items: vec![council_model::AgendaItem {
                minute: Some("4".into()),
                item: Some("6".into()),
                title: "Revenue budget".into(),
                section: 1,
                last_section: 2,
                ..Default::default()
            }],
            ..Document::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let index = crate::SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        writer.add_document(&minutes).unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        let cite = |query: &str| {
            let results = index
                .search(&crate::SearchRequest {
                    query: query.into(),
                    limit: 1,
                    ..crate::SearchRequest::default()
                })
                .unwrap();
            results.hits[0].citation.clone()
        };
        assert_eq!(
            cite("reserves policy"),
            "Kent County Council, County Council, 13 February 2025, minute 4, item 6, \
             para 4.2, p. 12"
        );
        // Outside any item: no minute.
        assert_eq!(
            cite("apologies"),
            "Kent County Council, County Council, 13 February 2025"
        );
    }

    #[test]
    fn file_words_take_name_and_folder() {
        assert_eq!(
            file_words("a/16-Joint Policing/Minutes_of-the.Meeting.pdf"),
            "Minutes of the Meeting \n 16 Joint Policing"
        );
        assert_eq!(file_words("report.txt"), "report");
    }
}
