//! What the browser's Stripe.js and Stripe's dashboard do, against the
//! localstripe the tests run (`stripe_url`): tokens and confirmations made
//! with the publishable key, and Stripe's own records read back with the
//! secret key, to count what was really charged or refunded.

use super::{client, stripe_url};
use serde_json::{json, Value};

/// The publishable key of the apps `spawn_with_stripe` starts.
pub const STRIPE_PUBLISHABLE_KEY: &str = "pk_test_portico";
const STRIPE_SECRET_KEY: &str = "sk_test_portico";

/// Stripe's test cards, as localstripe treats them.
pub const CARD_VISA: &str = "4242424242424242";
/// Saved without a fuss; every charge to it is declined.
pub const CARD_DECLINED_WHEN_CHARGED: &str = "4000000000000341";
/// Asks for 3-D Secure on each payment.
pub const CARD_3DS: &str = "4000002760003184";
pub const IBAN_DE: &str = "DE89370400440532013000";

fn stripe() -> String {
    stripe_url().expect("localstripe (PORTICO_TEST_STRIPE_URL)")
}

/// A card as Stripe.js in the browser turns it into a one-time token,
/// with the publishable key (localstripe's stand-in takes the same call).
pub async fn browser_token(number: &str) -> String {
    let answer: Value = client()
        .post(format!("{}/v1/tokens", stripe()))
        .form(&[
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
            ("key", STRIPE_PUBLISHABLE_KEY),
        ])
        .send()
        .await
        .expect("localstripe answers")
        .json()
        .await
        .expect("a token");
    answer["id"].as_str().expect("a token id").to_owned()
}

/// What the browser gives `confirmCardSetup` for a card.
pub fn card_data(number: &str) -> Value {
    json!({
        "type": "card",
        "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
    })
}

/// What the browser gives `confirmSepaDebitSetup` for an IBAN.
pub fn sepa_data(iban: &str) -> Value {
    json!({"type": "sepa_debit", "sepa_debit": {"iban": iban}})
}

/// Confirms a SetupIntent as localstripe's stripe.js does from the
/// browser; answers the SetupIntent.
pub async fn confirm_setup(setup_id: &str, client_secret: &str, method: Value) -> Value {
    let response = client()
        .post(format!("{}/v1/setup_intents/{setup_id}/confirm", stripe()))
        .json(&json!({
            "key": STRIPE_PUBLISHABLE_KEY,
            "client_secret": client_secret,
            "payment_method_data": method,
        }))
        .send()
        .await
        .expect("localstripe answers");
    assert!(response.status().is_success(), "setup confirmed");
    response.json().await.expect("a SetupIntent")
}

/// The customer completes (`success`) or fails their bank's 3-D Secure
/// challenge in localstripe's modal; answers localstripe's status.
pub async fn authenticate(payment_intent: &str, client_secret: &str, success: bool) -> u16 {
    client()
        .post(format!(
            "{}/v1/payment_intents/{payment_intent}/_authenticate?success={success}",
            stripe()
        ))
        .json(&json!({"key": STRIPE_PUBLISHABLE_KEY, "client_secret": client_secret}))
        .send()
        .await
        .expect("localstripe answers")
        .status()
        .as_u16()
}

/// A GET on Stripe's API with the secret key, as the dashboard reads it.
pub async fn stripe_get(path: &str) -> Value {
    let response = client()
        .get(format!("{}{path}", stripe()))
        .bearer_auth(STRIPE_SECRET_KEY)
        .send()
        .await
        .expect("localstripe answers");
    assert!(response.status().is_success(), "GET {path}");
    response.json().await.expect("JSON")
}

/// Every PaymentIntent Stripe holds for the customer `customer` (`cus_…`).
pub async fn payment_intents_of(customer: &str) -> Vec<Value> {
    // localstripe lists them all, whoever they are for.
    let all = stripe_get("/v1/payment_intents?limit=1000000").await;
    all["data"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|intent| intent["customer"] == customer)
        .cloned()
        .collect()
}

/// The charges Stripe made to the customer `customer` that succeeded.
pub async fn succeeded_charges_of(customer: &str) -> Vec<Value> {
    let all = stripe_get(&format!("/v1/charges?customer={customer}&limit=1000000")).await;
    all["data"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|charge| charge["status"] == "succeeded")
        .cloned()
        .collect()
}

/// The refunds Stripe made of the PaymentIntent `payment_intent`.
pub async fn refunds_of(payment_intent: &str) -> Vec<Value> {
    stripe_get(&format!(
        "/v1/refunds?payment_intent={payment_intent}&limit=1000000"
    ))
    .await["data"]
        .as_array()
        .expect("a list")
        .clone()
}
