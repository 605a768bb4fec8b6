//! The pdftotext fallback on real PDFs: a file pdf-extract panics on is read, one that makes
//! pdftotext hang costs its timeout only, and the bundled PDFs (which pdf-extract reads
//! well) come out the same. Each test skips, with a message, where pdftotext is not
//! installed (or `COUNCIL_PDFTOTEXT=off`) or `../shared/hostile` is absent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use council_pipeline::extract::fallback::{PDFTOTEXT, PRIMARY};
use council_pipeline::{parse_file, ParseError, ParseOptions, PdfError, PdftotextFallback};

/// pdftotext, as the command line would find it, or `None` with a message.
fn pdftotext(timeout: Duration) -> Option<PdftotextFallback> {
    let found = PdftotextFallback::detect(timeout);
    if found.is_none() {
        eprintln!("skipped: pdftotext is not installed (or COUNCIL_PDFTOTEXT=off)");
    }
    found
}

/// A file of `../shared/hostile`, or `None` with a message.
fn hostile(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/hostile")
        .join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared set beside the repo)",
            p.display()
        );
        None
    }
}

fn with(fallback: Option<PdftotextFallback>) -> ParseOptions {
    ParseOptions {
        pdf_fallback: fallback,
        ..ParseOptions::default()
    }
}

#[test]
fn pdftotext_reads_a_pdf_that_pdf_extract_panics_on() {
    let (Some(fallback), Some(file)) = (
        pdftotext(Duration::from_secs(30)),
        hostile("py-pdf-samples/009-pdflatex-geotopo_GeoTopo-komprimiert.pdf"),
    ) else {
        return;
    };
    let alone = parse_file(&file, "geotopo.pdf", &with(None)).unwrap_err();
    assert!(
        matches!(alone, ParseError::Pdf(PdfError::Panic(_))),
        "{alone:?}"
    );
    let parsed = parse_file(&file, "geotopo.pdf", &with(Some(fallback))).unwrap();
    assert_eq!(parsed.extractor, Some(PDFTOTEXT));
    let note = parsed.fallback_note.unwrap_or_default();
    assert!(note.contains("panicked"), "{note}");
    let words: usize = parsed
        .documents
        .iter()
        .flat_map(|d| &d.sections)
        .map(|s| s.text.split_whitespace().count())
        .sum();
    // pdftotext reads about 13,000 words of German prose (a 1.5 MB thesis).
    assert!(words > 10_000, "{words} words");
    assert!(parsed.pages > 50, "{} pages", parsed.pages);
}

#[test]
fn a_pdftotext_that_hangs_costs_its_timeout_and_no_more() {
    let (Some(fallback), Some(file)) = (
        pdftotext(Duration::from_secs(2)),
        hostile("qpdf/qpdf_qtest_qpdf_shared-unnamed-field.pdf"),
    ) else {
        return;
    };
    // pdftotext 22.12 runs for over a minute on this file; a faster one may read it.
    let bytes = std::fs::read(&file).unwrap();
    let t0 = Instant::now();
    match fallback.extract(&bytes) {
        Err(e) => assert_eq!(e, PdfError::Timeout(2)),
        Ok(_) => eprintln!("this pdftotext reads {} in time", file.display()),
    }
    assert!(t0.elapsed() < Duration::from_secs(6), "{:?}", t0.elapsed());
}

#[test]
fn pdfs_that_pdf_extract_reads_well_come_out_the_same() {
    let Some(fallback) = pdftotext(Duration::from_secs(30)) else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/pdf");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let alone = parse_file(&file, "x.pdf", &with(None)).unwrap();
        let both = parse_file(&file, "x.pdf", &with(Some(fallback.clone()))).unwrap();
        assert_eq!(both.extractor, Some(PRIMARY), "{}", file.display());
        assert_eq!(both.fallback_note, None);
        assert_eq!(both.documents, alone.documents, "{}", file.display());
        n += 1;
    }
    assert!(n > 0);
}
