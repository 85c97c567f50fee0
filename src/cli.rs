//! The command-line definition: the one source of truth for `--help`, the man
//! pages and the shell completions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::batch_queue::WhenFull;
use crate::level::Level;

/// The exit status table, shown at the end of `--help` and in the man page.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0   every entry was accepted by the API
  64  usage error: a malformed flag, level, --meta pair or timestamp
  65  the API rejected entries as invalid (400/422)
  66  an input file could not be read
  69  the API was unreachable or failing (network error, timeout, 5xx, 429)
  70  internal error (a bug: please report it)
  73  the spool directory could not be created or written
  74  local I/O error
  75  some entries could not be delivered yet and wait in the spool (nothing lost)
  77  the API refused the key (401/403)
  78  configuration error: missing or malformed key, project, URL or config file,
      or no ingest API at the URL (404)";

const ABOUT: &str =
    "Ship log lines from pipes, commands and shell scripts to the Streamlogia ingest API";

const LONG_ABOUT: &str = "\
Ship log lines from pipes, commands and shell scripts to the Streamlogia ingest API.

  myapp 2>&1 | logingestor pipe --source my-service
  logingestor send --level error \"backup failed: disk full\"
  echo hello | logingestor pipe --dry-run

Settings come from flags, then environment variables (STREAMLOGIA_API_KEY,
STREAMLOGIA_PROJECT_ID, STREAMLOGIA_API_URL, STREAMLOGIA_CA_FILE), then the
config file (--config, $LOGINGESTOR_CONFIG or ~/.config/logingestor/config.toml).";

/// logingestor's command line.
#[derive(Debug, Parser)]
#[command(
    name = "logingestor",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXIT_STATUS_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ship one entry: the message given as arguments, or all of stdin
    #[command(after_help = EXIT_STATUS_HELP)]
    Send(SendArgs),
    /// Ship each line of stdin (or of files) as an entry, echoing the input to stdout
    #[command(after_help = EXIT_STATUS_HELP)]
    Pipe(PipeArgs),
    /// See or empty the spool of entries that could not be delivered yet
    #[command(after_help = EXIT_STATUS_HELP)]
    Spool(SpoolArgs),
    /// Write the man pages and shell completions into a directory (for maintainers)
    #[command(hide = true)]
    GenerateDocs(GenerateDocsArgs),
}

/// Where to send and with which credentials; accepted before or after the subcommand.
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectionArgs {
    /// Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else
    /// $XDG_CONFIG_HOME/logingestor/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users
    /// can read command lines: prefer --api-key-file or the environment
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,

    /// Read the API key from this file
    #[arg(long, global = true, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]
    #[arg(long, global = true, value_name = "UUID")]
    pub project: Option<String>,

    /// Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL]
    /// [default: https://api.streamlogia.com]
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_file: Option<PathBuf>,

    /// Longest time one request may take, e.g. 10s or 500ms [default: 10s]
    #[arg(long, global = true, value_name = "DURATION")]
    pub timeout: Option<String>,

    /// Give up retrying a batch after this long and spool it, e.g. 30s
    /// [default: 10s for send, 60s for pipe]
    #[arg(long, global = true, value_name = "DURATION")]
    pub retry_for: Option<String>,

    /// Allow plain http:// to a host other than this machine (the key then
    /// crosses the network unencrypted)
    #[arg(long, global = true)]
    pub allow_http: bool,

    /// Send nothing: print each request body that would be sent, one JSON array
    /// per line, on stdout. Needs no key and no network
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Keep entries that cannot be delivered yet in this directory [env:
    /// LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else
    /// ~/.local/state/logingestor/spool]
    #[arg(long, global = true, value_name = "PATH", help_heading = "Spool")]
    pub spool_dir: Option<PathBuf>,

    /// Largest size of the spool, e.g. 64MiB; past it the oldest entries are
    /// dropped, with a warning [default: 256MiB]
    #[arg(long, global = true, value_name = "SIZE", help_heading = "Spool")]
    pub spool_max: Option<String>,

    /// Keep no spool: entries that cannot be delivered are lost
    #[arg(long, global = true, help_heading = "Spool")]
    pub no_spool: bool,
}

/// What each entry carries, shared by `send` and `pipe`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Entry")]
pub struct EntryArgs {
    /// Component name the entries come from [default: unknown]
    #[arg(short, long, value_name = "NAME")]
    pub source: Option<String>,

    /// Level: debug, info, warn or error, in any case; also trace, notice, warning,
    /// err, fatal, critical [default: info]
    #[arg(short, long, value_name = "LEVEL")]
    pub level: Option<Level>,

    /// Add a tag; repeat it or give a comma-separated list
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or
    /// object; repeatable
    #[arg(short, long = "meta", value_name = "KEY=VALUE")]
    pub meta: Vec<String>,

    /// Do not mirror to the console
    #[arg(long, overrides_with = "console")]
    pub no_console: bool,

    /// Mirror to the console even if the config file turns it off
    #[arg(long, overrides_with = "no_console", hide_short_help = true)]
    pub console: bool,
}

/// `logingestor send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub entry: EntryArgs,

    /// The entry's time, RFC 3339 (2026-04-07T09:41:03Z) [default: now]
    #[arg(long, value_name = "TIME")]
    pub timestamp: Option<String>,

    /// The message; its words are joined by spaces. `-`, or nothing with stdin not
    /// a terminal, reads the message from stdin. Put `--` before a message that
    /// starts with `-`
    #[arg(value_name = "MESSAGE")]
    pub message: Vec<String>,
}

/// `logingestor pipe`.
#[derive(Debug, Args)]
pub struct PipeArgs {
    #[command(flatten)]
    pub entry: EntryArgs,

    /// Read this file instead of stdin; repeatable, read in order
    #[arg(short, long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,

    /// Send a batch when it holds this many entries [default: 500]
    #[arg(long, value_name = "N", help_heading = "Batching")]
    pub batch_size: Option<usize>,

    /// Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]
    #[arg(long, value_name = "SIZE", help_heading = "Batching")]
    pub batch_bytes: Option<String>,

    /// Send a batch once its oldest entry has waited this long [default: 1s]
    #[arg(long, value_name = "DURATION", help_heading = "Batching")]
    pub flush_interval: Option<String>,

    /// Most bytes of batches held in memory while the API is failing [default: 64MiB]
    #[arg(long, value_name = "SIZE", help_heading = "Batching")]
    pub max_buffer: Option<String>,

    /// When the buffer is full: block the writer, drop entries (counted), or
    /// spool them to disk and keep reading [default: block]
    #[arg(long, value_name = "POLICY", help_heading = "Batching")]
    pub when_full: Option<WhenFull>,

    /// After SIGINT or SIGTERM, how long to keep sending what is buffered before
    /// spooling the rest [default: 5s]
    #[arg(long, value_name = "DURATION")]
    pub shutdown_timeout: Option<String>,
}

/// `logingestor spool`.
#[derive(Debug, Args)]
pub struct SpoolArgs {
    #[command(subcommand)]
    pub command: SpoolCommand,
}

/// What to do with the spool.
#[derive(Debug, Subcommand)]
pub enum SpoolCommand {
    /// Show the entries waiting in the spool, the age of the oldest, and the dead letters
    Status(SpoolStatusArgs),
    /// Delete the entries waiting in the spool (except those being sent right now)
    Purge(SpoolPurgeArgs),
    /// Send the entries waiting in the spool now, oldest first, until it is empty
    /// or the API fails (each request retried within --retry-for)
    Flush,
}

/// `logingestor spool status`.
#[derive(Debug, Args)]
pub struct SpoolStatusArgs {
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `logingestor spool purge`.
#[derive(Debug, Args)]
pub struct SpoolPurgeArgs {
    /// Delete the dead-letter file too
    #[arg(long)]
    pub dead_letters: bool,
}

/// `logingestor generate-docs`.
#[derive(Debug, Args)]
pub struct GenerateDocsArgs {
    /// The directory that receives man/ and completions/
    #[arg(value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
