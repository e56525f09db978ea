//! The purge: deletes what no longer counts for anything — sessions past
//! their idle time or lifetime, half-done logins passed or expired,
//! throttle windows that have closed, and links used, voided or expired a
//! week ago (until then their holder is told which; after, that the link
//! is unknown). It runs once as the server starts and then every ten
//! minutes beside the mail worker.
//!
//! Several instances may run it at once with no coordination: every
//! statement deletes a bounded batch of rows that are expired by a rule
//! of time alone, so a row two instances both pick is deleted once and the
//! other's statement finds it gone. Nothing about payments is purged: an
//! idempotency key lives on its payment, top-up or refund, which are the
//! ledger and kept for good.

use super::store;
use crate::{
    config::Settings,
    db::{now, Pool, StoreResult},
};
use std::{sync::Arc, time::Duration};

/// How often the purge runs (and once at start).
pub const PURGE_EVERY: Duration = Duration::from_secs(10 * 60);
/// Rows one statement deletes at most, so that no purge holds a table (on
/// SQLite, the database) for long.
const BATCH: i64 = 500;
/// Batches of one kind in one pass at most; the rest waits for the next.
const BATCHES_PER_PASS: usize = 100;
/// How long a spent link is kept, so that its holder learns it was used or
/// has expired.
pub const SPENT_LINKS_KEPT_SECS: i64 = 7 * 24 * 3600;

/// What one pass deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub login_challenges: u64,
    pub throttle_windows: u64,
    pub links: u64,
}

/// One pass: every kind of expired row, batch by batch.
pub async fn purge_expired(pool: &Pool, settings: &Settings) -> StoreResult<Purged> {
    let at = now();
    let idle = settings.session_idle.as_secs() as i64;
    let lifetime = settings.session_lifetime.as_secs() as i64;
    Ok(Purged {
        sessions: in_batches(|| store::purge_sessions(pool, at - idle, at - lifetime, BATCH))
            .await?,
        login_challenges: in_batches(|| store::purge_login_challenges(pool, at, BATCH)).await?,
        throttle_windows: in_batches(|| store::purge_throttle_windows(pool, at, BATCH)).await?,
        links: in_batches(|| crate::links::purge_spent(pool, at - SPENT_LINKS_KEPT_SECS, BATCH))
            .await?,
    })
}

/// Runs `batch` until it deletes less than a full batch (or the pass's
/// share is used up); answers the rows deleted.
async fn in_batches<F, Fut>(mut batch: F) -> StoreResult<u64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = StoreResult<u64>>,
{
    let mut deleted = 0;
    for _ in 0..BATCHES_PER_PASS {
        let rows = batch().await?;
        deleted += rows;
        if rows < BATCH as u64 {
            break;
        }
    }
    Ok(deleted)
}

/// Purges now and then every [`PURGE_EVERY`] until aborted.
pub fn spawn(pool: Pool, settings: Arc<Settings>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match purge_expired(&pool, &settings).await {
                Ok(purged) if purged != Purged::default() => {
                    tracing::info!(?purged, "purged expired rows");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "purging expired rows failed; will retry"),
            }
        }
    })
}
