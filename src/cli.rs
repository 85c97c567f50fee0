//! The command-line definition: the one source of truth for `--help`, the man
//! pages and the shell completions.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::level::Level;
use crate::output::exit_code::ExitCode;

/// How long `send` retries a batch when `--retry-for` is not given.
const DEFAULT_SEND_RETRY_FOR: Duration = Duration::from_secs(10);
/// How long `pipe` and `run` retry a batch when `--retry-for` is not given.
const DEFAULT_PIPE_RETRY_FOR: Duration = Duration::from_secs(60);

/// The exit status table at the end of `--help`, from [`ExitCode::DOCUMENTED`].
pub fn exit_status_help() -> String {
    const WIDTH: usize = 80;
    let mut help = String::from("Exit status:");
    for code in ExitCode::DOCUMENTED {
        let mut line = format!("\n  {:<4}", code.code());
        for word in code.meaning().replace('`', "").split(' ') {
            if line.len() + 1 + word.len() > WIDTH && line.trim().len() > 4 {
                help.push_str(&line);
                line = format!("\n{:6}", "");
            } else if !line.ends_with(' ') {
                line.push(' ');
            }
            line.push_str(word);
        }
        help.push_str(&line);
    }
    help
}

/// The exit status of `run`, which passes the command's own status on.
pub const RUN_EXIT_STATUS_HELP: &str = "\
Exit status:
  the command's own status, or 128+N when a signal N killed it; so cron and
  `set -e` see the job's result as before.
  When the command succeeded but its output was not all delivered, the status
  of the delivery failure (65, 69, 77 or 78, as for pipe).
  126 the command could not be executed; 127 it was not found
  64  usage error; 78 configuration error (the command is then not run)";

const ABOUT: &str =
    "Ship log lines from pipes, commands and shell scripts to the Streamlogia ingest API";

const LONG_ABOUT: &str = "\
Ship log lines from pipes, commands and shell scripts to the Streamlogia ingest API.

  myapp 2>&1 | logingestor pipe --source my-service
  logingestor send --level error \"backup failed: disk full\"
  echo hello | logingestor pipe --dry-run
  logingestor run -- /usr/local/bin/backup.sh
  logingestor check --send-test

Settings come from flags, then environment variables (STREAMLOGIA_API_KEY,
STREAMLOGIA_PROJECT_ID, STREAMLOGIA_API_URL, STREAMLOGIA_CA_FILE), then the
config file (--config, $LOGINGESTOR_CONFIG or ~/.config/logingestor/config.toml).";

const PIPE_LONG_ABOUT: &str = "\
Ship each line of stdin (or of files) as an entry, echoing the input to stdout.

Lines are understood (see Line parsing): a JSON object or logfmt line gives the
message, level, time, tags and meta from its fields (also a JSON object behind
a docker compose, kubectl or syslog prefix); a web server access log gives
method, path, status, duration_ms, ip, user_agent and request_id in meta and a
level by status (ERROR >= 500, WARN >= 400); a text line's level comes
from a <N> syslog prefix (removed), a level word near its start (ERROR, [warn],
WARNING:, …), the logcat and glog letters, or a crash marker (panic:,
Traceback, Exception in thread, thread '…' panicked); a leading timestamp
becomes the entry's time. Stack traces and tracebacks become one entry.

Levels map to the API's four (names in any case; abbreviations in upper case):
  DEBUG  trace, debug, dbg, verbose, dbug, trce; TRC, VRB, DEBU, TRAC; V and D;
         pino 10-29; syslog 7
  INFO   info, notice, information; INF; I; pino 30-39; syslog 5-6
         (and the --level default)
  WARN   warn, warning; WRN; W; pino 40-49; syslog 4
  ERROR  error, err, fatal, critical, crit, panic, severe, alert, emerg,
         emergency, fail, dpanic; EROR, ERRO, FTL, FATA, PANI, FAILURE;
         E, F, A; pino 50-60; syslog 0-3; crash markers

Turn guesses off with --force-level (one level for all), --timestamp-from-line
false, --multiline off, --format text, or --no-detect for all of them.";

const FOLLOW_LONG_ABOUT: &str = "\
Ship the lines appended to log files, each line once, across rotation and runs.

Each PATH is a file or a glob in quotes ('/var/log/app/*.log'). A file is known
by its device, inode and a fingerprint of its first bytes; where it was read to
is kept in a positions file, moved on only once every line read was accepted by
the API or is in the spool (or the dead-letter file). If lines were dropped
(--when-full drop, --no-spool with the API down, the spool's cap), the positions
stay: those lines are read again, so nothing is lost, and lines delivered that
time may be sent twice. A dry run saves no positions.

Files are read to the end of their last whole line: a line still being written
waits. A file with no position is read from its end the first time a PATH names
it, unless --from start; one that appears later under a PATH seen before (a new
match of a glob, the new file after a rotation) is read from its start.

Without --once, follow runs until SIGTERM or SIGINT: it reads what is appended
as it comes (woken by inotify, and every 5s by a poll for file systems without
it), at most once a --flush-interval, and moves the positions on after each
pass is delivered or spooled. A file renamed away is read to its end (late
writes too) while it stays beside its path; a deleted file is read to its end
and closed. At a stop it stops reading, sends what was read within
--shutdown-timeout, spools the rest, saves the positions and exits (0, or 75
when some wait in the spool). With --once, it reads every file to its end once,
ships, saves, and exits with the usual statuses:

  */5 * * * * logingestor follow --once /var/log/app.log

A file rotated away while no follower ran (renamed to app.log.1 or
app.log-20261202, the names logrotate gives, uncompressed) is finished from its
position before the new file is read; after a copytruncate (app.log shorter
than its position, or starting with other bytes) the copy found beside it is
finished and app.log read from its start. Files rotated more than once between
runs are read whole, oldest first. Compressed copies are not read: keep
delaycompress.

A path that does not exist is told once and read from its start once it does; a
file that cannot be read is told and tried again (with --once, the run then ends
with status 66 after shipping the others). A corrupt positions file is set aside
as FILE.corrupt, with a warning, and every file read from its end. A second
follower on the same positions file refuses to start (status 75). At most 256
files are followed at once; a glob matching more is told, and the first 256 in
name order followed.";

/// The command line as it is parsed and documented: the derive's definition,
/// with the help of a shared flag told apart where its default depends on
/// the subcommand. Parsing, `--help`, the man pages and the completions all
/// come from here.
pub fn command() -> clap::Command {
    let command = Cli::command();
    let globals: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .cloned()
        .collect();
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        // The global flags, given to the subcommand here as clap would
        // propagate them (same order), but --retry-for with this
        // subcommand's default.
        let sub = globals
            .iter()
            .fold(sub, |sub, arg| match arg.get_id().as_str() {
                "retry_for" => sub.arg(with_default(
                    arg,
                    &format!("{}s", retry_for_default(&name).as_secs()),
                )),
                _ => sub.arg(arg.clone()),
            });
        match name.as_str() {
            "run" => sub.mut_args(|arg| match arg.get_id().as_str() {
                "source" => with_default(&arg, "the command's file name"),
                _ => arg,
            }),
            _ => sub,
        }
    })
}

/// `arg` with the `[default: …]` of its help replaced by `default`.
fn with_default(arg: &clap::Arg, default: &str) -> clap::Arg {
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let text = help.split(" [default: ").next().unwrap_or_default();
    arg.clone().help(format!("{text} [default: {default}]"))
}

/// How long a batch is retried when `--retry-for` is not given: short for
/// `send`, so a script is not held up long, longer for `pipe` and `run`.
/// Here, where `--help` shows it for each subcommand.
pub fn retry_for_default(subcommand: &str) -> Duration {
    match subcommand {
        "pipe" | "run" | "follow" => DEFAULT_PIPE_RETRY_FOR,
        _ => DEFAULT_SEND_RETRY_FOR,
    }
}

/// Reads a count such as `--batch-size 500` (for clap, and for the config
/// file's counts given as text).
pub fn parse_count(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .map_err(|_| "use a whole number such as 100".to_owned())
}

/// Parses `args` (program name first) with [`command`], as `main` does.
#[cfg(test)]
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    clap::FromArgMatches::from_arg_matches(&matches)
}

/// `--level --help`: every name a level may be given as, from the one list.
fn level_long_help() -> String {
    format!("Level: {} [default: info]", Level::names_help())
}

/// logingestor's command line.
#[derive(Debug, Parser)]
#[command(
    name = "logingestor",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = exit_status_help(),
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
    #[command(after_help = exit_status_help())]
    Send(SendArgs),
    /// Ship each line of stdin (or of files) as an entry, echoing the input to stdout
    #[command(after_help = exit_status_help(), long_about = PIPE_LONG_ABOUT)]
    Pipe(PipeArgs),
    /// Ship the lines appended to log files, each once, across rotation and runs
    #[command(after_help = exit_status_help(), long_about = FOLLOW_LONG_ABOUT)]
    Follow(FollowArgs),
    /// See or empty the spool of entries that could not be delivered yet
    #[command(after_help = exit_status_help())]
    Spool(SpoolArgs),
    /// Run a command and ship its output as it happens, with entries for its start and end
    ///
    /// Runs COMMAND with its stdout and stderr captured: each line becomes an entry,
    /// stdout lines at --level (default info), stderr lines at --stderr-level (default
    /// warn), with meta stream=stdout or stream=stderr, and both are still printed on
    /// our own stdout and stderr (unless --no-console). An entry "started COMMAND" and
    /// one "COMMAND exited with status N after 1.2s" (ERROR when N is not 0) frame the
    /// output. The source defaults to the command's file name. stdin is passed on;
    /// SIGTERM, SIGHUP and SIGINT are forwarded to the command (a Ctrl-C on the
    /// terminal reaches it directly). logingestor exits with the command's status,
    /// so cron and `set -e` see what they saw before.
    ///
    ///   logingestor run -- /usr/local/bin/backup.sh --full
    #[command(after_help = RUN_EXIT_STATUS_HELP)]
    Run(RunArgs),
    /// Show the settings in effect and where each comes from, and test the connection
    #[command(after_help = exit_status_help())]
    Check(CheckArgs),
    /// Print a shell completion script on stdout
    Completions(CompletionsArgs),
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
    /// [default: 10s; 60s for pipe and run]
    #[arg(long, global = true, value_name = "DURATION")]
    pub retry_for: Option<String>,

    /// Compress request bodies: gzip (Content-Encoding: gzip, fast level;
    /// turned off for the run, with a warning, if the server refuses it) or
    /// none [default: none]
    #[arg(long, global = true, value_name = "METHOD")]
    pub compress: Option<CompressArg>,

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

    /// Level: debug, info, warn or error, in any case, or another name for one
    /// such as warning or crit [default: info]
    #[arg(short, long, value_name = "LEVEL", long_help = level_long_help())]
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

    /// Read this file instead of stdin; repeatable. Files are read in the order
    /// given: name a rotated file before the current one (--file app.log.1
    /// --file app.log)
    #[arg(short, long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub batching: BatchingArgs,

    #[command(flatten)]
    pub feedback: FeedbackArgs,

    /// Never show the progress bar, which is otherwise shown while files are
    /// read with stderr on a terminal (and stdout not mirrored to it)
    #[arg(long, help_heading = "Feedback")]
    pub no_progress: bool,

    #[command(flatten)]
    pub lines: LineArgs,

    #[command(flatten)]
    pub filter: FilterArgs,
}

/// `logingestor follow`.
#[derive(Debug, Args)]
pub struct FollowArgs {
    #[command(flatten)]
    pub entry: EntryArgs,

    /// Read every file from its saved position to its end, ship, save the
    /// positions and exit (for cron), instead of following the files as they grow
    #[arg(long)]
    pub once: bool,

    /// Where a file with no saved position is read from the first time a PATH
    /// names it: its end (only later lines are shipped) or its start [default: end]
    #[arg(long, value_name = "WHERE", value_enum)]
    pub from: Option<FromArg>,

    /// Keep the positions in this file [default:
    /// $XDG_STATE_HOME/logingestor/positions/NAME.json, NAME made from the PATHs]
    #[arg(long, value_name = "FILE")]
    pub positions: Option<PathBuf>,

    #[command(flatten)]
    pub batching: BatchingArgs,

    #[command(flatten)]
    pub feedback: FeedbackArgs,

    #[command(flatten)]
    pub lines: LineArgs,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// The files to follow: each a path, or a glob in quotes ('/var/log/app/*.log')
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
}

/// `follow --from`: where a file seen for the first time is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// Its end: only lines written later are shipped.
    End,
    /// Its start: all of it is shipped.
    Start,
}

/// When a batch is sent, shared by `pipe` and `run`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Batching")]
pub struct BatchingArgs {
    /// Send a batch when it holds this many entries [default: 500]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub batch_size: Option<usize>,

    /// Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]
    #[arg(long, value_name = "SIZE")]
    pub batch_bytes: Option<String>,

    /// Send a batch once its oldest entry has waited this long [default: 1s]
    #[arg(long, value_name = "DURATION")]
    pub flush_interval: Option<String>,

    /// Most bytes of batches held in memory while the API is failing [default: 64MiB]
    #[arg(long, value_name = "SIZE", help_heading = "Batching")]
    pub max_buffer: Option<String>,

    /// When the buffer is full: block the writer, drop entries (counted), or
    /// spool them to disk and keep reading [default: block]
    #[arg(long, value_name = "POLICY", help_heading = "Batching")]
    pub when_full: Option<WhenFullArg>,

    /// After SIGINT or SIGTERM, how long to keep sending what is buffered before
    /// spooling the rest [default: 5s]
    #[arg(long, value_name = "DURATION")]
    pub shutdown_timeout: Option<String>,

    /// Requests in flight at once: a number (1 keeps entries in strict order),
    /// or auto to adapt to what the server sustains [default: auto]
    #[arg(long, value_name = "N|auto", help_heading = "Delivery")]
    pub concurrency: Option<String>,

    /// The most requests in flight with --concurrency auto [default: 16]
    #[arg(long, value_name = "N", value_parser = parse_count, help_heading = "Delivery")]
    pub concurrency_max: Option<usize>,
}

/// `--compress`: how request bodies go on the wire (also the config file's
/// `compress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompressArg {
    /// As they are.
    None,
    /// Gzip, at the fastest level.
    Gzip,
}

/// `--when-full`: what to do when the buffer is full (also the config
/// file's `when_full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WhenFullArg {
    /// Wait: the writer of our input is slowed down (backpressure).
    Block,
    /// Drop the batch, counting its entries.
    Drop,
    /// Write the batch to the spool and keep reading.
    Spool,
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

/// What `pipe` and `run` tell about their own work, on stderr.
#[derive(Debug, Args)]
#[command(next_help_heading = "Feedback")]
pub struct FeedbackArgs {
    /// At exit, print one summary line on stderr: entries read, entries sent,
    /// batches, retries, spooled, dropped, elapsed time and throughput
    #[arg(long)]
    pub stats: bool,

    /// Say more about the run; today: the summary line of --stats
    #[arg(short, long)]
    pub verbose: bool,
}

/// `logingestor run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub entry: EntryArgs,

    /// Level of the lines the command writes to stderr [default: warn]. --level
    /// is the level of its stdout lines
    #[arg(long, value_name = "LEVEL", help_heading = "Entry")]
    pub stderr_level: Option<Level>,

    /// Do not ship the "started" and "exited with status N" entries
    #[arg(long, help_heading = "Entry")]
    pub no_lifecycle: bool,

    #[command(flatten)]
    pub lines: LineArgs,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub batching: BatchingArgs,

    #[command(flatten)]
    pub feedback: FeedbackArgs,

    /// The command to run, and its arguments. Put `--` before it
    #[arg(
        value_name = "COMMAND",
        required = true,
        num_args = 1..,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<OsString>,
}

/// `logingestor check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also ship one DEBUG entry and show the id the API gave it
    #[arg(long)]
    pub send_test: bool,
}

/// `logingestor completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// How lines are understood: format, level and time detection, multi-line
/// entries. Every guess can be turned off.
#[derive(Debug, Args)]
#[command(next_help_heading = "Line parsing")]
pub struct LineArgs {
    /// How to read a line: auto (a JSON object, logfmt or access-log line is
    /// read as such, anything else as text), text, json, logfmt or access (web
    /// server access logs). A line that is not in the chosen format is read as
    /// text [default: auto]
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub format: Option<FormatArg>,

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

    /// The zone of line timestamps written without one: UTC, local, an offset
    /// such as +02:00 or a zone name such as Europe/Berlin [default: local]
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,

    /// auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join
    /// the entry before them; off: every line is an entry; or a REGEX that
    /// matches the first line of every entry [default: auto]
    #[arg(long, value_name = "auto|off|REGEX")]
    pub multiline: Option<String>,

    /// Most lines in one multi-line entry; more start a new entry [default: 500]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub multiline_max_lines: Option<usize>,

    /// Close a multi-line entry after this long without a new line [default: 200ms]
    #[arg(long, value_name = "DURATION")]
    pub multiline_timeout: Option<String>,
}

/// What is masked in entries and which are shipped (`pipe`, `run`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Redaction and filters")]
pub struct FilterArgs {
    /// on: mask passwords, tokens, keys, card numbers and other secrets in
    /// every entry before it is spooled or sent (see the README); off: only
    /// the configured API key, which is always masked [default: on]
    #[arg(long, value_name = "on|off", value_enum, hide_possible_values = true)]
    pub redact: Option<RedactArg>,

    /// Also mask what REGEX matches (its capture groups only, if it has
    /// any); repeatable
    #[arg(long = "redact-pattern", value_name = "REGEX")]
    pub redact_patterns: Vec<String>,

    /// Ship only entries at this level or above; the console mirror still
    /// shows every line
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<Level>,

    /// Ship only entries whose message (after multi-line joining) matches
    /// REGEX, or one of them when repeated
    #[arg(long = "include", value_name = "REGEX")]
    pub includes: Vec<String>,

    /// Do not ship entries whose message (after multi-line joining) matches
    /// REGEX; repeatable
    #[arg(long = "exclude", value_name = "REGEX")]
    pub excludes: Vec<String>,

    /// Ship at most N entries per second (N/s), minute (N/m) or hour (N/h),
    /// with a budget as large again for WARN and ERROR; one summary entry
    /// per interval counts what was held back
    #[arg(long, value_name = "N/s|N/m")]
    pub max_rate: Option<String>,
}

/// `--redact`: whether the built-in redaction rules run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RedactArg {
    On,
    Off,
}

/// `--format`: how each line is read (also the config file's `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// JSON objects and logfmt where a line is one, plain text otherwise.
    Auto,
    /// Plain text only.
    Text,
    /// JSON objects; other lines as text.
    Json,
    /// logfmt; other lines as text.
    Logfmt,
    /// Web server access logs: common/combined (and their usual extensions)
    /// and JSON access records; other lines as text.
    Access,
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
    use crate::config::{Config, Environment};
    use clap::ValueEnum;
    use std::path::Path;

    #[test]
    fn the_command_line_definition_is_consistent() {
        command().debug_assert();
    }

    /// The `[default: …]` of a flag's help, by subcommand: `10s; 60s for
    /// pipe and run` is 60s for those two and 10s for the others.
    fn shown_default(help: &str, subcommand: &str) -> Option<String> {
        let default = help.split("[default: ").nth(1)?.split(']').next()?;
        let default = default.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut fallback = None;
        for part in default.split("; ") {
            match part.split_once(" for ") {
                Some((value, names)) => {
                    let names: Vec<&str> = names.split([',', ' ']).collect();
                    if names.contains(&subcommand) {
                        return Some(value.to_owned());
                    }
                }
                None => fallback = Some(part.to_owned()),
            }
        }
        assert!(fallback.is_some(), "no default for {subcommand} in: {help}");
        fallback
    }

    /// Checks the default a flag's help shows against the resolved `config`.
    fn check_default(id: &str, shown: &str, config: &Config, env: &Environment) {
        use crate::batch::queue::WhenFull;
        use crate::config::values::{parse_duration, parse_size};
        use crate::deliver::concurrency::Concurrency;
        use crate::understand::multiline::MultilineMode;
        use crate::understand::LineFormat;
        let duration = || parse_duration(shown).unwrap();
        let size = || parse_size(shown).unwrap();
        let level = || Level::from_name(shown).unwrap();
        let state = env.get("XDG_STATE_HOME").unwrap();
        let config_home = env.get("XDG_CONFIG_HOME").unwrap();
        match id {
            "config" => assert_eq!(
                config.config_file_hint,
                Path::new(
                    &shown
                        .split(", else ")
                        .last()
                        .unwrap()
                        .replace("$XDG_CONFIG_HOME", config_home)
                )
            ),
            "url" => assert_eq!(config.connection.url.value, shown),
            "timeout" => assert_eq!(config.connection.request_timeout.value, duration()),
            "retry_for" => assert_eq!(config.delivery.retry_for, duration()),
            "spool_dir" => assert_eq!(
                config.spool.as_ref().unwrap().value.dir,
                Path::new(
                    &shown
                        .split(", else ")
                        .next()
                        .unwrap()
                        .replace("$XDG_STATE_HOME", state)
                )
            ),
            "spool_max" => assert_eq!(
                config.spool.as_ref().unwrap().value.max_bytes,
                size() as u64
            ),
            "source" if shown == "the command's file name" => {
                assert_eq!(config.entries.source.value, "backup.sh")
            }
            "source" => assert_eq!(config.entries.source.value, shown),
            "level" => assert_eq!(config.entries.level.value, level()),
            "stderr_level" => assert_eq!(config.entries.stderr_level, level()),
            "timestamp" => assert_eq!(shown, "now"),
            "batch_size" => assert_eq!(config.batching.limits.max_entries.to_string(), shown),
            "batch_bytes" => assert_eq!(config.batching.limits.max_bytes, size()),
            "flush_interval" => assert_eq!(config.batching.flush_interval, duration()),
            "max_buffer" => assert_eq!(config.batching.max_buffer, size()),
            "when_full" => assert_eq!(
                Some(config.batching.when_full),
                WhenFullArg::from_str(shown, false).ok().map(WhenFull::from)
            ),
            "shutdown_timeout" => assert_eq!(config.delivery.shutdown_timeout, duration()),
            "concurrency" => assert!(
                matches!(config.delivery.concurrency.value, Concurrency::Auto { .. })
                    && shown == "auto"
            ),
            "compress" => assert_eq!(config.connection.compression.value.to_string(), shown),
            "concurrency_max" => assert_eq!(
                config.delivery.concurrency.value,
                Concurrency::Auto {
                    max: shown.parse().unwrap()
                }
            ),
            "format" => assert_eq!(
                Some(config.lines.format),
                FormatArg::from_str(shown, false).ok().map(LineFormat::from)
            ),
            "timestamp_from_line" => {
                assert_eq!(config.lines.timestamp_from_line.to_string(), shown)
            }
            "timezone" => assert_eq!(
                Ok(config.lines.timezone),
                crate::understand::timestamp::Zone::parse(shown)
            ),
            "multiline" => assert_eq!(
                std::mem::discriminant(&config.lines.multiline.mode),
                std::mem::discriminant(&MultilineMode::parse(shown).unwrap())
            ),
            "multiline_max_lines" => {
                assert_eq!(config.lines.multiline.max_lines.to_string(), shown)
            }
            "multiline_timeout" => assert_eq!(config.lines.multiline.timeout, duration()),
            "redact" => assert_eq!(
                config.filter.redact.builtin,
                match shown {
                    "on" => crate::filter::redact::BuiltinRules::On,
                    _ => crate::filter::redact::BuiltinRules::Off,
                }
            ),
            other => panic!("--{other} shows a default this test does not check: {shown}"),
        }
    }

    #[test]
    fn every_default_in_each_subcommand_s_help_is_the_one_it_uses() {
        let env = Environment::from_pairs(
            [
                ("HOME", "/home/u"),
                ("XDG_CONFIG_HOME", "/xdg-config"),
                ("XDG_STATE_HOME", "/xdg-state"),
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned())),
        );
        let mut built = command();
        built.build();
        let mut checked = 0;
        for (path, operands) in [
            (&["send"][..], &["x"][..]),
            (&["pipe"], &[]),
            (&["run"], &["--", "/usr/local/bin/backup.sh"]),
            (&["check"], &[]),
            (&["spool", "flush"], &[]),
            (&["spool", "status"], &[]),
        ] {
            let args = std::iter::once(&"logingestor").chain(path).chain(operands);
            let config = Config::from_cli(&try_parse_from(args).unwrap(), &env).unwrap();
            let sub = path.iter().fold(&built, |command, name| {
                command.find_subcommand(name).unwrap()
            });
            for arg in sub.get_arguments() {
                for help in [arg.get_help(), arg.get_long_help()].into_iter().flatten() {
                    let help = help.to_string();
                    if let Some(shown) = shown_default(&help, path[0]) {
                        check_default(arg.get_id().as_str(), &shown, &config, &env);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 50, "only {checked} defaults checked");
    }

    #[test]
    fn pipe_s_level_table_names_every_level_word() {
        let table = PIPE_LONG_ABOUT
            .split("Levels map to the API's four")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .expect("the level table of pipe --help");
        for level in Level::ALL {
            let row: String = table
                .split(&format!("  {}  ", level.as_str()))
                .nth(1)
                .unwrap_or_default()
                .split("\n  ")
                .take_while(|line| !line.starts_with(|c: char| c.is_ascii_uppercase()))
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = row.split([' ', ',', ';']).collect();
            let mut expected: Vec<String> = vec![level.as_str().to_ascii_lowercase()];
            expected.extend(level.other_names().map(str::to_owned));
            expected.extend(level.abbreviations());
            for word in expected {
                assert!(
                    words.contains(&word.as_str()),
                    "{word} missing for {level}: {row}"
                );
            }
        }
    }
}
