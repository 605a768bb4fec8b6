//! Which section of a paper answers: the right paper, the right paragraph.
//!
//! A paper's sections share its title, bodies, entities and file name, and those fields
//! often carry most of a query's score (a query naming the committee matches every section
//! of its minutes alike). Among one paper's sections the shared part tells nothing apart,
//! so the section-length factor decided which one was shown: the longest, a glossary, a
//! terms-of-reference annex or "Any other business", not the membership or the
//! recommendation that answers.
//!
//! So the paper's rank stays the best final score of its sections ([`crate::rank`]), but
//! the section shown for it (and the order of its "more" sections) is chosen by what each
//! section says itself ([`own_terms`]: the query's terms over the section's own text and
//! heading, BM25 as in the ranking, a term the paper's title holds weighing less), times
//! the length and intent factors and, where the section records a fact of the record the
//! query asks for, the within-paper record factor ([`crate::record`]). A section that says none of the query's words itself comes
//! after one that does; among those, the final score decides as before. Only the sections
//! of the papers on the page are scored (their [`PER_PAPER`] best by final score), after
//! phase two, so the cost follows the page.

use std::collections::{HashMap, HashSet};

use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

use crate::phases::{by_segment, SearchStats};
use crate::query::STOP_WORDS;
use crate::rank::Ranking;
use crate::record::{Asked, Fact};
use crate::schema::Fields;
use crate::tree::{Node, TreeWeight};
use crate::IndexError;

/// How many of a paper's best sections (by final score) the choice is made among.
pub const PER_PAPER: usize = 16;

/// The weight, within a paper, of a query term its title holds.
pub const TITLE_TERM: f32 = 0.3;

/// The weight, within a paper, of a topic term near the term asking for a fact of an
/// item's record ([`crate::record::near_fact`]). Chosen on the 42 tune queries (stop 26):
/// 0, 0.5 and 1 score 0.877, 1.5 and 2 0.887 (n79 "who seconded the nomination of Daniel
/// Butler as Mayor" 0.21 → 0.63: the Mayor's election shown, not the Deputy Mayor's), 3
/// and 4 0.885 (n51 0.79 → 0.71); dev 0.884 at each.
pub const RECORD_NEAR: f32 = 2.0;

/// Tie breaker between a term's score in the text and in the heading.
const TIE: f32 = 0.3;

/// One query term as the within-paper choice reads it.
pub struct OwnTerm {
    /// The term over the section's own fields (text and heading), boosted by its weight.
    own: Node,
    /// It is a word asking for a fact of the record ("seconded", "vote"), not the topic.
    fact: bool,
    /// The term in the paper's title (for a proximity bonus: any of its words but the
    /// common ones).
    title: Option<Node>,
}

/// The query's terms (analysed, each with its weight in the query), each over a section's
/// own fields (text and heading) and over its paper's title; then the query's proximity
/// bonuses (the words close together in the text, [`crate::query::TextQuery::proximity`]),
/// each with any of its words in the title; then the typed paragraph numbers over the
/// section's number ([`crate::query::TextQuery::numbers`]: "minute 290" names the paragraph
/// of the paper to show); then, for a question about an item's record, its topic terms near
/// the term asking for the fact ([`crate::record::near_fact`]), each weighing `near_weight`.
///
/// A term of a synonym-table name (`synonym_names`: each matched group's names as their
/// terms) counts as held by the title when the title holds every term of one of its
/// group's names: "JPC" names the whole of the Joint Policing Committee's minutes as much
/// as "Joint Policing Committee" does, so the paragraph that says "JPC" in passing is not
/// shown for it over the one that answers.
pub fn own_terms(
    fields: &Fields,
    text: &crate::query::TextQuery,
    near_weight: f32,
) -> Vec<OwnTerm> {
    let crate::query::TextQuery {
        terms,
        proximity,
        numbers,
        record_near,
        synonym_names,
        fact_terms,
        ..
    } = text;
    let leaf = |field, term: &str| {
        Node::Leaf(Box::new(TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqs,
        )))
    };
    let in_title = |term: &str| -> Node {
        let mut either = vec![leaf(fields.title, term)];
        for names in synonym_names
            .iter()
            .filter(|names| names.iter().flatten().any(|t| t == term))
        {
            either.extend(
                names
                    .iter()
                    .filter(|name| !name.is_empty() && !name.iter().any(|t| t == term))
                    .map(|name| Node::all(name.iter().map(|t| leaf(fields.title, t)).collect())),
            );
        }
        match either.len() {
            1 => either.pop().expect("one"),
            _ => Node::any(either),
        }
    };
    // A lone letter ("children's" gives "s") says nothing about a section.
    let words = terms
        .iter()
        .filter(|(t, _)| t.chars().count() > 1)
        .map(|(term, boost)| OwnTerm {
            own: Node::Max(
                vec![leaf(fields.text, term), leaf(fields.heading, term)],
                TIE,
            )
            .boost(*boost),
            fact: fact_terms.contains(term),
            title: Some(in_title(term)),
        });
    let near = proximity.iter().map(|(node, words)| OwnTerm {
        own: node.clone(),
        fact: false,
        title: Some(Node::any(
            words
                .iter()
                .filter(|w| !STOP_WORDS.contains(&w.as_str()))
                .map(|w| leaf(fields.title, w))
                .collect(),
        )),
    });
    let numbered = numbers.iter().map(|node| OwnTerm {
        own: node.clone(),
        fact: false,
        title: None,
    });
    let by_fact = record_near
        .iter()
        .filter(|_| near_weight > 0.0)
        .map(|node| OwnTerm {
            own: node.clone().boost(near_weight),
            fact: false,
            title: None,
        });
    words.chain(near).chain(numbered).chain(by_fact).collect()
}

/// How a within-paper key is made.
#[derive(Debug, Clone, Copy)]
pub struct WithinTuning {
    /// The factor of a section that records a fact the query asks for.
    pub record: f32,
    /// The weight of a term its paper's title holds: it names what the whole paper is
    /// about, so it tells its sections apart less than the other words.
    pub title_term: f32,
    /// The weight of a topic term near the term asking for a fact of an item's record
    /// ([`crate::record::near_fact`]).
    pub record_near: f32,
    /// How many sections after the one saying the query's words the record of the item
    /// fact asked for is looked for ([`follow_record`]; 0: not looked for).
    pub follow_gap: u64,
}

/// A section's within-paper key: sections recording the meeting fact a query asks for
/// first, then by score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key {
    /// It records a fact of the meeting the query asks for (who chaired, who attended:
    /// [`crate::record::Fact::of_meeting`]). Such a fact is recorded once per paper and
    /// the query's other words name the meeting, not a paragraph, so the section that
    /// records it answers whatever else the paper's paragraphs repeat.
    pub records_meeting: bool,
    /// The section's own score (see [`keys`]).
    pub score: f32,
    /// Its own words record a fact of an item's record the query asks for (the vote, the
    /// mover, the seconder, the asker, the respondent: [`crate::record::Fact::said_str`];
    /// not a vote the parse read elsewhere for the decision it holds; see
    /// [`follow_record`]).
    pub records_item: bool,
    /// It says a word of the query's topic itself (not only a word asking for a fact, such
    /// as "seconded"; see [`follow_record`]).
    pub says_topic: bool,
    /// Its own words record a vote the query asks for ([`follow_record`]).
    pub says_vote: bool,
    /// Its place in its paper (`None` in an index written before the `ordinal` column).
    pub ordinal: Option<u64>,
}

/// How many sections after the one that says the query's words the section recording the
/// item fact asked for may be, for [`follow_record`]: minutes record a motion's debate in
/// a few paragraphs, then its vote ("Following discussion ... the Mayor declared the
/// motion defeated": three paragraphs after the motion in a Limerick district's minutes).
/// Not chosen on a score: no tune or dev query has its record apart from its topic.
pub const FOLLOW_GAP: u64 = 4;

impl Key {
    /// Greater is better.
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.records_meeting
            .cmp(&other.records_meeting)
            .then(self.score.total_cmp(&other.score))
    }
}

/// The within-paper keys of some sections, and how far after a section the record of the
/// item fact asked for is looked for ([`follow_record`]).
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// Each section's key.
    pub map: HashMap<DocAddress, Key>,
    /// [`WithinTuning::follow_gap`].
    pub follow_gap: u64,
}

impl Keys {
    fn get(&self, address: &DocAddress) -> Option<&Key> {
        self.map.get(address)
    }
}

/// The within-paper key of each candidate: the sum of its query terms' scores in its own
/// text and heading (a term its title holds weighs `title_term`), times its length and
/// intent factors and, where it records an asked fact, the record factor. Candidates that
/// say none of the query's words themselves have no key, unless they record the meeting
/// fact asked for ([`Key::records_meeting`]; not when the query also asks for decisions
/// or questions: then it is about items).
pub fn keys(
    stats: &SearchStats<'_>,
    terms: &[OwnTerm],
    ranking: &Ranking,
    tuning: WithinTuning,
    candidates: &[DocAddress],
) -> Result<Keys, IndexError> {
    let mut out = Keys {
        map: HashMap::with_capacity(candidates.len()),
        follow_gap: tuning.follow_gap,
    };
    if terms.is_empty() {
        return Ok(out);
    }
    // The BM25 statistics the search's two phases already looked up.
    let scoring = stats.scoring();
    let searcher = stats.searcher();
    let weights = terms
        .iter()
        .map(|t| {
            let title = t
                .title
                .as_ref()
                .map(|n| TreeWeight::new(n, scoring))
                .transpose()?;
            Ok((TreeWeight::new(&t.own, scoring)?, title, t.fact))
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    for (segment_ord, docs) in by_segment(candidates) {
        let segment = searcher.segment_reader(segment_ord);
        let ranked = stats.ranking_of(ranking, segment_ord);
        let mut sums = vec![0.0f32; docs.len()];
        let mut topic = vec![false; docs.len()];
        for (own, title, fact) in &weights {
            let own = own.score_docs(segment, &docs)?;
            let title = match title {
                Some(t) => t.score_docs(segment, &docs)?,
                None => vec![None; docs.len()],
            };
            for (((sum, topic), own), title) in
                sums.iter_mut().zip(topic.iter_mut()).zip(own).zip(title)
            {
                if let Some(s) = own {
                    *topic |= !fact && s > 0.0;
                    *sum += if title.is_some() {
                        s * tuning.title_term
                    } else {
                        s
                    };
                }
            }
        }
        // A query that also asks for decisions or questions ("chair decisions") is about
        // items, not about the meeting's chair.
        let of_meeting = !ranking.meeting_asked().is_empty();
        let of_item = !of_meeting && ranking.asked().facts().any(|f| !f.of_meeting());
        let said = crate::record::FactColumn::said(
            segment,
            if of_item {
                ranking.asked()
            } else {
                Asked::default()
            },
        );
        let vote_asked = of_item && ranking.asked().facts().any(|f| f == Fact::Vote);
        let said_vote = crate::record::FactColumn::said(
            segment,
            if vote_asked {
                Asked::of(&[Fact::Vote])
            } else {
                Asked::default()
            },
        );
        let ordinals = segment
            .fast_fields()
            .u64("ordinal")
            .ok()
            .map(|c| c.first_or_default_col(0));
        for ((doc, sum), says_topic) in docs.into_iter().zip(sums).zip(topic) {
            let f = ranked.factors(doc);
            let records_meeting = of_meeting && f.holds_asked;
            if sum <= 0.0 && !records_meeting {
                continue;
            }
            let record = if f.holds_asked { tuning.record } else { 1.0 };
            out.map.insert(
                DocAddress::new(segment_ord, doc),
                Key {
                    records_meeting,
                    score: sum.max(0.0) * f.length * f.intent * record,
                    records_item: of_item && said.holds(doc),
                    says_topic,
                    says_vote: said_vote.holds(doc),
                    ordinal: ordinals.as_ref().map(|c| c.get_val(doc)),
                },
            );
        }
    }
    Ok(out)
}

/// For a question about the meeting (who chaired, who attended: `asked`, see
/// [`Ranking::meeting_asked`]), the sections recording it of the papers shown, by paper
/// (`papers`: each paper's key, in the order of the groups shown; `paper_of`: a section's
/// paper key), those phase one did not bring among their paper's candidates included.
///
/// Such a section shares few of the query's words with it ("KENT COUNTY COUNCIL PRESENT: Mr
/// B J Sweetland (Chairman), ..." for "who chaired the county council meeting on 13
/// February 2025"), so in a large index it is often not among the candidates while the
/// paper is, by paragraphs that repeat the meeting's name; then the paper was shown with
/// one of those. A term look-up on `record_facts` per asked fact, each section kept only
/// when its paper is shown, so the cost is that of the sections recording the fact.
pub(crate) fn meeting_records(
    searcher: &Searcher,
    fields: &Fields,
    asked: Asked,
    papers: &[u64],
    paper_of: impl Fn(DocAddress) -> u64,
) -> Result<HashMap<u64, Vec<DocAddress>>, IndexError> {
    let mut out: HashMap<u64, Vec<DocAddress>> = HashMap::new();
    if asked.is_empty() || papers.is_empty() {
        return Ok(out);
    }
    let wanted: HashSet<u64> = papers.iter().copied().collect();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(fields.record_facts)?;
        let alive = segment.alive_bitset();
        for fact in asked.facts() {
            let term = Term::from_field_text(fields.record_facts, fact.as_str());
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let address = DocAddress::new(segment_ord as u32, doc);
                    let paper = paper_of(address);
                    if wanted.contains(&paper) {
                        let sections = out.entry(paper).or_default();
                        if !sections.contains(&address) {
                            sections.push(address);
                        }
                    }
                }
                doc = postings.advance();
            }
        }
    }
    Ok(out)
}

/// Orders one paper's sections (given best first by final score) by their within-paper
/// keys: sections with a key first, highest first; the rest after, in their given order.
/// Then [`follow_record`].
pub fn order(sections: &mut [(f32, DocAddress)], keys: &Keys) {
    sections.sort_by(|a, b| {
        let ka = keys.get(&a.1);
        let kb = keys.get(&b.1);
        match (ka, kb) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.0.total_cmp(&a.0),
        }
    });
    follow_record(sections, keys);
}

/// For a question about an item's record ("was the motion carried", "who seconded it"):
/// when the section first in its paper says the query's words but its own words do not
/// record the fact asked (the motion, with the vote the parse read from a later paragraph), and a section within the follow gap ([`FOLLOW_GAP`]) after it records it
/// and says a word of the query's topic too (not only "seconded" or "vote"; a vote asked
/// for and recorded right after it need not: a motion's vote follows it in every layout,
/// while North American minutes put the next item's mover and seconder before its text), that section is shown first and the one naming the item after it. Minutes of
/// every layout record a motion's debate in paragraphs of its own, then the vote or the
/// fate ("On a show of hands the Mayor declared the motion defeated", "MOTION CARRIED"),
/// which share few words with the question and lose to the debate that repeats them; the
/// nearest following record is that item's (another item's record would follow its own
/// topic paragraphs, closer to them).
fn follow_record(sections: &mut [(f32, DocAddress)], keys: &Keys) {
    let Some(first) = sections.first().and_then(|s| keys.get(&s.1)) else {
        return;
    };
    let Some(at) = first.ordinal.filter(|_| !first.records_item) else {
        return;
    };
    let follows = sections
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, s)| {
            let k = keys.get(&s.1)?;
            let o = k.ordinal?;
            // The vote right after the motion is its vote, whatever it says ("Vote: Yeas:
            // ... Motion Passed (4 to 0)"); a record further on must name the topic.
            let belongs = k.says_topic || (k.says_vote && o == at + 1);
            (k.records_item && belongs && o > at && o - at <= keys.follow_gap).then_some((o, i))
        })
        .min();
    if let Some((_, i)) = follows {
        // The record first, the section naming the item right after it.
        sections[..=i].rotate_right(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{Document, DocumentKind, Section};

    fn section(text: &str) -> Section {
        Section {
            text: text.into(),
            ..Section::default()
        }
    }

    #[test]
    fn the_section_that_answers_is_shown_not_the_longest() {
        let filler = format!(
            "The panel will give assurance on social care for children. {}",
            "It will meet four times a year and report to the Cabinet on its work programme, \
             its findings and the actions taken since its last meeting. "
                .repeat(8)
        );
        let document = Document {
            id: "p".into(),
            source: "panel.txt".into(),
            kind: DocumentKind::CommitteeReport,
            title: Some("Children's Social Care Panel".into()),
            sections: vec![
                section(&filler),
                section("Membership has not yet been determined; five members are proposed."),
                section(&filler),
            ],
            ..Document::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let index = crate::SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        writer.add_document(&document).unwrap();
        // Other papers about children's social care, so its words are common and
        // "membership" is not.
        for i in 0..6 {
            let other = Document {
                id: format!("o{i}"),
                source: format!("other{i}.txt"),
                title: Some(format!("Report {i}")),
                sections: vec![section(
                    "Children's social care services reported to the panel on care leavers.",
                )],
                ..Document::default()
            };
            writer.add_document(&other).unwrap();
        }
        writer.commit().unwrap();
        index.reload().unwrap();
        let results = index
            .search(&crate::SearchRequest {
                query: "children's social care panel membership".into(),
                limit: 10,
                ..crate::SearchRequest::default()
            })
            .unwrap();
        let hit = results.hits.iter().find(|h| h.document_id == "p").unwrap();
        assert_eq!(hit.section_ordinal, 1, "{:?}", hit.text);
    }

    fn keyed<const N: usize>(keys: [(DocAddress, Key); N]) -> Keys {
        Keys {
            map: HashMap::from(keys),
            follow_gap: FOLLOW_GAP,
        }
    }

    #[test]
    fn sections_that_say_the_words_come_first() {
        let a = DocAddress::new(0, 1);
        let b = DocAddress::new(0, 2);
        let c = DocAddress::new(0, 3);
        let mut sections = vec![(9.0, a), (5.0, b), (4.0, c)];
        let key = |score| Key {
            records_meeting: false,
            score,
            records_item: false,
            says_topic: true,
            says_vote: false,
            ordinal: None,
        };
        let keys = keyed([(b, key(1.0)), (c, key(2.0))]);
        order(&mut sections, &keys);
        let got: Vec<DocAddress> = sections.iter().map(|s| s.1).collect();
        assert_eq!(got, [c, b, a]);
        let mut sections = vec![(9.0, a), (5.0, b)];
        order(&mut sections, &Keys::default());
        assert_eq!(sections[0].1, a);
        // The section recording the meeting fact asked for comes first.
        let keys = keyed([
            (a, key(9.0)),
            (
                b,
                Key {
                    records_meeting: true,
                    score: 0.0,
                    records_item: false,
                    says_topic: false,
                    says_vote: false,
                    ordinal: None,
                },
            ),
        ]);
        let mut sections = vec![(9.0, a), (5.0, b)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, b);
    }

    #[test]
    fn the_record_following_the_item_is_shown_for_a_question_about_its_record() {
        let (debate, other, vote, later) = (
            DocAddress::new(0, 1),
            DocAddress::new(0, 2),
            DocAddress::new(0, 3),
            DocAddress::new(0, 4),
        );
        let key = |score, records_item, ordinal| Key {
            records_meeting: false,
            score,
            records_item,
            says_topic: true,
            says_vote: false,
            ordinal: Some(ordinal),
        };
        // The debate repeating the question's words (ordinal 51), the vote three sections
        // after it (54), another item's vote further on (60).
        let keys = keyed([
            (debate, key(9.0, false, 51)),
            (other, key(5.0, false, 52)),
            (vote, key(1.0, true, 54)),
            (later, key(2.0, true, 60)),
        ]);
        let mut sections = vec![(9.0, debate), (5.0, other), (2.0, later), (1.0, vote)];
        order(&mut sections, &keys);
        let got: Vec<DocAddress> = sections.iter().map(|s| s.1).collect();
        assert_eq!(got, [vote, debate, other, later]);
        // Too far after it: the debate stays first.
        let keys = keyed([(debate, key(9.0, false, 51)), (later, key(2.0, true, 60))]);
        let mut sections = vec![(9.0, debate), (2.0, later)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, debate);
        // A record saying none of the topic's words ("seconded" alone) is another item's.
        let keys = keyed([
            (debate, key(9.0, false, 51)),
            (
                vote,
                Key {
                    says_topic: false,
                    ..key(1.0, true, 54)
                },
            ),
        ]);
        let mut sections = vec![(9.0, debate), (1.0, vote)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, debate);
        // A vote right after the motion is shown though it names none of the topic's words.
        let silent = |ordinal| Key {
            says_topic: false,
            says_vote: true,
            ..key(1.0, true, ordinal)
        };
        let keys = keyed([(debate, key(9.0, false, 51)), (vote, silent(52))]);
        let mut sections = vec![(9.0, debate), (1.0, vote)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, vote);
        let keys = keyed([(debate, key(9.0, false, 51)), (vote, silent(53))]);
        let mut sections = vec![(9.0, debate), (1.0, vote)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, debate);
        // A first section that records the fact itself stays first.
        let keys = keyed([(debate, key(9.0, true, 51)), (vote, key(1.0, true, 54))]);
        let mut sections = vec![(9.0, debate), (1.0, vote)];
        order(&mut sections, &keys);
        assert_eq!(sections[0].1, debate);
    }
}
