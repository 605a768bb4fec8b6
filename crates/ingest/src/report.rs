//! The JSON report of `council ingest --report FILE`, written as the ingest goes.
//!
//! [`JsonReport`] is a [`ReportSink`]: each file's outcome is written to a part file beside
//! the report as soon as it is known (and the pruned sources to another), so the report of
//! a million files costs no memory. [`JsonReport::finish`] then writes the report itself
//! (`files` and `pruned` arrays, then the [`IngestSummary`]'s fields) to a temporary file
//! and renames it into place: a reader never sees half a report.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{FileOutcome, IngestSummary, ReportSink};

/// A report being written.
pub struct JsonReport {
    path: PathBuf,
    files: Part,
    pruned: Part,
    /// The first write error (reported by [`JsonReport::finish`]).
    error: Option<std::io::Error>,
}

/// A part file: JSON values, one a line, comma-separated.
struct Part {
    path: PathBuf,
    out: BufWriter<File>,
    count: usize,
}

impl Part {
    fn create(report: &Path, suffix: &str) -> std::io::Result<Part> {
        let name = report
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "report".into());
        let path = report.with_file_name(format!(".{name}.{suffix}"));
        Ok(Part {
            out: BufWriter::new(File::create(&path)?),
            path,
            count: 0,
        })
    }

    fn push(&mut self, value: &impl serde::Serialize) -> std::io::Result<()> {
        if self.count > 0 {
            self.out.write_all(b",\n")?;
        }
        self.out.write_all(b"  ")?;
        serde_json::to_writer(&mut self.out, value)?;
        self.count += 1;
        Ok(())
    }

    /// Copies the part into `out` as the body of a JSON array, and removes it.
    fn append_to(self, out: &mut impl Write) -> std::io::Result<()> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        drop(file);
        if self.count > 0 {
            out.write_all(b"\n")?;
            std::io::copy(&mut File::open(&self.path)?, out)?;
            out.write_all(b"\n")?;
        }
        std::fs::remove_file(&self.path)
    }
}

impl JsonReport {
    /// Starts a report to be written at `path`.
    pub fn create(path: &Path) -> std::io::Result<JsonReport> {
        Ok(JsonReport {
            path: path.to_path_buf(),
            files: Part::create(path, "files.part")?,
            pruned: Part::create(path, "pruned.part")?,
            error: None,
        })
    }

    /// Writes the report: `{"files": [...], "pruned": [...], <summary fields>}`. On an
    /// error nothing is left but what was at `path` before.
    pub fn finish(self, summary: &IngestSummary) -> std::io::Result<()> {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let temporary = self.path.with_file_name(format!(".{name}.tmp"));
        let leftovers = [
            self.files.path.clone(),
            self.pruned.path.clone(),
            temporary.clone(),
        ];
        let written = self.write(summary, &temporary);
        if written.is_err() {
            for path in &leftovers {
                let _ = std::fs::remove_file(path);
            }
        }
        written
    }

    fn write(self, summary: &IngestSummary, temporary: &Path) -> std::io::Result<()> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut out = BufWriter::new(File::create(temporary)?);
        out.write_all(b"{\n\"files\": [")?;
        self.files.append_to(&mut out)?;
        out.write_all(b"],\n\"pruned\": [")?;
        self.pruned.append_to(&mut out)?;
        out.write_all(b"]")?;
        let serde_json::Value::Object(fields) = serde_json::to_value(summary)? else {
            unreachable!("a summary serialises to an object");
        };
        for (key, value) in fields {
            write!(out, ",\n{}: {}", serde_json::Value::String(key), value)?;
        }
        out.write_all(b"\n}\n")?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(temporary, &self.path)
    }

    /// Removes the part files of a report that will not be finished (the ingest failed).
    pub fn abandon(self) {
        let _ = std::fs::remove_file(&self.files.path);
        let _ = std::fs::remove_file(&self.pruned.path);
    }

    fn keep(&mut self, result: std::io::Result<()>) {
        if let (Err(e), None) = (result, &self.error) {
            self.error = Some(e);
        }
    }
}

impl ReportSink for JsonReport {
    fn file(&mut self, outcome: &FileOutcome) {
        let written = self.files.push(outcome);
        self.keep(written);
    }

    fn pruned(&mut self, source: &str) {
        let written = self.pruned.push(&source);
        self.keep(written);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outcome;

    #[test]
    fn the_report_is_one_json_object_with_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let mut report = JsonReport::create(&path).unwrap();
        let mut summary = IngestSummary::default();
        for (name, outcome) in [("a.pdf", Outcome::Ok), ("b.pdf", Outcome::NeedsOcr)] {
            let file = FileOutcome {
                path: name.into(),
                outcome,
                failure: false,
                reason: None,
                documents: 1,
                sections: 2,
                pages: 3,
                seconds: 0.5,
                extractor: None,
                note: None,
                ocr: None,
            };
            report.file(&file);
        }
        summary.files_seen = 2;
        report.finish(&summary).unwrap();
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(value["files"].as_array().unwrap().len(), 2);
        assert_eq!(value["files"][1]["outcome"], "needs_ocr");
        assert_eq!(value["pruned"], serde_json::json!([]));
        assert_eq!(value["files_seen"], 2);
        // Only the report is left.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
