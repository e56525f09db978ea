//! Paying: the customer's saved payment methods (`methods.rs`, made
//! through the payment provider `crate::payment_provider`, which alone
//! sees a card number); paying invoices, quotations and orders
//! (`paying.rs`), the eWallet (`wallet.rs`), a subscription's renewal
//! (`renewal.rs`), refunds (`refunds.rs`), the back office's ledger
//! (`ledger.rs`, `backoffice_api.rs`, `backoffice_pages.rs`), and finishing
//! at start-up what a stop interrupted (`recovery.rs`), and the payment
//! provider's webhooks (`webhooks.rs`); what a form's
//! idempotency key stands for (`idempotency.rs`). All SQL is in
//! `store/`, by subject; payments, top-ups and refunds move through the
//! charge machine (`domain::states::ChargeState`).

pub mod api;
pub mod backoffice_api;
pub mod backoffice_pages;
#[cfg(feature = "ssr")]
pub mod idempotency;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod methods;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod paying;
#[cfg(feature = "ssr")]
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod refunds;
#[cfg(feature = "ssr")]
pub mod renewal;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod wallet;
#[cfg(feature = "ssr")]
pub mod webhooks;

pub use backoffice_pages::BackofficePaymentsPage;
pub use pages::{PayPage, PaymentMethodsPage, SubscriptionRenewalPage, WalletPage};
