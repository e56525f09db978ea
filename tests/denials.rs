//! Refusals leave a trace: a server function answering 401 or 403, a page
//! answering 403 and a cross-site request refused each write an
//! `access_denied` audit entry (what was asked, why, from where, by whom);
//! a flood of them writes a bounded number per client (an IPv6 /64 is one
//! client); the audit log filters them, in its server function and on its
//! page in every language. On SQLite and PostgreSQL.

mod common;

use common::*;
use portico::audit::denials::RECORDED_PER_WINDOW;
use reqwest::{header, Client, StatusCode};
use serde_json::Value;

/// The refusals recorded so far: who, from where, and what was asked.
async fn denials(app: &TestApp) -> Vec<(Option<i64>, Option<String>, String)> {
    sqlx::query_as(
        "SELECT actor_user_id, client_ip, detail FROM audit_events WHERE kind = 'access_denied' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn each_kind_of_refusal_leaves_an_audit_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let maria_id = user_id(&app, CUSTOMER.0).await;
    assert!(denials(&app).await.is_empty());

    // A server function: not signed in (401), then not allowed (403).
    let (status, _) = app.post_as(&client(), "/api/admin/summary", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.post_as(&maria, "/api/admin/summary", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A page drawn as "not allowed".
    let page = maria.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    // Cross-site, to a server function and to a page's address.
    for path in ["/api/auth/login", "/login"] {
        let refused = client()
            .post(app.url(path))
            .header(header::ORIGIN, "https://evil.example")
            .form(&[("email", CUSTOMER.0), ("password", CUSTOMER.1)])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }

    let here = Some("127.0.0.1".to_owned());
    let expected = vec![
        (
            None,
            here.clone(),
            "POST /api/admin/summary: not logged in".to_owned(),
        ),
        (
            Some(maria_id),
            here.clone(),
            "POST /api/admin/summary: forbidden".to_owned(),
        ),
        (
            Some(maria_id),
            here.clone(),
            "GET /admin/users: forbidden".to_owned(),
        ),
        (
            None,
            here.clone(),
            "POST /api/auth/login: cross-site request refused".to_owned(),
        ),
        (
            None,
            here,
            "POST /login: cross-site request refused".to_owned(),
        ),
    ];
    assert_eq!(denials(&app).await, expected);
}

async fn a_flood_of_refusals_writes_a_bounded_number_of_entries(backend: Backend) {
    // Behind one proxy, so that the test can speak from many addresses.
    let app = TestApp::spawn_with(backend, |s| s.trusted_proxies = 1).await;
    let flood = 500;
    let tasks: Vec<_> = (0..flood)
        .map(|n| {
            // One /64, a new address each time: still one client.
            let request = client()
                .post(app.url("/api/admin/summary"))
                .header(header::ORIGIN, &app.address)
                .header("x-forwarded-for", format!("2001:db8:1:2::{:x}", n + 1));
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    let written = denials(&app).await;
    assert_eq!(written.len() as i64, RECORDED_PER_WINDOW + 1);
    assert_eq!(
        written
            .iter()
            .filter(|(_, _, detail)| detail.contains("counted, not written"))
            .count(),
        1,
        "one entry says the rest were not written: {written:?}"
    );
    let counted: i64 =
        sqlx::query_scalar("SELECT denials FROM audit_denial_windows WHERE client_key = $1")
            .bind("2001:db8:1:2::/64")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(counted, flood, "every refusal is counted");

    // Another client's refusals are still written.
    let (status, _) = app.post_as(&client(), "/api/admin/summary", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let other = client()
        .post(app.url("/api/admin/summary"))
        .header(header::ORIGIN, &app.address)
        .header("x-forwarded-for", "2001:db8:1:3::1")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    let written = denials(&app).await;
    assert_eq!(written.len() as i64, RECORDED_PER_WINDOW + 3);
    assert_eq!(
        written.last().unwrap().1.as_deref(),
        Some("2001:db8:1:3::1")
    );
}

async fn audit_lines(app: &TestApp, admin: &Client, form: &[(&str, &str)]) -> Vec<Value> {
    let (status, page) = app.post_as(admin, "/api/admin/audit/list", form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["lines"].as_array().unwrap().clone()
}

async fn the_audit_log_filters_refusals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (status, _) = app.post_as(&maria, "/api/admin/summary", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.login_from_new_browser(ADMIN).await;

    let all = audit_lines(&app, &admin, &[("filter[kind]", "")]).await;
    assert!(all.iter().any(|l| l["kind"] != "access_denied"), "{all:?}");
    let refused = audit_lines(&app, &admin, &[("filter[kind]", "access_denied")]).await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["kind"], "access_denied");
    assert_eq!(refused[0]["actor"], CUSTOMER.0);
    assert_eq!(refused[0]["client_ip"], "127.0.0.1");

    // The page offers the filter and names the event in each language.
    for (language, label) in [
        ("en", "Access refused"),
        ("ro", "Acces refuzat"),
        ("es", "Acceso denegado"),
    ] {
        sqlx::query("UPDATE users SET lang = $1 WHERE login = $2")
            .bind(language)
            .bind(ADMIN.0)
            .execute(&app.pool)
            .await
            .unwrap();
        let page = admin
            .get(app.url("/admin/audit?kind=access_denied"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"value="access_denied""#), "{language}");
        assert!(
            html.contains("POST /api/admin/summary: forbidden"),
            "{language}: the entry says what was asked and why"
        );
        assert!(
            html.matches(label).count() >= 2,
            "{language}: the option and the refused call are named {label}"
        );
    }
}

on_both_databases!(
    each_kind_of_refusal_leaves_an_audit_entry,
    a_flood_of_refusals_writes_a_bounded_number_of_entries,
    the_audit_log_filters_refusals,
);
