//! How a run reads its lines: the format, which guesses are on, and how
//! multi-line entries join (resolved from the flags and the config file by
//! `config::lines`).

use super::multiline::MultilineSettings;
use super::timestamp::Zone;
use crate::level::Level;

/// How each line is read (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// Web server access logs (common/combined and their extensions, JSON
    /// access records); other lines as text.
    Access,
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
                mode: super::multiline::MultilineMode::Off,
                ..MultilineSettings::default()
            },
            ..LineSettings::default()
        }
    }
}
