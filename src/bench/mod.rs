//! `portico bench`: times the back office's contact list and, on what
//! `portico demo` generated, the portal's and the back office's invoice
//! lists, on the configured database. Tooling, apart from the server: it
//! calls the features' own list functions, as a request would.

mod contacts;
mod documents;
mod store;

use crate::{config::Settings, db::Pool};

/// Runs the contact bench (with `contacts` of them, 100 000 when neither
/// option is given) and, with `documents`, the documents bench.
pub async fn run(
    settings: &Settings,
    contacts: Option<i64>,
    documents: bool,
) -> Result<(), String> {
    let pool = crate::db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    // Without options the contact bench runs, as it always did.
    if contacts.is_some() || !documents {
        contacts::run(settings, &pool, contacts.unwrap_or(100_000)).await?;
    }
    if documents {
        documents::run(settings, &pool).await?;
    }
    Ok(())
}

/// Median and slowest of 21 runs of `run`, in milliseconds, and the rows
/// the last run answered.
async fn time_it<F, Fut>(mut run: F) -> Result<(f64, f64, usize), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..21 {
        let at = std::time::Instant::now();
        rows = run().await?;
        times.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], times[times.len() - 1], rows))
}

/// The head of every bench's Markdown table.
const TABLE_HEAD: &str = "| request | rows | median ms | slowest ms |\n|---|---:|---:|---:|";

/// Fresh statistics, as the database's own maintenance would keep them.
async fn refresh_statistics(settings: &Settings, pool: &Pool, vacuum: bool) -> Result<(), String> {
    store::refresh_statistics(pool, vacuum && settings.uses_postgres())
        .await
        .map_err(|e| e.to_string())
}
