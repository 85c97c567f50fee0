//! `logingestor spool status|purge`: let a person see what waits in the spool
//! and throw it away. Neither creates the spool directory.

use std::io::{self, Write};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::cli::{SpoolArgs, SpoolCommand, SpoolPurgeArgs, SpoolStatusArgs};
use crate::commands::sink_for;
use crate::config::{Config, Setting};
use crate::deliver::engine::Shipper;
use crate::deliver::retry::RetryPolicy;
use crate::entry::format_timestamp;
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::report::DeliveryStats;
use crate::shutdown::ShutdownSignal;
use crate::spool::disk::{DeadLetters, Spool, SpoolStatus};
use crate::spool::store::{SpoolSettings, SpoolStore};

/// After SIGINT or SIGTERM, how long a flush may finish its request.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);
/// A flush goes on until the spool is empty or the API fails.
const FLUSH_FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Runs the `spool` subcommand given.
pub fn run(args: &SpoolArgs, config: &Config) -> anyhow::Result<()> {
    match &args.command {
        SpoolCommand::Status(status) => show_status(status, config),
        SpoolCommand::Purge(args) => purge(args, config),
        SpoolCommand::Flush => flush(config),
    }
}

/// Delivers what waits in the spool; exit 0 only once it is empty.
fn flush(config: &Config) -> anyhow::Result<()> {
    let spool = match &config.spool {
        Ok(spool) => spool,
        Err(off) => return Err(Failure::config(format!("the spool is off ({off})")).into()),
    };
    let settings = &spool.value;
    let shutdown =
        ShutdownSignal::install(SHUTDOWN_TIMEOUT).context("cannot install the signal handlers")?;
    let store = Box::new(SpoolStore::new(settings));
    let mut shipper = Shipper::new(
        sink_for(config)?,
        store,
        RetryPolicy::with_budget(config.delivery.retry_for),
        shutdown,
        config
            .connection
            .project_id
            .as_ref()
            .map(|project| project.value.clone()),
    );
    shipper.drain_spool(Instant::now() + FLUSH_FOREVER, config.delivery.retry_for);
    let waiting = shipper.spool_waiting();
    let stats = shipper.finish();
    print(&format!(
        "delivered {} entries from {}; {} still waiting",
        stats.earlier.delivered + stats.delivered,
        settings.dir.display(),
        waiting
    ))?;
    flush_result(&stats, waiting, settings)
}

/// A flush succeeds only when nothing is left: otherwise the first of what
/// stopped it, what was refused, what was set aside, and what still waits.
fn flush_result(
    stats: &DeliveryStats,
    waiting: u64,
    settings: &SpoolSettings,
) -> anyhow::Result<()> {
    if let Some(error) = &stats.fatal_error {
        let mut failure = error.clone();
        failure.message.push_str(&format!(
            "; {waiting} entries are still waiting in the spool"
        ));
        return Err(failure.into());
    }
    if let Some((project, count)) = stats.earlier.refused_by_project.iter().next() {
        return Err(Failure::new(
            ExitCode::NoPermission,
            format!(
                "the API refused {count} spooled entries for project {project} (403); they stay \
                 in the spool"
            ),
        )
        .with_hint(
            "flush them with a key for that project, or delete them with `logingestor spool purge`",
        )
        .into());
    }
    let dead_lettered = stats.earlier.dead_lettered + stats.dead_lettered;
    if dead_lettered > 0 {
        return Err(Failure::new(
            ExitCode::DataRejected,
            format!(
                "{dead_lettered} spooled entries could not be sent (refused as invalid, or not \
                 readable) and were moved to the dead-letter file {}",
                settings
                    .dir
                    .join(crate::spool::disk::DEAD_LETTER_FILE)
                    .display()
            ),
        )
        .into());
    }
    if waiting > 0 {
        let why = stats
            .last_error
            .as_ref()
            .map_or_else(String::new, |error| format!(": {error}"));
        return Err(Failure::new(
            ExitCode::TempFail,
            format!("{waiting} entries are still waiting in the spool{why}"),
        )
        .into());
    }
    Ok(())
}

fn show_status(args: &SpoolStatusArgs, config: &Config) -> anyhow::Result<()> {
    let spool = match &config.spool {
        Ok(spool) => spool,
        Err(reason) => {
            let text = if args.json {
                json!({"enabled": false, "reason": reason}).to_string()
            } else {
                format!("spool: off ({reason})")
            };
            return print(&text);
        }
    };
    let status = Spool::at(&spool.value.dir, spool.value.max_bytes).status()?;
    let now = SystemTime::now();
    let text = if args.json {
        status_json(&spool.value, &status, now).to_string()
    } else {
        status_table(spool, &status, now)
    };
    print(&text)
}

fn status_json(
    settings: &SpoolSettings,
    status: &SpoolStatus,
    now: SystemTime,
) -> serde_json::Value {
    json!({
        "enabled": true,
        "directory": settings.dir.to_string_lossy(),
        "segments": status.segments,
        "entries": status.entries,
        "bytes": status.bytes,
        "max_bytes": settings.max_bytes,
        "oldest": status.oldest.map(|oldest| format_timestamp(DateTime::<Utc>::from(oldest))),
        "oldest_age_seconds": status.oldest.map(|oldest| age(oldest, now).as_secs()),
        "dead_letters": status.dead_letters,
        "dead_letter_path": status.dead_letter_path.to_string_lossy(),
        "corrupt_segments": status.corrupt_segments,
    })
}

/// The status as a table; `spool` says where its directory was named.
fn status_table(spool: &Setting<SpoolSettings>, status: &SpoolStatus, now: SystemTime) -> String {
    let settings = &spool.value;
    let oldest = match status.oldest {
        Some(oldest) => format!(
            "{} ago ({})",
            short_duration(age(oldest, now)),
            format_timestamp(DateTime::<Utc>::from(oldest))
        ),
        None => "-".to_owned(),
    };
    let rows = [
        (
            "directory",
            format!("{} (from {})", settings.dir.display(), spool.origin),
        ),
        ("segments", status.segments.to_string()),
        ("entries", status.entries.to_string()),
        (
            "size",
            format!(
                "{} of at most {}",
                bytesize::ByteSize::b(status.bytes),
                bytesize::ByteSize::b(settings.max_bytes)
            ),
        ),
        ("oldest", oldest),
        (
            "dead letters",
            format!(
                "{} in {}",
                status.dead_letters,
                status.dead_letter_path.display()
            ),
        ),
        ("corrupt segments", status.corrupt_segments.to_string()),
    ];
    rows.iter()
        .map(|(name, value)| format!("{name:<17}{value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn purge(args: &SpoolPurgeArgs, config: &Config) -> anyhow::Result<()> {
    let settings = match &config.spool {
        Ok(spool) => &spool.value,
        Err(off) => {
            return Err(Failure::config(format!(
                "the spool is off ({off}): there is nothing to purge"
            ))
            .into())
        }
    };
    let spool = Spool::at(&settings.dir, settings.max_bytes);
    let dead_letters = match args.dead_letters {
        true => DeadLetters::Remove,
        false => DeadLetters::Keep,
    };
    let removed = spool.purge(dead_letters)?;
    let mut lines = vec![format!(
        "removed {removed} {} from {}",
        plural(removed, "entry", "entries"),
        settings.dir.display()
    )];
    let left = spool.status()?;
    if left.segments > 0 {
        lines.push(format!(
            "kept {} {} ({} {}) that another logingestor is sending right now",
            left.segments,
            plural(left.segments, "segment", "segments"),
            left.entries,
            plural(left.entries, "entry", "entries"),
        ));
    }
    if left.dead_letters > 0 {
        lines.push(format!(
            "kept {} dead {} in {} (add --dead-letters to remove them)",
            left.dead_letters,
            plural(left.dead_letters, "letter", "letters"),
            left.dead_letter_path.display()
        ));
    }
    print(&lines.join("\n"))
}

fn age(then: SystemTime, now: SystemTime) -> Duration {
    now.duration_since(then).unwrap_or_default()
}

/// A duration in its two largest units: `3d 4h`, `2h 5m`, `1m 30s`, `42s`.
fn short_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds}s"),
        (0, 0, _) => format!("{minutes}m {}s", seconds % 60),
        (0, _, _) => format!("{hours}h {minutes}m"),
        _ => format!("{days}d {hours}h"),
    }
}

fn plural<'a>(count: u64, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// Prints `text` and a newline on stdout; a reader that went away is no error.
fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(
            ExitCode::IoError,
            format!("cannot write to stdout: {error}"),
        )
        .into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Origin;
    use std::path::PathBuf;

    #[test]
    fn the_table_shows_every_count_and_the_age_of_the_oldest() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let settings = Setting {
            value: SpoolSettings {
                dir: PathBuf::from("/state/logingestor/spool"),
                max_bytes: 256 << 20,
            },
            origin: Origin::Env("XDG_STATE_HOME"),
        };
        let status = SpoolStatus {
            segments: 2,
            entries: 5,
            bytes: 2048,
            oldest: Some(now - Duration::from_secs(3725)),
            dead_letters: 1,
            dead_letter_path: PathBuf::from("/state/logingestor/spool/dead-letter.ndjson"),
            corrupt_segments: 0,
        };
        let table = status_table(&settings, &status, now);
        assert!(
            table.contains("directory        /state/logingestor/spool (from $XDG_STATE_HOME)"),
            "{table}"
        );
        assert!(table.contains("entries          5"), "{table}");
        assert!(table.contains("2.0 KiB of at most 256.0 MiB"), "{table}");
        assert!(
            table.contains("oldest           1h 2m ago (2027-01-15T06:57:55.000Z)"),
            "{table}"
        );
        let json = status_json(&settings.value, &status, now);
        assert_eq!(json["oldest_age_seconds"], 3725);
        assert_eq!(json["entries"], 5);
    }

    #[test]
    fn ages_are_shown_in_their_two_largest_units() {
        let short = |seconds| short_duration(Duration::from_secs(seconds));
        assert_eq!(short(42), "42s");
        assert_eq!(short(90), "1m 30s");
        assert_eq!(short(3725), "1h 2m");
        assert_eq!(short(3 * 86_400 + 4 * 3600 + 59), "3d 4h");
    }
}
