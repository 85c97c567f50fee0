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
