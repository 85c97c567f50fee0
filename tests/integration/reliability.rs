//! Never lose a line: retries, splitting, isolation of bad entries, shutdown.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::fake_ingest::{Fault, Options, TEST_KEY};
use crate::test_env::{expected_messages, numbered_lines, text, TestEnv};

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
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "100",
            "--concurrency",
            "1",
        ])
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
    // The console mirror says when the lines were read: it echoes what a
    // read brought once its lines are handed on to the batcher.
    let mut child = env
        .spawnable()
        .args(["pipe", "--flush-interval", "1h"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = numbered_lines(300);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut mirrored = vec![0; input.len()];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut mirrored).unwrap();
    assert_eq!(text(&mirrored), input, "the mirror echoes the input");
    let started = Instant::now();
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    drop((stdin, stdout));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "shutdown took {:?}",
        started.elapsed()
    );
    assert_eq!(env.server.messages(), expected_messages(300));
}

#[test]
fn a_closed_stdout_stops_the_mirror_but_not_the_shipping() {
    use std::io::Read;
    let env = TestEnv::new();
    let mut child = env
        .spawnable()
        .args(["pipe", "--concurrency", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    stdin.write_all(b"first\n").unwrap();
    let mut first = [0u8; 6];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // the reader of our stdout goes away, like `| head -1`
    stdin.write_all(numbered_lines(5000).as_bytes()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mut expected = vec!["first".to_owned()];
    expected.extend(expected_messages(5000));
    assert_eq!(env.server.messages(), expected);
}

#[test]
fn requests_go_through_the_proxy_from_the_environment() {
    let env = TestEnv::new();
    // The proxy is the fake; the URL points nowhere, so only the proxy can answer.
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", "http://127.0.0.1:9")
        .env("HTTP_PROXY", env.server.url())
        .env("HTTPS_PROXY", env.server.url())
        .args([
            "--no-spool",
            "--retry-for",
            "0s",
            "send",
            "--no-console",
            "via proxy",
        ])
        .output()
        .unwrap();
    let requests = env.server.requests();
    assert_eq!(requests.len(), 1, "{}", text(&output.stderr));
    // An http:// target is reached through the proxy by CONNECT or an absolute URI.
    assert!(
        requests[0].path.contains("127.0.0.1:9"),
        "{}",
        requests[0].path
    );
}

#[test]
fn an_unreadable_or_empty_ca_bundle_is_a_configuration_error() {
    let env = TestEnv::new();
    let garbage = env.write_file("ca.pem", "not a certificate\n");
    for path in [garbage, env.home.path().join("missing.pem")] {
        let output = env
            .command()
            .arg("--ca-file")
            .arg(&path)
            .args(["send", "x"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(78), "{}", text(&output.stderr));
        assert!(text(&output.stderr).contains(&path.display().to_string()));
    }
}

#[test]
fn a_key_on_the_command_line_or_in_a_readable_config_file_earns_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["--api-key", TEST_KEY, "send", "--no-console", "x"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("process list") && !stderr.contains(TEST_KEY),
        "{stderr}"
    );

    let file = env.write_file("li.toml", &format!("api_key = \"{TEST_KEY}\"\n"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = env
        .command()
        .arg("--config")
        .arg(&file)
        .args(["send", "--no-console", "x"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("chmod 600") && !stderr.contains(TEST_KEY),
        "{stderr}"
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = env
        .command()
        .arg("--config")
        .arg(&file)
        .args(["send", "--no-console", "x"])
        .output()
        .unwrap();
    assert!(!text(&output.stderr).contains("chmod"));
}

#[test]
fn a_batch_of_thousands_is_confirmed_by_its_long_answer() {
    // One id per entry: the answer to 5 000 entries is some 100 KiB.
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["pipe", "--no-console", "--batch-size", "5000"])
        .args(["--batch-bytes", "8MiB"])
        .write_stdin(numbered_lines(20_000))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // Several batches in flight at once may arrive in any order.
    let mut messages = env.server.messages();
    messages.sort();
    assert_eq!(messages, expected_messages(20_000));
    let sizes: Vec<usize> = env.server.requests().iter().map(|r| r.entries).collect();
    assert_eq!(sizes, [5000, 5000, 5000, 5000]);
}

#[test]
fn a_retry_after_past_the_retry_budget_spools_at_once_and_sends_nothing_more() {
    let env = TestEnv::new();
    for _ in 0..3 {
        env.server.push_fault(Fault::Status {
            status: 429,
            body: r#"{"error":"rate_limited","message":"slow down"}"#.into(),
            headers: vec![("Retry-After".into(), "90".into())],
        });
    }
    let started = Instant::now();
    let output = env
        .command()
        .args(["pipe", "--no-console", "--stats", "--batch-size", "1000"])
        .args(["--concurrency", "1"])
        .write_stdin(numbered_lines(3000))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20), "{stderr}");
    assert_eq!(
        env.server.requests().len(),
        1,
        "one request, then the pause"
    );
    assert_eq!(crate::test_env::Stats::of(&stderr).spooled, 3000);
    assert!(stderr.contains("pause of 90s"), "{stderr}");
}

#[test]
fn after_a_413_later_batches_start_at_a_size_that_fit() {
    let env = TestEnv::with_options(Options {
        max_body_bytes: 3000,
        ..Options::default()
    });
    env.command()
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "100",
            "--concurrency",
            "1",
        ])
        .write_stdin(numbered_lines(1000))
        .assert()
        .success();
    assert_eq!(env.server.messages(), expected_messages(1000));
    let statuses: Vec<u16> = env.server.requests().iter().map(|r| r.status).collect();
    // Ten batches of 100: only the first is tried at sizes refused, until
    // one fits; no later batch meets a 413.
    let first_accepted = statuses.iter().position(|&s| s == 200).unwrap();
    assert!(first_accepted > 0, "{statuses:?}");
    assert!(
        statuses[first_accepted..].iter().all(|&s| s == 200),
        "{statuses:?}"
    );
}

#[test]
fn a_refused_connection_is_not_a_possible_duplicate() {
    let env = TestEnv::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("http://{closed}"))
        .args(["--retry-for", "1s", "pipe", "--no-console", "--stats"])
        .write_stdin(numbered_lines(10))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    assert!(
        !stderr.contains(" 0 retries"),
        "no retry was made: {stderr}"
    );
    assert!(stderr.contains(" 0 possible duplicates"), "{stderr}");
}

#[test]
fn a_time_read_from_a_line_that_the_api_cannot_take_keeps_the_read_time() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["pipe", "--no-console"])
        .write_stdin("0000-01-01 00:00:00 year zero\n1969-07-20 20:17:40 before 1970\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let accepted = env.server.accepted();
    assert_eq!(accepted.len(), 2);
    for entry in accepted {
        let timestamp = entry["timestamp"].as_str().unwrap();
        assert!(timestamp.starts_with("20"), "{timestamp}");
    }
}

#[test]
fn the_key_is_never_shipped_or_spooled_even_when_a_line_holds_it() {
    let env = TestEnv::new();
    let line = format!("debug: Authorization: Bearer {TEST_KEY} sent\n");
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(line.clone())
        .assert()
        .success();
    let messages = env.server.messages();
    assert_eq!(messages, ["debug: Authorization: Bearer [REDACTED] sent"]);
    // Nor is it kept when the API is down.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("http://{closed}"))
        .args(["--retry-for", "0s", "pipe", "--no-console"])
        .write_stdin(format!(
            "{line}{{\"msg\":\"x\",\"token\":\"{TEST_KEY}\"}}\n"
        ))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(75), "{}", text(&output.stderr));
    let spool = env.spool_dir();
    let mut kept = String::new();
    for file in std::fs::read_dir(&spool).unwrap() {
        kept.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    assert_eq!(kept.lines().count(), 2, "{kept}");
    assert!(!kept.contains(TEST_KEY), "{kept}");
    assert!(kept.contains("[REDACTED]"), "{kept}");
}

#[test]
fn a_timestamp_outside_the_contract_is_a_usage_error() {
    let env = TestEnv::new();
    env.command()
        .args(["send", "--timestamp", "0000-01-01T00:00:00Z", "x"])
        .assert()
        .code(64);
    assert!(env.server.requests().is_empty());
}
