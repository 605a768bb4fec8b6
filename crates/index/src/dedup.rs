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

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    // One pass, ASCII without Unicode tables (a search normalises every hit it shows).
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if !word {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
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

/// The [`paragraph_key`] of a section's `text`, given the key the index stores for the
/// section (its `paragraph` field, [`crate::schema::section_key`]; 0 when it has none):
/// that key when the text has letters or digits (it is then the text's key), else
/// [`NO_PARAGRAPH`] (the stored key of a text-less section is its headings'). Saves
/// normalising and hashing the text of every hit shown.
pub fn key_of(text: &str, stored: u64) -> u64 {
    if !text.chars().any(char::is_alphanumeric) {
        NO_PARAGRAPH
    } else if stored != NO_PARAGRAPH {
        stored
    } else {
        paragraph_key(text)
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

/// Keeps the first hit of each paragraph, in order: a hit whose paragraph an earlier kept
/// hit has is not kept, but listed in that hit's `also_in`.
pub struct Dedup {
    kept: Vec<SearchHit>,
    by_key: HashMap<u64, usize>,
    folded: usize,
}

impl Dedup {
    /// An empty set.
    pub fn new() -> Dedup {
        Dedup {
            kept: Vec::new(),
            by_key: HashMap::new(),
            folded: 0,
        }
    }

    /// Offers a hit (its citation filled): kept when its paragraph is new; else recorded as
    /// another place of the earlier hit. Returns whether it was kept.
    pub fn offer(&mut self, hit: SearchHit) -> bool {
        let key = paragraph_key(&hit.text);
        self.offer_keyed(hit, key)
    }

    /// [`Dedup::offer`] with the hit's [`paragraph_key`] already known (the index stores
    /// it: see [`key_of`]).
    pub fn offer_keyed(&mut self, hit: SearchHit, key: u64) -> bool {
        if key == NO_PARAGRAPH {
            self.kept.push(hit);
            return true;
        }
        match self.by_key.get(&key) {
            Some(&i) => {
                self.folded += 1;
                self.kept[i].also_in.push(AlsoIn::of(hit));
                false
            }
            None => {
                self.by_key.insert(key, self.kept.len());
                self.kept.push(hit);
                true
            }
        }
    }

    /// Lists `place` (the same paragraph as the last hit kept, found elsewhere) in that
    /// hit's `also_in`, unless it is already listed there. Not counted as folded (it was
    /// never a ranked hit).
    pub fn add_place(&mut self, place: SearchHit) {
        let Some(hit) = self.kept.last_mut() else {
            return;
        };
        if hit.section_id != place.section_id
            && !hit.also_in.iter().any(|a| a.section_id == place.section_id)
        {
            hit.also_in.push(AlsoIn::of(place));
        }
    }

    /// Whether a hit kept so far shows the paragraph of `text` (text without letters or
    /// digits is no paragraph, and never shown).
    pub fn shows(&self, text: &str) -> bool {
        self.shows_key(paragraph_key(text))
    }

    /// [`Dedup::shows`] with the text's [`paragraph_key`] already known.
    pub fn shows_key(&self, key: u64) -> bool {
        key != NO_PARAGRAPH && self.by_key.contains_key(&key)
    }

    /// The last hit kept.
    ///
    /// # Panics
    /// When none is kept (call after [`Dedup::offer`] returned `true`).
    pub fn last_mut(&mut self) -> &mut SearchHit {
        self.kept.last_mut().expect("a hit was kept")
    }

    /// The `i`th hit kept.
    ///
    /// # Panics
    /// When fewer than `i + 1` are kept.
    pub fn hit_mut(&mut self, i: usize) -> &mut SearchHit {
        &mut self.kept[i]
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

    #[test]
    fn the_stored_key_stands_for_the_text_key() {
        let text = "The budget be agreed.";
        assert_eq!(key_of(text, paragraph_key(text)), paragraph_key(text));
        assert_eq!(key_of(text, NO_PARAGRAPH), paragraph_key(text));
        // A text-less section's stored key is its headings': no paragraph to fold.
        assert_eq!(key_of(" -- ", 42), NO_PARAGRAPH);
    }

    #[test]
    fn normalising_in_one_pass_gives_the_split_and_lowercase_form() {
        // The form stored keys were made with: words of letters and digits, lower case.
        let reference = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().flat_map(char::to_lowercase).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for text in [
            "",
            "  ,. ",
            "Ysgol Gymraeg Bro Morgannwg — ÉCOLE İstanbul Straße ½ 3²",
            "(a) The Council RESOLVED: 12.3% of £4,500\n\tagreed…",
            "ΣΊΣΥΦΟΣ naïve café",
        ] {
            assert_eq!(normalise(text), reference(text), "{text:?}");
        }
    }
}
