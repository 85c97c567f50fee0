//! logingestor: ship log lines from pipes, commands and shell scripts to the
//! Streamlogia ingest API. `main` parses, dispatches, and turns the outcome
//! into an exit code; nothing else exits the process.

mod api_key;
mod batch;
mod cli;
mod commands;
mod config;
mod deliver;
mod entry;
mod input;
mod level;
mod output;
mod secret_mask;
mod shutdown;
mod spool;
mod understand;

use std::io::IsTerminal;

use clap::error::ErrorKind;
use clap::FromArgMatches;

use crate::cli::{Cli, Command};
use crate::config::{Config, Environment};
use crate::output::color::Palette;
use crate::output::exit_code::ExitCode;
use crate::output::failure;
use crate::output::usage_error::UsageError;

/// mimalloc: the reader thread allocates the fields of JSON and logfmt lines
/// and the batcher frees them; glibc's allocator pays for that hand-over in
/// locks and consolidation.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    understand::panic_guard::install_hook(failure::sanitize_for_terminal);
    let env = Environment::from_process();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = cli::command();
    let parsed = command
        .clone()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, &command, &args, &env).into(),
    };
    match run(&cli, &env) {
        Ok(code) => code.into(),
        Err(error) => {
            let palette = Palette::new(std::io::stderr().is_terminal(), env.no_color());
            failure::report(&error, &palette).into()
        }
    }
}

/// `--help` and `--version` print as clap prints them (exit 0), and so does
/// the help shown for a bare `logingestor`; every other error is told in
/// logingestor's words, with the usage line, and exits 64.
fn usage_error(
    error: &clap::Error,
    command: &clap::Command,
    args: &[std::ffi::OsString],
    env: &Environment,
) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::Success;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = error.print();
        return ExitCode::Usage;
    }
    let usage = UsageError::from_clap(error, command, args);
    let palette = Palette::new(std::io::stderr().is_terminal(), env.no_color());
    let code = failure::report(&usage.failure.into(), &palette);
    if let Some(line) = usage.usage {
        eprintln!("{line}");
    }
    code
}

fn run(cli: &Cli, env: &Environment) -> anyhow::Result<ExitCode> {
    let done = |result: anyhow::Result<()>| result.map(|()| ExitCode::Success);
    match &cli.command {
        Command::GenerateDocs(args) => return done(commands::generate_docs::run(args)),
        Command::Completions(args) => return done(commands::completions::run(args)),
        _ => {}
    }
    let config = Config::from_cli(cli, env)?;
    for warning in &config.warnings {
        eprintln!(
            "logingestor: warning: {}",
            failure::sanitize_for_terminal(warning)
        );
    }
    match &cli.command {
        Command::Spool(args) => done(commands::spool::run(args, &config)),
        Command::Send(args) => done(commands::send::run(
            args,
            &config,
            std::io::stdin().is_terminal(),
        )),
        Command::Pipe(args) => done(commands::pipe::run(args, &config)),
        Command::Run(args) => commands::run::run(args, &config),
        Command::Check(args) => done(commands::check::run(args, &config)),
        Command::GenerateDocs(_) | Command::Completions(_) => unreachable!("handled above"),
    }
}
