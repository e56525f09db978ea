//! Accounts and sessions: logging in and out, and the frame of signed-in
//! pages.
//!
//! Login is a sequence of states — attempt counted, credentials checked,
//! then (once two-factor lands) a second factor, then a session — never a
//! set of flags (`login.rs`).

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod devices;
#[cfg(feature = "ssr")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod password_policy;
#[cfg(feature = "ssr")]
pub mod reset;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod two_factor;
