//! One migrations folder per SQL dialect: both must hold the same
//! migrations and produce the same tables and columns.

mod common;

use common::*;
use std::collections::BTreeSet;

fn migration_names(dialect: &str) -> BTreeSet<String> {
    std::fs::read_dir(format!(
        "{}/migrations/{dialect}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
    .collect()
}

#[test]
fn both_dialects_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
}

async fn columns(backend: Backend) -> BTreeSet<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let pool = portico::db::connect(&url).await.unwrap();
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        }
    };
    sqlx::query_as(sql)
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn both_dialects_build_the_same_tables_and_columns() {
    let sqlite = columns(Backend::Sqlite).await;
    assert!(sqlite.contains(&("users".into(), "login".into())));
    assert_eq!(sqlite, columns(Backend::Postgres).await);
}
