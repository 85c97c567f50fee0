//! Feedback on long work: `--stats`, `-v`, and the progress bar.

use std::time::Duration;

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
                "logingestor: stats: 10 entries read = 10 delivered + 0 spooled + 0 dead-lettered + \
                 0 dropped + 0 filtered + 0 rate-limited; 3 batches, 0 retries, 0 possible duplicates, "
            ),
            "{flag}: {stderr}"
        );
        assert!(stderr.trim_end().ends_with(" entries/s"), "{stderr}");
    }
    drop(env);
}

#[test]
fn stats_count_retries() {
    let env = TestEnv::new();
    env.server
        .push_fault(crate::fake_ingest::Fault::error(500, "server_error"));
    let output = env
        .command()
        .args(["pipe", "--no-console", "--batch-size", "5", "--stats"])
        .write_stdin(numbered_lines(10))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("10 entries read = 10 delivered + 0 spooled + 0 dead-lettered + 0 dropped + 0 filtered + 0 rate-limited; 2 batches, 1 retries, 0 possible duplicates"),
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
    assert!(text(&output.stderr).starts_with("logingestor: stats: 1 entries read"));
}

#[test]
fn the_stats_line_counts_a_multi_line_entry_once() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["pipe", "--no-console", "--stats"])
        .write_stdin("ERROR boom\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\nINFO next\n")
        .output()
        .unwrap();
    assert!(
        text(&output.stderr).starts_with("logingestor: stats: 2 entries read = 2 delivered"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn no_stats_and_no_progress_bar_by_default_when_stderr_is_not_a_terminal() {
    let env = TestEnv::new();
    let big = env.write_file("big.log", &numbered_lines(20_000));
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
    assert_eq!(text(&output.stdout), numbered_lines(20_000));
}

/// Runs a shell command line under `script(1)`, so that its stdin, stdout and
/// stderr are a terminal; returns everything the terminal showed.
fn in_a_terminal(env: &TestEnv, command_line: &str, extra_env: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new("script");
    command
        .args(["-q", "-e", "-c", command_line, "/dev/null"])
        .env_clear()
        .env("HOME", env.home.path())
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "xterm")
        .env("STREAMLOGIA_API_KEY", crate::fake_ingest::TEST_KEY)
        .env("STREAMLOGIA_PROJECT_ID", crate::fake_ingest::TEST_PROJECT)
        .env("STREAMLOGIA_API_URL", env.server.url())
        .stdin(std::process::Stdio::null());
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let output = command.output().expect("script(1) from util-linux runs");
    text(&output.stdout)
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_and_erased_at_the_end() {
    let env = TestEnv::new();
    let big = env.write_file("big.log", &numbered_lines(5_000));
    let binary = TestEnv::binary();
    let shown = in_a_terminal(
        &env,
        &format!(
            "{} pipe --no-console --file {}",
            binary.display(),
            big.display()
        ),
        &[],
    );
    assert!(shown.contains("lines/s"), "no bar: {shown:?}");
    assert!(shown.contains(" sent"), "{shown:?}");
    assert!(
        shown.ends_with("\r\x1b[K"),
        "the bar was left behind: {shown:?}"
    );
    assert_eq!(env.server.accepted_count(), 5_000);

    // Mirrored to the same terminal, the bar would be garbled: not drawn.
    let shown = in_a_terminal(
        &env,
        &format!("{} pipe --file {}", binary.display(), big.display()),
        &[],
    );
    assert!(!shown.contains("lines/s"));
    let shown = in_a_terminal(
        &env,
        &format!(
            "{} pipe --no-console --no-progress --file {}",
            binary.display(),
            big.display()
        ),
        &[],
    );
    assert!(!shown.contains("lines/s"));
}

#[test]
fn once_the_input_is_read_the_bar_says_it_is_sending_the_rest_until_delivery_ends() {
    let env = TestEnv::new();
    // A slow API: the file is read long before its five batches are sent.
    for _ in 0..5 {
        env.server
            .push_fault(crate::fake_ingest::Fault::Delay(Duration::from_millis(300)));
    }
    let big = env.write_file("big.log", &numbered_lines(5_000));
    let shown = in_a_terminal(
        &env,
        &format!(
            "{} pipe --no-console --batch-size 1000 --file {}",
            TestEnv::binary().display(),
            big.display()
        ),
        &[],
    );
    assert_eq!(env.server.accepted_count(), 5_000);
    let frames: Vec<&str> = shown
        .split('\r')
        .map(|frame| frame.trim_end_matches("\x1b[K"))
        .filter(|frame| frame.contains('%'))
        .collect();
    let sending = frames
        .iter()
        .position(|frame| frame.starts_with("sending "))
        .unwrap_or_else(|| panic!("no frame says it is sending: {frames:?}"));
    let sending = &frames[sending..];
    assert!(
        sending.iter().all(|frame| frame.starts_with("sending ")),
        "the bar went back to reading: {frames:?}"
    );
    assert!(
        sending
            .iter()
            .any(|frame| !frame.starts_with("sending 0 left") && frame.contains(" of 5 000 sent")),
        "{frames:?}"
    );
    assert!(
        shown.ends_with("\r\x1b[K"),
        "the bar was left behind: {shown:?}"
    );
}

#[test]
fn colour_on_a_terminal_unless_no_color_is_set() {
    let env = TestEnv::new();
    let line = format!("{} check --project nope", TestEnv::binary().display());
    let coloured = in_a_terminal(&env, &line, &[]);
    assert!(coloured.contains("\x1b[31mFAIL"), "{coloured:?}");
    assert!(
        coloured.contains("logingestor: \x1b[31merror:"),
        "{coloured:?}"
    );
    let plain = in_a_terminal(&env, &line, &[("NO_COLOR", "1")]);
    assert!(plain.contains("FAIL"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

#[test]
fn stats_count_possible_duplicates_after_a_lost_answer() {
    let env = TestEnv::new();
    env.server
        .push_fault(crate::fake_ingest::Fault::ApplyThenReset);
    let output = env
        .command()
        .args(["pipe", "--no-console", "--stats"])
        .write_stdin(numbered_lines(3))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("1 retries, 1 possible duplicates"),
        "{stderr}"
    );
    // At least once: the entries were stored twice, none lost.
    assert_eq!(env.server.messages().len(), 6);
}
