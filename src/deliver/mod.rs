//! Delivery: takes batches from the batch queue and hands them on to a
//! sink (the ingest API, or stdout for a dry run), retrying, splitting and
//! isolating what the API refuses; what cannot be delivered goes to the
//! spool, and every entry's fate to the run's report.

pub mod client;
pub mod concurrency;
pub mod crew;
pub mod engine;
pub mod in_flight;
pub mod retry;
pub mod senders;
pub mod sink;
