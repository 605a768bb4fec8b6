//! Hits by paper: ranked sections grouped by the document they are in, one hit a paper.
//!
//! A paper ranks by its best matching paragraph *that no earlier hit shows*. The same
//! paragraph is often stored in several papers (a question in an agenda pack and in its
//! original file; minutes and the same minutes a month later as "Minutes of Previous
//! Meeting"): it is one hit, listing the other places ([`crate::dedup`]). The other paper
//! is not dropped for that: when it has other matching paragraphs among the ranked
//! sections, it competes again with the best of them, at that paragraph's rank.
//!
//! Tried and not kept: giving the other places phase one carries
//! ([`crate::phases::Candidates::places`]) a group of their own paper, so that an agenda
//! pack whose shared paragraphs are all "other places" competes with its next paragraph.
//! It raised the dev queries' nDCG@10 from 0.923 to 0.930 and the tune half's from 0.852
//! to 0.856, but lowered the frozen half's from 0.795 to 0.778 (answer@3 0.714 to 0.571):
//! the copy's second paragraph takes the place of another paper.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::schema::TantivyDocument;
use tantivy::DocAddress;

use crate::columns::SegmentColumns;
use crate::dedup::{self, NO_PARAGRAPH};
use crate::record::Asked;
use crate::{
    rank, snippet, within, IndexError, KeysFn, MoreHit, SearchHit, SectionIndex, MORE_PER_HIT,
};

/// Ranked sections to group into hits: `(score, address)` best first, and other places of
/// a ranked section's paragraph ([`crate::phases::Candidates::places`]).
pub(crate) struct RankedSections<'a> {
    /// The ranked sections, best first.
    pub top: Vec<(f32, DocAddress)>,
    /// Other places of a ranked section's paragraph, by its address (looked up for the
    /// hits shown only).
    pub places: &'a PlacesFn<'a>,
    /// The within-paper keys of the sections shown ([`within::keys`]).
    pub keys: &'a KeysFn<'a>,
    /// The facts of the meeting the query asks for, if only those
    /// ([`rank::Ranking::meeting_asked`]): the sections recording them join their paper's.
    pub meeting: Asked,
}

/// The other places of a ranked section's paragraph
/// ([`crate::phases::Candidates::places_of`]).
pub(crate) type PlacesFn<'a> = dyn Fn(DocAddress) -> Result<Vec<DocAddress>, IndexError> + 'a;

/// A `u64` fast column read at any address (`document_key`, `paragraph`) through the
/// segments' open columns ([`crate::columns`]); 0 where a record has no value.
fn value_at(
    columns: &[Arc<SegmentColumns>],
    address: DocAddress,
    column: fn(&SegmentColumns) -> Option<&Column<u64>>,
) -> u64 {
    columns
        .get(address.segment_ord as usize)
        .and_then(|c| column(c))
        .and_then(|c| c.first(address.doc_id))
        .unwrap_or(0)
}

/// A record's document key.
fn paper_of(columns: &[Arc<SegmentColumns>], address: DocAddress) -> u64 {
    value_at(columns, address, |c| c.document_key.as_ref())
}

/// A section's paragraph key ([`NO_PARAGRAPH`] where it has none).
fn paragraph_of(columns: &[Arc<SegmentColumns>], address: DocAddress) -> u64 {
    value_at(columns, address, |c| c.paragraph.as_ref())
}

/// The ranked sections by paper: each paper's sections best first (at most `cap`), papers
/// in the order of their best section.
fn by_paper(
    top: &[(f32, DocAddress)],
    columns: &[Arc<SegmentColumns>],
    cap: usize,
) -> Vec<Vec<(f32, DocAddress)>> {
    let mut groups: Vec<Vec<(f32, DocAddress)>> = Vec::new();
    let mut by_document: HashMap<u64, usize> = HashMap::new();
    for &(score, address) in top {
        let paper = paper_of(columns, address);
        match by_document.get(&paper) {
            Some(&g) => {
                if groups[g].len() < cap {
                    groups[g].push((score, address));
                }
            }
            None => {
                by_document.insert(paper, groups.len());
                groups.push(vec![(score, address)]);
            }
        }
    }
    groups
}

/// A paper waiting for its turn: the rank (in the ranked sections) of the section it
/// ranks by now; the earliest rank comes first.
#[derive(PartialEq, Eq)]
struct Turn {
    rank: usize,
    group: usize,
}

impl Ord for Turn {
    fn cmp(&self, other: &Self) -> Ordering {
        other.rank.cmp(&self.rank)
    }
}

impl PartialOrd for Turn {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl SectionIndex {
    /// Groups ranked sections by document ([`by_paper`]): each paper is one hit, ranked by
    /// its best paragraph no earlier hit shows (see the module doc); the section shown is
    /// the one that answers among its best (the within-paper `keys`, [`within`]), the next
    /// ones its `more`, and the other places of the shown paragraph its `also_in`
    /// ([`dedup`]). Skips `offset` hits, keeps `limit`, and fills snippets (stopwords
    /// marked only in `quoted` phrases), citations and (when asked) explanations. Returns
    /// the hits and the number of distinct documents seen.
    pub(crate) fn group_hits(
        &self,
        searcher: &tantivy::Searcher,
        ranked: RankedSections<'_>,
        offset: usize,
        limit: usize,
        highlight: snippet::Highlight<'_>,
        explain: Option<(&dyn Query, rank::Ranking)>,
    ) -> Result<(Vec<SearchHit>, usize), IndexError> {
        let RankedSections {
            top,
            places,
            keys,
            meeting,
        } = ranked;
        // Group on the fast `document_key` column; stored records are read only for what
        // is shown.
        let columns = self.columns.of(searcher)?;
        let cap = within::PER_PAPER.max(MORE_PER_HIT + 1);
        let mut groups = by_paper(&top, &columns, cap);
        let on_page = 2 * (offset + limit);
        // A question about the meeting: the sections recording it, candidates or not.
        let papers: Vec<u64> = groups
            .iter()
            .take(on_page)
            .map(|g| paper_of(&columns, g[0].1))
            .collect();
        let records = within::meeting_records(searcher, &self.fields, meeting, &papers, |a| {
            paper_of(&columns, a)
        })?;
        // Each paper's best sections by final score: the one that answers is among them.
        // Keyed for the papers of the page first, for the next ones when a paper's turn
        // comes (a section's key does not depend on which others are keyed with it).
        let shown = |groups: &[Vec<(f32, DocAddress)>], papers: std::ops::Range<usize>| {
            let records = papers
                .clone()
                .filter_map(|i| records.get(&paper_of(&columns, groups[i][0].1)));
            groups[papers]
                .iter()
                .flat_map(|g| g.iter().take(within::PER_PAPER))
                .map(|&(_, a)| a)
                .chain(records.flatten().copied())
                .collect::<Vec<DocAddress>>()
        };
        let mut keyed = (offset + limit).min(groups.len()).min(on_page);
        let mut section_keys = keys(&shown(&groups, 0..keyed))?;
        let rank_of: HashMap<DocAddress, usize> =
            top.iter().enumerate().map(|(i, &(_, a))| (a, i)).collect();
        let mut turns: BinaryHeap<Turn> = groups
            .iter()
            .enumerate()
            .map(|(group, g)| Turn {
                rank: rank_of[&g[0].1],
                group,
            })
            .collect();
        let mut kept = dedup::Dedup::new();
        let mut shown_keys: HashSet<u64> = HashSet::new();
        let mut emptied = 0;
        let wanted = offset + limit;
        while let Some(Turn { rank, group: g }) = turns.pop() {
            if kept.len() >= wanted {
                break;
            }
            if g >= keyed && keyed < on_page.min(groups.len()) {
                let rest = keyed..on_page.min(groups.len());
                section_keys.extend(keys(&shown(&groups, rest))?);
                keyed = on_page;
            }
            let group = &mut groups[g];
            let first = group[0].1;
            // Paragraphs an earlier hit shows are not this paper's to show again.
            group.retain(|&(_, a)| {
                let key = paragraph_of(&columns, a);
                key == NO_PARAGRAPH || !shown_keys.contains(&key)
            });
            if group.first().map(|&(_, a)| a) != Some(first) {
                // Its best is another place of a paragraph shown: listed there.
                let record: TantivyDocument = searcher.doc(first)?;
                let mut place = self.fields.hit_from_record(&record);
                place.citation = snippet::citation(&place);
                let key = dedup::key_of(&place.text, paragraph_of(&columns, first));
                if kept.shows_key(key) {
                    kept.offer_keyed(place, key);
                }
            }
            let Some(&(score, best)) = group.first() else {
                emptied += 1;
                continue;
            };
            if rank_of[&best] > rank {
                // Its best paragraph is shown elsewhere: it ranks by the next one.
                turns.push(Turn {
                    rank: rank_of[&best],
                    group: g,
                });
                continue;
            }
            group.truncate(within::PER_PAPER);
            // The sections recording the meeting fact asked, after its candidates (with
            // their least score) unless a hit shows their paragraph.
            let least = group.last().map_or(0.0, |&(s, _)| s);
            for &a in records.get(&paper_of(&columns, best)).into_iter().flatten() {
                let key = paragraph_of(&columns, a);
                let taken = key != NO_PARAGRAPH && shown_keys.contains(&key);
                if !taken && !group.iter().any(|&(_, x)| x == a) {
                    group.push((least, a));
                }
            }
            within::order(group, &section_keys);
            group.truncate(MORE_PER_HIT + 1);
            let address = group[0].1;
            let record: TantivyDocument = searcher.doc(address)?;
            let mut hit = self.fields.hit_from_record(&record);
            hit.score = score;
            hit.citation = snippet::citation(&hit);
            let key = dedup::key_of(&hit.text, paragraph_of(&columns, address));
            let is_new = kept.offer_keyed(hit, key);
            match paragraph_of(&columns, address) {
                NO_PARAGRAPH => {}
                key => {
                    shown_keys.insert(key);
                }
            }
            if !is_new || kept.len() <= offset {
                continue;
            }
            for place in places(address)? {
                let record: TantivyDocument = searcher.doc(place)?;
                let mut other = self.fields.hit_from_record(&record);
                other.citation = snippet::citation(&other);
                kept.add_place(other);
            }
            self.fill_more(searcher, &columns, &mut kept, &group[1..])?;
            let hit = kept.last_mut();
            hit.snippet = snippet::snippet(highlight.generator, &hit.text, highlight.quoted);
            if let Some((query, ranking)) = explain {
                hit.explanation = Some(self.explain(searcher, query, ranking, address)?);
            }
        }
        let documents = groups.len() - emptied;
        let hits: Vec<SearchHit> = kept.into_hits().into_iter().skip(offset).collect();
        Ok((hits, documents))
    }

    /// "More from this paper" of the last hit kept: the paper's next sections, none a
    /// paragraph a hit shows, and no entry twice.
    fn fill_more(
        &self,
        searcher: &tantivy::Searcher,
        columns: &[Arc<SegmentColumns>],
        kept: &mut dedup::Dedup,
        rest: &[(f32, DocAddress)],
    ) -> Result<(), IndexError> {
        let mut listed = HashSet::new();
        for &(score, address) in rest {
            let record: TantivyDocument = searcher.doc(address)?;
            let more = self.fields.hit_from_record(&record);
            // Listed by its number or heading and page (as the page shows it), else by its
            // text: two entries that would read alike are one.
            let label = more
                .number
                .as_deref()
                .or(more.heading.as_deref())
                .unwrap_or(&more.text);
            let key = (dedup::normalise(label), more.page);
            let shown = kept.shows_key(dedup::key_of(&more.text, paragraph_of(columns, address)));
            if shown || (!key.0.is_empty() && !listed.insert(key)) {
                continue;
            }
            kept.last_mut().more.push(MoreHit {
                section_id: more.section_id,
                section_ordinal: more.section_ordinal,
                number: more.number,
                heading: more.heading,
                page: more.page,
                score,
            });
        }
        Ok(())
    }
}
