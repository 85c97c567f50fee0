//! How lines are understood ([`LineSettings`], understand's own settings),
//! resolved from `--format`, `--no-detect` and the other line flags, then
//! the config file: a flag wins over the file, which wins over the default.

use clap::ValueEnum;

use crate::cli::{FormatArg, LineArgs};
use crate::config::file::ConfigFile;
use crate::config::values::parse_duration;
use crate::output::failure::Failure;
use crate::understand::multiline::{MultilineMode, MultilineSettings};
use crate::understand::timestamp::Zone;
use crate::understand::{LineFormat, LineSettings};

impl From<FormatArg> for LineFormat {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Auto => LineFormat::Auto,
            FormatArg::Text => LineFormat::Text,
            FormatArg::Json => LineFormat::Json,
            FormatArg::Logfmt => LineFormat::Logfmt,
            FormatArg::Access => LineFormat::Access,
        }
    }
}

/// The line settings of a run: `args` are the line flags of `pipe` or
/// `run`, `None` for the other subcommands.
pub fn resolve(args: Option<&LineArgs>, file: &ConfigFile) -> Result<LineSettings, Failure> {
    let keys = &file.settings;
    let mut settings = LineSettings::default();

    if let Some(format) = args.and_then(|a| a.format) {
        settings.format = format.into();
    } else if let Some(name) = &keys.format {
        settings.format = FormatArg::from_str(name, true)
            .map_err(|_| file.invalid("format", "use auto, text, json, logfmt or access"))?
            .into();
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
    settings.multiline = multiline(args, file, settings.detect)?;
    Ok(settings)
}

/// How multi-line entries join: `--multiline` (`auto` only while guessing
/// is on), `--multiline-max-lines` and `--multiline-timeout`.
fn multiline(
    args: Option<&LineArgs>,
    file: &ConfigFile,
    detect: bool,
) -> Result<MultilineSettings, Failure> {
    let keys = &file.settings;
    let mut multiline = MultilineSettings::default();
    if let Some(text) = args.and_then(|a| a.multiline.as_deref()) {
        multiline.mode = MultilineMode::parse(text)
            .map_err(|why| Failure::usage(format!("invalid --multiline: {why}")))?;
    } else if let Some(text) = &keys.multiline {
        multiline.mode =
            MultilineMode::parse(text).map_err(|why| file.invalid("multiline", &why))?;
    }
    if !detect && matches!(multiline.mode, MultilineMode::Auto) {
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
    Ok(multiline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::multiline::{DEFAULT_MAX_LINES, DEFAULT_TIMEOUT};

    #[test]
    fn defaults_guess_everything_in_the_local_zone() {
        let settings = resolve(None, &ConfigFile::default()).unwrap();
        assert_eq!(settings.format, LineFormat::Auto);
        assert!(settings.detect && settings.timestamp_from_line);
        assert_eq!(settings.force_level, None);
        assert_eq!(settings.timezone, Zone::Local);
        assert!(matches!(settings.multiline.mode, MultilineMode::Auto));
        assert_eq!(settings.multiline.max_lines, DEFAULT_MAX_LINES);
        assert_eq!(settings.multiline.timeout, DEFAULT_TIMEOUT);
    }

    #[test]
    fn the_access_format_comes_from_the_flag_or_the_config_file() {
        let mut file = ConfigFile::default();
        file.settings.format = Some("access".to_owned());
        assert_eq!(resolve(None, &file).unwrap().format, LineFormat::Access);
        let args = LineArgs {
            format: Some(FormatArg::Access),
            no_detect: false,
            force_level: None,
            timestamp_from_line: None,
            timezone: None,
            multiline: None,
            multiline_max_lines: None,
            multiline_timeout: None,
        };
        let flag = resolve(Some(&args), &ConfigFile::default()).unwrap();
        assert_eq!(flag.format, LineFormat::Access);
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
            resolve(Some(&args), &file).unwrap()
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
