//! Paying: the customer's saved payment methods (`/my/payment-methods`),
//! made through the payment provider (`crate::payment_provider`), which
//! alone sees a card number; paying invoices, quotations and orders
//! (`paying.rs`), the eWallet (`wallet.rs`), refunds (`refunds.rs`), the
//! back office's ledger (`ledger.rs`), and finishing at start-up what a
//! stop interrupted (`recovery.rs`).

pub mod admin_api;
pub mod admin_pages;
pub mod api;
#[cfg(feature = "ssr")]
pub mod ledger;
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

pub use admin_pages::AdminPaymentsPage;
pub use pages::{PayPage, PaymentMethodsPage, SubscriptionRenewalPage, WalletPage};
