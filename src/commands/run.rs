//! `logingestor run -- COMMAND`: runs a command and ships its output as it
//! happens, framed by a "started" and an "exited" entry.
//!
//! Each of the command's two streams has a reader (pipe → lines, and the
//! console mirror) and a batcher with that stream's level and meta; both
//! batchers feed the one delivery thread. This thread waits for the command,
//! while another forwards SIGINT, SIGTERM and SIGHUP to it.

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use rustix::process::{Pid, Signal};
use rustix::{stdio, termios};
use serde_json::{Map, Value};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::batch::batcher::{batch_events, BatchingSettings, BatchingStats, Ending, Overflow};
use crate::batch::body::Batch;
use crate::batch::queue::{batch_queue, Offer, QueueSender};
use crate::cli::RunArgs;
use crate::commands::{
    batching_settings, entry_template, overflow_for, shipper_with, sink_for, store_for, tell,
    warn_about_placeholder_project,
};
use crate::config::Config;
use crate::deliver::engine::Shipper;
use crate::deliver::senders::spawn_delivery;
use crate::entry::{format_timestamp, Entry, EntryTemplate};
use crate::filter::redact::{RedactSettings, Redactor};
use crate::input::streams::spawn_stream_reader;
use crate::input::{InputEvent, EVENT_QUEUE_DEPTH};
use crate::level::Level;
use crate::output::color::Palette;
use crate::output::exit_code::ExitCode;
use crate::output::failure::{self, Failure};
use crate::output::mirror::Mirror;
use crate::output::progress::format_elapsed;
use crate::output::report::{DeliveryStats, RunReport};
use crate::shutdown::ShutdownSignal;
use crate::spool::undelivered::{keep_in, UndeliveredStore};

/// The signals passed on to the command.
const FORWARDED_SIGNALS: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// Runs the command and ships its output. The exit code is the command's own
/// (128+N for a signal N), or a delivery failure's when the command succeeded.
pub fn run(args: &RunArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let project_id = config.project_id_for_entries()?;
    // Raised once the command has ended after a stop signal: the last sends
    // then get --shutdown-timeout, not --retry-for.
    let shutdown = ShutdownSignal::new(config.delivery.shutdown_timeout);
    // Raised by a stop signal: from then on no batcher blocks the command's
    // output on a full queue (what does not fit is spooled), so that the
    // command can end.
    let stopping = ShutdownSignal::new(Duration::ZERO);
    let shipper = shipper_with(sink_for(config)?, config, shutdown.clone())?;
    warn_about_placeholder_project(config);
    let palette = Palette::new(io::stderr().is_terminal(), config.console.no_color);
    let lifecycle = Lifecycle {
        template: entry_template(config, project_id, config.entries.meta.value.clone()),
        command_line: shell_words(&args.command),
        host: host_name(),
        redact: config.filter.redact.clone(),
    };

    // Registered before the command starts, so that no signal is missed.
    let signals = crate::shutdown::signals_without_a_gap(&FORWARDED_SIGNALS)
        .context("cannot install signal handlers")?;
    let signal_handle = signals.handle();
    let mut child = match spawn(&args.command) {
        Ok(child) => child,
        Err(error) => return not_started(&error, &lifecycle, shipper, config, &palette),
    };
    let pid = child.id();
    let spawned = Instant::now();
    let reaped = Arc::new(AtomicBool::new(false));
    let forwarder = forward_signals(signals, pid, Arc::clone(&reaped), stopping.clone())?;

    let (batch_tx, batch_rx) = batch_queue(config.batching.max_buffer);
    let delivery = spawn_delivery(shipper, batch_rx);
    let mut lifecycle_store = store_for(config)?;
    let mut lifecycle_stats = DeliveryStats::default();
    let mut read = 0;
    if config.entries.lifecycle {
        read += 1;
        let batch = lifecycle.started(pid);
        hand_over(
            &batch_tx,
            batch,
            &shutdown,
            &mut *lifecycle_store,
            &mut lifecycle_stats,
        );
    }
    let streams = spawn_streams(&mut child, config, project_id, &batch_tx, &stopping)?;

    let status = wait(&mut child);
    reaped.store(true, Ordering::SeqCst);
    let duration = spawned.elapsed();
    let status = status?;

    // The streams end when the command (and whatever it left running with
    // them) closes them.
    let mut overflows = Vec::new();
    for stream in streams {
        let batching = stream.join()?;
        read += batching.entries;
        overflows.push(batching.overflow);
    }
    if stopping.is_requested() {
        // Asked to stop: send what is left within --shutdown-timeout and
        // spool the rest, as `pipe` does; a second signal spools it at once.
        shutdown.request();
        if stopping.is_forced() {
            shutdown.force();
        }
    }
    if config.entries.lifecycle {
        read += 1;
        let batch = lifecycle.exited(pid, status, duration);
        hand_over(
            &batch_tx,
            batch,
            &shutdown,
            &mut *lifecycle_store,
            &mut lifecycle_stats,
        );
    }
    drop(batch_tx);
    let mut stats = delivery
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the delivery thread panicked"))?;
    for overflow in overflows {
        stats.absorb(overflow);
    }
    stats.absorb(lifecycle_stats);
    signal_handle.close();
    let _ = forwarder.join();

    let report = RunReport {
        read,
        stats,
        elapsed: started.elapsed(),
    };
    tell(&report, config);
    Ok(merge_statuses(report, exit_status_code(status), &palette)?)
}

/// logingestor's status: the command's own, unless it succeeded and its
/// output was not all delivered. A delivery failure behind a failed command
/// is still told.
fn merge_statuses(
    report: RunReport,
    command_status: u8,
    palette: &Palette,
) -> Result<ExitCode, Failure> {
    match report.into_result() {
        Ok(()) if command_status == 0 => Ok(ExitCode::Success),
        Ok(()) => Ok(ExitCode::Command(command_status)),
        Err(failure) if command_status == 0 => Err(failure),
        Err(failure) => {
            // The command's own failure matters more to cron and `set -e`;
            // the delivery failure is still told.
            failure::report(&failure.into(), palette);
            Ok(ExitCode::Command(command_status))
        }
    }
}

/// The command could not be started: ship (or keep) an entry that says so,
/// and end with 127 (not found) or 126, as a shell would.
fn not_started(
    error: &io::Error,
    lifecycle: &Lifecycle,
    mut shipper: Shipper,
    config: &Config,
    palette: &Palette,
) -> anyhow::Result<ExitCode> {
    let status = if error.kind() == io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    let failure = Failure::new(
        ExitCode::Command(status),
        format!("cannot run {}: {error}", lifecycle.command_line),
    );
    if config.entries.lifecycle {
        shipper.ship(lifecycle.not_started(&failure.message, status));
        let report = RunReport {
            read: 1,
            stats: shipper.finish(),
            elapsed: Duration::ZERO,
        };
        tell(&report, config);
        if let Err(delivery) = report.into_result() {
            failure::report(&delivery.into(), palette);
        }
    }
    Err(failure.into())
}

/// Hands a lifecycle batch to delivery, or keeps it when delivery cannot
/// take it (stopped, or past the shutdown deadline).
fn hand_over(
    batches: &QueueSender,
    batch: Batch,
    shutdown: &ShutdownSignal,
    store: &mut dyn UndeliveredStore,
    stats: &mut DeliveryStats,
) {
    let offer = batches.push_blocking_until(batch, ShutdownSignal::wake_every(), || {
        shutdown.is_past_deadline()
    });
    if let Offer::Full(batch) | Offer::Closed(batch) = offer {
        let entries: Vec<&[u8]> = batch.entries().collect();
        keep_in(store, &entries, stats);
    }
}

/// Passes SIGINT, SIGTERM and SIGHUP on to the command while it runs, and
/// raises `stopping` for each; once it has ended, a signal does to us what
/// it would have done without a handler.
fn forward_signals(
    mut signals: Signals,
    pid: u32,
    reaped: Arc<AtomicBool>,
    stopping: ShutdownSignal,
) -> anyhow::Result<JoinHandle<()>> {
    let forwarder = thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if reaped.load(Ordering::SeqCst) {
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    continue;
                }
                stopping.request();
                // Ctrl-C: the terminal sent it to the command too, which
                // shares our process group.
                if !(signal == SIGINT && in_terminal_foreground()) {
                    pass_on(signal, pid);
                }
            }
        })
        .context("cannot start the signal thread")?;
    Ok(forwarder)
}

/// Sends one of the [`FORWARDED_SIGNALS`] to the process `pid`; at worst
/// the process is already gone and nothing happens.
fn pass_on(signal: i32, pid: u32) {
    let signal = match signal {
        SIGINT => Signal::INT,
        SIGTERM => Signal::TERM,
        SIGHUP => Signal::HUP,
        _ => return,
    };
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        let _ = rustix::process::kill_process(pid, signal);
    }
}

/// Starts reading and batching the command's stdout and stderr.
fn spawn_streams(
    child: &mut Child,
    config: &Config,
    project_id: &str,
    batches: &QueueSender,
    stopping: &ShutdownSignal,
) -> anyhow::Result<[Stream; 2]> {
    // A dry run prints the request bodies on stdout, in place of the command's.
    let stdout_mirror = config.mirror_on_stdout();
    let stderr_mirror = config.console.mirror.value;
    Ok([
        spawn_stream(
            "stdout",
            child
                .stdout
                .take()
                .map(|out| Box::new(out) as Box<dyn Read + Send>),
            move || Mirror::stdout(stdout_mirror),
            stream_settings(config, project_id, "stdout", config.entries.level.value),
            batches.clone(),
            overflow_for(config)?,
            stopping.clone(),
        )?,
        spawn_stream(
            "stderr",
            child
                .stderr
                .take()
                .map(|err| Box::new(err) as Box<dyn Read + Send>),
            move || Mirror::stderr(stderr_mirror),
            stream_settings(config, project_id, "stderr", config.entries.stderr_level),
            batches.clone(),
            overflow_for(config)?,
            stopping.clone(),
        )?,
    ])
}

/// Starts the command with stdout and stderr piped and stdin inherited.
fn spawn(command: &[OsString]) -> io::Result<Child> {
    let (program, arguments) = command
        .split_first()
        .expect("clap requires a command to run");
    Command::new(program)
        .args(arguments)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// Waits for the command to end.
fn wait(child: &mut Child) -> Result<ExitStatus, Failure> {
    child.wait().map_err(|error| {
        Failure::new(
            ExitCode::Internal,
            format!("cannot wait for the command: {error}"),
        )
    })
}

/// The status to exit with: the command's exit code, or 128+N for signal N.
fn exit_status_code(status: ExitStatus) -> u8 {
    match (status.code(), status.signal()) {
        (Some(code), _) => u8::try_from(code).unwrap_or(1),
        (None, Some(signal)) => u8::try_from(128 + signal).unwrap_or(255),
        (None, None) => 1,
    }
}

/// How a stream's lines become entries: the run's settings, with the
/// stream's level and `stream` in meta.
fn stream_settings(
    config: &Config,
    project_id: &str,
    stream: &str,
    level: Level,
) -> BatchingSettings {
    let mut meta = config.entries.meta.value.clone();
    meta.insert("stream".into(), Value::from(stream));
    batching_settings(config, project_id, meta, level)
}

/// A stream being read and batched, on two threads.
struct Stream {
    reader: JoinHandle<io::Result<()>>,
    batcher: JoinHandle<BatchingStats>,
    name: &'static str,
}

impl Stream {
    /// Waits for the stream's end; what the batcher made of it.
    fn join(self) -> Result<BatchingStats, Failure> {
        let panicked = |what: &str| {
            Failure::new(
                ExitCode::Internal,
                format!("the {} {what} thread panicked", self.name),
            )
        };
        if let Err(error) = self.reader.join().map_err(|_| panicked("reader"))? {
            eprintln!(
                "logingestor: warning: reading the command's {}: {error}",
                self.name
            );
        }
        self.batcher.join().map_err(|_| panicked("batcher"))
    }
}

/// Starts reading one of the command's streams. The reader drains the pipe to
/// its end even when delivery has stopped, so that the command never blocks
/// on, or dies of, output nobody reads.
fn spawn_stream(
    name: &'static str,
    pipe: Option<Box<dyn Read + Send>>,
    mirror: impl FnOnce() -> Mirror<'static> + Send + 'static,
    settings: BatchingSettings,
    batches: QueueSender,
    overflow: Overflow,
    stopping: ShutdownSignal,
) -> anyhow::Result<Stream> {
    let (event_tx, event_rx) = sync_channel::<InputEvent>(EVENT_QUEUE_DEPTH);
    let reader = spawn_stream_reader(name, pipe, mirror, settings.read_ahead(), event_tx)
        .context("cannot start a reader thread")?;
    let batcher = thread::Builder::new()
        .name(format!("{name}-batcher"))
        .spawn(move || {
            // The command's output is drained to its end, whatever happens:
            // a command writing to a pipe nobody reads would block.
            let ending = Ending::to_the_end(&stopping);
            batch_events(event_rx, batches, &settings, overflow, &ending)
        })
        .context("cannot start a batcher thread")?;
    Ok(Stream {
        reader,
        batcher,
        name,
    })
}

/// The entries that frame the command's output.
struct Lifecycle {
    template: EntryTemplate,
    command_line: String,
    host: Option<String>,
    /// A command line may carry a secret (`--password=…`): masked as in
    /// the command's output.
    redact: RedactSettings,
}

impl Lifecycle {
    /// `started COMMAND`, at INFO.
    fn started(&self, pid: u32) -> Batch {
        let mut meta = self.meta();
        meta.insert("pid".into(), Value::from(pid));
        let message = format!("started {}", self.command_line);
        self.batch(Level::Info, message, meta)
    }

    /// `COMMAND exited with status N after 1.2s` (or `was killed by SIGTERM`),
    /// at ERROR unless the status is 0.
    fn exited(&self, pid: u32, status: ExitStatus, duration: Duration) -> Batch {
        let mut meta = self.meta();
        let after = format_elapsed(duration);
        let (level, message) = match (status.code(), status.signal()) {
            (Some(code), _) => {
                meta.insert("exit_code".into(), Value::from(code));
                let level = if code == 0 { Level::Info } else { Level::Error };
                let message = format!(
                    "{} exited with status {code} after {after}",
                    self.command_line
                );
                (level, message)
            }
            (None, signal) => {
                let signal = signal.unwrap_or_default();
                meta.insert("signal".into(), Value::from(signal));
                let message = format!(
                    "{} was killed by {} after {after}",
                    self.command_line,
                    signal_name(signal)
                );
                (Level::Error, message)
            }
        };
        meta.insert(
            "duration_ms".into(),
            Value::from(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)),
        );
        meta.insert("pid".into(), Value::from(pid));
        self.batch(level, message, meta)
    }

    /// The command could not be started, at ERROR.
    fn not_started(&self, message: &str, status: u8) -> Batch {
        let mut meta = self.meta();
        meta.insert("exit_code".into(), Value::from(status));
        self.batch(Level::Error, message.to_owned(), meta)
    }

    fn meta(&self) -> Map<String, Value> {
        let mut meta = Map::new();
        meta.insert("command".into(), Value::from(self.command_line.as_str()));
        if let Some(host) = &self.host {
            meta.insert("host".into(), Value::from(host.as_str()));
        }
        meta
    }

    fn batch(&self, level: Level, message: String, meta: Map<String, Value>) -> Batch {
        let timestamp = format_timestamp(Utc::now());
        let mut entry = Entry::new(level, Cow::Owned(message), Cow::Owned(timestamp));
        entry.meta.extend(meta);
        Redactor::new(&self.redact).redact_entry(&mut entry);
        let mut encoded = Vec::new();
        self.template.encode(&entry, &mut encoded);
        Batch::from_entries([&encoded[..]])
    }
}

/// The command line as a shell would take it back: words joined by spaces,
/// quoted where they hold anything but plain characters.
fn shell_words(words: &[OsString]) -> String {
    let quote = |word: &OsString| {
        let word = word.to_string_lossy();
        let plain = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c));
        if plain {
            word.into_owned()
        } else {
            format!("'{}'", word.replace('\'', r"'\''"))
        }
    };
    words.iter().map(quote).collect::<Vec<_>>().join(" ")
}

/// True when our process group is the foreground job of our terminal, so that
/// a Ctrl-C reached every process in it, the command included.
fn in_terminal_foreground() -> bool {
    let ours = rustix::process::getpgrp();
    [stdio::stdin(), stdio::stdout(), stdio::stderr()]
        .into_iter()
        .any(|fd| termios::isatty(fd) && termios::tcgetpgrp(fd).is_ok_and(|group| group == ours))
}

/// A signal's usual name, such as `SIGTERM`.
fn signal_name(signal: i32) -> String {
    use signal_hook::consts::signal::*;
    let name = match signal {
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        SIGILL => "SIGILL",
        SIGABRT => "SIGABRT",
        SIGBUS => "SIGBUS",
        SIGFPE => "SIGFPE",
        SIGKILL => "SIGKILL",
        SIGUSR1 => "SIGUSR1",
        SIGSEGV => "SIGSEGV",
        SIGUSR2 => "SIGUSR2",
        SIGPIPE => "SIGPIPE",
        SIGALRM => "SIGALRM",
        SIGTERM => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}

/// This machine's host name (uname(2)'s node name, which gethostname(2)
/// reads too), for the lifecycle entries' meta.
fn host_name() -> Option<String> {
    let uname = rustix::system::uname();
    let name = uname.nodename().to_string_lossy().trim().to_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_command_line_is_quoted_like_a_shell_would_read_it() {
        assert_eq!(
            shell_words(&words(&["backup.sh", "--full", "/var/lib"])),
            "backup.sh --full /var/lib"
        );
        assert_eq!(
            shell_words(&words(&["sh", "-c", "echo 'hi' there", ""])),
            r"sh -c 'echo '\''hi'\'' there' ''"
        );
    }

    #[test]
    fn signals_add_128_to_the_status() {
        assert_eq!(exit_status_code(ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_status_code(ExitStatus::from_raw(3 << 8)), 3);
        assert_eq!(exit_status_code(ExitStatus::from_raw(SIGTERM)), 143);
        assert_eq!(signal_name(signal_hook::consts::SIGKILL), "SIGKILL");
        assert_eq!(signal_name(64), "signal 64");
    }

    #[test]
    fn the_exit_entry_says_how_the_command_ended() {
        let lifecycle = Lifecycle {
            template: EntryTemplate::new("p", "job", vec![], Map::new()),
            command_line: "job.sh".into(),
            host: Some("web-1".into()),
            redact: RedactSettings::default(),
        };
        let body = |batch: Batch| -> Value { serde_json::from_slice(batch.body()).unwrap() };
        let ok = body(lifecycle.exited(7, ExitStatus::from_raw(0), Duration::from_millis(1500)));
        assert_eq!(ok[0]["level"], "INFO");
        assert_eq!(ok[0]["message"], "job.sh exited with status 0 after 1.5s");
        assert_eq!(
            ok[0]["meta"],
            serde_json::json!({"command": "job.sh", "host": "web-1", "exit_code": 0,
                               "duration_ms": 1500, "pid": 7})
        );
        let failed = body(lifecycle.exited(7, ExitStatus::from_raw(2 << 8), Duration::ZERO));
        assert_eq!(failed[0]["level"], "ERROR");
        let killed = body(lifecycle.exited(7, ExitStatus::from_raw(9), Duration::ZERO));
        assert_eq!(killed[0]["level"], "ERROR");
        assert_eq!(
            killed[0]["message"],
            "job.sh was killed by SIGKILL after 0.0s"
        );
        assert_eq!(killed[0]["meta"]["signal"], 9);
        assert!(killed[0]["meta"].get("exit_code").is_none());
    }
}
