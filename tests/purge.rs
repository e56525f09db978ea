//! The purge (`auth::purge`): one pass deletes expired sessions, passed or
//! expired half-done logins, closed throttle windows and links spent over
//! a week ago, and leaves everything still live. On SQLite and PostgreSQL.

mod common;

use common::*;
use portico::auth::purge::{purge_expired, SPENT_LINKS_KEPT_SECS};

const MINUTE: i64 = 60;
const DAY: i64 = 24 * 3600;

async fn remaining(app: &TestApp, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql).fetch_all(&app.pool).await.unwrap()
}

async fn one_pass_deletes_what_expired_and_keeps_what_is_live(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    app.acme_with_maria().await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(CUSTOMER.0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let now = unix_now() as i64;
    // The settings' defaults: 30 minutes idle, 12 hours in all.
    for (token, created_at, last_seen_at) in [
        ("idle", now - 2 * 3600, now - 31 * MINUTE),
        ("too-old", now - 13 * 3600, now - MINUTE),
        ("live", now - 2 * 3600, now - MINUTE),
    ] {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token)
        .bind(user)
        .bind(created_at)
        .bind(last_seen_at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    for (token, expires_at, used_at) in [
        ("expired", now - 1, None),
        ("passed", now + 4 * MINUTE, Some(now - MINUTE)),
        ("waiting", now + 4 * MINUTE, None),
    ] {
        sqlx::query(
            "INSERT INTO login_challenges (token_hash, user_id, next_page, created_at, expires_at, attempts, used_at) \
             VALUES ($1, $2, '/my', $3, $4, 0, $5)",
        )
        .bind(token)
        .bind(user)
        .bind(now - 5 * MINUTE)
        .bind(expires_at)
        .bind(used_at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    for (key, started) in [("closed", now - 16 * MINUTE), ("open", now - MINUTE)] {
        sqlx::query(
            "INSERT INTO login_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 3, $2)",
        )
        .bind(key)
        .bind(started)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let long_ago = now - SPENT_LINKS_KEPT_SECS - DAY;
    for (token, expires_at, used_at, voided_at) in [
        ("expired-long-ago", long_ago, None, None),
        ("used-long-ago", now + DAY, Some(long_ago), None),
        ("voided-long-ago", now + DAY, None, Some(long_ago)),
        ("expired-yesterday", now - DAY, None, None),
        ("used-yesterday", now + DAY, Some(now - DAY), None),
        ("open", now + DAY, None, None),
    ] {
        sqlx::query(
            "INSERT INTO access_links (user_id, purpose, token_hash, created_at, expires_at, used_at, voided_at) \
             VALUES ($1, 'invitation', $2, $3, $4, $5, $6)",
        )
        .bind(user)
        .bind(token)
        .bind(now - 30 * DAY)
        .bind(expires_at)
        .bind(used_at)
        .bind(voided_at)
        .execute(&app.pool)
        .await
        .unwrap();
    }

    purge_expired(&app.pool, &app.settings).await.unwrap();

    assert_eq!(
        remaining(
            &app,
            "SELECT token_hash FROM sessions WHERE length(token_hash) < 20"
        )
        .await,
        ["live"]
    );
    assert_eq!(
        remaining(&app, "SELECT token_hash FROM login_challenges").await,
        ["waiting"]
    );
    assert_eq!(
        remaining(&app, "SELECT throttle_key FROM login_throttle").await,
        ["open"]
    );
    assert_eq!(
        remaining(
            &app,
            "SELECT token_hash FROM access_links ORDER BY token_hash"
        )
        .await,
        ["expired-yesterday", "open", "used-yesterday"]
    );
    // A second pass, as another instance's, finds nothing more to do.
    let again = purge_expired(&app.pool, &app.settings).await.unwrap();
    assert_eq!(again, Default::default());
}

on_both_databases!(one_pass_deletes_what_expired_and_keeps_what_is_live);
