//! The back office's contact list: first, deep and last pages, searches
//! and filters, on as many generated contacts as asked for.

use super::{time_it, TABLE_HEAD};
use crate::{
    config::Settings,
    contacts::{
        api::{ContactFilter, Cursor},
        store::{index_missing_words, list, Search},
    },
    db::Pool,
    demo::bulk::{database_name, generate_contacts},
};

/// Prints the median and slowest time of each kind of contact-list request
/// (first page, a deep page, searches, filters) as a Markdown table.
pub async fn run(settings: &Settings, pool: &Pool, count: i64) -> Result<(), String> {
    let started = std::time::Instant::now();
    let added = generate_contacts(pool, count)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "added {added} contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    index_missing_words(pool).await.map_err(|e| e.to_string())?;
    super::refresh_statistics(settings, pool, false).await?;
    let deep = Cursor {
        name_key: "zoe".into(),
        id: 0,
    };
    let cases: Vec<(&str, Search)> = vec![
        ("first page", Search::default()),
        (
            "deep page (names from \"zoe\")",
            Search {
                after: Some(deep.clone()),
                ..Default::default()
            },
        ),
        (
            "last page, backwards",
            Search {
                before: Some(Cursor {
                    name_key: "\u{10FFFF}".into(),
                    id: 0,
                }),
                ..Default::default()
            },
        ),
        (
            "search \"m\" (one letter)",
            Search {
                prefix: "m".into(),
                ..Default::default()
            },
        ),
        (
            "search \"popescu\" (a word)",
            Search {
                prefix: "popescu".into(),
                ..Default::default()
            },
        ),
        (
            "search \"person12\" (email)",
            Search {
                prefix: "person12".into(),
                ..Default::default()
            },
        ),
        (
            "search \"delta\" (company and its people)",
            Search {
                prefix: "delta".into(),
                ..Default::default()
            },
        ),
        (
            "companies",
            Search {
                filter: ContactFilter::Companies,
                ..Default::default()
            },
        ),
        (
            "portal users",
            Search {
                filter: ContactFilter::PortalUsers,
                ..Default::default()
            },
        ),
        (
            "no match \"qqq\"",
            Search {
                prefix: "qqq".into(),
                ..Default::default()
            },
        ),
    ];
    println!("\n{count} contacts, {}\n", database_name(settings));
    println!("{TABLE_HEAD}");
    for (name, search) in cases {
        let (median, slowest, rows) = time_it(|| async {
            list(pool, &search)
                .await
                .map(|page| page.lines.len())
                .map_err(|e| e.to_string())
        })
        .await?;
        println!("| {name} | {rows} | {median:.2} | {slowest:.2} |");
    }
    Ok(())
}
