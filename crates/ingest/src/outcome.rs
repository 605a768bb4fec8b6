//! The [`Outcome`] of a parse error (the enum itself is `council_model::Outcome`, shared
//! with the index's file records and the server).

use council_pipeline::{ParseError, PdfError};

pub use council_model::Outcome;

/// The outcome of a parse error: a worker's death at its memory cap is `memory`, one
/// at its CPU limit a `timeout`.
pub fn of_error(error: &ParseError) -> Outcome {
    match error {
        ParseError::Io(_) => Outcome::Io,
        ParseError::Unsupported(_) => Outcome::Skipped,
        ParseError::TooLarge(_) => Outcome::TooLarge,
        ParseError::Pdf(PdfError::Malformed(_)) => Outcome::Malformed,
        ParseError::Pdf(PdfError::Encrypted) => Outcome::Encrypted,
        ParseError::Pdf(PdfError::Panic(_)) | ParseError::Panic(_) => Outcome::Panic,
        ParseError::Pdf(PdfError::Crash(_)) => Outcome::Crash,
        ParseError::Pdf(PdfError::Memory(_)) => Outcome::Memory,
        ParseError::Pdf(PdfError::Timeout(_) | PdfError::CpuLimit(_)) => Outcome::Timeout,
        ParseError::NeedsOcr => Outcome::NeedsOcr,
        ParseError::UnreadableText => Outcome::UnreadableText,
        ParseError::Empty => Outcome::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_deaths_get_their_own_outcomes() {
        let memory = ParseError::Pdf(PdfError::Memory("aborted (SIGABRT)".into()));
        assert_eq!(of_error(&memory), Outcome::Memory);
        let cpu = ParseError::Pdf(PdfError::CpuLimit("SIGXCPU".into()));
        assert_eq!(of_error(&cpu), Outcome::Timeout);
        let abort = ParseError::Pdf(PdfError::Crash("aborted (SIGABRT)".into()));
        assert_eq!(of_error(&abort), Outcome::Crash);
        let big = ParseError::TooLarge("3 GB".into());
        assert_eq!(of_error(&big), Outcome::TooLarge);
    }
}
