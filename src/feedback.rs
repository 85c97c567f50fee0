//! Feedback on long work, on stderr: the progress bar of `pipe` reading a
//! file. (The `--stats` line is [`crate::report::RunReport::stats_line`].)

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::batch::Batch;
use crate::delivery::DeliveryError;
use crate::sink::BatchSink;

/// How often the progress bar is redrawn.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
/// Characters of the bar itself, between `[` and `]`.
const BAR_WIDTH: usize = 24;

/// Live counts of one run, written by the reader and delivery threads and
/// read by the progress bar.
#[derive(Debug, Default)]
pub struct Counters {
    pub bytes_read: AtomicU64,
    pub lines_read: AtomicU64,
    pub entries_sent: AtomicU64,
}

/// A reader that counts the bytes and line ends passing through it.
pub struct CountingReader<R> {
    inner: R,
    counters: Arc<Counters>,
}

impl<R: Read> CountingReader<R> {
    /// Wraps `inner`, counting into `counters`.
    pub fn new(inner: R, counters: Arc<Counters>) -> Self {
        CountingReader { inner, counters }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        let lines = memchr::memchr_iter(b'\n', &buffer[..read]).count();
        self.counters
            .bytes_read
            .fetch_add(read as u64, Ordering::Relaxed);
        self.counters
            .lines_read
            .fetch_add(lines as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// A sink that counts the entries its inner sink delivered.
pub struct CountingSink {
    inner: Box<dyn BatchSink>,
    counters: Arc<Counters>,
}

impl CountingSink {
    /// Wraps `inner`, counting into `counters`.
    pub fn new(inner: Box<dyn BatchSink>, counters: Arc<Counters>) -> Self {
        CountingSink { inner, counters }
    }
}

impl BatchSink for CountingSink {
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError> {
        let outcome = self.inner.deliver(batch, timeout);
        if outcome.is_ok() {
            self.counters
                .entries_sent
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        outcome
    }
}

/// Whether a progress bar may be shown: the total size is known, it is wanted,
/// stderr is a terminal, and nothing is being printed on that same terminal
/// through stdout (the mirror or a dry run), which the bar would garble.
pub fn progress_wanted(
    total_bytes: Option<u64>,
    enabled: bool,
    stderr_is_terminal: bool,
    stdout_busy_on_terminal: bool,
) -> bool {
    total_bytes.is_some_and(|total| total > 0)
        && enabled
        && stderr_is_terminal
        && !stdout_busy_on_terminal
}

/// A progress bar redrawn on stderr by its own thread; dropping it erases the
/// bar, so that what is printed next starts on a clean line.
pub struct ProgressBar {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressBar {
    /// Starts drawing the progress of reading `total_bytes`.
    pub fn start(total_bytes: u64, counters: Arc<Counters>) -> ProgressBar {
        let (stop, stopped) = channel::<()>();
        let started = Instant::now();
        let thread = thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                // The rate is over the time spent reading: it stays put once
                // the input is read and only delivery goes on.
                let mut last_bytes = 0;
                let mut reading_time = Duration::ZERO;
                loop {
                    let bytes_read = counters.bytes_read.load(Ordering::Relaxed);
                    if bytes_read != last_bytes {
                        last_bytes = bytes_read;
                        reading_time = started.elapsed();
                    }
                    let line = render_progress(
                        total_bytes,
                        bytes_read,
                        counters.lines_read.load(Ordering::Relaxed),
                        counters.entries_sent.load(Ordering::Relaxed),
                        reading_time,
                    );
                    let mut stderr = io::stderr().lock();
                    let _ = write!(stderr, "\r{line}\x1b[K");
                    let _ = stderr.flush();
                    drop(stderr);
                    match stopped.recv_timeout(REDRAW_EVERY) {
                        Err(RecvTimeoutError::Timeout) => continue,
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                            let _ = write!(io::stderr(), "\r\x1b[K");
                            return;
                        }
                    }
                }
            })
            .expect("the progress thread can be started");
        ProgressBar {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One frame of the bar: `[=====>    ]  42%  1.2 MiB/2.9 MiB  10400 lines/s  9000 sent`.
pub fn render_progress(
    total_bytes: u64,
    bytes_read: u64,
    lines_read: u64,
    entries_sent: u64,
    elapsed: Duration,
) -> String {
    let fraction = if total_bytes == 0 {
        1.0
    } else {
        (bytes_read as f64 / total_bytes as f64).min(1.0)
    };
    let filled = (fraction * BAR_WIDTH as f64) as usize;
    let mut bar = "=".repeat(filled);
    if filled < BAR_WIDTH {
        bar.push('>');
        bar.push_str(&" ".repeat(BAR_WIDTH - filled - 1));
    }
    let seconds = elapsed.as_secs_f64().max(0.001);
    let mut line = format!(
        "[{bar}] {:>3}%  {}/{}  {} lines/s  {entries_sent} sent",
        (fraction * 100.0) as u32,
        human_bytes(bytes_read),
        human_bytes(total_bytes),
        (lines_read as f64 / seconds).round() as u64,
    );
    if fraction > 0.0 && fraction < 1.0 {
        let remaining = seconds / fraction - seconds;
        let _ = write!(
            line,
            "  ETA {}",
            format_elapsed(Duration::from_secs_f64(remaining))
        );
    }
    line
}

fn human_bytes(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().iec().to_string()
}

/// A duration the way people read it: `0.4s`, `12.3s`, `2m05s`, `1h02m05s`.
pub fn format_elapsed(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds < 60.0 {
        return format!("{seconds:.1}s");
    }
    let whole = elapsed.as_secs();
    let (hours, minutes, seconds) = (whole / 3600, whole % 3600 / 60, whole % 60);
    if hours > 0 {
        format!("{hours}h{minutes:02}m{seconds:02}s")
    } else {
        format!("{minutes}m{seconds:02}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_would_write_them() {
        assert_eq!(format_elapsed(Duration::from_millis(400)), "0.4s");
        assert_eq!(format_elapsed(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(format_elapsed(Duration::from_secs(125)), "2m05s");
        assert_eq!(format_elapsed(Duration::from_secs(3725)), "1h02m05s");
    }

    #[test]
    fn the_bar_shows_bytes_rate_and_entries_sent() {
        let line = render_progress(2048, 1024, 100, 90, Duration::from_secs(2));
        assert!(
            line.starts_with("[============>           ]  50%"),
            "{line}"
        );
        assert!(line.contains("1.0 KiB/2.0 KiB"), "{line}");
        assert!(line.contains("50 lines/s"), "{line}");
        assert!(line.contains("90 sent"), "{line}");
        assert!(line.contains("ETA 2.0s"), "{line}");
        let done = render_progress(2048, 2048, 100, 100, Duration::from_secs(1));
        assert!(
            done.starts_with(&format!("[{}] 100%", "=".repeat(24))),
            "{done}"
        );
    }

    #[test]
    fn no_bar_unless_stderr_is_a_terminal_free_of_mirrored_output() {
        assert!(progress_wanted(Some(10), true, true, false));
        assert!(!progress_wanted(Some(10), true, false, false));
        assert!(!progress_wanted(Some(10), true, true, true));
        assert!(!progress_wanted(Some(10), false, true, false));
        assert!(!progress_wanted(None, true, true, false));
        assert!(!progress_wanted(Some(0), true, true, false));
    }

    #[test]
    fn the_counting_reader_counts_bytes_and_lines() {
        let counters = Arc::new(Counters::default());
        let mut reader = CountingReader::new(&b"a\nbb\nc"[..], Arc::clone(&counters));
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(counters.bytes_read.load(Ordering::Relaxed), 6);
        assert_eq!(counters.lines_read.load(Ordering::Relaxed), 2);
    }
}
