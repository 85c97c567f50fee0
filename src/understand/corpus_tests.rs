//! The labelled corpus in `tests/fixtures/corpus/`: every family of log shapes
//! is read the way `pipe` reads it (multi-line joining included), and each
//! entry's level, message and timestamp is compared with its label. Run
//! `cargo test corpus -- --nocapture` to see the table.

use std::borrow::Cow;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::timestamp::Zone;
use super::{LineInterpreter, LineSettings};
use crate::entry::format_timestamp;
use crate::level::Level;
use crate::understand::multiline::{Joiner, MultilineSettings, Record};

/// Each family must reach this share of entries right in every field.
const REQUIRED_ACCURACY: f64 = 0.98;

/// One labelled entry.
struct Expected {
    /// Index of its first line among the corpus lines.
    start: usize,
    level: Level,
    timestamp: Option<String>,
    lines: Vec<String>,
    message: Vec<String>,
}

/// What the interpreter made of an entry.
struct Actual {
    level: Level,
    timestamp: String,
    message: String,
}

fn read_at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T20:00:00Z")
        .expect("a valid time")
        .with_timezone(&Utc)
}

fn parse_fixture(name: &str, text: &str) -> (Vec<String>, Vec<Expected>) {
    let mut lines = Vec::new();
    let mut expected: Vec<Expected> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let place = format!("{name}:{}", number + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let raw = |text: &str| text.replace("\\x1b", "\u{1b}");
        if let Some(rest) = line.strip_prefix('+') {
            let rest = raw(rest.strip_prefix(' ').unwrap_or(rest));
            let last = expected
                .last_mut()
                .unwrap_or_else(|| panic!("{place}: + before an entry"));
            if !rest.is_empty() {
                last.lines.push(rest.clone());
            }
            lines.push(rest);
        } else if let Some(rest) = line.strip_prefix('=') {
            let last = expected
                .last_mut()
                .unwrap_or_else(|| panic!("{place}: = before an entry"));
            last.message
                .push(raw(rest.strip_prefix(' ').unwrap_or(rest)));
        } else {
            let (label, first) = line
                .split_once(" | ")
                .unwrap_or_else(|| panic!("{place}: expected `LEVEL TIME | line`"));
            let (level, timestamp) = label
                .split_once(' ')
                .unwrap_or_else(|| panic!("{place}: expected `LEVEL TIME`"));
            let first = raw(first);
            expected.push(Expected {
                start: lines.len(),
                level: level.parse().unwrap_or_else(|e| panic!("{place}: {e}")),
                timestamp: (timestamp != "-").then(|| timestamp.to_owned()),
                lines: vec![first.clone()],
                message: Vec::new(),
            });
            lines.push(first);
        }
    }
    (lines, expected)
}

/// Reads the lines as `pipe` does; the entries by the index of their first line.
fn interpret(lines: &[String], read_at: DateTime<Utc>) -> Vec<(usize, Actual)> {
    let settings = LineSettings {
        timezone: Zone::parse("UTC").expect("UTC"),
        ..LineSettings::default()
    };
    let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
    let mut joiner = Joiner::new(MultilineSettings::default());
    let fallback = format_timestamp(read_at);
    let make = |record: Record| {
        let entry = interpreter.entry(
            record.first_line(),
            record.continuation(),
            record.read_at,
            Cow::Borrowed(&fallback),
            None,
        );
        Actual {
            level: entry.level,
            timestamp: entry.timestamp.into_owned(),
            message: entry.message.into_owned(),
        }
    };
    let mut entries = Vec::new();
    let mut pending_start = None;
    for (index, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let closed = joiner.push(line, read_at, Instant::now(), |first| {
            interpreter.detected_level(first)
        });
        match closed {
            Some(record) => {
                entries.push((pending_start.expect("a record had a start"), make(record)));
                pending_start = Some(index);
            }
            None if pending_start.is_none() => pending_start = Some(index),
            None => {}
        }
    }
    if let Some(record) = joiner.take() {
        entries.push((pending_start.expect("a record had a start"), make(record)));
    }
    entries
}

/// How a corpus was read: per family, and over all of it.
struct Measured {
    report: String,
    /// Entries not right, each told.
    failures: Vec<String>,
    /// Families whose entries are right in every field less than required.
    below: Vec<String>,
    /// (entries, level right, entries with a time, time right, all right)
    total: (usize, usize, usize, usize, usize),
    /// Families whose levels are right less than `REQUIRED_FAMILY_LEVELS`.
    levels_below: Vec<String>,
}

/// Each family of the held-out corpus must reach this share of levels.
const REQUIRED_FAMILY_LEVELS: f64 = 0.90;

fn measure(folder: &str, read_at: DateTime<Utc>) -> Measured {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} corpus files", files.len());
    let fallback = format_timestamp(read_at);
    let mut measured = Measured {
        report: String::from("family             entries  level   message timestamp all\n"),
        failures: Vec::new(),
        below: Vec::new(),
        total: (0, 0, 0, 0, 0),
        levels_below: Vec::new(),
    };
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("a readable corpus file");
        let (lines, expected) = parse_fixture(&name, &text);
        let actual = interpret(&lines, read_at);
        let (mut level_ok, mut message_ok, mut time_ok, mut all_ok) = (0, 0, 0, 0);
        let (mut timed, mut timed_ok) = (0, 0);
        for want in &expected {
            let want_message = if want.message.is_empty() {
                want.lines.join("\n")
            } else {
                want.message.join("\n")
            };
            let want_time = want.timestamp.as_deref().unwrap_or(&fallback);
            let got = actual
                .iter()
                .find(|(start, _)| *start == want.start)
                .map(|(_, a)| a);
            let (level, message, time) = match got {
                Some(got) => (
                    got.level == want.level,
                    got.message == want_message,
                    got.timestamp == want_time,
                ),
                None => (false, false, false),
            };
            level_ok += usize::from(level);
            message_ok += usize::from(message);
            time_ok += usize::from(time);
            all_ok += usize::from(level && message && time);
            if want.timestamp.is_some() {
                timed += 1;
                timed_ok += usize::from(time);
            }
            if !(level && message && time) {
                measured.failures.push(match got {
                    Some(got) => format!(
                        "{name}: {:?}\n  want {} {want_time} {want_message:?}\n  got  {} {} {:?}",
                        want.lines[0], want.level, got.level, got.timestamp, got.message
                    ),
                    None => format!("{name}: {:?} was joined to another entry", want.lines[0]),
                });
            }
        }
        let count = expected.len();
        let percent = |ok: usize| 100.0 * ok as f64 / count as f64;
        measured.report.push_str(&format!(
            "{name:<18} {count:>7} {:>6.1}% {:>6.1}% {:>6.1}%  {:>6.1}%\n",
            percent(level_ok),
            percent(message_ok),
            percent(time_ok),
            percent(all_ok)
        ));
        let t = measured.total;
        measured.total = (
            t.0 + count,
            t.1 + level_ok,
            t.2 + timed,
            t.3 + timed_ok,
            t.4 + all_ok,
        );
        if (all_ok as f64) < REQUIRED_ACCURACY * count as f64 {
            measured
                .below
                .push(format!("{name}: {all_ok} of {count} entries right"));
        }
        if (level_ok as f64) < REQUIRED_FAMILY_LEVELS * count as f64 {
            measured
                .levels_below
                .push(format!("{name}: {level_ok} of {count} levels right"));
        }
    }
    let (count, level_ok, timed, timed_ok, all_ok) = measured.total;
    measured.report.push_str(&format!(
        "all                {count:>7} {:>6.1}%   timestamps found {timed_ok} of {timed}  {:>6.1}%\n",
        100.0 * level_ok as f64 / count as f64,
        100.0 * all_ok as f64 / count as f64
    ));
    measured
}

#[test]
fn corpus_accuracy_per_family() {
    let measured = measure("tests/fixtures/corpus", read_at());
    println!("{}", measured.report);
    assert!(
        measured.below.is_empty(),
        "{}\nfamilies below {}%:\n{}\n{}",
        measured.report,
        REQUIRED_ACCURACY * 100.0,
        measured.below.join("\n"),
        measured.failures.join("\n")
    );
    if !measured.failures.is_empty() {
        println!("entries not right:\n{}", measured.failures.join("\n"));
    }
}

/// The held-out corpus of real program output (`tests/fixtures/corpus-real`):
/// levels right on 98 % of its entries and on 90 % of every family's,
/// timestamps found on 95 % of the entries that carry one.
#[test]
fn real_corpus_accuracy_per_family() {
    let read_at = DateTime::parse_from_rfc3339("2026-12-02T08:00:00Z")
        .expect("a valid time")
        .with_timezone(&Utc);
    let measured = measure("tests/fixtures/corpus-real", read_at);
    println!("{}", measured.report);
    if !measured.failures.is_empty() {
        println!("entries not right:\n{}", measured.failures.join("\n"));
    }
    let (count, level_ok, timed, timed_ok, _) = measured.total;
    let enough = |ok: usize, of: usize, share: f64| ok as f64 >= share * of as f64;
    assert!(
        enough(level_ok, count, 0.98)
            && enough(timed_ok, timed, 0.95)
            && measured.levels_below.is_empty(),
        "{}\n{}",
        measured.report,
        measured.levels_below.join("\n")
    );
}
