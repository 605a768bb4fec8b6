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
pub mod xml;

/// One line of extracted text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The text, without the line break.
    pub text: String,
    /// The heading level where the format marks the line as a heading (1 = top).
    pub heading: Option<u8>,
    /// The line's typography where the extractor saw it (pdf-extract; not pdftotext or OCR).
    pub style: Option<Style>,
}

impl Line {
    /// A plain line.
    pub fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            heading: None,
            style: None,
        }
    }

    /// A line of PDF page text, its typography marks (see [`Style::marks`]) taken off.
    pub fn from_marked(text: &str) -> Line {
        let mut chars = text.chars();
        match chars.next().and_then(Style::from_mark) {
            Some(mut style) => {
                let rest = chars.as_str();
                let mut after = rest.chars();
                let text = match after.next().and_then(x_of_mark) {
                    Some(x) => {
                        style.x = Some(x);
                        after.as_str()
                    }
                    None => rest,
                };
                Line {
                    text: text.to_string(),
                    heading: None,
                    style: Some(style),
                }
            }
            None => Line::plain(text),
        }
    }
}

/// The first character of [`Style`] marks: the start of Supplementary Private Use Area-A,
/// which no font's text in the corpus uses (symbol fonts use the BMP's private use area).
const MARK_BASE: u32 = 0xF0000;
/// One past the last mark (11 bits: the size, bold, then the band).
const MARK_END: u32 = MARK_BASE + 0x800;
/// The first character of x position marks, which follow a style mark: Supplementary
/// Private Use Area-B, one character per thousandth of the page width.
const X_MARK_BASE: u32 = 0x100000;
/// The largest x position (the page's right edge), in thousandths of its width.
const X_MAX: u16 = 1000;

/// The x position an x mark carries, `None` for any other character.
fn x_of_mark(c: char) -> Option<u16> {
    let code = (c as u32).checked_sub(X_MARK_BASE)?;
    (code <= X_MAX as u32).then_some(code as u16)
}

/// Where on its page a line is: in the top or bottom band, where running headers and
/// footers live, or between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Band {
    /// Between the bands.
    #[default]
    Body,
    /// The top tenth of the page.
    Top,
    /// The bottom tenth of the page.
    Bottom,
}

impl Band {
    /// The band of a line `depth` down its page (0 = top edge, 1 = bottom edge).
    pub fn of(depth: f64) -> Band {
        if depth < 0.1 {
            Band::Top
        } else if depth > 0.9 {
            Band::Bottom
        } else {
            Band::Body
        }
    }

    fn code(self) -> u32 {
        match self {
            Band::Body => 0,
            Band::Top => 1,
            Band::Bottom => 2,
        }
    }

    fn from_code(code: u32) -> Band {
        match code {
            1 => Band::Top,
            2 => Band::Bottom,
            _ => Band::Body,
        }
    }
}

/// How a line of a PDF is set: its font size relative to the document's body text, its
/// weight and its band on the page. The PDF extractor ([`layout`]) measures it; it travels inside the page text as a
/// one-character mark at the start of the line ([`Style::mark`]), so the worker protocol and
/// every reader of page texts stay as they were, and [`Line::from_marked`] takes it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// The mean font size of the line's glyphs over the body text's, in twentieths (20 = the
    /// body size, 30 = half as large again).
    pub size: u8,
    /// Whether most of the line's glyphs are in a bold face.
    pub bold: bool,
    /// Where on the page the line is.
    pub band: Band,
    /// Where the line starts across its page, in thousandths of the page width from its left
    /// edge (its indentation); `None` where the text gave no position.
    pub x: Option<u16>,
}

impl Style {
    /// The size relative to the body text (1.0 = body size).
    pub fn ratio(self) -> f32 {
        self.size as f32 / 20.0
    }

    /// The one-character mark that carries this style in a page's text.
    pub fn mark(self) -> char {
        char::from_u32(
            MARK_BASE + self.size as u32 + ((self.bold as u32) << 8) + (self.band.code() << 9),
        )
        .expect("a private use character")
    }

    /// The marks that carry this style in a page's text: [`Style::mark`], then the x
    /// position's own mark where it is known.
    pub fn marks(self) -> String {
        let mut out = String::with_capacity(8);
        out.push(self.mark());
        if let Some(x) = self.x {
            out.push(
                char::from_u32(X_MARK_BASE + x.min(X_MAX) as u32).expect("a private use character"),
            );
        }
        out
    }

    /// The style a mark character carries (without the x position, which has a mark of its
    /// own), `None` for any other character.
    pub fn from_mark(c: char) -> Option<Style> {
        let code = c as u32;
        if !(MARK_BASE..MARK_END).contains(&code) {
            return None;
        }
        let code = code - MARK_BASE;
        Some(Style {
            size: (code & 0xFF) as u8,
            bold: code & 0x100 != 0,
            band: Band::from_code(code >> 9),
            x: None,
        })
    }

    /// Whether a character is a style or x position mark.
    pub fn is_mark(c: char) -> bool {
        (MARK_BASE..MARK_END).contains(&(c as u32)) || x_of_mark(c).is_some()
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
