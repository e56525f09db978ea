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

use crate::domain::{Money, ProviderScript};
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

/// What a charge asks of the provider.
#[derive(Debug, Clone, Copy)]
pub struct ChargeRequest<'a> {
    /// The method's token: a saved method's, or a new card's.
    pub token: &'a str,
    pub money: &'a Money,
    /// The provider's own record of the customer (`provider_customer`),
    /// for providers that keep one.
    pub customer: Option<&'a str>,
    /// Portico's key: the same key never charges twice.
    pub idempotency_key: &'a str,
    /// What is paid, as the provider's dashboard shows it and as its
    /// webhooks name it back: `portico_payment`, `portico_top_up`, the
    /// document's number.
    pub metadata: &'a [(&'a str, String)],
    /// The customer is on the page and can answer their bank (3-D Secure);
    /// a charge nobody waits for (recovery) is made off-session.
    pub customer_present: bool,
}

/// Where a charge stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charge {
    Succeeded(Receipt),
    /// The customer's bank asks them to authenticate: the browser confirms
    /// the charge with the provider's script and `client_secret`, then
    /// Portico asks the provider how it ended.
    NeedsAuthentication {
        reference: String,
        client_secret: String,
    },
    /// Accepted; the money arrives later (a SEPA debit): a webhook settles it.
    Processing {
        reference: String,
    },
}

impl Charge {
    pub fn reference(&self) -> &str {
        match self {
            Self::Succeeded(receipt) => &receipt.reference,
            Self::NeedsAuthentication { reference, .. } | Self::Processing { reference } => {
                reference
            }
        }
    }
}

/// A method being saved in the browser: the provider's reference and the
/// secret its script confirms it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub reference: String,
    pub client_secret: String,
}

/// Who a provider's customer record is made for.
#[derive(Debug, Clone, Copy)]
pub struct CustomerDetails<'a> {
    /// The commercial entity's id in Portico.
    pub id: i64,
    pub name: &'a str,
    pub email: Option<&'a str>,
}

/// Why a provider said no. Field refusals name the form's field and the
/// message id, like every other form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Invalid(Vec<(&'static str, &'static str)>),
    Declined,
    InsufficientFunds,
    ExpiredCard,
    IncorrectCvc,
    /// The customer's bank asked for authentication and it failed or was
    /// cancelled: nothing was charged.
    AuthenticationFailed,
    /// No answer in time: the charge may or may not have happened; the
    /// caller records nothing and says so.
    TimedOut,
    /// The provider could not be reached or answered an error of its own:
    /// whether a charge happened is not known yet, so the payment stays
    /// pending until the provider says (webhook, recovery).
    Unavailable,
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
            Self::ExpiredCard => "payment-card-expired",
            Self::IncorrectCvc => "payment-incorrect-cvc",
            Self::AuthenticationFailed => "payment-authentication-failed",
            Self::TimedOut => "payment-timed-out",
            Self::Unavailable => "payment-provider-unavailable",
        }
    }

    /// The refusal a stored failure (`message_id`) stands for, to answer
    /// a replayed form as the first time.
    pub fn from_message_id(id: &str) -> Self {
        [
            Self::InsufficientFunds,
            Self::ExpiredCard,
            Self::IncorrectCvc,
            Self::AuthenticationFailed,
            Self::TimedOut,
            Self::Unavailable,
        ]
        .into_iter()
        .find(|refusal| refusal.message_id() == id)
        .unwrap_or(Self::Declined)
    }
}

pub trait PaymentProvider: Send + Sync {
    /// The name stored with each token, so that a token is only ever sent
    /// back to the provider that made it.
    fn name(&self) -> &'static str;

    /// `Some` when new methods are typed into the provider's own fields in
    /// the browser (the server only ever sees a token); `None` when the
    /// server takes the details (the demo).
    fn browser(&self) -> Option<ProviderScript>;

    /// Checks a method's details and turns them into a reusable token
    /// (only a provider without [`Self::browser`]).
    fn tokenise<'a>(
        &'a self,
        details: &'a MethodDetails,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>>;

    /// Makes the provider's record of a customer; `None` for a provider
    /// that keeps none. Called once per customer, under `idempotency_key`.
    fn create_customer<'a>(
        &'a self,
        customer: CustomerDetails<'a>,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Option<String>, Refusal>>;

    /// Takes a card the browser handed to the provider's script (its
    /// one-time token) onto the customer's record, chargeable.
    fn adopt<'a>(
        &'a self,
        customer: Option<&'a str>,
        browser_token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>>;

    /// What may be shown of a token adopted earlier (to keep a card once
    /// a charge that needed authentication succeeded).
    fn describe<'a>(
        &'a self,
        customer: Option<&'a str>,
        token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>>;

    /// Lets go of an adopted card the customer did not ask to keep.
    fn forget<'a>(
        &'a self,
        customer: Option<&'a str>,
        token: &'a str,
    ) -> ProviderFuture<'a, Result<(), Refusal>>;

    /// Charges a token; the same `idempotency_key` never charges twice.
    fn charge<'a>(
        &'a self,
        request: ChargeRequest<'a>,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>>;

    /// Where the charge `reference` stands now, as the provider knows it
    /// (never the browser's word): after the browser confirmed it, and at
    /// start-up for a charge a stop interrupted.
    fn charge_status<'a>(
        &'a self,
        reference: &'a str,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>>;

    /// Gives up a charge that never completed, so that it can't complete
    /// later.
    fn cancel<'a>(&'a self, reference: &'a str) -> ProviderFuture<'a, Result<(), Refusal>>;

    /// Gives back `amount` of an earlier charge; the same
    /// `idempotency_key` never refunds twice.
    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Receipt, Refusal>>;

    /// Starts saving a method in the browser (a provider with
    /// [`Self::browser`]).
    fn start_setup<'a>(
        &'a self,
        customer: Option<&'a str>,
        kind: MethodKind,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Setup, Refusal>>;

    /// The method a setup the browser confirmed made, when it is
    /// `customer`'s and succeeded.
    fn finish_setup<'a>(
        &'a self,
        customer: Option<&'a str>,
        reference: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>>;
}
