//! Reading order of PDF pages: pdf-extract's characters with their positions, put back
//! into text the way pdf-extract's own plain-text output does, except on pages set in two
//! columns, which are read column by column.
//!
//! pdf-extract's `PlainTextOutput` writes characters in content-stream order and breaks
//! lines on vertical moves. On a two-column page whose producer wrote it row by row, that
//! interleaves the columns ("...the Board agreed the   4.2 Officers will report...") or, when
//! both columns share a baseline, joins them into one line. [`PageLayout`] collects each
//! page's glyphs, finds a vertical gutter crossed by (almost) no line while many lines have
//! prose on both sides of it, and then emits the page in bands: the left column, then the
//! right, with full-width lines (titles, headings across both columns) in place between
//! them. Any other page comes out exactly as pdf-extract would write it (the same algorithm
//! on the same glyphs), so single-column text and tables are untouched.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::{Band, Style};

/// The texts of a PDF's pages in reading order, each line that has glyphs led by its
/// typography mark (see [`Style::mark`]); like
/// `pdf_extract::extract_text_from_mem_by_pages`, it stops at the first page that fails.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, OutputError> {
    let mut doc = lopdf::Document::load_mem(bytes)?;
    if doc.is_encrypted() {
        doc.decrypt("")?;
    }
    let mut layout = PageLayout::default();
    // An error ends the document at the page that failed; the pages before it stand.
    let _ = pdf_extract::output_doc(&doc, &mut layout);
    Ok(layout.marked_pages())
}

/// One character as pdf-extract placed it, in page space with y growing downwards.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f64,
    y: f64,
    /// Where the glyph ends on the x axis.
    end: f64,
    /// The font size in page units.
    size: f64,
    /// Whether a word (a text-showing operation) starts here: pdf-extract only decides on
    /// spaces and line breaks there.
    word_start: bool,
    /// Whether the glyph's font is a bold face.
    bold: bool,
    /// The glyph's text: `chars[text.0..text.1]` of its page.
    text: (usize, usize),
}

/// The typography of one written line, measured over its glyphs that are not spaces.
#[derive(Debug, Clone, Copy, Default)]
struct LineMeasure {
    /// Where the line starts in its page's text (bytes).
    at: usize,
    /// Glyphs (not spaces) on the line.
    glyphs: u32,
    /// The sum of their font sizes.
    size_sum: f64,
    /// How many of them are bold.
    bold: u32,
    /// The first glyph's y (page space, downwards); after the page, how far down the page
    /// the line is, from 0 (top edge) to 1 (bottom edge).
    y: f64,
    /// The leftmost glyph's x (page space); after the page, where the line starts across
    /// the page, from 0 (left edge) to 1 (right edge).
    x: f64,
}

impl LineMeasure {
    fn size(&self) -> f64 {
        self.size_sum / self.glyphs.max(1) as f64
    }
}

/// An [`OutputDev`] that keeps each page's glyphs and writes the page at its end.
#[derive(Debug, Default)]
pub struct PageLayout {
    /// The finished pages' texts (without typography marks, see [`PageLayout::marked_pages`]).
    pub pages: Vec<String>,
    /// Each finished page's lines, measured.
    measures: Vec<Vec<LineMeasure>>,
    glyphs: Vec<Glyph>,
    chars: String,
    height: f64,
    width: f64,
    /// The bottom of the media box (y of page space where the page starts).
    lly: f64,
    /// The left of the media box (x of page space where the page starts).
    llx: f64,
    word_start: bool,
    bold: bool,
    /// How many pages were read column by column.
    pub two_column_pages: usize,
}

impl PageLayout {
    /// The pages' texts with each measured line led by its [`Style`] mark: its font size
    /// relative to the document's body text (the size most glyphs are set in) and whether
    /// it is set in bold.
    pub fn marked_pages(self) -> Vec<String> {
        let body = body_size(self.measures.iter().flatten());
        self.pages
            .into_iter()
            .zip(self.measures)
            .map(|(text, measures)| {
                let mut out = String::with_capacity(text.len() + measures.len() * 4);
                let mut from = 0;
                for m in &measures {
                    out.push_str(&text[from..m.at]);
                    let style = Style {
                        size: ((m.size() / body) * 20.0).round().clamp(0.0, 255.0) as u8,
                        bold: m.bold * 2 > m.glyphs,
                        band: Band::of(m.y),
                        x: m.x
                            .is_finite()
                            .then(|| (m.x * 1000.0).round().clamp(0.0, 1000.0) as u16),
                    };
                    out.push_str(&style.marks());
                    from = m.at;
                }
                out.push_str(&text[from..]);
                out
            })
            .collect()
    }
}

/// The body text's font size: the size (to half a unit) that most glyphs are set in.
fn body_size<'a>(measures: impl Iterator<Item = &'a LineMeasure>) -> f64 {
    let mut counts: std::collections::HashMap<i64, u64> = std::collections::HashMap::new();
    for m in measures {
        let size = m.size();
        if size.is_finite() && size > 0.0 {
            *counts.entry((size * 2.0).round() as i64).or_default() += m.glyphs as u64;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(1.0, |(size, _)| (size as f64 / 2.0).max(0.5))
}

impl OutputDev for PageLayout {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.glyphs.clear();
        self.chars.clear();
        self.bold = false;
        self.height = media_box.ury - media_box.lly;
        self.lly = media_box.lly;
        self.llx = media_box.llx;
        self.width = media_box.urx - media_box.llx;
        self.word_start = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let mut measures = Vec::new();
        let text = match find_gutter(&self.glyphs, self.width) {
            Some((gutter, rows)) => {
                self.two_column_pages += 1;
                write_columns(&self.glyphs, &rows, &self.chars, gutter, &mut measures)
            }
            None => {
                let mut out = String::new();
                write_plain(
                    &mut out,
                    self.glyphs.iter(),
                    &self.chars,
                    false,
                    &mut measures,
                );
                out
            }
        };
        for m in &mut measures {
            // Glyph y runs down from `height` above page space's origin; the page's top
            // edge is at `lly + height`.
            m.y = if self.height > 0.0 {
                (m.y + self.lly) / self.height
            } else {
                0.5
            };
            // Glyph x is in page space, whose left edge is at `llx`.
            m.x = if self.width > 0.0 && m.x.is_finite() {
                ((m.x - self.llx) / self.width).clamp(0.0, 1.0)
            } else {
                f64::NAN
            };
        }
        self.pages.push(text);
        self.measures.push(measures);
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // As PlainTextOutput: the position through a flip of the y axis, and the font
        // size as the side of the square with the area of the transformed size vector.
        let x = trm.m31;
        let y = self.height - trm.m32;
        let size_x = font_size * trm.m11 + font_size * trm.m21;
        let size_y = font_size * trm.m12 + font_size * trm.m22;
        let size = (size_x * size_y).sqrt();
        let start = self.chars.len();
        self.chars.push_str(char);
        self.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            word_start: std::mem::take(&mut self.word_start),
            bold: self.bold,
            text: (start, self.chars.len()),
        });
        Ok(())
    }

    fn font_weight(&mut self, bold: bool) -> Result<(), OutputError> {
        self.bold = bold;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Writes glyphs as pdf-extract's `PlainTextOutput` does: at a word start, a line break
/// after a vertical move and a space after a horizontal gap. With `every_move`, any vertical
/// move breaks the line, word start or not (the column writer's glyphs are a subsequence of
/// the stream, so a line's first glyph may not be a word start). Each line's glyphs are
/// measured into `measures` (one per line that has a glyph other than a space).
fn write_plain<'a>(
    out: &mut String,
    glyphs: impl Iterator<Item = &'a Glyph>,
    chars: &str,
    every_move: bool,
    measures: &mut Vec<LineMeasure>,
) {
    let mut last_end = 100_000.0_f64;
    let mut last_y = 0.0_f64;
    let mut first = true;
    let mut line_start = out.rfind('\n').map_or(0, |i| i + 1);
    for g in glyphs {
        let moved = (g.y - last_y).abs() > g.size * 0.5;
        if every_move && first {
            // A part of a column page starts its own line (the caller breaks before it).
        } else if g.word_start || (every_move && moved) {
            if (g.y - last_y).abs() > g.size * 1.5 {
                out.push('\n');
                line_start = out.len();
            }
            if g.x < last_end && moved {
                out.push('\n');
                line_start = out.len();
            }
            if g.x > last_end + g.size * 0.1 {
                out.push(' ');
            }
        }
        let text = &chars[g.text.0..g.text.1];
        if !text.trim().is_empty() {
            match measures.last_mut() {
                Some(m) if m.at == line_start => {}
                _ => measures.push(LineMeasure {
                    at: line_start,
                    y: g.y,
                    x: f64::INFINITY,
                    ..LineMeasure::default()
                }),
            }
            let m = measures.last_mut().expect("pushed");
            if g.x.is_finite() {
                m.x = m.x.min(g.x);
            }
            if g.size.is_finite() {
                m.glyphs += 1;
                m.size_sum += g.size;
                m.bold += g.bold as u32;
            }
        }
        out.push_str(text);
        last_y = g.y;
        last_end = g.end;
        first = false;
    }
}

/// A run of glyphs on one line with no gap wider than a column gutter.
#[derive(Debug, Clone, Copy)]
struct Fragment {
    start: f64,
    end: f64,
}

/// A line: glyph indexes (by x) and its fragments.
struct Row {
    glyphs: Vec<usize>,
    fragments: Vec<Fragment>,
}

/// Groups glyphs into rows by baseline, top to bottom.
fn rows(glyphs: &[Glyph]) -> Vec<Row> {
    let mut order: Vec<usize> = (0..glyphs.len())
        .filter(|&i| glyphs[i].size.is_finite() && glyphs[i].size > 0.0)
        .filter(|&i| glyphs[i].x.is_finite() && glyphs[i].y.is_finite())
        .collect();
    order.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y));
    let mut rows: Vec<Row> = Vec::new();
    let mut row_y = f64::NAN;
    for i in order {
        let g = &glyphs[i];
        match rows.last_mut() {
            Some(row) if (g.y - row_y).abs() <= g.size * 0.3 => row.glyphs.push(i),
            _ => {
                row_y = g.y;
                rows.push(Row {
                    glyphs: vec![i],
                    fragments: Vec::new(),
                });
            }
        }
    }
    for row in &mut rows {
        row.glyphs
            .sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
        let mut fragments: Vec<Fragment> = Vec::new();
        for &i in &row.glyphs {
            let g = &glyphs[i];
            if g.text.0 == g.text.1 {
                continue;
            }
            match fragments.last_mut() {
                Some(f) if g.x - f.end <= g.size * 1.2 => f.end = f.end.max(g.end),
                _ => fragments.push(Fragment {
                    start: g.x,
                    end: g.end.max(g.x),
                }),
            }
        }
        row.fragments = fragments;
    }
    rows.retain(|r| !r.fragments.is_empty());
    rows
}

/// The x of a gutter between two columns of prose, if the page has one.
///
/// A gutter is an x in the middle of the page that (almost) no row's text crosses while
/// many rows have text on both sides, and where both sides are prose: their text fills
/// most of each column's width on the typical row (a label/value table has short labels).
/// Returns the gutter with the page's rows (which the column writer reuses).
fn find_gutter(glyphs: &[Glyph], page_width: f64) -> Option<(f64, Vec<Row>)> {
    if glyphs.len() < 200 || page_width.is_nan() || page_width <= 100.0 {
        return None;
    }
    let rows = rows(glyphs);
    if rows.len() < 12 {
        return None;
    }
    let left_edge = rows
        .iter()
        .map(|r| r.fragments[0].start)
        .fold(f64::INFINITY, f64::min);
    let right_edge = rows
        .iter()
        .map(|r| r.fragments[r.fragments.len() - 1].end)
        .fold(f64::NEG_INFINITY, f64::max);
    let span = right_edge - left_edge;
    if span.is_nan() || span <= 100.0 {
        return None;
    }
    // The best x: most rows with text on both sides, then fewest rows across; of a run of
    // equally good x's (the width of the gap), its middle.
    let mut best: Option<((usize, usize), f64, f64)> = None; // (score, first x, last x)
    let mut x = left_edge + span * 0.3;
    while x <= left_edge + span * 0.7 {
        let mut crossing = 0;
        let mut two_sided = 0;
        for row in &rows {
            if row.fragments.iter().any(|f| f.start < x && f.end > x) {
                crossing += 1;
            } else if row.fragments[0].start < x && row.fragments[row.fragments.len() - 1].end > x {
                two_sided += 1;
            }
        }
        let score = (two_sided, usize::MAX - crossing);
        best = match best {
            Some((s, first, last)) if s == score && last + 1.0 >= x => Some((s, first, x)),
            Some((s, first, last)) if s >= score => Some((s, first, last)),
            _ => Some((score, x, x)),
        };
        x += 1.0;
    }
    let ((two_sided, not_crossing), first, last) = best?;
    let (crossing, gutter) = (usize::MAX - not_crossing, (first + last) / 2.0);
    let n = rows.len();
    if two_sided < 8 || two_sided * 5 < n * 2 || crossing * 5 > n {
        return None;
    }
    // Both sides of the two-sided rows must read as one column of prose each: a single run
    // of text across most of the column (a table has more cells, or short labels), and
    // the two columns of comparable width.
    let mut left_fill = Vec::new();
    let mut right_fill = Vec::new();
    let mut single_runs = 0;
    for row in &rows {
        let (left, right): (Vec<&Fragment>, Vec<&Fragment>) =
            row.fragments.iter().partition(|f| f.end <= gutter);
        if left.is_empty() || right.is_empty() {
            continue;
        }
        if left.len() == 1 && right.len() == 1 {
            single_runs += 1;
        }
        let width = |fs: &[&Fragment]| fs.iter().map(|f| f.end - f.start).sum::<f64>();
        left_fill.push(width(&left) / (gutter - left_edge));
        right_fill.push(width(&right) / (right_edge - gutter));
    }
    let balance = (gutter - left_edge) / (right_edge - gutter);
    if single_runs * 10 < left_fill.len() * 9
        || !(0.6..=1.67).contains(&balance)
        || median(&mut left_fill) < 0.6
        || median(&mut right_fill) < 0.6
    {
        return None;
    }
    Some((gutter, rows))
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Writes a two-column page: bands of rows between full-width rows, each band's left
/// column, then its right column, each in stream order; full-width rows in place.
fn write_columns(
    glyphs: &[Glyph],
    rows: &[Row],
    chars: &str,
    gutter: f64,
    measures: &mut Vec<LineMeasure>,
) -> String {
    let mut out = String::new();
    let mut left: Vec<usize> = Vec::new();
    let mut right: Vec<usize> = Vec::new();
    let mut flush = |out: &mut String, part: &mut Vec<usize>| {
        if part.is_empty() {
            return;
        }
        part.sort_unstable();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        write_plain(out, part.iter().map(|&i| &glyphs[i]), chars, true, measures);
        part.clear();
    };
    for row in rows {
        let full_width = row
            .fragments
            .iter()
            .any(|f| f.start < gutter && f.end > gutter);
        if full_width {
            flush(&mut out, &mut left);
            flush(&mut out, &mut right);
            let mut whole = row.glyphs.clone();
            flush(&mut out, &mut whole);
        } else {
            for &i in &row.glyphs {
                if glyphs[i].x < gutter {
                    left.push(i);
                } else {
                    right.push(i);
                }
            }
        }
    }
    flush(&mut out, &mut left);
    flush(&mut out, &mut right);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of rows: each row is (y, [(x, text)]) with 4-unit-wide characters, size 10.
    fn page(rows: &[(f64, Vec<(f64, &str)>)]) -> (Vec<Glyph>, String) {
        let mut glyphs = Vec::new();
        let mut chars = String::new();
        for (y, pieces) in rows {
            for (x0, text) in pieces {
                for (k, word) in text.split(' ').enumerate() {
                    let offset: usize = text.split(' ').take(k).map(|w| w.len() + 1).sum();
                    for (j, c) in word.chars().enumerate() {
                        let x = x0 + (offset + j) as f64 * 4.0;
                        let start = chars.len();
                        chars.push(c);
                        glyphs.push(Glyph {
                            x,
                            y: *y,
                            end: x + 4.0,
                            size: 10.0,
                            word_start: j == 0,
                            bold: false,
                            text: (start, chars.len()),
                        });
                    }
                }
            }
        }
        (glyphs, chars)
    }

    fn prose(n: usize, side: &str) -> String {
        format!("{side} line {n:02} of the column with words enough to fill it")
    }

    #[test]
    fn two_columns_written_row_by_row_are_read_column_by_column() {
        // 20 rows; each row writes the left column's line, then the right column's.
        let lefts: Vec<String> = (0..20).map(|n| prose(n, "left")).collect();
        let rights: Vec<String> = (0..20).map(|n| prose(n, "right")).collect();
        let mut rows = vec![(
            40.0,
            vec![(
                50.0,
                "A TITLE ACROSS THE WHOLE PAGE OF THE REPORT, WITH ENOUGH WORDS TO RUN OVER THE GUTTER",
            )],
        )];
        for n in 0..20 {
            rows.push((
                60.0 + 12.0 * n as f64,
                vec![(50.0, lefts[n].as_str()), (320.0, rights[n].as_str())],
            ));
        }
        let (glyphs, chars) = page(&rows);
        let (gutter, rows) = find_gutter(&glyphs, 595.0).expect("a gutter");
        assert!(gutter > 274.0 && gutter < 320.0, "{gutter}");
        let text = write_columns(&glyphs, &rows, &chars, gutter, &mut Vec::new());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("A TITLE"), "{text}");
        assert_eq!(lines[1], lefts[0]);
        assert_eq!(lines[20], lefts[19]);
        assert_eq!(lines[21], rights[0]);
        assert_eq!(lines.len(), 41, "{text}");
    }

    #[test]
    fn one_column_pages_and_label_value_tables_keep_pdf_extract_order() {
        let body: Vec<String> = (0..30)
            .map(|n| {
                format!(
                    "{} a single column of prose that runs across the page from margin to margin",
                    n
                )
            })
            .collect();
        let rows: Vec<(f64, Vec<(f64, &str)>)> = body
            .iter()
            .enumerate()
            .map(|(n, l)| (60.0 + 12.0 * n as f64, vec![(50.0, l.as_str())]))
            .collect();
        let (glyphs, _) = page(&rows);
        assert!(find_gutter(&glyphs, 595.0).is_none());

        // Short labels on the left, long values on the right: a table, not two columns.
        let values: Vec<String> = (0..20).map(|n| prose(n, "value")).collect();
        let rows: Vec<(f64, Vec<(f64, &str)>)> = values
            .iter()
            .enumerate()
            .map(|(n, v)| {
                (
                    60.0 + 12.0 * n as f64,
                    vec![(50.0, "Date:"), (250.0, v.as_str())],
                )
            })
            .collect();
        let (glyphs, _) = page(&rows);
        assert!(find_gutter(&glyphs, 595.0).is_none());
    }

    #[test]
    fn plain_writing_matches_pdf_extract_rules() {
        let rows = vec![
            (100.0, vec![(50.0, "one two")]),
            (112.0, vec![(50.0, "three")]),
        ];
        let (glyphs, chars) = page(&rows);
        let mut out = String::new();
        write_plain(&mut out, glyphs.iter(), &chars, false, &mut Vec::new());
        // pdf-extract breaks lines before the first glyph when it is far below y = 0.
        assert_eq!(out, "\n\none two\nthree");
    }

    #[test]
    fn a_real_pdf_written_row_by_row_reads_column_by_column() {
        // Made by scripts/render-two-column-fixture.py: two columns of minutes under a
        // full-width title, each row's left line written before its right line.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/two-column-minutes.pdf"
        );
        let pages = extract_pages(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(pages.len(), 1);
        let text = &pages[0];
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s:?} in {text}"));
        assert!(at("MINUTES, 5 MARCH 2024") < at("12. Planning"));
        assert!(at("12. Planning") < at("because of the access lane"));
        assert!(at("because of the access lane") < at("13. Highways"));
        assert!(at("a true record of the accounts") < at("15. Playground"));
        assert!(at("15. Playground") < at("17. Date of next meeting"));
        assert!(
            text.lines()
                .all(|l| !(l.contains("12. Planning") && l.contains("15."))),
            "{text}"
        );
        // pdf-extract's own order interleaves the columns on this page.
        let upstream =
            pdf_extract::extract_text_from_mem_by_pages(&std::fs::read(path).unwrap()).unwrap();
        assert!(upstream[0]
            .lines()
            .any(|l| l.contains("12. Planning") && l.contains("15. Playground")));
    }

    #[test]
    fn lines_carry_their_size_and_weight() {
        // The fixture's title is set in 14 pt Helvetica-Bold over 10 pt Helvetica.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/two-column-minutes.pdf"
        );
        let pages = extract_pages(&std::fs::read(path).unwrap()).unwrap();
        let lines: Vec<crate::extract::Line> = pages[0]
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(crate::extract::Line::from_marked)
            .collect();
        assert!(lines.iter().all(|l| l.style.is_some()), "{lines:?}");
        assert_eq!(
            lines[0].text,
            "ASHCOMBE PARISH COUNCIL - MINUTES, 5 MARCH 2024"
        );
        let style = lines[0].style.expect("a style");
        assert_eq!((style.size, style.bold, style.band), (28, true, Band::Top));
        assert!(style.x.is_some_and(|x| x < 500), "{style:?}");
        let body = lines
            .iter()
            .find(|l| l.text.starts_with("12. Planning"))
            .unwrap();
        let style = body.style.expect("a style");
        assert_eq!(
            (style.size, style.bold, style.band),
            (20, false, Band::Body)
        );
    }

    #[test]
    fn marks_round_trip_and_other_characters_are_no_marks() {
        for style in [
            Style {
                size: 0,
                bold: false,
                band: Band::Body,
                x: None,
            },
            Style {
                size: 255,
                bold: true,
                band: Band::Bottom,
                x: Some(1000),
            },
            Style {
                size: 23,
                bold: false,
                band: Band::Top,
                x: Some(0),
            },
        ] {
            assert_eq!(
                Style::from_mark(style.mark()),
                Some(Style { x: None, ..style })
            );
            let line = crate::extract::Line::from_marked(&format!("{}Text", style.marks()));
            assert_eq!((line.text.as_str(), line.style), ("Text", Some(style)));
        }
        assert_eq!(Style::from_mark('\u{f0b7}'), None);
        assert_eq!(crate::extract::Line::from_marked("plain").style, None);
    }

    #[test]
    fn broken_bytes_are_an_error() {
        assert!(extract_pages(b"%PDF-1.4 not really").is_err());
    }
}
