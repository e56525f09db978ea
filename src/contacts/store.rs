//! Every SQL statement about contacts.

use super::{ContactDetails, ContactDraft, ContactKind};
use crate::{
    access::CustomerScope,
    db::{now, StoreError, StoreResult},
};
use sqlx::{Any, Executor};

pub async fn insert<'e>(
    executor: impl Executor<'e, Database = Any>,
    contact: &ContactDraft,
) -> StoreResult<i64> {
    let text = |value: Option<&str>| value.map(str::to_owned);
    Ok(sqlx::query_scalar(
        "INSERT INTO contacts (kind, name, parent_id, email, phone, street, street2, city, state, zip, country, vat, lang, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(contact.kind.as_str())
    .bind(contact.name.as_str())
    .bind(contact.parent_id)
    .bind(text(contact.email.as_ref().map(|v| v.as_str())))
    .bind(text(contact.phone.as_ref().map(|v| v.as_str())))
    .bind(text(contact.street.as_ref().map(|v| v.as_str())))
    .bind(text(contact.street2.as_ref().map(|v| v.as_str())))
    .bind(text(contact.city.as_ref().map(|v| v.as_str())))
    .bind(text(contact.state.as_ref().map(|v| v.as_str())))
    .bind(text(contact.zip.as_ref().map(|v| v.as_str())))
    .bind(text(contact.country.as_ref().map(|v| v.as_str())))
    .bind(text(contact.vat.as_ref().map(|v| v.as_str())))
    .bind(contact.lang.map(|l| l.tag()))
    .bind(now())
    .fetch_one(executor)
    .await?)
}

/// The commercial entity of a contact: the company it belongs to, or
/// itself. The one statement of that rule; customers' scopes come from it.
pub async fn commercial_entity_of<'e>(
    executor: impl Executor<'e, Database = Any>,
    contact_id: i64,
) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COALESCE(parent_id, id) FROM contacts WHERE id = $1")
        .bind(contact_id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)
}

type DetailsRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A contact a customer may see: one of its commercial entity (the company
/// itself or its people). Another customer's contact is `NotFound`, exactly
/// like one that does not exist.
pub async fn find_in_scope<'e>(
    executor: impl Executor<'e, Database = Any>,
    scope: CustomerScope,
    contact_id: i64,
) -> StoreResult<ContactDetails> {
    let row: Option<DetailsRow> = sqlx::query_as(
        "SELECT c.id, c.kind, c.name, p.name, c.email, c.phone, c.street, c.street2, c.city, c.zip, c.state, c.country, c.vat \
         FROM contacts c LEFT JOIN contacts p ON p.id = c.parent_id \
         WHERE c.id = $1 AND COALESCE(c.parent_id, c.id) = $2",
    )
    .bind(contact_id)
    .bind(scope.commercial_entity_id())
    .fetch_optional(executor)
    .await?;
    let (id, kind, name, company, email, phone, street, street2, city, zip, state, country, vat) =
        row.ok_or(StoreError::NotFound)?;
    Ok(ContactDetails {
        id,
        kind: ContactKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("kind of contact {id}")))?,
        name,
        company,
        email,
        phone,
        street,
        street2,
        city,
        zip,
        state,
        country,
        vat,
    })
}
