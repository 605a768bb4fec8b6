//! Matters: the papers about one piece of business, linked by the reference they all cite.
//!
//! A council gives a matter a reference and every paper about it cites that reference: a
//! Kent forward-plan decision number (`24/00109`) on the report's cover, in the proposed
//! record of decision, on the agenda, in the minute that resolved it and in the file names
//! of its appendices (`24-00109 - Appendix C - DPIA …`); a planning application
//! (`108531/CND/22`) in the officer report, the decision notice, the weekly list and the
//! later appeal; a Planning Inspectorate appeal (`APP/C1625/W/16/3159572`); a local
//! development plan candidate site (`SR/042/002`). Papers are linked only by such a
//! reference, written in the paper (a paragraph, the title) or in the name its publisher
//! gave the file, and each link keeps that reason ([`LinkReason`]): nothing is linked on a
//! guess.
//!
//! Meetings ([`crate::meetings`]), the items of a meeting ([`crate::items`]) and written
//! parliamentary questions ([`crate::questions`]) are matters too, built from what the
//! papers state about themselves.
//!
//! [`references_of`] reads a document's references; [`SectionIndex::matter`] gathers a
//! matter from the index (a phrase search for the reference's words over section text and
//! headings, titles and file names, then every candidate paper checked with [`references_of`]) as a
//! timeline, oldest first, each step cited to its paragraph; [`SectionIndex::all_matters`]
//! lists every matter of the index (reads every stored document).

use std::collections::{BTreeMap, HashMap};

use council_model::{Document, DocumentKind};
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::items::{item_matters, ItemRelation};
use crate::meetings::{long_date, meeting_references, MeetingRelation};
use crate::questions::question_references;
use crate::references::{about_planning, letter_applications_in_text};
pub use crate::references::{references_in_source, references_in_text, RefKind, Reference};
use crate::schema::RECORD_DOCUMENT;
use crate::{IndexError, SectionIndex};

/// The most section records a matter query reads (a matter's papers are far fewer).
pub(crate) const MAX_CANDIDATE_SECTIONS: usize = 5_000;
/// The most papers a matter lists.
pub const MAX_STEPS: usize = 200;

/// Why a paper belongs to a matter: where it cites the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkReason {
    /// A paragraph cites the reference.
    Paragraph {
        /// The 0-based index of the section in the document.
        section_ordinal: usize,
    },
    /// The paper's title cites it.
    Title,
    /// The name the publisher gave the file (or its folder) cites it.
    FileName {
        /// The source path.
        source: String,
    },
    /// The paper states it is of or for the meeting, or names the meeting's minutes.
    Meeting {
        /// How it belongs to the meeting.
        relation: MeetingRelation,
        /// The 0-based index of the section that says so (`None`: the title or file name).
        section_ordinal: Option<usize>,
        /// Whether the file name says so.
        file_name: bool,
        /// The words that say so, as written.
        words: String,
        /// The body as the paper names it.
        body: String,
        /// The meeting date, `YYYY-MM-DD`.
        date: String,
    },
    /// The paper states an item of business of its meeting, and another paper of that
    /// meeting lists the item under the same number and title (see [`crate::items`]).
    Item {
        /// How the paper states the item.
        relation: ItemRelation,
        /// The item number (lower case).
        item: String,
        /// The item's title as this paper gives it.
        title: String,
        /// The 0-based index of the section that lists the item (`None`: the paper's title).
        section_ordinal: Option<usize>,
        /// Whether the item number is read from the file name.
        file_name: bool,
        /// This paper's words for the item, as written.
        words: String,
        /// This paper's words stating the meeting, as written.
        meeting_words: String,
        /// The body as the paper names it.
        body: String,
        /// The meeting date, `YYYY-MM-DD`.
        date: String,
        /// The id of the paper whose words it was joined by.
        joined_to: String,
        /// That paper's words for the item.
        joined_words: String,
    },
    /// A written question that is the question (`section_ordinal` `None`) or cites its
    /// answer ("pursuant to the Answer of 9 September 2024 to Question 4169").
    Question {
        /// The 0-based index of the section that cites it (`None`: the question itself).
        section_ordinal: Option<usize>,
        /// The words that say so.
        words: String,
    },
}

impl LinkReason {
    /// A sentence for the page.
    pub fn describe(&self, reference: &str, document: &Document) -> String {
        let place = |ordinal: usize| {
            let section = document.sections.get(ordinal);
            section
                .and_then(|s| s.number.as_deref())
                .map(|n| format!("paragraph {n}"))
                .or_else(|| {
                    section
                        .and_then(|s| s.heading.as_deref())
                        .map(|h| format!("the section “{h}”"))
                })
                .unwrap_or_else(|| format!("section {}", ordinal + 1))
        };
        match self {
            LinkReason::Paragraph { section_ordinal } => {
                format!("{} cites {reference}", place(*section_ordinal))
            }
            LinkReason::Meeting {
                relation,
                section_ordinal,
                file_name,
                words,
                ..
            } => {
                let at = match (section_ordinal, file_name) {
                    (_, true) => "the file name".to_string(),
                    (Some(o), false) => place(*o),
                    (None, false) => "the title".to_string(),
                };
                let what = match relation {
                    MeetingRelation::Minutes => "states these are the minutes of this meeting",
                    MeetingRelation::Agenda => "states this is the agenda of this meeting",
                    MeetingRelation::Paper => "states the paper is for this meeting",
                    MeetingRelation::NamesMinutes => "names the minutes of this meeting",
                };
                format!("{at} {what}: “{words}”")
            }
            LinkReason::Item {
                relation,
                item,
                file_name,
                words,
                meeting_words,
                joined_words,
                ..
            } => {
                let what = match relation {
                    ItemRelation::Agenda => format!("the agenda lists item {item} as “{words}”"),
                    ItemRelation::Minutes => {
                        format!("the minutes record item {item} under “{words}”")
                    }
                    ItemRelation::Covering => {
                        format!("the covering letter lists item {item} as “{words}”")
                    }
                    ItemRelation::Paper if *file_name => format!(
                        "the paper, item {item} by its file name, gives its title as “{words}”"
                    ),
                    ItemRelation::Paper => format!("the paper gives its title as “{words}”"),
                };
                format!(
                    "{what}, for the meeting it states (“{meeting_words}”); another paper of that meeting gives the item as “{joined_words}”"
                )
            }
            LinkReason::Question {
                section_ordinal: None,
                words,
            } => format!("the record is {words}"),
            LinkReason::Question {
                section_ordinal: Some(_),
                words,
            } => format!("the question cites “{words}”"),
            LinkReason::Title => format!("the title cites {reference}"),
            LinkReason::FileName { source } => {
                let name = source.rsplit('/').next().unwrap_or(source);
                format!("published as “{name}”, which names {reference}")
            }
        }
    }
}

/// Every reference of a document with where it is first cited: paragraphs first (in reading
/// order), then the title, then the file name; then the meetings it states, and the
/// questions a written question is or cites. (Items of business are joined across the papers
/// of a meeting: [`crate::items::item_matters`].)
pub fn references_of(document: &Document) -> Vec<(Reference, LinkReason)> {
    let mut out: Vec<(Reference, LinkReason)> = Vec::new();
    let mut add = |reference: Reference, reason: LinkReason| {
        if !out.iter().any(|(r, _)| *r == reference) {
            out.push((reference, reason));
        }
    };
    let planning = document
        .sections
        .iter()
        .any(|s| about_planning(&s.text) || s.heading.as_deref().is_some_and(about_planning));
    let read = |text: &str| {
        let mut refs = references_in_text(text);
        if planning {
            refs.extend(letter_applications_in_text(text));
        }
        refs
    };
    for (ordinal, section) in document.sections.iter().enumerate() {
        for r in read(&section.text)
            .into_iter()
            .chain(section.heading.as_deref().map(read).unwrap_or_default())
        {
            add(
                r,
                LinkReason::Paragraph {
                    section_ordinal: ordinal,
                },
            );
        }
    }
    if let Some(title) = &document.title {
        for r in references_in_text(title) {
            add(r, LinkReason::Title);
        }
    }
    for r in references_in_source(&document.source) {
        add(
            r,
            LinkReason::FileName {
                source: document.source.clone(),
            },
        );
    }
    for (r, reason) in meeting_references(document)
        .into_iter()
        .chain(question_references(document))
    {
        add(r, reason);
    }
    out
}

/// One paper of a matter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatterStep {
    /// The paper's id.
    pub document_id: String,
    /// Its title (the file name when it has none).
    pub title: String,
    /// Its kind.
    pub kind: DocumentKind,
    /// The publishing council.
    pub council: Option<String>,
    /// The meeting body.
    pub body: Option<String>,
    /// The meeting date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The source file.
    pub source: String,
    /// Why it belongs to the matter.
    pub reason: LinkReason,
    /// The reason as a sentence.
    pub reason_text: String,
    /// The cited paragraph's section id (`{document_id}.{ordinal}`): the one citing the
    /// reference, or the paper's first section when the title or file name cites it.
    pub section_id: Option<String>,
    /// The citation line of that paragraph: council · body · date · para · page.
    pub citation: String,
    /// The start of that paragraph's text.
    pub excerpt: String,
}

/// A matter: its reference and its papers as a timeline, oldest first (undated last).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Matter {
    /// The matter id (`decision-24-00109`).
    pub id: String,
    /// What to call it (`Decision 24/00109`, `Meeting of the Cabinet, 30 January 2025`).
    pub label: String,
    /// The reference the papers cite.
    pub reference: Reference,
    /// The best title: that of the earliest report or decision notice citing it.
    pub title: String,
    /// The papers, oldest first.
    pub steps: Vec<MatterStep>,
}

/// A matter a paper belongs to, for the paper's page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatterLink {
    /// The matter id.
    pub id: String,
    /// What to call it (as [`Matter::label`]).
    pub label: String,
    /// The reference.
    pub reference: Reference,
    /// How many papers the matter has.
    pub papers: usize,
    /// Why this paper belongs to it.
    pub reason_text: String,
}

fn kind_rank(kind: DocumentKind) -> u8 {
    match kind {
        DocumentKind::Agenda => 0,
        DocumentKind::CommitteeReport => 1,
        DocumentKind::IssueHistory => 2,
        DocumentKind::WrittenQuestion => 3,
        DocumentKind::Other => 4,
        DocumentKind::DecisionNotice => 5,
        DocumentKind::Minutes => 6,
    }
}

fn step(document: &Document, reference: &Reference, reason: LinkReason) -> MatterStep {
    let meeting = document
        .meetings
        .iter()
        .find(|m| m.date.is_some())
        .or(document.meetings.first());
    let ordinal = match reason {
        LinkReason::Paragraph { section_ordinal }
        | LinkReason::Meeting {
            section_ordinal: Some(section_ordinal),
            ..
        }
        | LinkReason::Item {
            section_ordinal: Some(section_ordinal),
            ..
        }
        | LinkReason::Question {
            section_ordinal: Some(section_ordinal),
            ..
        } => Some(section_ordinal),
        _ => (!document.sections.is_empty()).then_some(0),
    };
    let section = ordinal.and_then(|o| document.sections.get(o));
    let mut citation: Vec<String> = [
        document.council.clone(),
        meeting.and_then(|m| m.body.clone()),
        meeting.and_then(|m| m.date.clone()),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.trim().is_empty())
    .collect();
    if let Some(section) = section {
        match (&section.number, &section.heading) {
            (Some(n), _) => citation.push(format!("para {n}")),
            (None, Some(h)) => citation.push(h.clone()),
            _ => {}
        }
        if let Some(page) = section.page {
            citation.push(format!("p.{page}"));
        }
    }
    let excerpt = section.map_or_else(String::new, |s| {
        let text = s.text.trim();
        match text.char_indices().nth(300) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        }
    });
    // A paper of the meeting is dated by what it states, not by the folder it was filed in.
    let (body, date) = match &reason {
        LinkReason::Meeting {
            relation,
            body,
            date,
            ..
        } if *relation != MeetingRelation::NamesMinutes => (Some(body.clone()), Some(date.clone())),
        LinkReason::Item { body, date, .. } => (Some(body.clone()), Some(date.clone())),
        _ => (
            meeting.and_then(|m| m.body.clone()),
            meeting.and_then(|m| m.date.clone()),
        ),
    };
    MatterStep {
        document_id: document.id.clone(),
        title: document
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| document.source.clone()),
        kind: document.kind,
        council: document.council.clone(),
        body,
        date,
        source: document.source.clone(),
        reason_text: reason.describe(&reference.reference, document),
        reason,
        section_id: ordinal.map(|o| format!("{}.{o}", document.id)),
        citation: citation.join(" · "),
        excerpt,
    }
}

/// Builds a matter from the papers citing `reference`: papers of a council other than the
/// one most of them name are left out (the same number means something else there).
fn build_matter(reference: &Reference, documents: &[(Document, LinkReason)]) -> Option<Matter> {
    let mut councils: HashMap<&str, usize> = HashMap::new();
    for (d, _) in documents {
        if let Some(c) = &d.council {
            *councils.entry(c.as_str()).or_default() += 1;
        }
    }
    let main = councils
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string());
    let mut steps: Vec<MatterStep> = documents
        .iter()
        .filter(|(d, _)| match (&main, &d.council) {
            (Some(main), Some(c)) => main == c,
            _ => true,
        })
        .map(|(d, reason)| step(d, reference, reason.clone()))
        .collect();
    // A question is a matter when another question cites its answer (two copies of one
    // record are not).
    let cited = documents.iter().any(|(_, r)| {
        matches!(
            r,
            LinkReason::Question {
                section_ordinal: Some(_),
                ..
            }
        )
    });
    if steps.is_empty() || (reference.kind == RefKind::Question && !cited) {
        return None;
    }
    steps.sort_by(|a, b| {
        (
            a.date.is_none(),
            &a.date,
            kind_rank(a.kind),
            &a.title,
            &a.document_id,
        )
            .cmp(&(
                b.date.is_none(),
                &b.date,
                kind_rank(b.kind),
                &b.title,
                &b.document_id,
            ))
    });
    steps.truncate(MAX_STEPS);
    let title = steps
        .iter()
        .filter(|_| !matches!(reference.kind, RefKind::Meeting | RefKind::Item))
        .find(|s| {
            matches!(
                s.kind,
                DocumentKind::CommitteeReport | DocumentKind::DecisionNotice
            ) && !matches!(s.reason, LinkReason::FileName { .. })
        })
        .or(steps.first())
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let title = item_title(documents).unwrap_or(title);
    let label = match reference.kind {
        RefKind::Meeting => {
            // The body as a paper of the meeting itself writes it, else as any paper does.
            let body = documents
                .iter()
                .filter_map(|(_, r)| match r {
                    LinkReason::Meeting { relation, body, .. } => {
                        Some((*relation == MeetingRelation::NamesMinutes, body))
                    }
                    _ => None,
                })
                .min()
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            let date = crate::meetings::meeting_date(reference).unwrap_or_default();
            format!("Meeting of {body}, {}", long_date(date))
        }
        RefKind::Item => match documents.iter().find_map(|(_, r)| match r {
            LinkReason::Item {
                item, body, date, ..
            } => Some((item, body, date)),
            _ => None,
        }) {
            Some((item, body, date)) => format!("Item {item}, {body}, {}", long_date(date)),
            None => format!("Item {}", reference.reference),
        },
        RefKind::Question => {
            let uin = crate::questions::question_uin(reference).unwrap_or_default();
            let date = reference.reference.get(uin.len() + 1..).unwrap_or_default();
            format!("Written question {uin}, answered {}", long_date(date))
        }
        kind => format!("{} {}", kind.label(), reference.reference),
    };
    Some(Matter {
        id: reference.matter_id(),
        label,
        reference: reference.clone(),
        title,
        steps,
    })
}

/// The papers of a matter, each with why it belongs.
type Papers = Vec<(Document, LinkReason)>;

/// An item matter's title: the item's title as its agenda gives it, else its minutes.
fn item_title(documents: &[(Document, LinkReason)]) -> Option<String> {
    [ItemRelation::Agenda, ItemRelation::Minutes]
        .iter()
        .find_map(|want| {
            documents.iter().find_map(|(_, r)| match r {
                LinkReason::Item {
                    relation, title, ..
                } if relation == want => Some(title.clone()),
                _ => None,
            })
        })
}

impl SectionIndex {
    /// The item matters of one meeting: its papers (those a meeting matter would consider)
    /// joined item by item.
    fn meeting_items(&self, meeting: &Reference) -> Result<Vec<(Reference, Papers)>, IndexError> {
        let mut documents = Vec::new();
        for id in self.candidate_documents(meeting)? {
            if let Some(document) = self.document(&id)? {
                documents.push(document);
            }
        }
        Ok(item_matters(&documents)
            .into_iter()
            .filter(|(r, _)| crate::items::split_item(r).is_some_and(|(m, _)| m == *meeting))
            .map(|(r, links)| {
                let links = links
                    .into_iter()
                    .map(|(i, reason)| (documents[i].clone(), reason))
                    .collect();
                (r, links)
            })
            .collect())
    }

    /// The meeting of the file a paper is enclosed in: the meeting its lead paper (an agenda
    /// or covering letter of the same file, ids `{file}-0`, `{file}-1`, …) states.
    fn enclosing_meeting(&self, document: &Document) -> Result<Option<Reference>, IndexError> {
        const MOST_PAPERS: usize = 200;
        let Some((file, _)) = document.id.rsplit_once('-') else {
            return Ok(None);
        };
        for n in 0..MOST_PAPERS {
            let id = format!("{file}-{n}");
            if id == document.id {
                continue;
            }
            let Some(sibling) = self.document(&id)? else {
                break;
            };
            if sibling.source != document.source {
                break;
            }
            if let Some(meeting) = crate::items::lead_meeting(&sibling) {
                return Ok(Some(meeting));
            }
        }
        Ok(None)
    }

    /// The matter with this id (`decision-24-00109`); `None` when the id is not a reference
    /// or no paper cites it.
    pub fn matter(&self, id: &str) -> Result<Option<Matter>, IndexError> {
        let Some(reference) = Reference::from_matter_id(id) else {
            return Ok(None);
        };
        if let Some((meeting, _)) = crate::items::split_item(&reference) {
            return Ok(self
                .meeting_items(&meeting)?
                .into_iter()
                .find(|(r, _)| *r == reference)
                .and_then(|(r, documents)| build_matter(&r, &documents)));
        }
        let mut documents = Vec::new();
        for document_id in self.candidate_documents(&reference)? {
            let Some(document) = self.document(&document_id)? else {
                continue;
            };
            if let Some((_, reason)) = references_of(&document)
                .into_iter()
                .find(|(r, _)| *r == reference)
            {
                documents.push((document, reason));
            }
        }
        Ok(build_matter(&reference, &documents))
    }

    /// The matters `document` belongs to that hold at least one other paper, with why.
    pub fn matters_of(&self, document: &Document) -> Result<Vec<MatterLink>, IndexError> {
        let mut out = Vec::new();
        for (reference, reason) in references_of(document) {
            let Some(matter) = self.matter(&reference.matter_id())? else {
                continue;
            };
            if matter.steps.len() < 2 || !matter.steps.iter().any(|s| s.document_id == document.id)
            {
                continue;
            }
            out.push(MatterLink {
                id: matter.id,
                label: matter.label,
                papers: matter.steps.len(),
                reason_text: reason.describe(&reference.reference, document),
                reference,
            });
        }
        // The items of its meeting it was joined to.
        let meeting = references_of(document)
            .into_iter()
            .find(|(r, reason)| {
                r.kind == RefKind::Meeting
                    && matches!(reason, LinkReason::Meeting { relation, .. } if *relation != MeetingRelation::NamesMinutes)
            })
            .map(|(r, _)| r);
        let meeting = match meeting {
            Some(meeting) => Some(meeting),
            None => self.enclosing_meeting(document)?,
        };
        for (reference, links) in match meeting {
            Some(meeting) => self.meeting_items(&meeting)?,
            None => Vec::new(),
        } {
            let Some((_, reason)) = links.iter().find(|(d, _)| d.id == document.id) else {
                continue;
            };
            let reason_text = reason.describe(&reference.reference, document);
            if let Some(matter) = build_matter(&reference, &links).filter(|m| m.steps.len() >= 2) {
                out.push(MatterLink {
                    id: matter.id,
                    label: matter.label,
                    papers: matter.steps.len(),
                    reason_text,
                    reference,
                });
            }
        }
        Ok(out)
    }

    /// Every matter of the index with at least two papers, by id (reads every stored
    /// document: for reports and measurement, not for serving).
    pub fn all_matters(&self) -> Result<Vec<Matter>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.record, RECORD_DOCUMENT),
            IndexRecordOption::Basic,
        );
        let mut by_reference: BTreeMap<Reference, Vec<(Document, LinkReason)>> = BTreeMap::new();
        let addresses = searcher.search(&query, &DocSetCollector)?;
        let mut documents = Vec::new();
        for address in addresses {
            let record: TantivyDocument = searcher.doc(address)?;
            let document = self.fields.document_from_record(&record)?;
            for (reference, reason) in references_of(&document) {
                by_reference
                    .entry(reference)
                    .or_default()
                    .push((document.clone(), reason));
            }
            documents.push(document);
        }
        for (reference, links) in item_matters(&documents) {
            by_reference.insert(
                reference,
                links
                    .into_iter()
                    .map(|(i, reason)| (documents[i].clone(), reason))
                    .collect(),
            );
        }
        Ok(by_reference
            .iter()
            .filter_map(|(reference, documents)| build_matter(reference, documents))
            .filter(|m| m.steps.len() >= 2)
            .collect())
    }
}
