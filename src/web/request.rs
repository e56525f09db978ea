//! Who is asking: the client's address, the session, and the language.

use crate::{
    auth::session::{self, SessionToken},
    context::{cookies, AppState, Authenticated, ClientInfo},
    i18n::{Locale, RequestLocale, RequestTimeZone, LANGUAGE_COOKIE},
};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap};
use std::net::SocketAddr;

/// Resolves the session and the language once per request and stores them
/// in the request's extensions, where the guard and the pages read them.
pub async fn resolve_client_and_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_info(&state, &request);
    let authenticated = match SessionToken::from_headers(request.headers()) {
        Some(token) => match session::resolve(&state.pool, &token, &state.settings).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                None
            }
        },
        None => None,
    };
    let locale = negotiate_locale(authenticated.as_ref(), request.headers());
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
    let forwarded = state
        .settings
        .behind_proxy
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        // The proxy appends the address it saw last; earlier entries are client-supplied.
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    ClientInfo {
        ip: forwarded.or(peer).unwrap_or_else(|| "unknown".into()),
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// The user's preference, else the language cookie, else `Accept-Language`.
pub fn negotiate_locale(authenticated: Option<&Authenticated>, headers: &HeaderMap) -> Locale {
    let from_cookie =
        || cookies::read(headers, LANGUAGE_COOKIE).and_then(|tag| Locale::from_tag(&tag));
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

    #[test]
    fn cookie_beats_browser_and_english_is_the_last_resort() {
        let mut headers = HeaderMap::new();
        assert_eq!(negotiate_locale(None, &headers), Locale::En);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("es-ES,es;q=0.9"),
        );
        assert_eq!(negotiate_locale(None, &headers), Locale::Es);
        headers.insert(header::COOKIE, HeaderValue::from_static("portico_lang=ro"));
        assert_eq!(negotiate_locale(None, &headers), Locale::Ro);
    }
}
