//! Property tests: whatever bytes arrive, every entry made of them keeps the
//! API contract, and nothing panics.

use std::borrow::Cow;
use std::time::Instant;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::Value;

use super::timestamp::Zone;
use super::{LineFormat, LineInterpreter, LineSettings};
use crate::entry::{assert_within_contract, EntryTemplate};
use crate::level::Level;
use crate::multiline::{Joiner, MultilineSettings};

/// Fragments that reach the interesting paths: JSON, logfmt, journal
/// records, priorities, timestamps, level words, continuation markers.
const FRAGMENTS: [&str; 24] = [
    "{\"level\":",
    "{\"msg\":\"",
    "\"time\":",
    "\"ts\":1795201781123",
    "\"tags\":[\"a\"]",
    "}",
    "level=warn ",
    "msg=\"x y\" ",
    "time=2026-11-24T19:09:41Z ",
    "__CURSOR=s\n__REALTIME_TIMESTAMP=1795201781000000\nMESSAGE=m\nPRIORITY=3",
    "<3>",
    "<191>1 ",
    "2026-11-24 19:09:41,123 ",
    "Nov 24 19:09:41 host app[1]: ",
    "[Tue Nov 24 19:09:41 2026] ",
    "24/Nov/2026:19:09:41 +0000] ",
    "E1124 19:09:41.123456 ",
    "03-17 16:13:38.811  1 2 D ",
    "ERROR ",
    "[warn] ",
    "\tat a.B(C.java:1)",
    "Traceback (most recent call last):",
    "\u{1b}[31m",
    "é日\u{0}\"\\",
];

fn line_strategy() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::sample::select(&FRAGMENTS[..]).prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..24),
        "[ -~]{0,40}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn format_strategy() -> impl Strategy<Value = LineSettings> {
    (
        prop::sample::select(vec![
            LineFormat::Auto,
            LineFormat::Text,
            LineFormat::Json,
            LineFormat::Logfmt,
        ]),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![Level::Debug, Level::Error])),
    )
        .prop_map(
            |(format, detect, timestamp_from_line, force_level)| LineSettings {
                format,
                detect,
                timestamp_from_line,
                force_level,
                timezone: Zone::Local,
                ..LineSettings::default()
            },
        )
}

/// Encodes the entry as `pipe` would and checks it against the contract.
fn assert_contract(interpreter: &LineInterpreter, first: &str, rest: &str) {
    let read_at: DateTime<Utc> = Utc::now();
    let fallback = crate::entry::format_timestamp(read_at);
    let entry = interpreter.entry(first, rest, read_at, Cow::Borrowed(&fallback), None);
    let template = EntryTemplate::new("p", "s", vec!["t".into()], Default::default());
    let mut out = Vec::new();
    template.encode(&entry, &mut out);
    let value: Value = serde_json::from_slice(&out).expect("the entry is JSON");
    assert_within_contract(&value);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_line_becomes_a_contract_valid_entry(bytes in line_strategy(), settings in format_strategy()) {
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let text = String::from_utf8_lossy(&bytes);
        for line in text.split('\n') {
            assert_contract(&interpreter, line, "");
        }
    }

    #[test]
    fn any_lines_join_into_contract_valid_entries(
        lines in prop::collection::vec(line_strategy(), 1..40),
        max_lines in 1usize..8,
    ) {
        let settings = LineSettings::default();
        let interpreter = LineInterpreter::new(&settings, Level::Info, 2);
        let mut joiner = Joiner::new(MultilineSettings { max_lines, ..MultilineSettings::default() });
        let mut records = Vec::new();
        for bytes in &lines {
            let text = String::from_utf8_lossy(bytes);
            for line in text.split('\n').filter(|line| !line.is_empty()) {
                records.extend(joiner.push(line, Utc::now(), Instant::now(), |first| {
                    interpreter.detected_level(first)
                }));
            }
        }
        records.extend(joiner.take());
        for record in &records {
            prop_assert!(record.text.split('\n').count() <= max_lines);
            assert_contract(&interpreter, record.first_line(), record.continuation());
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
        assert_contract(&interpreter, &line, "");
    }
}
