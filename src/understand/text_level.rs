//! The level of a plain-text line, read from its header: a level word after an
//! optional timestamp, host, PID, thread or logger name (`2026-… ERROR [main]
//! …`, `[error]`, `WARNING:`), the single letters of logcat and glog, or a
//! crash marker. Words in the message body never count: scanning stops where
//! the message starts (a second plain word, a `program:` tag followed by a
//! plain word, a quote), so `0 errors found` or `retrying after ERROR` stay
//! at the default level.

use crate::level::{Level, Spelling, LEVEL_NAMES};

/// How far into a line a level may stand.
const MAX_HEADER_TOKENS: usize = 12;
const MAX_HEADER_BYTES: usize = 200;

/// A word of up to eight ASCII letters packed into an integer, lower case,
/// so that looking a word up is a search among integers.
const fn word_key(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut index = 0;
    while index < word.len() {
        key |= ((word[index] | 0x20) as u64) << (8 * index);
        index += 1;
    }
    key
}

/// How many words of [`LEVEL_NAMES`] fit in a [`word_key`].
const SHORT_WORDS: usize = {
    let mut count = 0;
    let mut index = 0;
    while index < LEVEL_NAMES.len() {
        if LEVEL_NAMES[index].word.len() <= 8 {
            count += 1;
        }
        index += 1;
    }
    count
};

/// The words of [`LEVEL_NAMES`] of up to eight letters, by key, sorted for
/// a binary search; built at compile time.
const WORD_KEYS: [(u64, Level, Spelling); SHORT_WORDS] = {
    let mut keys = [(0, Level::Info, Spelling::Common); SHORT_WORDS];
    let mut filled = 0;
    let mut index = 0;
    while index < LEVEL_NAMES.len() {
        let known = LEVEL_NAMES[index];
        if known.word.len() <= 8 {
            // Insertion sort: shift the larger keys up, then insert.
            let key = word_key(known.word.as_bytes());
            let mut slot = filled;
            while slot > 0 && keys[slot - 1].0 > key {
                keys[slot] = keys[slot - 1];
                slot -= 1;
            }
            keys[slot] = (key, known.level, known.spelling);
            filled += 1;
        }
        index += 1;
    }
    keys
};

/// A level word's API level and how it must be spelled to count, in any
/// case; `word` holds ASCII letters only.
fn level_word(word: &[u8]) -> Option<(Level, Spelling)> {
    match word.len() {
        3..=8 => {
            let key = word_key(word);
            let index = WORD_KEYS.binary_search_by_key(&key, |entry| entry.0).ok()?;
            let (_, level, spelling) = WORD_KEYS[index];
            Some((level, spelling))
        }
        9..=11 => LEVEL_NAMES
            .iter()
            .find(|known| known.word.as_bytes().eq_ignore_ascii_case(word))
            .map(|known| (known.level, known.spelling)),
        _ => None,
    }
}

/// The API level a level name stands for, in any case (for structured fields).
pub fn level_from_name(name: &str) -> Option<Level> {
    let name = name.trim();
    // slog's `WARN+2`, zap's `dpanic`.
    let word_end = name
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(name.len());
    let (word, rest) = name.split_at(word_end);
    if !rest.is_empty()
        && !rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-')
    {
        return None;
    }
    level_word(word.as_bytes()).map(|(level, _)| level)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Title,
    Lower,
    Mixed,
}

fn case_of(word: &[u8]) -> Case {
    let upper = word.iter().filter(|b| b.is_ascii_uppercase()).count();
    if upper == word.len() {
        Case::Upper
    } else if upper == 0 {
        Case::Lower
    } else if upper == 1 && word[0].is_ascii_uppercase() {
        Case::Title
    } else {
        Case::Mixed
    }
}

const OPENERS: &[u8] = b"[(<{|";
const CLOSERS: &[u8] = b"])>}|";

/// The level a header token names, if it is a level word written in a way
/// that counts: `ERROR`, `[error]`, `<warn>`, `WARNING:`, `ERROR:root:msg`,
/// `INFO[0000]` (logrus), `local.ERROR:` (Monolog), `[core:error]` (Apache),
/// `DEBUG1:` (PostgreSQL). A bare title-case word (`Info`) counts only where
/// the caller says a level is expected (right after a timestamp).
fn token_level(token: &[u8], title_bare_ok: bool) -> Option<Level> {
    let opened = token.first().is_some_and(|b| OPENERS.contains(b));
    let mut start = usize::from(opened);
    let mut retried = false;
    loop {
        let rest = &token[start..];
        let word_len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if word_len == 0 {
            return None;
        }
        let word = &rest[..word_len];
        let mut after = &rest[word_len..];
        let found = level_word(word);
        if found.is_none() {
            // A channel or module before the level: `local.ERROR:`,
            // `[core:error]`, `[mpm_event:warn]`.
            let module_len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                .count();
            let separator = rest.get(module_len).copied();
            if !retried && (separator == Some(b'.') || (opened && separator == Some(b':'))) {
                retried = true;
                start += module_len + 1;
                continue;
            }
            return None;
        }
        let (level, spelling) = found?;
        if word.eq_ignore_ascii_case(b"debug") {
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            after = &after[digits..];
        }
        let bracketed =
            opened || after.first().is_some_and(|b| CLOSERS.contains(b)) || is_code_suffix(after);
        let colon = after.first() == Some(&b':');
        let bare = after.is_empty() || after == b",";
        let case = case_of(word);
        // Celery's `ERROR/MainProcess]`, npm's `ERR!`: upper case only.
        let marked = case == Case::Upper && matches!(after.first(), Some(b'/' | b'!'));
        if !(bracketed || colon || bare || marked) {
            return None;
        }
        let counts = match (spelling, case) {
            (Spelling::FieldOnly, _) | (_, Case::Mixed) => false,
            (Spelling::UpperOnly, case) => case == Case::Upper,
            (_, Case::Upper) => true,
            (_, _) if bracketed || colon => true,
            (Spelling::Common, Case::Title) => title_bare_ok,
            // `…498Z warning vpxd[47756] …`, zap's `ts\tinfo\tcaller`: right
            // after a leading timestamp a bare word is the level.
            (Spelling::Common | Spelling::UpperBare, Case::Lower | Case::Title) => {
                title_bare_ok && bare
            }
        };
        return counts.then_some(level);
    }
}

/// logrus's `INFO[0000]`, rustc's `error[E0308]:`: a bracketed code right
/// after the level word, ending the token or before a colon.
fn is_code_suffix(after: &[u8]) -> bool {
    let Some(inner) = after.strip_prefix(b"[") else {
        return false;
    };
    let close = inner.iter().position(|b| *b == b']');
    close.is_some_and(|close| {
        close > 0
            && inner[..close].iter().all(u8::is_ascii_alphanumeric)
            && matches!(&inner[close + 1..], [] | [b':'])
    })
}

/// Python's warnings: `app.py:14: DeprecationWarning: …`.
fn is_warning_category(token: &[u8]) -> bool {
    token.len() > "Warning:".len()
        && token[0].is_ascii_uppercase()
        && token.ends_with(b"Warning:")
        && token[..token.len() - 1]
            .iter()
            .all(u8::is_ascii_alphanumeric)
}

/// A `level=error` pair in a text header (logfmt after a syslog tag).
fn level_pair(token: &[u8]) -> Option<Level> {
    let value = [&b"level="[..], b"lvl=", b"severity="]
        .iter()
        .find_map(|key| token.strip_prefix(*key))?;
    let value = value.strip_prefix(b"\"").unwrap_or(value);
    let value = value.strip_suffix(b"\"").unwrap_or(value);
    level_from_name(std::str::from_utf8(value).ok()?)
}

/// logcat's and glog's single letters.
fn letter_level(letter: u8) -> Option<Level> {
    match letter {
        b'V' | b'D' => Some(Level::Debug),
        b'I' => Some(Level::Info),
        b'W' => Some(Level::Warn),
        b'E' | b'F' | b'A' => Some(Level::Error),
        _ => None,
    }
}

/// Byte classes for the one pass over a token.
const DIGIT: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
/// The punctuation of dates, times and PIDs: `- : . , /`.
const NUMERIC_PUNCT: u8 = 8;
/// Ends a token: space, tab, ESC.
const BREAK: u8 = 16;
/// `]`, which ends a token when a `[` follows.
const CLOSE_BRACKET: u8 = 32;
const OTHER: u8 = 64;

const CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'-' | b':' | b'.' | b',' | b'/' => NUMERIC_PUNCT,
            b' ' | b'\t' | 0x1b => BREAK,
            b']' => CLOSE_BRACKET | OTHER,
            _ => OTHER,
        };
        byte += 1;
    }
    table
};

/// What one pass over a token tells: enough to classify it without more passes.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// The classes of all its bytes.
    all: u8,
    /// The classes of all but its last byte.
    head: u8,
}

impl Shape {
    fn has(self, class: u8) -> bool {
        self.all & class != 0
    }

    /// A token made of digits and the punctuation of dates, times and PIDs.
    fn is_numeric(self) -> bool {
        self.has(DIGIT) && self.all & !(DIGIT | NUMERIC_PUNCT) == 0
    }
}

/// Cuts the next token from `bytes` at `at`: its start, end and shape. Skips
/// spaces, tabs and ANSI colour sequences before it; `][` also ends a token
/// (`[2026-11-24][19:09:45][app][ERROR]` is four).
fn next_token(bytes: &[u8], mut at: usize) -> Option<(usize, usize, Shape)> {
    loop {
        match *bytes.get(at)? {
            b' ' | b'\t' => at += 1,
            0x1b => at = skip_escape(bytes, at),
            _ => break,
        }
    }
    let start = at;
    let mut head = 0u8;
    let mut last = 0u8;
    let rest = &bytes[start..];
    let mut len = 0;
    for &byte in rest {
        let class = CLASSES[usize::from(byte)];
        // One test per byte on the common path: both classes are rare.
        if class & (BREAK | CLOSE_BRACKET) != 0 {
            if class & BREAK != 0 {
                break;
            }
            if rest.get(len + 1) == Some(&b'[') {
                head |= last;
                last = class;
                len += 1;
                break;
            }
        }
        head |= last;
        last = class;
        len += 1;
    }
    Some((
        start,
        start + len,
        Shape {
            all: head | last,
            head,
        },
    ))
}

/// A plain word of running text: letters only (a trailing `,` `;` `.` allowed),
/// with a lower-case letter, and not a month or weekday name.
fn is_prose(token: &[u8], shape: Shape) -> bool {
    if !is_word(token, shape) || !shape.has(LOWER) {
        return false;
    }
    let word = match token.last() {
        Some(b',' | b';' | b'.') => &token[..token.len() - 1],
        _ => token,
    };
    !super::timestamp::is_calendar_word(word)
}

/// Letters only, but for one trailing `,` `;` or `.`.
fn is_word(token: &[u8], shape: Shape) -> bool {
    let letters = LOWER | UPPER;
    if shape.all & !letters == 0 {
        return true;
    }
    token.len() > 1
        && shape.head & !letters == 0
        && matches!(token.last(), Some(b',' | b';' | b'.'))
}

/// True when the token may hold a level word or a `level=` pair: its first
/// letter (after an opening bracket) starts one. Rejects most header tokens
/// (times, numbers, hosts) at the cost of one lookup.
fn may_name_level(token: &[u8]) -> bool {
    let first = match token {
        [opener, next, ..] if OPENERS.contains(opener) => *next,
        [first, ..] => *first,
        [] => return false,
    };
    matches!(
        first.to_ascii_lowercase(),
        b'a' | b'c' | b'd' | b'e' | b'f' | b'i' | b'l' | b'n' | b'p' | b's' | b't' | b'v' | b'w'
    ) || (first.is_ascii_alphabetic() && token.contains(&b'.'))
        || (first.is_ascii_alphabetic() && token[0] == b'[')
}

/// The text after any ANSI escape sequences it starts with.
pub fn skip_escapes(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut at = 0;
    while bytes.get(at) == Some(&0x1b) {
        at = skip_escape(bytes, at);
    }
    text.get(at..).unwrap_or("")
}

fn skip_escape(bytes: &[u8], at: usize) -> usize {
    let mut end = at + 1;
    if bytes.get(end) == Some(&b'[') {
        end += 1;
        while let Some(byte) = bytes.get(end) {
            end += 1;
            if (0x40..=0x7e).contains(byte) {
                break;
            }
        }
    }
    end
}

/// ` (7) …`: curl's exit code in brackets after its name.
fn is_curl_error_code(rest: &[u8]) -> bool {
    let Some(code) = rest.strip_prefix(b" (") else {
        return false;
    };
    let digits = code.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&digits) && code[digits..].starts_with(b") ")
}

/// The level named in the header of a plain-text line, if any.
pub fn detect(line: &[u8]) -> Option<Level> {
    let mut numeric_run = 0usize;
    let mut only_numeric = true;
    let mut prose_allowed = 1usize;
    let mut after_tag = false;
    let mut at = 0;
    for index in 0..MAX_HEADER_TOKENS {
        let (start, end, shape) = next_token(line, at)?;
        at = end;
        if start >= MAX_HEADER_BYTES {
            return None;
        }
        let token = &line[start..end];
        // glog and klog: `E1124 19:09:41.123456 …`.
        if index == 0
            && (token.len() == 5 || token.len() == 7)
            && matches!(token[0], b'I' | b'W' | b'E' | b'F')
            && token[1..].iter().all(u8::is_ascii_digit)
        {
            return letter_level(token[0]);
        }
        // apt and dpkg: `E: Unable to locate package`, `W: …`, `N: …`.
        if start == 0 && matches!(token, [b'E' | b'W' | b'N', b':']) && end < line.len() {
            return match token[0] {
                b'E' => Some(Level::Error),
                b'W' => Some(Level::Warn),
                _ => Some(Level::Info),
            };
        }
        // OpenSSL: `40A7D21FFA7F0000:error:16000069:STORE routines:…`.
        if index == 0 && is_openssl_error(token) {
            return Some(Level::Error);
        }
        // curl prints `curl: (7) Failed to connect …` only for an error.
        if start == 0 && token == b"curl:" && is_curl_error_code(&line[end..]) {
            return Some(Level::Error);
        }
        if only_numeric && numeric_run >= 2 && token.len() == 1 {
            // logcat threadtime: `03-17 16:13:38.811  1702  2395 D Tag: …`.
            if let Some(level) = letter_level(token[0]) {
                return Some(level);
            }
        }
        if only_numeric
            && token.len() > 2
            && token[1] == b'/'
            && (token.contains(&b'(') || token.ends_with(b":"))
        {
            // logcat brief and time: `D/Tag( 1702): …` (not `A/B testing`).
            if let Some(level) = letter_level(token[0]) {
                return Some(level);
            }
        }
        // A bare lower-case word is never a level (`error` in prose).
        // Without an upper-case letter a level word counts only in brackets
        // or before a colon: `web-2` or `error` in prose are never one.
        let may_be_lower_level = matches!(token.first(), Some(b'[' | b'(' | b'<' | b'{' | b'|'))
            || shape.has(OTHER)
            || token.last() == Some(&b':');
        let after_time = only_numeric && numeric_run > 0;
        if (shape.has(UPPER) || may_be_lower_level || after_time) && may_name_level(token) {
            if let Some(level) = token_level(token, after_time) {
                return Some(level);
            }
        }
        if let Some(level) = double_colon_level(token) {
            return Some(level);
        }
        if matches!(token.first(), Some(b'l' | b's')) {
            if let Some(level) = level_pair(token) {
                return Some(level);
            }
        }
        let numeric = shape.is_numeric() || is_iso_time(token);
        if numeric {
            numeric_run += 1;
        } else {
            only_numeric = false;
        }
        match token {
            [b'"' | b'\'', ..] => return None,
            [.., b':'] if is_warning_category(token) => return Some(Level::Warn),
            [.., b':'] if !numeric => {
                // A `program[pid]:` or `logger:` tag: the message starts here;
                // a level may still open it (`sshd[1]: error: …`).
                if after_tag {
                    return None;
                }
                after_tag = true;
                prose_allowed = 0;
            }
            _ if is_prose(token, shape) => {
                if prose_allowed == 0 {
                    return None;
                }
                prose_allowed -= 1;
            }
            _ => {}
        }
    }
    None
}

/// An RFC 3339 time such as `2026-12-02T06:30:01.123Z` (upper-case letters
/// make it no plain number).
fn is_iso_time(token: &[u8]) -> bool {
    token.len() >= 19
        && token[4] == b'-'
        && token[10] == b'T'
        && token.iter().all(|b| {
            b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b',' | b'+' | b'T' | b'Z')
        })
}

/// OpenSSL's error queue: hex digits of a thread id, then `:error:` and
/// eight hex digits of the error code.
fn is_openssl_error(token: &[u8]) -> bool {
    let hex = token.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    hex >= 4
        && token[hex..].starts_with(b":error:")
        && token
            .get(hex + 7..hex + 15)
            .is_some_and(|code| code.iter().all(u8::is_ascii_hexdigit))
}

/// Where `::` first stands in `bytes`.
fn double_colon(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b':', bytes).find(|at| bytes.get(at + 1) == Some(&b':'))
}

/// A level word in upper case between `::` (python's
/// `%(threadName)s::%(levelname)s::%(message)s`): `MainThread::ERROR::…`.
fn double_colon_level(token: &[u8]) -> Option<Level> {
    let mut rest = token;
    for _ in 0..6 {
        let end = double_colon(rest)?;
        let part = &rest[..end];
        if !part.is_empty() && part.iter().all(u8::is_ascii_uppercase) {
            if let Some((level, spelling)) = level_word(part) {
                if spelling != Spelling::FieldOnly {
                    return Some(level);
                }
            }
        }
        rest = &rest[end + 2..];
    }
    None
}

/// The level of the second line of a java.util.logging record
/// (`FINE: message`): SEVERE ERROR, WARNING WARN, INFO and CONFIG INFO,
/// FINE, FINER and FINEST DEBUG.
pub fn jul_level(line: &str) -> Option<Level> {
    let (word, _) = line.split_once(": ")?;
    match word {
        "SEVERE" => Some(Level::Error),
        "WARNING" => Some(Level::Warn),
        "INFO" | "CONFIG" => Some(Level::Info),
        "FINE" | "FINER" | "FINEST" => Some(Level::Debug),
        _ => None,
    }
}

/// Rust's panic header: `thread 'main' panicked at …`, and since Rust 1.91
/// with the thread's id: `thread 'main' (16755) panicked at …`.
pub fn is_rust_panic_header(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("thread '") else {
        return false;
    };
    let Some(close) = rest.find("' ") else {
        return false;
    };
    let mut after = &rest[close + 2..];
    if let Some(id) = after.strip_prefix('(') {
        let digits = id.bytes().take_while(u8::is_ascii_digit).count();
        match id[digits..].strip_prefix(") ") {
            Some(tail) if digits > 0 => after = tail,
            _ => return false,
        }
    }
    after.starts_with("panicked at")
}

/// Python's report of an uncaught exception group.
pub(crate) const EXCEPTION_GROUP: &str = "  + Exception Group Traceback (most recent call last):";

/// The first line of Python's SyntaxError report: `  File "…", line N`
/// alone (a traceback's frames go on with `, in function`).
pub(crate) fn is_syntax_error_report(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("  File \"") else {
        return false;
    };
    let Some(close) = rest.rfind("\", line ") else {
        return false;
    };
    let number = &rest[close + 8..];
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
}

/// A line that starts a crash report: a Go panic, a Python traceback, an
/// uncaught Java exception or a Rust panic.
pub fn is_crash_marker(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b'p') => line.starts_with("panic: "),
        Some(b'T') => line.starts_with("Traceback (most recent call last):"),
        Some(b'E') => line.starts_with("Exception in thread "),
        Some(b't') => is_rust_panic_header(line),
        Some(b' ') => line.starts_with(EXCEPTION_GROUP) || is_syntax_error_report(line),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    fn level(line: &str) -> Option<Level> {
        detect(line.as_bytes())
    }

    #[test]
    fn the_shapes_found_in_real_output_name_their_level() {
        for (line, want) in [
            (
                "2026-12-02T06:30:01.123Z\tERROR\tshop/orders.go:42\tfailed",
                Error,
            ),
            (
                "2026-12-02T06:30:01.123Z\tDPANIC\tshop/orders.go:42\tfailed",
                Error,
            ),
            (
                "2026-12-02T06:30:01.123Z\twarn\tshop/orders.go:42\tslow",
                Warn,
            ),
            (
                "2026-12-02T06:30:03.498Z warning vpxd[47756] [Originator@6876] x",
                Warn,
            ),
            (
                "2026-12-02T06:30:03.498Z verbose vpxd[47756] [Originator@6876] x",
                Debug,
            ),
            (
                "2026-12-02 06:30:04 error  [scheduler] job 42 failed",
                Error,
            ),
            (
                "2026-12-02 06:23:33,706::MainThread::WARNING::stock low",
                Warn,
            ),
            ("MainThread::ERROR::shop.orders::payment failed", Error),
            (
                "40A7D21FFA7F0000:error:80000002:system library:file_open:No such file",
                Error,
            ),
        ] {
            assert_eq!(level(line), Some(want), "{line}");
        }
        for line in [
            "Nov 24 19:09:48 web-1 app[4211]: error budget is 99.9% intact",
            "my_app::server::error: x",
            "2026-12-02 06:30:04 errors were 0",
            "deadbeef:errors:1",
        ] {
            assert_eq!(level(line), None, "{line}");
        }
        assert!(is_crash_marker(
            "thread 'main' (16755) panicked at src/main.rs:37:136:"
        ));
        assert!(is_crash_marker(
            "thread 'main' panicked at src/main.rs:37:136:"
        ));
        assert!(!is_crash_marker(
            "thread 'main' (x) panicked at src/main.rs:37:136:"
        ));
    }

    /// Lines of the usual log formats, each with the level its header names.
    const HEADERS: &[(&str, Level)] = &[
        (
            "2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed",
            Error,
        ),
        (
            "2026-11-24T19:09:41.123Z  WARN 1234 --- [main] c.e.App : slow",
            Warn,
        ),
        ("[2026-11-24T19:09:41Z DEBUG my_app] x", Debug),
        (
            "2026-11-24T19:09:41.123456Z  INFO my_app::server: listening",
            Info,
        ),
        (
            "2026/11/24 19:09:41 [error] 1234#0: *5 connect() failed",
            Error,
        ),
        (
            "[Tue Nov 24 19:09:41 2026] [notice] Apache configured",
            Info,
        ),
        (
            "[Tue Nov 24 19:09:41.1 2026] [core:crit] [pid 1] AH1: x",
            Error,
        ),
        ("ERROR:root:division by zero", Error),
        ("2026-11-24 19:09:41,123 - app - WARNING - low disk", Warn),
        (
            "INFO[0000] started                                    port=80",
            Info,
        ),
        ("[2026-11-24 19:09:41] local.ERROR: boom", Error),
        (
            "2026-11-24 19:09:41.123 UTC [1234] FATAL:  no pg_hba.conf entry",
            Error,
        ),
        ("2026-11-24 19:09:41.123 UTC [1234] DEBUG2:  x", Debug),
        ("03-17 16:13:38.811  1702  2395 D WindowManager: x", Debug),
        (
            "03-17 16:13:38.811  1702  2395 E AndroidRuntime: FATAL",
            Error,
        ),
        ("W/ActivityManager(  580): Timeout", Warn),
        (
            "E1124 19:09:41.123456       1 reflector.go:138] failed",
            Error,
        ),
        ("I1124 19:09:41.123456       1 leader.go:1] ok", Info),
        ("Nov 24 19:09:41 host app[42]: ERROR: disk full", Error),
        ("Nov 24 19:09:41 host app[42]: [warn] slow", Warn),
        (
            "2016-09-28 04:30:30, Info                  CBS    Loaded",
            Info,
        ),
        (
            "2016-09-28 04:30:30, Warning               CBS    Failed",
            Warn,
        ),
        (
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: x",
            Info,
        ),
        ("17/06/09 20:10:40 WARN storage.BlockManager: x", Warn),
        (
            "2015-07-29 17:41:44,747 - ERROR [main:QuorumPeer@1] - x",
            Error,
        ),
        (
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 \
             R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
            Info,
        ),
        (
            "\u{1b}[2m2026-11-24T19:09:41Z\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m app: x",
            Error,
        ),
        ("12:00:01 WRN slow query", Warn),
        ("[12:00:01 INF] ready", Info),
        ("warning: unused variable", Warn),
        ("SEVERE: Servlet failed", Error),
        ("<warn> deprecated", Warn),
        ("ERRO[0002] could not reach upstream", Error),
        (
            "[2026-11-24 19:09:41,123: ERROR/MainProcess] Task failed",
            Error,
        ),
        ("npm ERR! code ELIFECYCLE", Error),
        ("W261124 19:09:41.123456 1 server.go:1 slow", Warn),
        (
            "[2026-11-24T19:09:41,123][WARN ][o.e.c.r.a.DiskThresholdMonitor] [n1] high disk",
            Warn,
        ),
        (
            "Nov 24 19:09:45 web-1 containerd[901]: time=\"x\" level=error msg=\"failed\"",
            Error,
        ),
        ("fail: Microsoft.AspNetCore.Server.Kestrel[13]", Error),
        ("error[E0308]: mismatched types", Error),
        ("[2026-11-24][19:09:45][my_app][ERROR] write failed", Error),
        (
            "/srv/app/models.py:14: DeprecationWarning: utcnow() is deprecated",
            Warn,
        ),
        ("E: Unable to locate package foo", Error),
        ("W: Some index files failed to download.", Warn),
        ("N: Skipping acquire of configured file", Info),
        (
            "curl: (7) Failed to connect to localhost port 8080 after 0 ms",
            Error,
        ),
        (
            "curl: (28) Operation timed out after 5001 milliseconds",
            Error,
        ),
    ];

    #[test]
    fn finds_the_level_after_the_usual_headers() {
        for &(line, expected) in HEADERS {
            assert_eq!(level(line), Some(expected), "{line}");
        }
    }

    #[test]
    fn words_in_the_message_body_do_not_count() {
        for line in [
            "0 errors found",
            "Job finished with ERROR status",
            "Retrying after error: timeout",
            "Nov 24 19:09:41 host sshd[1]: Failed password for root, error limit",
            "Nov 24 19:09:41 host kernel: usb 1-1: device error -71",
            "127.0.0.1 - - [24/Nov/2026:19:09:41 +0000] \"GET /error HTTP/1.1\" 500 1",
            "the debug build is slow",
            "error handling improved",
            "errors: 0",
            "Info about the ERROR",
            "2026/11/24 19:09:41 http: TLS handshake error from 1.2.3.4",
            "Errors were found",
            "an Info here",
            "PaNiC",
            "A/B test results are in",
            "I/O wait is high",
            "HELLO/world is fine",
            "  E: indented, inside something else",
            "X: not apt",
            "curl: (see the manual) for options",
            "curl: try 'curl --help' for more information",
            "curl (7) is not the tag",
            "E:",
            "",
        ] {
            assert_eq!(level(line), None, "{line}");
        }
    }

    #[test]
    fn structured_level_names_map_to_api_levels() {
        assert_eq!(level_from_name("warning"), Some(Warn));
        assert_eq!(level_from_name("Information"), Some(Info));
        assert_eq!(level_from_name("WARN+2"), Some(Warn));
        assert_eq!(level_from_name("dpanic"), Some(Error));
        assert_eq!(level_from_name("emerg"), Some(Error));
        assert_eq!(level_from_name("loud"), None);
    }

    #[test]
    fn every_level_word_is_found_in_any_case_and_in_text_by_its_spelling() {
        assert!(WORD_KEYS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for known in LEVEL_NAMES {
            let upper = known.word.to_ascii_uppercase();
            assert_eq!(level_from_name(&upper), Some(known.level), "{upper}");
            assert_eq!(level_from_name(known.word), Some(known.level));
            assert!(may_name_level(upper.as_bytes()), "{upper} is skipped");
            let in_text = level(&format!("{upper} something happened"));
            match known.spelling {
                Spelling::FieldOnly => assert_eq!(in_text, None, "{upper}"),
                _ => assert_eq!(in_text, Some(known.level), "{upper}"),
            }
        }
    }

    #[test]
    fn crash_markers() {
        assert!(is_crash_marker("panic: runtime error: index out of range"));
        assert!(is_crash_marker("Traceback (most recent call last):"));
        assert!(is_crash_marker(
            "Exception in thread \"main\" java.lang.Error"
        ));
        assert!(is_crash_marker(
            "thread 'main' panicked at src/main.rs:2:5:"
        ));
        assert!(!is_crash_marker("panicking is bad"));
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever the bytes, level detection gives a level or nothing; a level
    //! word right after a timestamp is always found.

    use proptest::prelude::*;

    use super::*;
    use crate::understand::fuzz::{any_bytes, config};

    const TIMESTAMPS: &[&str] = &[
        "2026-11-24T19:09:41.123Z",
        "2026-11-24 19:09:41,123",
        "2026/11/24 19:09:41",
        "Nov 24 19:09:41",
        "[Tue Nov 24 19:09:41 2026]",
        "11-24 19:09:41.811",
        "19:09:41.811",
        "1795201781",
        "",
    ];

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn fuzz_any_bytes_give_a_level_or_none(bytes in any_bytes()) {
            let _ = detect(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = detect(text.as_bytes());
            let _ = level_from_name(&text);
            let _ = skip_escapes(&text);
            let _ = is_crash_marker(&text);
        }

        #[test]
        fn fuzz_a_level_word_after_a_timestamp_is_found(
            timestamp in prop::sample::select(TIMESTAMPS),
            (word, level) in prop::sample::select(vec![
                ("ERROR", Level::Error), ("WARN", Level::Warn), ("WARNING", Level::Warn),
                ("INFO", Level::Info), ("DEBUG", Level::Debug), ("FATAL", Level::Error),
                ("[error]", Level::Error), ("<warn>", Level::Warn), ("Info:", Level::Info),
            ]),
            rest in "\\PC{0,40}",
        ) {
            let line = format!("{timestamp} {word} {rest}");
            prop_assert_eq!(detect(line.trim_start().as_bytes()), Some(level), "{}", line);
        }
    }
}
