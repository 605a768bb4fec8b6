//! The types every stage of council shares.
//!
//! A file on disk becomes one or more [`Document`]s (an agenda pack holds several). Each
//! document records the [`Meeting`]s it is for, its [`Section`]s in reading order (numbered
//! paragraphs and headings, each with its heading path and page), the [`Entity`]s named in it
//! (people with roles, bodies, organisations, councils, dates, emails, phones), the written
//! [`Question`]s paired with their answers, the [`Decision`]s (recommendations and
//! resolutions with proposer, seconder, outcome and recorded votes), the [`AgendaItem`]s of
//! minutes and agendas, and the [`ReportFacts`] of a committee report's cover.
//!
//! The serialised form is the JSON contract of `council parse` (see `../shared/eval/FORMAT.md`):
//! unknown values are `null` or an empty list, never a placeholder.

pub mod dates;
pub mod outcome;
pub use outcome::Outcome;

use serde::{Deserialize, Serialize};

/// The genre of a council paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A report to a committee, Cabinet or full Council.
    CommitteeReport,
    /// Written questions with their responses.
    WrittenQuestion,
    /// The minutes of a meeting.
    Minutes,
    /// An agenda, or a whole agenda pack.
    Agenda,
    /// A modern.gov-style page that follows one issue through several meetings.
    IssueHistory,
    /// A record of a decision taken (officer or executive decision notice).
    DecisionNotice,
    /// Anything else.
    #[default]
    Other,
}

impl DocumentKind {
    /// Every kind, in a stable order (for facets and forms).
    pub const ALL: [DocumentKind; 7] = [
        DocumentKind::CommitteeReport,
        DocumentKind::WrittenQuestion,
        DocumentKind::Minutes,
        DocumentKind::Agenda,
        DocumentKind::IssueHistory,
        DocumentKind::DecisionNotice,
        DocumentKind::Other,
    ];

    /// The snake_case name used in JSON, the index and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::CommitteeReport => "committee_report",
            DocumentKind::WrittenQuestion => "written_question",
            DocumentKind::Minutes => "minutes",
            DocumentKind::Agenda => "agenda",
            DocumentKind::IssueHistory => "issue_history",
            DocumentKind::DecisionNotice => "decision_notice",
            DocumentKind::Other => "other",
        }
    }

    /// Parses the snake_case name; `None` for anything else.
    pub fn parse(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// A label for people ("Committee report").
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::CommitteeReport => "Committee report",
            DocumentKind::WrittenQuestion => "Written questions",
            DocumentKind::Minutes => "Minutes",
            DocumentKind::Agenda => "Agenda",
            DocumentKind::IssueHistory => "Issue history",
            DocumentKind::DecisionNotice => "Decision notice",
            DocumentKind::Other => "Other",
        }
    }
}

/// A meeting a document is for or records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Meeting {
    /// The committee, board, panel, Cabinet or Council that met.
    pub body: Option<String>,
    /// The meeting date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The agenda item number, where the document gives one.
    pub item: Option<String>,
}

/// What a section is, where the text says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// A recommendation block of a report.
    Recommendation,
    /// A resolution (RESOLVED) of a meeting.
    Resolution,
    /// A written question.
    Question,
    /// The answer to a written question.
    Answer,
    /// An implications block (financial, legal, equality, ...).
    Implications,
    /// Contact details of officers or members.
    Contact,
    /// Attendance (present, apologies, in attendance).
    Attendance,
}

impl SectionKind {
    /// The snake_case name used in JSON and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Recommendation => "recommendation",
            SectionKind::Resolution => "resolution",
            SectionKind::Question => "question",
            SectionKind::Answer => "answer",
            SectionKind::Implications => "implications",
            SectionKind::Contact => "contact",
            SectionKind::Attendance => "attendance",
        }
    }
}

/// A numbered paragraph or a headed block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Section {
    /// The paragraph number as printed (`2.1.3`, `7`), without trailing dots.
    pub number: Option<String>,
    /// The heading of the section, where it has one.
    pub heading: Option<String>,
    /// The chain of enclosing headings, outermost first.
    pub path: Vec<String>,
    /// What the section is, where the text says so.
    pub kind: Option<SectionKind>,
    /// The text of the section as a person reads it.
    pub text: String,
    /// The 1-based page the section starts on, for paged formats.
    pub page: Option<u32>,
    /// Which of the document's meetings the section records (an index into
    /// [`Document::meetings`]), where the document follows several (issue histories);
    /// `None` means the document's meetings as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<usize>,
}

/// The kind of a named thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person (the value is the name without honorific).
    Person,
    /// A role or post ("Chair", "Executive Director of Children's Services").
    Role,
    /// A committee, board, panel, group, Cabinet or Council.
    Body,
    /// An organisation other than a council (Ofsted, NHS, DfE).
    Organisation,
    /// A local authority.
    Council,
    /// A date (the value is ISO `YYYY-MM-DD`).
    Date,
    /// An email address (the value is lower case).
    Email,
    /// A phone number (the value is its digits).
    Phone,
}

impl EntityKind {
    /// The snake_case name used in JSON and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Role => "role",
            EntityKind::Body => "body",
            EntityKind::Organisation => "organisation",
            EntityKind::Council => "council",
            EntityKind::Date => "date",
            EntityKind::Email => "email",
            EntityKind::Phone => "phone",
        }
    }
}

/// A thing named in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// What kind of thing it is.
    pub kind: EntityKind,
    /// The text as it appears.
    pub text: String,
    /// The normal form (see [`EntityKind`]).
    pub value: String,
    /// For a person, the role the document gives them.
    pub role: Option<String>,
}

/// A written question paired with its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Question {
    /// The question number as printed.
    pub number: Option<String>,
    /// Who asked.
    pub asker: Option<String>,
    /// Who answered.
    pub respondent: Option<String>,
    /// The respondent's role as the document gives it.
    pub respondent_role: Option<String>,
    /// The question text.
    pub question: String,
    /// The answer text, where there is one.
    pub answer: Option<String>,
}

/// Whether a decision is proposed (by a report), taken (by a meeting), or an amendment moved
/// to a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// A recommendation of a report.
    Recommendation,
    /// A resolution of a meeting.
    Resolution,
    /// An amendment moved at a meeting (its outcome tells whether it fell) or set out on an
    /// amendment form.
    Amendment,
}

/// A recorded vote: the names (or only the counts) for, against and abstaining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Votes {
    /// Names voting for.
    #[serde(rename = "for")]
    pub for_: Vec<String>,
    /// Names voting against.
    pub against: Vec<String>,
    /// Names abstaining.
    pub abstain: Vec<String>,
}

/// A recommendation or resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Recommendation or resolution.
    pub kind: DecisionKind,
    /// Its label as printed (`a`, `1`, `ii`), without brackets.
    pub label: Option<String>,
    /// The text of the decision.
    pub text: String,
    /// Who proposed the motion, where the minutes say so.
    pub proposer: Option<String>,
    /// Who seconded it.
    pub seconder: Option<String>,
    /// `carried`, `lost`, `agreed`, `noted` or `withdrawn`.
    pub outcome: Option<String>,
    /// A recorded vote.
    pub votes: Option<Votes>,
}

/// One item of business of a meeting: a minute of the minutes, or an item of an agenda.
///
/// Minutes number their items twice: the minute number (`23/45`, `84`) and the agenda item
/// it records ("(Item 7)"). Either may be absent; neither is guessed from the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AgendaItem {
    /// The minute number as printed (`84`, `23/45`, `CAB 12/24`), without trailing dots.
    pub minute: Option<String>,
    /// The agenda item number as printed ("(Item 7)" gives `7`); for an agenda, the item's
    /// own number.
    pub item: Option<String>,
    /// The item's title, without its numbers ("Corporate Risk Register").
    pub title: String,
    /// The index in [`Document::sections`] of the item's heading section.
    pub section: usize,
    /// The index in [`Document::sections`] of the item's last section (the item runs from
    /// `section` to `last_section`, both included).
    pub last_section: usize,
    /// The 1-based page the item starts on, for paged formats.
    pub page: Option<u32>,
    /// The decisions taken under the item (indexes into [`Document::decisions`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<usize>,
}

/// What the cover of a committee report (or a decision notice) says about the decision it
/// asks for. Every value is read from the text as printed; what the paper does not say is
/// `None` or empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReportFacts {
    /// "Key decision: Yes" (`true`) or "No" (`false`).
    pub key_decision: Option<bool>,
    /// The forward-plan or decision reference ("FP/2023/045", "24/00109", "KD1234").
    pub forward_plan: Option<String>,
    /// The wards or electoral divisions affected, as printed; "All wards" is `["All"]`.
    #[serde(default)]
    pub wards: Vec<String>,
    /// Who the report is from (the post as written: "Director of Children's Services").
    pub author: Option<String>,
}

impl ReportFacts {
    /// Whether the cover said nothing of these.
    pub fn is_empty(&self) -> bool {
        self.key_decision.is_none()
            && self.forward_plan.is_none()
            && self.wards.is_empty()
            && self.author.is_none()
    }
}

/// A page whose text was read by OCR from its image (a scan), not from a text layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannedPage {
    /// The 1-based page number in the file.
    pub page: u32,
    /// The mean confidence of the page's words as Tesseract gives it (0–100), `None` when
    /// it read no word.
    pub confidence: Option<u8>,
}

/// One paper, as the pipeline understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Document {
    /// A stable id: the content hash of the file and the document's place in it.
    pub id: String,
    /// The path of the file relative to the ingested folder.
    pub source: String,
    /// The genre.
    pub kind: DocumentKind,
    /// The title as the paper gives it.
    pub title: Option<String>,
    /// The publishing council, where the paper says which.
    pub council: Option<String>,
    /// The meetings the document is for or records.
    pub meetings: Vec<Meeting>,
    /// The meeting whose papers the document was published with, where that is another
    /// meeting than the one it records (minutes filed as "Minutes of Previous Meeting" with
    /// the next meeting's agenda; see the pipeline's `provenance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_for: Option<Meeting>,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// Things named in the document.
    pub entities: Vec<Entity>,
    /// Written questions with their answers.
    pub questions: Vec<Question>,
    /// Recommendations and resolutions.
    pub decisions: Vec<Decision>,
    /// The items of business of minutes or an agenda, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<AgendaItem>,
    /// What a committee report's cover says (key decision, forward plan, wards, author).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportFacts>,
    /// First and last page of the document within its file, for paged formats.
    pub pages: Option<(u32, u32)>,
    /// The pages whose text was read by OCR from a scan, with Tesseract's confidence; empty
    /// for text read from a text layer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<ScannedPage>,
    /// The hex content hash of the source file.
    pub content_hash: String,
    /// Where the paper was published, when the folder it was ingested from declares it
    /// (see the pipeline's `provenance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Document {
    /// The people named in the document.
    pub fn people(&self) -> impl Iterator<Item = &Entity> {
        self.entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
    }

    /// Whether any of the document's text was read by OCR from a scan.
    pub fn is_scanned(&self) -> bool {
        !self.ocr.is_empty()
    }

    /// The mean OCR confidence of its scanned pages (0–100), where it has any.
    pub fn ocr_confidence(&self) -> Option<u8> {
        let known: Vec<u32> = self
            .ocr
            .iter()
            .filter_map(|p| p.confidence.map(u32::from))
            .collect();
        (!known.is_empty()).then(|| (known.iter().sum::<u32>() / known.len() as u32) as u8)
    }

    /// Entity values of one kind.
    pub fn entity_values(&self, kind: EntityKind) -> impl Iterator<Item = &str> {
        self.entities
            .iter()
            .filter(move |e| e.kind == kind)
            .map(|e| e.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(DocumentKind::parse("agenda pack"), None);
    }

    #[test]
    fn items_and_report_facts_are_left_out_when_absent() {
        let json = serde_json::to_value(Document::default()).unwrap();
        assert!(json.get("items").is_none());
        assert!(json.get("report").is_none());
        let d = Document {
            items: vec![AgendaItem {
                minute: Some("23/45".into()),
                item: Some("7".into()),
                title: "Budget".into(),
                section: 2,
                last_section: 4,
                page: Some(3),
                decisions: vec![0],
            }],
            report: Some(ReportFacts {
                key_decision: Some(false),
                wards: vec!["All".into()],
                ..ReportFacts::default()
            }),
            ..Document::default()
        };
        let json = serde_json::to_string(&d).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert!(ReportFacts::default().is_empty());
        // Documents written before these fields existed still read.
        let old: Document = serde_json::from_str(
            r#"{"id":"x","source":"a.txt","kind":"minutes","title":null,"council":null,
                "meetings":[],"sections":[],"entities":[],"questions":[],"decisions":[],
                "pages":null,"content_hash":"h"}"#,
        )
        .unwrap();
        assert!(old.items.is_empty() && old.report.is_none() && old.ocr.is_empty());
    }

    #[test]
    fn votes_serialise_with_for_as_key() {
        let v = Votes {
            for_: vec!["A".into()],
            against: vec![],
            abstain: vec![],
        };
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["for"][0], "A");
    }
}
