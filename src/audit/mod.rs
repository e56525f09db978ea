//! The audit log of security events. Written in the same transaction as the
//! change it records where there is one. Refusals are recorded through
//! `denials`, which bounds how many a flood can write.

pub mod denials;

use crate::db::{now, StoreResult};
use sqlx::{Any, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    /// Second-factor codes refused for an account that sent too many wrong ones.
    TwoFactorLimited,
    /// A second-factor code that had been accepted before, sent again.
    TwoFactorReplayed,
    LoggedOut,
    UserCreated,
    AccessGranted,
    AccessRevoked,
    Reinvited,
    InvitationAccepted,
    LoginChanged,
    PasswordChanged,
    PaymentRecorded,
    PasswordResetRequested,
    PasswordReset,
    TwoFactorEnabled,
    TwoFactorDisabled,
    SettingsChanged,
    RefundRecorded,
    /// A request refused: not signed in (401), not allowed (403), or sent
    /// by another site (`denials`).
    AccessDenied,
    PasskeyAdded,
    PasskeyRemoved,
    /// A sign-in with a passkey (the session itself is `LoginSucceeded`).
    PasskeyUsed,
    /// The payment provider refunded a payment beyond what Portico
    /// refunded (its dashboard): the payment is flagged.
    PaymentRefundedElsewhere,
    /// A cardholder disputed a payment with their bank: the payment is
    /// flagged.
    PaymentDisputed,
}

impl AuditKind {
    pub const ALL: [Self; 26] = [
        Self::LoginSucceeded,
        Self::LoginFailed,
        Self::LoginThrottled,
        Self::TwoFactorLimited,
        Self::TwoFactorReplayed,
        Self::LoggedOut,
        Self::UserCreated,
        Self::AccessGranted,
        Self::AccessRevoked,
        Self::Reinvited,
        Self::InvitationAccepted,
        Self::LoginChanged,
        Self::PasswordChanged,
        Self::PaymentRecorded,
        Self::PasswordResetRequested,
        Self::PasswordReset,
        Self::TwoFactorEnabled,
        Self::TwoFactorDisabled,
        Self::SettingsChanged,
        Self::RefundRecorded,
        Self::AccessDenied,
        Self::PasskeyAdded,
        Self::PasskeyRemoved,
        Self::PasskeyUsed,
        Self::PaymentRefundedElsewhere,
        Self::PaymentDisputed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::LoginThrottled => "login_throttled",
            Self::TwoFactorLimited => "two_factor_limited",
            Self::TwoFactorReplayed => "two_factor_replayed",
            Self::LoggedOut => "logged_out",
            Self::UserCreated => "user_created",
            Self::AccessGranted => "access_granted",
            Self::AccessRevoked => "access_revoked",
            Self::Reinvited => "reinvited",
            Self::InvitationAccepted => "invitation_accepted",
            Self::LoginChanged => "login_changed",
            Self::PasswordChanged => "password_changed",
            Self::PaymentRecorded => "payment_recorded",
            Self::PasswordResetRequested => "password_reset_requested",
            Self::PasswordReset => "password_reset",
            Self::TwoFactorEnabled => "two_factor_enabled",
            Self::TwoFactorDisabled => "two_factor_disabled",
            Self::SettingsChanged => "settings_changed",
            Self::RefundRecorded => "refund_recorded",
            Self::AccessDenied => "access_denied",
            Self::PasskeyAdded => "passkey_added",
            Self::PasskeyRemoved => "passkey_removed",
            Self::PasskeyUsed => "passkey_used",
            Self::PaymentRefundedElsewhere => "payment_refunded_elsewhere",
            Self::PaymentDisputed => "payment_disputed",
        }
    }
}

#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub actor_user_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub client_ip: Option<&'a str>,
    pub detail: Option<&'a str>,
}

pub async fn record<'e>(
    executor: impl Executor<'e, Database = Any>,
    kind: AuditKind,
    entry: AuditEntry<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, kind, actor_user_id, subject_user_id, client_ip, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now())
    .bind(kind.as_str())
    .bind(entry.actor_user_id)
    .bind(entry.subject_user_id)
    .bind(entry.client_ip)
    .bind(entry.detail)
    .execute(executor)
    .await?;
    Ok(())
}
