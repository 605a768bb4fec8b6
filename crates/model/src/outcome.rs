//! What happened to one file of an ingest, as an enum: every decision (is it a failure, is
//! it remembered by the next run, is the file an indexed paper) is a `match` on [`Outcome`],
//! and the strings of reports and stored file records are derived from it (serde
//! `snake_case`, [`Outcome::as_str`]).

use serde::{Deserialize, Serialize};

/// The outcome of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Parsed and indexed.
    Ok,
    /// Already indexed with the same content (not parsed again).
    Unchanged,
    /// The same bytes as a file before it in walk order (indexed once, under that path).
    Duplicate,
    /// A format not read, or not a regular file (or outside the folder, or hidden).
    Skipped,
    /// A PDF with pages but no text layer: a scan.
    NeedsOcr,
    /// A text layer that is not words (broken font encoding).
    UnreadableText,
    /// No text at all.
    Empty,
    /// An encrypted PDF.
    Encrypted,
    /// Larger than the ingest's per-file limits (bytes, sections): refused, not read whole.
    TooLarge,
    /// Removed during the run.
    Vanished,
    /// Not attempted: `--fail-fast` stopped the batch.
    Cancelled,
    /// A PDF that could not be read (a failure).
    Malformed,
    /// The parser panicked (a failure).
    Panic,
    /// The PDF worker died (a failure).
    Crash,
    /// The PDF worker hit its memory cap (a failure).
    Memory,
    /// The PDF worker ran past its time or CPU limit (a failure).
    Timeout,
    /// The file could not be read (a failure).
    Io,
}

impl Outcome {
    /// Every outcome, in declaration order.
    pub const ALL: [Outcome; 17] = [
        Outcome::Ok,
        Outcome::Unchanged,
        Outcome::Duplicate,
        Outcome::Skipped,
        Outcome::NeedsOcr,
        Outcome::UnreadableText,
        Outcome::Empty,
        Outcome::Encrypted,
        Outcome::TooLarge,
        Outcome::Vanished,
        Outcome::Cancelled,
        Outcome::Malformed,
        Outcome::Panic,
        Outcome::Crash,
        Outcome::Memory,
        Outcome::Timeout,
        Outcome::Io,
    ];

    /// The report's code (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Unchanged => "unchanged",
            Outcome::Duplicate => "duplicate",
            Outcome::Skipped => "skipped",
            Outcome::NeedsOcr => "needs_ocr",
            Outcome::UnreadableText => "unreadable_text",
            Outcome::Empty => "empty",
            Outcome::Encrypted => "encrypted",
            Outcome::TooLarge => "too_large",
            Outcome::Vanished => "vanished",
            Outcome::Cancelled => "cancelled",
            Outcome::Malformed => "malformed",
            Outcome::Panic => "panic",
            Outcome::Crash => "crash",
            Outcome::Memory => "memory",
            Outcome::Timeout => "timeout",
            Outcome::Io => "io",
        }
    }

    /// The outcome with this code (as stored in the index's file records), if any.
    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == code)
    }

    /// Whether the outcome is a failure: the file should have been readable and was not
    /// (makes `council ingest` exit non-zero). Formats not read, scans, broken text layers,
    /// empty, encrypted and too large files, duplicates and files gone or not attempted are
    /// outcomes, not failures.
    pub fn is_failure(self) -> bool {
        match self {
            Outcome::Malformed
            | Outcome::Panic
            | Outcome::Crash
            | Outcome::Memory
            | Outcome::Timeout
            | Outcome::Io => true,
            Outcome::Ok
            | Outcome::Unchanged
            | Outcome::Duplicate
            | Outcome::Skipped
            | Outcome::NeedsOcr
            | Outcome::UnreadableText
            | Outcome::Empty
            | Outcome::Encrypted
            | Outcome::TooLarge
            | Outcome::Vanished
            | Outcome::Cancelled => false,
        }
    }

    /// Whether a re-run takes this outcome from the file record instead of reading the
    /// file again: the same bytes give the same outcome with the same build and limits.
    /// Timeouts, crashes and memory failures are tried again, and so are files refused as
    /// too large (the limit may have been raised).
    pub fn is_remembered(self) -> bool {
        match self {
            Outcome::NeedsOcr
            | Outcome::UnreadableText
            | Outcome::Encrypted
            | Outcome::Malformed
            | Outcome::Panic
            | Outcome::Empty
            | Outcome::Skipped => true,
            Outcome::Ok
            | Outcome::Unchanged
            | Outcome::Duplicate
            | Outcome::TooLarge
            | Outcome::Vanished
            | Outcome::Cancelled
            | Outcome::Crash
            | Outcome::Memory
            | Outcome::Timeout
            | Outcome::Io => false,
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names_and_parse_back() {
        for outcome in Outcome::ALL {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(json, format!("\"{}\"", outcome.as_str()));
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(Outcome::parse("nonsense"), None);
        assert!(Outcome::Memory.is_failure() && Outcome::Io.is_failure());
        assert!(!Outcome::NeedsOcr.is_failure() && !Outcome::TooLarge.is_failure());
    }
}
