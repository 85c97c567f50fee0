//! Input: takes the bytes of stdin, of files or of a command's output
//! streams, echoes them to the console mirror, and hands on blocks of whole
//! lines ([`InputEvent`]s) to the batcher, each line already read by
//! `understand` where that can be done on the reader's thread. The memory a
//! line may take is bounded.

pub mod counting;
pub mod files;
pub mod follow;
pub mod lines;
pub mod read_ahead;
pub mod stoppable;
pub mod streams;

use chrono::{DateTime, Utc};

use crate::input::lines::LineBlock;
use crate::understand::LineReading;

/// Input events a reader may queue ahead of its batcher; each holds up to
/// [`READ_CHUNK_BYTES`] of lines. Enough to absorb jitter between reader and
/// batcher; more only costs memory (64 gave a peak RSS of 15.2 MiB, 32 gives
/// 10.7 MiB, throughput within noise).
pub const EVENT_QUEUE_DEPTH: usize = 32;
/// How much one `read` asks for.
pub const READ_CHUNK_BYTES: usize = 64 * 1024;
/// Lines longer than this are cut: the head is kept, the rest only counted.
/// (The API's message limit is far below; the head leaves room for line parsing.)
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// What the reader hands to the batcher.
#[derive(Debug)]
pub enum InputEvent {
    /// One or more whole lines, each ending in `\n`.
    Lines {
        data: LineBlock,
        read_at: DateTime<Utc>,
        /// What each line (as cut by [`lines::split_lines`]) says, when a
        /// [`ReadAhead`](crate::input::read_ahead::ReadAhead) worked it out on the
        /// reader's thread; empty otherwise, and `None` for a line it left
        /// to the batcher.
        readings: Vec<Option<LineReading>>,
    },
    /// A line longer than [`MAX_LINE_BYTES`]: its first bytes and its full length
    /// (without the line end).
    LongLine {
        head: Vec<u8>,
        total_bytes: u64,
        read_at: DateTime<Utc>,
    },
}

impl InputEvent {
    /// Whole lines read at `read_at`, not read ahead yet.
    pub fn lines(data: Vec<u8>, read_at: DateTime<Utc>) -> Self {
        InputEvent::Lines {
            data: LineBlock::new(data),
            read_at,
            readings: Vec::new(),
        }
    }
}
