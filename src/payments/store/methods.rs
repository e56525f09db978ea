//! Saved payment methods: every statement that reads or changes one method
//! filters by the customer, so another company's method answers like a
//! missing one.

use crate::payments::api::SavedMethod;
use crate::{
    access::CustomerScope,
    db::{guard::guard_sql, now, Pool, StoreResult},
    domain::states::{SubscriptionAction, SubscriptionState},
    payment_provider::{MethodKind, Tokenised},
};
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

/// A card expiring within this many days is marked.
const EXPIRES_SOON_DAYS: i64 = 60;

/// The kinds of method the company offers (administrators' settings).
pub async fn offered(pool: &Pool) -> StoreResult<Vec<MethodKind>> {
    let (cards, sepa): (i64, i64) =
        sqlx::query_as("SELECT offers_cards, offers_sepa_debit FROM portal_settings WHERE id = 1")
            .fetch_one(pool)
            .await?;
    Ok([(cards, MethodKind::Card), (sepa, MethodKind::SepaDebit)]
        .into_iter()
        .filter(|(on, _)| *on == 1)
        .map(|(_, kind)| kind)
        .collect())
}

/// A subscription a method still renews: one whose renewal the customer
/// may change (active or paused), as the subscription machine says.
fn renewing(state_column: &str) -> String {
    guard_sql::<SubscriptionState>(SubscriptionAction::ChangeRenewal, state_column, |fact| {
        match fact {}
    })
}

/// The first day after a card's last valid day.
fn end_of(expiry: (u32, i32)) -> Option<NaiveDate> {
    let (month, year) = expiry;
    let (next_month, next_year) = if month == 12 {
        (1, year + 1)
    } else {
        (month + 1, year)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
}

pub async fn methods(
    pool: &Pool,
    scope: CustomerScope,
    today: NaiveDate,
) -> StoreResult<Vec<SavedMethod>> {
    let rows = sqlx::query(&format!(
        "SELECT m.id, m.kind, m.brand, m.last4, m.exp_month, m.exp_year, m.holder, m.is_default, \
                (SELECT s.reference FROM subscriptions s WHERE s.payment_method_id = m.id AND {} ORDER BY s.id LIMIT 1) \
         FROM payment_methods m WHERE m.customer_id = $1 AND m.removed_at IS NULL \
         ORDER BY m.is_default DESC, m.id DESC",
        renewing("s.state")
    ))
    .bind(scope.commercial_entity_id())
    .fetch_all(pool)
    .await?;
    let mut methods = Vec::with_capacity(rows.len());
    for row in rows {
        let month: Option<i64> = row.try_get(4)?;
        let year: Option<i64> = row.try_get(5)?;
        let expiry = month
            .zip(year)
            .and_then(|(m, y)| Some((u32::try_from(m).ok()?, i32::try_from(y).ok()?)));
        let ends = expiry.and_then(end_of);
        let renews: Option<String> = row.try_get(8)?;
        methods.push(SavedMethod {
            id: row.try_get(0)?,
            kind: row.try_get(1)?,
            brand: row.try_get(2)?,
            last4: row.try_get(3)?,
            expiry,
            holder: row.try_get(6)?,
            is_default: row.try_get::<i64, _>(7)? == 1,
            expired: ends.is_some_and(|end| end <= today),
            expires_soon: ends.is_some_and(|end| (end - today).num_days() <= EXPIRES_SOON_DAYS),
            renews: renews.into_iter().collect(),
        });
    }
    Ok(methods)
}

/// Live methods one customer may keep.
pub const MAX_METHODS: i64 = 20;

/// Stores a tokenised method for the customer, in the caller's
/// transaction; the company's first live method becomes its default.
/// `None`, with nothing written, when the customer keeps
/// [`MAX_METHODS`] already: counted and added while the transaction
/// holds the customer, so parallel requests cannot pass the limit.
pub async fn insert_method(
    tx: &mut AnyConnection,
    (customer_id, added_by): (i64, Option<i64>),
    saved: &Tokenised,
    provider: &str,
) -> StoreResult<Option<i64>> {
    crate::contacts::store::take_customer(&mut *tx, customer_id).await?;
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE customer_id = $1 AND removed_at IS NULL",
    )
    .bind(customer_id)
    .fetch_one(&mut *tx)
    .await?;
    if live >= MAX_METHODS {
        return Ok(None);
    }
    Ok(Some(sqlx::query_scalar(
        "INSERT INTO payment_methods (customer_id, kind, brand, last4, exp_month, exp_year, holder, provider, token, is_default, added_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(customer_id)
    .bind(saved.kind.as_str())
    .bind(&saved.brand)
    .bind(&saved.last4)
    .bind(saved.expiry.map(|(month, _)| i64::from(month)))
    .bind(saved.expiry.map(|(_, year)| i64::from(year)))
    .bind(&saved.holder)
    .bind(provider)
    .bind(&saved.token)
    .bind(i64::from(live == 0))
    .bind(added_by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?))
}

/// Makes `id` the customer's one default, in the caller's transaction.
pub async fn set_default(tx: &mut AnyConnection, customer_id: i64, id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE payment_methods SET is_default = 0 WHERE customer_id = $1 AND is_default = 1",
    )
    .bind(customer_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE payment_methods SET is_default = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Whether the live method `id` of this customer is the default; `None`
/// for anyone else's (or a removed one).
pub async fn live_is_default(
    tx: &mut AnyConnection,
    scope: CustomerScope,
    id: i64,
) -> StoreResult<Option<bool>> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT is_default FROM payment_methods WHERE id = $1 AND customer_id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(scope.commercial_entity_id())
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.map(|d| d == 1))
}

/// Whether the method renews a subscription that still runs.
pub async fn renews_a_subscription(tx: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let renews: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM subscriptions WHERE payment_method_id = $1 AND {}",
        renewing("state")
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(renews > 0)
}

/// Marks the method removed (its row stays for the payments that name it).
pub async fn mark_removed(tx: &mut AnyConnection, id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE payment_methods SET removed_at = $1, is_default = 0 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Makes the customer's newest live method the default.
pub async fn default_to_newest(tx: &mut AnyConnection, customer_id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE payment_methods SET is_default = 1 WHERE id = \
           (SELECT MAX(id) FROM payment_methods WHERE customer_id = $1 AND removed_at IS NULL)",
    )
    .bind(customer_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The token and kind of the customer's live method `id`.
pub async fn token_of(
    pool: &Pool,
    customer_id: i64,
    id: i64,
) -> StoreResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT token, kind FROM payment_methods WHERE id = $1 AND customer_id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_lasts_to_the_end_of_its_month() {
        assert_eq!(end_of((12, 2029)), NaiveDate::from_ymd_opt(2030, 1, 1));
        assert_eq!(end_of((2, 2027)), NaiveDate::from_ymd_opt(2027, 3, 1));
    }
}
