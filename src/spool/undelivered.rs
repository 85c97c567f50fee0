//! Where entries go that cannot be delivered now (kept for a later try) or
//! ever (dead-lettered), seen by the shipper through one small interface so
//! that delivery does not depend on how they are stored.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::output::report::DeliveryStats;

/// What became of entries handed to [`UndeliveredStore::keep`], and of
/// entries kept before that had to make room for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeepOutcome {
    /// Entries kept.
    pub kept: u64,
    /// Entries of this call not kept: they would not fit under the store's cap.
    pub over_cap: u64,
    /// Entries this process kept earlier, deleted to make room.
    pub evicted_own: u64,
    /// Entries earlier runs kept, deleted to make room.
    pub evicted_earlier: u64,
}

/// Why entries could not be kept: they are lost.
#[derive(Debug)]
pub enum KeepError {
    /// There is no store (`--no-spool`).
    Disabled,
    /// The store could not be written.
    Failed(anyhow::Error),
}

/// Storage for undeliverable entries. Each entry is one encoded JSON object.
pub trait UndeliveredStore: Send {
    /// Keeps entries for a later run, as many as its cap allows.
    fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError>;

    /// Sets aside entries the API refused as invalid, with the reason.
    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()>;

    /// Takes the oldest kept segment that nobody else holds and that is not
    /// in `skip` (by [`KeptSegment::id`]), to try again.
    fn claim_next(
        &mut self,
        skip: &HashSet<PathBuf>,
    ) -> anyhow::Result<Option<Box<dyn KeptSegment>>>;

    /// Where entries are kept, for messages; `None` when nothing is kept.
    fn location(&self) -> Option<PathBuf>;

    /// How many kept entries are waiting that nobody else is sending right
    /// now, if it can tell.
    fn waiting_entries(&self) -> u64;
}

/// A segment of kept entries, held by this process until it says what became of it.
pub trait KeptSegment {
    /// What tells it apart from the other segments.
    fn id(&self) -> PathBuf;
    /// The entries, in their original order.
    fn entries(&self) -> &[Vec<u8>];
    /// Lines of it that were not entries, dead-lettered when it was claimed.
    fn unreadable(&self) -> u64;
    /// Whether this run kept it (its entries are then counted as this run's).
    fn kept_by_this_run(&self) -> bool;
    /// The project of its entries, as they were kept.
    fn project(&self) -> Option<String>;
    /// Every entry was delivered or dead-lettered: forget the segment.
    fn complete(self: Box<Self>) -> anyhow::Result<()>;
    /// Some were: keep only `remaining`.
    fn keep_remaining(self: Box<Self>, remaining: &[&[u8]]) -> anyhow::Result<()>;
    /// None were: leave it for later.
    fn release(self: Box<Self>);
}

/// Keeps `entries` of this run in `store`, counting in `stats` what was
/// kept, what the cap deleted, and what could not be kept.
pub fn keep_in(store: &mut dyn UndeliveredStore, entries: &[&[u8]], stats: &mut DeliveryStats) {
    let count = entries.len() as u64;
    match store.keep(entries) {
        Ok(kept) => {
            stats.spooled += kept.kept;
            stats.left_spool += kept.evicted_own;
            stats.dropped.spool_cap += kept.over_cap + kept.evicted_own;
            stats.earlier.dropped_by_cap += kept.evicted_earlier;
        }
        Err(KeepError::Disabled) => stats.dropped.no_spool += count,
        Err(KeepError::Failed(error)) => {
            stats.dropped.spool_unwritable += count;
            stats.store_error = Some(format!("{error:#}"));
        }
    }
}

/// `--no-spool`: nothing can be kept, so undeliverable entries are lost
/// (and counted), and rejected ones are reported but not written anywhere.
pub struct NoStore;

impl UndeliveredStore for NoStore {
    fn keep(&mut self, _entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
        Err(KeepError::Disabled)
    }

    fn dead_letter(&mut self, entries: &[&[u8]], _reason: &str) -> anyhow::Result<()> {
        anyhow::bail!(
            "{} rejected entries could not be kept: the spool is turned off",
            entries.len()
        )
    }

    fn claim_next(
        &mut self,
        _skip: &HashSet<PathBuf>,
    ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        Ok(None)
    }

    fn location(&self) -> Option<PathBuf> {
        None
    }

    fn waiting_entries(&self) -> u64 {
        0
    }
}
