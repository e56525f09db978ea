//! Paying: the customer's saved payment methods (`/my/payment-methods`),
//! made through the payment provider (`crate::payment_provider`), which
//! alone sees a card number. Paying invoices and orders, the eWallet and
//! refunds build on these.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod paying;
#[cfg(feature = "ssr")]
pub mod renewal;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod wallet;

pub use pages::{PayInvoicePage, PaymentMethodsPage, SubscriptionRenewalPage, WalletPage};
