//! Timestamps found in log lines: a leading timestamp in the common forms
//! (RFC 3339 and ISO 8601, syslog, Apache, common log format, logcat, glog,
//! epoch numbers), and epoch values told apart by magnitude. Everything comes
//! out in UTC; forms without a zone or a year take them from a [`Zone`] and
//! the time the line was read.

use std::cell::Cell;
use std::fmt;

use chrono::{DateTime, Datelike, Duration, FixedOffset, Local, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// How a time written without a zone is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The machine's local time zone (daylight saving time included).
    #[default]
    Local,
    /// A fixed offset from UTC (UTC itself is `+00:00`).
    Fixed(FixedOffset),
    /// A zone of the IANA time zone database, such as `Europe/Berlin`
    /// (daylight saving time included).
    Named(Tz),
}

impl Zone {
    /// Reads `UTC`, `local`, a fixed offset such as `+02:00`, `-0530` or
    /// `+2`, or an IANA zone name such as `America/New_York`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        if ["utc", "z", "gmt"]
            .iter()
            .any(|n| text.eq_ignore_ascii_case(n))
        {
            return Ok(Zone::Fixed(
                FixedOffset::east_opt(0).expect("zero is valid"),
            ));
        }
        let offset = text
            .strip_prefix("UTC")
            .or_else(|| text.strip_prefix("utc"))
            .unwrap_or(text);
        if let Some(offset) = parse_offset_text(offset) {
            return Ok(Zone::Fixed(offset));
        }
        text.parse::<Tz>().map(Zone::Named).map_err(|_| {
            format!(
                "unknown time zone '{text}': use UTC, local, an offset such as +02:00 \
                 or a zone name such as Europe/Berlin"
            )
        })
    }

    pub(crate) fn to_utc(self, date: NaiveDate, seconds: u32, nanos: u32) -> Option<DateTime<Utc>> {
        let naive =
            date.and_hms_nano_opt(seconds / 3600, seconds / 60 % 60, seconds % 60, nanos)?;
        let time = match self {
            Zone::Local => {
                // Asking the system zone costs more than the rest of a line:
                // the offset of each local hour is kept (not across a
                // daylight saving change, where the hour is ambiguous).
                let hour = (date, seconds / 3600);
                if let Some(offset) = LOCAL_OFFSET.with(|cached| match cached.get() {
                    Some((cached_hour, offset)) if cached_hour == hour => Some(offset),
                    _ => None,
                }) {
                    return naive
                        .and_utc()
                        .checked_sub_signed(Duration::seconds(i64::from(offset)));
                }
                let local = Local.from_local_datetime(&naive);
                if let chrono::LocalResult::Single(time) = local {
                    let offset = time.offset().local_minus_utc();
                    LOCAL_OFFSET.with(|cached| cached.set(Some((hour, offset))));
                }
                local.earliest()?.with_timezone(&Utc)
            }
            Zone::Fixed(offset) => offset
                .from_local_datetime(&naive)
                .single()?
                .with_timezone(&Utc),
            // The hour repeated when clocks go back is read as the first
            // one; a time skipped when they go forward does not exist.
            Zone::Named(zone) => zone
                .from_local_datetime(&naive)
                .earliest()?
                .with_timezone(&Utc),
        };
        Some(time)
    }
}

thread_local! {
    /// The local zone's offset (seconds east of UTC) during one local hour.
    static LOCAL_OFFSET: Cell<Option<((NaiveDate, u32), i32)>> = const { Cell::new(None) };
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Local => f.write_str("local"),
            Zone::Fixed(offset) => write!(f, "{offset}"),
            Zone::Named(zone) => f.write_str(zone.name()),
        }
    }
}

/// `+02:00`, `+0200`, `+02`, `-5`.
fn parse_offset_text(text: &str) -> Option<FixedOffset> {
    let bytes = text.as_bytes();
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: Vec<u8> = bytes[1..].iter().copied().filter(|b| *b != b':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value: i32 = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    let (hours, minutes) = if digits.len() <= 2 {
        (value, 0)
    } else {
        (value / 100, value % 100)
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// The timestamp a line starts with, if it is in one of the known forms.
/// `now` (the time the line was read) supplies a missing year.
pub fn leading_timestamp(line: &str, zone: Zone, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    read_leading(line.as_bytes(), zone, now).map(|(time, _)| time)
}

/// A time found in text, and the index just after it.
type Found = (DateTime<Utc>, usize);

fn read_leading(bytes: &[u8], zone: Zone, now: DateTime<Utc>) -> Option<Found> {
    let first = *bytes.first()?;
    let skipped = usize::from(first == b'[');
    let body = &bytes[skipped..];
    let start = *body.first()?;
    let found = if start.is_ascii_digit() {
        iso(body, zone)
            .or_else(|| short_year(body, zone))
            .or_else(|| clf(body))
            .or_else(|| day_month_year(body, zone))
            .or_else(|| month_day(body, zone, now))
            .or_else(|| epoch_prefix(body))
    } else if start.is_ascii_uppercase() {
        syslog(body, zone, now)
            .or_else(|| apache(body, zone))
            .or_else(|| jul(body, zone))
            .or_else(|| glog(body, zone, now))
    } else {
        None
    };
    if let Some((time, end)) = found {
        return Some((time, skipped + end));
    }
    // The common log format puts its time after the client address:
    // `127.0.0.1 - - [24/Nov/2026:19:09:41 +0000] "GET / …"`.
    let window = &bytes[..bytes.len().min(96)];
    let open = memchr::memchr(b'[', window)?;
    let after = &bytes[open + 1..];
    clf(after)
        .or_else(|| clf_without_zone(after, zone))
        .map(|(time, end)| (time, open + 1 + end))
}

/// A time read from the value of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeValue {
    pub time: DateTime<Utc>,
    /// True when the value holds nothing but the time (and a `]` closing
    /// its `[`): the entry's time then says all the field said.
    pub is_whole: bool,
}

/// A whole value that is a timestamp: RFC 3339 and the leading forms above,
/// or an epoch number written as text. A value that goes on after a leading
/// form (`2026-11-24 19:09:41 +0000 UTC`) still gives its time, but is not
/// [`TimeValue::is_whole`].
pub fn parse_time_text(text: &str, zone: Zone, now: DateTime<Utc>) -> Option<TimeValue> {
    let text = text.trim();
    let whole = |time| TimeValue {
        time,
        is_whole: true,
    };
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        // Digits alone read exactly: a double rounds milliseconds of the
        // 23rd century.
        let exact = text.parse::<i64>().ok().and_then(from_epoch_integer);
        let time = exact.or_else(|| text.parse::<f64>().ok().and_then(from_epoch_float));
        return time.map(whole);
    }
    if let Some((time, end)) = read_leading(text.as_bytes(), zone, now) {
        let rest = text.as_bytes()[end..].trim_ascii_start();
        let is_whole = rest.is_empty() || (text.starts_with('[') && rest == b"]");
        return Some(TimeValue { time, is_whole });
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|time| whole(time.with_timezone(&Utc)))
}

/// An epoch integer, in seconds, milliseconds, microseconds or nanoseconds
/// told apart by magnitude.
pub fn from_epoch_integer(value: i64) -> Option<DateTime<Utc>> {
    if value <= 0 {
        return None;
    }
    let (seconds, nanos) = if value < 100_000_000_000 {
        (value, 0)
    } else if value < 100_000_000_000_000 {
        (value / 1000, (value % 1000) * 1_000_000)
    } else if value < 100_000_000_000_000_000 {
        (value / 1_000_000, (value % 1_000_000) * 1000)
    } else {
        (value / 1_000_000_000, value % 1_000_000_000)
    };
    DateTime::from_timestamp(seconds, u32::try_from(nanos).ok()?)
}

/// Like [`from_epoch_integer`], for a number with a fraction.
pub fn from_epoch_float(value: f64) -> Option<DateTime<Utc>> {
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let scale = if value < 1e11 {
        1.0
    } else if value < 1e14 {
        1e3
    } else if value < 1e17 {
        1e6
    } else {
        1e9
    };
    let seconds = value / scale;
    if seconds > 1e11 {
        return None;
    }
    // An f64 holds about seven digits after the point of an epoch in
    // seconds: round to microseconds so that `.6` stays `.600`.
    let micros = (seconds * 1e6).round();
    let whole = (micros / 1e6).floor();
    let nanos = ((micros - whole * 1e6) as u32).min(999_999) * 1000;
    DateTime::from_timestamp(whole as i64, nanos)
}

fn number(bytes: &[u8], start: usize, len: usize) -> Option<u32> {
    let digits = bytes.get(start..start + len)?;
    let mut value = 0u32;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(digit - b'0');
    }
    Some(value)
}

/// `HH:MM:SS` at `at`, then an optional `.fff` or `,fff`: seconds of the day,
/// nanoseconds, and the index after it.
fn clock(bytes: &[u8], at: usize) -> Option<(u32, u32, usize)> {
    let hours = number(bytes, at, 2)?;
    let minutes = number(bytes, at + 3, 2)?;
    let seconds = number(bytes, at + 6, 2)?;
    if bytes[at + 2] != b':' || bytes[at + 5] != b':' || hours > 23 || minutes > 59 || seconds > 60
    {
        return None;
    }
    let mut end = at + 8;
    let mut nanos = 0;
    if matches!(bytes.get(end), Some(b'.' | b','))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        end += 1;
        let mut scale = 100_000_000;
        while let Some(&digit) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
            nanos += u32::from(digit - b'0') * scale;
            scale /= 10;
            end += 1;
        }
    }
    Some((hours * 3600 + minutes * 60 + seconds.min(59), nanos, end))
}

fn boundary(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// `2026-11-24T19:09:41.123Z`, `2026-11-24 19:09:41,123`, `2026/11/24 19:09:41`,
/// with an optional zone: `Z`, `+01:00`, `+0100`, ` UTC`.
fn iso(bytes: &[u8], zone: Zone) -> Option<Found> {
    let year = number(bytes, 0, 4)?;
    let separator = *bytes.get(4)?;
    if !matches!(separator, b'-' | b'/') || bytes.get(7) != Some(&separator) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, number(bytes, 5, 2)?, number(bytes, 8, 2)?)?;
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ' | b'_')) {
        return None;
    }
    let (seconds, nanos, end) = clock(bytes, 11)?;
    let naive = date.and_hms_nano_opt(seconds / 3600, seconds / 60 % 60, seconds % 60, nanos)?;
    let offset_at = |at: usize| match zone_offset(&bytes[at..]) {
        Some((offset, len)) => (Some(offset), at + len),
        None => (None, end),
    };
    let (offset, end) = match bytes.get(end) {
        Some(b'Z' | b'z') if boundary(bytes, end + 1) => (Some(0), end + 1),
        Some(b'+' | b'-') => offset_at(end),
        Some(b' ') if matches!(bytes.get(end + 1), Some(b'+' | b'-')) => offset_at(end + 1),
        Some(b' ') => match abbreviation_offset(&bytes[end + 1..]) {
            Some((offset, len)) => (Some(offset), end + 1 + len),
            None => (None, end),
        },
        _ => (None, end),
    };
    let time = match offset {
        Some(offset) => FixedOffset::east_opt(offset)?
            .from_local_datetime(&naive)
            .single()?
            .with_timezone(&Utc),
        None => zone.to_utc(date, seconds, nanos)?,
    };
    Some((time, end))
}

/// Zone abbreviations that name one offset (`CST`, `IST`, `BST` and `AST`
/// name several, and are left to the configured zone), in seconds east.
const ZONE_ABBREVIATIONS: [(&[u8], i32); 28] = [
    (b"UTC", 0),
    (b"GMT", 0),
    (b"WET", 0),
    (b"WEST", 3600),
    (b"CET", 3600),
    (b"CEST", 2 * 3600),
    (b"MET", 3600),
    (b"MEST", 2 * 3600),
    (b"EET", 2 * 3600),
    (b"EEST", 3 * 3600),
    (b"MSK", 3 * 3600),
    (b"PST", -8 * 3600),
    (b"PDT", -7 * 3600),
    (b"MST", -7 * 3600),
    (b"MDT", -6 * 3600),
    (b"EST", -5 * 3600),
    (b"EDT", -4 * 3600),
    (b"AKST", -9 * 3600),
    (b"AKDT", -8 * 3600),
    (b"HST", -10 * 3600),
    (b"JST", 9 * 3600),
    (b"KST", 9 * 3600),
    (b"HKT", 8 * 3600),
    (b"SGT", 8 * 3600),
    (b"AWST", 8 * 3600),
    (b"AEST", 10 * 3600),
    (b"AEDT", 11 * 3600),
    (b"NZDT", 13 * 3600),
];

/// The offset of an unambiguous zone abbreviation the text starts with
/// (a word of its own), and its length.
fn abbreviation_offset(bytes: &[u8]) -> Option<(i32, usize)> {
    let len = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(3..=4).contains(&len) || !boundary(bytes, len) {
        return None;
    }
    ZONE_ABBREVIATIONS
        .iter()
        .find(|(name, _)| *name == &bytes[..len])
        .map(|(_, offset)| (*offset, len))
}

/// The seconds east of UTC of a `+01:00`, `+0100` or `+01` that ends the text
/// or is followed by a non-digit, and its length.
fn zone_offset(bytes: &[u8]) -> Option<(i32, usize)> {
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = number(bytes, 1, 2)?;
    let (minutes, end) = match bytes.get(3) {
        Some(b':') => (number(bytes, 4, 2)?, 6),
        Some(digit) if digit.is_ascii_digit() => (number(bytes, 3, 2)?, 5),
        _ => (0, 3),
    };
    if hours > 23 || minutes > 59 || bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((sign * (hours as i32 * 3600 + minutes as i32 * 60), end))
}

/// Spark's `17/06/09 20:10:40` and HDFS's `081109 203615`.
fn short_year(bytes: &[u8], zone: Zone) -> Option<Found> {
    let (year, month, day, time_at) = if bytes.get(2) == Some(&b'/') && bytes.get(5) == Some(&b'/')
    {
        (
            number(bytes, 0, 2)?,
            number(bytes, 3, 2)?,
            number(bytes, 6, 2)?,
            9,
        )
    } else if bytes.get(6) == Some(&b' ') && bytes.get(13) == Some(&b' ') {
        let time = number(bytes, 7, 6)?;
        let date = NaiveDate::from_ymd_opt(
            2000 + number(bytes, 0, 2)? as i32,
            number(bytes, 2, 2)?,
            number(bytes, 4, 2)?,
        )?;
        let (hours, minutes, seconds) = (time / 10000, time / 100 % 100, time % 100);
        if hours > 23 || minutes > 59 || seconds > 59 {
            return None;
        }
        let time = zone.to_utc(date, hours * 3600 + minutes * 60 + seconds, 0)?;
        return Some((time, 13));
    } else {
        return None;
    };
    if bytes.get(8) != Some(&b' ') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(2000 + year as i32, month, day)?;
    let (seconds, nanos, end) = clock(bytes, time_at)?;
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const WEEKDAYS: [&[u8; 3]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];

/// The number of a month's three-letter name (`Nov` is 11).
pub(crate) fn month_number(name: &[u8]) -> Option<u32> {
    month(name, 0)
}

fn month(bytes: &[u8], at: usize) -> Option<u32> {
    let name = bytes.get(at..at + 3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|index| index as u32 + 1)
}

/// True when the three letters at `at` name a weekday or a month.
pub(crate) fn is_calendar_word(word: &[u8]) -> bool {
    word.len() == 3
        && (MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word))
            || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word)))
}

/// A date without a year: this year, or last year if that would put it more
/// than a day after `now` (in any zone: the horizon is UTC+14 tomorrow).
fn date_without_year(month: u32, day: u32, now: DateTime<Utc>) -> Option<NaiveDate> {
    let horizon = now
        .checked_add_signed(Duration::hours(24 + 14))?
        .date_naive();
    let year = horizon.year();
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) if date <= horizon => Some(date),
        _ => NaiveDate::from_ymd_opt(year - 1, month, day),
    }
}

/// syslog's `Nov 24 19:09:41` (the day may be space-padded: `Nov  4`).
fn syslog(bytes: &[u8], zone: Zone, now: DateTime<Utc>) -> Option<Found> {
    let month = month(bytes, 0)?;
    if bytes.get(3) != Some(&b' ') {
        return None;
    }
    let (day, time_at) = match (bytes.get(4)?, bytes.get(5)?) {
        (b' ', _) => (number(bytes, 5, 1)?, 7),
        (_, b' ') => (number(bytes, 4, 1)?, 6),
        _ => (number(bytes, 4, 2)?, 7),
    };
    if bytes.get(time_at - 1) != Some(&b' ') {
        return None;
    }
    let (seconds, nanos, end) = clock(bytes, time_at)?;
    let date = date_without_year(month, day, now)?;
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

/// Apache's `Tue Nov 24 19:09:41 2026` (or `19:09:41.123456 2026`).
fn apache(bytes: &[u8], zone: Zone) -> Option<Found> {
    if !is_calendar_word(bytes.get(0..3)?) || bytes.get(3) != Some(&b' ') {
        return None;
    }
    let month = month(bytes, 4)?;
    let day = number(bytes, 8, 2).or_else(|| {
        (bytes.get(8) == Some(&b' '))
            .then(|| number(bytes, 9, 1))
            .flatten()
    })?;
    let (seconds, nanos, end) = clock(bytes, 11)?;
    if bytes.get(end) != Some(&b' ') {
        return None;
    }
    let year = number(bytes, end + 1, 4)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some((zone.to_utc(date, seconds, nanos)?, end + 5))
}

/// java.util.logging's SimpleFormatter: `Dec 02, 2026 1:00:12 AM`.
fn jul(bytes: &[u8], zone: Zone) -> Option<Found> {
    let month = month(bytes, 0)?;
    if bytes.get(3) != Some(&b' ') || bytes.get(6..8) != Some(b", ") {
        return None;
    }
    let day = number(bytes, 4, 2)?;
    let year = number(bytes, 8, 4)?;
    if bytes.get(12) != Some(&b' ') {
        return None;
    }
    // The hour is not padded: `1:00:12`.
    let padded = bytes.get(15) == Some(&b':');
    let padded_clock = if padded { clock(bytes, 13) } else { None };
    let (seconds, nanos, end) = padded_clock.or_else(|| {
        // Pad it into a copy to read the clock.
        let mut copy = [b'0'; 8];
        copy[1..].copy_from_slice(bytes.get(13..20)?);
        clock(&copy, 0).map(|(seconds, nanos, _)| (seconds, nanos, 20))
    })?;
    let hours = seconds / 3600;
    let meridiem = bytes.get(end + 1..end + 3)?;
    if bytes.get(end) != Some(&b' ') || !(1..=12).contains(&hours) {
        return None;
    }
    let seconds = match meridiem {
        b"AM" => seconds % (12 * 3600),
        b"PM" => seconds % (12 * 3600) + 12 * 3600,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some((zone.to_utc(date, seconds, nanos)?, end + 3))
}

/// True for the first line of a java.util.logging record in the default
/// layout: `Dec 02, 2026 1:00:12 AM com.shop.App main` (the level and the
/// message are on the next line).
pub fn is_jul_header(line: &str) -> bool {
    // Most lines fail here: this runs for the first line of every entry.
    let bytes = line.as_bytes();
    if bytes.get(3) != Some(&b' ') || bytes.get(6) != Some(&b',') {
        return false;
    }
    let utc = Zone::Fixed(FixedOffset::east_opt(0).expect("UTC"));
    jul(line.as_bytes(), utc)
        .is_some_and(|(_, end)| line.as_bytes().get(end) == Some(&b' ') && line.len() > end + 1)
}

/// The common log format's `24/Nov/2026:19:09:41 +0000`.
fn clf(bytes: &[u8]) -> Option<Found> {
    let day = number(bytes, 0, 2)?;
    if bytes.get(2) != Some(&b'/') || bytes.get(6) != Some(&b'/') || bytes.get(11) != Some(&b':') {
        return None;
    }
    let month = month(bytes, 3)?;
    let year = number(bytes, 7, 4)?;
    let (seconds, nanos, end) = clock(bytes, 12)?;
    if bytes.get(end) != Some(&b' ') {
        return None;
    }
    // The zone may be missing when a line was cut after the space.
    let (offset, offset_len) = zone_offset(&bytes[end + 1..])?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = Zone::Fixed(FixedOffset::east_opt(offset)?).to_utc(date, seconds, nanos)?;
    Some((time, end + 1 + offset_len))
}

/// python's `http.server` and werkzeug: `24/Nov/2026 19:09:41]`.
fn clf_without_zone(bytes: &[u8], zone: Zone) -> Option<Found> {
    let day = number(bytes, 0, 2)?;
    if bytes.get(2) != Some(&b'/') || bytes.get(6) != Some(&b'/') || bytes.get(11) != Some(&b' ') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(bytes, 7, 4)? as i32, month(bytes, 3)?, day)?;
    let (seconds, nanos, end) = clock(bytes, 12)?;
    if bytes.get(end) != Some(&b']') {
        return None;
    }
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

/// PHP's `24-Nov-2026 19:09:57` and `24 Nov 2026 19:09:57`.
fn day_month_year(bytes: &[u8], zone: Zone) -> Option<Found> {
    let separator = *bytes.get(2)?;
    if !matches!(separator, b'-' | b' ')
        || bytes.get(6) != Some(&separator)
        || bytes.get(11) != Some(&b' ')
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        number(bytes, 7, 4)? as i32,
        month(bytes, 3)?,
        number(bytes, 0, 2)?,
    )?;
    let (seconds, nanos, end) = clock(bytes, 12)?;
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

/// logcat's `03-17 16:13:38.811`, Proxifier's `10.30 17:15:42`.
fn month_day(bytes: &[u8], zone: Zone, now: DateTime<Utc>) -> Option<Found> {
    if !matches!(bytes.get(2), Some(b'-' | b'.')) || bytes.get(5) != Some(&b' ') {
        return None;
    }
    let (seconds, nanos, end) = clock(bytes, 6)?;
    let date = date_without_year(number(bytes, 0, 2)?, number(bytes, 3, 2)?, now)?;
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

/// glog's and klog's `E1124 19:09:41.123456`.
fn glog(bytes: &[u8], zone: Zone, now: DateTime<Utc>) -> Option<Found> {
    if !matches!(bytes.first()?, b'I' | b'W' | b'E' | b'F') || bytes.get(5) != Some(&b' ') {
        return None;
    }
    let date = date_without_year(number(bytes, 1, 2)?, number(bytes, 3, 2)?, now)?;
    let (seconds, nanos, end) = clock(bytes, 6)?;
    Some((zone.to_utc(date, seconds, nanos)?, end))
}

/// A leading epoch: 10 digits of seconds (with an optional fraction) or 13 of
/// milliseconds, followed by a space or the end.
fn epoch_prefix(bytes: &[u8]) -> Option<Found> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    match (digits, bytes.get(digits)) {
        (10, Some(b'.')) => {
            let fraction = bytes[digits + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let end = digits + 1 + fraction;
            if fraction == 0 || !boundary(bytes, end) {
                return None;
            }
            let value = std::str::from_utf8(&bytes[..end]).ok()?.parse().ok()?;
            Some((from_epoch_float(value)?, end))
        }
        (10 | 13, next) if next.is_none_or(|b| *b == b' ' || *b == b'\t') => {
            let value = std::str::from_utf8(&bytes[..digits]).ok()?.parse().ok()?;
            Some((from_epoch_integer(value)?, digits))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> Zone {
        Zone::parse("UTC").unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn at(line: &str) -> Option<String> {
        leading_timestamp(line, utc(), now()).map(crate::entry::format_timestamp)
    }

    #[test]
    fn reads_rfc3339_and_iso_forms_with_and_without_zones() {
        assert_eq!(
            at("2026-11-24T19:09:41.123Z INFO x").unwrap(),
            "2026-11-24T19:09:41.123Z"
        );
        assert_eq!(
            at("2026-11-24T21:09:41+02:00 x").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("2026-11-24T21:09:41.5+0200 x").unwrap(),
            "2026-11-24T19:09:41.500Z"
        );
        assert_eq!(
            at("2026-11-24 19:09:41,123 ERROR x").unwrap(),
            "2026-11-24T19:09:41.123Z"
        );
        assert_eq!(
            at("2026/11/24 19:09:41 [error] 1#0").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("[2026-11-24T19:09:41Z ERROR app] x").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("2026-11-24 19:09:41.123 UTC [1] LOG: x").unwrap(),
            "2026-11-24T19:09:41.123Z"
        );
        let plus2 = Zone::parse("+02:00").unwrap();
        assert_eq!(
            leading_timestamp("2026-11-24 21:09:41 x", plus2, now())
                .map(crate::entry::format_timestamp),
            Some("2026-11-24T19:09:41.000Z".into())
        );
    }

    #[test]
    fn reads_syslog_apache_clf_logcat_glog_and_epoch() {
        assert_eq!(
            at("Nov 24 19:09:41 host sshd[1]: x").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("Nov  4 09:09:41 host x").unwrap(),
            "2026-11-04T09:09:41.000Z"
        );
        assert_eq!(
            at("[Tue Nov 24 19:09:41 2026] [error] x").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("[Tue Nov 24 19:09:41.250000 2026] [core:error] x").unwrap(),
            "2026-11-24T19:09:41.250Z"
        );
        assert_eq!(
            at("10.0.0.1 - - [24/Nov/2026:21:09:41 +0200] \"GET / HTTP/1.1\" 200 1").unwrap(),
            "2026-11-24T19:09:41.000Z"
        );
        assert_eq!(
            at("11-24 19:09:41.811  1702  2395 D Tag: x").unwrap(),
            "2026-11-24T19:09:41.811Z"
        );
        assert_eq!(
            at("E1124 19:09:41.123456    1 x.go:1] x").unwrap(),
            "2026-11-24T19:09:41.123Z"
        );
        assert_eq!(at("1795201781 x").unwrap(), "2026-11-20T19:09:41.000Z");
        assert_eq!(at("1795201781.25 x").unwrap(), "2026-11-20T19:09:41.250Z");
        assert_eq!(
            at("17/06/09 20:10:40 INFO x").unwrap(),
            "2017-06-09T20:10:40.000Z"
        );
        assert_eq!(
            at("081109 203615 148 INFO x").unwrap(),
            "2008-11-09T20:36:15.000Z"
        );
    }

    #[test]
    fn unambiguous_zone_abbreviations_give_their_offset() {
        for (line, want) in [
            (
                "2025-04-12 00:14:12.837 CEST [1] LOG: x",
                Some("2025-04-11T22:14:12.837Z"),
            ),
            (
                "2026-12-01 22:30:00 PST x",
                Some("2026-12-02T06:30:00.000Z"),
            ),
            ("2026-12-02 15:30:00 JST", Some("2026-12-02T06:30:00.000Z")),
            (
                "2026-12-02 06:30:00 UTC x",
                Some("2026-12-02T06:30:00.000Z"),
            ),
            // Ambiguous: the configured zone (UTC here).
            (
                "2026-12-02 06:30:00 IST x",
                Some("2026-12-02T06:30:00.000Z"),
            ),
            (
                "2026-12-02 06:30:00 CST x",
                Some("2026-12-02T06:30:00.000Z"),
            ),
            (
                "2026-12-02 06:30:00 CESTX x",
                Some("2026-12-02T06:30:00.000Z"),
            ),
        ] {
            assert_eq!(at(line).as_deref(), want, "{line}");
        }
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let ist = leading_timestamp("2026-12-02 06:30:00 IST x", berlin, now());
        assert_eq!(
            ist.map(crate::entry::format_timestamp).as_deref(),
            Some("2026-12-02T05:30:00.000Z")
        );
    }

    #[test]
    fn a_month_and_day_without_a_year_take_the_nearest_year() {
        assert_eq!(
            at("[10.30 17:15:42] chrome.exe x").as_deref(),
            Some("2026-10-30T17:15:42.000Z")
        );
        // Read on 24 Nov: 25 Nov is tomorrow, 26 Nov a year ago.
        assert_eq!(
            at("[11.25 17:15:42] x").as_deref(),
            Some("2026-11-25T17:15:42.000Z")
        );
        assert_eq!(
            at("[11.27 17:15:42] x").as_deref(),
            Some("2025-11-27T17:15:42.000Z")
        );
        assert_eq!(
            at("Dec  2 01:00:12 host x").as_deref(),
            Some("2025-12-02T01:00:12.000Z")
        );
    }

    #[test]
    fn java_util_logging_times_are_read() {
        assert_eq!(
            at("Dec 02, 2026 1:00:12 AM com.shop.App main").as_deref(),
            Some("2026-12-02T01:00:12.000Z")
        );
        assert_eq!(
            at("Nov 24, 2026 7:09:50 PM org.apache.catalina.startup.Catalina start").as_deref(),
            Some("2026-11-24T19:09:50.000Z")
        );
        assert_eq!(
            at("Nov 24, 2026 12:09:50 AM x").as_deref(),
            Some("2026-11-24T00:09:50.000Z")
        );
        assert_eq!(
            at("Nov 24, 2026 12:09:50 PM x").as_deref(),
            Some("2026-11-24T12:09:50.000Z")
        );
        assert_eq!(at("Nov 24, 2026 13:09:50 PM x"), None);
        assert!(is_jul_header("Dec 02, 2026 1:00:12 AM com.shop.App main"));
        assert!(!is_jul_header("Dec 02, 2026 1:00:12 AM"));
    }

    #[test]
    fn a_year_is_found_for_dates_around_new_year_in_any_zone() {
        let new_year = DateTime::parse_from_rfc3339("2026-12-31T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let tokyo = Zone::parse("+09:00").unwrap();
        let in_tokyo = leading_timestamp("Jan  1 05:00:00 host x", tokyo, new_year);
        assert_eq!(
            in_tokyo.map(crate::entry::format_timestamp).unwrap(),
            "2026-12-31T20:00:00.000Z"
        );
        let same_day = leading_timestamp("Dec 31 19:00:00 host x", utc(), new_year);
        assert_eq!(
            same_day.map(crate::entry::format_timestamp).unwrap(),
            "2026-12-31T19:00:00.000Z"
        );
    }

    #[test]
    fn named_zones_follow_daylight_saving_time() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(berlin.to_string(), "Europe/Berlin");
        let at =
            |line: &str| leading_timestamp(line, berlin, now()).map(crate::entry::format_timestamp);
        assert_eq!(
            at("2026-11-24 19:09:41 x").unwrap(),
            "2026-11-24T18:09:41.000Z"
        );
        assert_eq!(
            at("2026-07-01 12:00:00 x").unwrap(),
            "2026-07-01T10:00:00.000Z"
        );
        // 02:30 happens twice on 25 Oct 2026 (the first, in summer time, is
        // taken) and not at all on 29 Mar 2026.
        assert_eq!(
            at("2026-10-25 02:30:00 x").unwrap(),
            "2026-10-25T00:30:00.000Z"
        );
        assert_eq!(at("2026-03-29 02:30:00 x"), None);
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        assert_eq!(
            leading_timestamp("Nov 24 19:09:41 host x", tokyo, now())
                .map(crate::entry::format_timestamp)
                .unwrap(),
            "2026-11-24T10:09:41.000Z"
        );
    }

    #[test]
    fn unknown_zone_names_are_refused() {
        for text in ["Mars/Base", "europe/berlin", "Berlin", "+25:00", ""] {
            let error = Zone::parse(text).unwrap_err();
            assert!(error.contains("Europe/Berlin"), "{text}: {error}");
        }
    }

    #[test]
    fn local_times_convert_the_same_with_the_hour_cache() {
        let first = leading_timestamp("2026-07-01 10:00:00 x", Zone::Local, now()).unwrap();
        let cached = leading_timestamp("2026-07-01 10:30:00 x", Zone::Local, now()).unwrap();
        assert_eq!((cached - first).num_minutes(), 30);
        let naive = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap();
        let expected = Local.from_local_datetime(&naive).earliest().unwrap();
        assert_eq!(cached, expected.with_timezone(&Utc));
    }

    #[test]
    fn a_date_later_than_tomorrow_without_a_year_is_last_year() {
        assert_eq!(
            at("Dec 31 23:59:59 host x").unwrap(),
            "2025-12-31T23:59:59.000Z"
        );
    }

    #[test]
    fn text_that_is_not_a_timestamp_is_none() {
        for line in [
            "hello",
            "2026-13-01 10:00:00 x",
            "12345 items",
            "Nov 99 19:09:41 x",
            "2026-11-24 x",
            "",
            "[",
            "E1124",
        ] {
            assert_eq!(at(line), None, "{line}");
        }
    }

    #[test]
    fn epoch_numbers_are_told_apart_by_magnitude() {
        let expected = "2026-11-20T19:09:41.000Z";
        for value in [
            1_795_201_781,
            1_795_201_781_000,
            1_795_201_781_000_000,
            1_795_201_781_000_000_000i64,
        ] {
            assert_eq!(
                crate::entry::format_timestamp(from_epoch_integer(value).unwrap()),
                expected
            );
        }
        assert_eq!(
            crate::entry::format_timestamp(from_epoch_float(1_795_201_781_500.0).unwrap()),
            "2026-11-20T19:09:41.500Z"
        );
        assert_eq!(
            crate::entry::format_timestamp(from_epoch_float(1_795_201_781.6).unwrap()),
            "2026-11-20T19:09:41.600Z"
        );
        assert!(from_epoch_integer(-5).is_none());
        assert!(from_epoch_float(f64::NAN).is_none());
    }

    #[test]
    fn a_common_log_format_time_cut_after_its_space_is_no_time() {
        // `zone_offset` indexed the empty rest: a panic that stopped the run.
        for line in [
            "24/Nov/2026:19:09:41 ",
            "[24/Nov/2026:19:09:41 ",
            "10.0.0.1 - - [24/Nov/2026:19:09:41 ",
            "24/Nov/2026:19:09:41 0000",
        ] {
            assert_eq!(at(line), None, "{line:?}");
            assert_eq!(parse_time_text(line, utc(), now()), None, "{line:?}");
        }
    }

    #[test]
    fn a_date_without_a_year_read_at_the_end_of_time_is_no_panic() {
        // A day was added to the read time unchecked.
        let last = DateTime::<Utc>::MAX_UTC;
        for line in [
            "11-24 19:09:41.811  1702  2395 D Tag: x",
            "Nov 24 19:09:41 host x",
            "E1124 19:09:41.123456 1 x.go:1] x",
        ] {
            for zone in [Zone::Local, utc(), Zone::parse("-05:00").unwrap()] {
                let _ = leading_timestamp(line, zone, last);
            }
        }
    }

    #[test]
    fn a_time_value_says_whether_it_holds_anything_else() {
        let whole = |text: &str| parse_time_text(text, utc(), now()).map(|found| found.is_whole);
        for text in [
            "2026-11-24T19:09:41.123Z",
            " 2026-11-24 19:09:41,123 ",
            "2026-11-24 19:09:41 UTC",
            "[24/Nov/2026:19:09:41 +0000]",
            "Tue Nov 24 19:09:41 2026",
            "1795201781.5",
        ] {
            assert_eq!(whole(text), Some(true), "{text}");
        }
        for text in [
            "2026-11-24 19:09:41.123 +0000 UTC",
            "2026-11-24T19:09:41Z (retried)",
            "10.0.0.1 - - [24/Nov/2026:19:09:41 +0000]",
        ] {
            assert_eq!(whole(text), Some(false), "{text}");
        }
        assert_eq!(whole("soon"), None);
    }

    #[test]
    fn epoch_milliseconds_written_as_text_read_exactly() {
        // As a double, 8645000192321 ms came out as …32.320999 s: 1 ms early.
        let time = parse_time_text("8645000192321", utc(), now()).unwrap().time;
        assert_eq!(
            crate::entry::format_timestamp(time),
            "2243-12-13T20:56:32.321Z"
        );
    }

    #[test]
    fn zones_parse_from_the_usual_spellings() {
        assert_eq!(Zone::parse("local"), Ok(Zone::Local));
        assert_eq!(Zone::parse("UTC").unwrap().to_string(), "+00:00");
        assert_eq!(Zone::parse("+02:00").unwrap().to_string(), "+02:00");
        assert_eq!(Zone::parse("-0530").unwrap().to_string(), "-05:30");
        assert_eq!(Zone::parse("UTC+3").unwrap().to_string(), "+03:00");
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("+25:00").is_err());
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever the text, the timestamp reader gives a time or nothing, and
    //! each form it knows reads back the time it was written with.

    use chrono::{FixedOffset, SubsecRound};
    use proptest::prelude::*;

    use super::*;
    use crate::entry::TimestampText;
    use crate::understand::fuzz::{any_bytes, config, every_cut, read_time, zone, BLOCKS, SAMPLES};

    /// A time of the years RFC 3339 writes, to the millisecond, a day short
    /// of the last so that any offset keeps it there.
    fn written_time() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..253_402_214_400, 0u32..1000).prop_map(|(seconds, millis)| {
            DateTime::from_timestamp(seconds, millis * 1_000_000).expect("in range")
        })
    }

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn fuzz_any_text_gives_a_time_or_none(
            bytes in any_bytes(),
            zone in zone(),
            now in read_time(),
        ) {
            let text = String::from_utf8_lossy(&bytes);
            for text in [&*text, text.trim(), skip_leading(&text)] {
                if let Some(time) = leading_timestamp(text, zone, now) {
                    let _ = TimestampText::new(time);
                }
                let _ = parse_time_text(text, zone, now);
            }
        }

        #[test]
        fn fuzz_any_epoch_number_gives_a_time_or_none(integer in any::<i64>(), float in any::<f64>()) {
            let _ = from_epoch_integer(integer).map(TimestampText::new);
            let _ = from_epoch_float(float).map(TimestampText::new);
            let _ = from_epoch_float(integer as f64).map(TimestampText::new);
            if (1..1 << 53).contains(&integer) {
                // Told apart by magnitude alike, as an integer or as a float.
                let exact = from_epoch_integer(integer).expect("a positive epoch");
                let float = from_epoch_float(integer as f64).expect("a positive epoch");
                prop_assert!((exact - float).num_microseconds().unwrap().abs() <= 1, "{integer}");
            }
        }

        #[test]
        fn fuzz_every_form_reads_back_the_time_it_was_written_with(
            time in written_time(),
            offset_minutes in -14 * 60..=14 * 60i32,
            form in 0usize..12,
            rest in "( [ -~]{0,12})?",
        ) {
            let offset = FixedOffset::east_opt(offset_minutes * 60).expect("within a day");
            let local = time.with_timezone(&offset);
            let seconds = time.trunc_subsecs(0);
            let (text, expected) = match form {
                0 => (time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), time),
                1 => (local.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(), time),
                2 => (local.format("%Y-%m-%d %H:%M:%S,%3f%z").to_string(), time),
                3 => (local.format("%Y/%m/%d %H:%M:%S%.3f %:z").to_string(), time),
                4 => (time.format("[%Y-%m-%d %H:%M:%S%.3f UTC]").to_string(), time),
                5 => (local.format("%d/%b/%Y:%H:%M:%S %z").to_string(), seconds),
                6 => (local.format("[%d/%b/%Y:%H:%M:%S %z]").to_string(), seconds),
                7 => (time.format("%a %b %e %H:%M:%S%.6f %Y").to_string(), time),
                8 => (time.format("%d-%b-%Y %H:%M:%S").to_string(), seconds),
                9 => (time.format("%d %b %Y %H:%M:%S").to_string(), seconds),
                10 => (time.format("%Y-%m-%d %H:%M:%S%.3f").to_string(), time),
                _ => (format!("{}", time.timestamp_millis()), time),
            };
            if form == 11 && !(1_000_000_000_000..10_000_000_000_000).contains(&time.timestamp_millis()) {
                return Ok(()); // only 13 digits of milliseconds are read
            }
            let utc = Zone::Fixed(FixedOffset::east_opt(0).expect("UTC"));
            let line = format!("{text}{rest}");
            prop_assert_eq!(leading_timestamp(&line, utc, Utc::now()), Some(expected), "{}", line);
            let value = TimeValue { time: expected, is_whole: true };
            prop_assert_eq!(parse_time_text(&text, utc, Utc::now()), Some(value), "{}", text);
        }
    }

    #[test]
    fn fuzz_every_cut_of_every_sample_gives_a_time_or_none() {
        let now = Utc::now();
        for sample in SAMPLES.iter().chain(BLOCKS) {
            for cut in every_cut(sample) {
                for zone in [
                    Zone::Local,
                    Zone::Fixed(FixedOffset::east_opt(3600).unwrap()),
                ] {
                    let _ = leading_timestamp(&cut, zone, now).map(TimestampText::new);
                    let _ = parse_time_text(&cut, zone, now);
                }
            }
        }
    }

    /// The text after its first character (a cut inside a form).
    fn skip_leading(text: &str) -> &str {
        text.char_indices().nth(1).map_or("", |(at, _)| &text[at..])
    }
}
