//! The provider's customer record of each commercial entity.

use crate::db::{Pool, StoreResult};

/// The entity's name and email, to make its record with.
pub async fn details(pool: &Pool, customer_id: i64) -> StoreResult<(String, Option<String>)> {
    Ok(
        sqlx::query_as("SELECT name, email FROM contacts WHERE id = $1")
            .bind(customer_id)
            .fetch_one(pool)
            .await?,
    )
}

pub async fn reference(
    pool: &Pool,
    customer_id: i64,
    provider: &str,
) -> StoreResult<Option<String>> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT reference FROM provider_customers WHERE customer_id = $1 AND provider = $2",
    )
    .bind(customer_id)
    .bind(provider)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(|(reference,)| reference))
}

/// Keeps `reference` unless a parallel request kept one first; answers
/// the one kept.
pub async fn keep(
    pool: &Pool,
    customer_id: i64,
    provider: &str,
    reference: &str,
) -> StoreResult<String> {
    sqlx::query(
        "INSERT INTO provider_customers (customer_id, provider, reference) VALUES ($1, $2, $3) \
         ON CONFLICT (customer_id, provider) DO NOTHING",
    )
    .bind(customer_id)
    .bind(provider)
    .bind(reference)
    .execute(pool)
    .await?;
    Ok(sqlx::query_as::<_, (String,)>(
        "SELECT reference FROM provider_customers WHERE customer_id = $1 AND provider = $2",
    )
    .bind(customer_id)
    .bind(provider)
    .fetch_one(pool)
    .await?
    .0)
}
