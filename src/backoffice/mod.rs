//! The back office under `/admin`, for staff and administrators: its frame
//! and start page. Each back-office feature (contacts, users, documents…)
//! adds its pages and navigation entries here.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{BackofficeHome, BackofficeLayout};
