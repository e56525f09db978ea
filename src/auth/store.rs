//! Every SQL statement of logging in: sessions, the login throttle, the
//! browsers users have signed in from, half-done logins and the second
//! factor (secrets, the last accepted step, recovery codes). Functions that
//! change state together take the caller's transaction (`&mut AnyConnection`).

use super::{
    devices::DeviceId,
    session::{SessionRow, SessionToken},
    throttle::{ThrottleKey, WINDOW_SECS},
};
use crate::{
    context::ClientInfo,
    db::{now, Pool, StoreResult},
    domain::{Email, Role},
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
                (SELECT COUNT(*) FROM two_factor t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) \
                  + (SELECT COUNT(*) FROM passkeys p WHERE p.user_id = u.id), \
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

/// Counts one more attempt under `key` if its limit still allows one, and
/// returns the attempts in its window, this one included; `None` (nothing
/// counted) when the limit is reached. One atomic upsert, so parallel
/// attempts each get their own number and never more than the limit pass.
pub async fn reserve_within(pool: &Pool, key: &ThrottleKey) -> StoreResult<Option<i64>> {
    let at = now();
    Ok(sqlx::query_scalar(
        "INSERT INTO login_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, $2) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
           attempts = CASE WHEN login_throttle.window_started_at <= $3 THEN 1 ELSE login_throttle.attempts + 1 END, \
           window_started_at = CASE WHEN login_throttle.window_started_at <= $3 THEN $2 ELSE login_throttle.window_started_at END \
         WHERE login_throttle.window_started_at <= $3 OR login_throttle.attempts < $4 \
         RETURNING attempts",
    )
    .bind(key.as_str())
    .bind(at)
    .bind(at - WINDOW_SECS)
    .bind(key.limit())
    .fetch_optional(pool)
    .await?)
}

/// Seconds until the window of `key` closes (0 when none is open).
pub async fn window_left(pool: &Pool, key: &ThrottleKey) -> StoreResult<i64> {
    let started: Option<i64> =
        sqlx::query_scalar("SELECT window_started_at FROM login_throttle WHERE throttle_key = $1")
            .bind(key.as_str())
            .fetch_optional(pool)
            .await?;
    Ok(started.map_or(0, |started| started + WINDOW_SECS - now()))
}

/// A successful login forgives the shared counter of its login, gives the
/// client's counter its attempt back, and prunes windows that have closed.
pub async fn forgive_attempts(
    conn: &mut AnyConnection,
    login: Option<&ThrottleKey>,
    client: &ThrottleKey,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1 OR window_started_at <= $2")
        .bind(login.map(ThrottleKey::as_str))
        .bind(now() - WINDOW_SECS)
        .execute(&mut *conn)
        .await?;
    give_back_attempt(conn, client).await
}

/// Takes the last attempt counted under `key` back.
pub async fn give_back_attempt(conn: &mut AnyConnection, key: &ThrottleKey) -> StoreResult<()> {
    sqlx::query(
        "UPDATE login_throttle SET attempts = attempts - 1 WHERE throttle_key = $1 AND attempts > 0",
    )
    .bind(key.as_str())
    .execute(conn)
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

/// The account with login `login`, if the browser holding `device` has
/// signed in to it before (and it is not revoked).
pub async fn device_known_to(
    pool: &Pool,
    login: &Email,
    device: &DeviceId,
) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN known_devices d ON d.user_id = u.id \
         WHERE u.login = $1 AND u.revoked_at IS NULL AND d.device_hash = $2",
    )
    .bind(login.as_str())
    .bind(device.digest())
    .fetch_optional(pool)
    .await?)
}

/// Whether `user_id` (of `role`) has to set up two-factor before anything
/// beyond their security page works: the policy is `access::two_factor_required`,
/// read with the administrators' setting and the user's own state. A
/// passkey counts as a second factor as codes from an app do.
pub async fn must_set_up_two_factor(pool: &Pool, user_id: i64, role: Role) -> StoreResult<bool> {
    let (second_factors, customers_need): (i64, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL) \
                  + (SELECT COUNT(*) FROM passkeys WHERE user_id = $1), \
                (SELECT customers_need_two_factor FROM portal_settings WHERE id = 1)",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(second_factors == 0 && crate::access::two_factor_required(role, customers_need == Some(1)))
}

/// Whether a password alone is not enough for `user_id` (of `role`): two-factor is
/// required of them and their second factor is a passkey only (no codes
/// from an app to ask for in a second step), so they sign in with it.
pub async fn password_needs_passkey(pool: &Pool, user_id: i64, role: Role) -> StoreResult<bool> {
    let (passkeys, customers_need): (i64, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM passkeys WHERE user_id = $1), \
                (SELECT customers_need_two_factor FROM portal_settings WHERE id = 1)",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(passkeys > 0 && crate::access::two_factor_required(role, customers_need == Some(1)))
}

/// The administrators' setting: do portal users need two-factor too?
pub async fn customers_need_two_factor(pool: &Pool) -> StoreResult<bool> {
    let value: Option<i64> =
        sqlx::query_scalar("SELECT customers_need_two_factor FROM portal_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(value == Some(1))
}

// ---------------------------------------------------------------- half-done logins

/// A login whose password was right and whose second factor is awaited.
pub struct LoginChallenge {
    pub id: i64,
    pub user_id: i64,
    /// Where the login lands once the second step passes.
    pub next_page: String,
}

/// Records a half-done login under `token` until `expires_at`.
pub async fn open_login_challenge(
    pool: &Pool,
    token: &SessionToken,
    user_id: i64,
    next_page: &str,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO login_challenges (token_hash, user_id, next_page, created_at, expires_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(token.digest())
    .bind(user_id)
    .bind(next_page)
    .bind(now())
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Counts one more try at the half-done login behind `token` and answers
/// it, or `None` when it is used, expired or out of its `max_attempts`.
/// One statement, so parallel tries each use up one attempt.
pub async fn try_login_challenge(
    pool: &Pool,
    token: &SessionToken,
    at: i64,
    max_attempts: i64,
) -> StoreResult<Option<LoginChallenge>> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "UPDATE login_challenges SET attempts = attempts + 1 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 \
         RETURNING id, user_id, next_page",
    )
    .bind(token.digest())
    .bind(at)
    .bind(max_attempts)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, user_id, next_page)| LoginChallenge {
        id,
        user_id,
        next_page,
    }))
}

/// Marks a half-done login as passed; false when another request did first.
pub async fn use_login_challenge(
    conn: &mut AnyConnection,
    challenge_id: i64,
    at: i64,
) -> StoreResult<bool> {
    Ok(
        sqlx::query("UPDATE login_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(at)
            .bind(challenge_id)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}

// ---------------------------------------------------------------- purge

/// Deletes up to `batch` sessions past their idle time (last seen at or
/// before `idle_since`) or their lifetime (started at or before
/// `started_before`), as `session::is_live` judges them; answers how many.
pub async fn purge_sessions(
    pool: &Pool,
    idle_since: i64,
    started_before: i64,
    batch: i64,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions \
           WHERE last_seen_at <= $1 OR created_at <= $2 LIMIT $3)",
    )
    .bind(idle_since)
    .bind(started_before)
    .bind(batch)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Deletes up to `batch` half-done logins that were passed or have
/// expired at `at` (`try_login_challenge` accepts neither); answers how
/// many.
pub async fn purge_login_challenges(pool: &Pool, at: i64, batch: i64) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM login_challenges WHERE id IN (SELECT id FROM login_challenges \
           WHERE used_at IS NOT NULL OR expires_at <= $1 LIMIT $2)",
    )
    .bind(at)
    .bind(batch)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Deletes up to `batch` throttle windows closed at `at` (a closed window
/// counts as none: `reserve_within` starts a new one); answers how many.
pub async fn purge_throttle_windows(pool: &Pool, at: i64, batch: i64) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM login_throttle WHERE throttle_key IN (SELECT throttle_key FROM login_throttle \
           WHERE window_started_at <= $1 LIMIT $2)",
    )
    .bind(at - WINDOW_SECS)
    .bind(batch)
    .execute(pool)
    .await?
    .rows_affected())
}

// ---------------------------------------------------------------- two-factor

/// Whether any user has a sealed secret (then a missing key is an error,
/// not a reason to make a new one).
pub async fn two_factor_secrets_exist(pool: &Pool) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM two_factor")
            .fetch_one(pool)
            .await?
            > 0,
    )
}

/// Stores a new, not yet enabled secret for `user_id`, replacing a pending
/// one; false (nothing changed) while two-factor is on.
pub async fn store_pending_secret(
    pool: &Pool,
    user_id: i64,
    sealed: &str,
    at: i64,
) -> StoreResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, created_at) VALUES ($1, $2, NULL, 0, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret_sealed = $2, last_step = 0, created_at = $3 \
         WHERE two_factor.enabled_at IS NULL",
    )
    .bind(user_id)
    .bind(sealed)
    .bind(at)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Stores `user_id`'s secret already enabled (a key chosen beforehand).
pub async fn store_enabled_secret(
    pool: &Pool,
    user_id: i64,
    sealed: &str,
    at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, created_at) VALUES ($1, $2, $3, 0, $3)",
    )
    .bind(user_id)
    .bind(sealed)
    .bind(at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether `user_id` has two-factor on.
pub async fn two_factor_enabled<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL",
    )
    .bind(user_id)
    .fetch_one(executor)
    .await?
        > 0)
}

/// `user_id`'s sealed secret and the last step accepted: of the enabled
/// secret, or of the pending one when `pending` is set.
pub async fn sealed_secret(
    conn: &mut AnyConnection,
    user_id: i64,
    pending: bool,
) -> StoreResult<Option<(String, i64)>> {
    let statement = if pending {
        "SELECT secret_sealed, last_step FROM two_factor WHERE user_id = $1 AND enabled_at IS NULL"
    } else {
        "SELECT secret_sealed, last_step FROM two_factor WHERE user_id = $1 AND enabled_at IS NOT NULL"
    };
    Ok(sqlx::query_as(statement)
        .bind(user_id)
        .fetch_optional(conn)
        .await?)
}

/// Moves `user_id`'s last accepted step to `step`; false when it already
/// is there or later (the code was used).
pub async fn move_last_step(
    conn: &mut AnyConnection,
    user_id: i64,
    step: i64,
) -> StoreResult<bool> {
    Ok(
        sqlx::query("UPDATE two_factor SET last_step = $1 WHERE user_id = $2 AND last_step < $1")
            .bind(step)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Recovery codes still unused.
pub async fn recovery_codes_left(pool: &Pool, user_id: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// Uses the recovery code of `user_id` with `code_hash`, if still unused.
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
) -> StoreResult<bool> {
    Ok(sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .bind(code_hash)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Turns `user_id`'s pending secret on; false when none was pending.
pub async fn turn_two_factor_on(conn: &mut AnyConnection, user_id: i64) -> StoreResult<bool> {
    Ok(sqlx::query(
        "UPDATE two_factor SET enabled_at = $1 WHERE user_id = $2 AND enabled_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Replaces `user_id`'s recovery codes by those with `code_hashes`.
pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hashes: &[String],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for code_hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(code_hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Turns two-factor off: the secret and the recovery codes go.
pub async fn remove_two_factor(conn: &mut AnyConnection, user_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM two_factor WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
