//! Users: the logins linked to contacts. Storage and account creation for
//! now; the back office's user list and login changes build on it.

pub mod store;

use crate::{
    audit::{self, AuditEntry, AuditKind},
    contacts::store::NewContact,
    db::StoreResult,
    domain::{Email, Role},
};
use sqlx::AnyConnection;

/// Creates a contact and its user in the caller's transaction, and logs it.
pub async fn create_with_contact(
    conn: &mut AnyConnection,
    contact: &NewContact,
    login: &Email,
    role: Role,
    password_hash: String,
    origin: &str,
) -> StoreResult<i64> {
    let contact_id = crate::contacts::store::insert(&mut *conn, contact).await?;
    let user_id = store::insert(
        &mut *conn,
        store::NewUser {
            contact_id,
            login,
            role,
            password_hash: Some(password_hash),
        },
    )
    .await?;
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
