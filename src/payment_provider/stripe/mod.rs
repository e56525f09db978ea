//! Stripe, through a small typed client of our own ([`StripeClient`]):
//! the few calls Portico makes (customers, saved cards, PaymentIntents,
//! SetupIntents, refunds), each answer read into the fields Portico acts
//! on, each refusal into a [`StripeError`]; and the webhooks Stripe sends
//! back ([`webhook`]: the signature checked, the event read).
//!
//! Card numbers never pass through here: the browser gives them to
//! Stripe.js, and Portico only sees the token or method id it makes.
//! Server-only; tested against localstripe (`tests/stripe_client.rs`).

mod client;
mod form;
mod objects;
mod provider;
pub mod webhook;

pub use client::{NewPaymentIntent, StripeClient, STRIPE_VERSION};
pub use objects::{
    brand_of, CardError, ClientSecret, IntentStatus, MethodType, MethodView, PaymentIntent,
    RefundStatus, RefundView, SetupIntent, SetupStatus,
};
pub use provider::StripeProvider;

/// Why a call to Stripe did not do what it asked.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    /// The card (or account) refused the charge; nothing was charged.
    /// `payment_intent` is the intent as it now stands, when Stripe sends it.
    #[error("the payment was refused: {message} (code {code:?}, decline code {decline_code:?})")]
    Card {
        code: Option<String>,
        decline_code: Option<String>,
        message: String,
        payment_intent: Option<Box<PaymentIntent>>,
    },
    /// The secret key is wrong, revoked, or not a secret key.
    #[error("Stripe refused the secret key")]
    Unauthorized,
    /// Stripe refused the request itself (an unknown id, a parameter it
    /// does not take, an idempotency key reused for another request).
    #[error("Stripe refused the request ({status}): {message}")]
    Invalid { status: u16, message: String },
    /// No answer, a timeout, Stripe's own failure (5xx, 429) or an answer
    /// that cannot be read. Whether the request took effect is unknown:
    /// ask again with the same idempotency key, or retrieve the object.
    #[error("Stripe cannot be reached: {0}")]
    Unavailable(String),
}

impl StripeError {
    /// Stripe does not know the object asked for.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Invalid { status: 404, .. })
    }

    /// The message to show the customer (a key of `locales/*/main.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Card {
                code, decline_code, ..
            } => decline_message_id(code.as_deref(), decline_code.as_deref()),
            Self::Unauthorized | Self::Invalid { .. } | Self::Unavailable(_) => {
                "payment-provider-unavailable"
            }
        }
    }
}

/// Stripe's reason for a refusal (`code`, and `decline_code` for a card
/// declined by its bank) as the message the customer reads. Reasons that
/// would help a fraudster test cards (stolen, lost, fraudulent) all read as
/// a plain decline, as Stripe advises.
pub fn decline_message_id(code: Option<&str>, decline_code: Option<&str>) -> &'static str {
    let said = |reason: &str| code == Some(reason) || decline_code == Some(reason);
    if said("insufficient_funds") {
        "payment-insufficient-funds"
    } else if said("expired_card") {
        "payment-card-expired"
    } else if said("incorrect_cvc") || said("invalid_cvc") {
        "payment-incorrect-cvc"
    } else if said("payment_intent_authentication_failure")
        || said("authentication_required")
        || said("setup_intent_authentication_failure")
    {
        "payment-authentication-failed"
    } else {
        "payment-declined"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_reasons_map_to_our_messages() {
        for (code, decline_code, message) in [
            (
                Some("card_declined"),
                Some("insufficient_funds"),
                "payment-insufficient-funds",
            ),
            (
                Some("card_declined"),
                Some("generic_decline"),
                "payment-declined",
            ),
            (Some("card_declined"), None, "payment-declined"),
            (
                Some("card_declined"),
                Some("stolen_card"),
                "payment-declined",
            ),
            (
                Some("card_declined"),
                Some("fraudulent"),
                "payment-declined",
            ),
            (Some("expired_card"), None, "payment-card-expired"),
            (
                Some("card_declined"),
                Some("expired_card"),
                "payment-card-expired",
            ),
            (Some("incorrect_cvc"), None, "payment-incorrect-cvc"),
            (
                Some("card_declined"),
                Some("incorrect_cvc"),
                "payment-incorrect-cvc",
            ),
            (Some("invalid_cvc"), None, "payment-incorrect-cvc"),
            (
                Some("payment_intent_authentication_failure"),
                None,
                "payment-authentication-failed",
            ),
            (
                Some("authentication_required"),
                None,
                "payment-authentication-failed",
            ),
            (
                Some("card_declined"),
                Some("authentication_required"),
                "payment-authentication-failed",
            ),
            (Some("processing_error"), None, "payment-declined"),
            (None, None, "payment-declined"),
        ] {
            assert_eq!(
                decline_message_id(code, decline_code),
                message,
                "{code:?} {decline_code:?}"
            );
        }
    }

    #[test]
    fn only_a_refused_card_says_why() {
        let card = StripeError::Card {
            code: Some("card_declined".into()),
            decline_code: Some("insufficient_funds".into()),
            message: "Your card has insufficient funds.".into(),
            payment_intent: None,
        };
        assert_eq!(card.message_id(), "payment-insufficient-funds");
        for other in [
            StripeError::Unauthorized,
            StripeError::Unavailable("timeout".into()),
            StripeError::Invalid {
                status: 404,
                message: "No such payment_intent".into(),
            },
        ] {
            assert_eq!(other.message_id(), "payment-provider-unavailable");
        }
        assert!(StripeError::Invalid {
            status: 404,
            message: String::new()
        }
        .is_not_found());
        assert!(!StripeError::Unauthorized.is_not_found());
    }
}
