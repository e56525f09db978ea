//! Saved payment methods: checked and tokenised by the provider, kept
//! without their numbers; one default; no deleting the method that renews
//! an active subscription; another company's method answers like a missing
//! one; only the kinds the company offers. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

async fn methods(app: &TestApp, browser: &Client) -> Vec<Value> {
    let (status, body) = app.post_as(browser, "/api/my/payment-methods", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["methods"].as_array().unwrap().clone()
}

fn card<'a>(
    holder: &'a str,
    number: &'a str,
    expiry: &'a str,
    cvc: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("method[kind]", "card"),
        ("method[holder]", holder),
        ("method[number]", number),
        ("method[expiry]", expiry),
        ("method[cvc]", cvc),
    ]
}

async fn defaults(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM payment_methods WHERE is_default = 1 AND removed_at IS NULL AND customer_id = (SELECT parent_id FROM contacts WHERE email = 'maria@acme.example')")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn methods_are_kept_without_their_numbers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (_, view) = app.post_as(&maria, "/api/my/payment-methods", &[]).await;
    assert_eq!(view["offered"], serde_json::json!(["card", "sepa_debit"]));
    assert_eq!(view["payments"], "Demo");
    let saved = methods(&app, &maria).await;
    assert_eq!(saved.len(), 2);
    let visa = saved.iter().find(|m| m["brand"] == "visa").unwrap().clone();
    let master = saved
        .iter()
        .find(|m| m["brand"] == "mastercard")
        .unwrap()
        .clone();
    assert_eq!(
        (
            visa["is_default"].clone(),
            visa["renews"].as_array().unwrap().len()
        ),
        (Value::Bool(true), 1)
    );
    assert_eq!(
        (master["expires_soon"].clone(), master["expired"].clone()),
        (Value::Bool(true), Value::Bool(false))
    );

    // Every field refused at once, and nothing stored.
    let before = app.snapshot().await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/add",
            &card(" ", "4242 4242 4242 4241", "10/20", "12"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, message) in [
        ("holder", "error-required"),
        ("number", "card-number-invalid"),
        ("expiry", "card-expired"),
        ("cvc", "card-cvc-invalid"),
    ] {
        assert_eq!(
            field_message(&body, field).as_deref(),
            Some(message),
            "{field}: {body}"
        );
    }
    assert!(app.snapshot().await == before);

    // A good card, made the default: the only default.
    let mut form = card("Maria Popescu", "4000 0566 5566 5556", "08/31", "737");
    form.push(("method[make_default]", "on"));
    let (status, body) = app
        .post_as(&maria, "/api/my/payment-methods/add", &form)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved = methods(&app, &maria).await;
    assert_eq!(saved.len(), 3);
    assert_eq!(
        (saved[0]["brand"].as_str(), saved[0]["last4"].as_str()),
        (Some("visa"), Some("5556"))
    );
    assert_eq!(saved[0]["is_default"], true);
    assert_eq!(saved[0]["expiry"], serde_json::json!([8, 2031]));
    assert_eq!(defaults(&app).await, 1);
    // Not the number anywhere in the database, the outbox included. (The
    // CVC goes to the provider's check only: three digits can't be grepped.)
    let everything = format!("{:?}", app.snapshot().await);
    assert!(
        !everything.contains("4000056655665556") && !everything.contains("4000 0566"),
        "the number is stored"
    );

    // SEPA: the IBAN must add up; only its last four stay.
    let sepa = |iban: &'static str| {
        vec![
            ("method[kind]", "sepa_debit"),
            ("method[holder]", "ACME Distribution SRL"),
            ("method[iban]", iban),
        ]
    };
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/add",
            &sepa("RO49AAAA1B31007593840001"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "iban").as_deref(),
        Some("iban-invalid")
    );
    let (status, _) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/add",
            &sepa("RO49 AAAA 1B31 0075 9384 0000"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(methods(&app, &maria)
        .await
        .iter()
        .any(|m| m["brand"] == "sepa" && m["last4"] == "0000"));

    // The method that renews the subscription stays until another replaces it.
    let visa_id = visa["id"].as_i64().unwrap().to_string();
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/remove",
            &[("id", &visa_id)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "id").as_deref(),
        Some("payment-method-renews")
    );
    // The new default goes; the newest remaining method becomes the default.
    let new_id = saved[0]["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .post_as(&maria, "/api/my/payment-methods/remove", &[("id", &new_id)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let left = methods(&app, &maria).await;
    assert!(left
        .iter()
        .all(|m| m["id"].as_i64().unwrap().to_string() != new_id));
    assert_eq!(left.iter().filter(|m| m["is_default"] == true).count(), 1);
    let master_id = master["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/default",
            &[("id", &master_id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(methods(&app, &maria).await[0]["id"], master["id"]);
    assert_eq!(defaults(&app).await, 1);
    // Home counts them.
    let (_, overview) = app.post_as(&maria, "/api/my/overview", &[]).await;
    assert_eq!(overview["payment_methods"], 3);
}

async fn another_companys_method_answers_like_a_missing_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.add_other_company().await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let acme_method = methods(&app, &maria).await[1]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    assert!(
        methods(&app, &lucia).await.is_empty(),
        "no company sees another's methods"
    );
    let before = app.snapshot().await;
    for path in [
        "/api/my/payment-methods/remove",
        "/api/my/payment-methods/default",
    ] {
        let theirs = app.post_as(&lucia, path, &[("id", &acme_method)]).await;
        let missing = app.post_as(&lucia, path, &[("id", "987654")]).await;
        assert_eq!(theirs.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(theirs, missing, "{path}");
    }
    assert!(app.snapshot().await == before);
}

async fn only_the_kinds_the_company_offers_can_be_added(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.login_from_new_browser(ADMIN).await;
    let settings = |minimum: &'static str| {
        [
            ("settings[company_name]", "Portico Demo SRL"),
            ("settings[offers_cards]", "on"),
            ("settings[minimum_part_percent]", minimum),
            ("settings[top_up_most]", "1000.00"),
            ("settings[top_up_daily_most]", "5000.00"),
        ]
    };
    let (status, body) = app
        .post_as(&admin, "/api/admin/settings/save", &settings("150"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_message(&body, "minimum_part_percent").is_some(),
        "{body}"
    );
    let (status, body) = app
        .post_as(&admin, "/api/admin/settings/save", &settings("25"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_unpaid_invoice, _): (i64, i64) = sqlx::query_as(
        "SELECT id, amount_total FROM invoices WHERE state = 'posted' AND payment_state = 'not_paid' \
           AND customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (_, view) = app.post_as(&maria, "/api/my/payment-methods", &[]).await;
    assert_eq!(view["offered"], serde_json::json!(["card"]));
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/add",
            &[
                ("method[kind]", "sepa_debit"),
                ("method[holder]", "ACME"),
                ("method[iban]", "RO49AAAA1B31007593840000"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "kind").as_deref(),
        Some("payment-kind-not-offered")
    );
}

on_both_databases!(
    methods_are_kept_without_their_numbers,
    another_companys_method_answers_like_a_missing_one,
    only_the_kinds_the_company_offers_can_be_added,
);
