//! A transaction that reads and then writes, while another connection
//! writes in between, commits both on both databases. (On SQLite a
//! deferred `BEGIN` fails here with "database is locked": the reason
//! `db::begin` starts with `BEGIN IMMEDIATE`.)

mod common;

use common::*;
use std::time::Duration;

async fn a_read_then_write_transaction_is_not_refused_by_a_concurrent_write(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let pool = portico::db::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO counters (id, value) VALUES (1, 0), (2, 0)")
        .execute(&pool)
        .await
        .unwrap();

    let mut tx = portico::db::begin(&pool).await.unwrap();
    let seen: i64 = sqlx::query_scalar("SELECT value FROM counters WHERE id = 1")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let other = tokio::spawn({
        let pool = pool.clone();
        async move {
            sqlx::query("UPDATE counters SET value = value + 1 WHERE id = 2")
                .execute(&pool)
                .await
        }
    });
    // Give the other write time to run (SQLite: to wait for our lock).
    tokio::time::sleep(Duration::from_millis(200)).await;
    sqlx::query("UPDATE counters SET value = $1 WHERE id = 1")
        .bind(seen + 1)
        .execute(&mut *tx)
        .await
        .expect("the transaction writes after reading");
    tx.commit().await.unwrap();
    other
        .await
        .unwrap()
        .expect("the other write went through too");
    let values: Vec<(i64,)> = sqlx::query_as("SELECT value FROM counters ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(values, [(1,), (1,)]);
    pool.close().await;
}

on_both_databases!(a_read_then_write_transaction_is_not_refused_by_a_concurrent_write);
