//! What the index holds, document by document: the catalog, for checks and tests.
//!
//! [`SectionIndex::catalog`] lists every *document record* (see [`crate::schema`]) with its
//! source path, document id and content hash (read from the stored document JSON), and how
//! many section records the index holds for it, so a test can compare two indexes and check
//! that each document has exactly its sections. It reads the whole index; ingestion does not
//! use it (it asks the file records one file at a time, see [`crate::files`]). The catalog
//! reflects the last commit the index's reader has seen.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::schema::{RECORD_DOCUMENT, RECORD_SECTION};
use crate::{IndexError, SectionIndex};

/// One document record of the index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IndexedDocument {
    /// The source file, relative to the ingested folder.
    pub source: String,
    /// The document id.
    pub document_id: String,
    /// The content hash of the source file when it was indexed.
    pub content_hash: String,
    /// The number of sections in the stored document.
    pub sections: usize,
    /// The number of section records the index holds for this document id.
    pub section_records: usize,
}

/// Every document record of an index, sorted by (source, document id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// The documents, sorted.
    pub documents: Vec<IndexedDocument>,
}

impl Catalog {
    /// The number of document records.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

/// The parts of a stored document the catalog reads; the rest of the JSON is skipped.
#[derive(Deserialize)]
struct Head {
    id: String,
    source: String,
    #[serde(default)]
    content_hash: String,
    #[serde(default)]
    sections: Vec<serde::de::IgnoredAny>,
}

impl SectionIndex {
    /// Lists every document record of the index (as of the reader's last reload).
    ///
    /// Reads the stored JSON of each document record, so it costs about one stored-document
    /// read per paper; section records are counted with the `document_id` term.
    pub fn catalog(&self) -> Result<Catalog, IndexError> {
        let searcher = self.reader.searcher();
        let term = |field, value: &str| {
            TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            )
        };
        let mut addresses: Vec<DocAddress> = searcher
            .search(&term(self.fields.record, RECORD_DOCUMENT), &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        // Section records per document id: one pass over the section records' stored ids
        // would read every section; a posting-list count per id is far cheaper.
        let section_query = term(self.fields.record, RECORD_SECTION);
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut documents = Vec::with_capacity(addresses.len());
        for address in addresses {
            let record: TantivyDocument = searcher.doc(address)?;
            let json = record
                .get_first(self.fields.doc_json)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .ok_or_else(|| IndexError::Corrupt("document record without JSON".into()))?;
            let head: Head =
                serde_json::from_str(json).map_err(|e| IndexError::Corrupt(e.to_string()))?;
            let section_records = match counts.get(&head.id) {
                Some(&n) => n,
                None => {
                    let query = tantivy::query::BooleanQuery::intersection(vec![
                        Box::new(section_query.clone()),
                        Box::new(term(self.fields.document_id, &head.id)),
                    ]);
                    let n = searcher.search(&query, &tantivy::collector::Count)?;
                    counts.insert(head.id.clone(), n);
                    n
                }
            };
            documents.push(IndexedDocument {
                source: head.source,
                document_id: head.id,
                content_hash: head.content_hash,
                sections: head.sections.len(),
                section_records,
            });
        }
        documents.sort();
        Ok(Catalog { documents })
    }
}
