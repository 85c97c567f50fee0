//! What a followed file is known by: its device and inode, and a
//! fingerprint of its first bytes, so that a reused inode (or a file
//! truncated and written anew) is not taken for the old file.

use std::fs::File;
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};

/// How many of a file's first bytes its fingerprint covers (fewer while the
/// file is shorter).
pub const FINGERPRINT_BYTES: u64 = 256;

/// A hash of a file's first `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    /// The fingerprint of the first `min(size, FINGERPRINT_BYTES)` bytes of `file`.
    pub fn of(file: &File, size: u64) -> io::Result<Fingerprint> {
        let len = size.min(FINGERPRINT_BYTES);
        Ok(Fingerprint {
            len,
            hash: fnv1a(&first_bytes(file, len)?),
        })
    }

    /// Whether `file` starts with the bytes this fingerprint was taken of.
    pub fn matches(&self, file: &File, size: u64) -> bool {
        size >= self.len
            && first_bytes(file, self.len).is_ok_and(|bytes| fnv1a(&bytes) == self.hash)
    }
}

/// A file's identity: device, inode and fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity {
    pub device: u64,
    pub inode: u64,
    pub fingerprint: Fingerprint,
}

impl FileIdentity {
    /// The identity of the open `file` whose size is `size`.
    pub fn of(file: &File, size: u64) -> io::Result<FileIdentity> {
        let metadata = file.metadata()?;
        Ok(FileIdentity {
            device: metadata.dev(),
            inode: metadata.ino(),
            fingerprint: Fingerprint::of(file, size)?,
        })
    }

    /// Whether `file` (of size `size`, on `device` with `inode`) is this one.
    pub fn is(&self, file: &File, device: u64, inode: u64, size: u64) -> bool {
        self.device == device && self.inode == inode && self.fingerprint.matches(file, size)
    }
}

/// The first `len` bytes of `file` (fewer if it is shorter).
fn first_bytes(file: &File, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; len as usize];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read_at(&mut bytes[filled..], filled as u64) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// FNV-1a, 64 bits: stable across builds and Rust versions, unlike the
/// standard library's hasher, which a positions file must outlive.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_rewritten_from_the_start_no_longer_matches_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "first line\n").unwrap();
        let file = File::open(&path).unwrap();
        let fingerprint = Fingerprint::of(&file, 11).unwrap();
        let mut appender = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        appender.write_all(b"second line\n").unwrap();
        assert!(
            fingerprint.matches(&file, 23),
            "an append keeps the fingerprint"
        );
        std::fs::write(&path, "other line\n").unwrap();
        assert!(!fingerprint.matches(&file, 11), "new first bytes");
        std::fs::write(&path, "first").unwrap();
        assert!(
            !fingerprint.matches(&file, 5),
            "shorter than the fingerprint"
        );
    }
}
