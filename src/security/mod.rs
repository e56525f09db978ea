//! Account security: the signed-in user's active sessions (log out one, or
//! all the others) and recent sign-ins, at `/my/security` for customers and
//! `/admin/security` for staff; changing the password. Reset and two-factor
//! come next (issue 10).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::SecurityPage;
