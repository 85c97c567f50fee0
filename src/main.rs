//! logingestor: ship log lines from pipes, commands and shell scripts to the
//! Streamlogia ingest API. `main` parses, dispatches, and turns the outcome
//! into an exit code; nothing else exits the process.

mod api_key;
mod batch;
mod cli;
mod commands;
mod config;
mod config_file;
mod console;
mod delivery;
mod detect;
mod entry;
mod exit_code;
mod failure;
mod input;
mod level;
mod meta_arg;
mod multiline;
mod pipeline;
mod shipper;
mod sink;

use std::io::IsTerminal;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::config::{Config, Environment};
use crate::exit_code::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            let code = if error.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            };
            return code.into();
        }
    };
    match run(&cli, &Environment::from_process()) {
        Ok(()) => ExitCode::Success.into(),
        Err(error) => failure::report(&error).into(),
    }
}

fn run(cli: &Cli, env: &Environment) -> anyhow::Result<()> {
    if let Command::GenerateDocs(args) = &cli.command {
        return commands::generate_docs::run(args);
    }
    let config = Config::from_cli(cli, env)?;
    match &cli.command {
        Command::Send(args) => commands::send::run(args, &config, std::io::stdin().is_terminal()),
        Command::Pipe(args) => commands::pipe::run(args, &config),
        Command::GenerateDocs(_) => unreachable!("handled above"),
    }
}
