//! Every SQL statement about users.

use crate::{
    db::{now, Pool, StoreError, StoreResult},
    domain::{Email, Locale, Role},
};
use sqlx::{Any, Executor};

/// What the login step needs to know about an account.
#[derive(Debug, Clone)]
pub struct LoginAccount {
    pub user_id: i64,
    pub password_hash: Option<String>,
    pub revoked: bool,
    pub role: Role,
}

pub async fn find_for_login(pool: &Pool, login: &Email) -> StoreResult<Option<LoginAccount>> {
    let row: Option<(i64, Option<String>, Option<i64>, String)> =
        sqlx::query_as("SELECT id, password_hash, revoked_at, role FROM users WHERE login = $1")
            .bind(login.as_str())
            .fetch_optional(pool)
            .await?;
    row.map(|(user_id, password_hash, revoked_at, role)| {
        Ok(LoginAccount {
            user_id,
            password_hash,
            revoked: revoked_at.is_some(),
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("role of user {user_id}")))?,
        })
    })
    .transpose()
}

pub struct NewUser<'a> {
    pub contact_id: i64,
    pub login: &'a Email,
    pub role: Role,
    pub password_hash: Option<String>,
}

pub async fn insert<'e>(
    executor: impl Executor<'e, Database = Any>,
    user: NewUser<'_>,
) -> StoreResult<i64> {
    let at = now();
    // Granted portal access starts as payer, as the reference product behaves.
    let company_role = (user.role == Role::Customer).then_some("payer");
    sqlx::query_scalar(
        "INSERT INTO users (contact_id, login, role, company_role, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(user.contact_id)
    .bind(user.login.as_str())
    .bind(user.role.as_str())
    .bind(company_role)
    .bind(user.password_hash)
    .bind(at)
    .fetch_one(executor)
    .await
    .map_err(|e| StoreError::unique_as(e, "email"))
}

pub async fn record_login<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now())
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn set_language(pool: &Pool, user_id: i64, locale: Locale) -> StoreResult<()> {
    sqlx::query("UPDATE users SET lang = $1, updated_at = $2 WHERE id = $3")
        .bind(locale.tag())
        .bind(now())
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn count(pool: &Pool) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// Who a user is, for writing to them.
pub struct ContactCard {
    pub name: String,
    pub login: String,
    pub locale: Option<Locale>,
}

pub async fn contact_card<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<ContactCard> {
    let (name, login, lang): (String, String, Option<String>) = sqlx::query_as(
        "SELECT c.name, u.login, u.lang FROM users u JOIN contacts c ON c.id = u.contact_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(ContactCard {
        name,
        login,
        locale: lang.as_deref().and_then(Locale::from_tag),
    })
}
