//! Segment files: their names (which sort oldest first), their format (one
//! entry, a JSON object, per line) and the lock that says who delivers one.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Every segment's name starts with this…
pub const SEGMENT_PREFIX: &str = "seg-";
/// …and ends with this.
pub const SEGMENT_SUFFIX: &str = ".ndjson";
/// Added to the name of a segment that holds a line which is not a JSON object.
pub const CORRUPT_SUFFIX: &str = ".corrupt";

/// The last time stamp this process put in a segment name, so that names
/// stay in order even if the clock steps back.
static LAST_NANOS: AtomicU64 = AtomicU64::new(0);
/// Tells apart the segments this process names.
static SEGMENT_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new segment's file name, `seg-<unix-nanos:020>-<pid:010>-<counter:010>.ndjson`:
/// names sort in the order the segments were written.
pub fn new_segment_name() -> String {
    process_started_nanos();
    let now = unix_nanos_now();
    let previous = LAST_NANOS
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
            Some(now.max(last.saturating_add(1)))
        })
        .unwrap_or_else(|last| last);
    let nanos = now.max(previous.saturating_add(1));
    let counter = SEGMENT_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{SEGMENT_PREFIX}{nanos:020}-{:010}-{counter:010}{SEGMENT_SUFFIX}",
        std::process::id()
    )
}

/// Whether `name` is a segment waiting for delivery.
pub fn is_segment_name(name: &str) -> bool {
    name.starts_with(SEGMENT_PREFIX) && name.ends_with(SEGMENT_SUFFIX)
}

/// When the segment was written, read from its name.
pub fn written_at(name: &str) -> Option<SystemTime> {
    let digits = name
        .strip_prefix(SEGMENT_PREFIX)?
        .split(['-', '.'])
        .next()?;
    let nanos: u64 = digits.parse().ok()?;
    UNIX_EPOCH.checked_add(Duration::from_nanos(nanos))
}

/// A segment seen in a listing of the spool directory.
#[derive(Debug, Clone)]
pub struct SegmentFile {
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
}

/// The segments in `dir`, oldest first; none when the directory does not exist.
pub fn list_segments(dir: &Path) -> io::Result<Vec<SegmentFile>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut segments = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !is_segment_name(&name) {
            continue;
        }
        let bytes = match entry.metadata() {
            Ok(metadata) if metadata.is_file() => metadata.len(),
            Ok(_) => continue,
            // Delivered and removed by another process since the listing.
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        segments.push(SegmentFile {
            path: entry.path(),
            name,
            bytes,
        });
    }
    segments.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(segments)
}

/// Opens and exclusively locks the segment at `path` without waiting. `None`
/// when another process holds it, or when it no longer exists (delivered).
///
/// The lock (`flock`) belongs to the open file description, so two opens in
/// one process exclude each other just as two processes do. After locking,
/// the path must still name the file that was locked: a holder that delivered
/// part of a segment renames a new file over the path before it unlocks, and
/// one that delivered all of it removes the path.
pub fn lock_segment(path: &Path) -> io::Result<Option<File>> {
    for _ in 0..16 {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
        let locked = file.metadata()?;
        match fs::metadata(path) {
            Ok(now) if now.dev() == locked.dev() && now.ino() == locked.ino() => {
                return Ok(Some(file))
            }
            // Replaced while we waited for the lock: lock the new file.
            Ok(_) => continue,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        }
    }
    // Replaced over and over: someone else is busy with it.
    Ok(None)
}

/// A line of a file, with its number counted from 1.
pub type NumberedLine = (usize, Vec<u8>);

/// A segment's lines that are entries (JSON objects), and those that are
/// not, with their line numbers counted from 1; blank lines are neither.
pub fn split_entries(contents: &[u8]) -> (Vec<Vec<u8>>, Vec<NumberedLine>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for (index, line) in contents.split(|&byte| byte == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        if is_json_object(line) {
            entries.push(line.to_vec());
        } else {
            unreadable.push((index + 1, line.to_vec()));
        }
    }
    (entries, unreadable)
}

/// Whether the segment `name` was written by this process: its name holds
/// this process's id and a time after the process started (a process id is
/// reused, the start time is not).
pub fn written_by_this_process(name: &str) -> bool {
    let mut fields = name
        .strip_prefix(SEGMENT_PREFIX)
        .unwrap_or_default()
        .split(['-', '.']);
    let nanos: Option<u64> = fields.next().and_then(|field| field.parse().ok());
    let pid: Option<u32> = fields.next().and_then(|field| field.parse().ok());
    pid == Some(std::process::id()) && nanos.is_some_and(|nanos| nanos >= process_started_nanos())
}

/// When this process began naming segments, in Unix nanoseconds: read once,
/// before the first name is made.
fn process_started_nanos() -> u64 {
    static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *STARTED.get_or_init(unix_nanos_now)
}

fn unix_nanos_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
        })
}

/// Whether `bytes` is exactly one JSON object.
pub fn is_json_object(bytes: &[u8]) -> bool {
    bytes.first() == Some(&b'{') && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// Counts the non-blank lines of a file, without holding it all in memory.
pub fn count_lines(mut reader: impl Read) -> io::Result<u64> {
    let mut buffer = vec![0; 64 * 1024];
    let mut count = 0;
    let mut line_has_text = false;
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        for &byte in &buffer[..read] {
            if byte == b'\n' {
                count += u64::from(line_has_text);
                line_has_text = false;
            } else if !byte.is_ascii_whitespace() {
                line_has_text = true;
            }
        }
    }
    Ok(count + u64::from(line_has_text))
}

/// Counts the non-blank lines of the file at `path`; 0 if it does not exist.
pub fn count_lines_at(path: &Path) -> io::Result<u64> {
    match File::open(path) {
        Ok(file) => count_lines(file),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_the_order_they_were_made() {
        let names: Vec<String> = (0..100).map(|_| new_segment_name()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.iter().all(|name| is_segment_name(name)));
        let at = written_at(&names[0]).unwrap();
        let age = SystemTime::now().duration_since(at).unwrap();
        assert!(age < Duration::from_secs(60), "{age:?}");
    }

    #[test]
    fn lines_that_are_not_json_objects_are_told_apart() {
        let (entries, unreadable) = split_entries(b"{\"a\":1}\n\n[1]\n{\"b\":2}\r\n{\"a\":1} x");
        assert_eq!(entries, vec![b"{\"a\":1}".to_vec(), b"{\"b\":2}".to_vec()]);
        assert_eq!(
            unreadable,
            vec![(3, b"[1]".to_vec()), (5, b"{\"a\":1} x".to_vec())]
        );
    }

    #[test]
    fn segments_this_process_named_are_its_own() {
        let name = new_segment_name();
        assert!(written_by_this_process(&name));
        let other_pid = format!(
            "{SEGMENT_PREFIX}{:020}-{:010}-0000000000{SEGMENT_SUFFIX}",
            unix_nanos_now(),
            std::process::id() + 1
        );
        assert!(!written_by_this_process(&other_pid));
        let before_start = format!(
            "{SEGMENT_PREFIX}{:020}-{:010}-0000000000{SEGMENT_SUFFIX}",
            1,
            std::process::id()
        );
        assert!(!written_by_this_process(&before_start));
    }

    #[test]
    fn counts_non_blank_lines_with_or_without_a_final_newline() {
        assert_eq!(count_lines(&b""[..]).unwrap(), 0);
        assert_eq!(count_lines(&b"a\n\n  \nb"[..]).unwrap(), 2);
        assert_eq!(count_lines(&b"a\nb\n"[..]).unwrap(), 2);
    }
}
