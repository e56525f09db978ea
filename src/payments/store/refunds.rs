//! Refunds: the payment as a refund needs it, the amount held on it, the
//! refund written under its key and settled once.

use super::{charge_state, currency, settle, Charge, Outcome};
use crate::{
    db::{now, Pool, StoreResult},
    domain::{
        states::{ChargeState, StateMachine},
        Currency, Money,
    },
};
use sqlx::AnyConnection;

/// A payment as a refund reads it.
pub struct PaymentToRefund {
    pub customer_id: i64,
    pub amount: i64,
    pub refunded: i64,
    pub money_currency: crate::domain::Currency,
    pub state: ChargeState,
    pub method: String,
    pub provider_reference: Option<String>,
    /// The invoice's number or the order's reference.
    pub label: Option<String>,
}

pub async fn payment(pool: &Pool, payment_id: i64) -> StoreResult<Option<PaymentToRefund>> {
    let row: Option<(i64, i64, i64, String, String, String, Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as(
            "SELECT p.customer_id, p.amount, p.amount_refunded, p.currency, p.state, p.method, p.provider_reference, \
                    i.number, o.reference \
             FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
             WHERE p.id = $1",
        )
        .bind(payment_id)
        .fetch_optional(pool)
        .await?;
    row.map(
        |(customer_id, amount, refunded, code, state, method, charge, number, reference)| {
            Ok(PaymentToRefund {
                customer_id,
                amount,
                refunded,
                money_currency: currency(&code)?,
                state: charge_state(&state)?,
                method,
                provider_reference: charge,
                label: number.or(reference),
            })
        },
    )
    .transpose()
}

/// A refund as its key finds it.
pub struct KeyedRefund {
    pub id: i64,
    pub payment_id: i64,
    pub currency: Currency,
    pub state: ChargeState,
    /// What the request under the key asked; none on rows from before
    /// it was kept.
    pub fingerprint: Option<String>,
}

pub async fn by_key(pool: &Pool, stored_key: &str) -> StoreResult<Option<KeyedRefund>> {
    let row: Option<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, payment_id, currency, state, request_fingerprint FROM refunds WHERE idempotency_key = $1",
    )
    .bind(stored_key)
    .fetch_optional(pool)
    .await?;
    row.map(|(id, payment_id, code, state, fingerprint)| {
        Ok(KeyedRefund {
            id,
            payment_id,
            currency: currency(&code)?,
            state: charge_state(&state)?,
            fingerprint,
        })
    })
    .transpose()
}

/// Holds `amount` on a payment that went through, unless that passes what
/// it was; answers whether it was held.
pub async fn hold(conn: &mut AnyConnection, payment_id: i64, amount: i64) -> StoreResult<bool> {
    let held = sqlx::query(
        "UPDATE payments SET amount_refunded = amount_refunded + $1 \
         WHERE id = $2 AND state = $3 AND amount_refunded + $1 <= amount",
    )
    .bind(amount)
    .bind(payment_id)
    .bind(ChargeState::Succeeded.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(held.rows_affected() > 0)
}

/// Lets go of a hold a refused refund had taken.
pub async fn release_hold(
    conn: &mut AnyConnection,
    payment_id: i64,
    amount: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE payments SET amount_refunded = amount_refunded - $1 WHERE id = $2")
        .bind(amount)
        .bind(payment_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A refund to write under its key.
pub struct NewRefund<'a> {
    pub payment_id: i64,
    pub money: &'a Money,
    /// "ewallet" or "provider".
    pub destination: &'a str,
    pub state: ChargeState,
    pub reason: &'a str,
    pub stored_key: &'a str,
    /// What the request under that key asked (`payments::idempotency`).
    pub fingerprint: &'a str,
    pub staff_id: i64,
}

/// Writes the refund, in the caller's transaction. The error is the
/// database's own, so that the caller can tell a key used a moment
/// earlier from a failure.
pub async fn insert(conn: &mut AnyConnection, new: NewRefund<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO refunds (payment_id, amount, currency, destination, state, reason, idempotency_key, created_by, created_at, \
                              request_fingerprint) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(new.payment_id)
    .bind(new.money.minor)
    .bind(new.money.currency.code())
    .bind(new.destination)
    .bind(new.state.as_str())
    .bind(new.reason)
    .bind(new.stored_key)
    .bind(new.staff_id)
    .bind(now())
    .bind(new.fingerprint)
    .fetch_one(&mut *conn)
    .await
}

/// Settles a pending refund; answers whether this call settled it.
pub async fn settle_refund(
    conn: &mut AnyConnection,
    refund_id: i64,
    outcome: Outcome<'_>,
) -> StoreResult<bool> {
    settle(conn, Charge::Refund, refund_id, outcome).await
}

/// A refund written pending, to send through the provider and settle (now,
/// or at start-up after a stop).
pub struct PendingRefund {
    pub refund_id: i64,
    pub payment_id: i64,
    /// The payment's charge at the provider.
    pub charge: String,
    pub money: Money,
    pub stored_key: String,
    pub staff_id: Option<i64>,
    /// The invoice's number or the order's reference, for the audit.
    pub label: String,
    pub reason: String,
}

pub async fn pending(pool: &Pool) -> StoreResult<Vec<PendingRefund>> {
    let rows: Vec<(i64, i64, i64, String, String, Option<String>, Option<i64>, String, Option<String>)> =
        sqlx::query_as(
            "SELECT r.id, r.payment_id, r.amount, r.currency, r.idempotency_key, p.provider_reference, r.created_by, r.reason, \
                    COALESCE(i.number, o.reference) \
             FROM refunds r JOIN payments p ON p.id = r.payment_id \
               LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
             WHERE r.state = $1 ORDER BY r.id",
        )
        .bind(ChargeState::Pending.as_str())
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(
            |(id, payment_id, amount, code, stored_key, charge, staff_id, reason, label)| {
                Ok(PendingRefund {
                    refund_id: id,
                    payment_id,
                    charge: charge.unwrap_or_default(),
                    money: Money::new(amount, currency(&code)?),
                    stored_key,
                    staff_id,
                    label: label.unwrap_or_default(),
                    reason,
                })
            },
        )
        .collect()
}
