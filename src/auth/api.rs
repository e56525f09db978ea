//! Server functions of logging in and out. Each is public API: its access
//! is declared under it, and its body starts by asking for its caller.

use crate::{access::CurrentUser, declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Checks email and password, starts a session, redirects to `next` (a
/// local page the user may open) or to the user's home.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    crate::context::authorize::<Login>()?;
    let landing = super::login::log_in(email, password, next).await?;
    leptos_axum::redirect(&landing);
    Ok(())
}
declare_access!(Login: Public);

/// Ends the session and returns to the login page.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let user = crate::context::authorize::<Logout>()?;
    super::login::log_out(user.user_id).await?;
    leptos_axum::redirect("/logout?done=1");
    Ok(())
}
declare_access!(Logout: SignedIn);

/// Who am I? Used by the page frames.
#[server(endpoint = "auth/whoami")]
pub async fn whoami() -> Result<CurrentUser, AppError> {
    crate::context::authorize::<Whoami>()
}
declare_access!(Whoami: SignedIn);

/// Sends a password-reset link to `email` if it is an account's login.
/// The answer is the same either way (and comes as fast): nothing tells
/// whether the address has an account.
#[server(endpoint = "auth/reset/request")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    crate::context::authorize::<RequestPasswordReset>()?;
    super::reset::request(&email).await?;
    leptos_axum::redirect("/reset-password?sent=1");
    Ok(())
}
declare_access!(RequestPasswordReset: Public);

/// What a reset link's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetView {
    /// It can be used: the login it resets.
    Open {
        login: String,
    },
    Used,
    Expired,
    /// A newer link, a password change, a revoke or a login change voided it.
    Voided,
    Unknown,
}

#[server(endpoint = "auth/reset/view")]
pub async fn reset_link(token: String) -> Result<ResetView, AppError> {
    crate::context::authorize::<ResetLink>()?;
    super::reset::view(&token).await
}
declare_access!(ResetLink: Public);

/// Sets a new password through a reset link; every session ends and the
/// owner logs in again.
#[server(endpoint = "auth/reset/set")]
pub async fn reset_password(
    token: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    crate::context::authorize::<ResetPassword>()?;
    super::reset::reset(&token, &password, &password_again).await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}
declare_access!(ResetPassword: Public);

/// The second step of a login with two-factor on: a code from the app, or
/// a recovery code.
#[server(endpoint = "auth/second-step")]
pub async fn second_step(code: String) -> Result<(), AppError> {
    crate::context::authorize::<SecondStep>()?;
    let landing = super::login::pass_second_step(&code).await?;
    leptos_axum::redirect(&landing);
    Ok(())
}
declare_access!(SecondStep: Public);
