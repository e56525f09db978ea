//! Invoices: one kind of document, for the portal and
//! the back office. Its life is `domain::states::InvoiceState`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod print;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{BackofficeInvoicePage, BackofficeInvoicesPage, InvoiceDetails, MyInvoicePage};
