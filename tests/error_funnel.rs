//! The error funnel: a failure the client must not see the inside of
//! answers 500 with the generic `ServerError` and nothing else, while the
//! server's log keeps its cause. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::StatusCode;
use std::{
    io::Write,
    sync::{Arc, Mutex, OnceLock},
};

/// Everything the app logged in this test process (the app runs in it).
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || LogSink(sink.clone()))
            .init();
        log
    })
    .clone()
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn a_database_failure_is_logged_and_answered_generically(backend: Backend) {
    let log = captured_log();
    let app = TestApp::spawn(backend).await;
    // Every login counts its attempt in this table first: without it the
    // database refuses the statement.
    app.exec("DROP TABLE login_throttle").await;

    let (status, body) = app
        .post_as(
            &app.client,
            "/api/auth/login",
            &[
                ("email", CUSTOMER.0),
                ("password", CUSTOMER.1),
                ("next", ""),
            ],
        )
        .await;

    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body,
        serde_json::json!("ServerError"),
        "only the generic error"
    );
    let cause = match backend {
        Backend::Sqlite => "no such table: login_throttle",
        Backend::Postgres => "relation \"login_throttle\" does not exist",
    };
    let logged = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(
        logged
            .lines()
            .any(|line| line.contains("ERROR") && line.contains(cause)),
        "the cause is in the log: {logged}"
    );
}

on_both_databases!(a_database_failure_is_logged_and_answered_generically);
