//! Where entries go that cannot be delivered now (kept for a later try) or
//! ever (dead-lettered), seen by the shipper through one small interface so
//! that delivery does not depend on how they are stored.

use std::path::PathBuf;

/// Storage for undeliverable entries. Each entry is one encoded JSON object.
pub trait UndeliveredStore: Send {
    /// Keeps entries for a later run. An error means they are lost.
    fn keep(&mut self, entries: &[&[u8]]) -> anyhow::Result<()>;

    /// Sets aside entries the API refused as invalid, with the reason.
    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()>;

    /// Takes the oldest kept segment that nobody else holds, to try again.
    fn claim_next(&mut self) -> anyhow::Result<Option<Box<dyn KeptSegment>>>;

    /// Where entries are kept, for messages; `None` when nothing is kept.
    fn location(&self) -> Option<PathBuf>;

    /// How many kept entries are waiting, if it can tell.
    fn waiting_entries(&self) -> u64;
}

/// A segment of kept entries, held by this process until it says what became of it.
pub trait KeptSegment {
    /// The entries, in their original order.
    fn entries(&self) -> &[Vec<u8>];
    /// Every entry was delivered or dead-lettered: forget the segment.
    fn complete(self: Box<Self>) -> anyhow::Result<()>;
    /// Some were: keep only `remaining`.
    fn keep_remaining(self: Box<Self>, remaining: &[&[u8]]) -> anyhow::Result<()>;
    /// None were: leave it for later.
    fn release(self: Box<Self>);
}

/// `--no-spool`: nothing can be kept, so undeliverable entries are lost
/// (and counted), and rejected ones are reported but not written anywhere.
pub struct NoStore;

impl UndeliveredStore for NoStore {
    fn keep(&mut self, entries: &[&[u8]]) -> anyhow::Result<()> {
        anyhow::bail!(
            "{} entries could not be kept: the spool is disabled",
            entries.len()
        )
    }

    fn dead_letter(&mut self, entries: &[&[u8]], _reason: &str) -> anyhow::Result<()> {
        anyhow::bail!(
            "{} rejected entries could not be kept: the spool is disabled",
            entries.len()
        )
    }

    fn claim_next(&mut self) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        Ok(None)
    }

    fn location(&self) -> Option<PathBuf> {
        None
    }

    fn waiting_entries(&self) -> u64 {
        0
    }
}
