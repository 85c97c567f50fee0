//! Graceful shutdown: the first SIGINT or SIGTERM asks logingestor to stop
//! reading and send what it holds within the shutdown timeout; a second one
//! moves that deadline to now, so that what is left is spooled at once.
//! Nothing is dropped by a signal: whatever was read is delivered or kept.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// How often a wait looks up to notice a stop or a moved deadline.
const WAKE_EVERY: Duration = Duration::from_millis(50);

/// Registers `signals` with none lost while the handlers are put in place.
///
/// signal-hook installs the process's handler for a signal before it
/// publishes the action that feeds the returned iterator; a signal arriving
/// in between runs the handler with no action and is gone (seen in the
/// randomized fault test: a SIGINT sent the moment the handler showed in
/// `/proc/PID/status` was never heard, and the run went on reading). Held
/// blocked in this thread meanwhile, such a signal waits, pending, and is
/// handled once the registration is complete.
pub fn signals_without_a_gap(signals: &[i32]) -> std::io::Result<Signals> {
    use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
    let mut blocked = SigSet::empty();
    for &number in signals {
        blocked.add(Signal::try_from(number).map_err(std::io::Error::from)?);
    }
    let mut previous = SigSet::empty();
    pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&blocked), Some(&mut previous))
        .map_err(std::io::Error::from)?;
    let registered = Signals::new(signals);
    pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&previous), None)
        .map_err(std::io::Error::from)?;
    registered
}

/// Whether a stop was asked for, and by when everything must be done.
#[derive(Debug, Clone)]
pub struct ShutdownSignal(Arc<State>);

#[derive(Debug)]
struct State {
    /// Stops asked for so far: 0 none, 1 a graceful stop, 2 or more forced.
    stops: AtomicU32,
    first_at: OnceLock<Instant>,
    forced_at: OnceLock<Instant>,
    timeout: Duration,
}

impl ShutdownSignal {
    /// A signal nothing will raise but [`ShutdownSignal::request`].
    pub fn new(timeout: Duration) -> Self {
        ShutdownSignal(Arc::new(State {
            stops: AtomicU32::new(0),
            first_at: OnceLock::new(),
            forced_at: OnceLock::new(),
            timeout,
        }))
    }

    /// A signal raised by SIGINT and SIGTERM, which a thread of its own
    /// watches: each one received is a [`ShutdownSignal::request`], and the
    /// first is told on stderr, with what a second one would do.
    pub fn install(timeout: Duration) -> std::io::Result<Self> {
        let signal = ShutdownSignal::new(timeout);
        let mut signals = signals_without_a_gap(&[SIGINT, SIGTERM])?;
        let raised = signal.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for _ in signals.forever() {
                    raised.request();
                    if !raised.is_forced() {
                        eprintln!(
                            "logingestor: stopping: sending what was read for up to {}; \
                             a second signal keeps it in the spool at once",
                            humantime::format_duration(raised.0.timeout)
                        );
                    }
                }
            })?;
        Ok(signal)
    }

    /// Asks for a stop, as a signal does: the first time within the
    /// timeout, any later time at once.
    pub fn request(&self) {
        let now = Instant::now();
        let stops = self.0.stops.fetch_add(1, Ordering::SeqCst) + 1;
        self.0.first_at.get_or_init(|| now);
        if stops >= 2 {
            self.0.forced_at.get_or_init(|| now);
        }
    }

    /// Asks for a stop with no time left to send, as a second signal does.
    pub fn force(&self) {
        self.request();
        if self.0.forced_at.get().is_none() {
            self.request();
        }
    }

    /// True once a stop was asked for.
    pub fn is_requested(&self) -> bool {
        self.0.stops.load(Ordering::SeqCst) > 0
    }

    /// True once a second stop asked for the end at once.
    pub fn is_forced(&self) -> bool {
        self.0.stops.load(Ordering::SeqCst) >= 2
    }

    /// When the work must be over: the stop time plus the timeout, the time
    /// of a forcing stop, or never.
    pub fn deadline(&self) -> Option<Instant> {
        let graceful = self.0.first_at.get().map(|at| *at + self.0.timeout);
        match (self.0.forced_at.get(), graceful) {
            (Some(forced), Some(graceful)) => Some((*forced).min(graceful)),
            (forced, graceful) => forced.copied().or(graceful),
        }
    }

    /// True once the deadline has passed: nothing more may be sent.
    pub fn is_past_deadline(&self) -> bool {
        self.deadline()
            .is_some_and(|deadline| Instant::now() >= deadline)
    }

    /// The earlier of `deadline` and the shutdown deadline.
    pub fn cap(&self, deadline: Instant) -> Instant {
        self.deadline().map_or(deadline, |stop| stop.min(deadline))
    }

    /// Sleeps `wait`, waking early when the shutdown deadline passes.
    pub fn sleep(&self, wait: Duration) {
        let until = Instant::now() + wait;
        loop {
            let now = Instant::now();
            let end = self.cap(until);
            if now >= end {
                return;
            }
            std::thread::sleep((end - now).min(WAKE_EVERY));
        }
    }

    /// How long a wait may last before it must look at the signal again.
    pub fn wake_every() -> Duration {
        WAKE_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registering_leaves_the_signal_mask_as_it_was_and_hears_a_signal_held_meanwhile() {
        use nix::sys::signal::{pthread_sigmask, raise, SigSet, SigmaskHow, Signal};
        let current_mask = || {
            let mut mask = SigSet::empty();
            pthread_sigmask(SigmaskHow::SIG_BLOCK, None, Some(&mut mask)).unwrap();
            mask
        };
        let before = current_mask();
        // A signal already pending when registration starts stands for one
        // that arrives while the handler is being put in place.
        let mut held = SigSet::empty();
        held.add(Signal::SIGUSR2);
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&held), None).unwrap();
        raise(Signal::SIGUSR2).unwrap();
        let mut signals = signals_without_a_gap(&[signal_hook::consts::SIGUSR2]).unwrap();
        pthread_sigmask(SigmaskHow::SIG_UNBLOCK, Some(&held), None).unwrap();
        assert_eq!(current_mask(), before);
        let heard: Vec<i32> = signals.wait().collect();
        assert_eq!(heard, [signal_hook::consts::SIGUSR2]);
    }

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
        assert!(signal.is_past_deadline());
    }

    #[test]
    fn a_second_request_moves_the_deadline_to_now() {
        let signal = ShutdownSignal::new(Duration::from_secs(3600));
        signal.request();
        assert!(!signal.is_forced() && !signal.is_past_deadline());
        signal.request();
        assert!(signal.is_forced());
        assert!(signal.is_past_deadline());
        let forced = ShutdownSignal::new(Duration::from_secs(3600));
        forced.force();
        assert!(forced.is_forced() && forced.is_past_deadline());
    }

    #[test]
    fn a_sleep_ends_when_a_second_request_comes() {
        let signal = ShutdownSignal::new(Duration::from_secs(3600));
        signal.request();
        let raiser = signal.clone();
        let started = Instant::now();
        let thread = std::thread::spawn(move || raiser.request());
        signal.sleep(Duration::from_secs(60));
        thread.join().unwrap();
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
