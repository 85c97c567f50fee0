//! Command-line errors found by clap, told the way every logingestor error is
//! told: one `logingestor: error: …` line, at most one `hint:` line (clap's
//! "did you mean" when it has one), and the usage line of the subcommand.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::output::failure::Failure;

/// A usage error ready to print: the failure (exit 64), and clap's usage line.
#[derive(Debug)]
pub struct UsageError {
    pub failure: Failure,
    /// `Usage: logingestor send [OPTIONS] [MESSAGE]...`, when clap knows it.
    pub usage: Option<String>,
}

impl UsageError {
    /// Describes `error`, which clap raised for the command line `args`
    /// (program name first).
    pub fn from_clap(error: &clap::Error, command: &clap::Command, args: &[OsString]) -> Self {
        let path = subcommand_path(command, args, string(error, ContextKind::InvalidArg));
        let failure = Failure::usage(message(error, command, &path));
        let hint = suggestion(error).or_else(|| fallback_hint(error.kind(), &path));
        let failure = match hint {
            Some(hint) => failure.with_hint(hint),
            None => failure,
        };
        let usage = match error.get(ContextKind::Usage) {
            Some(ContextValue::StyledStr(usage)) => Some(usage.to_string()),
            _ => None,
        };
        UsageError { failure, usage }
    }
}

/// The names of the subcommands given on the command line before the
/// argument clap stopped at, outermost first (`["spool", "status"]`).
fn subcommand_path(
    command: &clap::Command,
    args: &[OsString],
    stopped_at: Option<&str>,
) -> Vec<String> {
    let mut path = Vec::new();
    let mut current = command;
    for arg in args.iter().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" || Some(arg) == stopped_at {
            break;
        }
        if let Some(sub) = current.find_subcommand(arg) {
            path.push(sub.get_name().to_owned());
            current = sub;
        }
    }
    path
}

/// The subcommand named by `path`, or the command itself.
fn subcommand<'a>(command: &'a clap::Command, path: &[String]) -> &'a clap::Command {
    path.iter().fold(command, |current, name| {
        current.find_subcommand(name).unwrap_or(current)
    })
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value),
        _ => None,
    }
}

fn strings(error: &clap::Error, kind: ContextKind) -> Vec<&str> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => vec![value.as_str()],
        Some(ContextValue::Strings(values)) => values.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// How an argument is named in a message: `--level` for `--level <LEVEL>`,
/// `COMMAND` for `<COMMAND>...`.
fn arg_name(rendered: &str) -> String {
    if rendered.starts_with('-') {
        rendered
            .split([' ', '='])
            .next()
            .unwrap_or(rendered)
            .to_owned()
    } else {
        rendered
            .trim_end_matches("...")
            .trim_matches(['<', '>', '[', ']'])
            .to_owned()
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [first @ .., last] => format!("{} or {last}", first.join(", ")),
    }
}

/// The error line, from clap's kind and context.
fn message(error: &clap::Error, command: &clap::Command, path: &[String]) -> String {
    let arg = string(error, ContextKind::InvalidArg).map(arg_name);
    let value = string(error, ContextKind::InvalidValue);
    let valid = strings(error, ContextKind::ValidValue);
    let accepted = |valid: &[&str]| match valid {
        [] => String::new(),
        valid => format!(": use {}", one_of(valid)),
    };
    match (error.kind(), arg.as_deref(), value) {
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, Some(arg), Some("")) => {
            format!("{arg} needs a value{}", accepted(&valid))
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
            format!("invalid {arg} '{value}'{}", accepted(&valid))
        }
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            match std::error::Error::source(error) {
                Some(why) => format!("invalid {arg} '{value}': {why}"),
                None => format!("invalid {arg} '{value}'"),
            }
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => format!("unexpected argument '{arg}'"),
        (ErrorKind::ArgumentConflict, Some(arg), _) => {
            let others: Vec<String> = strings(error, ContextKind::PriorArg)
                .into_iter()
                .map(|other| format!("'{}'", arg_name(other)))
                .collect();
            if others.is_empty() || others == [format!("'{arg}'")] {
                format!("'{arg}' may be given only once")
            } else {
                format!("'{arg}' cannot be used with {}", others.join(" or "))
            }
        }
        (ErrorKind::MissingRequiredArgument, _, _) => {
            let missing: Vec<String> = strings(error, ContextKind::InvalidArg)
                .into_iter()
                .map(arg_name)
                .collect();
            format!("missing {}", missing.join(" and "))
        }
        (ErrorKind::InvalidSubcommand, _, _) => {
            let given = string(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let known: Vec<&str> = subcommand(command, path)
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
                .map(clap::Command::get_name)
                .collect();
            format!("unknown subcommand '{given}'{}", accepted(&known))
        }
        _ => clap_message(error),
    }
}

/// clap's own first line, without its `error: `: for the rare kinds not
/// worded above (a value without `=`, a wrong number of values).
fn clap_message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// clap's "did you mean" or tip, worded as a hint.
fn suggestion(error: &clap::Error) -> Option<String> {
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let suggested = strings(error, kind);
        if !suggested.is_empty() {
            let quoted: Vec<String> = suggested.iter().map(|s| format!("'{s}'")).collect();
            let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
            return Some(format!("did you mean {}?", one_of(&quoted)));
        }
    }
    match error.get(ContextKind::Suggested) {
        Some(ContextValue::StyledStrs(tips)) => tips.first().map(ToString::to_string),
        _ => None,
    }
}

/// A hint where clap has no suggestion: an example of what was missing, or
/// where the flags are listed.
fn fallback_hint(kind: ErrorKind, path: &[String]) -> Option<String> {
    let example = match path {
        [sub] if sub == "run" => "logingestor run -- /usr/local/bin/backup.sh --full",
        [sub] if sub == "completions" => "logingestor completions bash",
        _ => "",
    };
    match kind {
        ErrorKind::MissingRequiredArgument if !example.is_empty() => {
            Some(format!("for example: {example}"))
        }
        ErrorKind::UnknownArgument | ErrorKind::MissingRequiredArgument => {
            let mut bin = vec!["logingestor"];
            bin.extend(path.iter().map(String::as_str));
            Some(format!("'{} --help' lists what it takes", bin.join(" ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(line: &str) -> UsageError {
        let args: Vec<OsString> = std::iter::once("logingestor")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect();
        let command = crate::cli::command();
        let error = command.clone().try_get_matches_from(&args).unwrap_err();
        UsageError::from_clap(&error, &command, &args)
    }

    fn said(line: &str) -> (String, Option<String>) {
        let usage = described(line);
        (usage.failure.message, usage.failure.hint)
    }

    #[test]
    fn a_misspelt_flag_gets_clap_s_suggestion_as_the_hint() {
        let (message, hint) = said("send --levle warn x");
        assert_eq!(message, "unexpected argument '--levle'");
        assert_eq!(hint.as_deref(), Some("did you mean '--level'?"));
        let (message, hint) = said("snd x");
        assert_eq!(
            message,
            "unknown subcommand 'snd': use send, pipe, follow, spool, run, check or completions"
        );
        assert_eq!(hint.as_deref(), Some("did you mean 'send'?"));
        let (message, hint) = said("completions tcsh");
        assert_eq!(
            message,
            "invalid SHELL 'tcsh': use bash, elvish, fish, powershell or zsh"
        );
        assert_eq!(hint.as_deref(), Some("did you mean 'zsh'?"));
    }

    #[test]
    fn values_say_what_is_accepted() {
        assert_eq!(
            said("pipe --format yaml").0,
            "invalid --format 'yaml': use auto, text, json, logfmt or access"
        );
        assert_eq!(
            said("pipe --timestamp-from-line maybe").0,
            "invalid --timestamp-from-line 'maybe': use true or false"
        );
        assert!(said("send --level").0.starts_with("--level needs a value"));
    }

    #[test]
    fn a_missing_command_gets_an_example_and_an_unknown_flag_points_at_help() {
        let usage = described("run");
        assert_eq!(usage.failure.message, "missing COMMAND");
        assert_eq!(
            usage.failure.hint.as_deref(),
            Some("for example: logingestor run -- /usr/local/bin/backup.sh --full")
        );
        assert_eq!(
            usage.usage.as_deref(),
            Some("Usage: logingestor run <COMMAND>...")
        );
        let (_, hint) = said("--timeout -3 send x");
        assert_eq!(
            hint.as_deref(),
            Some("'logingestor --help' lists what it takes")
        );
        let (message, hint) = said("check extra");
        assert_eq!(message, "unexpected argument 'extra'");
        assert_eq!(
            hint.as_deref(),
            Some("'logingestor check --help' lists what it takes")
        );
    }

    #[test]
    fn a_flag_of_a_subcommand_given_before_it_gets_clap_s_tip() {
        let (message, hint) = said("--flush-interval 5s pipe");
        assert_eq!(message, "unexpected argument '--flush-interval'");
        assert_eq!(hint.as_deref(), Some("'pipe --flush-interval' exists"));
    }
}
