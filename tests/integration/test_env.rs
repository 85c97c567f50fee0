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

/// The terms of a `--stats` line: entries read, delivered, spooled,
/// dead-lettered, dropped, filtered and rate-limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub read: u64,
    pub delivered: u64,
    pub spooled: u64,
    pub dead_lettered: u64,
    pub dropped: u64,
    pub filtered: u64,
    pub rate_limited: u64,
}

impl Stats {
    /// The stats line in `stderr`, which must hold one.
    pub fn of(stderr: &str) -> Stats {
        let line = stderr
            .lines()
            .find(|line| line.starts_with("logingestor: stats: "))
            .unwrap_or_else(|| panic!("no stats line in: {stderr}"));
        let number_before = |word: &str| -> u64 {
            let at = line
                .find(word)
                .unwrap_or_else(|| panic!("no '{word}' in {line}"));
            line[..at]
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no number before '{word}' in {line}"))
        };
        let stats = Stats {
            read: number_before(" entries read"),
            delivered: number_before(" delivered"),
            spooled: number_before(" spooled"),
            dead_lettered: number_before(" dead-lettered"),
            dropped: number_before(" dropped"),
            filtered: number_before(" filtered"),
            rate_limited: number_before(" rate-limited"),
        };
        assert_eq!(
            stats.read,
            stats.delivered
                + stats.spooled
                + stats.dead_lettered
                + stats.dropped
                + stats.filtered
                + stats.rate_limited,
            "the identity of {line}"
        );
        stats
    }
}

/// The messages of the entries waiting in a spool directory's segments, in
/// the order they would be sent.
pub fn spooled_messages(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("seg-") && name.ends_with(".ndjson")
        })
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|path| {
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| {
                    let entry: serde_json::Value = serde_json::from_str(line).unwrap();
                    entry["message"].as_str().unwrap_or_default().to_owned()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

impl TestEnv {
    /// The spool directory of this test's HOME (the default one).
    pub fn spool_dir(&self) -> PathBuf {
        self.home.path().join("state/logingestor/spool")
    }
}

/// Sends `signal` to the process `pid`.
pub fn signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) touches no memory of ours.
    unsafe { libc::kill(pid as libc::pid_t, signal) };
}
