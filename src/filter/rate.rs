//! `--max-rate N/s|N/m|N/h`: at most N entries an interval are shipped; the
//! rest are counted, and one summary entry an interval says how many were
//! held back at which levels. WARN and ERROR have a budget of their own, so
//! that a flood of INFO never hides an ERROR. The clock is the caller's
//! (each call takes `now`), so that the limit is tested without sleeping.

use std::time::{Duration, Instant};

use crate::level::Level;

/// The most entries of each budget shipped per interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxRate {
    pub count: u64,
    pub per: Duration,
    /// As written (`100/s`), for messages.
    pub text: String,
}

impl MaxRate {
    /// Reads `N/s`, `N/m` or `N/h` (also `N/sec`, `N/min`, `N/hour`).
    pub fn parse(text: &str) -> Result<MaxRate, String> {
        let why = || format!("'{text}' is not N/s, N/m or N/h (say 100/s), with N at least 1");
        let (count, unit) = text.trim().split_once('/').ok_or_else(why)?;
        let count: u64 = count.trim().parse().map_err(|_| why())?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(why()),
        };
        if count == 0 {
            return Err(why());
        }
        Ok(MaxRate {
            count,
            per,
            text: text.trim().to_owned(),
        })
    }
}

/// Whether an entry may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Ship,
    HeldBack,
}

/// The entries held back during one interval, by level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeldBack {
    /// Counts by level, DEBUG to ERROR.
    pub by_level: [u64; 4],
}

impl HeldBack {
    pub fn total(&self) -> u64 {
        self.by_level.iter().sum()
    }

    /// The levels held back, highest first, with their counts.
    pub fn levels(&self) -> impl Iterator<Item = (Level, u64)> + '_ {
        LEVELS
            .iter()
            .rev()
            .zip(self.by_level.iter().rev())
            .filter(|(_, count)| **count > 0)
            .map(|(level, count)| (*level, *count))
    }
}

const LEVELS: [Level; 4] = [Level::Debug, Level::Info, Level::Warn, Level::Error];

fn index_of(level: Level) -> usize {
    match level {
        Level::Debug => 0,
        Level::Info => 1,
        Level::Warn => 2,
        Level::Error => 3,
    }
}

/// Which budget an entry spends.
fn budget_of(level: Level) -> usize {
    match level {
        Level::Debug | Level::Info => 0,
        Level::Warn | Level::Error => 1,
    }
}

/// Counts the entries of the current interval against the two budgets.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    rate: MaxRate,
    interval_start: Option<Instant>,
    /// Entries shipped this interval: DEBUG and INFO, then WARN and ERROR.
    shipped: [u64; 2],
    held: HeldBack,
}

impl RateLimiter {
    pub fn new(rate: MaxRate) -> RateLimiter {
        RateLimiter {
            rate,
            interval_start: None,
            shipped: [0; 2],
            held: HeldBack::default(),
        }
    }

    pub fn rate(&self) -> &MaxRate {
        &self.rate
    }

    /// Whether an entry at `level` arriving at `now` may go. Call
    /// [`RateLimiter::interval_ended`] first: an interval over is not
    /// counted against.
    pub fn admit(&mut self, level: Level, now: Instant) -> Admission {
        if self.interval_start.is_none() {
            self.interval_start = Some(now);
        }
        let budget = budget_of(level);
        if self.shipped[budget] < self.rate.count {
            self.shipped[budget] += 1;
            return Admission::Ship;
        }
        self.held.by_level[index_of(level)] += 1;
        Admission::HeldBack
    }

    /// When the interval is over at `now`: starts the next one and hands
    /// back what the last held back, if anything.
    pub fn interval_ended(&mut self, now: Instant) -> Option<HeldBack> {
        let start = self.interval_start?;
        if now.saturating_duration_since(start) < self.rate.per {
            return None;
        }
        // The next interval starts at a whole number of intervals after the
        // first, so that a quiet spell leaves no interval half used.
        let elapsed = now.saturating_duration_since(start);
        let whole = elapsed.as_nanos() / self.rate.per.as_nanos().max(1);
        let step = self
            .rate
            .per
            .saturating_mul(u32::try_from(whole).unwrap_or(u32::MAX));
        self.interval_start = Some(start + step);
        self.shipped = [0; 2];
        self.take_held()
    }

    /// What was held back and not yet told (at the end of the input).
    pub fn take_held(&mut self) -> Option<HeldBack> {
        let held = std::mem::take(&mut self.held);
        (held.total() > 0).then_some(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(text: &str) -> RateLimiter {
        RateLimiter::new(MaxRate::parse(text).unwrap())
    }

    #[test]
    fn rates_are_read_per_second_minute_or_hour() {
        let rate = MaxRate::parse("100/s").unwrap();
        assert_eq!((rate.count, rate.per), (100, Duration::from_secs(1)));
        assert_eq!(MaxRate::parse("5/m").unwrap().per, Duration::from_secs(60));
        assert_eq!(
            MaxRate::parse("5/h").unwrap().per,
            Duration::from_secs(3600)
        );
        for bad in ["100", "0/s", "x/s", "10/d", "-1/s", ""] {
            assert!(MaxRate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn past_the_rate_entries_are_held_back_until_the_next_interval() {
        let mut rate = limiter("2/s");
        let start = Instant::now();
        let admitted: Vec<Admission> = (0..5).map(|_| rate.admit(Level::Info, start)).collect();
        assert_eq!(
            admitted,
            [
                Admission::Ship,
                Admission::Ship,
                Admission::HeldBack,
                Admission::HeldBack,
                Admission::HeldBack
            ]
        );
        let half = start + Duration::from_millis(500);
        assert_eq!(rate.interval_ended(half), None);
        let next = start + Duration::from_millis(1000);
        let held = rate.interval_ended(next).expect("three held back");
        assert_eq!(held.total(), 3);
        assert_eq!(held.levels().collect::<Vec<_>>(), [(Level::Info, 3)]);
        assert_eq!(rate.admit(Level::Info, next), Admission::Ship);
        assert_eq!(rate.interval_ended(next + Duration::from_millis(999)), None);
        assert_eq!(rate.take_held(), None);
    }

    #[test]
    fn a_flood_of_info_never_hides_an_error() {
        let mut rate = limiter("10/m");
        let now = Instant::now();
        for _ in 0..1000 {
            rate.admit(Level::Info, now);
        }
        rate.admit(Level::Debug, now);
        assert_eq!(rate.admit(Level::Error, now), Admission::Ship);
        assert_eq!(rate.admit(Level::Warn, now), Admission::Ship);
        let held = rate.take_held().unwrap();
        assert_eq!(
            held.levels().collect::<Vec<_>>(),
            [(Level::Info, 990), (Level::Debug, 1)]
        );
    }

    #[test]
    fn a_quiet_spell_starts_a_fresh_interval() {
        let mut rate = limiter("1/s");
        let start = Instant::now();
        rate.admit(Level::Info, start);
        rate.admit(Level::Info, start);
        let later = start + Duration::from_millis(5500);
        assert_eq!(rate.interval_ended(later).unwrap().total(), 1);
        assert_eq!(rate.admit(Level::Info, later), Admission::Ship);
        // That interval began at 5 s: it ends at 6 s.
        assert!(rate
            .interval_ended(start + Duration::from_millis(5999))
            .is_none());
        rate.admit(Level::Info, later);
        assert!(rate
            .interval_ended(start + Duration::from_secs(6))
            .is_some());
    }
}
