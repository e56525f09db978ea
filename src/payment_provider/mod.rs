//! The boundary to whoever moves the money. Everything else in Portico
//! calls [`PaymentProvider`]: turn a method's details into a token, charge
//! a token, refund a charge. Only the token and what is safe to show (kind,
//! brand, last four digits, expiry, holder) are ever kept: a card number or
//! a CVC goes no further than the provider call that reads it.
//!
//! [`demo::DemoProvider`] is chosen by `serve --demo` or
//! `PORTICO_PAYMENT_PROVIDER=demo`, so that a demonstration can pay with no
//! account anywhere; unset, there is no provider and the pay forms say so.
//! A real provider implements the same trait and is chosen in `startup.rs`
//! (see the README, *Payments*); its webhooks
//! would enter through a route of its own beside the PDF routes.
//! Server-only (layer 2, beside the mail transport).

pub mod card;
pub mod demo;
#[cfg(feature = "ssr")]
pub mod stripe;

use crate::domain::Money;
use std::{future::Future, pin::Pin};

/// What a provider call gives back, boxed so that the provider can be
/// chosen at start-up (`Arc<dyn PaymentProvider>`).
pub type ProviderFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The kinds of payment method Portico knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    Card,
    SepaDebit,
}

impl MethodKind {
    pub const ALL: [Self; 2] = [Self::Card, Self::SepaDebit];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::SepaDebit => "sepa_debit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A method as the customer typed it. Never stored, never logged: `Debug`
/// shows no digits.
pub enum MethodDetails {
    Card {
        holder: String,
        number: String,
        expiry: String,
        cvc: String,
    },
    SepaDebit {
        holder: String,
        iban: String,
    },
}

impl std::fmt::Debug for MethodDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Card { .. } => f.write_str("MethodDetails::Card(***)"),
            Self::SepaDebit { .. } => f.write_str("MethodDetails::SepaDebit(***)"),
        }
    }
}

/// What may be kept of a method: the provider's token and what is safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokenised {
    pub token: String,
    pub kind: MethodKind,
    /// "visa", "mastercard", "amex", "card" (another network) or "sepa".
    pub brand: String,
    pub last4: String,
    pub expiry: Option<(u32, i32)>,
    pub holder: String,
}

/// A charge or refund the provider accepted, by its own reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
}

/// Why a provider said no. Field refusals name the form's field and the
/// message id, like every other form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Invalid(Vec<(&'static str, &'static str)>),
    Declined,
    InsufficientFunds,
    /// No answer in time: the charge may or may not have happened; the
    /// caller records nothing and says so.
    TimedOut,
}

impl Refusal {
    /// The refusal as the form shows it: field refusals on their fields,
    /// the provider's answer on `field` (the method, or the card number).
    pub fn into_app_error(self, field: &'static str) -> crate::error::AppError {
        use crate::error::{AppError, FieldError};
        match self {
            Self::Invalid(fields) => AppError::Invalid(
                fields
                    .into_iter()
                    .map(|(field, message)| FieldError::new(field, message))
                    .collect(),
            ),
            other => AppError::invalid(field, other.message_id()),
        }
    }

    /// The translation id of what the customer is told.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "error-invalid",
            Self::Declined => "payment-declined",
            Self::InsufficientFunds => "payment-insufficient-funds",
            Self::TimedOut => "payment-timed-out",
        }
    }
}

pub trait PaymentProvider: Send + Sync {
    /// The name stored with each token, so that a token is only ever sent
    /// back to the provider that made it.
    fn name(&self) -> &'static str;

    /// Checks a method's details and turns them into a reusable token.
    fn tokenise<'a>(
        &'a self,
        details: &'a MethodDetails,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>>;

    /// Charges `amount` to `token`; the same `idempotency_key` never
    /// charges twice.
    fn charge<'a>(
        &'a self,
        token: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Receipt, Refusal>>;

    /// Gives back `amount` of an earlier charge; the same
    /// `idempotency_key` never refunds twice.
    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Receipt, Refusal>>;
}
