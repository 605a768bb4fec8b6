//! OCR: the pages of a scanned PDF read from their images by Tesseract.
//!
//! Parish councils, and every council's older minutes, publish scans: a photocopy saved as a
//! PDF with no text layer (or with a text layer of a broken font). The pipeline calls these
//! `needs_ocr` or `unreadable_text` (see [`crate::clean::judge_text_layer`]); only then, and
//! only for such a file, [`OcrReader`] renders each page to a gray image with poppler's
//! `pdftoppm` ([`DEFAULT_DPI`] dots per inch) and reads it with `tesseract`, its TSV output
//! giving the text and a confidence for every word. A born-digital PDF never pays for OCR.
//!
//! Every program runs in the [`sandbox`](super::sandbox) ([`super::sandbox::run_isolated`]:
//! a private copy of the hashed bytes, a timeout per page, the address-space cap, a CPU-time
//! limit, death with the parent). Pages are read in parallel, one Tesseract process per page,
//! each pinned to one thread (`OMP_THREAD_LIMIT=1`): Tesseract's own OpenMP threads on a busy
//! machine made a page seven times slower. At most [`OcrReader::max_pages`] pages of a file
//! are read (a 2,000-page scan would hold the batch for hours); the note says so. Only pages
//! worth reading are rendered ([`Worth`]): a scanned image, or drawn glyphs of a broken text
//! layer; a PDF whose pages draw a word or two that pdftotext reads (hundreds of test files
//! of the hostile set) is not read again by OCR to find the same words.
//!
//! OCR text is marked as such: each page's mean word confidence goes into
//! [`council_model::Document::ocr`], the ingest report, the document page and the citation.
//! [`correct`] fixes the usual confusions of council papers where the context is sure.
//!
//! The reader is optional at run time: [`OcrReader::detect`] finds `tesseract`, `pdftoppm`
//! and `pdfinfo` on a `PATH` given by the caller, and without them the ingest works as
//! before (the files stay `needs_ocr`, and the report says how to enable OCR).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use regex::Regex;

use super::pdf::PdfError;
use super::sandbox::{self, PageReader};

/// The name of this reader, as [`crate::ParsedFile::extractor`] records it.
pub const TESSERACT: &str = "tesseract";
/// The resolution pages are rendered at for OCR (dots per inch): Tesseract reads body text
/// best at about 300 dpi.
pub const DEFAULT_DPI: u32 = 300;
/// The default wall-clock limit per page (rendering and recognition each). A 300-dpi page
/// takes about 4 s on one core here, 29 s when the machine is busy, and over 60 s was seen
/// with a dozen compilers running beside it.
pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(120);
/// The wall-clock limit of poppler's listing of a file (`pdfinfo`'s page count,
/// `pdfimages -list`, `pdftotext`'s glyphs): each takes well under a second on a sound file,
/// and poppler hangs on some hostile ones (`pdfinfo` on qpdf's `shared-unnamed-field.pdf`,
/// which cost the whole 120 s page timeout before).
pub const LIST_TIMEOUT: Duration = Duration::from_secs(20);
/// The default wall-clock budget of one file's OCR: pages not started by then are not read
/// (and the note says which), so that one long scan cannot hold a batch for hours.
pub const DEFAULT_FILE_BUDGET: Duration = Duration::from_secs(600);
/// The default most pages read by OCR in one file.
pub const DEFAULT_MAX_PAGES: u32 = 40;
/// The default Tesseract languages (`+`-joined traineddata names).
pub const DEFAULT_LANGUAGES: &str = "eng";
/// The fewest pixels of an image that makes a page worth OCR (a logo or a rule is less; a
/// page scanned at 72 dpi is 480,000).
pub const MIN_IMAGE_PIXELS: u64 = 40_000;
/// The most TSV output taken from Tesseract for one page (bytes).
const MAX_TSV: usize = 16 << 20;

/// Tesseract (with poppler's `pdftoppm` and `pdfinfo`) as a reader of scanned pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrReader {
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// poppler's `pdftoppm`, which renders the pages.
    pub pdftoppm: PathBuf,
    /// poppler's `pdfinfo`, which counts them.
    pub pdfinfo: PathBuf,
    /// poppler's `pdfimages`, which lists the images of each page.
    pub pdfimages: PathBuf,
    /// poppler's `pdftotext`, which says which pages draw any text at all.
    pub pdftotext: PathBuf,
    /// Tesseract's languages (`eng`, `eng+cym`).
    pub languages: String,
    /// The rendering resolution (dots per inch).
    pub dpi: u32,
    /// Wall-clock limit for rendering one page, and for reading it.
    pub page_timeout: Duration,
    /// Wall-clock budget of one file: pages not started within it are not read.
    pub file_budget: Duration,
    /// The most pages read in one file (the first ones).
    pub max_pages: u32,
}

/// Which pages of a PDF are worth reading by OCR (other pages are never rendered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worth {
    /// Pages with an image of at least [`MIN_IMAGE_PIXELS`], or with drawn glyphs that do
    /// not read as words (see [`reads_as_words`]): for a PDF with no text layer
    /// (`needs_ocr`). A page whose few glyphs pdftotext reads as words (a page number,
    /// `Potato 1`) is not rendered: OCR could only read the same words again.
    ImagesOrGarbledGlyphs,
    /// Pages with such an image or with any drawn glyphs: a text layer of a broken encoding
    /// (`unreadable_text`), and OCR measured against a text layer (`council __ocr`).
    ImagesOrGlyphs,
}

/// Whether a page's text, as pdftotext reads it, reads as words: at least half its
/// characters letters or digits, and at least 30 % of its tokens with letters word-like (two
/// characters or more, a vowel). Text of a broken font encoding (`+/54'30(4*'#34`) does not.
pub fn reads_as_words(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let alphanumeric = text.chars().filter(|c| c.is_alphanumeric()).count();
    if chars == 0 || alphanumeric * 2 < chars {
        return false;
    }
    let tokens: Vec<&str> = text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    let wordlike = tokens
        .iter()
        .filter(|t| {
            let core = t.trim_matches(|c: char| !c.is_alphanumeric());
            core.chars().count() >= 2 && core.chars().any(|c| "aeiouyAEIOUY".contains(c))
        })
        .count();
    tokens.is_empty() || wordlike * 10 >= tokens.len() * 3
}

/// One page read by OCR.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrPage {
    /// The page's 1-based number in its file.
    pub number: u32,
    /// The text read, lines and paragraphs as Tesseract found them (after [`correct`]).
    pub text: String,
    /// The mean confidence of its words (0–100), `None` when it has none.
    pub confidence: Option<f32>,
}

/// What OCR read of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrText {
    /// The pages read, in order (the first [`OcrReader::max_pages`] of the file).
    pub pages: Vec<OcrPage>,
    /// The number of pages of the file.
    pub total_pages: u32,
    /// Pages that could not be read (timeout, crash), with why; they are left empty.
    pub failed: Vec<(u32, PdfError)>,
}

impl OcrText {
    /// The mean confidence of the words of every page read (0–100).
    pub fn mean_confidence(&self) -> Option<f32> {
        let known: Vec<f32> = self.pages.iter().filter_map(|p| p.confidence).collect();
        (!known.is_empty()).then(|| known.iter().sum::<f32>() / known.len() as f32)
    }
}

impl OcrReader {
    /// The reader found on `path` (a `PATH` value, read by the caller): `tesseract`,
    /// `pdftoppm`, `pdfinfo`, `pdfimages` and `pdftotext` all executable there; `None` when
    /// one is missing.
    pub fn detect(path: Option<std::ffi::OsString>) -> Option<OcrReader> {
        let find = |name: &str| sandbox::find_on_path(std::ffi::OsStr::new(name), path.as_deref());
        Some(OcrReader {
            tesseract: find(TESSERACT)?,
            pdftoppm: find("pdftoppm")?,
            pdfinfo: find("pdfinfo")?,
            pdfimages: find("pdfimages")?,
            pdftotext: find(super::fallback::PDFTOTEXT)?,
            languages: DEFAULT_LANGUAGES.to_string(),
            dpi: DEFAULT_DPI,
            page_timeout: DEFAULT_PAGE_TIMEOUT,
            file_budget: DEFAULT_FILE_BUDGET,
            max_pages: DEFAULT_MAX_PAGES,
        })
    }

    /// Reads the first [`OcrReader::max_pages`] pages worth reading of the PDF `bytes`, in
    /// parallel (on the current rayon pool). Fails when the pages cannot be counted, or when
    /// no page could be read (the first page's error).
    pub fn read(&self, bytes: &[u8], worth: Worth) -> Result<OcrText, PdfError> {
        self.read_range(bytes, 1, self.max_pages, worth)
    }

    /// Reads pages `first..=last` of the PDF `bytes` (those it has), like [`OcrReader::read`].
    pub fn read_range(
        &self,
        bytes: &[u8],
        first: u32,
        last: u32,
        worth: Worth,
    ) -> Result<OcrText, PdfError> {
        let input = sandbox::private_copy(bytes, ".pdf")?;
        let total_pages = self.count_pages(input.path())?;
        let first = first.max(1);
        let last = last.min(total_pages);
        let listed = self.pages_worth_reading(input.path(), total_pages, worth);
        let numbers: Vec<u32> = (first..=last)
            .filter(|n| listed.as_ref().is_none_or(|w| w.contains(n)))
            .take(self.max_pages as usize)
            .collect();
        let wanted = numbers.len() as u32;
        let deadline = Instant::now() + self.file_budget;
        let results: Vec<(u32, Result<OcrPage, PdfError>)> = numbers
            .into_par_iter()
            .map(|n| {
                if Instant::now() >= deadline {
                    return (n, Err(PdfError::Timeout(self.file_budget.as_secs())));
                }
                (n, self.read_page(input.path(), n))
            })
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut failed = Vec::new();
        for (number, result) in results {
            match result {
                Ok(page) => pages.push(page),
                Err(e) => {
                    tracing::debug!(page = number, error = %e, "OCR of a page failed");
                    pages.push(OcrPage {
                        number,
                        text: String::new(),
                        confidence: None,
                    });
                    failed.push((number, e));
                }
            }
        }
        if wanted > 0 && failed.len() == wanted as usize {
            return Err(failed.swap_remove(0).1);
        }
        Ok(OcrText {
            pages,
            total_pages,
            failed,
        })
    }

    /// The pages of the PDF at `input` worth reading ([`Worth`]): an image of at least
    /// [`MIN_IMAGE_PIXELS`] (a scan), and with [`Worth::ImagesOrGlyphs`] glyphs drawn (a
    /// text layer with a broken encoding). Other pages (blank, vector drawing only) are not
    /// rendered. `None` when poppler cannot list them (then every page is tried).
    fn pages_worth_reading(&self, input: &Path, total: u32, worth: Worth) -> Option<Vec<u32>> {
        let mut images = Command::new(&self.pdfimages);
        images.arg("-list").arg(input);
        let listed = sandbox::run_isolated(&mut images, "pdfimages", self.list_timeout(), 16 << 20)
            .ok()
            .filter(|o| o.status.success())?;
        let mut pages: Vec<u32> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .skip(2)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split_whitespace().collect();
                let page = cols.first()?.parse::<u32>().ok()?;
                let (w, h) = (
                    cols.get(3)?.parse::<u64>().ok()?,
                    cols.get(4)?.parse::<u64>().ok()?,
                );
                (cols.get(2) == Some(&"image") && w * h >= MIN_IMAGE_PIXELS).then_some(page)
            })
            .collect();
        self.add_pages_with_glyphs(input, &mut pages, worth)?;
        pages.retain(|&p| (1..=total).contains(&p));
        pages.sort_unstable();
        pages.dedup();
        Some(pages)
    }

    /// Adds the pages of the PDF at `input` on which pdftotext finds glyphs (with
    /// [`Worth::ImagesOrGarbledGlyphs`], glyphs that do not read as words); `None` when it
    /// cannot read the file.
    fn add_pages_with_glyphs(
        &self,
        input: &Path,
        pages: &mut Vec<u32>,
        worth: Worth,
    ) -> Option<()> {
        let mut text = Command::new(&self.pdftotext);
        text.args(["-q", "-enc", "UTF-8"]).arg(input).arg("-");
        let drawn = sandbox::run_isolated(&mut text, "pdftotext", self.list_timeout(), 64 << 20)
            .ok()
            .filter(|o| o.status.success())?;
        let texts = super::fallback::split_pages(&String::from_utf8_lossy(&drawn.stdout));
        pages.extend(
            texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.chars().any(|c| !c.is_whitespace()))
                .filter(|(_, t)| worth == Worth::ImagesOrGlyphs || !reads_as_words(t))
                .map(|(i, _)| i as u32 + 1),
        );
        Some(())
    }

    /// The time limit of a listing: [`LIST_TIMEOUT`], or the page timeout when shorter.
    fn list_timeout(&self) -> Duration {
        self.page_timeout.min(LIST_TIMEOUT)
    }

    /// The page count of the PDF at `input` (a private copy), from `pdfinfo`.
    fn count_pages(&self, input: &Path) -> Result<u32, PdfError> {
        let mut command = Command::new(&self.pdfinfo);
        command.arg(input);
        let output = sandbox::run_isolated(&mut command, "pdfinfo", self.list_timeout(), 1 << 20)?;
        if !output.status.success() {
            return Err(program_error("pdfinfo", &output));
        }
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| PdfError::Malformed("pdfinfo gives no page count".into()))
    }

    /// Renders page `number` of the PDF at `input` and reads it.
    fn read_page(&self, input: &Path, number: u32) -> Result<OcrPage, PdfError> {
        let dir = tempfile::Builder::new()
            .prefix("council-ocr-")
            .tempdir()
            .map_err(|e| PdfError::Crash(format!("cannot make a folder for a page image: {e}")))?;
        let root = dir.path().join("page");
        let page = number.to_string();
        let mut render = Command::new(&self.pdftoppm);
        render
            .args(["-q", "-gray", "-singlefile", "-r", &self.dpi.to_string()])
            .args(["-f", &page, "-l", &page])
            .arg(input)
            .arg(&root);
        let output = sandbox::run_isolated(&mut render, "pdftoppm", self.page_timeout, 1 << 20)?;
        let image = root.with_extension("pgm");
        if !output.status.success() || !image.is_file() {
            return Err(program_error("pdftoppm", &output));
        }
        let mut recognise = Command::new(&self.tesseract);
        recognise
            .arg(&image)
            .arg("stdout")
            .args(["-l", &self.languages, "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1");
        let output = sandbox::run_isolated(&mut recognise, TESSERACT, self.page_timeout, MAX_TSV)?;
        if !output.status.success() {
            return Err(program_error(TESSERACT, &output));
        }
        let (text, confidence) = text_from_tsv(&String::from_utf8_lossy(&output.stdout));
        Ok(OcrPage {
            number,
            text: correct(&text),
            confidence,
        })
    }
}

impl PageReader for OcrReader {
    fn name(&self) -> &'static str {
        TESSERACT
    }

    fn read_pages(&self, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        self.read(bytes, Worth::ImagesOrGlyphs)
            .map(|ocr| ocr.pages.into_iter().map(|p| p.text).collect())
    }
}

/// The error for a program that exited badly: a crash when a signal ended it, else the
/// file is malformed in its eyes.
fn program_error(name: &str, output: &sandbox::ProgramOutput) -> PdfError {
    match output.status.code() {
        None => sandbox::crash_error(&format!("{name} "), &output.status, &output.stderr),
        Some(code) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.trim().lines().last().unwrap_or("").to_string();
            PdfError::Malformed(format!("{name} exited with {code}: {last}"))
        }
    }
}

/// The text of Tesseract's TSV output (words joined into its lines, a blank line between
/// its paragraphs and blocks) and the mean confidence of its words.
pub fn text_from_tsv(tsv: &str) -> (String, Option<f32>) {
    let mut text = String::new();
    let mut last: Option<(&str, &str, &str)> = None;
    let (mut sum, mut words) = (0.0f64, 0usize);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        // level page block par line word left top width height conf text
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let word = cols[11].trim();
        if word.is_empty() {
            continue;
        }
        let at = (cols[2], cols[3], cols[4]);
        match last {
            Some(prev) if prev == at => text.push(' '),
            Some(prev) if (prev.0, prev.1) == (at.0, at.1) => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        last = Some(at);
        text.push_str(word);
        if let Ok(conf) = cols[10].parse::<f64>() {
            if conf >= 0.0 {
                sum += conf;
                words += 1;
            }
        }
    }
    let confidence = (words > 0).then(|| (sum / words as f64) as f32);
    (text, confidence)
}

/// `Cllr` read as `Clir`, `Cilr`, `CIlr` or `Cl1r` (and their plurals): no English word.
static CLLR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bC[lIi1][lIi1]r(s?)\b").expect("Cllr pattern"));
/// A minute number at the start of a line, with a letter for a digit or a space inside
/// (`l4/037`, `14/O37`, `14 / 037`).
static MINUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([0-9lIO]{2}) ?/ ?([0-9lIO]{2,4})([.:]?)(\s)").expect("minute pattern")
});
/// A day of the month whose superscript ordinal came out as a quote mark (`25" February`).
static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b([0-3]?[0-9])["”“'’]+ ?(January|February|March|April|May|June|July|August|September|October|November|December)\b"#,
    )
    .expect("ordinal pattern")
});
/// Words of council papers with `m` read as `rn` (`Cornmittee`, `rneeting`).
static RN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:cornmittee|cornmittees|rneeting|rneetings|rninutes|rninute|chairrnan|chairwornan|rnember|rnembers|rnotion|cornmunity|cornments|arnendment|arnendments|recornmend|recornmendation|recornmendations|governrnent|rnanagement|rnayor)\b")
        .expect("rn pattern")
});

/// Corrects the usual OCR confusions of council papers where the context is sure: `Clir`
/// for `Cllr`; a minute number at the start of a line with a letter for a digit
/// (`l4/O37`) or a space inside (`14 /037`); a day's superscript ordinal read as a quote
/// mark before a month (`25" February` is `25th February`); and `rn` for `m` in words of
/// council papers (`Cornmittee`). Anything less sure is left as read.
pub fn correct(text: &str) -> String {
    let text = CLLR.replace_all(text, "Cllr$1");
    let text = MINUTE.replace_all(&text, |c: &regex::Captures| {
        let digits = |s: &str| -> String {
            s.chars()
                .map(|ch| match ch {
                    'l' | 'I' => '1',
                    'O' => '0',
                    other => other,
                })
                .collect()
        };
        let (a, b) = (digits(&c[1]), digits(&c[2]));
        // Only where at least one side was digits already: "IO/OI" is no minute.
        if c[1]
            .chars()
            .chain(c[2].chars())
            .filter(char::is_ascii_digit)
            .count()
            >= 2
        {
            format!("{a}/{b}{}{}", &c[3], &c[4])
        } else {
            c[0].to_string()
        }
    });
    let text = ORDINAL.replace_all(&text, |c: &regex::Captures| {
        let day: u32 = c[1].parse().unwrap_or(0);
        if !(1..=31).contains(&day) {
            return c[0].to_string();
        }
        let suffix = match (day % 10, day % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{day}{suffix} {}", &c[2])
    });
    let text = RN.replace_all(&text, |c: &regex::Captures| c[0].replace("rn", "m"));
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_gives_lines_paragraphs_and_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tHORSLEY\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tPARISH\n\
            5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tDraft\n\
            5\t1\t1\t1\t2\t2\t0\t0\t1\t1\t95\t \n\
            5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t60\tPresent:\n";
        let (text, confidence) = text_from_tsv(tsv);
        assert_eq!(text, "HORSLEY PARISH\nDraft\n\nPresent:");
        assert_eq!(confidence, Some(75.0));
        assert_eq!(text_from_tsv("level\n"), (String::new(), None));
    }

    #[test]
    fn corrects_sure_confusions_only() {
        assert_eq!(
            correct("Present: Clir N Hackett (Chairman)\nClirs Howells and Cilr Kay"),
            "Present: Cllr N Hackett (Chairman)\nCllrs Howells and Cllr Kay"
        );
        assert_eq!(
            correct("l4/O37: Minutes\n14 /038 Matters Arising\n14/039. Public"),
            "14/037: Minutes\n14/038 Matters Arising\n14/039. Public"
        );
        // Not at the start of a line, or no digits at all: left alone.
        assert_eq!(correct("ratio l4/O37 here"), "ratio l4/O37 here");
        assert_eq!(correct("IO/OI x"), "IO/OI x");
        assert_eq!(
            correct("held on 25\" February 2014; 29” April; 22' June; 1\" May"),
            "held on 25th February 2014; 29th April; 22nd June; 1st May"
        );
        assert_eq!(correct("the Cornmittee rneeting"), "the Committee meeting");
        // Words that are words stay: "Clear", "corn", "turn".
        assert_eq!(
            correct("Clear corn turn 12\" wide"),
            "Clear corn turn 12\" wide"
        );
    }

    /// A real OCR of a rendered page, where Tesseract and poppler are installed.
    #[test]
    fn glyphs_of_a_broken_encoding_do_not_read_as_words() {
        assert!(reads_as_words("Potato 0"));
        assert!(reads_as_words("12"));
        assert!(reads_as_words("Minutes of the meeting held on 9th March"));
        assert!(!reads_as_words("+/54'30(4*'#34''4+/) 0/  4* #2%*"));
        assert!(!reads_as_words("\"#& \"#$ 6',8 /398+74,8.+2++8/3-.+1*43"));
        assert!(!reads_as_words("xq zrtp kvv bdfg hjkl"));
        assert!(!reads_as_words("  \n"));
    }

    #[test]
    fn reads_a_rendered_page_where_tesseract_is_installed() {
        let Some(reader) = OcrReader::detect(std::env::var_os("PATH")) else {
            eprintln!("skipped: tesseract, pdftoppm or pdfinfo not on PATH");
            return;
        };
        let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/pdf");
        let Some(file) = std::fs::read_dir(&pdf)
            .ok()
            .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())))
        else {
            eprintln!("skipped: no PDF under {}", pdf.display());
            return;
        };
        let bytes = std::fs::read(&file).unwrap();
        let reader = OcrReader {
            max_pages: 1,
            ..reader
        };
        let ocr = reader.read(&bytes, Worth::ImagesOrGlyphs).expect("OCR");
        assert_eq!(ocr.pages.len(), 1);
        assert!(ocr.total_pages >= 1);
        let words = ocr.pages[0].text.split_whitespace().count();
        assert!(words > 20, "{words} words: {:?}", ocr.pages[0].text);
        assert!(ocr.mean_confidence().is_some_and(|c| c > 50.0));
        // A born-digital page draws words but no image: not worth reading for a PDF with no
        // text layer (pdftotext has read those words already).
        let scan = reader
            .read(&bytes, Worth::ImagesOrGarbledGlyphs)
            .expect("OCR");
        assert!(scan.pages.is_empty(), "{:?}", scan.pages);
        // Garbage is an error, not a panic.
        assert!(reader
            .read(b"%PDF-1.4 not a pdf", Worth::ImagesOrGarbledGlyphs)
            .is_err());
    }
}
