//! `logingestor pipe`.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;

use crate::fake_ingest::{Fault, TEST_PROJECT};
use crate::spec::Test;
use crate::test_env::TestEnv;

fn numbered_lines(count: usize) -> String {
    (0..count)
        .map(|n| format!("line {n:05} of the test input\n"))
        .collect()
}

#[test]
fn ten_thousand_lines_arrive_complete_in_order_and_in_bounded_batches() {
    let input = numbered_lines(10_000);
    let ran = Test::new()
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "700",
            "--concurrency",
            "1",
        ])
        .args(["--batch-bytes", "64KiB", "--source", "gen"])
        .stdin(input.clone())
        .expect_exit(0)
        .expect_messages(input.lines())
        .run();
    let env = ran.env();
    let requests = env.server.requests();
    assert!(requests.iter().all(|r| r.status == 200));
    assert!(
        requests.iter().all(|r| r.entries <= 700),
        "a batch exceeded --batch-size"
    );
    assert!(
        requests.iter().all(|r| r.body_bytes <= 64 * 1024),
        "a batch exceeded --batch-bytes"
    );
    // The byte limit binds first here (about 180 bytes an entry): batches are near it, not tiny.
    assert!(requests.len() < 40, "{} requests", requests.len());
    let entry = &env.server.accepted()[0];
    assert_eq!(entry["source"], "gen");
    assert_eq!(entry["level"], "INFO");
    assert_eq!(entry["projectId"], TEST_PROJECT);
}

#[test]
fn the_count_limit_makes_full_batches() {
    let ran = Test::new()
        .args(["pipe", "--no-console", "--batch-size", "100"])
        .stdin(numbered_lines(1000))
        .expect_exit(0)
        .run();
    let sizes: Vec<usize> = ran
        .env()
        .server
        .requests()
        .iter()
        .map(|r| r.entries)
        .collect();
    assert_eq!(sizes, vec![100; 10]);
}

#[test]
fn mirrors_the_input_unchanged_to_stdout() {
    let input = b"plain\r\n\n\xffraw bytes\nno newline at end";
    Test::new()
        .arg("pipe")
        .stdin(&input[..])
        .expect_exit(0)
        .expect_stdout(&input[..])
        .expect_messages(["plain", "\u{fffd}raw bytes", "no newline at end"])
        .run();
}

#[test]
fn no_console_keeps_stdout_empty() {
    Test::new()
        .args(["pipe", "--no-console"])
        .stdin("a\nb\n")
        .expect_exit(0)
        .expect_stdout("")
        .expect_messages(["a", "b"])
        .run();
}

#[test]
fn applies_level_tags_and_meta_to_every_line() {
    let ran = Test::new()
        .args(["pipe", "--no-console", "-l", "debug", "-t", "a,b"])
        .args(["-m", "n:=1", "-s", "svc"])
        .stdin("one\ntwo\n")
        .expect_exit(0)
        .run();
    for entry in ran.env().server.accepted() {
        assert_eq!(entry["level"], "DEBUG");
        assert_eq!(entry["tags"], json!(["a", "b"]));
        assert_eq!(entry["meta"], json!({"n": 1}));
        assert_eq!(entry["source"], "svc");
    }
}

#[test]
fn reads_files_in_order() {
    let env = TestEnv::new();
    let first = env.write_file("a.log", "a1\na2\n");
    let second = env.write_file("b.log", "b1");
    Test::in_env(&env)
        .args(["pipe", "--no-console", "--file"])
        .arg(&first)
        .arg("-f")
        .arg(&second)
        .expect_exit(0)
        .expect_messages(["a1", "a2", "b1"])
        .run();
}

#[test]
fn a_missing_file_exits_66_before_sending_anything() {
    Test::new()
        .args(["pipe", "--file", "/nonexistent/app.log"])
        .expect_exit(66)
        .expect_stderr_contains("/nonexistent/app.log")
        .expect_requests(0)
        .run();
}

#[test]
fn a_directory_given_as_a_file_exits_66_before_sending_anything() {
    let env = TestEnv::new();
    let good = env.write_file("app.log", "a line\n");
    let ran = Test::in_env(&env)
        .args(["pipe", "--file"])
        .arg(&good)
        .arg("--file")
        .arg(env.home.path())
        .expect_exit(66)
        .expect_requests(0)
        .run();
    let stderr = ran.stderr();
    assert!(
        stderr.starts_with(&format!(
            "logingestor: error: cannot read {}: it is a directory\n",
            env.home.path().display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_that_fails_while_being_read_exits_66() {
    // Reading the start of a process's own memory fails with EIO.
    Test::new()
        .args(["pipe", "--no-console", "--file", "/proc/self/mem"])
        .expect_exit(66)
        .expect_stderr_contains("cannot read /proc/self/mem: ")
        .run();
}

#[test]
fn a_ten_megabyte_line_is_cut_to_the_api_limit_and_marked() {
    let mut input = vec![b'x'; 10 * 1024 * 1024];
    input.extend_from_slice(b"\nafter\n");
    let ran = Test::new()
        .args(["pipe", "--no-console"])
        .stdin(input)
        .expect_exit(0)
        .run();
    let accepted = ran.env().server.accepted();
    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[0]["message"].as_str().unwrap().len(), 8192);
    assert_eq!(
        accepted[0]["meta"],
        json!({"truncated": true, "original_bytes": 10 * 1024 * 1024})
    );
    assert_eq!(accepted[1]["message"], "after");
}

#[test]
fn binary_garbage_and_nul_bytes_become_valid_entries() {
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let lines = garbage
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty() && *l != b"\r")
        .count();
    let ran = Test::new()
        .args(["pipe", "--no-console"])
        .stdin(garbage)
        .expect_exit(0)
        .run();
    assert_eq!(ran.env().server.accepted().len(), lines);
}

#[test]
fn a_slow_producer_is_flushed_by_the_interval_while_input_stays_open() {
    let env = TestEnv::new();
    let mut child = env
        .spawnable()
        .args(["pipe", "--no-console", "--flush-interval", "200ms"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"first\n").unwrap();
    stdin.flush().unwrap();
    let arrived = env.server.wait_for_entries(1, Duration::from_secs(10));
    stdin.write_all(b"second\n").unwrap();
    let arrived_second = env.server.wait_for_entries(2, Duration::from_secs(10));
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(arrived && arrived_second, "lines were held back until EOF");
    assert!(status.success());
    assert_eq!(env.server.messages(), ["first", "second"]);
    assert_eq!(env.server.requests().len(), 2);
}

#[test]
fn dry_run_prints_each_batch_as_a_json_array_line() {
    let ran = Test::new()
        .bare()
        .args(["pipe", "--dry-run", "--batch-size", "2"])
        .args(["--project", TEST_PROJECT, "-s", "demo"])
        .stdin("a\nb\nc\n")
        .expect_exit(0)
        .expect_requests(0)
        .run();
    let bodies: Vec<serde_json::Value> = ran
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0].as_array().unwrap().len(), 2);
    assert_eq!(bodies[1][0]["message"], "c");
    assert_eq!(bodies[1][0]["source"], "demo");
    assert_eq!(bodies[1][0]["projectId"], TEST_PROJECT);
}

#[test]
fn a_refused_key_stops_shipping_and_exits_77() {
    Test::new()
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKED")
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "10",
            "--concurrency",
            "1",
        ])
        .stdin(numbered_lines(100))
        .expect_exit(77)
        // Not one more after the 401.
        .expect_requests(1)
        .expect_stderr_lacks("REVOKED")
        .run();
}

#[test]
fn the_request_body_never_exceeds_the_server_limit_we_were_given() {
    // Every request the fake accepted passed its full contract check; a
    // 413 or 4xx here would fail the run.
    let mixed: String = (0..2000)
        .map(|n| match n % 4 {
            0 => "quote \" backslash \\ tab \t\n".to_owned(),
            1 => "ünïcödé ✓ 日本語\n".to_owned(),
            2 => "x".repeat(9000) + "\n",
            _ => "\u{1}\u{7f} controls\n".to_owned(),
        })
        .collect();
    let ran = Test::new()
        .args(["pipe", "--no-console"])
        .stdin(mixed)
        .expect_exit(0)
        .run();
    assert_eq!(ran.env().server.accepted().len(), 2000);
}

#[test]
fn a_one_off_server_error_is_retried_and_nothing_is_lost() {
    Test::new()
        .args(["pipe", "--no-console"])
        .stdin("a\n")
        .fault(Fault::error(500, "server_error"))
        .expect_exit(0)
        .expect_messages(["a"])
        .expect_requests(2)
        .run();
}

#[test]
fn cr_only_line_ends_make_one_bounded_entry_not_unbounded_memory() {
    let input = "progress 42%\r".repeat(100_000); // 1.3 MB, no newline at all
    let ran = Test::new()
        .args(["pipe", "--no-console"])
        .stdin(input.clone())
        .expect_exit(0)
        .run();
    let accepted = ran.env().server.accepted();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["message"].as_str().unwrap().len(), 8192);
    assert_eq!(accepted[0]["meta"]["original_bytes"], json!(input.len()));
}
