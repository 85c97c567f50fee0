//! Waiting for followed files to change: the kernel's notifications
//! (inotify, through rustix) on the directories that hold them, with a slow
//! poll as the fallback where they are missing (network file systems,
//! directories that do not exist yet, globs with a wildcard above the file).

use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::fs::inotify::{self, CreateFlags, WatchFlags};

use crate::input::follow::discover::PathPattern;

/// How often a stop is looked for while waiting.
const STOP_CHECK_EVERY: Duration = Duration::from_millis(100);

/// The directories of the followed paths, watched.
pub struct Watcher {
    /// `None` where inotify is not available: every wait is a poll.
    inotify: Option<OwnedFd>,
    dirs: Vec<PathBuf>,
}

impl Watcher {
    /// A watcher of the directories `patterns` name files in.
    pub fn new(patterns: &[PathPattern]) -> Watcher {
        let inotify = inotify::init(CreateFlags::NONBLOCK | CreateFlags::CLOEXEC).ok();
        let mut dirs: Vec<PathBuf> = patterns.iter().filter_map(watched_dir).collect();
        dirs.sort();
        dirs.dedup();
        Watcher { inotify, dirs }
    }

    /// Waits until a watched directory changes, `poll_every` passed, or
    /// `stop` says so; the wait's events are used up.
    pub fn wait(&self, poll_every: Duration, stop: &impl Fn() -> bool) {
        let deadline = Instant::now() + poll_every;
        let Some(inotify) = &self.inotify else {
            while !stop() && Instant::now() < deadline {
                std::thread::sleep(STOP_CHECK_EVERY.min(deadline - Instant::now()));
            }
            return;
        };
        // Watched again at each wait: a directory created since is watched
        // from now on; one watched already keeps its watch.
        let flags = WatchFlags::MODIFY
            | WatchFlags::CREATE
            | WatchFlags::DELETE
            | WatchFlags::MOVE
            | WatchFlags::CLOSE_WRITE
            | WatchFlags::ATTRIB;
        for dir in &self.dirs {
            let _ = inotify::add_watch(inotify, dir, flags);
        }
        while !stop() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            let slice = left.min(STOP_CHECK_EVERY);
            let timeout = Timespec {
                tv_sec: slice.as_secs() as i64,
                tv_nsec: i64::from(slice.subsec_nanos()),
            };
            let mut fds = [PollFd::new(inotify, PollFlags::IN)];
            if matches!(poll(&mut fds, Some(&timeout)), Ok(ready) if ready > 0) {
                drain(inotify);
                return;
            }
        }
    }
}

/// Reads every queued event, to wait afresh next time.
fn drain(inotify: &OwnedFd) {
    let mut buffer = [MaybeUninit::uninit(); 4096];
    let mut reader = inotify::Reader::new(inotify, &mut buffer);
    while reader.next().is_ok() {}
}

/// The directory whose entries a pattern names, when it has one: the parent
/// of a literal path, or of a glob whose wildcards are all in its file name.
fn watched_dir(pattern: &PathPattern) -> Option<PathBuf> {
    let path = match pattern {
        PathPattern::Literal(path) => path.clone(),
        PathPattern::Glob(_, text) => PathBuf::from(text),
    };
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    let wild = parent.to_string_lossy().contains(['*', '?', '[']);
    (!wild).then_some(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_in_a_watched_directory_ends_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        let pattern = PathPattern::parse(&path.display().to_string()).unwrap();
        let watcher = Watcher::new(&[pattern]);
        assert!(watcher.inotify.is_some());
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(200));
                std::fs::write(path, "line\n").unwrap();
            })
        };
        let started = Instant::now();
        watcher.wait(Duration::from_secs(60), &|| false);
        assert!(started.elapsed() < Duration::from_secs(30));
        writer.join().unwrap();
    }

    #[test]
    fn a_glob_with_a_wildcard_above_the_file_is_polled() {
        let glob = PathPattern::parse("/var/log/*/app.log").unwrap();
        assert_eq!(watched_dir(&glob), None);
        let glob = PathPattern::parse("/var/log/app/*.log").unwrap();
        assert_eq!(watched_dir(&glob), Some(PathBuf::from("/var/log/app")));
    }
}
