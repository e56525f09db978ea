//! The customer's billing and delivery addresses, always within its scope:
//! another customer's address is `NotFound`, exactly like a missing one.

use super::api::{Address, AddressDraft, AddressInput};
use crate::{
    access::CustomerScope,
    db::{now, Pool, StoreError, StoreResult},
};
use sqlx::{any::AnyArguments, query::Query, Any, Row};

pub async fn addresses(pool: &Pool, scope: CustomerScope) -> StoreResult<Vec<Address>> {
    let rows = sqlx::query(
        "SELECT id, kind, name, street, street2, city, zip, state, country FROM addresses \
         WHERE customer_id = $1 ORDER BY kind, id",
    )
    .bind(scope.commercial_entity_id())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let text = |i: usize| {
                row.try_get::<Option<String>, _>(i)
                    .map(Option::unwrap_or_default)
            };
            let input = AddressInput {
                kind: text(1)?,
                name: text(2)?,
                street: text(3)?,
                street2: text(4)?,
                city: text(5)?,
                zip: text(6)?,
                state: text(7)?,
                country: text(8)?,
            };
            let place = [input.zip.as_str(), input.city.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let lines = [
                input.name.clone(),
                input.street.clone(),
                input.street2.clone(),
                place,
                input.state.clone(),
                input.country.clone(),
            ]
            .into_iter()
            .filter(|line| !line.is_empty())
            .collect();
            Ok(Address {
                id: Some(row.try_get(0)?),
                kind: input.kind.clone(),
                input,
                lines,
            })
        })
        .collect()
}

/// Billing and delivery addresses one customer may keep (the main one,
/// the contact's own, aside).
pub const MAX_ADDRESSES: i64 = 50;

/// Changes one of the customer's addresses, or adds one unless it keeps
/// [`MAX_ADDRESSES`] already (counted and added in one transaction that
/// holds the customer, so parallel requests cannot pass the limit).
pub async fn save_address(
    pool: &Pool,
    scope: CustomerScope,
    id: Option<i64>,
    draft: &AddressDraft,
) -> StoreResult<i64> {
    let customer_id = scope.commercial_entity_id();
    match id {
        Some(id) => {
            let changed = bind_address(
                sqlx::query(
                    "UPDATE addresses SET kind = $1, name = $2, street = $3, street2 = $4, city = $5, zip = $6, state = $7, \
                       country = $8, updated_at = $9 WHERE id = $10 AND customer_id = $11",
                ),
                draft,
            )
            .bind(id)
            .bind(customer_id)
            .execute(pool)
            .await?;
            if changed.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(id)
        }
        None => {
            let mut tx = crate::db::begin(pool).await?;
            crate::contacts::store::take_customer(&mut tx, customer_id).await?;
            let added = bind_address(
                sqlx::query(
                    "INSERT INTO addresses (kind, name, street, street2, city, zip, state, country, created_at, updated_at, customer_id) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10 \
                     WHERE (SELECT COUNT(*) FROM addresses WHERE customer_id = $10) < $11 RETURNING id",
                ),
                draft,
            )
            .bind(customer_id)
            .bind(MAX_ADDRESSES)
            .fetch_optional(&mut *tx)
            .await?;
            let id: i64 = added
                .ok_or(StoreError::Invalid("address", "addresses-limit"))?
                .try_get(0)?;
            tx.commit().await?;
            Ok(id)
        }
    }
}

/// Binds an address's columns as `$1`…`$9`, in the order the insert and
/// the update both name them: kind, name, the seven lines, the time of the
/// change.
fn bind_address<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    draft: &AddressDraft,
) -> Query<'q, Any, AnyArguments<'q>> {
    let optional =
        |value: &Option<crate::domain::AddressLine>| value.as_ref().map(|v| v.as_str().to_owned());
    query
        .bind(draft.kind)
        .bind(draft.name.as_str().to_owned())
        .bind(draft.street.as_str().to_owned())
        .bind(optional(&draft.street2))
        .bind(draft.city.as_str().to_owned())
        .bind(draft.zip.as_ref().map(|z| z.as_str().to_owned()))
        .bind(optional(&draft.state))
        .bind(draft.country.as_str().to_owned())
        .bind(now())
}

pub async fn remove_address(pool: &Pool, scope: CustomerScope, id: i64) -> StoreResult<()> {
    let removed = sqlx::query("DELETE FROM addresses WHERE id = $1 AND customer_id = $2")
        .bind(id)
        .bind(scope.commercial_entity_id())
        .execute(pool)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
