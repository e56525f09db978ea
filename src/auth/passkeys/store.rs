//! Every SQL statement of passkeys: the registered credentials and the
//! half-done ceremonies. A ceremony is taken by one `DELETE … RETURNING`,
//! so of two answers to one challenge exactly one finds it.

use crate::db::{now, Pool, SqlBuilder, StoreError, StoreResult};
use sqlx::{Any, AnyConnection, Executor};

/// One of a user's passkeys as the security page lists it.
pub type PasskeyRow = (i64, String, i64, Option<i64>);

pub async fn list_of_user(pool: &Pool, user_id: i64) -> StoreResult<Vec<PasskeyRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// The stored credentials (webauthn-rs' JSON) of a user, and the user
/// handle its passkeys share, if it has any.
pub async fn credentials_of_user(
    pool: &Pool,
    user_id: i64,
) -> StoreResult<(Vec<String>, Option<String>)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT credential, user_handle FROM passkeys WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    let handle = rows.first().map(|(_, handle)| handle.clone());
    Ok((rows.into_iter().map(|(c, _)| c).collect(), handle))
}

pub struct NewPasskey<'a> {
    pub user_id: i64,
    pub credential_id: &'a str,
    pub user_handle: &'a str,
    pub name: &'a str,
    pub credential: &'a str,
}

/// Adds a passkey; a credential already registered (to anyone) is refused
/// as a unique violation on `passkey`.
pub async fn add(conn: &mut AnyConnection, passkey: NewPasskey<'_>) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO passkeys (user_id, credential_id, user_handle, name, credential, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(passkey.user_id)
    .bind(passkey.credential_id)
    .bind(passkey.user_handle)
    .bind(passkey.name)
    .bind(passkey.credential)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(|error| StoreError::unique_as(error, "passkey"))
}

/// A passkey found by the credential id a browser answered with, with what
/// a sign-in needs of its account.
pub struct FoundPasskey {
    pub id: i64,
    pub user_id: i64,
    pub user_handle: String,
    pub name: String,
    pub credential: String,
    pub role: String,
    pub revoked: bool,
}

pub async fn find_by_credential_id(
    pool: &Pool,
    credential_id: &str,
) -> StoreResult<Option<FoundPasskey>> {
    let row: Option<(i64, i64, String, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.user_id, p.user_handle, p.name, p.credential, u.role, u.revoked_at \
         FROM passkeys p JOIN users u ON u.id = p.user_id WHERE p.credential_id = $1",
    )
    .bind(credential_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(id, user_id, user_handle, name, credential, role, revoked_at)| FoundPasskey {
            id,
            user_id,
            user_handle,
            name,
            credential,
            role,
            revoked: revoked_at.is_some(),
        },
    ))
}

/// Records a sign-in with passkey `id`: when, and the credential as the
/// sign-in left it (its counter and backup flags), when it changed.
pub async fn record_use(pool: &Pool, id: i64, updated_credential: Option<&str>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE passkeys SET last_used_at = $1, credential = COALESCE($2, credential) WHERE id = $3",
    )
    .bind(now())
    .bind(updated_credential)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Removes passkey `id` of `user_id`; answers its name, `None` when it is
/// not one of theirs (another user's answers like a missing one).
pub async fn remove(
    conn: &mut AnyConnection,
    user_id: i64,
    id: i64,
) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name")
            .bind(id)
            .bind(user_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// How many passkeys `user_id` has.
pub async fn count_of_user<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(executor)
            .await?,
    )
}

// ---------------------------------------------------------------- ceremonies

/// A ceremony to store.
pub struct NewCeremony<'a> {
    pub token_hash: &'a str,
    pub purpose: &'a str,
    pub user_id: Option<i64>,
    /// A sign-in's client, of which at most `open_per_client` ceremonies
    /// may be open; `None` for a registration (its user is the bound).
    pub client_key: Option<&'a str>,
    pub state: &'a str,
    pub expires_at: i64,
}

/// Stores a ceremony's state under the digest of its token, unless its
/// client already holds `open_per_client` unexpired ones (answers whether
/// it was stored); drops expired ceremonies on the way, so that abandoned
/// ones do not pile up. The count and the insert are one statement:
/// parallel starts can pass the bound by at most their own number, which
/// keeps a flood's rows bounded, the point of the bound.
pub async fn open_ceremony(
    pool: &Pool,
    ceremony: NewCeremony<'_>,
    open_per_client: i64,
) -> StoreResult<bool> {
    let at = now();
    sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at <= $1")
        .bind(at)
        .execute(pool)
        .await?;
    let stored = sqlx::query(
        "INSERT INTO passkey_ceremonies (token_hash, purpose, user_id, client_key, state, expires_at) \
         SELECT $1, $2, $3, $4, $5, $6 \
         WHERE (SELECT COUNT(*) FROM passkey_ceremonies WHERE client_key = $4 AND expires_at > $7) < $8",
    )
    .bind(ceremony.token_hash)
    .bind(ceremony.purpose)
    .bind(ceremony.user_id)
    .bind(ceremony.client_key)
    .bind(ceremony.state)
    .bind(ceremony.expires_at)
    .bind(at)
    .bind(open_per_client)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(stored == 1)
}

/// Takes (deletes and answers) the state of the ceremony behind
/// `token_hash`, if it is one of `purpose` for `user_id` (`None`: a
/// sign-in, nobody's yet) and has not expired. Used or not, an expired one
/// is gone too; somebody else's stays as it was.
pub async fn take_ceremony(
    pool: &Pool,
    token_hash: &str,
    purpose: &str,
    user_id: Option<i64>,
) -> StoreResult<Option<String>> {
    let mut sql = SqlBuilder::new("DELETE FROM passkey_ceremonies WHERE token_hash = ");
    sql.push_bind(token_hash.to_owned())
        .push(" AND purpose = ")
        .push_bind(purpose.to_owned());
    match user_id {
        Some(user_id) => sql.push(" AND user_id = ").push_bind(user_id),
        None => sql.push(" AND user_id IS NULL"),
    };
    sql.push(" RETURNING state, expires_at");
    let (sql, arguments) = sql.finish()?;
    let row: Option<(String, i64)> = sqlx::query_as_with(&sql, arguments)
        .fetch_optional(pool)
        .await?;
    Ok(row
        .filter(|(_, expires_at)| *expires_at > now())
        .map(|(state, _)| state))
}
