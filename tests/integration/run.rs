//! `logingestor run -- COMMAND`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command as AssertCommand;
use serde_json::{json, Value};

use crate::test_env::{text, TestEnv};

/// `logingestor run` set up for the fake server, with a PATH for the shell.
fn run(env: &TestEnv) -> AssertCommand {
    let mut command = env.command();
    command.env("PATH", "/usr/bin:/bin").arg("run");
    command
}

/// The accepted entries whose meta has `stream` set to `stream`.
fn stream_messages(entries: &[Value], stream: &str) -> Vec<String> {
    entries
        .iter()
        .filter(|entry| entry["meta"]["stream"] == stream)
        .map(|entry| entry["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn both_streams_are_shipped_in_order_with_their_level_and_stream_meta() {
    let env = TestEnv::new();
    let script = "for i in 1 2 3 4 5 6; do echo out$i; echo err$i >&2; done";
    let output = run(&env)
        .args(["--concurrency", "1", "--", "/bin/sh", "-c", script])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    // Mirrored unchanged, each stream to its own.
    assert_eq!(text(&output.stdout), "out1\nout2\nout3\nout4\nout5\nout6\n");
    assert_eq!(text(&output.stderr), "err1\nerr2\nerr3\nerr4\nerr5\nerr6\n");

    let entries = env.server.accepted();
    assert_eq!(entries.len(), 14, "{entries:#?}");
    assert_eq!(
        stream_messages(&entries, "stdout"),
        ["out1", "out2", "out3", "out4", "out5", "out6"]
    );
    assert_eq!(
        stream_messages(&entries, "stderr"),
        ["err1", "err2", "err3", "err4", "err5", "err6"]
    );
    for entry in &entries {
        assert_eq!(
            entry["source"], "sh",
            "the command's file name is the source"
        );
        match entry["meta"]["stream"].as_str() {
            Some("stdout") => assert_eq!(entry["level"], "INFO"),
            Some("stderr") => assert_eq!(entry["level"], "WARN"),
            _ => {}
        }
    }

    let started = &entries[0];
    assert_eq!(started["level"], "INFO");
    assert_eq!(started["message"], format!("started /bin/sh -c '{script}'"));
    assert_eq!(started["meta"]["command"], format!("/bin/sh -c '{script}'"));
    assert!(started["meta"]["pid"].is_u64());
    assert!(started["meta"]["host"].is_string());
    let exited = entries.last().unwrap();
    assert_eq!(exited["level"], "INFO");
    let message = exited["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "/bin/sh -c '{script}' exited with status 0 after "
        )),
        "{message}"
    );
    assert_eq!(exited["meta"]["exit_code"], 0);
    assert!(exited["meta"]["duration_ms"].is_u64());
    assert_eq!(exited["meta"]["pid"], started["meta"]["pid"]);
    assert!(exited["meta"].get("signal").is_none());
}

#[test]
fn levels_source_tags_and_meta_apply_to_the_command_output() {
    let env = TestEnv::new();
    run(&env)
        .args([
            "--no-console",
            "--level",
            "debug",
            "--stderr-level",
            "error",
            "--source",
            "nightly",
            "-t",
            "cron",
            "-m",
            "job=backup",
            "--",
            "/bin/sh",
            "-c",
            "echo o; echo e >&2",
        ])
        .assert()
        .success();
    let entries = env.server.accepted();
    let out = entries.iter().find(|e| e["message"] == "o").unwrap();
    assert_eq!(out["level"], "DEBUG");
    assert_eq!(out["source"], "nightly");
    assert_eq!(out["tags"], json!(["cron"]));
    assert_eq!(out["meta"], json!({"job": "backup", "stream": "stdout"}));
    let err = entries.iter().find(|e| e["message"] == "e").unwrap();
    assert_eq!(err["level"], "ERROR");
    assert_eq!(err["meta"], json!({"job": "backup", "stream": "stderr"}));
    assert_eq!(entries[0]["meta"]["job"], "backup");
}

#[test]
fn the_commands_exit_status_is_passed_on_and_logged_as_an_error() {
    let env = TestEnv::new();
    let output = run(&env)
        .args(["--", "/bin/sh", "-c", "echo failing >&2; exit 3"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stderr),
        "failing\n",
        "nothing of ours is added"
    );
    let exited = last_lifecycle_entry(&env);
    assert_eq!(exited["level"], "ERROR");
    assert_eq!(exited["meta"]["exit_code"], 3);
    assert!(exited["message"]
        .as_str()
        .unwrap()
        .contains("exited with status 3 after"));
}

#[test]
fn a_command_killed_by_a_signal_exits_128_plus_its_number() {
    let env = TestEnv::new();
    run(&env)
        .args(["--", "/bin/sh", "-c", "kill -TERM $$"])
        .assert()
        .code(128 + 15);
    let exited = last_lifecycle_entry(&env);
    assert_eq!(exited["level"], "ERROR");
    assert_eq!(exited["meta"]["signal"], 15);
    assert!(exited["meta"].get("exit_code").is_none());
    assert!(
        exited["message"]
            .as_str()
            .unwrap()
            .contains("was killed by SIGTERM after"),
        "{exited}"
    );
}

/// The entry that tells how the command ended (entries of different batches
/// may arrive in any order).
fn last_lifecycle_entry(env: &TestEnv) -> serde_json::Value {
    env.server
        .accepted()
        .into_iter()
        .find(|entry| {
            entry["meta"].get("exit_code").is_some() || entry["meta"].get("signal").is_some()
        })
        .expect("an entry telling how the command ended")
}

/// Starts `logingestor run` on a script, outside assert_cmd, to act on it while it runs.
fn spawn_run(env: &TestEnv, extra: &[&str], script: &str) -> std::process::Child {
    env.spawnable()
        .env("PATH", "/usr/bin:/bin")
        .arg("run")
        .args(extra)
        .args(["--", "/bin/sh", "-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn sigterm_to_logingestor_is_forwarded_to_the_command() {
    let env = TestEnv::new();
    let script = "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done";
    let mut child = spawn_run(&env, &[], script);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(7),
        "logingestor should outlive the signal and pass the command's status on"
    );
    let messages = env.server.messages();
    assert!(messages.contains(&"got TERM".to_owned()), "{messages:?}");
    let exited = last_lifecycle_entry(&env);
    assert_eq!(exited["meta"]["exit_code"], 7);
}

#[test]
fn output_and_lifecycle_are_shipped_while_the_command_still_runs() {
    let env = TestEnv::new();
    // The command waits for a line on its stdin (passed on to it): it runs
    // until the test has seen what arrived while it ran.
    let script = "echo early; read go; echo late";
    let mut child = env
        .spawnable()
        .env("PATH", "/usr/bin:/bin")
        .args(["run", "--no-console", "--flush-interval", "100ms"])
        .args(["--", "/bin/sh", "-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let arrived = env.server.wait_for_entries(2, Duration::from_secs(3));
    let still_running = child.try_wait().unwrap().is_none();
    assert!(arrived, "nothing arrived before the end");
    assert!(
        still_running,
        "the command ended first ({:?})",
        started.elapsed()
    );
    assert_eq!(
        env.server.messages()[..2],
        [
            "started /bin/sh -c 'echo early; read go; echo late'",
            "early"
        ]
    );
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"go\n").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert_eq!(env.server.accepted().len(), 4);
}

#[test]
fn no_lifecycle_and_no_console_ship_only_the_output_and_print_nothing() {
    let env = TestEnv::new();
    let output = run(&env)
        .args([
            "--no-lifecycle",
            "--no-console",
            "--",
            "/bin/sh",
            "-c",
            "echo a; echo b >&2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert!(output.stderr.is_empty());
    let mut messages = env.server.messages();
    messages.sort();
    assert_eq!(messages, ["a", "b"]);
}

#[test]
fn stdin_is_passed_to_the_command() {
    let env = TestEnv::new();
    run(&env)
        .args(["--no-lifecycle", "--", "/bin/cat"])
        .write_stdin("from stdin\n")
        .assert()
        .success()
        .stdout("from stdin\n");
    assert_eq!(env.server.messages(), ["from stdin"]);
    assert_eq!(env.server.accepted()[0]["source"], "cat");
}

#[test]
fn a_refused_key_with_a_successful_command_exits_77_after_the_command_ran() {
    let env = TestEnv::new();
    let marker = env.home.path().join("ran");
    let output = run(&env)
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKEDREVOKED1234")
        .args(["--", "/bin/sh", "-c"])
        .arg(format!(
            "for i in $(seq 1 2000); do echo line $i; done; touch {}",
            marker.display()
        ))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(77), "{stderr}");
    assert!(marker.exists(), "the command did not run to its end");
    assert_eq!(
        text(&output.stdout).lines().count(),
        2000,
        "the mirror stopped"
    );
    assert!(stderr.contains("logingestor: error:"), "{stderr}");
    assert!(!stderr.contains("REVOKED"), "{stderr}");
}

#[test]
fn a_failing_command_keeps_its_status_even_when_delivery_fails() {
    let env = TestEnv::new();
    let output = run(&env)
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKEDREVOKED1234")
        .args(["--", "/bin/sh", "-c", "exit 4"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert!(text(&output.stderr).contains("(401 unauthorized)"));
}

#[test]
fn a_command_that_does_not_exist_exits_127_and_is_logged() {
    let env = TestEnv::new();
    let output = run(&env)
        .args(["--", "/nonexistent/job.sh", "--flag"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(127));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("logingestor: error: cannot run /nonexistent/job.sh --flag:"),
        "{stderr}"
    );
    let entry = &env.server.accepted()[0];
    assert_eq!(entry["level"], "ERROR");
    assert_eq!(entry["source"], "job.sh");
    assert_eq!(entry["meta"]["exit_code"], 127);
}

#[test]
fn a_command_that_cannot_be_executed_exits_126() {
    let env = TestEnv::new();
    let script = env.write_file("not-executable.sh", "echo hi\n");
    run(&env).arg("--").arg(&script).assert().code(126);
}

#[test]
fn a_missing_configuration_exits_78_without_running_the_command() {
    let env = TestEnv::new();
    let marker = env.home.path().join("ran");
    env.bare_command()
        .env("PATH", "/usr/bin:/bin")
        .args(["run", "--", "/bin/sh", "-c"])
        .arg(format!("touch {}", marker.display()))
        .assert()
        .code(78);
    assert!(!marker.exists());
}

#[test]
fn no_command_is_a_usage_error() {
    let env = TestEnv::new();
    run(&env).assert().code(64);
}

#[test]
fn stats_summarise_the_run_on_stderr() {
    let env = TestEnv::new();
    let output = run(&env)
        .args([
            "--no-console",
            "--stats",
            "--",
            "/bin/sh",
            "-c",
            "echo a; echo b; echo c >&2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    // Three lines and the two lifecycle entries.
    assert!(
        stderr.starts_with(
            "logingestor: stats: 5 entries read = 5 delivered + 0 spooled + 0 dead-lettered + \
             0 dropped + 0 filtered + 0 rate-limited; "
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(" batches, 0 retries, 0 possible duplicates, "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn after_a_stop_signal_the_last_sends_are_bounded_by_the_shutdown_timeout() {
    let env = TestEnv::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut child = env
        .spawnable()
        .env("PATH", "/usr/bin:/bin")
        .env("STREAMLOGIA_API_URL", format!("http://{closed}"))
        .args(["run", "--shutdown-timeout", "1s", "--", "/bin/sh", "-c"])
        .arg("trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.1; done")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let signalled = Instant::now();
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    // Without the bound, the API being down would hold it for --retry-for (60 s).
    assert!(
        signalled.elapsed() < Duration::from_secs(15),
        "took {:?}",
        signalled.elapsed()
    );
    assert_eq!(output.status.code(), Some(75), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("kept in the spool"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn the_key_is_never_shipped_even_when_the_command_prints_it() {
    let env = TestEnv::new();
    let output = run(&env)
        .args(["--no-console", "--", "env"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let accepted = serde_json::to_string(&env.server.accepted()).unwrap();
    assert!(!accepted.contains(crate::fake_ingest::TEST_KEY));
    assert!(
        accepted.contains("STREAMLOGIA_API_KEY=[REDACTED]"),
        "{accepted}"
    );
}
