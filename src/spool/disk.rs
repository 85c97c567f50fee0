//! The on-disk spool: entries that could not be delivered yet survive a
//! crash, an outage or the end of the process in a directory of segment
//! files, and entries the API refused as invalid go to a dead-letter file.
//!
//! The directory holds:
//! - `seg-<unix-nanos:020>-<pid:010>-<counter:010>.ndjson`: one segment per
//!   [`Spool::append`], each line one entry exactly as it is sent to the API
//!   (a compact JSON object, with its original timestamp). Names sort oldest
//!   first. Segments appear whole: each is written to a `.tmp-…` file, fsynced
//!   and renamed into place.
//! - `seg-….ndjson.corrupt`: a segment set aside because a line in it is not a
//!   JSON object; never sent, kept for a person to look at.
//! - `dead-letter.ndjson`: `{"reason":…,"entry":{…},"at":"…"}` per line.
//!
//! A process delivering a segment holds an exclusive `flock` on it, so that
//! two logingestor processes sharing the directory never send the same one.

mod atomic_file;
mod segment;

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::Utc;

use crate::entry::format_timestamp;
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;

use self::atomic_file::{remove_stale_temp_files, sync_dir, write_lines_atomically, TempFile};
use self::segment::{
    count_lines, count_lines_at, is_json_object, list_segments, lock_segment, new_segment_name,
    split_entries, written_at, written_by_this_process, CORRUPT_SUFFIX,
};

/// The dead-letter file's name inside the spool directory.
pub const DEAD_LETTER_FILE: &str = "dead-letter.ndjson";

/// An on-disk spool of undelivered entries: a directory of segment files.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    max_bytes: u64,
}

/// What became of the entries of one [`Spool::append`], and what keeping
/// the spool under its size cap cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Entries written to the new segment.
    pub kept: u64,
    /// The oldest entries of the append itself, not written because all of
    /// them would not fit under `--spool-max` even in an empty spool.
    pub over_cap: u64,
    /// Entries this process had spooled earlier, deleted to make room.
    pub evicted_own: u64,
    /// Entries earlier runs (or other processes) had spooled, deleted to make room.
    pub evicted_earlier: u64,
}

/// What [`Spool::purge`] does with the dead-letter file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadLetters {
    /// Leave it: its entries wait for a person to read them.
    Keep,
    /// Delete it too (`spool purge --dead-letters`).
    Remove,
}

/// How much is waiting in the spool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolStatus {
    /// Segments waiting for delivery (including any being delivered right now).
    pub segments: u64,
    /// Entries in those segments.
    pub entries: u64,
    /// Size of those segments on disk.
    pub bytes: u64,
    /// When the oldest waiting segment was written.
    pub oldest: Option<SystemTime>,
    /// Entries in the dead-letter file.
    pub dead_letters: u64,
    /// Where the dead-letter file is (it may not exist yet).
    pub dead_letter_path: PathBuf,
    /// Segments set aside as corrupt (`*.corrupt`), never sent.
    pub corrupt_segments: u64,
}

impl Spool {
    /// Opens the spool directory, creating it (mode 0700) if needed. Fails
    /// with exit 73 (EX_CANTCREAT), naming the directory, when it cannot be
    /// created or written.
    pub fn open(dir: &Path, max_bytes: u64) -> anyhow::Result<Spool> {
        let cannot = |what: &str, error: io::Error| {
            Failure::new(
                ExitCode::CantCreate,
                format!(
                    "cannot {what} the spool directory {}: {error}",
                    dir.display()
                ),
            )
            .with_hint(
                "pass --spool-dir PATH (or set LOGINGESTOR_SPOOL_DIR) naming a writable \
                 directory, or --no-spool to run without one",
            )
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|error| cannot("create", error))?;
        // Proves that files can be made here before anything depends on it
        // (a read-only mount, a directory owned by someone else).
        drop(TempFile::create(dir).map_err(|error| cannot("write in", error))?);
        remove_stale_temp_files(dir);
        Ok(Spool::at(dir, max_bytes))
    }

    /// A handle on the spool in `dir` that neither creates nor checks the
    /// directory: enough to read its status or purge it.
    pub fn at(dir: &Path, max_bytes: u64) -> Spool {
        Spool {
            dir: dir.to_owned(),
            max_bytes,
        }
    }

    /// The spool directory.
    #[cfg(test)]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The dead-letter file (which may not exist yet).
    pub fn dead_letter_path(&self) -> PathBuf {
        self.dir.join(DEAD_LETTER_FILE)
    }

    /// Writes `entries` (each one compact JSON object without newlines, as
    /// `EntryTemplate::encode` makes them) as one new segment, crash-safely.
    /// To stay under the cap it first deletes the oldest segments no process
    /// is sending; when the entries alone are larger than the cap, only the
    /// newest that fit are written. Appenders take turns through a lock on
    /// the directory, so that the cap holds with several processes.
    ///
    /// `Err` means nothing was written (and no temporary file is left
    /// behind): the disk is full, or the directory is not writable.
    pub fn append(&self, entries: &[&[u8]]) -> anyhow::Result<AppendOutcome> {
        if entries.is_empty() {
            return Ok(AppendOutcome::default());
        }
        if let Some(index) = entries
            .iter()
            .position(|entry| entry.contains(&b'\n') || !is_json_object(entry))
        {
            return Err(Failure::new(
                ExitCode::Internal,
                format!(
                    "entry {} of {} cannot be spooled: it is not one JSON object on one line",
                    index + 1,
                    entries.len()
                ),
            )
            .into());
        }
        let write_fail =
            |error| self.write_failure("write to the spool directory", &self.dir, error);
        let dir_lock = File::open(&self.dir).map_err(write_fail)?;
        dir_lock.lock().map_err(write_fail)?;
        let mut outcome = AppendOutcome::default();
        // The newest entries that fit under the cap on their own.
        let mut bytes: u64 = 0;
        let fitting = entries
            .iter()
            .rev()
            .take_while(|entry| {
                bytes += entry.len() as u64 + 1;
                bytes <= self.max_bytes
            })
            .count();
        let kept = &entries[entries.len() - fitting..];
        outcome.over_cap = (entries.len() - fitting) as u64;
        if kept.is_empty() {
            return Ok(outcome);
        }
        let kept_bytes: u64 = kept.iter().map(|entry| entry.len() as u64 + 1).sum();
        self.make_room(kept_bytes, &mut outcome);
        let path = self.dir.join(new_segment_name());
        write_lines_atomically(&path, kept).map_err(write_fail)?;
        outcome.kept = kept.len() as u64;
        Ok(outcome)
    }

    /// Deletes the oldest segments no process holds until `incoming` more
    /// bytes fit under the cap, counting what they held; best effort.
    fn make_room(&self, incoming: u64, outcome: &mut AppendOutcome) {
        let Ok(segments) = list_segments(&self.dir) else {
            return;
        };
        let mut total: u64 = segments.iter().map(|segment| segment.bytes).sum();
        let mut removed_any = false;
        for segment in segments {
            if total + incoming <= self.max_bytes {
                break;
            }
            let Ok(Some(file)) = lock_segment(&segment.path) else {
                continue;
            };
            let entries = count_lines(&file).unwrap_or(0);
            if fs::remove_file(&segment.path).is_ok() {
                total = total.saturating_sub(segment.bytes);
                removed_any = true;
                if written_by_this_process(&segment.name) {
                    outcome.evicted_own += entries;
                } else {
                    outcome.evicted_earlier += entries;
                }
            }
        }
        if removed_any {
            let _ = sync_dir(&self.dir);
        }
    }

    /// Appends one line per entry to the dead-letter file,
    /// `{"reason":…,"entry":{…},"at":"<RFC 3339>"}`, and fsyncs it. Dead
    /// letters are never retried automatically.
    pub fn dead_letter(&self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let at = format_timestamp(Utc::now());
        let mut lines = Vec::new();
        for entry in entries {
            lines.extend_from_slice(b"{\"reason\":");
            serde_json::to_writer(&mut lines, reason).expect("writing to a Vec cannot fail");
            lines.extend_from_slice(b",\"entry\":");
            write_entry_json(&mut lines, entry);
            lines.extend_from_slice(b",\"at\":\"");
            lines.extend_from_slice(at.as_bytes());
            lines.extend_from_slice(b"\"}\n");
        }
        let path = self.dead_letter_path();
        let fail = |error| self.write_failure("write to the dead-letter file", &path, error);
        let mut file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&path)
            .map_err(fail)?;
        // Writers take turns, so that lines never interleave, and a failed
        // write is cut off rather than left as half a line.
        file.lock().map_err(fail)?;
        let length = file.metadata().map_err(fail)?.len();
        if let Err(error) = file.write_all(&lines).and_then(|()| file.sync_all()) {
            let _ = file.set_len(length);
            return Err(fail(error));
        }
        sync_dir(&self.dir).map_err(fail)?;
        Ok(())
    }

    /// Claims the oldest segment no other process holds, locked until it is
    /// completed, rewritten or released. Empty segments met on the way are
    /// removed. `None` when nothing is waiting. A segment whose lines were
    /// all unreadable is claimed with no entries, so that the caller learns
    /// of the dead letters.
    #[cfg(test)]
    pub fn claim_oldest(&self) -> anyhow::Result<Option<ClaimedSegment>> {
        self.claim_next(&HashSet::new())
    }

    /// Like [`Spool::claim_oldest`], but skips the segments in `skip` (their
    /// paths, as [`ClaimedSegment::path`] gives them, or their file names), so
    /// that a drain loop moves on past a segment it released.
    pub fn claim_next(&self, skip: &HashSet<PathBuf>) -> anyhow::Result<Option<ClaimedSegment>> {
        let segments = list_segments(&self.dir)
            .map_err(|error| self.io_failure("read the spool directory", &self.dir, error))?;
        // A segment that cannot be read must not hold up the ones behind it:
        // its error is reported only when nothing else could be claimed.
        let mut first_error = None;
        for segment in segments {
            if skip.contains(&segment.path) || skip.contains(Path::new(&segment.name)) {
                continue;
            }
            match self.try_claim(&segment.path, &segment.name) {
                Ok(Some(claimed)) => return Ok(Some(claimed)),
                Ok(None) => {}
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(None), Err)
    }

    /// Locks and reads one segment. `None` when another process holds it, it
    /// is gone, or it held nothing to deliver (removed). Lines that are not a
    /// JSON object (a hand edit, a disk error) go to the dead-letter file,
    /// and the segment is rewritten without them, so that the rest is sent.
    fn try_claim(&self, path: &Path, name: &str) -> anyhow::Result<Option<ClaimedSegment>> {
        let read_fail = |error| self.io_failure("read the spool segment", path, error);
        let Some(mut file) = lock_segment(path).map_err(read_fail)? else {
            return Ok(None);
        };
        let mut contents = Vec::new();
        file.read_to_end(&mut contents).map_err(read_fail)?;
        let (entries, unreadable) = split_entries(&contents);
        if !unreadable.is_empty() {
            for (line, text) in &unreadable {
                let reason = format!("line {line} of spool segment {name} is not a JSON object");
                self.dead_letter(&[text], &reason)?;
            }
            let kept: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
            let rewrite_fail = |error| self.write_failure("rewrite the segment", path, error);
            if kept.is_empty() {
                remove_if_present(path).map_err(rewrite_fail)?;
                sync_dir(&self.dir).map_err(rewrite_fail)?;
            } else {
                write_lines_atomically(path, &kept).map_err(rewrite_fail)?;
            }
        } else if entries.is_empty() {
            remove_if_present(path).map_err(read_fail)?;
            return Ok(None);
        }
        Ok(Some(ClaimedSegment {
            path: path.to_owned(),
            file,
            entries,
            unreadable: unreadable.len() as u64,
            own: written_by_this_process(name),
        }))
    }

    /// Entries waiting in segments no other process is sending right now:
    /// what a drain could still have sent.
    pub fn unclaimed_entries(&self) -> u64 {
        let Ok(segments) = list_segments(&self.dir) else {
            return 0;
        };
        segments
            .iter()
            .filter_map(|segment| lock_segment(&segment.path).ok().flatten())
            .map(|file| count_lines(&file).unwrap_or(0))
            .sum()
    }

    /// Counts what is waiting. A spool directory that does not exist is empty.
    pub fn status(&self) -> anyhow::Result<SpoolStatus> {
        let read_fail = |path: &Path| {
            let path = path.to_owned();
            move |error| self.io_failure("read", &path, error)
        };
        let mut status = SpoolStatus {
            segments: 0,
            entries: 0,
            bytes: 0,
            oldest: None,
            dead_letters: count_lines_at(&self.dead_letter_path())
                .map_err(read_fail(&self.dead_letter_path()))?,
            dead_letter_path: self.dead_letter_path(),
            corrupt_segments: self.corrupt_files().map_err(read_fail(&self.dir))?.len() as u64,
        };
        for segment in list_segments(&self.dir).map_err(read_fail(&self.dir))? {
            let file = match File::open(&segment.path) {
                Ok(file) => file,
                // Delivered since the listing.
                Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                Err(error) => return Err(read_fail(&segment.path)(error)),
            };
            status.entries += count_lines(&file).map_err(read_fail(&segment.path))?;
            status.segments += 1;
            status.bytes += segment.bytes;
            let written = written_at(&segment.name)
                .or_else(|| file.metadata().and_then(|m| m.modified()).ok());
            status.oldest = match (status.oldest, written) {
                (Some(oldest), Some(written)) => Some(oldest.min(written)),
                (oldest, written) => oldest.or(written),
            };
        }
        Ok(status)
    }

    /// Deletes every segment no process is delivering, the corrupt segments,
    /// and the dead-letter file as `dead_letters` says; returns how many
    /// entries were removed.
    pub fn purge(&self, dead_letters: DeadLetters) -> anyhow::Result<u64> {
        let fail = |path: &Path| {
            let path = path.to_owned();
            move |error| self.io_failure("remove", &path, error)
        };
        let mut removed = 0;
        for segment in list_segments(&self.dir).map_err(fail(&self.dir))? {
            let Some(file) = lock_segment(&segment.path).map_err(fail(&segment.path))? else {
                continue;
            };
            let entries = count_lines(&file).map_err(fail(&segment.path))?;
            remove_if_present(&segment.path).map_err(fail(&segment.path))?;
            removed += entries;
        }
        for path in self.corrupt_files().map_err(fail(&self.dir))? {
            removed += count_lines_at(&path).map_err(fail(&path))?;
            remove_if_present(&path).map_err(fail(&path))?;
        }
        if dead_letters == DeadLetters::Remove {
            let path = self.dead_letter_path();
            match File::open(&path) {
                Ok(file) => {
                    // Waits for a writer in the middle of a line.
                    file.lock().map_err(fail(&path))?;
                    removed += count_lines(&file).map_err(fail(&path))?;
                    remove_if_present(&path).map_err(fail(&path))?;
                }
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(fail(&path)(error)),
            }
        }
        if self.dir.exists() {
            sync_dir(&self.dir).map_err(fail(&self.dir))?;
        }
        Ok(removed)
    }

    /// The segments set aside as corrupt.
    fn corrupt_files(&self) -> io::Result<Vec<PathBuf>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut corrupt = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(segment::SEGMENT_PREFIX) && name.ends_with(CORRUPT_SUFFIX) {
                corrupt.push(entry.path());
            }
        }
        corrupt.sort();
        Ok(corrupt)
    }

    /// An I/O error reading the spool, with what to do about it (exit 74).
    fn io_failure(&self, what: &str, path: &Path, error: io::Error) -> anyhow::Error {
        io_failure(&self.dir, what, path, error)
    }

    /// An error writing the spool: it cannot be written (exit 73).
    fn write_failure(&self, what: &str, path: &Path, error: io::Error) -> anyhow::Error {
        let mut failure = io_failure(&self.dir, what, path, error)
            .downcast::<Failure>()
            .expect("io_failure makes a Failure");
        failure.exit_code = ExitCode::CantCreate;
        failure.into()
    }
}

/// An I/O error on the spool in `dir`, with what to do about it (exit 74).
fn io_failure(dir: &Path, what: &str, path: &Path, error: io::Error) -> anyhow::Error {
    let failure = Failure::new(
        ExitCode::IoError,
        format!("cannot {what} {}: {error}", path.display()),
    );
    let failure = match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => failure.with_hint(format!(
            "free some space on the disk holding {}, or pass --spool-dir PATH on another disk; \
             --spool-max caps the spool's size",
            dir.display()
        )),
        io::ErrorKind::PermissionDenied
        | io::ErrorKind::ReadOnlyFilesystem
        | io::ErrorKind::NotFound
        | io::ErrorKind::NotADirectory => failure.with_hint(format!(
            "check that {} is a directory this user can write, or pass --spool-dir PATH",
            dir.display()
        )),
        _ => failure,
    };
    failure.into()
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Writes an entry as a JSON value on one line: verbatim when it is compact
/// JSON, re-serialised when it spans lines, as a string when it is not JSON.
fn write_entry_json(out: &mut Vec<u8>, entry: &[u8]) {
    match serde_json::from_slice::<serde_json::Value>(entry) {
        Ok(_) if !entry.contains(&b'\n') && !entry.contains(&b'\r') => {
            out.extend_from_slice(entry.trim_ascii())
        }
        Ok(value) => {
            serde_json::to_writer(&mut *out, &value).expect("writing to a Vec cannot fail")
        }
        Err(_) => serde_json::to_writer(&mut *out, &String::from_utf8_lossy(entry))
            .expect("writing to a Vec cannot fail"),
    }
}

/// A segment locked by this process until it is completed, rewritten or
/// released (dropping it releases it too).
#[derive(Debug)]
pub struct ClaimedSegment {
    path: PathBuf,
    /// Holds the lock for as long as it is open.
    file: File,
    entries: Vec<Vec<u8>>,
    /// Lines that were not entries, moved to the dead-letter file by the claim.
    unreadable: u64,
    /// Whether this process wrote it.
    own: bool,
}

impl ClaimedSegment {
    /// Where the segment is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its entries, oldest first, each one JSON object as it was spooled.
    pub fn entries(&self) -> &[Vec<u8>] {
        &self.entries
    }

    /// How many of its lines were not entries and went to the dead-letter file.
    pub fn unreadable(&self) -> u64 {
        self.unreadable
    }

    /// Whether this process spooled it (rather than an earlier run).
    pub fn written_by_this_process(&self) -> bool {
        self.own
    }

    /// The project its first entry is for, as spooled.
    pub fn project(&self) -> Option<String> {
        let first = self.entries.first()?;
        let value: serde_json::Value = serde_json::from_slice(first).ok()?;
        value.get("projectId")?.as_str().map(str::to_owned)
    }

    /// All delivered (or dead-lettered): deletes the segment, then releases the lock.
    pub fn complete(self) -> anyhow::Result<()> {
        let dir = self.dir();
        remove_if_present(&self.path)
            .and_then(|()| sync_dir(&dir))
            .map_err(|error| io_failure(&dir, "remove the delivered segment", &self.path, error))?;
        drop(self.file);
        Ok(())
    }

    /// Some delivered: atomically replaces the segment with only `remaining`,
    /// keeping its name and so its place in the queue, then releases the lock.
    pub fn keep_remaining(self, remaining: &[&[u8]]) -> anyhow::Result<()> {
        if remaining.is_empty() {
            return self.complete();
        }
        let dir = self.dir();
        write_lines_atomically(&self.path, remaining)
            .map_err(|error| io_failure(&dir, "rewrite the segment", &self.path, error))?;
        drop(self.file);
        Ok(())
    }

    /// Nothing delivered: releases the lock and leaves the segment as it was.
    pub fn release(self) {
        drop(self.file);
    }

    fn dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).to_owned()
    }
}

#[cfg(test)]
mod tests;
