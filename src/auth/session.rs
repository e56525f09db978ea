//! Server-side sessions. The browser holds a random token in an HttpOnly
//! cookie; the database holds only its SHA-256, so a copy of the database
//! opens no session. Sessions end after an idle period and an absolute
//! lifetime, at logout, and when the account is revoked.

use super::store;
use crate::{
    access::{two_factor_required, CurrentUser, CustomerScope},
    config::Settings,
    context::{cookies, Authenticated},
    db::{now, Pool, StoreError, StoreResult},
    domain::{Locale, Role},
};
use http::HeaderMap;
use sha2::{Digest, Sha256};
use std::fmt;

pub const COOKIE_NAME: &str = "portico_session";

/// Seconds between two writes of `last_seen_at` for one session: idle
/// expiry is measured in minutes, so per-request writes would buy nothing.
const TOUCH_EVERY_SECS: i64 = 60;

/// The cookie value. Never printed, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

impl SessionToken {
    pub(super) fn generate() -> Self {
        Self(hex::encode(rand::random::<[u8; 32]>()))
    }

    /// A token read from a cookie (already checked to be 64 hex digits).
    pub(super) fn from_value(value: String) -> Self {
        Self(value)
    }

    /// The token itself, for a cookie.
    pub(super) fn value(&self) -> &str {
        &self.0
    }

    pub fn from_headers(headers: &HeaderMap, settings: &Settings) -> Option<Self> {
        cookies::read_token(headers, COOKIE_NAME, settings).map(Self)
    }

    pub(super) fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The `Set-Cookie` value that hands this token to the browser.
    pub fn set_cookie(&self, settings: &Settings) -> String {
        cookies::set(COOKIE_NAME, &self.0, None, settings)
    }
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(settings: &Settings) -> String {
    cookies::remove(COOKIE_NAME, settings)
}

/// A session is live while it has been used within `idle` and started within `lifetime`.
pub fn is_live(created_at: i64, last_seen_at: i64, now: i64, settings: &Settings) -> bool {
    let idle = settings.session_idle.as_secs() as i64;
    let lifetime = settings.session_lifetime.as_secs() as i64;
    now - last_seen_at < idle && now - created_at < lifetime
}

/// A session and its user as stored: see `store::find_session`.
pub type SessionRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    Option<i64>,
);

/// The live session behind `token`, if any; ends it when it has expired.
/// A customer's session carries its scope, so that no portal query has to
/// look it up again.
pub async fn resolve(
    pool: &Pool,
    token: &SessionToken,
    settings: &Settings,
) -> StoreResult<Option<Authenticated>> {
    let Some((
        session_id,
        created_at,
        last_seen_at,
        user_id,
        contact_id,
        name,
        login,
        role,
        lang,
        revoked_at,
        time_zone,
        two_factor_on,
        customers_need_two_factor,
    )) = store::find_session(pool, token).await?
    else {
        return Ok(None);
    };
    let at = now();
    if revoked_at.is_some() || !is_live(created_at, last_seen_at, at, settings) {
        store::end_session_by_id(pool, session_id).await?;
        return Ok(None);
    }
    if at - last_seen_at >= TOUCH_EVERY_SECS {
        store::touch_session(pool, session_id, at).await?;
    }
    let role =
        Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role of user {user_id}")))?;
    let scope = match role {
        Role::Customer => Some(CustomerScope::of_commercial_entity(
            crate::contacts::store::commercial_entity_of(pool, contact_id).await?,
        )),
        Role::Staff | Role::Administrator => None,
    };
    Ok(Some(Authenticated {
        session_id,
        user: CurrentUser {
            user_id,
            contact_id,
            name,
            login,
            role,
            locale: lang.as_deref().and_then(Locale::from_tag),
            signed_in_at: created_at,
            time_zone,
            must_set_up_two_factor: two_factor_on == 0
                && two_factor_required(role, customers_need_two_factor == Some(1)),
        },
        scope,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn settings() -> Settings {
        Settings::from_lookup(|_| None).unwrap()
    }

    #[test]
    fn sessions_expire_when_idle_or_too_old() {
        let s = settings();
        let start = 1_000_000;
        assert!(is_live(start, start, start + 29 * 60, &s));
        assert!(!is_live(start, start, start + 30 * 60, &s));
        let busy = start + 12 * 3600 - 10;
        assert!(is_live(start, busy, busy + 5, &s));
        assert!(!is_live(start, busy, start + 12 * 3600, &s));
    }

    #[test]
    fn reads_only_a_well_formed_token_from_the_cookie_header() {
        let token = SessionToken::generate();
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_str(&format!("portico_lang=ro; {COOKIE_NAME}={}", token.0)).unwrap(),
        );
        assert_eq!(
            SessionToken::from_headers(&headers, &settings()),
            Some(token)
        );
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("portico_session=abc"),
        );
        assert_eq!(SessionToken::from_headers(&headers, &settings()), None);
    }

    #[test]
    fn cookie_is_http_only_and_lax() {
        let value = SessionToken::generate().set_cookie(&settings());
        assert!(
            value.contains("HttpOnly")
                && value.contains("SameSite=Lax")
                && value.contains("Path=/")
        );
        assert!(!value.contains("Secure"));
        assert!(clear_cookie(&settings()).contains("Max-Age=0"));
    }
}
