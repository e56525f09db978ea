//! Every SQL statement of granting and revoking portal access.

use super::api::{AccessRow, AccessState, InvitationStatus};
use crate::{
    db::{now, Pool, SqlBuilder, StoreError, StoreResult},
    domain::{Email, Role},
};
use sqlx::{Any, AnyConnection, Executor};

type RowData = (
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<LinkData>,
);

/// The latest invitation link of a user and its email's delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkData {
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub voided_at: Option<i64>,
    pub mail_failed: bool,
    pub mail_sent_at: Option<i64>,
}

/// Where an invitation stands at `now`; a voided one (replaced, or access
/// revoked) shows nothing.
pub fn invitation_status(link: Option<LinkData>, now: i64) -> Option<(InvitationStatus, i64)> {
    let link = link?;
    if let Some(at) = link.used_at {
        return Some((InvitationStatus::Accepted, at));
    }
    if link.voided_at.is_some() {
        return None;
    }
    if link.expires_at <= now {
        return Some((InvitationStatus::Expired, link.expires_at));
    }
    Some(match (link.mail_failed, link.mail_sent_at) {
        (true, _) => (InvitationStatus::Failed, link.created_at),
        (false, Some(at)) => (InvitationStatus::Sent, at),
        (false, None) => (InvitationStatus::Queued, link.created_at),
    })
}

const ROW_SELECT: &str = "SELECT c.id, c.name, c.email, u.id, u.login, u.role, u.revoked_at, \
       CAST(CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT), u.last_login_at, \
       l.created_at, l.expires_at, l.used_at, l.voided_at, m.status, m.sent_at \
     FROM contacts c \
     LEFT JOIN users u ON u.contact_id = c.id \
     LEFT JOIN access_links l ON l.id = \
       (SELECT MAX(x.id) FROM access_links x WHERE x.user_id = u.id AND x.purpose = 'invitation') \
     LEFT JOIN mail_outbox m ON m.id = l.mail_id";

#[allow(clippy::type_complexity)]
type RawRow = (
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

fn split(raw: RawRow) -> RowData {
    let (id, name, email, user_id, login, role, revoked_at, has_password, last_login_at) = (
        raw.0, raw.1, raw.2, raw.3, raw.4, raw.5, raw.6, raw.7, raw.8,
    );
    let link = raw.9.zip(raw.10).map(|(created_at, expires_at)| LinkData {
        created_at,
        expires_at,
        used_at: raw.11,
        voided_at: raw.12,
        mail_failed: raw.13.as_deref() == Some("failed"),
        mail_sent_at: raw.14,
    });
    (
        id,
        name,
        email,
        user_id,
        login,
        role,
        revoked_at,
        has_password,
        last_login_at,
        link,
    )
}

fn to_row(data: RowData, at: i64) -> StoreResult<AccessRow> {
    let (id, name, email, user_id, login, role, revoked_at, has_password, last_login_at, link) =
        data;
    let access = match (user_id, role.as_deref().map(Role::parse)) {
        (None, _) => AccessState::None,
        (Some(_), Some(Some(Role::Customer))) => match (revoked_at, has_password) {
            (Some(_), _) => AccessState::Revoked,
            (None, Some(1)) => AccessState::Active,
            (None, _) => AccessState::Invited,
        },
        (Some(_), Some(Some(_))) => AccessState::Internal,
        (Some(user_id), _) => return Err(StoreError::Corrupt(format!("role of user {user_id}"))),
    };
    Ok(AccessRow {
        contact_id: id,
        contact_name: name,
        email: login.or(email).unwrap_or_default(),
        access,
        last_login_at,
        invitation: if access == AccessState::Revoked {
            None
        } else {
            invitation_status(link, at)
        },
    })
}

/// The rows for `ids`, in that order; ids that are no contact are left out.
pub async fn rows(pool: &Pool, ids: &[i64]) -> StoreResult<Vec<AccessRow>> {
    let mut sql = SqlBuilder::new(ROW_SELECT);
    sql.push(" WHERE c.id IN (")
        .push_bind_list(ids.iter().copied())
        .push(")");
    let (sql, arguments) = sql.finish()?;
    let found = sqlx::query_as_with::<_, RawRow, _>(&sql, arguments)
        .fetch_all(pool)
        .await?;
    let at = now();
    let mut rows = found
        .into_iter()
        .map(|raw| to_row(split(raw), at))
        .collect::<StoreResult<Vec<_>>>()?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.contact_id));
    Ok(rows)
}

pub async fn row<'e>(
    executor: impl Executor<'e, Database = Any>,
    contact_id: i64,
) -> StoreResult<AccessRow> {
    let raw: RawRow = sqlx::query_as(&format!("{ROW_SELECT} WHERE c.id = $1"))
        .bind(contact_id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    to_row(split(raw), now())
}

/// What granting needs to know of a contact.
pub struct Grantee {
    pub name: String,
    pub company: String,
    pub lang: Option<String>,
    /// Its user, if it ever had one.
    pub user: Option<GranteeUser>,
}

pub struct GranteeUser {
    pub id: i64,
    pub role: String,
    pub revoked: bool,
    pub login: String,
}

pub async fn grantee(pool: &Pool, contact_id: i64) -> StoreResult<Grantee> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT c.name, p.name, c.lang, u.id, u.role, u.revoked_at, u.login FROM contacts c \
             LEFT JOIN contacts p ON p.id = c.parent_id LEFT JOIN users u ON u.contact_id = c.id \
             WHERE c.id = $1",
    )
    .bind(contact_id)
    .fetch_optional(pool)
    .await?;
    let (name, company, lang, user_id, role, revoked_at, login) =
        row.ok_or(StoreError::NotFound)?;
    Ok(Grantee {
        company: company.unwrap_or_else(|| name.clone()),
        name,
        lang,
        user: user_id
            .zip(role)
            .zip(login)
            .map(|((id, role), login)| GranteeUser {
                id,
                role,
                revoked: revoked_at.is_some(),
                login,
            }),
    })
}

/// Gives a revoked portal user access again with `login`, without a
/// password until it accepts the new invitation. `None` when it is no
/// longer revoked, or no longer had `previous_login` (a parallel grant won).
pub async fn reactivate(
    conn: &mut AnyConnection,
    user_id: i64,
    previous_login: &str,
    login: &Email,
) -> StoreResult<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE users SET login = $1, revoked_at = NULL, password_hash = NULL, updated_at = $2 \
         WHERE id = $3 AND role = $4 AND revoked_at IS NOT NULL AND login = $5 RETURNING id",
    )
    .bind(login.as_str())
    .bind(now())
    .bind(user_id)
    .bind(Role::Customer.as_str())
    .bind(previous_login)
    .fetch_optional(conn)
    .await
    .map_err(|e| StoreError::unique_as(e, "email"))
}

/// A new portal user speaks its contact's language until it picks one.
pub async fn adopt_language(
    conn: &mut AnyConnection,
    user_id: i64,
    lang: Option<&str>,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2 AND lang IS NULL")
        .bind(lang)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes the contact's portal user: its id, or `None` when it has no
/// active portal user.
pub async fn revoke(conn: &mut AnyConnection, contact_id: i64) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET revoked_at = $1, updated_at = $1 \
         WHERE contact_id = $2 AND role = $3 AND revoked_at IS NULL RETURNING id",
    )
    .bind(now())
    .bind(contact_id)
    .bind(Role::Customer.as_str())
    .fetch_optional(conn)
    .await?)
}

/// The contact's invited portal user that has no password yet, with its
/// login, touched so that the transaction begins with a write.
pub async fn claim_invited(
    conn: &mut AnyConnection,
    contact_id: i64,
) -> StoreResult<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "UPDATE users SET updated_at = $1 \
         WHERE contact_id = $2 AND role = $3 AND revoked_at IS NULL AND password_hash IS NULL \
         RETURNING id, login",
    )
    .bind(now())
    .bind(contact_id)
    .bind(Role::Customer.as_str())
    .fetch_optional(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> LinkData {
        LinkData {
            created_at: 100,
            expires_at: 1_000,
            used_at: None,
            voided_at: None,
            mail_failed: false,
            mail_sent_at: None,
        }
    }

    #[test]
    fn an_invitation_moves_from_queued_to_sent_accepted_or_expired() {
        use InvitationStatus::*;
        assert_eq!(invitation_status(None, 500), None);
        assert_eq!(invitation_status(Some(link()), 500), Some((Queued, 100)));
        let sent = LinkData {
            mail_sent_at: Some(120),
            ..link()
        };
        assert_eq!(invitation_status(Some(sent), 500), Some((Sent, 120)));
        let failed = LinkData {
            mail_failed: true,
            ..link()
        };
        assert_eq!(invitation_status(Some(failed), 500), Some((Failed, 100)));
        assert_eq!(invitation_status(Some(sent), 1_000), Some((Expired, 1_000)));
        let used = LinkData {
            used_at: Some(900),
            ..sent
        };
        assert_eq!(invitation_status(Some(used), 5_000), Some((Accepted, 900)));
        let voided = LinkData {
            voided_at: Some(300),
            ..link()
        };
        assert_eq!(invitation_status(Some(voided), 500), None);
    }
}
