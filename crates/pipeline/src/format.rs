//! Detects a file's format from its bytes (and, where the bytes are plain text, its name).

use std::path::Path;

/// A format the pipeline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF file.
    Pdf,
    /// An HTML page (also served as `.php`, `.aspx`, `.htm`).
    Html,
    /// Markdown text.
    Markdown,
    /// Plain text.
    Text,
    /// JSON records (read when their shape is known).
    Json,
    /// XML records (read when their shape is known).
    Xml,
}

impl Format {
    /// A short lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }
}

/// Why a file is not read: the format the bytes show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// Detects the format of `bytes`, using `path` only to tell Markdown from plain text and to
/// name formats the pipeline does not read.
pub fn detect(bytes: &[u8], path: &Path) -> Result<Format, Unsupported> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.is_empty() {
        return Err(Unsupported("empty file".into()));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    for (magic, name) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(Unsupported(format!("{name} file, not read")));
        }
    }
    let text_head = sniff_text(head);
    let Some(text_head) = text_head else {
        return Err(Unsupported("binary data of unknown format".into()));
    };
    let lower = text_head.trim_start().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && (lower.contains("<body")
                || lower.contains("<head")
                || lower.contains("<div")
                || lower.contains("<p>")
                || lower.contains("<table")))
    {
        return Ok(Format::Html);
    }
    if lower.starts_with("<?xml") {
        if lower.contains("<html") || lower.contains("xhtml") {
            return Ok(Format::Html);
        }
        return Ok(Format::Xml);
    }
    if (lower.starts_with('{') || lower.starts_with('['))
        && (ext == "json" || serde_json_like(&lower))
    {
        return Ok(Format::Json);
    }
    match ext.as_str() {
        "md" | "markdown" => Ok(Format::Markdown),
        "html" | "htm" | "php" | "aspx" | "asp" | "xhtml" if lower.contains('<') => {
            Ok(Format::Html)
        }
        _ => Ok(Format::Text),
    }
}

fn serde_json_like(lower: &str) -> bool {
    let t = lower.trim_start_matches(['{', '[', ' ', '\n', '\r', '\t']);
    t.starts_with('"') || t.starts_with('{') || t.is_empty()
}

const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "ZIP (or Office document)"),
    (b"\xD0\xCF\x11\xE0", "legacy Office document"),
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1F\x8B", "gzip"),
    (b"{\\rtf", "RTF document"),
];

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes the head of a file enough to sniff it; `None` if it looks binary.
fn sniff_text(head: &[u8]) -> Option<String> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some(crate::decode::decode_text(head));
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    if nul * 10 > head.len() {
        return None;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b))
        .count();
    if control * 20 > head.len() {
        return None;
    }
    Some(crate::decode::decode_text(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_bytes_not_extension() {
        let p = Path::new("report.txt");
        assert_eq!(detect(b"%PDF-1.4\n...", p), Ok(Format::Pdf));
        assert_eq!(
            detect(b"<!DOCTYPE html><html><body>x", Path::new("a.php")),
            Ok(Format::Html)
        );
        assert_eq!(
            detect(b"<html><p>x</p>", Path::new("a.aspx")),
            Ok(Format::Html)
        );
        assert_eq!(
            detect(b"# Title\n\ntext", Path::new("a.md")),
            Ok(Format::Markdown)
        );
        assert_eq!(detect(b"plain words", p), Ok(Format::Text));
        assert!(detect(b"PK\x03\x04zip", Path::new("a.pdf")).is_err());
        assert!(detect(b"", p).is_err());
        assert_eq!(detect(b"{\"a\": 1}", Path::new("a.json")), Ok(Format::Json));
        assert!(detect(b"\x00\x01\x02\x03\x00\x00\x00\x00binary", p).is_err());
    }
}
