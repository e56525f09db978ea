//! Customers paying invoices: all or part (never more than due, never less
//! than the company's minimum unless paying all), with a saved method or a
//! new card; exactly once per form key (a double click, a replay, two tabs,
//! twenty parallel requests); a declined card changes nothing; another
//! company's invoice answers like a missing one; a subscription's renewing
//! method changed, and the subscription cancelled at the period's end. On
//! SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

/// ACME Distribution SRL with its portal user Maria Popescu, and an
/// unpaid posted invoice of 4 284.00 lei. Answers ACME's id.
async fn acme_owing_an_invoice(app: &TestApp) -> i64 {
    let acme = app.company("ACME Distribution SRL").create().await;
    app.person("Maria Popescu")
        .of(acme)
        .portal_user(CUSTOMER)
        .create()
        .await;
    app.invoice_for(acme)
        .line("Consultanță logistică (ore)", 12, 30_000)
        .posted()
        .await;
    acme
}

/// Maria's Visa, saved through the portal.
async fn save_a_visa(app: &TestApp, maria: &Client) -> i64 {
    app.payment_method_for(maria)
        .card("Maria Popescu", "4242 4242 4242 4242", "12/39")
        .add()
        .await
}

async fn options(app: &TestApp, browser: &Client, invoice: i64) -> Value {
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

/// Two decimals, as a person types an amount of RON.
fn amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn pay(
    app: &TestApp,
    browser: &Client,
    invoice: i64,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let id = invoice.to_string();
    let mut fields = vec![("document", "invoice"), ("id", id.as_str())];
    fields.extend_from_slice(form);
    app.post_as(browser, "/api/my/pay", &fields).await
}

/// Pays `invoice` with every form at once, as many tabs would.
async fn pay_in_parallel(
    app: &TestApp,
    browser: &Client,
    invoice: i64,
    forms: Vec<Vec<(&str, String)>>,
) -> Vec<(StatusCode, Value)> {
    let forms = forms
        .into_iter()
        .map(|form| {
            let mut fields: Vec<(String, String)> = vec![
                ("document".into(), "invoice".into()),
                ("id".into(), invoice.to_string()),
            ];
            fields.extend(form.into_iter().map(|(k, v)| (k.to_owned(), v)));
            fields
        })
        .collect();
    app.post_all_at_once(browser, "/api/my/pay", forms).await
}

async fn paid(app: &TestApp, invoice: i64) -> (i64, i64, String) {
    let (total, paid, state): (i64, i64, String) = sqlx::query_as(
        "SELECT amount_total, amount_paid, payment_state FROM invoices WHERE id = $1",
    )
    .bind(invoice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let succeeded: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments WHERE invoice_id = $1 AND state = 'succeeded'",
    )
    .bind(invoice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        succeeded.unwrap_or(0),
        paid,
        "paid = the sum of its payments"
    );
    assert!(paid <= total);
    (total, paid, state)
}

async fn a_part_with_a_saved_card_then_the_rest_with_a_new_one(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_owing_an_invoice(&app).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    save_a_visa(&app, &maria).await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let page = options(&app, &maria, invoice).await;
    assert_eq!(page["due"], due);
    let key = page["key"].as_str().unwrap().to_owned();
    assert_eq!(
        options(&app, &maria, invoice).await["key"],
        key.as_str(),
        "two tabs, one key"
    );
    let visa = page["methods"][0]["id"].as_i64().unwrap().to_string();
    let (_, paid_before, _) = paid(&app, invoice).await;

    // Refused amounts change nothing.
    let before = app.snapshot().await;
    for (typed, message) in [
        ("0", "pay-amount-invalid"),
        ("abc", "pay-amount-invalid"),
        (&amount(due + 1) as &str, "pay-more-than-due"),
        ("0.01", "pay-below-minimum"),
    ] {
        let (status, body) = pay(
            &app,
            &maria,
            invoice,
            &[
                ("payment[key]", &key),
                ("payment[amount]", typed),
                ("payment[method]", &visa),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert_eq!(
            field_message(&body, "amount").as_deref(),
            Some(message),
            "{typed}"
        );
    }
    assert!(app.snapshot().await == before);

    let part = due / 4;
    let form = [
        ("payment[key]", key.as_str()),
        ("payment[amount]", &amount(part)),
        ("payment[method]", &visa),
    ];
    let (status, first) = pay(&app, &maria, invoice, &form).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["amount"].as_i64(), first["remaining"].as_i64()),
        (Some(part), Some(due - part))
    );
    // The same form again (a double click, a replay): the first answer, no second charge.
    let (status, again) = pay(&app, &maria, invoice, &form).await;
    assert_eq!((status, again.clone()), (StatusCode::OK, first.clone()));
    let (_, paid_now, state) = paid(&app, invoice).await;
    assert_eq!((paid_now, state.as_str()), (paid_before + part, "partial"));
    // The receipt, and the payment on the invoice's page.
    app.eventually_count(
        "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'document_update' AND to_address = 'maria@acme.example' AND subject LIKE 'Payment received%'",
        1,
    )
    .await;
    let (_, view) = app
        .post_as(&maria, "/api/my/invoice", &[("id", &invoice.to_string())])
        .await;
    assert_eq!(view["due"], due - part);
    assert!(view["payments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["amount"]["minor"] == part));

    // The rest with a new card, saved for next time.
    let key = options(&app, &maria, invoice).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let rest = amount(due - part);
    let (status, body) = pay(
        &app,
        &maria,
        invoice,
        &[
            ("payment[key]", &key),
            ("payment[amount]", &rest),
            ("payment[method]", "new"),
            ("payment[holder]", "Maria Popescu"),
            ("payment[number]", "5555 5555 5555 4444"),
            ("payment[expiry]", "10/30"),
            ("payment[cvc]", "123"),
            ("payment[save]", "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (total, paid_now, state) = paid(&app, invoice).await;
    assert_eq!((paid_now, state.as_str()), (total, "paid"));
    let saved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE last4 = '4444' AND exp_year = 2030",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(saved, 1);
    let everything = format!("{:?}", app.snapshot().await);
    assert!(
        !everything.contains("5555555555554444") && !everything.contains("5555 5555"),
        "the number is stored"
    );
    app.eventually_count("SELECT COUNT(*) FROM audit_events WHERE kind = 'payment_recorded' AND detail LIKE '%paid by the customer'", 2)
        .await;
}

async fn a_declined_card_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_owing_an_invoice(&app).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let before = paid(&app, invoice).await;
    for (number, message) in [
        ("4000 0000 0000 0002", "payment-declined"),
        ("4000 0000 0000 9995", "payment-insufficient-funds"),
        ("4000 0000 0000 0119", "payment-timed-out"),
    ] {
        let key = options(&app, &maria, invoice).await["key"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, body) = pay(
            &app,
            &maria,
            invoice,
            &[
                ("payment[key]", &key),
                ("payment[amount]", &amount(due)),
                ("payment[method]", "new"),
                ("payment[holder]", "Maria Popescu"),
                ("payment[number]", number),
                ("payment[expiry]", "10/30"),
                ("payment[cvc]", "123"),
                ("payment[save]", "on"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_message(&body, "method").as_deref(), Some(message));
        assert_eq!(paid(&app, invoice).await, before, "{number}");
    }
    let saved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE last4 IN ('0002', '9995', '0119')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(saved, 0, "a refused card is not saved");
}

async fn twenty_parallel_payments_never_pass_the_amount_due(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_owing_an_invoice(&app).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    save_a_visa(&app, &maria).await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let page = options(&app, &maria, invoice).await;
    let visa = page["methods"][0]["id"].as_i64().unwrap().to_string();
    // Twenty tabs with the same form: one charge.
    let key = page["key"].as_str().unwrap().to_owned();
    let part = amount(due / 4);
    let same = (0..20)
        .map(|_| {
            vec![
                ("payment[key]", key.clone()),
                ("payment[amount]", part.clone()),
                ("payment[method]", visa.clone()),
            ]
        })
        .collect();
    let answers = pay_in_parallel(&app, &maria, invoice, same).await;
    let payment_ids: std::collections::BTreeSet<_> = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::OK)
        .map(|(_, body)| body["payment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(payment_ids.len(), 1, "{answers:?}");
    let charged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1 AND state = 'succeeded' AND paid_by IS NOT NULL")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(charged, 1);

    // Twenty different forms of a quarter each: only what is left is taken.
    let (total, paid_before, _) = paid(&app, invoice).await;
    let keys: Vec<String> = (0..20)
        .map(|n| format!("parallel-payment-key-{n:02}"))
        .collect();
    let quarter = (total - paid_before) / 3;
    let quarter_text = amount(quarter);
    let many = keys
        .iter()
        .map(|key| {
            vec![
                ("payment[key]", key.clone()),
                ("payment[amount]", quarter_text.clone()),
                ("payment[method]", visa.clone()),
            ]
        })
        .collect();
    let answers = pay_in_parallel(&app, &maria, invoice, many).await;
    let accepted = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::OK)
        .count();
    assert_eq!(accepted, 3, "{answers:?}");
    for (status, body) in &answers {
        if *status != StatusCode::OK {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        }
    }
    let (_, paid_after, _) = paid(&app, invoice).await;
    assert_eq!(paid_after, paid_before + 3 * quarter);
}

async fn another_companys_invoice_answers_like_a_missing_one(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_owing_an_invoice(&app).await;
    app.add_other_company().await;
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    let before = app.snapshot().await;
    let due_text = amount(due);
    for path in ["/api/my/pay-options", "/api/my/pay"] {
        let answer = |id: &'static str| {
            let form = [
                ("document", "invoice"),
                ("id", id),
                ("payment[key]", "0123456789abcdef0123"),
                ("payment[amount]", due_text.as_str()),
                ("payment[method]", "new"),
            ];
            let lucia = &lucia;
            let app = &app;
            async move { app.post_as(lucia, path, &form).await }
        };
        let theirs = answer(Box::leak(invoice.to_string().into_boxed_str())).await;
        let missing = answer("987654").await;
        assert_eq!(theirs.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(theirs, missing, "{path}");
    }
    assert!(app.snapshot().await == before);
}

on_both_databases!(
    a_part_with_a_saved_card_then_the_rest_with_a_new_one,
    a_declined_card_changes_nothing,
    twenty_parallel_payments_never_pass_the_amount_due,
    another_companys_invoice_answers_like_a_missing_one,
    a_subscription_renews_with_a_chosen_method_and_cancels_at_the_period_end,
    the_ewallet_adds_funds_and_pays_but_never_goes_negative,
);

async fn a_subscription_renews_with_a_chosen_method_and_cancels_at_the_period_end(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    app.add_other_company().await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (subscription, next_invoice): (i64, String) = sqlx::query_as(
        "SELECT id, next_invoice_date FROM subscriptions WHERE customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let id = subscription.to_string();
    let (_, view) = app
        .post_as(&maria, "/api/my/subscription", &[("id", &id)])
        .await;
    assert_eq!(view["renewed_with"], serde_json::json!(["visa", "4242"]));
    let (status, page) = app
        .post_as(&maria, "/api/my/subscription/renewal", &[("id", &id)])
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    // The state as stored, as the page has always received it.
    assert_eq!(page["state"], "active");
    let method_of = |brand: &str| {
        page["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["brand"] == brand)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (visa, master) = (method_of("visa"), method_of("mastercard"));
    assert_eq!(page["method_id"].as_i64().unwrap().to_string(), visa);

    // Another company's method, or none at all, is refused.
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/subscription/renewal/method",
            &[("id", &id), ("method_id", "987654")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "method_id").as_deref(),
        Some("renewal-method-refused")
    );
    // Maria's subscription answers Lucia like a missing one.
    for path in [
        "/api/my/subscription/renewal",
        "/api/my/subscription/cancel",
    ] {
        let theirs = app.post_as(&lucia, path, &[("id", &id)]).await;
        let missing = app.post_as(&lucia, path, &[("id", "987654")]).await;
        assert_eq!(theirs.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(theirs, missing, "{path}");
    }

    // The Mastercard takes over: the Visa may go now, the Mastercard may not.
    let (status, _) = app
        .post_as(
            &maria,
            "/api/my/subscription/renewal/method",
            &[("id", &id), ("method_id", &master)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = app
        .post_as(&maria, "/api/my/subscription", &[("id", &id)])
        .await;
    assert_eq!(
        view["renewed_with"],
        serde_json::json!(["mastercard", "4444"])
    );
    let (status, body) = app
        .post_as(&maria, "/api/my/payment-methods/remove", &[("id", &master)])
        .await;
    assert_eq!(
        (status, field_message(&body, "id").as_deref()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("payment-method-renews")
        )
    );
    assert_eq!(
        app.post_as(&maria, "/api/my/payment-methods/remove", &[("id", &visa)])
            .await
            .0,
        StatusCode::OK
    );

    // Cancelled at the end of the period; the back office sees it.
    let (status, body) = app
        .post_as(&maria, "/api/my/subscription/cancel", &[("id", &id)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let staff = app.login_from_new_browser(STAFF).await;
    let (_, seen) = app
        .post_as(&staff, "/api/admin/subscription", &[("id", &id)])
        .await;
    assert_eq!(
        (seen["state"].as_str(), seen["ends_on"].as_str()),
        (Some("cancelling"), Some(next_invoice.as_str()))
    );
    assert_eq!(
        seen["renewed_with"],
        serde_json::json!(["mastercard", "4444"])
    );
    // Once cancelling, neither cancelling again nor changing the method.
    assert_eq!(
        app.post_as(&maria, "/api/my/subscription/cancel", &[("id", &id)])
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, _) = app
        .post_as(
            &maria,
            "/api/my/subscription/renewal/method",
            &[("id", &id), ("method_id", &master)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A cancelling subscription no longer holds its method.
    assert_eq!(
        app.post_as(&maria, "/api/my/payment-methods/remove", &[("id", &master)])
            .await
            .0,
        StatusCode::OK
    );
}

async fn the_ewallet_adds_funds_and_pays_but_never_goes_negative(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Parts of any size, so that small wallet payments can race.
    app.exec("UPDATE portal_settings SET minimum_part_percent = 0")
        .await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (_, wallet) = app.post_as(&maria, "/api/my/wallet", &[]).await;
    assert_eq!(wallet["balances"], serde_json::json!([]));
    let visa = wallet["methods"][0]["id"].as_i64().unwrap().to_string();
    let top_up = |key: String, amount: &'static str, method: String| {
        vec![
            ("funds[key]", key),
            ("funds[amount]", amount.to_owned()),
            ("funds[currency]", "RON".to_owned()),
            ("funds[method]", method),
        ]
    };
    let form = top_up(
        wallet["key"].as_str().unwrap().to_owned(),
        "300.00",
        visa.clone(),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for _ in 0..2 {
        let (status, body) = app.post_as(&maria, "/api/my/wallet/add", &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        app.acme_wallet_balance("RON").await,
        30_000,
        "one form, one top-up"
    );
    // A declined card adds nothing.
    let (_, wallet) = app.post_as(&maria, "/api/my/wallet", &[]).await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/wallet/add",
            &[
                ("funds[key]", wallet["key"].as_str().unwrap()),
                ("funds[amount]", "50"),
                ("funds[currency]", "RON"),
                ("funds[method]", "new"),
                ("funds[holder]", "Maria Popescu"),
                ("funds[number]", "4000 0000 0000 0002"),
                ("funds[expiry]", "10/30"),
                ("funds[cvc]", "123"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "method").as_deref(),
        Some("payment-declined")
    );
    assert_eq!(app.acme_wallet_balance("RON").await, 30_000);

    // Paying from it: the invoice and the ledger move together.
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let (_, before, _) = paid(&app, invoice).await;
    let page = options(&app, &maria, invoice).await;
    assert_eq!(page["wallet"], 30_000);
    let key = page["key"].as_str().unwrap().to_owned();
    let (status, body) = pay(
        &app,
        &maria,
        invoice,
        &[
            ("payment[key]", &key),
            ("payment[amount]", "200.00"),
            ("payment[method]", "wallet"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.acme_wallet_balance("RON").await, 10_000);
    assert_eq!(paid(&app, invoice).await.1, before + 20_000);
    let key = options(&app, &maria, invoice).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = pay(
        &app,
        &maria,
        invoice,
        &[
            ("payment[key]", &key),
            ("payment[amount]", "200.00"),
            ("payment[method]", "wallet"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "method").as_deref(),
        Some("wallet-insufficient")
    );
    assert_eq!(
        paid(&app, invoice).await.1,
        before + 20_000,
        "a refused wallet payment changes nothing"
    );

    // Ten payments of 30.00 at once from 100.00: three go through.
    app.exec("UPDATE portal_settings SET minimum_part_percent = 0")
        .await;
    let forms = (0..10)
        .map(|n| {
            vec![
                ("payment[key]", format!("wallet-parallel-key-{n:02}")),
                ("payment[amount]", "30.00".to_owned()),
                ("payment[method]", "wallet".to_owned()),
            ]
        })
        .collect();
    let answers = pay_in_parallel(&app, &maria, invoice, forms).await;
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
        3,
        "{answers:?}"
    );
    assert_eq!(app.acme_wallet_balance("RON").await, 1_000);
    assert_eq!(paid(&app, invoice).await.1, before + 29_000);
    let (_, wallet) = app.post_as(&maria, "/api/my/wallet", &[]).await;
    assert_eq!(
        wallet["lines"][0]["balance"]["minor"], 1_000,
        "the running balance"
    );
    assert_eq!(wallet["lines"].as_array().unwrap().len(), 5);
    let (_, home) = app.post_as(&maria, "/api/my/overview", &[]).await;
    assert_eq!(home["wallet"]["minor"], 1_000);
}
