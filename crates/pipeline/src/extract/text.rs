//! Plain text and Markdown: decoding, Markdown headings, emphasis, inline HTML tags and tables.

use super::{ExtractedText, Line, Style};
use regex::Regex;
use std::sync::LazyLock;

static INLINE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?(?:b|i|u|strong|em|span|br|p|sup|sub)\s*/?>").unwrap());
static CALLOUT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[![A-Za-z]+\][-+]?\s*").unwrap());
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\(<?[^)>]*>?\)").unwrap());

/// Decodes the HTML entities Markdown keeps (`&nbsp;`, `&amp;`, ...) and drops link targets.
fn decode_entities(s: &str) -> String {
    let s = MD_LINK.replace_all(s, "$1");
    s.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "’")
        .replace("&pound;", "£")
}

static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").unwrap());

/// The label every paragraph of a chunk export starts with.
const CHUNK_LABEL: &str = "Text: ";

/// The plain text of a chunk export, or `None` for any other text. Papers exported as
/// retrieval chunks ("Text: <heading> <paragraph>", one a paragraph) repeat their context in
/// every chunk: a heading's own chunk is the heading written twice ("Text: SITE SITE"), and
/// each chunk after it starts with that heading. Undone, each heading stands alone on its
/// line and each paragraph follows without it, as the paper printed them. A text is a chunk
/// export when at least three paragraphs and nine in ten of them carry the label.
fn unchunk(text: &str) -> Option<String> {
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let labelled = paragraphs
        .iter()
        .filter(|p| p.starts_with(CHUNK_LABEL))
        .count();
    if labelled < 3 || labelled * 10 < paragraphs.len() * 9 {
        return None;
    }
    let mut context: Option<&str> = None;
    let mut own: Vec<&str> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let chunk = p.strip_prefix(CHUNK_LABEL).unwrap_or(p).trim();
        own.push(if let Some(heading) = doubled(chunk) {
            context = Some(heading);
            heading
        } else {
            context
                .and_then(|c| chunk.strip_prefix(c))
                .filter(|rest| rest.starts_with(' '))
                .map_or(chunk, str::trim)
        });
    }
    // The export lost the pages: a short line it repeats three times or more is a running
    // header or footer ("APPLICATION NUMBER – 107193/FUL/22", an operator's initials).
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in &own {
        *seen.entry(p).or_default() += 1;
    }
    let mut out = String::with_capacity(text.len());
    for p in own {
        if p.len() < 100 && seen[p] >= 3 {
            continue;
        }
        out.push_str(p);
        out.push_str("\n\n");
    }
    Some(out)
}

/// `X` when `chunk` is `X X`: a phrase written twice, with one space between.
fn doubled(chunk: &str) -> Option<&str> {
    let half = chunk.len() / 2;
    if chunk.len().is_multiple_of(2)
        || !chunk.is_char_boundary(half)
        || !chunk.is_char_boundary(half + 1)
    {
        return None;
    }
    let (a, b) = (&chunk[..half], &chunk[half + 1..]);
    (chunk.as_bytes()[half] == b' ' && a == b && !a.is_empty()).then_some(a)
}

/// Splits decoded text into lines; with `markdown`, `#` headings get their level and
/// emphasis markers, inline tags and table pipes are removed.
pub fn extract(text: &str, markdown: bool) -> ExtractedText {
    let unchunked = unchunk(text);
    let text = unchunked.as_deref().unwrap_or(text);
    let mut lines = Vec::new();
    let mut body = text;
    if markdown {
        // YAML front matter: its title and date are the paper's ("title: ...", "date: ...").
        if let Some(rest) = text
            .strip_prefix("---\n")
            .or_else(|| text.strip_prefix("---\r\n"))
        {
            if let Some(end) = rest.find("\n---") {
                for l in rest[..end].lines() {
                    if let Some((k, v)) = l.split_once(':') {
                        let k = k.trim().to_ascii_lowercase();
                        if matches!(k.as_str(), "title" | "date" | "committee" | "meeting") {
                            let v = v.trim().trim_matches(['"', '\'']);
                            lines.push(Line::plain(format!(
                                "{}{}: {v}",
                                k[..1].to_ascii_uppercase(),
                                &k[1..]
                            )));
                            lines.push(Line::plain(""));
                        }
                    }
                }
                body = rest[end + 4..].trim_start_matches(['-', '\r', '\n']);
            }
        }
    }
    for raw in body.lines() {
        let mut line = Line::plain(raw.trim_end().replace('\u{a0}', " "));
        if markdown {
            // Block quotes and callouts ("> [!abstract]- Present:") hold ordinary text.
            let mut t = line.text.as_str();
            while let Some(rest) = t.strip_prefix('>') {
                t = rest.trim_start();
            }
            let t = CALLOUT.replace(t, "");
            if t.trim().len() >= 3 && t.trim().chars().all(|c| c == '-' || c == '*' || c == '_') {
                // A Markdown rule (page break in converted PDFs).
                lines.push(Line::plain(""));
                continue;
            }
            if MD_LINK
                .find(t.trim())
                .is_some_and(|m| m.start() == 0 && m.end() == t.trim().len())
            {
                // A line that is only a link: an attachment or the source page, not text.
                continue;
            }
            line.text = decode_entities(&t);
            line.text = INLINE_TAG.replace_all(&line.text, "").into_owned();
            if let Some(c) = MD_HEADING.captures(&line.text) {
                let level = c[1].len() as u8;
                let t = strip_emphasis(&c[2]);
                line = Line {
                    text: t,
                    heading: Some(level),
                    style: None,
                };
            } else {
                let t = line.text.trim();
                if t.starts_with('|') && t.ends_with('|') {
                    if t.trim_matches(|c| c == '|' || c == '-' || c == ':' || c == ' ')
                        .is_empty()
                    {
                        continue;
                    }
                    let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
                    line.text = cells.join("\t");
                }
                // A line wholly in bold carries it, as an HTML line does (see `blocks`).
                if wholly_bold(&line.text) {
                    line.style = Some(Style {
                        size: 20,
                        bold: true,
                        ..Style::default()
                    });
                }
                line.text = strip_emphasis(&line.text);
            }
        }
        lines.push(line);
    }
    ExtractedText::unpaged(lines)
}

/// Whether a Markdown line is set wholly in bold: `**Text**` or `__Text__` (also bold
/// italic, `***Text***`), with no bold run ending inside it (`**a** and **b**` is not).
fn wholly_bold(s: &str) -> bool {
    let t = s.trim();
    ["**", "__"].iter().any(|m| {
        t.len() > 4
            && t.starts_with(m)
            && t.ends_with(m)
            && !t[2..t.len() - 2].trim_matches(['*', '_']).contains(m)
            && t[2..t.len() - 2].chars().any(char::is_alphanumeric)
    })
}

fn strip_emphasis(s: &str) -> String {
    let t = s.replace("**", "").replace("__", "");
    let t = t.trim();
    // A whole-line italic marker.
    let t = t
        .strip_prefix('*')
        .and_then(|x| x.strip_suffix('*'))
        .unwrap_or(t);
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_export_reads_as_the_paper_printed_it() {
        let text = "Text: SITE SITE\n\nText: SITE The application site relates to Units 3C.\n\nText: PROPOSAL PROPOSAL\n\nText: PROPOSAL The applicant seeks determination.\n\nText: PROPOSAL 1 The development must be begun.\n";
        let t = extract(text, true);
        let lines: Vec<&str> = t.pages[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                "SITE",
                "The application site relates to Units 3C.",
                "PROPOSAL",
                "The applicant seeks determination.",
                "1 The development must be begun."
            ]
        );
        // Text that only mentions the label is read as it is.
        // Running headers, repeated in every page's chunks, go.
        let pages = "Text: PROPOSAL PROPOSAL\n\nText: PROPOSAL REF 12/34\n\nText: PROPOSAL The first.\n\nText: PROPOSAL REF 12/34\n\nText: PROPOSAL The second.\n\nText: PROPOSAL REF 12/34\n";
        assert_eq!(
            unchunk(pages).unwrap(),
            "PROPOSAL\n\nThe first.\n\nThe second.\n\n"
        );
        assert!(unchunk("Text: one\n\nTwo\n\nThree\n\nText: four").is_none());
        assert_eq!(doubled("Part II Part II"), Some("Part II"));
        assert_eq!(doubled("Part II Part I"), None);
    }

    #[test]
    fn markdown_headings_and_tags() {
        let t = extract("# COUNCIL\n\n<b>DATE</b>\t16 December 2021\n## **2. RISKS**\n| a | b |\n|---|---|\n| c | d |", true);
        let lines = &t.pages[0].lines;
        assert_eq!(
            lines[0],
            Line {
                text: "COUNCIL".into(),
                heading: Some(1),
                style: None,
            }
        );
        assert_eq!(lines[2].text, "DATE\t16 December 2021");
        assert_eq!(
            lines[3],
            Line {
                text: "2. RISKS".into(),
                heading: Some(2),
                style: None,
            }
        );
        assert_eq!(lines[4].text, "a\tb");
        assert_eq!(lines[5].text, "c\td");
    }

    #[test]
    fn lines_wholly_in_markdown_bold_are_marked_bold() {
        let t = extract(
            "**Present**\n__Apologies__\n***Minutes***\n**a** and **b**\nplain **bold** word\n****",
            true,
        );
        let bold: Vec<bool> = t.pages[0]
            .lines
            .iter()
            .map(|l| l.style.is_some_and(|s| s.bold))
            .collect();
        // The rule (`****`) is a blank line.
        assert_eq!(bold, [true, true, true, false, false, false]);
        assert_eq!(t.pages[0].lines[0].text, "Present");
        assert_eq!(t.pages[0].lines[2].text, "Minutes");
    }
}
