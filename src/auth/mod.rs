//! Accounts and sessions: who is asking, and what they may do.
//!
//! Login is a sequence of states — credentials checked, then (once
//! two-factor lands) a second factor, then a session — never a set of flags.

pub mod api;
pub mod guard;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod devices;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod password_policy;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;

use crate::{domain::Role, i18n::Locale};
use serde::{Deserialize, Serialize};

/// The logged-in user a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub contact_id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub locale: Option<Locale>,
    /// When this session began (Unix seconds, UTC).
    pub signed_in_at: i64,
}
