//! Batches: encoded entries gathered into one JSON array request body, within
//! a count limit and a byte limit.

use std::time::Instant;

/// The limits a batch is sent at, whichever is reached first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    /// Most entries in one request.
    pub max_entries: usize,
    /// Most bytes in one request body. A single entry larger than this is
    /// still sent, alone.
    pub max_bytes: usize,
}

/// A finished request body: a JSON array of encoded entries, with the place
/// where each entry ends so that the batch can be split again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    body: Vec<u8>,
    entry_ends: Vec<usize>,
}

impl Batch {
    /// Builds a batch from already encoded entries.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Batch {
        let mut batch = Batch::default();
        for entry in entries {
            batch.append(entry);
        }
        batch.finish();
        batch
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entry_ends.len()
    }

    /// True when the batch holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entry_ends.is_empty()
    }

    /// The request body: a JSON array.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Each encoded entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let starts = std::iter::once(1).chain(self.entry_ends.iter().map(|end| end + 1));
        starts
            .zip(&self.entry_ends)
            .map(|(start, &end)| &self.body[start..end])
    }

    /// Bytes of the body.
    pub fn body_len(&self) -> usize {
        self.body.len()
    }

    /// The body size once `extra` more bytes of entry are appended.
    fn len_with(&self, extra: usize) -> usize {
        // "[" + entries joined by "," + "]"
        self.body.len().max(1) + usize::from(!self.is_empty()) + extra + 1
    }

    fn append(&mut self, entry: &[u8]) {
        self.body.push(if self.is_empty() { b'[' } else { b',' });
        self.body.extend_from_slice(entry);
        self.entry_ends.push(self.body.len());
    }

    fn finish(&mut self) {
        if self.body.is_empty() {
            self.body.push(b'[');
        }
        self.body.push(b']');
    }
}

/// Gathers encoded entries into batches that respect [`BatchLimits`] and
/// remembers when the oldest waiting entry arrived, for the flush interval.
#[derive(Debug)]
pub struct BatchBuilder {
    limits: BatchLimits,
    current: Batch,
    oldest_entry_at: Option<Instant>,
}

impl BatchBuilder {
    /// An empty builder.
    pub fn new(limits: BatchLimits) -> Self {
        BatchBuilder {
            limits,
            current: Batch::default(),
            oldest_entry_at: None,
        }
    }

    /// Adds one encoded entry, whose line arrived at `arrived_at` (the flush
    /// interval counts from the oldest arrival, not from when the entry was
    /// made: a multi-line entry may wait for its last line). Returns the
    /// previous batch when this entry would have taken it past a limit.
    pub fn push(&mut self, entry: &[u8], arrived_at: Instant) -> Option<Batch> {
        let full = if self.current.len() >= self.limits.max_entries
            || (!self.current.is_empty()
                && self.current.len_with(entry.len()) > self.limits.max_bytes)
        {
            self.take()
        } else {
            None
        };
        self.oldest_entry_at = Some(match self.oldest_entry_at {
            Some(oldest) => oldest.min(arrived_at),
            None => arrived_at,
        });
        self.current.append(entry);
        full
    }

    /// Returns the current batch if it has reached a limit.
    pub fn take_if_full(&mut self) -> Option<Batch> {
        let at_limit = self.current.len() >= self.limits.max_entries
            || self.current.len_with(0) >= self.limits.max_bytes;
        if at_limit {
            self.take()
        } else {
            None
        }
    }

    /// Returns the current batch, finished, unless it is empty.
    pub fn take(&mut self) -> Option<Batch> {
        if self.current.is_empty() {
            return None;
        }
        self.oldest_entry_at = None;
        // The next batch will likely be as large: size it so, instead of
        // letting it grow by doubling (each growth a copy).
        let next = Batch {
            body: Vec::with_capacity((self.current.body.len() + 1).min(self.limits.max_bytes)),
            entry_ends: Vec::with_capacity(self.current.len()),
        };
        let mut batch = std::mem::replace(&mut self.current, next);
        batch.finish();
        Some(batch)
    }

    /// When the oldest waiting entry arrived, if any entry is waiting.
    pub fn oldest_entry_at(&self) -> Option<Instant> {
        self.oldest_entry_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_entries: usize, max_bytes: usize) -> BatchLimits {
        BatchLimits {
            max_entries,
            max_bytes,
        }
    }

    #[test]
    fn a_batch_is_a_json_array_of_its_entries() {
        let batch = Batch::from_entries([&b"{\"a\":1}"[..], b"{\"b\":2}"]);
        assert_eq!(batch.body(), b"[{\"a\":1},{\"b\":2}]");
        assert_eq!(batch.len(), 2);
        let entries: Vec<_> = batch.entries().collect();
        assert_eq!(entries, vec![&b"{\"a\":1}"[..], b"{\"b\":2}"]);
    }

    #[test]
    fn an_empty_batch_is_an_empty_array() {
        assert_eq!(Batch::from_entries([]).body(), b"[]");
    }

    #[test]
    fn sends_a_batch_when_the_count_limit_is_reached() {
        let mut builder = BatchBuilder::new(limits(2, 1 << 20));
        assert!(builder.push(b"{}", Instant::now()).is_none());
        assert!(builder.take_if_full().is_none());
        assert!(builder.push(b"{}", Instant::now()).is_none());
        let batch = builder
            .take_if_full()
            .expect("two entries make a full batch");
        assert_eq!(batch.len(), 2);
        assert!(builder.take().is_none());
    }

    #[test]
    fn never_lets_a_body_exceed_the_byte_limit() {
        let entry = [b'1'; 10];
        let mut builder = BatchBuilder::new(limits(1000, 35));
        let mut batches = Vec::new();
        for _ in 0..10 {
            batches.extend(builder.push(&entry, Instant::now()));
            batches.extend(builder.take_if_full());
        }
        batches.extend(builder.take());
        assert_eq!(batches.iter().map(Batch::len).sum::<usize>(), 10);
        for batch in &batches {
            assert!(batch.body().len() <= 35, "{} bytes", batch.body().len());
            assert_eq!(batch.body().len(), 1 + batch.len() * 11);
        }
    }

    #[test]
    fn the_oldest_arrival_starts_the_flush_interval() {
        let mut builder = BatchBuilder::new(limits(10, 1 << 20));
        let earlier = Instant::now() - std::time::Duration::from_millis(300);
        builder.push(b"{}", Instant::now());
        builder.push(b"{}", earlier);
        assert_eq!(builder.oldest_entry_at(), Some(earlier));
    }

    #[test]
    fn an_entry_larger_than_the_byte_limit_goes_alone() {
        let mut builder = BatchBuilder::new(limits(1000, 8));
        assert!(builder.push(b"small", Instant::now()).is_none());
        let first = builder
            .push(b"much too large", Instant::now())
            .expect("small goes first");
        assert_eq!(first.body(), b"[small]");
        let second = builder.take_if_full().expect("large is over the limit");
        assert_eq!(second.body(), b"[much too large]");
    }
}
