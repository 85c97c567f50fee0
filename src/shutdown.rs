//! Graceful shutdown: SIGINT and SIGTERM ask logingestor to stop reading and
//! send what it holds within the shutdown timeout; a second signal ends it at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGINT, SIGTERM};

/// Exit status after a second SIGINT or SIGTERM: 128 + SIGINT, as shells use.
const FORCED_EXIT_STATUS: i32 = 130;

/// Whether a stop was asked for, and by when everything must be done.
#[derive(Debug, Clone)]
pub struct ShutdownSignal {
    requested: Arc<AtomicBool>,
    requested_at: Arc<OnceLock<Instant>>,
    timeout: Duration,
}

impl ShutdownSignal {
    /// A signal nothing will raise but [`ShutdownSignal::request`].
    pub fn new(timeout: Duration) -> Self {
        ShutdownSignal {
            requested: Arc::new(AtomicBool::new(false)),
            requested_at: Arc::new(OnceLock::new()),
            timeout,
        }
    }

    /// A signal raised by SIGINT or SIGTERM.
    pub fn install(timeout: Duration) -> std::io::Result<Self> {
        let signal = ShutdownSignal::new(timeout);
        for number in [SIGINT, SIGTERM] {
            // The order matters: the second signal finds the flag set and exits.
            signal_hook::flag::register_conditional_shutdown(
                number,
                FORCED_EXIT_STATUS,
                Arc::clone(&signal.requested),
            )?;
            signal_hook::flag::register(number, Arc::clone(&signal.requested))?;
        }
        Ok(signal)
    }

    /// Asks for a stop, as a signal would.
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
    }

    /// True once a stop was asked for.
    pub fn is_requested(&self) -> bool {
        let requested = self.requested.load(Ordering::SeqCst);
        if requested {
            self.requested_at.get_or_init(Instant::now);
        }
        requested
    }

    /// When the work must be over: the stop time plus the timeout, or never.
    pub fn deadline(&self) -> Option<Instant> {
        if !self.is_requested() {
            return None;
        }
        self.requested_at.get().map(|at| *at + self.timeout)
    }

    /// The earlier of `deadline` and the shutdown deadline.
    pub fn cap(&self, deadline: Instant) -> Instant {
        self.deadline().map_or(deadline, |stop| stop.min(deadline))
    }

    /// Sleeps `wait`, waking early when a stop is asked for and its deadline passes.
    pub fn sleep(&self, wait: Duration) {
        let until = Instant::now() + wait;
        loop {
            let now = Instant::now();
            let end = self.cap(until);
            if now >= end {
                return;
            }
            std::thread::sleep((end - now).min(Duration::from_millis(50)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_sets_a_deadline_that_caps_waits() {
        let signal = ShutdownSignal::new(Duration::from_millis(100));
        assert!(signal.deadline().is_none());
        signal.request();
        let deadline = signal.deadline().unwrap();
        let far = Instant::now() + Duration::from_secs(60);
        assert_eq!(signal.cap(far), deadline);
        let started = Instant::now();
        signal.sleep(Duration::from_secs(10));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
