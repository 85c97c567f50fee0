//! JSON-object lines (`{"level":"warn","msg":"…"}`) and systemd journal
//! export records (`__CURSOR=…` then one `FIELD=value` per line).

use serde_json::{Map, Value};

/// The fields of a line that is one JSON object; `None` for anything else.
pub fn parse_object(line: &str) -> Option<Map<String, Value>> {
    let trimmed = line.trim();
    if !trimmed.starts_with('{') || !trimmed.ends_with('}') {
        return None;
    }
    serde_json::from_str(trimmed).ok()
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
pub fn parse_journal_record(record: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    for line in record.split('\n') {
        let (key, value) = line.split_once('=')?;
        fields.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    fields.contains_key("MESSAGE").then_some(fields)
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
        assert_eq!(fields["PRIORITY"], "3");
        assert_eq!(fields["MESSAGE"], "disk full");
        assert!(starts_journal_record(record));
        assert!(is_journal_field("_SYSTEMD_UNIT=app.service"));
        assert!(!is_journal_field("at com.example.Main"));
    }
}
