//! Facet counts: over a search's candidates ([`count_docs`]) or over every section a
//! query matches ([`count_matches`]).
//!
//! [`FacetCollector`] reads the fast string columns `council`, `body`, `kind`, `year` and
//! `person`:
//! per segment it counts term ordinals of the matching documents in a plain vector (no
//! string work per hit), and only turns the non-zero ordinals into strings when the
//! segment is done. Segments are then merged by value, sorted by count (descending) then
//! value, and cut to [`MAX_FACET_VALUES`].

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use std::sync::Arc;

use tantivy::query::{EnableScoring, Query};
use tantivy::Searcher;

use crate::columns::{SegmentColumns, FACET_FIELDS};
use crate::names::{NameTable, PersonCounter};
use crate::{FacetCount, Facets, IndexError};

/// The most values returned per facet.
pub const MAX_FACET_VALUES: usize = 20;

/// Counts matching sections by council, body, kind, year and person.
pub struct FacetCollector;

/// The per-segment half of [`FacetCollector`].
pub struct FacetSegmentCollector {
    columns: Vec<Option<(StrColumn, Vec<u64>)>>,
}

/// Counts by value, one map per faceted field.
pub type FacetMaps = Vec<HashMap<String, u64>>;

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let mut columns = Vec::with_capacity(FACET_FIELDS.len());
        for name in FACET_FIELDS {
            let column = segment.fast_fields().str(name)?;
            columns.push(column.map(|c| {
                let counts = vec![0u64; c.num_terms()];
                (c, counts)
            }));
        }
        Ok(FacetSegmentCollector { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<FacetMaps>) -> tantivy::Result<Facets> {
        let mut merged: FacetMaps = vec![HashMap::new(); FACET_FIELDS.len()];
        for fruit in segment_fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, count) in from {
                    *into.entry(value).or_insert(0) += count;
                }
            }
        }
        let mut lists = merged.into_iter().map(top_values);
        Ok(Facets {
            council: lists.next().unwrap_or_default(),
            body: lists.next().unwrap_or_default(),
            kind: lists.next().unwrap_or_default(),
            year: lists.next().unwrap_or_default(),
            person: lists.next().unwrap_or_default(),
        })
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetMaps;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            let mut last = None;
            for ord in column.term_ords(doc) {
                // Values are deduplicated at index time; this guards against repeats anyway.
                if last == Some(ord) {
                    continue;
                }
                last = Some(ord);
                if let Some(count) = counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetMaps {
        self.columns
            .into_iter()
            .map(|column| {
                let mut map = HashMap::new();
                if let Some((column, counts)) = column {
                    // One sorted pass over the dictionary: looking ordinals up one by one
                    // decompresses a dictionary block per value.
                    let ords: Vec<u64> = counts
                        .iter()
                        .enumerate()
                        .filter(|(_, &count)| count > 0)
                        .map(|(ord, _)| ord as u64)
                        .collect();
                    let mut values = ords.iter();
                    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                        if let Some(&ord) = values.next() {
                            let value = String::from_utf8_lossy(bytes).into_owned();
                            *map.entry(value).or_insert(0) += counts[ord as usize];
                        }
                    });
                }
                map
            })
            .collect()
    }
}

/// Counts the given sections of one segment (`docs` increasing), its columns already
/// open: each column's ordinals are gathered, sorted and counted, then turned into values
/// in one sorted dictionary pass. Costs what the sections cost, not what the segment's
/// dictionaries hold (the collector's dense per-ordinal vectors suit visiting every match,
/// not a few hundred).
///
/// The `person` column is not counted here (its map is left empty): people are counted as
/// people, not name forms, by [`crate::names::NameTable::count`].
pub fn count_docs(columns: &SegmentColumns, docs: &[DocId]) -> tantivy::Result<FacetMaps> {
    let mut maps = Vec::with_capacity(FACET_FIELDS.len());
    for (name, column) in FACET_FIELDS.iter().zip(&columns.facets) {
        let mut map: HashMap<String, u64> = HashMap::new();
        if let (false, Some(column)) = (*name == "person", column) {
            let mut ords: Vec<u64> = Vec::with_capacity(docs.len());
            for &doc in docs {
                let start = ords.len();
                ords.extend(column.term_ords(doc));
                // One count per section and value (values are deduplicated at index time).
                let mut values = ords.split_off(start);
                values.dedup();
                ords.extend(values);
            }
            ords.sort_unstable();
            let mut distinct: Vec<(u64, u64)> = Vec::new();
            for ord in ords {
                match distinct.last_mut() {
                    Some((o, n)) if *o == ord => *n += 1,
                    _ => distinct.push((ord, 1)),
                }
            }
            let keys: Vec<u64> = distinct.iter().map(|&(o, _)| o).collect();
            let mut counts = distinct.iter().map(|&(_, n)| n);
            column.dictionary().sorted_ords_to_term_cb(&keys, |bytes| {
                if let Some(n) = counts.next() {
                    *map.entry(String::from_utf8_lossy(bytes).into_owned())
                        .or_insert(0) += n;
                }
            })?;
        }
        maps.push(map);
    }
    Ok(maps)
}

/// Counts every live section `query` matches by council, body, kind and year (dense
/// counts by ordinal, like [`FacetCollector`]) and by person (`names`, a document's people
/// looked up once per run of its sections), and returns the facets and the number of
/// sections. `columns` are the searcher's segments' open columns, by segment ordinal.
/// Costs what the query matches: for filters alone, whose every section a page's facets
/// must count.
pub fn count_matches(
    searcher: &Searcher,
    columns: &[Arc<SegmentColumns>],
    names: &NameTable,
    query: &dyn Query,
) -> Result<(Facets, usize), IndexError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut fruits = Vec::with_capacity(columns.len());
    let mut people = PersonCounter::new(names);
    let mut total = 0usize;
    for (segment, cols) in searcher.segment_readers().iter().zip(columns) {
        let alive = segment.alive_bitset();
        let mut docs: Vec<DocId> = Vec::new();
        weight.for_each_no_score(segment, &mut |found| {
            docs.extend(
                found
                    .iter()
                    .filter(|&&d| alive.is_none_or(|a| a.is_alive(d))),
            );
        })?;
        total += docs.len();
        let mut collector = FacetSegmentCollector {
            columns: cols
                .facets
                .iter()
                .zip(FACET_FIELDS)
                .map(|(c, name)| {
                    c.as_ref()
                        .filter(|_| name != "person")
                        .map(|c| (c.clone(), vec![0u64; c.num_terms()]))
                })
                .collect(),
        };
        for &doc in &docs {
            collector.collect(doc, 0.0);
        }
        fruits.push(collector.harvest());
        people.add(segment, cols, &docs)?;
    }
    let mut facets = FacetCollector.merge_fruits(fruits)?;
    facets.person = people.finish(MAX_FACET_VALUES);
    Ok((facets, total))
}

/// Sorts counts by count descending then value, keeping the first [`MAX_FACET_VALUES`].
fn top_values(map: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut list: Vec<FacetCount> = map
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    list.truncate(MAX_FACET_VALUES);
    list
}
