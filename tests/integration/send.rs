//! `logingestor send`.

use serde_json::json;

use crate::fake_ingest::{Fault, TEST_KEY, TEST_PROJECT};
use crate::test_env::{text, TestEnv};

#[test]
fn sends_one_entry_with_every_flag() {
    let env = TestEnv::new();
    env.command()
        .args([
            "send",
            "--level",
            "WARNING",
            "--source",
            "backup",
            "--tag",
            "prod,nightly",
            "-t",
            "db",
            "--meta",
            "host=web-1",
            "--meta",
            "attempt:=3",
            "-m",
            "ok:=false",
            "--meta",
            "ctx:={\"disk\":\"/dev/sda\"}",
            "--timestamp",
            "2026-04-07T11:41:03+02:00",
            "backup",
            "failed:",
            "disk \"full\"",
        ])
        .assert()
        .success();
    assert_eq!(
        env.server.accepted(),
        vec![json!({
            "projectId": TEST_PROJECT,
            "level": "WARN",
            "message": "backup failed: disk \"full\"",
            "source": "backup",
            "timestamp": "2026-04-07T09:41:03.000Z",
            "tags": ["prod", "nightly", "db"],
            "meta": {"host": "web-1", "attempt": 3, "ok": false, "ctx": {"disk": "/dev/sda"}},
        })]
    );
    let request = &env.server.requests()[0];
    assert_eq!(
        request.user_agent.as_deref(),
        Some(concat!("logingestor/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(request.content_encoding, None);
}

#[test]
fn defaults_are_info_unknown_source_and_the_current_time() {
    let env = TestEnv::new();
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    env.command().args(["send", "hello"]).assert().success();
    let entry = &env.server.accepted()[0];
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
        env.command()
            .args(["send", "--no-console", "-l", alias, "x"])
            .assert()
            .success();
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
    env.command()
        .args(["send", "-"])
        .write_stdin("Filesystem  Size\n/dev/sda1   100G\n")
        .assert()
        .success();
    env.command()
        .args(["send", "--level", "warn"])
        .write_stdin("piped\r\n")
        .assert()
        .success();
    assert_eq!(
        env.server.messages(),
        ["Filesystem  Size\n/dev/sda1   100G", "piped"]
    );
}

#[test]
fn invalid_utf8_on_stdin_is_replaced_not_fatal() {
    let env = TestEnv::new();
    env.command()
        .args(["send", "-"])
        .write_stdin(&b"bad \xff\xfe byte\0nul"[..])
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["bad \u{fffd}\u{fffd} byte\0nul"]);
}

#[test]
fn a_message_over_8_kib_is_cut_and_marked() {
    let env = TestEnv::new();
    let long = "é".repeat(10_000);
    env.command()
        .args(["send", "--no-console", &long])
        .assert()
        .success();
    let entry = &env.server.accepted()[0];
    assert_eq!(entry["message"].as_str().unwrap().len(), 8192);
    assert_eq!(
        entry["meta"],
        json!({"truncated": true, "original_bytes": 20_000})
    );
}

#[test]
fn mirrors_info_to_stdout_and_warnings_to_stderr() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["send", "-m", "k=v", "all good"])
        .output()
        .unwrap();
    assert_eq!(text(&output.stdout), "[INFO] all good {\"k\":\"v\"}\n");
    assert_eq!(text(&output.stderr), "");
    let output = env
        .command()
        .args(["send", "-l", "error", "broken"])
        .output()
        .unwrap();
    assert_eq!(text(&output.stdout), "");
    assert_eq!(text(&output.stderr), "[ERROR] broken\n");
    let output = env
        .command()
        .args(["send", "--no-console", "-l", "error", "quiet"])
        .output()
        .unwrap();
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    assert_eq!(env.server.messages(), ["all good", "broken", "quiet"]);
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
        let output = env.command().args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(64),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(!text(&output.stderr).is_empty());
    }
    let output = env
        .command()
        .args(["send", "--meta", "novalue", "x"])
        .output()
        .unwrap();
    assert!(
        text(&output.stderr).contains("malformed --meta 'novalue'"),
        "{}",
        text(&output.stderr)
    );
    assert!(env.server.requests().is_empty());
}

#[test]
fn no_message_and_empty_stdin_is_a_usage_error_with_a_hint() {
    let env = TestEnv::new();
    let output = env.command().arg("send").write_stdin("").output().unwrap();
    assert_eq!(output.status.code(), Some(64));
    assert_eq!(
        text(&output.stderr),
        "logingestor: error: the message is empty: there is nothing to send\n\
         logingestor: hint: stdin was empty: pipe the message in (df -h | logingestor send -), \
         or give it as arguments: logingestor send \"disk almost full\"\n"
    );
    let output = env.command().args(["send", "  "]).output().unwrap();
    assert_eq!(output.status.code(), Some(64));
    assert!(
        text(&output.stderr).contains(
            "logingestor: hint: give the message as arguments: logingestor send \"disk almost full\""
        ),
        "{}",
        text(&output.stderr)
    );
    assert!(env.server.requests().is_empty());
}

#[test]
fn a_rejected_entry_exits_65() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::error(400, "invalid_body"));
    let output = env.command().args(["send", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(
        text(&output.stderr).contains("400 invalid_body"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_unreachable_api_exits_69_without_a_spool() {
    let env = TestEnv::new();
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("http://{closed_port}"))
        .args(["--no-spool", "--retry-for", "1s", "send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(69));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("could not reach the API"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.contains("error:")).count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_wrong_key_exits_77_without_printing_it() {
    let env = TestEnv::new();
    let wrong_key = "ls_app_live_WRONGKEY9876543210";
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", wrong_key)
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("401"), "{stderr}");
    assert!(!stderr.contains(wrong_key) && !text(&output.stdout).contains(wrong_key));
}

#[test]
fn a_read_only_key_exits_77_naming_the_likely_cause() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", "ls_api_live_READONLY")
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("403") && stderr.contains("read-only key (ls_api_live_)"),
        "{stderr}"
    );
    assert!(!stderr.contains("ls_api_live_READONLY"));
}

#[test]
fn a_wrong_base_url_exits_78() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("{}/api", env.server.url()))
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(
        text(&output.stderr).contains("404"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn dry_run_prints_the_body_and_needs_no_key() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .args([
            "send",
            "--dry-run",
            "--timestamp",
            "2026-04-07T09:41:03Z",
            "hello",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let bodies: Vec<serde_json::Value> = text(&output.stdout)
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
    assert!(
        text(&output.stderr).contains("placeholder")
            || text(&output.stderr).contains("no project id")
    );
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
        let output = env.command().args(args).output().unwrap();
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert!(!all.contains(TEST_KEY), "{args:?} printed the key");
        assert!(!all.contains("TESTKEY"), "{args:?} printed part of the key");
    }
}
