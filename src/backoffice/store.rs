use super::Summary;
use crate::db::{Pool, StoreResult};

pub async fn summary(pool: &Pool) -> StoreResult<Summary> {
    let (companies, individuals, portal_users, internal_users): (i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT \
           (SELECT COUNT(*) FROM contacts WHERE kind = 'company'), \
           (SELECT COUNT(*) FROM contacts WHERE kind = 'individual'), \
           (SELECT COUNT(*) FROM users WHERE role = 'portal' AND revoked_at IS NULL), \
           (SELECT COUNT(*) FROM users WHERE role IN ('admin', 'staff') AND revoked_at IS NULL)",
        )
        .fetch_one(pool)
        .await?;
    Ok(Summary {
        companies,
        individuals,
        portal_users,
        internal_users,
    })
}
