//! Crash-safe file replacement: write a temporary file in the same directory,
//! fsync it, rename it over the final name, fsync the directory. A reader sees
//! the old file or the complete new one, never a torn one, and a failure
//! leaves no temporary file behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Temporary files start with this, so that no listing of segments sees them.
pub const TEMP_PREFIX: &str = ".tmp-";

/// A temporary file no crashed writer could still be writing.
const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

/// Tells this process's temporary files apart.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file in the spool directory, removed when dropped unless it
/// was renamed into place.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
    file: File,
    persisted: bool,
}

impl TempFile {
    /// Creates a new, empty file readable only by its owner.
    pub fn create(dir: &Path) -> io::Result<TempFile> {
        let counter = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{TEMP_PREFIX}{}-{counter}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        Ok(TempFile {
            path,
            file,
            persisted: false,
        })
    }

    /// Flushes the file to disk, renames it to `final_path` (replacing any file
    /// there) and flushes the directory, so that the rename survives a crash.
    pub fn persist(mut self, final_path: &Path) -> io::Result<()> {
        self.file.sync_all()?;
        fs::rename(&self.path, final_path)?;
        self.persisted = true;
        sync_dir(final_path.parent().unwrap_or(Path::new(".")))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `lines`, each followed by a newline, to `final_path` atomically.
pub fn write_lines_atomically(final_path: &Path, lines: &[&[u8]]) -> io::Result<()> {
    write_atomically(final_path, |file| {
        let mut writer = BufWriter::with_capacity(64 * 1024, file);
        for line in lines {
            writer.write_all(line)?;
            writer.write_all(b"\n")?;
        }
        writer.flush()
    })
}

/// Creates `final_path` (or replaces it) with what `write` writes, atomically.
pub fn write_atomically(
    final_path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = final_path.parent().unwrap_or(Path::new("."));
    let mut temp = TempFile::create(dir)?;
    write(&mut temp.file)?;
    temp.persist(final_path)
}

/// Flushes a directory's entries (created, renamed, removed files) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Removes temporary files left by writers that crashed long ago; best effort.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let is_temp = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(TEMP_PREFIX));
        let is_stale = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| {
                now.duration_since(modified)
                    .is_ok_and(|age| age > STALE_TEMP_AGE)
            });
        if is_temp && is_stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}
