//! `logingestor pipe`: every line of stdin (or of files) as an entry.
//!
//! Three threads joined by bounded queues: the reader (input → lines, and the
//! console mirror), the batcher (lines → batches, on this thread) and the
//! delivery thread (batches → API, with retries and the spool).

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use crate::batch::batcher::{batch_events_counted, Ending, ReaderWait};
use crate::batch::queue::batch_queue;
use crate::cli::PipeArgs;
use crate::commands::{
    batching_settings, overflow_for, shipper_with_store, sink_for, store_for, tell,
    warn_about_placeholder_project,
};
use crate::config::Config;
use crate::deliver::senders::spawn_delivery;
use crate::deliver::sink::CountingSink;
use crate::input::files::{open_inputs, spawn_reader, total_input_bytes};
use crate::input::{InputEvent, EVENT_QUEUE_DEPTH};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::mirror::Mirror;
use crate::output::progress::{progress_wanted, Counters, ProgressBar, Stderr, Stdout};
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
    let progress = progress_bar(&args.files, config, &counters);

    let (event_tx, event_rx) = sync_channel::<InputEvent>(EVENT_QUEUE_DEPTH);
    // Raised by the batcher when delivery stopped for good; a stop signal
    // stops the reader too. Either way, nothing more is read.
    let stop_reading = Arc::new(AtomicBool::new(false));
    let stop = {
        let shutdown = shutdown.clone();
        let stop_reading = Arc::clone(&stop_reading);
        move || shutdown.is_requested() || stop_reading.load(Ordering::SeqCst)
    };
    let reader = spawn_reader(
        inputs,
        stop,
        {
            let mirror = config.mirror_on_stdout();
            move || Mirror::stdout(mirror)
        },
        settings.read_ahead(),
        event_tx,
        Arc::clone(&counters),
    )
    .context("cannot start the reader thread")?;

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
    tell(&report, config);

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

/// The progress bar of reading `files`, when one may be drawn: their size
/// is known, and stderr is a terminal nothing else prints on.
fn progress_bar(
    files: &[PathBuf],
    config: &Config,
    counters: &Arc<Counters>,
) -> Option<ProgressBar> {
    let total_bytes = total_input_bytes(files);
    let stderr = match io::stderr().is_terminal() {
        true => Stderr::Terminal,
        false => Stderr::NotATerminal,
    };
    let prints_on_stdout = config.mirror_on_stdout() || config.connection.dry_run;
    let stdout = match prints_on_stdout && io::stdout().is_terminal() {
        true => Stdout::BusyOnTerminal,
        false => Stdout::Free,
    };
    progress_wanted(total_bytes, config.console.progress, stderr, stdout)
        .then(|| ProgressBar::start(total_bytes.unwrap_or_default(), Arc::clone(counters)))
}
