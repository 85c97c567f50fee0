//! The files `pipe` reads (stdin when none is named), opened up front so
//! that a wrong path fails before anything is shipped, and the thread that
//! reads them one after the other.

use std::fs::File;
use std::io;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use crate::input::counting::CountingReader;
use crate::input::lines::read_lines;
use crate::input::read_ahead::ReadAhead;
use crate::input::stoppable::StoppableReader;
use crate::input::InputEvent;
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::mirror::Mirror;
use crate::output::progress::Counters;

/// Reads `inputs` one after the other on a thread of its own, until they
/// end or `stop` says so (no read starts after that): every byte goes to
/// the mirror `mirror` makes, and the lines, read ahead by `read_ahead`, to
/// `events`. `counters` hear the bytes and lines read, and when all of the
/// input was. The thread ends with the first input that cannot be read.
pub fn spawn_reader(
    inputs: Vec<Input>,
    stop: impl Fn() -> bool + Send + 'static,
    mirror: impl FnOnce() -> Mirror<'static> + Send + 'static,
    read_ahead: ReadAhead,
    events: SyncSender<InputEvent>,
    counters: Arc<Counters>,
) -> io::Result<JoinHandle<Result<(), Failure>>> {
    thread::Builder::new()
        .name("reader".into())
        .spawn(move || -> Result<(), Failure> {
            let mut mirror = mirror();
            for input in inputs {
                if stop() {
                    break;
                }
                let stream = StoppableReader::new(input.file, &stop);
                let stream = CountingReader::new(stream, Arc::clone(&counters));
                read_lines(stream, &mut mirror, |event| {
                    events.send(read_ahead.annotate(event)).is_ok()
                })
                .map_err(|error| {
                    Failure::new(
                        input.read_error_code,
                        format!("cannot read {}: {error}", input.name),
                    )
                })?;
            }
            counters.input_done.store(true, Ordering::Relaxed);
            Ok(())
        })
}

/// The size of all the input when every input is a regular file (stdin too);
/// `None` when any is a pipe or a terminal, whose size nobody knows.
pub fn total_input_bytes(files: &[PathBuf]) -> Option<u64> {
    let stdin_size = || {
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let metadata = File::from(fd).metadata().ok()?;
        metadata.is_file().then_some(metadata.len())
    };
    if files.is_empty() {
        return stdin_size();
    }
    files.iter().try_fold(0, |total, path| {
        let size = if path == &PathBuf::from("-") {
            stdin_size()?
        } else {
            let metadata = std::fs::metadata(path).ok()?;
            metadata.is_file().then_some(metadata.len())?
        };
        Some(total + size)
    })
}

/// One input to read.
pub struct Input {
    /// The name for error messages.
    name: String,
    /// The open file; stdin as a duplicate of descriptor 0, read without the
    /// standard library's buffer and waited on with `poll(2)`.
    file: File,
    /// What a read error ends the run with: 66 for a `--file`, which could
    /// not be read; 74 for stdin, a local I/O failure.
    read_error_code: ExitCode,
}

impl Input {
    fn stdin() -> Result<Input, Failure> {
        let fd = io::stdin().as_fd().try_clone_to_owned().map_err(|error| {
            Failure::new(ExitCode::IoError, format!("cannot read stdin: {error}"))
        })?;
        Ok(Input {
            name: "stdin".to_owned(),
            file: File::from(fd),
            read_error_code: ExitCode::IoError,
        })
    }
}

/// Opens every `--file` up front, so a wrong path (or a directory) fails
/// before anything is shipped; no files means stdin.
pub fn open_inputs(files: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    if files.is_empty() {
        return Ok(vec![Input::stdin()?]);
    }
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            if path == &PathBuf::from("-") {
                return Input::stdin();
            }
            let file = File::open(path).map_err(|error| {
                Failure::new(ExitCode::NoInput, format!("cannot open {name}: {error}"))
            })?;
            if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
                return Err(Failure::new(
                    ExitCode::NoInput,
                    format!("cannot read {name}: it is a directory"),
                )
                .with_hint(
                    "name the files, each after its own --file: \
                     --file /var/log/app.log.1 --file /var/log/app.log",
                ));
            }
            Ok(Input {
                name,
                file,
                read_error_code: ExitCode::NoInput,
            })
        })
        .collect()
}
