//! Reading and writing Portico's cookies, all with the same attributes:
//! path `/`, HttpOnly, SameSite=Lax, Secure when served over https.

use crate::config::Settings;
use cookie::{Cookie, SameSite};
use http::HeaderMap;

/// The value of cookie `name` in the request, if present.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A random token's cookie value, if well-formed (64 hex digits).
pub fn read_token(headers: &HeaderMap, name: &str) -> Option<String> {
    read(headers, name).filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value for `name=value`; a browser-session cookie
/// unless `max_age_days` is given.
pub fn set(name: &str, value: &str, max_age_days: Option<i64>, settings: &Settings) -> String {
    let mut cookie = Cookie::build((name.to_owned(), value.to_owned()))
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

    #[test]
    fn reads_one_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("a=1; portico_lang=ro; b=2"),
        );
        assert_eq!(read(&headers, "portico_lang").as_deref(), Some("ro"));
        assert_eq!(read(&headers, "missing"), None);
        assert_eq!(read_token(&headers, "a"), None, "not a token");
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
        let https = Settings::from_lookup(|n| {
            (n == "PORTICO_PUBLIC_URL").then(|| "https://p.example".into())
        })
        .unwrap();
        assert!(set("a", "b", Some(1), &https).contains("Secure"));
        assert!(set("a", "b", Some(1), &https).contains("Max-Age=86400"));
        assert!(remove("portico_session", &settings()).contains("Max-Age=0"));
    }
}
