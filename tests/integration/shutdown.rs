//! Stop signals: what was read is delivered or kept, within the shutdown
//! timeout, and nothing more is read.

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::fake_ingest::Fault;
use crate::test_env::{numbered_lines, signal, spooled_messages, text, Stats, TestEnv};

/// Waits for `child` to end, failing the test if it takes longer than `limit`.
fn wait_within(mut child: Child, limit: Duration) -> std::process::Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running {limit:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// A server whose answers all take 20 s: every request is in flight at a stop.
fn slow_server() -> TestEnv {
    let env = TestEnv::new();
    for _ in 0..100 {
        env.server.push_fault(Fault::Delay(Duration::from_secs(20)));
    }
    env
}

#[test]
fn a_request_in_flight_at_a_stop_is_given_up_at_the_shutdown_deadline() {
    let env = slow_server();
    let input = env.write_file("in.log", &numbered_lines(3000));
    let child = env
        .spawnable()
        .args(["--timeout", "30s", "pipe", "--no-console", "--stats"])
        .args(["--shutdown-timeout", "1s", "--file"])
        .arg(&input)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(env.server.wait_for_arrivals(1, Duration::from_secs(10)));
    let stopped_at = Instant::now();
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(10));
    let stderr = text(&output.stderr);
    assert!(
        stopped_at.elapsed() < Duration::from_secs(5),
        "took {:?}: {stderr}",
        stopped_at.elapsed()
    );
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    let stats = Stats::of(&stderr);
    assert_eq!((stats.read, stats.spooled), (3000, 3000), "{stderr}");
    assert_eq!(spooled_messages(&env.spool_dir()).len(), 3000);
    assert!(stderr.contains("shutdown deadline"), "{stderr}");
}

#[test]
fn a_second_signal_spools_what_is_left_at_once() {
    use std::io::BufRead;
    let env = slow_server();
    let input = env.write_file("in.log", &numbered_lines(3000));
    let mut child = env
        .spawnable()
        .args(["--timeout", "30s", "pipe", "--no-console", "--stats"])
        .args(["--shutdown-timeout", "60s", "--file"])
        .arg(&input)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(env.server.wait_for_arrivals(1, Duration::from_secs(10)));
    let stopped_at = Instant::now();
    signal(child.id(), libc::SIGTERM);
    // The second signal goes once the first was heard (two at once are one).
    let mut stderr_lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = stderr_lines.next().unwrap().unwrap();
    assert!(
        first.contains("stopping: sending what was read for up to 1m"),
        "{first}"
    );
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(10));
    let stderr: String = stderr_lines.map(|line| line.unwrap() + "\n").collect();
    assert!(stopped_at.elapsed() < Duration::from_secs(5), "{stderr}");
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    let stats = Stats::of(&stderr);
    assert_eq!((stats.read, stats.spooled), (3000, 3000), "{stderr}");
    assert_eq!(spooled_messages(&env.spool_dir()).len(), 3000);
}

#[test]
fn a_last_line_without_a_newline_is_kept_at_a_stop() {
    let env = TestEnv::new();
    let mut child = env
        .spawnable()
        .args(["pipe", "--no-console", "--flush-interval", "50ms"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\nno newline").unwrap();
    stdin.flush().unwrap();
    // The input stays open; the first line arrives, then the stop.
    assert!(env.server.wait_for_entries(1, Duration::from_secs(10)));
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(10));
    drop(stdin);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(env.server.messages(), ["a", "no newline"]);
}

#[test]
fn after_a_stop_nothing_more_is_read_and_everything_read_is_shipped() {
    let env = TestEnv::new();
    let mut child = env
        .spawnable()
        .args([
            "pipe",
            "--no-console",
            "--stats",
            "--flush-interval",
            "50ms",
            "--concurrency",
            "1",
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A producer that never stops: only the stop ends the reading.
    let writer = std::thread::spawn(move || {
        let mut written = 0usize;
        while stdin
            .write_all(format!("line {written:08}\n").as_bytes())
            .is_ok()
        {
            written += 1;
        }
        written
    });
    assert!(env.server.wait_for_entries(1000, Duration::from_secs(20)));
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(10));
    let written = writer.join().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stats = Stats::of(&stderr);
    let messages = env.server.messages();
    // Everything read was shipped, in order, and the reading stopped.
    assert_eq!(messages.len() as u64, stats.read, "{stderr}");
    assert_eq!(stats.delivered, stats.read);
    let expected: Vec<String> = (0..messages.len())
        .map(|n| format!("line {n:08}"))
        .collect();
    assert_eq!(messages, expected);
    assert!(written > messages.len(), "the writer was still writing");
}

#[test]
fn run_ends_soon_after_a_stop_even_while_the_api_is_slow() {
    let env = slow_server();
    let child = env
        .spawnable()
        .args(["--timeout", "30s", "run", "--no-console", "--stats"])
        .args(["--shutdown-timeout", "1s", "--", "seq", "1", "2000000"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(env.server.wait_for_arrivals(1, Duration::from_secs(10)));
    let stopped_at = Instant::now();
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(20));
    let stderr = text(&output.stderr);
    assert!(
        stopped_at.elapsed() < Duration::from_secs(8),
        "took {:?}: {stderr}",
        stopped_at.elapsed()
    );
    // seq was killed by the forwarded SIGTERM: its status is passed on.
    assert_eq!(output.status.code(), Some(128 + libc::SIGTERM), "{stderr}");
    let stats = Stats::of(&stderr);
    assert_eq!(stats.dropped, 0, "{stderr}");
    assert_eq!(
        spooled_messages(&env.spool_dir()).len() as u64,
        stats.spooled
    );
}

#[test]
fn send_keeps_its_entry_when_stopped_while_the_api_is_slow() {
    let env = slow_server();
    let child = env
        .spawnable()
        .args(["--timeout", "30s", "send", "--no-console", "hello"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(env.server.wait_for_arrivals(1, Duration::from_secs(10)));
    signal(child.id(), libc::SIGTERM);
    let output = wait_within(child, Duration::from_secs(15));
    assert_eq!(output.status.code(), Some(75), "{}", text(&output.stderr));
    assert_eq!(spooled_messages(&env.spool_dir()), ["hello"]);
}
