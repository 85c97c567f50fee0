//! JSON-object lines (`{"level":"warn","msg":"…"}`) and systemd journal
//! export records (`__CURSOR=…` then one `FIELD=value` per line).

use std::fmt;

use serde::de::{Deserializer as _, MapAccess, Visitor};
use serde_json::Value;

use super::fields::{spell_out_huge_numbers, Fields};

/// The fields of a line that is one JSON object, in order, numbers with the
/// digits they were written with; `None` for anything else.
pub fn parse_object(line: &str) -> Option<Fields> {
    let trimmed = line.trim();
    if !trimmed.starts_with('{') || !trimmed.ends_with('}') {
        return None;
    }
    let mut deserializer = serde_json::Deserializer::from_str(trimmed);
    let fields = deserializer.deserialize_map(FieldsVisitor).ok()?;
    deserializer.end().ok()?;
    Some(fields)
}

/// The prefix of a line that is a JSON object behind one, and the object's
/// fields: docker compose's `web-1  | {…}`, `kubectl logs --prefix`'s
/// `[pod/web-1/app] {…}`, syslog's `… app[123]: {…}`. The object starts
/// after `| `, `] ` or `: `; `None` for anything else.
pub fn parse_prefixed_object(line: &str) -> Option<(&str, Fields)> {
    let trimmed = line.trim_end();
    if !trimmed.ends_with('}') || trimmed.starts_with('{') {
        return None;
    }
    let bytes = trimmed.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[from..]) {
        let open = from + found;
        from = open + 1;
        if open < 2 || bytes[open - 1] != b' ' || !matches!(bytes[open - 2], b'|' | b']' | b':') {
            continue;
        }
        if let Some(fields) = parse_object(&trimmed[open..]) {
            // A `]` belongs to the prefix; a `|` or `:` only ends it.
            let end = if bytes[open - 2] == b']' {
                open - 1
            } else {
                open - 2
            };
            let prefix = trimmed[..end].trim_end();
            return Some((prefix, fields));
        }
        return None;
    }
    None
}

/// Reads an object's members into a list (cheaper than a map, and the
/// known fields never need one).
struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some((key, mut value)) = map.next_entry::<String, Value>()? {
            spell_out_huge_numbers(&mut value);
            fields.push((key, value));
        }
        Ok(fields)
    }
}

/// True for the first line of a journal export record.
pub fn starts_journal_record(line: &str) -> bool {
    line.starts_with("__CURSOR=") || line.starts_with("__REALTIME_TIMESTAMP=")
}

/// True for a `FIELD=value` line of a journal export record.
pub fn is_journal_field(line: &str) -> bool {
    let key_len = line
        .bytes()
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        .count();
    key_len > 0 && line.as_bytes().get(key_len) == Some(&b'=')
}

/// The fields of a journal export record, one `FIELD=value` per line.
pub fn parse_journal_record(record: &str) -> Option<Fields> {
    let mut fields = Vec::new();
    for line in record.split('\n') {
        let (key, value) = line.split_once('=')?;
        fields.push((key.to_owned(), Value::String(value.to_owned())));
    }
    fields
        .iter()
        .any(|(key, _)| key == "MESSAGE")
        .then_some(fields)
}

#[cfg(test)]
mod prefixed_tests {
    use super::*;
    use crate::understand::fuzz::{any_bytes, config, json_line};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn fuzz_any_text_gives_a_prefixed_object_or_none(bytes in any_bytes()) {
            let text = String::from_utf8_lossy(&bytes);
            if let Some((prefix, _)) = parse_prefixed_object(&text) {
                prop_assert!(text.starts_with(prefix));
            }
        }

        #[test]
        fn fuzz_an_object_behind_a_prefix_gives_back_every_member(
            (object, _) in json_line(),
            prefix in prop_oneof![
                "[a-z][a-z0-9-]{0,12}-[0-9]{1,2} {1,4}\\|",
                "\\[pod/[a-z0-9-]{1,20}/[a-z]{1,8}\\]",
                "[A-Z][a-z]{2} [ 1-2][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] [a-z0-9-]{1,10} [a-z]{1,8}\\[[0-9]{1,6}\\]:",
            ],
        ) {
            let object = object.trim();
            prop_assume!(object.starts_with('{'));
            let line = format!("{prefix} {object}");
            let found = parse_prefixed_object(&line);
            prop_assert!(found.is_some(), "{line}");
            let (found_prefix, fields) = found.unwrap();
            prop_assert_eq!(Some(fields), parse_object(object));
            let want = prefix.strip_suffix(['|', ':']).unwrap_or(&prefix).trim_end();
            prop_assert_eq!(found_prefix, want);
        }
    }

    #[test]
    fn an_object_behind_a_compose_kubectl_or_syslog_prefix_is_found() {
        for (line, prefix) in [
            (r#"web-1  | {"level":"warn","msg":"x"}"#, "web-1"),
            (
                r#"[pod/web-7d9f/web] {"level":"warn","msg":"x"}"#,
                "[pod/web-7d9f/web]",
            ),
            (
                r#"Dec  2 06:20:31 web-1 shop[4211]: {"level":"warn","msg":"x"}"#,
                "Dec  2 06:20:31 web-1 shop[4211]",
            ),
        ] {
            let (found, fields) = parse_prefixed_object(line).expect(line);
            assert_eq!(found, prefix);
            assert_eq!(fields.len(), 2);
        }
        for line in [
            r#"{"msg":"x"}"#,
            "set {a} to {b}",
            r#"web-1  | {"level":"warn""#,
            r#"msg: {not json}"#,
            r#"web-1 {"level":"warn"}"#,
        ] {
            assert!(parse_prefixed_object(line).is_none(), "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_objects_parse() {
        assert!(parse_object(r#" {"a": 1} "#).is_some());
        assert!(parse_object(r#"{"a": 1} trailing"#).is_none());
        assert!(parse_object("[1, 2]").is_none());
        assert!(parse_object("{not json}").is_none());
    }

    #[test]
    fn journal_records_read_one_field_a_line() {
        let record =
            "__CURSOR=s=1\n__REALTIME_TIMESTAMP=1795201781000000\nPRIORITY=3\nMESSAGE=disk full";
        let fields = parse_journal_record(record).unwrap();
        assert_eq!(fields[2], ("PRIORITY".to_owned(), Value::from("3")));
        assert_eq!(fields[3], ("MESSAGE".to_owned(), Value::from("disk full")));
        assert!(starts_journal_record(record));
        assert!(is_journal_field("_SYSTEMD_UNIT=app.service"));
        assert!(!is_journal_field("at com.example.Main"));
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever the text, the JSON and journal readers give fields or
    //! nothing; a JSON object gives back every member, digits and all.

    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::understand::fuzz::{any_bytes, config, json_line, value_leaves};

    proptest! {
        #![proptest_config(config(512))]

        #[test]
        fn fuzz_any_text_gives_fields_or_none(bytes in any_bytes()) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse_object(&text);
            let _ = parse_journal_record(&text);
            let _ = (is_journal_field(&text), starts_journal_record(&text));
        }

        #[test]
        fn fuzz_json_objects_give_back_every_member((line, members) in json_line()) {
            let fields = parse_object(&line).expect("a JSON object");
            prop_assert_eq!(fields.len(), members.len());
            for ((key, value), (want_key, want)) in fields.iter().zip(&members) {
                prop_assert_eq!(key, want_key);
                let mut got = BTreeSet::new();
                value_leaves(value, &mut Vec::new(), &mut got);
                let mut wanted = Vec::new();
                want.leaves(&mut Vec::new(), &mut wanted);
                let wanted: BTreeSet<_> = wanted.into_iter().collect();
                prop_assert_eq!(got, wanted, "{}", line);
            }
        }
    }
}
