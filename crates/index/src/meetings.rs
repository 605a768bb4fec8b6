//! Meetings as matters: the papers of one meeting, linked by what they say about it.
//!
//! A meeting is a body and a date (`Cabinet`, 30 January 2025). A paper belongs to a meeting
//! when its own words say so, and each link keeps those words ([`MeetingRelation`]):
//!
//! - **its minutes**: a paper of kind minutes whose head (title and first sections) states
//!   the meeting, "MINUTES of a meeting of the Cabinet held … on Thursday, 30 January 2025";
//! - **its agenda** and **its papers** (reports, decision notices): the meeting the paper was
//!   published for, where its head or the name its publisher gave the file states both the
//!   body and the date ("To: Cabinet - 30 January 2025", `Agenda frontsheet
//!   30th-Jan-2025 10.00 Cabinet.pdf`);
//! - **the minutes it names**: minutes or an agenda that confirm "the minutes of the
//!   (last) meeting held on 9 January 2025" point at the meeting of that date, of the body
//!   the phrase names or else of their own body (a body confirms its own minutes), and only
//!   for a date before their own meeting.
//!
//! A meeting read from the folder a paper was filed in, or any date the head does not
//! state, links nothing: a paper whose head does not say which meeting it is for is not
//! linked. Bodies are compared by [`body_key`] (case, `&`, punctuation, "the", "meeting
//! of", ordinals and words such as "special" or "monthly" do not count).

use std::sync::LazyLock;

use council_model::{Document, DocumentKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::matters::{LinkReason, RefKind, Reference};

/// How many sections from the start make a paper's head.
const HEAD_SECTIONS: usize = 6;
/// The most characters of a section read as part of the head.
const HEAD_CHARS: usize = 1_500;

/// How a paper belongs to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingRelation {
    /// The paper is the minutes of the meeting.
    Minutes,
    /// The paper is the agenda of the meeting.
    Agenda,
    /// The paper was published for the meeting (a report, a decision notice).
    Paper,
    /// The paper names the minutes of the meeting (confirms them, or lists them to be
    /// confirmed).
    NamesMinutes,
}

use council_model::dates::MONTH_NAMES as MONTHS;

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m.to_ascii_lowercase().starts_with(&w[..w.len().min(3)]) && w.len() >= 3)
        .map(|i| i as u32 + 1)
}

fn iso(year: &str, month: u32, day: &str) -> Option<String> {
    let year: i32 = year.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1900..=2100).contains(&year) && (1..=days).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The dates written out in `text` (`30 January 2025`, `Thursday, 30th January, 2025`,
/// `12th of March 2019`, `February 11, 2025`, `30th-Jan-2025`), as `(start, end, YYYY-MM-DD)`.
pub fn dates_in(text: &str) -> Vec<(usize, usize, String)> {
    static BRITISH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[^\w\s]{{0,2}}(?:\s*|-)(?:of\s+)?{MONTH}\b\.?,?(?:\s+|-)(\d{{4}})\b"
        ))
        .unwrap()
    });
    static AMERICAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
        ))
        .unwrap()
    });
    let mut out = Vec::new();
    for c in BRITISH.captures_iter(text) {
        if let Some(date) = month_number(&c[2]).and_then(|m| iso(&c[3], m, &c[1])) {
            let whole = c.get(0).unwrap();
            out.push((whole.start(), whole.end(), date));
        }
    }
    for c in AMERICAN.captures_iter(text) {
        let whole = c.get(0).unwrap();
        if out
            .iter()
            .any(|(s, e, _)| *s < whole.end() && whole.start() < *e)
        {
            continue;
        }
        if let Some(date) = month_number(&c[1]).and_then(|m| iso(&c[3], m, &c[2])) {
            out.push((whole.start(), whole.end(), date));
        }
    }
    out.sort();
    out
}

/// A date `YYYY-MM-DD` as people write it: `30 January 2025` (one formatter for the
/// whole index: [`crate::snippet::long_date`]).
pub use crate::snippet::long_date;

/// A body's name reduced to the words that tell bodies apart (`the Cabinet` and `CABINET`
/// are `cabinet`; `9th Special Meeting of the Planning & Environment Committee` is
/// `planning and environment committee`).
pub fn body_key(body: &str) -> String {
    const NOISE: [&str; 16] = [
        "the",
        "a",
        "an",
        "of",
        "meeting",
        "meetings",
        "special",
        "extraordinary",
        "annual",
        "monthly",
        "ordinary",
        "inaugural",
        "virtual",
        "remote",
        "held",
        "minutes",
    ];
    let lower = body.to_lowercase().replace('&', " and ");
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !NOISE.contains(w))
        .filter(|w| {
            // Ordinals (`9th`, `2nd`) number the meeting, not the body.
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    words.join(" ")
}

/// The head of a paper: its title and first sections, each with its section ordinal (`None`
/// for the title).
fn head(document: &Document) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    if let Some(title) = &document.title {
        out.push((None, title.clone()));
    }
    for (ordinal, section) in document.sections.iter().take(HEAD_SECTIONS).enumerate() {
        let mut text = String::new();
        if let Some(h) = &section.heading {
            text.push_str(h);
            text.push('\n');
        }
        let cut = section
            .text
            .char_indices()
            .nth(HEAD_CHARS)
            .map_or(section.text.len(), |(i, _)| i);
        text.push_str(&section.text[..cut]);
        out.push((Some(ordinal), text));
    }
    out
}

/// The name the publisher gave the file.
pub(crate) fn file_name(document: &Document) -> &str {
    document
        .source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
}

/// "minutes of the (last) meeting (of BODY) held on DATE" and its like: where the phrase
/// starts, where its date starts and ends, the body it names (if any) and the date.
fn named_minutes(text: &str) -> Vec<(usize, usize, usize, Option<String>, String)> {
    static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\bminutes\s+of\s+(?:the\s+)?(?:(?:last|previous|ordinary|special|extraordinary|annual|monthly|budget|inaugural|\d+(?:st|nd|rd|th))\s+)*(?:(?P<b1>[a-z][\w&’',\- ]{2,80}?)\s+)?meetings?\s+(?:of\s+(?:the\s+)?(?P<b2>[a-z][\w&’'\- ]{2,80}?),?\s+)?held\s+(?:[^.;\n]{0,60}?\s)?on\s+(?:the\s+)?",
        )
        .unwrap()
    });
    let mut out = Vec::new();
    for c in PHRASE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        // The date must follow at once (a weekday may come first).
        let rest = &text[whole.end()..];
        let Some((start, end, date)) =
            dates_in(&rest[..rest.len().min(40)])
                .into_iter()
                .find(|(s, _, _)| {
                    let before = rest[..*s].trim().trim_end_matches(',').to_lowercase();
                    before.is_empty() || before.ends_with("day")
                })
        else {
            continue;
        };
        // "… held on 19 December 2024 and 9 January 2025": every date named.
        let mut dates = vec![(start, end, date)];
        loop {
            let after = &rest[dates.last().map_or(0, |d| d.1)..];
            let joined = after.trim_start();
            let Some(next) = ["and ", ", ", "& "]
                .iter()
                .find_map(|j| joined.strip_prefix(j))
            else {
                break;
            };
            let offset = rest.len() - next.len();
            match dates_in(&next[..next.len().min(30)]).into_iter().next() {
                Some((s, e, d)) if next[..s].trim().is_empty() => {
                    dates.push((offset + s, offset + e, d))
                }
                _ => break,
            }
        }
        let body = c
            .name("b2")
            .or(c.name("b1"))
            .map(|m| m.as_str().trim().to_string())
            .filter(|b| {
                // "the Audit Committee meeting and the General Purposes Committee": two
                // meetings, not one body.
                let k = body_key(b);
                !k.is_empty() && !b.to_lowercase().contains(" and the ")
            });
        for (start, end, date) in dates {
            out.push((
                whole.start(),
                whole.end() + start,
                whole.end() + end,
                body.clone(),
                date,
            ));
        }
    }
    out
}

/// The words around a date for the reason: the sentence up to the date's end.
fn quote(text: &str, start: usize, end: usize) -> String {
    let begin = text[..start]
        .char_indices()
        .rev()
        .take(90)
        .last()
        .map_or(start, |(i, _)| i);
    let begin = text[begin..start]
        .rfind(['\n', ';'])
        .map_or(begin, |i| begin + i + 1);
    let words: Vec<&str> = text[begin..end].split_whitespace().collect();
    words.join(" ")
}

fn reference(date: &str, key: &str) -> Reference {
    Reference {
        kind: RefKind::Meeting,
        reference: format!("{date}-{}", key.replace(' ', "-")),
    }
}

/// The body a paper states for its own meeting: its meeting's body, else (minutes and
/// agendas of a council that meets as itself, such as a community council) its council.
fn own_body(document: &Document) -> Option<String> {
    document
        .meetings
        .iter()
        .find_map(|m| m.body.clone())
        .filter(|b| !body_key(b).is_empty())
        .or_else(|| {
            matches!(document.kind, DocumentKind::Minutes | DocumentKind::Agenda)
                .then(|| document.council.clone())
                .flatten()
        })
}

/// The meeting a paper states it is of or for, with the words that say so.
pub(crate) fn own_meeting(document: &Document) -> Option<(Reference, LinkReason)> {
    let body = own_body(document)?;
    let key = body_key(&body);
    let head = head(document);
    let name = file_name(document);
    // The body must be stated in the head or the file name.
    let stated = |text: &str| {
        let k = body_key(text);
        format!(" {k} ").contains(&format!(" {key} "))
    };
    if !head.iter().any(|(_, t)| stated(t)) && !stated(name) {
        return None;
    }
    let relation = match document.kind {
        DocumentKind::Minutes => MeetingRelation::Minutes,
        DocumentKind::Agenda => MeetingRelation::Agenda,
        _ => MeetingRelation::Paper,
    };
    // Dates of the head, leaving out those of minutes it names.
    let mut dated: Vec<(Option<usize>, bool, String, String)> = Vec::new();
    for (ordinal, text) in &head {
        let named = named_minutes(text);
        for (start, end, date) in dates_in(text) {
            if named.iter().any(|n| n.1 <= start && start < n.2) {
                continue;
            }
            dated.push((*ordinal, false, quote(text, start, end), date));
        }
    }
    for (_, _, date) in dates_in(name) {
        dated.push((None, true, name.to_string(), date));
    }
    let declared = document.meetings.iter().find_map(|m| m.date.clone());
    let chosen = match relation {
        // Minutes say which meeting they record ("MINUTES of a meeting of the Cabinet held
        // … on 30 January 2025", "… held their meeting at 7.30pm on the 12th February"):
        // that date, whatever the folder says; else the declared date where the head
        // states it.
        MeetingRelation::Minutes => dated
            .iter()
            .find(|(_, in_name, words, _)| !in_name && states_held(words))
            .or_else(|| {
                dated
                    .iter()
                    .find(|(_, _, _, d)| Some(d) == declared.as_ref())
            }),
        _ => dated
            .iter()
            .find(|(_, _, _, d)| Some(d) == declared.as_ref()),
    }?;
    let (ordinal, in_name, words, date) = chosen.clone();
    Some((
        reference(&date, &key),
        LinkReason::Meeting {
            relation,
            section_ordinal: ordinal,
            file_name: in_name,
            words,
            body,
            date,
        },
    ))
}

/// Whether the words before a date say a meeting was held then.
fn states_held(words: &str) -> bool {
    let w = words.to_lowercase();
    w.contains("held") || w.contains("meeting")
}

/// The meetings whose minutes a paper names (minutes and agendas only: "the minutes of the
/// last meeting" is the body's own meeting there).
fn named_meetings(
    document: &Document,
    own: Option<&(Reference, LinkReason)>,
) -> Vec<(Reference, LinkReason)> {
    if !matches!(document.kind, DocumentKind::Minutes | DocumentKind::Agenda) {
        return Vec::new();
    }
    let (own_date, own_body) = match own.map(|(_, r)| r) {
        Some(LinkReason::Meeting { date, body, .. }) => (Some(date.clone()), Some(body.clone())),
        _ => (None, None),
    };
    let mut out: Vec<(Reference, LinkReason)> = Vec::new();
    for (ordinal, section) in document.sections.iter().enumerate() {
        for text in section.heading.iter().chain(std::iter::once(&section.text)) {
            for (start, _, date_end, named_body, date) in named_minutes(text) {
                // Only minutes of an earlier meeting can be confirmed.
                if own_date.as_ref().is_none_or(|own| date >= *own) {
                    continue;
                }
                let Some(body) = named_body.clone().or(own_body.clone()) else {
                    continue;
                };
                let key = body_key(&body);
                if key.is_empty() {
                    continue;
                }
                let words: Vec<&str> = text[start..date_end].split_whitespace().collect();
                let r = reference(&date, &key);
                if out.iter().any(|(x, _)| *x == r) {
                    continue;
                }
                out.push((
                    r,
                    LinkReason::Meeting {
                        relation: MeetingRelation::NamesMinutes,
                        section_ordinal: Some(ordinal),
                        file_name: false,
                        words: words.join(" "),
                        body,
                        date,
                    },
                ));
            }
        }
    }
    out
}

/// The meetings a paper belongs to, with the words that say so: its own (see
/// [`MeetingRelation`]) and those whose minutes it names.
pub fn meeting_references(document: &Document) -> Vec<(Reference, LinkReason)> {
    let own = own_meeting(document);
    let mut out = named_meetings(document, own.as_ref());
    if let Some(own) = own {
        out.retain(|(r, _)| *r != own.0);
        out.insert(0, own);
    }
    out
}

/// The date of a meeting reference (`2025-01-30-cabinet` → `2025-01-30`).
pub fn meeting_date(reference: &Reference) -> Option<&str> {
    (reference.kind == RefKind::Meeting).then(|| reference.reference.get(..10))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{Meeting, Section};

    fn section(heading: Option<&str>, text: &str) -> Section {
        Section {
            heading: heading.map(str::to_string),
            text: text.to_string(),
            ..Section::default()
        }
    }

    fn document(
        source: &str,
        kind: DocumentKind,
        meeting: (&str, &str),
        sections: Vec<Section>,
    ) -> Document {
        Document {
            id: source.to_string(),
            source: source.to_string(),
            kind,
            title: None,
            council: Some("Kent County Council".to_string()),
            meetings: vec![Meeting {
                body: Some(meeting.0.to_string()),
                date: Some(meeting.1.to_string()),
                item: None,
            }],
            sections,
            ..Document::default()
        }
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let dates = |t: &str| -> Vec<String> { dates_in(t).into_iter().map(|d| d.2).collect() };
        assert_eq!(dates("on Thursday, 30 January 2025."), ["2025-01-30"]);
        assert_eq!(dates("held on the 12th of March, 2019"), ["2019-03-12"]);
        assert_eq!(dates("held on 25” July, 2016"), ["2016-07-25"]);
        assert_eq!(dates("held on February 11, 2025"), ["2025-02-11"]);
        assert_eq!(
            dates("Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf"),
            ["2025-01-30"]
        );
        assert!(dates("31 February 2025, 2024/25, 12 noon").is_empty());
        assert_eq!(long_date("2025-01-09"), "9 January 2025");
    }

    #[test]
    fn bodies_compare_without_noise() {
        assert_eq!(body_key("the CABINET"), "cabinet");
        assert_eq!(
            body_key("9th Special Meeting of the Planning & Environment Committee"),
            "planning and environment committee"
        );
        assert_eq!(
            body_key("Manordeilo & Salem Community Council"),
            body_key("Manordeilo and Salem Community Council")
        );
    }

    #[test]
    fn minutes_state_their_meeting_whatever_the_folder_says_and_name_earlier_minutes() {
        // Minutes of 30 January filed with the papers of 4 March (the folder's meeting).
        let minutes = document(
            "cabinet/2025-03-04/Minutes of Previous Meeting.pdf",
            DocumentKind::Minutes,
            ("Cabinet", "2025-03-04"),
            vec![
                section(
                    None,
                    "MINUTES of a meeting of the Cabinet held in the Council Chamber, Maidstone on Thursday, 30 January 2025.",
                ),
                section(
                    Some("Minutes of the Meeting held on 9th January 2025 (Item 3)"),
                    "RESOLVED that the minutes of the meeting on 9 January 2025 were a correct record. The next meeting will be held on 4th March 2025.",
                ),
            ],
        );
        let refs = meeting_references(&minutes);
        let ids: Vec<&str> = refs.iter().map(|(r, _)| r.reference.as_str()).collect();
        assert_eq!(ids, ["2025-01-30-cabinet", "2025-01-09-cabinet"]);
        let named: Vec<String> =
            named_minutes("Minutes of the meetings held on 19 December 2024 and 9 January 2025")
                .into_iter()
                .map(|n| n.4)
                .collect();
        assert_eq!(named, ["2024-12-19", "2025-01-09"]);
        assert!(matches!(
            refs[1].1,
            LinkReason::Meeting {
                relation: MeetingRelation::NamesMinutes,
                section_ordinal: Some(1),
                ..
            }
        ));
    }

    #[test]
    fn a_paper_links_only_when_its_head_states_body_and_date() {
        let report = document(
            "cabinet/2025-01-30/Report.pdf",
            DocumentKind::CommitteeReport,
            ("Cabinet", "2025-01-30"),
            vec![section(Some("To:"), "Cabinet - 30 January 2025")],
        );
        let refs = meeting_references(&report);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].0.reference, "2025-01-30-cabinet");
        // An appendix filed in the meeting's folder that states neither: no link.
        let appendix = document(
            "cabinet/2025-01-30/Appendix O - MRP.pdf",
            DocumentKind::Other,
            ("Cabinet", "2025-01-30"),
            vec![section(
                Some("Appendix O"),
                "Minimum revenue provision policy.",
            )],
        );
        assert!(meeting_references(&appendix).is_empty());
        // A date the head states for something else: no link.
        let other = document(
            "cabinet/2025-01-30/Other.pdf",
            DocumentKind::CommitteeReport,
            ("Cabinet", "2025-01-30"),
            vec![section(None, "Cabinet Committee – 15 January 2025")],
        );
        assert!(meeting_references(&other).is_empty());
    }
}
