//! A user's connection preferences. Today the interface language, for
//! anonymous visitors (a cookie) and users (stored with the account);
//! the account-security issue adds the time zone and which emails to get.

pub mod api;
pub mod pages;

pub use pages::LanguageSwitch;
