//! Refusals in the audit log: a request answered 401 (not signed in), 403
//! (not allowed, two-factor first) or refused as cross-site leaves an
//! [`AuditKind::AccessDenied`] entry saying what was asked, why it was
//! refused, from where and by whom. The HTTP layer reports every refusal
//! here (`web::denials`), whatever refused it.
//!
//! A refusal costs the client nothing, so a flood of them must not fill
//! the table. Refusals are counted per client (its address, an IPv6
//! address by its /64, as the login throttle counts clients) in windows of
//! [`WINDOW_SECS`], in the database so that every instance shares the
//! count: the first [`RECORDED_PER_WINDOW`] of a window are written in
//! full, the next one is written once more saying that the limit was
//! reached, and the rest are only counted (the count stays in
//! `audit_denial_windows` until the window closes). A flood therefore
//! writes at most `RECORDED_PER_WINDOW + 1` entries per client and window,
//! while an administrator still sees that one happened and where from.
//! A summary written when the window closes would need the old count at
//! the moment the window is reset, which one portable upsert cannot give.

use super::{record, AuditEntry, AuditKind};
use crate::db::{now, Pool, StoreResult};

/// How long a window of counted refusals lasts, from its first refusal.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Refusals of one client written in full per window.
pub const RECORDED_PER_WINDOW: i64 = 20;
/// The longest request description kept (a path is the client's to choose).
const MOST_ASKED_CHARS: usize = 200;

/// One refusal, as the HTTP layer saw it.
#[derive(Debug)]
pub struct Denial<'a> {
    /// The method and path asked for (`POST /api/admin/summary`).
    pub asked: &'a str,
    /// Why it was refused, in words (`forbidden`, `not logged in`…).
    pub reason: &'a str,
    /// The client's address as the request resolved it.
    pub client_ip: &'a str,
    /// What the client is counted under (`auth::throttle::client_key`).
    pub client_key: &'a str,
    /// Who was signed in, if anyone.
    pub user_id: Option<i64>,
}

/// Counts the refusal under its client and writes it to the audit log if
/// its window still allows (see the module's comment).
pub async fn record_denial(pool: &Pool, denial: &Denial<'_>) -> StoreResult<()> {
    let count = count_denial(pool, denial.client_key).await?;
    if count > RECORDED_PER_WINDOW + 1 {
        return Ok(());
    }
    let asked: String = denial.asked.chars().take(MOST_ASKED_CHARS).collect();
    let mut detail = format!("{asked}: {}", denial.reason);
    if count == RECORDED_PER_WINDOW + 1 {
        detail.push_str(&format!(
            " (limit of {RECORDED_PER_WINDOW} reached: further refusals of this client \
             are counted, not written, for the rest of {} minutes)",
            WINDOW_SECS / 60
        ));
    }
    record(
        pool,
        AuditKind::AccessDenied,
        AuditEntry {
            actor_user_id: denial.user_id,
            client_ip: Some(denial.client_ip),
            detail: Some(&detail),
            ..Default::default()
        },
    )
    .await
}

/// Counts one refusal under `client_key` and returns the refusals in its
/// current window, this one included: one atomic upsert, so parallel
/// refusals each get their own number. A window's first refusal also
/// clears the windows that have closed, so that the table holds only the
/// clients of the last quarter of an hour.
async fn count_denial(pool: &Pool, client_key: &str) -> StoreResult<i64> {
    let at = now();
    let closed = at - WINDOW_SECS;
    let count: i64 = sqlx::query_scalar(
        "INSERT INTO audit_denial_windows (client_key, denials, window_started_at) VALUES ($1, 1, $2) \
         ON CONFLICT (client_key) DO UPDATE SET \
           denials = CASE WHEN audit_denial_windows.window_started_at <= $3 THEN 1 \
                     ELSE audit_denial_windows.denials + 1 END, \
           window_started_at = CASE WHEN audit_denial_windows.window_started_at <= $3 THEN $2 \
                     ELSE audit_denial_windows.window_started_at END \
         RETURNING denials",
    )
    .bind(client_key)
    .bind(at)
    .bind(closed)
    .fetch_one(pool)
    .await?;
    if count == 1 {
        sqlx::query("DELETE FROM audit_denial_windows WHERE window_started_at <= $1")
            .bind(closed)
            .execute(pool)
            .await?;
    }
    Ok(count)
}
