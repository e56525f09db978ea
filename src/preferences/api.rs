//! The language switch's server function.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;

/// Switches the interface language; remembered in a cookie, and in the
/// user's preferences when logged in.
#[server(endpoint = "i18n/language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::{context, domain::contact_fields::parse_language, error::FieldErrors};
    let caller = context::authorize::<SetLanguage>()?;
    let mut errors = FieldErrors::default();
    let locale = errors.check("lang", parse_language(&lang));
    errors.finish()?;
    let locale = locale.ok_or(AppError::ServerError)?;
    let state = context::app_state()?;
    if let Some(user) = caller {
        crate::users::store::set_language(&state.pool, user.user_id, locale).await?;
    }
    let cookie = context::cookies::set(
        crate::i18n::LANGUAGE_COOKIE,
        locale.tag(),
        Some(365),
        &state.settings,
    );
    context::append_set_cookie(&cookie);
    Ok(())
}
declare_access!(SetLanguage: Public);
