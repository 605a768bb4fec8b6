//! Two-phase ranking: what keeps a search's cost near the size of the page, not the number
//! of matching sections.
//!
//! 1. **Candidates** ([`candidates`]): tantivy's top-K sections for the cheap phase-one
//!    query ([`crate::query::TextQuery::candidates`]: every term as a boosted term query,
//!    summed). When that query is a pure union of term queries and hits are ranked by
//!    relevance, tantivy answers it with block-max WAND: whole blocks of postings that
//!    cannot reach the current K-th score are skipped, so most matches are never scored.
//!    Without filters it runs over one canonical copy of each paragraph only
//!    ([`canonical_candidates`], [`crate::canonical`]); with a filter, over the canonical
//!    copies of paragraphs with a copy the filter passes ([`filtered_candidates`]: a broad
//!    filter as a set the pruned pass checks, a selective one as the list of those copies
//!    the pass visits). Otherwise (filters alone, sorting by date) every match is visited
//!    once by the cheap query, which also counts them exactly.
//! 2. **Rerank** ([`rerank`]): only the candidates are scored with the whole ranking query
//!    (proximity, coverage, names, disjunction-max over fields, synonyms), leaf by leaf
//!    at each candidate ([`crate::tree`]), then multiplied by the section-length and intent
//!    factors ([`crate::rank`]).
//!
//! Candidates are distinct *paragraphs* ([`crate::dedup`]): a paragraph stored in many
//! places (an aggregator holds the same minutes in a pack, an original and next month's
//! "previous minutes") is one candidate, its best-scoring place, with up to [`PLACES`]
//! other places carried beside it for the hit's `also_in`. Without this, `K` copies of one
//! paragraph would be the whole candidate list and a page would show one or two hits.
//!
//! Totals ([`estimate_total`]) and facets ([`facets_of`]) never scan every match on the
//! pruned path either: the total is counted exactly up to [`EXACT_COUNT`] matches and
//! extrapolated beyond (an estimate, said so by `total_exact`), and facets count the
//! candidates (exact only when the candidates are all the matches).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

use crate::canonical;
use crate::columns::SegmentColumns;
use crate::dedup::NO_PARAGRAPH;
use crate::facets::{self, FacetCollector};
pub use crate::filter_sets::{FilterSets, SELECTIVE_FILTER};
use crate::rank::{RankKey, Ranking};
pub use crate::required::canonical_required_candidates;
use crate::schema::Fields;
pub use crate::stats::SearchStats;
use crate::tree::{Node, TreeWeight};
use crate::{Facets, IndexError, SortOrder};

/// Matches counted one by one before the total is extrapolated.
pub const EXACT_COUNT: usize = 10_000;

/// The most other places of a candidate's paragraph carried beside it (each listed place
/// costs a stored-record read per hit shown: 4 instead of 8 took 64-connection throughput
/// at a million sections from 67 to 97 requests a second).
pub const PLACES: usize = 4;

/// The phase-one result: candidate sections, best first by the cheap score (or by date),
/// and the total when it was counted.
#[derive(Default)]
pub struct Candidates {
    /// The candidates' addresses (one per paragraph when ranked by relevance).
    pub addresses: Vec<DocAddress>,
    /// Other matching places of a candidate's paragraph (at most [`PLACES`] each), by the
    /// candidate's address.
    pub places: HashMap<DocAddress, Vec<DocAddress>>,
    /// The exact number of matching sections, when the pass visited every match.
    pub total: Option<usize>,
    /// Where the other places are found when asked for ([`Candidates::places_of`],
    /// [`Candidates::find_places`]): carried in `places`, or looked up by the paragraph
    /// key, a look-up per segment that only the hits shown need.
    pub deferred: PlacesFrom,
}

/// Where the other places of a candidate's paragraph are found.
#[derive(Clone, Default)]
pub enum PlacesFrom {
    /// In [`Candidates::places`].
    #[default]
    Carried,
    /// Every other live copy of the paragraph ([`canonical_candidates`]).
    Copies,
    /// The other live copies a filter passes ([`filtered_candidates`]).
    Passing(Arc<FilterSets>),
}

impl Candidates {
    /// The other places of the candidate `address`'s paragraph (at most [`PLACES`]).
    pub fn places_of(
        &self,
        stats: &SearchStats<'_>,
        fields: &Fields,
        address: DocAddress,
    ) -> Result<Vec<DocAddress>, IndexError> {
        let key = stats.paragraph_of(address);
        match &self.deferred {
            PlacesFrom::Carried => Ok(self.places.get(&address).cloned().unwrap_or_default()),
            _ if key == NO_PARAGRAPH => Ok(Vec::new()),
            PlacesFrom::Copies => canonical::copies(stats.searcher, fields, key, address, PLACES),
            PlacesFrom::Passing(sets) => {
                let mut copies = sets.passing_copies(stats.searcher, fields, key, PLACES + 1)?;
                copies.retain(|&a| a != address);
                copies.truncate(PLACES);
                Ok(copies)
            }
        }
    }

    /// Looks up the deferred places of every candidate into `places` (for counting
    /// facets over every match when the candidates and their places are all of them).
    pub fn find_places(
        &mut self,
        stats: &SearchStats<'_>,
        fields: &Fields,
    ) -> Result<(), IndexError> {
        if matches!(self.deferred, PlacesFrom::Carried) {
            return Ok(());
        }
        for &address in &self.addresses {
            let others = self.places_of(stats, fields, address)?;
            if !others.is_empty() {
                self.places.insert(address, others);
            }
        }
        self.deferred = PlacesFrom::Carried;
        Ok(())
    }
}

/// The top `depth` sections of `query` (see the module doc for when this prunes).
pub fn candidates(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    prunable: bool,
    ranking: &Ranking,
    sort: SortOrder,
    depth: usize,
) -> Result<Candidates, IndexError> {
    let depth = depth.max(1);
    let searcher = stats.searcher;
    if sort == SortOrder::Relevance {
        return distinct_top(stats, query, prunable, depth, None);
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
        places: HashMap::new(),
        total: Some(total),
        deferred: PlacesFrom::Carried,
    })
}

/// Which matches a pass keeps.
#[derive(Clone, Copy)]
enum Only<'a> {
    /// Every match.
    All,
    /// The sections whose paragraph has a copy a filter passes (a canonical copy stands
    /// for its paragraph); a section without a paragraph key when it passes.
    Paragraphs(&'a FilterSets),
    /// The same, for a selective filter: only its canonical copies
    /// ([`FilterSets::canonical`]) are visited.
    Canonical(&'a FilterSets),
}

/// The top `depth` paragraphs of `query` among the sections a filter passes (`sets`).
/// Never counted.
///
/// The pass visits canonical copies only ([`crate::canonical`]): `query` is the text's
/// union over the canonical twin fields (`prunable`), or the cheap query, asked only
/// about canonical copies. A copy is kept when a copy of its paragraph passes the filter.
/// With a broad filter, the pass runs with block-max WAND when `prunable`, each match
/// checked against the filter; with a selective one ([`FilterSets::is_selective`]), it
/// visits only the canonical copies standing for the filter's paragraphs (gathered once
/// per commit and filter), so its cost follows the filtered paragraphs, not the matches
/// of the whole index or every copy the filter passes. Each candidate is then the
/// paragraph's first passing copy in index order (known from the gathering); up to
/// [`PLACES`] other passing copies are looked up for the hits shown
/// ([`PlacesFrom::Passing`]).
pub fn filtered_candidates(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    prunable: bool,
    sets: &Arc<FilterSets>,
    depth: usize,
) -> Result<Candidates, IndexError> {
    let only = match sets.is_selective() {
        true => Only::Canonical(sets),
        false => Only::Paragraphs(sets),
    };
    let found = distinct_top_in(stats, query, prunable, depth.max(1), None, only, !prunable)?;
    let mut out = Candidates {
        deferred: PlacesFrom::Passing(sets.clone()),
        ..Candidates::default()
    };
    for address in found.addresses {
        let key = stats.paragraph_of(address);
        // The paragraph's first passing copy in index order (a section without a paragraph
        // key is its own canonical copy, kept only because it passes).
        let shown = match sets.paragraphs.get(&key) {
            _ if key == NO_PARAGRAPH => address,
            Some(&first) => first,
            None => continue,
        };
        out.addresses.push(shown);
    }
    Ok(out)
}

/// The top `depth` paragraphs of `query` over canonical copies: a pure union of term
/// queries over the canonical twin fields ([`crate::query::TextQuery::canonical`]),
/// which matches canonical copies only, pruned with block-max WAND when `prunable`; else
/// the cheap query, asked only about the canonical copies (leaping from one to the next). The up to [`PLACES`] other places of each are
/// found through the paragraph key (`canonical::copies`) when asked for
/// ([`Candidates::deferred`]): a look-up per segment, done for the hits shown, not for
/// every candidate. Never counted: the matches seen are paragraphs, the total counts
/// sections.
pub fn canonical_candidates(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    prunable: bool,
    depth: usize,
) -> Result<Candidates, IndexError> {
    let mut found = distinct_top_in(
        stats,
        query,
        prunable,
        depth.max(1),
        None,
        Only::All,
        !prunable,
    )?;
    found.total = None;
    found.deferred = PlacesFrom::Copies;
    Ok(found)
}

/// The top `depth` paragraphs of `query`, a pure union of term queries (pruned with
/// block-max WAND, no count), leaving out the sections of the document `document_id`.
pub fn candidates_outside(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    document_id: &str,
    depth: usize,
) -> Result<Candidates, IndexError> {
    distinct_top(stats, query, true, depth.max(1), Some(document_id))
}

/// The best `depth` paragraphs of `query` by score, best first (see the module doc),
/// leaving out the sections of the document `outside` (when given).
/// When `prunable`, with block-max WAND: unlike tantivy's `TopDocs`, which starts every
/// segment from nothing, the K-th best score so far carries over from segment to segment,
/// so later segments (an index of a million sections has dozens) skip all but their best
/// blocks; counted only when fewer than `depth` paragraphs match. Otherwise every match
/// is visited and counted.
fn distinct_top(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    prunable: bool,
    depth: usize,
    outside: Option<&str>,
) -> Result<Candidates, IndexError> {
    distinct_top_in(stats, query, prunable, depth, outside, Only::All, false)
}

/// [`distinct_top`] over the matches `only` keeps; when `listed`, over the canonical
/// copies only ([`crate::columns::SegmentColumns::canonical`]: `query` matches other
/// copies too), the pass leaping from one listed copy to the next.
fn distinct_top_in(
    stats: &SearchStats<'_>,
    query: &dyn Query,
    prunable: bool,
    depth: usize,
    outside: Option<&str>,
    only: Only<'_>,
    listed: bool,
) -> Result<Candidates, IndexError> {
    let searcher = stats.searcher;
    let weight = query.weight(stats.scoring())?;
    let mut top = DistinctTop::new(depth);
    let mut total = 0usize;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let alive = segment.alive_bitset();
        let (set, by_paragraph) = match only {
            Only::All => (None, None),
            Only::Paragraphs(sets) | Only::Canonical(sets) => {
                (sets.sets.get(ord), Some(&sets.paragraphs))
            }
        };
        let ord = ord as u32;
        let keys = stats
            .column_of(ord, |c| c.paragraph.clone())
            .unwrap_or_else(|| segment.fast_fields().u64("paragraph").ok())
            .map(|c| c.first_or_default_col(NO_PARAGRAPH));
        // The left-out document's ordinal in this segment's `document_id` column.
        let mut left_out = None;
        if let Some(id) = outside {
            if let Some(column) = segment.fast_fields().str("document_id")? {
                if let Some(ord) = column.dictionary().term_ord(id.as_bytes())? {
                    left_out = Some((column, ord));
                }
            }
        }
        let passes = |doc: DocId| {
            let key = match (by_paragraph, keys.as_ref()) {
                (Some(_), Some(k)) => k.get_val(doc),
                _ => NO_PARAGRAPH,
            };
            match (by_paragraph, set) {
                (Some(paragraphs), _) if key != NO_PARAGRAPH => paragraphs.contains_key(&key),
                (_, Some(set)) => set.contains(doc),
                (_, None) => matches!(only, Only::All),
            }
        };
        let wanted = |doc: DocId| {
            alive.is_none_or(|a| a.is_alive(doc))
                && passes(doc)
                && left_out
                    .as_ref()
                    .is_none_or(|(c, ord)| c.term_ords(doc).next() != Some(*ord))
        };
        let slot = |doc: DocId| match keys.as_ref().map(|k| k.get_val(doc)) {
            Some(key) if key != NO_PARAGRAPH => Slot::Paragraph(key),
            _ => Slot::Section(DocAddress::new(ord, doc)),
        };
        // The canonical copies to visit, when the pass visits a list.
        let own;
        let list: Option<&[DocId]> = match only {
            Only::Canonical(sets) => Some(
                sets.canonical
                    .get(ord as usize)
                    .map_or(&[][..], Vec::as_slice),
            ),
            _ if listed => match stats.columns.as_ref().and_then(|c| c.get(ord as usize)) {
                Some(columns) => Some(columns.canonical(segment)?),
                None => {
                    own = crate::columns::canonical_docs(segment)?;
                    Some(&own[..])
                }
            },
            _ => None,
        };
        if let Some(docs) = list {
            let mut scorer = weight.scorer(segment, 1.0)?;
            for_each_listed(&mut *scorer, docs, |doc, score| {
                if wanted(doc) {
                    total += 1;
                    top.offer(score, DocAddress::new(ord, doc), slot(doc));
                }
            });
        } else if prunable {
            let mut threshold = top.threshold();
            weight.for_each_pruning(threshold, segment, &mut |doc, score| {
                if wanted(doc) {
                    total += 1;
                    top.offer(score, DocAddress::new(ord, doc), slot(doc));
                    threshold = top.threshold();
                }
                threshold
            })?;
        } else {
            weight.for_each(segment, &mut |doc, score| {
                if wanted(doc) {
                    total += 1;
                    top.offer(score, DocAddress::new(ord, doc), slot(doc));
                }
            })?;
        }
    }
    // A pruned pass whose candidates never filled up never had a threshold: it saw every
    // match, and counted them.
    let counted = !prunable || top.entries.len() < depth;
    let (addresses, places) = top.into_ranked();
    Ok(Candidates {
        addresses,
        places,
        total: counted.then_some(total),
        deferred: PlacesFrom::Carried,
    })
}

/// Calls `visit` with each document of `docs` (increasing) that `scorer` matches, and its
/// score: the scorer leaps to the next listed document, the list to the scorer's next
/// match, so neither is walked where the other has nothing.
fn for_each_listed(scorer: &mut dyn Scorer, docs: &[DocId], mut visit: impl FnMut(DocId, Score)) {
    let mut i = 0;
    let mut doc = scorer.doc();
    while doc != TERMINATED && i < docs.len() {
        let listed = docs[i];
        if listed < doc {
            i += docs[i..].partition_point(|&d| d < doc);
        } else if listed > doc {
            doc = scorer.seek(listed);
        } else {
            visit(doc, scorer.score());
            i += 1;
            doc = scorer.advance();
        }
    }
}

/// What makes two matches one candidate: the same paragraph, or (text with no paragraph
/// key) nothing but being the same section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Slot {
    Paragraph(u64),
    Section(DocAddress),
}

/// A candidate paragraph: its best place so far and the other places seen.
struct Entry {
    score: Score,
    address: DocAddress,
    places: Vec<DocAddress>,
}

/// The best `depth` distinct paragraphs offered so far. A min-heap holds (score, address,
/// slot) for each entry's best place; an entry improved later leaves a stale heap item,
/// skipped when it surfaces.
pub(crate) struct DistinctTop {
    depth: usize,
    entries: FxHashMap<Slot, Entry>,
    heap: BinaryHeap<Reverse<(Ranked, DocAddress, SlotOrd)>>,
}

/// A slot with an order (for the heap's ties; the address decides first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SlotOrd(Slot);

impl PartialOrd for SlotOrd {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SlotOrd {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |s: &Slot| match *s {
            Slot::Paragraph(k) => (0, k, 0, 0),
            Slot::Section(a) => (1, 0, a.segment_ord, a.doc_id),
        };
        key(&self.0).cmp(&key(&other.0))
    }
}

impl DistinctTop {
    pub(crate) fn new(depth: usize) -> DistinctTop {
        DistinctTop {
            depth,
            entries: FxHashMap::with_capacity_and_hasher(depth + 1, Default::default()),
            heap: BinaryHeap::with_capacity(depth + 1),
        }
    }

    /// The score a new paragraph must beat to enter (none until `depth` are held).
    fn threshold(&mut self) -> Score {
        if self.entries.len() < self.depth {
            return Score::MIN;
        }
        self.drop_stale();
        self.heap.peek().map_or(Score::MIN, |r| (r.0).0 .0)
    }

    /// Pops heap items that no longer stand for their entry's best place.
    fn drop_stale(&mut self) {
        while let Some(Reverse((_, address, slot))) = self.heap.peek() {
            match self.entries.get(&slot.0) {
                Some(e) if e.address == *address => break,
                _ => {
                    self.heap.pop();
                }
            }
        }
    }

    pub(crate) fn offer(&mut self, score: Score, address: DocAddress, slot: Slot) {
        if let Some(entry) = self.entries.get_mut(&slot) {
            let other = if score > entry.score {
                entry.score = score;
                std::mem::replace(&mut entry.address, address)
            } else {
                address
            };
            if entry.places.len() < PLACES {
                entry.places.push(other);
            }
            if entry.address == address {
                self.heap
                    .push(Reverse((Ranked(score), address, SlotOrd(slot))));
            }
            return;
        }
        if self.entries.len() >= self.depth && score <= self.threshold() {
            return;
        }
        self.entries.insert(
            slot,
            Entry {
                score,
                address,
                places: Vec::new(),
            },
        );
        self.heap
            .push(Reverse((Ranked(score), address, SlotOrd(slot))));
        if self.entries.len() > self.depth {
            self.drop_stale();
            if let Some(Reverse((_, _, worst))) = self.heap.pop() {
                self.entries.remove(&worst.0);
            }
        }
    }

    /// The kept paragraphs' best places, best first (ties: lower address first), and the
    /// other places of each.
    pub(crate) fn into_ranked(self) -> (Vec<DocAddress>, HashMap<DocAddress, Vec<DocAddress>>) {
        let mut best: Vec<(Ranked, DocAddress)> = self
            .entries
            .values()
            .map(|e| (Ranked(e.score), e.address))
            .collect();
        best.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let places = self
            .entries
            .into_values()
            .filter(|e| !e.places.is_empty())
            .map(|e| (e.address, e.places))
            .collect();
        (best.into_iter().map(|(_, a)| a).collect(), places)
    }
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
    stats: &SearchStats<'_>,
    tree: Option<&Node>,
    ranking: &Ranking,
    candidates: &[DocAddress],
) -> Result<Vec<(RankKey, DocAddress)>, IndexError> {
    let searcher = stats.searcher;
    let weight = tree
        .map(|t| TreeWeight::new(t, stats.scoring()))
        .transpose()?;
    // Each candidate with its paper and paragraph keys, to order equal scores.
    let mut out: Vec<(RankKey, (u64, u64), DocAddress)> = Vec::with_capacity(candidates.len());
    for (segment_ord, docs) in by_segment(candidates) {
        let segment = searcher.segment_reader(segment_ord);
        let ranked = stats.ranking_of(ranking, segment_ord);
        let scores = match &weight {
            Some(w) => w.score_docs(segment, &docs)?,
            None => vec![Some(0.0); docs.len()],
        };
        let fast = segment.fast_fields();
        let keys = [
            stats
                .column_of(segment_ord, |c| c.document_key.clone())
                .unwrap_or_else(|| fast.u64("document_key").ok()),
            stats
                .column_of(segment_ord, |c| c.paragraph.clone())
                .unwrap_or_else(|| fast.u64("paragraph").ok()),
        ];
        for (doc, score) in docs.into_iter().zip(scores) {
            if let Some(score) = score {
                let address = DocAddress::new(segment_ord, doc);
                let [paper, paragraph] = keys
                    .each_ref()
                    .map(|c| c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0));
                out.push((ranked.key(doc, score), (paper, paragraph), address));
            }
        }
    }
    // Equal scores come in the order of their paper's and paragraph's keys, not of where
    // the records lie (which indexing thread wrote a record, which merge moved it), so two
    // ingests of one folder answer alike.
    out.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    Ok(out
        .into_iter()
        .map(|(key, _, address)| (key, address))
        .collect())
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
    // Matches come a block at a time (a union fills a block from its bit sets).
    let mut block = [0 as DocId; tantivy::COLLECT_BLOCK_BUFFER_LEN];
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        loop {
            let n = scorer.fill_buffer(&mut block);
            for &doc in &block[..n] {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    counted += 1;
                    if counted >= EXACT_COUNT {
                        let seen = before + u64::from(doc) + 1;
                        let estimate = (counted as f64 * all as f64 / seen as f64).round() as usize;
                        return Ok((estimate.max(counted), false));
                    }
                }
            }
            if n < block.len() {
                break;
            }
        }
        before += u64::from(segment.max_doc());
    }
    Ok((counted, true))
}

/// Facet counts over the given sections; `columns` are the segments' open columns, by
/// segment ordinal.
pub fn facets_of(
    columns: &[Arc<SegmentColumns>],
    sections: &[DocAddress],
) -> Result<Facets, IndexError> {
    let mut fruits = Vec::new();
    for (segment_ord, docs) in by_segment(sections) {
        if let Some(columns) = columns.get(segment_ord as usize) {
            fruits.push(facets::count_docs(columns, &docs)?);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: DocId) -> DocAddress {
        DocAddress::new(0, doc)
    }

    #[test]
    fn one_candidate_per_paragraph_its_best_place_first() {
        let mut top = DistinctTop::new(2);
        top.offer(1.0, at(0), Slot::Paragraph(7));
        top.offer(3.0, at(1), Slot::Paragraph(7)); // a better place of the same paragraph
        top.offer(1.0, at(2), Slot::Paragraph(7));
        assert_eq!(top.threshold(), Score::MIN, "one paragraph is not two");
        top.offer(2.0, at(3), Slot::Section(at(3)));
        assert_eq!(top.threshold(), 2.0);
        top.offer(2.5, at(4), Slot::Paragraph(9)); // evicts the 2.0 section
        top.offer(0.5, at(5), Slot::Paragraph(8)); // below the threshold: not kept
        assert_eq!(top.threshold(), 2.5);
        let (best, places) = top.into_ranked();
        assert_eq!(best, vec![at(1), at(4)]);
        assert_eq!(places[&at(1)], vec![at(0), at(2)]);
        assert!(!places.contains_key(&at(4)));
    }
}
