//! The batcher: turns input events into entries and entries into batches,
//! sending a batch when it is full or when its oldest entry has waited the
//! flush interval. Lines are understood by a [`LineInterpreter`] and, unless
//! multi-line joining is off, grouped into entries by a [`Joiner`], whose
//! pending entry is closed after its own timeout.

use std::borrow::Cow;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::batch::{Batch, BatchBuilder, BatchLimits};
use crate::detect::{LineInterpreter, LineSettings};
use crate::entry::{format_timestamp, Entry, EntryTemplate};
use crate::input::{split_lines, InputEvent};
use crate::level::Level;
use crate::multiline::{Joiner, MultilineMode, Record};

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
    let joiner = match settings.lines.multiline.mode {
        MultilineMode::Off => None,
        _ => Some(Joiner::new(settings.lines.multiline.clone())),
    };
    let mut batcher = Batcher {
        settings,
        builder: BatchBuilder::new(settings.limits),
        batches,
        scratch: Vec::with_capacity(1024),
        stats: BatchingStats::default(),
        interpreter: LineInterpreter::new(
            &settings.lines,
            settings.level,
            settings.template.meta_bytes(),
        ),
        joiner,
        read_time: None,
        previous: None,
    };
    loop {
        let flush_at = batcher
            .builder
            .oldest_entry_at()
            .map(|oldest| oldest + settings.flush_interval);
        let close_at = batcher.joiner.as_ref().and_then(Joiner::deadline);
        let deadline = match (flush_at, close_at) {
            (Some(flush_at), Some(close_at)) => Some(flush_at.min(close_at)),
            (flush_at, close_at) => flush_at.or(close_at),
        };
        let event = match deadline {
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        if !batcher.on_timeout() {
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
    if batcher.close_pending() {
        batcher.flush();
    }
    batcher.stats
}

struct Batcher<'a> {
    settings: &'a BatchingSettings,
    builder: BatchBuilder,
    batches: SyncSender<Batch>,
    scratch: Vec<u8>,
    stats: BatchingStats,
    interpreter: LineInterpreter,
    /// Groups lines into multi-line entries; `None` with `--multiline off`.
    joiner: Option<Joiner>,
    /// The last read time formatted, reused while records share it.
    read_time: Option<(DateTime<Utc>, String)>,
    /// Level and timestamp of the last entry made from a record, taken by a
    /// part split off a multi-line entry that outgrew its limits.
    previous: Option<(Level, String)>,
}

impl Batcher<'_> {
    /// Adds the event's entries; false once delivery has stopped.
    fn handle(&mut self, event: InputEvent) -> bool {
        match event {
            InputEvent::Lines { data, read_at } => {
                let timestamp = format_timestamp(read_at);
                let now = Instant::now();
                let mut lines = split_lines(&data).map(String::from_utf8_lossy);
                let mut current = lines.next();
                while let Some(text) = current {
                    // The next line, when it is in this event already, tells
                    // whether this one stands alone (most do): then it is
                    // not held for joining, nor copied.
                    let next = lines.next();
                    let interpreter = &self.interpreter;
                    let level = |first: &str| interpreter.detected_level(first);
                    let held = match (self.joiner.as_mut(), &next) {
                        (None, _) => None,
                        (Some(joiner), Some(next)) if joiner.stands_alone(&text, next, level) => {
                            None
                        }
                        (Some(joiner), _) => Some(joiner.push(&text, read_at, now, level)),
                    };
                    let added = match held {
                        None => {
                            let entry = self.interpreter.entry(
                                &text,
                                "",
                                read_at,
                                Cow::Borrowed(&timestamp),
                                None,
                            );
                            self.add(&entry)
                        }
                        Some(Some(record)) => self.add_record(record),
                        Some(None) => true,
                    };
                    if !added {
                        return false;
                    }
                    current = next;
                }
                true
            }
            InputEvent::LongLine {
                head,
                total_bytes,
                read_at,
            } => {
                if !self.close_pending() {
                    return false;
                }
                let timestamp = format_timestamp(read_at);
                let message = String::from_utf8_lossy(&head);
                let total_bytes = usize::try_from(total_bytes).unwrap_or(usize::MAX);
                let entry = self.interpreter.entry(
                    &message,
                    "",
                    read_at,
                    timestamp.into(),
                    Some(total_bytes),
                );
                self.add(&entry)
            }
        }
    }

    /// Makes the entry of a multi-line record and adds it.
    fn add_record(&mut self, record: Record) -> bool {
        let fallback = match self.read_time.take() {
            Some((at, text)) if at == record.read_at => (at, text),
            _ => (record.read_at, format_timestamp(record.read_at)),
        };
        let mut entry = self.interpreter.entry(
            record.first_line(),
            record.continuation(),
            record.read_at,
            Cow::Borrowed(&fallback.1),
            None,
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
        let added = self.add(&entry);
        drop(entry);
        self.read_time = Some(fallback);
        if let Some(joiner) = self.joiner.as_mut() {
            joiner.recycle(record);
        }
        added
    }

    /// Closes the pending multi-line entry; false once delivery has stopped.
    fn close_pending(&mut self) -> bool {
        match self.joiner.as_mut().and_then(Joiner::take) {
            Some(record) => self.add_record(record),
            None => true,
        }
    }

    /// Closes a multi-line entry and sends a batch whose time has come.
    fn on_timeout(&mut self) -> bool {
        let now = Instant::now();
        let close_due = self
            .joiner
            .as_ref()
            .and_then(Joiner::deadline)
            .is_some_and(|deadline| deadline <= now);
        if close_due && !self.close_pending() {
            return false;
        }
        let flush_due = self
            .builder
            .oldest_entry_at()
            .is_some_and(|oldest| oldest + self.settings.flush_interval <= now);
        if flush_due {
            return self.flush();
        }
        true
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
            lines: LineSettings::verbatim(),
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

    fn understood(mut settings: BatchingSettings) -> BatchingSettings {
        settings.lines = LineSettings::default();
        settings
    }

    fn messages(batches: &Receiver<Batch>) -> Vec<String> {
        batches
            .try_iter()
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
        let (batch_tx, batch_rx) = sync_channel(8);
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
        let stats = batch_events(event_rx, batch_tx, &understood(settings(100)));
        assert_eq!(stats.entries, 4);
        assert_eq!(
            messages(&batch_rx),
            ["ERROR boom\n\tat a\n\tat b", "next", "long", "last"]
        );
    }

    #[test]
    fn a_pending_entry_is_closed_by_its_timeout_while_input_stays_open() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = sync_channel(8);
        let mut settings = understood(settings(100));
        settings.flush_interval = Duration::from_millis(10);
        settings.lines.multiline.timeout = Duration::from_millis(100);
        let batcher = std::thread::spawn(move || batch_events(event_rx, batch_tx, &settings));
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
    fn stops_when_delivery_goes_away() {
        let (event_tx, event_rx) = sync_channel(8);
        let (batch_tx, batch_rx) = sync_channel(8);
        drop(batch_rx);
        event_tx.send(lines("a\nb\n")).unwrap();
        let stats = batch_events(event_rx, batch_tx, &settings(1));
        assert!(stats.delivery_stopped);
    }
}
