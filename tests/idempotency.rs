//! A form's idempotency key stands for one request: sent again with the
//! same content it answers the first result; with another amount (or
//! currency, method, destination) it answers 422 `payment-key-reused` and
//! writes nothing; sent twice at once with different amounts, at most one
//! of them is ever charged. For payments, eWallet top-ups and refunds, on
//! SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

/// `post_as` with a form of owned strings.
async fn send(
    app: &TestApp,
    browser: &Client,
    path: &str,
    form: &[(String, String)],
) -> (StatusCode, Value) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (&k[..], &v[..])).collect();
    app.post_as(browser, path, &form).await
}

fn owned(form: &[(&str, &str)]) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The refusal of a key sent again with other content.
fn assert_key_reused((status, body): &(StatusCode, Value), what: &str) {
    assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
    assert_eq!(
        field_message(body, "amount").as_deref(),
        Some("payment-key-reused"),
        "{what}"
    );
}

/// Of parallel requests under one key with different contents, the
/// answers that went through all give the one result (the same `id`
/// field, or the same body when there is none), and every other is a
/// refusal: the key reused, or (its own content) still in progress.
fn assert_one_result(answers: &[(StatusCode, Value)], id: Option<&str>) {
    let firsts: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .map(|(_, body)| id.map_or(body, |id| &body[id]))
        .collect();
    assert!(!firsts.is_empty(), "{answers:?}");
    assert!(firsts.iter().all(|b| *b == firsts[0]), "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let message = field_message(body, "amount").or_else(|| field_message(body, "method"));
        assert!(
            matches!(
                message.as_deref(),
                Some("payment-key-reused" | "payment-in-progress")
            ),
            "{body}"
        );
    }
}

async fn count_where(app: &TestApp, sql: &str, key: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(key)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// ACME's unpaid invoice with the most due, payable in parts of any size,
/// and the key and Maria's Visa its pay form offers.
async fn pay_form(app: &TestApp, maria: &Client) -> (String, String, String) {
    app.exec("UPDATE portal_settings SET minimum_part_percent = 0")
        .await;
    let invoice = app.acme_unpaid_invoice().await.0.to_string();
    let (_, page) = app
        .post_as(
            maria,
            "/api/my/pay-options",
            &[("document", "invoice"), ("id", &invoice)],
        )
        .await;
    let key = page["key"].as_str().unwrap().to_owned();
    let visa = page["methods"][0]["id"].as_i64().unwrap().to_string();
    (invoice, key, visa)
}

async fn amount_paid(app: &TestApp, invoice: &str) -> i64 {
    sqlx::query_scalar("SELECT amount_paid FROM invoices WHERE id = $1")
        .bind(invoice.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn a_payment_key_sent_with_another_amount_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, key, visa) = pay_form(&app, &maria).await;
    let form = |amount: &'static str, method: &str| {
        owned(&[
            ("document", "invoice"),
            ("id", &invoice),
            ("payment[key]", &key),
            ("payment[amount]", amount),
            ("payment[method]", method),
        ])
    };
    let send = |form: Vec<(String, String)>| {
        let (app, maria) = (&app, &maria);
        async move { send(app, maria, "/api/my/pay", &form).await }
    };
    let paid_before = amount_paid(&app, &invoice).await;
    let first = send(form("10.00", &visa)).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);

    let before = app.snapshot().await;
    assert_key_reused(&send(form("20.00", &visa)).await, "another amount");
    assert_key_reused(&send(form("10.00", "wallet")).await, "another method");
    assert_key_reused(&send(form("ten", &visa)).await, "no amount at all");
    assert!(
        app.snapshot().await == before,
        "a reused key writes nothing"
    );

    // The same request, however the amount is written: the first result.
    assert_eq!(send(form("10", &visa)).await, first);
    assert_eq!(amount_paid(&app, &invoice).await, paid_before + 1_000);

    // Two tabs at once with one key and different amounts: one charge.
    let raced_key = "raced-payment-key-0001";
    let forms = (0..8)
        .map(|n| {
            owned(&[
                ("document", "invoice"),
                ("id", &invoice),
                ("payment[key]", raced_key),
                ("payment[amount]", if n % 2 == 0 { "1.00" } else { "2.00" }),
                ("payment[method]", &visa),
            ])
        })
        .collect();
    let answers = app.post_all_at_once(&maria, "/api/my/pay", forms).await;
    assert_one_result(&answers, Some("payment_id"));
    let stored = format!("%:{raced_key}");
    assert_eq!(
        count_where(
            &app,
            "SELECT COUNT(*) FROM payments WHERE idempotency_key LIKE $1",
            &stored
        )
        .await,
        1
    );
    let charged: i64 =
        sqlx::query_scalar("SELECT amount FROM payments WHERE idempotency_key LIKE $1")
            .bind(&stored)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        amount_paid(&app, &invoice).await,
        paid_before + 1_000 + charged,
        "{answers:?}"
    );
}

async fn a_top_up_key_sent_with_another_amount_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (_, wallet) = app.post_as(&maria, "/api/my/wallet", &[]).await;
    let key = wallet["key"].as_str().unwrap().to_owned();
    let visa = wallet["methods"][0]["id"].as_i64().unwrap().to_string();
    let form = |key: &str, amount: &str, currency: &str| {
        owned(&[
            ("funds[key]", key),
            ("funds[amount]", amount),
            ("funds[currency]", currency),
            ("funds[method]", &visa),
        ])
    };
    let send = |form: Vec<(String, String)>| {
        let (app, maria) = (&app, &maria);
        async move { send(app, maria, "/api/my/wallet/add", &form).await }
    };
    let first = send(form(&key, "300.00", "RON")).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);

    let before = app.snapshot().await;
    assert_key_reused(&send(form(&key, "400.00", "RON")).await, "another amount");
    assert_key_reused(&send(form(&key, "300.00", "EUR")).await, "another currency");
    assert!(
        app.snapshot().await == before,
        "a reused key writes nothing"
    );
    assert_eq!(send(form(&key, "300", "RON")).await, first);
    assert_eq!(app.acme_wallet_balance("").await, 30_000);

    let raced_key = "raced-top-up-key-0001";
    let forms = (0..8)
        .map(|n| form(raced_key, if n % 2 == 0 { "10.00" } else { "20.00" }, "RON"))
        .collect();
    let answers = app
        .post_all_at_once(&maria, "/api/my/wallet/add", forms)
        .await;
    assert_one_result(&answers, None);
    let stored = format!("%:{raced_key}");
    assert_eq!(
        count_where(
            &app,
            "SELECT COUNT(*) FROM wallet_top_ups WHERE idempotency_key LIKE $1",
            &stored
        )
        .await,
        1
    );
    let added = app.acme_wallet_balance("").await - 30_000;
    assert!(added == 1_000 || added == 2_000, "one top-up: {added}");
}

async fn a_refund_key_sent_with_another_amount_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let staff = app.login_from_new_browser(STAFF).await;
    // A card payment of 100.00 to refund from.
    let (invoice, key, visa) = pay_form(&app, &maria).await;
    let (status, paid) = app
        .post_as(
            &maria,
            "/api/my/pay",
            &[
                ("document", "invoice"),
                ("id", &invoice),
                ("payment[key]", &key),
                ("payment[amount]", "100.00"),
                ("payment[method]", &visa),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    let payment = paid["payment_id"].as_i64().unwrap().to_string();
    let form = |key: &str, amount: &str, destination: &str| {
        owned(&[
            ("payment", &payment),
            ("refund[key]", key),
            ("refund[amount]", amount),
            ("refund[destination]", destination),
            ("refund[reason]", "Returned goods"),
        ])
    };
    let send = |form: Vec<(String, String)>| {
        let (app, staff) = (&app, &staff);
        async move { send(app, staff, "/api/admin/payment/refund", &form).await }
    };
    let key = "refund-form-key-0001";
    let first = send(form(key, "10.00", "ewallet")).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);

    let before = app.snapshot().await;
    assert_key_reused(&send(form(key, "20.00", "ewallet")).await, "another amount");
    assert_key_reused(
        &send(form(key, "10.00", "provider")).await,
        "another destination",
    );
    assert!(
        app.snapshot().await == before,
        "a reused key writes nothing"
    );
    assert_eq!(send(form(key, "10", "ewallet")).await, first);

    let raced_key = "raced-refund-key-0001";
    let forms = (0..8)
        .map(|n| {
            form(
                raced_key,
                if n % 2 == 0 { "1.00" } else { "2.00" },
                "ewallet",
            )
        })
        .collect();
    let answers = app
        .post_all_at_once(&staff, "/api/admin/payment/refund", forms)
        .await;
    assert_one_result(&answers, Some("refund_id"));
    assert_eq!(
        count_where(
            &app,
            "SELECT COUNT(*) FROM refunds WHERE idempotency_key LIKE $1",
            &format!("%{raced_key}")
        )
        .await,
        1
    );
    let refunded: i64 = sqlx::query_scalar("SELECT amount_refunded FROM payments WHERE id = $1")
        .bind(payment.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        refunded == 1_100 || refunded == 1_200,
        "one refund of the race: {refunded}"
    );
}

on_both_databases!(
    a_payment_key_sent_with_another_amount_is_refused,
    a_top_up_key_sent_with_another_amount_is_refused,
    a_refund_key_sent_with_another_amount_is_refused,
);
