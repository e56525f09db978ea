//! A customer's subscription as the renewal page reads it, and the method
//! that renews it.

use crate::{
    db::{guard::guard_sql, now, Pool, StoreError, StoreResult},
    domain::states::{StateMachine, SubscriptionAction, SubscriptionState},
};

/// A subscription as its renewal page shows it.
pub struct Renewal {
    pub reference: String,
    pub plan: String,
    pub state: SubscriptionState,
    pub next_invoice_date: Option<String>,
    pub method_id: Option<i64>,
}

/// The subscription, if it is this customer's.
pub async fn renewal(pool: &Pool, customer_id: i64, id: i64) -> StoreResult<Option<Renewal>> {
    let row: Option<(String, String, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT reference, plan, state, next_invoice_date, payment_method_id FROM subscriptions \
         WHERE id = $1 AND customer_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    row.map(|(reference, plan, state, next_invoice_date, method_id)| {
        Ok(Renewal {
            reference,
            plan,
            state: SubscriptionState::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("subscription state {state}")))?,
            next_invoice_date,
            method_id,
        })
    })
    .transpose()
}

/// Makes the customer's live method renew the subscription, if the
/// subscription machine allows a renewal change in its state; answers
/// whether it changed.
pub async fn set_renewal_method(
    pool: &Pool,
    customer_id: i64,
    id: i64,
    method_id: i64,
) -> StoreResult<bool> {
    let guard = guard_sql::<SubscriptionState>(
        SubscriptionAction::ChangeRenewal,
        "state",
        |fact| match fact {},
    );
    let changed = sqlx::query(&format!(
        "UPDATE subscriptions SET payment_method_id = $1, updated_at = $2 \
         WHERE id = $3 AND {guard} \
           AND EXISTS (SELECT 1 FROM payment_methods m WHERE m.id = $1 AND m.customer_id = $4 AND m.removed_at IS NULL)"
    ))
    .bind(method_id)
    .bind(now())
    .bind(id)
    .bind(customer_id)
    .execute(pool)
    .await?;
    Ok(changed.rows_affected() > 0)
}
