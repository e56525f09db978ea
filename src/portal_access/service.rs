//! Granting, revoking and re-inviting, and accepting an invitation: each
//! a transaction whose first statement is a write (on SQLite that takes the
//! write lock at once), with the conditions checked by the statements
//! themselves, so parallel requests cannot both win.

use super::{
    api::{AccessRow, InvitationView},
    store,
};
use crate::{
    access::CurrentUser,
    audit::{self, AuditEntry, AuditKind},
    auth::{
        link_second_step::LinkSecondStep, login::sign_in_after_link, reset::set_password_by_link,
    },
    context::{self, AppState},
    db::{StoreError, StoreResult},
    domain::{Email, Locale, Role},
    error::AppError,
    links::{self, LinkPurpose, LinkState, LinkToken},
    users,
};
use sqlx::AnyConnection;

/// Issues an invitation link for `user_id` and queues its email, in `conn`.
async fn invite(
    state: &AppState,
    conn: &mut AnyConnection,
    user_id: i64,
    to: &str,
    name: &str,
    company: &str,
    lang: Option<&str>,
) -> StoreResult<()> {
    links::send_invitation(
        conn,
        &state.settings,
        links::Invitee {
            user_id,
            to,
            name,
            company,
            locale: lang.and_then(Locale::from_tag).unwrap_or_default(),
        },
    )
    .await
}

async fn record(
    conn: &mut AnyConnection,
    kind: AuditKind,
    actor: Option<i64>,
    subject: i64,
) -> StoreResult<()> {
    audit::record(
        conn,
        kind,
        AuditEntry {
            actor_user_id: actor,
            subject_user_id: Some(subject),
            client_ip: Some(&context::client_info().ip),
            ..Default::default()
        },
    )
    .await
}

pub async fn grant(
    staff: &CurrentUser,
    contact_id: i64,
    email: &str,
) -> Result<AccessRow, AppError> {
    let login = Email::parse(email).map_err(|e| AppError::invalid("email", e.message_id()))?;
    let state = context::app_state()?;
    let grantee = store::grantee(&state.pool, contact_id).await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let user_id = match &grantee.user {
        None => users::store::insert(
            &mut *tx,
            users::store::NewUser {
                contact_id,
                login: &login,
                role: Role::Customer,
                password_hash: None,
            },
        )
        .await
        .map_err(|e| already_granted_or(e, &grantee))?,
        Some(user) if user.revoked && user.role == Role::Customer.as_str() => {
            let user_id = store::reactivate(&mut tx, user.id, &user.login, &login)
                .await?
                .ok_or_else(|| AppError::invalid("email", "access-already-granted"))?;
            if user.login != login.as_str() {
                // Another address is another person: the second factor and
                // its recovery codes were the previous holder's.
                crate::auth::store::remove_two_factor(&mut tx, user_id).await?;
            }
            user_id
        }
        Some(user) if user.role != Role::Customer.as_str() => {
            return Err(AppError::invalid("email", "access-internal-user"))
        }
        Some(_) => return Err(AppError::invalid("email", "access-already-granted")),
    };
    store::adopt_language(&mut tx, user_id, grantee.lang.as_deref()).await?;
    invite(
        &state,
        &mut tx,
        user_id,
        login.as_str(),
        &grantee.name,
        &grantee.company,
        grantee.lang.as_deref(),
    )
    .await?;
    record(
        &mut tx,
        AuditKind::AccessGranted,
        Some(staff.user_id),
        user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(store::row(&state.pool, contact_id).await?)
}

/// A unique violation while granting: the login is taken, or a parallel
/// grant gave this contact its user first (`users.contact_id` is unique too).
fn already_granted_or(error: StoreError, grantee: &store::Grantee) -> AppError {
    match error {
        StoreError::Unique(_) if grantee.user.is_none() => {
            // Which constraint fired is not portable across databases; the
            // login is by far the likelier, and a second grant of the same
            // contact is refused the same way, with its row reloaded.
            AppError::invalid("email", "error-taken")
        }
        other => other.into(),
    }
}

pub async fn revoke(staff: &CurrentUser, contact_id: i64) -> Result<AccessRow, AppError> {
    let state = context::app_state()?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let Some(user_id) = store::revoke(&mut tx, contact_id).await? else {
        drop(tx);
        // Missing contacts are 404; one without access says so on its row.
        store::row(&state.pool, contact_id).await?;
        return Err(AppError::invalid("access", "access-not-granted"));
    };
    users::store::end_sessions_of_user(&mut *tx, user_id, None).await?;
    links::void_all(&mut *tx, user_id, None).await?;
    record(
        &mut tx,
        AuditKind::AccessRevoked,
        Some(staff.user_id),
        user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(store::row(&state.pool, contact_id).await?)
}

pub async fn reinvite(staff: &CurrentUser, contact_id: i64) -> Result<AccessRow, AppError> {
    let state = context::app_state()?;
    let grantee = store::grantee(&state.pool, contact_id).await?;
    let mut tx = crate::db::begin(&state.pool).await?;
    let Some((user_id, login)) = store::claim_invited(&mut tx, contact_id).await? else {
        return Err(AppError::invalid("access", "access-not-invited"));
    };
    invite(
        &state,
        &mut tx,
        user_id,
        &login,
        &grantee.name,
        &grantee.company,
        grantee.lang.as_deref(),
    )
    .await?;
    record(&mut tx, AuditKind::Reinvited, Some(staff.user_id), user_id).await?;
    tx.commit().await?;
    Ok(store::row(&state.pool, contact_id).await?)
}

fn refused(state: LinkState) -> AppError {
    let message = match state {
        LinkState::Used => "invite-used",
        LinkState::Expired => "invite-expired",
        LinkState::Voided => "invite-voided",
        LinkState::Usable { .. } | LinkState::Unknown => "invite-unknown",
    };
    AppError::invalid("token", message)
}

pub async fn view(token: &str) -> Result<InvitationView, AppError> {
    let state = context::app_state()?;
    let token = LinkToken::from_address(token);
    Ok(
        match links::inspect(&state.pool, &token, LinkPurpose::Invitation).await? {
            LinkState::Usable { user_id } => {
                let card = users::store::contact_card(&state.pool, user_id).await?;
                InvitationView::Open {
                    name: card.name,
                    login: card.login,
                    two_factor: crate::auth::store::two_factor_enabled(&state.pool, user_id)
                        .await?,
                }
            }
            LinkState::Used => InvitationView::Used,
            LinkState::Expired => InvitationView::Expired,
            LinkState::Voided => InvitationView::Voided,
            LinkState::Unknown => InvitationView::Unknown,
        },
    )
}

/// Sets the first password through the invitation link (see
/// `auth::reset::set_password_by_link`) and, for an account that kept
/// two-factor on, passes its second step with `code`; logs in; returns the
/// page to land on. Nothing changes unless all of it succeeds.
pub async fn accept(
    token: &str,
    password: &str,
    again: &str,
    code: Option<&str>,
) -> Result<String, AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let second_step = match links::inspect(
        &state.pool,
        &LinkToken::from_address(token),
        LinkPurpose::Invitation,
    )
    .await?
    {
        LinkState::Usable { user_id } => {
            LinkSecondStep::count(&state, user_id, code, &client).await?
        }
        other => return Err(refused(other)),
    };
    let (tx, user_id, _) = set_password_by_link(
        &state,
        token,
        LinkPurpose::Invitation,
        password,
        again,
        refused,
    )
    .await?;
    let mut tx = second_step.pass(&state, tx, user_id, &client).await?;
    record(
        &mut tx,
        AuditKind::InvitationAccepted,
        Some(user_id),
        user_id,
    )
    .await?;
    tx.commit().await?;
    let role = users::store::summary(&state.pool, user_id).await?.role;
    sign_in_after_link(user_id, role).await
}
