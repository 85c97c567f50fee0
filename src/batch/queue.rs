//! The queue between the batcher and the delivery thread, bounded in bytes.
//! While delivery is healthy it holds at most a couple of batches, so memory
//! stays small and a fast producer meets backpressure; while the API is failing
//! it absorbs up to `--max-buffer` bytes before the `--when-full` policy applies.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::batch::body::Batch;

/// Batches queued while deliveries succeed.
const HEALTHY_QUEUE_BATCHES: usize = 2;

/// What to do when the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenFull {
    /// Wait: the writer of our input is slowed down (backpressure).
    Block,
    /// Drop the batch, counting its entries.
    Drop,
    /// Write the batch to the spool and keep reading.
    Spool,
}

struct State {
    batches: VecDeque<Batch>,
    bytes: usize,
    healthy: bool,
    /// Senders still alive; the queue is finished when the last one is gone.
    producers: usize,
    producer_done: bool,
    consumer_gone: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    max_bytes: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn has_room(&self, state: &State, batch: &Batch) -> bool {
        if state.batches.is_empty() {
            return true;
        }
        let within_bytes = state.bytes + batch.body_len() <= self.max_bytes;
        within_bytes && (!state.healthy || state.batches.len() < HEALTHY_QUEUE_BATCHES)
    }
}

/// Makes a queue holding at most `max_bytes` of batch bodies.
pub fn batch_queue(max_bytes: usize) -> (QueueSender, QueueReceiver) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            batches: VecDeque::new(),
            bytes: 0,
            healthy: true,
            producers: 1,
            producer_done: false,
            consumer_gone: false,
        }),
        changed: Condvar::new(),
        max_bytes,
    });
    (QueueSender(Arc::clone(&shared)), QueueReceiver(shared))
}

/// The batcher's end. `run` clones it: one per stream's batcher, and one for
/// the lifecycle entries.
pub struct QueueSender(Arc<Shared>);

impl Clone for QueueSender {
    fn clone(&self) -> Self {
        self.0.lock().producers += 1;
        QueueSender(Arc::clone(&self.0))
    }
}

/// What became of a batch offered to the queue.
#[derive(Debug)]
pub enum Offer {
    Queued,
    /// The queue is full; the batch is handed back.
    Full(Batch),
    /// Delivery has stopped; the batch is handed back.
    Closed(Batch),
}

impl QueueSender {
    /// Queues the batch, waiting for room until `give_up` says to stop
    /// waiting (asked again every `recheck`): then the batch is handed back.
    pub fn push_blocking_until(
        &self,
        batch: Batch,
        recheck: Duration,
        give_up: impl Fn() -> bool,
    ) -> Offer {
        let mut state = self.0.lock();
        loop {
            if state.consumer_gone {
                return Offer::Closed(batch);
            }
            if self.0.has_room(&state, &batch) {
                break;
            }
            if give_up() {
                return Offer::Full(batch);
            }
            state = self
                .0
                .changed
                .wait_timeout(state, recheck)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        self.enqueue(state, batch)
    }

    /// Queues the batch, waiting for room as long as it takes.
    #[cfg(test)]
    pub fn push_blocking(&self, batch: Batch) -> Offer {
        self.push_blocking_until(batch, Duration::from_secs(3600), || false)
    }

    /// Queues the batch if there is room now.
    pub fn try_push(&self, batch: Batch) -> Offer {
        let state = self.0.lock();
        if state.consumer_gone {
            return Offer::Closed(batch);
        }
        if !self.0.has_room(&state, &batch) {
            return Offer::Full(batch);
        }
        self.enqueue(state, batch)
    }

    fn enqueue(&self, mut state: MutexGuard<'_, State>, batch: Batch) -> Offer {
        state.bytes += batch.body_len();
        state.batches.push_back(batch);
        self.0.changed.notify_all();
        Offer::Queued
    }
}

impl Drop for QueueSender {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.producers -= 1;
        if state.producers == 0 {
            state.producer_done = true;
            self.0.changed.notify_all();
        }
    }
}

/// The delivery thread's end.
pub struct QueueReceiver(Arc<Shared>);

/// Why no batch came.
#[derive(Debug, PartialEq, Eq)]
pub enum Empty {
    /// Nothing within the wait; more may come.
    TimedOut,
    /// The batcher is done and the queue is drained.
    Finished,
}

impl QueueReceiver {
    /// The next batch, waiting at most `wait`.
    pub fn recv_timeout(&self, wait: Duration) -> Result<Batch, Empty> {
        let mut state = self.0.lock();
        let deadline = std::time::Instant::now() + wait;
        loop {
            if let Some(batch) = state.batches.pop_front() {
                state.bytes -= batch.body_len();
                self.0.changed.notify_all();
                return Ok(batch);
            }
            if state.producer_done {
                return Err(Empty::Finished);
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                return Err(Empty::TimedOut);
            }
            state = self
                .0
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Refuses every batch from now on and hands those still queued to
    /// `keep`, in one step: a batch offered afterwards comes back to its
    /// sender as [`Offer::Closed`] for it to keep, so none is left in a
    /// queue that nobody reads. The sender waits until `keep` is done, so
    /// what is kept stays in the order it was queued.
    pub fn close(&self, mut keep: impl FnMut(Batch)) {
        let mut state = self.0.lock();
        state.consumer_gone = true;
        state.bytes = 0;
        for batch in state.batches.drain(..) {
            keep(batch);
        }
        self.0.changed.notify_all();
    }

    /// Tells the queue whether deliveries are succeeding, which sets its size.
    pub fn set_healthy(&self, healthy: bool) {
        let mut state = self.0.lock();
        if state.healthy != healthy {
            state.healthy = healthy;
            self.0.changed.notify_all();
        }
    }
}

impl Drop for QueueReceiver {
    fn drop(&mut self) {
        self.0.lock().consumer_gone = true;
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_queue_hands_back_what_it_held_and_refuses_what_comes_after() {
        let (sender, receiver) = batch_queue(10 * 1024 * 1024);
        assert!(matches!(sender.try_push(batch(100)), Offer::Queued));
        let mut rest = Vec::new();
        receiver.close(|batch| rest.push(batch));
        assert_eq!(rest.len(), 1);
        // Offered once the consumer stopped: it goes back to the sender,
        // blocking or not, rather than into a queue nobody reads.
        assert!(matches!(sender.try_push(batch(100)), Offer::Closed(_)));
        let blocking = sender.push_blocking_until(batch(100), Duration::from_millis(1), || false);
        assert!(matches!(blocking, Offer::Closed(_)));
    }

    fn batch(bytes: usize) -> Batch {
        let entry = vec![b'1'; bytes.saturating_sub(2)];
        Batch::from_entries([&entry[..]])
    }

    #[test]
    fn holds_two_batches_while_healthy_and_up_to_the_byte_bound_when_not() {
        let (sender, receiver) = batch_queue(1000);
        assert!(matches!(sender.try_push(batch(100)), Offer::Queued));
        assert!(matches!(sender.try_push(batch(100)), Offer::Queued));
        assert!(matches!(sender.try_push(batch(100)), Offer::Full(_)));
        receiver.set_healthy(false);
        for _ in 0..8 {
            assert!(matches!(sender.try_push(batch(100)), Offer::Queued));
        }
        assert!(matches!(sender.try_push(batch(100)), Offer::Full(_)));
    }

    #[test]
    fn a_batch_larger_than_the_bound_still_goes_through_an_empty_queue() {
        let (sender, receiver) = batch_queue(10);
        assert!(matches!(sender.try_push(batch(100)), Offer::Queued));
        assert_eq!(
            receiver.recv_timeout(Duration::ZERO).unwrap().body_len(),
            100
        );
    }

    #[test]
    fn finishes_when_the_sender_is_gone_and_the_queue_drained() {
        let (sender, receiver) = batch_queue(1000);
        sender.push_blocking(batch(10));
        drop(sender);
        assert!(receiver.recv_timeout(Duration::from_secs(1)).is_ok());
        assert_eq!(
            receiver.recv_timeout(Duration::from_secs(1)).unwrap_err(),
            Empty::Finished
        );
    }

    #[test]
    fn a_blocked_sender_wakes_when_room_appears_or_delivery_stops() {
        let (sender, receiver) = batch_queue(1000);
        sender.push_blocking(batch(10));
        sender.push_blocking(batch(10));
        let (waiting_tx, waiting_rx) = std::sync::mpsc::channel();
        let pusher = std::thread::spawn(move || {
            let offer = sender.push_blocking_until(batch(10), Duration::from_millis(5), || {
                let _ = waiting_tx.send(());
                false
            });
            matches!(offer, Offer::Queued)
        });
        // The pusher has found the queue full and waits.
        waiting_rx.recv().unwrap();
        receiver.recv_timeout(Duration::ZERO).unwrap();
        assert!(pusher.join().unwrap());
        let (sender, receiver) = batch_queue(1000);
        sender.push_blocking(batch(10));
        sender.push_blocking(batch(10));
        drop(receiver);
        assert!(matches!(sender.push_blocking(batch(10)), Offer::Closed(_)));
    }

    #[test]
    fn a_blocked_sender_gives_up_when_told() {
        let (sender, _receiver) = batch_queue(1000);
        sender.push_blocking(batch(10));
        sender.push_blocking(batch(10));
        let offer = sender.push_blocking_until(batch(10), Duration::from_millis(1), || true);
        assert!(matches!(offer, Offer::Full(_)));
    }
}
