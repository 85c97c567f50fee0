//! `logingestor pipe`.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;

use crate::fake_ingest::{Fault, TEST_PROJECT};
use crate::test_env::{text, TestEnv};

fn numbered_lines(count: usize) -> String {
    (0..count)
        .map(|n| format!("line {n:05} of the test input\n"))
        .collect()
}

#[test]
fn ten_thousand_lines_arrive_complete_in_order_and_in_bounded_batches() {
    let env = TestEnv::new();
    let input = numbered_lines(10_000);
    env.command()
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "700",
            "--batch-bytes",
            "64KiB",
            "--source",
            "gen",
        ])
        .write_stdin(input.clone())
        .assert()
        .success();
    let expected: Vec<String> = input.lines().map(str::to_owned).collect();
    assert_eq!(env.server.messages(), expected);
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
    let env = TestEnv::new();
    env.command()
        .args(["pipe", "--no-console", "--batch-size", "100"])
        .write_stdin(numbered_lines(1000))
        .assert()
        .success();
    let sizes: Vec<usize> = env.server.requests().iter().map(|r| r.entries).collect();
    assert_eq!(sizes, vec![100; 10]);
}

#[test]
fn mirrors_the_input_unchanged_to_stdout() {
    let env = TestEnv::new();
    let input = b"plain\r\n\n\xffraw bytes\nno newline at end";
    let output = env
        .command()
        .arg("pipe")
        .write_stdin(&input[..])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, input);
    assert_eq!(
        env.server.messages(),
        ["plain", "\u{fffd}raw bytes", "no newline at end"]
    );
}

#[test]
fn no_console_keeps_stdout_empty() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["pipe", "--no-console"])
        .write_stdin("a\nb\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert_eq!(env.server.messages(), ["a", "b"]);
}

#[test]
fn applies_level_tags_and_meta_to_every_line() {
    let env = TestEnv::new();
    env.command()
        .args([
            "pipe",
            "--no-console",
            "-l",
            "debug",
            "-t",
            "a,b",
            "-m",
            "n:=1",
            "-s",
            "svc",
        ])
        .write_stdin("one\ntwo\n")
        .assert()
        .success();
    for entry in env.server.accepted() {
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
    env.command()
        .args(["pipe", "--no-console", "--file"])
        .arg(&first)
        .arg("-f")
        .arg(&second)
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["a1", "a2", "b1"]);
}

#[test]
fn a_missing_file_exits_66_before_sending_anything() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["pipe", "--file", "/nonexistent/app.log"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(66));
    assert!(text(&output.stderr).contains("/nonexistent/app.log"));
    assert!(env.server.requests().is_empty());
}

#[test]
fn a_directory_given_as_a_file_exits_66_before_sending_anything() {
    let env = TestEnv::new();
    let good = env.write_file("app.log", "a line\n");
    let output = env
        .command()
        .args(["pipe", "--file"])
        .arg(&good)
        .arg("--file")
        .arg(env.home.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(66));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "logingestor: error: cannot read {}: it is a directory\n",
            env.home.path().display()
        )),
        "{stderr}"
    );
    assert!(env.server.requests().is_empty());
}

#[test]
fn a_file_that_fails_while_being_read_exits_66() {
    let env = TestEnv::new();
    // Reading the start of a process's own memory fails with EIO.
    let output = env
        .command()
        .args(["pipe", "--no-console", "--file", "/proc/self/mem"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(66), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("cannot read /proc/self/mem: "),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_ten_megabyte_line_is_cut_to_the_api_limit_and_marked() {
    let env = TestEnv::new();
    let mut input = vec![b'x'; 10 * 1024 * 1024];
    input.extend_from_slice(b"\nafter\n");
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(input)
        .assert()
        .success();
    let accepted = env.server.accepted();
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
    let env = TestEnv::new();
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let lines = garbage
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty() && *l != b"\r")
        .count();
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(garbage)
        .assert()
        .success();
    assert_eq!(env.server.accepted().len(), lines);
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
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .args([
            "pipe",
            "--dry-run",
            "--batch-size",
            "2",
            "--project",
            TEST_PROJECT,
            "-s",
            "demo",
        ])
        .write_stdin("a\nb\nc\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let bodies: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0].as_array().unwrap().len(), 2);
    assert_eq!(bodies[1][0]["message"], "c");
    assert_eq!(bodies[1][0]["source"], "demo");
    assert_eq!(bodies[1][0]["projectId"], TEST_PROJECT);
    assert!(env.server.requests().is_empty());
}

#[test]
fn a_refused_key_stops_shipping_and_exits_77() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKED")
        .args(["pipe", "--no-console", "--batch-size", "10"])
        .write_stdin(numbered_lines(100))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    assert_eq!(env.server.requests().len(), 1, "kept sending after a 401");
    assert!(!text(&output.stderr).contains("REVOKED"));
}

#[test]
fn the_request_body_never_exceeds_the_server_limit_we_were_given() {
    // Every request the fake accepted passed its full contract check; a
    // 413 or 4xx here would fail the run.
    let env = TestEnv::new();
    let mixed: String = (0..2000)
        .map(|n| match n % 4 {
            0 => "quote \" backslash \\ tab \t\n".to_owned(),
            1 => "ünïcödé ✓ 日本語\n".to_owned(),
            2 => "x".repeat(9000) + "\n",
            _ => "\u{1}\u{7f} controls\n".to_owned(),
        })
        .collect();
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(mixed)
        .assert()
        .success();
    assert_eq!(env.server.accepted().len(), 2000);
}

#[test]
fn a_one_off_server_error_is_retried_and_nothing_is_lost() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::error(500, "server_error"));
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin("a\n")
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["a"]);
    assert_eq!(env.server.requests().len(), 2);
}

#[test]
fn cr_only_line_ends_make_one_bounded_entry_not_unbounded_memory() {
    let env = TestEnv::new();
    let input = "progress 42%\r".repeat(100_000); // 1.3 MB, no newline at all
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin(input.clone())
        .assert()
        .success();
    let accepted = env.server.accepted();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["message"].as_str().unwrap().len(), 8192);
    assert_eq!(accepted[0]["meta"]["original_bytes"], json!(input.len()));
}
