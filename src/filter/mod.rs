//! Filtering: takes each entry the batcher made from a reading (after
//! multi-line joining) and hands it back to be encoded, with its secrets
//! masked, or says it is not shipped: below `--min-level`, not wanted by
//! `--include`/`--exclude`, or past `--max-rate`. It also hands on the rate
//! limit's summary entries. Nothing here knows of batches or delivery.

#[cfg(test)]
mod fuzz_tests;
pub mod rate;
pub mod redact;

use std::borrow::Cow;
use std::time::Instant;

use regex::RegexSet;
use serde_json::{Map, Value};

use crate::entry::Entry;
use crate::filter::rate::{Admission, HeldBack, MaxRate, RateLimiter};
use crate::filter::redact::{RedactSettings, Redactor};
use crate::level::Level;

/// Which entries are shipped, and what is masked in them.
#[derive(Debug, Clone, Default)]
pub struct FilterSettings {
    pub redact: RedactSettings,
    /// Entries below it are not shipped.
    pub min_level: Option<Level>,
    /// When not empty, an entry is shipped only when its message matches one.
    pub include: Vec<String>,
    /// An entry whose message matches one is not shipped.
    pub exclude: Vec<String>,
    pub max_rate: Option<MaxRate>,
}

impl FilterSettings {
    /// Every entry shipped as it is: no rule but the configured key's.
    #[cfg(test)]
    pub fn shipping_all_as_is() -> FilterSettings {
        FilterSettings {
            redact: RedactSettings {
                builtin: redact::BuiltinRules::Off,
                patterns: Vec::new(),
            },
            ..FilterSettings::default()
        }
    }

    /// The rules in force, one row each (a name and what it does), for `check`.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let mut rows = Vec::new();
        match self.redact.builtin {
            redact::BuiltinRules::On => {
                for (name, what) in redact::BUILTIN_RULE_NAMES {
                    rows.push(("redact", format!("{name}: {what}")));
                }
            }
            redact::BuiltinRules::Off => {
                rows.push(("redact", "built-in rules off (--redact off)".to_owned()));
            }
        }
        rows.push(("redact", "the configured API key, always".to_owned()));
        for pattern in &self.redact.patterns {
            rows.push(("redact", format!("pattern {}", pattern.as_str())));
        }
        if let Some(level) = self.min_level {
            rows.push(("min level", level.to_string()));
        }
        for pattern in &self.include {
            rows.push(("include", pattern.clone()));
        }
        for pattern in &self.exclude {
            rows.push(("exclude", pattern.clone()));
        }
        if let Some(rate) = &self.max_rate {
            rows.push((
                "max rate",
                format!(
                    "{} for DEBUG and INFO, and as many for WARN and ERROR",
                    rate.text
                ),
            ));
        }
        rows
    }
}

/// Compiles `patterns` as one set; the error names the bad one in a line.
pub fn pattern_set(patterns: &[String]) -> Result<Option<RegexSet>, String> {
    for pattern in patterns {
        redact::RedactPattern::parse(pattern)?;
    }
    match patterns.is_empty() {
        true => Ok(None),
        false => RegexSet::new(patterns)
            .map(Some)
            .map_err(|error| format!("invalid regular expression: {error}")),
    }
}

/// What becomes of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Ship it (its secrets masked).
    Ship,
    /// Below `--min-level`, or not wanted by `--include`/`--exclude`.
    Filtered,
    /// Past `--max-rate`.
    RateLimited,
}

/// One batcher's filter: the redactor, the selection and the rate limit.
#[derive(Debug, Clone)]
pub struct EntryFilter {
    redactor: Redactor,
    min_level: Option<Level>,
    include: Option<RegexSet>,
    exclude: Option<RegexSet>,
    rate: Option<RateLimiter>,
}

impl EntryFilter {
    /// The filter of `settings`, whose patterns were checked when they were
    /// resolved.
    pub fn new(settings: &FilterSettings) -> EntryFilter {
        let compile = |patterns: &[String]| pattern_set(patterns).expect("checked by config");
        EntryFilter {
            redactor: Redactor::new(&settings.redact),
            min_level: settings.min_level,
            include: compile(&settings.include),
            exclude: compile(&settings.exclude),
            rate: settings.max_rate.clone().map(RateLimiter::new),
        }
    }

    /// Decides whether `entry`, arriving at `now`, is shipped, and masks its
    /// secrets when it is.
    pub fn admit(&mut self, entry: &mut Entry<'_>, now: Instant) -> Verdict {
        if self.min_level.is_some_and(|min| entry.level < min) {
            return Verdict::Filtered;
        }
        if let Some(include) = &self.include {
            if !include.is_match(&entry.message) {
                return Verdict::Filtered;
            }
        }
        if let Some(exclude) = &self.exclude {
            if exclude.is_match(&entry.message) {
                return Verdict::Filtered;
            }
        }
        if let Some(rate) = &mut self.rate {
            if rate.admit(entry.level, now) == Admission::HeldBack {
                return Verdict::RateLimited;
            }
        }
        self.redactor.redact_entry(entry);
        Verdict::Ship
    }

    /// The summary entry of the rate limit's interval, once it is over at
    /// `now` and held entries back; `timestamp` gives the summary's.
    pub fn summary_due(
        &mut self,
        now: Instant,
        timestamp: impl FnOnce() -> String,
    ) -> Option<Entry<'static>> {
        let rate = self.rate.as_mut()?;
        let held = rate.interval_ended(now)?;
        Some(summary_entry(rate.rate(), &held, timestamp()))
    }

    /// The summary of what is held back and not yet told, at the end.
    pub fn last_summary(&mut self, timestamp: String) -> Option<Entry<'static>> {
        let rate = self.rate.as_mut()?;
        let held = rate.take_held()?;
        Some(summary_entry(rate.rate(), &held, timestamp))
    }
}

/// `logingestor: held back 990 entries past --max-rate 10/s: 989 INFO, 1 DEBUG`,
/// at WARN (ERROR when an ERROR was held back), with the counts in meta.
fn summary_entry(rate: &MaxRate, held: &HeldBack, timestamp: String) -> Entry<'static> {
    let levels: Vec<String> = held
        .levels()
        .map(|(level, count)| format!("{count} {level}"))
        .collect();
    let message = format!(
        "logingestor: held back {} entries past --max-rate {}: {}",
        held.total(),
        rate.text,
        levels.join(", ")
    );
    let level = held
        .levels()
        .map(|(level, _)| level)
        .max()
        .map_or(Level::Warn, |highest| highest.max(Level::Warn));
    let mut entry = Entry::new(level, Cow::Owned(message), Cow::Owned(timestamp));
    let counts: Map<String, Value> = held
        .levels()
        .map(|(level, count)| (level.to_string(), Value::from(count)))
        .collect();
    entry.meta.insert("held_back".into(), Value::Object(counts));
    entry
        .meta
        .insert("max_rate".into(), Value::from(rate.text.clone()));
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn entry(level: Level, message: &str) -> Entry<'static> {
        Entry::new(
            level,
            Cow::Owned(message.to_owned()),
            Cow::Borrowed("2026-12-02T06:00:00.000Z"),
        )
    }

    fn filter(settings: FilterSettings) -> EntryFilter {
        EntryFilter::new(&settings)
    }

    #[test]
    fn entries_below_the_minimum_level_are_filtered() {
        let mut filter = filter(FilterSettings {
            min_level: Some(Level::Warn),
            ..FilterSettings::default()
        });
        let now = Instant::now();
        assert_eq!(
            filter.admit(&mut entry(Level::Info, "x"), now),
            Verdict::Filtered
        );
        assert_eq!(
            filter.admit(&mut entry(Level::Debug, "x"), now),
            Verdict::Filtered
        );
        assert_eq!(
            filter.admit(&mut entry(Level::Warn, "x"), now),
            Verdict::Ship
        );
        assert_eq!(
            filter.admit(&mut entry(Level::Error, "x"), now),
            Verdict::Ship
        );
    }

    #[test]
    fn an_entry_is_shipped_when_it_matches_an_include_and_no_exclude() {
        let mut filter = filter(FilterSettings {
            include: vec!["^GET ".into(), "^POST ".into()],
            exclude: vec!["/healthz".into()],
            ..FilterSettings::default()
        });
        let now = Instant::now();
        let verdict =
            |filter: &mut EntryFilter, text: &str| filter.admit(&mut entry(Level::Info, text), now);
        assert_eq!(verdict(&mut filter, "GET /orders 200"), Verdict::Ship);
        assert_eq!(verdict(&mut filter, "POST /orders 201"), Verdict::Ship);
        assert_eq!(verdict(&mut filter, "GET /healthz 200"), Verdict::Filtered);
        assert_eq!(
            verdict(&mut filter, "DELETE /orders 204"),
            Verdict::Filtered
        );
    }

    #[test]
    fn a_shipped_entry_has_its_secrets_masked_and_a_filtered_one_is_left_alone() {
        let mut filter = filter(FilterSettings {
            exclude: vec!["drop me".into()],
            ..FilterSettings::default()
        });
        let now = Instant::now();
        let mut shipped = entry(Level::Info, "login password=hunter2");
        assert_eq!(filter.admit(&mut shipped, now), Verdict::Ship);
        assert_eq!(shipped.message, "login password=[REDACTED]");
        assert_eq!(shipped.meta["redacted"], 1);
    }

    #[test]
    fn past_the_rate_one_summary_says_what_was_held_back() {
        let mut filter = filter(FilterSettings {
            max_rate: Some(MaxRate::parse("2/s").unwrap()),
            ..FilterSettings::default()
        });
        let start = Instant::now();
        let mut verdicts: Vec<Verdict> = (0..5)
            .map(|_| filter.admit(&mut entry(Level::Info, "flood"), start))
            .collect();
        verdicts.push(filter.admit(&mut entry(Level::Error, "the one"), start));
        assert_eq!(
            verdicts,
            [
                Verdict::Ship,
                Verdict::Ship,
                Verdict::RateLimited,
                Verdict::RateLimited,
                Verdict::RateLimited,
                Verdict::Ship
            ]
        );
        let ts = || "2026-12-02T06:00:01.000Z".to_owned();
        assert!(filter
            .summary_due(start + Duration::from_millis(10), ts)
            .is_none());
        let summary = filter
            .summary_due(start + Duration::from_secs(1), ts)
            .expect("the interval is over");
        assert_eq!(
            summary.message,
            "logingestor: held back 3 entries past --max-rate 2/s: 3 INFO"
        );
        assert_eq!(summary.level, Level::Warn);
        assert_eq!(summary.meta["held_back"]["INFO"], 3);
        assert!(filter.last_summary(ts()).is_none());
    }
}
