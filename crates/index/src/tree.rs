//! The ranking query as a tree, so that phase two can score a few hundred candidates
//! without tantivy's composite scorers walking whole posting lists.
//!
//! [`crate::query`] builds a [`Node`] tree (boosts, sums, disjunction-max, coverage) whose
//! leaves are term and phrase queries. [`Node::to_query`] turns it into the equivalent
//! tantivy query (for explanations, snippets and scans). [`TreeWeight`] scores given
//! documents of a segment with the same arithmetic tantivy uses (`BooleanQuery` sums its
//! matching clauses, `DisjunctionMaxQuery` is `max + tie × (sum − max)`, `BoostQuery`
//! multiplies), but drives each leaf only with `scorer_danger`/`seek_danger`: a phrase leaf
//! checks the candidate it is asked about instead of scanning forward to its next match,
//! which inside a union (or when a scorer is created) costs a walk over the whole segment.

use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, Occur, PhraseQuery, Query,
    Scorer, TermQuery, Weight,
};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

use crate::query::guard;

/// A node of the ranking query.
pub enum Node {
    /// A term or phrase query (scored by tantivy).
    Leaf(Box<dyn Query>),
    /// A node's score times a factor.
    Boost(Box<Node>, f32),
    /// Disjunction-max: matches when a child does; `max + tie × (sum − max)`.
    Max(Vec<Node>, f32),
    /// Matches when every `must` child does and, without `must` children, when one
    /// `should` child does; the sum of the matching children.
    Bool {
        /// Required children.
        must: Vec<Node>,
        /// Optional children.
        should: Vec<Node>,
    },
    /// Matches when at least `n` children do; their sum.
    AtLeast(Vec<Node>, usize),
}

impl Clone for Node {
    fn clone(&self) -> Node {
        match self {
            Node::Leaf(q) => Node::Leaf(q.box_clone()),
            Node::Boost(n, b) => Node::Boost(n.clone(), *b),
            Node::Max(ns, tie) => Node::Max(ns.clone(), *tie),
            Node::Bool { must, should } => Node::Bool {
                must: must.clone(),
                should: should.clone(),
            },
            Node::AtLeast(ns, n) => Node::AtLeast(ns.clone(), *n),
        }
    }
}

impl Node {
    /// A sum of optional children.
    pub fn any(should: Vec<Node>) -> Node {
        Node::Bool {
            must: Vec::new(),
            should,
        }
    }

    /// A sum of required children.
    pub fn all(must: Vec<Node>) -> Node {
        Node::Bool {
            must,
            should: Vec::new(),
        }
    }

    /// The node times `factor`.
    pub fn boost(self, factor: f32) -> Node {
        Node::Boost(Box::new(self), factor)
    }

    /// The equivalent tantivy query.
    pub fn to_query(&self) -> Box<dyn Query> {
        match self {
            Node::Leaf(q) => guard_leaf(q),
            Node::Boost(n, b) => Box::new(BoostQuery::new(n.to_query(), *b)),
            Node::Max(ns, tie) => guard(DisjunctionMaxQuery::with_tie_breaker(
                ns.iter().map(Node::to_query).collect(),
                *tie,
            )),
            Node::Bool { must, should } => guard(BooleanQuery::new(
                must.iter()
                    .map(|n| (Occur::Must, n.to_query()))
                    .chain(should.iter().map(|n| (Occur::Should, n.to_query())))
                    .collect(),
            )),
            Node::AtLeast(ns, n) => guard(BooleanQuery::with_minimum_required_clauses(
                ns.iter().map(|c| (Occur::Should, c.to_query())).collect(),
                *n,
            )),
        }
    }

    /// The leaves' queries, depth first.
    fn leaves<'a>(&'a self, out: &mut Vec<&'a dyn Query>) {
        match self {
            Node::Leaf(q) => out.push(&**q),
            Node::Boost(n, _) => n.leaves(out),
            Node::Max(ns, _) | Node::AtLeast(ns, _) => ns.iter().for_each(|n| n.leaves(out)),
            Node::Bool { must, should } => {
                must.iter().chain(should).for_each(|n| n.leaves(out));
            }
        }
    }

    /// The score of the node given its leaves' scores (depth first, `None`: no match);
    /// `next` walks the leaves.
    fn eval(&self, leaves: &[Option<Score>], next: &mut usize) -> Option<Score> {
        match self {
            Node::Leaf(_) => {
                let s = leaves[*next];
                *next += 1;
                s
            }
            Node::Boost(n, b) => n.eval(leaves, next).map(|s| s * b),
            Node::Max(ns, tie) => {
                let (mut max, mut sum, mut any) = (Score::MIN, 0.0, false);
                for n in ns {
                    if let Some(s) = n.eval(leaves, next) {
                        any = true;
                        max = max.max(s);
                        sum += s;
                    }
                }
                any.then(|| max + (sum - max) * tie)
            }
            Node::Bool { must, should } => {
                let mut sum = 0.0;
                let mut ok = true;
                for n in must {
                    match n.eval(leaves, next) {
                        Some(s) => sum += s,
                        None => ok = false,
                    }
                }
                let mut any = false;
                for n in should {
                    if let Some(s) = n.eval(leaves, next) {
                        any = true;
                        sum += s;
                    }
                }
                (ok && (any || !must.is_empty())).then_some(sum)
            }
            Node::AtLeast(ns, n) => {
                let (mut sum, mut count) = (0.0, 0);
                for c in ns {
                    if let Some(s) = c.eval(leaves, next) {
                        count += 1;
                        sum += s;
                    }
                }
                (count >= *n).then_some(sum)
            }
        }
    }
}

/// A phrase leaf is guarded like every composite (see [`guard`]); a term leaf needs not be.
fn guard_leaf(q: &dyn Query) -> Box<dyn Query> {
    guard(LeafQuery(q.box_clone()))
}

/// A leaf query as is (a newtype so [`guard`] can take it by value).
#[derive(Debug)]
struct LeafQuery(Box<dyn Query>);

impl Clone for LeafQuery {
    fn clone(&self) -> Self {
        LeafQuery(self.0.box_clone())
    }
}

impl Query for LeafQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.0.weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

/// A tree with its leaves' weights (global statistics of one searcher).
///
/// A leaf the tree holds more than once (a query's coverage bonus repeats every topic
/// term over every field; a proximity pair may be asked for twice) has one weight and
/// one scorer, asked once per document: its score is the same wherever it stands. A leaf
/// with a term no record holds (by the search's statistics: a word in no file name, no
/// entity) never matches and gets no scorer at all: opening one costs a term-dictionary
/// look-up in every segment.
pub struct TreeWeight<'a> {
    root: &'a Node,
    /// The distinct leaves' weights (`None`: the leaf matches nothing).
    leaves: Vec<Option<Box<dyn Weight>>>,
    /// For each leaf of the tree (depth first), its index in `leaves`.
    slots: Vec<usize>,
}

/// What makes two leaves the same query: a term query's term and a phrase query's terms,
/// offsets and slop (their `Debug` form, which shows all of it); `None` for any other
/// query (never shared). A term query's `Debug` form leaves out its record option, so a
/// term query also needs the same term-query kind: the tree builds each field's terms
/// with one option (the typed paragraph number, the only one without frequencies, is in
/// a field of its own).
fn leaf_key(query: &dyn Query) -> Option<String> {
    if query.downcast_ref::<TermQuery>().is_some() || query.downcast_ref::<PhraseQuery>().is_some()
    {
        Some(format!("{query:?}"))
    } else {
        None
    }
}

/// Whether a term or phrase leaf has a term no record holds, by the scoring statistics
/// (none known: `false`).
fn matches_nothing(query: &dyn Query, scoring: EnableScoring<'_>) -> tantivy::Result<bool> {
    let EnableScoring::Enabled {
        statistics_provider,
        ..
    } = scoring
    else {
        return Ok(false);
    };
    let terms = if let Some(q) = query.downcast_ref::<TermQuery>() {
        vec![q.term().clone()]
    } else if let Some(q) = query.downcast_ref::<PhraseQuery>() {
        q.phrase_terms()
    } else {
        return Ok(false);
    };
    for term in &terms {
        if statistics_provider.doc_freq(term)? == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

impl<'a> TreeWeight<'a> {
    /// Creates the leaves' weights with the given scoring statistics (one searcher's).
    pub fn new(root: &'a Node, scoring: EnableScoring<'_>) -> tantivy::Result<TreeWeight<'a>> {
        let mut queries = Vec::new();
        root.leaves(&mut queries);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut leaves = Vec::with_capacity(queries.len());
        let mut slots = Vec::with_capacity(queries.len());
        for q in queries {
            let key = leaf_key(q);
            if let Some(&slot) = key.as_ref().and_then(|k| seen.get(k)) {
                slots.push(slot);
                continue;
            }
            if let Some(key) = key {
                seen.insert(key, leaves.len());
            }
            slots.push(leaves.len());
            leaves.push(match matches_nothing(q, scoring)? {
                true => None,
                false => Some(q.weight(scoring)?),
            });
        }
        Ok(TreeWeight {
            root,
            leaves,
            slots,
        })
    }

    /// Scores `docs` (increasing, distinct) of one segment; `None` where the tree does not
    /// match.
    pub fn score_docs(
        &self,
        segment: &SegmentReader,
        docs: &[DocId],
    ) -> tantivy::Result<Vec<Option<Score>>> {
        let Some(&first) = docs.first() else {
            return Ok(Vec::new());
        };
        let mut scorers: Vec<Option<LeafScorer>> = Vec::with_capacity(self.leaves.len());
        for w in &self.leaves {
            let Some(w) = w else {
                scorers.push(None);
                continue;
            };
            let (found, scorer) = w.scorer_danger(segment, first, 1.0)?;
            scorers.push(Some(LeafScorer {
                scorer,
                at: match found {
                    SeekDangerResult::Found => first,
                    SeekDangerResult::SeekLowerBound(d) => d.max(first + 1),
                },
                found: found == SeekDangerResult::Found,
            }));
        }
        let mut distinct = vec![None; self.leaves.len()];
        let mut scores = vec![None; self.slots.len()];
        let mut out = Vec::with_capacity(docs.len());
        for &doc in docs {
            for (leaf, score) in scorers.iter_mut().zip(distinct.iter_mut()) {
                *score = leaf.as_mut().and_then(|l| l.score_at(doc));
            }
            for (score, &slot) in scores.iter_mut().zip(&self.slots) {
                *score = distinct[slot];
            }
            let mut next = 0;
            out.push(self.root.eval(&scores, &mut next));
        }
        Ok(out)
    }
}

/// One leaf's scorer, moved forward only with `seek_danger`.
struct LeafScorer {
    scorer: Box<dyn Scorer>,
    /// A lower bound of the next document that can match (or the matched one).
    at: DocId,
    /// Whether `at` is a match the scorer stands on.
    found: bool,
}

impl LeafScorer {
    /// The leaf's score at `doc` (`doc` increasing from call to call).
    fn score_at(&mut self, doc: DocId) -> Option<Score> {
        if self.at == TERMINATED || doc < self.at {
            return None;
        }
        if doc == self.at && self.found {
            return Some(self.scorer.score());
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                self.at = doc;
                self.found = true;
                Some(self.scorer.score())
            }
            SeekDangerResult::SeekLowerBound(d) => {
                self.at = d.max(doc + 1);
                self.found = false;
                None
            }
        }
    }
}
