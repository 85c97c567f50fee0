//! Understanding log lines: takes a line, or the lines of one multi-line
//! entry, and hands on a reading of it: the [`LineInterpreter`] finds the
//! entry's level, message, timestamp, tags and meta, reading JSON objects,
//! logfmt, journal export records and plain text, and the
//! [`multiline::Joiner`] tells whether a line joins the entry before it.
//! Every guess can be switched off (see [`LineSettings`]). It knows nothing
//! of the command line, the config file or delivery.

mod access_log;
#[cfg(test)]
mod corpus_tests;
mod fields;
#[cfg(test)]
pub(crate) mod fuzz;
mod json_line;
mod logfmt;
pub mod multiline;
pub mod panic_guard;
#[cfg(test)]
mod property_tests;
mod settings;
mod text_level;
pub mod timestamp;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub use self::json_line::{is_journal_field, starts_journal_record};
pub use self::settings::{LineFormat, LineSettings};
pub use self::text_level::is_crash_marker;
use self::timestamp::Zone;
use crate::entry::{Entry, TimestampText, MAX_META_BYTES};
use crate::level::Level;

/// Room kept in meta for the markers added after interpretation
/// (`truncated`, `original_bytes`, `meta_truncated`).
const META_MARKER_ROOM: usize = 96;

/// Field names that make a `key=value` line logfmt when guessing.
const LOGFMT_KNOWN_KEYS: [&str; 9] = [
    "level",
    "lvl",
    "severity",
    "msg",
    "message",
    "time",
    "ts",
    "timestamp",
    "err",
];

/// What a line says about its entry, before the defaults are applied. It
/// owns what it holds, so a reader thread can work it out ahead of the
/// batcher ([`LineInterpreter::read`]) and hand it over with the line; a
/// plain-text line's reading allocates nothing.
#[derive(Debug, Default)]
pub struct LineReading {
    head: ReadHead,
    /// The line's own time, formatted as entries carry it.
    timestamp: Option<TimestampText>,
    /// What a JSON, logfmt or journal line holds besides.
    fields: Option<Box<ReadFields>>,
}

impl LineReading {
    /// The level the line names, if any.
    pub fn level(&self) -> Option<Level> {
        self.head.level
    }
}

/// The level and where the message starts.
#[derive(Debug, Default, Clone, Copy)]
struct ReadHead {
    level: Option<Level>,
    /// Where the message starts in the line (after a `<N>` prefix), unless
    /// a field holds it.
    message_start: usize,
}

/// The fields of a structured line.
#[derive(Debug, Default)]
struct ReadFields {
    /// The message field, if the line has one.
    message: Option<String>,
    tags: Vec<String>,
    meta: Map<String, Value>,
    /// The message already holds the continuation lines (journal records).
    took_continuation: bool,
}

/// The text an entry is made of.
struct LineText<'a, 'c> {
    first_line: &'a str,
    /// The lines after the first, each after a `\n`.
    continuation: &'c str,
    /// The size of a line the reader had to cut.
    original_bytes: Option<usize>,
}

/// Turns lines into entries according to the [`LineSettings`] of a run.
#[derive(Debug, Clone)]
pub struct LineInterpreter {
    format: LineFormat,
    detect: bool,
    default_level: Level,
    force_level: Option<Level>,
    timestamp_from_line: bool,
    zone: Zone,
    /// Bytes of compact JSON a line's own meta may take.
    meta_budget: usize,
}

impl LineInterpreter {
    /// An interpreter for `settings`; `default_level` is used when nothing is
    /// detected, and `template_meta_bytes` (the size of the meta given by
    /// flags) is kept free in every entry's meta.
    pub fn new(settings: &LineSettings, default_level: Level, template_meta_bytes: usize) -> Self {
        LineInterpreter {
            format: settings.format,
            detect: settings.detect,
            default_level,
            force_level: settings.force_level,
            timestamp_from_line: settings.timestamp_from_line,
            zone: settings.timezone,
            meta_budget: MAX_META_BYTES
                .saturating_sub(template_meta_bytes)
                .saturating_sub(META_MARKER_ROOM),
        }
    }

    /// The entry for a line, or for the first line of a multi-line entry and
    /// its `continuation` (the following lines, each after a `\n`).
    /// `fallback_timestamp` is used when the line has none (or reading it is
    /// off); `original_bytes` is the size of a line the reader had to cut.
    pub fn entry<'a>(
        &self,
        first_line: &'a str,
        continuation: &str,
        read_at: DateTime<Utc>,
        fallback_timestamp: Cow<'a, str>,
        original_bytes: Option<usize>,
    ) -> Entry<'a> {
        let reading = self.interpret(first_line, continuation, read_at);
        let timestamp = reading.timestamp.map_or(fallback_timestamp, |text| {
            Cow::Owned(text.as_str().to_owned())
        });
        let line = LineText {
            first_line,
            continuation,
            original_bytes,
        };
        self.assemble(reading.head, reading.fields, timestamp, line)
    }

    /// What `line`, read at `read_at`, says about its entry when it stands
    /// alone; [`LineInterpreter::entry_with`] makes the entry later.
    pub fn read(&self, line: &str, read_at: DateTime<Utc>) -> LineReading {
        self.interpret(line, "", read_at)
    }

    /// The entry for `first_line` (and its `continuation`) from its reading
    /// made ahead by [`LineInterpreter::read`], which it empties of its
    /// fields, or, without one, from reading it now (as
    /// [`LineInterpreter::entry`]).
    // Inlined into the batcher's loop: as a call it cost --no-detect 1.8 %
    // more instructions per line (callgrind), 0.6 % inlined.
    #[inline(always)]
    pub fn entry_with<'a>(
        &self,
        reading: Option<&'a mut LineReading>,
        first_line: &'a str,
        continuation: &str,
        read_at: DateTime<Utc>,
        fallback_timestamp: Cow<'a, str>,
    ) -> Entry<'a> {
        match reading {
            Some(reading) => self.entry_from(reading, first_line, continuation, fallback_timestamp),
            None => self.entry(first_line, continuation, read_at, fallback_timestamp, None),
        }
    }

    fn entry_from<'a>(
        &self,
        reading: &'a mut LineReading,
        first_line: &'a str,
        continuation: &str,
        fallback_timestamp: Cow<'a, str>,
    ) -> Entry<'a> {
        let fields = reading.fields.take();
        if reading.head.level.is_none() && self.detect && fields.is_none() {
            reading.head.level = jul_record_level(first_line, continuation);
        }
        let reading: &'a LineReading = reading;
        let timestamp = match &reading.timestamp {
            Some(text) => Cow::Borrowed(text.as_str()),
            None => fallback_timestamp,
        };
        let line = LineText {
            first_line,
            continuation,
            original_bytes: None,
        };
        self.assemble(reading.head, fields, timestamp, line)
    }

    fn assemble<'a>(
        &self,
        head: ReadHead,
        fields: Option<Box<ReadFields>>,
        timestamp: Cow<'a, str>,
        line: LineText<'a, '_>,
    ) -> Entry<'a> {
        let level = self
            .force_level
            .or(head.level)
            .unwrap_or(self.default_level);
        let first_line = line.first_line;
        let mut fields = fields.map(|fields| *fields).unwrap_or_default();
        let mut message = match fields.message.take() {
            Some(text) => Cow::Owned(text),
            None => Cow::Borrowed(first_line.get(head.message_start..).unwrap_or(first_line)),
        };
        if !line.continuation.is_empty() && !fields.took_continuation {
            message.to_mut().push_str(line.continuation);
        }
        let mut entry = match line.original_bytes {
            Some(original) => Entry::with_original_size(level, message, timestamp, original),
            None => Entry::new(level, message, timestamp),
        };
        entry.tags = fields.tags;
        if !fields.meta.is_empty() {
            let mut meta = fields.meta;
            // Meta holds at most the line's text, each byte escaped to at
            // most six: only a long line needs measuring.
            let line_bytes = first_line.len() + line.continuation.len();
            if line_bytes.saturating_mul(6) + 64 > self.meta_budget {
                fields::fit_meta(&mut meta, self.meta_budget);
            }
            meta.append(&mut entry.meta);
            entry.meta = meta;
        }
        entry
    }

    /// The level detected in a line, if any (`--force-level` and the default
    /// aside).
    pub fn detected_level(&self, line: &str) -> Option<Level> {
        self.read(line, Utc::now()).level()
    }

    fn interpret(&self, line: &str, continuation: &str, read_at: DateTime<Utc>) -> LineReading {
        if !self.detect {
            return LineReading::default();
        }
        let first = line.bytes().find(|b| !b.is_ascii_whitespace());
        let reads_access = matches!(self.format, LineFormat::Auto | LineFormat::Access);
        if reads_access && first != Some(b'{') && access_log::may_be_text(line) {
            if let Some(access) = access_log::parse_text(line, self.zone, read_at) {
                return self.access(access);
            }
        }
        if matches!(self.format, LineFormat::Auto | LineFormat::Json)
            && first != Some(b'{')
            && line.trim_end().ends_with('}')
        {
            if let Some((prefix, fields)) = json_line::parse_prefixed_object(line) {
                return self.prefixed(prefix, fields, read_at);
            }
        }
        let structured = match (self.format, first) {
            (LineFormat::Auto | LineFormat::Json | LineFormat::Access, Some(b'{')) => {
                let mut fields = json_line::parse_object(line);
                if let Some(found) = fields.take_if(|_| reads_access) {
                    match access_log::parse_json(&found, self.zone, read_at) {
                        Some(access) => return self.access(access.keeping(found)),
                        None => fields = Some(found),
                    }
                }
                fields.filter(|_| self.format != LineFormat::Access)
            }
            (LineFormat::Auto, Some(b'_')) if starts_journal_record(line) => {
                let record = format!("{line}{continuation}");
                if let Some(fields) = json_line::parse_journal_record(&record) {
                    let mut reading = self.structured(fields, read_at);
                    if let Some(fields) = reading.fields.as_mut() {
                        fields.took_continuation = true;
                    }
                    return reading;
                }
                None
            }
            (LineFormat::Auto, _) if logfmt::looks_like_logfmt(line) => {
                logfmt::parse(line, logfmt::Mode::Guessing).filter(|fields| {
                    fields
                        .iter()
                        .any(|(key, _)| LOGFMT_KNOWN_KEYS.contains(&key.as_str()))
                })
            }
            (LineFormat::Logfmt, _) => logfmt::parse(line, logfmt::Mode::Chosen),
            _ => None,
        };
        match structured {
            Some(fields) => self.structured(fields, read_at),
            None => {
                let mut reading = self.text(line, read_at);
                if reading.head.level.is_none() {
                    reading.head.level = jul_record_level(line, continuation);
                }
                reading
            }
        }
    }

    /// An access-log line: the level by status, the request's time, the
    /// middleware's keys in meta; the line stays the message.
    fn access(&self, access: access_log::Access) -> LineReading {
        let timestamp = access
            .time
            .filter(|_| self.timestamp_from_line)
            .and_then(TimestampText::new);
        LineReading {
            head: ReadHead {
                level: Some(access.level),
                message_start: 0,
            },
            timestamp,
            fields: Some(Box::new(ReadFields {
                message: access.message,
                tags: Vec::new(),
                meta: access.meta,
                took_continuation: false,
            })),
        }
    }

    /// A JSON object behind a prefix: read as a JSON line, the prefix kept
    /// in meta (`prefix`), its time used when the object has none.
    fn prefixed(
        &self,
        prefix: &str,
        fields: fields::Fields,
        read_at: DateTime<Utc>,
    ) -> LineReading {
        let mut reading = self.structured(fields, read_at);
        if reading.timestamp.is_none() && self.timestamp_from_line {
            reading.timestamp = timestamp::leading_timestamp(prefix, self.zone, read_at)
                .and_then(TimestampText::new);
        }
        if let Some(fields) = reading.fields.as_mut() {
            fields
                .meta
                .insert("prefix".into(), Value::String(prefix.to_owned()));
        }
        reading
    }

    fn structured(&self, fields: fields::Fields, read_at: DateTime<Utc>) -> LineReading {
        let mapped = fields::map_fields(fields, self.zone, read_at, self.timestamp_from_line);
        // A line without a level field may still say it in its message
        // (a container runtime wrapping a program's text output).
        let level = mapped.level.or_else(|| {
            mapped
                .message
                .as_deref()
                .and_then(|message| self.text_level(message).0)
        });
        LineReading {
            head: ReadHead {
                level,
                message_start: 0,
            },
            timestamp: mapped.timestamp,
            // No message field: the line itself is the message, and its
            // fields are still meta to filter on.
            fields: Some(Box::new(ReadFields {
                message: mapped.message,
                tags: mapped.tags,
                meta: mapped.meta,
                took_continuation: false,
            })),
        }
    }

    fn text(&self, line: &str, read_at: DateTime<Utc>) -> LineReading {
        let (level, message) = self.text_level(line);
        // A line that is nothing but a `<N>` prefix keeps it: a message is
        // never empty.
        let message = if message.is_empty() { line } else { message };
        let timestamp = if self.timestamp_from_line {
            // RFC 5424 puts a version between the priority and the time;
            // a terminal's colours may wrap it.
            let text = message.strip_prefix("1 ").unwrap_or(message);
            let text = text_level::skip_escapes(text);
            timestamp::leading_timestamp(text, self.zone, read_at).and_then(TimestampText::new)
        } else {
            None
        };
        LineReading {
            head: ReadHead {
                level,
                message_start: line.len() - message.len(),
            },
            timestamp,
            fields: None,
        }
    }

    /// The level of a text line and the line without its `<N>` priority prefix.
    fn text_level<'a>(&self, line: &'a str) -> (Option<Level>, &'a str) {
        if let Some((level, rest)) = syslog_priority(line) {
            return (Some(level), rest);
        }
        let level = text_level::detect(line.as_bytes())
            .or_else(|| is_crash_marker(line).then_some(Level::Error));
        (level, line)
    }
}

/// java.util.logging puts a record's level on its second line.
fn jul_record_level(first_line: &str, continuation: &str) -> Option<Level> {
    let second = continuation.strip_prefix('\n')?.split('\n').next()?;
    if timestamp::is_jul_header(first_line) {
        text_level::jul_level(second)
    } else {
        None
    }
}

/// A syslog or sd-daemon `<N>` prefix (`<3>disk full`, `<165>1 2026-…`): the
/// severity's level and the rest of the line.
fn syslog_priority(line: &str) -> Option<(Level, &str)> {
    let rest = line.strip_prefix('<')?;
    let close = rest.bytes().take(4).position(|b| b == b'>')?;
    let digits = &rest[..close];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let priority: u8 = digits.parse().ok()?;
    if priority > 191 {
        return None;
    }
    let level = fields::level_from_number(i64::from(priority % 8))?;
    Some((level, &rest[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn interpreter(settings: LineSettings) -> LineInterpreter {
        LineInterpreter::new(&settings, Level::Info, 0)
    }

    fn utc_settings() -> LineSettings {
        LineSettings {
            timezone: Zone::parse("UTC").unwrap(),
            ..LineSettings::default()
        }
    }

    fn entry(line: &str) -> Entry<'static> {
        entry_with(&interpreter(utc_settings()), line)
    }

    fn entry_with(interpreter: &LineInterpreter, line: &str) -> Entry<'static> {
        let line: &'static str = Box::leak(line.to_owned().into_boxed_str());
        interpreter.entry(line, "", Utc::now(), Cow::Borrowed("read-time"), None)
    }

    #[test]
    fn json_lines_map_message_level_time_tags_and_meta() {
        let entry = entry(
            r#"{"time":"2026-11-24T20:09:41.5+01:00","level":"warn","msg":"pool exhausted","tags":["db"],"projectId":"theirs","source":"x","ctx":{"n":1}}"#,
        );
        assert_eq!(entry.level, Level::Warn);
        assert_eq!(entry.message, "pool exhausted");
        assert_eq!(entry.timestamp, "2026-11-24T19:09:41.500Z");
        assert_eq!(entry.tags, ["db"]);
        assert_eq!(
            Value::Object(entry.meta),
            json!({"projectId": "theirs", "source": "x", "ctx": {"n": 1}})
        );
    }

    #[test]
    fn nextcloud_and_owncloud_levels_are_read_on_their_own_scale() {
        let line = |level: u8| {
            format!(
                r#"{{"reqId":"Yx3k","level":{level},"time":"2026-12-02T06:30:05+00:00","app":"files","message":"m"}}"#
            )
        };
        let levels: Vec<Level> = (0..=4).map(|n| entry(&line(n)).level).collect();
        assert_eq!(
            levels,
            [
                Level::Debug,
                Level::Info,
                Level::Warn,
                Level::Error,
                Level::Error
            ]
        );
        // Without the program's fields, 1 stays syslog's alert.
        assert_eq!(entry(r#"{"level":1,"message":"m"}"#).level, Level::Error);
    }

    #[test]
    fn a_java_util_logging_record_takes_its_level_from_the_second_line() {
        let interpreter = interpreter(utc_settings());
        for (second, level) in [
            ("FINE: cache warm", Level::Debug),
            ("CONFIG: pool = 16", Level::Info),
            ("SEVERE: boom", Level::Error),
            ("WARNING: slow", Level::Warn),
        ] {
            let entry = interpreter.entry(
                "Dec 02, 2026 1:00:12 AM com.shop.App main",
                &format!("\n{second}"),
                Utc::now(),
                Cow::Borrowed("t"),
                None,
            );
            assert_eq!(entry.level, level, "{second}");
            assert_eq!(entry.timestamp, "2026-12-02T01:00:12.000Z");
        }
    }

    #[test]
    fn pino_numbers_and_epoch_milliseconds() {
        let entry = entry(r#"{"level":50,"time":1795201781123,"msg":"boom","pid":1}"#);
        assert_eq!(entry.level, Level::Error);
        assert_eq!(entry.timestamp, "2026-11-20T19:09:41.123Z");
    }

    #[test]
    fn a_json_line_without_a_level_field_may_say_it_in_its_message() {
        let entry = entry(r#"{"log":"ERROR: disk full\n","stream":"stderr"}"#);
        assert_eq!(entry.level, Level::Error);
        assert_eq!(entry.message, "ERROR: disk full");
    }

    #[test]
    fn logfmt_lines_map_like_json() {
        let entry = entry(
            r#"time=2026-11-24T19:09:41Z level=warn msg="pool exhausted" db=orders wait_ms=120"#,
        );
        assert_eq!(entry.level, Level::Warn);
        assert_eq!(entry.message, "pool exhausted");
        assert_eq!(entry.timestamp, "2026-11-24T19:09:41.000Z");
        assert_eq!(
            Value::Object(entry.meta),
            json!({"db": "orders", "wait_ms": 120})
        );
    }

    #[test]
    fn text_lines_keep_their_text_and_give_level_and_time() {
        let entry = entry("2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed");
        assert_eq!(entry.level, Level::Error);
        assert_eq!(
            entry.message,
            "2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed"
        );
        assert_eq!(entry.timestamp, "2026-11-24T19:09:41.123Z");
        assert!(entry.meta.is_empty());
    }

    #[test]
    fn syslog_priority_prefixes_are_stripped() {
        let warn = entry("<4>low disk");
        assert_eq!((warn.level, &*warn.message), (Level::Warn, "low disk"));
        let rfc5424 = entry("<11>1 2026-11-24T19:09:41Z host app 1 - - failed");
        assert_eq!(rfc5424.level, Level::Error);
        assert_eq!(rfc5424.timestamp, "2026-11-24T19:09:41.000Z");
        assert_eq!(entry("<b>bold</b>").message, "<b>bold</b>");
    }

    #[test]
    fn crash_markers_are_errors() {
        assert_eq!(entry("panic: runtime error").level, Level::Error);
        assert_eq!(
            entry("Traceback (most recent call last):").level,
            Level::Error
        );
    }

    #[test]
    fn force_level_no_detect_and_timestamp_off() {
        let forced = interpreter(LineSettings {
            force_level: Some(Level::Debug),
            ..utc_settings()
        });
        assert_eq!(entry_with(&forced, "ERROR: x").level, Level::Debug);
        let verbatim = interpreter(LineSettings::verbatim());
        let entry = entry_with(&verbatim, r#"<3>{"level":"error","msg":"x"}"#);
        assert_eq!(entry.level, Level::Info);
        assert_eq!(entry.message, r#"<3>{"level":"error","msg":"x"}"#);
        assert_eq!(entry.timestamp, "read-time");
        let no_time = interpreter(LineSettings {
            timestamp_from_line: false,
            ..utc_settings()
        });
        let entry = entry_with(&no_time, "2026-11-24 19:09:41 WARN x");
        assert_eq!((entry.level, &*entry.timestamp), (Level::Warn, "read-time"));
    }

    #[test]
    fn a_chosen_format_is_used_and_other_lines_fall_back_to_text() {
        let text_only = interpreter(LineSettings {
            format: LineFormat::Text,
            ..utc_settings()
        });
        assert_eq!(
            entry_with(&text_only, r#"{"msg":"x"}"#).message,
            r#"{"msg":"x"}"#
        );
        let logfmt = interpreter(LineSettings {
            format: LineFormat::Logfmt,
            ..utc_settings()
        });
        let entry = entry_with(&logfmt, "user=bob action=login");
        assert_eq!(
            Value::Object(entry.meta.clone()),
            json!({"user": "bob", "action": "login"})
        );
        let auto = entry_with(&interpreter(utc_settings()), "user=bob action=login");
        assert!(auto.meta.is_empty(), "no known key: text in auto mode");
        let json = interpreter(LineSettings {
            format: LineFormat::Json,
            ..utc_settings()
        });
        assert_eq!(entry_with(&json, "WARN plain").level, Level::Warn);
    }

    #[test]
    fn access_logs_are_read_in_auto_and_access_formats_only() {
        let line =
            r#"10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] "GET /x HTTP/1.1" 503 5 "-" "curl" 0.250"#;
        for format in [LineFormat::Auto, LineFormat::Access] {
            let reader = interpreter(LineSettings {
                format,
                ..utc_settings()
            });
            let entry = entry_with(&reader, line);
            assert_eq!(entry.level, Level::Error);
            assert_eq!(entry.message, line);
            assert_eq!(entry.timestamp, "2026-11-24T19:09:42.000Z");
            assert_eq!(entry.meta["status"], json!(503));
            assert_eq!(entry.meta["duration_ms"], json!(250.0));
        }
        let text = interpreter(LineSettings {
            format: LineFormat::Text,
            ..utc_settings()
        });
        assert!(entry_with(&text, line).meta.is_empty());
        let access = interpreter(LineSettings {
            format: LineFormat::Access,
            ..utc_settings()
        });
        let json_line = r#"{"level":"warn","msg":"x"}"#;
        assert_eq!(entry_with(&access, json_line).message, json_line);
        let json_access = r#"{"request":"GET / HTTP/1.1","status":404,"remote_addr":"::1"}"#;
        assert_eq!(entry_with(&access, json_access).level, Level::Warn);
    }

    #[test]
    fn json_behind_a_prefix_is_read_as_a_json_line() {
        let compose =
            entry(r#"web-1  | {"level":"warn","time":"2026-11-24T19:09:41Z","msg":"slow"}"#);
        assert_eq!(compose.level, Level::Warn);
        assert_eq!(compose.message, "slow");
        assert_eq!(compose.timestamp, "2026-11-24T19:09:41.000Z");
        assert_eq!(compose.meta["prefix"], "web-1");
        let syslog = entry(r#"Nov 24 19:09:41 web-1 app[123]: {"level":"error","msg":"x"}"#);
        assert_eq!(syslog.level, Level::Error);
        assert_eq!(syslog.timestamp, "2026-11-24T19:09:41.000Z");
        let text = interpreter(LineSettings {
            format: LineFormat::Text,
            ..utc_settings()
        });
        assert!(
            entry_with(&text, r#"web-1  | {"level":"warn","msg":"slow"}"#)
                .meta
                .is_empty()
        );
    }

    #[test]
    fn journal_export_records_become_one_entry() {
        let interpreter = interpreter(utc_settings());
        let entry = interpreter.entry(
            "__CURSOR=s=1",
            "\n__REALTIME_TIMESTAMP=1795201781000000\nPRIORITY=4\n_SYSTEMD_UNIT=app.service\nMESSAGE=low disk",
            Utc::now(),
            Cow::Borrowed("t"),
            None,
        );
        assert_eq!(entry.level, Level::Warn);
        assert_eq!(entry.message, "low disk");
        assert_eq!(entry.timestamp, "2026-11-20T19:09:41.000Z");
        assert_eq!(entry.meta["_SYSTEMD_UNIT"], "app.service");
    }

    #[test]
    fn continuation_lines_join_the_message() {
        let interpreter = interpreter(utc_settings());
        let entry = interpreter.entry(
            "ERROR boom",
            "\n\tat a.B.c(B.java:1)",
            Utc::now(),
            Cow::Borrowed("t"),
            None,
        );
        assert_eq!(entry.message, "ERROR boom\n\tat a.B.c(B.java:1)");
        assert_eq!(entry.level, Level::Error);
    }

    #[test]
    fn a_line_time_outside_the_years_entries_carry_keeps_the_read_time() {
        // The API refused `0000-01-01…` with a 400, and with it the batch.
        for line in [
            "0000-01-01 00:00:00 x",
            "[Sat Jan  1 00:00:00 0000] [error] x",
            "1969-12-31T23:59:59Z x",
            "9999-12-31T23:30:00-01:00 x",
            r#"{"msg":"x","time":"0000-01-01T00:00:00Z"}"#,
            r#"{"msg":"x","t":{"$date":"1960-01-01T00:00:00Z"}}"#,
            "time=0000-01-01T00:00:00Z level=info msg=x",
        ] {
            assert_eq!(entry(line).timestamp, "read-time", "{line}");
        }
        let east = interpreter(LineSettings {
            timezone: Zone::parse("+01:00").unwrap(),
            ..utc_settings()
        });
        assert_eq!(
            entry_with(&east, "1970-01-01 00:30:00 x").timestamp,
            "read-time"
        );
        assert_eq!(
            entry_with(&east, "1970-01-01 01:30:00 x").timestamp,
            "1970-01-01T00:30:00.000Z"
        );
        // The field that could not be the time stays, to be read in meta.
        let json = entry(r#"{"msg":"x","time":"0000-01-01T00:00:00Z"}"#);
        assert_eq!(json.meta["time"], "0000-01-01T00:00:00Z");
    }

    #[test]
    fn numbers_keep_every_digit_in_json_and_logfmt() {
        let meta = |line: &str| serde_json::to_string(&entry(line).meta).unwrap();
        assert_eq!(
            meta(
                r#"{"msg":"x","n":12345678901234567890123,"f":0.10000000000000000555,"u":18446744073709551616,"z":-0,"e":1E5}"#
            ),
            r#"{"e":1e+5,"f":0.10000000000000000555,"n":12345678901234567890123,"u":18446744073709551616,"z":-0}"#
        );
        assert_eq!(
            meta("level=info msg=x n=12345678901234567890123 f=0.10000000000000000555 z=-0 zip=01234"),
            r#"{"f":0.10000000000000000555,"n":12345678901234567890123,"z":-0,"zip":"01234"}"#
        );
        // No double holds 1e999 (a Go reader refuses it): it goes as text.
        assert_eq!(
            meta(r#"{"msg":"x","big":[1e999]}"#),
            r#"{"big":["1e+999"]}"#
        );
        assert_eq!(meta("level=info msg=x big=1e999"), r#"{"big":"1e999"}"#);
    }

    #[test]
    fn a_message_is_never_empty() {
        let prefix_only = entry("<3>");
        assert_eq!(prefix_only.level, Level::Error);
        assert_eq!(prefix_only.message, "<3>");
        for line in [
            r#"{"msg":"","a":1}"#,
            r#"{"log":"\n"}"#,
            r#"{"msg":null,"a":1}"#,
            r#"msg="" level=warn"#,
        ] {
            assert_eq!(entry(line).message, line, "{line}");
        }
        assert_eq!(entry(r#"{"msg":"","a":1}"#).meta["msg"], "");
        let journal = interpreter(utc_settings()).entry(
            "__CURSOR=s=1",
            "\nMESSAGE=\nPRIORITY=3",
            Utc::now(),
            Cow::Borrowed("t"),
            None,
        );
        assert_eq!(journal.message, "__CURSOR=s=1");
        assert_eq!(journal.meta["MESSAGE"], "");
    }

    #[test]
    fn a_key_given_twice_keeps_both_values() {
        let json = entry(r#"{"msg":"m","a":1,"a":2,"a":{"b":3}}"#);
        assert_eq!(json.meta["a"], json!([1, 2, {"b": 3}]));
        let logfmt = entry("level=info msg=m tag=a tag=b");
        assert_eq!(logfmt.meta["tag"], json!(["a", "b"]));
        let journal = interpreter(utc_settings()).entry(
            "__CURSOR=s=1",
            "\nTAG=a\nTAG=b\nMESSAGE=m",
            Utc::now(),
            Cow::Borrowed("t"),
            None,
        );
        assert_eq!(journal.meta["TAG"], json!(["a", "b"]));
    }

    #[test]
    fn logfmt_words_between_pairs_join_the_value_before_them() {
        let logrus = entry("level=fatal msg=x err=&{0x20 map[a:b] 2026-11-24} n=1");
        assert_eq!(logrus.meta["err"], "&{0x20 map[a:b] 2026-11-24}");
        assert_eq!(logrus.meta["n"], json!(1));
        assert_eq!(
            entry("level=info msg=pool exhausted db=orders").message,
            "pool exhausted"
        );
        assert_eq!(entry(r#"level=info msg="x"y db=o"#).message, r#""x"y"#);
        // Found by the long fuzz run: the word joins the empty level value.
        let spaced_level = entry("time=2026-11-24T19:09:47.100Z level= DEBUG msg=tick n=42");
        assert_eq!(spaced_level.level, Level::Debug);
        assert_eq!(spaced_level.message, "tick");
    }

    #[test]
    fn format_logfmt_reads_a_line_without_a_pair_as_text() {
        let logfmt = interpreter(LineSettings {
            format: LineFormat::Logfmt,
            ..utc_settings()
        });
        let entry = entry_with(&logfmt, "failed to read message prefix");
        assert_eq!(entry.message, "failed to read message prefix");
        assert!(entry.meta.is_empty());
    }

    #[test]
    fn a_time_field_with_more_than_a_time_stays_in_meta() {
        let go = entry(r#"{"msg":"m","time":"2026-11-24 19:09:41.5 +0000 UTC"}"#);
        assert_eq!(go.timestamp, "2026-11-24T19:09:41.500Z");
        assert_eq!(go.meta["time"], "2026-11-24 19:09:41.5 +0000 UTC");
        let whole = entry(r#"{"msg":"m","time":"2026-11-24T19:09:41.5Z"}"#);
        assert!(whole.meta.is_empty());
    }

    #[test]
    fn oversized_json_meta_is_trimmed_within_the_contract() {
        let line = format!(r#"{{"msg":"m","blob":"{}","n":1}}"#, "x".repeat(100_000));
        let entry = entry(&line);
        assert_eq!(entry.meta["meta_truncated"], json!(true));
        assert_eq!(entry.meta["n"], json!(1));
        assert!(fields::json_size(&entry.meta) <= MAX_META_BYTES);
    }
}
