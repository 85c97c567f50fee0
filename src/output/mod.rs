//! What the user sees: takes the input to mirror, the run's counts and its
//! failures, and hands on the console mirror, colour, the progress bar, the
//! `--stats` line, error messages and the exit code.

pub mod color;
pub mod exit_code;
pub mod failure;
pub mod mirror;
pub mod progress;
pub mod report;
pub mod usage_error;
