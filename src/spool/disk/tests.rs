use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::*;

fn entry(n: usize) -> Vec<u8> {
    format!(
        "{{\"projectId\":\"p\",\"level\":\"INFO\",\"message\":\"line {n:04}\",\"source\":\"s\",\
         \"timestamp\":\"2026-04-07T09:41:03.000Z\"}}"
    )
    .into_bytes()
}

fn entries(range: std::ops::Range<usize>) -> Vec<Vec<u8>> {
    range.map(entry).collect()
}

fn refs(entries: &[Vec<u8>]) -> Vec<&[u8]> {
    entries.iter().map(Vec::as_slice).collect()
}

fn new_spool() -> (tempfile::TempDir, Spool) {
    let temp = tempfile::tempdir().unwrap();
    let spool = Spool::open(&temp.path().join("spool"), 1 << 30).unwrap();
    (temp, spool)
}

/// Every file name in the spool directory, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn segment_names(dir: &Path) -> Vec<String> {
    file_names(dir)
        .into_iter()
        .filter(|name| segment::is_segment_name(name))
        .collect()
}

fn failure_of(error: &anyhow::Error) -> &Failure {
    error.downcast_ref::<Failure>().expect("a Failure")
}

#[test]
fn open_creates_the_directory_private_to_the_user() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("state/logingestor/spool");
    let spool = Spool::open(&dir, 1024).unwrap();
    assert_eq!(spool.dir(), dir);
    let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    assert!(
        file_names(&dir).is_empty(),
        "the write probe was left behind"
    );
    // Opening again is fine.
    Spool::open(&dir, 1024).unwrap();
}

#[test]
fn append_claim_complete_round_trip() {
    let (_temp, spool) = new_spool();
    let written = entries(0..3);
    let outcome = spool.append(&refs(&written)).unwrap();
    assert_eq!(
        outcome,
        AppendOutcome {
            kept: 3,
            ..AppendOutcome::default()
        }
    );
    let names = segment_names(spool.dir());
    assert_eq!(names.len(), 1);
    let contents = fs::read(spool.dir().join(&names[0])).unwrap();
    assert_eq!(contents, [&written.join(&b'\n')[..], b"\n"].concat());
    let mode = fs::metadata(spool.dir().join(&names[0]))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let claimed = spool.claim_oldest().unwrap().expect("a segment");
    assert_eq!(claimed.entries(), &written[..]);
    assert_eq!(claimed.path(), spool.dir().join(&names[0]));
    claimed.complete().unwrap();
    assert!(file_names(spool.dir()).is_empty());
    assert!(spool.claim_oldest().unwrap().is_none());
}

#[test]
fn appending_nothing_writes_nothing() {
    let (_temp, spool) = new_spool();
    assert_eq!(spool.append(&[]).unwrap(), AppendOutcome::default());
    assert!(file_names(spool.dir()).is_empty());
}

#[test]
fn an_entry_that_would_break_the_format_is_refused() {
    let (_temp, spool) = new_spool();
    for bad in [&b"{\"a\":\n1}"[..], b"not json", b"", b"[1]"] {
        let good = entry(1);
        let error = spool.append(&[&good, bad]).unwrap_err();
        assert_eq!(failure_of(&error).exit_code, ExitCode::Internal);
        assert!(error.to_string().contains("entry 2 of 2"), "{error}");
    }
    assert!(file_names(spool.dir()).is_empty());
}

#[test]
fn segments_are_claimed_oldest_first() {
    let (_temp, spool) = new_spool();
    for batch in 0..5 {
        spool
            .append(&refs(&entries(batch * 10..batch * 10 + 10)))
            .unwrap();
    }
    let mut seen = Vec::new();
    while let Some(claimed) = spool.claim_oldest().unwrap() {
        seen.extend_from_slice(claimed.entries());
        claimed.complete().unwrap();
    }
    assert_eq!(seen, entries(0..50));
}

#[test]
fn keep_remaining_keeps_the_segment_in_its_place() {
    let (_temp, spool) = new_spool();
    spool.append(&refs(&entries(0..4))).unwrap();
    spool.append(&refs(&entries(4..6))).unwrap();
    let first = spool.claim_oldest().unwrap().unwrap();
    let name = first.path().to_owned();
    let rest = entries(2..4);
    first.keep_remaining(&refs(&rest)).unwrap();

    let again = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(again.path(), name);
    assert_eq!(again.entries(), &rest[..]);
    // Nothing left: the same as complete.
    again.keep_remaining(&[]).unwrap();
    assert!(!name.exists());
    let last = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(last.entries(), &entries(4..6)[..]);
    assert_eq!(segment_names(spool.dir()).len(), 1);
}

#[test]
fn release_leaves_the_segment_and_claim_next_moves_past_it() {
    let (_temp, spool) = new_spool();
    spool.append(&refs(&entries(0..1))).unwrap();
    spool.append(&refs(&entries(1..2))).unwrap();
    let first = spool.claim_oldest().unwrap().unwrap();
    let first_path = first.path().to_owned();
    first.release();

    let mut skip = HashSet::new();
    skip.insert(first_path.clone());
    let second = spool.claim_next(&skip).unwrap().unwrap();
    assert_eq!(second.entries(), &entries(1..2)[..]);
    second.release();

    // File names work as well as paths.
    let skip: HashSet<PathBuf> = segment_names(spool.dir())
        .into_iter()
        .map(PathBuf::from)
        .collect();
    assert!(spool.claim_next(&skip).unwrap().is_none());
    // Released, so claimable again.
    assert_eq!(spool.claim_oldest().unwrap().unwrap().path(), first_path);
}

#[test]
fn two_handles_on_one_directory_never_claim_the_same_segment() {
    let (_temp, spool) = new_spool();
    let other = Spool::open(spool.dir(), 1 << 30).unwrap();
    spool.append(&refs(&entries(0..1))).unwrap();
    spool.append(&refs(&entries(1..2))).unwrap();

    let mine = spool.claim_oldest().unwrap().unwrap();
    let theirs = other.claim_oldest().unwrap().unwrap();
    assert_ne!(mine.path(), theirs.path());
    assert_eq!(mine.entries(), &entries(0..1)[..]);
    assert_eq!(theirs.entries(), &entries(1..2)[..]);
    // Both held: nothing left for anyone, the same handle included.
    assert!(other.claim_oldest().unwrap().is_none());
    assert!(spool.claim_oldest().unwrap().is_none());

    mine.release();
    let again = other.claim_oldest().unwrap().unwrap();
    assert_eq!(again.entries(), &entries(0..1)[..]);
}

#[test]
fn concurrent_drainers_deliver_each_entry_exactly_once() {
    let (_temp, spool) = new_spool();
    let total = 400;
    for batch in 0..total / 8 {
        spool
            .append(&refs(&entries(batch * 8..batch * 8 + 8)))
            .unwrap();
    }
    let delivered = Arc::new(Mutex::new(Vec::new()));
    let dir = spool.dir().to_owned();
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let delivered = Arc::clone(&delivered);
            let dir = dir.clone();
            std::thread::spawn(move || {
                // A handle of its own, as another process would have.
                let spool = Spool::open(&dir, 1 << 30).unwrap();
                let mut round = worker;
                while let Some(claimed) = spool.claim_oldest().unwrap() {
                    round += 1;
                    let entries = claimed.entries().to_vec();
                    // Deliver everything, or only the first half and keep the rest.
                    let split = if round % 2 == 0 {
                        entries.len()
                    } else {
                        entries.len() / 2
                    };
                    delivered
                        .lock()
                        .unwrap()
                        .extend_from_slice(&entries[..split]);
                    claimed.keep_remaining(&refs(&entries[split..])).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let mut delivered = delivered.lock().unwrap().clone();
    assert_eq!(delivered.len(), total, "an entry was lost or sent twice");
    delivered.sort();
    delivered.dedup();
    assert_eq!(delivered.len(), total, "an entry was sent twice");
    assert!(file_names(&dir).is_empty(), "{:?}", file_names(&dir));
}

#[test]
fn the_cap_drops_the_oldest_segments_and_counts_them() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("spool");
    let segment_bytes = (entry(0).len() as u64 + 1) * 10;
    let spool = Spool::open(&dir, segment_bytes * 3).unwrap();
    let earlier = "seg-00000000000000000001-0000000001-0000000000.ndjson";
    fs::write(
        dir.join(earlier),
        [&entries(0..10).join(&b'\n')[..], b"\n"].concat(),
    )
    .unwrap();
    for batch in 1..3 {
        let outcome = spool
            .append(&refs(&entries(batch * 10..batch * 10 + 10)))
            .unwrap();
        assert_eq!(outcome.kept, 10);
        assert_eq!(outcome.evicted_own + outcome.evicted_earlier, 0);
    }
    // Room is made before the write: an earlier run's segment goes first.
    let outcome = spool.append(&refs(&entries(30..40))).unwrap();
    assert_eq!(
        outcome,
        AppendOutcome {
            kept: 10,
            over_cap: 0,
            evicted_own: 0,
            evicted_earlier: 10,
        }
    );
    assert_eq!(spool.status().unwrap().bytes, segment_bytes * 3);

    // A segment being delivered is not dropped: the next oldest goes instead.
    let held = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(held.entries()[0], entry(10));
    let outcome = spool.append(&refs(&entries(40..45))).unwrap();
    assert_eq!((outcome.kept, outcome.evicted_own), (5, 10));
    assert!(held.path().exists());
    held.release();

    let mut left = Vec::new();
    while let Some(claimed) = spool.claim_oldest().unwrap() {
        left.extend_from_slice(claimed.entries());
        claimed.complete().unwrap();
    }
    let expected: Vec<Vec<u8>> = entries(10..20).into_iter().chain(entries(30..45)).collect();
    assert_eq!(left, expected);
}

#[test]
fn entries_larger_than_the_whole_cap_keep_their_newest_part() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("spool");
    let entry_bytes = entry(0).len() as u64 + 1;
    let spool = Spool::open(&dir, entry_bytes * 4).unwrap();
    spool.append(&refs(&entries(0..2))).unwrap();
    let outcome = spool.append(&refs(&entries(2..12))).unwrap();
    assert_eq!(
        outcome,
        AppendOutcome {
            kept: 4,
            over_cap: 6,
            evicted_own: 2,
            evicted_earlier: 0,
        }
    );
    let claimed = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(claimed.entries(), &entries(8..12)[..]);
    assert!(spool.status().unwrap().bytes <= entry_bytes * 4);
}

#[test]
fn unreadable_lines_are_dead_lettered_and_the_rest_delivered() {
    let (_temp, spool) = new_spool();
    spool.append(&refs(&entries(0..1))).unwrap();
    let damaged = "seg-00000000000000000001-0000000001-0000000000.ndjson";
    fs::write(
        spool.dir().join(damaged),
        [&entry(8)[..], b"\n{\"half\":\n", &entry(9), b"\n"].concat(),
    )
    .unwrap();
    let empty_name = "seg-00000000000000000002-0000000001-0000000000.ndjson";
    fs::write(spool.dir().join(empty_name), "\n").unwrap();

    let claimed = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(claimed.entries(), &[entry(8), entry(9)][..]);
    assert_eq!(claimed.unreadable(), 1);
    assert!(!claimed.written_by_this_process());
    assert_eq!(claimed.project().as_deref(), Some("p"));
    claimed.complete().unwrap();
    let dead = fs::read_to_string(spool.dead_letter_path()).unwrap();
    assert_eq!(dead.lines().count(), 1);
    assert!(dead.contains("line 2 of spool segment"), "{dead}");
    assert!(dead.contains("{\\\"half\\\":"), "{dead}");
    let own = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(own.entries(), &entries(0..1)[..]);
    assert!(own.written_by_this_process());
    own.complete().unwrap();
    assert!(
        !spool.dir().join(empty_name).exists(),
        "an empty segment stays"
    );
    assert!(spool.claim_oldest().unwrap().is_none());
}

#[test]
fn an_unreadable_segment_does_not_hold_up_the_ones_behind_it() {
    let (_temp, spool) = new_spool();
    spool.append(&refs(&entries(0..1))).unwrap();
    spool.append(&refs(&entries(1..2))).unwrap();
    let oldest = spool.dir().join(&segment_names(spool.dir())[0]);
    fs::set_permissions(&oldest, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&oldest).is_ok() {
        // Running as root: permissions are not enforced, nothing to test.
        return;
    }
    let claimed = spool.claim_oldest().unwrap().unwrap();
    assert_eq!(claimed.entries(), &entries(1..2)[..]);
    claimed.complete().unwrap();
    // Nothing else left: now the error is reported, naming the segment.
    let error = spool.claim_oldest().unwrap_err();
    assert!(
        error.to_string().contains(&oldest.display().to_string()),
        "{error}"
    );
}

#[test]
fn a_directory_that_cannot_be_created_is_exit_73_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("a-file");
    fs::write(&file, "").unwrap();
    let dir = file.join("spool");
    let error = Spool::open(&dir, 1024).unwrap_err();
    let failure = failure_of(&error);
    assert_eq!(failure.exit_code, ExitCode::CantCreate);
    assert_eq!(failure.exit_code.code(), 73);
    assert!(
        failure.message.contains(&dir.display().to_string()),
        "{}",
        failure.message
    );
    assert!(failure.hint.as_deref().unwrap().contains("--spool-dir"));
}

#[test]
fn a_directory_that_cannot_be_written_is_a_clear_error() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("spool");
    let spool = Spool::open(&dir, 1024).unwrap();
    // The directory vanishes and a file takes its place.
    fs::remove_dir(&dir).unwrap();
    fs::write(&dir, "").unwrap();
    let error = spool.append(&refs(&entries(0..1))).unwrap_err();
    let failure = failure_of(&error);
    assert_eq!(failure.exit_code, ExitCode::CantCreate);
    assert!(
        failure
            .message
            .starts_with("cannot write to the spool directory"),
        "{}",
        failure.message
    );
    assert!(failure.message.contains(&dir.display().to_string()));
    assert!(failure.hint.is_some());
    let error = spool.dead_letter(&[&entry(1)], "bad").unwrap_err();
    assert!(error.to_string().contains("dead-letter"), "{error}");
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let (_temp, spool) = new_spool();
    let path = spool.dir().join("seg-x.ndjson");
    let error = atomic_file::write_atomically(&path, |file| {
        file.write_all(b"{\"half\":")?;
        Err(io::Error::from(io::ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    assert!(
        file_names(spool.dir()).is_empty(),
        "{:?}",
        file_names(spool.dir())
    );
    let failure = io_failure(
        spool.dir(),
        "write to the spool directory",
        spool.dir(),
        error,
    );
    assert!(failure_of(&failure)
        .hint
        .as_deref()
        .unwrap()
        .contains("free some space"));
}

#[test]
fn stale_temporary_files_are_cleaned_up_on_open() {
    let (_temp, spool) = new_spool();
    let stale = spool.dir().join(".tmp-1-1");
    let fresh = spool.dir().join(".tmp-1-2");
    fs::write(&stale, "x").unwrap();
    fs::write(&fresh, "x").unwrap();
    let long_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    Spool::open(spool.dir(), 1024).unwrap();
    assert!(!stale.exists());
    assert!(fresh.exists(), "a writer may still be busy with it");
}

#[test]
fn dead_letters_record_the_reason_the_entry_and_the_time() {
    let (_temp, spool) = new_spool();
    let first = entry(1);
    spool
        .dead_letter(&[&first], "invalid_body: \"message\" is required")
        .unwrap();
    spool
        .dead_letter(&[b"{\n\"a\": 1\n}", b"not json"], "other")
        .unwrap();
    let text = fs::read_to_string(spool.dead_letter_path()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["reason"], "invalid_body: \"message\" is required");
    assert_eq!(
        lines[0]["entry"],
        serde_json::from_slice::<serde_json::Value>(&first).unwrap()
    );
    let at = lines[0]["at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    assert_eq!(lines[1]["entry"], serde_json::json!({"a": 1}));
    assert_eq!(lines[2]["entry"], "not json");
    // Dead letters are not segments: nothing to claim.
    assert!(spool.claim_oldest().unwrap().is_none());
    let mode = fs::metadata(spool.dead_letter_path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn status_counts_what_is_waiting() {
    let temp = tempfile::tempdir().unwrap();
    let absent = Spool::at(&temp.path().join("never-made"), 1024);
    let status = absent.status().unwrap();
    assert_eq!(
        (
            status.segments,
            status.entries,
            status.bytes,
            status.dead_letters
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(status.oldest, None);
    assert!(!temp.path().join("never-made").exists());

    let (_temp, spool) = new_spool();
    let before = SystemTime::now();
    spool.append(&refs(&entries(0..3))).unwrap();
    spool.append(&refs(&entries(3..5))).unwrap();
    spool.dead_letter(&[&entry(9)], "bad").unwrap();
    let status = spool.status().unwrap();
    assert_eq!((status.segments, status.entries), (2, 5));
    assert_eq!(status.bytes, (entry(0).len() as u64 + 1) * 5);
    assert_eq!(status.dead_letters, 1);
    assert_eq!(status.dead_letter_path, spool.dir().join(DEAD_LETTER_FILE));
    let oldest = status.oldest.unwrap();
    assert!(oldest >= before - Duration::from_secs(1) && oldest <= SystemTime::now());
}

#[test]
fn purge_removes_unlocked_segments_and_dead_letters_only_when_asked() {
    let (_temp, spool) = new_spool();
    spool.append(&refs(&entries(0..3))).unwrap();
    spool.append(&refs(&entries(3..5))).unwrap();
    spool.append(&refs(&entries(5..6))).unwrap();
    spool.dead_letter(&[&entry(9), &entry(10)], "bad").unwrap();
    let other = Spool::open(spool.dir(), 1 << 30).unwrap();
    let held = other.claim_oldest().unwrap().unwrap();

    assert_eq!(spool.purge(DeadLetters::Keep).unwrap(), 3);
    let status = spool.status().unwrap();
    assert_eq!((status.segments, status.entries), (1, 3));
    assert_eq!(status.dead_letters, 2);
    held.release();

    assert_eq!(spool.purge(DeadLetters::Remove).unwrap(), 5);
    assert!(file_names(spool.dir()).is_empty());
    assert_eq!(
        Spool::at(Path::new("/nonexistent/spool"), 1)
            .purge(DeadLetters::Remove)
            .unwrap(),
        0
    );
}

#[test]
fn the_spool_holds_entries_verbatim_and_nothing_else() {
    let (_temp, spool) = new_spool();
    let written = entries(0..2);
    spool.append(&refs(&written)).unwrap();
    let name = &segment_names(spool.dir())[0];
    let contents = fs::read(spool.dir().join(name)).unwrap();
    assert_eq!(
        contents,
        [&written[0][..], b"\n", &written[1][..], b"\n"].concat()
    );
}

/// Needs a small file system to fill, so it is run by hand, e.g. as root:
/// `mount -t tmpfs -o size=64k tmpfs /mnt/tiny` and then
/// `LOGINGESTOR_TEST_FULL_DIR=/mnt/tiny cargo test spool -- --ignored`.
#[test]
#[ignore = "needs a small file system named by LOGINGESTOR_TEST_FULL_DIR"]
fn a_full_disk_is_a_clear_error_and_leaves_no_temporary_file() {
    let dir = PathBuf::from(std::env::var_os("LOGINGESTOR_TEST_FULL_DIR").unwrap()).join("spool");
    let spool = Spool::open(&dir, 1 << 30).unwrap();
    let big = entries(0..200);
    let error = loop {
        match spool.append(&refs(&big)) {
            Ok(_) => continue,
            Err(error) => break error,
        }
    };
    let failure = failure_of(&error);
    assert_eq!(failure.exit_code, ExitCode::IoError);
    assert!(
        failure.message.contains("No space left"),
        "{}",
        failure.message
    );
    assert!(failure.hint.as_deref().unwrap().contains("free some space"));
    assert!(!file_names(&dir)
        .iter()
        .any(|name| name.starts_with(".tmp-")));
    // Whatever was spooled before the disk filled up is intact.
    let status = spool.status().unwrap();
    assert!(status.segments >= 1);
    assert_eq!(status.entries, status.segments * 200);
    // A dead letter that does not fit is cut off whole, not left half written.
    spool.purge(DeadLetters::Keep).unwrap();
    let error = loop {
        match spool.dead_letter(&refs(&big), "invalid_body") {
            Ok(()) => continue,
            Err(error) => break error,
        }
    };
    assert!(error.to_string().contains("No space left"), "{error}");
    let text = fs::read_to_string(spool.dead_letter_path()).unwrap();
    assert!(text.ends_with('\n'));
    assert_eq!(text.lines().count() % 200, 0);
    spool.purge(DeadLetters::Remove).unwrap();
    fs::remove_dir(&dir).unwrap();
}
