//! Web server access logs, read into the meta keys the SDK's request
//! middleware sends (`method`, `path`, `status`, `duration_ms`, `ip`,
//! `user_agent`, `request_id`, and `bytes`, `referer`, `protocol` where
//! present): the common and combined formats with their usual extensions
//! (nginx, Apache, python's `http.server`/werkzeug), and JSON access records
//! (nginx `escape=json`, Caddy, Traefik). The level comes from the status.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Number, Value};

use super::fields::Fields;
use super::timestamp::{self, Zone};
use crate::level::Level;

/// What an access-log line says.
#[derive(Debug, Default, PartialEq)]
pub struct Access {
    pub level: Level,
    /// The time of the request.
    pub time: Option<DateTime<Utc>>,
    /// The middleware's keys.
    pub meta: Map<String, Value>,
    /// A JSON record's own message (Caddy's `handled request`); else the
    /// line is the message.
    pub message: Option<String>,
}

impl Access {
    /// A JSON record's reading with all of its own fields kept in meta too
    /// (but the message), the middleware's keys over same-named ones.
    pub fn keeping(mut self, fields: Fields) -> Access {
        let mut meta = Map::new();
        let mut message_taken = false;
        for (key, value) in fields {
            let is_message = matches!(key.as_str(), "msg" | "message")
                && !message_taken
                && self.message.is_some()
                && value.as_str() == self.message.as_deref();
            if is_message {
                message_taken = true;
            } else {
                meta.insert(key, value);
            }
        }
        meta.append(&mut self.meta);
        self.meta = meta;
        self
    }
}

/// The level of a response status: ERROR from 500, WARN from 400, else INFO.
pub fn level_of_status(status: u16) -> Level {
    match status {
        500.. => Level::Error,
        400..=499 => Level::Warn,
        _ => Level::Info,
    }
}

/// True when `line` may be a text access log (cheap: a `[` opening a day
/// number within the first 100 bytes, after a space).
pub fn may_be_text(line: &str) -> bool {
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b':')
    {
        return false;
    }
    let window = &bytes[..bytes.len().min(100)];
    memchr::memchr(b'[', window).is_some_and(|open| {
        open > 0 && bytes[open - 1] == b' ' && bytes.get(open + 1).is_some_and(u8::is_ascii_digit)
    })
}

/// A text access-log line: `[vhost:port] ip ident user [time] "request"
/// status bytes ["referer" "user agent"] [extensions]`.
pub fn parse_text(line: &str, zone: Zone, now: DateTime<Utc>) -> Option<Access> {
    let mut rest = line;
    let mut words = Vec::with_capacity(4);
    while !rest.starts_with('[') {
        let (word, after) = rest.split_once(' ')?;
        if word.is_empty() || words.len() == 4 {
            return None;
        }
        words.push(word);
        rest = after;
    }
    // The client, the identity and the user; a vhost may come first.
    let client = match words.len() {
        3 => words[0],
        4 if words[0].contains(':') || words[0].contains('.') => words[1],
        _ => return None,
    };
    if !is_client(client) {
        return None;
    }
    let close = rest.find(']')?;
    let time = request_time(&rest[1..close], zone, now)?;
    let rest = rest[close + 1..].strip_prefix(" \"")?;
    let (request, rest) = quoted(rest)?;
    let rest = rest.strip_prefix(' ')?;
    let (status_text, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let status = status_number(status_text)?;
    let mut meta = Map::new();
    request_line(&request, &mut meta);
    meta.insert("status".into(), Value::from(status));
    let (bytes_text, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
    if let Ok(bytes) = bytes_text.parse::<u64>() {
        meta.insert("bytes".into(), Value::from(bytes));
    } else if bytes_text != "-" {
        return None;
    }
    let mut ip = client.to_owned();
    let mut quoted_seen = 0;
    let mut duration: Option<f64> = None;
    let mut upstream: Option<f64> = None;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('"') {
            let (text, after) = quoted(inner)?;
            match quoted_seen {
                0 => put_text(&mut meta, "referer", &text),
                1 => put_text(&mut meta, "user_agent", &text),
                _ => {
                    if let Some(first) = forwarded_for(&text) {
                        ip = first.to_owned();
                    }
                }
            }
            quoted_seen += 1;
            rest = after.trim_start_matches(' ');
            continue;
        }
        let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
        rest = after.trim_start_matches(' ');
        let (key, value) = match word.split_once('=') {
            Some((key, value)) => (Some(key), value.trim_matches('"')),
            None => (None, word),
        };
        match key {
            Some("rt" | "request_time") => duration = duration.or(seconds(value)),
            Some("urt" | "upstream_response_time") => upstream = upstream.or(seconds(value)),
            Some(_) => {}
            None if is_request_id(value) => put_text(&mut meta, "request_id", value),
            None if value.contains('.') => {
                let value = seconds(value);
                match duration {
                    None => duration = value,
                    Some(_) => upstream = upstream.or(value),
                }
            }
            // Apache's %D: microseconds.
            None => {
                if let Ok(micros) = value.parse::<u64>() {
                    duration = duration.or(Some(micros as f64 / 1_000_000.0));
                }
            }
        }
    }
    if let Some(seconds) = duration.or(upstream) {
        put_duration(&mut meta, seconds * 1000.0);
    }
    put_text(&mut meta, "ip", &ip);
    Some(Access {
        level: level_of_status(status),
        time,
        meta,
        message: None,
    })
}

/// The time between the brackets: `24/Nov/2026:19:09:41 +0000`, or
/// `http.server`'s `24/Nov/2026 19:09:41` in the configured zone. `None`
/// for neither; `Some(None)` for a time the API does not take.
fn request_time(text: &str, zone: Zone, now: DateTime<Utc>) -> Option<Option<DateTime<Utc>>> {
    let bytes = text.as_bytes();
    if bytes.get(11) == Some(&b':') {
        return timestamp::leading_timestamp(text, zone, now).map(Some);
    }
    if bytes.len() != 20 || bytes[2] != b'/' || bytes[6] != b'/' || bytes[11] != b' ' {
        return None;
    }
    let day: u32 = text.get(0..2)?.parse().ok()?;
    let month = timestamp::month_number(&bytes[3..6])?;
    let year: i32 = text.get(7..11)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let clock = chrono::NaiveTime::parse_from_str(text.get(12..)?, "%H:%M:%S").ok()?;
    Some(zone.to_utc(date, chrono::Timelike::num_seconds_from_midnight(&clock), 0))
}

/// An IP address, or a host name (Apache with `HostnameLookups`).
fn is_client(word: &str) -> bool {
    word.parse::<std::net::IpAddr>().is_ok()
        || word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

/// A `"…"` field's text (its `\"` and `\\` unescaped) and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[at + 1..])),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => value.push('\\'),
            },
            other => value.push(other),
        }
    }
    None
}

fn status_number(text: &str) -> Option<u16> {
    (text.len() == 3)
        .then(|| text.parse::<u16>().ok())
        .flatten()
        .filter(|status| (100..600).contains(status))
}

/// `GET /x HTTP/1.1` into method, path and protocol; a request that is not
/// one (`-`, bytes of a TLS handshake) gives none.
fn request_line(request: &str, meta: &mut Map<String, Value>) {
    let mut parts = request.split(' ');
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return;
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return;
    }
    put_text(meta, "method", method);
    put_text(meta, "path", path);
    if let Some(protocol) = parts.next().filter(|p| p.starts_with("HTTP/")) {
        put_text(meta, "protocol", protocol);
    }
}

/// The first address of an `X-Forwarded-For` value.
fn forwarded_for(text: &str) -> Option<&str> {
    let first = text.split(',').next()?.trim();
    (!first.is_empty()
        && first != "-"
        && first
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':'))
    .then_some(first)
}

/// nginx's `$request_id`: 32 hex digits (or a UUID).
fn is_request_id(text: &str) -> bool {
    let hex = text.bytes().filter(u8::is_ascii_hexdigit).count();
    (text.len() == 32 && hex == 32)
        || (text.len() == 36 && hex == 32 && text.bytes().filter(|b| *b == b'-').count() == 4)
}

fn seconds(text: &str) -> Option<f64> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
}

fn put_text(meta: &mut Map<String, Value>, key: &str, text: &str) {
    if !text.is_empty() && text != "-" {
        meta.insert(key.into(), Value::String(text.to_owned()));
    }
}

/// `duration_ms` as a number of milliseconds, to the microsecond.
fn put_duration(meta: &mut Map<String, Value>, millis: f64) {
    let rounded = (millis * 1000.0).round() / 1000.0;
    if let Some(number) = Number::from_f64(rounded) {
        meta.insert("duration_ms".into(), Value::Number(number));
    }
}

/// Where a JSON access record keeps each fact, the first present wins; a
/// `a.b` name is a nested field.
const JSON_STATUS: [&str; 5] = [
    "status",
    "DownstreamStatus",
    "status_code",
    "response_status",
    "http.response.status_code",
];
const JSON_METHOD: [&str; 5] = [
    "method",
    "request_method",
    "RequestMethod",
    "request.method",
    "http.request.method",
];
const JSON_PATH: [&str; 6] = [
    "path",
    "uri",
    "request_uri",
    "RequestPath",
    "request.uri",
    "url.path",
];
const JSON_BYTES: [&str; 5] = [
    "body_bytes_sent",
    "bytes_sent",
    "size",
    "DownstreamContentSize",
    "bytes",
];
const JSON_IP: [&str; 7] = [
    "client_ip",
    "remote_addr",
    "ClientHost",
    "request.client_ip",
    "request.remote_ip",
    "remote_ip",
    "ip",
];
const JSON_AGENT: [&str; 5] = [
    "http_user_agent",
    "user_agent",
    "request_User-Agent",
    "request.headers.User-Agent",
    "userAgent",
];
const JSON_REFERER: [&str; 5] = [
    "http_referer",
    "http_referrer",
    "referer",
    "request_Referer",
    "request.headers.Referer",
];
const JSON_REQUEST_ID: [&str; 5] = [
    "request_id",
    "request_X-Request-Id",
    "requestId",
    "req_id",
    "request.headers.X-Request-Id",
];
const JSON_PROTOCOL: [&str; 4] = [
    "server_protocol",
    "protocol",
    "RequestProtocol",
    "request.proto",
];
const JSON_TIME: [&str; 8] = [
    "time_local",
    "time_iso8601",
    "StartUTC",
    "ts",
    "timestamp",
    "time",
    "@timestamp",
    "start_time",
];

/// A JSON access record: a status of 100–599 and a method or a request
/// line. `None` for any other object.
pub fn parse_json(fields: &Fields, zone: Zone, now: DateTime<Utc>) -> Option<Access> {
    let find = |names: &[&str]| names.iter().find_map(|name| lookup(fields, name));
    let status = find(&JSON_STATUS).and_then(|value| match value {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(text) => text.parse().ok(),
        _ => None,
    })?;
    if !(100..600).contains(&status) {
        return None;
    }
    let mut meta = Map::new();
    match find(&JSON_METHOD).and_then(Value::as_str) {
        Some(method) => {
            put_text(&mut meta, "method", method);
            if let Some(path) = find(&JSON_PATH).and_then(Value::as_str) {
                put_text(&mut meta, "path", path);
            }
        }
        None => request_line(lookup(fields, "request")?.as_str()?, &mut meta),
    }
    if !meta.contains_key("method") {
        return None;
    }
    meta.insert("status".into(), Value::from(status));
    if let Some(bytes) = find(&JSON_BYTES).and_then(as_u64) {
        meta.insert("bytes".into(), Value::from(bytes));
    }
    if let Some(millis) = json_duration(fields) {
        put_duration(&mut meta, millis);
    }
    let forwarded = lookup(fields, "http_x_forwarded_for")
        .and_then(Value::as_str)
        .and_then(forwarded_for);
    let ip = forwarded.or_else(|| find(&JSON_IP).and_then(first_text));
    for (key, value) in [
        ("ip", ip),
        ("user_agent", find(&JSON_AGENT).and_then(first_text)),
        ("referer", find(&JSON_REFERER).and_then(first_text)),
        ("request_id", find(&JSON_REQUEST_ID).and_then(first_text)),
        ("protocol", find(&JSON_PROTOCOL).and_then(first_text)),
    ] {
        if let Some(value) = value {
            put_text(&mut meta, key, value);
        }
    }
    if !meta.contains_key("protocol") {
        if let Some(Value::String(request)) = lookup(fields, "request") {
            if let Some(protocol) = request
                .rsplit(' ')
                .next()
                .filter(|p| p.starts_with("HTTP/"))
            {
                put_text(&mut meta, "protocol", protocol);
            }
        }
    }
    let time = JSON_TIME.iter().find_map(|name| {
        let value = lookup(fields, name)?;
        match value {
            Value::String(text) => timestamp::parse_time_text(text, zone, now).map(|t| t.time),
            Value::Number(n) => n.as_f64().and_then(timestamp::from_epoch_float),
            _ => None,
        }
    });
    let message = ["msg", "message"]
        .iter()
        .find_map(|name| lookup(fields, name)?.as_str())
        .filter(|text| !text.trim().is_empty())
        .map(str::to_owned);
    Some(Access {
        level: level_of_status(status),
        time,
        meta,
        message,
    })
}

/// The request's duration in milliseconds from the field that has it, in
/// the unit each writer uses.
fn json_duration(fields: &Fields) -> Option<f64> {
    let number = |name: &str| {
        lookup(fields, name).and_then(|value| match value {
            Value::Number(n) => n.as_f64(),
            Value::String(text) => seconds(text),
            _ => None,
        })
    };
    number("duration_ms")
        .or_else(|| number("request_time").map(|s| s * 1000.0))
        // Traefik: nanoseconds.
        .or_else(|| number("Duration").map(|ns| ns / 1_000_000.0))
        // Caddy: seconds.
        .or_else(|| number("duration").map(|s| s * 1000.0))
        .or_else(|| number("upstream_response_time").map(|s| s * 1000.0))
}

/// The value at `name`, `a.b` looking into the object `a` (a top-level
/// field named `a.b` wins).
fn lookup<'f>(fields: &'f Fields, name: &str) -> Option<&'f Value> {
    if let Some((_, value)) = fields.iter().find(|(key, _)| key == name) {
        return Some(value);
    }
    let (head, tail) = name.split_once('.')?;
    let mut value = &fields.iter().find(|(key, _)| key == head)?.1;
    for part in tail.split('.') {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// A text value, or the first of a list of them (Caddy's headers).
fn first_text(value: &Value) -> Option<&str> {
    match value {
        Value::String(text) => Some(text),
        Value::Array(items) => items.first()?.as_str(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn utc() -> Zone {
        Zone::parse("UTC").unwrap()
    }

    fn text(line: &str) -> Access {
        parse_text(line, utc(), Utc::now()).unwrap_or_else(|| panic!("not read: {line}"))
    }

    #[test]
    fn combined_lines_give_the_middleware_keys_and_the_level_by_status() {
        let access = text(
            r#"203.0.113.7 - alice [24/Nov/2026:20:09:42 +0100] "POST /api/orders HTTP/2.0" 502 88 "https://shop.example.com/cart" "Mozilla/5.0""#,
        );
        assert_eq!(access.level, Level::Error);
        assert_eq!(
            access.time.map(crate::entry::format_timestamp).as_deref(),
            Some("2026-11-24T19:09:42.000Z")
        );
        assert_eq!(
            Value::Object(access.meta),
            json!({"method": "POST", "path": "/api/orders", "protocol": "HTTP/2.0", "status": 502,
                   "bytes": 88, "referer": "https://shop.example.com/cart", "user_agent": "Mozilla/5.0",
                   "ip": "203.0.113.7"})
        );
        assert_eq!(
            text(r#"::1 - - [24/Nov/2026:19:09:42 +0000] "GET / HTTP/1.1" 404 -"#).level,
            Level::Warn
        );
        assert_eq!(
            text(r#"::1 - - [24/Nov/2026:19:09:42 +0000] "GET / HTTP/1.1" 399 1"#).level,
            Level::Info
        );
    }

    #[test]
    fn the_usual_extensions_are_read() {
        let nginx = text(
            r#"10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8.5.0" "198.51.100.9, 10.0.0.2" 0.123 0.100 0123456789abcdef0123456789abcdef"#,
        );
        assert_eq!(nginx.meta["ip"], "198.51.100.9");
        assert_eq!(nginx.meta["duration_ms"], json!(123.0));
        assert_eq!(nginx.meta["request_id"], "0123456789abcdef0123456789abcdef");
        assert!(!nginx.meta.contains_key("referer"));
        let timed = text(
            r#"10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl" rt=0.5 uct="0.001" uht="0.2" urt="0.4""#,
        );
        assert_eq!(timed.meta["duration_ms"], json!(500.0));
        let apache = text(
            r#"10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl" 1500"#,
        );
        assert_eq!(apache.meta["duration_ms"], json!(1.5));
        let vhost = text(
            r#"shop.example.com:443 10.0.0.7 - - [24/Nov/2026:19:09:42 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl""#,
        );
        assert_eq!(vhost.meta["ip"], "10.0.0.7");
        let python =
            text(r#"127.0.0.1 - - [02/Dec/2026 06:21:11] "GET /missing.css HTTP/1.1" 404 -"#);
        assert_eq!(python.level, Level::Warn);
        assert!(python.time.is_some());
        let garbage =
            text(r#"1.2.3.4 - - [24/Nov/2026:19:09:42 +0000] "\x16\x03\x01" 400 157 "-" "-""#);
        assert_eq!(garbage.meta.get("method"), None);
        assert_eq!(garbage.level, Level::Warn);
    }

    #[test]
    fn other_lines_are_not_access_logs() {
        for line in [
            "127.0.0.1 - - [02/Dec/2026 06:21:11] code 404, message File not found",
            r#"INFO:werkzeug:127.0.0.1 - - [24/Nov/2026 19:09:41] "GET /health HTTP/1.1" 200 -"#,
            "2026-11-24 19:09:41 [main] INFO x",
            r#"a b [24/Nov/2026:19:09:42 +0000] "GET / HTTP/1.1" 200 5"#,
            r#"a b c [24/Nov/2026:19:09:42 +0000] "GET / HTTP/1.1" 2000 5"#,
            r#"a b c [24/Nov/2026:19:09:42 +0000] "GET / HTTP/1.1 200 5"#,
        ] {
            assert_eq!(parse_text(line, utc(), Utc::now()), None, "{line}");
        }
    }

    fn json(line: &str) -> Option<Access> {
        let fields = super::super::json_line::parse_object(line)?;
        parse_json(&fields, utc(), Utc::now())
    }

    #[test]
    fn json_access_records_of_nginx_caddy_and_traefik() {
        let nginx = json(r#"{"time_local":"02/Dec/2026:07:00:00 +0000","remote_addr":"203.0.113.7","request":"PUT /api/cart HTTP/1.1","status":"504","body_bytes_sent":"42907","request_time":"0.519","http_user_agent":"curl","request_id":"f8d1f03d390395a3a9d8ebe341a5b591"}"#).unwrap();
        assert_eq!(nginx.level, Level::Error);
        assert_eq!(
            Value::Object(nginx.meta),
            json!({"method": "PUT", "path": "/api/cart", "protocol": "HTTP/1.1", "status": 504, "bytes": 42907,
                   "duration_ms": 519.0, "ip": "203.0.113.7", "user_agent": "curl",
                   "request_id": "f8d1f03d390395a3a9d8ebe341a5b591"})
        );
        let caddy = json(r#"{"level":"info","ts":1796198400.25,"msg":"handled request","request":{"client_ip":"10.0.0.7","proto":"HTTP/2.0","method":"GET","uri":"/x","headers":{"User-Agent":["curl/8.5.0"]}},"duration":0.002,"size":12,"status":404}"#).unwrap();
        assert_eq!(caddy.level, Level::Warn);
        assert_eq!(caddy.meta["user_agent"], "curl/8.5.0");
        assert_eq!(caddy.meta["duration_ms"], json!(2.0));
        assert_eq!(caddy.meta["ip"], "10.0.0.7");
        let traefik = json(r#"{"ClientHost":"10.0.0.7","DownstreamContentSize":5,"DownstreamStatus":200,"Duration":1500000,"RequestMethod":"GET","RequestPath":"/x","RequestProtocol":"HTTP/1.1","StartUTC":"2026-12-02T07:00:00.123456789Z","level":"info","msg":"","request_X-Request-Id":"abc"}"#).unwrap();
        assert_eq!(traefik.meta["duration_ms"], json!(1.5));
        assert_eq!(traefik.meta["request_id"], "abc");
        assert_eq!(traefik.level, Level::Info);
        assert_eq!(json(r#"{"level":"info","msg":"x","status":200}"#), None);
        assert_eq!(json(r#"{"method":"GET","url":"/","level":1}"#), None);
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever the text, the access-log readers give a reading or nothing,
    //! and a reading's level is its status'; a line written in the combined
    //! format with any values gives every value back.

    use proptest::prelude::*;

    use super::*;
    use crate::understand::fuzz::{any_bytes, config, read_time, zone};
    use crate::understand::json_line::parse_object;

    fn level_matches_status(access: &Access) -> bool {
        access.meta["status"]
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .is_some_and(|status| level_of_status(status) == access.level)
    }

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn fuzz_any_text_gives_an_access_reading_or_none(
            bytes in any_bytes(),
            zone in zone(),
            now in read_time(),
        ) {
            let text = String::from_utf8_lossy(&bytes);
            if may_be_text(&text) || text.contains('[') {
                if let Some(access) = parse_text(&text, zone, now) {
                    prop_assert!(level_matches_status(&access), "{text:?}: {access:?}");
                }
            }
            if let Some(fields) = parse_object(&text) {
                if let Some(access) = parse_json(&fields, zone, now) {
                    prop_assert!(level_matches_status(&access), "{text:?}: {access:?}");
                }
            }
        }

        #[test]
        fn fuzz_combined_lines_give_back_every_value(
            ip in prop_oneof![
                "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}",
                Just("2001:db8::1".to_owned()),
                "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5})?",
            ],
            user in prop_oneof![Just("-".to_owned()), "[a-z]{1,8}"],
            method in "[A-Z]{3,7}",
            path in "/[!#-~]{0,40}",
            protocol in prop_oneof![Just("HTTP/1.0"), Just("HTTP/1.1"), Just("HTTP/2.0")],
            status in 100u16..600,
            bytes in prop::option::of(0u64..10_000_000_000),
            referer in "[ -~]{0,30}",
            agent in "[ -~]{0,60}",
            millis in prop::option::of(0u32..1_000_000),
            request_id in prop::option::of("[0-9a-f]{32}"),
            (day, month, year) in (1u32..=28, 0usize..12, 1971i32..2100),
            (hour, minute, second) in (0u32..24, 0u32..60, 0u32..60),
            offset in -1400i32..=1400,
            zone in zone(),
            now in read_time(),
        ) {
            let escape = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let offset = (offset / 100).clamp(-14, 14) * 100 + (offset % 100).abs().min(59) * offset.signum();
            let mut line = format!(
                "{ip} - {user} [{day:02}/{}/{year}:{hour:02}:{minute:02}:{second:02} {}{:04}] \"{method} {} {protocol}\" {status} {} \"{}\" \"{}\"",
                months[month],
                if offset < 0 { '-' } else { '+' },
                offset.abs(),
                escape(&path),
                bytes.map_or("-".to_owned(), |b| b.to_string()),
                escape(&referer),
                escape(&agent),
            );
            if let Some(millis) = millis {
                line.push_str(&format!(" {}.{:03}", millis / 1000, millis % 1000));
            }
            if let Some(id) = &request_id {
                line.push_str(&format!(" {id}"));
            }
            let access = parse_text(&line, zone, now);
            prop_assert!(access.is_some(), "{line}");
            let access = access.unwrap();
            let meta = &access.meta;
            prop_assert_eq!(access.level, level_of_status(status));
            prop_assert_eq!(&meta["method"], &Value::from(method.as_str()));
            prop_assert_eq!(&meta["path"], &Value::from(path.as_str()));
            prop_assert_eq!(&meta["protocol"], &Value::from(protocol));
            prop_assert_eq!(&meta["status"], &Value::from(status));
            prop_assert_eq!(&meta["ip"], &Value::from(ip.as_str()));
            prop_assert_eq!(meta.get("bytes").and_then(Value::as_u64), bytes);
            let given = |text: &str| (!text.is_empty() && text != "-").then(|| Value::from(text));
            prop_assert_eq!(meta.get("referer").cloned(), given(&referer));
            prop_assert_eq!(meta.get("user_agent").cloned(), given(&agent));
            prop_assert_eq!(
                meta.get("duration_ms").and_then(Value::as_f64),
                millis.map(f64::from)
            );
            prop_assert_eq!(
                meta.get("request_id").and_then(Value::as_str),
                request_id.as_deref()
            );
            let written = NaiveDate::from_ymd_opt(year, month as u32 + 1, day)
                .and_then(|date| date.and_hms_opt(hour, minute, second))
                .map(|naive| naive.and_utc() - chrono::Duration::minutes(i64::from(offset / 100 * 60 + offset % 100)));
            prop_assert_eq!(access.time, written);
        }
    }
}
