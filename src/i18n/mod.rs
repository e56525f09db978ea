//! Languages: every visible string and every email goes through [`translate`],
//! backed by the Fluent files in `locales/`. The language of a request is the
//! user's preference, else the `portico_lang` cookie, else the browser's
//! `Accept-Language`, else English.

pub mod api;
mod format;

pub use format::{format_date, format_datetime, format_money};

use fluent_templates::{fluent_bundle::FluentValue, static_loader, LanguageIdentifier, Loader};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::{borrow::Cow, collections::HashMap};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that remembers an anonymous visitor's choice.
pub const LANGUAGE_COOKIE: &str = "portico_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Ro,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Ro, Locale::Es];

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ro => "ro",
            Self::Es => "es",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ro => "Română",
            Self::Es => "Español",
        }
    }

    /// Accepts a bare or regional tag in any case: "ro", "ro-RO", "es_ES".
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "ro" => Some(Self::Ro),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// Picks the supported language the browser prefers most, by q-value.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, usize, Locale)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let locale = Locale::from_tag(parts.next()?)?;
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some((quality, position, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|(_, _, locale)| *locale)
    }

    fn language_id(self) -> LanguageIdentifier {
        match self {
            Self::En => fluent_templates::langid!("en"),
            Self::Ro => fluent_templates::langid!("ro"),
            Self::Es => fluent_templates::langid!("es"),
        }
    }
}

/// The text of message `id` in `locale`; the id itself if it is missing
/// (a test keeps every language complete, so this only shows in development).
pub fn translate(locale: Locale, id: &str) -> String {
    LOCALES
        .try_lookup(&locale.language_id(), id)
        .unwrap_or_else(|| id.to_owned())
}

/// Like [`translate`], with Fluent variables such as `{ $name }`.
pub fn translate_with(locale: Locale, id: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(key, value)| (Cow::Borrowed(*key), FluentValue::from(value.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(&locale.language_id(), id, &args)
        .unwrap_or_else(|| id.to_owned())
}

/// The language of the page, shared by every component through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn set_locale(&self, locale: Locale) {
        self.locale.set(locale);
    }

    pub fn tr(&self, id: &str) -> String {
        translate(self.locale.get(), id)
    }

    pub fn tr_with(&self, id: &str, args: &[(&'static str, String)]) -> String {
        translate_with(self.locale.get(), id, args)
    }
}

/// The language the server chose for this request; the client reads it back
/// from `<html lang>` so both render the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLocale(pub Locale);

pub fn provide_i18n() -> I18n {
    let initial = initial_locale();
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(provide_i18n)
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    crate::web::request_locale()
}

#[cfg(not(feature = "ssr"))]
fn initial_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// A reactive translated string for use in `view!`: `{t!(i18n, "login-title")}`.
#[macro_export]
macro_rules! t {
    ($i18n:expr, $id:expr) => {{
        let i18n = $i18n;
        move || i18n.tr($id)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(
            Locale::negotiate("ro-RO,ro;q=0.9,en;q=0.8"),
            Some(Locale::Ro)
        );
        assert_eq!(
            Locale::negotiate("de-DE,es;q=0.5,en;q=0.7"),
            Some(Locale::En)
        );
        assert_eq!(Locale::negotiate("fr, es-ES"), Some(Locale::Es));
        assert_eq!(Locale::negotiate("de, fr;q=0.8"), None);
        assert_eq!(Locale::negotiate("ro;q=0, es"), Some(Locale::Es));
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::negotiate("en;q=abc, ro"), Some(Locale::Ro));
    }

    #[test]
    fn translates_into_each_language() {
        assert_eq!(translate(Locale::En, "login-submit"), "Log in");
        assert_eq!(translate(Locale::Ro, "login-submit"), "Autentificare");
        assert_eq!(translate(Locale::Es, "login-submit"), "Iniciar sesión");
        assert_eq!(
            translate_with(Locale::Ro, "portal-greeting", &[("name", "Maria".into())]),
            "Bună ziua, Maria"
        );
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let ids = |tag: &str| -> std::collections::BTreeSet<String> {
            let path = format!("{}/locales/{tag}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*']) && l.contains(" ="))
                .filter_map(|l| l.split(" =").next().map(str::to_owned))
                .collect()
        };
        let english = ids("en");
        assert!(english.len() > 20, "english catalogue looks empty");
        for tag in ["ro", "es"] {
            let other = ids(tag);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{tag}: missing {missing:?}, extra {extra:?}"
            );
        }
    }
}
