//! Configuration: precedence, the config file, and missing settings.

use crate::fake_ingest::{TEST_KEY, TEST_PROJECT};
use crate::test_env::{text, TestEnv};

#[test]
fn a_cron_job_with_an_empty_environment_reads_the_default_config_file() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.default_config_path().parent().unwrap()).unwrap();
    std::fs::write(
        env.default_config_path(),
        format!(
            "api_key = \"{TEST_KEY}\"\nproject_id = \"{TEST_PROJECT}\"\nurl = \"{}\"\nsource = \"from-file\"\n\
             tag = [\"filetag\"]\nmeta = {{ env = \"prod\" }}\nconsole = false\n",
            env.server.url()
        ),
    )
    .unwrap();
    let output = env
        .bare_command()
        .args(["send", "-t", "flagtag", "hello"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty(), "console = false was ignored");
    let entry = &env.server.accepted()[0];
    assert_eq!(entry["source"], "from-file");
    assert_eq!(entry["tags"], serde_json::json!(["filetag", "flagtag"]));
    assert_eq!(entry["meta"], serde_json::json!({"env": "prod"}));
}

#[test]
fn flags_beat_environment_beats_file() {
    let env = TestEnv::new();
    let file = env.write_file(
        "custom.toml",
        &format!("project_id = \"{TEST_PROJECT}\"\nsource = \"file\"\napi_key = \"wrong-key-from-file\"\n"),
    );
    env.bare_command()
        .env("LOGINGESTOR_CONFIG", &file)
        .env("STREAMLOGIA_API_KEY", TEST_KEY)
        .env("STREAMLOGIA_API_URL", env.server.url())
        .args(["send", "--no-console", "--source", "flag", "x"])
        .assert()
        .success();
    assert_eq!(env.server.accepted()[0]["source"], "flag");
}

#[test]
fn legacy_environment_names_still_work() {
    let env = TestEnv::new();
    env.bare_command()
        .env("LOGINGESTOR_API_KEY", TEST_KEY)
        .env("LOGINGESTOR_PROJECT_ID", TEST_PROJECT)
        .env("STREAMLOGIA_API_URL", format!("{}/", env.server.url()))
        .args(["send", "--no-console", "legacy"])
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["legacy"]);
}

#[test]
fn the_key_can_come_from_a_file() {
    let env = TestEnv::new();
    let key_file = env.write_file("key", &format!("{TEST_KEY}\n"));
    env.bare_command()
        .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
        .arg("--url")
        .arg(env.server.url())
        .arg("--api-key-file")
        .arg(&key_file)
        .args(["send", "--no-console", "keyfile"])
        .assert()
        .success();
    assert_eq!(env.server.messages(), ["keyfile"]);
}

#[test]
fn a_missing_key_exits_78_naming_every_way_to_give_one() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for needle in ["--api-key", "STREAMLOGIA_API_KEY", "config.toml"] {
        assert!(stderr.contains(needle), "{needle} missing from: {stderr}");
    }
}

#[test]
fn a_missing_project_exits_78_naming_every_way_to_give_one() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .env("STREAMLOGIA_API_KEY", TEST_KEY)
        .arg("pipe")
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let stderr = text(&output.stderr);
    for needle in [
        "--project",
        "STREAMLOGIA_PROJECT_ID",
        "project_id",
        "config.toml",
    ] {
        assert!(stderr.contains(needle), "{needle} missing from: {stderr}");
    }
}

#[test]
fn a_project_that_is_not_a_uuid_exits_78() {
    let env = TestEnv::new();
    env.command()
        .env("STREAMLOGIA_PROJECT_ID", "my-project")
        .args(["send", "x"])
        .assert()
        .code(78);
}

#[test]
fn a_malformed_config_file_exits_78_with_file_and_line() {
    let env = TestEnv::new();
    let file = env.write_file("bad.toml", "source = \"ok\"\nbatch_size = [oops\n");
    let output = env
        .command()
        .arg("--config")
        .arg(&file)
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:2:", file.display())),
        "{stderr}"
    );
}

#[test]
fn an_unknown_config_key_is_an_error() {
    let env = TestEnv::new();
    let file = env.write_file("typo.toml", "\nsorce = \"oops\"\n");
    let output = env
        .command()
        .arg("--config")
        .arg(&file)
        .args(["send", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(text(&output.stderr).contains("sorce"));
}

#[test]
fn an_explicit_config_file_that_does_not_exist_is_an_error() {
    let env = TestEnv::new();
    env.command()
        .args(["--config", "/nonexistent/li.toml", "send", "x"])
        .assert()
        .code(78);
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let env = TestEnv::new();
    for args in [
        &["pipe", "--batch-size", "0"][..],
        &["pipe", "--batch-size", "many"],
        &["pipe", "--batch-bytes", "lots"],
        &["pipe", "--flush-interval", "soon"],
        &["--timeout", "forever", "send", "x"],
    ] {
        let output = env.command().args(args).write_stdin("").output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(64),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
}

#[test]
fn help_and_version_exit_0_and_document_the_exit_codes() {
    let env = TestEnv::new();
    let output = env.bare_command().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = text(&output.stdout);
    for code in ["64", "65", "69", "77", "78"] {
        assert!(
            help.contains(&format!("  {code}  ")),
            "exit code {code} missing from --help"
        );
    }
    env.bare_command().arg("--version").assert().success();
    env.bare_command().assert().code(64);
}

#[test]
fn a_key_that_cannot_go_in_a_header_exits_78_and_sends_nothing() {
    let env = TestEnv::new();
    let bom_file = env.write_file("key-with-bom", &format!("\u{feff}{TEST_KEY}\n"));
    let two_lines = env.write_file("two-lines", &format!("{TEST_KEY}\nsecond line\n"));
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["--api-key-file".into(), bom_file.into()],
        vec!["--api-key-file".into(), two_lines.into()],
        vec!["--api-key".into(), format!("{TEST_KEY}\u{e9}").into()],
    ];
    for args in cases {
        let output = env
            .command()
            .args(&args)
            .args(["send", "--no-console", "x"])
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{args:?}: {stderr}");
        assert!(stderr.contains("not usable"), "{stderr}");
        assert!(!stderr.contains(TEST_KEY), "{stderr}");
    }
    assert!(env.server.requests().is_empty());
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", format!("{TEST_KEY}\nx"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("FAIL"),
        "{}",
        text(&output.stdout)
    );
    assert!(
        text(&output.stdout).contains("line break"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_url_with_user_info_is_refused_and_never_echoed() {
    let env = TestEnv::new();
    let port = env.server.url().rsplit(':').next().unwrap().to_owned();
    for url in [
        format!("http://localhost:{port}@logs.example.invalid"),
        format!("http://127.0.0.1:1@127.0.0.1:{port}"),
        format!("http://user:hunter2@127.0.0.1:{port}"),
    ] {
        let output = env
            .command()
            .env("STREAMLOGIA_API_URL", &url)
            .args(["send", "--no-console", "x"])
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{url}: {stderr}");
        assert!(stderr.contains("user info"), "{stderr}");
        assert!(
            !stderr.contains("hunter2") && !stderr.contains(":1@"),
            "{stderr}"
        );
    }
    assert!(env.server.requests().is_empty());
}

#[test]
fn a_key_file_other_users_can_read_earns_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let key_file = env.write_file("key", &format!("{TEST_KEY}\n"));
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = env
        .command()
        .env_remove("STREAMLOGIA_API_KEY")
        .arg("--api-key-file")
        .arg(&key_file)
        .args(["send", "--no-console", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert!(!stderr.contains(TEST_KEY), "{stderr}");
}

#[test]
fn a_missing_key_and_project_are_named_in_one_message() {
    let env = TestEnv::new();
    for args in [&["send", "x"][..], &["pipe"], &["run", "--", "true"]] {
        let output = env
            .bare_command()
            .args(args)
            .write_stdin("x\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(78), "{args:?}");
        let stderr = text(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        for needle in [
            "no API key and no project id",
            "STREAMLOGIA_API_KEY",
            "STREAMLOGIA_PROJECT_ID",
            "--api-key-file",
            "--project",
            "api_key and project_id",
        ] {
            assert!(first.contains(needle), "{needle} missing from: {stderr}");
        }
        assert!(
            stderr.contains("logingestor: hint: `logingestor check`"),
            "{stderr}"
        );
    }
}
