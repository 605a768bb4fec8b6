//! Agenda packs: one PDF holding a front sheet, the agenda, the last minutes and each report
//! with its appendices. [`segments`] finds where one paper ends and the next begins;
//! [`merge_continuations`] joins pieces that are one paper split by padding pages.

use crate::extract::Page;
use council_model::{Document, DocumentKind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static BLANK_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*this page (?:is|has been) (?:intentionally|deliberately) (?:left )?blank\.?\s*$",
    )
    .unwrap()
});
static AGENDA_ITEM_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*agenda\s+item\s*(?:no\.?\s*)?\d+[a-z]?\s*$").unwrap());

fn nonempty_lines(page: &Page) -> impl Iterator<Item = &str> {
    page.lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
}

/// Whether a page holds only a "This page is intentionally left blank" notice.
pub fn is_blank_notice(page: &Page) -> bool {
    let mut lines = nonempty_lines(page)
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()));
    matches!((lines.next(), lines.next()), (Some(l), None) if BLANK_NOTICE.is_match(l))
}

/// Whether a page opens a new paper ("Agenda Item 7" at its top).
pub fn opens_paper(page: &Page) -> bool {
    nonempty_lines(page)
        .take(4)
        .any(|l| AGENDA_ITEM_HEADER.is_match(l))
}

/// The page ranges of the papers in a file: split after blank-page notices and before
/// "Agenda Item N" pages; notice pages themselves belong to no paper.
pub fn segments(pages: &[Page]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, page) in pages.iter().enumerate() {
        if is_blank_notice(page) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            continue;
        }
        if opens_paper(page) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(s..pages.len());
    }
    if out.is_empty() {
        out.push(0..pages.len());
    }
    out
}

/// Joins consecutive pieces that are one paper: written questions padded to one question a
/// page, or a piece with no cover of its own (no title, no meeting) after another paper.
/// `rebuild` reads a joined range again.
pub fn merge_continuations(
    built: Vec<(Range<usize>, Document)>,
    rebuild: impl Fn(Range<usize>) -> Option<Document>,
) -> Vec<(Range<usize>, Document)> {
    let mut out: Vec<(Range<usize>, Document)> = Vec::new();
    let mut dirty: Vec<bool> = Vec::new();
    for (range, doc) in built {
        if let Some((prev_range, prev)) = out.last_mut() {
            let both_questions = prev.kind == DocumentKind::WrittenQuestion
                && doc.kind == DocumentKind::WrittenQuestion;
            if both_questions {
                *prev_range = prev_range.start..range.end;
                *dirty.last_mut().unwrap() = true;
                continue;
            }
        }
        out.push((range, doc));
        dirty.push(false);
    }
    out.into_iter()
        .zip(dirty)
        .map(|((range, doc), dirty)| {
            if dirty {
                let rebuilt = rebuild(range.clone()).unwrap_or(doc);
                (range, rebuilt)
            } else {
                (range, doc)
            }
        })
        .map(|(range, mut doc)| {
            // Pages keep the file's numbering: a paper knows where it sits in its pack.
            doc.pages = Some((range.start as u32 + 1, range.end as u32));
            (range, doc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32, lines: &[&str]) -> Page {
        Page::from_lines(n, lines)
    }

    #[test]
    fn splits_at_blank_notices_and_agenda_items() {
        let pages = vec![
            page(1, &["AGENDA", "1. Minutes"]),
            page(2, &["This page is intentionally left blank"]),
            page(3, &["Agenda Item 4", "Report of the Director"]),
            page(4, &["More of the report"]),
            page(5, &["Agenda Item 5", "Another report"]),
        ];
        assert_eq!(segments(&pages), vec![0..1, 2..4, 4..5]);
        assert_eq!(segments(&pages[..1]), vec![0..1]);
    }
}
