//! Understanding lines on the reader's thread. The batcher is the busiest
//! thread of `pipe` and `run`, and the reader mostly waits, so each line's
//! reading (level, time, JSON or logfmt fields) is worked out next to the
//! read and handed over with the lines. The batcher then only joins lines,
//! assembles entries and encodes them.

use crate::batch::batcher::BatchingSettings;
use crate::input::InputEvent;
use crate::understand::multiline::{looks_like_continuation, MultilineMode};
use crate::understand::panic_guard;
use crate::understand::{starts_journal_record, LineInterpreter};

/// The most lines of one read that are read ahead; the batcher reads the
/// rest itself. A read of 64 KiB holds about 800 lines of common logs; the
/// bound keeps readings of a read of tiny lines (`x\n` 32 768 times) from
/// taking 30 times the memory of the read.
const MAX_LINES_AHEAD: usize = 2048;

/// Adds line readings to input events, for one run's settings.
#[derive(Debug, Clone)]
pub struct ReadAhead {
    /// `None` when lines are shipped verbatim: there is nothing to work out.
    interpreter: Option<LineInterpreter>,
    /// Lines that look like the continuation of a multi-line entry are left
    /// to the batcher: they are seldom the first line of one.
    skip_continuations: bool,
}

impl ReadAhead {
    /// Reads ahead the way the batcher with `settings` would read.
    pub fn new(settings: &BatchingSettings) -> Self {
        let interpreter = settings.lines.detect.then(|| settings.interpreter());
        ReadAhead {
            interpreter,
            skip_continuations: matches!(settings.lines.multiline.mode, MultilineMode::Auto),
        }
    }

    /// The event with a reading for each of its lines that may start an
    /// entry. A journal export record's first line is left out: its reading
    /// needs the lines after it.
    pub fn annotate(&self, event: InputEvent) -> InputEvent {
        match (event, &self.interpreter) {
            (
                InputEvent::Lines {
                    data,
                    read_at,
                    readings,
                },
                Some(interpreter),
            ) if readings.is_empty() => {
                // Sized by the lines of a typical read; a block of longer
                // lines wastes a little of it.
                let expected_lines = data.as_bytes().len() / 64 + 1;
                let read = panic_guard::guarded(|| {
                    let mut readings = Vec::with_capacity(expected_lines.min(MAX_LINES_AHEAD));
                    readings.extend(data.lines().take(MAX_LINES_AHEAD).map(|line| {
                        let skip = starts_journal_record(&line)
                            || (self.skip_continuations && looks_like_continuation(&line));
                        (!skip).then(|| interpreter.read(&line, read_at))
                    }));
                    readings
                });
                // When understanding panicked, the batcher reads the lines
                // itself, and ships a line that panics again as plain text.
                let readings = read.unwrap_or_default();
                InputEvent::Lines {
                    data,
                    read_at,
                    readings,
                }
            }
            (event, _) => event,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;
    use std::time::Duration;

    use chrono::{DateTime, TimeZone, Utc};
    use proptest::prelude::*;

    use memchr::memchr_iter;

    use super::*;
    use crate::batch::batcher::{batch_events, Overflow};
    use crate::batch::body::BatchLimits;
    use crate::batch::queue::{batch_queue, WhenFull};
    use crate::entry::EntryTemplate;
    use crate::level::Level;
    use crate::shutdown::ShutdownSignal;
    use crate::spool::undelivered::NoStore;
    use crate::understand::timestamp::Zone;
    use crate::understand::LineSettings;

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
        lines.multiline.mode =
            crate::understand::multiline::MultilineMode::parse(multiline).unwrap();
        BatchingSettings {
            template: EntryTemplate::new("p", "s", vec![], Default::default()),
            level: Level::Info,
            limits: BatchLimits {
                max_entries: 1000,
                max_bytes: 1 << 22,
            },
            flush_interval: Duration::from_secs(60),
            lines,
        }
    }

    /// The batch bodies the batcher makes of `input`, read in pieces that
    /// end after the given line counts, with or without reading ahead.
    fn bodies(input: &[u8], cuts: &[usize], settings: &BatchingSettings, ahead: bool) -> Vec<u8> {
        let (event_tx, event_rx) = sync_channel(4096);
        let read_ahead = ReadAhead::new(settings);
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
            let event = if ahead {
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
            &crate::batch::batcher::Ending::to_the_end(&shutdown),
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
            let alone = bodies(input.as_bytes(), &[], &settings, false);
            let ahead = bodies(input.as_bytes(), &[], &settings, true);
            assert!(alone.len() > 10_000, "the corpus was read");
            assert!(alone == ahead, "--multiline {multiline}");
        }
    }

    #[test]
    fn lines_left_to_the_batcher_have_no_reading() {
        let read_ahead = ReadAhead::new(&settings("auto"));
        let event = read_ahead.annotate(InputEvent::lines(
            b"ERROR boom\n\tat a.B(B.java:1)\n__CURSOR=s=1\n{\"msg\":\"x\"}\n".to_vec(),
            read_at(),
        ));
        let InputEvent::Lines { readings, .. } = event else {
            panic!("lines stay lines");
        };
        let read: Vec<bool> = readings.iter().map(Option::is_some).collect();
        assert_eq!(read, [true, false, false, true]);
        assert_eq!(readings[0].as_ref().unwrap().level(), Some(Level::Error));
    }

    #[test]
    fn a_read_of_many_tiny_lines_is_read_ahead_only_in_part_and_ships_whole() {
        let input = "E\n".repeat(3 * MAX_LINES_AHEAD);
        let settings = settings("auto");
        let event = ReadAhead::new(&settings)
            .annotate(InputEvent::lines(input.clone().into_bytes(), read_at()));
        assert!(
            matches!(&event, InputEvent::Lines { readings, .. } if readings.len() == MAX_LINES_AHEAD)
        );
        let alone = bodies(input.as_bytes(), &[], &settings, false);
        let ahead = bodies(input.as_bytes(), &[], &settings, true);
        assert!(alone == ahead);
        assert_eq!(
            memchr_iter(b'{', &ahead).count(),
            3 * MAX_LINES_AHEAD,
            "one entry per line"
        );
    }

    #[test]
    fn nothing_is_read_ahead_for_verbatim_lines() {
        let mut verbatim = settings("off");
        verbatim.lines = LineSettings::verbatim();
        let event = ReadAhead::new(&verbatim)
            .annotate(InputEvent::lines(b"ERROR boom\n".to_vec(), read_at()));
        assert!(matches!(event, InputEvent::Lines { readings, .. } if readings.is_empty()));
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
            let alone = bodies(&input, &cuts, &settings, false);
            let ahead = bodies(&input, &cuts, &settings, true);
            prop_assert!(alone == ahead);
        }
    }
}
