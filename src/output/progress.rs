//! Feedback on long work, on stderr: the progress bar of `pipe` reading a
//! file and then sending what is left, and the counts it shows, which the
//! reader, the batcher, the sink and the spool publish as they go (see
//! `input::counting`, `deliver::sink::CountingSink` and `spool::counting`).
//! (The `--stats` line is [`crate::output::report::RunReport::stats_line`].)

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often the progress bar is redrawn.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
/// Characters of the bar itself, between `[` and `]`.
const BAR_WIDTH: usize = 24;

/// Live counts of one run, written by the reader, the batcher and the
/// delivery thread, and read by the progress bar.
#[derive(Debug, Default)]
pub struct Counters {
    pub bytes_read: AtomicU64,
    pub lines_read: AtomicU64,
    /// Set by the reader once the whole input is read.
    pub input_done: AtomicBool,
    /// Entries made from the input so far (published by the batcher with each
    /// batch it hands on).
    pub entries_made: AtomicU64,
    /// Entries of this run the API accepted.
    pub entries_sent: AtomicU64,
    /// Entries of this run spooled or dead-lettered (or lost trying to be).
    pub entries_kept: AtomicU64,
    /// Entries of this run dropped by `--when-full drop`.
    pub entries_dropped: AtomicU64,
    /// True while a segment of an earlier run's spool is being sent: what
    /// is delivered or dead-lettered then is not this run's.
    replaying: AtomicBool,
}

impl Counters {
    /// True while an earlier run's spooled segment is being sent.
    pub fn is_replaying(&self) -> bool {
        self.replaying.load(Ordering::Relaxed)
    }

    /// Says whether an earlier run's spooled segment is being sent.
    pub fn set_replaying(&self, replaying: bool) {
        self.replaying.store(replaying, Ordering::Relaxed);
    }

    /// The counts now, for one frame of the bar.
    pub fn snapshot(&self) -> Progress {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Progress {
            bytes_read: load(&self.bytes_read),
            lines_read: load(&self.lines_read),
            input_done: self.input_done.load(Ordering::Relaxed),
            entries_made: load(&self.entries_made),
            entries_sent: load(&self.entries_sent),
            entries_settled: load(&self.entries_sent)
                + load(&self.entries_kept)
                + load(&self.entries_dropped),
        }
    }
}

/// What one frame of the progress bar shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes_read: u64,
    pub lines_read: u64,
    pub input_done: bool,
    pub entries_made: u64,
    pub entries_sent: u64,
    /// Entries sent, spooled, dead-lettered or dropped: no longer to send.
    pub entries_settled: u64,
}

impl Progress {
    /// Entries made but not yet sent, spooled, dead-lettered or dropped.
    pub fn entries_left(&self) -> u64 {
        self.entries_made.saturating_sub(self.entries_settled)
    }
}

/// Whether the run wants a progress bar: `--no-progress` and `progress =
/// false` say it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarSetting {
    On,
    Off,
}

/// What stderr, where the bar is drawn, is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    Terminal,
    /// Cron, CI, a redirect: no bar.
    NotATerminal,
}

/// Whether stdout prints on the terminal the bar is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdout {
    /// The console mirror or a dry run prints there: it would garble the bar.
    BusyOnTerminal,
    Free,
}

/// Whether a progress bar may be shown: the total size is known, it is wanted,
/// stderr is a terminal, and nothing is being printed on that same terminal
/// through stdout (the mirror or a dry run), which the bar would garble.
pub fn progress_wanted(
    total_bytes: Option<u64>,
    setting: BarSetting,
    stderr: Stderr,
    stdout: Stdout,
) -> bool {
    total_bytes.is_some_and(|total| total > 0)
        && setting == BarSetting::On
        && stderr == Stderr::Terminal
        && stdout == Stdout::Free
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
                // The reading rate is over the time spent reading: it stays
                // put once the input is read and only delivery goes on.
                let mut last_bytes = 0;
                let mut reading_time = Duration::ZERO;
                loop {
                    let progress = counters.snapshot();
                    if progress.bytes_read != last_bytes {
                        last_bytes = progress.bytes_read;
                        reading_time = started.elapsed();
                    }
                    let line = match progress.input_done {
                        false => render_reading(total_bytes, &progress, reading_time),
                        true => render_sending(&progress, started.elapsed()),
                    };
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

/// `[=====>      ]`: `fraction` of the bar filled.
fn bar(fraction: f64) -> String {
    let filled = (fraction.clamp(0.0, 1.0) * BAR_WIDTH as f64) as usize;
    let mut bar = "=".repeat(filled);
    if filled < BAR_WIDTH {
        bar.push('>');
        bar.push_str(&" ".repeat(BAR_WIDTH - filled - 1));
    }
    format!("[{bar}]")
}

/// The time left at the rate so far: `done` of `total` in `elapsed`; none
/// before anything is done or once everything is.
fn eta(done: f64, total: f64, elapsed: Duration) -> Option<String> {
    let fraction = done / total;
    (fraction > 0.0 && fraction < 1.0).then(|| {
        let seconds = elapsed.as_secs_f64().max(0.001);
        format_elapsed(Duration::from_secs_f64(seconds / fraction - seconds))
    })
}

/// A frame while the input is read:
/// `[=====>    ]  42%  1.2 MiB/2.9 MiB  10 400 lines/s  9 000 sent  ETA 3.1s`.
/// The percentage is of the bytes read.
pub fn render_reading(total_bytes: u64, progress: &Progress, reading_time: Duration) -> String {
    let fraction = if total_bytes == 0 {
        1.0
    } else {
        (progress.bytes_read as f64 / total_bytes as f64).min(1.0)
    };
    let seconds = reading_time.as_secs_f64().max(0.001);
    let mut line = format!(
        "{} {:>3}%  {}/{}  {} lines/s  {} sent",
        bar(fraction),
        (fraction * 100.0) as u32,
        human_bytes(progress.bytes_read),
        human_bytes(total_bytes),
        grouped((progress.lines_read as f64 / seconds).round() as u64),
        grouped(progress.entries_sent),
    );
    if let Some(eta) = eta(fraction, 1.0, reading_time) {
        let _ = write!(line, "  ETA {eta}");
    }
    line
}

/// A frame once the input is read and the rest is being sent:
/// `sending 19 500 left  [=====>    ]  35%  10 500 of 30 000 sent  ETA 4.0s`.
/// The percentage is of the entries made that are sent, spooled,
/// dead-lettered or dropped.
pub fn render_sending(progress: &Progress, elapsed: Duration) -> String {
    let made = progress.entries_made.max(progress.entries_settled);
    let fraction = match made {
        0 => 1.0,
        made => progress.entries_settled as f64 / made as f64,
    };
    let mut line = format!(
        "sending {} left  {} {:>3}%  {} of {} sent",
        grouped(progress.entries_left()),
        bar(fraction),
        (fraction * 100.0) as u32,
        grouped(progress.entries_sent),
        grouped(progress.entries_made),
    );
    if let Some(eta) = eta(progress.entries_settled as f64, made as f64, elapsed) {
        let _ = write!(line, "  ETA {eta}");
    }
    line
}

/// A count with its thousands apart: `19 500`.
fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    grouped
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

    fn read(bytes_read: u64, lines_read: u64, entries_sent: u64) -> Progress {
        Progress {
            bytes_read,
            lines_read,
            entries_sent,
            ..Progress::default()
        }
    }

    #[test]
    fn while_reading_the_bar_shows_bytes_rate_and_entries_sent() {
        let line = render_reading(2048, &read(1024, 100, 90), Duration::from_secs(2));
        assert_eq!(
            line,
            "[============>           ]  50%  1.0 KiB/2.0 KiB  50 lines/s  90 sent  ETA 2.0s"
        );
        let done = render_reading(2048, &read(2048, 100, 100), Duration::from_secs(1));
        assert!(
            done.starts_with(&format!("[{}] 100%", "=".repeat(24))),
            "{done}"
        );
        assert!(!done.contains("ETA"), "{done}");
    }

    #[test]
    fn once_the_input_is_read_the_bar_shows_what_is_left_to_send() {
        // 30 000 entries made; 10 500 sent, 200 spooled, 100 dropped in 7s.
        let sending = Progress {
            input_done: true,
            entries_made: 30_000,
            entries_sent: 10_500,
            entries_settled: 10_800,
            ..read(2_831_155, 30_000, 10_500)
        };
        assert_eq!(sending.entries_left(), 19_200);
        assert_eq!(
            render_sending(&sending, Duration::from_secs(7)),
            "sending 19 200 left  [========>               ]  36%  10 500 of 30 000 sent  ETA 12.4s"
        );
        let all_sent = Progress {
            entries_settled: 30_000,
            entries_sent: 30_000,
            ..sending
        };
        let line = render_sending(&all_sent, Duration::from_secs(9));
        assert!(line.starts_with("sending 0 left  ["), "{line}");
        assert!(line.contains(" 100%  30 000 of 30 000 sent"), "{line}");
        assert!(!line.contains("ETA"), "{line}");
        let nothing = render_sending(&Progress::default(), Duration::ZERO);
        assert!(nothing.starts_with("sending 0 left"), "{nothing}");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(19_500), "19 500");
        assert_eq!(grouped(1_234_567), "1 234 567");
    }

    #[test]
    fn no_bar_unless_stderr_is_a_terminal_free_of_mirrored_output() {
        use BarSetting::{Off, On};
        use Stderr::{NotATerminal, Terminal};
        use Stdout::{BusyOnTerminal, Free};
        assert!(progress_wanted(Some(10), On, Terminal, Free));
        assert!(!progress_wanted(Some(10), On, NotATerminal, Free));
        assert!(!progress_wanted(Some(10), On, Terminal, BusyOnTerminal));
        assert!(!progress_wanted(Some(10), Off, Terminal, Free));
        assert!(!progress_wanted(None, On, Terminal, Free));
        assert!(!progress_wanted(Some(0), On, Terminal, Free));
    }
}
