//! Every SQL statement of logging in: sessions, the login throttle and the
//! browsers users have signed in from. Functions that change state together
//! take the caller's transaction (`&mut AnyConnection`).

use super::{
    devices::DeviceId,
    session::{SessionRow, SessionToken},
    throttle::{ThrottleKey, WINDOW_SECS},
};
use crate::{
    context::ClientInfo,
    db::{now, Pool, StoreResult},
    domain::Role,
};
use sqlx::{Any, AnyConnection, Executor};

// ---------------------------------------------------------------- sessions

/// Opens a new session (always a new token: never reuse one from before login).
pub async fn start_session(
    conn: &mut AnyConnection,
    user_id: i64,
    client: &ClientInfo,
) -> StoreResult<SessionToken> {
    let token = SessionToken::generate();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, client_ip, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(token.digest())
    .bind(user_id)
    .bind(now())
    .bind(&client.ip)
    .bind(client.user_agent.as_deref().map(|ua| ua.chars().take(300).collect::<String>()))
    .execute(conn)
    .await?;
    Ok(token)
}

/// The session behind `token` with its user, live or not.
pub async fn find_session(pool: &Pool, token: &SessionToken) -> StoreResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.created_at, s.last_seen_at, u.id, u.contact_id, c.name, u.login, u.role, u.lang, u.revoked_at, \
                u.time_zone, \
                (SELECT COUNT(*) FROM two_factor t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL), \
                (SELECT p.customers_need_two_factor FROM portal_settings p WHERE p.id = 1) \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN contacts c ON c.id = u.contact_id \
         WHERE s.token_hash = $1",
    )
    .bind(token.digest())
    .fetch_optional(pool)
    .await?)
}

pub async fn touch_session(pool: &Pool, session_id: i64, at: i64) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(at)
        .bind(session_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn end_session<'e>(
    executor: impl Executor<'e, Database = Any>,
    token: &SessionToken,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token.digest())
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn end_session_by_id(pool: &Pool, session_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of a user but `keep` (after a password change, a
/// revoke, a login change).
pub async fn end_sessions_of_user<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
    keep: Option<i64>,
) -> StoreResult<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(0))
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}

// ---------------------------------------------------------------- throttle

/// Counts one more attempt under `key` and returns the attempts in its
/// current window, this one included. One atomic upsert, so parallel
/// attempts each get their own number and never more than the limit pass.
pub async fn reserve_attempt(pool: &Pool, key: &ThrottleKey) -> StoreResult<i64> {
    let at = now();
    Ok(sqlx::query_scalar(
        "INSERT INTO login_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, $2) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
           attempts = CASE WHEN login_throttle.window_started_at <= $3 THEN 1 ELSE login_throttle.attempts + 1 END, \
           window_started_at = CASE WHEN login_throttle.window_started_at <= $3 THEN $2 ELSE login_throttle.window_started_at END \
         RETURNING attempts",
    )
    .bind(key.as_str())
    .bind(at)
    .bind(at - WINDOW_SECS)
    .fetch_one(pool)
    .await?)
}

/// A successful login forgives its login's attempts, gives the address its
/// attempt back, and prunes windows that have closed.
pub async fn forgive_attempts(
    conn: &mut AnyConnection,
    login: &ThrottleKey,
    address: &ThrottleKey,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1 OR window_started_at <= $2")
        .bind(login.as_str())
        .bind(now() - WINDOW_SECS)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE login_throttle SET attempts = attempts - 1 WHERE throttle_key = $1 AND attempts > 0",
    )
    .bind(address.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- devices

/// Records that `user_id` signed in from `device`; true when the device is
/// new to an account that had signed in elsewhere before (the very first
/// sign-in of an account is not news to its owner).
pub async fn record_sign_in(
    conn: &mut AnyConnection,
    user_id: i64,
    device: &DeviceId,
) -> StoreResult<bool> {
    let known_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM known_devices WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    let at = now();
    let inserted = sqlx::query(
        "INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (user_id, device_hash) DO NOTHING",
    )
    .bind(user_id)
    .bind(device.digest())
    .bind(at)
    .execute(&mut *conn)
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
        .execute(&mut *conn)
        .await?;
    }
    Ok(inserted && known_before > 0)
}

/// Whether `user_id` (of `role`) has to set up two-factor before anything
/// beyond their security page works: the policy is `access::two_factor_required`,
/// read with the administrators' setting and the user's own state.
pub async fn must_set_up_two_factor(pool: &Pool, user_id: i64, role: Role) -> StoreResult<bool> {
    let (enabled, customers_need): (i64, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL), \
                (SELECT customers_need_two_factor FROM portal_settings WHERE id = 1)",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(enabled == 0 && crate::access::two_factor_required(role, customers_need == Some(1)))
}

/// The administrators' setting: do portal users need two-factor too?
pub async fn customers_need_two_factor(pool: &Pool) -> StoreResult<bool> {
    let value: Option<i64> =
        sqlx::query_scalar("SELECT customers_need_two_factor FROM portal_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(value == Some(1))
}
