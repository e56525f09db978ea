//! The eWallet: an append-only ledger per customer and currency. The
//! balance is the sum of the entries; every write first touches the
//! customer's `wallets` row in its transaction, so that writes queue
//! behind one another and a debit reads the balance after the last of
//! them: the balance never goes below zero.

use super::api::{TopUpInput, WalletLine, WalletView};
use crate::{
    context::Customer,
    db::{now, StoreError, StoreResult},
    domain::{Currency, Money},
    error::AppError,
    payment_provider::{MethodDetails, MethodKind},
};
use sqlx::{AnyConnection, Row};

/// The largest single top-up, in minor units.
const MOST_PER_TOP_UP: i64 = 100_000_000;

/// Takes the customer's wallet for this transaction.
pub async fn lock(tx: &mut AnyConnection, customer_id: i64, currency: Currency) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO wallets (customer_id, currency, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (customer_id, currency) DO UPDATE SET updated_at = $3",
    )
    .bind(customer_id)
    .bind(currency.code())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn balance(
    conn: &mut AnyConnection,
    customer_id: i64,
    currency: Currency,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM wallet_entries WHERE customer_id = $1 AND currency = $2",
    )
    .bind(customer_id)
    .bind(currency.code())
    .fetch_one(&mut *conn)
    .await?)
}

/// Debits `amount` for a payment, in the caller's transaction (after
/// `lock`); refused when the balance is short.
pub async fn debit(
    tx: &mut AnyConnection,
    customer: &Customer,
    money: &Money,
    payment_id: i64,
) -> Result<(), AppError> {
    let customer_id = customer.scope.commercial_entity_id();
    if balance(tx, customer_id, money.currency).await? < money.minor {
        return Err(AppError::invalid("method", "wallet-insufficient"));
    }
    sqlx::query(
        "INSERT INTO wallet_entries (customer_id, currency, amount, kind, payment_id, created_by, created_at) \
         VALUES ($1, $2, $3, 'payment', $4, $5, $6)",
    )
    .bind(customer_id)
    .bind(money.currency.code())
    .bind(-money.minor)
    .bind(payment_id)
    .bind(customer.user.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    Ok(())
}

/// Credits a refund of `payment_id` to the customer's eWallet, in the
/// caller's transaction.
pub async fn credit_refund(
    tx: &mut AnyConnection,
    customer_id: i64,
    money: &Money,
    payment_id: i64,
    staff_id: i64,
) -> StoreResult<()> {
    lock(tx, customer_id, money.currency).await?;
    sqlx::query(
        "INSERT INTO wallet_entries (customer_id, currency, amount, kind, payment_id, created_by, created_at) \
         VALUES ($1, $2, $3, 'refund', $4, $5, $6)",
    )
    .bind(customer_id)
    .bind(money.currency.code())
    .bind(money.minor)
    .bind(payment_id)
    .bind(staff_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A form's key: new with each form drawn (after every answer too), so a
/// double click, a retry or a replay of one form acts once.
pub fn form_key() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

pub async fn view(customer: &Customer) -> Result<WalletView, AppError> {
    let state = crate::context::app_state()?;
    let customer_id = customer.scope.commercial_entity_id();
    let rows = sqlx::query(
        "SELECT e.id, e.created_at, e.kind, e.amount, e.currency, \
                CAST(SUM(e.amount) OVER (PARTITION BY e.currency ORDER BY e.id) AS BIGINT), i.id, i.number \
         FROM wallet_entries e LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN invoices i ON i.id = p.invoice_id \
         WHERE e.customer_id = $1 ORDER BY e.id DESC LIMIT 200",
    )
    .bind(customer_id)
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let mut lines = Vec::with_capacity(rows.len());
    let mut balances: Vec<Money> = Vec::new();
    for row in rows {
        let currency = crate::documents::store::currency(
            &row.try_get::<String, _>(4).map_err(StoreError::from)?,
        )?;
        let running: i64 = row.try_get(5).map_err(StoreError::from)?;
        if !balances.iter().any(|m| m.currency == currency) {
            balances.push(Money::new(running, currency));
        }
        let invoice_id: Option<i64> = row.try_get(6).map_err(StoreError::from)?;
        let number: Option<String> = row.try_get(7).map_err(StoreError::from)?;
        lines.push(WalletLine {
            id: row.try_get(0).map_err(StoreError::from)?,
            at: row.try_get(1).map_err(StoreError::from)?,
            kind: row.try_get(2).map_err(StoreError::from)?,
            amount: Money::new(row.try_get(3).map_err(StoreError::from)?, currency),
            balance: Money::new(running, currency),
            invoice: invoice_id.zip(number),
        });
    }
    let today = chrono::Utc::now().date_naive();
    let offered = super::store::offered(&state.pool).await?;
    Ok(WalletView {
        balances,
        lines,
        key: form_key(),
        methods: super::store::methods(&state.pool, customer.scope, today).await?,
        offers_cards: offered.contains(&MethodKind::Card),
        test_mode: state.payments.name() == "demo",
    })
}

/// Adds funds through a payment method, once per form key: the provider
/// charges with the key (a retried charge is the same charge), then the
/// credit is written under the same key.
pub async fn top_up(customer: &Customer, input: TopUpInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    let pool = &state.pool;
    let key = super::paying::checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    let done: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM wallet_entries WHERE idempotency_key = $1")
            .bind(&stored_key)
            .fetch_one(pool)
            .await
            .map_err(StoreError::from)?;
    if done > 0 {
        return Ok(());
    }
    let currency = Currency::parse(&input.currency)
        .ok_or_else(|| AppError::invalid("currency", "error-choice"))?;
    let amount = crate::domain::totals::parse_decimal(&input.amount, currency.minor_digits())
        .filter(|amount| (1..=MOST_PER_TOP_UP).contains(amount))
        .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    let money = Money::new(amount, currency);
    let card = MethodDetails::Card {
        holder: input.holder,
        number: input.number,
        expiry: input.expiry,
        cvc: input.cvc,
    };
    let (token, _, _, new_card) =
        super::paying::token_for(&state, customer_id, &input.method, card).await?;
    let receipt = state
        .payments
        .charge(&token, &money, &stored_key)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?;
    let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
    lock(&mut tx, customer_id, currency).await?;
    let credited = sqlx::query(
        "INSERT INTO wallet_entries (customer_id, currency, amount, kind, idempotency_key, provider_reference, created_by, created_at) \
         VALUES ($1, $2, $3, 'top_up', $4, $5, $6, $7)",
    )
    .bind(customer_id)
    .bind(currency.code())
    .bind(amount)
    .bind(&stored_key)
    .bind(&receipt.reference)
    .bind(customer.user.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await;
    if credited.is_err() {
        // The same key, a moment earlier: that credit stands, and the
        // provider charged once for both.
        return Ok(());
    }
    if let (Some(card), Some(_)) = (&new_card, &input.save) {
        super::store::insert_method(&mut tx, customer, card, state.payments.name()).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
