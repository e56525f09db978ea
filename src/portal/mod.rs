//! The customer portal under `/my`: its frame and home page. Every portal
//! server function is declared `Customer` and reads through the caller's
//! `CustomerScope`.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{AccountPage, AddressesPage, PortalHome, PortalLayout};
