//! Following log files (`logingestor follow`): which files the PATH
//! arguments name, what each is known by (device, inode and a fingerprint
//! of its first bytes), where each was read to (the positions file), and
//! reading each from there, across rotation between runs.
//!
//! A pass: [`plan::plan`] matches the saved positions with the files found
//! at and beside each path, [`read::spawn_follow_reader`] reads the planned
//! ranges, and the caller saves the new positions once what was read is
//! delivered or spooled.

pub mod discover;
pub mod identity;
pub mod plan;
pub mod positions;
pub mod read;
pub mod watch;
