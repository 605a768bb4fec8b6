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

/// A small deterministic generator (xorshift), so the differential test needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a [u8]]) -> &'a [u8] {
        items[self.below(items.len())]
    }
}

/// Content-stream-like bytes: tokens of the syntax, odd spacing and stray characters.
fn random_stream(rng: &mut Rng) -> Vec<u8> {
    const TOKENS: &[&[u8]] = &[
        b"BT",
        b"ET",
        b"Tf",
        b"Tj",
        b"TJ",
        b"'",
        b"\"",
        b"Td",
        b"TD",
        b"Tm",
        b"T*",
        b"cm",
        b"q",
        b"Q",
        b"re",
        b"f*",
        b"BDC",
        b"EMC",
        b"d0",
        b"null",
        b"true",
        b"false",
        b"nullx",
        b"0",
        b"12",
        b"-3",
        b"+4",
        b"1.5",
        b".5",
        b"-.25",
        b"5.",
        b"-",
        b".",
        b"+",
        b"1e5",
        b"99999999999999999999",
        b"007",
        b"/F1",
        b"/",
        b"/A#20B",
        b"/Name\xc3\xa9",
        b"(a)",
        b"()",
        b"(a(b)c)",
        b"(\\(x\\))",
        b"(\\101\\7\\0501)",
        b"(\\\n)",
        b"(\\\r\n)",
        b"(\\",
        b"(\r\n)",
        b"(unclosed",
        b"<>",
        b"<41>",
        b"<4 1 2>",
        b"<4g>",
        b"< \x00 41 \x0c>",
        b"<<",
        b">>",
        b"[",
        b"]",
        b"{",
        b"}",
        b"%c\n",
        b"%c\r\n",
        b"%c\r",
        b"%",
        b"1 0 R",
        b"R",
        b"BI",
        b"ID",
        b"EI",
        b"<</MCID 0>>",
        b"<</A [1 2] /B <</C (x)>> >>",
        b"[(A)-12(B)]",
        b"\x80",
        b"\xff",
    ];
    const SPACES: &[&[u8]] = &[
        b" ", b" ", b" ", b"\n", b"\r\n", b"\t", b"", b"", b"\x00", b"\x0c", b"  ",
    ];
    // Half the streams from the part of the syntax the lexer reads, ending on an operator,
    // so that most of them are decoded (and so compared); half from everything.
    const READ: &[&[u8]] = &[
        b"BT",
        b"Tj",
        b"TJ",
        b"'",
        b"\"",
        b"T*",
        b"cm",
        b"d0",
        b"0",
        b"12",
        b"-3",
        b"+4",
        b"1.5",
        b".5",
        b"-.25",
        b"5.",
        b"/F1",
        b"/",
        b"(a)",
        b"()",
        b"(a(b)c)",
        b"(\\(x\\))",
        b"(\\101\\7\\0501)",
        b"(\\\n)",
        b"(\\\r\n)",
        b"(\r\n)",
        b"<>",
        b"<41>",
        b"<4 1 2>",
        b"< \x00 41 \x0c>",
        b"[(A)-12(B)]",
        b"[[1] /N <41> (x) true null]",
        b"<</MCID 0>>",
        b"<</A [1 2] /B <</C (x) /D false>> >>",
        b"<< /K %c\n 1 >>",
        b"%c\n",
        b"\x80",
    ];
    let readable = rng.below(2) == 0;
    let mut out = Vec::new();
    for _ in 0..rng.below(40) {
        if readable {
            out.extend_from_slice(rng.pick(&SPACES[..7]));
            out.extend_from_slice(rng.pick(READ));
        } else {
            out.extend_from_slice(rng.pick(SPACES));
            out.extend_from_slice(rng.pick(TOKENS));
        }
    }
    if readable {
        out.extend_from_slice(b" Tj");
    }
    out
}

#[test]
fn random_streams_decode_as_lopdf_does() {
    // COUNCIL_LEXER_CASES=1000000 for a longer search.
    let cases: usize = std::env::var("COUNCIL_LEXER_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut decoded = 0;
    for case in 0..cases {
        // Every tenth case, plain random bytes.
        let data = if case % 10 == 0 {
            (0..rng.below(64)).map(|_| rng.next() as u8).collect()
        } else {
            random_stream(&mut rng)
        };
        if same_as_lopdf(&data) {
            decoded += 1;
        }
    }
    eprintln!("{decoded} of {cases} random streams decoded by the lexer, each as lopdf does");
    assert!(decoded > 0);
}
