//! Two-factor authentication: enrolment behind the password with a QR code
//! and ten recovery codes; login in two steps; a code accepted once (two
//! logins with one code: one wins); recovery codes once; a half-done login
//! tries five codes at most; turning it off; a lost key file is an error,
//! not a crash. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// The code an authenticator app shows `steps` steps from now.
fn code(secret: &str, steps: i64) -> String {
    totp_code(secret, steps)
}

/// Logs in with the password; answers the browser, which now holds a
/// half-done login.
async fn first_step(app: &TestApp) -> Client {
    let browser = client();
    let response = app.login_in(&browser, CUSTOMER).await;
    assert_eq!(response.status(), StatusCode::OK);
    browser
}

async fn second_step(app: &TestApp, browser: &Client, code: &str) -> (StatusCode, Value) {
    app.post_as(browser, "/api/auth/second-step", &[("code", code)])
        .await
}

async fn signed_in(app: &TestApp, browser: &Client) -> bool {
    app.post_as(browser, "/api/auth/whoami", &[]).await.0 == StatusCode::OK
}

/// Maria turns two-factor on; answers the secret and the recovery codes.
async fn enrol(app: &TestApp) -> (String, Vec<String>) {
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/security/two-factor/start",
            &[("password", "not her password")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "password").as_deref(),
        Some("security-current-wrong")
    );
    let (status, setup) = app
        .post_as(
            &maria,
            "/api/security/two-factor/start",
            &[("password", CUSTOMER.1)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(
        setup["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || setup["qr_svg"].as_str().unwrap().contains("<svg")
    );
    assert_eq!(setup["issuer"], "Portico");
    assert_eq!(setup["account"], CUSTOMER.0);
    // The secret is sealed at rest.
    let sealed: String = sqlx::query_scalar(
        "SELECT secret_sealed FROM two_factor WHERE user_id = (SELECT id FROM users WHERE login = 'maria@acme.example')",
    )
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!sealed.contains(&secret));
    let key_file = app.data_dir.path().join("two-factor.key");
    assert!(key_file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the key file");
    }
    let (status, _) = app
        .post_as(
            &maria,
            "/api/security/two-factor/confirm",
            &[("code", "12345")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, codes) = app
        .post_as(
            &maria,
            "/api/security/two-factor/confirm",
            &[("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    let codes: Vec<String> = serde_json::from_value(codes).unwrap();
    assert_eq!(codes.len(), 10);
    let (_, state) = app.post_as(&maria, "/api/security/two-factor", &[]).await;
    assert_eq!(state["enabled"], true);
    assert_eq!(state["recovery_left"], 10);
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'two_factor_changed'",
        1,
    )
    .await;
    (secret, codes)
}

async fn login_takes_two_steps_and_a_code_is_accepted_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, _) = enrol(&app).await;
    // The password alone opens nothing.
    let (a, b) = (first_step(&app).await, first_step(&app).await);
    assert!(!signed_in(&app, &a).await);
    // Two logins with one (next step's) code at once: exactly one wins.
    let next = code(&secret, 1);
    let (ra, rb) = tokio::join!(second_step(&app, &a, &next), second_step(&app, &b, &next));
    let wins = [&ra, &rb].iter().filter(|r| r.0 == StatusCode::OK).count();
    assert_eq!(wins, 1, "{ra:?} {rb:?}");
    assert_eq!(
        signed_in(&app, &a).await as usize + signed_in(&app, &b).await as usize,
        1
    );
    // Replayed later: refused.
    let c = first_step(&app).await;
    let (status, body) = second_step(&app, &c, &next).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-wrong")
    );
    // The enrolment's own code (an earlier step) is refused as well.
    let (status, _) = second_step(&app, &c, &code(&secret, 0)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!signed_in(&app, &c).await);
}

async fn recovery_codes_work_once_and_a_half_done_login_tries_five_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, codes) = enrol(&app).await;
    let a = first_step(&app).await;
    let (status, _) = second_step(&app, &a, &codes[0].to_lowercase()).await;
    assert_eq!(status, StatusCode::OK, "recovery codes are typed loosely");
    assert!(signed_in(&app, &a).await);
    let b = first_step(&app).await;
    let (status, _) = second_step(&app, &b, &codes[0]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "used once");
    // Four more wrong codes use up this half-done login's five tries …
    for _ in 0..4 {
        second_step(&app, &b, "000000").await;
    }
    // … so even a good code is refused now: log in again.
    let (status, body) = second_step(&app, &b, &codes[1]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-expired")
    );
    // A half-done login expires.
    let c = first_step(&app).await;
    app.exec("UPDATE login_challenges SET expires_at = 0").await;
    let (_, body) = second_step(&app, &c, &codes[1]).await;
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-expired")
    );
    // Without a half-done login there is nothing to pass.
    let (_, body) = second_step(&app, &client(), &codes[1]).await;
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-expired")
    );
    let used: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NOT NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(used, 1);
}

async fn turning_it_off_asks_for_the_password_and_a_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, codes) = enrol(&app).await;
    let maria = first_step(&app).await;
    second_step(&app, &maria, &codes[2]).await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/security/two-factor/disable",
            &[("password", CUSTOMER.1), ("code", "000000")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&body, "code").is_some());
    let (status, _) = app
        .post_as(
            &maria,
            "/api/security/two-factor/disable",
            &[("password", CUSTOMER.1), ("code", &code(&secret, 1))],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM two_factor t JOIN users u ON u.id = t.user_id WHERE u.login = $1) \
              + (SELECT COUNT(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.login = $1)",
    )
    .bind(CUSTOMER.0)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    // One step again.
    let browser = first_step(&app).await;
    assert!(signed_in(&app, &browser).await);
    app.eventually_count(
        "SELECT COUNT(*) FROM audit_events WHERE kind IN ('two_factor_enabled', 'two_factor_disabled')",
        2,
    )
    .await;
}

async fn a_lost_key_file_is_an_error_not_a_crash(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, _) = enrol(&app).await;
    std::fs::remove_file(app.data_dir.path().join("two-factor.key")).unwrap();
    let browser = first_step(&app).await;
    let (status, body) = second_step(&app, &browser, &code(&secret, 1)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(
        !body.to_string().contains("key"),
        "no internal detail: {body}"
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert!(
        !app.data_dir.path().join("two-factor.key").exists(),
        "no new key replaces a lost one"
    );
}

/// Staff without two-factor (say, made by `portico create-admin`): the login
/// lands on the security page, every other page leads there, every other
/// staff function answers 403 "TwoFactorFirst" without changing anything,
/// until two-factor is on; then it cannot be turned off.
async fn staff_must_set_up_two_factor_before_anything_else(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.exec(
        "DELETE FROM two_factor WHERE user_id = (SELECT id FROM users WHERE login = 'staff@example.com')",
    )
    .await;
    let staff = client();
    let response = app.login_in(&staff, STAFF).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response).as_deref(), Some("/admin/security"));
    for page in ["/admin", "/admin/contacts", "/admin/invoices"] {
        let response = staff.get(app.url(page)).send().await.unwrap();
        assert!(response.status().is_redirection(), "{page}");
        assert_eq!(
            location(&response).as_deref(),
            Some("/admin/security"),
            "{page}"
        );
    }
    let page = staff.get(app.url("/admin/security")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let before = app.snapshot().await;
    for function in [
        "/api/admin/summary",
        "/api/admin/contacts/list",
        "/api/admin/order/save",
    ] {
        let (status, body) = app.post_as(&staff, function, &[]).await;
        assert_eq!(
            (status, body),
            (StatusCode::FORBIDDEN, json!("TwoFactorFirst")),
            "{function}"
        );
    }
    assert!(
        app.snapshot().await == before,
        "a refused function changed a table"
    );
    let (status, state) = app.post_as(&staff, "/api/security/two-factor", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (state["required"].clone(), state["enabled"].clone()),
        (json!(true), json!(false))
    );

    let (_, setup) = app
        .post_as(
            &staff,
            "/api/security/two-factor/start",
            &[("password", STAFF.1)],
        )
        .await;
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let (status, _) = app
        .post_as(
            &staff,
            "/api/security/two-factor/confirm",
            &[("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.post_as(&staff, "/api/admin/summary", &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        staff.get(app.url("/admin")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let (status, body) = app
        .post_as(
            &staff,
            "/api/security/two-factor/disable",
            &[("password", STAFF.1), ("code", &code(&secret, 1))],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-required")
    );
}

/// The administrators' setting extends the rule to portal users; only an
/// administrator may change it, the change is audited, and bad company
/// details are refused field by field without saving anything.
async fn administrators_can_require_two_factor_of_portal_users(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.login_from_new_browser(ADMIN).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let settings = |require: bool, name: &'static str, email: &'static str| {
        let mut form = vec![
            ("settings[company_name]", name),
            ("settings[minimum_part_percent]", "10"),
            ("settings[top_up_most]", "1000.00"),
            ("settings[top_up_daily_most]", "5000.00"),
            ("settings[company_address]", "Strada Exemplu 1\nCluj-Napoca"),
            ("settings[company_email]", email),
        ];
        if require {
            form.push(("settings[customers_need_two_factor]", "on"));
        }
        form
    };
    let (status, _) = app
        .post_as(
            &staff,
            "/api/admin/settings/save",
            &settings(true, "Portico SRL", ""),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let before = app.snapshot().await;
    let (status, body) = app
        .post_as(
            &admin,
            "/api/admin/settings/save",
            &settings(true, " ", "not an address"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&body, "company_name").is_some(), "{body}");
    assert!(field_message(&body, "company_email").is_some(), "{body}");
    assert!(
        app.snapshot().await == before,
        "a refused form saved something"
    );

    let (status, body) = app
        .post_as(
            &admin,
            "/api/admin/settings/save",
            &settings(true, "Portico SRL", "billing@portico.example"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, saved) = app.post_as(&admin, "/api/admin/settings", &[]).await;
    assert_eq!(saved["customers_need_two_factor"], true);
    assert_eq!(saved["company_address"], "Strada Exemplu 1\nCluj-Napoca");
    app.eventually_count(
        "SELECT COUNT(*) FROM audit_events WHERE kind = 'settings_changed'",
        1,
    )
    .await;

    let maria = client();
    let response = app.login_in(&maria, CUSTOMER).await;
    assert_eq!(location(&response).as_deref(), Some("/my/security"));
    let home = maria.get(app.url("/my")).send().await.unwrap();
    assert_eq!(location(&home).as_deref(), Some("/my/security"));
    let (status, body) = app.post_as(&maria, "/api/my/overview", &[]).await;
    assert_eq!(
        (status, body),
        (StatusCode::FORBIDDEN, json!("TwoFactorFirst"))
    );

    let (status, _) = app
        .post_as(
            &admin,
            "/api/admin/settings/save",
            &settings(false, "Portico SRL", ""),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.post_as(&maria, "/api/my/overview", &[]).await.0,
        StatusCode::OK
    );
}

async fn wrong_codes_are_limited_per_account_across_password_steps(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, _) = enrol(&app).await;
    // Two half-done logins use up their five tries each: ten wrong codes.
    for _ in 0..2 {
        let browser = first_step(&app).await;
        for _ in 0..5 {
            let (status, _) = second_step(&app, &browser, "000000").await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    // A new password step gives no new guesses: even the right code waits.
    let browser = first_step(&app).await;
    let response = browser
        .post(app.url("/api/auth/second-step"))
        .header(reqwest::header::ORIGIN, &app.address)
        .form(&[("code", code(&secret, 1).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    assert!(!signed_in(&app, &browser).await);
    assert_eq!(
        app.count("audit_events WHERE kind = 'two_factor_limited'")
            .await,
        1
    );
    // Once the window has passed, the code works again.
    app.exec("UPDATE login_throttle SET window_started_at = window_started_at - 3600")
        .await;
    let (status, _) = second_step(&app, &browser, &code(&secret, 1)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn a_replayed_code_is_audited_as_a_replay(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (secret, _) = enrol(&app).await;
    let failed_before = app.count("audit_events WHERE kind = 'login_failed'").await;
    let next = code(&secret, 1);
    let a = first_step(&app).await;
    assert_eq!(second_step(&app, &a, &next).await.0, StatusCode::OK);
    let b = first_step(&app).await;
    let (status, body) = second_step(&app, &b, &next).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "code").as_deref(),
        Some("two-factor-wrong")
    );
    assert_eq!(
        app.count("audit_events WHERE kind = 'two_factor_replayed'")
            .await,
        1
    );
    assert_eq!(
        app.count("audit_events WHERE kind = 'login_failed'").await,
        failed_before,
        "a replay is not an ordinary failed login"
    );
    // A code that was never accepted is an ordinary failure.
    second_step(&app, &b, "000000").await;
    assert_eq!(
        app.count("audit_events WHERE kind = 'login_failed'").await,
        failed_before + 1
    );
}

on_both_databases!(
    wrong_codes_are_limited_per_account_across_password_steps,
    a_replayed_code_is_audited_as_a_replay,
    staff_must_set_up_two_factor_before_anything_else,
    administrators_can_require_two_factor_of_portal_users,
    login_takes_two_steps_and_a_code_is_accepted_once,
    recovery_codes_work_once_and_a_half_done_login_tries_five_codes,
    turning_it_off_asks_for_the_password_and_a_code,
    a_lost_key_file_is_an_error_not_a_crash,
);
