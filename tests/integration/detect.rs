//! `pipe` understanding its lines: formats, levels, timestamps, multi-line
//! entries, and every guess switched off.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::fake_ingest::TEST_PROJECT;
use crate::test_env::{text, TestEnv};

/// Runs `pipe --no-console` with `args` on `input`; the accepted entries.
fn ship(env: &TestEnv, args: &[&str], input: &str) -> Vec<Value> {
    let output = env
        .command()
        .args(["pipe", "--no-console"])
        .args(args)
        .write_stdin(input.to_owned())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    env.server.accepted()
}

/// Runs `pipe --dry-run` with `args` on `input`: the exit code and the
/// entries it would have sent.
fn dry_run(env: &TestEnv, args: &[&str], input: &[u8]) -> (Option<i32>, Vec<Value>) {
    let output = env
        .bare_command()
        .args([
            "pipe",
            "--dry-run",
            "--no-console",
            "--project",
            TEST_PROJECT,
        ])
        .args(args)
        .write_stdin(input.to_vec())
        .output()
        .unwrap();
    let entries = text(&output.stdout)
        .lines()
        .flat_map(|body| match serde_json::from_str(body).unwrap() {
            Value::Array(entries) => entries,
            other => panic!("a body is an array, not {other}"),
        })
        .collect();
    (output.status.code(), entries)
}

fn messages(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect()
}

fn levels(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["level"].as_str().unwrap())
        .collect()
}

#[test]
fn json_lines_become_structured_entries_and_keep_our_project_and_source() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--source", "ours"],
        concat!(
            r#"{"time":"2026-11-24T20:09:41.5+01:00","level":"warn","msg":"pool exhausted","tags":["db"],"#,
            r#""projectId":"theirs","source":"theirs","ctx":{"wait_ms":120}}"#,
            "\n",
            r#"{"level":50,"time":1795201781123,"msg":"boom"}"#,
            "\n",
        ),
    );
    assert_eq!(entries.len(), 2);
    let first = &entries[0];
    assert_eq!(first["level"], "WARN");
    assert_eq!(first["message"], "pool exhausted");
    assert_eq!(first["timestamp"], "2026-11-24T19:09:41.500Z");
    assert_eq!(first["tags"], json!(["db"]));
    assert_eq!(first["projectId"], TEST_PROJECT);
    assert_eq!(first["source"], "ours");
    assert_eq!(
        first["meta"],
        json!({"projectId": "theirs", "source": "theirs", "ctx": {"wait_ms": 120}})
    );
    assert_eq!(entries[1]["level"], "ERROR");
    assert_eq!(entries[1]["timestamp"], "2026-11-20T19:09:41.123Z");
}

#[test]
fn logfmt_lines_give_typed_meta() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &[],
        "level=warn msg=\"pool exhausted\" db=orders wait_ms=120 retry=true\n",
    );
    assert_eq!(entries[0]["level"], "WARN");
    assert_eq!(entries[0]["message"], "pool exhausted");
    assert_eq!(
        entries[0]["meta"],
        json!({"db": "orders", "wait_ms": 120, "retry": true})
    );
}

#[test]
fn level_words_near_the_start_set_the_level_and_words_in_the_body_do_not() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--level", "debug"],
        "ERROR: disk full\n\
         2026/11/24 19:09:41 [warn] 12#12: slow upstream\n\
         <3>backup failed\n\
         03-17 16:13:38.811  1702  2395 I ActivityManager: started\n\
         0 errors found\n\
         retrying after ERROR in step 2\n",
    );
    assert_eq!(
        levels(&entries),
        ["ERROR", "WARN", "ERROR", "INFO", "DEBUG", "DEBUG"]
    );
    assert_eq!(entries[2]["message"], "backup failed", "<N> is stripped");
}

#[test]
fn force_level_overrides_whatever_the_line_says() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--force-level", "warn"],
        "ERROR: x\n{\"level\":\"debug\",\"msg\":\"y\"}\nplain\n",
    );
    assert_eq!(levels(&entries), ["WARN", "WARN", "WARN"]);
    assert_eq!(entries[1]["message"], "y");
}

#[test]
fn no_detect_ships_lines_verbatim_at_the_default_level() {
    let env = TestEnv::new();
    let input = "{\"level\":\"error\",\"msg\":\"x\"}\n<3>2026-11-24 19:09:41 ERROR y\n\tat z\n";
    let entries = ship(&env, &["--format", "text", "--no-detect"], input);
    assert_eq!(levels(&entries), ["INFO", "INFO", "INFO"]);
    let messages: Vec<&str> = entries
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, input.lines().collect::<Vec<_>>());
    assert!(entries.iter().all(|e| e.get("meta").is_none()));
    assert_ne!(entries[1]["timestamp"], "2026-11-24T19:09:41.000Z");
}

#[test]
fn a_leading_timestamp_becomes_the_entry_time_unless_turned_off() {
    let env = TestEnv::new();
    let input = "2026-11-24 19:09:41,123 INFO started\n";
    let entries = ship(&env, &["--timezone", "+02:00"], input);
    assert_eq!(entries[0]["timestamp"], "2026-11-24T17:09:41.123Z");
    assert_eq!(
        entries[0]["message"],
        "2026-11-24 19:09:41,123 INFO started"
    );

    let env = TestEnv::new();
    let entries = ship(&env, &["--timezone", "America/New_York"], input);
    assert_eq!(entries[0]["timestamp"], "2026-11-25T00:09:41.123Z");

    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--timezone", "UTC", "--timestamp-from-line", "false"],
        input,
    );
    assert_ne!(entries[0]["timestamp"], "2026-11-24T19:09:41.123Z");
    assert_eq!(entries[0]["level"], "INFO");
}

const JAVA_TRACE: &str = "\
2026-11-24 19:09:41,123 ERROR [main] c.e.App - Failed to place order
java.lang.IllegalStateException: inventory unavailable
\tat com.example.Inventory.reserve(Inventory.java:88)
\tat com.example.Orders.place(Orders.java:41)
Caused by: java.net.ConnectException: Connection refused
\t... 12 more
2026-11-24 19:09:42,000 INFO [main] c.e.App - next order
";

#[test]
fn a_java_stack_trace_is_one_entry() {
    let env = TestEnv::new();
    let entries = ship(&env, &["--timezone", "UTC"], JAVA_TRACE);
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let lines: Vec<&str> = JAVA_TRACE.lines().collect();
    assert_eq!(entries[0]["message"], lines[..6].join("\n"));
    assert_eq!(entries[0]["level"], "ERROR");
    assert_eq!(entries[0]["timestamp"], "2026-11-24T19:09:41.123Z");
    assert_eq!(entries[1]["message"], lines[6]);
}

#[test]
fn multiline_off_ships_every_line_alone() {
    let env = TestEnv::new();
    let entries = ship(&env, &["--multiline", "off"], JAVA_TRACE);
    assert_eq!(entries.len(), 7);
}

#[test]
fn a_multiline_pattern_marks_the_first_line_of_each_entry() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--multiline", r"^\d{4}-", "--no-detect"],
        "2026-01 a\nb\nc\n2026-02 d\n",
    );
    let messages: Vec<&str> = entries
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["2026-01 a\nb\nc", "2026-02 d"]);
}

#[test]
fn multiline_max_lines_splits_a_long_trace_into_parts_of_the_same_level() {
    let env = TestEnv::new();
    let entries = ship(
        &env,
        &["--multiline-max-lines", "3"],
        "ERROR boom\n\tat a\n\tat b\n\tat c\n\tat d\n",
    );
    let messages: Vec<&str> = entries
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["ERROR boom\n\tat a\n\tat b", "\tat c\n\tat d"]);
    assert_eq!(levels(&entries), ["ERROR", "ERROR"]);
}

#[test]
fn the_last_multiline_entry_is_sent_after_the_timeout_while_input_stays_open() {
    let env = TestEnv::new();
    let mut child = env
        .spawnable()
        .args([
            "pipe",
            "--no-console",
            "--flush-interval",
            "50ms",
            "--multiline-timeout",
            "300ms",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let written = Instant::now();
    stdin
        .write_all(b"ERROR boom\n\tat a.B(C.java:1)\n")
        .unwrap();
    stdin.flush().unwrap();
    let arrived = env.server.wait_for_entries(1, Duration::from_secs(10));
    let waited = written.elapsed();
    stdin.write_all(b"next\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(arrived, "the pending entry was held back until EOF");
    assert!(
        waited >= Duration::from_millis(300),
        "closed before the timeout: {waited:?}"
    );
    assert!(status.success());
    assert_eq!(
        env.server.messages(),
        ["ERROR boom\n\tat a.B(C.java:1)", "next"]
    );
}

#[test]
fn line_settings_come_from_the_config_file_and_flags_win() {
    let env = TestEnv::new();
    env.write_file(
        "config/logingestor/config.toml",
        "format = \"text\"\nforce_level = \"warn\"\nmultiline = \"off\"\ntimezone = \"UTC\"\n\
         timestamp_from_line = false\nmultiline_max_lines = 10\nmultiline_timeout = \"1s\"\n",
    );
    let entries = ship(&env, &[], "{\"msg\":\"x\"}\n\tat y\n");
    assert_eq!(levels(&entries), ["WARN", "WARN"]);
    assert_eq!(entries[0]["message"], "{\"msg\":\"x\"}");

    let env2 = TestEnv::new();
    env2.write_file("config/logingestor/config.toml", "no_detect = true\n");
    let entries = ship(&env2, &[], "ERROR: x\n");
    assert_eq!(levels(&entries), ["INFO"]);

    let env3 = TestEnv::new();
    env3.write_file("config/logingestor/config.toml", "format = \"json\"\n");
    let entries = ship(&env3, &["--format", "text"], "{\"msg\":\"x\"}\n");
    assert_eq!(entries[0]["message"], "{\"msg\":\"x\"}");
}

#[test]
fn bad_line_settings_are_usage_or_config_errors() {
    let env = TestEnv::new();
    for (args, needle) in [
        (vec!["--multiline", "("], "--multiline"),
        (vec!["--timezone", "Mars"], "--timezone"),
        (vec!["--multiline-max-lines", "0"], "--multiline-max-lines"),
        (vec!["--multiline-timeout", "soon"], "--multiline-timeout"),
    ] {
        let output = env
            .command()
            .arg("pipe")
            .args(&args)
            .write_stdin("x\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(64), "{args:?}");
        assert!(
            text(&output.stderr).contains(needle),
            "{}",
            text(&output.stderr)
        );
    }
    let output = env
        .command()
        .args(["pipe", "--format", "yaml"])
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(64));

    env.write_file("config/logingestor/config.toml", "format = \"yaml\"\n");
    let output = env
        .command()
        .arg("pipe")
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(text(&output.stderr).contains("format"));
}

#[test]
fn lines_that_crashed_the_reader_ship_with_the_time_they_were_read() {
    // Each of these stopped the run with a panic (exit 70), the rest of the
    // input unread; the fuzzing of every parser found them.
    let env = TestEnv::new();
    let crashers = [
        "24/Nov/2026:19:09:41 ",
        "10.0.0.1 - - [24/Nov/2026:19:09:41 ",
        "[24/Nov/2026:19:09:41 ",
    ];
    let input = format!("{}\nthe line after\n", crashers.join("\n"));
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    let (code, entries) = dry_run(&env, &["--timezone", "UTC"], input.as_bytes());
    assert_eq!(code, Some(0));
    let mut expected = crashers.to_vec();
    expected.push("the line after");
    assert_eq!(messages(&entries), expected);
    for entry in &entries {
        let time =
            chrono::DateTime::parse_from_rfc3339(entry["timestamp"].as_str().unwrap()).unwrap();
        assert!(time >= before, "not the time it was read: {entry}");
    }
}

#[test]
fn a_time_the_api_cannot_take_is_never_sent() {
    // `0000-01-01` was sent and the batch refused with 400.
    let env = TestEnv::new();
    let input = "0000-01-01 00:00:00 x\n\
                 {\"msg\":\"y\",\"time\":\"0000-01-01T00:00:00Z\"}\n\
                 1969-12-31 23:59:59 z\n";
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    let (code, entries) = dry_run(&env, &["--timezone", "UTC"], input.as_bytes());
    assert_eq!(code, Some(0));
    assert_eq!(
        messages(&entries),
        ["0000-01-01 00:00:00 x", "y", "1969-12-31 23:59:59 z"]
    );
    for entry in &entries {
        let time =
            chrono::DateTime::parse_from_rfc3339(entry["timestamp"].as_str().unwrap()).unwrap();
        assert!(time >= before, "{entry}");
    }
    assert_eq!(entries[1]["meta"], json!({"time": "0000-01-01T00:00:00Z"}));
}

#[test]
fn numbers_arrive_with_every_digit_they_had() {
    let env = TestEnv::new();
    let input = "{\"msg\":\"x\",\"n\":12345678901234567890123,\"f\":0.10000000000000000555}\n\
                 level=info msg=y n=12345678901234567890123 f=0.10000000000000000555 zip=01234\n";
    let output = env
        .bare_command()
        .args([
            "pipe",
            "--dry-run",
            "--no-console",
            "--project",
            TEST_PROJECT,
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    // Compared as text: a JSON reader of doubles would round them again.
    let bodies = text(&output.stdout);
    assert!(
        bodies.contains(r#""meta":{"f":0.10000000000000000555,"n":12345678901234567890123}"#),
        "{bodies}"
    );
    assert!(
        bodies.contains(
            r#""meta":{"f":0.10000000000000000555,"n":12345678901234567890123,"zip":"01234"}"#
        ),
        "{bodies}"
    );
}

#[test]
fn access_logs_arrive_with_the_middleware_keys_in_auto_and_access_formats() {
    let input = concat!(
        "203.0.113.7 - - [24/Nov/2026:19:09:44 +0000] \"GET /api/report HTTP/1.1\" 502 157 \"-\" \"python-requests/2.32.3\" 0.250\n",
        "web-1  | {\"level\":\"warn\",\"time\":\"2026-11-24T19:09:41Z\",\"msg\":\"slow\"}\n",
    );
    let env = TestEnv::new();
    let entries = ship(&env, &[], input);
    assert_eq!(entries[0]["level"], "ERROR");
    assert_eq!(entries[0]["timestamp"], "2026-11-24T19:09:44.000Z");
    assert_eq!(
        entries[0]["meta"],
        json!({"method": "GET", "path": "/api/report", "protocol": "HTTP/1.1", "status": 502,
               "bytes": 157, "user_agent": "python-requests/2.32.3", "duration_ms": 250.0,
               "ip": "203.0.113.7"})
    );
    assert_eq!(entries[1]["level"], "WARN");
    assert_eq!(entries[1]["message"], "slow");
    assert_eq!(entries[1]["meta"]["prefix"], "web-1");

    let env2 = TestEnv::new();
    let entries = ship(&env2, &["--format", "access"], input);
    assert_eq!(entries[0]["meta"]["status"], 502);
    // Not an access log: text.
    assert_eq!(entries[1]["level"], "INFO");
    assert!(entries[1]["meta"]
        .as_object()
        .is_none_or(|meta| meta.is_empty()));
}
