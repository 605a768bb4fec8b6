//! HTML (also `.php`, `.aspx`): headings, paragraphs, list items and table rows become lines;
//! scripts, styles, navigation, forms and page chrome are dropped.

use super::{ExtractedText, Line, Style};
use scraper::{ElementRef, Html, Node, Selector};

const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "textarea",
    "title", "select", "button", "iframe", "svg", "head", "object", "embed", "canvas", "input",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "caption",
    "fieldset",
    "address",
    "figure",
    "figcaption",
    "body",
    "center",
];
const CHROME_MARKERS: &[&str] = &[
    "breadcrumb",
    "cookie",
    "skiplink",
    "skip-link",
    "navbar",
    "sidebar",
    "menu",
];

/// Extracts the readable text of an HTML page.
pub fn extract(html: &str) -> ExtractedText {
    let doc = Html::parse_document(html);
    // The main content when the page marks it and it holds most of the text; else the body.
    let body = Selector::parse("body")
        .ok()
        .and_then(|sel| doc.select(&sel).next())
        .unwrap_or_else(|| doc.root_element());
    let whole = collect(body);
    let whole_chars: usize = whole.iter().map(|l| l.text.len()).sum();
    for sel in ["main", "#modgov", "[role=main]", "#content", "article"] {
        let Ok(sel) = Selector::parse(sel) else {
            continue;
        };
        if let Some(el) = doc.select(&sel).next() {
            let lines = collect(el);
            let chars: usize = lines.iter().map(|l| l.text.len()).sum();
            if chars * 3 >= whole_chars && chars > 0 {
                return ExtractedText::unpaged(lines);
            }
        }
    }
    ExtractedText::unpaged(whole)
}

fn collect(root: ElementRef) -> Vec<Line> {
    let mut out = Collector::default();
    out.walk(root);
    out.flush(None);
    out.lines
}

#[derive(Default)]
struct Collector {
    lines: Vec<Line>,
    buf: String,
    /// How many bold elements (`<b>`, `<strong>`, `font-weight: bold`) enclose the walk.
    bold_depth: usize,
    /// The letters and digits of the line so far set in bold, and not.
    bold_chars: usize,
    plain_chars: usize,
}

impl Collector {
    fn flush(&mut self, heading: Option<u8>) {
        let text = self
            .buf
            .split('\t')
            .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|cell| !cell.is_empty())
            .collect::<Vec<_>>()
            .join("\t");
        self.buf.clear();
        // A line set wholly in bold carries it, as a PDF line does (see `blocks`).
        let bold = self.bold_chars > 0 && self.plain_chars == 0;
        (self.bold_chars, self.plain_chars) = (0, 0);
        if text.is_empty() {
            return;
        }
        self.lines.push(Line {
            text,
            heading,
            style: (bold && heading.is_none()).then_some(Style {
                size: 20,
                bold: true,
                ..Style::default()
            }),
        });
        self.lines.push(Line::plain(""));
    }

    fn walk(&mut self, el: ElementRef) {
        let name = el.value().name();
        if SKIP_TAGS.contains(&name) || is_chrome(el) {
            return;
        }
        let heading = match name {
            "h1" => Some(1),
            "h2" => Some(2),
            "h3" => Some(3),
            "h4" => Some(4),
            "h5" => Some(5),
            "h6" => Some(6),
            _ => None,
        };
        let block = BLOCK_TAGS.contains(&name);
        if block || matches!(name, "td" | "th") {
            self.flush(None);
        }
        if name == "li" {
            self.buf.push_str("- ");
        }
        let bold = is_bold(el);
        self.bold_depth += bold as usize;
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    if let Some(child_el) = ElementRef::wrap(child) {
                        match e.name() {
                            "br" => self.flush(None),
                            "td" | "th" if has_blocks(child_el) => self.walk(child_el),
                            "td" | "th" => {
                                if !self.buf.trim().is_empty() {
                                    self.buf.push('\t');
                                }
                                self.walk_inline(child_el);
                                self.buf.push(' ');
                            }
                            _ => self.walk(child_el),
                        }
                    }
                }
                _ => {}
            }
        }
        self.bold_depth -= bold as usize;
        if block {
            self.flush(heading);
        }
    }

    /// Text of the line, counted as bold or not.
    fn text(&mut self, t: &str) {
        let n = t.chars().filter(|c| c.is_alphanumeric()).count();
        if self.bold_depth > 0 {
            self.bold_chars += n;
        } else {
            self.plain_chars += n;
        }
        self.buf.push_str(t);
    }

    /// A table cell: its blocks are joined into the row's line.
    fn walk_inline(&mut self, el: ElementRef) {
        for t in el.text() {
            self.text(t);
            self.buf.push(' ');
        }
    }
}

/// Whether an element sets its text in bold: `<b>`, `<strong>`, or a `font-weight` of bold
/// (or 600 and over) in its `style`.
fn is_bold(el: ElementRef) -> bool {
    let v = el.value();
    if matches!(v.name(), "b" | "strong") {
        return true;
    }
    let Some(style) = v.attr("style") else {
        return false;
    };
    let style = style.to_ascii_lowercase();
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim().trim_end_matches("!important").trim();
        prop.trim() == "font-weight"
            && (matches!(value, "bold" | "bolder") || value.parse::<u16>().is_ok_and(|w| w >= 600))
    })
}

/// Whether a table cell holds blocks of its own (a layout table), not a value.
fn has_blocks(el: ElementRef) -> bool {
    el.descendants().filter_map(ElementRef::wrap).any(|e| {
        matches!(
            e.value().name(),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
        )
    })
}

fn is_chrome(el: ElementRef) -> bool {
    let v = el.value();
    if v.attr("aria-hidden") == Some("true") || v.attr("hidden").is_some() {
        return true;
    }
    if v.attr("role")
        .is_some_and(|r| r == "navigation" || r == "banner" || r == "contentinfo")
    {
        return true;
    }
    let id = v.id().unwrap_or("").to_ascii_lowercase();
    let class = v.attr("class").unwrap_or("").to_ascii_lowercase();
    CHROME_MARKERS
        .iter()
        .any(|m| id.contains(m) || class.split_whitespace().any(|c| c.contains(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_headings_and_chrome() {
        let page = r#"<html><head><title>T</title><style>p{}</style></head><body>
            <nav><a href="/">Home</a></nav>
            <div class="breadcrumb">Home &gt; Meetings</div>
            <h2>Minutes</h2><p>The committee <b>noted</b> the report.</p>
            <ul><li>First point</li><li>Second</li></ul>
            <table><tr><td>DATE</td><td>16 December 2021</td></tr></table>
            <script>var x = 1;</script></body></html>"#;
        let t = extract(page);
        let lines: Vec<&Line> = t.pages[0]
            .lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .collect();
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Minutes",
                "The committee noted the report.",
                "- First point",
                "- Second",
                "DATE\t16 December 2021"
            ]
        );
        assert_eq!(lines[0].heading, Some(2));
    }

    #[test]
    fn lines_wholly_in_bold_are_marked_bold() {
        let page = r#"<body><h1>Minutes</h1>
            <p><strong>Planning Applications</strong></p>
            <p>The committee <b>noted</b> the report.</p>
            <b>Finance</b><br>Payments were approved.
            <p><span style="font-weight: 700">Any Other Business</span></p></body>"#;
        let t = extract(page);
        // Bold is rare once the minutes run on (headings where at most 30 % of lines are bold).
        let long = page.replace(
            "</body>",
            &"<p>The clerk reported on the matter.</p>".repeat(6),
        );
        let bold: Vec<(&str, bool)> = t.pages[0]
            .lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| (l.text.as_str(), l.style.is_some_and(|s| s.bold)))
            .collect();
        assert_eq!(
            bold,
            [
                ("Minutes", false),
                ("Planning Applications", true),
                ("The committee noted the report.", false),
                ("Finance", true),
                ("Payments were approved.", false),
                ("Any Other Business", true),
            ]
        );
        // In blocks they are headings below the page's own <h1>.
        let blocks = crate::blocks::blocks(&extract(&long));
        let heads: Vec<(&str, Option<u8>)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(heads[0], ("Minutes", Some(1)));
        assert_eq!(heads[1], ("Planning Applications", Some(2)));
        assert_eq!(heads[2].1, None);
        assert!(blocks.iter().all(|b| b.style.is_none()));
    }
}
