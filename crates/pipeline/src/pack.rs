//! Agenda packs: one PDF holding a front sheet, the agenda, the last minutes and each report
//! with its appendices. [`segments`] finds where one paper ends and the next begins (a
//! blank-page notice, an "Agenda Item N" head, the paper's own page numbers starting again
//! at 1, or the head of a meeting's minutes at the top of a page);
//! [`merge_continuations`] joins pieces that are one paper split by padding pages.

use crate::dates::first_date;
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
/// The stamp on the first page of an item's paper: "Agenda Item 7", also run together with
/// the pack's page number ("Page 5Agenda Item 7", "Agenda Item 7 Page 5").
static AGENDA_ITEM_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:page\s*\d+\s*)?agenda\s+item\s*(?:no\.?\s*)?\d+[a-z]?\s*(?:page\s*\d+)?\s*$",
    )
    .unwrap()
});

/// A printed page number alone on its line: `7`, `Page 7`, `Page 7 of 12`, `- 7 -`.
static PRINTED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-\s*)?(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*(\d{1,4}))?(?:\s*-)?\s*$")
        .unwrap()
});
/// The attendance key that opens the record of a meeting: "Present:", "PRESENT", "Members
/// present:" (not "Presentation", not "Also present", which follows it).
pub(crate) static PRESENT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:members|councillors)\s+)?present\s*(?::|$|\t|\s{2,}|in\s+the\s+chair)",
    )
    .unwrap()
});
/// How many lines at a page's top and bottom may hold its printed number.
const NUMBER_LINES: usize = 4;
/// How many lines at a page's top the head of a meeting's minutes may take (running
/// footers and the page number come first in some producers' order).
const MINUTES_HEAD_LINES: usize = 10;

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

/// Whether a page opens a new paper: "Agenda Item 7" stamped at its top, or among its last
/// lines (a stamp drawn after the page's text comes last in reading order).
pub fn opens_paper(page: &Page) -> bool {
    let lines: Vec<&str> = nonempty_lines(page).collect();
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .any(|(i, l)| (i < 4 || i + 4 >= n) && AGENDA_ITEM_HEADER.is_match(l))
}

/// The numbers printed alone on a line at the top or bottom of a page (a pack prints its own
/// page number beside the paper's).
fn printed_numbers(page: &Page) -> Vec<u32> {
    let lines: Vec<&str> = nonempty_lines(page).collect();
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i < NUMBER_LINES || i + NUMBER_LINES >= n)
        .filter_map(|(_, l)| {
            let c = PRINTED_NUMBER.captures(l)?;
            let n: u32 = c[1].parse().ok()?;
            // "Page 3 of 12" counts; "2024/25" (a year) is no page number.
            match c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()) {
                Some(total) if n > total => None,
                _ => Some(n),
            }
        })
        .collect()
}

/// Whether a paper's own page numbering starts again at 1 on page `i`: it prints 1 where
/// the page before printed 2 or more, and the page after (if any) goes on with 2 or starts
/// again itself.
fn numbering_restarts(pages: &[Page], i: usize) -> bool {
    if i == 0 || !printed_numbers(&pages[i]).contains(&1) {
        return false;
    }
    let before = printed_numbers(&pages[i - 1]);
    let after = pages.get(i + 1).map(printed_numbers);
    before.iter().any(|&n| n >= 2)
        && !before.contains(&1)
        && after.is_none_or(|a| a.contains(&2) || a.contains(&1))
}

/// Whether a page opens the record of a meeting: near its top, a line with a date and after
/// it the attendance key ("AUDIT COMMITTEE" / "24 SEPTEMBER 2009" / "PRESENT: ..."), as
/// printed minutes start everywhere.
fn opens_minutes(page: &Page) -> bool {
    let head: Vec<&str> = nonempty_lines(page).take(MINUTES_HEAD_LINES).collect();
    head.iter()
        .position(|l| PRESENT_KEY.is_match(l))
        .is_some_and(|p| head[..p].iter().any(|l| first_date(l).is_some()))
}

/// The page ranges of the papers in a file: split after blank-page notices, and before
/// "Agenda Item N" pages, pages where the paper's own numbering starts again at 1 and pages
/// that open a meeting's minutes; notice pages themselves belong to no paper.
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
        let opens = opens_paper(page)
            || start.is_some_and(|s| s < i)
                && (numbering_restarts(pages, i) || opens_minutes(page));
        if opens {
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

    #[test]
    fn splits_at_item_stamps_run_together_with_the_page_number_at_either_end() {
        let body = "The report sets out the options for the service.";
        let pages = vec![
            page(1, &["AGENDA", "1. Minutes", "2. Budget"]),
            page(2, &[body, body, body, body, body, "Page 5Agenda Item 6"]),
            page(3, &[body, body, body, body, body, "Page 6"]),
            page(4, &["Agenda Item 7 Page 7", body, body, body, body, body]),
        ];
        assert_eq!(segments(&pages), vec![0..1, 1..3, 3..4]);
    }

    #[test]
    fn splits_where_a_papers_own_numbering_starts_again() {
        let pages = vec![
            page(1, &["Report of the Director", "Text", "1"]),
            page(2, &["More text", "2"]),
            page(3, &["Appendix A: the plan", "Text", "1"]),
            page(4, &["More of the plan", "2"]),
            page(5, &["The end of the plan", "3"]),
        ];
        assert_eq!(segments(&pages), vec![0..2, 2..5]);
        // A year ("2024/25") is no page number.
        let pages = vec![
            page(1, &["Quarterly Report", "2024/25"]),
            page(2, &["Key to ratings", "1"]),
            page(3, &["Summary", "2"]),
        ];
        assert_eq!(segments(&pages), vec![0..3]);
        // A 1 after a page that printed 1 (a pack's own number beside it) is no restart.
        let pages = vec![
            page(1, &["Front sheet", "1"]),
            page(2, &["Report", "Text", "1", "2"]),
        ];
        assert_eq!(segments(&pages), vec![0..2]);
    }

    #[test]
    fn splits_before_a_page_that_opens_minutes() {
        let pages = vec![
            page(1, &["AGENDA", "1. Apologies", "2. Minutes"]),
            page(
                2,
                &[
                    "AUDIT COMMITTEE",
                    "24 SEPTEMBER 2009",
                    "PRESENT: Councillors A and B",
                ],
            ),
            page(3, &["Present at the site visit were officers.", "Text"]),
        ];
        assert_eq!(segments(&pages), vec![0..1, 1..3]);
    }
}
