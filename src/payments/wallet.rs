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

/// Adds funds through a payment method, once per form key: the top-up is
/// written `pending` under its key with the token it is charged to, the
/// provider charges under the same key (a retried charge is the same
/// charge), then the credit is written (or the top-up marked failed). A
/// stop in between is finished at start-up (`recovery`).
pub async fn top_up(customer: &Customer, input: TopUpInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    let pool = &state.pool;
    let key = super::paying::checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    if let Some(answer) = earlier_top_up(pool, &stored_key).await? {
        return answer;
    }
    let currency = Currency::parse(&input.currency)
        .ok_or_else(|| AppError::invalid("currency", "error-choice"))?;
    let amount = crate::domain::totals::parse_decimal(&input.amount, currency.minor_digits())
        .filter(|amount| (1..=MOST_PER_TOP_UP).contains(amount))
        .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    let card = MethodDetails::Card {
        holder: input.holder,
        number: input.number,
        expiry: input.expiry,
        cvc: input.cvc,
    };
    let (token, _, _, new_card) =
        super::paying::token_for(&state, customer_id, &input.method, card).await?;
    let written: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO wallet_top_ups (customer_id, currency, amount, idempotency_key, charge_token, state, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING id",
    )
    .bind(customer_id)
    .bind(currency.code())
    .bind(amount)
    .bind(&stored_key)
    .bind(&token)
    .bind(customer.user.user_id)
    .bind(now())
    .fetch_one(pool)
    .await;
    let id = match written {
        Ok(id) => id,
        // The same form, a moment earlier, in another request.
        Err(error) => {
            return earlier_top_up(pool, &stored_key)
                .await?
                .unwrap_or_else(|| Err(StoreError::from(error).into()))
        }
    };
    let pending = PendingTopUp {
        id,
        customer_id,
        money: Money::new(amount, currency),
        token,
        stored_key,
        added_by: Some(customer.user.user_id),
    };
    let save = match (&new_card, &input.save) {
        (Some(card), Some(_)) => Some((customer, card)),
        _ => None,
    };
    settle_top_up(&state, &pending, save)
        .await?
        .map_err(|refusal| refusal.into_app_error("method"))
}

/// What a top-up key already used answers.
async fn earlier_top_up(
    pool: &crate::db::Pool,
    stored_key: &str,
) -> Result<Option<Result<(), AppError>>, AppError> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT state, failure FROM wallet_top_ups WHERE idempotency_key = $1")
            .bind(stored_key)
            .fetch_optional(pool)
            .await
            .map_err(StoreError::from)?;
    Ok(row.map(|(state, failure)| match state.as_str() {
        "succeeded" => Ok(()),
        state => Err(super::paying::unsuccessful_answer(
            state,
            failure.as_deref(),
        )),
    }))
}

/// A top-up written `pending`, to charge and settle.
pub(super) struct PendingTopUp {
    pub id: i64,
    pub customer_id: i64,
    pub money: Money,
    pub token: String,
    pub stored_key: String,
    pub added_by: Option<i64>,
}

/// Charges a pending top-up under its key and settles it: the credit
/// written (and `save` run) in the transaction that marks it succeeded, or
/// marked failed. Answers the provider's answer.
pub(super) async fn settle_top_up(
    state: &crate::context::AppState,
    pending: &PendingTopUp,
    save: Option<(&Customer, &crate::payment_provider::Tokenised)>,
) -> Result<Result<(), crate::payment_provider::Refusal>, AppError> {
    let charged = state
        .payments
        .charge(&pending.token, &pending.money, &pending.stored_key)
        .await;
    let mut tx = crate::db::begin(&state.pool)
        .await
        .map_err(StoreError::from)?;
    let answer = match charged {
        Ok(receipt) => {
            let settled = sqlx::query(
                "UPDATE wallet_top_ups SET state = 'succeeded', provider_reference = $1 WHERE id = $2 AND state = 'pending'",
            )
            .bind(&receipt.reference)
            .bind(pending.id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            if settled.rows_affected() > 0 {
                lock(&mut tx, pending.customer_id, pending.money.currency).await?;
                sqlx::query(
                    "INSERT INTO wallet_entries (customer_id, currency, amount, kind, idempotency_key, provider_reference, created_by, created_at) \
                     VALUES ($1, $2, $3, 'top_up', $4, $5, $6, $7)",
                )
                .bind(pending.customer_id)
                .bind(pending.money.currency.code())
                .bind(pending.money.minor)
                .bind(&pending.stored_key)
                .bind(&receipt.reference)
                .bind(pending.added_by)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
                if let Some((customer, card)) = save {
                    super::store::insert_method(&mut tx, customer, card, state.payments.name())
                        .await?;
                }
            }
            Ok(())
        }
        Err(refusal) => {
            sqlx::query(
                "UPDATE wallet_top_ups SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'pending'",
            )
            .bind(refusal.message_id())
            .bind(pending.id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
            Err(refusal)
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(answer)
}
