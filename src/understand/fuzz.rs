//! What the fuzzing properties of every parser are fed, and how they check
//! that nothing was lost. Lines come from the labelled corpus and from
//! hand-written samples of every form the README lists, cut anywhere, with
//! separators removed or doubled, numbers made huge, whitespace made odd and
//! invalid UTF-8 or NUL put in; or they are arbitrary bytes. Structured lines
//! (JSON, logfmt, journal export) are generated with the keys and values they
//! hold, so that a property can tell that every one arrived.
//!
//! Each property runs a CI-sized number of cases; `PROPTEST_CASES=N` runs N
//! of each instead (the long run: see CONTRIBUTING.md, "The fuzz run").

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};

use super::fields::{level_from_value, time_from_value};
use super::multiline::{MultilineMode, MultilineSettings};
use super::timestamp::Zone;

/// The configuration of a fuzzing property: `ci_cases` cases, unless
/// `PROPTEST_CASES` asks for another number.
pub fn config(ci_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = ci_cases;
    }
    config
}

/// One line of every form the README names, and of each structured format.
pub const SAMPLES: &[&str] = &[
    "2026-11-24T19:09:41.123Z INFO started",
    "203.0.113.7 - alice [24/Nov/2026:20:09:42 +0100] \"POST /api HTTP/2.0\" 502 88 \"https://x/\" \"Mozilla/5.0\" \"198.51.100.9, 10.0.0.2\" 0.123 0.100 0123456789abcdef0123456789abcdef",
    "10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] \"GET /x HTTP/1.1\" 404 5 \"-\" \"curl\" rt=0.5 uct=\"0.001\" urt=\"0.4\"",
    "shop.example.com:443 ::1 - - [24/Nov/2026:19:09:42 +0000] \"GET / HTTP/1.1\" 200 - \"-\" \"c\" 1500",
    "127.0.0.1 - - [24/Nov/2026 19:09:41] \"GET / HTTP/1.1\" 200 -",
    "{\"time_local\":\"24/Nov/2026:19:09:41 +0000\",\"remote_addr\":\"::1\",\"request\":\"GET / HTTP/1.1\",\"status\":\"503\",\"request_time\":\"0.5\"}",
    "{\"level\":\"info\",\"ts\":1795201781.5,\"msg\":\"handled request\",\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":{\"User-Agent\":[\"c\"]}},\"status\":404,\"duration\":0.01}",
    "{\"DownstreamStatus\":500,\"Duration\":1500000,\"RequestMethod\":\"GET\",\"RequestPath\":\"/\",\"StartUTC\":\"2026-11-24T19:09:41.123456789Z\"}",
    "web-1  | {\"level\":\"warn\",\"time\":\"2026-11-24T19:09:41Z\",\"msg\":\"slow\"}",
    "[pod/web-7d9f/web] {\"level\":\"error\",\"msg\":\"x\"}",
    "Nov 24 19:09:41 web-1 app[123]: {\"level\":30,\"msg\":\"x\"}",
    "2026-11-24T19:09:41.123Z\twarn\tapp/main.go:1\tslow\t{\"k\":1}",
    "MainThread::ERROR::app::failed",
    "40A7D21FFA7F0000:error:80000002:system library:file_open:x",
    "thread 'main' (16755) panicked at src/main.rs:37:136:",
    "Nov 24, 2026 7:09:50 PM org.apache.Catalina start",
    "2026-11-24 19:09:41.837 CEST x",
    "[10.30 17:15:42] chrome.exe x",
    "{\"reqId\":\"a\",\"level\":1,\"app\":\"files\",\"message\":\"m\"}",
    "2026-11-24T21:09:41+02:00 x",
    "2026-11-24T21:09:41.5+0200 WARN x",
    "2026-11-24t19:09:41.123456789z x",
    "2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed",
    "2026-11-24_19:09:41 x",
    "2026/11/24 19:09:41 [error] 1#0: *5 connect() failed",
    "[2026-11-24T19:09:41Z ERROR app] x",
    "2026-11-24 19:09:41.123 UTC [1234] LOG: x",
    "2026-11-24 19:09:41 +05:30 x",
    "2026-11-24 19:09:41 GMT x",
    "Nov 24 19:09:41 host sshd[1]: Failed password",
    "Nov  4 09:09:41 host app[42]: ERROR: disk full",
    "[Tue Nov 24 19:09:41 2026] [error] x",
    "[Tue Nov 24 19:09:41.250000 2026] [core:error] [pid 1] AH1: x",
    "Tue Nov  4 19:09:41 2026 x",
    "10.0.0.1 - - [24/Nov/2026:21:09:41 +0200] \"GET / HTTP/1.1\" 200 1",
    "[24/Nov/2026:19:09:41 +0000] x",
    "24/Nov/2026:19:09:41 -0700",
    "11-24 19:09:41.811  1702  2395 D Tag: x",
    "E1124 19:09:41.123456    1 reflector.go:138] failed",
    "W261124 19:09:41.123456 1 server.go:1 slow",
    "1795201781 x",
    "1795201781.25 x",
    "1795201781123 INFO x",
    "17/06/09 20:10:40 INFO storage.BlockManager: x",
    "081109 203615 148 INFO dfs.DataNode: x",
    "24-Nov-2026 19:09:57 UTC] PHP Warning: x",
    "24 Nov 2026 19:09:57 x",
    "<165>1 2026-11-24T19:09:41Z host app 1 - - x",
    "<3>disk full",
    "<191>",
    "\u{1b}[2m2026-11-24T19:09:41Z\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m app: x",
    "INFO[0000] started port=80",
    "panic: runtime error: index out of range",
    "thread 'main' panicked at src/main.rs:2:5:",
    "Traceback (most recent call last):",
    "curl: (7) Failed to connect",
    "E: Unable to locate package foo",
    r#"{"time":"2026-11-24T20:09:41.5+01:00","level":"warn","msg":"pool exhausted","tags":["db"],"ctx":{"n":1}}"#,
    r#"{"level":50,"time":1795201781123,"msg":"boom","pid":1}"#,
    r#"{"t":{"$date":"2026-11-24T19:09:58.200+00:00"},"s":"W","c":"CONTROL","ctx":"x","msg":"m"}"#,
    r#"{"@timestamp":"2026-11-24T19:09:41Z","log.level":"error","message":"x","log":{"logger":"a"}}"#,
    r#"{"log":"ERROR: disk full\n","stream":"stderr","time":"2026-11-24T19:09:41.1Z"}"#,
    r#"{"event":"logged in","level":"info","timestamp":"2026-11-24 19:09:41"}"#,
    r#"{"fields":{"message":"ready"},"level":"INFO","timestamp":"2026-11-24T19:09:41.123456Z"}"#,
    r#"{"ts":1795201781.123,"lvl":"debug","msg":"x","n":12345678901234567890123,"f":0.10000000000000000555}"#,
    r#"{"__REALTIME_TIMESTAMP":"1795201781000000","PRIORITY":"3","MESSAGE":"x"}"#,
    r#"{"msg":"x","time":"0000-01-01T00:00:00Z","severity":"WARN+2"}"#,
    "time=2026-11-24T19:09:41Z level=warn msg=\"pool exhausted\" db=orders wait_ms=120",
    "level=fatal msg=x err=&{0x20 map[a:b] 2026-11-24} n=1",
    "ts=1795201781.5 lvl=error msg=\"a \\\"b\\\" c\" big=99999999999999999999 zip=01234",
    "__CURSOR=s=1",
    "__REALTIME_TIMESTAMP=1795201781000000",
    "MESSAGE=low disk",
];

/// Multi-line entries, as printed.
pub const BLOCKS: &[&str] = &[
    "2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed\njava.lang.IllegalStateException: boom\n\tat com.example.App.run(App.java:10)\nCaused by: java.io.IOException: disk\n\t... 2 more",
    "2026-11-24 19:09:41,123 ERROR app: failed\nTraceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    foo()\nZeroDivisionError: division by zero\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"app.py\", line 5\nKeyError: 'x'",
    "panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:8 +0x1d\nexit status 2",
    "thread 'main' panicked at src/main.rs:2:5:\nexplicit panic\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nstack backtrace:",
    "__CURSOR=s=1\n__REALTIME_TIMESTAMP=1795201781000000\nPRIORITY=4\n_SYSTEMD_UNIT=app.service\nMESSAGE=low disk",
    "error[E0308]: mismatched types\n --> src/main.rs:4:5\n4  |     let count = 3;\n   |         ^^^^^",
];

/// Numbers that overflow, lose digits or are spelled oddly.
pub const ODD_NUMBERS: &[&str] = &[
    "99999999999999999999",
    "-0",
    "1e999",
    "-1e999",
    "1E+400",
    "1e-999",
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775809",
    "12345678901234567890123",
    "0.10000000000000000555",
    "1.7976931348623157e308",
    "4294967296",
    "253402300800",
    "253402300800000",
    "-1795201781",
    "0",
    "00",
    "01234",
    "1.",
    "1e5",
    "9999999999999999999999999999999999999999999999",
];

const ODD_WHITESPACE: &[&str] = &[
    "\t", "\u{a0}", "\u{2028}", "\r", "\u{3000}", "\u{feff}", "\u{b}", "\u{c}", "\u{85}", "  ",
];

const ODD_BYTES: &[&[u8]] = &[
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\x00",
    b"\xf0\x9f\x98",
    b"\xe2\x80",
    b"\x1b[",
    b"\x1b",
    b"\r",
    b"\n",
];

const SEPARATORS: &[u8] = b" :-T,\"=[]{}./+<>\t";

/// The lines of the labelled corpus (first lines and continuations).
pub fn corpus_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
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
                    .map(|line| line.replace("\\x1b", "\u{1b}"))
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

/// A change to a real-shaped line.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Keeps the bytes between two cuts (anywhere, mid-character too).
    Cut(Index, Index),
    RemoveAll(u8),
    RemoveOne(u8, Index),
    Double(u8, Index),
    /// Replaces a run of digits with one of [`ODD_NUMBERS`].
    Number(Index, &'static str),
    /// Replaces a space with odd whitespace.
    Respace(Index, &'static str),
    /// Puts odd whitespace, invalid UTF-8 or NUL somewhere.
    Insert(Index, &'static [u8]),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let separator = || prop::sample::select(SEPARATORS);
    prop_oneof![
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Cut(a, b)),
        1 => separator().prop_map(Mutation::RemoveAll),
        2 => (separator(), any::<Index>()).prop_map(|(s, at)| Mutation::RemoveOne(s, at)),
        2 => (separator(), any::<Index>()).prop_map(|(s, at)| Mutation::Double(s, at)),
        3 => (any::<Index>(), prop::sample::select(ODD_NUMBERS))
            .prop_map(|(at, n)| Mutation::Number(at, n)),
        2 => (any::<Index>(), prop::sample::select(ODD_WHITESPACE))
            .prop_map(|(at, w)| Mutation::Respace(at, w)),
        2 => (any::<Index>(), prop::sample::select(ODD_BYTES))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn positions(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Vec<usize> {
    (0..bytes.len()).filter(|&at| wanted(bytes[at])).collect()
}

/// Applies `mutation` to `bytes`.
pub fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let pick =
        |found: &[usize], at: &Index| (!found.is_empty()).then(|| found[at.index(found.len())]);
    match mutation {
        Mutation::Cut(a, b) => {
            let (a, b) = (a.index(bytes.len() + 1), b.index(bytes.len() + 1));
            let (start, end) = (a.min(b), a.max(b));
            bytes.truncate(end);
            bytes.drain(..start);
        }
        Mutation::RemoveAll(separator) => bytes.retain(|b| b != separator),
        Mutation::RemoveOne(separator, at) => {
            if let Some(at) = pick(&positions(bytes, |b| b == *separator), at) {
                bytes.remove(at);
            }
        }
        Mutation::Double(separator, at) => {
            if let Some(at) = pick(&positions(bytes, |b| b == *separator), at) {
                bytes.insert(at, *separator);
            }
        }
        Mutation::Number(at, number) => {
            let starts = positions(bytes, |b| b.is_ascii_digit());
            let starts: Vec<usize> = starts
                .into_iter()
                .filter(|&s| s == 0 || !bytes[s - 1].is_ascii_digit())
                .collect();
            if let Some(start) = pick(&starts, at) {
                let len = bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                bytes.splice(start..start + len, number.bytes());
            }
        }
        Mutation::Respace(at, space) => {
            if let Some(at) = pick(&positions(bytes, |b| b == b' '), at) {
                bytes.splice(at..at + 1, space.bytes());
            }
        }
        Mutation::Insert(at, inserted) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
    }
}

/// Every prefix and every suffix of `text`, cut at each byte (invalid UTF-8
/// at a cut inside a character is replaced, as the reader does).
pub fn every_cut(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    (0..=bytes.len()).flat_map(move |at| {
        [
            String::from_utf8_lossy(&bytes[..at]).into_owned(),
            String::from_utf8_lossy(&bytes[at..]).into_owned(),
        ]
    })
}

/// A line of the corpus or of [`SAMPLES`], changed by a few mutations.
pub fn shaped_line() -> impl Strategy<Value = Vec<u8>> {
    let sample = prop_oneof![
        prop::sample::select(SAMPLES).prop_map(str::to_owned),
        any::<Index>().prop_map(|at| at.get(corpus_lines()).clone()),
    ];
    (sample, prop::collection::vec(mutation(), 0..4)).prop_map(|(sample, mutations)| {
        let mut bytes = sample.into_bytes();
        for mutation in &mutations {
            mutate(&mut bytes, mutation);
        }
        bytes
    })
}

/// Fragments that reach the interesting paths, to be strung together.
const FRAGMENTS: &[&str] = &[
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
    "1.2.3.4 - - [",
    "] \"GET / HTTP/1.1\" ",
    "503 12 \"-\" \"ua\" ",
    "\"status\":404,",
    "\"request\":\"GET / HTTP/1.1\",",
    "web-1  | ",
    "app[1]: ",
    "\t",
    "::ERROR::",
    "  File \"x.py\", line 3",
    "[stacktrace]",
    "\u{1b}[31m",
    "é日\u{0}\"\\",
];

/// Any bytes at all: real-shaped lines mostly, arbitrary bytes, and strings
/// of fragments. May hold `\n`.
pub fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::sample::select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..24),
        "[ -~]{0,40}".prop_map(String::into_bytes),
    ];
    prop_oneof![
        4 => shaped_line(),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat()),
    ]
}

/// A line as the reader hands it on: text (invalid UTF-8 replaced), no `\n`,
/// no `\r` at its end, not empty.
pub fn reader_line() -> impl Strategy<Value = String> {
    any_bytes().prop_map(|bytes| {
        let text = String::from_utf8_lossy(&bytes).replace('\n', " ");
        let text = text.trim_end_matches('\r');
        if text.is_empty() {
            "x".to_owned()
        } else {
            text.to_owned()
        }
    })
}

/// The zones a line's time may be read in.
pub fn zone() -> impl Strategy<Value = Zone> {
    prop_oneof![
        Just(Zone::Local),
        (-14 * 60..=14 * 60i32).prop_map(|minutes| {
            Zone::Fixed(chrono::FixedOffset::east_opt(minutes * 60).expect("within a day"))
        }),
        prop::sample::select(vec![
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Pacific/Chatham",
            "Australia/Lord_Howe",
            "Pacific/Kiritimati",
        ])
        .prop_map(|name| Zone::parse(name).expect("a known zone")),
    ]
}

/// When a line may have been read: any time chrono holds, mostly recent.
pub fn read_time() -> impl Strategy<Value = DateTime<Utc>> {
    let recent = DateTime::parse_from_rfc3339("2026-11-24T20:00:00Z")
        .expect("a valid time")
        .timestamp();
    prop_oneof![
        4 => recent - 400 * 86_400..recent + 400 * 86_400,
        1 => DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
        1 => prop::sample::select(vec![
            0,
            -1,
            253_402_300_799,
            DateTime::<Utc>::MIN_UTC.timestamp(),
            DateTime::<Utc>::MAX_UTC.timestamp(),
        ]),
    ]
    .prop_map(|seconds| DateTime::from_timestamp(seconds, 0).expect("within chrono's range"))
}

/// A JSON value generated with the text of each of its leaves.
#[derive(Debug, Clone)]
pub enum JsonTree {
    /// A scalar: its JSON text and the text it must arrive as (a string's
    /// contents, a number's digits, `true`, `null`).
    Leaf {
        raw: String,
        text: String,
    },
    Array(Vec<JsonTree>),
    /// Members in order; a key may repeat.
    Object(Vec<(String, JsonTree)>),
}

impl JsonTree {
    pub fn string(text: &str) -> JsonTree {
        JsonTree::Leaf {
            raw: serde_json::to_string(text).expect("strings serialize"),
            text: text.to_owned(),
        }
    }

    /// The JSON text, with `space` after every `:` and `,`.
    pub fn write(&self, space: &str, out: &mut String) {
        match self {
            JsonTree::Leaf { raw, .. } => out.push_str(raw),
            JsonTree::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                        out.push_str(space);
                    }
                    item.write(space, out);
                }
                out.push(']');
            }
            JsonTree::Object(members) => {
                out.push('{');
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                        out.push_str(space);
                    }
                    out.push_str(&serde_json::to_string(key).expect("strings serialize"));
                    out.push(':');
                    out.push_str(space);
                    value.write(space, out);
                }
                out.push('}');
            }
        }
    }

    /// The value as serde_json reads it (a repeated key keeps its last value).
    pub fn value(&self) -> Value {
        let mut text = String::new();
        self.write("", &mut text);
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }

    /// Every leaf as (the keys leading to it, its text); an empty array or
    /// object is a leaf `[]` or `{}`, so that its key counts too. A member
    /// whose key repeats later in its object is shadowed and left out.
    pub fn leaves(&self, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        match self {
            JsonTree::Leaf { text, .. } => out.push((path.clone(), text.clone())),
            JsonTree::Array(items) if items.is_empty() => out.push((path.clone(), "[]".into())),
            JsonTree::Object(members) if members.is_empty() => {
                out.push((path.clone(), "{}".into()))
            }
            JsonTree::Array(items) => items.iter().for_each(|item| item.leaves(path, out)),
            JsonTree::Object(members) => {
                for (index, (key, value)) in members.iter().enumerate() {
                    // Inside a value, a repeated key keeps its last value
                    // (serde_json's, as every JSON reader's).
                    if members[index + 1..].iter().any(|(later, _)| later == key) {
                        continue;
                    }
                    path.push(key.clone());
                    value.leaves(path, out);
                    path.pop();
                }
            }
        }
    }
}

/// A number's text as serde_json keeps it: the exponent as `e`, signed.
pub fn number_text(text: &str) -> String {
    match text.find(['e', 'E']) {
        Some(at) => {
            let (mantissa, exponent) = (&text[..at], &text[at + 1..]);
            let sign = if exponent.starts_with(['+', '-']) {
                ""
            } else {
                "+"
            };
            format!("{mantissa}e{sign}{exponent}")
        }
        None => text.to_owned(),
    }
}

/// Keys of structured lines: the ones with a role, and others.
const KEYS: &[&str] = &[
    "message",
    "msg",
    "@m",
    "text",
    "log",
    "MESSAGE",
    "event",
    "fields",
    "level",
    "severity",
    "lvl",
    "@l",
    "log.level",
    "levelname",
    "PRIORITY",
    "s",
    "ctx",
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "t",
    "$date",
    "__REALTIME_TIMESTAMP",
    "tags",
    "projectId",
    "source",
    "user",
    "n",
    "a",
    "a.b",
];

/// String values worth trying in every role.
const STRINGS: &[&str] = &[
    "",
    "x",
    "warn",
    "ERROR",
    "WARN+2",
    "W",
    "30",
    "3",
    "2026-11-24T19:09:41.123Z",
    "2026-11-24 19:09:41",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "+10000-01-01T00:00:00Z",
    "1795201781",
    "1795201781000000",
    "253402300800",
    "99999999999999999999",
    "line\n",
    "line\r\n",
    "\n",
    "a \"quoted\" \\ word",
    "é日本\u{0}\u{1f}",
    "\u{2028}\u{a0}\t",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_@.$]{1,6}",
        1 => "\\PC{0,4}",
    ]
}

fn number(text: String) -> JsonTree {
    JsonTree::Leaf {
        text: number_text(&text),
        raw: text,
    }
}

fn json_leaf() -> impl Strategy<Value = JsonTree> {
    prop_oneof![
        3 => prop::sample::select(STRINGS).prop_map(JsonTree::string),
        1 => "\\PC{0,12}".prop_map(|text| JsonTree::string(&text)),
        1 => (1usize..3).prop_map(|kib| JsonTree::string(&"y".repeat(kib * 4500))),
        2 => prop::sample::select(ODD_NUMBERS)
            .prop_filter("a JSON number", |text| is_json_number(text))
            .prop_map(|text| number(text.to_owned())),
        1 => any::<i64>().prop_map(|n| number(n.to_string())),
        1 => (0i64..5_000_000_000_000_000).prop_map(|n| number(n.to_string())),
        1 => any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| number(serde_json::Number::from_f64(f).expect("finite").to_string())),
        1 => prop::sample::select(vec!["true", "false", "null"])
            .prop_map(|word| JsonTree::Leaf { raw: word.into(), text: word.into() }),
    ]
}

/// True for text that is a number in JSON's grammar.
pub fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let whole = digits(&mut at);
    if whole == 0 || (whole > 1 && bytes[at - whole] == b'0') {
        return false;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        if digits(&mut at) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

/// A JSON value of a few levels.
pub fn json_tree() -> impl Strategy<Value = JsonTree> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(JsonTree::Array),
            prop::collection::vec((key(), inner), 0..4).prop_map(JsonTree::Object),
        ]
    })
}

/// A JSON-object line and its members.
pub fn json_line() -> impl Strategy<Value = (String, Vec<(String, JsonTree)>)> {
    (
        prop::collection::vec((key(), json_tree()), 0..8),
        prop::sample::select(vec!["", " ", "\t", "  "]),
        prop::sample::select(vec!["", " ", "\t"]),
    )
        .prop_map(|(members, space, around)| {
            let tree = JsonTree::Object(members);
            let mut line = around.to_owned();
            tree.write(space, &mut line);
            line.push_str(around);
            let JsonTree::Object(members) = tree else {
                unreachable!("an object")
            };
            (line, members)
        })
}

/// A logfmt key.
fn logfmt_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "level", "lvl", "severity", "msg", "message", "time", "ts", "timestamp", "err",
            "db", "wait_ms", "n", "@l", "a.b", "x-y", "path/to", "k:v",
        ])
        .prop_map(str::to_owned),
        1 => "[a-zA-Z_][a-zA-Z0-9_.@/:-]{0,6}",
    ]
}

/// A bare logfmt value: no space, tab or quote in it, and not empty.
fn logfmt_bare_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(ODD_NUMBERS).prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "true", "false", "warn", "ERROR", "30", "2026-11-24T19:09:41Z", "1795201781.5",
            "0000-01-01T00:00:00Z", "orders", "a=b", "&{0x20", "é日",
        ])
        .prop_map(str::to_owned),
        1 => "[!#-~]{1,8}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// A word that is not a `key=value` pair, as logrus prints inside values.
fn logfmt_stray_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "map[a:b]",
        "2026-11-24}",
        "(x)",
        "}",
        "[1]",
        "!",
        "a!b",
        "=x",
    ])
    .prop_map(str::to_owned)
}

/// One pair of a logfmt line: key, how the value is written, the value's
/// text, and stray words after it.
#[derive(Debug, Clone)]
pub struct LogfmtPair {
    pub key: String,
    pub written: String,
    pub text: String,
    pub strays: Vec<String>,
}

fn logfmt_pair() -> impl Strategy<Value = LogfmtPair> {
    let bare = logfmt_bare_value().prop_map(|text| (text.clone(), text));
    let quoted = prop_oneof![
        prop::sample::select(STRINGS).prop_map(str::to_owned),
        "[ -~]{0,12}",
    ]
    .prop_map(|text| {
        let mut written = String::from("\"");
        for ch in text.chars() {
            match ch {
                '"' => written.push_str("\\\""),
                '\\' => written.push_str("\\\\"),
                '\n' => written.push_str("\\n"),
                '\r' => written.push_str("\\r"),
                '\t' => written.push_str("\\t"),
                other => written.push(other),
            }
        }
        written.push('"');
        (written, text)
    });
    (
        logfmt_key(),
        prop_oneof![bare, quoted],
        prop::collection::vec(logfmt_stray_word(), 0..2),
    )
        .prop_map(|(key, (written, text), strays)| LogfmtPair {
            key,
            written,
            text,
            strays,
        })
}

/// A logfmt line and its pairs.
pub fn logfmt_line() -> impl Strategy<Value = (String, Vec<LogfmtPair>)> {
    (
        prop::collection::vec(logfmt_pair(), 1..8),
        prop::sample::select(vec![" ", "  ", "\t"]),
    )
        .prop_map(|(pairs, space)| {
            let mut line = String::new();
            for pair in &pairs {
                if !line.is_empty() {
                    line.push_str(space);
                }
                line.push_str(&pair.key);
                line.push('=');
                line.push_str(&pair.written);
                for stray in &pair.strays {
                    line.push_str(space);
                    line.push_str(stray);
                }
            }
            (line, pairs)
        })
}

/// A journal export record (first line, the lines after it each after a
/// `\n`) and its fields.
pub fn journal_record() -> impl Strategy<Value = (String, String, Vec<(String, String)>)> {
    let field = (
        prop_oneof![
            3 => prop::sample::select(vec![
                "MESSAGE", "PRIORITY", "__REALTIME_TIMESTAMP", "_SYSTEMD_UNIT", "_PID",
                "SYSLOG_IDENTIFIER", "CODE_LINE", "TAG",
            ])
            .prop_map(str::to_owned),
            1 => "[A-Z_][A-Z0-9_]{0,8}",
        ],
        prop_oneof![
            prop::sample::select(STRINGS).prop_map(|s| s.replace('\n', "")),
            prop::sample::select(ODD_NUMBERS).prop_map(str::to_owned),
            "[^\n]{0,16}",
        ],
    );
    (
        prop::sample::select(vec!["__CURSOR", "__REALTIME_TIMESTAMP"]),
        "[ -~]{0,12}",
        prop::collection::vec(field, 0..8),
    )
        .prop_map(|(first_key, first_value, mut fields)| {
            fields.insert(0, (first_key.to_owned(), first_value));
            let lines: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let continuation: String = lines[1..].iter().map(|line| format!("\n{line}")).collect();
            (lines[0].clone(), continuation, fields)
        })
}

/// Every leaf of a JSON value as (keys leading to it, text), as
/// [`JsonTree::leaves`] lists them.
pub fn value_leaves(
    value: &Value,
    path: &mut Vec<String>,
    out: &mut BTreeSet<(Vec<String>, String)>,
) {
    match value {
        Value::Null => {
            out.insert((path.clone(), "null".into()));
        }
        Value::Bool(flag) => {
            out.insert((path.clone(), flag.to_string()));
        }
        Value::Number(number) => {
            out.insert((path.clone(), number.to_string()));
        }
        Value::String(text) => {
            out.insert((path.clone(), text.clone()));
        }
        Value::Array(items) if items.is_empty() => {
            out.insert((path.clone(), "[]".into()));
        }
        Value::Object(members) if members.is_empty() => {
            out.insert((path.clone(), "{}".into()));
        }
        Value::Array(items) => items.iter().for_each(|item| value_leaves(item, path, out)),
        Value::Object(members) => {
            for (key, value) in members {
                path.push(key.clone());
                value_leaves(value, path, out);
                path.pop();
            }
        }
    }
}

/// Field names with a role, as `fields.rs` knows them.
const MESSAGE_KEYS: &[&str] = &[
    "message", "msg", "@message", "@m", "text", "log", "MESSAGE", "event", "fields",
];
const LEVEL_KEYS: &[&str] = &[
    "level",
    "severity",
    "lvl",
    "@l",
    "log.level",
    "levelname",
    "PRIORITY",
];
const TIME_KEYS: &[&str] = &[
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "@t",
    "__REALTIME_TIMESTAMP",
    "asctime",
    "t",
];

/// How the entry under test was made.
pub struct EntryUnderTest<'a> {
    pub zone: Zone,
    pub read_at: DateTime<Utc>,
    pub forced: bool,
    /// The entry, as encoded for the API.
    pub entry: &'a Value,
}

impl EntryUnderTest<'_> {
    fn message(&self) -> &str {
        self.entry["message"].as_str().expect("a message")
    }

    fn meta(&self) -> Map<String, Value> {
        self.entry
            .get("meta")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    /// True when `text` (a leaf of a message field) is in the message.
    fn in_message(&self, text: &str) -> bool {
        let message = self.message();
        let cut = text.strip_suffix('\n').unwrap_or(text);
        let cut = cut.strip_suffix('\r').unwrap_or(cut);
        let escaped = serde_json::to_string(text).expect("strings serialize");
        let truncated = self.meta().get("truncated") == Some(&Value::Bool(true));
        // A message cut at the API's limit says so, and how long it was.
        truncated || message.contains(cut) || message.contains(&escaped[1..escaped.len() - 1])
    }
}

/// Asserts that every key and leaf of the `fields` of a structured line
/// arrived: in meta, in the message, in the tags, or as the entry's level
/// or time; none silently dropped, unless meta was too large and says so.
pub fn assert_fields_accounted(
    line: &str,
    fields: &[(String, JsonTree)],
    under_test: &EntryUnderTest,
) {
    let message = under_test.message();
    if message == line || line.trim() == message {
        return; // the line is its own message
    }
    let meta = under_test.meta();
    if meta.get("meta_truncated") == Some(&Value::Bool(true)) {
        return;
    }
    let mut arrived = BTreeSet::new();
    value_leaves(&Value::Object(meta), &mut Vec::new(), &mut arrived);
    let tags: Vec<&str> = under_test.entry["tags"]
        .as_array()
        .map(|tags| tags.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let entry_time = under_test.entry["timestamp"].as_str().expect("a timestamp");
    let entry_level = under_test.entry["level"].as_str().expect("a level");
    for (key, tree) in fields {
        let mut leaves = Vec::new();
        tree.leaves(&mut vec![key.clone()], &mut leaves);
        for (path, text) in leaves {
            if arrived.contains(&(path.clone(), text.clone())) {
                continue;
            }
            let top = path[0].as_str();
            // Nextcloud's records (`reqId` and `app`) have a scale of their own.
            let nextcloud = ["reqId", "app"]
                .iter()
                .all(|name| fields.iter().any(|(key, _)| key == name));
            let names_level = |value: &Value| {
                let level = match nextcloud {
                    true => {
                        super::fields::nextcloud_level(value).or_else(|| level_from_value(value))
                    }
                    false => level_from_value(value),
                };
                level.is_some_and(|level| under_test.forced || level.as_str() == entry_level)
            };
            let excused = (MESSAGE_KEYS.contains(&top) && under_test.in_message(&text))
                || (path.len() == 1 && LEVEL_KEYS.contains(&top) && names_level(&tree.value()))
                || (path == ["log", "level"] && names_level(&Value::String(text.clone())))
                || (path == ["s"] && ["F", "E", "W", "I", "D", "D1", "D2"].contains(&&*text))
                || (TIME_KEYS.contains(&top)
                    && time_from_value(&tree.value(), under_test.zone, under_test.read_at)
                        .is_some_and(|(time, is_whole)| is_whole && time.as_str() == entry_time))
                || (top == "tags" && (tags.contains(&text.as_str()) || text == "[]"));
            assert!(
                excused,
                "{path:?} = {text:?} of {line:?} was lost: {}",
                under_test.entry
            );
        }
    }
}

/// The leaves of the JSON value `text` holds, for lines not generated here.
pub fn parsed_fields(text: &str) -> Option<Vec<(String, JsonTree)>> {
    fn tree(value: &Value) -> JsonTree {
        match value {
            Value::Array(items) => JsonTree::Array(items.iter().map(tree).collect()),
            Value::Object(members) => JsonTree::Object(
                members
                    .iter()
                    .map(|(key, value)| (key.clone(), tree(value)))
                    .collect(),
            ),
            Value::String(text) => JsonTree::string(text),
            scalar => JsonTree::Leaf {
                raw: scalar.to_string(),
                text: scalar.to_string(),
            },
        }
    }
    match serde_json::from_str::<Value>(text.trim()).ok()? {
        Value::Object(members) => Some(
            members
                .iter()
                .map(|(key, value)| (key.clone(), tree(value)))
                .collect(),
        ),
        _ => None,
    }
}

/// The fields of a logfmt line as a parser of it should see them: bare
/// values typed as numbers where JSON would read them as numbers.
pub fn logfmt_fields(pairs: &[LogfmtPair]) -> Vec<(String, JsonTree)> {
    pairs
        .iter()
        .map(|pair| {
            let quoted = pair.written.starts_with('"');
            let finite = pair.text.parse::<f64>().is_ok_and(f64::is_finite);
            let tree = if !quoted && is_json_number(&pair.text) && finite {
                JsonTree::Leaf {
                    raw: pair.text.clone(),
                    text: number_text(&pair.text),
                }
            } else {
                JsonTree::string(&pair.text)
            };
            (pair.key.clone(), tree)
        })
        .collect()
}

/// Lines that continue entries, or start the ones that take them.
pub const CONTINUATIONS: &[&str] = &[
    "\tat a.B.c(B.java:1)",
    "  File \"x.py\", line 1",
    "Caused by: java.io.IOException: x",
    "\t... 3 more",
    "java.lang.IllegalStateException: x",
    "Traceback (most recent call last):",
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
    "KeyError: 'x'",
    "panic: boom",
    "goroutine 1 [running]:",
    "main.main()",
    "exit status 2",
    "thread 'main' panicked at src/main.rs:2:5:",
    "note: run with `RUST_BACKTRACE=1`",
    "stack backtrace:",
    "__CURSOR=s=2",
    "__REALTIME_TIMESTAMP=1795201781000000",
    "MESSAGE=m",
    "PRIORITY=3",
    "4  |     let x = 1;",
    "ERROR boom",
    "2026-11-24 19:09:41,123 ERROR [main] x",
];

fn block_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        BLOCKS
            .iter()
            .flat_map(|block| block.split('\n'))
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// A line as the reader hands it on, likely to join or to start an entry.
pub fn joinable_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<prop::sample::Index>().prop_map(|at| at.get(block_lines()).clone()),
        3 => prop::sample::select(CONTINUATIONS).prop_map(str::to_owned),
        3 => reader_line(),
        1 => (2000usize..9000).prop_map(|len| format!(" {}", "x".repeat(len))),
    ]
}

/// A `--multiline` value: `auto`, `off` or a first-line pattern.
pub fn multiline_mode() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "auto", "auto", "off", r"^\d{4}-", r"^\S", r"^$", "x", ".",
    ])
    .prop_map(str::to_owned)
}

/// Multi-line settings for `mode` and `max_lines`, with a timeout that
/// never closes an entry during a test.
pub fn multiline_settings(mode: &str, max_lines: usize) -> MultilineSettings {
    MultilineSettings {
        mode: MultilineMode::parse(mode).expect("a valid mode"),
        max_lines,
        timeout: Duration::from_secs(3600),
    }
}
