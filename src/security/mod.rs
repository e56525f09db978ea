//! Account security: the signed-in user's active sessions (log out one, or
//! all the others) and recent sign-ins, at `/my/security` for customers and
//! `/admin/security` for staff; changing the password
//! (`password_change.rs`); turning two-factor authentication on (QR code,
//! recovery codes) and off (`two_factor_setup.rs`); adding and removing
//! passkeys (`passkey_setup.rs`, the card in `passkeys_card.rs`). How a password is
//! hashed and a code checked is `auth`'s; this page only changes them.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod passkey_setup;
mod passkeys_card;
#[cfg(feature = "ssr")]
mod password_change;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod two_factor_setup;

pub use pages::SecurityPage;
