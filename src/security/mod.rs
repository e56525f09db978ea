//! Account security: the signed-in user's active sessions (log out one, or
//! all the others) and recent sign-ins, at `/my/security` for customers and
//! `/admin/security` for staff; changing the password; turning two-factor
//! authentication on (QR code, recovery codes) and off.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod two_factor;

pub use pages::SecurityPage;
