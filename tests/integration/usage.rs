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

#[test]
fn a_bad_duration_size_time_count_level_or_zone_says_what_is_accepted() {
    let env = TestEnv::new();
    let library_words = [
        "few variations",
        "Failed to parse",
        "premature end",
        "invalid digit",
        "supported units",
        "SI unit",
    ];
    for (args, accepted) in [
        (
            &["pipe", "--flush-interval", "5parsecs"][..],
            "such as 500ms, 10s or 2m",
        ),
        (
            &["--timeout", "soon", "send", "x"],
            "such as 500ms, 10s or 2m",
        ),
        (
            &["--retry-for", "1fortnight", "pipe"],
            "such as 500ms, 10s or 2m",
        ),
        (
            &["pipe", "--shutdown-timeout", "5 parsecs"],
            "such as 500ms, 10s or 2m",
        ),
        (
            &["pipe", "--multiline-timeout", "x"],
            "such as 500ms, 10s or 2m",
        ),
        (
            &["pipe", "--batch-bytes", "1parsec"],
            "such as 512KiB, 1MiB or 65536",
        ),
        (
            &["pipe", "--max-buffer", "big"],
            "such as 512KiB, 1MiB or 65536",
        ),
        (
            &["--spool-max", "1parsec", "pipe"],
            "such as 512KiB, 1MiB or 65536",
        ),
        (
            &["send", "--timestamp", "yesterday", "x"],
            "such as 2026-04-07T09:41:03Z",
        ),
        (
            &["pipe", "--batch-size", "many"],
            "a whole number such as 100",
        ),
        (
            &["pipe", "--multiline-max-lines", "lots"],
            "a whole number such as 100",
        ),
        (
            &["send", "--level", "loud", "x"],
            "use debug, info, warn or error",
        ),
        (
            &["pipe", "--force-level", "loud"],
            "use debug, info, warn or error",
        ),
        (
            &["run", "--stderr-level", "loud", "--", "true"],
            "use debug, info, warn or error",
        ),
        (
            &["pipe", "--timezone", "Mars/Base"],
            "such as Europe/Berlin",
        ),
    ] {
        let stderr = refused(&env, args);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("logingestor: error: invalid "),
            "{stderr}"
        );
        assert!(stderr.contains(accepted), "{args:?}: {stderr}");
        for words in library_words {
            assert!(!stderr.contains(words), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn a_bad_value_in_the_config_file_says_what_is_accepted() {
    let env = TestEnv::new();
    for (line, accepted) in [
        (
            "flush_interval = \"5parsecs\"",
            "invalid flush_interval '5parsecs': use a duration such as 500ms",
        ),
        (
            "retry_for = \"later\"",
            "invalid retry_for 'later': use a duration such as 500ms",
        ),
        (
            "multiline_timeout = \"x\"",
            "invalid multiline_timeout: use a duration such as 500ms",
        ),
        (
            "batch_bytes = \"1parsec\"",
            "invalid batch_bytes '1parsec': use a size such as 512KiB",
        ),
        (
            "spool_max = \"huge\"",
            "invalid spool_max 'huge': use a size such as 512KiB",
        ),
        (
            "level = \"loud\"",
            "invalid level 'loud': use debug, info, warn or error",
        ),
        (
            "stderr_level = \"loud\"",
            "invalid stderr_level 'loud': use debug, info, warn or error",
        ),
        (
            "force_level = \"loud\"",
            "invalid force_level 'loud': use debug, info, warn or error",
        ),
        ("timezone = \"Mars\"", "such as Europe/Berlin"),
    ] {
        let file = env.write_file("li.toml", &format!("{line}\n"));
        let output = env
            .command()
            .arg("--config")
            .arg(&file)
            .arg("pipe")
            .write_stdin("")
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{line}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{line}: {stderr}");
        assert!(
            stderr.contains(&format!("{}:1: ", file.display())),
            "{stderr}"
        );
        assert!(stderr.contains(accepted), "{line}: {stderr}");
    }
}
