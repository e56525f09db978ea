//! Hardening every response and request: the security headers (the pages'
//! Content-Security-Policy, caching rules) and the refusal of cross-site
//! requests. Not the `security` feature (the account security page: a
//! user's sessions, password and two-factor).

use super::access::API_PREFIX;
use crate::{
    config::{ProviderChoice, Settings},
    context::AppState,
    error::AppError,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, Method, StatusCode};

/// Refuses state-changing requests sent by another site: a browser says so
/// in `Sec-Fetch-Site`, and older ones through `Origin`. Requests with
/// neither header do not come from a browser page and cannot ride on a
/// visitor's cookies.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let host = header_text(header::HOST);
    let cross_site = match (
        header_text(header::HeaderName::from_static("sec-fetch-site")),
        header_text(header::ORIGIN),
    ) {
        (Some(site), _) => !matches!(site, "same-origin" | "none"),
        (None, Some(origin)) => !same_origin(origin, host, &state.settings.public_url),
        (None, None) => false,
    };
    if !cross_site {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-site request refused");
    if request.uri().path().starts_with(API_PREFIX) {
        AppError::CrossSite.into_response()
    } else {
        let mut refused = (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        // For the audit of refusals (`web::denials`), as the error funnel does.
        refused.extensions_mut().insert(AppError::CrossSite);
        refused
    }
}

/// Whether `origin` is this site: the configured public address, or the
/// host the request was sent to.
pub fn same_origin(origin: &str, host: Option<&str>, public_url: &str) -> bool {
    if origin.eq_ignore_ascii_case(public_url) {
        return true;
    }
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// What pages may use from other sites: only the payment provider's, and
/// only when it is on (Stripe.js, its card fields' frames, its API).
/// Read from the settings, which are read once at start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOrigins {
    script: Vec<String>,
    frame: Vec<String>,
    connect: Vec<String>,
}

impl PageOrigins {
    pub fn of(settings: &Settings) -> Self {
        match &settings.payment_provider {
            Some(ProviderChoice::Stripe(stripe)) => {
                let js = stripe.js_origin().to_owned();
                // Stripe's own script opens its 3-D Secure pages from
                // hooks.stripe.com; another script (localstripe) from
                // where it comes.
                let frame = if js == "https://js.stripe.com" {
                    vec![js.clone(), "https://hooks.stripe.com".to_owned()]
                } else {
                    vec![js.clone()]
                };
                Self {
                    script: vec![js],
                    frame,
                    connect: vec![stripe.api_origin().to_owned()],
                }
            }
            Some(ProviderChoice::Demo) | None => Self::default(),
        }
    }
}

/// The Content-Security-Policy of HTML pages: scripts only from this site
/// or carrying this response's nonce (the hydration script), WASM allowed
/// to compile, nothing inline from elsewhere, never framed; and the
/// payment provider's `origins`, if any.
pub fn page_policy(nonce: &str, origins: &PageOrigins) -> String {
    let also = |list: &[String]| -> String { list.iter().map(|o| format!(" {o}")).collect() };
    let frame = if origins.frame.is_empty() {
        String::new()
    } else {
        format!(" frame-src 'self'{};", also(&origins.frame))
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'{script}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'{connect}; manifest-src 'self'; worker-src 'self';{frame} \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        script = also(&origins.script),
        connect = also(&origins.connect),
    )
}

/// For everything that is not a rendered page (assets, server functions).
const DEFAULT_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Browsers that once reached the site over https use nothing else for a
/// year, subdomains included: no first plain-http request to intercept.
const STRICT_TRANSPORT: &str = "max-age=31536000; includeSubDomains";

/// Adds the security headers to every response; a page's own CSP (with its
/// nonce) is kept. `Strict-Transport-Security` only when the public
/// address is https: over plain http (development) it would be ignored at
/// best, and a browser must not learn it for `localhost`.
pub async fn add_security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(policy) = cache_policy(&path, headers) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    if path.starts_with("/pkg/") {
        // The bundle is served brotli, gzip or plain by Accept-Encoding.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if state.settings.over_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT),
        );
    }
    // Invitation and reset links carry tokens in the path: never leak them.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(self)"),
    );
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Pages and server-function answers carry a user's data: never stored by a
/// browser or proxy. The service worker script is revalidated on every
/// load so that a new release reaches users. Bundle files and translation
/// catalogues named by their content's hash never change: kept for a year. Other assets keep their
/// defaults.
fn cache_policy(path: &str, headers: &http::HeaderMap) -> Option<&'static str> {
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if path == "/sw.js" {
        Some("no-cache")
    } else if path.starts_with(API_PREFIX) || (is_html && path != "/offline.html") {
        Some("no-store")
    } else if path.starts_with("/chunks/") {
        // Named by the hash of the bundle they belong to.
        Some("public, max-age=31536000, immutable")
    } else if path.starts_with("/pkg/") || path.starts_with("/i18n/") {
        Some(if is_content_hashed(path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        })
    } else {
        None
    }
}

/// `portico.0123456789abcdef0123.wasm`: a name with a hash segment of at
/// least 16 hex digits.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.')
        .any(|part| part.len() >= 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_match_the_public_address_or_the_host() {
        assert!(same_origin(
            "https://portal.example.com",
            None,
            "https://portal.example.com"
        ));
        assert!(same_origin(
            "http://127.0.0.1:3000",
            Some("127.0.0.1:3000"),
            "https://portal.example.com"
        ));
        assert!(!same_origin(
            "https://evil.example",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
        assert!(!same_origin(
            "null",
            Some("127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        ));
    }

    #[test]
    fn only_hashed_bundle_files_are_kept_for_a_year() {
        let none = http::HeaderMap::new();
        assert_eq!(
            cache_policy("/pkg/portico.0123456789abcdef0123.wasm", &none),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(cache_policy("/pkg/portico.wasm", &none), Some("no-cache"));
        assert_eq!(cache_policy("/sw.js", &none), Some("no-cache"));
        assert_eq!(cache_policy("/api/auth/whoami", &none), Some("no-store"));
        assert_eq!(cache_policy("/icons/icon-192.png", &none), None);
    }

    #[test]
    fn page_policy_allows_only_this_nonce_inline() {
        let policy = page_policy("abc123", &PageOrigins::default());
        assert!(policy.contains("'nonce-abc123'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::from_lookup(|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap()
    }

    const STRIPE: [(&str, &str); 4] = [
        ("PORTICO_PAYMENT_PROVIDER", "stripe"),
        ("PORTICO_STRIPE_SECRET_KEY", "sk_test_x"),
        ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_test_x"),
        ("PORTICO_STRIPE_WEBHOOK_SECRET", "whsec_x"),
    ];

    #[test]
    fn without_stripe_pages_use_nothing_from_elsewhere() {
        let expected = "default-src 'self'; script-src 'self' 'nonce-n1' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        for provider in [&[][..], &[("PORTICO_PAYMENT_PROVIDER", "demo")][..]] {
            let origins = PageOrigins::of(&settings(provider));
            assert_eq!(origins, PageOrigins::default());
            assert_eq!(page_policy("n1", &origins), expected);
        }
    }

    #[test]
    fn with_stripe_pages_may_use_stripes_script_frames_and_api() {
        let policy = page_policy("n1", &PageOrigins::of(&settings(&STRIPE)));
        assert!(policy
            .contains("script-src 'self' 'nonce-n1' 'wasm-unsafe-eval' https://js.stripe.com;"));
        assert!(policy.contains("frame-src 'self' https://js.stripe.com https://hooks.stripe.com;"));
        assert!(policy.contains("connect-src 'self' https://api.stripe.com;"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("*"));
    }

    #[test]
    fn with_localstripe_its_own_address_is_allowed() {
        let mut pairs = STRIPE.to_vec();
        pairs.push(("PORTICO_STRIPE_API_BASE", "http://127.0.0.1:8421"));
        pairs.push((
            "PORTICO_STRIPE_JS_URL",
            "http://127.0.0.1:8421/js.stripe.com/v3/",
        ));
        let policy = page_policy("n1", &PageOrigins::of(&settings(&pairs)));
        assert!(policy.contains("'wasm-unsafe-eval' http://127.0.0.1:8421;"));
        assert!(policy.contains("frame-src 'self' http://127.0.0.1:8421;"));
        assert!(policy.contains("connect-src 'self' http://127.0.0.1:8421;"));
        assert!(!policy.contains("stripe.com"));
    }
}
