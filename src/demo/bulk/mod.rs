//! Data at scale, for benchmarks: `portico demo --customers N --invoices N`
//! ([`generate_documents`]) and the contacts `portico bench` measures
//! ([`generate_contacts`]). Never against a real database.

mod documents;
mod random;

use super::{person, store, DemoError};
use crate::{
    config::Settings,
    contacts::{ContactDraft, ContactInput},
    db::Pool,
};
use random::{Calendar, Customers, Dice, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES};
use sqlx::Connection;
use store::{BulkInsert, Numbered, Value, ROWS_PER_STATEMENT};

/// Rows per transaction. Inserts land all over the indexes, so each commit
/// writes most of their pages again (to SQLite's WAL): 20 000 wrote twice
/// as much as this and took a fifth longer. Small enough that memory stays
/// flat and a failure loses little.
const ROWS_PER_TRANSACTION: usize = 50_000;
/// How far back generated documents are dated.
const SPAN_DAYS: i64 = 3 * 365;
/// The share of all invoices (in percent) the heavy customer holds.
const HEAVY_SHARE: u64 = 10;

/// Prefixes of generated numbers: never one of the app's `INV/`, `S…` or
/// `SUB…`, so the app's own sequences never collide with them.
const INVOICE_PREFIX: &str = "GEN/";
const ORDER_PREFIX: &str = "GEN/SO/";
const SUBSCRIPTION_PREFIX: &str = "GEN/SUB/";

/// What [`generate_documents`] added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratedCounts {
    pub customers: i64,
    pub invoices: i64,
    pub lines: i64,
    pub payments: i64,
    pub orders: i64,
    pub subscriptions: i64,
}

/// The customer who holds a tenth of the generated invoices, so that deep
/// pages of one portal list are meaningful: the demo's ACME when it is
/// there, else the first company, else the first commercial entity.
pub async fn heavy_customer(pool: &Pool) -> Result<Option<i64>, DemoError> {
    store::heavy_customer(pool).await
}

/// Adds contacts until the database holds at least `count` (one company in
/// ten, half of the people in a company), for benchmarks; returns how many
/// it added.
pub async fn generate_contacts(pool: &Pool, count: i64) -> Result<i64, DemoError> {
    let existing = store::count_contacts(pool).await?;
    let mut added = 0;
    let mut company: Option<i64> = None;
    while existing + added < count {
        let mut tx = crate::db::begin(pool).await?;
        for _ in 0..1000 {
            let n = existing + added;
            if n >= count {
                break;
            }
            let (i, j, k) = (n as usize % 24, (n as usize / 24) % 24, n as usize % 12);
            let draft = if n % 10 == 0 {
                ContactDraft::parse(&ContactInput {
                    kind: "company".into(),
                    name: format!("{} {} {n} SRL", COMPANY_WORDS[k], LAST_NAMES[j]),
                    email: format!("office{n}@company{n}.example"),
                    ..Default::default()
                })?
            } else {
                let parent = if n % 2 == 0 { company } else { None };
                person(
                    &format!("{} {} {n}", FIRST_NAMES[i], LAST_NAMES[j]),
                    &format!("person{n}@example.net"),
                    parent,
                )?
            };
            let id = crate::contacts::store::insert(&mut tx, &draft).await?;
            if n % 10 == 0 {
                company = Some(id);
            }
            added += 1;
        }
        tx.commit().await?;
    }
    Ok(added)
}

/// Adds commercial entities (four companies to one private person) until
/// at least `wanted` exist, with their search words; answers how many.
async fn ensure_customers(
    pool: &Pool,
    conn: &mut sqlx::AnyConnection,
    wanted: i64,
) -> Result<i64, DemoError> {
    // Names carry a number past every contact there is (`start`), so a
    // second run makes new names rather than twins.
    let (existing, start) = store::commercial_entities(pool).await?;
    let missing = (wanted - existing).max(0);
    if missing == 0 {
        return Ok(0);
    }
    let contacts = BulkInsert::contacts(conn);
    let words = BulkInsert::contact_words(conn);
    let at = crate::db::now();
    let mut added = 0;
    while added < missing {
        let mut tx = conn.begin().await?;
        let batch = (missing - added).min(ROWS_PER_TRANSACTION as i64);
        for chunk_start in (0..batch).step_by(ROWS_PER_STATEMENT) {
            let rows = (batch - chunk_start).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 8);
            for i in 0..rows {
                let n = start + added + chunk_start + i + 1;
                let (j, k) = ((n as usize / 24) % 24, n as usize % 12);
                let spanish = n % 3 == 0;
                let (kind, name, email) = if n % 5 == 0 {
                    (
                        "individual",
                        format!("{} {} {n}", FIRST_NAMES[n as usize % 24], LAST_NAMES[j]),
                        format!("client{n}@example.org"),
                    )
                } else {
                    (
                        "company",
                        format!(
                            "{} {} {n} {}",
                            COMPANY_WORDS[k],
                            LAST_NAMES[j],
                            if spanish { "SL" } else { "SRL" }
                        ),
                        format!("office@client{n}.example"),
                    )
                };
                values.extend([
                    Value::Text(kind.into()),
                    Value::Text(name.clone()),
                    Value::Text(email),
                    Value::Text(if spanish { "ES" } else { "RO" }.into()),
                    Value::Text(if spanish { "es" } else { "ro" }.into()),
                    Value::Int(at),
                    Value::Int(at),
                    Value::Text(crate::contacts::api::name_key(&name)),
                ]);
            }
            let mut word_values = Vec::new();
            for (id, name) in contacts.run(&mut tx, &values).await? {
                for word in crate::contacts::api::search_words(&name) {
                    word_values.extend([Value::Text(word), Value::Int(id)]);
                }
            }
            words.run(&mut tx, &word_values).await?;
        }
        tx.commit().await?;
        added += batch;
    }
    Ok(added)
}

/// Generates data at scale for benchmarks: first commercial entities until
/// at least `customers` exist, then `invoices` invoices over the past three
/// years (one line each, totals by `domain::totals`; mostly posted and
/// paid, some partly paid, unpaid or overdue, a few drafts and cancelled;
/// a payment row for what was paid), a fifth as many quotations and orders
/// and a fortieth as many subscriptions. One customer (ACME in the demo
/// data) gets a tenth of everything. Numbers start with `GEN/` and continue
/// from the last generated one, so a second run adds more; the app's own
/// sequences are left alone. Multi-row inserts in large transactions: no
/// round trip per row.
pub async fn generate_documents(
    pool: &Pool,
    customers: i64,
    invoices: i64,
) -> Result<GeneratedCounts, DemoError> {
    // One connection of its own for every write, closed at the end: on
    // SQLite it gets a cache that holds most of the indexes the inserts
    // land in at random (with the default 2 MB a million invoices took a
    // quarter longer, re-reading pages from the system), and the pool's
    // connections keep theirs.
    let mut conn = store::generator_connection(pool).await?;
    let mut counts = GeneratedCounts {
        // Invoices need someone to go to.
        customers: ensure_customers(pool, &mut conn, customers.max(i64::from(invoices > 0)))
            .await?,
        ..Default::default()
    };
    let Some(heavy) = heavy_customer(pool).await? else {
        return Ok(counts);
    };
    // Staff's own contacts are no customers.
    let others = store::other_customers(pool, heavy).await?;
    let who = Customers { heavy, others };
    let calendar = Calendar::new();
    let orders = invoices / 5;
    let subscriptions = invoices / 40;
    let invoice_base = store::last_counter(pool, Numbered::Invoices, INVOICE_PREFIX, 9).await?;
    let order_base =
        store::last_counter(pool, Numbered::Orders, ORDER_PREFIX, ORDER_PREFIX.len()).await?;
    let subscription_base = store::last_counter(
        pool,
        Numbered::Subscriptions,
        SUBSCRIPTION_PREFIX,
        SUBSCRIPTION_PREFIX.len(),
    )
    .await?;
    // Seeded by where numbering starts: a second run differs from the first.
    let mut dice = Dice(0x5EED_u64 ^ (invoice_base as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    documents::generate_invoices(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        invoices,
        invoice_base,
        &mut counts,
    )
    .await?;
    documents::generate_orders(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        orders,
        order_base,
        &mut counts,
    )
    .await?;
    documents::generate_subscriptions(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        subscriptions,
        subscription_base,
        &mut counts,
    )
    .await?;
    Ok(counts)
}

/// `portico demo`: generates, then prints what it added and how long it took.
pub async fn run(settings: &Settings, customers: i64, invoices: i64) -> Result<(), String> {
    if customers < 0 || invoices < 0 {
        return Err("--customers and --invoices count rows: 0 or more".into());
    }
    let pool = crate::db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let added = generate_documents(&pool, customers, invoices)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "added {} customers, {} invoices, {} lines, {} payments, {} orders and quotations, \
         {} subscriptions in {:.1} s ({})",
        added.customers,
        added.invoices,
        added.lines,
        added.payments,
        added.orders,
        added.subscriptions,
        started.elapsed().as_secs_f64(),
        database_name(settings),
    );
    Ok(())
}

/// Which database the configured URL names, for the tools' reports.
pub fn database_name(settings: &Settings) -> &'static str {
    if settings.uses_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}
