//! The four levels the ingest API accepts, and the names people type for them.

use std::fmt;
use std::str::FromStr;

/// A log level as the API knows it: exactly one of `DEBUG`, `INFO`, `WARN`, `ERROR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    Debug,
    #[default]
    Info,
    Warn,
    Error,
}

impl Level {
    /// The spelling the API requires.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }

    /// Maps a level name in any case, including common aliases
    /// (`warning`, `err`, `fatal`, `critical`, `trace`, `notice`), to an API level.
    pub fn from_name(name: &str) -> Option<Level> {
        let level = match name.trim().to_ascii_lowercase().as_str() {
            "trace" | "debug" => Level::Debug,
            "info" | "notice" => Level::Info,
            "warn" | "warning" => Level::Warn,
            "error" | "err" | "fatal" | "critical" => Level::Error,
            _ => return None,
        };
        Some(level)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Level::from_name(name).ok_or_else(|| {
            "use debug, info, warn or error, in any case \
             (or trace, notice, warning, err, fatal, critical)"
                .to_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_four_levels_in_any_case() {
        assert_eq!(Level::from_name("debug"), Some(Level::Debug));
        assert_eq!(Level::from_name("INFO"), Some(Level::Info));
        assert_eq!(Level::from_name("Warn"), Some(Level::Warn));
        assert_eq!(Level::from_name("eRRor"), Some(Level::Error));
    }

    #[test]
    fn maps_aliases_to_api_levels() {
        assert_eq!(Level::from_name("trace"), Some(Level::Debug));
        assert_eq!(Level::from_name("notice"), Some(Level::Info));
        assert_eq!(Level::from_name("WARNING"), Some(Level::Warn));
        assert_eq!(Level::from_name("err"), Some(Level::Error));
        assert_eq!(Level::from_name("fatal"), Some(Level::Error));
        assert_eq!(Level::from_name("Critical"), Some(Level::Error));
    }

    #[test]
    fn rejects_unknown_names() {
        assert_eq!(Level::from_name("loud"), None);
        assert!("".parse::<Level>().is_err());
    }
}
