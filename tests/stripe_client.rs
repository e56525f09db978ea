//! The Stripe client (`portico::payment_provider::stripe`) against
//! localstripe, the fake Stripe server `scripts/localstripe.sh` starts
//! (`scripts/test.sh` always does, and exports PORTICO_TEST_STRIPE_URL).
//! No database: the client alone. What localstripe cannot show (the
//! headers of each request) is checked against a recording server.

use portico::payment_provider::stripe::{
    decline_message_id, IntentStatus, MethodType, NewPaymentIntent, RefundStatus, SetupStatus,
    StripeClient, StripeError, STRIPE_VERSION,
};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, Mutex,
};

const SECRET_KEY: &str = "sk_test_portico";
const PUBLISHABLE_KEY: &str = "pk_test_portico";

/// localstripe's address, or None (and one line saying the test was
/// skipped) when it is not running.
fn localstripe(test: &str) -> Option<String> {
    match std::env::var("PORTICO_TEST_STRIPE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "{test}: skipped, PORTICO_TEST_STRIPE_URL is not set (scripts/localstripe.sh start)"
            );
            None
        }
    }
}

/// A key no other request of this run uses.
fn fresh_key(label: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{label}-{nanos}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// What Stripe.js's `createToken(cardElement)` does in the browser: the
/// card number goes to Stripe with the publishable key, a `tok_` comes back.
async fn card_token(base: &str, number: &str) -> String {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/v1/tokens"))
        .form(&[
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
            ("card[name]", "Ana Pop"),
            ("key", PUBLISHABLE_KEY),
        ])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["id"].as_str().unwrap().to_owned()
}

struct Customer {
    client: StripeClient,
    id: String,
}

async fn customer(base: &str) -> Customer {
    let client = StripeClient::new(base, SECRET_KEY).unwrap();
    let id = client
        .create_customer(
            "Ana Pop",
            Some("ana@example.com"),
            42,
            &fresh_key("customer"),
        )
        .await
        .unwrap();
    assert!(id.starts_with("cus_"), "{id}");
    Customer { client, id }
}

impl Customer {
    async fn saved_card(&self, base: &str, number: &str) -> String {
        let token = card_token(base, number).await;
        self.client
            .attach_card_token(&self.id, &token)
            .await
            .unwrap()
            .id
    }

    fn payment<'a>(&'a self, card: &'a str, off_session: bool) -> NewPaymentIntent<'a> {
        NewPaymentIntent {
            amount: 1250,
            currency: "EUR",
            customer: &self.id,
            payment_method: card,
            method_type: MethodType::Card,
            off_session,
            metadata: &[("payment", "12"), ("document", "INV/2026-0001")],
        }
    }
}

#[tokio::test]
async fn a_saved_card_pays_off_session_and_is_refunded() {
    let Some(base) = localstripe("a_saved_card_pays_off_session_and_is_refunded") else {
        return;
    };
    let customer = customer(&base).await;
    let token = card_token(&base, "4242424242424242").await;
    let card = customer
        .client
        .attach_card_token(&customer.id, &token)
        .await
        .unwrap();
    assert!(card.id.starts_with("card_"));
    assert_eq!(
        (card.kind, card.brand, card.last4.as_str(), card.expiry),
        (MethodType::Card, "visa", "4242", Some((12, 2034)))
    );
    assert_eq!(card.holder.as_deref(), Some("Ana Pop"));
    assert_eq!(
        customer.client.payment_method(&card.id).await.unwrap(),
        Some(card.clone())
    );

    let paid = customer
        .client
        .create_payment_intent(&customer.payment(&card.id, true), &fresh_key("pay"))
        .await
        .unwrap();
    assert_eq!(paid.status, IntentStatus::Succeeded);
    assert_eq!((paid.amount, paid.currency.as_str()), (1250, "eur"));
    assert_eq!(paid.customer.as_deref(), Some(customer.id.as_str()));
    assert_eq!(paid.payment_method.as_deref(), Some(card.id.as_str()));
    assert!(paid.latest_charge.as_deref().unwrap().starts_with("ch_"));
    assert_eq!(paid.metadata["payment"], "12");
    assert_eq!(paid.metadata["document"], "INV/2026-0001");
    let again = customer.client.payment_intent(&paid.id).await.unwrap();
    assert_eq!(again.status, IntentStatus::Succeeded);
    assert_eq!(again.latest_charge, paid.latest_charge);

    let refund = customer
        .client
        .create_refund(&paid.id, 500, &fresh_key("refund"))
        .await
        .unwrap();
    assert_eq!(
        (refund.status, refund.amount),
        (RefundStatus::Succeeded, 500)
    );
    assert_eq!(refund.charge, paid.latest_charge);

    customer
        .client
        .remove_card(&customer.id, &card.id)
        .await
        .unwrap();
    let gone = customer.client.payment_method(&card.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
}

#[tokio::test]
async fn a_card_asking_for_3d_secure_waits_for_the_browser() {
    let Some(base) = localstripe("a_card_asking_for_3d_secure_waits_for_the_browser") else {
        return;
    };
    let customer = customer(&base).await;
    let card = customer.saved_card(&base, "4000002760003184").await;
    let intent = customer
        .client
        .create_payment_intent(&customer.payment(&card, false), &fresh_key("pay"))
        .await
        .unwrap();
    assert_eq!(intent.status, IntentStatus::RequiresAction);
    let secret = intent.client_secret.clone().unwrap();
    assert!(secret
        .expose()
        .starts_with(&format!("{}_secret_", intent.id)));
    assert!(intent.latest_charge.is_none(), "nothing charged yet");

    // The customer leaves: nothing is charged.
    let canceled = customer
        .client
        .cancel_payment_intent(&intent.id)
        .await
        .unwrap();
    assert_eq!(canceled.status, IntentStatus::Canceled);
    assert!(canceled.latest_charge.is_none());
}

#[tokio::test]
async fn a_card_declined_when_charged_is_a_card_error() {
    let Some(base) = localstripe("a_card_declined_when_charged_is_a_card_error") else {
        return;
    };
    let customer = customer(&base).await;
    // Saving it works: it declines only when charged.
    let card = customer.saved_card(&base, "4000000000000341").await;
    let refused = customer
        .client
        .create_payment_intent(&customer.payment(&card, true), &fresh_key("pay"))
        .await
        .unwrap_err();
    let StripeError::Card {
        code, decline_code, ..
    } = &refused
    else {
        panic!("{refused:?}");
    };
    assert_eq!(code.as_deref(), Some("card_declined"));
    assert_eq!(
        decline_message_id(code.as_deref(), decline_code.as_deref()),
        "payment-declined"
    );
    assert_eq!(refused.message_id(), "payment-declined");
}

#[tokio::test]
async fn setup_intents_save_a_card_or_a_sepa_mandate() {
    let Some(base) = localstripe("setup_intents_save_a_card_or_a_sepa_mandate") else {
        return;
    };
    let customer = customer(&base).await;
    let card_setup = customer
        .client
        .create_setup_intent(&customer.id, MethodType::Card, &fresh_key("setup"))
        .await
        .unwrap();
    assert_eq!(card_setup.status, SetupStatus::RequiresPaymentMethod);
    assert_eq!(card_setup.customer.as_deref(), Some(customer.id.as_str()));
    assert!(card_setup.client_secret.is_some());

    let sepa_setup = customer
        .client
        .create_setup_intent(&customer.id, MethodType::SepaDebit, &fresh_key("setup"))
        .await
        .unwrap();
    // What Stripe.js's confirmSepaDebitSetup sends from the browser.
    let secret = sepa_setup.client_secret.clone().unwrap();
    reqwest::Client::new()
        .post(format!("{base}/v1/setup_intents/{}/confirm", sepa_setup.id))
        .form(&[
            ("client_secret", secret.expose()),
            ("payment_method_data[type]", "sepa_debit"),
            (
                "payment_method_data[sepa_debit][iban]",
                "DE89370400440532013000",
            ),
            ("payment_method_data[billing_details][name]", "Ion Pop"),
            ("key", PUBLISHABLE_KEY),
        ])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let confirmed = customer.client.setup_intent(&sepa_setup.id).await.unwrap();
    assert_eq!(confirmed.status, SetupStatus::Succeeded);
    let method = confirmed.payment_method.unwrap();
    let mandate = customer
        .client
        .payment_method(&method)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            mandate.kind,
            mandate.brand,
            mandate.last4.as_str(),
            mandate.expiry
        ),
        (MethodType::SepaDebit, "sepa", "3000", None)
    );
    assert_eq!(mandate.holder.as_deref(), Some("Ion Pop"));
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized() {
    let Some(base) = localstripe("a_wrong_key_is_unauthorized") else {
        return;
    };
    StripeClient::new(&base, SECRET_KEY)
        .unwrap()
        .check_key()
        .await
        .unwrap();
    // localstripe takes any sk_ key longer than five characters.
    for wrong in ["sk_x", PUBLISHABLE_KEY, ""] {
        let refused = StripeClient::new(&base, wrong)
            .unwrap()
            .check_key()
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StripeError::Unauthorized),
            "{wrong}: {refused:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_object_is_not_found() {
    let Some(base) = localstripe("an_unknown_object_is_not_found") else {
        return;
    };
    let client = StripeClient::new(&base, SECRET_KEY).unwrap();
    let missing = client.payment_intent("pi_missing").await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

#[tokio::test]
async fn a_stopped_stripe_is_unavailable() {
    // A port that was free a moment ago: nothing answers there, as when
    // localstripe (or Stripe) is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = StripeClient::new(&format!("http://127.0.0.1:{port}"), SECRET_KEY).unwrap();
    let down = client.check_key().await.unwrap_err();
    assert!(matches!(down, StripeError::Unavailable(_)), "{down:?}");
    assert_eq!(down.message_id(), "payment-provider-unavailable");
    let down = client.payment_intent("pi_1").await.unwrap_err();
    assert!(matches!(down, StripeError::Unavailable(_)), "{down:?}");
}

/// One request as the recording server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: http::HeaderMap,
    body: String,
}

/// A server that records every request and answers each with `answer`.
async fn recording_server(answer: serde_json::Value) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let record = record.clone();
        let answer = answer.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
            record.lock().unwrap().push(Seen {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                headers: parts.headers,
                body: String::from_utf8(body.to_vec()).unwrap(),
            });
            axum::Json(answer)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, seen)
}

#[tokio::test]
async fn every_request_carries_the_key_the_version_and_creations_their_idempotency_key() {
    let (base, seen) = recording_server(serde_json::json!({
        "id": "pi_1", "status": "succeeded", "amount": 1250, "currency": "eur"
    }))
    .await;
    let client = StripeClient::new(&base, SECRET_KEY).unwrap();
    let intent = NewPaymentIntent {
        amount: 1250,
        currency: "EUR",
        customer: "cus_1",
        payment_method: "card_1",
        method_type: MethodType::Card,
        off_session: true,
        metadata: &[("payment", "12")],
    };
    client
        .create_payment_intent(&intent, "payment-12-key")
        .await
        .unwrap();
    client.payment_intent("pi_1").await.unwrap();

    let seen = seen.lock().unwrap().clone();
    let [create, read] = &seen[..] else {
        panic!("{seen:?}");
    };
    for request in [create, read] {
        assert_eq!(
            request.headers["authorization"],
            format!("Bearer {SECRET_KEY}").as_str()
        );
        assert_eq!(request.headers["stripe-version"], STRIPE_VERSION);
    }
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/v1/payment_intents")
    );
    assert_eq!(create.headers["idempotency-key"], "payment-12-key");
    assert_eq!(
        create.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let form: Vec<(String, String)> = serde_urlencoded::from_str(&create.body).unwrap();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        form,
        [
            ("amount", "1250"),
            ("currency", "eur"),
            ("customer", "cus_1"),
            ("payment_method", "card_1"),
            ("payment_method_types[0]", "card"),
            ("confirm", "true"),
            ("off_session", "true"),
            ("metadata[payment]", "12"),
        ]
    );
    assert!(!create.body.contains(SECRET_KEY));
    assert_eq!(
        (read.method.as_str(), read.path.as_str()),
        ("GET", "/v1/payment_intents/pi_1")
    );
    assert!(!read.headers.contains_key("idempotency-key"));
}

#[tokio::test]
async fn an_id_that_is_not_stripes_never_leaves() {
    let (base, seen) = recording_server(serde_json::json!({})).await;
    let client = StripeClient::new(&base, SECRET_KEY).unwrap();
    for token in ["tok_1/../../v1/balance", "tok_1?x=y", ""] {
        let refused = client.attach_card_token("cus_1", token).await.unwrap_err();
        assert!(
            matches!(refused, StripeError::Invalid { status: 400, .. }),
            "{refused:?}"
        );
    }
    assert!(client.payment_intent("pi_1/cancel").await.is_err());
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreadable_answer_is_unavailable_not_a_guess() {
    let (base, _seen) = recording_server(serde_json::json!({
        "id": "pi_1", "status": "some_new_status", "amount": 1250, "currency": "eur"
    }))
    .await;
    let client = StripeClient::new(&base, SECRET_KEY).unwrap();
    let unreadable = client.payment_intent("pi_1").await.unwrap_err();
    assert!(
        matches!(unreadable, StripeError::Unavailable(_)),
        "{unreadable:?}"
    );
}
