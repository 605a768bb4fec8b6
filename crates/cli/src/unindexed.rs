//! The files an ingest read and could not index, remembered so a re-run need not read them
//! again.
//!
//! The index's catalog knows every file that yielded documents, by path and content hash,
//! so a re-run skips those. A scan that needs OCR, an encrypted PDF or a malformed file
//! yields no documents, so without a record of its own it would be parsed again on every
//! run (on the hostile set: 638 of 851 files). [`UnindexedFiles`] keeps, in a JSON file
//! beside the index (`unindexed-files.json`), the path, content hash and outcome of each
//! such file whose outcome does not change from run to run ([`REMEMBERED`]); timeouts,
//! crashes and memory failures are tried again. It is a cache: written after each commit
//! (atomically, through a rename), ignored when written by another version of `council`,
//! and a missing or stale one costs only the parsing it would have saved. An outcome reached
//! without the fallback PDF extractor is not trusted by a run that has one (see
//! [`UnindexedFile::fallback`]). `--force` reads every file again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The outcomes worth remembering: the same bytes give the same outcome with this build.
pub const REMEMBERED: [&str; 7] = [
    "needs_ocr",
    "unreadable_text",
    "encrypted",
    "malformed",
    "panic",
    "empty",
    "skipped",
];

/// The cache file's name inside the index folder.
pub const FILE_NAME: &str = "unindexed-files.json";

/// One remembered file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnindexedFile {
    /// The content hash of the bytes that gave the outcome.
    pub hash: String,
    /// The outcome code (one of [`REMEMBERED`]).
    pub outcome: String,
    /// The reason given then.
    pub reason: Option<String>,
    /// Whether a fallback PDF extractor (`pdftotext`) was there to try: an outcome reached
    /// without one is not remembered for a run that has one (installing poppler after a
    /// first run reads the scans and broken PDFs again, once).
    #[serde(default)]
    pub fallback: bool,
}

/// The remembered files of one index, by source path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnindexedFiles {
    /// The `council` version that wrote the file.
    version: String,
    /// The files, by source path.
    files: BTreeMap<String, UnindexedFile>,
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    dirty: bool,
}

impl UnindexedFiles {
    /// The cache of the index in `index_dir` (empty when absent, unreadable or written by
    /// another version).
    pub fn load(index_dir: &Path) -> UnindexedFiles {
        let path = index_dir.join(FILE_NAME);
        let version = env!("CARGO_PKG_VERSION").to_string();
        let loaded = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<UnindexedFiles>(&bytes).ok())
            .filter(|c| c.version == version);
        UnindexedFiles {
            version,
            files: loaded.map(|c| c.files).unwrap_or_default(),
            path,
            dirty: false,
        }
    }

    /// The remembered outcome of `source`, if its content still has this hash and it was
    /// reached with a fallback extractor whenever this run has one.
    pub fn get(&self, source: &str, hash: &str, fallback: bool) -> Option<&UnindexedFile> {
        self.files
            .get(source)
            .filter(|f| f.hash == hash && (f.fallback || !fallback))
    }

    /// Records what a parse of `source` (content `hash`; `fallback`: with a fallback PDF
    /// extractor at hand) gave: remembered when `outcome` is one of [`REMEMBERED`], else
    /// forgotten.
    pub fn record(
        &mut self,
        source: &str,
        hash: Option<&str>,
        outcome: &str,
        reason: Option<&str>,
        fallback: bool,
    ) {
        match hash.filter(|_| REMEMBERED.contains(&outcome)) {
            Some(hash) => {
                let file = UnindexedFile {
                    hash: hash.to_string(),
                    outcome: outcome.to_string(),
                    reason: reason.map(str::to_string),
                    fallback,
                };
                if self.files.get(source) != Some(&file) {
                    self.files.insert(source.to_string(), file);
                    self.dirty = true;
                }
            }
            None => self.forget(source),
        }
    }

    /// Forgets `source` (indexed now, pruned, or to be tried again).
    pub fn forget(&mut self, source: &str) {
        if self.files.remove(source).is_some() {
            self.dirty = true;
        }
    }

    /// The number of remembered files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is remembered.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes the cache if it changed (to a temporary file, then renamed over the old one).
    /// A failure is logged and otherwise ignored: the cache only saves work.
    pub fn save(&mut self) {
        if !self.dirty {
            return;
        }
        let tmp = self.path.with_extension("json.tmp");
        let written = serde_json::to_vec(self)
            .map_err(std::io::Error::other)
            .and_then(|bytes| std::fs::write(&tmp, bytes))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        match written {
            Ok(()) => self.dirty = false,
            Err(e) => tracing::warn!("cannot write {}: {e}", self.path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_outcomes_survive_a_reload_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = UnindexedFiles::load(dir.path());
        assert!(cache.is_empty());
        cache.record(
            "scan.pdf",
            Some("h1"),
            "needs_ocr",
            Some("no text layer"),
            false,
        );
        cache.record("slow.pdf", Some("h2"), "timeout", Some("30 s"), false);
        cache.record("odd.xml", Some("h3"), "skipped", None, false);
        cache.save();
        let mut again = UnindexedFiles::load(dir.path());
        assert_eq!(again.len(), 2);
        assert_eq!(
            again.get("scan.pdf", "h1", false).unwrap().outcome,
            "needs_ocr"
        );
        assert!(again.get("scan.pdf", "changed", false).is_none());
        assert!(again.get("slow.pdf", "h2", false).is_none());
        // Indexed now: forgotten.
        again.record("scan.pdf", Some("h4"), "ok", None, false);
        again.save();
        assert!(UnindexedFiles::load(dir.path())
            .get("scan.pdf", "h1", false)
            .is_none());
    }

    #[test]
    fn an_outcome_reached_without_the_fallback_is_tried_again_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = UnindexedFiles::load(dir.path());
        cache.record("scan.pdf", Some("h1"), "needs_ocr", None, false);
        cache.record("broken.pdf", Some("h2"), "malformed", None, true);
        // Without a fallback both stand; with one, only what was reached with it.
        assert!(cache.get("scan.pdf", "h1", false).is_some());
        assert!(cache.get("scan.pdf", "h1", true).is_none());
        assert!(cache.get("broken.pdf", "h2", true).is_some());
        assert!(cache.get("broken.pdf", "h2", false).is_some());
        // A cache written before the field existed counts as "without".
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!(
                r#"{{"version":"{}","files":{{"a.pdf":{{"hash":"h","outcome":"needs_ocr","reason":null}}}}}}"#,
                env!("CARGO_PKG_VERSION")
            ),
        )
        .unwrap();
        let old = UnindexedFiles::load(dir.path());
        assert!(old.get("a.pdf", "h", false).is_some());
        assert!(old.get("a.pdf", "h", true).is_none());
    }

    #[test]
    fn a_cache_from_another_version_or_broken_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            r#"{"version":"0.0.0-other","files":{"a.pdf":{"hash":"h","outcome":"needs_ocr","reason":null}}}"#,
        )
        .unwrap();
        assert!(UnindexedFiles::load(dir.path()).is_empty());
        std::fs::write(dir.path().join(FILE_NAME), "{not json").unwrap();
        assert!(UnindexedFiles::load(dir.path()).is_empty());
    }
}
