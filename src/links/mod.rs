//! Links sent by email that let someone act once without a password:
//! invitations (a portal user's or an internal user's first password) and
//! password resets (`auth::reset`). One mechanism for both: the token is
//! random, the database keeps only its SHA-256, a newer link voids the
//! older ones of the same user and purpose, and using a link is one
//! conditional `UPDATE`, so of two tabs submitting the same link exactly
//! one wins.

use crate::{
    config::Settings,
    db::{now, Pool, StoreResult},
    i18n::Locale,
    mail::{self, compose::compose, Notice},
};
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection, Executor};
use std::fmt;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Invitation,
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }
}

/// The secret part of a link's address. Never printed, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken(***)")
    }
}

impl LinkToken {
    fn generate() -> Self {
        Self(hex::encode(rand::random::<[u8; 32]>()))
    }

    /// A token as it came back in an address; anything not shaped like one
    /// of ours is simply not found later.
    pub fn from_address(raw: &str) -> Self {
        Self(raw.trim().chars().take(128).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// Why a link can no longer be used, or that it still can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Usable {
        user_id: i64,
    },
    Used,
    Expired,
    /// Replaced by a newer link, or access was revoked.
    Voided,
    Unknown,
}

/// Makes a new link for `user_id`, voiding the older ones of that purpose,
/// in the caller's transaction.
pub async fn issue(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: LinkPurpose,
    valid_for_secs: i64,
) -> StoreResult<(i64, LinkToken)> {
    void_all(&mut *conn, user_id, Some(purpose)).await?;
    let token = LinkToken::generate();
    let at = now();
    let id = sqlx::query_scalar(
        "INSERT INTO access_links (user_id, purpose, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(token.digest())
    .bind(at)
    .bind(at + valid_for_secs)
    .fetch_one(&mut *conn)
    .await?;
    Ok((id, token))
}

/// Records the email that carries link `link_id`, for its delivery status.
pub async fn attach_mail(conn: &mut AnyConnection, link_id: i64, mail_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE access_links SET mail_id = $1 WHERE id = $2")
        .bind(mail_id)
        .bind(link_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whom an invitation is for.
pub struct Invitee<'a> {
    pub user_id: i64,
    pub to: &'a str,
    pub name: &'a str,
    /// Whose portal it is, as the email names it.
    pub company: &'a str,
    pub locale: Locale,
}

/// Issues an invitation link (voiding older ones) and queues its email, in
/// the caller's transaction: portal access and internal users alike.
pub async fn send_invitation(
    conn: &mut AnyConnection,
    settings: &Settings,
    invitee: Invitee<'_>,
) -> StoreResult<()> {
    let valid_for = settings.invitation_valid_for.as_secs() as i64;
    let (link_id, token) = issue(
        &mut *conn,
        invitee.user_id,
        LinkPurpose::Invitation,
        valid_for,
    )
    .await?;
    let notice = Notice::Invitation {
        name: invitee.name.to_owned(),
        company: invitee.company.to_owned(),
        link: format!("{}/invite/{}", settings.public_url, token.as_str()),
        expires_at: now() + valid_for,
    };
    let message = compose(&notice, invitee.locale);
    let mail_id = mail::store::enqueue(&mut *conn, invitee.to, &message).await?;
    attach_mail(conn, link_id, mail_id).await
}

/// Voids every open link of `user_id` (of one purpose, or all).
pub async fn void_all<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
    purpose: Option<LinkPurpose>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE access_links SET voided_at = $1 \
         WHERE user_id = $2 AND used_at IS NULL AND voided_at IS NULL AND ($3 = '' OR purpose = $3)",
    )
    .bind(now())
    .bind(user_id)
    .bind(purpose.map_or("", LinkPurpose::as_str))
    .execute(executor)
    .await?;
    Ok(())
}

/// What `token` is now, without using it.
pub async fn inspect<'e>(
    executor: impl Executor<'e, Database = Any>,
    token: &LinkToken,
    purpose: LinkPurpose,
) -> StoreResult<LinkState> {
    let row: Option<(i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT user_id, expires_at, used_at, voided_at FROM access_links \
         WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token.digest())
    .bind(purpose.as_str())
    .fetch_optional(executor)
    .await?;
    Ok(match row {
        None => LinkState::Unknown,
        Some((_, _, Some(_), _)) => LinkState::Used,
        Some((_, _, None, Some(_))) => LinkState::Voided,
        Some((_, expires_at, None, None)) if expires_at <= now() => LinkState::Expired,
        Some((user_id, _, None, None)) => LinkState::Usable { user_id },
    })
}

/// Uses `token` once: only one caller ever gets `Usable`, however many
/// submit it at the same moment; the others learn why it failed.
pub async fn consume(
    conn: &mut AnyConnection,
    token: &LinkToken,
    purpose: LinkPurpose,
) -> StoreResult<LinkState> {
    let at = now();
    let won: Option<i64> = sqlx::query_scalar(
        "UPDATE access_links SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $1 \
         RETURNING user_id",
    )
    .bind(at)
    .bind(token.digest())
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    match won {
        Some(user_id) => Ok(LinkState::Usable { user_id }),
        None => inspect(&mut *conn, token, purpose).await,
    }
}

/// Deletes up to `batch` links spent at or before `spent_before`: used,
/// voided or expired then. Answers how many. Until then `inspect` can
/// still tell their holder the link was used or has expired rather than
/// that it is unknown.
pub async fn purge_spent(pool: &Pool, spent_before: i64, batch: i64) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM access_links WHERE id IN (SELECT id FROM access_links \
           WHERE used_at <= $1 OR voided_at <= $1 OR expires_at <= $1 LIMIT $2)",
    )
    .bind(spent_before)
    .bind(batch)
    .execute(pool)
    .await?
    .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_as_digests() {
        let a = LinkToken::generate();
        let b = LinkToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a.digest(), a.as_str());
        assert_eq!(a.digest().len(), 64);
        assert_eq!(format!("{a:?}"), "LinkToken(***)");
    }
}
