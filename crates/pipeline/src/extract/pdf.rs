//! PDF through pdf-extract, page by page, isolated from the caller.
//!
//! pdf-extract panics on some malformed files, loops on others and can abort the process
//! (stack overflow) or allocate gigabytes. [`PdfExtractor::Subprocess`] runs it in a child
//! process of our own binary (`council __extract-pdf FILE`, see [`run_worker`]) under a
//! wall-clock timeout and an address-space cap, so any of these costs one file, not the
//! batch. [`PdfExtractor::InProcess`] catches panics only, for tests and one-off parses.
//!
//! The worker gets the file's bytes on stdin (`council __extract-pdf -`), so it parses
//! exactly the bytes the caller hashed even if the file changes or vanishes meanwhile. On
//! Linux it dies with its parent (`PR_SET_PDEATHSIG`), and it carries a CPU-time limit a
//! little above the wall-clock timeout, so a `kill -9` of the batch leaves no looping
//! orphans behind.

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

/// The environment variable carrying the parent's process id to a worker.
const PARENT_ENV: &str = "COUNCIL_WORKER_PARENT";
/// The environment variable carrying a worker's CPU-time limit (seconds).
const CPU_ENV: &str = "COUNCIL_WORKER_CPU_SECS";

/// The phrase in a [`PdfError::Crash`] reason when the worker hit its memory cap (or was
/// killed by the kernel's out-of-memory killer).
pub const MEMORY_EXCEEDED: &str = "memory limit exceeded";

impl PdfExtractor {
    /// The page texts of the PDF at `path` (whose bytes are `bytes`).
    pub fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
        match self {
            PdfExtractor::InProcess => extract_pages(bytes),
            PdfExtractor::Subprocess {
                program,
                args,
                timeout,
            } => run_subprocess(program, args, path, bytes, *timeout),
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
    bytes: &[u8],
    timeout: Duration,
) -> Result<Vec<String>, PdfError> {
    let _ = path; // The bytes travel on stdin; the path is only for messages.
    let mut child = Command::new(program)
        .args(args)
        .arg("-")
        .env(PARENT_ENV, std::process::id().to_string())
        .env(CPU_ENV, (timeout.as_secs() + 10).to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::Crash(format!("cannot start worker: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (status, out, err) = std::thread::scope(|scope| {
        // A worker that dies early closes its stdin: the write error is expected then.
        scope.spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(bytes);
        });
        let out_reader = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err_reader = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            buf
        });
        let status = match child.wait_timeout(timeout) {
            Ok(Some(status)) => Ok(status),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(PdfError::Timeout(timeout.as_secs()))
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(PdfError::Crash(format!("cannot wait for worker: {e}")))
            }
        };
        let out = out_reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    match serde_json::from_slice::<WorkerReply>(&out) {
        Ok(WorkerReply::Pages(pages)) => Ok(pages),
        Ok(WorkerReply::Failed(e)) => Err(e),
        Err(_) => Err(PdfError::Crash(describe_crash(&status, &err))),
    }
}

/// Says how a worker died, from its exit status and the tail of its stderr.
fn describe_crash(status: &std::process::ExitStatus, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let tail = text.trim().lines().last().unwrap_or("").to_string();
    let how = describe_exit(status);
    let memory = text.contains("memory allocation of")
        || text.contains("capacity overflow")
        || text.contains("out of memory");
    if memory {
        format!("{how}: {MEMORY_EXCEEDED}")
    } else if text.contains("has overflowed its stack") {
        format!("{how}: stack overflow")
    } else if how.contains("SIGKILL") {
        // We did not kill it (a timeout is reported as such): the OOM killer did, most likely.
        format!("{how}, probably by the out-of-memory killer: {MEMORY_EXCEEDED}")
    } else if tail.is_empty() {
        how
    } else {
        format!("{how}: {tail}")
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
                24 => "CPU time limit exceeded (SIGXCPU)".into(),
                n => format!("killed by signal {n}"),
            };
        }
    }
    format!("worker exited with {status}")
}

/// The worker's entry point: extracts `path` (`-` for stdin) and prints a [`WorkerReply`]
/// as JSON on stdout. Returns the process exit code.
pub fn run_worker(path: &Path) -> i32 {
    if !die_with_parent() {
        return 3;
    }
    limit_memory(WORKER_MEMORY_LIMIT);
    if let Some(secs) = std::env::var(CPU_ENV).ok().and_then(|s| s.parse().ok()) {
        limit_cpu(secs);
    }
    // The caller reports the failure; the default hook's message would only be noise.
    std::panic::set_hook(Box::new(|_| {}));
    let read = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let reply = match read {
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

#[cfg(unix)]
fn limit_cpu(seconds: u64) {
    // SAFETY: as for `limit_memory`. The soft limit sends SIGXCPU, the hard one SIGKILL.
    unsafe {
        let lim = libc::rlimit {
            rlim_cur: seconds as libc::rlim_t,
            rlim_max: (seconds + 5) as libc::rlim_t,
        };
        libc::setrlimit(libc::RLIMIT_CPU, &lim);
    }
}

#[cfg(not(unix))]
fn limit_cpu(_seconds: u64) {}

/// Asks the kernel to kill this worker when its parent dies; false when the parent that
/// started it (named in the environment) is already gone.
#[cfg(target_os = "linux")]
fn die_with_parent() -> bool {
    // SAFETY: prctl(PR_SET_PDEATHSIG) and getppid only affect this process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
        match std::env::var(PARENT_ENV)
            .ok()
            .and_then(|p| p.parse::<i64>().ok())
        {
            Some(parent) => i64::from(libc::getppid()) == parent,
            None => true,
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake worker: `sh -c SCRIPT sh -` (the `-` the extractor appends becomes `$1`).
    #[cfg(unix)]
    fn fake(script: &str, timeout_ms: u64) -> Result<Vec<String>, PdfError> {
        PdfExtractor::Subprocess {
            program: PathBuf::from("sh"),
            args: vec!["-c".into(), script.into(), "sh".into()],
            timeout: Duration::from_millis(timeout_ms),
        }
        .extract(Path::new("x.pdf"), b"%PDF-1.4")
    }

    #[cfg(unix)]
    #[test]
    fn worker_deaths_are_told_apart() {
        let ok = fake(r#"cat >/dev/null; printf '{"Pages":["one"]}'"#, 5000);
        assert_eq!(ok, Ok(vec!["one".to_string()]));
        assert_eq!(fake("exec sleep 5", 200), Err(PdfError::Timeout(0)));
        let abort = fake("kill -ABRT $$", 5000).unwrap_err().to_string();
        assert!(
            abort.contains("SIGABRT") && !abort.contains(MEMORY_EXCEEDED),
            "{abort}"
        );
        let oom = fake(
            "echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$",
            5000,
        );
        assert!(oom.unwrap_err().to_string().contains(MEMORY_EXCEEDED));
        let stack = fake(
            "echo \"thread 'main' has overflowed its stack\" >&2; kill -ABRT $$",
            5000,
        );
        assert!(stack.unwrap_err().to_string().contains("stack overflow"));
        let killed = fake("kill -KILL $$", 5000).unwrap_err().to_string();
        assert!(killed.contains(MEMORY_EXCEEDED), "{killed}");
        let garbage = fake("echo not json; exit 0", 5000).unwrap_err();
        assert!(matches!(garbage, PdfError::Crash(_)), "{garbage:?}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract_pages(b"%PDF-1.4\n garbage that is not a pdf").is_err());
        assert!(extract_pages(b"").is_err());
    }
}
