//! The vendored pdf-extract's content-stream decoder (`content_lexer`, council patch 3)
//! against lopdf's, which it stands in for: on hand-made streams, and on every page of
//! every PDF of `../shared/corpus` (skipped, with a message, where that is absent).

use std::path::{Path, PathBuf};

use lopdf::content::Content;
use pdf_extract::content_lexer;

/// Asserts that where the lexer decodes `data`, lopdf decodes it to the same operations;
/// returns whether the lexer decoded it.
fn same_as_lopdf(data: &[u8]) -> bool {
    let Some(ours) = content_lexer::decode(data) else {
        return false;
    };
    let theirs = Content::decode(data)
        .expect("lopdf decodes what the lexer decodes")
        .operations;
    let shown = String::from_utf8_lossy(&data[..data.len().min(200)]).into_owned();
    assert_eq!(ours.len(), theirs.len(), "{shown}");
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a.operator, b.operator, "{shown}");
        assert_eq!(a.operands, b.operands, "{shown}");
    }
    true
}

#[test]
fn decodes_streams_as_lopdf_does() {
    for case in [
        &b""[..],
        b"BT /F1 12 Tf 72 712 Td (Hello, world!) Tj ET",
        b"q 1 0 0 1 10 10 cm 0.5 .5 -.5 +3 -2. re f Q",
        b"[(A)-120(W\\(a\\)y)12.5<0041 42 4>] TJ",
        b"(line\\\nbreak\\\r\nx\\r\\n\\t\\b\\f\\101\\7\\0501\\q\\\\) Tj",
        b"(nested (paren (deep)) here) Tj (\r\nraw eols\r) '",
        b"1.5Tw 2 Tc 3Tz 4 TL 0 Tr 5 Ts T* 1 2 (x) \"",
        b"<4a4B 4c> Tj <> Tj < \x00> Tj",
        b"1 0 0 RG 0 g 5.5.5 x -1-2 y",
        b"[ [1 2]\x00[3 [4 /N /]]\x0C] x",
        b"/Name\xc3\xa9 gs /GS0 gs",
        b"/P <</MCID 0>> BDC EMC /Span<</Lang (en-GB)/MCID 3 >>BDC",
        b"/Artifact <</Attached [/Top]/BBox [1 2.5 3 4]/Subtype /Header /Type /Pagination>> BDC",
        b"/X << /A true /B false /C null /D [true null false] /E << /F 1 >> /A 2 >> BDC",
        b"q\n%comment\r\n%another\rBT ET\n% at the end\n",
        b"[1 %c\n 2] x <</A %c\r\n 1>> y",
    ] {
        assert!(same_as_lopdf(case), "{:?}", String::from_utf8_lossy(case));
    }
}

#[test]
fn leaves_what_it_does_not_read_to_lopdf() {
    for case in [
        &b"%comment\n BT ET"[..],
        b"1 %comment\n 2 m",
        b"% no line end",
        b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
        b"/P <</MCID 0 /K 1 0 R>> BDC",
        b"/P <</MCID 0 1>> BDC",
        b"/P <</A truex>> BDC",
        b"/A#20B gs",
        b"[1 0 R] x",
        b"1 2\x00 m",
        b"(unterminated Tj",
        b"1 2 3",
        b"true false null x",
        b"{ }",
        b"<4g> Tj",
        b"- 1 x",
        b"99999999999999999999 x",
    ] {
        assert!(
            content_lexer::decode(case).is_none(),
            "{:?}",
            String::from_utf8_lossy(case)
        );
    }
}

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pdfs(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
}

#[test]
fn decodes_the_shared_corpus_as_lopdf_does() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut files = Vec::new();
    pdfs(&corpus, &mut files);
    files.sort();
    let (mut streams, mut decoded, mut bytes, mut decoded_bytes) = (0, 0, 0, 0);
    for file in &files {
        let Ok(doc) = lopdf::Document::load(file) else {
            continue;
        };
        for page in doc.get_pages().into_values() {
            let Ok(content) = doc.get_page_content(page) else {
                continue;
            };
            streams += 1;
            bytes += content.len();
            if same_as_lopdf(&content) {
                decoded += 1;
                decoded_bytes += content.len();
            }
        }
    }
    eprintln!(
        "{} PDFs: the lexer decoded {decoded} of {streams} page streams ({decoded_bytes} of {bytes} bytes), \
         each as lopdf does",
        files.len()
    );
    assert!(streams > 1000);
    // Most pages are in the subset it reads (else it is not worth having).
    assert!(decoded_bytes * 10 >= bytes * 8);
}
