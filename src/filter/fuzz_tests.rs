//! Fuzzing the redactor (the `fuzz_` properties of CONTRIBUTING.md, "The
//! fuzz run"): whatever the line, redaction never panics and grows a text by
//! no more than its markers; and a generated line holding a secret of any
//! built-in class, amid real-shaped text, never keeps it.

use std::borrow::Cow;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

use crate::entry::Entry;
use crate::filter::redact::{RedactSettings, Redactor, MARKER};
use crate::level::Level;
use crate::understand::fuzz::{any_bytes, config, json_line, SAMPLES};

/// A fresh redactor (one compiled, then cloned: its rules are shared).
fn redactor() -> Redactor {
    static PROTOTYPE: OnceLock<Redactor> = OnceLock::new();
    PROTOTYPE
        .get_or_init(|| Redactor::new(&RedactSettings::default()))
        .clone()
}

/// A value holding `Qz7` (which no key or surrounding text holds: `Q` alone
/// is in `MYSQL_password`), so that
/// finding it in the output means it survived.
fn value(charset: &'static str) -> impl Strategy<Value = String> {
    (
        proptest::string::string_regex(charset).unwrap(),
        proptest::string::string_regex(charset).unwrap(),
    )
        .prop_map(|(before, after)| format!("{before}Qz7{after}"))
}

/// A key that names a secret, in one of the spellings seen in logs.
fn secret_key() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "api-key",
        "access_key",
        "private_key",
        "client_secret",
        "authorization",
        "cookie",
        "set-cookie",
        "aws_secret_access_key",
        "accessToken",
        "clientSecret",
    ]);
    let prefix = prop::sample::select(vec!["", "db_", "X-", "user.", "MYSQL_", "refresh_"]);
    let case = prop::sample::select(vec![0u8, 1, 2]);
    (prefix, name, case).prop_map(|(prefix, name, case)| {
        let key = format!("{prefix}{name}");
        match case {
            1 => key.to_uppercase(),
            2 => key.to_lowercase(),
            _ => key,
        }
    })
}

/// A card number of 13–19 digits starting with 2–6, with its Luhn check
/// digit, written plain or in groups of four.
fn card_number() -> impl Strategy<Value = String> {
    (
        2u8..=6,
        prop::collection::vec(0u8..10, 11..=17),
        prop::sample::select(vec!["", " ", "-"]),
    )
        .prop_map(|(first, rest, separator)| {
            let mut digits = vec![first];
            digits.extend(rest);
            let sum: u32 = digits
                .iter()
                .rev()
                .enumerate()
                .map(|(index, &digit)| {
                    let digit = u32::from(digit);
                    match index % 2 {
                        0 if digit * 2 > 9 => digit * 2 - 9,
                        0 => digit * 2,
                        _ => digit,
                    }
                })
                .sum();
            digits.push(((10 - sum % 10) % 10) as u8);
            let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            match separator {
                "" => text,
                separator => text
                    .as_bytes()
                    .chunks(4)
                    .map(|chunk| std::str::from_utf8(chunk).unwrap())
                    .collect::<Vec<_>>()
                    .join(separator),
            }
        })
}

/// A piece of text holding a secret, and the secret (what must not survive).
fn secret() -> impl Strategy<Value = (String, String)> {
    let b64url = "[A-Za-z0-9_-]{2,12}";
    prop_oneof![
        (
            secret_key(),
            prop::sample::select(vec!["=", ": ", " = ", ":"]),
            value("[A-Za-z0-9!#$%*+/._~-]{0,12}")
        )
            .prop_map(|(key, separator, value)| (format!("{key}{separator}{value}"), value)),
        (secret_key(), value("[A-Za-z0-9 !#$%*+/._~-]{0,12}"))
            .prop_map(|(key, value)| (format!("\"{key}\":\"{value}\""), value)),
        (
            prop::sample::select(vec!["Bearer", "Basic", "bearer"]),
            value("[A-Za-z0-9._~+/=-]{0,24}")
        )
            .prop_map(|(scheme, token)| (format!("Authorization: {scheme} {token}"), token)),
        (value(b64url), value(b64url), value(b64url)).prop_map(|(a, b, c)| {
            let jwt = format!("eyJ{a}.eyJ{b}.{c}");
            (jwt.clone(), jwt)
        }),
        (
            prop::sample::select(vec!["https", "postgres", "redis", "amqp+ssl"]),
            "[a-z]{0,8}",
            value("[A-Za-z0-9!$%*+._~-]{0,12}")
        )
            .prop_map(|(scheme, user, password)| (
                format!("{scheme}://{user}:{password}@db.example.com:5432/x"),
                password
            )),
        card_number().prop_map(|card| (card.clone(), card)),
        (
            prop::sample::select(vec!["AKIA", "ASIA"]),
            "[A-Z0-9]{7}",
            "[A-Z0-9]{8}"
        )
            .prop_map(|(prefix, a, b)| {
                let id = format!("{prefix}{a}Q{b}");
                (id.clone(), id)
            }),
        (
            prop::sample::select(vec!["ls_app_live_", "ls_api_live_", "ls_src_live_"]),
            value("[A-Za-z0-9]{4,16}")
        )
            .prop_map(|(prefix, key)| (format!("{prefix}{key}"), key)),
        (
            prop::sample::select(vec!["RSA ", "EC ", ""]),
            value("[A-Za-z0-9+/=]{8,40}"),
            prop::sample::select(vec!["\n-----END", " (cut here)"])
        )
            .prop_map(|(kind, body, end)| {
                let end = match end {
                    " (cut here)" => String::new(),
                    _ => format!("\n-----END {kind}PRIVATE KEY-----"),
                };
                (
                    format!("-----BEGIN {kind}PRIVATE KEY-----\n{body}{end}"),
                    body,
                )
            }),
    ]
}

/// Real-shaped text around a secret: samples of every form the README
/// names (without a `Q`), or plain words; it ends and starts with a word,
/// so that no digit or key runs into the secret.
fn context() -> impl Strategy<Value = String> {
    let samples: Vec<&str> = SAMPLES
        .iter()
        .copied()
        .filter(|s| !s.contains('Q'))
        .collect();
    prop_oneof![
        prop::sample::select(samples).prop_map(str::to_owned),
        "[a-z ,.:/=()\\[\\]0-9-]{0,40}",
    ]
}

fn entry(message: String) -> Entry<'static> {
    Entry::new(
        Level::Info,
        Cow::Owned(message),
        Cow::Borrowed("2026-12-02T06:00:00.000Z"),
    )
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fuzz_any_text_is_redacted_without_panic_and_grows_by_the_markers_only(
        bytes in any_bytes()
    ) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut redactor = redactor();
        if let Some((masked, count)) = redactor.redact_text(&text) {
            prop_assert!(count > 0);
            prop_assert!(masked.len() <= text.len() + count * MARKER.len(), "{text:?} -> {masked:?}");
        }
        let mut entry = entry(text.clone());
        let count = redactor.redact_entry(&mut entry);
        prop_assert!(entry.message.len() <= text.len().max(crate::entry::MAX_MESSAGE_BYTES));
        match count {
            0 => prop_assert!(entry.meta.get("redacted").is_none()),
            count => prop_assert_eq!(&entry.meta["redacted"], &Value::from(count)),
        }
    }

    #[test]
    fn fuzz_json_meta_is_redacted_without_panic((line, _) in json_line()) {
        let Ok(Value::Object(meta)) = serde_json::from_str::<Value>(&line) else {
            return Ok(());
        };
        let mut entry = entry("m".to_owned());
        entry.meta = meta;
        let count = redactor().redact_entry(&mut entry);
        if count > 0 {
            prop_assert_eq!(&entry.meta["redacted"], &Value::from(count));
        }
    }

    #[test]
    fn fuzz_no_secret_survives_in_a_line_that_holds_one(
        before in context(),
        (piece, secret) in secret(),
        after in context(),
    ) {
        let line = format!("{before} at {piece} and {after}");
        let (masked, _) = redactor()
            .redact_text(&line)
            .unwrap_or_else(|| (line.clone(), 0));
        prop_assert!(!masked.contains(&secret), "{secret:?} survived in {masked:?}");
        // And in a JSON field of the line.
        let mut entry = entry("m".to_owned());
        entry.meta.insert("detail".into(), Value::from(line.clone()));
        redactor().redact_entry(&mut entry);
        let shipped = entry.meta["detail"].as_str().unwrap_or_default();
        prop_assert!(!shipped.contains(&secret), "{secret:?} survived in {shipped:?}");
    }
}
