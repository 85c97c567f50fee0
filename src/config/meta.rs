//! `--meta` and `--tag` values as typed on the command line.

use serde_json::{Map, Value};

use crate::output::failure::Failure;

/// Parses `KEY=VALUE` (a string) or `KEY:=JSON` (a typed value), the HTTPie
/// convention, into `meta`. A later pair with the same key wins.
pub fn parse_meta_pairs(pairs: &[String]) -> Result<Map<String, Value>, Failure> {
    let mut meta = Map::new();
    for pair in pairs {
        let (key, value) = parse_meta_pair(pair)?;
        meta.insert(key, value);
    }
    Ok(meta)
}

fn parse_meta_pair(pair: &str) -> Result<(String, Value), Failure> {
    let malformed = |why: &str| {
        Failure::usage(format!("malformed --meta '{pair}': {why}")).with_hint(
            "use KEY=VALUE for a string or KEY:=JSON for a typed value, e.g. --meta attempt:=3",
        )
    };
    let Some(equals) = pair.find('=') else {
        return Err(malformed("no '='"));
    };
    let typed = pair[..equals].ends_with(':');
    let key = if typed {
        &pair[..equals - 1]
    } else {
        &pair[..equals]
    };
    let raw_value = &pair[equals + 1..];
    if key.trim().is_empty() {
        return Err(malformed("the key is empty"));
    }
    let value = if typed {
        serde_json::from_str(raw_value)
            .map_err(|error| malformed(&format!("the value is not JSON ({error})")))?
    } else {
        Value::String(raw_value.to_owned())
    };
    Ok((key.to_owned(), value))
}

/// Splits `--tag` values on commas, trims them and drops empty and repeated tags.
pub fn parse_tags<'a>(values: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in values.into_iter().flat_map(|value| value.split(',')) {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|known| known == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(pairs: &[&str]) -> Result<Value, Failure> {
        let pairs: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
        parse_meta_pairs(&pairs).map(Value::Object)
    }

    #[test]
    fn plain_pairs_are_strings_and_typed_pairs_are_json() {
        assert_eq!(
            meta(&[
                "host=web-1",
                "attempt:=3",
                "ok:=true",
                "ctx:={\"a\":[1]}",
                "eq=a=b",
                "empty="
            ])
            .unwrap(),
            json!({"host": "web-1", "attempt": 3, "ok": true, "ctx": {"a": [1]}, "eq": "a=b", "empty": ""})
        );
    }

    #[test]
    fn malformed_pairs_are_usage_errors_naming_the_pair() {
        for bad in ["novalue", "=x", ":=1", "n:=notjson"] {
            let error = meta(&[bad]).unwrap_err();
            assert_eq!(error.exit_code, crate::output::exit_code::ExitCode::Usage);
            assert!(error.message.contains(bad), "{}", error.message);
        }
    }

    #[test]
    fn tags_split_on_commas_without_empties_or_repeats() {
        let values = vec![
            "prod, region:us-east".to_string(),
            "prod".into(),
            ",,x".into(),
        ];
        assert_eq!(parse_tags(&values), vec!["prod", "region:us-east", "x"]);
    }
}
