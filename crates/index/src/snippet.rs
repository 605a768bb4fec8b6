//! Snippets and citation lines for hits.
//!
//! A snippet is an HTML-escaped fragment of about [`SNIPPET_CHARS`] characters of the
//! section text with the matched terms wrapped in `<mark>…</mark>`; when nothing in the text
//! matched (the hit came from the title or heading), it is the start of the text. A stopword
//! is marked only where the query quoted it in a phrase ([`unmark_stopwords`]).
//!
//! A citation is what a committee clerk pastes into a footnote: council, meeting body,
//! meeting date written out, minute number, agenda item, paragraph (or heading) and page,
//! joined with `, ` (`Kent County Council, County Council, 13 February 2025, minute 4,
//! para 4.2, p. 12`); a part
//! the paper does not give is left out, never guessed.

use tantivy::snippet::SnippetGenerator;

use crate::SearchHit;

/// The target length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// The separator of citation parts.
pub const CITATION_SEPARATOR: &str = ", ";

/// How hits are highlighted: the query's snippet generator (none: the text's beginning) and
/// the words of its quoted phrases (see [`snippet`]).
#[derive(Clone, Copy)]
pub struct Highlight<'a> {
    /// The generator of the query's snippets.
    pub generator: Option<&'a SnippetGenerator>,
    /// The lower-case words of the query's quoted phrases ([`quoted_words`]).
    pub quoted: &'a [String],
}

/// Makes the snippet of `text`: the best highlighted fragment, else its beginning. A
/// stopword is marked only when it is one of `quoted` (words of the query's quoted phrases,
/// lower case).
pub fn snippet(generator: Option<&SnippetGenerator>, text: &str, quoted: &[String]) -> String {
    if let Some(generator) = generator {
        let mut snippet = generator.snippet(text);
        if !snippet.is_empty() {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            return unmark_stopwords(&snippet.to_html(), quoted);
        }
    }
    leading_fragment(text, SNIPPET_CHARS)
}

/// Removes the marks around stopwords (`advised <mark>in</mark> the papers`), except those
/// in `quoted`.
pub fn unmark_stopwords(html: &str, quoted: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<mark>") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "<mark>".len()..];
        let Some(end) = after.find("</mark>") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let word = &after[..end];
        let lower = word.to_lowercase();
        let stop = crate::query::STOP_WORDS.contains(&lower.as_str());
        if stop && !quoted.contains(&lower) {
            out.push_str(word);
        } else {
            out.push_str("<mark>");
            out.push_str(word);
            out.push_str("</mark>");
        }
        rest = &after[end + "</mark>".len()..];
    }
    out.push_str(rest);
    out
}

/// The lower-case words of the quoted phrases of a query (`"duty of care"` gives `duty`,
/// `of`, `care`).
pub fn quoted_words(query: &str) -> Vec<String> {
    crate::query::split_pieces(query)
        .into_iter()
        .filter_map(|p| match p {
            crate::query::Piece::Phrase(text) => Some(text),
            crate::query::Piece::Bare(_) => None,
        })
        .flat_map(|text| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The first `max_chars` characters of `text` (cut at a word boundary where possible),
/// HTML-escaped, with an ellipsis if cut.
pub fn leading_fragment(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let cut = match text.char_indices().nth(max_chars) {
        None => return escape_html(text),
        Some((at, _)) => at,
    };
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", escape_html(head.trim_end()))
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The citation line of a hit: council, body, date (`13 February 2025`), `minute {n}`,
/// `item {n}`,
/// `para {number}` (or the heading), `p. {page}`, and for text read by OCR `text from a scan (OCR confidence {n} %)`, skipping what the paper does not give.
pub fn citation(hit: &SearchHit) -> String {
    let mut parts = citation_head(
        hit.council.as_deref(),
        hit.meeting.as_ref(),
        hit.minute.as_deref(),
    );
    let mut push = |part: Option<String>| {
        if let Some(part) = part.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
            parts.push(part);
        }
    };
    match hit
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        // A minute's own number is said once ("minute 291", not "minute 291, para 291").
        Some(number) if Some(number) == hit.minute.as_deref().map(str::trim) => {}
        Some(number) => push(Some(format!("para {number}"))),
        None => push(hit.heading.clone()),
    }
    push(hit.page.map(|page| format!("p. {page}")));
    push(hit.ocr_confidence.map(scan_label));
    parts.join(CITATION_SEPARATOR)
}

/// The citation of a whole paper (shown at the head of its page): council, meeting body,
/// date and agenda item, as a hit's citation begins.
pub fn paper_citation(council: Option<&str>, meeting: Option<&council_model::Meeting>) -> String {
    citation_head(council, meeting, None).join(CITATION_SEPARATOR)
}

/// The parts every citation begins with: council, body, date, minute, item (those given).
fn citation_head(
    council: Option<&str>,
    meeting: Option<&council_model::Meeting>,
    minute: Option<&str>,
) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |part: Option<String>| {
        if let Some(part) = part.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
            parts.push(part);
        }
    };
    push(council.map(str::to_string));
    push(meeting.and_then(|m| m.body.clone()));
    push(meeting.and_then(|m| m.date.as_deref()).map(long_date));
    push(minute.map(|m| format!("minute {m}")));
    push(
        meeting
            .and_then(|m| m.item.as_deref())
            .map(|i| format!("item {i}")),
    );
    parts
}

/// How text read by OCR is marked: "text from a scan (OCR confidence 94 %)".
pub fn scan_label(confidence: u8) -> String {
    format!("text from a scan (OCR confidence {confidence} %)")
}

/// The months by name, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2025-02-13` as `13 February 2025`; anything else unchanged.
pub fn long_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_fragment_cuts_at_a_word_and_escapes() {
        let text = "Tom & Jerry <b> ".repeat(30);
        let out = leading_fragment(&text, 50);
        assert!(out.ends_with('…'));
        assert!(out.contains("&amp;") && out.contains("&lt;b&gt;"));
        assert!(!out.contains("<b>"));
        assert_eq!(leading_fragment("short", 50), "short");
    }

    #[test]
    fn a_citation_of_text_from_a_scan_says_so() {
        let hit: SearchHit = serde_json::from_value(serde_json::json!({
            "section_id": "h-0.1", "document_id": "h-0", "source": "a.pdf", "title": null,
            "kind": "minutes", "council": "Horsley Parish Council", "meeting": null,
            "number": "14/037", "heading": null, "path": [], "page": 1, "text": "x",
            "snippet": "", "score": 1.0, "citation": "", "ocr_confidence": 95
        }))
        .unwrap();
        assert_eq!(
            citation(&hit),
            "Horsley Parish Council, para 14/037, p. 1, text from a scan (OCR confidence 95 %)"
        );
    }

    #[test]
    fn stopwords_are_marked_only_in_quoted_phrases() {
        let html = "advised <mark>in</mark> <mark>the</mark> <mark>papers</mark>";
        assert_eq!(
            unmark_stopwords(html, &[]),
            "advised in the <mark>papers</mark>"
        );
        let quoted = quoted_words("\"in the papers\" budget");
        assert_eq!(quoted, ["in", "the", "papers"]);
        assert_eq!(unmark_stopwords(html, &quoted), html);
    }

    #[test]
    fn a_citation_is_what_a_clerk_pastes() {
        let hit = SearchHit {
            section_id: "d.3".into(),
            document_id: "d".into(),
            source: "a.pdf".into(),
            title: None,
            kind: council_model::DocumentKind::Minutes,
            council: Some("Kent County Council".into()),
            meeting: Some(council_model::Meeting {
                body: Some("County Council".into()),
                date: Some("2025-02-13".into()),
                item: Some("4".into()),
            }),
            minute: None,
            filed_for: None,
            number: Some("4.2".into()),
            heading: None,
            path: vec![],
            page: Some(12),
            text: String::new(),
            ocr_confidence: None,
            record: None,
            snippet: String::new(),
            score: 0.0,
            citation: String::new(),
            section_ordinal: 3,
            more: vec![],
            also_in: vec![],
            explanation: None,
        };
        assert_eq!(
            citation(&hit),
            "Kent County Council, County Council, 13 February 2025, item 4, para 4.2, p. 12"
        );
        let minute = SearchHit {
            minute: Some("4".into()),
            meeting: Some(council_model::Meeting {
                item: None,
                ..hit.meeting.clone().unwrap()
            }),
            ..hit.clone()
        };
        assert_eq!(
            citation(&minute),
            "Kent County Council, County Council, 13 February 2025, minute 4, para 4.2, p. 12"
        );
        // A minute's own number is not said again as a paragraph.
        let whole = SearchHit {
            number: Some("4".into()),
            ..minute.clone()
        };
        assert_eq!(
            citation(&whole),
            "Kent County Council, County Council, 13 February 2025, minute 4, p. 12"
        );
        assert_eq!(long_date("2025-2"), "2025-2");
    }
}
