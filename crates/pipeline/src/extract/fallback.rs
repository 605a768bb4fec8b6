//! A second PDF extractor, poppler's `pdftotext`, tried where pdf-extract reads a PDF badly.
//!
//! pdf-extract (see [`super::pdf`]) is the primary extractor: its text keeps paragraphs
//! apart and reads two-column pages column by column. Where it fails (a malformed file, a
//! panic, a crash, a timeout, an encryption it cannot open), gives no readable document (the
//! `needs_ocr`, `unreadable_text` and `empty` outcomes), loses glyphs (ligatures it cannot
//! map come out as NUL or U+FFFD inside words) or meets a form (it does not draw the widgets
//! that show a form's field values), [`choose`] asks `pdftotext` for the same bytes and keeps
//! whichever text is materially better; [`trigger`] is the one place that decides when.
//!
//! The fallback is optional at run time: [`PdftotextFallback::detect`] finds `pdftotext` on
//! `PATH` (or where [`PROGRAM_ENV`] says, or nowhere when it says `off`), and without it
//! everything works as before. It runs under the isolation of the pdf-extract workers: the
//! bytes the caller hashed are written to a private temporary file (the path is never read
//! again), and the process gets a wall-clock timeout after which it is killed, the same
//! address-space cap ([`super::pdf::WORKER_MEMORY_LIMIT`]), a CPU-time limit, death with
//! its parent (`PR_SET_PDEATHSIG`) and a cap on its output ([`MAX_OUTPUT`]). pdftotext hangs
//! for over a minute on some files (`qpdf_shared-unnamed-field.pdf` of the hostile set),
//! so the timeout matters.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use council_model::Document;
use wait_timeout::ChildExt;

use super::pdf::{PdfError, CPU_SLACK_SECS, EXIT_GRACE, WORKER_MEMORY_LIMIT};
use crate::ParseError;

/// The name of the primary extractor, as [`crate::ParsedFile::extractor`] records it.
pub const PRIMARY: &str = "pdf-extract";
/// The name of the fallback extractor, as [`crate::ParsedFile::extractor`] records it.
pub const PDFTOTEXT: &str = "pdftotext";
/// The environment variable that overrides the search for `pdftotext`: a path (or a
/// program name looked up on `PATH`), or `off` for no fallback.
pub const PROGRAM_ENV: &str = "COUNCIL_PDFTOTEXT";
/// The default wall-clock limit per file. pdftotext read each of the 271 shared corpus PDFs
/// in under 0.9 s (all of them in 7 s): one still running after 10 s is stuck.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The most text taken from pdftotext for one file (bytes); more is a failure.
pub const MAX_OUTPUT: usize = 64 << 20;
/// The fewest real words pdftotext must add to replace a readable pdf-extract text (it
/// must also add half as many again, see [`choose`]).
pub const MIN_EXTRA_WORDS: usize = 10;
/// How many words with lost glyphs make pdf-extract's text worth a second reading.
pub const LOST_GLYPH_WORDS: usize = 3;
/// The most ligature occurrences of one reference word considered by [`repair_lost_glyphs`].
const MAX_LIGATURES_A_WORD: usize = 8;
/// How much of pdftotext's stderr is kept to describe a crash (bytes).
const STDERR_TAIL: u64 = 16 * 1024;

/// `pdftotext` as a fallback PDF extractor, run in a process of its own per file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdftotextFallback {
    /// The program (called as `program -enc UTF-8 -q FILE -`).
    pub program: PathBuf,
    /// Wall-clock limit per file; the process is killed after it.
    pub timeout: Duration,
    /// The most output taken (bytes); the process is killed when it writes more.
    pub max_output: usize,
}

impl PdftotextFallback {
    /// The fallback `program`, each file under `timeout`, output capped at [`MAX_OUTPUT`].
    pub fn new(program: impl Into<PathBuf>, timeout: Duration) -> PdftotextFallback {
        PdftotextFallback {
            program: program.into(),
            timeout,
            max_output: MAX_OUTPUT,
        }
    }

    /// The fallback found on this machine, each file under `timeout`: the program named by
    /// [`PROGRAM_ENV`] (`None` when it says `off` or names nothing executable), else
    /// `pdftotext` on `PATH`, else `None`.
    pub fn detect(timeout: Duration) -> Option<PdftotextFallback> {
        let program = find_program(std::env::var_os(PROGRAM_ENV), std::env::var_os("PATH"));
        program.map(|p| PdftotextFallback::new(p, timeout))
    }

    /// The page texts of the PDF `bytes` (split at form feeds), or why there are none:
    /// [`PdfError::Timeout`] when it ran past the timeout (it is killed),
    /// [`PdfError::Crash`] when it died of a signal, hit the memory cap or wrote more than
    /// [`PdftotextFallback::max_output`], [`PdfError::Encrypted`] or
    /// [`PdfError::Malformed`] when it exited with an error.
    pub fn extract(&self, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        let started = Instant::now();
        let cannot = |what: &str, e: std::io::Error| PdfError::Crash(format!("{what}: {e}"));
        // The bytes the caller hashed, in a private temporary file (mode 0600, removed when
        // dropped): pdftotext never sees the caller's path, which may have changed since.
        let mut input = tempfile::Builder::new()
            .prefix("council-pdf-")
            .suffix(".pdf")
            .tempfile()
            .map_err(|e| cannot("cannot write a temporary file for pdftotext", e))?;
        input
            .write_all(bytes)
            .and_then(|()| input.flush())
            .map_err(|e| cannot("cannot write a temporary file for pdftotext", e))?;
        let mut stderr =
            tempfile::tempfile().map_err(|e| cannot("cannot make a file for its stderr", e))?;
        let errors = stderr
            .try_clone()
            .map_err(|e| cannot("cannot make a file for its stderr", e))?;
        let mut command = Command::new(&self.program);
        command
            .args(["-enc", "UTF-8", "-q"])
            .arg(input.path())
            .arg("-")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(errors);
        isolate(
            &mut command,
            self.timeout.as_secs().saturating_add(CPU_SLACK_SECS),
        );
        let mut child = command
            .spawn()
            .map_err(|e| cannot(&format!("cannot start {}", self.program.display()), e))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::Crash("pdftotext's stdout missing".into()));
        };
        let (tx, rx) = mpsc::channel();
        let limit = self.max_output;
        let reader = std::thread::Builder::new()
            .name("pdftotext-out".into())
            .spawn(move || {
                let mut text = Vec::new();
                let read = stdout.take(limit as u64 + 1).read_to_end(&mut text);
                let _ = tx.send(read.map(|_| text));
            });
        let reader = match reader {
            Ok(handle) => handle,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(cannot("cannot start a reader thread", e));
            }
        };
        let kill = |child: &mut std::process::Child| {
            let _ = child.kill();
            let _ = child.wait();
        };
        let output = match rx.recv_timeout(self.timeout) {
            Ok(Ok(text)) if text.len() > limit => {
                kill(&mut child);
                let _ = reader.join();
                return Err(PdfError::Crash(format!(
                    "pdftotext wrote more than {limit} bytes"
                )));
            }
            Ok(Ok(text)) => text,
            Ok(Err(e)) => {
                kill(&mut child);
                let _ = reader.join();
                return Err(cannot("cannot read pdftotext's output", e));
            }
            Err(_) => {
                // Timed out (or the reader died): the kill closes the pipe, ending the reader.
                kill(&mut child);
                let _ = reader.join();
                return Err(PdfError::Timeout(self.timeout.as_secs()));
            }
        };
        let _ = reader.join();
        // Its stdout is closed: it is exiting, or closed it and hangs; it gets what is left
        // of the timeout (at least a moment) to exit.
        let left = self
            .timeout
            .saturating_sub(started.elapsed())
            .max(EXIT_GRACE);
        let status = match child.wait_timeout(left) {
            Ok(Some(status)) => status,
            Ok(None) => {
                kill(&mut child);
                return Err(PdfError::Timeout(self.timeout.as_secs()));
            }
            Err(e) => {
                kill(&mut child);
                return Err(cannot("cannot wait for pdftotext", e));
            }
        };
        if !status.success() {
            let tail = stderr_tail(&mut stderr);
            return Err(match status.code() {
                // poppler's exit codes: 1 cannot open the PDF, 3 permissions (encryption).
                Some(1) => PdfError::Malformed("pdftotext cannot open it".into()),
                Some(3) => PdfError::Encrypted,
                Some(code) => PdfError::Malformed(format!("pdftotext exited with {code}")),
                None => super::pdf::crash_error("pdftotext ", &status, &tail),
            });
        }
        Ok(split_pages(&String::from_utf8_lossy(&output)))
    }
}

/// pdftotext's output as pages: one per form feed, the empty piece after the last dropped.
pub fn split_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

/// Sets up `command`'s process, between `fork` and `exec`, as the pdf-extract workers set up
/// themselves: death with this thread, the address-space cap and `cpu_secs` of CPU time.
fn isolate(command: &mut Command, cpu_secs: u64) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let parent = i64::from(std::process::id());
        // SAFETY: the closure only makes system calls (prctl, getppid, setrlimit), which are
        // async-signal-safe; it allocates nothing and takes no lock.
        unsafe {
            command.pre_exec(move || {
                if !super::pdf::die_with(Some(parent)) {
                    // The parent is gone (an error that needs no allocation: ESRCH).
                    return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
                }
                super::pdf::limit_memory(WORKER_MEMORY_LIMIT);
                super::pdf::limit_cpu(cpu_secs);
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (command, cpu_secs);
}

/// The last [`STDERR_TAIL`] bytes written to `file`.
fn stderr_tail(file: &mut std::fs::File) -> Vec<u8> {
    let len = file.seek(SeekFrom::End(0)).unwrap_or(0);
    let mut tail = Vec::new();
    if file
        .seek(SeekFrom::Start(len.saturating_sub(STDERR_TAIL)))
        .is_ok()
    {
        let _ = file.read_to_end(&mut tail);
    }
    tail
}

/// The fallback program, from the value of [`PROGRAM_ENV`] (`setting`) and of `PATH`: the
/// path or the program on `PATH` the setting names, none when it says `off` (or is empty),
/// and `pdftotext` on `PATH` when there is no setting.
fn find_program(
    setting: Option<std::ffi::OsString>,
    path: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let name = match setting {
        Some(v) if v.is_empty() || v.eq_ignore_ascii_case("off") => return None,
        Some(v) => v,
        None => return find_on_path(std::ffi::OsStr::new(PDFTOTEXT), path.as_deref()),
    };
    let named = PathBuf::from(&name);
    let found = if named.components().count() > 1 {
        Some(named).filter(|p| executable(p))
    } else {
        find_on_path(&name, path.as_deref())
    };
    if found.is_none() {
        tracing::warn!(
            "{PROGRAM_ENV}={}: no such program; no fallback PDF extractor",
            name.to_string_lossy()
        );
    }
    found
}

/// Whether `path` is a file this process may execute.
fn executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The first executable `name` in the directories of `path` (a `PATH` value).
fn find_on_path(name: &std::ffi::OsStr, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|p| executable(p))
}

/// Why pdf-extract's reading of a PDF is worth a second one by the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// pdf-extract failed: malformed, encrypted, panicked, crashed (the memory cap
    /// included) or timed out. A timeout is tried too: it costs at most the fallback's
    /// timeout on top (10 s by default, against pdf-extract's 30 s), a loop in
    /// pdf-extract's parser need not be one in poppler's, and without a second reader the
    /// file is lost. (No file of the hostile set or the shared corpus times out today.)
    Failed,
    /// pdf-extract's text gave no document: no text layer, an unreadable one, or none.
    NoDocument,
    /// pdf-extract's text has this many words with lost glyphs (NUL or U+FFFD in a word,
    /// most often an unmapped ligature: `a\0ached` for "attached").
    LostGlyphs(usize),
    /// The PDF has an interactive form (`/AcroForm`): pdf-extract reads the page content
    /// but not the widgets that show the field values, which pdftotext draws.
    FormFields,
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trigger::Failed => write!(f, "{PRIMARY} failed"),
            Trigger::NoDocument => write!(f, "{PRIMARY} read no document"),
            Trigger::LostGlyphs(n) => write!(f, "{PRIMARY} lost glyphs in {n} words"),
            Trigger::FormFields => write!(f, "a form, whose field values {PRIMARY} misses"),
        }
    }
}

/// Whether (and why) to try the fallback on a PDF, given its `bytes`, pdf-extract's pages
/// (`primary`) and the documents built from them (`built`). The one place that decides it.
///
/// A failure is always worth a try; so is a text that gives no document, unless the PDF has
/// no font at all (see [`may_show_text`]); so is a text with at least [`LOST_GLYPH_WORDS`]
/// words with lost glyphs, and a file with a form. Anything else is left alone, so that
/// the fallback costs nothing on PDFs that read well.
pub fn trigger(
    bytes: &[u8],
    primary: &Result<Vec<String>, PdfError>,
    built: &Result<Vec<Document>, ParseError>,
) -> Option<Trigger> {
    let pages = match primary {
        Err(_) => return Some(Trigger::Failed),
        Ok(pages) => pages,
    };
    if built.is_err() {
        return may_show_text(bytes).then_some(Trigger::NoDocument);
    }
    let lost = lost_glyph_words(pages);
    if lost >= LOST_GLYPH_WORDS {
        return Some(Trigger::LostGlyphs(lost));
    }
    // A form with a field value, both in the clear (inside a compressed object stream they
    // go unseen: 1 of 87 forms in the hostile set). A form with no value set is not worth
    // a second reading: 14 of the 15 forms of the shared corpus are such (empty templates,
    // spreadsheets saved with a form dictionary), and reading them again cost a fifth of
    // the corpus's ingest time for no word gained.
    if contains(bytes, b"/AcroForm") && FIELD_VALUE.is_match(bytes) {
        return Some(Trigger::FormFields);
    }
    None
}

/// A form field's value in the clear: `/V (text)` or `/V <hex>`, not empty.
static FIELD_VALUE: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
    regex::bytes::Regex::new(r"/V\s*(?:\((?:[^()\\]|\\.)+\)|<[0-9A-Fa-f]{2,}>)")
        .expect("field value pattern")
});

/// What a PDF was read as, by [`choose`].
#[derive(Debug, Clone)]
pub struct Chosen {
    /// The documents.
    pub documents: Vec<Document>,
    /// The number of pages of the text read.
    pub pages: u32,
    /// The extractor whose text it is: [`PRIMARY`] or [`PDFTOTEXT`].
    pub extractor: &'static str,
    /// What the fallback changed, when it did: the primary's failure it rescued the file
    /// from, the words it added, or the words it repaired.
    pub note: Option<String>,
}

/// Reads a PDF from pdf-extract's pages (`primary`) and, where [`trigger`] says so and
/// `fallback` is there, from pdftotext's; `build` turns page texts into documents (cleaning
/// them and judging the text layer, see [`crate::clean`]).
///
/// pdftotext's text is kept only when it is materially better:
/// - pdf-extract failed or gave no document, and pdftotext's text gives documents (it
///   passes the same judge of a text layer: not a scan, not garbage);
/// - or pdf-extract's text was readable but pdftotext's has half as many real words again
///   (see [`real_words`], counted after the repair below) and at least
///   [`MIN_EXTRA_WORDS`] more, and gives documents. The bar is high because a readable
///   pdf-extract text has the better layout (paragraphs kept apart, list numbers beside
///   their items, columns read in turn): on the one form of the shared corpus where
///   pdftotext reads 9 % more words (the field values), its text also gives a wrong
///   meeting date and a heading taken for a committee's name.
///
/// Where pdf-extract failed and pdftotext read pages with no text on them, the file is a
/// scan ([`ParseError::NeedsOcr`]), not a failure: poppler parsed what pdf-extract could
/// not (56 of the hostile set's 851 files, which pdf-extract called 47 `malformed`, 6
/// `panic` and 3 `encrypted`).
///
/// Otherwise pdf-extract's result or error stands, with one repair: words in which
/// pdf-extract lost glyphs are replaced by the words of pdftotext's text they match (see
/// [`repair_lost_glyphs`]). A fallback that fails (crash, timeout, error) changes nothing;
/// it is logged at debug level.
pub fn choose(
    bytes: &[u8],
    primary: Result<Vec<String>, PdfError>,
    fallback: Option<&PdftotextFallback>,
    build: impl Fn(&[String]) -> Result<Vec<Document>, ParseError>,
) -> Result<Chosen, ParseError> {
    let built = match &primary {
        Ok(pages) => build(pages),
        Err(e) => Err(ParseError::Pdf(e.clone())),
    };
    let primary_pages = primary.as_ref().map_or(0, |p| p.len() as u32);
    let keep = |built: Result<Vec<Document>, ParseError>| {
        built.map(|documents| Chosen {
            documents,
            pages: primary_pages,
            extractor: PRIMARY,
            note: None,
        })
    };
    let (Some(fallback), Some(why)) = (
        fallback,
        fallback.and_then(|_| trigger(bytes, &primary, &built)),
    ) else {
        return keep(built);
    };
    let theirs = match fallback.extract(bytes) {
        Ok(pages) => pages,
        Err(e) => {
            tracing::debug!(trigger = %why, error = %e, "the fallback PDF extractor failed");
            return keep(built);
        }
    };
    let from_fallback = |documents: Vec<Document>, note: String| Chosen {
        documents,
        pages: theirs.len() as u32,
        extractor: PDFTOTEXT,
        note: Some(note),
    };
    let documents = match built {
        Err(error) => {
            return match build(&theirs) {
                Ok(documents) => Ok(from_fallback(
                    documents,
                    format!("{PRIMARY}: {error}; text from {PDFTOTEXT}"),
                )),
                // pdftotext opened the file and read its pages, and they hold no text: that is
                // what the file is (a scan), not pdf-extract's failure to parse it. Garbage
                // text is not taken as proof: the primary's failure stands.
                Err(theirs_error @ (ParseError::NeedsOcr | ParseError::Empty))
                    if !theirs.is_empty() =>
                {
                    tracing::debug!(trigger = %why, primary = %error, "{PDFTOTEXT} read the pages: no text");
                    Err(theirs_error)
                }
                Err(theirs_error) => {
                    tracing::debug!(trigger = %why, error = %theirs_error, "the fallback PDF extractor read no document either");
                    Err(error)
                }
            };
        }
        Ok(documents) => documents,
    };
    let mut ours = primary.unwrap_or_default();
    let repaired = repair_lost_glyphs(&mut ours, &theirs);
    let (our_words, their_words) = (real_words(&ours), real_words(&theirs));
    if their_words >= our_words + (our_words / 2).max(MIN_EXTRA_WORDS) {
        if let Ok(documents) = build(&theirs) {
            return Ok(from_fallback(
                documents,
                format!("{why}: {PRIMARY} read {our_words} words, {PDFTOTEXT} {their_words}"),
            ));
        }
    }
    if repaired == 0 {
        return keep(Ok(documents));
    }
    // The repaired text reads at least as well as before; should it somehow not, the
    // documents already built stand.
    let documents = build(&ours).unwrap_or(documents);
    Ok(Chosen {
        documents,
        pages: primary_pages,
        extractor: PRIMARY,
        note: Some(format!(
            "{repaired} words in which {PRIMARY} lost glyphs repaired from {PDFTOTEXT}'s text"
        )),
    })
}

/// Whether a character stands for a glyph the extractor could not map.
fn lost_glyph(c: char) -> bool {
    c == '\0' || c == '\u{fffd}'
}

/// The words (whitespace-separated tokens) with a lost glyph in them.
pub fn lost_glyph_words(pages: &[String]) -> usize {
    pages
        .iter()
        .flat_map(|p| p.split_whitespace())
        .filter(|t| t.chars().any(lost_glyph))
        .count()
}

/// The real words of page texts: tokens with at least two letters and a vowel (after
/// punctuation is trimmed), and no lost glyph. Tables of figures and garbage count for
/// nothing; this is what "more text" means when the two extractors are compared.
pub fn real_words(pages: &[String]) -> usize {
    pages
        .iter()
        .flat_map(|p| p.split_whitespace())
        .filter(|t| {
            let core = t.trim_matches(|c: char| !c.is_alphanumeric());
            !core.chars().any(lost_glyph)
                && core.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && core.chars().any(|c| "aeiouyAEIOUY".contains(c))
        })
        .count()
}

/// The ligatures whose glyphs pdf-extract loses, longest first.
const LIGATURES: [&str; 14] = [
    "ffi", "ffl", "ff", "fi", "fl", "ft", "fb", "fh", "fj", "fk", "tt", "st", "ct", "Th",
];

/// Repairs, in `pages`, the words in which a glyph was lost (NUL or U+FFFD): each becomes
/// the word of `reference` (another extractor's text of the same file) it matches with a
/// ligature in place of each lost glyph, the most frequent such word where several match.
/// Surrounding punctuation and all whitespace are kept. Returns how many words it repaired.
pub fn repair_lost_glyphs(pages: &mut [String], reference: &[String]) -> usize {
    use std::collections::HashMap;
    if lost_glyph_words(pages) == 0 {
        return 0;
    }
    // Each reference word under each way of losing up to three of its ligatures, a glyph
    // (one NUL) for each: "attached" is also "a\0ached", "effective" also "e\0ective",
    // "effe\0ive" and "e\0e\0ive".
    let mut candidates: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for word in reference.iter().flat_map(|p| p.split_whitespace()) {
        let word = trim_word(word);
        if word.chars().any(lost_glyph) {
            continue;
        }
        let mut spans: Vec<(usize, usize)> = LIGATURES
            .iter()
            .flat_map(|lig| word.match_indices(lig).map(|(at, l)| (at, at + l.len())))
            .take(MAX_LIGATURES_A_WORD)
            .collect();
        spans.sort_unstable();
        for mask in 1u32..(1 << spans.len()) {
            if mask.count_ones() > 3 {
                continue;
            }
            let chosen: Vec<(usize, usize)> = (0..spans.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| spans[i])
                .collect();
            if chosen.windows(2).any(|w| w[1].0 < w[0].1) {
                continue; // overlapping ("ffi" and "fi" of one glyph)
            }
            let mut key = String::with_capacity(word.len());
            let mut at = 0;
            for (start, end) in chosen {
                key.push_str(&word[at..start]);
                key.push('\0');
                at = end;
            }
            key.push_str(&word[at..]);
            *candidates.entry(key).or_default().entry(word).or_default() += 1;
        }
    }
    let mut repaired = 0;
    for page in pages.iter_mut() {
        if !page.chars().any(lost_glyph) {
            continue;
        }
        let mut out = String::with_capacity(page.len());
        for piece in page.split_inclusive(char::is_whitespace) {
            let token = piece.trim_end_matches(char::is_whitespace);
            let core = trim_word(token);
            let best = if core.chars().any(lost_glyph) {
                let key = core.replace('\u{fffd}', "\0");
                candidates.get(&key).and_then(|words| {
                    words
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(w, _)| *w)
                })
            } else {
                None
            };
            match best {
                Some(word) => {
                    // `core` is a slice of `token`: where it starts.
                    let start = core.as_ptr() as usize - token.as_ptr() as usize;
                    out.push_str(&token[..start]);
                    out.push_str(word);
                    out.push_str(&piece[start + core.len()..]);
                    repaired += 1;
                }
                None => out.push_str(piece),
            }
        }
        *page = out;
    }
    repaired
}

/// A token without the punctuation around it (a lost glyph is kept: it may start a word).
fn trim_word(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric() && !lost_glyph(c))
}

/// Whether a PDF may show text at all: text is drawn in a font, and a font is a `/Font`
/// resource. A PDF with no `/Font` name in its bytes and no object stream (where one could
/// be compressed out of sight) has none: a scan of images, which no text extractor reads
/// (pdftotext reads no more of it than pdf-extract did), so the fallback is not run on it.
pub fn may_show_text(bytes: &[u8]) -> bool {
    contains(bytes, b"/Font") || contains(bytes, b"/ObjStm")
}

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // memchr's SIMD search: a byte-window scan of every PDF cost 0.2 s of a 2.6 s run.
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake pdftotext: an `sh` script in a temporary folder (kept alive by the returned
    /// guard). It is called as `SCRIPT -enc UTF-8 -q FILE -`: the PDF's copy is `$4`.
    #[cfg(unix)]
    fn fake(script: &str, timeout_ms: u64) -> (PdftotextFallback, tempfile::TempDir) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("pdftotext");
        std::fs::write(&program, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let fallback = PdftotextFallback::new(program, Duration::from_millis(timeout_ms));
        (fallback, dir)
    }

    /// A paragraph that reads as a document.
    const PROSE: &str = "1. Purpose of the report\n\n1.1 The committee is asked to note the \
        progress made on the library refurbishment and to agree the revised timetable for \
        the works, which begin in the spring and finish before the summer holidays.\n";

    fn build(pages: &[String]) -> Result<Vec<Document>, ParseError> {
        crate::documents_from_pdf_pages(pages)
    }

    fn text(chosen: &Chosen) -> String {
        chosen
            .documents
            .iter()
            .flat_map(|d| &d.sections)
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether process `pid` still runs (gone or a zombie is not running).
    #[cfg(target_os = "linux")]
    fn running(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, r)| !r.trim_start().starts_with('Z'))
        })
    }

    #[test]
    fn pages_split_on_form_feeds() {
        assert_eq!(split_pages("one\n\u{c}two\n\u{c}"), ["one\n", "two\n"]);
        assert_eq!(split_pages("one\u{c}\u{c}three\u{c}"), ["one", "", "three"]);
        assert_eq!(split_pages("no feed"), ["no feed"]);
        assert!(split_pages("").is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn the_fallback_reads_a_copy_of_exactly_the_bytes_given() {
        let (fallback, _dir) = fake(
            r#"[ "$1 $2 $3 $5" = "-enc UTF-8 -q -" ] || exit 99; cat "$4"; printf '\f'; cat "$4"; printf '\f'"#,
            5000,
        );
        let pages = fallback.extract(b"%PDF-1.4 page").unwrap();
        assert_eq!(pages, ["%PDF-1.4 page", "%PDF-1.4 page"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_fallback_runs_under_the_workers_limits() {
        // `ulimit -v` is in KiB; the CPU limit is the timeout plus the workers' slack.
        let (fallback, _dir) = fake("ulimit -v; ulimit -t", 5000);
        let pages = fallback.extract(b"%PDF").unwrap();
        let limits: Vec<&str> = pages[0].split_whitespace().collect();
        let cpu = (5 + CPU_SLACK_SECS).to_string();
        let memory = (WORKER_MEMORY_LIMIT / 1024).to_string();
        assert_eq!(limits, [memory.as_str(), cpu.as_str()]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fallback_past_its_timeout_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let (fallback, _fake) = fake(
            &format!("echo $$ > '{}'; exec sleep 30", pid_file.display()),
            300,
        );
        let t0 = Instant::now();
        assert_eq!(fallback.extract(b"%PDF"), Err(PdfError::Timeout(0)));
        assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
        #[cfg(target_os = "linux")]
        {
            let pid = std::fs::read_to_string(&pid_file).unwrap();
            assert!(!running(pid.trim()), "the fallback {pid} still runs");
        }
        // One that closes its output and goes on running is killed too.
        let (fallback, _fake) = fake("exec >&-; sleep 30", 300);
        assert_eq!(fallback.extract(b"%PDF"), Err(PdfError::Timeout(0)));
    }

    #[cfg(unix)]
    #[test]
    fn crashes_errors_and_floods_are_reported() {
        let run = |script: &str| fake(script, 5000).0.extract(b"%PDF");
        let abort = run("kill -ABRT $$").unwrap_err();
        assert!(
            matches!(&abort, PdfError::Crash(m) if m.contains("SIGABRT")),
            "{abort:?}"
        );
        let memory = run("echo \"terminate called after throwing an instance of 'std::bad_alloc'\" >&2; kill -ABRT $$")
            .unwrap_err();
        assert!(
            memory
                .to_string()
                .contains(super::super::pdf::MEMORY_EXCEEDED),
            "{memory}"
        );
        assert!(matches!(run("exit 1"), Err(PdfError::Malformed(_))));
        assert_eq!(run("exit 3"), Err(PdfError::Encrypted));
        let missing = PdftotextFallback::new("/nonexistent/pdftotext", Duration::from_secs(5));
        assert!(matches!(missing.extract(b"%PDF"), Err(PdfError::Crash(_))));
        let (mut flood, _dir) = fake("exec yes", 5000);
        flood.max_output = 100_000;
        let t0 = Instant::now();
        let err = flood.extract(b"%PDF").unwrap_err();
        assert!(err.to_string().contains("more than 100000 bytes"), "{err}");
        assert!(t0.elapsed() < Duration::from_secs(4));
    }

    #[cfg(unix)]
    #[test]
    fn the_program_is_found_on_path_or_where_the_setting_says() {
        let (fallback, dir) = fake("true", 1000);
        let path = Some(std::ffi::OsString::from(format!(
            "/nonexistent:{}",
            dir.path().display()
        )));
        assert_eq!(
            find_program(None, path.clone()),
            Some(fallback.program.clone())
        );
        assert_eq!(find_program(Some("off".into()), path.clone()), None);
        assert_eq!(find_program(Some("OFF".into()), path.clone()), None);
        assert_eq!(
            find_program(Some(fallback.program.clone().into()), None),
            Some(fallback.program.clone())
        );
        assert_eq!(
            find_program(Some("pdftotext".into()), path.clone()),
            Some(fallback.program)
        );
        assert_eq!(
            find_program(Some("/nonexistent/pdftotext".into()), path),
            None
        );
        assert_eq!(find_program(None, Some("/nonexistent".into())), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_primary_is_rescued_by_readable_fallback_text() {
        let (fallback, _dir) = fake(&format!("printf '%s\\f' '{PROSE}'"), 5000);
        let primary = Err(PdfError::Panic("index out of bounds".into()));
        let chosen = choose(b"%PDF", primary, Some(&fallback), build).unwrap();
        assert_eq!(chosen.extractor, PDFTOTEXT);
        assert_eq!(chosen.pages, 1);
        assert!(text(&chosen).contains("library refurbishment"));
        let note = chosen.note.unwrap();
        assert!(
            note.contains("panicked") && note.contains(PDFTOTEXT),
            "{note}"
        );
        // A scan by pdf-extract's reading (pages, no text) is tried too, if it has a font.
        let with_font = b"%PDF 4 0 obj << /Resources << /Font << /F1 5 0 R >> >> >>";
        let chosen = choose(with_font, Ok(vec![String::new()]), Some(&fallback), build).unwrap();
        assert_eq!(chosen.extractor, PDFTOTEXT);
    }

    #[test]
    fn a_pdf_with_no_font_is_not_read_again_for_text() {
        let (pages, built) = (Ok(vec![String::new()]), build(&[String::new()]));
        assert!(built.is_err());
        let scan = b"%PDF 4 0 obj << /Resources << /XObject << /Im1 5 0 R >> >> >>";
        assert!(!may_show_text(scan));
        assert_eq!(trigger(scan, &pages, &built), None);
        // A font, or an object stream that could hold one, and it is tried.
        for bytes in [
            &b"%PDF << /Font << /F1 5 0 R >> >>"[..],
            b"%PDF << /Type /ObjStm >>",
        ] {
            assert_eq!(trigger(bytes, &pages, &built), Some(Trigger::NoDocument));
        }
        // A failure is tried whatever the file has: a scan read by pdftotext is a scan.
        let failed = Err(PdfError::Malformed("no xref".into()));
        assert_eq!(trigger(scan, &failed, &built), Some(Trigger::Failed));
    }

    #[cfg(unix)]
    #[test]
    fn pages_without_text_make_a_broken_pdf_a_scan_not_a_failure() {
        // pdf-extract cannot parse it; pdftotext reads two pages with no text on them.
        let (fallback, _dir) = fake(r"printf '\f\f'", 5000);
        let primary = Err(PdfError::Malformed("no xref".into()));
        let err = choose(b"%PDF", primary, Some(&fallback), build).unwrap_err();
        assert_eq!(err, ParseError::NeedsOcr);
        // No pages at all is no proof: the primary's failure stands.
        let (nothing, _dir) = fake("exit 0", 5000);
        let primary = Err(PdfError::Panic("index out of bounds".into()));
        let err = choose(b"%PDF", primary, Some(&nothing), build).unwrap_err();
        assert!(matches!(err, ParseError::Pdf(PdfError::Panic(_))));
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_fallback_keeps_the_primary_outcome() {
        for script in ["kill -SEGV $$", "exit 1", "exec sleep 30"] {
            let (fallback, _dir) = fake(script, 300);
            let primary = Err(PdfError::Malformed("no xref".into()));
            let err = choose(b"%PDF", primary, Some(&fallback), build).unwrap_err();
            assert_eq!(err, ParseError::Pdf(PdfError::Malformed("no xref".into())));
            let scan = choose(b"%PDF", Ok(vec![String::new()]), Some(&fallback), build);
            assert_eq!(scan.unwrap_err(), ParseError::NeedsOcr);
        }
    }

    #[cfg(unix)]
    #[test]
    fn garbage_from_the_fallback_is_not_preferred() {
        let garbage = "ÿþ ÃÂ ¤¥ ¦§ ¨© ª« ¬® ¯° ±² ³´ µ¶ ·¸ ¹º »¼ ½¾ ¿À ÁÂ ÃÄ ÅÆ ÇÈ ".repeat(20);
        let (fallback, _dir) = fake(&format!("printf '%s' '{garbage}'"), 5000);
        let primary = Err(PdfError::Malformed("no xref".into()));
        let err = choose(b"%PDF", primary, Some(&fallback), build).unwrap_err();
        assert!(matches!(err, ParseError::Pdf(PdfError::Malformed(_))));
        // Against a readable text (a form, so the fallback is tried): pdf-extract's stands.
        let ours = vec![PROSE.to_string()];
        let chosen = choose(FORM, Ok(ours), Some(&fallback), build).unwrap();
        assert_eq!(chosen.extractor, PRIMARY);
        assert_eq!(chosen.note, None);
    }

    #[cfg(unix)]
    #[test]
    fn a_pdf_that_reads_well_never_starts_the_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("ran");
        let (fallback, _fake) = fake(
            &format!(
                "touch '{}'; printf '%s' '{PROSE} {PROSE}'",
                marker.display()
            ),
            5000,
        );
        let ours = vec![PROSE.to_string()];
        let chosen = choose(b"%PDF-1.7", Ok(ours.clone()), Some(&fallback), build).unwrap();
        assert_eq!((chosen.extractor, chosen.note), (PRIMARY, None));
        assert!(!marker.exists(), "the fallback ran");
        // And without a fallback, nothing changes whatever the file.
        let chosen = choose(FORM, Ok(ours), None, build).unwrap();
        assert_eq!(chosen.extractor, PRIMARY);
    }

    #[cfg(unix)]
    /// The bytes of a form with a field value in the clear.
    const FORM: &[u8] =
        b"%PDF /AcroForm << /Fields [3 0 R] >> 3 0 obj << /T (name) /V (Ellison) >>";

    #[test]
    fn only_a_form_with_a_value_in_it_is_read_again() {
        let pages = Ok(vec![PROSE.to_string()]);
        let built = build(&[PROSE.to_string()]);
        assert!(matches!(
            trigger(FORM, &pages, &built),
            Some(Trigger::FormFields)
        ));
        let hex = b"%PDF /AcroForm 3 0 obj << /V <FEFF0041> >>";
        assert!(trigger(hex, &pages, &built).is_some());
        // An empty template: a form dictionary, fields, no values.
        let empty = b"%PDF /AcroForm << /Fields [3 0 R] >> 3 0 obj << /T (name) /V () >>";
        assert!(trigger(empty, &pages, &built).is_none());
        assert!(trigger(b"%PDF /AcroForm /Version (1.7)", &pages, &built).is_none());
    }

    #[test]
    fn a_form_is_read_by_the_fallback_only_when_it_finds_many_more_words() {
        let values = "Applicant: Margaret Ellison, Orchard House, Station Road, Horsley.";
        let filled = format!(
            "{PROSE}\n{values}\nProposal: conversion of the barn into two dwellings with \
             parking and gardens, a new access from the lane, and the removal of the old \
             stables beside the paddock."
        );
        let (more, _dir) = fake(&format!("printf '%s' '{filled}'"), 5000);
        let ours = vec![PROSE.to_string()];
        let chosen = choose(FORM, Ok(ours.clone()), Some(&more), build).unwrap();
        assert_eq!(chosen.extractor, PDFTOTEXT);
        assert!(text(&chosen).contains("Margaret Ellison"));
        assert!(chosen.note.unwrap().contains("form"));
        // A few more words do not pay for pdftotext's plainer layout.
        let (few, _dir) = fake(&format!("printf '%s' '{PROSE}\n{values}'"), 5000);
        let chosen = choose(FORM, Ok(ours), Some(&few), build).unwrap();
        assert_eq!((chosen.extractor, chosen.note), (PRIMARY, None));
    }

    #[test]
    fn lost_ligatures_are_repaired_from_another_reading() {
        let mut pages = vec![
            "Value is also a\0ached to the \0ve (\u{fffd}nal) o\0ce.\nTra\0c: e\0e\0ive\n"
                .to_string(),
            "No loss here; x\0y stays.".to_string(),
        ];
        let reference = vec![
            "Value is also attached to the five (final) office.\nTraffic: effective; effective"
                .to_string(),
        ];
        assert_eq!(lost_glyph_words(&pages), 7);
        let repaired = repair_lost_glyphs(&mut pages, &reference);
        assert_eq!(repaired, 6);
        assert_eq!(
            pages[0],
            "Value is also attached to the five (final) office.\nTraffic: effective\n"
        );
        assert_eq!(pages[1], "No loss here; x\0y stays.");
    }

    #[cfg(unix)]
    #[test]
    fn lost_ligatures_are_repaired_and_pdf_extract_text_kept() {
        let ours =
            format!("{PROSE}\nThe a\0ached sta\0ng plan, the \0nal o\0ce, the \0ve sites.\n");
        let theirs = ours
            .replace("a\0ached", "attached")
            .replace("sta\0ng", "staffing")
            .replace("\0nal", "final")
            .replace("o\0ce", "office")
            .replace("\0ve", "five");
        let (fallback, _dir) = fake(&format!("printf '%s' '{theirs}'"), 5000);
        let chosen = choose(b"%PDF", Ok(vec![ours]), Some(&fallback), build).unwrap();
        assert_eq!(chosen.extractor, PRIMARY);
        assert!(text(&chosen).contains("attached staffing plan, the final office, the five"));
        let note = chosen.note.unwrap();
        assert!(
            note.starts_with("5 words in which pdf-extract lost glyphs"),
            "{note}"
        );
    }
}
