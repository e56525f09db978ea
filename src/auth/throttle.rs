//! Repeated failed logins slow down, per account and per client address.
//! Failures are kept in the database so every app instance sees them.

use crate::db::{now, Pool, StoreResult};

/// How far back failures count.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures for one login within the window before it is held back.
pub const MAX_FAILURES_PER_LOGIN: i64 = 5;
/// Failures from one address (any login) within the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// The key failures are counted under: the login as typed, trimmed,
/// lower-cased and cut to the longest valid address, so that hostile input
/// cannot bloat the table and known and unknown logins count alike.
pub fn login_key(typed: &str) -> String {
    typed.trim().to_lowercase().chars().take(254).collect()
}

/// Whether another attempt may be tried now.
pub fn allows_attempt(failures_for_login: i64, failures_for_address: i64) -> bool {
    failures_for_login < MAX_FAILURES_PER_LOGIN && failures_for_address < MAX_FAILURES_PER_ADDRESS
}

pub async fn may_attempt(pool: &Pool, login_key: &str, client_ip: &str) -> StoreResult<bool> {
    let since = now() - WINDOW_SECS;
    let (by_login, by_address): (i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE login_key = $1 AND at > $3), \
           (SELECT COUNT(*) FROM login_failures WHERE client_ip = $2 AND at > $3)",
    )
    .bind(login_key)
    .bind(client_ip)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok(allows_attempt(by_login, by_address))
}

pub async fn record_failure(pool: &Pool, login_key: &str, client_ip: &str) -> StoreResult<()> {
    sqlx::query("INSERT INTO login_failures (login_key, client_ip, at) VALUES ($1, $2, $3)")
        .bind(login_key)
        .bind(client_ip)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

/// A successful login forgives that login's failures; old rows are pruned.
pub async fn forgive(pool: &Pool, login_key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE login_key = $1 OR at <= $2")
        .bind(login_key)
        .bind(now() - WINDOW_SECS)
        .execute(pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_keys_are_normalised_and_bounded() {
        assert_eq!(login_key("  Maria@ACME.example "), "maria@acme.example");
        assert_eq!(login_key(&"x".repeat(10_000)).len(), 254);
    }

    #[test]
    fn holds_back_after_five_failures_per_login_or_thirty_per_address() {
        assert!(allows_attempt(4, 29));
        assert!(!allows_attempt(5, 0));
        assert!(!allows_attempt(0, 30));
    }
}
