//! A small line classifier: how likely a line is to start a section (a heading or a numbered
//! paragraph), from its layout and shape alone, never its words.
//!
//! The model is the logistic regression of `scripts/line-classifier.py`, trained on the
//! hand-made gold of `tests/gold/` and `../shared/eval/dev/gold` (all sources but
//! `london-on-opencouncil`, held out from rule development) and printed with `--emit-rust`.
//! Its 36 features are computed here exactly as the script computes them from
//! `council parse FILE --lines` (font size over the body text, weight, band, blank lines
//! around, place on the page, full width, indentation, numbering, case, length, end
//! punctuation). Leave-one-source-out, the rules' sections less those whose first line the
//! model scores under [`VETO`] beat the rules alone on the gold (`tests/gold/README.md`): the
//! section splitter uses it as a veto, not to find sections of its own.

use crate::extract::{Band, ExtractedText, Line};
use regex::Regex;
use std::sync::LazyLock;

/// A paragraph number at the line's start (the script's, which also takes `0.1`).
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*]\s+)?(\d{1,2}(?:\.\d{1,2}){0,4}|\d{3}\.)(\.?)(?:\s+|\t)(\S.*)$").unwrap()
});
/// A number alone on its line.
static NUMBER_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?$").unwrap());
/// A list label: `a)`, `(a)`, `(iv)`, `b.`.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-*]\s+)?(?:\(([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z])\.)\s+(\S.*)$",
    )
    .unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*\x{2022}]\s+\S").unwrap());
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][A-Za-z()/'\x{2019} &-]{1,40}?)\s*(?::|\t)\s*(.*)$").unwrap()
});

/// The probability under which the section splitter drops a section the rules found.
pub const VETO: f32 = 0.2;

/// The features, in the order of [`WEIGHTS`] (the script's names).
const FEATURES: [&str; 36] = [
    "size",
    "larger",
    "smaller",
    "styled",
    "bold",
    "bold_rare",
    "bold_marks",
    "band_top",
    "band_bottom",
    "format_heading",
    "blank_before",
    "blank_after",
    "first_on_page",
    "page_pos",
    "full_width",
    "numbered",
    "number_depth",
    "number_alone",
    "labelled",
    "bullet",
    "key_value",
    "upper",
    "title_ratio",
    "log_len",
    "words",
    "ends_stop",
    "ends_colon",
    "starts_upper",
    "next_numbered",
    "next_larger_or_bold",
    "positioned",
    "indent",
    "indented",
    "at_margin",
    "indented_vs_prev",
    "next_indented",
];
/// The weights of [`FEATURES`] on their raw scale (`scripts/line-classifier.py --emit-rust`).
const WEIGHTS: [f32; 36] = [
    -7.87854, 1.02259, -2.37823, -2.61307, 2.71417, 1.09015, -1.57229, -2.89429, -1.9607, 0.791878,
    2.43179, 1.07565, -0.272635, 0.252738, 0.24742, 8.32786, -0.30649, -9.48894, -1.96691, 4.90607,
    -2.07583, 1.48778, 0.154885, 1.7408, -6.41959, -2.1776, 1.06406, 3.62777, 1.72312, -1.88269,
    3.27985, -4.54524, -2.4555, -0.657697, 0.360994, 0.532646,
];
const BIAS: f32 = -3.34919;

/// One line of a paper as the model sees it.
struct View<'a> {
    page: u32,
    /// The line's place on its page, blank lines included.
    index: usize,
    /// How many lines its page has.
    page_lines: usize,
    text: &'a str,
    line: &'a Line,
}

/// A paper's lines with what the model needs to know of the paper as a whole.
pub struct Paper<'a> {
    lines: Vec<View<'a>>,
    /// The length from which a line runs the full text width.
    full_width: usize,
    /// Whether bold is rare enough in the paper to mark headings.
    bold_marks: bool,
    /// The paper's left margin (thousandths of the page width).
    margin: Option<u16>,
}

/// The number at a line's start, as the script reads it: `2.1` of "2.1 Budget", "2." alone.
fn line_number(t: &str) -> Option<String> {
    if let Some(c) = NUMBERED.captures(t) {
        return Some(c[1].trim_matches(|c| c == '.' || c == ' ').to_string());
    }
    NUMBER_ALONE.captures(t).map(|c| c[1].to_string())
}

fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

impl<'a> Paper<'a> {
    /// The lines of `text`, whose full-width length and use of bold the caller measured
    /// (`blocks::full_line_width`, `Typography::bold_marks`).
    pub fn new(text: &'a ExtractedText, full_width: usize, bold_marks: bool) -> Paper<'a> {
        let lines: Vec<View<'a>> = text
            .pages
            .iter()
            .flat_map(|p| {
                let n = p.lines.len();
                p.lines.iter().enumerate().map(move |(index, line)| View {
                    page: p.number,
                    index,
                    page_lines: n,
                    text: line.text.trim(),
                    line,
                })
            })
            .collect();
        let margin = crate::lines::left_margin(lines.iter().map(|v| v.line));
        Paper {
            lines,
            full_width,
            bold_marks,
            margin,
        }
    }

    /// How far line `i` starts right of the paper's left margin (thousandths of the page).
    fn indent(&self, i: usize) -> Option<i32> {
        let x = self.lines[i].line.style.and_then(|s| s.x)?;
        self.margin.map(|m| x as i32 - m as i32)
    }

    /// The size of line `i` over the body text, in twentieths (20 where unknown).
    fn size(&self, i: usize) -> f32 {
        match self.lines[i].line.style.map(|s| s.size) {
            Some(s) if s > 0 => s as f32 / 20.0,
            _ => 1.0,
        }
    }

    fn bold(&self, i: usize) -> bool {
        self.lines[i].line.style.is_some_and(|s| s.bold)
    }

    /// The features of line `i` (in the order of [`FEATURES`]).
    fn features(&self, i: usize) -> [f32; 36] {
        let v = &self.lines[i];
        let t = v.text;
        let lines = &self.lines;
        let prev = i.checked_sub(1).map(|j| &lines[j]);
        let next = lines.get(i + 1);
        let next_text = (i + 1..(i + 4).min(lines.len())).find(|&j| !lines[j].text.is_empty());
        let prev_text = (i.saturating_sub(3)..i)
            .rev()
            .find(|&j| !lines[j].text.is_empty());
        let size = self.size(i);
        let num = line_number(t);
        let words: Vec<&str> = t.split_whitespace().collect();
        let caps: Vec<&&str> = words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
            .collect();
        let mut letters = t.chars().filter(|c| c.is_alphabetic()).peekable();
        let upper = letters.peek().is_some() && letters.all(char::is_uppercase);
        let style = v.line.style;
        let bold = self.bold(i);
        let ind = self.indent(i);
        let pind = prev_text.and_then(|j| self.indent(j));
        let nind = next_text.and_then(|j| self.indent(j));
        let chars = t.chars().count();
        let end = t.trim_end();
        let first = t.chars().next();
        [
            size,
            flag(size >= 1.15),
            flag(size <= 0.9),
            flag(style.is_some()),
            flag(bold),
            flag(bold && self.bold_marks),
            flag(self.bold_marks),
            flag(style.is_some_and(|s| s.band == Band::Top)),
            flag(style.is_some_and(|s| s.band == Band::Bottom)),
            flag(v.line.heading.is_some()),
            flag(prev.is_none_or(|p| p.text.is_empty() || p.page != v.page)),
            flag(next.is_none_or(|n| n.text.is_empty() || n.page != v.page)),
            flag(
                lines[i - v.index.min(i)..i]
                    .iter()
                    .all(|l| l.text.is_empty()),
            ),
            v.index as f32 / v.page_lines.max(1) as f32,
            flag(chars >= self.full_width),
            flag(num.is_some()),
            num.as_ref()
                .map_or(0.0, |n| (n.matches('.').count() + 1) as f32),
            flag(NUMBER_ALONE.is_match(t)),
            flag(LABELLED.is_match(t)),
            flag(BULLET.is_match(t)),
            flag(KEY_VALUE.is_match(t) && chars < 200),
            flag(upper),
            if caps.is_empty() {
                0.0
            } else {
                caps.iter()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .count() as f32
                    / caps.len() as f32
            },
            (chars.min(100) as f32).ln_1p(),
            words.len().min(14) as f32 / 14.0,
            flag(end.ends_with(['.', ';', ',', '?', '!'])),
            flag(end.ends_with(':')),
            flag(first.is_some_and(|c| c.is_uppercase() || c.is_numeric())),
            flag(next_text.is_some_and(|j| line_number(lines[j].text).is_some())),
            flag(next_text.is_some_and(|j| self.size(j) > size || (self.bold(j) && !bold))),
            flag(ind.is_some()),
            (ind.unwrap_or(0) as f32 / 1000.0).clamp(-0.2, 0.5),
            flag(ind.is_some_and(|x| x > 20)),
            flag(ind.is_some_and(|x| x.abs() <= 10)),
            flag(ind.zip(pind).is_some_and(|(x, p)| x - p > 20)),
            flag(ind.zip(nind).is_some_and(|(x, n)| n - x > 20)),
        ]
    }

    /// The probability that line `i` (its place among the paper's lines, pages in order,
    /// blank lines included) starts a section.
    pub fn odds(&self, i: usize) -> f32 {
        let z: f32 = self
            .features(i)
            .iter()
            .zip(WEIGHTS)
            .map(|(x, w)| x * w)
            .sum::<f32>()
            + BIAS;
        1.0 / (1.0 + (-z).exp())
    }
}

/// The features' names (what [`WEIGHTS`] weighs), for `--lines` and tests.
pub fn feature_names() -> &'static [&'static str] {
    &FEATURES
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Page, Style};

    fn paper(lines: &[(&str, u8, bool)]) -> ExtractedText {
        ExtractedText {
            pages: vec![Page {
                number: 1,
                lines: lines
                    .iter()
                    .map(|&(text, size, bold)| Line {
                        text: text.into(),
                        heading: None,
                        style: (size > 0).then_some(Style {
                            size,
                            bold,
                            ..Style::default()
                        }),
                    })
                    .collect(),
            }],
            paged: true,
        }
    }

    #[test]
    fn every_feature_has_its_weight() {
        assert_eq!(feature_names().len(), WEIGHTS.len());
        let text = paper(&[("1. Budget", 20, false)]);
        assert_eq!(Paper::new(&text, usize::MAX, false).features(0).len(), 36);
    }

    /// A numbered heading after a blank line is a section start; a line broken from the
    /// middle of a sentence in a paragraph is not, however short.
    #[test]
    fn numbered_heading_scores_over_a_broken_line() {
        let text = paper(&[
            ("", 0, false),
            ("2. Budget Monitoring", 20, true),
            ("", 0, false),
            (
                "The Cabinet Member introduced the report and explained that the",
                20,
                false,
            ),
            (
                "forecast overspend had fallen since the last report to the",
                20,
                false,
            ),
            ("Committee.", 20, false),
        ]);
        let p = Paper::new(&text, 60, true);
        assert!(p.odds(1) > 0.5, "{}", p.odds(1));
        assert!(p.odds(4) < VETO, "{}", p.odds(4));
    }
}
