//! The entry model and its JSON encoding, held to the ingest API's contract:
//! the seven known fields only, levels from [`Level`], a message of at most
//! 8 KiB and meta of at most 64 KiB (both counted in bytes of UTF-8).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use serde_json::{Map, Value};

use crate::level::Level;
use crate::secret_mask::SecretMask;

/// The API's limit on `message`, in bytes of UTF-8.
pub const MAX_MESSAGE_BYTES: usize = 8192;
/// The API's limit on `meta` serialized as compact JSON, in bytes.
pub const MAX_META_BYTES: usize = 65536;

/// The years of the times read from lines that entries carry. RFC 3339
/// writes four-digit years only, and earlier than the Unix epoch the API
/// refuses (`0000-01-01T00:00:00Z` got a 400, and with it the whole batch);
/// its docs name no range, so this safe one is kept. A line's time outside
/// is most likely a misread anyway: its entry keeps the time it was read.
pub const TIMESTAMP_YEARS: RangeInclusive<i32> = 1970..=9999;

/// One log entry before encoding: what differs from line to line.
/// What every entry of a run shares lives in [`EntryTemplate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub level: Level,
    pub message: Cow<'a, str>,
    /// RFC 3339 in UTC with a `Z`, as made by [`format_timestamp`].
    pub timestamp: Cow<'a, str>,
    /// Tags of this entry alone, sent after the template's tags.
    pub tags: Vec<String>,
    /// Meta of this entry alone, merged over the template's meta.
    pub meta: Map<String, Value>,
}

impl<'a> Entry<'a> {
    /// An entry with no tags or meta of its own. A message over the API's
    /// limit is cut at a character boundary and marked in meta with
    /// `truncated` and `original_bytes`.
    pub fn new(level: Level, message: Cow<'a, str>, timestamp: Cow<'a, str>) -> Self {
        let original_bytes = message.len();
        Entry::with_original_size(level, message, timestamp, original_bytes)
    }

    /// Like [`Entry::new`], for a message that was already cut by the reader
    /// from a line of `original_bytes` bytes.
    pub fn with_original_size(
        level: Level,
        mut message: Cow<'a, str>,
        timestamp: Cow<'a, str>,
        original_bytes: usize,
    ) -> Self {
        let mut meta = Map::new();
        if message.len() > MAX_MESSAGE_BYTES {
            let cut = floor_char_boundary(&message, MAX_MESSAGE_BYTES);
            match &mut message {
                Cow::Borrowed(text) => *text = &text[..cut],
                Cow::Owned(text) => text.truncate(cut),
            }
        }
        if original_bytes > message.len() {
            meta.insert("truncated".into(), Value::Bool(true));
            meta.insert("original_bytes".into(), Value::from(original_bytes));
        }
        Entry {
            level,
            message,
            timestamp,
            tags: Vec::new(),
            meta,
        }
    }
}

/// The largest index at most `limit` that falls on a character boundary.
pub fn floor_char_boundary(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    let mut index = limit;
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Formats a time the way entries carry it: RFC 3339, UTC, milliseconds, `Z`.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    match TimestampText::new(time) {
        Some(text) => text.as_str().to_owned(),
        None => time.to_rfc3339_opts(SecondsFormat::Millis, true),
    }
}

/// A time formatted as entries carry it (`2026-11-24T19:09:41.123Z`), held
/// inline: making one allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampText([u8; 24]);

impl TimestampText {
    /// The text of `time`; `None` for a year outside [`TIMESTAMP_YEARS`]:
    /// every time read from a line is made an entry's through here.
    pub fn new(time: DateTime<Utc>) -> Option<Self> {
        // Written by hand, and the part up to the second kept: this runs for
        // every line that carries its own time, and neighbours share a second.
        let second = time.timestamp();
        let millis = (time.timestamp_subsec_nanos() / 1_000_000).min(999);
        let cached = SECOND_PREFIX.with(|cache| match cache.get() {
            Some((cached_second, prefix)) if cached_second == second => Some(prefix),
            _ => None,
        });
        let prefix = match cached {
            Some(prefix) => prefix,
            None => {
                let prefix = second_prefix(time)?;
                SECOND_PREFIX.with(|cache| cache.set(Some((second, prefix))));
                prefix
            }
        };
        let mut text = [0u8; 24];
        text[..20].copy_from_slice(&prefix);
        write_digits(&mut text[20..23], millis);
        text[23] = b'Z';
        Some(TimestampText(text))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits and separators")
    }
}

/// `YYYY-MM-DDTHH:MM:SS.` of `time`, if its year is in [`TIMESTAMP_YEARS`].
fn second_prefix(time: DateTime<Utc>) -> Option<[u8; 20]> {
    let naive = time.naive_utc();
    let (date, clock) = (naive.date(), naive.time());
    if !TIMESTAMP_YEARS.contains(&date.year()) {
        return None;
    }
    let mut prefix = [0u8; 20];
    write_digits(&mut prefix[0..4], date.year() as u32);
    prefix[4] = b'-';
    write_digits(&mut prefix[5..7], date.month());
    prefix[7] = b'-';
    write_digits(&mut prefix[8..10], date.day());
    prefix[10] = b'T';
    write_digits(&mut prefix[11..13], clock.hour());
    prefix[13] = b':';
    write_digits(&mut prefix[14..16], clock.minute());
    prefix[16] = b':';
    write_digits(&mut prefix[17..19], clock.second());
    prefix[19] = b'.';
    Some(prefix)
}

thread_local! {
    /// The last second formatted, as `YYYY-MM-DDTHH:MM:SS.`.
    static SECOND_PREFIX: Cell<Option<(i64, [u8; 20])>> = const { Cell::new(None) };
}

/// Writes `value` as decimal digits filling `out`.
fn write_digits(out: &mut [u8], value: u32) {
    let mut rest = value;
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

/// What all entries of one run share (project, source, tags and meta given by
/// flags), with the constant parts encoded once so that encoding an entry
/// costs little more than escaping its message.
#[derive(Debug, Clone)]
pub struct EntryTemplate {
    project_prefix: String,
    source_field: String,
    tags: Vec<String>,
    meta: Map<String, Value>,
    tags_json: String,
    meta_json: String,
    /// The configured key, masked wherever it would be shipped.
    secret: SecretMask,
}

impl EntryTemplate {
    /// Builds the template; `meta` must already be within [`MAX_META_BYTES`].
    pub fn new(
        project_id: &str,
        source: &str,
        tags: Vec<String>,
        meta: Map<String, Value>,
    ) -> Self {
        let project_prefix = format!("{{\"projectId\":{},\"level\":\"", json_string(project_id));
        let source_field = format!(",\"source\":{}", json_string(source));
        let tags_json = serde_json::to_string(&tags).expect("strings always serialize");
        let meta_json = serde_json::to_string(&meta).expect("JSON values always serialize");
        EntryTemplate {
            project_prefix,
            source_field,
            tags,
            meta,
            tags_json,
            meta_json,
            secret: SecretMask::none(),
        }
    }

    /// The template with the key to mask in every entry it encodes.
    pub fn masking(mut self, secret: SecretMask) -> Self {
        self.secret = secret;
        self
    }

    /// The size of the meta given by flags, as compact JSON.
    pub fn meta_bytes(&self) -> usize {
        self.meta_json.len()
    }

    /// Appends the entry as one compact JSON object to `out`, with the
    /// configured key masked wherever it appears.
    pub fn encode(&self, entry: &Entry<'_>, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(self.project_prefix.as_bytes());
        out.extend_from_slice(entry.level.as_str().as_bytes());
        out.extend_from_slice(b"\",\"message\":");
        let cut_key = match entry.meta.contains_key("truncated") {
            true => self.secret.cut_tail(&entry.message),
            false => None,
        };
        write_json_string(out, cut_key.as_deref().unwrap_or(&entry.message));
        out.extend_from_slice(self.source_field.as_bytes());
        out.extend_from_slice(b",\"timestamp\":");
        write_json_string(out, &entry.timestamp);
        if !entry.tags.is_empty() {
            let tags: Vec<&String> = self.tags.iter().chain(&entry.tags).collect();
            out.extend_from_slice(b",\"tags\":");
            serde_json::to_writer(&mut *out, &tags).expect("writing to a Vec cannot fail");
        } else if !self.tags.is_empty() {
            out.extend_from_slice(b",\"tags\":");
            out.extend_from_slice(self.tags_json.as_bytes());
        }
        if !entry.meta.is_empty() {
            out.extend_from_slice(b",\"meta\":");
            if self.meta.is_empty() {
                serde_json::to_writer(&mut *out, &entry.meta)
            } else {
                // The entry's keys win; nothing is cloned.
                let mut meta: BTreeMap<&String, &Value> = self.meta.iter().collect();
                meta.extend(entry.meta.iter());
                serde_json::to_writer(&mut *out, &meta)
            }
            .expect("writing to a Vec cannot fail");
        } else if !self.meta.is_empty() {
            out.extend_from_slice(b",\"meta\":");
            out.extend_from_slice(self.meta_json.as_bytes());
        }
        out.push(b'}');
        self.secret.mask(out, start);
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings always serialize")
}

fn write_json_string(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("writing to a Vec cannot fail");
}

/// Asserts that `entry`, one entry as encoded for the API, keeps the
/// contract: only the known fields, an API level, a message and meta within
/// their limits, a UTC RFC 3339 timestamp in [`TIMESTAMP_YEARS`], and tags
/// that are strings.
#[cfg(test)]
pub fn assert_within_contract(entry: &Value) {
    const FIELDS: [&str; 7] = [
        "projectId",
        "level",
        "message",
        "source",
        "timestamp",
        "tags",
        "meta",
    ];
    let fields = entry.as_object().expect("an entry is an object");
    for name in fields.keys() {
        assert!(FIELDS.contains(&name.as_str()), "unknown field {name}");
    }
    assert!(["DEBUG", "INFO", "WARN", "ERROR"].contains(&fields["level"].as_str().unwrap()));
    let message = fields["message"].as_str().expect("a message string");
    assert!(message.len() <= MAX_MESSAGE_BYTES);
    let timestamp = fields["timestamp"].as_str().expect("a timestamp string");
    assert!(timestamp.ends_with('Z'), "{timestamp}");
    let time = DateTime::parse_from_rfc3339(timestamp).expect("an RFC 3339 timestamp");
    assert!(TIMESTAMP_YEARS.contains(&time.year()), "{timestamp}");
    if let Some(meta) = fields.get("meta") {
        assert!(meta.is_object());
        assert!(serde_json::to_vec(meta).unwrap().len() <= MAX_META_BYTES);
    }
    if let Some(tags) = fields.get("tags") {
        assert!(tags.as_array().unwrap().iter().all(Value::is_string));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encode(template: &EntryTemplate, entry: &Entry) -> Value {
        let mut out = Vec::new();
        template.encode(entry, &mut out);
        serde_json::from_slice(&out).expect("encoded entry is JSON")
    }

    const PROJECT: &str = "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10";

    #[test]
    fn encodes_required_fields_and_leaves_empty_optionals_out() {
        let template = EntryTemplate::new(PROJECT, "web", vec![], Map::new());
        let entry = Entry::new(
            Level::Warn,
            "disk \"full\"\n".into(),
            "2026-04-07T09:41:03.000Z".into(),
        );
        assert_eq!(
            encode(&template, &entry),
            json!({
                "projectId": PROJECT, "level": "WARN", "message": "disk \"full\"\n",
                "source": "web", "timestamp": "2026-04-07T09:41:03.000Z"
            })
        );
    }

    #[test]
    fn merges_entry_tags_and_meta_over_the_template() {
        let mut template_meta = Map::new();
        template_meta.insert("env".into(), json!("prod"));
        template_meta.insert("shard".into(), json!(1));
        let template = EntryTemplate::new(PROJECT, "web", vec!["a".into()], template_meta);
        let mut entry = Entry::new(Level::Info, "m".into(), "2026-04-07T09:41:03.000Z".into());
        entry.tags.push("b".into());
        entry.meta.insert("shard".into(), json!(2));
        let value = encode(&template, &entry);
        assert_eq!(value["tags"], json!(["a", "b"]));
        assert_eq!(value["meta"], json!({"env": "prod", "shard": 2}));
    }

    #[test]
    fn truncates_long_messages_at_a_character_boundary_and_marks_them() {
        let message = "é".repeat(MAX_MESSAGE_BYTES); // two bytes each
        let entry = Entry::new(Level::Info, message.into(), "t".into());
        assert_eq!(entry.message.len(), MAX_MESSAGE_BYTES);
        assert_eq!(entry.meta["truncated"], json!(true));
        assert_eq!(entry.meta["original_bytes"], json!(2 * MAX_MESSAGE_BYTES));

        let odd = format!("a{}", "é".repeat(MAX_MESSAGE_BYTES));
        let entry = Entry::new(Level::Info, odd.into(), "t".into());
        assert_eq!(entry.message.len(), MAX_MESSAGE_BYTES - 1);
        assert!(entry.message.is_char_boundary(entry.message.len()));
    }

    #[test]
    fn a_message_at_the_limit_is_kept_whole() {
        let message = "x".repeat(MAX_MESSAGE_BYTES);
        let entry = Entry::new(Level::Info, message.into(), "t".into());
        assert_eq!(entry.message.len(), MAX_MESSAGE_BYTES);
        assert!(entry.meta.is_empty());
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let time = DateTime::parse_from_rfc3339("2026-04-07T11:41:03.5+02:00").unwrap();
        assert_eq!(
            format_timestamp(time.with_timezone(&Utc)),
            "2026-04-07T09:41:03.500Z"
        );
        for text in [
            "1970-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2026-11-24T19:09:41.007Z",
        ] {
            let time = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(format_timestamp(time), text);
            assert_eq!(TimestampText::new(time).unwrap().as_str(), text);
        }
    }

    #[test]
    fn a_year_rfc_3339_cannot_write_has_no_timestamp_text() {
        let far = DateTime::from_timestamp(300_000_000_000, 0).unwrap();
        assert_eq!(TimestampText::new(far), None);
        let year_zero = DateTime::parse_from_rfc3339("0000-01-01T00:00:00Z").unwrap();
        assert_eq!(TimestampText::new(year_zero.with_timezone(&Utc)), None);
        let before_1970 = DateTime::from_timestamp(-1, 0).unwrap();
        assert_eq!(TimestampText::new(before_1970), None);
        assert!(format_timestamp(far).starts_with("+11476-"));
    }

    #[test]
    fn a_time_before_the_unix_epoch_has_no_timestamp_text() {
        for text in ["1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z"] {
            let time = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(TimestampText::new(time), None, "{text}");
        }
        let first = DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(
            TimestampText::new(first).unwrap().as_str(),
            "1970-01-01T00:00:00.000Z"
        );
    }
}
