//! The start page's figures, in one round trip.

use super::api::Summary;
use crate::{
    contacts::ContactKind,
    db::{Pool, StoreResult},
    domain::Role,
};

pub async fn summary(pool: &Pool) -> StoreResult<Summary> {
    let (companies, individuals, portal_users, staff_users): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM contacts WHERE kind = $1), \
           (SELECT COUNT(*) FROM contacts WHERE kind = $2), \
           (SELECT COUNT(*) FROM users WHERE role = $3 AND revoked_at IS NULL), \
           (SELECT COUNT(*) FROM users WHERE role IN ($4, $5) AND revoked_at IS NULL)",
    )
    .bind(ContactKind::Company.as_str())
    .bind(ContactKind::Individual.as_str())
    .bind(Role::Customer.as_str())
    .bind(Role::Staff.as_str())
    .bind(Role::Administrator.as_str())
    .fetch_one(pool)
    .await?;
    Ok(Summary {
        companies,
        individuals,
        portal_users,
        staff_users,
    })
}
