//! Passkeys without a browser: who may start a ceremony, that a ceremony
//! is kept on the server and answers once and only in time, that failed
//! answers count against the client, that removing one needs the owner's
//! password and finds only the owner's, and that a passkey counts as the
//! second factor. (Real authenticators sign in end2end/tests/passkeys.spec.ts.)

mod common;

use common::{client, field_message, Backend, TestApp, ADMIN, CUSTOMER};
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(
    registration_needs_a_session_and_the_password_and_keeps_its_state_on_the_server,
    a_sign_in_answer_is_taken_once_and_only_before_it_expires,
    failed_passkey_answers_count_against_the_client,
    a_client_holds_a_bounded_number_of_open_sign_ins,
    removing_a_passkey_needs_the_password_and_finds_only_ones_own,
    the_list_shows_only_ones_own_passkeys,
    a_passkey_counts_as_the_required_second_factor,
);

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Stores a passkey for `login` as a finished registration would (the
/// credential itself is not read by these scenarios).
async fn give_passkey(app: &TestApp, login: &str, name: &str) -> i64 {
    let user_id = user_id(app, login).await;
    sqlx::query_scalar(
        "INSERT INTO passkeys (user_id, credential_id, user_handle, name, credential, created_at) \
         VALUES ($1, $2, $3, $4, '{}', 1795000000) RETURNING id",
    )
    .bind(user_id)
    .bind(format!("{user_id}-{name}"))
    .bind(format!("00000000-0000-0000-0000-{user_id:012}"))
    .bind(name)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// An answer of the right shape whose signature proves nothing.
fn forged_answer() -> String {
    serde_json::json!({
        "id": "AAECAw",
        "rawId": "AAECAw",
        "response": {
            "authenticatorData": "AAAA",
            "clientDataJSON": "AAAA",
            "signature": "AAAA",
            "userHandle": "AAAAAAAAAAAAAAAAAAAAAA"
        },
        "extensions": {},
        "type": "public-key"
    })
    .to_string()
}

async fn start_sign_in(app: &TestApp, browser: &Client) -> String {
    let (status, body) = app.post_as(browser, "/api/auth/passkey/start", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["ceremony"].as_str().unwrap().to_owned()
}

async fn finish_sign_in(app: &TestApp, browser: &Client, ceremony: &str) -> (StatusCode, Value) {
    app.post_as(
        browser,
        "/api/auth/passkey/finish",
        &[("ceremony", ceremony), ("credential", &forged_answer())],
    )
    .await
}

async fn registration_needs_a_session_and_the_password_and_keeps_its_state_on_the_server(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let stranger = client();
    let (status, _) = app
        .post_as(
            &stranger,
            "/api/security/passkeys/start",
            &[("password", CUSTOMER.1)],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let browser = app.login_from_new_browser(CUSTOMER).await;
    let (status, body) = app
        .post_as(
            &browser,
            "/api/security/passkeys/start",
            &[("password", "not my password at all")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("security-current-wrong")
    );
    assert_eq!(app.count("passkey_ceremonies").await, 0);

    let (status, body) = app
        .post_as(
            &browser,
            "/api/security/passkeys/start",
            &[("password", CUSTOMER.1)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let options = &body["options"]["publicKey"];
    assert_eq!(options["rp"]["id"], "localhost", "the public URL's host");
    assert_eq!(options["user"]["name"], CUSTOMER.0);
    let selection = &options["authenticatorSelection"];
    assert_eq!(selection["residentKey"], "required", "{selection}");
    assert_eq!(selection["userVerification"], "required");
    // The browser gets a token and the challenge; the state stays here.
    let ceremony = body["ceremony"].as_str().unwrap().to_owned();
    assert_eq!(ceremony.len(), 64);
    let stored: String = sqlx::query_scalar("SELECT state FROM passkey_ceremonies")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!body.to_string().contains(&stored));
    let token_hash: String = sqlx::query_scalar("SELECT token_hash FROM passkey_ceremonies")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(token_hash, ceremony, "only the token's digest is stored");

    // Another user cannot finish it (nor use it up); the owner's answer
    // that proves nothing is refused, and the ceremony is then spent.
    let finish = |browser: Client| {
        let app = &app;
        let ceremony = ceremony.clone();
        async move {
            app.post_as(
                &browser,
                "/api/security/passkeys/finish",
                &[
                    ("ceremony", ceremony.as_str()),
                    ("name", "mine now"),
                    ("credential", &forged_registration()),
                ],
            )
            .await
        }
    };
    let admin = app.login_from_new_browser(ADMIN).await;
    let (status, body) = finish(admin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "passkey").as_deref(),
        Some("passkey-expired")
    );
    assert_eq!(app.count("passkey_ceremonies").await, 1);
    let (status, body) = finish(browser.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "passkey").as_deref(),
        Some("passkey-refused")
    );
    assert_eq!(app.count("passkey_ceremonies").await, 0);
    assert_eq!(app.count("passkeys").await, 0);
}

/// A registration answer of the right shape that proves nothing.
fn forged_registration() -> String {
    serde_json::json!({
        "id": "AAECAw",
        "rawId": "AAECAw",
        "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
        "extensions": {},
        "type": "public-key"
    })
    .to_string()
}

async fn a_sign_in_answer_is_taken_once_and_only_before_it_expires(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = client();
    let ceremony = start_sign_in(&app, &browser).await;
    let (status, body) = app.post_as(&browser, "/api/auth/passkey/start", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["options"]["publicKey"]["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "discoverable: no account named first: {body}"
    );
    assert!(body["options"].get("mediation").is_none(), "{body}");
    assert_eq!(app.count("passkey_ceremonies").await, 2);

    // The first answer takes the ceremony (and is refused: it proves nothing).
    let (status, body) = finish_sign_in(&app, &browser, &ceremony).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "passkey").as_deref(),
        Some("passkey-refused")
    );
    assert_eq!(app.count("passkey_ceremonies").await, 1);
    // The same answer again finds no ceremony: a replay.
    let (status, body) = finish_sign_in(&app, &browser, &ceremony).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "passkey").as_deref(),
        Some("passkey-expired")
    );

    // A ceremony past its five minutes is refused, and gone.
    let late = start_sign_in(&app, &browser).await;
    app.exec("UPDATE passkey_ceremonies SET expires_at = expires_at - 301")
        .await;
    let (status, body) = finish_sign_in(&app, &browser, &late).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "passkey").as_deref(),
        Some("passkey-expired")
    );
    assert_eq!(
        app.count("passkey_ceremonies WHERE expires_at > 0").await,
        1,
        "only the other, unused one is left"
    );
    assert_eq!(
        app.count("audit_events WHERE kind = 'login_failed' AND detail LIKE 'passkey%'")
            .await,
        3
    );
    assert_eq!(app.count("sessions").await, 0);
}

async fn failed_passkey_answers_count_against_the_client(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = client();
    for _ in 0..30 {
        let ceremony = start_sign_in(&app, &browser).await;
        let (status, _) = finish_sign_in(&app, &browser, &ceremony).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ceremony = start_sign_in(&app, &browser).await;
    let response = browser
        .post(app.url("/api/auth/passkey/finish"))
        .header(reqwest::header::ORIGIN, &app.address)
        .form(&[
            ("ceremony", ceremony.as_str()),
            ("credential", &forged_answer()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    // The same client's passwords wait too: one budget per client.
    assert_eq!(
        app.login_in(&client(), CUSTOMER).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn a_client_holds_a_bounded_number_of_open_sign_ins(backend: Backend) {
    // Behind one proxy, so that the test can speak from two clients.
    let app = TestApp::spawn_with(backend, |s| s.trusted_proxies = 1).await;
    let start_from = |address: &'static str| {
        client()
            .post(app.url("/api/auth/passkey/start"))
            .header(reqwest::header::ORIGIN, &app.address)
            .header("x-forwarded-for", address)
            .send()
    };
    let mut open = Vec::new();
    for n in 0..20 {
        let response = start_from("2001:db8:5:6::1").await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "start {n}");
        let body: Value = response.json().await.unwrap();
        open.push(body["ceremony"].as_str().unwrap().to_owned());
    }
    // Another address of the same /64 is the same client.
    let refused = start_from("2001:db8:5:6::2").await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(app.count("passkey_ceremonies").await, 20);
    // Another client is not held up.
    assert_eq!(
        start_from("192.0.2.7").await.unwrap().status(),
        StatusCode::OK
    );
    // An answered sign-in frees its place.
    let (status, _) = finish_sign_in(&app, &client(), &open[0]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        start_from("2001:db8:5:6::3").await.unwrap().status(),
        StatusCode::OK
    );
}

async fn removing_a_passkey_needs_the_password_and_finds_only_ones_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mine = give_passkey(&app, CUSTOMER.0, "Laptop").await;
    let admins = give_passkey(&app, ADMIN.0, "Admin's key").await;
    let browser = app.login_from_new_browser(CUSTOMER).await;
    let remove = |id: i64, password: &'static str| {
        let browser = browser.clone();
        let app = &app;
        async move {
            app.post_as(
                &browser,
                "/api/security/passkeys/remove",
                &[("id", &id.to_string()), ("password", password)],
            )
            .await
        }
    };

    let (status, body) = remove(mine, "not my password at all").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("security-current-wrong")
    );
    let (status, _) = remove(admins, CUSTOMER.1).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another user's is not found");
    assert_eq!(app.count("passkeys").await, 2);

    let (status, body) = remove(mine, CUSTOMER.1).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.count("passkeys").await, 1);
    assert_eq!(
        app.count("audit_events WHERE kind = 'passkey_removed' AND detail = 'Laptop'")
            .await,
        1
    );
    assert_eq!(
        app.count("mail_outbox WHERE kind = 'passkey_changed'")
            .await,
        1,
        "the owner is told"
    );
    let (status, _) = remove(mine, CUSTOMER.1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn the_list_shows_only_ones_own_passkeys(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    give_passkey(&app, CUSTOMER.0, "Phone").await;
    give_passkey(&app, CUSTOMER.0, "Laptop").await;
    give_passkey(&app, ADMIN.0, "Admin's key").await;
    let (status, _) = app.post_as(&client(), "/api/security/passkeys", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let browser = app.login_from_new_browser(CUSTOMER).await;
    let (status, body) = app.post_as(&browser, "/api/security/passkeys", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let names: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Phone", "Laptop"]);
    assert!(body[0]["last_used_at"].is_null());
}

async fn a_passkey_counts_as_the_required_second_factor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.exec("UPDATE portal_settings SET customers_need_two_factor = 1 WHERE id = 1")
        .await;
    let browser = app.login_from_new_browser(CUSTOMER).await;
    let (_, me) = app.post_as(&browser, "/api/auth/whoami", &[]).await;
    assert_eq!(me["must_set_up_two_factor"], true);

    give_passkey(&app, CUSTOMER.0, "Laptop").await;
    let (_, me) = app.post_as(&browser, "/api/auth/whoami", &[]).await;
    assert_eq!(me["must_set_up_two_factor"], false, "a passkey is enough");
    // With only a passkey as second factor, the password alone opens nothing.
    let (status, body) = app
        .post_as(
            &client(),
            "/api/auth/login",
            &[
                ("email", CUSTOMER.0),
                ("password", CUSTOMER.1),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("passkey-needed")
    );
}
