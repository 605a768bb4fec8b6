//! The cover of a paper (the blocks before its body): its title, the meeting it goes to
//! (body, date, agenda item) and its author. The report facts of the cover (key decision,
//! forward plan, wards) are read by `super::report`.

use super::layout::push_joined;
use super::questions::QUESTION_FROM;
use super::report::{read_report_fact, KEY_DECISION};
use super::title::{capital_tail, is_generic_title};
use crate::blocks::{heading_like, key_value, upper_case, Block, LABELLED, NUMBERED};
use crate::dates::{first_date, ORDINAL};
use crate::names::{is_council_name, title_case};
use council_model::{DocumentKind, Meeting, ReportFacts};
use regex::Regex;
use std::sync::LazyLock;

static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:committee|sub-committee|board|panel|cabinet|council|group|forum|partnership|executive|commission|meeting|cyngor|pwyllgor)(?-u:\b)").unwrap()
});

/// What follows a body's name on a cover line but is no part of it: a date ("County Council
/// 13th March 2025"), "Date".
static BODY_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:\s*[-–—,]?\s*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?\d{{1,2}}(?:{ORDINAL})?\s+[a-z]+\.?,?\s+\d{{4}}|\s+date)\s*$")).unwrap()
});
static BODY_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(.{{3,120}}?)\s*(?:[-–—,:]|\bon\b|(?i:\b(?:meeting|cyfarfod)(?:\s+held)?(?:\s+on)?\b))\s*(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(\d{{1,2}}(?i:{ORDINAL})?\s+[A-Za-z]+\.?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})\s*$")).unwrap()
});

/// A body's name and the date, with nothing but a space between: "AUDIT COMMITTEE 24
/// SEPTEMBER 2009" (a heading and its date line joined), "Cabinet (Special) Monday 3 March
/// 2025".
static BODY_SPACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{0,100}?(?i:committee|sub-committee|council|cabinet|board|panel|forum|executive|commission|partnership|assembly|authority)(?:\s*\([^)]{2,40}\))?)\s+((?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?\d{1,2}(?i:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4})$").unwrap()
});

static BARE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:full\s+|county\s+|city\s+|borough\s+|district\s+|parish\s+|town\s+)?(?:council|cabinet|executive)$").unwrap()
});

static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:(?:meeting|meeting\s+held|held|date|cyfarfod)\s+(?:on\s+)?)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?:\d{{1,2}}(?:{ORDINAL})?\s+[a-z]+\.?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})(?:,?\s+(?:at\s+)?\d{{1,2}}[.:]\d{{2}}\s*(?:am|pm)?)?$")).unwrap()
});

static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?(?:(?:special|annual|ordinary|extraordinary|monthly)\s+)?meeting\s+of\s+(?:the\s+)?(.+?)\s*$").unwrap()
});

static DATE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?i:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})\s*[-–—,:]\s*(.{3,120})$").unwrap()
});

static REPORT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:joint\s+)?report\s+(?:of|by|from)\s+(?:the\s+)?(.+)$").unwrap()
});

/// An agenda item's stamp: "Agenda Item 6", "Agenda item no. 3".
pub(super) static AGENDA_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^agenda\s+item\s*(?:no\.?\s*)?:?\s*([0-9]+[a-z]?)").unwrap());

static MINUTES_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(minutes\s+of\s+(?:(?:the\s+)?proceedings\s+(?:at|of)\s+)?(?:the\s+|a\s+)?(?:(?:annual|special|extraordinary|ordinary|monthly|virtual|remote)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?(.+?))\s+(?:held|which\s+took\s+place|at\s+which|convened)\b").unwrap()
});

/// Minutes that open with a sentence saying who met: "X held their meeting ...", "A meeting
/// of X was held ...", in Welsh "Cynhaliwyd cyfarfod X am ..." (a date before it, from the
/// page's head, is passed over).
static HELD_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\s+)?(?:The\s+)?([A-Z][^.\n]{2,100}?)\s+held\s+(?:their|its)\s+(?:[a-z]+\s+){0,2}meeting(?-u:\b)|^(?:An?|The)\s+(?:[a-z]+\s+)?meeting\s+of\s+(?:the\s+)?([A-Z][^.\n]{2,100}?)\s+was\s+held(?-u:\b)|^Cynhaliwyd\s+cyfarfod\s+([A-Z][^.\n]{2,100}?)\s+(?:am|ar|yn|drwy)\s").unwrap()
});

/// What the cover of a paper says (the blocks before its body).
#[derive(Debug, Default, Clone)]
pub(super) struct Cover {
    pub(super) title: Option<String>,
    pub(super) meetings: Vec<Meeting>,
    pub(super) author: Option<String>,
    /// Key decision, forward plan and wards (the author is `author`).
    pub(super) report: ReportFacts,
}

/// A meeting's body as a committee clerk writes it, or `None` when the value names no body:
/// without a leading "the" or "To", a trailing date or "Meeting" / "Date", capitals in title
/// case; an addressee ("All Members of the County Council", "Leaders of ..."), a person with
/// a post ("Sue Chandler, Cabinet Member for ...") or a sentence is no body.
pub(super) fn clean_body(s: &str) -> Option<String> {
    let s = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == ',' || c == ':')
        .trim();
    let s = ["the ", "The ", "To ", "TO "]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
        .trim();
    let s = BODY_TAIL.replace(s, "");
    let s = s.trim().trim_end_matches(['-', '–', ',', ':']).trim();
    // "County Council Meeting" is the County Council's meeting ("Annual Parish Meeting" is a
    // body of its own).
    let s = match s
        .strip_suffix(" Meeting")
        .or_else(|| s.strip_suffix(" MEETING"))
        .or_else(|| s.strip_suffix(" meeting"))
    {
        Some(rest)
            if ["council", "committee", "cabinet", "board", "panel"]
                .iter()
                .any(|w| rest.to_lowercase().ends_with(w)) =>
        {
            rest
        }
        _ => s,
    };
    let lower = s.to_lowercase();
    let addressee = [
        "all ",
        "members of",
        "leaders of",
        "chair and members",
        "chairman and",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    let person = NAME_POST
        .find(s)
        .is_some_and(|m| !BODY_WORD.is_match(m.as_str()));
    if s.chars().filter(|c| c.is_alphabetic()).count() < 3
        || addressee
        || person
        || s.split_whitespace().count() > 12
    {
        return None;
    }
    Some(if upper_case(s) {
        title_case(s)
    } else {
        s.to_string()
    })
}

pub(super) fn read_cover(blocks: &[Block], consumed: &mut [bool], kind: DocumentKind) -> Cover {
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
    // "GRANT OF PLANNING PERMISSION", "Decision Recording Form": what a notice records.
    let mut decision_title: Option<(usize, String)> = None;
    // Whether a letter's closing has been passed: what follows is its signature.
    let mut signed = false;
    for i in 0..limit {
        if consumed[i] {
            // A wrapped value of a cover key read with its key.
            continue;
        }
        let b = &blocks[i];
        let text = b.text.trim();
        if ITEM_NO_KEY.is_match(text) {
            // "Agenda Item No" over "9 24/00096 - Commissioning Plan ...": a covering letter
            // sending a paper for item 9, titled by it.
            if let Some(c) = blocks
                .get(i + 1)
                .filter(|_| i + 1 < limit && !consumed[i + 1])
                .and_then(|n| ITEM_NO_VALUE.captures(n.text.trim()))
            {
                item.get_or_insert(c[1].to_string());
                let t = PAGES_NOTE.replace(&c[2], "").trim().to_string();
                if title_from_key.is_none() && heading_like(&t) {
                    title_from_key = Some(t);
                }
                // Not consumed: the letter's list stays in its text, where matters read
                // which items it encloses (`council_index::items`).
                continue;
            }
        }
        if crate::blocks::valediction(text) {
            // "Yours sincerely": a name and a post follow, the letter's signature.
            signed = true;
        }
        // A date ("14 March 2025") is no numbered paragraph.
        if NUMBERED.is_match(text)
            && i > 2
            && !text.contains(':')
            && !crate::blocks::starts_with_date(text)
        {
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
                .filter(|n| {
                    n.len() < 150
                        && key_value(n).is_none()
                        && (!NUMBERED.is_match(n) || crate::blocks::starts_with_date(n))
                }) {
                // Only a value that is what the key asks for: a body, or a date.
                Some(n)
                    if COVER_KEYS_ON_NEXT_LINE.contains(&k)
                        && if k.contains("date") {
                            first_date(n).is_some()
                        } else if TITLE_KEYS.contains(&k) {
                            !is_generic_title(n) && !DATE_ONLY.is_match(n)
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
                            body = clean_body(&c[2]).or(body);
                        } else if let Some(c) = BODY_DATE_LINE.captures(value) {
                            body = clean_body(&c[1]).or(body);
                            date = date.or_else(|| first_date(&c[2]));
                        } else {
                            body = clean_body(value).or(body);
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
                k if TITLE_KEYS.contains(&k) => {
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
                k if i == 0
                    && PACK_PLACE.is_match(k)
                    && title_from_key.is_none()
                    && heading_like(value)
                    && !is_generic_title(value) =>
                {
                    // "Appendix A: Proposed Terms of Reference" heading a paper: its title.
                    title_from_key = Some(text.to_string());
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
        // "MINUTES OF PROCEEDINGS AT SPECIAL MEETING OF LIMERICK" over "CITY AND COUNTY
        // COUNCIL HELD IN ..., ON MONDAY, 6TH NOVEMBER, 2017": a minutes heading wrapped
        // over blocks of its own is read whole.
        let (text, continued) = match minutes_heading(blocks, i, limit, consumed) {
            Some((joined, until)) if body.is_none() => (joined, until),
            _ => (text.to_string(), i),
        };
        let text = text.as_str();
        if let Some(c) = HELD_MEETING.captures(text).filter(|_| body.is_none()) {
            // "Manordeilo and Salem Community Council held their meeting via Zoom ... on the
            // 11th November 2020", "A meeting of the Audit Committee was held on ...".
            let b = c
                .get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .map_or("", |m| m.as_str());
            if let Some(b) = clean_body(b.trim().trim_start_matches("the ")) {
                date = date.or_else(|| first_date(text));
                minutes_title.get_or_insert(b.clone());
                body = Some(b);
                consumed[i] = true;
                continue;
            }
        }
        if let Some(c) = SUMMONED_TO.captures(text) {
            // "You are requested to attend a Meeting of the Municipal District of X to be held
            // at ... on Wednesday, 1st February, 2017": the meeting an agenda summons to.
            let meeting = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
            let mut chars = meeting.chars();
            let first = chars.next().map(|f| f.to_uppercase().collect::<String>());
            line_title.get_or_insert(first.unwrap_or_default() + chars.as_str());
            // It names the meeting, over a "To:" naming those summoned.
            body = clean_body(&c[2]).or(body);
            date = first_date(text).or(date);
            continue;
        }
        if let Some(c) = MINUTES_OF.captures(text) {
            if body.is_none() {
                for done in &mut consumed[i + 1..=continued] {
                    *done = true;
                }
                let b = c[2]
                    .trim()
                    .trim_start_matches("the ")
                    .trim_start_matches("The ");
                if b.eq_ignore_ascii_case("meeting") {
                    // "OVERVIEW AND SCRUTINY BOARD" over "MINUTES of the meeting held on
                    // ...": the body is the line above.
                    if let Some(above) = body_above(blocks, i) {
                        minutes_title.get_or_insert(above.clone());
                        body = Some(above);
                    }
                } else {
                    body = clean_body(b).or(body);
                }
                // "... HELD IN THE COUNCIL CHAMBER" / "ON MONDAY, 17TH FEBRUARY, 2020".
                date = first_date(text)
                    .or_else(|| blocks.get(continued + 1).and_then(|n| first_date(&n.text)))
                    .or(date);
                minutes_title.get_or_insert(c[1].split_whitespace().collect::<Vec<_>>().join(" "));
                consumed[i] = true;
                continue;
            }
        }
        if heading_like(text) && text.split_whitespace().count() <= 6 && is_council_name(text) {
            // The publishing council's name on the cover is not the paper's title.
            continue;
        }
        if date.is_none() && text.len() < 40 && DATE_ONLY.is_match(text) {
            date = first_date(text);
            consumed[i] = true;
            continue;
        }
        // "Planning Committee – 12 March 2024 – Minutes": the genre after the meeting.
        let core = GENRE_TAIL.replace(text, "");
        if let Some(c) = BODY_DATE_LINE
            .captures(&core)
            .or_else(|| BODY_SPACE_DATE.captures(&core))
        {
            let candidate = c[1].trim();
            if BODY_WORD.is_match(candidate) && candidate.len() < 100 && body.is_none() {
                body = clean_body(candidate).or(body);
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
        if kind == DocumentKind::DecisionNotice
            && decision_title.is_none()
            && super::decision_form_head(text)
        {
            decision_title = Some((i, capital_tail(text).unwrap_or(text).to_string()));
        }
        if heading_like(text)
            && !is_generic_title(text)
            && !QUESTION_FROM.is_match(text)
            && !signed
            && first_heading.is_none()
        {
            // A block that only names a body ("COUNCIL", "Cabinet") is the meeting, not the title.
            let words = text.split_whitespace().count();
            if words <= 3 && BARE_BODY.is_match(text) && i < 3 && body.is_none() {
                body = clean_body(text).or(body);
                consumed[i] = true;
                continue;
            }
            first_heading = Some((i, text.to_string()));
        }
    }
    let meeting_paper = matches!(kind, DocumentKind::Minutes | DocumentKind::Agenda);
    if let Some(t) = title_from_key.or(minutes_title) {
        cover.title = Some(t);
    } else if let Some((i, t)) = decision_title {
        // A notice is titled by the decision it records.
        cover.title = Some(t);
        consumed[i] = true;
    } else if let Some(t) = line_title.take().filter(|_| meeting_paper) {
        // Minutes and agendas are titled by the line naming their meeting.
        cover.title = Some(t);
    } else if let Some((i, t)) = typeset_title(blocks, limit, kind, body.as_deref()) {
        // The first page's most prominent heading, by its typography.
        cover.title = Some(t);
        if !blocks
            .get(i + 1)
            .is_some_and(|n| NUMBERED.is_match(&n.text))
        {
            consumed[i] = true;
        }
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
            body = clean_body(t).or(body);
        }
    }
    if body.is_none() {
        if let Some(c) = cover.title.as_deref().and_then(|t| MEETING_OF.captures(t)) {
            if BODY_WORD.is_match(&c[1]) {
                body = clean_body(&c[1]).or(body);
            }
        }
    }
    if let Some(t) = &cover.title {
        // "... Meeting on" over the date: the date is the meeting's, the title ends before it.
        if let Some(head) = t.strip_suffix(" on").or_else(|| t.strip_suffix(" at")) {
            cover.title = Some(head.to_string());
        }
    }
    if let Some(t) = &cover.title {
        if upper_case(t) {
            cover.title = Some(title_case(t));
        }
    }
    if let Some((first, second)) = body.as_deref().and_then(joint_bodies) {
        // "Audit Committee and General Purposes Committee (Joint Session)": both met.
        for b in [first, second] {
            cover.meetings.push(Meeting {
                body: Some(b),
                date: date.clone(),
                item: item.clone(),
            });
        }
    } else if body.is_some() || date.is_some() {
        cover.meetings.push(Meeting { body, date, item });
    }
    cover
}

/// A summons to a meeting: "You are requested to attend a Meeting of the X to be held".
static SUMMONED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^you\s+are\s+(?:hereby\s+)?(?:requested|summoned|invited|required)\s+to\s+attend\s+(?:an?\s+|the\s+)?((?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(.{3,100}?))\s+(?:to\s+be\s+held|which\s+will\s+be\s+held|on|at|in)\s").unwrap()
});

/// "Agenda Item No" alone, its value on the next line.
static ITEM_NO_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^agenda\s+item\s+(?:no\.?|number):?$").unwrap());
/// An item's number and title: "9 24/00096 - Commissioning Plan (Pages 1 - 4)".
static ITEM_NO_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}[a-z]?)\.?\s+(\S.{3,200})$").unwrap());
/// A note of an item's pages: "(Pages 1 - 4)".
static PAGES_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*\(pages?\s+\d+(?:\s*-\s*\d+)?\)\s*$").unwrap());

/// A paper's place in a pack, as the key of its title: "appendix a", "annex 2", "schedule 1".
static PACK_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:appendix|annex|annexe|schedule|enclosure|attachment)\s+[0-9a-z]{1,3}$")
        .unwrap()
});

/// Two bodies meeting together: "Audit Committee and General Purposes Committee (Joint
/// Session)", "Joint Meeting of the Cabinet and the Scrutiny Board": each half ends in a
/// body's word, so "Children and Young People Committee" is one body.
static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:joint\s+(?:meeting|session)\s+of\s+(?:the\s+)?)?(.{2,80}?\b(?:committee|sub-committee|board|panel|cabinet|forum|executive))\s+(?:and|&)\s+(?:the\s+)?(.{2,80}?\b(?:committee|sub-committee|board|panel|cabinet|forum|executive))(?:\s*\(\s*joint\s+(?:session|meeting)\s*\))?$").unwrap()
});

fn joint_bodies(body: &str) -> Option<(String, String)> {
    let c = JOINT.captures(body.trim())?;
    Some((c[1].trim().to_string(), c[2].trim().to_string()))
}

/// Headings of a paper's parts that are never its title, however large they are set.
const NOT_TITLES: &[&str] = &[
    "present",
    "presennol",
    "apologies",
    "absent",
    "in attendance",
    "appendices",
];

/// An authority named "City of X" ("City of Chicago", "Town of Bedford", "City of York
/// Council"): the publisher on a letterhead, not the paper's title.
static AUTHORITY_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:the\s+)?(?i:city|town|borough|county|village|municipality|district)\s+(?i:of)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}(?:\s+(?i:council))?$").unwrap()
});

/// The title by typography: of the headings a PDF's typography sets on the first page
/// among the first `limit` blocks, the first of the most prominent style (the largest text,
/// bold over regular), passing over what is no title (the council's name, a date, a generic
/// word like "Agenda" or "Minutes", a question's number). `None` for text without typography.
/// A paper of `kind` minutes or agenda takes the line naming its meeting as its title; a
/// heading that only names `meeting_body`, the body the paper goes to, comes after one set
/// alike that names the paper.
fn typeset_title(
    blocks: &[Block],
    limit: usize,
    kind: DocumentKind,
    meeting_body: Option<&str>,
) -> Option<(usize, String)> {
    let first_page = blocks.first()?.page;
    // The cover ends where numbered paragraphs start.
    let body = blocks
        .iter()
        .position(|b| NUMBERED.is_match(&b.text))
        .unwrap_or(blocks.len());
    // Nor is anything signed under a letter's closing ("Yours sincerely") part of it.
    let body = blocks
        .iter()
        .position(|b| crate::blocks::valediction(&b.text))
        .map_or(body, |v| v.min(body));
    blocks
        .iter()
        .enumerate()
        .take(limit.min(body))
        .filter(|(_, b)| b.page == first_page && b.style.is_some())
        .filter_map(|(i, b)| Some((i, b.heading?, b.text.trim())))
        .filter(|(_, _, t)| {
            !is_generic_title(t)
                && !is_council_name(t)
                && !AUTHORITY_OF.is_match(t)
                && !NOT_TITLES.contains(&t.to_lowercase().trim_end_matches(':'))
                && !DATE_ONLY.is_match(t)
                && !QUESTION_FROM.is_match(t)
                && !REPORT_OF.is_match(t)
        })
        // A line naming the meeting ("Cabinet – 4 March 2025") is the title of its minutes
        // or agenda; of any other paper only when no other heading names the paper.
        .min_by_key(|&(i, level, t)| {
            let meeting_paper = matches!(kind, DocumentKind::Minutes | DocumentKind::Agenda);
            let meeting = BODY_DATE_LINE.is_match(t) && !meeting_paper;
            // "Transport Delivery Committee" over "Bus Service Improvement Plan Update", set
            // alike, on a report to that committee: the body it goes to is not its title.
            let body_only = !meeting_paper
                && meeting_body
                    .is_some_and(|m| clean_body(t).is_some_and(|b| b.eq_ignore_ascii_case(m)));
            (meeting, level, body_only, i)
        })
        .map(|(i, _, t)| (i, t.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// A minutes heading ("Minutes of ...") at block `i` that goes on in the blocks after it
/// (set the same way, in capitals or not, none a key or a numbered paragraph) until it
/// names where or when the meeting was held: the joined text and the last block joined.
/// `None` when block `i` is no such heading or is whole on its own.
fn minutes_heading(
    blocks: &[Block],
    i: usize,
    limit: usize,
    consumed: &[bool],
) -> Option<(String, usize)> {
    let first = blocks[i].text.trim();
    let opens = first
        .get(..10)
        .is_some_and(|h| h.eq_ignore_ascii_case("minutes of"));
    if !opens || MINUTES_OF.is_match(first) && first_date(first).is_some() {
        return None;
    }
    let capitals = upper_case(first);
    let mut joined = first.to_string();
    let mut last = i;
    for (j, b) in blocks.iter().enumerate().take(limit.min(i + 5)).skip(i + 1) {
        let next = b.text.trim();
        if consumed[j]
            || upper_case(next) != capitals
            || next.len() > 200
            || key_value(next).is_some()
            || NUMBERED.is_match(next)
        {
            break;
        }
        joined.push(' ');
        joined.push_str(next);
        last = j;
        if MINUTES_OF.is_match(&joined) && first_date(&joined).is_some() {
            return Some((joined, last));
        }
    }
    (last > i && MINUTES_OF.is_match(&joined)).then_some((joined, last))
}

/// The genre a line naming a meeting ends with: "Cabinet – 4 March 2025 – Minutes".
static GENRE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[-–—:,|]\s*(?:(?:draft|confirmed|signed)\s+)?(?:minutes|agenda|decisions|notice\s+of\s+decisions?)\s*$").unwrap()
});

/// The body named by a heading just above block `i` ("OVERVIEW AND SCRUTINY BOARD" over
/// "MINUTES of the meeting held on ..."): a short line naming a committee, board or other
/// body, not the council's own name.
fn body_above(blocks: &[Block], i: usize) -> Option<String> {
    blocks[i.saturating_sub(3)..i].iter().rev().find_map(|b| {
        let t = b.text.trim();
        (heading_like(t)
            && t.split_whitespace().count() <= 10
            && BODY_WORD.is_match(t)
            && !is_council_name(t)
            && !DATE_ONLY.is_match(t))
        .then(|| clean_body(t))
        .flatten()
    })
}

/// Cover keys whose value is the paper's title.
const TITLE_KEYS: &[&str] = &[
    "subject",
    "title",
    "report title",
    "subject matter",
    "report",
];

/// Cover keys whose value may stand on the line after the key.
const COVER_KEYS_ON_NEXT_LINE: &[&str] = &[
    "subject",
    "title",
    "report title",
    "subject matter",
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

/// A line that starts with a name and a post: "Dan Watkins, Cabinet Member for ...".
static NAME_POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+)?[A-Z][^\s,]+(?:\s+[A-Z][^\s,]+){1,3}\s*(?:,|\s[–—-]\s)").unwrap()
});

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
        // A heading set like the key's line is the value wrapped, not a heading.
        let set_alike = b
            .style
            .zip(blocks[i].style)
            .is_some_and(|(a, k)| a.size == k.size && a.bold == k.bold);
        if consumed[j]
            || (b.heading.is_some() && !set_alike)
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
