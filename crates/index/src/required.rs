//! Phase one of a search with quoted phrases ([`canonical_required_candidates`]): the
//! candidates found at the canonical copies holding a phrase's words, so that a phrase's
//! positions are read there alone (see [`crate::phases`] for the two phases and
//! [`crate::canonical`] for canonical copies).

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, SegmentReader, TERMINATED};

use crate::dedup::NO_PARAGRAPH;
use crate::phases::{Candidates, DistinctTop, PlacesFrom, SearchStats, Slot};
use crate::schema::Fields;
use crate::tree::{Node, TreeWeight};
use crate::IndexError;

/// The top `depth` paragraphs of a query with required clauses (quoted phrases) over
/// canonical copies, without filters: [`crate::phases::canonical_candidates`] for a query tantivy cannot
/// prune, at less cost. `tree` is the phase-one query as a tree ([`crate::query::TextQuery::required`]),
/// `required` its required clauses.
///
/// Asked to leap from canonical copy to canonical copy, tantivy's scorer of a phrase
/// (inside the disjunction over fields) still checks the phrase's positions at every
/// document between two copies that holds its words: at every other copy. Here the
/// documents visited are the canonical copies holding every word of some leaf of each
/// required clause in that leaf's field, found on the canonical twin fields (which only
/// canonical copies have, with their text fields' words: [`crate::canonical`]), and the
/// tree is scored at those alone ([`TreeWeight`]), so positions are read at canonical
/// copies only. The matches and their scores are those of the phase-one query (the tree
/// adds its clauses in the query's order). `None` when a required clause cannot drive
/// the pass (a leaf in a field without a twin, or not a term or phrase).
pub fn canonical_required_candidates(
    stats: &SearchStats<'_>,
    fields: &Fields,
    tree: &Node,
    required: &[Node],
    depth: usize,
) -> Result<Option<Candidates>, IndexError> {
    // Each required clause's leaves, each as its terms in the twin field.
    let mut drivers: Vec<Vec<Vec<tantivy::Term>>> = Vec::with_capacity(required.len());
    for node in required {
        let Some(leaves) = node.leaf_terms() else {
            return Ok(None);
        };
        let mut twins = Vec::with_capacity(leaves.len());
        for terms in leaves {
            let mut leaf = Vec::with_capacity(terms.len());
            for term in terms {
                let value = term.value();
                let (Some(twin), Some(text)) = (fields.canon_of(term.field()), value.as_str())
                else {
                    return Ok(None);
                };
                leaf.push(tantivy::Term::from_field_text(twin, text));
            }
            twins.push(leaf);
        }
        drivers.push(twins);
    }
    if drivers.is_empty() {
        return Ok(None);
    }
    let searcher = stats.searcher;
    let weight = TreeWeight::new(tree, stats.scoring())?;
    let mut top = DistinctTop::new(depth.max(1));
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let mut docs: Option<Vec<DocId>> = None;
        for leaves in &drivers {
            let mut any: Vec<DocId> = Vec::new();
            for terms in leaves {
                any.extend(docs_with_all(segment, terms)?);
            }
            any.sort_unstable();
            any.dedup();
            docs = Some(match docs {
                None => any,
                Some(before) => intersect(&before, &any),
            });
        }
        let mut docs = docs.unwrap_or_default();
        if let Some(alive) = segment.alive_bitset() {
            docs.retain(|&d| alive.is_alive(d));
        }
        if docs.is_empty() {
            continue;
        }
        let ord = ord as u32;
        let keys = stats
            .column_of(ord, |c| c.paragraph.clone())
            .unwrap_or_else(|| segment.fast_fields().u64("paragraph").ok())
            .map(|c| c.first_or_default_col(NO_PARAGRAPH));
        let scores = weight.score_docs(segment, &docs)?;
        for (doc, score) in docs.into_iter().zip(scores) {
            let Some(score) = score else {
                continue;
            };
            let slot = match keys.as_ref().map(|k| k.get_val(doc)) {
                Some(key) if key != NO_PARAGRAPH => Slot::Paragraph(key),
                _ => Slot::Section(DocAddress::new(ord, doc)),
            };
            top.offer(score, DocAddress::new(ord, doc), slot);
        }
    }
    let (addresses, places) = top.into_ranked();
    Ok(Some(Candidates {
        addresses,
        places,
        total: None,
        deferred: PlacesFrom::Copies,
    }))
}

/// The documents of `segment` holding every one of `terms` (increasing).
fn docs_with_all(segment: &SegmentReader, terms: &[tantivy::Term]) -> tantivy::Result<Vec<DocId>> {
    let mut postings = Vec::with_capacity(terms.len());
    for term in terms {
        let index = segment.inverted_index(term.field())?;
        match index.read_postings(term, IndexRecordOption::Basic)? {
            Some(p) => postings.push(p),
            None => return Ok(Vec::new()),
        }
    }
    // The rarest term leads; the others leap to its documents.
    postings.sort_by_key(|p| p.doc_freq());
    let Some((lead, others)) = postings.split_first_mut() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut doc = lead.doc();
    'docs: while doc != TERMINATED {
        for other in others.iter_mut() {
            let at = if other.doc() < doc {
                other.seek(doc)
            } else {
                other.doc()
            };
            if at > doc {
                doc = lead.seek(at);
                continue 'docs;
            }
        }
        out.push(doc);
        doc = lead.advance();
    }
    Ok(out)
}

/// The documents in both increasing lists.
fn intersect(a: &[DocId], b: &[DocId]) -> Vec<DocId> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}
