//! A sign-in with a passkey, as a password login is one: counted against
//! the client before anything is checked (a failed answer stays counted,
//! so passkeys are no way around the login throttle), recorded in the
//! audit log either way, and, once verified, a session opened like any
//! other (`login::sign_in_with_passkey`).

use super::ceremony::{self, Refusal};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    auth::{
        login, store as auth_store,
        throttle::{self, ThrottleKey, Verdict},
    },
    context,
    domain::Role,
    error::AppError,
};

pub async fn sign_in(
    ceremony_token: &str,
    answer: &str,
    next: Option<&str>,
) -> Result<String, AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let client_key = ThrottleKey::address(&client.ip);
    if let Verdict::Wait { seconds } = throttle::reserve_one(&state.pool, &client_key).await? {
        audit::record(
            &state.pool,
            AuditKind::LoginThrottled,
            AuditEntry {
                client_ip: Some(&client.ip),
                detail: Some("passkey"),
                ..Default::default()
            },
        )
        .await?;
        throttle::answer_retry_after(seconds);
        return Err(AppError::TooManyAttempts);
    }
    let signed_in =
        match ceremony::finish_sign_in(&state.pool, &state.settings, ceremony_token, answer).await?
        {
            Ok(signed_in) => signed_in,
            Err((refusal, user_id)) => {
                audit::record(
                    &state.pool,
                    AuditKind::LoginFailed,
                    AuditEntry {
                        subject_user_id: user_id,
                        client_ip: Some(&client.ip),
                        detail: Some(refusal.detail()),
                        ..Default::default()
                    },
                )
                .await?;
                let message = match refusal {
                    Refusal::NoCeremony => "passkey-expired",
                    Refusal::UnknownPasskey | Refusal::Rejected => "passkey-refused",
                };
                return Err(AppError::invalid("passkey", message));
            }
        };
    let role = Role::parse(&signed_in.role).ok_or_else(|| {
        tracing::error!(user_id = signed_in.user_id, "a stored role is unknown");
        AppError::ServerError
    })?;
    let mut conn = state.pool.acquire().await?;
    // A verified passkey is forgiven its counted attempt, as a password
    // login that succeeds is.
    auth_store::give_back_attempt(&mut conn, &client_key).await?;
    audit::record(
        &mut *conn,
        AuditKind::PasskeyUsed,
        AuditEntry {
            actor_user_id: Some(signed_in.user_id),
            subject_user_id: Some(signed_in.user_id),
            client_ip: Some(&client.ip),
            detail: Some(&signed_in.passkey_name),
        },
    )
    .await?;
    drop(conn);
    login::sign_in_with_passkey(signed_in.user_id, role, next).await
}
