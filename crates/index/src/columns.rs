//! The fast columns a search reads, opened once per segment and kept while the segment is
//! in the index.
//!
//! Opening a column is not free: tantivy reads its header and, for a block-wise linear
//! column (the per-section numbers), every block's parameters, so opening one column of a
//! segment of a million sections costs thousands of block headers. A search at a million
//! sections opened the same seven columns of every segment several times (facets, person
//! facet, grouping, places): measured with callgrind, about 4.5 M instructions per search,
//! more than a third of a plain BM25 top-10. Segments never change once written (deletes
//! only mark documents), so a segment's columns are opened once, on the first search that
//! reads them, and the [`ColumnCache`] forgets the segments a later commit no longer has.

use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, ExistsQuery, Query};
use tantivy::{DocId, Searcher, SegmentReader};

use crate::rank::BaseColumns;

/// The faceted string columns, in the order of [`crate::facets`]' counts.
pub const FACET_FIELDS: [&str; 5] = ["council", "body", "kind", "year", "person"];

/// The opened fast columns of one segment (`None`: the segment has no such column).
pub struct SegmentColumns {
    /// The faceted string columns, as [`FACET_FIELDS`].
    pub facets: [Option<StrColumn>; 5],
    /// The paragraph key of each section ([`crate::dedup::paragraph_key`]).
    pub paragraph: Option<Column<u64>>,
    /// The key of each record's document ([`crate::schema::document_key`]).
    pub document_key: Option<Column<u64>>,
    /// The ranking's columns ([`crate::rank`]).
    pub(crate) rank: BaseColumns,
    /// The canonical copies of the segment ([`canonical_docs`]), listed on first use.
    canonical: OnceLock<Vec<DocId>>,
}

/// The records of `segment` that are their paragraph's canonical copy (they have the
/// `canonical` column, [`crate::canonical`]), in increasing order, deleted ones included.
pub fn canonical_docs(segment: &SegmentReader) -> tantivy::Result<Vec<DocId>> {
    let copies = ExistsQuery::new("canonical".into(), false);
    let weight = copies.weight(EnableScoring::disabled_from_schema(segment.schema()))?;
    let mut docs = Vec::new();
    weight.for_each_no_score(segment, &mut |found| docs.extend_from_slice(found))?;
    Ok(docs)
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> tantivy::Result<SegmentColumns> {
        let fast = segment.fast_fields();
        let mut facets: [Option<StrColumn>; 5] = Default::default();
        for (slot, name) in facets.iter_mut().zip(FACET_FIELDS) {
            *slot = fast.str(name)?;
        }
        Ok(SegmentColumns {
            facets,
            paragraph: fast.u64("paragraph").ok(),
            document_key: fast.u64("document_key").ok(),
            rank: BaseColumns::open(segment),
            canonical: OnceLock::new(),
        })
    }

    /// The segment's canonical copies ([`canonical_docs`]), listed once (a segment never
    /// changes; deletes only mark records, which the caller checks).
    pub fn canonical(&self, segment: &SegmentReader) -> tantivy::Result<&[DocId]> {
        if let Some(docs) = self.canonical.get() {
            return Ok(docs);
        }
        let docs = canonical_docs(segment)?;
        Ok(self.canonical.get_or_init(|| docs))
    }

    /// The `council` column.
    pub fn council(&self) -> Option<&StrColumn> {
        self.facets[0].as_ref()
    }

    /// The `person` column.
    pub fn person(&self) -> Option<&StrColumn> {
        self.facets[4].as_ref()
    }
}

/// Each live segment's [`SegmentColumns`], by segment id.
#[derive(Default)]
pub struct ColumnCache(Mutex<FxHashMap<SegmentId, Arc<SegmentColumns>>>);

impl ColumnCache {
    /// The columns of every segment of `searcher`, by segment ordinal: opened where this
    /// is the first search of a segment; segments the searcher no longer has are
    /// forgotten.
    pub fn of(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<SegmentColumns>>> {
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let id = segment.segment_id();
            let columns = match cached.get(&id) {
                Some(c) => c.clone(),
                None => {
                    let c = Arc::new(SegmentColumns::open(segment)?);
                    cached.insert(id, c.clone());
                    c
                }
            };
            out.push(columns);
        }
        if cached.len() > out.len() {
            let live: Vec<SegmentId> = searcher
                .segment_readers()
                .iter()
                .map(SegmentReader::segment_id)
                .collect();
            cached.retain(|id, _| live.contains(id));
        }
        Ok(out)
    }
}
