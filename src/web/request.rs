//! Who is asking: the client's address, the session, and the language.

use crate::{
    auth::session::{self, SessionToken},
    config::Settings,
    context::{cookies, AppState, Authenticated, ClientInfo},
    i18n::{Locale, RequestLocale, RequestTimeZone, LANGUAGE_COOKIE},
};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// Resolves the session and the language once per request and stores them
/// in the request's extensions, where the guard and the pages read them.
pub async fn resolve_client_and_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_info(&state, &request);
    let authenticated = match SessionToken::from_headers(request.headers(), &state.settings) {
        Some(token) => match session::resolve(&state.pool, &token, &state.settings).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                None
            }
        },
        None => None,
    };
    let locale = negotiate_locale(authenticated.as_ref(), request.headers(), &state.settings);
    let extensions = request.extensions_mut();
    extensions.insert(client);
    extensions.insert(RequestLocale(locale));
    extensions.insert(RequestTimeZone(
        authenticated
            .as_ref()
            .and_then(|a| a.user.time_zone.clone()),
    ));
    if let Some(authenticated) = authenticated {
        extensions.insert(authenticated);
    }
    next.run(request).await
}

fn client_info(state: &AppState, request: &Request) -> ClientInfo {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .map(|line| line.to_str().unwrap_or_default());
    ClientInfo {
        ip: client_address(forwarded, state.settings.trusted_proxies, peer)
            .map_or_else(|| "unknown".into(), |ip| ip.to_string()),
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// The client's address behind `trusted_proxies` proxies, from the
/// `X-Forwarded-For` lines in the order received (several lines are one
/// list). Each proxy appends the address it was reached from, so the last
/// `trusted_proxies` entries are theirs: the leftmost of them is the
/// client as the first proxy saw it; everything further left the client
/// wrote itself. With fewer entries than proxies, or no address where the
/// client's should be, the connection's peer is all that can be believed.
pub fn client_address<'a>(
    forwarded: impl IntoIterator<Item = &'a str>,
    trusted_proxies: usize,
    peer: Option<IpAddr>,
) -> Option<IpAddr> {
    if trusted_proxies == 0 {
        return peer;
    }
    let entries: Vec<&str> = forwarded
        .into_iter()
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .collect();
    entries
        .len()
        .checked_sub(trusted_proxies)
        .and_then(|index| parse_address(entries[index]))
        .or(peer)
}

/// An address as proxies write it: bare, or with a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The user's preference, else the language cookie, else `Accept-Language`.
pub fn negotiate_locale(
    authenticated: Option<&Authenticated>,
    headers: &HeaderMap,
    settings: &Settings,
) -> Locale {
    let from_cookie =
        || cookies::read(headers, LANGUAGE_COOKIE, settings).and_then(|tag| Locale::from_tag(&tag));
    let from_browser = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Locale::negotiate)
    };
    authenticated
        .and_then(|a| a.user.locale)
        .or_else(from_cookie)
        .or_else(from_browser)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    const PEER: &str = "10.0.0.2";

    fn behind(proxies: usize, lines: &[&str]) -> Option<IpAddr> {
        client_address(lines.iter().copied(), proxies, ip(PEER))
    }

    #[test]
    fn the_client_is_the_entry_the_nearest_trusted_proxy_vouches_for() {
        assert_eq!(behind(1, &["203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(
            behind(1, &["6.6.6.6, 203.0.113.7"]),
            ip("203.0.113.7"),
            "a forged first value is ignored"
        );
        assert_eq!(
            behind(2, &["6.6.6.6, 203.0.113.7, 10.0.0.1"]),
            ip("203.0.113.7"),
            "the second proxy's entry names the first proxy"
        );
        assert_eq!(behind(1, &["2001:db8::7"]), ip("2001:db8::7"));
        assert_eq!(behind(1, &["[2001:db8::7]:4711"]), ip("2001:db8::7"));
        assert_eq!(behind(1, &["203.0.113.7:4711"]), ip("203.0.113.7"));
    }

    #[test]
    fn several_header_lines_are_one_list_in_order() {
        // A proxy that adds its own line after the client's (HAProxy, some CDNs).
        assert_eq!(behind(1, &["6.6.6.6", "203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(
            behind(2, &["6.6.6.6, 203.0.113.7", "10.0.0.1"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            behind(1, &["6.6.6.6, 7.7.7.7", "203.0.113.7"]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn too_few_entries_or_garbage_leave_the_peer_address() {
        assert_eq!(behind(1, &[]), ip(PEER), "no header");
        assert_eq!(behind(2, &["203.0.113.7"]), ip(PEER), "fewer than proxies");
        for garbage in [
            "unknown",
            "",
            "203.0.113",
            "1.2.3.4.5",
            "<script>",
            "999.1.1.1",
        ] {
            assert_eq!(behind(1, &[garbage]), ip(PEER), "{garbage:?}");
            assert_eq!(
                behind(1, &["203.0.113.7", garbage]),
                ip(PEER),
                "the trusted entry is {garbage:?}: no stepping further left"
            );
        }
        assert_eq!(
            behind(1, &["203.0.113.7,"]),
            ip(PEER),
            "an empty last entry"
        );
        assert_eq!(client_address(["203.0.113.7"], 1, None), ip("203.0.113.7"));
        assert_eq!(client_address(["garbage"], 1, None), None);
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(behind(0, &["203.0.113.7"]), ip(PEER));
    }

    #[test]
    fn cookie_beats_browser_and_english_is_the_last_resort() {
        let settings = Settings::from_lookup(|_| None).unwrap();
        let negotiate_locale = |headers: &HeaderMap| negotiate_locale(None, headers, &settings);
        let mut headers = HeaderMap::new();
        assert_eq!(negotiate_locale(&headers), Locale::En);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("es-ES,es;q=0.9"),
        );
        assert_eq!(negotiate_locale(&headers), Locale::Es);
        headers.insert(header::COOKIE, HeaderValue::from_static("portico_lang=ro"));
        assert_eq!(negotiate_locale(&headers), Locale::Ro);
    }
}
