//! A user's connection preferences: the interface language (for anonymous
//! visitors a cookie, for users stored with the account), the time zone
//! every date is shown in, and which optional emails to get (security
//! notices are not optional).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{LanguageSwitch, PreferencesCard};
