//! Snippets and citation lines for hits.
//!
//! A snippet is an HTML-escaped fragment of about [`SNIPPET_CHARS`] characters of the
//! section text with the matched terms wrapped in `<mark>…</mark>`; when nothing in the text
//! matched (the hit came from the title or heading), it is the start of the text. A citation
//! joins council, meeting body, meeting date, paragraph (or heading) and page with ` · `.

use tantivy::snippet::SnippetGenerator;

use crate::SearchHit;

/// The target length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// The separator of citation parts.
pub const CITATION_SEPARATOR: &str = " · ";

/// Makes the snippet of `text`: the best highlighted fragment, else its beginning.
pub fn snippet(generator: Option<&SnippetGenerator>, text: &str) -> String {
    if let Some(generator) = generator {
        let mut snippet = generator.snippet(text);
        if !snippet.is_empty() {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            return snippet.to_html();
        }
    }
    leading_fragment(text, SNIPPET_CHARS)
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

/// The citation line of a hit: council · body · date · para {number} (or heading) · p.{page}
/// (· text from a scan, OCR confidence {n} %), skipping missing parts.
pub fn citation(hit: &SearchHit) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |part: Option<&str>| {
        if let Some(part) = part.map(str::trim).filter(|p| !p.is_empty()) {
            parts.push(part.to_string());
        }
    };
    push(hit.council.as_deref());
    push(hit.meeting.as_ref().and_then(|m| m.body.as_deref()));
    push(hit.meeting.as_ref().and_then(|m| m.date.as_deref()));
    match hit
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(number) => push(Some(&format!("para {number}"))),
        None => push(hit.heading.as_deref()),
    }
    if let Some(page) = hit.page {
        push(Some(&format!("p.{page}")));
    }
    if let Some(confidence) = hit.ocr_confidence {
        push(Some(&scan_label(confidence)));
    }
    parts.join(CITATION_SEPARATOR)
}

/// How text read by OCR is marked: "text from a scan (OCR confidence 94 %)".
pub fn scan_label(confidence: u8) -> String {
    format!("text from a scan (OCR confidence {confidence} %)")
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
            "Horsley Parish Council · para 14/037 · p.1 · text from a scan (OCR confidence 95 %)"
        );
    }
}
