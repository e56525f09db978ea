//! The invoice lists at scale, on what `portico demo` generated: the heavy
//! customer's portal and the back office's list of everything.

use super::{store, time_it, TABLE_HEAD};
use crate::{
    access::CustomerScope,
    config::Settings,
    db::Pool,
    demo::bulk::{database_name, heavy_customer},
    documents::{
        api::{Cursor, InvoiceFilter, ListKind, ListQuery, SortBy},
        editing::days_after,
        store::{list, overview, today},
    },
};

/// Prints the median and slowest time of the invoice lists at scale: the
/// heavy customer's portal (overview, first, deep and last pages, sorts,
/// filters, number search) and the back office's list of everything.
pub async fn run(settings: &Settings, pool: &Pool) -> Result<(), String> {
    // Fresh statistics, as the database's own maintenance would keep them.
    // On PostgreSQL also VACUUM, as autovacuum soon does after a bulk load:
    // until then the visibility map is empty and index-only scans (the
    // home tiles' counts) read the table as well.
    super::refresh_statistics(settings, pool, true).await?;
    let heavy = heavy_customer(pool)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no customers: run `portico demo` first")?;
    let (all, theirs) = store::invoice_counts(pool, heavy)
        .await
        .map_err(|e| e.to_string())?;
    let today = today();
    let two_years_back = days_after(&today, -730);
    // A number from the middle of the heavy customer's list: its first
    // characters are what someone looking for it would type.
    let middle = store::invoice_number_on_or_before(pool, heavy, &days_after(&today, -365))
        .await
        .map_err(|e| e.to_string())?;
    let middle = middle.unwrap_or_else(|| "GEN/".into());
    // "GEN/2025/0051234" → "GEN/2025/0051": a hundredth of a year's numbers.
    let narrow: String = middle
        .chars()
        .take(middle.chars().count().saturating_sub(3))
        .collect();
    let broad: String = middle.chars().take(8).collect();
    let newest_first = ListQuery {
        sort: SortBy::Date,
        descending: true,
        filter: InvoiceFilter::All,
        search: String::new(),
        after: None,
        before: None,
    };
    let deep = Cursor {
        value: two_years_back.clone(),
        id: 0,
    };
    let portal = Some(CustomerScope::of_commercial_entity(heavy));
    let cases: Vec<(String, Option<CustomerScope>, ListKind, ListQuery)> = vec![
        (
            "first page, newest first".into(),
            portal,
            ListKind::Invoices,
            newest_first.clone(),
        ),
        (
            format!("deep page (from {two_years_back})"),
            portal,
            ListKind::Invoices,
            ListQuery {
                after: Some(deep.clone()),
                ..newest_first.clone()
            },
        ),
        (
            "last page, backwards".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                before: Some(Cursor {
                    value: String::new(),
                    id: 0,
                }),
                ..newest_first.clone()
            },
        ),
        (
            "largest amount first".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                sort: SortBy::Amount,
                ..newest_first.clone()
            },
        ),
        (
            "by state".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                sort: SortBy::State,
                descending: false,
                ..newest_first.clone()
            },
        ),
        (
            "filter overdue".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Overdue,
                ..newest_first.clone()
            },
        ),
        (
            "filter unpaid".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Unpaid,
                ..newest_first.clone()
            },
        ),
        (
            "filter paid".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Paid,
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{narrow}\""),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: narrow.clone(),
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{broad}\" (a year)"),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: broad.clone(),
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{broad}\", by number"),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: broad.clone(),
                sort: SortBy::Reference,
                ..newest_first.clone()
            },
        ),
        (
            "orders, first page".into(),
            portal,
            ListKind::Orders,
            newest_first.clone(),
        ),
        (
            "subscriptions, first page".into(),
            portal,
            ListKind::Subscriptions,
            newest_first.clone(),
        ),
        (
            "back office: first page".into(),
            None,
            ListKind::Invoices,
            newest_first.clone(),
        ),
        (
            format!("back office: deep page (from {two_years_back})"),
            None,
            ListKind::Invoices,
            ListQuery {
                after: Some(deep.clone()),
                ..newest_first.clone()
            },
        ),
        (
            "back office: filter overdue".into(),
            None,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Overdue,
                ..newest_first.clone()
            },
        ),
        (
            format!("back office: number \"{narrow}\""),
            None,
            ListKind::Invoices,
            ListQuery {
                search: narrow.clone(),
                ..newest_first.clone()
            },
        ),
    ];
    println!(
        "\n{all} invoices, {theirs} of them the portal customer's (id {heavy}), {}\n",
        database_name(settings)
    );
    println!("{TABLE_HEAD}");
    let scope = CustomerScope::of_commercial_entity(heavy);
    let (median, slowest, _) = time_it(|| async {
        overview(pool, scope, &today)
            .await
            .map(|_| 1)
            .map_err(|e| e.to_string())
    })
    .await?;
    println!("| portal: overview (home tiles) | 1 | {median:.2} | {slowest:.2} |");
    for (name, scope, kind, query) in &cases {
        let (median, slowest, rows) = time_it(|| async {
            list(pool, *kind, *scope, query)
                .await
                .map(|page| page.rows.len())
                .map_err(|e| e.to_string())
        })
        .await?;
        let area = if scope.is_some() { "portal: " } else { "" };
        println!("| {area}{name} | {rows} | {median:.2} | {slowest:.2} |");
    }
    Ok(())
}
