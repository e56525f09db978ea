//! The outbox table. Claiming a message pushes its next attempt into the
//! future first, so two app instances never send the same message.

use super::compose::Composed;
use crate::db::{now, Pool, StoreResult};
use sqlx::{Any, Executor};

/// How long a claimed message is reserved for the instance sending it.
pub const CLAIM_LEASE_SECS: i64 = 120;
/// Attempts before a message is marked failed (an administrator can retry it).
pub const MAX_ATTEMPTS: i64 = 8;

/// Seconds to wait after `attempts` failures, or `None` to give up.
pub fn retry_delay(attempts: i64) -> Option<i64> {
    (attempts < MAX_ATTEMPTS).then(|| (30 * 2_i64.pow(attempts.clamp(1, 8) as u32 - 1)).min(3600))
}

pub async fn enqueue<'e>(
    executor: impl Executor<'e, Database = Any>,
    to: &str,
    message: &Composed,
) -> StoreResult<i64> {
    let at = now();
    Ok(sqlx::query_scalar(
        "INSERT INTO mail_outbox (kind, to_address, subject, body_text, body_html, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $6) RETURNING id",
    )
    .bind(message.kind)
    .bind(to)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(message.html.as_deref())
    .bind(at)
    .fetch_one(executor)
    .await?)
}

#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub attempts: i64,
}

/// Reserves up to `limit` messages that are due, for this sender only.
pub async fn claim_due(pool: &Pool, limit: i64) -> StoreResult<Vec<OutgoingMail>> {
    let at = now();
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, next_attempt_at FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(at)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut claimed = Vec::new();
    for (id, seen_next_attempt_at) in due {
        let won = sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND status = 'queued' AND next_attempt_at = $3",
        )
        .bind(at + CLAIM_LEASE_SECS)
        .bind(id)
        .bind(seen_next_attempt_at)
        .execute(pool)
        .await?
        .rows_affected()
            == 1;
        if won {
            let (to_address, subject, body_text, body_html, attempts): (String, String, String, Option<String>, i64) =
                sqlx::query_as("SELECT to_address, subject, body_text, body_html, attempts FROM mail_outbox WHERE id = $1")
                    .bind(id)
                    .fetch_one(pool)
                    .await?;
            claimed.push(OutgoingMail {
                id,
                to_address,
                subject,
                body_text,
                body_html,
                attempts,
            });
        }
    }
    Ok(claimed)
}

/// Messages that carry a link which logs someone in: once sent, their
/// bodies are not kept, so the database holds such a token only while the
/// message waits to leave (the link itself is stored as a hash).
pub const KINDS_WITH_LINKS: [&str; 2] = ["invitation", "password_reset"];

const SENT_WITHOUT_BODY: &str = "(sent; the link it held is not kept)";

pub async fn mark_sent(pool: &Pool, id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL, \
           body_text = CASE WHEN kind IN ($3, $5) THEN $4 ELSE body_text END, \
           body_html = CASE WHEN kind IN ($3, $5) THEN NULL ELSE body_html END \
         WHERE id = $2",
    )
    .bind(now())
    .bind(id)
    .bind(KINDS_WITH_LINKS[0])
    .bind(SENT_WITHOUT_BODY)
    .bind(KINDS_WITH_LINKS[1])
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: queued again later, or failed for good.
pub async fn mark_attempt_failed(pool: &Pool, mail: &OutgoingMail, error: &str) -> StoreResult<()> {
    let attempts = mail.attempts + 1;
    let error: String = error.chars().take(500).collect();
    match retry_delay(attempts) {
        Some(delay) => {
            sqlx::query("UPDATE mail_outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4")
                .bind(attempts)
                .bind(error)
                .bind(now() + delay)
                .bind(mail.id)
                .execute(pool)
                .await?;
        }
        None => {
            sqlx::query("UPDATE mail_outbox SET attempts = $1, last_error = $2, status = 'failed' WHERE id = $3")
                .bind(attempts)
                .bind(error)
                .bind(mail.id)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_give_up() {
        assert_eq!(retry_delay(1), Some(30));
        assert_eq!(retry_delay(2), Some(60));
        assert_eq!(retry_delay(7), Some(1920));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }
}
