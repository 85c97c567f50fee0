//! When to try a failed request again: exponential backoff with full jitter,
//! within a total time budget per batch.

use std::time::{Duration, Instant};

/// Backoff settings for one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The ceiling of the first wait; it doubles with each attempt.
    pub first_wait: Duration,
    /// The largest ceiling a wait can have.
    pub max_wait: Duration,
    /// Total time a batch may spend being retried before it is spooled.
    pub retry_for: Duration,
}

impl RetryPolicy {
    /// The defaults: first wait 250 ms, cap 30 s, the given budget.
    pub fn with_budget(retry_for: Duration) -> Self {
        RetryPolicy {
            first_wait: Duration::from_millis(250),
            max_wait: Duration::from_secs(30),
            retry_for,
        }
    }

    /// The wait before retry number `attempt` (0 for the first retry): a
    /// uniformly random time up to `min(max_wait, first_wait × 2^attempt)`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .first_wait
            .saturating_mul(2u32.saturating_pow(attempt.min(20)))
            .min(self.max_wait);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether a wait ending at `now + wait` still fits before `deadline`.
pub fn fits_before(wait: Duration, deadline: Instant) -> bool {
    Instant::now() + wait < deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::with_budget(Duration::from_secs(60));
        for attempt in 0..30 {
            let ceiling = Duration::from_millis(250)
                .saturating_mul(1 << attempt.min(20))
                .min(Duration::from_secs(30));
            for _ in 0..50 {
                assert!(policy.backoff(attempt) <= ceiling);
            }
        }
        let waits: Vec<Duration> = (0..100).map(|_| policy.backoff(3)).collect();
        assert!(waits.iter().any(|w| *w != waits[0]), "no jitter");
    }
}
