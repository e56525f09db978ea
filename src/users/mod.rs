//! Users: the logins linked to contacts; account creation; the back
//! office's user list (with its custom filter) and login changes.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
mod logins;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::UserSummary;
pub use pages::{UserPage as UserDetailPage, UsersPage};
