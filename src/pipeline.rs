//! The batcher: turns input events into entries and entries into batches,
//! sending a batch when it is full or when its oldest entry has waited the
//! flush interval.

use std::borrow::Cow;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use crate::batch::{Batch, BatchBuilder, BatchLimits};
use crate::entry::{format_timestamp, Entry, EntryTemplate};
use crate::input::{split_lines, InputEvent};
use crate::level::Level;

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
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchingStats {
    /// Entries made from input and handed on for delivery (or lost with it).
    pub entries: u64,
    /// True when the delivery side went away before the input ended.
    pub delivery_stopped: bool,
}

/// Runs until `events` closes (end of input) or delivery stops; everything
/// buffered is sent before returning.
pub fn batch_events(
    events: Receiver<InputEvent>,
    batches: SyncSender<Batch>,
    settings: &BatchingSettings,
) -> BatchingStats {
    let mut batcher = Batcher {
        settings,
        builder: BatchBuilder::new(settings.limits),
        batches,
        scratch: Vec::with_capacity(1024),
        stats: BatchingStats::default(),
    };
    loop {
        let event = match batcher.builder.oldest_entry_at() {
            Some(oldest) => {
                let wait =
                    (oldest + settings.flush_interval).saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        if !batcher.flush() {
                            break;
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match events.recv() {
                Ok(event) => event,
                Err(_) => break,
            },
        };
        if !batcher.handle(event) {
            break;
        }
    }
    batcher.flush();
    batcher.stats
}

struct Batcher<'a> {
    settings: &'a BatchingSettings,
    builder: BatchBuilder,
    batches: SyncSender<Batch>,
    scratch: Vec<u8>,
    stats: BatchingStats,
}

impl Batcher<'_> {
    /// Adds the event's entries; false once delivery has stopped.
    fn handle(&mut self, event: InputEvent) -> bool {
        match event {
            InputEvent::Lines { data, read_at } => {
                let timestamp = format_timestamp(read_at);
                for line in split_lines(&data) {
                    let message = String::from_utf8_lossy(line);
                    let entry = Entry::new(self.settings.level, message, Cow::Borrowed(&timestamp));
                    if !self.add(&entry) {
                        return false;
                    }
                }
                true
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
                self.add(&entry)
            }
        }
    }

    fn add(&mut self, entry: &Entry<'_>) -> bool {
        self.scratch.clear();
        self.settings.template.encode(entry, &mut self.scratch);
        self.stats.entries += 1;
        if let Some(full) = self.builder.push(&self.scratch) {
            if !self.send(full) {
                return false;
            }
        }
        match self.builder.take_if_full() {
            Some(full) => self.send(full),
            None => true,
        }
    }

    /// Sends what is buffered; false once delivery has stopped.
    fn flush(&mut self) -> bool {
        match self.builder.take() {
            Some(batch) => self.send(batch),
            None => true,
        }
    }

    fn send(&mut self, batch: Batch) -> bool {
        if self.batches.send(batch).is_err() {
            self.stats.delivery_stopped = true;
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn lines(text: &str) -> InputEvent {
        InputEvent::Lines {
            data: text.as_bytes().to_vec(),
            read_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn full_batches_go_at_once_and_the_rest_at_the_end() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = sync_channel(8);
        event_tx.send(lines("a\nb\nc\n")).unwrap();
        drop(event_tx);
        let stats = batch_events(event_rx, batch_tx, &settings(2));
        assert_eq!(stats.entries, 3);
        let sizes: Vec<usize> = batch_rx.iter().map(|batch| batch.len()).collect();
        assert_eq!(sizes, vec![2, 1]);
    }

    #[test]
    fn a_waiting_entry_is_sent_after_the_flush_interval() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = sync_channel(8);
        let batcher = std::thread::spawn(move || batch_events(event_rx, batch_tx, &settings(100)));
        event_tx.send(lines("slow\n")).unwrap();
        let batch = batch_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("flushed by the interval");
        assert_eq!(batch.len(), 1);
        drop(event_tx);
        batcher.join().unwrap();
    }

    #[test]
    fn stops_when_delivery_goes_away() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = sync_channel(8);
        drop(batch_rx);
        event_tx.send(lines("a\nb\n")).unwrap();
        let stats = batch_events(event_rx, batch_tx, &settings(1));
        assert!(stats.delivery_stopped);
    }
}
