//! The HTTP layer around the Leptos app: each middleware does one thing.
//!
//! Order for a request (outermost first): security headers → body limit →
//! cross-site refusal → client and session → page guard / server-function
//! gate → Leptos (pages, server functions, static files).

pub mod access;
pub mod cookies;
pub mod health;
pub mod request;
pub mod security;

pub use request::request_locale;
