//! Stripe behind Portico's provider boundary: the browser hands new cards
//! and mandates to Stripe.js (its card becomes a `tok_…`, a setup a saved
//! `pm_…`), the server charges what it was given on the entity's Stripe
//! customer and settles from the PaymentIntent it retrieves.

use super::{
    IntentStatus, MethodType, MethodView, NewPaymentIntent, PaymentIntent, SetupStatus,
    StripeClient, StripeError,
};
use crate::{
    config::StripeSettings,
    domain::{Money, ProviderScript},
    payment_provider::{
        Charge, ChargeRequest, CustomerDetails, MethodDetails, MethodKind, PaymentProvider,
        ProviderFuture, Receipt, Refusal, Setup, Tokenised,
    },
};

pub struct StripeProvider {
    client: StripeClient,
    script: ProviderScript,
}

impl StripeProvider {
    pub fn new(settings: &StripeSettings) -> Result<Self, StripeError> {
        Ok(Self {
            client: StripeClient::new(&settings.api_base, settings.secret_key())?,
            script: ProviderScript {
                url: settings.js_url.clone(),
                publishable_key: settings.publishable_key.clone(),
            },
        })
    }
}

/// Stripe's refusal as the customer hears it.
fn refusal(error: StripeError) -> Refusal {
    match &error {
        StripeError::Card { .. } => match error.message_id() {
            "payment-insufficient-funds" => Refusal::InsufficientFunds,
            "payment-card-expired" => Refusal::ExpiredCard,
            "payment-incorrect-cvc" => Refusal::IncorrectCvc,
            "payment-authentication-failed" => Refusal::AuthenticationFailed,
            _ => Refusal::Declined,
        },
        StripeError::Invalid { status, message } => {
            tracing::warn!(status, message, "Stripe refused a request");
            Refusal::Unavailable
        }
        StripeError::Unauthorized | StripeError::Unavailable(_) => {
            tracing::warn!(%error, "Stripe did not answer");
            Refusal::Unavailable
        }
    }
}

/// What may be kept of a method Stripe describes.
fn tokenised(view: MethodView, holder: &str) -> Tokenised {
    Tokenised {
        token: view.id,
        kind: match view.kind {
            MethodType::Card => MethodKind::Card,
            MethodType::SepaDebit => MethodKind::SepaDebit,
        },
        brand: view.brand.to_owned(),
        last4: view.last4,
        expiry: view.expiry,
        holder: view
            .holder
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| holder.to_owned()),
    }
}

/// Where a PaymentIntent stands, as a charge.
fn charge_of(intent: PaymentIntent) -> Result<Charge, Refusal> {
    let reference = intent.id.clone();
    match intent.status {
        IntentStatus::Succeeded => Ok(Charge::Succeeded(Receipt { reference })),
        IntentStatus::Processing => Ok(Charge::Processing { reference }),
        IntentStatus::RequiresAction | IntentStatus::RequiresConfirmation => {
            match intent.client_secret {
                Some(secret) => Ok(Charge::NeedsAuthentication {
                    reference,
                    client_secret: secret.expose().to_owned(),
                }),
                None => Err(Refusal::Unavailable),
            }
        }
        // Portico captures at once; one held for capture is Stripe's to
        // finish, not a success yet.
        IntentStatus::RequiresCapture => Ok(Charge::Processing { reference }),
        IntentStatus::Canceled => Err(Refusal::AuthenticationFailed),
        IntentStatus::RequiresPaymentMethod => Err(match intent.last_payment_error {
            Some(error) => refusal(StripeError::Card {
                code: error.code,
                decline_code: error.decline_code,
                message: error.message.unwrap_or_default(),
                payment_intent: None,
            }),
            None => Refusal::Declined,
        }),
    }
}

/// The provider's customer, which every Stripe call but a refund needs.
fn customer(customer: Option<&str>) -> Result<&str, Refusal> {
    customer.ok_or(Refusal::Unavailable)
}

impl PaymentProvider for StripeProvider {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn browser(&self) -> Option<ProviderScript> {
        Some(self.script.clone())
    }

    /// Card details never come to the server in Stripe's mode.
    fn tokenise<'a>(
        &'a self,
        _details: &'a MethodDetails,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async { Err(Refusal::Invalid(vec![("method", "error-invalid")])) })
    }

    fn create_customer<'a>(
        &'a self,
        who: CustomerDetails<'a>,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Option<String>, Refusal>> {
        Box::pin(async move {
            self.client
                .create_customer(who.name, who.email, who.id, idempotency_key)
                .await
                .map(Some)
                .map_err(refusal)
        })
    }

    fn adopt<'a>(
        &'a self,
        customer_ref: Option<&'a str>,
        browser_token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async move {
            if !browser_token.starts_with("tok_") {
                return Err(Refusal::Invalid(vec![("method", "pay-card-missing")]));
            }
            let card = self
                .client
                .attach_card_token(customer(customer_ref)?, browser_token)
                .await
                .map_err(refusal)?;
            Ok(tokenised(card, ""))
        })
    }

    fn describe<'a>(
        &'a self,
        _customer: Option<&'a str>,
        token: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async move {
            match self.client.payment_method(token).await.map_err(refusal)? {
                Some(view) => Ok(tokenised(view, "")),
                None => Err(Refusal::Declined),
            }
        })
    }

    fn forget<'a>(
        &'a self,
        customer_ref: Option<&'a str>,
        token: &'a str,
    ) -> ProviderFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            self.client
                .remove_card(customer(customer_ref)?, token)
                .await
                .map_err(refusal)
        })
    }

    fn charge<'a>(
        &'a self,
        request: ChargeRequest<'a>,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>> {
        Box::pin(async move {
            // A saved SEPA mandate is a `pm_…` of type sepa_debit; cards
            // saved from a token are `card_…`.
            let method_type = if request.token.starts_with("pm_") {
                match self.client.payment_method(request.token).await {
                    Ok(Some(view)) => view.kind,
                    Ok(None) => return Err(Refusal::Declined),
                    Err(error) => return Err(refusal(error)),
                }
            } else {
                MethodType::Card
            };
            let metadata: Vec<(&str, &str)> = request
                .metadata
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            let intent = NewPaymentIntent {
                amount: request.money.minor,
                currency: request.money.currency.code(),
                customer: customer(request.customer)?,
                payment_method: request.token,
                method_type,
                off_session: !request.customer_present,
                metadata: &metadata,
            };
            match self
                .client
                .create_payment_intent(&intent, request.idempotency_key)
                .await
            {
                Ok(intent) => charge_of(intent),
                Err(error) => Err(refusal(error)),
            }
        })
    }

    fn charge_status<'a>(
        &'a self,
        reference: &'a str,
    ) -> ProviderFuture<'a, Result<Charge, Refusal>> {
        Box::pin(async move {
            match self.client.payment_intent(reference).await {
                Ok(intent) => charge_of(intent),
                Err(error) => Err(refusal(error)),
            }
        })
    }

    fn cancel<'a>(&'a self, reference: &'a str) -> ProviderFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            self.client
                .cancel_payment_intent(reference)
                .await
                .map(|_| ())
                .map_err(refusal)
        })
    }

    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Receipt, Refusal>> {
        Box::pin(async move {
            let refund = self
                .client
                .create_refund(charge, amount.minor, idempotency_key)
                .await
                .map_err(refusal)?;
            match refund.status {
                super::RefundStatus::Failed | super::RefundStatus::Canceled => {
                    Err(Refusal::Declined)
                }
                _ => Ok(Receipt {
                    reference: refund.id,
                }),
            }
        })
    }

    fn start_setup<'a>(
        &'a self,
        customer_ref: Option<&'a str>,
        kind: MethodKind,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Result<Setup, Refusal>> {
        Box::pin(async move {
            let kind = match kind {
                MethodKind::Card => MethodType::Card,
                MethodKind::SepaDebit => MethodType::SepaDebit,
            };
            let setup = self
                .client
                .create_setup_intent(customer(customer_ref)?, kind, idempotency_key)
                .await
                .map_err(refusal)?;
            let client_secret = setup.client_secret.ok_or(Refusal::Unavailable)?;
            Ok(Setup {
                reference: setup.id,
                client_secret: client_secret.expose().to_owned(),
            })
        })
    }

    fn finish_setup<'a>(
        &'a self,
        customer_ref: Option<&'a str>,
        reference: &'a str,
    ) -> ProviderFuture<'a, Result<Tokenised, Refusal>> {
        Box::pin(async move {
            let setup = self.client.setup_intent(reference).await.map_err(refusal)?;
            // Another customer's setup is not this one's to keep.
            if setup.customer.as_deref() != Some(customer(customer_ref)?) {
                return Err(Refusal::Invalid(vec![("method", "error-invalid")]));
            }
            if setup.status != SetupStatus::Succeeded {
                return Err(match setup.last_setup_error {
                    Some(error) => refusal(StripeError::Card {
                        code: error.code,
                        decline_code: error.decline_code,
                        message: error.message.unwrap_or_default(),
                        payment_intent: None,
                    }),
                    None => Refusal::AuthenticationFailed,
                });
            }
            let method = setup.payment_method.ok_or(Refusal::Declined)?;
            match self.client.payment_method(&method).await.map_err(refusal)? {
                Some(view) => Ok(tokenised(view, "")),
                None => Err(Refusal::Declined),
            }
        })
    }
}
