//! The second step of a sign-in through a link (an invitation). The link
//! proves its holder reads the account's mail, not that it holds the
//! account's authenticator: an account that kept two-factor on (access
//! revoked and granted again to the same address) asks for a code, or a
//! recovery code, before its session begins, as a login's second step
//! does. Two states, in this order:
//!
//! 1. [`LinkSecondStep::count`]: before the password is hashed and the link
//!    touched, the try is counted like a login attempt of the account and
//!    of the client (`throttle`), so the link does not open a way around
//!    the login's limits; a missing code is refused without counting.
//! 2. [`LinkSecondStep::pass`]: in the transaction that uses the link, the
//!    code is checked with the login's own check (`two_factor`: each code
//!    accepted once); a wrong one rolls the whole use back, so the link
//!    and the password stay as they were.

use super::{
    store,
    throttle::{self, AttemptKeys, ThrottleKey, Verdict},
    two_factor,
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::{AppState, ClientInfo},
    error::AppError,
    users,
};
use sqlx::{Any, Transaction};

/// Where a link's sign-in stands on its second factor.
#[must_use]
pub enum LinkSecondStep {
    /// Two-factor was off when the try was counted.
    NotAsked,
    /// Two-factor is on; this code was brought and the try counted.
    Counted { code: String },
}

/// The code as typed, if anything was typed.
fn typed(code: Option<&str>) -> Option<&str> {
    code.map(str::trim).filter(|code| !code.is_empty())
}

fn code_needed() -> AppError {
    AppError::invalid("code", "invite-two-factor-needed")
}

impl LinkSecondStep {
    /// Counts the try of `user_id`'s link when its account has two-factor on.
    pub async fn count(
        state: &AppState,
        user_id: i64,
        code: Option<&str>,
        client: &ClientInfo,
    ) -> Result<Self, AppError> {
        if !store::two_factor_enabled(&state.pool, user_id).await? {
            return Ok(Self::NotAsked);
        }
        let code = typed(code).ok_or_else(code_needed)?;
        let login = users::store::contact_card(&state.pool, user_id)
            .await?
            .login;
        // The holder of a link has no device cookie for the account yet.
        let keys = AttemptKeys::for_attempt(&state.pool, &login, None, &client.ip).await?;
        if let Verdict::Wait { seconds } = throttle::reserve(&state.pool, &keys).await? {
            record(state, AuditKind::LoginThrottled, user_id, client).await?;
            throttle::answer_retry_after(seconds);
            return Err(AppError::TooManyAttempts);
        }
        // Codes typed here count against the account like a login's.
        let account_key = ThrottleKey::second_steps(user_id);
        if let Verdict::Wait { seconds } = throttle::reserve_one(&state.pool, &account_key).await? {
            record(state, AuditKind::TwoFactorLimited, user_id, client).await?;
            throttle::answer_retry_after(seconds);
            return Err(AppError::TooManyAttempts);
        }
        Ok(Self::Counted {
            code: code.to_owned(),
        })
    }

    /// Passes the second step inside `tx`, the transaction that uses the
    /// link, and hands it back; on a wrong or missing code rolls it back.
    pub async fn pass(
        self,
        state: &AppState,
        mut tx: Transaction<'static, Any>,
        user_id: i64,
        client: &ClientInfo,
    ) -> Result<Transaction<'static, Any>, AppError> {
        // Asked again here: this transaction's answer is the one that counts.
        if !store::two_factor_enabled(&mut *tx, user_id).await? {
            return Ok(tx);
        }
        let Self::Counted { code } = self else {
            return Err(code_needed());
        };
        let passed = two_factor::accept_code(&mut tx, &state.settings, user_id, &code, false)
            .await?
            || two_factor::accept_recovery_code(&mut tx, user_id, &code).await?;
        if passed {
            return Ok(tx);
        }
        tx.rollback().await?;
        record(state, AuditKind::LoginFailed, user_id, client).await?;
        Err(AppError::invalid("code", "two-factor-wrong"))
    }
}

async fn record(
    state: &AppState,
    kind: AuditKind,
    user_id: i64,
    client: &ClientInfo,
) -> Result<(), AppError> {
    audit::record(
        &state.pool,
        kind,
        AuditEntry {
            subject_user_id: Some(user_id),
            client_ip: Some(&client.ip),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
