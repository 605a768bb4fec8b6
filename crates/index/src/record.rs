//! Questions about the record: who chaired, who attended, how the vote went, who moved and
//! who seconded, who asked and who answered.
//!
//! Such a question names a topic ("the LEVI amendment") and asks for a fact of the record
//! (the vote). The paragraph that answers it is the one that *records* that fact, which often
//! shares few of the question's words with it ("Mr B J Sweetland (Chairman)", "the voting was
//! as follows"), so it loses to paragraphs that repeat the topic's words. Two halves:
//!
//! - **At ingest** ([`RecordFacts`]): each section is tagged with the [`Fact`]s it records,
//!   from the parse's structured fields first (people whose role is a chair named in it;
//!   decisions with proposer, seconder, outcome or recorded votes whose text it holds;
//!   written questions with asker and respondent; attendance sections) and from the phrases
//!   that record them ("(Chair)", "took the Chair", "seconded by", "the voting was as
//!   follows", "Motion Passed (10 to 2)", "Present:"), so a paper whose parse missed a role
//!   still has its record found. The tags are a fast field (`record_facts`); the structured
//!   facts themselves ([`SectionRecord`]: the vote for / against / abstain, mover, seconder,
//!   outcome, asker, respondent, chair) are stored with the section (`record`) and shown in
//!   the hit.
//! - **At query time** ([`asks`]): the words of a query say which facts it asks for
//!   ("chaired", "seconded", "vote", "apologies", "answered" ...). In phase two only, a
//!   candidate section recording an asked fact has its score multiplied by
//!   [`RECORD_FACTOR`] ([`crate::rank`]); never a filter, never per match.

use std::sync::LazyLock;

use council_model::{Decision, Document, EntityKind, Section, SectionKind, Votes};
use regex::Regex;
use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::query::PhraseQuery;
use tantivy::schema::Field;
use tantivy::{DocId, SegmentReader, Term};

use crate::tree::Node;

/// The factor of a candidate section that records a fact the query asks for, in the
/// ranking of papers. Neutral: 2 cost tune (n41: 1.00 → 0.50) and dev (0.923 → 0.894) at
/// stop 25, because recording *a* vote or seconder says nothing of which paper is about the
/// query's topic.
pub const RECORD_FACTOR: f32 = 1.0;
/// The factor of such a section when choosing which of its paper's sections to show
/// ([`crate::within`]): within a paper the topic is settled, and the paragraph that records
/// the seconder or the vote asked for answers, not the payments list repeating the topic's
/// words. Measured at stop 25 on the tune queries with record questions (n51 "who seconded
/// the Wales Air Ambulance donation": 0.35 at 1, 0.60 at 1.5, 0.85 at 2, 3 and 5; dev the
/// same at each); the meeting facts (chair, attendance) are put first by
/// [`crate::within::Key::records_meeting`] besides.
pub const RECORD_WITHIN: f32 = 2.0;

/// A fact of the record a section can hold and a query can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// Who chaired (or presided).
    Chair,
    /// Who was present, absent, or sent apologies.
    Attendance,
    /// How a vote went (for / against / abstain, carried or lost).
    Vote,
    /// Who moved or proposed a motion.
    Mover,
    /// Who seconded it.
    Seconder,
    /// Who asked a question.
    Asker,
    /// Who answered it, and what they answered.
    Respondent,
}

impl Fact {
    /// Every fact, in a stable order.
    pub const ALL: [Fact; 7] = [
        Fact::Chair,
        Fact::Attendance,
        Fact::Vote,
        Fact::Mover,
        Fact::Seconder,
        Fact::Asker,
        Fact::Respondent,
    ];

    /// The value stored in the `record_facts` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Fact::Chair => "chair",
            Fact::Attendance => "attendance",
            Fact::Vote => "vote",
            Fact::Mover => "mover",
            Fact::Seconder => "seconder",
            Fact::Asker => "asker",
            Fact::Respondent => "respondent",
        }
    }

    /// The value stored in the `record_facts` field when the section's own words record the
    /// fact ("seconded by", "the voting was as follows"), besides [`Fact::as_str`]; a
    /// section holding a decision whose vote the parse read elsewhere holds the vote but
    /// does not say it.
    pub fn said_str(self) -> &'static str {
        match self {
            Fact::Chair => "said_chair",
            Fact::Attendance => "said_attendance",
            Fact::Vote => "said_vote",
            Fact::Mover => "said_mover",
            Fact::Seconder => "said_seconder",
            Fact::Asker => "said_asker",
            Fact::Respondent => "said_respondent",
        }
    }

    /// Whether the fact belongs to the meeting as a whole (who chaired, who attended), so
    /// a paper records it once and the query's other words name the meeting (its body,
    /// its date), not a paragraph; votes, movers, seconders and questions belong to an
    /// item, which the query's other words pick out.
    pub fn of_meeting(self) -> bool {
        matches!(self, Fact::Chair | Fact::Attendance)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The fact a (normalised, lower-case) query word asks for, if any.
    pub fn asked_by(word: &str) -> Option<Fact> {
        Some(match word {
            "chair" | "chaired" | "chairs" | "chairing" | "chairman" | "chairperson"
            | "chairwoman" | "presided" | "presiding" | "cathaoirleach" | "cadeirydd" => {
                Fact::Chair
            }
            "attended" | "attendance" | "attendees" | "apologies" | "absent" | "absence" => {
                Fact::Attendance
            }
            "vote" | "voted" | "votes" | "voting" | "abstain" | "abstained" | "abstention"
            | "abstentions" | "carried" | "defeated" | "unanimous" | "unanimously" | "ayes"
            | "noes" | "yeas" | "nays" | "pleidlais" => Fact::Vote,
            "proposed" | "proposer" | "moved" | "mover" => Fact::Mover,
            "seconded" | "seconder" | "seconding" => Fact::Seconder,
            "asked" | "asker" => Fact::Asker,
            "answered" | "answer" | "answers" | "replied" | "responded" | "respondent" => {
                Fact::Respondent
            }
            _ => return None,
        })
    }
}

/// Words after "carried" that make it no motion's fate ("carried out", "carried forward").
const CARRIED_ELSE: [&str; 5] = ["out", "forward", "over", "through", "on"];

/// Words of a motion's fate that ask for the vote only beside a word naming what was put
/// to it ("was the amendment lost", not "lost income", "passed to the Cabinet").
const FATE: [&str; 4] = ["passed", "lost", "rejected", "failed"];

/// Words naming what is put to a vote.
const PUT: [&str; 4] = ["motion", "amendment", "resolution", "proposal"];

/// The facts a query's words ask for (each once, in the order asked).
pub fn asks(words: &[String]) -> Vec<Fact> {
    let mut out = Vec::new();
    let puts = words.iter().any(|w| PUT.contains(&w.trim_end_matches('s')));
    for (i, w) in words.iter().enumerate() {
        let fact = if w == "carried"
            && words
                .get(i + 1)
                .is_some_and(|n| CARRIED_ELSE.contains(&n.as_str()))
        {
            None
        } else if FATE.contains(&w.as_str()) {
            puts.then_some(Fact::Vote)
        } else {
            Fact::asked_by(w)
        };
        if let Some(fact) = fact.filter(|f| !out.contains(f)) {
            out.push(fact);
        }
    }
    out
}

/// How many words apart a query's topic word and the word asking for a fact of an item may
/// be in a paragraph for [`near_fact`]: a motion's words and its mover, seconder or vote
/// are recorded within a sentence ("Seconded by Councillor McSweeney; “That, Councillor
/// Daniel Butler be appointed Mayor").
pub const NEAR_SLOP: u32 = 10;

/// The most pairs [`near_fact`] makes.
const MAX_NEAR: usize = 16;

/// For a question about the record of an item ("who seconded the nomination of Daniel
/// Butler as Mayor": the seconder, the mover, the vote, the asker or the respondent, not the
/// meeting's chair), each of the query's topic terms near the term asking for the fact, in
/// either order, as a sloppy phrase over `text`. Within a paper they tell the paragraph
/// recording the fact *of that item* from one recording it of another item that repeats the
/// topic's words (the Deputy Mayor's election, which mentions the Mayor). `words` are the
/// query's words (normalised) with their analysed terms; `stop` the analysed stop words.
/// Empty when no such fact is asked.
pub fn near_fact(
    text: Field,
    words: &[(String, Vec<String>)],
    stop: &std::collections::HashSet<String>,
) -> Vec<Node> {
    let asks_item = |w: &str| Fact::asked_by(w).is_some_and(|f| !f.of_meeting());
    let mut facts: Vec<&str> = Vec::new();
    let mut topic: Vec<&str> = Vec::new();
    for (word, terms) in words {
        let into = if asks_item(word) {
            &mut facts
        } else if Fact::asked_by(word).is_some() {
            continue;
        } else {
            &mut topic
        };
        for t in terms {
            if t.chars().count() > 1 && !stop.contains(t) && !into.contains(&t.as_str()) {
                into.push(t);
            }
        }
    }
    let pair = |a: &str, b: &str| -> Node {
        let terms = vec![
            (0, Term::from_field_text(text, a)),
            (1, Term::from_field_text(text, b)),
        ];
        Node::Leaf(Box::new(PhraseQuery::new_with_offset_and_slop(
            terms, NEAR_SLOP,
        )))
    };
    facts
        .iter()
        .flat_map(|f| topic.iter().map(move |t| (*f, *t)))
        .filter(|(f, t)| f != t)
        .take(MAX_NEAR)
        .map(|(f, t)| Node::Max(vec![pair(f, t), pair(t, f)], 0.0))
        .collect()
}

/// A set of asked facts (a bit per [`Fact`]), small enough to copy into every ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Asked(u8);

impl Asked {
    /// The set of `facts`.
    pub fn of(facts: &[Fact]) -> Asked {
        Asked(facts.iter().fold(0, |m, f| m | f.bit()))
    }

    /// Whether no fact is asked for.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether facts are asked for and all of them are facts of the meeting
    /// ([`Fact::of_meeting`]): then, within a paper, the section recording them answers.
    pub fn of_meeting(self) -> bool {
        !self.is_empty() && self.facts().all(Fact::of_meeting)
    }

    /// The facts asked for.
    pub fn facts(self) -> impl Iterator<Item = Fact> {
        Fact::ALL.into_iter().filter(move |f| self.0 & f.bit() != 0)
    }
}

/// One segment's `record_facts` column, with the dictionary ordinals of the asked facts.
pub(crate) struct FactColumn {
    column: Option<StrColumn>,
    asked: Vec<u64>,
}

impl FactColumn {
    /// Opens the column of `segment` for the `asked` facts (nothing to open when none).
    pub(crate) fn of(segment: &SegmentReader, asked: Asked) -> FactColumn {
        FactColumn::with(segment, asked, Fact::as_str)
    }

    /// Opens the column of `segment` for the `asked` facts said in a section's own words
    /// ([`Fact::said_str`]).
    pub(crate) fn said(segment: &SegmentReader, asked: Asked) -> FactColumn {
        FactColumn::with(segment, asked, Fact::said_str)
    }

    fn with(segment: &SegmentReader, asked: Asked, value: fn(Fact) -> &'static str) -> FactColumn {
        if asked.is_empty() {
            return FactColumn {
                column: None,
                asked: Vec::new(),
            };
        }
        let column = segment.fast_fields().str("record_facts").ok().flatten();
        let asked = match &column {
            Some(c) => asked
                .facts()
                .filter_map(|f| c.dictionary().term_ord(value(f)).ok().flatten())
                .collect(),
            None => Vec::new(),
        };
        FactColumn { column, asked }
    }

    /// Whether section `doc` records an asked fact.
    pub(crate) fn holds(&self, doc: DocId) -> bool {
        match &self.column {
            Some(c) if !self.asked.is_empty() => c.term_ords(doc).any(|o| self.asked.contains(&o)),
            _ => false,
        }
    }
}

/// What the parse recorded about a section, shown with a hit that cites it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SectionRecord {
    /// The people the section names as chairing (with their role as printed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chair: Vec<String>,
    /// The decision the section records, with its mover, seconder, outcome and vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionRecord>,
    /// The written question the section records, with its asker and respondent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionRecord>,
}

impl SectionRecord {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.chair.is_empty() && self.decision.is_none() && self.question.is_none()
    }
}

/// A decision as the record gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// Who moved or proposed it.
    pub proposer: Option<String>,
    /// Who seconded it.
    pub seconder: Option<String>,
    /// `carried`, `lost`, `agreed`, `noted` or `withdrawn`.
    pub outcome: Option<String>,
    /// The recorded vote: how many (and, where the minutes name them, who) voted for,
    /// against and abstained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<VoteCount>,
}

impl DecisionRecord {
    /// The facts it records: a mover, a seconder, a vote (those it gives).
    fn facts(&self) -> impl Iterator<Item = Fact> + '_ {
        [
            (self.proposer.is_some(), Fact::Mover),
            (self.seconder.is_some(), Fact::Seconder),
            (self.votes.is_some(), Fact::Vote),
        ]
        .into_iter()
        .filter_map(|(given, fact)| given.then_some(fact))
    }
}

/// A recorded vote.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VoteCount {
    /// How many voted for.
    #[serde(rename = "for")]
    pub for_: usize,
    /// How many voted against.
    pub against: usize,
    /// How many abstained.
    pub abstain: usize,
    /// The names voting for, where the minutes give them.
    #[serde(default, rename = "for_names", skip_serializing_if = "Vec::is_empty")]
    pub for_names: Vec<String>,
    /// The names voting against, where given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub against_names: Vec<String>,
    /// The names abstaining, where given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abstain_names: Vec<String>,
}

impl VoteCount {
    fn of(votes: &Votes) -> VoteCount {
        let names = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        };
        VoteCount {
            for_: votes.for_.len(),
            against: votes.against.len(),
            abstain: votes.abstain.len(),
            for_names: names(&votes.for_),
            against_names: names(&votes.against),
            abstain_names: names(&votes.abstain),
        }
    }

    /// "for 45, against 20, abstain 3".
    pub fn summary(&self) -> String {
        format!(
            "for {}, against {}, abstain {}",
            self.for_, self.against, self.abstain
        )
    }
}

/// A written question as the record gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuestionRecord {
    /// Who asked.
    pub asker: Option<String>,
    /// Who answered.
    pub respondent: Option<String>,
    /// The respondent's role as printed.
    pub respondent_role: Option<String>,
}

/// Phrases that record who chaired: a role in brackets after a name ("(Chair)",
/// "(Chairperson)", "(Cadeirydd)"), "in the Chair", "took the Chair", "presided",
/// Welsh "y Gadair", a line opening "Chair:".
static CHAIR_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)\((?:independent\s+|vice[- ]?)?(?:chair(?:man|person|woman)?|cathaoirleach|cadeirydd|presiding)\)|(?-u:\b)(?:in|took|take|taking)\s+the\s+chair(?-u:\b)|(?-u:\b)presid(?:ed|ing)(?-u:\b)|(?-u:\b)y\s+gadair(?-u:\b)|^\s*(?:vice[- ]?)?chair(?:man|person)?\s*[:\-–]",
    )
    .expect("chair cue")
});

/// Phrases that record attendance, at the start of a section.
static ATTENDANCE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:members\s+|councillors\s+|also\s+)?(?:present|in\s+attendance|attendance|attendees|apologies|absent|yn\s+bresennol|ymddiheuriadau)(?-u:\b)",
    )
    .expect("attendance cue")
});

/// Phrases that record a vote ("For (12)", "Against: 3"; not "for 2025-26"), including
/// North American minutes' "Yeas" and "Nays", a
/// "Vote:" line and "Motion Failed (4 to 8)"; a motion's or amendment's fate ("the Mayor
/// declared the motion defeated" or "accepted", "Amendment LOST", "MOTION CARRIED", "Carried
/// unanimously", a line reading "CARRIED"); "Ayes" and "Noes", "7 in favour", "on a
/// division"; Welsh "pleidlais" (a vote) and "pleidleisio" (voting). Not "carried" alone
/// ("the work carried out").
static VOTE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(?-u:\b)(?:motion|amendment|resolution|proposal|recommendation)s?\s+(?:was\s+|were\s+|is\s+|being\s+)?(?:duly\s+)?(?:carried|lost|defeated|passed|failed|rejected|accepted)(?-u:\b)|(?-u:\b)(?:carried|agreed|resolved|approved|passed|adopted)\s+unanimously(?-u:\b)|(?-u:\b)unanimously\s+(?:carried|agreed|resolved|approved|passed|adopted)(?-u:\b)|^\W{0,3}(?:motion\s+)?(?:carried|lost|defeated)(?:\s+unanimously)?\W{0,3}$|(?-u:\b)(?:ayes|noes)(?-u:\b)|\d+\s+in\s+favour(?-u:\b)|(?-u:\b)in\s+favour\s*[:\-–]\s*\d|(?-u:\b)on\s+a\s+division(?-u:\b)|(?-u:\b)pleidlais(?-u:\b)|(?-u:\b)pleidleisi(?:o|odd|wyd)(?-u:\b)|(?-u:\b)vot(?:ed|ing)(?-u:\b)|(?-u:\b)recorded\s+vote(?-u:\b)|(?-u:\b)vote\s+was\s+taken(?-u:\b)|(?-u:\b)resulted\s+as\s+follows(?-u:\b)|(?-u:\b)show\s+of\s+hands(?-u:\b)|(?-u:\b)put\s+to\s+(?:the\s+)?vote(?-u:\b)|(?-u:\b)votes?\s+(?:for|against|in\s+favour)(?-u:\b)|(?-u:\b)abstain(?:ed|ing)?(?-u:\b)|(?-u:\b)abstentions?(?-u:\b)|(?-u:\b)(?:passed|carried|lost|defeated|approved|failed)\s*\(?\s*\d+\s*(?:to|-|–|v)\s*\d+|^\W{0,3}(?:for|against)\s*[:\-–]?\s*\(?\s*\d+(?-u:\b)|(?-u:\b)(?:for|against)\s*[:\-–]\s*\d+(?-u:\b)|(?-u:\b)(?:yeas|nays)(?-u:\b)|^\W{0,3}vote\s*:",
    )
    .expect("vote cue")
});

/// Phrases that record a mover; also "on the proposal of" and North American minutes'
/// "B. Munro (motion)" and "motion by".
static MOVER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:proposed|moved)\s+by(?-u:\b)|(?-u:\b)proposer(?-u:\b)|(?-u:\b)mover(?-u:\b)|(?-u:\b)\w+\s+(?:proposed|moved)\s*,?\s+and(?-u:\b)|(?-u:\b)on\s+the\s+proposal\s+of(?-u:\b)|\(motion\)|(?-u:\b)motion\s+(?:made\s+)?by(?-u:\b)|(?-u:\b)cynigiwyd(?-u:\b)|(?-u:\b)cynigydd(?-u:\b)")
        .expect("mover cue")
});

/// Phrases that record a seconder; also North American minutes' "Z. Maiorca (second)" and
/// "second by".
static SECONDER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)seconded(?-u:\b)|(?-u:\b)seconder(?-u:\b)|\(second\)|(?-u:\b)second\s+by(?-u:\b)|(?-u:\b)eiliwyd(?-u:\b)|(?-u:\b)eilydd(?-u:\b)")
        .expect("seconder cue")
});

/// A recorded vote's head with its count, at the start of a line: "For (12)", "Against: 42",
/// "Abstain (2)"; Welsh "O blaid" (for), "Yn erbyn" (against), "Ymatal" (abstaining).
static VOTE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^\W{0,3}(for|against|abstain(?:ed|ing)?|abstentions?|o\s+blaid|yn\s+erbyn|ymatal(?:iadau|iad|odd)?)\s*(?:\(\s*(\d{1,3})\s*\)|[:\-–]\s*(\d{1,3})(?-u:\b))",
    )
    .expect("vote count")
});

/// A person as minutes name a mover or seconder: a title and one or two capitalised words
/// ("Mr Brady", "Cllr. H. Gwynne", "Councillor Foley").
const MOVER_NAME: &str = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllr\.?|Councillor|Cyng\.?)\s+(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’-]+";

/// A person as North American minutes name a mover or seconder: an initial or a name,
/// then up to two more capitalised words ("B. Munro", "Zach Maiorca").
const INITIAL_NAME: &str = r"[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,2}";

/// "Mr Brady proposed, and Ms Meade seconded", "proposed by Cllr. H. Gwynne, seconded by
/// Cllr. K. Davies", "B. Munro (motion), Z. Maiorca (second)": the mover (groups 1, 3 or
/// 5) and seconder (groups 2, 4 or 6).
static MOVED_SECONDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({MOVER_NAME})\s+(?:proposed|moved),?\s+and\s+({MOVER_NAME})\s+(?i:seconded)|(?i:proposed|moved)\s+by\s+({MOVER_NAME})[,;]?\s+(?:and\s+)?(?i:seconded)\s+by\s+({MOVER_NAME})|({INITIAL_NAME})\s*\((?i:motion)\)\s*[,;]?\s*({INITIAL_NAME})\s*\((?i:second)\)"
    ))
    .expect("moved and seconded")
});

/// What a section's own text records of one decision, where the parse recorded none for it
/// (an amendment that was lost, a motion the parse did not read as a decision): the vote
/// counts under their heads ("For (12)" ... "Against (42)" ... "Abstain (7)") and the mover
/// and seconder ("Mr Brady proposed, and Ms Meade seconded"). Only a text recording one
/// vote, or one mover and seconder, is read: a paragraph of several votes or several
/// motions does not say which is which (`None`).
fn decision_in_text(text: &str) -> Option<DecisionRecord> {
    let mut votes: [Option<usize>; 3] = [None; 3];
    let mut one_vote = true;
    for c in VOTE_COUNT.captures_iter(text) {
        let side = c[1].to_lowercase();
        let i = if side == "for" || side.starts_with('o') {
            0
        } else if side == "against" || side.starts_with("yn") {
            1
        } else {
            2
        };
        let n = c.get(2).or(c.get(3)).and_then(|m| m.as_str().parse().ok());
        if votes[i].is_some() {
            one_vote = false;
        }
        votes[i] = n;
    }
    let votes = (one_vote && votes[0].is_some() && votes[1].is_some()).then(|| VoteCount {
        for_: votes[0].unwrap_or(0),
        against: votes[1].unwrap_or(0),
        abstain: votes[2].unwrap_or(0),
        ..VoteCount::default()
    });
    let mut movers = MOVED_SECONDED.captures_iter(text);
    let (proposer, seconder) = match (movers.next(), movers.next()) {
        (Some(c), None) => {
            let name = |groups: [usize; 3]| {
                groups
                    .iter()
                    .find_map(|&g| c.get(g))
                    .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
            };
            (name([1, 3, 5]), name([2, 4, 6]))
        }
        _ => (None, None),
    };
    (votes.is_some() || proposer.is_some()).then_some(DecisionRecord {
        proposer,
        seconder,
        outcome: None,
        votes,
    })
}

/// Whether a role names a chair (not "Chief Executive", not "Chair of governors" of a
/// school named in passing: the role must start with the chair word or its deputy).
fn is_chair_role(role: &str) -> bool {
    let r = role.trim().to_lowercase();
    let r = r.strip_prefix("the ").unwrap_or(&r);
    let r = r
        .strip_prefix("vice-")
        .or_else(|| r.strip_prefix("vice "))
        .or_else(|| r.strip_prefix("independent "))
        .unwrap_or(r);
    ["chair", "cathaoirleach", "cadeirydd", "presiding"]
        .iter()
        .any(|w| r.starts_with(w))
}

/// How far after a chair's name (in bytes) its role may be printed for the section to
/// name them as chair ("Sweetland (Chairman)", "Leddin, Chair,").
const ROLE_NEAR: usize = 24;

/// Whether `text` prints `name` with its (lower-case) `role` right after it.
fn names_with_role(text: &str, name: &str, role: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let after = &text[i + name.len()..];
        let end = (0..=ROLE_NEAR.min(after.len()))
            .rev()
            .find(|&e| after.is_char_boundary(e))
            .unwrap_or(0);
        after[..end].to_lowercase().contains(role)
    })
}

/// Lower case, whitespace collapsed: text compared across parse steps.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The first `n` characters of `text` (at a character boundary).
fn head(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// The start of a decision's or question's text, squashed, long enough to be that text
/// and not a common phrase (`None` for a short text).
fn text_head(text: &str) -> Option<String> {
    let text = squash(text);
    (text.chars().count() >= 20).then(|| head(&text, 80).to_string())
}

/// The structured record of a decision.
fn decision_record(d: &Decision) -> Option<DecisionRecord> {
    let record = DecisionRecord {
        proposer: d.proposer.clone(),
        seconder: d.seconder.clone(),
        outcome: d.outcome.clone(),
        votes: d.votes.as_ref().map(VoteCount::of),
    };
    (record.proposer.is_some() || record.seconder.is_some() || record.votes.is_some())
        .then_some(record)
}

/// A written question's text heads and record.
struct QuestionHeads {
    question: Option<String>,
    answer: Option<String>,
    record: QuestionRecord,
}

/// What a document's parse says about its record, prepared once per document so each of
/// its sections is tagged in time linear in its text.
pub struct RecordFacts {
    /// Chair names as printed, their role as printed, and how they are shown
    /// ("B J Sweetland (Chairman)").
    chairs: Vec<(String, String, String)>,
    /// Decisions with a mover, seconder or vote: their text heads and records.
    decisions: Vec<(String, DecisionRecord)>,
    /// Written questions.
    questions: Vec<QuestionHeads>,
}

impl RecordFacts {
    /// Prepares a document's record.
    pub fn of(document: &Document) -> RecordFacts {
        let mut chairs: Vec<(String, String, String)> = Vec::new();
        for e in document
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
        {
            let Some(role) = e.role.as_deref().filter(|r| is_chair_role(r)) else {
                continue;
            };
            let name = e.text.trim();
            if name.chars().count() >= 3 && !chairs.iter().any(|(n, _, _)| n == name) {
                chairs.push((
                    name.to_string(),
                    role.trim().to_lowercase(),
                    format!("{} ({})", e.value.trim(), role.trim()),
                ));
            }
        }
        let decisions = document
            .decisions
            .iter()
            .filter_map(|d| Some((text_head(&d.text)?, decision_record(d)?)))
            .collect();
        let questions = document
            .questions
            .iter()
            .map(|q| QuestionHeads {
                question: text_head(&q.question),
                answer: q.answer.as_deref().and_then(text_head),
                record: QuestionRecord {
                    asker: q.asker.clone(),
                    respondent: q.respondent.clone(),
                    respondent_role: q.respondent_role.clone(),
                },
            })
            .collect();
        RecordFacts {
            chairs,
            decisions,
            questions,
        }
    }

    /// The facts a section records, and their structured values (see the module doc).
    pub fn of_section(&self, section: &Section) -> (Vec<Fact>, SectionRecord) {
        let (facts, _, record) = self.of_section_said(section);
        (facts, record)
    }

    /// The facts a section records, those of them its own words record ([`Fact::said_str`]),
    /// and their structured values.
    pub fn of_section_said(&self, section: &Section) -> (Vec<Fact>, Vec<Fact>, SectionRecord) {
        let mut facts = Vec::new();
        let mut said = Vec::new();
        let mut record = SectionRecord::default();
        let add = |f: Fact, facts: &mut Vec<Fact>| {
            if !facts.contains(&f) {
                facts.push(f);
            }
        };
        let text = section.text.as_str();
        // Chairs: people the parse gives a chair role, named *as chair* in this section (the
        // role printed right after the name, or a chairing phrase in the section): a
        // section that only mentions the person ("Cllr Leddin thanked ...") does not record
        // who chaired.
        let cue = CHAIR_CUE.is_match(text);
        for (name, role, shown) in &self.chairs {
            if (cue || names_with_role(text, name, role)) && !record.chair.contains(shown) {
                record.chair.push(shown.clone());
            }
        }
        if !record.chair.is_empty() || cue {
            add(Fact::Chair, &mut facts);
            add(Fact::Chair, &mut said);
        }
        if section.kind == Some(SectionKind::Attendance) || ATTENDANCE_CUE.is_match(text) {
            add(Fact::Attendance, &mut facts);
            add(Fact::Attendance, &mut said);
        }
        let needs_squash = !self.decisions.is_empty() || !self.questions.is_empty();
        let squashed = if needs_squash {
            squash(text)
        } else {
            String::new()
        };
        // Decisions with a mover, seconder or vote whose text this section holds. The
        // record shown is theirs when they agree: a section holding a motion and an
        // amendment moved by others shows neither (a mover read from another motion is
        // worse than none); the facts are tagged either way.
        let held: Vec<&DecisionRecord> = self
            .decisions
            .iter()
            .filter(|(h, _)| squashed.contains(h.as_str()))
            .map(|(_, d)| d)
            .collect();
        if let Some(&first) = held.first() {
            for f in held.iter().flat_map(|d| d.facts()) {
                add(f, &mut facts);
            }
            if held.iter().all(|&d| d == first) {
                record.decision = Some(first.clone());
            }
        } else if let Some(d) = decision_in_text(text) {
            for f in d.facts() {
                add(f, &mut facts);
                add(f, &mut said);
            }
            record.decision = Some(d);
        }
        for (cue, fact) in [
            (&VOTE_CUE, Fact::Vote),
            (&MOVER_CUE, Fact::Mover),
            (&SECONDER_CUE, Fact::Seconder),
        ] {
            if cue.is_match(text) {
                add(fact, &mut facts);
                add(fact, &mut said);
            }
        }
        // Questions: the section that asks or answers a written question.
        match section.kind {
            Some(SectionKind::Question) => {
                add(Fact::Asker, &mut facts);
                add(Fact::Asker, &mut said);
            }
            Some(SectionKind::Answer) => {
                add(Fact::Respondent, &mut facts);
                add(Fact::Respondent, &mut said);
            }
            _ => {}
        }
        let held = |h: &Option<String>| h.as_deref().is_some_and(|h| squashed.contains(h));
        if let Some(q) = self
            .questions
            .iter()
            .find(|q| held(&q.question) || held(&q.answer))
        {
            if held(&q.question) && q.record.asker.is_some() {
                add(Fact::Asker, &mut facts);
                add(Fact::Asker, &mut said);
            }
            if held(&q.answer) && q.record.respondent.is_some() {
                add(Fact::Respondent, &mut facts);
                add(Fact::Respondent, &mut said);
            }
            record.question = Some(q.record.clone());
        }
        (facts, said, record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{Decision, DecisionKind, Entity, Question, Votes};

    fn section(text: &str) -> Section {
        Section {
            text: text.into(),
            ..Section::default()
        }
    }

    fn section_facts(document: &Document, section: &Section) -> (Vec<Fact>, SectionRecord) {
        RecordFacts::of(document).of_section(section)
    }

    fn facts(document: &Document, text: &str) -> Vec<Fact> {
        section_facts(document, &section(text)).0
    }

    #[test]
    fn queries_ask_for_facts_of_the_record() {
        let words = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
        assert_eq!(asks(&words("who chaired the meeting")), vec![Fact::Chair]);
        assert_eq!(
            asks(&words("how did the vote go on the amendment")),
            vec![Fact::Vote]
        );
        assert_eq!(
            asks(&words("who proposed and seconded it")),
            vec![Fact::Mover, Fact::Seconder]
        );
        assert!(asks(&words("treasury management strategy")).is_empty());
        // A motion's fate asks for its vote; the same words in other senses do not.
        assert_eq!(asks(&words("was the motion carried")), vec![Fact::Vote]);
        assert_eq!(asks(&words("was the amendment lost")), vec![Fact::Vote]);
        assert_eq!(asks(&words("yeas and nays on the bylaw")), vec![Fact::Vote]);
        assert!(asks(&words("work carried out on the bridge")).is_empty());
        assert!(asks(&words("lost income from parking")).is_empty());
        assert!(asks(&words("papers passed to the cabinet")).is_empty());
    }

    #[test]
    fn near_fact_pairs_the_item_words_with_the_fact_asked() {
        let mut builder = tantivy::schema::Schema::builder();
        let text = builder.add_text_field("text", tantivy::schema::TEXT);
        let words = |s: &str| -> Vec<(String, Vec<String>)> {
            s.split(' ')
                .map(|w| (w.to_string(), vec![w.to_string()]))
                .collect()
        };
        let stop: std::collections::HashSet<String> = ["who", "the", "of", "as"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // "seconded" with each of nomination, daniel, butler, mayor.
        let pairs = near_fact(
            text,
            &words("who seconded the nomination of daniel butler as mayor"),
            &stop,
        );
        assert_eq!(pairs.len(), 4);
        // A question about the meeting or about no fact makes none.
        assert!(near_fact(text, &words("who chaired the audit committee"), &stop).is_empty());
        assert!(near_fact(text, &words("treasury management strategy"), &stop).is_empty());
    }

    #[test]
    fn chair_lines_are_found_from_roles_and_from_their_phrases() {
        let document = Document {
            entities: vec![Entity {
                kind: EntityKind::Person,
                text: "B J Sweetland".into(),
                value: "B J Sweetland".into(),
                role: Some("Chairman".into()),
            }],
            ..Document::default()
        };
        let (f, r) = section_facts(
            &document,
            &section("PRESENT: Mr B J Sweetland, Chairman, Mr A Bowles"),
        );
        assert!(f.contains(&Fact::Chair));
        assert_eq!(r.chair, vec!["B J Sweetland (Chairman)"]);
        // Naming the person is not recording who chaired.
        let (f, r) = section_facts(
            &document,
            &section("Mr B J Sweetland thanked the officers for the report."),
        );
        assert!(!f.contains(&Fact::Chair) && r.chair.is_empty());
        let none = Document::default();
        for text in [
            "Members Present: Cllrs. Novak Uí Chonchúir (Chair), E. O'Donovan",
            "Cymerwyd y Gadair gan y Cyng. G. Evans",
            "Councillor G. Evans took the Chair.",
        ] {
            assert!(facts(&none, text).contains(&Fact::Chair), "{text}");
        }
        assert!(!facts(&none, "The Chief Executive reported on the budget.").contains(&Fact::Chair));
    }

    #[test]
    fn votes_movers_and_seconders_come_from_decisions_and_phrases() {
        let document = Document {
            decisions: vec![Decision {
                kind: DecisionKind::Resolution,
                label: None,
                text: "that the Labour Group alternative budget be adopted".into(),
                proposer: Some("Mr Brady".into()),
                seconder: Some("Ms Meade".into()),
                outcome: Some("lost".into()),
                votes: Some(Votes {
                    for_: vec!["A".into(), "B".into()],
                    against: vec!["C".into()],
                    abstain: vec![],
                }),
            }],
            ..Document::default()
        };
        let (f, r) = section_facts(
            &document,
            &section("RESOLVED that the Labour Group alternative budget be adopted."),
        );
        assert!(f.contains(&Fact::Vote) && f.contains(&Fact::Mover) && f.contains(&Fact::Seconder));
        // It holds the decision's vote but does not say it.
        let (_, said, _) = RecordFacts::of(&document).of_section_said(&section(
            "RESOLVED that the Labour Group alternative budget be adopted.",
        ));
        assert!(said.is_empty(), "{said:?}");
        let votes = r.decision.unwrap().votes.unwrap();
        assert_eq!((votes.for_, votes.against, votes.abstain), (2, 1, 0));
        assert_eq!(votes.summary(), "for 2, against 1, abstain 0");
        let none = Document::default();
        assert!(facts(&none, "Motion Passed (10 to 2)").contains(&Fact::Vote));
        assert!(facts(&none, "the voting was as follows").contains(&Fact::Vote));
        assert!(facts(&none, "A vote was taken which resulted as follows:").contains(&Fact::Vote));
        assert!(facts(&none, "Vote:\nYeas:\tNays:\nMotion Failed (4 to 8)").contains(&Fact::Vote));
        assert!(facts(&none, "Motion Failed (4 to 8)").contains(&Fact::Vote));
        // A motion's fate without counts, in the layouts of several countries.
        for text in [
            "On a show of hands the Mayor declared the motion defeated.",
            "Following a vote the Mayor declared the motion accepted.",
            "The amendment was LOST.",
            "Following discussion the recommendation was carried unanimously.",
            "It was unanimously agreed to make the grant.",
            "MOTION CARRIED",
            "Carried.",
            "Ayes 23, Noes 17",
            "with 7 in favour and 3 against",
            "For (12)\nMr Baldock, Mr Brady\nAgainst (42)\nMr Baker",
            "The result was For: 12, Against: 3.",
            "On a division the motion was put.",
            "Cafwyd pleidlais.",
        ] {
            assert!(facts(&none, text).contains(&Fact::Vote), "{text}");
        }
        for text in [
            "The works carried out by the contractor were inspected.",
            "The balance was carried forward.",
            "Members were in favour of the scheme.",
            "the estimates reported by districts for 2025-26.",
            "the lease runs for 12 months",
        ] {
            assert!(!facts(&none, text).contains(&Fact::Vote), "{text}");
        }
        assert!(facts(
            &none,
            "On the proposal of Councillor Collins, seconded by Councillor Scanlan"
        )
        .contains(&Fact::Mover));
        // A vote of thanks or of sympathy records no vote; nor does "vote" in a heading's
        // middle.
        assert!(!facts(&none, "Members joined in the Vote of Sympathy.").contains(&Fact::Vote));
        assert!(facts(&none, "Mr Brady proposed, and Ms Meade seconded").contains(&Fact::Seconder));
        assert!(facts(&none, "Mr Brady proposed, and Ms Meade seconded").contains(&Fact::Mover));
        assert!(facts(&none, "The budget was discussed at length.").is_empty());
        // A section holding that amendment and the motion moved by others: the facts are
        // tagged, but no mover is shown (it could be either's).
        let mut both = document.clone();
        both.decisions.push(Decision {
            kind: DecisionKind::Resolution,
            text: "that the budget proposed by the Cabinet be agreed".into(),
            proposer: Some("Mr Oakford".into()),
            seconder: Some("Mr Gough".into()),
            ..document.decisions[0].clone()
        });
        let (f, r) = section_facts(
            &both,
            &section("Mr Oakford moved that the budget proposed by the Cabinet be agreed. Mr Brady moved that the Labour Group alternative budget be adopted."),
        );
        assert!(f.contains(&Fact::Mover) && f.contains(&Fact::Vote));
        assert_eq!(r.decision, None);
    }

    #[test]
    fn a_vote_the_parse_did_not_read_as_a_decision_is_read_from_its_paragraph() {
        let none = Document::default();
        let text = "(7) Mr Brady proposed, and Ms Meade seconded the following amendment:\n\
                    Proposed Purpose: To amend the budget.\n\
                    (8) The Chairman put the amendment to the vote and the voting was as follows:\n\
                    For (12)\nMr Baldock, Mr Brady\nAgainst (42)\nMr Baker, Mr Bartlett\n\
                    Abstain (7)\nMr Hills Amendment lost.";
        let (f, r) = section_facts(&none, &section(text));
        assert!(f.contains(&Fact::Vote) && f.contains(&Fact::Seconder));
        let d = r.decision.expect("a decision read from the text");
        assert_eq!(d.proposer.as_deref(), Some("Mr Brady"));
        assert_eq!(d.seconder.as_deref(), Some("Ms Meade"));
        assert_eq!(d.votes.unwrap().summary(), "for 12, against 42, abstain 7");
        let (_, r) = section_facts(
            &none,
            &section("It was proposed by Cllr. H. Gwynne, seconded by Cllr. K. Davies and agreed."),
        );
        let d = r.decision.unwrap();
        assert_eq!(
            (d.proposer.as_deref(), d.seconder.as_deref()),
            (Some("Cllr. H. Gwynne"), Some("Cllr. K. Davies"))
        );
        assert!(d.votes.is_none());
        // North American minutes: "(motion)" and "(second)" after the names.
        let text = "- APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)";
        let (f, r) = section_facts(&none, &section(text));
        assert!(f.contains(&Fact::Mover) && f.contains(&Fact::Seconder));
        let d = r.decision.unwrap();
        assert_eq!(
            (d.proposer.as_deref(), d.seconder.as_deref()),
            (Some("B. Munro"), Some("Z. Maiorca"))
        );
        // Two votes in one paragraph: which is which is not said.
        let (_, r) = section_facts(
            &none,
            &section("For (9)\nAgainst (41)\nLost.\nFor (8)\nAgainst (40)\nLost."),
        );
        assert!(r.decision.is_none());
        // "for 2025" is no vote.
        assert!(
            section_facts(&none, &section("Plans for 2025 and against 3 risks."))
                .1
                .decision
                .is_none()
        );
    }

    #[test]
    fn attendance_and_questions_are_tagged() {
        let none = Document::default();
        assert!(facts(&none, "Apologies for absence: Jess Robinson").contains(&Fact::Attendance));
        assert!(facts(&none, "Present: Mick Ratford, Karen Butt").contains(&Fact::Attendance));
        let document = Document {
            questions: vec![Question {
                asker: Some("Councillor Bywater".into()),
                respondent: Some("Councillor Goodliffe".into()),
                question: "What is the council doing about corporate parenting training?".into(),
                answer: Some("Every member has been offered corporate parenting training.".into()),
                ..Question::default()
            }],
            ..Document::default()
        };
        let (f, r) = section_facts(
            &document,
            &section("Response: Every member has been offered corporate parenting training."),
        );
        assert!(f.contains(&Fact::Respondent));
        assert_eq!(
            r.question.unwrap().respondent.as_deref(),
            Some("Councillor Goodliffe")
        );
    }
}
