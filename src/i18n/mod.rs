//! Languages: every visible string and every email goes through [`translate`],
//! backed by the Fluent files in `locales/`, compiled into Rust by
//! `build.rs`. The language of a request is the user's preference, else the
//! `portico_lang` cookie, else the browser's `Accept-Language`, else English.

mod format;

pub use format::{
    format_amount_input, format_date, format_datetime, format_datetime_at,
    format_datetime_for_reader, format_day, format_moment, format_money, format_percent,
    format_quantity, format_timestamp,
};
#[cfg(feature = "ssr")]
pub use format::{is_time_zone, time_zone_names};

pub use crate::domain::Locale;

use leptos::prelude::*;
use std::sync::OnceLock;

/// The catalogue, compiled from `locales/*/main.ftl` by `build.rs`: the
/// message ids in sorted order, and per language one text of its messages
/// in that order. The server holds all three languages; the WASM bundle
/// holds none and is given the reader's language as it starts (the page's
/// loading script fetches it from [`catalogue_path`], in parallel with the
/// WASM): three languages in the bundle were ~45 KB of its first load
/// (issue 7).
mod catalogue {
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// The cookie that remembers an anonymous visitor's choice.
pub const LANGUAGE_COOKIE: &str = "portico_lang";

/// Each language's messages, in the order of `catalogue::IDS`.
static MESSAGES: [OnceLock<Vec<&'static str>>; 3] = [const { OnceLock::new() }; 3];

fn slot(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Ro => 1,
        Locale::Es => 2,
    }
}

fn split(text: &'static str) -> Option<Vec<&'static str>> {
    let messages: Vec<&'static str> = text.split(catalogue::SEPARATOR).collect();
    (messages.len() == catalogue::IDS.len()).then_some(messages)
}

#[cfg(feature = "ssr")]
fn messages(locale: Locale) -> Option<&'static [&'static str]> {
    let messages = &MESSAGES[slot(locale)];
    if let Some(loaded) = messages.get() {
        return Some(loaded);
    }
    let compiled = split(catalogue::TEXTS[slot(locale)])?;
    Some(messages.get_or_init(|| compiled))
}

#[cfg(not(feature = "ssr"))]
fn messages(locale: Locale) -> Option<&'static [&'static str]> {
    MESSAGES[slot(locale)].get().map(Vec::as_slice)
}

/// Where a language's catalogue is served: named by its content, so kept
/// by browsers for a year.
pub fn catalogue_path(locale: Locale) -> String {
    format!("/i18n/{}", catalogue::FILES[slot(locale)])
}

/// The catalogue file `name` (as in [`catalogue_path`]): its text, if it is
/// one of this build's.
#[cfg(feature = "ssr")]
pub fn catalogue_file(name: &str) -> Option<&'static str> {
    let index = catalogue::FILES.iter().position(|file| *file == name)?;
    Some(catalogue::TEXTS[index])
}

/// Whether the client holds `locale`'s messages.
pub fn has_catalogue(locale: Locale) -> bool {
    messages(locale).is_some()
}

/// Takes a language's catalogue as the server serves it (client side).
/// False when it is not one this build understands: a page of an older or
/// newer release.
pub fn install_catalogue(locale: Locale, text: String) -> bool {
    // Kept for the rest of the visit: a language's messages are read on
    // every render.
    let Some(messages) = split(text.leak()) else {
        return false;
    };
    let _ = MESSAGES[slot(locale)].set(messages);
    true
}

/// The text of message `id` in `locale`; the id itself if it is missing
/// (the build refuses a catalogue where a language lacks a message).
pub fn translate(locale: Locale, id: &str) -> String {
    translate_with(locale, id, &[])
}

/// Like [`translate`], with Fluent variables such as `{ $name }`; a variable
/// not given shows as `{$name}`, as Fluent shows it.
pub fn translate_with(locale: Locale, id: &str, args: &[(&'static str, String)]) -> String {
    let text = catalogue::IDS
        .binary_search(&id)
        .ok()
        .and_then(|index| Some(messages(locale)?[index]));
    let Some(mut rest) = text else {
        return id.to_owned();
    };
    let mut text = String::with_capacity(rest.len());
    while let Some(start) = rest.find("{$") {
        text.push_str(&rest[..start]);
        let variable = &rest[start + 2..];
        let Some(end) = variable.find('}') else {
            break;
        };
        let name = &variable[..end];
        match args.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => text.push_str(value),
            None => text.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &variable[end + 1..];
    }
    text.push_str(rest);
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

    /// Shows the page in `locale`: at once when its messages are at hand,
    /// else once they have loaded (client side), and `<html lang>` with it.
    /// Should they not load, the page reloads, in the language the server
    /// has been told meanwhile.
    pub fn switch_to(&self, locale: Locale) {
        let signal = self.locale;
        let apply = move || {
            signal.set(locale);
            #[cfg(not(feature = "ssr"))]
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", locale.tag());
            }
        };
        if has_catalogue(locale) {
            apply();
            return;
        }
        #[cfg(not(feature = "ssr"))]
        leptos::task::spawn_local(async move {
            let installed = fetch_catalogue(locale)
                .await
                .is_some_and(|text| install_catalogue(locale, text));
            if installed {
                apply();
            } else {
                let _ = window().location().reload();
            }
        });
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
    page_locale()
}

/// The language the server rendered the page in (client side).
#[cfg(not(feature = "ssr"))]
pub fn page_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// A language's catalogue from the server (client side).
#[cfg(not(feature = "ssr"))]
async fn fetch_catalogue(locale: Locale) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window().fetch_with_str(&catalogue_path(locale)))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
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
    fn each_compiled_catalogue_holds_every_message_and_variables_are_filled_in_order() {
        for locale in Locale::ALL {
            let text = catalogue_file(catalogue_path(locale).trim_start_matches("/i18n/"))
                .expect("served by its own path");
            assert_eq!(
                split(text).map(|m| m.len()),
                Some(catalogue::IDS.len()),
                "{locale:?}"
            );
        }
        assert_eq!(
            translate_with(
                Locale::En,
                "portal-greeting",
                &[("name", "{$name} & {$other}".into())]
            ),
            "Hello, {$name} & {$other}",
            "a value is written as given, never read as a variable"
        );
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
