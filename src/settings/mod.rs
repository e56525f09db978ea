//! `/admin/settings` (administrators): the portal's policies and the
//! seller's details printed on documents. Today: whether portal users must
//! use two-factor (staff always must), and the company profile.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::SettingsPage;
