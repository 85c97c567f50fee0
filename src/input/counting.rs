//! A reader that counts what passes through it, for the progress bar.

use std::io::{self, Read};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::output::progress::Counters;

/// A reader that counts the bytes and line ends passing through it.
pub struct CountingReader<R> {
    inner: R,
    counters: Arc<Counters>,
}

impl<R: Read> CountingReader<R> {
    /// Wraps `inner`, counting into `counters`.
    pub fn new(inner: R, counters: Arc<Counters>) -> Self {
        CountingReader { inner, counters }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        let lines = memchr::memchr_iter(b'\n', &buffer[..read]).count();
        self.counters
            .bytes_read
            .fetch_add(read as u64, Ordering::Relaxed);
        self.counters
            .lines_read
            .fetch_add(lines as u64, Ordering::Relaxed);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counting_reader_counts_bytes_and_lines() {
        let counters = Arc::new(Counters::default());
        let mut reader = CountingReader::new(&b"a\nbb\nc"[..], Arc::clone(&counters));
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(counters.bytes_read.load(Ordering::Relaxed), 6);
        assert_eq!(counters.lines_read.load(Ordering::Relaxed), 2);
    }
}
