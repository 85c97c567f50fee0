//! `logingestor pipe`: every line of stdin (or of files) as an entry.
//!
//! Three threads joined by bounded queues: the reader (input → lines, and the
//! console mirror), the batcher (lines → batches, on this thread) and the
//! delivery thread (batches → API, with retries and the spool).

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::thread;

use anyhow::Context;

use crate::batch_queue::batch_queue;
use crate::cli::PipeArgs;
use crate::commands::{project_id, shipper_for, store_for, warn_about_placeholder_project};
use crate::config::Config;
use crate::console::Mirror;
use crate::entry::EntryTemplate;
use crate::exit_code::ExitCode;
use crate::failure::Failure;
use crate::input::{read_lines, InputEvent};
use crate::pipeline::{batch_events, BatchingSettings, Overflow};
use crate::shipper::spawn_delivery;
use crate::shutdown::ShutdownSignal;

/// Input events waiting for the batcher; each holds up to 64 KiB of lines.
const EVENT_QUEUE_DEPTH: usize = 64;

/// Ships every line of the input; `Ok` only when all of them were accepted.
pub fn run(args: &PipeArgs, config: &Config) -> anyhow::Result<()> {
    let project_id = project_id(config)?;
    let shutdown = ShutdownSignal::install(config.shutdown_timeout)
        .context("cannot install the SIGINT/SIGTERM handlers")?;
    let shipper = shipper_for(config, shutdown.clone())?;
    let overflow = Overflow {
        when_full: config.when_full,
        store: store_for(config)?,
    };
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

    let (batch_tx, batch_rx) = batch_queue(config.max_buffer);
    let delivery = spawn_delivery(shipper, batch_rx);
    let batching = batch_events(event_rx, batch_tx, &settings, overflow, &shutdown);
    let mut stats = delivery
        .join()
        .map_err(|_| Failure::new(ExitCode::Internal, "the delivery thread panicked"))?;
    stats.absorb(batching.overflow);

    // After a stop (a signal, or a fatal delivery error) the reader may be
    // blocked on input that will never come; it ends with the process.
    let input_ended = !batching.delivery_stopped && !shutdown.is_requested();
    if input_ended {
        let read_result = reader
            .join()
            .map_err(|_| Failure::new(ExitCode::Internal, "the reader thread panicked"))?;
        if let Err(error) = read_result {
            stats.into_result()?;
            return Err(Failure::new(ExitCode::IoError, error.to_string()).into());
        }
    }
    stats.into_result()?;
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
