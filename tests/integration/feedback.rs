//! Feedback on long work: `--stats`, `-v`, and the progress bar.

use crate::test_env::{text, TestEnv};

fn numbered_lines(count: usize) -> String {
    (0..count).map(|n| format!("line {n}\n")).collect()
}

#[test]
fn stats_print_one_summary_line_on_stderr() {
    let env = TestEnv::new();
    for flag in ["--stats", "-v"] {
        let env = TestEnv::new();
        let output = env
            .command()
            .args(["pipe", "--no-console", "--batch-size", "4", flag])
            .write_stdin(numbered_lines(10))
            .output()
            .unwrap();
        assert!(output.status.success());
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(
                "logingestor: stats: 10 lines read, 10 entries sent, 3 batches, 0 retries, \
                 0 spooled, 0 dropped, "
            ),
            "{flag}: {stderr}"
        );
        assert!(stderr.trim_end().ends_with(" entries/s"), "{stderr}");
    }
    drop(env);
}

#[test]
fn stats_count_what_was_dropped() {
    let env = TestEnv::new();
    env.server
        .push_fault(crate::fake_ingest::Fault::error(500, "server_error"));
    let output = env
        .command()
        .args(["pipe", "--no-console", "--batch-size", "5", "--stats"])
        .write_stdin(numbered_lines(10))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(69));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("10 lines read, 5 entries sent, 1 batches, 0 retries, 0 spooled, 5 dropped"),
        "{stderr}"
    );
}

#[test]
fn the_stats_setting_can_come_from_the_config_file() {
    let env = TestEnv::new();
    let file = env.write_file("li.toml", "stats = true\n");
    let output = env
        .command()
        .arg("--config")
        .arg(&file)
        .args(["pipe", "--no-console"])
        .write_stdin("a\n")
        .output()
        .unwrap();
    assert!(text(&output.stderr).starts_with("logingestor: stats: 1 lines read"));
}

#[test]
fn no_stats_and_no_progress_bar_by_default_when_stderr_is_not_a_terminal() {
    let env = TestEnv::new();
    let big = env.write_file("big.log", &numbered_lines(50_000));
    for args in [
        vec!["pipe", "--no-console", "--file", big.to_str().unwrap()],
        vec!["pipe", "--file", big.to_str().unwrap()],
    ] {
        let output = env.command().args(&args).output().unwrap();
        assert!(output.status.success());
        assert!(
            output.stderr.is_empty(),
            "{args:?} wrote to stderr: {:?}",
            &text(&output.stderr)[..text(&output.stderr).len().min(200)]
        );
    }
    // The mirror is the input, byte for byte: no bar drawn into it.
    let output = env
        .command()
        .args(["pipe", "--file", big.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(text(&output.stdout), numbered_lines(50_000));
}
