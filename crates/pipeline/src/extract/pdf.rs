//! PDF through pdf-extract, page by page, isolated from the caller.
//!
//! pdf-extract panics on some malformed files, loops on others and can abort the process
//! (stack overflow) or allocate gigabytes. [`PdfExtractor::Subprocess`] runs it in worker
//! processes of our own binary (`council __extract-pdf --serve`, see [`serve_worker`]) from a
//! [`WorkerPool`] of the [`sandbox`](super::sandbox), under its wall-clock timeout,
//! address-space cap, CPU-time limit and death with the parent, so any of these costs one
//! file, not the batch. [`PdfExtractor::InProcess`] catches panics only, for tests and
//! one-off parses. `council __extract-pdf FILE` (or `-` for stdin) is the one-shot form,
//! see [`run_worker`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::sandbox::PageReader;
pub use super::sandbox::{
    WorkerPool, WorkerReply, MEMORY_EXCEEDED, RECYCLE_AFTER, WORKER_MEMORY_LIMIT,
};

/// The name of this reader, as reports give it.
pub const NAME: &str = "pdf-extract";

/// Why a PDF yields no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PdfError {
    /// pdf-extract returned an error (malformed file).
    #[error("malformed PDF: {0}")]
    Malformed(String),
    /// The file is encrypted and cannot be opened without a password.
    #[error("encrypted PDF")]
    Encrypted,
    /// pdf-extract panicked.
    #[error("PDF parser panicked: {0}")]
    Panic(String),
    /// The worker process died (abort, stack overflow, memory cap).
    #[error("PDF parser crashed: {0}")]
    Crash(String),
    /// The worker process died at its memory cap (or was killed by the kernel's
    /// out-of-memory killer); the reason says how.
    #[error("PDF parser crashed: {0}")]
    Memory(String),
    /// The worker process ran past its CPU-time limit (SIGXCPU).
    #[error("PDF parser crashed: {0}")]
    CpuLimit(String),
    /// The worker ran past its time limit and was killed.
    #[error("PDF parser timed out after {0} s")]
    Timeout(u64),
}

/// How PDF text is extracted.
#[derive(Debug, Clone)]
pub enum PdfExtractor {
    /// In this process, with panics caught (a crash or hang still takes the process).
    InProcess,
    /// In worker processes from a pool shared by every clone of this value (see
    /// [`WorkerPool`]); build it with [`PdfExtractor::subprocess`].
    Subprocess {
        /// The workers.
        pool: Arc<WorkerPool>,
        /// Wall-clock limit per file.
        timeout: Duration,
    },
}

impl PdfExtractor {
    /// Extraction in a new pool of workers `program args..` (normally
    /// `std::env::current_exe()` and `["__extract-pdf", "--serve"]`), each file under a
    /// wall-clock `timeout`.
    pub fn subprocess(program: PathBuf, args: Vec<String>, timeout: Duration) -> PdfExtractor {
        PdfExtractor::Subprocess {
            pool: Arc::new(WorkerPool::new(program, args)),
            timeout,
        }
    }

    /// The page texts of the PDF at `path` (whose bytes are `bytes`).
    pub fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        let _ = path; // The bytes travel to the worker; the path is only for messages.
        match self {
            PdfExtractor::InProcess => extract_pages(bytes),
            PdfExtractor::Subprocess { pool, timeout } => pool.extract(bytes, *timeout),
        }
    }
}

/// Extracts page texts in this process, turning a panic into [`PdfError::Panic`].
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    // pdf-extract's text, with two-column pages read column by column (see `layout`).
    let result = std::panic::catch_unwind(|| super::layout::extract_pages(bytes));
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => {
            let msg = e.to_string();
            if msg.to_ascii_lowercase().contains("decrypt")
                || msg.to_ascii_lowercase().contains("encrypt")
            {
                Err(PdfError::Encrypted)
            } else {
                Err(PdfError::Malformed(msg))
            }
        }
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(PdfError::Panic(msg))
        }
    }
}

/// The one-shot worker's entry point: extracts `path` (`-` for stdin) and prints a
/// [`WorkerReply`] as JSON on stdout. Returns the process exit code.
pub fn run_worker(path: &Path) -> i32 {
    super::sandbox::run_worker(path, reply_for)
}

/// The pooled worker's entry point (`council __extract-pdf --serve`): answers requests on
/// stdin until it ends (see [`super::sandbox::serve_worker`] for the protocol). Returns the
/// process exit code.
pub fn serve_worker() -> i32 {
    super::sandbox::serve_worker(reply_for)
}

impl PageReader for PdfExtractor {
    fn name(&self) -> &'static str {
        NAME
    }

    fn read_pages(&self, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        self.extract(Path::new("-"), bytes)
    }
}

/// The reply for one file's bytes.
fn reply_for(bytes: &[u8]) -> WorkerReply {
    match extract_pages(bytes) {
        Ok(pages) => WorkerReply::Pages(pages),
        Err(e) => WorkerReply::Failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake worker `sh -c SCRIPT`, each file under `timeout_ms`.
    #[cfg(unix)]
    fn sh(script: &str, timeout_ms: u64) -> PdfExtractor {
        PdfExtractor::subprocess(
            PathBuf::from("sh"),
            vec!["-c".into(), script.into(), "sh".into()],
            Duration::from_millis(timeout_ms),
        )
    }

    /// The pages a fake worker gives for `bytes`.
    #[cfg(unix)]
    fn run(extractor: &PdfExtractor, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        extractor.extract(Path::new("x.pdf"), bytes)
    }

    /// One file through a new fake worker.
    #[cfg(unix)]
    fn fake(script: &str, timeout_ms: u64) -> Result<Vec<String>, PdfError> {
        run(&sh(script, timeout_ms), b"%PDF-1.4")
    }

    #[cfg(unix)]
    fn pool(extractor: &PdfExtractor) -> &WorkerPool {
        match extractor {
            PdfExtractor::Subprocess { pool, .. } => pool,
            PdfExtractor::InProcess => unreachable!(),
        }
    }

    /// Serves requests, answering with its pid as the page text; the content `crash`
    /// aborts, `slow` hangs, `hold` takes 300 ms, `last` exits after replying.
    #[cfg(unix)]
    const PID_WORKER: &str = r#"while read n; do
        c=$(head -c "$n")
        case "$c" in
            crash) kill -ABRT $$ ;;
            slow) exec sleep 5 ;;
            hold) sleep 0.3 ;;
        esac
        printf '{"Pages":["%s"]}\n' $$
        [ "$c" = last ] && exit 0
    done"#;

    /// The pid a [`PID_WORKER`] answered with.
    #[cfg(unix)]
    fn pid(reply: Result<Vec<String>, PdfError>) -> String {
        let pages = reply.expect("pages");
        assert_eq!(pages.len(), 1, "{pages:?}");
        pages[0].clone()
    }

    #[cfg(unix)]
    #[test]
    fn worker_deaths_are_told_apart() {
        let ok = fake(
            r#"while read n; do head -c "$n" >/dev/null; printf '{"Pages":["one"]}\n'; done"#,
            5000,
        );
        assert_eq!(ok, Ok(vec!["one".to_string()]));
        assert_eq!(fake("exec sleep 5", 200), Err(PdfError::Timeout(0)));
        let abort = fake("kill -ABRT $$", 5000).unwrap_err().to_string();
        assert!(
            abort.contains("SIGABRT") && !abort.contains(MEMORY_EXCEEDED),
            "{abort}"
        );
        // These read the request before they write to stderr: what a worker wrote before
        // the request is cleared when it is sent, so the message would be lost at random.
        let oom = fake(
            r#"read n; head -c "$n" >/dev/null; echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$"#,
            5000,
        );
        assert!(oom.unwrap_err().to_string().contains(MEMORY_EXCEEDED));
        let stack = fake(
            r#"read n; head -c "$n" >/dev/null; echo "thread 'main' has overflowed its stack" >&2; kill -ABRT $$"#,
            5000,
        );
        assert!(stack.unwrap_err().to_string().contains("stack overflow"));
        let killed = fake("kill -KILL $$", 5000).unwrap_err().to_string();
        assert!(killed.contains(MEMORY_EXCEEDED), "{killed}");
        let garbage = fake("echo not json; exit 0", 5000).unwrap_err();
        assert!(matches!(garbage, PdfError::Crash(_)), "{garbage:?}");
        // A worker that answers garbage and stays alive is ended at the end of its stdin.
        let chatty = fake(
            r#"while read n; do head -c "$n" >/dev/null; echo junk; done"#,
            5000,
        );
        assert!(matches!(chatty, Err(PdfError::Crash(_))), "{chatty:?}");
    }

    #[cfg(unix)]
    #[test]
    fn ordinary_failures_keep_the_worker() {
        let extractor = sh(
            r#"while read n; do head -c "$n" >/dev/null; printf '{"Failed":{"Malformed":"bad %s"}}\n' $$; done"#,
            5000,
        );
        let first = run(&extractor, b"a").unwrap_err();
        let second = run(&extractor, b"b").unwrap_err();
        assert!(matches!(first, PdfError::Malformed(_)), "{first:?}");
        assert_eq!(first, second);
        assert_eq!(pool(&extractor).spawned(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn one_worker_serves_files_in_sequence() {
        let extractor = sh(PID_WORKER, 5000);
        let first = pid(run(&extractor, b"one"));
        // Larger than a pipe's buffer: the write waits for the worker to read.
        let big = vec![b'x'; 1 << 20];
        assert_eq!(pid(run(&extractor, &big)), first);
        assert_eq!(pid(run(&extractor, b"")), first);
        assert_eq!(pool(&extractor).spawned(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_crashes_is_replaced() {
        let extractor = sh(PID_WORKER, 5000);
        let first = pid(run(&extractor, b"one"));
        let crash = run(&extractor, b"crash").unwrap_err().to_string();
        assert!(crash.contains("SIGABRT"), "{crash}");
        let third = pid(run(&extractor, b"three"));
        assert_ne!(third, first);
        assert_eq!(pid(run(&extractor, b"four")), third);
        assert_eq!(pool(&extractor).spawned(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_timeout_kills_only_that_worker() {
        let extractor = sh(PID_WORKER, 1500);
        // Two callers at once: two workers, both left idle.
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| pid(run(&extractor, b"hold")));
            let b = s.spawn(|| pid(run(&extractor, b"hold")));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_ne!(a, b);
        assert_eq!(run(&extractor, b"slow"), Err(PdfError::Timeout(1)));
        let survivor = pid(run(&extractor, b"fast"));
        assert!(survivor == a || survivor == b, "{survivor} not in {a}, {b}");
        assert_eq!(pid(run(&extractor, b"fast")), survivor);
        assert_eq!(pool(&extractor).spawned(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_dies_while_idle_is_replaced() {
        let extractor = sh(PID_WORKER, 5000);
        let first = pid(run(&extractor, b"one"));
        // SAFETY: kill(2) on our own child, not yet reaped (it is idle in the pool).
        unsafe {
            libc::kill(first.parse().unwrap(), libc::SIGKILL);
        }
        let second = pid(run(&extractor, b"two"));
        assert_ne!(second, first);
        // Workers that exit right after replying: each next file finds its worker dead,
        // before sending (reaped) or while sending (broken pipe), and retries once.
        for _ in 0..20 {
            let before = pid(run(&extractor, b"last"));
            let after = pid(run(&extractor, b"last"));
            assert_ne!(before, after);
        }
    }

    #[cfg(unix)]
    #[test]
    fn workers_are_recycled_and_reaped() {
        let extractor = PdfExtractor::Subprocess {
            pool: Arc::new(
                WorkerPool::new(
                    PathBuf::from("sh"),
                    vec!["-c".into(), PID_WORKER.into(), "sh".into()],
                )
                .with_recycle_after(2),
            ),
            timeout: Duration::from_secs(5),
        };
        let pids: Vec<String> = (0..4).map(|_| pid(run(&extractor, b"x"))).collect();
        assert_eq!(pids[0], pids[1]);
        assert_eq!(pids[2], pids[3]);
        assert_ne!(pids[0], pids[2]);
        let third = pid(run(&extractor, b"x"));
        assert_eq!(pool(&extractor).spawned(), 3);
        // Dropping the last extractor ends the idle worker and reaps it: no zombie left.
        let clone = extractor.clone();
        drop(extractor);
        assert_eq!(pid(run(&clone, b"x")), third);
        drop(clone);
        for p in pids.iter().chain([&third]) {
            // SAFETY: signal 0 only checks that the process exists.
            let alive = unsafe { libc::kill(p.parse().unwrap(), 0) } == 0;
            assert!(!alive, "worker {p} still exists");
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract_pages(b"%PDF-1.4\n garbage that is not a pdf").is_err());
        assert!(extract_pages(b"").is_err());
    }
}
