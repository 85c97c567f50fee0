//! How long delivery may take: the retry budget of a batch, and what is
//! left for sending after a stop signal.

use std::time::Duration;

use crate::cli::{BatchingArgs, ConnectionArgs};
use crate::config::file::CountOrWord;
use crate::config::values::Resolver;
use crate::config::Setting;
use crate::deliver::concurrency::Concurrency;
use crate::output::failure::Failure;

const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);
/// The most requests in flight with `--concurrency auto`, unless told.
pub const DEFAULT_CONCURRENCY_MAX: usize = 16;
/// The most requests in flight that can be asked for.
const CONCURRENCY_CEILING: usize = 512;

/// How long delivery may take.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// How long one batch may be retried before it is spooled.
    pub retry_for: Duration,
    /// After SIGINT or SIGTERM, how long to keep sending what is buffered.
    pub shutdown_timeout: Duration,
    /// How many requests may be in flight at once.
    pub concurrency: Setting<Concurrency>,
}

/// Resolves the delivery settings; `default_retry_for` is the subcommand's
/// retry budget when none is given.
pub fn resolve(
    values: &Resolver,
    connection: &ConnectionArgs,
    batching: Option<&BatchingArgs>,
    default_retry_for: Duration,
) -> Result<Delivery, Failure> {
    let file = &values.file.settings;
    let retry_for = values
        .duration(
            connection.retry_for.as_deref(),
            "--retry-for",
            "retry_for",
            file.retry_for.as_deref(),
        )?
        .unwrap_or(default_retry_for);
    let shutdown_timeout = values
        .duration(
            batching.and_then(|b| b.shutdown_timeout.as_deref()),
            "--shutdown-timeout",
            "shutdown_timeout",
            file.shutdown_timeout.as_deref(),
        )?
        .unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
    Ok(Delivery {
        retry_for,
        shutdown_timeout,
        concurrency: Setting {
            value: concurrency(values, batching)?,
            origin: values.origin(
                batching
                    .and_then(|b| b.concurrency.as_ref())
                    .map(|_| "--concurrency"),
                "concurrency",
                values.file.settings.concurrency.is_some(),
            ),
        },
    })
}

/// `--concurrency N|auto` and `--concurrency-max N`, else the file's
/// `concurrency` and `concurrency_max`; `auto` up to 16 by default.
fn concurrency(values: &Resolver, batching: Option<&BatchingArgs>) -> Result<Concurrency, Failure> {
    let file = &values.file.settings;
    let within = |count: usize| (1..=CONCURRENCY_CEILING).contains(&count);
    let limit = format!("use a whole number from 1 to {CONCURRENCY_CEILING}, or auto");
    let max = match batching.and_then(|b| b.concurrency_max) {
        Some(max) if !within(max) => {
            return Err(Failure::usage(format!(
            "invalid --concurrency-max '{max}': use a whole number from 1 to {CONCURRENCY_CEILING}"
        )))
        }
        Some(max) => max,
        None => match file.concurrency_max {
            Some(max) if !within(max) => {
                return Err(values.file.invalid_value(
                    "concurrency_max",
                    &max.to_string(),
                    &format!("use a whole number from 1 to {CONCURRENCY_CEILING}"),
                ))
            }
            Some(max) => max,
            None => DEFAULT_CONCURRENCY_MAX,
        },
    };
    let parse = |text: &str| -> Option<Concurrency> {
        match text.trim() {
            "auto" => Some(Concurrency::Auto { max }),
            count => count
                .parse()
                .ok()
                .filter(|count| within(*count))
                .map(Concurrency::Fixed),
        }
    };
    if let Some(text) = batching.and_then(|b| b.concurrency.as_deref()) {
        return parse(text)
            .ok_or_else(|| Failure::usage(format!("invalid --concurrency '{text}': {limit}")));
    }
    match &file.concurrency {
        None => Ok(Concurrency::Auto { max }),
        Some(CountOrWord::Count(count)) => parse(&count.to_string()).ok_or_else(|| {
            values
                .file
                .invalid_value("concurrency", &count.to_string(), &limit)
        }),
        Some(CountOrWord::Word(text)) => {
            parse(text).ok_or_else(|| values.file.invalid_value("concurrency", text, &limit))
        }
    }
}
