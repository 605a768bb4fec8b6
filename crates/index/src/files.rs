//! What the index knows of each source file: the file records that incremental ingestion
//! asks, one file at a time.
//!
//! An ingest writes one *file record* for every file it reads, in the same commit as the
//! file's documents (so a `kill -9` never leaves one without the other). A [`FileRecord`]
//! holds the file's source path, its content hash and what reading it gave: the outcome,
//! its reason, and how many documents and sections were indexed. The record is indexed by
//! source (the `source` field, so deleting a source deletes it with the documents, and
//! `file_source`, which only file records have) and by content hash (`content_hash`), which
//! lets an ingest ask, file by file, straight from the postings:
//!
//! - [`SectionIndex::file_record`]: is this source indexed with this content already (skip
//!   it), or was it read before and found unindexable (a scan, an encrypted PDF: no need to
//!   read it again)?
//! - [`SectionIndex::count_with_hash`] and [`SectionIndex::sources_with_hash`]: which other
//!   sources hold these bytes (a duplicate is indexed once)?
//! - [`SectionIndex::for_each_file_record`]: every file record, one at a time (to prune the
//!   sources gone from the folder).
//!
//! - [`SectionIndex::indexed_at`]: when the file was written into the index (Unix seconds,
//!   stamped by [`SectionWriter::add_file_record`] beside the record; feeds order papers of
//!   the same meeting date by it).
//!
//! None of these loads the whole index's list of files into memory.

use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, SegmentReader, TantivyDocument, Term, TERMINATED};

use crate::schema::RECORD_FILE;
use crate::{IndexError, SectionIndex, SectionWriter};

/// The key of the time stamp stored beside a file record's fields.
const INDEXED_AT: &str = "indexed_at";

/// What an ingest learnt of one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// The source path, relative to the ingested folder.
    pub source: String,
    /// The content hash of the bytes read.
    pub content_hash: String,
    /// The outcome of reading it (`ok`, `needs_ocr`, `malformed`, ...).
    pub outcome: String,
    /// Why, for every outcome but `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Documents indexed from it.
    #[serde(default)]
    pub documents: usize,
    /// Sections indexed from it.
    #[serde(default)]
    pub sections: usize,
    /// Whether a fallback PDF extractor was at hand when it was read.
    #[serde(default)]
    pub fallback: bool,
    /// The version of the program that read it.
    #[serde(default)]
    pub version: String,
}

impl FileRecord {
    /// The outcome as the enum (`None` for a code this build does not know).
    pub fn recorded_outcome(&self) -> Option<council_model::Outcome> {
        council_model::Outcome::parse(&self.outcome)
    }
}

impl SectionIndex {
    /// The file record of `source`, as of the reader's last reload.
    pub fn file_record(&self, source: &str) -> Result<Option<FileRecord>, IndexError> {
        let searcher = self.reader.searcher();
        let mut found = None;
        // Each write of a source deletes its earlier records first: there is at most one.
        self.each_file_record_with(&searcher, self.fields.file_source, source, |_, address| {
            if found.is_none() {
                found = Some(self.read_file_record(&searcher, address)?);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// When `source` was written into the index (Unix seconds), as of the reader's last
    /// reload; `None` when it is not indexed or its record predates the time stamp.
    pub fn indexed_at(&self, source: &str) -> Result<Option<i64>, IndexError> {
        let searcher = self.reader.searcher();
        let mut found = None;
        self.each_file_record_with(&searcher, self.fields.file_source, source, |_, address| {
            if found.is_none() {
                let record: TantivyDocument = searcher.doc(address)?;
                found = record
                    .get_first(self.fields.doc_json)
                    .and_then(|v| v.as_str())
                    .and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok())
                    .and_then(|json| json.get(INDEXED_AT).and_then(|t| t.as_i64()));
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// The number of file records whose content hash is `hash` (from the postings alone).
    pub fn count_with_hash(&self, hash: &str) -> Result<usize, IndexError> {
        let searcher = self.reader.searcher();
        let mut count = 0;
        self.each_file_record_with(&searcher, self.fields.content_hash, hash, |_, _| {
            count += 1;
            Ok(())
        })?;
        Ok(count)
    }

    /// The sources of the file records whose content hash is `hash`, as of the reader's
    /// last reload.
    pub fn sources_with_hash(&self, hash: &str) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut sources = Vec::new();
        self.each_file_record_with(&searcher, self.fields.content_hash, hash, |_, address| {
            sources.push(self.read_file_record(&searcher, address)?.source);
            Ok(())
        })?;
        Ok(sources)
    }

    /// Calls `visit` with every file record of the index (as of the reader's last reload),
    /// segment by segment, holding one record at a time.
    pub fn for_each_file_record<E: From<IndexError>>(
        &self,
        mut visit: impl FnMut(FileRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        let searcher = self.reader.searcher();
        let mut addresses = Vec::new();
        for ordinal in 0..searcher.segment_readers().len() {
            // One segment's addresses at a time (a segment holds at most 50,000 records).
            addresses.clear();
            self.each_file_record_in(
                &searcher,
                ordinal,
                self.fields.record,
                RECORD_FILE,
                &mut |_, address| {
                    addresses.push(address);
                    Ok(())
                },
            )?;
            for &address in &addresses {
                visit(self.read_file_record(&searcher, address)?)?;
            }
        }
        Ok(())
    }

    /// The number of file records in the index.
    pub fn num_file_records(&self) -> u64 {
        self.count_records(RECORD_FILE)
    }

    /// Calls `visit` with each live record whose `field` holds the term `value` (a field only
    /// file records have, or `record` itself): straight from the postings, no query.
    fn each_file_record_with(
        &self,
        searcher: &Searcher,
        field: Field,
        value: &str,
        mut visit: impl FnMut(&SegmentReader, DocAddress) -> Result<(), IndexError>,
    ) -> Result<(), IndexError> {
        for ordinal in 0..searcher.segment_readers().len() {
            self.each_file_record_in(searcher, ordinal, field, value, &mut visit)?;
        }
        Ok(())
    }

    fn each_file_record_in(
        &self,
        searcher: &Searcher,
        ordinal: usize,
        field: Field,
        value: &str,
        visit: &mut dyn FnMut(&SegmentReader, DocAddress) -> Result<(), IndexError>,
    ) -> Result<(), IndexError> {
        let segment = searcher.segment_reader(ordinal as u32);
        let term = Term::from_field_text(field, value);
        let Some(mut postings) = segment
            .inverted_index(field)?
            .read_postings(&term, IndexRecordOption::Basic)?
        else {
            return Ok(());
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                visit(segment, DocAddress::new(ordinal as u32, doc))?;
            }
            doc = postings.advance();
        }
        Ok(())
    }

    fn read_file_record(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<FileRecord, IndexError> {
        let record: TantivyDocument = searcher.doc(address)?;
        let json = record
            .get_first(self.fields.doc_json)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt("file record without JSON".into()))?;
        serde_json::from_str(json).map_err(|e| IndexError::Corrupt(format!("file record: {e}")))
    }
}

impl SectionWriter {
    /// Adds the file record of `record.source` (the caller has deleted the source's earlier
    /// records with [`SectionWriter::delete_source`]).
    /// The record is stamped with the time of writing ([`SectionIndex::indexed_at`]).
    pub fn add_file_record(&mut self, record: &FileRecord) -> Result<(), IndexError> {
        let mut json = serde_json::to_value(record)
            .map_err(|e| IndexError::Corrupt(format!("cannot serialise file record: {e}")))?;
        if let Some(object) = json.as_object_mut() {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            object.insert(INDEXED_AT.to_string(), now.into());
        }
        let json = json.to_string();
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.record, RECORD_FILE);
        doc.add_text(self.fields.source, &record.source);
        doc.add_text(self.fields.file_source, &record.source);
        doc.add_text(self.fields.content_hash, &record.content_hash);
        doc.add_text(self.fields.doc_json, json);
        self.writer.add_document(doc)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(source: &str, hash: &str, outcome: &str) -> FileRecord {
        FileRecord {
            source: source.into(),
            content_hash: hash.into(),
            outcome: outcome.into(),
            reason: None,
            documents: 0,
            sections: 0,
            fallback: false,
            version: "test".into(),
        }
    }

    #[test]
    fn file_records_are_found_by_source_and_by_hash_and_go_with_their_source() {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer(15_000_000).unwrap();
        writer
            .add_file_record(&record("a.pdf", "h1", "ok"))
            .unwrap();
        writer
            .add_file_record(&record("b/c.pdf", "h2", "needs_ocr"))
            .unwrap();
        writer
            .add_file_record(&record("d.pdf", "h1", "ok"))
            .unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        assert_eq!(
            index.file_record("b/c.pdf").unwrap(),
            Some(record("b/c.pdf", "h2", "needs_ocr"))
        );
        assert_eq!(index.file_record("b").unwrap(), None);
        let mut with_h1: Vec<String> = index.sources_with_hash("h1").unwrap();
        assert_eq!(index.count_with_hash("h1").unwrap(), 2);
        assert_eq!(index.count_with_hash("h3").unwrap(), 0);
        with_h1.sort();
        assert_eq!(with_h1, ["a.pdf", "d.pdf"]);
        assert_eq!(index.num_file_records(), 3);
        let stamped = index.indexed_at("b/c.pdf").unwrap().unwrap();
        assert!(stamped > 1_700_000_000, "{stamped}");
        assert_eq!(index.indexed_at("nowhere.pdf").unwrap(), None);
        // File records are neither documents nor sections.
        assert_eq!((index.num_documents(), index.num_sections()), (0, 0));

        writer.delete_source("a.pdf").unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        assert_eq!(index.file_record("a.pdf").unwrap(), None);
        let mut all = Vec::new();
        index
            .for_each_file_record(|r| -> Result<(), IndexError> {
                all.push(r.source);
                Ok(())
            })
            .unwrap();
        all.sort();
        assert_eq!(all, ["b/c.pdf", "d.pdf"]);
    }
}
