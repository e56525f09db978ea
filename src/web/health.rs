//! `/healthz`: for a load balancer in front of several instances. Answers
//! 200 when this instance can reach its database, 503 otherwise.

use crate::context::AppState;
use axum::{extract::State, http::StatusCode};

pub async fn health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match crate::db::ping(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
