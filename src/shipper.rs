//! The delivery thread: takes finished batches from a bounded channel, hands
//! them to a sink, and tallies the outcome.

use std::sync::mpsc::Receiver;
use std::thread::{self, JoinHandle};

use crate::batch::Batch;
use crate::delivery::DeliveryError;
use crate::failure::Failure;
use crate::sink::BatchSink;

/// What became of the batches of one run.
#[derive(Debug, Default)]
pub struct DeliveryReport {
    pub entries_delivered: u64,
    pub entries_failed: u64,
    pub batches_delivered: u64,
    /// The error that stopped shipping (401/403/404), if one did.
    pub fatal_error: Option<DeliveryError>,
    /// The last error of a batch that failed while shipping went on.
    pub last_error: Option<DeliveryError>,
}

impl DeliveryReport {
    /// Tallies one batch's outcome.
    pub fn record(&mut self, entries: usize, outcome: Result<(), DeliveryError>) {
        match outcome {
            Ok(()) => {
                self.entries_delivered += entries as u64;
                self.batches_delivered += 1;
            }
            Err(error) => {
                self.entries_failed += entries as u64;
                if error.is_fatal() {
                    self.fatal_error = Some(error);
                } else {
                    self.last_error = Some(error);
                }
            }
        }
    }

    /// `Ok` when every entry read was delivered; otherwise the failure that
    /// explains what was not. `entries_read` counts all entries made from input,
    /// including those never handed to the sink after a fatal error.
    pub fn into_result(self, entries_read: u64) -> Result<(), Failure> {
        let undelivered = entries_read.saturating_sub(self.entries_delivered);
        let Some(error) = self.fatal_error.or(self.last_error) else {
            return Ok(());
        };
        let mut failure = error.to_failure();
        failure.message = format!(
            "{}; {undelivered} of {entries_read} entries were not delivered",
            failure.message
        );
        Err(failure)
    }
}

/// Starts the delivery thread. It ends when the channel closes, or at the
/// first fatal error (it then drops the receiver, which tells the sender to stop).
pub fn spawn_delivery(
    mut sink: Box<dyn BatchSink>,
    batches: Receiver<Batch>,
) -> JoinHandle<DeliveryReport> {
    thread::Builder::new()
        .name("delivery".into())
        .spawn(move || {
            let mut report = DeliveryReport::default();
            for batch in batches {
                report.record(batch.len(), sink.deliver(&batch));
                if report.fatal_error.is_some() {
                    break;
                }
            }
            report
        })
        .expect("the delivery thread can be started")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit_code::ExitCode;

    #[test]
    fn all_delivered_is_success() {
        let mut report = DeliveryReport::default();
        report.record(3, Ok(()));
        assert!(report.into_result(3).is_ok());
    }

    #[test]
    fn a_fatal_error_outranks_a_passing_one_and_counts_what_was_lost() {
        let mut report = DeliveryReport::default();
        report.record(2, Ok(()));
        report.record(
            2,
            Err(DeliveryError::ServerError {
                status: 500,
                message: "x".into(),
            }),
        );
        report.record(
            2,
            Err(DeliveryError::Unauthorized {
                message: "bad key".into(),
            }),
        );
        let failure = report.into_result(10).unwrap_err();
        assert_eq!(failure.exit_code, ExitCode::NoPermission);
        assert!(
            failure
                .message
                .ends_with("8 of 10 entries were not delivered"),
            "{}",
            failure.message
        );
    }
}
