//! What every entry carries (source, default level, tags, meta), `run`'s
//! own settings (the level of stderr lines, the lifecycle entries), and what
//! the console shows (the mirror, the stats line, the progress bar, colour).

use std::path::Path;

use serde_json::{Map, Value};

use crate::cli::{EntryArgs, FeedbackArgs, RunArgs};
use crate::config::meta::{parse_meta_pairs, parse_tags};
use crate::config::values::Resolver;
use crate::config::{Config, Origin, Setting};
use crate::entry::MAX_META_BYTES;
use crate::level::Level;
use crate::output::failure::Failure;
use crate::output::progress::BarSetting;

/// The source the official SDKs send when none is given.
pub const DEFAULT_SOURCE: &str = "unknown";

/// What every entry of a run carries, each with where it came from, and
/// `run`'s own settings.
#[derive(Debug, Clone)]
pub struct Entries {
    pub source: Setting<String>,
    /// The level of an entry whose line names none.
    pub level: Setting<Level>,
    pub tags: Setting<Vec<String>>,
    pub meta: Setting<Map<String, Value>>,
    /// `run`: the level of the command's stderr lines.
    pub stderr_level: Level,
    /// `run`: ship the "started" and "exited" entries.
    pub lifecycle: bool,
}

/// What the console shows besides errors.
#[derive(Debug, Clone)]
pub struct Console {
    /// Mirror the input (`pipe`, `run`) or the entry (`send`) to the console.
    pub mirror: Setting<bool>,
    /// Print the summary line at exit (`--stats`, `-v`).
    pub stats: bool,
    /// Show a progress bar where one makes sense (a file, stderr on a terminal).
    pub progress: BarSetting,
    /// `NO_COLOR` is set (or `TERM=dumb`): never colour output.
    pub no_color: bool,
}

impl Config {
    /// Whether stdout mirrors the input (or `send`'s entry): not in a dry
    /// run, which prints the request bodies there instead.
    pub fn mirror_on_stdout(&self) -> bool {
        self.console.mirror.value && !self.connection.dry_run
    }
}

/// Resolves what entries carry from the entry flags (`None` for the
/// subcommands without them) and, for `run`, its own flags.
pub fn resolve(
    values: &Resolver,
    entry: Option<&EntryArgs>,
    run: Option<&RunArgs>,
) -> Result<Entries, Failure> {
    let file = &values.file.settings;
    let source = values
        .string(
            entry.and_then(|e| e.source.as_deref()),
            "--source",
            &[],
            "source",
            file.source.as_deref(),
        )
        .unwrap_or_else(|| Setting {
            value: run
                .and_then(|run| command_file_name(&run.command))
                .unwrap_or_else(|| DEFAULT_SOURCE.to_owned()),
            origin: Origin::Default,
        });
    let level = Setting {
        value: values.level(
            entry.and_then(|e| e.level),
            "level",
            file.level.as_deref(),
            Level::Info,
        )?,
        origin: values.origin(
            entry.and_then(|e| e.level).map(|_| "--level"),
            "level",
            file.level.is_some(),
        ),
    };
    let stderr_level = values.level(
        run.and_then(|run| run.stderr_level),
        "stderr_level",
        file.stderr_level.as_deref(),
        Level::Warn,
    )?;
    let lifecycle = match run {
        Some(run) if run.no_lifecycle => false,
        _ => file.lifecycle.unwrap_or(true),
    };
    let mut tag_values: Vec<String> = file.tag.clone().unwrap_or_default();
    tag_values.extend(entry.map(|e| e.tags.clone()).unwrap_or_default());
    let tags = Setting {
        value: parse_tags(&tag_values),
        origin: values.origin(
            entry.filter(|e| !e.tags.is_empty()).map(|_| "--tag"),
            "tag",
            file.tag.is_some(),
        ),
    };
    let mut meta = file.meta.clone().unwrap_or_default();
    meta.extend(parse_meta_pairs(entry.map_or(&[][..], |e| &e.meta[..]))?);
    let meta_bytes = serde_json::to_vec(&meta).map_or(0, |json| json.len());
    if meta_bytes > MAX_META_BYTES {
        return Err(Failure::usage(format!(
            "the meta given is {meta_bytes} bytes of JSON; the API allows at most {MAX_META_BYTES}"
        )));
    }
    let meta = Setting {
        value: meta,
        origin: values.origin(
            entry.filter(|e| !e.meta.is_empty()).map(|_| "--meta"),
            "meta",
            file.meta.is_some(),
        ),
    };
    Ok(Entries {
        source,
        level,
        tags,
        meta,
        stderr_level,
        lifecycle,
    })
}

/// Resolves what the console shows from the entry flags (`--no-console`,
/// `--console`), the feedback flags and `--no-progress`.
pub fn console(
    values: &Resolver,
    entry: Option<&EntryArgs>,
    feedback: Option<&FeedbackArgs>,
    no_progress: bool,
) -> Console {
    let file = &values.file.settings;
    let mirror = match entry {
        Some(e) if e.no_console => false,
        Some(e) if e.console => true,
        _ => file.console.unwrap_or(true),
    };
    let mirror_flag = entry.and_then(|e| match (e.no_console, e.console) {
        (true, _) => Some("--no-console"),
        (_, true) => Some("--console"),
        _ => None,
    });
    Console {
        mirror: Setting {
            value: mirror,
            origin: values.origin(mirror_flag, "console", file.console.is_some()),
        },
        stats: feedback.is_some_and(|f| f.stats || f.verbose) || file.stats.unwrap_or(false),
        progress: match !no_progress && file.progress.unwrap_or(true) {
            true => BarSetting::On,
            false => BarSetting::Off,
        },
        no_color: values.env.no_color(),
    }
}

/// The file name of the command `run` runs, its default source.
fn command_file_name(command: &[std::ffi::OsString]) -> Option<String> {
    let program = Path::new(command.first()?);
    let name = program.file_name()?.to_string_lossy().trim().to_owned();
    (!name.is_empty()).then_some(name)
}
