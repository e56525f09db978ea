//! Saved payment methods: every statement filters by the customer's scope,
//! so another company's method answers like a missing one (404).

use super::api::{NewMethodInput, SavedMethod};
use crate::{
    access::CustomerScope,
    context::Customer,
    db::{now, Pool, StoreError, StoreResult},
    error::AppError,
    payment_provider::{MethodDetails, MethodKind, Tokenised},
};
use chrono::NaiveDate;
use sqlx::Row;

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
    let rows = sqlx::query(
        "SELECT m.id, m.kind, m.brand, m.last4, m.exp_month, m.exp_year, m.holder, m.is_default, \
                (SELECT s.reference FROM subscriptions s WHERE s.payment_method_id = m.id AND s.state IN ('active', 'paused') ORDER BY s.id LIMIT 1) \
         FROM payment_methods m WHERE m.customer_id = $1 AND m.removed_at IS NULL \
         ORDER BY m.is_default DESC, m.id DESC",
    )
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

/// Checks and tokenises through the provider, then stores the token and
/// what is safe to show, in one transaction with the default's move.
pub async fn add(customer: &Customer, input: NewMethodInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    let kind = MethodKind::parse(&input.kind)
        .ok_or_else(|| AppError::invalid("kind", "payment-kind-not-offered"))?;
    if !offered(&state.pool).await?.contains(&kind) {
        return Err(AppError::invalid("kind", "payment-kind-not-offered"));
    }
    let make_default = input.make_default.is_some();
    let details = match kind {
        MethodKind::Card => MethodDetails::Card {
            holder: input.holder,
            number: input.number,
            expiry: input.expiry,
            cvc: input.cvc,
        },
        MethodKind::SepaDebit => MethodDetails::SepaDebit {
            holder: input.holder,
            iban: input.iban,
        },
    };
    let saved = state
        .payments
        .tokenise(&details)
        .await
        .map_err(|refusal| refusal.into_app_error("number"))?;
    drop(details);
    let mut tx = crate::db::begin(&state.pool)
        .await
        .map_err(StoreError::from)?;
    let id = insert_method(&mut tx, customer, &saved, state.payments.name()).await?;
    if make_default {
        set_default(&mut tx, customer.scope.commercial_entity_id(), id).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Stores a tokenised method for the customer, in the caller's
/// transaction; the company's first live method becomes its default.
pub async fn insert_method(
    tx: &mut sqlx::AnyConnection,
    customer: &Customer,
    saved: &Tokenised,
    provider: &str,
) -> StoreResult<i64> {
    let customer_id = customer.scope.commercial_entity_id();
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE customer_id = $1 AND removed_at IS NULL",
    )
    .bind(customer_id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(sqlx::query_scalar(
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
    .bind(customer.user.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?)
}

/// Makes `id` the customer's one default, in the caller's transaction.
async fn set_default(tx: &mut sqlx::AnyConnection, customer_id: i64, id: i64) -> StoreResult<()> {
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

/// The live method `id` of this customer, and whether it is the default;
/// 404 for anyone else's.
async fn live_method(
    tx: &mut sqlx::AnyConnection,
    scope: CustomerScope,
    id: i64,
) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT is_default FROM payment_methods WHERE id = $1 AND customer_id = $2 AND removed_at IS NULL",
    )
    .bind(id)
    .bind(scope.commercial_entity_id())
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    found.map(|d| d == 1).ok_or(AppError::NotFound)
}

/// Removes a method (its row stays for the payments that name it),
/// unless it renews an active subscription; the newest remaining method
/// becomes the default if this one was.
pub async fn remove(pool: &Pool, scope: CustomerScope, id: i64) -> Result<(), AppError> {
    let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
    let was_default = live_method(&mut tx, scope, id).await?;
    let renews: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions WHERE payment_method_id = $1 AND state IN ('active', 'paused')",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if renews > 0 {
        return Err(AppError::invalid("id", "payment-method-renews"));
    }
    sqlx::query("UPDATE payment_methods SET removed_at = $1, is_default = 0 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    if was_default {
        sqlx::query(
            "UPDATE payment_methods SET is_default = 1 WHERE id = \
               (SELECT MAX(id) FROM payment_methods WHERE customer_id = $1 AND removed_at IS NULL)",
        )
        .bind(scope.commercial_entity_id())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

pub async fn make_default(pool: &Pool, scope: CustomerScope, id: i64) -> Result<(), AppError> {
    let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
    live_method(&mut tx, scope, id).await?;
    set_default(&mut tx, scope.commercial_entity_id(), id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
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
