//! Items of business as matters: one agenda item of one meeting, joined across the papers
//! of that meeting that state it.
//!
//! A meeting's agenda lists its items ("7. 24/00109 - Transfer the 18-25 section …"), its
//! minutes record them ("90. 24/00109 - Transfer the 18-25 section … (Item 7)") and each
//! report was written for one ("Agenda Item 7", "To: Cabinet - 30 January 2025",
//! "Subject: Transfer the 18-25 section …"). An item matter (`item-2025-01-30-cabinet-7`)
//! gathers them, and only where the papers say so:
//!
//! - every paper must state the same meeting, body and date, in its own head or file name
//!   ([`crate::meetings`]: a meeting read from a folder links nothing);
//! - an agenda joins with the number it gives the item, minutes with the item number they
//!   print ("(Item 7)", never a minute number taken for one);
//! - a report joins an item that the agenda or minutes of its meeting list under the
//!   report's own title; where its cover or file name states an item number ("Agenda Item
//!   7", `Item 7 - Supplementary - …`), that number must be the item's;
//! - titles agree when the shorter, as words, is a run of the longer of at least
//!   [`MIN_TITLE_WORDS`] words ("24/00109 - Transfer the 18-25 section …" holds "Transfer the
//!   18-25 section …"), so a title is never matched on a few shared words;
//! - an agenda or minutes item joins only another paper's item of the same number and an
//!   agreeing title, and items of procedure (apologies, declarations of interest, the
//!   minutes of the last meeting) are not matters.
//!
//! Each link keeps the words on both sides ([`LinkReason::Item`]): this paper's words for
//! the item and the meeting, and the words of the paper that lists the item under that
//! title.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use council_model::Document;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::matters::{LinkReason, RefKind, Reference};
use crate::meetings::{file_name, own_meeting, MeetingRelation};

/// The fewest words a title must have to be matched with another.
pub const MIN_TITLE_WORDS: usize = 3;
/// The most characters quoted of an item's words.
const QUOTE_CHARS: usize = 240;

/// How a paper states an item of business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRelation {
    /// The agenda of the meeting lists the item.
    Agenda,
    /// The minutes of the meeting record the item.
    Minutes,
    /// A covering letter for the meeting lists the item it encloses ("Agenda Item No").
    Covering,
    /// The paper (a report, a decision notice) was written for the item.
    Paper,
}

/// One paper's statement of an item of its meeting.
#[derive(Debug, Clone)]
struct Claim {
    /// Index of the paper in the group.
    paper: usize,
    relation: ItemRelation,
    /// The item number as stated (lower case), `None` for a paper that states none.
    item: Option<String>,
    /// The item's title as this paper gives it.
    title: String,
    /// For a paper, the words of its head that may give the item's title (its title and
    /// short head sections); for an agenda or minutes, the title.
    titles: Vec<String>,
    section_ordinal: Option<usize>,
    file_name: bool,
    /// The paper's words for the item.
    words: String,
}

/// How a paper comes to a meeting: it states it, or it is enclosed in a file whose lead
/// paper states it.
#[derive(Debug, Clone)]
struct AtMeeting {
    paper: usize,
    relation: MeetingRelation,
    words: String,
    body: String,
    date: String,
}

/// Items of procedure: every meeting has them, none is a matter.
fn procedural(title: &str) -> bool {
    static PROCEDURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:apologies|declarations?\s+of|disclosures?\s+of|minutes\b|urgent\s+business|any\s+other\s+business|date\s+of\s+(?:the\s+)?next|exclusion\s+of|introduction|welcome|chairm?a?n?’?'?s?\s+announcements|matters\s+arising|substitutes|membership|public\s+questions|questions\b|cabinet\s+member\s+updates|election\s+of|appointment\s+of\s+(?:the\s+)?(?:vice[\s-])?chair)")
            .unwrap()
    });
    PROCEDURE.is_match(title)
}

/// A title as words: lower case, letters and digits only, without an agenda's page
/// reference ("(Pages 277 - 326)") and without the numbers it may start with (a decision
/// number `24/00109 -`, an item number).
/// An agenda's page reference: "(Pages 277 - 326)".
static PAGES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\(\s*pages?\s+\d+(?:\s*(?:-|–|to)\s*\d+)?\s*\)").unwrap());

fn words(title: &str) -> Vec<String> {
    let title = PAGES.replace_all(title, " ").to_lowercase();
    let all: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let lead = all
        .iter()
        .take_while(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    all[lead..].to_vec()
}

/// Whether two titles name the same item: the shorter, as words (see [`words`]), is a run
/// of the longer and has at least [`MIN_TITLE_WORDS`] words.
pub fn titles_agree(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= MIN_TITLE_WORDS && long.windows(short.len()).any(|w| w == short.as_slice())
}

fn clip(text: &str) -> String {
    let text: Vec<&str> = text.split_whitespace().collect();
    let text = text.join(" ");
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// "Item 7 - Supplementary - 24-00109 - ….pdf": the item number a file name starts with.
fn item_in_file_name(name: &str) -> Option<String> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:agenda\s+)?item\s+(?:no\.?\s*)?(\d{1,3}[a-z]?)\b").unwrap()
    });
    ITEM.captures(name).map(|c| c[1].to_lowercase())
}

/// An item number as a section number gives it: `7`, `10a` (not `2.1`).
fn item_number(number: &str) -> Option<String> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\d{1,3}[a-z]?$").unwrap());
    NUMBER
        .is_match(number.trim_end_matches('.'))
        .then(|| number.trim_end_matches('.').to_lowercase())
}

/// The items a list of numbered sections gives (an agenda's, or a covering letter's after
/// its "Agenda Item No" heading): each top-level numbered section, titled by its heading or
/// else its text.
fn numbered_items(
    paper: usize,
    document: &Document,
    from: usize,
    relation: ItemRelation,
) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for (ordinal, section) in document.sections.iter().enumerate().skip(from) {
        let Some(number) = section.number.as_deref().and_then(item_number) else {
            continue;
        };
        let title = match section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(heading) => heading.trim().to_string(),
            // The item's line, up to its page reference where it has one.
            None => {
                let line = section.text.lines().next().unwrap_or_default();
                let end = PAGES.find(line).map_or(line.len(), |m| m.end());
                line[..end].trim().to_string()
            }
        };
        if procedural(&title) || out.iter().any(|c| c.item.as_deref() == Some(&number)) {
            continue;
        }
        out.push(Claim {
            paper,
            relation,
            item: Some(number.clone()),
            words: clip(&title),
            titles: vec![title.clone()],
            title,
            section_ordinal: Some(ordinal),
            file_name: false,
        });
    }
    out
}

/// Where a covering letter's list of enclosed items starts: after its "Agenda Item No"
/// heading.
fn covering_list(document: &Document) -> Option<usize> {
    static HEAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*agenda\s+item\s+no\.?\s*$").unwrap());
    document
        .sections
        .iter()
        .position(|s| s.heading.as_deref().is_some_and(|h| HEAD.is_match(h)))
        .map(|i| i + 1)
}

/// Whether a paper is a covering letter listing the items it encloses: an "Agenda Item No"
/// heading, or that line in its text (where the letter's list was read as one section).
fn covering_letter(document: &Document) -> bool {
    static LINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?im)^\s*agenda\s+item\s+no\.?\s*$").unwrap());
    covering_list(document).is_some() || document.sections.iter().any(|s| LINE.is_match(&s.text))
}

/// The items a paper states for its meeting.
fn claims(paper: usize, document: &Document, relation: MeetingRelation) -> Vec<Claim> {
    match relation {
        MeetingRelation::NamesMinutes => return Vec::new(),
        MeetingRelation::Minutes | MeetingRelation::Agenda => {
            let relation = if relation == MeetingRelation::Minutes {
                ItemRelation::Minutes
            } else {
                ItemRelation::Agenda
            };
            let mut out: Vec<Claim> = document
                .items
                .iter()
                .filter(|i| !procedural(&i.title))
                .filter_map(|i| {
                    let number = i.item.as_deref()?.to_lowercase();
                    let section = document.sections.get(i.section)?;
                    let words = section.heading.as_deref().unwrap_or(&i.title);
                    Some(Claim {
                        paper,
                        relation,
                        item: Some(number),
                        title: i.title.clone(),
                        titles: vec![i.title.clone()],
                        section_ordinal: Some(i.section),
                        file_name: false,
                        words: clip(words),
                    })
                })
                .collect();
            if relation == ItemRelation::Agenda {
                for c in numbered_items(paper, document, 0, relation) {
                    if !out.iter().any(|o| o.item == c.item) {
                        out.push(c);
                    }
                }
            }
            return out;
        }
        MeetingRelation::Paper => {}
    }
    if let Some(from) = covering_list(document) {
        return numbered_items(paper, document, from, ItemRelation::Covering);
    }
    let Some(title) = document.title.clone().filter(|t| !procedural(t)) else {
        return Vec::new();
    };
    let name = file_name(document);
    let (item, file_name) = match document.meetings.iter().find_map(|m| m.item.clone()) {
        Some(n) => (Some(n.to_lowercase()), false),
        None => match item_in_file_name(name) {
            Some(n) => (Some(n), true),
            None => (None, false),
        },
    };
    let words = clip(&title);
    // The title, and short head sections that may state it ("Subject Matter / Title of
    // Decision: …").
    let mut titles = vec![title.clone()];
    for section in document.sections.iter().take(HEAD_SECTIONS) {
        for text in [section.heading.as_deref().unwrap_or(""), &section.text] {
            if !text.trim().is_empty() && text.split_whitespace().count() <= HEAD_TITLE_WORDS {
                titles.push(text.trim().to_string());
            }
        }
    }
    vec![Claim {
        paper,
        relation: ItemRelation::Paper,
        item,
        title,
        titles,
        section_ordinal: None,
        file_name,
        words,
    }]
}

/// How many sections of a paper's head may state its item's title.
const HEAD_SECTIONS: usize = 6;
/// The most words of a head section read as a title.
const HEAD_TITLE_WORDS: usize = 40;

/// The item reference of a meeting reference (`2025-01-30-cabinet`) and an item (`7`).
pub fn item_reference(meeting: &Reference, item: &str) -> Reference {
    Reference {
        kind: RefKind::Item,
        reference: format!("{}-{}", meeting.reference, item.to_lowercase()),
    }
}

/// The meeting reference and item number of an item reference.
pub fn split_item(reference: &Reference) -> Option<(Reference, String)> {
    if reference.kind != RefKind::Item {
        return None;
    }
    let (meeting, item) = reference.reference.rsplit_once('-')?;
    Some((
        Reference {
            kind: RefKind::Meeting,
            reference: meeting.to_string(),
        },
        item.to_string(),
    ))
}

/// Whether a paper speaks for the papers enclosed with it in its file: an agenda, or a
/// covering letter listing the items it encloses.
fn leads_its_file(document: &Document, relation: MeetingRelation) -> bool {
    relation == MeetingRelation::Agenda
        || (relation == MeetingRelation::Paper && covering_letter(document))
}

/// The meeting a paper that leads its file states (see [`item_matters`]), if it does.
pub(crate) fn lead_meeting(document: &Document) -> Option<Reference> {
    match own_meeting(document)? {
        (meeting, LinkReason::Meeting { relation, .. }) if leads_its_file(document, relation) => {
            Some(meeting)
        }
        _ => None,
    }
}

/// Papers by the meeting they state, with the words that state it; and the papers that
/// state none, enclosed in the same file as an agenda or covering letter that states one
/// (a pack: the file's lead paper speaks for what it encloses).
fn papers_by_meeting(documents: &[Document]) -> BTreeMap<Reference, Vec<AtMeeting>> {
    let mut by_meeting: BTreeMap<Reference, Vec<AtMeeting>> = BTreeMap::new();
    let mut leads: BTreeMap<&str, (Reference, AtMeeting)> = BTreeMap::new();
    let mut unstated: Vec<usize> = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let Some((
            meeting,
            LinkReason::Meeting {
                relation,
                words,
                body,
                date,
                ..
            },
        )) = own_meeting(document)
        else {
            unstated.push(i);
            continue;
        };
        let at = AtMeeting {
            paper: i,
            relation,
            words,
            body,
            date,
        };
        if leads_its_file(document, relation) {
            leads
                .entry(document.source.as_str())
                .or_insert((meeting.clone(), at.clone()));
        }
        by_meeting.entry(meeting).or_default().push(at);
    }
    for i in unstated {
        let document = &documents[i];
        if let Some((meeting, lead)) = leads.get(document.source.as_str()) {
            let name = file_name(document);
            by_meeting
                .entry(meeting.clone())
                .or_default()
                .push(AtMeeting {
                    paper: i,
                    relation: MeetingRelation::Paper,
                    words: format!(
                        "enclosed in “{name}”, whose first paper states “{}”",
                        lead.words
                    ),
                    body: lead.body.clone(),
                    date: lead.date.clone(),
                });
        }
    }
    by_meeting
}

/// The item matters of papers: each item of a meeting with the papers that state it and
/// why (papers that state no meeting of their own, and are enclosed with no paper that
/// does, are passed over).
pub fn item_matters(documents: &[Document]) -> Vec<(Reference, Vec<(usize, LinkReason)>)> {
    let mut out = Vec::new();
    for (meeting, papers) in papers_by_meeting(documents) {
        let all: Vec<Claim> = papers
            .iter()
            .flat_map(|at| claims(at.paper, &documents[at.paper], at.relation))
            .collect();
        let mut numbers: Vec<String> = all
            .iter()
            .filter(|c| c.relation != ItemRelation::Paper)
            .filter_map(|c| c.item.clone())
            .collect();
        numbers.sort();
        numbers.dedup();
        for number in numbers {
            let links = join_item(&all, &number, documents);
            if links.len() < 2 {
                continue;
            }
            let links = links
                .into_iter()
                .filter_map(|(claim, other)| {
                    let at = papers.iter().find(|a| a.paper == claim.paper)?;
                    Some((
                        claim.paper,
                        LinkReason::Item {
                            relation: claim.relation,
                            item: number.clone(),
                            title: claim.title.clone(),
                            section_ordinal: claim.section_ordinal,
                            file_name: claim.file_name,
                            words: claim.words.clone(),
                            meeting_words: at.words.clone(),
                            body: at.body.clone(),
                            date: at.date.clone(),
                            joined_to: documents[other.paper].id.clone(),
                            joined_words: other.words.clone(),
                        },
                    ))
                })
                .collect();
            out.push((item_reference(&meeting, &number), links));
        }
    }
    out
}

/// The papers of one item of a meeting (`number`), each with its claim and the claim of the
/// other paper it was joined by: listed items of that number (agenda, minutes, covering
/// letter) whose titles agree with another paper's listing, and papers whose title agrees
/// with one of them (and whose stated number, if any, is that number). One paper joins
/// once; two copies of one paper (the same id) never join each other.
fn join_item(all: &[Claim], number: &str, documents: &[Document]) -> Vec<(Claim, Claim)> {
    let listers: Vec<&Claim> = all
        .iter()
        .filter(|c| c.relation != ItemRelation::Paper && c.item.as_deref() == Some(number))
        .collect();
    let distinct =
        |a: &Claim, b: &Claim| a.paper != b.paper && documents[a.paper].id != documents[b.paper].id;
    let mut out: Vec<(Claim, Claim)> = Vec::new();
    let join = |claim: &Claim, other: &Claim, out: &mut Vec<(Claim, Claim)>| {
        if !out.iter().any(|(c, _)| c.paper == claim.paper) {
            out.push((claim.clone(), other.clone()));
        }
    };
    for &lister in &listers {
        if let Some(other) = listers
            .iter()
            .find(|o| distinct(o, lister) && titles_agree(&o.title, &lister.title))
        {
            join(lister, other, &mut out);
        }
    }
    for paper in all.iter().filter(|c| c.relation == ItemRelation::Paper) {
        if paper.item.as_deref().is_some_and(|n| n != number) {
            continue;
        }
        let agreeing = listers.iter().find_map(|l| {
            let said = paper
                .titles
                .iter()
                .find(|t| distinct(l, paper) && titles_agree(&l.title, t))?;
            Some((*l, said))
        });
        if let Some((lister, said)) = agreeing {
            // Quote the words that give the title (the title, or a head section).
            let mut paper = paper.clone();
            paper.words = clip(said);
            join(&paper, lister, &mut out);
            join(lister, &paper, &mut out);
        }
    }
    out.sort_by_key(|(c, _)| c.paper);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{AgendaItem, DocumentKind, Meeting, Section};

    fn paper(id: &str, source: &str, kind: DocumentKind, sections: Vec<Section>) -> Document {
        Document {
            id: id.to_string(),
            source: source.to_string(),
            kind,
            council: Some("Kent County Council".to_string()),
            meetings: vec![Meeting {
                body: Some("Cabinet".to_string()),
                date: Some("2025-01-30".to_string()),
                item: None,
            }],
            sections,
            ..Document::default()
        }
    }

    fn section(number: Option<&str>, heading: Option<&str>, text: &str) -> Section {
        Section {
            number: number.map(str::to_string),
            heading: heading.map(str::to_string),
            text: text.to_string(),
            ..Section::default()
        }
    }

    #[test]
    fn an_item_joins_agenda_minutes_and_the_report_enclosed_under_its_title() {
        let agenda = paper(
            "a-0",
            "cabinet/Agenda frontsheet.pdf",
            DocumentKind::Agenda,
            vec![
                section(None, Some("AGENDA"), "Cabinet, Thursday, 30th January, 2025"),
                section(Some("1"), Some("Apologies"), ""),
                section(Some("7"), None, "24/00109 - Transfer the 18-25 section of the Strengthening Independence Service (Pages 277 - 326)"),
                section(Some("8"), None, "24/00115 - Integrated Care Strategy Delivery Plan (Pages 327 - 460)"),
            ],
        );
        let mut minutes = paper(
            "m-0",
            "cabinet/Printed minutes.pdf",
            DocumentKind::Minutes,
            vec![
                section(None, None, "MINUTES of a meeting of the Cabinet held on Thursday, 30 January 2025."),
                section(Some("90"), Some("24/00109 - Transfer the 18-25 section of the Strengthening Independence Service (Item 7)"), "Mrs Chandler introduced the report."),
            ],
        );
        minutes.items = vec![AgendaItem {
            item: Some("7".into()),
            minute: Some("90".into()),
            title:
                "24/00109 - Transfer the 18-25 section of the Strengthening Independence Service"
                    .into(),
            section: 1,
            last_section: 1,
            ..AgendaItem::default()
        }];
        let pack = "cabinet/Item 7 - Supplementary - Transfer.pdf";
        let letter = paper(
            "p-0",
            pack,
            DocumentKind::Other,
            vec![
                section(None, Some("Dear Member"), "I am now able to enclose, for consideration at Thursday, 30 January 2025 meeting of the Cabinet, the following reports."),
                section(None, Some("Agenda Item No"), ""),
                section(Some("7"), Some("24/00109 - Transfer the 18-25 section of the Strengthening Independence"), ""),
            ],
        );
        let mut report = paper(
            "p-1",
            pack,
            DocumentKind::CommitteeReport,
            vec![section(None, None, "Decision no: 24/00109")],
        );
        report.title =
            Some("Transfer the 18-25 section of the Strengthening Independence Service".into());
        // Filed with the meeting and stating it, but titled otherwise: not item 7.
        let mut other = paper(
            "o-0",
            "cabinet/Other - 30th-Jan-2025 Cabinet.pdf",
            DocumentKind::CommitteeReport,
            vec![],
        );
        other.title = Some("Treasury Management Strategy 2025-26".into());
        let documents = vec![agenda, minutes, letter, report, other];
        let matters = item_matters(&documents);
        let ids: Vec<&str> = matters.iter().map(|(r, _)| r.reference.as_str()).collect();
        assert_eq!(
            ids,
            ["2025-01-30-cabinet-7"],
            "apologies and an item only the agenda gives are no matter"
        );
        let papers: Vec<&str> = matters[0]
            .1
            .iter()
            .map(|(i, _)| documents[*i].id.as_str())
            .collect();
        assert_eq!(papers, ["a-0", "m-0", "p-0", "p-1"]);
        let LinkReason::Item {
            relation,
            meeting_words,
            joined_words,
            ..
        } = &matters[0].1[3].1
        else {
            panic!("an item reason");
        };
        assert_eq!(*relation, ItemRelation::Paper);
        assert!(meeting_words.contains("enclosed in"), "{meeting_words}");
        assert!(
            joined_words.contains("Transfer the 18-25"),
            "{joined_words}"
        );
        // A report that states another item number does not join item 7.
        let mut documents = documents;
        documents[3].meetings[0].item = Some("8".into());
        let matters = item_matters(&documents);
        assert!(matters[0].1.iter().all(|(i, _)| *i != 3));
    }

    #[test]
    fn titles_agree_only_on_a_run_of_words() {
        assert!(titles_agree(
            "24/00109 - Transfer the 18-25 section of the Strengthening Independence Service",
            "Transfer the 18-25 section of the Strengthening Independence Service"
        ));
        assert!(!titles_agree("Budget", "Budget"));
        assert!(titles_agree(
            "7. 24/00109 - Transfer the 18-25 section (Pages 277 - 326)",
            "Transfer the 18-25 section of the Strengthening Independence Service"
        ));
        assert!(!titles_agree(
            "Revenue and Capital Budget Monitoring Report",
            "Capital Budget Strategy Report"
        ));
        assert!(procedural("Declarations of Interest"));
        assert!(procedural(
            "Minutes of the Meeting held on 9th January 2025"
        ));
        assert!(!procedural(
            "Commissioning Plan for Education Provision in Kent 2025-29"
        ));
        assert_eq!(
            item_in_file_name("Item 7 - Supplementary - 24-00109 - Transfer.pdf").as_deref(),
            Some("7")
        );
        assert_eq!(item_in_file_name("Itemised list 7.pdf"), None);
    }
}
