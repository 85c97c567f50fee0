//! Integration tests: the real binary against the in-repo fake ingest API.

#[path = "../support/fake_ingest.rs"]
mod fake_ingest;
mod test_env;

mod config;
mod detect;
mod docs;
mod pipe;
mod send;
