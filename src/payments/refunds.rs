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
//! A form key asking another amount or destination than it first did is
//! refused (`idempotency`).

use super::backoffice_api::{RefundDone, RefundInput};
use super::idempotency::{self, Fingerprint};
use super::store::{
    self,
    refunds::{NewRefund, PendingRefund},
    Outcome,
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::AppState,
    db::StoreError,
    domain::{states::ChargeState, Money},
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
    let payment = store::refunds::payment(pool, payment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if payment.state != ChargeState::Succeeded {
        return Err(AppError::invalid("amount", "refund-not-paid"));
    }
    let method = payment.method;
    Ok(Refundable {
        customer_id: payment.customer_id,
        refundable: payment.amount - payment.refunded,
        money_currency: payment.money_currency,
        // Only what the provider charged goes back through it.
        charge: payment
            .provider_reference
            .filter(|_| method == "card" || method == "sepa_debit"),
        label: payment.label.unwrap_or_default(),
    })
}

/// What a refund key already used answers: its first result when `input`
/// asks the same, else the refusal of `idempotency::same_request`.
async fn earlier_answer(
    pool: &crate::db::Pool,
    stored_key: &str,
    payment_id: i64,
    input: &RefundInput,
) -> Result<Option<Result<RefundDone, AppError>>, AppError> {
    let Some(refund) = store::refunds::by_key(pool, stored_key).await? else {
        return Ok(None);
    };
    if refund.payment_id != payment_id {
        return Err(AppError::BadRequest);
    }
    let asked = idempotency::asked_money(&input.amount, refund.currency)
        .map(|money| Fingerprint::refund(payment_id, &money, &input.destination));
    idempotency::same_request(refund.fingerprint.as_deref(), asked.as_ref())?;
    Ok(Some(if refund.state == ChargeState::Failed {
        Err(AppError::invalid("destination", "refund-refused"))
    } else {
        Ok(RefundDone {
            refund_id: refund.id,
            pending: refund.state == ChargeState::Pending,
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
    if let Some(answer) = earlier_answer(pool, &stored_key, payment_id, &input).await? {
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
        // Asked before the refund is written pending: without a provider
        // it could never be sent.
        "provider" if payment.charge.is_some() => {
            state.provider()?;
            "provider"
        }
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
    let fingerprint = Fingerprint::refund(payment_id, &money, destination);

    let mut tx = store::begin(pool).await?;
    if !store::refunds::hold(&mut tx, payment_id, amount).await? {
        return Err(AppError::invalid("amount", "refund-more-than-paid"));
    }
    let refund = NewRefund {
        payment_id,
        money: &money,
        destination,
        state: if destination == "ewallet" {
            ChargeState::Succeeded
        } else {
            ChargeState::Pending
        },
        reason,
        stored_key: &stored_key,
        fingerprint: fingerprint.as_str(),
        staff_id,
    };
    let written = store::refunds::insert(&mut tx, refund).await;
    let refund_id = match written {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            // The same form, a moment earlier.
            if let Some(answer) = earlier_answer(pool, &stored_key, payment_id, &input).await? {
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
        store::commit(tx).await?;
        return Ok(RefundDone {
            refund_id,
            pending: false,
        });
    }
    store::commit(tx).await?;
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

/// Refunds through the provider under the refund's key and settles: the
/// document's amount paid lowered and the refund audited, or the hold on
/// the payment released. Answers whether the provider refunded.
pub(super) async fn settle(state: &AppState, pending: &PendingRefund) -> Result<bool, AppError> {
    let provider = state.provider()?;
    let answer = provider
        .refund(&pending.charge, &pending.money, &pending.stored_key)
        .await;
    let mut tx = store::begin(&state.pool).await?;
    let refunded = answer.is_ok();
    match answer {
        Ok(receipt) => {
            let outcome = Outcome::Succeeded(&receipt.reference);
            if store::refunds::settle_refund(&mut tx, pending.refund_id, outcome).await? {
                super::paying::give_back(&mut tx, pending.payment_id, pending.money.minor).await?;
                let detail =
                    audit_detail(&pending.label, &pending.money, "provider", &pending.reason);
                record(&mut tx, pending.staff_id, &detail).await?;
            }
        }
        Err(refusal) => {
            let outcome = Outcome::Failed(refusal.message_id());
            if store::refunds::settle_refund(&mut tx, pending.refund_id, outcome).await? {
                store::refunds::release_hold(&mut tx, pending.payment_id, pending.money.minor)
                    .await?;
            }
        }
    }
    store::commit(tx).await?;
    Ok(refunded)
}
