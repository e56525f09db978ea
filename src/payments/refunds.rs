//! Staff refunding a customer's payment, all or part, once per form key:
//!
//! - to the customer's eWallet: the refund, the eWallet's credit and the
//!   document's amount paid change in one transaction;
//! - back through the provider (a card or direct debit it charged): the
//!   refund is written `pending` and the amount held on the payment, the
//!   provider refunds under the refund's key, then the refund succeeds
//!   (the document's amount paid lowered) or fails (the hold released).
//!
//! A payment never gives back more than it was; every refund is audited.

use super::admin_api::{RefundDone, RefundInput};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::AppState,
    db::{now, StoreError},
    domain::Money,
    error::AppError,
};

/// A payment as a refund needs it (only one that went through).
pub(super) struct Refundable {
    pub customer_id: i64,
    /// What is left to give back (minor units).
    pub refundable: i64,
    pub money_currency: crate::domain::Currency,
    /// The provider's charge, when it can go back that way.
    pub charge: Option<String>,
    pub label: String,
}

pub(super) async fn refundable(
    pool: &crate::db::Pool,
    payment_id: i64,
) -> Result<Refundable, AppError> {
    let row: Option<(i64, i64, i64, String, String, String, Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as(
            "SELECT p.customer_id, p.amount, p.amount_refunded, p.currency, p.state, p.method, p.provider_reference, \
                    i.number, o.reference \
             FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
             WHERE p.id = $1",
        )
        .bind(payment_id)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from)?;
    let (customer_id, amount, refunded, code, state, method, charge, number, reference) =
        row.ok_or(AppError::NotFound)?;
    if state != "succeeded" {
        return Err(AppError::invalid("amount", "refund-not-paid"));
    }
    Ok(Refundable {
        customer_id,
        refundable: amount - refunded,
        money_currency: crate::documents::store::currency(&code)?,
        // Only what the provider charged goes back through it.
        charge: charge.filter(|_| method == "card" || method == "sepa_debit"),
        label: number.or(reference).unwrap_or_default(),
    })
}

/// What a refund key already used answers.
async fn earlier_answer(
    pool: &crate::db::Pool,
    stored_key: &str,
    payment_id: i64,
) -> Result<Option<Result<RefundDone, AppError>>, AppError> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, payment_id, state FROM refunds WHERE idempotency_key = $1")
            .bind(stored_key)
            .fetch_optional(pool)
            .await
            .map_err(StoreError::from)?;
    let Some((refund_id, refunded_payment, state)) = row else {
        return Ok(None);
    };
    if refunded_payment != payment_id {
        return Err(AppError::BadRequest);
    }
    Ok(Some(if state == "failed" {
        Err(AppError::invalid("destination", "refund-refused"))
    } else {
        Ok(RefundDone {
            refund_id,
            pending: state == "pending",
        })
    }))
}

fn audit_detail(label: &str, money: &Money, destination: &str, reason: &str) -> String {
    let to = if destination == "ewallet" {
        "to the eWallet"
    } else {
        "through the provider"
    };
    let reason = if reason.is_empty() {
        String::new()
    } else {
        format!(": {reason}")
    };
    format!(
        "{label} {} {} refunded {to}{reason}",
        money.minor,
        money.currency.code()
    )
}

pub async fn refund(
    staff_id: i64,
    payment_id: i64,
    input: RefundInput,
) -> Result<RefundDone, AppError> {
    let state = crate::context::app_state()?;
    let pool = &state.pool;
    let key = super::paying::checked_key(&input.key)?;
    let stored_key = format!("refund:{key}");
    if let Some(answer) = earlier_answer(pool, &stored_key, payment_id).await? {
        return answer;
    }
    let payment = refundable(pool, payment_id).await?;
    let currency = payment.money_currency;
    let amount = crate::domain::totals::parse_decimal(&input.amount, currency.minor_digits())
        .filter(|amount| *amount > 0)
        .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    if amount > payment.refundable {
        return Err(AppError::invalid("amount", "refund-more-than-paid"));
    }
    let destination = match input.destination.as_str() {
        "ewallet" => "ewallet",
        "provider" if payment.charge.is_some() => "provider",
        "provider" => {
            return Err(AppError::invalid(
                "destination",
                "refund-provider-unavailable",
            ))
        }
        _ => return Err(AppError::invalid("destination", "error-choice")),
    };
    let reason = input.reason.trim();
    if reason.chars().count() > 200 {
        return Err(AppError::invalid("reason", "error-too-long"));
    }
    let money = Money::new(amount, currency);

    let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
    let held = sqlx::query(
        "UPDATE payments SET amount_refunded = amount_refunded + $1 \
         WHERE id = $2 AND state = 'succeeded' AND amount_refunded + $1 <= amount",
    )
    .bind(amount)
    .bind(payment_id)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if held.rows_affected() == 0 {
        return Err(AppError::invalid("amount", "refund-more-than-paid"));
    }
    let written: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO refunds (payment_id, amount, currency, destination, state, reason, idempotency_key, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(payment_id)
    .bind(amount)
    .bind(currency.code())
    .bind(destination)
    .bind(if destination == "ewallet" { "succeeded" } else { "pending" })
    .bind(reason)
    .bind(&stored_key)
    .bind(staff_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let refund_id = match written {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            // The same form, a moment earlier.
            if let Some(answer) = earlier_answer(pool, &stored_key, payment_id).await? {
                return answer;
            }
            return Err(StoreError::from(error).into());
        }
    };
    if destination == "ewallet" {
        super::paying::give_back(&mut tx, payment_id, amount).await?;
        super::wallet::credit_refund(&mut tx, payment.customer_id, &money, payment_id, staff_id)
            .await?;
        let detail = audit_detail(&payment.label, &money, destination, reason);
        record(&mut tx, Some(staff_id), &detail).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(RefundDone {
            refund_id,
            pending: false,
        });
    }
    tx.commit().await.map_err(StoreError::from)?;
    let pending = PendingRefund {
        refund_id,
        payment_id,
        charge: payment.charge.unwrap_or_default(),
        money,
        stored_key,
        staff_id: Some(staff_id),
        label: payment.label,
        reason: reason.to_owned(),
    };
    match settle(&state, &pending).await? {
        true => Ok(RefundDone {
            refund_id,
            pending: false,
        }),
        false => Err(AppError::invalid("destination", "refund-refused")),
    }
}

async fn record(
    tx: &mut sqlx::AnyConnection,
    staff_id: Option<i64>,
    detail: &str,
) -> Result<(), AppError> {
    audit::record(
        &mut *tx,
        AuditKind::RefundRecorded,
        AuditEntry {
            actor_user_id: staff_id,
            detail: Some(detail),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// A refund written `pending`, to send through the provider and settle.
pub(super) struct PendingRefund {
    pub refund_id: i64,
    pub payment_id: i64,
    pub charge: String,
    pub money: Money,
    pub stored_key: String,
    pub staff_id: Option<i64>,
    pub label: String,
    pub reason: String,
}

/// Refunds through the provider under the refund's key and settles: the
/// document's amount paid lowered and the refund audited, or the hold on
/// the payment released. Answers whether the provider refunded.
pub(super) async fn settle(state: &AppState, pending: &PendingRefund) -> Result<bool, AppError> {
    let answer = state
        .payments
        .refund(&pending.charge, &pending.money, &pending.stored_key)
        .await;
    let mut tx = crate::db::begin(&state.pool)
        .await
        .map_err(StoreError::from)?;
    let refunded = answer.is_ok();
    match answer {
        Ok(receipt) => {
            let settled = sqlx::query(
                "UPDATE refunds SET state = 'succeeded', provider_reference = $1 WHERE id = $2 AND state = 'pending'",
            )
            .bind(&receipt.reference)
            .bind(pending.refund_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            if settled.rows_affected() > 0 {
                super::paying::give_back(&mut tx, pending.payment_id, pending.money.minor).await?;
                let detail =
                    audit_detail(&pending.label, &pending.money, "provider", &pending.reason);
                record(&mut tx, pending.staff_id, &detail).await?;
            }
        }
        Err(refusal) => {
            let settled = sqlx::query(
                "UPDATE refunds SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'pending'",
            )
            .bind(refusal.message_id())
            .bind(pending.refund_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            if settled.rows_affected() > 0 {
                sqlx::query(
                    "UPDATE payments SET amount_refunded = amount_refunded - $1 WHERE id = $2",
                )
                .bind(pending.money.minor)
                .bind(pending.payment_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            }
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(refunded)
}
