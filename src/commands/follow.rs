//! `logingestor follow PATH...`: ships the lines appended to log files, each
//! once, across rotation, deletion and restarts.
//!
//! The work is done in passes. A pass plans what to read from the positions
//! (what was read and delivered so far), reads it as `pipe --file` does
//! (reader thread → batcher on this thread → delivery thread), waits for
//! delivery to end, and only then moves the positions on, when every entry
//! read was delivered, spooled or dead-lettered: a crash before that
//! re-sends that pass's lines, never loses them. `--once` is one pass; the
//! follower without it makes a pass whenever a watched directory changes
//! (inotify), at the latest every [`POLL_EVERY`], and at most once per
//! flush interval.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::batch::batcher::{batch_events_counted, Ending, ReaderWait};
use crate::batch::queue::batch_queue;
use crate::cli::{FollowArgs, FromArg};
use crate::commands::{
    batching_settings, overflow_for, shipper_with_store, sink_for, store_for, tell,
    warn_about_placeholder_project,
};
use crate::config::Config;
use crate::deliver::senders::spawn_delivery;
use crate::deliver::sink::CountingSink;
use crate::input::follow::discover::PathPattern;
use crate::input::follow::plan::{plan, FirstSight, HeldFiles, ReadJob};
use crate::input::follow::positions::{Place, Position, Positions, PositionsFile};
use crate::input::follow::read::{spawn_follow_reader, ReadOutcome};
use crate::input::follow::watch::Watcher;
use crate::input::{InputEvent, EVENT_QUEUE_DEPTH};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::mirror::Mirror;
use crate::output::progress::Counters;
use crate::output::report::{DeliveryStats, RunReport};
use crate::shutdown::ShutdownSignal;
use crate::spool::counting::CountingStore;

/// The slow poll: a pass at least this often, for file systems whose
/// changes inotify does not see (NFS, a directory that did not exist).
pub const POLL_EVERY: Duration = Duration::from_secs(5);

/// Follows the files of `args`; `Ok` only when everything read was accepted
/// and every file could be read.
pub fn run(args: &FollowArgs, config: &Config) -> anyhow::Result<()> {
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
    config.project_id_for_entries()?;
    // Fails early, before anything is read, when no key is configured.
    sink_for(config)?;
    let shutdown = ShutdownSignal::install(config.delivery.shutdown_timeout)
        .context("cannot install the SIGINT/SIGTERM handlers")?;
    warn_about_placeholder_project(config);
    let positions_file = PositionsFile::lock(&settings.positions)?;
    let mut told = HashSet::new();
    let saved = positions_file.load(&mut |warning| tell_once(&mut told, &warning))?;
    let mut follower = Follower {
        config,
        patterns,
        first_sight: match settings.from {
            FromArg::End => FirstSight::End,
            FromArg::Start => FirstSight::Start,
        },
        positions_file,
        saved,
        held: HeldFiles::new(),
        shutdown,
        told,
        read: 0,
        stats: DeliveryStats::default(),
        read_failed: false,
    };
    if args.once {
        follower.pass(Pass::Always)?;
    } else {
        follower.follow()?;
    }
    if config.connection.dry_run {
        eprintln!("logingestor: note: a dry run saves no positions");
    }
    let report = RunReport {
        read: follower.read,
        stats: follower.stats,
        elapsed: started.elapsed(),
    };
    tell(&report, config);
    report.into_result()?;
    // A follower tries an unreadable file again at each pass; a --once run
    // says that one was left unread.
    if args.once && follower.read_failed {
        return Err(Failure::new(
            ExitCode::NoInput,
            "some files could not be read (see above); the next run tries them again",
        )
        .into());
    }
    Ok(())
}

/// A follower's state between passes.
struct Follower<'a> {
    config: &'a Config,
    patterns: Vec<PathPattern>,
    first_sight: FirstSight,
    positions_file: PositionsFile,
    /// The positions everything before which is delivered or kept.
    saved: Option<Positions>,
    /// The files of the saved positions, kept open (so a deleted one is
    /// still read to its end).
    held: HeldFiles,
    shutdown: ShutdownSignal,
    /// Warnings told already: each is told once.
    told: HashSet<String>,
    read: u64,
    stats: DeliveryStats,
    /// The last pass could not read some file.
    read_failed: bool,
}

impl Follower<'_> {
    /// Makes passes until a stop signal: one when a watched directory
    /// changes, at the latest every [`POLL_EVERY`], at most one a flush interval.
    fn follow(&mut self) -> anyhow::Result<()> {
        let watcher = Watcher::new(&self.patterns);
        let shutdown = self.shutdown.clone();
        let stop = move || shutdown.is_requested();
        loop {
            let pass_started = Instant::now();
            self.pass(Pass::WhenSomethingIsNew)?;
            if stop() {
                return Ok(());
            }
            watcher.wait(POLL_EVERY, &stop);
            // A busy file is read in large gulps, not a line a pass.
            let gap = self.config.batching.flush_interval;
            while !stop() && pass_started.elapsed() < gap {
                std::thread::sleep(
                    (gap - pass_started.elapsed()).min(ShutdownSignal::wake_every()),
                );
            }
            if stop() {
                return Ok(());
            }
        }
    }

    /// One pass: reads what is new, ships it, and moves the positions on
    /// when all of it was delivered or kept.
    fn pass(&mut self, pass: Pass) -> anyhow::Result<()> {
        let mut plan = plan(
            &self.patterns,
            self.saved.as_ref(),
            self.first_sight,
            &self.held,
        );
        for warning in std::mem::take(&mut plan.warnings) {
            tell_once(&mut self.told, &warning);
        }
        let jobs = std::mem::take(&mut plan.jobs);
        let kept_aside: Vec<Kept> = jobs.iter().map(Kept::of).collect();
        // Files and PATHs seen for the first time are saved before they are
        // read: a crash while shipping must not make the next run take them
        // for new again, and read them from their end.
        let starts = self.positions_of(
            kept_aside.iter().map(|kept| kept.position.clone()),
            &plan.kept,
        );
        self.save(&starts)?;
        self.saved = Some(starts);
        let idle = pass == Pass::WhenSomethingIsNew && jobs.iter().all(|job| job.start >= job.end);
        let (outcomes, report) = match idle {
            // No client, threads nor spool replay for an idle pass.
            true => (
                kept_aside
                    .iter()
                    .map(|kept| ReadOutcome {
                        read_to: kept.position.offset,
                        error: None,
                    })
                    .collect(),
                None,
            ),
            false => {
                let (outcomes, report) = self.ship(jobs)?;
                (outcomes, Some(report))
            }
        };
        self.read_failed = plan.unreadable | tell_read_errors(&kept_aside, &outcomes);
        let everything_kept = report.as_ref().is_none_or(|report| {
            report.stats.dropped.total() == 0 && report.stats.settled() >= report.read
        });
        if let Some(report) = report {
            self.read += report.read;
            self.stats.absorb(report.stats);
        }
        if !everything_kept {
            tell_once(
                &mut self.told,
                &format!(
                    "the positions in {} are not moved on: not every line read was delivered or \
                     spooled, so they are read again (some may be sent twice)",
                    self.positions_file.path().display()
                ),
            );
            return Ok(());
        }
        self.move_on(kept_aside, &outcomes, plan.kept)
    }

    /// Takes the positions reached as the saved ones (on disk too, unless a
    /// dry run), and holds the files they are in.
    fn move_on(
        &mut self,
        kept_aside: Vec<Kept>,
        outcomes: &[ReadOutcome],
        unread: Vec<Position>,
    ) -> anyhow::Result<()> {
        let mut files = Vec::new();
        let mut held = HeldFiles::new();
        for (kept, outcome) in kept_aside.into_iter().zip(outcomes) {
            // A deleted file read to its end is let go of: its space is freed.
            if kept.place == Place::Deleted && outcome.read_to >= kept.end {
                continue;
            }
            let mut position = kept.position;
            position.offset = outcome.read_to;
            if let Some(file) = kept.file {
                held.insert((position.device, position.inode), file);
            }
            files.push(position);
        }
        let positions = self.positions_of(files.into_iter(), &unread);
        self.save(&positions).map_err(|failure| {
            let message = format!(
                "{}; the lines read were shipped, and the next run sends them again",
                failure.message
            );
            Failure::new(failure.exit_code, message)
        })?;
        self.saved = Some(positions);
        self.held = held;
        Ok(())
    }

    /// The positions file's contents for `files`, and `unread` kept as they were.
    fn positions_of(
        &self,
        files: impl Iterator<Item = Position>,
        unread: &[Position],
    ) -> Positions {
        let patterns = self.patterns.iter().map(PathPattern::text).collect();
        Positions::new(patterns, files.chain(unread.iter().cloned()).collect())
    }

    /// Writes `positions` to the positions file, unless they are there
    /// already (or this is a dry run).
    fn save(&self, positions: &Positions) -> Result<(), Failure> {
        if self.saved.as_ref() == Some(positions) || self.config.connection.dry_run {
            return Ok(());
        }
        self.positions_file.save(positions)
    }

    /// Reads `jobs` and ships their lines; how far each was read, and what
    /// became of the entries.
    fn ship(&self, jobs: Vec<ReadJob>) -> anyhow::Result<(Vec<ReadOutcome>, RunReport)> {
        let config = self.config;
        let started = Instant::now();
        let project_id = config.project_id_for_entries()?;
        let counters = Arc::new(Counters::default());
        let sink = Box::new(CountingSink::new(sink_for(config)?, Arc::clone(&counters)));
        let store = CountingStore::new(store_for(config)?, Arc::clone(&counters));
        let shipper = shipper_with_store(sink, Box::new(store), config, self.shutdown.clone());
        let mut overflow = overflow_for(config)?;
        overflow.store = Box::new(CountingStore::new(overflow.store, Arc::clone(&counters)));
        let settings = batching_settings(
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
            let shutdown = self.shutdown.clone();
            let stop_reading = Arc::clone(&stop_reading);
            move || shutdown.is_requested() || stop_reading.load(Ordering::SeqCst)
        };
        let mirror = config.mirror_on_stdout();
        let reader = spawn_follow_reader(
            jobs,
            stop,
            move || Mirror::stdout(mirror),
            settings.read_ahead(),
            event_tx,
        )
        .context("cannot start the reader thread")?;
        let (batch_tx, batch_rx) = batch_queue(config.batching.max_buffer);
        let delivery = spawn_delivery(shipper, batch_rx);
        // The reader reads regular files and stops at a stop: waiting for it
        // to close means every line it handed on was batched, so its offsets hold.
        let ending = Ending {
            shutdown: &self.shutdown,
            reader_wait: ReaderWait::ToTheEnd,
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
        Ok((outcomes, report))
    }
}

/// When a pass ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Always (`--once`): a run with nothing new still sends the spool.
    Always,
    /// Only when there is something new to read: an idle follower makes no
    /// connection and starts no thread.
    WhenSomethingIsNew,
}

/// What is kept of a read job while its file is being read: its position
/// at the start, where it was found, and a handle on the file.
struct Kept {
    position: Position,
    found_at: PathBuf,
    end: u64,
    place: Place,
    file: Option<std::fs::File>,
}

impl Kept {
    fn of(job: &ReadJob) -> Kept {
        Kept {
            position: Position::new(&job.path, &job.identity, job.start, job.place),
            found_at: job.found_at.clone(),
            end: job.end,
            place: job.place,
            file: job.file.try_clone().ok(),
        }
    }
}

/// Tells each read that failed part way; true when there was one.
fn tell_read_errors(kept: &[Kept], outcomes: &[ReadOutcome]) -> bool {
    let mut failed = false;
    for (kept, outcome) in kept.iter().zip(outcomes) {
        if let Some(error) = &outcome.error {
            failed = true;
            warn(&format!(
                "cannot read {}: {error}; it is read again from byte {}",
                kept.found_at.display(),
                outcome.read_to
            ));
        }
    }
    failed
}

/// A warning on stderr, unless it was told already.
fn tell_once(told: &mut HashSet<String>, warning: &str) {
    if told.insert(warning.to_owned()) {
        warn(warning);
    }
}

/// A warning on stderr.
fn warn(warning: &str) {
    eprintln!("logingestor: warning: {warning}");
}
