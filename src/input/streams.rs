//! A command's output stream (stdout or stderr) read on a thread of its
//! own, to its end, whatever becomes of its lines: a command writing to a
//! pipe nobody reads would block on it, or die of it.

use std::io::{self, Read};
use std::sync::mpsc::SyncSender;
use std::thread::{self, JoinHandle};

use crate::input::lines::read_lines;
use crate::input::read_ahead::ReadAhead;
use crate::input::InputEvent;
use crate::output::mirror::Mirror;

/// Reads `pipe` (nothing when it is `None`) to its end on a thread named
/// `{name}-reader`: every byte goes to the mirror `mirror` makes, and the
/// lines, read ahead by `read_ahead`, to `events`, as long as someone
/// listens there.
pub fn spawn_stream_reader(
    name: &str,
    pipe: Option<Box<dyn Read + Send>>,
    mirror: impl FnOnce() -> Mirror<'static> + Send + 'static,
    read_ahead: ReadAhead,
    events: SyncSender<InputEvent>,
) -> io::Result<JoinHandle<io::Result<()>>> {
    thread::Builder::new()
        .name(format!("{name}-reader"))
        .spawn(move || match pipe {
            Some(pipe) => read_lines(pipe, &mut mirror(), |event| {
                let _ = events.send(read_ahead.annotate(event));
                true
            }),
            None => Ok(()),
        })
}
