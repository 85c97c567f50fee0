//! The batcher: turns input events into entries and entries into batches,
//! sending a batch when it is full or when its oldest entry has waited the
//! flush interval.

use std::borrow::Cow;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::batch::{Batch, BatchBuilder, BatchLimits};
use crate::batch_queue::{Offer, QueueSender, WhenFull};
use crate::entry::{format_timestamp, Entry, EntryTemplate};
use crate::input::{split_lines, InputEvent};
use crate::level::Level;
use crate::shipper::DeliveryStats;
use crate::shutdown::ShutdownSignal;
use crate::undelivered::UndeliveredStore;

/// How often the batcher looks up from waiting, to notice a shutdown.
const TICK: Duration = Duration::from_millis(100);

/// How lines become batches.
#[derive(Debug, Clone)]
pub struct BatchingSettings {
    pub template: EntryTemplate,
    /// The level of every entry.
    pub level: Level,
    pub limits: BatchLimits,
    pub flush_interval: Duration,
}

/// What the batcher did.
#[derive(Debug, Default, Clone)]
pub struct BatchingStats {
    /// Entries made from input.
    pub entries: u64,
    /// Entries the batcher itself spooled, dropped or lost (a full queue, or
    /// delivery stopped).
    pub overflow: DeliveryStats,
    /// True when the delivery side went away before the input ended.
    pub delivery_stopped: bool,
}

/// Where batches go that the delivery queue does not take.
pub struct Overflow {
    pub when_full: WhenFull,
    pub store: Box<dyn UndeliveredStore>,
}

/// Runs until `events` closes (end of input), a shutdown is asked for, or
/// delivery stops; everything read and buffered is handed on before returning.
pub fn batch_events(
    events: Receiver<InputEvent>,
    batches: QueueSender,
    settings: &BatchingSettings,
    overflow: Overflow,
    shutdown: &ShutdownSignal,
) -> BatchingStats {
    let mut batcher = Batcher {
        settings,
        builder: BatchBuilder::new(settings.limits),
        batches,
        overflow,
        scratch: Vec::with_capacity(1024),
        stats: BatchingStats::default(),
    };
    loop {
        if shutdown.is_requested() || batcher.stats.delivery_stopped {
            // Stop reading; what was already read is still handed on.
            while let Ok(event) = events.try_recv() {
                batcher.handle(event);
            }
            break;
        }
        let wait = match batcher.builder.oldest_entry_at() {
            Some(oldest) => (oldest + settings.flush_interval)
                .saturating_duration_since(Instant::now())
                .min(TICK),
            None => TICK,
        };
        match events.recv_timeout(wait) {
            Ok(event) => batcher.handle(event),
            Err(RecvTimeoutError::Timeout) => {
                let due = batcher
                    .builder
                    .oldest_entry_at()
                    .is_some_and(|oldest| oldest.elapsed() >= settings.flush_interval);
                if due {
                    batcher.flush();
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    batcher.flush();
    batcher.stats
}

struct Batcher<'a> {
    settings: &'a BatchingSettings,
    builder: BatchBuilder,
    batches: QueueSender,
    overflow: Overflow,
    scratch: Vec<u8>,
    stats: BatchingStats,
}

impl Batcher<'_> {
    /// Adds the event's entries.
    fn handle(&mut self, event: InputEvent) {
        match event {
            InputEvent::Lines { data, read_at } => {
                let timestamp = format_timestamp(read_at);
                for line in split_lines(&data) {
                    let message = String::from_utf8_lossy(line);
                    let entry = Entry::new(self.settings.level, message, Cow::Borrowed(&timestamp));
                    self.add(&entry);
                }
            }
            InputEvent::LongLine {
                head,
                total_bytes,
                read_at,
            } => {
                let timestamp = format_timestamp(read_at);
                let message = String::from_utf8_lossy(&head);
                let total_bytes = usize::try_from(total_bytes).unwrap_or(usize::MAX);
                let entry = Entry::with_original_size(
                    self.settings.level,
                    message,
                    timestamp.into(),
                    total_bytes,
                );
                self.add(&entry);
            }
        }
    }

    fn add(&mut self, entry: &Entry<'_>) {
        self.scratch.clear();
        self.settings.template.encode(entry, &mut self.scratch);
        self.stats.entries += 1;
        if let Some(full) = self.builder.push(&self.scratch) {
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
    /// `--when-full` policy or the spool.
    fn send(&mut self, batch: Batch) {
        if self.stats.delivery_stopped {
            return self.keep(&batch);
        }
        let offer = match self.overflow.when_full {
            WhenFull::Block => self.batches.push_blocking(batch),
            WhenFull::Drop | WhenFull::Spool => self.batches.try_push(batch),
        };
        match offer {
            Offer::Queued => {}
            Offer::Full(batch) if self.overflow.when_full == WhenFull::Drop => {
                self.stats.overflow.dropped += batch.len() as u64;
                self.stats.overflow.lost += batch.len() as u64;
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
        match self.overflow.store.keep(&entries) {
            Ok(()) => self.stats.overflow.spooled += entries.len() as u64,
            Err(error) => {
                self.stats.overflow.lost += entries.len() as u64;
                self.stats.overflow.store_error = Some(format!("{error:#}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch_queue::{batch_queue, QueueReceiver};
    use crate::undelivered::NoStore;
    use std::sync::mpsc::sync_channel;

    fn settings(max_entries: usize) -> BatchingSettings {
        BatchingSettings {
            template: EntryTemplate::new("p", "s", vec![], Default::default()),
            level: Level::Info,
            limits: BatchLimits {
                max_entries,
                max_bytes: 1 << 20,
            },
            flush_interval: Duration::from_millis(50),
        }
    }

    fn overflow(when_full: WhenFull) -> Overflow {
        Overflow {
            when_full,
            store: Box::new(NoStore),
        }
    }

    fn drain(receiver: &QueueReceiver) -> Vec<usize> {
        std::iter::from_fn(|| receiver.recv_timeout(Duration::ZERO).ok())
            .map(|b| b.len())
            .collect()
    }

    fn lines(text: &str) -> InputEvent {
        InputEvent::Lines {
            data: text.as_bytes().to_vec(),
            read_at: chrono::Utc::now(),
        }
    }

    fn no_shutdown() -> ShutdownSignal {
        ShutdownSignal::new(Duration::from_secs(1))
    }

    #[test]
    fn full_batches_go_at_once_and_the_rest_at_the_end() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        batch_rx.set_healthy(false);
        event_tx.send(lines("a\nb\nc\n")).unwrap();
        drop(event_tx);
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(2),
            overflow(WhenFull::Block),
            &no_shutdown(),
        );
        assert_eq!(stats.entries, 3);
        assert_eq!(drain(&batch_rx), vec![2, 1]);
    }

    #[test]
    fn a_waiting_entry_is_sent_after_the_flush_interval() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        let batcher = std::thread::spawn(move || {
            batch_events(
                event_rx,
                batch_tx,
                &settings(100),
                overflow(WhenFull::Block),
                &no_shutdown(),
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

    #[test]
    fn stops_when_delivery_goes_away_and_keeps_what_it_holds() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        drop(batch_rx);
        event_tx.send(lines("a\nb\n")).unwrap();
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(1),
            overflow(WhenFull::Block),
            &no_shutdown(),
        );
        assert!(stats.delivery_stopped);
        assert_eq!(stats.overflow.lost, 2, "no spool: counted as lost");
    }

    #[test]
    fn a_full_queue_drops_and_counts_with_when_full_drop() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        event_tx.send(lines("a\nb\nc\nd\ne\n")).unwrap();
        drop(event_tx);
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(1),
            overflow(WhenFull::Drop),
            &no_shutdown(),
        );
        assert_eq!(drain(&batch_rx).len(), 2, "two batches fit a healthy queue");
        assert_eq!(stats.overflow.dropped, 3);
    }

    #[test]
    fn a_shutdown_stops_reading_but_hands_on_what_was_read() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = batch_queue(1 << 20);
        batch_rx.set_healthy(false);
        event_tx.send(lines("a\nb\n")).unwrap();
        let shutdown = no_shutdown();
        shutdown.request();
        // The input stays open: only the shutdown ends the batcher.
        let stats = batch_events(
            event_rx,
            batch_tx,
            &settings(100),
            overflow(WhenFull::Block),
            &shutdown,
        );
        assert_eq!(stats.entries, 2);
        assert_eq!(drain(&batch_rx), vec![2]);
        drop(event_tx);
    }
}
