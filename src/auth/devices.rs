//! The browsers each user has signed in from, so that a sign-in from a new
//! one is told to the account's owner. A device is a long-lived random
//! cookie; only its hash is stored.

use crate::{
    config::Settings,
    db::{now, Pool, StoreResult},
    web::cookies,
};
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
    pub fn of_request(headers: &HeaderMap) -> Self {
        cookies::read_token(headers, COOKIE_NAME)
            .map_or_else(|| Self(hex::encode(rand::random::<[u8; 32]>())), Self)
    }

    pub fn set_cookie(&self, settings: &Settings) -> String {
        cookies::set(COOKIE_NAME, &self.0, Some(400), settings)
    }

    fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// Records that `user_id` signed in from `device`; true when the device is
/// new to an account that had signed in elsewhere before (the very first
/// sign-in of an account is not news to its owner).
pub async fn record_sign_in(pool: &Pool, user_id: i64, device: &DeviceId) -> StoreResult<bool> {
    let known_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM known_devices WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    let at = now();
    let inserted = sqlx::query(
        "INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (user_id, device_hash) DO NOTHING",
    )
    .bind(user_id)
    .bind(device.digest())
    .bind(at)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        sqlx::query(
            "UPDATE known_devices SET last_seen_at = $1 WHERE user_id = $2 AND device_hash = $3",
        )
        .bind(at)
        .bind(user_id)
        .bind(device.digest())
        .execute(pool)
        .await?;
    }
    Ok(inserted && known_before > 0)
}
