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

/// How a level word must be written for the text detector to trust it at the
/// head of a plain-text line (`detect::text_level`). As the value of a level
/// field, of `--level` or of a config key, every word counts in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Any case in brackets or before a colon; upper or title case bare.
    Common,
    /// Any case in brackets or before a colon; upper case bare.
    UpperBare,
    /// Upper case only (abbreviations such as `INF`, `WRN`).
    UpperOnly,
    /// Never in text; only as the value of a level field (zap's `dpanic`).
    FieldOnly,
}

/// A word that names one of the API's levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelName {
    /// The word, in lower case.
    pub word: &'static str,
    pub level: Level,
    pub spelling: Spelling,
}

const fn name(word: &'static str, level: Level, spelling: Spelling) -> LevelName {
    LevelName {
        word,
        level,
        spelling,
    }
}

/// Every level word logingestor knows, the one list: `--level`, the config
/// file, the level fields of JSON and logfmt lines and the text detector all
/// read it. Upper-case-only words are abbreviations that loggers print.
pub const LEVEL_NAMES: &[LevelName] = {
    use Level::{Debug, Error, Info, Warn};
    use Spelling::{Common, UpperBare, UpperOnly};
    &[
        name("trace", Debug, Common),
        name("debug", Debug, Common),
        name("dbg", Debug, UpperBare),
        name("verbose", Debug, UpperBare),
        // .NET's console logger: `dbug:`, `trce:`, `fail:`.
        name("dbug", Debug, UpperBare),
        name("trce", Debug, UpperBare),
        name("info", Info, Common),
        name("notice", Info, UpperBare),
        name("information", Info, UpperBare),
        name("warn", Warn, Common),
        name("warning", Warn, Common),
        name("error", Error, Common),
        name("err", Error, UpperBare),
        name("fatal", Error, Common),
        name("critical", Error, Common),
        name("crit", Error, UpperBare),
        name("panic", Error, UpperBare),
        name("severe", Error, UpperBare),
        name("alert", Error, UpperBare),
        name("emerg", Error, UpperBare),
        name("emergency", Error, UpperBare),
        name("fail", Error, UpperBare),
        // zap's console encoder writes `DPANIC`.
        name("dpanic", Error, UpperBare),
        // Serilog, zerolog and logrus abbreviations.
        name("trc", Debug, UpperOnly),
        name("vrb", Debug, UpperOnly),
        name("debu", Debug, UpperOnly),
        name("trac", Debug, UpperOnly),
        name("inf", Info, UpperOnly),
        name("wrn", Warn, UpperOnly),
        name("eror", Error, UpperOnly),
        name("erro", Error, UpperOnly),
        name("ftl", Error, UpperOnly),
        name("fata", Error, UpperOnly),
        name("pani", Error, UpperOnly),
        name("failure", Error, UpperOnly),
    ]
};

impl Level {
    /// The four levels, lowest first.
    pub const ALL: [Level; 4] = [Level::Debug, Level::Info, Level::Warn, Level::Error];

    /// The spelling the API requires.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }

    /// Maps any word of [`LEVEL_NAMES`], in any case, to its API level.
    pub fn from_name(name: &str) -> Option<Level> {
        let name = name.trim();
        LEVEL_NAMES
            .iter()
            .find(|known| known.word.eq_ignore_ascii_case(name))
            .map(|known| known.level)
    }

    /// The names of this level other than its own and the abbreviations
    /// (`warning` for WARN), in the order of [`LEVEL_NAMES`].
    pub fn other_names(self) -> impl Iterator<Item = &'static str> {
        LEVEL_NAMES
            .iter()
            .filter(move |known| {
                known.level == self
                    && known.spelling != Spelling::UpperOnly
                    && !known.word.eq_ignore_ascii_case(self.as_str())
            })
            .map(|known| known.word)
    }

    /// The abbreviations of this level (`WRN` for WARN), in upper case.
    pub fn abbreviations(self) -> impl Iterator<Item = String> {
        LEVEL_NAMES
            .iter()
            .filter(move |known| known.level == self && known.spelling == Spelling::UpperOnly)
            .map(|known| known.word.to_ascii_uppercase())
    }

    /// What a level may be written as, for `--level --help`: the four, then
    /// every other name of each.
    pub fn names_help() -> String {
        let others: Vec<String> = Level::ALL
            .iter()
            .map(|level| {
                let names: Vec<&str> = level.other_names().collect();
                format!("{} for {}", names.join(", "), level.as_str())
            })
            .collect();
        let abbreviations: Vec<String> = Level::ALL
            .iter()
            .flat_map(|level| level.abbreviations())
            .collect();
        format!(
            "debug, info, warn or error, in any case; also {}; and the abbreviations {}",
            others.join("; "),
            abbreviations.join(", ")
        )
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
            "use debug, info, warn or error, in any case, or another name for one \
             such as warning, err or crit"
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

    #[test]
    fn every_name_the_detector_maps_is_a_level_name_too() {
        for (name, level) in [
            ("crit", Level::Error),
            ("EMERG", Level::Error),
            ("alert", Level::Error),
            ("severe", Level::Error),
            ("panic", Level::Error),
            ("dbg", Level::Debug),
            ("verbose", Level::Debug),
            ("Information", Level::Info),
            ("WRN", Level::Warn),
        ] {
            assert_eq!(Level::from_name(name), Some(level), "{name}");
        }
    }

    #[test]
    fn the_list_has_each_word_once_in_lower_case_letters() {
        for (index, known) in LEVEL_NAMES.iter().enumerate() {
            assert!(
                known.word.bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                known.word
            );
            assert!(
                LEVEL_NAMES[..index]
                    .iter()
                    .all(|other| other.word != known.word),
                "{} twice",
                known.word
            );
        }
        for level in Level::ALL {
            let own = LEVEL_NAMES
                .iter()
                .find(|known| known.word.eq_ignore_ascii_case(level.as_str()));
            assert_eq!(own.map(|known| known.level), Some(level));
        }
    }

    /// The cells of the README's level table, by API level: the names and
    /// the abbreviations.
    fn readme_level_table() -> Vec<(Level, Vec<String>, Vec<String>)> {
        let readme = include_str!("../README.md");
        let start = readme
            .find("| API level | level names")
            .expect("the level table");
        let words = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        };
        readme[start..]
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|row| {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                let level = Level::from_name(cells[1]).expect("an API level");
                (level, words(cells[2]), words(cells[3]))
            })
            .collect()
    }

    #[test]
    fn the_readme_lists_every_level_name() {
        let table = readme_level_table();
        assert_eq!(table.len(), 4);
        for (level, names, abbreviations) in table {
            let mut expected: Vec<String> = vec![level.as_str().to_ascii_lowercase()];
            expected.extend(level.other_names().map(str::to_owned));
            let mut names = names;
            names.sort();
            expected.sort();
            assert_eq!(names, expected, "README names of {level}");
            let expected: Vec<String> = level.abbreviations().collect();
            assert_eq!(abbreviations, expected, "README abbreviations of {level}");
        }
    }

    #[test]
    fn the_help_names_every_level_word() {
        let help = Level::names_help();
        for known in LEVEL_NAMES {
            let shown = match known.spelling {
                Spelling::UpperOnly => known.word.to_ascii_uppercase(),
                _ => known.word.to_owned(),
            };
            assert!(
                help.split([' ', ',', ';']).any(|word| word == shown),
                "{shown} missing from: {help}"
            );
        }
    }
}
