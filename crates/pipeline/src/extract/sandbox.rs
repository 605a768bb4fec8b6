//! The sandbox every external reader runs in: worker pools, their wire protocol, and limits.
//!
//! A PDF reader may panic on a malformed file, loop on another, abort the process (stack
//! overflow) or allocate gigabytes. Whatever reads a PDF — pdf-extract in worker processes of
//! our own binary ([`super::pdf`]), poppler's `pdftotext` ([`super::fallback`]), poppler's
//! `pdftoppm` and Tesseract (OCR) — runs here, under the same rules, so that any of
//! these costs one file, not the batch:
//!
//! - a wall-clock timeout, after which the process is killed;
//! - an address-space cap ([`WORKER_MEMORY_LIMIT`]) and a CPU-time limit a little above the
//!   timeout ([`CPU_SLACK_SECS`]), so a `kill -9` of the batch leaves no looping orphans;
//! - death with the parent (`PR_SET_PDEATHSIG` on Linux);
//! - the bytes the caller hashed, never the path again (the file may change meanwhile);
//! - a cap on what is read back.
//!
//! Two ways to run a reader share these rules:
//!
//! - [`WorkerPool`]: long-lived workers, for a reader that is our own code (starting a
//!   process per file costs more CPU than many of the files). A worker reads requests on
//!   stdin (the file's byte length in decimal and a newline, then exactly that many bytes)
//!   and answers each with one line of JSON, a [`WorkerReply`] (see [`serve_worker`]). A
//!   worker that timed out, crashed or answered garbage is never used again; a healthy one is
//!   retired after [`WorkerPool::recycle_after`] files to bound heap growth.
//! - [`run_isolated`]: one process per call, for an external program (`pdftotext`,
//!   `pdftoppm`, `tesseract`), its input a private temporary copy of the bytes.
//!
//! [`PageReader`] is the one interface of the three readers: bytes of a PDF in, page texts
//! out, or a [`PdfError`] saying why not.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

pub use super::pdf::PdfError;

/// A reader of PDF pages behind the sandbox: pdf-extract ([`super::pdf::PdfExtractor`]),
/// `pdftotext` ([`super::fallback::PdftotextFallback`]) or Tesseract
/// (the OCR reader).
pub trait PageReader {
    /// The reader's name, as reports give it (`pdf-extract`, `pdftotext`, `tesseract`).
    fn name(&self) -> &'static str;
    /// The text of each page of the PDF `bytes`, or why there is none.
    fn read_pages(&self, bytes: &[u8]) -> Result<Vec<String>, PdfError>;
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
pub const CPU_SLACK_SECS: u64 = 10;
/// How much of a worker's stderr is kept for a crash description (bytes).
const STDERR_TAIL: usize = 64 * 1024;
/// The least time a faulty worker is given to exit, or a dead one to flush its stderr.
pub const EXIT_GRACE: Duration = Duration::from_secs(1);

/// The phrase in a [`PdfError::Crash`] reason when the worker hit its memory cap (or was
/// killed by the kernel's out-of-memory killer).
pub const MEMORY_EXCEEDED: &str = "memory limit exceeded";

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
pub fn crash_error(prefix: &str, status: &std::process::ExitStatus, stderr: &[u8]) -> PdfError {
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
pub fn describe_crash(status: &std::process::ExitStatus, stderr: &[u8]) -> String {
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

/// The one-shot worker's entry point: reads `path` (`-` for stdin), answers with
/// `handler` and prints the [`WorkerReply`] as JSON on stdout. Returns the process exit code.
pub fn run_worker(path: &Path, handler: fn(&[u8]) -> WorkerReply) -> i32 {
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
        Ok(bytes) => handler(&bytes),
        Err(e) => WorkerReply::Failed(PdfError::Malformed(format!("cannot read: {e}"))),
    };
    match serde_json::to_writer(std::io::stdout().lock(), &reply) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// A pooled worker's entry point (`council __extract-pdf --serve` is one): answers requests
/// on stdin with `handler` until it ends, then returns 0 (the process exit code; 2 on a
/// broken request).
///
/// A request is the byte length of a file in decimal and a newline, then exactly that many
/// bytes; the reply is one line of JSON, a [`WorkerReply`]. Replies go to the original
/// stdout, which then becomes a copy of stderr, so that stray prints cannot corrupt them.
/// The CPU-time limit (from the pool) applies to each request: the soft limit is moved to
/// the CPU time used so far plus the budget before each one.
pub fn serve_worker(handler: fn(&[u8]) -> WorkerReply) -> i32 {
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
        let reply = handler(&bytes);
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
pub fn limit_memory(bytes: u64) {
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
pub fn limit_memory(_bytes: u64) {}

/// Limits this process's CPU time to `seconds` (SIGXCPU), and 5 s more (SIGKILL).
/// Async-signal-safe, like [`limit_memory`].
#[cfg(unix)]
pub fn limit_cpu(seconds: u64) {
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
pub fn limit_cpu(_seconds: u64) {}

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
pub fn die_with(parent: Option<i64>) -> bool {
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
pub fn die_with(_parent: Option<i64>) -> bool {
    true
}

/// How much of an isolated program's stderr is kept to describe a crash (bytes).
const PROGRAM_STDERR_TAIL: u64 = 16 * 1024;

/// What a program run by [`run_isolated`] gave.
#[derive(Debug)]
pub struct ProgramOutput {
    /// How it exited.
    pub status: std::process::ExitStatus,
    /// Its standard output (at most the cap given).
    pub stdout: Vec<u8>,
    /// The tail of its standard error.
    pub stderr: Vec<u8>,
}

/// The bytes the caller hashed, in a private temporary file (mode 0600, removed when
/// dropped) named `*{suffix}`: an external program never sees the caller's path, which may
/// have changed since.
pub fn private_copy(bytes: &[u8], suffix: &str) -> Result<tempfile::NamedTempFile, PdfError> {
    let cannot = |e: std::io::Error| PdfError::Crash(format!("cannot write a temporary file: {e}"));
    let mut input = tempfile::Builder::new()
        .prefix("council-")
        .suffix(suffix)
        .tempfile()
        .map_err(cannot)?;
    input
        .write_all(bytes)
        .and_then(|()| input.flush())
        .map_err(cannot)?;
    Ok(input)
}

/// Runs `command` (called `name` in messages) in a process of its own under the sandbox's
/// limits: stdin closed, stdout read up to `max_output` bytes, killed after `timeout`, with
/// the address-space cap, a CPU-time limit of the timeout plus [`CPU_SLACK_SECS`] and death
/// with its parent (see [`isolate`]).
///
/// [`PdfError::Timeout`] when it ran past the timeout, [`PdfError::Crash`] when it could not
/// be started or wrote more than `max_output`; otherwise its exit status, output and the
/// tail of its stderr, for the caller to judge (a death by signal is described by
/// [`describe_crash`]).
pub fn run_isolated(
    command: &mut Command,
    name: &str,
    timeout: Duration,
    max_output: usize,
) -> Result<ProgramOutput, PdfError> {
    let started = Instant::now();
    let cannot = |what: &str, e: std::io::Error| PdfError::Crash(format!("{what}: {e}"));
    let mut stderr =
        tempfile::tempfile().map_err(|e| cannot("cannot make a file for its stderr", e))?;
    let errors = stderr
        .try_clone()
        .map_err(|e| cannot("cannot make a file for its stderr", e))?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(errors);
    isolate(command, timeout.as_secs().saturating_add(CPU_SLACK_SECS));
    let mut child = command
        .spawn()
        .map_err(|e| cannot(&format!("cannot start {name}"), e))?;
    let kill = |child: &mut Child| {
        let _ = child.kill();
        let _ = child.wait();
    };
    let Some(stdout) = child.stdout.take() else {
        kill(&mut child);
        return Err(PdfError::Crash(format!("{name}'s stdout missing")));
    };
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("isolated-out".into())
        .spawn(move || {
            let mut text = Vec::new();
            let read = stdout.take(max_output as u64 + 1).read_to_end(&mut text);
            let _ = tx.send(read.map(|_| text));
        });
    let reader = match reader {
        Ok(handle) => handle,
        Err(e) => {
            kill(&mut child);
            return Err(cannot("cannot start a reader thread", e));
        }
    };
    let output = match rx.recv_timeout(timeout) {
        Ok(Ok(text)) if text.len() > max_output => {
            kill(&mut child);
            let _ = reader.join();
            return Err(PdfError::Crash(format!(
                "{name} wrote more than {max_output} bytes"
            )));
        }
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            kill(&mut child);
            let _ = reader.join();
            return Err(cannot(&format!("cannot read {name}'s output"), e));
        }
        Err(_) => {
            // Timed out (or the reader died): the kill closes the pipe, ending the reader.
            kill(&mut child);
            let _ = reader.join();
            return Err(PdfError::Timeout(timeout.as_secs()));
        }
    };
    let _ = reader.join();
    // Its stdout is closed: it is exiting, or closed it and hangs; it gets what is left of
    // the timeout (at least a moment) to exit.
    let left = timeout.saturating_sub(started.elapsed()).max(EXIT_GRACE);
    let status = match child.wait_timeout(left) {
        Ok(Some(status)) => status,
        Ok(None) => {
            kill(&mut child);
            return Err(PdfError::Timeout(timeout.as_secs()));
        }
        Err(e) => {
            kill(&mut child);
            return Err(cannot(&format!("cannot wait for {name}"), e));
        }
    };
    Ok(ProgramOutput {
        status,
        stdout: output,
        stderr: stderr_tail(&mut stderr),
    })
}

/// Sets up `command`'s process, between `fork` and `exec`, as the pooled workers set up
/// themselves: death with this thread, the address-space cap and `cpu_secs` of CPU time.
pub fn isolate(command: &mut Command, cpu_secs: u64) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let parent = i64::from(std::process::id());
        // SAFETY: the closure only makes system calls (prctl, getppid, setrlimit), which are
        // async-signal-safe; it allocates nothing and takes no lock.
        unsafe {
            command.pre_exec(move || {
                if !die_with(Some(parent)) {
                    // The parent is gone (an error that needs no allocation: ESRCH).
                    return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
                }
                limit_memory(WORKER_MEMORY_LIMIT);
                limit_cpu(cpu_secs);
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (command, cpu_secs);
}

/// The last [`PROGRAM_STDERR_TAIL`] bytes written to `file`.
fn stderr_tail(file: &mut std::fs::File) -> Vec<u8> {
    let len = file.seek(SeekFrom::End(0)).unwrap_or(0);
    let mut tail = Vec::new();
    if file
        .seek(SeekFrom::Start(len.saturating_sub(PROGRAM_STDERR_TAIL)))
        .is_ok()
    {
        let _ = file.read_to_end(&mut tail);
    }
    tail
}

/// An external program, from the value of its setting (`setting`, an environment variable
/// read at the edge) and of `PATH`: the path or the program on `PATH` the setting names,
/// none when it says `off` (or is empty), and `default` on `PATH` when there is no setting.
pub fn find_program(
    default: &str,
    setting: Option<std::ffi::OsString>,
    path: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let name = match setting {
        Some(v) if v.is_empty() || v.eq_ignore_ascii_case("off") => return None,
        Some(v) => v,
        None => return find_on_path(std::ffi::OsStr::new(default), path.as_deref()),
    };
    let named = PathBuf::from(&name);
    if named.components().count() > 1 {
        Some(named).filter(|p| executable(p))
    } else {
        find_on_path(&name, path.as_deref())
    }
}

/// Whether `path` is a file this process may execute.
pub fn executable(path: &Path) -> bool {
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
pub fn find_on_path(name: &std::ffi::OsStr, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|p| executable(p))
}
