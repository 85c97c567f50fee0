//! The threads that deliver a run's batches: several senders, each with a
//! request in flight, sharing one [`Crew`] and one store.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::batch::queue::{Empty, QueueReceiver};
use crate::deliver::crew::{lock, Crew};
use crate::deliver::engine::Shipper;
use crate::output::report::DeliveryStats;
use crate::spool::undelivered::{KeepError, KeepOutcome, KeptSegment, UndeliveredStore};

/// How often an idle sender looks at the queue (and the first, at the spool).
const IDLE_TICK: Duration = Duration::from_millis(100);
/// While the API is failing and no new batch comes, how often to probe it
/// with a spooled segment.
const OUTAGE_PROBE_INTERVAL: Duration = Duration::from_secs(5);
/// How long the end of a run may spend draining older spooled entries.
const FINAL_DRAIN_TIME: Duration = Duration::from_secs(2);

/// One store shared by the senders, each call in turn.
#[derive(Clone)]
struct SharedStore(Arc<Mutex<Box<dyn UndeliveredStore>>>);

impl UndeliveredStore for SharedStore {
    fn keep(&mut self, entries: &[&[u8]]) -> Result<KeepOutcome, KeepError> {
        lock(&self.0).keep(entries)
    }
    fn dead_letter(&mut self, entries: &[&[u8]], reason: &str) -> anyhow::Result<()> {
        lock(&self.0).dead_letter(entries, reason)
    }
    fn claim_next(
        &mut self,
        skip: &HashSet<PathBuf>,
    ) -> anyhow::Result<Option<Box<dyn KeptSegment>>> {
        lock(&self.0).claim_next(skip)
    }
    fn location(&self) -> Option<PathBuf> {
        lock(&self.0).location()
    }
    fn waiting_entries(&self) -> u64 {
        lock(&self.0).waiting_entries()
    }
}

/// Whether a sender also looks after the spool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Duty {
    /// Ships batches and, when idle, drains the spool (the first sender).
    ShipAndDrain,
    ShipOnly,
}

/// Starts the senders: each ships queued batches as the concurrency limit
/// lets it; the first also drains the spool when idle. The thread returned
/// gives the run's stats once the queue is finished and every sender is done.
pub fn spawn_delivery(mut shipper: Shipper, batches: QueueReceiver) -> JoinHandle<DeliveryStats> {
    thread::Builder::new()
        .name("delivery".into())
        .spawn(move || {
            let crew = shipper.crew();
            let senders = crew.concurrency.senders();
            let batches = Arc::new(batches);
            let store = SharedStore(Arc::new(Mutex::new(shipper.take_store())));
            let mut threads = Vec::new();
            for number in 1..senders {
                let sender = shipper.sender(Box::new(store.clone()));
                let batches = Arc::clone(&batches);
                let spawned = thread::Builder::new()
                    .name(format!("sender-{number}"))
                    .spawn(move || run_sender(sender, &batches, Duty::ShipOnly));
                // Fewer senders than asked if the system refuses threads.
                match spawned {
                    Ok(thread) => threads.push(thread),
                    Err(_) => break,
                }
            }
            shipper.put_store(Box::new(store));
            let mut stats = run_sender(shipper, &batches, Duty::ShipAndDrain);
            for thread in threads {
                if let Ok(more) = thread.join() {
                    stats.absorb(more);
                }
            }
            let (max, mean) = crew.gauge.reading();
            stats.in_flight_max = max;
            stats.in_flight_mean = mean;
            stats
        })
        .expect("the delivery thread can be started")
}

/// One sender's loop: a permit, a batch, its delivery; until the queue is
/// finished or an error stopped every sender.
fn run_sender(mut shipper: Shipper, batches: &QueueReceiver, duty: Duty) -> DeliveryStats {
    let crew: Arc<Crew> = shipper.crew();
    let mut last_probe = Instant::now();
    loop {
        let Some(permit) = crew.limiter.acquire(|| crew.is_stopped()) else {
            break;
        };
        match batches.recv_timeout(IDLE_TICK) {
            Ok(batch) => {
                shipper.ship(batch);
                batches.set_healthy(!crew.in_outage());
            }
            Err(Empty::TimedOut) if duty == Duty::ShipAndDrain => {
                let probe_due = last_probe.elapsed() >= OUTAGE_PROBE_INTERVAL;
                let stopping = shipper.is_stopping();
                if (!crew.in_outage() || probe_due) && !stopping {
                    last_probe = Instant::now();
                    // One try per request: a healthy API takes them; a
                    // failing one is left alone until it answers again.
                    shipper.drain_spool(Instant::now() + IDLE_TICK, Duration::ZERO);
                    batches.set_healthy(!crew.in_outage());
                }
            }
            Err(Empty::TimedOut) => {}
            Err(Empty::Finished) => break,
        }
        drop(permit);
        if crew.is_stopped() {
            break;
        }
    }
    if crew.is_stopped() {
        // Nothing more can succeed: keep what is still queued; what comes
        // later the batcher keeps itself.
        batches.close(|batch| shipper.keep_batch(&batch));
    } else if duty == Duty::ShipAndDrain && !crew.in_outage() && !shipper.is_stopping() {
        shipper.drain_spool(Instant::now() + FINAL_DRAIN_TIME, Duration::ZERO);
    }
    shipper.finish()
}
