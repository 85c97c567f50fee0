//! Mapping the fields of a structured line (JSON, logfmt, a journal export
//! record) to an entry: which field is the message, the level, the time and
//! the tags; everything else is meta, trimmed to the API's limit.

use std::io;

use chrono::{DateTime, Utc};
use serde_json::{Map, Number, Value};

use super::text_level::level_from_name;
use super::timestamp::{from_epoch_float, from_epoch_integer, parse_time_text, Zone};
use crate::entry::TimestampText;
use crate::level::Level;

/// Field names holding the message, the first present wins.
const MESSAGE_FIELDS: [&str; 7] = ["message", "msg", "@message", "@m", "text", "log", "MESSAGE"];
/// Where a message may also be: structlog's `event`, tracing's `fields.message`.
const LATE_MESSAGE_FIELD: &str = "event";
/// Field names holding the level, the first present wins.
const LEVEL_FIELDS: [&str; 7] = [
    "level",
    "severity",
    "lvl",
    "@l",
    "log.level",
    "levelname",
    "PRIORITY",
];
/// Field names holding the time, the first present wins.
const TIME_FIELDS: [&str; 8] = [
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "@t",
    "__REALTIME_TIMESTAMP",
    "asctime",
    "t",
];

/// What a structured line says, before defaults are applied.
#[derive(Debug, Default)]
pub struct Mapped {
    pub message: Option<String>,
    pub level: Option<Level>,
    /// The time of a time field that is one the API takes.
    pub timestamp: Option<TimestampText>,
    pub tags: Vec<String>,
    pub meta: Map<String, Value>,
}

/// The fields of a structured line, in the order written.
pub type Fields = Vec<(String, Value)>;

/// Takes the known fields out of `fields`; the rest becomes meta.
pub fn map_fields(fields: Fields, zone: Zone, now: DateTime<Utc>, read_timestamp: bool) -> Mapped {
    let mut mapped = Mapped::default();
    // One pass ranks the candidates for each role (rank, index); a second
    // routes every field to its role or to meta.
    let mut message: Option<(usize, usize)> = None;
    let mut level: Option<(usize, usize)> = None;
    let mut time: Option<(usize, usize)> = None;
    let mut tags: Option<usize> = None;
    // A time field holding more than its time stays in meta too.
    let mut time_is_whole = false;
    // MongoDB writes its severity as `"s": "W"` beside `"c"` and `"ctx"`.
    let (mut mongo_severity, mut mongo_context) = (None, false);
    // Nextcloud and ownCloud write `"level": 0…4` beside `reqId` and `app`.
    let (mut request_id, mut app) = (false, false);
    let beats =
        |best: Option<(usize, usize)>, rank: usize| best.is_none_or(|(best, _)| rank < best);
    for (index, (key, value)) in fields.iter().enumerate() {
        let key = key.as_str();
        if let Some(rank) = MESSAGE_FIELDS.iter().position(|name| *name == key) {
            if beats(message, rank) && !(key == "log" && value.is_object()) && !is_blank(value) {
                message = Some((rank, index));
            }
        } else if let Some(rank) = LEVEL_FIELDS.iter().position(|name| *name == key) {
            if beats(level, rank) {
                if let Some(found) = level_from_value(value) {
                    level = Some((rank, index));
                    mapped.level = Some(found);
                }
            }
        } else if let Some(rank) = TIME_FIELDS.iter().position(|name| *name == key) {
            if read_timestamp && beats(time, rank) {
                if let Some((found, is_whole)) = time_from_value(value, zone, now) {
                    time = Some((rank, index));
                    time_is_whole = is_whole;
                    mapped.timestamp = Some(found);
                }
            }
        } else if key == "s" {
            mongo_severity = Some(index);
        } else if key == "ctx" {
            mongo_context = true;
        } else if key == "reqId" {
            request_id = true;
        } else if key == "app" {
            app = true;
        } else if key == "tags"
            && tags.is_none()
            && matches!(value, Value::Array(items) if items.iter().all(Value::is_string))
        {
            tags = Some(index);
        }
    }
    if request_id && app {
        if let Some((_, index)) = level {
            if let Some(found) = nextcloud_level(&fields[index].1) {
                mapped.level = Some(found);
            }
        }
    }
    if level.is_none() && mongo_context {
        if let Some(index) = mongo_severity {
            if let Some(found) = fields[index].1.as_str().and_then(mongo_level) {
                level = Some((usize::MAX, index));
                mapped.level = Some(found);
            }
        }
    }
    let index_of = |role: Option<(usize, usize)>| role.map(|(_, index)| index);
    let (message, level) = (index_of(message), index_of(level));
    let time = index_of(time).filter(|_| time_is_whole);
    let mut fields_left = Map::new();
    // Keys met more than once: their values are gathered in an array.
    let mut repeated: Vec<String> = Vec::new();
    for (index, (key, value)) in fields.into_iter().enumerate() {
        let index = Some(index);
        if index == message {
            mapped.message = Some(match value {
                Value::String(mut text) => {
                    text.truncate(without_line_end(&text).len());
                    text
                }
                other => other.to_string(),
            });
        } else if index == tags {
            if let Value::Array(items) = value {
                mapped.tags = items
                    .into_iter()
                    .filter_map(|tag| match tag {
                        Value::String(tag) => Some(tag),
                        _ => None,
                    })
                    .collect();
            }
        } else if index != level && index != time {
            keep_every_value(&mut fields_left, &mut repeated, key, value);
        }
    }
    let mut fields = fields_left;
    if mapped.message.is_none() {
        mapped.message = take_late_message(&mut fields);
    }
    if mapped.level.is_none() {
        // ECS nests it: `"log": {"level": "warn"}`.
        if let Some(Value::Object(log)) = fields.get_mut("log") {
            if let Some(level) = log.get("level").and_then(level_from_value) {
                log.remove("level");
                mapped.level = Some(level);
                if log.is_empty() {
                    fields.remove("log");
                }
            }
        }
    }
    mapped.meta = fields;
    mapped
}

/// Adds a field to `meta`; a key met again (a journal field given twice,
/// `tag=a tag=b`) keeps all its values, in order, in an array, as
/// `journalctl -o json` does. `repeated` holds the keys already turned into
/// arrays.
fn keep_every_value(
    meta: &mut Map<String, Value>,
    repeated: &mut Vec<String>,
    key: String,
    value: Value,
) {
    match meta.entry(key) {
        serde_json::map::Entry::Vacant(slot) => {
            slot.insert(value);
        }
        serde_json::map::Entry::Occupied(mut slot) => {
            if repeated.contains(slot.key()) {
                if let Value::Array(values) = slot.get_mut() {
                    values.push(value);
                }
            } else {
                repeated.push(slot.key().clone());
                let first = slot.get_mut().take();
                slot.insert(Value::Array(vec![first, value]));
            }
        }
    }
}

/// `text` without one `\n` or `\r\n` at its end (a container runtime's `log`).
fn without_line_end(text: &str) -> &str {
    match text.strip_suffix('\n') {
        Some(stripped) => stripped.strip_suffix('\r').unwrap_or(stripped),
        None => text,
    }
}

/// True for a message field that holds no message: empty text, `null`,
/// `true` or `false` (a bare logfmt word). The line is then its own message.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::String(text) => without_line_end(text).is_empty(),
        Value::Null | Value::Bool(_) => true,
        _ => false,
    }
}

/// structlog's `event` or tracing's `fields.message`, when it is text.
fn take_late_message(fields: &mut Map<String, Value>) -> Option<String> {
    if let Some(event @ Value::String(_)) = fields.get(LATE_MESSAGE_FIELD) {
        if !is_blank(event) {
            if let Some(Value::String(text)) = fields.remove(LATE_MESSAGE_FIELD) {
                return Some(text);
            }
        }
    }
    let Some(Value::Object(nested)) = fields.get_mut("fields") else {
        return None;
    };
    let Some(message @ Value::String(_)) = nested.get("message") else {
        return None;
    };
    if is_blank(message) {
        return None;
    }
    let Some(Value::String(text)) = nested.remove("message") else {
        return None;
    };
    if nested.is_empty() {
        fields.remove("fields");
    }
    Some(text)
}

/// A level from a string (`warn`, `Warning`, `"3"`) or a number: pino and
/// bunyan's 10–60, or a syslog severity 0–7.
pub fn level_from_value(value: &Value) -> Option<Level> {
    match value {
        Value::String(text) => match text.trim().parse::<i64>() {
            Ok(number) => level_from_number(number),
            Err(_) => level_from_name(text),
        },
        Value::Number(number) => level_from_number(number.as_i64()?),
        _ => None,
    }
}

/// Nextcloud's and ownCloud's levels: 0 debug, 1 info, 2 warn, 3 error,
/// 4 fatal.
pub(crate) fn nextcloud_level(value: &Value) -> Option<Level> {
    let number = match value {
        Value::Number(number) => number.as_i64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    match number {
        0 => Some(Level::Debug),
        1 => Some(Level::Info),
        2 => Some(Level::Warn),
        3 | 4 => Some(Level::Error),
        _ => None,
    }
}

/// MongoDB's severities: `F`, `E`, `W`, `I`, `D1`…`D5`.
fn mongo_level(severity: &str) -> Option<Level> {
    match severity {
        "F" | "E" => Some(Level::Error),
        "W" => Some(Level::Warn),
        "I" => Some(Level::Info),
        "D" | "D1" | "D2" | "D3" | "D4" | "D5" => Some(Level::Debug),
        _ => None,
    }
}

/// pino/bunyan levels (10 trace … 60 fatal) or syslog severities (0 emerg … 7 debug).
pub fn level_from_number(number: i64) -> Option<Level> {
    let level = match number {
        0..=3 => Level::Error,
        4 => Level::Warn,
        5 | 6 => Level::Info,
        7 => Level::Debug,
        10..=29 => Level::Debug,
        30..=39 => Level::Info,
        40..=49 => Level::Warn,
        50..=60 => Level::Error,
        _ => return None,
    };
    Some(level)
}

/// The entry's time from a time field's value, if it is one the API takes
/// ([`TimestampText`] says which), and whether the value says nothing else.
pub(super) fn time_from_value(
    value: &Value,
    zone: Zone,
    now: DateTime<Utc>,
) -> Option<(TimestampText, bool)> {
    let (time, is_whole) = match value {
        // Extended JSON (MongoDB): `{"$date": "2026-…"}`.
        Value::Object(object) if object.len() == 1 => {
            return time_from_value(object.get("$date")?, zone, now)
        }
        Value::String(text) => {
            let found = parse_time_text(text, zone, now)?;
            (found.time, found.is_whole)
        }
        Value::Number(number) => match number.as_i64() {
            Some(integer) => (from_epoch_integer(integer)?, true),
            None => (from_epoch_float(number.as_f64()?)?, true),
        },
        _ => return None,
    };
    Some((TimestampText::new(time)?, is_whole))
}

/// True when a double holds `number`, if only approximately: every JSON
/// reader takes it. `1e999` is valid JSON that a reader of doubles refuses
/// (Go's, for one), so it is forwarded as text.
pub fn fits_a_double(number: &Number) -> bool {
    let text = number.as_str();
    // Without an exponent, 308 characters stay below the largest double.
    let plain = text.len() <= 308 && !text.bytes().any(|b| b | 0x20 == b'e');
    plain || number.as_f64().is_some()
}

/// Turns the numbers in `value` that no double holds into text, digits kept.
pub fn spell_out_huge_numbers(value: &mut Value) {
    match value {
        Value::Number(number) if !fits_a_double(number) => {
            *value = Value::String(number.as_str().to_owned());
        }
        Value::Array(items) => items.iter_mut().for_each(spell_out_huge_numbers),
        Value::Object(members) => members.values_mut().for_each(spell_out_huge_numbers),
        _ => {}
    }
}

/// Counts the bytes written to it.
struct ByteCounter(usize);

impl io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes of `value` as compact JSON.
pub fn json_size<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    let mut counter = ByteCounter(0);
    serde_json::to_writer(&mut counter, value).expect("counting cannot fail");
    counter.0
}

/// Keeps `meta` within `budget` bytes of compact JSON: drops the largest
/// fields until it fits and then says so with `"meta_truncated": true`.
pub fn fit_meta(meta: &mut Map<String, Value>, budget: usize) {
    const MARK: &str = "meta_truncated";
    let mut size = json_size(meta);
    if size <= budget {
        return;
    }
    let mark_bytes = json_size(MARK) + ":true,".len();
    let mut fields: Vec<(usize, String)> = meta
        .iter()
        .map(|(key, value)| (json_size(key) + 2 + json_size(value), key.clone()))
        .collect();
    fields.sort_unstable_by_key(|field| std::cmp::Reverse(field.0));
    for (field_size, key) in fields {
        if size + mark_bytes <= budget {
            break;
        }
        meta.remove(&key);
        size = size.saturating_sub(field_size);
    }
    meta.insert(MARK.to_owned(), Value::Bool(true));
    debug_assert!(json_size(meta) <= budget.max(json_size(&serde_json::json!({MARK: true}))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Mapped {
        let Value::Object(fields) = value else {
            panic!("an object")
        };
        map_fields(
            fields.into_iter().collect(),
            Zone::parse("UTC").unwrap(),
            Utc::now(),
            true,
        )
    }

    #[test]
    fn takes_the_first_present_message_level_and_time_field() {
        let mapped = map(json!({
            "msg": "second", "message": "first", "severity": "warning", "level": "error",
            "ts": 1795201781, "tags": ["a", "b"], "user": {"id": 7}
        }));
        assert_eq!(mapped.message.as_deref(), Some("first"));
        assert_eq!(mapped.level, Some(Level::Error));
        assert_eq!(mapped.tags, ["a", "b"]);
        assert!(mapped.timestamp.is_some());
        assert_eq!(
            Value::Object(mapped.meta),
            json!({"msg": "second", "severity": "warning", "user": {"id": 7}})
        );
    }

    #[test]
    fn structlog_events_and_tracing_fields_hold_messages_too() {
        let mapped = map(json!({"event": "logged in", "user": 1}));
        assert_eq!(mapped.message.as_deref(), Some("logged in"));
        let mapped = map(json!({"fields": {"message": "ready", "n": 1}, "target": "app"}));
        assert_eq!(mapped.message.as_deref(), Some("ready"));
        assert_eq!(
            Value::Object(mapped.meta),
            json!({"fields": {"n": 1}, "target": "app"})
        );
        let mapped = map(json!({"event": {"kind": "click"}}));
        assert_eq!(mapped.message, None);
    }

    #[test]
    fn mongodb_severity_and_extended_json_dates() {
        let mapped = map(json!({
            "t": {"$date": "2026-11-24T19:09:58.200+00:00"}, "s": "W", "c": "CONTROL",
            "ctx": "initandlisten", "msg": "Access control is not enabled"
        }));
        assert_eq!(mapped.level, Some(Level::Warn));
        assert!(mapped.timestamp.is_some());
        assert_eq!(
            Value::Object(mapped.meta),
            json!({"c": "CONTROL", "ctx": "initandlisten"})
        );
        let not_mongo = map(json!({"s": "W", "msg": "x"}));
        assert_eq!(not_mongo.level, None);
    }

    #[test]
    fn numeric_levels_follow_pino_and_syslog() {
        for (value, level) in [
            (json!(10), Level::Debug),
            (json!(30), Level::Info),
            (json!(40), Level::Warn),
            (json!(60), Level::Error),
            (json!(3), Level::Error),
            (json!("4"), Level::Warn),
            (json!(6), Level::Info),
            (json!(7), Level::Debug),
        ] {
            assert_eq!(level_from_value(&value), Some(level), "{value}");
        }
        assert_eq!(level_from_value(&json!(99)), None);
        assert_eq!(level_from_value(&json!(true)), None);
    }

    #[test]
    fn unknown_levels_and_unreadable_times_stay_in_meta() {
        let mapped = map(json!({"level": "loud", "time": "soon", "tags": ["a", 1]}));
        assert_eq!(mapped.level, None);
        assert_eq!(mapped.timestamp, None);
        assert_eq!(
            Value::Object(mapped.meta),
            json!({"level": "loud", "time": "soon", "tags": ["a", 1]})
        );
    }

    #[test]
    fn ecs_nested_level_and_docker_log_lines() {
        let mapped = map(json!({"log": {"level": "warn", "logger": "x"}, "message": "m"}));
        assert_eq!(mapped.level, Some(Level::Warn));
        assert_eq!(Value::Object(mapped.meta), json!({"log": {"logger": "x"}}));
        let mapped = map(json!({"log": "hello\n", "stream": "stderr"}));
        assert_eq!(mapped.message.as_deref(), Some("hello"));
    }

    #[test]
    fn a_repeated_key_gathers_its_values_in_order() {
        let fields = vec![
            ("a".to_owned(), json!(1)),
            ("a".to_owned(), json!([2])),
            ("msg".to_owned(), json!("m")),
            ("a".to_owned(), json!(3)),
            ("msg".to_owned(), json!("second")),
        ];
        let mapped = map_fields(fields, Zone::parse("UTC").unwrap(), Utc::now(), true);
        assert_eq!(mapped.message.as_deref(), Some("m"));
        assert_eq!(
            Value::Object(mapped.meta),
            json!({"a": [1, [2], 3], "msg": "second"})
        );
    }

    #[test]
    fn a_message_field_without_text_is_no_message() {
        for value in [json!(""), json!("\r\n"), json!(null), json!(true)] {
            let mapped = map(json!({"msg": value.clone(), "n": 1}));
            assert_eq!(mapped.message, None, "{value}");
            assert_eq!(mapped.meta["msg"], value);
        }
        let mapped = map(json!({"event": "", "fields": {"message": ""}}));
        assert_eq!(mapped.message, None);
    }

    #[test]
    fn oversized_meta_loses_its_largest_fields_and_is_marked() {
        let mut meta = Map::new();
        meta.insert("small".into(), json!(1));
        meta.insert("big".into(), json!("x".repeat(70_000)));
        meta.insert("medium".into(), json!("y".repeat(1000)));
        fit_meta(&mut meta, 65_536);
        assert!(json_size(&meta) <= 65_536);
        assert_eq!(meta["meta_truncated"], json!(true));
        assert!(meta.contains_key("small") && meta.contains_key("medium"));
        assert!(!meta.contains_key("big"));
    }
}
