//! `logingestor completions SHELL`: prints a completion script made from the
//! clap definitions, the same one committed under `completions/`.

use std::io::{self, Write};

use clap_complete::Shell;

use crate::cli::{self, CompletionsArgs};
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;

/// Every shell a script is generated and committed for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// Prints the script for `args.shell` on stdout. A closed stdout (`| head`) is
/// a normal end.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let script = script(args.shell);
    let mut stdout = io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(
            ExitCode::IoError,
            format!("cannot write to stdout: {error}"),
        )
        .into()),
        _ => Ok(()),
    }
}

/// The completion script for one shell.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli::command(), "logingestor", &mut script);
    script
}

/// The name the script for `shell` is committed under in `completions/`, the
/// name each shell looks for.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "logingestor.bash",
        Shell::Zsh => "_logingestor",
        Shell::Fish => "logingestor.fish",
        Shell::Elvish => "logingestor.elv",
        _ => "_logingestor.ps1",
    }
}
