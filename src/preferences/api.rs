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

/// What the preferences form shows: the choices made, and the time zones
/// to choose from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Preferences {
    pub language: String,
    /// An IANA name; "UTC" until the user picks one.
    pub time_zone: String,
    /// Emails about the documents the user follows.
    pub document_updates: bool,
    pub time_zones: Vec<String>,
}

#[server(endpoint = "preferences")]
pub async fn my_preferences() -> Result<Preferences, AppError> {
    let user = crate::context::authorize::<MyPreferences>()?;
    let state = crate::context::app_state()?;
    let (lang, time_zone, document_updates) = super::store::read(&state.pool, user.user_id).await?;
    Ok(Preferences {
        language: lang.unwrap_or_else(|| crate::i18n::request_locale().tag().to_owned()),
        time_zone: time_zone.unwrap_or_else(|| "UTC".to_owned()),
        document_updates,
        time_zones: crate::i18n::time_zone_names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    })
}
declare_access!(MyPreferences: SignedIn);

/// The preferences form as typed (`preferences[…]`); an unticked box is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PreferencesInput {
    pub lang: String,
    pub time_zone: String,
    pub document_updates: Option<String>,
}

/// Saves the language, time zone and optional emails together; they apply
/// from the next page on (the form reloads the page it is on).
#[server(endpoint = "preferences/save")]
pub async fn save_preferences(preferences: PreferencesInput) -> Result<(), AppError> {
    use crate::{
        domain::contact_fields::{parse_language, TextProblem},
        error::FieldErrors,
    };
    let user = crate::context::authorize::<SavePreferences>()?;
    let mut errors = FieldErrors::default();
    let locale = errors.check("lang", parse_language(&preferences.lang));
    let zone = preferences.time_zone.trim();
    let zone = errors.check(
        "time_zone",
        crate::i18n::is_time_zone(zone)
            .then_some(zone)
            .ok_or(TextProblem::UnknownTimeZone),
    );
    errors.finish()?;
    let (Some(locale), Some(zone)) = (locale, zone) else {
        return Err(AppError::ServerError);
    };
    let state = crate::context::app_state()?;
    super::store::save(
        &state.pool,
        user.user_id,
        locale.tag(),
        (zone != "UTC").then_some(zone),
        preferences.document_updates.is_some(),
    )
    .await?;
    crate::context::append_set_cookie(&crate::context::cookies::set(
        crate::i18n::LANGUAGE_COOKIE,
        locale.tag(),
        Some(365),
        &state.settings,
    ));
    leptos_axum::redirect(crate::access::security_page(user.role));
    Ok(())
}
declare_access!(SavePreferences: SignedIn);
