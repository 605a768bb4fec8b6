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

use rustc_hash::FxHashMap;

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

    /// The terms each leaf of the node needs, every one of them in one field (a term
    /// query's term, a phrase query's terms), when a document the node matches has the
    /// terms of one of its leaves; `None` when some leaf is of another kind, or the node
    /// may match without a leaf matching.
    pub fn leaf_terms(&self) -> Option<Vec<Vec<tantivy::Term>>> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match node {
                Node::Leaf(q) => {
                    if let Some(t) = q.downcast_ref::<TermQuery>() {
                        out.push(vec![t.term().clone()]);
                    } else if let Some(p) = q.downcast_ref::<PhraseQuery>() {
                        out.push(p.phrase_terms());
                    } else {
                        return None;
                    }
                }
                Node::Boost(n, _) => stack.push(n),
                Node::Max(ns, _) => stack.extend(ns),
                // These match only where a child does (a sum with nothing required, at
                // least one of several); others may not (a required child drives them).
                Node::Bool { must, should } if must.is_empty() => stack.extend(should),
                Node::AtLeast(ns, n) if *n >= 1 => stack.extend(ns),
                _ => return None,
            }
        }
        Some(out)
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
    /// `next` walks the leaves. (The reference for [`Program`], which computes the same.)
    #[cfg(test)]
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
///
/// The tree is scored as a flat program ([`Program`]): a subtree the tree holds more than
/// once (a term over the weighted fields stands in the term's own clause, in the
/// all-terms and in the most-terms coverage clauses) is computed once per document, and a
/// subtree that can never match (its leaves match nothing) is left out where leaving it
/// out changes no sum. Each node still adds its children in the tree's order, so every
/// score is the one [`Node::eval`] gives, bit for bit.
pub struct TreeWeight {
    /// The distinct leaves' weights (`None`: the leaf matches nothing).
    leaves: Vec<Option<Box<dyn Weight>>>,
    /// The tree as a program over the distinct leaves.
    program: Program,
}

/// What makes two leaves the same query: a term query's term, or a phrase query's terms,
/// offsets and slop (its `Debug` form, which shows all of it); `None` for any other query
/// (never shared). A term query's record option is not part of it: the tree builds each
/// field's terms with one option (the typed paragraph number, the only one without
/// frequencies, is in a field of its own).
#[derive(PartialEq, Eq, Hash)]
enum LeafKey {
    Term(tantivy::Term),
    Phrase(String),
}

/// The [`LeafKey`] of a leaf query.
fn leaf_key(query: &dyn Query) -> Option<LeafKey> {
    if let Some(q) = query.downcast_ref::<TermQuery>() {
        Some(LeafKey::Term(q.term().clone()))
    } else if query.downcast_ref::<PhraseQuery>().is_some() {
        Some(LeafKey::Phrase(format!("{query:?}")))
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

/// One step of a [`Program`]: a node's value from values computed before it.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    /// The score of a distinct leaf.
    Leaf(usize),
    /// A value times a factor.
    Boost(usize, f32),
    /// Disjunction-max of the values `args[range]`, with the tie factor.
    Max(std::ops::Range<usize>, f32),
    /// The sum of `args[must]` (all required) and `args[should]` (one required when
    /// nothing is).
    Bool(std::ops::Range<usize>, std::ops::Range<usize>),
    /// The sum of `args[range]` when at least `n` of them match.
    AtLeast(std::ops::Range<usize>, usize),
}

/// A tree as steps in dependency order, each subtree once; the last step is the root
/// (none when the tree can never match).
#[derive(Debug, Default)]
struct Program {
    ops: Vec<Op>,
    /// The operands of the `Max`, `Bool` and `AtLeast` steps (step numbers).
    args: Vec<usize>,
    /// The step of each distinct node (its op and operands, as a key).
    seen: FxHashMap<(u8, Vec<usize>, u32, usize), usize>,
}

impl Program {
    /// Adds the steps of `node` (leaf `i` of the tree, depth first, is the distinct leaf
    /// `slots[i]`; `never[l]`: distinct leaf `l` matches nothing) and returns the step of
    /// its value, or `None` when it can never match.
    fn add(
        &mut self,
        node: &Node,
        slots: &[usize],
        never: &[bool],
        next: &mut usize,
    ) -> Option<usize> {
        match node {
            Node::Leaf(_) => {
                let leaf = slots[*next];
                *next += 1;
                if never[leaf] {
                    return None;
                }
                Some(self.step(Op::Leaf(leaf), (0, vec![leaf], 0, 0)))
            }
            Node::Boost(n, b) => {
                let child = self.add(n, slots, never, next)?;
                Some(self.step(Op::Boost(child, *b), (1, vec![child], b.to_bits(), 0)))
            }
            Node::Max(ns, tie) => {
                // A child that never matches adds nothing to the max or the sum.
                let children: Vec<usize> = ns
                    .iter()
                    .filter_map(|n| self.add(n, slots, never, next))
                    .collect();
                if children.is_empty() {
                    return None;
                }
                let key = (2, children.clone(), tie.to_bits(), 0);
                let range = self.operands(&children);
                Some(self.step(Op::Max(range, *tie), key))
            }
            Node::Bool { must, should } => {
                let mut never_matches = false;
                let mut required = Vec::with_capacity(must.len());
                for n in must {
                    match self.add(n, slots, never, next) {
                        Some(s) => required.push(s),
                        None => never_matches = true,
                    }
                }
                let optional: Vec<usize> = should
                    .iter()
                    .filter_map(|n| self.add(n, slots, never, next))
                    .collect();
                if never_matches || (must.is_empty() && optional.is_empty()) {
                    return None;
                }
                let mut all = required.clone();
                all.extend(&optional);
                let key = (3, all, 0, required.len());
                let must = self.operands(&required);
                let should = self.operands(&optional);
                Some(self.step(Op::Bool(must, should), key))
            }
            Node::AtLeast(ns, n) => {
                let children: Vec<usize> = ns
                    .iter()
                    .filter_map(|c| self.add(c, slots, never, next))
                    .collect();
                if children.len() < *n {
                    return None;
                }
                let key = (4, children.clone(), 0, *n);
                let range = self.operands(&children);
                Some(self.step(Op::AtLeast(range, *n), key))
            }
        }
    }

    /// The operands appended to `args`.
    fn operands(&mut self, steps: &[usize]) -> std::ops::Range<usize> {
        let start = self.args.len();
        self.args.extend_from_slice(steps);
        start..self.args.len()
    }

    /// The step computing `op` (keyed by `key`), added unless an equal one exists.
    fn step(&mut self, op: Op, key: (u8, Vec<usize>, u32, usize)) -> usize {
        if let Some(&step) = self.seen.get(&key) {
            return step;
        }
        self.ops.push(op);
        let step = self.ops.len() - 1;
        self.seen.insert(key, step);
        step
    }

    /// Runs the program on the distinct leaves' scores; `values` is scratch space of one
    /// value per step. The value of the last step (the root).
    fn run(&self, leaves: &[Option<Score>], values: &mut [Option<Score>]) -> Option<Score> {
        for (i, op) in self.ops.iter().enumerate() {
            let args = |r: &std::ops::Range<usize>| self.args[r.clone()].iter();
            values[i] = match op {
                Op::Leaf(l) => leaves[*l],
                Op::Boost(c, b) => values[*c].map(|s| s * b),
                Op::Max(r, tie) => {
                    let (mut max, mut sum, mut any) = (Score::MIN, 0.0, false);
                    for &c in args(r) {
                        if let Some(s) = values[c] {
                            any = true;
                            max = max.max(s);
                            sum += s;
                        }
                    }
                    any.then(|| max + (sum - max) * tie)
                }
                Op::Bool(must, should) => {
                    let mut sum = 0.0;
                    let mut ok = true;
                    for &c in args(must) {
                        match values[c] {
                            Some(s) => sum += s,
                            None => ok = false,
                        }
                    }
                    let mut any = false;
                    for &c in args(should) {
                        if let Some(s) = values[c] {
                            any = true;
                            sum += s;
                        }
                    }
                    (ok && (any || !must.is_empty())).then_some(sum)
                }
                Op::AtLeast(r, n) => {
                    let (mut sum, mut count) = (0.0, 0);
                    for &c in args(r) {
                        if let Some(s) = values[c] {
                            count += 1;
                            sum += s;
                        }
                    }
                    (count >= *n).then_some(sum)
                }
            };
        }
        values.last().copied().flatten()
    }
}

impl TreeWeight {
    /// Creates the leaves' weights with the given scoring statistics (one searcher's).
    pub fn new(root: &Node, scoring: EnableScoring<'_>) -> tantivy::Result<TreeWeight> {
        let mut queries = Vec::new();
        root.leaves(&mut queries);
        let mut seen: FxHashMap<LeafKey, usize> = FxHashMap::default();
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
        let never: Vec<bool> = leaves.iter().map(Option::is_none).collect();
        let mut program = Program::default();
        let mut next = 0;
        if program.add(root, &slots, &never, &mut next).is_none() {
            program.ops.clear();
        }
        // A leaf the program never reads needs no scorer.
        let mut used = vec![false; leaves.len()];
        for op in &program.ops {
            if let Op::Leaf(l) = op {
                used[*l] = true;
            }
        }
        for (leaf, used) in leaves.iter_mut().zip(used) {
            if !used {
                *leaf = None;
            }
        }
        program.seen = FxHashMap::default();
        Ok(TreeWeight { leaves, program })
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
        if self.program.ops.is_empty() {
            return Ok(vec![None; docs.len()]);
        }
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
        let mut values = vec![None; self.program.ops.len()];
        let mut out = Vec::with_capacity(docs.len());
        for &doc in docs {
            for (leaf, score) in scorers.iter_mut().zip(distinct.iter_mut()) {
                *score = leaf.as_mut().and_then(|l| l.score_at(doc));
            }
            out.push(self.program.run(&distinct, &mut values));
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::Term;

    fn leaf(field: tantivy::schema::Field, word: &str) -> Node {
        Node::Leaf(Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            tantivy::schema::IndexRecordOption::WithFreqs,
        )))
    }

    /// Programs compute what the tree does, shared subtrees once, for every combination
    /// of matching leaves (some leaves matching nothing at all).
    #[test]
    fn a_program_scores_as_the_tree() {
        let mut schema = Schema::builder();
        let f = schema.add_text_field("t", TEXT);
        let term = |w: &str| Node::Max(vec![leaf(f, w).boost(2.0), leaf(f, w).boost(0.5)], 0.1);
        let (a, b, c) = (term("a"), term("b"), term("c"));
        let tree = Node::Bool {
            must: vec![],
            should: vec![
                a.clone(),
                b.clone().boost(1.5),
                c.clone(),
                Node::all(vec![a.clone(), b.clone(), c.clone()]).boost(0.3),
                Node::AtLeast(vec![a.clone(), b.clone(), c.clone()], 2).boost(0.2),
                Node::any(vec![]),
            ],
        };
        let required = Node::Bool {
            must: vec![Node::all(vec![a.clone(), b.clone()])],
            should: vec![c.clone()],
        };
        for root in [&tree, &required] {
            let mut queries = Vec::new();
            root.leaves(&mut queries);
            // Leaves by word: a, b and c each stand for one distinct leaf (both boosts).
            let slots: Vec<usize> = queries
                .iter()
                .map(|q| match format!("{q:?}") {
                    s if s.contains("\"a\"") => 0,
                    s if s.contains("\"b\"") => 1,
                    _ => 2,
                })
                .collect();
            for never_mask in 0..8u32 {
                let never: Vec<bool> = (0..3).map(|l| never_mask & (1 << l) != 0).collect();
                let mut program = Program::default();
                let mut next = 0;
                if program.add(root, &slots, &never, &mut next).is_none() {
                    program.ops.clear();
                }
                let mut values = vec![None; program.ops.len()];
                for matching in 0..8u32 {
                    let distinct: Vec<Option<Score>> = (0..3)
                        .map(|l| (matching & (1 << l) != 0 && !never[l]).then_some(0.7 + l as f32))
                        .collect();
                    let per_slot: Vec<Option<Score>> = slots.iter().map(|&s| distinct[s]).collect();
                    let want = root.eval(&per_slot, &mut 0);
                    let got = match program.ops.is_empty() {
                        true => None,
                        false => program.run(&distinct, &mut values),
                    };
                    assert_eq!(
                        got.map(f32::to_bits),
                        want.map(f32::to_bits),
                        "never {never_mask:03b}, matching {matching:03b}"
                    );
                }
            }
        }
        // Each distinct subtree is one step: three terms of two leaves and a max each.
        let mut program = Program::default();
        let mut queries = Vec::new();
        tree.leaves(&mut queries);
        let slots: Vec<usize> = (0..queries.len()).map(|i| (i / 2) % 3).collect();
        program.add(&tree, &slots, &[false; 3], &mut 0);
        let leaves = program
            .ops
            .iter()
            .filter(|o| matches!(o, Op::Leaf(_)))
            .count();
        assert_eq!(leaves, 3);
    }
}
