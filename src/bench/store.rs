//! The SQL the benches need beside the features' own list functions.

use crate::db::{Pool, StoreResult};

/// `ANALYZE`, or `VACUUM ANALYZE` (PostgreSQL only).
pub async fn refresh_statistics(pool: &Pool, vacuum: bool) -> StoreResult<()> {
    let maintenance = if vacuum { "VACUUM ANALYZE" } else { "ANALYZE" };
    sqlx::query(maintenance).execute(pool).await?;
    Ok(())
}

/// How many invoices there are, and how many of them are `customer`'s.
pub async fn invoice_counts(pool: &Pool, customer: i64) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN customer_id = $1 THEN 1 ELSE 0 END), 0) FROM invoices",
    )
    .bind(customer)
    .fetch_one(pool)
    .await?)
}

/// The number of `customer`'s newest invoice (drafts aside) dated on or
/// before `date`.
pub async fn invoice_number_on_or_before(
    pool: &Pool,
    customer: i64,
    date: &str,
) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT number FROM invoices WHERE customer_id = $1 AND state <> 'draft' \
         AND invoice_date <= $2 ORDER BY invoice_date DESC, id DESC LIMIT 1",
    )
    .bind(customer)
    .bind(date)
    .fetch_optional(pool)
    .await?)
}
