//! The payments' SQL, by subject: saved methods, payments, the eWallet,
//! refunds, the back office's ledger and subscriptions' renewal. Every
//! function takes the pool or the caller's connection, so a multi-row
//! event stays in the caller's one transaction. Charge states are parsed
//! here: above this module they are [`ChargeState`], never text.

pub mod ledger;
pub mod methods;
pub mod payments;
pub mod provider_customers;
pub mod refunds;
pub mod subscriptions;
pub mod wallet;

use crate::{
    db::{guard::guard_sql, Pool, SqlBuilder, StoreError, StoreResult},
    domain::{
        states::{ChargeAction, ChargeState, Facts, StateMachine},
        Currency,
    },
};
use sqlx::AnyConnection;

/// A transaction on the pool (`BEGIN IMMEDIATE` on SQLite).
pub async fn begin(pool: &Pool) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
    Ok(crate::db::begin(pool).await?)
}

/// A connection of the pool, for reads outside a transaction.
pub async fn acquire(pool: &Pool) -> StoreResult<sqlx::pool::PoolConnection<sqlx::Any>> {
    Ok(pool.acquire().await?)
}

pub async fn commit(tx: sqlx::Transaction<'static, sqlx::Any>) -> StoreResult<()> {
    Ok(tx.commit().await?)
}

/// A stored currency code.
pub(crate) fn currency(code: &str) -> StoreResult<Currency> {
    Currency::parse(code).ok_or_else(|| StoreError::Corrupt(format!("currency {code}")))
}

/// A stored charge state (a payment's, a top-up's or a refund's).
pub(crate) fn charge_state(text: &str) -> StoreResult<ChargeState> {
    ChargeState::parse(text).ok_or_else(|| StoreError::Corrupt(format!("charge state {text}")))
}

/// The three kinds of charge that are written pending and settled once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    Payment,
    TopUp,
    Refund,
}

impl Charge {
    fn table(self) -> &'static str {
        match self {
            Self::Payment => "payments",
            Self::TopUp => "wallet_top_ups",
            Self::Refund => "refunds",
        }
    }
}

/// What the provider answered for a pending charge.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// Its reference for the money moved.
    Succeeded(&'a str),
    /// The message id of why not.
    Failed(&'a str),
}

/// Moves a pending charge where `outcome` leads (the charge machine's
/// `Succeed` or `Fail`), with the provider's reference or the failure, in
/// the caller's transaction. Answers whether this call moved it: a charge
/// settled already (by a parallel request, or start-up) is left alone.
pub async fn settle(
    conn: &mut AnyConnection,
    charge: Charge,
    id: i64,
    outcome: Outcome<'_>,
) -> StoreResult<bool> {
    let (action, column, said) = match outcome {
        Outcome::Succeeded(reference) => (ChargeAction::Succeed, "provider_reference", reference),
        Outcome::Failed(failure) => (ChargeAction::Fail, "failure", failure),
    };
    let Some(next) = ChargeState::Pending.next(action, Facts::none()) else {
        return Ok(false);
    };
    let mut query = SqlBuilder::new(format!("UPDATE {} SET state = ", charge.table()));
    query.push_bind(next.as_str());
    query
        .push(format!(", {column} = "))
        .push_bind(said.to_owned());
    query.push(" WHERE id = ").push_bind(id);
    query.push(" AND ");
    query.push(guard_sql::<ChargeState>(
        action,
        "state",
        |fact| match fact {},
    ));
    Ok(query.build().execute(&mut *conn).await?.rows_affected() > 0)
}

/// Notes the provider's reference of a charge still pending (it waits for
/// the customer's bank, or for the money to arrive), and whether the new
/// card it is charged to is kept once it succeeds.
pub async fn note_reference(
    conn: &mut AnyConnection,
    charge: Charge,
    id: i64,
    reference: &str,
    keep_method: bool,
) -> StoreResult<()> {
    sqlx::query(&format!(
        "UPDATE {} SET provider_reference = $1, keep_method = $2 WHERE id = $3 AND state = $4",
        charge.table()
    ))
    .bind(reference.to_owned())
    .bind(i32::from(keep_method))
    .bind(id)
    .bind(ChargeState::Pending.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The payment or top-up the provider's `reference` is for; a webhook
/// names charges by it.
pub async fn by_reference(pool: &Pool, reference: &str) -> StoreResult<Option<(Charge, i64)>> {
    for charge in [Charge::Payment, Charge::TopUp] {
        let found: Option<(i64,)> = sqlx::query_as(&format!(
            "SELECT id FROM {} WHERE provider_reference = $1",
            charge.table()
        ))
        .bind(reference)
        .fetch_optional(pool)
        .await?;
        if let Some((id,)) = found {
            return Ok(Some((charge, id)));
        }
    }
    Ok(None)
}
