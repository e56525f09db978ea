//! The shared types of users.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// A user as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub contact_id: i64,
    /// The contact's name.
    pub name: String,
    /// The email address used to log in (not necessarily the contact's own).
    pub login: String,
    pub role: Role,
    pub revoked: bool,
    /// When the user last logged in (Unix seconds), if ever.
    pub last_login_at: Option<i64>,
}
