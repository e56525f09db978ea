//! A customer keeps at most 50 addresses and 20 saved payment methods:
//! one more is refused with a message that says so and writes nothing,
//! however many arrive at once. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{header, Client, StatusCode};

/// ACME with Maria signed in; answers ACME's id and Maria's browser.
async fn acme_with_maria(app: &TestApp) -> (i64, Client) {
    let acme = app.acme_with_maria().await;
    (acme, app.login_from_new_browser(CUSTOMER).await)
}

/// Sends `requests` copies of one form at once from `browser`; answers
/// the statuses and bodies.
async fn at_once(
    app: &TestApp,
    browser: &Client,
    path: &str,
    form: &[(&str, &str)],
    requests: usize,
) -> Vec<(StatusCode, serde_json::Value)> {
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut sent = tokio::task::JoinSet::new();
    for _ in 0..requests {
        let request = browser
            .post(app.url(path))
            .header(header::ORIGIN, &app.address)
            .form(&form);
        sent.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let text = response.text().await.unwrap();
            (
                status,
                serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            )
        });
    }
    sent.join_all().await
}

/// Of parallel answers, exactly one passed and every other was refused
/// with `message` under `field`.
fn one_passed_and_the_others_heard(
    answers: &[(StatusCode, serde_json::Value)],
    field: &str,
    message: &str,
) {
    assert_eq!(
        answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::OK)
            .count(),
        1,
        "{answers:?}"
    );
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(field_message(body, field).as_deref(), Some(message));
    }
}

async fn the_fifty_first_address_is_refused_even_in_parallel(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    let (acme, maria) = acme_with_maria(&app).await;
    for n in 0..49 {
        sqlx::query(
            "INSERT INTO addresses (customer_id, kind, name, street, city, country, created_at, updated_at) \
             VALUES ($1, 'delivery', $2, 'Strada Lungă 1', 'Cluj-Napoca', 'RO', 0, 0)",
        )
        .bind(acme)
        .bind(format!("Depozit {n}"))
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let form = [
        ("address[kind]", "delivery"),
        ("address[name]", "Depozit nou"),
        ("address[street]", "Strada Scurtă 2"),
        ("address[city]", "Iași"),
        ("address[zip]", "700001"),
        ("address[country]", "RO"),
    ];
    let answers = at_once(&app, &maria, "/api/my/addresses/save", &form, 6).await;
    one_passed_and_the_others_heard(&answers, "address", "addresses-limit");
    assert_eq!(app.count("addresses").await, 50);

    let before = app.snapshot().await;
    let (status, body) = app.post_as(&maria, "/api/my/addresses/save", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "address").as_deref(),
        Some("addresses-limit")
    );
    assert_eq!(app.snapshot().await, before, "a refusal writes nothing");
    // Changing one of the fifty is not adding one.
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/addresses/save",
            &[&form[..], &[("id", &max_id(&app, "addresses").await)]].concat(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn max_id(app: &TestApp, table: &str) -> String {
    let id: i64 = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&app.pool)
        .await
        .unwrap();
    id.to_string()
}

async fn the_twenty_first_saved_method_is_refused_even_in_parallel(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    let (acme, maria) = acme_with_maria(&app).await;
    for n in 0..19 {
        sqlx::query(
            "INSERT INTO payment_methods (customer_id, kind, brand, last4, exp_month, exp_year, holder, provider, token, created_at) \
             VALUES ($1, 'card', 'visa', '4242', 12, 2039, 'Maria Popescu', 'demo', $2, 0)",
        )
        .bind(acme)
        .bind(format!("tok_limit_{n}"))
        .execute(&app.pool)
        .await
        .unwrap();
    }
    // A removed method does not count.
    app.exec("UPDATE payment_methods SET removed_at = 1 WHERE token = 'tok_limit_0'")
        .await;
    app.payment_method_for(&maria).add().await;
    let live = "SELECT COUNT(*) FROM payment_methods WHERE removed_at IS NULL";
    app.eventually_count(live, 19).await;

    let form = [
        ("method[kind]", "card"),
        ("method[holder]", "Maria Popescu"),
        ("method[number]", "5555 5555 5555 4444"),
        ("method[expiry]", "11/38"),
        ("method[cvc]", "123"),
    ];
    let answers = at_once(&app, &maria, "/api/my/payment-methods/add", &form, 6).await;
    one_passed_and_the_others_heard(&answers, "method", "methods-limit");
    app.eventually_count(live, 20).await;

    let before = app.snapshot().await;
    let (status, body) = app
        .post_as(&maria, "/api/my/payment-methods/add", &form)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "method").as_deref(),
        Some("methods-limit")
    );
    assert_eq!(app.snapshot().await, before, "a refusal writes nothing");
}

on_both_databases!(
    the_fifty_first_address_is_refused_even_in_parallel,
    the_twenty_first_saved_method_is_refused_even_in_parallel,
);
