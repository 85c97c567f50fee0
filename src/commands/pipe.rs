//! `logingestor pipe`: every line of stdin (or of files) as an entry.
//!
//! Three threads joined by bounded queues: the reader (input → lines, and the
//! console mirror), the batcher (lines → batches, on this thread) and the
//! delivery thread (batches → API, with retries and the spool).

use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use anyhow::Context;

use crate::batch::batcher::{batch_events_counted, Ending, ReaderWait};
use crate::batch::queue::batch_queue;
use crate::cli::PipeArgs;
use crate::commands::{
    batching_settings, overflow_for, shipper_with_store, sink_for, store_for,
    warn_about_placeholder_project,
};
use crate::config::Config;
use crate::deliver::engine::spawn_delivery;
use crate::deliver::sink::CountingSink;
use crate::input::counting::CountingReader;
use crate::input::{read_lines, InputEvent, StoppableReader, EVENT_QUEUE_DEPTH};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::mirror::Mirror;
use crate::output::progress::{progress_wanted, Counters, ProgressBar};
use crate::output::report::RunReport;
use crate::shutdown::ShutdownSignal;
use crate::spool::counting::CountingStore;

/// Ships every line of the input; `Ok` only when all of them were accepted.
pub fn run(args: &PipeArgs, config: &Config) -> anyhow::Result<()> {
    let started = Instant::now();
    let project_id = config.project_id_for_entries()?;
    let shutdown = ShutdownSignal::install(config.delivery.shutdown_timeout)
        .context("cannot install the SIGINT/SIGTERM handlers")?;
    let counters = Arc::new(Counters::default());
    let sink = Box::new(CountingSink::new(sink_for(config)?, Arc::clone(&counters)));
    let store = CountingStore::new(store_for(config)?, Arc::clone(&counters));
    let shipper = shipper_with_store(sink, Box::new(store), config, shutdown.clone());
    let mut overflow = overflow_for(config)?;
    overflow.store = Box::new(CountingStore::new(overflow.store, Arc::clone(&counters)));
    let inputs = open_inputs(&args.files)?;
    warn_about_placeholder_project(config);

    let settings = batching_settings(
        config,
        project_id,
        config.entries.meta.value.clone(),
        config.entries.level.value,
    );
    let mirror_enabled = config.console.mirror.value && !config.connection.dry_run;
    let stdout_busy_on_terminal =
        (mirror_enabled || config.connection.dry_run) && io::stdout().is_terminal();
    let total_bytes = total_input_bytes(&args.files);
    let progress = progress_wanted(
        total_bytes,
        config.console.progress,
        io::stderr().is_terminal(),
        stdout_busy_on_terminal,
    )
    .then(|| ProgressBar::start(total_bytes.unwrap_or_default(), Arc::clone(&counters)));

    let (event_tx, event_rx) = sync_channel::<InputEvent>(EVENT_QUEUE_DEPTH);
    let read_ahead = settings.read_ahead();
    // Raised by the batcher when delivery stopped for good; a stop signal
    // stops the reader too. Either way, nothing more is read.
    let stop_reading = Arc::new(AtomicBool::new(false));
    let reader = {
        let shutdown = shutdown.clone();
        let stop_reading = Arc::clone(&stop_reading);
        let counters = Arc::clone(&counters);
        thread::Builder::new()
            .name("reader".into())
            .spawn(move || -> Result<(), Failure> {
                let stopped = || shutdown.is_requested() || stop_reading.load(Ordering::SeqCst);
                let mut mirror = Mirror::stdout(mirror_enabled);
                for input in inputs {
                    if stopped() {
                        break;
                    }
                    let stream = StoppableReader::new(input.file, stopped);
                    let stream = CountingReader::new(stream, Arc::clone(&counters));
                    read_lines(stream, &mut mirror, |event| {
                        event_tx.send(read_ahead.annotate(event)).is_ok()
                    })
                    .map_err(|error| {
                        Failure::new(
                            input.read_error_code,
                            format!("cannot read {}: {error}", input.name),
                        )
                    })?;
                }
                counters.input_done.store(true, Ordering::Relaxed);
                Ok(())
            })
            .context("cannot start the reader thread")?
    };

    let (batch_tx, batch_rx) = batch_queue(config.batching.max_buffer);
    let delivery = spawn_delivery(shipper, batch_rx);
    let ending = Ending {
        shutdown: &shutdown,
        reader_wait: ReaderWait::UntilDeadline,
        stop_reading: Some(&stop_reading),
    };
    let batching = batch_events_counted(
        event_rx,
        batch_tx,
        &settings,
        overflow,
        &ending,
        Some(&counters),
    );
    let mut stats = delivery
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the delivery thread panicked"))?;
    stats.absorb(batching.overflow);
    drop(progress);
    let report = RunReport {
        read: batching.entries,
        stats,
        elapsed: started.elapsed(),
    };
    for warning in report.warnings() {
        eprintln!("logingestor: warning: {warning}");
    }
    if config.console.stats {
        eprintln!("{}", report.stats_line());
    }

    // A reader stuck past the shutdown deadline (on a mirror nobody reads)
    // ends with the process; one that closed says whether the input did.
    if batching.reader_closed {
        let read_result = reader
            .join()
            .map_err(|_| Failure::new(ExitCode::Internal, "the reader thread panicked"))?;
        if let Err(failure) = read_result {
            report.into_result()?;
            return Err(failure.into());
        }
    }
    report.into_result()?;
    Ok(())
}

/// The size of all the input when every input is a regular file (stdin too);
/// `None` when any is a pipe or a terminal, whose size nobody knows.
fn total_input_bytes(files: &[PathBuf]) -> Option<u64> {
    let stdin_size = || {
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let metadata = File::from(fd).metadata().ok()?;
        metadata.is_file().then_some(metadata.len())
    };
    if files.is_empty() {
        return stdin_size();
    }
    files.iter().try_fold(0, |total, path| {
        let size = if path == &PathBuf::from("-") {
            stdin_size()?
        } else {
            let metadata = std::fs::metadata(path).ok()?;
            metadata.is_file().then_some(metadata.len())?
        };
        Some(total + size)
    })
}

/// One input to read.
struct Input {
    /// The name for error messages.
    name: String,
    /// The open file; stdin as a duplicate of descriptor 0, read without the
    /// standard library's buffer and waited on with `poll(2)`.
    file: File,
    /// What a read error ends the run with: 66 for a `--file`, which could
    /// not be read; 74 for stdin, a local I/O failure.
    read_error_code: ExitCode,
}

impl Input {
    fn stdin() -> Result<Input, Failure> {
        let fd = io::stdin().as_fd().try_clone_to_owned().map_err(|error| {
            Failure::new(ExitCode::IoError, format!("cannot read stdin: {error}"))
        })?;
        Ok(Input {
            name: "stdin".to_owned(),
            file: File::from(fd),
            read_error_code: ExitCode::IoError,
        })
    }
}

/// Opens every `--file` up front, so a wrong path (or a directory) fails
/// before anything is shipped; no files means stdin.
fn open_inputs(files: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    if files.is_empty() {
        return Ok(vec![Input::stdin()?]);
    }
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            if path == &PathBuf::from("-") {
                return Input::stdin();
            }
            let file = File::open(path).map_err(|error| {
                Failure::new(ExitCode::NoInput, format!("cannot open {name}: {error}"))
            })?;
            if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
                return Err(Failure::new(
                    ExitCode::NoInput,
                    format!("cannot read {name}: it is a directory"),
                )
                .with_hint(
                    "name the files, each after its own --file: \
                     --file /var/log/app.log.1 --file /var/log/app.log",
                ));
            }
            Ok(Input {
                name,
                file,
                read_error_code: ExitCode::NoInput,
            })
        })
        .collect()
}
