//! Issue histories (modern.gov "Issue - meetings" pages): one meeting per "Meeting:" line,
//! each with the sections and resolutions under it.

use super::cover::clean_body;
use super::decisions::RESOLVED;
use super::layout::push_text;
use crate::blocks::Block;
use crate::dates::first_date;
use council_model::{Meeting, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static ISSUE_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Meeting:\s*(\d{1,2}/\d{1,2}/\d{4})\s*-\s*(.+?)\s*(?:\((?:Item|Agenda item)\s*([0-9A-Za-z.]+)\))?\s*$").unwrap()
});

pub(super) fn issue_history(
    blocks: &[Block],
    consumed: &mut [bool],
) -> (Vec<Meeting>, Vec<Section>) {
    let mut meetings = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let meeting_line = ISSUE_MEETING.captures(&b.text);
        if consumed[i] && meeting_line.is_none() {
            continue;
        }
        if let Some(c) = meeting_line {
            meetings.push(Meeting {
                body: clean_body(&c[2]),
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
