//! What a PDF's typography says about its lines: which are set as headings (markedly larger
//! than the body text, or bold where bold is rare), at which level, and which line of the
//! first page is the title (its largest text).
//!
//! The PDF extractor measures each line's [`Style`] (see [`crate::extract::layout`]); text
//! without typography (pdftotext, OCR, HTML, Markdown) has none, and everything here then
//! answers "no", so the text patterns of [`crate::blocks`] and [`crate::structure`] decide
//! alone, as before.

use crate::blocks::{heading_like, key_value, upper_case, LABELLED, NUMBERED, VOTE_HEAD};
use crate::extract::{Line, Style};

/// A line this much larger than the body text (in twentieths: 23 = 1.15 times) stands out.
const LARGER: u8 = 23;
/// Bold stands out only when at most this share of the lines (in percent) is bold.
const BOLD_RARE_PERCENT: usize = 30;
/// The deepest level given to a heading by its typography.
const MAX_LEVEL: u8 = 6;

/// The typography of one document (or paper of a pack).
#[derive(Debug, Clone, Default)]
pub struct Typography {
    /// Whether bold is rare enough to mark headings.
    bold_marks: bool,
    /// The heading styles, most prominent first: a heading's level is its place here.
    levels: Vec<(u8, bool)>,
}

impl Typography {
    /// Reads the typography of lines; `None` when they carry none (or hardly any).
    pub fn of<'a>(lines: impl Iterator<Item = &'a Line> + Clone) -> Option<Typography> {
        let text_lines = lines.clone().filter(|l| !l.text.trim().is_empty());
        let (mut styled, mut bold, mut total) = (0usize, 0usize, 0usize);
        for l in text_lines {
            total += 1;
            if let Some(s) = l.style {
                styled += 1;
                bold += s.bold as usize;
            }
        }
        if total == 0 || styled * 2 < total {
            return None;
        }
        let mut typo = Typography {
            bold_marks: bold * 100 <= styled * BOLD_RARE_PERCENT,
            levels: Vec::new(),
        };
        let mut styles: Vec<(u8, bool)> = lines
            .filter(|l| typo.heading_line(l))
            .filter_map(|l| l.style)
            .map(|s| (s.size, s.bold && typo.bold_marks))
            .collect();
        styles.sort_unstable_by(|a, b| b.cmp(a));
        styles.dedup();
        typo.levels = styles;
        Some(typo)
    }

    /// Whether a style stands out from the body text: markedly larger, or bold where bold
    /// is rare.
    pub fn stands_out(&self, style: Option<Style>) -> bool {
        style.is_some_and(|s| s.size >= LARGER || (s.bold && self.bold_marks))
    }

    /// Whether a line is set as a heading: it stands out, and reads as one (short, no
    /// sentence end, not a `Key: value` (a tab is no key's end here: some producers set
    /// every space as one), a list label or a vote). A bullet before it does not count: a
    /// bold bulleted line is a heading in a bulleted outline (see [`heading_text`]).
    pub fn heading_line(&self, line: &Line) -> bool {
        self.stands_out(line.style) && reads_as_heading(heading_text(&line.text))
    }

    /// The level of a heading set in `style` (1 = the most prominent heading style).
    pub fn level(&self, style: Option<Style>) -> Option<u8> {
        let s = style?;
        let key = (s.size, s.bold && self.bold_marks);
        let i = self.levels.iter().position(|&k| k == key)?;
        Some((i as u8 + 1).min(MAX_LEVEL))
    }

    /// The level a heading set in `style` would have among the heading styles, also where no
    /// line of it alone is set as a heading (a heading broken at a comma); `None` where the
    /// style does not stand out.
    pub fn rank(&self, style: Option<Style>) -> Option<u8> {
        let s = style.filter(|_| self.stands_out(style))?;
        let key = (s.size, s.bold && self.bold_marks);
        let i = self
            .levels
            .iter()
            .position(|&k| k <= key)
            .unwrap_or(self.levels.len());
        Some((i as u8 + 1).min(MAX_LEVEL))
    }

    /// Whether bold is rare enough in this text to mark headings.
    pub fn bold_marks(&self) -> bool {
        self.bold_marks
    }

    /// Whether any line is set as a heading.
    pub fn has_headings(&self) -> bool {
        !self.levels.is_empty()
    }
}

/// Whether the text of a line that stands out reads as a heading: short, no sentence end,
/// not a `Key: value` (a tab is no key's end here: some producers set every space as one),
/// a list label or a vote.
pub fn reads_as_heading(t: &str) -> bool {
    heading_like(t)
        && (!t.contains(':') || key_value(t).is_none())
        && !LABELLED.is_match(t)
        && !VOTE_HEAD.is_match(t)
}

/// The headings an unpaged text (HTML) sets in bold: a line wholly in bold that reads as a
/// heading, where bold is rare (as [`Typography`] has it for PDFs) and the line is no row of
/// table cells. They rank below the format's own headings (`<h1>`…): the level returned is
/// one deeper than the deepest of those. `None` when bold marks nothing.
pub fn bold_heading_level<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<u8> {
    let (mut total, mut bold, mut deepest) = (0usize, 0usize, 0u8);
    for l in lines.filter(|l| !l.text.trim().is_empty()) {
        total += 1;
        bold += l.style.is_some_and(|s| s.bold) as usize;
        deepest = deepest.max(l.heading.unwrap_or(0));
    }
    (bold > 0 && bold * 100 <= total * BOLD_RARE_PERCENT).then_some((deepest + 1).min(MAX_LEVEL))
}

/// Whether a line of unpaged text is a heading set in bold (see [`bold_heading_level`]).
pub fn bold_heading_line(line: &Line) -> bool {
    line.heading.is_none()
        && line.style.is_some_and(|s| s.bold)
        && !line.text.contains('\t')
        && reads_as_heading(heading_text(&line.text))
}

/// The text of a heading line without a list bullet before it.
pub fn heading_text(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("- ").map_or(t, str::trim_start)
}

/// Whether `line` goes on block `b` as a wrapped line of a heading or cover value set in the
/// same style as its first line, a style that stands out: the line before ran (nearly) the
/// full width, or broke off at a dash, comma or joining word, or was a mere number
/// ("... COMMITTEE -" over "1" over "SEPTEMBER 2014"); or both are capitals set alike (the
/// same weight, sizes within a tenth).
pub(crate) fn typeset_wrap(
    typo: &Typography,
    b: &crate::blocks::Block,
    line: &crate::extract::Line,
    last_line: &str,
    full_width: usize,
) -> bool {
    let t = line.text.trim();
    // The same weight and (within a tenth) the same size.
    let alike = |a: Style, b: Style| a.size.abs_diff(b.size) <= 2 && a.bold == b.bold;
    let Some(style) = line.style.filter(|s| b.style.is_some_and(|b| alike(*s, b))) else {
        return false;
    };
    let same_size = b.style.is_some_and(|b| b.size == style.size);
    if !typo.stands_out(b.style)
        || b.lines >= 4
        || b.lines == 3 && style.size < DISPLAY
        || NUMBERED.is_match(t)
        || b.text.ends_with(['.', ';', '?', '!'])
    {
        return false;
    }
    let last_word = b.text.rsplit(' ').next().unwrap_or("").to_lowercase();
    let broke_off = b.text.ends_with(['-', '–', ',', '&'])
        || matches!(
            last_word.as_str(),
            "and" | "of" | "the" | "for" | "to" | "in" | "on"
        )
        || last_line.chars().filter(|c| c.is_alphabetic()).count() < 3;
    // A larger font fits fewer characters on a line.
    let width = (last_line.chars().count() as f32 * style.ratio().max(1.0)) as usize;
    let ran_long = full_width != usize::MAX && width >= full_width;
    // Capitals over capitals set alike: one heading ("X COMMUNITY COUNCIL" over "MEETING
    // 6TH FEBRUARY 2019"), as without typography.
    let capitals = b.heading.is_some() && upper_case(&b.text) && upper_case(t) && heading_like(t);
    // Display type (half as large again as the body text) is broken into short lines: a
    // cover's title over several lines set alike ("Summons to and" / "Agenda for an" /
    // "Extraordinary Meeting on").
    // A council's name over a title set alike is its letterhead, and a body's name
    // ("Transport Delivery Committee") the meeting it goes to: neither is part of the title
    // (but "... County Council" over "Meeting on" is the title going on).
    let display = style.size >= DISPLAY
        && !crate::names::is_council_name(&b.text)
        && (!names_body(&b.text) || t.starts_with("Meeting"))
        && t.split_whitespace().count() <= 8
        && !t.ends_with(['.', ';', ':', '?', '!']);
    (same_size && (broke_off || ran_long || display)) || capitals
}

/// Whether text ends in the name of a body ("... Committee", "... Cabinet").
fn names_body(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("").to_lowercase();
    matches!(
        last.as_str(),
        "committee"
            | "sub-committee"
            | "council"
            | "cabinet"
            | "board"
            | "panel"
            | "forum"
            | "executive"
            | "commission"
            | "authority"
            | "partnership"
    )
}

/// The size (in twentieths of the body text) of display type: a cover's title.
const DISPLAY: u8 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, size: u8, bold: bool) -> Line {
        Line {
            text: text.into(),
            heading: None,
            style: Some(Style {
                size,
                bold,
                ..Style::default()
            }),
        }
    }

    #[test]
    fn larger_or_rare_bold_lines_are_headings_ranked_by_size() {
        let mut lines = vec![
            line("Annual Report of the Committee", 36, true),
            line("Background", 20, true),
        ];
        for _ in 0..10 {
            lines.push(line(
                "The committee met four times and considered the reports.",
                20,
                false,
            ));
        }
        lines.push(line("Financial Implications", 20, true));
        let typo = Typography::of(lines.iter()).expect("styled");
        assert!(typo.heading_line(&lines[0]));
        assert!(typo.heading_line(&lines[1]));
        assert!(!typo.heading_line(&lines[2]));
        assert_eq!(typo.level(lines[0].style), Some(1));
        assert_eq!(typo.level(lines[1].style), Some(2));
        assert_eq!(typo.level(lines.last().unwrap().style), Some(2));
    }

    #[test]
    fn bold_everywhere_marks_nothing_and_plain_text_has_no_typography() {
        let lines: Vec<Line> = (0..10).map(|_| line("Short bold line", 20, true)).collect();
        let typo = Typography::of(lines.iter()).expect("styled");
        assert!(!typo.heading_line(&lines[0]));
        let plain = [Line::plain("Background"), Line::plain("Text.")];
        assert!(Typography::of(plain.iter()).is_none());
    }
}
