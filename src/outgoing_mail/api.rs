//! One line per message, newest first.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// `queued`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPage {
    pub lines: Vec<MailLine>,
    /// The id to pass as `before` for older messages.
    pub older: Option<i64>,
}

pub const STATUSES: [&str; 3] = ["queued", "sent", "failed"];
pub const PAGE_SIZE: i64 = 50;

/// Messages of one status (or all, when `status` is empty), newest first.
#[server(endpoint = "admin/mail/list")]
pub async fn list_mail(status: String, before: Option<i64>) -> Result<MailPage, AppError> {
    crate::context::authorize::<ListMail>()?;
    let status = match status.as_str() {
        "" => None,
        known if STATUSES.contains(&known) => Some(known.to_owned()),
        _ => return Err(AppError::BadRequest),
    };
    let state = crate::context::app_state()?;
    Ok(super::store::list(&state.pool, status.as_deref(), before).await?)
}
declare_access!(ListMail: Staff);

/// Sends a failed message once more; its line follows.
#[server(endpoint = "admin/mail/retry")]
pub async fn retry_mail(id: i64) -> Result<MailLine, AppError> {
    crate::context::authorize::<RetryMail>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::retry(&state.pool, id).await?)
}
declare_access!(RetryMail: Staff);
