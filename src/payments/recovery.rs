//! Payments, refunds and eWallet top-ups still `pending`: settled from
//! the provider's word. At start-up, for every one a stop interrupted (the
//! server killed between writing one and hearing the provider, or while
//! the customer's bank was asking them): one the provider knows by its
//! reference is asked how it stands; one it answered nothing for yet is
//! sent again under its own key, so that a charge or refund that did
//! happen is answered, not repeated. A charge still waiting for the
//! customer's authentication is cancelled with the provider (nobody is
//! there to give it) and fails. While the server runs, the same pass
//! every ten minutes settles what has waited over half an hour (a 3-D
//! Secure challenge the customer walked away from, a charge whose answer
//! never came), so that no reservation holds an invoice for long
//! ([`spawn_sweep`]). The same settling serves a webhook
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

/// How long a charge may wait for the customer or the provider before the
/// sweep settles it.
const STALE_AFTER_SECONDS: i64 = 30 * 60;
/// How often the sweep runs.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Settles, every [`SWEEP_EVERY`] until aborted, the payments and top-ups
/// pending for over [`STALE_AFTER_SECONDS`]. Instances may sweep at once:
/// settling moves only what is still pending.
pub fn spawn_sweep(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        // The first tick is at once: start-up has just settled everything.
        tick.tick().await;
        loop {
            tick.tick().await;
            if state.payments.is_none() {
                continue;
            }
            match sweep(&state, crate::db::now()).await {
                Ok(0) => {}
                Ok(settled) => tracing::info!(settled, "settled charges left waiting"),
                Err(error) => tracing::warn!(%error, "the sweep of waiting charges failed"),
            }
        }
    })
}

/// One pass of the sweep as of `now` (Unix seconds): answers how many
/// charges it settled.
pub async fn sweep(state: &AppState, now: i64) -> Result<usize, AppError> {
    settle_pending(state, Some(now - STALE_AFTER_SECONDS)).await
}

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
    let mut finished = settle_pending(state, None).await?;
    for pending in store::refunds::pending(&state.pool).await? {
        settle(state, &pending).await?;
        finished += 1;
    }
    Ok(finished)
}

/// Settles the pending payments and top-ups (those written before
/// `before`, when given) from the provider's word; answers how many ended.
async fn settle_pending(state: &AppState, before: Option<i64>) -> Result<usize, AppError> {
    let old_enough = |created_at: i64| before.is_none_or(|before| created_at < before);
    let mut finished = 0;
    let payments = store::payments::pending(&state.pool, None).await?;
    for payment in payments.into_iter().filter(|p| old_enough(p.created_at)) {
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

    let top_ups = store::wallet::pending_top_ups(&state.pool, None).await?;
    for pending in top_ups.into_iter().filter(|t| old_enough(t.created_at)) {
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
