//! The command-line definition: the one source of truth for `--help`, the man
//! pages and the shell completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::detect::LineFormat;
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
  74  local I/O error
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

const PIPE_LONG_ABOUT: &str = "\
Ship each line of stdin (or of files) as an entry, echoing the input to stdout.

Lines are understood (see Line parsing): a JSON object or logfmt line gives the
message, level, time, tags and meta from its fields; a text line's level comes
from a <N> syslog prefix (removed), a level word near its start (ERROR, [warn],
WARNING:, …), the logcat and glog letters, or a crash marker (panic:,
Traceback, Exception in thread, thread '…' panicked); a leading timestamp
becomes the entry's time. Stack traces and tracebacks become one entry.

Levels map to the API's four:
  DEBUG  trace, debug, dbg, verbose; V and D; pino 10-29; syslog 7
  INFO   info, notice; I; pino 30-39; syslog 5-6        (and the --level default)
  WARN   warn, warning; W; pino 40-49; syslog 4
  ERROR  error, err, fatal, critical, crit, panic, severe, alert, emerg;
         E, F, A; pino 50-60; syslog 0-3; crash markers

Turn guesses off with --force-level (one level for all), --timestamp-from-line
false, --multiline off, --format text, or --no-detect for all of them.";

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
    #[command(after_help = EXIT_STATUS_HELP, long_about = PIPE_LONG_ABOUT)]
    Pipe(PipeArgs),
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

    /// Send nothing: print each request body that would be sent, one JSON array
    /// per line, on stdout. Needs no key and no network
    #[arg(long, global = true)]
    pub dry_run: bool,
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

    #[command(flatten)]
    pub lines: LineArgs,
}

/// How lines are understood: format, level and time detection, multi-line
/// entries. Every guess can be turned off.
#[derive(Debug, Args)]
#[command(next_help_heading = "Line parsing")]
pub struct LineArgs {
    /// How to read a line: auto (a JSON object or logfmt line is read as such,
    /// anything else as text), text, json or logfmt. A line that is not in the
    /// chosen format is read as text [default: auto]
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub format: Option<LineFormat>,

    /// Guess nothing: ship each line verbatim as one entry at --level (no
    /// format, level, timestamp or multi-line detection; a --multiline REGEX
    /// still applies)
    #[arg(long)]
    pub no_detect: bool,

    /// Give every entry this level, whatever its line says (--level is only the
    /// level used when none is detected)
    #[arg(long, value_name = "LEVEL")]
    pub force_level: Option<Level>,

    /// Take an entry's time from a timestamp at the start of its line (or a
    /// JSON/logfmt time field); `false` uses the time the line was read
    /// [default: true]
    #[arg(long, value_name = "BOOL", action = ArgAction::Set)]
    pub timestamp_from_line: Option<bool>,

    /// The zone of line timestamps written without one: UTC, local or an offset
    /// such as +02:00 [default: local]
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,

    /// auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join
    /// the entry before them; off: every line is an entry; or a REGEX that
    /// matches the first line of every entry [default: auto]
    #[arg(long, value_name = "auto|off|REGEX")]
    pub multiline: Option<String>,

    /// Most lines in one multi-line entry; more start a new entry [default: 500]
    #[arg(long, value_name = "N")]
    pub multiline_max_lines: Option<usize>,

    /// Close a multi-line entry after this long without a new line [default: 200ms]
    #[arg(long, value_name = "DURATION")]
    pub multiline_timeout: Option<String>,
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
