//! What the grant dialog shows per contact, and the server functions
//! behind its buttons and behind the invitation page.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a contact's latest invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationStatus {
    Queued,
    Sent,
    Failed,
    Accepted,
    Expired,
}

impl InvitationStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "invitation-queued",
            Self::Sent => "invitation-sent",
            Self::Failed => "invitation-failed",
            Self::Accepted => "invitation-accepted",
            Self::Expired => "invitation-expired",
        }
    }
}

/// A contact's portal access, as one row of the grant dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRow {
    pub contact_id: i64,
    pub contact_name: String,
    /// The login when the contact has a user, else the contact's email.
    pub email: String,
    pub access: AccessState,
    /// When the user last logged in (Unix seconds).
    pub last_login_at: Option<i64>,
    /// The latest invitation and when it reached that status.
    pub invitation: Option<(InvitationStatus, i64)>,
}

/// What the contact can do in the portal today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessState {
    /// No user, or access was revoked: it can be granted.
    None,
    Revoked,
    /// A portal user that has not chosen a password yet.
    Invited,
    /// A portal user with a password.
    Active,
    /// A staff user or administrator: not managed from here.
    Internal,
}

impl AccessRow {
    pub fn may_grant(&self) -> bool {
        matches!(self.access, AccessState::None | AccessState::Revoked)
    }

    pub fn may_revoke(&self) -> bool {
        matches!(self.access, AccessState::Invited | AccessState::Active)
    }

    pub fn may_reinvite(&self) -> bool {
        self.access == AccessState::Invited
    }
}

/// The most contacts one dialog opens for.
pub const MAX_ROWS: usize = 200;

/// Reads `"3,5,8"` as contact ids; anything else is a bad request.
pub fn parse_contact_ids(list: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part.parse::<i64>().map_err(|_| AppError::BadRequest)?;
        if id <= 0 {
            return Err(AppError::BadRequest);
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() || ids.len() > MAX_ROWS {
        return Err(AppError::BadRequest);
    }
    Ok(ids)
}

/// The dialog's rows for `contacts` (ids separated by commas), in that order.
#[server(endpoint = "admin/access/rows")]
pub async fn access_rows(contacts: String) -> Result<Vec<AccessRow>, AppError> {
    crate::context::authorize::<AccessRows>()?;
    let ids = parse_contact_ids(&contacts)?;
    let state = crate::context::app_state()?;
    Ok(super::store::rows(&state.pool, &ids).await?)
}
declare_access!(AccessRows: Staff);

/// Creates (or reactivates) the contact's portal user with `email` as its
/// login and queues its invitation, together or not at all.
#[server(endpoint = "admin/access/grant")]
pub async fn grant_access(contact_id: i64, email: String) -> Result<AccessRow, AppError> {
    let staff = crate::context::authorize::<GrantAccess>()?;
    super::service::grant(&staff, contact_id, &email).await
}
declare_access!(GrantAccess: Staff);

/// Ends the contact's portal access and every session of its user at once.
#[server(endpoint = "admin/access/revoke")]
pub async fn revoke_access(contact_id: i64) -> Result<AccessRow, AppError> {
    let staff = crate::context::authorize::<RevokeAccess>()?;
    super::service::revoke(&staff, contact_id).await
}
declare_access!(RevokeAccess: Staff);

/// Sends a new invitation; the older link stops working.
#[server(endpoint = "admin/access/reinvite")]
pub async fn reinvite(contact_id: i64) -> Result<AccessRow, AppError> {
    let staff = crate::context::authorize::<Reinvite>()?;
    super::service::reinvite(&staff, contact_id).await
}
declare_access!(Reinvite: Staff);

/// What an invitation link is, for the page it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationView {
    /// It can be used: whom it is for, and whether its account kept
    /// two-factor on (the page then asks for a code too).
    Open {
        name: String,
        login: String,
        two_factor: bool,
    },
    Used,
    Expired,
    /// A newer invitation replaced it, or access was revoked.
    Voided,
    Unknown,
}

#[server(endpoint = "invite/view")]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    crate::context::authorize::<Invitation>()?;
    super::service::view(&token).await
}
declare_access!(Invitation: Public);

/// Sets the first password through an invitation link and logs in; an
/// account with two-factor on also needs a `code` (from the app, or a
/// recovery code).
#[server(endpoint = "invite/accept")]
pub async fn accept_invitation(
    token: String,
    password: String,
    password_again: String,
    code: Option<String>,
) -> Result<(), AppError> {
    crate::context::authorize::<AcceptInvitation>()?;
    let home = super::service::accept(&token, &password, &password_again, code.as_deref()).await?;
    leptos_axum::redirect(&home);
    Ok(())
}
declare_access!(AcceptInvitation: Public);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_lists_are_numbers_separated_by_commas() {
        assert_eq!(parse_contact_ids("3, 5,3,8").unwrap(), vec![3, 5, 8]);
        for bad in ["", "3;5", "x", "-1", "0", "1,,x"] {
            assert_eq!(parse_contact_ids(bad), Err(AppError::BadRequest), "{bad:?}");
        }
        let too_many = (1..=MAX_ROWS as i64 + 1)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_contact_ids(&too_many), Err(AppError::BadRequest));
    }

    #[test]
    fn a_row_offers_the_buttons_its_state_allows() {
        let row = |access| AccessRow {
            contact_id: 1,
            contact_name: "Ana".into(),
            email: "ana@example.com".into(),
            access,
            last_login_at: None,
            invitation: None,
        };
        let offers = |r: AccessRow| (r.may_grant(), r.may_revoke(), r.may_reinvite());
        assert_eq!(offers(row(AccessState::None)), (true, false, false));
        assert_eq!(offers(row(AccessState::Revoked)), (true, false, false));
        assert_eq!(offers(row(AccessState::Invited)), (false, true, true));
        assert_eq!(offers(row(AccessState::Active)), (false, true, false));
        assert_eq!(offers(row(AccessState::Internal)), (false, false, false));
    }
}
