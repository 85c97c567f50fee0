//! `logingestor send`: one entry from the arguments or from stdin.

use std::borrow::Cow;
use std::io::{self, Read};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};

use crate::batch::body::Batch;
use crate::cli::SendArgs;
use crate::commands::entry_template;
use crate::commands::{shipper_for, warn_about_placeholder_project};
use crate::config::Config;
use crate::entry::{format_timestamp, Entry, TimestampText};
use crate::filter::redact::Redactor;
use crate::input::MAX_LINE_BYTES;
use crate::output::failure::Failure;
use crate::output::mirror::print_entry;
use crate::output::report::RunReport;
use crate::shutdown::ShutdownSignal;

/// How long `send` may spend delivering older spooled entries after its own.
const SPOOL_DRAIN_TIME: Duration = Duration::from_millis(1500);

/// Builds the entry, mirrors it, and delivers it; `Ok` once the API accepted it.
pub fn run(args: &SendArgs, config: &Config, stdin_is_terminal: bool) -> anyhow::Result<()> {
    let timestamp = match &args.timestamp {
        Some(text) => parse_timestamp(text)?,
        None => format_timestamp(Utc::now()),
    };
    let started = Instant::now();
    let project_id = config.project_id_for_entries()?;
    // A stop signal while the entry is being retried keeps it in the spool.
    let shutdown = ShutdownSignal::install(config.delivery.shutdown_timeout)
        .context("cannot install the SIGINT/SIGTERM handlers")?;
    let mut shipper = shipper_for(config, shutdown.clone())?;
    let (message, original_bytes) = read_message(args, stdin_is_terminal)?;

    let entry = Entry::with_original_size(
        config.entries.level.value,
        Cow::Owned(message),
        timestamp.into(),
        original_bytes,
    );
    let template = entry_template(config, project_id, config.entries.meta.value.clone());
    // Masked as `pipe` masks a line; the mirror shows what was typed.
    let mut shipped = entry.clone();
    Redactor::new(&config.filter.redact).redact_entry(&mut shipped);
    let mut encoded = Vec::new();
    template.encode(&shipped, &mut encoded);
    let batch = Batch::from_entries([&encoded[..]]);

    warn_about_placeholder_project(config);
    if config.mirror_on_stdout() {
        let mut meta = config.entries.meta.value.clone();
        meta.extend(entry.meta.clone());
        print_entry(entry.level, &entry.message, &meta);
    }
    shipper.ship(batch);
    if !shipper.in_outage() && !shutdown.is_requested() {
        // Older spooled entries go too, as long as that stays quick.
        shipper.drain_spool(Instant::now() + SPOOL_DRAIN_TIME, Duration::ZERO);
    }
    let report = RunReport {
        read: 1,
        stats: shipper.finish(),
        elapsed: started.elapsed(),
    };
    for warning in report.warnings() {
        eprintln!("logingestor: warning: {warning}");
    }
    report.into_result()?;
    Ok(())
}

fn parse_timestamp(text: &str) -> Result<String, Failure> {
    let time = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        Failure::usage(format!(
            "invalid --timestamp '{text}': use an RFC 3339 time with a zone, such as \
             2026-04-07T09:41:03Z or 2026-04-07T11:41:03+02:00"
        ))
    })?;
    // The API is only sent times it is sure to take.
    let text_in_contract = TimestampText::new(time.with_timezone(&Utc)).ok_or_else(|| {
        Failure::usage(format!(
            "--timestamp '{text}' is outside the times an entry may carry (the years {} to {})",
            crate::entry::TIMESTAMP_YEARS.start(),
            crate::entry::TIMESTAMP_YEARS.end()
        ))
    })?;
    Ok(text_in_contract.as_str().to_owned())
}

/// The message and its size before any cut: the arguments joined by spaces,
/// or stdin for `-` (or no arguments with stdin not a terminal).
fn read_message(args: &SendArgs, stdin_is_terminal: bool) -> Result<(String, usize), Failure> {
    let from_stdin = match args.message.as_slice() {
        [only] if only == "-" => true,
        [] if !stdin_is_terminal => true,
        [] => {
            return Err(
                Failure::usage("no message: give it as arguments, or pipe it in with '-'")
                    .with_hint("logingestor send --level warn \"disk almost full\""),
            );
        }
        _ => false,
    };
    let (message, original_bytes) = if from_stdin {
        read_stdin_message()?
    } else {
        let message = args.message.join(" ");
        let size = message.len();
        (message, size)
    };
    if message.trim().is_empty() {
        let hint = match from_stdin {
            true => {
                "stdin was empty: pipe the message in (df -h | logingestor send -), or give it \
                     as arguments: logingestor send \"disk almost full\""
            }
            false => "give the message as arguments: logingestor send \"disk almost full\"",
        };
        return Err(
            Failure::usage("the message is empty: there is nothing to send").with_hint(hint),
        );
    }
    Ok((message, original_bytes))
}

/// Reads all of stdin, keeping at most [`MAX_LINE_BYTES`] and counting the rest.
fn read_stdin_message() -> Result<(String, usize), Failure> {
    let read_error = |error: io::Error| {
        Failure::new(
            crate::output::exit_code::ExitCode::IoError,
            format!("cannot read stdin: {error}"),
        )
    };
    let mut stdin = io::stdin().lock();
    let mut kept = Vec::new();
    (&mut stdin)
        .take(MAX_LINE_BYTES as u64)
        .read_to_end(&mut kept)
        .map_err(read_error)?;
    let rest = io::copy(&mut stdin, &mut io::sink()).map_err(read_error)?;
    let text = String::from_utf8_lossy(&kept);
    let trimmed = text.trim_end_matches(['\n', '\r']);
    let original_bytes = if rest > 0 {
        kept.len() + rest as usize
    } else {
        trimmed.len()
    };
    Ok((trimmed.to_owned(), original_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_normalised_to_utc() {
        assert_eq!(
            parse_timestamp("2026-04-07T11:41:03+02:00").unwrap(),
            "2026-04-07T09:41:03.000Z"
        );
        assert!(parse_timestamp("2026-04-07 11:41").is_err());
        assert!(parse_timestamp("0000-01-01T00:00:00Z").is_err());
        let error = parse_timestamp("yesterday").unwrap_err();
        assert_eq!(
            error.message,
            "invalid --timestamp 'yesterday': use an RFC 3339 time with a zone, such as \
             2026-04-07T09:41:03Z or 2026-04-07T11:41:03+02:00"
        );
    }
}
