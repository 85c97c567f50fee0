//! The spool seen by the progress bar: a store that counts this run's
//! entries kept in it, and tells the counters while an earlier run's
//! segment is being sent (what is delivered then is not this run's).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::output::progress::Counters;
use crate::spool::undelivered::{KeepError, KeepOutcome, KeptSegment, UndeliveredStore};

/// A store that counts the entries of this run kept in it (spooled or
/// dead-lettered), and tells the counters while an older segment it handed
/// out is being sent.
pub struct CountingStore {
    inner: Box<dyn UndeliveredStore>,
    counters: Arc<Counters>,
}

impl CountingStore {
    /// Wraps `inner`, counting into `counters`.
    pub fn new(inner: Box<dyn UndeliveredStore>, counters: Arc<Counters>) -> Self {
        CountingStore { inner, counters }
    }

    fn count(&self, entries: &[&[u8]]) {
        if !self.counters.is_replaying() {
            self.counters
                .entries_kept
                .fetch_add(entries.len() as u64, Ordering::Relaxed);
        }
    }
}

impl UndeliveredStore for CountingStore {
    fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
        // Kept or lost, they are no longer to send.
        self.count(entries);
        self.inner.keep(entries)
    }

    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
        self.count(entries);
        self.inner.dead_letter(entries, reason)
    }

    fn claim_next(
        &mut self,
        skip: &HashSet<PathBuf>,
    ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        let segment = self.inner.claim_next(skip)?;
        Ok(segment.map(|inner| {
            self.counters.set_replaying(true);
            Box::new(ReplayedSegment {
                inner: Some(inner),
                counters: Arc::clone(&self.counters),
            }) as Box<dyn KeptSegment>
        }))
    }

    fn location(&self) -> Option<PathBuf> {
        self.inner.location()
    }

    fn waiting_entries(&self) -> u64 {
        self.inner.waiting_entries()
    }
}

/// A segment of an earlier run, being sent: the counters know it until the
/// shipper says what became of it.
struct ReplayedSegment {
    inner: Option<Box<dyn KeptSegment>>,
    counters: Arc<Counters>,
}

impl ReplayedSegment {
    /// The segment, for the shipper to say what became of it; the counters
    /// hear that the replay is over.
    fn into_inner(mut self) -> Box<dyn KeptSegment> {
        self.inner.take().expect("a segment is resolved once")
    }
}

impl Drop for ReplayedSegment {
    fn drop(&mut self) {
        self.counters.set_replaying(false);
    }
}

impl KeptSegment for ReplayedSegment {
    fn id(&self) -> PathBuf {
        self.inner
            .as_ref()
            .map(|inner| inner.id())
            .unwrap_or_default()
    }

    fn entries(&self) -> &[Vec<u8>] {
        self.inner.as_ref().map_or(&[], |inner| inner.entries())
    }

    fn unreadable(&self) -> u64 {
        self.inner.as_ref().map_or(0, |inner| inner.unreadable())
    }

    fn kept_by_this_run(&self) -> bool {
        self.inner
            .as_ref()
            .is_some_and(|inner| inner.kept_by_this_run())
    }

    fn project(&self) -> Option<String> {
        self.inner.as_ref().and_then(|inner| inner.project())
    }

    fn complete(self: Box<Self>) -> anyhow::Result<()> {
        (*self).into_inner().complete()
    }

    fn keep_remaining(self: Box<Self>, remaining: &[&[u8]]) -> anyhow::Result<()> {
        (*self).into_inner().keep_remaining(remaining)
    }

    fn release(self: Box<Self>) {
        (*self).into_inner().release()
    }
}
