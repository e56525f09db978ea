//! A customer paying an invoice, exactly once per key and never more than
//! is due:
//!
//! 1. A key already used answers with its first result.
//! 2. One conditional `UPDATE` reserves the amount on the invoice (it can't
//!    pass the total, whatever runs in parallel) and the payment is written
//!    `pending` under its unique key, in one transaction.
//! 3. The provider charges the token with the same key (a retried charge
//!    is the same charge).
//! 4. Success: the payment is `succeeded`, audited, the receipt and the
//!    followers' emails queued. Refusal: the payment is `failed` and the
//!    reservation given back; the customer is told why.

use super::api::{PayInput, PayPage, PaymentDone};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::Customer,
    db::{now, StoreError},
    domain::{Currency, Money},
    error::AppError,
    payment_provider::{MethodDetails, Tokenised},
};
use sha2::{Digest, Sha256};

/// The invoice as the customer may pay it: posted, theirs, with something due.
struct Payable {
    number: String,
    currency: Currency,
    total: i64,
    paid: i64,
    payments: i64,
}

async fn payable(
    pool: &crate::db::Pool,
    customer: &Customer,
    id: i64,
) -> Result<Payable, AppError> {
    let row: Option<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT number, currency, amount_total, amount_paid, \
                (SELECT COUNT(*) FROM payments p WHERE p.invoice_id = i.id) \
         FROM invoices i WHERE i.id = $1 AND i.customer_id = $2 AND i.state = 'posted'",
    )
    .bind(id)
    .bind(customer.scope.commercial_entity_id())
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    let (number, code, total, paid, payments) = row.ok_or(AppError::NotFound)?;
    let currency = crate::documents::store::currency(&code)?;
    Ok(Payable {
        number,
        currency,
        total,
        paid,
        payments,
    })
}

async fn minimum_part_percent(pool: &crate::db::Pool) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT minimum_part_percent FROM portal_settings WHERE id = 1")
            .fetch_one(pool)
            .await
            .map_err(StoreError::from)?,
    )
}

/// The smallest part: a share of the total, rounded up, at least one minor unit.
fn minimum_part(total: i64, percent: i64) -> i64 {
    ((total * percent + 99) / 100).max(1)
}

/// The form's key: the same for every tab showing this invoice as it is
/// now (who pays, what is paid, how many payments), new after each payment.
fn form_key(user_id: i64, invoice_id: i64, invoice: &Payable) -> String {
    let seed = format!(
        "pay:{user_id}:{invoice_id}:{}:{}",
        invoice.paid, invoice.payments
    );
    hex::encode(&Sha256::digest(seed.as_bytes())[..16])
}

pub async fn options(customer: &Customer, id: i64) -> Result<PayPage, AppError> {
    let state = crate::context::app_state()?;
    let invoice = payable(&state.pool, customer, id).await?;
    let today = chrono::Utc::now().date_naive();
    let offered = super::store::offered(&state.pool).await?;
    let currency = invoice.currency;
    Ok(PayPage {
        invoice_id: id,
        key: form_key(customer.user.user_id, id, &invoice),
        number: invoice.number,
        currency: invoice.currency,
        due: invoice.total - invoice.paid,
        minimum: minimum_part(invoice.total, minimum_part_percent(&state.pool).await?),
        methods: super::store::methods(&state.pool, customer.scope, today).await?,
        offers_cards: offered.contains(&crate::payment_provider::MethodKind::Card),
        test_mode: state.payments.name() == "demo",
        wallet: {
            let mut conn = state.pool.acquire().await.map_err(StoreError::from)?;
            super::wallet::balance(&mut conn, customer.scope.commercial_entity_id(), currency)
                .await?
        },
    })
}

/// A form's idempotency key as sent: 16 to 64 letters, digits or dashes.
pub fn checked_key(raw: &str) -> Result<&str, AppError> {
    let key = raw.trim();
    if (16..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(key)
    } else {
        Err(AppError::BadRequest)
    }
}

/// The token, kind and id of the customer's live saved method `method`
/// (its id as typed); anyone else's answers "choose a method".
pub async fn saved_token(
    pool: &crate::db::Pool,
    customer_id: i64,
    method: &str,
) -> Result<(String, &'static str, i64), AppError> {
    let id: i64 = method
        .parse()
        .map_err(|_| AppError::invalid("method", "pay-choose-method"))?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT token, kind FROM payment_methods WHERE id = $1 AND customer_id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    let (token, kind) = row.ok_or_else(|| AppError::invalid("method", "pay-choose-method"))?;
    Ok((
        token,
        if kind == "card" { "card" } else { "sepa_debit" },
        id,
    ))
}

/// How a payment is made, as `reserve` writes it.
struct Via<'a> {
    /// The `payments.method` value: "card", "sepa_debit" or "ewallet".
    method: &'a str,
    /// "pending" until the provider answers; "succeeded" from the eWallet.
    state: &'a str,
    method_id: Option<i64>,
}

/// Reserves `money` on the invoice (one conditional `UPDATE` that can't
/// pass the total) and writes the payment under its key, in `tx`. The
/// inner error is the insert's: the key was used a moment earlier.
async fn reserve(
    tx: &mut sqlx::AnyConnection,
    customer: &Customer,
    invoice_id: i64,
    money: &Money,
    stored_key: &str,
    via: Via<'_>,
) -> Result<Result<i64, sqlx::Error>, AppError> {
    let at = now();
    let reserved = sqlx::query(
        "UPDATE invoices SET amount_paid = amount_paid + $1, \
           payment_state = CASE WHEN amount_paid + $1 >= amount_total THEN 'paid' ELSE 'partial' END, updated_at = $2 \
         WHERE id = $3 AND customer_id = $4 AND state = 'posted' AND amount_paid + $1 <= amount_total",
    )
    .bind(money.minor)
    .bind(at)
    .bind(invoice_id)
    .bind(customer.scope.commercial_entity_id())
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if reserved.rows_affected() == 0 {
        return Err(AppError::invalid("amount", "pay-more-than-due"));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO payments (customer_id, invoice_id, amount, currency, method, reference, received_on, idempotency_key, \
                               state, payment_method_id, paid_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(customer.scope.commercial_entity_id())
    .bind(invoice_id)
    .bind(money.minor)
    .bind(money.currency.code())
    .bind(via.method)
    .bind(crate::documents::store::today())
    .bind(stored_key)
    .bind(via.state)
    .bind(via.method_id)
    .bind(customer.user.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await)
}

/// A payment that went through: the audit entry, the receipt and the
/// followers' emails, in `tx`.
async fn record_success(
    tx: &mut sqlx::AnyConnection,
    state: &crate::context::AppState,
    customer: &Customer,
    invoice_id: i64,
    number: &str,
    money: &Money,
    how: &str,
) -> Result<(), AppError> {
    let detail = format!(
        "{number} {} {} paid by the customer{how}",
        money.minor,
        money.currency.code()
    );
    audit::record(
        &mut *tx,
        AuditKind::PaymentRecorded,
        AuditEntry {
            actor_user_id: Some(customer.user.user_id),
            detail: Some(&detail),
            ..Default::default()
        },
    )
    .await?;
    crate::documents::editing::announce_payment(
        tx,
        &state.settings.public_url,
        invoice_id,
        money,
        customer.user.user_id,
    )
    .await?;
    Ok(())
}

/// The token to charge: a saved method of this customer (its id as typed),
/// or a new card tokenised now. Answers the token, the payment's method,
/// the saved method's id, and the new card (to save if asked).
pub async fn token_for(
    state: &crate::context::AppState,
    customer_id: i64,
    method: &str,
    card: MethodDetails,
) -> Result<(String, &'static str, Option<i64>, Option<Tokenised>), AppError> {
    if method != "new" {
        let (token, kind, id) = saved_token(&state.pool, customer_id, method).await?;
        return Ok((token, kind, Some(id), None));
    }
    if !super::store::offered(&state.pool)
        .await?
        .contains(&crate::payment_provider::MethodKind::Card)
    {
        return Err(AppError::invalid("method", "payment-kind-not-offered"));
    }
    let tokenised = state
        .payments
        .tokenise(&card)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?;
    Ok((tokenised.token.clone(), "card", None, Some(tokenised)))
}

/// Pays from the eWallet: the wallet taken, the amount reserved on the
/// invoice, the payment written and the wallet debited (refused when the
/// balance is short), all in one transaction; no provider involved.
async fn pay_from_wallet(
    state: &crate::context::AppState,
    customer: &Customer,
    invoice_id: i64,
    invoice: &Payable,
    money: &Money,
    stored_key: &str,
    due: i64,
) -> Result<PaymentDone, AppError> {
    let mut tx = state.pool.begin().await.map_err(StoreError::from)?;
    super::wallet::lock(
        &mut tx,
        customer.scope.commercial_entity_id(),
        invoice.currency,
    )
    .await?;
    let via = Via {
        method: "ewallet",
        state: "succeeded",
        method_id: None,
    };
    let payment_id = match reserve(&mut tx, customer, invoice_id, money, stored_key, via).await? {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            if let Some(answer) = earlier_answer(&state.pool, stored_key, invoice_id).await? {
                return answer;
            }
            return Err(StoreError::from(error).into());
        }
    };
    super::wallet::debit(&mut tx, customer, money, payment_id).await?;
    record_success(
        &mut tx,
        state,
        customer,
        invoice_id,
        &invoice.number,
        money,
        " from the eWallet",
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(PaymentDone {
        payment_id,
        amount: money.minor,
        remaining: due - money.minor,
    })
}

/// What a key already used answers: the first result, whatever this
/// request asks.
async fn earlier_answer(
    pool: &crate::db::Pool,
    stored_key: &str,
    invoice_id: i64,
) -> Result<Option<Result<PaymentDone, AppError>>, AppError> {
    let row: Option<(i64, Option<i64>, i64, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.invoice_id, p.amount, p.state, p.failure, i.amount_total, i.amount_paid \
         FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.idempotency_key = $1",
    )
    .bind(stored_key)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    let Some((payment_id, paid_invoice, amount, payment_state, failure, total, paid)) = row else {
        return Ok(None);
    };
    if paid_invoice != Some(invoice_id) {
        return Err(AppError::BadRequest);
    }
    Ok(Some(match payment_state.as_str() {
        "succeeded" => Ok(PaymentDone {
            payment_id,
            amount,
            remaining: total - paid,
        }),
        "pending" => Err(AppError::invalid("method", "payment-in-progress")),
        _ => Err(AppError::invalid(
            "method",
            match failure.as_deref() {
                Some("payment-insufficient-funds") => "payment-insufficient-funds",
                Some("payment-timed-out") => "payment-timed-out",
                _ => "payment-declined",
            },
        )),
    }))
}

pub async fn pay_invoice(
    customer: &Customer,
    invoice_id: i64,
    input: PayInput,
) -> Result<PaymentDone, AppError> {
    let state = crate::context::app_state()?;
    let pool = &state.pool;
    let key = checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    if let Some(answer) = earlier_answer(pool, &stored_key, invoice_id).await? {
        return answer;
    }
    let invoice = payable(pool, customer, invoice_id).await?;
    let due = invoice.total - invoice.paid;
    let amount =
        crate::domain::totals::parse_decimal(&input.amount, invoice.currency.minor_digits())
            .filter(|amount| *amount > 0)
            .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    if amount > due {
        return Err(AppError::invalid("amount", "pay-more-than-due"));
    }
    if amount < due && amount < minimum_part(invoice.total, minimum_part_percent(pool).await?) {
        return Err(AppError::invalid("amount", "pay-below-minimum"));
    }
    let money = Money::new(amount, invoice.currency);
    if input.method == "wallet" {
        return pay_from_wallet(
            &state,
            customer,
            invoice_id,
            &invoice,
            &money,
            &stored_key,
            due,
        )
        .await;
    }
    // The method: a saved one of this customer, or a new card.
    let card = MethodDetails::Card {
        holder: input.holder,
        number: input.number,
        expiry: input.expiry,
        cvc: input.cvc,
    };
    let (token, kind, method_id, new_card) =
        token_for(&state, customer_id, &input.method, card).await?;

    // Reserve, and write the payment under its key.
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    let via = Via {
        method: kind,
        state: "pending",
        method_id,
    };
    let payment_id = match reserve(&mut tx, customer, invoice_id, &money, &stored_key, via).await? {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            // The same key, a moment earlier, in another request.
            if let Some(answer) = earlier_answer(pool, &stored_key, invoice_id).await? {
                return answer;
            }
            return Err(StoreError::from(error).into());
        }
    };
    tx.commit().await.map_err(StoreError::from)?;

    let charged = state.payments.charge(&token, &money, &stored_key).await;
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    match charged {
        Ok(receipt) => {
            let mut saved_method = method_id;
            if let (Some(card), Some(_)) = (&new_card, &input.save) {
                saved_method = Some(
                    super::store::insert_method(&mut tx, customer, card, state.payments.name())
                        .await?,
                );
            }
            sqlx::query(
                "UPDATE payments SET state = 'succeeded', provider_reference = $1, payment_method_id = $2 \
                 WHERE id = $3 AND state = 'pending'",
            )
            .bind(&receipt.reference)
            .bind(saved_method)
            .bind(payment_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            record_success(
                &mut tx,
                &state,
                customer,
                invoice_id,
                &invoice.number,
                &money,
                "",
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(PaymentDone {
                payment_id,
                amount,
                remaining: due - amount,
            })
        }
        Err(refusal) => {
            let reason = refusal.message_id();
            sqlx::query("UPDATE payments SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'pending'")
                .bind(reason)
                .bind(payment_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            sqlx::query(
                "UPDATE invoices SET amount_paid = amount_paid - $1, \
                   payment_state = CASE WHEN amount_paid - $1 <= 0 THEN 'not_paid' ELSE 'partial' END, updated_at = $2 \
                 WHERE id = $3",
            )
            .bind(amount)
            .bind(now())
            .bind(invoice_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            tx.commit().await.map_err(StoreError::from)?;
            Err(refusal.into_app_error("method"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_part_is_a_share_of_the_total_rounded_up() {
        assert_eq!(minimum_part(10_000, 10), 1_000);
        assert_eq!(minimum_part(10_001, 10), 1_001);
        assert_eq!(minimum_part(5, 10), 1);
        assert_eq!(minimum_part(10_000, 0), 1);
    }
}
