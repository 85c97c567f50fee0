//! How long delivery may take: the retry budget of a batch, and what is
//! left for sending after a stop signal.

use std::time::Duration;

use crate::cli::{BatchingArgs, ConnectionArgs};
use crate::config::values::Resolver;
use crate::output::failure::Failure;

const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// How long delivery may take.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// How long one batch may be retried before it is spooled.
    pub retry_for: Duration,
    /// After SIGINT or SIGTERM, how long to keep sending what is buffered.
    pub shutdown_timeout: Duration,
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
    })
}
