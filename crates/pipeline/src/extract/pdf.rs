//! PDF through pdf-extract, page by page, isolated from the caller.
//!
//! pdf-extract panics on some malformed files, loops on others and can abort the process
//! (stack overflow) or allocate gigabytes. [`PdfExtractor::Subprocess`] runs it in worker
//! processes of our own binary (`council __extract-pdf --serve`, see [`serve_worker`])
//! under a wall-clock timeout and an address-space cap, so any of these costs one file, not
//! the batch. [`PdfExtractor::InProcess`] catches panics only, for tests and one-off parses.
//!
//! Workers are long-lived and kept in a [`WorkerPool`]: starting a process per file costs
//! more CPU than many of the files. A worker reads requests on stdin (the file's byte
//! length in decimal and a newline, then exactly that many bytes: it parses exactly the
//! bytes the caller hashed even if the file changes or vanishes meanwhile) and answers each
//! with one line of JSON, a [`WorkerReply`]. A worker that timed out, crashed or answered
//! garbage is never used again; a healthy one is retired after
//! [`WorkerPool::recycle_after`] files to bound heap growth. On Linux a worker dies with its
//! parent (`PR_SET_PDEATHSIG`, and it exits at the end of its stdin), and it carries a
//! CPU-time limit a little above the wall-clock timeout per file, so a `kill -9` of the batch
//! leaves no looping orphans behind. `council __extract-pdf FILE` (or `-` for stdin) is the
//! one-shot form, see [`run_worker`].

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

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

/// What the worker prints, one per request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WorkerReply {
    /// The text of each page.
    Pages(Vec<String>),
    /// Why there is none.
    Failed(PdfError),
}

/// The address-space cap of a worker process (bytes).
pub const WORKER_MEMORY_LIMIT: u64 = 3 << 30;

/// How many files a worker extracts before it is retired, unless told otherwise (see
/// [`WorkerPool::with_recycle_after`]).
pub const RECYCLE_AFTER: usize = 500;

/// The environment variable carrying the parent's process id to a worker.
const PARENT_ENV: &str = "COUNCIL_WORKER_PARENT";
/// The environment variable carrying a worker's CPU-time limit per file (seconds).
const CPU_ENV: &str = "COUNCIL_WORKER_CPU_SECS";
/// The CPU time a worker may use per file beyond the wall-clock timeout (seconds).
pub(crate) const CPU_SLACK_SECS: u64 = 10;
/// How much of a worker's stderr is kept for a crash description (bytes).
const STDERR_TAIL: usize = 64 * 1024;
/// The least time a faulty worker is given to exit, or a dead one to flush its stderr.
pub(crate) const EXIT_GRACE: Duration = Duration::from_secs(1);

/// The phrase in a [`PdfError::Crash`] reason when the worker hit its memory cap (or was
/// killed by the kernel's out-of-memory killer).
pub const MEMORY_EXCEEDED: &str = "memory limit exceeded";

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

/// Long-lived PDF worker processes, handed out one per call to [`WorkerPool::extract`].
///
/// There are never more live workers than concurrent callers. Workers are started lazily,
/// from one thread that lives as long as the pool (`PR_SET_PDEATHSIG` fires when the
/// *thread* that started a worker ends, and callers may be short-lived pool threads).
/// Dropping the pool closes the idle workers' stdin and waits for them to exit.
pub struct WorkerPool {
    program: PathBuf,
    args: Vec<String>,
    recycle_after: usize,
    idle: Mutex<Vec<Worker>>,
    spawner: Mutex<Option<mpsc::Sender<SpawnRequest>>>,
    spawned: AtomicUsize,
}

/// A request to the spawner thread: the CPU seconds per file, and where to send the child.
type SpawnRequest = (u64, mpsc::Sender<std::io::Result<Child>>);

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("recycle_after", &self.recycle_after)
            .field("spawned", &self.spawned())
            .finish_non_exhaustive()
    }
}

impl WorkerPool {
    /// A pool of workers `program args..`, none started yet. Each worker must serve the
    /// protocol of [`serve_worker`].
    pub fn new(program: PathBuf, args: Vec<String>) -> WorkerPool {
        WorkerPool {
            program,
            args,
            recycle_after: RECYCLE_AFTER,
            idle: Mutex::new(Vec::new()),
            spawner: Mutex::new(None),
            spawned: AtomicUsize::new(0),
        }
    }

    /// The same pool retiring each worker after `files` files (at least 1).
    pub fn with_recycle_after(mut self, files: usize) -> WorkerPool {
        self.recycle_after = files.max(1);
        self
    }

    /// How many files a worker extracts before it is retired.
    pub fn recycle_after(&self) -> usize {
        self.recycle_after
    }

    /// How many workers this pool has started so far.
    pub fn spawned(&self) -> usize {
        self.spawned.load(Ordering::Relaxed)
    }

    /// The page texts of the PDF `bytes`, extracted by a worker within `timeout`.
    ///
    /// A worker that times out is killed ([`PdfError::Timeout`]); one that dies or answers
    /// garbage is a [`PdfError::Crash`] described from its exit status and stderr. Neither
    /// is used again. A worker that died before it had the whole request (while idle, say)
    /// is replaced and the request sent once more.
    pub fn extract(&self, bytes: &[u8], timeout: Duration) -> Result<Vec<String>, PdfError> {
        let cpu_secs = timeout.as_secs().saturating_add(CPU_SLACK_SECS);
        let mut worker = self.take(cpu_secs)?;
        let mut retried = false;
        loop {
            match worker.request(bytes, timeout) {
                Ok(reply) => {
                    worker.files += 1;
                    if worker.files < self.recycle_after {
                        lock(&self.idle).push(worker);
                    }
                    return match reply {
                        WorkerReply::Pages(pages) => Ok(pages),
                        WorkerReply::Failed(e) => Err(e),
                    };
                }
                Err(fault) if fault.before_request && !retried => {
                    tracing::debug!(error = %fault.error, "PDF worker gone before the request");
                    retried = true;
                    drop(worker);
                    worker = self.spawn(cpu_secs)?;
                }
                Err(fault) => return Err(fault.error),
            }
        }
    }

    /// An idle worker still alive and started for the same CPU limit, or a new one.
    fn take(&self, cpu_secs: u64) -> Result<Worker, PdfError> {
        loop {
            let idle = lock(&self.idle).pop();
            let Some(mut worker) = idle else {
                return self.spawn(cpu_secs);
            };
            if worker.cpu_secs == cpu_secs && matches!(worker.child.try_wait(), Ok(None)) {
                return Ok(worker);
            }
            // Dead while idle, or started for another time limit: dropping it reaps it.
        }
    }

    /// Starts a worker.
    fn spawn(&self, cpu_secs: u64) -> Result<Worker, PdfError> {
        let worker = self
            .spawn_child(cpu_secs)
            .and_then(|child| Worker::start(child, cpu_secs))
            .map_err(|e| PdfError::Crash(format!("cannot start worker: {e}")))?;
        let n = self.spawned.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::debug!(pid = worker.child.id(), spawned = n, "started a PDF worker");
        Ok(worker)
    }

    /// Starts a worker process on the spawner thread (started on first use).
    fn spawn_child(&self, cpu_secs: u64) -> std::io::Result<Child> {
        let gone = || std::io::Error::other("the worker spawner thread is gone");
        let (tx, rx) = mpsc::channel();
        {
            let mut spawner = lock(&self.spawner);
            if spawner.is_none() {
                *spawner = Some(start_spawner(self.program.clone(), self.args.clone())?);
            }
            let sender = spawner.as_ref().ok_or_else(gone)?;
            sender.send((cpu_secs, tx)).map_err(|_| gone())?;
        }
        rx.recv().map_err(|_| gone())?
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        let mut idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner()));
        // Close every stdin first so the workers exit together, then reap them.
        for worker in &mut idle {
            drop(worker.stdin.take());
        }
        drop(idle);
        tracing::debug!(spawned = self.spawned(), "closed the PDF worker pool");
    }
}

/// Locks `mutex`, ignoring poisoning (the data stays consistent: a plain list or handle).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the thread that starts workers, and returns its request queue; the thread ends
/// when the queue's sender is dropped.
fn start_spawner(
    program: PathBuf,
    args: Vec<String>,
) -> std::io::Result<mpsc::Sender<SpawnRequest>> {
    let (tx, rx) = mpsc::channel::<SpawnRequest>();
    std::thread::Builder::new()
        .name("pdf-worker-spawner".into())
        .spawn(move || {
            let parent = std::process::id().to_string();
            for (cpu_secs, reply) in rx {
                let child = Command::new(&program)
                    .args(&args)
                    .env(PARENT_ENV, &parent)
                    .env(CPU_ENV, cpu_secs.to_string())
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn();
                if let Err(mpsc::SendError(Ok(mut child))) = reply.send(child) {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        })?;
    Ok(tx)
}

/// One worker process, with a thread reading its reply lines and one keeping its stderr's
/// tail.
struct Worker {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    /// Reply lines; disconnected at the end of the worker's stdout.
    replies: mpsc::Receiver<Vec<u8>>,
    stderr: Arc<StderrTail>,
    /// Files extracted so far.
    files: usize,
    /// The CPU limit per file it was started with.
    cpu_secs: u64,
}

/// Why a request failed; the worker is not to be used again.
struct Fault {
    error: PdfError,
    /// Whether the worker died before it had the whole request (found dead while the
    /// request was written, or dead with some of it unread): the file is not to blame.
    before_request: bool,
}

/// Why a request could not be written.
enum SendError {
    TimedOut,
    Io,
}

impl Worker {
    /// Wraps a started child: starts its reader threads. On error, dropping the half-built
    /// worker ends the child.
    fn start(mut child: Child, cpu_secs: u64) -> std::io::Result<Worker> {
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let (tx, rx) = mpsc::channel();
        let tail = Arc::new(StderrTail::default());
        let worker = Worker {
            child,
            stdin,
            replies: rx,
            stderr: Arc::clone(&tail),
            files: 0,
            cpu_secs,
        };
        let missing = || std::io::Error::other("worker pipes missing");
        let (Some(stdout), Some(mut stderr), Some(stdin)) = (stdout, stderr, &worker.stdin) else {
            return Err(missing());
        };
        set_nonblocking(stdin)?;
        std::thread::Builder::new()
            .name("pdf-worker-out".into())
            .spawn(move || {
                let mut out = BufReader::with_capacity(64 * 1024, stdout);
                loop {
                    let mut line = Vec::new();
                    match out.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            if tx.send(line).is_err() {
                                break;
                            }
                        }
                    }
                }
            })?;
        std::thread::Builder::new()
            .name("pdf-worker-err".into())
            .spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match stderr.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => tail.push(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                tail.finish();
            })?;
        Ok(worker)
    }

    /// Sends `bytes` and waits for the reply, all within `timeout`.
    fn request(&mut self, bytes: &[u8], timeout: Duration) -> Result<WorkerReply, Fault> {
        let deadline = Instant::now() + timeout;
        self.stderr.clear();
        match self.send(bytes, deadline) {
            Ok(()) => {}
            Err(SendError::TimedOut) => return Err(self.timed_out(timeout)),
            Err(SendError::Io) => {
                return Err(Fault {
                    error: self.crashed(deadline),
                    before_request: true,
                })
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let error = match self.replies.recv_timeout(left) {
            Ok(line) => match serde_json::from_slice::<WorkerReply>(&line) {
                Ok(reply) => return Ok(reply),
                Err(_) => self.crashed(deadline),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => return Err(self.timed_out(timeout)),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // A worker that died before it had the whole request died before this file
                // (while idle, or killed just as the request was sent).
                let untouched = self.stdin.as_ref().and_then(unread).is_some_and(|n| n > 0);
                return Err(Fault {
                    error: self.crashed(deadline),
                    before_request: untouched,
                });
            }
        };
        Err(Fault {
            error,
            before_request: false,
        })
    }

    /// Writes the request: the length in decimal and a newline, then the bytes.
    fn send(&mut self, bytes: &[u8], deadline: Instant) -> Result<(), SendError> {
        let stdin = self.stdin.as_mut().ok_or(SendError::Io)?;
        let header = format!("{}\n", bytes.len());
        write_all_by(stdin, header.as_bytes(), deadline)?;
        write_all_by(stdin, bytes, deadline)
    }

    /// Kills the worker after a timeout.
    fn timed_out(&mut self, timeout: Duration) -> Fault {
        let _ = self.child.kill();
        let _ = self.child.wait();
        Fault {
            error: PdfError::Timeout(timeout.as_secs()),
            before_request: false,
        }
    }

    /// Describes the death of a worker that closed its output or answered garbage. It gets
    /// until the deadline (and at least [`EXIT_GRACE`]) to exit, after its stdin is closed.
    fn crashed(&mut self, deadline: Instant) -> PdfError {
        drop(self.stdin.take());
        let grace = deadline
            .saturating_duration_since(Instant::now())
            .max(EXIT_GRACE);
        match self.child.wait_timeout(grace) {
            Ok(Some(status)) => {
                let stderr = self.stderr.wait_and_take(EXIT_GRACE);
                crash_error("", &status, &stderr)
            }
            _ => {
                // Killed by us, not by the memory cap: say so rather than describe a SIGKILL.
                let _ = self.child.kill();
                let _ = self.child.wait();
                PdfError::Crash("worker broke the protocol and was killed".into())
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // An idle worker exits at the end of its stdin; anything else is killed.
        drop(self.stdin.take());
        if !matches!(self.child.wait_timeout(EXIT_GRACE), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// How many bytes written to `stdin` the worker has not read yet.
#[cfg(unix)]
fn unread(stdin: &ChildStdin) -> Option<usize> {
    use std::os::fd::AsRawFd;
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD stores one int; on Linux it works on either end of a pipe.
    let r = unsafe { libc::ioctl(stdin.as_raw_fd(), libc::FIONREAD, &mut n) };
    (r == 0).then_some(n as usize)
}

#[cfg(not(unix))]
fn unread(_stdin: &ChildStdin) -> Option<usize> {
    None
}

/// Writes all of `buf` to a non-blocking `stdin` before `deadline`.
fn write_all_by(
    stdin: &mut ChildStdin,
    mut buf: &[u8],
    deadline: Instant,
) -> Result<(), SendError> {
    while !buf.is_empty() {
        match stdin.write(buf) {
            Ok(0) => return Err(SendError::Io),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(SendError::TimedOut);
                }
                wait_writable(stdin, left);
            }
            // EPIPE above all: the worker is gone (Rust ignores SIGPIPE).
            Err(_) => return Err(SendError::Io),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn set_nonblocking(stdin: &ChildStdin) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = stdin.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own; O_NONBLOCK is a flag of our end of the pipe only.
    let ok = unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) >= 0
    };
    if ok {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn set_nonblocking(_stdin: &ChildStdin) -> std::io::Result<()> {
    Ok(())
}

/// Waits until `stdin` can take more bytes (or has no reader), at most `limit`.
#[cfg(unix)]
fn wait_writable(stdin: &ChildStdin, limit: Duration) {
    use std::os::fd::AsRawFd;
    let mut fd = libc::pollfd {
        fd: stdin.as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    let ms = limit.as_millis().clamp(1, i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd for the duration of the call. An interruption just returns.
    unsafe {
        libc::poll(&mut fd, 1, ms);
    }
}

#[cfg(not(unix))]
fn wait_writable(_stdin: &ChildStdin, limit: Duration) {
    std::thread::sleep(limit.min(Duration::from_millis(10)));
}

/// The last [`STDERR_TAIL`] bytes of a worker's stderr, and whether it has ended.
#[derive(Default)]
struct StderrTail {
    state: Mutex<(Vec<u8>, bool)>,
    ended: Condvar,
}

impl StderrTail {
    fn push(&self, chunk: &[u8]) {
        let mut state = lock(&self.state);
        state.0.extend_from_slice(chunk);
        if state.0.len() > STDERR_TAIL {
            let cut = state.0.len() - STDERR_TAIL;
            state.0.drain(..cut);
        }
    }

    fn finish(&self) {
        lock(&self.state).1 = true;
        self.ended.notify_all();
    }

    fn clear(&self) {
        lock(&self.state).0.clear();
    }

    /// The tail, once the stream has ended (or after `limit`).
    fn wait_and_take(&self, limit: Duration) -> Vec<u8> {
        let state = lock(&self.state);
        let (mut state, _) = self
            .ended
            .wait_timeout_while(state, limit, |s| !s.1)
            .unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut state.0)
    }
}

/// The error for a worker that died: [`PdfError::Memory`] at its memory cap,
/// [`PdfError::CpuLimit`] at its CPU limit, [`PdfError::Crash`] otherwise; the reason
/// (`prefix` then [`describe_crash`]) says how.
pub(crate) fn crash_error(
    prefix: &str,
    status: &std::process::ExitStatus,
    stderr: &[u8],
) -> PdfError {
    let reason = format!("{prefix}{}", describe_crash(status, stderr));
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(24) {
            return PdfError::CpuLimit(reason);
        }
    }
    if died_of_memory(status, stderr) {
        PdfError::Memory(reason)
    } else {
        PdfError::Crash(reason)
    }
}

/// Whether a worker's stderr shows an allocation failure (Rust's, or C++'s in the pdftotext
/// fallback), or it was killed by SIGKILL, which we did not send (a timeout is reported as
/// such): the out-of-memory killer, most likely.
fn died_of_memory(status: &std::process::ExitStatus, stderr: &[u8]) -> bool {
    let text = String::from_utf8_lossy(stderr);
    let allocation = text.contains("memory allocation of")
        || text.contains("capacity overflow")
        || text.contains("out of memory")
        || text.contains("bad_alloc");
    #[cfg(unix)]
    let killed = {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(9)
    };
    #[cfg(not(unix))]
    let killed = {
        let _ = status;
        false
    };
    allocation || (killed && !text.contains("has overflowed its stack"))
}

/// Says how a worker died, from its exit status and the tail of its stderr.
pub(crate) fn describe_crash(status: &std::process::ExitStatus, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let tail = text.trim().lines().last().unwrap_or("").to_string();
    let how = describe_exit(status);
    // Rust's allocation failure, or C++'s (the pdftotext fallback, see `fallback`).
    let memory = text.contains("memory allocation of")
        || text.contains("capacity overflow")
        || text.contains("out of memory")
        || text.contains("bad_alloc");
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

/// The one-shot worker's entry point: extracts `path` (`-` for stdin) and prints a
/// [`WorkerReply`] as JSON on stdout. Returns the process exit code.
pub fn run_worker(path: &Path) -> i32 {
    if !die_with_parent() {
        return 3;
    }
    limit_memory(WORKER_MEMORY_LIMIT);
    if let Some(secs) = cpu_budget() {
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
        Ok(bytes) => reply_for(&bytes),
        Err(e) => WorkerReply::Failed(PdfError::Malformed(format!("cannot read: {e}"))),
    };
    match serde_json::to_writer(std::io::stdout().lock(), &reply) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// The pooled worker's entry point (`council __extract-pdf --serve`): answers requests on
/// stdin until it ends, then returns 0 (the process exit code; 2 on a broken request).
///
/// A request is the byte length of a PDF in decimal and a newline, then exactly that many
/// bytes; the reply is one line of JSON, a [`WorkerReply`]. Replies go to the original
/// stdout, which then becomes a copy of stderr, so that stray prints cannot corrupt them.
/// The CPU-time limit (from the pool) applies to each request: the soft limit is moved to
/// the CPU time used so far plus the budget before each one.
pub fn serve_worker() -> i32 {
    if !die_with_parent() {
        return 3;
    }
    limit_memory(WORKER_MEMORY_LIMIT);
    let budget = cpu_budget();
    std::panic::set_hook(Box::new(|_| {}));
    let mut replies = reply_output();
    let mut input = std::io::stdin().lock();
    let mut header = String::new();
    loop {
        header.clear();
        match input.read_line(&mut header) {
            Ok(0) => return 0,
            Ok(_) => {}
            Err(_) => return 2,
        }
        let Ok(len) = header.trim().parse::<usize>() else {
            return 2;
        };
        let mut bytes = vec![0u8; len];
        if input.read_exact(&mut bytes).is_err() {
            return 2;
        }
        if let Some(secs) = budget {
            limit_cpu_from_now(secs);
        }
        let reply = reply_for(&bytes);
        drop(bytes);
        let sent = serde_json::to_writer(&mut replies, &reply)
            .map_err(std::io::Error::from)
            .and_then(|()| replies.write_all(b"\n"))
            .and_then(|()| replies.flush());
        if sent.is_err() {
            return 2;
        }
    }
}

/// The reply for one file's bytes.
fn reply_for(bytes: &[u8]) -> WorkerReply {
    match extract_pages(bytes) {
        Ok(pages) => WorkerReply::Pages(pages),
        Err(e) => WorkerReply::Failed(e),
    }
}

/// The CPU seconds a worker may spend on one file, from the environment.
fn cpu_budget() -> Option<u64> {
    std::env::var(CPU_ENV).ok().and_then(|s| s.parse().ok())
}

/// Where a serving worker writes replies: its original stdout, with descriptor 1 then
/// pointed at stderr.
fn reply_output() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: duplicating and redirecting the standard descriptors only affects this
        // process; the new descriptor is owned by the returned File alone.
        unsafe {
            let fd = libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3);
            if fd >= 0 {
                let file = std::fs::File::from_raw_fd(fd);
                if libc::dup2(2, 1) >= 0 {
                    return Box::new(std::io::BufWriter::new(file));
                }
            }
        }
    }
    Box::new(std::io::BufWriter::new(std::io::stdout()))
}

/// Caps this process's address space at `bytes` (`RLIMIT_AS`). Async-signal-safe: the
/// fallback extractor calls it between `fork` and `exec`.
#[cfg(unix)]
pub(crate) fn limit_memory(bytes: u64) {
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
pub(crate) fn limit_memory(_bytes: u64) {}

/// Limits this process's CPU time to `seconds` (SIGXCPU), and 5 s more (SIGKILL).
/// Async-signal-safe, like [`limit_memory`].
#[cfg(unix)]
pub(crate) fn limit_cpu(seconds: u64) {
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
pub(crate) fn limit_cpu(_seconds: u64) {}

/// Moves the soft CPU-time limit to the CPU time used so far plus `budget` seconds. The
/// limit counts the process's whole life; the hard limit is left alone (moving the soft
/// limit below it is always allowed), so SIGXCPU ends a worker over budget.
#[cfg(unix)]
fn limit_cpu_from_now(budget: u64) {
    // SAFETY: getrusage, getrlimit and setrlimit with valid structs only affect this process.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return;
        }
        let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
        let used = (micros(usage.ru_utime) + micros(usage.ru_stime)).div_ceil(1_000_000);
        let mut lim: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_CPU, &mut lim) != 0 {
            return;
        }
        let mut soft = used.saturating_add(budget) as libc::rlim_t;
        if lim.rlim_max != libc::RLIM_INFINITY {
            soft = soft.min(lim.rlim_max);
        }
        lim.rlim_cur = soft;
        libc::setrlimit(libc::RLIMIT_CPU, &lim);
    }
}

#[cfg(not(unix))]
fn limit_cpu_from_now(_budget: u64) {}

/// Asks the kernel to kill this worker when its parent dies; false when the parent that
/// started it (named in the environment) is already gone.
fn die_with_parent() -> bool {
    let parent = std::env::var(PARENT_ENV)
        .ok()
        .and_then(|p| p.parse::<i64>().ok());
    die_with(parent)
}

/// Asks the kernel to kill this process with SIGKILL when the thread that started it ends
/// (`PR_SET_PDEATHSIG`); false when `parent`, the process that started it, is already gone
/// (this process was reparented before the request took effect). Async-signal-safe: the
/// fallback extractor calls it between `fork` and `exec`.
#[cfg(target_os = "linux")]
pub(crate) fn die_with(parent: Option<i64>) -> bool {
    // SAFETY: prctl(PR_SET_PDEATHSIG) and getppid only affect this process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
        match parent {
            Some(parent) => i64::from(libc::getppid()) == parent,
            None => true,
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn die_with(_parent: Option<i64>) -> bool {
    true
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
