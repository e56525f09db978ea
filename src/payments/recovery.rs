//! Payments, refunds and eWallet top-ups still `pending`: settled from
//! the provider's word. At start-up, for every one a stop interrupted (the
//! server killed between writing one and hearing the provider, or while
//! the customer's bank was asking them): one the provider knows by its
//! reference is asked how it stands; one it answered nothing for yet is
//! sent again under its own key, so that a charge or refund that did
//! happen is answered, not repeated. A charge still waiting for the
//! customer's authentication is cancelled with the provider (nobody is
//! there to give it) and fails. The same settling serves a webhook
//! (`settle_reference`).

use super::{
    paying::{self, charge_and_settle, fail, Pending, Settled},
    refunds::settle,
    store,
    wallet::{charge_top_up, settle_top_up},
};
use crate::{
    context::AppState,
    error::AppError,
    payment_provider::{Charge, Refusal},
};

/// Answers how many payments, refunds and top-ups were finished.
pub async fn finish_interrupted(state: &AppState) -> Result<usize, AppError> {
    if state.payments.is_none() {
        // They wait, pending and keyed, for a start with the provider that
        // charged them: failing them now could hide a charge that happened.
        let waiting = store::payments::pending(&state.pool, None).await?.len()
            + store::refunds::pending(&state.pool).await?.len()
            + store::wallet::pending_top_ups(&state.pool, None)
                .await?
                .len();
        if waiting > 0 {
            tracing::warn!(
                waiting,
                "payments, refunds or top-ups are pending and no payment provider is configured"
            );
        }
        return Ok(0);
    }
    let mut finished = 0;
    for payment in store::payments::pending(&state.pool, None).await? {
        let reference = payment.reference.clone();
        let id = payment.id;
        let amount = payment.money.minor;
        let settled = match (Pending::from_store(payment), reference) {
            (Some(pending), Some(reference)) => {
                let status = status_at_start(state, &reference).await?;
                paying::settle(state, &pending, status, None).await?
            }
            (Some(pending), None) => {
                let settled = charge_and_settle(state, &pending, None, false).await?;
                give_up_waiting(state, &pending.stored_key, settled).await?
            }
            // Nothing to charge it with: it never reached the provider.
            (None, _) => {
                let mut tx = store::begin(&state.pool).await?;
                fail(&mut tx, id, "payment-interrupted", amount).await?;
                store::commit(tx).await?;
                Settled::Refused(Refusal::Declined)
            }
        };
        if ended(&settled) {
            finished += 1;
        }
    }

    for pending in store::refunds::pending(&state.pool).await? {
        settle(state, &pending).await?;
        finished += 1;
    }

    for pending in store::wallet::pending_top_ups(&state.pool, None).await? {
        let settled = match pending.reference.clone() {
            Some(reference) => {
                let status = status_at_start(state, &reference).await?;
                settle_top_up(state, &pending, status, None).await?
            }
            None => charge_top_up(state, &pending, None, false).await?,
        };
        if ended(&settled) {
            finished += 1;
        }
    }
    Ok(finished)
}

/// Whether a charge is settled for good.
fn ended(settled: &Settled) -> bool {
    matches!(settled, Settled::Succeeded | Settled::Refused(_))
}

/// How the charge `reference` stands, as start-up settles it: one still
/// waiting for the customer's authentication is cancelled with the
/// provider first, so that it can't be charged after it failed here.
async fn status_at_start(
    state: &AppState,
    reference: &str,
) -> Result<Result<Charge, Refusal>, AppError> {
    let provider = state.provider()?;
    let status = provider.charge_status(reference).await;
    if let Ok(Charge::NeedsAuthentication { .. }) = status {
        return Ok(match provider.cancel(reference).await {
            Ok(()) => Err(Refusal::AuthenticationFailed),
            // Not cancelled: it stays pending, asked again at the next start.
            Err(_) => Err(Refusal::Unavailable),
        });
    }
    Ok(status)
}

/// A charge sent again at start-up that asks for authentication: nobody
/// is there to give it, so it is cancelled and fails.
async fn give_up_waiting(
    state: &AppState,
    stored_key: &str,
    settled: Settled,
) -> Result<Settled, AppError> {
    let Settled::Authenticate { .. } = settled else {
        return Ok(settled);
    };
    let Some(payment) = store::payments::by_key(&state.pool, stored_key).await? else {
        return Ok(settled);
    };
    let pending = store::payments::pending(&state.pool, Some(payment.id))
        .await?
        .into_iter()
        .next();
    let Some((reference, pending)) = pending.and_then(|payment| {
        let reference = payment.reference.clone()?;
        Some((reference, Pending::from_store(payment)?))
    }) else {
        return Ok(settled);
    };
    let status = status_at_start(state, &reference).await?;
    paying::settle(state, &pending, status, None).await
}

/// Settles the payment or top-up the provider's `reference` names, from
/// what the provider says of it (a webhook); answers whether Portico knows
/// the reference.
pub async fn settle_reference(
    state: &AppState,
    reference: &str,
    status: Result<Charge, Refusal>,
) -> Result<bool, AppError> {
    match store::by_reference(&state.pool, reference).await? {
        Some((store::Charge::Payment, id)) => {
            let pending = store::payments::pending(&state.pool, Some(id))
                .await?
                .into_iter()
                .next()
                .and_then(Pending::from_store);
            if let Some(pending) = pending {
                paying::settle(state, &pending, status, None).await?;
            }
            Ok(true)
        }
        Some((store::Charge::TopUp, id)) => {
            let pending = store::wallet::pending_top_ups(&state.pool, Some(id))
                .await?
                .into_iter()
                .next();
            if let Some(pending) = pending {
                settle_top_up(state, &pending, status, None).await?;
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}
