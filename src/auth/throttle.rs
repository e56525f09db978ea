//! Repeated login attempts slow down, without letting anyone lock the
//! owner out (OWASP's "device cookies"). Attempts are counted in the
//! database so every app instance sees them, and counted *before* the
//! password is checked, by one conditional upsert per counter
//! (`store::reserve_within`) that only counts an attempt its limit still
//! allows: parallel guesses never get more than the limit through to the
//! hash, and a refused attempt is counted nowhere.
//!
//! Which counters an attempt uses depends on the browser:
//! - a browser holding a device cookie of an earlier successful login to
//!   this account (`devices.rs`) has a small budget of its own, keyed by
//!   that device and account, and nothing else;
//! - any other client is counted first under its own address (an IPv4
//!   address, or the /64 prefix of an IPv6 one), then under the login. The
//!   login's counter is reached only when the client is within its own
//!   limit, so a client over it adds nothing to its victim's.
//!
//! A stranger can therefore hold a login back for browsers that never
//! logged in to it, but never for its owner's known browsers.

use super::{devices::DeviceId, store};
use crate::{
    db::{Pool, StoreResult},
    domain::Email,
};
use std::net::IpAddr;

/// How long a window of attempts lasts, from its first attempt.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Attempts for one login within a window from browsers without a device
/// cookie for it.
pub const MAX_ATTEMPTS_PER_LOGIN: i64 = 5;
/// Attempts from one client address (any login) within a window.
pub const MAX_ATTEMPTS_PER_ADDRESS: i64 = 30;
/// Attempts of one known browser at its account within a window.
pub const MAX_ATTEMPTS_PER_DEVICE: i64 = 5;
/// Wrong second-factor codes one account may be sent within a window,
/// whatever the number of password steps passed meanwhile.
pub const MAX_SECOND_STEPS_PER_ACCOUNT: i64 = 10;

/// What attempts are counted under, with its limit. Never printed: it
/// holds a login.
#[derive(Clone, PartialEq, Eq)]
pub struct ThrottleKey {
    key: String,
    limit: i64,
}

impl std::fmt::Debug for ThrottleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ThrottleKey(***)")
    }
}

/// The login as typed, trimmed, lower-cased and cut to the longest valid
/// address, so that hostile input cannot bloat the table and known and
/// unknown logins count alike.
fn normalised_login(typed: &str) -> String {
    typed.trim().to_lowercase().chars().take(254).collect()
}

/// The client a request is counted under: an IPv4 address as it is, an
/// IPv6 address by its /64 prefix (one subscriber's whole network, which
/// it can rotate through freely), anything unreadable cut short.
pub fn client_key(client_ip: &str) -> String {
    match client_ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => client_ip.chars().take(64).collect(),
    }
}

impl ThrottleKey {
    fn new(key: String, limit: i64) -> Self {
        Self { key, limit }
    }

    pub fn login(typed: &str) -> Self {
        Self::new(
            format!("login:{}", normalised_login(typed)),
            MAX_ATTEMPTS_PER_LOGIN,
        )
    }

    pub fn address(client_ip: &str) -> Self {
        Self::new(
            format!("address:{}", client_key(client_ip)),
            MAX_ATTEMPTS_PER_ADDRESS,
        )
    }

    /// A browser known to `user_id` (its device cookie), at that account.
    pub fn device(user_id: i64, device: &DeviceId) -> Self {
        Self::new(
            format!("device:{user_id}:{}", device.digest()),
            MAX_ATTEMPTS_PER_DEVICE,
        )
    }

    /// Second-factor codes tried for `user_id`, across its half-done logins.
    pub fn second_steps(user_id: i64) -> Self {
        Self::new(
            format!("second-step:{user_id}"),
            MAX_SECOND_STEPS_PER_ACCOUNT,
        )
    }

    /// Password-reset requests for one address, counted apart from logins.
    pub fn reset_for(typed: &str) -> Self {
        Self::new(
            format!("reset:login:{}", normalised_login(typed)),
            MAX_RESETS_PER_LOGIN,
        )
    }

    /// Password-reset requests from one client.
    pub fn reset_from(client_ip: &str) -> Self {
        Self::new(
            format!("reset:address:{}", client_key(client_ip)),
            MAX_RESETS_PER_ADDRESS,
        )
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    pub fn limit(&self) -> i64 {
        self.limit
    }
}

/// Reset emails one address may be sent per window: enough for a lost
/// email, too few to flood an inbox.
pub const MAX_RESETS_PER_LOGIN: i64 = 3;
/// Reset requests one client may make per window.
pub const MAX_RESETS_PER_ADDRESS: i64 = 10;

/// The counters one password attempt goes through, in order.
#[derive(Debug, Clone)]
pub struct AttemptKeys {
    /// The client's own: its known browser, or else its address.
    pub client: ThrottleKey,
    /// The login's shared counter; none for a known browser.
    pub login: Option<ThrottleKey>,
}

impl AttemptKeys {
    /// The counters for a password typed for `typed_login` by the browser
    /// holding `device` (if any) from `client_ip`.
    pub async fn for_attempt(
        pool: &Pool,
        typed_login: &str,
        device: Option<&DeviceId>,
        client_ip: &str,
    ) -> StoreResult<Self> {
        let known = match (Email::parse(typed_login), device) {
            (Ok(login), Some(device)) => store::device_known_to(pool, &login, device).await?,
            _ => None,
        };
        Ok(match (known, device) {
            (Some(user_id), Some(device)) => Self {
                client: ThrottleKey::device(user_id, device),
                login: None,
            },
            _ => Self {
                client: ThrottleKey::address(client_ip),
                login: Some(ThrottleKey::login(typed_login)),
            },
        })
    }
}

/// Whether an attempt may go ahead, or how long its client should wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    Wait { seconds: i64 },
}

/// Counts this attempt under each of `keys` in turn, stopping at the first
/// whose limit is reached (that counter and the later ones are then left
/// as they were).
pub async fn reserve(pool: &Pool, keys: &AttemptKeys) -> StoreResult<Verdict> {
    for key in std::iter::once(&keys.client).chain(keys.login.as_ref()) {
        let verdict = reserve_one(pool, key).await?;
        if verdict != Verdict::Go {
            return Ok(verdict);
        }
    }
    Ok(Verdict::Go)
}

/// Counts one attempt under `key` if its limit allows it.
pub async fn reserve_one(pool: &Pool, key: &ThrottleKey) -> StoreResult<Verdict> {
    if store::reserve_within(pool, key).await?.is_some() {
        return Ok(Verdict::Go);
    }
    let seconds = store::window_left(pool, key).await?.clamp(1, WINDOW_SECS);
    Ok(Verdict::Wait { seconds })
}

/// Tells the client, in the answer being built, how many seconds to wait
/// before trying again.
pub fn answer_retry_after(seconds: i64) {
    use leptos::prelude::use_context;
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&seconds.max(1).to_string()),
    ) {
        response.insert_header(http::header::RETRY_AFTER, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_keys_are_normalised_and_bounded() {
        assert_eq!(
            ThrottleKey::login("  Maria@ACME.example ").as_str(),
            "login:maria@acme.example"
        );
        assert_eq!(
            ThrottleKey::login(&"x".repeat(10_000)).as_str().len(),
            254 + 6
        );
        assert_ne!(
            ThrottleKey::login("1.2.3.4"),
            ThrottleKey::address("1.2.3.4")
        );
    }

    #[test]
    fn two_ipv6_addresses_of_one_64_share_a_key() {
        assert_eq!(
            ThrottleKey::address("2001:db8:1:2:aaaa::1"),
            ThrottleKey::address("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")
        );
        assert_eq!(client_key("2001:db8:1:2::9"), "2001:db8:1:2::/64");
        assert_ne!(
            ThrottleKey::address("2001:db8:1:2::1"),
            ThrottleKey::address("2001:db8:1:3::1"),
            "the next /64 is another client"
        );
    }

    #[test]
    fn ipv4_addresses_count_alone_even_when_written_as_ipv6() {
        assert_eq!(client_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(client_key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_ne!(client_key("192.0.2.7"), client_key("192.0.2.8"));
        assert_eq!(client_key(&"?".repeat(500)).len(), 64);
    }
}
