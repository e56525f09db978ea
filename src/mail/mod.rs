//! Email. Every message goes through a durable outbox in the database and is
//! sent by a background worker with retries, so a mail server that is down
//! loses nothing. Messages are written in the recipient's language through
//! the same Fluent catalogue as the pages.

pub mod compose;
pub mod store;
pub mod transport;
pub mod worker;

pub use compose::Notice;
