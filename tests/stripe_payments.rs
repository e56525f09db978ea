//! Paying through Stripe (localstripe in tests): the browser's Stripe.js
//! token is all the server sees of a new card; the charge is settled from
//! the PaymentIntent Stripe keeps. On SQLite and PostgreSQL, against the
//! localstripe `scripts/test.sh` starts.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// A card as Stripe.js in the browser turns it into a one-time token,
/// with the publishable key (localstripe's stand-in takes the same call).
pub async fn browser_token(number: &str) -> String {
    let stripe = stripe_url().expect("localstripe");
    let answer: Value = client()
        .post(format!("{stripe}/v1/tokens"))
        .form(&[
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
            ("key", "pk_test_portico"),
        ])
        .send()
        .await
        .expect("localstripe answers")
        .json()
        .await
        .expect("a token");
    answer["id"].as_str().expect("a token id").to_owned()
}

async fn pay_options(app: &TestApp, browser: &reqwest::Client, invoice: i64) -> Value {
    let (status, body) = app
        .post_as(
            browser,
            "/api/my/pay-options",
            &[("document", "invoice"), ("id", &invoice.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn a_new_card_pays_and_is_kept_then_pays_off_session(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let page = pay_options(&app, &maria, invoice).await;
    assert!(
        page["payments"]["Live"]["publishable_key"] == "pk_test_portico",
        "{page}"
    );
    let key = page["key"].as_str().unwrap().to_owned();
    let part = page["minimum"].as_i64().unwrap();
    let part_typed = format!("{}.{:02}", part / 100, part % 100);
    let token = browser_token("4242424242424242").await;
    let id = invoice.to_string();
    let (status, answer) = app
        .post_as(
            &maria,
            "/api/my/pay",
            &[
                ("document", "invoice"),
                ("id", &id),
                ("payment[key]", &key),
                ("payment[amount]", &part_typed),
                ("payment[method]", "new"),
                ("payment[card_token]", &token),
                ("payment[save]", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "done", "{answer}");
    let reference: String = sqlx::query_scalar(
        "SELECT provider_reference FROM payments WHERE invoice_id = $1 AND state = 'succeeded' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(invoice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(reference.starts_with("pi_"), "{reference}");
    let (method, token): (i64, String) = sqlx::query_as(
        "SELECT id, token FROM payment_methods WHERE provider = 'stripe' AND removed_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(token.starts_with("card_"), "{token}");

    // The saved card pays on its own.
    let page = pay_options(&app, &maria, invoice).await;
    let key = page["key"].as_str().unwrap().to_owned();
    let rest = format!("{}.{:02}", (due - part) / 100, (due - part) % 100);
    let (status, answer) = app
        .post_as(
            &maria,
            "/api/my/pay",
            &[
                ("document", "invoice"),
                ("id", &id),
                ("payment[key]", &key),
                ("payment[amount]", &rest),
                ("payment[method]", &method.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["remaining"], 0, "{answer}");
}

on_both_databases!(a_new_card_pays_and_is_kept_then_pays_off_session);
