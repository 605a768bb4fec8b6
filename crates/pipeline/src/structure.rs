//! Blocks to a [`Document`]: the kind, title and meetings from the cover, the sections
//! ([`SectionSplitter`]) with their heading paths, and the decisions and questions.

use crate::blocks::{heading_like, key_value, upper_case, Block, LABELLED, NUMBERED};
use crate::dates::first_date;
use council_model::{
    Decision, DecisionKind, Document, DocumentKind, Meeting, Question, Section, SectionKind, Votes,
};
use regex::Regex;
use std::sync::LazyLock;

static ISSUE_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Meeting:\s*(\d{1,2}/\d{1,2}/\d{4})\s*-\s*(.+?)\s*(?:\((?:Item|Agenda item)\s*([0-9A-Za-z.]+)\))?\s*$").unwrap()
});
static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:committee|sub-committee|board|panel|cabinet|council|group|forum|partnership|executive|commission|meeting|cyngor|pwyllgor)(?-u:\b)").unwrap()
});
static BODY_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{3,120}?)\s*(?:[-–—,:]|\bon\b|(?i:\b(?:meeting|cyfarfod)(?:\s+held)?(?:\s+on)?\b))\s*(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(\d{1,2}(?i:st|nd|rd|th|af|il|ydd|ed|fed)?\s+[A-Za-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*$").unwrap()
});
static BARE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:full\s+|county\s+|city\s+|borough\s+|district\s+|parish\s+|town\s+)?(?:council|cabinet|executive)$").unwrap()
});
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:meeting|meeting\s+held|held|date)\s+(?:on\s+)?)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})(?:,?\s+(?:at\s+)?\d{1,2}[.:]\d{2}\s*(?:am|pm)?)?$").unwrap()
});
static MOTION_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:moved|seconded|proposed)\s+by\s|motion\s+(?:was\s+)?(?:passed|carried|lost|failed|defeated))").unwrap()
});
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?(?:(?:special|annual|ordinary|extraordinary|monthly)\s+)?meeting\s+of\s+(?:the\s+)?(.+?)\s*$").unwrap()
});
static THAT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^That(?-u:\b)").unwrap());
static DATE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?i:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})\s*[-–—,:]\s*(.{3,120})$").unwrap()
});
static ITEM_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:agenda\s+)?item\s+(?:no\.?\s*)?\d+[a-z]?\)\s*$").unwrap()
});
static REPORT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:joint\s+)?report\s+(?:of|by|from)\s+(?:the\s+)?(.+)$").unwrap()
});
static AGENDA_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^agenda\s+item\s*(?:no\.?\s*)?:?\s*([0-9]+[a-z]?)").unwrap());
static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\(?\d{1,2}[.)]\s+|\(?[a-z]\)\s+)?(?:it\s+was\s+)?(?:unanimously\s+)?resolved\s*(?:unanimously)?\s*[:,.–—-]?\s*(.*)$",
    )
    .unwrap()
});
static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:proposed|moved|cynigiwyd)\s+(?:by|gan)\s+(?:y\s+)?(?:councillor|cllr\.?|cyng\.?|mr\.?|mrs\.?|ms\.?|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))[\s,;]+(?:and\s+|ac\s+)?(?:seconded|eiliwyd)\s+(?:by|gan)\s+(?:y\s+)?(?:councillor|cllr\.?|cyng\.?|mr\.?|mrs\.?|ms\.?|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))").unwrap()
});
static PROPOSED_ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:proposed|moved),?[ \t]+(?i:and)[ \t]+(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:seconded)").unwrap()
});
static MINUTES_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(minutes\s+of\s+(?:(?:the\s+)?proceedings\s+(?:at|of)\s+)?(?:the\s+|a\s+)?(?:(?:annual|special|extraordinary|ordinary|monthly|virtual|remote)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?(.+?))\s+(?:held|which\s+took\s+place|at\s+which|convened)\b").unwrap()
});
static PROPOSER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(proposed|proposer|moved|seconded|seconder)\s*(?:by)?\s*[:\-–]?\s*(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))").unwrap()
});
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(carried|lost|fell|defeated|withdrawn|agreed|noted|passed|failed)(?-u:\b)",
    )
    .unwrap()
});
static VOTE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(for|against|yeas|ayes|nays|noes|abstain(?:ed|ing)?|abstentions?)\s*(?:[(:\-–]\s*(\d+)\)?)?\s*:?\s*(.*)$",
    )
    .unwrap()
});
static QUESTION_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(\d+)[.)]?\s+)?question\s*(?:no\.?\s*)?(\d+)?\s*(?:from|by|asked by)\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))(?:\s+to\s+(?:councillor|cllr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})))?").unwrap()
});
static RESPONSE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:response|reply|answer)\s*(?:\d+\s*)?(?:from|by)\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}?))(?:\s*,\s*(.+?))?\s*:?\s*$").unwrap()
});
static QUESTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^question\s*(?:no\.?\s*)?(\d+)\s*:?$").unwrap());
static ANSWER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:answer|response|reply)\s*(\d+)?\s*[:.\-–]?\s*(.*)$").unwrap()
});

/// Generic page titles that are never a paper's own title.
const GENERIC_TITLES: &[&str] = &[
    "issue - meetings",
    "issue history",
    "agenda",
    "minutes",
    "public document pack",
    "agenda item",
    "decision details",
    "meeting details",
    "report",
    "committee report",
    "part i",
    "part 1",
    "open",
    "public",
    "not protected",
    "official",
    "contents",
    "item",
];

/// What the cover of a paper says (the blocks before its body).
#[derive(Debug, Default, Clone)]
struct Cover {
    title: Option<String>,
    meetings: Vec<Meeting>,
    author: Option<String>,
}

/// Builds a [`Document`] (without entities or id) from a file's blocks.
pub fn build(blocks: &[Block]) -> Document {
    let kind = classify(blocks);
    let mut doc = Document {
        kind,
        ..Document::default()
    };
    let mut consumed = vec![false; blocks.len()];
    let cover = read_cover(blocks, &mut consumed, kind);
    doc.title = cover.title;
    doc.meetings = cover.meetings;
    if kind == DocumentKind::IssueHistory {
        let (meetings, sections) = issue_history(blocks, &mut consumed);
        doc.meetings = meetings;
        doc.sections = sections;
    } else {
        doc.sections = SectionSplitter::new(kind).split(blocks, &consumed);
    }
    doc.decisions = decisions(&doc.sections);
    if kind == DocumentKind::WrittenQuestion {
        let found = questions(blocks);
        if !found.is_empty() {
            // Each question with its answer is a section of its own: what was asked, what
            // was answered. What precedes the first question stays as it was split.
            let first_page = found[0].page;
            doc.sections
                .retain(|s| s.page.is_some_and(|p| p < first_page) && s.text.len() < 2000);
            doc.sections.truncate(3);
            for (i, f) in found.iter().enumerate() {
                let q = &f.question;
                let mut label = format!(
                    "Question {}",
                    q.number.clone().unwrap_or_else(|| (i + 1).to_string())
                );
                if let Some(a) = &q.asker {
                    label.push_str(&format!(" from {a}"));
                }
                let mut text = f.asked.clone();
                push_text(&mut text, &q.question);
                if let Some(r) = &f.response {
                    push_text(&mut text, r);
                }
                if let Some(a) = &q.answer {
                    push_text(&mut text, a);
                }
                doc.sections.push(Section {
                    path: vec![label],
                    kind: Some(SectionKind::Question),
                    text,
                    page: Some(f.page),
                    ..Section::default()
                });
            }
        }
        doc.questions = found.into_iter().map(|f| f.question).collect();
    }
    if let (Some(first), Some(last)) = (blocks.first(), blocks.last()) {
        doc.pages = Some((first.page, last.page));
    }
    doc
}

/// Decides the genre from signals in the text.
pub fn classify(blocks: &[Block]) -> DocumentKind {
    let head: Vec<&str> = blocks.iter().take(25).map(|b| b.text.as_str()).collect();
    let head_lower = head.join("\n").to_lowercase();
    let issue_meetings = blocks
        .iter()
        .filter(|b| ISSUE_MEETING.is_match(&b.text))
        .count();
    if issue_meetings >= 1 && (head_lower.contains("issue") || issue_meetings >= 2) {
        return DocumentKind::IssueHistory;
    }
    let questions = blocks
        .iter()
        .filter(|b| QUESTION_FROM.is_match(&b.text))
        .count();
    let responses = blocks
        .iter()
        .filter(|b| {
            RESPONSE_FROM.is_match(&b.text) || ANSWER_LABEL.is_match(&b.text) && b.text.len() < 200
        })
        .count();
    if (questions >= 1 && responses >= 1)
        || head_lower.contains("written question")
        || head_lower.contains("questions put and answers")
    {
        return DocumentKind::WrittenQuestion;
    }
    let first_lines = head
        .iter()
        .take(8)
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    if head_lower.contains("decision maker:")
        || head_lower.contains("decision status:")
        || head_lower.contains("date of decision:")
        || first_lines.contains("decision notice")
        || first_lines.contains("record of decision")
        || first_lines.contains("decision details")
        || first_lines.contains("officer decision")
    {
        return DocumentKind::DecisionNotice;
    }
    let resolved = blocks.iter().filter(|b| RESOLVED.is_match(&b.text)).count();
    // "Moved by X", "Seconded by Y", "Motion Passed": the record of a meeting.
    let motions = blocks
        .iter()
        .filter(|b| MOTION_RECORD.is_match(&b.text))
        .count();
    // English and Welsh ("cofnodion": minutes).
    let minutes_head = first_lines.contains("minutes of")
        || first_lines.contains("cofnodion")
        || first_lines.lines().any(|l| l.trim().starts_with("minutes"));
    let present = blocks.iter().take(40).any(|b| {
        let l = b.text.to_lowercase();
        l.starts_with("present")
            || l.starts_with("apologies")
            || l.starts_with("members present")
            || l.starts_with("presennol")
    });
    if minutes_head || (present && (resolved >= 1 || motions >= 2)) || motions >= 4 {
        return DocumentKind::Minutes;
    }
    let agenda_head = first_lines.lines().any(|l| {
        let l = l.trim();
        l == "agenda"
            || l.starts_with("agenda for")
            || l.starts_with("public document pack")
            || l.starts_with("notice of meeting")
            || l.starts_with("summons")
    });
    if agenda_head {
        return DocumentKind::Agenda;
    }
    let numbered = blocks.iter().filter(|b| NUMBERED.is_match(&b.text)).count();
    let report_signals = head_lower.contains("report of")
        || head_lower.contains("report to")
        || head_lower.contains("recommendation")
        || head_lower.contains("purpose of")
        || head_lower.contains("executive summary")
        || head_lower.contains("key decision")
        || head_lower.contains("subject");
    if report_signals && numbered >= 2 || numbered >= 8 {
        return DocumentKind::CommitteeReport;
    }
    if resolved >= 2 {
        return DocumentKind::Minutes;
    }
    DocumentKind::Other
}

fn is_generic_title(t: &str) -> bool {
    let l = t.trim().trim_end_matches(':').to_lowercase();
    GENERIC_TITLES.contains(&l.as_str())
        || l.starts_with("dear ")
        || AGENDA_ITEM.is_match(&l)
        || QUESTION_NUMBER.is_match(&l)
        || l.chars().filter(|c| c.is_alphabetic()).count() < 3
}

fn clean_body(s: &str) -> String {
    let s = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == ',' || c == ':')
        .trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    if upper_case(s) {
        title_case(s)
    } else {
        s.to_string()
    }
}

/// "CHILDREN AND FAMILIES COMMITTEE" → "Children and Families Committee".
pub fn title_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0
                && matches!(
                    lower.as_str(),
                    "and" | "of" | "for" | "the" | "on" | "in" | "to" | "with"
                )
            {
                lower
            } else {
                let mut c = lower.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_cover(blocks: &[Block], consumed: &mut [bool], kind: DocumentKind) -> Cover {
    let mut cover = Cover::default();
    let limit = blocks.len().min(30);
    let mut body: Option<String> = None;
    let mut date: Option<String> = None;
    let mut item: Option<String> = None;
    let mut title_from_key: Option<String> = None;
    let mut minutes_title: Option<String> = None;
    // "MANORDEILO & SALEM COMMUNITY COUNCIL MEETING 6TH FEBRUARY 2019": meeting and title.
    let mut line_title: Option<String> = None;
    let mut first_heading: Option<(usize, String)> = None;
    for i in 0..limit {
        let b = &blocks[i];
        let text = b.text.trim();
        if NUMBERED.is_match(text) && i > 2 && !text.contains(':') {
            break;
        }
        if let Some(c) = AGENDA_ITEM.captures(text) {
            item.get_or_insert(c[1].to_string());
            consumed[i] = true;
            continue;
        }
        if let Some((key, value)) = key_value(text) {
            let k = key.to_lowercase();
            let k = k.trim();
            let mut used = true;
            match k {
                "to" | "meeting" | "committee" | "report to" | "decision maker"
                | "decision taker" | "decided at meeting" | "decided at" => {
                    // "Decided at meeting: 19/10/2015 - Policy Committee" names the meeting
                    // itself: it wins over a "Decision maker:" given before it.
                    let meeting_line = k.starts_with("decided at") || k == "meeting";
                    if (body.is_none() || meeting_line) && !value.is_empty() {
                        if let Some(c) = DATE_BODY.captures(value) {
                            // modern.gov: "19/10/2015 - Policy Committee".
                            date = first_date(&c[1]).or(date);
                            body = Some(clean_body(&c[2]));
                        } else if let Some(c) = BODY_DATE_LINE.captures(value) {
                            body = Some(clean_body(&c[1]));
                            date = date.or_else(|| first_date(&c[2]));
                        } else {
                            body = Some(clean_body(value));
                        }
                    }
                }
                "date"
                | "meeting date"
                | "date of meeting"
                | "meeting date and time"
                | "date of decision"
                | "decision date" => {
                    date = date.or_else(|| first_date(value));
                }
                "subject" | "title" | "report title" | "subject matter" | "report" => {
                    if !value.is_empty() {
                        title_from_key.get_or_insert(value.to_string());
                    }
                }
                "report of" | "from" | "report by" | "report author" | "lead officer" => {
                    if !value.is_empty() {
                        cover.author.get_or_insert(value.to_string());
                    }
                }
                "item" | "agenda item" | "item no" | "item number" => {
                    item.get_or_insert(value.trim_end_matches('.').to_string());
                }
                _ => used = false,
            }
            if used {
                consumed[i] = true;
            }
            continue;
        }
        if let Some(c) = REPORT_OF.captures(text) {
            if text.len() < 150 {
                cover.author.get_or_insert(c[1].to_string());
                consumed[i] = true;
                continue;
            }
        }
        if let Some(c) = MINUTES_OF.captures(text) {
            if body.is_none() {
                let b = c[2]
                    .trim()
                    .trim_start_matches("the ")
                    .trim_start_matches("The ");
                body = Some(clean_body(b));
                // "... HELD IN THE COUNCIL CHAMBER" / "ON MONDAY, 17TH FEBRUARY, 2020".
                date = first_date(text)
                    .or_else(|| blocks.get(i + 1).and_then(|n| first_date(&n.text)))
                    .or(date);
                minutes_title.get_or_insert(c[1].split_whitespace().collect::<Vec<_>>().join(" "));
                consumed[i] = true;
                continue;
            }
        }
        if heading_like(text)
            && text.split_whitespace().count() <= 6
            && crate::entities::is_council_name(text)
        {
            // The publishing council's name on the cover is not the paper's title.
            continue;
        }
        if date.is_none() && text.len() < 40 && DATE_ONLY.is_match(text) {
            date = first_date(text);
            consumed[i] = true;
            continue;
        }
        if let Some(c) = BODY_DATE_LINE.captures(text) {
            let candidate = c[1].trim();
            if BODY_WORD.is_match(candidate) && candidate.len() < 100 && body.is_none() {
                body = Some(clean_body(candidate));
                // "CABINET - THURSDAY, 13 MARCH 2025" names the meeting: its date wins over a
                // bare "Date:" (which on a covering letter is the letter's date).
                date = first_date(&c[2]).or(date);
                consumed[i] = true;
                if heading_like(text) {
                    line_title.get_or_insert(text.to_string());
                }
                continue;
            }
        }
        if heading_like(text)
            && !is_generic_title(text)
            && !QUESTION_FROM.is_match(text)
            && first_heading.is_none()
        {
            // A block that only names a body ("COUNCIL", "Cabinet") is the meeting, not the title.
            let words = text.split_whitespace().count();
            if words <= 3 && BARE_BODY.is_match(text) && i < 3 && body.is_none() {
                body = Some(clean_body(text));
                consumed[i] = true;
                continue;
            }
            first_heading = Some((i, text.to_string()));
        }
    }
    if let Some(t) = title_from_key.or(minutes_title) {
        cover.title = Some(t);
    } else if let Some((i, t)) = first_heading {
        // A heading that starts the body (numbered, or followed by a numbered paragraph
        // that belongs to it) is still a fine title for the cover when nothing better exists.
        let next_is_body = blocks
            .get(i + 1)
            .is_some_and(|n| NUMBERED.is_match(&n.text));
        if kind != DocumentKind::WrittenQuestion
            || !t.to_lowercase().starts_with("question")
            || cover.title.is_none()
        {
            cover.title = Some(t.clone());
        }
        if !next_is_body || kind == DocumentKind::CommitteeReport && i < 6 {
            consumed[i] = true;
        }
    } else if let Some(t) = line_title {
        cover.title = Some(t);
    }
    if body.is_none() && date.is_some() {
        // "MANORDEILO & SALEM COMMUNITY COUNCIL" over "MEETING 10th FEBRUARY 2016".
        if let Some(t) = cover.title.as_deref().filter(|t| {
            BODY_WORD.is_match(t)
                && t.split_whitespace().count() <= 8
                && !t.chars().any(|c| c.is_ascii_digit())
        }) {
            body = Some(clean_body(t));
        }
    }
    if body.is_none() {
        if let Some(c) = cover.title.as_deref().and_then(|t| MEETING_OF.captures(t)) {
            if BODY_WORD.is_match(&c[1]) {
                body = Some(clean_body(&c[1]));
            }
        }
    }
    if let Some(t) = &cover.title {
        if upper_case(t) {
            cover.title = Some(title_case(t));
        }
    }
    if body.is_some() || date.is_some() {
        cover.meetings.push(Meeting { body, date, item });
    }
    cover
}

fn issue_history(blocks: &[Block], consumed: &mut [bool]) -> (Vec<Meeting>, Vec<Section>) {
    let mut meetings = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let meeting_line = ISSUE_MEETING.captures(&b.text);
        if consumed[i] && meeting_line.is_none() {
            continue;
        }
        if let Some(c) = meeting_line {
            meetings.push(Meeting {
                body: Some(clean_body(&c[2])),
                date: first_date(&c[1]),
                item: c.get(3).map(|m| m.as_str().to_string()),
            });
            sections.push(Section {
                path: vec![b.text.trim().to_string()],
                text: String::new(),
                page: Some(b.page),
                meeting: Some(meetings.len() - 1),
                ..Section::default()
            });
            continue;
        }
        if sections.is_empty() {
            continue;
        }
        let s = sections.last_mut().unwrap();
        let kind = if RESOLVED.is_match(&b.text) {
            Some(SectionKind::Resolution)
        } else {
            None
        };
        if kind.is_some() && s.text.is_empty() {
            s.kind = kind;
        }
        if kind.is_some() && !s.text.is_empty() {
            // The resolutions of a meeting are a section of their own: what was decided.
            let path = s.path.clone();
            let meeting = s.meeting;
            sections.push(Section {
                path,
                kind,
                text: b.text.clone(),
                page: Some(b.page),
                meeting,
                ..Section::default()
            });
            continue;
        }
        push_text(&mut s.text, &b.text);
    }
    (meetings, sections)
}

fn push_text(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more.trim());
}

/// Splits a document's blocks into sections: numbered paragraphs (`2.1.3`) and headings,
/// each with the chain of enclosing headings.
pub struct SectionSplitter {
    kind: DocumentKind,
    sections: Vec<Section>,
    /// Open headings: (level, number, label).
    stack: Vec<(u8, Option<String>, String)>,
    /// Next expected item number inside a recommendation block.
    next_item: Option<u32>,
}

fn section_kind_for(heading: &str) -> Option<SectionKind> {
    let h = heading.to_lowercase();
    if h.contains("recommendation") || h.starts_with("decision") || h.contains("decision required")
    {
        Some(SectionKind::Recommendation)
    } else if h.contains("implications") {
        Some(SectionKind::Implications)
    } else if h.contains("contact") {
        Some(SectionKind::Contact)
    } else if h.starts_with("present") || h.starts_with("apologies") || h.contains("attendance") {
        Some(SectionKind::Attendance)
    } else if h.starts_with("resolved") {
        Some(SectionKind::Resolution)
    } else {
        None
    }
}

impl SectionSplitter {
    /// A splitter for a document of `kind`.
    pub fn new(kind: DocumentKind) -> SectionSplitter {
        SectionSplitter {
            kind,
            sections: Vec::new(),
            stack: Vec::new(),
            next_item: None,
        }
    }

    fn path(&self) -> Vec<String> {
        self.stack.iter().map(|(_, _, l)| l.clone()).collect()
    }

    fn open(
        &mut self,
        number: Option<String>,
        heading: Option<String>,
        text: String,
        page: u32,
        kind: Option<SectionKind>,
    ) {
        let path = self.path();
        self.sections.push(Section {
            number,
            heading,
            path,
            kind,
            text,
            page: Some(page),
            meeting: None,
        });
    }

    fn current_kind(&self) -> Option<SectionKind> {
        self.sections.last().and_then(|s| s.kind)
    }

    /// Splits `blocks`, skipping those `consumed` by the cover.
    pub fn split(mut self, blocks: &[Block], consumed: &[bool]) -> Vec<Section> {
        let numbered_headings_only = self.kind == DocumentKind::WrittenQuestion;
        for (i, b) in blocks.iter().enumerate() {
            if consumed[i] {
                continue;
            }
            let text = b.text.trim();
            if numbered_headings_only {
                self.plain(text, b.page);
                continue;
            }
            if let Some(c) = NUMBERED
                .captures(text)
                .filter(|_| !crate::blocks::starts_with_date(text))
            {
                let number = c[1].trim_end_matches('.').to_string();
                let rest = c[3].trim();
                let single = !number.contains('.');
                // In minutes, "1." to "6." inside minute 306 are a motion's list, not sections.
                let inside_minute = self.kind == DocumentKind::Minutes
                    && single
                    && self.stack.iter().any(|(_, n, _)| {
                        n.as_deref()
                            .and_then(|n| n.parse::<u32>().ok())
                            .zip(number.parse::<u32>().ok())
                            .is_some_and(|(outer, inner)| outer > inner + 1)
                    });
                if inside_minute {
                    self.plain(text, b.page);
                    continue;
                }
                // Items 1, 2, 3 of a recommendation block are its list, not paragraphs.
                if self.current_kind() == Some(SectionKind::Recommendation)
                    && single
                    && !heading_like(rest)
                {
                    let n: u32 = number.parse().unwrap_or(0);
                    if self.next_item.is_none_or(|e| e == n) && (n == 1 || self.next_item.is_some())
                    {
                        self.next_item = Some(n + 1);
                        self.plain(text, b.page);
                        continue;
                    }
                }
                self.next_item = None;
                // A minute heading may wrap and ends with its agenda item: "(Item 2)".
                let minute_heading = ITEM_SUFFIX.is_match(rest)
                    && rest.split_whitespace().count() <= 30
                    && b.lines <= 4;
                let is_heading = minute_heading
                    || (b.heading.is_some() || heading_like(rest) && b.lines <= 2)
                        && rest.split_whitespace().count() <= 14;
                let depth = number.split('.').count() as u8;
                let parts: Vec<&str> = number.split('.').collect();
                self.stack.retain(|(_, n, _)| match n {
                    Some(n) => {
                        let np: Vec<&str> = n.split('.').collect();
                        np.len() < parts.len() && parts.starts_with(&np)
                    }
                    None => true,
                });
                if is_heading {
                    let heading = rest.trim_end_matches(':').trim().to_string();
                    let kind = self.kind_for(&heading);
                    self.open(
                        Some(number.clone()),
                        Some(heading.clone()),
                        String::new(),
                        b.page,
                        kind,
                    );
                    self.stack
                        .push((depth, Some(number.clone()), format!("{number} {heading}")));
                } else {
                    let kind = self
                        .stack
                        .iter()
                        .rev()
                        .find_map(|(_, _, l)| section_kind_for(l));
                    self.open(Some(number), None, rest.to_string(), b.page, kind);
                }
                continue;
            }
            let format_heading = b.heading.is_some() && !text.is_empty();
            let is_heading = format_heading
                || (heading_like(text)
                    && !crate::blocks::VOTE_HEAD.is_match(text)
                    && b.lines <= 2
                    && !LABELLED.is_match(text)
                    && !text.starts_with("- ")
                    && key_value(text).is_none());
            if is_heading {
                self.next_item = None;
                let level = b.heading.unwrap_or(if upper_case(text) { 1 } else { 2 });
                while self
                    .stack
                    .last()
                    .is_some_and(|(l, n, _)| n.is_none() && *l >= level)
                {
                    self.stack.pop();
                }
                let heading = text.trim_end_matches(':').trim().to_string();
                let kind = self.kind_for(&heading);
                self.open(None, Some(heading.clone()), String::new(), b.page, kind);
                self.stack.push((level, None, heading));
                continue;
            }
            if let Some((key, value)) = key_value(text) {
                let k = key.to_lowercase();
                // "Recommendation(s):", "Decision required:" — not "Decision status:".
                let asks = matches!(
                    k.as_str(),
                    "decision required"
                        | "decisions required"
                        | "decision sought"
                        | "decision requested"
                );
                if k.starts_with("recommendation") || asks {
                    self.next_item = Some(1);
                    self.sections.push(Section {
                        path: vec![key.to_string()],
                        kind: Some(SectionKind::Recommendation),
                        text: value.to_string(),
                        page: Some(b.page),
                        ..Section::default()
                    });
                    continue;
                }
                if self.current_kind() == Some(SectionKind::Recommendation)
                    && self
                        .sections
                        .last()
                        .is_some_and(|s| s.heading.is_none() && s.number.is_none())
                {
                    self.sections.push(Section {
                        path: vec![],
                        text: text.to_string(),
                        page: Some(b.page),
                        ..Section::default()
                    });
                    continue;
                }
            }
            let moved = self.sections.last().is_some_and(|s| {
                let tail: String = s
                    .text
                    .lines()
                    .rev()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .to_lowercase();
                tail.contains("moved by")
                    || tail.contains("seconded by")
                    || tail.contains("proposed by")
            });
            if moved && THAT.is_match(text) {
                // eScribe-style minutes: the motion moved and seconded is what was decided.
                self.open_resolution(text, b.page);
                continue;
            }
            if RESOLVED.is_match(text) && self.current_kind() != Some(SectionKind::Resolution) {
                self.open_resolution(text, b.page);
                continue;
            }
            if self.current_kind() == Some(SectionKind::Resolution)
                && !self.continues_resolution(text)
            {
                // What follows a resolution's items is the next part of the minutes.
                let path = self.path();
                self.sections.push(Section {
                    path,
                    text: text.to_string(),
                    page: Some(b.page),
                    ..Section::default()
                });
                continue;
            }
            self.plain(text, b.page);
        }
        self.sections
    }

    /// The section kind a heading gives, in this document: in a decision notice the
    /// "Decision" block records what was decided, not a recommendation.
    fn kind_for(&self, heading: &str) -> Option<SectionKind> {
        let kind = section_kind_for(heading);
        let h = heading.trim().trim_end_matches(':').to_lowercase();
        if self.kind == DocumentKind::DecisionNotice {
            if h == "decision" || h == "decisions" || h == "decision taken" || h == "the decision" {
                return Some(SectionKind::Resolution);
            }
            if h.starts_with("decision") {
                // "Decision details", "Decision status": the notice's own labels.
                return None;
            }
        }
        kind
    }

    /// Opens a section holding what a meeting resolved.
    fn open_resolution(&mut self, text: &str, page: u32) {
        let path = self.path();
        self.sections.push(Section {
            path,
            kind: Some(SectionKind::Resolution),
            text: text.to_string(),
            page: Some(page),
            ..Section::default()
        });
    }

    /// Whether a block after a RESOLVED line is one of its items.
    fn continues_resolution(&self, text: &str) -> bool {
        let Some(last) = self.sections.last() else {
            return false;
        };
        if last.text.is_empty() {
            // A "Decision" heading: the block after it is what was decided.
            return true;
        }
        let intro_open = last.text.trim_end().ends_with(':') || last.text.lines().count() > 1;
        let lettered = LABELLED.captures(text).is_some_and(|c| {
            c.get(2)
                .is_none_or(|m| !m.as_str().chars().all(|ch| ch.is_ascii_digit()))
        });
        lettered || text.starts_with("- ") || intro_open && LABELLED.is_match(text)
    }

    fn plain(&mut self, text: &str, page: u32) {
        match self.sections.last_mut() {
            Some(s) => push_text(&mut s.text, text),
            None => {
                let path = self.path();
                self.sections.push(Section {
                    path,
                    text: text.to_string(),
                    page: Some(page),
                    ..Section::default()
                });
            }
        }
    }
}

/// Recommendations and resolutions from the sections that hold them.
pub fn decisions(sections: &[Section]) -> Vec<Decision> {
    let mut out: Vec<Decision> = Vec::new();
    let mut context = String::new();
    for (si, s) in sections.iter().enumerate() {
        match s.kind {
            Some(SectionKind::Recommendation) if s.number.is_none() || s.heading.is_some() => {
                for (label, text) in items(&s.text) {
                    push_decision(&mut out, DecisionKind::Recommendation, label, text, None);
                }
            }
            Some(SectionKind::Resolution) => {
                // The vote and the outcome often follow the motion ("Motion Passed (4 to 0)").
                let after = sections
                    .get(si + 1)
                    .filter(|n| n.heading.is_none() && n.number.is_none() && n.kind.is_none())
                    .map(|n| {
                        n.text
                            .lines()
                            .take(30)
                            .take_while(|l| {
                                !MOTION_RECORD.is_match(l) || l.to_lowercase().starts_with("motion")
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                let motion = motion_facts(&context, &format!("{}\n{after}", s.text));
                let mut lines = s.text.lines();
                let first = lines.next().unwrap_or("");
                let intro = RESOLVED
                    .captures(first)
                    .map(|c| c[1].trim().to_string())
                    .unwrap_or_else(|| first.trim().to_string());
                let rest = lines.collect::<Vec<_>>().join("\n");
                let mut found = items(&rest);
                if found.iter().all(|(l, _)| l.is_none()) {
                    // No labelled items: the resolution is its text, intro and all.
                    let whole = [intro.as_str(), rest.as_str()]
                        .iter()
                        .filter(|t| !t.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n");
                    found = vec![(None, whole)];
                } else if !intro.is_empty() && !intro.ends_with(':') {
                    found.insert(0, (None, intro.clone()));
                }
                for (label, text) in found {
                    if text.trim().is_empty() {
                        continue;
                    }
                    push_decision(
                        &mut out,
                        DecisionKind::Resolution,
                        label,
                        text,
                        Some(&motion),
                    );
                }
                context.clear();
            }
            _ => {}
        }
        if s.kind != Some(SectionKind::Resolution) {
            if s.heading.is_some() && s.number.is_some()
                || s.path.first().is_some_and(|p| p.starts_with("Meeting:")) && s.text.is_empty()
            {
                context.clear();
            }
            push_text(&mut context, &s.text);
        }
    }
    out
}

#[derive(Default)]
struct Motion {
    proposer: Option<String>,
    seconder: Option<String>,
    outcome: Option<String>,
    votes: Option<Votes>,
}

fn motion_facts(before: &str, resolution: &str) -> Motion {
    let mut m = Motion::default();
    let tail: String = before
        .lines()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n");
    let scope = format!("{tail}\n{resolution}");
    let passive = PROPOSED.captures_iter(&scope).last().map(|c| {
        (
            c.get(0).unwrap().start(),
            c[1].trim().to_string(),
            c[2].trim().to_string(),
        )
    });
    let active = PROPOSED_ACTIVE.captures_iter(&scope).last().map(|c| {
        (
            c.get(0).unwrap().start(),
            c[1].trim().to_string(),
            c[2].trim().to_string(),
        )
    });
    if let Some((_, p, s)) = [passive, active]
        .into_iter()
        .flatten()
        .max_by_key(|(at, _, _)| *at)
    {
        m.proposer = Some(p);
        m.seconder = Some(s);
    }
    let mut votes = Votes::default();
    let mut voted = false;
    let lines: Vec<&str> = scope.lines().collect();
    for (li, line) in lines.iter().enumerate() {
        let l = line.trim();
        if let Some(c) = PROPOSER_LINE.captures(l) {
            let who = c[2].trim().to_string();
            match c[1].to_lowercase().as_str() {
                "proposed" | "proposer" | "moved" => m.proposer = m.proposer.take().or(Some(who)),
                _ => m.seconder = m.seconder.take().or(Some(who)),
            }
        }
        if let Some(c) = VOTE_LINE.captures(l) {
            let counted = c.get(2).is_some();
            let colon = l[c[1].len()..].trim_start().starts_with(':');
            if counted || colon {
                voted = true;
                let mut names = split_names(&c[3]);
                if names.is_empty() {
                    // "For (52)" or a "Yeas:" table with the names on the lines after it.
                    for next in lines[li + 1..]
                        .iter()
                        .map(|n| n.trim())
                        .filter(|n| !n.is_empty())
                    {
                        if VOTE_LINE.is_match(next) || !looks_like_names(next) {
                            break;
                        }
                        names.extend(split_names(next));
                    }
                }
                let count: usize = c
                    .get(2)
                    .and_then(|m| m.as_str().parse().ok())
                    .unwrap_or(names.len());
                let names = if names.len() == count {
                    names
                } else {
                    vec![String::new(); count]
                };
                match c[1].to_lowercase().as_str() {
                    "for" | "yeas" | "ayes" => votes.for_ = names,
                    "against" | "nays" | "noes" => votes.against = names,
                    _ => votes.abstain = names,
                }
            }
        }
        let lower = l.to_lowercase();
        if lower.contains("motion")
            || lower.contains("amendment")
            || lower.contains("recommendation")
            || lower.starts_with("the vote")
        {
            if let Some(o) = OUTCOME.captures(l) {
                m.outcome = Some(normalise_outcome(&o[1]));
            }
        }
    }
    if voted {
        m.votes = Some(votes);
    }
    m
}

/// The names of a vote list: "Mr Baker, Mr Brady and Mrs Bell" (titles kept, as printed).
fn split_names(list: &str) -> Vec<String> {
    list.replace(" and ", ", ")
        .split([',', ';', '|'])
        .map(|n| {
            n.trim()
                .trim_start_matches("Councillor ")
                .trim_start_matches("Cllr ")
                .trim_end_matches('.')
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty() && n != "-" && !n.chars().all(|c| c == '-'))
        .collect()
}

/// Whether a line is a list of names (each part short and capitalised).
fn looks_like_names(line: &str) -> bool {
    let parts = split_names(line);
    !parts.is_empty()
        && line.len() < 600
        && !OUTCOME.is_match(line)
        && parts
            .iter()
            .all(|p| p.split_whitespace().count() <= 5 && p.starts_with(|c: char| c.is_uppercase()))
}

fn normalise_outcome(word: &str) -> String {
    match word.to_lowercase().as_str() {
        "fell" | "defeated" | "failed" => "lost".into(),
        "passed" => "carried".into(),
        w => w.to_string(),
    }
}

fn push_decision(
    out: &mut Vec<Decision>,
    kind: DecisionKind,
    label: Option<String>,
    text: String,
    motion: Option<&Motion>,
) {
    let text = text.trim().trim_start_matches("- ").trim().to_string();
    if text.len() < 8 || out.iter().any(|d| d.text == text) {
        return;
    }
    out.push(Decision {
        kind,
        label,
        text,
        proposer: motion.and_then(|m| m.proposer.clone()),
        seconder: motion.and_then(|m| m.seconder.clone()),
        outcome: motion.and_then(|m| m.outcome.clone()),
        votes: motion.and_then(|m| m.votes.clone()),
    });
}

/// The labelled items of a block of text (`a) ...`, `1. ...`), or the whole text as one
/// unlabelled item when it has none.
fn items(text: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut intro = String::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(c) = LABELLED.captures(l) {
            let label = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map(|m| m.as_str().to_string());
            out.push((label, c[4].trim().to_string()));
        } else if let Some(c) = NUMBERED.captures(l).filter(|c| !c[1].contains('.')) {
            out.push((Some(c[1].to_string()), c[3].trim().to_string()));
        } else if let Some(last) = out.last_mut() {
            if l.starts_with("- ") || l.len() < 300 {
                push_text(&mut last.1, l);
            }
        } else {
            push_text(&mut intro, l);
        }
    }
    if out.is_empty() {
        let t = intro.trim();
        let lower = t.to_lowercase();
        if !t.is_empty()
            && t.len() < 800
            && !lower.ends_with(':')
            && !lower.starts_with("there are no")
            && !lower.starts_with("none")
        {
            out.push((None, t.to_string()));
        }
    }
    out
}

/// Written questions paired with their answers.
pub fn questions(blocks: &[Block]) -> Vec<FoundQuestion> {
    let mut out: Vec<(Question, u32)> = Vec::new();
    let mut headers: Vec<(String, Option<String>)> = Vec::new();
    let mut asked_header = String::new();
    let mut asker: Option<String> = None;
    let mut asked_to: Option<String> = None;
    let mut asked_role: Option<String> = None;
    let mut pending_number: Option<String> = None;
    #[derive(PartialEq)]
    enum Mode {
        None,
        Asking,
        Answering,
    }
    let mut mode = Mode::None;
    let mut answering: Option<usize> = None;
    let mut round_start = 0;
    for b in blocks {
        headers.truncate(out.len());
        while headers.len() < out.len() {
            headers.push((asked_header.clone(), None));
        }
        let t = b.text.trim();
        if let Some(c) = QUESTION_NUMBER.captures(t) {
            pending_number = Some(c[1].to_string());
            continue;
        }
        if let Some(c) = QUESTION_FROM.captures(t) {
            asked_header = t.lines().next().unwrap_or(t).to_string();
            asker = Some(c[3].trim().to_string());
            asked_to = c.get(4).map(|m| m.as_str().trim().to_string());
            mode = Mode::Asking;
            round_start = out.len();
            answering = None;
            let number = c
                .get(1)
                .or(c.get(2))
                .map(|m| m.as_str().to_string())
                .or(pending_number.take());
            let mut rest = t[c.get(0).unwrap().end()..].trim();
            asked_role = None;
            if let Some(role) = rest.strip_prefix(',') {
                // "Question by X to Y, Cabinet Member for Z": the rest of the line is Y's role.
                let (role, after) = role.split_once('\n').unwrap_or((role, ""));
                asked_role = Some(role.trim().trim_end_matches(':').to_string());
                rest = after.trim();
            }
            let rest = rest.trim_start_matches([':', '.', ' ']).trim();
            if !rest.is_empty() || number.is_some() {
                out.push((
                    Question {
                        number,
                        asker: asker.clone(),
                        respondent: asked_to.clone(),
                        respondent_role: asked_role.clone(),
                        question: rest.to_string(),
                        ..Question::default()
                    },
                    b.page,
                ));
            }
            continue;
        }
        if let Some(c) = RESPONSE_FROM.captures(t).filter(|_| t.len() < 250) {
            headers.truncate(out.len());
            while headers.len() < out.len() {
                headers.push((asked_header.clone(), None));
            }
            for (_, r) in &mut headers[round_start..] {
                *r = Some(t.to_string());
            }
            for (q, _) in &mut out[round_start..] {
                q.respondent = Some(c[1].trim().to_string());
                q.respondent_role = c.get(2).map(|m| m.as_str().trim().to_string());
            }
            mode = Mode::Answering;
            answering = (out.len() == round_start + 1).then_some(round_start);
            continue;
        }
        let answer_label = ANSWER_LABEL
            .captures(t)
            .filter(|c| c[2].is_empty() || t.len() > 12 && t[..t.len().min(12)].contains(':'));
        if mode == Mode::Asking && out.len() > round_start {
            if let Some(c) = answer_label {
                // "Answer" after a single question: its answer follows.
                mode = Mode::Answering;
                answering = Some(out.len() - 1);
                if !c[2].is_empty() {
                    let last = out.len() - 1;
                    out[last].0.answer = Some(c[2].to_string());
                }
                continue;
            }
        }
        match mode {
            Mode::None => {}
            Mode::Asking => {
                if let Some(c) = NUMBERED.captures(t).filter(|c| !c[1].contains('.')) {
                    // A numbered sub-question replaces an unnumbered preamble entry.
                    if out.len() == round_start + 1
                        && (out[round_start].0.number.is_none() || c[1] == *"1")
                    {
                        out.pop();
                    }
                    if out.len() > round_start
                        && out[round_start].0.number.as_deref() == Some(&c[1])
                        && out[round_start].0.question.is_empty()
                    {
                        out[round_start].0.question = c[3].to_string();
                        continue;
                    }
                    out.push((
                        Question {
                            number: Some(c[1].to_string()),
                            asker: asker.clone(),
                            respondent: asked_to.clone(),
                            respondent_role: asked_role.clone(),
                            question: c[3].to_string(),
                            ..Question::default()
                        },
                        b.page,
                    ));
                } else if out.len() > round_start {
                    let only = out.len() == round_start + 1;
                    let q = &mut out.last_mut().unwrap().0;
                    if q.number.is_none() || only {
                        push_text(&mut q.question, t);
                    }
                } else {
                    out.push((
                        Question {
                            asker: asker.clone(),
                            respondent: asked_to.clone(),
                            respondent_role: asked_role.clone(),
                            question: t.to_string(),
                            ..Question::default()
                        },
                        b.page,
                    ));
                }
            }
            Mode::Answering => {
                if let Some(c) = NUMBERED.captures(t).filter(|c| !c[1].contains('.')) {
                    if let Some(idx) = out[round_start..]
                        .iter()
                        .position(|(q, _)| q.number.as_deref() == Some(&c[1]))
                    {
                        answering = Some(round_start + idx);
                        let q = &out[round_start + idx].0;
                        if !prefix_overlap(&q.question, &c[3]) {
                            out[round_start + idx].0.answer = Some(c[3].to_string());
                        }
                        continue;
                    }
                }
                let t = answer_label
                    .map(|c| c[2].to_string())
                    .unwrap_or_else(|| t.to_string());
                if let Some(i) = answering {
                    let a = out[i].0.answer.get_or_insert_with(String::new);
                    push_text(a, &t);
                }
            }
        }
    }
    headers.truncate(out.len());
    while headers.len() < out.len() {
        headers.push((asked_header.clone(), None));
    }
    out.into_iter()
        .zip(headers)
        .filter(|((q, _), _)| !q.question.trim().is_empty())
        .map(|((question, page), (asked, response))| FoundQuestion {
            question,
            page,
            asked,
            response,
        })
        .collect()
}

/// A written question as found, with the header lines that introduce it.
#[derive(Debug, Clone)]
pub struct FoundQuestion {
    /// The question and its answer.
    pub question: Question,
    /// The page it starts on.
    pub page: u32,
    /// The line that asks it ("Question by X to Y, Cabinet Member for Z").
    pub asked: String,
    /// The line that introduces the response ("Response from Councillor Y, Chair of Z").
    pub response: Option<String>,
}

fn prefix_overlap(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .take(40)
            .collect::<String>()
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::extract::text::extract;

    fn doc(text: &str) -> Document {
        build(&blocks(&extract(text, false)))
    }

    #[test]
    fn committee_report_cover_and_sections() {
        let d = doc("Strengthening Services Board\n\nTo: Children and Young People Committee\n\nMeeting Date: 8 March 2023\n\nRecommendation: The Committee is recommended to:\n\n- a) Establish a board.\n- b) Develop a plan.\n\n1. Background\n\n1.1 In December the board met.\n\n2. Main Issues\n\n2.1 THE RATIONALE\n\n2.1.1 The leadership supports it.\n");
        assert_eq!(d.kind, DocumentKind::CommitteeReport);
        assert_eq!(d.title.as_deref(), Some("Strengthening Services Board"));
        assert_eq!(
            d.meetings[0].body.as_deref(),
            Some("Children and Young People Committee")
        );
        assert_eq!(d.meetings[0].date.as_deref(), Some("2023-03-08"));
        let numbered: Vec<(&str, Option<&str>)> = d
            .sections
            .iter()
            .filter_map(|s| s.number.as_deref().map(|n| (n, s.heading.as_deref())))
            .collect();
        assert_eq!(
            numbered,
            [
                ("1", Some("Background")),
                ("1.1", None),
                ("2", Some("Main Issues")),
                ("2.1", Some("THE RATIONALE")),
                ("2.1.1", None)
            ]
        );
        let s = d
            .sections
            .iter()
            .find(|s| s.number.as_deref() == Some("2.1.1"))
            .unwrap();
        assert_eq!(s.path, ["2 Main Issues", "2.1 THE RATIONALE"]);
        let labels: Vec<_> = d
            .decisions
            .iter()
            .map(|d| d.label.clone().unwrap())
            .collect();
        assert_eq!(labels, ["a", "b"]);
    }

    #[test]
    fn minutes_resolutions_with_proposer() {
        let d = doc("Minutes of the meeting of the Scrutiny Committee\n\nPresent: Councillor A Smith (Chair)\n\n7. Improvement plan\n\nThe recommendations below were proposed by Councillor Phillip Howells, seconded by Councillor Helen I’Anson and approved.\n\nRESOLVED: the committee recommends:\n\na) That the notice is noted;\n\nb) That the advisor attends.\n");
        assert_eq!(d.kind, DocumentKind::Minutes);
        assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
        assert_eq!(d.decisions[0].proposer.as_deref(), Some("Phillip Howells"));
        assert_eq!(d.decisions[0].seconder.as_deref(), Some("Helen I’Anson"));
        assert_eq!(d.decisions[1].label.as_deref(), Some("b"));
    }

    #[test]
    fn written_questions_pair_with_answers() {
        let d = doc("County Council – 19 March 2024\n\nWritten Question under Rule 9.2\n\n1. Question from Councillor Simon Bywater\n\nCould you say:\n\n1. What was done?\n2. How many meetings?\n\nResponse from Councillor Bryony Goodliffe, Chair of the Committee\n\n1. What was done?\n\nA great deal was done.\n\n2. How many meetings?\n\nTwelve.\n");
        assert_eq!(d.kind, DocumentKind::WrittenQuestion);
        assert_eq!(d.questions.len(), 2, "{:?}", d.questions);
        assert_eq!(d.questions[0].asker.as_deref(), Some("Simon Bywater"));
        assert_eq!(
            d.questions[1].respondent.as_deref(),
            Some("Bryony Goodliffe")
        );
        assert_eq!(
            d.questions[0].answer.as_deref(),
            Some("A great deal was done.")
        );
        assert_eq!(d.meetings[0].date.as_deref(), Some("2024-03-19"));
    }

    #[test]
    fn decision_notice_records_what_was_decided() {
        let d = doc("Decision details\n\nAppointment of a contractor\n\nDecision maker: Cabinet\n\nDecision status: Recommendations Approved\n\nDecided at meeting: 19/10/2015 - Policy Committee\n\nDecision\n\nThe appointment of the contractor was approved.\n\nPublication date: 22/10/2015\n");
        assert_eq!(d.kind, DocumentKind::DecisionNotice);
        assert_eq!(d.title.as_deref(), Some("Appointment of a contractor"));
        assert_eq!(d.meetings[0].date.as_deref(), Some("2015-10-19"));
        assert_eq!(d.decisions.len(), 1, "{:?}", d.decisions);
        assert_eq!(d.decisions[0].kind, DecisionKind::Resolution);
        assert!(d.decisions[0].text.starts_with("The appointment"));
    }

    #[test]
    fn issue_history_meetings() {
        let d = doc("Issue - meetings\n\nChildren's plan\n\nMeeting: 03/06/2021 - Cabinet (Item 7)\n\nMinutes:\n\nThe cabinet discussed it.\n\nMeeting: 01/06/2021 - Scrutiny Committee (Item 7)\n\nRESOLVED: That the plan is noted.\n");
        assert_eq!(d.kind, DocumentKind::IssueHistory);
        assert_eq!(d.title.as_deref(), Some("Children's plan"));
        assert_eq!(d.meetings.len(), 2);
        assert_eq!(d.meetings[0].item.as_deref(), Some("7"));
        assert_eq!(d.meetings[1].date.as_deref(), Some("2021-06-01"));
        assert_eq!(d.decisions.len(), 1);
        // Each section knows which meeting it records.
        assert_eq!(d.sections.last().unwrap().meeting, Some(1));
        assert_eq!(d.sections[0].meeting, Some(0));
    }
}
