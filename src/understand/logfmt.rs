//! logfmt lines: `level=warn msg="pool exhausted" db=orders wait_ms=120`.
//! Unquoted numbers and booleans become typed values; quoted values stay text.

use serde_json::{Number, Value};

use super::fields::{fits_a_double, Fields};

/// True when the line could be logfmt: it starts with a key followed by `=`.
/// Cheap enough to run on every line.
pub fn looks_like_logfmt(line: &str) -> bool {
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'@')
    {
        return false;
    }
    for &byte in bytes.iter().take(64) {
        match byte {
            b'=' => return true,
            b if is_key_byte(b) => {}
            _ => return false,
        }
    }
    false
}

pub(super) fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-' | b'@' | b'/' | b':')
}

/// Whether a line is read as logfmt because `--format logfmt` says so, or
/// because it may be logfmt (`--format auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Guessing the format: a line needs at least two pairs and no more
    /// stray words than pairs.
    Guessing,
    /// The format was chosen: one pair will do, and a bare word is a key
    /// whose value is `true`.
    Chosen,
}

/// Parses a logfmt line into fields: `None` without a single `key=value`
/// pair, and as `mode` says. Words that are not pairs join the value before them, as
/// written (logrus prints some values unquoted, spaces and all:
/// `err=&{0x20 map[a:b]} n=1`), and so does text glued to a quoted value
/// (`a="x"y`): nothing of the line is dropped.
pub fn parse(line: &str, mode: Mode) -> Option<Fields> {
    let strict = mode == Mode::Guessing;
    let bytes = line.as_bytes();
    let mut fields: Fields = Vec::new();
    let mut stray_words = 0usize;
    let mut pairs = 0usize;
    // Where the value of the last pair starts, while words may still join it.
    let mut open_value: Option<usize> = None;
    let mut at = 0;
    let word_end = |mut at: usize| {
        while bytes.get(at).is_some_and(|b| *b != b' ' && *b != b'\t') {
            at += 1;
        }
        at
    };
    loop {
        while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
            at += 1;
        }
        if at >= bytes.len() {
            break;
        }
        let key_start = at;
        while bytes.get(at).is_some_and(|b| is_key_byte(*b)) {
            at += 1;
        }
        let key = &line[key_start..at];
        let (value_start, joined_end) = match bytes.get(at) {
            Some(b'=') if !key.is_empty() => {
                at += 1;
                let value_start = at;
                let value = if bytes.get(at) == Some(&b'"') {
                    let (text, end) = quoted(line, at + 1)?;
                    at = end;
                    Value::String(text)
                } else {
                    at = word_end(at);
                    typed(&line[value_start..at])
                };
                fields.push((key.to_owned(), value));
                pairs += 1;
                open_value = Some(value_start);
                if matches!(bytes.get(at), None | Some(b' ' | b'\t')) {
                    continue;
                }
                // `a="x"y`: text glued to a quoted value.
                stray_words += 1;
                at = word_end(at);
                (value_start, at)
            }
            None | Some(b' ' | b'\t') if !key.is_empty() && !strict => {
                fields.push((key.to_owned(), Value::Bool(true)));
                open_value = None;
                continue;
            }
            _ => {
                stray_words += 1;
                at = word_end(at);
                match open_value {
                    Some(value_start) => (value_start, at),
                    None if strict => continue,
                    None => {
                        // Nothing before it to join: a word of its own.
                        fields.push((line[key_start..at].to_owned(), Value::Bool(true)));
                        continue;
                    }
                }
            }
        };
        if let Some(last) = fields.last_mut() {
            last.1 = Value::String(line[value_start..joined_end].to_owned());
        }
    }
    // A line without a single pair is text, whatever its words.
    if pairs == 0 || (strict && (pairs < 2 || stray_words > pairs)) {
        return None;
    }
    Some(fields)
}

/// A quoted value starting after its opening quote: the text and the index
/// after the closing quote.
fn quoted(line: &str, start: usize) -> Option<(String, usize)> {
    let rest = &line.as_bytes()[start..];
    if let Some(end) = memchr::memchr2(b'"', b'\\', rest) {
        if rest[end] == b'"' {
            return Some((line[start..start + end].to_owned(), start + end + 1));
        }
    }
    let mut text = String::new();
    let mut chars = line[start..].char_indices();
    while let Some((offset, ch)) = chars.next() {
        match ch {
            '"' => return Some((text, start + offset + 1)),
            '\\' => match chars.next()?.1 {
                'n' => text.push('\n'),
                't' => text.push('\t'),
                'r' => text.push('\r'),
                other => text.push(other),
            },
            other => text.push(other),
        }
    }
    None
}

/// A bare value: `true` or `false`, a number with the digits it was
/// written with (`12345678901234567890123`, `0.10000000000000000555`), or text
/// (`007`, `1.2.3`, and `1e999`, which no double holds).
fn typed(text: &str) -> Value {
    match text {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    let numeric_start = match bytes {
        [b'-', second, ..] => second.is_ascii_digit(),
        [first, ..] => first.is_ascii_digit(),
        [] => false,
    };
    if numeric_start
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        if let Some(number) = text.parse::<Number>().ok().filter(fits_a_double) {
            return Value::Number(number);
        }
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_pairs_with_typed_values() {
        let fields = parse(
            r#"level=warn msg="pool \"orders\" exhausted" db=orders wait_ms=120 ratio=0.5 ok=true empty= neg=-3 ver=1.2.3"#,
            Mode::Guessing,
        )
        .unwrap();
        assert_eq!(
            Value::Object(fields.into_iter().collect()),
            json!({"level": "warn", "msg": "pool \"orders\" exhausted", "db": "orders",
                   "wait_ms": 120, "ratio": 0.5, "ok": true, "empty": "", "neg": -3, "ver": "1.2.3"})
        );
    }

    #[test]
    fn strict_parsing_refuses_text_that_merely_contains_an_equals_sign() {
        assert!(parse("user=bob logged in", Mode::Guessing).is_none());
        assert!(parse("a=1", Mode::Guessing).is_none());
        assert!(parse("a=1 b=2 three stray words", Mode::Guessing).is_none());
        let logrus = parse(
            "level=fatal msg=x err=&{0x20 map[a:b] 2026-11-24} n=1",
            Mode::Guessing,
        )
        .unwrap();
        assert_eq!(logrus.last().unwrap(), &("n".to_owned(), json!(1)));
        assert!(parse(r#"msg="unterminated a=1"#, Mode::Guessing).is_none());
        assert!(parse("x=1 y=2", Mode::Guessing).is_some());
        assert_eq!(
            Value::Object(
                parse("user=bob logged", Mode::Chosen)
                    .unwrap()
                    .into_iter()
                    .collect()
            ),
            json!({"user": "bob", "logged": true})
        );
    }

    #[test]
    fn words_between_pairs_join_the_value_before_them() {
        let fields = parse(
            "level=fatal msg=x err=&{0x20 map[a:b] 2026-11-24} n=1 zip=007 big=1e999 \
             huge=99999999999999999999",
            Mode::Guessing,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&Value::Object(fields.into_iter().collect())).unwrap(),
            r#"{"big":"1e999","err":"&{0x20 map[a:b] 2026-11-24}","huge":99999999999999999999,"level":"fatal","msg":"x","n":1,"zip":"007"}"#
        );
        let glued = parse(r#"a="x"y b=2"#, Mode::Guessing).unwrap();
        assert_eq!(glued[0].1, json!("\"x\"y"));
        let leading = parse("(x) a=1", Mode::Chosen).unwrap();
        assert_eq!(leading[0], ("(x)".to_owned(), json!(true)));
        assert!(parse("just some words", Mode::Chosen).is_none());
        assert!(parse("(x) [y]", Mode::Chosen).is_none());
    }

    #[test]
    fn the_cheap_check_wants_a_key_then_equals() {
        assert!(looks_like_logfmt("time=2026 level=info"));
        assert!(looks_like_logfmt("@timestamp=x"));
        assert!(!looks_like_logfmt("hello world a=b"));
        assert!(!looks_like_logfmt("=x"));
        assert!(!looks_like_logfmt("2026-11-24 x=1"));
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever the text, the logfmt reader gives pairs or nothing; a logfmt
    //! line gives back every pair, with its value's digits, and every word
    //! between pairs.

    use proptest::prelude::*;

    use super::*;
    use crate::understand::fuzz::{any_bytes, config, logfmt_line};

    fn text_of(value: &Value) -> String {
        match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn fuzz_any_text_gives_pairs_or_none(bytes in any_bytes()) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = looks_like_logfmt(&text);
            let _ = parse(&text, Mode::Guessing);
            let _ = parse(&text, Mode::Chosen);
        }

        #[test]
        fn fuzz_logfmt_lines_give_back_every_pair((line, pairs) in logfmt_line()) {
            let fields = parse(&line, Mode::Chosen).expect("a logfmt line");
            prop_assert_eq!(fields.len(), pairs.len(), "{}", line);
            for ((key, value), pair) in fields.iter().zip(&pairs) {
                prop_assert_eq!(key, &pair.key);
                let text = text_of(value);
                if pair.strays.is_empty() {
                    let quoted = pair.written.starts_with('"');
                    let expected = if quoted || !value.is_number() {
                        pair.text.clone()
                    } else {
                        crate::understand::fuzz::number_text(&pair.text)
                    };
                    prop_assert_eq!(&text, &expected, "{}", line);
                } else {
                    prop_assert!(text.contains(&pair.written), "{text:?} of {line:?}");
                    for stray in &pair.strays {
                        prop_assert!(text.contains(stray.as_str()), "{text:?} of {line:?}");
                    }
                }
            }
        }
    }
}
