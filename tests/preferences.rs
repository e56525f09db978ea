//! Connection preferences: the language, the time zone every date is shown
//! in (pages and emails), and the optional emails; bad values are refused
//! field by field and change nothing. On SQLite and PostgreSQL. (The
//! optional document emails are followed through in `documents.rs`.)

mod common;

use common::*;
use portico::i18n::{format_moment, Locale};
use reqwest::StatusCode;

async fn preferences_apply_to_every_date_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    let (status, chosen) = app.post_as(&app.client, "/api/preferences", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(chosen["time_zone"], "UTC");
    assert_eq!(chosen["document_updates"], true);
    let zones = chosen["time_zones"].as_array().unwrap();
    assert!(
        zones.iter().any(|z| z == "Europe/Bucharest")
            && zones.iter().any(|z| z == "America/Bogota")
    );

    let started: i64 = sqlx::query_scalar(
        "SELECT s.created_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = $1",
    )
    .bind(CUSTOMER.0)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let page = app.get("/my/security").await.text().await.unwrap();
    assert!(
        page.contains(&format_moment(started, Locale::En, None)),
        "UTC, saying so"
    );

    // Refused, field by field, and nothing changes.
    let before = app.snapshot().await;
    let (status, body) = app
        .post_as(
            &app.client,
            "/api/preferences/save",
            &[
                ("preferences[lang]", "xx"),
                ("preferences[time_zone]", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "lang").as_deref(),
        Some("error-unknown-language")
    );
    assert_eq!(
        field_message(&body, "time_zone").as_deref(),
        Some("error-unknown-time-zone")
    );
    assert!(app.snapshot().await == before);

    let response = app
        .client
        .post(app.url("/api/preferences/save"))
        .header(reqwest::header::ORIGIN, &app.address)
        .form(&[
            ("preferences[lang]", "es"),
            ("preferences[time_zone]", "America/Bogota"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response).as_deref(), Some("/my/security"));
    let stored: (Option<String>, Option<String>, i64) =
        sqlx::query_as("SELECT lang, time_zone, mail_document_updates FROM users WHERE login = $1")
            .bind(CUSTOMER.0)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        (Some("es".into()), Some("America/Bogota".into()), 0)
    );

    // The next page is in Spanish, with times in Bogotá (UTC−5, no summer
    // time): the session's start as the server writes it, and the zone
    // handed to the browser's clock.
    let page = app.get("/my/security").await.text().await.unwrap();
    assert!(page.contains(r#"lang="es""#) && page.contains(r#"data-time-zone="America/Bogota""#));
    let in_bogota = format_moment(started, Locale::Es, Some("America/Bogota"));
    assert!(page.contains(&in_bogota), "{in_bogota} not on the page");
    assert!(!page.contains(&format_moment(started, Locale::Es, None)));

    // Emails too: a sign-in from a new browser is announced in her zone.
    app.login_from_new_browser(CUSTOMER).await;
    let body: String = sqlx::query_scalar(
        "SELECT body_text FROM mail_outbox WHERE kind = 'new_sign_in' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!body.contains(" UTC"), "{body}");

    // Back to UTC.
    let (status, _) = app
        .post_as(
            &app.client,
            "/api/preferences/save",
            &[
                ("preferences[lang]", "en"),
                ("preferences[time_zone]", "UTC"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let zone: Option<String> = sqlx::query_scalar("SELECT time_zone FROM users WHERE login = $1")
        .bind(CUSTOMER.0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(zone, None);
}

on_both_databases!(preferences_apply_to_every_date_at_once);
