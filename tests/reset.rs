//! "Forgot password": the same answer for every address, a single-use link
//! by email that expires and is voided by a newer one, a new password by
//! the product's rules, every session ended, nobody logged in; throttled
//! per client. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

const NEW_PASSWORD: &str = "Quiet orchard 57 lanterns";

async fn ask(app: &TestApp, browser: &Client, email: &str) -> (StatusCode, Value) {
    app.post_as(browser, "/api/auth/reset/request", &[("email", email)])
        .await
}

async fn set(
    app: &TestApp,
    browser: &Client,
    token: &str,
    password: &str,
    again: &str,
) -> (StatusCode, Value) {
    app.post_as(
        browser,
        "/api/auth/reset/set",
        &[
            ("token", token),
            ("password", password),
            ("password_again", again),
        ],
    )
    .await
}

/// The token of reset link number `n` mailed to `to`, once it has left.
async fn nth_link(app: &TestApp, to: &str, n: usize) -> String {
    for _ in 0..200 {
        let sent = links_in_mail(app, to, "/reset-password/");
        if sent.len() >= n {
            return sent[n - 1].0.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("reset link {n} to {to} never arrived");
}

async fn a_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_mail(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let browser = client();
    let known = ask(&app, &browser, CUSTOMER.0).await;
    let unknown = ask(&app, &browser, "nobody@acme.example").await;
    assert_eq!(known, unknown, "nothing tells whether an account exists");
    assert_eq!(known.0, StatusCode::OK);
    let token = nth_link(&app, CUSTOMER.0, 1).await;
    assert_eq!(token.len(), 64);
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password_reset'",
        1,
    )
    .await;
    // Once sent, the database keeps neither the link nor the mail's body.
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password_reset' AND status = 'sent' AND body_html IS NULL",
        1,
    )
    .await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT body_text FROM mail_outbox")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(stored.iter().all(|body| !body.contains(&token)));
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM access_links WHERE purpose = 'password_reset'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], token, "only the hash is stored");
    let (status, body) = ask(&app, &browser, "not an address").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "email").as_deref(),
        Some("error-email-malformed")
    );
}

async fn a_link_sets_a_password_once_ends_every_session_and_logs_nobody_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let logged_in = app.login_from_new_browser(CUSTOMER).await;
    let browser = client();
    ask(&app, &browser, CUSTOMER.0).await;
    let token = nth_link(&app, CUSTOMER.0, 1).await;
    let (status, view) = app
        .post_as(&browser, "/api/auth/reset/view", &[("token", &token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["Open"]["login"], CUSTOMER.0);

    // The product's password rules, each on its field; nothing is used up.
    let (status, body) = set(&app, &browser, &token, "short", "short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&body, "password").is_some());
    let (status, body) = set(
        &app,
        &browser,
        &token,
        NEW_PASSWORD,
        "something else entirely",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "password_again").as_deref(),
        Some("password-mismatch")
    );

    // Two tabs at once: exactly one sets the password.
    let (tab_a, tab_b) = (client(), client());
    let (a, b) = tokio::join!(
        set(&app, &tab_a, &token, NEW_PASSWORD, NEW_PASSWORD),
        set(&app, &tab_b, &token, NEW_PASSWORD, NEW_PASSWORD)
    );
    let wins = [&a, &b].iter().filter(|r| r.0 == StatusCode::OK).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    let loser = if a.0 == StatusCode::OK { &b } else { &a };
    assert_eq!(
        field_message(&loser.1, "token").as_deref(),
        Some("reset-used")
    );

    // Nobody was logged in by it, and the old session is over.
    let (status, _) = app.post_as(&browser, "/api/auth/whoami", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.post_as(&logged_in, "/api/auth/whoami", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login(CUSTOMER).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password is refused"
    );
    assert_eq!(
        app.login((CUSTOMER.0, NEW_PASSWORD)).await.status(),
        StatusCode::OK
    );
    // A replay of the used link.
    let (status, body) = set(&app, &browser, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_message(&body, "token").as_deref(), Some("reset-used"));
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password_changed'",
        1,
    )
    .await;
    app.eventually_count(
        "SELECT COUNT(*) FROM audit_events WHERE kind = 'password_reset'",
        1,
    )
    .await;
}

async fn a_newer_link_or_an_expired_one_does_not_work(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = client();
    ask(&app, &browser, CUSTOMER.0).await;
    let first = nth_link(&app, CUSTOMER.0, 1).await;
    ask(&app, &browser, CUSTOMER.0).await;
    let second = nth_link(&app, CUSTOMER.0, 2).await;
    assert_ne!(first, second);
    let (_, body) = set(&app, &browser, &first, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("reset-voided")
    );
    app.exec("UPDATE access_links SET expires_at = 0 WHERE purpose = 'password_reset'")
        .await;
    let (_, body) = set(&app, &browser, &second, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("reset-expired")
    );
    let (_, body) = set(&app, &browser, &"0".repeat(64), NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("reset-unknown")
    );
    assert_eq!(
        app.login(CUSTOMER).await.status(),
        StatusCode::OK,
        "the password stayed"
    );
}

async fn requests_are_throttled_per_address_and_per_client(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = client();
    for _ in 0..5 {
        assert_eq!(ask(&app, &browser, CUSTOMER.0).await.0, StatusCode::OK);
    }
    // Three emails at most per address in a window, whatever is asked.
    app.eventually_count(
        "SELECT COUNT(*) FROM access_links WHERE purpose = 'password_reset'",
        3,
    )
    .await;
    for _ in 0..5 {
        ask(&app, &browser, "someone@example.net").await;
    }
    // The client has now asked 10 times: the next is refused outright.
    let (status, _) = ask(&app, &browser, "another@example.net").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.count("access_links WHERE purpose = 'password_reset'")
            .await,
        3
    );
}

on_both_databases!(
    a_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_mail,
    a_link_sets_a_password_once_ends_every_session_and_logs_nobody_in,
    a_newer_link_or_an_expired_one_does_not_work,
    requests_are_throttled_per_address_and_per_client,
);
