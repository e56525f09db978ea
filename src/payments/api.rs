//! The customer's server functions of paying (within the customer's
//! scope): saved payment methods, paying a document, a subscription's
//! renewal, and the eWallet; with the types their pages show.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A saved method as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMethod {
    pub id: i64,
    /// "card" or "sepa_debit".
    pub kind: String,
    /// "visa", "mastercard", "amex", "card" or "sepa".
    pub brand: String,
    pub last4: String,
    /// Month and year, for cards.
    pub expiry: Option<(u32, i32)>,
    pub holder: String,
    pub is_default: bool,
    /// Expires within two months, or has expired.
    pub expires_soon: bool,
    pub expired: bool,
    /// References of the active subscriptions it renews.
    pub renews: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodsView {
    pub methods: Vec<SavedMethod>,
    /// The kinds the company offers, for the Add form.
    pub offered: Vec<String>,
    /// Who moves the money: the demo provider's notice, or no form at all.
    pub payments: crate::domain::PaymentsMode,
}

#[server(endpoint = "my/payment-methods")]
pub async fn my_payment_methods() -> Result<PaymentMethodsView, AppError> {
    let customer = crate::context::authorize::<MyPaymentMethods>()?;
    let state = crate::context::app_state()?;
    let today = chrono::Utc::now().date_naive();
    Ok(PaymentMethodsView {
        methods: super::store::methods::methods(&state.pool, customer.scope, today).await?,
        offered: super::store::methods::offered(&state.pool)
            .await?
            .into_iter()
            .map(|kind| kind.as_str().to_owned())
            .collect(),
        payments: state.payments_mode(),
    })
}
declare_access!(MyPaymentMethods: Customer);

/// The Add form as typed (`method[…]`): a card's fields or an IBAN. The
/// number and CVC go to the provider and nowhere else; `Debug` hides them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewMethodInput {
    pub kind: String,
    pub holder: String,
    pub number: String,
    pub expiry: String,
    pub cvc: String,
    pub iban: String,
    pub make_default: Option<String>,
}

impl std::fmt::Debug for NewMethodInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewMethodInput")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Saves a method: checked and tokenised by the provider, then only the
/// token and what is safe to show are stored. The first method becomes
/// the default.
#[server(endpoint = "my/payment-methods/add")]
pub async fn add_payment_method(method: NewMethodInput) -> Result<(), AppError> {
    let customer = crate::context::authorize::<AddPaymentMethod>()?;
    super::methods::add(&customer, method).await?;
    leptos_axum::redirect("/my/payment-methods?added=1");
    Ok(())
}
declare_access!(AddPaymentMethod: Customer);

/// A method being saved in the browser through the provider's script: the
/// provider's reference and the secret the script confirms it with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodSetup {
    pub setup_id: String,
    pub client_secret: String,
}

/// Starts saving a card or a SEPA mandate with a provider whose script
/// takes the details in the browser (`kind`: "card" or "sepa_debit").
#[server(endpoint = "my/payment-methods/setup")]
pub async fn start_method_setup(kind: String) -> Result<MethodSetup, AppError> {
    let customer = crate::context::authorize::<StartMethodSetup>()?;
    super::methods::start_setup(&customer, &kind).await
}
declare_access!(StartMethodSetup: Customer);

/// Keeps the method a setup made, once the provider says it succeeded and
/// is this customer's.
#[server(endpoint = "my/payment-methods/setup/finish")]
pub async fn finish_method_setup(
    setup_id: String,
    make_default: Option<String>,
) -> Result<(), AppError> {
    let customer = crate::context::authorize::<FinishMethodSetup>()?;
    super::methods::finish_setup(&customer, &setup_id, make_default.is_some()).await?;
    leptos_axum::redirect("/my/payment-methods?added=1");
    Ok(())
}
declare_access!(FinishMethodSetup: Customer);

/// Removes a method, unless it renews an active subscription.
#[server(endpoint = "my/payment-methods/remove")]
pub async fn remove_payment_method(id: i64) -> Result<(), AppError> {
    let customer = crate::context::authorize::<RemovePaymentMethod>()?;
    let state = crate::context::app_state()?;
    super::methods::remove(&state.pool, customer.scope, id).await?;
    leptos_axum::redirect("/my/payment-methods?removed=1");
    Ok(())
}
declare_access!(RemovePaymentMethod: Customer);

#[server(endpoint = "my/payment-methods/default")]
pub async fn make_default_payment_method(id: i64) -> Result<(), AppError> {
    let customer = crate::context::authorize::<MakeDefaultPaymentMethod>()?;
    let state = crate::context::app_state()?;
    super::methods::make_default(&state.pool, customer.scope, id).await?;
    leptos_axum::redirect("/my/payment-methods");
    Ok(())
}
declare_access!(MakeDefaultPaymentMethod: Customer);

pub use crate::documents::PaidDocument;

/// What the pay page needs: the document's amount due, the smallest part
/// the company accepts, the saved methods, and the idempotency key this
/// form carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayPage {
    pub document: PaidDocument,
    pub id: i64,
    /// The invoice's number or the order's reference.
    pub number: String,
    pub currency: crate::domain::Currency,
    pub due: i64,
    /// The smallest part (minor units), unless paying all that is due.
    pub minimum: i64,
    /// The same for every tab showing the document as it is now, so that
    /// two tabs, a double click or a replay charge once; a new one after
    /// each payment.
    pub key: String,
    pub methods: Vec<SavedMethod>,
    pub offers_cards: bool,
    pub payments: crate::domain::PaymentsMode,
    /// The eWallet's balance in the document's currency.
    pub wallet: i64,
}

#[server(endpoint = "my/pay-options")]
pub async fn pay_options(document: PaidDocument, id: i64) -> Result<PayPage, AppError> {
    let customer = crate::context::authorize::<PayOptions>()?;
    super::paying::options(&customer, document, id).await
}
declare_access!(PayOptions: Customer);

/// The pay form as typed (`payment[…]`): the key, the amount, a saved
/// method's id, "wallet" or "new" with a card's fields. `Debug` hides the
/// card.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PayInput {
    pub key: String,
    pub amount: String,
    /// For a top-up only.
    pub currency: String,
    pub method: String,
    pub holder: String,
    pub number: String,
    pub expiry: String,
    pub cvc: String,
    /// A new card as the provider's script in the browser turned it into a
    /// one-time token (Stripe); the number, expiry and CVC then stay empty.
    pub card_token: String,
    pub save: Option<String>,
}

impl std::fmt::Debug for PayInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayInput")
            .field("amount", &self.amount)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// A payment that went through (or the first answer to its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDone {
    pub document: PaidDocument,
    pub id: i64,
    pub payment_id: i64,
    pub amount: i64,
    pub remaining: i64,
}

/// How a payment or a top-up stands once the form was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PayAnswer<T> {
    /// Paid (or the first answer to its key).
    Done(T),
    /// The customer's bank asks them to authenticate (3-D Secure): the
    /// page confirms with the provider's script, then asks `finish_…`.
    Authenticate {
        charge_id: i64,
        client_secret: String,
    },
    /// Accepted; the money arrives later (a SEPA debit).
    InProgress { charge_id: i64 },
}

/// Pays all or part of an invoice, quotation or order, exactly once per key.
#[server(endpoint = "my/pay")]
pub async fn pay_document(
    document: PaidDocument,
    id: i64,
    payment: PayInput,
) -> Result<PayAnswer<PaymentDone>, AppError> {
    let customer = crate::context::authorize::<PayDocument>()?;
    let answer = super::paying::pay(&customer, (document, id), payment).await?;
    if let PayAnswer::Done(done) = &answer {
        leptos_axum::redirect(&format!("{}?paid={}", document.page(id), done.payment_id));
    }
    Ok(answer)
}
declare_access!(PayDocument: Customer);

/// Ends a payment the customer's bank asked them to authenticate: asks
/// the provider how it ended (never the browser) and settles it.
#[server(endpoint = "my/pay/finish")]
pub async fn finish_payment(payment_id: i64) -> Result<PayAnswer<PaymentDone>, AppError> {
    let customer = crate::context::authorize::<FinishPayment>()?;
    let answer = super::paying::finish(&customer, payment_id).await?;
    if let PayAnswer::Done(done) = &answer {
        leptos_axum::redirect(&format!(
            "{}?paid={}",
            done.document.page(done.id),
            done.payment_id
        ));
    }
    Ok(answer)
}
declare_access!(FinishPayment: Customer);

/// What the renewal page shows: the subscription, the method that renews
/// it and the saved methods to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalPage {
    pub id: i64,
    pub reference: String,
    pub plan: String,
    pub state: crate::domain::states::SubscriptionState,
    /// The day the current period ends: when a cancellation takes effect.
    pub period_ends: Option<String>,
    pub method_id: Option<i64>,
    pub methods: Vec<SavedMethod>,
    pub payments: crate::domain::PaymentsMode,
}

#[server(endpoint = "my/subscription/renewal")]
pub async fn subscription_renewal(id: i64) -> Result<RenewalPage, AppError> {
    let customer = crate::context::authorize::<SubscriptionRenewal>()?;
    super::renewal::page(&customer, id).await
}
declare_access!(SubscriptionRenewal: Customer);

/// Chooses the saved method that renews a subscription.
#[server(endpoint = "my/subscription/renewal/method")]
pub async fn set_renewal_method(id: i64, method_id: i64) -> Result<(), AppError> {
    let customer = crate::context::authorize::<SetRenewalMethod>()?;
    super::renewal::set_method(&customer, id, method_id).await?;
    leptos_axum::redirect(&format!("/my/subscriptions/{id}?renewal=changed"));
    Ok(())
}
declare_access!(SetRenewalMethod: Customer);

/// Cancels at the end of the current period (the back office's "cancel").
#[server(endpoint = "my/subscription/cancel")]
pub async fn cancel_my_subscription(id: i64) -> Result<(), AppError> {
    let customer = crate::context::authorize::<CancelMySubscription>()?;
    super::renewal::cancel(&customer, id).await?;
    leptos_axum::redirect(&format!("/my/subscriptions/{id}?renewal=cancelled"));
    Ok(())
}
declare_access!(CancelMySubscription: Customer);

/// One entry of the eWallet's history, with the balance after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletLine {
    pub id: i64,
    pub at: i64,
    /// "top_up", "payment" or "refund".
    pub kind: String,
    pub amount: crate::domain::Money,
    pub balance: crate::domain::Money,
    /// The invoice a payment went to.
    pub invoice: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    /// One per currency used; none before the first top-up.
    pub balances: Vec<crate::domain::Money>,
    /// Newest first.
    pub lines: Vec<WalletLine>,
    /// The Add funds form's idempotency key.
    pub key: String,
    pub methods: Vec<SavedMethod>,
    pub offers_cards: bool,
    pub payments: crate::domain::PaymentsMode,
    /// The most per top-up and per 24 hours, in minor units of the
    /// currency added.
    pub limits: (i64, i64),
}

#[server(endpoint = "my/wallet")]
pub async fn my_wallet() -> Result<WalletView, AppError> {
    let customer = crate::context::authorize::<MyWallet>()?;
    super::wallet::view(&customer).await
}
declare_access!(MyWallet: Customer);

/// The Add funds form as typed (`funds[…]`): the pay form's fields, with
/// the currency to add (an invoice's payment takes the invoice's).
pub type TopUpInput = PayInput;

/// Adds funds to the eWallet through a payment method, once per form key.
#[server(endpoint = "my/wallet/add")]
pub async fn add_funds(funds: TopUpInput) -> Result<PayAnswer<()>, AppError> {
    let customer = crate::context::authorize::<AddFunds>()?;
    let answer = super::wallet::top_up(&customer, funds).await?;
    if answer == PayAnswer::Done(()) {
        leptos_axum::redirect("/my/wallet?added=1");
    }
    Ok(answer)
}
declare_access!(AddFunds: Customer);

/// Ends a top-up the customer's bank asked them to authenticate, from the
/// provider's word.
#[server(endpoint = "my/wallet/finish")]
pub async fn finish_top_up(top_up_id: i64) -> Result<PayAnswer<()>, AppError> {
    let customer = crate::context::authorize::<FinishTopUp>()?;
    let answer = super::wallet::finish(&customer, top_up_id).await?;
    if answer == PayAnswer::Done(()) {
        leptos_axum::redirect("/my/wallet?added=1");
    }
    Ok(answer)
}
declare_access!(FinishTopUp: Customer);
