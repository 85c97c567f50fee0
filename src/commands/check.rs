//! `logingestor check`: the settings in effect and where each came from, then
//! checks of the key, the project id and the API, and with `--send-test` one
//! entry shipped for real. What a user runs when something does not arrive.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use chrono::Utc;
use serde_json::Value;

use crate::batch::body::Batch;
use crate::cli::CheckArgs;
use crate::commands::entry_template;
use crate::config::connection::validate_project_id;
use crate::config::{Config, Origin};
use crate::deliver::client::Compression;
use crate::deliver::client::{probe_status, IngestClient};
use crate::entry::{format_timestamp, Entry};
use crate::level::Level;
use crate::output::color::Palette;
use crate::output::exit_code::ExitCode;
use crate::output::failure::{sanitize_for_terminal, Failure};

/// The key prefix of an ingest key, the one kind that ships.
const INGEST_KEY_PREFIX: &str = "ls_app_live_";
/// Every prefix a key is known by; shown in full by [`mask_key`].
const KEY_PREFIXES: [&str; 4] = [INGEST_KEY_PREFIX, "ls_api_live_", "ls_src_live_", "eyJ"];
/// A key shows its last four characters only when at least this many follow
/// its prefix, so that little of a short key is ever shown.
const MIN_HIDDEN_FOR_SUFFIX: usize = 12;

/// Prints the settings and the checks on stdout. `Ok` when nothing failed
/// (warnings allowed); otherwise the first failure, with its exit code.
pub fn run(args: &CheckArgs, config: &Config) -> anyhow::Result<()> {
    let palette = Palette::new(io::stdout().is_terminal(), config.console.no_color);
    let mut out = io::stdout().lock();
    let write_failed = |error: io::Error| {
        Failure::new(
            ExitCode::IoError,
            format!("cannot write to stdout: {error}"),
        )
    };
    let settings = describe_settings(config);
    print_settings(&mut out, &palette, &settings).map_err(write_failed)?;
    print_filters(&mut out, &palette, config).map_err(write_failed)?;

    writeln!(out, "\n{}", palette.heading("Checks")).map_err(write_failed)?;
    let mut failures = Vec::new();
    for finding in run_checks(args, config) {
        print_finding(&mut out, &palette, &finding).map_err(write_failed)?;
        if let Finding::Failed(failure) = finding {
            failures.push(failure);
        }
    }
    out.flush().map_err(write_failed)?;
    match failures.len() {
        0 => Ok(()),
        count => {
            let first = &failures[0];
            let checks = if count == 1 { "check" } else { "checks" };
            Err(Failure::new(
                first.exit_code,
                format!("{count} {checks} failed; the first: {}", first.message),
            )
            .into())
        }
    }
}

/// One row of the settings table: name, value shown, and where it came from.
type SettingRow = (&'static str, String, Option<String>);

fn describe_settings(config: &Config) -> Vec<SettingRow> {
    let origin = |origin: &Origin| {
        Some(match origin {
            Origin::Default => "default".to_owned(),
            other => format!("from {other}"),
        })
    };
    let config_file = if config.config_file_hint.is_file() {
        config.config_file_hint.display().to_string()
    } else {
        format!("{} (none there)", config.config_file_hint.display())
    };
    let (connection, entries) = (&config.connection, &config.entries);
    let mut rows = vec![("config file", config_file, None)];
    rows.push(match &connection.api_key {
        Some(key) => ("api key", mask_key(key.value.expose()), origin(&key.origin)),
        None => ("api key", "(none)".to_owned(), None),
    });
    rows.push(match &connection.project_id {
        Some(project) => ("project", project.value.clone(), origin(&project.origin)),
        None => ("project", "(none)".to_owned(), None),
    });
    rows.push((
        "url",
        connection.url.value.clone(),
        origin(&connection.url.origin),
    ));
    rows.push(match &connection.ca_file {
        Some(ca) => (
            "ca file",
            ca.value.display().to_string(),
            origin(&ca.origin),
        ),
        None => ("ca file", "(the system trust store)".to_owned(), None),
    });
    if let Some(proxy) = &connection.proxy {
        rows.push((
            "proxy",
            without_password(&proxy.value),
            origin(&proxy.origin),
        ));
    }
    rows.push((
        "timeout",
        humantime::format_duration(connection.request_timeout.value).to_string(),
        origin(&connection.request_timeout.origin),
    ));
    rows.push((
        "concurrency",
        config.delivery.concurrency.value.to_string(),
        origin(&config.delivery.concurrency.origin),
    ));
    rows.push((
        "compression",
        match connection.compression.value {
            Compression::None => "none (bodies as they are)".to_owned(),
            Compression::Gzip => "gzip (Content-Encoding: gzip, fast level)".to_owned(),
        },
        origin(&connection.compression.origin),
    ));
    rows.push((
        "source",
        entries.source.value.clone(),
        origin(&entries.source.origin),
    ));
    rows.push((
        "level",
        entries.level.value.to_string(),
        origin(&entries.level.origin),
    ));
    if !entries.tags.value.is_empty() {
        rows.push((
            "tags",
            entries.tags.value.join(","),
            origin(&entries.tags.origin),
        ));
    }
    if !entries.meta.value.is_empty() {
        rows.push((
            "meta",
            Value::Object(entries.meta.value.clone()).to_string(),
            origin(&entries.meta.origin),
        ));
    }
    rows.push((
        "console",
        if config.console.mirror.value {
            "on"
        } else {
            "off"
        }
        .to_owned(),
        origin(&config.console.mirror.origin),
    ));
    rows
}

fn print_settings(out: &mut impl Write, palette: &Palette, rows: &[SettingRow]) -> io::Result<()> {
    writeln!(out, "{}", palette.heading("Settings"))?;
    let value_width = rows
        .iter()
        .filter(|(_, _, origin)| origin.is_some())
        .map(|(_, value, _)| value.chars().count())
        .max()
        .unwrap_or(0);
    for (name, value, origin) in rows {
        let value = sanitize_for_terminal(value);
        match origin {
            Some(origin) => {
                let padding = value_width.saturating_sub(value.chars().count());
                writeln!(
                    out,
                    "  {name:<12} {value}{:padding$}  {}",
                    "",
                    palette.faint(&sanitize_for_terminal(origin))
                )?
            }
            None => writeln!(out, "  {name:<12} {value}")?,
        }
    }
    Ok(())
}

/// The redaction rules and filters in force, one row each.
fn print_filters(out: &mut impl Write, palette: &Palette, config: &Config) -> io::Result<()> {
    writeln!(out, "\n{}", palette.heading("Redaction and filters"))?;
    for (name, value) in config.filter.describe() {
        writeln!(out, "  {name:<12} {}", sanitize_for_terminal(&value))?;
    }
    Ok(())
}

/// The outcome of one check.
#[derive(Debug)]
enum Finding {
    Passed(String),
    Warning(String),
    Skipped(String),
    Failed(Failure),
}

fn print_finding(out: &mut impl Write, palette: &Palette, finding: &Finding) -> io::Result<()> {
    let (mark, text, hint) = match finding {
        Finding::Passed(text) => (palette.good("ok  "), text.as_str(), None),
        Finding::Warning(text) => (palette.hint("warn"), text.as_str(), None),
        Finding::Skipped(text) => (Cow::Borrowed("skip"), text.as_str(), None),
        Finding::Failed(failure) => (
            palette.error("FAIL"),
            failure.message.as_str(),
            failure.hint.as_deref(),
        ),
    };
    writeln!(out, "  {mark}  {}", sanitize_for_terminal(text))?;
    if let Some(hint) = hint {
        writeln!(out, "        hint: {}", sanitize_for_terminal(hint))?;
    }
    Ok(())
}

fn run_checks(args: &CheckArgs, config: &Config) -> Vec<Finding> {
    let mut findings = vec![
        check_key(config),
        check_project(config),
        check_status(config),
    ];
    let failed = findings.iter().any(|f| matches!(f, Finding::Failed(_)));
    findings.push(match (args.send_test, failed) {
        (true, false) => send_test_entry(config),
        (true, true) => {
            Finding::Skipped("test entry: not sent, because of the failure above".into())
        }
        (false, _) => Finding::Skipped(
            "test entry: not sent (add --send-test to ship one DEBUG entry)".into(),
        ),
    });
    findings
}

fn check_key(config: &Config) -> Finding {
    if let Some(problem) = &config.connection.key_problem {
        return Finding::Failed(problem.clone());
    }
    let Some(key) = &config.connection.api_key else {
        return Finding::Failed(config.missing_key());
    };
    let key = key.value.expose();
    let kind = if key.starts_with(INGEST_KEY_PREFIX) {
        return Finding::Passed(format!("key: an ingest key ({INGEST_KEY_PREFIX}…)"));
    } else if key.starts_with("ls_api_live_") {
        "a read-only key (ls_api_live_…): the ingest API refuses it with 403"
    } else if key.starts_with("ls_src_live_") {
        "a source key (ls_src_live_…), for collector routes only: the ingest API refuses it"
    } else if key.starts_with("eyJ") {
        "a dashboard session token (a JWT): it is accepted until it expires"
    } else {
        "not an ingest key"
    };
    Finding::Warning(format!(
        "key: {kind}; ship with an ingest key, which starts with {INGEST_KEY_PREFIX}"
    ))
}

fn check_project(config: &Config) -> Finding {
    let Some(project) = &config.connection.project_id else {
        return Finding::Failed(config.missing_project());
    };
    match validate_project_id(project.clone()) {
        Ok(_) => Finding::Passed("project: a UUID".into()),
        Err(failure) => Finding::Failed(failure),
    }
}

fn check_status(config: &Config) -> Finding {
    let connection = &config.connection;
    let url = &connection.url.value;
    let probe = probe_status(
        url,
        connection.proxy.as_ref().map(|proxy| proxy.value.as_str()),
        connection.ca_file.as_ref().map(|ca| ca.value.as_path()),
        connection.request_timeout.value,
    );
    match probe {
        Ok(Ok(elapsed)) => Finding::Passed(format!(
            "API: GET {url}/v1/status answered 200 in {}",
            format_latency(elapsed)
        )),
        Ok(Err(error)) => {
            let mut failure = error.to_failure();
            failure.message = format!("API: GET {url}/v1/status: {}", failure.message);
            Finding::Failed(failure)
        }
        Err(error) => Finding::Failed(failure_of(&error)),
    }
}

/// Ships one DEBUG entry with the run's source, tags and meta, and reports the
/// id the API gave it.
fn send_test_entry(config: &Config) -> Finding {
    let attempt = || -> Result<String, Failure> {
        let settings = config.client_settings()?;
        let project = config
            .connection
            .project_id
            .clone()
            .ok_or_else(|| config.missing_project())?;
        let project = validate_project_id(project)?;
        let client = IngestClient::new(&settings).map_err(|error| failure_of(&error))?;
        let template = entry_template(config, &project.value, config.entries.meta.value.clone());
        let entry = Entry::new(
            Level::Debug,
            Cow::Borrowed("logingestor check: test entry"),
            Cow::Owned(format_timestamp(Utc::now())),
        );
        let mut encoded = Vec::new();
        template.encode(&entry, &mut encoded);
        let accepted = client
            .post(&Batch::from_entries([&encoded[..]]), None)
            .map_err(|error| error.to_failure())?;
        Ok(accepted.ids.first().cloned().unwrap_or_default())
    };
    match attempt() {
        Ok(id) if id.is_empty() => {
            Finding::Passed("test entry: accepted (the API gave no id)".into())
        }
        Ok(id) => Finding::Passed(format!("test entry: accepted with id {id}")),
        Err(mut failure) => {
            failure.message = format!("test entry: {}", failure.message);
            Finding::Failed(failure)
        }
    }
}

/// A proxy URL as it may be shown: a password in it is replaced by `…`.
fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user_info, host)) => {
                let user = user_info.split(':').next().unwrap_or_default();
                format!("{scheme}://{user}:…@{host}")
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// A failure from an error that may or may not be one already.
fn failure_of(error: &anyhow::Error) -> Failure {
    error
        .downcast_ref::<Failure>()
        .cloned()
        .unwrap_or_else(|| Failure::new(ExitCode::Internal, format!("{error:#}")))
}

fn format_latency(elapsed: Duration) -> String {
    format!("{} ms", elapsed.as_millis())
}

/// The key as it may be shown: its known prefix, `…`, and its last four
/// characters when enough of it stays hidden; never the whole key.
pub fn mask_key(key: &str) -> String {
    let prefix = KEY_PREFIXES
        .iter()
        .copied()
        .find(|prefix| key.starts_with(prefix))
        .unwrap_or("");
    let rest: Vec<char> = key[prefix.len()..].chars().collect();
    if rest.len() >= MIN_HIDDEN_FOR_SUFFIX {
        let last_four: String = rest[rest.len() - 4..].iter().collect();
        format!("{prefix}…{last_four}")
    } else {
        format!("{prefix}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_shows_only_its_prefix_and_last_four() {
        assert_eq!(
            mask_key("ls_app_live_TESTKEY0123456789abcdef"),
            "ls_app_live_…cdef"
        );
        assert_eq!(mask_key("ls_api_live_short"), "ls_api_live_…");
        assert_eq!(mask_key("0123456789abcdefghij"), "…ghij");
        assert_eq!(mask_key("tiny"), "…");
    }
}
