//! Saving, removing and choosing the default of a customer's payment
//! methods. The card or IBAN goes to the provider, which answers a token;
//! only the token and what is safe to show are stored.

use super::{
    api::{MethodSetup, NewMethodInput},
    store,
};
use crate::{
    access::CustomerScope,
    context::{AppState, Customer},
    db::Pool,
    error::AppError,
    payment_provider::{CustomerDetails, MethodDetails, MethodKind, Tokenised},
};

/// The provider's record of the customer (`customer_id`, the commercial
/// entity), made the first time a charge or a setup needs it; `None` for a
/// provider that keeps none.
pub async fn provider_customer(
    state: &AppState,
    customer_id: i64,
) -> Result<Option<String>, AppError> {
    let provider = state.provider()?;
    if let Some(reference) =
        store::provider_customers::reference(&state.pool, customer_id, provider.name()).await?
    {
        return Ok(Some(reference));
    }
    let (name, email) = store::provider_customers::details(&state.pool, customer_id).await?;
    let details = CustomerDetails {
        id: customer_id,
        name: &name,
        email: email.as_deref(),
    };
    // One key per customer: a retry, or a parallel first payment, is
    // answered the same record by the provider.
    let key = format!("portico-customer-{customer_id}");
    let Some(reference) = provider
        .create_customer(details, &key)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?
    else {
        return Ok(None);
    };
    let kept =
        store::provider_customers::keep(&state.pool, customer_id, provider.name(), &reference)
            .await?;
    Ok(Some(kept))
}

/// A method the provider describes without a holder's name (a card
/// typed without one, a mandate): named after `fallback`, else the
/// customer's own name, as its row must be.
pub async fn named(
    state: &AppState,
    customer_id: i64,
    mut method: Tokenised,
    fallback: &str,
) -> Result<Tokenised, AppError> {
    if method.holder.trim().is_empty() {
        method.holder = match fallback.trim() {
            "" => {
                store::provider_customers::details(&state.pool, customer_id)
                    .await?
                    .0
            }
            given => given.chars().take(200).collect(),
        };
    }
    Ok(method)
}

/// The card to keep once a charge to `token` succeeded, when asked
/// (`keep`): the new card the form gave, or, when the success came later
/// (the browser's return, a webhook), as the provider describes it.
pub async fn card_to_keep(
    state: &AppState,
    (customer_id, token): (i64, &str),
    keep: bool,
    new_card: Option<&Tokenised>,
) -> Result<Option<Tokenised>, AppError> {
    if let Some(card) = new_card {
        return Ok(Some(card.clone()));
    }
    if !keep {
        return Ok(None);
    }
    let provider = state.provider()?;
    let provider_customer =
        store::provider_customers::reference(&state.pool, customer_id, provider.name()).await?;
    match provider.describe(provider_customer.as_deref(), token).await {
        Ok(card) => Ok(Some(named(state, customer_id, card, "").await?)),
        Err(_) => Ok(None),
    }
}

/// Lets go, with the provider, of a card adopted for one charge once that
/// charge ended and the card was not kept (a saved method's token is
/// left alone). Whichever way the charge ended (the pay form, the
/// browser's return, a webhook, start-up), so that the provider's record
/// of the customer holds only what Portico shows as saved.
pub async fn let_go_unless_kept(
    state: &AppState,
    customer_id: i64,
    token: &str,
) -> Result<(), AppError> {
    let provider = state.provider()?;
    if provider.browser().is_none()
        || store::methods::is_saved(&state.pool, customer_id, token).await?
    {
        return Ok(());
    }
    let provider_customer =
        store::provider_customers::reference(&state.pool, customer_id, provider.name()).await?;
    if provider
        .forget(provider_customer.as_deref(), token)
        .await
        .is_err()
    {
        tracing::warn!(customer_id, "the provider kept a card not asked for");
    }
    Ok(())
}

/// The kind asked, when the company offers it.
async fn offered_kind(pool: &Pool, kind: &str) -> Result<MethodKind, AppError> {
    let kind = MethodKind::parse(kind)
        .ok_or_else(|| AppError::invalid("kind", "payment-kind-not-offered"))?;
    if !store::methods::offered(pool).await?.contains(&kind) {
        return Err(AppError::invalid("kind", "payment-kind-not-offered"));
    }
    Ok(kind)
}

/// Starts saving a method in the browser (a provider whose script takes
/// the details); the demo's form posts them to [`add`] instead.
pub async fn start_setup(customer: &Customer, kind: &str) -> Result<MethodSetup, AppError> {
    let state = crate::context::app_state()?;
    let provider = state.provider()?;
    if provider.browser().is_none() {
        return Err(AppError::BadRequest);
    }
    let kind = offered_kind(&state.pool, kind).await?;
    let customer_id = customer.scope.commercial_entity_id();
    let provider_customer = provider_customer(&state, customer_id).await?;
    let key = super::wallet::form_key();
    let setup = provider
        .start_setup(provider_customer.as_deref(), kind, &key)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?;
    Ok(MethodSetup {
        setup_id: setup.reference,
        client_secret: setup.client_secret,
    })
}

/// Keeps the method the setup `setup_id` made, when the provider says it
/// succeeded for this customer's record (never on the browser's word).
pub async fn finish_setup(
    customer: &Customer,
    setup_id: &str,
    make_default: bool,
) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    let provider = state.provider()?;
    let customer_id = customer.scope.commercial_entity_id();
    let provider_customer =
        store::provider_customers::reference(&state.pool, customer_id, provider.name())
            .await?
            .ok_or(AppError::NotFound)?;
    if setup_id.is_empty() || setup_id.len() > 255 {
        return Err(AppError::BadRequest);
    }
    let saved = provider
        .finish_setup(Some(&provider_customer), setup_id)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?;
    let saved = named(&state, customer_id, saved, "").await?;
    keep(customer, &saved, make_default).await
}

/// Whose a method is (the commercial entity) and who added it.
pub(super) fn who(customer: &Customer) -> (i64, Option<i64>) {
    (
        customer.scope.commercial_entity_id(),
        Some(customer.user.user_id),
    )
}

/// Stores a tokenised method, the default moved with it when asked, in
/// one transaction; refused at the limit of saved methods.
async fn keep(customer: &Customer, saved: &Tokenised, make_default: bool) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    let provider = state.provider()?;
    let mut tx = store::begin(&state.pool).await?;
    let id = store::methods::insert_method(&mut tx, who(customer), saved, provider.name())
        .await?
        .ok_or_else(|| AppError::invalid("method", "methods-limit"))?;
    if make_default {
        store::methods::set_default(&mut tx, customer.scope.commercial_entity_id(), id).await?;
    }
    store::commit(tx).await?;
    Ok(())
}

/// Checks and tokenises through the provider, then stores the token and
/// what is safe to show, in one transaction with the default's move.
pub async fn add(customer: &Customer, input: NewMethodInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    if state.provider()?.browser().is_some() {
        // The provider's script takes the details in the browser: a form
        // posting them here is refused before anything reads them.
        return Err(AppError::BadRequest);
    }
    let kind = offered_kind(&state.pool, &input.kind).await?;
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
    keep(customer, &saved, make_default).await
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
