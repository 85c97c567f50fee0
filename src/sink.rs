//! Where batches go: the ingest API, or stdout for `--dry-run`.

use std::io::{self, Write};
use std::time::Duration;

use crate::batch::Batch;
use crate::delivery::{DeliveryError, IngestClient};

/// A destination for finished batches.
pub trait BatchSink: Send {
    /// Delivers one batch; `Ok` only when every entry was accepted.
    /// `timeout`, when given, bounds the request.
    fn deliver(&mut self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError>;
}

/// Posts batches to the ingest API.
pub struct ApiSink {
    client: IngestClient,
}

impl ApiSink {
    /// A sink posting through `client`.
    pub fn new(client: IngestClient) -> Self {
        ApiSink { client }
    }
}

impl BatchSink for ApiSink {
    fn deliver(&mut self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError> {
        self.client.post(batch, timeout).map(|_| ())
    }
}

/// Prints each request body on its own line instead of sending it.
pub struct DryRunSink<W: Write + Send> {
    out: Option<W>,
}

impl DryRunSink<io::Stdout> {
    /// A dry-run sink printing to stdout.
    pub fn stdout() -> Self {
        DryRunSink {
            out: Some(io::stdout()),
        }
    }
}

impl<W: Write + Send> DryRunSink<W> {
    /// A dry-run sink printing to `out`.
    #[cfg(test)]
    pub fn new(out: W) -> Self {
        DryRunSink { out: Some(out) }
    }
}

impl<W: Write + Send> BatchSink for DryRunSink<W> {
    fn deliver(&mut self, batch: &Batch, _timeout: Option<Duration>) -> Result<(), DeliveryError> {
        if let Some(out) = &mut self.out {
            let written = out
                .write_all(batch.body())
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
            if written.is_err() {
                // The reader of a dry run went away (`| head`): nothing left to show.
                self.out = None;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dry_run_prints_one_body_per_line() {
        let mut printed = Vec::new();
        let mut sink = DryRunSink::new(&mut printed);
        sink.deliver(&Batch::from_entries([&b"{}"[..]]), None)
            .unwrap();
        sink.deliver(&Batch::from_entries([&b"{}"[..], b"{}"]), None)
            .unwrap();
        assert_eq!(printed, b"[{}]\n[{},{}]\n");
    }
}
