//! Saving, removing and choosing the default of a customer's payment
//! methods. The card or IBAN goes to the provider, which answers a token;
//! only the token and what is safe to show are stored.

use super::{api::NewMethodInput, store};
use crate::{
    access::CustomerScope,
    context::Customer,
    db::Pool,
    error::AppError,
    payment_provider::{MethodDetails, MethodKind},
};

/// Checks and tokenises through the provider, then stores the token and
/// what is safe to show, in one transaction with the default's move.
pub async fn add(customer: &Customer, input: NewMethodInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    state.provider()?;
    let kind = MethodKind::parse(&input.kind)
        .ok_or_else(|| AppError::invalid("kind", "payment-kind-not-offered"))?;
    if !store::methods::offered(&state.pool).await?.contains(&kind) {
        return Err(AppError::invalid("kind", "payment-kind-not-offered"));
    }
    let make_default = input.make_default.is_some();
    let details = match kind {
        MethodKind::Card => MethodDetails::Card {
            holder: input.holder,
            number: input.number,
            expiry: input.expiry,
            cvc: input.cvc,
        },
        MethodKind::SepaDebit => MethodDetails::SepaDebit {
            holder: input.holder,
            iban: input.iban,
        },
    };
    let provider = state.provider()?;
    let saved = provider
        .tokenise(&details)
        .await
        .map_err(|refusal| refusal.into_app_error("number"))?;
    drop(details);
    let mut tx = store::begin(&state.pool).await?;
    let id = store::methods::insert_method(&mut tx, customer, &saved, provider.name())
        .await?
        .ok_or_else(|| AppError::invalid("method", "methods-limit"))?;
    if make_default {
        store::methods::set_default(&mut tx, customer.scope.commercial_entity_id(), id).await?;
    }
    store::commit(tx).await?;
    Ok(())
}

/// Removes a method (its row stays for the payments that name it),
/// unless it renews an active subscription; the newest remaining method
/// becomes the default if this one was. Anyone else's answers 404.
pub async fn remove(pool: &Pool, scope: CustomerScope, id: i64) -> Result<(), AppError> {
    let mut tx = store::begin(pool).await?;
    let was_default = store::methods::live_is_default(&mut tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if store::methods::renews_a_subscription(&mut tx, id).await? {
        return Err(AppError::invalid("id", "payment-method-renews"));
    }
    store::methods::mark_removed(&mut tx, id).await?;
    if was_default {
        store::methods::default_to_newest(&mut tx, scope.commercial_entity_id()).await?;
    }
    store::commit(tx).await?;
    Ok(())
}

/// Makes a live method of this customer its one default; 404 for anyone
/// else's.
pub async fn make_default(pool: &Pool, scope: CustomerScope, id: i64) -> Result<(), AppError> {
    let mut tx = store::begin(pool).await?;
    store::methods::live_is_default(&mut tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::methods::set_default(&mut tx, scope.commercial_entity_id(), id).await?;
    store::commit(tx).await?;
    Ok(())
}
