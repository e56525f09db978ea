//! What the security page shows, and ending sessions.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One live session of the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub id: i64,
    /// Browser and system, read from the user agent ("Firefox", "Linux").
    pub browser: String,
    pub system: String,
    pub address: Option<String>,
    pub started_at: i64,
    pub last_seen_at: i64,
    /// The session of this very request.
    pub current: bool,
}

/// A sign-in, or a refused attempt, on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInLine {
    pub at: i64,
    /// `login_succeeded` or `login_failed`.
    pub kind: String,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityOverview {
    pub sessions: Vec<SessionLine>,
    pub history: Vec<SignInLine>,
}

#[server(endpoint = "security/overview")]
pub async fn my_security() -> Result<SecurityOverview, AppError> {
    crate::context::authorize::<MySecurity>()?;
    let found = crate::context::authenticated().ok_or(AppError::Unauthenticated)?;
    let state = crate::context::app_state()?;
    Ok(super::store::overview(
        &state.pool,
        &state.settings,
        found.user.user_id,
        found.session_id,
    )
    .await?)
}
declare_access!(MySecurity: SignedIn);

/// Ends one of the user's other sessions; another user's session, or one
/// that no longer exists, is not found.
#[server(endpoint = "security/end-session")]
pub async fn end_session(id: i64) -> Result<(), AppError> {
    crate::context::authorize::<EndSession>()?;
    let found = crate::context::authenticated().ok_or(AppError::Unauthenticated)?;
    if id == found.session_id {
        return Err(AppError::invalid("session", "security-current-session"));
    }
    let state = crate::context::app_state()?;
    Ok(super::store::end_one(&state.pool, found.user.user_id, id).await?)
}
declare_access!(EndSession: SignedIn);

/// Ends every session of the user but this one; returns how many.
#[server(endpoint = "security/end-others")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    crate::context::authorize::<EndOtherSessions>()?;
    let found = crate::context::authenticated().ok_or(AppError::Unauthenticated)?;
    let state = crate::context::app_state()?;
    Ok(crate::users::store::end_sessions_of_user(
        &state.pool,
        found.user.user_id,
        Some(found.session_id),
    )
    .await?)
}
declare_access!(EndOtherSessions: SignedIn);

/// Changes the signed-in user's password; every other session ends.
#[server(endpoint = "security/password")]
pub async fn change_password(current: String, new: String, again: String) -> Result<(), AppError> {
    let user = crate::context::authorize::<ChangePassword>()?;
    let found = crate::context::authenticated().ok_or(AppError::Unauthenticated)?;
    super::password_change::change(&user, found.session_id, &current, &new, &again).await
}
declare_access!(ChangePassword: SignedIn);

/// Whether two-factor is on, and how many recovery codes are left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorState {
    /// Required of this user: it cannot be turned off, and until it is on
    /// nothing else works for them.
    pub required: bool,
    pub enabled: bool,
    pub recovery_left: i64,
}

/// What enrolment shows: the QR code (SVG made on the server), the key to
/// type instead, and the names the app will show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    pub qr_svg: String,
    pub secret: String,
    pub issuer: String,
    pub account: String,
}

#[server(endpoint = "security/two-factor")]
pub async fn my_two_factor() -> Result<TwoFactorState, AppError> {
    let user = crate::context::authorize::<MyTwoFactor>()?;
    let state = crate::context::app_state()?;
    let customers_need = crate::auth::store::customers_need_two_factor(&state.pool).await?;
    Ok(TwoFactorState {
        required: crate::access::two_factor_required(user.role, customers_need),
        enabled: crate::auth::store::two_factor_enabled(&state.pool, user.user_id).await?,
        recovery_left: crate::auth::store::recovery_codes_left(&state.pool, user.user_id).await?,
    })
}
declare_access!(MyTwoFactor: SignedIn);

/// Step 1 of enabling: the current password; answers the QR code.
#[server(endpoint = "security/two-factor/start")]
pub async fn start_two_factor(password: String) -> Result<TwoFactorSetup, AppError> {
    let user = crate::context::authorize::<StartTwoFactor>()?;
    super::two_factor_setup::start(&user, &password).await
}
declare_access!(StartTwoFactor: SignedIn);

/// Step 2: a code from the app; answers the ten recovery codes, once.
#[server(endpoint = "security/two-factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let user = crate::context::authorize::<ConfirmTwoFactor>()?;
    super::two_factor_setup::confirm(&user, &code).await
}
declare_access!(ConfirmTwoFactor: SignedIn);

/// Turns two-factor off: the password and a code.
#[server(endpoint = "security/two-factor/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    let user = crate::context::authorize::<DisableTwoFactor>()?;
    super::two_factor_setup::disable(&user, &password, &code).await
}
declare_access!(DisableTwoFactor: SignedIn);

/// One of the signed-in user's passkeys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyLine {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[server(endpoint = "security/passkeys")]
pub async fn my_passkeys() -> Result<Vec<PasskeyLine>, AppError> {
    let user = crate::context::authorize::<MyPasskeys>()?;
    super::passkey_setup::list(&user).await
}
declare_access!(MyPasskeys: SignedIn);

/// Step 1 of adding a passkey: the current password; answers the options
/// for the browser's `navigator.credentials.create`.
#[server(endpoint = "security/passkeys/start")]
pub async fn start_passkey_registration(
    password: String,
) -> Result<crate::auth::passkeys::api::RegistrationChallenge, AppError> {
    let user = crate::context::authorize::<StartPasskeyRegistration>()?;
    super::passkey_setup::start(&user, &password).await
}
declare_access!(StartPasskeyRegistration: SignedIn);

/// Step 2: the browser's answer (`credential`, as JSON) to `ceremony`; the
/// passkey is saved as `name` (or a name with today's date).
#[server(endpoint = "security/passkeys/finish")]
pub async fn finish_passkey_registration(
    ceremony: String,
    name: String,
    credential: String,
) -> Result<(), AppError> {
    let user = crate::context::authorize::<FinishPasskeyRegistration>()?;
    super::passkey_setup::finish(&user, &ceremony, &name, &credential).await
}
declare_access!(FinishPasskeyRegistration: SignedIn);

/// Removes one of the user's passkeys, confirmed with the password; another
/// user's passkey, or one that no longer exists, is not found.
#[server(endpoint = "security/passkeys/remove")]
pub async fn remove_passkey(id: i64, password: String) -> Result<(), AppError> {
    let user = crate::context::authorize::<RemovePasskey>()?;
    super::passkey_setup::remove(&user, id, &password).await
}
declare_access!(RemovePasskey: SignedIn);
