//! Several requests in flight (`--concurrency`): what held with one holds
//! with many.

use std::time::Duration;

use crate::fake_ingest::{Fault, Options};
use crate::test_env::{expected_messages, numbered_lines, text, Stats, TestEnv};

/// A fake that answers after `latency`, as across a network.
fn distant(latency: Duration) -> TestEnv {
    TestEnv::with_options(Options {
        answer_delay: latency,
        ..Options::default()
    })
}

/// Runs `pipe` with `args` on `lines` numbered lines; its stats and exit code.
fn pipe(env: &TestEnv, lines: usize, args: &[&str]) -> (Stats, Option<i32>, String) {
    let output = env
        .command()
        .args(["pipe", "--no-console", "--stats"])
        .args(args)
        .write_stdin(numbered_lines(lines))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    (Stats::of(&stderr), output.status.code(), stderr)
}

/// True when each request holds consecutive lines, in order.
fn each_batch_in_order(env: &TestEnv) -> bool {
    let messages = env.server.messages();
    env.server.requests().iter().all(|request| {
        let part = &messages[request.first_accepted..][..request.entries];
        part.windows(2).all(|pair| pair[0] < pair[1])
    })
}

#[test]
fn several_requests_are_in_flight_and_every_entry_arrives_once() {
    let env = distant(Duration::from_millis(50));
    let (stats, code, stderr) = pipe(&env, 400, &["--batch-size", "10", "--concurrency", "4"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 400);
    let in_flight = env.server.in_flight();
    assert!(in_flight.max >= 2, "{in_flight:?}");
    assert!(in_flight.max <= 4, "{in_flight:?}");
    let mut messages = env.server.messages();
    messages.sort();
    assert_eq!(messages, expected_messages(400));
    assert!(each_batch_in_order(&env));
    assert!(stderr.contains(" requests in flight at most"), "{stderr}");
}

#[test]
fn auto_grows_past_one_request_against_a_distant_server() {
    let env = distant(Duration::from_millis(30));
    let (stats, code, stderr) = pipe(&env, 600, &["--batch-size", "10"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 600);
    assert!(
        env.server.in_flight().max >= 2,
        "{:?}",
        env.server.in_flight()
    );
    assert!(each_batch_in_order(&env));
}

#[test]
fn concurrency_one_keeps_strict_order() {
    let env = distant(Duration::from_millis(5));
    let (_, code, stderr) = pipe(&env, 200, &["--batch-size", "10", "--concurrency", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(env.server.in_flight().max, 1);
    assert_eq!(env.server.messages(), expected_messages(200));
}

#[test]
fn a_refused_key_stops_every_sender_at_once() {
    let env = distant(Duration::from_millis(20));
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", "ls_app_live_REVOKED")
        .args(["pipe", "--no-console", "--stats", "--batch-size", "10"])
        .args(["--concurrency", "4"])
        .write_stdin(numbered_lines(500))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(77), "{stderr}");
    // Only the requests already in flight when the first 401 came.
    assert!(
        env.server.requests().len() <= 4,
        "{}",
        env.server.requests().len()
    );
    let stats = Stats::of(&stderr);
    assert_eq!(stats.spooled, 500, "{stderr}");
}

#[test]
fn a_retry_after_pauses_every_sender() {
    let env = distant(Duration::from_millis(20));
    env.server.push_fault(Fault::Status {
        status: 429,
        body: r#"{"error":"rate_limited","message":"slow down"}"#.into(),
        headers: vec![("Retry-After".into(), "1".into())],
    });
    let (stats, code, stderr) = pipe(&env, 200, &["--batch-size", "10", "--concurrency", "4"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 200);
    let requests = env.server.requests();
    let limited = requests.iter().find(|r| r.status == 429).unwrap();
    let answered = limited.received_at + limited.answered_after;
    let pause_ends = answered + Duration::from_millis(900);
    // Requests that started after the 429 was answered waited for the pause
    // (those already in flight could not be called back).
    let started_during_pause: Vec<Duration> = requests
        .iter()
        // A request a sender had on its way as the 429 came is not one it
        // started during the pause: allow for a loaded machine.
        .filter(|r| r.received_at > answered + Duration::from_millis(250))
        .filter(|r| r.received_at < pause_ends)
        .map(|r| r.received_at - answered)
        .collect();
    assert!(started_during_pause.is_empty(), "{started_during_pause:?}");
}

#[test]
fn a_pooled_connection_the_server_closed_is_replaced_without_a_failure() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::CloseAfterAnswer);
    env.server.push_fault(Fault::CloseAfterAnswer);
    let (stats, code, stderr) = pipe(
        &env,
        30,
        &[
            "--batch-size",
            "10",
            "--concurrency",
            "1",
            "--flush-interval",
            "20ms",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 30);
    assert!(stderr.contains(" 0 retries,"), "{stderr}");
    assert!(env.server.requests().iter().all(|r| r.status == 200));
}
