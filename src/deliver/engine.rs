//! The delivery engine: retries with backoff, splits batches the server finds
//! too large, isolates entries it rejects, keeps what cannot be delivered in
//! the spool, and drains the spool when the API answers again. Every entry
//! it is handed is counted once in [`DeliveryStats`]: delivered, spooled,
//! dead-lettered or dropped.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::batch::body::Batch;
use crate::deliver::client::DeliveryError;
use crate::deliver::concurrency::{Concurrency, Signal};
use crate::deliver::crew::Crew;
use crate::deliver::in_flight::Requester;
use crate::deliver::retry::{fits_before, RetryPolicy};
use crate::deliver::sink::BatchSink;
use crate::output::report::DeliveryStats;
use crate::shutdown::ShutdownSignal;
use crate::spool::undelivered::{keep_in, KeptSegment, NoStore, UndeliveredStore};
/// The longest pause a server's `Retry-After` can impose on a run.
const MAX_PAUSE: Duration = Duration::from_secs(3600);

/// Delivers batches through a sink with retries, and keeps what it cannot deliver.
pub struct Shipper {
    requester: Requester,
    store: Box<dyn UndeliveredStore>,
    policy: RetryPolicy,
    shutdown: ShutdownSignal,
    /// This run's project: spooled entries of another project that the API
    /// refuses (403) stay in the spool without stopping the run.
    project: Option<String>,
    /// What this shipper shares with the run's other senders: pauses, the
    /// outage, the error that stops them all, the concurrency limit.
    crew: Arc<Crew>,
    /// Spool segments left alone for the rest of the run (another project's).
    skipped_segments: HashSet<PathBuf>,
    stats: DeliveryStats,
}

/// What became of the entries of one delivery attempt.
#[derive(Default)]
struct Outcome<'e> {
    delivered: u64,
    /// Refused as invalid and written to the dead-letter file.
    dead_lettered: u64,
    /// Refused as invalid, and the dead-letter file could not be written.
    dead_letters_lost: Vec<&'e [u8]>,
    /// Neither delivered nor dead-lettered: to be kept.
    undelivered: Vec<&'e [u8]>,
    /// The error that means no later request can succeed.
    stopped_by: Option<DeliveryError>,
}

/// Why a request was not made or not answered.
enum PostError {
    /// The shutdown deadline passed before it was sent.
    Stopping,
    Failed(DeliveryError),
}

impl Shipper {
    /// A shipper delivering to `sink` and keeping failures in `store`;
    /// `project` is the run's project, when it has one.
    pub fn new(
        sink: Box<dyn BatchSink>,
        store: Box<dyn UndeliveredStore>,
        policy: RetryPolicy,
        shutdown: ShutdownSignal,
        project: Option<String>,
    ) -> Self {
        let spool_location = store.location();
        Shipper {
            requester: Requester::new(sink),
            store,
            policy,
            shutdown,
            project,
            crew: Arc::new(Crew::new(Concurrency::Fixed(1))),
            skipped_segments: HashSet::new(),
            stats: DeliveryStats {
                spool_location,
                ..DeliveryStats::default()
            },
        }
    }

    /// The same shipper keeping up to `concurrency` requests in flight
    /// (with [`crate::deliver::senders::spawn_delivery`]).
    pub fn with_concurrency(mut self, concurrency: Concurrency) -> Self {
        self.crew = Arc::new(Crew::new(concurrency));
        self
    }

    /// What its senders share.
    pub fn crew(&self) -> Arc<Crew> {
        Arc::clone(&self.crew)
    }

    /// Another sender of the same run, sharing the sink, the crew and
    /// `store`, with counts of its own.
    pub fn sender(&self, store: Box<dyn UndeliveredStore>) -> Shipper {
        Shipper {
            requester: self.requester.sharing(),
            store,
            policy: self.policy,
            shutdown: self.shutdown.clone(),
            project: self.project.clone(),
            crew: Arc::clone(&self.crew),
            skipped_segments: HashSet::new(),
            stats: DeliveryStats {
                spool_location: self.stats.spool_location.clone(),
                ..DeliveryStats::default()
            },
        }
    }

    /// Takes the store out (to share it), leaving none.
    pub fn take_store(&mut self) -> Box<dyn UndeliveredStore> {
        std::mem::replace(&mut self.store, Box::new(NoStore))
    }

    /// Puts a store in.
    pub fn put_store(&mut self, store: Box<dyn UndeliveredStore>) {
        self.store = store;
    }

    /// True once a stop signal came.
    pub fn is_stopping(&self) -> bool {
        self.shutdown.is_requested()
    }

    /// True while the API is failing.
    pub fn in_outage(&self) -> bool {
        self.crew.in_outage()
    }

    /// True while a server-asked pause lasts.
    fn is_paused(&self) -> bool {
        self.crew
            .paused_until()
            .is_some_and(|until| until > Instant::now())
    }

    /// True once shipping should stop (a fatal error, or the shutdown deadline passed).
    fn must_stop(&self) -> bool {
        self.crew.is_stopped() || self.shutdown.is_past_deadline()
    }

    /// Keeps a batch without trying it (shipping stopped).
    pub fn keep_batch(&mut self, batch: &Batch) {
        let entries: Vec<&[u8]> = batch.entries().collect();
        self.keep(&entries);
    }

    /// Delivers one batch of this run's entries within the retry budget;
    /// what cannot be delivered is spooled or dead-lettered.
    pub fn ship(&mut self, batch: Batch) {
        let batch = Arc::new(batch);
        let entries: Vec<&[u8]> = batch.entries().collect();
        let budget = if self.in_outage() {
            Duration::ZERO
        } else {
            self.policy.retry_for
        };
        let deadline = self.shutdown.cap(Instant::now() + budget);
        let paused_past_budget = self
            .crew
            .paused_until()
            .is_some_and(|until| until >= deadline);
        if self.must_stop() || paused_past_budget {
            self.stats.stopped_at_deadline |= self.shutdown.is_past_deadline();
            return self.keep(&entries);
        }
        let outcome = self.deliver(&entries, Some(&batch), deadline);
        self.stats.delivered += outcome.delivered;
        self.stats.dead_lettered += outcome.dead_lettered;
        self.lose_dead_letters(outcome.dead_letters_lost.len() as u64);
        if let Some(error) = outcome.stopped_by {
            self.crew.stop_with(error);
        }
        self.keep(&outcome.undelivered);
    }

    /// Delivers spooled segments, oldest first, until `until` or the first
    /// failure; each request may be retried for `retry_for`.
    pub fn drain_spool(&mut self, until: Instant, retry_for: Duration) {
        while Instant::now() < until && !self.must_stop() && !self.is_paused() {
            let segment = match self.store.claim_next(&self.skipped_segments) {
                Ok(Some(segment)) => segment,
                Ok(None) => return,
                Err(error) => {
                    self.stats.store_error = Some(format!("{error:#}"));
                    return;
                }
            };
            if !self.drain_segment(segment, retry_for) {
                return;
            }
        }
    }

    /// Delivers one claimed segment; false when the drain should stop.
    fn drain_segment(&mut self, segment: Box<dyn KeptSegment>, retry_for: Duration) -> bool {
        let own = segment.kept_by_this_run();
        self.count_left_spool(own, 0, segment.unreadable());
        let owned = segment.entries().to_vec();
        if owned.is_empty() {
            // Every line was unreadable, and went to the dead-letter file.
            return self.settle(segment.complete());
        }
        let entries: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let outcome = self.deliver(&entries, None, Instant::now() + retry_for);
        let dead_lettered = outcome.dead_lettered + outcome.dead_letters_lost.len() as u64;
        self.count_left_spool(own, outcome.delivered, dead_lettered);
        let mut remaining = outcome.undelivered;
        // Entries refused but not written to the dead-letter file stay.
        remaining.extend(outcome.dead_letters_lost);
        let foreign_project = segment
            .project()
            .filter(|project| self.project.as_ref().is_some_and(|own| own != project));
        match (outcome.stopped_by, foreign_project) {
            (Some(DeliveryError::Forbidden { .. }), Some(project)) => {
                // Not this run's project: the key may not write there. The
                // segment stays for a run that may; this one goes on.
                *self
                    .stats
                    .earlier
                    .refused_by_project
                    .entry(project)
                    .or_default() += remaining.len() as u64;
                self.skipped_segments.insert(segment.id());
                let kept = if remaining.len() == entries.len() {
                    segment.release();
                    Ok(())
                } else {
                    segment.keep_remaining(&remaining)
                };
                return self.settle(kept);
            }
            (Some(error), _) => self.crew.stop_with(error),
            (None, _) => {}
        }
        let result = if remaining.is_empty() {
            segment.complete()
        } else if remaining.len() == entries.len() {
            segment.release();
            Ok(())
        } else {
            segment.keep_remaining(&remaining)
        };
        self.settle(result) && remaining.is_empty()
    }

    /// Counts entries of a spooled segment that left the spool: this run's
    /// own move from spooled to delivered or dead-lettered.
    fn count_left_spool(&mut self, own: bool, delivered: u64, dead_lettered: u64) {
        if own {
            self.stats.delivered += delivered;
            self.stats.dead_lettered += dead_lettered;
            self.stats.left_spool += delivered + dead_lettered;
        } else {
            self.stats.earlier.delivered += delivered;
            self.stats.earlier.dead_lettered += dead_lettered;
        }
    }

    /// Records a failure to update the spool; true when there was none.
    fn settle(&mut self, result: anyhow::Result<()>) -> bool {
        match result {
            Ok(()) => true,
            Err(error) => {
                self.stats.store_error = Some(format!("{error:#}"));
                false
            }
        }
    }

    /// The counts so far, with the errors as the report tells them.
    pub fn finish(self) -> DeliveryStats {
        DeliveryStats {
            fatal_error: self
                .crew
                .fatal_error()
                .as_ref()
                .map(DeliveryError::to_failure),
            last_error: self
                .crew
                .last_error()
                .as_ref()
                .map(DeliveryError::to_last_error),
            bytes_sent: self.requester.bytes_sent(),
            ..self.stats
        }
    }

    /// How many entries wait in the spool now, this run's and others'.
    pub fn spool_waiting(&self) -> u64 {
        self.store.waiting_entries()
    }

    /// Keeps this run's `entries` in the spool, counting what the spool's
    /// cap cost and what could not be kept at all.
    fn keep(&mut self, entries: &[&[u8]]) {
        if entries.is_empty() {
            return;
        }
        keep_in(&mut *self.store, entries, &mut self.stats);
    }

    /// Counts entries refused as invalid that could not be dead-lettered.
    fn lose_dead_letters(&mut self, count: u64) {
        if count == 0 {
            return;
        }
        if self.store.location().is_some() {
            self.stats.dropped.spool_unwritable += count;
        } else {
            self.stats.dropped.no_spool += count;
        }
    }

    /// Tries to deliver `entries` before `deadline`.
    /// `whole`, when given, is `entries` already encoded as one body: the
    /// first request sends it as it is instead of building it again.
    fn deliver<'e>(
        &mut self,
        entries: &[&'e [u8]],
        mut whole: Option<&Arc<Batch>>,
        deadline: Instant,
    ) -> Outcome<'e> {
        let mut outcome = Outcome::default();
        // Parts still to send, the next one last.
        let mut parts: Vec<&[&'e [u8]]> = vec![entries];
        let mut giving_up = false;
        while let Some(part) = parts.pop() {
            if giving_up || outcome.stopped_by.is_some() || self.must_stop() {
                self.stats.stopped_at_deadline |= self.shutdown.is_past_deadline();
                outcome.undelivered.extend_from_slice(part);
                continue;
            }
            let too_large_to_try = self
                .crew
                .body_limit()
                .is_some_and(|limit| body_size(part) > limit && part.len() > 1);
            if too_large_to_try {
                let (left, right) = part.split_at(part.len() / 2);
                parts.push(right);
                parts.push(left);
                continue;
            }
            let batch = match whole.take() {
                Some(batch) if part.len() == entries.len() => Arc::clone(batch),
                _ => Arc::new(Batch::from_entries(part.iter().copied())),
            };
            match self.post_with_retries(&batch, deadline) {
                Ok(()) => {
                    outcome.delivered += part.len() as u64;
                    self.stats.batches += 1;
                    self.crew.set_outage(false);
                }
                Err(PostError::Stopping) => {
                    self.stats.stopped_at_deadline = true;
                    outcome.undelivered.extend_from_slice(part);
                }
                Err(PostError::Failed(error)) => {
                    self.handle_failure(error, part, &mut parts, &mut outcome, &mut giving_up)
                }
            }
        }
        outcome
    }

    /// What a failed part leads to: split, dead letters, a stop, or an outage.
    fn handle_failure<'p, 'e>(
        &mut self,
        error: DeliveryError,
        part: &'p [&'e [u8]],
        parts: &mut Vec<&'p [&'e [u8]]>,
        outcome: &mut Outcome<'e>,
        giving_up: &mut bool,
    ) {
        match error {
            DeliveryError::TooLarge | DeliveryError::Rejected { .. } => {
                if matches!(error, DeliveryError::TooLarge) {
                    // Remembered, so that later batches are not tried at a
                    // size the server refuses.
                    let limit = body_size(part).saturating_sub(1);
                    self.crew.lower_body_limit(limit);
                }
                if part.len() > 1 {
                    let (left, right) = part.split_at(part.len() / 2);
                    parts.push(right);
                    parts.push(left);
                } else {
                    match self.store.dead_letter(part, &error.to_string()) {
                        Ok(()) => outcome.dead_lettered += 1,
                        Err(store_error) => {
                            self.stats.store_error = Some(format!("{store_error:#}"));
                            outcome.dead_letters_lost.extend_from_slice(part);
                        }
                    }
                }
                self.crew.set_last_error(error);
            }
            error if error.is_fatal() => {
                outcome.undelivered.extend_from_slice(part);
                outcome.stopped_by = Some(error);
            }
            DeliveryError::Abandoned => {
                outcome.undelivered.extend_from_slice(part);
                self.stats.possible_duplicates += 1;
                self.stats.stopped_at_deadline = true;
                *giving_up = true;
            }
            error => {
                // Kept without another try: if the request was applied after
                // all, the spool will send its entries a second time.
                if error.may_have_been_applied() {
                    self.stats.possible_duplicates += 1;
                }
                outcome.undelivered.extend_from_slice(part);
                self.crew.set_last_error(error);
                self.crew.set_outage(true);
                *giving_up = true;
            }
        }
    }

    /// One request, repeated on retriable failures while the next wait still
    /// ends before `deadline`; no request starts during a server-asked pause.
    fn post_with_retries(
        &mut self,
        batch: &Arc<Batch>,
        deadline: Instant,
    ) -> Result<(), PostError> {
        let mut attempt = 0;
        loop {
            let paused = self.crew.paused_until();
            if let Some(until) = paused.filter(|until| *until > Instant::now()) {
                if until >= self.shutdown.cap(deadline) {
                    let error = self
                        .crew
                        .last_error()
                        .unwrap_or(DeliveryError::RateLimited {
                            retry_after: Some(until - Instant::now()),
                        });
                    return Err(PostError::Failed(error));
                }
                self.crew.sleep(
                    &self.shutdown,
                    until.saturating_duration_since(Instant::now()),
                );
            }
            if self.shutdown.is_past_deadline() {
                return Err(PostError::Stopping);
            }
            if self.crew.is_stopped() {
                // Another sender met an error no request can get past.
                return Err(PostError::Failed(
                    self.crew.fatal_error().unwrap_or(DeliveryError::Abandoned),
                ));
            }
            let timeout = self
                .shutdown
                .deadline()
                .map(|stop| stop.saturating_duration_since(Instant::now()));
            let error = match self.request(batch, timeout) {
                Ok(()) => return Ok(()),
                Err(error) if !error.is_retriable() => return Err(PostError::Failed(error)),
                Err(error) => error,
            };
            let wait = match error.retry_after() {
                Some(asked) => {
                    // Every later request waits too, not only this batch's.
                    self.crew.pause_until(Instant::now() + asked.min(MAX_PAUSE));
                    asked.min(MAX_PAUSE)
                }
                None => self.policy.backoff(attempt),
            };
            if !fits_before(wait, self.shutdown.cap(deadline)) {
                return Err(PostError::Failed(error));
            }
            self.crew.sleep(&self.shutdown, wait);
            attempt += 1;
            self.stats.retries += 1;
            if error.may_have_been_applied() {
                self.stats.possible_duplicates += 1;
            }
        }
    }
}

impl Shipper {
    /// One request, counted in flight and its answer told to the limiter.
    fn request(
        &mut self,
        batch: &Arc<Batch>,
        timeout: Option<Duration>,
    ) -> Result<(), DeliveryError> {
        self.crew.gauge.count(true);
        let started = Instant::now();
        let answer = self
            .requester
            .post(Arc::clone(batch), timeout, &self.shutdown);
        self.crew.gauge.count(false);
        let signal = match &answer {
            Ok(()) => Some(Signal::Answered),
            Err(DeliveryError::Abandoned) => None,
            Err(
                DeliveryError::RateLimited { .. }
                | DeliveryError::ServerError { .. }
                | DeliveryError::Network { .. },
            ) => Some(Signal::Backpressure),
            Err(_) => Some(Signal::Answered),
        };
        if let Some(signal) = signal {
            self.crew.limiter.record(started.elapsed(), signal);
        }
        answer
    }
}

/// The size of the request body the entries make: `[`, the entries joined
/// by `,`, `]`.
fn body_size(entries: &[&[u8]]) -> usize {
    entries.iter().map(|entry| entry.len() + 1).sum::<usize>() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::exit_code::ExitCode;
    use crate::output::report::RunReport;
    use crate::spool::undelivered::{KeepError, KeepOutcome, NoStore};
    use std::collections::VecDeque;
    use std::sync::Mutex;

    /// A sink answering from a script, then succeeding; it records what it accepted.
    struct ScriptedSink {
        script: Mutex<VecDeque<Result<(), DeliveryError>>>,
        accepted: Arc<Mutex<Vec<Vec<u8>>>>,
        reject_containing: Option<&'static [u8]>,
        max_entries: usize,
        requests: Arc<Mutex<Vec<usize>>>,
    }

    impl ScriptedSink {
        fn new(
            script: Vec<Result<(), DeliveryError>>,
            accepted: &Arc<Mutex<Vec<Vec<u8>>>>,
        ) -> Self {
            ScriptedSink {
                script: Mutex::new(script.into()),
                accepted: Arc::clone(accepted),
                reject_containing: None,
                max_entries: usize::MAX,
                requests: Arc::default(),
            }
        }
    }

    impl BatchSink for ScriptedSink {
        fn deliver(&self, batch: &Batch, _: Option<Duration>) -> Result<(), DeliveryError> {
            self.requests.lock().unwrap().push(batch.len());
            if let Some(outcome) = self.script.lock().unwrap().pop_front() {
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
        fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
            self.kept
                .lock()
                .unwrap()
                .extend(entries.iter().map(|e| e.to_vec()));
            Ok(KeepOutcome {
                kept: entries.len() as u64,
                ..KeepOutcome::default()
            })
        }
        fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
            self.dead
                .lock()
                .unwrap()
                .extend(entries.iter().map(|e| (e.to_vec(), reason.to_owned())));
            Ok(())
        }
        fn claim_next(
            &mut self,
            _skip: &HashSet<PathBuf>,
        ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
            Ok(None)
        }
        fn location(&self) -> Option<PathBuf> {
            Some("/spool".into())
        }
        fn waiting_entries(&self) -> u64 {
            self.kept.lock().unwrap().len() as u64
        }
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            first_wait: Duration::from_millis(1),
            max_wait: Duration::from_millis(5),
            retry_for: Duration::from_secs(2),
        }
    }

    fn shipper_with(sink: ScriptedSink, store: MemoryStore) -> Shipper {
        Shipper::new(
            Box::new(sink),
            Box::new(store),
            policy(),
            ShutdownSignal::new(Duration::from_secs(1)),
            None,
        )
    }

    fn shipper(
        script: Vec<Result<(), DeliveryError>>,
        store: MemoryStore,
    ) -> (Shipper, Arc<Mutex<Vec<Vec<u8>>>>) {
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let sink = ScriptedSink::new(script, &accepted);
        (shipper_with(sink, store), accepted)
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

    fn result_of(stats: DeliveryStats, read: u64) -> Result<(), crate::output::failure::Failure> {
        assert_eq!(stats.settled(), read, "every entry counted once: {stats:?}");
        RunReport {
            read,
            stats,
            elapsed: Duration::from_secs(1),
        }
        .into_result()
    }

    #[test]
    fn retries_server_errors_until_the_batch_is_accepted() {
        let (mut shipper, accepted) = shipper(
            vec![server_error(), server_error(), server_error()],
            MemoryStore::default(),
        );
        shipper.ship(batch_of(&["{1}", "{2}"]));
        let stats = shipper.finish();
        assert_eq!(accepted.lock().unwrap().len(), 2);
        assert_eq!((stats.delivered, stats.retries, stats.spooled), (2, 3, 0));
        assert!(result_of(stats, 2).is_ok());
    }

    #[test]
    fn a_batch_that_spends_its_budget_is_spooled_and_the_next_gets_one_try() {
        let script = (0..10_000).map(|_| server_error()).collect();
        let store = MemoryStore::default();
        let (mut shipper, _) = shipper(script, store.clone());
        shipper.policy.retry_for = Duration::from_millis(50);
        shipper.ship(batch_of(&["{1}"]));
        assert!(shipper.in_outage());
        let retries = shipper.stats.retries;
        shipper.ship(batch_of(&["{2}"]));
        assert_eq!(shipper.stats.retries, retries, "retried during an outage");
        let stats = shipper.finish();
        assert_eq!(stats.spooled, 2);
        assert_eq!(store.kept.lock().unwrap().len(), 2);
        assert_eq!(
            result_of(stats, 2).unwrap_err().exit_code,
            ExitCode::TempFail
        );
    }

    #[test]
    fn too_large_batches_are_split_and_later_ones_start_at_the_size_that_fit() {
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let mut sink = ScriptedSink::new(vec![], &accepted);
        sink.max_entries = 3;
        let requests = Arc::clone(&sink.requests);
        let mut shipper = shipper_with(sink, MemoryStore::default());
        let entries: Vec<String> = (0..10).map(|n| format!("{{{n:02}}}")).collect();
        let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
        shipper.ship(batch_of(&refs));
        let got: Vec<Vec<u8>> = accepted.lock().unwrap().clone();
        let want: Vec<Vec<u8>> = entries.iter().map(|e| e.clone().into_bytes()).collect();
        assert_eq!(got, want, "all delivered, in order");
        // The next batch of ten is not tried whole again.
        let before = requests.lock().unwrap().len();
        shipper.ship(batch_of(&refs));
        let later: Vec<usize> = requests.lock().unwrap()[before..].to_vec();
        assert!(later.iter().all(|&size| size < 10), "{later:?}");
        assert_eq!(shipper.finish().delivered, 20);
    }

    #[test]
    fn rejected_entries_are_isolated_and_dead_lettered_and_the_rest_delivered() {
        let store = MemoryStore::default();
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let mut sink = ScriptedSink::new(vec![], &accepted);
        sink.reject_containing = Some(b"BAD");
        let mut shipper = shipper_with(sink, store.clone());
        shipper.ship(batch_of(&["{1}", "{BAD}", "{3}", "{4}", "{BAD2}", "{6}"]));
        assert_eq!(accepted.lock().unwrap().len(), 4);
        let dead = store.dead.lock().unwrap().clone();
        assert_eq!(
            dead.iter().map(|(e, _)| e.as_slice()).collect::<Vec<_>>(),
            vec![&b"{BAD}"[..], b"{BAD2}"]
        );
        assert!(dead[0].1.contains("invalid_level"));
        let stats = shipper.finish();
        assert_eq!(stats.dead_lettered, 2);
        assert_eq!(
            result_of(stats, 6).unwrap_err().exit_code,
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
        shipper.ship(batch_of(&["{1}", "{2}"]));
        shipper.ship(batch_of(&["{3}"]));
        let stats = shipper.finish();
        assert_eq!(stats.retries, 0);
        assert_eq!(store.kept.lock().unwrap().len(), 3);
        let failure = result_of(stats, 3).unwrap_err();
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
    fn without_a_spool_undeliverable_entries_are_counted_as_dropped() {
        let (mut shipper, _) = shipper(
            vec![Err(DeliveryError::Forbidden {
                message: "no".into(),
            })],
            MemoryStore::default(),
        );
        shipper.store = Box::new(NoStore);
        shipper.ship(batch_of(&["{1}"]));
        let stats = shipper.finish();
        assert_eq!(stats.dropped.no_spool, 1);
        let failure = result_of(stats, 1).unwrap_err();
        assert_eq!(failure.exit_code, ExitCode::Unavailable);
        assert!(
            failure.message.contains("1 of 1 entries were lost"),
            "{}",
            failure.message
        );
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
        shipper.ship(batch_of(&["{1}"]));
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(accepted.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_retry_after_past_the_budget_spools_now_and_sends_nothing_more() {
        let store = MemoryStore::default();
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let limited = || {
            Err(DeliveryError::RateLimited {
                retry_after: Some(Duration::from_secs(90)),
            })
        };
        let sink = ScriptedSink::new(vec![limited(), limited(), limited()], &accepted);
        let requests = Arc::clone(&sink.requests);
        let mut shipper = shipper_with(sink, store.clone());
        let started = Instant::now();
        for n in 0..3 {
            shipper.ship(batch_of(&[&format!("{{{n}}}")]));
        }
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(
            requests.lock().unwrap().len(),
            1,
            "one request, then the pause"
        );
        shipper.drain_spool(Instant::now() + Duration::from_secs(1), Duration::ZERO);
        assert_eq!(
            requests.lock().unwrap().len(),
            1,
            "no drain during the pause"
        );
        let stats = shipper.finish();
        assert_eq!(stats.spooled, 3);
        assert_eq!(store.kept.lock().unwrap().len(), 3);
    }

    #[test]
    fn a_request_that_may_have_been_applied_and_is_kept_is_a_possible_duplicate() {
        let timed_out = || {
            Err(DeliveryError::Network {
                detail: "the request timed out".into(),
                maybe_applied: true,
            })
        };
        let refused = || {
            Err(DeliveryError::Network {
                detail: "refused".into(),
                maybe_applied: false,
            })
        };
        let (mut shipper, _) = shipper(vec![timed_out(), refused()], MemoryStore::default());
        shipper.policy.retry_for = Duration::ZERO;
        shipper.ship(batch_of(&["{1}"]));
        shipper.ship(batch_of(&["{2}"]));
        let stats = shipper.finish();
        assert_eq!((stats.spooled, stats.possible_duplicates), (2, 1));
    }

    #[test]
    fn a_request_unanswered_at_the_shutdown_deadline_is_spooled() {
        struct Hanging;
        impl BatchSink for Hanging {
            fn deliver(&self, _: &Batch, _: Option<Duration>) -> Result<(), DeliveryError> {
                std::thread::sleep(Duration::from_secs(30));
                Ok(())
            }
        }
        let store = MemoryStore::default();
        let shutdown = ShutdownSignal::new(Duration::from_millis(300));
        let mut shipper = Shipper::new(
            Box::new(Hanging),
            Box::new(store.clone()),
            policy(),
            shutdown.clone(),
            None,
        );
        shutdown.request();
        let started = Instant::now();
        shipper.ship(batch_of(&["{1}", "{2}"]));
        shipper.ship(batch_of(&["{3}"]));
        assert!(started.elapsed() < Duration::from_secs(5));
        let stats = shipper.finish();
        assert_eq!((stats.spooled, stats.possible_duplicates), (3, 1));
        assert_eq!(store.kept.lock().unwrap().len(), 3);
    }
}
