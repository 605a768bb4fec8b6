//! Turning what people type, plus filters, into a tantivy query.
//!
//! Nothing here uses tantivy's query syntax, so no input is a syntax error. The input is
//! split into quoted phrases (`"..."`, curly quotes too; an unclosed quote runs to the end)
//! and bare words. Both are run through the index's `en_stem` analyzer:
//!
//! - each distinct bare term (very common English words dropped, unless nothing else is
//!   left) is a `Should` clause: a disjunction-max over the text fields with boosts
//!   (title 2.0, heading 2.0, heading path 2.0, entities 1.5, bodies 1.5, text 1.0);
//! - a bare word that looks like a paragraph number (`2.1.3`) also matches the exact
//!   section number;
//! - proximity bonuses: the whole bare-word sequence as a sloppy phrase over the text
//!   (slop 3) and each adjacent pair as a sloppy phrase (slop 1), so sections where the
//!   words appear together rank above sections where they are scattered;
//! - each quoted phrase is a `Must` clause: a disjunction-max of phrase queries over text,
//!   heading, path and title (a one-term phrase is a term query).
//!
//! At most [`MAX_TERMS`] terms are used and at most [`MAX_INPUT_BYTES`] of input are read,
//! so pasting a page of text stays cheap. Filters (council, body, kind, meeting date range)
//! are `Must` clauses with a zero score, and every query is restricted to section records.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use crate::schema::{Fields, RECORD_SECTION};
use crate::{IndexError, SearchRequest};

/// The most terms (words plus phrase terms) a query uses; the rest of the input is ignored.
pub const MAX_TERMS: usize = 64;
/// The most bytes of input read.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;
/// The most terms in the whole-query proximity phrase.
const MAX_PROXIMITY_TERMS: usize = 12;
/// The most adjacent-pair proximity phrases.
const MAX_PAIRS: usize = 16;
/// Tie breaker of the per-term disjunction-max over fields.
const TIE_BREAKER: f32 = 0.3;

/// Very common English words: dropped from the per-word clauses (kept inside phrases and
/// proximity bonuses). Compared after analysis, so they are stemmed like the terms.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "not", "of", "on",
    "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "was", "we", "were", "which", "who", "will", "with", "would", "you",
];

/// One piece of the typed input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text outside quotes.
    Bare(String),
    /// Text inside quotes.
    Phrase(String),
}

/// Splits input into bare text and quoted phrases; an unclosed quote runs to the end.
pub fn split_pieces(input: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut in_phrase = false;
    for c in input.chars() {
        if matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}') {
            let text = std::mem::take(&mut current);
            if !text.trim().is_empty() {
                pieces.push(if in_phrase {
                    Piece::Phrase(text)
                } else {
                    Piece::Bare(text)
                });
            }
            in_phrase = !in_phrase;
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        pieces.push(if in_phrase {
            Piece::Phrase(current)
        } else {
            Piece::Bare(current)
        });
    }
    pieces
}

/// An analysed token: its text and position.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    position: usize,
}

fn analyse(analyzer: &mut TextAnalyzer, text: &str, budget: &mut usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while *budget > 0 && stream.advance() {
        let token = stream.token();
        out.push(Tok {
            text: token.text.clone(),
            position: token.position,
        });
        *budget -= 1;
    }
    out
}

/// The truncated input, cut at a character boundary.
fn truncate(input: &str) -> &str {
    if input.len() <= MAX_INPUT_BYTES {
        return input;
    }
    let mut end = MAX_INPUT_BYTES;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    &input[..end]
}

/// Whether a bare word looks like a paragraph number (`7`, `2.1.3`).
fn looks_like_number(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 16
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Builds queries for one index.
pub struct QueryBuilder<'a> {
    /// The schema's fields.
    pub fields: &'a Fields,
    /// The analyzer of the text fields.
    pub analyzer: TextAnalyzer,
}

impl QueryBuilder<'_> {
    fn stop_words(&mut self) -> HashSet<String> {
        let mut set = HashSet::new();
        for word in STOP_WORDS {
            let mut budget = usize::MAX;
            for tok in analyse(&mut self.analyzer, word, &mut budget) {
                set.insert(tok.text);
            }
        }
        set
    }

    /// The text part of the query (`None` if the input has no terms at all).
    pub fn text_query(&mut self, input: &str) -> Option<Box<dyn Query>> {
        let f = *self.fields;
        let input = truncate(input);
        let mut budget = MAX_TERMS;
        let mut bare: Vec<Tok> = Vec::new();
        let mut phrases: Vec<Vec<Tok>> = Vec::new();
        let mut numbers: Vec<String> = Vec::new();
        for piece in split_pieces(input) {
            if budget == 0 {
                break;
            }
            match piece {
                Piece::Bare(text) => {
                    for word in text.split_whitespace() {
                        let word = word.trim_end_matches(['.', ',', ';', ')']);
                        let word = word.trim_start_matches('(');
                        if looks_like_number(word) && numbers.len() < 8 {
                            numbers.push(word.to_string());
                        }
                    }
                    bare.extend(analyse(&mut self.analyzer, &text, &mut budget));
                }
                Piece::Phrase(text) => {
                    let toks = analyse(&mut self.analyzer, &text, &mut budget);
                    if !toks.is_empty() {
                        phrases.push(toks);
                    }
                }
            }
        }

        let stop = self.stop_words();
        let mut seen = HashSet::new();
        let mut words: Vec<&str> = bare
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| !stop.contains(*t) && !is_single_letter(t))
            .filter(|t| seen.insert(*t))
            .collect();
        if words.is_empty() && phrases.is_empty() && numbers.is_empty() {
            // Only common words: use them rather than nothing.
            let mut seen = HashSet::new();
            words = bare
                .iter()
                .map(|t| t.text.as_str())
                .filter(|t| seen.insert(*t))
                .collect();
        }

        let weighted = [
            (f.title, 2.0),
            (f.heading, 2.0),
            (f.path, 2.0),
            (f.text, 1.0),
            (f.entities, 1.5),
            (f.bodies, 1.5),
        ];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &words {
            clauses.push((Occur::Should, term_over_fields(&weighted, word)));
        }
        for number in &numbers {
            let term = Term::from_field_text(f.number, number);
            let q = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 2.0))));
        }
        if !words.is_empty() {
            // Proximity bonuses over the bare words in order (stop words included, so the
            // positions line up with the text).
            let seq: Vec<&Tok> = bare.iter().take(MAX_PROXIMITY_TERMS).collect();
            if seq.len() > 2 {
                let terms = seq
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (i, Term::from_field_text(f.text, &t.text)))
                    .collect();
                let q = PhraseQuery::new_with_offset_and_slop(terms, 3);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 1.5))));
            }
            let mut pairs = 0;
            for pair in bare.windows(2) {
                if pairs == MAX_PAIRS {
                    break;
                }
                if stop.contains(&pair[0].text) && stop.contains(&pair[1].text) {
                    continue;
                }
                let terms = vec![
                    (0, Term::from_field_text(f.text, &pair[0].text)),
                    (1, Term::from_field_text(f.text, &pair[1].text)),
                ];
                let q = PhraseQuery::new_with_offset_and_slop(terms, 1);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 1.0))));
                pairs += 1;
            }
        }
        for phrase in &phrases {
            let q = if phrase.len() == 1 {
                term_over_fields(&weighted, &phrase[0].text)
            } else {
                let first = phrase[0].position;
                let over = |field: Field, boost: f32| -> Box<dyn Query> {
                    let terms = phrase
                        .iter()
                        .map(|t| {
                            (
                                t.position.saturating_sub(first),
                                Term::from_field_text(field, &t.text),
                            )
                        })
                        .collect();
                    let q = PhraseQuery::new_with_offset(terms);
                    Box::new(BoostQuery::new(Box::new(q), boost))
                };
                Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    vec![
                        over(f.text, 1.0),
                        over(f.heading, 2.0),
                        over(f.path, 2.0),
                        over(f.title, 2.0),
                    ],
                    TIE_BREAKER,
                ))
            };
            clauses.push((Occur::Must, q));
        }
        if clauses.is_empty() {
            return None;
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The filter clauses of a request (always including "section records only").
    pub fn filters(&self, request: &SearchRequest) -> Result<Vec<Box<dyn Query>>, IndexError> {
        let f = self.fields;
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            let q = TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            );
            Box::new(ConstScoreQuery::new(Box::new(q), 0.0))
        };
        let mut out = vec![exact(f.record, RECORD_SECTION)];
        if let Some(council) = non_empty(&request.council) {
            out.push(exact(f.council, council));
        }
        if let Some(body) = non_empty(&request.body) {
            out.push(exact(f.body, body));
        }
        if let Some(kind) = request.kind {
            out.push(exact(f.kind, kind.as_str()));
        }
        let from = non_empty(&request.from).map(validate_date).transpose()?;
        let to = non_empty(&request.to).map(validate_date).transpose()?;
        if from.is_some() || to.is_some() {
            let bound = |d: Option<&str>| match d {
                Some(d) => Bound::Included(Term::from_field_text(f.date, d)),
                None => Bound::Unbounded,
            };
            let q = RangeQuery::new(bound(from), bound(to));
            out.push(Box::new(ConstScoreQuery::new(Box::new(q), 0.0)));
        }
        Ok(out)
    }

    /// Whether the request has any filter besides "section records only".
    pub fn has_filters(request: &SearchRequest) -> bool {
        non_empty(&request.council).is_some()
            || non_empty(&request.body).is_some()
            || request.kind.is_some()
            || non_empty(&request.from).is_some()
            || non_empty(&request.to).is_some()
    }
}

fn is_single_letter(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A disjunction-max of term queries for one analysed term over weighted fields.
fn term_over_fields(weighted: &[(Field, f32)], term: &str) -> Box<dyn Query> {
    let disjuncts: Vec<Box<dyn Query>> = weighted
        .iter()
        .map(|&(field, boost)| {
            let q = TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            );
            Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>
        })
        .collect();
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        disjuncts,
        TIE_BREAKER,
    ))
}

/// Checks a `YYYY-MM-DD` date; [`IndexError::InvalidRequest`] otherwise.
pub fn validate_date(date: &str) -> Result<&str, IndexError> {
    let bad = || IndexError::InvalidRequest(format!("not a date (YYYY-MM-DD): {date:?}"));
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &date[r];
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(bad());
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_on_quotes_and_unclosed_quotes_run_to_the_end() {
        assert_eq!(
            split_pieces(r#"school "home to school" transport "unclosed bit"#),
            vec![
                Piece::Bare("school ".into()),
                Piece::Phrase("home to school".into()),
                Piece::Bare(" transport ".into()),
                Piece::Phrase("unclosed bit".into()),
            ]
        );
        assert!(split_pieces(r#""""#).is_empty());
    }

    #[test]
    fn dates_are_validated() {
        assert!(validate_date("2023-03-08").is_ok());
        assert!(validate_date("2024-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-3-8",
            "yesterday",
            "2023-03-08x",
            "",
        ] {
            assert!(validate_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_are_recognised() {
        assert!(looks_like_number("2.1.3"));
        assert!(looks_like_number("7"));
        assert!(!looks_like_number("2..3"));
        assert!(!looks_like_number("a1"));
    }
}
