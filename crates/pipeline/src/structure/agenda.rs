//! The items of business of minutes and agendas: minute numbers ("Minute 12", "23/45",
//! "CAB 23/45"), agenda item numbers ("(Item 7)", "Agenda Item 7 -"), page references
//! ("(Pages 1 - 6)"), and the sections and decisions under each item.

use crate::blocks::heading_like;
use council_model::{AgendaItem, DocumentKind, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

/// A minute heading's agenda item: "Apologies (Item 1)", "Budget (Agenda Item 7)".
pub(super) static ITEM_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\((?:agenda\s+)?item\s+(?:no\.?\s*)?(\d+[a-z]?)\)\s*$").unwrap()
});

/// A heading that starts with its agenda item: "Item 7: Budget", "Agenda Item 7 - Budget".
pub(super) static ITEM_HEAD: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) fn minute_ref(text: &str, lines: usize) -> Option<(String, String)> {
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
