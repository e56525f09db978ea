//! Audit lines and their filters.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    /// The login of who did it, when someone signed in did.
    pub actor: Option<String>,
    /// The login of whom it concerned.
    pub subject: Option<String>,
    pub client_ip: Option<String>,
    /// What the entry recorded beside its kind (what was asked and why, a
    /// document's number, a setting's name), as written, untranslated.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    pub older: Option<i64>,
}

/// The events the log records, as stored; each has a translated name
/// `audit-<kind>`.
pub const KINDS: [&str; 26] = [
    "login_succeeded",
    "login_failed",
    "login_throttled",
    "two_factor_limited",
    "two_factor_replayed",
    "logged_out",
    "user_created",
    "access_granted",
    "access_revoked",
    "reinvited",
    "invitation_accepted",
    "login_changed",
    "password_changed",
    "payment_recorded",
    "password_reset_requested",
    "password_reset",
    "two_factor_enabled",
    "two_factor_disabled",
    "settings_changed",
    "refund_recorded",
    "access_denied",
    "passkey_added",
    "passkey_removed",
    "passkey_used",
    "payment_refunded_elsewhere",
    "payment_disputed",
];

pub const PAGE_SIZE: i64 = 50;

/// What the page asks for: every part optional (empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub kind: String,
    /// The start of the login of the user concerned (or who acted).
    pub user: String,
    /// `YYYY-MM-DD`, inclusive, UTC.
    pub from: String,
    pub to: String,
    pub before: Option<i64>,
}

/// Reads `YYYY-MM-DD` as the Unix second it starts (UTC).
pub fn day_start(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|start| Some(start.and_utc().timestamp()))
        .ok_or_else(|| AppError::invalid("from", "error-malformed"))
}

#[server(endpoint = "admin/audit/list")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    crate::context::authorize::<ListAudit>()?;
    if !filter.kind.is_empty() && !KINDS.contains(&filter.kind.as_str()) {
        return Err(AppError::BadRequest);
    }
    let from = day_start(&filter.from)?;
    let to = day_start(&filter.to)
        .map_err(|_| AppError::invalid("to", "error-malformed"))?
        .map(|start| start + 86_400);
    let state = crate::context::app_state()?;
    Ok(super::store::list(&state.pool, &filter, from, to).await?)
}
declare_access!(ListAudit: Administrator);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_utc_midnights() {
        assert_eq!(day_start("").unwrap(), None);
        assert_eq!(day_start("2026-11-24").unwrap(), Some(1_795_478_400));
        assert!(day_start("24.11.2026").is_err());
        assert!(day_start("2026-02-30").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_recorded_event_can_be_filtered_by() {
        let recorded: Vec<&str> = crate::audit::AuditKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(recorded, KINDS);
    }
}
