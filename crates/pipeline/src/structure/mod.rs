//! Blocks to a [`Document`]: the kind ([`classify`]), and [`build`], which reads the cover
//! (`cover`, `report`), splits the sections ([`SectionSplitter`]), lists the items of minutes
//! and agendas ([`agenda_items`]), and finds the decisions (`decisions`, `motions`,
//! `narrative`, `welsh`) and the questions ([`questions`]). Issue histories have their own
//! reader (`issue`); `layout` holds the helpers the readers share.
//!
//! Each module holds the patterns of its own concern; a pattern used by another module is
//! `pub(super)` and imported by name, so a newcomer finds every rule of a genre in one file.

mod agenda;
mod amendments;
mod cover;
mod decisions;
mod headings;
mod issue;
mod layout;
mod motions;
mod narrative;
mod questions;
mod report;
mod sections;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_genre;
#[cfg(test)]
mod tests_layout;
mod title;
mod welsh;

pub use self::agenda::agenda_items;
use self::cover::read_cover;
pub use self::decisions::decisions;
use self::decisions::{decision_record, decisions_in, MOTION_RECORD, RESOLVED};
use self::issue::{issue_history, ISSUE_MEETING};
use self::layout::push_text;
pub use self::questions::{meeting_questions, questions, FoundQuestion};
use self::questions::{question_paper, ANSWER_LABEL, QUESTION_FROM, RESPONSE_FROM};
pub use self::sections::{unhead_people, SectionSplitter};
pub use self::welsh::is_welsh;
use crate::blocks::{Block, NUMBERED};
use council_model::{Document, DocumentKind, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

/// The sentence that summons a meeting: "A meeting of the Audit Committee will be held",
/// "Notice is hereby given that a special meeting of the Council will be held", "You are
/// requested to attend a Meeting of the Municipal District of X to be held".
static MEETING_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:notice\s+is\s+(?:hereby\s+)?given\s+that\s+)?(?:an?|the)\s+(?:\w+\s+)?meeting\s+of\s+.{3,100}?\s+will\s+(?:be\s+held|take\s+place)(?-u:\b)|you\s+are\s+(?:hereby\s+)?(?:requested|summoned|invited|required)\s+to\s+attend\s+(?:an?|the)\s+(?:\w+\s+)?meeting\s+of(?-u:\b))").unwrap()
});

/// A line heading a form that records a decision taken: "Decision Recording Form",
/// "Record of Executive Decision", "Delegated Decision Record", "Individual Cabinet Member
/// Decision", "Officer Key Decision Record", a planning authority's "Grant of Planning
/// Permission".
pub(super) fn decision_form_head(line: &str) -> bool {
    let l = line.trim();
    if l.split_whitespace().count() > 10 {
        return false;
    }
    DECISION_FORM.is_match(l)
}

static DECISION_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:the|an?)\s+)?(?:(?:executive|delegated|officer|key|individual|cabinet|portfolio|leader'?s?|mayoral|urgent|non-key|member|holder|councillor|\s)+)?decision\s+(?:record(?:ing)?(?:\s+(?:form|sheet))?|form|sheet|notice)$|^record\s+of\s+(?:an?\s+)?(?:(?:executive|delegated|officer|key|individual|cabinet|portfolio|member|urgent|non-key|\s)+)?decisions?(?:\s+(?:taken|made)(?:\s.*)?|\s+by\s.*)?$|^(?:individual\s+)?(?:cabinet|portfolio|executive)\s+member\s+decisions?$|^appeal\s+decisions?$|^(?:.*\s)?(?:grant|refusal)\s+of\s+(?:planning\s+permission|listed\s+building\s+consent|advertisement\s+consent|prior\s+approval)$").unwrap()
});

/// Whether `text`, a line of a paper's head, names the paper an agenda: a short heading
/// ("Meeting Agenda", "NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING", "Agenda for ...")
/// holding the word "agenda" last or before "of", "for", "and", "to": not an item's stamp
/// ("Agenda Item 6"), minutes, nor a report about agendas ("Forward Agenda Plan"). `heading`: set as one.
fn names_agenda(text: &str, heading: bool) -> bool {
    let l = text.to_lowercase();
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| *w == "agenda");
    let Some(at) = at else {
        return false;
    };
    (heading || crate::blocks::heading_like(text))
        && words.len() <= 10
        && !words.contains(&"minutes")
        && matches!(
            words.get(at + 1),
            None | Some(&"of") | Some(&"for") | Some(&"and") | Some(&"to")
        )
        // "Forward Agenda", "Agenda Planning": a report about agendas.
        && !["page", "forward", "plan", "planning", "programme", "setting"]
            .iter()
            .any(|w| words.contains(w))
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
    } else if matches!(kind, DocumentKind::Minutes | DocumentKind::Agenda) {
        // Questions put at the meeting, recorded with their replies.
        doc.questions = meeting_questions(blocks)
            .into_iter()
            .map(|f| f.question)
            .collect();
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
    // Minutes that record questions and replies stay minutes: their heading says so, or
    // they list who was present.
    let minutes_heading = head
        .iter()
        .take(8)
        .any(|t| t.trim_start().to_lowercase().starts_with("minutes of"));
    let attendance = blocks.iter().take(40).any(|b| {
        let l = b.text.to_lowercase();
        l.starts_with("present") || l.starts_with("members present")
    });
    if ((questions >= 1 && responses >= 1 || question_paper(blocks))
        && !minutes_heading
        && !attendance)
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
        || head.iter().take(8).any(|l| decision_form_head(l))
        || decision_record(&first_lines, &head_lower)
    {
        return DocumentKind::DecisionNotice;
    }
    let resolved = blocks.iter().filter(|b| RESOLVED.is_match(&b.text)).count();
    // "Moved by X", "Seconded by Y", "Motion Passed": the record of a meeting.
    let motions = blocks
        .iter()
        .filter(|b| MOTION_RECORD.is_match(&b.text))
        .count();
    // "It was proposed by Cllr. X seconded by Cllr. Y and agreed": a motion in running text.
    let narrated = blocks
        .iter()
        .filter(|b| {
            let l = b.text.to_lowercase();
            l.contains("seconded by") || l.contains("eiliwyd gan")
        })
        .count();
    let motions = motions + narrated;
    // The genre the first page's largest text names, by typography ("AGENDA" set large over
    // "3. Minutes of the Meeting held on ..." as an item).
    let first_page = blocks.first().map_or(0, |b| b.page);
    let cover: Vec<&Block> = blocks
        .iter()
        .take(25)
        .filter(|b| b.page == first_page)
        .collect();
    let mut sizes: Vec<u8> = cover
        .iter()
        .filter_map(|b| b.style.map(|s| s.size))
        .filter(|&s| s > 20)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    sizes.truncate(2);
    let prominent: Vec<String> = cover
        .iter()
        .filter(|b| b.style.is_some_and(|s| sizes.contains(&s.size)))
        .map(|b| b.text.trim().to_lowercase())
        .collect();
    let names = |words: &[&str]| {
        prominent.iter().any(|t| {
            words
                .iter()
                .any(|w| t == w || t.starts_with(&format!("{w} of")))
        })
    };
    if names(&["agenda", "notice of meeting", "summons"]) && !names(&["minutes"]) {
        return DocumentKind::Agenda;
    }
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
    // "PRESENT: Dave Roberts (Chairman), ..." as a key near the head: a meeting's record.
    let present_key = blocks
        .iter()
        .take(12)
        .any(|b| crate::pack::PRESENT_KEY.is_match(&b.text));
    if minutes_head || present_key || (present && (resolved >= 1 || motions >= 2)) || motions >= 4 {
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
    // "A meeting of the Audit Committee will be held: Date: ...": the notice of a meeting.
    let notice = head.iter().any(|t| MEETING_NOTICE.is_match(t));
    // "NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING", "Meeting Agenda": a heading that
    // names the paper an agenda.
    let agenda_heading = blocks
        .iter()
        .take(8)
        .any(|b| names_agenda(b.text.trim(), b.heading.is_some()));
    if agenda_head || agenda_heading && resolved == 0 || notice && resolved == 0 {
        return DocumentKind::Agenda;
    }
    let numbered = blocks
        .iter()
        .filter(|b| NUMBERED.is_match(&b.text) && !crate::blocks::is_address(&b.text))
        .count();
    let report_signals = head_lower.contains("report of")
        || head_lower.contains("report to")
        || head_lower.contains("recommendation")
        || head_lower.contains("purpose of")
        || head_lower.contains("executive summary")
        || head_lower.contains("key decision")
        || head_lower.contains("subject");
    // Terms of reference, a constitution or its rules, named at the paper's head, number
    // every paragraph too (and set out a body's "Purpose of ..."): they are no report unless
    // one presents them.
    let constitution = [
        "terms of reference",
        "constitution",
        "standing orders",
        "procedure rules",
        "scheme of delegation",
        "code of conduct",
    ]
    .iter()
    .any(|w| head.iter().take(3).any(|l| l.to_lowercase().contains(w)));
    let presented = [
        "report of",
        "report to",
        "recommendation",
        "executive summary",
        "key decision",
    ]
    .iter()
    .any(|w| head_lower.contains(w));
    if constitution && !presented {
        return DocumentKind::Other;
    }
    if report_signals && numbered >= 2 || numbered >= 8 {
        return DocumentKind::CommitteeReport;
    }
    // An officer's report without paragraph numbers: headed parts ("Site", "Proposal",
    // "Assessment") and a recommendation of its own.
    let recommends = blocks.iter().any(|b| {
        let t = b.text.trim_start();
        t.get(..14)
            .is_some_and(|h| h.eq_ignore_ascii_case("recommendation"))
            && t.len() < 200
    });
    let headings = blocks
        .iter()
        .filter(|b| {
            let t = b.text.trim();
            b.heading.is_some() || crate::blocks::heading_like(t) && t.len() < 80
        })
        .count();
    if recommends && headings >= 4 && resolved == 0 {
        return DocumentKind::CommitteeReport;
    }
    if resolved >= 2 {
        return DocumentKind::Minutes;
    }
    DocumentKind::Other
}
