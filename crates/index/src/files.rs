//! What the index knows of each source file: the file records that incremental ingestion
//! asks, one file at a time.
//!
//! An ingest writes one *file record* for every file it reads, in the same commit as the
//! file's documents (so a `kill -9` never leaves one without the other). A [`FileRecord`]
//! holds the file's source path, its content hash and what reading it gave: the outcome,
//! its reason, and how many documents and sections were indexed. The record is indexed by
//! source (the `source` field, so deleting a source deletes it with the documents) and by
//! content hash (the `content_hash` field), which lets an ingest ask, file by file:
//!
//! - [`SectionIndex::file_record`]: is this source indexed with this content already (skip
//!   it), or was it read before and found unindexable (a scan, an encrypted PDF: no need to
//!   read it again)?
//! - [`SectionIndex::sources_with_hash`]: which other sources hold these bytes (a duplicate
//!   is indexed once)?
//! - [`SectionIndex::for_each_file_record`]: every file record, one at a time (to prune the
//!   sources gone from the folder).
//!
//! None of these loads the whole index's list of files into memory.

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use crate::schema::RECORD_FILE;
use crate::{IndexError, SectionIndex, SectionWriter};

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

impl SectionIndex {
    /// The file record of `source`, as of the reader's last reload.
    pub fn file_record(&self, source: &str) -> Result<Option<FileRecord>, IndexError> {
        let searcher = self.reader.searcher();
        let addresses = self.file_records_with(&searcher, self.fields.source, source)?;
        // Each write of a source deletes its earlier records first: there is at most one.
        match addresses.first() {
            Some(&address) => Ok(Some(self.read_file_record(&searcher, address)?)),
            None => Ok(None),
        }
    }

    /// The file records whose content hash is `hash`, as of the reader's last reload.
    pub fn sources_with_hash(&self, hash: &str) -> Result<Vec<FileRecord>, IndexError> {
        let searcher = self.reader.searcher();
        self.file_records_with(&searcher, self.fields.content_hash, hash)?
            .into_iter()
            .map(|address| self.read_file_record(&searcher, address))
            .collect()
    }

    /// Calls `visit` with every file record of the index (as of the reader's last reload),
    /// segment by segment, holding one record at a time.
    pub fn for_each_file_record<E: From<IndexError>>(
        &self,
        mut visit: impl FnMut(FileRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.fields.record, RECORD_FILE);
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment
                .inverted_index(self.fields.record)
                .map_err(IndexError::from)?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(IndexError::from)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    let address = DocAddress::new(ordinal as u32, doc);
                    visit(self.read_file_record(&searcher, address)?)?;
                }
                doc = postings.advance();
            }
        }
        Ok(())
    }

    /// The number of file records in the index.
    pub fn num_file_records(&self) -> u64 {
        self.count_records(RECORD_FILE)
    }

    fn file_records_with(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        value: &str,
    ) -> Result<Vec<DocAddress>, IndexError> {
        let term = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::intersection(vec![
            term(self.fields.record, RECORD_FILE),
            term(field, value),
        ]);
        let mut addresses: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        Ok(addresses)
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
    pub fn add_file_record(&mut self, record: &FileRecord) -> Result<(), IndexError> {
        let json = serde_json::to_string(record)
            .map_err(|e| IndexError::Corrupt(format!("cannot serialise file record: {e}")))?;
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.record, RECORD_FILE);
        doc.add_text(self.fields.source, &record.source);
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
        let mut with_h1: Vec<String> = index
            .sources_with_hash("h1")
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect();
        with_h1.sort();
        assert_eq!(with_h1, ["a.pdf", "d.pdf"]);
        assert_eq!(index.num_file_records(), 3);
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
