//! Reading one value: a flag, else the environment, else the config file,
//! with where it came from; and the spellings of durations and sizes.

use std::time::Duration;

use crate::config::file::{ConfigFile, SizeValue};
use crate::config::{Environment, Origin, Setting};
use crate::level::Level;
use crate::output::failure::Failure;

/// What a duration may look like, for messages.
const DURATION_FORMS: &str = "use a duration such as 500ms, 10s or 2m";
/// What a size may look like, for messages.
const SIZE_FORMS: &str = "use a size such as 512KiB, 1MiB or 65536 (bytes)";

/// Looks each setting up in flag, environment and file, in that order.
pub struct Resolver<'a> {
    pub env: &'a Environment,
    pub file: &'a ConfigFile,
}

impl Resolver<'_> {
    /// A text setting: the flag's value, else the first of `env_names` set,
    /// else the file's value (under `file_key`).
    pub fn string(
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

    /// Where a setting read from a flag or the file came from: `flag` when
    /// it was given, else the file's line of `file_key` when the file sets
    /// it, else the default.
    pub fn origin(&self, flag: Option<&'static str>, file_key: &str, in_file: bool) -> Origin {
        match flag {
            Some(flag) => Origin::Flag(flag),
            None if in_file => self.file.origin(file_key),
            None => Origin::Default,
        }
    }

    /// A level: the flag's, else the file's (by any of its names), else `default`.
    pub fn level(
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

    /// A duration given to `flag` or in the file; `None` when neither sets it.
    pub fn duration(
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

    /// A size given to `flag` or in the file (as bytes or as text); `None`
    /// when neither sets it.
    pub fn size(
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
    use crate::cli::parse_count;

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
        assert_eq!(parse_count(" 12 "), Ok(12));
        assert_eq!(
            parse_count("many").unwrap_err(),
            "use a whole number such as 100"
        );
    }
}
