//! What is masked and which entries are shipped ([`FilterSettings`], the
//! filter stage's own settings), from `--redact`, `--redact-pattern`,
//! `--min-level`, `--include`, `--exclude` and `--max-rate`, then the config
//! file. A flag wins over the file; the patterns of both apply.

use crate::cli::{FilterArgs, RedactArg};
use crate::config::file::{ConfigFile, Switch};
use crate::filter::rate::MaxRate;
use crate::filter::redact::{BuiltinRules, RedactPattern, RedactSettings};
use crate::filter::{pattern_set, FilterSettings};
use crate::output::failure::Failure;

/// The filter settings of a run: `args` are the flags of `pipe` or `run`,
/// `None` for the other subcommands (whose settings come from the file).
pub fn resolve(args: Option<&FilterArgs>, file: &ConfigFile) -> Result<FilterSettings, Failure> {
    let keys = &file.settings;
    let builtin = match args.and_then(|a| a.redact) {
        Some(RedactArg::On) => BuiltinRules::On,
        Some(RedactArg::Off) => BuiltinRules::Off,
        None => match &keys.redact {
            None => BuiltinRules::On,
            Some(Switch::Bool(true)) => BuiltinRules::On,
            Some(Switch::Bool(false)) => BuiltinRules::Off,
            Some(Switch::Text(text)) => match text.to_ascii_lowercase().as_str() {
                "on" => BuiltinRules::On,
                "off" => BuiltinRules::Off,
                _ => return Err(file.invalid_value("redact", text, "use on or off")),
            },
        },
    };
    let mut patterns = Vec::new();
    for text in keys.redact_pattern.iter().flatten() {
        let pattern =
            RedactPattern::parse(text).map_err(|why| file.invalid("redact_pattern", &why))?;
        patterns.push(pattern);
    }
    for text in args.map_or(&[][..], |a| &a.redact_patterns) {
        let pattern = RedactPattern::parse(text)
            .map_err(|why| Failure::usage(format!("invalid --redact-pattern: {why}")))?;
        patterns.push(pattern);
    }
    let min_level = match args.and_then(|a| a.min_level) {
        Some(level) => Some(level),
        None => keys
            .min_level
            .as_deref()
            .map(|name| {
                name.parse()
                    .map_err(|why: String| file.invalid_value("min_level", name, &why))
            })
            .transpose()?,
    };
    let include = patterns_of(
        keys.include.as_deref(),
        args.map(|a| &a.includes[..]),
        "include",
        file,
    )?;
    let exclude = patterns_of(
        keys.exclude.as_deref(),
        args.map(|a| &a.excludes[..]),
        "exclude",
        file,
    )?;
    let max_rate = match args.and_then(|a| a.max_rate.as_deref()) {
        Some(text) => Some(
            MaxRate::parse(text)
                .map_err(|why| Failure::usage(format!("invalid --max-rate: {why}")))?,
        ),
        None => keys
            .max_rate
            .as_deref()
            .map(|text| MaxRate::parse(text).map_err(|why| file.invalid("max_rate", &why)))
            .transpose()?,
    };
    Ok(FilterSettings {
        redact: RedactSettings { builtin, patterns },
        min_level,
        include,
        exclude,
        max_rate,
    })
}

/// The patterns of the file's `key` and then of the flag `--key`, each
/// checked: a bad one is an error naming it.
fn patterns_of(
    from_file: Option<&[String]>,
    from_flags: Option<&[String]>,
    key: &str,
    file: &ConfigFile,
) -> Result<Vec<String>, Failure> {
    let from_file = from_file.unwrap_or_default();
    for pattern in from_file {
        pattern_set(std::slice::from_ref(pattern)).map_err(|why| file.invalid(key, &why))?;
    }
    let from_flags = from_flags.unwrap_or_default();
    for pattern in from_flags {
        pattern_set(std::slice::from_ref(pattern))
            .map_err(|why| Failure::usage(format!("invalid --{key}: {why}")))?;
    }
    Ok(from_file.iter().chain(from_flags).cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(text: &str) -> ConfigFile {
        ConfigFile::parse(Path::new("/etc/li.toml"), text.to_owned()).unwrap()
    }

    #[test]
    fn redaction_is_on_unless_the_file_turns_it_off() {
        let none = resolve(None, &file("")).unwrap();
        assert_eq!(none.redact.builtin, BuiltinRules::On);
        for off in ["redact = false", "redact = \"off\"", "redact = \"OFF\""] {
            assert_eq!(
                resolve(None, &file(off)).unwrap().redact.builtin,
                BuiltinRules::Off,
                "{off}"
            );
        }
        let error = resolve(None, &file("redact = \"maybe\"")).unwrap_err();
        assert!(
            error.message.contains("invalid redact 'maybe'"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_bad_pattern_in_the_file_names_the_file_line_and_pattern() {
        let error = resolve(None, &file("\nredact_pattern = [\"ok\", \"a(b\"]")).unwrap_err();
        assert!(
            error.message.starts_with("config file /etc/li.toml:2: invalid redact_pattern: invalid regular expression 'a(b': "),
            "{}",
            error.message
        );
        assert!(!error.message.contains('\n'));
        let error = resolve(None, &file("exclude = [\"(\"]")).unwrap_err();
        assert!(
            error.message.contains("invalid exclude"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_file_gives_filters_too() {
        let settings = resolve(
            None,
            &file("min_level = \"warning\"\ninclude = [\"^GET\"]\nmax_rate = \"100/s\"\nredact_pattern = [\"x(\\\\d+)\"]"),
        )
        .unwrap();
        assert_eq!(settings.min_level, Some(crate::level::Level::Warn));
        assert_eq!(settings.include, ["^GET"]);
        assert_eq!(settings.max_rate.unwrap().count, 100);
        assert_eq!(settings.redact.patterns.len(), 1);
    }
}
