//! The back office's audit log (`/admin/audit`, administrators): security
//! events with who, what, when and from where; filtered by event, user and
//! date; newest first.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::AuditLogPage;
