//! Contacts: companies and the people who work for them; the back office's
//! contact list and form.
//!
//! A contact's *commercial entity* is itself, or the company it belongs to:
//! what a customer may see is scoped by it (`store::commercial_entity_of`,
//! `access::CustomerScope`).

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod store;

pub use api::{ContactDetails, ContactDraft, ContactInput, ContactKind};
pub use pages::{ContactPage, ContactsPage};
