use super::ContactKind;
use crate::{
    db::{now, StoreResult},
    i18n::Locale,
};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, Default)]
pub struct NewContact {
    pub kind: Option<ContactKind>,
    pub name: String,
    pub parent_id: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub country: Option<String>,
    pub vat: Option<String>,
    pub lang: Option<Locale>,
}

pub async fn insert<'e>(
    executor: impl Executor<'e, Database = Any>,
    contact: &NewContact,
) -> StoreResult<i64> {
    let at = now();
    let kind = contact.kind.unwrap_or(ContactKind::Individual);
    Ok(sqlx::query_scalar(
        "INSERT INTO contacts (kind, name, parent_id, email, phone, street, city, zip, country, vat, lang, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(&contact.name)
    .bind(contact.parent_id)
    .bind(&contact.email)
    .bind(&contact.phone)
    .bind(&contact.street)
    .bind(&contact.city)
    .bind(&contact.zip)
    .bind(&contact.country)
    .bind(&contact.vat)
    .bind(contact.lang.map(Locale::tag))
    .bind(at)
    .fetch_one(executor)
    .await?)
}
