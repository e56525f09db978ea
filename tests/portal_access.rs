//! Granting portal access, the invitation link, revoking, and the back
//! office's contact list: through the real server functions, on both
//! databases.

mod common;

use common::{client, field_message, location, Backend, TestApp, ADMIN, CUSTOMER, STAFF};
use reqwest::{header, Client, StatusCode};
use serde_json::Value;

on_both_databases!(
    a_granted_contact_is_invited_chooses_a_password_and_lands_in_the_portal,
    a_revoked_user_is_logged_out_everywhere_and_can_be_granted_again,
    granted_again_to_the_same_address_the_invitation_asks_the_second_factor,
    granted_to_another_address_the_old_second_factor_is_gone,
    a_login_already_taken_is_refused_on_its_row_and_nothing_is_written,
    parallel_grants_of_one_address_create_exactly_one_user,
    two_tabs_accepting_one_invitation_exactly_one_wins,
    an_expired_invitation_says_so_and_changes_nothing,
    reinviting_voids_the_older_link,
    the_contact_list_searches_filters_and_pages_by_keyset,
    a_contact_is_created_checked_field_by_field_and_deleted_only_when_unused,
);

async fn post(
    app: &TestApp,
    browser: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    app.post_as(browser, path, form).await
}

async fn staff_browser(app: &TestApp, who: (&str, &str)) -> Client {
    app.login_from_new_browser(who).await
}

async fn grant(app: &TestApp, staff: &Client, contact_id: i64, email: &str) -> (StatusCode, Value) {
    let id = contact_id.to_string();
    post(
        app,
        staff,
        "/api/admin/access/grant",
        &[("contact_id", &id), ("email", email)],
    )
    .await
}

/// The invitations sent to `to`, oldest first: tokens and mails.
fn invitations_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    common::links_in_mail(app, to, "/invite/")
}

/// The token of invitation number `n` (1 = the first) sent to `to`,
/// waiting for the mail worker to send it.
async fn nth_invitation(app: &TestApp, to: &str, n: usize) -> (String, String) {
    for _ in 0..200 {
        let sent = invitations_to(app, to);
        if sent.len() >= n {
            return sent[n - 1].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("invitation {n} to {to} never arrived");
}

async fn invitation_token(app: &TestApp, to: &str) -> String {
    nth_invitation(app, to, 1).await.0
}

async fn accept(
    app: &TestApp,
    browser: &Client,
    token: &str,
    password: &str,
    again: &str,
) -> (StatusCode, Value) {
    post(
        app,
        browser,
        "/api/invite/accept",
        &[
            ("token", token),
            ("password", password),
            ("password_again", again),
        ],
    )
    .await
}

const NEW_PASSWORD: &str = "Amber rivers 88 glide";

async fn a_granted_contact_is_invited_chooses_a_password_and_lands_in_the_portal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let ion = app.contact_id("Ion Vasilescu").await;

    let (status, row) = grant(&app, &staff, ion, "  Ion.V@ACME.example ").await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(
        row["email"], "ion.v@acme.example",
        "the login is the normalised address"
    );
    assert_eq!(row["access"], "Invited");
    assert_eq!(row["invitation"][0], "Queued");

    // One multipart email, in the contact's language (Romanian), naming the company.
    let subject: String = sqlx::query_scalar(
        "SELECT subject FROM mail_outbox WHERE kind = 'invitation' AND to_address = 'ion.v@acme.example'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        subject.contains("ACME Distribution SRL") && subject.contains("Accesul"),
        "{subject}"
    );
    let (token, mail) = nth_invitation(&app, "ion.v@acme.example", 1).await;
    assert!(
        mail.contains("multipart/alternative")
            && mail.contains(&format!("href=\"http://localhost:3000/invite/{token}\""))
    );
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'invitation' AND status = 'sent'",
        1,
    )
    .await;
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE $1 OR body_html LIKE $1",
    )
    .bind(format!("%{token}%"))
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(kept, 0, "once sent, the outbox keeps no copy of the link");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_links WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "only the token's hash is stored");

    let customer = client();
    let (status, view) = post(&app, &customer, "/api/invite/view", &[("token", &token)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["Open"]["login"], "ion.v@acme.example");

    // The product's password rules, on the field that broke them.
    let (status, body) = accept(&app, &customer, &token, "short", "short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("password-too-short")
    );
    let (_, body) = accept(
        &app,
        &customer,
        &token,
        "Vasilescu garden party",
        "Vasilescu garden party",
    )
    .await;
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("password-personal")
    );
    let (_, body) = accept(&app, &customer, &token, NEW_PASSWORD, "something else").await;
    assert_eq!(
        field_message(&body, "password_again").as_deref(),
        Some("password-mismatch")
    );

    let response = customer
        .post(app.url("/api/invite/accept"))
        .header(header::ORIGIN, &app.address)
        .form(&[
            ("token", token.as_str()),
            ("password", NEW_PASSWORD),
            ("password_again", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response).as_deref(), Some("/my"));
    let (status, me) = post(&app, &customer, "/api/auth/whoami", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["name"], "Ion Vasilescu");
    assert_eq!(
        me["locale"], "Ro",
        "a new user speaks its contact's language"
    );

    // The link worked once; the password works from now on.
    let (status, body) = accept(&app, &client(), &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("invite-used")
    );
    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", &token)]).await;
    assert_eq!(view, "Used");
    app.login_from_new_browser(("ion.v@acme.example", NEW_PASSWORD))
        .await;

    let (_, rows) = post(
        &app,
        &staff,
        "/api/admin/access/rows",
        &[("contacts", &ion.to_string())],
    )
    .await;
    assert_eq!(rows[0]["access"], "Active");
    assert_eq!(rows[0]["invitation"][0], "Accepted");
    assert!(rows[0]["last_login_at"].is_i64());
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM audit_events ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        kinds.contains(&"access_granted".to_owned())
            && kinds.contains(&"invitation_accepted".to_owned())
    );
}

async fn a_revoked_user_is_logged_out_everywhere_and_can_be_granted_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = staff_browser(&app, ADMIN).await;
    let maria = app.contact_id("Maria Popescu").await;
    let phone = app.login_from_new_browser(CUSTOMER).await;
    let laptop = app.login_from_new_browser(CUSTOMER).await;

    let (status, row) = post(
        &app,
        &admin,
        "/api/admin/access/revoke",
        &[("contact_id", &maria.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["access"], "Revoked");
    for browser in [&phone, &laptop] {
        let (status, _) = post(&app, browser, "/api/my/details", &[]).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "every session ended at once"
        );
    }
    assert_eq!(
        app.login(CUSTOMER).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "refused like a wrong password"
    );
    let (status, body) = post(
        &app,
        &admin,
        "/api/admin/access/revoke",
        &[("contact_id", &maria.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "access").as_deref(),
        Some("access-not-granted")
    );

    // Granted again: the same user, a new invitation, the old password void.
    let users_before = app.count("users").await;
    let (status, row) = grant(&app, &admin, maria, CUSTOMER.0).await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["access"], "Invited");
    assert_eq!(app.count("users").await, users_before);
    assert_eq!(
        app.login(CUSTOMER).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "refused like a wrong password"
    );
    let token = invitation_token(&app, CUSTOMER.0).await;
    let (status, _) = accept(&app, &client(), &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

/// Maria turns two-factor on from her security page; answers its secret
/// and recovery codes.
async fn maria_turns_two_factor_on(app: &TestApp) -> (String, Vec<String>) {
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (status, setup) = post(
        app,
        &maria,
        "/api/security/two-factor/start",
        &[("password", CUSTOMER.1)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let code = app.unused_code(CUSTOMER.0, &secret).await;
    let (status, codes) = post(
        app,
        &maria,
        "/api/security/two-factor/confirm",
        &[("code", &code)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    (secret, serde_json::from_value(codes).unwrap())
}

/// Staff revoke the contact's access and grant it again to `email`;
/// answers the new invitation's token.
async fn revoke_and_grant_again(
    app: &TestApp,
    staff: &Client,
    contact_id: i64,
    email: &str,
) -> String {
    let (status, row) = post(
        app,
        staff,
        "/api/admin/access/revoke",
        &[("contact_id", &contact_id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{row}");
    let before = invitations_to(app, email).len();
    let (status, row) = grant(app, staff, contact_id, email).await;
    assert_eq!(status, StatusCode::OK, "{row}");
    nth_invitation(app, email, before + 1).await.0
}

async fn accept_with_code(
    app: &TestApp,
    browser: &Client,
    token: &str,
    code: &str,
) -> (StatusCode, Value) {
    post(
        app,
        browser,
        "/api/invite/accept",
        &[
            ("token", token),
            ("password", NEW_PASSWORD),
            ("password_again", NEW_PASSWORD),
            ("code", code),
        ],
    )
    .await
}

async fn signed_in(app: &TestApp, browser: &Client) -> bool {
    post(app, browser, "/api/auth/whoami", &[]).await.0 == StatusCode::OK
}

async fn has_password(app: &TestApp, login: &str) -> bool {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE login = $1 AND password_hash IS NOT NULL",
    )
    .bind(login)
    .fetch_one(&app.pool)
    .await
    .unwrap()
        == 1
}

async fn granted_again_to_the_same_address_the_invitation_asks_the_second_factor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, recovery) = maria_turns_two_factor_on(&app).await;
    let admin = staff_browser(&app, ADMIN).await;
    let maria = app.contact_id("Maria Popescu").await;
    let token = revoke_and_grant_again(&app, &admin, maria, CUSTOMER.0).await;

    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", &token)]).await;
    assert_eq!(
        view["Open"]["two_factor"], true,
        "the page shows the code field"
    );

    // The link and a password alone open nothing and change nothing.
    let browser = client();
    let (status, body) = accept(&app, &browser, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("invite-two-factor-needed")
    );
    let (status, body) = accept_with_code(&app, &browser, &token, "123 456").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-wrong")
    );
    assert!(
        !signed_in(&app, &browser).await,
        "no session without the code"
    );
    assert!(
        !has_password(&app, CUSTOMER.0).await,
        "the password waits for the code"
    );
    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", &token)]).await;
    assert!(view["Open"].is_object(), "the link still works: {view}");
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE kind = 'login_failed' \
         AND subject_user_id = (SELECT id FROM users WHERE login = $1)",
    )
    .bind(CUSTOMER.0)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(failed, 1, "the wrong code is audited as a failed login");

    // With the code from the app: in, and two-factor stays on.
    let code = app.unused_code(CUSTOMER.0, &secret).await;
    let response = browser
        .post(app.url("/api/invite/accept"))
        .header(header::ORIGIN, &app.address)
        .form(&[
            ("token", token.as_str()),
            ("password", NEW_PASSWORD),
            ("password_again", NEW_PASSWORD),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response).as_deref(), Some("/my"));
    assert!(signed_in(&app, &browser).await);
    let (_, state) = post(&app, &browser, "/api/security/two-factor", &[]).await;
    assert_eq!(state["enabled"], true);

    // The code was accepted once: the next invitation cannot reuse it, but
    // takes a recovery code.
    let token = revoke_and_grant_again(&app, &admin, maria, CUSTOMER.0).await;
    let browser = client();
    let (status, body) = accept_with_code(&app, &browser, &token, &code).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(!signed_in(&app, &browser).await);
    let (status, body) = accept_with_code(&app, &browser, &token, &recovery[0]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(signed_in(&app, &browser).await);
    let (_, state) = post(&app, &browser, "/api/security/two-factor", &[]).await;
    assert_eq!(state["recovery_left"], recovery.len() as i64 - 1);
}

async fn granted_to_another_address_the_old_second_factor_is_gone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    maria_turns_two_factor_on(&app).await;
    let admin = staff_browser(&app, ADMIN).await;
    let maria = app.contact_id("Maria Popescu").await;
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(CUSTOMER.0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let newcomer = "accounts@acme.example";
    let token = revoke_and_grant_again(&app, &admin, maria, newcomer).await;

    for table in ["two_factor", "recovery_codes"] {
        let left: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(left, 0, "{table}: the previous holder's");
    }
    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", &token)]).await;
    assert_eq!(view["Open"]["two_factor"], false);
    let browser = client();
    let (status, body) = accept(&app, &browser, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(signed_in(&app, &browser).await, "no code asked");
    let (_, state) = post(&app, &browser, "/api/security/two-factor", &[]).await;
    assert_eq!(state["enabled"], false);
    assert_eq!(state["recovery_left"], 0);
}

async fn a_login_already_taken_is_refused_on_its_row_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let ion = app.contact_id("Ion Vasilescu").await;
    let before = app.snapshot().await;
    for (email, field, message) in [
        ("MARIA@acme.example", "email", "error-taken"),
        ("not an address", "email", "error-email-malformed"),
    ] {
        let (status, body) = grant(&app, &staff, ion, email).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert_eq!(
            field_message(&body, field).as_deref(),
            Some(message),
            "{email}"
        );
    }
    let (status, body) = grant(
        &app,
        &staff,
        app.contact_id("Radu Stan").await,
        "radu@example.com",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "email").as_deref(),
        Some("access-internal-user")
    );
    let (status, _) = grant(&app, &staff, 999_999, "nobody@example.com").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(
        &app,
        &staff,
        "/api/admin/access/rows",
        &[("contacts", "1;drop")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused grant writes nothing"
    );
}

async fn parallel_grants_of_one_address_create_exactly_one_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let mut contacts = Vec::new();
    for name in ["Ion Vasilescu", "Elena Dumitru", "Carmen Ruiz"] {
        contacts.push(app.contact_id(name).await);
    }
    let users_before = app.count("users").await;
    let mail_before = app.count("mail_outbox").await;
    let attempts = (0..12)
        .map(|i| {
            let form = vec![
                (
                    "contact_id".to_owned(),
                    contacts[i % contacts.len()].to_string(),
                ),
                ("email".to_owned(), "shared@example.com".to_owned()),
            ];
            (staff.clone(), "/api/admin/access/grant", form)
        })
        .collect();
    let results = all_at_once(&app, attempts).await;
    let won = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(won, 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let message = field_message(body, "email").unwrap_or_default();
        assert!(
            message == "error-taken" || message == "access-already-granted",
            "{body}"
        );
    }
    assert_eq!(app.count("users").await, users_before + 1);
    assert_eq!(app.count("mail_outbox").await, mail_before + 1);
    assert_eq!(app.count("access_links").await, 1);
}

/// Sends every request at once, each from its own task, and returns the
/// answers.
async fn all_at_once(
    app: &TestApp,
    requests: Vec<(Client, &'static str, Vec<(String, String)>)>,
) -> Vec<(StatusCode, Value)> {
    let mut tasks = tokio::task::JoinSet::new();
    for (browser, path, form) in requests {
        let (url, origin) = (app.url(path), app.address.clone());
        tasks.spawn(async move {
            let response = browser
                .post(url)
                .header(header::ORIGIN, origin)
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let text = response.text().await.unwrap();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        });
    }
    tasks.join_all().await
}

async fn two_tabs_accepting_one_invitation_exactly_one_wins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let elena = app.contact_id("Elena Dumitru").await;
    grant(&app, &staff, elena, "elena.dumitru@example.com").await;
    let token = invitation_token(&app, "elena.dumitru@example.com").await;
    let tabs = (0..6)
        .map(|_| {
            let form = vec![
                ("token".to_owned(), token.clone()),
                ("password".to_owned(), NEW_PASSWORD.to_owned()),
                ("password_again".to_owned(), NEW_PASSWORD.to_owned()),
            ];
            (client(), "/api/invite/accept", form)
        })
        .collect();
    let results = all_at_once(&app, tabs).await;
    let won = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(won, 1, "{results:?}");
    let losers: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s != StatusCode::OK)
        .collect();
    assert!(losers
        .iter()
        .all(|(s, b)| *s == StatusCode::UNPROCESSABLE_ENTITY
            && field_message(b, "token").as_deref() == Some("invite-used")));
    let accepted: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE kind = 'invitation_accepted'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(accepted, 1);
}

async fn an_expired_invitation_says_so_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.invitation_valid_for = std::time::Duration::ZERO;
    })
    .await;
    let staff = staff_browser(&app, STAFF).await;
    let carmen = app.contact_id("Carmen Ruiz").await;
    let (_, row) = grant(&app, &staff, carmen, "carmen@norte.example").await;
    assert_eq!(row["invitation"][0], "Expired");
    let token = invitation_token(&app, "carmen@norte.example").await;
    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", &token)]).await;
    assert_eq!(view, "Expired");
    let before = app.snapshot().await;
    let (status, body) = accept(&app, &client(), &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("invite-expired")
    );
    assert_eq!(app.snapshot().await, before);
    let (_, view) = post(&app, &client(), "/api/invite/view", &[("token", "0123")]).await;
    assert_eq!(view, "Unknown");
}

async fn reinviting_voids_the_older_link(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let ion = app.contact_id("Ion Vasilescu").await;
    grant(&app, &staff, ion, "ion@acme.example").await;
    let first = nth_invitation(&app, "ion@acme.example", 1).await.0;
    let (status, row) = post(
        &app,
        &staff,
        "/api/admin/access/reinvite",
        &[("contact_id", &ion.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{row}");
    let second = nth_invitation(&app, "ion@acme.example", 2).await.0;
    assert_ne!(first, second);
    let (_, body) = accept(&app, &client(), &first, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        field_message(&body, "token").as_deref(),
        Some("invite-voided")
    );
    let (status, _) = accept(&app, &client(), &second, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // Accepted: nothing left to re-invite.
    let (status, body) = post(
        &app,
        &staff,
        "/api/admin/access/reinvite",
        &[("contact_id", &ion.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "access").as_deref(),
        Some("access-not-invited")
    );
}

async fn list(
    app: &TestApp,
    staff: &Client,
    query: &str,
    filter: &str,
    after: &str,
    before: &str,
) -> Value {
    let (status, page) = post(
        app,
        staff,
        "/api/admin/contacts/list",
        &[
            ("query", query),
            ("filter", filter),
            ("after", after),
            ("before", before),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

fn names(page: &Value) -> Vec<String> {
    page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_contact_list_searches_filters_and_pages_by_keyset(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    for n in 0..64 {
        let name = format!("Zeta Client {n:03}");
        let email = format!("zeta{n}@clients.example");
        let (status, body) = post(
            &app,
            &staff,
            "/api/admin/contacts/save",
            &[
                ("contact[kind]", "individual"),
                ("contact[name]", &name),
                ("contact[email]", &email),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // The start of a name, of an email or of a company's name; any case.
    assert_eq!(
        names(&list(&app, &staff, "ion v", "all", "", "").await),
        ["Ion Vasilescu"]
    );
    assert_eq!(
        names(&list(&app, &staff, "Popes", "all", "", "").await),
        ["Maria Popescu"],
        "any word of a name"
    );
    assert_eq!(
        names(&list(&app, &staff, "distribution", "all", "", "").await),
        ["ACME Distribution SRL", "Ion Vasilescu", "Maria Popescu"],
        "a company's word finds its people too"
    );
    assert_eq!(
        names(&list(&app, &staff, "CARMEN@", "all", "", "").await),
        ["Carmen Ruiz"]
    );
    assert_eq!(
        names(&list(&app, &staff, "acme", "all", "", "").await),
        ["ACME Distribution SRL", "Ion Vasilescu", "Maria Popescu"]
    );
    assert_eq!(
        names(&list(&app, &staff, "acme", "individuals", "", "").await),
        ["Ion Vasilescu", "Maria Popescu"]
    );
    assert_eq!(
        names(&list(&app, &staff, "", "portal", "", "").await),
        ["Maria Popescu"]
    );
    assert_eq!(
        names(&list(&app, &staff, "", "companies", "", "").await),
        ["ACME Distribution SRL", "Soluciones Norte SL"]
    );
    assert!(
        names(&list(&app, &staff, "%", "all", "", "").await).is_empty(),
        "no wildcards"
    );

    // 64 + 8 demo contacts: pages of 50, forward and back.
    let first = list(&app, &staff, "", "all", "", "").await;
    assert_eq!(names(&first).len(), 50);
    assert!(first["previous"].is_null());
    let next = first["next"].as_str().unwrap().to_owned();
    let second = list(&app, &staff, "", "all", &next, "").await;
    assert_eq!(names(&second).len(), 22);
    assert!(second["next"].is_null());
    let mut all = names(&first);
    all.extend(names(&second));
    let mut sorted = all.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(all, sorted, "by name, nothing twice, nothing missing");
    let back = list(
        &app,
        &staff,
        "",
        "all",
        "",
        second["previous"].as_str().unwrap(),
    )
    .await;
    assert_eq!(names(&back), names(&first));

    // The other orders page the same way.
    for (sort, first_name) in [("-name", "Zeta Client 063"), ("new", "Zeta Client 063")] {
        let sorted = |after: &str, before: &str| {
            let (after, before) = (after.to_owned(), before.to_owned());
            let (app, staff) = (&app, &staff);
            async move {
                let (status, page) = post(
                    app,
                    staff,
                    "/api/admin/contacts/list",
                    &[
                        ("query", ""),
                        ("filter", "all"),
                        ("sort", sort),
                        ("after", &after),
                        ("before", &before),
                    ],
                )
                .await;
                assert_eq!(status, StatusCode::OK, "{page}");
                page
            }
        };
        let first = sorted("", "").await;
        assert_eq!(names(&first)[0], first_name, "{sort}");
        let second = sorted(first["next"].as_str().unwrap(), "").await;
        assert_eq!(names(&second).len(), 22, "{sort}");
        let mut seen = names(&first);
        seen.extend(names(&second));
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 72, "{sort}: nothing twice, nothing missing");
        let back = sorted("", second["previous"].as_str().unwrap()).await;
        assert_eq!(names(&back), names(&first), "{sort}");
    }
    let (status, _) = post(
        &app,
        &app.client,
        "/api/admin/contacts/list",
        &[("query", ""), ("filter", ""), ("after", ""), ("before", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn a_contact_is_created_checked_field_by_field_and_deleted_only_when_unused(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let staff = staff_browser(&app, STAFF).await;
    let before = app.snapshot().await;
    let (status, body) = post(
        &app,
        &staff,
        "/api/admin/contacts/save",
        &[
            ("contact[kind]", "individual"),
            ("contact[name]", ""),
            ("contact[email]", "nope"),
            ("contact[country]", "ZZ"),
            ("contact[parent_id]", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, message) in [
        ("name", "error-required"),
        ("email", "error-email-malformed"),
        ("country", "error-unknown-country"),
    ] {
        assert_eq!(
            field_message(&body, field).as_deref(),
            Some(message),
            "{field}"
        );
    }
    let maria = app.contact_id("Maria Popescu").await.to_string();
    let (_, body) = post(
        &app,
        &staff,
        "/api/admin/contacts/save",
        &[
            ("contact[kind]", "individual"),
            ("contact[name]", "Ana"),
            ("contact[parent_id]", &maria),
        ],
    )
    .await;
    assert_eq!(
        field_message(&body, "parent_id").as_deref(),
        Some("contact-parent-not-company")
    );
    assert_eq!(app.snapshot().await, before, "refused forms write nothing");

    let acme = app.contact_id("ACME Distribution SRL").await.to_string();
    let response = staff
        .post(app.url("/api/admin/contacts/save"))
        .header(header::ORIGIN, &app.address)
        .form(&[
            ("contact[kind]", "individual"),
            ("contact[name]", "Ștefan Marin"),
            ("contact[parent_id]", &acme),
            ("contact[lang]", "ro"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let id = app.contact_id("Ștefan Marin").await;
    assert_eq!(location(&response), Some(format!("/admin/contacts/{id}")));
    let (_, record) = post(&app, &staff, "/api/admin/contacts/get", &[("id", &acme)]).await;
    assert!(record["related"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "Ștefan Marin"));
    assert_eq!(
        names(&list(&app, &staff, "ște", "all", "", "").await),
        ["Ștefan Marin"]
    );

    for (contact, expected) in [
        (maria.clone(), StatusCode::UNPROCESSABLE_ENTITY),
        (acme.clone(), StatusCode::UNPROCESSABLE_ENTITY),
        (id.to_string(), StatusCode::OK),
        (id.to_string(), StatusCode::NOT_FOUND),
    ] {
        let (status, body) = post(
            &app,
            &staff,
            "/api/admin/contacts/delete",
            &[("id", &contact)],
        )
        .await;
        assert_eq!(status, expected, "{contact}: {body}");
        if expected == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(
                field_message(&body, "contact").as_deref(),
                Some("contact-in-use")
            );
        }
    }
}

mod back_office_records {
    use super::*;

    on_both_databases!(
        a_failed_message_is_shown_with_its_error_and_sent_on_retry,
        the_audit_log_filters_by_event_user_and_day,
    );

    async fn a_failed_message_is_shown_with_its_error_and_sent_on_retry(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let staff = staff_browser(&app, STAFF).await;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_outbox (kind, to_address, subject, body_text, status, attempts, next_attempt_at, last_error, created_at) \
             VALUES ('invitation', 'ion@acme.example', 'Hello', 'Body', 'failed', 8, 0, 'connection refused', 0) RETURNING id",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        let (status, page) = post(
            &app,
            &staff,
            "/api/admin/mail/list",
            &[("status", "failed")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["lines"][0]["id"], id);
        assert_eq!(page["lines"][0]["last_error"], "connection refused");
        let (status, _) = post(&app, &staff, "/api/admin/mail/list", &[("status", "lost")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let (status, line) = post(
            &app,
            &staff,
            "/api/admin/mail/retry",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{line}");
        assert_eq!(line["status"], "queued");
        app.eventually_count(
            &format!("SELECT COUNT(*) FROM mail_outbox WHERE id = {id} AND status = 'sent'"),
            1,
        )
        .await;
        let (status, body) = post(
            &app,
            &staff,
            "/api/admin/mail/retry",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a sent message is not sent twice"
        );
        assert_eq!(
            field_message(&body, "mail").as_deref(),
            Some("mail-not-failed")
        );
        let (status, _) = post(&app, &staff, "/api/admin/mail/retry", &[("id", "987654")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn audit(app: &TestApp, admin: &Client, form: &[(&str, &str)]) -> Vec<Value> {
        let (status, page) = post(app, admin, "/api/admin/audit/list", form).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["lines"].as_array().unwrap().clone()
    }

    async fn the_audit_log_filters_by_event_user_and_day(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        assert_eq!(
            app.login(("maria@acme.example", "wrong password here"))
                .await
                .status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let admin = staff_browser(&app, ADMIN).await;
        let failed = audit(&app, &admin, &[("filter[kind]", "login_failed")]).await;
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0]["subject"], "maria@acme.example");
        assert!(failed[0]["client_ip"].is_string());
        let maria = audit(&app, &admin, &[("filter[user]", "MARIA@")]).await;
        assert!(maria
            .iter()
            .all(|l| l["subject"] == "maria@acme.example" || l["actor"] == "maria@acme.example"));
        assert!(!maria.is_empty());
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        assert!(!audit(
            &app,
            &admin,
            &[("filter[from]", &today), ("filter[to]", &today)]
        )
        .await
        .is_empty());
        assert!(audit(&app, &admin, &[("filter[to]", "2001-01-01")])
            .await
            .is_empty());
        let (status, body) = post(
            &app,
            &admin,
            "/api/admin/audit/list",
            &[("filter[from]", "yesterday")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field_message(&body, "from").as_deref(),
            Some("error-malformed")
        );
        let staff = staff_browser(&app, STAFF).await;
        let (status, _) = post(&app, &staff, "/api/admin/audit/list", &[]).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the audit log is for administrators"
        );
    }
}

mod users_and_logins {
    use super::*;

    on_both_databases!(
        the_user_list_combines_presets_and_whitelisted_conditions,
        an_administrator_changes_a_login_and_both_addresses_are_told,
        an_invited_staff_user_chooses_a_password_and_lands_in_the_back_office,
    );

    async fn an_invited_staff_user_chooses_a_password_and_lands_in_the_back_office(
        backend: Backend,
    ) {
        let app = TestApp::spawn(backend).await;
        let admin = staff_browser(&app, ADMIN).await;
        let before = app.snapshot().await;
        for (form, field, message) in [
            (
                [
                    ("name", "Irina Vlad"),
                    ("email", "STAFF@example.com"),
                    ("role", "staff"),
                ],
                "email",
                "error-taken",
            ),
            (
                [
                    ("name", "Irina Vlad"),
                    ("email", "irina@example.com"),
                    ("role", "root"),
                ],
                "role",
                "error-required",
            ),
            (
                [
                    ("name", " "),
                    ("email", "irina@example.com"),
                    ("role", "staff"),
                ],
                "name",
                "error-required",
            ),
        ] {
            let (status, body) = post(&app, &admin, "/api/admin/users/invite", &form).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(
                field_message(&body, field).as_deref(),
                Some(message),
                "{form:?}"
            );
        }
        assert_eq!(
            app.snapshot().await,
            before,
            "a refused invitation leaves nothing behind"
        );

        let response = admin
            .post(app.url("/api/admin/users/invite"))
            .header(header::ORIGIN, &app.address)
            .form(&[
                ("name", "Irina Vlad"),
                ("email", "Irina@Example.com"),
                ("role", "staff"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(location(&response).unwrap().starts_with("/admin/users/"));
        let token = invitation_token(&app, "irina@example.com").await;
        let irina = client();
        let response = irina
            .post(app.url("/api/invite/accept"))
            .header(header::ORIGIN, &app.address)
            .form(&[
                ("token", token.as_str()),
                ("password", NEW_PASSWORD),
                ("password_again", NEW_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            location(&response).as_deref(),
            Some("/admin/security"),
            "staff land in the back office, on setting up two-factor first"
        );
        let (_, me) = post(&app, &irina, "/api/auth/whoami", &[]).await;
        assert_eq!(me["role"], "Staff");
        let (status, _) = post(
            &app,
            &irina,
            "/api/admin/users/invite",
            &[
                ("name", "X Y"),
                ("email", "x@example.com"),
                ("role", "administrator"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "staff cannot create users");
    }

    async fn logins(
        app: &TestApp,
        admin: &Client,
        form: &[(&str, &str)],
    ) -> (StatusCode, Vec<String>) {
        let (status, page) = post(app, admin, "/api/admin/users/list", form).await;
        let logins = page["users"]
            .as_array()
            .map(|users| {
                users
                    .iter()
                    .map(|u| u["login"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        (status, logins)
    }

    async fn the_user_list_combines_presets_and_whitelisted_conditions(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = staff_browser(&app, ADMIN).await;
        assert_eq!(
            logins(&app, &admin, &[("query[preset]", "portal")]).await.1,
            ["maria@acme.example"]
        );
        assert_eq!(
            logins(&app, &admin, &[("query[preset]", "internal")])
                .await
                .1,
            ["admin@example.com", "staff@example.com"]
        );
        assert_eq!(
            logins(
                &app,
                &admin,
                &[("query[conditions][0]", "groups.contains.portal")]
            )
            .await
            .1,
            ["maria@acme.example"]
        );
        assert_eq!(
            logins(
                &app,
                &admin,
                &[("query[conditions][0]", "login.contains.STAFF@")]
            )
            .await
            .1,
            ["staff@example.com"]
        );
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let (_, recent) = logins(
            &app,
            &admin,
            &[
                ("query[conditions][0]", "groups.contains.internal"),
                (
                    "query[conditions][1]",
                    &format!("latest_login.after.{today}"),
                ),
            ],
        )
        .await;
        assert_eq!(
            recent,
            ["admin@example.com"],
            "only the administrator logged in today"
        );
        assert!(
            logins(
                &app,
                &admin,
                &[("query[conditions][0]", "login.contains.%")]
            )
            .await
            .1
            .is_empty(),
            "% is a character, not a wildcard"
        );
        assert!(
            logins(&app, &admin, &[("query[conditions][0]", "active.is.no")])
                .await
                .1
                .is_empty()
        );
        for bad in [
            "password_hash.contains.a",
            "login.equals.x",
            "groups.contains.root",
        ] {
            let (status, _) = logins(&app, &admin, &[("query[conditions][0]", bad)]).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        }
        let staff = staff_browser(&app, STAFF).await;
        let (status, _) = logins(&app, &staff, &[]).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "users are for administrators"
        );
    }

    async fn an_administrator_changes_a_login_and_both_addresses_are_told(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = staff_browser(&app, ADMIN).await;
        let customer = app.login_from_new_browser(CUSTOMER).await;
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
            .bind(CUSTOMER.0)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let id = user_id.to_string();
        let (status, body) = post(
            &app,
            &admin,
            "/api/admin/users/login",
            &[("id", &id), ("login", "STAFF@example.com")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field_message(&body, "login").as_deref(),
            Some("error-taken")
        );

        let (status, user) = post(
            &app,
            &admin,
            "/api/admin/users/login",
            &[("id", &id), ("login", "Maria.P@acme.example")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user["login"], "maria.p@acme.example");
        let (status, _) = post(&app, &customer, "/api/my/details", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "every session ended");
        assert_eq!(
            app.login(CUSTOMER).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        app.login_from_new_browser(("maria.p@acme.example", CUSTOMER.1))
            .await;
        let contact_email: String =
            sqlx::query_scalar("SELECT email FROM contacts WHERE name = 'Maria Popescu'")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(contact_email, CUSTOMER.0, "the contact's own email stays");
        let told: Vec<String> = sqlx::query_scalar(
            "SELECT to_address FROM mail_outbox WHERE kind = 'login_changed' ORDER BY to_address",
        )
        .fetch_all(&app.pool)
        .await
        .unwrap();
        assert_eq!(told, ["maria.p@acme.example", CUSTOMER.0]);
        let (status, _) = post(
            &app,
            &admin,
            "/api/admin/users/login",
            &[("id", "424242"), ("login", "x@example.com")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let staff = staff_browser(&app, STAFF).await;
        let (status, _) = post(
            &app,
            &staff,
            "/api/admin/users/login",
            &[("id", &id), ("login", "y@example.com")],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "staff get 403 from the server"
        );
    }
}
