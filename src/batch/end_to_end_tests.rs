//! The batcher fed as `pipe` and `run` feed it: by the reader, with or
//! without the readings made ahead of it. Reading ahead never changes an
//! entry, and joining through the batcher never loses or reorders a line.

use std::io::Read;
use std::sync::mpsc::sync_channel;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use memchr::memchr_iter;
use proptest::prelude::*;
use serde_json::Value;

use crate::batch::batcher::{batch_events, BatchingSettings, Ending, Overflow};
use crate::batch::body::BatchLimits;
use crate::batch::queue::{batch_queue, WhenFull};
use crate::entry::{assert_within_contract, EntryTemplate};
use crate::filter::FilterSettings;
use crate::input::lines::{decode_line, read_lines, split_lines};
use crate::input::read_ahead::MAX_LINES_AHEAD;
use crate::input::InputEvent;
use crate::level::Level;
use crate::output::mirror::Mirror;
use crate::shutdown::ShutdownSignal;
use crate::spool::undelivered::NoStore;
use crate::understand::fuzz::{config, joinable_line, multiline_mode, multiline_settings};
use crate::understand::timestamp::Zone;
use crate::understand::{LineFormat, LineSettings};

/// The lines of the labelled corpus, as the programs printed them.
fn corpus_lines() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the corpus")
        .map(|file| file.expect("a corpus file").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("a corpus file");
            text.lines()
                .filter_map(|line| match line.split_once(" | ") {
                    _ if line.starts_with("+ ") => Some(line[2..].to_owned()),
                    Some((label, line)) if !label.starts_with('#') => Some(line.to_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn read_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 20, 0, 0).unwrap()
}

fn settings(multiline: &str) -> BatchingSettings {
    let mut lines = LineSettings {
        timezone: Zone::parse("UTC").unwrap(),
        ..LineSettings::default()
    };
    lines.multiline.mode = crate::understand::multiline::MultilineMode::parse(multiline).unwrap();
    BatchingSettings {
        template: EntryTemplate::new("p", "s", vec![], Default::default()),
        level: Level::Info,
        limits: BatchLimits {
            max_entries: 1000,
            max_bytes: 1 << 22,
        },
        flush_interval: Duration::from_secs(60),
        lines,
        filter: FilterSettings::shipping_all_as_is(),
    }
}

/// Who reads the lines: the reader's thread, ahead of the batcher, or the
/// batcher itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Ahead,
    ByTheBatcher,
}

/// The batch bodies the batcher makes of `input`, read in pieces that
/// end after the given line counts, with or without reading ahead.
fn bodies(input: &[u8], cuts: &[usize], settings: &BatchingSettings, reading: Reading) -> Vec<u8> {
    let (event_tx, event_rx) = sync_channel(4096);
    let read_ahead = settings.read_ahead();
    let mut rest = input;
    for &lines in cuts.iter().chain(std::iter::once(&usize::MAX)) {
        let end = memchr_iter(b'\n', rest)
            .nth(lines)
            .map_or(rest.len(), |at| at + 1);
        let (piece, after) = rest.split_at(end);
        rest = after;
        if piece.is_empty() {
            continue;
        }
        let event = InputEvent::lines(piece.to_vec(), read_at());
        let event = if reading == Reading::Ahead {
            read_ahead.annotate(event)
        } else {
            event
        };
        event_tx.send(event).unwrap();
    }
    drop(event_tx);
    let (batch_tx, batch_rx) = batch_queue(usize::MAX);
    batch_rx.set_healthy(false);
    let overflow = Overflow {
        when_full: WhenFull::Block,
        store: Box::new(NoStore),
    };
    let shutdown = ShutdownSignal::new(Duration::ZERO);
    batch_events(
        event_rx,
        batch_tx,
        settings,
        overflow,
        &Ending::to_the_end(&shutdown),
    );
    std::iter::from_fn(|| batch_rx.recv_timeout(Duration::ZERO).ok())
        .flat_map(|batch| batch.body().to_vec())
        .collect()
}

#[test]
fn reading_ahead_makes_the_same_entries_from_the_corpus() {
    let input = corpus_lines().join("\n") + "\n";
    for multiline in ["auto", "off", "^\\S"] {
        let settings = settings(multiline);
        let alone = bodies(input.as_bytes(), &[], &settings, Reading::ByTheBatcher);
        let ahead = bodies(input.as_bytes(), &[], &settings, Reading::Ahead);
        assert!(alone.len() > 10_000, "the corpus was read");
        assert!(alone == ahead, "--multiline {multiline}");
    }
}

#[test]
fn a_read_of_many_tiny_lines_is_read_ahead_only_in_part_and_ships_whole() {
    let input = "E\n".repeat(3 * MAX_LINES_AHEAD);
    let settings = settings("auto");
    let event = settings
        .read_ahead()
        .annotate(InputEvent::lines(input.clone().into_bytes(), read_at()));
    assert!(
        matches!(&event, InputEvent::Lines { readings, .. } if readings.len() == MAX_LINES_AHEAD)
    );
    let alone = bodies(input.as_bytes(), &[], &settings, Reading::ByTheBatcher);
    let ahead = bodies(input.as_bytes(), &[], &settings, Reading::Ahead);
    assert!(alone == ahead);
    assert_eq!(
        memchr_iter(b'{', &ahead).count(),
        3 * MAX_LINES_AHEAD,
        "one entry per line"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the mix of lines and wherever reads end, the entries are
    /// those the batcher makes by itself.
    #[test]
    fn reading_ahead_never_changes_an_entry(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..200),
        extra in proptest::collection::vec(any::<u8>(), 0..64),
        cuts in proptest::collection::vec(0usize..20, 0..20),
        multiline in prop::sample::select(vec!["auto", "off", "^\\d"]),
    ) {
        let corpus = corpus_lines();
        let mut input: Vec<u8> = Vec::new();
        for pick in &picks {
            input.extend_from_slice(pick.get(&corpus).as_bytes());
            input.push(b'\n');
        }
        // Bytes of any kind, invalid UTF-8 and CRs included.
        input.extend_from_slice(&extra);
        input.push(b'\n');
        let settings = settings(multiline);
        let alone = bodies(&input, &cuts, &settings, Reading::ByTheBatcher);
        let ahead = bodies(&input, &cuts, &settings, Reading::Ahead);
        prop_assert!(alone == ahead);
    }
}

/// Hands out its bytes in pieces of the given sizes, as pipes do.
struct Pieces {
    data: Vec<u8>,
    sizes: Vec<usize>,
}

impl Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let want = self.sizes.pop().unwrap_or(usize::MAX).max(1);
        let take = want.min(out.len()).min(self.data.len());
        out[..take].copy_from_slice(&self.data[..take]);
        self.data.drain(..take);
        Ok(take)
    }
}

/// The entries `pipe --dry-run` would send for `input`.
fn shipped(
    input: &[u8],
    sizes: Vec<usize>,
    settings: &BatchingSettings,
    reading: Reading,
) -> Vec<Value> {
    let (event_tx, event_rx) = sync_channel(1 << 16);
    let read_ahead = settings.read_ahead();
    let source = Pieces {
        data: input.to_vec(),
        sizes,
    };
    read_lines(source, &mut Mirror::disabled(), |event| {
        let event = if reading == Reading::Ahead {
            read_ahead.annotate(event)
        } else {
            event
        };
        event_tx.send(event).is_ok()
    })
    .expect("reading from memory");
    drop(event_tx);
    let (batch_tx, batch_rx) = batch_queue(usize::MAX);
    batch_rx.set_healthy(false);
    let overflow = Overflow {
        when_full: WhenFull::Block,
        store: Box::new(NoStore),
    };
    batch_events(
        event_rx,
        batch_tx,
        settings,
        overflow,
        &Ending::to_the_end(&ShutdownSignal::new(Duration::ZERO)),
    );
    std::iter::from_fn(|| batch_rx.recv_timeout(Duration::ZERO).ok())
        .flat_map(
            |batch| match serde_json::from_slice(batch.body()).expect("a JSON body") {
                Value::Array(entries) => entries,
                other => panic!("a body is an array, not {other}"),
            },
        )
        .collect()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn fuzz_the_batcher_ships_every_line_once_and_in_order(
        lines in prop::collection::vec(joinable_line(), 1..40),
        ends in prop::collection::vec(prop::sample::select(vec!["\n", "\n", "\r\n", "\n\n", "\r\r\n"]), 40),
        last_end in prop::sample::select(vec!["\n", ""]),
        sizes in prop::collection::vec(1usize..5000, 0..8),
        mode in multiline_mode(),
        max_lines in 1usize..10,
        text_only in any::<bool>(),
        ahead in any::<bool>(),
    ) {
        let mut input = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            input.extend_from_slice(line.as_bytes());
            input.extend_from_slice(if index + 1 < lines.len() { ends[index] } else { last_end }.as_bytes());
        }
        let line_settings = LineSettings {
            format: if text_only { LineFormat::Text } else { LineFormat::Auto },
            multiline: multiline_settings(&mode, max_lines),
            ..LineSettings::default()
        };
        let settings = BatchingSettings {
            template: EntryTemplate::new("p", "s", vec![], Default::default()),
            level: Level::Info,
            limits: BatchLimits { max_entries: 7, max_bytes: 1 << 20 },
            flush_interval: Duration::from_secs(3600),
            lines: line_settings,
            filter: FilterSettings::shipping_all_as_is(),
        };
        let reading = if ahead { Reading::Ahead } else { Reading::ByTheBatcher };
        let entries = shipped(&input, sizes, &settings, reading);
        for entry in &entries {
            assert_within_contract(entry);
            prop_assert!(!entry["message"].as_str().unwrap().is_empty());
        }
        if !text_only {
            return Ok(());
        }
        // Every line, as the reader cuts it, is in a message, in order:
        // only a `<N>` prefix opening a message is gone, and a line over
        // the API's limit is cut and marked.
        let expected: Vec<String> = split_lines(&input).map(|l| decode_line(l).into_owned()).collect();
        let mut next = 0;
        for entry in &entries {
            let message = entry["message"].as_str().unwrap();
            let truncated = entry["meta"]["truncated"] == Value::Bool(true);
            for (index, part) in message.split('\n').enumerate() {
                let line = expected.get(next).map(String::as_str).unwrap_or_default();
                let line_or_rest = match (index, line.find('>')) {
                    (0, Some(close)) if line.starts_with('<') && line.ends_with(part) => &line[close + 1..],
                    _ => line,
                };
                let whole = part == line || part == line_or_rest;
                let cut = truncated && line_or_rest.starts_with(part);
                prop_assert!(whole || cut, "{part:?} is not line {next} {line:?}");
                next += 1;
            }
        }
        prop_assert_eq!(next, expected.len(), "lines were lost");
    }
}
