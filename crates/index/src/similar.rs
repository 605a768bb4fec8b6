//! "More like this": the query that finds sections similar to a given text.
//!
//! The text is analysed like the index's text fields; each distinct term (not a common
//! English word, not a single character, not a pure number) gets the weight
//! `tf · idf`, where `tf` is `1 + ln(count)` in the text and `idf` comes from the text
//! field's document frequencies. The [`MAX_TERMS`] heaviest terms become `Should` clauses
//! over the text (weight 1), heading and document title (weight 0.5 each), each boosted by
//! its normalised weight. Terms found in only one section (this one) cannot match anything
//! else and are dropped.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::query::STOP_WORDS;
use crate::schema::Fields;
use crate::IndexError;

/// The most terms of the similarity query.
pub const MAX_TERMS: usize = 25;
/// The most bytes of the text looked at.
const MAX_TEXT_BYTES: usize = 32 * 1024;

/// The similarity query for `text` (`None` when no term is distinctive enough).
pub fn query(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Result<Option<Box<dyn Query>>, IndexError> {
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
    let clauses = weighted
        .iter()
        .map(|(term, weight)| {
            let over = |field, boost: f32| -> Box<dyn Query> {
                let q = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(q), boost))
            };
            let q = DisjunctionMaxQuery::with_tie_breaker(
                vec![
                    over(fields.text, 1.0),
                    over(fields.heading, 0.5),
                    over(fields.title, 0.5),
                ],
                0.2,
            );
            let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(q), weight / top));
            (Occur::Should, q)
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}
