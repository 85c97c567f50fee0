//! The TOML config file: its keys, and errors that name the file and line.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::cli::{CompressArg, WhenFullArg};
use crate::config::Origin;
use crate::output::failure::Failure;

/// The settings a config file may hold, each under its flag's name in snake_case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub api_key: Option<String>,
    pub api_key_file: Option<PathBuf>,
    pub project_id: Option<String>,
    pub url: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Option<String>,
    pub compress: Option<CompressArg>,
    pub source: Option<String>,
    pub level: Option<String>,
    #[serde(alias = "tags")]
    pub tag: Option<Vec<String>>,
    pub meta: Option<Map<String, Value>>,
    pub console: Option<bool>,
    pub batch_size: Option<usize>,
    pub batch_bytes: Option<SizeValue>,
    pub flush_interval: Option<String>,
    pub stderr_level: Option<String>,
    pub lifecycle: Option<bool>,
    pub stats: Option<bool>,
    pub progress: Option<bool>,
    pub retry_for: Option<String>,
    pub allow_http: Option<bool>,
    pub max_buffer: Option<SizeValue>,
    pub when_full: Option<WhenFullArg>,
    pub shutdown_timeout: Option<String>,
    pub concurrency: Option<CountOrWord>,
    pub concurrency_max: Option<usize>,
    pub spool: Option<bool>,
    pub spool_dir: Option<PathBuf>,
    pub spool_max: Option<SizeValue>,
    pub format: Option<String>,
    pub no_detect: Option<bool>,
    pub force_level: Option<String>,
    pub timestamp_from_line: Option<bool>,
    pub timezone: Option<String>,
    pub multiline: Option<String>,
    pub multiline_max_lines: Option<usize>,
    pub multiline_timeout: Option<String>,
    pub redact: Option<Switch>,
    #[serde(alias = "redact_patterns")]
    pub redact_pattern: Option<Vec<String>>,
    pub min_level: Option<String>,
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub max_rate: Option<String>,
}

/// A switch written as a boolean or as `"on"`/`"off"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Switch {
    Bool(bool),
    Text(String),
}

/// Every key a config file accepts, aliases included, in the order of
/// [`FileSettings`]: serde's own list of the struct's fields, so that the
/// documentation cannot drift from what the file accepts.
pub fn keys() -> &'static [&'static str] {
    let mut keys: &'static [&'static str] = &[];
    let _ = FileSettings::deserialize(FieldNames(&mut keys));
    keys
}

/// A deserializer that reads nothing: it only keeps the field names serde
/// hands to `deserialize_struct`.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom(
            "only the names of a struct's fields are read",
        ))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("the field names were read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

/// A size written as a number of bytes or as text such as `"1MiB"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SizeValue {
    Bytes(u64),
    Text(String),
}

/// A count written as a number, or a word such as `"auto"` (or a number as text).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CountOrWord {
    Count(u64),
    Word(String),
}

/// A config file that was read and parsed, or the empty default.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: Option<PathBuf>,
    text: String,
    pub settings: FileSettings,
}

impl ConfigFile {
    /// Reads and parses the file at `path`; every failure is a configuration
    /// error naming the file, and the line where the text is wrong.
    pub fn load(path: &Path) -> Result<ConfigFile, Failure> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Failure::config(format!(
                "cannot read the config file {}: {error}",
                path.display()
            ))
        })?;
        ConfigFile::parse(path, text)
    }

    pub(crate) fn parse(path: &Path, text: String) -> Result<ConfigFile, Failure> {
        let settings: FileSettings = toml::from_str(&text).map_err(|error| {
            let place = match error.span() {
                Some(span) => {
                    let (line, column) = line_and_column(&text, span.start);
                    format!("{}:{line}:{column}", path.display())
                }
                None => path.display().to_string(),
            };
            Failure::config(format!("config file {place}: {}", error.message().trim()))
        })?;
        Ok(ConfigFile {
            path: Some(path.to_owned()),
            text,
            settings,
        })
    }

    /// Where `key` was set: the file and the line of its first assignment.
    pub fn origin(&self, key: &str) -> Origin {
        let line = self.text.lines().position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        Origin::File {
            path: self.path.clone().unwrap_or_default(),
            line: line.map(|index| index + 1),
        }
    }

    /// A warning when the file holds an API key but others may read it.
    pub fn key_permission_warning(&self) -> Option<String> {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path.as_ref()?;
        self.settings.api_key.as_ref()?;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} holds an API key and is readable by other users (mode {:o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }

    /// A configuration error about `value`, the text of `key`; `why` says
    /// what is accepted.
    pub fn invalid_value(&self, key: &str, value: &str, why: &str) -> Failure {
        Failure::config(format!(
            "config file {}: invalid {key} '{value}': {why}",
            self.origin(key)
        ))
    }

    /// A configuration error about the value of `key`.
    pub fn invalid(&self, key: &str, why: &str) -> Failure {
        Failure::config(format!(
            "config file {}: invalid {key}: {why}",
            self.origin(key)
        ))
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, Failure> {
        ConfigFile::parse(Path::new("/etc/li.toml"), text.to_owned())
    }

    #[test]
    fn reads_every_documented_key() {
        let file = parse(
            "api_key = \"k\"\nproject_id = \"p\"\nurl = \"u\"\nsource = \"s\"\nlevel = \"warn\"\n\
             tag = [\"a\"]\nmeta = { env = \"prod\", n = 1 }\nconsole = false\nbatch_size = 10\n\
             batch_bytes = \"64KiB\"\nflush_interval = \"250ms\"\ntimeout = \"5s\"\n\
             spool = true\nspool_dir = \"/var/spool/li\"\nspool_max = \"64MiB\"\n\
             stderr_level = \"error\"\nlifecycle = false\nstats = true\nprogress = false\n",
        )
        .unwrap();
        assert_eq!(file.settings.spool, Some(true));
        assert_eq!(
            file.settings.spool_dir.as_deref(),
            Some(Path::new("/var/spool/li"))
        );
        assert!(matches!(file.settings.spool_max, Some(SizeValue::Text(ref t)) if t == "64MiB"));
        assert_eq!(file.settings.batch_size, Some(10));
        assert_eq!(file.settings.console, Some(false));
        assert_eq!(file.settings.stderr_level.as_deref(), Some("error"));
        assert_eq!(file.settings.lifecycle, Some(false));
        assert_eq!(file.settings.stats, Some(true));
        assert_eq!(file.settings.progress, Some(false));
        assert_eq!(file.settings.meta.as_ref().unwrap()["n"], 1);
        assert_eq!(
            file.origin("source"),
            Origin::File {
                path: "/etc/li.toml".into(),
                line: Some(4)
            }
        );
    }

    #[test]
    fn the_keys_are_the_fields_of_file_settings_and_each_is_accepted() {
        let keys = keys();
        assert!(keys.len() >= 34, "{keys:?}");
        for expected in ["api_key", "format", "timezone", "multiline", "tag", "tags"] {
            assert!(keys.contains(&expected), "{expected} missing from {keys:?}");
        }
        for key in keys {
            // A known key with a value of the wrong type is a type error, not
            // an unknown field.
            let message = parse(&format!("{key} = {{ x = 1 }}\n"))
                .map(|_| String::new())
                .unwrap_or_else(|error| error.message);
            assert!(!message.contains("unknown field"), "{key}: {message}");
        }
        let message = parse("not_a_key = 1\n").unwrap_err().message;
        assert!(message.contains("unknown field"), "{message}");
    }

    #[test]
    fn the_readme_configuration_table_names_every_key() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("| setting | flag | environment | config file key | default |")
            .expect("the README's configuration table");
        let mut named: Vec<String> = readme[start..]
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .flat_map(|row| {
                // `\|` is a `|` inside a cell.
                let row = row.replace("\\|", "/");
                let cell = row.split('|').nth(4).unwrap_or_default().to_owned();
                let keys: Vec<String> = cell
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(|code| code.split([' ', '=']).next().unwrap_or_default().to_owned())
                    .collect();
                keys
            })
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut keys: Vec<String> = keys().iter().map(|key| key.to_string()).collect();
        keys.sort_unstable();
        assert_eq!(named, keys);
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let error = parse("source = \"a\"\nbatch_size = = 3\n").unwrap_err();
        assert!(
            error.message.contains("/etc/li.toml:2:"),
            "{}",
            error.message
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_not_silence() {
        let error = parse("sorce = \"a\"\n").unwrap_err();
        assert!(
            error.message.contains("/etc/li.toml:1:1"),
            "{}",
            error.message
        );
        assert!(error.message.contains("sorce"), "{}", error.message);
    }

    #[test]
    fn a_wrongly_typed_value_is_an_error() {
        let error = parse("\n\nbatch_size = \"many\"\n").unwrap_err();
        assert!(error.message.contains(":3:"), "{}", error.message);
    }
}
