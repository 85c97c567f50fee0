//! Where batches go: the ingest API, or stdout for `--dry-run`; and a sink
//! that counts what its inner one delivered, for the progress bar.

use std::io::{self, Write};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::batch::body::Batch;
use crate::deliver::client::{DeliveryError, IngestClient};
use crate::output::progress::Counters;

/// A destination for finished batches. Shared by the threads that send:
/// a request given up at the shutdown deadline may still be running on one
/// while the next goes out on another.
pub trait BatchSink: Send + Sync {
    /// Delivers one batch; `Ok` only when every entry was accepted.
    /// `timeout`, when given, bounds the request.
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError>;

    /// Request bytes sent so far, as they went on the wire.
    fn bytes_sent(&self) -> u64 {
        0
    }
}

/// Posts batches to the ingest API.
pub struct ApiSink {
    client: IngestClient,
}

impl ApiSink {
    /// A sink posting through `client`.
    pub fn new(client: IngestClient) -> Self {
        ApiSink { client }
    }
}

impl BatchSink for ApiSink {
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError> {
        self.client.post(batch, timeout).map(|_| ())
    }

    fn bytes_sent(&self) -> u64 {
        self.client.bytes_sent()
    }
}

/// Prints each request body on its own line instead of sending it.
pub struct DryRunSink<W: Write + Send> {
    out: Mutex<Option<W>>,
}

impl DryRunSink<io::Stdout> {
    /// A dry-run sink printing to stdout.
    pub fn stdout() -> Self {
        DryRunSink {
            out: Mutex::new(Some(io::stdout())),
        }
    }
}

impl<W: Write + Send> DryRunSink<W> {
    /// A dry-run sink printing to `out`.
    #[cfg(test)]
    pub fn new(out: W) -> Self {
        DryRunSink {
            out: Mutex::new(Some(out)),
        }
    }

    /// What it was printing to.
    #[cfg(test)]
    pub fn into_inner(self) -> Option<W> {
        self.out.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl<W: Write + Send> BatchSink for DryRunSink<W> {
    fn deliver(&self, batch: &Batch, _timeout: Option<Duration>) -> Result<(), DeliveryError> {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(writer) = out.as_mut() {
            let written = writer
                .write_all(batch.body())
                .and_then(|()| writer.write_all(b"\n"))
                .and_then(|()| writer.flush());
            if written.is_err() {
                // The reader of a dry run went away (`| head`): nothing left to show.
                *out = None;
            }
        }
        Ok(())
    }
}

/// A sink that counts the entries its inner sink delivered.
pub struct CountingSink {
    inner: Box<dyn BatchSink>,
    counters: Arc<Counters>,
}

impl CountingSink {
    /// Wraps `inner`, counting into `counters`.
    pub fn new(inner: Box<dyn BatchSink>, counters: Arc<Counters>) -> Self {
        CountingSink { inner, counters }
    }
}

impl BatchSink for CountingSink {
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError> {
        let outcome = self.inner.deliver(batch, timeout);
        if outcome.is_ok() && !self.counters.is_replaying() {
            self.counters
                .entries_sent
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        outcome
    }

    fn bytes_sent(&self) -> u64 {
        self.inner.bytes_sent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spool::counting::CountingStore;
    use crate::spool::undelivered::{KeepError, KeepOutcome, KeptSegment, UndeliveredStore};
    use std::collections::HashSet;
    use std::path::PathBuf;

    #[test]
    fn a_dry_run_prints_one_body_per_line() {
        let sink = DryRunSink::new(Vec::new());
        sink.deliver(&Batch::from_entries([&b"{}"[..]]), None)
            .unwrap();
        sink.deliver(&Batch::from_entries([&b"{}"[..], b"{}"]), None)
            .unwrap();
        assert_eq!(sink.into_inner().unwrap(), b"[{}]\n[{},{}]\n");
    }

    #[test]
    fn an_earlier_run_s_entries_sent_from_the_spool_are_not_counted_as_this_run_s() {
        /// One segment of two entries to claim, as a spool would hold.
        struct OneSegment(Option<Vec<Vec<u8>>>);
        struct Segment(Vec<Vec<u8>>);
        impl KeptSegment for Segment {
            fn id(&self) -> PathBuf {
                PathBuf::from("segment")
            }
            fn entries(&self) -> &[Vec<u8>] {
                &self.0
            }
            fn unreadable(&self) -> u64 {
                0
            }
            fn kept_by_this_run(&self) -> bool {
                false
            }
            fn project(&self) -> Option<String> {
                None
            }
            fn complete(self: Box<Self>) -> anyhow::Result<()> {
                Ok(())
            }
            fn keep_remaining(self: Box<Self>, _: &[&[u8]]) -> anyhow::Result<()> {
                Ok(())
            }
            fn release(self: Box<Self>) {}
        }
        impl UndeliveredStore for OneSegment {
            fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
                Ok(KeepOutcome {
                    kept: entries.len() as u64,
                    ..KeepOutcome::default()
                })
            }
            fn dead_letter(&mut self, _: &[&[u8]], _: &str) -> anyhow::Result<()> {
                Ok(())
            }
            fn claim_next(
                &mut self,
                _: &HashSet<PathBuf>,
            ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
                Ok(self
                    .0
                    .take()
                    .map(|e| Box::new(Segment(e)) as Box<dyn KeptSegment>))
            }
            fn location(&self) -> Option<PathBuf> {
                None
            }
            fn waiting_entries(&self) -> u64 {
                0
            }
        }
        struct Accepting;
        impl BatchSink for Accepting {
            fn deliver(&self, _: &Batch, _: Option<Duration>) -> Result<(), DeliveryError> {
                Ok(())
            }
        }

        let counters = Arc::new(Counters::default());
        let sink = CountingSink::new(Box::new(Accepting), Arc::clone(&counters));
        let mut store = CountingStore::new(
            Box::new(OneSegment(Some(vec![b"{}".to_vec(), b"{}".to_vec()]))),
            Arc::clone(&counters),
        );
        let this_run = Batch::from_entries([&b"{}"[..], b"{}", b"{}"]);
        sink.deliver(&this_run, None).unwrap();
        store.keep(&[b"{}"]).unwrap();
        let segment = store.claim_next(&HashSet::new()).unwrap().unwrap();
        let replayed = Batch::from_entries(segment.entries().iter().map(Vec::as_slice));
        sink.deliver(&replayed, None).unwrap();
        store.dead_letter(&[b"{}"], "invalid").unwrap();
        segment.complete().unwrap();
        sink.deliver(&this_run, None).unwrap();
        store.dead_letter(&[b"{}"], "invalid").unwrap();
        let progress = counters.snapshot();
        assert_eq!(progress.entries_sent, 6);
        assert_eq!(progress.entries_settled, 8);
        assert!(store.claim_next(&HashSet::new()).unwrap().is_none());
    }
}
