//! Turning two-factor authentication on and off from the security page:
//! the current password first (counted like a login), then a code from the
//! app; the owner is told by email and the change is in the audit log.

use super::{api::TwoFactorSetup, password_change::confirm_current};
use crate::{
    access::CurrentUser,
    audit::{self, AuditEntry, AuditKind},
    auth::two_factor,
    context,
    error::AppError,
    mail::{self, compose::compose, Notice},
};

/// Password checked: a new secret, its QR code and the key to type.
pub async fn start(user: &CurrentUser, password: &str) -> Result<TwoFactorSetup, AppError> {
    let state = context::app_state()?;
    confirm_current(user, password, "password").await?;
    let enrolment =
        two_factor::begin(&state.pool, &state.settings, user.user_id, &user.login).await?;
    Ok(TwoFactorSetup {
        qr_svg: enrolment.qr_svg,
        secret: enrolment.secret,
        issuer: enrolment.issuer,
        account: enrolment.account,
    })
}

async fn tell(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    kind: AuditKind,
    enabled: bool,
) -> Result<(), AppError> {
    let message = compose(
        &Notice::TwoFactorChanged {
            name: user.name.clone(),
            enabled,
        },
        user.locale.unwrap_or_default(),
    );
    mail::store::enqueue(&mut *conn, &user.login, &message).await?;
    audit::record(
        &mut *conn,
        kind,
        AuditEntry {
            actor_user_id: Some(user.user_id),
            subject_user_id: Some(user.user_id),
            client_ip: Some(&context::client_info().ip),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// A first code from the app turns it on; answers the recovery codes,
/// shown this once.
pub async fn confirm(user: &CurrentUser, code: &str) -> Result<Vec<String>, AppError> {
    let state = context::app_state()?;
    let mut tx = crate::db::begin(&state.pool).await?;
    if !two_factor::accept_code(&mut tx, &state.settings, user.user_id, code, true).await? {
        return Err(AppError::invalid("code", "two-factor-wrong"));
    }
    let codes = two_factor::enable(&mut tx, user.user_id).await?;
    tell(&mut tx, user, AuditKind::TwoFactorEnabled, true).await?;
    tx.commit().await?;
    Ok(codes)
}

/// The password and a code (or a recovery code) turn it off.
pub async fn disable(user: &CurrentUser, password: &str, code: &str) -> Result<(), AppError> {
    let state = context::app_state()?;
    let customers_need = crate::auth::store::customers_need_two_factor(&state.pool).await?;
    if crate::access::two_factor_required(user.role, customers_need) {
        return Err(AppError::invalid("code", "two-factor-required"));
    }
    confirm_current(user, password, "password").await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let passed = two_factor::accept_code(&mut tx, &state.settings, user.user_id, code, false)
        .await?
        || two_factor::accept_recovery_code(&mut tx, user.user_id, code).await?;
    if !passed {
        return Err(AppError::invalid("code", "two-factor-wrong"));
    }
    crate::auth::store::remove_two_factor(&mut tx, user.user_id).await?;
    tell(&mut tx, user, AuditKind::TwoFactorDisabled, false).await?;
    tx.commit().await?;
    Ok(())
}
