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
