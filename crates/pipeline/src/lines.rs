//! The lines the structure reader sees, with their layout, for studying how papers are laid
//! out (`council parse --lines`, and `scripts/line-classifier.py`, which trains and compares
//! a line classifier with the rules leave-one-source-out).
//!
//! [`lines_of`] follows [`crate::parse_file`]'s path up to the blocks: the extractor of the
//! file's format, the agenda-pack split and the cleaning of PDF pages (running headers,
//! page numbers). It reads PDFs with the primary extractor only (no pdftotext fallback, no
//! OCR), so a file that `parse` reads through a fallback shows no lines here.

use crate::extract::{self, Band, ExtractedText, Line};
use crate::format::Format;
use crate::typeset::Typography;
use crate::{clean, decode, format, pack, read_limited, ParseError, ParseOptions, XML_SHAPE};
use serde::Serialize;
use std::path::Path;

/// One line with its layout and what the rules make of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineRecord {
    /// The paper of an agenda pack the line is in (0 for a file of one paper).
    pub segment: usize,
    /// The page (1 for unpaged text).
    pub page: u32,
    /// The line's place on its page among all its lines, blank ones included (0 = first).
    pub index: usize,
    /// How many lines its page has, blank ones included.
    pub page_lines: usize,
    /// The text, normalised as the structure reader sees it (empty for a blank line).
    pub text: String,
    /// The font size over the body text's, in twentieths (PDF only).
    pub size: Option<u8>,
    /// Whether most glyphs are bold (PDF only).
    pub bold: Option<bool>,
    /// The band of the page (`top`, `body`, `bottom`; PDF only).
    pub band: Option<&'static str>,
    /// Whether bold is rare enough in this paper to mark headings.
    pub bold_marks: bool,
    /// The heading level the format gives the line (HTML `<h1>`…, Markdown `#`).
    pub format_heading: Option<u8>,
    /// Whether the typography rules set the line as a heading ([`Typography::heading_line`],
    /// or in HTML [`crate::typeset::bold_heading_line`]).
    pub typeset_heading: bool,
    /// Whether the line runs (nearly) the full text width, as wrapped paragraph lines do.
    pub full_width: bool,
    /// Where the line starts across its page, in thousandths of the page width (PDF only).
    pub x: Option<u16>,
    /// How far the line starts right of the paper's left margin (the x most of its lines
    /// start at, to a hundredth of the page), in thousandths of the page width; negative
    /// left of it (PDF only).
    pub indent: Option<i32>,
    /// The line classifier's probability that the line starts a section
    /// ([`crate::line_model`]), to two decimals.
    pub model: f32,
}

/// The left margin of a paper's lines: the x (to a hundredth of the page width, in
/// thousandths) that most lines with text start at; `None` without positions.
pub fn left_margin<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<u16> {
    let mut counts: std::collections::HashMap<u16, usize> = std::collections::HashMap::new();
    for l in lines.filter(|l| !l.text.trim().is_empty()) {
        if let Some(x) = l.style.and_then(|s| s.x) {
            *counts.entry(x / 10 * 10).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(x, n)| (n, std::cmp::Reverse(x)))
        .map(|(x, _)| x)
}

/// The lines of the file at `path`, paper by paper; an error where `parse` could not read
/// the file with the primary extractor.
pub fn lines_of(path: &Path, options: &ParseOptions) -> Result<Vec<LineRecord>, ParseError> {
    let bytes = read_limited(path, &options.limits)?;
    let format = format::detect(&bytes, path).map_err(|u| ParseError::Unsupported(u.0))?;
    let texts: Vec<ExtractedText> = match format {
        Format::Json => return Err(ParseError::Unsupported("JSON has no lines".into())),
        Format::Pdf => {
            let texts = options.pdf.extract(path, &bytes).map_err(ParseError::Pdf)?;
            let pages: Vec<extract::Page> = texts
                .iter()
                .enumerate()
                .map(|(i, p)| extract::Page {
                    number: i as u32 + 1,
                    lines: p.lines().map(Line::from_marked).collect(),
                })
                .collect();
            pack::segments(&pages)
                .into_iter()
                .map(|r| {
                    let mut seg = pages[r].to_vec();
                    clean::clean_pages(&mut seg);
                    ExtractedText {
                        pages: seg,
                        paged: true,
                    }
                })
                .collect()
        }
        Format::Html | Format::Markdown | Format::Text | Format::Xml => {
            let text = decode::decode_text(&bytes);
            let mut t = match format {
                Format::Html => extract::html::extract(&text),
                Format::Xml => extract::html::extract(
                    &extract::xml::meeting(&text)
                        .ok_or_else(|| ParseError::Unsupported(XML_SHAPE.into()))?
                        .html(),
                ),
                _ => extract::text::extract(&text, true),
            };
            for p in t.pages.iter_mut() {
                for l in p.lines.iter_mut() {
                    l.text = clean::normalise_line(&l.text);
                }
            }
            vec![t]
        }
    };
    Ok(texts
        .iter()
        .enumerate()
        .flat_map(|(segment, t)| records(segment, t))
        .collect())
}

/// The records of one paper's lines.
fn records(segment: usize, text: &ExtractedText) -> Vec<LineRecord> {
    let all: Vec<&Line> = text.pages.iter().flat_map(|p| p.lines.iter()).collect();
    let typo = if text.paged {
        Typography::of(all.iter().copied())
    } else {
        None
    };
    let full_width = if text.paged {
        crate::blocks::full_line_width(all.iter().copied())
    } else {
        usize::MAX
    };
    let bold_level = if text.paged {
        None
    } else {
        crate::typeset::bold_heading_level(all.iter().copied())
    };
    let margin = left_margin(all.iter().copied());
    let paper = crate::line_model::Paper::new(
        text,
        full_width,
        typo.as_ref().is_some_and(Typography::bold_marks),
    );
    let mut out = Vec::new();
    for page in &text.pages {
        for (index, line) in page.lines.iter().enumerate() {
            let t = line.text.trim();
            out.push(LineRecord {
                segment,
                page: page.number,
                index,
                page_lines: page.lines.len(),
                text: t.to_string(),
                size: line.style.map(|s| s.size),
                bold: line.style.map(|s| s.bold),
                band: line.style.map(|s| match s.band {
                    Band::Top => "top",
                    Band::Body => "body",
                    Band::Bottom => "bottom",
                }),
                bold_marks: typo.as_ref().is_some_and(Typography::bold_marks),
                format_heading: line.heading,
                typeset_heading: typo.as_ref().is_some_and(|ty| ty.heading_line(line))
                    || (bold_level.is_some() && crate::typeset::bold_heading_line(line)),
                full_width: t.chars().count() >= full_width,
                x: line.style.and_then(|s| s.x),
                indent: line
                    .style
                    .and_then(|s| s.x)
                    .zip(margin)
                    .map(|(x, m)| x as i32 - m as i32),
                model: (paper.odds(out.len()) * 100.0).round() / 100.0,
            });
        }
    }
    out
}
