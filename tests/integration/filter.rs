//! Redaction and filters: what `pipe` and `run` mask before an entry is
//! spooled, sent or printed by a dry run, and which entries they ship.

use serde_json::Value;

use crate::fake_ingest::TEST_KEY;
use crate::spec::Test;
use crate::test_env::{text, Stats, TestEnv};

/// Lines with a secret of every built-in class, and what each becomes.
const SECRET_LINES: &[(&str, &str)] = &[
    (
        "login failed user=bob password=hunter2",
        "login failed user=bob password=[REDACTED]",
    ),
    (
        "> Authorization: Bearer abc.def-ghi",
        "> Authorization: Bearer [REDACTED]",
    ),
    (
        "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "session [REDACTED]",
    ),
    (
        "connecting to postgres://app:s3cretpw@db:5432/orders",
        "connecting to postgres://app:[REDACTED]@db:5432/orders",
    ),
    (
        "payment declined card 4111 1111 1111 1111",
        "payment declined card [REDACTED]",
    ),
    (
        "using AKIAIOSFODNN7EXAMPLE with aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCY",
        "using [REDACTED] with aws_secret_access_key=[REDACTED]",
    ),
    (
        "leaked ls_src_live_SOURCEKEY123 here",
        "leaked [REDACTED] here",
    ),
];

/// The secret parts of [`SECRET_LINES`] and of the PEM block.
const SECRETS: &[&str] = &[
    "hunter2",
    "abc.def-ghi",
    "dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    "s3cretpw",
    "4111 1111 1111 1111",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMIK7MDENGbPxRfiCY",
    "ls_src_live_SOURCEKEY123",
    "MIIEowIBAAKCAQEA",
    "q83Ts0JqPEMBODY",
    "p4ssw0rd",
];

/// The input: every secret line, a PEM block in one multi-line entry, a
/// JSON line with secrets in nested fields, the configured key, and
/// innocent lines that look a little like secrets.
fn secret_input() -> String {
    let mut input: String = SECRET_LINES
        .iter()
        .map(|(line, _)| format!("{line}\n"))
        .collect();
    input.push_str("key loaded:\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEowIBAAKCAQEA\n  q83Ts0JqPEMBODY\n  -----END RSA PRIVATE KEY-----\n");
    input.push_str(r#"{"msg":"db connect","db":{"user":"app","password":"p4ssw0rd"},"ok":true}"#);
    input.push('\n');
    input.push_str(&format!("env STREAMLOGIA_API_KEY={TEST_KEY}\n"));
    input.push_str(INNOCENT);
    input
}

/// Lines no rule may touch.
const INNOCENT: &str = "order 2024111512345678 shipped\n\
                        the token expired, ask for a new token\n\
                        fetched https://user@example.com/a\n";

fn assert_no_secret(text: &str) {
    for secret in SECRETS.iter().chain([&TEST_KEY]) {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn every_class_of_secret_is_masked_before_it_is_shipped() {
    let ran = Test::new()
        .args(["pipe", "--no-console"])
        .stdin(secret_input())
        .expect_exit(0)
        .run();
    let accepted = ran.env().server.accepted();
    let messages: Vec<&str> = accepted
        .iter()
        .map(|entry| entry["message"].as_str().unwrap())
        .collect();
    for (index, (_, masked)) in SECRET_LINES.iter().enumerate() {
        assert_eq!(messages[index], *masked);
        assert_eq!(accepted[index]["meta"]["redacted"], 1 + (index == 5) as u64);
    }
    let pem = SECRET_LINES.len();
    assert_eq!(
        messages[pem],
        "key loaded:\n  -----BEGIN RSA PRIVATE KEY-----\n  [REDACTED]\n  -----END RSA PRIVATE KEY-----"
    );
    let json = &accepted[pem + 1];
    assert_eq!(json["message"], "db connect");
    assert_eq!(json["meta"]["db"]["password"], "[REDACTED]");
    assert_eq!(json["meta"]["db"]["user"], "app");
    assert_eq!(json["meta"]["redacted"], 1);
    assert_eq!(messages[pem + 2], "env STREAMLOGIA_API_KEY=[REDACTED]");
    assert_eq!(&messages[pem + 3..], INNOCENT.lines().collect::<Vec<_>>());
    for entry in &accepted[pem + 3..] {
        assert!(entry.get("meta").is_none(), "{entry}");
    }
    assert_no_secret(&Value::Array(accepted).to_string());
}

#[test]
fn a_dry_run_prints_no_secret_but_the_console_mirror_is_unchanged() {
    let dry = Test::new()
        .args(["pipe", "--no-console", "--dry-run"])
        .stdin(secret_input())
        .expect_exit(0)
        .run();
    assert_no_secret(&dry.stdout());
    assert!(dry.stdout().contains("[REDACTED]"));
    // The mirror is the program's own output, passed through as it is.
    let mirrored = Test::new()
        .args(["pipe"])
        .stdin(secret_input())
        .expect_exit(0)
        .expect_stdout(secret_input())
        .run();
    assert_no_secret(&Value::Array(mirrored.env().server.accepted()).to_string());
}

#[test]
fn nothing_masked_reaches_the_spool_when_the_api_is_down() {
    let env = TestEnv::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("http://{closed}"))
        .args(["--retry-for", "0s", "pipe", "--no-console", "--stats"])
        .write_stdin(secret_input())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(75), "{}", text(&output.stderr));
    let mut kept = String::new();
    for file in std::fs::read_dir(env.spool_dir()).unwrap() {
        kept.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    let stats = Stats::of(&text(&output.stderr));
    assert_eq!(kept.lines().count() as u64, stats.spooled);
    assert_eq!(stats.spooled, 13, "{kept}");
    assert!(kept.contains("[REDACTED]"), "{kept}");
    assert_no_secret(&kept);
}

#[test]
fn redact_off_ships_secrets_but_never_the_configured_key() {
    let ran = Test::new()
        .args(["pipe", "--no-console", "--redact", "off"])
        .stdin(format!(
            "password=hunter2\nkey {TEST_KEY} and ls_src_live_OTHER1\n"
        ))
        .expect_exit(0)
        .expect_messages(["password=hunter2", "key [REDACTED] and ls_src_live_OTHER1"])
        .run();
    assert!(ran.env().server.accepted()[0].get("meta").is_none());
}

#[test]
fn redact_false_in_the_config_file_turns_the_rules_off() {
    let env = TestEnv::new();
    env.write_file(
        "config/logingestor/config.toml",
        "redact = false\nredact_pattern = ['ssn=(\\d{3}-\\d{2}-\\d{4})']\n",
    );
    Test::in_env(&env)
        .args(["pipe", "--no-console"])
        .stdin("password=hunter2 ssn=123-45-6789\n")
        .expect_exit(0)
        .expect_messages(["password=hunter2 ssn=[REDACTED]"])
        .run();
}

#[test]
fn an_added_pattern_masks_its_capture_group_or_its_whole_match() {
    Test::new()
        .args(["pipe", "--no-console"])
        .args(["--redact-pattern", r"employee=(\d+)"])
        .args(["--redact-pattern", r"INTERNAL-[A-Z0-9]+"])
        .stdin("employee=4711 ticket INTERNAL-AB12 password=x\n")
        .expect_exit(0)
        .expect_messages(["employee=[REDACTED] ticket [REDACTED] password=[REDACTED]"])
        .run();
}

#[test]
fn a_bad_pattern_is_a_usage_error_in_one_line() {
    for flag in ["--redact-pattern", "--include", "--exclude"] {
        let ran = Test::new()
            .args(["pipe", "--no-console", flag, "a(b"])
            .stdin("x\n")
            .expect_exit(64)
            .run();
        let stderr = ran.stderr();
        assert!(
            stderr.starts_with(&format!(
                "logingestor: error: invalid {flag}: invalid regular expression 'a(b': "
            )),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(ran.env().server.requests().is_empty());
    }
}

#[test]
fn check_lists_the_rules_in_force() {
    let env = TestEnv::new();
    env.write_file(
        "config/logingestor/config.toml",
        "redact_pattern = ['employee=(\\d+)']\nmin_level = 'warn'\nmax_rate = '100/s'\n",
    );
    let output = env.command().args(["check"]).output().unwrap();
    let stdout = text(&output.stdout);
    let section = stdout
        .split("Redaction and filters\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{stdout}"));
    for rule in [
        "redact       secret-named keys: ",
        "redact       card number: ",
        "redact       the configured API key, always",
        "redact       pattern employee=(\\d+)",
        "min level    WARN",
        "max rate     100/s for DEBUG and INFO, and as many for WARN and ERROR",
    ] {
        assert!(section.contains(rule), "{rule} in {stdout}");
    }
}

#[test]
fn entries_below_min_level_are_counted_not_shipped_and_the_mirror_shows_all() {
    let input = "INFO start\nWARN slow\nDEBUG detail\nERROR failed\n";
    let ran = Test::new()
        .args(["pipe", "--min-level", "warn", "--stats"])
        .stdin(input)
        .expect_exit(0)
        .expect_stdout(input)
        .expect_messages(["WARN slow", "ERROR failed"])
        .run();
    let stats = Stats::of(&ran.stderr());
    assert_eq!((stats.read, stats.filtered, stats.delivered), (4, 2, 2));
}

#[test]
fn include_and_exclude_choose_by_the_joined_message() {
    let input =
        "GET /orders 200\nGET /healthz 200\nPOST /orders 500\n  at handler.rs:12\nDELETE /x 204\n";
    let ran = Test::new()
        .args(["pipe", "--no-console", "--stats"])
        .args(["--include", "^GET ", "--include", "^POST "])
        .args(["--exclude", "healthz"])
        .stdin(input)
        .expect_exit(0)
        .expect_messages(["GET /orders 200", "POST /orders 500\n  at handler.rs:12"])
        .run();
    let stats = Stats::of(&ran.stderr());
    assert_eq!((stats.read, stats.filtered), (4, 2));
}

#[test]
fn past_max_rate_entries_are_held_back_and_one_summary_tells_it() {
    // Per hour: the whole run is one interval, however slow the machine.
    let mut input: String = (0..50).map(|n| format!("INFO flood {n}\n")).collect();
    input.push_str("ERROR the one that matters\n");
    input.push_str("DEBUG more\n");
    let ran = Test::new()
        .args(["pipe", "--no-console", "--stats", "--max-rate", "5/h"])
        .stdin(input)
        .expect_exit(0)
        .run();
    let messages = ran.env().server.messages();
    let mut expected: Vec<String> = (0..5).map(|n| format!("INFO flood {n}")).collect();
    expected.push("ERROR the one that matters".to_owned());
    expected
        .push("logingestor: held back 46 entries past --max-rate 5/h: 45 INFO, 1 DEBUG".to_owned());
    assert_eq!(messages, expected);
    let summary = ran.env().server.accepted().pop().unwrap();
    assert_eq!(summary["level"], "WARN");
    assert_eq!(summary["meta"]["held_back"]["INFO"], 45);
    assert_eq!(summary["meta"]["held_back"]["DEBUG"], 1);
    let stats = Stats::of(&ran.stderr());
    // 52 lines and the summary.
    assert_eq!(
        (stats.read, stats.rate_limited, stats.delivered),
        (53, 46, 7)
    );
}

#[test]
fn send_and_run_mask_what_they_ship_too() {
    Test::new()
        .args(["send", "--no-console", "db login with password=hunter2"])
        .expect_exit(0)
        .expect_messages(["db login with password=[REDACTED]"])
        .run();
    let ran = Test::new()
        .args([
            "run",
            "--no-console",
            "--",
            "sh",
            "-c",
            "echo token=abc123",
            "--password=hunter2",
        ])
        .expect_exit(0)
        .run();
    let shipped = Value::Array(ran.env().server.accepted()).to_string();
    assert!(!shipped.contains("hunter2"), "{shipped}");
    assert!(!shipped.contains("abc123"), "{shipped}");
    assert!(ran
        .env()
        .server
        .messages()
        .contains(&"token=[REDACTED]".to_owned()));
}
