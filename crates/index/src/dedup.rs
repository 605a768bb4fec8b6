//! One paragraph, one hit: the same paragraph stored in several places (a question in an
//! agenda pack and in its original file; minutes and, a month later, the same minutes as
//! "Minutes of Previous Meeting") is shown once, listing the other places.
//!
//! Paragraphs are the same when their text is after [`normalise`] (case, whitespace and
//! punctuation ignored); [`paragraph_key`] is a hash of that form, stored with each
//! section (the `paragraph` fast field). The first phase of a search
//! ([`crate::phases::candidates`]) keeps one candidate per paragraph (the best-scoring
//! place) and carries up to [`crate::phases::PLACES`] other places beside it, so a
//! paragraph stored many times cannot fill the candidates on its own. The grouping of hits
//! ([`crate::SectionIndex::search`]) keeps the first (best-ranked) place of a paragraph and
//! records each later one, and each carried place, in its [`SearchHit::also_in`].
//!
//! Which place is shown: a clerk cites the paper itself, not a copy bundled with others, so
//! a place in a paper that stands alone is shown before a place in an agenda or agenda pack
//! (a file the parse split into several papers: its papers after the first, see
//! [`bundled`]); among places alike, the best-ranked. The others are listed under "also in".

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use council_model::DocumentKind;
use tantivy::DocAddress;

use crate::SearchHit;

/// Another place the same paragraph is stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlsoIn {
    /// The section's id there.
    pub section_id: String,
    /// The document it is in.
    pub document_id: String,
    /// The 0-based index of the section in that document's `sections`.
    pub section_ordinal: usize,
    /// That document's title.
    pub title: Option<String>,
    /// That document's source file.
    pub source: String,
    /// The citation of that place.
    pub citation: String,
}

/// The text with case, whitespace and punctuation ignored: letters and digits, lower case,
/// words separated by one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The key of a text with nothing to compare (no letters or digits): never the same
/// paragraph as another.
pub const NO_PARAGRAPH: u64 = 0;

/// A hash of the [`normalise`]d text: equal for the same paragraph wherever it is stored;
/// [`NO_PARAGRAPH`] when the normalised text is empty. Stable across versions and
/// platforms (the first eight bytes of its BLAKE3 hash), since indexes store it.
pub fn paragraph_key(text: &str) -> u64 {
    let normal = normalise(text);
    if normal.is_empty() {
        return NO_PARAGRAPH;
    }
    let hash = blake3::hash(normal.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    match u64::from_le_bytes(first) {
        NO_PARAGRAPH => 1,
        key => key,
    }
}

impl AlsoIn {
    /// The place a hit (its citation filled) stands for.
    pub fn of(hit: SearchHit) -> AlsoIn {
        AlsoIn {
            section_id: hit.section_id,
            document_id: hit.document_id,
            section_ordinal: hit.section_ordinal,
            title: hit.title,
            source: hit.source,
            citation: hit.citation,
        }
    }
}

/// Whether a place is a paper bundled with others rather than the paper itself: an agenda
/// (or agenda pack), or a paper after the first of a file the parse split into several
/// papers (a pack: document ids are `{content hash}-{n}`, `n` its place in the file).
pub fn bundled(hit: &SearchHit) -> bool {
    let place_in_file = hit
        .document_id
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse::<usize>().ok())
        .unwrap_or(0);
    hit.kind == DocumentKind::Agenda || place_in_file > 0
}

/// A place of a paragraph other than the hit shown: the hit it would be (its citation
/// filled) and its record's address.
struct Place {
    hit: SearchHit,
    address: DocAddress,
}

/// Keeps the first hit of each paragraph, in order: a hit whose paragraph an earlier kept
/// hit has is not kept, but listed in that hit's `also_in`.
pub struct Dedup {
    kept: Vec<SearchHit>,
    by_key: HashMap<u64, usize>,
    folded: usize,
    /// The other places of each kept hit (by its index), for [`Dedup::prefer_papers`].
    places: HashMap<usize, Vec<Place>>,
}

/// A hit shown in place of the best-ranked place of its paragraph
/// ([`Dedup::prefer_papers`]): its snippet (and explanation) are to be made again.
pub struct Swapped {
    /// The index of the hit in [`Dedup::into_hits`].
    pub index: usize,
    /// Its record's address.
    pub address: DocAddress,
}

impl Dedup {
    /// An empty set.
    pub fn new() -> Dedup {
        Dedup {
            kept: Vec::new(),
            by_key: HashMap::new(),
            folded: 0,
            places: HashMap::new(),
        }
    }

    /// Offers a hit (its citation filled) stored at `address`: kept when its paragraph is
    /// new; else recorded as another place of the earlier hit. Returns whether it was kept.
    pub fn offer(&mut self, hit: SearchHit, address: DocAddress) -> bool {
        if normalise(&hit.text).is_empty() {
            self.kept.push(hit);
            return true;
        }
        let key = paragraph_key(&hit.text);
        match self.by_key.get(&key) {
            Some(&i) => {
                self.folded += 1;
                self.kept[i].also_in.push(AlsoIn::of(hit.clone()));
                self.places
                    .entry(i)
                    .or_default()
                    .push(Place { hit, address });
                false
            }
            None => {
                self.by_key.insert(key, self.kept.len());
                self.kept.push(hit);
                true
            }
        }
    }

    /// Lists `place` (the same paragraph as the last hit kept, found elsewhere, stored at
    /// `address`) in that hit's `also_in`, unless it is already listed there. Not counted
    /// as folded (it was never a ranked hit).
    pub fn add_place(&mut self, place: SearchHit, address: DocAddress) {
        let i = self.kept.len().wrapping_sub(1);
        let Some(hit) = self.kept.last_mut() else {
            return;
        };
        if hit.section_id != place.section_id
            && !hit.also_in.iter().any(|a| a.section_id == place.section_id)
        {
            hit.also_in.push(AlsoIn::of(place.clone()));
            self.places.entry(i).or_default().push(Place {
                hit: place,
                address,
            });
        }
    }

    /// Shows each paragraph in the paper itself where the best-ranked place is a bundled
    /// copy ([`bundled`]): the first-listed place that is not bundled becomes the hit (with
    /// the rank's score), the bundled one goes to the head of its `also_in`, and the
    /// "more from this document" list, which belonged to the bundle, is dropped. Returns
    /// the hits changed, from `from` on (the hits of the page).
    pub fn prefer_papers(&mut self, from: usize) -> Vec<Swapped> {
        let mut swapped = Vec::new();
        for (i, hit) in self.kept.iter_mut().enumerate().skip(from) {
            if !bundled(hit) {
                continue;
            }
            let Some(places) = self.places.get_mut(&i) else {
                continue;
            };
            let Some(p) = places.iter().position(|p| !bundled(&p.hit)) else {
                continue;
            };
            let Place {
                hit: mut paper,
                address,
            } = places.remove(p);
            let mut also_in = std::mem::take(&mut hit.also_in);
            also_in.retain(|a| a.section_id != paper.section_id);
            paper.score = hit.score;
            let old = std::mem::replace(hit, paper);
            also_in.insert(0, AlsoIn::of(old));
            hit.also_in = also_in;
            swapped.push(Swapped {
                index: i - from,
                address,
            });
        }
        swapped
    }

    /// The last hit kept.
    ///
    /// # Panics
    /// When none is kept (call after [`Dedup::offer`] returned `true`).
    pub fn last_mut(&mut self) -> &mut SearchHit {
        self.kept.last_mut().expect("a hit was kept")
    }

    /// How many hits are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether no hit is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// How many hits were folded into earlier ones.
    pub fn folded(&self) -> usize {
        self.folded
    }

    /// The kept hits, in order.
    pub fn into_hits(self) -> Vec<SearchHit> {
        self.kept
    }
}

impl Default for Dedup {
    fn default() -> Self {
        Dedup::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_paragraph_is_the_same_key_whatever_its_spacing_and_punctuation() {
        assert_eq!(
            paragraph_key("The Council  RESOLVED: that the budget be agreed."),
            paragraph_key("the council resolved that the budget\nbe agreed")
        );
        assert_ne!(
            paragraph_key("the budget be agreed"),
            paragraph_key("the budget be not agreed")
        );
        assert_eq!(normalise(" A,  b-c "), "a b c");
    }

    fn hit(document_id: &str, kind: DocumentKind, section: u32) -> SearchHit {
        SearchHit {
            section_id: format!("{document_id}.{section}"),
            document_id: document_id.into(),
            source: format!("{document_id}.pdf"),
            title: None,
            kind,
            council: None,
            meeting: None,
            minute: None,
            number: None,
            heading: None,
            path: Vec::new(),
            page: Some(section),
            text: "Question 3: how many potholes were repaired?".into(),
            ocr_confidence: None,
            record: None,
            snippet: String::new(),
            score: 0.0,
            citation: format!("{document_id} p. {section}"),
            section_ordinal: section as usize,
            more: Vec::new(),
            also_in: Vec::new(),
            explanation: None,
        }
    }

    #[test]
    fn the_paper_itself_is_shown_before_the_pack_that_bundles_it() {
        let at = |d| DocAddress::new(0, d);
        let mut dedup = Dedup::new();
        // The pack's copy ranks first; the standalone paper comes as a later hit.
        let mut pack = hit("aaaa-1", DocumentKind::WrittenQuestion, 10);
        pack.score = 3.0;
        assert!(dedup.offer(pack, at(1)));
        dedup.add_place(hit("cccc-0", DocumentKind::Agenda, 41), at(3));
        assert!(!dedup.offer(hit("bbbb-0", DocumentKind::WrittenQuestion, 8), at(2)));
        let swapped = dedup.prefer_papers(0);
        assert_eq!(swapped.len(), 1);
        assert_eq!(swapped[0].address, at(2));
        let hits = dedup.into_hits();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].document_id, "bbbb-0");
        assert_eq!(hits[0].score, 3.0);
        let also: Vec<&str> = hits[0]
            .also_in
            .iter()
            .map(|a| a.document_id.as_str())
            .collect();
        assert_eq!(also, ["aaaa-1", "cccc-0"]);
        // A paper standing alone that ranks first stays.
        let mut dedup = Dedup::new();
        assert!(dedup.offer(hit("bbbb-0", DocumentKind::WrittenQuestion, 8), at(2)));
        dedup.add_place(hit("aaaa-1", DocumentKind::WrittenQuestion, 10), at(1));
        assert!(dedup.prefer_papers(0).is_empty());
        assert_eq!(dedup.into_hits()[0].document_id, "bbbb-0");
    }
}
