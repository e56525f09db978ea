//! Server side of logging in and out, called by the server functions in `api`.

use super::{
    devices::{self, DeviceId},
    guard,
    password::{self, Secret},
    session::{self, Authenticated, ClientInfo, SessionToken},
    throttle,
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    domain::{Email, Role},
    error::AppError,
    mail::{self, compose::compose, Notice},
    startup::AppState,
    users,
};
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or(AppError::Internal)
}

pub fn client_info() -> ClientInfo {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<ClientInfo>().cloned())
        .unwrap_or(ClientInfo {
            ip: "unknown".into(),
            user_agent: None,
        })
}

pub fn append_set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The result of checking credentials: a state, not a flag. Two-factor
/// authentication adds a `SecondFactorRequired` state between these.
enum CredentialCheck {
    Throttled,
    Rejected { user_id: Option<i64> },
    Accepted { user_id: i64, role: Role },
}

async fn check_credentials(
    state: &AppState,
    client: &ClientInfo,
    email: &str,
    password: Secret,
) -> Result<CredentialCheck, AppError> {
    let login_key = throttle::login_key(email);
    if !throttle::may_attempt(&state.pool, &login_key, &client.ip).await? {
        return Ok(CredentialCheck::Throttled);
    }
    let account = match Email::parse(email) {
        Ok(login) => users::store::find_for_login(&state.pool, &login).await?,
        Err(_) => None,
    };
    // Unknown, revoked and password-less accounts still pay for one full
    // hash, so that the answer's timing says nothing about the account.
    let usable_hash = account
        .as_ref()
        .filter(|a| !a.revoked)
        .and_then(|a| a.password_hash.clone());
    let matches = password::verify(password, usable_hash).await?;
    match account {
        Some(account) if matches => Ok(CredentialCheck::Accepted {
            user_id: account.user_id,
            role: account.role,
        }),
        other => {
            throttle::record_failure(&state.pool, &login_key, &client.ip).await?;
            Ok(CredentialCheck::Rejected {
                user_id: other.map(|a| a.user_id),
            })
        }
    }
}

/// Checks the credentials, opens a fresh session and returns the page to land on.
pub async fn log_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let state = app_state()?;
    let client = client_info();
    let check = check_credentials(&state, &client, &email, Secret::new(&password)).await?;
    let (user_id, role) = match check {
        CredentialCheck::Accepted { user_id, role } => (user_id, role),
        CredentialCheck::Throttled => {
            audit::record(
                &state.pool,
                AuditKind::LoginThrottled,
                AuditEntry {
                    client_ip: Some(&client.ip),
                    ..Default::default()
                },
            )
            .await?;
            return Err(AppError::TooManyAttempts);
        }
        CredentialCheck::Rejected { user_id } => {
            audit::record(
                &state.pool,
                AuditKind::LoginFailed,
                AuditEntry {
                    subject_user_id: user_id,
                    client_ip: Some(&client.ip),
                    ..Default::default()
                },
            )
            .await?;
            return Err(AppError::InvalidCredentials);
        }
    };

    // A session from before the login is never carried over.
    let headers = request_parts()?.headers;
    if let Some(previous) = SessionToken::from_headers(&headers) {
        session::end(&state.pool, &previous).await?;
    }
    let token = session::start(&state.pool, user_id, &client).await?;
    append_set_cookie(&token.set_cookie(&state.settings));
    let device = DeviceId::of_request(&headers);
    append_set_cookie(&device.set_cookie(&state.settings));
    if devices::record_sign_in(&state.pool, user_id, &device).await? {
        notify_new_sign_in(&state, user_id, &client).await?;
    }
    throttle::forgive(&state.pool, &throttle::login_key(&email)).await?;
    users::store::record_login(&state.pool, user_id).await?;
    audit::record(
        &state.pool,
        AuditKind::LoginSucceeded,
        AuditEntry {
            actor_user_id: Some(user_id),
            subject_user_id: Some(user_id),
            client_ip: Some(&client.ip),
            ..Default::default()
        },
    )
    .await?;
    Ok(guard::landing_page(next.as_deref(), role))
}

/// Tells the account's owner, in their language, that a new browser signed in.
async fn notify_new_sign_in(
    state: &AppState,
    user_id: i64,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let card = users::store::contact_card(&state.pool, user_id).await?;
    let notice = Notice::NewSignIn {
        name: card.name,
        at: crate::db::now(),
        client_ip: client.ip.clone(),
        browser: client
            .user_agent
            .as_deref()
            .unwrap_or("?")
            .chars()
            .take(160)
            .collect(),
    };
    let message = compose(&notice, card.locale.unwrap_or_default());
    mail::store::enqueue(&state.pool, &card.login, &message).await?;
    Ok(())
}

/// Ends the session on the server and clears the cookie.
pub async fn log_out() -> Result<(), AppError> {
    let state = app_state()?;
    let parts = request_parts()?;
    if let Some(token) = SessionToken::from_headers(&parts.headers) {
        session::end(&state.pool, &token).await?;
    }
    if let Some(auth) = parts.extensions.get::<Authenticated>() {
        audit::record(
            &state.pool,
            AuditKind::LoggedOut,
            AuditEntry {
                actor_user_id: Some(auth.user.user_id),
                subject_user_id: Some(auth.user.user_id),
                client_ip: Some(&client_info().ip),
                ..Default::default()
            },
        )
        .await?;
    }
    append_set_cookie(&session::clear_cookie(&state.settings));
    Ok(())
}
