//! The security page's sessions and sign-ins: only one's own, on both
//! databases.

mod common;

use common::{client, Backend, TestApp, ADMIN, CUSTOMER};
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(a_user_sees_and_ends_only_its_own_sessions);

async fn call(
    app: &TestApp,
    browser: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    app.post_as(browser, path, form).await
}

async fn browser_with_agent(app: &TestApp, agent: &str, (email, password): (&str, &str)) -> Client {
    let browser = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(agent)
        .build()
        .unwrap();
    assert_eq!(
        app.login_in(&browser, (email, password)).await.status(),
        StatusCode::OK
    );
    browser
}

async fn a_user_sees_and_ends_only_its_own_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        app.login_in(&client(), (CUSTOMER.0, "not the password at all"))
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let laptop = browser_with_agent(&app, firefox, CUSTOMER).await;
    let phone = app.login_from_new_browser(CUSTOMER).await;
    let tablet = app.login_from_new_browser(CUSTOMER).await;
    let admin = app.login_from_new_browser(ADMIN).await;

    let (status, overview) = call(&app, &laptop, "/api/security/overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let sessions = overview["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 3, "only the customer's own sessions");
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["browser"], "Firefox");
    assert_eq!(current[0]["system"], "Linux");
    let history = overview["history"].as_array().unwrap();
    assert!(history.iter().any(|h| h["kind"] == "login_failed"));
    assert_eq!(
        history
            .iter()
            .filter(|h| h["kind"] == "login_succeeded")
            .count(),
        3
    );

    // Another user's session is not found, like one that does not exist.
    let (_, admin_view) = call(&app, &admin, "/api/security/overview", &[]).await;
    let admin_session = admin_view["sessions"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, _) = call(
        &app,
        &laptop,
        "/api/security/end-session",
        &[("id", &admin_session)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, &admin, "/api/security/overview", &[]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the administrator is still logged in"
    );
    let own = current[0]["id"].as_i64().unwrap().to_string();
    let (status, _) = call(&app, &laptop, "/api/security/end-session", &[("id", &own)]).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "this session ends by logging out"
    );

    // One other session, then all the others.
    let (_, phone_view) = call(&app, &phone, "/api/security/overview", &[]).await;
    let phone_session = phone_view["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, _) = call(
        &app,
        &laptop,
        "/api/security/end-session",
        &[("id", &phone_session)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        call(&app, &phone, "/api/my/details", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&app, &tablet, "/api/my/details", &[]).await.0,
        StatusCode::OK
    );
    let (status, ended) = call(&app, &laptop, "/api/security/end-others", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ended, 1);
    assert_eq!(
        call(&app, &tablet, "/api/my/details", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&app, &laptop, "/api/my/details", &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, &admin, "/api/security/overview", &[]).await.0,
        StatusCode::OK,
        "other users keep theirs"
    );
    assert_eq!(
        call(&app, &client(), "/api/security/overview", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
}

mod password {
    use super::*;

    on_both_databases!(
        a_password_change_ends_the_other_sessions_and_tells_the_owner,
        wrong_current_passwords_count_toward_the_login_throttle,
    );

    async fn a_password_change_ends_the_other_sessions_and_tells_the_owner(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let here = app.login_from_new_browser(CUSTOMER).await;
        let elsewhere = app.login_from_new_browser(CUSTOMER).await;
        let change = |current: &'static str, new: &'static str, again: &'static str| {
            let (app, here) = (&app, &here);
            async move {
                call(
                    app,
                    here,
                    "/api/security/password",
                    &[("current", current), ("new", new), ("again", again)],
                )
                .await
            }
        };
        let field = |body: &Value, name: &str| {
            body["Invalid"].as_array().and_then(|errors| {
                errors
                    .iter()
                    .find(|e| e["field"] == name)
                    .and_then(|e| e["message"].as_str())
                    .map(str::to_owned)
            })
        };
        let (status, body) = change(
            "not my password",
            "Amber rivers 88 glide",
            "Amber rivers 88 glide",
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field(&body, "current").as_deref(),
            Some("security-current-wrong")
        );
        let (_, body) = change(CUSTOMER.1, "short", "short").await;
        assert_eq!(field(&body, "new").as_deref(), Some("password-too-short"));
        let (_, body) = change(
            CUSTOMER.1,
            "Popescu maria 2026 garden",
            "Popescu maria 2026 garden",
        )
        .await;
        assert_eq!(field(&body, "new").as_deref(), Some("password-personal"));
        let (_, body) = change(CUSTOMER.1, "Amber rivers 88 glide", "Amber rivers 88 glidd").await;
        assert_eq!(field(&body, "again").as_deref(), Some("password-mismatch"));

        let (status, body) =
            change(CUSTOMER.1, "Amber rivers 88 glide", "Amber rivers 88 glide").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            call(&app, &here, "/api/my/details", &[]).await.0,
            StatusCode::OK,
            "this session stays"
        );
        assert_eq!(
            call(&app, &elsewhere, "/api/my/details", &[]).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.login(CUSTOMER).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the old password is gone"
        );
        app.login_from_new_browser((CUSTOMER.0, "Amber rivers 88 glide"))
            .await;
        let told: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password_changed' AND to_address = $1",
        )
        .bind(CUSTOMER.0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(told, 1);
        let leaked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE '%Amber rivers%'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(leaked, 0, "no secret in the email");
    }

    async fn wrong_current_passwords_count_toward_the_login_throttle(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let here = app.login_from_new_browser(CUSTOMER).await;
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let (status, _) = call(
                &app,
                &here,
                "/api/security/password",
                &[
                    ("current", "guess guess guess"),
                    ("new", "Amber rivers 88 glide"),
                    ("again", "Amber rivers 88 glide"),
                ],
            )
            .await;
            statuses.push(status);
        }
        assert_eq!(
            statuses
                .iter()
                .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
                .count(),
            5,
            "{statuses:?}"
        );
        assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            app.login_in(&here, CUSTOMER).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the same throttle as logging in from this browser"
        );
    }
}
