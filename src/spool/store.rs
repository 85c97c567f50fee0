//! The on-disk spool as the shipper's [`UndeliveredStore`]: segments for
//! entries to try again, the dead-letter file for entries the API refused.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::spool::disk::{ClaimedSegment, Spool};
use crate::spool::undelivered::{KeepError, KeepOutcome, KeptSegment, UndeliveredStore};

/// Where undelivered entries wait, and how much of them may.
#[derive(Debug, Clone, PartialEq)]
pub struct SpoolSettings {
    /// The spool directory.
    pub dir: PathBuf,
    /// The cap on the segments' total size, in bytes.
    pub max_bytes: u64,
}

/// Set once this process said that the spool reached its cap: it says so
/// once, and the count of what was deleted comes at the end of the run.
static TOLD_ABOUT_THE_CAP: AtomicBool = AtomicBool::new(false);

/// A spool directory, created on the first write.
pub struct SpoolStore {
    spool: Spool,
    settings: SpoolSettings,
    created: bool,
}

impl SpoolStore {
    /// A store in the configured directory; nothing is created until needed.
    pub fn new(settings: &SpoolSettings) -> Self {
        SpoolStore {
            spool: Spool::at(&settings.dir, settings.max_bytes),
            settings: settings.clone(),
            created: false,
        }
    }

    fn writable(&mut self) -> anyhow::Result<&Spool> {
        if !self.created {
            self.spool = Spool::open(&self.settings.dir, self.settings.max_bytes)?;
            self.created = true;
        }
        Ok(&self.spool)
    }
}

impl UndeliveredStore for SpoolStore {
    fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
        let max_bytes = self.settings.max_bytes;
        let outcome = self
            .writable()
            .and_then(|spool| spool.append(entries))
            .map_err(KeepError::Failed)?;
        let deleted = outcome.over_cap + outcome.evicted_own + outcome.evicted_earlier;
        if deleted > 0 && !TOLD_ABOUT_THE_CAP.swap(true, Ordering::SeqCst) {
            eprintln!(
                "logingestor: warning: the spool reached its cap (--spool-max {}): the oldest \
                 entries are being deleted to make room; how many is told at the end",
                bytesize::ByteSize::b(max_bytes).display().iec()
            );
        }
        Ok(KeepOutcome {
            kept: outcome.kept,
            over_cap: outcome.over_cap,
            evicted_own: outcome.evicted_own,
            evicted_earlier: outcome.evicted_earlier,
        })
    }

    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
        self.writable()?.dead_letter(entries, reason)
    }

    fn claim_next(
        &mut self,
        skip: &HashSet<PathBuf>,
    ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        let claimed = self.spool.claim_next(skip)?;
        Ok(claimed.map(|segment| Box::new(segment) as Box<dyn KeptSegment>))
    }

    fn location(&self) -> Option<PathBuf> {
        Some(self.settings.dir.clone())
    }

    fn waiting_entries(&self) -> u64 {
        self.spool.unclaimed_entries()
    }
}

impl KeptSegment for ClaimedSegment {
    fn id(&self) -> PathBuf {
        self.path().to_owned()
    }

    fn entries(&self) -> &[Vec<u8>] {
        ClaimedSegment::entries(self)
    }

    fn unreadable(&self) -> u64 {
        ClaimedSegment::unreadable(self)
    }

    fn kept_by_this_run(&self) -> bool {
        self.written_by_this_process()
    }

    fn project(&self) -> Option<String> {
        ClaimedSegment::project(self)
    }

    fn complete(self: Box<Self>) -> anyhow::Result<()> {
        ClaimedSegment::complete(*self)
    }

    fn keep_remaining(self: Box<Self>, remaining: &[&[u8]]) -> anyhow::Result<()> {
        ClaimedSegment::keep_remaining(*self, remaining)
    }

    fn release(self: Box<Self>) {
        ClaimedSegment::release(*self)
    }
}
