//! `logingestor follow --once`: cron run after cron run, each line written
//! is accepted once, across appends, rotation and stops.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::fake_ingest::Fault;
use crate::test_env::{signal, text, Stats, TestEnv};

/// A followed file and the positions file of the tests' runs.
struct Follow {
    env: TestEnv,
    log: PathBuf,
    positions: PathBuf,
}

impl Follow {
    fn new() -> Follow {
        let env = TestEnv::new();
        let log = env.home.path().join("logs/app.log");
        fs::create_dir_all(log.parent().unwrap()).unwrap();
        let positions = env.home.path().join("positions.json");
        Follow {
            env,
            log,
            positions,
        }
    }

    /// `follow --once --stats` of the log file, with `extra` flags.
    fn run(&self, extra: &[&str]) -> Output {
        self.env
            .command()
            .args(["follow", "--once", "--stats", "--positions"])
            .arg(&self.positions)
            .args(extra)
            .arg(&self.log)
            .output()
            .unwrap()
    }

    /// Runs, expecting exit status `code`; the stats line.
    fn run_expecting(&self, extra: &[&str], code: i32) -> Stats {
        let output = self.run(extra);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{stderr}");
        Stats::of(&stderr)
    }
}

/// Appends `text` to the file at `path` (creating it).
fn append(path: &Path, text: &str) {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[test]
fn appends_between_runs_are_each_shipped_once() {
    let follow = Follow::new();
    append(&follow.log, "before 1\nbefore 2\n");
    // The first sight of a file reads it from its end.
    assert_eq!(follow.run_expecting(&[], 0).read, 0);
    append(&follow.log, "one\ntwo\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 2);
    assert_eq!(follow.run_expecting(&[], 0).read, 0, "nothing new");
    // A line still being written waits for its newline.
    append(&follow.log, "three\nfou");
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    append(&follow.log, "r\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    assert_eq!(
        follow.env.server.messages(),
        ["one", "two", "three", "four"]
    );
}

#[test]
fn from_start_reads_a_file_seen_for_the_first_time_whole() {
    let follow = Follow::new();
    append(&follow.log, "old 1\nold 2\n");
    assert_eq!(follow.run_expecting(&["--from", "start"], 0).read, 2);
    append(&follow.log, "new\n");
    assert_eq!(follow.run_expecting(&["--from", "start"], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["old 1", "old 2", "new"]);
}

#[test]
fn a_followed_file_is_redacted_and_filtered_like_pipe_s_input() {
    let follow = Follow::new();
    append(
        &follow.log,
        "login user=bob password=hunter2\nDEBUG noise\nERROR disk full\n",
    );
    follow.run_expecting(&["--from", "start", "--min-level", "info"], 0);
    assert_eq!(
        follow.env.server.messages(),
        ["login user=bob password=[REDACTED]", "ERROR disk full"]
    );
}

#[test]
fn a_file_renamed_away_between_runs_is_finished_then_the_new_one_read_from_its_start() {
    let follow = Follow::new();
    append(&follow.log, "a\n");
    follow.run_expecting(&["--from", "start"], 0);
    append(&follow.log, "b\nc\n");
    fs::rename(&follow.log, sibling(&follow.log, ".1")).unwrap();
    append(&follow.log, "d\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 3);
    // The rotated file keeps being watched while it is beside: a late write
    // to it is shipped too, and nothing twice.
    append(&sibling(&follow.log, ".1"), "late\n");
    append(&follow.log, "e\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 2);
    assert_eq!(
        follow.env.server.messages(),
        ["a", "b", "c", "d", "late", "e"]
    );
}

#[test]
fn two_rotations_between_runs_with_dated_names_lose_nothing() {
    let follow = Follow::new();
    append(&follow.log, "a\n");
    follow.run_expecting(&["--from", "start"], 0);
    append(&follow.log, "b\n");
    fs::rename(&follow.log, sibling(&follow.log, "-20261201")).unwrap();
    // mtimes tell the rotated files' order; make it unambiguous.
    std::thread::sleep(Duration::from_millis(20));
    append(&follow.log, "c\n");
    fs::rename(&follow.log, sibling(&follow.log, "-20261202")).unwrap();
    append(&follow.log, "d\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 3);
    assert_eq!(follow.env.server.messages(), ["a", "b", "c", "d"]);
}

#[test]
fn a_copytruncate_between_runs_finishes_the_copy_and_rereads_the_file() {
    let follow = Follow::new();
    append(&follow.log, "a\nb\n");
    follow.run_expecting(&["--from", "start"], 0);
    append(&follow.log, "c\n");
    fs::copy(&follow.log, sibling(&follow.log, ".1")).unwrap();
    OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&follow.log)
        .unwrap();
    append(&follow.log, "d\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 2);
    append(&follow.log, "e\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["a", "b", "c", "d", "e"]);
}

#[test]
fn a_glob_follows_each_file_and_reads_a_new_match_from_its_start() {
    let follow = Follow::new();
    let dir = follow.log.parent().unwrap().to_owned();
    append(&dir.join("a.log"), "a old\n");
    let glob = format!("{}/*.log", dir.display());
    let run = || {
        let output = follow
            .env
            .command()
            .args(["follow", "--once", "--positions"])
            .arg(&follow.positions)
            .arg(&glob)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
    };
    run();
    append(&dir.join("a.log"), "a new\n");
    append(&dir.join("b.log"), "b first\n");
    run();
    let mut messages = follow.env.server.messages();
    messages.sort();
    assert_eq!(messages, ["a new", "b first"]);
}

#[test]
fn a_corrupt_positions_file_is_kept_aside_and_reading_starts_from_the_ends() {
    let follow = Follow::new();
    append(&follow.log, "old\n");
    fs::write(&follow.positions, "{ half written").unwrap();
    let output = follow.run(&[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("is corrupt"), "{stderr}");
    assert_eq!(
        fs::read_to_string(sibling(&follow.positions, ".corrupt")).unwrap(),
        "{ half written"
    );
    assert_eq!(Stats::of(&stderr).read, 0);
    append(&follow.log, "new\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["new"]);
}

#[test]
fn a_second_follower_on_the_same_positions_file_refuses() {
    let follow = Follow::new();
    append(&follow.log, "line\n");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(sibling(&follow.positions, ".lock"))
        .unwrap();
    // SAFETY: flock(2) on a descriptor we own.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    let output = follow.run(&["--from", "start"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    assert!(stderr.contains("another logingestor follow"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.contains("error")).count(),
        1,
        "{stderr}"
    );
    drop(lock);
    assert_eq!(follow.run_expecting(&["--from", "start"], 0).read, 1);
}

#[test]
fn a_missing_path_is_told_and_read_from_its_start_once_it_exists() {
    let follow = Follow::new();
    let output = follow.run(&[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("does not exist (yet)"), "{stderr}");
    append(&follow.log, "first\n");
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["first"]);
}

#[test]
fn an_unreadable_file_is_told_with_status_66_and_read_once_it_can_be() {
    use std::os::unix::fs::PermissionsExt;
    let follow = Follow::new();
    append(&follow.log, "a\n");
    follow.run_expecting(&["--from", "start"], 0);
    append(&follow.log, "b\n");
    fs::set_permissions(&follow.log, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&follow.log).is_ok() {
        return; // Running as root: permissions do not keep it out.
    }
    let output = follow.run(&[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(66), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
    fs::set_permissions(&follow.log, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["a", "b"]);
}

#[test]
fn lines_spooled_while_the_api_is_down_are_not_read_again() {
    let follow = Follow::new();
    append(&follow.log, "a\nb\n");
    let down = follow
        .env
        .command()
        .env("STREAMLOGIA_API_URL", "http://127.0.0.1:9")
        .args([
            "--retry-for",
            "0s",
            "follow",
            "--once",
            "--stats",
            "--from",
            "start",
        ])
        .arg("--positions")
        .arg(&follow.positions)
        .arg(&follow.log)
        .output()
        .unwrap();
    let stderr = text(&down.stderr);
    assert_eq!(down.status.code(), Some(75), "{stderr}");
    assert_eq!(Stats::of(&stderr).spooled, 2, "{stderr}");
    append(&follow.log, "c\n");
    // The next run sends the spooled lines, and reads only the new one.
    assert_eq!(follow.run_expecting(&[], 0).read, 1);
    // The spool is sent after this run's own lines.
    let mut messages = follow.env.server.messages();
    messages.sort();
    assert_eq!(messages, ["a", "b", "c"]);
}

#[test]
fn lines_dropped_leave_the_positions_where_they_were() {
    let follow = Follow::new();
    append(&follow.log, "a\n");
    let lost = follow
        .env
        .command()
        .env("STREAMLOGIA_API_URL", "http://127.0.0.1:9")
        .args([
            "--retry-for",
            "0s",
            "--no-spool",
            "follow",
            "--once",
            "--from",
            "start",
        ])
        .arg("--positions")
        .arg(&follow.positions)
        .arg(&follow.log)
        .output()
        .unwrap();
    let stderr = text(&lost.stderr);
    assert_eq!(lost.status.code(), Some(69), "{stderr}");
    assert!(stderr.contains("are not moved on"), "{stderr}");
    // The file is the retry buffer: the next run reads the line again.
    assert_eq!(follow.run_expecting(&["--from", "start"], 0).read, 1);
    assert_eq!(follow.env.server.messages(), ["a"]);
}

#[test]
fn after_sigterm_what_was_read_is_spooled_and_the_next_run_reads_nothing_twice() {
    let follow = Follow::new();
    let lines: String = (0..3000).map(|n| format!("line {n:05}\n")).collect();
    append(&follow.log, &lines);
    follow
        .env
        .server
        .push_fault(Fault::Delay(Duration::from_secs(20)));
    let child = follow
        .env
        .spawnable()
        .args([
            "--timeout",
            "30s",
            "follow",
            "--once",
            "--stats",
            "--from",
            "start",
        ])
        .args([
            "--batch-size",
            "100",
            "--shutdown-timeout",
            "1s",
            "--positions",
        ])
        .arg(&follow.positions)
        .arg(&follow.log)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(follow
        .env
        .server
        .wait_for_arrivals(1, Duration::from_secs(10)));
    signal(child.id(), libc::SIGTERM);
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert!(started.elapsed() < Duration::from_secs(10), "{stderr}");
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    let first = Stats::of(&stderr);
    assert_eq!(first.read, first.delivered + first.spooled, "{stderr}");
    // The next run delivers the spool, and reads from where the first stopped.
    let second = follow.run_expecting(&[], 0);
    assert_eq!(first.read + second.read, 3000);
    assert!(follow.env.server.wait_until_idle(Duration::from_secs(30)));
    let mut messages = follow.env.server.messages();
    messages.sort();
    let before = messages.len();
    messages.dedup();
    assert_eq!(messages.len(), 3000, "every line arrives");
    // Only the request given up in flight at the deadline may arrive twice.
    assert!(
        before - messages.len() <= 100,
        "{} duplicates",
        before - 3000
    );
}

/// A follower running (without `--once`) on `paths`, with `extra` flags.
fn start_follower(
    follow: &Follow,
    extra: &[&str],
    paths: &[&std::ffi::OsStr],
) -> std::process::Child {
    follow
        .env
        .spawnable()
        .args([
            "follow",
            "--stats",
            "--flush-interval",
            "100ms",
            "--positions",
        ])
        .arg(&follow.positions)
        .args(extra)
        .args(paths)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Stops a follower with SIGTERM; its stats, once it exited with 0.
fn stop_follower(child: std::process::Child) -> Stats {
    signal(child.id(), libc::SIGTERM);
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    Stats::of(&stderr)
}

fn wait_for(follow: &Follow, entries: usize) {
    assert!(
        follow
            .env
            .server
            .wait_for_entries(entries, Duration::from_secs(30)),
        "{:?}",
        follow.env.server.messages()
    );
}

#[test]
fn a_follower_ships_appends_as_they_come_and_resumes_after_a_restart() {
    let follow = Follow::new();
    append(&follow.log, "a\n");
    let child = start_follower(&follow, &["--from", "start"], &[follow.log.as_os_str()]);
    wait_for(&follow, 1);
    append(&follow.log, "b\nc\n");
    wait_for(&follow, 3);
    assert_eq!(stop_follower(child).read, 3);
    append(&follow.log, "d\n");
    let child = start_follower(&follow, &[], &[follow.log.as_os_str()]);
    wait_for(&follow, 4);
    append(&follow.log, "e\n");
    wait_for(&follow, 5);
    assert_eq!(stop_follower(child).read, 2);
    assert_eq!(follow.env.server.messages(), ["a", "b", "c", "d", "e"]);
}

#[test]
fn a_rename_rotation_while_following_ships_late_writes_to_the_old_file_and_the_new_file() {
    let follow = Follow::new();
    let mut writer = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&follow.log)
        .unwrap();
    writer.write_all(b"a\n").unwrap();
    let child = start_follower(&follow, &["--from", "start"], &[follow.log.as_os_str()]);
    wait_for(&follow, 1);
    fs::rename(&follow.log, sibling(&follow.log, ".1")).unwrap();
    // The writer has not reopened yet: its lines go on to the old file.
    writer.write_all(b"late\n").unwrap();
    append(&follow.log, "new\n");
    wait_for(&follow, 3);
    writer.write_all(b"later\n").unwrap();
    wait_for(&follow, 4);
    assert_eq!(stop_follower(child).read, 4);
    let mut messages = follow.env.server.messages();
    messages.sort();
    assert_eq!(messages, ["a", "late", "later", "new"]);
}

#[test]
fn a_file_deleted_while_followed_is_read_to_its_end_and_let_go_of() {
    let follow = Follow::new();
    append(&follow.log, "a\n");
    let child = start_follower(&follow, &["--from", "start"], &[follow.log.as_os_str()]);
    wait_for(&follow, 1);
    append(&follow.log, "b\n");
    fs::remove_file(&follow.log).unwrap();
    wait_for(&follow, 2);
    // Its space is freed: the follower lets go of the deleted file.
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let holds_deleted = || {
        fs::read_dir(&fds).unwrap().any(|fd| {
            fs::read_link(fd.unwrap().path())
                .is_ok_and(|target| target.to_string_lossy().ends_with("app.log (deleted)"))
        })
    };
    let started = Instant::now();
    while holds_deleted() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the deleted file stays open"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    append(&follow.log, "recreated\n");
    wait_for(&follow, 3);
    stop_follower(child);
    assert_eq!(follow.env.server.messages(), ["a", "b", "recreated"]);
}

#[test]
fn a_new_file_matching_a_glob_while_following_is_read_from_its_start() {
    let follow = Follow::new();
    let dir = follow.log.parent().unwrap().to_owned();
    append(&dir.join("a.log"), "a old\n");
    let glob = format!("{}/*.log", dir.display());
    let child = start_follower(&follow, &[], &[glob.as_ref()]);
    // Readiness: the first pass saved the positions (a.log, from its end).
    let started = Instant::now();
    while !follow.positions.exists() {
        assert!(started.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(20));
    }
    append(&dir.join("b.log"), "b 1\nb 2\n");
    append(&dir.join("a.log"), "a new\n");
    wait_for(&follow, 3);
    stop_follower(child);
    let mut messages = follow.env.server.messages();
    messages.sort();
    assert_eq!(messages, ["a new", "b 1", "b 2"]);
}

#[test]
fn after_kill_9_a_restart_loses_nothing_and_resends_at_most_a_pass() {
    let follow = Follow::new();
    let first: String = (0..100).map(|n| format!("first {n:03}\n")).collect();
    append(&follow.log, &first);
    let mut child = start_follower(&follow, &["--from", "start"], &[follow.log.as_os_str()]);
    wait_for(&follow, 100);
    child.kill().unwrap();
    child.wait().unwrap();
    let second: String = (0..50).map(|n| format!("second {n:03}\n")).collect();
    append(&follow.log, &second);
    let child = start_follower(&follow, &[], &[follow.log.as_os_str()]);
    wait_for(&follow, 150);
    stop_follower(child);
    let mut messages = follow.env.server.messages();
    messages.sort();
    let all = messages.len();
    messages.dedup();
    assert_eq!(messages.len(), 150, "every line arrives");
    assert!(all - 150 <= 100, "{} sent twice", all - 150);
}
