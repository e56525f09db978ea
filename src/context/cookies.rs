//! Reading and writing Portico's cookies, all with the same attributes:
//! path `/`, HttpOnly, SameSite=Lax, no domain, and when served over https
//! Secure and named with the `__Host-` prefix. A browser keeps a
//! `__Host-` cookie only if this very host set it over https, so neither
//! a neighbouring subdomain nor anyone on a plain-http path can plant one
//! (a session or a half-done login of their choosing). Over https only the
//! prefixed name is read; over http (development, the browser tests) the
//! plain one.

use crate::config::Settings;
use cookie::{Cookie, SameSite};
use http::HeaderMap;
use std::borrow::Cow;

/// The name cookie `name` goes by on this site.
pub fn site_name<'a>(name: &'a str, settings: &Settings) -> Cow<'a, str> {
    if settings.over_https() {
        Cow::Owned(format!("__Host-{name}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// The value of cookie `name` in the request, if present.
pub fn read(headers: &HeaderMap, name: &str, settings: &Settings) -> Option<String> {
    let name = site_name(name, settings);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name.as_ref())
        .map(|c| c.value().to_owned())
}

/// A random token's cookie value, if well-formed (64 hex digits).
pub fn read_token(headers: &HeaderMap, name: &str, settings: &Settings) -> Option<String> {
    read(headers, name, settings)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value for `name=value`; a browser-session cookie
/// unless `max_age_days` is given.
pub fn set(name: &str, value: &str, max_age_days: Option<i64>, settings: &Settings) -> String {
    let name = site_name(name, settings).into_owned();
    let mut cookie = Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.cookies_secure())
        .build();
    if let Some(days) = max_age_days {
        cookie.set_max_age(cookie::time::Duration::days(days));
    }
    cookie.to_string()
}

/// The `Set-Cookie` value that removes cookie `name`.
pub fn remove(name: &str, settings: &Settings) -> String {
    // `set` names it for the site.
    let mut cookie =
        Cookie::parse(set(name, "", None, settings)).expect("a cookie we just built parses");
    cookie.make_removal();
    cookie.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn settings() -> Settings {
        Settings::from_lookup(|_| None).unwrap()
    }

    fn https() -> Settings {
        Settings::from_lookup(|n| (n == "PORTICO_PUBLIC_URL").then(|| "https://p.example".into()))
            .unwrap()
    }

    #[test]
    fn over_https_cookies_carry_the_host_prefix_and_only_it_is_read() {
        let https = https();
        let value = set("portico_session", "x", None, &https);
        assert!(value.starts_with("__Host-portico_session=x;"), "{value}");
        assert!(value.contains("Secure") && value.contains("Path=/"));
        assert!(!value.to_ascii_lowercase().contains("domain"));
        let removal = remove("portico_session", &https);
        assert!(removal.starts_with("__Host-portico_session=;") && removal.contains("Secure"));

        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("portico_lang=es; __Host-portico_lang=ro"),
        );
        assert_eq!(
            read(&headers, "portico_lang", &https).as_deref(),
            Some("ro")
        );
        assert_eq!(
            read(&headers, "portico_lang", &settings()).as_deref(),
            Some("es")
        );
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("portico_lang=es"),
        );
        assert_eq!(
            read(&headers, "portico_lang", &https),
            None,
            "a plain name may have been planted: not read over https"
        );
    }

    #[test]
    fn reads_one_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("a=1; portico_lang=ro; b=2"),
        );
        let s = settings();
        assert_eq!(read(&headers, "portico_lang", &s).as_deref(), Some("ro"));
        assert_eq!(read(&headers, "missing", &s), None);
        assert_eq!(read_token(&headers, "a", &s), None, "not a token");
    }

    #[test]
    fn cookies_are_http_only_and_lax_and_secure_only_over_https() {
        let value = set("portico_session", "x", None, &settings());
        assert!(
            value.contains("HttpOnly")
                && value.contains("SameSite=Lax")
                && value.contains("Path=/")
        );
        assert!(!value.contains("Secure") && !value.contains("Max-Age"));
        let https = https();
        assert!(set("a", "b", Some(1), &https).contains("Secure"));
        assert!(set("a", "b", Some(1), &https).contains("Max-Age=86400"));
        assert!(remove("portico_session", &settings()).contains("Max-Age=0"));
    }
}
