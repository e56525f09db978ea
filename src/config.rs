//! Settings from the environment, optionally loaded from a file first
//! (`PORTICO_CONFIG_FILE`). A wrong setting stops the start with one line
//! that names it.

use std::{path::PathBuf, time::Duration};

#[derive(Debug, thiserror::Error)]
#[error("configuration error: {name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

fn config_error(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        name,
        problem: problem.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// Writes each message as an `.eml` file into a folder.
    Files(PathBuf),
    /// Sends through an SMTP server, e.g. `smtps://user:pass@mail.example.com:465`.
    Smtp(String),
}

/// Who moves the money (`PORTICO_PAYMENT_PROVIDER`). Unset, and not
/// `serve --demo`: nobody, and the pay forms say payments are not set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderChoice {
    /// The built-in provider that accepts test card numbers and moves no
    /// money: for demonstrations only.
    Demo,
    /// Stripe, with the account's keys (`PORTICO_STRIPE_*`).
    Stripe(StripeSettings),
}

impl ProviderChoice {
    /// The setting's value as written, with what the provider needs read
    /// through `get`.
    fn parse(
        value: &str,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, ConfigError> {
        match value.trim() {
            "" => Ok(None),
            "demo" => Ok(Some(Self::Demo)),
            "stripe" => Ok(Some(Self::Stripe(StripeSettings::from_lookup(get)?))),
            _ => Err(config_error(
                "PORTICO_PAYMENT_PROVIDER",
                "must be stripe or demo, or left unset for no payments",
            )),
        }
    }
}

/// Stripe's keys and addresses. Read from the environment (or the config
/// file), never stored in the database; `Debug` shows neither secret.
#[derive(Clone, PartialEq, Eq)]
pub struct StripeSettings {
    secret_key: String,
    /// `pk_…`: public by design, Stripe.js gets it in the page.
    pub publishable_key: String,
    webhook_secret: String,
    /// Without a trailing `/` (`PORTICO_STRIPE_API_BASE`); localstripe's
    /// address in tests.
    pub api_base: String,
    /// Stripe.js (`PORTICO_STRIPE_JS_URL`).
    pub js_url: String,
}

impl std::fmt::Debug for StripeSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeSettings")
            .field("secret_key", &"***")
            .field("publishable_key", &self.publishable_key)
            .field("webhook_secret", &"***")
            .field("api_base", &self.api_base)
            .field("js_url", &self.js_url)
            .finish()
    }
}

impl StripeSettings {
    pub const DEFAULT_API_BASE: &'static str = "https://api.stripe.com";
    pub const DEFAULT_JS_URL: &'static str = "https://js.stripe.com/v3/";

    /// The `PORTICO_STRIPE_*` settings through `get` (as
    /// [`Settings::from_lookup`] reads them; tests give their own).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let required = |name: &'static str| {
            get(name)
                .map(|value| value.trim().to_owned())
                .ok_or_else(|| {
                    config_error(name, "is required when PORTICO_PAYMENT_PROVIDER=stripe")
                })
        };
        let secret_key = required("PORTICO_STRIPE_SECRET_KEY")?;
        if !is_key(&secret_key, "sk_") {
            return Err(config_error(
                "PORTICO_STRIPE_SECRET_KEY",
                "must be the account's secret key, sk_… (not the publishable pk_… one)",
            ));
        }
        let publishable_key = required("PORTICO_STRIPE_PUBLISHABLE_KEY")?;
        if !is_key(&publishable_key, "pk_") {
            return Err(config_error(
                "PORTICO_STRIPE_PUBLISHABLE_KEY",
                "must be the account's publishable key, pk_…",
            ));
        }
        // A test key with a live one: payments would fail in the browser only.
        let live = |key: &str, prefix: &str| key.starts_with(&format!("{prefix}live_"));
        let test = |key: &str, prefix: &str| key.starts_with(&format!("{prefix}test_"));
        if (live(&secret_key, "sk_") && test(&publishable_key, "pk_"))
            || (test(&secret_key, "sk_") && live(&publishable_key, "pk_"))
        {
            return Err(config_error(
                "PORTICO_STRIPE_PUBLISHABLE_KEY",
                "is for the other mode (test or live) than PORTICO_STRIPE_SECRET_KEY",
            ));
        }
        let webhook_secret = required("PORTICO_STRIPE_WEBHOOK_SECRET")?;
        let api_base = match get("PORTICO_STRIPE_API_BASE") {
            None => Self::DEFAULT_API_BASE.to_owned(),
            Some(url) => web_address("PORTICO_STRIPE_API_BASE", &url)?,
        };
        let js_url = match get("PORTICO_STRIPE_JS_URL") {
            None => Self::DEFAULT_JS_URL.to_owned(),
            Some(url) => web_address("PORTICO_STRIPE_JS_URL", &url)?,
        };
        Ok(Self {
            secret_key,
            publishable_key,
            webhook_secret,
            api_base: api_base.trim_end_matches('/').to_owned(),
            js_url,
        })
    }

    /// `sk_…`: everything on the account. Only the Stripe client gets it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The webhook endpoint's signing secret (`whsec_…`).
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    /// Where Stripe.js comes from, e.g. `https://js.stripe.com`.
    pub fn js_origin(&self) -> &str {
        origin(&self.js_url)
    }

    /// Where Stripe.js sends its requests, e.g. `https://api.stripe.com`.
    pub fn api_origin(&self) -> &str {
        origin(&self.api_base)
    }
}

/// `prefix` and something after it, all of it printable ASCII without
/// spaces, as Stripe's keys are.
fn is_key(key: &str, prefix: &str) -> bool {
    key.len() > prefix.len() && key.starts_with(prefix) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// An http(s) address whose origin can go into a Content-Security-Policy:
/// https, or http to this machine (localstripe), and a host of letters,
/// digits, dots, dashes, a port, or an IPv6 address in brackets.
fn web_address(name: &'static str, url: &str) -> Result<String, ConfigError> {
    let url = url.trim();
    let refused = || {
        config_error(
            name,
            "must be an https:// address (http:// only on this machine), e.g. https://api.stripe.com",
        )
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(refused)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let loopback = matches!(host_name, "localhost" | "[::1]") || host_name.starts_with("127.");
    let fits = !host_name.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        && url
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"'\";,".contains(&b))
        && (scheme == "https" || (scheme == "http" && loopback));
    if fits {
        Ok(url.to_owned())
    } else {
        Err(refused())
    }
}

/// `scheme://host[:port]` of an address `web_address` accepted.
fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    &url[..end]
}

/// The longest chain of proxies `PORTICO_TRUSTED_PROXIES` accepts.
pub const MAX_TRUSTED_PROXIES: usize = 10;

#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database_url: String,
    /// The address customers reach Portico at; used in email links and to
    /// decide whether cookies are `Secure`.
    pub public_url: String,
    pub session_idle: Duration,
    pub session_lifetime: Duration,
    /// How long an invitation link works.
    pub invitation_valid_for: Duration,
    /// How long a password-reset link works (`PORTICO_RESET_HOURS`, 4 by default).
    pub reset_valid_for: Duration,
    pub mail_transport: MailTransport,
    pub mail_from: String,
    /// How many proxies in front of Portico append to `X-Forwarded-For`
    /// (`PORTICO_TRUSTED_PROXIES`; `PORTICO_BEHIND_PROXY=true` means one).
    /// 0: the client address is the connection's peer. The entries those
    /// proxies wrote are the last ones of the header; anything to their left
    /// came from the client and is never believed (`web::request`).
    pub trusted_proxies: usize,
    /// How long the demo payment provider takes to answer a charge
    /// (`PORTICO_DEMO_PROVIDER_DELAY_MS`, 0 by default), as a real one
    /// takes over the network: to see the progress shown while paying, and
    /// for the crash test to stop the server in the middle of charges.
    pub demo_provider_delay: Duration,
    /// Who moves the money; `serve --demo` chooses the demo provider too.
    pub payment_provider: Option<ProviderChoice>,
    /// How many password hashes may run at once (`PORTICO_MAX_PARALLEL_HASHES`;
    /// by default two per core, within half the available memory at 19 MiB
    /// each); a login finding none free within 2 s is answered 503.
    pub hash_slots: crate::hash_slots::HashSlots,
}

impl Settings {
    /// Reads every setting from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        if let Ok(file) = std::env::var("PORTICO_CONFIG_FILE") {
            dotenvy::from_path(&file).map_err(|e| {
                config_error("PORTICO_CONFIG_FILE", format!("cannot read {file}: {e}"))
            })?;
        }
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can supply their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let data_dir = PathBuf::from(get("PORTICO_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url) => {
                if !(url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://"))
                {
                    return Err(config_error(
                        "DATABASE_URL",
                        "must start with sqlite:, postgres:// or postgresql://",
                    ));
                }
                url
            }
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("portico.sqlite3").display()
            ),
        };

        let site_addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let public_url = get("PORTICO_PUBLIC_URL")
            .unwrap_or_else(|| default_public_url(&site_addr))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://"))
            || public_url.len() <= "https://".len()
        {
            return Err(config_error(
                "PORTICO_PUBLIC_URL",
                "must be an http:// or https:// address",
            ));
        }

        let minutes = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match get(name) {
                None => Ok(Duration::from_secs(default * 60)),
                Some(v) => match v.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Ok(Duration::from_secs(n * 60)),
                    _ => Err(config_error(
                        name,
                        "must be a whole number of minutes above 0",
                    )),
                },
            }
        };
        let session_idle = minutes("PORTICO_SESSION_IDLE_MINUTES", 30)?;
        let session_lifetime = minutes("PORTICO_SESSION_LIFETIME_MINUTES", 12 * 60)?;
        let invitation_valid_for = match get("PORTICO_INVITATION_DAYS") {
            None => Duration::from_secs(7 * 86_400),
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n @ 1..=90) => Duration::from_secs(n * 86_400),
                _ => {
                    return Err(config_error(
                        "PORTICO_INVITATION_DAYS",
                        "must be a whole number of days from 1 to 90",
                    ))
                }
            },
        };

        let reset_valid_for = match get("PORTICO_RESET_HOURS") {
            None => Duration::from_secs(4 * 3_600),
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n @ 1..=72) => Duration::from_secs(n * 3_600),
                _ => {
                    return Err(config_error(
                        "PORTICO_RESET_HOURS",
                        "must be a whole number of hours from 1 to 72",
                    ))
                }
            },
        };

        let mail_transport = match get("PORTICO_MAIL_TRANSPORT").as_deref() {
            None | Some("file") => MailTransport::Files(
                get("PORTICO_MAIL_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| data_dir.join("mail")),
            ),
            Some("smtp") => {
                let url = get("PORTICO_SMTP_URL").ok_or_else(|| {
                    config_error(
                        "PORTICO_SMTP_URL",
                        "is required when PORTICO_MAIL_TRANSPORT=smtp",
                    )
                })?;
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(config_error(
                        "PORTICO_SMTP_URL",
                        "must start with smtp:// or smtps://",
                    ));
                }
                MailTransport::Smtp(url)
            }
            Some(_) => {
                return Err(config_error(
                    "PORTICO_MAIL_TRANSPORT",
                    "must be file or smtp",
                ))
            }
        };
        let mail_from = get("PORTICO_MAIL_FROM")
            .unwrap_or_else(|| "Portico <portico@localhost.localdomain>".into());
        if !mail_from.contains('@') {
            return Err(config_error(
                "PORTICO_MAIL_FROM",
                "must contain an email address",
            ));
        }

        let behind_proxy = match get("PORTICO_BEHIND_PROXY").as_deref() {
            None => None,
            Some("false") | Some("0") => Some(false),
            Some("true") | Some("1") => Some(true),
            Some(_) => {
                return Err(config_error(
                    "PORTICO_BEHIND_PROXY",
                    "must be true or false",
                ))
            }
        };
        let trusted_proxies = match (get("PORTICO_TRUSTED_PROXIES"), behind_proxy) {
            (None, behind) => usize::from(behind == Some(true)),
            (Some(v), behind) => match v.trim().parse::<usize>() {
                // Saying both ways must agree: a chain of proxies with
                // PORTICO_BEHIND_PROXY=false, or none with it true, is a mistake.
                Ok(n @ 0..=MAX_TRUSTED_PROXIES) if behind.is_none_or(|b| b == (n > 0)) => n,
                Ok(0..=MAX_TRUSTED_PROXIES) => {
                    return Err(config_error(
                        "PORTICO_TRUSTED_PROXIES",
                        "contradicts PORTICO_BEHIND_PROXY (0 means no proxy)",
                    ))
                }
                _ => {
                    return Err(config_error(
                        "PORTICO_TRUSTED_PROXIES",
                        "must be a whole number of proxies from 0 to 10",
                    ))
                }
            },
        };

        let demo_provider_delay = match get("PORTICO_DEMO_PROVIDER_DELAY_MS") {
            None => Duration::ZERO,
            Some(v) => match v.trim().parse::<u64>() {
                Ok(ms @ 0..=60_000) => Duration::from_millis(ms),
                _ => {
                    return Err(config_error(
                        "PORTICO_DEMO_PROVIDER_DELAY_MS",
                        "must be a whole number of milliseconds from 0 to 60000",
                    ))
                }
            },
        };

        let payment_provider = match get("PORTICO_PAYMENT_PROVIDER") {
            None => None,
            Some(v) => ProviderChoice::parse(&v, get)?,
        };

        let hash_slots = match get("PORTICO_MAX_PARALLEL_HASHES") {
            None => crate::hash_slots::HashSlots::sized_for_this_machine(),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n @ 1..=4096) => crate::hash_slots::HashSlots::new(n),
                _ => {
                    return Err(config_error(
                        "PORTICO_MAX_PARALLEL_HASHES",
                        "must be a whole number from 1 to 4096",
                    ))
                }
            },
        };

        Ok(Self {
            data_dir,
            database_url,
            public_url,
            session_idle,
            session_lifetime,
            invitation_valid_for,
            reset_valid_for,
            mail_transport,
            mail_from,
            trusted_proxies,
            demo_provider_delay,
            payment_provider,
            hash_slots,
        })
    }

    /// Served over https: every answer carries `Strict-Transport-Security`
    /// and cookies are named `__Host-…`.
    pub fn over_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn cookies_secure(&self) -> bool {
        self.over_https()
    }

    pub fn uses_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

/// The public address when none is set: the listening address, with a
/// loopback IP named `localhost` (browsers take no IP address as a passkey's
/// relying party, and treat `localhost` as secure).
fn default_public_url(site_addr: &str) -> String {
    match site_addr.parse::<std::net::SocketAddr>() {
        Ok(addr) if addr.ip().is_loopback() => format!("http://localhost:{}", addr.port()),
        _ => format!("http://{site_addr}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn a_loopback_listening_address_is_public_as_localhost() {
        let s = settings(&[("LEPTOS_SITE_ADDR", "127.0.0.1:3300")]).unwrap();
        assert_eq!(s.public_url, "http://localhost:3300");
        let s = settings(&[("LEPTOS_SITE_ADDR", "[::1]:8080")]).unwrap();
        assert_eq!(s.public_url, "http://localhost:8080");
        let s = settings(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).unwrap();
        assert_eq!(s.public_url, "http://0.0.0.0:3000");
    }

    #[test]
    fn defaults_to_sqlite_in_the_data_folder() {
        let s = settings(&[("PORTICO_DATA_DIR", "/srv/portico")]).unwrap();
        assert_eq!(
            s.database_url,
            "sqlite:///srv/portico/portico.sqlite3?mode=rwc"
        );
        assert_eq!(s.public_url, "http://localhost:3000");
        assert_eq!(s.session_idle, Duration::from_secs(30 * 60));
        assert_eq!(s.session_lifetime, Duration::from_secs(12 * 3600));
        assert_eq!(
            s.mail_transport,
            MailTransport::Files("/srv/portico/mail".into())
        );
        assert!(!s.cookies_secure());
    }

    #[test]
    fn a_postgres_url_switches_database() {
        let s = settings(&[("DATABASE_URL", "postgres://u@db/portico")]).unwrap();
        assert!(s.uses_postgres());
    }

    #[test]
    fn each_wrong_setting_is_named() {
        for (name, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("PORTICO_PUBLIC_URL", "portal.example.com"),
            ("PORTICO_SESSION_IDLE_MINUTES", "soon"),
            ("PORTICO_SESSION_LIFETIME_MINUTES", "0"),
            ("PORTICO_MAIL_TRANSPORT", "pigeon"),
            ("PORTICO_BEHIND_PROXY", "maybe"),
            ("PORTICO_TRUSTED_PROXIES", "-1"),
            ("PORTICO_TRUSTED_PROXIES", "11"),
        ] {
            let error = settings(&[(name, value)]).unwrap_err();
            assert_eq!(error.name, name);
            assert!(error
                .to_string()
                .starts_with(&format!("configuration error: {name}: ")));
        }
        let error = settings(&[("PORTICO_MAIL_TRANSPORT", "smtp")]).unwrap_err();
        assert_eq!(error.name, "PORTICO_SMTP_URL");
    }

    #[test]
    fn behind_proxy_means_one_trusted_proxy_unless_a_number_is_given() {
        let trusted = |pairs: &[(&str, &str)]| settings(pairs).map(|s| s.trusted_proxies);
        assert_eq!(trusted(&[]).unwrap(), 0);
        assert_eq!(trusted(&[("PORTICO_BEHIND_PROXY", "false")]).unwrap(), 0);
        assert_eq!(trusted(&[("PORTICO_BEHIND_PROXY", "true")]).unwrap(), 1);
        assert_eq!(trusted(&[("PORTICO_TRUSTED_PROXIES", "2")]).unwrap(), 2);
        assert_eq!(
            trusted(&[
                ("PORTICO_BEHIND_PROXY", "true"),
                ("PORTICO_TRUSTED_PROXIES", "2")
            ])
            .unwrap(),
            2
        );
        for contradiction in [
            [
                ("PORTICO_BEHIND_PROXY", "true"),
                ("PORTICO_TRUSTED_PROXIES", "0"),
            ],
            [
                ("PORTICO_BEHIND_PROXY", "false"),
                ("PORTICO_TRUSTED_PROXIES", "1"),
            ],
        ] {
            assert_eq!(
                trusted(&contradiction).unwrap_err().name,
                "PORTICO_TRUSTED_PROXIES"
            );
        }
    }

    #[test]
    fn the_payment_provider_is_stripe_demo_or_none() {
        let provider = |value: &str| settings(&[("PORTICO_PAYMENT_PROVIDER", value)]);
        assert_eq!(settings(&[]).unwrap().payment_provider, None);
        assert_eq!(provider("").unwrap().payment_provider, None);
        assert_eq!(
            provider("demo").unwrap().payment_provider,
            Some(ProviderChoice::Demo)
        );
        for wrong in ["Demo", "paypal", "none", "Stripe"] {
            let error = provider(wrong).unwrap_err();
            assert_eq!(error.name, "PORTICO_PAYMENT_PROVIDER");
            assert!(error.to_string().contains("must be stripe or demo"));
        }
    }

    const STRIPE: [(&str, &str); 4] = [
        ("PORTICO_PAYMENT_PROVIDER", "stripe"),
        ("PORTICO_STRIPE_SECRET_KEY", "sk_test_51Secret"),
        ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_test_51Public"),
        ("PORTICO_STRIPE_WEBHOOK_SECRET", "whsec_signing"),
    ];

    /// The Stripe settings with `changes` applied; a value "" removes the
    /// setting.
    fn stripe_with(
        changes: &[(&'static str, &'static str)],
    ) -> Result<StripeSettings, ConfigError> {
        let mut pairs: Vec<(&str, &str)> = STRIPE.to_vec();
        for (name, value) in changes {
            pairs.retain(|(n, _)| n != name);
            pairs.push((name, value));
        }
        match settings(&pairs)?.payment_provider {
            Some(ProviderChoice::Stripe(stripe)) => Ok(stripe),
            other => panic!("not stripe: {other:?}"),
        }
    }

    #[test]
    fn stripe_takes_its_keys_and_defaults_to_stripes_addresses() {
        let stripe = stripe_with(&[]).unwrap();
        assert_eq!(stripe.secret_key(), "sk_test_51Secret");
        assert_eq!(stripe.publishable_key, "pk_test_51Public");
        assert_eq!(stripe.webhook_secret(), "whsec_signing");
        assert_eq!(stripe.api_base, "https://api.stripe.com");
        assert_eq!(stripe.api_origin(), "https://api.stripe.com");
        assert_eq!(stripe.js_url, "https://js.stripe.com/v3/");
        assert_eq!(stripe.js_origin(), "https://js.stripe.com");
        // Any non-empty webhook secret: localstripe's need not be whsec_.
        assert_eq!(
            stripe_with(&[("PORTICO_STRIPE_WEBHOOK_SECRET", "local")])
                .unwrap()
                .webhook_secret(),
            "local"
        );
    }

    #[test]
    fn stripe_can_be_pointed_at_localstripe() {
        let local = stripe_with(&[
            ("PORTICO_STRIPE_API_BASE", "http://127.0.0.1:8421/"),
            (
                "PORTICO_STRIPE_JS_URL",
                "http://127.0.0.1:8421/js.stripe.com/v3/",
            ),
        ])
        .unwrap();
        assert_eq!(local.api_base, "http://127.0.0.1:8421");
        assert_eq!(local.api_origin(), "http://127.0.0.1:8421");
        assert_eq!(local.js_origin(), "http://127.0.0.1:8421");
        for loopback in ["http://localhost:8421", "http://[::1]:8421/x"] {
            let address = stripe_with(&[("PORTICO_STRIPE_API_BASE", loopback)]).unwrap();
            assert_eq!(address.api_origin(), loopback.trim_end_matches("/x"));
        }
    }

    #[test]
    fn stripe_secrets_never_show_in_debug_output() {
        let shown = format!("{:?}", settings(&STRIPE).unwrap());
        assert!(!shown.contains("51Secret"), "{shown}");
        assert!(!shown.contains("signing"), "{shown}");
        assert!(shown.contains("pk_test_51Public"));
    }

    #[test]
    fn each_missing_or_malformed_stripe_setting_is_named() {
        for (name, value) in [
            ("PORTICO_STRIPE_SECRET_KEY", ""),
            ("PORTICO_STRIPE_SECRET_KEY", "  "),
            ("PORTICO_STRIPE_SECRET_KEY", "pk_test_51Public"),
            ("PORTICO_STRIPE_SECRET_KEY", "sk_"),
            ("PORTICO_STRIPE_SECRET_KEY", "rk_test_restricted"),
            ("PORTICO_STRIPE_SECRET_KEY", "sk_test_with space"),
            ("PORTICO_STRIPE_PUBLISHABLE_KEY", ""),
            ("PORTICO_STRIPE_PUBLISHABLE_KEY", "sk_test_51Secret"),
            ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_live_51Public"),
            ("PORTICO_STRIPE_WEBHOOK_SECRET", ""),
            ("PORTICO_STRIPE_API_BASE", "api.stripe.com"),
            ("PORTICO_STRIPE_API_BASE", "http://api.stripe.com"),
            ("PORTICO_STRIPE_API_BASE", "ftp://api.stripe.com"),
            ("PORTICO_STRIPE_API_BASE", "https://"),
            (
                "PORTICO_STRIPE_API_BASE",
                "https://api.stripe.com; script-src *",
            ),
            ("PORTICO_STRIPE_API_BASE", "https://evil'host"),
            ("PORTICO_STRIPE_JS_URL", "http://js.stripe.com/v3/"),
            (
                "PORTICO_STRIPE_JS_URL",
                "https://js.stripe.com,https://evil.example",
            ),
            ("PORTICO_STRIPE_JS_URL", "//js.stripe.com/v3/"),
        ] {
            let error = stripe_with(&[(name, value)]).unwrap_err();
            assert_eq!(error.name, name, "{name}={value:?}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("configuration error: {name}: ")),
                "{error}"
            );
            assert!(!error.to_string().contains('\n'));
        }
        // A live secret key with a test publishable key, and the other way round.
        let error = stripe_with(&[("PORTICO_STRIPE_SECRET_KEY", "sk_live_51Secret")]).unwrap_err();
        assert_eq!(error.name, "PORTICO_STRIPE_PUBLISHABLE_KEY");
        assert!(stripe_with(&[
            ("PORTICO_STRIPE_SECRET_KEY", "sk_live_51Secret"),
            ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_live_51Public"),
        ])
        .is_ok());
    }

    #[test]
    fn stripe_settings_are_ignored_unless_stripe_is_chosen() {
        let s = settings(&[
            ("PORTICO_PAYMENT_PROVIDER", "demo"),
            ("PORTICO_STRIPE_SECRET_KEY", "not a key"),
        ])
        .unwrap();
        assert_eq!(s.payment_provider, Some(ProviderChoice::Demo));
    }

    #[test]
    fn https_public_address_makes_cookies_secure() {
        let s = settings(&[("PORTICO_PUBLIC_URL", "https://portal.example.com/")]).unwrap();
        assert_eq!(s.public_url, "https://portal.example.com");
        assert!(s.cookies_secure());
    }
}
