//! The database: one pool for SQLite or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Queries are runtime-checked (sqlx's `Any` driver) and live in each
//! feature's storage module; what differs between the two databases is said
//! once, in [`dialect`].

pub mod dialect;
mod statement;

pub use statement::Statement;

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
    AnyPool, ConnectOptions, Executor,
};
use std::{str::FromStr, time::Duration};

pub type Pool = AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The storage layer's error. Unique violations name the field they protect,
/// so the caller can show "this email is taken" without a racy pre-check.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("row not found")]
    NotFound,
    #[error("unique constraint on {0}")]
    Unique(&'static str),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    /// A change the data refuses (a company that is no company, a contact
    /// still in use): the field and the id of its message.
    #[error("refused on {0}: {1}")]
    Invalid(&'static str, &'static str),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Turns a unique violation into [`StoreError::Unique`] naming `field`.
    pub fn unique_as(error: sqlx::Error, field: &'static str) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Unique(field),
            _ => StoreError::Database(error),
        }
    }
}

/// The one place a storage failure becomes what the user sees: a unique
/// violation is a field error ("this email is already used"), a missing
/// row is 404, anything else a logged 500 that says nothing of its cause.
impl From<StoreError> for crate::error::AppError {
    fn from(error: StoreError) -> Self {
        use crate::error::AppError;
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unique(field) => AppError::invalid(field, "error-taken"),
            StoreError::Invalid(field, message) => AppError::invalid(field, message),
            other => {
                tracing::error!(error = %other, "storage failure");
                AppError::ServerError
            }
        }
    }
}

impl From<sqlx::Error> for crate::error::AppError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::from(error).into()
    }
}

/// Opens the pool and brings the schema up to date.
pub async fn connect(database_url: &str) -> StoreResult<Pool> {
    sqlx::any::install_default_drivers();
    if let Some(path) = dialect::sqlite_file(database_url) {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
    }
    let options = AnyConnectOptions::from_str(database_url)?
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
    let is_sqlite = database_url.starts_with("sqlite:");
    let pool = AnyPoolOptions::new()
        .max_connections(if is_sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == dialect::SQLITE {
                    conn.execute(dialect::SQLITE_CONNECTION_PRAGMAS).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Begins a transaction: every transaction here may write. On SQLite it is
/// `BEGIN IMMEDIATE`, which takes the write lock first (waiting under the
/// busy timeout); a deferred one that read first and then writes after
/// another connection committed fails at once with `SQLITE_BUSY_SNAPSHOT`
/// ("database is locked"), which no timeout retries. PostgreSQL gets a
/// plain `BEGIN`.
pub async fn begin(pool: &Pool) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if pool.connect_options().database_url.scheme() == "sqlite" {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}

pub async fn migrate(pool: &Pool) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    let migrator = if conn.backend_name() == dialect::SQLITE {
        &SQLITE_MIGRATIONS
    } else {
        &POSTGRES_MIGRATIONS
    };
    migrator.run(&mut *conn).await?;
    Ok(())
}

/// Whether the database answers (the health check).
pub async fn ping(pool: &Pool) -> StoreResult<()> {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(pool)
        .await?;
    Ok(())
}

/// Seconds since the Unix epoch, UTC: how every timestamp is stored.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
