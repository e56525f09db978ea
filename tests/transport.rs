//! What the transport tells the server and what it asks of browsers: the
//! client address behind a proxy, the `__Host-` cookie prefix and
//! `Strict-Transport-Security` when the public address is https. On both
//! databases.

mod common;

use common::{client, demo_two_factor_key, location, Backend, TestApp, ADMIN, CUSTOMER};
use reqwest::{header, Client, Response, StatusCode};

on_both_databases!(
    behind_a_proxy_the_address_recorded_is_the_one_the_proxy_saw,
    over_https_cookies_carry_the_host_prefix_and_are_read_back_only_so,
    over_https_every_answer_asks_for_https_from_now_on,
    over_http_cookies_keep_their_names_and_no_transport_rule_is_sent,
);

const FORGED: &str = "6.6.6.6";
const REAL: &str = "203.0.113.7";

/// A browser behind a proxy that adds its own `X-Forwarded-For` line after
/// the one the client sent (as HAProxy and some CDNs do), both in one request.
async fn log_in_through_proxy(app: &TestApp, browser: &Client) -> Response {
    browser
        .post(app.url("/api/auth/login"))
        .header(header::ORIGIN, &app.address)
        .header("x-forwarded-for", format!("{FORGED}, 7.7.7.7"))
        .header("x-forwarded-for", REAL)
        .form(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap()
}

async fn behind_a_proxy_the_address_recorded_is_the_one_the_proxy_saw(backend: Backend) {
    // The setting as existing deployments have it: one proxy.
    let app = TestApp::spawn_with(backend, |s| s.trusted_proxies = 1).await;
    let browser = client();
    let response = log_in_through_proxy(&app, &browser).await;
    assert_eq!(response.status(), StatusCode::OK);

    let recorded: Vec<Option<String>> = sqlx::query_scalar("SELECT client_ip FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(recorded, vec![Some(REAL.to_owned())], "the session list");
    let audited: Vec<Option<String>> =
        sqlx::query_scalar("SELECT client_ip FROM audit_events WHERE kind = 'login_succeeded'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, vec![Some(REAL.to_owned())], "the audit log");
    let (status, overview) = app.post_as(&browser, "/api/security/overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    assert!(
        !overview.to_string().contains(FORGED),
        "the forged address shows nowhere: {overview}"
    );

    // Not behind a proxy: the header is the client's word only.
    let direct = TestApp::spawn_with(backend, |_| {}).await;
    assert_eq!(
        log_in_through_proxy(&direct, &client()).await.status(),
        StatusCode::OK
    );
    let recorded: String = sqlx::query_scalar("SELECT client_ip FROM sessions")
        .fetch_one(&direct.pool)
        .await
        .unwrap();
    assert_eq!(recorded, "127.0.0.1");
}

/// The `Set-Cookie` values of a response.
fn set_cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The `name=value` pair of the cookie set as `name`.
fn cookie_pair(set: &[String], name: &str) -> String {
    set.iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no cookie {name} in {set:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A server-function call with exactly the cookies given (the harness's
/// cookie store would hold back `Secure` cookies from an http address).
async fn call_with_cookie(
    app: &TestApp,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> Response {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(path))
        .header(header::ORIGIN, &app.address)
        .header(header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn https_app(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |s| {
        s.public_url = "https://portal.example.test".into();
    })
    .await
}

async fn over_https_cookies_carry_the_host_prefix_and_are_read_back_only_so(backend: Backend) {
    let app = https_app(backend).await;
    let login = call_with_cookie(
        &app,
        "/api/auth/login",
        "",
        &[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ],
    )
    .await;
    assert_eq!(login.status(), StatusCode::OK);
    let set = set_cookies(&login);
    for name in ["__Host-portico_session", "__Host-portico_device"] {
        let cookie = set
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {set:?}"));
        let attributes: Vec<String> = cookie
            .split(';')
            .skip(1)
            .map(|a| a.trim().to_ascii_lowercase())
            .collect();
        for needed in ["secure", "path=/", "httponly", "samesite=lax"] {
            assert!(
                attributes.iter().any(|a| a == needed),
                "{needed} in {cookie}"
            );
        }
        assert!(
            !attributes.iter().any(|a| a.starts_with("domain")),
            "{cookie}"
        );
    }
    assert!(
        !set.iter().any(|c| c.starts_with("portico_")),
        "no plain name over https: {set:?}"
    );

    let session = cookie_pair(&set, "__Host-portico_session");
    let whoami = call_with_cookie(&app, "/api/auth/whoami", &session, &[]).await;
    assert_eq!(whoami.status(), StatusCode::OK, "accepted under its name");
    let plain = session.replacen("__Host-", "", 1);
    let whoami = call_with_cookie(&app, "/api/auth/whoami", &plain, &[]).await;
    assert_eq!(
        whoami.status(),
        StatusCode::UNAUTHORIZED,
        "the plain name could have been planted by a neighbouring host"
    );

    // A login in two steps: the half-done login's cookie too.
    let first = call_with_cookie(
        &app,
        "/api/auth/login",
        "",
        &[("email", ADMIN.0), ("password", ADMIN.1), ("next", "")],
    )
    .await;
    assert_eq!(location(&first).as_deref(), Some("/login/two-factor"));
    let step = cookie_pair(&set_cookies(&first), "__Host-portico_login_step");
    let key = demo_two_factor_key(ADMIN.0).unwrap();
    let code = app.unused_code(ADMIN.0, key).await;
    let second = call_with_cookie(&app, "/api/auth/second-step", &step, &[("code", &code)]).await;
    assert_eq!(second.status(), StatusCode::OK);
    let session = cookie_pair(&set_cookies(&second), "__Host-portico_session");
    let whoami = call_with_cookie(&app, "/api/auth/whoami", &session, &[]).await;
    assert_eq!(whoami.status(), StatusCode::OK);

    // Logging out removes it under the same name.
    let out = call_with_cookie(&app, "/api/auth/logout", &session, &[]).await;
    assert!(out.status().is_success() || out.status().is_redirection());
    assert!(
        set_cookies(&out)
            .iter()
            .any(|c| c.starts_with("__Host-portico_session=;") && c.contains("Max-Age=0")),
        "{:?}",
        set_cookies(&out)
    );
}

async fn over_https_every_answer_asks_for_https_from_now_on(backend: Backend) {
    let app = https_app(backend).await;
    for response in [
        app.get("/healthz").await,
        app.get("/login").await,
        app.get("/no/such/page").await,
        call_with_cookie(&app, "/api/auth/whoami", "", &[]).await,
    ] {
        assert_eq!(
            response
                .headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000; includeSubDomains"),
            "{}",
            response.url()
        );
    }
}

async fn over_http_cookies_keep_their_names_and_no_transport_rule_is_sent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for response in [app.get("/healthz").await, app.get("/login").await] {
        assert!(response
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
    }
    let login = call_with_cookie(
        &app,
        "/api/auth/login",
        "",
        &[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ],
    )
    .await;
    let set = set_cookies(&login);
    let session = cookie_pair(&set, "portico_session");
    assert!(!session.contains("__Host-") && !set.iter().any(|c| c.contains("Secure")));
    let whoami = call_with_cookie(&app, "/api/auth/whoami", &session, &[]).await;
    assert_eq!(whoami.status(), StatusCode::OK);
}
