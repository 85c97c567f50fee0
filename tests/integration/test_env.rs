//! A test's world: a temporary HOME, a fake ingest server, and the binary
//! run with an environment cleared of the user's settings.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::fake_ingest::{FakeIngest, Options, TEST_KEY, TEST_PROJECT};

/// A temporary home directory and a fake server for one test.
pub struct TestEnv {
    pub home: TempDir,
    pub server: FakeIngest,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv::with_options(Options::default())
    }

    /// A test world whose fake server behaves as `options` say.
    pub fn with_options(options: Options) -> TestEnv {
        TestEnv {
            home: tempfile::tempdir().expect("a temporary directory"),
            server: FakeIngest::with_options(options),
        }
    }

    /// The path of the built binary.
    pub fn binary() -> PathBuf {
        PathBuf::from(assert_cmd::cargo::cargo_bin!("logingestor"))
    }

    /// The binary with an empty environment but for a temporary HOME.
    pub fn bare_command(&self) -> Command {
        let mut command = Command::new(Self::binary());
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"));
        command
    }

    /// The binary set up, through the environment, to ship to the fake server.
    pub fn command(&self) -> Command {
        let mut command = self.bare_command();
        command
            .env("STREAMLOGIA_API_KEY", TEST_KEY)
            .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
            .env("STREAMLOGIA_API_URL", self.server.url());
        command
    }

    /// The binary as a plain `std::process::Command`, set up like
    /// [`TestEnv::command`], for tests that talk to it while it runs.
    pub fn spawnable(&self) -> std::process::Command {
        let mut command = std::process::Command::new(Self::binary());
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("STREAMLOGIA_API_KEY", TEST_KEY)
            .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
            .env("STREAMLOGIA_API_URL", self.server.url());
        command
    }

    /// Writes a file under the temporary home and returns its path.
    pub fn write_file(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The default config file location for this HOME.
    pub fn default_config_path(&self) -> PathBuf {
        self.home.path().join("config/logingestor/config.toml")
    }
}

/// Text of a command's stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `count` lines of input, `line 00000` to `line {count-1}`, each with its newline.
pub fn numbered_lines(count: usize) -> String {
    expected_messages(count)
        .iter()
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The messages `numbered_lines(count)` should arrive as, in order.
pub fn expected_messages(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("line {n:05}")).collect()
}
