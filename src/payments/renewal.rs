//! A customer's subscription: the method that renews it, and cancelling
//! at the end of the period (the same state change as the back office's).

use super::{api::RenewalPage, store};
use crate::{context::Customer, error::AppError};

/// The subscription, if it is this customer's; 404 otherwise.
async fn found(
    pool: &crate::db::Pool,
    customer: &Customer,
    id: i64,
) -> Result<store::subscriptions::Renewal, AppError> {
    store::subscriptions::renewal(pool, customer.scope.commercial_entity_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn page(customer: &Customer, id: i64) -> Result<RenewalPage, AppError> {
    let state = crate::context::app_state()?;
    let subscription = found(&state.pool, customer, id).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(RenewalPage {
        id,
        reference: subscription.reference,
        plan: subscription.plan,
        state: subscription.state,
        period_ends: subscription.next_invoice_date,
        method_id: subscription.method_id,
        methods: store::methods::methods(&state.pool, customer.scope, today).await?,
        payments: state.payments_mode(),
    })
}

pub async fn set_method(customer: &Customer, id: i64, method_id: i64) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    found(&state.pool, customer, id).await?;
    let customer_id = customer.scope.commercial_entity_id();
    if !store::subscriptions::set_renewal_method(&state.pool, customer_id, id, method_id).await? {
        return Err(AppError::invalid("method_id", "renewal-method-refused"));
    }
    Ok(())
}

pub async fn cancel(customer: &Customer, id: i64) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    found(&state.pool, customer, id).await?;
    crate::documents::subscriptions::store::act(
        &state.pool,
        id,
        crate::domain::states::SubscriptionAction::Cancel,
    )
    .await?;
    Ok(())
}
