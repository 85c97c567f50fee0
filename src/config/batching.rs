//! When a batch is sent (its count and byte limits, the flush interval),
//! how much may wait for delivery, and what a full buffer does.

use std::time::Duration;

use crate::batch::body::BatchLimits;
use crate::batch::queue::WhenFull;
use crate::cli::{BatchingArgs, WhenFullArg};
use crate::config::values::Resolver;
use crate::output::failure::Failure;

const DEFAULT_BATCH_SIZE: usize = 500;
const DEFAULT_BATCH_BYTES: usize = 1024 * 1024;
const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
const DEFAULT_MAX_BUFFER: usize = 64 * 1024 * 1024;

/// How the batcher and its queue behave.
#[derive(Debug, Clone)]
pub struct Batching {
    pub limits: BatchLimits,
    /// A batch is sent once its oldest entry has waited this long.
    pub flush_interval: Duration,
    /// Most bytes of batches queued for delivery while the API is failing.
    pub max_buffer: usize,
    pub when_full: WhenFull,
}

impl From<WhenFullArg> for WhenFull {
    fn from(arg: WhenFullArg) -> Self {
        match arg {
            WhenFullArg::Block => WhenFull::Block,
            WhenFullArg::Drop => WhenFull::Drop,
            WhenFullArg::Spool => WhenFull::Spool,
        }
    }
}

/// Resolves the batching settings from the batching flags of `pipe` and
/// `run` (`None` for the other subcommands) and the config file.
pub fn resolve(values: &Resolver, batching: Option<&BatchingArgs>) -> Result<Batching, Failure> {
    let file = &values.file.settings;
    let batch_size = match batching.and_then(|b| b.batch_size) {
        Some(size) => size,
        None => file.batch_size.unwrap_or(DEFAULT_BATCH_SIZE),
    };
    if batch_size == 0 {
        return Err(Failure::usage("--batch-size must be at least 1"));
    }
    let batch_bytes = values
        .size(
            batching.and_then(|b| b.batch_bytes.as_deref()),
            "--batch-bytes",
            "batch_bytes",
            file.batch_bytes.as_ref(),
        )?
        .unwrap_or(DEFAULT_BATCH_BYTES);
    let flush_interval = values
        .duration(
            batching.and_then(|b| b.flush_interval.as_deref()),
            "--flush-interval",
            "flush_interval",
            file.flush_interval.as_deref(),
        )?
        .unwrap_or(DEFAULT_FLUSH_INTERVAL);
    let max_buffer = values
        .size(
            batching.and_then(|b| b.max_buffer.as_deref()),
            "--max-buffer",
            "max_buffer",
            file.max_buffer.as_ref(),
        )?
        .unwrap_or(DEFAULT_MAX_BUFFER);
    let when_full = batching
        .and_then(|b| b.when_full)
        .or(file.when_full)
        .map_or(WhenFull::Block, WhenFull::from);
    Ok(Batching {
        limits: BatchLimits {
            max_entries: batch_size,
            max_bytes: batch_bytes,
        },
        flush_interval,
        max_buffer,
        when_full,
    })
}
