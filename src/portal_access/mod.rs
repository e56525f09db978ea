//! Granting and revoking portal access: the back office's dialog with one
//! row per contact, the invitation email and its link, and the page where
//! an invited customer chooses a password (`/invite/{token}`).

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{AccessDialog, InvitationPage};
