//! Settings: takes the parsed command line (cli's structs), the environment
//! and the config file, and hands on each stage's settings, resolved once
//! (flag > environment > config file > default) and validated, each value
//! with where it came from where that is worth telling. It is the only code
//! that reads the three; no stage imports it.

pub mod batching;
pub mod connection;
pub mod delivery;
pub mod entries;
pub mod file;
pub mod filter;
pub mod follow;
pub mod lines;
pub mod meta;
pub mod spool;
pub mod values;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{
    retry_for_default, BatchingArgs, Cli, Command, ConnectionArgs, EntryArgs, FeedbackArgs,
    FilterArgs, FollowArgs, LineArgs, RunArgs,
};
use crate::config::batching::Batching;
use crate::config::connection::{Connection, Unusable};
use crate::config::delivery::Delivery;
use crate::config::entries::{Console, Entries};
use crate::config::file::ConfigFile;
use crate::config::follow::FollowSettings;
use crate::config::spool::SpoolOrWhyNot;
use crate::config::values::Resolver;
use crate::filter::FilterSettings;
use crate::output::failure::Failure;
use crate::understand::LineSettings;

/// The process environment, read once at start-up.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    vars: HashMap<String, String>,
}

impl Environment {
    /// Takes a snapshot of the process environment.
    pub fn from_process() -> Self {
        Environment::from_pairs(std::env::vars_os().filter_map(|(name, value)| {
            Some((name.into_string().ok()?, value.into_string().ok()?))
        }))
    }

    /// An environment made of the given variables (for tests).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Environment {
            vars: pairs.into_iter().collect(),
        }
    }

    /// A variable's value; an empty or blank variable counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// True when colour is unwanted: `NO_COLOR` is set to something, or `TERM=dumb`.
    pub fn no_color(&self) -> bool {
        self.get("NO_COLOR").is_some() || self.get("TERM") == Some("dumb")
    }

    /// The first of `names` that is set, with its name.
    fn first_of(&self, names: &[&'static str]) -> Option<(&'static str, &str)> {
        names.iter().find_map(|&name| Some((name, self.get(name)?)))
    }
}

/// Where a setting's value came from, for error messages and `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    Env(&'static str),
    File { path: PathBuf, line: Option<usize> },
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Env(name) => write!(f, "${name}"),
            Origin::File {
                path,
                line: Some(line),
            } => write!(f, "{}:{line}", path.display()),
            Origin::File { path, line: None } => write!(f, "{}", path.display()),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// A resolved value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// Every setting of one run, validated, grouped by the stage that uses them.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to send and with which credentials.
    pub connection: Connection,
    /// What every entry carries.
    pub entries: Entries,
    /// What the console shows.
    pub console: Console,
    /// How lines are understood (`pipe`, `run`): format, detection, multi-line entries.
    pub lines: LineSettings,
    /// What is masked in entries, and which are shipped (`pipe`, `run`).
    pub filter: FilterSettings,
    /// When batches are sent, and what a full buffer does.
    pub batching: Batching,
    /// How long delivery may take.
    pub delivery: Delivery,
    /// The spool, or why there is none (turned off, or no directory found).
    pub spool: SpoolOrWhyNot,
    /// `follow`'s positions file and first reads; `None` for other commands.
    pub follow: Option<FollowSettings>,
    /// Things worth a warning that are not errors, for `main` to print.
    pub warnings: Vec<String>,
    /// Where a config file would be looked for, for "missing setting" messages.
    pub config_file_hint: PathBuf,
}

impl Config {
    /// Resolves the settings for the command on `cli`.
    pub fn from_cli(cli: &Cli, env: &Environment) -> Result<Config, Failure> {
        let mut flags = CommandFlags {
            entry: None,
            batching: None,
            feedback: None,
            run: None,
            follow: None,
            lines: None,
            filter: None,
            no_progress: false,
            default_retry_for: retry_for_default(""),
            unusable: Unusable::Stop,
        };
        match &cli.command {
            Command::Send(send) => flags.entry = Some(&send.entry),
            Command::Pipe(pipe) => {
                flags.entry = Some(&pipe.entry);
                flags.batching = Some(&pipe.batching);
                flags.lines = Some(&pipe.lines);
                flags.filter = Some(&pipe.filter);
                flags.feedback = Some(&pipe.feedback);
                flags.no_progress = pipe.no_progress;
                flags.default_retry_for = retry_for_default("pipe");
            }
            Command::Follow(follow) => {
                flags.entry = Some(&follow.entry);
                flags.batching = Some(&follow.batching);
                flags.lines = Some(&follow.lines);
                flags.feedback = Some(&follow.feedback);
                flags.filter = Some(&follow.filter);
                flags.follow = Some(follow);
                flags.no_progress = true;
                flags.default_retry_for = retry_for_default("follow");
            }
            Command::Run(run) => {
                flags.entry = Some(&run.entry);
                flags.batching = Some(&run.batching);
                flags.feedback = Some(&run.feedback);
                flags.run = Some(run);
                flags.lines = Some(&run.lines);
                flags.filter = Some(&run.filter);
                flags.default_retry_for = retry_for_default("run");
            }
            // `check` reports a key or project id that is not usable among
            // its findings instead of stopping at it.
            Command::Check(_) => flags.unusable = Unusable::Report,
            Command::Spool(_) | Command::Completions(_) | Command::GenerateDocs(_) => {}
        }
        Config::resolve(&cli.connection, &flags, env)
    }

    /// Resolves each stage's settings in turn; the first one that is wrong
    /// is the error.
    fn resolve(
        connection: &ConnectionArgs,
        flags: &CommandFlags<'_>,
        env: &Environment,
    ) -> Result<Config, Failure> {
        let (file, config_file_hint) = load_config_file(connection.config.as_deref(), env)?;
        let file = file.unwrap_or_default();
        let values = Resolver { env, file: &file };
        let mut warnings = Vec::new();
        let connection_settings =
            connection::resolve(&values, connection, flags.unusable, &mut warnings)?;
        let entries = entries::resolve(&values, flags.entry, flags.run)?;
        let console = entries::console(&values, flags.entry, flags.feedback, flags.no_progress);
        let batching = batching::resolve(&values, flags.batching)?;
        let spool = spool::resolve(&values, connection)?;
        let delivery =
            delivery::resolve(&values, connection, flags.batching, flags.default_retry_for)?;
        connection_settings.refuse_clear_text(&values, connection)?;
        let lines = lines::resolve(flags.lines, &file)?;
        let filter = filter::resolve(flags.filter, &file)?;
        let follow = flags
            .follow
            .map(|args| follow::resolve(&values, args))
            .transpose()?;
        let mut console = console;
        if let Some(args) = flags.follow {
            // A follower usually runs as a service: it mirrors only when asked.
            console.mirror.value = args.entry.console;
        }
        Ok(Config {
            connection: connection_settings,
            entries,
            console,
            lines,
            filter,
            batching,
            delivery,
            spool,
            follow,
            warnings,
            config_file_hint,
        })
    }
}

/// The flags of the subcommand being run that bear on settings.
struct CommandFlags<'a> {
    entry: Option<&'a EntryArgs>,
    batching: Option<&'a BatchingArgs>,
    feedback: Option<&'a FeedbackArgs>,
    run: Option<&'a RunArgs>,
    follow: Option<&'a FollowArgs>,
    lines: Option<&'a LineArgs>,
    filter: Option<&'a FilterArgs>,
    no_progress: bool,
    default_retry_for: Duration,
    unusable: Unusable,
}

/// The config file named by `--config`, else `$LOGINGESTOR_CONFIG`, else
/// the default one if it exists; and where it is (or would be) looked for.
fn load_config_file(
    flag_path: Option<&Path>,
    env: &Environment,
) -> Result<(Option<ConfigFile>, PathBuf), Failure> {
    if let Some(path) = flag_path {
        return Ok((Some(ConfigFile::load(path)?), path.to_owned()));
    }
    if let Some(path) = env.get("LOGINGESTOR_CONFIG") {
        let path = PathBuf::from(path);
        return Ok((Some(ConfigFile::load(&path)?), path));
    }
    let default_path = env
        .get("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| env.get("HOME").map(|home| Path::new(home).join(".config")))
        .map(|dir| dir.join("logingestor").join("config.toml"));
    match default_path {
        Some(path) if path.exists() => Ok((Some(ConfigFile::load(&path)?), path)),
        Some(path) => Ok((None, path)),
        None => Ok((None, PathBuf::from("~/.config/logingestor/config.toml"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::body::BatchLimits;
    use crate::config::connection::DEFAULT_URL;
    use crate::level::Level;
    use crate::output::progress::BarSetting;

    const PROJECT: &str = "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10";

    fn env(pairs: &[(&str, &str)]) -> Environment {
        Environment::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    fn resolve(args: &[&str], env: &Environment) -> Result<Config, Failure> {
        let cli =
            crate::cli::try_parse_from(std::iter::once("logingestor").chain(args.iter().copied()))
                .unwrap();
        Config::from_cli(&cli, env)
    }

    #[test]
    fn flags_beat_the_environment_and_the_new_names_beat_the_legacy_ones() {
        let env = env(&[
            ("STREAMLOGIA_API_KEY", "from-env"),
            ("LOGINGESTOR_API_KEY", "legacy"),
            ("LOGINGESTOR_PROJECT_ID", PROJECT),
            ("HOME", "/nonexistent"),
        ]);
        let config = resolve(&["pipe"], &env).unwrap();
        assert_eq!(
            config.connection.api_key.as_ref().unwrap().value.expose(),
            "from-env"
        );
        assert_eq!(
            config.connection.api_key.unwrap().origin,
            Origin::Env("STREAMLOGIA_API_KEY")
        );
        assert_eq!(
            config.connection.project_id.unwrap().origin,
            Origin::Env("LOGINGESTOR_PROJECT_ID")
        );

        let config = resolve(&["--api-key", "from-flag", "pipe"], &env).unwrap();
        assert_eq!(
            config.connection.api_key.unwrap().value.expose(),
            "from-flag"
        );
    }

    #[test]
    fn url_is_trimmed_and_defaults_to_the_hosted_api() {
        let config = resolve(&["send", "x"], &env(&[("HOME", "/nonexistent")])).unwrap();
        assert_eq!(config.connection.url.value, DEFAULT_URL);
        let config = resolve(
            &["send", "x"],
            &env(&[("STREAMLOGIA_API_URL", " https://logs.example.com/ ")]),
        )
        .unwrap();
        assert_eq!(config.connection.url.value, "https://logs.example.com");
        assert!(resolve(&["--url", "logs.example.com", "send", "x"], &env(&[])).is_err());
    }

    #[test]
    fn project_must_be_a_uuid() {
        let error = resolve(&["--project", "my-project", "send", "x"], &env(&[])).unwrap_err();
        assert_eq!(error.exit_code, crate::output::exit_code::ExitCode::Config);
        assert!(error.message.contains("my-project"));
    }

    #[test]
    fn pipe_defaults_match_the_documentation() {
        let config = resolve(&["pipe"], &env(&[("HOME", "/nonexistent")])).unwrap();
        assert_eq!(
            config.batching.limits,
            BatchLimits {
                max_entries: 500,
                max_bytes: 1 << 20
            }
        );
        assert_eq!(config.batching.flush_interval, Duration::from_secs(1));
        assert_eq!(config.entries.source.value, "unknown");
        assert_eq!(config.entries.level.value, Level::Info);
        assert!(config.console.mirror.value);
    }

    #[test]
    fn run_sources_default_to_the_commands_file_name_and_stderr_to_warn() {
        let env = env(&[("HOME", "/nonexistent")]);
        let config = resolve(&["run", "--", "/usr/local/bin/backup.sh", "-x"], &env).unwrap();
        assert_eq!(config.entries.source.value, "backup.sh");
        assert_eq!(config.entries.source.origin, Origin::Default);
        assert_eq!(config.entries.level.value, Level::Info);
        assert_eq!(config.entries.stderr_level, Level::Warn);
        assert!(config.entries.lifecycle);
        assert!(!config.console.stats);

        let config = resolve(
            &[
                "run",
                "-s",
                "nightly",
                "--stderr-level",
                "err",
                "--no-lifecycle",
                "-v",
                "--",
                "x",
            ],
            &env,
        )
        .unwrap();
        assert_eq!(config.entries.source.value, "nightly");
        assert_eq!(config.entries.stderr_level, Level::Error);
        assert!(!config.entries.lifecycle);
        assert!(config.console.stats);
    }

    #[test]
    fn run_and_feedback_settings_come_from_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("li.toml");
        std::fs::write(
            &path,
            "stderr_level = \"error\"\nlifecycle = false\nstats = true\nprogress = false\n",
        )
        .unwrap();
        let env = env(&[("LOGINGESTOR_CONFIG", path.to_str().unwrap())]);
        let config = resolve(&["run", "--", "job"], &env).unwrap();
        assert_eq!(config.entries.stderr_level, Level::Error);
        assert!(!config.entries.lifecycle);
        assert!(config.console.stats);
        assert_eq!(config.console.progress, BarSetting::Off);

        std::fs::write(&path, "stderr_level = \"loud\"\n").unwrap();
        let error = resolve(&["run", "--", "job"], &env).unwrap_err();
        assert!(error.message.contains("stderr_level"), "{}", error.message);
    }

    #[test]
    fn check_keeps_a_project_id_that_is_not_a_uuid_to_report_it() {
        let env = env(&[("STREAMLOGIA_PROJECT_ID", " my-project ")]);
        let config = resolve(&["check"], &env).unwrap();
        assert_eq!(config.connection.project_id.unwrap().value, "my-project");
        assert!(resolve(&["pipe"], &env).is_err());
    }

    #[test]
    fn no_color_and_term_dumb_turn_colour_off() {
        assert!(env(&[("NO_COLOR", "1")]).no_color());
        assert!(env(&[("TERM", "dumb")]).no_color());
        assert!(!env(&[("NO_COLOR", ""), ("TERM", "xterm")]).no_color());
    }

    #[test]
    fn plain_http_is_only_for_this_machine_unless_allowed() {
        let env = env(&[("HOME", "/nonexistent")]);
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://[::1]:9/x",
            "https://logs.example.com",
        ] {
            assert!(resolve(&["--url", url, "send", "x"], &env).is_ok(), "{url}");
        }
        let error = resolve(&["--url", "http://logs.example.com", "send", "x"], &env).unwrap_err();
        assert!(error.message.contains("unencrypted"), "{}", error.message);
        assert!(resolve(
            &["--url", "http://10.0.0.5", "--allow-http", "send", "x"],
            &env
        )
        .is_ok());
        assert!(resolve(
            &["--url", "http://logs.example.com", "--dry-run", "send", "x"],
            &env
        )
        .is_ok());
    }

    #[test]
    fn a_url_with_user_info_is_refused_without_echoing_it() {
        let env = env(&[("HOME", "/nonexistent")]);
        for url in [
            "http://localhost:80@logs.example.invalid",
            "http://127.0.0.1:1@host",
            "https://user:hunter2@api.streamlogia.com",
        ] {
            let error = resolve(&["--url", url, "send", "x"], &env).unwrap_err();
            assert_eq!(
                error.exit_code,
                crate::output::exit_code::ExitCode::Config,
                "{url}"
            );
            assert!(error.message.contains("user info"), "{}", error.message);
            for secret in ["hunter2", "localhost:80", "127.0.0.1:1"] {
                assert!(!error.message.contains(secret), "{}", error.message);
            }
        }
        assert!(resolve(&["--url", "https://h/x?y=1", "send", "x"], &env).is_err());
    }

    #[test]
    fn plain_http_through_a_remote_proxy_is_refused() {
        let home = ("HOME", "/nonexistent");
        let proxied = env(&[home, ("http_proxy", "http://proxy.example.com:3128")]);
        let error =
            resolve(&["--url", "http://127.0.0.1:8080", "send", "x"], &proxied).unwrap_err();
        assert!(
            error.message.contains("proxy.example.com"),
            "{}",
            error.message
        );
        let bypassed = env(&[
            home,
            ("http_proxy", "http://proxy.example.com:3128"),
            ("NO_PROXY", "example.org, 127.0.0.1"),
        ]);
        let config = resolve(&["--url", "http://127.0.0.1:8080", "send", "x"], &bypassed).unwrap();
        assert!(config.connection.proxy.is_none());
        let local_proxy = env(&[home, ("HTTP_PROXY", "127.0.0.1:3128")]);
        let config = resolve(
            &["--url", "http://localhost:8080", "send", "x"],
            &local_proxy,
        )
        .unwrap();
        assert_eq!(
            config.connection.proxy.unwrap().origin,
            Origin::Env("HTTP_PROXY")
        );
        // An https URL takes https_proxy, not http_proxy.
        let config = resolve(
            &["--url", "https://logs.example.com", "send", "x"],
            &proxied,
        )
        .unwrap();
        assert!(config.connection.proxy.is_none());
    }

    #[test]
    fn a_key_that_cannot_be_a_header_is_a_configuration_error() {
        let dir = tempfile::tempdir().unwrap();
        let bom = dir.path().join("bom");
        std::fs::write(&bom, "\u{feff}ls_app_live_abcdef\n").unwrap();
        let cases = [
            (
                vec!["send", "x"],
                env(&[("STREAMLOGIA_API_KEY", "ls_app_live_abc\ndef")]),
            ),
            (
                vec!["--api-key", "ls_app_live_ab\u{e9}", "send", "x"],
                env(&[]),
            ),
            (
                vec!["--api-key-file", bom.to_str().unwrap(), "send", "x"],
                env(&[]),
            ),
        ];
        for (args, env) in cases {
            let error = resolve(&args, &env).unwrap_err();
            assert_eq!(error.exit_code, crate::output::exit_code::ExitCode::Config);
            assert!(error.message.contains("not usable"), "{}", error.message);
            assert!(!error.message.contains("abcdef"), "{}", error.message);
        }
        // `check` keeps the problem to report it.
        let config = resolve(
            &["check"],
            &env(&[("STREAMLOGIA_API_KEY", "ls_app_live_abc\ndef")]),
        )
        .unwrap();
        assert!(config.connection.api_key.is_none());
        assert!(config
            .connection
            .key_problem
            .unwrap()
            .message
            .contains("line break"));
    }

    #[test]
    fn a_key_file_others_can_read_earns_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key");
        std::fs::write(&key, "ls_app_live_abcdef\n").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let args = ["--api-key-file", key.to_str().unwrap(), "send", "x"];
        let config = resolve(&args, &env(&[])).unwrap();
        assert!(
            config.warnings.iter().any(|w| w.contains("chmod 600")),
            "{:?}",
            config.warnings
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(resolve(&args, &env(&[])).unwrap().warnings.is_empty());
    }

    #[test]
    fn retry_budget_defaults_depend_on_the_command() {
        let env = env(&[("HOME", "/nonexistent")]);
        assert_eq!(
            resolve(&["send", "x"], &env).unwrap().delivery.retry_for,
            Duration::from_secs(10)
        );
        assert_eq!(
            resolve(&["pipe"], &env).unwrap().delivery.retry_for,
            Duration::from_secs(60)
        );
        assert_eq!(
            resolve(&["--retry-for", "3s", "pipe"], &env)
                .unwrap()
                .delivery
                .retry_for,
            Duration::from_secs(3)
        );
    }

    #[test]
    fn api_key_on_the_command_line_earns_a_warning() {
        let env = env(&[("HOME", "/nonexistent")]);
        let config = resolve(&["--api-key", "k", "send", "x"], &env).unwrap();
        assert!(config.warnings.iter().any(|w| w.contains("process list")));
    }

    #[test]
    fn the_spool_directory_comes_from_flag_env_file_then_the_state_directory() {
        let spool = |args: &[&str], env: &Environment| {
            let mut full = args.to_vec();
            full.extend(["spool", "status"]);
            resolve(&full, env).unwrap().spool
        };
        let home = env(&[("HOME", "/home/u")]);
        let settings = spool(&[], &home).unwrap();
        assert_eq!(
            settings.value.dir,
            Path::new("/home/u/.local/state/logingestor/spool")
        );
        assert_eq!(settings.value.max_bytes, 256 << 20);
        let xdg = env(&[("HOME", "/home/u"), ("XDG_STATE_HOME", "/state")]);
        assert_eq!(
            spool(&[], &xdg).unwrap().value.dir,
            Path::new("/state/logingestor/spool")
        );
        let relative_xdg = env(&[("HOME", "/home/u"), ("XDG_STATE_HOME", "state")]);
        assert_eq!(
            spool(&[], &relative_xdg).unwrap().value.dir,
            Path::new("/home/u/.local/state/logingestor/spool")
        );
        let with_env = env(&[
            ("XDG_STATE_HOME", "/state"),
            ("LOGINGESTOR_SPOOL_DIR", "/var/spool/li"),
        ]);
        let settings = spool(&[], &with_env).unwrap();
        assert_eq!(settings.value.dir, Path::new("/var/spool/li"));
        assert_eq!(settings.origin, Origin::Env("LOGINGESTOR_SPOOL_DIR"));
        let settings = spool(&["--spool-dir", "/flag", "--spool-max", "1MiB"], &with_env).unwrap();
        assert_eq!(settings.value.dir, Path::new("/flag"));
        assert_eq!(settings.value.max_bytes, 1 << 20);
    }

    #[test]
    fn without_a_directory_or_with_no_spool_there_is_no_spool_and_a_reason() {
        let config = resolve(&["spool", "status"], &env(&[])).unwrap();
        assert!(config.spool.is_err());
        assert!(config.spool.unwrap_err().contains("--spool-dir"));
        let config = resolve(
            &["--no-spool", "spool", "status"],
            &env(&[("HOME", "/home/u")]),
        )
        .unwrap();
        assert_eq!(config.spool.unwrap_err(), "turned off by --no-spool");
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("config.toml");
        std::fs::write(&file, "spool_dir = \"\"\n").unwrap();
        let error = resolve(
            &["--config", file.to_str().unwrap(), "spool", "status"],
            &env(&[]),
        )
        .unwrap_err();
        assert!(
            error.message.contains("invalid spool_dir"),
            "{}",
            error.message
        );
        let error = resolve(&["--spool-max", "huge", "send", "x"], &env(&[])).unwrap_err();
        assert!(error.message.contains("--spool-max"), "{}", error.message);
    }

    #[test]
    fn config_file_values_name_the_key_the_value_and_what_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("li.toml");
        let env = env(&[("LOGINGESTOR_CONFIG", path.to_str().unwrap())]);
        for (text, expected) in [
            (
                "\nflush_interval = \"5parsecs\"\n",
                ":2: invalid flush_interval '5parsecs': use a duration such as 500ms, 10s or 2m",
            ),
            (
                "batch_bytes = \"1parsec\"\n",
                ":1: invalid batch_bytes '1parsec': use a size such as 512KiB, 1MiB or 65536 (bytes)",
            ),
            ("level = \"loud\"\n", ":1: invalid level 'loud': use debug, info, warn or error"),
        ] {
            std::fs::write(&path, text).unwrap();
            let error = resolve(&["pipe"], &env).unwrap_err();
            assert_eq!(error.exit_code, crate::output::exit_code::ExitCode::Config);
            assert!(error.message.contains(expected), "{}", error.message);
        }
    }
}
