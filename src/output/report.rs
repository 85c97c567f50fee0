//! What became of a run's entries. Every entry a run reads ends in exactly
//! one place: delivered, spooled, dead-lettered, dropped, filtered or
//! rate-limited, so that `read = delivered + spooled + dead-lettered +
//! dropped + filtered + rate-limited`. The `--stats` line
//! prints exactly these terms, and [`RunReport::into_result`] is the one
//! place that turns them into the exit code and its message.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;

/// Why entries were dropped: neither delivered nor kept.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drops {
    /// `--when-full drop` while the buffer was full.
    pub buffer_full: u64,
    /// Undeliverable with the spool turned off (`--no-spool`).
    pub no_spool: u64,
    /// Undeliverable, and the spool directory could not be written.
    pub spool_unwritable: u64,
    /// Spooled, then deleted to keep the spool under `--spool-max`.
    pub spool_cap: u64,
}

impl Drops {
    /// All dropped entries.
    pub fn total(&self) -> u64 {
        self.buffer_full + self.no_spool + self.spool_unwritable + self.spool_cap
    }

    fn absorb(&mut self, other: Drops) {
        self.buffer_full += other.buffer_full;
        self.no_spool += other.no_spool;
        self.spool_unwritable += other.spool_unwritable;
        self.spool_cap += other.spool_cap;
    }
}

/// What became of entries earlier runs left in the spool, which this run sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EarlierEntries {
    pub delivered: u64,
    pub dead_lettered: u64,
    /// Deleted to keep the spool under its cap, to make room for this run's.
    pub dropped_by_cap: u64,
    /// Entries the API refused (403) for a project other than this run's:
    /// they stay in the spool; the count by project.
    pub refused_by_project: BTreeMap<String, u64>,
}

/// The last error of a request that failed, as the report tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastError {
    /// What went wrong, in one line.
    pub text: String,
    /// True when the API refused the entries as invalid (400/422): the
    /// reason the dead letters were set aside.
    pub rejected: bool,
}

impl std::fmt::Display for LastError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The counts of one run's delivery, gathered on the delivery thread and by
/// the batchers (which spool or drop what delivery cannot take).
#[derive(Debug, Default, Clone)]
pub struct DeliveryStats {
    /// This run's entries accepted by the API.
    pub delivered: u64,
    /// This run's entries put in the spool.
    pub spooled: u64,
    /// Of those, the ones that left it again: delivered or dead-lettered
    /// from it by this run, or deleted by its cap (counted there too).
    pub left_spool: u64,
    /// This run's entries the API refused as invalid, in the dead-letter file.
    pub dead_lettered: u64,
    pub dropped: Drops,
    /// Entries not shipped by choice: below `--min-level`, or not wanted by
    /// `--include`/`--exclude`.
    pub filtered: u64,
    /// Entries held back by `--max-rate`.
    pub rate_limited: u64,
    pub earlier: EarlierEntries,
    /// Requests that succeeded.
    pub batches: u64,
    /// Requests sent again after a failure.
    pub retries: u64,
    /// Requests that may have been applied without our knowing: retried
    /// after a lost answer, or given up in flight at the shutdown deadline.
    pub possible_duplicates: u64,
    /// The error that stopped shipping (401/403/404, an untrusted
    /// certificate), as the user is told it: its message, code and hint.
    pub fatal_error: Option<Failure>,
    /// The last error of a request that failed.
    pub last_error: Option<LastError>,
    /// The last error writing the spool.
    pub store_error: Option<String>,
    /// Where spooled entries are.
    pub spool_location: Option<PathBuf>,
    /// Entries were kept because the shutdown deadline came first.
    pub stopped_at_deadline: bool,
    /// Requests in flight at most at once, and the mean over the time any was.
    pub in_flight_max: u64,
    pub in_flight_mean: f64,
    /// Request bodies sent, in bytes as they went on the wire (compressed,
    /// when they were), retries and refused requests included.
    pub bytes_sent: u64,
}

impl DeliveryStats {
    /// Adds the counts of `other` (gathered on another thread).
    pub fn absorb(&mut self, other: DeliveryStats) {
        self.delivered += other.delivered;
        self.spooled += other.spooled;
        self.left_spool += other.left_spool;
        self.dead_lettered += other.dead_lettered;
        self.dropped.absorb(other.dropped);
        self.filtered += other.filtered;
        self.rate_limited += other.rate_limited;
        self.earlier.delivered += other.earlier.delivered;
        self.earlier.dead_lettered += other.earlier.dead_lettered;
        self.earlier.dropped_by_cap += other.earlier.dropped_by_cap;
        for (project, count) in other.earlier.refused_by_project {
            *self.earlier.refused_by_project.entry(project).or_default() += count;
        }
        self.batches += other.batches;
        self.retries += other.retries;
        self.possible_duplicates += other.possible_duplicates;
        self.fatal_error = self.fatal_error.take().or(other.fatal_error);
        self.last_error = self.last_error.take().or(other.last_error);
        self.store_error = self.store_error.take().or(other.store_error);
        self.spool_location = self.spool_location.take().or(other.spool_location);
        self.stopped_at_deadline |= other.stopped_at_deadline;
        self.in_flight_max = self.in_flight_max.max(other.in_flight_max);
        self.in_flight_mean = self.in_flight_mean.max(other.in_flight_mean);
        // The senders of a run share one sink, which counts for them all.
        self.bytes_sent = self.bytes_sent.max(other.bytes_sent);
    }

    /// This run's entries waiting in the spool now.
    pub fn in_spool(&self) -> u64 {
        self.spooled.saturating_sub(self.left_spool)
    }

    /// Entries whose fate is known: delivered, spooled, dead-lettered,
    /// dropped, filtered or rate-limited.
    pub fn settled(&self) -> u64 {
        self.delivered
            + self.in_spool()
            + self.dead_lettered
            + self.dropped.total()
            + self.filtered
            + self.rate_limited
    }
}

/// The outcome of one run: how many entries it read and what became of them.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Entries made from the input (a multi-line entry is one), with `run`'s
    /// lifecycle entries.
    pub read: u64,
    pub stats: DeliveryStats,
    pub elapsed: Duration,
}

impl RunReport {
    /// The `--stats` line: the identity of the run's entries, then the work.
    pub fn stats_line(&self) -> String {
        let stats = &self.stats;
        let mut line = format!(
            "logingestor: stats: {} entries read = {} delivered + {} spooled + {} dead-lettered + {} dropped \
             + {} filtered + {} rate-limited",
            self.read,
            stats.delivered,
            stats.in_spool(),
            stats.dead_lettered,
            stats.dropped.total(),
            stats.filtered,
            stats.rate_limited,
        );
        let earlier = &stats.earlier;
        if earlier.delivered > 0 || earlier.dead_lettered > 0 || earlier.dropped_by_cap > 0 {
            let _ = write!(
                line,
                "; from the spool: {} delivered, {} dead-lettered, {} dropped",
                earlier.delivered, earlier.dead_lettered, earlier.dropped_by_cap
            );
        }
        let seconds = self.elapsed.as_secs_f64().max(0.001);
        let _ = write!(
            line,
            "; {} batches, {} retries, {} possible duplicates, \
             {} requests in flight at most, {:.1} on average, {} bytes sent, \
             {} elapsed, {:.0} entries/s",
            stats.batches,
            stats.retries,
            stats.possible_duplicates,
            stats.in_flight_max,
            stats.in_flight_mean,
            stats.bytes_sent,
            crate::output::progress::format_elapsed(self.elapsed),
            stats.delivered as f64 / seconds,
        );
        line
    }

    /// Warnings about earlier runs' entries, for stderr: what was dropped
    /// from the spool, refused for another project, or dead-lettered.
    pub fn warnings(&self) -> Vec<String> {
        let earlier = &self.stats.earlier;
        let mut warnings = Vec::new();
        for (project, count) in &earlier.refused_by_project {
            warnings.push(format!(
                "{count} spooled entries for project {project} were refused by the API (403) and stay \
                 in the spool: ship them with a key for that project, or delete them with \
                 `logingestor spool purge`"
            ));
        }
        if earlier.dead_lettered > 0 {
            warnings.push(format!(
                "{} spooled entries of earlier runs were refused as invalid and moved to the \
                 dead-letter file{}",
                earlier.dead_lettered,
                self.spool_suffix()
            ));
        }
        if earlier.dropped_by_cap > 0 {
            warnings.push(format!(
                "{} spooled entries of earlier runs were deleted to keep the spool under --spool-max",
                earlier.dropped_by_cap
            ));
        }
        warnings
    }

    fn spool_suffix(&self) -> String {
        self.stats
            .spool_location
            .as_ref()
            .map_or_else(String::new, |dir| format!(" in {}", dir.display()))
    }

    /// The exit code the counts call for (70 when they do not add up to the
    /// entries read, a bug): 0 only when every entry read was
    /// delivered; 73 when entries were lost because the spool could not be
    /// written; 69 when any other entry was dropped (or an earlier run's was
    /// deleted by the spool's cap); then the stopping error's code (77 or
    /// 78); 65 when the API refused some as invalid; 75 when some wait in
    /// the spool.
    pub fn exit_code(&self) -> ExitCode {
        let stats = &self.stats;
        if stats.settled() != self.read {
            ExitCode::Internal
        } else if stats.dropped.spool_unwritable > 0 {
            ExitCode::CantCreate
        } else if stats.dropped.total() > 0 || stats.earlier.dropped_by_cap > 0 {
            ExitCode::Unavailable
        } else if let Some(error) = &stats.fatal_error {
            error.exit_code
        } else if stats.dead_lettered > 0 {
            ExitCode::DataRejected
        } else if stats.in_spool() > 0 {
            ExitCode::TempFail
        } else {
            ExitCode::Success
        }
    }

    /// `Ok` when everything read was delivered; otherwise the failure that
    /// says where the rest went, with [`RunReport::exit_code`].
    pub fn into_result(self) -> Result<(), Failure> {
        let code = self.exit_code();
        if code == ExitCode::Success {
            return Ok(());
        }
        let stats = &self.stats;
        if code == ExitCode::Internal {
            return Err(Failure::new(
                code,
                format!(
                    "the run's counts do not add up (a bug: please report it): {} entries read, \
                     {} delivered, {} spooled, {} dead-lettered, {} dropped, {} filtered, {} \
                     rate-limited",
                    self.read,
                    stats.delivered,
                    stats.in_spool(),
                    stats.dead_lettered,
                    stats.dropped.total(),
                    stats.filtered,
                    stats.rate_limited,
                ),
            ));
        }
        let mut parts = self.losses();
        if let Some(error) = &stats.fatal_error {
            parts.push(error.to_string());
        } else if stats.stopped_at_deadline && stats.in_spool() > 0 {
            parts.push(
                "the shutdown deadline (--shutdown-timeout) came before every entry was delivered"
                    .to_owned(),
            );
        } else if let Some(error) = stats.last_error.as_ref().filter(|_| stats.in_spool() > 0) {
            parts.push(format!("not every entry could be delivered: {error}"));
        }
        parts.extend(self.set_aside());
        let message = parts.join("; ");
        let failure = match (&stats.fatal_error, code) {
            (Some(error), ExitCode::NoPermission | ExitCode::Config) => {
                let mut failure = error.clone();
                failure.message = message;
                failure
            }
            _ => Failure::new(code, message),
        };
        Err(match code {
            ExitCode::TempFail => failure.with_hint(
                "nothing is lost: the next logingestor run, or `logingestor spool flush`, sends them",
            ),
            ExitCode::CantCreate => failure.with_hint(
                "pass --spool-dir PATH (or set LOGINGESTOR_SPOOL_DIR) naming a writable directory \
                 with free space",
            ),
            ExitCode::Unavailable if stats.dropped.spool_cap > 0 => failure
                .with_hint("raise --spool-max, or find why the API was not reachable for so long"),
            _ => failure,
        })
    }

    /// What the message says first when entries were lost: how many, each
    /// cause, and the last error when that is why they could not be sent.
    fn losses(&self) -> Vec<String> {
        let stats = &self.stats;
        let dropped = &stats.dropped;
        if dropped.total() == 0 {
            return Vec::new();
        }
        let mut causes = Vec::new();
        if dropped.spool_unwritable > 0 {
            let why = stats
                .store_error
                .as_deref()
                .unwrap_or("the spool could not be written");
            causes.push(format!("{} because {why}", dropped.spool_unwritable));
        }
        if dropped.no_spool > 0 {
            causes.push(format!(
                "{} could not be delivered, and the spool is off",
                dropped.no_spool
            ));
        }
        if dropped.buffer_full > 0 {
            causes.push(format!(
                "{} because the buffer was full (--when-full drop)",
                dropped.buffer_full
            ));
        }
        if dropped.spool_cap > 0 {
            causes.push(format!(
                "{} deleted from the spool to keep it under --spool-max",
                dropped.spool_cap
            ));
        }
        let mut parts = vec![format!(
            "{} of {} entries were lost: {}",
            dropped.total(),
            self.read,
            causes.join("; ")
        )];
        let undeliverable = dropped.no_spool + dropped.spool_unwritable > 0;
        if let (true, None, Some(error)) = (undeliverable, &stats.fatal_error, &stats.last_error) {
            parts.push(format!("the last error: {error}"));
        }
        parts
    }

    /// What the message says last: the entries set aside in the dead-letter
    /// file, those kept in the spool, and those of earlier runs its cap
    /// deleted (when no entry of this run was lost).
    fn set_aside(&self) -> Vec<String> {
        let stats = &self.stats;
        let mut parts = Vec::new();
        if stats.dead_lettered > 0 {
            let reason = stats
                .last_error
                .as_ref()
                .filter(|error| error.rejected)
                .map_or_else(String::new, |error| format!(" ({error})"));
            parts.push(format!(
                "the API rejected {} entries as invalid{reason}; they were set aside in the \
                 dead-letter file{}",
                stats.dead_lettered,
                self.spool_suffix()
            ));
        }
        if stats.in_spool() > 0 {
            parts.push(format!(
                "{} entries were kept in the spool{} for the next run",
                stats.in_spool(),
                self.spool_suffix()
            ));
        }
        if stats.earlier.dropped_by_cap > 0 && stats.dropped.total() == 0 {
            parts.push(format!(
                "{} spooled entries of earlier runs were deleted to keep the spool under --spool-max",
                stats.earlier.dropped_by_cap
            ));
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(read: u64, stats: DeliveryStats) -> RunReport {
        RunReport {
            read,
            stats,
            elapsed: Duration::from_secs(2),
        }
    }

    #[test]
    fn the_stats_line_prints_the_identity_of_the_run() {
        let stats = DeliveryStats {
            delivered: 8,
            spooled: 1,
            dropped: Drops {
                buffer_full: 1,
                ..Drops::default()
            },
            batches: 2,
            retries: 3,
            possible_duplicates: 1,
            ..DeliveryStats::default()
        };
        assert_eq!(
            report(10, stats).stats_line(),
            "logingestor: stats: 10 entries read = 8 delivered + 1 spooled + 0 dead-lettered + 1 dropped \
             + 0 filtered + 0 rate-limited; \
             2 batches, 3 retries, 1 possible duplicates, 0 requests in flight at most, \
             0.0 on average, 0 bytes sent, 2.0s elapsed, 4 entries/s"
        );
    }

    /// A refused key as delivery reports it (401).
    fn refused_key() -> Failure {
        Failure::new(
            ExitCode::NoPermission,
            "the API refused the key (401 unauthorized): no",
        )
    }

    #[test]
    fn the_exit_code_follows_from_the_counts() {
        let with = |change: fn(&mut DeliveryStats)| {
            let mut stats = DeliveryStats::default();
            change(&mut stats);
            report(stats.settled(), stats).exit_code()
        };
        assert_eq!(
            report(2, DeliveryStats::default()).exit_code(),
            ExitCode::Internal
        );
        assert_eq!(with(|s| s.delivered = 1), ExitCode::Success);
        assert_eq!(with(|s| s.spooled = 1), ExitCode::TempFail);
        assert_eq!(with(|s| s.dead_lettered = 1), ExitCode::DataRejected);
        assert_eq!(with(|s| s.dropped.buffer_full = 1), ExitCode::Unavailable);
        assert_eq!(with(|s| s.dropped.spool_cap = 1), ExitCode::Unavailable);
        assert_eq!(
            with(|s| s.earlier.dropped_by_cap = 1),
            ExitCode::Unavailable
        );
        assert_eq!(
            with(|s| s.dropped.spool_unwritable = 1),
            ExitCode::CantCreate
        );
        assert_eq!(
            with(|s| {
                s.spooled = 1;
                s.fatal_error = Some(refused_key());
            }),
            ExitCode::NoPermission
        );
        assert_eq!(
            with(|s| {
                s.dropped.no_spool = 1;
                s.fatal_error = Some(refused_key());
            }),
            ExitCode::Unavailable,
            "a loss outranks the cause"
        );
    }

    #[test]
    fn a_loss_is_told_once_with_every_cause_and_the_total() {
        let stats = DeliveryStats {
            delivered: 500,
            dropped: Drops {
                no_spool: 1000,
                buffer_full: 500,
                ..Drops::default()
            },
            ..DeliveryStats::default()
        };
        let failure = report(2000, stats).into_result().unwrap_err();
        assert_eq!(failure.exit_code, ExitCode::Unavailable);
        assert!(
            failure
                .message
                .starts_with("1500 of 2000 entries were lost: "),
            "{}",
            failure.message
        );
        assert!(failure
            .message
            .contains("1000 could not be delivered, and the spool is off"));
        assert!(failure.message.contains("500 because the buffer was full"));
    }

    #[test]
    fn a_refused_key_says_what_was_kept() {
        let stats = DeliveryStats {
            spooled: 3,
            fatal_error: Some(
                Failure::new(
                    ExitCode::NoPermission,
                    "the key may not ingest into this project (403 forbidden): no",
                )
                .with_hint("use an ingest key for this project"),
            ),
            spool_location: Some("/spool".into()),
            ..DeliveryStats::default()
        };
        let failure = report(3, stats).into_result().unwrap_err();
        assert_eq!(failure.exit_code, ExitCode::NoPermission);
        assert!(failure.message.contains("403"), "{}", failure.message);
        assert!(
            failure
                .message
                .contains("3 entries were kept in the spool in /spool"),
            "{}",
            failure.message
        );
        assert!(failure.hint.is_some());
    }
}
