//! Server functions of logging in and out. Each is public API: it states
//! who may call it and asks the guard first.

use super::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Public: checks email and password, starts a session, redirects to `next`
/// (a local page the user may open) or to the user's home.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let landing = super::server::log_in(email, password, next).await?;
    leptos_axum::redirect(&landing);
    Ok(())
}

/// Any logged-in user: ends the session and returns to the login page.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    super::guard::require(super::guard::Access::Authenticated)?;
    super::server::log_out().await?;
    leptos_axum::redirect("/logout?done=1");
    Ok(())
}

/// Any logged-in user: who am I? Used by the page layouts.
#[server(endpoint = "auth/whoami")]
pub async fn whoami() -> Result<CurrentUser, AppError> {
    super::guard::require(super::guard::Access::Authenticated)
}
