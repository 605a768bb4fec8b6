//! Plain text and Markdown: decoding, Markdown headings, emphasis, inline HTML tags and tables.

use super::{ExtractedText, Line};
use regex::Regex;
use std::sync::LazyLock;

static INLINE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?(?:b|i|u|strong|em|span|br|p|sup|sub)\s*/?>").unwrap());
static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").unwrap());

/// Splits decoded text into lines; with `markdown`, `#` headings get their level and
/// emphasis markers, inline tags and table pipes are removed.
pub fn extract(text: &str, markdown: bool) -> ExtractedText {
    let mut lines = Vec::new();
    for raw in text.lines() {
        let mut line = Line::plain(raw.trim_end().replace('\u{a0}', " "));
        if markdown {
            line.text = INLINE_TAG.replace_all(&line.text, "").into_owned();
            if let Some(c) = MD_HEADING.captures(&line.text) {
                let level = c[1].len() as u8;
                let t = strip_emphasis(&c[2]);
                line = Line {
                    text: t,
                    heading: Some(level),
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
                line.text = strip_emphasis(&line.text);
            }
        }
        lines.push(line);
    }
    ExtractedText::unpaged(lines)
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
                heading: Some(1)
            }
        );
        assert_eq!(lines[2].text, "DATE\t16 December 2021");
        assert_eq!(
            lines[3],
            Line {
                text: "2. RISKS".into(),
                heading: Some(2)
            }
        );
        assert_eq!(lines[4].text, "a\tb");
        assert_eq!(lines[5].text, "c\td");
    }
}
