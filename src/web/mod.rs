//! The HTTP layer around the Leptos app: the router, the HTML shell, and
//! middleware that each do one thing. It may import any feature; no feature
//! imports it.
//!
//! Order for a request (outermost first): security headers → body limit →
//! client and session → audit of refusals → cross-site refusal → page
//! guard / server-function gate → Leptos (pages, server functions, static
//! files) or a feature's plain route.

pub mod access;
pub mod denials;
pub mod generated;
pub mod hardening;
pub mod health;
pub mod request;
pub mod router;
pub mod shell;

pub use router::{router, MAX_BODY_BYTES};
