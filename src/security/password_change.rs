//! Changing one's password: the current one is checked like a login (and
//! counts toward the same throttle, by the same rule: the owner's known
//! browser has its own budget, which a stranger's guesses cannot use up), the new one follows the product's
//! rules; then, in one transaction, the hash changes, every other session
//! ends, open links stop working, the change is recorded and the owner is
//! told by email.

use crate::{
    access::CurrentUser,
    audit::{self, AuditEntry, AuditKind},
    auth::{
        devices::DeviceId,
        password_hash::{self, Secret},
        password_policy::{self, PersonalWords},
        store as auth_store,
        throttle::{self, AttemptKeys, Verdict},
    },
    context,
    domain::Email,
    error::AppError,
    links,
    mail::{self, compose::compose, Notice},
    users,
};

/// Checks the signed-in user's current password like a login does: the
/// attempt is counted first (the login throttle), a wrong one is recorded.
/// A refusal names `field`. Answers the throttle's keys, to forgive them
/// once the change it guards has been made.
pub async fn confirm_current(
    user: &CurrentUser,
    current: &str,
    field: &'static str,
) -> Result<AttemptKeys, AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let device = DeviceId::presented(&context::request_parts()?.headers, &state.settings);
    let keys =
        AttemptKeys::for_attempt(&state.pool, &user.login, device.as_ref(), &client.ip).await?;
    if let Verdict::Wait { seconds } = throttle::reserve(&state.pool, &keys).await? {
        throttle::answer_retry_after(seconds);
        return Err(AppError::TooManyAttempts);
    }
    let login = Email::parse(&user.login).map_err(|problem| {
        tracing::error!(
            user_id = user.user_id,
            ?problem,
            "a stored login is not an email"
        );
        AppError::ServerError
    })?;
    let stored = users::store::find_for_login(&state.pool, &login)
        .await?
        .and_then(|account| account.password_hash);
    if !password_hash::verify_in(&state.settings.hash_slots, Secret::new(current), stored).await? {
        audit::record(
            &state.pool,
            AuditKind::LoginFailed,
            AuditEntry {
                subject_user_id: Some(user.user_id),
                client_ip: Some(&client.ip),
                detail: Some("current password, while changing it"),
                ..Default::default()
            },
        )
        .await?;
        return Err(AppError::invalid(field, "security-current-wrong"));
    }
    Ok(keys)
}

pub async fn change(
    user: &CurrentUser,
    session_id: i64,
    current: &str,
    new: &str,
    again: &str,
) -> Result<(), AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let keys = confirm_current(user, current, "current").await?;
    let secret = Secret::new(new);
    password_policy::check(
        &secret,
        &PersonalWords {
            name: &user.name,
            email: &user.login,
        },
    )
    .map_err(|rejection| AppError::invalid("new", rejection.message_id()))?;
    if Secret::new(again).expose() != secret.expose() {
        return Err(AppError::invalid("again", "password-mismatch"));
    }
    let hash = password_hash::hash_in(&state.settings.hash_slots, secret).await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    if !users::store::set_password_hash(&mut tx, user.user_id, &hash).await? {
        return Err(AppError::Unauthenticated);
    }
    users::store::end_sessions_of_user(&mut *tx, user.user_id, Some(session_id)).await?;
    links::void_all(&mut *tx, user.user_id, None).await?;
    auth_store::forgive_attempts(&mut tx, keys.login.as_ref(), &keys.client).await?;
    audit::record(
        &mut *tx,
        AuditKind::PasswordChanged,
        AuditEntry {
            actor_user_id: Some(user.user_id),
            subject_user_id: Some(user.user_id),
            client_ip: Some(&client.ip),
            ..Default::default()
        },
    )
    .await?;
    let notice = Notice::PasswordChanged {
        name: user.name.clone(),
    };
    let message = compose(&notice, user.locale.unwrap_or_default());
    mail::store::enqueue(&mut *tx, &user.login, &message).await?;
    tx.commit().await?;
    Ok(())
}
