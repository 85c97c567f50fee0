//! A request in flight on a thread of its own, so that waiting for its
//! answer can end at the shutdown deadline: an HTTP call cannot be cut
//! short, but it can be given up, its batch kept, and the run ended.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::batch::body::Batch;
use crate::deliver::client::DeliveryError;
use crate::deliver::sink::BatchSink;
use crate::shutdown::ShutdownSignal;

/// Sends batches through a sink, one at a time, each on the request thread.
pub struct Requester {
    sink: Arc<dyn BatchSink>,
    /// The thread that makes the requests; `None` until the first, and again
    /// after one was given up (a new thread takes the next).
    worker: Option<Worker>,
}

struct Worker {
    jobs: SyncSender<(Arc<Batch>, Option<Duration>)>,
    answers: Receiver<Result<(), DeliveryError>>,
}

impl Requester {
    /// Sends through `sink`.
    pub fn new(sink: Box<dyn BatchSink>) -> Self {
        Requester {
            sink: Arc::from(sink),
            worker: None,
        }
    }

    /// Another requester through the same sink, with a thread of its own.
    pub fn sharing(&self) -> Self {
        Requester {
            sink: Arc::clone(&self.sink),
            worker: None,
        }
    }

    /// Request bytes the sink sent so far (for all that share it).
    pub fn bytes_sent(&self) -> u64 {
        self.sink.bytes_sent()
    }

    /// Delivers `batch` (the request bounded by `timeout`, when given) and
    /// waits for the answer, or until `shutdown`'s deadline passes: then the
    /// request is given up, with [`DeliveryError::Abandoned`].
    pub fn post(
        &mut self,
        batch: Arc<Batch>,
        timeout: Option<Duration>,
        shutdown: &ShutdownSignal,
    ) -> Result<(), DeliveryError> {
        let worker = match &mut self.worker {
            Some(worker) => worker,
            empty => empty.insert(Worker::start(Arc::clone(&self.sink))?),
        };
        if worker.jobs.send((batch, timeout)).is_err() {
            self.worker = None;
            return Err(thread_gone());
        }
        loop {
            match worker.answers.recv_timeout(ShutdownSignal::wake_every()) {
                Ok(answer) => return answer,
                Err(RecvTimeoutError::Timeout) if shutdown.is_past_deadline() => {
                    // The thread finishes the request on its own and ends.
                    self.worker = None;
                    return Err(DeliveryError::Abandoned);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.worker = None;
                    return Err(thread_gone());
                }
            }
        }
    }
}

impl Worker {
    fn start(sink: Arc<dyn BatchSink>) -> Result<Worker, DeliveryError> {
        let (jobs, job_rx) = mpsc::sync_channel::<(Arc<Batch>, Option<Duration>)>(1);
        let (answer_tx, answers) = mpsc::sync_channel(1);
        thread::Builder::new()
            .name("request".into())
            .spawn(move || {
                for (batch, timeout) in job_rx {
                    if answer_tx.send(sink.deliver(&batch, timeout)).is_err() {
                        return;
                    }
                }
            })
            .map_err(|error| DeliveryError::Network {
                detail: format!("cannot start a thread for requests: {error}"),
                maybe_applied: false,
            })?;
        Ok(Worker { jobs, answers })
    }
}

fn thread_gone() -> DeliveryError {
    DeliveryError::Network {
        detail: "the request thread stopped".into(),
        maybe_applied: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    struct SlowSink(Duration);

    impl BatchSink for SlowSink {
        fn deliver(&self, _: &Batch, _: Option<Duration>) -> Result<(), DeliveryError> {
            thread::sleep(self.0);
            Ok(())
        }
    }

    #[test]
    fn an_answer_comes_back_from_the_request_thread() {
        let mut requester = Requester::new(Box::new(SlowSink(Duration::ZERO)));
        let shutdown = ShutdownSignal::new(Duration::ZERO);
        for _ in 0..3 {
            let batch = Arc::new(Batch::from_entries([&b"{}"[..]]));
            assert!(requester.post(batch, None, &shutdown).is_ok());
        }
    }

    #[test]
    fn a_request_in_flight_at_the_deadline_is_given_up() {
        let mut requester = Requester::new(Box::new(SlowSink(Duration::from_secs(30))));
        let shutdown = ShutdownSignal::new(Duration::from_millis(200));
        shutdown.request();
        let started = Instant::now();
        let batch = Arc::new(Batch::from_entries([&b"{}"[..]]));
        let answer = requester.post(batch, None, &shutdown);
        assert!(
            matches!(answer, Err(DeliveryError::Abandoned)),
            "{answer:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
