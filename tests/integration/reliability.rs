//! Never lose a line: retries, splitting, isolation of bad entries, shutdown.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fake_ingest::{Fault, Options, TEST_KEY, TEST_PROJECT};
use crate::test_env::{text, TestEnv};

fn numbered_lines(count: usize) -> String {
    (0..count).map(|n| format!("line {n:05}\n")).collect()
}

fn expected_messages(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("line {n:05}")).collect()
}

#[test]
fn server_errors_are_retried_until_the_batch_is_accepted() {
    let env = TestEnv::new();
    for _ in 0..4 {
        env.server.push_fault(Fault::error(500, "server_error"));
    }
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(numbered_lines(50))
        .assert()
        .success();
    assert_eq!(env.server.messages(), expected_messages(50));
    let statuses: Vec<u16> = env.server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 500, 500, 500, 200]);
}

#[test]
fn rate_limiting_waits_as_long_as_retry_after_says() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Status {
        status: 429,
        body: r#"{"error":"rate_limited","message":"slow down"}"#.into(),
        headers: vec![("Retry-After".into(), "1".into())],
    });
    env.command()
        .args(["send", "--no-console", "x"])
        .assert()
        .success();
    let requests = env.server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
}

#[test]
fn a_connection_reset_mid_request_is_retried() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Reset);
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(numbered_lines(10))
        .assert()
        .success();
    assert_eq!(env.server.messages(), expected_messages(10));
}

#[test]
fn a_response_slower_than_the_timeout_is_retried_at_least_once() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Delay(Duration::from_secs(2)));
    env.command()
        .args(["--timeout", "500ms", "send", "--no-console", "slow"])
        .assert()
        .success();
    // The slow request is applied too, when the fake wakes: delivery is at-least-once.
    assert!(env.server.wait_for_entries(2, Duration::from_secs(10)));
    let messages = env.server.messages();
    assert!(
        !messages.is_empty() && messages.iter().all(|m| m == "slow"),
        "{messages:?}"
    );
    assert!(env.server.requests().len() >= 2);
}

#[test]
fn a_batch_too_large_for_the_server_is_split_until_it_fits() {
    let env = TestEnv::with_options(Options {
        max_body_bytes: 3000,
        ..Options::default()
    });
    env.command()
        .args(["pipe", "--no-console", "--batch-size", "100"])
        .write_stdin(numbered_lines(100))
        .assert()
        .success();
    assert_eq!(env.server.messages(), expected_messages(100));
    assert!(env.server.requests().iter().any(|r| r.status == 413));
}

#[test]
fn invalid_entries_are_isolated_and_the_rest_delivered() {
    let env = TestEnv::with_options(Options {
        reject_marker: Some("POISON".into()),
        ..Options::default()
    });
    let input: String = (0..40)
        .map(|n| {
            if n == 7 || n == 30 {
                format!("POISON {n}\n")
            } else {
                format!("line {n:05}\n")
            }
        })
        .collect();
    let output = env
        .command()
        .args(["pipe", "--no-console", "--batch-size", "40"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", text(&output.stderr));
    let expected: Vec<String> = (0..40)
        .filter(|n| *n != 7 && *n != 30)
        .map(|n| format!("line {n:05}"))
        .collect();
    assert_eq!(env.server.messages(), expected);
    assert!(
        text(&output.stderr).contains("rejected 2 entries"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn sigterm_mid_stream_sends_what_was_read_and_exits_0() {
    let env = TestEnv::new();
    let mut child = Command::new(TestEnv::binary())
        .env_clear()
        .env("HOME", env.home.path())
        .env("XDG_STATE_HOME", env.home.path().join("state"))
        .env("STREAMLOGIA_API_KEY", TEST_KEY)
        .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
        .env("STREAMLOGIA_API_URL", env.server.url())
        .args(["pipe", "--no-console", "--flush-interval", "1h"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(numbered_lines(300).as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "shutdown took {:?}",
        started.elapsed()
    );
    assert_eq!(env.server.messages(), expected_messages(300));
}
