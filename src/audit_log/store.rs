//! Reading the audit log by index (`audit_events_kind_id`,
//! `audit_events_subject_id`, the primary key).

use super::api::{AuditFilter, AuditLine, AuditPage, PAGE_SIZE};
use crate::db::{Pool, StoreResult};

pub async fn list(
    pool: &Pool,
    filter: &AuditFilter,
    from: Option<i64>,
    to: Option<i64>,
) -> StoreResult<AuditPage> {
    let user = filter.user.trim().to_lowercase();
    let rows: Vec<(
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(&format!(
        "SELECT e.id, e.at, e.kind, a.login, s.login, e.client_ip, e.detail FROM audit_events e \
         LEFT JOIN users a ON a.id = e.actor_user_id LEFT JOIN users s ON s.id = e.subject_user_id \
         WHERE e.id < $1 AND ($2 = '' OR e.kind = $2) AND e.at >= $3 AND e.at < $4 \
           AND ($5 = '' OR s.login >= $5 AND s.login < $6 OR a.login >= $5 AND a.login < $6) \
         ORDER BY e.id DESC LIMIT {}",
        PAGE_SIZE + 1
    ))
    .bind(filter.before.unwrap_or(i64::MAX))
    .bind(&filter.kind)
    .bind(from.unwrap_or(i64::MIN))
    .bind(to.unwrap_or(i64::MAX))
    .bind(&user)
    .bind(format!("{user}{}", char::MAX))
    .fetch_all(pool)
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let lines: Vec<AuditLine> = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(
            |(id, at, kind, actor, subject, client_ip, detail)| AuditLine {
                id,
                at,
                kind,
                actor,
                subject,
                client_ip,
                detail,
            },
        )
        .collect();
    Ok(AuditPage {
        older: more.then(|| lines.last().map(|l| l.id)).flatten(),
        lines,
    })
}
