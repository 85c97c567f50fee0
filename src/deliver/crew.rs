//! What the senders of a run share, each with a request in flight: a pause
//! the server asked for, the error that stops them all, the outage, the body
//! size a 413 taught, the concurrency limit, the requests in flight.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::deliver::client::DeliveryError;
use crate::deliver::concurrency::{Concurrency, InFlightGauge, Limiter};
use crate::shutdown::ShutdownSignal;

/// What the senders of one run share.
pub struct Crew {
    pub concurrency: Concurrency,
    /// No request starts before this: a server asked for a pause (`Retry-After`).
    paused_until: Mutex<Option<Instant>>,
    /// The error that stopped shipping: no later request can succeed.
    fatal_error: Mutex<Option<DeliveryError>>,
    stopped: AtomicBool,
    /// The last error of a request that failed.
    last_error: Mutex<Option<DeliveryError>>,
    /// Set when a batch spent its retry budget: until the API answers again,
    /// batches get one try each and are spooled at once.
    in_outage: AtomicBool,
    /// After a 413, bodies larger than this are split before they are sent
    /// (`usize::MAX` until then).
    body_limit: AtomicUsize,
    pub limiter: Limiter,
    pub gauge: InFlightGauge,
}

pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Crew {
    /// The shared state of senders keeping `concurrency` requests in flight.
    pub fn new(concurrency: Concurrency) -> Self {
        Crew {
            concurrency,
            paused_until: Mutex::new(None),
            fatal_error: Mutex::new(None),
            stopped: AtomicBool::new(false),
            last_error: Mutex::new(None),
            in_outage: AtomicBool::new(false),
            body_limit: AtomicUsize::new(usize::MAX),
            limiter: concurrency.limiter(),
            gauge: InFlightGauge::default(),
        }
    }

    /// True while the API is failing.
    pub fn in_outage(&self) -> bool {
        self.in_outage.load(Ordering::SeqCst)
    }

    pub fn set_outage(&self, outage: bool) {
        self.in_outage.store(outage, Ordering::SeqCst);
    }

    /// Until when the server asked every sender to pause, if it did.
    pub fn paused_until(&self) -> Option<Instant> {
        *lock(&self.paused_until)
    }

    /// Pauses every sender until `until` (a later pause already asked stays).
    pub fn pause_until(&self, until: Instant) {
        let mut paused = lock(&self.paused_until);
        *paused = Some(paused.map_or(until, |old| old.max(until)));
    }

    /// True once an error stopped shipping for every sender.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Stops every sender: no later request can succeed.
    pub fn stop_with(&self, error: DeliveryError) {
        lock(&self.fatal_error).get_or_insert(error);
        self.stopped.store(true, Ordering::SeqCst);
    }

    pub fn fatal_error(&self) -> Option<DeliveryError> {
        lock(&self.fatal_error).clone()
    }

    pub fn set_last_error(&self, error: DeliveryError) {
        *lock(&self.last_error) = Some(error);
    }

    pub fn last_error(&self) -> Option<DeliveryError> {
        lock(&self.last_error).clone()
    }

    /// The largest body the server took, once a 413 taught it.
    pub fn body_limit(&self) -> Option<usize> {
        Some(self.body_limit.load(Ordering::SeqCst)).filter(|limit| *limit != usize::MAX)
    }

    pub fn lower_body_limit(&self, limit: usize) {
        self.body_limit.fetch_min(limit, Ordering::SeqCst);
    }

    /// Sleeps `wait`, waking early at the shutdown deadline or when another
    /// sender stopped them all.
    pub fn sleep(&self, shutdown: &ShutdownSignal, wait: Duration) {
        let until = Instant::now() + wait;
        while !self.is_stopped() {
            let left = shutdown
                .cap(until)
                .saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            shutdown.sleep(left.min(ShutdownSignal::wake_every()));
        }
    }
}
