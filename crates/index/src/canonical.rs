//! One canonical copy per paragraph: what lets phase one skip the other copies.
//!
//! The same paragraph text is often stored in many places (a pack and its original file,
//! minutes and next month's "previous minutes"; an aggregator's copies of one council's
//! papers). Phase one of a search ([`crate::phases`]) would score every copy of every
//! matching paragraph, although only one candidate per paragraph is kept. So exactly one
//! section record of each paragraph (by [`crate::dedup::paragraph_key`]) is its
//! *canonical copy*: it carries the key in the `canonical` fast field and its text fields
//! again in the `canon_*` fields (frequencies only). Phase one prunes over those fields
//! alone (block-max WAND, with the main fields' statistics, so a canonical copy scores
//! as it would in the main fields), then finds the other places of its candidates through
//! the indexed `paragraph` field ([`crate::phases::canonical_candidates`]). A section without a
//! paragraph key (no letters or digits in its text or headings) is always its own
//! canonical copy.
//!
//! Which copy is canonical does not depend on the order files are written in (parse
//! threads finish in any order), so two ingests of one folder answer alike: it is the copy
//! in the document with the smallest [`crate::schema::document_key`] (a hash of the
//! document's id, itself of the file's content), and that document's first section with
//! the text. The writer keeps the invariant:
//! - adding a document, a section is canonical when no document with a smaller key holds
//!   its paragraph's canonical copy (`Owners`: paragraph key → the owning document's key);
//!   a smaller key takes the paragraph over, and the document that held it is put right
//!   by the next settle;
//! - deleting a source forgets the canonical copies its committed documents held;
//! - [`crate::SectionWriter::add_document`] holds the documents until the commit and
//!   writes them in the order of their keys, so within a commit no document takes a
//!   paragraph over from another;
//! - [`crate::SectionWriter::settle`] (at the end of each ingest) surveys the committed
//!   index and writes again, from their document's stored JSON, the sections that must gain
//!   a canonical copy (a paragraph whose owner, the smallest key among its copies, holds
//!   none: its copy was deleted, replaced or came in a later commit) or lose one (held by
//!   another document than the owner), so that afterwards every paragraph has exactly one,
//!   in its owner. Only those sections are written again, not their whole documents.

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::columnar::Column;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use crate::dedup::NO_PARAGRAPH;
use crate::schema::Fields;
use crate::IndexError;

/// Which document holds the canonical copy of each paragraph (by key).
#[derive(Debug, Default)]
pub(crate) struct Owners(FxHashMap<u64, u64>);

/// The three number columns a survey reads in one segment.
struct Columns {
    paragraph: Option<Column<u64>>,
    canonical: Option<Column<u64>>,
    document: Option<Column<u64>>,
}

impl Columns {
    fn of(segment: &SegmentReader) -> Columns {
        let fast = segment.fast_fields();
        Columns {
            paragraph: fast.u64("paragraph").ok(),
            canonical: fast.u64("canonical").ok(),
            document: fast.u64("document_key").ok(),
        }
    }

    fn get(column: &Option<Column<u64>>, doc: u32) -> Option<u64> {
        column.as_ref().and_then(|c| c.first(doc))
    }
}

/// Calls `visit` with every live record of the committed index: its address, its
/// segment's columns and its number in the segment.
fn for_each_live(searcher: &Searcher, mut visit: impl FnMut(DocAddress, &Columns, u32)) {
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let columns = Columns::of(segment);
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                visit(DocAddress::new(ord as u32, doc), &columns, doc);
            }
        }
    }
}

impl Owners {
    /// The owners recorded in the committed index.
    pub(crate) fn load(searcher: &Searcher) -> Owners {
        let mut owners = FxHashMap::default();
        for_each_live(searcher, |_, columns, doc| {
            if let (Some(key), Some(owner)) = (
                Columns::get(&columns.canonical, doc),
                Columns::get(&columns.document, doc),
            ) {
                owners.insert(key, owner);
            }
        });
        Owners(owners)
    }

    /// A function saying, section by section of the document `owner` (in order), whether
    /// the section is its paragraph's canonical copy, claiming the paragraphs nobody holds.
    pub(crate) fn claimer(&mut self, owner: u64) -> impl FnMut(u64) -> bool + '_ {
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        move |key| {
            if key == NO_PARAGRAPH {
                return true;
            }
            // Only the document's first section of a paragraph.
            if !seen.insert(key) {
                return false;
            }
            let holder = self.0.entry(key).or_insert(owner);
            if owner < *holder {
                *holder = owner;
            }
            *holder == owner
        }
    }

    /// The document owning the paragraph `key`, if any holds it.
    pub(crate) fn owner(&self, key: u64) -> Option<u64> {
        self.0.get(&key).copied()
    }

    /// Forgets the canonical copies held by the committed sections of `source`.
    pub(crate) fn release_source(
        &mut self,
        searcher: &Searcher,
        fields: &Fields,
        source: &str,
    ) -> Result<(), IndexError> {
        let term = Term::from_field_text(fields.source, source);
        for segment in searcher.segment_readers() {
            let Some(mut postings) = segment
                .inverted_index(fields.source)?
                .read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let columns = Columns::of(segment);
            let alive = segment.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    if let (Some(key), Some(owner)) = (
                        Columns::get(&columns.canonical, doc),
                        Columns::get(&columns.document, doc),
                    ) {
                        if self.0.get(&key) == Some(&owner) {
                            self.0.remove(&key);
                        }
                    }
                }
                doc = postings.advance();
            }
        }
        Ok(())
    }
}

/// What a survey of the committed index found for one paragraph.
struct Seen {
    /// The document holding a canonical copy (0: none seen).
    owner: u64,
    /// Whether another document holds one too.
    twice: bool,
    /// The copy in the document with the smallest key (the paragraph's owner), and that
    /// document's key.
    first: (DocAddress, u64),
}

/// How the paragraphs of an index are held ([`crate::SectionIndex::paragraphs`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ParagraphCount {
    /// Section records with a paragraph key (some text).
    pub sections: u64,
    /// Distinct paragraphs among them.
    pub paragraphs: u64,
    /// Paragraphs with no canonical copy (0 once settled).
    pub without_canonical: u64,
    /// Paragraphs with canonical copies in two documents or more (0 once settled).
    pub twice: u64,
}

/// Every paragraph of the committed index, as a survey sees it.
fn scan(searcher: &Searcher) -> (FxHashMap<u64, Seen>, u64) {
    let mut seen: FxHashMap<u64, Seen> = FxHashMap::default();
    let mut sections = 0u64;
    for_each_live(searcher, |address, columns, doc| {
        let Some(key) = Columns::get(&columns.paragraph, doc).filter(|&k| k != NO_PARAGRAPH) else {
            return;
        };
        sections += 1;
        let document = Columns::get(&columns.document, doc).unwrap_or_default();
        let entry = seen.entry(key).or_insert(Seen {
            owner: 0,
            twice: false,
            first: (address, document),
        });
        if document < entry.first.1 {
            entry.first = (address, document);
        }
        if Columns::get(&columns.canonical, doc).is_some() {
            if entry.owner == 0 {
                entry.owner = document;
            } else if entry.owner != document {
                entry.twice = true;
            }
        }
    });
    (seen, sections)
}

/// Counts the paragraphs of the committed index and their canonical copies.
pub fn count(searcher: &Searcher) -> ParagraphCount {
    let (seen, sections) = scan(searcher);
    ParagraphCount {
        sections,
        paragraphs: seen.len() as u64,
        without_canonical: seen.values().filter(|s| s.owner == 0).count() as u64,
        twice: seen.values().filter(|s| s.twice).count() as u64,
    }
}

/// A document whose canonical copies must change ([`survey`]).
#[derive(Debug)]
pub(crate) struct Change {
    /// One of its records, to find it by.
    pub(crate) address: DocAddress,
    /// The paragraphs (keys, sorted) whose copy in it gains or loses the canonical mark.
    pub(crate) paragraphs: Vec<u64>,
}

/// Notes that `document` (of which `address` is a record) must change its copy of `key`.
fn note(changed: &mut FxHashMap<u64, Change>, document: u64, address: DocAddress, key: u64) {
    changed
        .entry(document)
        .or_insert(Change {
            address,
            paragraphs: Vec::new(),
        })
        .paragraphs
        .push(key);
}

/// The documents whose canonical copies must change for every paragraph of the committed
/// index to have exactly one, with the paragraphs that change in each (in index order of
/// their records), and the owners of every paragraph once they have.
pub(crate) fn survey(searcher: &Searcher) -> (Owners, Vec<Change>) {
    let (seen, _) = scan(searcher);
    // Every paragraph is owned by its copy in the document with the smallest key.
    let mut owners: FxHashMap<u64, u64> = FxHashMap::default();
    let mut changed: FxHashMap<u64, Change> = FxHashMap::default();
    for (&key, s) in &seen {
        owners.insert(key, s.first.1);
        if s.owner == 0 {
            // No copy is canonical: the owner's claims it.
            note(&mut changed, s.first.1, s.first.0, key);
        }
    }
    // Canonical copies held by another document than the owner lose it.
    let unsettled: FxHashSet<u64> = seen
        .iter()
        .filter(|(_, s)| s.owner != 0 && (s.owner != s.first.1 || s.twice))
        .map(|(&key, _)| key)
        .collect();
    if !unsettled.is_empty() {
        let mut held: FxHashSet<u64> = FxHashSet::default();
        for_each_live(searcher, |address, columns, doc| {
            let Some(key) = Columns::get(&columns.canonical, doc) else {
                return;
            };
            if !unsettled.contains(&key) {
                return;
            }
            let document = Columns::get(&columns.document, doc).unwrap_or_default();
            if owners.get(&key) == Some(&document) {
                held.insert(key);
            } else {
                note(&mut changed, document, address, key);
            }
        });
        // Where the owner holds no canonical copy yet, it claims it.
        for key in unsettled.difference(&held) {
            let s = &seen[key];
            note(&mut changed, s.first.1, s.first.0, *key);
        }
    }
    let mut changes: Vec<Change> = changed.into_values().collect();
    for change in &mut changes {
        change.paragraphs.sort_unstable();
        change.paragraphs.dedup();
    }
    changes.sort_unstable_by_key(|c| c.address);
    (Owners(owners), changes)
}

/// Up to `limit` live sections of the paragraph `key` that `keep` accepts, in index order.
pub(crate) fn copies_where(
    searcher: &Searcher,
    fields: &Fields,
    key: u64,
    limit: usize,
    keep: impl Fn(DocAddress) -> bool,
) -> Result<Vec<DocAddress>, IndexError> {
    let term = Term::from_field_u64(fields.paragraph, key);
    let mut out = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        let Some(mut postings) = segment
            .inverted_index(fields.paragraph)?
            .read_postings(&term, IndexRecordOption::Basic)?
        else {
            continue;
        };
        let alive = segment.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED && out.len() < limit {
            let address = DocAddress::new(ord as u32, doc);
            if alive.is_none_or(|a| a.is_alive(doc)) && keep(address) {
                out.push(address);
            }
            doc = postings.advance();
        }
    }
    Ok(out)
}

/// Up to `limit` live sections of the paragraph `key` other than `except`, in index order.
pub(crate) fn copies(
    searcher: &Searcher,
    fields: &Fields,
    key: u64,
    except: DocAddress,
    limit: usize,
) -> Result<Vec<DocAddress>, IndexError> {
    copies_where(searcher, fields, key, limit, |address| address != except)
}
