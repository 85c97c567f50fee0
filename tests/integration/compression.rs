//! `--compress gzip`: smaller bodies when the server takes them, and plain
//! ones for the rest of the run when it does not.

use crate::fake_ingest::Options;
use crate::test_env::{expected_messages, numbered_lines, text, Stats, TestEnv};

fn pipe(env: &TestEnv, args: &[&str]) -> (Stats, Option<i32>, String) {
    let output = env
        .command()
        .args(["pipe", "--no-console", "--stats", "--batch-size", "100"])
        .args(["--concurrency", "1"])
        .args(args)
        .write_stdin(numbered_lines(1000))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    (Stats::of(&stderr), output.status.code(), stderr)
}

#[test]
fn gzip_bodies_are_taken_and_far_smaller_on_the_wire() {
    let plain = TestEnv::new();
    let (_, code, stderr) = pipe(&plain, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let gzipped = TestEnv::new();
    let (stats, code, stderr) = pipe(&gzipped, &["--compress", "gzip"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 1000);
    assert_eq!(gzipped.server.messages(), expected_messages(1000));
    let requests = gzipped.server.requests();
    assert!(requests
        .iter()
        .all(|r| r.content_encoding.as_deref() == Some("gzip")));
    assert!(plain
        .server
        .requests()
        .iter()
        .all(|r| r.content_encoding.is_none()));
    let (plain_bytes, gzip_bytes) = (plain.server.wire_bytes(), gzipped.server.wire_bytes());
    assert!(
        gzip_bytes * 4 < plain_bytes,
        "{gzip_bytes} against {plain_bytes}"
    );
    assert!(!stderr.contains(" 0 bytes sent"), "{stderr}");
}

#[test]
fn a_server_refusing_gzip_gets_plain_bodies_for_the_rest_of_the_run_with_one_warning() {
    let env = TestEnv::with_options(Options {
        refuse_gzip: true,
        ..Options::default()
    });
    let (stats, code, stderr) = pipe(&env, &["--compress", "gzip"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stats.delivered, 1000);
    assert_eq!(env.server.messages(), expected_messages(1000));
    assert_eq!(stderr.matches("refused gzip").count(), 1, "{stderr}");
    let requests = env.server.requests();
    assert_eq!(requests[0].status, 415);
    assert!(requests[1..]
        .iter()
        .all(|r| r.status == 200 && r.content_encoding.is_none()));
    assert!(stderr.contains(" 0 retries,"), "{stderr}");
}

#[test]
fn check_shows_the_concurrency_and_compression_in_effect() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["--compress", "gzip", "check"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(stdout.contains("concurrency"), "{stdout}");
    assert!(
        stdout.contains("auto (adapts to the server, at most 16 in flight)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("gzip (Content-Encoding: gzip, fast level)"),
        "{stdout}"
    );
    assert!(stdout.contains("from --compress"), "{stdout}");
}
