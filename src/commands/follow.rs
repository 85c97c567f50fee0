//! `logingestor follow --once PATH...`: ships what was appended to log files
//! since the last run, each line once, across rotation between runs.
//!
//! Wired as `pipe --file` is (reader thread → batcher on this thread →
//! delivery thread), with the follower's reader: it reads the ranges the
//! plan made from the saved positions. The new positions are saved only
//! after delivery ended, and only when every entry read was delivered,
//! spooled or dead-lettered: a crash before that re-sends, never loses.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use crate::batch::batcher::{batch_events_counted, Ending, ReaderWait};
use crate::batch::queue::batch_queue;
use crate::cli::{FollowArgs, FromArg};
use crate::commands::{
    batching_settings, overflow_for, shipper_with_store, sink_for, store_for, tell,
    warn_about_placeholder_project,
};
use crate::config::Config;
use crate::deliver::engine::spawn_delivery;
use crate::deliver::sink::CountingSink;
use crate::input::follow::discover::PathPattern;
use crate::input::follow::plan::{plan, FirstSight, Plan};
use crate::input::follow::positions::{Position, Positions, PositionsFile};
use crate::input::follow::read::{spawn_follow_reader, ReadOutcome};
use crate::input::{InputEvent, EVENT_QUEUE_DEPTH};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::mirror::Mirror;
use crate::output::progress::Counters;
use crate::output::report::RunReport;
use crate::shutdown::ShutdownSignal;
use crate::spool::counting::CountingStore;

/// Reads every followed file from its position to its end and ships it;
/// `Ok` only when all of it was accepted and every file could be read.
pub fn run(args: &FollowArgs, config: &Config) -> anyhow::Result<()> {
    if !args.once {
        return Err(Failure::new(
            ExitCode::Usage,
            "follow without --once (following files as they grow) is not built yet",
        )
        .with_hint("run it from cron: */5 * * * * logingestor follow --once /var/log/app.log")
        .into());
    }
    let settings = config
        .follow
        .as_ref()
        .ok_or_else(|| Failure::new(ExitCode::Internal, "follow's settings were not resolved"))?;
    let patterns = args
        .paths
        .iter()
        .map(|text| PathPattern::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| Failure::new(ExitCode::Usage, message))?;
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
    warn_about_placeholder_project(config);

    let positions_file = PositionsFile::lock(&settings.positions)?;
    let saved = positions_file.load(&mut |warning| warn(&warning))?;
    let first_sight = match settings.from {
        FromArg::End => FirstSight::End,
        FromArg::Start => FirstSight::Start,
    };
    let mut plan = plan(&patterns, saved.as_ref(), first_sight);
    for warning in &plan.warnings {
        warn(warning);
    }
    let jobs = std::mem::take(&mut plan.jobs);
    let read_jobs: Vec<(std::path::PathBuf, Position)> = jobs
        .iter()
        .map(|job| {
            let position = Position::new(&job.path, &job.identity, job.start, job.place);
            (job.found_at.clone(), position)
        })
        .collect();

    let batching_settings = batching_settings(
        config,
        project_id,
        config.entries.meta.value.clone(),
        config.entries.level.value,
    );
    let (event_tx, event_rx) = sync_channel::<InputEvent>(EVENT_QUEUE_DEPTH);
    // Raised by the batcher when delivery stopped for good; a stop signal
    // stops the reader too. Either way, nothing more is read.
    let stop_reading = Arc::new(AtomicBool::new(false));
    let stop = {
        let shutdown = shutdown.clone();
        let stop_reading = Arc::clone(&stop_reading);
        move || shutdown.is_requested() || stop_reading.load(Ordering::SeqCst)
    };
    let mirror = config.mirror_on_stdout();
    let reader = spawn_follow_reader(
        jobs,
        stop,
        move || Mirror::stdout(mirror),
        batching_settings.read_ahead(),
        event_tx,
    )
    .context("cannot start the reader thread")?;

    let (batch_tx, batch_rx) = batch_queue(config.batching.max_buffer);
    let delivery = spawn_delivery(shipper, batch_rx);
    // The reader reads regular files and stops at a stop: waiting for it to
    // close means every line it handed on was batched, so its offsets hold.
    let ending = Ending {
        shutdown: &shutdown,
        reader_wait: ReaderWait::ToTheEnd,
        stop_reading: Some(&stop_reading),
    };
    let batching = batch_events_counted(
        event_rx,
        batch_tx,
        &batching_settings,
        overflow,
        &ending,
        Some(&counters),
    );
    let outcomes = reader
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the reader thread panicked"))?;
    let mut stats = delivery
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the delivery thread panicked"))?;
    stats.absorb(batching.overflow);
    let report = RunReport {
        read: batching.entries,
        stats,
        elapsed: started.elapsed(),
    };
    tell(&report, config);
    let read_failed = tell_read_errors(&read_jobs, &outcomes);
    save_positions(
        &positions_file,
        &patterns,
        read_jobs,
        &outcomes,
        plan,
        &report,
        config,
    )?;
    report.into_result()?;
    if read_failed {
        return Err(Failure::new(
            ExitCode::NoInput,
            "some files could not be read (see above); the next run tries them again",
        )
        .into());
    }
    Ok(())
}

/// Saves the positions reached, when every entry read is delivered, spooled
/// or dead-lettered; else says why they stay where they were.
fn save_positions(
    file: &PositionsFile,
    patterns: &[PathPattern],
    read_jobs: Vec<(std::path::PathBuf, Position)>,
    outcomes: &[ReadOutcome],
    plan: Plan,
    report: &RunReport,
    config: &Config,
) -> Result<(), Failure> {
    if config.connection.dry_run {
        eprintln!("logingestor: note: a dry run saves no positions");
        return Ok(());
    }
    let stats = &report.stats;
    if stats.dropped.total() > 0 || stats.settled() < report.read {
        warn(&format!(
            "the positions in {} are not saved: not every line read was delivered or spooled, \
             so the next run reads them again (some may be sent twice)",
            file.path().display()
        ));
        return Ok(());
    }
    let mut files: Vec<Position> = read_jobs
        .into_iter()
        .zip(outcomes)
        .map(|((_, mut position), outcome)| {
            position.offset = outcome.read_to;
            position
        })
        .collect();
    files.extend(plan.kept);
    let patterns = patterns.iter().map(PathPattern::text).collect();
    file.save(&Positions::new(patterns, files))
        .map_err(|failure| {
            let message = format!(
                "{}; the lines of this run were shipped, and the next run sends them again",
                failure.message
            );
            Failure::new(failure.exit_code, message)
        })
}

/// Tells each read that failed part way; true when there was one.
fn tell_read_errors(
    read_jobs: &[(std::path::PathBuf, Position)],
    outcomes: &[ReadOutcome],
) -> bool {
    let mut failed = false;
    for ((found_at, _), outcome) in read_jobs.iter().zip(outcomes) {
        if let Some(error) = &outcome.error {
            failed = true;
            warn(&format!(
                "cannot read {}: {error}; the next run goes on from byte {}",
                found_at.display(),
                outcome.read_to
            ));
        }
    }
    failed
}

/// A warning on stderr.
fn warn(warning: &str) {
    eprintln!("logingestor: warning: {warning}");
}
