//! The language switch's server function.

use crate::error::AppError;
use leptos::prelude::*;

/// Public: switches the interface language; remembered in a cookie, and in
/// the user's preferences when logged in.
#[server(endpoint = "i18n/language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use super::{Locale, LANGUAGE_COOKIE};
    let locale = Locale::from_tag(&lang)
        .ok_or_else(|| AppError::invalid("lang", "error-unknown-language"))?;
    let state = crate::auth::server::app_state()?;
    if let Some(user) = crate::auth::guard::current_user() {
        crate::users::store::set_language(&state.pool, user.user_id, locale).await?;
    }
    let cookie =
        crate::web::cookies::set(LANGUAGE_COOKIE, locale.tag(), Some(365), &state.settings);
    crate::auth::server::append_set_cookie(&cookie);
    Ok(())
}
