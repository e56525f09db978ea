//! Start-up: payments, refunds and eWallet top-ups a stop left `pending`
//! (the server killed between writing one and hearing the provider) are
//! finished before anyone can pay again. Each is sent to the provider
//! again under its own key, so a charge or refund that did happen is
//! answered, not repeated; then it is settled exactly as it would have been.

use super::{
    api::PaidDocument,
    paying::{charge_and_settle, fail, Pending},
    refunds::settle,
    store,
    wallet::settle_top_up,
};
use crate::{context::AppState, error::AppError};

/// Answers how many payments, refunds and top-ups were finished.
pub async fn finish_interrupted(state: &AppState) -> Result<usize, AppError> {
    if state.payments.is_none() {
        // They wait, pending and keyed, for a start with the provider that
        // charged them: failing them now could hide a charge that happened.
        let waiting = store::payments::pending(&state.pool).await?.len()
            + store::refunds::pending(&state.pool).await?.len()
            + store::wallet::pending_top_ups(&state.pool).await?.len();
        if waiting > 0 {
            tracing::warn!(
                waiting,
                "payments, refunds or top-ups are pending and no payment provider is configured"
            );
        }
        return Ok(0);
    }
    let mut finished = 0;
    for payment in store::payments::pending(&state.pool).await? {
        // Paid from the order's page, unless the order was not involved.
        let target = match (payment.order_id, payment.invoice_id) {
            (Some(order), _) => (PaidDocument::Order, order),
            (None, Some(invoice)) => (PaidDocument::Invoice, invoice),
            (None, None) => continue,
        };
        match (payment.token, payment.stored_key, payment.paid_by) {
            (Some(token), Some(stored_key), Some(paid_by)) => {
                let pending = Pending {
                    payment_id: payment.id,
                    target,
                    number: payment.number.unwrap_or_default(),
                    money: payment.money,
                    token,
                    stored_key,
                    paid_by,
                };
                // Settled either way; the answer is for a customer no longer waiting.
                let _answer = charge_and_settle(state, &pending, None).await?;
            }
            // Nothing to charge it with: it never reached the provider.
            _ => {
                let mut tx = store::begin(&state.pool).await?;
                fail(
                    &mut tx,
                    payment.id,
                    "payment-interrupted",
                    payment.money.minor,
                )
                .await?;
                store::commit(tx).await?;
            }
        }
        finished += 1;
    }

    for pending in store::refunds::pending(&state.pool).await? {
        settle(state, &pending).await?;
        finished += 1;
    }

    for pending in store::wallet::pending_top_ups(&state.pool).await? {
        // Settled either way; the answer is for a customer no longer waiting.
        let _answer = settle_top_up(state, &pending, None).await?;
        finished += 1;
    }
    Ok(finished)
}
