//! Documents customers see — quotations, sales orders, invoices,
//! subscriptions, payments received — and the back office that makes them.
//!
//! - `api.rs`: shared types and the portal's server functions (read-only,
//!   each through the caller's scope).
//! - `admin_api.rs`: forms, their checks, and the staff's server functions.
//! - `pages.rs` / `admin_pages.rs`: the portal's and the back office's pages.
//! - `store.rs` (reads), `editing.rs` (the staff's writes and followers'
//!   emails), `routes.rs` + `pdf.rs` (downloads): server only.

pub mod admin_api;
pub mod admin_pages;
pub mod api;
pub mod pages;
pub mod payable;

#[cfg(feature = "ssr")]
pub mod editing;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

pub use admin_pages::{
    AdminInvoicePage, AdminInvoicesPage, AdminOrderPage, AdminOrdersPage, AdminSubscriptionPage,
    AdminSubscriptionsPage,
};
pub use pages::{MyDocumentsPage, MyInvoicePage, MyOrderPage, MySubscriptionPage, OverviewTiles};
pub use payable::PaidDocument;
