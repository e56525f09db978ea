//! The browsers each user has signed in from, so that a sign-in from a new
//! one is told to the account's owner, and so that the owner's browsers
//! keep a login budget of their own (`throttle.rs`). A device is a
//! long-lived random cookie set at a successful login; only its hash is
//! stored, with the account it signed in to (`store::record_sign_in`).
//! Unguessable and known to the server only for that account, it serves as
//! OWASP's signed "device cookie" without a signing key to keep.

use crate::{config::Settings, context::cookies};
use http::HeaderMap;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "portico_device";

#[derive(Clone, PartialEq, Eq)]
pub struct DeviceId(String);

impl std::fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceId(***)")
    }
}

impl DeviceId {
    /// The device cookie of this browser, or a new one.
    pub fn of_request(headers: &HeaderMap, settings: &Settings) -> Self {
        Self::presented(headers, settings)
            .unwrap_or_else(|| Self(hex::encode(rand::random::<[u8; 32]>())))
    }

    /// The device cookie this browser sent, if any.
    pub fn presented(headers: &HeaderMap, settings: &Settings) -> Option<Self> {
        cookies::read_token(headers, COOKIE_NAME, settings).map(Self)
    }

    pub fn set_cookie(&self, settings: &Settings) -> String {
        cookies::set(COOKIE_NAME, &self.0, Some(400), settings)
    }

    pub(super) fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}
