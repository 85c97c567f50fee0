//! Resolves every setting once, flag > environment > config file > default,
//! into an immutable [`Config`]. Nothing below this module reads the
//! environment or the command line.

pub mod file;
pub mod lines;
pub mod meta;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::api_key::ApiKey;
use crate::batch::body::BatchLimits;
use crate::batch::queue::WhenFull;
use crate::cli::{
    retry_for_default, BatchingArgs, Cli, Command, ConnectionArgs, EntryArgs, FeedbackArgs,
    LineArgs, RunArgs, WhenFullArg,
};
use crate::config::file::{ConfigFile, SizeValue};
use crate::config::meta::{parse_meta_pairs, parse_tags};
use crate::deliver::client::ClientSettings;
use crate::entry::MAX_META_BYTES;
use crate::level::Level;
use crate::output::failure::Failure;
use crate::spool::store::SpoolSettings;
use crate::understand::LineSettings;

/// The hosted API, used when no base URL is configured.
pub const DEFAULT_URL: &str = "https://api.streamlogia.com";
/// The source the official SDKs send when none is given.
pub const DEFAULT_SOURCE: &str = "unknown";
/// Used as the project id by `--dry-run` when none is configured.
pub const PLACEHOLDER_PROJECT_ID: &str = "00000000-0000-0000-0000-000000000000";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_BATCH_SIZE: usize = 500;
const DEFAULT_BATCH_BYTES: usize = 1024 * 1024;
const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
const DEFAULT_MAX_BUFFER: usize = 64 * 1024 * 1024;
const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_SPOOL_MAX: u64 = 256 * 1024 * 1024;

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

/// Every setting of one run, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub api_key: Option<Setting<ApiKey>>,
    /// `check` only: why the configured key is not usable (other commands
    /// stop at it).
    pub key_problem: Option<Failure>,
    pub project_id: Option<Setting<String>>,
    pub url: Setting<String>,
    /// The proxy requests go through, when the environment names one for the URL.
    pub proxy: Option<Setting<String>>,
    pub ca_file: Option<Setting<PathBuf>>,
    pub request_timeout: Duration,
    pub dry_run: bool,
    pub source: Setting<String>,
    pub level: Level,
    pub tags: Vec<String>,
    pub meta: Map<String, Value>,
    pub console: bool,
    pub batch_limits: BatchLimits,
    pub flush_interval: Duration,
    /// `run`: the level of the command's stderr lines.
    pub stderr_level: Level,
    /// `run`: ship the "started" and "exited" entries.
    pub lifecycle: bool,
    /// Print the summary line at exit (`--stats`, `-v`).
    pub stats: bool,
    /// Show a progress bar where one makes sense (a file, stderr on a terminal).
    pub progress: bool,
    /// `NO_COLOR` is set: never colour output.
    pub no_color: bool,
    /// How long one batch may be retried before it is spooled.
    pub retry_for: Duration,
    /// Most bytes of batches queued for delivery while the API is failing.
    pub max_buffer: usize,
    pub when_full: WhenFull,
    pub shutdown_timeout: Duration,
    /// Things worth a warning that are not errors, for `main` to print.
    pub warnings: Vec<String>,
    /// The spool, with where its directory was named; `None` when it is
    /// turned off or no directory could be found.
    pub spool: Option<Setting<SpoolSettings>>,
    /// Why `spool` is `None`, in words fit for a message.
    pub spool_off_reason: Option<String>,
    /// How lines are understood (`pipe`): format, detection, multi-line entries.
    pub lines: LineSettings,
    /// Where a config file would be looked for, for "missing setting" messages.
    pub config_file_hint: PathBuf,
    /// Where the settings held as plain values came from (timeout, level,
    /// console, tags, meta), for `check`.
    pub plain_origins: Vec<(&'static str, Origin)>,
}

impl Config {
    /// Where the plain setting `name` came from; `Default` when unknown.
    pub fn origin_of(&self, name: &str) -> Origin {
        self.plain_origins
            .iter()
            .find(|(known, _)| *known == name)
            .map_or(Origin::Default, |(_, origin)| origin.clone())
    }
}

impl Config {
    /// Resolves the settings for the command on `cli`.
    pub fn from_cli(cli: &Cli, env: &Environment) -> Result<Config, Failure> {
        let mut flags = CommandFlags {
            entry: None,
            batching: None,
            feedback: None,
            run: None,
            lines: None,
            no_progress: false,
            default_retry_for: retry_for_default(""),
            keep_invalid_project: false,
        };
        match &cli.command {
            Command::Send(send) => flags.entry = Some(&send.entry),
            Command::Pipe(pipe) => {
                flags.entry = Some(&pipe.entry);
                flags.batching = Some(&pipe.batching);
                flags.lines = Some(&pipe.lines);
                flags.feedback = Some(&pipe.feedback);
                flags.no_progress = pipe.no_progress;
                flags.default_retry_for = retry_for_default("pipe");
            }
            Command::Run(run) => {
                flags.entry = Some(&run.entry);
                flags.batching = Some(&run.batching);
                flags.feedback = Some(&run.feedback);
                flags.run = Some(run);
                flags.lines = Some(&run.lines);
                flags.default_retry_for = retry_for_default("run");
            }
            // `check` reports a project id that is not a UUID among its
            // findings instead of stopping at it.
            Command::Check(_) => flags.keep_invalid_project = true,
            Command::Spool(_) | Command::Completions(_) | Command::GenerateDocs(_) => {}
        }
        Config::resolve(&cli.connection, &flags, env)
    }

    fn resolve(
        connection: &ConnectionArgs,
        flags: &CommandFlags<'_>,
        env: &Environment,
    ) -> Result<Config, Failure> {
        let entry = flags.entry;
        let (file, config_file_hint) = load_config_file(connection.config.as_deref(), env)?;
        let file = file.unwrap_or_default();
        let resolver = Resolver { env, file: &file };

        let (api_key, key_file_warning, key_problem) = match resolver.api_key(connection) {
            Ok(Some((key, warning))) => (Some(key), warning, None),
            Ok(None) => (None, None, None),
            // `check` reports a key that is not usable among its findings.
            Err(problem) if flags.keep_invalid_project => (None, None, Some(problem)),
            Err(problem) => return Err(problem),
        };
        let project_id = resolver
            .string(
                connection.project.as_deref(),
                "--project",
                &["STREAMLOGIA_PROJECT_ID", "LOGINGESTOR_PROJECT_ID"],
                "project_id",
                file.settings.project_id.as_deref(),
            )
            .map(|setting| match flags.keep_invalid_project {
                true => Ok(Setting {
                    value: setting.value.trim().to_owned(),
                    origin: setting.origin,
                }),
                false => validate_project_id(setting),
            })
            .transpose()?;
        let url = resolver
            .string(
                connection.url.as_deref(),
                "--url",
                &["STREAMLOGIA_API_URL"],
                "url",
                file.settings.url.as_deref(),
            )
            .unwrap_or_else(|| Setting {
                value: DEFAULT_URL.to_owned(),
                origin: Origin::Default,
            });
        let url = validate_url(url)?;
        let ca_file = resolver
            .string(
                connection.ca_file.as_deref().and_then(Path::to_str),
                "--ca-file",
                &["STREAMLOGIA_CA_FILE"],
                "ca_file",
                file.settings.ca_file.as_deref().and_then(Path::to_str),
            )
            .map(|setting| Setting {
                value: PathBuf::from(setting.value),
                origin: setting.origin,
            });
        let request_timeout = resolver
            .duration(
                connection.timeout.as_deref(),
                "--timeout",
                "timeout",
                file.settings.timeout.as_deref(),
            )?
            .unwrap_or(DEFAULT_TIMEOUT);

        let source = resolver
            .string(
                entry.and_then(|e| e.source.as_deref()),
                "--source",
                &[],
                "source",
                file.settings.source.as_deref(),
            )
            .unwrap_or_else(|| Setting {
                value: flags
                    .run
                    .and_then(|run| command_file_name(&run.command))
                    .unwrap_or_else(|| DEFAULT_SOURCE.to_owned()),
                origin: Origin::Default,
            });
        let level = resolver.level(
            entry.and_then(|e| e.level),
            "level",
            file.settings.level.as_deref(),
            Level::Info,
        )?;
        let stderr_level = resolver.level(
            flags.run.and_then(|run| run.stderr_level),
            "stderr_level",
            file.settings.stderr_level.as_deref(),
            Level::Warn,
        )?;
        let lifecycle = match flags.run {
            Some(run) if run.no_lifecycle => false,
            _ => file.settings.lifecycle.unwrap_or(true),
        };
        let feedback = flags.feedback;
        let stats =
            feedback.is_some_and(|f| f.stats || f.verbose) || file.settings.stats.unwrap_or(false);
        let progress = !flags.no_progress && file.settings.progress.unwrap_or(true);
        let mut tag_values: Vec<String> = file.settings.tag.clone().unwrap_or_default();
        tag_values.extend(entry.map(|e| e.tags.clone()).unwrap_or_default());
        let tags = parse_tags(&tag_values);
        let mut meta = file.settings.meta.clone().unwrap_or_default();
        meta.extend(parse_meta_pairs(entry.map_or(&[][..], |e| &e.meta[..]))?);
        let meta_bytes = serde_json::to_vec(&meta).map_or(0, |json| json.len());
        if meta_bytes > MAX_META_BYTES {
            return Err(Failure::usage(format!(
                "the meta given is {meta_bytes} bytes of JSON; the API allows at most {MAX_META_BYTES}"
            )));
        }
        let console = match entry {
            Some(e) if e.no_console => false,
            Some(e) if e.console => true,
            _ => file.settings.console.unwrap_or(true),
        };
        let origin_of = |flag: Option<&'static str>, key: &str, in_file: bool| match flag {
            Some(flag) => Origin::Flag(flag),
            None if in_file => file.origin(key),
            None => Origin::Default,
        };
        let plain_origins = vec![
            (
                "timeout",
                origin_of(
                    connection.timeout.as_ref().map(|_| "--timeout"),
                    "timeout",
                    file.settings.timeout.is_some(),
                ),
            ),
            (
                "level",
                origin_of(
                    entry.and_then(|e| e.level).map(|_| "--level"),
                    "level",
                    file.settings.level.is_some(),
                ),
            ),
            (
                "console",
                origin_of(
                    entry.and_then(|e| match (e.no_console, e.console) {
                        (true, _) => Some("--no-console"),
                        (_, true) => Some("--console"),
                        _ => None,
                    }),
                    "console",
                    file.settings.console.is_some(),
                ),
            ),
            (
                "tags",
                origin_of(
                    entry.filter(|e| !e.tags.is_empty()).map(|_| "--tag"),
                    "tag",
                    file.settings.tag.is_some(),
                ),
            ),
            (
                "meta",
                origin_of(
                    entry.filter(|e| !e.meta.is_empty()).map(|_| "--meta"),
                    "meta",
                    file.settings.meta.is_some(),
                ),
            ),
        ];

        let batching = flags.batching;
        let batch_size = match batching.and_then(|b| b.batch_size) {
            Some(size) => size,
            None => file.settings.batch_size.unwrap_or(DEFAULT_BATCH_SIZE),
        };
        if batch_size == 0 {
            return Err(Failure::usage("--batch-size must be at least 1"));
        }
        let batch_bytes = resolver
            .size(
                batching.and_then(|b| b.batch_bytes.as_deref()),
                "--batch-bytes",
                "batch_bytes",
                file.settings.batch_bytes.as_ref(),
            )?
            .unwrap_or(DEFAULT_BATCH_BYTES);
        let flush_interval = resolver
            .duration(
                batching.and_then(|b| b.flush_interval.as_deref()),
                "--flush-interval",
                "flush_interval",
                file.settings.flush_interval.as_deref(),
            )?
            .unwrap_or(DEFAULT_FLUSH_INTERVAL);
        let (spool, spool_off_reason) = match resolver.spool(connection)? {
            Ok(settings) => (Some(settings), None),
            Err(reason) => (None, Some(reason)),
        };

        let retry_for = resolver
            .duration(
                connection.retry_for.as_deref(),
                "--retry-for",
                "retry_for",
                file.settings.retry_for.as_deref(),
            )?
            .unwrap_or(flags.default_retry_for);
        let max_buffer = resolver
            .size(
                batching.and_then(|b| b.max_buffer.as_deref()),
                "--max-buffer",
                "max_buffer",
                file.settings.max_buffer.as_ref(),
            )?
            .unwrap_or(DEFAULT_MAX_BUFFER);
        let when_full = batching
            .and_then(|b| b.when_full)
            .or(file.settings.when_full)
            .map_or(WhenFull::Block, WhenFull::from);
        let shutdown_timeout = resolver
            .duration(
                batching.and_then(|b| b.shutdown_timeout.as_deref()),
                "--shutdown-timeout",
                "shutdown_timeout",
                file.settings.shutdown_timeout.as_deref(),
            )?
            .unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
        let allow_http = connection.allow_http || file.settings.allow_http.unwrap_or(false);
        let proxy = proxy_for(&url.value, env);
        if !connection.dry_run && !allow_http {
            refuse_clear_text_to_other_hosts(&url, proxy.as_ref())?;
        }
        let mut warnings = Vec::new();
        if let Some(key) = &api_key {
            if key.origin == Origin::Flag("--api-key") {
                warnings.push(
                    "--api-key is visible to other users in the process list; prefer --api-key-file \
                     or STREAMLOGIA_API_KEY"
                        .to_owned(),
                );
            }
        }
        warnings.extend(file.key_permission_warning());
        warnings.extend(key_file_warning);
        let lines = lines::resolve(flags.lines, &file)?;

        Ok(Config {
            proxy,
            api_key,
            key_problem,
            project_id,
            url,
            ca_file,
            request_timeout,
            dry_run: connection.dry_run,
            source,
            level,
            tags,
            meta,
            console,
            batch_limits: BatchLimits {
                max_entries: batch_size,
                max_bytes: batch_bytes,
            },
            flush_interval,
            stderr_level,
            lifecycle,
            stats,
            progress,
            no_color: env.no_color(),
            retry_for,
            max_buffer,
            when_full,
            shutdown_timeout,
            warnings,
            spool,
            spool_off_reason,
            lines,
            config_file_hint,
            plain_origins,
        })
    }

    /// The project id to put in entries; `--dry-run` may go without one.
    pub fn project_id_for_entries(&self) -> Result<&str, Failure> {
        match (&self.project_id, self.dry_run) {
            (Some(project), _) => Ok(&project.value),
            (None, true) => Ok(PLACEHOLDER_PROJECT_ID),
            (None, false) if self.api_key.is_none() => Err(self.missing_key_and_project()),
            (None, false) => Err(self.missing_project()),
        }
    }

    /// The error when neither the API key nor the project id is set: one
    /// message naming both, and every way to give them.
    pub fn missing_key_and_project(&self) -> Failure {
        Failure::config(format!(
            "no API key and no project id: set STREAMLOGIA_API_KEY and STREAMLOGIA_PROJECT_ID, \
             pass --api-key-file PATH (or --api-key) and --project UUID, or add api_key and \
             project_id to {}",
            self.config_file_hint.display()
        ))
        .with_hint("`logingestor check` shows every setting and where it comes from")
    }

    /// The error for a missing project id, naming every way to give one.
    pub fn missing_project(&self) -> Failure {
        Failure::config(format!(
            "no project id: pass --project UUID, set STREAMLOGIA_PROJECT_ID, or add project_id to {}",
            self.config_file_hint.display()
        ))
    }

    /// The error for a missing API key, naming every way to give one.
    pub fn missing_key(&self) -> Failure {
        Failure::config(format!(
            "no API key: pass --api-key-file PATH (or --api-key), set STREAMLOGIA_API_KEY, \
             or add api_key to {}",
            self.config_file_hint.display()
        ))
    }

    /// What the HTTP client needs; fails with exit 78 when there is no key.
    pub fn client_settings(&self) -> Result<ClientSettings, Failure> {
        let Some(api_key) = &self.api_key else {
            return Err(self.missing_key());
        };
        Ok(ClientSettings {
            base_url: self.url.value.clone(),
            proxy: self.proxy.as_ref().map(|proxy| proxy.value.clone()),
            api_key: api_key.value.clone(),
            ca_file: self.ca_file.as_ref().map(|ca| ca.value.clone()),
            request_timeout: self.request_timeout,
        })
    }
}

impl From<WhenFullArg> for WhenFull {
    fn from(arg: WhenFullArg) -> Self {
        match arg {
            WhenFullArg::Block => WhenFull::Block,
            WhenFullArg::Drop => WhenFull::Drop,
            WhenFullArg::Spool => WhenFull::Spool,
        }
    }
}

/// The flags of the subcommand being run that bear on settings.
struct CommandFlags<'a> {
    entry: Option<&'a EntryArgs>,
    batching: Option<&'a BatchingArgs>,
    feedback: Option<&'a FeedbackArgs>,
    run: Option<&'a RunArgs>,
    lines: Option<&'a LineArgs>,
    no_progress: bool,
    default_retry_for: Duration,
    keep_invalid_project: bool,
}

/// The file name of the command `run` runs, its default source.
fn command_file_name(command: &[std::ffi::OsString]) -> Option<String> {
    let program = Path::new(command.first()?);
    let name = program.file_name()?.to_string_lossy().trim().to_owned();
    (!name.is_empty()).then_some(name)
}

/// Looks each setting up in flag, environment and file, in that order.
struct Resolver<'a> {
    env: &'a Environment,
    file: &'a ConfigFile,
}

impl Resolver<'_> {
    fn string(
        &self,
        flag_value: Option<&str>,
        flag: &'static str,
        env_names: &[&'static str],
        file_key: &str,
        file_value: Option<&str>,
    ) -> Option<Setting<String>> {
        if let Some(value) = flag_value {
            return Some(Setting {
                value: value.to_owned(),
                origin: Origin::Flag(flag),
            });
        }
        if let Some((name, value)) = self.env.first_of(env_names) {
            return Some(Setting {
                value: value.to_owned(),
                origin: Origin::Env(name),
            });
        }
        file_value.map(|value| Setting {
            value: value.to_owned(),
            origin: self.file.origin(file_key),
        })
    }

    /// The key, the first of flag, key-file flag, environment, config file
    /// key and config file key file; with a warning when its file is open to
    /// other users.
    fn api_key(&self, connection: &ConnectionArgs) -> Result<Option<KeyWithWarning>, Failure> {
        let checked = |text: &str, origin: Origin| {
            ApiKey::parse(text)
                .map(|value| {
                    Some((
                        Setting {
                            value,
                            origin: origin.clone(),
                        },
                        None,
                    ))
                })
                .map_err(|problem| {
                    Failure::config(format!(
                        "the API key from {origin} is not usable: {problem}"
                    ))
                    .with_hint(KEY_HINT)
                })
        };
        if let Some(key) = &connection.api_key {
            return checked(key, Origin::Flag("--api-key"));
        }
        if let Some(path) = &connection.api_key_file {
            return read_key_file(path, Origin::Flag("--api-key-file")).map(Some);
        }
        if let Some((name, key)) = self
            .env
            .first_of(&["STREAMLOGIA_API_KEY", "LOGINGESTOR_API_KEY"])
        {
            return checked(key, Origin::Env(name));
        }
        if let Some(key) = &self.file.settings.api_key {
            return checked(key, self.file.origin("api_key"));
        }
        if let Some(path) = &self.file.settings.api_key_file {
            return read_key_file(path, self.file.origin("api_key_file")).map(Some);
        }
        Ok(None)
    }

    /// The spool's settings, or why there is no spool.
    fn spool(
        &self,
        connection: &ConnectionArgs,
    ) -> Result<Result<Setting<SpoolSettings>, String>, Failure> {
        let max_bytes = self
            .size(
                connection.spool_max.as_deref(),
                "--spool-max",
                "spool_max",
                self.file.settings.spool_max.as_ref(),
            )?
            .map_or(DEFAULT_SPOOL_MAX, |bytes| bytes as u64);
        if connection.no_spool {
            return Ok(Err("turned off by --no-spool".to_owned()));
        }
        if self.file.settings.spool == Some(false) {
            return Ok(Err(format!("turned off by {}", self.file.origin("spool"))));
        }
        let named = match &connection.spool_dir {
            Some(dir) => Some(Setting {
                value: dir.clone(),
                origin: Origin::Flag("--spool-dir"),
            }),
            None => self
                .string(
                    None,
                    "--spool-dir",
                    &["LOGINGESTOR_SPOOL_DIR"],
                    "spool_dir",
                    self.file
                        .settings
                        .spool_dir
                        .as_deref()
                        .and_then(Path::to_str),
                )
                .map(|setting| Setting {
                    value: PathBuf::from(setting.value),
                    origin: setting.origin,
                }),
        };
        if named
            .as_ref()
            .is_some_and(|dir| dir.value.as_os_str().is_empty())
        {
            return Err(self.file.invalid("spool_dir", "must not be empty"));
        }
        let state_home = || {
            let xdg = self
                .env
                .get("XDG_STATE_HOME")
                .map(PathBuf::from)
                .filter(|dir| dir.is_absolute());
            match xdg {
                Some(dir) => Some((dir, Origin::Env("XDG_STATE_HOME"))),
                None => self.env.get("HOME").map(|home| {
                    (
                        Path::new(home).join(".local").join("state"),
                        Origin::Env("HOME"),
                    )
                }),
            }
        };
        let Some(dir) = named.or_else(|| {
            state_home().map(|(state, origin)| Setting {
                value: state.join("logingestor").join("spool"),
                origin,
            })
        }) else {
            return Ok(Err(
                "no directory for it: HOME and XDG_STATE_HOME are unset; pass --spool-dir PATH \
                 or set LOGINGESTOR_SPOOL_DIR"
                    .to_owned(),
            ));
        };
        Ok(Ok(Setting {
            value: SpoolSettings {
                dir: dir.value,
                max_bytes,
            },
            origin: dir.origin,
        }))
    }

    fn level(
        &self,
        flag_value: Option<Level>,
        file_key: &str,
        file_value: Option<&str>,
        default: Level,
    ) -> Result<Level, Failure> {
        if let Some(level) = flag_value {
            return Ok(level);
        }
        match file_value {
            Some(name) => name
                .parse()
                .map_err(|why: String| self.file.invalid_value(file_key, name, &why)),
            None => Ok(default),
        }
    }

    fn duration(
        &self,
        flag_value: Option<&str>,
        flag: &str,
        file_key: &str,
        file_value: Option<&str>,
    ) -> Result<Option<Duration>, Failure> {
        if let Some(text) = flag_value {
            return parse_duration(text)
                .map(Some)
                .map_err(|why| Failure::usage(format!("invalid {flag} '{text}': {why}")));
        }
        file_value
            .map(|text| {
                parse_duration(text).map_err(|why| self.file.invalid_value(file_key, text, &why))
            })
            .transpose()
    }

    fn size(
        &self,
        flag_value: Option<&str>,
        flag: &str,
        file_key: &str,
        file_value: Option<&SizeValue>,
    ) -> Result<Option<usize>, Failure> {
        if let Some(text) = flag_value {
            return parse_size(text)
                .map(Some)
                .map_err(|why| Failure::usage(format!("invalid {flag} '{text}': {why}")));
        }
        match file_value {
            Some(SizeValue::Bytes(bytes)) if *bytes > 0 => Ok(Some(*bytes as usize)),
            Some(SizeValue::Bytes(_)) => Err(self.file.invalid(file_key, "must be at least 1")),
            Some(SizeValue::Text(text)) => parse_size(text)
                .map(Some)
                .map_err(|why| self.file.invalid_value(file_key, text, &why)),
            None => Ok(None),
        }
    }
}

/// A key, and a warning about the file it came from, if any.
type KeyWithWarning = (Setting<ApiKey>, Option<String>);

fn read_key_file(path: &Path, origin: Origin) -> Result<KeyWithWarning, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Failure::config(format!(
            "cannot read the API key file {} (from {origin}): {error}",
            path.display()
        ))
    })?;
    let key = ApiKey::parse(&text).map_err(|problem| {
        Failure::config(format!(
            "the API key in {} (from {origin}) is not usable: {problem}",
            path.display()
        ))
        .with_hint(KEY_HINT)
    })?;
    Ok((
        Setting { value: key, origin },
        key_file_permission_warning(path),
    ))
}

/// What to do about a key that is not usable.
const KEY_HINT: &str = "copy the ingest key (ls_app_live_…) from the project's settings again, \
                        as one line with nothing else on it";

/// A warning when the key file may be read by other users.
fn key_file_permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "the API key file {} is readable by other users (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

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

/// Checks that a project id is a UUID, and lower-cases it.
pub fn validate_project_id(setting: Setting<String>) -> Result<Setting<String>, Failure> {
    let value = setting.value.trim();
    let is_uuid = value.len() == 36 && uuid::Uuid::try_parse(value).is_ok();
    if !is_uuid {
        return Err(Failure::config(format!(
            "the project id '{value}' (from {}) is not a UUID",
            setting.origin
        ))
        .with_hint("copy the project id from the project's settings page, e.g. 5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10"));
    }
    Ok(Setting {
        value: value.to_ascii_lowercase(),
        origin: setting.origin,
    })
}

/// Checks the base URL: `http://` or `https://`, a host, no user info (the
/// key is the only credential, and a `user@` could hide where requests
/// really go), no query or fragment (paths are appended to it).
fn validate_url(setting: Setting<String>) -> Result<Setting<String>, Failure> {
    let value = setting.value.trim().trim_end_matches('/').to_owned();
    let not_a_url = || {
        Failure::config(format!(
            "the base URL '{}' (from {}) is not an http:// or https:// URL",
            without_user_info(&value),
            setting.origin
        ))
        .with_hint("for example https://api.streamlogia.com or http://127.0.0.1:8080")
    };
    let uri: http::Uri = value.parse().map_err(|_| not_a_url())?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let Some(authority) = uri.authority().filter(|_| scheme_ok) else {
        return Err(not_a_url());
    };
    if authority.as_str().contains('@') {
        return Err(Failure::config(format!(
            "the base URL '{}' (from {}) holds user info before an '@'; it is not sent",
            without_user_info(&value),
            setting.origin
        ))
        .with_hint("give the URL as scheme://host[:port][/path]: the API key (--api-key-file, STREAMLOGIA_API_KEY) is the only credential"));
    }
    if authority.host().is_empty() {
        return Err(not_a_url());
    }
    if value.contains(['?', '#']) {
        return Err(Failure::config(format!(
            "the base URL '{value}' (from {}) has a query or fragment; give the installation's root",
            setting.origin
        )));
    }
    Ok(Setting {
        value,
        origin: setting.origin,
    })
}

/// `url` with anything between `://` and the last `@` of its authority cut
/// out, so that a password given there is never echoed.
fn without_user_info(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://…@{}{path}", &authority[at + 1..]),
        None => url.to_owned(),
    }
}

/// The host part of a validated base URL, as the HTTP client will connect
/// to it (brackets of an IPv6 address removed).
fn url_host(url: &str) -> String {
    let uri: http::Uri = url.parse().expect("a validated URL");
    let host = uri.host().unwrap_or_default();
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned()
}

/// Whether `host` names this machine: `localhost` or a loopback address
/// (an IPv4-mapped IPv6 loopback too). Anything else, names that merely
/// resolve to a loopback address included, counts as another host.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// The proxy requests to `url` go through, from the environment as curl
/// reads it: `https_proxy` for https, `http_proxy` for http, `all_proxy`
/// otherwise (either case), unless `no_proxy` names the host.
fn proxy_for(url: &str, env: &Environment) -> Option<Setting<String>> {
    let names: &[&'static str] = if url.starts_with("https://") {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"]
    };
    let (name, proxy) = env.first_of(names)?;
    let host = url_host(url);
    let bypass = env
        .first_of(&["NO_PROXY", "no_proxy"])
        .is_some_and(|(_, list)| no_proxy_matches(list, &host));
    (!bypass).then(|| Setting {
        value: proxy.to_owned(),
        origin: Origin::Env(name),
    })
}

/// Whether a `no_proxy` list (`*`, or host names, domain suffixes with or
/// without a leading dot, and addresses, separated by commas) names `host`.
fn no_proxy_matches(list: &str, host: &str) -> bool {
    list.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('.');
        let entry = entry.split(':').next().unwrap_or_default();
        !entry.is_empty()
            && (entry == "*"
                || host.eq_ignore_ascii_case(entry)
                || host
                    .to_ascii_lowercase()
                    .ends_with(&format!(".{}", entry.to_ascii_lowercase())))
    })
}

/// Plain http:// sends the bearer key in clear text: allowed only when the
/// host the client connects to is this machine (the proxy's, when one is
/// used), unless the user says `--allow-http`.
fn refuse_clear_text_to_other_hosts(
    url: &Setting<String>,
    proxy: Option<&Setting<String>>,
) -> Result<(), Failure> {
    if !url.value.starts_with("http://") {
        return Ok(());
    }
    let target = url_host(&url.value);
    let proxy_host = proxy.map(|proxy| {
        let with_scheme = if proxy.value.contains("://") {
            proxy.value.clone()
        } else {
            format!("http://{}", proxy.value)
        };
        with_scheme
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_owned))
            .unwrap_or_default()
    });
    let first_hop_local = proxy_host
        .as_deref()
        .is_none_or(|host| is_loopback_host(host.trim_start_matches('[').trim_end_matches(']')));
    if is_loopback_host(&target) && first_hop_local {
        return Ok(());
    }
    let through = match (proxy, &proxy_host) {
        (Some(proxy), Some(host)) if !is_loopback_host(host) => {
            format!(" through the proxy {host} (from {})", proxy.origin)
        }
        _ => String::new(),
    };
    Err(Failure::config(format!(
        "refusing to send the API key unencrypted to {target}{through} (the URL is from {})",
        url.origin
    ))
    .with_hint("use an https:// URL, or pass --allow-http if this network is trusted"))
}

/// What a duration may look like, for messages.
const DURATION_FORMS: &str = "use a duration such as 500ms, 10s or 2m";
/// What a size may look like, for messages.
const SIZE_FORMS: &str = "use a size such as 512KiB, 1MiB or 65536 (bytes)";

/// Reads `1s`, `250ms`, `2m` or a bare number of seconds; the error says
/// what is accepted.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let duration = match text.parse::<f64>() {
        Ok(seconds) => Duration::try_from_secs_f64(seconds).ok(),
        Err(_) => humantime::parse_duration(text).ok(),
    };
    duration.ok_or_else(|| DURATION_FORMS.to_owned())
}

/// Reads `1MiB`, `512KiB`, `64KB` or a bare number of bytes; at least one
/// byte. The error says what is accepted.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let size: bytesize::ByteSize = text.trim().parse().map_err(|_| SIZE_FORMS.to_owned())?;
    match usize::try_from(size.as_u64()) {
        Ok(0) => Err("must be at least 1 byte".to_owned()),
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(format!("too large; {SIZE_FORMS}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(config.api_key.as_ref().unwrap().value.expose(), "from-env");
        assert_eq!(
            config.api_key.unwrap().origin,
            Origin::Env("STREAMLOGIA_API_KEY")
        );
        assert_eq!(
            config.project_id.unwrap().origin,
            Origin::Env("LOGINGESTOR_PROJECT_ID")
        );

        let config = resolve(&["--api-key", "from-flag", "pipe"], &env).unwrap();
        assert_eq!(config.api_key.unwrap().value.expose(), "from-flag");
    }

    #[test]
    fn url_is_trimmed_and_defaults_to_the_hosted_api() {
        let config = resolve(&["send", "x"], &env(&[("HOME", "/nonexistent")])).unwrap();
        assert_eq!(config.url.value, DEFAULT_URL);
        let config = resolve(
            &["send", "x"],
            &env(&[("STREAMLOGIA_API_URL", " https://logs.example.com/ ")]),
        )
        .unwrap();
        assert_eq!(config.url.value, "https://logs.example.com");
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
            config.batch_limits,
            BatchLimits {
                max_entries: 500,
                max_bytes: 1 << 20
            }
        );
        assert_eq!(config.flush_interval, Duration::from_secs(1));
        assert_eq!(config.source.value, "unknown");
        assert_eq!(config.level, Level::Info);
        assert!(config.console);
    }

    #[test]
    fn run_sources_default_to_the_commands_file_name_and_stderr_to_warn() {
        let env = env(&[("HOME", "/nonexistent")]);
        let config = resolve(&["run", "--", "/usr/local/bin/backup.sh", "-x"], &env).unwrap();
        assert_eq!(config.source.value, "backup.sh");
        assert_eq!(config.source.origin, Origin::Default);
        assert_eq!(config.level, Level::Info);
        assert_eq!(config.stderr_level, Level::Warn);
        assert!(config.lifecycle);
        assert!(!config.stats);

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
        assert_eq!(config.source.value, "nightly");
        assert_eq!(config.stderr_level, Level::Error);
        assert!(!config.lifecycle);
        assert!(config.stats);
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
        assert_eq!(config.stderr_level, Level::Error);
        assert!(!config.lifecycle);
        assert!(config.stats);
        assert!(!config.progress);

        std::fs::write(&path, "stderr_level = \"loud\"\n").unwrap();
        let error = resolve(&["run", "--", "job"], &env).unwrap_err();
        assert!(error.message.contains("stderr_level"), "{}", error.message);
    }

    #[test]
    fn check_keeps_a_project_id_that_is_not_a_uuid_to_report_it() {
        let env = env(&[("STREAMLOGIA_PROJECT_ID", " my-project ")]);
        let config = resolve(&["check"], &env).unwrap();
        assert_eq!(config.project_id.unwrap().value, "my-project");
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
    fn loopback_is_decided_on_the_host_really_connected_to() {
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("LOCALHOST."));
        assert!(is_loopback_host("127.5.0.1"));
        assert!(is_loopback_host("::1"));
        assert!(is_loopback_host("::ffff:127.0.0.1"));
        assert!(!is_loopback_host("localhost.example.com"));
        assert!(!is_loopback_host("0x7f.1"));
        assert!(!is_loopback_host("10.0.0.1"));
        assert_eq!(url_host("http://[::1]:8080/x"), "::1");
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
        assert!(config.proxy.is_none());
        let local_proxy = env(&[home, ("HTTP_PROXY", "127.0.0.1:3128")]);
        let config = resolve(
            &["--url", "http://localhost:8080", "send", "x"],
            &local_proxy,
        )
        .unwrap();
        assert_eq!(config.proxy.unwrap().origin, Origin::Env("HTTP_PROXY"));
        // An https URL takes https_proxy, not http_proxy.
        let config = resolve(
            &["--url", "https://logs.example.com", "send", "x"],
            &proxied,
        )
        .unwrap();
        assert!(config.proxy.is_none());
    }

    #[test]
    fn no_proxy_lists_match_names_suffixes_and_stars() {
        assert!(no_proxy_matches("*", "anything"));
        assert!(no_proxy_matches("example.com", "api.example.com"));
        assert!(no_proxy_matches(".example.com", "api.example.com"));
        assert!(no_proxy_matches("a, Example.COM:443", "example.com"));
        assert!(!no_proxy_matches("example.com", "badexample.com"));
        assert!(!no_proxy_matches("", "host"));
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
        assert!(config.api_key.is_none());
        assert!(config.key_problem.unwrap().message.contains("line break"));
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
            resolve(&["send", "x"], &env).unwrap().retry_for,
            Duration::from_secs(10)
        );
        assert_eq!(
            resolve(&["pipe"], &env).unwrap().retry_for,
            Duration::from_secs(60)
        );
        assert_eq!(
            resolve(&["--retry-for", "3s", "pipe"], &env)
                .unwrap()
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
        assert!(config.spool.is_none());
        assert!(config.spool_off_reason.unwrap().contains("--spool-dir"));
        let config = resolve(
            &["--no-spool", "spool", "status"],
            &env(&[("HOME", "/home/u")]),
        )
        .unwrap();
        assert!(config.spool.is_none());
        assert_eq!(
            config.spool_off_reason.as_deref(),
            Some("turned off by --no-spool")
        );
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
    fn durations_and_sizes_read_the_usual_spellings() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("soon").is_err());
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("64KB"), Ok(64_000));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn bad_durations_sizes_and_counts_say_what_is_accepted_not_what_a_library_said() {
        for bad in ["5parsecs", "soon", "-1", "", "1e400"] {
            assert_eq!(
                parse_duration(bad).unwrap_err(),
                "use a duration such as 500ms, 10s or 2m",
                "{bad:?}"
            );
        }
        for bad in ["1parsec", "lots", "-5", "1.5.5MiB"] {
            assert_eq!(
                parse_size(bad).unwrap_err(),
                "use a size such as 512KiB, 1MiB or 65536 (bytes)",
                "{bad:?}"
            );
        }
        assert_eq!(crate::cli::parse_count(" 12 "), Ok(12));
        assert_eq!(
            crate::cli::parse_count("many").unwrap_err(),
            "use a whole number such as 100"
        );
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
