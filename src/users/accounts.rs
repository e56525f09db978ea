//! Creating accounts: a contact and its user, together or not at all.

use super::store;
use crate::{
    audit::{self, AuditEntry, AuditKind},
    contacts::ContactDraft,
    db::{Pool, StoreError, StoreResult},
    domain::{Email, Role},
};
use sqlx::AnyConnection;

/// An account to create: its contact, its login and role, and where the
/// request came from (for the audit log).
pub struct NewAccount<'a> {
    pub contact: &'a ContactDraft,
    pub login: &'a Email,
    pub role: Role,
    pub password_hash: String,
    pub origin: &'a str,
}

/// Creates a contact and its user in the caller's transaction, and logs it.
pub async fn create_with_contact(
    conn: &mut AnyConnection,
    account: NewAccount<'_>,
) -> StoreResult<i64> {
    let contact_id = crate::contacts::store::insert(&mut *conn, account.contact).await?;
    let user_id = store::insert(
        &mut *conn,
        store::NewUser {
            contact_id,
            login: account.login,
            role: account.role,
            password_hash: Some(account.password_hash),
        },
    )
    .await?;
    let origin = account.origin;
    audit::record(
        &mut *conn,
        AuditKind::UserCreated,
        AuditEntry {
            subject_user_id: Some(user_id),
            detail: Some(origin),
            ..Default::default()
        },
    )
    .await?;
    Ok(user_id)
}

/// [`create_with_contact`] in a transaction of its own: a login already in
/// use leaves nothing behind.
pub async fn create_account(pool: &Pool, account: NewAccount<'_>) -> StoreResult<i64> {
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    let user_id = create_with_contact(&mut tx, account).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(user_id)
}
