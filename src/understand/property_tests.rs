//! Fuzzing the whole interpreter, line → entry → JSON as `pipe` sends it:
//! whatever bytes arrive, every entry keeps the API contract, nothing
//! panics, and every input byte is accounted for. A text line is its entry's
//! message, less a `<N>` prefix; every key and value of a JSON, logfmt or
//! journal line is in the message, meta or tags, or is the entry's level or
//! time.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::time::Instant;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::Value;

use super::fuzz::{
    any_bytes, assert_fields_accounted, config, corpus_lines, every_cut, journal_record, json_line,
    logfmt_fields, logfmt_line, number_text, parsed_fields, reader_line, value_leaves, zone,
    EntryUnderTest, JsonTree, SAMPLES,
};
use super::{syslog_priority, LineFormat, LineInterpreter, LineSettings};
use crate::entry::{assert_within_contract, EntryTemplate, MAX_MESSAGE_BYTES};
use crate::level::Level;
use crate::understand::multiline::{Joiner, MultilineSettings};

fn settings_strategy() -> impl Strategy<Value = LineSettings> {
    (
        prop::sample::select(vec![
            LineFormat::Auto,
            LineFormat::Auto,
            LineFormat::Text,
            LineFormat::Json,
            LineFormat::Logfmt,
        ]),
        prop::bool::weighted(0.9),
        prop::bool::weighted(0.8),
        prop::option::weighted(0.2, prop::sample::select(vec![Level::Debug, Level::Error])),
        zone(),
    )
        .prop_map(
            |(format, detect, timestamp_from_line, force_level, timezone)| LineSettings {
                format,
                detect,
                timestamp_from_line,
                force_level,
                timezone,
                ..LineSettings::default()
            },
        )
}

/// When a line is read: around now (the wall clock), within the contract.
fn read_time() -> impl Strategy<Value = DateTime<Utc>> {
    (1_700_000_000i64..1_900_000_000)
        .prop_map(|seconds| DateTime::from_timestamp(seconds, 0).expect("within chrono's range"))
}

/// The entry `pipe` sends for `first` and its `continuation`, checked
/// against the contract.
fn entry_for(
    interpreter: &LineInterpreter,
    first: &str,
    continuation: &str,
    read_at: DateTime<Utc>,
) -> Value {
    let fallback = crate::entry::format_timestamp(read_at);
    let entry = interpreter.entry(first, continuation, read_at, Cow::Borrowed(&fallback), None);
    let template = EntryTemplate::new("p", "s", vec!["t".into()], Default::default());
    let mut out = Vec::new();
    template.encode(&entry, &mut out);
    let value: Value = serde_json::from_slice(&out).expect("the entry is JSON");
    assert_within_contract(&value);
    assert!(
        !value["message"].as_str().unwrap().is_empty(),
        "an empty message for {first:?}: {value}"
    );
    value
}

/// The message a text line gives: the line, less a `<N>` prefix unless
/// detection is off.
fn text_message<'a>(settings: &LineSettings, line: &'a str) -> &'a str {
    match syslog_priority(line) {
        Some((_, rest)) if settings.detect && !rest.is_empty() => rest,
        _ => line,
    }
}

/// True when `message` is `expected`, or its head cut at the API's limit
/// and marked as such.
fn is_message_or_its_cut(entry: &Value, message: &str, expected: &str) -> bool {
    message == expected
        || (expected.len() > MAX_MESSAGE_BYTES
            && expected.starts_with(message)
            && entry["meta"]["truncated"] == Value::Bool(true)
            && entry["meta"]["original_bytes"].as_u64() == Some(expected.len() as u64))
}

/// The words of a logfmt-like line outside quotes.
fn unquoted_words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut quoted, mut escaped, mut has_quote) = (0, false, false, false);
    for (at, ch) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match ch {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => {
                quoted = !quoted;
                has_quote = true;
            }
            ' ' | '\t' if !quoted => {
                if at > start && !has_quote {
                    words.push(&line[start..at]);
                }
                start = at + 1;
                has_quote = false;
            }
            _ => {}
        }
    }
    words
}

/// Asserts that each unquoted word of a line read as logfmt arrived: a pair's
/// key as a key of meta (or a role), its value and any other word in a value
/// of meta or in the message.
fn assert_logfmt_words_accounted(line: &str, entry: &Value) {
    let meta = entry["meta"].as_object().cloned().unwrap_or_default();
    if meta.get("meta_truncated") == Some(&Value::Bool(true)) {
        return;
    }
    let message = entry["message"].as_str().unwrap();
    let mut leaves = BTreeSet::new();
    value_leaves(&Value::Object(meta.clone()), &mut Vec::new(), &mut leaves);
    let arrived = |text: &str| {
        message.contains(text)
            || meta.contains_key(text)
            || leaves
                .iter()
                .any(|(_, leaf)| leaf.contains(text) || leaf.contains(&number_text(text)))
    };
    // The key of the pair a word after it joins (`level= DEBUG`).
    let mut joined_key = None;
    for word in unquoted_words(line) {
        let pair = word
            .split_once('=')
            .filter(|(key, _)| !key.is_empty() && key.bytes().all(super::logfmt::is_key_byte));
        if let Some((key, _)) = pair {
            joined_key = Some(key);
        }
        let names_entry_level = || {
            super::text_level::level_from_name(word)
                .is_some_and(|level| entry["level"] == level.as_str())
        };
        match pair {
            // A key with a role is the level, time or message.
            Some((key, _)) if ROLE_KEYS.contains(&key) => {}
            // A word joining an empty level value became the level.
            None if joined_key.is_some_and(|key| LEVEL_KEYS.contains(&key))
                && names_entry_level() => {}
            Some((key, value)) => {
                assert!(
                    meta.contains_key(key) || key == "tags",
                    "key {key:?} of {line:?} was lost: {entry}"
                );
                assert!(
                    value.is_empty() || arrived(value),
                    "{value:?} of {line:?} was lost: {entry}"
                );
            }
            None => assert!(arrived(word), "{word:?} of {line:?} was lost: {entry}"),
        }
    }
}

const LEVEL_KEYS: &[&str] = &[
    "level",
    "severity",
    "lvl",
    "@l",
    "log.level",
    "levelname",
    "PRIORITY",
];

const ROLE_KEYS: &[&str] = &[
    "message",
    "msg",
    "@message",
    "@m",
    "text",
    "log",
    "MESSAGE",
    "event",
    "level",
    "severity",
    "lvl",
    "@l",
    "log.level",
    "levelname",
    "PRIORITY",
    "s",
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "@t",
    "__REALTIME_TIMESTAMP",
    "asctime",
    "t",
];

/// Asserts that the entry of `line` accounts for all of it.
fn assert_line_accounted(
    settings: &LineSettings,
    line: &str,
    read_at: DateTime<Utc>,
    entry: &Value,
) {
    let message = entry["message"].as_str().unwrap();
    if is_message_or_its_cut(entry, message, text_message(settings, line)) {
        return;
    }
    let structured = settings.detect && settings.format != LineFormat::Text;
    assert!(structured, "text line {line:?} became {entry}");
    if is_message_or_its_cut(entry, message, line) {
        return; // a structured line without a message field
    }
    let under_test = EntryUnderTest {
        zone: settings.timezone,
        read_at,
        forced: settings.force_level.is_some(),
        entry,
    };
    // A JSON object behind a prefix: the prefix in meta, the object whole.
    if let Some((prefix, _)) = super::json_line::parse_prefixed_object(line) {
        if entry["meta"]["prefix"] == prefix {
            let object = line[prefix.len()..]
                .trim_start_matches(|c: char| c == '|' || c == ':' || c.is_whitespace());
            let fields = parsed_fields(object).expect("the object parsed");
            assert_fields_accounted(object, &fields, &under_test);
            return;
        }
    }
    match parsed_fields(line) {
        Some(fields) if settings.format != LineFormat::Logfmt => {
            assert_fields_accounted(line, &fields, &under_test)
        }
        _ => {
            assert!(
                settings.format != LineFormat::Json,
                "{line:?} became {entry}"
            );
            assert_logfmt_words_accounted(line, entry);
        }
    }
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn fuzz_any_line_becomes_an_entry_within_the_contract_and_whole(
        line in reader_line(),
        settings in settings_strategy(),
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let entry = entry_for(&interpreter, &line, "", read_at);
        assert_line_accounted(&settings, &line, read_at, &entry);
    }

    #[test]
    fn fuzz_any_text_keeps_the_contract_line_by_line(
        bytes in any_bytes(),
        settings in settings_strategy(),
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let text = String::from_utf8_lossy(&bytes);
        for line in text.split('\n').filter(|line| !line.is_empty()) {
            entry_for(&interpreter, line, "", read_at);
        }
        let _ = interpreter.read(&text, read_at);
    }

    #[test]
    fn fuzz_json_lines_lose_no_key_and_no_digit(
        (line, members) in json_line(),
        settings in settings_strategy(),
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let entry = entry_for(&interpreter, &line, "", read_at);
        if settings.detect && matches!(settings.format, LineFormat::Auto | LineFormat::Json) {
            let under_test = EntryUnderTest {
                zone: settings.timezone,
                read_at,
                forced: settings.force_level.is_some(),
                entry: &entry,
            };
            assert_fields_accounted(&line, &members, &under_test);
        } else {
            assert_line_accounted(&settings, &line, read_at, &entry);
        }
    }

    #[test]
    fn fuzz_logfmt_lines_lose_no_pair_and_no_word(
        (line, pairs) in logfmt_line(),
        settings in settings_strategy(),
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let entry = entry_for(&interpreter, &line, "", read_at);
        assert_line_accounted(&settings, &line, read_at, &entry);
        let plain = pairs.iter().all(|pair| pair.strays.is_empty());
        if plain && settings.detect && matches!(settings.format, LineFormat::Auto | LineFormat::Logfmt) {
            let under_test = EntryUnderTest {
                zone: settings.timezone,
                read_at,
                forced: settings.force_level.is_some(),
                entry: &entry,
            };
            assert_fields_accounted(&line, &logfmt_fields(&pairs), &under_test);
        }
    }

    #[test]
    fn fuzz_journal_records_lose_no_field(
        (first, continuation, fields) in journal_record(),
        settings in settings_strategy(),
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let entry = entry_for(&interpreter, &first, &continuation, read_at);
        let record = format!("{first}{continuation}");
        let message = entry["message"].as_str().unwrap();
        if !is_message_or_its_cut(&entry, message, &record)
            && !is_message_or_its_cut(&entry, message, text_message(&settings, &record))
        {
            let fields: Vec<(String, JsonTree)> = fields
                .iter()
                .map(|(key, value)| (key.clone(), JsonTree::string(value)))
                .collect();
            let under_test = EntryUnderTest {
                zone: settings.timezone,
                read_at,
                forced: settings.force_level.is_some(),
                entry: &entry,
            };
            assert_fields_accounted(&record, &fields, &under_test);
        }
    }

    #[test]
    fn fuzz_joined_lines_keep_the_contract_and_their_text(
        lines in prop::collection::vec(reader_line(), 1..40),
        settings in settings_strategy(),
        max_lines in 1usize..8,
        read_at in read_time(),
    ) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let mut joiner = Joiner::new(MultilineSettings { max_lines, ..MultilineSettings::default() });
        let mut records = Vec::new();
        for line in &lines {
            records.extend(joiner.push(line, read_at, Instant::now(), |first| {
                interpreter.detected_level(first)
            }));
        }
        records.extend(joiner.take());
        for record in &records {
            prop_assert!(record.text.split('\n').count() <= max_lines);
            let entry = entry_for(&interpreter, record.first_line(), record.continuation(), read_at);
            if settings.format == LineFormat::Text || !settings.detect {
                let first = text_message(&settings, record.first_line());
                let expected = format!("{first}{}", record.continuation());
                let message = entry["message"].as_str().unwrap();
                prop_assert!(is_message_or_its_cut(&entry, message, &expected), "{record:?}: {entry}");
            }
        }
    }
}

#[test]
fn fuzz_every_cut_of_every_sample_becomes_a_whole_entry() {
    let read_at = Utc::now();
    let corpus = corpus_lines().iter().step_by(7).map(String::as_str);
    for settings in [
        LineSettings::default(),
        LineSettings {
            format: LineFormat::Logfmt,
            ..LineSettings::default()
        },
    ] {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        for sample in SAMPLES.iter().copied().chain(corpus.clone()) {
            for cut in every_cut(sample) {
                for line in cut.split('\n').filter(|line| !line.is_empty()) {
                    let entry = entry_for(&interpreter, line, "", read_at);
                    assert_line_accounted(&settings, line, read_at, &entry);
                }
            }
        }
    }
}

#[test]
fn huge_json_and_logfmt_lines_stay_within_the_limits() {
    let interpreter = LineInterpreter::new(&LineSettings::default(), Level::Info, 2);
    let big = "x".repeat(200_000);
    let many: String = (0..5000)
        .map(|n| format!("\"k{n}\":\"{}\",", "v".repeat(20)))
        .collect();
    for line in [
        format!("{{\"msg\":\"{big}\"}}"),
        format!("{{{many}\"msg\":\"m\"}}"),
        format!("level=info msg=\"{big}\" a=1"),
        format!("{{\"msg\":\"m\",\"tags\":[\"{big}\"]}}"),
    ] {
        entry_for(&interpreter, &line, "", Utc::now());
    }
}
