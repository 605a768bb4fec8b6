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

/// Splits decoded text into lines; with `markdown`, `#` headings get their level and
/// emphasis markers, inline tags and table pipes are removed.
pub fn extract(text: &str, markdown: bool) -> ExtractedText {
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
