//! One migrations folder per SQL dialect: both must hold the same
//! migrations and build the same schema — tables, columns with their type,
//! NOT NULL and default, primary keys, unique constraints and indexes.

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

/// A column as both dialects can be compared: the type's family, whether
/// it may be NULL, its default, and whether it is (part of) the primary key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    table: String,
    name: String,
    family: String,
    not_null: bool,
    default: Option<String>,
    primary_key: bool,
}

/// An index or unique constraint: its table, columns in order, whether it
/// is unique, and its name when it was created by name (`CREATE INDEX`);
/// constraints' own index names differ by dialect.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    table: String,
    columns: String,
    unique: bool,
    name: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
struct Schema {
    columns: BTreeSet<Column>,
    indexes: BTreeSet<Index>,
}

fn family(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int" | "int8" => "integer".into(),
        "text" | "character varying" | "varchar" => "text".into(),
        other => other.into(),
    }
}

/// `'queued'::text` and `'queued'` are the same default.
fn default_value(raw: Option<String>) -> Option<String> {
    raw.map(|d| d.split("::").next().unwrap_or_default().trim().to_owned())
}

async fn sqlite_schema(pool: &portico::db::Pool) -> Schema {
    let rows: Vec<(String, String, String, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let columns = rows
        .into_iter()
        .map(|(table, name, declared, not_null, default, pk)| Column {
            table,
            name,
            family: family(&declared),
            // A primary key is never NULL, whatever the pragma says.
            not_null: not_null == 1 || pk > 0,
            default: default_value(default),
            primary_key: pk > 0,
        })
        .collect();
    let list: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT m.name, il.name, il.\"unique\", il.origin \
         FROM sqlite_master m JOIN pragma_index_list(m.name) il \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
           AND il.origin <> 'pk'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut indexes = BTreeSet::new();
    for (table, index, unique, origin) in list {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&index)
                .fetch_all(pool)
                .await
                .unwrap();
        indexes.insert(Index {
            table,
            columns: columns.join(","),
            unique: unique == 1,
            name: (origin == "c").then_some(index),
        });
    }
    Schema { columns, indexes }
}

async fn postgres_schema(pool: &portico::db::Pool) -> Schema {
    let rows: Vec<(String, String, String, String, Option<String>, bool)> = sqlx::query_as(
        "SELECT CAST(c.table_name AS TEXT), CAST(c.column_name AS TEXT), CAST(c.data_type AS TEXT), \
                CAST(c.is_nullable AS TEXT), CAST(c.column_default AS TEXT), \
                EXISTS (SELECT 1 FROM information_schema.table_constraints tc \
                        JOIN information_schema.key_column_usage k \
                          ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name \
                        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name \
                          AND k.column_name = c.column_name) \
         FROM information_schema.columns c \
         WHERE c.table_schema = 'public' AND c.table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let columns = rows
        .into_iter()
        .map(
            |(table, name, declared, nullable, default, primary_key)| Column {
                table,
                name,
                family: family(&declared),
                not_null: nullable == "NO",
                default: default_value(default),
                primary_key,
            },
        )
        .collect();
    let list: Vec<(String, String, bool, bool, String)> = sqlx::query_as(
        "SELECT CAST(t.relname AS TEXT), CAST(i.relname AS TEXT), ix.indisunique, \
                EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid), \
                array_to_string(ARRAY( \
                    SELECT CAST(a.attname AS TEXT) FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname NOT LIKE '_sqlx%' AND NOT ix.indisprimary",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let indexes = list
        .into_iter()
        .map(|(table, index, unique, backs_constraint, columns)| Index {
            table,
            columns,
            unique,
            name: (!backs_constraint).then_some(index),
        })
        .collect();
    Schema { columns, indexes }
}

async fn schema(backend: Backend) -> Schema {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let pool = portico::db::connect(&url).await.unwrap();
    let schema = match backend {
        Backend::Sqlite => sqlite_schema(&pool).await,
        Backend::Postgres => postgres_schema(&pool).await,
    };
    pool.close().await;
    schema
}

#[tokio::test]
async fn both_dialects_build_the_same_schema() {
    let sqlite = schema(Backend::Sqlite).await;
    let postgres = schema(Backend::Postgres).await;
    // The comparison sees what it should.
    let login = sqlite
        .columns
        .iter()
        .find(|c| c.table == "users" && c.name == "login")
        .expect("users.login");
    assert!(login.not_null && login.family == "text");
    assert!(sqlite
        .indexes
        .iter()
        .any(|i| i.table == "users" && i.columns == "login" && i.unique));
    assert!(sqlite
        .columns
        .iter()
        .any(|c| c.default.as_deref() == Some("0")));

    let only =
        |a: &BTreeSet<Column>, b: &BTreeSet<Column>| a.difference(b).cloned().collect::<Vec<_>>();
    assert!(
        sqlite.columns == postgres.columns,
        "columns only in SQLite: {:#?}\ncolumns only in PostgreSQL: {:#?}",
        only(&sqlite.columns, &postgres.columns),
        only(&postgres.columns, &sqlite.columns)
    );
    assert!(
        sqlite.indexes == postgres.indexes,
        "indexes only in SQLite: {:#?}\nindexes only in PostgreSQL: {:#?}",
        sqlite
            .indexes
            .difference(&postgres.indexes)
            .collect::<Vec<_>>(),
        postgres
            .indexes
            .difference(&sqlite.indexes)
            .collect::<Vec<_>>()
    );
}
