//! Turning what people type, plus filters, into a tantivy query.
//!
//! Nothing here uses tantivy's query syntax, so no input is a syntax error. The input is
//! split into quoted phrases (`"..."`, curly quotes too; an unclosed quote runs to the end)
//! and bare words. Both are run through the index's text analyzer ([`crate::analyzer`]):
//!
//! - each distinct bare term (very common English words dropped, unless nothing else is
//!   left) is a *concept*: a disjunction-max over the fields (title, heading, heading path,
//!   text, entities, bodies, file name), all weighing 1 (see [`WEIGHTS`]): a field weight
//!   of its own earned nothing on the tune queries once the shared fields' document
//!   frequencies count papers ([`crate::paper_stats`]), and a path or title weighing more
//!   than the text let a paragraph win on words of its headings, not on what it says;
//! - a name from the synonym table ([`crate::synonyms`], e.g. `CYP`, `looked after
//!   children`) is one concept: the typed words, or any other name of its group as a
//!   phrase with weight [`Weights::synonym`];
//! - intent words ([`Intent`]: "decisions", "resolved", "questions", "answered", ...) weigh
//!   [`Weights::intent_term`] as terms; the caller multiplies the score of sections of the
//!   matching kind (recommendation/resolution, question/answer);
//! - coverage: a section where every topic concept is present scores its concepts again
//!   ([`Weights::cover_all`]), so all the words beat one word many times;
//! - a bare word that looks like a paragraph number (`2.1.3`) also matches the exact
//!   section number;
//! - proximity bonuses: the whole bare-word sequence as a sloppy phrase over the text
//!   (slop 3) and each adjacent pair as a sloppy phrase (slop 1), so sections where the
//!   words appear together rank above sections where they are scattered;
//! - names: spans of two to four typed words as phrases over the entity and body fields
//!   (`improvement board`, `joint policing committee`);
//! - each quoted phrase is a `Must` clause: a disjunction-max of phrase queries over text,
//!   heading, path, title, file name, entities and bodies (a one-term phrase is a term
//!   query).
//!
//! At most [`MAX_TERMS`] terms are used and at most [`MAX_INPUT_BYTES`] of input are read,
//! so pasting a page of text stays cheap. Filters (council, body, kind, person, meeting date
//! range)
//! are `Must` clauses with a zero score, and every query is restricted to section records.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Explanation, Occur, PhraseQuery,
    Query, RangeQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;
use tantivy::{DocId, DocSet, Score, SegmentReader};

use crate::schema::{Fields, RECORD_SECTION};
use crate::synonyms::{normalise_words, Synonyms};
use crate::tree::Node;
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
pub const STOP_WORDS: &[&str] = &[
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

/// What the words of a query ask for besides their topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Decisions: "decided", "resolved", "agreed", "recommendations" ... favour sections of
    /// kind recommendation or resolution.
    Decision,
    /// Questions: "asked", "answers", "questions" ... favour sections of kind question or
    /// answer.
    Question,
}

impl Intent {
    /// The intent a (normalised, lower-case) word signals, if any.
    pub fn of_word(word: &str) -> Option<Intent> {
        match word {
            "decision" | "decisions" | "decided" | "decide" | "resolved" | "resolve"
            | "resolution" | "resolutions" | "agreed" | "recommendation" | "recommendations"
            | "recommended" => Some(Intent::Decision),
            "question" | "questions" | "asked" | "ask" | "answer" | "answers" | "answered"
            | "reply" | "replies" | "replied" => Some(Intent::Question),
            _ => None,
        }
    }

    /// The section kinds (`section_kind` values) this intent favours.
    pub fn section_kinds(self) -> &'static [&'static str] {
        match self {
            Intent::Decision => &["recommendation", "resolution"],
            Intent::Question => &["question", "answer"],
        }
    }
}

/// The text part of a query and what was understood of it.
pub struct TextQuery {
    /// The whole ranking query (for explanations and snippets): `tree` as a tantivy query.
    pub query: Box<dyn Query>,
    /// The whole ranking query as a tree: what phase two scores the candidates with.
    pub tree: Node,
    /// The intent of the words, if any (applied as a score factor by the caller).
    pub intent: Option<Intent>,
    /// Every analysed term of the input with its weight in the query (topic words 1,
    /// synonyms and intent words less): what [`crate::within`] scores a section's own
    /// text with.
    pub terms: Vec<(String, f32)>,
    /// The proximity bonuses (the typed words close together in a section's text), as
    /// scored in [`TextQuery::tree`], each with its analysed terms: [`crate::within`] adds
    /// them to a section's own score.
    pub proximity: Vec<(Node, Vec<String>)>,
    /// The typed paragraph numbers, each as the section-number term boosted by
    /// [`Weights::number`], as scored in [`TextQuery::tree`]: [`crate::within`] adds them to
    /// a section's own score (the number names the paragraph).
    pub numbers: Vec<Node>,
    /// The facts of the record the words ask for ([`crate::record`]; a score factor too).
    pub asked: crate::record::Asked,
    /// For a question about an item's record, its topic terms near the term asking for the
    /// fact ([`crate::record::near_fact`]): [`crate::within`] adds them to a section's own
    /// score (not in [`TextQuery::tree`]).
    pub record_near: Vec<Node>,
    /// The analysed terms of the words asking for a fact of the record ("seconded",
    /// "vote"): [`crate::within`] tells a section saying the question's topic from one
    /// saying only these.
    pub fact_terms: Vec<String>,
    /// The names of each synonym-table group the words matched ([`crate::synonyms`]), each
    /// as its analysed terms (stop words left out), the typed name first: [`crate::within`]
    /// weighs a name as a title word when its paper's title holds another name of its group
    /// ("JPC" in the minutes of the Joint Policing Committee).
    pub synonym_names: Vec<Vec<Vec<String>>>,
    /// The meeting dates the input names ([`crate::when`]; a score factor too).
    pub dates: crate::when::Dates,
    /// The phase-one query: every analysed term of the input as a boosted term over the
    /// weighted fields, summed (no disjunction-max, proximity or coverage), plus the
    /// quoted phrases as `Must` clauses and typed paragraph numbers. It matches the same
    /// sections as [`TextQuery::query`] and is cheap to score.
    pub candidates: Box<dyn Query>,
    /// Whether [`TextQuery::candidates`] is a pure union of term queries with frequencies,
    /// which tantivy answers top-K with block-max WAND (skipping most matches).
    pub prunable: bool,
    /// The union of [`TextQuery::candidates`]' terms over the canonical twins of the
    /// fields, which match one copy of each paragraph only ([`crate::canonical`]); none
    /// when there are no terms.
    pub canonical: Option<Box<dyn Query>>,
    /// [`TextQuery::candidates`] as a tree, with its required clauses (the quoted phrases)
    /// apart: phase one scores it at the canonical copies holding every word of a required
    /// phrase in one field ([`crate::phases::canonical_required_candidates`]); none when
    /// nothing is required.
    pub required: Option<(Node, Vec<Node>)>,
}

/// The terms of the phase-one query, each with its boost (the highest when a term is
/// used twice).
#[derive(Default)]
struct CandidateTerms(Vec<(String, f32)>);

impl CandidateTerms {
    fn add(&mut self, term: &str, boost: f32) {
        match self.0.iter_mut().find(|(t, _)| t == term) {
            Some((_, b)) => *b = b.max(boost),
            None => self.0.push((term.to_string(), boost)),
        }
    }

    /// Each term over each weighted field (fields weighted 0 left out), with the product
    /// of both weights.
    fn term_queries<'a>(
        &'a self,
        weighted: &'a [(Field, f32)],
    ) -> impl Iterator<Item = (TermQuery, f32)> + 'a {
        self.0.iter().flat_map(move |(term, boost)| {
            weighted
                .iter()
                .filter(|&&(_, field_boost)| field_boost > 0.0)
                .map(move |&(field, field_boost)| {
                    let q = TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    (q, boost * field_boost)
                })
        })
    }

    /// [`CandidateTerms::clauses`] as tree nodes, in the same order.
    fn nodes(&self, weighted: &[(Field, f32)]) -> Vec<Node> {
        self.term_queries(weighted)
            .map(|(q, boost)| Node::Leaf(Box::new(q)).boost(boost))
            .collect()
    }

    /// `Should` clauses: each term over each weighted field, boosted by both weights.
    fn clauses(&self, weighted: &[(Field, f32)]) -> Vec<(Occur, Box<dyn Query>)> {
        self.term_queries(weighted)
            .map(|(q, boost)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(q), boost));
                (Occur::Should, q)
            })
            .collect()
    }
}

/// The weights of the ranking, in one place (chosen by measurement on the judged queries;
/// see the crate's notes).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Document title.
    pub title: f32,
    /// Section heading.
    pub heading: f32,
    /// Heading path.
    pub path: f32,
    /// Section text.
    pub text: f32,
    /// Entity values of the document.
    pub entities: f32,
    /// Meeting bodies and council of the document.
    pub bodies: f32,
    /// Source file name and folder words.
    pub file: f32,
    /// An alternative name from the synonym table, relative to the typed name.
    pub synonym: f32,
    /// An intent word as a text term, relative to a topic word.
    pub intent_term: f32,
    /// Extra weight of the term scores of a section that matches every topic concept.
    pub cover_all: f32,
    /// Extra weight when all but one topic concepts match (three or more concepts).
    pub cover_most: f32,
    /// The whole-query sloppy phrase over the text.
    pub proximity_all: f32,
    /// Each adjacent pair as a sloppy phrase over the text.
    pub proximity_pair: f32,
    /// Each adjacent pair as a phrase over title, heading and file name.
    pub pair_titles: f32,
    /// A span of query words as a phrase over the entity and body fields.
    pub entity_phrase: f32,
    /// A paragraph number typed that equals the section number.
    pub number: f32,
    /// In the phase-one query, the factor of the fields every section of a document shares
    /// (title, entities, bodies, file name): they would otherwise fill the candidates with
    /// every section of a few papers.
    pub candidate_doc: f32,
}

/// The weights in use. Each was set to its neutral value (1 for a field or term weight, 0
/// for a bonus) on the tune and dev queries; those whose neutral value scored as well on
/// tune, without lowering dev, are neutral (the table is in `tests/queries/README.md`):
/// every field weight, `intent_term`, `proximity_all`, `candidate_doc` and (stop 26, on
/// 42 tune queries) `entity_phrase`, whose nested spans summed made a four-word name
/// shared by two papers (a district's name) outweigh the person the query names.
pub const WEIGHTS: Weights = Weights {
    title: 1.0,
    heading: 1.0,
    path: 1.0,
    text: 1.0,
    entities: 1.0,
    bodies: 1.0,
    file: 1.0,
    synonym: 0.8,
    intent_term: 1.0,
    cover_all: 0.5,
    cover_most: 0.0,
    proximity_all: 0.0,
    proximity_pair: 1.0,
    pair_titles: 0.0,
    entity_phrase: 0.0,
    number: 2.0,
    candidate_doc: 1.0,
};

/// A query concept: one topic word, or a name from the synonym table with its alternatives.
struct Concept {
    /// How it scores.
    score: Node,
    /// The form that must match for the concept to count as present (scored too).
    cover: Node,
    /// An intent word (does not count for coverage).
    intent: bool,
}

/// Builds queries for one index.
pub struct QueryBuilder<'a> {
    /// The schema's fields.
    pub fields: &'a Fields,
    /// The analyzer of the text fields.
    pub analyzer: TextAnalyzer,
    /// The weights (the index's [`crate::tuning::Tuning`]).
    pub weights: Weights,
    /// The index values the council, body and person filters stand for (see
    /// [`crate::resolve`]); a filter not resolved matches its value exactly.
    pub resolved: ResolvedFilters,
}

/// The index values each filter of a request stands for ([`crate::resolve::resolve`]).
#[derive(Debug, Clone, Default)]
pub struct ResolvedFilters {
    /// The council filter's values.
    pub council: Option<Vec<String>>,
    /// The body filter's values.
    pub body: Option<Vec<String>>,
    /// The person filter's values (the forms of one person's name).
    pub person: Option<Vec<String>>,
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

    fn weighted(&self, w: &Weights) -> Vec<(Field, f32)> {
        let f = self.fields;
        [
            (f.title, w.title),
            (f.heading, w.heading),
            (f.path, w.path),
            (f.text, w.text),
            (f.entities, w.entities),
            (f.bodies, w.bodies),
            (f.file, w.file),
        ]
        .into_iter()
        .filter(|&(_, b)| b > 0.0)
        .collect()
    }

    /// A phrase (analysed tokens) over the weighted fields; a one-token phrase is a term.
    fn phrase_over_fields(&self, weighted: &[(Field, f32)], toks: &[Tok]) -> Node {
        if toks.len() == 1 {
            return term_over_fields(weighted, &toks[0].text);
        }
        let first = toks[0].position;
        let disjuncts = weighted
            .iter()
            .map(|&(field, boost)| {
                let terms = toks
                    .iter()
                    .map(|t| {
                        (
                            t.position.saturating_sub(first),
                            Term::from_field_text(field, &t.text),
                        )
                    })
                    .collect();
                let q = PhraseQuery::new_with_offset(terms);
                Node::Leaf(Box::new(q)).boost(boost)
            })
            .collect();
        Node::Max(disjuncts, TIE_BREAKER)
    }

    /// The text part of the query (`None` if the input has no terms at all).
    pub fn text_query(&mut self, input: &str) -> Option<TextQuery> {
        let f = *self.fields;
        let w = self.weights;
        let weighted = self.weighted(&w);
        let mut cand = CandidateTerms::default();
        let input = truncate(input);
        let mut budget = MAX_TERMS;
        // Bare words, normalised, each with its analysed tokens (positions run on across
        // words).
        let mut words: Vec<String> = Vec::new();
        let mut word_toks: Vec<Vec<Tok>> = Vec::new();
        let mut phrases: Vec<Vec<Tok>> = Vec::new();
        let mut numbers: Vec<String> = Vec::new();
        let mut position = 0;
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
                    for word in normalise_words(&text) {
                        if budget == 0 {
                            break;
                        }
                        let mut toks = analyse(&mut self.analyzer, &word, &mut budget);
                        for t in toks.iter_mut() {
                            t.position += position;
                        }
                        position += toks.len();
                        words.push(word);
                        word_toks.push(toks);
                    }
                }
                Piece::Phrase(text) => {
                    let toks = analyse(&mut self.analyzer, &text, &mut budget);
                    if !toks.is_empty() {
                        phrases.push(toks);
                    }
                }
            }
        }
        let bare: Vec<Tok> = word_toks.iter().flatten().cloned().collect();

        let stop = self.stop_words();
        let record_near = {
            let words: Vec<(String, Vec<String>)> = words
                .iter()
                .zip(&word_toks)
                .map(|(w, toks)| (w.clone(), toks.iter().map(|t| t.text.clone()).collect()))
                .collect();
            crate::record::near_fact(f.text, &words, &stop)
        };
        let fact_terms: Vec<String> = words
            .iter()
            .zip(&word_toks)
            .filter(|(w, _)| crate::record::Fact::asked_by(w).is_some())
            .flat_map(|(_, toks)| toks.iter().map(|t| t.text.clone()))
            .collect();
        let intent_of: Vec<Option<Intent>> = words.iter().map(|w| Intent::of_word(w)).collect();
        let intent = intent_of.iter().flatten().next().copied();

        // Concepts: synonym-table matches first, then the remaining words.
        let mut concepts: Vec<Concept> = Vec::new();
        let mut covered = vec![false; words.len()];
        let mut seen: HashSet<String> = HashSet::new();
        let mut synonym_names: Vec<Vec<Vec<String>>> = Vec::new();
        for exp in Synonyms::builtin().find(&words) {
            let toks: Vec<Tok> = word_toks[exp.start..exp.end]
                .iter()
                .flatten()
                .filter(|t| !stop.contains(&t.text))
                .cloned()
                .collect();
            if toks.is_empty() {
                continue;
            }
            for c in covered.iter_mut().take(exp.end).skip(exp.start) {
                *c = true;
            }
            for t in &toks {
                seen.insert(t.text.clone());
                cand.add(&t.text, 1.0);
            }
            let (orig_score, orig_cover): (Node, Node) = if toks.len() == 1 {
                let q = term_over_fields(&weighted, &toks[0].text);
                (q.clone(), q)
            } else {
                let each = || -> Vec<Node> {
                    toks.iter()
                        .map(|t| term_over_fields(&weighted, &t.text))
                        .collect()
                };
                (Node::any(each()), Node::all(each()))
            };
            let mut alternatives: Vec<Node> = Vec::new();
            let mut names = vec![toks.iter().map(|t| t.text.clone()).collect::<Vec<_>>()];
            for alt in &exp.alternatives {
                let mut b = MAX_TERMS;
                let alt_toks = analyse(&mut self.analyzer, alt, &mut b);
                if alt_toks.is_empty() {
                    continue;
                }
                names.push(
                    alt_toks
                        .iter()
                        .filter(|t| !stop.contains(&t.text))
                        .map(|t| t.text.clone())
                        .collect(),
                );
                for t in alt_toks.iter().filter(|t| !stop.contains(&t.text)) {
                    cand.add(&t.text, w.synonym);
                }
                let q = self.phrase_over_fields(&weighted, &alt_toks);
                alternatives.push(q.boost(w.synonym));
            }
            synonym_names.push(names);
            let either = |orig: Node| -> Node {
                let mut all = vec![orig];
                all.extend(alternatives.iter().cloned());
                Node::Max(all, 0.0)
            };
            concepts.push(Concept {
                score: either(orig_score),
                cover: either(orig_cover),
                intent: false,
            });
        }
        for (i, toks) in word_toks.iter().enumerate() {
            if covered[i] {
                continue;
            }
            for t in toks {
                if stop.contains(&t.text)
                    || is_single_letter(&t.text)
                    || !seen.insert(t.text.clone())
                {
                    continue;
                }
                let q = term_over_fields(&weighted, &t.text);
                let boost = if intent_of[i].is_some() {
                    w.intent_term
                } else {
                    1.0
                };
                cand.add(&t.text, boost);
                if intent_of[i].is_some() {
                    concepts.push(Concept {
                        score: q.clone().boost(w.intent_term),
                        cover: q,
                        intent: true,
                    });
                } else {
                    concepts.push(Concept {
                        score: q.clone(),
                        cover: q,
                        intent: false,
                    });
                }
            }
        }
        if concepts.is_empty() && phrases.is_empty() && numbers.is_empty() {
            // Only common words: use them rather than nothing.
            let mut seen = HashSet::new();
            for t in &bare {
                if seen.insert(t.text.as_str()) {
                    cand.add(&t.text, 1.0);
                    let q = term_over_fields(&weighted, &t.text);
                    concepts.push(Concept {
                        score: q.clone(),
                        cover: q,
                        intent: false,
                    });
                }
            }
        }

        // The top-level clauses: optional bonuses, and the quoted phrases as required.
        let mut clauses: Vec<Node> = Vec::new();
        let mut required: Vec<Node> = Vec::new();
        let mut proximity: Vec<(Node, Vec<String>)> = Vec::new();
        for c in &concepts {
            clauses.push(c.score.clone());
        }
        // Coverage: sections where every topic concept is present (or all but one) score
        // their terms again, so they rank above sections matching some words many times.
        let topic: Vec<&Concept> = concepts.iter().filter(|c| !c.intent).collect();
        if topic.len() >= 2 && w.cover_all > 0.0 {
            let all = Node::all(topic.iter().map(|c| c.cover.clone()).collect());
            clauses.push(all.boost(w.cover_all));
        }
        if topic.len() >= 3 && w.cover_most > 0.0 {
            let most = Node::AtLeast(
                topic.iter().map(|c| c.cover.clone()).collect(),
                topic.len() - 1,
            );
            clauses.push(most.boost(w.cover_most));
        }
        // Phase-one clauses besides the terms: numbers and quoted phrases.
        let mut extra: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut number_nodes = Vec::with_capacity(numbers.len());
        for number in &numbers {
            let term = Term::from_field_text(f.number, number);
            let q = Node::Leaf(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
                .boost(w.number);
            extra.push((Occur::Should, q.to_query()));
            number_nodes.push(q.clone());
            clauses.push(q);
        }
        if !concepts.is_empty() && bare.len() >= 2 {
            // Proximity bonuses over the bare words in order (stop words included, so the
            // positions line up with the text).
            let seq: Vec<&Tok> = bare.iter().take(MAX_PROXIMITY_TERMS).collect();
            if seq.len() > 2 && w.proximity_all > 0.0 {
                let first = seq[0].position;
                let terms = seq
                    .iter()
                    .map(|t| (t.position - first, Term::from_field_text(f.text, &t.text)))
                    .collect();
                let q = PhraseQuery::new_with_offset_and_slop(terms, 3);
                let node = Node::Leaf(Box::new(q)).boost(w.proximity_all);
                let words = seq.iter().map(|t| t.text.clone()).collect();
                proximity.push((node.clone(), words));
                clauses.push(node);
            }
            let mut pairs = 0;
            for pair in bare.windows(2) {
                if pairs == MAX_PAIRS {
                    break;
                }
                if stop.contains(&pair[0].text) || stop.contains(&pair[1].text) {
                    continue;
                }
                let pair_in = |field: Field, slop: u32, boost: f32| -> Node {
                    let terms = vec![
                        (0, Term::from_field_text(field, &pair[0].text)),
                        (1, Term::from_field_text(field, &pair[1].text)),
                    ];
                    let q = PhraseQuery::new_with_offset_and_slop(terms, slop);
                    Node::Leaf(Box::new(q)).boost(boost)
                };
                if w.proximity_pair > 0.0 {
                    let node = pair_in(f.text, 1, w.proximity_pair);
                    let words = vec![pair[0].text.clone(), pair[1].text.clone()];
                    proximity.push((node.clone(), words));
                    clauses.push(node);
                }
                if w.pair_titles > 0.0 {
                    clauses.push(Node::Max(
                        vec![
                            pair_in(f.title, 0, w.pair_titles),
                            pair_in(f.heading, 0, w.pair_titles),
                            pair_in(f.file, 0, w.pair_titles),
                        ],
                        0.0,
                    ));
                }
                pairs += 1;
            }
            // Names: a span of two to four words (not starting or ending with a common
            // word) as a phrase over the entity and body fields.
            if w.entity_phrase > 0.0 {
                let mut spans = 0;
                'outer: for len in (2..=4).rev() {
                    for span in bare.windows(len) {
                        if spans == MAX_PAIRS {
                            break 'outer;
                        }
                        if stop.contains(&span[0].text) || stop.contains(&span[len - 1].text) {
                            continue;
                        }
                        let over = |field: Field| -> Node {
                            let first = span[0].position;
                            let terms = span
                                .iter()
                                .map(|t| {
                                    (t.position - first, Term::from_field_text(field, &t.text))
                                })
                                .collect();
                            Node::Leaf(Box::new(PhraseQuery::new_with_offset(terms)))
                        };
                        let q = Node::Max(vec![over(f.entities), over(f.bodies)], 0.0);
                        let boost = w.entity_phrase * (len as f32 - 1.0);
                        clauses.push(q.boost(boost));
                        spans += 1;
                    }
                }
            }
        }
        // A phrase is looked for in the same weighted fields as a single word.
        let phrase_fields = &weighted;
        for phrase in &phrases {
            let q = if phrase.len() == 1 {
                term_over_fields(&weighted, &phrase[0].text)
            } else {
                self.phrase_over_fields(phrase_fields, phrase)
            };
            extra.push((Occur::Must, q.to_query()));
            required.push(q);
        }
        if clauses.is_empty() && required.is_empty() {
            return None;
        }
        let prunable = extra.is_empty() && !cand.0.is_empty();
        let shared = [f.title, f.entities, f.bodies, f.file];
        let cheap_weighted: Vec<(Field, f32)> = weighted
            .iter()
            .map(|&(field, b)| {
                if shared.contains(&field) {
                    (field, b * w.candidate_doc)
                } else {
                    (field, b)
                }
            })
            .collect();
        // Every weighted field must have its twin, or the union would match less.
        let canonical = cheap_weighted
            .iter()
            .map(|&(field, b)| Some((f.canon_of(field)?, b)))
            .collect::<Option<Vec<(Field, f32)>>>()
            .filter(|_| !cand.0.is_empty())
            .map(|twins| guard(BooleanQuery::new(cand.clauses(&twins))));
        let mut phase_one = cand.clauses(&cheap_weighted);
        phase_one.extend(extra);
        // The same query as a tree: its terms, numbers and required phrases.
        let required_tree = (!required.is_empty()).then(|| {
            let mut should = cand.nodes(&cheap_weighted);
            should.extend(number_nodes.iter().cloned());
            let tree = Node::Bool {
                must: required.clone(),
                should,
            };
            (tree, required.clone())
        });
        let tree = Node::Bool {
            must: required,
            should: clauses,
        };
        Some(TextQuery {
            query: tree.to_query(),
            tree,
            intent,
            asked: crate::record::Asked::of(&crate::record::asks(&words)),
            record_near,
            fact_terms,
            synonym_names,
            dates: crate::when::named_dates(input),
            terms: cand.0,
            proximity,
            numbers: number_nodes,
            candidates: guard(BooleanQuery::new(phase_one)),
            required: required_tree,
            prunable,
            canonical,
        })
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
        // Within a filter the values are alternatives (OR); across filters all must hold.
        let any_of = |field: Field, given: &[String], values: &Option<Vec<String>>| {
            let values: Vec<&str> = match values {
                Some(values) => values.iter().map(String::as_str).collect(),
                None => filter_values(given).collect(),
            };
            if values.len() == 1 {
                return exact(field, values[0]);
            }
            let clauses: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| (Occur::Should, exact(field, v)))
                .collect();
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(clauses)),
                0.0,
            )) as Box<dyn Query>
        };
        let r = &self.resolved;
        let mut out = vec![exact(f.record, RECORD_SECTION)];
        if filter_values(&request.council).next().is_some() {
            out.push(any_of(f.council, &request.council, &r.council));
        }
        if filter_values(&request.body).next().is_some() {
            out.push(any_of(f.body, &request.body, &r.body));
        }
        if !request.kind.is_empty() {
            let kinds: Vec<String> = request
                .kind
                .iter()
                .map(|k| k.as_str().to_string())
                .collect();
            out.push(any_of(f.kind, &kinds, &None));
        }
        if filter_values(&request.person).next().is_some() {
            out.push(any_of(f.person, &request.person, &r.person));
        }
        if filter_values(&request.year).next().is_some() {
            for year in filter_values(&request.year) {
                validate_year(year)?;
            }
            out.push(any_of(f.year, &request.year, &None));
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
        filter_values(&request.council).next().is_some()
            || filter_values(&request.body).next().is_some()
            || !request.kind.is_empty()
            || filter_values(&request.person).next().is_some()
            || filter_values(&request.year).next().is_some()
            || non_empty(&request.from).is_some()
            || non_empty(&request.to).is_some()
    }
}

fn is_single_letter(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// The values of a many-valued filter, trimmed, empty ones left out.
pub(crate) fn filter_values(values: &[String]) -> impl Iterator<Item = &str> {
    values.iter().map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Refuses a year filter value that is not four digits.
fn validate_year(year: &str) -> Result<(), IndexError> {
    if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(IndexError::InvalidRequest(format!(
            "year must be four digits (YYYY), not {year:?}"
        )))
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A disjunction-max of term queries for one analysed term over weighted fields.
fn term_over_fields(weighted: &[(Field, f32)], term: &str) -> Node {
    let disjuncts = weighted
        .iter()
        .map(|&(field, boost)| {
            let q = TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            );
            Node::Leaf(Box::new(q)).boost(boost)
        })
        .collect();
    Node::Max(disjuncts, TIE_BREAKER)
}

/// `query` without the optional clauses of its top-level union (a [`guard`]ed
/// `BooleanQuery`, as the phase-one queries are) whose every term is `absent` (held by no
/// record): such a clause never matches and adds nothing to a score, but opening its
/// scorer costs a term-dictionary look-up in every segment. Any other query is returned
/// as is.
pub fn without_absent(query: &dyn Query, absent: &dyn Fn(&Term) -> bool) -> Box<dyn Query> {
    let inner: &dyn Query = match query.downcast_ref::<Guarded>() {
        Some(g) => &*g.0,
        None => query,
    };
    let Some(union) = inner.downcast_ref::<BooleanQuery>() else {
        return query.box_clone();
    };
    if union.get_minimum_number_should_match() > 1 {
        return query.box_clone();
    }
    let mut kept: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(union.clauses().len());
    for (occur, clause) in union.clauses() {
        if *occur == Occur::Should {
            let (mut any, mut all_absent) = (false, true);
            clause.query_terms(&mut |term, _| {
                any = true;
                all_absent &= absent(term);
            });
            if any && all_absent {
                continue;
            }
        }
        kept.push((*occur, clause.box_clone()));
    }
    if kept.len() == union.clauses().len() {
        return query.box_clone();
    }
    if kept.is_empty() {
        return Box::new(tantivy::query::EmptyQuery);
    }
    let mut pruned = BooleanQuery::new(kept);
    pruned.set_minimum_number_should_match(union.get_minimum_number_should_match());
    guard(pruned)
}

/// Wraps a query so that explaining a document it does not match is an error, never a
/// debug assertion: tantivy's boolean and phrase weights seek a fresh scorer that may
/// already be past the document (`DocSet::seek` debug-asserts `doc <= target`).
pub fn guard(query: impl Query) -> Box<dyn Query> {
    Box::new(Guarded(Box::new(query)))
}

/// See [`guard`].
#[derive(Debug)]
struct Guarded(Box<dyn Query>);

impl Clone for Guarded {
    fn clone(&self) -> Self {
        Guarded(self.0.box_clone())
    }
}

impl Query for Guarded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(GuardedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct GuardedWeight(Box<dyn Weight>);

impl Weight for GuardedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.0.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        self.0.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.0.for_each_pruning(threshold, reader, callback)
    }
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
