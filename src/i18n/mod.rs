//! Languages: every visible string and every email goes through [`translate`],
//! backed by the Fluent files in `locales/`, compiled into Rust by
//! `build.rs`. The language of a request is the user's preference, else the
//! `portico_lang` cookie, else the browser's `Accept-Language`, else English.

mod format;

pub use format::{
    format_date, format_datetime, format_datetime_at, format_datetime_for_reader, format_day,
    format_moment, format_money, format_percent, format_quantity, format_timestamp,
};
#[cfg(feature = "ssr")]
pub use format::{is_time_zone, time_zone_names};

pub use crate::domain::Locale;

use leptos::prelude::*;

/// The catalogue, compiled from `locales/*/main.ftl` by `build.rs`: message
/// ids in sorted order, and per language each message's parts in the same
/// order. No Fluent runtime reaches the browser.
mod catalogue {
    pub(super) enum Part {
        Text(&'static str),
        Variable(&'static str),
    }
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

use catalogue::Part;

/// The cookie that remembers an anonymous visitor's choice.
pub const LANGUAGE_COOKIE: &str = "portico_lang";

fn pattern(locale: Locale, id: &str) -> Option<&'static [Part]> {
    let index = catalogue::IDS.binary_search(&id).ok()?;
    Some(match locale {
        Locale::En => catalogue::EN[index],
        Locale::Ro => catalogue::RO[index],
        Locale::Es => catalogue::ES[index],
    })
}

/// The text of message `id` in `locale`; the id itself if it is missing
/// (the build refuses a catalogue where a language lacks a message).
pub fn translate(locale: Locale, id: &str) -> String {
    translate_with(locale, id, &[])
}

/// Like [`translate`], with Fluent variables such as `{ $name }`; a variable
/// not given shows as `{$name}`, as Fluent shows it.
pub fn translate_with(locale: Locale, id: &str, args: &[(&'static str, String)]) -> String {
    let Some(parts) = pattern(locale, id) else {
        return id.to_owned();
    };
    let mut text = String::new();
    for part in parts {
        match part {
            Part::Text(literal) => text.push_str(literal),
            Part::Variable(name) => match args.iter().find(|(key, _)| key == name) {
                Some((_, value)) => text.push_str(value),
                None => {
                    text.push_str("{$");
                    text.push_str(name);
                    text.push('}');
                }
            },
        }
    }
    text
}

/// The language and time zone of the page, shared by every component
/// through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
    time_zone: RwSignal<Option<String>>,
}

impl I18n {
    /// A stored time (Unix seconds) in the reader's language and time zone.
    pub fn moment(&self, at: i64) -> String {
        format_moment(at, self.locale.get(), self.time_zone.read().as_deref())
    }

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

/// The logged-in user's time zone (IANA name), if they chose one; the
/// client reads it back from `<html data-time-zone>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTimeZone(pub Option<String>);

/// The attribute of `<html>` that hands the time zone to the client.
pub const TIME_ZONE_ATTRIBUTE: &str = "data-time-zone";

pub fn provide_i18n() -> I18n {
    let initial = initial_locale();
    let i18n = I18n {
        locale: RwSignal::new(initial),
        time_zone: RwSignal::new(initial_time_zone()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(provide_i18n)
}

/// The language of the request being rendered, as the request middleware
/// chose it (server side).
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestLocale>().copied())
        .map(|r| r.0)
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    request_locale()
}

/// The time zone of the request being rendered (server side).
#[cfg(feature = "ssr")]
pub fn request_time_zone() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestTimeZone>().cloned())
        .and_then(|zone| zone.0)
}

#[cfg(feature = "ssr")]
fn initial_time_zone() -> Option<String> {
    request_time_zone()
}

#[cfg(not(feature = "ssr"))]
fn initial_time_zone() -> Option<String> {
    document()
        .document_element()
        .and_then(|html| html.get_attribute(TIME_ZONE_ATTRIBUTE))
        .filter(|zone| !zone.is_empty())
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
    fn multi_line_messages_keep_their_lines_and_a_missing_variable_shows() {
        let body = translate_with(
            Locale::En,
            "mail-new-sign-in-body",
            &[("name", "Maria".into()), ("when", "now".into())],
        );
        assert!(body.starts_with("Hello Maria,\n"), "{body}");
        assert!(body.contains("When: now\n"), "{body}");
        assert!(body.contains("Address: {$ip}"), "{body}");
        assert_eq!(translate(Locale::Ro, "no-such-message"), "no-such-message");
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
