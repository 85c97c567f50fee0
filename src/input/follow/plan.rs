//! What one pass reads: for each followed path, the files that hold lines
//! not read yet, oldest first, each from where it was left. The saved
//! positions are matched by identity, so a file rotated away between runs
//! (renamed beside its path, or copied away and truncated) is finished
//! before the new one is read from its start.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::input::follow::discover::{rotated_siblings, PathPattern};
use crate::input::follow::identity::FileIdentity;
use crate::input::follow::positions::{Place, Position, Positions};

/// The most files followed at once (each is opened at each pass, and a
/// running follower holds them open): well under the usual limit of 1024
/// open files, with room for rotated siblings and the rest of the process.
pub const MAX_FOLLOWED_PATHS: usize = 256;

/// How long a rotated file must have been left alone before a last line
/// without a newline is read from it: a writer may still be finishing it.
pub const ROTATED_QUIET: Duration = Duration::from_secs(10);

/// Where a file seen for the first time, with no saved position, is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstSight {
    /// From its end (as `tail -F`): only lines written later are shipped.
    End,
    /// From its start.
    Start,
}

/// The files a follower keeps open between passes, by device and inode: a
/// file deleted between two passes is still read to its end from them.
pub type HeldFiles = HashMap<(u64, u64), File>;

/// One range of one file to read.
#[derive(Debug)]
pub struct ReadJob {
    /// The followed path the file belongs to.
    pub path: PathBuf,
    /// Where the file is now (the followed path, or a rotated name beside it).
    pub found_at: PathBuf,
    pub file: File,
    pub identity: FileIdentity,
    /// The offset to read from.
    pub start: u64,
    /// The offset to read to: the end of the last whole line of a current
    /// file (a line still being written waits), the end of a rotated one.
    pub end: u64,
    pub place: Place,
}

/// What a pass reads, and what it keeps of the saved positions as they are.
#[derive(Debug, Default)]
pub struct Plan {
    pub jobs: Vec<ReadJob>,
    /// Positions of files that could not be read this time: kept for the next.
    pub kept: Vec<Position>,
    /// One line each, for stderr.
    pub warnings: Vec<String>,
    /// Some file could not be read (no permission, …).
    pub unreadable: bool,
}

/// A file found at or beside a followed path, open.
#[derive(Debug)]
struct Candidate {
    path: PathBuf,
    file: File,
    device: u64,
    inode: u64,
    size: u64,
    modified: SystemTime,
}

impl Candidate {
    /// The file at `path`: `Ok(None)` when there is none.
    fn open(path: &Path) -> io::Result<Option<Candidate>> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let metadata = file.metadata()?;
        if metadata.is_dir() {
            return Err(io::Error::other("it is a directory"));
        }
        Ok(Some(Candidate {
            path: path.to_owned(),
            file,
            device: metadata.dev(),
            inode: metadata.ino(),
            size: metadata.len(),
            modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        }))
    }

    fn key(&self) -> (u64, u64) {
        (self.device, self.inode)
    }

    fn is(&self, identity: &FileIdentity) -> bool {
        identity.is(&self.file, self.device, self.inode, self.size)
    }
}

/// Works out what to read of the files `patterns` name, given the positions
/// saved by the last pass (`None`: there are none, all is seen for the first time).
pub fn plan(
    patterns: &[PathPattern],
    saved: Option<&Positions>,
    first_sight: FirstSight,
    held: &HeldFiles,
) -> Plan {
    let empty = Positions::default();
    let saved = saved.unwrap_or(&empty);
    let mut plan = Plan::default();
    let mut claimed = HashSet::new();
    let mut seen_paths = HashSet::new();
    let mut capped = 0;
    for pattern in patterns {
        let known = saved.patterns.contains(&pattern.text());
        let mut paths = pattern.expand();
        if let PathPattern::Glob(..) = pattern {
            if paths.is_empty() {
                plan.warnings
                    .push(format!("no file matches {} (yet)", pattern.text()));
            }
        }
        // A file followed before that the pattern no longer finds (renamed
        // away with none created in its place) is still finished.
        for position in &saved.files {
            if pattern.names(&position.path) && !paths.contains(&position.path) {
                paths.push(position.path.clone());
            }
        }
        let first_sight = match known {
            true => FirstSight::Start,
            false => first_sight,
        };
        for path in paths {
            if seen_paths.contains(&path) {
                continue;
            }
            if seen_paths.len() >= MAX_FOLLOWED_PATHS {
                // Over the cap: not read, and its positions kept for later.
                capped += 1;
                plan.kept
                    .extend(saved.files.iter().filter(|p| p.path == path).cloned());
                continue;
            }
            seen_paths.insert(path.clone());
            plan_path(&path, saved, first_sight, held, &mut claimed, &mut plan);
        }
    }
    if capped > 0 {
        plan.warnings.push(format!(
            "the PATHs name {} files, more than the {MAX_FOLLOWED_PATHS} followed at once: \
             {capped} of them are not read (name fewer files, or split them between followers \
             with their own --positions)",
            MAX_FOLLOWED_PATHS + capped
        ));
    }
    plan
}

/// The reads of one followed path, into `plan`.
fn plan_path(
    path: &Path,
    saved: &Positions,
    first_sight: FirstSight,
    held: &HeldFiles,
    claimed: &mut HashSet<(u64, u64)>,
    plan: &mut Plan,
) {
    let positions: Vec<&Position> = saved.files.iter().filter(|p| p.path == path).collect();
    let current = match Candidate::open(path) {
        Ok(current) => current,
        Err(error) => {
            plan.warnings.push(format!(
                "cannot read {}: {error}; it is tried again at the next run",
                path.display()
            ));
            plan.unreadable = true;
            plan.kept.extend(positions.into_iter().cloned());
            return;
        }
    };
    let mut siblings: Option<Vec<Candidate>> = None;
    let mut current_claimed = false;
    let mut newest_rotated: Option<SystemTime> = None;
    for position in &positions {
        let Some(identity) = position.identity() else {
            continue;
        };
        if let Some(current) = current.as_ref().filter(|c| !claimed.contains(&c.key())) {
            if current.is(&identity) && current.size >= position.offset {
                claimed.insert(current.key());
                current_claimed = true;
                push_job(plan, path, current, position.offset, Place::Current);
                continue;
            }
        }
        let siblings = siblings.get_or_insert_with(|| open_siblings(path));
        let by_identity = siblings.iter().position(|s| {
            !claimed.contains(&s.key()) && s.is(&identity) && s.size >= position.offset
        });
        // Copytruncate: a copy has other inode, but the same first bytes.
        let found = by_identity.or_else(|| {
            (identity.fingerprint.len > 0)
                .then(|| {
                    siblings.iter().position(|s| {
                        !claimed.contains(&s.key())
                            && s.size >= position.offset
                            && identity.fingerprint.matches(&s.file, s.size)
                    })
                })
                .flatten()
        });
        match found {
            Some(index) => {
                let sibling = &siblings[index];
                claimed.insert(sibling.key());
                newest_rotated = newest_rotated.max(Some(sibling.modified));
                push_job(plan, path, sibling, position.offset, Place::Rotated);
            }
            None => match held_open(held, &identity, path) {
                // Deleted (or moved out of sight) while followed: read to
                // its end from the file still open, then let go of it.
                Some(gone) if gone.size >= position.offset && !claimed.contains(&gone.key()) => {
                    claimed.insert(gone.key());
                    push_job(plan, path, &gone, position.offset, Place::Deleted);
                }
                _ if !position.rotated => {
                    plan.warnings.push(gone_warning(path, position, &current))
                }
                _ => {}
            },
        }
    }
    // Rotated more than once since the last pass: the files rotated after
    // the last one known were never read, and are read whole.
    if let (Some(newest), Some(siblings)) = (newest_rotated, siblings.as_mut()) {
        let mut newer: Vec<&Candidate> = siblings
            .iter()
            .filter(|s| s.modified >= newest && !claimed.contains(&s.key()))
            .collect();
        newer.sort_by_key(|s| s.modified);
        for sibling in newer {
            claimed.insert(sibling.key());
            push_job(plan, path, sibling, 0, Place::Rotated);
        }
    }
    let Some(current) = current else {
        if positions.is_empty() {
            plan.warnings.push(format!(
                "{} does not exist (yet); it is read from its start once it does",
                path.display()
            ));
        }
        return;
    };
    if current_claimed || !claimed.insert(current.key()) {
        return;
    }
    let start = match (positions.is_empty(), first_sight) {
        (true, FirstSight::End) => end_of_whole_lines(&current.file, 0, current.size),
        _ => 0,
    };
    push_job(plan, path, &current, start, Place::Current);
}

/// Adds the read of `candidate` from `start`, for the followed `path`.
fn push_job(plan: &mut Plan, path: &Path, candidate: &Candidate, start: u64, place: Place) {
    let job = (|| -> io::Result<ReadJob> {
        // A rotated file still being written (its writer has not reopened
        // yet) may end in half a line: it waits for the rest, as in a
        // current file. Quiet for a while, its last line is read as it is.
        let quiet = candidate
            .modified
            .elapsed()
            .is_ok_and(|age| age >= ROTATED_QUIET);
        let end = match (place, quiet) {
            (Place::Current, _) | (Place::Rotated, false) => {
                end_of_whole_lines(&candidate.file, start, candidate.size)
            }
            (Place::Rotated, true) | (Place::Deleted, _) => candidate.size,
        };
        Ok(ReadJob {
            path: path.to_owned(),
            found_at: candidate.path.clone(),
            file: candidate.file.try_clone()?,
            identity: FileIdentity::of(&candidate.file, candidate.size)?,
            start,
            end: end.max(start),
            place,
        })
    })();
    match job {
        Ok(job) => plan.jobs.push(job),
        Err(error) => {
            plan.warnings.push(format!(
                "cannot read {}: {error}; it is tried again at the next run",
                candidate.path.display()
            ));
            plan.unreadable = true;
        }
    }
}

/// The warning for a position whose file is found neither at its path nor beside it.
fn gone_warning(path: &Path, position: &Position, current: &Option<Candidate>) -> String {
    let truncated = current
        .as_ref()
        .is_some_and(|c| (c.device, c.inode) == (position.device, position.inode));
    match truncated {
        true => format!(
            "{} was truncated (copytruncate?) and no copy of it is found beside it: lines \
             written past byte {} before the truncation may be missing; it is read from its start",
            path.display(),
            position.offset
        ),
        false => format!(
            "the file last read at {} is found neither there nor beside it under a rotated \
             name (compressed or deleted?): lines written to it past byte {} may be missing",
            path.display(),
            position.offset
        ),
    }
}

/// The file known by `identity` among the `held` ones, as a candidate.
fn held_open(held: &HeldFiles, identity: &FileIdentity, path: &Path) -> Option<Candidate> {
    let file = held
        .get(&(identity.device, identity.inode))?
        .try_clone()
        .ok()?;
    let metadata = file.metadata().ok()?;
    let candidate = Candidate {
        path: PathBuf::from(format!("{} (deleted)", path.display())),
        device: metadata.dev(),
        inode: metadata.ino(),
        size: metadata.len(),
        modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        file,
    };
    candidate.is(identity).then_some(candidate)
}

/// The readable rotated siblings of `path`.
fn open_siblings(path: &Path) -> Vec<Candidate> {
    rotated_siblings(path)
        .iter()
        .filter_map(|sibling| Candidate::open(sibling).ok().flatten())
        .collect()
}

/// The offset just past the last newline in `file` between `start` and
/// `size`; `start` when there is none.
fn end_of_whole_lines(file: &File, start: u64, size: u64) -> u64 {
    const CHUNK: u64 = 64 * 1024;
    let mut chunk_end = size;
    let mut buffer = vec![0; CHUNK as usize];
    while chunk_end > start {
        let chunk_start = chunk_end.saturating_sub(CHUNK).max(start);
        let bytes = &mut buffer[..(chunk_end - chunk_start) as usize];
        if file.read_exact_at(bytes, chunk_start).is_err() {
            return start;
        }
        if let Some(at) = memchr::memrchr(b'\n', bytes) {
            return chunk_start + at as u64 + 1;
        }
        chunk_end = chunk_start;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_file_still_written_is_read_to_its_last_whole_line() {
        use crate::input::follow::positions::Position;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "a\n").unwrap();
        let pattern = PathPattern::parse(&path.display().to_string()).unwrap();
        let first = plan(
            std::slice::from_ref(&pattern),
            None,
            FirstSight::Start,
            &HeldFiles::new(),
        );
        let job = &first.jobs[0];
        let saved = Positions::new(
            vec![pattern.text()],
            vec![Position::new(&path, &job.identity, 2, Place::Current)],
        );
        let rotated = dir.path().join("app.log.1");
        std::fs::rename(&path, &rotated).unwrap();
        std::fs::write(&rotated, "a\nb\npart").unwrap();
        let second = plan(&[pattern], Some(&saved), FirstSight::End, &HeldFiles::new());
        assert_eq!(second.jobs.len(), 1, "{:?}", second.warnings);
        assert_eq!((second.jobs[0].start, second.jobs[0].end), (2, 4));
        assert_eq!(second.jobs[0].place, Place::Rotated);
    }

    #[test]
    fn a_glob_matching_more_files_than_the_cap_follows_the_first_ones_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..MAX_FOLLOWED_PATHS + 3 {
            std::fs::write(dir.path().join(format!("{n:04}.log")), "line\n").unwrap();
        }
        let glob = PathPattern::parse(&format!("{}/*.log", dir.path().display())).unwrap();
        let plan = plan(&[glob], None, FirstSight::Start, &HeldFiles::new());
        assert_eq!(plan.jobs.len(), MAX_FOLLOWED_PATHS);
        assert!(plan.jobs[0].found_at.ends_with("0000.log"));
        assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
        assert!(
            plan.warnings[0].contains("3 of them are not read"),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn the_end_of_whole_lines_leaves_a_line_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "one\ntwo\nthr").unwrap();
        let file = File::open(&path).unwrap();
        assert_eq!(end_of_whole_lines(&file, 0, 11), 8);
        assert_eq!(end_of_whole_lines(&file, 8, 11), 8);
        assert_eq!(end_of_whole_lines(&file, 0, 3), 0);
    }
}
