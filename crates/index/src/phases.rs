//! Two-phase ranking: what keeps a search's cost near the size of the page, not the number
//! of matching sections.
//!
//! 1. **Candidates** ([`candidates`]): tantivy's top-K sections for the cheap phase-one
//!    query ([`crate::query::TextQuery::candidates`]: every term as a boosted term query,
//!    summed). When that query is a pure union of term queries and hits are ranked by
//!    relevance, tantivy answers it with block-max WAND: whole blocks of postings that
//!    cannot reach the current K-th score are skipped, so most matches are never scored.
//!    Otherwise (filters, quoted phrases, typed paragraph numbers, sorting by date) every
//!    match is visited once by the cheap query, which also counts them exactly.
//! 2. **Rerank** ([`rerank`]): only the candidates are scored with the whole ranking query
//!    (proximity, coverage, names, disjunction-max over fields, synonyms), leaf by leaf
//!    at each candidate ([`crate::tree`]), then multiplied by the section-length and intent
//!    factors ([`crate::rank`]).
//!
//! Totals ([`estimate_total`]) and facets ([`facets_of`]) never scan every match on the
//! pruned path either: the total is counted exactly up to [`EXACT_COUNT`] matches and
//! extrapolated beyond (an estimate, said so by `total_exact`), and facets count the
//! candidates (exact only when the candidates are all the matches).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

use crate::facets::{self, FacetCollector};
use crate::rank::{RankKey, Ranking};
use crate::tree::{Node, TreeWeight};
use crate::{Facets, IndexError, SortOrder};

/// Matches counted one by one before the total is extrapolated.
pub const EXACT_COUNT: usize = 10_000;

/// The phase-one result: candidate sections, best first by the cheap score (or by date),
/// and the total when it was counted.
pub struct Candidates {
    /// The candidates' addresses.
    pub addresses: Vec<DocAddress>,
    /// The exact number of matching sections, when the pass visited every match.
    pub total: Option<usize>,
}

/// The top `depth` sections of `query` (see the module doc for when this prunes).
pub fn candidates(
    searcher: &Searcher,
    query: &dyn Query,
    prunable: bool,
    ranking: &Ranking,
    sort: SortOrder,
    depth: usize,
) -> Result<Candidates, IndexError> {
    let depth = depth.max(1);
    if sort == SortOrder::Relevance && prunable {
        // Block-max WAND: no count (counting would visit every match).
        return Ok(Candidates {
            addresses: pruned_top(searcher, query, depth)?,
            total: None,
        });
    }
    if sort == SortOrder::Relevance {
        let (total, top) =
            searcher.search(query, &(Count, TopDocs::with_limit(depth).order_by_score()))?;
        return Ok(Candidates {
            addresses: top.into_iter().map(|(_, a)| a).collect(),
            total: Some(total),
        });
    }
    // By date: the newest (oldest) matches, the cheap score breaking ties.
    let ranking = *ranking;
    let by_date =
        TopDocs::with_limit(depth).tweak_score(move |segment: &tantivy::SegmentReader| {
            let ranked = ranking.for_segment(segment);
            move |doc: DocId, score: f32| RankKey {
                date: ranked.date_key(doc),
                score,
            }
        });
    let (total, top) = searcher.search(query, &(Count, by_date))?;
    Ok(Candidates {
        addresses: top.into_iter().map(|(_, a)| a).collect(),
        total: Some(total),
    })
}

/// The best `depth` sections of `query` by score, best first, with block-max WAND where
/// the query allows it. Unlike tantivy's `TopDocs`, which starts every segment from
/// nothing, the K-th best score so far carries over from segment to segment, so later
/// segments (an index of a million sections has dozens) skip all but their best blocks.
fn pruned_top(
    searcher: &Searcher,
    query: &dyn Query,
    depth: usize,
) -> Result<Vec<DocAddress>, IndexError> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    // A min-heap of the best `depth` (score, address) so far.
    let mut heap: BinaryHeap<Reverse<(Ranked, DocAddress)>> = BinaryHeap::with_capacity(depth + 1);
    let mut threshold = Score::MIN;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let alive = segment.alive_bitset();
        let ord = ord as u32;
        weight.for_each_pruning(threshold, segment, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return threshold;
            }
            heap.push(Reverse((Ranked(score), DocAddress::new(ord, doc))));
            if heap.len() > depth {
                heap.pop();
            }
            if heap.len() == depth {
                threshold = heap.peek().map_or(Score::MIN, |r| (r.0).0 .0);
            }
            threshold
        })?;
    }
    let mut top: Vec<(Ranked, DocAddress)> = heap.into_iter().map(|r| r.0).collect();
    top.sort_by(|a, b| b.cmp(a));
    Ok(top.into_iter().map(|(_, a)| a).collect())
}

/// A score with a total order (for the heap).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked(Score);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The candidates scored with the whole ranking query `tree` (none: every candidate
/// scores 0, as with filters alone) and the ranking's factors, best first. A candidate the
/// tree does not match is dropped.
pub fn rerank(
    searcher: &Searcher,
    tree: Option<&Node>,
    ranking: &Ranking,
    candidates: &[DocAddress],
) -> Result<Vec<(RankKey, DocAddress)>, IndexError> {
    let weight = tree.map(|t| TreeWeight::new(t, searcher)).transpose()?;
    let mut out = Vec::with_capacity(candidates.len());
    for (segment_ord, docs) in by_segment(candidates) {
        let segment = searcher.segment_reader(segment_ord);
        let ranked = ranking.for_segment(segment);
        let scores = match &weight {
            Some(w) => w.score_docs(segment, &docs)?,
            None => vec![Some(0.0); docs.len()],
        };
        for (doc, score) in docs.into_iter().zip(scores) {
            if let Some(score) = score {
                out.push((ranked.key(doc, score), DocAddress::new(segment_ord, doc)));
            }
        }
    }
    out.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.1.cmp(&b.1))
    });
    Ok(out)
}

/// The number of sections `query` matches: exact up to [`EXACT_COUNT`], else extrapolated
/// from how far into the index the count got. Returns the count and whether it is exact.
pub fn estimate_total(searcher: &Searcher, query: &dyn Query) -> Result<(usize, bool), IndexError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let all: u64 = searcher
        .segment_readers()
        .iter()
        .map(|s| u64::from(s.max_doc()))
        .sum();
    let mut counted = 0usize;
    let mut before = 0u64;
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                counted += 1;
                if counted >= EXACT_COUNT {
                    let seen = before + u64::from(doc) + 1;
                    let estimate = (counted as f64 * all as f64 / seen as f64).round() as usize;
                    return Ok((estimate.max(counted), false));
                }
            }
            doc = scorer.advance();
        }
        before += u64::from(segment.max_doc());
    }
    Ok((counted, true))
}

/// Facet counts over the given sections.
pub fn facets_of(searcher: &Searcher, sections: &[DocAddress]) -> Result<Facets, IndexError> {
    let mut fruits = Vec::new();
    for (segment_ord, docs) in by_segment(sections) {
        fruits.push(facets::count_docs(
            searcher.segment_reader(segment_ord),
            &docs,
        )?);
    }
    Ok(FacetCollector.merge_fruits(fruits)?)
}

/// Addresses grouped by segment, each segment's documents in increasing order.
pub(crate) fn by_segment(addresses: &[DocAddress]) -> BTreeMap<u32, Vec<DocId>> {
    let mut map: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for a in addresses {
        map.entry(a.segment_ord).or_default().push(a.doc_id);
    }
    for docs in map.values_mut() {
        docs.sort_unstable();
        docs.dedup();
    }
    map
}
