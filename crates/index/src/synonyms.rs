//! Synonyms and abbreviations of UK and Irish local government (and the Welsh and Irish
//! words for councillor and chair), kept as data in `crates/index/data/synonyms.tsv` (one
//! group of equivalent names a line, tab-separated).
//!
//! [`Synonyms::find`] looks for the names of a table in a query's words (longest match
//! first, never overlapping) and returns, for each match, the other names of its group.
//! Words are compared after [`normalise_words`]: lower case folded to ASCII, split on
//! everything that is not a letter, a digit or `&` (so `Vice-Chair` is `vice chair`, `O&S`
//! stays one word and `Gardaí` is `gardai`). A word of five letters or more is compared by
//! its stem ([`match_key`]), so `chaired` finds the `chair` group and `councillors` the
//! `councillor` one; shorter words and abbreviations must be typed as listed (`sending` is
//! not `SEND`).

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, TokenStream};

use crate::analyzer::StemCache;

/// The shortest word compared by its stem rather than as typed.
const SHORTEST_STEMMED: usize = 5;

/// The table shipped with the crate.
pub const SYNONYMS_TSV: &str = include_str!("../data/synonyms.tsv");

/// The most words of one name in the table that a match looks at.
const MAX_NAME_WORDS: usize = 8;

/// A synonym table.
#[derive(Debug, Default)]
pub struct Synonyms {
    /// Each group's names, as normalised words.
    groups: Vec<Vec<Vec<String>>>,
    /// Each group's names, as the [`match_key`]s of their words.
    keys: Vec<Vec<Vec<String>>>,
    /// For the key of the first word of a name: (group, name) pairs.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

/// One match of a table name in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The index of the first matched query word.
    pub start: usize,
    /// One past the index of the last matched query word.
    pub end: usize,
    /// The other names of the group, as text (words joined by spaces).
    pub alternatives: Vec<String>,
}

/// Lower-cases `text`, folds it to ASCII (`Síochána` is `siochana`) and splits it into
/// words: runs of letters, digits and `&`.
pub fn normalise_words(text: &str) -> Vec<String> {
    let mut fold = TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    text.split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .map(|w| w.trim_matches('&'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            if lower.is_ascii() {
                return lower;
            }
            let folded = {
                let mut stream = fold.token_stream(&lower);
                stream.advance().then(|| stream.token().text.clone())
            };
            folded.unwrap_or(lower)
        })
        .collect()
}

/// What a normalised word is compared by: its stem (marked with `~`) when it has at least
/// [`SHORTEST_STEMMED`] letters and nothing else, else the word itself (abbreviations and
/// short words match only as listed).
pub fn match_key(word: &str, stems: &mut StemCache) -> String {
    if word.len() < SHORTEST_STEMMED || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return word.to_string();
    }
    let mut stem = word.to_string();
    stems.stem(&mut stem);
    // Marked, so that a stem (`sending` -> `send`) never meets a short word as listed (`SEND`).
    format!("~{stem}")
}

impl Synonyms {
    /// Parses a table: one group a line, names separated by tabs; blank lines and lines
    /// starting with `#` are ignored, as are groups of fewer than two names.
    pub fn parse(tsv: &str) -> Synonyms {
        let mut table = Synonyms::default();
        let mut stems = StemCache::new();
        for line in tsv.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut group: Vec<Vec<String>> = Vec::new();
            for name in line.split('\t') {
                let words = normalise_words(name);
                if !words.is_empty() && words.len() <= MAX_NAME_WORDS && !group.contains(&words) {
                    group.push(words);
                }
            }
            if group.len() < 2 {
                continue;
            }
            let g = table.groups.len();
            let keys: Vec<Vec<String>> = group
                .iter()
                .map(|words| words.iter().map(|w| match_key(w, &mut stems)).collect())
                .collect();
            for (n, key) in keys.iter().enumerate() {
                let entry = table.by_first.entry(key[0].clone()).or_default();
                if !entry.contains(&(g, n)) {
                    entry.push((g, n));
                }
            }
            table.groups.push(group);
            table.keys.push(keys);
        }
        table
    }

    /// The table shipped with the crate, parsed once.
    pub fn builtin() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| Synonyms::parse(SYNONYMS_TSV))
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the table has no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The matches of table names in `words` (normalised), left to right, longest first,
    /// not overlapping.
    pub fn find(&self, words: &[String]) -> Vec<Expansion> {
        let mut stems = StemCache::new();
        let words: Vec<String> = words.iter().map(|w| match_key(w, &mut stems)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (len, group, name)
            for &(g, n) in self.by_first.get(&words[i]).into_iter().flatten() {
                let name = &self.keys[g][n];
                let fits = words.len() - i >= name.len() && words[i..i + name.len()] == name[..];
                if fits && best.is_none_or(|(len, _, _)| name.len() > len) {
                    best = Some((name.len(), g, n));
                }
            }
            match best {
                Some((len, g, n)) => {
                    // The other names of the group (not another form of the typed one).
                    let typed = &self.keys[g][n];
                    let alternatives = self.groups[g]
                        .iter()
                        .enumerate()
                        .filter(|&(m, _)| m != n && self.keys[g][m] != *typed)
                        .map(|(_, words)| words.join(" "))
                        .collect();
                    out.push(Expansion {
                        start: i,
                        end: i + len,
                        alternatives,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised() {
        assert_eq!(
            normalise_words("Vice-Chair, O&S!"),
            vec!["vice", "chair", "o&s"]
        );
        assert_eq!(normalise_words("children's"), vec!["children", "s"]);
    }

    #[test]
    fn builtin_table_parses() {
        let t = Synonyms::builtin();
        assert!(t.len() > 30);
        let words = normalise_words("the CYP committee");
        let found = t.find(&words);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (1, 2));
        assert!(found[0]
            .alternatives
            .contains(&"children and young people".to_string()));
    }

    #[test]
    fn accents_fold_and_long_words_match_by_stem() {
        assert_eq!(
            normalise_words("An Garda Síochána, Cmhlr. Uí Chonchúir"),
            vec!["an", "garda", "siochana", "cmhlr", "ui", "chonchuir"]
        );
        let t = Synonyms::builtin();
        let found = t.find(&normalise_words("who chaired the meeting"));
        assert_eq!((found[0].start, found[0].end), (1, 2));
        assert!(found[0].alternatives.contains(&"chairman".to_string()));
        assert!(!found[0].alternatives.contains(&"chair".to_string()));
        let found = t.find(&normalise_words("Gardaí"));
        assert!(found[0].alternatives.contains(&"garda".to_string()));
        // Abbreviations and short words match only as listed.
        assert!(t.find(&normalise_words("sending the papers")).is_empty());
        assert_eq!(t.find(&normalise_words("SEND")).len(), 1);
    }

    #[test]
    fn longest_match_wins() {
        let t = Synonyms::parse("vc\tvice chair\nchair\tchairman\n");
        let found = t.find(&normalise_words("Vice-Chair of the board"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].alternatives, vec!["vc".to_string()]);
        let found = t.find(&normalise_words("the chair"));
        assert_eq!(found[0].alternatives, vec!["chairman".to_string()]);
    }
}
