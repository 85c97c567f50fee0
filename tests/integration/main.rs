//! Integration tests: the real binary against the in-repo fake ingest API.

#[path = "../support/fake_ingest.rs"]
mod fake_ingest;
mod spec;
mod test_env;

mod check;
mod compression;
mod concurrency;
mod config;
mod detect;
mod docs;
mod fault_scenarios;
mod feedback;
mod filter;
mod follow;
mod layout;
mod pipe;
mod reliability;
mod run;
mod send;
mod shutdown;
mod spool;
mod spool_delivery;
mod tls;
mod usage;
