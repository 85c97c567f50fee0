//! The delivery engine: retries with backoff, splits batches the server finds
//! too large, isolates entries it rejects, keeps what cannot be delivered in
//! the spool, and drains the spool when the API answers again.

use std::path::PathBuf;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::batch::Batch;
use crate::batch_queue::{Empty, QueueReceiver};
use crate::delivery::DeliveryError;
use crate::exit_code::ExitCode;
use crate::failure::Failure;
use crate::retry::{fits_before, RetryPolicy};
use crate::shutdown::ShutdownSignal;
use crate::sink::BatchSink;
use crate::undelivered::UndeliveredStore;

/// How often an idle delivery thread looks at the spool.
const IDLE_TICK: Duration = Duration::from_millis(100);
/// While the API is failing and no new batch comes, how often to probe it
/// with a spooled segment.
const OUTAGE_PROBE_INTERVAL: Duration = Duration::from_secs(5);
/// How long the end of a run may spend draining older spooled entries.
const FINAL_DRAIN_TIME: Duration = Duration::from_secs(2);

/// What became of the entries of one run.
#[derive(Debug, Default, Clone)]
pub struct DeliveryStats {
    /// Entries of this run accepted by the API.
    pub delivered: u64,
    /// Entries from earlier runs' spool accepted by the API.
    pub delivered_from_spool: u64,
    /// Requests that succeeded.
    pub batches: u64,
    /// Requests sent again after a failure.
    pub retries: u64,
    /// Retries after a failure that may have been applied anyway (possible duplicates).
    pub ambiguous_retries: u64,
    /// Entries of this run written to the spool.
    pub spooled: u64,
    /// Entries the API refused as invalid.
    pub dead_lettered: u64,
    /// Entries neither delivered nor kept (spool disabled or unwritable, or dropped).
    pub lost: u64,
    /// Entries dropped by `--when-full drop`.
    pub dropped: u64,
    /// The error that stopped shipping (401/403/404).
    pub fatal_error: Option<DeliveryError>,
    /// The last error of a request that failed.
    pub last_error: Option<DeliveryError>,
    /// The last error writing the spool.
    pub store_error: Option<String>,
    /// Where spooled entries are, and how many wait there at the end.
    pub spool_location: Option<PathBuf>,
    pub spool_waiting: u64,
}

impl DeliveryStats {
    /// Adds the counts of `other` (for stats gathered on two threads).
    pub fn absorb(&mut self, other: DeliveryStats) {
        self.spooled += other.spooled;
        self.lost += other.lost;
        self.dropped += other.dropped;
        if other.store_error.is_some() {
            self.store_error = other.store_error;
        }
    }

    /// `Ok` when every entry was delivered; otherwise the failure that says
    /// what happened to those that were not, with its exit code:
    /// 77/78 when the key or URL is wrong, 69 when entries were lost or
    /// dropped, 65 when the API rejected some, 75 when some wait in the spool.
    pub fn into_result(self) -> Result<(), Failure> {
        let spool = self
            .spool_location
            .as_ref()
            .map_or_else(String::new, |dir| format!(" in {}", dir.display()));
        let kept = if self.spooled > 0 {
            format!(
                "; {} entries were kept in the spool{spool} for the next run",
                self.spooled
            )
        } else {
            String::new()
        };
        if let Some(error) = &self.fatal_error {
            let mut failure = error.to_failure();
            failure.message.push_str(&kept);
            if self.lost > 0 {
                failure
                    .message
                    .push_str(&format!("; {} entries were lost", self.lost));
            }
            return Err(failure);
        }
        if self.lost > 0 {
            let mut message = format!("{} entries were not delivered and are lost", self.lost);
            if self.dropped > 0 {
                message.push_str(&format!(
                    " ({} dropped because the buffer was full, --when-full drop)",
                    self.dropped
                ));
            }
            if let Some(error) = &self.last_error {
                message.push_str(&format!(": {error}"));
            }
            if let Some(store_error) = &self.store_error {
                message.push_str(&format!("; {store_error}"));
            }
            message.push_str(&kept);
            return Err(Failure::new(ExitCode::Unavailable, message));
        }
        if self.dead_lettered > 0 {
            let reason = self
                .last_error
                .as_ref()
                .map_or_else(String::new, |e| format!(" ({e})"));
            return Err(Failure::new(
                ExitCode::DataRejected,
                format!(
                    "the API rejected {} entries as invalid{reason}; they were set aside in the dead-letter file{spool}{kept}",
                    self.dead_lettered
                ),
            ));
        }
        if self.spooled > 0 && self.spool_waiting > 0 {
            let why = self
                .last_error
                .as_ref()
                .map_or_else(String::new, |e| format!(": {e}"));
            return Err(Failure::new(
                ExitCode::TempFail,
                format!("not every entry could be delivered{why}{kept}"),
            )
            .with_hint("nothing is lost: the next logingestor run, or `logingestor spool flush`, sends them"));
        }
        Ok(())
    }
}

/// Delivers batches through a sink with retries, and keeps what it cannot deliver.
pub struct Shipper {
    sink: Box<dyn BatchSink>,
    store: Box<dyn UndeliveredStore>,
    policy: RetryPolicy,
    shutdown: ShutdownSignal,
    /// Set when a batch spent its retry budget: until the API answers again,
    /// batches get one try each and are spooled at once.
    in_outage: bool,
    stats: DeliveryStats,
}

impl Shipper {
    /// A shipper delivering to `sink` and keeping failures in `store`.
    pub fn new(
        sink: Box<dyn BatchSink>,
        store: Box<dyn UndeliveredStore>,
        policy: RetryPolicy,
        shutdown: ShutdownSignal,
    ) -> Self {
        let spool_location = store.location();
        Shipper {
            sink,
            store,
            policy,
            shutdown,
            in_outage: false,
            stats: DeliveryStats {
                spool_location,
                ..DeliveryStats::default()
            },
        }
    }

    /// True while the API is failing.
    pub fn in_outage(&self) -> bool {
        self.in_outage
    }

    /// True once shipping should stop (a fatal error, or the shutdown deadline passed).
    fn must_stop(&self) -> bool {
        self.stats.fatal_error.is_some()
            || self
                .shutdown
                .deadline()
                .is_some_and(|d| Instant::now() >= d)
    }

    /// Delivers one batch of this run's entries within the retry budget;
    /// what cannot be delivered is spooled or dead-lettered.
    pub fn ship(&mut self, batch: &Batch) {
        let entries: Vec<&[u8]> = batch.entries().collect();
        let budget = if self.in_outage {
            Duration::ZERO
        } else {
            self.policy.retry_for
        };
        let deadline = self.shutdown.cap(Instant::now() + budget);
        let outcome = self.deliver(&entries, Some(batch), deadline);
        self.stats.delivered += outcome.delivered;
        if !outcome.undelivered.is_empty() {
            self.keep(&outcome.undelivered);
        }
    }

    /// Delivers spooled segments, oldest first, until `until` or the first
    /// failure; each request may be retried for `retry_for`.
    pub fn drain_spool(&mut self, until: Instant, retry_for: Duration) {
        while Instant::now() < until && !self.must_stop() {
            let segment = match self.store.claim_next() {
                Ok(Some(segment)) => segment,
                Ok(None) => return,
                Err(error) => {
                    self.stats.store_error = Some(format!("{error:#}"));
                    return;
                }
            };
            let owned = segment.entries().to_vec();
            let entries: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            let outcome = self.deliver(&entries, None, Instant::now() + retry_for);
            self.stats.delivered_from_spool += outcome.delivered;
            let result = if outcome.undelivered.is_empty() {
                segment.complete()
            } else if outcome.undelivered.len() == entries.len() {
                segment.release();
                Ok(())
            } else {
                segment.keep_remaining(&outcome.undelivered)
            };
            if let Err(error) = result {
                self.stats.store_error = Some(format!("{error:#}"));
                return;
            }
            if !outcome.undelivered.is_empty() {
                return;
            }
        }
    }

    /// The counts so far, with how many entries wait in the spool.
    pub fn finish(mut self) -> DeliveryStats {
        self.stats.spool_waiting = self.store.waiting_entries();
        self.stats
    }

    fn keep(&mut self, entries: &[&[u8]]) {
        match self.store.keep(entries) {
            Ok(()) => self.stats.spooled += entries.len() as u64,
            Err(error) => {
                self.stats.lost += entries.len() as u64;
                self.stats.store_error = Some(format!("{error:#}"));
            }
        }
    }

    /// Tries to deliver `entries` before `deadline`; returns what was neither
    /// delivered nor dead-lettered.
    /// `whole`, when given, is `entries` already encoded as one body: the
    /// first request sends it as it is instead of building it again.
    fn deliver<'e>(
        &mut self,
        entries: &[&'e [u8]],
        mut whole: Option<&Batch>,
        deadline: Instant,
    ) -> Outcome<'e> {
        let mut outcome = Outcome::default();
        // Parts still to send, the next one last.
        let mut parts: Vec<&[&'e [u8]]> = vec![entries];
        let mut giving_up = false;
        while let Some(part) = parts.pop() {
            if giving_up || self.must_stop() {
                outcome.undelivered.extend_from_slice(part);
                continue;
            }
            let rebuilt;
            let batch = match whole.take() {
                Some(batch) if part.len() == entries.len() => batch,
                _ => {
                    rebuilt = Batch::from_entries(part.iter().copied());
                    &rebuilt
                }
            };
            match self.post_with_retries(batch, deadline) {
                Ok(()) => {
                    outcome.delivered += part.len() as u64;
                    self.stats.batches += 1;
                    self.in_outage = false;
                }
                Err(error @ (DeliveryError::TooLarge | DeliveryError::Rejected { .. })) => {
                    if part.len() > 1 {
                        let (left, right) = part.split_at(part.len() / 2);
                        parts.push(right);
                        parts.push(left);
                    } else {
                        self.dead_letter(part, &error);
                    }
                    self.stats.last_error = Some(error);
                }
                Err(error) if error.is_fatal() => {
                    outcome.undelivered.extend_from_slice(part);
                    self.stats.fatal_error = Some(error);
                }
                Err(error) => {
                    outcome.undelivered.extend_from_slice(part);
                    self.stats.last_error = Some(error);
                    self.in_outage = true;
                    giving_up = true;
                }
            }
        }
        outcome
    }

    fn dead_letter(&mut self, entries: &[&[u8]], error: &DeliveryError) {
        self.stats.dead_lettered += entries.len() as u64;
        if let Err(store_error) = self.store.dead_letter(entries, &error.to_string()) {
            self.stats.store_error = Some(format!("{store_error:#}"));
        }
    }

    /// One request, repeated on retriable failures while the next wait still
    /// ends before `deadline`.
    fn post_with_retries(&mut self, batch: &Batch, deadline: Instant) -> Result<(), DeliveryError> {
        let mut attempt = 0;
        loop {
            let timeout = self
                .shutdown
                .deadline()
                .map(|stop| stop.saturating_duration_since(Instant::now()));
            if timeout == Some(Duration::ZERO) {
                return Err(DeliveryError::Network {
                    detail: "shutdown deadline reached".into(),
                    maybe_applied: false,
                });
            }
            let error = match self.sink.deliver(batch, timeout) {
                Ok(()) => return Ok(()),
                Err(error) if !error.is_retriable() => return Err(error),
                Err(error) => error,
            };
            let wait = match error.retry_after() {
                Some(asked) => RetryPolicy::server_wait(asked),
                None => self.policy.backoff(attempt),
            };
            if !fits_before(wait, self.shutdown.cap(deadline)) {
                return Err(error);
            }
            self.shutdown.sleep(wait);
            attempt += 1;
            self.stats.retries += 1;
            if error.may_have_been_applied() {
                self.stats.ambiguous_retries += 1;
            }
        }
    }
}

#[derive(Default)]
struct Outcome<'e> {
    delivered: u64,
    undelivered: Vec<&'e [u8]>,
}

/// Starts the delivery thread: it ships each queued batch, drains the spool
/// when idle, and returns the stats when the queue is finished.
pub fn spawn_delivery(mut shipper: Shipper, batches: QueueReceiver) -> JoinHandle<DeliveryStats> {
    thread::Builder::new()
        .name("delivery".into())
        .spawn(move || {
            let mut last_probe = Instant::now();
            loop {
                match batches.recv_timeout(IDLE_TICK) {
                    Ok(batch) => {
                        shipper.ship(&batch);
                        batches.set_healthy(!shipper.in_outage());
                    }
                    Err(Empty::TimedOut) => {
                        let probe_due = last_probe.elapsed() >= OUTAGE_PROBE_INTERVAL;
                        if !shipper.in_outage() || probe_due {
                            last_probe = Instant::now();
                            // One try per request: a healthy API takes them; a
                            // failing one is left alone until it answers again.
                            shipper.drain_spool(Instant::now() + IDLE_TICK, Duration::ZERO);
                            batches.set_healthy(!shipper.in_outage());
                        }
                    }
                    Err(Empty::Finished) => break,
                }
                if shipper.stats.fatal_error.is_some() {
                    // Nothing more can succeed: keep what is still queued.
                    while let Ok(batch) = batches.recv_timeout(Duration::ZERO) {
                        let entries: Vec<&[u8]> = batch.entries().collect();
                        shipper.keep(&entries);
                    }
                    break;
                }
            }
            if !shipper.in_outage() && shipper.shutdown.deadline().is_none() {
                shipper.drain_spool(Instant::now() + FINAL_DRAIN_TIME, Duration::ZERO);
            }
            shipper.finish()
        })
        .expect("the delivery thread can be started")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::undelivered::{KeptSegment, NoStore};
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    /// A sink answering from a script, then succeeding; it records what it accepted.
    struct ScriptedSink {
        script: VecDeque<Result<(), DeliveryError>>,
        accepted: Arc<Mutex<Vec<Vec<u8>>>>,
        reject_containing: Option<&'static [u8]>,
        max_entries: usize,
    }

    impl BatchSink for ScriptedSink {
        fn deliver(&mut self, batch: &Batch, _: Option<Duration>) -> Result<(), DeliveryError> {
            if let Some(outcome) = self.script.pop_front() {
                outcome?;
            }
            if batch.len() > self.max_entries {
                return Err(DeliveryError::TooLarge);
            }
            if let Some(bad) = self.reject_containing {
                if batch
                    .entries()
                    .any(|e| e.windows(bad.len()).any(|w| w == bad))
                {
                    return Err(DeliveryError::Rejected {
                        status: 422,
                        code: "invalid_level".into(),
                        message: "no".into(),
                    });
                }
            }
            self.accepted
                .lock()
                .unwrap()
                .extend(batch.entries().map(<[u8]>::to_vec));
            Ok(())
        }
    }

    type DeadLetters = Arc<Mutex<Vec<(Vec<u8>, String)>>>;

    /// A store in memory.
    #[derive(Default, Clone)]
    struct MemoryStore {
        kept: Arc<Mutex<Vec<Vec<u8>>>>,
        dead: DeadLetters,
    }

    impl UndeliveredStore for MemoryStore {
        fn keep(&mut self, entries: &[&[u8]]) -> anyhow::Result<()> {
            self.kept
                .lock()
                .unwrap()
                .extend(entries.iter().map(|e| e.to_vec()));
            Ok(())
        }
        fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
            self.dead
                .lock()
                .unwrap()
                .extend(entries.iter().map(|e| (e.to_vec(), reason.to_owned())));
            Ok(())
        }
        fn claim_next(&mut self) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
            Ok(None)
        }
        fn location(&self) -> Option<PathBuf> {
            Some("/spool".into())
        }
        fn waiting_entries(&self) -> u64 {
            self.kept.lock().unwrap().len() as u64
        }
    }

    fn shipper(
        script: Vec<Result<(), DeliveryError>>,
        store: MemoryStore,
    ) -> (Shipper, Arc<Mutex<Vec<Vec<u8>>>>) {
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let sink = ScriptedSink {
            script: script.into(),
            accepted: Arc::clone(&accepted),
            reject_containing: None,
            max_entries: usize::MAX,
        };
        let policy = RetryPolicy {
            first_wait: Duration::from_millis(1),
            max_wait: Duration::from_millis(5),
            retry_for: Duration::from_secs(2),
        };
        let shipper = Shipper::new(
            Box::new(sink),
            Box::new(store),
            policy,
            ShutdownSignal::new(Duration::from_secs(1)),
        );
        (shipper, accepted)
    }

    fn server_error() -> Result<(), DeliveryError> {
        Err(DeliveryError::ServerError {
            status: 500,
            message: "x".into(),
            retry_after: None,
        })
    }

    fn batch_of(entries: &[&str]) -> Batch {
        Batch::from_entries(entries.iter().map(|e| e.as_bytes()))
    }

    #[test]
    fn retries_server_errors_until_the_batch_is_accepted() {
        let (mut shipper, accepted) = shipper(
            vec![server_error(), server_error(), server_error()],
            MemoryStore::default(),
        );
        shipper.ship(&batch_of(&["{1}", "{2}"]));
        let stats = shipper.finish();
        assert_eq!(accepted.lock().unwrap().len(), 2);
        assert_eq!((stats.delivered, stats.retries, stats.spooled), (2, 3, 0));
        assert!(stats.into_result().is_ok());
    }

    #[test]
    fn a_batch_that_spends_its_budget_is_spooled_and_the_next_gets_one_try() {
        let script = (0..10_000).map(|_| server_error()).collect();
        let store = MemoryStore::default();
        let (mut shipper, _) = shipper(script, store.clone());
        shipper.policy.retry_for = Duration::from_millis(50);
        shipper.ship(&batch_of(&["{1}"]));
        assert!(shipper.in_outage());
        let retries = shipper.stats.retries;
        shipper.ship(&batch_of(&["{2}"]));
        assert_eq!(shipper.stats.retries, retries, "retried during an outage");
        let stats = shipper.finish();
        assert_eq!(stats.spooled, 2);
        assert_eq!(store.kept.lock().unwrap().len(), 2);
        assert_eq!(
            stats.into_result().unwrap_err().exit_code,
            ExitCode::TempFail
        );
    }

    #[test]
    fn too_large_batches_are_split_until_they_fit() {
        let (mut shipper, accepted) = shipper(vec![], MemoryStore::default());
        shipper.sink = Box::new(ScriptedSink {
            script: VecDeque::new(),
            accepted: Arc::clone(&accepted),
            reject_containing: None,
            max_entries: 3,
        });
        let entries: Vec<String> = (0..10).map(|n| format!("{{{n}}}")).collect();
        let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
        shipper.ship(&batch_of(&refs));
        let got: Vec<Vec<u8>> = accepted.lock().unwrap().clone();
        let want: Vec<Vec<u8>> = entries.iter().map(|e| e.clone().into_bytes()).collect();
        assert_eq!(got, want, "all delivered, in order");
    }

    #[test]
    fn rejected_entries_are_isolated_and_dead_lettered_and_the_rest_delivered() {
        let store = MemoryStore::default();
        let (mut shipper, accepted) = shipper(vec![], store.clone());
        shipper.sink = Box::new(ScriptedSink {
            script: VecDeque::new(),
            accepted: Arc::clone(&accepted),
            reject_containing: Some(b"BAD"),
            max_entries: usize::MAX,
        });
        shipper.ship(&batch_of(&["{1}", "{BAD}", "{3}", "{4}", "{BAD2}", "{6}"]));
        assert_eq!(accepted.lock().unwrap().len(), 4);
        let dead = store.dead.lock().unwrap().clone();
        assert_eq!(
            dead.iter().map(|(e, _)| e.as_slice()).collect::<Vec<_>>(),
            vec![&b"{BAD}"[..], b"{BAD2}"]
        );
        assert!(dead[0].1.contains("invalid_level"));
        let stats = shipper.finish();
        assert_eq!(
            stats.into_result().unwrap_err().exit_code,
            ExitCode::DataRejected
        );
    }

    #[test]
    fn an_auth_failure_stops_at_once_and_keeps_everything() {
        let store = MemoryStore::default();
        let (mut shipper, _) = shipper(
            vec![Err(DeliveryError::Unauthorized {
                message: "no".into(),
            })],
            store.clone(),
        );
        shipper.ship(&batch_of(&["{1}", "{2}"]));
        shipper.ship(&batch_of(&["{3}"]));
        let stats = shipper.finish();
        assert_eq!(stats.retries, 0);
        assert_eq!(store.kept.lock().unwrap().len(), 3);
        let failure = stats.into_result().unwrap_err();
        assert_eq!(failure.exit_code, ExitCode::NoPermission);
        assert!(
            failure
                .message
                .contains("3 entries were kept in the spool in /spool"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn without_a_spool_undeliverable_entries_are_counted_as_lost() {
        let (mut shipper, _) = shipper(
            vec![Err(DeliveryError::Forbidden {
                message: "no".into(),
            })],
            MemoryStore::default(),
        );
        shipper.store = Box::new(NoStore);
        shipper.ship(&batch_of(&["{1}"]));
        let stats = shipper.finish();
        assert_eq!(stats.lost, 1);
        assert!(stats
            .into_result()
            .unwrap_err()
            .message
            .contains("1 entries were lost"));
    }

    #[test]
    fn retry_after_is_honoured() {
        let (mut shipper, accepted) = shipper(
            vec![Err(DeliveryError::RateLimited {
                retry_after: Some(Duration::from_millis(300)),
            })],
            MemoryStore::default(),
        );
        let started = Instant::now();
        shipper.ship(&batch_of(&["{1}"]));
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(accepted.lock().unwrap().len(), 1);
    }
}
