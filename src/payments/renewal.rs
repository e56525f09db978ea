//! A customer's subscription: the method that renews it, and cancelling
//! at the end of the period (the same state change as the back office's).

use super::api::RenewalPage;
use crate::{context::Customer, db::StoreError, error::AppError};

/// The subscription, if it is this customer's: reference, plan, state,
/// next invoice day, renewing method.
async fn found(
    pool: &crate::db::Pool,
    customer: &Customer,
    id: i64,
) -> Result<(String, String, String, Option<String>, Option<i64>), AppError> {
    sqlx::query_as(
        "SELECT reference, plan, state, next_invoice_date, payment_method_id FROM subscriptions \
         WHERE id = $1 AND customer_id = $2",
    )
    .bind(id)
    .bind(customer.scope.commercial_entity_id())
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::NotFound)
}

pub async fn page(customer: &Customer, id: i64) -> Result<RenewalPage, AppError> {
    let state = crate::context::app_state()?;
    let (reference, plan, subscription_state, period_ends, method_id) =
        found(&state.pool, customer, id).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(RenewalPage {
        id,
        reference,
        plan,
        state: subscription_state,
        period_ends,
        method_id,
        methods: super::store::methods(&state.pool, customer.scope, today).await?,
    })
}

pub async fn set_method(customer: &Customer, id: i64, method_id: i64) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    found(&state.pool, customer, id).await?;
    let changed = sqlx::query(
        "UPDATE subscriptions SET payment_method_id = $1, updated_at = $2 \
         WHERE id = $3 AND state IN ('active', 'paused') \
           AND EXISTS (SELECT 1 FROM payment_methods m WHERE m.id = $1 AND m.customer_id = $4 AND m.removed_at IS NULL)",
    )
    .bind(method_id)
    .bind(crate::db::now())
    .bind(id)
    .bind(customer.scope.commercial_entity_id())
    .execute(&state.pool)
    .await
    .map_err(StoreError::from)?;
    if changed.rows_affected() == 0 {
        return Err(AppError::invalid("method_id", "renewal-method-refused"));
    }
    Ok(())
}

pub async fn cancel(customer: &Customer, id: i64) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    found(&state.pool, customer, id).await?;
    crate::documents::editing::subscription_action(&state.pool, id, "cancel").await?;
    Ok(())
}
