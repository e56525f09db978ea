//! The guard, the public surface of server functions, cross-site refusal,
//! security headers and languages, on SQLite and PostgreSQL.

mod common;

use common::*;
use leptos::server_fn::axum::server_fn_paths;
use portico::{
    access::{declarations, Access},
    domain::Role,
    web::access::public_server_fns,
};
use reqwest::{header, StatusCode};
use std::collections::HashMap;

async fn anonymous_visits_to_protected_pages_go_to_login_and_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (path, next) in [
        ("/my", "%2Fmy"),
        ("/my/invoices?page=2", "%2Fmy%2Finvoices%3Fpage%3D2"),
        ("/admin", "%2Fadmin"),
        ("/admin/users", "%2Fadmin%2Fusers"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            location(&response),
            Some(format!("/login?next={next}")),
            "{path}"
        );
    }
    // A plain form posted with no session (say, an expired one) leads to the login page.
    let form_post = app
        .client
        .post(app.url("/api/auth/logout"))
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(form_post.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&form_post).as_deref(), Some("/login"));

    let login_page = app.get("/login?next=%2Fmy").await;
    assert_eq!(login_page.status(), StatusCode::OK);
    let html = login_page.text().await.unwrap();
    assert!(
        html.contains(r#"name="next""#) && html.contains(r#"value="/my""#),
        "the page keeps where to return"
    );
}

async fn a_customer_opening_the_back_office_gets_403(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    let response = app.get("/admin").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(!response.text().await.unwrap().contains("admin@example.com"));
}

async fn staff_opening_the_portal_are_sent_to_the_back_office(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(STAFF).await;
    let response = app.get("/my").await;
    assert_eq!(location(&response).as_deref(), Some("/admin"));
}

async fn a_customer_calling_a_back_office_server_function_gets_403(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    let response = app.call("/api/admin/summary", &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.text().await.unwrap(), "\"Forbidden\"");

    let staff = TestApp::spawn(backend).await;
    staff.login_ok(STAFF).await;
    let response = staff.call("/api/admin/summary", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let summary: serde_json::Value = response.json().await.unwrap();
    assert_eq!(summary["portal_users"], 1);
    assert_eq!(summary["staff_users"], 2);
    assert_eq!(summary["companies"], 2, "ACME and Soluciones Norte");
}

/// Who the role matrix calls as.
#[derive(Debug, Clone, Copy)]
enum Caller {
    Anonymous,
    As(Role, (&'static str, &'static str)),
}

/// What a declaration promises, written out independently of the product's
/// own `access::check`.
fn expected_refusal(access: Access, caller: Caller) -> Option<StatusCode> {
    let role = match caller {
        Caller::Anonymous => return (access != Access::Public).then_some(StatusCode::UNAUTHORIZED),
        Caller::As(role, _) => role,
    };
    let allowed = match access {
        Access::Public | Access::SignedIn => true,
        Access::Customer => role == Role::Customer,
        Access::Staff => matches!(role, Role::Staff | Role::Administrator),
        Access::Administrator => role == Role::Administrator,
    };
    (!allowed).then_some(StatusCode::FORBIDDEN)
}

async fn every_server_function_answers_each_role_as_it_declares(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let registered: Vec<_> = server_fn_paths().collect();
    let declared: HashMap<&str, Access> = declarations().map(|d| (d.path, d.access)).collect();
    assert_eq!(
        declarations().count(),
        declared.len(),
        "a server function is declared twice"
    );
    for (path, _) in &registered {
        assert!(
            declared.contains_key(path),
            "{path} has no access declaration: add declare_access!(…) under it"
        );
    }
    for expected in [
        "/api/auth/login",
        "/api/auth/whoami",
        "/api/admin/summary",
        "/api/my/details",
    ] {
        assert!(declared.contains_key(expected), "{expected} is registered");
    }
    assert_eq!(
        public_server_fns(),
        [
            "/api/auth/login",
            "/api/auth/passkey/finish",
            "/api/auth/passkey/start",
            "/api/auth/reset/request",
            "/api/auth/reset/set",
            "/api/auth/reset/view",
            "/api/auth/second-step",
            "/api/i18n/language",
            "/api/invite/accept",
            "/api/invite/view"
        ]
    );

    let callers = [
        Caller::Anonymous,
        Caller::As(Role::Customer, CUSTOMER),
        Caller::As(Role::Staff, STAFF),
        Caller::As(Role::Administrator, ADMIN),
    ];
    for caller in callers {
        // One session per caller, opened again only after a function ended
        // it (logout): staff logins take a fresh two-factor code each.
        let browser = client();
        for (path, method) in &registered {
            if let Caller::As(_, who) = caller {
                if app.post_as(&browser, "/api/auth/whoami", &[]).await.0 != StatusCode::OK {
                    assert_eq!(app.login_in(&browser, who).await.status(), StatusCode::OK);
                }
            }
            let before = app.snapshot().await;
            let response = browser
                .request(method.clone(), app.url(path))
                .header(header::ORIGIN, &app.address)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body("")
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            match expected_refusal(declared[path], caller) {
                Some(refusal) => {
                    assert_eq!(status, refusal, "{method} {path} as {caller:?}: {body}");
                    let word = if refusal == StatusCode::UNAUTHORIZED {
                        "\"Unauthenticated\""
                    } else {
                        "\"Forbidden\""
                    };
                    assert_eq!(body, word, "{path} as {caller:?}");
                    assert!(
                        app.snapshot().await == before,
                        "refusing {path} to {caller:?} changed a table"
                    );
                }
                None => assert!(
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                    "{method} {path} as {caller:?} was refused: {status} {body}"
                ),
            }
        }
    }
}

async fn malformed_calls_get_400_without_internal_details(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // An address under /api/ that is no server function is simply not there.
    assert_eq!(
        app.call("/api/no/such/function", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let response = app.call("/api/auth/login", &[("email", "x")]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.text().await.unwrap(), "\"BadRequest\"");
    let response = app.call("/api/i18n/language", &[("lang", "klingon")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn cross_site_requests_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let forged = [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
    ];
    let post_login = |headers: Vec<(&'static str, String)>| {
        let mut request = client().post(app.url("/api/auth/login")).form(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ]);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { request.send().await.unwrap() }
    };
    for (name, value) in forged {
        let response = post_login(vec![(name, value.to_owned())]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert_eq!(response.text().await.unwrap(), "\"CrossSite\"");
    }
    assert_eq!(app.count("sessions").await, 0);
    let same_origin = post_login(vec![
        ("sec-fetch-site", "same-origin".into()),
        ("origin", app.address.clone()),
    ])
    .await;
    assert_eq!(same_origin.status(), StatusCode::OK);
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in [
        "/login",
        "/manifest.webmanifest",
        "/no-such-page",
        "/api/auth/whoami",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
    }
    // A page's inline hydration script carries the nonce its policy allows.
    let page = app.get("/login").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!(r#"nonce="{nonce}""#)));

    // Nothing with a user's data is kept in a cache; the service worker is revalidated.
    app.login_ok(CUSTOMER).await;
    assert_eq!(app.get("/my").await.headers()["cache-control"], "no-store");
    assert_eq!(
        app.call("/api/auth/whoami", &[]).await.headers()["cache-control"],
        "no-store"
    );
    assert_eq!(
        app.get("/sw.js").await.headers()["cache-control"],
        "no-cache"
    );
    assert!(app
        .get("/icons/icon-192.png")
        .await
        .headers()
        .get("cache-control")
        .is_none());
}

async fn unknown_pages_answer_404_in_the_readers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = client()
        .get(app.url("/no-such-page"))
        .header(header::ACCEPT_LANGUAGE, "es-ES,es;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Página no encontrada"));
}

async fn oversized_requests_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let huge = "a".repeat(200 * 1024);
    let response = app
        .call(
            "/api/auth/login",
            &[("email", &huge), ("password", "x"), ("next", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("login_throttle").await, 0);
}

async fn pages_follow_the_browser_then_the_chosen_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = |lang: &'static str| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/login"))
                .header(header::ACCEPT_LANGUAGE, lang)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let romanian = page("ro-RO,ro;q=0.9").await;
    assert!(romanian.contains(r#"<html lang="ro""#) && romanian.contains("Autentificare"));
    assert!(page("de-DE").await.contains(r#"<html lang="en""#));

    // The switch wins over the browser and is remembered for the user.
    assert_eq!(
        app.call("/api/i18n/language", &[("lang", "es")])
            .await
            .status(),
        StatusCode::OK
    );
    assert!(page("ro-RO").await.contains("Iniciar sesión"));
    app.login_ok(CUSTOMER).await;
    assert_eq!(
        app.call("/api/i18n/language", &[("lang", "ro")])
            .await
            .status(),
        StatusCode::OK
    );
    let stored: Option<String> =
        sqlx::query_scalar("SELECT lang FROM users WHERE login = 'maria@acme.example'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some("ro"));
    let fresh_browser = app.login_from_new_browser(CUSTOMER).await;
    let home = fresh_browser
        .get(app.url("/my"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert!(
        home.text()
            .await
            .unwrap()
            .contains("Bună ziua, Maria Popescu"),
        "the user's preference wins"
    );
}

async fn the_web_app_manifest_and_service_worker_are_served(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let manifest: serde_json::Value = app.get("/manifest.webmanifest").await.json().await.unwrap();
    assert_eq!(manifest["start_url"], "/my");
    assert_eq!(manifest["display"], "standalone");
    assert!(manifest["icons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["sizes"] == "512x512"));
    for asset in [
        "/sw.js",
        "/offline.html",
        "/icons/icon-192.png",
        "/register-sw.js",
        "/password-strength.js",
    ] {
        assert_eq!(app.get(asset).await.status(), StatusCode::OK, "{asset}");
    }
}

async fn the_bundle_is_served_precompressed_and_kept_for_a_year(backend: Backend) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let name = "portico.0123456789abcdef0123.js";
    std::fs::write(pkg.join(name), "console.log('plain')").unwrap();
    std::fs::write(pkg.join(format!("{name}.br")), "brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{name}.gz")), "gzip bytes").unwrap();
    let app = TestApp::spawn_with_site(backend, site.path()).await;
    let path = format!("/pkg/{name}");
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "console.log('plain')"),
    ] {
        let response = app
            .client
            .get(app.url(&path))
            .header(header::ACCEPT_ENCODING, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        let headers = response.headers().clone();
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript"));
        assert_eq!(response.bytes().await.unwrap(), body.as_bytes(), "{accept}");
    }
    assert_eq!(
        app.get("/pkg/portico.ffffffffffffffffffff.js")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn each_language_is_served_as_a_catalogue_kept_for_a_year(backend: Backend) {
    use portico::{domain::Locale, i18n};
    use std::io::Read;
    let app = TestApp::spawn(backend).await;
    for locale in Locale::ALL {
        let path = i18n::catalogue_path(locale);
        let fetch = |accept: &'static str| {
            app.client
                .get(app.url(&path))
                .header(header::ACCEPT_ENCODING, accept)
                .send()
        };
        let plain = fetch("identity").await.unwrap();
        assert_eq!(plain.status(), StatusCode::OK, "{path}");
        assert_eq!(plain.headers().get(header::CONTENT_ENCODING), None);
        let plain = plain.text().await.unwrap();

        // Brotli where the browser takes it, else gzip; each decodes to
        // the same text, and is kept for a year.
        for (accept, coding) in [
            ("gzip, deflate, br", "br"),
            ("br;q=0, gzip;q=0.8", "gzip"),
            ("gzip", "gzip"),
        ] {
            let compressed = fetch(accept).await.unwrap();
            assert_eq!(compressed.status(), StatusCode::OK, "{path}");
            let headers = compressed.headers().clone();
            assert_eq!(headers[header::CONTENT_ENCODING], coding, "{accept}");
            assert_eq!(
                headers[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
            assert_eq!(headers[header::VARY], "accept-encoding");
            let bytes = compressed.bytes().await.unwrap();
            assert!(
                bytes.len() * 2 < plain.len(),
                "{path}: {coding} saves little"
            );
            let mut text = String::new();
            match coding {
                "br" => brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut text),
                _ => flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text),
            }
            .unwrap();
            assert_eq!(text, plain, "{path}: {coding}");
        }

        // What the client installs reads as the server's own messages.
        assert!(i18n::install_catalogue(locale, plain.clone()), "{path}");
        assert!(plain.contains(&i18n::translate(locale, "login-submit")));
    }
    for missing in [
        "/i18n/en.0000000000000000.txt",
        "/i18n/de.txt",
        "/i18n/..%2FCargo.toml",
    ] {
        assert_eq!(
            app.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

async fn the_health_check_reports_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
    app.pool.close().await;
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
}

on_both_databases!(
    the_bundle_is_served_precompressed_and_kept_for_a_year,
    each_language_is_served_as_a_catalogue_kept_for_a_year,
    the_health_check_reports_the_database,
    anonymous_visits_to_protected_pages_go_to_login_and_back,
    a_customer_opening_the_back_office_gets_403,
    staff_opening_the_portal_are_sent_to_the_back_office,
    a_customer_calling_a_back_office_server_function_gets_403,
    every_server_function_answers_each_role_as_it_declares,
    malformed_calls_get_400_without_internal_details,
    cross_site_requests_are_refused,
    every_response_carries_the_security_headers,
    unknown_pages_answer_404_in_the_readers_language,
    oversized_requests_are_refused,
    pages_follow_the_browser_then_the_chosen_language,
    the_web_app_manifest_and_service_worker_are_served,
);
