use super::*;
use serde_json::json;

fn on() -> Redactor {
    Redactor::new(&RedactSettings::default())
}

/// `text` as the built-in rules leave it.
fn masked(text: &str) -> String {
    match on().redact_text(text) {
        Some((masked, _)) => masked,
        None => text.to_owned(),
    }
}

fn assert_masked(line: &str, expected: &str) {
    assert_eq!(masked(line), expected, "{line}");
}

fn assert_untouched(line: &str) {
    assert_eq!(on().redact_text(line), None, "{line}");
}

#[test]
fn values_of_secret_named_keys_are_masked_in_text() {
    assert_masked(
        "login failed for bob password=hunter2 from 10.0.0.7",
        "login failed for bob password=[REDACTED] from 10.0.0.7",
    );
    assert_masked("passwd: s3cr3t!", "passwd: [REDACTED]");
    assert_masked(
        r#"{"token": "abc.def", "user": "x"}"#,
        r#"{"token": "[REDACTED]", "user": "x"}"#,
    );
    assert_masked(
        "DB_PASSWORD=p@ss MYSQL_PWD='x y'",
        "DB_PASSWORD=[REDACTED] MYSQL_PWD='[REDACTED]'",
    );
    assert_masked(
        "GET /cb?code=1&access_token=ya29.a0&x=1",
        "GET /cb?code=1&access_token=[REDACTED]&x=1",
    );
    assert_masked("X-Api-Key: 0123abcd", "X-Api-Key: [REDACTED]");
    assert_masked(
        "apiKey=0123 api-key=4567 APIKEY=89",
        "apiKey=[REDACTED] api-key=[REDACTED] APIKEY=[REDACTED]",
    );
    assert_masked(
        "client_secret=cs_1 private_key=pk_2",
        "client_secret=[REDACTED] private_key=[REDACTED]",
    );
    assert_masked("Cookie: session=abc; theme=dark", "Cookie: [REDACTED]");
    assert_masked(
        "set-cookie: sid=1; HttpOnly\nnext",
        "set-cookie: [REDACTED]\nnext",
    );
    assert_masked("SECRET = 'swordfish'", "SECRET = '[REDACTED]'");
}

#[test]
fn values_of_logfmt_pairs_are_masked() {
    assert_masked(
        r#"level=info msg="user login" user=bob password="correct horse" ok=true"#,
        r#"level=info msg="user login" user=bob password="[REDACTED]" ok=true"#,
    );
    assert_masked(
        "ts=1 refresh_token=rt-99 n=2",
        "ts=1 refresh_token=[REDACTED] n=2",
    );
}

#[test]
fn keys_that_only_look_like_secrets_are_left_alone() {
    assert_untouched("the token expired; ask for a new token");
    assert_untouched("token_count=512 max_tokens=1024 tokenizer=bpe");
    assert_untouched("secretary=Ann passwords_rotated=3");
    assert_untouched("password reset requested for bob");
    assert_untouched("password=");
}

#[test]
fn authorization_headers_keep_their_scheme() {
    assert_masked(
        "> Authorization: Bearer abc.def-ghi",
        "> Authorization: Bearer [REDACTED]",
    );
    assert_masked(
        "Authorization: Basic dXNlcjpwYXNz",
        "Authorization: Basic [REDACTED]",
    );
    assert_masked(
        "debug: Authorization: Bearer abc sent",
        "debug: Authorization: Bearer [REDACTED] sent",
    );
    assert_masked(
        r#"{"headers":{"authorization":"Bearer t0k"}}"#,
        r#"{"headers":{"authorization":"Bearer [REDACTED]"}}"#,
    );
    assert_masked(
        "proxy-authorization: Basic Zm9vOmJhcg==",
        "proxy-authorization: Basic [REDACTED]",
    );
}

#[test]
fn jwts_are_masked_anywhere() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assert_masked(
        &format!("session {jwt} started"),
        "session [REDACTED] started",
    );
    assert_untouched("eyJ alone, or eyJx.y is not a token");
}

#[test]
fn a_url_keeps_its_user_and_loses_its_password() {
    assert_masked(
        "connecting to postgres://app:s3cret@db:5432/orders",
        "connecting to postgres://app:[REDACTED]@db:5432/orders",
    );
    assert_masked("https://:only@host/", "https://:[REDACTED]@host/");
    assert_untouched("fetched https://user@example.com/a and http://host:8080/b?x=1");
    assert_untouched("see https://example.com/docs");
}

#[test]
fn card_numbers_that_pass_luhn_are_masked() {
    assert_masked(
        "payment declined card=4111111111111111 amount=12.50",
        "payment declined card=[REDACTED] amount=12.50",
    );
    assert_masked(
        "card 4111 1111 1111 1111 expired",
        "card [REDACTED] expired",
    );
    assert_masked("pan 5555-5555-5555-4444.", "pan [REDACTED].");
    assert_masked("amex 378282246310005", "amex [REDACTED]");
    assert_masked(
        "two: 6011111111111117,4242424242424242",
        "two: [REDACTED],[REDACTED]",
    );
    // A number run on after a card still leaves the card masked.
    assert_masked("4111111111111111 1234", "[REDACTED] 1234");
}

#[test]
fn numbers_that_are_not_card_numbers_are_left_alone() {
    // A 16-digit order id failing the Luhn check stays readable.
    assert!(!is_card_number(b"2024111512345678"));
    assert_untouched("order 2024111512345678 shipped");
    assert_untouched("order 4000-1234-5678-9012 shipped");
    // Epoch milliseconds and nanoseconds start with 1: never a card.
    assert_untouched("at 1732475381123 and 1732475381123456789");
    assert_untouched("2026-11-24 19:09:41,123 pid 1702 2395 took 12345 ms");
    assert_untouched("id=abc4111111111111111 or 4111111111111111x");
    assert_untouched("short 4111 1111");
}

#[test]
fn aws_keys_are_masked() {
    assert_masked(
        "using AKIAIOSFODNN7EXAMPLE for s3",
        "using [REDACTED] for s3",
    );
    assert_masked("ASIAY34FZKBOKMUTVV7A", "[REDACTED]");
    assert_masked(
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_access_key = [REDACTED]",
    );
    assert_untouched("Asia/Tokyo and AKIA alone");
}

#[test]
fn private_key_blocks_lose_their_body_across_the_lines_of_one_entry() {
    let entry = "loaded key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nq83Ts0Jq\n-----END RSA PRIVATE KEY-----\ndone";
    assert_masked(
        entry,
        "loaded key:\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----\ndone",
    );
    assert_masked(
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ (cut)",
        "-----BEGIN PRIVATE KEY-----\n[REDACTED]",
    );
    assert_untouched("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
}

#[test]
fn a_private_key_shipped_line_by_line_is_masked_to_its_end() {
    let mut redactor = on();
    let mut message = |text: &str| {
        let mut entry = Entry::new(
            crate::level::Level::Info,
            Cow::Owned(text.to_owned()),
            Cow::Borrowed("2026-12-02T06:00:00.000Z"),
        );
        redactor.redact_entry(&mut entry);
        entry.message.into_owned()
    };
    assert_eq!(
        message("-----BEGIN EC PRIVATE KEY-----"),
        "-----BEGIN EC PRIVATE KEY-----"
    );
    assert_eq!(message("MHcCAQEEIBkg4LVWM9nuwNSk"), "[REDACTED]");
    assert_eq!(message("oUQDQgAE"), "[REDACTED]");
    assert_eq!(
        message("-----END EC PRIVATE KEY-----"),
        "-----END EC PRIVATE KEY-----"
    );
    assert_eq!(message("after the key"), "after the key");
}

#[test]
fn streamlogia_keys_are_masked() {
    assert_masked(
        "export STREAMLOGIA_API_KEY=ls_app_live_9f2cAAAA and ls_src_live_x1 ls_api_live_Z",
        "export STREAMLOGIA_API_KEY=[REDACTED] and [REDACTED] [REDACTED]",
    );
}

#[test]
fn meta_is_masked_at_any_depth() {
    let mut entry = Entry::new(
        crate::level::Level::Info,
        Cow::Borrowed("user login"),
        Cow::Borrowed("2026-12-02T06:00:00.000Z"),
    );
    entry.meta = json!({
        "user": "bob",
        "password": "hunter2",
        "request": {
            "headers": {"Authorization": "Bearer abc", "Accept": "*/*"},
            "url": "https://bob:pw@api.example.com/x",
            "body": {"clientSecret": {"nested": true}, "card": 4111111111111111u64},
        },
        "tokens": 12,
        "flags": [true, null, "api_key=zzz"],
        "remember_token": true,
    })
    .as_object()
    .unwrap()
    .clone();
    let count = on().redact_entry(&mut entry);
    assert_eq!(count, 6);
    assert_eq!(
        Value::Object(entry.meta),
        json!({
            "user": "bob",
            "password": "[REDACTED]",
            "request": {
                "headers": {"Authorization": "[REDACTED]", "Accept": "*/*"},
                "url": "https://bob:[REDACTED]@api.example.com/x",
                "body": {"clientSecret": "[REDACTED]", "card": "[REDACTED]"},
            },
            "tokens": 12,
            "flags": [true, null, "api_key=[REDACTED]"],
            "remember_token": true,
            "redacted": 6,
        })
    );
    assert_eq!(entry.message, "user login", "nothing to mask there");
}

#[test]
fn an_entry_with_nothing_to_mask_is_unchanged_and_unmarked() {
    let mut entry = Entry::new(
        crate::level::Level::Info,
        Cow::Borrowed("GET /orders 200 12ms"),
        Cow::Borrowed("2026-12-02T06:00:00.000Z"),
    );
    let before = entry.clone();
    assert_eq!(on().redact_entry(&mut entry), 0);
    assert_eq!(entry, before);
    assert!(matches!(entry.message, Cow::Borrowed(_)), "not copied");
}

#[test]
fn with_the_built_in_rules_off_only_added_patterns_mask() {
    let settings = RedactSettings {
        builtin: BuiltinRules::Off,
        patterns: vec![
            RedactPattern::parse(r"ssn=(\d{3}-\d{2}-\d{4})").unwrap(),
            RedactPattern::parse(r"INTERNAL-\w+").unwrap(),
        ],
    };
    let mut redactor = Redactor::new(&settings);
    assert_eq!(
        redactor.redact_text("password=x ssn=123-45-6789 ref INTERNAL-ab12"),
        Some(("password=x ssn=[REDACTED] ref [REDACTED]".to_owned(), 2))
    );
    let off = Redactor::new(&RedactSettings {
        builtin: BuiltinRules::Off,
        patterns: vec![],
    });
    assert!(off.is_off());
}

#[test]
fn a_bad_pattern_is_one_line_naming_it() {
    let error = RedactPattern::parse("a(b").unwrap_err();
    assert!(
        error.starts_with("invalid regular expression 'a(b': "),
        "{error}"
    );
    assert!(!error.contains('\n'), "{error}");
}

#[test]
fn overlapping_rules_give_one_marker() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";
    assert_eq!(
        on().redact_text(&format!("token={jwt}")),
        Some(("token=[REDACTED]".to_owned(), 1))
    );
}

#[test]
fn a_message_grown_past_the_limit_by_markers_is_cut_again() {
    let text = "pwd=x ".repeat(MAX_MESSAGE_BYTES / 6);
    let mut entry = Entry::new(
        crate::level::Level::Info,
        Cow::Owned(text.clone()),
        Cow::Borrowed("2026-12-02T06:00:00.000Z"),
    );
    on().redact_entry(&mut entry);
    assert!(entry.message.len() <= MAX_MESSAGE_BYTES);
    assert_eq!(entry.meta["truncated"], true);
    assert_eq!(entry.meta["original_bytes"], text.len());
}

#[test]
fn a_long_digit_run_is_found_with_its_separators() {
    assert!(has_long_digit_run(b"card 4111 1111 1111 1111"));
    assert!(has_long_digit_run(b"x=4111-1111-1111-1"));
    assert!(!has_long_digit_run(
        b"2026-11-24T19:09:41.123Z id=12345 status=200"
    ));
    assert!(!has_long_digit_run(b"4111  1111  1111  1111"));
}
