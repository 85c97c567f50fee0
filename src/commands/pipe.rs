//! `logingestor pipe`: every line of stdin (or of files) as an entry.
//!
//! Three threads joined by bounded channels: the reader (input → lines, and
//! the console mirror), the batcher (lines → batches, on this thread) and the
//! delivery thread (batches → API).

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::thread;

use anyhow::Context;

use crate::cli::PipeArgs;
use crate::commands::{project_id, sink_for, warn_about_placeholder_project};
use crate::config::Config;
use crate::console::Mirror;
use crate::entry::EntryTemplate;
use crate::exit_code::ExitCode;
use crate::failure::Failure;
use crate::input::{read_lines, InputEvent};
use crate::pipeline::{batch_events, BatchingSettings};
use crate::shipper::spawn_delivery;

/// Input events waiting for the batcher; each holds up to 64 KiB of lines.
const EVENT_QUEUE_DEPTH: usize = 64;
/// Finished batches waiting for delivery, beside the one in flight.
const BATCH_QUEUE_DEPTH: usize = 1;

/// Ships every line of the input; `Ok` only when all of them were accepted.
pub fn run(args: &PipeArgs, config: &Config) -> anyhow::Result<()> {
    let project_id = project_id(config)?;
    let sink = sink_for(config)?;
    let inputs = open_inputs(&args.files)?;
    warn_about_placeholder_project(config);

    let settings = BatchingSettings {
        template: EntryTemplate::new(
            project_id,
            &config.source.value,
            config.tags.clone(),
            config.meta.clone(),
        ),
        level: config.level,
        limits: config.batch_limits,
        flush_interval: config.flush_interval,
        lines: config.lines.clone(),
    };
    let mirror_enabled = config.console && !config.dry_run;

    let (event_tx, event_rx) = sync_channel::<InputEvent>(EVENT_QUEUE_DEPTH);
    let reader = thread::Builder::new()
        .name("reader".into())
        .spawn(move || -> io::Result<()> {
            let mut mirror = Mirror::stdout(mirror_enabled);
            for (name, input) in inputs {
                read_lines(input, &mut mirror, |event| event_tx.send(event).is_ok()).map_err(
                    |error| io::Error::new(error.kind(), format!("reading {name}: {error}")),
                )?;
            }
            Ok(())
        })
        .context("cannot start the reader thread")?;

    let (batch_tx, batch_rx) = sync_channel(BATCH_QUEUE_DEPTH);
    let delivery = spawn_delivery(sink, batch_rx);
    let stats = batch_events(event_rx, batch_tx, &settings);
    let report = delivery
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the delivery thread panicked"))?;

    if !stats.delivery_stopped {
        // The input ended; the reader has finished or is finishing.
        let read_result = reader
            .join()
            .map_err(|_| Failure::new(ExitCode::Internal, "the reader thread panicked"))?;
        if let Err(error) = read_result {
            report.into_result(stats.entries)?;
            return Err(Failure::new(ExitCode::IoError, error.to_string()).into());
        }
    }
    // After a fatal delivery error the reader may be blocked on input that
    // will never come; it ends with the process.
    report.into_result(stats.entries)?;
    Ok(())
}

/// One input to read: a name for error messages, and the stream.
type NamedInput = (String, Box<dyn Read + Send>);

/// Opens every `--file` up front, so a wrong path fails before anything is
/// shipped; no files means stdin.
fn open_inputs(files: &[PathBuf]) -> Result<Vec<NamedInput>, Failure> {
    if files.is_empty() {
        return Ok(vec![("stdin".to_owned(), Box::new(io::stdin()))]);
    }
    files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            if path == &PathBuf::from("-") {
                return Ok((
                    "stdin".to_owned(),
                    Box::new(io::stdin()) as Box<dyn Read + Send>,
                ));
            }
            let file = File::open(path).map_err(|error| {
                Failure::new(ExitCode::NoInput, format!("cannot open {name}: {error}"))
            })?;
            Ok((name, Box::new(file) as Box<dyn Read + Send>))
        })
        .collect()
}
