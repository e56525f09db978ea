//! Repeated login attempts slow down, per account and per client address.
//! Attempts are counted in the database so every app instance sees them,
//! and counted *before* the password is checked: each attempt reserves its
//! number in one atomic statement (`store::reserve_attempt`), so parallel
//! guesses can never get more than the limit through to the hash.

use super::store;
use crate::db::{Pool, StoreResult};

/// How long a window of attempts lasts, from its first attempt.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Attempts for one login within a window before it is held back.
pub const MAX_ATTEMPTS_PER_LOGIN: i64 = 5;
/// Attempts from one address (any login) within a window.
pub const MAX_ATTEMPTS_PER_ADDRESS: i64 = 30;

/// What attempts are counted under. Never printed: it holds a login.
#[derive(Clone, PartialEq, Eq)]
pub struct ThrottleKey(String);

impl std::fmt::Debug for ThrottleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ThrottleKey(***)")
    }
}

impl ThrottleKey {
    /// The login as typed, trimmed, lower-cased and cut to the longest valid
    /// address, so that hostile input cannot bloat the table and known and
    /// unknown logins count alike.
    pub fn login(typed: &str) -> Self {
        Self(format!(
            "login:{}",
            typed
                .trim()
                .to_lowercase()
                .chars()
                .take(254)
                .collect::<String>()
        ))
    }

    pub fn address(client_ip: &str) -> Self {
        Self(format!(
            "address:{}",
            client_ip.chars().take(64).collect::<String>()
        ))
    }

    /// Password-reset requests for one address, counted apart from logins.
    pub fn reset_for(typed: &str) -> Self {
        Self(format!("reset:{}", Self::login(typed).0))
    }

    /// Password-reset requests from one client.
    pub fn reset_from(client_ip: &str) -> Self {
        Self(format!("reset:{}", Self::address(client_ip).0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reset emails one address may be sent per window: enough for a lost
/// email, too few to flood an inbox.
pub const MAX_RESETS_PER_LOGIN: i64 = 3;
/// Reset requests one client may make per window.
pub const MAX_RESETS_PER_ADDRESS: i64 = 10;

/// Whether an attempt numbered so within its windows may go ahead.
pub fn allows_attempt(attempt_for_login: i64, attempt_for_address: i64) -> bool {
    attempt_for_login <= MAX_ATTEMPTS_PER_LOGIN && attempt_for_address <= MAX_ATTEMPTS_PER_ADDRESS
}

/// Counts this attempt for the address and the login; false when either is
/// over its limit (the attempt is then not made at all).
pub async fn reserve(pool: &Pool, login: &ThrottleKey, address: &ThrottleKey) -> StoreResult<bool> {
    let for_address = store::reserve_attempt(pool, address).await?;
    let for_login = store::reserve_attempt(pool, login).await?;
    Ok(allows_attempt(for_login, for_address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_keys_are_normalised_and_bounded() {
        assert_eq!(
            ThrottleKey::login("  Maria@ACME.example ").as_str(),
            "login:maria@acme.example"
        );
        assert_eq!(
            ThrottleKey::login(&"x".repeat(10_000)).as_str().len(),
            254 + 6
        );
        assert_ne!(
            ThrottleKey::login("1.2.3.4"),
            ThrottleKey::address("1.2.3.4")
        );
    }

    #[test]
    fn the_sixth_attempt_per_login_or_the_thirty_first_per_address_waits() {
        assert!(allows_attempt(5, 30));
        assert!(!allows_attempt(6, 1));
        assert!(!allows_attempt(1, 31));
    }
}
