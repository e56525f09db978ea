//! The back office's start page: its figures.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The figures on the back office's start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub companies: i64,
    pub individuals: i64,
    pub portal_users: i64,
    pub staff_users: i64,
}

/// Counts of contacts and users.
#[server(endpoint = "admin/summary")]
pub async fn backoffice_summary() -> Result<Summary, AppError> {
    crate::context::authorize::<BackofficeSummary>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::summary(&state.pool).await?)
}
declare_access!(BackofficeSummary: Staff);
