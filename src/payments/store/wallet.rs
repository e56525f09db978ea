//! The eWallet's ledger (`wallet_entries`, append-only), the `wallets` row
//! each write takes first, and top-ups written pending under their key.

use super::{charge_state, currency, settle, Charge, Outcome};
use crate::{
    db::{now, Pool, StoreResult},
    domain::{
        states::{ChargeState, StateMachine},
        Currency, Money,
    },
};
use sqlx::AnyConnection;

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

/// An entry of the ledger: what moved and why.
pub struct Entry<'a> {
    pub customer_id: i64,
    /// Negative for a payment.
    pub amount: i64,
    pub currency: Currency,
    /// "top_up", "payment" or "refund".
    pub kind: &'static str,
    pub payment_id: Option<i64>,
    /// A top-up's key and the provider's reference for it.
    pub top_up: Option<(&'a str, &'a str)>,
    pub created_by: Option<i64>,
}

/// Appends an entry, in the caller's transaction (after `lock`).
pub async fn append(tx: &mut AnyConnection, entry: Entry<'_>) -> StoreResult<()> {
    let (key, reference) = entry.top_up.unzip();
    sqlx::query(
        "INSERT INTO wallet_entries (customer_id, currency, amount, kind, payment_id, idempotency_key, provider_reference, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.customer_id)
    .bind(entry.currency.code())
    .bind(entry.amount)
    .bind(entry.kind)
    .bind(entry.payment_id)
    .bind(key)
    .bind(reference)
    .bind(entry.created_by)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// One line of a customer's history, with the balance after it.
pub struct HistoryLine {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub amount: Money,
    pub balance: Money,
    pub invoice: Option<(i64, String)>,
}

/// The customer's last 200 entries, newest first.
pub async fn history(pool: &Pool, customer_id: i64) -> StoreResult<Vec<HistoryLine>> {
    let rows: Vec<(i64, i64, String, i64, String, i64, Option<i64>, Option<String>)> =
        sqlx::query_as(
            "SELECT e.id, e.created_at, e.kind, e.amount, e.currency, \
                    CAST(SUM(e.amount) OVER (PARTITION BY e.currency ORDER BY e.id) AS BIGINT), i.id, i.number \
             FROM wallet_entries e LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN invoices i ON i.id = p.invoice_id \
             WHERE e.customer_id = $1 ORDER BY e.id DESC LIMIT 200",
        )
        .bind(customer_id)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(
            |(id, at, kind, amount, code, running, invoice_id, number)| {
                let currency = currency(&code)?;
                Ok(HistoryLine {
                    id,
                    at,
                    kind,
                    amount: Money::new(amount, currency),
                    balance: Money::new(running, currency),
                    invoice: invoice_id.zip(number),
                })
            },
        )
        .collect()
}

/// A top-up to write pending under its key.
pub struct NewTopUp<'a> {
    pub customer_id: i64,
    pub money: Money,
    pub stored_key: &'a str,
    /// What the request under that key asked (`payments::idempotency`).
    pub fingerprint: &'a str,
    pub token: &'a str,
    pub created_by: i64,
}

/// Why a top-up was not written.
#[derive(Debug)]
pub enum TopUpNotWritten {
    /// More than the most one top-up may add (`portal_settings.top_up_most`).
    OverMost,
    /// With the customer's top-ups of the last 24 hours, more than
    /// `portal_settings.top_up_daily_most`.
    OverDailyMost,
    /// The key was used a moment earlier, by another request.
    KeyUsed,
    Failed(crate::db::StoreError),
}

impl From<sqlx::Error> for TopUpNotWritten {
    fn from(error: sqlx::Error) -> Self {
        Self::Failed(error.into())
    }
}

impl From<crate::db::StoreError> for TopUpNotWritten {
    fn from(error: crate::db::StoreError) -> Self {
        Self::Failed(error)
    }
}

/// The most one top-up may add and the most one customer may add in 24
/// hours, in minor units of the top-up's currency.
pub async fn top_up_limits(pool: &Pool) -> StoreResult<(i64, i64)> {
    Ok(
        sqlx::query_as("SELECT top_up_most, top_up_daily_most FROM portal_settings WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}

/// How long the daily maximum looks back: a rolling 24 hours, the same
/// for every customer wherever they are, with no midnight to wait for.
const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Writes the top-up within the limits, in one transaction that first
/// takes the customer's wallet (`lock`): parallel top-ups of one customer
/// are counted one after the other, so together they can't pass the daily
/// maximum. Pending top-ups count (they may yet succeed); failed ones don't.
pub async fn insert_top_up(pool: &Pool, new: NewTopUp<'_>) -> Result<i64, TopUpNotWritten> {
    let mut tx = crate::db::begin(pool).await?;
    lock(&mut tx, new.customer_id, new.money.currency).await?;
    let used: Option<i64> =
        sqlx::query_scalar("SELECT id FROM wallet_top_ups WHERE idempotency_key = $1")
            .bind(new.stored_key)
            .fetch_optional(&mut *tx)
            .await?;
    if used.is_some() {
        return Err(TopUpNotWritten::KeyUsed);
    }
    let (most, daily_most): (i64, i64) =
        sqlx::query_as("SELECT top_up_most, top_up_daily_most FROM portal_settings WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
    if new.money.minor > most {
        return Err(TopUpNotWritten::OverMost);
    }
    let at = now();
    let recent: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM wallet_top_ups \
         WHERE customer_id = $1 AND currency = $2 AND created_at > $3 AND state <> $4",
    )
    .bind(new.customer_id)
    .bind(new.money.currency.code())
    .bind(at - DAY_SECONDS)
    .bind(ChargeState::Failed.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if recent + new.money.minor > daily_most {
        return Err(TopUpNotWritten::OverDailyMost);
    }
    let id = sqlx::query_scalar(
        "INSERT INTO wallet_top_ups (customer_id, currency, amount, idempotency_key, charge_token, state, created_by, created_at, \
                                     request_fingerprint) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.customer_id)
    .bind(new.money.currency.code())
    .bind(new.money.minor)
    .bind(new.stored_key)
    .bind(new.token)
    .bind(ChargeState::Pending.as_str())
    .bind(new.created_by)
    .bind(at)
    .bind(new.fingerprint)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A top-up as its key finds it.
pub struct KeyedTopUp {
    pub currency: Currency,
    pub state: ChargeState,
    pub failure: Option<String>,
    /// What the request under the key asked; none on rows from before
    /// it was kept.
    pub fingerprint: Option<String>,
}

pub async fn top_up_by_key(pool: &Pool, stored_key: &str) -> StoreResult<Option<KeyedTopUp>> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT currency, state, failure, request_fingerprint FROM wallet_top_ups WHERE idempotency_key = $1",
    )
    .bind(stored_key)
    .fetch_optional(pool)
    .await?;
    row.map(|(code, state, failure, fingerprint)| {
        Ok(KeyedTopUp {
            currency: currency(&code)?,
            state: charge_state(&state)?,
            failure,
            fingerprint,
        })
    })
    .transpose()
}

/// The state of top-up `id` and why it failed, when it is `customer_id`'s.
pub async fn top_up_state(
    pool: &Pool,
    id: i64,
    customer_id: i64,
) -> StoreResult<Option<(ChargeState, Option<String>)>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT state, failure FROM wallet_top_ups WHERE id = $1 AND customer_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    row.map(|(state, failure)| Ok((charge_state(&state)?, failure)))
        .transpose()
}

/// Settles a pending top-up; answers whether this call settled it.
pub async fn settle_top_up(
    conn: &mut AnyConnection,
    id: i64,
    outcome: Outcome<'_>,
) -> StoreResult<bool> {
    settle(conn, Charge::TopUp, id, outcome).await
}

/// A top-up written pending, to charge and settle (now, after the
/// customer's bank answered, or at start-up after a stop).
pub struct PendingTopUp {
    pub id: i64,
    pub customer_id: i64,
    pub money: Money,
    pub token: String,
    pub stored_key: String,
    pub added_by: Option<i64>,
    /// The provider's reference, once it gave one.
    pub reference: Option<String>,
    /// The new card it is charged to is kept once it succeeds.
    pub keep_method: bool,
    /// When it was written (Unix seconds).
    pub created_at: i64,
}

/// Every pending top-up, or the one `only`.
pub async fn pending_top_ups(pool: &Pool, only: Option<i64>) -> StoreResult<Vec<PendingTopUp>> {
    type Row = (
        i64,
        i64,
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        i32,
        i64,
    );
    let mut query = crate::db::SqlBuilder::new(
        "SELECT id, customer_id, amount, currency, charge_token, idempotency_key, created_by, \
                provider_reference, keep_method, created_at \
         FROM wallet_top_ups WHERE state = ",
    );
    query.push_bind(ChargeState::Pending.as_str());
    if let Some(id) = only {
        query.push(" AND id = ").push_bind(id);
    }
    query.push(" ORDER BY id");
    let rows: Vec<Row> = query.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(
            |(
                id,
                customer_id,
                amount,
                code,
                token,
                stored_key,
                added_by,
                reference,
                keep,
                created_at,
            )| {
                Ok(PendingTopUp {
                    id,
                    customer_id,
                    money: Money::new(amount, currency(&code)?),
                    token,
                    stored_key,
                    added_by,
                    reference,
                    keep_method: keep != 0,
                    created_at,
                })
            },
        )
        .collect()
}
