//! Where batches go: the ingest API, or stdout for `--dry-run`.

use std::io::{self, Write};
use std::sync::Mutex;
use std::time::Duration;

use crate::batch::body::Batch;
use crate::deliver::client::{DeliveryError, IngestClient};

/// A destination for finished batches. Shared by the threads that send:
/// a request given up at the shutdown deadline may still be running on one
/// while the next goes out on another.
pub trait BatchSink: Send + Sync {
    /// Delivers one batch; `Ok` only when every entry was accepted.
    /// `timeout`, when given, bounds the request.
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError>;
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
    fn deliver(&self, batch: &Batch, timeout: Option<Duration>) -> Result<(), DeliveryError> {
        self.client.post(batch, timeout).map(|_| ())
    }
}

/// Prints each request body on its own line instead of sending it.
pub struct DryRunSink<W: Write + Send> {
    out: Mutex<Option<W>>,
}

impl DryRunSink<io::Stdout> {
    /// A dry-run sink printing to stdout.
    pub fn stdout() -> Self {
        DryRunSink {
            out: Mutex::new(Some(io::stdout())),
        }
    }
}

impl<W: Write + Send> DryRunSink<W> {
    /// A dry-run sink printing to `out`.
    #[cfg(test)]
    pub fn new(out: W) -> Self {
        DryRunSink {
            out: Mutex::new(Some(out)),
        }
    }

    /// What it was printing to.
    #[cfg(test)]
    pub fn into_inner(self) -> Option<W> {
        self.out.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl<W: Write + Send> BatchSink for DryRunSink<W> {
    fn deliver(&self, batch: &Batch, _timeout: Option<Duration>) -> Result<(), DeliveryError> {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(writer) = out.as_mut() {
            let written = writer
                .write_all(batch.body())
                .and_then(|()| writer.write_all(b"\n"))
                .and_then(|()| writer.flush());
            if written.is_err() {
                // The reader of a dry run went away (`| head`): nothing left to show.
                *out = None;
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
        let sink = DryRunSink::new(Vec::new());
        sink.deliver(&Batch::from_entries([&b"{}"[..]]), None)
            .unwrap();
        sink.deliver(&Batch::from_entries([&b"{}"[..], b"{}"]), None)
            .unwrap();
        assert_eq!(sink.into_inner().unwrap(), b"[{}]\n[{},{}]\n");
    }
}
