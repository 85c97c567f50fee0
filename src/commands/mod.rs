//! The subcommands: each takes its parsed arguments and the resolved
//! [`Config`], wires the stages (input → understand → batch → deliver →
//! spool and output) for its work, and hands back its outcome: an exit code,
//! or an error for `main` to report. One module per subcommand; none of
//! them exits the process.

pub mod check;
pub mod completions;
pub mod follow;
pub mod generate_docs;
pub mod pipe;
pub mod run;
pub mod send;
pub mod spool;

use crate::batch::batcher::{BatchingSettings, Overflow};
use crate::config::Config;
use crate::deliver::client::IngestClient;
use crate::deliver::concurrency::Concurrency;
use crate::deliver::engine::Shipper;
use crate::deliver::retry::RetryPolicy;
use crate::deliver::sink::{ApiSink, BatchSink, DryRunSink};
use crate::entry::EntryTemplate;
use crate::level::Level;
use crate::output::report::RunReport;
use crate::secret_mask::SecretMask;
use crate::shutdown::ShutdownSignal;
use crate::spool::store::SpoolStore;
use crate::spool::undelivered::{NoStore, UndeliveredStore};

/// Where undeliverable entries go: the spool, unless it is off (and for a
/// dry run, which delivers nothing and so keeps nothing either).
pub fn store_for(config: &Config) -> anyhow::Result<Box<dyn UndeliveredStore>> {
    match &config.spool {
        Ok(spool) if !config.connection.dry_run => Ok(Box::new(SpoolStore::new(&spool.value))),
        _ => Ok(Box::new(NoStore)),
    }
}

/// Where the batcher puts batches the delivery queue does not take.
pub fn overflow_for(config: &Config) -> anyhow::Result<Overflow> {
    Ok(Overflow {
        when_full: config.batching.when_full,
        store: store_for(config)?,
    })
}

/// How a run's lines become batches: the configured source, tags, limits
/// and line understanding, with `meta` on every entry and `level` where a
/// line names none.
pub fn batching_settings(
    config: &Config,
    project_id: &str,
    meta: serde_json::Map<String, serde_json::Value>,
    level: Level,
) -> BatchingSettings {
    BatchingSettings {
        template: entry_template(config, project_id, meta),
        level,
        limits: config.batching.limits,
        flush_interval: config.batching.flush_interval,
        lines: config.lines.clone(),
        filter: config.filter.clone(),
    }
}

/// What every entry of a run shares: project, source, tags, `meta`, and the
/// configured key to mask wherever it would be shipped.
pub fn entry_template(
    config: &Config,
    project_id: &str,
    meta: serde_json::Map<String, serde_json::Value>,
) -> EntryTemplate {
    EntryTemplate::new(
        project_id,
        &config.entries.source.value,
        config.entries.tags.value.clone(),
        meta,
    )
    .masking(SecretMask::new(
        config.connection.api_key.as_ref().map(|key| &key.value),
    ))
}

/// The delivery engine for a run: the sink, the store, and the retry budget.
pub fn shipper_for(config: &Config, shutdown: ShutdownSignal) -> anyhow::Result<Shipper> {
    shipper_with(sink_for(config)?, config, shutdown)
}

/// A shipper delivering to `sink` (for a sink wrapped by the caller, e.g. to count).
pub fn shipper_with(
    sink: Box<dyn BatchSink>,
    config: &Config,
    shutdown: ShutdownSignal,
) -> anyhow::Result<Shipper> {
    Ok(shipper_with_store(
        sink,
        store_for(config)?,
        config,
        shutdown,
    ))
}

/// A shipper delivering to `sink` and keeping what it cannot deliver in
/// `store` (both wrapped by the caller, e.g. to count).
pub fn shipper_with_store(
    sink: Box<dyn BatchSink>,
    store: Box<dyn UndeliveredStore>,
    config: &Config,
    shutdown: ShutdownSignal,
) -> Shipper {
    Shipper::new(
        sink,
        store,
        RetryPolicy::with_budget(config.delivery.retry_for),
        shutdown,
        config
            .connection
            .project_id
            .as_ref()
            .map(|project| project.value.clone()),
    )
    .with_concurrency(match config.connection.dry_run {
        // A dry run prints the bodies in order, one at a time.
        true => Concurrency::Fixed(1),
        false => config.delivery.concurrency.value,
    })
}

/// The sink a run delivers to: stdout for `--dry-run`, else the API (which
/// needs a key: its absence is reported here, before any input is read).
pub fn sink_for(config: &Config) -> anyhow::Result<Box<dyn BatchSink>> {
    if config.connection.dry_run {
        return Ok(Box::new(DryRunSink::stdout()));
    }
    let settings = config.client_settings()?;
    Ok(Box::new(ApiSink::new(IngestClient::new(&settings)?)))
}

/// Notes on stderr that a dry run uses a placeholder project id.
pub fn warn_about_placeholder_project(config: &Config) {
    if config.connection.dry_run && config.connection.project_id.is_none() {
        eprintln!(
            "logingestor: note: no project id is configured; the dry run uses {}",
            crate::config::connection::PLACEHOLDER_PROJECT_ID
        );
    }
}

/// Prints the warnings of a run's report and, when asked, its stats line.
pub fn tell(report: &RunReport, config: &Config) {
    for warning in report.warnings() {
        eprintln!("logingestor: warning: {warning}");
    }
    if config.console.stats {
        eprintln!("{}", report.stats_line());
    }
}
