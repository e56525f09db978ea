//! Quotations and sales orders: one kind of document, for the portal and
//! the back office. Its life is `domain::states::OrderState`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod print;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{BackofficeOrderPage, BackofficeOrdersPage, MyOrderPage, OrderDetails};
