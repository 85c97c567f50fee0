//! A failure that knows its exit code and how to explain itself to the user.

use std::fmt;

use crate::output::color::Palette;
use crate::output::exit_code::ExitCode;

/// An error meant for the user: one line saying what failed, an optional hint
/// saying what to do, and the exit code it maps to.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The exit status this failure ends the process with.
    pub exit_code: ExitCode,
    /// What went wrong, in one line.
    pub message: String,
    /// What the user can do about it, if we know.
    pub hint: Option<String>,
}

impl Failure {
    /// A failure with the given exit code and message, and no hint.
    pub fn new(exit_code: ExitCode, message: impl Into<String>) -> Self {
        Failure {
            exit_code,
            message: message.into(),
            hint: None,
        }
    }

    /// A command-line usage error (exit 64).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Usage, message)
    }

    /// A configuration error (exit 78).
    pub fn config(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Config, message)
    }

    /// Adds a line telling the user what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Replaces control characters (which may come from input or a server's
/// response) so that an error message stays one readable line.
pub fn sanitize_for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Prints an error the way every logingestor error looks:
/// `logingestor: error: …` with the chain of causes, then an optional `hint:`
/// line; `error` and `hint` are coloured when `palette` allows.
pub fn report(error: &anyhow::Error, palette: &Palette) -> ExitCode {
    let failure = error.downcast_ref::<Failure>();
    let mut line = String::new();
    for (index, cause) in error.chain().enumerate() {
        if index > 0 {
            line.push_str(": ");
        }
        line.push_str(&cause.to_string());
    }
    eprintln!(
        "logingestor: {} {}",
        palette.error("error:"),
        sanitize_for_terminal(&line)
    );
    if let Some(hint) = failure.and_then(|f| f.hint.as_deref()) {
        eprintln!(
            "logingestor: {} {}",
            palette.hint("hint:"),
            sanitize_for_terminal(hint)
        );
    }
    failure.map_or(ExitCode::Internal, |f| f.exit_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(sanitize_for_terminal("a\nb\x1b[31mc\td"), "a b [31mc d");
    }
}
