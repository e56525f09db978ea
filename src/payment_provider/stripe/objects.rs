//! Stripe's objects as Portico reads them: only the fields it acts on,
//! typed, from the JSON of an answer or of a webhook event. A field Stripe
//! may send as an id or as the whole object (`expand`, and localstripe
//! always sends `latest_charge` whole) is read as its id either way.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The kinds of payment method Portico asks Stripe for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodType {
    Card,
    SepaDebit,
}

impl MethodType {
    /// As Stripe writes it in `payment_method_types`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::SepaDebit => "sepa_debit",
        }
    }
}

/// A PaymentIntent's client secret: lets a browser confirm that one
/// intent, so it is handed to the customer's page and to nobody else, and
/// never written to a log (`Debug` hides it).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(***)")
    }
}

/// Where a PaymentIntent stands
/// (<https://docs.stripe.com/payments/paymentintents/lifecycle>). A status
/// Stripe may add later is not guessed at: the answer is refused as
/// unreadable, and nothing is settled on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    /// The customer must authenticate (3-D Secure) in the browser.
    RequiresAction,
    /// Accepted, the money is on its way (SEPA Direct Debit takes days).
    Processing,
    RequiresCapture,
    Canceled,
    Succeeded,
}

/// Why the last attempt failed, in Stripe's codes
/// (<https://docs.stripe.com/declines/codes>).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct CardError {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub decline_code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    pub status: IntentStatus,
    #[serde(default)]
    pub client_secret: Option<ClientSecret>,
    /// In the currency's minor unit (cents).
    pub amount: i64,
    /// Lower case, as Stripe writes it: `eur`.
    pub currency: String,
    #[serde(default, deserialize_with = "expandable_id")]
    pub customer: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_method: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub latest_charge: Option<String>,
    #[serde(default)]
    pub last_payment_error: Option<CardError>,
    #[serde(default, deserialize_with = "metadata")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    Canceled,
    Succeeded,
}

/// A SetupIntent: the browser confirms it with the customer's card or IBAN
/// (`confirmCardSetup`, `confirmSepaDebitSetup`), which saves the method on
/// the Stripe customer for later payments without them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SetupIntent {
    pub id: String,
    pub status: SetupStatus,
    #[serde(default)]
    pub client_secret: Option<ClientSecret>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub customer: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub last_setup_error: Option<CardError>,
}

/// What may be kept and shown of a saved method: Stripe's id, the kind,
/// and brand, last four, expiry and holder. Never a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodView {
    /// `pm_…`, or `card_…` for a card saved from a token.
    pub id: String,
    pub kind: MethodType,
    /// Portico's brand names: "visa", "mastercard", "amex", "card" (another
    /// network), "sepa".
    pub brand: &'static str,
    /// Of the card number, or of the IBAN.
    pub last4: String,
    /// (month, year); none for SEPA.
    pub expiry: Option<(u32, i32)>,
    pub holder: Option<String>,
    pub customer: Option<String>,
}

/// A card as Stripe answers it: a `card` object (a card saved from a
/// token) or a `payment_method` of type `card` or `sepa_debit`.
#[derive(Deserialize)]
pub(super) struct RawMethod {
    id: String,
    object: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    // A `card` object's own fields.
    #[serde(default)]
    brand: Option<String>,
    #[serde(default)]
    last4: Option<String>,
    #[serde(default)]
    exp_month: Option<u32>,
    #[serde(default)]
    exp_year: Option<i32>,
    #[serde(default)]
    name: Option<String>,
    // A `payment_method`'s.
    #[serde(default)]
    card: Option<RawCard>,
    #[serde(default)]
    sepa_debit: Option<RawSepa>,
    #[serde(default)]
    billing_details: Option<RawBilling>,
    #[serde(default, deserialize_with = "expandable_id")]
    customer: Option<String>,
}

#[derive(Deserialize)]
struct RawCard {
    brand: String,
    last4: String,
    exp_month: u32,
    exp_year: i32,
}

#[derive(Deserialize)]
struct RawSepa {
    last4: String,
}

#[derive(Deserialize)]
struct RawBilling {
    #[serde(default)]
    name: Option<String>,
}

impl RawMethod {
    /// None for a method Portico does not take (another type, or fields
    /// missing).
    pub(super) fn view(self) -> Option<MethodView> {
        let holder_of_payment_method = || {
            self.billing_details
                .as_ref()
                .and_then(|billing| billing.name.clone())
        };
        let (kind, brand, last4, expiry, holder) =
            match (self.object.as_str(), self.kind.as_deref()) {
                ("card", _) => (
                    MethodType::Card,
                    brand_of(self.brand.as_deref()?),
                    self.last4.clone()?,
                    Some((self.exp_month?, self.exp_year?)),
                    self.name.clone(),
                ),
                ("payment_method", Some("card")) => {
                    let card = self.card.as_ref()?;
                    (
                        MethodType::Card,
                        brand_of(&card.brand),
                        card.last4.clone(),
                        Some((card.exp_month, card.exp_year)),
                        holder_of_payment_method(),
                    )
                }
                ("payment_method", Some("sepa_debit")) => (
                    MethodType::SepaDebit,
                    "sepa",
                    self.sepa_debit.as_ref()?.last4.clone(),
                    None,
                    holder_of_payment_method(),
                ),
                _ => return None,
            };
        Some(MethodView {
            id: self.id,
            kind,
            brand,
            last4,
            expiry,
            holder: holder.filter(|name| !name.trim().is_empty()),
            customer: self.customer,
        })
    }
}

/// Stripe names brands two ways: "Visa", "MasterCard", "American Express"
/// on `card` objects, "visa", "mastercard", "amex" on payment methods.
pub fn brand_of(stripe_brand: &str) -> &'static str {
    let squeezed: String = stripe_brand
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match squeezed.as_str() {
        "visa" => "visa",
        "mastercard" => "mastercard",
        "amex" | "americanexpress" => "amex",
        _ => "card",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Pending,
    RequiresAction,
    Succeeded,
    Failed,
    Canceled,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefundView {
    pub id: String,
    pub status: RefundStatus,
    pub amount: i64,
    #[serde(default, deserialize_with = "expandable_id")]
    pub charge: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
}

/// An id, or an expanded object carrying it, or null.
pub(super) fn expandable_id<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IdOrObject {
        Id(String),
        Object { id: String },
    }
    Ok(
        Option::<IdOrObject>::deserialize(deserializer)?.map(|found| match found {
            IdOrObject::Id(id) | IdOrObject::Object { id } => id,
        }),
    )
}

/// Stripe's metadata is text to text; null reads as empty.
fn metadata<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(Option::<BTreeMap<String, String>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_intent_status_stripe_names_is_read() {
        for (text, status) in [
            (
                "requires_payment_method",
                IntentStatus::RequiresPaymentMethod,
            ),
            ("requires_confirmation", IntentStatus::RequiresConfirmation),
            ("requires_action", IntentStatus::RequiresAction),
            ("processing", IntentStatus::Processing),
            ("requires_capture", IntentStatus::RequiresCapture),
            ("canceled", IntentStatus::Canceled),
            ("succeeded", IntentStatus::Succeeded),
        ] {
            assert_eq!(
                serde_json::from_value::<IntentStatus>(json!(text)).unwrap(),
                status
            );
        }
        assert!(serde_json::from_value::<IntentStatus>(json!("requires_source")).is_err());
        assert!(serde_json::from_value::<IntentStatus>(json!("Succeeded")).is_err());
    }

    #[test]
    fn an_intent_reads_the_same_with_its_charge_as_an_id_or_expanded() {
        let by_id = json!({
            "id": "pi_1", "object": "payment_intent", "status": "succeeded",
            "client_secret": "pi_1_secret_x", "amount": 1250, "currency": "eur",
            "customer": "cus_1", "payment_method": "card_1", "latest_charge": "ch_1",
            "last_payment_error": null, "metadata": {"payment": "12"}
        });
        let mut expanded = by_id.clone();
        expanded["latest_charge"] = json!({"id": "ch_1", "object": "charge", "amount": 1250});
        for answer in [by_id, expanded] {
            let intent: PaymentIntent = serde_json::from_value(answer).unwrap();
            assert_eq!(intent.latest_charge.as_deref(), Some("ch_1"));
            assert_eq!(intent.status, IntentStatus::Succeeded);
            assert_eq!(intent.amount, 1250);
            assert_eq!(intent.metadata["payment"], "12");
            assert_eq!(
                intent.client_secret.as_ref().unwrap().expose(),
                "pi_1_secret_x"
            );
        }
    }

    #[test]
    fn a_failed_intent_says_why_and_hides_its_secret_in_logs() {
        let intent: PaymentIntent = serde_json::from_value(json!({
            "id": "pi_2", "status": "requires_payment_method", "client_secret": "pi_2_secret_y",
            "amount": 500, "currency": "eur", "metadata": null,
            "last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds",
                                   "message": "Your card has insufficient funds.", "charge": "ch_2"}
        }))
        .unwrap();
        let error = intent.last_payment_error.clone().unwrap();
        assert_eq!(error.code.as_deref(), Some("card_declined"));
        assert_eq!(error.decline_code.as_deref(), Some("insufficient_funds"));
        assert!(intent.metadata.is_empty());
        assert!(intent.customer.is_none());
        assert!(!format!("{intent:?}").contains("secret_y"));
    }

    #[test]
    fn cards_and_payment_methods_read_as_one_view() {
        let card: RawMethod = serde_json::from_value(json!({
            "id": "card_1", "object": "card", "brand": "American Express", "last4": "0005",
            "exp_month": 4, "exp_year": 2031, "name": "Ana Pop", "customer": "cus_1"
        }))
        .unwrap();
        let card = card.view().unwrap();
        assert_eq!(
            (card.kind, card.brand, card.last4.as_str(), card.expiry),
            (MethodType::Card, "amex", "0005", Some((4, 2031)))
        );
        assert_eq!(card.holder.as_deref(), Some("Ana Pop"));

        let method: RawMethod = serde_json::from_value(json!({
            "id": "pm_1", "object": "payment_method", "type": "card",
            "card": {"brand": "mastercard", "last4": "4444", "exp_month": 12, "exp_year": 2030},
            "billing_details": {"name": ""}, "customer": null
        }))
        .unwrap();
        let method = method.view().unwrap();
        assert_eq!((method.brand, method.holder), ("mastercard", None));

        let sepa: RawMethod = serde_json::from_value(json!({
            "id": "pm_2", "object": "payment_method", "type": "sepa_debit",
            "sepa_debit": {"last4": "3000", "country": "DE"},
            "billing_details": {"name": "Ion Pop"}
        }))
        .unwrap();
        let sepa = sepa.view().unwrap();
        assert_eq!(
            (sepa.kind, sepa.brand, sepa.last4.as_str(), sepa.expiry),
            (MethodType::SepaDebit, "sepa", "3000", None)
        );

        let ideal: RawMethod = serde_json::from_value(json!({
            "id": "pm_3", "object": "payment_method", "type": "ideal"
        }))
        .unwrap();
        assert!(ideal.view().is_none());
    }

    #[test]
    fn brands_map_to_portico_names() {
        for (stripe, ours) in [
            ("Visa", "visa"),
            ("visa", "visa"),
            ("MasterCard", "mastercard"),
            ("mastercard", "mastercard"),
            ("American Express", "amex"),
            ("amex", "amex"),
            ("Discover", "card"),
            ("unionpay", "card"),
            ("", "card"),
        ] {
            assert_eq!(brand_of(stripe), ours, "{stripe}");
        }
    }
}
