//! A charge left waiting (a 3-D Secure challenge the customer walked away
//! from) is settled by the sweep after half an hour: cancelled with Stripe
//! and failed, its amount given back to the invoice. On SQLite and
//! PostgreSQL, against localstripe.

mod common;

use common::*;
use portico::payments::recovery;
use reqwest::StatusCode;
use serde_json::Value;

async fn three_d_secure_token() -> String {
    let stripe = stripe_url().expect("localstripe");
    let answer: Value = client()
        .post(format!("{stripe}/v1/tokens"))
        .form(&[
            ("card[number]", "4000002760003184"),
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

async fn a_challenge_walked_away_from_is_cancelled_by_the_sweep(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let id = invoice.to_string();
    let (_, page) = app
        .post_as(
            &maria,
            "/api/my/pay-options",
            &[("document", "invoice"), ("id", &id)],
        )
        .await;
    let key = page["key"].as_str().expect("a key").to_owned();
    let all = format!("{}.{:02}", due / 100, due % 100);
    let token = three_d_secure_token().await;
    let (status, answer) = app
        .post_as(
            &maria,
            "/api/my/pay",
            &[
                ("document", "invoice"),
                ("id", &id),
                ("payment[key]", &key),
                ("payment[amount]", &all),
                ("payment[method]", "new"),
                ("payment[card_token]", &token),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "authenticate", "{answer}");
    let owed = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT amount_total - amount_paid FROM invoices WHERE id = $1",
        )
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    assert_eq!(owed().await, 0, "reserved while the bank asks");

    let state = app.state.clone();
    // Not yet half an hour: left to the customer.
    let settled = recovery::sweep(&state, portico::db::now()).await.unwrap();
    assert_eq!(settled, 0);
    assert_eq!(owed().await, 0);

    let settled = recovery::sweep(&state, portico::db::now() + 31 * 60)
        .await
        .unwrap();
    assert_eq!(settled, 1);
    assert_eq!(owed().await, due, "given back to the invoice");
    let (state_now, reference): (String, String) = sqlx::query_as(
        "SELECT state, provider_reference FROM payments WHERE invoice_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(invoice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(state_now, "failed");
    let stripe = stripe_url().unwrap();
    let intent: Value = client()
        .get(format!("{stripe}/v1/payment_intents/{reference}"))
        .bearer_auth("sk_test_portico")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(intent["status"], "canceled", "{intent}");
}

on_both_databases!(a_challenge_walked_away_from_is_cancelled_by_the_sweep);
