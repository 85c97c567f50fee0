//! How a run reads its lines, resolved once from the flags and the config
//! file: the format, which guesses are on, and how multi-line entries join.

use clap::ValueEnum;

use super::timestamp::Zone;
use crate::cli::LineArgs;
use crate::config::file::ConfigFile;
use crate::config::parse_duration;
use crate::level::Level;
use crate::output::failure::Failure;
use crate::understand::multiline::{MultilineMode, MultilineSettings};

/// How each line is read (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LineFormat {
    /// JSON objects and logfmt where a line is one, plain text otherwise.
    #[default]
    Auto,
    /// Plain text only.
    Text,
    /// JSON objects; other lines as text.
    Json,
    /// logfmt; other lines as text.
    Logfmt,
}

/// The line settings of a run.
#[derive(Debug, Clone)]
pub struct LineSettings {
    pub format: LineFormat,
    /// False with `--no-detect`: lines go verbatim at the default level.
    pub detect: bool,
    /// `--force-level`: the level of every entry, whatever its line says.
    pub force_level: Option<Level>,
    pub timestamp_from_line: bool,
    pub timezone: Zone,
    pub multiline: MultilineSettings,
}

impl Default for LineSettings {
    fn default() -> Self {
        LineSettings {
            format: LineFormat::Auto,
            detect: true,
            force_level: None,
            timestamp_from_line: true,
            timezone: Zone::Local,
            multiline: MultilineSettings::default(),
        }
    }
}

impl LineSettings {
    /// Every line verbatim as one entry at the default level: no guessing.
    /// (For the tests of the batcher and of line understanding.)
    #[cfg(test)]
    pub fn verbatim() -> Self {
        LineSettings {
            detect: false,
            multiline: MultilineSettings {
                mode: MultilineMode::Off,
                ..MultilineSettings::default()
            },
            ..LineSettings::default()
        }
    }

    /// Resolves the settings: a flag wins over the config file, which wins
    /// over the default.
    pub fn resolve(args: Option<&LineArgs>, file: &ConfigFile) -> Result<LineSettings, Failure> {
        let keys = &file.settings;
        let mut settings = LineSettings::default();

        if let Some(format) = args.and_then(|a| a.format) {
            settings.format = format;
        } else if let Some(name) = &keys.format {
            settings.format = LineFormat::from_str(name, true)
                .map_err(|_| file.invalid("format", "use auto, text, json or logfmt"))?;
        }
        settings.detect = !(args.is_some_and(|a| a.no_detect) || keys.no_detect.unwrap_or(false));
        settings.force_level = match args.and_then(|a| a.force_level) {
            Some(level) => Some(level),
            None => keys
                .force_level
                .as_deref()
                .map(|name| {
                    name.parse()
                        .map_err(|why: String| file.invalid_value("force_level", name, &why))
                })
                .transpose()?,
        };
        settings.timestamp_from_line = args
            .and_then(|a| a.timestamp_from_line)
            .or(keys.timestamp_from_line)
            .unwrap_or(true);
        if let Some(text) = args.and_then(|a| a.timezone.as_deref()) {
            settings.timezone = Zone::parse(text)
                .map_err(|why| Failure::usage(format!("invalid --timezone: {why}")))?;
        } else if let Some(text) = &keys.timezone {
            settings.timezone = Zone::parse(text).map_err(|why| file.invalid("timezone", &why))?;
        }

        let multiline = &mut settings.multiline;
        if let Some(text) = args.and_then(|a| a.multiline.as_deref()) {
            multiline.mode = MultilineMode::parse(text)
                .map_err(|why| Failure::usage(format!("invalid --multiline: {why}")))?;
        } else if let Some(text) = &keys.multiline {
            multiline.mode =
                MultilineMode::parse(text).map_err(|why| file.invalid("multiline", &why))?;
        }
        if !settings.detect && matches!(multiline.mode, MultilineMode::Auto) {
            multiline.mode = MultilineMode::Off;
        }
        match args.and_then(|a| a.multiline_max_lines) {
            Some(0) => {
                return Err(Failure::usage(
                    "invalid --multiline-max-lines: must be at least 1",
                ))
            }
            Some(lines) => multiline.max_lines = lines,
            None => match keys.multiline_max_lines {
                Some(0) => return Err(file.invalid("multiline_max_lines", "must be at least 1")),
                Some(lines) => multiline.max_lines = lines,
                None => {}
            },
        }
        if let Some(text) = args.and_then(|a| a.multiline_timeout.as_deref()) {
            multiline.timeout = parse_duration(text).map_err(|why| {
                Failure::usage(format!("invalid --multiline-timeout '{text}': {why}"))
            })?;
        } else if let Some(text) = &keys.multiline_timeout {
            multiline.timeout =
                parse_duration(text).map_err(|why| file.invalid("multiline_timeout", &why))?;
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::file::ConfigFile;
    use crate::understand::multiline::{DEFAULT_MAX_LINES, DEFAULT_TIMEOUT};

    #[test]
    fn defaults_guess_everything_in_the_local_zone() {
        let settings = LineSettings::resolve(None, &ConfigFile::default()).unwrap();
        assert_eq!(settings.format, LineFormat::Auto);
        assert!(settings.detect && settings.timestamp_from_line);
        assert_eq!(settings.force_level, None);
        assert_eq!(settings.timezone, Zone::Local);
        assert!(matches!(settings.multiline.mode, MultilineMode::Auto));
        assert_eq!(settings.multiline.max_lines, DEFAULT_MAX_LINES);
        assert_eq!(settings.multiline.timeout, DEFAULT_TIMEOUT);
    }

    #[test]
    fn no_detect_turns_auto_joining_off_but_keeps_a_pattern() {
        let file = ConfigFile::default();
        let resolved = |multiline: Option<&str>| {
            let args = LineArgs {
                format: None,
                no_detect: true,
                force_level: None,
                timestamp_from_line: None,
                timezone: None,
                multiline: multiline.map(str::to_owned),
                multiline_max_lines: None,
                multiline_timeout: None,
            };
            LineSettings::resolve(Some(&args), &file).unwrap()
        };
        assert!(matches!(resolved(None).multiline.mode, MultilineMode::Off));
        assert!(matches!(
            resolved(Some("auto")).multiline.mode,
            MultilineMode::Off
        ));
        assert!(matches!(
            resolved(Some("^x")).multiline.mode,
            MultilineMode::FirstLine(_)
        ));
        assert!(!resolved(None).detect);
    }
}
