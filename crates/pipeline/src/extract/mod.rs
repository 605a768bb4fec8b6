//! One extractor per format: bytes in, text with pages out.
//!
//! Every extractor yields an [`ExtractedText`]: pages of [`Line`]s, where a line may carry a
//! heading level known from the format itself (HTML `<h2>`, Markdown `##`). Structure is
//! inferred later, from the text, by [`crate::structure`].

pub mod fallback;
pub mod html;
pub mod json;
pub mod layout;
pub mod ocr;
pub mod pdf;
pub mod sandbox;
pub mod text;

/// One line of extracted text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The text, without the line break.
    pub text: String,
    /// The heading level where the format marks the line as a heading (1 = top).
    pub heading: Option<u8>,
}

impl Line {
    /// A plain line.
    pub fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            heading: None,
        }
    }
}

/// One page of a paged format; unpaged formats have a single page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The 1-based page number.
    pub number: u32,
    /// The lines in reading order; empty lines separate paragraphs.
    pub lines: Vec<Line>,
}

/// The text of a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtractedText {
    /// The pages.
    pub pages: Vec<Page>,
    /// Whether page numbers are real (PDF) rather than one page for the whole file.
    pub paged: bool,
}

impl Page {
    /// A page of plain lines (handy in tests and for formats without page markup).
    pub fn from_lines(number: u32, lines: &[&str]) -> Page {
        Page {
            number,
            lines: lines.iter().map(|l| Line::plain(*l)).collect(),
        }
    }
}

impl ExtractedText {
    /// Text from unpaged lines.
    pub fn unpaged(lines: Vec<Line>) -> ExtractedText {
        ExtractedText {
            pages: vec![Page { number: 1, lines }],
            paged: false,
        }
    }

    /// The number of characters of text.
    pub fn char_count(&self) -> usize {
        self.pages
            .iter()
            .flat_map(|p| &p.lines)
            .map(|l| l.text.chars().count())
            .sum()
    }
}
