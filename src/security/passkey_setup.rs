//! Adding and removing passkeys from the security page: the current
//! password first (counted like a login), then the browser's ceremony
//! (`auth::passkeys`); the owner is told by email and the change is in the
//! audit log, in the transaction that makes it.

use super::{api::PasskeyLine, password_change::confirm_current};
use crate::{
    access::CurrentUser,
    audit::{self, AuditEntry, AuditKind},
    auth::passkeys::{api::RegistrationChallenge, ceremony, store},
    context,
    error::AppError,
    i18n::{format_date, translate},
    mail::{self, compose::compose, Notice},
};

pub async fn list(user: &CurrentUser) -> Result<Vec<PasskeyLine>, AppError> {
    let state = context::app_state()?;
    Ok(store::list_of_user(&state.pool, user.user_id)
        .await?
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| PasskeyLine {
            id,
            name,
            created_at,
            last_used_at,
        })
        .collect())
}

pub async fn start(user: &CurrentUser, password: &str) -> Result<RegistrationChallenge, AppError> {
    let state = context::app_state()?;
    confirm_current(user, password, "password").await?;
    let (ceremony, options) =
        ceremony::begin_registration(&state.pool, &state.settings, user).await?;
    Ok(RegistrationChallenge { ceremony, options })
}

pub async fn finish(
    user: &CurrentUser,
    ceremony_token: &str,
    name: &str,
    answer: &str,
) -> Result<(), AppError> {
    let state = context::app_state()?;
    let registered =
        ceremony::finish_registration(&state.pool, &state.settings, user, ceremony_token, answer)
            .await?;
    let locale = user.locale.unwrap_or_default();
    let name = ceremony::passkey_name(name, || {
        format!(
            "{} {}",
            translate(locale, "passkey-default-name"),
            format_date(chrono::Utc::now(), locale)
        )
    });
    let mut tx = crate::db::begin(&state.pool).await?;
    ceremony::save(&mut tx, user.user_id, &name, &registered).await?;
    tell(&mut tx, user, &name, true).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(user: &CurrentUser, id: i64, password: &str) -> Result<(), AppError> {
    let state = context::app_state()?;
    confirm_current(user, password, "password").await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let name = store::remove(&mut tx, user.user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tell(&mut tx, user, &name, false).await?;
    tx.commit().await?;
    Ok(())
}

async fn tell(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    passkey: &str,
    added: bool,
) -> Result<(), AppError> {
    let message = compose(
        &Notice::PasskeyChanged {
            name: user.name.clone(),
            passkey: passkey.to_owned(),
            added,
        },
        user.locale.unwrap_or_default(),
    );
    mail::store::enqueue(&mut *conn, &user.login, &message).await?;
    audit::record(
        &mut *conn,
        if added {
            AuditKind::PasskeyAdded
        } else {
            AuditKind::PasskeyRemoved
        },
        AuditEntry {
            actor_user_id: Some(user.user_id),
            subject_user_id: Some(user.user_id),
            client_ip: Some(&context::client_info().ip),
            detail: Some(passkey),
        },
    )
    .await?;
    Ok(())
}
