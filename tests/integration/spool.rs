//! `logingestor spool status|purge`, and where the spool directory is.
//!
//! The segments here are written by hand in the documented format: one entry
//! (a JSON object) per line, in `seg-<unix-nanos:020>-<pid:010>-<counter:010>.ndjson`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::test_env::{text, TestEnv};

/// 2026-04-07T09:41:03Z in nanoseconds since the epoch.
const WRITTEN_AT: u64 = 1_775_554_863_000_000_000;

fn entry(message: &str) -> String {
    json!({
        "projectId": "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10",
        "level": "INFO",
        "message": message,
        "source": "test",
        "timestamp": "2026-04-07T09:41:03.000Z",
    })
    .to_string()
}

/// Writes a segment holding `messages`, `order` placing it in the queue.
fn write_segment(dir: &Path, order: u64, messages: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let name = format!(
        "seg-{:020}-{:010}-{:010}.ndjson",
        WRITTEN_AT + order * 1_000_000_000,
        4242,
        order
    );
    let contents: String = messages.iter().map(|m| entry(m) + "\n").collect();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn write_dead_letters(dir: &Path, count: usize) {
    let lines: String = (0..count)
        .map(|n| {
            json!({"reason": "invalid_body", "entry": {"message": n}, "at": "2026-04-07T09:41:04.000Z"})
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(dir.join("dead-letter.ndjson"), lines).unwrap();
}

/// Runs `spool status --json` with the extra arguments and environment.
fn status_json(env: &TestEnv, args: &[&str], vars: &[(&str, &Path)]) -> Value {
    let mut command = env.bare_command();
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command
        .args(args)
        .args(["spool", "status", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

fn default_dir(env: &TestEnv) -> PathBuf {
    env.home.path().join("state/logingestor/spool")
}

#[test]
fn status_of_a_spool_that_was_never_used_is_empty_and_creates_nothing() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .args(["spool", "status"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "directory        {} (from $XDG_STATE_HOME)",
            default_dir(&env).display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("segments         0\n"), "{stdout}");
    assert!(stdout.contains("entries          0\n"), "{stdout}");
    assert!(stdout.contains("oldest           -\n"), "{stdout}");
    assert!(stdout.contains("dead letters     0 in "), "{stdout}");
    assert!(!default_dir(&env).exists());
}

#[test]
fn status_counts_segments_entries_bytes_and_dead_letters() {
    let env = TestEnv::new();
    let dir = default_dir(&env);
    let first = write_segment(&dir, 0, &["a", "b", "c"]);
    let second = write_segment(&dir, 1, &["d"]);
    write_dead_letters(&dir, 2);
    std::fs::write(
        dir.join("seg-00000000000000000001-1-1.ndjson.corrupt"),
        "junk\n",
    )
    .unwrap();

    let status = status_json(&env, &[], &[]);
    let bytes = std::fs::metadata(first).unwrap().len() + std::fs::metadata(second).unwrap().len();
    assert_eq!(status["enabled"], true);
    assert_eq!(status["directory"], default_dir(&env).to_str().unwrap());
    assert_eq!(status["segments"], 2);
    assert_eq!(status["entries"], 4);
    assert_eq!(status["bytes"], bytes);
    assert_eq!(status["max_bytes"], 256 * 1024 * 1024);
    assert_eq!(status["oldest"], "2026-04-07T09:41:03.000Z");
    assert!(status["oldest_age_seconds"].as_u64().unwrap() > 0);
    assert_eq!(status["dead_letters"], 2);
    assert_eq!(
        status["dead_letter_path"],
        dir.join("dead-letter.ndjson").to_str().unwrap()
    );
    assert_eq!(status["corrupt_segments"], 1);

    let output = env
        .bare_command()
        .args(["spool", "status"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(stdout.contains("entries          4\n"), "{stdout}");
    assert!(
        stdout.contains("ago (2026-04-07T09:41:03.000Z)"),
        "{stdout}"
    );
}

#[test]
fn purge_removes_the_waiting_entries_and_keeps_dead_letters_unless_asked() {
    let env = TestEnv::new();
    let dir = default_dir(&env);
    write_segment(&dir, 0, &["a", "b", "c"]);
    write_segment(&dir, 1, &["d"]);
    write_dead_letters(&dir, 2);

    let output = env
        .bare_command()
        .args(["spool", "purge"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!("removed 4 entries from {}", dir.display())),
        "{stdout}"
    );
    assert!(stdout.contains("kept 2 dead letters"), "{stdout}");
    assert!(stdout.contains("--dead-letters"), "{stdout}");
    let status = status_json(&env, &[], &[]);
    assert_eq!(
        (status["entries"].as_u64(), status["dead_letters"].as_u64()),
        (Some(0), Some(2))
    );

    let output = env
        .bare_command()
        .args(["spool", "purge", "--dead-letters"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!("removed 2 entries from {}\n", dir.display())
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn purge_keeps_a_segment_another_process_is_sending() {
    let env = TestEnv::new();
    let dir = default_dir(&env);
    let held = write_segment(&dir, 0, &["being sent"]);
    write_segment(&dir, 1, &["waiting", "too"]);
    // Another logingestor delivering this segment holds an exclusive flock on it.
    let lock = std::fs::File::open(&held).unwrap();
    lock.try_lock().unwrap();

    let output = env
        .bare_command()
        .args(["spool", "purge"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("removed 2 entries"), "{stdout}");
    assert!(
        stdout.contains("kept 1 segment (1 entry) that another logingestor is sending right now"),
        "{stdout}"
    );
    assert!(held.exists());
    drop(lock);
}

#[test]
fn the_directory_comes_from_flag_then_env_then_config_file_then_xdg_state_home() {
    let env = TestEnv::new();
    let home = env.home.path();
    let from_flag = home.join("flag");
    let from_env = home.join("env");
    let from_file = home.join("file");
    let config = env.write_file(
        "config/logingestor/config.toml",
        &format!(
            "spool_dir = \"{}\"\nspool_max = \"1MiB\"\n",
            from_file.display()
        ),
    );
    assert_eq!(config, env.default_config_path());

    let status = status_json(&env, &[], &[]);
    assert_eq!(status["directory"], from_file.to_str().unwrap());
    assert_eq!(status["max_bytes"], 1 << 20);
    let status = status_json(&env, &[], &[("LOGINGESTOR_SPOOL_DIR", &from_env)]);
    assert_eq!(status["directory"], from_env.to_str().unwrap());
    let status = status_json(
        &env,
        &[
            "--spool-dir",
            from_flag.to_str().unwrap(),
            "--spool-max",
            "2MiB",
        ],
        &[("LOGINGESTOR_SPOOL_DIR", &from_env)],
    );
    assert_eq!(status["directory"], from_flag.to_str().unwrap());
    assert_eq!(status["max_bytes"], 2 << 20);

    std::fs::remove_file(&config).unwrap();
    let status = status_json(&env, &[], &[]);
    assert_eq!(status["directory"], default_dir(&env).to_str().unwrap());
    let status = status_json(&env, &[], &[("XDG_STATE_HOME", Path::new(""))]);
    assert_eq!(
        status["directory"],
        home.join(".local/state/logingestor/spool")
            .to_str()
            .unwrap()
    );
}

#[test]
fn no_spool_and_spool_false_turn_it_off() {
    let env = TestEnv::new();
    let status = status_json(&env, &["--no-spool"], &[]);
    assert_eq!(
        status,
        json!({"enabled": false, "reason": "turned off by --no-spool"})
    );
    let output = env
        .bare_command()
        .args(["spool", "status", "--no-spool"])
        .output()
        .unwrap();
    assert_eq!(
        text(&output.stdout),
        "spool: off (turned off by --no-spool)\n"
    );

    env.write_file("config/logingestor/config.toml", "spool = false\n");
    let status = status_json(&env, &[], &[]);
    assert_eq!(status["enabled"], false);
    let reason = status["reason"].as_str().unwrap();
    assert!(reason.ends_with("config.toml:1"), "{reason}");

    let output = env
        .bare_command()
        .args(["spool", "purge"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(
        text(&output.stderr).starts_with("logingestor: error: the spool is off"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_spool_directory_that_is_a_file_is_a_clear_error() {
    let env = TestEnv::new();
    let file = env.write_file("not-a-dir", "");
    let output = env
        .bare_command()
        .arg("--spool-dir")
        .arg(&file)
        .args(["spool", "status"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(74));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(file.to_str().unwrap()), "{stderr}");
    assert!(stderr.contains("Not a directory"), "{stderr}");
}

#[test]
fn an_invalid_spool_max_is_a_usage_error() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .args(["spool", "status", "--spool-max", "lots"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(64));
    assert!(text(&output.stderr).contains("--spool-max"));
}
