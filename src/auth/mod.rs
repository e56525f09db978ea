//! Signing in and out, and the frame of signed-in pages.
//!
//! A login is a sequence of states, never a set of flags (`login.rs`): the
//! attempt is counted (`throttle.rs`), the password checked
//! (`password_hash.rs`), then, for a user with two-factor on, a half-done
//! login waits for its second step (a code or a recovery code:
//! `two_factor.rs`), and only then a session begins (`session.rs`, with the
//! browsers signed in from in `devices.rs`). A sign-in through an
//! invitation link passes the same second step (`link_second_step.rs`). Also here: password resets by
//! emailed link (`reset.rs`), the rules a new password must meet
//! (`password_policy.rs`), the signed-in shell (`pages.rs`), and the
//! purge of expired sessions, half-done logins, throttle windows and links
//! (`purge.rs`). Turning
//! two-factor on and off and changing one's password are the account
//! security page's (`crate::security`). Passkeys, a sign-in of their own
//! that needs no second step, are in `passkeys/`.

pub mod api;
pub mod pages;
pub mod passkeys;

#[cfg(feature = "ssr")]
pub mod devices;
#[cfg(feature = "ssr")]
pub mod link_second_step;
#[cfg(feature = "ssr")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod password_hash;
#[cfg(feature = "ssr")]
pub mod password_policy;
#[cfg(feature = "ssr")]
pub mod purge;
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
