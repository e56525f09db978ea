//! The customer portal under `/my`: its frame and home page. Every portal
//! server function is declared `Customer` and reads through the caller's
//! `CustomerScope`.

pub mod api;
pub mod pages;

pub use pages::{PortalHome, PortalLayout};
