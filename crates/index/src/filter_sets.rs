//! [`FilterSets`]: the sections a filter passes and the paragraphs with a passing copy,
//! gathered once per commit and filters, which a filtered phase one
//! ([`crate::phases::filtered_candidates`]) checks its matches against (a broad filter) or
//! visits (the canonical copies standing for a selective filter's paragraphs).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::{BitSet, DocAddress, DocId, Searcher};

use crate::canonical;
use crate::columns::SegmentColumns;
use crate::dedup::NO_PARAGRAPH;
use crate::schema::Fields;
use crate::IndexError;

/// Filters at most this share of the index (1 in N sections) are applied by visiting
/// their paragraphs' canonical copies; broader ones as a set the pruned pass checks
/// ([`crate::phases::filtered_candidates`]).
pub const SELECTIVE_FILTER: u64 = 8;

/// The sections a filter passes, one set per segment, and the paragraphs with a copy
/// among them: what a filtered phase one checks its matches against. Gathering them costs
/// what the filter passes, so a search keeps them per commit and filters
/// ([`crate::SectionIndex`]).
pub struct FilterSets {
    pub(crate) sets: Vec<BitSet>,
    /// The paragraph keys of the live sections passing, each with its first passing copy
    /// (in index order).
    pub(crate) paragraphs: FxHashMap<u64, DocAddress>,
    /// For a selective filter ([`FilterSets::is_selective`]), the canonical copies
    /// standing for a paragraph with a passing copy (and the sections without a paragraph
    /// key that pass), in increasing order, one list per segment: what its phase one
    /// visits ([`crate::phases::filtered_candidates`]).
    pub(crate) canonical: Vec<Vec<DocId>>,
    passing: u64,
    all: u64,
}

impl FilterSets {
    /// The live sections `filter` passes in each segment of `searcher` (`columns`: the
    /// segments' open columns, by ordinal).
    pub fn gather(
        searcher: &Searcher,
        filter: &dyn Query,
        columns: &[Arc<SegmentColumns>],
    ) -> Result<FilterSets, IndexError> {
        let weight = filter.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut sets = Vec::with_capacity(searcher.segment_readers().len());
        let mut paragraphs = FxHashMap::default();
        let (mut passing, mut all) = (0u64, 0u64);
        for (ord, (segment, cols)) in searcher.segment_readers().iter().zip(columns).enumerate() {
            let ord = ord as u32;
            let mut set = BitSet::with_max_value(segment.max_doc());
            let alive = segment.alive_bitset();
            let keys = cols.paragraph.as_ref();
            weight.for_each_no_score(segment, &mut |docs| {
                for &doc in docs {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        set.insert(doc);
                        match keys.and_then(|k| k.first(doc)) {
                            Some(key) if key != NO_PARAGRAPH => {
                                paragraphs.entry(key).or_insert(DocAddress::new(ord, doc));
                            }
                            _ => {}
                        }
                    }
                }
            })?;
            passing += set.len() as u64;
            all += u64::from(segment.num_docs());
            sets.push(set);
        }
        let mut found = FilterSets {
            sets,
            paragraphs,
            canonical: Vec::new(),
            passing,
            all,
        };
        if found.is_selective() {
            found.canonical = found.canonical_copies(searcher)?;
        }
        Ok(found)
    }

    /// The live canonical copies ([`crate::canonical`]) whose paragraph has a copy passing
    /// (a section without a paragraph key is its own canonical copy: when it passes), in
    /// increasing order, one list per segment.
    fn canonical_copies(&self, searcher: &Searcher) -> Result<Vec<Vec<DocId>>, IndexError> {
        let copies = tantivy::query::ExistsQuery::new("canonical".into(), false);
        let weight = copies.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut out = Vec::with_capacity(searcher.segment_readers().len());
        for (segment, set) in searcher.segment_readers().iter().zip(&self.sets) {
            let mut docs = Vec::new();
            if let Ok(column) = segment.fast_fields().u64("canonical") {
                let alive = segment.alive_bitset();
                weight.for_each_no_score(segment, &mut |found| {
                    for &doc in found {
                        let stands = match column.first(doc) {
                            Some(NO_PARAGRAPH) => set.contains(doc),
                            Some(key) => self.paragraphs.contains_key(&key),
                            None => false,
                        };
                        if stands && alive.is_none_or(|a| a.is_alive(doc)) {
                            docs.push(doc);
                        }
                    }
                })?;
            }
            out.push(docs);
        }
        Ok(out)
    }

    /// Whether the filter passes at most 1 in [`SELECTIVE_FILTER`] sections: visiting the
    /// canonical copies of its paragraphs is then cheaper than a pruned pass over the whole
    /// index (whose threshold rises only with the few matches the filter passes).
    pub fn is_selective(&self) -> bool {
        self.passing.saturating_mul(SELECTIVE_FILTER) <= self.all
    }

    pub(crate) fn passes(&self, address: DocAddress) -> bool {
        self.sets
            .get(address.segment_ord as usize)
            .is_some_and(|s| s.contains(address.doc_id))
    }

    /// Up to `limit` live sections of the paragraph `key` the filter passes, in index order.
    pub(crate) fn passing_copies(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        key: u64,
        limit: usize,
    ) -> Result<Vec<DocAddress>, IndexError> {
        canonical::copies_where(searcher, fields, key, limit, |address| self.passes(address))
    }
}
