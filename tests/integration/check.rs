//! `logingestor check`.

use std::process::Output;

use crate::fake_ingest::{Fault, TEST_KEY, TEST_PROJECT};
use crate::test_env::{text, TestEnv};

/// Asserts that the key appears nowhere in what the command printed.
fn assert_key_hidden(output: &Output, key: &str) {
    for stream in [&output.stdout, &output.stderr] {
        assert!(!text(stream).contains(key), "the key was printed");
        assert!(
            !text(stream).contains(&key[12..]),
            "most of the key was printed"
        );
    }
}

#[test]
fn a_good_setup_passes_and_shows_where_each_setting_came_from() {
    let env = TestEnv::new();
    let output = env.command().arg("check").output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for needle in [
        "ls_app_live_…cdef",
        "from $STREAMLOGIA_API_KEY",
        TEST_PROJECT,
        "from $STREAMLOGIA_PROJECT_ID",
        "from $STREAMLOGIA_API_URL",
        "ok    key: an ingest key",
        "ok    project: a UUID",
        &format!("ok    API: GET {}/v1/status answered 200", env.server.url()),
        "skip  test entry",
    ] {
        assert!(
            stdout.contains(needle),
            "{needle:?} missing from:\n{stdout}"
        );
    }
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    assert_key_hidden(&output, TEST_KEY);
    let requests = env.server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/v1/status")
    );
}

#[test]
fn settings_from_the_config_file_name_its_path_and_line() {
    let env = TestEnv::new();
    let file = env.write_file(
        "li.toml",
        &format!(
            "# shipping\nsource = \"billing\"\napi_key = \"{TEST_KEY}\"\nproject_id = \"{TEST_PROJECT}\"\n\
             level = \"warn\"\nconsole = false\ntimeout = \"3s\"\ntag = [\"prod\"]\n"
        ),
    );
    let output = env
        .bare_command()
        .env("STREAMLOGIA_API_URL", env.server.url())
        .arg("--config")
        .arg(&file)
        .arg("check")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let path = file.display();
    for needle in [
        "billing".to_owned(),
        format!("from {path}:2"),
        format!("from {path}:3"),
        format!("from {path}:4"),
        format!("from {path}:5"),
        format!("from {path}:6"),
        format!("from {path}:7"),
        format!("from {path}:8"),
    ] {
        assert!(
            stdout.contains(&needle),
            "{needle:?} missing from:\n{stdout}"
        );
    }
    assert_key_hidden(&output, TEST_KEY);
}

#[test]
fn send_test_ships_one_debug_entry_and_shows_its_id() {
    let env = TestEnv::new();
    let output = env
        .command()
        .args(["check", "--send-test"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("ok    test entry: accepted with id log_0"),
        "{}",
        text(&output.stdout)
    );
    let accepted = env.server.accepted();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["level"], "DEBUG");
    assert_eq!(accepted[0]["projectId"], TEST_PROJECT);
}

#[test]
fn a_key_that_is_not_an_ingest_key_is_a_warning_and_send_test_shows_the_refusal() {
    let env = TestEnv::new();
    let read_only = "ls_api_live_READONLY0123456789wxyz";
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", read_only)
        .arg("check")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "a warning alone does not fail check"
    );
    let stdout = text(&output.stdout);
    assert!(stdout.contains("warn  key: a read-only key"), "{stdout}");
    assert!(stdout.contains("ls_api_live_…wxyz"), "{stdout}");
    assert_key_hidden(&output, read_only);

    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", read_only)
        .args(["check", "--send-test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    assert!(text(&output.stdout).contains("FAIL  test entry: the key may not ingest"));
    assert_key_hidden(&output, read_only);
}

#[test]
fn a_revoked_key_fails_send_test_with_77_and_a_hint() {
    let env = TestEnv::new();
    let revoked = "ls_app_live_REVOKED0123456789abcd";
    let output = env
        .command()
        .env("STREAMLOGIA_API_KEY", revoked)
        .args(["check", "--send-test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(77));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("FAIL  test entry: the API refused the key (401 unauthorized)"),
        "{stdout}"
    );
    assert!(stdout.contains("hint: check the API key"), "{stdout}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("logingestor: error: 1 check failed"),
        "{stderr}"
    );
    assert_key_hidden(&output, revoked);
}

#[test]
fn a_project_that_is_not_a_uuid_is_shown_and_fails_with_78() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("STREAMLOGIA_PROJECT_ID", "my-project")
        .args(["check", "--send-test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("my-project"), "{stdout}");
    assert!(
        stdout.contains(
            "FAIL  the project id 'my-project' (from $STREAMLOGIA_PROJECT_ID) is not a UUID"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("ok    API:"),
        "the other checks still ran: {stdout}"
    );
    assert!(
        stdout.contains("skip  test entry: not sent, because of the failure above"),
        "{stdout}"
    );
    assert!(env.server.accepted().is_empty());
}

#[test]
fn missing_key_and_project_fail_with_78_but_the_api_is_still_checked() {
    let env = TestEnv::new();
    let output = env
        .bare_command()
        .env("STREAMLOGIA_API_URL", env.server.url())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("FAIL  no API key"), "{stdout}");
    assert!(stdout.contains("FAIL  no project id"), "{stdout}");
    assert!(stdout.contains("ok    API:"), "{stdout}");
    assert!(text(&output.stderr).contains("2 checks failed"));
}

#[test]
fn a_server_that_is_down_fails_with_69() {
    let env = TestEnv::new();
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = env
        .command()
        .env("STREAMLOGIA_API_URL", format!("http://127.0.0.1:{port}"))
        .args(["check", "--send-test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(69));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("FAIL  API: GET http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains("could not reach the API"), "{stdout}");
}

#[test]
fn a_url_without_the_api_fails_with_78() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::error(404, "not_found"));
    let output = env.command().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(text(&output.stdout).contains("(404 not found)"));
}

#[test]
fn a_failing_server_fails_with_69() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::error(503, "server_error"));
    let output = env.command().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(69));
    assert!(text(&output.stdout).contains("status 503"));
}

#[test]
fn no_colour_when_stdout_is_not_a_terminal() {
    let env = TestEnv::new();
    let output = env.command().arg("check").output().unwrap();
    assert!(!text(&output.stdout).contains('\x1b'));
}
