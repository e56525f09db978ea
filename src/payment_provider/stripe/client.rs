//! The HTTP side: one `reqwest::Client` (kept connections, TLS through
//! rustls), the secret key as a Bearer token, the API version pinned, and
//! every answer turned into a typed object or a [`StripeError`].

use super::{
    form::Form,
    objects::{MethodType, MethodView, PaymentIntent, RawMethod, RefundView, SetupIntent},
    StripeError,
};
use reqwest::{Method, StatusCode};
use serde::{de::DeserializeOwned, Deserialize};
use std::{sync::Arc, time::Duration};

/// The API version every request asks for, so that an account's default
/// version changing in Stripe's dashboard changes nothing here.
pub const STRIPE_VERSION: &str = "2024-06-20";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The whole request, answer included: a payment call past this is
/// reported unavailable, and settled later from the PaymentIntent.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    api_base: Arc<str>,
    secret_key: Arc<str>,
}

impl std::fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeClient")
            .field("api_base", &self.api_base)
            .field("secret_key", &"***")
            .finish()
    }
}

/// A payment to create and confirm at once.
#[derive(Debug, Clone)]
pub struct NewPaymentIntent<'a> {
    /// In the currency's minor unit (cents).
    pub amount: i64,
    /// ISO 4217, any case: sent in lower case as Stripe writes it.
    pub currency: &'a str,
    /// The Stripe customer of the commercial entity.
    pub customer: &'a str,
    /// `pm_…` or `card_…`, saved on that customer.
    pub payment_method: &'a str,
    pub method_type: MethodType,
    /// The customer is not there to authenticate (a saved method paying
    /// on its own, a renewal): Stripe declines rather than asking for 3-D
    /// Secure.
    pub off_session: bool,
    /// Names the document and Portico's payment, e.g.
    /// `[("payment", "12"), ("document", "INV/2026-0001")]`.
    pub metadata: &'a [(&'a str, &'a str)],
}

impl StripeClient {
    /// `api_base` without the `/v1`: `https://api.stripe.com`, or
    /// localstripe's address in tests. Fails only when no TLS
    /// configuration can be built on this machine.
    pub fn new(api_base: &str, secret_key: &str) -> Result<Self, StripeError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("Portico/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| StripeError::Unavailable(with_causes(&error)))?;
        Ok(Self {
            http,
            api_base: api_base.trim_end_matches('/').into(),
            secret_key: secret_key.into(),
        })
    }

    /// `GET /v1/balance`, the cheapest call that needs a valid secret key:
    /// `Err(Unauthorized)` for a wrong one (start-up asks it).
    pub async fn check_key(&self) -> Result<(), StripeError> {
        self.get::<serde::de::IgnoredAny>("/v1/balance").await?;
        Ok(())
    }

    /// The Stripe customer for one of Portico's commercial entities; its id
    /// is in the metadata, for whoever reads Stripe's dashboard.
    pub async fn create_customer(
        &self,
        name: &str,
        email: Option<&str>,
        portico_customer_id: i64,
        key: &str,
    ) -> Result<String, StripeError> {
        #[derive(Deserialize)]
        struct Created {
            id: String,
        }
        let mut form = Form::new().field("name", name).nested(
            "metadata",
            "portico_customer",
            portico_customer_id,
        );
        if let Some(email) = email {
            form = form.field("email", email);
        }
        let created: Created = self.post("/v1/customers", form, Some(key)).await?;
        Ok(created.id)
    }

    /// `POST /v1/customers/{customer}/sources source=tok_…`: saves the card
    /// a browser turned into a token, answering what may be shown of it. A
    /// token is used once, so it is its own idempotency key.
    pub async fn attach_card_token(
        &self,
        customer: &str,
        token: &str,
    ) -> Result<MethodView, StripeError> {
        let path = format!("/v1/customers/{}/sources", stripe_id(customer)?);
        let raw: RawMethod = self
            .post(
                &path,
                Form::new().field("source", stripe_id(token)?),
                Some(&format!("attach-{token}")),
            )
            .await?;
        raw.view()
            .ok_or_else(|| StripeError::Unavailable("unreadable card in Stripe's answer".into()))
    }

    /// Forgets a saved method: a card saved from a token is deleted from
    /// the customer, a payment method (`pm_…`) detached from it.
    pub async fn remove_card(&self, customer: &str, card: &str) -> Result<(), StripeError> {
        if card.starts_with("pm_") {
            let path = format!("/v1/payment_methods/{}/detach", stripe_id(card)?);
            self.post::<serde::de::IgnoredAny>(&path, Form::new(), None)
                .await?;
        } else {
            let path = format!(
                "/v1/customers/{}/sources/{}",
                stripe_id(customer)?,
                stripe_id(card)?
            );
            self.send::<serde::de::IgnoredAny>(Method::DELETE, &path, None, None)
                .await?;
        }
        Ok(())
    }

    /// Creates the PaymentIntent and confirms it in the same call: it
    /// answers `Succeeded` (or `Processing` for SEPA), `RequiresAction`
    /// when the browser must run 3-D Secure, or `Err(Card)` when declined.
    /// `key` is Portico's own idempotency key: the same key twice creates
    /// one intent.
    pub async fn create_payment_intent(
        &self,
        intent: &NewPaymentIntent<'_>,
        key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        let mut form = Form::new()
            .field("amount", intent.amount)
            .field("currency", intent.currency.to_ascii_lowercase())
            .field("customer", stripe_id(intent.customer)?)
            .field("payment_method", stripe_id(intent.payment_method)?)
            // Named, so that Stripe offers no redirect-based method that
            // would need a return address.
            .list("payment_method_types", [intent.method_type.as_str()])
            .field("confirm", true);
        if intent.off_session {
            form = form.field("off_session", true);
        }
        for (name, value) in intent.metadata {
            form = form.nested("metadata", name, value);
        }
        self.post("/v1/payment_intents", form, Some(key)).await
    }

    pub async fn payment_intent(&self, id: &str) -> Result<PaymentIntent, StripeError> {
        self.get(&format!("/v1/payment_intents/{}", stripe_id(id)?))
            .await
    }

    /// Nothing is charged on a canceled intent; Stripe refuses to cancel
    /// one that succeeded or is processing.
    pub async fn cancel_payment_intent(&self, id: &str) -> Result<PaymentIntent, StripeError> {
        let path = format!("/v1/payment_intents/{}/cancel", stripe_id(id)?);
        self.post(&path, Form::new(), None).await
    }

    /// A SetupIntent for the browser to confirm with a new card
    /// (`confirmCardSetup`) or SEPA mandate (`confirmSepaDebitSetup`),
    /// saving it on `customer` for payments made without them.
    pub async fn create_setup_intent(
        &self,
        customer: &str,
        kind: MethodType,
        key: &str,
    ) -> Result<SetupIntent, StripeError> {
        let form = Form::new()
            .field("customer", stripe_id(customer)?)
            .list("payment_method_types", [kind.as_str()])
            .field("usage", "off_session");
        self.post("/v1/setup_intents", form, Some(key)).await
    }

    pub async fn setup_intent(&self, id: &str) -> Result<SetupIntent, StripeError> {
        self.get(&format!("/v1/setup_intents/{}", stripe_id(id)?))
            .await
    }

    /// `GET /v1/payment_methods/{id}`, for `pm_…` and `card_…` alike: what
    /// may be shown of the method; none for a type Portico does not take.
    pub async fn payment_method(&self, id: &str) -> Result<Option<MethodView>, StripeError> {
        let raw: RawMethod = self
            .get(&format!("/v1/payment_methods/{}", stripe_id(id)?))
            .await?;
        Ok(raw.view())
    }

    /// Refunds `amount` (minor units) of a payment; `key` makes a retried
    /// refund refund once.
    pub async fn create_refund(
        &self,
        payment_intent: &str,
        amount: i64,
        key: &str,
    ) -> Result<RefundView, StripeError> {
        let form = Form::new()
            .field("payment_intent", stripe_id(payment_intent)?)
            .field("amount", amount);
        self.post("/v1/refunds", form, Some(key)).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, StripeError> {
        self.send(Method::GET, path, None, None).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: Form,
        idempotency_key: Option<&str>,
    ) -> Result<T, StripeError> {
        self.send(Method::POST, path, Some(form), idempotency_key)
            .await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        form: Option<Form>,
        idempotency_key: Option<&str>,
    ) -> Result<T, StripeError> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.api_base))
            .bearer_auth(&self.secret_key)
            .header("Stripe-Version", STRIPE_VERSION);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(form) = form {
            request = request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form.encode());
        }
        let unreachable = |error: reqwest::Error| StripeError::Unavailable(with_causes(&error));
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        tracing::debug!(%method, path, status = status.as_u16(), "Stripe answered");
        if status.is_success() {
            serde_json::from_slice(&body).map_err(|error| {
                StripeError::Unavailable(format!("unreadable answer to {method} {path}: {error}"))
            })
        } else {
            Err(refusal(status, &body))
        }
    }
}

/// Stripe's error body: `{"error": {"type", "code", "decline_code",
/// "message", "payment_intent"}}`.
fn refusal(status: StatusCode, body: &[u8]) -> StripeError {
    #[derive(Deserialize, Default)]
    struct Body {
        #[serde(default)]
        error: Detail,
    }
    #[derive(Deserialize, Default)]
    struct Detail {
        #[serde(default, rename = "type")]
        kind: Option<String>,
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        decline_code: Option<String>,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        payment_intent: Option<serde_json::Value>,
    }
    let detail = serde_json::from_slice::<Body>(body)
        .unwrap_or_default()
        .error;
    let message = detail
        .message
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("no reason").to_owned());
    if status == StatusCode::UNAUTHORIZED {
        StripeError::Unauthorized
    } else if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        StripeError::Unavailable(format!("Stripe answered {status}: {message}"))
    } else if status == StatusCode::PAYMENT_REQUIRED || detail.kind.as_deref() == Some("card_error")
    {
        StripeError::Card {
            code: detail.code,
            decline_code: detail.decline_code,
            message,
            // The intent as the decline left it, when Stripe sends it (an
            // unreadable one is simply not there: retrieve it by id).
            payment_intent: detail
                .payment_intent
                .and_then(|intent| serde_json::from_value(intent).ok())
                .map(Box::new),
        }
    } else {
        StripeError::Invalid {
            status: status.as_u16(),
            message,
        }
    }
}

/// An id going into a request's path: Stripe's ids are letters, digits and
/// underscores, and anything else (a token from the browser could be
/// anything) must not reach another path.
fn stripe_id(id: &str) -> Result<&str, StripeError> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(id)
    } else {
        Err(StripeError::Invalid {
            status: 400,
            message: "not a Stripe id".into(),
        })
    }
}

/// reqwest's message names the request; the reason (refused, timed out,
/// certificate) is in its causes.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_key_is_never_in_debug_output() {
        let client = StripeClient::new("https://api.stripe.com/", "sk_test_hidden123").unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("hidden123"));
        assert!(shown.contains("https://api.stripe.com\""));
    }

    #[test]
    fn only_stripe_shaped_ids_go_into_a_path() {
        assert!(stripe_id("pi_3Mtw").is_ok());
        assert!(stripe_id("tok_visa").is_ok());
        for bad in [
            "",
            "../v1/balance",
            "pi_1/cancel",
            "pi 1",
            "pi_1?expand=x",
            "pi_é",
        ] {
            assert!(stripe_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_are_sorted_by_what_can_be_done_about_them() {
        let card = refusal(
            StatusCode::PAYMENT_REQUIRED,
            br#"{"error": {"type": "card_error", "code": "card_declined",
                 "decline_code": "insufficient_funds", "message": "Insufficient funds.",
                 "payment_intent": {"id": "pi_1", "status": "requires_payment_method",
                                    "amount": 100, "currency": "eur"}}}"#,
        );
        match card {
            StripeError::Card {
                code,
                decline_code,
                payment_intent,
                ..
            } => {
                assert_eq!(code.as_deref(), Some("card_declined"));
                assert_eq!(decline_code.as_deref(), Some("insufficient_funds"));
                assert_eq!(payment_intent.unwrap().id, "pi_1");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            refusal(StatusCode::UNAUTHORIZED, b"{}"),
            StripeError::Unauthorized
        ));
        assert!(matches!(
            refusal(StatusCode::BAD_GATEWAY, b"<html>"),
            StripeError::Unavailable(_)
        ));
        assert!(matches!(
            refusal(StatusCode::TOO_MANY_REQUESTS, b""),
            StripeError::Unavailable(_)
        ));
        match refusal(
            StatusCode::NOT_FOUND,
            br#"{"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}"#,
        ) {
            StripeError::Invalid { status, message } => {
                assert_eq!((status, message.as_str()), (404, "No such payment_intent"));
            }
            other => panic!("{other:?}"),
        }
        // localstripe names a decline an invalid request, with status 402.
        assert!(matches!(
            refusal(
                StatusCode::PAYMENT_REQUIRED,
                br#"{"error": {"type": "invalid_request_error", "code": "card_declined"}}"#
            ),
            StripeError::Card { .. }
        ));
    }
}
