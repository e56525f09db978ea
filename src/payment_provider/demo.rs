//! The built-in demo provider: checks cards and IBANs like a real one, and
//! answers like one for documented test numbers (README, *Payments*):
//!
//! | card number         | a charge                     |
//! |---------------------|------------------------------|
//! | 4242 4242 4242 4242 | succeeds (as any other valid number) |
//! | 4000 0000 0000 0002 | is declined                  |
//! | 4000 0000 0000 9995 | fails for lack of funds      |
//! | 4000 0000 0000 0119 | times out                    |
//!
//! A valid IBAN always succeeds. The answer a token gets is written into
//! the token itself, so the demo keeps no state of its own and any instance
//! answers alike.

use super::{
    card::{check_card, check_sepa},
    Charge, ChargeRequest, CustomerDetails, MethodDetails, MethodKind, PaymentProvider,
    ProviderFuture, Receipt, Refusal, Setup, Tokenised,
};
use crate::domain::Money;
use rand::RngCore;

pub const DECLINED: &str = "4000000000000002";
pub const NO_FUNDS: &str = "4000000000009995";
pub const TIMES_OUT: &str = "4000000000000119";

#[derive(Debug, Default)]
pub struct DemoProvider {
    /// How long a charge takes to answer (none by default).
    pub delay: std::time::Duration,
}

fn random_part() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// How a token made from `digits` answers charges.
fn behaviour(digits: &str) -> &'static str {
    match digits {
        DECLINED => "declined",
        NO_FUNDS => "nofunds",
        TIMES_OUT => "timeout",
        _ => "ok",
    }
}

impl PaymentProvider for DemoProvider {
    fn name(&self) -> &'static str {
        "demo"
    }

    /// The demo's forms post the test numbers to the server.
    fn browser(&self) -> Option<crate::domain::ProviderScript> {
        None
    }

    fn create_customer<'a>(
        &'a self,
        _customer: CustomerDetails<'a>,
        _idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Option<String>, Refusal>> {
        Box::pin(async { Ok(None) })
    }

    fn adopt<'a>(
        &'a self,
        _customer: Option<&'a str>,
        _browser_token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async { Err(no_browser_part()) })
    }

    fn describe<'a>(
        &'a self,
        _customer: Option<&'a str>,
        _token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async { Err(no_browser_part()) })
    }

    fn forget<'a>(
        &'a self,
        _customer: Option<&'a str>,
        _token: &'a str,
    ) -> ProviderFuture<'a, Result<(), Refusal>> {
        Box::pin(async { Ok(()) })
    }

    /// A demo charge is final when it answers: it never asks for
    /// authentication, so a reference it gave stands for a success.
    fn charge_status<'a>(
        &'a self,
        reference: &'a str,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>> {
        Box::pin(async move {
            if reference.starts_with("demo_ch_") {
                Ok(Charge::Succeeded(Receipt {
                    reference: reference.to_owned(),
                }))
            } else {
                Err(Refusal::Declined)
            }
        })
    }

    fn cancel<'a>(&'a self, _reference: &'a str) -> ProviderFuture<'a, Result<(), Refusal>> {
        Box::pin(async { Ok(()) })
    }

    fn start_setup<'a>(
        &'a self,
        _customer: Option<&'a str>,
        _kind: MethodKind,
        _idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Setup, Refusal>> {
        Box::pin(async { Err(no_browser_part()) })
    }

    fn finish_setup<'a>(
        &'a self,
        _customer: Option<&'a str>,
        _reference: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async { Err(no_browser_part()) })
    }

    fn tokenise<'a>(
        &'a self,
        details: &'a MethodDetails,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async move {
            match details {
                MethodDetails::Card {
                    holder,
                    number,
                    expiry,
                    cvc,
                } => {
                    let today = chrono::Utc::now().date_naive();
                    let card =
                        check_card(holder, number, expiry, cvc, today).map_err(Refusal::Invalid)?;
                    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
                    Ok(Tokenised {
                        token: format!("demo_card_{}_{}", behaviour(&digits), random_part()),
                        kind: MethodKind::Card,
                        brand: card.brand.to_owned(),
                        last4: card.last4,
                        expiry: Some(card.expiry),
                        holder: card.holder,
                    })
                }
                MethodDetails::SepaDebit { holder, iban } => {
                    let (holder, last4) = check_sepa(holder, iban).map_err(Refusal::Invalid)?;
                    Ok(Tokenised {
                        token: format!("demo_sepa_ok_{}", random_part()),
                        kind: MethodKind::SepaDebit,
                        brand: "sepa".to_owned(),
                        last4,
                        expiry: None,
                        holder,
                    })
                }
            }
        })
    }

    fn charge<'a>(
        &'a self,
        request: ChargeRequest<'a>,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>> {
        let (token, idempotency_key) = (request.token, request.idempotency_key);
        Box::pin(async move {
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            let answer = token.split('_').nth(2).unwrap_or_default();
            match answer {
                "ok" => Ok(Charge::Succeeded(Receipt {
                    // The same key gives the same reference: a repeat is the same charge.
                    reference: format!(
                        "demo_ch_{}",
                        &hex::encode(sha2_digest(idempotency_key))[..24]
                    ),
                })),
                "declined" => Err(Refusal::Declined),
                "nofunds" => Err(Refusal::InsufficientFunds),
                "timeout" => Err(Refusal::TimedOut),
                _ => Err(Refusal::Declined),
            }
        })
    }

    fn refund<'a>(
        &'a self,
        charge: &'a str,
        _amount: &'a Money,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Receipt, Refusal>> {
        Box::pin(async move {
            if !charge.starts_with("demo_ch_") {
                return Err(Refusal::Declined);
            }
            Ok(Receipt {
                reference: format!(
                    "demo_re_{}",
                    &hex::encode(sha2_digest(idempotency_key))[..24]
                ),
            })
        })
    }
}

/// What the demo answers a browser-side call it has no part for: its
/// forms take the details on the server.
fn no_browser_part() -> Refusal {
    Refusal::Invalid(vec![("method", "error-invalid")])
}

fn sha2_digest(text: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn card(number: &str) -> MethodDetails {
        MethodDetails::Card {
            holder: "Maria Popescu".into(),
            number: number.into(),
            expiry: "12/35".into(),
            cvc: "123".into(),
        }
    }

    fn request<'a>(token: &'a str, money: &'a Money, key: &'a str) -> ChargeRequest<'a> {
        ChargeRequest {
            token,
            money,
            customer: None,
            idempotency_key: key,
            metadata: &[],
            customer_present: true,
        }
    }

    #[tokio::test]
    async fn test_numbers_answer_as_documented() {
        let provider = DemoProvider::default();
        let amount = Money {
            minor: 1000,
            currency: Currency::Ron,
        };
        let mut answers = Vec::new();
        for number in ["4242 4242 4242 4242", DECLINED, NO_FUNDS, TIMES_OUT] {
            let saved = provider.tokenise(&card(number)).await.expect("tokenised");
            assert!(
                !saved.token.contains(&number.replace(' ', "")[..12]),
                "no number in the token"
            );
            answers.push(
                provider
                    .charge(request(&saved.token, &amount, "key-1"))
                    .await
                    .map(|_| ()),
            );
        }
        assert_eq!(
            answers,
            vec![
                Ok(()),
                Err(Refusal::Declined),
                Err(Refusal::InsufficientFunds),
                Err(Refusal::TimedOut)
            ]
        );
        let saved = provider
            .tokenise(&card("4242424242424242"))
            .await
            .expect("tokenised");
        assert_eq!(
            provider
                .charge(request(&saved.token, &amount, "same key"))
                .await,
            provider
                .charge(request(&saved.token, &amount, "same key"))
                .await,
            "one key, one charge"
        );
        assert!(matches!(
            provider.tokenise(&card("4242424242424241")).await,
            Err(Refusal::Invalid(_))
        ));
        let sepa = MethodDetails::SepaDebit {
            holder: "Norte".into(),
            iban: "ES9121000418450200051332".into(),
        };
        let saved = provider.tokenise(&sepa).await.expect("tokenised");
        assert_eq!(
            (saved.brand.as_str(), saved.last4.as_str(), saved.expiry),
            ("sepa", "1332", None)
        );
        assert!(
            format!("{sepa:?}").find("2100").is_none(),
            "Debug shows no digits"
        );
    }
}
