//! PDF through pdf-extract, page by page, isolated from the caller.
//!
//! pdf-extract panics on some malformed files, loops on others and can abort the process
//! (stack overflow) or allocate gigabytes. [`PdfExtractor::Subprocess`] runs it in a child
//! process of our own binary (`council __extract-pdf FILE`, see [`run_worker`]) under a
//! wall-clock timeout and an address-space cap, so any of these costs one file, not the
//! batch. [`PdfExtractor::InProcess`] catches panics only, for tests and one-off parses.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

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
    /// The worker ran past its time limit and was killed.
    #[error("PDF parser timed out after {0} s")]
    Timeout(u64),
}

/// How PDF text is extracted.
#[derive(Debug, Clone)]
pub enum PdfExtractor {
    /// In this process, with panics caught (a crash or hang still takes the process).
    InProcess,
    /// In a child process: `program args.. FILE` prints a [`WorkerReply`] as JSON.
    Subprocess {
        /// The program (normally `std::env::current_exe()`).
        program: PathBuf,
        /// Arguments before the file path (normally `["__extract-pdf"]`).
        args: Vec<String>,
        /// Wall-clock limit per file.
        timeout: Duration,
    },
}

/// What the worker prints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WorkerReply {
    /// The text of each page.
    Pages(Vec<String>),
    /// Why there is none.
    Failed(PdfError),
}

/// The address-space cap of a worker process (bytes).
pub const WORKER_MEMORY_LIMIT: u64 = 3 << 30;

impl PdfExtractor {
    /// The page texts of the PDF at `path` (whose bytes are `bytes`).
    pub fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        match self {
            PdfExtractor::InProcess => extract_pages(bytes),
            PdfExtractor::Subprocess {
                program,
                args,
                timeout,
            } => run_subprocess(program, args, path, *timeout),
        }
    }
}

/// Extracts page texts in this process, turning a panic into [`PdfError::Panic`].
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
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

fn run_subprocess(
    program: &Path,
    args: &[String],
    path: &Path,
    timeout: Duration,
) -> Result<Vec<String>, PdfError> {
    let mut child = Command::new(program)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::Crash(format!("cannot start worker: {e}")))?;
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        buf
    });
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = out_reader.join();
            let _ = err_reader.join();
            return Err(PdfError::Timeout(timeout.as_secs()));
        }
        Err(e) => return Err(PdfError::Crash(format!("cannot wait for worker: {e}"))),
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    match serde_json::from_slice::<WorkerReply>(&out) {
        Ok(WorkerReply::Pages(pages)) => Ok(pages),
        Ok(WorkerReply::Failed(e)) => Err(e),
        Err(_) => {
            let tail = String::from_utf8_lossy(&err);
            let tail = tail.trim().lines().last().unwrap_or("").to_string();
            let how = describe_exit(&status);
            let memory = tail.contains("memory allocation") || tail.contains("capacity overflow");
            Err(PdfError::Crash(if memory {
                format!("{how}: memory limit exceeded")
            } else if tail.is_empty() {
                how
            } else {
                format!("{how}: {tail}")
            }))
        }
    }
}

fn describe_exit(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return match sig {
                6 => "aborted (SIGABRT)".into(),
                9 => "killed (SIGKILL)".into(),
                11 => "segmentation fault or stack overflow (SIGSEGV)".into(),
                n => format!("killed by signal {n}"),
            };
        }
    }
    format!("worker exited with {status}")
}

/// The worker's entry point: extracts `path` and prints a [`WorkerReply`] as JSON on
/// stdout. Returns the process exit code.
pub fn run_worker(path: &Path) -> i32 {
    limit_memory(WORKER_MEMORY_LIMIT);
    // The caller reports the failure; the default hook's message would only be noise.
    std::panic::set_hook(Box::new(|_| {}));
    let reply = match std::fs::read(path) {
        Ok(bytes) => match extract_pages(&bytes) {
            Ok(pages) => WorkerReply::Pages(pages),
            Err(e) => WorkerReply::Failed(e),
        },
        Err(e) => WorkerReply::Failed(PdfError::Malformed(format!("cannot read: {e}"))),
    };
    match serde_json::to_writer(std::io::stdout().lock(), &reply) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

#[cfg(unix)]
fn limit_memory(bytes: u64) {
    // SAFETY: setrlimit with a valid struct only affects this process.
    unsafe {
        let lim = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract_pages(b"%PDF-1.4\n garbage that is not a pdf").is_err());
        assert!(extract_pages(b"").is_err());
    }
}
