//! The back office's payments server functions (declared `Staff`): every
//! payment and eWallet entry, filtered by customer, method, state and
//! date, and refunds. Their endpoints stay under `admin/` (bookmarks and
//! tests use them).

use crate::{declare_access, domain::Money, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The ways money arrives, as the filter offers them.
pub const METHODS: [&str; 5] = ["card", "sepa_debit", "ewallet", "bank_transfer", "cash"];
/// A payment's states as the filter offers them ("refunded": all or part).
pub const STATES: [&str; 4] = ["succeeded", "pending", "failed", "refunded"];
/// The kinds of eWallet entry.
pub const WALLET_KINDS: [&str; 3] = ["top_up", "payment", "refund"];

/// What the page asks for, as in its address: every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    /// "wallet" for eWallet entries; payments otherwise.
    pub view: String,
    /// A customer's id, or empty for all.
    pub customer: String,
    /// A payment's method, or an eWallet entry's kind.
    pub method: String,
    pub state: String,
    /// `YYYY-MM-DD`, inclusive, UTC.
    pub from: String,
    pub to: String,
    pub before: Option<i64>,
}

/// The document a payment went to: "invoice" or "order", its id and number.
pub type PaidFor = Option<(String, i64, String)>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: i64,
    pub at: i64,
    pub customer: String,
    pub paid_for: PaidFor,
    pub method: String,
    pub state: crate::domain::states::ChargeState,
    pub amount: Money,
    /// Given back so far (minor units).
    pub refunded: i64,
    /// The provider's or the staff's reference.
    pub reference: String,
    /// Why it failed (a message id).
    pub failure: Option<String>,
    /// What the provider said of it afterwards, if anything.
    pub flag: Option<ProviderFlag>,
}

/// What the payment provider said of a settled payment afterwards (its
/// webhooks): shown as a badge in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderFlag {
    /// Refunded in the provider's dashboard, beyond what Portico refunded.
    RefundedElsewhere,
    /// The cardholder disputed the charge with their bank.
    Disputed,
}

impl ProviderFlag {
    /// As stored in `payments.provider_flag`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefundedElsewhere => "refunded_elsewhere",
            Self::Disputed => "disputed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::RefundedElsewhere, Self::Disputed]
            .into_iter()
            .find(|flag| flag.as_str() == text)
    }

    /// The badge's text (a key of `locales/*/main.ftl`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::RefundedElsewhere => "ledger-flag-refunded-elsewhere",
            Self::Disputed => "ledger-flag-disputed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletRow {
    pub id: i64,
    pub at: i64,
    pub customer: String,
    pub kind: String,
    pub amount: Money,
    pub paid_for: PaidFor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerPage {
    pub payments: Vec<PaymentRow>,
    pub wallet: Vec<WalletRow>,
    /// The cursor of the next (older) page.
    pub older: Option<i64>,
    /// Every customer, for the filter.
    pub customers: Vec<(i64, String)>,
}

#[server(endpoint = "admin/payments")]
pub async fn backoffice_ledger(filter: LedgerFilter) -> Result<LedgerPage, AppError> {
    crate::context::authorize::<BackofficeLedger>()?;
    let state = crate::context::app_state()?;
    super::ledger::page(&state.pool, &filter).await
}
declare_access!(BackofficeLedger: Staff);

/// What the refund dialog needs to know of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundForm {
    pub payment_id: i64,
    pub customer: String,
    pub paid_for: PaidFor,
    pub method: String,
    pub amount: Money,
    /// What may still be given back (minor units).
    pub refundable: i64,
    /// It was charged through the provider, so it can go back that way.
    pub via_provider: bool,
    /// The form's idempotency key.
    pub key: String,
}

#[server(endpoint = "admin/payment/refund-options")]
pub async fn refund_options(payment: i64) -> Result<RefundForm, AppError> {
    crate::context::authorize::<RefundOptions>()?;
    let state = crate::context::app_state()?;
    super::ledger::refund_options(&state.pool, payment).await
}
declare_access!(RefundOptions: Staff);

/// The refund form as typed (`refund[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefundInput {
    pub key: String,
    pub amount: String,
    /// "ewallet" or "provider".
    pub destination: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundDone {
    pub refund_id: i64,
    /// The provider has not answered yet.
    pub pending: bool,
}

/// Refunds all or part of a payment, once per form key.
#[server(endpoint = "admin/payment/refund")]
pub async fn refund_payment(payment: i64, refund: RefundInput) -> Result<RefundDone, AppError> {
    let staff = crate::context::authorize::<RefundPayment>()?;
    let done = super::refunds::refund(staff.user_id, payment, refund).await?;
    leptos_axum::redirect(&format!("/admin/payments?refunded={}", done.refund_id));
    Ok(done)
}
declare_access!(RefundPayment: Staff);
