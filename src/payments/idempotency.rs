//! What a form's idempotency key stands for: one request. Sent again with
//! the same content, the key answers the first result (a double click, a
//! retry, a replayed form); sent with other content (another amount,
//! document, currency, method or destination), it is refused with 422 and
//! nothing is written, rather than answered with a result that is not what
//! was asked. Payments, eWallet top-ups and refunds all follow this one
//! rule, [`same_request`].
//!
//! The content is kept beside the key as a [`Fingerprint`]: the SHA-256 of
//! the request's meaningful fields, in one canonical form (amounts in minor
//! units, so "10" and "10.00" are one request). A new card's number is not
//! part of it: no digest of card data is kept.

use super::api::PaidDocument;
use crate::{
    domain::{Currency, Money},
    error::AppError,
};
use sha2::{Digest, Sha256};

/// The digest of what a request asked, as stored beside its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// Each field as `name:length:value` on a line of its own, so that no
    /// value can pass for another field or run into the next one.
    fn of(kind: &str, fields: &[(&str, &str)]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(kind.as_bytes());
        for (name, value) in fields {
            hasher.update(format!("\n{name}:{}:{value}", value.len()).as_bytes());
        }
        Self(hex::encode(hasher.finalize()))
    }

    /// Paying `money` on a document with `method` as the form sends it
    /// (a saved method's id, "new" or "wallet").
    pub fn payment((document, id): (PaidDocument, i64), money: &Money, method: &str) -> Self {
        Self::of(
            "payment",
            &[
                ("document", document.as_str()),
                ("id", &id.to_string()),
                ("amount", &money.minor.to_string()),
                ("currency", money.currency.code()),
                ("method", method.trim()),
            ],
        )
    }

    /// Adding `money` to the eWallet with `method`.
    pub fn top_up(money: &Money, method: &str) -> Self {
        Self::of(
            "top-up",
            &[
                ("amount", &money.minor.to_string()),
                ("currency", money.currency.code()),
                ("method", method.trim()),
            ],
        )
    }

    /// Giving `money` of a payment back to `destination`. The reason is a
    /// note beside the money, not part of what is asked.
    pub fn refund(payment_id: i64, money: &Money, destination: &str) -> Self {
        Self::of(
            "refund",
            &[
                ("payment", &payment_id.to_string()),
                ("amount", &money.minor.to_string()),
                ("currency", money.currency.code()),
                ("destination", destination.trim()),
            ],
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The amount a form sent, read in `currency` (the one of the request
/// already under its key); `None` when it is no amount at all.
pub fn asked_money(amount: &str, currency: Currency) -> Option<Money> {
    crate::domain::totals::parse_decimal(amount, currency.minor_digits())
        .map(|minor| Money::new(minor, currency))
}

/// Whether a key already used may answer this request with its first
/// result: only when it asks the same (`asked` is `None` when the request
/// could not even be read as one). A key written before fingerprints were
/// kept has none and is taken at its word, as it was then.
pub fn same_request(stored: Option<&str>, asked: Option<&Fingerprint>) -> Result<(), AppError> {
    match (stored, asked) {
        (None, _) => Ok(()),
        (Some(stored), Some(asked)) if stored == asked.as_str() => Ok(()),
        (Some(_), _) => Err(AppError::invalid("amount", "payment-key-reused")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::parse("EUR").expect("a currency"))
    }

    #[test]
    fn the_same_request_written_differently_has_one_fingerprint() {
        let eur_digits = Currency::parse("EUR").expect("a currency");
        assert_eq!(
            asked_money("10", eur_digits),
            asked_money(" 10.00 ", eur_digits)
        );
        assert_eq!(
            Fingerprint::top_up(&eur(1_000), "new"),
            Fingerprint::top_up(&eur(1_000), " new ")
        );
    }

    #[test]
    fn every_meaningful_field_changes_the_fingerprint() {
        let invoice = (PaidDocument::Invoice, 7);
        let first = Fingerprint::payment(invoice, &eur(1_000), "3");
        assert_ne!(first, Fingerprint::payment(invoice, &eur(1_001), "3"));
        assert_ne!(first, Fingerprint::payment(invoice, &eur(1_000), "4"));
        assert_ne!(
            first,
            Fingerprint::payment((PaidDocument::Order, 7), &eur(1_000), "3")
        );
        assert_ne!(
            first,
            Fingerprint::payment(
                invoice,
                &Money::new(1_000, Currency::parse("RON").expect("a currency")),
                "3"
            )
        );
        assert_ne!(
            Fingerprint::refund(7, &eur(500), "ewallet"),
            Fingerprint::refund(7, &eur(500), "provider")
        );
        assert_ne!(
            Fingerprint::refund(7, &eur(500), "ewallet"),
            Fingerprint::top_up(&eur(500), "ewallet"),
            "the kind of request is part of it"
        );
    }

    #[test]
    fn a_key_answers_again_only_for_the_same_request() {
        let asked = Fingerprint::top_up(&eur(1_000), "new");
        let other = Fingerprint::top_up(&eur(2_000), "new");
        assert_eq!(same_request(Some(asked.as_str()), Some(&asked)), Ok(()));
        assert_eq!(
            same_request(Some(asked.as_str()), Some(&other)),
            Err(AppError::invalid("amount", "payment-key-reused"))
        );
        assert!(same_request(Some(asked.as_str()), None).is_err());
        assert_eq!(same_request(None, Some(&other)), Ok(()), "an older row");
    }
}
