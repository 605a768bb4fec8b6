//! "More like this": the query that finds sections similar to a given text.
//!
//! The text is analysed like the index's text fields; each distinct term (not a common
//! English word, not a single character, not a pure number) gets the weight
//! `tf · idf`, where `tf` is `1 + ln(count)` in the text and `idf` comes from the text
//! field's document frequencies. The [`MAX_TERMS`] heaviest terms become `Should` clauses
//! over the text (weight 1), heading and document title (weight 0.5 each), each boosted by
//! its normalised weight (a disjunction-max per term, the ranking of phase two). Terms
//! found in only one section (this one) cannot match anything else and are dropped. Phase
//! one ([`Similar::candidates`]) sums the same term queries, a pure union tantivy prunes
//! with block-max WAND, so a long section's many terms never score every match.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::query::guard;
use crate::query::STOP_WORDS;
use crate::schema::Fields;
use crate::tree::Node;
use crate::IndexError;

/// The most terms of the similarity query.
pub const MAX_TERMS: usize = 25;
/// The most bytes of the text looked at.
const MAX_TEXT_BYTES: usize = 32 * 1024;

/// The similarity query of a text, in the two forms of a two-phase search.
pub struct Similar {
    /// The ranking: per term, a disjunction-max over text, heading and title.
    pub tree: Node,
    /// The candidate query: the same term queries, summed (a pure union of terms).
    pub candidates: Box<dyn Query>,
}

/// The similarity query for `text` (`None` when no term is distinctive enough).
pub fn query(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Result<Option<Similar>, IndexError> {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut stop: Vec<String> = Vec::new();
    for word in STOP_WORDS {
        let mut stream = analyzer.token_stream(word);
        while stream.advance() {
            stop.push(stream.token().text.clone());
        }
    }
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut stream = analyzer.token_stream(&text[..end]);
    while stream.advance() {
        let t = &stream.token().text;
        if t.chars().count() < 2 || t.chars().all(|c| c.is_ascii_digit()) || stop.contains(t) {
            continue;
        }
        *counts.entry(t.clone()).or_insert(0) += 1;
    }
    let total = searcher.num_docs().max(1) as f32;
    let mut weighted: Vec<(String, f32)> = Vec::new();
    for (term, count) in counts {
        let df = searcher.doc_freq(&Term::from_field_text(fields.text, &term))?;
        if df < 2 {
            continue;
        }
        let idf = (1.0 + (total - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        weighted.push((term, (1.0 + (count as f32).ln()) * idf));
    }
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weighted.truncate(MAX_TERMS);
    let Some(&(_, top)) = weighted.first() else {
        return Ok(None);
    };
    let over_fields = [
        (fields.text, 1.0),
        (fields.heading, 0.5),
        (fields.title, 0.5),
    ];
    let term = |field, term: &str| {
        TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqs,
        )
    };
    let mut per_term = Vec::with_capacity(weighted.len());
    let mut summed: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (word, weight) in &weighted {
        let scale = weight / top;
        let leaves = over_fields
            .iter()
            .map(|&(field, boost)| Node::Leaf(Box::new(term(field, word))).boost(boost))
            .collect();
        per_term.push(Node::Max(leaves, 0.2).boost(scale));
        for &(field, boost) in &over_fields {
            let q = BoostQuery::new(Box::new(term(field, word)), boost * scale);
            summed.push((Occur::Should, Box::new(q)));
        }
    }
    Ok(Some(Similar {
        tree: Node::any(per_term),
        candidates: guard(BooleanQuery::new(summed)),
    }))
}
