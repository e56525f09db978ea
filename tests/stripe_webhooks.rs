//! Stripe's webhooks through the real route (`POST /api/stripe/webhook`):
//! events signed here the way Stripe signs them, and localstripe's own
//! deliveries. A refused signature writes nothing; an event id is handled
//! once, however often and by however many instances it arrives; a
//! payment is settled from the PaymentIntent as Stripe has it, whether or
//! not the customer's browser comes back. On SQLite and PostgreSQL,
//! against the localstripe `scripts/test.sh` starts.

mod common;

use common::*;
use hmac::{Hmac, Mac};
use portico::config::ProviderChoice;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;
use std::time::Duration;

const WEBHOOK: &str = "/api/stripe/webhook";

/// localstripe sends an event to its webhooks one after another, and drops
/// the rest of them when a webhook is registered meanwhile ("dictionary
/// changed size during iteration" in its log). A test waiting for one of
/// localstripe's own deliveries holds this; every start of an app here,
/// which registers its webhook, waits for it.
static LOCALSTRIPE_DELIVERY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn spawn_with_stripe(backend: Backend) -> Option<TestApp> {
    let _no_delivery_awaited = LOCALSTRIPE_DELIVERY.lock().await;
    TestApp::spawn_with_stripe(backend).await
}

/// Stripe's `Stripe-Signature` for `payload` sent at `timestamp`.
fn signature(secret: &str, timestamp: u64, payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{payload}").as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// An event as Stripe writes it.
fn event(id: &str, kind: &str, object: Value) -> String {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": unix_now(),
        "type": kind,
        "data": { "object": object },
    })
    .to_string()
}

/// A new event id, so that no two deliveries of a run (or of two runs
/// against one localstripe) share one by accident.
fn event_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "evt_test_{nanos:x}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Sends `payload` to `app`'s webhook as Stripe does (no cookie, no
/// Origin), with `signature` if any; the status and the answer's text.
async fn deliver(app: &TestApp, payload: &str, signature: Option<&str>) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(app.url(WEBHOOK))
        .header("content-type", "application/json; charset=utf-8")
        .body(payload.to_owned());
    if let Some(signature) = signature {
        request = request.header("stripe-signature", signature);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// Sends `payload` signed now with the app's secret.
async fn deliver_signed(app: &TestApp, payload: &str) -> (StatusCode, String) {
    let signed = signature(STRIPE_WEBHOOK_SECRET, unix_now(), payload);
    deliver(app, payload, Some(&signed)).await
}

/// A card as Stripe.js in the browser turns it into a one-time token.
async fn browser_token(number: &str) -> String {
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

/// Maria pays all of ACME's most-due invoice with a new `card`; the pay
/// form's answer, the invoice and what was due.
async fn pay_with_new_card(
    app: &TestApp,
    maria: &reqwest::Client,
    card: &str,
) -> (Value, i64, i64) {
    let (invoice, due) = app.acme_unpaid_invoice().await;
    let id = invoice.to_string();
    let (status, page) = app
        .post_as(
            maria,
            "/api/my/pay-options",
            &[("document", "invoice"), ("id", &id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let key = page["key"].as_str().unwrap().to_owned();
    let amount = format!("{}.{:02}", due / 100, due % 100);
    let token = browser_token(card).await;
    let (status, answer) = app
        .post_as(
            maria,
            "/api/my/pay",
            &[
                ("document", "invoice"),
                ("id", &id),
                ("payment[key]", &key),
                ("payment[amount]", &amount),
                ("payment[method]", "new"),
                ("payment[card_token]", &token),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    (answer, invoice, due)
}

/// A payment that went through, by id, with its PaymentIntent.
async fn paid_payment(app: &TestApp, maria: &reqwest::Client) -> (i64, String, i64) {
    let (answer, invoice, due) = pay_with_new_card(app, maria, "4242424242424242").await;
    assert_eq!(answer["status"], "done", "{answer}");
    let (payment, reference): (i64, String) = sqlx::query_as(
        "SELECT id, provider_reference FROM payments WHERE invoice_id = $1 AND state = 'succeeded' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(invoice)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(reference.starts_with("pi_"), "{reference}");
    (payment, reference, due)
}

/// A payment waiting for the customer's bank (3-D Secure): its id and its
/// PaymentIntent's client secret.
async fn payment_waiting_for_the_bank(
    app: &TestApp,
    maria: &reqwest::Client,
) -> (i64, String, i64, i64) {
    let (answer, invoice, due) = pay_with_new_card(app, maria, "4000002760003184").await;
    assert_eq!(answer["status"], "authenticate", "{answer}");
    let payment = answer["charge_id"].as_i64().expect("the payment's id");
    let secret = answer["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(payment_state(app, payment).await, "pending");
    (payment, secret, invoice, due)
}

async fn payment_state(app: &TestApp, payment: i64) -> String {
    sqlx::query_scalar("SELECT state FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn reference_of(app: &TestApp, payment: i64) -> String {
    sqlx::query_scalar("SELECT provider_reference FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The customer completes the bank's check the way localstripe's
/// stripe.js does when they press "Complete authentication".
async fn authenticate(reference: &str, client_secret: &str) {
    let stripe = stripe_url().expect("localstripe");
    let response = client()
        .post(format!(
            "{stripe}/v1/payment_intents/{reference}/_authenticate?success=true"
        ))
        .json(&json!({"key": "pk_test_portico", "client_secret": client_secret}))
        .send()
        .await
        .expect("localstripe answers");
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
}

/// Waits (bounded) until payment `id` is in `state`: a webhook settles it
/// about a second after localstripe's charge.
async fn wait_for_state(app: &TestApp, payment: i64, state: &str) {
    for _ in 0..150 {
        if payment_state(app, payment).await == state {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "payment {payment} is {}, never {state}",
        payment_state(app, payment).await
    );
}

async fn audits(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE kind = $1")
        .bind(kind)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn flag_of(app: &TestApp, payment: i64) -> Option<String> {
    sqlx::query_scalar("SELECT provider_flag FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Every table but `provider_events`: localstripe sends every app it knows
/// (the other database's run too) its events, which each records.
async fn snapshot(app: &TestApp) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut snapshot = app.snapshot().await;
    snapshot.remove("provider_events");
    snapshot
}

fn refunded(reference: &str, amount_refunded: i64, id: &str) -> String {
    event(
        id,
        "charge.refunded",
        json!({
            "id": format!("ch_for_{reference}"),
            "object": "charge",
            "amount": amount_refunded,
            "amount_refunded": amount_refunded,
            "payment_intent": reference,
        }),
    )
}

fn dispute(reference: &str, amount: i64, id: &str) -> String {
    event(
        id,
        "charge.dispute.created",
        json!({
            "id": format!("dp_for_{reference}"),
            "object": "dispute",
            "amount": amount,
            "charge": format!("ch_for_{reference}"),
            "payment_intent": reference,
            "reason": "fraudulent",
        }),
    )
}

async fn refused_signatures_and_a_replayed_event_change_nothing(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (payment, reference, due) = paid_payment(&app, &maria).await;
    // localstripe's own payment_intent.succeeded for it, a second later.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let id = event_id();
    let payload = refunded(&reference, due, &id);
    let before = snapshot(&app).await;

    let now = unix_now();
    for (signed, why) in [
        (None, "no signature"),
        (
            Some(signature("whsec_someone_else", now, &payload)),
            "another secret",
        ),
        (
            Some(signature(
                STRIPE_WEBHOOK_SECRET,
                now,
                &payload.replace(&reference, "pi_other"),
            )),
            "another payload",
        ),
        (
            Some(signature(STRIPE_WEBHOOK_SECRET, now - 301, &payload)),
            "older than five minutes",
        ),
        (
            Some(signature(STRIPE_WEBHOOK_SECRET, now + 301, &payload)),
            "five minutes ahead",
        ),
    ] {
        let (status, body) = deliver(&app, &payload, signed.as_deref()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {body}");
        assert!(!body.contains(&reference), "{why}: {body}");
    }
    assert_eq!(snapshot(&app).await, before);
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provider_events WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(taken, 0, "a refused event is not taken");

    // Signed, it is handled: refunded in Stripe's dashboard, not in Portico.
    let (status, body) = deliver_signed(&app, &payload).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "handled"));
    assert_eq!(
        flag_of(&app, payment).await.as_deref(),
        Some("refunded_elsewhere")
    );
    assert_eq!(audits(&app, "payment_refunded_elsewhere").await, 1);
    let after = snapshot(&app).await;

    // Delivered again (Stripe retries; an attacker replays it signed anew).
    for _ in 0..2 {
        let (status, body) = deliver_signed(&app, &payload).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "already handled"));
    }
    assert_eq!(snapshot(&app).await, after);
    assert_eq!(audits(&app, "payment_refunded_elsewhere").await, 1);
}

async fn a_refund_made_in_portico_is_not_flagged(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (payment, reference, due) = paid_payment(&app, &maria).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let (status, options) = app
        .post_as(
            &staff,
            "/api/admin/payment/refund-options",
            &[("payment", &payment.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{options}");
    let key = options["key"].as_str().expect("a refund key").to_owned();
    let part = due / 2;
    let (status, answer) = app
        .post_as(
            &staff,
            "/api/admin/payment/refund",
            &[
                ("payment", &payment.to_string()),
                ("refund[key]", &key),
                (
                    "refund[amount]",
                    &format!("{}.{:02}", part / 100, part % 100),
                ),
                ("refund[destination]", "provider"),
                ("refund[reason]", "goods returned"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Stripe's event for the refund Portico made: nothing to flag.
    let (status, _) = deliver_signed(&app, &refunded(&reference, part, &event_id())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(flag_of(&app, payment).await, None);
    assert_eq!(audits(&app, "payment_refunded_elsewhere").await, 0);
    // One cent more was refunded in the dashboard.
    let (status, _) = deliver_signed(&app, &refunded(&reference, part + 1, &event_id())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        flag_of(&app, payment).await.as_deref(),
        Some("refunded_elsewhere")
    );
    assert_eq!(audits(&app, "payment_refunded_elsewhere").await, 1);
}

async fn a_webhook_first_settles_the_payment_and_the_browser_then_sees_it_paid(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let recorded = audits(&app, "payment_recorded").await;
    let (payment, secret, invoice, due) = payment_waiting_for_the_bank(&app, &maria).await;
    let delivery = LOCALSTRIPE_DELIVERY.lock().await;
    authenticate(&reference_of(&app, payment).await, &secret).await;
    // localstripe's payment_intent.succeeded settles it, not the browser.
    wait_for_state(&app, payment, "succeeded").await;
    drop(delivery);

    let (status, answer) = app
        .post_as(
            &maria,
            "/api/my/pay/finish",
            &[("payment_id", &payment.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "done", "{answer}");
    assert_eq!(answer["payment_id"], payment, "{answer}");
    assert_eq!(answer["remaining"], 0, "{answer}");
    let paid: i64 = sqlx::query_scalar("SELECT amount_paid FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(paid >= due);
    assert_eq!(audits(&app, "payment_recorded").await, recorded + 1);
}

async fn a_browser_that_never_comes_back_ends_the_same(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let paid_before: i64 = sqlx::query_scalar("SELECT amount_paid FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let recorded = audits(&app, "payment_recorded").await;
    let (payment, secret, invoice, due) = payment_waiting_for_the_bank(&app, &maria).await;
    let reference = reference_of(&app, payment).await;

    // A succeeded event while Stripe still waits for the bank: the event's
    // word is not taken, the intent as Stripe has it is.
    let early = event(
        &event_id(),
        "payment_intent.succeeded",
        json!({"id": reference, "object": "payment_intent", "status": "succeeded",
               "amount": due, "currency": "eur"}),
    );
    let (status, _) = deliver_signed(&app, &early).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(payment_state(&app, payment).await, "pending");

    let delivery = LOCALSTRIPE_DELIVERY.lock().await;
    authenticate(&reference, &secret).await;
    wait_for_state(&app, payment, "succeeded").await;
    drop(delivery);
    let paid: i64 = sqlx::query_scalar("SELECT amount_paid FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(paid, paid_before + due);
    assert_eq!(audits(&app, "payment_recorded").await, recorded + 1);
    let charged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payments WHERE provider_reference = $1 AND state = 'succeeded'",
    )
    .bind(&reference)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(charged, 1);
}

async fn a_dispute_flags_the_payment_and_audits_once(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (payment, reference, due) = paid_payment(&app, &maria).await;
    let id = event_id();
    let payload = dispute(&reference, due, &id);
    for expected in ["handled", "already handled"] {
        let (status, body) = deliver_signed(&app, &payload).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, expected));
    }
    // Stripe may say so again in another event: still one flag, one entry.
    let (status, _) = deliver_signed(&app, &dispute(&reference, due, &event_id())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(flag_of(&app, payment).await.as_deref(), Some("disputed"));
    assert_eq!(audits(&app, "payment_disputed").await, 1);
    // A refund in the dashboard afterwards leaves the dispute's flag.
    let (status, _) = deliver_signed(&app, &refunded(&reference, due, &event_id())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(flag_of(&app, payment).await.as_deref(), Some("disputed"));

    // The back office's ledger shows it.
    let staff = app.login_from_new_browser(STAFF).await;
    let (status, page) = app
        .post_as(&staff, "/api/admin/payments", &[("filter[view]", "")])
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let row = page["payments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == payment)
        .expect("the payment is listed");
    assert_eq!(row["flag"], "Disputed", "{row}");
    let html = staff
        .get(app.url("/admin/payments"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"class="badge badge-danger provider-flag""#),
        "{html}"
    );
}

async fn events_for_what_portico_does_not_know_are_acknowledged(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    let before = snapshot(&app).await;
    for payload in [
        dispute("pi_not_portico", 100, &event_id()),
        refunded("pi_not_portico", 100, &event_id()),
        event(
            &event_id(),
            "payment_intent.succeeded",
            json!({"id": "pi_not_portico", "status": "succeeded", "amount": 100, "currency": "eur"}),
        ),
        event(
            &event_id(),
            "customer.created",
            json!({"id": "cus_1", "object": "customer"}),
        ),
    ] {
        let (status, body) = deliver_signed(&app, &payload).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "ignored"),
            "{payload}"
        );
    }
    assert_eq!(snapshot(&app).await, before);
    // Signed but not an event: refused, nothing taken.
    let (status, _) = deliver_signed(&app, r#"{"id": "evt_x"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Larger than any event: refused before it is read.
    let huge = format!(r#"{{"pad": "{}"}}"#, "x".repeat(70 * 1024));
    let (status, _) = deliver_signed(&app, &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

async fn the_route_is_stripes_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let payload = dispute("pi_1", 100, &event_id());
    let (status, _) = deliver_signed(&app, &payload).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn two_instances_receiving_one_event_handle_it_once(backend: Backend) {
    let Some(first) = spawn_with_stripe(backend).await else {
        return;
    };
    let provider = first.settings.payment_provider.clone();
    let second = TestApp::spawn_on_with(backend, first.database_url.clone(), |settings| {
        settings.payment_provider = provider
    })
    .await;
    let maria = first.login_from_new_browser(CUSTOMER).await;
    let (payment, reference, due) = paid_payment(&first, &maria).await;
    for _ in 0..5 {
        let payload = refunded(&reference, due, &event_id());
        let (a, b) = tokio::join!(
            deliver_signed(&first, &payload),
            deliver_signed(&second, &payload)
        );
        assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
        let mut bodies = [a.1, b.1];
        bodies.sort();
        assert_eq!(bodies, ["already handled", "handled"]);
    }
    assert_eq!(
        flag_of(&first, payment).await.as_deref(),
        Some("refunded_elsewhere")
    );
    assert_eq!(audits(&first, "payment_refunded_elsewhere").await, 5);
}

async fn an_event_that_failed_is_handled_when_delivered_again(backend: Backend) {
    let Some(app) = spawn_with_stripe(backend).await else {
        return;
    };
    // A second instance on the same database whose Stripe fails once it
    // has started: it answers the start's key check, then only 503.
    let failing: axum::Router = axum::Router::new()
        .route(
            "/v1/balance",
            axum::routing::get(|| async { axum::Json(json!({"object": "balance"})) }),
        )
        .fallback(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "down") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let failing_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, failing).await });
    let mut provider = app.settings.payment_provider.clone();
    if let Some(ProviderChoice::Stripe(stripe)) = &mut provider {
        stripe.api_base = failing_base;
    }
    let cut_off = TestApp::spawn_on_with(backend, app.database_url.clone(), |settings| {
        settings.payment_provider = provider
    })
    .await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let (payment, _, _, due) = payment_waiting_for_the_bank(&app, &maria).await;
    let reference = reference_of(&app, payment).await;
    let id = event_id();
    let payload = event(
        &id,
        "payment_intent.payment_failed",
        json!({"id": reference, "object": "payment_intent", "status": "requires_payment_method",
               "amount": due, "currency": "eur"}),
    );
    let (status, _) = deliver_signed(&cut_off, &payload).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provider_events WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(taken, 0, "given back for Stripe's next delivery");
    assert_eq!(payment_state(&app, payment).await, "pending");
    // Stripe's next delivery is handled: the intent still waits for the bank.
    let (status, body) = deliver_signed(&app, &payload).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "handled"));
    assert_eq!(payment_state(&app, payment).await, "pending");
}

on_both_databases!(
    an_event_that_failed_is_handled_when_delivered_again,
    refused_signatures_and_a_replayed_event_change_nothing,
    a_refund_made_in_portico_is_not_flagged,
    a_webhook_first_settles_the_payment_and_the_browser_then_sees_it_paid,
    a_browser_that_never_comes_back_ends_the_same,
    a_dispute_flags_the_payment_and_audits_once,
    events_for_what_portico_does_not_know_are_acknowledged,
    the_route_is_stripes_only,
    two_instances_receiving_one_event_handle_it_once,
);
