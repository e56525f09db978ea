//! "Forgot password": a link by email to choose a new one.
//!
//! Asking answers the same whether or not the address has an account, and
//! in the same time: the lookup, the link and the email happen after the
//! answer, in a task of their own. Requests are throttled per address (a
//! few emails per window, silently) and per client (429). The link is the
//! same kind as an invitation (`links`): random, stored as a hash, used by
//! one conditional `UPDATE`, void after a newer link, a password change, a
//! revoke or a login change. Using it sets the password, ends every
//! session and logs nobody in: the owner logs in afresh (and passes
//! two-factor there, once it exists).

use super::{
    password_hash::{self, Secret},
    password_policy::{self, PersonalWords},
    store as auth_store,
    throttle::{ThrottleKey, MAX_RESETS_PER_ADDRESS, MAX_RESETS_PER_LOGIN},
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::{self, AppState},
    db::now,
    domain::Email,
    error::AppError,
    links::{self, LinkPurpose, LinkState, LinkToken},
    mail::{
        self,
        compose::{compose, Notice},
    },
    users,
};

use super::api::ResetView;

/// Takes a request for `typed` (an email address as typed). Answers
/// `Ok(())` whether or not it names an account; 429 when this client asked
/// too often.
pub async fn request(typed: &str) -> Result<(), AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let from_client =
        auth_store::reserve_attempt(&state.pool, &ThrottleKey::reset_from(&client.ip)).await?;
    if from_client > MAX_RESETS_PER_ADDRESS {
        return Err(AppError::TooManyAttempts);
    }
    let Ok(login) = Email::parse(typed) else {
        return Err(AppError::invalid("email", "error-email-malformed"));
    };
    // The answer leaves now; what follows takes the same time for every
    // address because the caller never waits for it.
    tokio::spawn(async move {
        if let Err(error) = send_link(&state, &login, &client.ip).await {
            tracing::error!(%error, "password reset request failed");
        }
    });
    Ok(())
}

async fn send_link(state: &AppState, login: &Email, client_ip: &str) -> Result<(), AppError> {
    let for_login =
        auth_store::reserve_attempt(&state.pool, &ThrottleKey::reset_for(login.as_str())).await?;
    if for_login > MAX_RESETS_PER_LOGIN {
        return Ok(());
    }
    let Some(account) = users::store::find_for_login(&state.pool, login).await? else {
        return Ok(());
    };
    if account.revoked {
        return Ok(());
    }
    let card = users::store::contact_card(&state.pool, account.user_id).await?;
    let valid_for = state.settings.reset_valid_for.as_secs() as i64;
    let mut tx = crate::db::begin(&state.pool).await?;
    let (link_id, token) = links::issue(
        &mut tx,
        account.user_id,
        LinkPurpose::PasswordReset,
        valid_for,
    )
    .await?;
    let message = compose(
        &Notice::PasswordReset {
            name: card.name.clone(),
            link: format!(
                "{}/reset-password/{}",
                state.settings.public_url,
                token.as_str()
            ),
            expires_at: now() + valid_for,
        },
        card.locale.unwrap_or_default(),
    );
    let mail_id = mail::store::enqueue(&mut *tx, &card.login, &message).await?;
    links::attach_mail(&mut tx, link_id, mail_id).await?;
    audit::record(
        &mut *tx,
        AuditKind::PasswordResetRequested,
        AuditEntry {
            subject_user_id: Some(account.user_id),
            client_ip: Some(client_ip),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn refused(state: LinkState) -> AppError {
    let message = match state {
        LinkState::Used => "reset-used",
        LinkState::Expired => "reset-expired",
        LinkState::Voided => "reset-voided",
        LinkState::Usable { .. } | LinkState::Unknown => "reset-unknown",
    };
    AppError::invalid("token", message)
}

/// What the link's page shows.
pub async fn view(token: &str) -> Result<ResetView, AppError> {
    let state = context::app_state()?;
    let token = LinkToken::from_address(token);
    Ok(
        match links::inspect(&state.pool, &token, LinkPurpose::PasswordReset).await? {
            LinkState::Usable { user_id } => {
                let card = users::store::contact_card(&state.pool, user_id).await?;
                ResetView::Open { login: card.login }
            }
            LinkState::Used => ResetView::Used,
            LinkState::Expired => ResetView::Expired,
            LinkState::Voided => ResetView::Voided,
            LinkState::Unknown => ResetView::Unknown,
        },
    )
}

/// Sets a password through a link sent by email (an invitation or a
/// reset): the link must be usable, the password must pass the product's
/// rules (each refusal on its field) and match its repetition; then, in one
/// transaction, the link is used (of two tabs, one wins), the password set
/// and every session of the user ended. Answers that transaction, still
/// open for the caller's own records, with the user and its card.
pub async fn set_password_by_link(
    state: &AppState,
    token: &str,
    purpose: LinkPurpose,
    password: &str,
    again: &str,
    refused: fn(LinkState) -> AppError,
) -> Result<
    (
        sqlx::Transaction<'static, sqlx::Any>,
        i64,
        users::store::ContactCard,
    ),
    AppError,
> {
    let token = LinkToken::from_address(token);
    let user_id = match links::inspect(&state.pool, &token, purpose).await? {
        LinkState::Usable { user_id } => user_id,
        other => return Err(refused(other)),
    };
    let card = users::store::contact_card(&state.pool, user_id).await?;
    let secret = Secret::new(password);
    password_policy::check(
        &secret,
        &PersonalWords {
            name: &card.name,
            email: &card.login,
        },
    )
    .map_err(|rejection| AppError::invalid("password", rejection.message_id()))?;
    if Secret::new(again).expose() != secret.expose() {
        return Err(AppError::invalid("password_again", "password-mismatch"));
    }
    let hash = password_hash::hash_in(&state.settings.hash_slots, secret).await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    match links::consume(&mut tx, &token, purpose).await? {
        LinkState::Usable { user_id: linked } if linked == user_id => {}
        other => return Err(refused(other)),
    }
    if !users::store::set_password_hash(&mut tx, user_id, &hash).await? {
        return Err(refused(LinkState::Voided));
    }
    users::store::end_sessions_of_user(&mut *tx, user_id, None).await?;
    Ok((tx, user_id, card))
}

/// Sets the new password through a reset link; voids the other links and
/// tells the owner by email. Logs nobody in.
pub async fn reset(token: &str, password: &str, again: &str) -> Result<(), AppError> {
    let state = context::app_state()?;
    let (mut tx, user_id, card) = set_password_by_link(
        &state,
        token,
        LinkPurpose::PasswordReset,
        password,
        again,
        refused,
    )
    .await?;
    links::void_all(&mut *tx, user_id, None).await?;
    let message = compose(
        &Notice::PasswordChanged {
            name: card.name.clone(),
        },
        card.locale.unwrap_or_default(),
    );
    mail::store::enqueue(&mut *tx, &card.login, &message).await?;
    audit::record(
        &mut *tx,
        AuditKind::PasswordReset,
        AuditEntry {
            subject_user_id: Some(user_id),
            client_ip: Some(&context::client_info().ip),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
