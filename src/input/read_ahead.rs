//! Understanding lines on the reader's thread. The batcher is the busiest
//! thread of `pipe` and `run`, and the reader mostly waits, so each line's
//! reading (level, time, JSON or logfmt fields) is worked out next to the
//! read and handed over with the lines. The batcher then only joins lines,
//! assembles entries and encodes them.

use crate::input::InputEvent;
use crate::understand::multiline::{looks_like_continuation, MultilineMode};
use crate::understand::panic_guard;
use crate::understand::{starts_journal_record, LineInterpreter, LineSettings};

/// The most lines of one read that are read ahead; the batcher reads the
/// rest itself. A read of 64 KiB holds about 800 lines of common logs; the
/// bound keeps readings of a read of tiny lines (`x\n` 32 768 times) from
/// taking 30 times the memory of the read.
pub const MAX_LINES_AHEAD: usize = 2048;

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
    /// Reads ahead lines as `interpreter` reads them, for a batcher that
    /// reads and joins them with `lines` (the batcher makes both, so that
    /// the two read alike).
    pub fn new(lines: &LineSettings, interpreter: LineInterpreter) -> Self {
        ReadAhead {
            interpreter: lines.detect.then_some(interpreter),
            skip_continuations: matches!(lines.multiline.mode, MultilineMode::Auto),
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
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::level::Level;
    use crate::understand::timestamp::Zone;

    fn read_at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 20, 0, 0).unwrap()
    }

    /// Line settings that guess everything in UTC, joining lines as `multiline` says.
    fn lines(multiline: &str) -> LineSettings {
        let mut lines = LineSettings {
            timezone: Zone::parse("UTC").unwrap(),
            ..LineSettings::default()
        };
        lines.multiline.mode = MultilineMode::parse(multiline).unwrap();
        lines
    }

    /// Reads ahead as a batcher with `lines` and the default level INFO does.
    fn read_ahead(lines: &LineSettings) -> ReadAhead {
        ReadAhead::new(lines, LineInterpreter::new(lines, Level::Info, 0))
    }

    #[test]
    fn lines_left_to_the_batcher_have_no_reading() {
        let read_ahead = read_ahead(&lines("auto"));
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
    fn nothing_is_read_ahead_for_verbatim_lines() {
        let event = read_ahead(&LineSettings::verbatim())
            .annotate(InputEvent::lines(b"ERROR boom\n".to_vec(), read_at()));
        assert!(matches!(event, InputEvent::Lines { readings, .. } if readings.is_empty()));
    }
}
