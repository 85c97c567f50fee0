//! Redaction: secrets in an entry's message and meta are replaced by
//! [`MARKER`] before the entry is encoded, so that no secret reaches the
//! spool, the API or a dry run's output. Most lines hold none: one
//! case-insensitive Aho-Corasick pass over the text (and a scan for long
//! digit runs) decides whether the costlier rules run at all.

use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet};
use serde_json::{Map, Value};

use crate::entry::{floor_char_boundary, Entry, MAX_MESSAGE_BYTES};
pub use crate::secret_mask::MARKER;

/// Whether the built-in rules run (`--redact on|off`). The configured key is
/// masked either way, by the entry's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BuiltinRules {
    #[default]
    On,
    Off,
}

/// An added rule (`--redact-pattern`): a regular expression and its text.
#[derive(Debug, Clone)]
pub struct RedactPattern {
    pub regex: Regex,
}

impl RedactPattern {
    /// Compiles `text`; the error is one line, for a usage or config error.
    pub fn parse(text: &str) -> Result<RedactPattern, String> {
        let regex = Regex::new(text).map_err(|error| {
            let detail = error.to_string();
            let last = detail.lines().last().unwrap_or("invalid").trim();
            format!("invalid regular expression '{text}': {last}")
        })?;
        Ok(RedactPattern { regex })
    }

    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }
}

/// What is masked: the built-in rules (unless off) and the added patterns.
#[derive(Debug, Clone, Default)]
pub struct RedactSettings {
    pub builtin: BuiltinRules,
    pub patterns: Vec<RedactPattern>,
}

/// The built-in rules, by name, with what each masks: for `check` and the
/// README.
pub const BUILTIN_RULE_NAMES: &[(&str, &str)] = &[
    (
        "secret-named keys",
        "the value of password, passwd, pwd, secret, token, api_key, access_key, private_key, \
         client_secret, authorization, cookie, set-cookie… in text, logfmt and JSON",
    ),
    (
        "authorization header",
        "the credentials after Bearer, Basic or another scheme",
    ),
    ("JWT", "eyJ….eyJ….…"),
    ("URL password", "scheme://user:[REDACTED]@host"),
    (
        "card number",
        "13–19 digits starting with 2–6, grouped by spaces or dashes, passing the Luhn check",
    ),
    (
        "AWS key",
        "AKIA…/ASIA… access key ids, and aws_secret_access_key values",
    ),
    (
        "PEM private key",
        "the body of -----BEGIN … PRIVATE KEY----- blocks",
    ),
    (
        "Streamlogia key",
        "ls_app_live_…, ls_api_live_…, ls_src_live_…",
    ),
];

/// Needles, in lower case, at least one of which a line lowered to ASCII
/// lower case must hold for the built-in rules other than card numbers to
/// run. (A case-sensitive search of a lowered copy is several times faster
/// than a case-insensitive one: it keeps the SIMD prefilter.)
const PREFILTER_NEEDLES: &[&str] = &[
    "passw",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "accesskey",
    "access_key",
    "access-key",
    "privatekey",
    "private_key",
    "private-key",
    "authorization",
    "cookie",
    "eyj",
    "://",
    "akia",
    "asia",
    "-----begin",
    "-----end",
    "_live_",
];

/// The last word of a key that names a secret (with the compounds written
/// as one word in upper or lower case: `ACCESSTOKEN`, `clientsecret`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "authorization",
    "cookie",
    "accesskey",
    "privatekey",
    "secretkey",
    "clientsecret",
    "accesstoken",
    "refreshtoken",
    "authtoken",
    "idtoken",
    "sessiontoken",
];
/// The last two words of a key that names a secret.
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("access", "key"),
    ("private", "key"),
    ("secret", "key"),
];
/// Keys whose header-style value (`Key: value`) runs to the end of the line.
const HEADER_WORDS: &[&str] = &["authorization", "cookie"];

/// Card numbers: fewest and most digits.
const CARD_DIGITS: Range<usize> = 13..20;

/// The compiled built-in rules.
#[derive(Debug, Clone)]
struct Builtin {
    prefilter: AhoCorasick,
    key_value: Regex,
    jwt: Regex,
    url_password: Regex,
    aws_key_id: Regex,
    pem_begin: Regex,
    pem_end: Regex,
    service_key: Regex,
}

impl Builtin {
    fn new() -> Builtin {
        let compile = |pattern: &str| Regex::new(pattern).expect("a built-in rule compiles");
        Builtin {
            prefilter: AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(PREFILTER_NEEDLES)
                .expect("the needles build"),
            key_value: compile(
                r#"(?i)([a-z0-9_.\-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|secret[_-]?key|authorization|cookie))["']?[ \t]*([:=])[ \t]*"#,
            ),
            jwt: compile(r"eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*"),
            url_password: compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#@:]*:([^\s/?#@]+)@"),
            aws_key_id: compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
            pem_begin: compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"),
            pem_end: compile(r"-----END [A-Z0-9 ]*PRIVATE KEY-----"),
            service_key: compile(r"\bls_(?:app|api|src)_live_[A-Za-z0-9_\-]+"),
        }
    }
}

/// Where a text being redacted sits: a message may continue a PEM block an
/// earlier entry began (the lines of one key shipped as separate entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Message,
    Field,
}

/// Masks secrets in entries. One per batcher: it remembers a PEM block
/// left open by the previous entry.
#[derive(Debug, Clone)]
pub struct Redactor {
    builtin: Option<Builtin>,
    patterns: Vec<Regex>,
    pattern_set: Option<RegexSet>,
    /// Inside a private key block that an earlier entry began.
    in_pem: bool,
    spans: Vec<Range<usize>>,
    groups: Vec<Range<usize>>,
    /// The text being redacted, in ASCII lower case, for the prefilter.
    lower: Vec<u8>,
}

impl Redactor {
    pub fn new(settings: &RedactSettings) -> Redactor {
        let patterns: Vec<Regex> = settings.patterns.iter().map(|p| p.regex.clone()).collect();
        let pattern_set = match patterns.is_empty() {
            true => None,
            false => Some(
                RegexSet::new(patterns.iter().map(Regex::as_str))
                    .expect("each pattern compiled alone"),
            ),
        };
        Redactor {
            builtin: match settings.builtin {
                BuiltinRules::On => Some(Builtin::new()),
                BuiltinRules::Off => None,
            },
            patterns,
            pattern_set,
            in_pem: false,
            spans: Vec::new(),
            groups: Vec::new(),
            lower: Vec::new(),
        }
    }

    /// True when no rule is in force (`--redact off`, no patterns).
    pub fn is_off(&self) -> bool {
        self.builtin.is_none() && self.patterns.is_empty()
    }

    /// Masks the entry's message and meta; an entry with anything masked
    /// gets `"redacted": N` in meta. Returns N.
    pub fn redact_entry(&mut self, entry: &mut Entry<'_>) -> usize {
        if self.is_off() {
            return 0;
        }
        let mut count = 0;
        let original_bytes = entry.message.len();
        if let Some((text, masked)) = self.redact(&entry.message, Place::Message) {
            entry.message = Cow::Owned(text);
            count += masked;
        }
        count += self.redact_map(&mut entry.meta);
        if count == 0 {
            return 0;
        }
        if entry.message.len() > MAX_MESSAGE_BYTES {
            let cut = floor_char_boundary(&entry.message, MAX_MESSAGE_BYTES);
            entry.message.to_mut().truncate(cut);
            if !entry.meta.contains_key("truncated") {
                entry.meta.insert("truncated".into(), Value::Bool(true));
                entry
                    .meta
                    .insert("original_bytes".into(), Value::from(original_bytes));
            }
        }
        entry.meta.insert("redacted".into(), Value::from(count));
        count
    }

    /// `text` with its secrets masked, and how many; `None` when it holds none.
    #[cfg(test)]
    pub fn redact_text(&mut self, text: &str) -> Option<(String, usize)> {
        self.redact(text, Place::Field)
    }

    fn redact(&mut self, text: &str, place: Place) -> Option<(String, usize)> {
        let mut spans = std::mem::take(&mut self.spans);
        spans.clear();
        self.collect(text, place, &mut spans);
        let result = match spans.is_empty() {
            true => None,
            false => Some(apply(text, &mut spans)),
        };
        self.spans = spans;
        result
    }

    /// Pushes the ranges of `text` to mask, in any order, overlaps allowed.
    fn collect(&mut self, text: &str, place: Place, spans: &mut Vec<Range<usize>>) {
        if let Some(builtin) = &self.builtin {
            if place == Place::Message && self.in_pem {
                self.in_pem = continue_pem(builtin, text, spans);
            }
            if may_hold_secret(builtin, text, &mut self.lower) {
                let open = builtin_spans(builtin, text, spans);
                if place == Place::Message && open {
                    self.in_pem = true;
                }
            }
            card_spans(text, spans, &mut self.groups);
        }
        if let Some(set) = &self.pattern_set {
            for index in set.matches(text).iter() {
                pattern_spans(&self.patterns[index], text, spans);
            }
        }
    }

    /// Masks the values of meta: a secret-named key's whole value, and the
    /// secrets in every other string (and card numbers in numbers).
    fn redact_map(&mut self, map: &mut Map<String, Value>) -> usize {
        let mut count = 0;
        for (key, value) in map.iter_mut() {
            let secret_key = match &self.builtin {
                Some(builtin) => {
                    may_name_secret(builtin, key, &mut self.lower) && is_secret_key(key)
                }
                None => false,
            };
            if secret_key {
                if masks_whole(value) {
                    *value = Value::String(MARKER.to_owned());
                    count += 1;
                }
                continue;
            }
            count += self.redact_value(value);
        }
        count
    }

    fn redact_value(&mut self, value: &mut Value) -> usize {
        match value {
            Value::String(text) => match self.redact(text, Place::Field) {
                Some((masked, count)) => {
                    *text = masked;
                    count
                }
                None => 0,
            },
            Value::Number(number) => {
                let text = number.to_string();
                match self.redact(&text, Place::Field) {
                    Some((masked, count)) => {
                        *value = Value::String(masked);
                        count
                    }
                    None => 0,
                }
            }
            Value::Array(items) => items.iter_mut().map(|item| self.redact_value(item)).sum(),
            Value::Object(map) => self.redact_map(map),
            Value::Bool(_) | Value::Null => 0,
        }
    }
}

/// Whether the prefilter finds a needle in `text` (lowered into `lower`).
fn may_hold_secret(builtin: &Builtin, text: &str, lower: &mut Vec<u8>) -> bool {
    lower.clear();
    lower.extend_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    builtin.prefilter.is_match(lower.as_slice())
}

/// Whether `key` may name a secret: a needle, or `key` (of `api.key` and
/// such pairs), is in it. Most keys are not, and skip [`is_secret_key`].
fn may_name_secret(builtin: &Builtin, key: &str, lower: &mut Vec<u8>) -> bool {
    may_hold_secret(builtin, key, lower) || lower.windows(3).any(|three| three == b"key")
}

/// A secret-named key's value is masked unless it says nothing: null, a
/// boolean, an empty string or the marker already.
fn masks_whole(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) => false,
        Value::String(text) => !text.is_empty() && text != MARKER,
        _ => true,
    }
}

/// Replaces each of `spans` (merged where they overlap or touch) by the marker.
fn apply(text: &str, spans: &mut Vec<Range<usize>>) -> (String, usize) {
    spans.sort_unstable_by_key(|span| span.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans.drain(..) {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let mut out = String::with_capacity(text.len() + MARKER.len());
    let mut at = 0;
    for span in &merged {
        out.push_str(&text[at..span.start]);
        out.push_str(MARKER);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, merged.len())
}

/// Whether `key` names a secret: its last word (words split at `_`, `-`,
/// `.`, other punctuation and lower-to-upper case changes) is one of
/// [`SECRET_WORDS`], or its last two one of [`SECRET_PAIRS`]. So
/// `db_password`, `accessToken` and `X-Api-Key` do; `token_count`,
/// `tokenizer` and `secretary` do not.
pub fn is_secret_key(key: &str) -> bool {
    let words = words_of(key);
    match words.as_slice() {
        [.., a, b] if SECRET_PAIRS.contains(&(a.as_str(), b.as_str())) => true,
        [.., last] => SECRET_WORDS.contains(&last.as_str()),
        [] => false,
    }
}

fn words_of(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut after_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            after_lower = false;
            continue;
        }
        if c.is_uppercase() && after_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
        after_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The spans of the rules behind the prefilter; true when a private key
/// block is left open at the end of `text`.
fn builtin_spans(builtin: &Builtin, text: &str, spans: &mut Vec<Range<usize>>) -> bool {
    for found in builtin.key_value.captures_iter(text) {
        let (Some(key), Some(separator), Some(all)) = (found.get(1), found.get(2), found.get(0))
        else {
            continue;
        };
        if !is_secret_key(key.as_str()) {
            continue;
        }
        let header = separator.as_str() == ":"
            && HEADER_WORDS
                .iter()
                .any(|word| key.as_str().to_ascii_lowercase().ends_with(word));
        let authorization = key.as_str().to_ascii_lowercase().ends_with("authorization");
        if let Some(span) = value_span(text, all.end(), header, authorization) {
            spans.push(span);
        }
    }
    for rule in [&builtin.jwt, &builtin.aws_key_id, &builtin.service_key] {
        spans.extend(rule.find_iter(text).map(|found| found.range()));
    }
    for found in builtin.url_password.captures_iter(text) {
        spans.extend(found.get(1).map(|password| password.range()));
    }
    let mut open = false;
    for begin in builtin.pem_begin.find_iter(text) {
        let rest = &text[begin.end()..];
        let (body_end, closed) = match builtin.pem_end.find(rest) {
            Some(end) => (begin.end() + end.start(), true),
            None => (text.len(), false),
        };
        push_trimmed(text, begin.end()..body_end, spans);
        open = !closed;
    }
    open
}

/// Masks the part of a message inside a private key block begun by an
/// earlier entry; true while the block stays open.
fn continue_pem(builtin: &Builtin, text: &str, spans: &mut Vec<Range<usize>>) -> bool {
    match builtin.pem_end.find(text) {
        Some(end) => {
            push_trimmed(text, 0..end.start(), spans);
            false
        }
        None => {
            push_trimmed(text, 0..text.len(), spans);
            true
        }
    }
}

/// Pushes `span` of `text` without its leading and trailing white space.
fn push_trimmed(text: &str, span: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let part = &text[span.clone()];
    let start = span.start + (part.len() - part.trim_start().len());
    let end = span.end - (part.len() - part.trim_end().len());
    if start < end {
        spans.push(start..end);
    }
}

/// The value that starts at `start`: quoted, to the end of the line for a
/// header, else up to white space or `,;&"'`. For an authorization value,
/// only what follows its scheme (`Bearer`, `Basic`, …).
fn value_span(text: &str, start: usize, header: bool, authorization: bool) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    let span = match first {
        b'"' | b'\'' => {
            let mut end = start + 1;
            while end < bytes.len() && bytes[end] != first && bytes[end] != b'\n' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            (start + 1)..end.min(bytes.len())
        }
        _ if header => {
            let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
            start..start + text[start..end].trim_end().len()
        }
        _ => {
            let end = bytes[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b",;&\"'".contains(&b))
                .map_or(bytes.len(), |at| start + at);
            start..end
        }
    };
    let span = match authorization {
        true => after_scheme(text, span),
        false => span,
    };
    let value = &text[span.clone()];
    (!value.is_empty() && value != MARKER).then_some(span)
}

/// The credentials of an authorization value: the word after a leading
/// scheme word (`Bearer abc sent` → `abc`), or the whole value.
fn after_scheme(text: &str, span: Range<usize>) -> Range<usize> {
    let value = &text[span.clone()];
    let scheme = value.bytes().take_while(u8::is_ascii_alphabetic).count();
    let spaces = value[scheme..].bytes().take_while(|&b| b == b' ').count();
    if scheme == 0 || spaces == 0 || scheme + spaces == value.len() {
        return span;
    }
    // Bearer and Basic credentials are one word.
    let credentials = &value[scheme + spaces..];
    let length = credentials
        .find(char::is_whitespace)
        .unwrap_or(credentials.len());
    let start = span.start + scheme + spaces;
    start..start + length
}

/// The spans of an added rule: its capture groups when it has any, else
/// its whole matches.
fn pattern_spans(regex: &Regex, text: &str, spans: &mut Vec<Range<usize>>) {
    if regex.captures_len() > 1 {
        for found in regex.captures_iter(text) {
            spans.extend(
                found
                    .iter()
                    .skip(1)
                    .flatten()
                    .map(|group| group.range())
                    .filter(|range| !range.is_empty()),
            );
        }
    } else {
        spans.extend(
            regex
                .find_iter(text)
                .map(|found| found.range())
                .filter(|range| !range.is_empty()),
        );
    }
}

/// The card numbers in `text`: runs of digits, single spaces or dashes
/// between groups, not part of a word, 13–19 digits starting with 2–6 that
/// pass the Luhn check. A run longer than a card number is tried at each
/// group: the digits of a card are never hidden by a number next to them.
fn card_spans(text: &str, spans: &mut Vec<Range<usize>>, groups: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // Counted in one vectorized pass: most lines hold too few digits; then
    // one pass without bookkeeping for a run long enough.
    if bytes.iter().filter(|byte| byte.is_ascii_digit()).count() < CARD_DIGITS.start
        || !has_long_digit_run(bytes)
    {
        return;
    }
    let mut at = 0;
    while at < bytes.len() {
        let Some(offset) = bytes[at..].iter().position(u8::is_ascii_digit) else {
            return;
        };
        let start = at + offset;
        groups.clear();
        let mut end = start;
        let mut digits = 0;
        loop {
            let group_start = end;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            digits += end - group_start;
            groups.push(group_start..end);
            let separated = end + 1 < bytes.len()
                && (bytes[end] == b' ' || bytes[end] == b'-')
                && bytes[end + 1].is_ascii_digit();
            if !separated {
                break;
            }
            end += 1;
        }
        at = end;
        let in_word = |index: usize| bytes[index].is_ascii_alphabetic() || bytes[index] == b'_';
        if digits < CARD_DIGITS.start || (start > 0 && in_word(start - 1)) {
            continue;
        }
        if end < bytes.len() && in_word(end) {
            continue;
        }
        cards_in_run(bytes, groups, spans);
    }
}

/// Whether `bytes` hold a run of at least 13 digits, single spaces or
/// dashes between them allowed: what [`card_spans`] looks into.
fn has_long_digit_run(bytes: &[u8]) -> bool {
    let mut digits = 0;
    let mut after_digit = false;
    for &byte in bytes {
        if byte.is_ascii_digit() {
            digits += 1;
            if digits >= CARD_DIGITS.start {
                return true;
            }
            after_digit = true;
        } else if after_digit && (byte == b' ' || byte == b'-') {
            after_digit = false;
        } else {
            digits = 0;
            after_digit = false;
        }
    }
    false
}

/// Tries each group of a run as the start of a card number, longest first.
fn cards_in_run(bytes: &[u8], groups: &[Range<usize>], spans: &mut Vec<Range<usize>>) {
    let mut first = 0;
    'starts: while first < groups.len() {
        let mut digits = 0;
        let mut last_fit = None;
        for (index, group) in groups.iter().enumerate().skip(first) {
            digits += group.len();
            if digits >= CARD_DIGITS.end {
                break;
            }
            if digits >= CARD_DIGITS.start {
                last_fit = Some(index);
            }
        }
        let Some(last_fit) = last_fit else {
            first += 1;
            continue;
        };
        for last in (first..=last_fit).rev() {
            let span = groups[first].start..groups[last].end;
            if is_card_number(&bytes[span.clone()]) {
                spans.push(span);
                first = last + 1;
                continue 'starts;
            }
        }
        first += 1;
    }
}

/// 13–19 digits (spaces and dashes aside) starting with 2–6, passing Luhn.
fn is_card_number(text: &[u8]) -> bool {
    let digits = || text.iter().filter(|b| b.is_ascii_digit()).map(|b| b - b'0');
    let count = digits().count();
    if !CARD_DIGITS.contains(&count) || !(2..=6).contains(&digits().next().unwrap_or(0)) {
        return false;
    }
    let sum: u32 = digits()
        .rev()
        .enumerate()
        .map(|(index, digit)| {
            let digit = u32::from(digit);
            match index % 2 {
                1 if digit * 2 > 9 => digit * 2 - 9,
                1 => digit * 2,
                _ => digit,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests;
