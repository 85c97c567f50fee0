//! logingestor: ship log lines from pipes, commands and shell scripts to the
//! Streamlogia ingest API. `main` parses, dispatches, and turns the outcome
//! into an exit code; nothing else exits the process.

mod api_key;
mod batch;
mod batch_queue;
mod cli;
mod color;
mod commands;
mod config;
mod config_file;
mod console;
mod delivery;
mod detect;
mod entry;
mod exit_code;
mod failure;
mod feedback;
mod input;
mod level;
mod meta_arg;
mod multiline;
mod pipeline;
mod read_ahead;
mod retry;
mod shipper;
mod shutdown;
mod sink;
mod spool;
mod spool_store;
mod undelivered;

use std::io::IsTerminal;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::color::Palette;
use crate::config::{Config, Environment};
use crate::exit_code::ExitCode;

/// mimalloc: the reader thread allocates the fields of JSON and logfmt lines
/// and the batcher frees them; glibc's allocator pays for that hand-over in
/// locks and consolidation.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let env = Environment::from_process();
    match run(&cli, &env) {
        Ok(code) => code.into(),
        Err(error) => {
            let palette = Palette::new(std::io::stderr().is_terminal(), env.no_color());
            failure::report(&error, &palette).into()
        }
    }
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
