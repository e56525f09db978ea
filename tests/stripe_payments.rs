//! Paying through Stripe (localstripe in tests): the browser's Stripe.js
//! token is all the server sees of a new card; the charge is settled from
//! the PaymentIntent Stripe keeps. On SQLite and PostgreSQL, against the
//! localstripe `scripts/test.sh` starts.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

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
    let token = browser_token(CARD_VISA).await;
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

/// Minor units as the pay form types them.
fn typed(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn options(app: &TestApp, browser: &reqwest::Client, document: &str, id: i64) -> Value {
    let (status, body) = app
        .post_as(
            browser,
            "/api/my/pay-options",
            &[("document", document), ("id", &id.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn pay(
    app: &TestApp,
    browser: &reqwest::Client,
    document: &str,
    id: i64,
    fields: &[(&str, &str)],
) -> (StatusCode, Value) {
    let id = id.to_string();
    let mut form = vec![("document", document), ("id", id.as_str())];
    form.extend_from_slice(fields);
    app.post_as(browser, "/api/my/pay", &form).await
}

/// The customer's finish call once the browser is back from their bank.
async fn finish(app: &TestApp, browser: &reqwest::Client, payment: i64) -> (StatusCode, Value) {
    app.post_as(
        browser,
        "/api/my/pay/finish",
        &[("payment_id", &payment.to_string())],
    )
    .await
}

/// ACME's record in Stripe, made on its first payment or setup.
async fn stripe_customer(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT reference FROM provider_customers WHERE provider = 'stripe'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn invoice_paid(app: &TestApp, invoice: i64) -> i64 {
    sqlx::query_scalar("SELECT amount_paid FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn payment_row(app: &TestApp, payment: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT state, provider_reference FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn stripe_methods(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM payment_methods WHERE provider = 'stripe' AND removed_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// Saves a method as the payment-methods page does with Stripe.js: Portico
/// starts a SetupIntent, the browser confirms it with the details, Portico
/// keeps the method once Stripe says the setup succeeded. Answers the
/// saved method's id.
async fn save_method(app: &TestApp, browser: &reqwest::Client, kind: &str, details: Value) -> i64 {
    let (status, setup) = app
        .post_as(browser, "/api/my/payment-methods/setup", &[("kind", kind)])
        .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let setup_id = setup["setup_id"].as_str().unwrap();
    let confirmed =
        confirm_setup(setup_id, setup["client_secret"].as_str().unwrap(), details).await;
    assert_eq!(confirmed["status"], "succeeded", "{confirmed}");
    let (status, body) = app
        .post_as(
            browser,
            "/api/my/payment-methods/setup/finish",
            &[("setup_id", setup_id), ("make_default", "on")],
        )
        .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    sqlx::query_scalar("SELECT id FROM payment_methods WHERE provider = 'stripe' AND token = $1")
        .bind(confirmed["payment_method"].as_str().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn a_saved_card_pays_off_session_and_one_key_charges_once(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let method = save_method(&app, &maria, "card", card_data(CARD_VISA)).await;
    let customer = stripe_customer(&app).await;
    assert!(payment_intents_of(&customer).await.is_empty());
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let amount = page["minimum"].as_i64().unwrap();
    let (key, typed_amount, method) = (
        page["key"].as_str().unwrap().to_owned(),
        typed(amount),
        method.to_string(),
    );
    let form = [
        ("payment[key]", key.as_str()),
        ("payment[amount]", typed_amount.as_str()),
        ("payment[method]", method.as_str()),
    ];

    // One call, nothing asked of the browser.
    let (status, first) = pay(&app, &maria, "invoice", invoice, &form).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["status"], "done", "{first}");
    let payment = first["payment_id"].as_i64().unwrap();
    let intents = payment_intents_of(&customer).await;
    assert_eq!(intents.len(), 1, "{intents:?}");
    assert_eq!(intents[0]["status"], "succeeded");
    assert_eq!(intents[0]["amount"], amount);
    assert_eq!(
        intents[0]["metadata"]["portico_payment"],
        payment.to_string()
    );
    assert_eq!(
        payment_row(&app, payment).await,
        (
            "succeeded".to_owned(),
            intents[0]["id"].as_str().map(str::to_owned)
        )
    );

    // The same form again (a double click, a retry): the first answer,
    // and Stripe is not asked again.
    let (status, again) = pay(&app, &maria, "invoice", invoice, &form).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["payment_id"], payment, "{again}");
    assert_eq!(payment_intents_of(&customer).await.len(), 1);
    assert_eq!(succeeded_charges_of(&customer).await.len(), 1);
    assert_eq!(invoice_paid(&app, invoice).await, paid_before + amount);
}

async fn twenty_parallel_requests_with_one_key_charge_once(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let method = save_method(&app, &maria, "card", card_data(CARD_VISA)).await;
    let customer = stripe_customer(&app).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let amount = page["minimum"].as_i64().unwrap();
    let key = page["key"].as_str().unwrap().to_owned();
    let form: Vec<(String, String)> = [
        ("document", "invoice".to_owned()),
        ("id", invoice.to_string()),
        ("payment[key]", key.clone()),
        ("payment[amount]", typed(amount)),
        ("payment[method]", method.to_string()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    let answers = app
        .post_all_at_once(&maria, "/api/my/pay", vec![form; 20])
        .await;

    // Each heard the payment, or that it was still under way.
    let mut payments = std::collections::BTreeSet::new();
    for (status, body) in &answers {
        if *status == StatusCode::OK {
            payments.insert(body["payment_id"].as_i64().expect("a payment id"));
        } else {
            assert_eq!(
                field_message(body, "method").as_deref(),
                Some("payment-in-progress"),
                "{status} {body}"
            );
        }
    }
    assert_eq!(payments.len(), 1, "{answers:?}");
    let written: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE idempotency_key LIKE $1")
            .bind(format!("%:{key}"))
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(written, 1);
    assert_eq!(payment_intents_of(&customer).await.len(), 1);
    assert_eq!(succeeded_charges_of(&customer).await.len(), 1);
    assert_eq!(invoice_paid(&app, invoice).await, paid_before + amount);
}

async fn a_sepa_mandate_is_saved_then_pays(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let method = save_method(&app, &maria, "sepa_debit", sepa_data(IBAN_DE)).await;
    let (kind, last4): (String, String) =
        sqlx::query_as("SELECT kind, last4 FROM payment_methods WHERE id = $1")
            .bind(method)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((kind.as_str(), last4.as_str()), ("sepa_debit", "3000"));
    let customer = stripe_customer(&app).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let amount = page["minimum"].as_i64().unwrap();
    let (typed_amount, method) = (typed(amount), method.to_string());
    let (status, answer) = pay(
        &app,
        &maria,
        "invoice",
        invoice,
        &[
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", &typed_amount),
            ("payment[method]", &method),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // A debit may be accepted before the money arrives (`in_progress`):
    // asked again, Portico settles it from what Stripe says, never from
    // the browser. (localstripe 1.15 settles SEPA at once: `done`.)
    let payment = match answer["status"].as_str() {
        Some("done") => answer["payment_id"].as_i64().unwrap(),
        Some("in_progress") => {
            let payment = answer["charge_id"].as_i64().unwrap();
            let mut done = false;
            for _ in 0..50 {
                let (status, answer) = finish(&app, &maria, payment).await;
                if status == StatusCode::OK && answer["status"] == "done" {
                    done = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert!(done, "the debit settled");
            payment
        }
        _ => panic!("{answer}"),
    };
    let (state, reference) = payment_row(&app, payment).await;
    assert_eq!(state, "succeeded");
    let reference = reference.unwrap();
    let intents = payment_intents_of(&customer).await;
    assert_eq!(intents.len(), 1, "{intents:?}");
    assert_eq!(intents[0]["id"], reference);
    let charged_with = intents[0]["payment_method"].as_str().unwrap();
    let mandate = stripe_get(&format!("/v1/payment_methods/{charged_with}")).await;
    assert_eq!(mandate["type"], "sepa_debit", "{mandate}");
    let method_of: String = sqlx::query_scalar("SELECT method FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(method_of, "sepa_debit");
    assert_eq!(invoice_paid(&app, invoice).await, paid_before + amount);
}

async fn a_card_declined_when_charged_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    // Stripe keeps the card; only charging it fails.
    let method = save_method(&app, &maria, "card", card_data(CARD_DECLINED_WHEN_CHARGED)).await;
    let customer = stripe_customer(&app).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let succeeded = "SELECT COUNT(*) FROM payments WHERE state = 'succeeded'";
    let succeeded_before: i64 = sqlx::query_scalar(succeeded)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let page = options(&app, &maria, "invoice", invoice).await;
    let (typed_amount, method) = (typed(page["minimum"].as_i64().unwrap()), method.to_string());
    let form = [
        ("payment[key]", page["key"].as_str().unwrap()),
        ("payment[amount]", typed_amount.as_str()),
        ("payment[method]", method.as_str()),
    ];
    for _ in 0..2 {
        let (status, answer) = pay(&app, &maria, "invoice", invoice, &form).await;
        assert!(status.is_client_error(), "{status} {answer}");
        assert_eq!(
            field_message(&answer, "method").as_deref(),
            Some("payment-declined"),
            "{answer}"
        );
    }
    assert_eq!(invoice_paid(&app, invoice).await, paid_before);
    let succeeded_after: i64 = sqlx::query_scalar(succeeded)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(succeeded_after, succeeded_before);
    assert!(succeeded_charges_of(&customer).await.is_empty());
    // Asked again with its key, it was not charged again.
    assert_eq!(payment_intents_of(&customer).await.len(), 1);
    // The pay page offers the same amount due.
    let page = options(&app, &maria, "invoice", invoice).await;
    let total: i64 = sqlx::query_scalar("SELECT amount_total FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(page["due"], total - paid_before);
}

async fn three_d_secure_completed_pays_failed_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    app.add_other_company().await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let amount = page["minimum"].as_i64().unwrap();
    let typed_amount = typed(amount);
    let token = browser_token(CARD_3DS).await;
    let (status, answer) = pay(
        &app,
        &maria,
        "invoice",
        invoice,
        &[
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", &typed_amount),
            ("payment[method]", "new"),
            ("payment[card_token]", &token),
            ("payment[save]", "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "authenticate", "{answer}");
    let payment = answer["charge_id"].as_i64().unwrap();
    let secret = answer["client_secret"].as_str().unwrap().to_owned();
    let (state, intent) = payment_row(&app, payment).await;
    assert_eq!(state, "pending");
    let intent = intent.expect("the PaymentIntent noted while the bank asks");

    // Only the customer who paid can finish it.
    assert_eq!(finish(&app, &lucia, payment).await.0, StatusCode::NOT_FOUND);
    // Back before authenticating: still waiting, nothing settled.
    let (status, early) = finish(&app, &maria, payment).await;
    assert_eq!(status, StatusCode::OK, "{early}");
    assert_eq!(early["status"], "authenticate", "{early}");
    assert_eq!(stripe_methods(&app).await, 0);

    assert_eq!(authenticate(&intent, &secret, true).await, 200);
    let (status, done) = finish(&app, &maria, payment).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["payment_id"], payment);
    assert_eq!(payment_row(&app, payment).await.0, "succeeded");
    assert_eq!(invoice_paid(&app, invoice).await, paid_before + amount);
    // Kept, as asked, once the charge succeeded.
    let last4: String = sqlx::query_scalar(
        "SELECT last4 FROM payment_methods WHERE provider = 'stripe' AND removed_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(last4, "3184");

    // The same card again, the challenge failed: the invoice as it was.
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let token = browser_token(CARD_3DS).await;
    let (status, answer) = pay(
        &app,
        &maria,
        "invoice",
        invoice,
        &[
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", &typed_amount),
            ("payment[method]", "new"),
            ("payment[card_token]", &token),
            ("payment[save]", "on"),
        ],
    )
    .await;
    assert_eq!(answer["status"], "authenticate", "{status} {answer}");
    let payment = answer["charge_id"].as_i64().unwrap();
    let intent = payment_row(&app, payment).await.1.unwrap();
    let secret = answer["client_secret"].as_str().unwrap();
    assert_eq!(authenticate(&intent, secret, false).await, 200);
    for _ in 0..2 {
        let (status, failed) = finish(&app, &maria, payment).await;
        assert!(status.is_client_error(), "{status} {failed}");
        assert_eq!(
            field_message(&failed, "method").as_deref(),
            Some("payment-authentication-failed"),
            "{failed}"
        );
    }
    assert_eq!(payment_row(&app, payment).await.0, "failed");
    assert_eq!(invoice_paid(&app, invoice).await, paid_before);
    assert_eq!(stripe_methods(&app).await, 1, "a failed card is not kept");
    // Nor does Stripe keep it on the customer: only the card kept above.
    let customer = stripe_customer(&app).await;
    let sources = stripe_get(&format!("/v1/customers/{customer}/sources")).await;
    let kept: Vec<&str> = sources["data"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|card| card["id"].as_str())
        .collect();
    assert_eq!(kept.len(), 1, "{sources}");
}

async fn a_form_carrying_a_card_number_is_refused_unread(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let typed_amount = typed(page["minimum"].as_i64().unwrap());
    let token = browser_token(CARD_VISA).await;
    let before = app.snapshot().await;
    for card in [
        vec![("payment[number]", "4242 4242 4242 4242")],
        vec![("payment[cvc]", "123")],
        vec![
            ("payment[card_token]", token.as_str()),
            ("payment[number]", "4242424242424242"),
            ("payment[expiry]", "12/34"),
        ],
    ] {
        let mut form = vec![
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", typed_amount.as_str()),
            ("payment[method]", "new"),
            ("payment[holder]", "Maria Popescu"),
        ];
        form.extend(card);
        let (status, body) = pay(&app, &maria, "invoice", invoice, &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/payment-methods/add",
            &[
                ("method[kind]", "card"),
                ("method[holder]", "Maria Popescu"),
                ("method[number]", "4242 4242 4242 4242"),
                ("method[expiry]", "12/34"),
                ("method[cvc]", "123"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(app.snapshot().await, before, "nothing was written");
}

async fn a_top_up_with_a_new_card_is_credited_once(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (status, wallet) = app.post_as(&maria, "/api/my/wallet", &[]).await;
    assert_eq!(status, StatusCode::OK, "{wallet}");
    let balance_before = app.acme_wallet_balance("RON").await;
    let token = browser_token(CARD_VISA).await;
    let form = [
        ("funds[key]", wallet["key"].as_str().unwrap()),
        ("funds[amount]", "25.00"),
        ("funds[currency]", "RON"),
        ("funds[method]", "new"),
        ("funds[card_token]", token.as_str()),
    ];
    for _ in 0..2 {
        let (status, answer) = app.post_as(&maria, "/api/my/wallet/add", &form).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["status"], "done", "{answer}");
    }
    assert_eq!(app.acme_wallet_balance("RON").await, balance_before + 2_500);
    let intents = payment_intents_of(&stripe_customer(&app).await).await;
    assert_eq!(intents.len(), 1, "{intents:?}");
    assert_eq!(intents[0]["status"], "succeeded");
    assert_eq!(intents[0]["amount"], 2_500);
    assert!(intents[0]["metadata"]["portico_top_up"].is_string());
    // Not asked to be kept: Stripe lets go of the card too.
    assert_eq!(stripe_methods(&app).await, 0);
}

async fn a_refund_through_stripe_twice_with_one_key_refunds_once(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before = invoice_paid(&app, invoice).await;
    let page = options(&app, &maria, "invoice", invoice).await;
    let amount = page["minimum"].as_i64().unwrap();
    let typed_amount = typed(amount);
    let token = browser_token(CARD_VISA).await;
    let (status, paid) = pay(
        &app,
        &maria,
        "invoice",
        invoice,
        &[
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", &typed_amount),
            ("payment[method]", "new"),
            ("payment[card_token]", &token),
        ],
    )
    .await;
    assert_eq!(paid["status"], "done", "{status} {paid}");
    let payment = paid["payment_id"].as_i64().unwrap();
    let intent = payment_row(&app, payment).await.1.unwrap();

    let (status, form) = app
        .post_as(
            &staff,
            "/api/admin/payment/refund-options",
            &[("payment", &payment.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(form["via_provider"], true, "{form}");
    let key = form["key"].as_str().unwrap().to_owned();
    let mut refunds = Vec::new();
    for _ in 0..2 {
        let (status, refunded) = app
            .post_as(
                &staff,
                "/api/admin/payment/refund",
                &[
                    ("payment", &payment.to_string()),
                    ("refund[key]", &key),
                    ("refund[amount]", "1.00"),
                    ("refund[destination]", "provider"),
                    ("refund[reason]", "Returned goods"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{refunded}");
        refunds.push(refunded["refund_id"].clone());
    }
    assert_eq!(refunds[0], refunds[1]);
    let in_stripe = refunds_of(&intent).await;
    assert_eq!(in_stripe.len(), 1, "{in_stripe:?}");
    assert_eq!(in_stripe[0]["amount"], 100);
    let (state, refunded): (String, i64) =
        sqlx::query_as("SELECT state, amount_refunded FROM payments WHERE id = $1")
            .bind(payment)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), refunded), ("succeeded", 100));
    assert_eq!(
        invoice_paid(&app, invoice).await,
        paid_before + amount - 100
    );
}

async fn a_quotation_paid_through_stripe_becomes_a_confirmed_order(backend: Backend) {
    let Some(app) = TestApp::spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let quotation: i64 = sqlx::query_scalar(
        "SELECT id FROM sales_orders WHERE kind = 'quotation' AND state = 'sent' \
           AND customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let page = options(&app, &maria, "order", quotation).await;
    let amount = page["minimum"].as_i64().unwrap();
    let typed_amount = typed(amount);
    let token = browser_token(CARD_VISA).await;
    let (status, paid) = pay(
        &app,
        &maria,
        "order",
        quotation,
        &[
            ("payment[key]", page["key"].as_str().unwrap()),
            ("payment[amount]", &typed_amount),
            ("payment[method]", "new"),
            ("payment[card_token]", &token),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    assert_eq!(paid["status"], "done", "{paid}");
    let (kind, state, order_paid): (String, String, i64) =
        sqlx::query_as("SELECT kind, state, amount_paid FROM sales_orders WHERE id = $1")
            .bind(quotation)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((kind.as_str(), state.as_str()), ("order", "confirmed"));
    assert_eq!(order_paid, amount);
    let intents = payment_intents_of(&stripe_customer(&app).await).await;
    assert_eq!(intents.len(), 1, "{intents:?}");
    assert_eq!(intents[0]["metadata"]["document"], page["number"]);
    assert_eq!(intents[0]["amount"], amount);
}

on_both_databases!(
    a_new_card_pays_and_is_kept_then_pays_off_session,
    a_saved_card_pays_off_session_and_one_key_charges_once,
    twenty_parallel_requests_with_one_key_charge_once,
    a_sepa_mandate_is_saved_then_pays,
    a_card_declined_when_charged_changes_nothing,
    three_d_secure_completed_pays_failed_changes_nothing,
    a_form_carrying_a_card_number_is_refused_unread,
    a_top_up_with_a_new_card_is_credited_once,
    a_refund_through_stripe_twice_with_one_key_refunds_once,
    a_quotation_paid_through_stripe_becomes_a_confirmed_order,
);
