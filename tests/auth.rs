//! Logging in and out, throttling and session expiry, on SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{header, StatusCode};

async fn customer_logs_in_and_lands_on_the_portal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.login(CUSTOMER).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response).as_deref(), Some("/my"));
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.starts_with("portico_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );

    let home = app.get("/my").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Maria Popescu"));
    assert_eq!(app.count("sessions").await, 1);
}

async fn administrator_lands_on_the_back_office(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(location(&app.login(ADMIN).await).as_deref(), Some("/admin"));
    assert_eq!(app.get("/admin").await.status(), StatusCode::OK);
}

async fn a_plain_form_login_redirects_back_to_the_page_asked_for(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, &app.address)
        .form(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", "/my?tab=1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response).as_deref(), Some("/my?tab=1"));

    let app = TestApp::spawn(backend).await;
    let response = app
        .call(
            "/api/auth/login",
            &[
                ("email", CUSTOMER.0),
                ("password", CUSTOMER.1),
                ("next", "//evil.example/my"),
            ],
        )
        .await;
    assert_eq!(location(&response).as_deref(), Some("/my"));
}

async fn wrong_password_unknown_email_and_revoked_account_answer_alike(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let wrong_password = app.login((CUSTOMER.0, "Velvet compass 63 meadowz")).await;
    let (status, body) = (
        wrong_password.status(),
        wrong_password.text().await.unwrap(),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body, "\"InvalidCredentials\"");

    let unknown = app.login(("nobody@acme.example", CUSTOMER.1)).await;
    assert_eq!(
        (unknown.status(), unknown.text().await.unwrap()),
        (status, body.clone())
    );

    app.exec("UPDATE users SET revoked_at = 1 WHERE login = 'maria@acme.example'")
        .await;
    let revoked = app.login(CUSTOMER).await;
    assert_eq!(
        (revoked.status(), revoked.text().await.unwrap()),
        (status, body)
    );
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(
        app.count("audit_events WHERE kind = 'login_failed'").await,
        3,
        "every failure is in the audit log"
    );
}

async fn repeated_failures_hold_back_the_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..5 {
        assert_eq!(
            app.login((CUSTOMER.0, "not the right one at all"))
                .await
                .status(),
            422
        );
    }
    // Even the right password waits now, and the answer is the same for an unknown account.
    let held = app.login(CUSTOMER).await;
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(held.text().await.unwrap(), "\"TooManyAttempts\"");
    assert_eq!(app.count("sessions").await, 0);
    // Another account from the same address is not affected yet.
    assert_eq!(app.login(ADMIN).await.status(), StatusCode::OK);

    // Once the failures are older than the window, the account opens again.
    app.exec("UPDATE login_throttle SET window_started_at = window_started_at - 3600")
        .await;
    assert_eq!(app.login(CUSTOMER).await.status(), StatusCode::OK);
}

async fn repeated_failures_hold_back_the_client_address(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for n in 0..30 {
        let email = format!("guess{n}@acme.example");
        assert_eq!(
            app.login((&email, "not the right one at all"))
                .await
                .status(),
            422
        );
    }
    assert_eq!(
        app.login(STAFF).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn logout_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let login = app.login(CUSTOMER).await;
    let cookie = login
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    let token_cookie = cookie.split(';').next().unwrap().to_owned();

    let logout = app.call("/api/auth/logout", &[]).await;
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(app.count("sessions").await, 0);

    // Replaying the old cookie opens nothing.
    let replay = client()
        .get(app.url("/my"))
        .header(header::COOKIE, token_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&replay).as_deref(), Some("/login?next=%2Fmy"));
}

async fn login_always_issues_a_new_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    let first: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.login_ok(CUSTOMER).await;
    let hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        hashes.len(),
        1,
        "the session from before the login was ended"
    );
    assert_ne!(hashes[0], first);
}

async fn idle_sessions_expire(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 29 * 60")
        .await;
    assert_eq!(
        app.get("/my").await.status(),
        StatusCode::OK,
        "29 idle minutes are fine"
    );
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    assert_eq!(app.get("/my").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("sessions").await,
        0,
        "an expired session is deleted"
    );
}

async fn sessions_end_after_their_absolute_lifetime(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(ADMIN).await;
    app.exec("UPDATE sessions SET created_at = created_at - 12 * 3600")
        .await;
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
}

async fn session_lifetimes_are_configurable(backend: Backend) {
    let app = TestApp::spawn_with(backend, |s| {
        s.session_idle = std::time::Duration::from_secs(5 * 60)
    })
    .await;
    app.login_ok(CUSTOMER).await;
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 6 * 60")
        .await;
    assert_eq!(app.get("/my").await.status(), StatusCode::SEE_OTHER);
}

async fn revoking_an_account_ends_its_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    app.exec("UPDATE users SET revoked_at = 1 WHERE login = 'maria@acme.example'")
        .await;
    assert_eq!(app.get("/my").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("sessions").await, 0);
}

async fn parallel_guesses_never_pass_the_limit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..20 {
        let url = app.url("/api/auth/login");
        let origin = app.address.clone();
        guesses.spawn(async move {
            client()
                .post(url)
                .header(header::ORIGIN, origin)
                .form(&[
                    ("email", CUSTOMER.0),
                    ("password", format!("wrong guess number {n}").as_str()),
                    ("next", ""),
                ])
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut checked = 0;
    let mut held = 0;
    while let Some(status) = guesses.join_next().await {
        match status.unwrap() {
            StatusCode::UNPROCESSABLE_ENTITY => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => held += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!(
        (checked, held),
        (5, 15),
        "only the limit reaches the password check"
    );
    assert_eq!(
        app.count("audit_events WHERE kind = 'login_failed'").await,
        5
    );
    assert_eq!(
        app.login(CUSTOMER).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn a_login_that_cannot_be_recorded_leaves_no_session_and_no_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The audit row is the last write of a login: without its table the
    // transaction fails after the session, device and mail rows were written.
    app.exec("DROP TABLE audit_events").await;
    let response = app.login(CUSTOMER).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c
                .to_str()
                .unwrap_or_default()
                .starts_with("portico_session=")),
        "no session cookie for a session that was not stored"
    );
    assert_eq!(response.text().await.unwrap(), "\"ServerError\"");
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(app.count("known_devices").await, 0);
    assert_eq!(app.count("users WHERE last_login_at IS NOT NULL").await, 0);
}

fn retry_after(response: &reqwest::Response) -> Option<i64> {
    response
        .headers()
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

async fn a_stranger_cannot_lock_the_administrator_out_of_a_known_browser(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The administrator has logged in from this browser before.
    let known_browser = app.login_from_new_browser(ADMIN).await;
    // A stranger (on the same address, 127.0.0.1) guesses far past every limit.
    let stranger = client();
    let mut statuses = Vec::new();
    for n in 0..40 {
        let response = app
            .login_in(&stranger, (ADMIN.0, &format!("guess number {n}")))
            .await;
        statuses.push(response.status());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count(),
        5,
        "{statuses:?}"
    );
    // The stranger stays held back, even with the right password, and is
    // told how long to wait.
    let held = app.login_in(&stranger, ADMIN).await;
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&held).is_some_and(|s| (1..=15 * 60).contains(&s)));
    // So is any browser that never logged in to the account.
    assert_eq!(
        app.login_in(&client(), ADMIN).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // The administrator's own browser is not.
    assert_eq!(
        app.login_in(&known_browser, ADMIN).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        known_browser
            .get(app.url("/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

async fn a_known_browser_has_a_small_budget_of_its_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let known_browser = app.login_from_new_browser(CUSTOMER).await;
    for _ in 0..5 {
        assert_eq!(
            app.login_in(&known_browser, (CUSTOMER.0, "not the right one at all"))
                .await
                .status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        app.login_in(&known_browser, CUSTOMER).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Its guesses were its own: the login's shared counter is untouched.
    assert_eq!(app.login(CUSTOMER).await.status(), StatusCode::OK);
}

async fn a_client_over_its_own_limit_adds_nothing_to_the_login_counter(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for n in 0..30 {
        let email = format!("guess{n}@acme.example");
        assert_eq!(
            app.login((&email, "not the right one at all"))
                .await
                .status(),
            422
        );
    }
    for _ in 0..3 {
        let held = app.login((CUSTOMER.0, "not the right one at all")).await;
        assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&held).is_some());
    }
    assert_eq!(
        app.count(&format!(
            "login_throttle WHERE throttle_key = 'login:{}'",
            CUSTOMER.0
        ))
        .await,
        0,
        "nothing counted against the customer's login"
    );
}

async fn a_password_change_is_not_held_back_by_a_stranger(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let here = app.login_from_new_browser(CUSTOMER).await;
    let stranger = client();
    for n in 0..10 {
        app.login_in(&stranger, (CUSTOMER.0, &format!("guess number {n}")))
            .await;
    }
    let (status, body) = app
        .post_as(
            &here,
            "/api/security/password",
            &[
                ("current", CUSTOMER.1),
                ("new", "Amber rivers 88 glide"),
                ("again", "Amber rivers 88 glide"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn parallel_logins(app: &TestApp, count: usize) -> Vec<(StatusCode, Option<i64>, String)> {
    let mut logins = tokio::task::JoinSet::new();
    for n in 0..count {
        let url = app.url("/api/auth/login");
        let origin = app.address.clone();
        logins.spawn(async move {
            let response = client()
                .post(url)
                .header(header::ORIGIN, origin)
                .form(&[
                    ("email", format!("someone{n}@acme.example").as_str()),
                    ("password", "not the right one at all"),
                    ("next", ""),
                ])
                .send()
                .await
                .unwrap();
            let retry = retry_after(&response);
            (response.status(), retry, response.text().await.unwrap())
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = logins.join_next().await {
        answers.push(answer.unwrap());
    }
    answers
}

async fn parallel_logins_beyond_the_hash_slots_wait_then_get_503(backend: Backend) {
    let slots = portico::hash_slots::HashSlots::new(2);
    let app = TestApp::spawn_with(backend, {
        let slots = slots.clone();
        |settings| settings.hash_slots = slots
    })
    .await;
    // Both slots busy (two long hashes, as it were): the logins wait, then
    // are told to come back.
    let first = slots.take().await.unwrap();
    let second = slots.take().await.unwrap();
    for (status, retry, body) in parallel_logins(&app, 6).await {
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body, "\"Busy\"");
        assert!(retry.is_some_and(|s| s > 0));
    }
    assert_eq!(app.count("sessions").await, 0);
    // Nothing else broke: once the slots are free, logins are checked again.
    drop((first, second));
    for (status, _, _) in parallel_logins(&app, 6).await {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.login_ok(CUSTOMER).await;
}

on_both_databases!(
    a_stranger_cannot_lock_the_administrator_out_of_a_known_browser,
    a_known_browser_has_a_small_budget_of_its_own,
    a_client_over_its_own_limit_adds_nothing_to_the_login_counter,
    a_password_change_is_not_held_back_by_a_stranger,
    parallel_logins_beyond_the_hash_slots_wait_then_get_503,
    customer_logs_in_and_lands_on_the_portal,
    administrator_lands_on_the_back_office,
    a_plain_form_login_redirects_back_to_the_page_asked_for,
    wrong_password_unknown_email_and_revoked_account_answer_alike,
    repeated_failures_hold_back_the_account,
    repeated_failures_hold_back_the_client_address,
    logout_ends_the_session_on_the_server,
    login_always_issues_a_new_session,
    idle_sessions_expire,
    sessions_end_after_their_absolute_lifetime,
    session_lifetimes_are_configurable,
    revoking_an_account_ends_its_sessions,
    parallel_guesses_never_pass_the_limit,
    a_login_that_cannot_be_recorded_leaves_no_session_and_no_cookie,
);
