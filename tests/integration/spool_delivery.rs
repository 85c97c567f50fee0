//! Undelivered entries survive in the spool, and later runs deliver them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};

use crate::fake_ingest::{Fault, Options, TEST_PROJECT};
use crate::test_env::{expected_messages, numbered_lines, spooled_messages, text, Stats, TestEnv};

fn spool_dir(env: &TestEnv) -> PathBuf {
    env.home.path().join("state/logingestor/spool")
}

fn spool_entries(env: &TestEnv) -> u64 {
    let output = env
        .command()
        .args(["spool", "status", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let status: Value = serde_json::from_slice(&output.stdout).unwrap();
    status["entries"].as_u64().expect("an entry count")
}

fn closed_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    format!("http://{port}")
}

#[test]
fn an_outage_spools_with_exit_75_and_the_next_run_delivers() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", closed_url())
        .args([
            "--retry-for",
            "500ms",
            "pipe",
            "--no-console",
            "--batch-size",
            "10",
            "--concurrency",
            "1",
        ])
        .write_stdin(numbered_lines(35))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(75), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("35 entries were kept in the spool"),
        "{stderr}"
    );
    assert_eq!(spool_entries(&env), 35);
    // Entries keep the time they were read, not the time of the replay.
    let spooled = std::fs::read_dir(spool_dir(&env)).unwrap().count();
    assert!(spooled >= 1);

    env.command()
        .args(["send", "--no-console", "after the outage"])
        .assert()
        .success();
    let mut want = expected_messages(35);
    want.insert(0, "after the outage".into());
    assert_eq!(
        env.server.messages(),
        want,
        "own entry first, then the spool, oldest first"
    );
    assert_eq!(spool_entries(&env), 0);
}

#[test]
fn a_refused_key_keeps_every_pending_entry_and_a_good_key_replays_them() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKED")
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "10",
            "--concurrency",
            "1",
        ])
        .write_stdin(numbered_lines(100))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    assert!(
        text(&output.stderr).contains("were kept in the spool"),
        "{}",
        text(&output.stderr)
    );
    assert!(env.server.messages().is_empty());
    assert_eq!(spool_entries(&env), 100);
    for segment in std::fs::read_dir(spool_dir(&env)).unwrap() {
        let contents = std::fs::read_to_string(segment.unwrap().path()).unwrap_or_default();
        assert!(
            !contents.contains("REVOKED") && !contents.contains("TESTKEY"),
            "a key in the spool"
        );
    }

    let output = env.command().args(["spool", "flush"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("delivered 100 entries"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(env.server.messages(), expected_messages(100));
}

#[test]
fn two_concurrent_runs_sharing_a_spool_send_each_entry_once() {
    let env = TestEnv::new();
    // Fill the spool: 40 segments of 25 entries.
    env.command()
        .env("STREAMLOGIA_API_URL", closed_url())
        .args([
            "--retry-for",
            "0s",
            "pipe",
            "--no-console",
            "--batch-size",
            "25",
        ])
        .write_stdin(numbered_lines(1000))
        .assert()
        .code(75);
    assert_eq!(spool_entries(&env), 1000);

    let mut runs = Vec::new();
    for name in ["first", "second"] {
        let mut command = env.spawnable();
        command
            .args(["spool", "flush"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        runs.push((name, command.spawn().unwrap()));
    }
    for (name, run) in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{name}: {}", text(&output.stderr));
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for message in env.server.messages() {
        *counts.entry(message).or_default() += 1;
    }
    assert_eq!(counts.len(), 1000);
    assert!(counts.values().all(|&n| n == 1), "an entry was sent twice");
    assert_eq!(spool_entries(&env), 0);
}

#[test]
fn rejected_entries_go_to_the_dead_letter_file_with_the_reason() {
    let env = TestEnv::with_options(Options {
        reject_marker: Some("POISON".into()),
        ..Options::default()
    });
    env.command()
        .args(["pipe", "--no-console"])
        .write_stdin("good 1\nPOISON pill\ngood 2\n")
        .assert()
        .code(65);
    assert_eq!(env.server.messages(), ["good 1", "good 2"]);
    let dead = std::fs::read_to_string(spool_dir(&env).join("dead-letter.ndjson")).unwrap();
    let lines: Vec<Value> = dead
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["entry"]["message"], "POISON pill");
    assert!(lines[0]["reason"]
        .as_str()
        .unwrap()
        .contains("invalid_level"));
    // Dead letters are never retried.
    env.command()
        .args(["send", "--no-console", "later"])
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["good 1", "good 2", "later"]);
}

#[test]
fn an_unwritable_spool_is_a_clear_error_and_the_loss_is_counted() {
    let env = TestEnv::new();
    let blocker = env.write_file("not-a-dir", "x");
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", closed_url())
        .arg("--spool-dir")
        .arg(blocker.join("spool"))
        .args(["--retry-for", "0s", "send", "--no-console", "x"])
        .output()
        .unwrap();
    // 73: the spool directory could not be created or written.
    assert_eq!(output.status.code(), Some(73), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("1 of 1 entries were lost"), "{stderr}");
    assert!(stderr.contains("not-a-dir"), "{stderr}");
    assert!(stderr.contains("could not reach the API"), "{stderr}");
}

#[test]
fn when_full_spool_keeps_reading_and_loses_nothing() {
    let env = TestEnv::new();
    for _ in 0..5 {
        env.server
            .push_fault(Fault::Delay(Duration::from_millis(300)));
    }
    let output = env
        .command()
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "10",
            "--max-buffer",
            "1",
            "--when-full",
            "spool",
        ])
        .write_stdin(numbered_lines(200))
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        code == Some(0) || code == Some(75),
        "{code:?}: {}",
        text(&output.stderr)
    );
    let delivered = env.server.messages();
    let mut all: Vec<String> = delivered.clone();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len() as u64 + spool_entries(&env),
        200,
        "an entry was lost"
    );
}

#[test]
fn when_full_drop_counts_what_it_dropped() {
    let env = TestEnv::new();
    for _ in 0..30 {
        env.server
            .push_fault(Fault::Delay(Duration::from_millis(100)));
    }
    let output = env
        .command()
        .args([
            "pipe",
            "--no-console",
            "--batch-size",
            "10",
            "--max-buffer",
            "1",
            "--when-full",
            "drop",
            "--stats",
        ])
        .write_stdin(numbered_lines(200))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(69), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let delivered = env.server.messages().len();
    let stats = Stats::of(&stderr);
    assert_eq!((stats.read, stats.delivered), (200, delivered as u64));
    assert_eq!(stats.dropped, 200 - delivered as u64, "each drop once");
    assert!(delivered < 200);
    assert!(
        stderr.contains(&format!(
            "{} of 200 entries were lost: {} because the buffer was full (--when-full drop)",
            200 - delivered,
            200 - delivered
        )),
        "{stderr}"
    );
}

#[test]
fn the_spool_cap_counts_what_it_deletes_and_fails_the_run() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", closed_url())
        .args(["--retry-for", "0s", "--spool-max", "10KiB"])
        .args(["pipe", "--no-console", "--stats", "--batch-size", "100"])
        .write_stdin(numbered_lines(5000))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(69), "{stderr}");
    let stats = Stats::of(&stderr);
    assert_eq!(stats.read, 5000);
    let kept = spooled_messages(&spool_dir(&env));
    assert_eq!(kept.len() as u64, stats.spooled, "{stderr}");
    assert!(stats.spooled > 0 && stats.dropped > 0, "{stderr}");
    // The newest entries are the ones kept.
    assert_eq!(kept.last().map(String::as_str), Some("line 04999"));
    let size: u64 = std::fs::read_dir(spool_dir(&env))
        .unwrap()
        .map(|file| file.unwrap().metadata().unwrap().len())
        .sum();
    assert!(size <= 10 * 1024, "{size} bytes");
    assert_eq!(stderr.matches("reached its cap").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{} of 5000 entries were lost", stats.dropped)),
        "{stderr}"
    );
}

#[test]
fn an_entry_larger_than_the_whole_spool_cap_is_reported_lost() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", closed_url())
        .args(["--retry-for", "0s", "--spool-max", "100"])
        .args(["send", "--no-console", "x"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(69), "{stderr}");
    assert!(stderr.contains("1 of 1 entries were lost"), "{stderr}");
    assert!(spooled_messages(&spool_dir(&env)).is_empty());
}

#[test]
fn entries_of_another_project_do_not_fail_later_runs() {
    let env = TestEnv::new();
    let other = "11111111-2222-3333-4444-555555555555";
    let output = env
        .command()
        .args(["--project", other, "pipe", "--no-console"])
        .write_stdin(numbered_lines(5))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77), "{}", text(&output.stderr));
    let output = env
        .command()
        .args(["pipe", "--no-console"])
        .write_stdin("mine\n")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("5 spooled entries for project {other}")),
        "{stderr}"
    );
    assert_eq!(env.server.messages(), ["mine"]);
    assert_eq!(spooled_messages(&spool_dir(&env)).len(), 5, "they stay");
}

#[test]
fn an_unreadable_spool_line_is_dead_lettered_and_the_rest_sent() {
    let env = TestEnv::new();
    let dir = spool_dir(&env);
    std::fs::create_dir_all(&dir).unwrap();
    let entry = |message: &str| {
        json!({"projectId": TEST_PROJECT, "level": "INFO", "message": message,
               "source": "s", "timestamp": "2026-04-07T09:41:03.000Z"})
        .to_string()
    };
    std::fs::write(
        dir.join("seg-00000000000000000001-0000000001-0000000000.ndjson"),
        format!("{}\n{{\"half\":\n{}\n", entry("before"), entry("after")),
    )
    .unwrap();
    let output = env.command().args(["spool", "flush"]).output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(65), "{stderr}");
    assert_eq!(env.server.messages(), ["before", "after"]);
    let dead = std::fs::read_to_string(dir.join("dead-letter.ndjson")).unwrap();
    assert_eq!(dead.lines().count(), 1);
    assert!(dead.contains("not a JSON object"), "{dead}");
    assert!(spooled_messages(&dir).is_empty());
}
