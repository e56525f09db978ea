//! Users: the logins linked to contacts. Shared types and account creation
//! today; the back office's user list and login changes build on it.

pub mod api;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::UserSummary;
