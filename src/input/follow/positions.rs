//! The positions file: where each followed file was read to, by identity,
//! and which PATH arguments were seen before. Written atomically (a temporary
//! file, fsync, rename, fsync of the directory) and held with an advisory
//! lock beside it, so that two followers never share one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};

use rustix::fs::{flock, FlockOperation};
use serde::{Deserialize, Serialize};

use crate::input::follow::identity::{FileIdentity, Fingerprint};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;

/// The format written; a file of another version is treated as corrupt.
const VERSION: u32 = 1;

/// Where one followed file was read to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The followed path the file was found under (or beside, once rotated).
    pub path: PathBuf,
    pub device: u64,
    pub inode: u64,
    pub fingerprint_len: u64,
    /// The fingerprint's hash, in hex (JSON numbers past 2^53 are not safe).
    pub fingerprint: String,
    /// The byte offset read to: everything before it was delivered or spooled.
    pub offset: u64,
    /// The file was found beside `path` (rotated away), not at it.
    pub rotated: bool,
}

impl Position {
    /// The position `offset` in the file known by `identity`, followed as `path`.
    pub fn new(path: &Path, identity: &FileIdentity, offset: u64, place: Place) -> Position {
        Position {
            path: path.to_owned(),
            device: identity.device,
            inode: identity.inode,
            fingerprint_len: identity.fingerprint.len,
            fingerprint: format!("{:016x}", identity.fingerprint.hash),
            offset,
            rotated: place != Place::Current,
        }
    }

    /// The identity of the file, or `None` for an unreadable fingerprint.
    pub fn identity(&self) -> Option<FileIdentity> {
        Some(FileIdentity {
            device: self.device,
            inode: self.inode,
            fingerprint: Fingerprint {
                len: self.fingerprint_len,
                hash: u64::from_str_radix(&self.fingerprint, 16).ok()?,
            },
        })
    }
}

/// Where a file was found: at its followed path, beside it after a
/// rotation, or only in the follower's hands after it was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Current,
    Rotated,
    Deleted,
}

/// The contents of a positions file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    pub version: u32,
    /// The PATH arguments (files or globs) followed before: a file they
    /// match that has no position appeared since, and is read from its start.
    pub patterns: Vec<String>,
    pub files: Vec<Position>,
}

/// A positions file, locked for this process until it is dropped.
#[derive(Debug)]
pub struct PositionsFile {
    path: PathBuf,
    /// Holds the advisory lock.
    _lock: File,
}

impl PositionsFile {
    /// Locks the positions file at `path` (creating its directory), or says
    /// that another follower holds it.
    pub fn lock(path: &Path) -> Result<PositionsFile, Failure> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|error| {
                Failure::new(
                    ExitCode::IoError,
                    format!(
                        "cannot create the positions directory {}: {error}",
                        dir.display()
                    ),
                )
            })?;
        }
        let lock_path = with_suffix(path, ".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|error| {
                Failure::new(
                    ExitCode::IoError,
                    format!("cannot open the lock file {}: {error}", lock_path.display()),
                )
            })?;
        match flock(lock.as_fd(), FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => return Err(Failure::new(
                ExitCode::TempFail,
                format!(
                    "another logingestor follow is using the positions file {}; \
                         this one reads nothing",
                    path.display()
                ),
            )
            .with_hint(
                "let the running follower finish, or give this one its own file with --positions",
            )),
            Err(error) => {
                return Err(Failure::new(
                    ExitCode::IoError,
                    format!("cannot lock {}: {error}", lock_path.display()),
                ))
            }
        }
        Ok(PositionsFile {
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// The path of the positions file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved positions: `None` when there are none yet (or the file was
    /// corrupt, when it is set aside as `FILE.corrupt` with a warning).
    pub fn load(&self, warn: &mut dyn FnMut(String)) -> Result<Option<Positions>, Failure> {
        let text = match fs::read(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(Failure::new(
                    ExitCode::IoError,
                    format!(
                        "cannot read the positions file {}: {error}",
                        self.path.display()
                    ),
                ))
            }
        };
        let parsed = serde_json::from_slice::<Positions>(&text)
            .map_err(|error| error.to_string())
            .and_then(|positions| match positions.version {
                VERSION => Ok(positions),
                other => Err(format!("version {other}, not {VERSION}")),
            });
        match parsed {
            Ok(positions) => Ok(Some(positions)),
            Err(why) => {
                let copy = with_suffix(&self.path, ".corrupt");
                let kept = fs::rename(&self.path, &copy)
                    .map(|()| format!("kept as {}", copy.display()))
                    .unwrap_or_else(|error| format!("could not keep a copy: {error}"));
                warn(format!(
                    "the positions file {} is corrupt ({why}); {kept}; every file is read from \
                     its end, as if seen for the first time",
                    self.path.display()
                ));
                Ok(None)
            }
        }
    }

    /// Replaces the saved positions with `positions`, atomically.
    pub fn save(&self, positions: &Positions) -> Result<(), Failure> {
        let failed = |error: io::Error| {
            Failure::new(
                ExitCode::IoError,
                format!(
                    "cannot save the positions file {}: {error}",
                    self.path.display()
                ),
            )
        };
        let mut text = serde_json::to_vec_pretty(positions)
            .map_err(io::Error::other)
            .map_err(failed)?;
        text.push(b'\n');
        let temporary = with_suffix(&self.path, &format!(".tmp-{}", std::process::id()));
        let written = (|| {
            let mut file = File::create(&temporary)?;
            file.write_all(&text)?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)?;
            if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                File::open(dir)?.sync_all()?;
            }
            Ok(())
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written.map_err(failed)
    }
}

impl Positions {
    /// Positions of the current format.
    pub fn new(patterns: Vec<String>, files: Vec<Position>) -> Positions {
        Positions {
            version: VERSION,
            patterns,
            files,
        }
    }
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_saved_and_loaded_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = PositionsFile::lock(&dir.path().join("sub/positions.json")).unwrap();
        assert_eq!(file.load(&mut |_| panic!()).unwrap(), None);
        let identity = FileIdentity {
            device: 1,
            inode: 2,
            fingerprint: Fingerprint {
                len: 3,
                hash: u64::MAX,
            },
        };
        let position = Position::new(Path::new("/var/log/app.log"), &identity, 42, Place::Current);
        assert_eq!(position.identity(), Some(identity));
        let positions = Positions::new(vec!["/var/log/*.log".into()], vec![position]);
        file.save(&positions).unwrap();
        assert_eq!(file.load(&mut |_| panic!()).unwrap(), Some(positions));
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("positions.json");
        fs::write(&path, "{ not json").unwrap();
        let file = PositionsFile::lock(&path).unwrap();
        let mut warnings = Vec::new();
        assert_eq!(
            file.load(&mut |warning| warnings.push(warning)).unwrap(),
            None
        );
        assert!(warnings[0].contains("is corrupt"), "{warnings:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("positions.json.corrupt")).unwrap(),
            "{ not json"
        );
        assert!(!path.exists());
    }

    #[test]
    fn a_second_lock_on_the_same_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("positions.json");
        let _first = PositionsFile::lock(&path).unwrap();
        let second = PositionsFile::lock(&path).unwrap_err();
        assert_eq!(second.exit_code, ExitCode::TempFail);
        assert!(
            second.message.contains("another logingestor follow"),
            "{}",
            second.message
        );
    }
}
