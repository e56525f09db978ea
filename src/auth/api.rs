//! Server functions of logging in and out. Each is public API: its access
//! is declared under it, and its body starts by asking for its caller.

use crate::{access::CurrentUser, declare_access, error::AppError};
use leptos::prelude::*;

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
