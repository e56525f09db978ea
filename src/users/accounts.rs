//! Creating accounts: a contact and its user, together or not at all.

use super::store;
use crate::{
    audit::{self, AuditEntry, AuditKind},
    contacts::ContactDraft,
    db::{Pool, StoreResult},
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
    let mut tx = crate::db::begin(pool).await?;
    let user_id = create_with_contact(&mut tx, account).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Creates an internal user (staff or administrator) with its own contact
/// and no password yet, and invites it to choose one through the same kind
/// of link customers get. Returns the user's id.
pub async fn invite_internal(
    admin: &crate::access::CurrentUser,
    name: &str,
    email: &str,
    role: &str,
) -> Result<i64, crate::error::AppError> {
    use crate::{contacts::ContactInput, context, error::AppError};
    let role = match role {
        "staff" => Role::Staff,
        "administrator" => Role::Administrator,
        _ => return Err(AppError::invalid("role", "error-required")),
    };
    let contact = ContactDraft::parse(&ContactInput {
        kind: "individual".into(),
        name: name.into(),
        email: email.into(),
        ..Default::default()
    })?;
    let login = contact
        .email
        .clone()
        .ok_or_else(|| AppError::invalid("email", "error-email-required"))?;
    let state = context::app_state()?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let contact_id = crate::contacts::store::insert(&mut tx, &contact).await?;
    let user_id = store::insert(
        &mut *tx,
        store::NewUser {
            contact_id,
            login: &login,
            role,
            password_hash: None,
        },
    )
    .await?;
    crate::links::send_invitation(
        &mut tx,
        &state.settings,
        crate::links::Invitee {
            user_id,
            to: login.as_str(),
            name: contact.name.as_str(),
            company: "Portico",
            locale: crate::i18n::request_locale(),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditKind::UserCreated,
        AuditEntry {
            actor_user_id: Some(admin.user_id),
            subject_user_id: Some(user_id),
            client_ip: Some(&context::client_info().ip),
            detail: Some("invited"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
