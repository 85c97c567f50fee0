//! Batching: takes the input's events (blocks of lines, with the readings
//! made ahead of them) and hands on request bodies to delivery. The batcher
//! joins lines into entries with `understand`, encodes them and gathers
//! them into batches; the queue holds the batches for the delivery thread,
//! and what it cannot take goes to the `--when-full` policy (or the spool).

pub mod batcher;
pub mod body;
#[cfg(test)]
mod end_to_end_tests;
pub mod queue;
