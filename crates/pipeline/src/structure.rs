//! Blocks to a [`Document`]: the kind, title, meetings and report facts (key decision,
//! forward plan, wards, author) from the cover, the sections ([`SectionSplitter`]) with their
//! heading paths, the items of minutes and agendas ([`agenda_items`]), and the decisions and
//! questions.
//!
//! Decisions are read in English and in Welsh: "RESOLVED" / "PENDERFYNWYD" with their labelled
//! items, "proposed by X, seconded by Y" / "cynigiwyd gan X, eiliwyd gan Y", outcomes ("motion
//! carried" / "cafodd y cynnig ei gario"), and in minutes the decisions recorded in running
//! text ("it was agreed that" / "cytunwyd"). A bilingual paper's second copy of the same
//! resolutions is not counted again.

use crate::blocks::{heading_like, key_value, upper_case, Block, LABELLED, NUMBERED};
use crate::dates::first_date;
use council_model::{
    AgendaItem, Decision, DecisionKind, Document, DocumentKind, Meeting, Question, ReportFacts,
    Section, SectionKind, Votes,
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
/// "Moved by X", "Motion carried"; in Welsh "Cynigiwyd gan X" (proposed by), "Eiliwyd gan Y"
/// (seconded by), "Cafodd y cynnig ei gario" (the motion was carried).
static MOTION_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:moved|seconded|proposed)\s+by\s|motion\s+(?:was\s+)?(?:passed|carried|lost|failed|defeated)|(?:cynigiwyd|eiliwyd)\s+gan\s|cafodd\s+y\s+(?:cynnig|gwelliant)\s+ei\s+(?:gario|basio|golli|drechu))").unwrap()
});
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?(?:(?:special|annual|ordinary|extraordinary|monthly)\s+)?meeting\s+of\s+(?:the\s+)?(.+?)\s*$").unwrap()
});
static THAT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^That(?-u:\b)").unwrap());
static DATE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?i:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})\s*[-–—,:]\s*(.{3,120})$").unwrap()
});
/// A minute heading's agenda item: "Apologies (Item 1)", "Budget (Agenda Item 7)".
static ITEM_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\((?:agenda\s+)?item\s+(?:no\.?\s*)?(\d+[a-z]?)\)\s*$").unwrap()
});
/// A heading that starts with its agenda item: "Item 7: Budget", "Agenda Item 7 - Budget".
static ITEM_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:agenda\s+)?item\s+(?:no\.?\s*)?(\d+[a-z]?)(?:\s*[:.\-–—]\s*|\s+)(\S.*)$")
        .unwrap()
});
/// An agenda's page reference after an item: "Minutes (Pages 1 - 6)".
static PAGES_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\(\s*pages?\s+\d+(?:\s*(?:-|–|to)\s*\d+)?\s*\)\s*$").unwrap()
});
/// A minute number with its word: "Minute 12 Budget", "Minute No. 23/45: Budget".
static MINUTE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:minute|min\.)\s*(?:no\.?|number)?\s*((?:[a-z]{1,6}\s?)?\d{1,4}(?:/\d{1,4})?[a-z]?)\.?(?:\s*[:.\-–—])?\s+(\S.*)$").unwrap()
});
/// A minute number of the form year/number or number/year, with an optional committee
/// prefix: "23/45 Budget", "CAB 23/45 Budget", "PC12/24 Budget".
static MINUTE_SLASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z]{1,6}\s?)?\d{1,3}/\d{1,4}|[A-Z]{1,6}\s?\d{4}/\d{1,4})\.?(?:\s*[:.\-–—])?\s+(\S.*)$").unwrap()
});
static REPORT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:joint\s+)?report\s+(?:of|by|from)\s+(?:the\s+)?(.+)$").unwrap()
});
static AGENDA_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^agenda\s+item\s*(?:no\.?\s*)?:?\s*([0-9]+[a-z]?)").unwrap());
/// "RESOLVED: ...", "It was resolved that ..."; in Welsh "PENDERFYNWYD: ..." ("it was
/// resolved"), "Penderfynwyd yn unfrydol ..." (unanimously).
static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\(?\d{1,2}[.)]\s+|\(?[a-z]\)\s+)?(?:(?:it\s+was\s+)?(?:unanimously\s+)?resolved|penderfynwyd(?:\s+yn\s+unfrydol)?)\s*(?:unanimously)?\s*[:,.–—-]?\s*(.*)$",
    )
    .unwrap()
});
/// The titles before a proposer's or seconder's name, English and Welsh ("y Cyng." is "Cllr.",
/// "y Cynghorydd Sir" is "County Councillor").
const MOVER_TITLE: &str = r"(?:y\s+)?(?:(?:county\s+)?councillor|cllr\.?|cynghorydd(?:\s+sir)?\.?|cyngh\.?|cyng\.?|mr\.?|mrs\.?|ms\.?|dr\.?)?";
/// "proposed by X, seconded by Y"; in Welsh "cynigiwyd gan X, eiliwyd gan Y".
static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:proposed|moved|cynigiwyd)\s+(?:by|gan)\s+{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))[\s,;]+(?:and\s+|ac\s+)?(?:seconded|eiliwyd)\s+(?:by|gan)\s+{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))")).unwrap()
});
static PROPOSED_ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:proposed|moved),?[ \t]+(?i:and)[ \t]+(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:seconded)").unwrap()
});
static MINUTES_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(minutes\s+of\s+(?:(?:the\s+)?proceedings\s+(?:at|of)\s+)?(?:the\s+|a\s+)?(?:(?:annual|special|extraordinary|ordinary|monthly|virtual|remote)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?(.+?))\s+(?:held|which\s+took\s+place|at\s+which|convened)\b").unwrap()
});
/// "Proposed by: X", "Seconder: Y"; in Welsh "Cynigydd: X" (proposer), "Eilydd: Y" (seconder).
static PROPOSER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(proposed|proposer|moved|seconded|seconder|cynigydd|cynigiwyd|eilydd|eiliwyd)\s*(?:by|gan)?\s*[:\-–]?\s*{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))")).unwrap()
});
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(carried|lost|fell|defeated|withdrawn|agreed|noted|passed|failed)(?-u:\b)",
    )
    .unwrap()
});
/// A vote line: "For: 5", "Against (2): A, B"; in Welsh "O blaid" (for), "Yn erbyn" (against),
/// "Ymatal" (abstaining).
static VOTE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(for|against|yeas|ayes|nays|noes|abstain(?:ed|ing)?|abstentions?|o\s+blaid|yn\s+erbyn|ymatal(?:iadau|iad|odd)?)\s*(?:[(:\-–]\s*(\d+)\)?)?\s*:?\s*(.*)$",
    )
    .unwrap()
});
/// A Welsh outcome: "ei gario" / "ei basio" (carried), "ei golli" / "ei drechu" (lost), "ei
/// dynnu'n ôl" (withdrawn), "cytunwyd" (agreed), "nodwyd" (noted).
static OUTCOME_CY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b(?:ei\s+(gario|basio|golli|drechu|dynnu)|(cariwyd|pasiwyd|collwyd|trechwyd|tynnwyd)|((?:ch|c|g)ytunwyd|nodwyd))\b",
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
    /// Key decision, forward plan and wards (the author is `author`).
    report: ReportFacts,
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
    let found = decisions_in(&doc.sections, kind);
    if matches!(kind, DocumentKind::Minutes | DocumentKind::Agenda) {
        let decided: Vec<usize> = found.iter().map(|(s, _)| *s).collect();
        doc.items = agenda_items(&doc.sections, kind, &decided);
    }
    doc.decisions = found.into_iter().map(|(_, d)| d).collect();
    if !matches!(
        kind,
        DocumentKind::Minutes | DocumentKind::Agenda | DocumentKind::WrittenQuestion
    ) {
        let mut facts = cover.report;
        facts.author = cover.author;
        doc.report = (!facts.is_empty()).then_some(facts);
    }
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
        if consumed[i] {
            // A wrapped value of a cover key read with its key.
            continue;
        }
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
        if read_report_fact(
            text,
            blocks.get(i + 1).map(|n| n.text.trim()),
            &mut cover.report,
        ) {
            // "Key decision: Yes", "Wards affected: All": facts, left in the text.
            continue;
        }
        if let Some((key, value)) = key_value(text) {
            let k = key.to_lowercase();
            let k = k.trim();
            let mut used = true;
            // "To:" alone on its line, "County Council – 13 March 2025" on the next.
            let next_value: String;
            let value = match blocks
                .get(i + 1)
                .filter(|_| value.is_empty() && i + 1 < limit && !consumed[i + 1])
                .map(|n| n.text.trim())
                .filter(|n| n.len() < 150 && key_value(n).is_none() && !NUMBERED.is_match(n))
            {
                // Only a value that is what the key asks for: a body, or a date.
                Some(n)
                    if COVER_KEYS_ON_NEXT_LINE.contains(&k)
                        && if k.contains("date") {
                            first_date(n).is_some()
                        } else {
                            BODY_WORD.is_match(n)
                        } =>
                {
                    consumed[i + 1] = true;
                    next_value = n.to_string();
                    next_value.as_str()
                }
                _ => value,
            };
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
                    if title_from_key.is_none() {
                        // A cover table wraps long values onto lines of their own.
                        let mut title = value.to_string();
                        for j in wrapped_value(blocks, i, limit, consumed) {
                            push_joined(&mut title, blocks[j].text.trim(), " ");
                            consumed[j] = true;
                        }
                        if !title.is_empty() {
                            title_from_key = Some(title);
                        }
                    }
                }
                "report of" | "from" | "report by" | "report from" | "report author" | "author"
                | "lead officer" | "adroddiad gan" => {
                    if cover.author.is_none() {
                        // "From: A, Cabinet Member for X" over "B, Corporate Director": every
                        // author, as written; a line without a name and post goes on the last,
                        // as does any line after one that breaks off ("... Corporate and").
                        let mut author = value.to_string();
                        for j in wrapped_value(blocks, i, limit, consumed) {
                            let line = blocks[j].text.trim();
                            let broken =
                                author.rsplit(' ').next().is_some_and(|w| {
                                    CONNECTIVES.contains(&w.to_lowercase().as_str())
                                }) || author.ends_with([',', '&', '–', '-']);
                            let sep = if NAME_POST.is_match(line) && !broken {
                                "; "
                            } else {
                                " "
                            };
                            push_joined(&mut author, line, sep);
                            consumed[j] = true;
                        }
                        if !author.is_empty() {
                            cover.author = Some(tidy_author(&author));
                        }
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
                cover.author.get_or_insert(tidy_author(&c[1]));
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

/// Cover keys whose value may stand on the line after the key.
const COVER_KEYS_ON_NEXT_LINE: &[&str] = &[
    "to",
    "meeting",
    "committee",
    "report to",
    "decision maker",
    "date",
    "meeting date",
    "date of meeting",
    "date of decision",
    "decision date",
];

/// Words a wrapped line breaks off after ("Cabinet Member for Finance, Corporate and").
const CONNECTIVES: &[&str] = &["and", "of", "for", "the", "to", "in", "with", "on", "a"];

/// "Key decision: Yes – Reference: KD1234", "Is Key decision?: No", "This is a key decision".
static KEY_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:is\s+(?:this\s+|it\s+)?(?:a\s+)?)?key\s+decision(?:\s*\(\s*y(?:es)?\s*/\s*n(?:o)?\s*\))?\s*\??\s*[:|\t–—-]?\s*(yes|no|y|n)(?-u:\b)(.*)$").unwrap()
});
/// "This is a key decision", "This report is not a Key Decision".
static KEY_DECISION_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^this\s+(?:report\s+|decision\s+|item\s+|proposal\s+)?(?:is|relates\s+to)\s+(not\s+)?a\s+key\s+decision").unwrap()
});
/// "Forward Plan reference: FP/2023/045", "Decision number: 23/00045", "Ref: KD 1234".
static FORWARD_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((?:forward\s+plan|key\s+decision|decision|kd|fp)\s+(?:ref(?:erence)?|no|number|item|id)\.?|forward\s+plan|reference|ref\.?)(?:\s*\(s\))?\s*[:|\t–—-]\s*(.+)$").unwrap()
});
/// A reference as printed: "FP/2023/045", "23/00045", "KD 1234", "KD.23.12".
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-z]{1,6}[ /.-]?)?\d[A-Za-z0-9_/.-]*").unwrap());
/// A reference given after a key decision's "Yes": "– Reference: KD1234", "(Ref FP/12)".
static REFERENCE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:ref(?:erence)?|no|number)\.?\s*[:.]?\s*((?:[A-Za-z]{1,6}[ /.-]?)?\d[A-Za-z0-9_/.-]*)").unwrap()
});
/// "Wards affected: All", "Ward(s): Altrincham; Hale Central", "Electoral division(s): All".
static WARDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:wards?(?:\s*\(s\))?(?:\s+(?:affected|concerned))?|(?:electoral\s+)?divisions?(?:\s*\(s\))?\s+(?:affected|concerned)|electoral\s+divisions?(?:\s*\(s\))?|wards?(?:\s*\(s\))?\s*(?:/|and|&)\s*(?:electoral\s+)?divisions?(?:\s*\(s\))?(?:\s+affected)?|local\s+wards?)\s*[:|\t–—-]\s*(.*)$").unwrap()
});
/// A line that starts with a name and a post: "Dan Watkins, Cabinet Member for ...".
static NAME_POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+)?[A-Z][^\s,]+(?:\s+[A-Z][^\s,]+){1,3}\s*(?:,|\s[–—-]\s)").unwrap()
});

/// Reads a cover line that states a report fact into `facts` (the first statement of each
/// fact wins); `next` is the following block, for a key whose value is on the next line.
/// Returns whether the line was such a fact.
fn read_report_fact(text: &str, next: Option<&str>, facts: &mut ReportFacts) -> bool {
    // A cheap first look: every such line names its fact in its first words.
    let head_end = text.char_indices().nth(48).map_or(text.len(), |(i, _)| i);
    let head = text[..head_end].to_ascii_lowercase();
    if !["decision", "ref", "plan", "ward", "division"]
        .iter()
        .any(|w| head.contains(w))
    {
        return false;
    }
    if let Some(c) = KEY_DECISION
        .captures(text)
        .filter(|c| !c[2].starts_with('/'))
    {
        // ("Key decision: N/A" says nothing.)
        let yes = c[1].to_lowercase().starts_with('y');
        facts.key_decision.get_or_insert(yes);
        if yes && facts.forward_plan.is_none() {
            facts.forward_plan = REFERENCE_AFTER
                .captures(&c[2])
                .and_then(|r| reference(&r[1]));
        }
        return true;
    }
    if let Some(c) = KEY_DECISION_PROSE.captures(text) {
        facts.key_decision.get_or_insert(c.get(1).is_none());
        return true;
    }
    if let Some(c) = FORWARD_PLAN.captures(text) {
        let key = c[1].to_lowercase();
        let value = c[2].trim();
        // A bare "Ref:" is any reference (a letter's, a planning application's): only one
        // that says it is a key decision's or the forward plan's counts.
        let generic = key.starts_with("ref");
        let value_ok = !generic || {
            let v = value.to_lowercase();
            v.starts_with("kd") || v.starts_with("fp")
        };
        if value_ok {
            if facts.forward_plan.is_none() {
                facts.forward_plan = reference(value);
            }
            return true;
        }
        return false;
    }
    if let Some(c) = WARDS.captures(text) {
        let mut value = c[1].trim();
        if value.is_empty() {
            value = next
                .filter(|n| n.len() < 200 && key_value(n).is_none())
                .unwrap_or("");
        }
        if facts.wards.is_empty() {
            facts.wards = wards(value);
        }
        return true;
    }
    false
}

/// A reference as printed at the start of `value` ("FP/2023/045 (published ...)"), or `None`
/// for "N/A", "None" and prose.
fn reference(value: &str) -> Option<String> {
    let m = REFERENCE.find(value.trim())?;
    let r = m.as_str().trim_end_matches(['.', '/', '-']);
    (r.len() <= 30 && r.chars().any(|c| c.is_ascii_digit())).then(|| r.to_string())
}

/// The wards of a "Wards affected" value: "All" (any "All wards", "All electoral divisions")
/// is `["All"]`; "None" or "N/A" is none; else the names as printed, split at `;` and `,`.
fn wards(value: &str) -> Vec<String> {
    let v = value.trim().trim_end_matches('.').trim();
    let lower = v.to_lowercase();
    if lower == "all" || lower.starts_with("all ") || lower.starts_with("all,") {
        return vec!["All".to_string()];
    }
    let none = [
        "n/a",
        "na",
        "none",
        "not applicable",
        "none specific",
        "-",
        "–",
        "no specific ward",
        "not ward specific",
    ];
    if none.contains(&lower.as_str()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in v.split([';', ',', '\n']) {
        let p = part.trim().trim_end_matches('.').trim();
        if p.is_empty() {
            continue;
        }
        if !p.starts_with(|c: char| c.is_uppercase()) || p.split_whitespace().count() > 6 {
            break;
        }
        if !out.iter().any(|w: &String| w == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// The blocks after cover key `i` that carry the rest of its value: a cover table wraps a
/// long value onto lines of their own, up to the next key. Empty unless the run is short,
/// made of short lines, and ends at another key.
fn wrapped_value(blocks: &[Block], i: usize, limit: usize, consumed: &[bool]) -> Vec<usize> {
    let mut run = Vec::new();
    for (j, b) in blocks.iter().enumerate().take(limit).skip(i + 1) {
        let t = b.text.trim();
        if key_value(t).is_some() || KEY_DECISION.is_match(t) {
            return run;
        }
        if consumed[j]
            || b.heading.is_some()
            || run.len() >= 8
            || t.len() > 150
            || t.ends_with(['.', ':', '?'])
            || NUMBERED.is_match(t)
            || LABELLED.is_match(t)
        {
            return Vec::new();
        }
        run.push(j);
    }
    Vec::new()
}

/// Appends `more` to `text` with `sep` between them.
fn push_joined(text: &mut String, more: &str, sep: &str) {
    if !text.is_empty() {
        text.push_str(sep);
    }
    text.push_str(more);
}

/// An author as a person reads it: without a leading "the", capitals in title case.
fn tidy_author(author: &str) -> String {
    let a = author.trim().trim_end_matches([',', ';']).trim();
    let a = a
        .strip_prefix("the ")
        .or_else(|| a.strip_prefix("The "))
        .unwrap_or(a);
    if upper_case(a) {
        title_case(a)
    } else {
        a.to_string()
    }
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

/// The items of business of minutes or an agenda: each minute (or agenda item) heading with
/// its minute number, agenda item number, title, the sections under it and the decisions
/// taken under it (`decided` gives the section of each decision).
pub fn agenda_items(
    sections: &[Section],
    kind: DocumentKind,
    decided: &[usize],
) -> Vec<AgendaItem> {
    let mut heads: Vec<(usize, AgendaItem)> = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        let Some(heading) = s.heading.as_deref() else {
            continue;
        };
        let number = s.number.as_deref();
        let top = number.is_some_and(|n| !n.contains('.'));
        // "2.1" under item "2" is an item of its own ("Consent" items of eScribe minutes).
        let sub = number.is_some_and(|n| {
            n.split('.').count() == 2
                && heads
                    .iter()
                    .any(|(_, h)| h.minute.as_deref().or(h.item.as_deref()) == n.split('.').next())
        });
        let mut item = ITEM_SUFFIX.captures(heading).map(|c| c[1].to_string());
        let mut title = ITEM_SUFFIX.replace(heading, "").to_string();
        if let Some(c) = ITEM_HEAD.captures(&title.clone()) {
            item = item.or(Some(c[1].to_string()));
            title = c[2].to_string();
        }
        let unnumbered_item = number.is_none() && item.is_some();
        if !(top || sub || unnumbered_item) || s.kind == Some(SectionKind::Resolution) {
            continue;
        }
        let title = PAGES_SUFFIX.replace(&title, "");
        let title = title.trim().trim_end_matches([':', '-', '–', '—']).trim();
        if title.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            continue;
        }
        let (minute, item) = match kind {
            DocumentKind::Agenda => (None, item.or(number.map(str::to_string))),
            _ => (number.map(str::to_string), item),
        };
        heads.push((
            i,
            AgendaItem {
                minute,
                item,
                title: title.to_string(),
                section: i,
                last_section: i,
                page: s.page,
                decisions: Vec::new(),
            },
        ));
    }
    if kind == DocumentKind::Agenda && heads.len() < 2 {
        // One numbered heading is no list of business ("2 N LaSalle" is an address).
        return Vec::new();
    }
    let starts: Vec<usize> = heads.iter().map(|(i, _)| *i).collect();
    heads
        .into_iter()
        .enumerate()
        .map(|(n, (i, mut item))| {
            item.last_section = starts
                .get(n + 1)
                .map_or(sections.len().saturating_sub(1), |next| next - 1);
            item.decisions = decided
                .iter()
                .enumerate()
                .filter(|(_, s)| (i..=item.last_section).contains(*s))
                .map(|(d, _)| d)
                .collect();
            item
        })
        .collect()
}

/// A minute heading numbered as minutes number them ("Minute 12 Budget", "23/45 Budget"):
/// the minute number and the heading.
fn minute_ref(text: &str, lines: usize) -> Option<(String, String)> {
    // A cheap first look: "Min..." or a slash among the first characters.
    let b = text.as_bytes();
    let word = b.len() > 3 && b[..3].eq_ignore_ascii_case(b"min");
    if !word && !b.iter().take(16).any(|&c| c == b'/') {
        return None;
    }
    let c = MINUTE_WORD
        .captures(text)
        .or_else(|| MINUTE_SLASH.captures(text))?;
    let heading = c[2].trim().trim_end_matches(':').trim();
    let short = heading.split_whitespace().count() <= 30 && lines <= 4;
    (short && (heading_like(heading) || ITEM_SUFFIX.is_match(heading)))
        .then(|| (c[1].trim().to_string(), heading.to_string()))
}

/// A title in capitals run into its text ("TO CONFIRM THE MINUTES It was proposed by ..."):
/// the title and the text, when the capitals make at least two words and the text starts a
/// sentence.
fn split_capital_title(text: &str) -> Option<(&str, &str)> {
    let mut end = 0;
    let mut capital_words = 0;
    for (words, w) in text.split_whitespace().enumerate() {
        let i = end + text[end..].find(w)?;
        if w.chars().any(|c| c.is_lowercase()) {
            let starts_sentence = w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars().nth(1).is_some_and(|c| c.is_lowercase());
            if capital_words < 2 || words > 16 || !starts_sentence {
                return None;
            }
            let head = text[..end].trim();
            return heading_like(head).then(|| (head, text[i..].trim()));
        }
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            capital_words += 1;
        }
        end = i + w.len();
    }
    None
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
            if self.kind == DocumentKind::Minutes {
                if let Some((number, heading)) = minute_ref(text, b.lines) {
                    // "Minute 12 Budget", "CAB 23/45 Budget": a minute of its own.
                    self.next_item = None;
                    self.open_item(number, heading, String::new(), b.page);
                    continue;
                }
            }
            if let Some(c) = NUMBERED
                .captures(text)
                .filter(|_| !crate::blocks::starts_with_date(text))
            {
                let number = c[1].trim_end_matches('.').to_string();
                let rest = c[3].trim();
                let single = !number.contains('.');
                if self.kind == DocumentKind::Minutes && single && RESOLVED.is_match(rest) {
                    // "4. RESOLVED that ...": a numbered resolution, not a minute.
                    self.open_resolution(text, b.page);
                    continue;
                }
                // In minutes, "1." to "6." inside minute 306 are a motion's list, not sections.
                let inside_minute = self.kind == DocumentKind::Minutes
                    && single
                    && self.stack.iter().any(|(_, n, _)| {
                        n.as_deref().is_some_and(|n| {
                            // Within minute "23/45" a "1." is the minute's own list.
                            n.contains('/')
                                || n.parse::<u32>()
                                    .ok()
                                    .zip(number.parse::<u32>().ok())
                                    .is_some_and(|(outer, inner)| outer > inner + 1)
                        })
                    });
                if inside_minute {
                    self.plain(text, b.page);
                    continue;
                }
                // "RESOLVED:" then "1. That ...", "2. That ...": the resolution's items. A short
                // title after the first item ("3. Any other business") is the next minute.
                if self.current_kind() == Some(SectionKind::Resolution) && single {
                    let n: u32 = number.parse().unwrap_or(0);
                    let intro_open = self
                        .sections
                        .last()
                        .is_some_and(|s| s.text.trim_end().ends_with(':'));
                    // The number after the list's last item so far, however it was kept.
                    let follows = self.sections.last().is_some_and(|s| {
                        s.text
                            .lines()
                            .last()
                            .and_then(|l| NUMBERED.captures(l))
                            .is_some_and(|c| {
                                c[1].trim_end_matches('.').parse::<u32>().ok() == n.checked_sub(1)
                            })
                    });
                    let expected = match self.next_item {
                        Some(e) => e == n && !heading_like(rest),
                        None if n == 1 => intro_open,
                        None => follows && !heading_like(rest),
                    };
                    if expected && !ITEM_SUFFIX.is_match(rest) {
                        self.next_item = Some(n + 1);
                        self.plain(text, b.page);
                        continue;
                    }
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
                let mut is_heading = minute_heading
                    || (b.heading.is_some() || heading_like(rest) && b.lines <= 2)
                        && rest.split_whitespace().count() <= 14;
                let mut rest = rest.to_string();
                let mut body = String::new();
                if !is_heading && single && self.kind == DocumentKind::Minutes {
                    // "2. TO CONFIRM THE MINUTES It was proposed by ...": the capitals are the
                    // minute's title, the rest its text.
                    if let Some((head, tail)) = split_capital_title(&rest) {
                        is_heading = true;
                        body = tail.to_string();
                        rest = head.to_string();
                    }
                }
                let rest = rest.as_str();
                let depth = number.split('.').count() as u8;
                let parts: Vec<&str> = number.split('.').collect();
                self.stack.retain(|(_, n, _)| match n {
                    Some(n) => {
                        let np: Vec<&str> = n.split('.').collect();
                        np.len() < parts.len() && parts.starts_with(&np)
                    }
                    None => true,
                });
                if is_heading && single && self.kind == DocumentKind::Minutes {
                    // A minute: the first element of the path of everything under it.
                    let heading = rest.trim_end_matches(':').trim().to_string();
                    self.open_item(number, heading, body, b.page);
                } else if is_heading {
                    let heading = rest.trim_end_matches(':').trim().to_string();
                    let kind = self.kind_for(&heading);
                    self.open(
                        Some(number.clone()),
                        Some(heading.clone()),
                        body,
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
                if self.kind == DocumentKind::Minutes
                    && (ITEM_HEAD.is_match(&heading) || ITEM_SUFFIX.is_match(&heading))
                {
                    // "Item 7: Budget", "Budget (Agenda Item 7)": a minute without a number.
                    self.stack.clear();
                }
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
            // A second "RESOLVED" (or its Welsh "PENDERFYNWYD") after a resolution's text is a
            // resolution of its own.
            if RESOLVED.is_match(text)
                && (self.current_kind() != Some(SectionKind::Resolution)
                    || self.sections.last().is_some_and(|s| !s.text.is_empty()))
            {
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

    /// Opens a minute (an item of business of minutes): its heading is the first element of
    /// the path of every section under it, so whatever headings came before are closed.
    fn open_item(&mut self, number: String, heading: String, text: String, page: u32) {
        self.stack.clear();
        let kind = self.kind_for(&heading);
        self.open(
            Some(number.clone()),
            Some(heading.clone()),
            text,
            page,
            kind,
        );
        self.stack
            .push((1, Some(number.clone()), format!("{number} {heading}")));
    }

    /// Opens a section holding what a meeting resolved.
    fn open_resolution(&mut self, text: &str, page: u32) {
        self.next_item = None;
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
    decisions_in(sections, DocumentKind::Other)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

/// The resolutions found so far under one heading, to tell a translation from a new motion.
struct ResolutionGroup {
    /// The section they were read from.
    section: usize,
    /// Their labels in order.
    labels: Vec<Option<String>>,
}

/// Recommendations and resolutions, each with the index of the section it was read from. In
/// minutes (`kind`) the decisions recorded in running text count too ("It was proposed by X,
/// seconded by Y and agreed that ...", "Penderfynwyd ...", "Cytunwyd ...").
fn decisions_in(sections: &[Section], kind: DocumentKind) -> Vec<(usize, Decision)> {
    let mut out: Vec<(usize, Decision)> = Vec::new();
    let mut context = String::new();
    let mut last_group: Option<ResolutionGroup> = None;
    for (si, s) in sections.iter().enumerate() {
        if s.number.is_some() && s.heading.is_some() {
            // A new item: what follows is no translation of what went before.
            last_group = None;
        }
        match s.kind {
            Some(SectionKind::Recommendation) if s.number.is_none() || s.heading.is_some() => {
                for (label, text) in items(&s.text) {
                    push_decision(
                        &mut out,
                        si,
                        DecisionKind::Recommendation,
                        label,
                        text,
                        None,
                    );
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
                                !MOTION_RECORD.is_match(l) || {
                                    let lower = l.to_lowercase();
                                    lower.starts_with("motion") || lower.starts_with("cafodd")
                                }
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
                found.retain(|(_, t)| !t.trim().is_empty());
                // A bilingual paper gives the same resolutions in English and in Welsh, one
                // after the other: the second copy (other language, same labels, nothing
                // between them but their own text) is no new decision.
                let group = ResolutionGroup {
                    section: si,
                    labels: found.iter().map(|(l, _)| l.clone()).collect(),
                };
                let translation = last_group.as_ref().is_some_and(|g| {
                    g.labels == group.labels
                        && si - g.section <= 2
                        && sections[g.section + 1..si]
                            .iter()
                            .all(|b| b.heading.is_none() && b.text.len() < 400)
                        && is_welsh(&sections[g.section].text) != is_welsh(&s.text)
                });
                if translation {
                    last_group = None;
                } else {
                    for (label, text) in found {
                        push_decision(
                            &mut out,
                            si,
                            DecisionKind::Resolution,
                            label,
                            text,
                            Some(&motion),
                        );
                    }
                    last_group = Some(group);
                }
                context.clear();
            }
            None if kind == DocumentKind::Minutes => narrative_decisions(si, &s.text, &mut out),
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

/// Words common in Welsh prose and absent from English prose.
const WELSH_WORDS: &[&str] = &[
    "y",
    "yr",
    "ac",
    "yn",
    "ar",
    "gan",
    "bod",
    "fod",
    "dylid",
    "ei",
    "eu",
    "gyda",
    "wedi",
    "mae",
    "hyn",
    "hwn",
    "ym",
    "sy",
    "oedd",
    "cael",
    "hefyd",
    "neu",
    "rhwng",
    "ond",
    "i'r",
    "i’r",
    "a'r",
    "a’r",
    "o'r",
    "o’r",
    "cyngor",
    "penderfynwyd",
    "cytunwyd",
    "nodi",
    "cytuno",
    "cymeradwyo",
    "dylai",
    "bydd",
    "fydd",
    "gael",
    "fel",
    "drwy",
    "trwy",
];
/// Words common in English prose and absent from Welsh prose.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "that", "be", "is", "was", "for", "with", "by", "are", "this", "it",
    "as", "were", "from", "council",
];

/// Whether a text is in Welsh rather than English (more Welsh than English function words).
pub fn is_welsh(text: &str) -> bool {
    let (mut cy, mut en) = (0usize, 0usize);
    for w in text.split_whitespace().take(400) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        // "Nodi'r", "i’r": the Welsh article leans on the word before it.
        let clitic = w.len() > 3 && (w.ends_with("'r") || w.ends_with("’r"));
        if clitic || WELSH_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            cy += 1;
        } else if ENGLISH_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            en += 1;
        }
    }
    cy >= 2 && cy > en
}

/// A decision in the running text of minutes: "it was (unanimously) resolved/agreed that",
/// "seconded by Y and agreed to"; in Welsh "penderfynwyd" (it was resolved), "cytunwyd" /
/// "a chytunwyd" (it was agreed), "pawb yn gytûn" / "pawb o blaid" (all agreed, all in favour).
static NARRATIVE_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:it\s+was\s+(?:(?:unanimously|further|also|therefore|then|subsequently)\s+)?(resolved|agreed)(?:\s+unanimously)?(?:\s+(?:that|to|by|upon|on)(?-u:\b)|\s*[:.,;]|\s*$)|(?:and|,)\s+(?:(?:unanimously|was)\s+)?(resolved|agreed)(?:\s+unanimously)?\s+(?:that|to)(?-u:\b)|^(resolved|agreed)\s*(?:that|to|:)|(penderfynwyd)|(?:^|\s)(cytunwyd|chytunwyd)(?-u:\b)|pawb(?:\s+arall)?\s+(yn\s+gyt[ûu]n|o\s+blaid))").unwrap()
});
/// The words without which no running text records a decision (a cheap first look).
static NARRATIVE_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)resolved|agreed|penderfynwyd|ytunwyd|pawb").unwrap());
/// What undoes a decision phrase: "ni chytunwyd" (it was not agreed), "not agreed".
static NARRATIVE_NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:ni\s+(?:ch|g)?(?:c)?ytunwyd|nid\s+oedd\s+pawb|not\s+(?:unanimously\s+)?(?:agreed|resolved)|fel\s+y\s+(?:'i\s+)?(?:penderfynwyd|cytunwyd))").unwrap()
});

/// The decisions recorded in one section of running minutes (see [`NARRATIVE_DECISION`]).
fn narrative_decisions(si: usize, text: &str, out: &mut Vec<(usize, Decision)>) {
    if !NARRATIVE_HINT.is_match(text) {
        return;
    }
    let paras = paragraphs(text);
    for (pi, para) in paras.iter().enumerate() {
        if !NARRATIVE_HINT.is_match(para) {
            continue;
        }
        let (label, body) = match LABELLED.captures(para) {
            Some(c) => (
                c.get(1)
                    .or(c.get(2))
                    .or(c.get(3))
                    .map(|m| m.as_str().to_string()),
                c.get(4).map_or("", |m| m.as_str()),
            ),
            None => (None, para.as_str()),
        };
        let labelled = label.is_some();
        let mut label = label;
        let hints: Vec<usize> = NARRATIVE_HINT.find_iter(body).map(|m| m.start()).collect();
        for (start, end) in sentence_spans(body) {
            if !hints.iter().any(|h| (start..end).contains(h)) {
                continue;
            }
            let sentence = body[start..end].trim();
            let Some(c) = NARRATIVE_DECISION.captures(sentence) else {
                continue;
            };
            if NARRATIVE_NEGATED.is_match(sentence) {
                continue;
            }
            let resolved = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case("resolved"))
                || c.get(4).is_some();
            let mut motion = Motion::default();
            if let Some(p) = PROPOSED.captures(sentence) {
                motion.proposer = mover_name(&p[1]);
                motion.seconder = mover_name(&p[2]);
            } else if let Some(p) = PROPOSED_ACTIVE.captures(sentence) {
                motion.proposer = mover_name(&p[1]);
                motion.seconder = mover_name(&p[2]);
            }
            motion.outcome = if resolved {
                leading_outcome(sentence)
            } else {
                Some("agreed".to_string())
            };
            // A labelled entry ("xi) Air Ambulance re financial support. It was proposed ...
            // and agreed to donate £50.") is decided whole: its first words say what about.
            let mut text = if labelled && start <= 300 {
                body[..end].trim().to_string()
            } else {
                // "RESOLVED that ...": what was resolved, as for a RESOLVED paragraph.
                RESOLVED
                    .captures(sentence)
                    .map_or(sentence, |c| c.get(1).map_or("", |m| m.as_str()))
                    .to_string()
            };
            if text.ends_with(':') && end >= body.trim_end().len() {
                // "... the following observations:" and the list after it.
                for next in paras[pi + 1..].iter().take(25) {
                    let listed = next.starts_with("- ") || !labelled && LABELLED.is_match(next);
                    if !listed {
                        break;
                    }
                    push_text(&mut text, next);
                }
            }
            let text = text
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n");
            push_decision(
                out,
                si,
                DecisionKind::Resolution,
                label.take(),
                text,
                Some(&motion),
            );
        }
    }
}

/// The paragraphs of a section's text: lines that wrap mid-sentence (a line ending without a
/// stop, followed by one that starts no item) are joined.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let starts_item =
            line.starts_with("- ") || LABELLED.is_match(line) || NUMBERED.is_match(line);
        match out.last_mut() {
            Some(last) if open && !starts_item => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        open = !line.ends_with(['.', ':', ';', '?', '!']);
    }
    out
}

/// Words that never end a sentence when followed by a full stop (titles, "No.", "Rhif").
const ABBREVIATIONS: &[&str] = &[
    "cllr", "cllrs", "cyng", "cyngh", "mr", "mrs", "ms", "dr", "st", "no", "nos", "rhif", "sir",
    "chq", "ref", "approx", "etc", "vs", "co", "prof", "rev", "cyf",
];

/// The byte spans of the sentences of a paragraph: a full stop, question or exclamation mark
/// followed by a space and a capital, unless it closes an initial ("J.") or a title ("Cllr.").
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + c.len_utf8();
        let after = &text[end..];
        let rest = after.trim_start();
        if rest.len() == after.len() && !rest.is_empty() {
            continue;
        }
        let next_starts = rest.chars().next().is_none_or(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '(' | '‘' | '“' | '"' | '\'')
        });
        if !next_starts {
            continue;
        }
        if c == '.' {
            let word = text[start..i]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("")
                .trim_start_matches(['(', '‘', '“']);
            let letters = word.chars().filter(|ch| ch.is_alphabetic()).count();
            // "J." (an initial), "C.S.C." (an acronym), "Cllr." (a title); not "£50.00."
            let acronym =
                word.contains('.') && word.chars().all(|ch| ch.is_alphabetic() || ch == '.');
            if letters == 1 && word.chars().count() <= 2
                || acronym
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
            {
                continue;
            }
        }
        if !text[start..end].trim().is_empty() {
            out.push((start, end));
        }
        start = end;
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// The outcome a resolution states by its first word: "To note", "Nodi" (noted); "To agree",
/// "Cytuno" (agreed).
fn leading_outcome(text: &str) -> Option<String> {
    let t = text.trim_start_matches(|c: char| !c.is_alphabetic());
    let t = RESOLVED
        .captures(t)
        .and_then(|c| c.get(1))
        .map_or(t, |m| m.as_str())
        .trim_start_matches(|c: char| !c.is_alphabetic());
    let lower = t.to_lowercase();
    let first = lower
        .strip_prefix("to ")
        .unwrap_or(&lower)
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    match first {
        "note" | "noted" | "nodi" | "nodwyd" => Some("noted".into()),
        "agree" | "agreed" | "approve" | "approved" | "cytuno" | "cytunwyd" | "cymeradwyo" => {
            Some("agreed".into())
        }
        _ => None,
    }
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
        m.proposer = mover_name(&p);
        m.seconder = mover_name(&s);
    }
    let mut votes = Votes::default();
    let mut voted = false;
    let lines: Vec<&str> = scope.lines().collect();
    for (li, line) in lines.iter().enumerate() {
        let l = line.trim();
        if let Some(c) = PROPOSER_LINE.captures(l) {
            let who = mover_name(&c[2]);
            match c[1].to_lowercase().as_str() {
                "proposed" | "proposer" | "moved" | "cynigydd" | "cynigiwyd" => {
                    m.proposer = m.proposer.take().or(who)
                }
                _ => m.seconder = m.seconder.take().or(who),
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
                let side = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
                match side.to_lowercase().as_str() {
                    "for" | "yeas" | "ayes" | "o blaid" => votes.for_ = names,
                    "against" | "nays" | "noes" | "yn erbyn" => votes.against = names,
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
        // Welsh: "Cafodd y cynnig ei gario" (the motion was carried), "y gwelliant"
        // (amendment), "yr argymhelliad" (recommendation), "y bleidlais" (the vote).
        if lower.contains("cynnig")
            || lower.contains("gwelliant")
            || lower.contains("argymhelli")
            || lower.contains("pleidlais")
            || lower.contains("bleidlais")
        {
            if let Some(o) = welsh_outcome(l) {
                m.outcome = Some(o.to_string());
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

/// The outcome a Welsh phrase records ("ei gario": carried, "ei golli": lost, "cytunwyd":
/// agreed, "nodwyd": noted, "tynnwyd yn ôl": withdrawn).
fn welsh_outcome(text: &str) -> Option<&'static str> {
    let c = OUTCOME_CY.captures(text)?;
    let word = c
        .get(1)
        .or(c.get(2))
        .or(c.get(3))
        .map(|m| m.as_str().to_lowercase())?;
    Some(match word.as_str() {
        "gario" | "basio" | "cariwyd" | "pasiwyd" => "carried",
        "golli" | "drechu" | "collwyd" | "trechwyd" => "lost",
        "dynnu" | "tynnwyd" => "withdrawn",
        "nodwyd" => "noted",
        _ => "agreed",
    })
}

/// Words that end a proposer's or seconder's name when the name runs on into the next
/// clause ("... seconded by Cllr. P. Harries Cytunwyd yn unfrydol").
const AFTER_NAME: &[&str] = &[
    "Cytunwyd",
    "Penderfynwyd",
    "Roedd",
    "Gyda",
    "Agreed",
    "Resolved",
    "RESOLVED",
    "It",
    "The",
    "That",
    "And",
    "With",
    "All",
    "Members",
    "Unanimously",
];

/// A proposer's or seconder's name as matched, cut where the next clause begins; `None` if
/// nothing of a name is left.
fn mover_name(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in raw.split_whitespace() {
        if AFTER_NAME.contains(&w) {
            break;
        }
        words.push(w);
    }
    let name = words.join(" ");
    let mut name = name.trim_end_matches([',', ';']).trim();
    // "Siân Lewis." ends a sentence; "J." is an initial.
    if name.ends_with('.')
        && name
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
    {
        name = &name[..name.len() - 1];
    }
    (!name.is_empty()).then(|| name.to_string())
}

fn normalise_outcome(word: &str) -> String {
    match word.to_lowercase().as_str() {
        "fell" | "defeated" | "failed" => "lost".into(),
        "passed" => "carried".into(),
        w => w.to_string(),
    }
}

/// Adds a decision read from section `section`, unless it is too short or already found.
fn push_decision(
    out: &mut Vec<(usize, Decision)>,
    section: usize,
    kind: DecisionKind,
    label: Option<String>,
    text: String,
    motion: Option<&Motion>,
) {
    let text = text.trim().trim_start_matches("- ").trim().to_string();
    // "that Cabinet:", "that Council agree to:" without the list they introduce say nothing.
    let bare_intro =
        text.ends_with(':') && !text.contains('\n') && text.split_whitespace().count() <= 4;
    if text.len() < 8 || bare_intro || out.iter().any(|(_, d)| d.text == text) {
        return;
    }
    // "RESOLVED: To note the report", "PENDERFYNWYD: Nodi'r adroddiad": the resolution says
    // its own outcome where no motion record does.
    let outcome = motion.and_then(|m| m.outcome.clone()).or_else(|| {
        (kind == DecisionKind::Resolution)
            .then(|| leading_outcome(&text))
            .flatten()
    });
    out.push((
        section,
        Decision {
            kind,
            label,
            text,
            proposer: motion.and_then(|m| m.proposer.clone()),
            seconder: motion.and_then(|m| m.seconder.clone()),
            outcome,
            votes: motion.and_then(|m| m.votes.clone()),
        },
    ));
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

    /// The shared corpus of real papers beside the repository, or `None` (with a message)
    /// when it is absent.
    fn shared_raw(file: &str) -> Option<std::path::PathBuf> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/raw")
            .join(file);
        if p.is_file() {
            Some(p)
        } else {
            eprintln!(
                "skipped: {} is absent (the shared corpus beside the repo)",
                p.display()
            );
            None
        }
    }

    fn parse_shared(file: &str) -> Option<Vec<Document>> {
        let path = shared_raw(file)?;
        let parsed = crate::parse_file(&path, file, &crate::ParseOptions::default()).unwrap();
        Some(parsed.documents)
    }

    #[test]
    fn welsh_resolution_with_labelled_items_and_motion() {
        let d = doc("Cofnodion cyfarfod y Pwyllgor Craffu\n\nPresennol: Y Cynghorydd A Jones (Cadeirydd)\n\n7. Cynllun gwella\n\nCynigiwyd gan y Cynghorydd Huw Morgan ac eiliwyd gan y Cynghorydd Siân Lewis.\n\nPENDERFYNWYD:\n\n(a) Nodi'r hysbysiad gwella;\n\n(b) Gwahodd y cynghorydd gwella i'r cyfarfod nesaf.\n\nCafodd y cynnig ei gario.\n");
        assert_eq!(d.kind, DocumentKind::Minutes);
        assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
        let a = &d.decisions[0];
        assert_eq!(a.kind, DecisionKind::Resolution);
        assert_eq!(a.label.as_deref(), Some("a"));
        assert_eq!(a.proposer.as_deref(), Some("Huw Morgan"));
        assert_eq!(a.seconder.as_deref(), Some("Siân Lewis"));
        assert_eq!(a.outcome.as_deref(), Some("carried"));
        assert_eq!(d.decisions[1].label.as_deref(), Some("b"));
        assert!(d.decisions[1].text.starts_with("Gwahodd"));
    }

    #[test]
    fn welsh_resolution_with_numbered_items_and_lost_motion() {
        let d = doc("Cofnodion y Cyngor\n\n3. Cyllideb\n\nPENDERFYNWYD:\n\n1. Cytuno ar y gyllideb ddrafft;\n\n2. Nodi'r risgiau a nodwyd yn yr adroddiad.\n\nCafodd y cynnig ei golli.\n\n4. Unrhyw fater arall\n\nDim.\n");
        let labels: Vec<_> = d.decisions.iter().map(|x| x.label.as_deref()).collect();
        assert_eq!(labels, [Some("1"), Some("2")], "{:?}", d.decisions);
        assert!(d
            .decisions
            .iter()
            .all(|x| x.outcome.as_deref() == Some("lost")));
        // The list is the resolution's, not minutes 1 and 2: minute 4 is still an item.
        let minutes: Vec<_> = d.items.iter().filter_map(|i| i.minute.as_deref()).collect();
        assert_eq!(minutes, ["3", "4"]);
    }

    #[test]
    fn welsh_resolution_states_its_outcome() {
        let d = doc("Cofnodion y Pwyllgor\n\n5. Adroddiad blynyddol\n\nPENDERFYNWYD nodi'r adroddiad blynyddol.\n\n6. Polisi\n\nPenderfynwyd yn unfrydol cytuno ar y polisi newydd.\n");
        assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
        assert_eq!(d.decisions[0].outcome.as_deref(), Some("noted"));
        assert_eq!(d.decisions[1].outcome.as_deref(), Some("agreed"));
        assert_eq!(d.items[1].decisions, [1]);
    }

    #[test]
    fn welsh_minutes_record_decisions_in_running_text() {
        let d = doc("Cofnodion cyfarfod Cyngor Cymuned\n\n2. CADARNHAU COFNODION Y CYFARFOD DIWETHAF\n\nCynigiwyd gan y Cyng. J. Davies, eiliwyd gan y Cyng. O. Williams ac roedd pawb yn gytûn bod y cofnodion yn gywir.\n\n6. GOHEBIAETH\n\ni) Banc, cyfriflen y mis. Nodwyd\n\nii) Ambiwlans Awyr parthed cymorth ariannol. Cynigiwyd gan y Cyng. H. Gwynne, eiliwyd gan y Cyng. K. Davies a chytunwyd gan bawb y dylid rhoi £50.00. Clerc\n\niii) Clwb parthed cymorth ariannol. Ni chytunwyd i roi cymorth.\n\n7. CYNLLUNIO\n\nYn dilyn trafodaeth, penderfynwyd gwrthwynebu'r cais ar sail y canlynol:\n\n- Traffig\n\n- Maint y datblygiad\n");
        assert_eq!(d.decisions.len(), 3, "{:#?}", d.decisions);
        let first = &d.decisions[0];
        assert_eq!(first.proposer.as_deref(), Some("J. Davies"));
        assert_eq!(first.seconder.as_deref(), Some("O. Williams"));
        assert_eq!(first.outcome.as_deref(), Some("agreed"));
        let grant = &d.decisions[1];
        assert_eq!(grant.label.as_deref(), Some("ii"));
        assert_eq!(grant.proposer.as_deref(), Some("H. Gwynne"));
        assert!(grant.text.starts_with("Ambiwlans Awyr"), "{}", grant.text);
        assert!(grant.text.ends_with("£50.00."), "{}", grant.text);
        let planning = &d.decisions[2];
        assert_eq!(planning.outcome, None);
        assert!(
            planning.text.ends_with("- Maint y datblygiad"),
            "{}",
            planning.text
        );
        let items: Vec<(Option<&str>, &str, &[usize])> = d
            .items
            .iter()
            .map(|i| {
                (
                    i.minute.as_deref(),
                    i.title.as_str(),
                    i.decisions.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                (
                    Some("2"),
                    "CADARNHAU COFNODION Y CYFARFOD DIWETHAF",
                    &[0][..]
                ),
                (Some("6"), "GOHEBIAETH", &[1][..]),
                (Some("7"), "CYNLLUNIO", &[2][..]),
            ]
        );
    }

    #[test]
    fn english_minutes_record_decisions_in_running_text() {
        let d = doc("Minutes of the meeting of the Community Council\n\n2. TO CONFIRM THE MINUTES It was proposed by Cllr. J. Davies, seconded by Cllr. O. Williams and unanimously agreed that the minutes were correct.\n\n6. CORRESPONDENCE\n\nxi) Air Ambulance re financial support. It was proposed by Cllr. H. Gwynne, seconded by Cllr. K. Davies and unanimously agreed to donate £50.00. Clerk\n\nxii) Cricket Club re financial support. It was proposed by Cllr. H. Gwynne, seconded by Cllr. K. Davies and unanimously agreed to donate £50.00. Clerk\n\nThe plan was agreed in October 2023 by the county.\n");
        assert_eq!(d.decisions.len(), 3, "{:#?}", d.decisions);
        // The capitals run into the text are the minute's title.
        assert_eq!(d.items[0].title, "TO CONFIRM THE MINUTES");
        assert_eq!(d.decisions[0].proposer.as_deref(), Some("J. Davies"));
        assert_eq!(d.decisions[2].label.as_deref(), Some("xii"));
        assert!(d.decisions[2].text.starts_with("Cricket Club"));
    }

    #[test]
    fn bilingual_resolutions_count_once() {
        let d = doc("Minutes of the Cabinet\n\nPresent: Councillor A Jones\n\n5. Budget\n\nRESOLVED:\n\n(a) That the budget be approved;\n\n(b) That the risks be noted.\n\nPENDERFYNWYD:\n\n(a) Cymeradwyo'r gyllideb;\n\n(b) Nodi'r risgiau.\n\n6. Schools\n\nRESOLVED: That the report be noted.\n");
        let texts: Vec<&str> = d.decisions.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "That the budget be approved;",
                "That the risks be noted.",
                "That the report be noted."
            ]
        );
        assert!(is_welsh(
            "Cymeradwyo'r gyllideb a nodi bod y cyngor wedi cytuno"
        ));
        assert!(!is_welsh(
            "That the budget be approved and the risks be noted"
        ));
    }

    #[test]
    fn english_resolution_lists_and_second_resolutions() {
        let d = doc("Minutes of the Council\n\n3. Constitution\n\nRESOLVED that Council:\n\n1. Approves the changes to the Constitution;\n\n2. Delegates authority to the Monitoring Officer.\n\nRESOLVED that the work programme be noted.\n\n4. Any other business\n\nNone.\n");
        let labels: Vec<_> = d.decisions.iter().map(|x| x.label.as_deref()).collect();
        assert_eq!(labels, [Some("1"), Some("2"), None], "{:?}", d.decisions);
        assert_eq!(d.items.len(), 2);
    }

    #[test]
    fn minute_items_with_minute_and_agenda_item_numbers() {
        let d = doc("KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held on Thursday, 30 January 2025.\n\nPRESENT: Mr R Gough (Chairman)\n\n84. Apologies (Item 1)\n\nApologies were received from Mrs C Bell.\n\n85. Declarations of Interest (Item 2)\n\nNo declarations of interest were received\n\n86. Minutes of the Meeting held on 9th January 2025 (Item 3)\n\nRESOLVED that the minutes were a correct record.\n\n87. Cabinet Member Updates (Item 4)\n\n1. Mr Gough provided an update on the following matters of the month.\n");
        let items: Vec<(Option<&str>, Option<&str>, &str)> = d
            .items
            .iter()
            .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (Some("84"), Some("1"), "Apologies"),
                (Some("85"), Some("2"), "Declarations of Interest"),
                (
                    Some("86"),
                    Some("3"),
                    "Minutes of the Meeting held on 9th January 2025"
                ),
                (Some("87"), Some("4"), "Cabinet Member Updates"),
            ]
        );
        assert_eq!(d.items[2].decisions, [0]);
        // The minute heads the path of everything under it, whatever came before it.
        for item in &d.items {
            let head = &d.sections[item.section];
            assert!(head.path.is_empty(), "{:?}", head.path);
            for s in &d.sections[item.section + 1..=item.last_section] {
                assert_eq!(
                    s.path.first().map(String::as_str),
                    Some(
                        format!(
                            "{} {}",
                            head.number.as_deref().unwrap(),
                            head.heading.as_deref().unwrap()
                        )
                        .as_str()
                    )
                );
            }
        }
    }

    #[test]
    fn minute_numbers_of_other_shapes() {
        let d = doc("Minutes of the Planning Committee\n\nPresent: Councillor A Smith\n\n23/45 Planning applications\n\n1. The committee considered three applications.\n\nRESOLVED: That permission be granted.\n\nCAB 23/46 Highways (Agenda Item 6)\n\nThe report was noted.\n\nMinute 47 - Date of next meeting\n\nThe next meeting is in May.\n\nItem 9: Exclusion of the press\n\nNone.\n");
        let items: Vec<(Option<&str>, Option<&str>, &str)> = d
            .items
            .iter()
            .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (Some("23/45"), None, "Planning applications"),
                (Some("CAB 23/46"), Some("6"), "Highways"),
                (Some("47"), None, "Date of next meeting"),
                (None, Some("9"), "Exclusion of the press"),
            ]
        );
        assert_eq!(d.items[0].decisions, [0]);
        let inner = d
            .sections
            .iter()
            .find(|s| s.text.starts_with("RESOLVED"))
            .unwrap();
        assert_eq!(inner.path, ["23/45 Planning applications"]);
    }

    #[test]
    fn agenda_items_with_page_references() {
        let d = doc("AGENDA\n\nCabinet - 12 June 2023\n\n1. Apologies for absence\n\n2. Record of the previous meeting (Pages 1 - 6)\n\nTo approve the record.\n\n3. Budget monitoring report (Pages 7 - 20)\n");
        assert_eq!(d.kind, DocumentKind::Agenda);
        let items: Vec<(Option<&str>, Option<&str>, &str)> = d
            .items
            .iter()
            .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (None, Some("1"), "Apologies for absence"),
                (None, Some("2"), "Record of the previous meeting"),
                (None, Some("3"), "Budget monitoring report"),
            ]
        );
    }

    #[test]
    fn report_facts_from_a_cover_table() {
        let d = doc("From: Sue Chandler, Cabinet Member for Integrated\n\nChildren's Services\n\nDan Watkins, Cabinet Member for Adult Social Care\n\nTo: Cabinet - 30 January 2025\n\nSubject: Transfer of the Strengthening\n\nIndependence Service\n\nDecision no: 24/00109\n\nKey Decision: Yes - It affects more than 2 Electoral Divisions\n\nElectoral Division: All\n\nSummary: The proposal is to transfer the service.\n\n1. Introduction\n\n1.1 Text.\n\n1.2 More text.\n");
        assert_eq!(d.kind, DocumentKind::CommitteeReport);
        let r = d.report.expect("report facts");
        assert_eq!(r.key_decision, Some(true));
        assert_eq!(r.forward_plan.as_deref(), Some("24/00109"));
        assert_eq!(r.wards, ["All"]);
        assert_eq!(
            r.author.as_deref(),
            Some("Sue Chandler, Cabinet Member for Integrated Children's Services; Dan Watkins, Cabinet Member for Adult Social Care")
        );
        assert_eq!(
            d.title.as_deref(),
            Some("Transfer of the Strengthening Independence Service")
        );
        assert!(d
            .sections
            .iter()
            .all(|s| s.heading.as_deref() != Some("Children's Services")));
    }

    #[test]
    fn report_facts_in_other_layouts() {
        let d = doc("REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES\n\nLibrary opening hours\n\nKey Decision: Yes – Reference: KD1234\n\nWard(s): Altrincham; Hale Central\n\n1. Purpose\n\n1.1 Text.\n\n1.2 Text.\n");
        let r = d.report.expect("report facts");
        assert_eq!(r.author.as_deref(), Some("Director of Children's Services"));
        assert_eq!(r.key_decision, Some(true));
        assert_eq!(r.forward_plan.as_deref(), Some("KD1234"));
        assert_eq!(r.wards, ["Altrincham", "Hale Central"]);

        let d = doc("Library opening hours\n\nReport of: Head of Libraries\n\nThis is not a key decision.\n\nForward Plan reference: FP/2023/045\n\nWards affected: None\n\n1. Purpose\n\n1.1 Text.\n\n1.2 Text.\n");
        let r = d.report.expect("report facts");
        assert_eq!(r.author.as_deref(), Some("Head of Libraries"));
        assert_eq!(r.key_decision, Some(false));
        assert_eq!(r.forward_plan.as_deref(), Some("FP/2023/045"));
        assert!(r.wards.is_empty());

        let d = doc("Decision details\n\nRoad repairs\n\nDecision maker: Cabinet\n\nIs Key decision?: No\n\nRef: KD 2023/12\n\nDecision\n\nThe repairs were approved.\n");
        let r = d.report.expect("report facts");
        assert_eq!(r.key_decision, Some(false));
        assert_eq!(r.forward_plan.as_deref(), Some("KD 2023/12"));

        // Nothing is guessed: "N/A" is no reference, a planning reference no forward plan.
        let d = doc("Planning report\n\nKey decision: N/A\n\nRef: 22/01234/FUL\n\nForward Plan ref: N/A\n\n1. Site\n\n1.1 Text.\n\n1.2 Text.\n");
        assert_eq!(d.report, None);
    }

    #[test]
    fn real_welsh_minutes_yield_resolutions() {
        let Some(docs) = parse_shared("mscc-wales/minutes/2019/3-19_cy.pdf") else {
            return;
        };
        let d = &docs[0];
        assert_eq!(d.kind, DocumentKind::Minutes);
        let minutes = d
            .decisions
            .iter()
            .find(|x| x.text.starts_with("Cynigiwyd gan y Cyng. J. Davies"))
            .expect("the minutes confirmed");
        assert_eq!(minutes.proposer.as_deref(), Some("J. Davies"));
        assert_eq!(minutes.seconder.as_deref(), Some("O. Williams"));
        assert_eq!(minutes.outcome.as_deref(), Some("agreed"));
        assert!(d
            .decisions
            .iter()
            .any(|x| x.text.starts_with("y dylid gwrthwynebu’r datblygiad")));
        assert!(d
            .items
            .iter()
            .any(|i| i.title == "GOHEBIAETH" && !i.decisions.is_empty()));
    }

    #[test]
    fn real_minutes_list_their_items() {
        let Some(docs) = parse_shared(
            "kent-cc/cabinet/2025-01-30/originals/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf",
        ) else {
            return;
        };
        let d = &docs[0];
        let first: Vec<(Option<&str>, Option<&str>, &str)> = d
            .items
            .iter()
            .take(3)
            .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
            .collect();
        assert_eq!(
            first,
            [
                (Some("84"), Some("1"), "Apologies"),
                (Some("85"), Some("2"), "Declarations of Interest"),
                (
                    Some("86"),
                    Some("3"),
                    "Minutes of the Meeting held on 9th January 2025"
                ),
            ]
        );
        assert!(!d.items[2].decisions.is_empty());
    }

    #[test]
    fn real_report_cover_facts() {
        let Some(docs) = parse_shared("kent-cc/cabinet/2025-01-30/originals/24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report.pdf") else {
            return;
        };
        let r = docs[0].report.as_ref().expect("report facts");
        assert_eq!(r.key_decision, Some(true));
        assert_eq!(r.forward_plan.as_deref(), Some("24/00109"));
        assert_eq!(r.wards, ["All"]);
        assert!(
            r.author.as_deref().is_some_and(|a| a.starts_with(
                "Sue Chandler, Cabinet Member for Integrated Children’s Services; Dan Watkins"
            )),
            "{:?}",
            r.author
        );
    }
}
