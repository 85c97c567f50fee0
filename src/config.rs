//! Resolves every setting once, flag > environment > config file > default,
//! into an immutable [`Config`]. Nothing below this module reads the
//! environment or the command line.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::api_key::ApiKey;
use crate::batch::BatchLimits;
use crate::cli::{Cli, Command, ConnectionArgs, EntryArgs, PipeArgs};
use crate::config_file::{ConfigFile, SizeValue};
use crate::delivery::ClientSettings;
use crate::detect::LineSettings;
use crate::entry::MAX_META_BYTES;
use crate::failure::Failure;
use crate::level::Level;
use crate::meta_arg::{parse_meta_pairs, parse_tags};

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
    pub project_id: Option<Setting<String>>,
    pub url: Setting<String>,
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
    /// How lines are understood (`pipe`): format, detection, multi-line entries.
    pub lines: LineSettings,
    /// Where a config file would be looked for, for "missing setting" messages.
    pub config_file_hint: PathBuf,
}

impl Config {
    /// Resolves the settings for the command on `cli`.
    pub fn from_cli(cli: &Cli, env: &Environment) -> Result<Config, Failure> {
        let (entry, pipe) = match &cli.command {
            Command::Send(send) => (Some(&send.entry), None),
            Command::Pipe(pipe) => (Some(&pipe.entry), Some(pipe)),
            Command::GenerateDocs(_) => (None, None),
        };
        Config::resolve(&cli.connection, entry, pipe, env)
    }

    fn resolve(
        connection: &ConnectionArgs,
        entry: Option<&EntryArgs>,
        pipe: Option<&PipeArgs>,
        env: &Environment,
    ) -> Result<Config, Failure> {
        let (file, config_file_hint) = load_config_file(connection.config.as_deref(), env)?;
        let file = file.unwrap_or_default();
        let resolver = Resolver { env, file: &file };

        let api_key = resolver.api_key(connection)?;
        let project_id = resolver
            .string(
                connection.project.as_deref(),
                "--project",
                &["STREAMLOGIA_PROJECT_ID", "LOGINGESTOR_PROJECT_ID"],
                "project_id",
                file.settings.project_id.as_deref(),
            )
            .map(validate_project_id)
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
                value: DEFAULT_SOURCE.to_owned(),
                origin: Origin::Default,
            });
        let level = match entry.and_then(|e| e.level) {
            Some(level) => level,
            None => match file.settings.level.as_deref() {
                Some(name) => Level::from_name(name)
                    .ok_or_else(|| file.invalid("level", &format!("unknown level '{name}'")))?,
                None => Level::Info,
            },
        };
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

        let batch_size = match pipe.and_then(|p| p.batch_size) {
            Some(size) => size,
            None => file.settings.batch_size.unwrap_or(DEFAULT_BATCH_SIZE),
        };
        if batch_size == 0 {
            return Err(Failure::usage("--batch-size must be at least 1"));
        }
        let batch_bytes = resolver
            .size(
                pipe.and_then(|p| p.batch_bytes.as_deref()),
                "--batch-bytes",
                "batch_bytes",
                file.settings.batch_bytes.as_ref(),
            )?
            .unwrap_or(DEFAULT_BATCH_BYTES);
        let flush_interval = resolver
            .duration(
                pipe.and_then(|p| p.flush_interval.as_deref()),
                "--flush-interval",
                "flush_interval",
                file.settings.flush_interval.as_deref(),
            )?
            .unwrap_or(DEFAULT_FLUSH_INTERVAL);
        let lines = LineSettings::resolve(pipe.map(|p| &p.lines), &file)?;

        Ok(Config {
            api_key,
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
            lines,
            config_file_hint,
        })
    }

    /// The project id to put in entries; `--dry-run` may go without one.
    pub fn project_id_for_entries(&self) -> Result<&str, Failure> {
        match (&self.project_id, self.dry_run) {
            (Some(project), _) => Ok(&project.value),
            (None, true) => Ok(PLACEHOLDER_PROJECT_ID),
            (None, false) => Err(Failure::config(format!(
                "no project id: pass --project UUID, set STREAMLOGIA_PROJECT_ID, or add project_id to {}",
                self.config_file_hint.display()
            ))),
        }
    }

    /// What the HTTP client needs; fails with exit 78 when there is no key.
    pub fn client_settings(&self) -> Result<ClientSettings, Failure> {
        let Some(api_key) = &self.api_key else {
            return Err(Failure::config(format!(
                "no API key: pass --api-key-file PATH (or --api-key), set STREAMLOGIA_API_KEY, \
                 or add api_key to {}",
                self.config_file_hint.display()
            )));
        };
        Ok(ClientSettings {
            base_url: self.url.value.clone(),
            api_key: api_key.value.clone(),
            ca_file: self.ca_file.as_ref().map(|ca| ca.value.clone()),
            request_timeout: self.request_timeout,
        })
    }
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

    fn api_key(&self, connection: &ConnectionArgs) -> Result<Option<Setting<ApiKey>>, Failure> {
        let empty =
            |origin: &Origin| Failure::config(format!("the API key from {origin} is empty"));
        if let Some(key) = &connection.api_key {
            let origin = Origin::Flag("--api-key");
            let key = ApiKey::new(key).ok_or_else(|| empty(&origin))?;
            return Ok(Some(Setting { value: key, origin }));
        }
        if let Some(path) = &connection.api_key_file {
            return read_key_file(path, Origin::Flag("--api-key-file")).map(Some);
        }
        if let Some((name, key)) = self
            .env
            .first_of(&["STREAMLOGIA_API_KEY", "LOGINGESTOR_API_KEY"])
        {
            let origin = Origin::Env(name);
            let key = ApiKey::new(key).ok_or_else(|| empty(&origin))?;
            return Ok(Some(Setting { value: key, origin }));
        }
        if let Some(key) = &self.file.settings.api_key {
            let origin = self.file.origin("api_key");
            let key = ApiKey::new(key).ok_or_else(|| empty(&origin))?;
            return Ok(Some(Setting { value: key, origin }));
        }
        if let Some(path) = &self.file.settings.api_key_file {
            return read_key_file(path, self.file.origin("api_key_file")).map(Some);
        }
        Ok(None)
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
            .map(|text| parse_duration(text).map_err(|why| self.file.invalid(file_key, &why)))
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
                .map_err(|why| self.file.invalid(file_key, &why)),
            None => Ok(None),
        }
    }
}

fn read_key_file(path: &Path, origin: Origin) -> Result<Setting<ApiKey>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Failure::config(format!(
            "cannot read the API key file {} (from {origin}): {error}",
            path.display()
        ))
    })?;
    let key = ApiKey::new(&text)
        .ok_or_else(|| Failure::config(format!("the API key file {} is empty", path.display())))?;
    Ok(Setting { value: key, origin })
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

fn validate_project_id(setting: Setting<String>) -> Result<Setting<String>, Failure> {
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

fn validate_url(setting: Setting<String>) -> Result<Setting<String>, Failure> {
    let value = setting.value.trim().trim_end_matches('/').to_owned();
    let has_host = value
        .split_once("://")
        .is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && !rest.is_empty());
    if !has_host {
        return Err(Failure::config(format!(
            "the base URL '{value}' (from {}) is not an http:// or https:// URL",
            setting.origin
        )));
    }
    Ok(Setting {
        value,
        origin: setting.origin,
    })
}

/// Reads `1s`, `250ms`, `2m` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).map_err(|error| error.to_string());
    }
    humantime::parse_duration(text).map_err(|error| format!("{error} (use e.g. 1s, 250ms, 2m)"))
}

/// Reads `1MiB`, `512KiB`, `64KB` or a bare number of bytes; at least one byte.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let size: bytesize::ByteSize = text
        .trim()
        .parse()
        .map_err(|error| format!("{error} (use e.g. 1MiB, 512KiB, 65536)"))?;
    match usize::try_from(size.as_u64()) {
        Ok(0) => Err("must be at least 1 byte".to_owned()),
        Ok(bytes) => Ok(bytes),
        Err(_) => Err("too large".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    const PROJECT: &str = "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10";

    fn env(pairs: &[(&str, &str)]) -> Environment {
        Environment::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    fn resolve(args: &[&str], env: &Environment) -> Result<Config, Failure> {
        let cli = Cli::try_parse_from(std::iter::once("logingestor").chain(args.iter().copied()))
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
        assert_eq!(error.exit_code, crate::exit_code::ExitCode::Config);
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
}
