//! `logingestor send`.

use serde_json::json;

use crate::fake_ingest::{Fault, TEST_KEY, TEST_PROJECT};
use crate::spec::Test;
use crate::test_env::TestEnv;

#[test]
fn sends_one_entry_with_every_flag() {
    let ran = Test::new()
        .args(["send", "--level", "WARNING", "--source", "backup"])
        .args(["--tag", "prod,nightly", "-t", "db"])
        .args([
            "--meta",
            "host=web-1",
            "--meta",
            "attempt:=3",
            "-m",
            "ok:=false",
        ])
        .args(["--meta", "ctx:={\"disk\":\"/dev/sda\"}"])
        .args(["--timestamp", "2026-04-07T11:41:03+02:00"])
        .args(["backup", "failed:", "disk \"full\""])
        .expect_exit(0)
        .expect_accepted(vec![json!({
            "projectId": TEST_PROJECT,
            "level": "WARN",
            "message": "backup failed: disk \"full\"",
            "source": "backup",
            "timestamp": "2026-04-07T09:41:03.000Z",
            "tags": ["prod", "nightly", "db"],
            "meta": {"host": "web-1", "attempt": 3, "ok": false, "ctx": {"disk": "/dev/sda"}},
        })])
        .run();
    let request = &ran.env().server.requests()[0];
    assert_eq!(
        request.user_agent.as_deref(),
        Some(concat!("logingestor/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(request.content_encoding, None);
}

#[test]
fn defaults_are_info_unknown_source_and_the_current_time() {
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let ran = Test::new().args(["send", "hello"]).expect_exit(0).run();
    let entry = &ran.env().server.accepted()[0];
    assert_eq!(entry["level"], "INFO");
    assert_eq!(entry["source"], "unknown");
    assert!(entry.get("tags").is_none() && entry.get("meta").is_none());
    let timestamp = entry["timestamp"].as_str().unwrap();
    assert!(
        timestamp.ends_with('Z') && timestamp.len() == "2026-04-07T09:41:03.000Z".len(),
        "{timestamp}"
    );
    let time = chrono::DateTime::parse_from_rfc3339(timestamp).unwrap();
    assert!(time >= before && time <= chrono::Utc::now());
}

#[test]
fn every_level_alias_maps_to_an_api_level() {
    let env = TestEnv::new();
    for alias in [
        "trace", "debug", "notice", "info", "warn", "Warning", "err", "ERROR", "fatal", "critical",
        "crit", "emerg", "dbg", "INF",
    ] {
        Test::in_env(&env)
            .args(["send", "--no-console", "-l", alias, "x"])
            .expect_exit(0)
            .run();
    }
    let levels: Vec<String> = env
        .server
        .accepted()
        .iter()
        .map(|e| e["level"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        levels,
        [
            "DEBUG", "DEBUG", "INFO", "INFO", "WARN", "WARN", "ERROR", "ERROR", "ERROR", "ERROR",
            "ERROR", "ERROR", "DEBUG", "INFO"
        ]
    );
}

#[test]
fn reads_the_message_from_stdin_with_a_dash_or_when_piped() {
    let env = TestEnv::new();
    Test::in_env(&env)
        .args(["send", "-"])
        .stdin("Filesystem  Size\n/dev/sda1   100G\n")
        .expect_exit(0)
        .run();
    Test::in_env(&env)
        .args(["send", "--level", "warn"])
        .stdin("piped\r\n")
        .expect_exit(0)
        .expect_messages(["Filesystem  Size\n/dev/sda1   100G", "piped"])
        .run();
}

#[test]
fn invalid_utf8_on_stdin_is_replaced_not_fatal() {
    Test::new()
        .args(["send", "-"])
        .stdin(&b"bad \xff\xfe byte\0nul"[..])
        .expect_exit(0)
        .expect_messages(["bad \u{fffd}\u{fffd} byte\0nul"])
        .run();
}

#[test]
fn a_message_over_8_kib_is_cut_and_marked() {
    let long = "é".repeat(10_000);
    let ran = Test::new()
        .args(["send", "--no-console", &long])
        .expect_exit(0)
        .run();
    let entry = &ran.env().server.accepted()[0];
    assert_eq!(entry["message"].as_str().unwrap().len(), 8192);
    assert_eq!(
        entry["meta"],
        json!({"truncated": true, "original_bytes": 20_000})
    );
}

#[test]
fn mirrors_info_to_stdout_and_warnings_to_stderr() {
    let env = TestEnv::new();
    Test::in_env(&env)
        .args(["send", "-m", "k=v", "all good"])
        .expect_stdout("[INFO] all good {\"k\":\"v\"}\n")
        .expect_stderr("")
        .run();
    Test::in_env(&env)
        .args(["send", "-l", "error", "broken"])
        .expect_stdout("")
        .expect_stderr("[ERROR] broken\n")
        .run();
    Test::in_env(&env)
        .args(["send", "--no-console", "-l", "error", "quiet"])
        .expect_stdout("")
        .expect_stderr("")
        .expect_messages(["all good", "broken", "quiet"])
        .run();
}

#[test]
fn usage_errors_exit_64_and_send_nothing() {
    let env = TestEnv::new();
    for args in [
        &["send", "--meta", "novalue", "x"][..],
        &["send", "--meta", "n:=notjson", "x"],
        &["send", "--level", "loud", "x"],
        &["send", "--timestamp", "yesterday", "x"],
        &["send", "--bogus-flag", "x"],
        &["send", "   "],
    ] {
        let ran = Test::in_env(&env).args(args).expect_exit(64).run();
        assert!(!ran.stderr().is_empty());
    }
    Test::in_env(&env)
        .args(["send", "--meta", "novalue", "x"])
        .expect_stderr_contains("malformed --meta 'novalue'")
        .expect_requests(0)
        .run();
}

#[test]
fn no_message_and_empty_stdin_is_a_usage_error_with_a_hint() {
    let env = TestEnv::new();
    Test::in_env(&env)
        .arg("send")
        .stdin("")
        .expect_exit(64)
        .expect_stderr(
            "logingestor: error: the message is empty: there is nothing to send\n\
             logingestor: hint: stdin was empty: pipe the message in (df -h | logingestor send -), \
             or give it as arguments: logingestor send \"disk almost full\"\n",
        )
        .run();
    Test::in_env(&env)
        .args(["send", "  "])
        .expect_exit(64)
        .expect_stderr_contains(
            "logingestor: hint: give the message as arguments: logingestor send \"disk almost full\"",
        )
        .expect_requests(0)
        .run();
}

#[test]
fn a_rejected_entry_exits_65() {
    Test::new()
        .args(["send", "x"])
        .fault(Fault::error(400, "invalid_body"))
        .expect_exit(65)
        .expect_stderr_contains("400 invalid_body")
        .run();
}

#[test]
fn an_unreachable_api_exits_69_without_a_spool() {
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let ran = Test::new()
        .env("STREAMLOGIA_API_URL", format!("http://{closed_port}"))
        .args(["--no-spool", "--retry-for", "1s", "send", "x"])
        .expect_exit(69)
        .expect_stderr_contains("could not reach the API")
        .run();
    let stderr = ran.stderr();
    assert_eq!(
        stderr.lines().filter(|l| l.contains("error:")).count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_wrong_key_exits_77_without_printing_it() {
    let wrong_key = "ls_app_live_WRONGKEY9876543210";
    Test::new()
        .env("STREAMLOGIA_API_KEY", wrong_key)
        .args(["send", "x"])
        .expect_exit(77)
        .expect_stderr_contains("401")
        .expect_output_lacks(wrong_key)
        .run();
}

#[test]
fn a_read_only_key_exits_77_naming_the_likely_cause() {
    Test::new()
        .env("STREAMLOGIA_API_KEY", "ls_api_live_READONLY")
        .args(["send", "x"])
        .expect_exit(77)
        .expect_stderr_contains("403")
        .expect_stderr_contains("read-only key (ls_api_live_)")
        .expect_stderr_lacks("ls_api_live_READONLY")
        .run();
}

#[test]
fn a_wrong_base_url_exits_78() {
    let env = TestEnv::new();
    Test::in_env(&env)
        .env("STREAMLOGIA_API_URL", format!("{}/api", env.server.url()))
        .args(["send", "x"])
        .expect_exit(78)
        .expect_stderr_contains("404")
        .run();
}

#[test]
fn dry_run_prints_the_body_and_needs_no_key() {
    let ran = Test::new()
        .bare()
        .args(["send", "--dry-run", "--timestamp", "2026-04-07T09:41:03Z"])
        .arg("hello")
        .expect_exit(0)
        .run();
    let bodies: Vec<serde_json::Value> = ran
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        bodies,
        vec![json!([{
            "projectId": "00000000-0000-0000-0000-000000000000",
            "level": "INFO", "message": "hello", "source": "unknown",
            "timestamp": "2026-04-07T09:41:03.000Z"
        }])]
    );
    assert!(ran.stderr().contains("placeholder") || ran.stderr().contains("no project id"));
}

#[test]
fn the_key_never_appears_in_any_output() {
    let env = TestEnv::new();
    for args in [
        &["send", "x"][..],
        &["send", "--dry-run", "x"],
        &["send", "--meta", "bad", "x"],
        &["--url", "http://127.0.0.1:1", "send", "x"],
        &["send", "--help"],
    ] {
        Test::in_env(&env)
            .args(args)
            .expect_output_lacks(TEST_KEY)
            .expect_output_lacks("TESTKEY")
            .run();
    }
}
