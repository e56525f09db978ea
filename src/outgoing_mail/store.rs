//! Reading the outbox for staff, and putting a failed message back in line.

use super::api::{MailLine, MailPage, PAGE_SIZE};
use crate::db::{now, Pool, StoreError, StoreResult};

type Row = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    Option<i64>,
);

const SELECT: &str = "SELECT id, kind, to_address, subject, status, attempts, last_error, created_at, sent_at FROM mail_outbox";

fn line(row: Row) -> MailLine {
    let (id, kind, to, subject, status, attempts, last_error, created_at, sent_at) = row;
    MailLine {
        id,
        kind,
        to,
        subject,
        status,
        attempts,
        last_error,
        created_at,
        sent_at,
    }
}

pub async fn list(pool: &Pool, status: Option<&str>, before: Option<i64>) -> StoreResult<MailPage> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 = '' OR status = $1) AND id < $2 ORDER BY id DESC LIMIT {}",
        PAGE_SIZE + 1
    ))
    .bind(status.unwrap_or(""))
    .bind(before.unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let lines: Vec<MailLine> = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(line)
        .collect();
    Ok(MailPage {
        older: more.then(|| lines.last().map(|l| l.id)).flatten(),
        lines,
    })
}

/// Queues a failed message again, due now; anything else is refused.
pub async fn retry(pool: &Pool, id: i64) -> StoreResult<MailLine> {
    let retried = sqlx::query(
        "UPDATE mail_outbox SET status = 'queued', next_attempt_at = $1, last_error = NULL \
         WHERE id = $2 AND status = 'failed'",
    )
    .bind(now())
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected();
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    if retried == 0 {
        return Err(StoreError::Invalid("mail", "mail-not-failed"));
    }
    Ok(line(row))
}
