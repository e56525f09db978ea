//! Start-up: payments, refunds and eWallet top-ups a stop left `pending` (the server killed
//! between writing one and hearing the provider) are finished before
//! anyone can pay again. Each is sent to the provider again under its own
//! key, so a charge or refund that did happen is answered, not repeated;
//! then it is settled exactly as it would have been.

use super::{
    api::PaidDocument,
    paying::{charge_and_settle, give_back, Pending},
    refunds::{settle, PendingRefund},
    wallet::{settle_top_up, PendingTopUp},
};
use crate::{context::AppState, db::StoreError, domain::Money, error::AppError};

/// Answers how many payments and refunds were finished.
pub async fn finish_interrupted(state: &AppState) -> Result<usize, AppError> {
    let payments: Vec<(i64, Option<i64>, Option<i64>, i64, String, Option<String>, Option<String>, Option<i64>, Option<String>)> =
        sqlx::query_as(
            "SELECT p.id, p.invoice_id, p.order_id, p.amount, p.currency, p.charge_token, p.idempotency_key, p.paid_by, \
                    COALESCE(o.reference, i.number) \
             FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
             WHERE p.state = 'pending' ORDER BY p.id",
        )
        .fetch_all(&state.pool)
        .await
        .map_err(StoreError::from)?;
    let mut finished = 0;
    for (payment_id, invoice_id, order_id, amount, code, token, key, paid_by, number) in payments {
        let money = Money::new(amount, crate::documents::store::currency(&code)?);
        // Paid from the order's page, unless the order was not involved.
        let target = match (order_id, invoice_id) {
            (Some(order), _) => (PaidDocument::Order, order),
            (None, Some(invoice)) => (PaidDocument::Invoice, invoice),
            (None, None) => continue,
        };
        match (token, key, paid_by) {
            (Some(token), Some(stored_key), Some(paid_by)) => {
                let pending = Pending {
                    payment_id,
                    target,
                    number: number.unwrap_or_default(),
                    money,
                    token,
                    stored_key,
                    paid_by,
                };
                // Settled either way; the answer is for a customer no longer waiting.
                let _answer = charge_and_settle(state, &pending, None).await?;
            }
            // Nothing to charge it with: it never reached the provider.
            _ => {
                let mut tx = crate::db::begin(&state.pool)
                    .await
                    .map_err(StoreError::from)?;
                let failed = sqlx::query(
                    "UPDATE payments SET state = 'failed', failure = 'payment-interrupted' WHERE id = $1 AND state = 'pending'",
                )
                .bind(payment_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
                if failed.rows_affected() > 0 {
                    give_back(&mut tx, payment_id, amount).await?;
                }
                tx.commit().await.map_err(StoreError::from)?;
            }
        }
        finished += 1;
    }

    let refunds: Vec<(i64, i64, i64, String, String, Option<String>, Option<i64>, String, Option<String>)> =
        sqlx::query_as(
            "SELECT r.id, r.payment_id, r.amount, r.currency, r.idempotency_key, p.provider_reference, r.created_by, r.reason, \
                    COALESCE(i.number, o.reference) \
             FROM refunds r JOIN payments p ON p.id = r.payment_id \
               LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
             WHERE r.state = 'pending' ORDER BY r.id",
        )
        .fetch_all(&state.pool)
        .await
        .map_err(StoreError::from)?;
    for (refund_id, payment_id, amount, code, stored_key, charge, staff_id, reason, label) in
        refunds
    {
        let pending = PendingRefund {
            refund_id,
            payment_id,
            charge: charge.unwrap_or_default(),
            money: Money::new(amount, crate::documents::store::currency(&code)?),
            stored_key,
            staff_id,
            label: label.unwrap_or_default(),
            reason,
        };
        settle(state, &pending).await?;
        finished += 1;
    }

    let top_ups: Vec<(i64, i64, i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, customer_id, amount, currency, charge_token, idempotency_key, created_by \
         FROM wallet_top_ups WHERE state = 'pending' ORDER BY id",
    )
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    for (id, customer_id, amount, code, token, stored_key, added_by) in top_ups {
        let pending = PendingTopUp {
            id,
            customer_id,
            money: Money::new(amount, crate::documents::store::currency(&code)?),
            token,
            stored_key,
            added_by,
        };
        // Settled either way; the answer is for a customer no longer waiting.
        let _answer = settle_top_up(state, &pending, None).await?;
        finished += 1;
    }
    Ok(finished)
}
