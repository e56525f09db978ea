//! Changing a user's login: one transaction that changes the username only
//! (the contact's own email stays), ends every session, voids open links,
//! records it, and tells the old and the new address.

use super::{api::UserSummary, store};
use crate::{
    access::CurrentUser,
    audit::{self, AuditEntry, AuditKind},
    context,
    domain::Email,
    error::AppError,
    links,
    mail::{self, compose::compose, Notice},
};

pub async fn change(
    admin: &CurrentUser,
    user_id: i64,
    login: &str,
) -> Result<UserSummary, AppError> {
    let login = Email::parse(login).map_err(|e| AppError::invalid("login", e.message_id()))?;
    let state = context::app_state()?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let Some(old) = store::set_login(&mut tx, user_id, &login).await? else {
        return Err(AppError::NotFound);
    };
    if old == login.as_str() {
        return Err(AppError::invalid("login", "users-login-same"));
    }
    store::end_sessions_of_user(&mut *tx, user_id, None).await?;
    links::void_all(&mut *tx, user_id, None).await?;
    let card = store::contact_card(&mut *tx, user_id).await?;
    let notice = Notice::LoginChanged {
        name: card.name,
        old: old.clone(),
        new: login.as_str().to_owned(),
    };
    let message = compose(&notice, card.locale.unwrap_or_default());
    mail::store::enqueue(&mut *tx, &old, &message).await?;
    mail::store::enqueue(&mut *tx, login.as_str(), &message).await?;
    let detail = format!("{old} -> {}", login.as_str());
    audit::record(
        &mut *tx,
        AuditKind::LoginChanged,
        AuditEntry {
            actor_user_id: Some(admin.user_id),
            subject_user_id: Some(user_id),
            client_ip: Some(&context::client_info().ip),
            detail: Some(&detail),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(store::summary(&state.pool, user_id).await?)
}
