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
//! [`references_of`] reads a document's references; [`SectionIndex::matter`] gathers a
//! matter from the index (a phrase search for the reference's words over section text and
//! headings, titles and file names, then every candidate paper checked with [`references_of`]) as a
//! timeline, oldest first, each step cited to its paragraph; [`SectionIndex::all_matters`]
//! lists every matter of the index (reads every stored document).

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use council_model::{Document, DocumentKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::meetings::{long_date, meeting_references, MeetingRelation};
use crate::schema::RECORD_DOCUMENT;
use crate::{IndexError, SectionIndex};

/// The most section records a matter query reads (a matter's papers are far fewer).
pub(crate) const MAX_CANDIDATE_SECTIONS: usize = 5_000;
/// The most papers a matter lists.
pub const MAX_STEPS: usize = 200;

/// What kind of reference ties a matter's papers together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// A decision number of a forward plan (`24/00109`).
    Decision,
    /// A planning application (`108531/CND/22`).
    PlanningApplication,
    /// A Planning Inspectorate appeal (`APP/C1625/W/16/3159572`).
    Appeal,
    /// A local development plan candidate site (`SR/042/002`).
    CandidateSite,
    /// A planning file number (`Z-9815`, `OZ-25018`: zoning and official plan amendments).
    PlanningFile,
    /// A procurement (`RFP2024-256`, `RFT2024-246`, single source `SS-2025-093`).
    Procurement,
    /// A meeting: a date and a body (`2025-01-30-cabinet`, see [`crate::meetings`]).
    Meeting,
}

impl RefKind {
    /// Every kind.
    pub const ALL: [RefKind; 7] = [
        RefKind::Decision,
        RefKind::PlanningApplication,
        RefKind::Appeal,
        RefKind::CandidateSite,
        RefKind::PlanningFile,
        RefKind::Procurement,
        RefKind::Meeting,
    ];

    /// The kinds written as a reference in a paper or a file name (all but meetings).
    pub const WRITTEN: [RefKind; 6] = [
        RefKind::Decision,
        RefKind::PlanningApplication,
        RefKind::Appeal,
        RefKind::CandidateSite,
        RefKind::PlanningFile,
        RefKind::Procurement,
    ];

    /// The prefix of the kind's matter ids.
    pub fn slug(self) -> &'static str {
        match self {
            RefKind::Decision => "decision",
            RefKind::PlanningApplication => "application",
            RefKind::Appeal => "appeal",
            RefKind::CandidateSite => "site",
            RefKind::PlanningFile => "file",
            RefKind::Procurement => "procurement",
            RefKind::Meeting => "meeting",
        }
    }

    /// What to call it on a page.
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Decision => "Decision",
            RefKind::PlanningApplication => "Planning application",
            RefKind::Appeal => "Planning appeal",
            RefKind::CandidateSite => "Candidate site",
            RefKind::PlanningFile => "Planning file",
            RefKind::Procurement => "Procurement",
            RefKind::Meeting => "Meeting",
        }
    }

    /// The reference as written in text: the whole match is the canonical reference (for a
    /// meeting, its canonical form `2025-01-30-cabinet`, never read from text).
    fn text_pattern(self) -> &'static Regex {
        static PATTERNS: LazyLock<[Regex; 7]> = LazyLock::new(|| {
            [
                Regex::new(r"\b\d{2}/\d{5}\b").unwrap(),
                Regex::new(r"\b\d{5,6}/(?:FUL|HHA|LBC|CND|VAR|NMA|OUT|RES|ADV|CPL|CPE|TPO|DEM|PIP|LDC|HHP|TEL|CAC|REM)/\d{2}\b").unwrap(),
                Regex::new(r"\bAPP/[A-Z]\d{4}/[A-Z]/\d{2}/\d{7}\b").unwrap(),
                Regex::new(r"\b[A-Z]{2}/\d{3}/\d{3}\b").unwrap(),
                Regex::new(r"\b(?:OZ|Z|TZ|SPA|ZBA)-\d{4,5}\b").unwrap(),
                Regex::new(r"\b(?:RFP|RFT|RFQ|RFI)-?\d{4}-\d{3}\b|\bSS-\d{4}-\d{3}\b").unwrap(),
                Regex::new(r"^\d{4}-\d{2}-\d{2}(?:-[a-z0-9]+)+$").unwrap(),
            ]
        });
        &PATTERNS[self as usize]
    }

    /// The reference as written in a file or folder name (`-` or `_` for `/`).
    fn name_pattern(self) -> &'static Regex {
        static PATTERNS: LazyLock<[Regex; 7]> = LazyLock::new(|| {
            [
                Regex::new(r"(?:^|[^\d\-_])(\d{2})[-_](\d{5})(?:$|[^\d\-_])").unwrap(),
                Regex::new(r"(?:^|[^\d])(\d{5,6})[-_](FUL|HHA|LBC|CND|VAR|NMA|OUT|RES|ADV|CPL|CPE|TPO|DEM|PIP|LDC|HHP|TEL|CAC|REM)[-_](\d{2})(?:$|[^\d])").unwrap(),
                Regex::new(r"APP[-_]([A-Z]\d{4})[-_]([A-Z])[-_](\d{2})[-_](\d{7})").unwrap(),
                Regex::new(r"(?:^|[^A-Za-z])([A-Z]{2})[-_](\d{3})[-_](\d{3})(?:$|[^\d])").unwrap(),
                // File numbers and procurements are written with hyphens anyway: the text
                // pattern reads them in file names too.
                Regex::new(r"(?:^|[^A-Za-z])((?:OZ|Z|TZ|SPA|ZBA)-\d{4,5})(?:$|[^\d])").unwrap(),
                Regex::new(r"(?:^|[^A-Za-z])((?:RFP|RFT|RFQ|RFI)-?\d{4}-\d{3}|SS-\d{4}-\d{3})(?:$|[^\d])").unwrap(),
                // Meetings are not read from file names as references (see `meetings`).
                Regex::new(r"[^\s\S]").unwrap(),
            ]
        });
        &PATTERNS[self as usize]
    }
}

/// A reference: its kind and its canonical form (`24/00109`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reference {
    /// The kind.
    pub kind: RefKind,
    /// The canonical form, as papers write it.
    pub reference: String,
}

impl Reference {
    /// The matter id of this reference (`decision-24-00109`), safe in a URL path.
    pub fn matter_id(&self) -> String {
        format!("{}-{}", self.kind.slug(), self.reference.replace('/', "-"))
    }

    /// The reference of a matter id, if it is one.
    pub fn from_matter_id(id: &str) -> Option<Reference> {
        RefKind::ALL.into_iter().find_map(|kind| {
            let rest = id.strip_prefix(kind.slug())?.strip_prefix('-')?;
            // `/` became `-` in the id; references written with hyphens kept theirs.
            [rest.replace('-', "/"), rest.to_string()]
                .into_iter()
                .find(|reference| {
                    kind.text_pattern()
                        .find(reference)
                        .is_some_and(|m| m.start() == 0 && m.end() == reference.len())
                })
                .map(|reference| Reference { kind, reference })
        })
    }
}

/// References written in `text`.
pub fn references_in_text(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for kind in RefKind::WRITTEN {
        for m in kind.text_pattern().find_iter(text) {
            // Part of a longer slash-separated reference (`APP/…/16/3159572`): not this one.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before == Some('/') || after == Some('/') {
                continue;
            }
            push_unique(
                &mut out,
                Reference {
                    kind,
                    reference: m.as_str().to_string(),
                },
            );
        }
    }
    out
}

/// References in a source path's file name.
pub fn references_in_source(source: &str) -> Vec<Reference> {
    // Only the file name: the name the publisher gave the paper. The folders above it were
    // made by whoever collected the files and say nothing about the paper.
    let name = source.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut out = Vec::new();
    for part in [name] {
        for kind in RefKind::WRITTEN {
            for caps in kind.name_pattern().captures_iter(part) {
                let pieces: Vec<&str> = caps.iter().skip(1).flatten().map(|m| m.as_str()).collect();
                let reference = match kind {
                    RefKind::Appeal => format!("APP/{}", pieces.join("/")),
                    _ => pieces.join("/"),
                };
                push_unique(&mut out, Reference { kind, reference });
            }
        }
    }
    out
}

fn push_unique(out: &mut Vec<Reference>, reference: Reference) {
    if !out.contains(&reference) {
        out.push(reference);
    }
}

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
            LinkReason::Title => format!("the title cites {reference}"),
            LinkReason::FileName { source } => {
                let name = source.rsplit('/').next().unwrap_or(source);
                format!("published as “{name}”, which names {reference}")
            }
        }
    }
}

/// Every reference of a document with where it is first cited: paragraphs first (in reading
/// order), then the title, then the file name.
pub fn references_of(document: &Document) -> Vec<(Reference, LinkReason)> {
    let mut out: Vec<(Reference, LinkReason)> = Vec::new();
    let mut add = |reference: Reference, reason: LinkReason| {
        if !out.iter().any(|(r, _)| *r == reference) {
            out.push((reference, reason));
        }
    };
    for (ordinal, section) in document.sections.iter().enumerate() {
        for r in references_in_text(&section.text).into_iter().chain(
            section
                .heading
                .as_deref()
                .map(references_in_text)
                .unwrap_or_default(),
        ) {
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
    for (r, reason) in meeting_references(document) {
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
    if steps.is_empty() {
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
        .filter(|_| reference.kind != RefKind::Meeting)
        .find(|s| {
            matches!(
                s.kind,
                DocumentKind::CommitteeReport | DocumentKind::DecisionNotice
            ) && !matches!(s.reason, LinkReason::FileName { .. })
        })
        .or(steps.first())
        .map(|s| s.title.clone())
        .unwrap_or_default();
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

impl SectionIndex {
    /// The matter with this id (`decision-24-00109`); `None` when the id is not a reference
    /// or no paper cites it.
    pub fn matter(&self, id: &str) -> Result<Option<Matter>, IndexError> {
        let Some(reference) = Reference::from_matter_id(id) else {
            return Ok(None);
        };
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
        for address in addresses {
            let record: TantivyDocument = searcher.doc(address)?;
            let document = self.fields.document_from_record(&record)?;
            for (reference, reason) in references_of(&document) {
                by_reference
                    .entry(reference)
                    .or_default()
                    .push((document.clone(), reason));
            }
        }
        Ok(by_reference
            .iter()
            .filter_map(|(reference, documents)| build_matter(reference, documents))
            .filter(|m| m.steps.len() >= 2)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(kind: RefKind, reference: &str) -> Reference {
        Reference {
            kind,
            reference: reference.to_string(),
        }
    }

    #[test]
    fn references_are_read_from_text_and_file_names() {
        assert_eq!(
            references_in_text("Decision no: 24/00109 Key decision; see 1/2/2024 and 2024/25"),
            [r(RefKind::Decision, "24/00109")]
        );
        assert_eq!(
            references_in_text("Appeal Ref: APP/C1625/W/16/3159572 and application 108531/CND/22"),
            [
                r(RefKind::PlanningApplication, "108531/CND/22"),
                r(RefKind::Appeal, "APP/C1625/W/16/3159572"),
            ]
        );
        assert_eq!(
            references_in_text("Candidate Sites SR/042/002, SR/165/005"),
            [
                r(RefKind::CandidateSite, "SR/042/002"),
                r(RefKind::CandidateSite, "SR/165/005"),
            ]
        );
        assert_eq!(
            references_in_source(
                "kent/cabinet/2025-01-30/originals/24-00109 - Appendix C - DPIA Screening.pdf"
            ),
            [r(RefKind::Decision, "24/00109")]
        );
        assert_eq!(
            references_in_source(
                "trafford/109346-VAR-22/APPENDIX_1_108835_CPL_22-OFFICER_REPORT.md"
            ),
            [r(RefKind::PlanningApplication, "108835/CPL/22")],
            "the file name, not the collector's folder"
        );
        assert_eq!(
            references_in_text(
                "1378-1398 Commissioners Road West (Z-9815); By-law No. Z.-1; RFP2024-256, SS-2025-093"
            ),
            [
                r(RefKind::PlanningFile, "Z-9815"),
                r(RefKind::Procurement, "RFP2024-256"),
                r(RefKind::Procurement, "SS-2025-093"),
            ]
        );
        // Dates, phone numbers and years are not references.
        assert!(references_in_source("minutes/2025-01-30 Cabinet 0161-91234.pdf").is_empty());
        assert!(references_in_text("On 30/01/2025 call 01622/694000; 2024/25 budget").is_empty());
    }

    #[test]
    fn matter_ids_round_trip_and_junk_is_refused() {
        for reference in [
            r(RefKind::Decision, "24/00109"),
            r(RefKind::PlanningApplication, "108531/CND/22"),
            r(RefKind::Appeal, "APP/C1625/W/16/3159572"),
            r(RefKind::CandidateSite, "SR/042/002"),
            r(RefKind::PlanningFile, "OZ-25018"),
            r(RefKind::Procurement, "SS-2025-093"),
        ] {
            assert_eq!(
                Reference::from_matter_id(&reference.matter_id()),
                Some(reference)
            );
        }
        for junk in [
            "",
            "decision-",
            "decision-24-001090",
            "x-24-00109",
            "decision-24-00109-1",
        ] {
            assert_eq!(Reference::from_matter_id(junk), None, "{junk}");
        }
    }
}
