//! Passkeys (WebAuthn): a key pair kept by the user's device or password
//! manager, unlocked there by a fingerprint, face or PIN. Registered from
//! the security page (`crate::security`), used from the login page with no
//! address or password typed (discoverable credentials), and counted as the
//! second factor staff must have: possession and user verification at once.
//!
//! `ceremony.rs` runs the ceremonies with webauthn-rs, whose state waits in
//! the database (never in the browser) until the browser answers, once;
//! `sign_in.rs` turns a verified answer into a session the way a password
//! login does (throttle, audit, the new-browser email); `store.rs` holds the
//! SQL; `browser.rs` calls `navigator.credentials` in the WASM client.

pub mod api;
pub mod browser;
#[cfg(feature = "ssr")]
pub mod ceremony;
#[cfg(feature = "ssr")]
mod sign_in;
#[cfg(feature = "ssr")]
pub mod store;
