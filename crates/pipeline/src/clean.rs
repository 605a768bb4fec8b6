//! Text clean-up for extracted PDF pages: running headers and footers, page numbers,
//! "This page is intentionally left blank", ligatures, non-breaking and stray spaces,
//! bullets, and detection of a garbage or absent text layer.

use crate::extract::{Band, Line, Page};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?\s*$")
        .unwrap()
});
static BLANK_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*this page (?:is|has been) (?:intentionally|deliberately) (?:left )?blank\.?\s*$",
    )
    .unwrap()
});
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").unwrap());
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[•·▪◦●■□➢►\u{f0b7}\u{f0a7}o]\s+").unwrap());
static SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \u{a0}\u{2000}-\u{200a}\u{202f}]+").unwrap());
/// Runs of tabs (table cells in text files and HTML) fold to one tab.
static TABS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\t[\t ]*").unwrap());

/// Normalises characters of one line: ligatures, odd spaces, soft hyphens, bullets.
pub fn normalise_line(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{fb00}' => t.push_str("ff"),
            '\u{fb01}' => t.push_str("fi"),
            '\u{fb02}' => t.push_str("fl"),
            '\u{fb03}' => t.push_str("ffi"),
            '\u{fb04}' => t.push_str("ffl"),
            '\u{ad}' | '\u{200b}' | '\u{feff}' | '\0' => {}
            c if c.is_control() && c != '\t' => t.push(' '),
            c => t.push(c),
        }
    }
    let t = BULLET.replace(&t, "- ");
    let t = SPACES.replace_all(t.trim(), " ");
    TABS.replace_all(&t, "\t").into_owned()
}

/// Cleans PDF pages in place: normalises lines and drops page numbers, blank-page notices and
/// lines repeated at the top or bottom of most pages (running headers and footers).
pub fn clean_pages(pages: &mut [Page]) {
    for page in pages.iter_mut() {
        for line in page.lines.iter_mut() {
            line.text = normalise_line(&line.text);
        }
    }
    let repeated = running_lines(pages, false);
    let banded = running_lines(pages, true);
    let last = pages.len();
    for (p, page) in pages.iter_mut().enumerate() {
        let n = page.lines.len();
        let mut kept = Vec::with_capacity(n);
        for (i, line) in page.lines.drain(..).enumerate() {
            let edge = nonblank_rank(i, n);
            // The first page's top is its cover: a running header repeats its title there.
            // A running footer goes from every page but the last, where it closes the text
            // once (an imprint or a signature block that a notice repeats on each page).
            let bottom = line.style.is_some_and(|s| s.band == Band::Bottom);
            let keep = if bottom { p + 1 == last } else { p == 0 };
            if !keep && in_band(&line) && banded.contains_key(&shape(&line.text)) {
                continue;
            }
            if PAGE_NUMBER.is_match(&line.text) && edge {
                continue;
            }
            if BLANK_PAGE.is_match(&line.text) {
                continue;
            }
            if edge && repeated.contains_key(&shape(&line.text)) {
                continue;
            }
            kept.push(line);
        }
        page.lines = kept;
    }
}

/// Whether line `i` of `n` is near the top or bottom of a page (where headers live).
fn nonblank_rank(i: usize, n: usize) -> bool {
    i < 4 || i + 4 >= n
}

/// Whether the extractor placed a line in the top or bottom band of its page.
fn in_band(line: &Line) -> bool {
    line.style.is_some_and(|s| s.band != Band::Body)
}

fn shape(s: &str) -> String {
    DIGITS.replace_all(&s.to_lowercase(), "#").into_owned()
}

/// Lines (by shape, digits folded) found near the edge of at least half the pages (and at
/// least 3 pages); `by_band`: lines the extractor placed in the top or bottom band of their
/// page, on at least half the pages and at least 2.
fn running_lines(pages: &[Page], by_band: bool) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    if pages.len() < if by_band { 2 } else { 3 } {
        return counts;
    }
    for page in pages {
        let nonblank: Vec<&Line> = page.lines.iter().filter(|l| !l.text.is_empty()).collect();
        let n = nonblank.len();
        let mut seen = std::collections::HashSet::new();
        for (i, l) in nonblank.iter().enumerate() {
            let edge = if by_band {
                in_band(l)
            } else {
                i < 3 || i + 3 >= n
            };
            if edge && l.text.len() > 3 && seen.insert(shape(&l.text)) {
                *counts.entry(shape(&l.text)).or_default() += 1;
            }
        }
    }
    let need = (pages.len() / 2).max(if by_band { 2 } else { 3 });
    counts.retain(|_, c| *c >= need);
    counts
}

/// How usable a text layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLayer {
    /// Reads as words.
    Readable,
    /// Pages but (almost) no text: a scan that needs OCR.
    Absent,
    /// Text that is not words (broken font encodings).
    Garbage,
}

/// Judges a file's text: too few characters per page is a scan; too few letters among the
/// characters, or too few real words among the tokens, is a broken encoding.
pub fn judge_text_layer(pages: &[Page]) -> TextLayer {
    let text: String = pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if chars < 20 * pages.len().max(1) / 2 && chars < 200 {
        return TextLayer::Absent;
    }
    // Tables of figures are words too: letters and digits both count.
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    let odd = text
        .chars()
        .filter(|c| {
            !c.is_ascii()
                && !matches!(
                    c,
                    '£' | '€'
                        | '’'
                        | '‘'
                        | '“'
                        | '”'
                        | '–'
                        | '—'
                        | '•'
                        | '…'
                        | 'é'
                        | 'á'
                        | 'í'
                        | 'ó'
                        | 'ú'
                        | 'è'
                        | 'ŵ'
                        | 'ŷ'
                        | 'â'
                        | 'ô'
                        | 'ê'
                        | 'î'
                        | 'û'
                )
        })
        .count();
    if (letters as f64) < 0.5 * chars as f64 || odd as f64 > 0.2 * chars as f64 {
        return TextLayer::Garbage;
    }
    let tokens: Vec<&str> = text
        .split_whitespace()
        .filter(|t| t.chars().any(|c| c.is_alphabetic()))
        .collect();
    let wordlike = tokens
        .iter()
        .filter(|t| {
            let core = t.trim_matches(|c: char| !c.is_alphanumeric());
            core.len() >= 2 && core.chars().any(|c| "aeiouyAEIOUY".contains(c))
        })
        .count();
    if tokens.len() > 50 && (wordlike as f64) < 0.3 * tokens.len() as f64 {
        return TextLayer::Garbage;
    }
    TextLayer::Readable
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32, lines: &[&str]) -> Page {
        Page::from_lines(n, lines)
    }

    #[test]
    fn drops_running_headers_page_numbers_and_blank_notices() {
        let mut pages: Vec<Page> = (1..=4)
            .map(|n| {
                let num = format!("Page {n}");
                let body = [
                    "Alpha beta gamma.",
                    "Delta epsilon.",
                    "Zeta eta theta.",
                    "Iota kappa.",
                ][n as usize - 1];
                let more = ["One two.", "Three four.", "Five six.", "Seven eight."][n as usize - 1];
                page(n, &["Cabinet 3 June 2021", "", body, more, "", &num])
            })
            .collect();
        pages.push(page(5, &["This page is intentionally left blank"]));
        clean_pages(&mut pages);
        let all: Vec<&str> = pages
            .iter()
            .flat_map(|p| &p.lines)
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(all.len(), 8, "{all:?}");
        assert!(all
            .iter()
            .all(|t| !t.starts_with("Page") && !t.starts_with("Cabinet")));
    }

    #[test]
    fn a_header_in_the_top_band_of_two_pages_goes_after_the_cover() {
        let line = |text: &str, band: Band| Line {
            text: text.into(),
            heading: None,
            style: Some(crate::extract::Style {
                size: 20,
                bold: false,
                band,
                x: None,
            }),
        };
        let body = |n: u32| {
            (0..8)
                .map(|i| line(&format!("Body line {n}.{i} of the minutes."), Band::Body))
                .collect::<Vec<_>>()
        };
        let mut pages: Vec<Page> = (1..=2u32)
            .map(|n| {
                let mut lines = vec![line("Lincoln Square Commission", Band::Top)];
                lines.extend(body(n));
                Page { number: n, lines }
            })
            .collect();
        clean_pages(&mut pages);
        assert_eq!(pages[0].lines[0].text, "Lincoln Square Commission");
        assert!(pages[1].lines.iter().all(|l| !l.text.contains("Lincoln")));
        assert_eq!(pages[1].lines.len(), 8);
    }

    #[test]
    fn normalises_ligatures_bullets_and_spaces() {
        assert_eq!(
            normalise_line("• the \u{fb01}nal\u{a0}  report"),
            "- the final report"
        );
        assert_eq!(normalise_line("\u{b7}   item"), "- item");
    }

    #[test]
    fn judges_text_layers() {
        assert_eq!(
            judge_text_layer(&[page(1, &[""]), page(2, &["  "])]),
            TextLayer::Absent
        );
        let garbage = "ÿþ ÃÂ ¤¥ ¦§ ¨© ª« ¬® ¯° ±² ³´ µ¶ ·¸ ¹º »¼ ½¾ ¿À ÁÂ ÃÄ ÅÆ ÇÈ ÉÊ ËÌ ÍÎ ÏÐ ÑÒ ÓÔ ÕÖ ×Ø ÙÚ ÛÜ ÝÞ ßà áâ ãä åæ çè éê ëì íî ïð ñò óô õö ÷ø ùú ûü ýþ".repeat(3);
        assert_eq!(
            judge_text_layer(&[page(1, &[&garbage])]),
            TextLayer::Garbage
        );
        let words = "The committee noted the report on children's services and agreed the plan. "
            .repeat(10);
        assert_eq!(judge_text_layer(&[page(1, &[&words])]), TextLayer::Readable);
    }
}
