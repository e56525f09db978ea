//! The back office's outgoing mail (`/admin/mail`): what the outbox
//! queued, sent and gave up on, with the error, and a retry.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::OutgoingMailPage;
