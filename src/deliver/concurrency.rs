//! How many requests may be in flight at once: a fixed number, or a limit
//! that adapts to what the server sustains (`--concurrency auto`).
//!
//! The adaptive limit learns from Vector's Adaptive Request Concurrency (grow
//! while round-trip times stay flat, cut multiplicatively on back-pressure)
//! and avoids what its users report (one slow answer collapsing the limit,
//! and a slow climb back):
//! - it judges round-trip times by the median of a window (one window lasts
//!   about one round trip), so a single slow answer moves nothing; latency
//!   must stay above the baseline, by a tolerance, for two windows in a row
//!   before the limit is cut, and then by a gentle 10 %;
//! - back-pressure (429, 5xx, timeouts, failed connections) cuts by 30 %, at
//!   most once a window;
//! - below the limit that last held, it doubles each window (fast recovery,
//!   and a fast start from 2); above it, it grows by one a window;
//! - it grows only while the senders use the whole limit;
//! - a baseline that stays raised (a new route) becomes the new baseline
//!   after a few windows instead of driving the limit down forever.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::shutdown::ShutdownSignal;

/// The limit an adaptive run starts at.
const START_LIMIT: f64 = 2.0;
/// The shortest window, so that loopback round trips are judged in groups.
const MIN_WINDOW: Duration = Duration::from_millis(10);
/// How much above the baseline a window's median may be and still count as flat.
const RELATIVE_TOLERANCE: f64 = 0.5;
/// An absolute allowance on top, for the jitter of fast links (seconds).
const ABSOLUTE_TOLERANCE: f64 = 0.005;
/// The cut on back-pressure, and on latency that keeps rising.
const BACKPRESSURE_CUT: f64 = 0.7;
const LATENCY_CUT: f64 = 0.9;
/// Raised windows in a row after which the raised latency is the new baseline.
const NEW_BASELINE_AFTER: u32 = 6;
/// The most round-trip times one window keeps for its median.
const MAX_SAMPLES: usize = 4096;

/// How many requests a run keeps in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concurrency {
    /// Exactly this many (1 keeps strict order).
    Fixed(usize),
    /// Adapting to the server, up to `max`.
    Auto { max: usize },
}

impl Concurrency {
    /// How many senders the run starts: the most that may ever be in flight.
    pub fn senders(&self) -> usize {
        match *self {
            Concurrency::Fixed(count) => count.max(1),
            Concurrency::Auto { max } => max.max(1),
        }
    }

    /// The limiter that enforces it.
    pub fn limiter(&self) -> Limiter {
        let controller = match *self {
            Concurrency::Fixed(count) => Controller::fixed(count),
            Concurrency::Auto { max } => Controller::adaptive(max),
        };
        Limiter {
            state: Mutex::new(LimiterState {
                controller,
                active: 0,
            }),
            freed: Condvar::new(),
        }
    }
}

impl std::fmt::Display for Concurrency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Concurrency::Fixed(1) => write!(f, "1 request in flight (strict order)"),
            Concurrency::Fixed(count) => write!(f, "{count} requests in flight"),
            Concurrency::Auto { max } => {
                write!(f, "auto (adapts to the server, at most {max} in flight)")
            }
        }
    }
}

/// What a request's answer says about the server's load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Answered (also with 4xx): its round-trip time counts.
    Answered,
    /// 429, 5xx, a timeout or a failed connection: too much.
    Backpressure,
}

/// The limit as a pure state machine: fed round-trip times and answers, it
/// says how many requests may be in flight.
#[derive(Debug, Clone)]
pub struct Controller {
    limit: f64,
    max: f64,
    adaptive: bool,
    /// Below this (the limit that last held) the limit doubles each window.
    threshold: f64,
    /// The round-trip time of an unloaded server, in seconds.
    baseline: Option<f64>,
    /// Windows in a row whose median was above the baseline's tolerance.
    raised_windows: u32,
    window_started: Option<Instant>,
    samples: Vec<f64>,
    congested: bool,
    most_active: usize,
}

impl Controller {
    /// A limit that never moves.
    pub fn fixed(count: usize) -> Self {
        let count = count.max(1) as f64;
        Controller {
            adaptive: false,
            ..Controller::adaptive(count as usize)
        }
        .with_limit(count)
    }

    /// A limit that adapts, from 2 up to `max`.
    pub fn adaptive(max: usize) -> Self {
        let max = max.max(1) as f64;
        Controller {
            limit: START_LIMIT.min(max),
            max,
            adaptive: true,
            threshold: max,
            baseline: None,
            raised_windows: 0,
            window_started: None,
            samples: Vec::new(),
            congested: false,
            most_active: 0,
        }
    }

    fn with_limit(mut self, limit: f64) -> Self {
        self.limit = limit;
        self
    }

    /// How many requests may be in flight now.
    pub fn limit(&self) -> usize {
        (self.limit.floor() as usize).max(1)
    }

    /// Notes how many senders are busy at once (the limit grows only while
    /// all of it is used).
    pub fn note_active(&mut self, active: usize) {
        self.most_active = self.most_active.max(active);
    }

    /// Takes the answer to one request, which took `rtt`, at `now`.
    pub fn record(&mut self, rtt: Duration, signal: Signal, now: Instant) {
        if !self.adaptive {
            return;
        }
        let started = *self.window_started.get_or_insert(now);
        match signal {
            Signal::Backpressure => self.congested = true,
            Signal::Answered if self.samples.len() < MAX_SAMPLES => {
                self.samples.push(rtt.as_secs_f64())
            }
            Signal::Answered => {}
        }
        let length = self
            .baseline
            .map_or(Duration::ZERO, Duration::from_secs_f64)
            .max(MIN_WINDOW);
        if now.duration_since(started) >= length || self.baseline.is_none() {
            self.end_window();
        }
    }

    /// Judges the window that ends, and starts the next.
    fn end_window(&mut self) {
        let median = median(&mut self.samples);
        if self.congested {
            self.cut(BACKPRESSURE_CUT);
        } else if let Some(median) = median {
            let baseline = *self.baseline.get_or_insert(median);
            let flat = median <= baseline * (1.0 + RELATIVE_TOLERANCE) + ABSOLUTE_TOLERANCE;
            if flat {
                self.raised_windows = 0;
                // Down quickly, up slowly: the unloaded time is the low one.
                let weight = if median < baseline { 0.5 } else { 0.1 };
                self.baseline = Some(baseline + (median - baseline) * weight);
                if self.most_active >= self.limit() {
                    self.grow();
                }
            } else {
                self.raised_windows += 1;
                if self.raised_windows >= NEW_BASELINE_AFTER {
                    self.baseline = Some(median);
                    self.raised_windows = 0;
                } else if self.raised_windows >= 2 {
                    self.cut(LATENCY_CUT);
                }
            }
        }
        self.window_started = None;
        self.samples.clear();
        self.congested = false;
        self.most_active = 0;
    }

    fn cut(&mut self, factor: f64) {
        self.limit = (self.limit * factor).max(1.0);
        self.threshold = self.limit;
    }

    fn grow(&mut self) {
        self.limit = if self.limit < self.threshold {
            (self.limit * 2.0).min(self.threshold.max(self.limit + 1.0))
        } else {
            self.limit + 1.0
        }
        .min(self.max);
    }
}

fn median(samples: &mut [f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    Some(samples[samples.len() / 2])
}

struct LimiterState {
    controller: Controller,
    active: usize,
}

/// Hands out permits to send, as many at once as the limit allows; shared
/// by the senders of a run.
pub struct Limiter {
    state: Mutex<LimiterState>,
    freed: Condvar,
}

/// The right to have a request in flight; given back when dropped.
pub struct Permit<'l> {
    limiter: &'l Limiter,
}

impl Limiter {
    fn lock(&self) -> MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a permit; `None` once `give_up` says to stop waiting.
    pub fn acquire(&self, give_up: impl Fn() -> bool) -> Option<Permit<'_>> {
        let mut state = self.lock();
        loop {
            if give_up() {
                return None;
            }
            if state.active < state.controller.limit() {
                state.active += 1;
                let active = state.active;
                state.controller.note_active(active);
                return Some(Permit { limiter: self });
            }
            state = self
                .freed
                .wait_timeout(state, ShutdownSignal::wake_every())
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Takes the answer to one request.
    pub fn record(&self, rtt: Duration, signal: Signal) {
        let mut state = self.lock();
        let before = state.controller.limit();
        state.controller.record(rtt, signal, Instant::now());
        if state.controller.limit() > before {
            self.freed.notify_all();
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.limiter.lock().active -= 1;
        self.limiter.freed.notify_one();
    }
}

/// Requests in flight now, at most, and on average over the time any was.
#[derive(Default)]
pub struct InFlightGauge {
    state: Mutex<GaugeState>,
}

#[derive(Default)]
struct GaugeState {
    now: usize,
    max: usize,
    since: Option<Instant>,
    area: f64,
    busy: f64,
}

impl InFlightGauge {
    /// One more request in flight (`true`), or one fewer.
    pub fn count(&self, starting: bool) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some(since) = state.since {
            let seconds = now.duration_since(since).as_secs_f64();
            state.area += seconds * state.now as f64;
            if state.now > 0 {
                state.busy += seconds;
            }
        }
        state.since = Some(now);
        if starting {
            state.now += 1;
            state.max = state.max.max(state.now);
        } else {
            state.now = state.now.saturating_sub(1);
        }
    }

    /// The most at once, and the mean over the time at least one was in flight.
    pub fn reading(&self) -> (u64, f64) {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mean = if state.busy > 0.0 {
            state.area / state.busy
        } else {
            0.0
        };
        (state.max as u64, mean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RTT: Duration = Duration::from_millis(50);

    /// Feeds `controller` one window at full use of the limit: an answer at
    /// `*now`, and one a round trip later that ends the window.
    fn window(controller: &mut Controller, now: &mut Instant, rtt: Duration, signal: Signal) {
        controller.note_active(controller.limit());
        controller.record(rtt, signal, *now);
        *now += rtt.max(MIN_WINDOW);
        controller.note_active(controller.limit());
        controller.record(rtt, signal, *now);
    }

    fn grown_to(max: usize, target: usize) -> (Controller, Instant) {
        let mut controller = Controller::adaptive(max);
        let mut now = Instant::now();
        for _ in 0..100 {
            if controller.limit() >= target {
                break;
            }
            window(&mut controller, &mut now, RTT, Signal::Answered);
        }
        (controller, now)
    }

    #[test]
    fn a_fixed_limit_never_moves() {
        let mut controller = Controller::fixed(4);
        let now = Instant::now();
        for _ in 0..50 {
            controller.record(Duration::from_secs(5), Signal::Backpressure, now);
        }
        assert_eq!(controller.limit(), 4);
    }

    #[test]
    fn starts_low_and_doubles_while_round_trips_stay_flat() {
        let mut controller = Controller::adaptive(64);
        assert_eq!(controller.limit(), 2);
        let mut now = Instant::now();
        let mut limits = Vec::new();
        for _ in 0..6 {
            window(&mut controller, &mut now, RTT, Signal::Answered);
            limits.push(controller.limit());
        }
        assert_eq!(limits, [4, 8, 16, 32, 64, 64]);
    }

    #[test]
    fn does_not_grow_while_the_senders_do_not_use_the_limit() {
        let mut controller = Controller::adaptive(64);
        let mut now = Instant::now();
        for _ in 0..10 {
            controller.note_active(1);
            controller.record(RTT, Signal::Answered, now);
            now += RTT;
            controller.record(RTT, Signal::Answered, now);
        }
        assert_eq!(controller.limit(), 2);
    }

    #[test]
    fn backpressure_cuts_by_a_third_once_a_window_and_recovers_by_doubling() {
        let (mut controller, mut now) = grown_to(64, 32);
        assert_eq!(controller.limit(), 32);
        // A whole window of 429s is one cut, not one per answer.
        window(&mut controller, &mut now, RTT, Signal::Backpressure);
        assert_eq!(controller.limit(), 22);
        // Above the limit that last held it climbs by one a window.
        window(&mut controller, &mut now, RTT, Signal::Answered);
        assert_eq!(controller.limit(), 23);
        window(&mut controller, &mut now, RTT, Signal::Backpressure);
        window(&mut controller, &mut now, RTT, Signal::Backpressure);
        window(&mut controller, &mut now, RTT, Signal::Backpressure);
        assert_eq!(controller.limit(), 8);
        // Never below one.
        for _ in 0..20 {
            window(&mut controller, &mut now, RTT, Signal::Backpressure);
        }
        assert_eq!(controller.limit(), 1);
    }

    #[test]
    fn a_single_slow_answer_moves_nothing() {
        let (mut controller, mut now) = grown_to(64, 16);
        let before = controller.limit();
        controller.note_active(before);
        controller.record(Duration::from_secs(3), Signal::Answered, now);
        for _ in 0..before {
            controller.record(RTT, Signal::Answered, now);
        }
        now += RTT;
        controller.record(RTT, Signal::Answered, now);
        assert!(controller.limit() >= before, "{}", controller.limit());
    }

    #[test]
    fn one_slow_window_is_forgiven_and_rising_latency_cuts_gently() {
        let (mut controller, mut now) = grown_to(64, 32);
        let slow = RTT * 3;
        window(&mut controller, &mut now, slow, Signal::Answered);
        assert_eq!(controller.limit(), 32, "one raised window is not a trend");
        window(&mut controller, &mut now, slow, Signal::Answered);
        assert_eq!(controller.limit(), 28);
        window(&mut controller, &mut now, slow, Signal::Answered);
        assert_eq!(controller.limit(), 25);
        // Flat again: it climbs back.
        window(&mut controller, &mut now, RTT, Signal::Answered);
        assert_eq!(controller.limit(), 26);
    }

    #[test]
    fn a_latency_that_stays_raised_becomes_the_new_baseline() {
        let (mut controller, mut now) = grown_to(64, 32);
        let slow = RTT * 4;
        for _ in 0..NEW_BASELINE_AFTER {
            window(&mut controller, &mut now, slow, Signal::Answered);
        }
        let settled = controller.limit();
        assert!(settled > 1, "collapsed to {settled}");
        window(&mut controller, &mut now, slow, Signal::Answered);
        assert_eq!(
            controller.limit(),
            settled + 1,
            "grows again at the new baseline"
        );
    }

    #[test]
    fn the_limiter_hands_out_at_most_the_limit() {
        let limiter = Concurrency::Fixed(2).limiter();
        let first = limiter.acquire(|| false).unwrap();
        let _second = limiter.acquire(|| false).unwrap();
        assert!(limiter.acquire(|| true).is_none());
        drop(first);
        assert!(limiter.acquire(|| false).is_some());
    }

    #[test]
    fn the_gauge_reads_the_most_and_the_mean_in_flight() {
        let gauge = InFlightGauge::default();
        gauge.count(true);
        gauge.count(true);
        gauge.count(false);
        gauge.count(false);
        let (max, mean) = gauge.reading();
        assert_eq!(max, 2);
        assert!((1.0..=2.0).contains(&mean), "{mean}");
    }
}
