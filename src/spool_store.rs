//! The on-disk spool as the shipper's [`UndeliveredStore`]: segments for
//! entries to try again, the dead-letter file for entries the API refused.

use std::path::PathBuf;

use crate::config::SpoolSettings;
use crate::spool::{ClaimedSegment, Spool};
use crate::undelivered::{KeptSegment, UndeliveredStore};

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

    fn warn_about_corrupt_segments(&self) {
        for corrupt in self.spool.take_corrupt_segments() {
            eprintln!(
                "logingestor: warning: a spool segment is corrupt at line {}; it was moved aside to {}",
                corrupt.line,
                corrupt.moved_to.display()
            );
        }
    }
}

impl UndeliveredStore for SpoolStore {
    fn keep(&mut self, entries: &[&[u8]]) -> anyhow::Result<()> {
        let outcome = self.writable()?.append(entries)?;
        if outcome.dropped_entries > 0 {
            eprintln!(
                "logingestor: warning: the spool passed its size cap (--spool-max); the {} oldest entries \
                 ({} segments) were dropped",
                outcome.dropped_entries, outcome.dropped_segments
            );
        }
        Ok(())
    }

    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
        self.writable()?.dead_letter(entries, reason)
    }

    fn claim_next(&mut self) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        let claimed = self.spool.claim_oldest()?;
        self.warn_about_corrupt_segments();
        Ok(claimed.map(|segment| Box::new(segment) as Box<dyn KeptSegment>))
    }

    fn location(&self) -> Option<PathBuf> {
        Some(self.settings.dir.clone())
    }

    fn waiting_entries(&self) -> u64 {
        self.spool.status().map_or(0, |status| status.entries)
    }
}

impl KeptSegment for ClaimedSegment {
    fn entries(&self) -> &[Vec<u8>] {
        ClaimedSegment::entries(self)
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
