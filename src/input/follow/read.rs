//! Reading the planned ranges of the followed files, on a thread of its
//! own, and telling exactly how far each was read: only whole lines handed
//! on count, so that a stop in the middle of a file saves a position at a
//! line's start, and the next pass goes on from there.

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::mpsc::SyncSender;
use std::thread::{self, JoinHandle};

use crate::input::follow::plan::ReadJob;
use crate::input::lines::read_lines;
use crate::input::read_ahead::ReadAhead;
use crate::input::InputEvent;
use crate::output::mirror::Mirror;

/// How one read ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOutcome {
    /// The offset read to: every line before it was handed on.
    pub read_to: u64,
    /// Why it stopped short of the planned end, when a read failed.
    pub error: Option<String>,
}

/// Reads each job's range in turn, until they are all read or `stop` says
/// so (no read starts after that), handing the lines (read ahead by
/// `read_ahead`) to `events` and every byte to the mirror `mirror` makes.
/// The thread ends with how far each job was read, in order.
pub fn spawn_follow_reader(
    jobs: Vec<ReadJob>,
    stop: impl Fn() -> bool + Send + 'static,
    mirror: impl FnOnce() -> Mirror<'static> + Send + 'static,
    read_ahead: ReadAhead,
    events: SyncSender<InputEvent>,
) -> io::Result<JoinHandle<Vec<ReadOutcome>>> {
    thread::Builder::new().name("reader".into()).spawn(move || {
        let mut mirror = mirror();
        jobs.into_iter()
            .map(|job| read_job(job, &stop, &mut mirror, &read_ahead, &events))
            .collect()
    })
}

/// Reads one job's range; its start when a stop came first.
fn read_job(
    mut job: ReadJob,
    stop: &impl Fn() -> bool,
    mirror: &mut Mirror,
    read_ahead: &ReadAhead,
    events: &SyncSender<InputEvent>,
) -> ReadOutcome {
    let mut read_to = job.start;
    if stop() || job.start >= job.end {
        return ReadOutcome {
            read_to,
            error: None,
        };
    }
    if let Err(error) = job.file.seek(SeekFrom::Start(job.start)) {
        return ReadOutcome {
            read_to,
            error: Some(error.to_string()),
        };
    }
    let stopped = Rc::new(Cell::new(false));
    let source = StopAtLine {
        inner: (&job.file).take(job.end - job.start),
        stop,
        stopped: Rc::clone(&stopped),
    };
    let result = read_lines(source, mirror, |event| {
        // After a stop, read_lines hands on what it holds of a line not
        // read to its end: it is left for the next pass.
        if stopped.get() {
            return false;
        }
        let bytes = match &event {
            InputEvent::Lines { data, .. } => data.as_bytes().len() as u64,
            InputEvent::LongLine { total_bytes, .. } => total_bytes + 1,
        };
        if events.send(read_ahead.annotate(event)).is_err() {
            return false;
        }
        // A last line without a newline got one added: not in the file.
        read_to = (read_to + bytes).min(job.end);
        true
    });
    ReadOutcome {
        read_to,
        error: result.err().map(|error| error.to_string()),
    }
}

/// A reader that ends, as at end of file, once `stop` says so, and notes
/// that it was stopped.
struct StopAtLine<R, S> {
    inner: R,
    stop: S,
    stopped: Rc<Cell<bool>>,
}

impl<R: Read, S: Fn() -> bool> Read for StopAtLine<R, S> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if (self.stop)() {
            self.stopped.set(true);
            return Ok(0);
        }
        self.inner.read(buffer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::sync_channel;
    use std::sync::Arc;

    use crate::input::follow::identity::FileIdentity;
    use crate::input::follow::positions::Place;
    use crate::level::Level;
    use crate::understand::{LineInterpreter, LineSettings};

    fn no_read_ahead() -> ReadAhead {
        let lines = LineSettings {
            detect: false,
            ..LineSettings::default()
        };
        ReadAhead::new(&lines, LineInterpreter::new(&lines, Level::Info, 0))
    }

    fn job(path: &std::path::Path, start: u64, end: u64) -> ReadJob {
        let file = File::open(path).unwrap();
        ReadJob {
            path: path.to_owned(),
            found_at: path.to_owned(),
            identity: FileIdentity::of(&file, end).unwrap(),
            file,
            start,
            end,
            place: Place::Current,
        }
    }

    fn lines_of(events: &std::sync::mpsc::Receiver<InputEvent>) -> Vec<String> {
        events
            .try_iter()
            .flat_map(|event| match event {
                InputEvent::Lines { data, .. } => data
                    .lines()
                    .map(|line| line.into_owned())
                    .collect::<Vec<_>>(),
                InputEvent::LongLine { total_bytes, .. } => vec![format!("long {total_bytes}")],
            })
            .collect()
    }

    #[test]
    fn a_range_is_read_and_its_end_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "zero\none\ntwo\nthr").unwrap();
        let (tx, rx) = sync_channel(16);
        let reader = spawn_follow_reader(
            vec![job(&path, 5, 13)],
            || false,
            Mirror::disabled,
            no_read_ahead(),
            tx,
        )
        .unwrap();
        let outcomes = reader.join().unwrap();
        assert_eq!(
            outcomes,
            [ReadOutcome {
                read_to: 13,
                error: None
            }]
        );
        assert_eq!(lines_of(&rx), ["one", "two"]);
    }

    #[test]
    fn a_stop_keeps_the_position_at_the_start_of_a_line_not_handed_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        let text: String = (0..50_000).map(|n| format!("line {n:05}\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = sync_channel(1);
        let stopper = Arc::clone(&stop);
        let reader = spawn_follow_reader(
            vec![job(&path, 0, text.len() as u64), job(&path, 0, 11)],
            move || stopper.load(Ordering::SeqCst),
            Mirror::disabled,
            no_read_ahead(),
            tx,
        )
        .unwrap();
        // The reader waits on the full queue once this first block is taken.
        let first = rx.recv().unwrap();
        stop.store(true, Ordering::SeqCst);
        let mut lines = match first {
            InputEvent::Lines { data, .. } => data.lines().map(|line| line.into_owned()).collect(),
            InputEvent::LongLine { .. } => Vec::new(),
        };
        while !reader.is_finished() {
            lines.extend(lines_of(&rx));
        }
        let outcomes = reader.join().unwrap();
        lines.extend(lines_of(&rx));
        assert!(outcomes[0].read_to < text.len() as u64);
        assert_eq!(outcomes[1].read_to, 0, "not started after the stop");
        let read: String = lines.iter().map(|line| format!("{line}\n")).collect();
        assert_eq!(read.len() as u64, outcomes[0].read_to);
        assert!(text.starts_with(&read));
    }
}
