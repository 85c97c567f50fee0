//! The spool: takes the entries delivery (or the batcher, past its queue)
//! could not deliver and keeps them on disk until a later run, or
//! `spool flush`, hands them back to delivery. Entries the API refused as
//! invalid go to the dead-letter file. Delivery and the batcher see it
//! through one trait, [`undelivered::UndeliveredStore`].

pub mod counting;
pub mod disk;
pub mod store;
pub mod undelivered;
