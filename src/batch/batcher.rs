//! The batcher: turns input events into entries and entries into batches,
//! sending a batch when it is full or when its oldest entry has waited the
//! flush interval. Lines are understood by a [`LineInterpreter`] and, unless
//! multi-line joining is off, grouped into entries by a [`Joiner`], whose
//! pending entry is closed after its own timeout.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::batch::body::{Batch, BatchBuilder, BatchLimits};
use crate::batch::queue::{Offer, QueueSender, WhenFull};
use crate::entry::{format_timestamp, Entry, EntryTemplate};
use crate::filter::{EntryFilter, FilterSettings, Verdict};
use crate::input::lines::decode_line;
use crate::input::read_ahead::ReadAhead;
use crate::input::InputEvent;
use crate::level::Level;
use crate::output::progress::Counters;
use crate::output::report::DeliveryStats;
use crate::shutdown::ShutdownSignal;
use crate::spool::undelivered::{keep_in, UndeliveredStore};
use crate::understand::multiline::{Joiner, MultilineMode, Record};
use crate::understand::panic_guard;
use crate::understand::{LineInterpreter, LineReading, LineSettings};

/// How often the batcher looks up from waiting, to notice a shutdown.
const TICK: Duration = Duration::from_millis(100);

/// How lines become batches.
#[derive(Debug, Clone)]
pub struct BatchingSettings {
    pub template: EntryTemplate,
    /// The level of an entry whose line names none.
    pub level: Level,
    pub limits: BatchLimits,
    pub flush_interval: Duration,
    /// How lines are understood and joined ([`LineSettings::verbatim`] for
    /// one entry per line, as is).
    pub lines: LineSettings,
    /// What is masked in entries, and which are shipped.
    pub filter: FilterSettings,
}

impl BatchingSettings {
    /// The interpreter of lines for these settings: the batcher's, and the
    /// one that reads lines ahead of it, which must read them alike.
    pub fn interpreter(&self) -> LineInterpreter {
        LineInterpreter::new(&self.lines, self.level, self.template.meta_bytes())
    }

    /// What reads lines ahead of this batcher, on the reader's thread.
    pub fn read_ahead(&self) -> ReadAhead {
        ReadAhead::new(&self.lines, self.interpreter())
    }
}

/// What the batcher did.
#[derive(Debug, Default, Clone)]
pub struct BatchingStats {
    /// Entries made from input, with `--max-rate`'s summary entries.
    pub entries: u64,
    /// Entries the batcher itself settled: spooled, dropped or lost (a full
    /// queue, or delivery stopped), filtered or rate-limited.
    pub overflow: DeliveryStats,
    /// True when the delivery side went away before the input ended.
    pub delivery_stopped: bool,
    /// False when the batcher stopped waiting for a reader still open (one
    /// stuck past the shutdown deadline).
    pub reader_closed: bool,
}

/// Where batches go that the delivery queue does not take.
pub struct Overflow {
    pub when_full: WhenFull,
    pub store: Box<dyn UndeliveredStore>,
}

/// How long the batcher waits for its reader to close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderWait {
    /// To the end: `run` must drain the command's output, or it would block.
    ToTheEnd,
    /// Until the shutdown deadline: `pipe`'s reader stops at a stop, unless
    /// it is stuck writing the console mirror.
    UntilDeadline,
}

/// How a batcher ends.
pub struct Ending<'a> {
    /// Past its deadline the batcher no longer waits for room in the queue:
    /// what does not fit is spooled.
    pub shutdown: &'a ShutdownSignal,
    pub reader_wait: ReaderWait,
    /// Raised when delivery stopped for good, so that the reader stops.
    pub stop_reading: Option<&'a AtomicBool>,
}

impl<'a> Ending<'a> {
    /// Waits for the reader to the end; blocks until the shutdown deadline.
    pub fn to_the_end(shutdown: &'a ShutdownSignal) -> Self {
        Ending {
            shutdown,
            reader_wait: ReaderWait::ToTheEnd,
            stop_reading: None,
        }
    }
}

/// Runs until `events` closes (the reader ended: end of input, or a stop),
/// or until the shutdown deadline when `ending` says so; everything read
/// and buffered is handed on before returning.
pub fn batch_events(
    events: Receiver<InputEvent>,
    batches: QueueSender,
    settings: &BatchingSettings,
    overflow: Overflow,
    ending: &Ending<'_>,
) -> BatchingStats {
    batch_events_counted(events, batches, settings, overflow, ending, None)
}

/// [`batch_events`], publishing into `progress` (for `pipe`'s progress bar)
/// the entries made so far with each batch handed on, and those dropped.
pub fn batch_events_counted(
    events: Receiver<InputEvent>,
    batches: QueueSender,
    settings: &BatchingSettings,
    overflow: Overflow,
    ending: &Ending<'_>,
    progress: Option<&Counters>,
) -> BatchingStats {
    let joiner = match settings.lines.multiline.mode {
        MultilineMode::Off => None,
        _ => Some(Joiner::new(settings.lines.multiline.clone())),
    };
    let mut batcher = Batcher {
        settings,
        builder: BatchBuilder::new(settings.limits),
        batches,
        overflow,
        scratch: Vec::with_capacity(1024),
        stats: BatchingStats::default(),
        interpreter: settings.interpreter(),
        filter: EntryFilter::new(&settings.filter),
        joiner,
        read_time: None,
        previous: None,
        pending_reading: None,
        arrivals: ArrivalCache::default(),
        shutdown: ending.shutdown,
        progress,
    };
    loop {
        if let (true, Some(stop)) = (batcher.stats.delivery_stopped, ending.stop_reading) {
            stop.store(true, Ordering::SeqCst);
        }
        let give_up_on_reader =
            ending.reader_wait == ReaderWait::UntilDeadline && ending.shutdown.is_past_deadline();
        if give_up_on_reader {
            // A reader stuck past the deadline: take what it handed on.
            while let Ok(event) = events.try_recv() {
                batcher.handle(event);
            }
            break;
        }
        let flush_at = batcher
            .builder
            .oldest_entry_at()
            .map(|oldest| oldest + settings.flush_interval);
        let close_at = batcher.joiner.as_ref().and_then(Joiner::deadline);
        let deadline = match (flush_at, close_at) {
            (Some(flush_at), Some(close_at)) => Some(flush_at.min(close_at)),
            (flush_at, close_at) => flush_at.or(close_at),
        };
        let wait = deadline.map_or(TICK, |deadline| {
            deadline.saturating_duration_since(Instant::now()).min(TICK)
        });
        let wait = match ending.shutdown.is_requested() {
            true => wait.min(ShutdownSignal::wake_every()),
            false => wait,
        };
        match events.recv_timeout(wait) {
            Ok(event) => batcher.handle(event),
            Err(RecvTimeoutError::Timeout) => batcher.on_timeout(),
            Err(RecvTimeoutError::Disconnected) => {
                batcher.stats.reader_closed = true;
                break;
            }
        }
    }
    batcher.close_pending();
    batcher.add_last_summary();
    batcher.flush();
    batcher.stats
}

/// The monotonic time at which a line read at `read_at` (wall clock) arrived.
fn arrival_of(read_at: DateTime<Utc>) -> Instant {
    let age = (Utc::now() - read_at).to_std().unwrap_or(Duration::ZERO);
    Instant::now().checked_sub(age).unwrap_or_else(Instant::now)
}

/// Remembers the arrival of the last read time asked about: the lines of one
/// read share it, so the clocks are read once a read, not once a line.
#[derive(Default)]
struct ArrivalCache(Option<(DateTime<Utc>, Instant)>);

impl ArrivalCache {
    fn arrival_of(&mut self, read_at: DateTime<Utc>) -> Instant {
        match self.0 {
            Some((cached, arrived_at)) if cached == read_at => arrived_at,
            _ => {
                let arrived_at = arrival_of(read_at);
                self.0 = Some((read_at, arrived_at));
                arrived_at
            }
        }
    }
}

/// The level `line` names: from its reading, when one was made ahead.
fn level_of(
    line: &str,
    reading: Option<&LineReading>,
    interpreter: &LineInterpreter,
) -> Option<Level> {
    match reading {
        Some(reading) => reading.level(),
        None => interpreter.detected_level(line),
    }
}

/// When the lines of one read arrived, in the forms the batcher needs.
struct ReadClock {
    read_at: DateTime<Utc>,
    /// `read_at` formatted: the timestamp of lines that carry none.
    timestamp: String,
    now: Instant,
    arrived_at: Instant,
}

struct Batcher<'a> {
    settings: &'a BatchingSettings,
    builder: BatchBuilder,
    batches: QueueSender,
    overflow: Overflow,
    scratch: Vec<u8>,
    stats: BatchingStats,
    interpreter: LineInterpreter,
    /// Masks secrets, and says which entries are shipped.
    filter: EntryFilter,
    /// Groups lines into multi-line entries; `None` with `--multiline off`.
    joiner: Option<Joiner>,
    /// The last read time formatted, reused while records share it.
    read_time: Option<(DateTime<Utc>, String)>,
    /// Level and timestamp of the last entry made from a record, taken by a
    /// part split off a multi-line entry that outgrew its limits.
    previous: Option<(Level, String)>,
    /// The reading made ahead of the pending multi-line entry's first line.
    pending_reading: Option<LineReading>,
    arrivals: ArrivalCache,
    shutdown: &'a ShutdownSignal,
    /// Where the progress bar reads the entries made and dropped.
    progress: Option<&'a Counters>,
}

impl Batcher<'_> {
    /// Adds the event's entries.
    fn handle(&mut self, event: InputEvent) {
        match event {
            InputEvent::Lines {
                data,
                read_at,
                readings,
            } => {
                let read = ReadClock {
                    read_at,
                    timestamp: format_timestamp(read_at),
                    now: Instant::now(),
                    arrived_at: self.arrivals.arrival_of(read_at),
                };
                // Readings made ahead come one per line, in order.
                let mut readings = readings.into_iter();
                let mut lines = data.lines().map(|line| (line, readings.next().flatten()));
                let mut current = lines.next();
                while let Some((text, reading)) = current {
                    let next = lines.next();
                    let next_text = next.as_ref().map(|(next, _)| next.as_ref());
                    let handled =
                        panic_guard::guarded(|| self.handle_line(&text, reading, next_text, &read));
                    if let Err(panic) = handled {
                        self.ship_as_plain_text(&text, &read, panic.as_str());
                    }
                    current = next;
                }
            }
            InputEvent::LongLine {
                head,
                total_bytes,
                read_at,
            } => {
                self.close_pending();
                let timestamp = format_timestamp(read_at);
                let message = decode_line(&head);
                let total_bytes = usize::try_from(total_bytes).unwrap_or(usize::MAX);
                let understood = panic_guard::guarded(|| {
                    self.interpreter.entry(
                        &message,
                        "",
                        read_at,
                        Cow::Borrowed(&timestamp),
                        Some(total_bytes),
                    )
                });
                let entry = understood.unwrap_or_else(|panic| {
                    panic_guard::warn_once(&panic);
                    Entry::with_original_size(
                        self.settings.level,
                        message.clone(),
                        Cow::Borrowed(&timestamp),
                        total_bytes,
                    )
                });
                let arrived_at = self.arrivals.arrival_of(read_at);
                self.add(entry, arrived_at);
            }
        }
    }

    /// After understanding `text` panicked: ships the pending multi-line
    /// entry (whose state may be half made) and `text` as plain text at the
    /// default level, with the time they were read.
    fn ship_as_plain_text(&mut self, text: &str, read: &ReadClock, panic: &str) {
        panic_guard::warn_once(panic);
        self.pending_reading = None;
        if let Some(record) = self.joiner.as_mut().and_then(Joiner::take) {
            let message = format!("{}{}", record.first_line(), record.continuation());
            let entry = Entry::new(
                self.settings.level,
                Cow::Owned(message),
                Cow::Owned(format_timestamp(record.read_at)),
            );
            let arrived_at = self.arrivals.arrival_of(record.read_at);
            self.add(entry, arrived_at);
        }
        let entry = Entry::new(
            self.settings.level,
            Cow::Borrowed(text),
            Cow::Borrowed(read.timestamp.as_str()),
        );
        self.add(entry, read.arrived_at);
    }

    /// Adds the entry of one line of a [`InputEvent::Lines`], or holds the
    /// line for joining. `next` is the line after it, when it was read
    /// already: it tells whether this one stands alone (most do). Such a
    /// line is neither held nor copied.
    fn handle_line(
        &mut self,
        text: &str,
        reading: Option<LineReading>,
        next: Option<&str>,
        read: &ReadClock,
    ) {
        #[cfg(test)]
        if text.contains(tests::PANICKING_LINE) {
            panic!("a line that panics, for the tests");
        }
        if self.joiner.is_none() {
            return self.add_line(text, reading, read);
        }
        // A line that does not continue the pending entry closes it, and
        // may then stand alone itself.
        if let Some(record) = self.close_unless_continued(text) {
            self.add_record(record);
        }
        if next.is_some_and(|next| self.stands_alone(text, next, reading.as_ref())) {
            return self.add_line(text, reading, read);
        }
        self.hold(text, reading, read);
    }

    fn close_unless_continued(&mut self, text: &str) -> Option<Record> {
        let Batcher {
            joiner,
            interpreter,
            pending_reading,
            ..
        } = self;
        joiner.as_mut()?.close_unless_continued(text, |first| {
            level_of(first, pending_reading.as_ref(), interpreter)
        })
    }

    fn stands_alone(&self, text: &str, next: &str, reading: Option<&LineReading>) -> bool {
        self.joiner.as_ref().is_some_and(|joiner| {
            joiner.stands_alone(text, next, |first| {
                level_of(first, reading, &self.interpreter)
            })
        })
    }

    /// Hands a line to the joiner: it continues the pending entry (one it
    /// does not continue was closed already) or starts one.
    fn hold(&mut self, text: &str, reading: Option<LineReading>, read: &ReadClock) {
        let Some(joiner) = self.joiner.as_mut() else {
            return;
        };
        let starts_entry = !joiner.is_pending();
        if let Some(record) = joiner.hold(text, read.read_at, read.now) {
            self.add_record(record);
        }
        if starts_entry {
            self.pending_reading = reading;
        }
    }

    /// Adds the entry of a line that stands alone.
    fn add_line(&mut self, text: &str, mut reading: Option<LineReading>, read: &ReadClock) {
        let fallback = Cow::Borrowed(read.timestamp.as_str());
        let entry = self
            .interpreter
            .entry_with(reading.as_mut(), text, "", read.read_at, fallback);
        self.add(entry, read.arrived_at);
    }

    /// Makes the entry of a multi-line record and adds it.
    fn add_record(&mut self, record: Record) {
        let fallback = match self.read_time.take() {
            Some((at, text)) if at == record.read_at => (at, text),
            _ => (record.read_at, format_timestamp(record.read_at)),
        };
        // The reading made ahead is of the record's first line; a part split
        // off a longer entry has none.
        let mut reading = self
            .pending_reading
            .take()
            .filter(|_| !record.continues_previous);
        let mut entry = self.interpreter.entry_with(
            reading.as_mut(),
            record.first_line(),
            record.continuation(),
            record.read_at,
            Cow::Borrowed(fallback.1.as_str()),
        );
        match (&mut self.previous, record.continues_previous) {
            (Some((level, timestamp)), true) => {
                entry.level = *level;
                entry.timestamp = Cow::Owned(timestamp.clone());
            }
            (Some((level, timestamp)), false) => {
                *level = entry.level;
                timestamp.clear();
                timestamp.push_str(&entry.timestamp);
            }
            (None, _) => self.previous = Some((entry.level, entry.timestamp.to_string())),
        }
        let arrived_at = self.arrivals.arrival_of(record.read_at);
        self.add(entry, arrived_at);
        self.read_time = Some(fallback);
        if let Some(joiner) = self.joiner.as_mut() {
            joiner.recycle(record);
        }
    }

    /// Closes the pending multi-line entry.
    fn close_pending(&mut self) {
        if let Some(record) = self.joiner.as_mut().and_then(Joiner::take) {
            self.add_record(record);
        }
    }

    /// Closes a multi-line entry and sends a batch whose time has come.
    fn on_timeout(&mut self) {
        let now = Instant::now();
        let close_due = self
            .joiner
            .as_ref()
            .and_then(Joiner::deadline)
            .is_some_and(|deadline| deadline <= now);
        if close_due {
            self.close_pending();
        }
        self.add_summary_due(now);
        let flush_due = self
            .builder
            .oldest_entry_at()
            .is_some_and(|oldest| oldest + self.settings.flush_interval <= now);
        if flush_due {
            self.flush();
        }
    }

    /// Filters the entry and, unless it is not shipped, masks its secrets
    /// and encodes it into the batch.
    fn add(&mut self, mut entry: Entry<'_>, arrived_at: Instant) {
        self.stats.entries += 1;
        self.add_summary_due(arrived_at);
        match self.filter.admit(&mut entry, arrived_at) {
            Verdict::Ship => self.encode(&entry, arrived_at),
            Verdict::Filtered => self.stats.overflow.filtered += 1,
            Verdict::RateLimited => self.stats.overflow.rate_limited += 1,
        }
    }

    /// Adds `--max-rate`'s summary of the interval over at `now`, if due.
    fn add_summary_due(&mut self, now: Instant) {
        if let Some(summary) = self
            .filter
            .summary_due(now, || format_timestamp(Utc::now()))
        {
            self.stats.entries += 1;
            self.encode(&summary, now);
        }
    }

    /// Adds `--max-rate`'s summary of what is held back, at the end.
    fn add_last_summary(&mut self) {
        if let Some(summary) = self.filter.last_summary(format_timestamp(Utc::now())) {
            self.stats.entries += 1;
            self.encode(&summary, Instant::now());
        }
    }

    fn encode(&mut self, entry: &Entry<'_>, arrived_at: Instant) {
        self.scratch.clear();
        self.settings.template.encode(entry, &mut self.scratch);
        if let Some(full) = self.builder.push(&self.scratch, arrived_at) {
            self.send(full);
        }
        if let Some(full) = self.builder.take_if_full() {
            self.send(full);
        }
    }

    /// Sends what is buffered.
    fn flush(&mut self) {
        if let Some(batch) = self.builder.take() {
            self.send(batch);
        }
    }

    /// Hands a batch to delivery, or, when delivery cannot take it, to the
    /// `--when-full` policy or the spool. Once delivery has stopped, what is
    /// read is kept rather than dropped, and the caller notices
    /// `delivery_stopped` at the top of its loop.
    fn send(&mut self, batch: Batch) {
        if let Some(progress) = self.progress {
            let unshipped = self.stats.overflow.filtered + self.stats.overflow.rate_limited;
            progress
                .entries_made
                .store(self.stats.entries - unshipped, Ordering::Relaxed);
        }
        if self.stats.delivery_stopped {
            return self.keep(&batch);
        }
        let shutdown = self.shutdown;
        let offer = match self.overflow.when_full {
            // Past the shutdown deadline nothing waits for room: what does
            // not fit is spooled.
            WhenFull::Block => {
                self.batches
                    .push_blocking_until(batch, ShutdownSignal::wake_every(), || {
                        shutdown.is_past_deadline()
                    })
            }
            WhenFull::Drop | WhenFull::Spool => self.batches.try_push(batch),
        };
        match offer {
            Offer::Queued => {}
            Offer::Full(batch) if self.overflow.when_full == WhenFull::Drop => {
                if let Some(progress) = self.progress {
                    progress
                        .entries_dropped
                        .fetch_add(batch.len() as u64, Ordering::Relaxed);
                }
                self.stats.overflow.dropped.buffer_full += batch.len() as u64;
            }
            Offer::Full(batch) => self.keep(&batch),
            Offer::Closed(batch) => {
                self.stats.delivery_stopped = true;
                self.keep(&batch);
            }
        }
    }

    fn keep(&mut self, batch: &Batch) {
        let entries: Vec<&[u8]> = batch.entries().collect();
        keep_in(
            &mut *self.overflow.store,
            &entries,
            &mut self.stats.overflow,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::queue::{batch_queue, QueueReceiver};
    use crate::spool::undelivered::NoStore;
    use std::sync::mpsc::sync_channel;

    fn overflow(when_full: WhenFull) -> Overflow {
        Overflow {
            when_full,
            store: Box::new(NoStore),
        }
    }

    fn no_shutdown() -> ShutdownSignal {
        ShutdownSignal::new(Duration::from_secs(1))
    }

    /// Runs the batcher with a queue that holds everything.
    fn run(
        event_rx: Receiver<InputEvent>,
        settings: &BatchingSettings,
    ) -> (BatchingStats, QueueReceiver) {
        let (batch_tx, batch_rx) = batch_queue(usize::MAX);
        batch_rx.set_healthy(false);
        let shutdown = no_shutdown();
        let stats = batch_events(
            event_rx,
            batch_tx,
            settings,
            overflow(WhenFull::Block),
            &Ending::to_the_end(&shutdown),
        );
        (stats, batch_rx)
    }

    fn drain(receiver: &QueueReceiver) -> Vec<Batch> {
        std::iter::from_fn(|| receiver.recv_timeout(Duration::ZERO).ok()).collect()
    }

    fn settings(max_entries: usize) -> BatchingSettings {
        BatchingSettings {
            template: EntryTemplate::new("p", "s", vec![], Default::default()),
            level: Level::Info,
            limits: BatchLimits {
                max_entries,
                max_bytes: 1 << 20,
            },
            flush_interval: Duration::from_millis(50),
            lines: LineSettings::verbatim(),
            filter: FilterSettings::default(),
        }
    }

    fn lines(text: &str) -> InputEvent {
        InputEvent::lines(text.as_bytes().to_vec(), chrono::Utc::now())
    }

    /// A line holding this panics while being understood (tests only).
    pub const PANICKING_LINE: &str = "\u{1}panic\u{1}";

    #[test]
    fn a_line_whose_understanding_panics_is_shipped_as_plain_text() {
        let (event_tx, event_rx) = sync_channel(8);
        let text = format!("ERROR one\n\tat a.B(B.java:1)\nbad {PANICKING_LINE}\nlast\n");
        event_tx.send(lines(&text)).unwrap();
        drop(event_tx);
        let (stats, batch_rx) = run(event_rx, &understood(settings(100)));
        assert_eq!(stats.entries, 3);
        assert_eq!(
            messages(&batch_rx),
            [
                "ERROR one\n\tat a.B(B.java:1)".to_owned(),
                format!("bad {PANICKING_LINE}"),
                "last".to_owned()
            ]
        );
    }

    #[test]
    fn full_batches_go_at_once_and_the_rest_at_the_end() {
        let (event_tx, event_rx) = sync_channel(8);
        event_tx.send(lines("a\nb\nc\n")).unwrap();
        drop(event_tx);
        let (stats, batch_rx) = run(event_rx, &settings(2));
        assert_eq!(stats.entries, 3);
        let sizes: Vec<usize> = drain(&batch_rx).iter().map(Batch::len).collect();
        assert_eq!(sizes, vec![2, 1]);
    }

    #[test]
    fn a_waiting_entry_is_sent_after_the_flush_interval() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(usize::MAX);
        let batcher = std::thread::spawn(move || {
            batch_events(
                event_rx,
                batch_tx,
                &settings(100),
                overflow(WhenFull::Block),
                &Ending::to_the_end(&no_shutdown()),
            )
        });
        event_tx.send(lines("slow\n")).unwrap();
        let batch = batch_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("flushed by the interval");
        assert_eq!(batch.len(), 1);
        drop(event_tx);
        batcher.join().unwrap();
    }

    fn understood(mut settings: BatchingSettings) -> BatchingSettings {
        settings.lines = LineSettings::default();
        settings
    }

    fn messages(batches: &QueueReceiver) -> Vec<String> {
        drain(batches)
            .iter()
            .flat_map(|batch| {
                let body: serde_json::Value = serde_json::from_slice(batch.body()).unwrap();
                body.as_array()
                    .unwrap()
                    .iter()
                    .map(|entry| entry["message"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn continuation_lines_join_across_reads_and_the_last_entry_goes_at_the_end() {
        let (event_tx, event_rx) = sync_channel(8);
        event_tx.send(lines("ERROR boom\n\tat a\n")).unwrap();
        event_tx.send(lines("\tat b\nnext\n")).unwrap();
        event_tx
            .send(InputEvent::LongLine {
                head: b"long".to_vec(),
                total_bytes: 9000,
                read_at: chrono::Utc::now(),
            })
            .unwrap();
        event_tx.send(lines("last\n")).unwrap();
        drop(event_tx);
        let (stats, batch_rx) = run(event_rx, &understood(settings(100)));
        assert_eq!(stats.entries, 4);
        assert_eq!(
            messages(&batch_rx),
            ["ERROR boom\n\tat a\n\tat b", "next", "long", "last"]
        );
    }

    #[test]
    fn a_pending_entry_is_closed_by_its_timeout_while_input_stays_open() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(usize::MAX);
        let mut settings = understood(settings(100));
        settings.flush_interval = Duration::from_millis(10);
        settings.lines.multiline.timeout = Duration::from_millis(100);
        let batcher = std::thread::spawn(move || {
            batch_events(
                event_rx,
                batch_tx,
                &settings,
                overflow(WhenFull::Block),
                &Ending::to_the_end(&no_shutdown()),
            )
        });
        let sent = Instant::now();
        event_tx.send(lines("ERROR boom\n\tat a\n")).unwrap();
        let batch = batch_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("closed by the multi-line timeout");
        assert!(sent.elapsed() >= Duration::from_millis(100));
        assert_eq!(batch.len(), 1);
        drop(event_tx);
        batcher.join().unwrap();
    }

    #[test]
    fn stops_when_delivery_goes_away_and_keeps_what_it_holds() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        drop(batch_rx);
        event_tx.send(lines("a\nb\n")).unwrap();
        drop(event_tx);
        let stop_reading = AtomicBool::new(false);
        let shutdown = no_shutdown();
        let ending = Ending {
            stop_reading: Some(&stop_reading),
            ..Ending::to_the_end(&shutdown)
        };
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(1),
            overflow(WhenFull::Block),
            &ending,
        );
        assert!(stats.delivery_stopped);
        assert!(
            stop_reading.load(Ordering::SeqCst),
            "the reader is told to stop"
        );
        assert_eq!(
            stats.overflow.dropped.no_spool, 2,
            "no spool: counted as dropped"
        );
    }

    #[test]
    fn a_full_queue_drops_and_counts_with_when_full_drop() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        event_tx.send(lines("a\nb\nc\nd\ne\n")).unwrap();
        drop(event_tx);
        let shutdown = no_shutdown();
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(1),
            overflow(WhenFull::Drop),
            &Ending::to_the_end(&shutdown),
        );
        assert_eq!(drain(&batch_rx).len(), 2, "two batches fit a healthy queue");
        assert_eq!(stats.overflow.dropped.buffer_full, 3);
        assert_eq!(
            stats.overflow.settled() + 2,
            stats.entries,
            "each counted once"
        );
    }

    #[test]
    fn the_progress_bar_hears_the_entries_made_and_dropped() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, _batch_rx) = batch_queue(1 << 20);
        event_tx.send(lines("a\nb\nc\nd\ne\n")).unwrap();
        drop(event_tx);
        let counters = Counters::default();
        let shutdown = no_shutdown();
        let stats = batch_events_counted(
            event_rx,
            batch_tx,
            &settings(1),
            overflow(WhenFull::Drop),
            &Ending::to_the_end(&shutdown),
            Some(&counters),
        );
        assert_eq!(counters.entries_made.load(Ordering::Relaxed), 5);
        assert_eq!(
            counters.entries_dropped.load(Ordering::Relaxed),
            stats.overflow.dropped.buffer_full
        );
        assert_eq!(stats.overflow.dropped.buffer_full, 3);
    }

    #[test]
    fn past_the_deadline_a_reader_that_stays_open_is_not_waited_for() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        batch_rx.set_healthy(false);
        event_tx.send(lines("a\nb\n")).unwrap();
        let shutdown = ShutdownSignal::new(Duration::ZERO);
        shutdown.request();
        // The input stays open (a reader stuck on the mirror): only the
        // shutdown deadline ends the batcher.
        let ending = Ending {
            reader_wait: ReaderWait::UntilDeadline,
            ..Ending::to_the_end(&shutdown)
        };
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(100),
            overflow(WhenFull::Block),
            &ending,
        );
        assert_eq!(stats.entries, 2);
        assert_eq!(drain(&batch_rx).len(), 1);
        drop(event_tx);
    }
}

#[cfg(test)]
mod contract_properties {
    //! Whatever bytes come in, every entry that goes out satisfies the API contract.

    use super::*;
    use crate::batch::queue::batch_queue;
    use crate::entry::{assert_within_contract, MAX_MESSAGE_BYTES};
    use crate::input::lines::read_lines;
    use crate::output::mirror::Mirror;
    use crate::spool::undelivered::NoStore;
    use proptest::prelude::*;
    use serde_json::Value;
    use std::sync::mpsc::sync_channel;

    fn ship_bytes(input: &[u8]) -> Vec<Value> {
        let (event_tx, event_rx) = sync_channel(1024);
        read_lines(input, &mut Mirror::disabled(), |event| {
            event_tx.send(event).is_ok()
        })
        .unwrap();
        drop(event_tx);
        let (batch_tx, batch_rx) = batch_queue(usize::MAX);
        batch_rx.set_healthy(false);
        let settings = BatchingSettings {
            template: EntryTemplate::new(
                "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10",
                "prop",
                vec![],
                Default::default(),
            ),
            level: Level::Warn,
            limits: BatchLimits {
                max_entries: 7,
                max_bytes: 64 * 1024,
            },
            flush_interval: Duration::from_secs(60),
            lines: LineSettings::verbatim(),
            filter: FilterSettings::shipping_all_as_is(),
        };
        let overflow = Overflow {
            when_full: WhenFull::Block,
            store: Box::new(NoStore),
        };
        batch_events(
            event_rx,
            batch_tx,
            &settings,
            overflow,
            &Ending::to_the_end(&ShutdownSignal::new(Duration::ZERO)),
        );
        std::iter::from_fn(|| batch_rx.recv_timeout(Duration::ZERO).ok())
            .flat_map(|batch| {
                match serde_json::from_slice::<Value>(batch.body()).expect("a body is JSON") {
                    Value::Array(entries) => entries,
                    other => panic!("a body is an array, not {other}"),
                }
            })
            .collect()
    }

    /// The contract, and what `pipe` adds: a message is never empty, and
    /// project and source are always there.
    fn assert_contract(entry: &Value) {
        assert_within_contract(entry);
        assert!(!entry["message"].as_str().unwrap().is_empty());
        assert!(entry["source"].is_string() && entry["projectId"].is_string());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn any_bytes_become_contract_valid_entries(input in proptest::collection::vec(any::<u8>(), 0..20_000)) {
            let entries = ship_bytes(&input);
            let expected_lines = input
                .split(|&b| b == b'\n')
                .filter(|line| !line.is_empty() && *line != b"\r")
                .count();
            prop_assert_eq!(entries.len(), expected_lines);
            entries.iter().for_each(assert_contract);
        }

        #[test]
        fn long_lines_of_any_text_are_cut_to_the_limit(
            text in "\\PC{1,40}",
            repeat in 1usize..2000,
        ) {
            let line = text.repeat(repeat);
            let entries = ship_bytes(format!("{line}\n").as_bytes());
            prop_assert_eq!(entries.len(), 1);
            assert_contract(&entries[0]);
            let message = entries[0]["message"].as_str().unwrap();
            prop_assert!(line.starts_with(message));
            if line.len() > MAX_MESSAGE_BYTES {
                prop_assert_eq!(entries[0]["meta"]["original_bytes"].as_u64(), Some(line.len() as u64));
            }
        }
    }
}
