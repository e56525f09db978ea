//! The statements behind a user's connection preferences.

use crate::db::{now, Pool, StoreResult};

/// Language tag, time zone and whether document updates are wanted.
pub async fn read(
    pool: &Pool,
    user_id: i64,
) -> StoreResult<(Option<String>, Option<String>, bool)> {
    let (lang, time_zone, document_updates): (Option<String>, Option<String>, i64) =
        sqlx::query_as("SELECT lang, time_zone, mail_document_updates FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    Ok((lang, time_zone, document_updates == 1))
}

/// Saves all three at once; a time zone of `None` means UTC.
pub async fn save(
    pool: &Pool,
    user_id: i64,
    lang: &str,
    time_zone: Option<&str>,
    document_updates: bool,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET lang = $1, time_zone = $2, mail_document_updates = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(lang)
    .bind(time_zone)
    .bind(i64::from(document_updates))
    .bind(now())
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(())
}
