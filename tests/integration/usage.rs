//! Usage errors: told like every other error, in one line with at most a hint
//! and the usage line, exit 64; `--help` and `--version` still exit 0.

use crate::test_env::{text, TestEnv};

/// Runs the binary with `args`, checks that it exits 64 with nothing on
/// stdout, and returns its stderr.
fn refused(env: &TestEnv, args: &[&str]) -> String {
    let output = env.command().args(args).write_stdin("").output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(64), "{args:?}: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "{args:?}: {}",
        text(&output.stdout)
    );
    stderr
}

#[test]
fn argument_errors_are_one_error_line_a_hint_and_the_usage_line() {
    let env = TestEnv::new();
    for args in [
        &["send", "--level", "loud", "x"][..],
        &["send", "--frobnicate", "x"],
        &["run"],
        &["send", "--levle", "warn", "x"],
        &["--flush-interval", "5s", "pipe"],
        &["pipe", "--format", "yaml"],
        &["pipe", "--batch-size", "many"],
        &["snd", "x"],
        &["spool", "stats"],
        &["completions", "tcsh"],
        &["check", "extra"],
    ] {
        let stderr = refused(&env, args);
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(
            lines[0].starts_with("logingestor: error: "),
            "{args:?}: {stderr}"
        );
        let rest = &lines[1..];
        assert!(rest.len() <= 2, "{args:?}: {stderr}");
        let hints = rest
            .iter()
            .filter(|line| line.starts_with("logingestor: hint: "))
            .count();
        let usage = rest
            .iter()
            .filter(|line| line.starts_with("Usage: logingestor"))
            .count();
        assert_eq!(hints + usage, rest.len(), "{args:?}: {stderr}");
        assert!(hints <= 1 && usage <= 1, "{args:?}: {stderr}");
    }
}

#[test]
fn clap_s_suggestion_becomes_the_hint() {
    let env = TestEnv::new();
    let stderr = refused(&env, &["send", "--levle", "warn", "x"]);
    assert_eq!(
        stderr,
        "logingestor: error: unexpected argument '--levle'\n\
         logingestor: hint: did you mean '--level'?\n\
         Usage: logingestor send --level <LEVEL> [MESSAGE]...\n"
    );
    let stderr = refused(&env, &["snd", "x"]);
    assert!(
        stderr.contains("logingestor: hint: did you mean 'send'?"),
        "{stderr}"
    );
}

#[test]
fn a_bare_run_says_what_is_missing_with_an_example() {
    let env = TestEnv::new();
    let stderr = refused(&env, &["run"]);
    assert_eq!(
        stderr,
        "logingestor: error: missing COMMAND\n\
         logingestor: hint: for example: logingestor run -- /usr/local/bin/backup.sh --full\n\
         Usage: logingestor run <COMMAND>...\n"
    );
}

#[test]
fn help_and_version_print_on_stdout_and_exit_0() {
    let env = TestEnv::new();
    for args in [
        &["--help"][..],
        &["-h"],
        &["send", "--help"],
        &["help", "pipe"],
        &["--version"],
        &["run", "--version"],
    ] {
        let output = env.bare_command().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stdout).contains("logingestor"), "{args:?}");
    }
}
