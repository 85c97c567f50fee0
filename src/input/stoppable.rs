//! A reader that a stop ends, as at end of file.

use std::io::{self, Read};
use std::os::fd::AsFd;
use std::time::Duration;

/// How often a reader waiting for input looks at its stop condition.
const STOP_CHECK_EVERY: Duration = Duration::from_millis(50);

/// A reader that ends, as at end of file, once `stop` says so: it starts no
/// read after that, and waits for input with `poll(2)` so that it notices
/// the stop while its input is quiet. What it read before is all handed on
/// (a last line without a newline too), so a stop loses nothing.
pub struct StoppableReader<R, S> {
    inner: R,
    stop: S,
}

impl<R: Read + AsFd, S: Fn() -> bool> StoppableReader<R, S> {
    /// Reads `inner` until `stop` returns true.
    pub fn new(inner: R, stop: S) -> Self {
        StoppableReader { inner, stop }
    }
}

impl<R: Read + AsFd, S: Fn() -> bool> Read for StoppableReader<R, S> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        use rustix::event::{poll, PollFd, PollFlags, Timespec};
        let wait = Timespec {
            tv_sec: 0,
            tv_nsec: STOP_CHECK_EVERY.as_nanos() as i64,
        };
        loop {
            if (self.stop)() {
                return Ok(0);
            }
            let ready = {
                let mut fds = [PollFd::new(&self.inner, PollFlags::IN)];
                match poll(&mut fds, Some(&wait)) {
                    Ok(ready) => ready,
                    Err(rustix::io::Errno::INTR) => 0,
                    Err(error) => return Err(error.into()),
                }
            };
            if ready > 0 {
                return self.inner.read(buffer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::lines::read_lines;
    use crate::input::InputEvent;
    use crate::output::mirror::Mirror;

    #[test]
    fn a_stopped_reader_ends_like_end_of_file_and_the_last_line_is_kept() {
        use std::io::Write;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let (reading_end, mut writing_end) = std::io::pipe().unwrap();
        writing_end.write_all(b"first\nno newline").unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopper = Arc::clone(&stop);
        let reader = StoppableReader::new(reading_end, move || stopper.load(Ordering::SeqCst));
        let mut lines = Vec::new();
        read_lines(reader, &mut Mirror::disabled(), |event| {
            if let InputEvent::Lines { data, .. } = event {
                lines.extend(data.lines().map(|line| line.into_owned()));
            }
            // The writer stays open: only the stop ends the reading.
            stop.store(true, Ordering::SeqCst);
            true
        })
        .unwrap();
        assert_eq!(lines, ["first", "no newline"]);
        drop(writing_end);
    }
}
